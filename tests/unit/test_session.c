/* The registration protocol through the session API alone: two sessions
 * handing messages to each other in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "session.h"
#include "session_check.h"
#include "test_backends.h"

/* ---- the two sides of a run */

enum { EVN = WSC_EV_FAIL + 1 };

typedef struct side {
	wsc_session *s;
	det_rng rng;
	count_alloc ca;
	wsc_env env;
	wsc_device dev;
	int ev[EVN];
	wsc_cred cred[WSC_MAX_CREDS];
	size_t ncred;
	wsc_cred settings;      /* from AP_SETTINGS or NEW_AP_SETTINGS */
	wsc_peer peer;          /* as reported with M1 / M2D / success */
	int fail_ce, fail_err, fail_msg, m2d_ce;
} side;

typedef struct tmsg {
	bool from_e;
	uint8_t op;
	size_t len;
	uint8_t b[MSG_MAX];
} tmsg;

#define TMAX 40

typedef struct run {
	side e, r;
	tmsg t[TMAX];
	size_t nt;
	int last_rc;           /* process() result of the mutated delivery */
	int events_at_mut;     /* settings events before the mutation */
	wsc_dh_keypair kpe, kpr;
} run;

/* Hand the sessions short-exponent key pairs made ahead of time, to keep
 * hundreds of runs fast (the sessions' own key generation is what the
 * other tests use). */
static bool fast_dh;

static void on_event(void *ud, const wsc_event *ev)
{
	side *sd = ud;

	CHECK((int)ev->type >= 0 && (int)ev->type < (int)EVN);
	sd->ev[ev->type]++;
	if (ev->peer)
		sd->peer = *ev->peer;
	switch (ev->type) {
	case WSC_EV_CRED:
		CHECK(ev->ncred >= 1 && ev->ncred <= WSC_MAX_CREDS && ev->cred);
		sd->ncred = ev->ncred;
		memcpy(sd->cred, ev->cred, ev->ncred * sizeof(wsc_cred));
		break;
	case WSC_EV_NEW_AP_SETTINGS:
	case WSC_EV_AP_SETTINGS:
		CHECK(ev->ncred == 1 && ev->cred);
		sd->settings = ev->cred[0];
		break;
	case WSC_EV_M2D:
		sd->m2d_ce = ev->config_error;
		break;
	case WSC_EV_FAIL:
		sd->fail_ce = ev->config_error;
		sd->fail_err = ev->error;
		sd->fail_msg = ev->msg;
		CHECK(ev->error < 0);
		break;
	default:
		break;
	}
}

static int settings_events(const run *R)
{
	return R->e.ev[WSC_EV_CRED] + R->e.ev[WSC_EV_NEW_AP_SETTINGS] +
	       R->r.ev[WSC_EV_AP_SETTINGS];
}

/* ---- scenarios */

static const uint8_t mac_ap[6] = { 0x02, 0x57, 0x53, 0x43, 0x00, 0x0a };
static const uint8_t mac_sta[6] = { 0x02, 0x57, 0x53, 0x43, 0x00, 0x0b };


typedef struct scenario {
	const char *name;
	bool ap_is_enrollee;       /* else: AP registrar, STA enrollee */
	const char *e_pw, *r_pw;   /* r_pw NULL: registrar has none */
	uint16_t e_pw_id, r_pw_id;
	bool r_has_cred;           /* STA registrar configures the AP */
	bool e_has_settings;       /* AP enrollee is configured */
	wsc_password_fn cb;
	void *cb_ud;
	const char *seed;
	bool setup_locked;
} scenario;

static wsc_cred net_cred, new_cred, ap_cur;

static void start(run *R, const scenario *sc, bool counting)
{
	wsc_session_cfg ce, cr;
	int err;

	memset(R, 0, sizeof(*R));
	char seed[128];
	snprintf(seed, sizeof(seed), "%s/enrollee", sc->seed ? sc->seed : sc->name);
	det_rng_init(&R->e.rng, seed);
	snprintf(seed, sizeof(seed), "%s/registrar", sc->seed ? sc->seed : sc->name);
	det_rng_init(&R->r.rng, seed);
	count_alloc_init(&R->e.ca, 0);
	count_alloc_init(&R->r.ca, 0);
	test_env(&R->e.env, &R->e.rng, counting ? &R->e.ca : NULL);
	test_env(&R->r.env, &R->r.rng, counting ? &R->r.ca : NULL);
	bool e_ap = sc->ap_is_enrollee;
	wsc_device_defaults(&R->e.dev, e_ap, e_ap ? mac_ap : mac_sta);
	wsc_device_defaults(&R->r.dev, !e_ap, e_ap ? mac_sta : mac_ap);
	snprintf(R->e.dev.device_name, sizeof(R->e.dev.device_name), "%s",
		 "enrollee-dev");
	snprintf(R->r.dev.device_name, sizeof(R->r.dev.device_name), "%s",
		 "registrar-dev");

	memset(&ce, 0, sizeof(ce));
	ce.size = sizeof(ce);
	ce.role = WSC_ENROLLEE;
	ce.ap = e_ap;
	ce.dev = &R->e.dev;
	ce.password = (const uint8_t *)sc->e_pw;
	ce.password_len = strlen(sc->e_pw);
	ce.pw_id = sc->e_pw_id;
	ce.ap_settings = e_ap && sc->e_has_settings ? &ap_cur : NULL;
	ce.setup_locked = sc->setup_locked;
	ce.on_event = on_event;
	ce.event_ud = &R->e;

	memset(&cr, 0, sizeof(cr));
	cr.size = sizeof(cr);
	cr.role = WSC_REGISTRAR;
	cr.ap = !e_ap;
	cr.dev = &R->r.dev;
	if (sc->r_pw) {
		cr.password = (const uint8_t *)sc->r_pw;
		cr.password_len = strlen(sc->r_pw);
	}
	cr.pw_id = sc->r_pw_id;
	cr.password_cb = sc->cb;
	cr.password_ud = sc->cb_ud;
	cr.cred = !e_ap ? &net_cred : sc->r_has_cred ? &new_cred : NULL;
	cr.on_event = on_event;
	cr.event_ud = &R->r;

	if (fast_dh) {
		CHECK_ERR(wsc_dh_keypair_generate(&R->e.env, &R->kpe, 256), 0);
		CHECK_ERR(wsc_dh_keypair_generate(&R->r.env, &R->kpr, 256), 0);
		ce.dh = &R->kpe;
		cr.dh = &R->kpr;
	}
	R->e.s = wsc_session_new(&R->e.env, &ce, &err);
	CHECK_ERR(err, 0);
	R->r.s = wsc_session_new(&R->r.env, &cr, &err);
	CHECK_ERR(err, 0);
	if (!R->e.s || !R->r.s)
		abort();
}

static void finish(run *R)
{
	wsc_session_del(R->e.s);
	wsc_session_del(R->r.s);
	R->e.s = R->r.s = NULL;
}

/* ---- the pump, with an optional mutation of one message */

enum mkind {
	MUT_NONE, MUT_REORDER_NEXT, MUT_REORDER_PREV, MUT_DUP_NOW,
	MUT_DUP_AFTER_ANSWER, MUT_DROP_NEXT, MUT_TRUNC_1, MUT_TRUNC_HALF,
	MUT_TRUNC_AUTH, MUT_AUTH, MUT_AUTH_NOT_LAST, MUT_NONCE_E, MUT_NONCE_R,
	MUT_OP, MUT_OP_FF, MUT_COUNT
};
static const char *const mut_name[] = {
	"none", "out of order (later message)", "out of order (earlier)",
	"duplicated at once", "duplicated after the answer",
	"dropped, then the next", "truncated by 1", "truncated to half",
	"Authenticator removed", "Authenticator corrupted",
	"Authenticator not the last attribute",
	"Enrollee Nonce wrong", "Registrar Nonce wrong", "wrong op-code",
	"op-code 0xff",
};

typedef struct mutation {
	enum mkind kind;
	size_t at;            /* transcript index */
	const run *ref;       /* the good run, for other messages */
	bool applied;
} mutation;

/* Index of the message from the same sender after/before i in ref. */
static long same_sender(const run *ref, size_t i, int dir)
{
	for (long j = (long)i + dir; j >= 0 && (size_t)j < ref->nt; j += dir)
		if (ref->t[j].from_e == ref->t[i].from_e)
			return j;
	return -1;
}

static bool flip_attr(uint8_t *b, size_t len, uint16_t type)
{
	for (size_t off = 0; off + 4 <= len;) {
		uint16_t t = get_be16(b + off), l = get_be16(b + off + 2);
		if (t == type && l > 0 && off + 4 + l <= len) {
			b[off + 4 + l - 1] ^= 0x01;
			return true;
		}
		off += 4u + l;
	}
	return false;
}

static bool has_auth(const uint8_t *b, size_t len)
{
	return len >= 12 && get_be16(b + len - 12) == ATTR_AUTHENTICATOR;
}

/* Can this mutation be applied to message i of the good run? */
static bool applicable(const run *ref, size_t i, enum mkind k)
{
	const tmsg *m = &ref->t[i];
	uint8_t tmp[MSG_MAX];

	switch (k) {
	case MUT_REORDER_NEXT:
	case MUT_DROP_NEXT:
		return same_sender(ref, i, 1) >= 0;
	case MUT_REORDER_PREV:
		return same_sender(ref, i, -1) >= 0;
	case MUT_TRUNC_AUTH:
	case MUT_AUTH:
		return has_auth(m->b, m->len);
	case MUT_AUTH_NOT_LAST: /* ... Vendor Extension (10), Authenticator */
		return has_auth(m->b, m->len) &&
		       get_be16(m->b + m->len - 22) == ATTR_VENDOR_EXT;
	case MUT_NONCE_E:
	case MUT_NONCE_R:
		memcpy(tmp, m->b, m->len);
		return flip_attr(tmp, m->len, k == MUT_NONCE_E ?
				 ATTR_ENROLLEE_NONCE : ATTR_REGISTRAR_NONCE);
	default:
		return true;
	}
}

