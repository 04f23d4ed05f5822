/*
 * `wsc ap`: the access point's WPS service on one interface, a drop-in for
 * the WPS part of hostapd + hostapd_cli. The AP is the EAP authenticator;
 * it is the registrar for stations that enroll (armed by the button or a
 * PIN, at start or through the control interface), and the enrollee (with
 * an AP PIN) for external registrars.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "ap.h"
#include "psk_file.h"
#include "tool.h"
#include "util.h"

static volatile sig_atomic_t stop_flag, reload_flag;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_flag = 1;
	else
		stop_flag = 1;
}

void ap_event(struct ap *ap, const char *fmt, ...)
{
	char line[512];
	va_list va;

	va_start(va, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, va);
	va_end(va);
	/* hostapd's event names end in a space when no arguments follow
	 * ("WPS-PBC-ACTIVE "): scripts that compare whole lines see the same
	 * bytes */
	if (!strchr(line, ' '))
		strcat(line, " ");
	if (ap->use_syslog)
		syslog(LOG_NOTICE, "%s: %s", ap->ifname, line);
	else
		printf("%s\n", line);
	fflush(stdout);
	if (ap->ctrl_on)
		ctrl_broadcast(&ap->ctrl, 3, line);
}

static void log_line(void *ud, int level, const char *line)
{
	struct ap *ap = ud;
	if (ap->use_syslog)
		syslog(level == WSC_LOG_ERROR ? LOG_ERR : LOG_DEBUG, "%s", line);
	else
		fprintf(stderr, "wsc: %s\n", line);
}

/* ---- registrar arming */

void ap_arm_pbc(struct ap *ap, uint64_t now)
{
	ap->pbc_armed = true;
	ap->pbc_until = now + ap->walk_ms;
	ap->pbc_status = PBC_ACTIVE;
	ap_event(ap, "WPS-PBC-ACTIVE");
}

/* PBC mode ends. Served or refused on overlap: WPS-PBC-DISABLE; timed out
 * or cancelled: WPS-TIMEOUT alone (hostapd's events, in that order) */
static void pbc_disarm(struct ap *ap, enum pbc_status why)
{
	bool was = ap->pbc_armed;

	ap->pbc_armed = false;
	ap->pbc_status = why;
	if (was && why != PBC_TIMEOUT)
		ap_event(ap, "WPS-PBC-DISABLE");
}

static void pin_drop(struct pin_entry *p)
{
	memset(p, 0, sizeof(*p));
}

void ap_cancel(struct ap *ap)
{
	/* hostapd: a cancelled push button times out (WPS-TIMEOUT, and
	 * "Timed-out" in wps_get_status); WPS-CANCEL follows every cancel,
	 * armed or not */
	if (ap->pbc_armed) {
		pbc_disarm(ap, PBC_TIMEOUT);
		ap_event(ap, "WPS-TIMEOUT");
	}
	for (size_t i = 0; i < MAX_PINS; i++)
		if (ap->pins[i].used && !ap->pins[i].holder)
			pin_drop(&ap->pins[i]);
	ap_event(ap, "WPS-CANCEL");
}

int ap_add_pin(struct ap *ap, const char *who, const char *pin,
	       uint64_t timeout_ms, const char *addr, uint64_t now)
{
	struct pin_entry e = { .used = true };
	size_t n = strlen(pin);

	/* like hostapd: 4 or 8 digits; the check digit is wps_check_pin's */
	if ((n != 4 && n != 8) || strspn(pin, "0123456789") != n)
		return -1;
	if (!strcmp(who, "any"))
		e.any = true;
	else if (wsc_uuid_parse(who, e.uuid))
		return -2;
	if (addr && strcmp(addr, "any")) {
		if (mac_parse(addr, e.mac))
			return -3;
		e.has_mac = true;
	}
	memcpy(e.pin, pin, n + 1);
	e.expires = now + (timeout_ms ? timeout_ms : ap->walk_ms);
	e.seq = ++ap->pin_seq;
	for (size_t i = 0; i < MAX_PINS; i++) {
		if (!ap->pins[i].used) {
			ap->pins[i] = e;   /* hostapd: no event */
			return 0;
		}
	}
	return -4;
}

