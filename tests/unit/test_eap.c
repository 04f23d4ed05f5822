/* EAP-WSC: the EAP peer against the EAP authenticator over memlink, on a
 * virtual clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eap.h"
#include "harness.h"
#include "memlink.h"

enum { EVN = WSC_EV_FAIL + 1 };

typedef struct evs {
	int n[EVN];
	wsc_cred cred;
	int fail_err, fail_ce;
} evs;

static void on_event(void *ud, const wsc_event *ev)
{
	evs *e = ud;
	if ((int)ev->type < 0 || (int)ev->type >= (int)EVN)
		return;
	e->n[ev->type]++;
	if (ev->cred && ev->ncred)
		e->cred = ev->cred[0];
	if (ev->type == WSC_EV_FAIL) {
		e->fail_err = ev->error;
		e->fail_ce = ev->config_error;
	}
}

static const uint8_t mac_ap[6] = { 0x02, 0x57, 0x53, 0x43, 0x00, 0x0a };

static wsc_cred net_cred, new_cred, ap_cur;


enum mode { STA_ENROLLEE, STA_REGISTRAR_LEARN, STA_REGISTRAR_CONFIG };

typedef struct pair {
	wsc_eap_peer *p;
	wsc_eap_auth *a;
	det_rng rp, ra;
	count_alloc cp, ca;
	wsc_env ep, ea;
	wsc_device dp, da;
	evs evp, eva;
	wsc_session_cfg s_enr, s_reg; /* the authenticator's two configs */
	uint8_t sta_mac[6];
	enum mode mode;
	wsc_dh_keypair kp, ka1, ka2;
} pair;

static const char sta_pin[] = "12345670", ap_pin[] = "87654325";

static void pair_setup(pair *P, enum mode mode, size_t frag_p,
		       size_t frag_a, const char *seed, const uint8_t sta[6])
{
	wsc_eap_peer_cfg pc;
	wsc_session_cfg psc;
	wsc_eap_auth_cfg ac;
	char s[128];
	int err;

	memset(P, 0, sizeof(*P));
	P->s_enr.size = P->s_reg.size = sizeof(wsc_session_cfg);
	P->mode = mode;
	memcpy(P->sta_mac, sta, 6);
	snprintf(s, sizeof(s), "%s/peer", seed);
	det_rng_init(&P->rp, s);
	snprintf(s, sizeof(s), "%s/auth", seed);
	det_rng_init(&P->ra, s);
	test_env(&P->ep, &P->rp, &P->cp);
	test_env(&P->ea, &P->ra, &P->ca);
	wsc_device_defaults(&P->dp, false, sta);
	wsc_device_defaults(&P->da, true, mac_ap);

	memset(&pc, 0, sizeof(pc));
	memset(&psc, 0, sizeof(psc));
	pc.size = sizeof(pc);
	psc.size = sizeof(psc);
	pc.session = &psc;
	psc.dev = &P->dp;
	psc.on_event = on_event;
	psc.event_ud = &P->evp;
	if (mode == STA_ENROLLEE) {
		psc.role = WSC_ENROLLEE;
		psc.password = (const uint8_t *)sta_pin;
		psc.password_len = 8;
	} else {
		psc.role = WSC_REGISTRAR;
		psc.password = (const uint8_t *)ap_pin;
		psc.password_len = 8;
		psc.cred = mode == STA_REGISTRAR_CONFIG ? &new_cred : NULL;
	}
	pc.fragment_size = frag_p;

	/* the AP: registrar for station enrollees, enrollee for station
	 * registrars (its AP PIN) */
	P->s_enr.role = WSC_REGISTRAR;
	P->s_enr.ap = true;
	P->s_enr.dev = &P->da;
	P->s_enr.password = (const uint8_t *)sta_pin;
	P->s_enr.password_len = 8;
	P->s_enr.cred = &net_cred;
	P->s_enr.on_event = on_event;
	P->s_enr.event_ud = &P->eva;
	P->s_reg.role = WSC_ENROLLEE;
	P->s_reg.ap = true;
	P->s_reg.dev = &P->da;
	P->s_reg.password = (const uint8_t *)ap_pin;
	P->s_reg.password_len = 8;
	P->s_reg.ap_settings = &ap_cur;
	P->s_reg.on_event = on_event;
	P->s_reg.event_ud = &P->eva;
	memset(&ac, 0, sizeof(ac));
	ac.size = sizeof(ac);
	ac.for_enrollee = &P->s_enr;
	ac.for_registrar = &P->s_reg;
	ac.fragment_size = frag_a;
	ac.first_id = 1;

	/* short private exponents keep a thousand runs fast; the sessions'
	 * own full-size key generation is covered by test_session */
	CHECK_ERR(wsc_dh_keypair_generate(&P->ep, &P->kp, 256), 0);
	CHECK_ERR(wsc_dh_keypair_generate(&P->ea, &P->ka1, 256), 0);
	CHECK_ERR(wsc_dh_keypair_generate(&P->ea, &P->ka2, 256), 0);
	psc.dh = &P->kp;
	P->s_enr.dh = &P->ka1;
	P->s_reg.dh = &P->ka2;
	P->p = wsc_eap_peer_new(&P->ep, &pc, &err);
	CHECK_ERR(err, 0);
	P->a = wsc_eap_auth_new(&P->ea, &ac, &err);
	CHECK_ERR(err, 0);
	if (!P->p || !P->a)
		abort();
}

/* the most either side of any run held at once (the allocator hook) */
static size_t peak_peer, peak_auth;

static void pair_free(pair *P)
{
	if (P->cp.peak_bytes > peak_peer)
		peak_peer = P->cp.peak_bytes;
	if (P->ca.peak_bytes > peak_auth)
		peak_auth = P->ca.peak_bytes;
	wsc_eap_peer_del(P->p);
	wsc_eap_auth_del(P->a);
	P->p = NULL;
	P->a = NULL;
	CHECK_INT(P->cp.live, 0);
	CHECK_INT(P->ca.live, 0);
	CHECK_INT(P->cp.not_wiped + P->ca.not_wiped, 0);
	CHECK_INT(P->cp.bad_size + P->ca.bad_size, 0);
}