static int deliver(side *to, uint8_t op, const uint8_t *b, size_t len)
{
	/* an exactly sized copy: any read past the end shows under ASan */
	uint8_t *c = malloc(len ? len : 1);
	memcpy(c, b, len);
	int r = wsc_session_process(to->s, op, c, len);
	free(c);
	return r;
}

static void pump(run *R, mutation *mu)
{
	bool from_e = true;
	tmsg pending_dup;
	bool have_dup = false;

	for (int guard = 0; guard < 60 && R->nt < TMAX; guard++) {
		side *src = from_e ? &R->e : &R->r;
		side *dst = from_e ? &R->r : &R->e;
		const uint8_t *m;
		uint8_t op;
		size_t len;

		if (wsc_session_get_msg(src->s, &op, &m, &len) <= 0) {
			if (have_dup) /* no answer: the copy arrives anyway */
				R->last_rc = deliver(src, pending_dup.op,
						     pending_dup.b,
						     pending_dup.len);
			break;
		}
		CHECK(len > 0 && len <= MSG_MAX);
		tmsg *t = &R->t[R->nt++];
		t->from_e = from_e;
		t->op = op;
		t->len = len;
		memcpy(t->b, m, len);
		if (have_dup) { /* the mutated message again, after its answer */
			have_dup = false;
			R->last_rc = deliver(src, pending_dup.op, pending_dup.b,
					     pending_dup.len);
		}
		if (!mu || mu->applied || R->nt - 1 != mu->at) {
			deliver(dst, t->op, t->b, t->len);
			/* as over EAP: the AP (authenticator) answers a NACK
			 * with EAP-Failure, not with a NACK of its own */
			if (t->op == WSC_OP_NACK && dst->s->ap)
				break;
			from_e = !from_e;
			continue;
		}
		/* the message to mutate */
		uint8_t b[MSG_MAX];
		size_t bl = t->len;
		uint8_t bop = t->op;
		memcpy(b, t->b, bl);
		mu->applied = true;
		R->events_at_mut = settings_events(R);
		long j;
		switch (mu->kind) {
		case MUT_REORDER_NEXT:
		case MUT_REORDER_PREV:
			j = same_sender(mu->ref, mu->at,
					mu->kind == MUT_REORDER_NEXT ? 1 : -1);
			R->last_rc = deliver(dst, mu->ref->t[j].op,
					     mu->ref->t[j].b, mu->ref->t[j].len);
			break;
		case MUT_DUP_NOW:
			deliver(dst, bop, b, bl);
			R->last_rc = deliver(dst, bop, b, bl);
			break;
		case MUT_DUP_AFTER_ANSWER:
			R->last_rc = deliver(dst, bop, b, bl);
			pending_dup = *t;
			have_dup = true;
			break;
		case MUT_DROP_NEXT:
			j = same_sender(mu->ref, mu->at, 1);
			R->last_rc = deliver(dst, mu->ref->t[j].op,
					     mu->ref->t[j].b, mu->ref->t[j].len);
			break;
		case MUT_TRUNC_1:
			R->last_rc = deliver(dst, bop, b, bl - 1);
			break;
		case MUT_TRUNC_HALF:
			R->last_rc = deliver(dst, bop, b, bl / 2);
			break;
		case MUT_TRUNC_AUTH:
			R->last_rc = deliver(dst, bop, b, bl - 12);
			break;
		case MUT_AUTH:
			b[bl - 1] ^= 0x80;
			R->last_rc = deliver(dst, bop, b, bl);
			break;
		case MUT_AUTH_NOT_LAST: { /* same tag, moved before the
					   * Vendor Extension */
			uint8_t tail[22];
			memcpy(tail, b + bl - 12, 12);
			memcpy(tail + 12, b + bl - 22, 10);
			memcpy(b + bl - 22, tail, 22);
			R->last_rc = deliver(dst, bop, b, bl);
			break;
		}
		case MUT_NONCE_E:
		case MUT_NONCE_R:
			flip_attr(b, bl, mu->kind == MUT_NONCE_E ?
				  ATTR_ENROLLEE_NONCE : ATTR_REGISTRAR_NONCE);
			R->last_rc = deliver(dst, bop, b, bl);
			break;
		case MUT_OP:
			R->last_rc = deliver(dst, (uint8_t)(bop % 6 + 1), b, bl);
			break;
		case MUT_OP_FF:
			R->last_rc = deliver(dst, 0xff, b, bl);
			break;
		default:
			abort();
		}
		from_e = !from_e;
	}
}

/* ---- complete runs */

static void check_secrets_wiped(const side *sd, const char *who)
{
	h_ctx("%s: secrets after the run", who);
	check_session_wiped(sd->s);
}

static bool cred_eq(const wsc_cred *a, const wsc_cred *b, bool with_mac)
{
	return a->ssid_len == b->ssid_len &&
	       !memcmp(a->ssid, b->ssid, a->ssid_len) &&
	       a->auth_type == b->auth_type && a->encr_type == b->encr_type &&
	       a->key_len == b->key_len && !memcmp(a->key, b->key, a->key_len) &&
	       (!with_mac || !memcmp(a->mac, b->mac, 6));
}

static void msg_types(const run *R, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < R->nt && o + 12 < cap; i++) {
		wsc_parsed p;
		int t = wsc_parse(R->t[i].b, R->t[i].len, &p, NULL) == 0 &&
				has(&p, WSC_A_MSG_TYPE) ?
				pv_u8(&p, WSC_A_MSG_TYPE) : 0;
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " " : "",
				      wsc_msg_name(t));
	}
}

static run *new_run(void)
{
	run *R = calloc(1, sizeof(*R));
	if (!R)
		abort();
	return R;
}

static const scenario sc_pin = {
	"AP registrar, STA enrollee, PIN", false, "12345670", "12345670",
	WSC_PW_DEFAULT, WSC_PW_DEFAULT, false, false, NULL, NULL, NULL, false
};
static const scenario sc_pbc = {
	"AP registrar, STA enrollee, PBC", false, "00000000", "00000000",
	WSC_PW_PUSHBUTTON, WSC_PW_PUSHBUTTON, false, false, NULL, NULL, NULL,
	false
};
static const scenario sc_pin4 = {
	"AP registrar, STA enrollee, 4-digit PIN", false, "1234", "1234",
	WSC_PW_DEFAULT, WSC_PW_DEFAULT, false, false, NULL, NULL, NULL, false
};
static const scenario sc_learn = {
	"AP enrollee, STA registrar learning", true, "87654325", "87654325",
	WSC_PW_DEFAULT, WSC_PW_DEFAULT, false, true, NULL, NULL, NULL, false
};
static const scenario sc_config = {
	"AP enrollee, STA registrar configuring", true, "87654325",
	"87654325", WSC_PW_DEFAULT, WSC_PW_DEFAULT, true, true, NULL, NULL,
	NULL, false
};
static const scenario sc_config_unconf = {
	"unconfigured AP enrollee, STA registrar configuring", true,
	"87654325", "87654325", WSC_PW_DEFAULT, WSC_PW_DEFAULT, true, false,
	NULL, NULL, NULL, false
};

static void expect_types(const run *R, const char *want)
{
	char got[256];
	msg_types(R, got, sizeof(got));
	CHECK_STR(got, want);
}