static int pbc_enrollees(struct ap *ap, uint64_t now)
{
	int n = 0;
	for (size_t i = 0; i < 8; i++)
		if (ap->pbc_seen[i].used &&
		    now - ap->pbc_seen[i].t < PBC_MONITOR_MS)
			n++;
	return n;
}

bool ap_pbc_overlap(struct ap *ap, uint64_t now)
{
	return pbc_enrollees(ap, now) > 1;
}

static void pbc_note(struct ap *ap, const uint8_t uuid[16], uint64_t now)
{
	size_t slot = 0;
	for (size_t i = 0; i < 8; i++) {
		if (ap->pbc_seen[i].used &&
		    !memcmp(ap->pbc_seen[i].uuid, uuid, 16)) {
			ap->pbc_seen[i].t = now;
			return;
		}
		if (!ap->pbc_seen[i].used ||
		    ap->pbc_seen[i].t < ap->pbc_seen[slot].t)
			slot = i;
	}
	memcpy(ap->pbc_seen[slot].uuid, uuid, 16);
	ap->pbc_seen[slot].t = now;
	ap->pbc_seen[slot].used = true;
}

/* An enrollee that finished its PBC run no longer counts towards an
 * overlap (hostapd: wps_registrar_remove_pbc_session). */
static void pbc_forget(struct ap *ap, const uint8_t uuid[16])
{
	for (size_t i = 0; i < 8; i++)
		if (ap->pbc_seen[i].used &&
		    !memcmp(ap->pbc_seen[i].uuid, uuid, 16))
			memset(&ap->pbc_seen[i], 0, sizeof(ap->pbc_seen[i]));
}

/* The PIN entry for this enrollee: bound to its UUID, then its MAC, then
 * a free wildcard; among equals the one armed last, as hostapd does (its
 * list takes new PINs at the head). */
static int pin_for(struct ap *ap, const wsc_peer *e, const uint8_t mac[6])
{
	int best = -1, rank = 0;

	for (int i = 0; i < MAX_PINS; i++) {
		struct pin_entry *p = &ap->pins[i];
		int r;
		if (!p->used || p->holder)
			continue;
		if (p->has_mac && memcmp(p->mac, mac, 6))
			continue;
		r = !p->any ? (memcmp(p->uuid, e->uuid, 16) ? 0 : 3) :
		    p->has_mac ? 2 : 1;
		if (r > rank || (r == rank && best >= 0 &&
				 p->seq > ap->pins[best].seq)) {
			rank = r;
			best = i;
		}
	}
	return best;
}

/* An overlap found while other push-button runs are under way: each is
 * ended with config error 12 at its enrollee's next message, before M8, so
 * no credential leaves (the first enrollee is no more "the" one than the
 * second). */
static void refuse_pbc_runs(struct ap *ap)
{
	for (size_t i = 0; i < MAX_STA; i++) {
		struct station *st = &ap->sta[i];
		if (!st->in_use || !st->pbc_run)
			continue;
		wsc_session_refuse(wsc_eap_auth_session(st->auth),
				   WSC_ERR_PBC_OVERLAP, WSC_CE_MULTIPLE_PBC);
		st->pbc_run = false;
	}
}

/* A Primary Device Type as hostapd prints it: 6-0050F204-1 */
static void dev_type_str(const uint8_t t[8], char out[24])
{
	snprintf(out, 24, "%u-%02X%02X%02X%02X-%u", (unsigned)(t[0] << 8 | t[1]),
		 t[2], t[3], t[4], t[5], (unsigned)(t[6] << 8 | t[7]));
}

