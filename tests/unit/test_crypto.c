/* The WPS key schedule and message protection (keys.c) against known
 * answers: PROTOCOL.md's PBC vector and a real hostapd/wpa_supplicant PIN
 * run (tests/interop/vectors/pin_run.txt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "internal.h"

static const wsc_crypto *C;

static void hexs(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 3 * i, " %02x", p[i]);
}

/* Does the debug log show "what: xx xx ..." with these bytes? */
static bool logged(const log_buf *lb, const char *what, const uint8_t *v,
		   size_t n)
{
	char line[256];
	int o = snprintf(line, sizeof(line), "%s:", what);
	hexs(v, n, line + o);
	return strstr(lb->text, line) != NULL;
}

static void keypair_from(wsc_dh_keypair *kp, const uint8_t *priv, size_t n)
{
	static const uint8_t two = 2;

	memset(kp, 0, sizeof(*kp));
	memcpy(kp->priv, priv, n);
	kp->priv_len = n;
	C->modexp(C->ctx, &two, 1, priv, n, wsc_dh_group5_prime, 192, kp->pub);
	kp->valid = true;
}

/* ---- PROTOCOL.md: the PBC run (frames public in iwd's unit tests) */

/* The enrollee's DH private key and the registrar's public key of that
 * run; the chain below starts from their shared secret. */
static const char kat_priv_e[] =
	"452d9c5648e0e2356b47040847f63a8aa865fff87c5516f4f611cdb8c62c5f94"
	"04dc6947d09c8d7818d9ab51f6b481ecd84d61feda789c95a191e3521d03dd70"
	"2f833e9cc47f1a6f91ebc92cbffa4d1eb75f70729273ed28d5dc4b0dc2a62bdf"
	"2fdff716fff6686368de728a9c678eb7d9b1e9036db7cbcd930c7b592662a104"
	"418dc7c302bf8ccf937dd0d826194104924e4f118872788b6d2262df80d379f5"
	"a5faeec69eee4b94d2771e71f6c25fbbb7ffcd491a80c3f83fb402388406d1c0";
static const char kat_pub_e[] =
	"42761fac657b25d359e85dde22b174397d0d6c56c94ffcf21fd04f70e9d55cb6"
	"790754b68e67e1b53518c0e336f958153f4eed74b546d42f3022b2e1a94df63a"
	"002234f014c5a353287891461e803d7e414a443ad0837ecfa4310e0cfccd6337"
	"058b7f0d65ef5258b99eb2fc777bdb79173db2844aaf09931c459d0a9fb964ec"
	"6f660149b600f7ff854da86007f6331fe6489e7188608802bb1d07687aa0fa4f"
	"fb42de6f8e4e4aa8a7d35dcb384716b6ea999f7df6cdd4e45f9fb5b6619d4278";
static const char kat_pub_r[] =
	"29dd2e3697a4251c9356efdd8cf49e1cabbe42d1bac4b0a42baf9ecce0fb940c"
	"f1df5d712bcb24d7839ff4a2a98886a27f4f42e2764aac4e5d4515014f29bea2"
	"44df36b9ffe3df143021f2749d575b08e978ad5c282c15cba20ddb8cc50fda6f"
	"98d0840b4cab0b1cd9ee78a4fe8e518da1c5f1e15ef19bc417a541b146759b03"
	"4e6c0b3ab925b4767918ddba73ca323360d5b3effe133ffc91f331d64abffa3e"
	"894de6fa09710f8ac8671f7ec0aeb8154db920ec40d2df7309135b06e0c1fae8";

static void test_protocol_kat(void)
{
	uint8_t priv[192], pub_e[192], pub_r[192], shared[192], dhkey[32];
	uint8_t mac[6], n_e[16], n_r[16], want[32], psk1[16], psk2[16];
	wsc_dh_keypair kp;
	wsc_keys k;
	wsc_env env;
	static log_buf lb;

	h_ctx("PROTOCOL.md KAT");
	test_env(&env, NULL, NULL);
	env.log = log_capture;
	env.log_ud = &lb;
	env.log_level = WSC_LOG_DEBUG;
	env.log_secrets = true;
	wsc_env full;
	env_resolve(&full, &env);

	unhex(kat_priv_e, priv, 192);
	unhex(kat_pub_e, pub_e, 192);
	unhex(kat_pub_r, pub_r, 192);
	unhex("a0a8cd1c7ec9", mac, 6);
	unhex("198d0d25912c371ceb078933e125d743", n_e, 16);
	unhex("67a55361ee72c2214878c570899ff2a0", n_r, 16);

	keypair_from(&kp, priv, 192);
	CHECK_MEM(kp.pub, pub_e, 192);
	CHECK_ERR(dh_shared(&full, &kp, pub_r, 192, shared), 0);
	wsc_iov v = { shared, 192 };
	C->sha256(C->ctx, &v, 1, dhkey);
	unhex("9dab994de31082718235aa1b77f632acf462eb6b7f18e0de69373a313a4438d9",
	      want, 32);
	CHECK_MEM(dhkey, want, 32);

	CHECK_ERR(derive_keys(&full, shared, n_e, mac, n_r, &k), 0);
	CHECK(logged(&lb, "DHKey", want, 32));
	unhex("e1aadd88ad507d0a623f827c0032b6d6115f4ae995691c6e20d52f3eace979f5",
	      want, 32);
	CHECK(logged(&lb, "KDK", want, 32));
	unhex("b02a7cc53ef5eebaff0f7414cdab251845be5ad13e0a08b2c8be8735896bc0a5",
	      want, 32);
	CHECK_MEM(k.authkey, want, 32);
	unhex("96e041da940a4504f253bfa3cc3fcca5", want, 16);
	CHECK_MEM(k.keywrapkey, want, 16);
	unhex("b04683ae549852fcf5c3cbfe063a515830315df573225ac5e2cc97afbd7af0c6",
	      want, 32);
	CHECK_MEM(k.emsk, want, 32);

	CHECK_ERR(derive_psk(&full, &k, (const uint8_t *)"00000000", 8, psk1,
			     psk2), 0);
	unhex("a388616b80cd92c72cac87fa176b1115", want, 16);
	CHECK_MEM(psk1, want, 16);
	CHECK_MEM(psk2, want, 16);

	/* E-Hash1/2 of that run from its E-S1/E-S2 (both PSKs are equal, so
	 * the two hashes differ only by the S values) */
	uint8_t s1[16], s2[16], h1[32], h2[32];
	unhex("fdbb480ee6f572f3591cc3b364f2185b", s1, 16);
	unhex("c12698739faf385920ba659d524c71c9", s2, 16);
	CHECK_ERR(pin_hash(&full, &k, s1, psk1, pub_e, pub_r, h1), 0);
	CHECK_ERR(pin_hash(&full, &k, s2, psk2, pub_e, pub_r, h2), 0);
	CHECK(memcmp(h1, h2, 32) != 0);

	/* without log_secrets the same log shows no key material */
	lb.len = 0;
	lb.text[0] = '\0';
	full.log_secrets = false;
	CHECK_ERR(derive_keys(&full, shared, n_e, mac, n_r, &k), 0);
	CHECK_ERR(derive_psk(&full, &k, (const uint8_t *)"00000000", 8, psk1,
			     psk2), 0);
	CHECK(strstr(lb.text, "AuthKey: [hidden") != NULL);
	CHECK(strstr(lb.text, "PSK1: [hidden") != NULL);
	CHECK(strstr(lb.text, "9d ab 99") == NULL);
	CHECK(strstr(lb.text, "b0 2a 7c") == NULL);
	CHECK(strstr(lb.text, "a3 88 61") == NULL);
	h_ctx(NULL);
}

