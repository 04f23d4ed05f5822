#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util.h"

/* ------------------------------------------------------------- checks */

static unsigned n_pass, n_fail;
static char ctx[256];

#define MAX_REPORTED 200

void h_ctx(const char *fmt, ...)
{
	va_list ap;

	if (!fmt) {
		ctx[0] = '\0';
		return;
	}
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
}

void h_check(bool ok, const char *file, int line, const char *expr,
	     const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		n_pass++;
		return;
	}
	if (++n_fail > MAX_REPORTED) {
		if (n_fail == MAX_REPORTED + 1)
			fprintf(stderr, "(further failures not shown)\n");
		return;
	}
	fprintf(stderr, "FAIL %s:%d: %s", file, line, expr);
	if (fmt) {
		fprintf(stderr, ": ");
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	if (ctx[0])
		fprintf(stderr, " [%s]", ctx);
	fprintf(stderr, "\n");
}

unsigned h_failed(void)
{
	return n_fail;
}

int h_summary(const char *name)
{
	printf("%s: %u checks passed, %u failed\n", name, n_pass, n_fail);
	return n_fail ? 1 : 0;
}

/* ------------------------------------------------------- randomness */

void det_rng_init(det_rng *r, const char *seed)
{
	wsc_iov v = { (const uint8_t *)seed, strlen(seed) };

	memset(r, 0, sizeof(*r));
	wsc_crypto_default()->sha256(NULL, &v, 1, r->seed);
}

int det_random(void *ud, uint8_t *buf, size_t len)
{
	det_rng *r = ud;

	r->calls++;
	r->bytes += len;
	while (len) {
		if (!r->avail) {
			uint8_t c[8];
			for (int i = 0; i < 8; i++)
				c[i] = (uint8_t)(r->ctr >> (56 - 8 * i));
			wsc_iov v[2] = { { r->seed, 32 }, { c, 8 } };
			if (wsc_crypto_default()->sha256(NULL, v, 2, r->block))
				abort();
			r->ctr++;
			r->avail = 32;
		}
		size_t n = len < r->avail ? len : r->avail;
		memcpy(buf, r->block + 32 - r->avail, n);
		r->avail -= n;
		buf += n;
		len -= n;
	}
	return 0;
}

void fail_rng_init(fail_rng *r, long ok_calls)
{
	memset(r, 0, sizeof(*r));
	det_rng_init(&r->inner, "fail_rng");
	r->ok_calls = ok_calls;
}

int fail_random(void *ud, uint8_t *buf, size_t len)
{
	fail_rng *r = ud;

	if (r->calls++ < r->ok_calls)
		return det_random(&r->inner, buf, len);
	r->failures++;
	memset(buf, 0x5a, len);
	return -1;
}

void script_rng_init(script_rng *r, const char *seed)
{
	memset(r, 0, sizeof(*r));
	det_rng_init(&r->rest, seed);
}

void script_rng_add(script_rng *r, const uint8_t *p, size_t len)
{
	if (r->n == SCRIPT_MAX)
		abort();
	r->item[r->n] = p;
	r->len[r->n++] = len;
}

int script_random(void *ud, uint8_t *buf, size_t len)
{
	script_rng *r = ud;

	if (r->next < r->n) {
		size_t i = r->next++;
		if (r->len[i] != len) {
			r->mismatches++;
			return det_random(&r->rest, buf, len);
		}
		memcpy(buf, r->item[i], len);
		return 0;
	}
	return det_random(&r->rest, buf, len);
}

/* --------------------------------------------------------- allocator */

#define HDR 16 /* keeps the user block 16-byte aligned */

void count_alloc_init(count_alloc *a, long fail_at)
{
	memset(a, 0, sizeof(*a));
	a->fail_at = fail_at;
}

void *count_alloc_fn(void *ud, size_t size)
{
	count_alloc *a = ud;
	uint8_t *p;

	a->allocs++;
	if (a->fail_at &&
	    (a->allocs == a->fail_at || (a->fail_sticky && a->allocs > a->fail_at))) {
		a->failed++;
		return NULL;
	}
	p = malloc(HDR + size);
	if (!p)
		return NULL;
	memcpy(p, &size, sizeof(size));
	memset(p + HDR, 0xa5, size); /* the library must not rely on zeroes */
	a->live++;
	a->live_bytes += size;
	if (a->live_bytes > a->peak_bytes)
		a->peak_bytes = a->live_bytes;
	return p + HDR;
}

void count_free_fn(void *ud, void *ptr, size_t size)
{
	count_alloc *a = ud;
	uint8_t *p;
	size_t was;

	if (!ptr)
		return;
	p = (uint8_t *)ptr - HDR;
	memcpy(&was, p, sizeof(was));
	if (was != size)
		a->bad_size++;
	if (!all_zero(ptr, was))
		a->not_wiped++;
	a->frees++;
	a->live--;
	a->live_bytes -= was;
	free(p);
}

/* ------------------------------------------------------ environments */

void test_env(wsc_env *env, det_rng *r, count_alloc *a)
{
	memset(env, 0, sizeof(*env));
	env->size = sizeof(*env);
	if (r) {
		env->random = det_random;
		env->random_ud = r;
	}
	if (a) {
		env->alloc = count_alloc_fn;
		env->free = count_free_fn;
		env->alloc_ud = a;
	}
}

