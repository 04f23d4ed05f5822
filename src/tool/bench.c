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
		   double *elapsed)
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
	wsc_session_cfg reg = { .role = WSC_REGISTRAR, .ap = true, .dev = &apd,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.cred = &net };
	wsc_eap_peer_cfg pc = { .fragment_size = frag };
	pc.session = (wsc_session_cfg){ .role = WSC_ENROLLEE, .dev = &stad,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.on_event = ev, .event_ud = &o };
	if (predh) {
		/* made ahead of time, outside the measured run */
		wsc_dh_keypair_generate(env, &k1, 0);
		wsc_dh_keypair_generate(env, &k2, 0);
		reg.dh = &k1;
		pc.session.dh = &k2;
	}
	wsc_eap_auth_cfg ac = { .for_enrollee = &reg, .fragment_size = frag };
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
	wsc_env env = { .alloc = c_alloc, .free = c_free, .alloc_ud = &cnt };
	wsc_dh_keypair kp;

	printf("wsc bench: %lu runs each, crypto backend %s\n", runs,
	       wsc_crypto_openssl()->name);
	double t0 = secs();
	for (unsigned long i = 0; i < runs; i++)
		if (wsc_dh_keypair_generate(&env, &kp, 0))
			return 1;
	double dt = secs() - t0;
	printf("%-44s %9.3f ms\n", "DH group 5 key pair (1536-bit exponent)",
	       dt * 1000 / (double)runs);

	struct { const char *name; size_t frag; bool predh; } cases[] = {
		{ "PIN run, AP registrar + STA enrollee", 0, false },
		{ "same, fragment size 50", 50, false },
		{ "same, DH key pairs made ahead", 0, true },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		double busy = 0;
		int frames = 0;
		for (unsigned long i = 0; i < runs; i++) {
			frames = one_run(&env, cases[c].frag, cases[c].predh,
					 &busy);
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
	       cnt.calls / (runs * 3));
	printf("%-44s %9zu bytes\n", "heap in use after all runs", cnt.cur);
	return 0;
}