/* ---- the real PIN run */

static const char *const mnames[] = { "m1", "m2", "m3", "m4", "m5", "m6",
				      "m7", "m8" };

static void test_pin_run(void)
{
	size_t n;
	uint8_t shared[192], psk1[16], psk2[16], h[32];
	wsc_dh_keypair ke, kr;
	wsc_keys k;
	wsc_env env, full;
	static log_buf lb;

	h_ctx("pin_run DH");
	test_env(&env, NULL, NULL);
	env.log = log_capture;
	env.log_ud = &lb;
	env.log_level = WSC_LOG_DEBUG;
	env.log_secrets = true;
	env_resolve(&full, &env);

	const uint8_t *priv_e = vec("enrollee_dh_private", &n);
	CHECK_INT(n, 25);
	keypair_from(&ke, priv_e, n);
	const uint8_t *priv_r = vec("registrar_dh_private", &n);
	keypair_from(&kr, priv_r, n);
	const uint8_t *pke = vec("enrollee_public_key", NULL);
	const uint8_t *pkr = vec("registrar_public_key", NULL);
	CHECK_MEM(ke.pub, pke, 192);
	CHECK_MEM(kr.pub, pkr, 192);
	CHECK_ERR(dh_shared(&full, &ke, pkr, 192, shared), 0);
	CHECK_MEM(shared, vec("dh_shared", NULL), 192);
	memset(shared, 0, sizeof(shared));
	CHECK_ERR(dh_shared(&full, &kr, pke, 192, shared), 0);
	CHECK_MEM(shared, vec("dh_shared", NULL), 192);

	h_ctx("pin_run keys");
	CHECK_ERR(derive_keys(&full, shared, vec("e_nonce", NULL),
			      vec("enrollee_mac", NULL), vec("r_nonce", NULL),
			      &k), 0);
	CHECK(logged(&lb, "DHKey", vec("dhkey", NULL), 32));
	CHECK(logged(&lb, "KDK", vec("kdk", NULL), 32));
	CHECK_MEM(k.authkey, vec("authkey", NULL), 32);
	CHECK_MEM(k.keywrapkey, vec("keywrapkey", NULL), 16);
	CHECK_MEM(k.emsk, vec("emsk", NULL), 32);

	/* the order of the KDK inputs matters: swapped nonces differ */
	wsc_keys k2;
	derive_keys(&full, shared, vec("r_nonce", NULL),
		    vec("enrollee_mac", NULL), vec("e_nonce", NULL), &k2);
	CHECK(memcmp(k2.authkey, k.authkey, 32) != 0);

	h_ctx("pin_run PSK and hashes");
	const uint8_t *pin = vec("pin", &n);
	CHECK_INT(n, 8);
	CHECK_ERR(derive_psk(&full, &k, pin, n, psk1, psk2), 0);
	CHECK_MEM(psk1, vec("psk1", NULL), 16);
	CHECK_MEM(psk2, vec("psk2", NULL), 16);
	CHECK_ERR(pin_hash(&full, &k, vec("e_s1", NULL), psk1, pke, pkr, h), 0);
	CHECK_MEM(h, vec("e_hash1", NULL), 32);
	CHECK_ERR(pin_hash(&full, &k, vec("e_s2", NULL), psk2, pke, pkr, h), 0);
	CHECK_MEM(h, vec("e_hash2", NULL), 32);
	CHECK_ERR(pin_hash(&full, &k, vec("r_s1", NULL), psk1, pke, pkr, h), 0);
	CHECK_MEM(h, vec("r_hash1", NULL), 32);
	CHECK_ERR(pin_hash(&full, &k, vec("r_s2", NULL), psk2, pke, pkr, h), 0);
	CHECK_MEM(h, vec("r_hash2", NULL), 32);
	/* a PIN one digit off changes the second half only */
	uint8_t p1[16], p2[16];
	derive_psk(&full, &k, (const uint8_t *)"12345679", 8, p1, p2);
	CHECK_MEM(p1, psk1, 16);
	CHECK(memcmp(p2, psk2, 16) != 0);
	/* 4-digit PIN: halves of 2 and 2; odd lengths put the extra digit
	 * in the first half */
	derive_psk(&full, &k, (const uint8_t *)"1234", 4, p1, p2);
	uint8_t hm[32];
	wsc_iov iv = { (const uint8_t *)"12", 2 };
	C->hmac_sha256(C->ctx, k.authkey, 32, &iv, 1, hm);
	CHECK_MEM(p1, hm, 16);
	iv = (wsc_iov){ (const uint8_t *)"34", 2 };
	C->hmac_sha256(C->ctx, k.authkey, 32, &iv, 1, hm);
	CHECK_MEM(p2, hm, 16);
	derive_psk(&full, &k, (const uint8_t *)"12345", 5, p1, p2);
	iv = (wsc_iov){ (const uint8_t *)"123", 3 };
	C->hmac_sha256(C->ctx, k.authkey, 32, &iv, 1, hm);
	CHECK_MEM(p1, hm, 16);

	/* Authenticator of M2..M8 over previous || current */
	for (size_t i = 1; i < ARRAY_LEN(mnames); i++) {
		size_t pl, cl;
		const uint8_t *prev = vec(mnames[i - 1], &pl);
		const uint8_t *cur = vec(mnames[i], &cl);
		uint8_t tag[8];
		h_ctx("Authenticator of %s", mnames[i]);
		CHECK(get_be16(cur + cl - 12) == ATTR_AUTHENTICATOR);
		CHECK_ERR(authenticator(&full, &k, prev, pl, cur, cl - 12, tag),
			  0);
		CHECK_MEM(tag, cur + cl - 8, 8);
		/* a wrong previous message gives another tag */
		authenticator(&full, &k, cur, cl, cur, cl - 12, tag);
		CHECK(memcmp(tag, cur + cl - 8, 8) != 0);
	}

	/* decrypt every Encrypted Settings, check KWA, rebuild it */
	static const struct { const char *m, *plain; uint16_t inner;
			      const char *val; } es[] = {
		{ "m4", "m4_plaintext_padded", ATTR_R_SNONCE1, "r_s1" },
		{ "m5", "m5_plaintext_padded", ATTR_E_SNONCE1, "e_s1" },
		{ "m6", "m6_plaintext_padded", ATTR_R_SNONCE2, "r_s2" },
		{ "m7", "m7_plaintext_padded", ATTR_E_SNONCE2, "e_s2" },
		{ "m8", "m8_plaintext_padded", ATTR_CRED, NULL },
	};
	for (size_t i = 0; i < ARRAY_LEN(es); i++) {
		size_t ml, pl, ol;
		const uint8_t *m = vec(es[i].m, &ml);
		const uint8_t *pt = vec(es[i].plain, &pl);
		wsc_parsed p, in;
		uint8_t out[1024];

		h_ctx("Encrypted Settings of %s", es[i].m);
		CHECK_ERR(wsc_parse(m, ml, &p, NULL), 0);
		const wsc_view *e = &p.a[WSC_A_ENCR_SETTINGS];
		CHECK_ERR(encr_settings_open(&full, &k, e->p, e->len, out,
					     sizeof(out), &ol), 0);
		size_t pad = pt[pl - 1];
		CHECK_INT(ol, pl - pad - 12);
		CHECK_MEM(out, pt, ol);
		CHECK_ERR(wsc_parse(out, ol, &in, NULL), 0);
		if (es[i].val) {
			CHECK(in.a[WSC_A_R_SNONCE1].p || in.a[WSC_A_E_SNONCE1].p ||
			      in.a[WSC_A_R_SNONCE2].p || in.a[WSC_A_E_SNONCE2].p);
			CHECK(get_be16(out) == es[i].inner);
			CHECK_MEM(out + 4, vec(es[i].val, NULL), 16);
		} else {
			size_t cl;
			const uint8_t *cred = vec("credential", &cl);
			CHECK_INT(in.ncred, 1);
			CHECK_INT(ol, cl);
			CHECK_MEM(out, cred, cl);
		}
		/* a buffer too small for the plaintext */
		CHECK_ERR(encr_settings_open(&full, &k, e->p, e->len, out,
					     e->len - 17, &ol), WSC_ERR_DECRYPT);

		/* rebuilding with the same IV gives the same bytes */
		script_rng sr;
		wsc_env senv = full;
		uint8_t msgbuf[1200];
		wbuf b;
		script_rng_init(&sr, "unused");
		script_rng_add(&sr, e->p, 16);
		senv.random = script_random;
		senv.random_ud = &sr;
		wb_init(&b, msgbuf, sizeof(msgbuf));
		CHECK_ERR(encr_settings_build(&senv, &k, pt, pl - pad - 12, &b),
			  0);
		CHECK_INT(sr.mismatches, 0);
		CHECK_INT(b.len, 4u + e->len);
		CHECK_MEM(msgbuf, e->p - 4, b.len);
	}
	h_ctx(NULL);
	wsc_wipe(&k, sizeof(k));
}

