/*
 * Frames as they travel: 802.11 management frames (Beacon, Probe Request,
 * Probe Response) carrying the WPS element, and a reader of EAPOL PDUs that
 * names what they carry (for the transcript and the diagram).
 */
#ifndef WSC_SIM_FRAMES_H
#define WSC_SIM_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wsc/wsc.h"

enum { FC_PROBE_REQ = 0x40, FC_PROBE_RESP = 0x50, FC_BEACON = 0x80 };
#define MGMT_MAX 1024

/* What an AP says about its network in beacons and probe responses. */
struct bss_desc {
	uint8_t ssid[32];
	uint8_t ssid_len;
	bool rsn;                /* WPA2-PSK (CCMP) offered */
	uint64_t tsf_us;         /* the AP's clock */
	uint16_t interval_tu;    /* beacon interval, 1 TU = 1.024 ms */
};

struct mgmt_addr {
	const uint8_t *da, *sa, *bssid;
	uint16_t seq;
};

/* Build a management frame of type fc (no FCS). bss: NULL for a probe
 * request. wps: the element(s) from wsc_ie_build. Returns the length, or
 * 0 if cap is too small. */
size_t frame_mgmt(uint8_t *out, size_t cap, uint8_t fc,
		  const struct mgmt_addr *a, const struct bss_desc *bss,
		  const uint8_t *wps, size_t wps_len);

struct mgmt_view {
	uint8_t fc;
	const uint8_t *sa;
	uint8_t ssid[32];
	uint8_t ssid_len;
	bool rsn;
	bool has_wps;
	wsc_ie wps;
};
/* 0, or -1 if the frame is not a management frame we understand. */
int frame_parse_mgmt(const uint8_t *f, size_t len, struct mgmt_view *out);

/* The radiotap header put before 802.11 frames in the capture. */
#define RADIOTAP_LEN 16
void frame_radiotap(uint8_t out[RADIOTAP_LEN]);

/* "M1", "WSC_Done", "EAP-Request/Identity", "EAPOL-Start", ... */
void frame_eapol_label(const wsc_eapol_info *v, char *out, size_t cap);

#endif
