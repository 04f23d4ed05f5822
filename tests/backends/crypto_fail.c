/* A crypto backend that fails on demand: the first ok_calls calls go to a
 * real backend, every later one fails with its outputs filled with
 * FAIL_CRYPTO_FILL. The table's ctx is the fail_crypto itself. */
#include <string.h>

#include "test_backends.h"

/* true: this call fails (out, len filled) */
static bool fails(fail_crypto *f, uint8_t *out, size_t len)
{
	f->calls++;
	if (f->ok_calls < 0 || f->calls <= f->ok_calls)
		return false;
	f->failures++;
	memset(out, FAIL_CRYPTO_FILL, len);
	return true;
}

static int f_sha256(void *ctx, const wsc_iov *v, size_t n, uint8_t out[32])
{
	fail_crypto *f = ctx;

	if (fails(f, out, 32))
		return -1;
	return f->inner->sha256(f->inner->ctx, v, n, out);
}

static int f_hmac_sha256(void *ctx, const uint8_t *key, size_t keylen,
			 const wsc_iov *v, size_t n, uint8_t out[32])
{
	fail_crypto *f = ctx;

	if (fails(f, out, 32))
		return -1;
	return f->inner->hmac_sha256(f->inner->ctx, key, keylen, v, n, out);
}

static int f_aes128_cbc(void *ctx, int encrypt, const uint8_t key[16],
			const uint8_t iv[16], const uint8_t *in, size_t len,
			uint8_t *out)
{
	fail_crypto *f = ctx;

	if (fails(f, out, len))
		return -1;
	return f->inner->aes128_cbc(f->inner->ctx, encrypt, key, iv, in, len,
				    out);
}

static int f_modexp(void *ctx, const uint8_t *base, size_t baselen,
		    const uint8_t *exp, size_t explen, const uint8_t *mod,
		    size_t modlen, uint8_t *out)
{
	fail_crypto *f = ctx;

	if (fails(f, out, modlen))
		return -1;
	return f->inner->modexp(f->inner->ctx, base, baselen, exp, explen, mod,
				modlen, out);
}

static int f_modexp_g2(void *ctx, const uint8_t *exp, size_t explen,
		       uint8_t *out)
{
	fail_crypto *f = ctx;

	if (fails(f, out, 192))
		return -1;
	return f->inner->modexp_g2(f->inner->ctx, exp, explen, out);
}

static int f_pbkdf2_sha1(void *ctx, const uint8_t *pw, size_t pwlen,
			 const uint8_t *salt, size_t saltlen, unsigned iter,
			 uint8_t *out, size_t outlen)
{
	fail_crypto *f = ctx;

	if (fails(f, out, outlen) || !f->inner->pbkdf2_sha1)
		return -1;
	return f->inner->pbkdf2_sha1(f->inner->ctx, pw, pwlen, salt, saltlen,
				     iter, out, outlen);
}

void fail_crypto_init(fail_crypto *f, const wsc_crypto *inner, long ok_calls)
{
	memset(f, 0, sizeof(*f));
	f->inner = inner ? inner : wsc_crypto_default();
	f->ok_calls = ok_calls;
	f->table = (wsc_crypto){
		.name = "fail",
		.ctx = f,
		.sha256 = f_sha256,
		.hmac_sha256 = f_hmac_sha256,
		.aes128_cbc = f_aes128_cbc,
		.modexp = f_modexp,
		.pbkdf2_sha1 = f_pbkdf2_sha1,
		.modexp_g2 = f->inner->modexp_g2 ? f_modexp_g2 : NULL,
	};
}
