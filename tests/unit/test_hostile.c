/*
 * The hostile-input suite (issue 12): each family of bad input fed to each
 * of the four receivers a run has: the AP as registrar (a station
 * enrolls), the station as enrollee, the AP as enrollee (an external
 * registrar), the station as registrar. An honest peer runs the protocol
 * up to the message under test; that message is forged, delivered, and
 * the outcome pinned: the error the session returns, the NACK it sends
 * and its config error (or none), no settings reported, secrets wiped,
 * and every allocation given back wiped.
 *
 * Both sides run on the deterministic, transparent test backend
 * (tests/backends/crypto_det.c): every Authenticator and KWA is zeros and
 * Encrypted Settings are IV || plaintext, so a forged message still
 * carries what the checks before its fault expect, and each fault
 * reaches the check it targets (a bad KWA is found as a bad KWA, not as
 * a bad Authenticator). The DH public key check is libwsc's own (a Jacobi
 * symbol), independent of the backend.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "session.h"
#include "session_check.h"
#include "test_backends.h"

/* ---- the four receivers */

enum rx { AP_REG, STA_ENR, AP_ENR, STA_REG, RX_COUNT,
	  STA_LEARN = RX_COUNT /* a station registrar learning the AP's
				  settings from M7 */ };
static const char *const rx_name[] = { "AP registrar", "station enrollee",
				       "AP enrollee", "station registrar",
				       "learning station registrar" };

typedef struct side {
	wsc_session *s;
	det_rng rng;
	count_alloc ca;
	wsc_env env;
	wsc_device dev;
	int settings;           /* CRED, NEW_AP_SETTINGS, AP_SETTINGS */
	int success;
} side;

static const uint8_t mac_ap[6] = { 0x02, 0x57, 0x53, 0x43, 0x00, 0x0a };
static const uint8_t mac_sta[6] = { 0x02, 0x57, 0x53, 0x43, 0x00, 0x0b };
static wsc_cred net, cur, fresh;

static void on_event(void *ud, const wsc_event *ev)
{
	side *sd = ud;

	if (ev->type == WSC_EV_CRED || ev->type == WSC_EV_NEW_AP_SETTINGS ||
	    ev->type == WSC_EV_AP_SETTINGS)
		sd->settings++;
	if (ev->type == WSC_EV_SUCCESS)
		sd->success++;
}

static void side_new(side *sd, const char *seed, bool ap, wsc_role role,
		     enum rx rx)
{
	wsc_session_cfg c = { .size = sizeof(c), .role = role, .ap = ap,
			      .password = (const uint8_t *)"12345670",
			      .password_len = 8, .on_event = on_event,
			      .event_ud = sd };
	int err;

	memset(sd, 0, sizeof(*sd));
	det_rng_init(&sd->rng, seed);
	count_alloc_init(&sd->ca, 0);
	test_env(&sd->env, &sd->rng, &sd->ca);
	sd->env.crypto = det_crypto();
	wsc_device_defaults(&sd->dev, ap, ap ? mac_ap : mac_sta);
	c.dev = &sd->dev;
	if (role == WSC_REGISTRAR)
		c.cred = ap ? &net : rx == STA_REG || rx == AP_ENR ? &fresh :
								   NULL;
	else if (ap)
		c.ap_settings = &cur;
	sd->s = wsc_session_new(&sd->env, &c, &err);
	if (!sd->s)
		abort();
}

/* The victim receives; the attacker is the honest peer whose message
 * under test is forged. */
static void pair_new(enum rx rx, side *victim, side *attacker)
{
	bool v_ap = rx == AP_REG || rx == AP_ENR;
	bool v_reg = rx == AP_REG || rx == STA_REG || rx == STA_LEARN;

	side_new(victim, "victim", v_ap, v_reg ? WSC_REGISTRAR : WSC_ENROLLEE,
		 rx);
	side_new(attacker, "attacker", !v_ap,
		 v_reg ? WSC_ENROLLEE : WSC_REGISTRAR, rx);
}

/* ---- messages as attribute lists */

typedef struct msg {
	uint8_t op;
	uint8_t b[MSG_MAX + 64];
	size_t len;
} msg;

/* Offset of the n-th (0-based) attribute of type t, or -1. */
static long attr_at(const uint8_t *b, size_t len, uint16_t t, int nth)
{
	for (size_t o = 0; o + 4 <= len;) {
		uint16_t ty = get_be16(b + o), l = get_be16(b + o + 2);
		if (ty == t && nth-- == 0)
			return (long)o;
		o += 4u + l;
	}
	return -1;
}

