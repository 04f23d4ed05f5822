/* WPA2-PSK pairwise master keys, cached; PBKDF2 from libwsc's crypto
 * backend. */
#include <string.h>

#include "psk.h"

static int derive(const wsc_cred *c, uint8_t pmk[32])
{
	return wsc_cred_pmk(NULL, c, pmk) ? -1 : 0;
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
	wsc_wipe(c, sizeof(*c));
}
