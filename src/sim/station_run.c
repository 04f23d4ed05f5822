/*
 * A station's registration run: the EAP peer, as enrollee (PBC or PIN) or
 * as external registrar of an AP.
 *
 * When may a station keep what a run gave it? Settings that an AP already
 * had (its beacons said "configured") exist whatever happens next. But an
 * unconfigured AP takes the settings it made up, or was given, only when
 * the run reaches WSC_Done (or the registrar's ACK); if that frame is lost
 * or the AP dies first, the station would hold a network nobody serves.
 * So in that case the station keeps the result only when the AP closed the
 * run with EAP-Failure, which it sends after taking its settings. Nobody
 * is left half-configured, whatever the air or the power does.
 */
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "station.h"

static void say_fail(sim *s, struct sim_device *d, const wsc_event *ev)
{
	struct sta_state *st = d->sta_st;

	st->fail_config_error = st->m2d ? st->m2d_error : ev->config_error;
	trace_event(s, d->idx, TONE_BAD, "WPS-FAIL msg=%d config_error=%d%s",
		    st->m2d ? WSC_MSG_M2D : ev->msg, st->fail_config_error,
		    st->fail_config_error == WSC_CE_MULTIPLE_PBC ?
		    " (PBC overlap: nobody gets the key)" :
		    st->fail_config_error == WSC_CE_DEV_PASSWORD_AUTH ?
		    " (wrong PIN)" : "");
}

static void on_event(void *ud, const wsc_event *ev)
{
	struct sim_device *d = ud;
	struct sta_state *st = d->sta_st;
	sim *s = st->s;
	char ssid[40];

	if (ev->ncred)
		snprintf(ssid, sizeof(ssid), "%.*s", ev->cred[0].ssid_len,
			 (const char *)ev->cred[0].ssid);
	switch (ev->type) {
	case WSC_EV_M2D:
		st->m2d = true;
		st->m2d_error = ev->config_error;
		trace_event(s, d->idx, ev->config_error ? TONE_BAD : TONE_INFO,
			    "WPS-M2D config_error=%d", ev->config_error);
		break;
	case WSC_EV_CRED:
		st->have_got = true;
		st->got = ev->cred[0];
		trace_event(s, d->idx, TONE_GOOD, "WPS-CRED-RECEIVED (SSID "
			    "\"%s\")", ssid);
		break;
	case WSC_EV_AP_SETTINGS:
		if (st->reg_new)
			break; /* we came to replace them */
		st->have_got = true;
		st->got = ev->cred[0];
		trace_event(s, d->idx, TONE_GOOD, "WPS-CRED-RECEIVED (the AP's "
			    "current settings, SSID \"%s\")", ssid);
		break;
	case WSC_EV_FAIL:
		say_fail(s, d, ev);
		break;
	default:
		break;
	}
}

static void pump(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;
	const uint8_t *pdu;
	size_t len;

	while (wsc_eap_peer_pop_tx(st->peer, &pdu, &len))
		air_send(s, d->idx, st->peer_ap, AIR_EAPOL, pdu, len);
	sim_wake_at(s, d, wsc_eap_peer_expiry(st->peer));
}

void sim_sta_run_start(sim *s, struct sim_device *d, uint32_t ap)
{
	struct sta_state *st = d->sta_st;
	wsc_session_cfg sc = { .size = sizeof(sc), .dev = &d->info,
			       .on_event = on_event, .event_ud = d };
	wsc_eap_peer_cfg pc = { .size = sizeof(pc), .session = &sc };
	bool pbc = st->mode == ARM_PBC;
	int err;

	if (st->mode == ARM_REG) {
		sc.role = WSC_REGISTRAR;
		sc.cred = st->reg_new ? &st->reg_settings : NULL;
	} else {
		sc.role = WSC_ENROLLEE;
		sc.pw_id = pbc ? WSC_PW_PUSHBUTTON : WSC_PW_DEFAULT;
	}
	sc.password = (const uint8_t *)(pbc ? "00000000" : st->pin);
	sc.password_len = pbc ? 8 : strlen(st->pin);
	st->peer = wsc_eap_peer_new(&s->env, &pc, &err);
	if (!st->peer) {
		s->nomem |= err == WSC_ERR_NOMEM;
		sim_sta_disarm(s, d, SIM_OUT_FAIL, 0, SC_NONE);
		return;
	}
	st->peer_ap = ap;
	st->phase = PH_RUN;
	st->ap_configured = false;
	for (size_t i = 0; i < st->nscan; i++)
		if (st->scan[i].ap == ap && st->scan[i].v.has_wps)
			st->ap_configured = st->scan[i].v.wps.wps_state ==
					    WSC_STATE_CONFIGURED;
	st->closed = st->have_got = st->m2d = false;
	st->m2d_error = st->fail_config_error = 0;
	trace_event(s, d->idx, TONE_INFO, "CTRL-EVENT-EAP-STARTED %s (WPS, %s)",
		    s->devs[ap].decl->name, st->mode == ARM_REG ?
		    "as registrar" : pbc ? "PBC" : "PIN");
	wsc_eap_peer_start(st->peer, s->now);
	pump(s, d);
}