void test_env_fail(wsc_env *env, fail_rng *r)
{
	memset(env, 0, sizeof(*env));
	env->size = sizeof(*env);
	env->random = fail_random;
	env->random_ud = r;
}

void log_capture(void *ud, int level, const char *line)
{
	log_buf *b = ud;
	int n;

	(void)level;
	if (b->len + 1 >= sizeof(b->text))
		return;
	n = snprintf(b->text + b->len, sizeof(b->text) - b->len, "%s\n", line);
	if (n > 0)
		b->len += (size_t)n < sizeof(b->text) - b->len ?
				  (size_t)n : sizeof(b->text) - b->len - 1;
	b->lines++;
}

/* ------------------------------------------------------------ helpers */

size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	/* the vector file's values end at the newline */
	size_t n = strcspn(hex, "\n"), len;
	char *copy = strndup(hex, n);

	if (!copy || wsc_hex_decode(copy, strlen(copy), out, cap, &len)) {
		fprintf(stderr, "test bug: bad hex near '%.10s'\n", hex);
		abort();
	}
	free(copy);
	return len;
}

bool all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t acc = 0;

	for (size_t i = 0; i < len; i++)
		acc |= b[i];
	return acc == 0;
}

#define VEC_MAX 96
static struct {
	char name[40];
	uint8_t *val;
	size_t len;
} vecs[VEC_MAX];
static size_t nvec;

static void vec_path(char *out, size_t cap)
{
	const char *env = getenv("WSC_VECTOR_FILE");
	const char *me = __FILE__; /* .../tests/unit/harness.c */
	const char *tail = strstr(me, "unit/harness.c");

	if (env) {
		snprintf(out, cap, "%s", env);
		return;
	}
	if (!tail) {
		snprintf(out, cap, "tests/interop/vectors/pin_run.txt");
		return;
	}
	snprintf(out, cap, "%.*sinterop/vectors/pin_run.txt", (int)(tail - me),
		 me);
}

bool vec_load(void)
{
	char path[4096], line[8192];
	FILE *f;

	if (nvec)
		return true;
	vec_path(path, sizeof(path));
	f = fopen(path, "r");
	if (!f) {
		CHECK_MSG(f != NULL, "cannot open %s", path);
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq = strstr(line, " = ");
		if (line[0] == '#' || !eq || nvec == VEC_MAX)
			continue;
		*eq = '\0';
		char *hex = eq + 3;
		hex[strcspn(hex, "\r\n")] = '\0';
		size_t n = strlen(hex) / 2;
		snprintf(vecs[nvec].name, sizeof(vecs[nvec].name), "%.39s", line);
		vecs[nvec].val = malloc(n ? n : 1);
		vecs[nvec].len = unhex(hex, vecs[nvec].val, n);
		nvec++;
	}
	fclose(f);
	CHECK_MSG(nvec > 40, "only %zu values in %s", nvec, path);
	return nvec > 40;
}

const uint8_t *vec(const char *name, size_t *len)
{
	for (size_t i = 0; i < nvec; i++)
		if (!strcmp(vecs[i].name, name)) {
			if (len)
				*len = vecs[i].len;
			return vecs[i].val;
		}
	fprintf(stderr, "test bug: no vector value '%s'\n", name);
	abort();
}

wsc_cred wpa2_cred(const char *ssid, const char *key)
{
	wsc_cred c;

	memset(&c, 0, sizeof(c));
	c.ssid_len = (uint8_t)strlen(ssid);
	memcpy(c.ssid, ssid, c.ssid_len);
	c.key_len = (uint8_t)strlen(key);
	memcpy(c.key, key, c.key_len);
	c.auth_type = WSC_AUTH_WPA2PSK;
	c.encr_type = WSC_ENCR_AES;
	return c;
}

long mem_find(const uint8_t *hay, size_t hn, const uint8_t *needle,
	      size_t n)
{
	for (size_t o = 0; o + n <= hn; o++)
		if (!memcmp(hay + o, needle, n))
			return (long)o;
	return -1;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
/* Both read their own uninitialised array on purpose: that is the probe,
 * and each is a leaf, so the array starts right below the caller. */
__attribute__((noinline)) void stack_snapshot(uint8_t *out)
{
	volatile uint8_t probe[STACK_PROBE];

	for (size_t i = 0; i < sizeof(probe); i++)
		out[i] = probe[i];
}

__attribute__((noinline)) long stack_find(const uint8_t *needle, size_t n)
{
	volatile uint8_t probe[STACK_PROBE];

	for (size_t o = 0; o + n <= sizeof(probe); o++) {
		size_t k = 0;
		while (k < n && probe[o + k] == needle[k])
			k++;
		if (k == n)
			return (long)o;
	}
	return -1;
}
#pragma GCC diagnostic pop

__attribute__((noinline)) int leave_on_stack(const uint8_t *k32)
{
	/* at the deep end of a larger frame: a sanitizer's redzone at the
	 * top of the probe's own frame hides the first bytes below it */
	volatile uint8_t frame[1024];

	for (size_t i = 0; i < 32; i++)
		frame[i] = k32[i];
	return frame[0];
}
