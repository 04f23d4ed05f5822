/* Crypto backend on Mbed TLS 2.28 (libmbedcrypto): the library of ESP-IDF,
 * Zephyr and OpenWrt's small builds. The only file that includes Mbed TLS
 * headers. */
#include <mbedtls/aes.h>
#include <mbedtls/bignum.h>
#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>
#include <mbedtls/sha256.h>

#include "internal.h"

static int m_sha256(void *unused, const wsc_iov *v, size_t n, uint8_t out[32])
{
	mbedtls_sha256_context c;
	int r;

	(void)unused;
	mbedtls_sha256_init(&c);
	r = mbedtls_sha256_starts_ret(&c, 0);
	for (size_t i = 0; !r && i < n; i++)
		r = mbedtls_sha256_update_ret(&c, v[i].base, v[i].len);
	if (!r)
		r = mbedtls_sha256_finish_ret(&c, out);
	mbedtls_sha256_free(&c);
	return r ? WSC_ERR_CRYPTO : 0;
}

static int m_hmac_sha256(void *unused, const uint8_t *key, size_t keylen,
			const wsc_iov *v, size_t n, uint8_t out[32])
{
	mbedtls_md_context_t c;
	int r;

	(void)unused;
	mbedtls_md_init(&c);
	r = mbedtls_md_setup(&c, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
			     1);
	if (!r)
		r = mbedtls_md_hmac_starts(&c, key, keylen);
	for (size_t i = 0; !r && i < n; i++)
		r = mbedtls_md_hmac_update(&c, v[i].base, v[i].len);
	if (!r)
		r = mbedtls_md_hmac_finish(&c, out);
	mbedtls_md_free(&c); /* zeroizes the key schedule */
	return r ? WSC_ERR_CRYPTO : 0;
}

static int m_aes128_cbc(void *unused, int encrypt, const uint8_t key[16],
			const uint8_t iv[16], const uint8_t *in, size_t len,
			uint8_t *out)
{
	mbedtls_aes_context c;
	uint8_t ivc[16];
	int r;

	(void)unused;
	if (len % 16)
		return WSC_ERR_INVAL;
	memcpy(ivc, iv, 16); /* Mbed TLS advances the IV in place */
	mbedtls_aes_init(&c);
	r = encrypt ? mbedtls_aes_setkey_enc(&c, key, 128) :
		      mbedtls_aes_setkey_dec(&c, key, 128);
	if (!r)
		r = mbedtls_aes_crypt_cbc(&c, encrypt ? MBEDTLS_AES_ENCRYPT :
							MBEDTLS_AES_DECRYPT,
					  len, ivc, in, out);
	mbedtls_aes_free(&c);
	wsc_wipe(ivc, sizeof(ivc));
	return r ? WSC_ERR_CRYPTO : 0;
}

static int m_modexp(void *unused, const uint8_t *base, size_t baselen,
			const uint8_t *exp, size_t explen, const uint8_t *mod,
			size_t modlen, uint8_t *out)
{
	mbedtls_mpi b, e, m, r;
	int err;

	(void)unused;
	mbedtls_mpi_init(&b);
	mbedtls_mpi_init(&e);
	mbedtls_mpi_init(&m);
	mbedtls_mpi_init(&r);
	err = mbedtls_mpi_read_binary(&b, base, baselen);
	if (!err)
		err = mbedtls_mpi_read_binary(&e, exp, explen);
	if (!err)
		err = mbedtls_mpi_read_binary(&m, mod, modlen);
	if (!err) /* the base must be reduced first */
		err = mbedtls_mpi_mod_mpi(&b, &b, &m);
	if (!err)
		err = mbedtls_mpi_exp_mod(&r, &b, &e, &m, NULL);
	if (!err)
		err = mbedtls_mpi_write_binary(&r, out, modlen);
	mbedtls_mpi_free(&b); /* mbedtls_mpi_free zeroizes the limbs */
	mbedtls_mpi_free(&e);
	mbedtls_mpi_free(&m);
	mbedtls_mpi_free(&r);
	return err ? WSC_ERR_CRYPTO : 0;
}

static int m_pbkdf2_sha1(void *unused, const uint8_t *pw, size_t pwlen,
			const uint8_t *salt, size_t saltlen, unsigned iter,
			uint8_t *out, size_t outlen)
{
	mbedtls_md_context_t c;
	int r;

	(void)unused;
	if (outlen > 0xffffffffu)
		return WSC_ERR_INVAL;
	mbedtls_md_init(&c);
	r = mbedtls_md_setup(&c, mbedtls_md_info_from_type(MBEDTLS_MD_SHA1), 1);
	if (!r)
		r = mbedtls_pkcs5_pbkdf2_hmac(&c, pw, pwlen, salt, saltlen, iter,
					      (uint32_t)outlen, out);
	mbedtls_md_free(&c);
	return r ? WSC_ERR_CRYPTO : 0;
}

static const wsc_crypto mbedtls_backend = {
	.name = "mbedtls",
	.sha256 = m_sha256,
	.hmac_sha256 = m_hmac_sha256,
	.aes128_cbc = m_aes128_cbc,
	.modexp = m_modexp,
	.pbkdf2_sha1 = m_pbkdf2_sha1,
};

const wsc_crypto *wsc_crypto_mbedtls(void)
{
	return &mbedtls_backend;
}

const wsc_crypto *wsc_crypto_default(void)
{
	return &mbedtls_backend;
}