/* Replace n bytes at o by the m bytes of r. */
static void splice(uint8_t *b, size_t *len, size_t o, size_t n,
		   const uint8_t *r, size_t m)
{
	memmove(b + o + m, b + o + n, *len - o - n);
	if (m)
		memcpy(b + o, r, m);
	*len = *len - n + m;
}

/* Set attribute t's value (inserting it before the Authenticator, or at
 * the end, when absent). */
static void attr_set(uint8_t *b, size_t *len, uint16_t t, const void *v,
		     size_t vl)
{
	uint8_t a[4 + 1100];
	long o = attr_at(b, *len, t, 0);

	put_be16(a, t);
	put_be16(a + 2, (uint16_t)vl);
	memcpy(a + 4, v, vl);
	if (o >= 0) {
		splice(b, len, (size_t)o, 4u + get_be16(b + o + 2), a, 4 + vl);
	} else {
		long au = attr_at(b, *len, 0x1005, 0);
		splice(b, len, au >= 0 ? (size_t)au : *len, 0, a, 4 + vl);
	}
}

static void attr_del(uint8_t *b, size_t *len, uint16_t t)
{
	long o = attr_at(b, *len, t, 0);
	if (o >= 0)
		splice(b, len, (size_t)o, 4u + get_be16(b + o + 2), NULL, 0);
}

static void attr_dup(uint8_t *b, size_t *len, uint16_t t)
{
	long o = attr_at(b, *len, t, 0);
	if (o >= 0) {
		uint8_t a[4 + 1100];
		size_t n = 4u + get_be16(b + o + 2);
		memcpy(a, b + o, n);
		splice(b, len, (size_t)o, 0, a, n);
	}
}

/* The value of attribute t (its first byte), or NULL. */
static uint8_t *attr_val(uint8_t *b, size_t len, uint16_t t, size_t *vl)
{
	long o = attr_at(b, len, t, 0);
	if (o < 0)
		return NULL;
	*vl = get_be16(b + o + 2);
	return b + o + 4;
}

/* Encrypted Settings, transparent: IV(16) || inner || KWA(12) || pad.
 * The inner attributes out, and back in with a fresh KWA and padding. */
static size_t es_inner(msg *m, uint8_t *inner)
{
	size_t vl, n;
	uint8_t *v = attr_val(m->b, m->len, 0x1018, &vl);

	if (!v || vl < 32)
		return 0;
	n = vl - 16 - v[vl - 1] - 12;
	memcpy(inner, v + 16, n);
	return n;
}

static void es_put(msg *m, const uint8_t *inner, size_t n)
{
	uint8_t v[1100] = { 0 };
	size_t pad;

	memcpy(v + 16, inner, n);
	put_be16(v + 16 + n, 0x101e);
	put_be16(v + 18 + n, 8);
	n += 12;
	pad = 16 - n % 16;
	memset(v + 16 + n, (int)pad, pad);
	attr_set(m->b, &m->len, 0x1018, v, 16 + n + pad);
}

/* ---- the forgeries */

typedef void (*forge_fn)(msg *m);

enum { A_VERSION = 0x104a, A_MSG_TYPE = 0x1022, A_E_NONCE = 0x101a,
       A_R_NONCE = 0x1039, A_UUID_E = 0x1047, A_PUBKEY = 0x1032,
       A_E_HASH1 = 0x1014, A_R_HASH2 = 0x103e, A_ES = 0x1018,
       A_AUTH = 0x1005, A_R_SNONCE1 = 0x103f, A_E_SNONCE1 = 0x1016,
       A_CRED = 0x100e, A_SSID = 0x1045, A_AUTH_TYPE = 0x1003,
       A_ENCR_TYPE = 0x100f, A_KEY = 0x1027, A_VENDOR = 0x1049,
       A_CONFIG_ERROR = 0x1009 };

