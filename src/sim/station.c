/*
 * A station: the button or a PIN (each armed for one walk time), active
 * scanning for an AP whose registrar is ready, and association with an AP
 * of its network once it holds the key.
 */
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "station.h"

static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

int sim_sta_init(sim *s, struct sim_device *d)
{
	d->sta_st = calloc(1, sizeof(*d->sta_st));
	if (!d->sta_st)
		return WSC_ERR_NOMEM;
	d->sta_st->s = s;
	return 0;
}

void sim_sta_free(struct sim_device *d)
{
	struct sta_state *st = d->sta_st;

	if (!st)
		return;
	wsc_eap_peer_del(st->peer);
	free(st->scan);
	wsc_wipe(st, sizeof(*st));
	free(st);
	d->sta_st = NULL;
}

static void stop_listening(sim *s, struct sim_device *d)
{
	if (d->sta_st->phase == PH_SCAN)
		air_listen(s, d->idx, false);
}

void sim_sta_disarm(sim *s, struct sim_device *d, enum sim_outcome out,
		    int config_error, uint32_t peer)
{
	struct sta_state *st = d->sta_st;

	if (st->mode == ARM_NONE)
		return;
	stop_listening(s, d);
	if (st->peer)
		sim_sta_run_drop(s, d);
	sim_role_close(s, d, st->role, out, config_error, peer);
	st->mode = ARM_NONE;
	st->phase = PH_IDLE;
	st->scan_gen++; /* pending scan events die */
	wsc_wipe(st->pin, sizeof(st->pin));
	wsc_wipe(&st->reg_settings, sizeof(st->reg_settings));
	if (st->connect_pending) /* an association was waiting for us */
		sim_sta_connect_later(s, d, st->prefer);
}

void sim_sta_rescan_later(sim *s, struct sim_device *d, uint64_t delay)
{
	struct sta_state *st = d->sta_st;

	stop_listening(s, d);
	st->phase = PH_WAIT;
	sim_at(s, s->now + delay, EV_SCAN_START, d->idx, ++st->scan_gen, NULL);
}

void sim_sta_connect_later(sim *s, struct sim_device *d, uint32_t prefer)
{
	struct sta_state *st = d->sta_st;

	st->connect_pending = true;
	st->prefer = prefer;
	if (st->mode == ARM_NONE && st->phase != PH_SCAN)
		sim_sta_rescan_later(s, d, CONNECT_DELAY_MS);
}

/* The Probe Request: wildcard SSID and our WPS element. */
static void probe(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;
	uint8_t wps[512], frame[MGMT_MAX];
	size_t wlen = 0;
	wsc_ie ie = { .kind = WSC_MSG_PROBE_REQ, .rf_bands = 1,
		      .config_methods = d->info.config_methods };
	struct mgmt_addr a = { .da = broadcast, .sa = d->info.mac,
			       .bssid = broadcast, .seq = d->seq++ & 0xfff };

	memcpy(ie.uuid, d->info.uuid, WSC_UUID_LEN);
	/* request type: 0 enrollee (info only), 1 enrollee, 2 registrar */
	ie.request_type = st->mode == ARM_REG ? 2 : st->mode != ARM_NONE;
	ie.dev_pw_id = st->mode == ARM_PBC ? WSC_PW_PUSHBUTTON : WSC_PW_DEFAULT;
	if (wsc_ie_build(&ie, &d->info, wps, sizeof(wps), &wlen))
		wlen = 0;
	size_t n = frame_mgmt(frame, sizeof(frame), FC_PROBE_REQ, &a, NULL,
			      wps, wlen);
	if (n)
		air_send(s, d->idx, AIR_TO_APS, AIR_MGMT, frame, n);
}

static void start_scan(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;

	st->phase = PH_SCAN;
	st->nscan = 0;
	air_listen(s, d->idx, true);
	probe(s, d);
	sim_at(s, s->now + SCAN_DWELL_MS, EV_SCAN_END, d->idx, ++st->scan_gen,
	       NULL);
}

void sim_sta_on_scan_start(sim *s, struct sim_device *d, uint32_t gen)
{
	if (gen == d->sta_st->scan_gen && d->sta_st->phase == PH_WAIT)
		start_scan(s, d);
}

