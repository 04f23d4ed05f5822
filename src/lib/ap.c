/*
 * wsc_ap: the access point around its registration runs. One
 * wsc_eap_auth per station; each run gets its session configuration from
 * the AP's current state (armed button and PINs, AP PIN, lockout,
 * settings) and reports its outcome back here, where the rules of
 * ap_rules.c are applied.
 */
#include "ap.h"

/* ---- events */

void ap_emit(struct wsc_ap *ap, const wsc_ap_event *ev)
{
	if (ap->on_event)
		ap->on_event(ap->event_ud, ev);
}

void ap_emit_simple(struct wsc_ap *ap, enum wsc_ap_event_type t)
{
	wsc_ap_event ev = { .type = t };
	ap_emit(ap, &ev);
}

void ap_emit_state(struct wsc_ap *ap)
{
	uint8_t b[WSC_AP_STATE_MAX];
	wsc_ap_event ev = { .type = WSC_AP_EV_STATE, .blob = b };

	if (!wsc_ap_state_save(ap, ap->now, b, sizeof(b), &ev.blob_len))
		ap_emit(ap, &ev);
	wsc_wipe(b, sizeof(b));
}

static void emit_run(struct ap_sta *st, enum wsc_ap_event_type t,
		     const wsc_peer *peer)
{
	wsc_ap_event ev = { .type = t, .mac = st->mac, .peer = peer,
			    .our_role = st->enrollee_role ? WSC_ENROLLEE :
							    WSC_REGISTRAR };
	ap_emit(st->ap, &ev);
}

/* ---- settings */

/* Unconfigured: the network is made up once, on first use, and kept. */
static int ensure_invented(struct wsc_ap *ap)
{
	wsc_ap_event ev = { .type = WSC_AP_EV_INVENTED };
	wsc_cred c = { 0 };
	int err;

	if (ap->configured || ap->have_invented)
		return 0;
	memcpy(c.ssid, ap->settings.ssid, ap->settings.ssid_len);
	c.ssid_len = ap->settings.ssid_len;
	err = wsc_cred_generate(&ap->env, &c);
	if (err) {
		wsc_wipe(&c, sizeof(c));
		return err;
	}
	ap->invented = c;
	ap->have_invented = true;
	wsc_wipe(&c, sizeof(c));
	ev.cred = &ap->invented;
	ap_emit(ap, &ev);
	ap_emit_state(ap);
	return 0;
}

static void adopt(struct wsc_ap *ap, const wsc_cred *c,
		  const struct ap_sta *by)
{
	wsc_ap_event ev = { .type = WSC_AP_EV_NEW_SETTINGS,
			    .mac = by ? by->mac : NULL,
			    .our_role = by && by->enrollee_role ? WSC_ENROLLEE :
							      WSC_REGISTRAR };
	bool state = ap->have_invented;

	ap->settings = *c;
	ap->configured = true;
	wsc_wipe(&ap->invented, sizeof(ap->invented));
	ap->have_invented = false;
	ev.cred = &ap->settings;
	ap_emit(ap, &ev);
	if (state)
		ap_emit_state(ap);
	ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
}

const wsc_cred *wsc_ap_settings(const wsc_ap *ap)
{
	return ap->configured || !ap->have_invented ? &ap->settings :
						       &ap->invented;
}

int wsc_ap_set_settings(wsc_ap *ap, const wsc_cred *c)
{
	if (!ap || !c)
		return WSC_ERR_INVAL;
	if (wsc_cred_check(c) || !c->ssid_len)
		return WSC_ERR_BAD_CRED;
	adopt(ap, c, NULL);
	return 0;
}

/* ---- the registrar's password for an enrollee (at its M1) */

/* A push-button overlap found while push-button runs are under way: each
 * is refused at its enrollee's next message, before M8, so no
 * credential leaves (the first enrollee is no more "the" one). */
static void refuse_runs(struct wsc_ap *ap, bool enrollee_role, int err,
			int config_error)
{
	for (size_t i = 0; i < ap->nsta; i++) {
		struct ap_sta *st = &ap->sta[i];
		if (!st->used || st->done || st->enrollee_role != enrollee_role)
			continue;
		if (!enrollee_role && !st->pbc_run)
			continue;
		wsc_session_refuse(wsc_eap_auth_session(st->auth), err,
				   config_error);
		st->pbc_run = false;
	}
}

static void pbc_disarm(struct wsc_ap *ap, enum wsc_ap_pbc_status why)
{
	bool was = ap->pbc_armed;

	ap->pbc_armed = false;
	ap->pbc_overlap = false;
	ap->pbc_status = why;
	if (was && why != WSC_AP_PBC_TIMEOUT)
		ap_emit_simple(ap, WSC_AP_EV_PBC_DISABLE);
	if (was)
		ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
}

