/*
 * An access point on the simulated air: beacons and probe responses with
 * the WPS element, EAP-WSC with every station that talks to it, the
 * button, PINs and the AP PIN, association of stations that hold the key.
 * Every WPS rule is libwsc's wsc_ap (the one `wsc ap` runs); this file
 * carries frames to and from it and tells its events.
 */
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "ap.h"
#include "frames.h"

static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- who is who */

static uint32_t dev_by_mac(sim *s, const uint8_t *mac)
{
	if (!mac)
		return SC_NONE;
	for (uint32_t i = 0; i < s->ndev; i++)
		if (!memcmp(s->devs[i].info.mac, mac, 6))
			return i;
	return SC_NONE;
}

static const char *name_of(sim *s, uint32_t i)
{
	return i == SC_NONE ? "?" : s->devs[i].decl->name;
}

/* ---- the role history: each arming is a role entry until it ends */

static void close_pin_role(struct ap_state *st, int id, enum sim_outcome out,
			   int config_error, uint32_t peer)
{
	for (size_t i = 0; i < st->npins; i++)
		if (st->pins[i].id == id) {
			sim_role_close(st->s, st->d, st->pins[i].role, out,
				       config_error, peer);
			st->pins[i] = st->pins[--st->npins];
			return;
		}
}

static void close_pbc_role(struct ap_state *st, enum sim_outcome out,
			   int config_error, uint32_t peer)
{
	if (!st->pbc_open)
		return;
	sim_role_close(st->s, st->d, st->pbc_role, out, config_error, peer);
	st->pbc_open = false;
}

static void close_label_role(struct ap_state *st, enum sim_outcome out,
			     uint32_t peer)
{
	if (!st->label_open)
		return;
	sim_role_close(st->s, st->d, st->label_role, out, 0, peer);
	st->label_open = false;
}

/* ---- wsc_ap's events, told as hostapd would */

static void on_run_end(struct ap_state *st, const wsc_ap_event *ev,
		       uint32_t sta)
{
	sim *s = st->s;
	uint32_t me = st->d->idx;

	if (ev->type == WSC_AP_EV_REG_SUCCESS) {
		trace_event(s, me, TONE_GOOD, "WPS-REG-SUCCESS %s",
			    name_of(s, sta));
		if (ev->pin_id)
			close_pin_role(st, ev->pin_id, SIM_OUT_SUCCESS, 0, sta);
		else
			close_pbc_role(st, SIM_OUT_SUCCESS, 0, sta);
	} else if (ev->type == WSC_AP_EV_SUCCESS &&
		   ev->our_role == WSC_REGISTRAR) {
		trace_event(s, me, TONE_GOOD, "WPS-SUCCESS");
	} else if (ev->type == WSC_AP_EV_SUCCESS) {
		trace_event(s, me, TONE_GOOD, "WPS-SUCCESS (configured by "
			    "external registrar %s)", name_of(s, sta));
		close_label_role(st, SIM_OUT_SUCCESS, sta);
	} else if (ev->type == WSC_AP_EV_FAIL &&
		   ev->our_role == WSC_ENROLLEE && ev->error == WSC_ERR_NACK &&
		   ev->config_error == 0) {
		/* a registrar that only reads the settings ends with NACK */
		trace_event(s, me, TONE_GOOD, "external registrar %s read "
			    "the AP's settings", name_of(s, sta));
		close_label_role(st, SIM_OUT_SUCCESS, sta);
	} else if (ev->type == WSC_AP_EV_FAIL) {
		trace_event(s, me, TONE_BAD, "WPS-FAIL msg=%d config_error=%d "
			    "(%s %s)", ev->msg, ev->config_error,
			    ev->our_role == WSC_ENROLLEE ?
				    "external registrar" : "registering",
			    name_of(s, sta));
		if (ev->pin_retired)
			close_pin_role(st, ev->pin_id, SIM_OUT_FAIL,
				       ev->config_error, sta);
	}
}

static void on_settings(struct ap_state *st, const wsc_ap_event *ev,
			uint32_t sta)
{
	sim *s = st->s;
	char ssid[140];

	if (ev->type == WSC_AP_EV_INVENTED) {
		snprintf(ssid, sizeof(ssid), "%.*s", ev->cred->ssid_len,
			 (const char *)ev->cred->ssid);
		trace_event(s, st->d->idx, TONE_INFO, "unconfigured: made up "
			    "new network settings (SSID \"%s\", random WPA2 "
			    "passphrase)", ssid);
		return;
	}
	sim_take_settings(s, st->d, ev->cred);
	if (ev->our_role == WSC_REGISTRAR)
		trace_event(s, st->d->idx, TONE_GOOD, "WPS-NEW-AP-SETTINGS "
			    "(configured with the settings it made up)");
	else
		trace_event(s, st->d->idx, TONE_GOOD, "WPS-NEW-AP-SETTINGS "
			    "(from %s)", name_of(s, sta));
}

