/*
 * An access point: beacons and probe responses with the WPS element, the
 * button and the PINs (each armed for one walk time), association of
 * stations that hold the network key.
 */
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "ap.h"
#include "frames.h"

static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

int sim_ap_init(sim *s, struct sim_device *d)
{
	d->ap_st = calloc(1, sizeof(*d->ap_st));
	if (!d->ap_st)
		return WSC_ERR_NOMEM;
	/* stagger the beacons of different APs a little */
	sim_at(s, (d->idx * 7) % s->sc->beacon_ms, EV_BEACON, d->idx,
	       d->power_gen, NULL);
	return 0;
}

void sim_ap_free(sim *s, struct sim_device *d)
{
	struct ap_state *st = d->ap_st;

	if (!st)
		return;
	sim_ap_runs_drop(s, d);
	free(st->pins);
	free(st->seen);
	free(st->links);
	sim_wipe(&st->pending, sizeof(st->pending));
	free(st);
	d->ap_st = NULL;
}

bool sim_ap_locked(const sim *s, const struct ap_state *st)
{
	return s->now < st->locked_until;
}

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

/* AuthorizedMACs: who may enroll now (WSC 2.0 stations look for
 * themselves here before they start). */
static void authorized(const struct ap_state *st, const sim *s, wsc_ie *ie)
{
	bool anyone = st->pbc || st->npins > 5;

	for (size_t i = 0; i < st->npins && !anyone; i++) {
		if (st->pins[i].for_sta == SC_NONE)
			anyone = true;
		else
			memcpy(ie->authorized_macs[ie->n_authorized++],
			       s->devs[st->pins[i].for_sta].info.mac, 6);
	}
	if (anyone) {
		memcpy(ie->authorized_macs[0], broadcast, 6);
		ie->n_authorized = 1;
	}
}

static size_t wps_element(sim *s, struct sim_device *d, uint8_t kind,
			  uint8_t *out, size_t cap)
{
	struct ap_state *st = d->ap_st;
	wsc_ie ie = { .kind = kind, .rf_bands = 1, .has_uuid = true,
		      .response_type = 3, /* AP */
		      .config_methods = d->info.config_methods };
	size_t len = 0;

	ie.wps_state = d->configured ? WSC_STATE_CONFIGURED :
				       WSC_STATE_NOT_CONFIGURED;
	ie.ap_setup_locked = sim_ap_locked(s, st);
	memcpy(ie.uuid, d->info.uuid, WSC_UUID_LEN);
	if (st->pbc || st->npins) {
		ie.selected_registrar = true;
		ie.dev_pw_id = st->pbc ? WSC_PW_PUSHBUTTON : WSC_PW_DEFAULT;
		ie.sel_reg_config_methods = st->pbc ?
			WSC_CM_PUSHBUTTON | WSC_CM_VIRT_PUSHBUTTON :
			WSC_CM_DISPLAY | WSC_CM_KEYPAD;
		authorized(st, s, &ie);
	}
	if (wsc_ie_build(&ie, kind == WSC_MSG_BEACON ? NULL : &d->info, out,
			 cap, &len))
		return 0;
	return len;
}