static void test_good_runs(void)
{
	run *R = new_run();
	static const scenario *const sta_enrollee[] = { &sc_pin, &sc_pbc,
							&sc_pin4 };

	/* the usual: the AP hands its network to a station */
	for (size_t i = 0; i < ARRAY_LEN(sta_enrollee); i++) {
		const scenario *sc = sta_enrollee[i];
		start(R, sc, true);
		pump(R, NULL);
		h_ctx("%s", sc->name);
		expect_types(R, "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done");
		CHECK_INT(wsc_session_status(R->e.s), 1);
		CHECK_INT(wsc_session_status(R->r.s), 1);
		CHECK_INT(R->e.ev[WSC_EV_CRED], 1);
		CHECK_INT(R->e.ev[WSC_EV_SUCCESS], 1);
		CHECK_INT(R->r.ev[WSC_EV_SUCCESS], 1);
		CHECK_INT(R->e.ev[WSC_EV_FAIL] + R->r.ev[WSC_EV_FAIL], 0);
		CHECK_INT(R->r.ev[WSC_EV_M1], 1);
		CHECK_INT(R->e.ncred, 1);
		wsc_cred want = net_cred;
		memcpy(want.mac, mac_sta, 6); /* the credential names the STA */
		CHECK(cred_eq(&R->e.cred[0], &want, true));
		CHECK_INT(wsc_cred_check(&R->e.cred[0]), 0);
		/* what each side learned about the other */
		CHECK_STR(R->r.peer.device_name, "enrollee-dev");
		CHECK_MEM(R->r.peer.mac, mac_sta, 6);
		CHECK_MEM(R->r.peer.uuid, R->e.dev.uuid, 16);
		CHECK_INT(R->r.peer.pw_id, sc->e_pw_id);
		CHECK_STR(R->e.peer.device_name, "registrar-dev");
		CHECK_MEM(R->e.peer.uuid, R->r.dev.uuid, 16);
		CHECK_INT(wsc_session_role(R->e.s), WSC_ENROLLEE);
		CHECK_INT(wsc_session_role(R->r.s), WSC_REGISTRAR);
		check_secrets_wiped(&R->e, "enrollee");
		check_secrets_wiped(&R->r, "registrar");
		/* the run is over: more input is refused */
		h_ctx("%s: after the end", sc->name);
		CHECK_ERR(deliver(&R->r, R->t[8].op, R->t[8].b, R->t[8].len),
			  WSC_ERR_DONE);
		CHECK_INT(wsc_session_status(R->r.s), 1);
		uint8_t op;
		const uint8_t *m;
		size_t len;
		CHECK_INT(wsc_session_get_msg(R->e.s, &op, &m, &len), 0);
		CHECK_INT(wsc_session_get_msg(R->r.s, &op, &m, &len), 0);
		finish(R);
		CHECK_INT(R->e.ca.live + R->r.ca.live, 0);
		CHECK_INT(R->e.ca.not_wiped + R->r.ca.not_wiped, 0);
		CHECK_INT(R->e.ca.bad_size + R->r.ca.bad_size, 0);
	}

	/* an external registrar reads the AP's settings: NACK at the end */
	start(R, &sc_learn, false);
	pump(R, NULL);
	h_ctx("%s", sc_learn.name);
	expect_types(R, "M1 M2 M3 M4 M5 M6 M7 WSC_NACK");
	CHECK_INT(R->r.ev[WSC_EV_AP_SETTINGS], 1);
	CHECK(cred_eq(&R->r.settings, &ap_cur, true));
	CHECK_INT(wsc_session_status(R->r.s), 1);
	CHECK_INT(R->r.ev[WSC_EV_SUCCESS], 1);
	CHECK_INT(R->e.ev[WSC_EV_NEW_AP_SETTINGS], 0);
	CHECK_INT(wsc_session_status(R->e.s), WSC_ERR_NACK);
	CHECK_INT(wsc_session_config_error(R->e.s), 0);
	CHECK_INT(R->e.ev[WSC_EV_FAIL], 1);
	CHECK_INT(R->e.fail_ce, 0);
	{
		wsc_parsed p;
		const tmsg *n = &R->t[R->nt - 1];
		CHECK_INT(n->op, WSC_OP_NACK);
		CHECK_INT(n->from_e, false);
		CHECK_ERR(wsc_parse(n->b, n->len, &p, NULL), 0);
		CHECK(has(&p, WSC_A_CONFIG_ERROR) &&
		      pv_u16(&p, WSC_A_CONFIG_ERROR) == 0);
	}
	check_secrets_wiped(&R->e, "AP enrollee (learn)");
	check_secrets_wiped(&R->r, "STA registrar (learn)");
	finish(R);

	/* an external registrar gives the AP new settings */
	static const scenario *const cfg[] = { &sc_config, &sc_config_unconf };
	for (size_t i = 0; i < ARRAY_LEN(cfg); i++) {
		start(R, cfg[i], true);
		pump(R, NULL);
		h_ctx("%s", cfg[i]->name);
		expect_types(R, "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done WSC_ACK");
		CHECK_INT(wsc_session_status(R->e.s), 1);
		CHECK_INT(wsc_session_status(R->r.s), 1);
		CHECK_INT(R->e.ev[WSC_EV_NEW_AP_SETTINGS], 1);
		CHECK_INT(R->e.ev[WSC_EV_CRED], 0);
		wsc_cred want = new_cred;
		if (cfg[i]->e_has_settings) /* the AP's MAC, learned in M7 */
			memcpy(want.mac, mac_ap, 6);
		CHECK(cred_eq(&R->e.settings, &want, true));
		CHECK_INT(R->r.ev[WSC_EV_AP_SETTINGS], cfg[i]->e_has_settings);
		CHECK_INT(R->e.ev[WSC_EV_SUCCESS] + R->r.ev[WSC_EV_SUCCESS], 2);
		/* M1 announces the AP's WPS state */
		CHECK_INT(R->r.peer.wps_state, cfg[i]->e_has_settings ?
			  WSC_STATE_CONFIGURED : WSC_STATE_NOT_CONFIGURED);
		check_secrets_wiped(&R->e, "AP enrollee (configure)");
		check_secrets_wiped(&R->r, "STA registrar (configure)");
		finish(R);
		CHECK_INT(R->e.ca.live + R->r.ca.live, 0);
	}
	h_ctx(NULL);
	free(R);
}

/* ---- wrong PINs, M2D */

static void test_wrong_pin(void)
{
	run *R = new_run();
	/* first half wrong (1235...), second half wrong (...5671 is not a
	 * valid PIN, but PIN checks are the caller's business here) */
	static const struct { const char *e, *r, *what; } cases[] = {
		{ "12345670", "12355674", "first half" },
		{ "12345670", "02345670", "first half (2)" },
		{ "12345670", "12345688", "second half" },
		{ "1234", "1235", "4-digit second half" },
		{ "1234", "2234", "4-digit first half" },
	};
	for (int ap_enrollee = 0; ap_enrollee < 2; ap_enrollee++) {
		for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
			scenario sc = ap_enrollee ? sc_config : sc_pin;
			sc.e_pw = cases[i].e;
			sc.r_pw = cases[i].r;
			start(R, &sc, false);
			pump(R, NULL);
			h_ctx("wrong PIN, %s, %s", cases[i].what, sc.name);
			bool first = strstr(cases[i].what, "first") != NULL;
			/* the enrollee checks the registrar's proof first: M4 for
			 * the first half, M6 for the second */
			/* a STA enrollee's NACK ends it; an AP enrollee's
			 * NACK is answered by the STA registrar */
			char want[64];
			snprintf(want, sizeof(want), "%s%s",
				 first ? "M1 M2 M3 M4 WSC_NACK" :
					 "M1 M2 M3 M4 M5 M6 WSC_NACK",
				 ap_enrollee ? " WSC_NACK" : "");
			expect_types(R, want);
			CHECK_ERR(wsc_session_status(R->e.s), WSC_ERR_PASSWORD);
			CHECK_ERR(wsc_session_status(R->r.s), WSC_ERR_NACK);
			CHECK_INT(wsc_session_config_error(R->e.s), 18);
			CHECK_INT(wsc_session_config_error(R->r.s), 18);
			CHECK_INT(R->e.fail_ce, 18);
			CHECK_INT(R->r.fail_ce, 18);
			CHECK_INT(R->e.ev[WSC_EV_FAIL], 1);
			CHECK_INT(R->r.ev[WSC_EV_FAIL], 1);
			CHECK_INT(settings_events(R), 0);
			CHECK_INT(R->e.ev[WSC_EV_SUCCESS] + R->r.ev[WSC_EV_SUCCESS], 0);
			check_secrets_wiped(&R->e, "enrollee (wrong PIN)");
			check_secrets_wiped(&R->r, "registrar (wrong PIN)");
			finish(R);
		}
	}
	h_ctx(NULL);
	free(R);
}

struct cb_state {
	int ret;
	const char *pw;
	int calls;
	wsc_peer seen;
};

static int pw_cb(void *ud, const wsc_peer *enrollee, const uint8_t **pw,
		 size_t *len)
{
	struct cb_state *st = ud;
	st->calls++;
	st->seen = *enrollee;
	if (st->ret)
		return st->ret;
	*pw = (const uint8_t *)st->pw;
	*len = strlen(st->pw);
	return 0;
}