static void on_ap_event(void *ud, const wsc_ap_event *ev)
{
	struct ap_state *st = ud;
	sim *s = st->s;
	uint32_t me = st->d->idx, sta = dev_by_mac(s, ev->mac);

	switch (ev->type) {
	case WSC_AP_EV_PBC_ACTIVE:
		trace_event(s, me, TONE_BUTTON, "WPS-PBC-ACTIVE");
		break;
	case WSC_AP_EV_PBC_DISABLE:
		trace_event(s, me, TONE_INFO, "WPS-PBC-DISABLE");
		break;
	case WSC_AP_EV_TIMEOUT:
		trace_event(s, me, TONE_BAD, "WPS-TIMEOUT");
		close_pbc_role(st, SIM_OUT_TIMEOUT, 0, SC_NONE);
		break;
	case WSC_AP_EV_OVERLAP:
		st->d->overlap_seen = true;
		trace_event(s, me, TONE_BAD, "WPS-OVERLAP-DETECTED (two PBC "
			    "enrollees within 120 s: refusing both)");
		close_pbc_role(st, SIM_OUT_FAIL, WSC_CE_MULTIPLE_PBC, SC_NONE);
		break;
	case WSC_AP_EV_ENROLLEE_SEEN:
		if (ev->pbc_new)
			trace_event(s, me, TONE_INFO, "WPS-ENROLLEE-SEEN %s "
				    "(PBC%s)", name_of(s, sta),
				    ev->probe ? "" : ", M1");
		break;
	case WSC_AP_EV_PIN_NEEDED:
		trace_event(s, me, TONE_INFO, "WPS-PIN-NEEDED %s (no PIN "
			    "for it: M2D)", name_of(s, sta));
		break;
	case WSC_AP_EV_REG_SUCCESS:
	case WSC_AP_EV_SUCCESS:
	case WSC_AP_EV_FAIL:
		on_run_end(st, ev, sta);
		break;
	case WSC_AP_EV_INVENTED:
	case WSC_AP_EV_NEW_SETTINGS:
		on_settings(st, ev, sta);
		break;
	case WSC_AP_EV_SETUP_LOCKED:
		trace_event(s, me, TONE_BAD, "WPS-AP-SETUP-LOCKED");
		break;
	case WSC_AP_EV_SETUP_UNLOCKED:
		trace_event(s, me, TONE_INFO, "WPS-AP-SETUP-UNLOCKED");
		break;
	case WSC_AP_EV_AP_PIN_DISABLED:
		trace_event(s, me, TONE_INFO, "AP PIN disabled (walk time "
			    "over)");
		close_label_role(st, SIM_OUT_TIMEOUT, SC_NONE);
		break;
	case WSC_AP_EV_PIN_EXPIRED: /* hostapd: silent */
		close_pin_role(st, ev->pin_id, SIM_OUT_TIMEOUT, 0, SC_NONE);
		break;
	case WSC_AP_EV_STATE: /* flash survives power cycles */
		memcpy(st->flash, ev->blob, ev->blob_len);
		st->flash_len = ev->blob_len;
		break;
	default:
		break;
	}
}

/* ---- the library object: made at power on from the device and flash */

static int ap_start(sim *s, struct sim_device *d)
{
	struct ap_state *st = d->ap_st;
	wsc_cred unconf = { 0 };
	wsc_ap_cfg c = { .size = sizeof(c), .dev = &d->info,
			 .configured = d->configured,
			 .settings = &d->cred, .state = st->flash,
			 .state_len = st->flash_len, .now_ms = s->now,
			 .on_event = on_ap_event, .event_ud = st };
	int err;

	if (!d->configured) {
		/* an unconfigured AP invents settings with its declared SSID */
		unconf.ssid_len = (uint8_t)strlen(d->decl->ssid);
		memcpy(unconf.ssid, d->decl->ssid, unconf.ssid_len);
		c.settings = &unconf;
	}
	st->w = wsc_ap_new(&s->env, &c, &err);
	if (!st->w && err == WSC_ERR_NOMEM)
		s->nomem = true;
	return st->w ? 0 : err;
}

int sim_ap_init(sim *s, struct sim_device *d)
{
	d->ap_st = calloc(1, sizeof(*d->ap_st));
	if (!d->ap_st)
		return WSC_ERR_NOMEM;
	d->ap_st->s = s;
	d->ap_st->d = d;
	int err = ap_start(s, d);
	if (err)
		return err;
	/* stagger the beacons of different APs a little */
	sim_at(s, (d->idx * 7) % s->sc->beacon_ms, EV_BEACON, d->idx,
	       d->power_gen, NULL);
	return 0;
}