/* Did the run end as a good run of its mode ends? */
static void check_success(pair *P)
{
	CHECK_INT(wsc_eap_peer_status(P->p), 1);
	/* the AP's side of a learning run ends with the registrar's NACK */
	CHECK_ERR(wsc_eap_auth_status(P->a),
		  P->mode == STA_REGISTRAR_LEARN ? WSC_ERR_NACK : 1);
	switch (P->mode) {
	case STA_ENROLLEE: {
		wsc_cred want = net_cred;
		memcpy(want.mac, P->sta_mac, 6);
		CHECK_INT(P->evp.n[WSC_EV_CRED], 1);
		CHECK(!memcmp(&P->evp.cred, &want, sizeof(want)));
		CHECK_INT(P->eva.n[WSC_EV_SUCCESS], 1);
		break;
	}
	case STA_REGISTRAR_LEARN:
		CHECK_INT(P->evp.n[WSC_EV_AP_SETTINGS], 1);
		CHECK(!memcmp(&P->evp.cred, &ap_cur, sizeof(ap_cur)));
		/* the run ends with the registrar's NACK */
		CHECK_ERR(wsc_session_status(wsc_eap_auth_session(P->a)),
			  WSC_ERR_NACK);
		break;
	case STA_REGISTRAR_CONFIG: {
		wsc_cred want = new_cred;
		memcpy(want.mac, mac_ap, 6);
		CHECK_INT(P->eva.n[WSC_EV_NEW_AP_SETTINGS], 1);
		CHECK(!memcmp(&P->eva.cred, &want, sizeof(want)));
		CHECK_INT(P->eva.n[WSC_EV_SUCCESS], 1);
		break;
	}
	}
	CHECK_INT(P->evp.n[WSC_EV_SUCCESS], 1);
	CHECK_INT(P->evp.n[WSC_EV_FAIL], 0);
}

/* ---- frame recording */

typedef struct rec {
	unsigned to_peer, to_auth;
	size_t max_to_peer, max_to_auth;
	unsigned wsc_frames;
} rec;

static void record(void *ud, bool to_peer, const uint8_t *f, size_t len,
		   uint64_t now)
{
	rec *r = ud;
	(void)now;
	if (to_peer) {
		r->to_peer++;
		if (len > r->max_to_peer)
			r->max_to_peer = len;
	} else {
		r->to_auth++;
		if (len > r->max_to_auth)
			r->max_to_auth = len;
	}
	if (len > 8 && f[1] == EAPOL_EAP && f[8] == EAP_TYPE_EXPANDED)
		r->wsc_frames++;
}

static const enum mode modes[] = { STA_ENROLLEE, STA_REGISTRAR_LEARN,
				   STA_REGISTRAR_CONFIG };
static const char *const mode_name[] = { "STA enrollee",
					 "STA registrar (learn)",
					 "STA registrar (configure)" };

static void test_fragments(void)
{
	static const size_t sizes[] = { 50, 51, 100, 200, 500, 1400 };
	pair *P = calloc(1, sizeof(*P));

	for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
		for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
			for (size_t j = 0; j < ARRAY_LEN(sizes); j++) {
				/* all pairs for the enrollee; a diagonal
				 * and the smallest for the others */
				if (m > 0 && i != j && i != 0 && j != 0)
					continue;
				rec r = { 0 };
				memlink_trace tr = { record, &r };
				uint64_t now = 1000;
				pair_setup(P, modes[m], sizes[i], sizes[j], "frag",
					   (const uint8_t[6]){ 2, 0, 0, 0, 0, 1 });
				int rc = memlink_run(P->p, P->a, &now, 120000,
						     NULL, NULL, &tr, NULL);
				h_ctx("%s, peer fragments %zu, AP fragments %zu",
				      mode_name[m], sizes[i], sizes[j]);
				CHECK_ERR(rc, 0);
				check_success(P);
				/* EAPOL(4) EAP(4) type(1) vendor(7), then op,
				 * flags, [length], data within the size */
				CHECK(r.max_to_auth <= 16 + sizes[i]);
				CHECK(r.max_to_peer <= 16 + sizes[j]);
				/* nothing was lost: no retransmission was
				 * needed, no time passed */
				CHECK_INT(now, 1000);
				if (sizes[i] <= 100 && sizes[j] <= 100)
					CHECK_MSG(r.wsc_frames > 30, "%u", r.wsc_frames);
				pair_free(P);
			}
		}
	}
	h_ctx(NULL);
	free(P);
}

/* ---- drops */

typedef struct drop {
	bool to_peer;
	unsigned index;   /* drop the index-th frame in that direction */
	unsigned count;   /* how many in a row */
	unsigned seen_p, seen_a, dropped;
	bool all_to_peer, all_to_auth;
	unsigned keep_to_peer; /* with all_to_peer: let the first N pass */
} drop;

static bool drop_hook(void *ud, bool to_peer, uint8_t *f, size_t *len)
{
	drop *d = ud;
	unsigned i = to_peer ? d->seen_p++ : d->seen_a++;
	(void)f;
	(void)len;
	if (to_peer && d->all_to_peer && i >= d->keep_to_peer) {
		d->dropped++;
		return false;
	}
	if (!to_peer && d->all_to_auth) {
		d->dropped++;
		return false;
	}
	if (to_peer == d->to_peer && i >= d->index && i < d->index + d->count) {
		d->dropped++;
		return false;
	}
	return true;
}

static void test_drops(void)
{
	pair *P = calloc(1, sizeof(*P));
	static const size_t frags[] = { 1400, 100 };
	unsigned runs = 0;

	for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
		for (size_t f = 0; f < ARRAY_LEN(frags); f++) {
			/* count the frames of a good run */
			rec r = { 0 };
			memlink_trace tr = { record, &r };
			uint64_t now = 0;
			pair_setup(P, modes[m], frags[f], frags[f], "drops",
				   (const uint8_t[6]){ 2, 0, 0, 0, 0, 2 });
			CHECK_ERR(memlink_run(P->p, P->a, &now, 120000, NULL, NULL,
					      &tr, NULL), 0);
			pair_free(P);
			for (int dir = 0; dir < 2; dir++) {
				unsigned n = dir ? r.to_peer : r.to_auth;
				for (unsigned i = 0; i < n; i++) {
					drop d = { .to_peer = dir, .index = i,
						   .count = 1 };
					now = 0;
					pair_setup(P, modes[m], frags[f], frags[f],
						   "drops",
						   (const uint8_t[6]){ 2, 0, 0, 0, 0, 2 });
					int rc = memlink_run(P->p, P->a, &now,
							     300000, drop_hook,
							     &d, NULL, NULL);
					runs++;
					h_ctx("%s, fragments %zu: frame %u %s dropped",
					      mode_name[modes[m]], frags[f], i,
					      dir ? "to the peer" : "to the AP");
					CHECK_INT(d.dropped, 1);
					CHECK_ERR(rc, 0);
					check_success(P);
					/* it took a retransmission (or a
					 * repeated EAPOL-Start) */
					CHECK(now >= 3000);
					pair_free(P);
				}
			}
		}
	}
	/* two frames in a row, three frames in a row */
	for (unsigned cnt = 2; cnt <= 3; cnt++) {
		for (unsigned i = 0; i < 10; i++) {
			drop d = { .to_peer = i & 1, .index = i, .count = cnt };
			uint64_t now = 0;
			pair_setup(P, STA_ENROLLEE, 200, 200, "drops2",
				   (const uint8_t[6]){ 2, 0, 0, 0, 0, 3 });
			int rc = memlink_run(P->p, P->a, &now, 300000, drop_hook,
					     &d, NULL, NULL);
			h_ctx("%u frames dropped from %u %s", cnt, i,
			      d.to_peer ? "to the peer" : "to the AP");
			CHECK_ERR(rc, 0);
			check_success(P);
			pair_free(P);
		}
	}
	h_ctx(NULL);
	printf("drops: %u runs\n", runs);
	free(P);
}