/* Each step of the key schedule leaves nothing of its secrets in the
 * stack it used: DHKey, KDK, the keys, PSK1/PSK2, the plaintext of
 * Encrypted Settings either way. The stack is copied right after each
 * call returns, before anything else runs over its frames; inputs are
 * fresh random bytes (no earlier test's frames hold what they give) and
 * live on the heap with the outputs, so what is found was left by the
 * call. */
static void test_stack_wipes(void)
{
	static const char pass[] = "stack-probe passphrase 0123";
	wsc_env full;
	det_rng r;
	uint8_t *in = calloc(1, 192 + 16 + 6 + 16 + 8);
	uint8_t *snap = malloc(STACK_PROBE);
	uint8_t *x = calloc(1, 64); /* DHKey, KDK, computed afterwards */
	wsc_keys *k = calloc(1, sizeof(*k));
	uint8_t *psk = calloc(1, 32), *plain = calloc(1, 64);
	uint8_t *msg = calloc(1, 256), *out = calloc(1, 256);
	size_t plen = 4 + sizeof(pass) - 1, olen;
	uint8_t *shared = in, *n_e = in + 192, *mac = n_e + 16,
		*n_r = mac + 6, *pin = n_r + 16;
	wbuf b;

	if (!in || !snap || !x || !k || !psk || !plain || !msg || !out)
		abort();
	det_rng_init(&r, "stack wipes");
	det_random(&r, in, 192 + 16 + 6 + 16);
	memcpy(pin, "31415926", 8);
	env_resolve(&full, NULL);

	h_ctx("stack after derive_keys");
	CHECK_ERR(derive_keys(&full, shared, n_e, mac, n_r, k), 0);
	stack_snapshot(snap);
	wsc_iov v[3] = { { shared, 192 } };
	full.crypto->sha256(full.crypto->ctx, v, 1, x);
	v[0] = (wsc_iov){ n_e, 16 };
	v[1] = (wsc_iov){ mac, 6 };
	v[2] = (wsc_iov){ n_r, 16 };
	full.crypto->hmac_sha256(full.crypto->ctx, x, 32, v, 3, x + 32);
	CHECK_INT(mem_find(snap, STACK_PROBE, x, 32), -1);      /* DHKey */
	CHECK_INT(mem_find(snap, STACK_PROBE, x + 32, 32), -1); /* KDK */
	CHECK_INT(mem_find(snap, STACK_PROBE, k->authkey, 32), -1);
	CHECK_INT(mem_find(snap, STACK_PROBE, k->keywrapkey, 16), -1);
	CHECK_INT(mem_find(snap, STACK_PROBE, k->emsk, 32), -1);

	h_ctx("stack after derive_psk");
	CHECK_ERR(derive_psk(&full, k, pin, 8, psk, psk + 16), 0);
	CHECK_INT(stack_find(psk, 16), -1);
	CHECK_INT(stack_find(psk + 16, 16), -1);

	h_ctx("stack after encr_settings_build");
	plain[0] = 0x10; /* Network Key */
	plain[1] = 0x27;
	plain[3] = (uint8_t)(sizeof(pass) - 1);
	memcpy(plain + 4, pass, sizeof(pass) - 1);
	wb_init(&b, msg, 256);
	CHECK_ERR(encr_settings_build(&full, k, plain, plen, &b), 0);
	CHECK_INT(stack_find((const uint8_t *)pass, sizeof(pass) - 1), -1);
	h_ctx("stack after encr_settings_open");
	CHECK_ERR(encr_settings_open(&full, k, msg + 4, b.len - 4, out, 256,
				     &olen), 0);
	CHECK_INT(olen, plen);
	CHECK_INT(stack_find((const uint8_t *)pass, sizeof(pass) - 1), -1);

	h_ctx("the probe finds a secret left on purpose");
	CHECK(leave_on_stack(k->authkey) >= 0 &&
	      stack_find(k->authkey, 32) >= 0);
	wsc_wipe(k, sizeof(*k));
	wsc_wipe(psk, 32);
	wsc_wipe(x, 64);
	wsc_wipe(out, 256);
	free(in);
	free(snap);
	free(x);
	free(k);
	free(psk);
	free(plain);
	free(msg);
	free(out);
	h_ctx(NULL);
}

