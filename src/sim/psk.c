/* WPA2-PSK pairwise master keys, cached. The only file of the simulator
 * that calls OpenSSL directly: libwsc's crypto table has no SHA-1. */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "psk.h"

static int derive(const wsc_cred *c, uint8_t pmk[32])
{
	if (c->key_len == 64) { /* the PSK itself, in hex */
		size_t n;
		return wsc_hex_decode((const char *)c->key, 64, pmk, 32, &n) ?
			       -1 : 0;
	}
	if (c->key_len < 8 || c->key_len > 63)
		return -1;
	return PKCS5_PBKDF2_HMAC_SHA1((const char *)c->key, c->key_len,
				      c->ssid, c->ssid_len, 4096, 32,
				      pmk) == 1 ? 0 : -1;
}

int psk_pmk(struct psk_cache *c, const wsc_cred *cred, uint8_t pmk[32])
{
	for (size_t i = 0; i < c->n; i++) {
		struct psk_entry *e = &c->e[i];
		if (e->ssid_len == cred->ssid_len &&
		    e->key_len == cred->key_len &&
		    !memcmp(e->ssid, cred->ssid, e->ssid_len) &&
		    !memcmp(e->key, cred->key, e->key_len)) {
			memcpy(pmk, e->pmk, 32);
			return 0;
		}
	}
	if (derive(cred, pmk))
		return -1;
	struct psk_entry *e = &c->e[c->next];
	c->next = (c->next + 1) % PSK_CACHE_SIZE;
	if (c->n < PSK_CACHE_SIZE)
		c->n++;
	memcpy(e->ssid, cred->ssid, cred->ssid_len);
	e->ssid_len = cred->ssid_len;
	memcpy(e->key, cred->key, cred->key_len);
	e->key_len = cred->key_len;
	memcpy(e->pmk, pmk, 32);
	return 0;
}

void psk_cache_clear(struct psk_cache *c)
{
	OPENSSL_cleanse(c, sizeof(*c));
}