/* ---- a link of our own, for duplicates and injected frames */

typedef struct link_ctl {
	int dup_to_peer, dup_to_auth;   /* duplicate the N-th frame (-1) */
	const uint8_t *inject;          /* garbage to feed the peer/AP */
	size_t inject_len;
	int inject_before_peer, inject_before_auth; /* before N-th frame */
	int inject_rc_peer, inject_rc_auth;
	bool injected;
} link_ctl;

static int link_run(pair *P, link_ctl *c, uint64_t max_ms, uint64_t *now)
{
	const uint8_t *f;
	size_t len;
	uint8_t buf[2048];
	int np = 0, na = 0;
	uint64_t end = *now + max_ms;

	wsc_eap_peer_start(P->p, *now);
	while (*now <= end) {
		bool moved = false;
		if (wsc_eap_peer_pop_tx(P->p, &f, &len)) {
			moved = true;
			memcpy(buf, f, len); /* f is valid until the next call */
			if (c->inject && na == c->inject_before_auth) {
				c->inject_rc_auth = wsc_eap_auth_recv(
					P->a, c->inject, c->inject_len, *now);
				c->injected = true;
			}
			wsc_eap_auth_recv(P->a, buf, len, *now);
			if (na == c->dup_to_auth)
				wsc_eap_auth_recv(P->a, buf, len, *now);
			na++;
		}
		if (wsc_eap_auth_pop_tx(P->a, &f, &len)) {
			moved = true;
			memcpy(buf, f, len);
			if (c->inject && np == c->inject_before_peer) {
				c->inject_rc_peer = wsc_eap_peer_recv(
					P->p, c->inject, c->inject_len, *now);
				c->injected = true;
			}
			wsc_eap_peer_recv(P->p, buf, len, *now);
			if (np == c->dup_to_peer)
				wsc_eap_peer_recv(P->p, buf, len, *now);
			np++;
		}
		if (moved)
			continue;
		if (wsc_eap_peer_status(P->p) && wsc_eap_auth_status(P->a))
			return 0;
		uint64_t t1 = wsc_eap_peer_expiry(P->p);
		uint64_t t2 = wsc_eap_auth_expiry(P->a);
		uint64_t t = t1 < t2 ? t1 : t2;
		if (t == UINT64_MAX || t > end)
			break;
		if (t > *now)
			*now = t;
		wsc_eap_peer_handle_expiry(P->p, *now);
		wsc_eap_auth_handle_expiry(P->a, *now);
	}
	return WSC_ERR_TIMEOUT;
}

static void test_duplicates(void)
{
	pair *P = calloc(1, sizeof(*P));

	for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
		for (int dir = 0; dir < 2; dir++) {
			for (int i = 0; i < 40; i++) {
				link_ctl c = { -1, -1, NULL, 0, -1, -1, 0, 0, false };
				if (dir)
					c.dup_to_peer = i;
				else
					c.dup_to_auth = i;
				uint64_t now = 0;
				pair_setup(P, modes[m], 100, 100, "dups",
					   (const uint8_t[6]){ 2, 0, 0, 0, 0, 4 });
				int rc = link_run(P, &c, 300000, &now);
				h_ctx("%s: frame %d %s duplicated", mode_name[m], i,
				      dir ? "to the peer" : "to the AP");
				CHECK_ERR(rc, 0);
				check_success(P);
				pair_free(P);
			}
		}
	}
	/* everything twice, both ways, in every mode */
	for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
		const uint8_t *f;
		size_t len;
		uint8_t buf[2048];
		uint64_t now = 0;

		pair_setup(P, modes[m], 50, 60, "dups-all",
			   (const uint8_t[6]){ 2, 0, 0, 0, 0, 5 });
		wsc_eap_peer_start(P->p, now);
		for (int n = 0; n < 2000; n++) {
			bool moved = false;
			if (wsc_eap_peer_pop_tx(P->p, &f, &len)) {
				moved = true;
				memcpy(buf, f, len);
				wsc_eap_auth_recv(P->a, buf, len, now);
				wsc_eap_auth_recv(P->a, buf, len, now);
			}
			if (wsc_eap_auth_pop_tx(P->a, &f, &len)) {
				moved = true;
				memcpy(buf, f, len);
				wsc_eap_peer_recv(P->p, buf, len, now);
				wsc_eap_peer_recv(P->p, buf, len, now);
			}
			if (!moved)
				break;
		}
		h_ctx("%s: every frame twice", mode_name[m]);
		check_success(P);
		pair_free(P);
	}
	h_ctx(NULL);
	free(P);
}

/* ---- silence */