/* ---- DH public key validation */

static void sub_be(uint8_t *a, const uint8_t *b, size_t n) /* a -= b */
{
	int borrow = 0;
	for (size_t i = n; i-- > 0;) {
		int d = a[i] - b[i] - borrow;
		borrow = d < 0;
		a[i] = (uint8_t)(d + (borrow ? 256 : 0));
	}
}

static void test_pubkey_validation(void)
{
	wsc_env env, full;
	det_rng r;
	wsc_dh_keypair kp;
	uint8_t y[200], out[192];
	size_t n;

	det_rng_init(&r, "pubkey");
	test_env(&env, &r, NULL);
	env_resolve(&full, &env);
	CHECK_ERR(wsc_dh_keypair_generate(&env, &kp, 0), 0);

	struct { const char *what; size_t len; } cases[] = {
		{ "0", 192 }, { "1", 192 }, { "p-1", 192 }, { "p", 192 },
		{ "p+1", 192 }, { "2^1536-1", 192 }, { "p-2 (not in subgroup)", 192 },
		{ "p-PKe (not in subgroup)", 192 }, { "0 in one byte", 1 },
		{ "1 in one byte", 1 }, { "empty", 0 }, { "193 bytes", 193 },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		memset(y, 0, sizeof(y));
		switch (i) {
		case 0: break;
		case 1: y[191] = 1; break;
		case 2: memcpy(y, wsc_dh_group5_prime, 192); y[191] -= 1; break;
		case 3: memcpy(y, wsc_dh_group5_prime, 192); break;
		case 4: /* p ends in 0xff bytes: carry */
			memcpy(y, wsc_dh_group5_prime, 192);
			for (size_t k = 192; k-- > 0 && ++y[k] == 0;)
				;
			break;
		case 5: memset(y, 0xff, 192); break;
		case 6: memcpy(y, wsc_dh_group5_prime, 192); y[191] -= 2; break;
		case 7: {
			memcpy(y, wsc_dh_group5_prime, 192);
			sub_be(y, vec("enrollee_public_key", NULL), 192);
			break;
		}
		case 8: break;
		case 9: y[0] = 1; break;
		case 10: break;
		case 11: y[1] = 2; break; /* 2 in 193 bytes: still too long */
		}
		h_ctx("public key %s", cases[i].what);
		CHECK_ERR(wsc_dh_pubkey_check(y, cases[i].len),
			  WSC_ERR_BAD_PUBKEY);
		/* the subgroup test is made on arrival; dh_shared checks
		 * the length and the range (cases 6 and 7 are in range) */
		memset(out, 0x77, sizeof(out));
		CHECK_ERR(dh_shared(&full, &kp, y, cases[i].len, out),
			  (i == 6 || i == 7 ? 0 : WSC_ERR_BAD_PUBKEY));
	}
	/* the real keys pass the same check */
	h_ctx("valid public keys");
	CHECK_ERR(dh_shared(&full, &kp, vec("enrollee_public_key", NULL), 192,
			    out), 0);
	CHECK_ERR(dh_shared(&full, &kp, vec("registrar_public_key", NULL), 192,
			    out), 0);
	/* p-2 is rejected by the subgroup test, not the range: p-3 is in
	 * range too; a square (4 = 2^2) is in the subgroup */
	memset(y, 0, 192);
	y[191] = 4;
	CHECK_ERR(dh_shared(&full, &kp, y, 192, out), 0);
	CHECK_ERR(dh_shared(&full, &kp, y + 191, 1, out), 0);
	/* a key pair that is not valid */
	wsc_dh_keypair bad = kp;
	bad.valid = false;
	CHECK_ERR(dh_shared(&full, &bad, vec("registrar_public_key", &n), n,
			    out), WSC_ERR_BAD_PUBKEY);
	h_ctx(NULL);
}

/* The subgroup check without an exponentiation: the Jacobi symbol (y/p)
 * agrees with Euler's criterion y^q mod p (computed by the backend's
 * modexp) on random values, key pairs' public keys and the edges; the
 * public API's known answers */
