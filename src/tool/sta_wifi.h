/*
 * `wsc sta` on a wireless interface: scan, choose an AP by libwsc's rules
 * (wsc_select_aps), associate for WPS, and after the EAP run leave. The
 * caller runs EAP-WSC over EAPOL between sta_wifi_next() and
 * sta_wifi_leave().
 */
#ifndef WSC_TOOL_STA_WIFI_H
#define WSC_TOOL_STA_WIFI_H

#include <signal.h>

#include "wifi.h"

#define STA_WIFI_MAX_BSS 64
#define STA_WIFI_MAX_CAND 16

enum sta_wifi_end {
	STA_WIFI_ASSOCIATED = 0, /* sw->cur is the AP, associated */
	STA_WIFI_TIMEOUT,        /* walk time over, or stopped */
	STA_WIFI_OVERLAP,        /* PBC session overlap */
	STA_WIFI_LOCKED,         /* registrar: every WPS AP's setup locked */
	STA_WIFI_AMBIGUOUS,      /* registrar: several WPS APs, no --bssid */
	STA_WIFI_ERROR,          /* the radio failed; err says why */
};

struct sta_wifi {
	struct wifi *w;
	wsc_select_mode mode;
	uint8_t own_mac[6];
	bool pin_bssid;          /* --bssid */
	uint8_t bssid[6];
	uint8_t probe_ie[512], assoc_ie[64];
	size_t probe_len, assoc_len;
	wsc_pbc_monitor mon;
	struct wifi_bss bss[STA_WIFI_MAX_BSS];
	wsc_scan_bss sel[STA_WIFI_MAX_BSS];
	size_t nbss;
	wsc_candidate cand[STA_WIFI_MAX_CAND];
	size_t ncand, next;
	unsigned scans;
	bool found;              /* some scan offered a candidate */
	size_t overlap;          /* registrars in push-button mode */
	struct wifi_bss cur;
	const char **phase;      /* the caller's STATUS word, kept current */
};

/* Open ifname (wifi_open's checks) and build the Probe Request and
 * Association Request elements for this mode and device. */
int sta_wifi_open(struct sta_wifi *sw, const char *ifname,
		  wsc_select_mode mode, const wsc_device *dev,
		  const uint8_t *bssid, char *err, size_t cap);
void sta_wifi_close(struct sta_wifi *sw);
/* Scan and choose until associated with the next AP worth trying, or the
 * walk ends (enum sta_wifi_end; err set for the errors). */
int sta_wifi_next(struct sta_wifi *sw, uint64_t deadline,
		  volatile sig_atomic_t *stop, char *err, size_t cap);
/* Deauthenticate from sw->cur. */
void sta_wifi_leave(struct sta_wifi *sw);

#endif