static void test_timeouts(void)
{
	pair *P = calloc(1, sizeof(*P));
	uint64_t now;
	int rc;

	/* an authenticator that never answers */
	for (unsigned keep = 0; keep < 6; keep++) {
		drop d = { .all_to_peer = true, .keep_to_peer = keep,
			   .index = 1000 };
		now = 0;
		pair_setup(P, STA_ENROLLEE, 0, 0, "silent AP",
			   (const uint8_t[6]){ 2, 0, 0, 0, 0, 6 });
		/* the peer gives up after 15 s of silence, not before */
		rc = memlink_run(P->p, P->a, &now, 14000, drop_hook, &d, NULL,
				 NULL);
		h_ctx("AP silent after %u frames", keep);
		CHECK_INT(wsc_eap_peer_status(P->p), 0);
		rc = memlink_run(P->p, P->a, &now, 2000, drop_hook, &d, NULL,
				 NULL);
		CHECK_ERR(wsc_eap_peer_status(P->p), WSC_ERR_TIMEOUT);
		CHECK_ERR(wsc_session_status(wsc_eap_peer_session(P->p)),
			  WSC_ERR_TIMEOUT);
		CHECK_INT(P->evp.n[WSC_EV_CRED], 0);
		CHECK_INT(P->evp.n[WSC_EV_FAIL], 1);
		CHECK_ERR(P->evp.fail_err, WSC_ERR_TIMEOUT);
		CHECK_INT(P->evp.n[WSC_EV_SUCCESS], 0);
		(void)rc;
		pair_free(P);
	}
	/* a station that goes silent: the AP retransmits, then gives up */
	for (unsigned keep = 1; keep < 6; keep++) {
		drop d = { .to_peer = false, .index = keep, .count = 1000 };
		now = 0;
		pair_setup(P, STA_ENROLLEE, 0, 0, "silent STA",
			   (const uint8_t[6]){ 2, 0, 0, 0, 0, 7 });
		memlink_run(P->p, P->a, &now, 120000, drop_hook, &d, NULL, NULL);
		h_ctx("STA silent after %u frames", keep);
		CHECK(wsc_eap_auth_status(P->a) < 0);
		CHECK(wsc_eap_peer_status(P->p) < 0);
		CHECK_INT(P->evp.n[WSC_EV_CRED], 0);
		pair_free(P);
	}
	h_ctx(NULL);
	free(P);
}

/* ---- garbage */

/* An EAP-Request / EAP-WSC frame with the given op, flags and body. */
static size_t wsc_req(uint8_t *f, uint8_t code, uint8_t id, uint8_t op,
		      uint8_t flags, const uint8_t *body, size_t n,
		      const uint8_t vendor[3], uint32_t vtype)
{
	size_t elen = 4 + 1 + 7 + 2 + n;
	f[0] = 2;
	f[1] = 0;
	put_be16(f + 2, (uint16_t)elen);
	f[4] = code;
	f[5] = id;
	put_be16(f + 6, (uint16_t)elen);
	f[8] = 254;
	memcpy(f + 9, vendor, 3);
	put_be32(f + 12, vtype);
	f[16] = op;
	f[17] = flags;
	memcpy(f + 18, body, n);
	return 4 + elen;
}

static const uint8_t wfa[3] = { 0x00, 0x37, 0x2a };

struct garbage {
	const char *what;
	uint8_t f[200];
	size_t len;
};

static size_t make_garbage(struct garbage *g, uint8_t code, uint8_t id)
{
	size_t n = 0;
	uint8_t body[160];
	memset(body, 0x10, sizeof(body));

#define G(w) (g[n].what = (w), &g[n])
	struct garbage *x;
	for (size_t l = 0; l < 4; l++) {
		x = G("short");
		memcpy(x->f, "\x02\x00\x00\x05", 4);
		x->len = l;
		n++;
	}
	x = G("EAPOL length past the end");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 20, wfa, 1);
	put_be16(x->f + 2, (uint16_t)(x->len - 4 + 1));
	n++;
	x = G("EAPOL length 0 for an EAP packet");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 20, wfa, 1);
	put_be16(x->f + 2, 0);
	n++;
	x = G("EAP length past the EAPOL body");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 20, wfa, 1);
	put_be16(x->f + 6, (uint16_t)(x->len - 4 + 1));
	n++;
	x = G("EAP length 3");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 20, wfa, 1);
	put_be16(x->f + 6, 3);
	n++;
	x = G("EAP length 4 for a request");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 20, wfa, 1);
	put_be16(x->f + 6, 4);
	n++;
	x = G("EAP code 7");
	x->len = wsc_req(x->f, 7, id, WSC_OP_MSG, 0, body, 20, wfa, 1);
	n++;
	x = G("EAP-Failure with data");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 20, wfa, 1);
	x->f[4] = EAP_FAILURE;
	n++;
	x = G("wrong vendor id");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 20,
			 (const uint8_t *)"\x00\x50\xf2", 1);
	n++;
	x = G("wrong vendor type");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 20, wfa, 2);
	n++;
	x = G("expanded header cut");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, 0, body, 0, wfa, 1);
	put_be16(x->f + 2, 4 + 1 + 6);
	put_be16(x->f + 6, 4 + 1 + 6);
	x->len = 4 + 4 + 1 + 6;
	n++;
	x = G("LF without the length");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, WSC_FLAG_LF | WSC_FLAG_MF,
			 body, 1, wfa, 1);
	n++;
	x = G("Message Length shorter than the fragment");
	body[0] = 0;
	body[1] = 10;
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, WSC_FLAG_LF | WSC_FLAG_MF,
			 body, 2 + 40, wfa, 1);
	n++;
	x = G("Message Length 0xffff");
	body[0] = 0xff;
	body[1] = 0xff;
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, WSC_FLAG_LF | WSC_FLAG_MF,
			 body, 2 + 40, wfa, 1);
	n++;
	x = G("first fragment without LF");
	x->len = wsc_req(x->f, code, id, WSC_OP_MSG, WSC_FLAG_MF, body, 40,
			 wfa, 1);
	n++;
#undef G
	return n;
}

static unsigned garbage_ended_ap, injections;