static void remember_bss(sim *s, struct sim_device *d, uint32_t ap,
			 const struct mgmt_view *v)
{
	struct sta_state *st = d->sta_st;

	for (size_t i = 0; i < st->nscan; i++)
		if (st->scan[i].ap == ap) {
			st->scan[i].v = *v; /* the newest word counts */
			return;
		}
	if (st->nscan == st->scancap) {
		size_t c = st->scancap ? st->scancap * 2 : 4;
		struct scan_entry *n = realloc(st->scan, c * sizeof(*n));
		if (!n) {
			s->nomem = true;
			return;
		}
		st->scan = n;
		st->scancap = c;
	}
	st->scan[st->nscan++] = (struct scan_entry){ .ap = ap, .v = *v };
}

void sim_sta_on_frame(sim *s, struct sim_device *d, const struct air_frame *f)
{
	struct sta_state *st = d->sta_st;
	struct mgmt_view v;

	if (f->kind == AIR_EAPOL) {
		if (st->phase == PH_RUN && f->from == st->peer_ap)
			sim_sta_run_eapol(s, d, f->bytes, f->len);
		return;
	}
	if (st->phase == PH_SCAN && sim_dev(s, f->from)->ap &&
	    !frame_parse_mgmt(f->bytes, f->len, &v) && v.fc != FC_PROBE_REQ)
		remember_bss(s, d, f->from, &v);
}

void sim_sta_on_wake(sim *s, struct sim_device *d)
{
	if (d->sta_st->peer)
		sim_sta_run_expire(s, d);
}

/* libwsc's rules pick the AP from what this scan heard (wsc_select_aps);
 * only = SC_NONE for every AP, or one AP (the registrar's target). Returns
 * the candidate's AP, SC_NONE, or *err for an overlap or a locked AP. */
static uint32_t select_ap(sim *s, struct sim_device *d, wsc_select_mode mode,
			  uint32_t only, bool armed_only, int *err,
			  uint32_t *pbc_other)
{
	struct sta_state *st = d->sta_st;
	wsc_scan_bss *b = calloc(st->nscan ? st->nscan : 1, sizeof(*b));
	uint32_t *ap = calloc(st->nscan ? st->nscan : 1, sizeof(*ap));
	wsc_candidate c[2];
	size_t n = 0;
	uint32_t pick = SC_NONE;

	*err = 0;
	if (!b || !ap) {
		s->nomem = true;
		goto out;
	}
	for (size_t i = 0; i < st->nscan; i++) {
		if (only != SC_NONE && st->scan[i].ap != only)
			continue;
		b[n].has_wps = st->scan[i].v.has_wps;
		b[n].wps = st->scan[i].v.wps;
		ap[n++] = st->scan[i].ap;
	}
	*err = wsc_select_aps(b, n, mode, d->info.mac, NULL, 0, c, 2);
	if (*err > 0 && (!armed_only || c[0].armed))
		pick = ap[c[0].index];
	for (size_t i = 0; *err == WSC_ERR_PBC_OVERLAP && i < n; i++)
		if (b[i].wps.selected_registrar &&
		    b[i].wps.dev_pw_id == WSC_PW_PUSHBUTTON)
			pbc_other[pbc_other[0] != SC_NONE] = ap[i];
	*err = *err < 0 ? *err : 0;
out:
	free(b);
	free(ap);
	return pick;
}

/* PBC: exactly one AP with its button pressed, or it is an overlap. */
static void choose_pbc(sim *s, struct sim_device *d)
{
	uint32_t two[2] = { SC_NONE, SC_NONE }, ap;
	int err;

	ap = select_ap(s, d, WSC_SELECT_PBC, SC_NONE, true, &err, two);
	if (err == WSC_ERR_PBC_OVERLAP) {
		d->overlap_seen = true;
		trace_event(s, d->idx, TONE_BAD, "WPS-OVERLAP-DETECTED "
			    "(%s and %s both in PBC mode)",
			    s->devs[two[0]].decl->name,
			    s->devs[two[1]].decl->name);
		sim_sta_disarm(s, d, SIM_OUT_FAIL, WSC_CE_MULTIPLE_PBC,
			       SC_NONE);
	} else if (ap != SC_NONE) {
		sim_sta_run_start(s, d, ap);
	} else {
		sim_sta_rescan_later(s, d, SCAN_INTERVAL_MS);
	}
}

