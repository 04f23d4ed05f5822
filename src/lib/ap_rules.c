/*
 * The access point's rules that outlive a run: the PIN table, the PBC
 * session-overlap monitor, the AP PIN and its lockout, and the state blob
 * that carries the lockout across restarts.
 */
#include "ap.h"

/* ---- the AP PIN and its lockout */

const char *ap_pin_now(const struct wsc_ap *ap)
{
	return ap->ap_pin_set ? ap->ap_pin : ap->file_ap_pin;
}

bool ap_locked(const struct wsc_ap *ap)
{
	return ap->setup_locked_cfg || ap->locked_forever ||
	       ap->locked_until != 0;
}

/* A wrong AP PIN (the registrar's R-Hash did not match): counted across
 * every MAC; 3 lock 60 s, each further 3 double it, 10 lock until the
 * operator sets a new AP PIN. */
void ap_pin_failed(struct wsc_ap *ap)
{
	bool was = ap_locked(ap);

	if (ap->failures < 255)
		ap->failures++;
	if (ap->failures >= AP_LOCK_FOREVER) {
		ap->locked_forever = true;
	} else if (ap->failures % AP_LOCK_STEP == 0) {
		unsigned step = ap->failures / AP_LOCK_STEP - 1;
		ap->locked_until = ap->now + ((uint64_t)AP_LOCK_BASE_MS << step);
		if (ap->locked_until == 0)
			ap->locked_until = 1;
	}
	ap_emit_state(ap);
	if (ap_locked(ap) && (!was || ap->locked_forever))
		ap_emit_simple(ap, WSC_AP_EV_SETUP_LOCKED);
	if (was != ap_locked(ap))
		ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
}

void ap_pin_succeeded(struct wsc_ap *ap)
{
	if (ap->failures) {
		ap->failures = 0;
		ap_emit_state(ap);
	}
}

/* ---- the PBC monitor: distinct UUID-Es in push-button mode lately */

static void pbc_prune(struct wsc_ap *ap)
{
	size_t w = 0;

	for (size_t i = 0; i < ap->n_seen; i++)
		if (ap->now - ap->pbc_seen[i].seen < WSC_PBC_MONITOR_TIME_MS)
			ap->pbc_seen[w++] = ap->pbc_seen[i];
	ap->n_seen = w;
}

bool ap_pbc_known(struct wsc_ap *ap, const uint8_t uuid[16])
{
	pbc_prune(ap);
	for (size_t i = 0; i < ap->n_seen; i++)
		if (!memcmp(ap->pbc_seen[i].uuid, uuid, WSC_UUID_LEN))
			return true;
	return false;
}

size_t ap_pbc_count(struct wsc_ap *ap)
{
	pbc_prune(ap);
	return ap->n_seen;
}

size_t ap_pbc_note(struct wsc_ap *ap, const uint8_t uuid[16], bool *added)
{
	size_t i, oldest = 0;

	pbc_prune(ap);
	*added = false;
	for (i = 0; i < ap->n_seen; i++) {
		if (!memcmp(ap->pbc_seen[i].uuid, uuid, WSC_UUID_LEN)) {
			ap->pbc_seen[i].seen = ap->now;
			return ap->n_seen;
		}
		if (ap->pbc_seen[i].seen < ap->pbc_seen[oldest].seen)
			oldest = i;
	}
	/* a full table already holds an overlap; the oldest makes room */
	i = ap->n_seen < WSC_PBC_MONITOR_MAX ? ap->n_seen++ : oldest;
	memcpy(ap->pbc_seen[i].uuid, uuid, WSC_UUID_LEN);
	ap->pbc_seen[i].seen = ap->now;
	*added = true;
	return ap->n_seen;
}

/* An enrollee whose push-button run succeeded no longer counts against
 * the next one (hostapd: wps_registrar_remove_pbc_session). */
void ap_pbc_forget(struct wsc_ap *ap, const uint8_t uuid[16])
{
	for (size_t i = 0; i < ap->n_seen; i++)
		if (!memcmp(ap->pbc_seen[i].uuid, uuid, WSC_UUID_LEN)) {
			ap->pbc_seen[i] = ap->pbc_seen[--ap->n_seen];
			return;
		}
}

/* ---- the PIN table */

void ap_pin_drop(struct ap_pin *p)
{
	wsc_wipe(p, sizeof(*p));
	p->holder = -1;
}

/* The PIN for this enrollee: bound to its UUID-E, then to its MAC, then a
 * wildcard; among equals the one armed last (hostapd's list takes new
 * PINs at its head). */
int ap_pin_for(const struct wsc_ap *ap, const wsc_peer *e,
	       const uint8_t mac[6])
{
	int best = -1, rank = 0;

	for (int i = 0; i < WSC_AP_MAX_PINS; i++) {
		const struct ap_pin *p = &ap->pins[i];
		int r;
		if (!p->used || p->holder >= 0 || p->withdrawn)
			continue;
		if (p->has_mac && memcmp(p->mac, mac, 6))
			continue;
		if (p->has_uuid && memcmp(p->uuid, e->uuid, WSC_UUID_LEN))
			continue;
		r = p->has_uuid ? 3 : p->has_mac ? 2 : 1;
		if (r > rank ||
		    (r == rank && p->seq > ap->pins[best].seq)) {
			rank = r;
			best = i;
		}
	}
	return best;
}