static void test_garbage(void)
{
	pair *P = calloc(1, sizeof(*P));
	struct garbage g[32];
	size_t ng;

	/* to a fresh peer and a fresh authenticator: refused, and the run
	 * that follows is unharmed */
	ng = make_garbage(g, EAP_REQUEST, 1);
	for (size_t i = 0; i < ng; i++) {
		pair_setup(P, STA_ENROLLEE, 0, 0, "garbage",
			   (const uint8_t[6]){ 2, 0, 0, 0, 0, 8 });
		h_ctx("garbage to the peer: %s", g[i].what);
		uint8_t *c = malloc(g[i].len ? g[i].len : 1);
		memcpy(c, g[i].f, g[i].len);
		CHECK_ERR(wsc_eap_peer_recv(P->p, c, g[i].len, 0), WSC_ERR_EAP);
		free(c);
		const uint8_t *f;
		size_t len;
		CHECK_INT(wsc_eap_peer_pop_tx(P->p, &f, &len), 0);
		CHECK_INT(wsc_eap_peer_status(P->p), 0);
		uint64_t now = 0;
		CHECK_ERR(memlink_run(P->p, P->a, &now, 60000, NULL, NULL, NULL,
				      NULL), 0);
		check_success(P);
		pair_free(P);
	}
	ng = make_garbage(g, EAP_RESPONSE, 2);
	for (size_t i = 0; i < ng; i++) {
		pair_setup(P, STA_ENROLLEE, 0, 0, "garbage",
			   (const uint8_t[6]){ 2, 0, 0, 0, 0, 8 });
		h_ctx("garbage to the AP: %s", g[i].what);
		wsc_eap_auth_start(P->a, 0);
		uint8_t *c = malloc(g[i].len ? g[i].len : 1);
		memcpy(c, g[i].f, g[i].len);
		CHECK_ERR(wsc_eap_auth_recv(P->a, c, g[i].len, 0), WSC_ERR_EAP);
		free(c);
		CHECK_INT(wsc_eap_auth_status(P->a), 0);
		pair_free(P);
	}

	/* injected in the middle of a run, with the identifier the next
	 * request or response will carry: refused, the run completes */
	for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
		for (int dir = 0; dir < 2; dir++) {
			for (int at = 2; at < 8; at++) {
				for (size_t i = 0;; i++) {
					uint8_t code = dir ? EAP_REQUEST : EAP_RESPONSE;
					/* ids: the AP starts at 1, +1 per
					 * request */
					/* the identifier of the next request
					 * (frame k to the peer has id k + 2)
					 * or of the response the AP waits
					 * for (frame k to the AP, id k + 1) */
					ng = make_garbage(g, code, (uint8_t)(dir ?
							  at + 2 : at + 1));
					if (i >= ng)
						break;
					link_ctl c = { -1, -1, g[i].f, g[i].len,
						       dir ? at : -1,
						       dir ? -1 : at, 0, 0, false };
					uint64_t now = 0;
					/* unfragmented: a fragment arriving
					 * in the middle of a reassembly that
					 * looks like the next one cannot be
					 * told from it */
					pair_setup(P, modes[m], 0, 0, "inject",
						   (const uint8_t[6]){ 2, 0, 0, 0, 0, 9 });
					int rc = link_run(P, &c, 300000, &now);
					h_ctx("%s: '%s' injected before frame %d %s",
					      mode_name[m], g[i].what, at,
					      dir ? "to the peer" : "to the AP");
					CHECK_ERR(rc, 0);
					if (!c.injected) { /* the run was shorter */
						pair_free(P);
						continue;
					}
					injections++;
					CHECK_ERR(dir ? c.inject_rc_peer :
						  c.inject_rc_auth, WSC_ERR_EAP);
					CHECK_ERR(rc, 0);
					if (dir || wsc_eap_auth_status(P->a) !=
						   WSC_ERR_EAP) {
						/* the peer ignores bad frames
						 * (its documented contract) */
						check_success(P);
					} else {
						/* the AP may end the run on a
						 * malformed fragment that has
						 * the live identifier: then it
						 * ends on both sides (the peer
						 * may have finished its part) */
						CHECK_ERR(wsc_eap_auth_status(P->a),
							  WSC_ERR_EAP);
						CHECK(wsc_eap_peer_status(P->p) != 0);
						CHECK_INT(P->eva.n[WSC_EV_SUCCESS], 0);
						garbage_ended_ap++;
					}
					pair_free(P);
				}
			}
		}
	}
	h_ctx(NULL);
	printf("garbage: %u injections, %u ended the run at the AP\n",
	       injections, garbage_ended_ap);
	CHECK(injections > 300);
	free(P);
}

/* Fragment overflow: a message that keeps coming after its announced
 * length. */
static void test_fragment_overflow(void)
{
	pair *P = calloc(1, sizeof(*P));
	uint8_t f[300], body[200];
	size_t n;
	const uint8_t *out;
	size_t olen;

	memset(body, 0x10, sizeof(body));
	/* peer side: M2 announced as 100 bytes, 120 arrive */
	pair_setup(P, STA_ENROLLEE, 0, 0, "overflow",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 10 });
	h_ctx("fragment overflow at the peer");
	body[0] = 0;
	body[1] = 100;
	n = wsc_req(f, EAP_REQUEST, 5, WSC_OP_MSG, WSC_FLAG_LF | WSC_FLAG_MF,
		    body, 2 + 60, wfa, 1);
	CHECK_INT(wsc_eap_peer_recv(P->p, f, n, 0), 0);
	CHECK_INT(wsc_eap_peer_pop_tx(P->p, &out, &olen), 1); /* FRAG_ACK */
	CHECK(olen >= 18 && out[16] == WSC_OP_FRAG_ACK);
	n = wsc_req(f, EAP_REQUEST, 6, WSC_OP_MSG, 0, body + 2, 60, wfa, 1);
	CHECK_ERR(wsc_eap_peer_recv(P->p, f, n, 0), WSC_ERR_EAP);
	/* a short message: the last fragment leaves a hole */
	pair_free(P);
	pair_setup(P, STA_ENROLLEE, 0, 0, "overflow",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 10 });
	h_ctx("fragment underflow at the peer");
	n = wsc_req(f, EAP_REQUEST, 5, WSC_OP_MSG, WSC_FLAG_LF | WSC_FLAG_MF,
		    body, 2 + 60, wfa, 1);
	CHECK_INT(wsc_eap_peer_recv(P->p, f, n, 0), 0);
	wsc_eap_peer_pop_tx(P->p, &out, &olen);
	n = wsc_req(f, EAP_REQUEST, 6, WSC_OP_MSG, 0, body + 2, 20, wfa, 1);
	CHECK_ERR(wsc_eap_peer_recv(P->p, f, n, 0), WSC_ERR_EAP);
	/* a fragment with another op-code in the middle */
	pair_free(P);
	pair_setup(P, STA_ENROLLEE, 0, 0, "overflow",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 10 });
	h_ctx("op-code change between fragments at the peer");
	n = wsc_req(f, EAP_REQUEST, 5, WSC_OP_MSG, WSC_FLAG_LF | WSC_FLAG_MF,
		    body, 2 + 60, wfa, 1);
	CHECK_INT(wsc_eap_peer_recv(P->p, f, n, 0), 0);
	wsc_eap_peer_pop_tx(P->p, &out, &olen);
	n = wsc_req(f, EAP_REQUEST, 6, WSC_OP_NACK, 0, body + 2, 40, wfa, 1);
	CHECK_ERR(wsc_eap_peer_recv(P->p, f, n, 0), WSC_ERR_EAP);
	pair_free(P);

	/* AP side: the station's M1 overflows */
	pair_setup(P, STA_ENROLLEE, 0, 0, "overflow",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 10 });
	h_ctx("fragment overflow at the AP");
	{
		const uint8_t *fr;
		size_t fl;
		uint8_t ident[100];
		wsc_eap_auth_start(P->a, 0);
		wsc_eap_auth_pop_tx(P->a, &fr, &fl); /* Identity, id 2 */
		n = eap_frame(ident, 1, EAP_RESPONSE, fr[5], EAP_TYPE_IDENTITY,
			      (const uint8_t *)WSC_ID_ENROLLEE,
			      strlen(WSC_ID_ENROLLEE));
		CHECK_INT(wsc_eap_auth_recv(P->a, ident, n, 0), 0);
		wsc_eap_auth_pop_tx(P->a, &fr, &fl); /* WSC_Start */
		uint8_t id = fr[5];
		n = wsc_req(f, EAP_RESPONSE, id, WSC_OP_MSG,
			    WSC_FLAG_LF | WSC_FLAG_MF, body, 2 + 60, wfa, 1);
		CHECK_INT(wsc_eap_auth_recv(P->a, f, n, 0), 0);
		wsc_eap_auth_pop_tx(P->a, &fr, &fl); /* FRAG_ACK */
		CHECK(fl >= 18 && fr[16] == WSC_OP_FRAG_ACK);
		n = wsc_req(f, EAP_RESPONSE, fr[5], WSC_OP_MSG, 0, body + 2, 60,
			    wfa, 1);
		CHECK_ERR(wsc_eap_auth_recv(P->a, f, n, 0), WSC_ERR_EAP);
	}
	pair_free(P);
	h_ctx(NULL);
	free(P);
}

