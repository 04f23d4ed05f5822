/*
 * The network key as WPA2-PSK uses it: PMK = PBKDF2-HMAC-SHA1(passphrase,
 * SSID, 4096, 32), or the 64 hex digits themselves. Two devices can talk
 * over a WPA2-PSK network exactly when their PMKs are equal: that is what
 * the 4-way handshake proves, so the simulator compares PMKs to decide
 * whether an association works. PBKDF2 is slow on purpose; a small cache
 * (owned by the sim, as wpa_supplicant keeps one) makes thousands of
 * stations of one network cheap.
 */
#ifndef WSC_SIM_PSK_H
#define WSC_SIM_PSK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wsc/wsc.h"

#define PSK_CACHE_SIZE 64

struct psk_entry {
	uint8_t ssid[32], ssid_len;
	uint8_t key[64], key_len;
	uint8_t pmk[32];
};

struct psk_cache {
	struct psk_entry e[PSK_CACHE_SIZE];
	size_t n, next;          /* filled entries; next slot to reuse */
};

/* 0, or -1 if the credential has no usable key (open network). */
int psk_pmk(struct psk_cache *c, const wsc_cred *cred, uint8_t pmk[32]);
/* Wipe every cached key. */
void psk_cache_clear(struct psk_cache *c);

#endif
