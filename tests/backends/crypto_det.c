/* The deterministic, transparent backend for fuzzing (see
 * test_backends.h). Never secret: for tests only. */
#include <string.h>

#include "test_backends.h"

static int d_sha256(void *ctx, const wsc_iov *v, size_t n, uint8_t out[32])
{
	(void)ctx;
	(void)v;
	(void)n;
	memset(out, 0, 32);
	return 0;
}

static int d_hmac_sha256(void *ctx, const uint8_t *key, size_t keylen,
			 const wsc_iov *v, size_t n, uint8_t out[32])
{
	(void)ctx;
	(void)key;
	(void)keylen;
	(void)v;
	(void)n;
	memset(out, 0, 32);
	return 0;
}

static int d_aes128_cbc(void *ctx, int encrypt, const uint8_t key[16],
			const uint8_t iv[16], const uint8_t *in, size_t len,
			uint8_t *out)
{
	(void)ctx;
	(void)encrypt;
	(void)key;
	(void)iv;
	if (len % 16)
		return -1;
	memmove(out, in, len);
	return 0;
}

/* 4 = 2^2: a public value that passes the full check */
static int d_modexp(void *ctx, const uint8_t *base, size_t baselen,
		    const uint8_t *exp, size_t explen, const uint8_t *mod,
		    size_t modlen, uint8_t *out)
{
	(void)ctx;
	(void)base;
	(void)baselen;
	(void)exp;
	(void)explen;
	(void)mod;
	if (modlen == 0)
		return -1;
	memset(out, 0, modlen);
	out[modlen - 1] = 4;
	return 0;
}

static const wsc_crypto det = {
	.name = "det",
	.sha256 = d_sha256,
	.hmac_sha256 = d_hmac_sha256,
	.aes128_cbc = d_aes128_cbc,
	.modexp = d_modexp,
};

const wsc_crypto *det_crypto(void)
{
	return &det;
}