static void test_m2d(void)
{
	run *R = new_run();
	struct cb_state st;
	static const struct {
		const char *what;
		const char *e_pw, *r_pw;
		uint16_t e_id, r_id;
		int cb_ret; /* 1: no callback */
		int ce;
	} cases[] = {
		{ "registrar without password", "12345670", NULL, 0, 0, 1, 0 },
		{ "PBC enrollee, PIN registrar", "00000000", "12345670",
		  WSC_PW_PUSHBUTTON, WSC_PW_DEFAULT, 1, 0 },
		{ "PIN enrollee, PBC registrar", "12345670", "00000000",
		  WSC_PW_DEFAULT, WSC_PW_PUSHBUTTON, 1, 0 },
		{ "callback: no password", "12345670", NULL, 0, 0,
		  WSC_ERR_NO_PASSWORD, 0 },
		{ "callback: PBC overlap", "00000000", NULL, WSC_PW_PUSHBUTTON,
		  0, WSC_ERR_PBC_OVERLAP, 12 },
		{ "callback: locked", "12345670", NULL, 0, 0, WSC_ERR_LOCKED,
		  15 },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		scenario sc = sc_pin;
		sc.e_pw = cases[i].e_pw;
		sc.r_pw = cases[i].r_pw;
		sc.e_pw_id = cases[i].e_id;
		sc.r_pw_id = cases[i].r_id;
		memset(&st, 0, sizeof(st));
		st.ret = cases[i].cb_ret;
		if (cases[i].cb_ret != 1) {
			sc.cb = pw_cb;
			sc.cb_ud = &st;
		}
		start(R, &sc, false);
		pump(R, NULL);
		h_ctx("M2D: %s", cases[i].what);
		expect_types(R, "M1 M2D WSC_ACK");
		CHECK_INT(R->e.ev[WSC_EV_M2D], 1);
		CHECK_INT(R->e.m2d_ce, cases[i].ce);
		CHECK_INT(wsc_session_status(R->e.s), 0); /* waits for another */
		CHECK_ERR(wsc_session_status(R->r.s), WSC_ERR_NO_PASSWORD);
		CHECK_INT(wsc_session_config_error(R->r.s), cases[i].ce);
		CHECK_INT(settings_events(R), 0);
		if (sc.cb) {
			CHECK_INT(st.calls, 1);
			CHECK_MEM(st.seen.uuid, R->e.dev.uuid, 16);
			CHECK_INT(st.seen.pw_id, cases[i].e_id);
		}
		{
			wsc_parsed p;
			CHECK_ERR(wsc_parse(R->t[1].b, R->t[1].len, &p, NULL), 0);
			CHECK(!has(&p, WSC_A_PUBLIC_KEY));
			CHECK(!has(&p, WSC_A_AUTHENTICATOR));
			CHECK(has(&p, WSC_A_CONFIG_ERROR) &&
			      pv_u16(&p, WSC_A_CONFIG_ERROR) == cases[i].ce);
			CHECK(has(&p, WSC_A_UUID_R));
		}
		finish(R);
	}
	/* the ACK to an M2D with a Registrar Nonce the enrollee never kept
	 * (wpa_supplicant 2.10 sends zeros): the run still just ends, no
	 * NACK that the enrollee could not match (hostapd: EAP-Failure) */
	{
		scenario sc = sc_pin;
		sc.r_pw = NULL;
		start(R, &sc, false);
		mutation mu = { MUT_NONCE_R, 2, NULL, false };
		pump(R, &mu);
		h_ctx("M2D, ACK with a wrong Registrar Nonce");
		CHECK(mu.applied);
		expect_types(R, "M1 M2D WSC_ACK");
		CHECK_ERR(wsc_session_status(R->r.s), WSC_ERR_NO_PASSWORD);
		finish(R);
	}
	/* an AP enrollee answers M2D with a NACK */
	scenario sc = sc_learn;
	sc.r_pw = NULL;
	start(R, &sc, false);
	pump(R, NULL);
	h_ctx("M2D to an AP enrollee");
	expect_types(R, "M1 M2D WSC_NACK WSC_NACK"); /* the STA answers */
	CHECK_INT(R->e.ev[WSC_EV_M2D], 1);
	CHECK(wsc_session_status(R->e.s) < 0);
	CHECK(wsc_session_status(R->r.s) < 0);
	finish(R);

	/* the callback's password is used (for a PBC enrollee, PBC) */
	memset(&st, 0, sizeof(st));
	st.pw = "00000000";
	sc = sc_pbc;
	sc.r_pw = NULL;
	sc.r_pw_id = 0;
	sc.cb = pw_cb;
	sc.cb_ud = &st;
	start(R, &sc, false);
	pump(R, NULL);
	h_ctx("password from the callback");
	expect_types(R, "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done");
	CHECK_INT(R->e.ev[WSC_EV_CRED], 1);
	CHECK_INT(wsc_session_status(R->r.s), 1);
	{
		wsc_parsed p;
		CHECK_ERR(wsc_parse(R->t[1].b, R->t[1].len, &p, NULL), 0);
		CHECK_INT(pv_u16(&p, WSC_A_DEV_PASSWORD_ID), WSC_PW_PUSHBUTTON);
	}
	finish(R);

	/* a locked AP refuses every registrar after M2 with error 15 */
	sc = sc_learn;
	sc.setup_locked = true;
	start(R, &sc, false);
	pump(R, NULL);
	h_ctx("locked AP enrollee");
	expect_types(R, "M1 M2 WSC_NACK WSC_NACK");
	CHECK_ERR(wsc_session_status(R->e.s), WSC_ERR_LOCKED);
	CHECK_INT(wsc_session_config_error(R->e.s), 15);
	CHECK_INT(wsc_session_config_error(R->r.s), 15);
	CHECK_INT(settings_events(R), 0);
	finish(R);
	h_ctx(NULL);
	free(R);
}


/* ---- the registrar's own checks, and what it must refuse */

/* Move one message from src to dst; returns its message type (0: none). */
static int step(side *src, side *dst, int *rc)
{
	uint8_t op;
	const uint8_t *m;
	size_t len;
	wsc_parsed p;

	if (wsc_session_get_msg(src->s, &op, &m, &len) != 1)
		return 0;
	int type = wsc_parse(m, len, &p, NULL) == 0 && has(&p, WSC_A_MSG_TYPE) ?
			   pv_u8(&p, WSC_A_MSG_TYPE) : -1;
	int r = deliver(dst, op, m, len);
	if (rc)
		*rc = r;
	return type;
}

/* An enrollee that proves a wrong PIN half without checking the
 * registrar's proof first (an attacker guessing): the registrar finds
 * out at M5 (first half) or M7 (second half) and sends no M8. */
static void test_registrar_detects_wrong_pin(void)
{
	run *R = new_run();
	int rc;

	for (int half = 1; half <= 2; half++) {
		start(R, &sc_pin, false);
		h_ctx("enrollee proves a wrong half %d", half);
		CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_M1);
		CHECK_INT(step(&R->r, &R->e, &rc), WSC_MSG_M2);
		uint8_t *psk = half == 1 ? R->e.s->psk1 : R->e.s->psk2;
		psk[0] ^= 0x01; /* E-Hash for another PIN half */
		CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_M3);
		psk[0] ^= 0x01; /* but check the registrar's proof right */
		CHECK_INT(step(&R->r, &R->e, &rc), WSC_MSG_M4);
		CHECK_INT(rc, WSC_CONTINUE);
		CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_M5);
		if (half == 2) {
			CHECK_INT(rc, WSC_CONTINUE);
			CHECK_INT(step(&R->r, &R->e, &rc), WSC_MSG_M6);
			CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_M7);
		}
		CHECK_ERR(rc, WSC_ERR_PASSWORD);
		CHECK_ERR(wsc_session_status(R->r.s), WSC_ERR_PASSWORD);
		CHECK_INT(wsc_session_config_error(R->r.s), 18);
		CHECK_INT(R->r.fail_ce, 18);
		CHECK_INT(R->r.fail_msg, half == 1 ? WSC_MSG_M5 : WSC_MSG_M7);
		/* a NACK, not M8 */
		CHECK_INT(step(&R->r, &R->e, &rc), WSC_MSG_NACK);
		CHECK_INT(R->e.ev[WSC_EV_CRED], 0);
		CHECK_ERR(wsc_session_status(R->e.s), WSC_ERR_NACK);
		CHECK_INT(R->e.fail_ce, 18);
		check_secrets_wiped(&R->r, "registrar after a wrong PIN");
		finish(R);
	}
	h_ctx(NULL);
	free(R);
}

/* A PBC run the registrar refuses mid-way (an overlap found after it
 * began): whichever message the enrollee sends next is answered with a
 * NACK carrying config error 12; no M8, no credential, either side. */
static void test_refuse(void)
{
	run *R = new_run();
	int rc;

	for (int at = 0; at < 3; at++) {
		start(R, &sc_pbc, false);
		h_ctx("refused before M%d", 3 + 2 * at);
		CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_M1);
		CHECK_INT(step(&R->r, &R->e, &rc), WSC_MSG_M2);
		for (int k = 0; k < at; k++) {
			CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_M3 + 2 * k);
			CHECK_INT(step(&R->r, &R->e, &rc), WSC_MSG_M4 + 2 * k);
		}
		wsc_session_refuse(R->r.s, WSC_ERR_PBC_OVERLAP,
				   WSC_CE_MULTIPLE_PBC);
		CHECK_INT(wsc_session_status(R->r.s), 0); /* not yet */
		CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_M3 + 2 * at);
		CHECK_ERR(rc, WSC_ERR_PBC_OVERLAP);
		CHECK_ERR(wsc_session_status(R->r.s), WSC_ERR_PBC_OVERLAP);
		CHECK_INT(R->r.fail_ce, WSC_CE_MULTIPLE_PBC);
		CHECK_INT(step(&R->r, &R->e, &rc), WSC_MSG_NACK);
		CHECK_INT(step(&R->r, &R->e, &rc), 0); /* nothing after it */
		CHECK_INT(R->e.ev[WSC_EV_CRED], 0);
		CHECK_ERR(wsc_session_status(R->e.s), WSC_ERR_NACK);
		CHECK_INT(R->e.fail_ce, WSC_CE_MULTIPLE_PBC);
		check_secrets_wiped(&R->r, "registrar after a refused run");
		finish(R);
	}
	/* a finished run is not reopened */
	start(R, &sc_pbc, false);
	h_ctx("refused after the run");
	while (step(&R->e, &R->r, &rc) > 0 && step(&R->r, &R->e, &rc) > 0)
		;
	CHECK_INT(wsc_session_status(R->r.s), 1);
	wsc_session_refuse(R->r.s, WSC_ERR_PBC_OVERLAP, WSC_CE_MULTIPLE_PBC);
	CHECK_INT(wsc_session_status(R->r.s), 1);
	CHECK_INT(R->e.ev[WSC_EV_CRED], 1);
	finish(R);
	h_ctx(NULL);
	free(R);
}

/* Replace the value of attribute type in msg (same length). */
static bool set_attr(uint8_t *b, size_t len, uint16_t type, const uint8_t *v)
{
	for (size_t off = 0; off + 4 <= len;) {
		uint16_t t = get_be16(b + off), l = get_be16(b + off + 2);
		if (t == type && off + 4 + l <= len) {
			memcpy(b + off + 4, v, l);
			return true;
		}
		off += 4u + l;
	}
	return false;
}