static int password_for(void *ud, const wsc_peer *e, const uint8_t **pw,
			size_t *len)
{
	struct station *st = ud;
	struct ap *ap = st->ap;
	uint64_t now = now_ms();
	char uuid[37], mac[18];

	if (e->pw_id == WSC_PW_PUSHBUTTON) {
		pbc_note(ap, e->uuid, now);
		if (!ap->pbc_armed) {
			st->m2d = true;
			return WSC_ERR_NO_PASSWORD;
		}
		if (ap_pbc_overlap(ap, now)) {
			ap_event(ap, "WPS-OVERLAP-DETECTED");
			pbc_disarm(ap, PBC_OVERLAP);
			refuse_pbc_runs(ap);
			return WSC_ERR_PBC_OVERLAP;
		}
		st->pbc_run = true;
		*pw = (const uint8_t *)"00000000";
		*len = 8;
		return 0;
	}
	int slot = pin_for(ap, e, st->mac);
	if (slot < 0) {
		wsc_uuid_format(e->uuid, uuid);
		mac_format(st->mac, mac);
		char devtype[24];
		dev_type_str(e->dev_type, devtype);
		/* hostapd's words: the MAC the enrollee gave in M1 */
		static const uint8_t zero[6];
		mac_format(memcmp(e->mac, zero, 6) ? e->mac : st->mac, mac);
		ap_event(ap, "WPS-PIN-NEEDED %s %s [%s|%s|%s|%s|%s|%s]", uuid, mac,
			 e->device_name, e->manufacturer, e->model_name,
			 e->model_number, e->serial_number, devtype);
		st->m2d = true;
		return WSC_ERR_NO_PASSWORD;
	}
	ap->pins[slot].holder = st;
	st->pin_slot = slot;
	*pw = (const uint8_t *)ap->pins[slot].pin;
	*len = strlen(ap->pins[slot].pin);
	return 0;
}

/* A PIN whose halves were exposed (the run got to M4) is used up; a run
 * that ended earlier gives it back. */
static void pin_release(struct station *st, bool used_up)
{
	struct ap *ap = st->ap;

	if (st->pin_slot < 0)
		return;
	if (used_up)
		pin_drop(&ap->pins[st->pin_slot]);
	else
		ap->pins[st->pin_slot].holder = NULL;
	st->pin_slot = -1;
}

/* ---- settings */

void ap_apply_settings(struct ap *ap, const wsc_cred *c)
{
	char err[256];

	if (ap_conf_store(ap->conf_path, &ap->conf, c, err, sizeof(err)))
		fprintf(stderr, "wsc ap: could not save settings: %s\n", err);
	ap->conf.cred = *c;
	ap->conf.has_ssid = true;
	ap->configured = true;
	ap->have_pending = false;
	memset(&ap->pending, 0, sizeof(ap->pending));
	ap_event(ap, "WPS-NEW-AP-SETTINGS");
	if (!ap->use_syslog) {
		/* c may be &ap->pending, wiped above: print our copy */
		cred_print(stdout, "settings: ", &ap->conf.cred, ap->show_keys);
		fflush(stdout);
	}
}

static int check_conf(struct ap *ap, const struct ap_conf *c, char *err,
		      size_t cap)
{
	if (c->wps_state == 0) {
		snprintf(err, cap, "%s: WPS is disabled (wps_state=0)",
			 ap->conf_path);
		return -1;
	}
	if (c->wps_off) {
		/* hostapd keeps such a network up without WPS; a WPS service
		 * has nothing to offer it */
		snprintf(err, cap, "%s:%zu: WPS is disabled by %s, as in "
			 "hostapd", ap->conf_path, c->wps_off_line, c->wps_off);
		return -1;
	}
	wsc_cred probe = c->cred;

	/* per-device PSKs only: the settings are checked with one */
	if (*c->wpa_psk_file && probe.key_len == 0) {
		memset(probe.key, 'a', 64);
		probe.key_len = 64;
	}
	if (*c->wpa_psk_file && psk_file_check(c->wpa_psk_file, err, cap))
		return -1;
	if (c->wps_state == 2 && wsc_cred_check(&probe)) {
		snprintf(err, cap, "%s: network settings are not usable for "
			 "WPS (need WPA2-PSK or WPA-PSK with CCMP)",
			 ap->conf_path);
		return -1;
	}
	return 0;
}

int ap_reload(struct ap *ap, char *err, size_t cap)
{
	struct ap_conf fresh;

	if (ap_conf_load_bss(ap->conf_path, ap->bss, &fresh, err, cap))
		return -1;
	if (check_conf(ap, &fresh, err, cap) ||
	    (fresh.interface[0] && strcmp(fresh.interface, ap->ifname) &&
	     snprintf(err, cap, "interface cannot change on reload") > 0)) {
		ap_conf_free(&fresh);
		return -1;
	}
	ap_conf_free(&ap->conf);
	ap->conf = fresh;
	ap->configured = fresh.wps_state == 2;
	ap_conf_device(&ap->conf, ap->sock.mac, &ap->dev);
	return 0;
}