static void test_jacobi(void)
{
	wsc_env env, full;
	det_rng r;
	uint8_t y[192], q[192], e[192], one[192] = { 0 };
	unsigned carry = 0;
	int agree = 0, squares = 0;

	det_rng_init(&r, "jacobi");
	test_env(&env, &r, NULL);
	env_resolve(&full, &env);
	one[191] = 1;
	for (size_t i = 0; i < 192; i++) { /* q = (p - 1) / 2 */
		uint8_t b = wsc_dh_group5_prime[i] - (i == 191);
		q[i] = (uint8_t)(b >> 1 | carry);
		carry = (b & 1u) << 7;
	}
	h_ctx("Jacobi symbol against Euler's criterion");
	for (int k = 0; k < 300; k++) {
		wsc_dh_keypair kp;
		if (k % 3 == 2) {
			CHECK_ERR(wsc_dh_keypair_generate(&env, &kp, 256), 0);
			memcpy(y, kp.pub, 192);
		} else {
			det_random(&r, y, 192);
			y[0] &= 0x7f; /* below p */
		}
		CHECK_ERR(full.crypto->modexp(full.crypto->ctx, y, 192, q, 192,
					      wsc_dh_group5_prime, 192, e), 0);
		bool euler = !memcmp(e, one, 192);
		int j = jacobi(y, wsc_dh_group5_prime);
		agree += (j == 1) == euler;
		squares += euler;
		CHECK_ERR(wsc_dh_pubkey_check(y, 192),
			  euler ? 0 : WSC_ERR_BAD_PUBKEY);
	}
	CHECK_INT(agree, 300);
	CHECK(squares > 100 && squares < 300); /* both kinds were tried */
	/* the batched way against the reference, on odd moduli of every
	 * size and values below them, some sharing a factor: it never gives
	 * up, and it agrees */
	h_ctx("batched Jacobi symbol against the reference");
	int same = 0, gave_up = 0, zeros = 0, tries = 8000;
	uint8_t n[192];
	for (int k = 0; k < tries; k++) {
		uint8_t rb[2];
		det_random(&r, rb, 2);
		size_t nl = 1 + rb[0] % 192, al;
		memset(n, 0, 192);
		det_random(&r, n + 192 - nl, nl);
		n[191] |= 1;
		if (k % 2 == 0)
			memcpy(n, wsc_dh_group5_prime, 192);
		nl = 192;
		while (nl && !n[192 - nl])
			nl--;
		al = 1 + rb[1] % nl;
		memset(y, 0, 192);
		det_random(&r, y + 192 - al, al);
		if (al == nl) /* below n */
			y[192 - al] = (uint8_t)(n[192 - nl] ? y[192 - al] %
						 n[192 - nl] : 0);
		if (k % 7 == 3) { /* a shared factor 3 * 5 */
			memset(y, 0, 192);
			memset(n, 0, 192);
			n[191] = 15;
			y[191] = 5;
		}
		int jb = jacobi_batched(y, n), jr = jacobi_binary(y, n);
		gave_up += jb == 2;
		same += jb == jr;
		zeros += jr == 0;
	}
	CHECK_INT(gave_up, 0);
	CHECK_INT(same, tries);
	CHECK(zeros > tries / 10); /* the shared-factor kind was tried */
	h_ctx("wsc_dh_pubkey_check known answers");
	memset(y, 0, 192);
	CHECK_ERR(wsc_dh_pubkey_check(y, 192), WSC_ERR_BAD_PUBKEY);    /* 0 */
	y[191] = 1;
	CHECK_ERR(wsc_dh_pubkey_check(y, 192), WSC_ERR_BAD_PUBKEY);    /* 1 */
	y[191] = 2;
	CHECK_ERR(wsc_dh_pubkey_check(y, 192), 0);                     /* g */
	y[191] = 4;
	CHECK_ERR(wsc_dh_pubkey_check(y + 191, 1), 0);                 /* 2^2 */
	memcpy(y, wsc_dh_group5_prime, 192);
	CHECK_ERR(wsc_dh_pubkey_check(y, 192), WSC_ERR_BAD_PUBKEY);    /* p */
	y[191] -= 1;
	CHECK_ERR(wsc_dh_pubkey_check(y, 192), WSC_ERR_BAD_PUBKEY);    /* p-1 */
	y[191] -= 1;
	CHECK_ERR(wsc_dh_pubkey_check(y, 192), WSC_ERR_BAD_PUBKEY);    /* p-2 */
	CHECK_ERR(wsc_dh_pubkey_check(vec("enrollee_public_key", NULL), 192),
		  0);
	CHECK_ERR(wsc_dh_pubkey_check(vec("registrar_public_key", NULL), 192),
		  0);
	CHECK_ERR(wsc_dh_pubkey_check(y, 193), WSC_ERR_BAD_PUBKEY);
	CHECK_ERR(wsc_dh_pubkey_check(NULL, 0), WSC_ERR_BAD_PUBKEY);
	h_ctx(NULL);
}

/* The fixed-base entry gives what modexp with base 2 gives, at every
 * exponent length (its tables are made per length; past the backend's
 * number of tables it says unsupported and the key pair still comes) */
static void test_modexp_g2(void)
{
	const wsc_crypto *c = wsc_crypto_default();
	det_rng r;
	wsc_env env;
	uint8_t x[192], a[192], b[192];
	static const uint8_t two = 2;
	static const size_t lens[] = { 1, 20, 25, 32, 33, 100, 192 };

	det_rng_init(&r, "modexp_g2");
	test_env(&env, &r, NULL);
	h_ctx("modexp_g2 against modexp (%s)", c->name);
	if (!c->modexp_g2) {
		CHECK(strcmp(c->name, "openssl")); /* OpenSSL has one */
		h_ctx(NULL);
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(lens); i++) {
		for (int k = 0; k < 4; k++) {
			det_random(&r, x, lens[i]);
			if (k == 1)
				memset(x, 0xff, lens[i]);
			if (k == 2)
				memset(x, 0, lens[i] - 1);
			/* the first request of a length may be refused
			 * (the backend makes tables at the second) */
			int rc = c->modexp_g2(c->ctx, x, lens[i], a);
			if (k == 0 && rc == WSC_ERR_UNSUPPORTED)
				continue;
			CHECK_ERR(rc, 0);
			CHECK_ERR(c->modexp(c->ctx, &two, 1, x, lens[i],
					    wsc_dh_group5_prime, 192, b), 0);
			CHECK_MEM(a, b, 192);
		}
	}
	/* a backend may take other ways for short exponents: the same
	 * exponent padded with zero bytes to 40 must give the same result */
	h_ctx("modexp, short exponents against the same padded (%s)",
	      c->name);
	for (size_t len = 1; len <= 32; len += 3) {
		uint8_t y[192], xp[40] = { 0 };
		det_random(&r, y, 192);
		y[0] &= 0x7f;
		det_random(&r, x, len);
		memcpy(xp + 40 - len, x, len);
		CHECK_ERR(c->modexp(c->ctx, y, 192, x, len, wsc_dh_group5_prime,
				    192, a), 0);
		CHECK_ERR(c->modexp(c->ctx, y, 192, xp, 40, wsc_dh_group5_prime,
				    192, b), 0);
		CHECK_MEM(a, b, 192);
	}
	h_ctx("modexp_g2 against modexp (%s)", c->name);
	CHECK_ERR(c->modexp_g2(c->ctx, x, 0, a), WSC_ERR_UNSUPPORTED);
	/* more lengths than tables: unsupported for some, key pairs made */
	int unsupported = 0;
	for (size_t bits = 160; bits < 160 + 8 * 12; bits += 8) {
		wsc_dh_keypair kp;
		CHECK_ERR(wsc_dh_keypair_generate(&env, &kp, bits), 0);
		CHECK_ERR(c->modexp(c->ctx, &two, 1, kp.priv, kp.priv_len,
				    wsc_dh_group5_prime, 192, b), 0);
		CHECK_MEM(kp.pub, b, 192);
		unsupported += c->modexp_g2(c->ctx, kp.priv, kp.priv_len, a) ==
			       WSC_ERR_UNSUPPORTED;
	}
	CHECK(unsupported > 0);
	h_ctx(NULL);
}