static int pbc_password(struct ap_sta *st, const wsc_peer *e)
{
	struct wsc_ap *ap = st->ap;
	bool added;

	ap_pbc_note(ap, e->uuid, &added);
	if (!ap->pbc_armed) {
		st->m2d = true;
		return WSC_ERR_NO_PASSWORD;
	}
	/* as hostapd: once an overlap is seen, every push-button enrollee is
	 * refused with config error 12 until the button's walk time ends or
	 * it is pressed again; the runs already under way end before M8 */
	if (ap->pbc_overlap || ap_pbc_count(ap) > 1) {
		ap->pbc_overlap = true;
		ap->pbc_status = WSC_AP_PBC_OVERLAP;
		ap_emit_simple(ap, WSC_AP_EV_OVERLAP);
		refuse_runs(ap, false, WSC_ERR_PBC_OVERLAP,
			    WSC_CE_MULTIPLE_PBC);
		return WSC_ERR_PBC_OVERLAP;
	}
	st->pbc_run = true;
	return 0;
}

/* The key pair made ahead, to the run about to need it. */
static void give_spare(struct ap_sta *st)
{
	wsc_session *s = wsc_eap_auth_session(st->auth);

	if (s)
		sess_take_keypair(s, &st->ap->spare);
}

static int password_for(void *ud, const wsc_peer *e, const uint8_t **pw,
			size_t *len)
{
	struct ap_sta *st = ud;
	struct wsc_ap *ap = st->ap;
	int slot, err;

	/* M2 costs an exponentiation, M2D none: the M1 limits count only
	 * M1s that would get M2 (so M1s for which there is no password, as
	 * those of others than the enrollee a PIN is bound to, never use
	 * up its turn); over them the enrollee gets M2D, and the key pair
	 * made ahead goes only to M1s answered with M2 */
	if (e->pw_id == WSC_PW_PUSHBUTTON) {
		err = pbc_password(st, e);
		if (!err && !ap_m1_admit(ap, st->mac, ap->now)) {
			st->pbc_run = false;
			err = WSC_ERR_NO_PASSWORD;
		}
		if (!err) {
			*pw = (const uint8_t *)"00000000";
			*len = 8;
			give_spare(st);
		}
		return err;
	}
	slot = ap_pin_for(ap, e, st->mac);
	if (slot < 0) {
		emit_run(st, WSC_AP_EV_PIN_NEEDED, e);
		st->m2d = true;
		return WSC_ERR_NO_PASSWORD;
	}
	if (!ap_m1_admit(ap, st->mac, ap->now))
		return WSC_ERR_NO_PASSWORD;
	/* shared until a run commits with its M3: an enrollee that sends
	 * M1 and goes silent holds nothing (an M1 flood kept a wildcard PIN
	 * from the real enrollee) */
	st->pin = slot;
	st->pin_id = ap->pins[slot].id;
	*pw = (const uint8_t *)ap->pins[slot].pin;
	*len = strlen(ap->pins[slot].pin);
	give_spare(st);
	return 0;
}

static void sta_free(struct ap_sta *st);

/* The PIN this station's M1 got, if it is still armed. */
static struct ap_pin *sta_pin(struct ap_sta *st)
{
	struct ap_pin *p;

	if (st->pin < 0)
		return NULL;
	p = &st->ap->pins[st->pin];
	return p->used && p->id == st->pin_id ? p : NULL;
}

/* Does any station but st have p? */
static bool pin_shared(struct wsc_ap *ap, const struct ap_pin *p,
		       const struct ap_sta *st)
{
	for (size_t i = 0; i < ap->nsta; i++) {
		struct ap_sta *o = &ap->sta[i];
		if (o != st && o->used && sta_pin(o) == p)
			return true;
	}
	return false;
}

void ap_pin_withdraw(struct wsc_ap *ap, struct ap_pin *p)
{
	if (pin_shared(ap, p, NULL))
		p->withdrawn = true; /* the runs that have it may go on */
	else
		ap_pin_drop(p);
}

/* A run whose M3 was accepted is committed to its PIN: its M4 reveals
 * R-S1, so the PIN's halves are at stake, one run at a time. Checked
 * after each frame, on the session's state (however M3 came, in
 * fragments or not), before the M4 leaves: a run that finds the PIN
 * committed to another is cut off, its M4 never sent. Returns false
 * then (st is gone). */
static bool pin_commit(struct ap_sta *st)
{
	struct ap_pin *p = sta_pin(st);
	int me = (int)(st - st->ap->sta);
	wsc_session *s = wsc_eap_auth_session(st->auth);

	if (!p || !s || p->holder == me || !sess_past_m3(s))
		return true;
	if (p->holder < 0) {
		p->holder = me;
		return true;
	}
	sta_free(st);
	return false;
}