void sim_ap_free(sim *s, struct sim_device *d)
{
	struct ap_state *st = d->ap_st;

	(void)s;
	if (!st)
		return;
	wsc_ap_del(st->w);
	free(st->pins);
	wsc_wipe(st, sizeof(*st));
	free(st);
	d->ap_st = NULL;
}

/* ---- frames */

void sim_ap_bss(const struct sim_device *ap, uint8_t ssid[32],
		uint8_t *ssid_len, bool *rsn)
{
	/* an unconfigured AP shows its declared SSID (or its name), open */
	const char *name = ap->decl->ssid[0] ? ap->decl->ssid : ap->decl->name;

	*rsn = ap->configured && ap->cred.auth_type != WSC_AUTH_OPEN;
	*ssid_len = ap->configured ? ap->cred.ssid_len : (uint8_t)strlen(name);
	memcpy(ssid, ap->configured ? ap->cred.ssid : (const uint8_t *)name,
	       *ssid_len);
}

static void send_bss_frame(sim *s, struct sim_device *d, uint8_t fc,
			   uint32_t to)
{
	uint8_t wps[512], frame[MGMT_MAX];
	struct bss_desc bss = { .tsf_us = s->now * 1000 };
	struct mgmt_addr a = { .sa = d->info.mac, .bssid = d->info.mac,
			       .seq = d->seq++ & 0xfff };
	uint8_t kind = fc == FC_BEACON ? WSC_MSG_BEACON : WSC_MSG_PROBE_RESP;
	wsc_ie ie;
	size_t wlen = 0;

	a.da = to == AIR_TO_LISTENERS ? broadcast : s->devs[to].info.mac;
	bss.interval_tu = (uint16_t)(s->sc->beacon_ms * 1000 / 1024);
	sim_ap_bss(d, bss.ssid, &bss.ssid_len, &bss.rsn);
	wsc_ap_ie(d->ap_st->w, kind, &ie);
	if (wsc_ie_build(&ie, kind == WSC_MSG_BEACON ? NULL : &d->info, wps,
			 sizeof(wps), &wlen))
		wlen = 0;
	size_t n = frame_mgmt(frame, sizeof(frame), fc, &a, &bss, wps, wlen);
	if (n)
		air_send(s, d->idx, to, AIR_MGMT, frame, n);
}

void sim_ap_beacon(sim *s, struct sim_device *d)
{
	send_bss_frame(s, d, FC_BEACON, AIR_TO_LISTENERS);
	sim_at(s, s->now + s->sc->beacon_ms, EV_BEACON, d->idx, d->power_gen,
	       NULL);
}

/* Send what the runs have to say; wake up at the next deadline. */
static void pump(sim *s, struct sim_device *d)
{
	const uint8_t *pdu;
	size_t len;
	uint8_t to[6];

	while (wsc_ap_pop_tx(d->ap_st->w, to, &pdu, &len)) {
		uint32_t sta = dev_by_mac(s, to);
		if (sta != SC_NONE)
			air_send(s, d->idx, sta, AIR_EAPOL, pdu, len);
	}
	sim_wake_at(s, d, wsc_ap_expiry(d->ap_st->w));
}

void sim_ap_on_frame(sim *s, struct sim_device *d, const struct air_frame *f)
{
	struct mgmt_view v;

	if (!d->ap_st->w)
		return; /* switched off */
	if (f->kind == AIR_EAPOL) {
		wsc_ap_recv_eapol(d->ap_st->w, sim_dev(s, f->from)->info.mac,
				  f->bytes, f->len, s->now);
		pump(s, d);
	} else if (!frame_parse_mgmt(f->bytes, f->len, &v) &&
		   v.fc == FC_PROBE_REQ && !sim_dev(s, f->from)->ap) {
		if (v.has_wps)
			wsc_ap_probe_req(d->ap_st->w,
					 sim_dev(s, f->from)->info.mac, &v.wps,
					 s->now);
		send_bss_frame(s, d, FC_PROBE_RESP, f->from);
		sim_wake_at(s, d, wsc_ap_expiry(d->ap_st->w));
	}
}

void sim_ap_on_wake(sim *s, struct sim_device *d)
{
	if (!d->ap_st->w)
		return;
	wsc_ap_handle_expiry(d->ap_st->w, s->now);
	pump(s, d);
}

/* ---- what a person does to the AP */

