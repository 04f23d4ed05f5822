/*
 * The WPS key schedule and message protection: Diffie-Hellman group 5,
 * KDK/KDF, PSK1/PSK2, E-/R-Hash, Authenticator and Encrypted Settings.
 * All primitives go through env->crypto, by the four calls below: a
 * backend's failure, whatever its value, is WSC_ERR_CRYPTO.
 */
#include "internal.h"

static int c_sha256(const wsc_env *env, const wsc_iov *v, size_t n,
		    uint8_t out[32])
{
	const wsc_crypto *c = env->crypto;
	return c->sha256(c->ctx, v, n, out) ? WSC_ERR_CRYPTO : 0;
}

static int c_hmac(const wsc_env *env, const uint8_t *key, size_t keylen,
		  const wsc_iov *v, size_t n, uint8_t out[32])
{
	const wsc_crypto *c = env->crypto;
	return c->hmac_sha256(c->ctx, key, keylen, v, n, out) ?
		       WSC_ERR_CRYPTO : 0;
}

static int c_aes(const wsc_env *env, int encrypt, const uint8_t key[16],
		 const uint8_t iv[16], const uint8_t *in, size_t len,
		 uint8_t *out)
{
	const wsc_crypto *c = env->crypto;
	return c->aes128_cbc(c->ctx, encrypt, key, iv, in, len, out) ?
		       WSC_ERR_CRYPTO : 0;
}

/* base^exp mod p (group 5) */
static int c_modexp(const wsc_env *env, const uint8_t *base, size_t baselen,
		    const uint8_t *exp, size_t explen,
		    uint8_t out[WSC_PUBKEY_LEN])
{
	const wsc_crypto *c = env->crypto;
	return c->modexp(c->ctx, base, baselen, exp, explen,
			 wsc_dh_group5_prime, WSC_PUBKEY_LEN, out) ?
		       WSC_ERR_CRYPTO : 0;
}

