/*
 * An AP's registration runs: one wsc_eap_auth per station that talks
 * EAP-WSC to it. The AP is the registrar when the station says it is an
 * enrollee, and the enrollee when the station is an external registrar
 * that knows the AP's label PIN.
 */
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "ap.h"

struct ap_link {
	sim *s;
	uint32_t ap, sta;
	wsc_eap_auth *auth;
	/* registrar runs: the arming that gave the password */
	uint32_t role;
	wsc_cred given;          /* the settings this run hands out */
	/* enrollee runs: the settings an external registrar gave us */
	bool have_new;
	wsc_cred got;
	int fail_error, fail_config_error;
	uint64_t handled_at;     /* deadlines handled at this time */
	bool pbc_run;            /* this run got the push-button password */
};

static struct sim_device *link_ap(struct ap_link *l)
{
	return sim_dev(l->s, l->ap);
}

static const char *sta_name(struct ap_link *l)
{
	return sim_dev(l->s, l->sta)->decl->name;
}

/* ---- the PBC monitor */

static void pbc_prune(sim *s, struct ap_state *st)
{
	size_t w = 0;
	for (size_t i = 0; i < st->nseen; i++)
		if (s->now - st->seen[i].at <= MONITOR_TIME_MS)
			st->seen[w++] = st->seen[i];
	st->nseen = w;
}

bool sim_ap_pbc_note(sim *s, struct ap_state *st, const uint8_t uuid[16],
		     uint32_t sta)
{
	pbc_prune(s, st);
	for (size_t i = 0; i < st->nseen; i++)
		if (!memcmp(st->seen[i].uuid, uuid, WSC_UUID_LEN)) {
			st->seen[i].at = s->now;
			return false;
		}
	if (st->nseen == st->seencap) {
		size_t c = st->seencap ? st->seencap * 2 : 4;
		struct pbc_seen *n = realloc(st->seen, c * sizeof(*n));
		if (!n) {
			s->nomem = true;
			return false;
		}
		st->seen = n;
		st->seencap = c;
	}
	struct pbc_seen *e = &st->seen[st->nseen++];
	memcpy(e->uuid, uuid, WSC_UUID_LEN);
	e->sta = sta;
	e->at = s->now;
	return true;
}

size_t sim_ap_pbc_count(sim *s, struct ap_state *st)
{
	pbc_prune(s, st);
	return st->nseen; /* entries are distinct UUIDs */
}

/* A finished PBC enrollee no longer counts against the next one. */
static void pbc_forget(struct ap_state *st, const uint8_t uuid[16])
{
	for (size_t i = 0; i < st->nseen; i++)
		if (!memcmp(st->seen[i].uuid, uuid, WSC_UUID_LEN)) {
			st->seen[i] = st->seen[--st->nseen];
			return;
		}
}

/* ---- the registrar's choice of password, when M1 arrives */

static int pbc_password(struct ap_link *l, const uint8_t **pw, size_t *len)
{
	struct sim_device *d = link_ap(l);
	struct ap_state *st = d->ap_st;

	if (!st->pbc)
		return WSC_ERR_NO_PASSWORD;
	if (sim_ap_pbc_count(l->s, st) > 1) {
		if (!st->pbc_overlap)
			trace_event(l->s, d->idx, TONE_BAD,
				    "WPS-OVERLAP-DETECTED (two PBC enrollees "
				    "within 120 s: refusing both)");
		st->pbc_overlap = true;
		d->overlap_seen = true;
		/* a push-button run already under way ends before its M8 */
		for (size_t i = 0; i < st->nlinks; i++)
			if (st->links[i] != l && st->links[i]->pbc_run) {
				wsc_session_refuse(
					wsc_eap_auth_session(st->links[i]->auth),
					WSC_ERR_PBC_OVERLAP, WSC_CE_MULTIPLE_PBC);
				st->links[i]->pbc_run = false;
			}
		return WSC_ERR_PBC_OVERLAP;
	}
	l->pbc_run = true;
	l->role = st->pbc_role;
	*pw = (const uint8_t *)"00000000";
	*len = 8;
	return 0;
}

static int pin_password(struct ap_link *l, const uint8_t **pw, size_t *len)
{
	struct ap_state *st = link_ap(l)->ap_st;
	struct pin_entry *any = NULL;

	for (size_t i = 0; i < st->npins; i++) {
		struct pin_entry *e = &st->pins[i];
		if (e->for_sta == l->sta) {
			any = e;
			break;
		}
		if (e->for_sta == SC_NONE && !any)
			any = e;
	}
	if (!any)
		return WSC_ERR_NO_PASSWORD;
	l->role = any->role;
	*pw = (const uint8_t *)any->pin;
	*len = strlen(any->pin);
	return 0;
}

static int choose_password(void *ud, const wsc_peer *enrollee,
			   const uint8_t **pw, size_t *len)
{
	struct ap_link *l = ud;

	if (enrollee->pw_id == WSC_PW_PUSHBUTTON)
		return pbc_password(l, pw, len);
	return pin_password(l, pw, len);
}

/* ---- libwsc's events */