static void press_button(sim *s, struct sim_device *d)
{
	struct ap_state *st = d->ap_st;

	/* pressed again: the window starts over */
	close_pbc_role(st, SIM_OUT_NONE, 0, SC_NONE);
	uint32_t r = sim_role_open(s, d, WSC_REGISTRAR, M_PBC);
	if (r == UINT32_MAX)
		return;
	st->pbc_role = r;
	st->pbc_open = true;
	if (wsc_ap_pbc(st->w, s->now) == WSC_ERR_PBC_OVERLAP)
		trace_event(s, d->idx, TONE_BAD, "(PBC not started: more than "
			    "one enrollee pressed)");
}

static void enter_pin(sim *s, struct sim_device *d, const sc_action *a)
{
	struct ap_state *st = d->ap_st;
	const uint8_t *mac = a->other == SC_NONE ? NULL :
			     s->devs[a->other].info.mac;

	if (st->npins == st->pincap) {
		size_t c = st->pincap ? st->pincap * 2 : 4;
		struct pin_role *p = realloc(st->pins, c * sizeof(*p));
		if (!p) {
			s->nomem = true;
			return;
		}
		st->pins = p;
		st->pincap = c;
	}
	uint32_t r = sim_role_open(s, d, WSC_REGISTRAR, M_PIN);
	if (r == UINT32_MAX)
		return;
	int id = wsc_ap_add_pin(st->w, a->pin, NULL, mac, 0, s->now);
	if (id < 0) {
		trace_event(s, d->idx, TONE_BAD, "PIN refused: %s",
			    wsc_strerror(id));
		sim_role_close(s, d, r, SIM_OUT_FAIL, 0, SC_NONE);
		return;
	}
	st->pins[st->npins++] = (struct pin_role){ .id = id, .role = r };
	if (a->other == SC_NONE)
		trace_event(s, d->idx, TONE_BUTTON, "WPS-PIN-ACTIVE (PIN "
			    "entered, any enrollee)");
	else
		trace_event(s, d->idx, TONE_BUTTON, "WPS-PIN-ACTIVE (PIN "
			    "entered for %s)", name_of(s, a->other));
}

static void enable_label_pin(sim *s, struct sim_device *d, const char *pin)
{
	struct ap_state *st = d->ap_st;

	close_label_role(st, SIM_OUT_NONE, SC_NONE);
	uint32_t r = sim_role_open(s, d, WSC_ENROLLEE, M_AP_PIN);
	if (r == UINT32_MAX)
		return;
	if (wsc_ap_set_ap_pin(st->w, pin, WSC_WALK_TIME_MS, s->now)) {
		trace_event(s, d->idx, TONE_BAD, "AP PIN refused");
		sim_role_close(s, d, r, SIM_OUT_FAIL, 0, SC_NONE);
		return;
	}
	st->label_open = true;
	st->label_role = r;
	trace_event(s, d->idx, TONE_BUTTON, "AP PIN enabled: an external "
		    "registrar may configure or read this AP");
}

void sim_ap_action(sim *s, struct sim_device *d, const sc_action *a)
{
	switch (a->kind) {
	case ACT_PBC: press_button(s, d); break;
	case ACT_PIN: enter_pin(s, d, a); break;
	case ACT_AP_PIN: enable_label_pin(s, d, a->pin); break;
	default: break;
	}
	sim_wake_at(s, d, wsc_ap_expiry(d->ap_st->w));
}

void sim_ap_power(sim *s, struct sim_device *d, bool on)
{
	struct ap_state *st = d->ap_st;

	if (on) {
		if (!st->w && ap_start(s, d))
			trace_event(s, d->idx, TONE_BAD, "cannot start WPS");
		sim_at(s, s->now, EV_BEACON, d->idx, d->power_gen, NULL);
		return;
	}
	/* what lives in RAM is lost (runs, the button, PINs); the settings
	 * and the state blob (lockout, AP PIN) are in flash */
	wsc_ap_del(st->w);
	st->w = NULL;
	for (uint32_t r = 0; r < d->nroles; r++)
		sim_role_close(s, d, r, SIM_OUT_OFF, 0, SC_NONE);
	st->pbc_open = st->label_open = false;
	st->npins = 0;
}

bool sim_ap_admit(sim *s, struct sim_device *ap, struct sim_device *sta,
		  const uint8_t pmk[32])
{
	uint8_t mine[32];
	bool ok = ap->on && ap->configured && psk_pmk(&s->psk, &ap->cred,
						      mine) == 0 &&
		  !memcmp(mine, pmk, 32);

	wsc_wipe(mine, sizeof(mine));
	if (ok)
		trace_event(s, ap->idx, TONE_GOOD, "AP-STA-CONNECTED %s",
			    sta->decl->name);
	else if (ap->on)
		trace_event(s, ap->idx, TONE_BAD,
			    "AP-STA-POSSIBLE-PSK-MISMATCH %s", sta->decl->name);
	return ok;
}