static void test_bad_peer(void)
{
	run *R = new_run();
	uint8_t op, buf[MSG_MAX];
	const uint8_t *m;
	size_t len;
	uint8_t pm1[192];
	int rc;

	memcpy(pm1, wsc_dh_group5_prime, 192);
	pm1[191] -= 1; /* p - 1: outside [2, p-2] */

	/* M1 with a bad public key: the registrar refuses it on arrival
	 * and sends nothing */
	start(R, &sc_pin, false);
	h_ctx("bad public key in M1");
	CHECK_INT(wsc_session_get_msg(R->e.s, &op, &m, &len), 1);
	memcpy(buf, m, len);
	CHECK(set_attr(buf, len, ATTR_PUBLIC_KEY, pm1));
	CHECK_ERR(deliver(&R->r, op, buf, len), WSC_ERR_BAD_PUBKEY);
	CHECK_ERR(wsc_session_status(R->r.s), WSC_ERR_BAD_PUBKEY);
	CHECK_INT(R->r.ev[WSC_EV_M1], 0); /* nothing of it believed */
	CHECK_INT(wsc_session_get_msg(R->r.s, &op, &m, &len), 0);
	check_secrets_wiped(&R->r, "registrar after a bad key");
	finish(R);

	/* M2 with a bad public key: the enrollee NACKs */
	start(R, &sc_pin, false);
	h_ctx("bad public key in M2");
	CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_M1);
	CHECK_INT(wsc_session_get_msg(R->r.s, &op, &m, &len), 1);
	memcpy(buf, m, len);
	CHECK(set_attr(buf, len, ATTR_PUBLIC_KEY, pm1));
	CHECK_ERR(deliver(&R->e, op, buf, len), WSC_ERR_BAD_PUBKEY);
	CHECK_INT(step(&R->e, &R->r, &rc), WSC_MSG_NACK);
	CHECK_ERR(wsc_session_status(R->r.s), WSC_ERR_NACK);
	finish(R);

	/* a message longer than any WSC message */
	start(R, &sc_pin, false);
	h_ctx("oversized message");
	static uint8_t big[MSG_MAX + 1];
	CHECK(deliver(&R->r, WSC_OP_MSG, big, sizeof(big)) < 0);
	CHECK(wsc_session_status(R->r.s) < 0);
	finish(R);

	/* credentials a station must refuse: WEP, TKIP only, bad keys */
	static const struct { uint16_t auth, encr; const char *key; } bad[] = {
		{ WSC_AUTH_OPEN, WSC_ENCR_WEP, "12345" },
		{ WSC_AUTH_SHARED, WSC_ENCR_WEP, "1234567890123" },
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_TKIP, "tkip only passphrase" },
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_AES, "short" },
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_AES, "bad\001control" },
	};
	wsc_cred saved = net_cred;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		net_cred = wpa2_cred("bad-net", bad[i].key);
		net_cred.auth_type = bad[i].auth;
		net_cred.encr_type = bad[i].encr;
		start(R, &sc_pin, false);
		pump(R, NULL);
		h_ctx("STA enrollee offered credential %zu", i);
		CHECK_INT(R->e.ev[WSC_EV_CRED], 0);
		CHECK_ERR(wsc_session_status(R->e.s), WSC_ERR_BAD_CRED);
		CHECK(wsc_session_status(R->r.s) < 0);
		finish(R);
	}
	net_cred = saved;
	/* ...and new AP settings an AP must refuse */
	wsc_cred saved_new = new_cred;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		new_cred = wpa2_cred("bad-net", bad[i].key);
		new_cred.auth_type = bad[i].auth;
		new_cred.encr_type = bad[i].encr;
		start(R, &sc_config, false);
		pump(R, NULL);
		h_ctx("AP enrollee offered settings %zu", i);
		CHECK_INT(R->e.ev[WSC_EV_NEW_AP_SETTINGS], 0);
		CHECK_ERR(wsc_session_status(R->e.s), WSC_ERR_BAD_CRED);
		CHECK(wsc_session_status(R->r.s) != 1);
		finish(R);
	}
	new_cred = saved_new;
	h_ctx(NULL);
	free(R);
}


/* A station enrollee hears M2D from one registrar, then M2 from another:
 * M2D is not the "previous message" of the Authenticator chain. */
static void test_m2d_then_m2(void)
{
	run *A = new_run(), *B = new_run();
	uint8_t op;
	const uint8_t *m;
	size_t len;
	int rc;

	scenario sa = sc_pin;
	sa.r_pw = NULL;
	sa.seed = "m2d-then-m2";
	start(A, &sa, false);
	scenario sb = sc_pin;
	sb.seed = "m2d-then-m2 B";
	start(B, &sb, false);
	h_ctx("M2D, then M2 from another registrar");
	/* M1 to both registrars */
	CHECK_INT(wsc_session_get_msg(A->e.s, &op, &m, &len), 1);
	uint8_t m1[MSG_MAX];
	size_t m1len = len;
	memcpy(m1, m, len);
	CHECK_INT(deliver(&A->r, op, m1, m1len), WSC_CONTINUE);
	CHECK_INT(deliver(&B->r, op, m1, m1len), WSC_CONTINUE);
	/* A: M2D, ACK */
	CHECK_INT(step(&A->r, &A->e, &rc), WSC_MSG_M2D);
	CHECK_INT(rc, WSC_CONTINUE);
	CHECK_INT(A->e.ev[WSC_EV_M2D], 1);
	CHECK_INT(step(&A->e, &A->r, &rc), WSC_MSG_ACK);
	CHECK_ERR(rc, WSC_ERR_NO_PASSWORD);
	/* B runs the registration with A's enrollee */
	side *e = &A->e, *r = &B->r;
	int want[] = { WSC_MSG_M2, WSC_MSG_M3, WSC_MSG_M4, WSC_MSG_M5,
		       WSC_MSG_M6, WSC_MSG_M7, WSC_MSG_M8, WSC_MSG_DONE };
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		bool from_r = i % 2 == 0;
		CHECK_INT(step(from_r ? r : e, from_r ? e : r, &rc), want[i]);
		CHECK(rc >= 0);
	}
	CHECK_INT(wsc_session_status(e->s), 1);
	CHECK_INT(wsc_session_status(r->s), 1);
	CHECK_INT(e->ev[WSC_EV_CRED], 1);
	finish(A);
	finish(B);
	h_ctx(NULL);
	free(A);
	free(B);
}

/* ---- every message mutated, in every scenario */

static void test_mutations(void)
{
	static const scenario *const scs[] = { &sc_pin, &sc_learn, &sc_config,
					       &sc_pbc };
	run *ref = new_run(), *R = new_run();
	unsigned runs = 0;

	fast_dh = true;

	for (size_t s = 0; s < ARRAY_LEN(scs); s++) {
		start(ref, scs[s], false);
		pump(ref, NULL);
		finish(ref);
		for (size_t at = 0; at < ref->nt; at++) {
			for (int k = 1; k < MUT_COUNT; k++) {
				if (!applicable(ref, at, (enum mkind)k))
					continue;
				mutation mu = { (enum mkind)k, at, ref, false };
				start(R, scs[s], false);
				pump(R, &mu);
				runs++;
				h_ctx("%s: message %zu (%s) %s", scs[s]->name, at,
				      ref->t[at].from_e ? "from enrollee" :
				      "from registrar", mut_name[k]);
				CHECK(mu.applied);
				/* replay is exact up to the mutated message */
				for (size_t i = 0; i < at && i < R->nt; i++)
					CHECK(R->t[i].len == ref->t[i].len &&
					      !memcmp(R->t[i].b, ref->t[i].b,
						      R->t[i].len));
				int se = wsc_session_status(R->e.s);
				int sr = wsc_session_status(R->r.s);
				side *rcv = ref->t[at].from_e ? &R->r : &R->e;
				int srcv = wsc_session_status(rcv->s);
				/* the bad delivery was refused, cleanly */
				if (k != MUT_NONCE_E && k != MUT_NONCE_R)
					CHECK_MSG(R->last_rc < 0, "rc %d",
						  R->last_rc);
				CHECK_MSG(srcv < 0 || (srcv == 1 &&
						       R->last_rc == WSC_ERR_DONE) ||
					  ((k == MUT_NONCE_E || k == MUT_NONCE_R) &&
					   (se < 0 || sr < 0)),
					  "receiver status %d, rc %d", srcv,
					  R->last_rc);
				/* the run did not succeed on both sides
				 * unless the refused message came after the
				 * end */
				if (R->last_rc != WSC_ERR_DONE)
					CHECK_MSG(se < 0 || sr < 0,
						  "statuses %d %d", se, sr);
				/* nothing was handed out after the fault (a
				 * duplicate comes after a good copy, whose
				 * answer may still hand settings out, once) */
				if (k == MUT_DUP_NOW || k == MUT_DUP_AFTER_ANSWER) {
					CHECK(settings_events(R) <=
					      settings_events(ref));
					CHECK(R->e.ev[WSC_EV_CRED] <= 1 &&
					      R->e.ev[WSC_EV_NEW_AP_SETTINGS] <= 1 &&
					      R->r.ev[WSC_EV_AP_SETTINGS] <= 1);
				} else {
					CHECK_INT(settings_events(R),
						  R->events_at_mut);
				}
				if (k == MUT_AUTH && !ref->t[at].from_e &&
				    at == 1)
					CHECK_ERR(srcv, WSC_ERR_AUTHENTICATOR);
				if ((k == MUT_AUTH || k == MUT_AUTH_NOT_LAST) &&
				    srcv != 1)
					CHECK_ERR(rcv->fail_err,
						  WSC_ERR_AUTHENTICATOR);
				check_secrets_wiped(rcv, "receiver of a bad message");
				finish(R);
			}
		}
	}
	h_ctx(NULL);
	fast_dh = false;
	printf("mutations: %u runs\n", runs);
	free(ref);
	free(R);
}

/* ---- determinism, allocation, randomness */