/* A stream of fragments that never ends: 51 fragments of 1,000 bytes
 * (51,000 bytes) after a first fragment announcing 2,000, at the peer and
 * at the AP, each with the identifier the receiver expects next. At most
 * the announced length is taken; once a fragment is refused every later
 * one is too; the heap does not grow; the receiver stays usable for
 * nothing of it (no message is ever processed). */
static void test_fragment_stream(void)
{
	pair *P = calloc(1, sizeof(*P));
	static uint8_t f[1100], body[1002];
	const uint8_t *out;
	size_t n, olen;

	memset(body, 0x10, sizeof(body));
	body[0] = 2000 >> 8;
	body[1] = 2000 & 0xff;
	for (int side = 0; side < 2; side++) {
		pair_setup(P, STA_ENROLLEE, 0, 0, "stream",
			   (const uint8_t[6]){ 2, 0, 0, 0, 0, 11 });
		h_ctx("a 51,000-byte fragment stream to the %s",
		      side ? "AP" : "peer");
		uint8_t id = 5, code = side ? EAP_RESPONSE : EAP_REQUEST;
		count_alloc *al = side ? &P->ca : &P->cp;
		if (side) {
			const uint8_t *fr;
			size_t fl;
			uint8_t ident[100];
			wsc_eap_auth_start(P->a, 0);
			wsc_eap_auth_pop_tx(P->a, &fr, &fl); /* Identity */
			n = eap_frame(ident, 1, EAP_RESPONSE, fr[5],
				      EAP_TYPE_IDENTITY,
				      (const uint8_t *)WSC_ID_ENROLLEE,
				      strlen(WSC_ID_ENROLLEE));
			CHECK_INT(wsc_eap_auth_recv(P->a, ident, n, 0), 0);
			wsc_eap_auth_pop_tx(P->a, &fr, &fl); /* WSC_Start */
			id = fr[5];
		}
		size_t heap = al->live_bytes, taken = 0;
		int refused = 0, accepted_after = 0, acks = 0;
		for (int k = 0; k <= 51; k++) {
			n = wsc_req(f, code, id, WSC_OP_MSG,
				    k ? WSC_FLAG_MF :
					WSC_FLAG_LF | WSC_FLAG_MF,
				    k ? body + 2 : body, k ? 1000 : 1002, wfa,
				    1);
			int err = side ? wsc_eap_auth_recv(P->a, f, n, 0) :
					 wsc_eap_peer_recv(P->p, f, n, 0);
			if (err) {
				CHECK_ERR(err, WSC_ERR_EAP);
				refused++;
			} else {
				taken += 1000;
				accepted_after += refused > 0;
			}
			int got = side ? wsc_eap_auth_pop_tx(P->a, &out, &olen) :
					 wsc_eap_peer_pop_tx(P->p, &out, &olen);
			if (got == 1 && olen >= 18 && out[16] == WSC_OP_FRAG_ACK) {
				acks++;
				if (side)
					id = out[5]; /* the AP's next request */
			}
			if (!side)
				id++; /* the next request's identifier */
			CHECK(al->live_bytes <= heap);
		}
		CHECK(taken <= 2000);
		CHECK(refused >= 50);
		CHECK_INT(accepted_after, 0);
		CHECK(acks <= 2);
		if (side)
			CHECK_INT(P->eva.n[WSC_EV_M1], 0);
		else
			CHECK(wsc_eap_peer_status(P->p) != 1);
		pair_free(P);
	}
	h_ctx(NULL);
	free(P);
}

/* ---- several stations at once */

struct pin_by_mac {
	uint8_t mac[6];
	char pin[9];
};
static struct pin_by_mac pins[5];

static int pin_lookup(void *ud, const wsc_peer *enrollee, const uint8_t **pw,
		      size_t *len)
{
	(void)ud;
	for (size_t i = 0; i < ARRAY_LEN(pins); i++)
		if (!memcmp(pins[i].mac, enrollee->mac, 6)) {
			*pw = (const uint8_t *)pins[i].pin;
			*len = 8;
			return 0;
		}
	return WSC_ERR_NO_PASSWORD;
}

