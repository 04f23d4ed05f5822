/*
 * `wsc bench`: the cost of whole registration runs, in memory, with real
 * crypto, each role on its own. Prints figures (a table, and JSON with
 * --json); asserts nothing about speed.
 *
 * Per role and exponent length: CPU time per run (the time spent inside
 * that side's library calls), instructions per run (the program runs
 * itself under valgrind's callgrind, counting only inside that side's
 * calls), and the floor: the same backend's one variable-base
 * exponentiation (the shared secret's), alone. Critical-path latency:
 * M1 in to M2 out at the registrar, M1 out to M8 in at the enrollee.
 * Scaling: one process running 1..1000 registrations at once, frames
 * taken round-robin, heap through the allocator hook. Each time is the
 * fastest of five batches (noise only adds); instructions do not vary.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"
#include "util.h"

struct counting {
	size_t cur, peak, calls, bytes;
};

static void *c_alloc(void *ud, size_t n)
{
	struct counting *c = ud;
	void *p = malloc(n);
	if (p) {
		c->cur += n;
		c->calls++;
		c->bytes += n;
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

/* ---- one registration: AP registrar (EAP authenticator) and STA
 * enrollee (EAP peer), PIN, frames moved by hand */

struct pair {
	wsc_device apd, stad;
	wsc_session_cfg reg, enr;
	wsc_eap_peer_cfg pc;
	wsc_eap_auth_cfg ac;
	wsc_dh_keypair k_reg, k_enr;
	wsc_eap_peer *p;
	wsc_eap_auth *a;
	bool cred;
	unsigned frames;
	double t_reg, t_enr;       /* inside each side's calls */
	double m1_in, m1_out;      /* registrar got M1; enrollee sent it */
	double lat_m2, lat_m8;     /* M1 -> M2 at the registrar; M1 -> M8 */
};

static const wsc_cred bench_net = { .ssid = "bench", .ssid_len = 5,
	.auth_type = WSC_AUTH_WPA2PSK, .encr_type = WSC_ENCR_AES,
	.key = "benchmark-pass", .key_len = 14 };

static void ev(void *ud, const wsc_event *e)
{
	struct pair *pr = ud;
	if (e->type == WSC_EV_CRED)
		pr->cred = true;
}

static int msg_type(const uint8_t *f, size_t len)
{
	wsc_eapol_info in;
	return wsc_eapol_classify(f, len, &in) == 0 && in.wsc ? in.msg_type :
								 -1;
}

/* Every call into each side goes through one of these two, so that
 * callgrind can count one side alone (--toggle-collect); they and the
 * pieces below are extern and never inlined so that they keep their
 * names. */
enum side_op { S_NEW, S_START, S_RECV, S_POP, S_DEL };
int bench_registrar_side(struct pair *pr, const wsc_env *env, int op,
			 const uint8_t **f, size_t *len);
int bench_enrollee_side(struct pair *pr, const wsc_env *env, int op,
			const uint8_t **f, size_t *len);
int bench_floor(const wsc_crypto *c, const wsc_dh_keypair *base,
		const wsc_dh_keypair *own, uint8_t out[WSC_PUBKEY_LEN]);
int bench_keygen(const wsc_env *env, wsc_dh_keypair *kp, size_t bits);
int bench_check(const uint8_t *pub);

__attribute__((noinline)) int bench_registrar_side(struct pair *pr,
						   const wsc_env *env, int op,
						   const uint8_t **f,
						   size_t *len)
{
	int err = 0;

	switch (op) {
	case S_NEW:
		pr->a = wsc_eap_auth_new(env, &pr->ac, &err);
		return pr->a ? 0 : err;
	case S_RECV:
		return wsc_eap_auth_recv(pr->a, *f, *len, 0);
	case S_POP:
		return wsc_eap_auth_pop_tx(pr->a, f, len);
	case S_DEL:
		wsc_eap_auth_del(pr->a);
		pr->a = NULL;
		return 0;
	}
	return 0;
}