void sim_sta_run_drop(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;

	wsc_eap_peer_del(st->peer);
	st->peer = NULL;
	wsc_wipe(&st->got, sizeof(st->got));
	st->have_got = false;
	sim_wake_at(s, d, UINT64_MAX);
}

static void succeeded(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;
	uint32_t ap = st->peer_ap;
	const char *name = s->devs[ap].decl->name;

	if (st->mode == ARM_REG && st->reg_new) {
		if (st->reg_made_up)
			sim_take_settings(s, d, &st->reg_settings);
		trace_event(s, d->idx, TONE_GOOD, "WPS-SUCCESS (%s now has "
			    "%s)", name, st->reg_made_up ? "the settings we "
			    "made up" : "our network's settings");
	} else if (st->have_got) {
		sim_take_settings(s, d, &st->got);
		trace_event(s, d->idx, TONE_GOOD, "WPS-SUCCESS%s",
			    st->mode == ARM_REG ? " (learned the AP's settings)"
						: "");
	}
	sim_sta_disarm(s, d, SIM_OUT_SUCCESS, 0, ap);
	if (d->configured)
		sim_sta_connect_later(s, d, ap);
}

/* The run is over: keep its result, retry, or give up. */
static void settle(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;
	int status = wsc_eap_peer_status(st->peer);

	if (status == 0)
		return;
	wsc_eap_peer_del(st->peer);
	st->peer = NULL;
	sim_wake_at(s, d, UINT64_MAX);
	bool made_up = st->mode == ARM_REG && st->reg_made_up;
	bool confirmed = st->closed || (st->ap_configured && !made_up);
	if (status > 0 && confirmed) {
		s->stats.runs_ok++;
		succeeded(s, d);
	} else {
		int ce = st->fail_config_error;
		s->stats.runs_failed++;
		if (status > 0)
			trace_event(s, d->idx, TONE_BAD, "WPS-FAIL: the "
				    "registrar never closed the run; its "
				    "result is discarded");
		d->overlap_seen |= ce == WSC_CE_MULTIPLE_PBC;
		/* the user has to act on these; anything else may pass */
		if (ce == WSC_CE_MULTIPLE_PBC || ce == WSC_CE_SETUP_LOCKED ||
		    ce == WSC_CE_DEV_PASSWORD_AUTH)
			sim_sta_disarm(s, d, SIM_OUT_FAIL, ce, st->peer_ap);
		else
			sim_sta_rescan_later(s, d, RETRY_BACKOFF_MS);
	}
	wsc_wipe(&st->got, sizeof(st->got));
	st->have_got = false;
}

void sim_sta_run_eapol(sim *s, struct sim_device *d, const uint8_t *pdu,
		       size_t len)
{
	struct sta_state *st = d->sta_st;

	/* EAPOL version, type 0 (EAP), length, then code 4: EAP-Failure */
	if (len >= 8 && pdu[1] == 0 && pdu[4] == 4)
		st->closed = true;
	wsc_eap_peer_recv(st->peer, pdu, len, s->now);
	pump(s, d);
	settle(s, d);
}

void sim_sta_run_expire(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;

	wsc_eap_peer_handle_expiry(st->peer, s->now);
	pump(s, d);
	settle(s, d);
}