/* ---- stations */

/* A per-device PSK the enrollee confirmed (WSC_Done): into wpa_psk_file */
static void record_own_psk(struct ap *ap, struct station *st)
{
	char err[512], hex[65];

	memcpy(hex, st->own.key, 64);
	hex[64] = '\0';
	if (psk_file_add(ap->conf.wpa_psk_file, st->mac, hex, err,
			 sizeof(err)))
		fprintf(stderr, "wsc ap: per-device PSK not recorded: %s\n",
			err);
	explicit_bzero(hex, sizeof(hex));
	explicit_bzero(&st->own, sizeof(st->own));
	st->has_own = false;
}

static void on_event(void *ud, const wsc_event *ev)
{
	struct station *st = ud;
	struct ap *ap = st->ap;
	char mac[18], uuid[37];

	mac_format(st->mac, mac);
	wsc_uuid_format(ev->peer->uuid, uuid);
	switch (ev->type) {
	case WSC_EV_M1:
		{
			char devtype[24];
			dev_type_str(ev->peer->dev_type, devtype);
			/* hostapd's fields (it says so for Probe Requests; a
			 * wired port has only M1: request type 1, enrollee) */
			ap_event(ap, "WPS-ENROLLEE-SEEN %s %s %s 0x%x %u 1 [%s]",
				 mac, uuid, devtype, ev->peer->config_methods,
				 ev->peer->pw_id, ev->peer->device_name);
		}
		break;
	case WSC_EV_NEW_AP_SETTINGS:
		st->new_settings = ev->cred[0];
		st->have_new = true;
		break;
	case WSC_EV_SUCCESS:
		memcpy(ap->last_peer, st->mac, 6);
		ap->last_result = 1;
		if (st->enrollee_role) {
			ap_pin_succeeded(ap);
			if (st->have_new)
				ap_apply_settings(ap, &st->new_settings);
		} else {
			if (st->has_own)
				record_own_psk(ap, st);
			ap_event(ap, "WPS-REG-SUCCESS %s %s", mac, uuid);
			if (!ap->configured && ap->have_pending)
				ap_apply_settings(ap, &ap->pending);
			if (st->pin_slot < 0) { /* PBC serves one */
				pbc_forget(ap, ev->peer->uuid);
				if (ap->pbc_armed)
					pbc_disarm(ap, PBC_DISABLED);
			}
			pin_release(st, true);
		}
		ap_event(ap, "WPS-SUCCESS");
		if (ap->once)
			ap->once_result = 0;
		break;
	case WSC_EV_FAIL:
		pin_release(st, ev->msg >= WSC_MSG_M4 ||
				ev->config_error == WSC_CE_DEV_PASSWORD_AUTH);
		if (st->enrollee_role &&
		    ev->config_error == WSC_CE_DEV_PASSWORD_AUTH)
			ap_pin_failed(ap, (int64_t)time(NULL));
		/* M2D: not armed, the enrollee will retry; its NACK to the
		 * M2D is no failure either (hostapd says nothing) */
		if ((ev->error == WSC_ERR_NO_PASSWORD || st->m2d) &&
		    ev->config_error == 0)
			break;
		/* a registrar refused while the AP PIN is locked: hostapd's
		 * NACK (config error 15) raises no WPS-FAIL */
		if (ev->error == WSC_ERR_LOCKED)
			break;
		memcpy(ap->last_peer, st->mac, 6);
		ap->last_result = -1;
		ap_event(ap, "WPS-FAIL msg=%d config_error=%d", ev->msg,
			 ev->config_error);
		if (ap->once)
			ap->once_result = 1;
		break;
	default:
		break;
	}
}

static bool ensure_pending(struct ap *ap)
{
	if (ap->configured || ap->have_pending)
		return true;
	/* unconfigured: invent the network once, hand it on */
	memset(&ap->pending, 0, sizeof(ap->pending));
	if (ap->conf.has_ssid) {
		memcpy(ap->pending.ssid, ap->conf.cred.ssid,
		       ap->conf.cred.ssid_len);
		ap->pending.ssid_len = ap->conf.cred.ssid_len;
	}
	if (wsc_cred_generate(&ap->env, &ap->pending))
		return false;
	ap->have_pending = true;
	return true;
}