/* A PIN whose halves were exposed (the run got to M4) or that failed on
 * the device password is used up; a run that ended earlier gives it back.
 * Returns whether it was used up here. */
static bool pin_release(struct ap_sta *st, bool used_up)
{
	struct wsc_ap *ap = st->ap;
	struct ap_pin *p = sta_pin(st);
	int me = (int)(st - ap->sta);
	bool mine = p && p->holder == me;

	st->pin = -1;
	if (!p)
		return false;
	if (mine && used_up) {
		/* the runs that got it at M1 and have not committed lose it:
		 * a used PIN enrolls nobody else */
		for (size_t i = 0; i < ap->nsta; i++) {
			struct ap_sta *o = &ap->sta[i];
			wsc_session *s;
			if (o == st || !o->used || sta_pin(o) != p)
				continue;
			s = wsc_eap_auth_session(o->auth);
			if (s)
				wsc_session_refuse(s, WSC_ERR_NO_PASSWORD,
						   WSC_CE_DEVICE_BUSY);
			o->pin = -1;
		}
		ap_pin_drop(p);
		ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
		return true;
	}
	if (mine)
		p->holder = -1;
	if (p->withdrawn && !pin_shared(ap, p, st))
		ap_pin_drop(p); /* expired or cancelled, and nobody has it */
	return false;
}

/* ---- a run's outcome */

static void on_success(struct ap_sta *st, const wsc_event *ev)
{
	struct wsc_ap *ap = st->ap;

	memcpy(ap->last_peer, st->mac, 6);
	ap->last_result = 1;
	if (st->enrollee_role) {
		ap_pin_succeeded(ap);
		if (st->have_new)
			adopt(ap, &st->new_settings, st);
	} else {
		wsc_ap_event reg = { .type = WSC_AP_EV_REG_SUCCESS,
				     .mac = st->mac, .peer = ev->peer,
				     .our_role = WSC_REGISTRAR,
				     .cred = &st->given, .pin_id = st->pin_id };
		ap_emit(ap, &reg);
		if (!ap->configured && ap->have_invented)
			adopt(ap, &ap->invented, st);
		if (st->pin < 0) { /* the button serves one */
			ap_pbc_forget(ap, ev->peer->uuid);
			if (ap->pbc_armed)
				pbc_disarm(ap, WSC_AP_PBC_DISABLED);
		}
		pin_release(st, true);
	}
	emit_run(st, WSC_AP_EV_SUCCESS, ev->peer);
}

static void on_fail(struct ap_sta *st, const wsc_event *ev)
{
	struct wsc_ap *ap = st->ap;
	wsc_ap_event f = { .type = WSC_AP_EV_FAIL, .mac = st->mac,
			   .peer = ev->peer, .msg = ev->msg,
			   .config_error = ev->config_error,
			   .error = ev->error, .pin_id = st->pin_id };

	f.pin_retired = pin_release(st,
				    ev->msg >= WSC_MSG_M4 ||
				    ev->config_error == WSC_CE_DEV_PASSWORD_AUTH);
	if (st->enrollee_role &&
	    ev->config_error == WSC_CE_DEV_PASSWORD_AUTH) {
		ap_pin_failed(ap);
		/* a lock bounds guesses, not runs: no other registrar's
		 * guess is evaluated from now on */
		if (ap_locked(ap))
			refuse_runs(ap, true, WSC_ERR_LOCKED,
				    WSC_CE_SETUP_LOCKED);
	}
	/* an enrollee answered M2D (no password for it yet) will come back;
	 * its NACK to the M2D is no failure, and nor is a registrar refused
	 * while the AP PIN is locked (hostapd raises nothing for either) */
	if (((ev->error == WSC_ERR_NO_PASSWORD || st->m2d) &&
	     ev->config_error == 0) || ev->error == WSC_ERR_LOCKED)
		return;
	memcpy(ap->last_peer, st->mac, 6);
	ap->last_result = -1;
	f.our_role = st->enrollee_role ? WSC_ENROLLEE : WSC_REGISTRAR;
	ap_emit(ap, &f);
}

static void on_event(void *ud, const wsc_event *ev)
{
	struct ap_sta *st = ud;
	wsc_ap_event seen = { .type = WSC_AP_EV_ENROLLEE_SEEN, .mac = st->mac,
			      .peer = ev->peer, .our_role = WSC_REGISTRAR };

	switch (ev->type) {
	case WSC_EV_M1:
		/* the overlap monitor learns of it when its password is
		 * chosen, right after */
		if (ev->peer->pw_id == WSC_PW_PUSHBUTTON)
			seen.pbc_new = !ap_pbc_known(st->ap, ev->peer->uuid);
		ap_emit(st->ap, &seen);
		break;
	case WSC_EV_NEW_AP_SETTINGS:
		st->new_settings = ev->cred[0];
		st->have_new = true;
		break;
	case WSC_EV_SUCCESS:
		on_success(st, ev);
		break;
	case WSC_EV_FAIL:
		on_fail(st, ev);
		break;
	default:
		break;
	}
}