static void test_determinism(void)
{
	run *a = new_run(), *b = new_run();
	static const scenario *const scs[] = { &sc_pin, &sc_config };

	for (size_t s = 0; s < ARRAY_LEN(scs); s++) {
		start(a, scs[s], false);
		pump(a, NULL);
		finish(a);
		start(b, scs[s], false);
		pump(b, NULL);
		finish(b);
		h_ctx("replay of %s", scs[s]->name);
		CHECK_INT(a->nt, b->nt);
		for (size_t i = 0; i < a->nt && i < b->nt; i++) {
			CHECK_INT(a->t[i].op, b->t[i].op);
			CHECK(a->t[i].len == b->t[i].len &&
			      !memcmp(a->t[i].b, b->t[i].b, a->t[i].len));
		}
		/* another seed: other nonces, keys, IVs */
		scenario other = *scs[s];
		other.seed = "another seed";
		start(b, &other, false);
		pump(b, NULL);
		finish(b);
		CHECK_INT(a->nt, b->nt);
		for (size_t i = 0; i < a->nt && i < b->nt; i++)
			CHECK(a->t[i].len != b->t[i].len ||
			      memcmp(a->t[i].b, b->t[i].b, a->t[i].len));
	}
	h_ctx(NULL);
	free(a);
	free(b);
}