__attribute__((noinline)) int bench_enrollee_side(struct pair *pr,
						  const wsc_env *env, int op,
						  const uint8_t **f, size_t *len)
{
	int err = 0;

	switch (op) {
	case S_NEW:
		pr->p = wsc_eap_peer_new(env, &pr->pc, &err);
		return pr->p ? 0 : err;
	case S_START:
		return wsc_eap_peer_start(pr->p, 0);
	case S_RECV:
		return wsc_eap_peer_recv(pr->p, *f, *len, 0);
	case S_POP:
		return wsc_eap_peer_pop_tx(pr->p, f, len);
	case S_DEL:
		wsc_eap_peer_del(pr->p);
		pr->p = NULL;
		return 0;
	}
	return 0;
}

static int reg_call(struct pair *pr, const wsc_env *env, int op,
		    const uint8_t **f, size_t *len)
{
	double t0 = secs();
	int r = bench_registrar_side(pr, env, op, f, len);
	pr->t_reg += secs() - t0;
	return r;
}

static int enr_call(struct pair *pr, const wsc_env *env, int op,
		    const uint8_t **f, size_t *len)
{
	double t0 = secs();
	int r = bench_enrollee_side(pr, env, op, f, len);
	pr->t_enr += secs() - t0;
	return r;
}

/* Sets up and creates both sides; key pairs made ahead when ahead. */
static int pair_open(struct pair *pr, const wsc_env *re, const wsc_env *ee,
		     size_t bits, bool ahead, size_t frag)
{
	static const uint8_t mac_ap[6] = { 2, 0, 0, 0, 0, 1 },
			     mac_sta[6] = { 2, 0, 0, 0, 0, 2 };

	memset(pr, 0, sizeof(*pr));
	wsc_device_defaults(&pr->apd, true, mac_ap);
	wsc_device_defaults(&pr->stad, false, mac_sta);
	pr->reg = (wsc_session_cfg){ .size = sizeof(pr->reg),
		.role = WSC_REGISTRAR, .ap = true, .dev = &pr->apd,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.cred = &bench_net, .dh_priv_bits = bits };
	pr->enr = (wsc_session_cfg){ .size = sizeof(pr->enr),
		.role = WSC_ENROLLEE, .dev = &pr->stad,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.on_event = ev, .event_ud = pr, .dh_priv_bits = bits };
	if (ahead) {
		if (wsc_dh_keypair_generate(re, &pr->k_reg, bits) ||
		    wsc_dh_keypair_generate(ee, &pr->k_enr, bits))
			return -1;
		pr->reg.dh = &pr->k_reg;
		pr->enr.dh = &pr->k_enr;
	}
	pr->pc = (wsc_eap_peer_cfg){ .size = sizeof(pr->pc),
		.session = &pr->enr, .fragment_size = frag };
	pr->ac = (wsc_eap_auth_cfg){ .size = sizeof(pr->ac),
		.for_enrollee = &pr->reg, .fragment_size = frag };
	if (enr_call(pr, ee, S_NEW, NULL, NULL) ||
	    reg_call(pr, re, S_NEW, NULL, NULL)) {
		if (pr->p)
			enr_call(pr, ee, S_DEL, NULL, NULL);
		return -1;
	}
	return enr_call(pr, ee, S_START, NULL, NULL) ? -1 : 0;
}

/* Moves at most one frame each way: 1 moved, 0 finished, -1 stuck. */
static int pair_step(struct pair *pr, const wsc_env *re, const wsc_env *ee)
{
	const uint8_t *f;
	size_t len;
	bool moved = false;

	if (enr_call(pr, ee, S_POP, &f, &len) == 1) {
		int t = msg_type(f, len);
		double t0 = secs();
		moved = true;
		pr->frames++;
		if (t == WSC_MSG_M1)
			pr->m1_out = pr->m1_in = t0;
		reg_call(pr, re, S_RECV, &f, &len);
	}
	if (reg_call(pr, re, S_POP, &f, &len) == 1) {
		int t = msg_type(f, len);
		double t0 = secs();
		moved = true;
		pr->frames++;
		if (t == WSC_MSG_M2)
			pr->lat_m2 = t0 - pr->m1_in;
		if (t == WSC_MSG_M8)
			pr->lat_m8 = t0 - pr->m1_out;
		enr_call(pr, ee, S_RECV, &f, &len);
	}
	if (moved)
		return 1;
	return wsc_eap_peer_status(pr->p) != 0 &&
			       wsc_eap_auth_status(pr->a) != 0 ? 0 : -1;
}