/* the message cut inside its first attribute after the header ones */
static void f_truncate(msg *m) { m->len = 4 + 1 + 4 + 1 + 4 + 3; }
static void f_pubkey_193(msg *m)
{
	uint8_t k[193];
	memset(k, 0, sizeof(k));
	k[192] = 4;
	attr_set(m->b, &m->len, A_PUBKEY, k, sizeof(k));
}
static void f_pubkey_0(msg *m) { attr_set(m->b, &m->len, A_PUBKEY, "", 0); }
static void f_pubkey_dup(msg *m) { attr_dup(m->b, &m->len, A_PUBKEY); }
static void f_pubkey_none(msg *m) { attr_del(m->b, &m->len, A_PUBKEY); }
static void f_uuid_e_none(msg *m) { attr_del(m->b, &m->len, A_UUID_E); }
static void f_r_nonce_none(msg *m) { attr_del(m->b, &m->len, A_R_NONCE); }
static void f_e_hash1_none(msg *m) { attr_del(m->b, &m->len, A_E_HASH1); }
static void f_r_hash2_none(msg *m) { attr_del(m->b, &m->len, A_R_HASH2); }
static void f_es_none(msg *m) { attr_del(m->b, &m->len, A_ES); }
static void f_e_nonce_dup(msg *m) { attr_dup(m->b, &m->len, A_E_NONCE); }
static void f_r_nonce_dup(msg *m) { attr_dup(m->b, &m->len, A_R_NONCE); }
static void f_version_none(msg *m) { attr_del(m->b, &m->len, A_VERSION); }

/* a DH public key of these bytes (left-padded to 192) */
static const uint8_t *pk_value;
static size_t pk_len;
static void f_pubkey(msg *m)
{
	attr_set(m->b, &m->len, A_PUBKEY, pk_value, pk_len);
}

static void f_nonce_flip(msg *m, uint16_t t)
{
	size_t vl;
	uint8_t *v = attr_val(m->b, m->len, t, &vl);
	if (v)
		v[vl - 1] ^= 1;
}
static void f_e_nonce_wrong(msg *m) { f_nonce_flip(m, A_E_NONCE); }
static void f_r_nonce_wrong(msg *m) { f_nonce_flip(m, A_R_NONCE); }

static void f_auth_bad(msg *m)
{
	size_t vl;
	uint8_t *v = attr_val(m->b, m->len, A_AUTH, &vl);
	if (v)
		v[0] ^= 0x80;
}

/* the message type changed: a message for another state */
static uint8_t new_type;
static void f_retype(msg *m)
{
	attr_set(m->b, &m->len, A_MSG_TYPE, &new_type, 1);
}

static void f_kwa_bad(msg *m)
{
	size_t vl;
	uint8_t *v = attr_val(m->b, m->len, A_ES, &vl);
	if (v)
		v[vl - v[vl - 1] - 1] ^= 1; /* the KWA's last byte */
}
static void f_pad_bad(msg *m)
{
	size_t vl;
	uint8_t *v = attr_val(m->b, m->len, A_ES, &vl);
	if (v)
		v[vl - 1] = 17;
}
static void f_es_odd(msg *m)
{
	uint8_t v[1100];
	size_t vl;
	uint8_t *p = attr_val(m->b, m->len, A_ES, &vl);
	if (p) {
		memcpy(v, p, vl);
		attr_set(m->b, &m->len, A_ES, v, vl - 1);
	}
}
/* inside the Encrypted Settings */
static void f_in_snonce_none(msg *m)
{
	uint8_t in[1100];
	size_t n = es_inner(m, in);
	attr_del(in, &n, A_R_SNONCE1);
	attr_del(in, &n, A_E_SNONCE1);
	attr_del(in, &n, 0x1040); /* R-SNonce2 */
	attr_del(in, &n, 0x1017); /* E-SNonce2 */
	es_put(m, in, n);
}
static void f_in_truncate(msg *m)
{
	uint8_t in[1100];
	size_t n = es_inner(m, in);
	if (n > 8)
		put_be16(in + 2, (uint16_t)(get_be16(in + 2) + 40));
	es_put(m, in, n);
}
static void f_in_dup(msg *m)
{
	uint8_t in[1100];
	size_t n = es_inner(m, in);
	attr_dup(in, &n, get_be16(in));
	es_put(m, in, n);
}

/* Credentials in M8: the station's Credential attribute(s), or the AP's
 * settings, which are the Encrypted Settings' own attributes. */
