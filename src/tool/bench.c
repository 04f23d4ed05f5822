/*
 * `wsc bench`: speed and memory of whole registration runs, in memory,
 * with real crypto. Prints figures; asserts nothing.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memlink.h"
#include "tool.h"
#include "util.h"

struct counting {
	size_t cur, peak, calls;
};

static void *c_alloc(void *ud, size_t n)
{
	struct counting *c = ud;
	void *p = malloc(n);
	if (p) {
		c->cur += n;
		c->calls++;
		if (c->cur > c->peak)
			c->peak = c->cur;
	}
	return p;
}

static void c_free(void *ud, void *p, size_t n)
{
	struct counting *c = ud;
	c->cur -= n;
	free(p);
}

static double secs(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct outcome {
	bool cred;
};

static void ev(void *ud, const wsc_event *e)
{
	struct outcome *o = ud;
	if (e->type == WSC_EV_CRED)
		o->cred = true;
}

/* One AP-registrar / STA-enrollee PIN run; returns frames, or -1. */
static int one_run(const wsc_env *env, size_t frag, bool predh,
		   size_t bits, double *elapsed)
{
	static const wsc_cred net = { .ssid = "bench", .ssid_len = 5,
		.auth_type = WSC_AUTH_WPA2PSK, .encr_type = WSC_ENCR_AES,
		.key = "benchmark-pass", .key_len = 14 };
	uint8_t m1[6] = { 2, 0, 0, 0, 0, 1 }, m2[6] = { 2, 0, 0, 0, 0, 2 };
	wsc_device apd, stad;
	wsc_dh_keypair k1, k2;
	struct outcome o = { 0 };
	uint64_t now = 0;
	memlink_result res;
	int err;

	wsc_device_defaults(&apd, true, m1);
	wsc_device_defaults(&stad, false, m2);
	wsc_session_cfg reg = { .size = sizeof(reg), .role = WSC_REGISTRAR,
		.ap = true, .dev = &apd,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.cred = &net };
	wsc_session_cfg enr = { .size = sizeof(enr), .role = WSC_ENROLLEE,
		.dev = &stad,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.on_event = ev, .event_ud = &o };
	wsc_eap_peer_cfg pc = { .size = sizeof(pc), .session = &enr,
				.fragment_size = frag };
	reg.dh_priv_bits = enr.dh_priv_bits = bits;
	if (predh) {
		/* made ahead of time, outside the measured run */
		wsc_dh_keypair_generate(env, &k1, bits);
		wsc_dh_keypair_generate(env, &k2, bits);
		reg.dh = &k1;
		enr.dh = &k2;
	}
	wsc_eap_auth_cfg ac = { .size = sizeof(ac), .for_enrollee = &reg,
				.fragment_size = frag };
	double t0 = secs();
	wsc_eap_peer *p = wsc_eap_peer_new(env, &pc, &err);
	wsc_eap_auth *a = p ? wsc_eap_auth_new(env, &ac, &err) : NULL;
	if (!a) {
		wsc_eap_peer_del(p);
		return -1;
	}
	memlink_run(p, a, &now, WSC_WALK_TIME_MS, NULL, NULL, NULL, &res);
	bool ok = o.cred && wsc_eap_peer_status(p) == 1 &&
		  wsc_eap_auth_status(a) == 1;
	wsc_eap_peer_del(p);
	wsc_eap_auth_del(a);
	*elapsed += secs() - t0;
	return ok ? (int)res.frames : -1;
}

int cmd_bench(int argc, char **argv)
{
	unsigned long runs = 200;
	int opt;
	static const struct option lo[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };

	optind = 1;
	while ((opt = getopt_long(argc, argv, "n:h", lo, NULL)) != -1) {
		char *end;
		if (opt == 'n') {
			runs = strtoul(optarg, &end, 10);
			if (*end || !runs || runs > 1000000) {
				fprintf(stderr, "wsc bench: --runs 1..1000000\n");
				return 2;
			}
		} else {
			printf("usage: wsc bench [--runs N]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	struct counting cnt = { 0 };
	wsc_env env = { .size = sizeof(env), .alloc = c_alloc, .free = c_free,
			.alloc_ud = &cnt };
	wsc_dh_keypair kp;

	printf("wsc bench: %lu runs each, crypto backend %s\n", runs,
	       wsc_crypto_default()->name);
	static const size_t sizes[] = { WSC_DH_PRIV_BITS_DEFAULT, 1536 };
	for (size_t k = 0; k < 2; k++) {
		char what[64];
		double t0 = secs();
		for (unsigned long i = 0; i < runs; i++)
			if (wsc_dh_keypair_generate(&env, &kp, sizes[k]))
				return 1;
		snprintf(what, sizeof(what), "DH group 5 key pair (%zu-bit exponent)",
			 sizes[k]);
		printf("%-44s %9.3f ms\n", what,
		       (secs() - t0) * 1000 / (double)runs);
	}
	double t1 = secs();
	for (unsigned long i = 0; i < runs; i++)
		if (wsc_dh_pubkey_check(kp.pub, sizeof(kp.pub)))
			return 1;
	printf("%-44s %9.3f ms\n", "peer public key check (Jacobi symbol)",
	       (secs() - t1) * 1000 / (double)runs);

	struct { const char *name; size_t frag; bool predh; size_t bits; } cases[] = {
		{ "PIN run, AP registrar + STA enrollee", 0, false, 0 },
		{ "same, fragment size 50", 50, false, 0 },
		{ "same, DH key pairs made ahead", 0, true, 0 },
		{ "same, 1536-bit exponents", 0, false, 1536 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		double busy = 0;
		int frames = 0;
		for (unsigned long i = 0; i < runs; i++) {
			frames = one_run(&env, cases[c].frag, cases[c].predh,
					 cases[c].bits, &busy);
			if (frames < 0) {
				fprintf(stderr, "wsc bench: a run failed\n");
				return 1;
			}
		}
		printf("%-44s %9.3f ms/run %8.1f runs/s  %d frames\n",
		       cases[c].name, busy * 1000 / (double)runs,
		       (double)runs / busy, frames);
	}
	printf("%-44s %9zu bytes (%zu allocations per run)\n",
	       "peak heap, one AP + one STA side", cnt.peak,
	       cnt.calls / (runs * 4));
	printf("%-44s %9zu bytes\n", "heap in use after all runs", cnt.cur);
	return 0;
}