/* true: both sides succeeded and the enrollee has the credential */
static bool pair_close(struct pair *pr, const wsc_env *re, const wsc_env *ee)
{
	bool ok = pr->cred && wsc_eap_peer_status(pr->p) == 1 &&
		  wsc_eap_auth_status(pr->a) == 1;

	enr_call(pr, ee, S_DEL, NULL, NULL);
	reg_call(pr, re, S_DEL, NULL, NULL);
	return ok;
}

struct run_figures {
	double reg_ms, enr_ms, lat_m2_ms, lat_m8_ms;
	unsigned frames;
};

/* n runs one after the other; averages */
static int runs_serial(const wsc_env *re, const wsc_env *ee, size_t bits,
		       bool ahead, size_t frag, unsigned long n,
		       struct run_figures *out)
{
	struct pair pr;

	memset(out, 0, sizeof(*out));
	for (unsigned long i = 0; i < n; i++) {
		int st;
		if (pair_open(&pr, re, ee, bits, ahead, frag))
			return -1;
		while ((st = pair_step(&pr, re, ee)) == 1)
			;
		if (!pair_close(&pr, re, ee) || st < 0)
			return -1;
		out->reg_ms += pr.t_reg * 1000 / (double)n;
		out->enr_ms += pr.t_enr * 1000 / (double)n;
		out->lat_m2_ms += pr.lat_m2 * 1000 / (double)n;
		out->lat_m8_ms += pr.lat_m8 * 1000 / (double)n;
		out->frames = pr.frames;
	}
	return 0;
}

/* libwsc's group-5 prime (internal to the library, linked statically) */
extern const uint8_t wsc_dh_group5_prime[WSC_PUBKEY_LEN];

/* The floor: one variable-base exponentiation with a bits-long secret
 * exponent, on the backend in use (base: a real public key). */
__attribute__((noinline)) int bench_floor(const wsc_crypto *c,
					  const wsc_dh_keypair *base,
					  const wsc_dh_keypair *own,
					  uint8_t out[WSC_PUBKEY_LEN])
{
	return c->modexp(c->ctx, base->pub, WSC_PUBKEY_LEN, own->priv,
			 own->priv_len, wsc_dh_group5_prime, WSC_PUBKEY_LEN,
			 out);
}

__attribute__((noinline)) int bench_keygen(const wsc_env *env,
					   wsc_dh_keypair *kp, size_t bits)
{
	return wsc_dh_keypair_generate(env, kp, bits);
}

__attribute__((noinline)) int bench_check(const uint8_t *pub)
{
	return wsc_dh_pubkey_check(pub, WSC_PUBKEY_LEN);
}

/* ---- callgrind: the program runs itself, counting one function */

static char self_exe[4096];

/* Instructions inside fn per unit (total / units), or -1 without
 * valgrind. */
static double instructions(const char *fn, const char *what, size_t bits,
			   bool ahead, unsigned long units)
{
	char out[64], toggle[96], sbits[24], sunits[24];
	snprintf(out, sizeof(out), "/tmp/wsc-bench-cg.%ld", (long)getpid());
	snprintf(toggle, sizeof(toggle), "--toggle-collect=%s", fn);
	snprintf(sbits, sizeof(sbits), "%zu", bits);
	snprintf(sunits, sizeof(sunits), "%lu", units);
	char of[96];
	snprintf(of, sizeof(of), "--callgrind-out-file=%s", out);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", 1);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execlp("valgrind", "valgrind", "--tool=callgrind", of,
		       "--collect-atstart=no", toggle, self_exe, "bench",
		       "--child", what, "--bits", sbits, "--runs", sunits,
		       ahead ? "--ahead" : "--no-ahead", (char *)NULL);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		unlink(out);
		return -1;
	}
	FILE *f = fopen(out, "r");
	char line[256];
	double total = -1;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "summary: ", 9) ||
		    !strncmp(line, "totals: ", 8))
			total = strtod(strchr(line, ' ') + 1, NULL);
	if (f)
		fclose(f);
	unlink(out);
	return total < 0 ? -1 : total / (double)units;
}

/* One of the measured pieces, n times, for callgrind to count: the
 * crypto tables and the provider are warmed up first, outside. */