/* ---- the session for a run that starts now: asked at every
 * EAP-Response/Identity, so each run sees the current state */

static int registrar_cfg(struct ap_sta *st, wsc_session_cfg *out)
{
	struct wsc_ap *ap = st->ap;
	uint8_t psk[32];

	if (ensure_invented(ap))
		return -1;
	out->role = WSC_REGISTRAR;
	out->password_cb = password_for;
	out->password_ud = st;
	st->given = *wsc_ap_settings(ap);
	st->own_psk = false;
	if (ap->configured && ap->per_device_psk) {
		/* hostapd's per-device PSK: 32 random bytes as 64 hex
		 * digits, this enrollee's alone */
		if (env_random(&ap->env, psk, sizeof(psk)))
			return -1;
		char hex[65];
		wsc_hex_encode(psk, sizeof(psk), hex);
		memcpy(st->given.key, hex, 64);
		wsc_wipe(hex, sizeof(hex));
		st->given.key_len = 64;
		st->own_psk = true;
		wsc_wipe(psk, sizeof(psk));
	}
	out->cred = &st->given;
	st->enrollee_role = false;
	return 0;
}

static int session_for_run(void *ud, wsc_role role, wsc_session_cfg *out)
{
	struct ap_sta *st = ud;
	struct wsc_ap *ap = st->ap;
	const char *appin = ap_pin_now(ap);

	st->pbc_run = st->m2d = st->have_new = false;
	st->pin_id = 0;
	wsc_wipe(&st->new_settings, sizeof(st->new_settings));
	out->ap = true;
	out->dev = &ap->dev;
	out->dh_priv_bits = ap->dh_priv_bits;
	out->on_event = on_event;
	out->event_ud = st;
	if (role == WSC_REGISTRAR) {
		if (registrar_cfg(st, out))
			return -1;
	} else {
		if (!*appin)
			return -1; /* no AP PIN: no external registrars */
		/* our M1 costs an exponentiation (the key pair): the same
		 * limits as an enrollee's M1 */
		if (!ap_m1_admit(ap, st->mac, ap->now))
			return -1;
		if (ap->spare.valid) /* the session takes it, ours wiped */
			out->dh = &ap->spare;
		out->role = WSC_ENROLLEE;
		out->password = (const uint8_t *)appin;
		out->password_len = strlen(appin);
		out->pw_id = WSC_PW_DEFAULT;
		out->ap_settings = ap->configured ? &ap->settings : NULL;
		out->wps_state = ap->configured ? WSC_STATE_CONFIGURED :
						  WSC_STATE_NOT_CONFIGURED;
		out->setup_locked = ap_locked(ap);
		st->enrollee_role = true;
	}
	emit_run(st, WSC_AP_EV_RUN_START, NULL);
	return 0;
}

/* ---- stations */

static void sta_free(struct ap_sta *st)
{
	pin_release(st, false);
	wsc_eap_auth_del(st->auth);
	wsc_wipe(st, sizeof(*st));
	st->pin = -1;
}

/* Slots whose run is over and whose last frame was taken */
static void reap(struct wsc_ap *ap)
{
	for (size_t i = 0; i < ap->nsta; i++)
		if (ap->sta[i].used && ap->sta[i].done)
			sta_free(&ap->sta[i]);
}

/* How readily a station's slot is given up: 1 it never got past the
 * identity exchange, 2 it was answered with M2D (no password here for
 * it), 3 an enrollee that has not sent M3 (its M1 may have got M2, and a
 * flood of M1s from new MACs never answers), 4 never (committed runs,
 * and runs with an external registrar). */
static int sta_tier(const struct ap_sta *st)
{
	if (!wsc_eap_auth_session(st->auth))
		return 1;
	if (st->m2d)
		return 2;
	return st->enrollee_role ||
			       sess_past_m3(wsc_eap_auth_session(st->auth)) ?
		       4 : 3;
}

/* A full table makes room, so that a flood of strangers cannot keep a
 * real enrollee out: the quietest of tiers 1 and 2 (1 before 2 at equal
 * age), else the quietest of tier 3. A real enrollee answers at once and
 * so is never the quietest. */
static struct ap_sta *evict(struct wsc_ap *ap)
{
	struct ap_sta *best = NULL;
	int best_tier = 4;

	for (size_t i = 0; i < ap->nsta; i++) {
		struct ap_sta *st = &ap->sta[i];
		int tier = sta_tier(st), cls = tier < 3 ? 1 : tier;
		int best_cls = best_tier < 3 ? 1 : best_tier;
		if (tier == 4 || (best && cls > best_cls))
			continue;
		if (!best || cls < best_cls || st->last < best->last ||
		    (st->last == best->last && tier < best_tier)) {
			best = st;
			best_tier = tier;
		}
	}
	if (!best)
		return NULL;
	sta_free(best);
	return best;
}