/*
 * The session for a run that starts now: asked by the authenticator at
 * every EAP-Response/Identity, so each run sees the current armed PINs,
 * AP PIN, lockout and settings (a station that starts over gets no stale
 * copy).
 */
static int session_for_run(void *ud, wsc_role role, wsc_session_cfg *out)
{
	struct station *st = ud;
	struct ap *ap = st->ap;
	const char *appin = ap_current_pin(ap);

	st->pbc_run = false;
	st->m2d = false;
	/* hostapd: the expanded WSC method, once the Identity is known */
	ap_event(ap, "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254");
	out->ap = true;
	out->dev = &ap->dev;
	out->on_event = on_event;
	out->event_ud = st;
	if (role == WSC_REGISTRAR) {
		if (!ensure_pending(ap))
			return -1;
		out->role = WSC_REGISTRAR;
		out->password_cb = password_for;
		out->password_ud = st;
		out->cred = ap->configured ? &ap->conf.cred : &ap->pending;
		st->enrollee_role = false;
		if (ap->configured && *ap->conf.wpa_psk_file) {
			/* hostapd's per-device PSK: 32 random bytes, handed
			 * out as 64 hex digits, recorded at WSC_Done */
			uint8_t psk[32];
			st->own = ap->conf.cred;
			if (ap->env.random ? ap->env.random(ap->env.random_ud,
							    psk, 32)
					   : wsc_random_os(NULL, psk, 32))
				return -1;
			hex_encode(psk, 32, (char *)st->own.key);
			st->own.key_len = 64;
			explicit_bzero(psk, sizeof(psk));
			st->has_own = true;
			out->cred = &st->own;
		}
		return 0;
	}
	if (!*appin)
		return -1; /* no AP PIN: no external registrars */
	out->role = WSC_ENROLLEE;
	out->password = (const uint8_t *)appin;
	out->password_len = strlen(appin);
	out->pw_id = WSC_PW_DEFAULT;
	out->ap_settings = ap->configured ? &ap->conf.cred : NULL;
	out->wps_state = ap->configured ? WSC_STATE_CONFIGURED :
					  WSC_STATE_NOT_CONFIGURED;
	out->setup_locked = ap_locked(ap, (int64_t)time(NULL));
	st->enrollee_role = true;
	return 0;
}

static struct station *station_new(struct ap *ap, struct station *st,
				   const uint8_t mac[6])
{
	wsc_eap_auth_cfg ac = { 0 };
	int err;

	memset(st, 0, sizeof(*st));
	st->ap = ap;
	st->pin_slot = -1;
	memcpy(st->mac, mac, 6);
	ac.session_cfg = session_for_run;
	ac.session_cfg_ud = st;
	ac.fragment_size = ap->conf.fragment_size;
	ac.first_id = (uint8_t)(now_ms() & 0xff);
	st->auth = wsc_eap_auth_new(&ap->env, &ac, &err);
	if (!st->auth) {
		fprintf(stderr, "wsc ap: %s\n", wsc_strerror(err));
		return NULL;
	}
	st->in_use = true;
	return st;
}

static struct station *station_get(struct ap *ap, const uint8_t mac[6])
{
	struct station *free_slot = NULL;

	for (size_t i = 0; i < MAX_STA; i++) {
		if (ap->sta[i].in_use && !memcmp(ap->sta[i].mac, mac, 6))
			return &ap->sta[i];
		if (!ap->sta[i].in_use && !free_slot)
			free_slot = &ap->sta[i];
	}
	return free_slot ? station_new(ap, free_slot, mac) : NULL;
}

static void station_flush(struct ap *ap, struct station *st)
{
	const uint8_t *f;
	size_t len;

	char mac[18];
	while (wsc_eap_auth_pop_tx(st->auth, &f, &len)) {
		if (eapol_send(&ap->sock, st->mac, f, len))
			fprintf(stderr, "wsc ap: send: %s\n", strerror(errno));
		/* hostapd's EAP events: an EAP-Failure ends every WPS run */
		if (len >= 8 && f[1] == 0 && f[4] == 4) {
			mac_format(st->mac, mac);
			ap_event(ap, "CTRL-EVENT-EAP-FAILURE %s", mac);
		}
	}
	/* a finished run, or a frame that started nothing (a stray or
	 * forged EAP packet): the slot goes back */
	if (wsc_eap_auth_status(st->auth) != 0 ||
	    wsc_eap_auth_expiry(st->auth) == UINT64_MAX) {
		pin_release(st, false);
		wsc_eap_auth_del(st->auth);
		explicit_bzero(&st->new_settings, sizeof(st->new_settings));
		explicit_bzero(&st->own, sizeof(st->own));
		st->has_own = false;
		st->in_use = false;
	}
}

