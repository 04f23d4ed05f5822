/* Crypto backend on OpenSSL 3 libcrypto. The only file that includes
 * OpenSSL headers. */
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/core_names.h>

#include "internal.h"

static int o_sha256(void *unused, const wsc_iov *v, size_t n, uint8_t out[32])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);

	(void)unused;
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, v[i].base, v[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : WSC_ERR_CRYPTO;
}

static int o_hmac_sha256(void *unused, const uint8_t *key, size_t keylen,
			const wsc_iov *v, size_t n, uint8_t out[32])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 (char *)"SHA256", 0),
		OSSL_PARAM_construct_end()
	};
	size_t outl = 0;
	int ok = ctx && EVP_MAC_init(ctx, key, keylen, params);

	(void)unused;
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_MAC_update(ctx, v[i].base, v[i].len);
	ok = ok && EVP_MAC_final(ctx, out, &outl, 32) && outl == 32;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
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
	ctx = EVP_CIPHER_CTX_new();
	ok = ctx && EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), NULL, key, iv,
				      encrypt ? 1 : 0);
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