/* PIN: an armed registrar that lets us in (the simulated stations do not
 * fall back to unarmed APs). */
static void choose_pin(sim *s, struct sim_device *d)
{
	int err;
	uint32_t ap = select_ap(s, d, WSC_SELECT_PIN, SC_NONE, true, &err, NULL);

	if (ap != SC_NONE)
		sim_sta_run_start(s, d, ap);
	else
		sim_sta_rescan_later(s, d, SCAN_INTERVAL_MS);
}

static void choose_target(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;
	int err;
	uint32_t ap = select_ap(s, d, WSC_SELECT_REGISTRAR, st->target, false,
				&err, NULL);

	if (err == WSC_ERR_LOCKED) {
		trace_event(s, d->idx, TONE_BAD, "WPS-FAIL "
			    "config_error=15 (%s: AP setup locked)",
			    s->devs[st->target].decl->name);
		sim_sta_disarm(s, d, SIM_OUT_FAIL, WSC_CE_SETUP_LOCKED,
			       st->target);
	} else if (ap != SC_NONE) {
		sim_sta_run_start(s, d, ap);
	} else {
		sim_sta_rescan_later(s, d, SCAN_INTERVAL_MS);
	}
}

static bool ssid_is(const struct mgmt_view *v, const wsc_cred *c)
{
	return v->ssid_len == c->ssid_len &&
	       !memcmp(v->ssid, c->ssid, c->ssid_len);
}

static bool try_ap(sim *s, struct sim_device *d, uint32_t ap,
		   const uint8_t pmk[32])
{
	if (!sim_ap_admit(s, sim_dev(s, ap), d, pmk)) {
		trace_event(s, d->idx, TONE_BAD, "WPA: 4-Way Handshake failed "
			    "with %s - pre-shared key may be incorrect",
			    s->devs[ap].decl->name);
		return false;
	}
	d->connected_to = ap;
	trace_event(s, d->idx, TONE_GOOD, "CTRL-EVENT-CONNECTED to %s: the "
		    "network key works", s->devs[ap].decl->name);
	return true;
}

/* Associate with an AP that announces our SSID: the preferred one first.
 * The 4-way handshake succeeds exactly when both PMKs are equal. Returns
 * false when the scan found no AP of the network at all. */
static bool associate(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;
	uint8_t pmk[32];
	bool found = false;

	d->connected_to = SC_NONE;
	if (!d->configured || psk_pmk(&s->psk, &d->cred, pmk))
		return true; /* nothing to associate with */
	for (int pass = 0; pass < 2 && d->connected_to == SC_NONE; pass++)
		for (size_t i = 0; i < st->nscan; i++) {
			const struct scan_entry *e = &st->scan[i];
			bool first = e->ap == st->prefer;
			if ((pass == 0) != first || !e->v.rsn ||
			    !ssid_is(&e->v, &d->cred))
				continue;
			found = true;
			if (try_ap(s, d, e->ap, pmk))
				break;
		}
	wsc_wipe(pmk, sizeof(pmk));
	return found;
}

/* A scan for association ended: try, and scan again if nothing heard. */
static void connect_scan_done(sim *s, struct sim_device *d)
{
	struct sta_state *st = d->sta_st;

	if (associate(s, d)) {
		st->connect_pending = false;
		st->connect_scans = 0;
	} else if (++st->connect_scans < CONNECT_SCANS) {
		sim_sta_rescan_later(s, d, SCAN_INTERVAL_MS);
	} else {
		st->connect_pending = false;
		st->connect_scans = 0;
		trace_event(s, d->idx, TONE_BAD, "CTRL-EVENT-NETWORK-NOT-FOUND "
			    "(no AP of SSID \"%.*s\" heard)", d->cred.ssid_len,
			    (const char *)d->cred.ssid);
	}
}

void sim_sta_on_scan_end(sim *s, struct sim_device *d, uint32_t gen)
{
	struct sta_state *st = d->sta_st;

	if (gen != st->scan_gen || st->phase != PH_SCAN)
		return;
	air_listen(s, d->idx, false);
	st->phase = PH_IDLE;
	switch (st->mode) {
	case ARM_PBC: choose_pbc(s, d); break;
	case ARM_PIN: choose_pin(s, d); break;
	case ARM_REG: choose_target(s, d); break;
	case ARM_NONE:
		if (st->connect_pending)
			connect_scan_done(s, d);
		break;
	}
}