static void cred_edit(msg *m, void (*edit)(uint8_t *c, size_t *n))
{
	uint8_t in[1100], c[600];
	size_t n = es_inner(m, in), cl;
	uint8_t *v = attr_val(in, n, A_CRED, &cl);

	if (v) {
		memcpy(c, v, cl);
		edit(c, &cl);
		attr_set(in, &n, A_CRED, c, cl);
	} else {
		edit(in, &n);
	}
	es_put(m, in, n);
}
static void e_wep(uint8_t *c, size_t *n)
{
	uint8_t v[2] = { 0, 2 };
	attr_set(c, n, A_ENCR_TYPE, v, 2);
}
static void e_tkip(uint8_t *c, size_t *n)
{
	uint8_t v[2] = { 0, 4 };
	attr_set(c, n, A_ENCR_TYPE, v, 2);
}
static void e_key_ctrl(uint8_t *c, size_t *n)
{
	attr_set(c, n, A_KEY, "pass\nword=x", 11);
}
static void e_key_empty(uint8_t *c, size_t *n) { attr_set(c, n, A_KEY, "", 0); }
static void e_ssid_empty(uint8_t *c, size_t *n)
{
	attr_set(c, n, A_SSID, "", 0);
}
static void e_ssid_33(uint8_t *c, size_t *n)
{
	attr_set(c, n, A_SSID, "0123456789abcdef0123456789abcdef!", 33);
}
static void e_no_auth(uint8_t *c, size_t *n) { attr_del(c, n, A_AUTH_TYPE); }
static void e_no_ssid(uint8_t *c, size_t *n) { attr_del(c, n, A_SSID); }
static void f_cred_nossid(msg *m) { cred_edit(m, e_no_ssid); }
static void f_cred_wep(msg *m) { cred_edit(m, e_wep); }
static void f_cred_tkip(msg *m) { cred_edit(m, e_tkip); }
static void f_cred_ctrl(msg *m) { cred_edit(m, e_key_ctrl); }
static void f_cred_key0(msg *m) { cred_edit(m, e_key_empty); }
static void f_cred_ssid0(msg *m) { cred_edit(m, e_ssid_empty); }
static void f_cred_ssid33(msg *m) { cred_edit(m, e_ssid_33); }
static void f_cred_noauth(msg *m) { cred_edit(m, e_no_auth); }
static void f_cred_none(msg *m)
{
	uint8_t in[1100];
	size_t n = es_inner(m, in);
	attr_del(in, &n, A_CRED);
	es_put(m, in, n);
}
/* a second Credential, a bad one (WEP), after the good one */
static void f_cred_second_bad(msg *m)
{
	uint8_t in[1100], c[600];
	size_t n = es_inner(m, in), cl;
	uint8_t *v = attr_val(in, n, A_CRED, &cl);
	if (!v)
		return;
	memcpy(c, v, cl);
	e_wep(c, &cl);
	uint8_t a[4 + 600];
	put_be16(a, A_CRED);
	put_be16(a + 2, (uint16_t)cl);
	memcpy(a + 4, c, cl);
	splice(in, &n, n, 0, a, 4 + cl);
	es_put(m, in, n);
}

/* WFA vendor extension: Version2 subelement of length 0, of length 2 */
static void f_wfa_ver2_len(msg *m, uint8_t l)
{
	uint8_t v[8] = { 0x00, 0x37, 0x2a, 0x00, l, 0x20, 0x20 };
	attr_set(m->b, &m->len, A_VENDOR, v, 5 + l);
}
static void f_wfa_ver2_0(msg *m) { f_wfa_ver2_len(m, 0); }
static void f_wfa_ver2_2(msg *m) { f_wfa_ver2_len(m, 2); }

/* a NACK (Config Error 0) from the attacker in place of its message,
 * with both nonces right, one wrong, or without Config Error */
static int nack_mode;
static const wsc_session *victim; /* the run's nonces, as it knows them */
static void f_nack(msg *m)
{
	uint8_t ne[16], nr[16], v = 0x0e, ce[2] = { 0, 0 };

	memcpy(ne, victim->n_e, 16);
	memcpy(nr, victim->n_r, 16);
	if (nack_mode == 1)
		ne[15] ^= 1;
	if (nack_mode == 2)
		nr[15] ^= 1;
	m->len = 0;
	m->op = WSC_OP_NACK;
	attr_set(m->b, &m->len, A_VERSION, "\x10", 1);
	attr_set(m->b, &m->len, A_MSG_TYPE, &v, 1);
	attr_set(m->b, &m->len, A_E_NONCE, ne, 16);
	attr_set(m->b, &m->len, A_R_NONCE, nr, 16);
	if (nack_mode != 3)
		attr_set(m->b, &m->len, A_CONFIG_ERROR, ce, 2);
}