/* ---- M1 rate limits
 *
 * Answering an M1 takes one exponentiation (M2's Authenticator needs the
 * shared secret), and an M1 costs its sender nothing (one public key
 * reused from new MACs). A token bucket for all stations bounds the CPU
 * a flood takes; one per MAC (its last AP_M1_MACS kept) stops a single
 * station hammering. They count only M1s that would get M2; an M1 over
 * either is answered with M2D (no exponentiation), and M2 when it comes
 * again within them. */

/* Refill a bucket of rate tokens a second up to cap, then take one. */
static bool bucket_take(uint64_t *milli, uint64_t *at, uint64_t rate,
			uint64_t cap, uint64_t now)
{
	uint64_t dt = now > *at ? now - *at : 0;

	/* rate == cap: empty to full takes 1000 ms (and dt * rate stays
	 * small below that) */
	*milli = dt >= 1000 ? cap * 1000 : *milli + dt * rate;
	if (*milli > cap * 1000)
		*milli = cap * 1000;
	*at = now;
	if (*milli < 1000)
		return false;
	*milli -= 1000;
	return true;
}

bool ap_m1_admit(struct wsc_ap *ap, const uint8_t mac[6], uint64_t now)
{
	size_t i, n = AP_M1_MACS;
	uint64_t milli = AP_M1_MAC_BURST * 1000, at = now;

	for (i = 0; i < n; i++)
		if (!memcmp(ap->m1_mac[i].mac, mac, 6))
			break;
	if (i < n) {
		milli = ap->m1_mac[i].milli;
		at = ap->m1_mac[i].at;
	}
	/* a MAC's bucket: one token each AP_M1_MAC_EVERY_MS */
	uint64_t dt = now > at ? now - at : 0;
	if (dt > AP_M1_MAC_BURST * AP_M1_MAC_EVERY_MS)
		dt = AP_M1_MAC_BURST * AP_M1_MAC_EVERY_MS; /* full anyway */
	milli += dt * 1000 / AP_M1_MAC_EVERY_MS;
	if (milli > AP_M1_MAC_BURST * 1000)
		milli = AP_M1_MAC_BURST * 1000;
	if (milli < 1000 ||
	    !bucket_take(&ap->m1_milli, &ap->m1_at, ap->m1_rate, ap->m1_rate,
			 now))
		return false;
	if (i == n) {
		i = ap->m1_mac_next;
		ap->m1_mac_next = (ap->m1_mac_next + 1) % n;
		memcpy(ap->m1_mac[i].mac, mac, 6);
	}
	ap->m1_mac[i].milli = milli - 1000;
	ap->m1_mac[i].at = now;
	return true;
}

/* ---- timers */

uint64_t ap_rules_expiry(const struct wsc_ap *ap)
{
	uint64_t due = UINT64_MAX;

	if (ap->pbc_armed)
		due = ap->pbc_until;
	for (size_t i = 0; i < WSC_AP_MAX_PINS; i++)
		if (ap->pins[i].used && ap->pins[i].holder < 0 &&
		    !ap->pins[i].withdrawn && ap->pins[i].expires < due)
			due = ap->pins[i].expires;
	if (ap->ap_pin_until && ap->ap_pin_until < due)
		due = ap->ap_pin_until;
	if (ap->locked_until && ap->locked_until < due)
		due = ap->locked_until;
	return due;
}

void ap_rules_expire(struct wsc_ap *ap, uint64_t now)
{
	bool walk_over = false, changed = false;

	if (ap->pbc_armed && now >= ap->pbc_until) {
		ap->pbc_armed = false;
		ap->pbc_overlap = false;
		ap->pbc_status = WSC_AP_PBC_TIMEOUT;
		walk_over = changed = true;
	}
	for (size_t i = 0; i < WSC_AP_MAX_PINS; i++) {
		struct ap_pin *p = &ap->pins[i];
		if (p->used && p->holder < 0 && !p->withdrawn &&
		    now >= p->expires) {
			wsc_ap_event ev = { .type = WSC_AP_EV_PIN_EXPIRED,
					    .pin_id = p->id };
			ap_pin_withdraw(ap, p); /* hostapd: no event */
			ap_emit(ap, &ev);
			changed = true;
		}
	}
	if (walk_over)
		ap_emit_simple(ap, WSC_AP_EV_TIMEOUT);
	if (ap->ap_pin_until && now >= ap->ap_pin_until) {
		ap->ap_pin_until = 0;
		ap->ap_pin_set = true;
		wsc_wipe(ap->ap_pin, sizeof(ap->ap_pin));
		ap_emit_state(ap);
		ap_emit_simple(ap, WSC_AP_EV_AP_PIN_DISABLED);
	}
	if (ap->locked_until && now >= ap->locked_until) {
		ap->locked_until = 0;
		ap_emit_state(ap);
		if (!ap_locked(ap)) {
			ap_emit_simple(ap, WSC_AP_EV_SETUP_UNLOCKED);
			changed = true;
		}
	}
	if (changed)
		ap_emit_simple(ap, WSC_AP_EV_ELEMENT);
}

