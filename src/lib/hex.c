/* Hex, as the library, the tool and the simulator all need it. */
#include "internal.h"

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void wsc_hex_encode(const uint8_t *in, size_t len, char *out)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = d[in[i] >> 4];
		out[2 * i + 1] = d[in[i] & 15];
	}
	out[2 * len] = '\0';
}

int wsc_hex_decode(const char *hex, size_t n, uint8_t *out, size_t cap,
		   size_t *len)
{
	if (!hex || !out || !len || n % 2)
		return WSC_ERR_BAD_VALUE;
	if (n / 2 > cap)
		return WSC_ERR_BUFSIZE;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return WSC_ERR_BAD_VALUE;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}