/* ---- one attack */

typedef struct acase {
	const char *name;
	enum rx rx;
	int at;             /* the attacker's message forged (WSC_MSG_*) */
	forge_fn forge;
	int want_rc;        /* what wsc_session_process returns */
	int want_ce;        /* the NACK's config error, -1: no NACK */
	const uint8_t *pk;  /* f_pubkey's value */
	size_t pk_len;
	uint8_t retype;     /* f_retype's type */
	int nack;           /* f_nack's mode */
} acase;

/* The type of a message (0: none). */
static int msg_type_of(const uint8_t *b, size_t len)
{
	long o = attr_at(b, len, A_MSG_TYPE, 0);
	return o >= 0 && get_be16(b + o + 2) == 1 ? b[o + 4] : 0;
}

static bool verbose;

static void attack(const acase *c)
{
	side v, a;
	msg m;
	const uint8_t *out;
	uint8_t op;
	size_t len;
	int rc = 1, got_ce = -1, settings_before = 0;
	bool forged = false, v_turn;

	pair_new(c->rx, &v, &a);
	pk_value = c->pk;
	pk_len = c->pk_len;
	new_type = c->retype;
	nack_mode = c->nack;
	victim = v.s;
	/* the enrollee speaks first */
	v_turn = c->rx == STA_ENR || c->rx == AP_ENR;
	for (int i = 0; i < 30 && !forged; i++, v_turn = !v_turn) {
		side *src = v_turn ? &v : &a, *dst = v_turn ? &a : &v;
		if (wsc_session_get_msg(src->s, &op, &out, &len) != 1)
			break;
		m.op = op;
		m.len = len;
		memcpy(m.b, out, len);
		if (!v_turn && msg_type_of(m.b, m.len) == c->at) {
			settings_before = v.settings;
			c->forge(&m);
			forged = true;
			uint8_t *exact = malloc(m.len ? m.len : 1);
			memcpy(exact, m.b, m.len);
			rc = wsc_session_process(v.s, m.op, exact, m.len);
			free(exact);
			break;
		}
		wsc_session_process(dst->s, m.op, m.b, m.len);
	}
	h_ctx("%s: %s: %s", rx_name[c->rx], wsc_msg_name(c->at), c->name);
	CHECK(forged);
	/* what the victim answers */
	if (wsc_session_get_msg(v.s, &op, &out, &len) == 1 &&
	    op == WSC_OP_NACK) {
		long o = attr_at(out, len, A_CONFIG_ERROR, 0);
		got_ce = o >= 0 ? get_be16(out + o + 4) : -2;
	}
	if (verbose)
		printf("  %-18s %-4s %-40s rc=%d (%s) nack_ce=%d\n",
		       rx_name[c->rx], wsc_msg_name(c->at), c->name, rc,
		       rc < 0 ? wsc_strerror(rc) : "-", got_ce);
	CHECK_ERR(rc, c->want_rc);
	CHECK_INT(got_ce, c->want_ce);
	if (c->want_rc < 0) {
		CHECK(wsc_session_status(v.s) < 0);
		CHECK_INT(v.settings, settings_before);
		CHECK_INT(v.success, 0);
		check_session_wiped(v.s);
	}
	wsc_session_del(v.s);
	wsc_session_del(a.s);
	CHECK_INT(v.ca.live, 0);
	CHECK_INT(v.ca.not_wiped, 0);
	CHECK_INT(v.ca.bad_size, 0);
}

/* ---- the cases */

static uint8_t pk_zero[192], pk_one[192], pk_pm1[192], pk_p[192],
	pk_ff[192], pk_short_bad[191];

static void keys_init(void)
{
	memcpy(pk_p, wsc_dh_group5_prime, 192);
	memcpy(pk_pm1, wsc_dh_group5_prime, 192);
	pk_pm1[191] -= 1;
	pk_one[191] = 1;
	memset(pk_ff, 0xff, sizeof(pk_ff));
	pk_short_bad[190] = 31; /* the least non-square mod p, in 191 bytes */
}

/* the first message each receiver gets, and one deep in the run */
static const int first_in[RX_COUNT] = { WSC_MSG_M1, WSC_MSG_M2, WSC_MSG_M2,
					WSC_MSG_M1 };
static const int proof_in[RX_COUNT] = { WSC_MSG_M3, WSC_MSG_M4, WSC_MSG_M4,
					WSC_MSG_M3 };