static void on_registrar_event(struct ap_link *l, const wsc_event *ev)
{
	sim *s = l->s;
	struct sim_device *d = link_ap(l);

	if (ev->type == WSC_EV_M1 && ev->peer->pw_id == WSC_PW_PUSHBUTTON) {
		if (sim_ap_pbc_note(s, d->ap_st, ev->peer->uuid, l->sta))
			trace_event(s, d->idx, TONE_INFO,
				    "WPS-ENROLLEE-SEEN %s (PBC, M1)",
				    sta_name(l));
	} else if (ev->type == WSC_EV_SUCCESS) {
		trace_event(s, d->idx, TONE_GOOD, "WPS-REG-SUCCESS %s",
			    sta_name(l));
		if (ev->peer->pw_id == WSC_PW_PUSHBUTTON)
			pbc_forget(d->ap_st, ev->peer->uuid);
	} else if (ev->type == WSC_EV_FAIL) {
		l->fail_error = ev->error;
		l->fail_config_error = ev->config_error;
		/* a refused enrollee (M2D) was already explained */
		if (ev->error != WSC_ERR_NO_PASSWORD)
			trace_event(s, d->idx, TONE_BAD, "WPS-FAIL msg=%d "
				    "config_error=%d (registering %s)",
				    ev->msg, ev->config_error, sta_name(l));
	}
}

static void on_enrollee_event(struct ap_link *l, const wsc_event *ev)
{
	sim *s = l->s;
	struct sim_device *d = link_ap(l);

	if (ev->type == WSC_EV_NEW_AP_SETTINGS && ev->ncred) {
		l->got = ev->cred[0];
		l->have_new = true;
	} else if (ev->type == WSC_EV_SUCCESS) {
		trace_event(s, d->idx, TONE_GOOD, "WPS-SUCCESS (configured by "
			    "external registrar %s)", sta_name(l));
	} else if (ev->type == WSC_EV_FAIL) {
		l->fail_error = ev->error;
		l->fail_config_error = ev->config_error;
		/* a registrar that only reads the settings ends with NACK */
		if (ev->error == WSC_ERR_NACK && ev->config_error == 0)
			trace_event(s, d->idx, TONE_GOOD, "external registrar "
				    "%s read the AP's settings", sta_name(l));
		else
			trace_event(s, d->idx, TONE_BAD, "WPS-FAIL msg=%d "
				    "config_error=%d (external registrar %s)",
				    ev->msg, ev->config_error, sta_name(l));
	}
}

static void on_event(void *ud, const wsc_event *ev)
{
	struct ap_link *l = ud;
	wsc_session *sess = wsc_eap_auth_session(l->auth);

	if (sess && wsc_session_role(sess) == WSC_REGISTRAR)
		on_registrar_event(l, ev);
	else
		on_enrollee_event(l, ev);
}

/* ---- runs */

static struct ap_link *find_link(struct ap_state *st, uint32_t sta)
{
	for (size_t i = 0; i < st->nlinks; i++)
		if (st->links[i]->sta == sta)
			return st->links[i];
	return NULL;
}

/* The two session configurations a station may pick by its identity. */
static struct ap_link *open_link(sim *s, struct sim_device *d, uint32_t sta)
{
	struct ap_state *st = d->ap_st;
	bool can_register = d->configured || st->has_pending;
	bool can_enroll = st->label_on && !sim_ap_locked(s, st);
	int err;

	if (!can_register && !can_enroll)
		return NULL; /* no WPS role to offer: the station times out */
	if (st->nlinks == st->linkcap) {
		size_t c = st->linkcap ? st->linkcap * 2 : 4;
		struct ap_link **n = realloc(st->links, c * sizeof(*n));
		if (!n)
			goto nomem;
		st->links = n;
		st->linkcap = c;
	}
	struct ap_link *l = calloc(1, sizeof(*l));
	if (!l)
		goto nomem;
	*l = (struct ap_link){ .s = s, .ap = d->idx, .sta = sta,
			       .role = UINT32_MAX, .handled_at = UINT64_MAX };
	l->given = d->configured ? d->cred : st->pending;
	wsc_session_cfg reg = { .role = WSC_REGISTRAR, .ap = true,
		.dev = &d->info, .password_cb = choose_password,
		.password_ud = l, .cred = &l->given, .on_event = on_event,
		.event_ud = l };
	wsc_session_cfg enr = { .role = WSC_ENROLLEE, .ap = true,
		.dev = &d->info, .password = (const uint8_t *)st->label_pin,
		.password_len = strlen(st->label_pin),
		.pw_id = WSC_PW_DEFAULT,
		.ap_settings = d->configured ? &d->cred : NULL,
		.on_event = on_event, .event_ud = l };
	wsc_eap_auth_cfg ac = { .for_enrollee = can_register ? &reg : NULL,
		.for_registrar = can_enroll ? &enr : NULL,
		.first_id = (uint8_t)rng_below(&s->crypto_rng, 256) };
	l->auth = wsc_eap_auth_new(&s->env, &ac, &err);
	if (!l->auth) {
		sim_wipe(l, sizeof(*l));
		free(l);
		if (err == WSC_ERR_NOMEM)
			goto nomem;
		return NULL;
	}
	st->links[st->nlinks++] = l;
	return l;
nomem:
	s->nomem = true;
	return NULL;
}