static struct ap_sta *sta_get(struct wsc_ap *ap, const uint8_t mac[6],
			      uint64_t now, int *err)
{
	struct ap_sta *free_slot = NULL;
	wsc_eap_auth_cfg ac = { .size = sizeof(ac) };
	uint8_t id;

	for (size_t i = 0; i < ap->nsta; i++) {
		if (ap->sta[i].used && !memcmp(ap->sta[i].mac, mac, 6)) {
			ap->sta[i].last = now;
			return &ap->sta[i];
		}
		if (!ap->sta[i].used && !free_slot)
			free_slot = &ap->sta[i];
	}
	*err = WSC_ERR_NOMEM;
	if (!free_slot)
		free_slot = evict(ap);
	if (!free_slot)
		return NULL;
	*err = env_random(&ap->env, &id, 1);
	if (*err)
		return NULL;
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->ap = ap;
	free_slot->pin = -1;
	memcpy(free_slot->mac, mac, 6);
	ac.session_cfg = session_for_run;
	ac.session_cfg_ud = free_slot;
	ac.fragment_size = ap->fragment_size;
	ac.retrans_ms = ap->retrans_ms;
	ac.first_id = id;
	free_slot->auth = wsc_eap_auth_new(&ap->env, &ac, err);
	if (!free_slot->auth)
		return NULL;
	free_slot->used = true;
	free_slot->last = now;
	return free_slot;
}

int wsc_ap_recv_eapol(wsc_ap *ap, const uint8_t mac[6], const uint8_t *pdu,
		      size_t len, uint64_t now_ms)
{
	struct ap_sta *st;
	int err = 0;

	if (!ap || !mac || (!pdu && len))
		return WSC_ERR_INVAL;
	ap->now = now_ms;
	reap(ap);
	st = sta_get(ap, mac, now_ms, &err);
	if (!st)
		return err;
	err = wsc_eap_auth_recv(st->auth, pdu, len, now_ms);
	if (st->pin >= 0)
		pin_commit(st); /* may cut the run off */
	/* a frame after the run's end is the peer's business; a run whose
	 * session could not be made (no memory) is reported */
	return err == WSC_ERR_DONE ? 0 : err;
}

void wsc_ap_probe_req(wsc_ap *ap, const uint8_t mac[6], const wsc_ie *ie,
		      uint64_t now_ms)
{
	wsc_peer peer = { 0 };
	wsc_ap_event ev = { .type = WSC_AP_EV_ENROLLEE_SEEN, .mac = mac,
			    .peer = &peer, .probe = true,
			    .our_role = WSC_REGISTRAR };

	if (!ap || !mac || !ie || !ie->has_uuid)
		return;
	ap->now = now_ms;
	memcpy(peer.uuid, ie->uuid, WSC_UUID_LEN);
	memcpy(peer.mac, mac, 6);
	peer.pw_id = ie->dev_pw_id;
	peer.config_methods = ie->config_methods;
	memcpy(peer.device_name, ie->device_name, sizeof(peer.device_name));
	memcpy(peer.manufacturer, ie->manufacturer, sizeof(peer.manufacturer));
	memcpy(peer.model_name, ie->model_name, sizeof(peer.model_name));
	memcpy(peer.model_number, ie->model_number, sizeof(peer.model_number));
	if (ie->dev_pw_id == WSC_PW_PUSHBUTTON)
		ap_pbc_note(ap, ie->uuid, &ev.pbc_new);
	ap_emit(ap, &ev);
}

/* The next run's key pair, made when everything was sent (off the
 * critical path of the run that used the last one); a failure leaves the
 * session to make its own */
static void spare_make(struct wsc_ap *ap)
{
	if (!ap->spare.valid &&
	    wsc_dh_keypair_generate(&ap->env, &ap->spare, ap->dh_priv_bits))
		wsc_wipe(&ap->spare, sizeof(ap->spare));
}

int wsc_ap_pop_tx(wsc_ap *ap, uint8_t mac[6], const uint8_t **pdu,
		  size_t *len)
{
	if (!ap || !mac || !pdu || !len)
		return 0;
	reap(ap);
	for (size_t i = 0; i < ap->nsta; i++) {
		struct ap_sta *st = &ap->sta[i];
		if (!st->used || st->done)
			continue;
		if (wsc_eap_auth_pop_tx(st->auth, pdu, len)) {
			memcpy(mac, st->mac, 6);
			return 1;
		}
		/* a finished run, or a frame that started nothing (a stray
		 * or forged EAP packet): the slot goes back at the next call */
		if (wsc_eap_auth_status(st->auth) != 0 ||
		    wsc_eap_auth_expiry(st->auth) == UINT64_MAX)
			st->done = true;
	}
	spare_make(ap);
	return 0;
}