static const int es_in[RX_COUNT] = { WSC_MSG_M5, WSC_MSG_M4, WSC_MSG_M4,
				     WSC_MSG_M5 };
static const int last_in[RX_COUNT] = { WSC_MSG_M7, WSC_MSG_M8, WSC_MSG_M8,
				       WSC_MSG_M7 };

/* the tables give the first fields; the rest default to zero */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#define E(x) WSC_ERR_##x
#define CE2 WSC_CE_DECRYPTION_CRC

static void run_families(void)
{
	for (int r = 0; r < RX_COUNT; r++) {
		bool reg = r == AP_REG || r == STA_REG;
		/* a NACK comes once the victim knows both nonces: not for
		 * a registrar's M1 */
		int nack1 = reg ? -1 : 0;
		const acase cs[] = {
			/* 1 truncated */
			{ "message cut inside an attribute", r, first_in[r],
			  f_truncate, E(TRUNCATED), nack1 },
			{ "inner attribute runs past the settings", r, es_in[r],
			  f_in_truncate, E(DECRYPT), CE2 },
			/* 2 oversized, 3 zero-length, 4 duplicated */
			{ "Public Key of 193 bytes", r, first_in[r],
			  f_pubkey_193, E(BAD_LENGTH), nack1 },
			{ "Public Key of 0 bytes", r, first_in[r], f_pubkey_0,
			  E(BAD_LENGTH), nack1 },
			{ "Public Key twice", r, first_in[r], f_pubkey_dup,
			  E(DUPLICATE), nack1 },
			{ "its nonce twice", r, proof_in[r],
			  reg ? f_r_nonce_dup : f_e_nonce_dup, E(DUPLICATE),
			  0 },
			{ "inner attribute twice", r, es_in[r], f_in_dup,
			  E(DECRYPT), CE2 },
			/* 5 missing */
			{ "no Public Key", r, first_in[r], f_pubkey_none,
			  E(MISSING), nack1 },
			{ "no Version", r, first_in[r], f_version_none,
			  E(MISSING), nack1 },
			{ reg ? "no UUID-E" : "no Registrar Nonce", r,
			  first_in[r], reg ? f_uuid_e_none : f_r_nonce_none,
			  E(MISSING), nack1 },
			{ reg ? "no E-Hash1" : "no R-Hash2", r, proof_in[r],
			  reg ? f_e_hash1_none : f_r_hash2_none, E(MISSING),
			  0 },
			{ "no Encrypted Settings", r, last_in[r], f_es_none,
			  E(MISSING), 0 },
			{ "no secret nonce inside", r, es_in[r],
			  f_in_snonce_none, E(MISSING), 0 },
			/* 6 wrong message for the state */
			{ "M2 where M4 is due", r, proof_in[r], f_retype,
			  E(STATE), 0, .retype = reg ? WSC_MSG_M1 :
						       WSC_MSG_M2 },
			{ "the last message too early", r, proof_in[r],
			  f_retype, E(STATE), 0,
			  .retype = (uint8_t)last_in[r] },
			/* 7 wrong nonces */
			{ "its nonce wrong", r, proof_in[r],
			  reg ? f_r_nonce_wrong : f_e_nonce_wrong, E(NONCE),
			  0 },
			/* 9 Authenticator */
			{ "Authenticator wrong", r, proof_in[r], f_auth_bad,
			  E(AUTHENTICATOR), 0 },
			{ "Authenticator wrong (last message)", r, last_in[r],
			  f_auth_bad, E(AUTHENTICATOR), 0 },
			/* 10-12 Encrypted Settings */
			{ "Key Wrap Authenticator wrong", r, es_in[r],
			  f_kwa_bad, E(KWA), CE2 },
			{ "padding of 17", r, es_in[r], f_pad_bad, E(DECRYPT),
			  CE2 },
			{ "ciphertext not a multiple of 16", r, es_in[r],
			  f_es_odd, E(BAD_LENGTH), 0 },
			/* 13 DH public keys */
			{ "public key 0", r, first_in[r], f_pubkey,
			  E(BAD_PUBKEY), nack1, pk_zero, 192 },
			{ "public key 1", r, first_in[r], f_pubkey,
			  E(BAD_PUBKEY), nack1, pk_one, 192 },
			{ "public key p-1 (not in the subgroup)", r,
			  first_in[r], f_pubkey, E(BAD_PUBKEY), nack1, pk_pm1,
			  192 },
			{ "public key p", r, first_in[r], f_pubkey,
			  E(BAD_PUBKEY), nack1, pk_p, 192 },
			{ "public key of 192 bytes 0xff", r, first_in[r],
			  f_pubkey, E(BAD_PUBKEY), nack1, pk_ff, 192 },
			{ "public key of 191 bytes, not a square", r,
			  first_in[r], f_pubkey, E(BAD_PUBKEY), nack1,
			  pk_short_bad, 191 },
			/* 16 WFA vendor extension */
			{ "Version2 subelement of 0 bytes", r, first_in[r],
			  f_wfa_ver2_0, E(BAD_LENGTH), nack1 },
			{ "Version2 subelement of 2 bytes", r, first_in[r],
			  f_wfa_ver2_2, E(BAD_LENGTH), nack1 },
			/* 8 NACKs */
			/* the run ends either way; a NACK is answered with
			 * one, a forged one is not */
			{ "NACK with both nonces", r, proof_in[r], f_nack,
			  E(NACK), 0, .nack = 0 },
			{ "NACK with a wrong Enrollee Nonce", r, proof_in[r],
			  f_nack, E(NONCE), -1, .nack = 1 },
			{ "NACK with a wrong Registrar Nonce", r, proof_in[r],
			  f_nack, E(NONCE), -1, .nack = 2 },
			{ "NACK without Config Error", r, proof_in[r], f_nack,
			  E(MISSING), -1, .nack = 3 },
		};
		for (size_t i = 0; i < ARRAY_LEN(cs); i++)
			attack(&cs[i]);
	}
}