/* Public keys and shared secrets are 192 bytes, left-padded: find key
 * pairs whose public key and shared secret begin with a zero byte. */
static void test_left_padding(void)
{
	wsc_env env, full;
	det_rng r;
	wsc_dh_keypair a, b, lz;
	uint8_t s1[192], s2[192], s3[192];
	bool found_pub = false, found_shared = false;
	int tries = 0;

	det_rng_init(&r, "left padding");
	test_env(&env, &r, NULL);
	env_resolve(&full, &env);

	h_ctx("key pair sizes");
	CHECK_ERR(wsc_dh_keypair_generate(&env, &a, 100), WSC_ERR_INVAL);
	CHECK_ERR(wsc_dh_keypair_generate(&env, &a, 1537), WSC_ERR_INVAL);
	CHECK_ERR(wsc_dh_keypair_generate(&env, NULL, 0), WSC_ERR_INVAL);
	CHECK_ERR(wsc_dh_keypair_generate(&env, &a, 161), 0);
	CHECK_INT(a.priv_len, 21);
	CHECK(a.priv[0] <= 1);
	CHECK_ERR(wsc_dh_keypair_generate(&env, &a, 0), 0);
	CHECK_INT(a.priv_len, WSC_DH_PRIV_BITS_DEFAULT / 8);
	CHECK(a.valid);
	CHECK_ERR(wsc_dh_keypair_generate(&env, &a, 1536), 0);
	CHECK_INT(a.priv_len, 192);

	CHECK_ERR(wsc_dh_keypair_generate(&env, &b, 160), 0);
	while ((!found_pub || !found_shared) && tries++ < 5000) {
		CHECK_ERR(wsc_dh_keypair_generate(&env, &a, 160), 0);
		if (!found_pub && a.pub[0] == 0) {
			found_pub = true;
			lz = a;
			/* the peer may send it with or without the zero */
			h_ctx("public key with a leading zero (try %d)", tries);
			CHECK_ERR(dh_shared(&full, &b, a.pub, 192, s1), 0);
			CHECK_ERR(dh_shared(&full, &b, a.pub + 1, 191, s2), 0);
			CHECK_MEM(s1, s2, 192);
			CHECK_ERR(dh_shared(&full, &a, b.pub, 192, s3), 0);
			CHECK_MEM(s1, s3, 192);
		}
		if (!found_shared) {
			dh_shared(&full, &a, b.pub, 192, s1);
			if (s1[0] == 0) {
				found_shared = true;
				h_ctx("shared secret with a leading zero");
				CHECK_ERR(dh_shared(&full, &b, a.pub, 192, s2), 0);
				CHECK_MEM(s1, s2, 192);
				/* DHKey hashes all 192 bytes */
				wsc_keys k1, k2;
				uint8_t z[16] = { 0 };
				derive_keys(&full, s1, z, z, z, &k1);
				uint8_t stripped[192] = { 0 };
				memcpy(stripped, s1 + 1, 191);
				derive_keys(&full, stripped, z, z, z, &k2);
				CHECK(memcmp(k1.authkey, k2.authkey, 32) != 0);
			}
		}
	}
	h_ctx(NULL);
	CHECK(found_pub);
	CHECK(found_shared);
	(void)lz;
}

/* ---- Encrypted Settings */

static void keys_for_test(wsc_keys *k)
{
	memcpy(k->authkey, vec("authkey", NULL), 32);
	memcpy(k->keywrapkey, vec("keywrapkey", NULL), 16);
	memset(k->emsk, 0, 32);
}

/* Encrypt a hand-made plaintext (padding included) as Encrypted Settings
 * with IV 0..15. Returns the length of iv||ciphertext. */
static size_t raw_encrypt(const wsc_keys *k, const uint8_t *plain, size_t n,
			  uint8_t *out)
{
	for (int i = 0; i < 16; i++)
		out[i] = (uint8_t)i;
	C->aes128_cbc(C->ctx, 1, k->keywrapkey, out, plain, n, out + 16);
	return 16 + n;
}

static size_t kwa_plain(const wsc_keys *k, const uint8_t *body, size_t n,
			uint8_t *out)
{
	uint8_t h[32];
	wsc_iov v = { body, n };

	memcpy(out, body, n);
	C->hmac_sha256(C->ctx, k->authkey, 32, &v, 1, h);
	put_be16(out + n, ATTR_KEY_WRAP_AUTH);
	put_be16(out + n + 2, 8);
	memcpy(out + n + 4, h, 8);
	return n + 12;
}