uint64_t wsc_ap_expiry(const wsc_ap *ap)
{
	uint64_t due = ap_rules_expiry(ap);

	for (size_t i = 0; i < ap->nsta; i++)
		if (ap->sta[i].used && !ap->sta[i].done) {
			uint64_t t = wsc_eap_auth_expiry(ap->sta[i].auth);
			due = t < due ? t : due;
		}
	return due;
}

void wsc_ap_handle_expiry(wsc_ap *ap, uint64_t now_ms)
{
	ap->now = now_ms;
	reap(ap);
	for (size_t i = 0; i < ap->nsta; i++) {
		struct ap_sta *st = &ap->sta[i];
		if (st->used && !st->done &&
		    wsc_eap_auth_expiry(st->auth) <= now_ms)
			wsc_eap_auth_handle_expiry(st->auth, now_ms);
	}
	ap_rules_expire(ap, now_ms);
}

/* ---- the operator's controls */

int wsc_ap_pbc(wsc_ap *ap, uint64_t now_ms)
{
	int err;

	ap->now = now_ms;
	if (ap_pbc_count(ap) > 1) {
		/* hostapd: "PBC overlap - do not start PBC mode" */
		ap_emit_simple(ap, WSC_AP_EV_OVERLAP);
		return WSC_ERR_PBC_OVERLAP;
	}
	err = ensure_invented(ap);
	if (err)
		return err;
	ap->pbc_armed = true;
	ap->pbc_overlap = false;
	ap->pbc_until = now_ms + ap->walk_ms;
	ap->pbc_status = WSC_AP_PBC_ACTIVE;
	ap_emit_simple(ap, WSC_AP_EV_PBC_ACTIVE);
	ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
	return 0;
}

int wsc_ap_add_pin(wsc_ap *ap, const char *pin, const uint8_t *uuid,
		   const uint8_t *mac, uint32_t timeout_ms, uint64_t now_ms)
{
	struct ap_pin e = { .used = true, .holder = -1 };
	size_t n = pin ? strlen(pin) : 0;
	int err;

	if (!ap || (n != 4 && n != 8) || strspn(pin, "0123456789") != n ||
	    !strcmp(pin, "00000000"))
		return WSC_ERR_BAD_PIN;
	if (wsc_pin_valid(pin))
		env_log(&ap->env, WSC_LOG_INFO, "PIN with a wrong check digit "
			"armed (as hostapd allows)");
	ap->now = now_ms;
	memcpy(e.pin, pin, n + 1);
	if (uuid) {
		memcpy(e.uuid, uuid, WSC_UUID_LEN);
		e.has_uuid = true;
	}
	if (mac) {
		memcpy(e.mac, mac, 6);
		e.has_mac = true;
	}
	e.expires = now_ms + (timeout_ms ? timeout_ms : ap->walk_ms);
	for (size_t i = 0; i < WSC_AP_MAX_PINS; i++) {
		if (ap->pins[i].used)
			continue;
		err = ensure_invented(ap);
		if (err) {
			wsc_wipe(&e, sizeof(e));
			return err;
		}
		e.seq = ++ap->pin_seq;
		if (++ap->next_pin_id <= 0)
			ap->next_pin_id = 1;
		e.id = ap->next_pin_id;
		ap->pins[i] = e;   /* hostapd: no event */
		wsc_wipe(&e, sizeof(e));
		ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
		return ap->pins[i].id;
	}
	wsc_wipe(&e, sizeof(e));
	return WSC_ERR_BUFSIZE;
}

void wsc_ap_cancel(wsc_ap *ap, uint64_t now_ms)
{
	/* hostapd: a cancelled button times out (WPS-TIMEOUT, "Timed-out");
	 * WPS-CANCEL follows every cancel, armed or not */
	ap->now = now_ms;
	if (ap->pbc_armed) {
		pbc_disarm(ap, WSC_AP_PBC_TIMEOUT);
		ap_emit_simple(ap, WSC_AP_EV_TIMEOUT);
	}
	for (size_t i = 0; i < WSC_AP_MAX_PINS; i++)
		if (ap->pins[i].used && ap->pins[i].holder < 0 &&
		    !ap->pins[i].withdrawn)
			ap_pin_withdraw(ap, &ap->pins[i]);
	ap_emit_simple(ap, WSC_AP_EV_CANCEL);
	ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
}