/* 14 credentials in M8, to both enrollees */
static void run_credentials(void)
{
	static const enum rx rxs[] = { STA_ENR, AP_ENR };

	for (size_t r = 0; r < ARRAY_LEN(rxs); r++) {
		enum rx x = rxs[r];
		const acase cs[] = {
			{ "WEP", x, WSC_MSG_M8, f_cred_wep, E(BAD_CRED), 0 },
			{ "TKIP alone", x, WSC_MSG_M8, f_cred_tkip,
			  E(BAD_CRED), 0 },
			{ "a newline in the passphrase", x, WSC_MSG_M8,
			  f_cred_ctrl, E(BAD_CRED), 0 },
			{ "an empty passphrase", x, WSC_MSG_M8, f_cred_key0,
			  E(BAD_CRED), 0 },
			{ "an empty SSID", x, WSC_MSG_M8, f_cred_ssid0,
			  E(BAD_CRED), 0 },
			/* a station's Credential is an attribute of its own,
			 * an AP's settings are the Encrypted Settings' */
			{ "an SSID of 33 bytes", x, WSC_MSG_M8, f_cred_ssid33,
			  x == AP_ENR ? E(DECRYPT) : E(BAD_LENGTH),
			  x == AP_ENR ? CE2 : 0 },
			{ "no Authentication Type", x, WSC_MSG_M8,
			  f_cred_noauth, E(MISSING), 0 },
		};
		for (size_t i = 0; i < ARRAY_LEN(cs); i++)
			attack(&cs[i]);
	}
	const acase sta[] = {
		{ "no Credential", STA_ENR, WSC_MSG_M8, f_cred_none,
		  E(MISSING), 0 },
		{ "a good Credential, then a WEP one", STA_ENR, WSC_MSG_M8,
		  f_cred_second_bad, E(BAD_CRED), 0 },
		/* the AP's current settings to a registrar that learns */
		{ "M7 settings with WEP", STA_LEARN, WSC_MSG_M7, f_cred_wep,
		  E(BAD_CRED), 0 },
		{ "M7 settings with a newline", STA_LEARN, WSC_MSG_M7,
		  f_cred_ctrl, E(BAD_CRED), 0 },
		{ "M7 settings without an SSID", STA_LEARN, WSC_MSG_M7,
		  f_cred_nossid, E(MISSING), 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(sta); i++)
		attack(&sta[i]);
}

int main(int argc, char **argv)
{
	verbose = argc > 1 && !strcmp(argv[1], "-v");
	setvbuf(stdout, NULL, _IONBF, 0);
	net = wpa2_cred("hostile-net", "network passphrase");
	cur = wpa2_cred("ap-current", "current passphrase");
	fresh = wpa2_cred("new-net", "new network passphrase");
	keys_init();
	run_families();
	run_credentials();
	return h_summary("hostile");
}
