/*
 * Crypto backends for tests, one file each, built only into the tests
 * and the fuzzers (never into libwsc):
 * - crypto_fail.c: every call fails, or every call after the first
 *   ok_calls, which go to a real backend: a library that must fail
 *   closed at each call site is tested through it;
 * - crypto_det.c: deterministic and transparent, no secrecy at all: every
 *   hash and HMAC is zeros, AES-CBC copies, every exponentiation gives 4.
 *   Authenticators, KWAs and E-/R-Hashes are then all zeros and Encrypted
 *   Settings are plaintext, so a fuzzer can write messages a session
 *   believes and reach the parsing behind the Authenticator (M4 to M8's
 *   Encrypted Settings and credentials).
 */
#ifndef WSC_TEST_BACKENDS_H
#define WSC_TEST_BACKENDS_H

#include "wsc/wsc.h"

/* The byte a failed call leaves in its output, to catch a caller that
 * uses it anyway. */
#define FAIL_CRYPTO_FILL 0x5a

typedef struct fail_crypto {
	wsc_crypto table;           /* hand &table to wsc_env.crypto */
	const wsc_crypto *inner;    /* serves the calls that succeed */
	long ok_calls;              /* calls that succeed; -1: all */
	long calls, failures;
} fail_crypto;

/* inner NULL: wsc_crypto_default(). ok_calls 0: every call fails. */
void fail_crypto_init(fail_crypto *f, const wsc_crypto *inner, long ok_calls);

const wsc_crypto *det_crypto(void);

#endif