static void test_encr_settings(void)
{
	wsc_env env, full;
	det_rng r;
	wsc_keys k;
	uint8_t plain[300], out[400], mbuf[600];
	size_t ol;
	wbuf b;

	det_rng_init(&r, "encr");
	test_env(&env, &r, NULL);
	env_resolve(&full, &env);
	keys_for_test(&k);

	/* round trip for every padding length */
	for (size_t n = 0; n <= 100; n++) {
		h_ctx("round trip %zu bytes", n);
		for (size_t i = 0; i < n; i++)
			plain[i] = (uint8_t)(i * 7 + n);
		wb_init(&b, mbuf, sizeof(mbuf));
		CHECK_ERR(encr_settings_build(&full, &k, plain, n, &b), 0);
		uint16_t alen = get_be16(mbuf + 2);
		CHECK_INT(get_be16(mbuf), ATTR_ENCR_SETTINGS);
		CHECK_INT(alen, 16 + ((n + 12) / 16 + 1) * 16);
		CHECK_INT(b.len, 4u + alen);
		CHECK_ERR(encr_settings_open(&full, &k, mbuf + 4, alen, out,
					     sizeof(out), &ol), 0);
		CHECK_INT(ol, n);
		CHECK_MEM(out, plain, n);
	}
	/* a fresh IV each time */
	uint8_t m2[600];
	wb_init(&b, mbuf, sizeof(mbuf));
	encr_settings_build(&full, &k, plain, 40, &b);
	wb_init(&b, m2, sizeof(m2));
	encr_settings_build(&full, &k, plain, 40, &b);
	CHECK(memcmp(mbuf + 4, m2 + 4, 16) != 0);

	/* too big, or no room in the message */
	h_ctx("sizes");
	static uint8_t big[1100];
	wb_init(&b, mbuf, sizeof(mbuf));
	CHECK_ERR(encr_settings_build(&full, &k, big, sizeof(big), &b),
		  WSC_ERR_BUFSIZE);
	wb_init(&b, mbuf, 40);
	CHECK_ERR(encr_settings_build(&full, &k, plain, 40, &b),
		  WSC_ERR_BUFSIZE);

	/* tamper: one bit flipped at each byte position */
	h_ctx("tamper");
	for (size_t i = 0; i < 50; i++)
		plain[i] = (uint8_t)i;
	wb_init(&b, mbuf, sizeof(mbuf));
	CHECK_ERR(encr_settings_build(&full, &k, plain, 50, &b), 0);
	uint16_t alen = get_be16(mbuf + 2);
	unsigned kwa = 0, dec = 0;
	for (size_t pos = 0; pos < alen; pos++) {
		for (int bit = 0; bit < 8; bit += 7) {
			uint8_t t[200];
			memcpy(t, mbuf + 4, alen);
			t[pos] ^= (uint8_t)(1u << bit);
			memset(out, 0, sizeof(out));
			int e = encr_settings_open(&full, &k, t, alen, out,
						   sizeof(out), &ol);
			h_ctx("tamper byte %zu bit %d", pos, bit);
			CHECK_MSG(e == WSC_ERR_KWA || e == WSC_ERR_DECRYPT,
				  "got %d", e);
			kwa += e == WSC_ERR_KWA;
			dec += e == WSC_ERR_DECRYPT;
			/* nothing decrypted is left behind */
			CHECK(all_zero(out, sizeof(out)));
		}
	}
	CHECK(kwa > 0 && dec > 0);
	/* a different key */
	h_ctx("wrong keys");
	wsc_keys k2 = k;
	k2.authkey[0] ^= 1;
	CHECK_ERR(encr_settings_open(&full, &k2, mbuf + 4, alen, out,
				     sizeof(out), &ol), WSC_ERR_KWA);
	k2 = k;
	k2.keywrapkey[15] ^= 0x80;
	int e = encr_settings_open(&full, &k2, mbuf + 4, alen, out, sizeof(out),
				   &ol);
	CHECK(e == WSC_ERR_KWA || e == WSC_ERR_DECRYPT);

	/* malformed: lengths, padding, KWA placement */
	h_ctx("malformed lengths");
	CHECK_ERR(encr_settings_open(&full, &k, mbuf + 4, 16, out, sizeof(out),
				     &ol), WSC_ERR_DECRYPT);
	CHECK_ERR(encr_settings_open(&full, &k, mbuf + 4, 0, out, sizeof(out),
				     &ol), WSC_ERR_DECRYPT);
	CHECK_ERR(encr_settings_open(&full, &k, mbuf + 4, alen - 1, out,
				     sizeof(out), &ol), WSC_ERR_DECRYPT);
	CHECK_ERR(encr_settings_open(&full, &k, mbuf + 4, 33, out, sizeof(out),
				     &ol), WSC_ERR_DECRYPT);

	uint8_t body[64], pt[128], ct[160];
	size_t bl = 20, pl;
	for (size_t i = 0; i < bl; i++)
		body[i] = (uint8_t)(0x30 + i);
	pl = kwa_plain(&k, body, bl, pt); /* 32 bytes */
	struct { const char *what; int pad; int fill; int want; } pads[] = {
		{ "good pad 16", 16, 16, 0 },
		{ "pad 0", 16, 0, WSC_ERR_DECRYPT },
		{ "pad 17", 16, 17, WSC_ERR_DECRYPT },
		{ "pad 255", 16, 255, WSC_ERR_DECRYPT },
		{ "inconsistent pad", 16, -1, WSC_ERR_DECRYPT },
		{ "no pad (block aligned, last byte 'pad' from KWA)", 0, 0, -100 },
	};
	for (size_t i = 0; i < ARRAY_LEN(pads); i++) {
		size_t n = pl;
		h_ctx("%s", pads[i].what);
		memcpy(ct, pt, pl);
		if (pads[i].pad) {
			memset(ct + n, pads[i].fill < 0 ? 16 : pads[i].fill, 16);
			if (pads[i].fill < 0)
				ct[n + 3] = 15;
			n += 16;
		}
		uint8_t enc[200];
		size_t el = raw_encrypt(&k, ct, n, enc);
		e = encr_settings_open(&full, &k, enc, el, out, sizeof(out), &ol);
		if (pads[i].want == -100)
			CHECK(e == WSC_ERR_DECRYPT || e == WSC_ERR_KWA);
		else
			CHECK_ERR(e, pads[i].want);
		if (e == 0) {
			CHECK_INT(ol, bl);
			CHECK_MEM(out, body, bl);
		}
	}
	/* KWA not last, KWA with the wrong length, no KWA at all, wrong
	 * KWA value */
	h_ctx("KWA placement");
	{
		uint8_t x[128];
		size_t n = kwa_plain(&k, body, bl, x);
		/* an attribute after the KWA */
		memcpy(x + n, "\x10\x45\x00\x00", 4);
		n += 4;
		memset(x + n, 12, 12);
		n += 12;
		uint8_t enc[200];
		size_t el = raw_encrypt(&k, x, n, enc);
		CHECK_ERR(encr_settings_open(&full, &k, enc, el, out, sizeof(out),
					     &ol), WSC_ERR_DECRYPT);

		n = kwa_plain(&k, body, bl, x);
		put_be16(x + n - 10, 7); /* KWA length 7 */
		memset(x + n, 16, 16);
		el = raw_encrypt(&k, x, n + 16, enc);
		CHECK_ERR(encr_settings_open(&full, &k, enc, el, out, sizeof(out),
					     &ol), WSC_ERR_DECRYPT);

		memcpy(x, body, bl); /* no KWA: 20 bytes + 12 pad */
		memset(x + bl, 12, 12);
		el = raw_encrypt(&k, x, 32, enc);
		CHECK_ERR(encr_settings_open(&full, &k, enc, el, out, sizeof(out),
					     &ol), WSC_ERR_DECRYPT);

		n = kwa_plain(&k, body, bl, x);
		x[n - 1] ^= 1; /* KWA value wrong */
		memset(x + n, 16, 16);
		el = raw_encrypt(&k, x, n + 16, enc);
		CHECK_ERR(encr_settings_open(&full, &k, enc, el, out, sizeof(out),
					     &ol), WSC_ERR_KWA);

		/* only padding: 16 bytes of 0x10 */
		memset(x, 16, 16);
		el = raw_encrypt(&k, x, 16, enc);
		CHECK_ERR(encr_settings_open(&full, &k, enc, el, out, sizeof(out),
					     &ol), WSC_ERR_DECRYPT);
	}
	h_ctx(NULL);
}

