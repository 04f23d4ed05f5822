/*
 * One exponentiation of the default crypto backend with a chosen secret
 * exponent, inside ct_measured(), for callgrind to count (ct_check.sh):
 * the counts for different exponents must agree, or the time a key pair
 * or a shared secret takes tells something of the private key.
 *   usage: ct_probe g2|exp|exp-short PATTERN
 * g2: 2^x by the backend's modexp_g2 (its tables made first, outside);
 * exp: y^x for a random y in the subgroup; exp-short: for the y a peer
 * could choose so that y in Montgomery form is 2 (a short number that
 * passes the public-key check). PATTERN: zeros (0x80 then zero bytes),
 * ones, alt (0x55), rand (a fixed pseudo-random one). 32-byte exponents.
 */
#include <stdio.h>
#include <string.h>

#include "wsc/wsc.h"

extern const uint8_t wsc_dh_group5_prime[WSC_PUBKEY_LEN];

int ct_measured(const wsc_crypto *c, int mode, const uint8_t *y,
		const uint8_t x[32], uint8_t out[WSC_PUBKEY_LEN]);

__attribute__((noinline)) int ct_measured(const wsc_crypto *c, int mode,
					  const uint8_t *y, const uint8_t x[32],
					  uint8_t out[WSC_PUBKEY_LEN])
{
	if (mode == 0)
		return c->modexp_g2(c->ctx, x, 32, out);
	return c->modexp(c->ctx, y, WSC_PUBKEY_LEN, x, 32, wsc_dh_group5_prime,
			 WSC_PUBKEY_LEN, out);
}

int main(int argc, char **argv)
{
	const wsc_crypto *c = wsc_crypto_default();
	uint8_t x[32], w[32], y[WSC_PUBKEY_LEN], out[WSC_PUBKEY_LEN];
	uint8_t e[WSC_PUBKEY_LEN];
	int mode;

	if (argc != 3)
		return 2;
	mode = !strcmp(argv[1], "g2") ? 0 : !strcmp(argv[1], "exp") ? 1 :
	       !strcmp(argv[1], "exp-short") ? 2 : -1;
	if (mode < 0 || (mode == 0 && !c->modexp_g2))
		return 2;
	if (!strcmp(argv[2], "zeros")) {
		memset(x, 0, 32);
		x[0] = 0x80;
	} else if (!strcmp(argv[2], "ones")) {
		memset(x, 0xff, 32);
	} else if (!strcmp(argv[2], "alt")) {
		memset(x, 0x55, 32);
	} else if (!strcmp(argv[2], "rand")) {
		uint32_t s = 12345;
		for (int i = 0; i < 32; i++) {
			s = s * 1103515245u + 12345u;
			x[i] = (uint8_t)(s >> 16);
		}
	} else {
		return 2;
	}
	/* y: 2^(2 * 777) (a square); exp-short: 2^(1 - 1536), whose
	 * Montgomery form (times 2^1536) is 2 */
	memset(w, 0, 32);
	memset(e, 0, sizeof(e));
	if (mode == 2) {
		/* p - 1 - 1535 = p - 1536: 2^(p-1536) = 2^(1-1536) mod p */
		memcpy(e, wsc_dh_group5_prime, WSC_PUBKEY_LEN);
		e[WSC_PUBKEY_LEN - 1] -= 0x00; /* p ends in 0xff: no borrow */
		e[WSC_PUBKEY_LEN - 2] -= 0x06; /* - 0x600 = 1536 */
	} else {
		e[WSC_PUBKEY_LEN - 2] = 0x06; /* 1554 = 2 * 777 */
		e[WSC_PUBKEY_LEN - 1] = 0x12;
	}
	static const uint8_t two = 2;
	if (c->modexp(c->ctx, &two, 1, e, WSC_PUBKEY_LEN, wsc_dh_group5_prime,
		      WSC_PUBKEY_LEN, y))
		return 1;
	/* warm up outside the count: the backend's set-up, and modexp_g2's
	 * tables (made at a length's second request) */
	w[31] = 1;
	for (int i = 0; i < 2 && c->modexp_g2; i++)
		(void)c->modexp_g2(c->ctx, w, 32, out);
	if (c->modexp(c->ctx, y, WSC_PUBKEY_LEN, w, 32, wsc_dh_group5_prime,
		      WSC_PUBKEY_LEN, out))
		return 1;
	if (ct_measured(c, mode, y, x, out))
		return 1;
	printf("%02x%02x\n", out[0], out[1]);
	return 0;
}
