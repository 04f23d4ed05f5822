/*
 * A station on a wireless interface, through nl80211 (libnl): scan with a
 * WPS element in the Probe Requests, associate for WPS (open system, the
 * WPS element in the Association Request, no RSN), leave. EAPOL then runs
 * over the interface's data path (transport_linux.h). The protocol and the
 * choice of AP are libwsc's; this module only moves frames.
 */
#ifndef WSC_TOOL_WIFI_H
#define WSC_TOOL_WIFI_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "wsc/wsc.h"

struct wifi;

struct wifi_bss {
	wsc_scan_bss b;          /* BSSID, signal, the parsed WPS element */
	uint32_t freq;           /* MHz */
	int channel;
	uint8_t ssid[32];
	uint8_t ssid_len;
	bool privacy;            /* capability: WEP/WPA/RSN in use */
	bool rsn;                /* RSN element present */
};

/* 1 if ifname is an nl80211 interface, 0 if not (or no nl80211 at all). */
int wifi_is_wireless(const char *ifname);
/* Open for station use: checks the interface is a station that is up and
 * not blocked by rfkill. Returns 0, or -errno with err explaining. */
int wifi_open(struct wifi **w, const char *ifname, char *err, size_t cap);
void wifi_close(struct wifi *w);
/* While a call waits for the radio, fn(ud) runs whenever fd is readable
 * (a control socket), and the wait ends with -EINTR once *stop is set
 * (fd -1, stop NULL: neither). */
void wifi_set_idle(struct wifi *w, int fd, void (*fn)(void *ud), void *ud,
		   volatile sig_atomic_t *stop);
/* Wait ms, serving the idle descriptor: 0, or -EINTR when stopped. */
int wifi_wait(struct wifi *w, int ms);
/* One active scan on every channel the radio allows, ie (may be NULL) in
 * the Probe Requests; waits up to timeout_ms. Fills out[0..cap) with what
 * was heard in this scan. Returns the count or -errno (err set). */
int wifi_scan(struct wifi *w, const uint8_t *ie, size_t ie_len,
	      struct wifi_bss *out, size_t cap, int timeout_ms, char *err,
	      size_t errcap);
/* Associate with b, open system, ie in the Association Request. Returns 0
 * when associated, or -errno (err set). */
int wifi_connect(struct wifi *w, const struct wifi_bss *b, const uint8_t *ie,
		 size_t ie_len, int timeout_ms, char *err, size_t errcap);
/* Deauthenticate (if associated) and wait briefly for it to be done. */
void wifi_disconnect(struct wifi *w);

#endif