static int child(const char *what, size_t bits, bool ahead, unsigned long n)
{
	wsc_env env = { .size = sizeof(env) };
	const wsc_crypto *c = wsc_crypto_default();
	struct run_figures rf;
	wsc_dh_keypair a, b;
	uint8_t out[WSC_PUBKEY_LEN], blk[16] = { 0 };
	wsc_iov v = { blk, sizeof(blk) };

	if (wsc_dh_keypair_generate(&env, &a, bits) ||
	    wsc_dh_keypair_generate(&env, &b, bits) ||
	    c->hmac_sha256(c->ctx, blk, 16, &v, 1, out) ||
	    c->sha256(c->ctx, &v, 1, out) ||
	    c->aes128_cbc(c->ctx, 1, blk, blk, blk, 16, out))
		return 1;
	for (unsigned long i = 0; i < n; i++) {
		int err = 0;
		if (!strcmp(what, "floor"))
			err = bench_floor(c, &a, &b, out);
		else if (!strcmp(what, "keygen"))
			err = bench_keygen(&env, &b, bits);
		else if (!strcmp(what, "check"))
			err = bench_check(a.pub);
		else
			break;
		if (err)
			return 1;
	}
	if (!strcmp(what, "run"))
		return runs_serial(&env, &env, bits, ahead, 0, n, &rf) ? 1 : 0;
	return 0;
}

/* n registrations at once, frames taken round-robin: wall time and the
 * registrar side's peak heap */
static int scale(size_t n, size_t bits, double *runs_per_s,
		 double *heap_per_session)
{
	struct counting rc = { 0 }, ec = { 0 };
	wsc_env re = { .size = sizeof(re), .alloc = c_alloc, .free = c_free,
		       .alloc_ud = &rc };
	wsc_env ee = { .size = sizeof(ee), .alloc = c_alloc, .free = c_free,
		       .alloc_ud = &ec };
	struct pair *pr = calloc(n, sizeof(*pr));
	bool *done = calloc(n, sizeof(*done));
	size_t left = n, opened = 0;
	int rc_ = -1;

	if (!pr || !done)
		goto out;
	double t0 = secs();
	for (; opened < n; opened++)
		if (pair_open(&pr[opened], &re, &ee, bits, false, 0))
			goto out;
	while (left) {
		for (size_t i = 0; i < n; i++) {
			if (done[i])
				continue;
			int st = pair_step(&pr[i], &re, &ee);
			if (st < 0)
				goto out;
			if (st == 0) {
				done[i] = true;
				left--;
			}
		}
	}
	*runs_per_s = (double)n / (secs() - t0);
	*heap_per_session = (double)rc.peak / (double)n;
	rc_ = 0;
out:
	for (size_t i = 0; i < opened; i++)
		if (!pair_close(&pr[i], &re, &ee))
			rc_ = -1;
	free(pr);
	free(done);
	return rc_;
}

static double ms_per(double t0, unsigned long n)
{
	return (secs() - t0) * 1000 / (double)n;
}

/* Times are the fastest of BATCHES batches of runs/BATCHES: the noise of
 * a shared machine only ever adds time. */
#define BATCHES 5

enum piece { P_KEYGEN, P_FLOOR, P_CHECK };

struct piece_args {
	const wsc_env *env;
	const wsc_crypto *c;
	wsc_dh_keypair *a, *b;
	size_t bits;
	uint8_t *out;
};

/* ms per call of a piece, or -1 when a call failed */
static double piece_ms(enum piece what, const struct piece_args *p,
		       unsigned long runs)
{
	unsigned long n = runs / BATCHES ? runs / BATCHES : 1;
	double best = -1;

	for (int k = 0; k < BATCHES; k++) {
		double t0 = secs();
		for (unsigned long i = 0; i < n; i++) {
			int err = what == P_KEYGEN ?
					  bench_keygen(p->env, p->b, p->bits) :
				  what == P_FLOOR ?
					  bench_floor(p->c, p->a, p->b, p->out) :
					  bench_check(p->a->pub);
			if (err)
				return -1;
		}
		double ms = ms_per(t0, n);
		if (best < 0 || ms < best)
			best = ms;
	}
	return best;
}

static double fmin_(double a, double b)
{
	return a < b ? a : b;
}

