/*
 * A seeded, deterministic random source (xoshiro256**). The simulator keeps
 * one stream per purpose (the devices' crypto, the faults of the air, the
 * scenario generator), all derived from one seed: the same seed gives the
 * same run byte for byte, and adding a fault does not change the keys.
 * Not for real keys: a simulation's secrets only need to be reproducible.
 */
#ifndef WSC_SIM_RNG_H
#define WSC_SIM_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rng {
	uint64_t s[4];
} rng;

/* stream tells independent streams of one seed apart */
void rng_seed(rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t rng_below(rng *r, uint64_t n);
/* True with probability p (0 never, 1 always). */
bool rng_chance(rng *r, double p);
void rng_fill(rng *r, uint8_t *buf, size_t len);
/* A wsc_random_fn: ud is the rng. Never fails. */
int rng_wsc_random(void *ud, uint8_t *buf, size_t len);

#endif