/* reg: give the AP our settings (made up if we have none), or learn its
 * settings. Unsaid, a configured station hands on its network and an
 * unconfigured one learns. */
static bool arm_registrar(sim *s, struct sim_device *d, const sc_action *a)
{
	struct sta_state *st = d->sta_st;

	st->target = a->other;
	st->reg_new = a->reg_mode == REG_NEW ||
		      (a->reg_mode == REG_AUTO && d->configured);
	st->reg_made_up = st->reg_new && !d->configured;
	if (st->reg_made_up && sim_make_settings(s, d, &st->reg_settings))
		return false;
	if (st->reg_new && d->configured)
		st->reg_settings = d->cred;
	trace_event(s, d->idx, TONE_BUTTON, "registrar for %s with its AP PIN "
		    "(%s)", s->devs[a->other].decl->name,
		    !st->reg_new ? "to learn its settings" :
		    st->reg_made_up ? "to give it new settings made up now" :
		    "to give it our network's settings");
	return true;
}

static void arm(sim *s, struct sim_device *d, const sc_action *a)
{
	struct sta_state *st = d->sta_st;
	enum method m = a->kind == ACT_PBC ? M_PBC :
			a->kind == ACT_PIN ? M_PIN :
			a->reg_mode == REG_LEARN ? M_REG_LEARN : M_REG_NEW;

	/* pressed again, or a new PIN: the old window ends */
	sim_sta_disarm(s, d, SIM_OUT_NONE, 0, SC_NONE);
	st->mode = a->kind == ACT_PBC ? ARM_PBC : a->kind == ACT_PIN ? ARM_PIN :
		   ARM_REG;
	memcpy(st->pin, a->pin, sizeof(st->pin));
	if (st->mode == ARM_REG && !arm_registrar(s, d, a)) {
		st->mode = ARM_NONE;
		return;
	}
	if (st->mode == ARM_REG && a->reg_mode == REG_AUTO)
		m = st->reg_new ? M_REG_NEW : M_REG_LEARN;
	st->role = sim_role_open(s, d, st->mode == ARM_REG ? WSC_REGISTRAR :
				 WSC_ENROLLEE, m);
	if (st->mode == ARM_PBC)
		trace_event(s, d->idx, TONE_BUTTON, "WPS-PBC-ACTIVE");
	else if (st->mode == ARM_PIN)
		trace_event(s, d->idx, TONE_BUTTON, "WPS-PIN-ACTIVE (PIN shown "
			    "on its display)");
	sim_at(s, s->now + WSC_WALK_TIME_MS, EV_WALK_END, d->idx, st->role,
	       NULL);
	start_scan(s, d);
}

void sim_sta_action(sim *s, struct sim_device *d, const sc_action *a)
{
	switch (a->kind) {
	case ACT_PBC:
	case ACT_PIN:
	case ACT_REG:
		arm(s, d, a);
		break;
	case ACT_CONNECT:
		if (d->configured)
			sim_sta_connect_later(s, d, SC_NONE);
		else
			trace_event(s, d->idx, TONE_BAD, "cannot connect: no "
				    "network settings");
		break;
	default:
		break;
	}
}

void sim_sta_on_walk_end(sim *s, struct sim_device *d, uint32_t role)
{
	struct sta_state *st = d->sta_st;

	if (st->mode == ARM_NONE || st->role != role)
		return;
	trace_event(s, d->idx, TONE_BAD, "WPS-TIMEOUT");
	sim_sta_disarm(s, d, SIM_OUT_TIMEOUT, 0, SC_NONE);
}

void sim_sta_power(sim *s, struct sim_device *d, bool on)
{
	struct sta_state *st = d->sta_st;

	if (on)
		return; /* it wakes up idle, with whatever settings it kept */
	stop_listening(s, d);
	st->connect_pending = false;
	st->connect_scans = 0;
	sim_sta_disarm(s, d, SIM_OUT_OFF, 0, SC_NONE);
	st->phase = PH_IDLE;
	st->scan_gen++;
	d->connected_to = SC_NONE;
}