int wsc_ap_set_ap_pin(wsc_ap *ap, const char *pin, uint32_t timeout_ms,
		      uint64_t now_ms)
{
	bool was;

	if (!ap)
		return WSC_ERR_INVAL;
	if (pin && (wsc_pin_valid(pin) || !strcmp(pin, "00000000")))
		return WSC_ERR_BAD_PIN;
	ap->now = now_ms;
	ap->ap_pin_set = true;
	wsc_wipe(ap->ap_pin, sizeof(ap->ap_pin));
	ap->ap_pin_until = 0;
	if (!pin) {
		ap_emit_state(ap);  /* hostapd: no event */
		return 0;
	}
	memcpy(ap->ap_pin, pin, strlen(pin) + 1);
	ap->ap_pin_until = timeout_ms ? now_ms + timeout_ms : 0;
	/* a new AP PIN is the operator's act that lifts a lockout */
	was = ap->locked_forever || ap->locked_until;
	ap->failures = 0;
	ap->locked_until = 0;
	ap->locked_forever = false;
	ap_emit_state(ap);
	if (was) {
		ap_emit_simple(ap, WSC_AP_EV_SETUP_UNLOCKED);
		ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
	}
	return 0;
}

int wsc_ap_get_ap_pin(const wsc_ap *ap, char out[9])
{
	const char *p = ap_pin_now(ap);

	if (!*p)
		return WSC_ERR_MISSING;
	memcpy(out, p, strlen(p) + 1);
	return 0;
}

/* ---- what the AP shows */

void wsc_ap_ie(const wsc_ap *ap, uint8_t kind, wsc_ie *ie)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	bool anyone = ap->pbc_armed, armed = ap->pbc_armed;

	memset(ie, 0, sizeof(*ie));
	ie->kind = kind;
	ie->wps_state = ap->configured ? WSC_STATE_CONFIGURED :
					 WSC_STATE_NOT_CONFIGURED;
	ie->ap_setup_locked = ap_locked(ap);
	memcpy(ie->uuid, ap->dev.uuid, WSC_UUID_LEN);
	ie->has_uuid = true;
	ie->rf_bands = ap->dev.rf_bands;
	ie->response_type = 3; /* AP */
	ie->config_methods = ap->dev.config_methods;
	for (size_t i = 0; i < WSC_AP_MAX_PINS; i++) {
		const struct ap_pin *p = &ap->pins[i];
		if (!p->used)
			continue;
		armed = true;
		if (!p->has_mac || ie->n_authorized == 5)
			anyone = true;
		else
			memcpy(ie->authorized_macs[ie->n_authorized++], p->mac,
			       6);
	}
	if (!armed)
		return;
	ie->selected_registrar = true;
	ie->dev_pw_id = ap->pbc_armed ? WSC_PW_PUSHBUTTON : WSC_PW_DEFAULT;
	ie->sel_reg_config_methods = ap->pbc_armed ?
		WSC_CM_PUSHBUTTON | WSC_CM_VIRT_PUSHBUTTON :
		WSC_CM_DISPLAY | WSC_CM_KEYPAD;
	if (anyone) {
		memcpy(ie->authorized_macs[0], bcast, 6);
		ie->n_authorized = 1;
	}
}

void wsc_ap_status_get(const wsc_ap *ap, wsc_ap_status *out)
{
	memset(out, 0, sizeof(*out));
	out->configured = ap->configured;
	out->pbc = ap->pbc_status;
	out->last_result = ap->last_result;
	memcpy(out->last_peer, ap->last_peer, 6);
	out->setup_locked = ap_locked(ap);
	out->locked_forever = ap->locked_forever;
	out->ap_pin_failures = ap->failures;
	out->ap_pin_enabled = *ap_pin_now(ap) != '\0';
	for (size_t i = 0; i < WSC_AP_MAX_PINS; i++)
		out->pins += ap->pins[i].used && !ap->pins[i].withdrawn;
	for (size_t i = 0; i < ap->nsta; i++)
		out->stations += ap->sta[i].used && !ap->sta[i].done;
}

/* ---- life */

static int apply_cfg(struct wsc_ap *ap, const wsc_ap_cfg *cfg)
{
	size_t pl = cfg->ap_pin ? strlen(cfg->ap_pin) : 0;

	if (cfg->dh_priv_bits && (cfg->dh_priv_bits < WSC_DH_PRIV_BITS_MIN ||
				  cfg->dh_priv_bits > WSC_PUBKEY_LEN * 8))
		return WSC_ERR_INVAL;
	if (cfg->m1_per_sec > 100000)
		return WSC_ERR_INVAL;
	if (!cfg->dev || (pl && (wsc_pin_valid(cfg->ap_pin) ||
				 !strcmp(cfg->ap_pin, "00000000"))) ||
	    (cfg->configured && (!cfg->settings ||
				 (!cfg->per_device_psk &&
				  wsc_cred_check(cfg->settings)) ||
				 !cfg->settings->ssid_len)))
		return WSC_ERR_INVAL;
	ap->dev = *cfg->dev;
	if (cfg->settings)
		ap->settings = *cfg->settings;
	else
		wsc_wipe(&ap->settings, sizeof(ap->settings));
	ap->configured = cfg->configured;
	if (ap->configured && ap->have_invented) {
		wsc_wipe(&ap->invented, sizeof(ap->invented));
		ap->have_invented = false;
	}
	memset(ap->file_ap_pin, 0, sizeof(ap->file_ap_pin));
	memcpy(ap->file_ap_pin, cfg->ap_pin ? cfg->ap_pin : "", pl);
	ap->setup_locked_cfg = cfg->setup_locked;
	ap->per_device_psk = cfg->per_device_psk;
	ap->walk_ms = cfg->walk_time_ms ? cfg->walk_time_ms : WSC_WALK_TIME_MS;
	ap->fragment_size = cfg->fragment_size;
	ap->retrans_ms = cfg->retrans_ms;
	ap->dh_priv_bits = cfg->dh_priv_bits;
	ap->m1_rate = cfg->m1_per_sec ? cfg->m1_per_sec :
					WSC_AP_M1_PER_SEC_DEFAULT;
	ap->on_event = cfg->on_event;
	ap->event_ud = cfg->event_ud;
	return 0;
}