/* ---- a failing random source fails closed */

static void test_random_failure(void)
{
	fail_rng fr;
	wsc_env env, full;
	wsc_keys k;
	wsc_dh_keypair kp;
	uint8_t mbuf[600];
	wbuf b;
	char pin[9];
	wsc_cred c;

	keys_for_test(&k);
	fail_rng_init(&fr, 0);
	test_env_fail(&env, &fr);
	env_resolve(&full, &env);

	h_ctx("random failure: Encrypted Settings");
	memset(mbuf, 0, sizeof(mbuf));
	wb_init(&b, mbuf, sizeof(mbuf));
	CHECK_ERR(encr_settings_build(&full, &k, (const uint8_t *)"abc", 3, &b),
		  WSC_ERR_RANDOM);
	/* the 0x5a the source left must not be sent as an IV */
	CHECK(mbuf[4] != 0x5a || mbuf[5] != 0x5a);

	h_ctx("random failure: DH key pair");
	memset(&kp, 0x33, sizeof(kp));
	CHECK_ERR(wsc_dh_keypair_generate(&env, &kp, 0), WSC_ERR_RANDOM);
	CHECK(!kp.valid);
	CHECK(all_zero(kp.priv, sizeof(kp.priv)));

	h_ctx("random failure: PIN");
	memset(pin, 'x', sizeof(pin));
	CHECK_ERR(wsc_pin_generate(&env, pin), WSC_ERR_RANDOM);

	h_ctx("random failure: credential");
	memset(&c, 0, sizeof(c));
	CHECK_ERR(wsc_cred_generate(&env, &c), WSC_ERR_RANDOM);
	CHECK(wsc_cred_check(&c) != 0 || c.key_len == 0);
	/* second call (the SSID) failing: nothing of the half-made
	 * settings is left in c */
	fail_rng_init(&fr, 1);
	memset(&c, 0, sizeof(c));
	CHECK_ERR(wsc_cred_generate(&env, &c), WSC_ERR_RANDOM);
	CHECK(all_zero(&c, sizeof(c)));

	h_ctx("random failure: env_random wipes");
	uint8_t buf[32];
	fail_rng_init(&fr, 0);
	CHECK_ERR(env_random(&full, buf, sizeof(buf)), WSC_ERR_RANDOM);
	CHECK(all_zero(buf, sizeof(buf)));
	h_ctx(NULL);
}

static void test_misc(void)
{
	uint8_t a[40], b2[40];

	memset(a, 1, sizeof(a));
	memcpy(b2, a, sizeof(a));
	CHECK_INT(wsc_ct_cmp(a, b2, sizeof(a)), 0);
	b2[39] ^= 0x80;
	CHECK(wsc_ct_cmp(a, b2, sizeof(a)) != 0);
	CHECK_INT(wsc_ct_cmp(a, b2, 39), 0);
	wsc_wipe(a, sizeof(a));
	CHECK(all_zero(a, sizeof(a)));
	CHECK(C->name != NULL);
	/* the OS source works */
	uint8_t r1[32] = { 0 }, r2[32] = { 0 };
	CHECK_INT(wsc_random_os(NULL, r1, sizeof(r1)), 0);
	CHECK_INT(wsc_random_os(NULL, r2, sizeof(r2)), 0);
	CHECK(memcmp(r1, r2, 32) != 0);
	/* the deterministic source is deterministic, however it is asked */
	det_rng x, y;
	uint8_t bx[100], by[100];
	det_rng_init(&x, "same");
	det_rng_init(&y, "same");
	det_random(&x, bx, 100);
	for (int i = 0; i < 100; i += 7)
		det_random(&y, by + i, i + 7 <= 100 ? 7 : (size_t)(100 - i));
	CHECK_MEM(bx, by, 100);
	det_rng_init(&y, "other");
	det_random(&y, by, 100);
	CHECK(memcmp(bx, by, 100) != 0);
	/* strerror names every code */
	for (int e = 0; e >= WSC_ERR_DONE; e--)
		CHECK(strcmp(wsc_strerror(e), "unknown error") != 0);
	CHECK_STR(wsc_strerror(1000), "unknown error");
}

int main(void)
{
	C = wsc_crypto_default();
	if (!vec_load())
		return h_summary("crypto");
	test_protocol_kat();
	test_pin_run();
	test_pubkey_validation();
	test_left_padding();
	test_jacobi();
	test_modexp_g2();
	test_encr_settings();
	test_stack_wipes();
	test_random_failure();
	test_misc();
	return h_summary("crypto");
}