static void on_frame(struct ap *ap, const uint8_t src[6], const uint8_t *pdu,
		     size_t len, uint64_t now)
{
	struct station *st = station_get(ap, src);

	if (!st)
		return;
	/* hostapd's EAP events: an EAPOL-Start (re)starts EAP with an
	 * Identity request */
	if (len >= 4 && pdu[1] == 1) {
		char mac[18];
		mac_format(src, mac);
		ap_event(ap, "CTRL-EVENT-EAP-STARTED %s", mac);
		ap_event(ap, "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1");
	}
	wsc_eap_auth_recv(st->auth, pdu, len, now);
	station_flush(ap, st);
}

/* ---- timers */

static uint64_t next_deadline(struct ap *ap)
{
	uint64_t due = UINT64_MAX;

	for (size_t i = 0; i < MAX_STA; i++)
		if (ap->sta[i].in_use) {
			uint64_t t = wsc_eap_auth_expiry(ap->sta[i].auth);
			due = t < due ? t : due;
		}
	if (ap->pbc_armed && ap->pbc_until < due)
		due = ap->pbc_until;
	for (size_t i = 0; i < MAX_PINS; i++)
		if (ap->pins[i].used && ap->pins[i].expires < due)
			due = ap->pins[i].expires;
	if (ap->ap_pin_expires && ap->ap_pin_expires < due)
		due = ap->ap_pin_expires;
	return due;
}

static void run_timers(struct ap *ap, uint64_t now)
{
	for (size_t i = 0; i < MAX_STA; i++) {
		struct station *st = &ap->sta[i];
		if (st->in_use && wsc_eap_auth_expiry(st->auth) <= now) {
			wsc_eap_auth_handle_expiry(st->auth, now);
			station_flush(ap, st);
		}
	}
	bool expired = false, pin_gone = false;
	if (ap->pbc_armed && now >= ap->pbc_until) {
		pbc_disarm(ap, PBC_TIMEOUT);
		expired = true;
	}
	/* an expired PIN goes quietly (hostapd: no event) */
	for (size_t i = 0; i < MAX_PINS; i++)
		if (ap->pins[i].used && !ap->pins[i].holder &&
		    now >= ap->pins[i].expires) {
			pin_drop(&ap->pins[i]);
			pin_gone = true;
		}
	if (expired)
		ap_event(ap, "WPS-TIMEOUT");
	if ((expired || pin_gone) && ap->once)
		ap->once_result = 1;
	if (ap->ap_pin_expires && now >= ap->ap_pin_expires) {
		ap->ap_pin_expires = 0;
		ap->st.ap_pin_set = true;
		ap->st.ap_pin[0] = '\0';
		ap_state_save(ap);
		ap_event(ap, "WPS-AP-PIN-DISABLED");
	}
	ap_locked(ap, (int64_t)time(NULL)); /* emits UNLOCKED when due */
}

/* ---- program */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wsc ap -c FILE [-i IFACE] [--pbc | --pin PIN] [options]\n"
		"\n"
		"  -c FILE           hostapd configuration file (WPS keys)\n"
		"  -i IFACE          interface (default: interface= in FILE)\n"
		"  --pbc             press the button: registrar for one push-button enrollee\n"
		"  --pin PIN         registrar for an enrollee with this PIN\n"
		"  --walk-time SEC   how long a button press or PIN lasts (default 120)\n"
		"  --state FILE      AP PIN and lockout state (default FILE.wsc-state)\n"
		"  --once            exit after the first WPS run (0 success, 1 failure)\n"
		"  -B                run in the background (with -P PIDFILE)\n"
		"  -P PIDFILE        write the process id here\n"
		"  -s                log to syslog instead of stdout/stderr\n"
		"  -d                protocol trace\n"
		"  --show-keys       print keys and secrets (in events and with -d)\n"
		"\n"
		"ctrl_interface=DIR in FILE opens the control socket DIR/IFACE for\n"
		"`wsc cli` (or hostapd_cli). SIGHUP reloads FILE; SIGTERM ends.\n");
}