static void test_many_stations(void)
{
	enum { N = 5 };
	pair *P = calloc(N, sizeof(*P));
	det_rng pr;

	det_rng_init(&pr, "pins for stations");
	for (int i = 0; i < N; i++) {
		uint8_t mac[6] = { 2, 0x11, 0x22, 0x33, 0x44, (uint8_t)(0x50 + i) };
		wsc_env e;
		test_env(&e, &pr, NULL);
		memcpy(pins[i].mac, mac, 6);
		wsc_pin_generate(&e, pins[i].pin);
		char seed[32];
		snprintf(seed, sizeof(seed), "station %d", i);
		/* one AP configuration: PINs looked up by station MAC */
		pair_setup(&P[i], STA_ENROLLEE, 50 + 100 * (size_t)i, 1400 - 200 * (size_t)i,
			   seed, mac);
		/* set the station's own PIN and rebuild the peer */
		wsc_eap_peer_del(P[i].p);
		wsc_eap_peer_cfg pc;
		wsc_session_cfg psc;
		memset(&pc, 0, sizeof(pc));
		memset(&psc, 0, sizeof(psc));
		pc.size = sizeof(pc);
		psc.size = sizeof(psc);
		pc.session = &psc;
		psc.role = WSC_ENROLLEE;
		psc.dev = &P[i].dp;
		psc.password = (const uint8_t *)pins[i].pin;
		psc.password_len = 8;
		psc.on_event = on_event;
		psc.event_ud = &P[i].evp;
		pc.fragment_size = 50 + 100 * (size_t)i;
		int err;
		P[i].p = wsc_eap_peer_new(&P[i].ep, &pc, &err);
		wsc_eap_auth_del(P[i].a);
		P[i].s_enr.password = NULL;
		P[i].s_enr.password_len = 0;
		P[i].s_enr.password_cb = pin_lookup;
		wsc_eap_auth_cfg ac;
		memset(&ac, 0, sizeof(ac));
		ac.size = sizeof(ac);
		ac.for_enrollee = &P[i].s_enr;
		ac.for_registrar = &P[i].s_reg;
		ac.fragment_size = 1400 - 200 * (size_t)i;
		ac.first_id = (uint8_t)(i * 50);
		P[i].a = wsc_eap_auth_new(&P[i].ea, &ac, &err);
		CHECK(P[i].p && P[i].a);
	}
	/* round robin: one frame per station and direction at a time */
	uint64_t now = 0;
	for (int i = 0; i < N; i++)
		wsc_eap_peer_start(P[i].p, now);
	for (int round = 0; round < 5000; round++) {
		bool moved = false, done = true;
		for (int i = 0; i < N; i++) {
			const uint8_t *f;
			size_t len;
			uint8_t buf[2048];
			if (wsc_eap_peer_pop_tx(P[i].p, &f, &len)) {
				memcpy(buf, f, len);
				wsc_eap_auth_recv(P[i].a, buf, len, now);
				moved = true;
			}
			if (wsc_eap_auth_pop_tx(P[i].a, &f, &len)) {
				memcpy(buf, f, len);
				wsc_eap_peer_recv(P[i].p, buf, len, now);
				moved = true;
			}
			done = done && wsc_eap_peer_status(P[i].p) &&
			       wsc_eap_auth_status(P[i].a);
		}
		if (done)
			break;
		if (!moved) {
			now += 1000;
			for (int i = 0; i < N; i++) {
				wsc_eap_peer_handle_expiry(P[i].p, now);
				wsc_eap_auth_handle_expiry(P[i].a, now);
			}
		}
	}
	for (int i = 0; i < N; i++) {
		h_ctx("station %d of %d", i, N);
		check_success(&P[i]);
		CHECK_MEM(P[i].evp.cred.mac, pins[i].mac, 6);
		for (int j = 0; j < i; j++)
			CHECK(wsc_eap_auth_session(P[i].a) !=
			      wsc_eap_auth_session(P[j].a));
	}
	for (int i = 0; i < N; i++)
		pair_free(&P[i]);
	CHECK_INT(now, 0); /* no retransmission was needed */
	h_ctx(NULL);
	free(P);
}

/* ---- odds and ends of the EAP layer */