wsc_ap *wsc_ap_new(const wsc_env *env, const wsc_ap_cfg *in_cfg, int *err)
{
	wsc_ap_cfg cv;
	const wsc_ap_cfg *cfg = &cv;
	wsc_env e;
	struct wsc_ap *ap;
	size_t n;
	int dummy, r;

	err = err ? err : &dummy;
	r = env_resolve(&e, env);
	r = r ? r : CFG_IMPORT(&cv, in_cfg);
	n = cfg->max_stations ? cfg->max_stations : 64;
	if (!r && n > 65536)
		r = WSC_ERR_INVAL;
	if (r) {
		*err = r;
		return NULL;
	}
	ap = env_alloc(&e, sizeof(*ap));
	if (!ap) {
		*err = WSC_ERR_NOMEM;
		return NULL;
	}
	memset(ap, 0, sizeof(*ap));
	ap->env = e;
	ap->now = cfg->now_ms;
	ap->m1_at = cfg->now_ms;
	ap->m1_milli = (uint64_t)(cfg->m1_per_sec ? cfg->m1_per_sec :
				  WSC_AP_M1_PER_SEC_DEFAULT) * 1000;
	for (size_t i = 0; i < WSC_AP_MAX_PINS; i++)
		ap->pins[i].holder = -1;
	ap->sta = env_alloc(&e, n * sizeof(*ap->sta));
	if (!ap->sta) {
		env_free(&e, ap, sizeof(*ap));
		*err = WSC_ERR_NOMEM;
		return NULL;
	}
	memset(ap->sta, 0, n * sizeof(*ap->sta));
	ap->nsta = n;
	r = apply_cfg(ap, cfg);
	if (!r && cfg->state && cfg->state_len)
		r = ap_state_load(ap, cfg->state, cfg->state_len);
	if (!r && ap->configured && ap->have_invented) {
		wsc_wipe(&ap->invented, sizeof(ap->invented));
		ap->have_invented = false;
	}
	if (r) {
		wsc_ap_del(ap);
		*err = r;
		return NULL;
	}
	spare_make(ap);
	*err = 0;
	return ap;
}

int wsc_ap_reconfigure(wsc_ap *ap, const wsc_ap_cfg *in_cfg)
{
	wsc_ap_cfg cv;
	const wsc_ap_cfg *cfg = &cv;
	struct wsc_ap probe;
	int r;

	if (!ap)
		return WSC_ERR_INVAL;
	r = CFG_IMPORT(&cv, in_cfg);
	if (r)
		return r;
	if ((cfg->max_stations ? cfg->max_stations : 64) != ap->nsta)
		return WSC_ERR_UNSUPPORTED; /* the station table stays */
	memset(&probe, 0, sizeof(probe));
	if (apply_cfg(&probe, cfg)) {
		wsc_wipe(&probe, sizeof(probe));
		return WSC_ERR_INVAL;
	}
	wsc_wipe(&probe, sizeof(probe));
	if (cfg->dh_priv_bits != ap->dh_priv_bits) /* made for the old length */
		wsc_wipe(&ap->spare, sizeof(ap->spare));
	apply_cfg(ap, cfg);
	ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
	return 0;
}

void wsc_ap_del(wsc_ap *ap)
{
	wsc_env e;

	if (!ap)
		return;
	e = ap->env;
	for (size_t i = 0; i < ap->nsta; i++)
		if (ap->sta[i].used)
			sta_free(&ap->sta[i]);
	wsc_wipe(ap->sta, ap->nsta * sizeof(*ap->sta));
	env_free(&e, ap->sta, ap->nsta * sizeof(*ap->sta));
	wsc_wipe(ap, sizeof(*ap));
	env_free(&e, ap, sizeof(*ap));
}