struct ap_args {
	const char *ifname, *pin, *pidfile;
	bool pbc, daemonize;
	int debug;
	unsigned long walk;
};

static int parse_args(struct ap *ap, struct ap_args *a, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "pbc", no_argument, NULL, 'p' },
		{ "pin", required_argument, NULL, 'N' },
		{ "walk-time", required_argument, NULL, 'w' },
		{ "state", required_argument, NULL, 'S' },
		{ "once", no_argument, NULL, 'o' },
		{ "show-keys", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };
	int opt;

	a->walk = 120;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:c:dhBP:s", lo, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'i': a->ifname = optarg; break;
		case 'c': ap->conf_path = optarg; break;
		case 'd': a->debug++; break;
		case 'p': a->pbc = true; break;
		case 'N': a->pin = optarg; break;
		case 'o': ap->once = true; break;
		case 'k': ap->show_keys = true; break;
		case 'S': ap->state_path = optarg; break;
		case 'B': a->daemonize = true; break;
		case 'P': a->pidfile = optarg; break;
		case 's': ap->use_syslog = true; break;
		case 'w':
			a->walk = strtoul(optarg, &end, 10);
			if (*end || !*optarg || !a->walk || a->walk > 86400) {
				fprintf(stderr, "wsc ap: --walk-time must be "
						"1..86400 seconds\n");
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !ap->conf_path || (a->pbc && a->pin)) {
		fprintf(stderr, "wsc ap: %s\n", !ap->conf_path ?
			"-c FILE is required" : a->pbc && a->pin ?
			"--pbc and --pin exclude each other" :
			"unexpected argument");
		usage(stderr);
		return 2;
	}
	if (a->pin && wsc_pin_valid(a->pin)) {
		fprintf(stderr, "wsc ap: invalid PIN (4 digits, or 8 digits "
				"with a valid check digit)\n");
		return 2;
	}
	return -1;
}

static int start(struct ap *ap, const struct ap_args *a, char *err,
		 size_t cap)
{
	static char state_default[4096];

	/* -i names the BSS of a multi-BSS file (bss=), as for hostapd */
	ap->bss = a->ifname;
	if (ap_conf_load_bss(ap->conf_path, ap->bss, &ap->conf, err, cap) ||
	    check_conf(ap, &ap->conf, err, cap))
		return -1;
	snprintf(ap->ifname, sizeof(ap->ifname), "%s",
		 a->ifname ? a->ifname : ap->conf.interface);
	if (!ap->ifname[0]) {
		snprintf(err, cap, "no interface: use -i or interface= in %s",
			 ap->conf_path);
		return -1;
	}
	if (!ap->state_path) {
		snprintf(state_default, sizeof(state_default), "%s.wsc-state",
			 ap->conf_path);
		ap->state_path = state_default;
	}
	clean_stale_temps(ap->conf_path);
	clean_stale_temps(ap->state_path);
	if (ap_state_load(ap, err, cap))
		return -1;
	ap->configured = ap->conf.wps_state == 2;
	if (eapol_open(&ap->sock, ap->ifname, err, cap))
		return -1;
	ap_conf_device(&ap->conf, ap->sock.mac, &ap->dev);
	if (ap->conf.ctrl_interface[0]) {
		const char *dir = ap->conf.ctrl_interface;
		/* hostapd also accepts DIR=/path GROUP=name */
		if (!strncmp(dir, "DIR=", 4))
			dir += 4;
		char d[256];
		snprintf(d, sizeof(d), "%.*s", (int)strcspn(dir, " "), dir);
		if (ctrl_open(&ap->ctrl, d, ap->ifname, ap_ctrl_handle, ap, err,
			      cap)) {
			eapol_close(&ap->sock);
			return -1;
		}
		ap->ctrl_on = true;
	}
	return 0;
}

static int write_pidfile(const char *path)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	return write_file_atomic(path, buf, (size_t)n);
}

/* A station in the middle of an EAP conversation (it has a timer) */
static bool conversation_open(const struct ap *ap)
{
	for (size_t i = 0; i < MAX_STA; i++)
		if (ap->sta[i].in_use &&
		    wsc_eap_auth_expiry(ap->sta[i].auth) != UINT64_MAX)
			return true;
	return false;
}

