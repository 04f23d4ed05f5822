/* Crypto backend on OpenSSL 3 libcrypto. The only file that includes
 * OpenSSL headers. */
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <pthread.h>

#include "internal.h"

/* The algorithms, fetched from the provider once: a fetch by name per
 * call (what EVP_sha256() and a MAC by name imply) costs more than the
 * hashing of a whole WSC message. */
static EVP_MD *md_sha256;
static EVP_CIPHER *cipher_aes;
static pthread_once_t fetched = PTHREAD_ONCE_INIT;

static void fetch_algorithms(void)
{
	md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	cipher_aes = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
}

static const EVP_MD *sha256_md(void)
{
	return pthread_once(&fetched, fetch_algorithms) ? NULL : md_sha256;
}

static int digest(EVP_MD_CTX *ctx, const EVP_MD *md, const uint8_t *pre,
		  size_t prelen, const wsc_iov *v, size_t n, uint8_t out[32])
{
	int ok = EVP_DigestInit_ex2(ctx, md, NULL);

	if (ok && pre)
		ok = EVP_DigestUpdate(ctx, pre, prelen);
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, v[i].base, v[i].len);
	return ok && EVP_DigestFinal_ex(ctx, out, NULL);
}

static int o_sha256(void *unused, const wsc_iov *v, size_t n, uint8_t out[32])
{
	const EVP_MD *md = sha256_md();
	EVP_MD_CTX *ctx = md ? EVP_MD_CTX_new() : NULL;
	int ok = ctx && digest(ctx, md, NULL, 0, v, n, out);

	(void)unused;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : WSC_ERR_CRYPTO;
}

/* HMAC (RFC 2104) over the fetched SHA-256: H(K^opad, H(K^ipad, m)) */
static int o_hmac_sha256(void *unused, const uint8_t *key, size_t keylen,
			const wsc_iov *v, size_t n, uint8_t out[32])
{
	const EVP_MD *md = sha256_md();
	EVP_MD_CTX *ctx = md ? EVP_MD_CTX_new() : NULL;
	uint8_t pad[64] = { 0 }, inner[32];
	wsc_iov iv = { inner, sizeof(inner) };
	int ok = ctx != NULL;

	(void)unused;
	if (ok && keylen > sizeof(pad)) {
		wsc_iov k = { key, keylen };
		ok = digest(ctx, md, NULL, 0, &k, 1, pad);
	} else if (ok) {
		memcpy(pad, key, keylen);
	}
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36;
	ok = ok && digest(ctx, md, pad, sizeof(pad), v, n, inner);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36 ^ 0x5c;
	ok = ok && digest(ctx, md, pad, sizeof(pad), &iv, 1, out);
	wsc_wipe(pad, sizeof(pad));
	wsc_wipe(inner, sizeof(inner));
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : WSC_ERR_CRYPTO;
}

static int o_aes128_cbc(void *unused, int encrypt, const uint8_t key[16],
			const uint8_t iv[16], const uint8_t *in, size_t len,
			uint8_t *out)
{
	EVP_CIPHER_CTX *ctx;
	int l1 = 0, l2 = 0, ok;

	(void)unused;
	if (len % 16 || len > 0x7fffffff)
		return WSC_ERR_INVAL;
	if (pthread_once(&fetched, fetch_algorithms) || !cipher_aes)
		return WSC_ERR_CRYPTO;
	ctx = EVP_CIPHER_CTX_new();
	ok = ctx && EVP_CipherInit_ex2(ctx, cipher_aes, key, iv,
				       encrypt ? 1 : 0, NULL);
	ok = ok && EVP_CIPHER_CTX_set_padding(ctx, 0);
	ok = ok && EVP_CipherUpdate(ctx, out, &l1, in, (int)len);
	ok = ok && EVP_CipherFinal_ex(ctx, out + l1, &l2);
	ok = ok && (size_t)(l1 + l2) == len;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : WSC_ERR_CRYPTO;
}

static int o_modexp(void *unused, const uint8_t *base, size_t baselen,
			const uint8_t *exp, size_t explen, const uint8_t *mod,
			size_t modlen, uint8_t *out)
{
	BN_CTX *ctx = BN_CTX_secure_new();
	BIGNUM *b = BN_bin2bn(base, (int)baselen, NULL);
	BIGNUM *e = BN_secure_new();
	BIGNUM *m = BN_bin2bn(mod, (int)modlen, NULL);
	BIGNUM *r = BN_new();
	int ok = ctx && b && e && m && r;

	(void)unused;
	ok = ok && BN_bin2bn(exp, (int)explen, e);
	if (ok)
		BN_set_flags(e, BN_FLG_CONSTTIME);
	ok = ok && BN_mod_exp_mont_consttime(r, b, e, m, ctx, NULL);
	ok = ok && BN_bn2binpad(r, out, (int)modlen) == (int)modlen;
	BN_clear_free(e);
	BN_free(b);
	BN_free(m);
	BN_clear_free(r);
	BN_CTX_free(ctx);
	return ok ? 0 : WSC_ERR_CRYPTO;
}

static int o_pbkdf2_sha1(void *unused, const uint8_t *pw, size_t pwlen,
			const uint8_t *salt, size_t saltlen, unsigned iter,
			uint8_t *out, size_t outlen)
{
	(void)unused;
	if (pwlen > 0x7fffffff || saltlen > 0x7fffffff || outlen > 0x7fffffff ||
	    iter > 0x7fffffff)
		return WSC_ERR_INVAL;
	return PKCS5_PBKDF2_HMAC_SHA1((const char *)pw, (int)pwlen, salt,
				      (int)saltlen, (int)iter, (int)outlen,
				      out) == 1 ? 0 : WSC_ERR_CRYPTO;
}

static const wsc_crypto openssl_backend = {
	.name = "openssl",
	.sha256 = o_sha256,
	.hmac_sha256 = o_hmac_sha256,
	.aes128_cbc = o_aes128_cbc,
	.modexp = o_modexp,
	.pbkdf2_sha1 = o_pbkdf2_sha1,
};

const wsc_crypto *wsc_crypto_openssl(void)
{
	return &openssl_backend;
}

const wsc_crypto *wsc_crypto_default(void)
{
	return &openssl_backend;
}