/* RFC 3526 1536-bit MODP group (group 5), generator 2. */
const uint8_t wsc_dh_group5_prime[WSC_PUBKEY_LEN] = {
0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2,
0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1,
0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d,
0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9,
0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff, 0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed,
0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe4, 0x5b, 0x3d,
0xc2, 0x00, 0x7c, 0xb8, 0xa1, 0x63, 0xbf, 0x05, 0x98, 0xda, 0x48, 0x36,
0x1c, 0x55, 0xd3, 0x9a, 0x69, 0x16, 0x3f, 0xa8, 0xfd, 0x24, 0xcf, 0x5f,
0x83, 0x65, 0x5d, 0x23, 0xdc, 0xa3, 0xad, 0x96, 0x1c, 0x62, 0xf3, 0x56,
0x20, 0x85, 0x52, 0xbb, 0x9e, 0xd5, 0x29, 0x07, 0x70, 0x96, 0x96, 0x6d,
0x67, 0x0c, 0x35, 0x4e, 0x4a, 0xbc, 0x98, 0x04, 0xf1, 0x74, 0x6c, 0x08,
0xca, 0x23, 0x73, 0x27, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

static const char kdf_label[] = "Wi-Fi Easy and Secure Key Derivation";

int wsc_dh_keypair_generate(const wsc_env *in, wsc_dh_keypair *kp,
			    size_t priv_bits)
{
	wsc_env env;
	static const uint8_t two = 2;
	size_t n;
	int err;

	if (!kp)
		return WSC_ERR_INVAL;
	memset(kp, 0, sizeof(*kp));
	err = env_resolve(&env, in);
	if (err)
		return err;
	if (priv_bits == 0)
		priv_bits = WSC_DH_PRIV_BITS_DEFAULT;
	if (priv_bits < WSC_DH_PRIV_BITS_MIN || priv_bits > WSC_PUBKEY_LEN * 8)
		return WSC_ERR_INVAL;
	n = (priv_bits + 7) / 8;
	err = env_random(&env, kp->priv, n);
	if (err)
		return err;
	if (priv_bits % 8)
		kp->priv[0] &= (uint8_t)(0xff >> (8 - priv_bits % 8));
	kp->priv_len = n;
	err = WSC_ERR_UNSUPPORTED;
	if (env.crypto->modexp_g2)
		err = env.crypto->modexp_g2(env.crypto->ctx, kp->priv, n,
					    kp->pub);
	if (err == WSC_ERR_UNSUPPORTED)
		err = c_modexp(&env, &two, 1, kp->priv, n, kp->pub);
	if (err) {
		wsc_wipe(kp, sizeof(*kp));
		return WSC_ERR_CRYPTO;
	}
	kp->valid = true;
	return 0;
}

/* Big-endian compare of equal-length numbers (not secret). */
static int bn_cmp(const uint8_t *a, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* ---- the Jacobi symbol (y/p) of a public value y < p, p odd
 *
 * p = 2q + 1 with q prime, so the squares mod p are exactly the subgroup
 * of order q: y^q = 1 mod p iff (y/p) = 1 (Euler's criterion). The binary
 * algorithm needs only shifts, subtractions and the low bits of both
 * numbers; the numbers shrink as it goes, and each pass touches only
 * their live words. The values are public: no constant time is needed. */
/* WSC_LIMB32: the 32-bit words on any machine (to test them) */
#if UINTPTR_MAX > 0xffffffffu && defined(__SIZEOF_INT128__) && !defined(WSC_LIMB32)
typedef uint64_t limb;
typedef unsigned __int128 dlimb;
#else
typedef uint32_t limb;
typedef uint64_t dlimb;
#endif
#define LIMB_BITS (sizeof(limb) * 8)
#define LIMBS (WSC_PUBKEY_LEN / sizeof(limb))

static unsigned limb_ctz(limb x) /* x != 0 */
{
#if defined(__GNUC__)
	return sizeof(limb) == 8 ? (unsigned)__builtin_ctzll(x) :
				   (unsigned)__builtin_ctz((unsigned)x);
#else
	unsigned k = 0;
	while (!(x & 1)) {
		x >>= 1;
		k++;
	}
	return k;
#endif
}

/* big-endian bytes to little-endian limbs; returns the live length */
static size_t limbs_from(limb out[LIMBS], const uint8_t be[WSC_PUBKEY_LEN])
{
	size_t n = 0;

	for (size_t i = 0; i < LIMBS; i++) {
		const uint8_t *q = be + WSC_PUBKEY_LEN - sizeof(limb) * (i + 1);
		limb v = 0;
		for (size_t k = 0; k < sizeof(limb); k++)
			v = v << 8 | q[k];
		out[i] = v;
		if (v)
			n = i + 1;
	}
	return n;
}

static size_t limbs_trim(const limb *a, size_t n)
{
	while (n && !a[n - 1])
		n--;
	return n;
}

static int limbs_cmp(const limb *a, size_t na, const limb *b, size_t nb)
{
	if (na != nb)
		return na < nb ? -1 : 1;
	for (size_t i = na; i-- > 0;)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* a >>= words * LIMB_BITS + bits (bits < LIMB_BITS); returns the length */
static size_t limbs_shr(limb *a, size_t n, size_t words, unsigned bits)
{
	size_t m = n - words;

	for (size_t i = 0; i < m; i++) {
		limb hi = i + words + 1 < n ? a[i + words + 1] : 0;
		a[i] = bits ? a[i + words] >> bits |
				      hi << (LIMB_BITS - bits) :
			      a[i + words];
	}
	return limbs_trim(a, m);
}

/* one subtraction digit: a - b - *borrow */
static inline limb sub_digit(limb a, limb b, limb *borrow)
{
	limb t = a - b, d = t - *borrow;
	*borrow = (limb)(a < b) | (limb)(t < *borrow);
	return d;
}

/* a = (a - b) >> bits, for a >= b whose lowest words differ and
 * 0 < bits < LIMB_BITS the trailing zeros of the difference: one pass */
static size_t limbs_sub_shr(limb *a, size_t na, const limb *b, size_t nb,
			    unsigned bits)
{
	limb borrow = 0, prev = sub_digit(a[0], b[0], &borrow), d;
	size_t i;

	for (i = 1; i < nb; i++) {
		d = sub_digit(a[i], b[i], &borrow);
		a[i - 1] = prev >> bits | d << (LIMB_BITS - bits);
		prev = d;
	}
	for (; i < na; i++) {
		d = sub_digit(a[i], 0, &borrow);
		a[i - 1] = prev >> bits | d << (LIMB_BITS - bits);
		prev = d;
	}
	a[na - 1] = prev >> bits;
	return limbs_trim(a, na);
}

/* a -= b for a >= b; returns a's live length */
static size_t limbs_sub(limb *a, size_t na, const limb *b, size_t nb)
{
	limb borrow = 0;

	for (size_t i = 0; i < na; i++)
		a[i] = sub_digit(a[i], i < nb ? b[i] : 0, &borrow);
	return limbs_trim(a, na);
}

/* (2/n)^k: -1 for odd k when n = 3 or 5 mod 8 */
static int two_power_sign(const limb *n, size_t k)
{
	unsigned r = (unsigned)(n[0] & 7);
	return (k & 1) && (r == 3 || r == 5) ? -1 : 1;
}

/* a >>= its trailing zeros; returns the length, *k the count */
static size_t limbs_strip(limb *a, size_t na, size_t *k)
{
	size_t z = 0;
	while (!a[z])
		z++;
	unsigned tz = limb_ctz(a[z]);
	*k = z * LIMB_BITS + tz;
	return *k ? limbs_shr(a, na, z, tz) : na;
}

/* The reference: one subtraction and shift per pass over the numbers. */
int jacobi_binary(const uint8_t a_be[WSC_PUBKEY_LEN],
	   const uint8_t n_be[WSC_PUBKEY_LEN])
{
	limb x[LIMBS], y[LIMBS], *a = x, *n = y, *t;
	size_t la = limbs_from(x, a_be), ln = limbs_from(y, n_be), lt, k;
	int j = 1;

	if (!ln || !(n[0] & 1))
		return 0;
	if (la) {
		la = limbs_strip(a, la, &k);
		j *= two_power_sign(n, k);
	}
	while (la) {
		/* both odd: reciprocity when a < n, then (a - n) / 2^k */
		if (limbs_cmp(a, la, n, ln) < 0) {
			if ((a[0] & 3) == 3 && (n[0] & 3) == 3)
				j = -j;
			t = a, a = n, n = t;
			lt = la, la = ln, ln = lt;
		}
		limb d0 = a[0] - n[0];
		if (d0) {
			k = limb_ctz(d0);
			la = limbs_sub_shr(a, la, n, ln, (unsigned)k);
		} else {
			la = limbs_sub(a, la, n, ln);
			if (!la)
				break;
			la = limbs_strip(a, la, &k);
		}
		j *= two_power_sign(n, k);
	}
	/* gcd(a, n) = n now: 1 for coprime inputs */
	return ln == 1 && n[0] == 1 ? j : 0;
}

/* ---- the same symbol in batches of BATCH steps
 *
 * The state is f (odd) and g, both never negative, with
 * (a/n) = s * (g/f). Three moves keep that true: g /= 2 (s flips when
 * f = 3 or 5 mod 8), g += w f (no change: the symbol depends on g mod f)
 * and, with g odd, swapping f and g (s flips when both are 3 mod 4).
 * Which move comes next depends on the low bits alone, and on eta, an
 * estimate of bitlen(g) - bitlen(f) (exact at the start of a batch): g
 * is halved while even; swapped when it seems the shorter; then w, below
 * 2^lim, makes g + w f divisible by 2^lim. So BATCH steps run on the low
 * machine words, recording what they do as a matrix, and one pass over
 * the whole numbers applies it: about 2 bits of progress per step and a
 * pass per BATCH steps, against a pass per step before.
 *
 * In the matrix a halving of g doubles f's row instead, and all is
 * divided by 2^BATCH at the end: (F, G) 2^BATCH = M (F0, G0). An
 * addition comes only when the next lim halvings fit in the batch and
 * are certain to follow, so both rows' sums stay at most 2^h after h
 * halvings: the entries are at most 2^BATCH and fit a word. Each of the
 * low words has at least LIMB_BITS - h exact bits, more than the moves
 * read. */
#define BATCH (LIMB_BITS - 2)

struct jmat {
	limb u, v, q, r;
};

static long jacobi_steps(long eta, limb f, limb g, struct jmat *m, int *s)
{
	limb u = 1, v = 0, q = 0, r = 1, t;
	unsigned i = BATCH;

	for (;;) {
		/* halvings, at most the i left (a bit at i stops the count) */
		unsigned z = limb_ctz(g | (limb)1 << i);
		g >>= z;
		u <<= z;
		v <<= z;
		eta -= (long)z;
		i -= z;
		if ((z & 1) && ((f & 7) == 3 || (f & 7) == 5))
			*s = -*s;
		if (!i)
			break;
		if (eta < 0) {
			eta = -eta;
			if ((f & 3) == 3 && (g & 3) == 3)
				*s = -*s;
			t = f, f = g, g = t;
			t = u, u = q, q = t;
			t = v, v = r, r = t;
		}
		/* lim bits of g cleared: w = -g / f mod 2^lim (f's inverse
		 * mod 64 by one Newton step from f, right mod 8) */
		unsigned lim = i < 6 ? i : 6;
		if (eta + 1 < (long)lim)
			lim = (unsigned)(eta + 1);
		limb inv = f * (2 - f * f);
		limb w = (0 - g * inv) & (((limb)1 << lim) - 1);
		g += w * f;
		q += w * u;
		r += w * v;
	}
	m->u = u, m->v = v, m->q = q, m->r = r;
	return eta;
}

/* (x a + y b) / 2^BATCH into out (the division is exact) */
static void jacobi_combine(limb *out, const limb *a, const limb *b,
			   size_t len, limb x, limb y)
{
	limb t[LIMBS + 1];
	dlimb c = 0;

	for (size_t k = 0; k < len; k++) {
		c += (dlimb)x * a[k] + (dlimb)y * b[k];
		t[k] = (limb)c;
		c >>= LIMB_BITS;
	}
	t[len] = (limb)c;
	for (size_t k = 0; k < len; k++)
		out[k] = t[k] >> BATCH | t[k + 1] << (LIMB_BITS - BATCH);
}

static unsigned limbs_bitlen(const limb *a, size_t n)
{
	n = limbs_trim(a, n);
	if (!n)
		return 0;
	unsigned b = 0;
	limb top = a[n - 1];
#if defined(__GNUC__)
	b = (unsigned)LIMB_BITS - (sizeof(limb) == 8 ?
			(unsigned)__builtin_clzll(top) :
			(unsigned)__builtin_clz((unsigned)top));
#else
	for (; top; top >>= 1)
		b++;
#endif
	return (unsigned)((n - 1) * LIMB_BITS) + b;
}

/* (a/n) for odd n > a >= 0 by batches; 2: gave up after 8 LIMBS + 8
 * batches (four times what a random input needs). Rare structured inputs
 * need more (a review found 34 in 750,000 of the form n = 2^k - 1,
 * a = n - 2^j; none with n = the group's prime, whose worst needed 103):
 * the caller then uses the reference, so the answer is always exact and a
 * peer can at most make one check a few times dearer. */
int jacobi_batched(const uint8_t a_be[WSC_PUBKEY_LEN],
		   const uint8_t n_be[WSC_PUBKEY_LEN])
{
	limb f[LIMBS], g[LIMBS], f2[LIMBS], g2[LIMBS];
	size_t lf = limbs_from(f, n_be), lg = limbs_from(g, a_be);
	size_t len = lf > lg ? lf : lg;
	int s = 1;

	if (!lf || !(f[0] & 1))
		return 0;
	/* a batch removes about BATCH bits; 4 times the need, then no */
	for (size_t b = 0; b < 8 * LIMBS + 8; b++) {
		struct jmat m;
		/* f = 1: (g/1) = 1. g = 0 or g = f: f is the gcd. Only
		 * additions and halvings: g reaches neither 0 nor 1, and the
		 * state of a shared factor d is f = g = d. */
		bool f_one = limbs_trim(f, len) == 1 && f[0] == 1;
		if (f_one)
			return s;
		if (!limbs_trim(g, len) || !limbs_cmp(f, len, g, len))
			return 0;
		long eta = (long)limbs_bitlen(g, len) -
			   (long)limbs_bitlen(f, len);
		jacobi_steps(eta, f[0], g[0], &m, &s);
		jacobi_combine(f2, f, g, len, m.u, m.v);
		jacobi_combine(g2, f, g, len, m.q, m.r);
		memcpy(f, f2, len * sizeof(limb));
		memcpy(g, g2, len * sizeof(limb));
		while (len > 1 && !f[len - 1] && !g[len - 1])
			len--;
	}
	return 2;
}

/* (a/n) for odd n > a >= 0: 1, -1, or 0 when they share a factor */
int jacobi(const uint8_t a_be[WSC_PUBKEY_LEN],
	   const uint8_t n_be[WSC_PUBKEY_LEN])
{
	int j = jacobi_batched(a_be, n_be);
	return j != 2 ? j : jacobi_binary(a_be, n_be);
}

/* 2 <= y <= p-2 */
static int pubkey_range(const uint8_t y[WSC_PUBKEY_LEN])
{
	uint8_t pm1[WSC_PUBKEY_LEN], two[WSC_PUBKEY_LEN] = { 0 };

	two[WSC_PUBKEY_LEN - 1] = 2;
	memcpy(pm1, wsc_dh_group5_prime, sizeof(pm1));
	pm1[WSC_PUBKEY_LEN - 1] -= 1; /* p is odd: no borrow */
	if (bn_cmp(y, two, WSC_PUBKEY_LEN) < 0 ||
	    bn_cmp(y, pm1, WSC_PUBKEY_LEN) >= 0)
		return WSC_ERR_BAD_PUBKEY;
	return 0;
}

/* Full validation of a peer's public value: in range and in the
 * prime-order subgroup ((y/p) = 1). */
int wsc_dh_pubkey_check(const uint8_t *pub, size_t len)
{
	uint8_t y[WSC_PUBKEY_LEN] = { 0 };

	if (!pub || len == 0 || len > WSC_PUBKEY_LEN)
		return WSC_ERR_BAD_PUBKEY;
	memcpy(y + WSC_PUBKEY_LEN - len, pub, len);
	if (pubkey_range(y))
		return WSC_ERR_BAD_PUBKEY;
	return jacobi(y, wsc_dh_group5_prime) == 1 ? 0 : WSC_ERR_BAD_PUBKEY;
}

int dh_shared(const wsc_env *env, const wsc_dh_keypair *own,
	      const uint8_t *peer_pub, size_t peer_len,
	      uint8_t out[WSC_PUBKEY_LEN])
{
	uint8_t y[WSC_PUBKEY_LEN] = { 0 };

	if (peer_len == 0 || peer_len > WSC_PUBKEY_LEN || !own->valid)
		return WSC_ERR_BAD_PUBKEY;
	memcpy(y + WSC_PUBKEY_LEN - peer_len, peer_pub, peer_len);
	/* the subgroup test was done when the key arrived */
	if (pubkey_range(y))
		return WSC_ERR_BAD_PUBKEY;
	return c_modexp(env, y, WSC_PUBKEY_LEN, own->priv, own->priv_len,
			out);
}

int derive_keys(const wsc_env *env, const uint8_t shared[WSC_PUBKEY_LEN],
		const uint8_t n_e[16], const uint8_t mac_e[6],
		const uint8_t n_r[16], wsc_keys *k)
{
	uint8_t dhkey[32], kdk[32], out[96], ctr[4], bits[4];
	wsc_iov v[3] = { { shared, WSC_PUBKEY_LEN } };
	int err;

	err = c_sha256(env, v, 1, dhkey);
	env_log_hex(env, true, "DHKey", dhkey, sizeof(dhkey));
	v[0] = (wsc_iov){ n_e, 16 };
	v[1] = (wsc_iov){ mac_e, 6 };
	v[2] = (wsc_iov){ n_r, 16 };
	err = err ? err : c_hmac(env, dhkey, 32, v, 3, kdk);
	env_log_hex(env, true, "KDK", kdk, sizeof(kdk));
	put_be32(bits, 640);
	for (uint32_t i = 1; i <= 3 && !err; i++) {
		put_be32(ctr, i);
		v[0] = (wsc_iov){ ctr, 4 };
		v[1] = (wsc_iov){ (const uint8_t *)kdf_label,
				  sizeof(kdf_label) - 1 };
		v[2] = (wsc_iov){ bits, 4 };
		err = c_hmac(env, kdk, 32, v, 3, out + (i - 1) * 32);
	}
	if (!err) {
		memcpy(k->authkey, out, AUTHKEY_LEN);
		memcpy(k->keywrapkey, out + AUTHKEY_LEN, KEYWRAPKEY_LEN);
		memcpy(k->emsk, out + AUTHKEY_LEN + KEYWRAPKEY_LEN, EMSK_LEN);
		env_log_hex(env, true, "AuthKey", k->authkey, AUTHKEY_LEN);
		env_log_hex(env, true, "KeyWrapKey", k->keywrapkey,
			    KEYWRAPKEY_LEN);
		env_log_hex(env, true, "EMSK", k->emsk, EMSK_LEN);
	}
	wsc_wipe(dhkey, sizeof(dhkey));
	wsc_wipe(kdk, sizeof(kdk));
	wsc_wipe(out, sizeof(out));
	return err ? WSC_ERR_CRYPTO : 0;
}

int derive_psk(const wsc_env *env, const wsc_keys *k, const uint8_t *pw,
	       size_t pw_len, uint8_t psk1[16], uint8_t psk2[16])
{
	uint8_t h[32];
	size_t half = (pw_len + 1) / 2;
	wsc_iov v = { pw, half };
	int err;

	err = c_hmac(env, k->authkey, AUTHKEY_LEN, &v, 1, h);
	memcpy(psk1, h, PSK_LEN);
	v = (wsc_iov){ pw + half, pw_len - half };
	err = err ? err : c_hmac(env, k->authkey, AUTHKEY_LEN,
						   &v, 1, h);
	memcpy(psk2, h, PSK_LEN);
	wsc_wipe(h, sizeof(h));
	env_log_hex(env, true, "PSK1", psk1, PSK_LEN);
	env_log_hex(env, true, "PSK2", psk2, PSK_LEN);
	return err ? WSC_ERR_CRYPTO : 0;
}

int pin_hash(const wsc_env *env, const wsc_keys *k, const uint8_t s[16],
	     const uint8_t psk[16], const uint8_t pk_e[192],
	     const uint8_t pk_r[192], uint8_t out[32])
{
	wsc_iov v[4] = { { s, 16 }, { psk, 16 }, { pk_e, 192 }, { pk_r, 192 } };

	if (c_hmac(env, k->authkey, AUTHKEY_LEN, v, 4, out))
		return WSC_ERR_CRYPTO;
	return 0;
}

int authenticator(const wsc_env *env, const wsc_keys *k, const uint8_t *prev,
		  size_t prev_len, const uint8_t *cur, size_t cur_len,
		  uint8_t out[8])
{
	uint8_t h[32];
	wsc_iov v[2] = { { prev, prev_len }, { cur, cur_len } };

	if (c_hmac(env, k->authkey, AUTHKEY_LEN, v, 2, h))
		return WSC_ERR_CRYPTO;
	memcpy(out, h, 8);
	return 0;
}

static int kwa(const wsc_env *env, const wsc_keys *k, const uint8_t *p,
	       size_t len, uint8_t out[8])
{
	return authenticator(env, k, p, len, NULL, 0, out);
}

#define ENCR_MAX 1024

int encr_settings_build(const wsc_env *env, const wsc_keys *k,
			const uint8_t *plain, size_t plain_len, wbuf *msg)
{
	uint8_t buf[ENCR_MAX + 16], tag[8];
	size_t n, pad;
	uint8_t *out;
	int err;

	/* plaintext || KWA attribute (12 bytes) || PKCS#5 padding */
	if (plain_len + 12 + 16 > ENCR_MAX)
		return WSC_ERR_BUFSIZE;
	memcpy(buf, plain, plain_len);
	err = kwa(env, k, plain, plain_len, tag);
	if (err)
		return err;
	put_be16(buf + plain_len, ATTR_KEY_WRAP_AUTH);
	put_be16(buf + plain_len + 2, 8);
	memcpy(buf + plain_len + 4, tag, 8);
	n = plain_len + 12;
	pad = 16 - n % 16;
	memset(buf + n, (int)pad, pad);
	n += pad;

	out = wb_reserve(msg, 4 + 16 + n);
	if (!out) {
		wsc_wipe(buf, sizeof(buf));
		return WSC_ERR_BUFSIZE;
	}
	put_be16(out, ATTR_ENCR_SETTINGS);
	put_be16(out + 2, (uint16_t)(16 + n));
	err = env_random(env, out + 4, 16);
	if (!err && c_aes(env, 1, k->keywrapkey, out + 4, buf, n,
					    out + 20))
		err = WSC_ERR_CRYPTO;
	wsc_wipe(buf, sizeof(buf));
	return err;
}

int encr_settings_open(const wsc_env *env, const wsc_keys *k,
		       const uint8_t *enc, size_t enc_len, uint8_t *out,
		       size_t cap, size_t *out_len)
{
	uint8_t tag[8];
	size_t n, pad, body;
	int err;

	if (enc_len < 32 || enc_len % 16 || enc_len - 16 > cap)
		return WSC_ERR_DECRYPT;
	n = enc_len - 16;
	if (c_aes(env, 0, k->keywrapkey, enc, enc + 16, n, out))
		return WSC_ERR_CRYPTO;
	pad = out[n - 1];
	if (pad == 0 || pad > 16 || pad > n)
		goto bad;
	for (size_t i = n - pad; i < n; i++)
		if (out[i] != pad)
			goto bad;
	n -= pad;
	/* the last attribute must be the Key Wrap Authenticator */
	if (n < 12 || get_be16(out + n - 12) != ATTR_KEY_WRAP_AUTH ||
	    get_be16(out + n - 10) != 8)
		goto bad;
	body = n - 12;
	err = kwa(env, k, out, body, tag);
	if (err)
		goto fail;
	if (wsc_ct_cmp(tag, out + n - 8, 8)) {
		err = WSC_ERR_KWA;
		goto fail;
	}
	*out_len = body;
	return 0;
bad:
	err = WSC_ERR_DECRYPT;
fail:
	wsc_wipe(out, enc_len - 16);
	return err;
}