static void serve(struct ap *ap)
{
	/* --once: the run's result is known, but finish the conversation
	 * (e.g. our NACK is still to be answered) before leaving, so the
	 * peer gets its EAP-Failure */
	while (!stop_flag && (ap->once_result < 0 || conversation_open(ap))) {
		uint64_t now = now_ms(), due = next_deadline(ap);
		int timeout = due <= now ? 0 : due - now > 1000 ? 1000 :
					       (int)(due - now);
		struct pollfd pfd[2] = { { .fd = ap->sock.fd, .events = POLLIN },
					 { .fd = ap->ctrl_on ? ap->ctrl.fd : -1,
					   .events = POLLIN } };
		int r = poll(pfd, 2, timeout);
		now = now_ms();
		if (reload_flag) {
			char err[512];
			reload_flag = 0;
			if (ap_reload(ap, err, sizeof(err)))
				fprintf(stderr, "wsc ap: reload refused, "
					"keeping the old configuration: %s\n",
					err);
			else
				fprintf(stderr, "wsc ap: configuration "
					"reloaded\n");
		}
		/* POLLERR too: reading clears a pending socket error (the
		 * link went down), which poll would report forever */
		if (r > 0 && (pfd[0].revents & (POLLIN | POLLERR | POLLHUP))) {
			uint8_t src[6], buf[2048];
			int n;
			for (int k = 0; k < 256; k++) {
				n = eapol_recv(&ap->sock, src, buf, sizeof(buf));
				if (n == -ENOMSG)
					continue;
				if (n < 0) {
					if (n != -EAGAIN)
						fprintf(stderr, "wsc ap: %s: %s\n",
							ap->ifname, strerror(-n));
					break;
				}
				on_frame(ap, src, buf, (size_t)n, now);
			}
		}
		if (r > 0 && (pfd[1].revents & POLLIN))
			ctrl_service(&ap->ctrl);
		run_timers(ap, now_ms());
	}
}

int cmd_ap(int argc, char **argv)
{
	static struct ap ap; /* large; one per process */
	struct ap_args a = { 0 };
	char err[512];
	int rc;

	memset(&ap, 0, sizeof(ap));
	ap.once_result = -1;
	rc = parse_args(&ap, &a, argc, argv);
	if (rc >= 0)
		return rc;
	ap.walk_ms = a.walk * 1000;
	ap.log_level = a.debug ? WSC_LOG_DEBUG : WSC_LOG_INFO;
	ap.env.log = a.debug ? log_line : NULL;
	ap.env.log_ud = &ap;
	ap.env.log_level = ap.log_level;
	ap.env.log_secrets = ap.show_keys;
	if (ap.use_syslog)
		openlog("wsc", LOG_PID, LOG_DAEMON);
	if (start(&ap, &a, err, sizeof(err))) {
		fprintf(stderr, "wsc ap: %s\n", err);
		ap_conf_free(&ap.conf);
		return 1;
	}
	if (a.daemonize && daemon(0, 0) < 0) {
		fprintf(stderr, "wsc ap: daemon: %s\n", strerror(errno));
		return 1;
	}
	if (a.pidfile && write_pidfile(a.pidfile))
		fprintf(stderr, "wsc ap: %s: cannot write\n", a.pidfile);
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (a.pbc)
		ap_arm_pbc(&ap, now_ms());
	if (a.pin)
		ap_add_pin(&ap, "any", a.pin, 0, NULL, now_ms());
	fprintf(stderr, "wsc ap: serving WPS on %s (%s)\n", ap.ifname,
		ap.configured ? "configured" : "unconfigured");
	serve(&ap);

	for (size_t i = 0; i < MAX_STA; i++)
		if (ap.sta[i].in_use)
			wsc_eap_auth_del(ap.sta[i].auth);
	if (ap.ctrl_on)
		ctrl_close(&ap.ctrl);
	if (a.pidfile)
		unlink(a.pidfile);
	eapol_close(&ap.sock);
	ap_conf_free(&ap.conf);
	rc = ap.once_result > 0 ? 1 : 0;
	memset(&ap, 0, sizeof(ap));
	return rc;
}