static void close_link(struct ap_state *st, struct ap_link *l)
{
	for (size_t i = 0; i < st->nlinks; i++)
		if (st->links[i] == l) {
			st->links[i] = st->links[--st->nlinks];
			break;
		}
	wsc_eap_auth_del(l->auth);
	sim_wipe(l, sizeof(*l));
	free(l);
}

static void registrar_finished(sim *s, struct sim_device *d,
			       struct ap_link *l, bool ok)
{
	if (ok && !d->configured) {
		sim_take_settings(s, d, &l->given);
		trace_event(s, d->idx, TONE_GOOD, "WPS-NEW-AP-SETTINGS "
			    "(configured with the settings it made up)");
	}
	if (l->role == UINT32_MAX)
		return; /* refused at M1 (M2D): no arming was used */
	if (ok)
		sim_ap_registrar_done(s, d, l->role, l->sta, true, 0);
	else if (l->fail_config_error == WSC_CE_DEV_PASSWORD_AUTH)
		/* the PIN's halves were probed: it is used up */
		sim_ap_registrar_done(s, d, l->role, l->sta, false,
				      l->fail_config_error);
}

static void enrollee_finished(sim *s, struct sim_device *d,
			      struct ap_link *l, bool ok)
{
	struct ap_state *st = d->ap_st;
	bool read_only = l->fail_error == WSC_ERR_NACK &&
			 l->fail_config_error == 0;

	if (ok && l->have_new) {
		sim_take_settings(s, d, &l->got);
		trace_event(s, d->idx, TONE_GOOD, "WPS-NEW-AP-SETTINGS (from "
			    "%s)", sta_name(l));
	}
	if (l->fail_config_error == WSC_CE_DEV_PASSWORD_AUTH &&
	    ++st->label_failures >= 3) {
		/* hostapd's defence against PIN guessing: 60 s, doubling */
		unsigned extra = st->label_failures - 3;
		st->locked_until = s->now +
				   (60000ull << (extra < 10 ? extra : 10));
		trace_event(s, d->idx, TONE_BAD, "WPS-AP-SETUP-LOCKED");
	}
	if (ok || read_only) {
		st->label_failures = 0;
		if (st->label_on) {
			sim_role_close(s, d, st->label_role, SIM_OUT_SUCCESS, 0,
				       l->sta);
			st->label_on = false;
		}
	}
}

/* Send what the run has to say; settle it when it is over. */
static void pump(sim *s, struct sim_device *d, struct ap_link *l)
{
	const uint8_t *pdu;
	size_t len;

	while (wsc_eap_auth_pop_tx(l->auth, &pdu, &len))
		air_send(s, d->idx, l->sta, AIR_EAPOL, pdu, len);
	int st = wsc_eap_auth_status(l->auth);
	if (st == 0)
		return;
	wsc_session *sess = wsc_eap_auth_session(l->auth);
	if (sess && wsc_session_role(sess) == WSC_REGISTRAR)
		registrar_finished(s, d, l, st > 0);
	else if (sess)
		enrollee_finished(s, d, l, st > 0);
	close_link(d->ap_st, l);
}

static void schedule_wake(sim *s, struct sim_device *d)
{
	struct ap_state *st = d->ap_st;
	uint64_t t = UINT64_MAX;

	for (size_t i = 0; i < st->nlinks; i++) {
		uint64_t e = wsc_eap_auth_expiry(st->links[i]->auth);
		if (e < t)
			t = e;
	}
	sim_wake_at(s, d, t);
}

void sim_ap_runs_eapol(sim *s, struct sim_device *d, uint32_t sta,
		       const uint8_t *pdu, size_t len)
{
	struct ap_link *l = find_link(d->ap_st, sta);

	if (!l)
		l = open_link(s, d, sta);
	if (!l)
		return;
	wsc_eap_auth_recv(l->auth, pdu, len, s->now);
	pump(s, d, l);
	schedule_wake(s, d);
}

/* A run whose deadline has come and that was not handled at this tick. */
static struct ap_link *first_due(struct ap_state *st, uint64_t now)
{
	for (size_t i = 0; i < st->nlinks; i++) {
		struct ap_link *l = st->links[i];
		if (l->handled_at != now &&
		    wsc_eap_auth_expiry(l->auth) <= now)
			return l;
	}
	return NULL;
}

void sim_ap_runs_expire(sim *s, struct sim_device *d)
{
	struct ap_link *l;

	/* one at a time: pump may close a run and reorder the list */
	while ((l = first_due(d->ap_st, s->now))) {
		l->handled_at = s->now;
		wsc_eap_auth_handle_expiry(l->auth, s->now);
		pump(s, d, l);
	}
	schedule_wake(s, d);
}

void sim_ap_runs_drop(sim *s, struct sim_device *d)
{
	struct ap_state *st = d->ap_st;

	while (st->nlinks)
		close_link(st, st->links[0]);
	sim_wake_at(s, d, UINT64_MAX);
}