static void test_misc(void)
{
	pair *P = calloc(1, sizeof(*P));
	const uint8_t *f;
	size_t len;
	uint64_t now;
	int err;

	/* allocation failures */
	for (long fail = 1; fail <= 3; fail++) {
		count_alloc ca;
		wsc_env env;
		wsc_device dev;
		wsc_eap_peer_cfg pc;
		wsc_session_cfg psc;
		wsc_eap_auth_cfg ac;
		wsc_session_cfg sc;

		count_alloc_init(&ca, fail);
		test_env(&env, NULL, &ca);
		wsc_device_defaults(&dev, false, mac_ap);
		memset(&pc, 0, sizeof(pc));
		memset(&psc, 0, sizeof(psc));
		pc.size = sizeof(pc);
		psc.size = sizeof(psc);
		pc.session = &psc;
		psc.role = WSC_ENROLLEE;
		psc.dev = &dev;
		psc.password = (const uint8_t *)"12345670";
		psc.password_len = 8;
		h_ctx("peer, allocation %ld fails", fail);
		wsc_eap_peer *p = wsc_eap_peer_new(&env, &pc, &err);
		if (fail <= 2) {
			CHECK(p == NULL);
			CHECK_ERR(err, WSC_ERR_NOMEM);
		} else {
			CHECK(p != NULL);
		}
		wsc_eap_peer_del(p);
		CHECK_INT(ca.live, 0);

		count_alloc_init(&ca, fail);
		sc = psc;
		sc.role = WSC_REGISTRAR;
		sc.ap = true;
		sc.cred = &net_cred;
		memset(&ac, 0, sizeof(ac));
		ac.size = sizeof(ac);
		ac.for_enrollee = &sc;
		h_ctx("authenticator, allocation %ld fails", fail);
		wsc_eap_auth *a = wsc_eap_auth_new(&env, &ac, &err);
		if (fail == 1) {
			CHECK(a == NULL);
			CHECK_ERR(err, WSC_ERR_NOMEM);
		} else {
			CHECK(a != NULL);
		}
		wsc_eap_auth_del(a);
		CHECK_INT(ca.live, 0);
	}
	h_ctx("bad configurations");
	CHECK(wsc_eap_peer_new(NULL, NULL, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	CHECK(wsc_eap_auth_new(NULL, NULL, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	wsc_eap_auth_cfg none;
	memset(&none, 0, sizeof(none));
	none.size = sizeof(none);
	CHECK(wsc_eap_auth_new(NULL, &none, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);

	/* an AP that does not do the role the station asks for */
	h_ctx("role refused");
	pair_setup(P, STA_REGISTRAR_LEARN, 0, 0, "refused",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 11 });
	{
		wsc_eap_auth_cfg ac;
		memset(&ac, 0, sizeof(ac));
		ac.size = sizeof(ac);
		ac.for_enrollee = &P->s_enr;
		wsc_eap_auth_del(P->a);
		P->a = wsc_eap_auth_new(&P->ea, &ac, &err);
	}
	now = 0;
	memlink_run(P->p, P->a, &now, 60000, NULL, NULL, NULL, NULL);
	CHECK_ERR(wsc_eap_auth_status(P->a), WSC_ERR_UNSUPPORTED);
	CHECK(wsc_eap_peer_status(P->p) < 0);
	CHECK(wsc_eap_auth_session(P->a) == NULL);
	pair_free(P);

	/* fragment sizes out of range are clamped to 50..1400 */
	static const struct { size_t set, eff; } clamp[] = {
		{ 1, 50 }, { 49, 50 }, { 5000, 1400 }, { 1401, 1400 } };
	for (size_t i = 0; i < ARRAY_LEN(clamp); i++) {
		rec r = { 0 };
		memlink_trace tr = { record, &r };
		h_ctx("fragment size %zu", clamp[i].set);
		pair_setup(P, STA_ENROLLEE, clamp[i].set, clamp[i].set, "clamp",
			   (const uint8_t[6]){ 2, 0, 0, 0, 0, 15 });
		now = 0;
		CHECK_ERR(memlink_run(P->p, P->a, &now, 60000, NULL, NULL, &tr,
				      NULL), 0);
		check_success(P);
		CHECK(r.max_to_auth <= 16 + clamp[i].eff);
		CHECK(r.max_to_peer <= 16 + clamp[i].eff);
		if (clamp[i].eff == 50)
			CHECK(r.max_to_auth == 16 + 50);
		pair_free(P);
	}

	/* an AP with no password for this station: M2D, ACK, EAP-Failure */
	h_ctx("M2D over EAP");
	pair_setup(P, STA_ENROLLEE, 0, 0, "m2d",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 16 });
	{
		wsc_eap_auth_cfg ac;
		memset(&ac, 0, sizeof(ac));
		ac.size = sizeof(ac);
		P->s_enr.password = NULL;
		P->s_enr.password_len = 0;
		P->s_enr.dh = NULL;
		ac.for_enrollee = &P->s_enr;
		wsc_eap_auth_del(P->a);
		P->a = wsc_eap_auth_new(&P->ea, &ac, &err);
	}
	now = 0;
	CHECK_ERR(memlink_run(P->p, P->a, &now, 60000, NULL, NULL, NULL, NULL),
		  0);
	CHECK_INT(P->evp.n[WSC_EV_M2D], 1);
	CHECK_ERR(wsc_eap_peer_status(P->p), WSC_ERR_NO_PASSWORD);
	CHECK_ERR(wsc_eap_auth_status(P->a), WSC_ERR_NO_PASSWORD);
	CHECK_INT(P->evp.n[WSC_EV_CRED], 0);
	CHECK_ERR(wsc_eap_peer_start(P->p, now), WSC_ERR_DONE);
	pair_free(P);

	/* another EAP method offered: the peer NAKs, asking for expanded
	 * types */
	h_ctx("NAK");
	pair_setup(P, STA_ENROLLEE, 0, 0, "nak",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 12 });
	{
		uint8_t req[32];
		size_t n = eap_frame(req, 2, EAP_REQUEST, 9, 4 /* MD5 */,
				     (const uint8_t *)"\x10xxxxxxxxxxxxxxxx", 17);
		CHECK_INT(wsc_eap_peer_recv(P->p, req, n, 0), 0);
		CHECK_INT(wsc_eap_peer_pop_tx(P->p, &f, &len), 1);
		CHECK(len == 10 && f[4] == EAP_RESPONSE && f[5] == 9 &&
		      f[8] == EAP_TYPE_NAK && f[9] == EAP_TYPE_EXPANDED);
	}
	pair_free(P);

	/* EAPOL-Logoff ends the AP's side */
	h_ctx("logoff");
	pair_setup(P, STA_ENROLLEE, 0, 0, "logoff",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 13 });
	wsc_eap_auth_start(P->a, 0);
	CHECK_INT(wsc_eap_auth_recv(P->a, (const uint8_t *)"\x02\x02\x00\x00",
				    4, 0), 0);
	CHECK(wsc_eap_auth_status(P->a) < 0);
	CHECK_INT(wsc_eap_auth_pop_tx(P->a, &f, &len), 1);
	CHECK(len >= 8 && f[4] == EAP_FAILURE);
	/* finished: more frames are refused */
	CHECK(wsc_eap_auth_recv(P->a, (const uint8_t *)"\x02\x01\x00\x00", 4,
				0) < 0);
	pair_free(P);

	/* the peer asks again with EAPOL-Start while nobody answers */
	h_ctx("EAPOL-Start repeats");
	pair_setup(P, STA_ENROLLEE, 0, 0, "start",
		   (const uint8_t[6]){ 2, 0, 0, 0, 0, 14 });
	now = 0;
	wsc_eap_peer_start(P->p, now);
	unsigned starts = 0;
	for (;;) {
		while (wsc_eap_peer_pop_tx(P->p, &f, &len))
			starts += len == 4 && f[1] == EAPOL_START;
		if (wsc_eap_peer_expiry(P->p) >= 14000)
			break;
		now = wsc_eap_peer_expiry(P->p);
		wsc_eap_peer_handle_expiry(P->p, now);
	}
	CHECK_INT(starts, 5); /* at 0, 3, 6, 9 and 12 s */
	CHECK_INT(wsc_eap_peer_status(P->p), 0);
	pair_free(P);
	h_ctx(NULL);
	free(P);
}

int main(void)
{
	net_cred = wpa2_cred("wsc-eap-net", "eap test passphrase");
	new_cred = wpa2_cred("brand-new", "new passphrase 123");
	ap_cur = wpa2_cred("ap-current", "current-passphrase");
	memcpy(ap_cur.mac, mac_ap, 6);

	test_fragments();
	test_drops();
	test_duplicates();
	test_timeouts();
	test_garbage();
	test_fragment_overflow();
	test_fragment_stream();
	test_many_stations();
	test_misc();
	/* the memory the header states a run takes, every mode and fragment
	 * size above included */
	h_ctx("memory per side of a run");
	printf("eap: peak heap per side of a run: peer %zu bytes, "
	       "authenticator %zu bytes\n", peak_peer, peak_auth);
	CHECK(peak_peer > 0 && peak_peer <= WSC_EAP_PEER_HEAP_MAX);
	CHECK(peak_auth > 0 && peak_auth <= WSC_EAP_AUTH_HEAP_MAX);
	return h_summary("eap");
}