/* runs_serial in BATCHES batches; each figure the fastest batch's */
static int runs_best(const wsc_env *env, size_t bits, bool ahead,
		     size_t frag, unsigned long runs, struct run_figures *out)
{
	unsigned long n = runs / BATCHES ? runs / BATCHES : 1;
	struct run_figures rf;

	for (int k = 0; k < BATCHES; k++) {
		if (runs_serial(env, env, bits, ahead, frag, n, &rf))
			return -1;
		if (!k) {
			*out = rf;
			continue;
		}
		out->reg_ms = fmin_(out->reg_ms, rf.reg_ms);
		out->enr_ms = fmin_(out->enr_ms, rf.enr_ms);
		out->lat_m2_ms = fmin_(out->lat_m2_ms, rf.lat_m2_ms);
		out->lat_m8_ms = fmin_(out->lat_m8_ms, rf.lat_m8_ms);
	}
	return 0;
}

/* ---- the whole benchmark */

static void pr_instr(FILE *f, double v)
{
	if (v < 0)
		fprintf(f, "%9s", "n/a");
	else
		fprintf(f, "%8.3fM", v / 1e6);
}

static void js_num(FILE *j, const char *k, double v, bool comma)
{
	if (v < 0)
		fprintf(j, "\"%s\": null%s", k, comma ? ", " : "");
	else
		fprintf(j, "\"%s\": %.6g%s", k, v, comma ? ", " : "");
}

