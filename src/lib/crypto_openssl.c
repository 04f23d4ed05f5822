/* Crypto backend on OpenSSL 3 libcrypto. The only file that includes
 * OpenSSL headers. */
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <pthread.h>
#include <stdlib.h>

#include "internal.h"

/* The algorithms, fetched from the provider once: a fetch by name per
 * call (what EVP_sha256() and a MAC by name imply) costs more than the
 * hashing of a whole WSC message. */
static EVP_MD *md_sha256;
static EVP_CIPHER *cipher_aes;
static pthread_once_t fetched = PTHREAD_ONCE_INIT;

static BN_MONT_CTX *mont_p;  /* group 5's prime, for modexp_g2 */
static BIGNUM *bn_p;

static void fetch_algorithms(void)
{
	BN_CTX *bc = BN_CTX_new();
	BIGNUM *p = BN_bin2bn(wsc_dh_group5_prime, WSC_PUBKEY_LEN, NULL);

	md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	cipher_aes = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
	mont_p = bc && p ? BN_MONT_CTX_new() : NULL;
	if (mont_p && !BN_MONT_CTX_set(mont_p, p, bc)) {
		BN_MONT_CTX_free(mont_p);
		mont_p = NULL;
	}
	bn_p = p;
	BN_CTX_free(bc);
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

/* OpenSSL's constant-time exponentiation (its fixed-width Montgomery
 * code: a variable base chosen by the peer cannot change its path). A
 * window of our own over BN_mod_mul_montgomery was 20 % cheaper for
 * 200-bit exponents but not constant time: that takes a slower path for
 * numbers with a zero top word, which a peer can choose. */
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

/* ---- 2^x mod p by a fixed-base comb (Lim and Lee)
 *
 * x's bits (nb of them) are laid out in COMB_ROWS rows of d = nb/ROWS
 * bits, each row cut in COMB_BLOCKS blocks of e = d/BLOCKS columns. With
 * G(r,j) = 2^(2^(r d + j e)), table j's entry k is the product of the
 * G(r,j) whose bit r is set in k. Then 2^x = acc after, for each column c
 * from the top: acc = acc^2, times table j's entry for the bits of
 * column c of block j, for each block: e squarings and d multiplications
 * (200 bits: 19 and 40), against about nb squarings and nb/4
 * multiplications for a general exponentiation. The tables (2 x 32
 * entries in Montgomery form, 12 KiB) depend only on nb's d; making them
 * costs about an exponentiation, so they are made at the second key pair
 * of a length (a process that makes one never pays it) and kept for the
 * life of the process, for up to COMB_TABLES lengths. Each lookup reads
 * every entry of its table (constant time). */
#define COMB_ROWS 5
#define COMB_BLOCKS 2
#define COMB_ENTRIES (1u << COMB_ROWS)
#define COMB_TABLES 16
#define COMB_WORDS (WSC_PUBKEY_LEN / 8)

struct comb {
	size_t d, e;
	uint64_t t[COMB_BLOCKS][COMB_ENTRIES][COMB_WORDS]; /* LE bytes */
	uint64_t corr[COMB_WORDS];  /* the blinding's inverse, see below */
};

static struct comb *combs[COMB_TABLES];
static size_t comb_seen[COMB_TABLES]; /* lengths (d) asked for once */
static pthread_mutex_t comb_lock = PTHREAD_MUTEX_INITIALIZER;

static int comb_store(uint64_t *dst, const BIGNUM *v)
{
	return BN_bn2lebinpad(v, (unsigned char *)dst, WSC_PUBKEY_LEN) ==
	       WSC_PUBKEY_LEN;
}

/* Every entry times a public constant b, chosen so that each product
 * has a nonzero top byte, and the result times b^-E at the end (E: the
 * entries a result multiplies, each squared once per column after its
 * own). BN_mod_mul_montgomery takes OpenSSL's fixed-width code only for
 * full-width numbers, and entry 0 (1 in Montgomery form, R mod p) is 1470
 * bits: unblinded, each zero column of the secret exponent would cost
 * more. */
static int comb_blind(struct comb *c, BN_CTX *bc)
{
	BIGNUM *b = BN_new(), *bm = BN_new(), *v = BN_new(), *x = BN_new(),
	       *t = BN_new();
	uint64_t(*nt)[COMB_ENTRIES][COMB_WORDS] = malloc(sizeof(c->t));
	int ok = b && bm && v && x && t && nt;
	bool full = false;

	for (int i = 0; ok && !full && i < 64; i++) {
		BN_zero(b);
		ok = BN_set_bit(b, 64 + i) && BN_nnmod(b, b, bn_p, bc) &&
		     BN_to_montgomery(bm, b, mont_p, bc);
		full = true;
		for (unsigned j = 0; ok && j < COMB_BLOCKS; j++)
			for (unsigned k = 0; ok && k < COMB_ENTRIES; k++) {
				ok = BN_lebin2bn((unsigned char *)c->t[j][k],
						 WSC_PUBKEY_LEN, v) &&
				     BN_mod_mul_montgomery(v, v, bm, mont_p,
							   bc) &&
				     comb_store(nt[j][k], v);
				full = full && BN_num_bytes(v) == WSC_PUBKEY_LEN;
			}
	}
	ok = ok && full;
	/* x = E = sum over the columns of 2^col per block used there */
	BN_zero(x);
	for (size_t col = 0; ok && col < c->e; col++)
		for (unsigned j = 0; ok && j < COMB_BLOCKS; j++)
			if (j * c->e + col < c->d) {
				BN_zero(t);
				ok = BN_set_bit(t, (int)col) && BN_add(x, x, t);
			}
	ok = ok && BN_mod_inverse(t, b, bn_p, bc) &&
	     BN_mod_exp(t, t, x, bn_p, bc) &&
	     BN_to_montgomery(t, t, mont_p, bc) && comb_store(c->corr, t);
	if (ok)
		memcpy(c->t, nt, sizeof(c->t));
	free(nt);
	BN_free(b);
	BN_free(bm);
	BN_free(v);
	BN_free(x);
	BN_free(t);
	return ok;
}

static struct comb *comb_build(size_t d)
{
	struct comb *c = calloc(1, sizeof(*c));
	BN_CTX *bc = BN_CTX_new();
	BIGNUM *g = BN_new(), *gb = BN_new(), *one = BN_new(),
	       *e[COMB_ENTRIES] = { 0 };
	size_t eb = (d + COMB_BLOCKS - 1) / COMB_BLOCKS;
	int ok = c && bc && g && gb && one && BN_set_word(g, 2) &&
		 BN_to_montgomery(g, g, mont_p, bc) && BN_one(one) &&
		 BN_to_montgomery(one, one, mont_p, bc);

	for (unsigned k = 0; ok && k < COMB_ENTRIES; k++)
		ok = (e[k] = BN_new()) != NULL;
	/* row r: g = G(r,0); block j: gb = G(r,j) = g^(2^(j e));
	 * table j: T[0] = 1, T[k] = T[k without its top bit r] * G(r,j) */
	for (unsigned r = 0; ok && r < COMB_ROWS; r++) {
		for (size_t i = 0; ok && r && i < d; i++)
			ok = BN_mod_mul_montgomery(g, g, g, mont_p, bc);
		ok = ok && BN_copy(gb, g);
		for (unsigned j = 0; ok && j < COMB_BLOCKS; j++) {
			for (size_t i = 0; ok && j && i < eb; i++)
				ok = BN_mod_mul_montgomery(gb, gb, gb, mont_p,
							   bc);
			if (ok && r == 0)
				ok = comb_store(c->t[j][0], one);
			for (unsigned k = 1u << r; ok && k < 2u << r; k++) {
				ok = BN_lebin2bn((unsigned char *)
						 c->t[j][k - (1u << r)],
						 WSC_PUBKEY_LEN, e[k]) &&
				     BN_mod_mul_montgomery(e[k], e[k], gb,
							   mont_p, bc) &&
				     comb_store(c->t[j][k], e[k]);
			}
		}
	}
	for (unsigned k = 0; k < COMB_ENTRIES; k++)
		BN_free(e[k]);
	if (ok) {
		c->d = d;
		c->e = eb;
		ok = comb_blind(c, bc);
	}
	BN_free(g);
	BN_free(gb);
	BN_free(one);
	BN_CTX_free(bc);
	if (!ok) {
		free(c);
		return NULL;
	}
	return c;
}

/* The tables for d: made at its second request if there is room; NULL:
 * none (yet) */
static const struct comb *comb_get(size_t d)
{
	const struct comb *found = NULL;
	size_t i;

	if (pthread_mutex_lock(&comb_lock))
		return NULL;
	for (i = 0; i < COMB_TABLES && combs[i] && !found; i++)
		if (combs[i]->d == d)
			found = combs[i];
	if (!found && i < COMB_TABLES) {
		size_t k = 0;
		while (k < COMB_TABLES && comb_seen[k] && comb_seen[k] != d)
			k++;
		if (k < COMB_TABLES && comb_seen[k] == d)
			found = combs[i] = comb_build(d);
		else if (k < COMB_TABLES)
			comb_seen[k] = d;
	}
	pthread_mutex_unlock(&comb_lock);
	return found;
}

/* out = t[k] of n (at most COMB_ENTRIES) entries without a
 * secret-dependent access: every entry is read, masked */
static void table_select(const uint64_t (*restrict t)[COMB_WORDS],
			 unsigned n, unsigned k, uint64_t *restrict out)
{
	uint64_t m[COMB_ENTRIES];

	for (unsigned i = 0; i < n; i++)
		m[i] = (uint64_t)0 - (uint64_t)(((i ^ k) - 1u) >> 31 & 1u);
	for (size_t w = 0; w < COMB_WORDS; w++) {
		uint64_t acc = 0;
		for (unsigned i = 0; i < n; i++)
			acc |= t[i][w] & m[i];
		out[w] = acc;
	}
	wsc_wipe(m, sizeof(m)); /* it says which entry */
}

/* bit i of the big-endian x (0: least significant); 0 beyond it */
static unsigned exp_bit(const uint8_t *x, size_t len, size_t i)
{
	return i / 8 < len ? (unsigned)(x[len - 1 - i / 8] >> (i % 8)) & 1u :
			     0u;
}

static int o_modexp_g2(void *unused, const uint8_t *exp, size_t explen,
		       uint8_t *out)
{
	size_t d = (explen * 8 + COMB_ROWS - 1) / COMB_ROWS;
	const struct comb *c;
	uint64_t sel[COMB_WORDS];
	BN_CTX *bc;
	BIGNUM *acc, *t;
	bool first = true;
	int ok;

	(void)unused;
	if (!explen || pthread_once(&fetched, fetch_algorithms) || !mont_p)
		return WSC_ERR_UNSUPPORTED;
	c = comb_get(d);
	if (!c)
		return WSC_ERR_UNSUPPORTED;
	bc = BN_CTX_secure_new();
	acc = BN_secure_new();
	t = BN_secure_new();
	ok = bc && acc && t;
	for (size_t col = c->e; ok && col-- > 0;) {
		if (!first)
			ok = BN_mod_mul_montgomery(acc, acc, acc, mont_p, bc);
		for (unsigned j = 0; ok && j < COMB_BLOCKS; j++) {
			size_t pos = j * c->e + col; /* public */
			unsigned k = 0;
			if (pos >= d)
				continue;
			for (unsigned r = 0; r < COMB_ROWS; r++)
				k |= exp_bit(exp, explen, r * d + pos) << r;
			table_select(c->t[j], COMB_ENTRIES, k, sel);
			ok = BN_lebin2bn((unsigned char *)sel, WSC_PUBKEY_LEN,
					 first ? acc : t) != NULL;
			if (ok && !first)
				ok = BN_mod_mul_montgomery(acc, acc, t, mont_p,
							   bc);
			first = false;
		}
	}
	ok = ok && BN_lebin2bn((unsigned char *)c->corr, WSC_PUBKEY_LEN, t) &&
	     BN_mod_mul_montgomery(acc, acc, t, mont_p, bc) &&
	     BN_from_montgomery(acc, acc, mont_p, bc) &&
	     BN_bn2binpad(acc, out, WSC_PUBKEY_LEN) == WSC_PUBKEY_LEN;
	OPENSSL_cleanse(sel, sizeof(sel));
	BN_clear_free(acc);
	BN_clear_free(t);
	BN_CTX_free(bc);
	return ok ? 0 : WSC_ERR_CRYPTO;
}

static const wsc_crypto openssl_backend = {
	.name = "openssl",
	.sha256 = o_sha256,
	.hmac_sha256 = o_hmac_sha256,
	.aes128_cbc = o_aes128_cbc,
	.modexp = o_modexp,
	.pbkdf2_sha1 = o_pbkdf2_sha1,
	.modexp_g2 = o_modexp_g2,
};

const wsc_crypto *wsc_crypto_openssl(void)
{
	return &openssl_backend;
}

const wsc_crypto *wsc_crypto_default(void)
{
	return &openssl_backend;
}