static void send_bss_frame(sim *s, struct sim_device *d, uint8_t fc,
			   uint32_t to)
{
	uint8_t wps[512], frame[MGMT_MAX];
	struct bss_desc bss = { .tsf_us = s->now * 1000 };
	struct mgmt_addr a = { .sa = d->info.mac, .bssid = d->info.mac,
			       .seq = d->seq++ & 0xfff };

	a.da = to == AIR_TO_LISTENERS ? broadcast : s->devs[to].info.mac;
	bss.interval_tu = (uint16_t)(s->sc->beacon_ms * 1000 / 1024);
	sim_ap_bss(d, bss.ssid, &bss.ssid_len, &bss.rsn);
	size_t wlen = wps_element(s, d, fc == FC_BEACON ? WSC_MSG_BEACON :
					WSC_MSG_PROBE_RESP, wps, sizeof(wps));
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

static void on_probe(sim *s, struct sim_device *d, uint32_t sta,
		     const struct mgmt_view *v)
{
	struct sim_device *from = sim_dev(s, sta);

	if (v->has_wps && v->wps.dev_pw_id == WSC_PW_PUSHBUTTON &&
	    sim_ap_pbc_note(s, d->ap_st, v->wps.uuid, sta))
		trace_event(s, d->idx, TONE_INFO, "WPS-ENROLLEE-SEEN %s (PBC)",
			    from->decl->name);
	send_bss_frame(s, d, FC_PROBE_RESP, sta);
}

void sim_ap_on_frame(sim *s, struct sim_device *d, const struct air_frame *f)
{
	struct mgmt_view v;

	if (f->kind == AIR_EAPOL) {
		sim_ap_runs_eapol(s, d, f->from, f->bytes, f->len);
	} else if (!frame_parse_mgmt(f->bytes, f->len, &v) &&
		   v.fc == FC_PROBE_REQ && !sim_dev(s, f->from)->ap) {
		on_probe(s, d, f->from, &v);
	}
}

void sim_ap_on_wake(sim *s, struct sim_device *d)
{
	sim_ap_runs_expire(s, d);
}

/* An unconfigured registrar needs settings to hand out: it makes them up
 * when armed, as the manual says. */
static void ensure_settings(sim *s, struct sim_device *d)
{
	struct ap_state *st = d->ap_st;
	char ssid[140];

	if (d->configured || st->has_pending)
		return;
	if (sim_make_settings(s, d, &st->pending)) {
		trace_event(s, d->idx, TONE_BAD, "cannot make up settings");
		return;
	}
	st->has_pending = true;
	snprintf(ssid, sizeof(ssid), "%.*s", st->pending.ssid_len,
		 (const char *)st->pending.ssid);
	trace_event(s, d->idx, TONE_INFO, "unconfigured: made up new network "
		    "settings (SSID \"%s\", random WPA2 passphrase)", ssid);
}

static bool registrar_armed(const struct ap_state *st)
{
	return st->pbc || st->npins;
}

/* Made-up settings nobody took are forgotten when the AP stops being a
 * registrar. */
static void forget_pending(struct sim_device *d)
{
	struct ap_state *st = d->ap_st;

	if (!registrar_armed(st) && st->has_pending) {
		sim_wipe(&st->pending, sizeof(st->pending));
		st->has_pending = false;
	}
}

static void press_button(sim *s, struct sim_device *d)
{
	struct ap_state *st = d->ap_st;

	if (st->pbc) /* pressed again: the window starts over */
		sim_role_close(s, d, st->pbc_role, SIM_OUT_NONE, 0, SC_NONE);
	uint32_t r = sim_role_open(s, d, WSC_REGISTRAR, M_PBC);
	if (r == UINT32_MAX)
		return;
	if (sim_ap_pbc_count(s, st) > 1) {
		/* two enrollees pressed within the monitor time: refuse */
		d->overlap_seen = true;
		trace_event(s, d->idx, TONE_BAD, "WPS-OVERLAP-DETECTED (PBC "
			    "not started: more than one enrollee pressed)");
		sim_role_close(s, d, r, SIM_OUT_FAIL, WSC_CE_MULTIPLE_PBC,
			       SC_NONE);
		st->pbc = false;
		return;
	}
	st->pbc = true;
	st->pbc_role = r;
	st->pbc_overlap = false;
	trace_event(s, d->idx, TONE_BUTTON, "WPS-PBC-ACTIVE");
	ensure_settings(s, d);
	sim_at(s, s->now + WSC_WALK_TIME_MS, EV_WALK_END, d->idx, r, NULL);
}

static void enter_pin(sim *s, struct sim_device *d, const sc_action *a)
{
	struct ap_state *st = d->ap_st;

	if (st->npins == st->pincap) {
		size_t c = st->pincap ? st->pincap * 2 : 4;
		struct pin_entry *p = realloc(st->pins, c * sizeof(*p));
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
	struct pin_entry *e = &st->pins[st->npins++];
	memcpy(e->pin, a->pin, sizeof(e->pin));
	e->for_sta = a->other;
	e->role = r;
	if (a->other == SC_NONE)
		trace_event(s, d->idx, TONE_BUTTON, "WPS-PIN-ACTIVE (PIN "
			    "entered, any enrollee)");
	else
		trace_event(s, d->idx, TONE_BUTTON, "WPS-PIN-ACTIVE (PIN "
			    "entered for %s)", s->devs[a->other].decl->name);
	ensure_settings(s, d);
	sim_at(s, s->now + WSC_WALK_TIME_MS, EV_WALK_END, d->idx, r, NULL);
}

static void enable_label_pin(sim *s, struct sim_device *d, const char *pin)
{
	struct ap_state *st = d->ap_st;

	if (st->label_on)
		sim_role_close(s, d, st->label_role, SIM_OUT_NONE, 0, SC_NONE);
	uint32_t r = sim_role_open(s, d, WSC_ENROLLEE, M_AP_PIN);
	if (r == UINT32_MAX)
		return;
	st->label_on = true;
	st->label_role = r;
	memcpy(st->label_pin, pin, sizeof(st->label_pin));
	trace_event(s, d->idx, TONE_BUTTON, "AP PIN enabled: an external "
		    "registrar may configure or read this AP");
	sim_at(s, s->now + WSC_WALK_TIME_MS, EV_WALK_END, d->idx, r, NULL);
}

void sim_ap_action(sim *s, struct sim_device *d, const sc_action *a)
{
	switch (a->kind) {
	case ACT_PBC: press_button(s, d); break;
	case ACT_PIN: enter_pin(s, d, a); break;
	case ACT_AP_PIN: enable_label_pin(s, d, a->pin); break;
	default: break;
	}
}

static void remove_pin(struct ap_state *st, uint32_t role)
{
	for (size_t i = 0; i < st->npins; i++)
		if (st->pins[i].role == role) {
			sim_wipe(st->pins[i].pin, sizeof(st->pins[i].pin));
			st->pins[i] = st->pins[--st->npins];
			return;
		}
}

void sim_ap_registrar_done(sim *s, struct sim_device *d, uint32_t role,
			   uint32_t sta, bool ok, int config_error)
{
	struct ap_state *st = d->ap_st;

	sim_role_close(s, d, role, ok ? SIM_OUT_SUCCESS : SIM_OUT_FAIL,
		       config_error, sta);
	if (st->pbc && st->pbc_role == role) {
		st->pbc = false;
		trace_event(s, d->idx, TONE_INFO, "WPS-PBC-DISABLE");
	}
	remove_pin(st, role);
	forget_pending(d);
}

void sim_ap_on_walk_end(sim *s, struct sim_device *d, uint32_t role)
{
	struct ap_state *st = d->ap_st;

	if (!sim_role_is_open(d, role))
		return; /* that window closed already */
	if (st->label_on && st->label_role == role) {
		st->label_on = false;
		sim_wipe(st->label_pin, sizeof(st->label_pin));
		trace_event(s, d->idx, TONE_INFO, "AP PIN disabled (walk time "
			    "over)");
		sim_role_close(s, d, role, SIM_OUT_TIMEOUT, 0, SC_NONE);
		return;
	}
	bool overlap = st->pbc && st->pbc_role == role && st->pbc_overlap;
	trace_event(s, d->idx, TONE_BAD, "WPS-TIMEOUT");
	sim_role_close(s, d, role, overlap ? SIM_OUT_FAIL : SIM_OUT_TIMEOUT,
		       overlap ? WSC_CE_MULTIPLE_PBC : 0, SC_NONE);
	if (st->pbc && st->pbc_role == role) {
		st->pbc = false;
		trace_event(s, d->idx, TONE_INFO, "WPS-PBC-DISABLE");
	}
	remove_pin(st, role);
	forget_pending(d);
}

static void close_all_roles(sim *s, struct sim_device *d)
{
	for (uint32_t r = 0; r < d->nroles; r++)
		sim_role_close(s, d, r, SIM_OUT_OFF, 0, SC_NONE);
}

void sim_ap_power(sim *s, struct sim_device *d, bool on)
{
	struct ap_state *st = d->ap_st;

	if (on) {
		sim_at(s, s->now, EV_BEACON, d->idx, d->power_gen, NULL);
		return;
	}
	/* what lives in RAM is lost; the settings are in flash */
	sim_ap_runs_drop(s, d);
	close_all_roles(s, d);
	st->pbc = st->label_on = false;
	while (st->npins)
		remove_pin(st, st->pins[0].role);
	sim_wipe(st->label_pin, sizeof(st->label_pin));
	st->nseen = 0;
	forget_pending(d);
}

bool sim_ap_admit(sim *s, struct sim_device *ap, struct sim_device *sta,
		  const uint8_t pmk[32])
{
	uint8_t mine[32];
	bool ok = ap->on && ap->configured && psk_pmk(&s->psk, &ap->cred,
						      mine) == 0 &&
		  !memcmp(mine, pmk, 32);

	sim_wipe(mine, sizeof(mine));
	if (ok)
		trace_event(s, ap->idx, TONE_GOOD, "AP-STA-CONNECTED %s",
			    sta->decl->name);
	else if (ap->on)
		trace_event(s, ap->idx, TONE_BAD,
			    "AP-STA-POSSIBLE-PSK-MISMATCH %s", sta->decl->name);
	return ok;
}