static int bench_main(unsigned long runs, const char *json,
		      unsigned long max_sessions, bool use_cg)
{
	struct counting cnt = { 0 };
	wsc_env env = { .size = sizeof(env), .alloc = c_alloc, .free = c_free,
			.alloc_ud = &cnt };
	const wsc_crypto *c = wsc_crypto_default();
	static const size_t lens[] = { 200, WSC_DH_PRIV_BITS_DEFAULT, 1536 };
	unsigned long cg_units = runs < 20 ? runs : 20;
	char *jbuf = NULL;
	size_t jlen = 0;
	FILE *j = open_memstream(&jbuf, &jlen);
	wsc_dh_keypair a, b;
	uint8_t out[WSC_PUBKEY_LEN];

	if (!j)
		return 1;
	if (use_cg && system("valgrind --version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "wsc bench: valgrind not found: no instruction "
				"counts (--no-callgrind to skip them)\n");
		use_cg = false;
	}
	printf("wsc bench: %lu runs each (callgrind: %s), crypto backend %s\n",
	       runs, use_cg ? "20 runs each" : "off", c->name);
	fprintf(j, "{\"runs\": %lu, \"backend\": \"%s\", ", runs, c->name);

	/* primitives */
	printf("\n%-46s %10s %10s\n", "primitive", "ms", "instr");
	fprintf(j, "\"primitives\": {");
	for (size_t k = 0; k < 3; k++) {
		char what[64];
		if (wsc_dh_keypair_generate(&env, &a, lens[k]) ||
		    wsc_dh_keypair_generate(&env, &b, lens[k]))
			return 1;
		struct piece_args pa = { &env, c, &a, &b, lens[k], out };
		double kg = piece_ms(P_KEYGEN, &pa, runs);
		double fl = piece_ms(P_FLOOR, &pa, runs);
		if (kg < 0 || fl < 0)
			return 1;
		double kgi = use_cg ? instructions("bench_keygen", "keygen",
						   lens[k], false, cg_units) : -1;
		double fli = use_cg ? instructions("bench_floor", "floor",
						   lens[k], false, cg_units) : -1;
		snprintf(what, sizeof(what), "key pair, %zu-bit exponent%s",
			 lens[k], c->modexp_g2 ? " (fixed base)" : "");
		printf("%-46s %10.3f ", what, kg);
		pr_instr(stdout, kgi);
		snprintf(what, sizeof(what),
			 "variable-base exponentiation, %zu-bit", lens[k]);
		printf("\n%-46s %10.3f ", what, fl);
		pr_instr(stdout, fli);
		printf("\n");
		fprintf(j, "\"keypair_%zu\": {", lens[k]);
		js_num(j, "ms", kg, true);
		js_num(j, "instr", kgi, false);
		fprintf(j, "}, \"exp_%zu\": {", lens[k]);
		js_num(j, "ms", fl, true);
		js_num(j, "instr", fli, false);
		fprintf(j, "}, ");
	}
	struct piece_args pc = { &env, c, &a, &b, 256, out };
	double ck = piece_ms(P_CHECK, &pc, runs);
	if (ck < 0)
		return 1;
	double cki = use_cg ? instructions("bench_check", "check", 256, false,
					   cg_units) : -1;
	printf("%-46s %10.3f ", "peer public key check (Jacobi symbol)", ck);
	pr_instr(stdout, cki);
	printf("\n");
	fprintf(j, "\"pubkey_check\": {");
	js_num(j, "ms", ck, true);
	js_num(j, "instr", cki, false);
	fprintf(j, "}}, ");

	/* per role */
	printf("\n%-10s %4s %6s %9s %10s %10s %9s %9s %10s %10s\n", "role",
	       "bits", "keys", "CPU ms", "instr", "floor", "run/floor",
	       "(instr)", "M1->M2 ms", "M1->M8 ms");
	fprintf(j, "\"roles\": [");
	bool first = true;
	for (size_t k = 0; k < 2; k++) {
		size_t bits = lens[k];
		if (wsc_dh_keypair_generate(&env, &a, bits) ||
		    wsc_dh_keypair_generate(&env, &b, bits))
			return 1;
		struct piece_args pf = { &env, c, &a, &b, bits, out };
		double fl = piece_ms(P_FLOOR, &pf, runs);
		if (fl < 0)
			return 1;
		double fli = use_cg ? instructions("bench_floor", "floor", bits,
						   false, cg_units) : -1;
		for (int ahead = 0; ahead < 2; ahead++) {
			struct run_figures rf;
			if (runs_best(&env, bits, ahead, 0, runs, &rf)) {
				fprintf(stderr, "wsc bench: a run failed\n");
				return 1;
			}
			for (int role = 0; role < 2; role++) {
				const char *fn = role ? "bench_enrollee_side" :
						       "bench_registrar_side";
				double ins = use_cg ? instructions(fn, "run", bits,
								   ahead,
								   cg_units) : -1;
				double ms = role ? rf.enr_ms : rf.reg_ms;
				printf("%-10s %4zu %6s %9.3f ",
				       role ? "enrollee" : "registrar", bits,
				       ahead ? "ahead" : "in run", ms);
				pr_instr(stdout, ins);
				pr_instr(stdout, fli);
				printf(" %9.2f ", ms / fl);
				if (ins < 0 || fli < 0)
					printf("%9s", "n/a");
				else
					printf("%9.2f", ins / fli);
				printf(" %10.3f\n", role ? rf.lat_m8_ms :
							   rf.lat_m2_ms);
				fprintf(j, "%s{\"role\": \"%s\", \"bits\": %zu, "
					   "\"keys_ahead\": %s, ",
					first ? "" : ", ",
					role ? "enrollee" : "registrar", bits,
					ahead ? "true" : "false");
				first = false;
				js_num(j, "cpu_ms", ms, true);
				js_num(j, "instr", ins, true);
				js_num(j, "floor_ms", fl, true);
				js_num(j, "floor_instr", fli, true);
				js_num(j, "cpu_ratio_to_floor", ms / fl, true);
				js_num(j, "instr_ratio_to_floor",
				       ins < 0 || fli < 0 ? -1 : ins / fli, true);
				js_num(j, role ? "latency_m1_out_m8_in_ms" :
						 "latency_m1_in_m2_out_ms",
				       role ? rf.lat_m8_ms : rf.lat_m2_ms, true);
				fprintf(j, "\"frames\": %u}", rf.frames);
			}
		}
	}
	fprintf(j, "], ");

	/* fragments, heap per run */
	struct run_figures rf;
	size_t calls0 = cnt.calls, bytes0 = cnt.bytes;
	cnt.peak = 0;
	if (runs_serial(&env, &env, 0, false, 0, runs, &rf))
		return 1;
	double allocs = (double)(cnt.calls - calls0) / (double)runs / 2;
	double abytes = (double)(cnt.bytes - bytes0) / (double)runs / 2;
	size_t peak_pair = cnt.peak;
	struct run_figures rf50;
	if (runs_best(&env, 0, false, 50, runs, &rf50))
		return 1;
	printf("\n%-46s %10.3f ms (registrar) %8.3f ms (enrollee) %u frames\n",
	       "same run, fragment size 50", rf50.reg_ms, rf50.enr_ms,
	       rf50.frames);
	printf("%-46s %10zu bytes\n", "peak heap, one AP + one STA side",
	       peak_pair);
	printf("%-46s %10.1f (%.0f bytes) per side and run\n",
	       "allocations", allocs, abytes);
	fprintf(j, "\"frag50\": {");
	js_num(j, "registrar_ms", rf50.reg_ms, true);
	js_num(j, "enrollee_ms", rf50.enr_ms, true);
	fprintf(j, "\"frames\": %u}, \"heap\": {\"peak_pair\": %zu, ",
		rf50.frames, peak_pair);
	js_num(j, "allocations_per_side_run", allocs, true);
	js_num(j, "bytes_per_side_run", abytes, false);
	fprintf(j, "}, \"scaling\": [");

	/* sessions at once */
	printf("\n%-30s %9s %10s %14s %12s\n",
	       "registrations at once (256)", "sessions", "runs/s",
	       "heap/session", "time/run x");
	double base_rate = 0;
	first = true;
	for (unsigned long n = 1; n <= max_sessions; n *= 10) {
		double rate = 0, heap = 0;
		if (scale(n, WSC_DH_PRIV_BITS_DEFAULT, &rate, &heap)) {
			fprintf(stderr, "wsc bench: a concurrent run failed\n");
			return 1;
		}
		if (n == 1)
			base_rate = rate;
		printf("%-30s %9lu %10.1f %14.0f %12.2f\n", "", n, rate, heap,
		       base_rate / rate);
		fprintf(j, "%s{\"sessions\": %lu, ", first ? "" : ", ", n);
		first = false;
		js_num(j, "runs_per_s", rate, true);
		js_num(j, "registrar_heap_per_session", heap, true);
		js_num(j, "time_per_run_vs_one", base_rate / rate, false);
		fprintf(j, "}");
	}
	fprintf(j, "], \"heap_in_use_after\": %zu}\n", cnt.cur);
	printf("%-46s %10zu bytes\n", "heap in use after all runs", cnt.cur);
	fclose(j);
	int rc = 0;
	if (json && write_file_atomic(json, jbuf, jlen)) {
		fprintf(stderr, "wsc bench: %s: %s\n", json, strerror(errno));
		rc = 1;
	}
	free(jbuf);
	return rc;
}