static void test_alloc_failure(void)
{
	count_alloc ca;
	wsc_env env;
	wsc_device dev;
	wsc_session_cfg cfg;
	int err;

	wsc_device_defaults(&dev, false, mac_sta);
	memset(&cfg, 0, sizeof(cfg));
	cfg.size = sizeof(cfg);
	cfg.role = WSC_ENROLLEE;
	cfg.dev = &dev;
	cfg.password = (const uint8_t *)"12345670";
	cfg.password_len = 8;

	count_alloc_init(&ca, 1);
	test_env(&env, NULL, &ca);
	err = 0;
	CHECK(wsc_session_new(&env, &cfg, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_NOMEM);
	CHECK_INT(ca.failed, 1);
	CHECK_INT(ca.live, 0);

	count_alloc_init(&ca, 0);
	wsc_session *s = wsc_session_new(&env, &cfg, &err);
	CHECK(s != NULL);
	CHECK_INT(ca.allocs, 1);
	wsc_session_del(s);
	CHECK_INT(ca.live, 0);
	CHECK_INT(ca.not_wiped, 0);
	CHECK_INT(ca.bad_size, 0);
	wsc_session_del(NULL);

	/* bad configurations */
	count_alloc_init(&ca, 0);
	CHECK(wsc_session_new(&env, NULL, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	wsc_session_cfg bad = cfg;
	bad.dev = NULL;
	CHECK(wsc_session_new(&env, &bad, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	bad = cfg;
	bad.password = NULL; /* an enrollee needs one */
	CHECK(wsc_session_new(&env, &bad, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	bad = cfg;
	bad.password_len = 0;
	CHECK(wsc_session_new(&env, &bad, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	bad = cfg;
	bad.password_len = 65;
	CHECK(wsc_session_new(&env, &bad, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	bad = cfg;
	bad.role = (wsc_role)2;
	CHECK(wsc_session_new(&env, &bad, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	wsc_cred huge = net_cred;
	huge.ssid_len = 33; /* more than its field holds */
	bad = cfg;
	bad.role = WSC_REGISTRAR;
	bad.cred = &huge;
	CHECK(wsc_session_new(&env, &bad, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	huge = net_cred;
	huge.key_len = 65;
	bad = cfg;
	bad.ap = true;
	bad.ap_settings = &huge;
	CHECK(wsc_session_new(&env, &bad, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	bad = cfg;
	bad.role = WSC_REGISTRAR;
	bad.ap = true; /* an AP registrar without settings */
	CHECK(wsc_session_new(&env, &bad, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	CHECK_INT(ca.allocs, 0);
}

/* Versioned configuration: the size each structure starts with. Unset or
 * short is WSC_ERR_INVAL; a longer structure (a program built against a
 * newer header) is accepted while the fields past ours are zero and
 * refused with WSC_ERR_UNSUPPORTED when one is set; nothing allocated. */
static void test_versioned_cfg(void)
{
	struct { wsc_session_cfg c; uint64_t newer; } big;
	struct { wsc_env e; uint64_t newer; } env_big;
	struct { wsc_eap_peer_cfg c; uint64_t newer; } peer_big;
	count_alloc ca;
	wsc_device dev;
	wsc_env env;
	wsc_session *s;
	int err;

	wsc_device_defaults(&dev, false, mac_sta);
	count_alloc_init(&ca, 0);
	test_env(&env, NULL, &ca);
	memset(&big, 0, sizeof(big));
	big.c = (wsc_session_cfg){ .role = WSC_ENROLLEE, .dev = &dev,
		.password = (const uint8_t *)"12345670", .password_len = 8 };
	static const struct { size_t size; uint64_t newer; int want; } v[] = {
		{ 0, 0, WSC_ERR_INVAL },
		{ sizeof(wsc_session_cfg) - 1, 0, WSC_ERR_INVAL },
		{ sizeof(wsc_session_cfg), 0, 0 },
		{ sizeof(big), 0, 0 },
		{ sizeof(big), 1, WSC_ERR_UNSUPPORTED },
		{ sizeof(wsc_session_cfg), 1, 0 }, /* not ours to read */
	};
	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		h_ctx("session config of size %zu, newer field %llu", v[i].size,
		      (unsigned long long)v[i].newer);
		big.c.size = v[i].size;
		big.newer = v[i].newer;
		err = 1;
		s = wsc_session_new(&env, &big.c, &err);
		CHECK_ERR(err, v[i].want);
		CHECK((s != NULL) == (v[i].want == 0));
		wsc_session_del(s);
		CHECK_INT(ca.live, 0);
	}
	big.c.size = sizeof(big.c);

	h_ctx("env: unset, short, newer");
	memset(&env_big, 0, sizeof(env_big));
	env_big.e = env;
	env_big.e.size = 0;
	CHECK(wsc_session_new(&env_big.e, &big.c, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	CHECK_ERR(wsc_pin_generate(&env_big.e, (char[9]){ 0 }), WSC_ERR_INVAL);
	env_big.e.size = sizeof(env_big);
	env_big.newer = 7;
	CHECK(wsc_session_new(&env_big.e, &big.c, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_UNSUPPORTED);
	wsc_dh_keypair kp;
	CHECK_ERR(wsc_dh_keypair_generate(&env_big.e, &kp, 0),
		  WSC_ERR_UNSUPPORTED);
	env_big.newer = 0;
	s = wsc_session_new(&env_big.e, &big.c, &err);
	CHECK_ERR(err, 0);
	wsc_session_del(s);

	h_ctx("EAP peer: its config and the session config it points to");
	memset(&peer_big, 0, sizeof(peer_big));
	peer_big.c.size = sizeof(peer_big);
	peer_big.c.session = &big.c;
	peer_big.newer = 1;
	CHECK(wsc_eap_peer_new(&env, &peer_big.c, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_UNSUPPORTED);
	peer_big.newer = 0;
	big.c.size = 0;
	CHECK(wsc_eap_peer_new(&env, &peer_big.c, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	big.c.size = sizeof(big.c);
	peer_big.c.session = NULL;
	CHECK(wsc_eap_peer_new(&env, &peer_big.c, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	peer_big.c.session = &big.c;
	wsc_eap_peer *p = wsc_eap_peer_new(&env, &peer_big.c, &err);
	CHECK_ERR(err, 0);
	wsc_eap_peer_del(p);

	h_ctx("EAP authenticator and AP configs unset");
	wsc_session_cfg reg = big.c;
	reg.role = WSC_REGISTRAR;
	wsc_eap_auth_cfg ac = { .for_enrollee = &reg };
	CHECK(wsc_eap_auth_new(&env, &ac, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	ac.size = sizeof(ac);
	reg.size = 0; /* the session config it points to */
	CHECK(wsc_eap_auth_new(&env, &ac, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	reg.size = sizeof(reg);
	wsc_eap_auth *a = wsc_eap_auth_new(&env, &ac, &err);
	CHECK_ERR(err, 0);
	wsc_eap_auth_del(a);
	wsc_device apd;
	wsc_device_defaults(&apd, true, mac_ap);
	wsc_ap_cfg apc = { .dev = &apd };
	CHECK(wsc_ap_new(&env, &apc, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	apc.size = sizeof(apc);
	wsc_ap *ap = wsc_ap_new(&env, &apc, &err);
	CHECK_ERR(err, 0);
	apc.size = 1;
	CHECK_ERR(wsc_ap_reconfigure(ap, &apc), WSC_ERR_INVAL);
	wsc_ap_del(ap);
	CHECK_INT(ca.live, 0);
	h_ctx(NULL);
}

/* A random source failing at the n-th call on one side: that side fails
 * with WSC_ERR_RANDOM, nobody gets settings. */
static void test_random_failure(void)
{
	run *R = new_run();
	fail_rng fr;

	for (int side_e = 0; side_e < 2; side_e++) {
		for (long n = 0; n < 12; n++) {
			start(R, &sc_pin, false);
			fail_rng_init(&fr, n);
			side *sd = side_e ? &R->e : &R->r;
			sd->s->env.random = fail_random;
			sd->s->env.random_ud = &fr;
			pump(R, NULL);
			h_ctx("%s random source fails after %ld calls",
			      side_e ? "enrollee" : "registrar", n);
			if (fr.failures == 0) {
				/* the run needed fewer calls */
				CHECK_INT(wsc_session_status(sd->s), 1);
				CHECK(n >= 5);
				finish(R);
				continue;
			}
			CHECK_ERR(wsc_session_status(sd->s), WSC_ERR_RANDOM);
			CHECK_INT(settings_events(R), 0);
			CHECK(wsc_session_status(R->e.s) != 1 ||
			      wsc_session_status(R->r.s) != 1);
			/* nothing sent carries the failed source's bytes */
			uint8_t fill[16];
			memset(fill, 0x5a, sizeof(fill));
			for (size_t i = 0; i < R->nt; i++)
				for (size_t o = 0; o + 16 <= R->t[i].len; o++)
					if (!memcmp(R->t[i].b + o, fill, 16))
						CHECK_MSG(false, "0x5a bytes in message %zu", i);
			check_secrets_wiped(sd, "side with failed randomness");
			finish(R);
		}
	}
	h_ctx(NULL);
	free(R);
}

/* The crypto backend failing at the n-th call on one side (every call
 * site in turn, key generation included): that side fails with
 * WSC_ERR_CRYPTO, nobody gets settings, nothing sent carries the failed
 * call's output, and its secrets are wiped. */
static void test_crypto_failure(void)
{
	run *R = new_run();
	fail_crypto fc;

	for (int side_e = 0; side_e < 2; side_e++) {
		long completed_at = -1;
		for (long n = 0; n < 64 && completed_at < 0; n++) {
			start(R, &sc_pin, false);
			fail_crypto_init(&fc, NULL, n);
			side *sd = side_e ? &R->e : &R->r;
			sd->s->env.crypto = &fc.table;
			pump(R, NULL);
			h_ctx("%s crypto fails after %ld calls",
			      side_e ? "enrollee" : "registrar", n);
			if (fc.failures == 0) {
				CHECK_INT(wsc_session_status(sd->s), 1);
				completed_at = n;
				finish(R);
				continue;
			}
			CHECK_ERR(wsc_session_status(sd->s), WSC_ERR_CRYPTO);
			CHECK_INT(fc.failures, 1); /* it stops at once */
			CHECK_INT(settings_events(R), 0);
			uint8_t fill[16];
			memset(fill, FAIL_CRYPTO_FILL, sizeof(fill));
			for (size_t i = 0; i < R->nt; i++)
				for (size_t o = 0; o + 16 <= R->t[i].len; o++)
					if (!memcmp(R->t[i].b + o, fill, 16))
						CHECK_MSG(false, "0x5a bytes in "
							  "message %zu", i);
			check_secrets_wiped(sd, "side with failed crypto");
			finish(R);
		}
		/* each side makes a key pair, the shared secret, the keys,
		 * the hashes, authenticators and encrypted settings: a
		 * dozen calls at least, all of them tried above */
		h_ctx("%s: calls in a run", side_e ? "enrollee" : "registrar");
		CHECK(completed_at >= 12);
	}
	h_ctx(NULL);
	free(R);
}

/* The helpers that use the backend fail closed too. */
static void test_crypto_failure_helpers(void)
{
	fail_crypto fc;
	wsc_env env;
	wsc_dh_keypair kp;
	uint8_t pmk[32];
	det_rng rng;
	wsc_cred c = wpa2_cred("net", "passphrase");

	det_rng_init(&rng, "helpers");
	test_env(&env, &rng, NULL);
	fail_crypto_init(&fc, NULL, 0);
	env.crypto = &fc.table;
	h_ctx("failing backend: key pair");
	CHECK_ERR(wsc_dh_keypair_generate(&env, &kp, 0), WSC_ERR_CRYPTO);
	CHECK(!kp.valid && all_zero(&kp, sizeof(kp)));
	h_ctx("failing backend: PMK");
	memset(pmk, 1, sizeof(pmk));
	CHECK_ERR(wsc_cred_pmk(&env, &c, pmk), WSC_ERR_CRYPTO);
	CHECK(all_zero(pmk, sizeof(pmk)));
	h_ctx("a backend without PBKDF2");
	CHECK_ERR(wsc_cred_pmk(&(wsc_env){ .size = sizeof(wsc_env),
					   .crypto = det_crypto() }, &c, pmk),
		  WSC_ERR_UNSUPPORTED);
	h_ctx("PMK: the PSK itself, and refusals");
	wsc_cred hex = c;
	memset(hex.key, 'a', 64);
	hex.key_len = 64;
	CHECK_ERR(wsc_cred_pmk(NULL, &hex, pmk), 0);
	for (size_t i = 0; i < 32; i++)
		CHECK_INT(pmk[i], 0xaa);
	hex.key[63] = 'g';
	CHECK_ERR(wsc_cred_pmk(NULL, &hex, pmk), WSC_ERR_BAD_CRED);
	wsc_cred open = c;
	open.key_len = 0;
	CHECK_ERR(wsc_cred_pmk(NULL, &open, pmk), WSC_ERR_BAD_CRED);
	CHECK_ERR(wsc_cred_pmk(NULL, NULL, pmk), WSC_ERR_INVAL);
	h_ctx(NULL);
}

/* Where is needle in the message? */
static bool contains(const tmsg *t, const void *needle, size_t n)
{
	for (size_t o = 0; o + n <= t->len; o++)
		if (!memcmp(t->b + o, needle, n))
			return true;
	return false;
}

/* The fuzzers' deterministic, transparent backend on both sides: the run
 * completes, the Authenticators are zeros and the credential travels in
 * the clear inside M8's Encrypted Settings, so a fuzzer can write what a
 * session believes. */
static void test_det_backend(void)
{
	run *R = new_run();

	start(R, &sc_pin, false);
	R->e.s->env.crypto = det_crypto();
	R->r.s->env.crypto = det_crypto();
	pump(R, NULL);
	h_ctx("transparent backend");
	expect_types(R, "M1 M2 M3 M4 M5 M6 M7 M8 WSC_Done");
	CHECK_INT(wsc_session_status(R->e.s), 1);
	CHECK_INT(R->e.ev[WSC_EV_CRED], 1);
	CHECK(cred_eq(&R->e.cred[0], &net_cred, false));
	CHECK(contains(&R->t[7], net_cred.key, net_cred.key_len));
	static const uint8_t auth0[12] = { 0x10, 0x05, 0x00, 0x08 };
	CHECK(R->t[7].len > 12 &&
	      !memcmp(R->t[7].b + R->t[7].len - 12, auth0, 12));
	finish(R);
	h_ctx(NULL);
	free(R);
}

/* Dead stack frames keep no secret: after each message of a run, neither
 * role left its keys (AuthKey, KeyWrapKey, EMSK) or the network's
 * passphrase (M7/M8's Encrypted Settings in the clear) in the stack it
 * used. Checked after every message, before later calls overwrite it. */
static void scan_secrets(const wsc_keys *k, int msg)
{
	h_ctx("the stack after message %d", msg);
	if (k) {
		CHECK_INT(stack_find(k->authkey, sizeof(k->authkey)), -1);
		CHECK_INT(stack_find(k->keywrapkey, sizeof(k->keywrapkey)), -1);
		CHECK_INT(stack_find(k->emsk, sizeof(k->emsk)), -1);
	}
	CHECK_INT(stack_find(new_cred.key, new_cred.key_len), -1);
	CHECK_INT(stack_find(ap_cur.key, ap_cur.key_len), -1);
}

static void test_stack_wiped(void)
{
	run *R = new_run();
	wsc_keys k;
	bool have_k = false;
	int n = 0;

	start(R, &sc_config, false);
	for (bool from_e = true;; from_e = !from_e) {
		side *src = from_e ? &R->e : &R->r, *dst = from_e ? &R->r : &R->e;
		if (!step(src, dst, NULL))
			break;
		n++;
		if (!have_k && !all_zero(&R->e.s->keys, sizeof(k))) {
			k = R->e.s->keys;
			have_k = true;
		}
		scan_secrets(have_k ? &k : NULL, n);
	}
	h_ctx("a whole run");
	CHECK_INT(n, 10); /* every message of the run */
	CHECK_INT(wsc_session_status(R->e.s), 1);
	CHECK(have_k);
	finish(R);
	/* the probe can see: a secret left on purpose is found */
	h_ctx("the probe finds what is left");
	CHECK(leave_on_stack(k.authkey) >= 0 &&
	      stack_find(k.authkey, sizeof(k.authkey)) >= 0);
	wsc_wipe(&k, sizeof(k));
	h_ctx(NULL);
	free(R);
}

/* Keys exist during the run and are gone when the session fails or is
 * aborted. */
static void test_wipe_on_abort(void)
{
	run *R = new_run();
	uint8_t op;
	const uint8_t *m;
	size_t len;

	start(R, &sc_pin, false);
	CHECK_INT(wsc_session_get_msg(R->e.s, &op, &m, &len), 1);  /* M1 */
	CHECK_INT(wsc_session_process(R->r.s, op, m, len), WSC_CONTINUE);
	CHECK_INT(wsc_session_get_msg(R->r.s, &op, &m, &len), 1);  /* M2 */
	CHECK_INT(wsc_session_process(R->e.s, op, m, len), WSC_CONTINUE);
	h_ctx("keys during the run");
	CHECK(!all_zero(&R->e.s->keys, sizeof(R->e.s->keys)));
	CHECK(!all_zero(&R->r.s->keys, sizeof(R->r.s->keys)));
	CHECK(!all_zero(R->e.s->psk1, 16));
	CHECK(!all_zero(R->e.s->pw, 8));
	/* the private key has done its job once the keys exist */
	CHECK(all_zero(R->e.s->dh.priv, sizeof(R->e.s->dh.priv)));
	CHECK(all_zero(R->r.s->dh.priv, sizeof(R->r.s->dh.priv)));
	CHECK_MEM(R->e.s->keys.authkey, R->r.s->keys.authkey, 32);
	wsc_session_abort(R->e.s, WSC_ERR_TIMEOUT);
	wsc_session_abort(R->r.s, WSC_ERR_TIMEOUT);
	CHECK_ERR(wsc_session_status(R->e.s), WSC_ERR_TIMEOUT);
	CHECK_INT(wsc_session_config_error(R->e.s), WSC_CE_MSG_TIMEOUT);
	CHECK_INT(R->e.ev[WSC_EV_FAIL], 1);
	check_secrets_wiped(&R->e, "aborted enrollee");
	check_secrets_wiped(&R->r, "aborted registrar");
	CHECK_INT(wsc_session_get_msg(R->e.s, &op, &m, &len), 0);
	/* aborting twice reports once */
	wsc_session_abort(R->e.s, WSC_ERR_EAP);
	CHECK_INT(R->e.ev[WSC_EV_FAIL], 1);
	CHECK_ERR(wsc_session_status(R->e.s), WSC_ERR_TIMEOUT);
	finish(R);
	h_ctx(NULL);
	free(R);
}

/* ---- the real run: our sessions say what wpa_supplicant and hostapd
 * said, byte for byte, given their keys and random values */

static void test_interop_replay(void)
{
	size_t n, l;
	wsc_dh_keypair kp;
	script_rng sr;
	wsc_env env;
	wsc_device dev;
	wsc_session_cfg cfg;
	side sd;
	uint8_t op;
	const uint8_t *m;
	int err;
	static const uint8_t two = 2;

	/* -- our enrollee against hostapd's messages */
	h_ctx("replay as enrollee");
	memset(&sd, 0, sizeof(sd));
	script_rng_init(&sr, "replay");
	script_rng_add(&sr, vec("e_nonce", NULL), 16);
	script_rng_add(&sr, vec("e_s1", NULL), 16);
	script_rng_add(&sr, vec("e_s2", NULL), 16);
	const uint8_t *m5 = vec("m5", &l);
	script_rng_add(&sr, m5 + l - 10 - 12 - 64, 16);   /* M5's IV */
	const uint8_t *m7 = vec("m7", &l);
	script_rng_add(&sr, m7 + l - 10 - 12 - 64, 16);   /* M7's IV */
	memset(&env, 0, sizeof(env));
	env.size = sizeof(env);
	env.random = script_random;
	env.random_ud = &sr;
	memset(&kp, 0, sizeof(kp));
	const uint8_t *priv = vec("enrollee_dh_private", &n);
	memcpy(kp.priv, priv, n);
	kp.priv_len = n;
	wsc_crypto_default()->modexp(NULL, &two, 1, priv, n, wsc_dh_group5_prime,
				     192, kp.pub);
	kp.valid = true;
	wsc_device_defaults(&dev, false, vec("enrollee_mac", NULL));
	memcpy(dev.uuid, vec("uuid_e", NULL), 16);
	memset(&cfg, 0, sizeof(cfg));
	cfg.size = sizeof(cfg);
	cfg.role = WSC_ENROLLEE;
	cfg.dev = &dev;
	cfg.password = vec("pin", &n);
	cfg.password_len = n;
	cfg.dh = &kp;
	cfg.on_event = on_event;
	cfg.event_ud = &sd;
	wsc_session *s = wsc_session_new(&env, &cfg, &err);
	CHECK(s != NULL);
	CHECK(all_zero(&kp, sizeof(kp))); /* consumed */
	if (!s)
		return;
	CHECK_INT(wsc_session_get_msg(s, &op, &m, &l), 1);
	{
		wsc_parsed p;
		CHECK_ERR(wsc_parse(m, l, &p, NULL), 0);
		CHECK_MEM(p.a[WSC_A_ENROLLEE_NONCE].p, vec("e_nonce", NULL), 16);
		CHECK_MEM(p.a[WSC_A_PUBLIC_KEY].p,
			  vec("enrollee_public_key", NULL), 192);
	}
	/* M1 differs in its device attributes; pretend we sent theirs */
	const uint8_t *v = vec("m1", &l);
	memcpy(s->last, v, l);
	s->last_len = l;
	static const char *const in_e[] = { "m2", "m4", "m6", "m8" };
	static const char *const out_e[] = { "m3", "m5", "m7", "wsc_done" };
	for (size_t i = 0; i < 4; i++) {
		v = vec(in_e[i], &l);
		h_ctx("replay as enrollee: %s in, %s out", in_e[i], out_e[i]);
		CHECK_INT(wsc_session_process(s, WSC_OP_MSG, v, l), WSC_CONTINUE);
		CHECK_INT(wsc_session_get_msg(s, &op, &m, &n), 1);
		const uint8_t *want = vec(out_e[i], &l);
		CHECK_INT(n, l);
		CHECK(n == l && !memcmp(m, want, l));
		CHECK_INT(op, i == 3 ? WSC_OP_DONE : WSC_OP_MSG);
	}
	CHECK_INT(sr.mismatches, 0);
	CHECK_INT(sr.next, 5);
	CHECK_INT(wsc_session_status(s), 1);
	CHECK_INT(sd.ev[WSC_EV_CRED], 1);
	wsc_cred want = wpa2_cred("wsc-interop", "interop-passphrase-1");
	memcpy(want.mac, vec("enrollee_mac", NULL), 6);
	CHECK(cred_eq(&sd.cred[0], &want, true));
	CHECK_MEM(sd.peer.uuid, vec("uuid_r", NULL), 16);
	wsc_session_del(s);

	/* -- our registrar against wpa_supplicant's messages */
	h_ctx("replay as registrar");
	memset(&sd, 0, sizeof(sd));
	script_rng_init(&sr, "replay");
	script_rng_add(&sr, vec("r_nonce", NULL), 16);
	script_rng_add(&sr, vec("r_s1", NULL), 16);
	script_rng_add(&sr, vec("r_s2", NULL), 16);
	static const char *const out_r[] = { "m4", "m6", "m8" };
	const uint8_t *ivs[3];
	for (int i = 0; i < 3; i++) {
		wsc_parsed p;
		v = vec(out_r[i], &l);
		wsc_parse(v, l, &p, NULL);
		ivs[i] = p.a[WSC_A_ENCR_SETTINGS].p;
		script_rng_add(&sr, ivs[i], 16);
	}
	memset(&kp, 0, sizeof(kp));
	priv = vec("registrar_dh_private", &n);
	memcpy(kp.priv, priv, n);
	kp.priv_len = n;
	wsc_crypto_default()->modexp(NULL, &two, 1, priv, n, wsc_dh_group5_prime,
				     192, kp.pub);
	kp.valid = true;
	wsc_device_defaults(&dev, true, vec("registrar_mac", NULL));
	memcpy(dev.uuid, vec("uuid_r", NULL), 16);
	wsc_cred net = wpa2_cred("wsc-interop", "interop-passphrase-1");
	memset(&cfg, 0, sizeof(cfg));
	cfg.size = sizeof(cfg);
	cfg.role = WSC_REGISTRAR;
	cfg.ap = true;
	cfg.dev = &dev;
	cfg.password = vec("pin", &n);
	cfg.password_len = n;
	cfg.cred = &net;
	cfg.dh = &kp;
	cfg.on_event = on_event;
	cfg.event_ud = &sd;
	s = wsc_session_new(&env, &cfg, &err);
	CHECK(s != NULL);
	if (!s)
		return;
	v = vec("m1", &l);
	CHECK_INT(wsc_session_process(s, WSC_OP_MSG, v, l), WSC_CONTINUE);
	CHECK_INT(sd.ev[WSC_EV_M1], 1);
	CHECK_INT(wsc_session_get_msg(s, &op, &m, &n), 1);
	{
		wsc_parsed p;
		CHECK_ERR(wsc_parse(m, n, &p, NULL), 0);
		CHECK_INT(pv_u8(&p, WSC_A_MSG_TYPE), WSC_MSG_M2);
		CHECK_MEM(p.a[WSC_A_ENROLLEE_NONCE].p, vec("e_nonce", NULL), 16);
		CHECK_MEM(p.a[WSC_A_REGISTRAR_NONCE].p, vec("r_nonce", NULL), 16);
		CHECK_MEM(p.a[WSC_A_PUBLIC_KEY].p,
			  vec("registrar_public_key", NULL), 192);
		CHECK_MEM(p.a[WSC_A_UUID_R].p, vec("uuid_r", NULL), 16);
	}
	v = vec("m2", &l);
	memcpy(s->last, v, l);
	s->last_len = l;
	static const char *const in_r[] = { "m3", "m5", "m7" };
	for (size_t i = 0; i < 3; i++) {
		v = vec(in_r[i], &l);
		h_ctx("replay as registrar: %s in, %s out", in_r[i], out_r[i]);
		CHECK_INT(wsc_session_process(s, WSC_OP_MSG, v, l), WSC_CONTINUE);
		CHECK_INT(wsc_session_get_msg(s, &op, &m, &n), 1);
		const uint8_t *want_m = vec(out_r[i], &l);
		CHECK_INT(n, l);
		CHECK(n == l && !memcmp(m, want_m, l));
	}
	h_ctx("replay as registrar: WSC_Done");
	v = vec("wsc_done", &l);
	CHECK_INT(wsc_session_process(s, WSC_OP_DONE, v, l), WSC_DONE);
	CHECK_INT(wsc_session_status(s), 1);
	CHECK_INT(sr.mismatches, 0);
	CHECK_INT(wsc_session_get_msg(s, &op, &m, &n), 0);
	wsc_session_del(s);
	h_ctx(NULL);
}

int main(void)
{
	if (!vec_load())
		return h_summary("session");
	net_cred = wpa2_cred("wsc-test-net", "correct horse battery");
	new_cred = wpa2_cred("new-net", "0123456789abcdef0123456789abcdef"
				       "0123456789abcdef0123456789abcdef");
	ap_cur = wpa2_cred("ap-current", "current-passphrase");
	memcpy(ap_cur.mac, mac_ap, 6);

	test_good_runs();
	test_wrong_pin();
	test_m2d();
	test_determinism();
	test_alloc_failure();
	test_versioned_cfg();
	test_random_failure();
	test_crypto_failure();
	test_crypto_failure_helpers();
	test_det_backend();
	test_stack_wiped();
	test_wipe_on_abort();
	test_interop_replay();
	test_registrar_detects_wrong_pin();
	test_refuse();
	test_bad_peer();
	test_m2d_then_m2();
	test_mutations();
	return h_summary("session");
}
