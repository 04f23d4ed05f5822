/* xoshiro256** (Blackman and Vigna), seeded through splitmix64. */
#include "rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95u);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint64_t rng_below(rng *r, uint64_t n)
{
	/* rejection keeps the draw unbiased */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;
	do
		x = rng_next(r);
	while (x >= limit);
	return x % n;
}

bool rng_chance(rng *r, double p)
{
	if (p <= 0)
		return false;
	if (p >= 1)
		return true;
	/* 53 random bits as a double in [0, 1) */
	return (double)(rng_next(r) >> 11) * 0x1.0p-53 < p;
}

void rng_fill(rng *r, uint8_t *buf, size_t len)
{
	while (len) {
		uint64_t x = rng_next(r);
		/* byte by byte: the same bytes on every host */
		for (int i = 0; i < 8 && len; i++, len--)
			*buf++ = (uint8_t)(x >> (8 * i));
	}
}

int rng_wsc_random(void *ud, uint8_t *buf, size_t len)
{
	rng_fill(ud, buf, len);
	return 0;
}
