/* Device PINs: check digit, validation, generation. */
#include "internal.h"

unsigned wsc_pin_checksum(unsigned pin7)
{
	unsigned acc = 0;

	/* Weights 3,1,3,1,3,1,3 from the left; with seven digits that is
	 * also 3,1,3,... from the right, the order this loop walks. */
	for (int i = 0; i < 7; i++) {
		acc += (i % 2 ? 1 : 3) * (pin7 % 10);
		pin7 /= 10;
	}
	return (10 - acc % 10) % 10;
}

int wsc_pin_valid(const char *pin)
{
	size_t n = 0;
	unsigned v = 0;

	if (!pin)
		return WSC_ERR_BAD_PIN;
	for (; pin[n]; n++) {
		if (pin[n] < '0' || pin[n] > '9' || n >= 8)
			return WSC_ERR_BAD_PIN;
		v = v * 10 + (unsigned)(pin[n] - '0');
	}
	if (n == 4)
		return 0;
	if (n != 8)
		return WSC_ERR_BAD_PIN;
	return wsc_pin_checksum(v / 10) == v % 10 ? 0 : WSC_ERR_BAD_PIN;
}

int wsc_pin_generate(const wsc_env *in, char out[9])
{
	wsc_env env;
	uint8_t r[4];
	unsigned v;
	int err;

	err = env_resolve(&env, in);
	if (err)
		return err;
	do {
		err = env_random(&env, r, sizeof(r));
		if (err)
			return err;
		v = get_be32(r);
	} while (v >= 4290000000u); /* a multiple of 10^7: no modulo bias */
	v %= 10000000u;
	v = v * 10 + wsc_pin_checksum(v);
	for (int i = 7; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[8] = '\0';
	wsc_wipe(r, sizeof(r));
	return 0;
}