int cmd_bench(int argc, char **argv)
{
	unsigned long runs = 200;
	const char *json = NULL, *child_what = NULL;
	size_t child_bits = WSC_DH_PRIV_BITS_DEFAULT;
	bool child_ahead = false, use_cg = true;
	unsigned long max_sessions = 1000;
	int opt;
	static const struct option lo[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "json", required_argument, NULL, 'j' },
		{ "max-sessions", required_argument, NULL, 'm' },
		{ "no-callgrind", no_argument, NULL, 'C' },
		{ "child", required_argument, NULL, 1 },
		{ "bits", required_argument, NULL, 2 },
		{ "ahead", no_argument, NULL, 3 },
		{ "no-ahead", no_argument, NULL, 4 },
		{ "help", no_argument, NULL, 'h' }, { 0 } };

	optind = 1;
	while ((opt = getopt_long(argc, argv, "n:j:m:Ch", lo, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'n':
			runs = strtoul(optarg, &end, 10);
			if (*end || !runs || runs > 1000000) {
				fprintf(stderr, "wsc bench: --runs 1..1000000\n");
				return 2;
			}
			break;
		case 'm':
			max_sessions = strtoul(optarg, &end, 10);
			if (*end || !max_sessions || max_sessions > 100000) {
				fprintf(stderr,
					"wsc bench: --max-sessions 1..100000\n");
				return 2;
			}
			break;
		case 'j':
			json = optarg;
			break;
		case 'C':
			use_cg = false;
			break;
		case 1:
			child_what = optarg;
			break;
		case 2:
			child_bits = strtoul(optarg, &end, 10);
			break;
		case 3:
			child_ahead = true;
			break;
		case 4:
			child_ahead = false;
			break;
		default:
			printf("usage: wsc bench [--runs N] [--json FILE] "
			       "[--max-sessions N] [--no-callgrind]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "wsc bench: unexpected argument '%s'\n",
			argv[optind]);
		return 2;
	}
	if (child_what)
		return child(child_what, child_bits, child_ahead, runs);
	ssize_t sl = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
	if (sl > 0)
		self_exe[sl] = 0;
	else
		use_cg = false;
	return bench_main(runs, json, max_sessions, use_cg);
}
