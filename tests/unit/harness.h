/*
 * A tiny unit-test harness: CHECK macros that record file:line and carry
 * on, a summary, and the injectable pieces every test needs: a seeded
 * deterministic random source, a failing random source, a scripted random
 * source, a counting allocator that can fail the Nth allocation, and the
 * known-answer vector file of a real PIN run.
 */
#ifndef WSC_TEST_HARNESS_H
#define WSC_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wsc/wsc.h"

#ifndef ARRAY_LEN
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* ------------------------------------------------------------- checks */

void h_check(bool ok, const char *file, int line, const char *expr,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* What the current loop iteration is about; printed with failures. */
void h_ctx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "NAME: N checks passed, M failed"; exit status for main(). */
int h_summary(const char *name);
unsigned h_failed(void);

#define CHECK(c) h_check(!!(c), __FILE__, __LINE__, #c, NULL)
#define CHECK_MSG(c, ...) h_check(!!(c), __FILE__, __LINE__, #c, __VA_ARGS__)
#define CHECK_INT(a, b)                                                     \
	do {                                                                \
		long long h_a_ = (long long)(a), h_b_ = (long long)(b);      \
		h_check(h_a_ == h_b_, __FILE__, __LINE__, #a " == " #b,      \
			"%lld != %lld", h_a_, h_b_);                         \
	} while (0)
/* Compare WSC_ERR_* codes, printing their names. */
#define CHECK_ERR(a, b)                                                     \
	do {                                                                \
		int h_a_ = (int)(a), h_b_ = (int)(b);                        \
		h_check(h_a_ == h_b_, __FILE__, __LINE__, #a " == " #b,      \
			"%d (%s) != %d (%s)", h_a_, wsc_strerror(h_a_), h_b_,  \
			wsc_strerror(h_b_));                                 \
	} while (0)
#define CHECK_MEM(a, b, n)                                                  \
	h_check(memcmp((a), (b), (n)) == 0, __FILE__, __LINE__,              \
		"memcmp(" #a ", " #b ", " #n ") == 0", NULL)
#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *h_a_ = (a), *h_b_ = (b);                         \
		h_check(h_a_ && h_b_ && !strcmp(h_a_, h_b_), __FILE__,       \
			__LINE__, #a " == " #b, "\"%s\" != \"%s\"",           \
			h_a_ ? h_a_ : "(null)", h_b_ ? h_b_ : "(null)");     \
	} while (0)

/* ------------------------------------------------------- randomness */

/* Counter mode over SHA-256: block i = SHA-256(seed || BE64(i)). The same
 * seed gives the same bytes however the requests are split. */
typedef struct det_rng {
	uint8_t seed[32];
	uint64_t ctr;
	uint8_t block[32];
	size_t avail;
	unsigned long calls;
	unsigned long bytes;
} det_rng;

void det_rng_init(det_rng *r, const char *seed);
int det_random(void *ud, uint8_t *buf, size_t len);

/* Succeeds ok_calls times (from the deterministic source), then fails
 * every call, leaving 0x5a in the buffer to catch callers that use it. */
typedef struct fail_rng {
	det_rng inner;
	long ok_calls;
	long calls, failures;
} fail_rng;

void fail_rng_init(fail_rng *r, long ok_calls);
int fail_random(void *ud, uint8_t *buf, size_t len);

/* Hands out a script of byte strings, one per call; each call must ask
 * for exactly the next string's length. After the script, falls back to
 * a deterministic source. mismatches counts calls that did not fit. */
#define SCRIPT_MAX 16
typedef struct script_rng {
	const uint8_t *item[SCRIPT_MAX];
	size_t len[SCRIPT_MAX];
	size_t n, next;
	unsigned mismatches;
	det_rng rest;
} script_rng;

void script_rng_init(script_rng *r, const char *seed);
void script_rng_add(script_rng *r, const uint8_t *p, size_t len);
int script_random(void *ud, uint8_t *buf, size_t len);

/* --------------------------------------------------------- allocator */

/* Fails the fail_at-th allocation (1-based; 0: never) and every one
 * after it if fail_sticky. Checks that the size given to free matches,
 * and that every block is wiped (all zero) when it is given back. */
typedef struct count_alloc {
	long fail_at;
	bool fail_sticky;
	long allocs, frees, failed;
	long live;
	size_t live_bytes, peak_bytes;
	long bad_size, not_wiped;
} count_alloc;

void count_alloc_init(count_alloc *a, long fail_at);
void *count_alloc_fn(void *ud, size_t size);
void count_free_fn(void *ud, void *ptr, size_t size);

/* ------------------------------------------------------ environments */

/* env with the deterministic source r (may be NULL: OS source) and the
 * counting allocator a (may be NULL: malloc). */
void test_env(wsc_env *env, det_rng *r, count_alloc *a);
void test_env_fail(wsc_env *env, fail_rng *r);

/* Collects log lines (for checking what a debug log reveals). */
typedef struct log_buf {
	char text[65536];
	size_t len;
	unsigned lines;
} log_buf;
void log_capture(void *ud, int level, const char *line);

/* ------------------------------------------------------------ helpers */

/* Where needle lies in the stack just below the caller's frame (64 KiB),
 * or -1: an uninitialised array overlays the frames a call just left, so
 * a secret a function did not wipe is found right after it returns. */
long stack_find(const uint8_t *needle, size_t n);
/* The same 64 KiB copied into out[STACK_PROBE] (to search later, after
 * computing what to look for), and a search in it. */
#define STACK_PROBE 65536
void stack_snapshot(uint8_t *out);
long mem_find(const uint8_t *hay, size_t hn, const uint8_t *needle,
	      size_t n);
/* Copies 32 bytes into a frame and returns without wiping them: the
 * probe's control (what is left must be found). Under ASan the probe is
 * blind to the top few dozen bytes below the caller (its own frame's
 * redzone); the plain builds see all of it. */
int leave_on_stack(const uint8_t *k32);

/* Hex to bytes; aborts the test program on malformed input (a bug in
 * the test itself). Returns the length. */
size_t unhex(const char *hex, uint8_t *out, size_t cap);

/* The known-answer vector tests/interop/vectors/pin_run.txt. vec_load()
 * returns false (and records a failed check) if it cannot be read. */
bool vec_load(void);
/* Value of name; aborts if absent. */
const uint8_t *vec(const char *name, size_t *len);

/* A WPA2-PSK/AES credential with this SSID and passphrase. */
wsc_cred wpa2_cred(const char *ssid, const char *key);

/* Does a block contain only zero bytes? */
bool all_zero(const void *p, size_t len);

#endif