/* ---- the state blob
 *
 *  0 "WSCA"  4 version  5 flags  6 failures  7 AP PIN length
 *  8 AP PIN (8)  16 lock left, ms (BE32)  20 AP PIN time left, ms (BE32)
 * 24 invented settings: SSID length, SSID (32), auth (2), encr (2), key
 *    length, key (64)  126 CRC-32 of bytes 0..125  130 end
 *
 * Times are kept as what is left, so a restart resumes a lock (never
 * shortens it) whatever the caller's clock did meanwhile.
 */
#define BLOB_VERSION 1
#define BLOB_LEN 130
enum { F_AP_PIN_SET = 1, F_FOREVER = 2, F_INVENTED = 4 };

static uint32_t crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = c >> 1 ^ (0xedb88320u & (0u - (c & 1)));
	}
	return ~c;
}

static uint32_t left(uint64_t until, uint64_t now)
{
	if (!until)
		return 0;
	if (until <= now)
		return 1;
	return until - now > 0xffffffffu ? 0xffffffffu :
					   (uint32_t)(until - now);
}

int wsc_ap_state_save(const wsc_ap *ap, uint64_t now_ms, uint8_t *b,
		      size_t cap, size_t *len)
{
	const wsc_cred *c;

	if (!ap || !b || !len)
		return WSC_ERR_INVAL;
	c = &ap->invented;
	if (cap < BLOB_LEN)
		return WSC_ERR_BUFSIZE;
	memset(b, 0, BLOB_LEN);
	memcpy(b, "WSCA", 4);
	b[4] = BLOB_VERSION;
	b[5] = (uint8_t)((ap->ap_pin_set ? F_AP_PIN_SET : 0) |
			 (ap->locked_forever ? F_FOREVER : 0) |
			 (ap->have_invented ? F_INVENTED : 0));
	b[6] = (uint8_t)ap->failures;
	b[7] = (uint8_t)strlen(ap->ap_pin);
	memcpy(b + 8, ap->ap_pin, b[7]);
	put_be32(b + 16, left(ap->locked_until, now_ms));
	put_be32(b + 20, left(ap->ap_pin_until, now_ms));
	if (ap->have_invented) {
		b[24] = c->ssid_len;
		memcpy(b + 25, c->ssid, 32);
		put_be16(b + 57, c->auth_type);
		put_be16(b + 59, c->encr_type);
		b[61] = c->key_len;
		memcpy(b + 62, c->key, 64);
	}
	put_be32(b + 126, crc32(b, 126));
	*len = BLOB_LEN;
	return 0;
}

/* All of it or nothing: a damaged blob must not unlock anything. */
int ap_state_load(struct wsc_ap *ap, const uint8_t *b, size_t n)
{
	wsc_cred c = { 0 };
	char pin[9] = "";

	if (n != BLOB_LEN || memcmp(b, "WSCA", 4) || b[4] != BLOB_VERSION ||
	    get_be32(b + 126) != crc32(b, 126) || b[5] & ~7 || b[7] > 8)
		return WSC_ERR_BAD_VALUE;
	memcpy(pin, b + 8, b[7]);
	if (b[7] && (wsc_pin_valid(pin) || !strcmp(pin, "00000000")))
		return WSC_ERR_BAD_VALUE;
	if (b[5] & F_INVENTED) {
		c.ssid_len = b[24];
		memcpy(c.ssid, b + 25, 32);
		c.auth_type = get_be16(b + 57);
		c.encr_type = get_be16(b + 59);
		c.key_len = b[61];
		memcpy(c.key, b + 62, 64);
		if (c.ssid_len < 1 || c.ssid_len > 32 || wsc_cred_check(&c)) {
			wsc_wipe(&c, sizeof(c));
			return WSC_ERR_BAD_VALUE;
		}
	}
	ap->ap_pin_set = b[5] & F_AP_PIN_SET;
	memcpy(ap->ap_pin, pin, sizeof(pin));
	ap->locked_forever = b[5] & F_FOREVER;
	ap->failures = b[6];
	ap->locked_until = get_be32(b + 16) ? ap->now + get_be32(b + 16) : 0;
	ap->ap_pin_until = get_be32(b + 20) ? ap->now + get_be32(b + 20) : 0;
	ap->have_invented = b[5] & F_INVENTED;
	ap->invented = c;
	wsc_wipe(&c, sizeof(c));
	wsc_wipe(pin, sizeof(pin));
	return 0;
}
