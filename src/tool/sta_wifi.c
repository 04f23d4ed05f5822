/* The wireless walk of `wsc sta` (see sta_wifi.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sta_wifi.h"
#include "util.h"

#define SCAN_TIMEOUT_MS 15000
#define CONNECT_TIMEOUT_MS 10000
#define RESCAN_PAUSE_MS 1000
/* push button: full scans heard before choosing, so an AP on a channel
 * one probe missed still counts for the overlap */
#define PBC_MIN_SCANS 2

int sta_wifi_open(struct sta_wifi *sw, const char *ifname,
		  wsc_select_mode mode, const wsc_device *dev,
		  const uint8_t *bssid, char *err, size_t cap)
{
	/* request type: 1 enrollee, 2 registrar */
	wsc_ie ie = { .kind = WSC_MSG_PROBE_REQ, .rf_bands = 1,
		      .config_methods = dev->config_methods,
		      .request_type = mode == WSC_SELECT_REGISTRAR ? 2 : 1,
		      .dev_pw_id = mode == WSC_SELECT_PBC ? WSC_PW_PUSHBUTTON :
							    WSC_PW_DEFAULT };
	int e;

	memset(sw, 0, sizeof(*sw));
	sw->mode = mode;
	memcpy(sw->own_mac, dev->mac, 6);
	if (bssid) {
		sw->pin_bssid = true;
		memcpy(sw->bssid, bssid, 6);
	}
	memcpy(ie.uuid, dev->uuid, WSC_UUID_LEN);
	wsc_pbc_monitor_init(&sw->mon);
	if (wsc_ie_build(&ie, dev, sw->probe_ie, sizeof(sw->probe_ie),
			 &sw->probe_len)) {
		snprintf(err, cap, "cannot build the Probe Request element");
		return -EINVAL;
	}
	ie.kind = WSC_IE_ASSOC_REQ;
	if (wsc_ie_build(&ie, NULL, sw->assoc_ie, sizeof(sw->assoc_ie),
			 &sw->assoc_len)) {
		snprintf(err, cap, "cannot build the Association Request element");
		return -EINVAL;
	}
	e = wifi_open(&sw->w, ifname, err, cap);
	return e;
}

void sta_wifi_close(struct sta_wifi *sw)
{
	sta_wifi_leave(sw);
	wifi_close(sw->w);
	sw->w = NULL;
}

void sta_wifi_leave(struct sta_wifi *sw)
{
	if (sw->w)
		wifi_disconnect(sw->w);
}

static void set_phase(struct sta_wifi *sw, const char *p)
{
	if (sw->phase)
		*sw->phase = p;
}

/* One scan; the WPS APs (those of --bssid alone if given) go to sw->sel
 * for the choice, all of them to the PBC monitor. Returns the number
 * chosen from, or -errno. */
static int scan_once(struct sta_wifi *sw, char *err, size_t cap)
{
	wsc_scan_bss all[STA_WIFI_MAX_BSS];
	size_t na = 0;
	int n;

	set_phase(sw, "SCANNING");
	n = wifi_scan(sw->w, sw->probe_ie, sw->probe_len, sw->bss,
		      STA_WIFI_MAX_BSS, SCAN_TIMEOUT_MS, err, cap);
	if (n < 0)
		return n;
	sw->scans++;
	sw->nbss = 0;
	for (int i = 0; i < n; i++) {
		if (!sw->bss[i].b.has_wps)
			continue;
		all[na++] = sw->bss[i].b;
		if (sw->pin_bssid && memcmp(sw->bss[i].b.bssid, sw->bssid, 6))
			continue;
		/* keep bss[] and sel[] index for index */
		sw->bss[sw->nbss] = sw->bss[i];
		sw->sel[sw->nbss++] = sw->bss[i].b;
	}
	sw->overlap = wsc_pbc_monitor_note(&sw->mon, all, na, now_ms());
	return (int)sw->nbss;
}

static void list_aps(const struct sta_wifi *sw, char *out, size_t cap)
{
	size_t k = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sw->nbss && k + 20 < cap; i++) {
		char mac[18];
		mac_format(sw->bss[i].b.bssid, mac);
		k += (size_t)snprintf(out + k, cap - k, "%s%s", i ? ", " : "",
				      mac);
	}
}

/* Choose from the last scan. Returns -1 to scan again, or an end. */
static int choose(struct sta_wifi *sw, char *err, size_t cap)
{
	char aps[400];
	int r;

	r = wsc_select_aps(sw->sel, sw->nbss, sw->mode, sw->own_mac,
			   &sw->mon, now_ms(), sw->cand, STA_WIFI_MAX_CAND);
	if (r == WSC_ERR_PBC_OVERLAP || (sw->mode == WSC_SELECT_PBC &&
					 sw->overlap > 1)) {
		snprintf(err, cap, "PBC session overlap: %zu registrars in "
			 "push-button mode within %u s; nothing taken, try "
			 "again later", sw->overlap > 1 ? sw->overlap : 2,
			 WSC_PBC_MONITOR_TIME_MS / 1000);
		return STA_WIFI_OVERLAP;
	}
	if (r == WSC_ERR_LOCKED) {
		list_aps(sw, aps, sizeof(aps));
		snprintf(err, cap, "AP setup locked: %s refuses%s its AP PIN "
			 "(too many wrong PINs?)", aps,
			 sw->nbss > 1 ? " (each)" : "");
		return STA_WIFI_LOCKED;
	}
	if (r < 0) {
		snprintf(err, cap, "choosing an AP: %s", wsc_strerror(r));
		return STA_WIFI_ERROR;
	}
	if (sw->mode == WSC_SELECT_PBC && sw->scans < PBC_MIN_SCANS)
		return -1;
	if (sw->mode == WSC_SELECT_REGISTRAR && r > 1) {
		list_aps(sw, aps, sizeof(aps));
		snprintf(err, cap, "%d WPS APs in range (%s): choose one with "
			 "--bssid", r, aps);
		return STA_WIFI_AMBIGUOUS;
	}
	sw->ncand = (size_t)r;
	sw->next = 0;
	sw->found = sw->found || r > 0;
	return -1;
}

static void pause_ms(struct sta_wifi *sw, uint64_t ms, uint64_t deadline)
{
	uint64_t now = now_ms(), until = now + ms;

	if (until > deadline)
		until = deadline;
	if (until > now)
		wifi_wait(sw->w, (int)(until - now));
}

int sta_wifi_next(struct sta_wifi *sw, uint64_t deadline,
		  volatile sig_atomic_t *stop, char *err, size_t cap)
{
	char why[300], mac[18];

	while (!*stop && now_ms() < deadline) {
		if (sw->next < sw->ncand) {
			sw->cur = sw->bss[sw->cand[sw->next++].index];
			set_phase(sw, "ASSOCIATING");
			int e = wifi_connect(sw->w, &sw->cur, sw->assoc_ie,
					     sw->assoc_len, CONNECT_TIMEOUT_MS,
					     why, sizeof(why));
			if (e == 0)
				return STA_WIFI_ASSOCIATED;
			mac_format(sw->cur.b.bssid, mac);
			fprintf(stderr, "wsc sta: %s: %s\n", mac, why);
			if (e == -EPERM || e == -ENETDOWN || e == -ERFKILL) {
				snprintf(err, cap, "%s", why);
				return STA_WIFI_ERROR;
			}
			continue;
		}
		/* every candidate of the last scan tried: scan again */
		bool had = sw->ncand > 0;
		sw->ncand = sw->next = 0;
		if (had)
			pause_ms(sw, RESCAN_PAUSE_MS, deadline);
		int n = scan_once(sw, why, sizeof(why));
		if (n == -EINTR)
			continue;  /* stopped: the loop ends */
		if (n == -EBUSY || n == -ECANCELED || n == -ETIMEDOUT) {
			fprintf(stderr, "wsc sta: %s\n", why);
			pause_ms(sw, RESCAN_PAUSE_MS, deadline);
			continue;
		}
		if (n < 0) {
			snprintf(err, cap, "%s", why);
			return STA_WIFI_ERROR;
		}
		int r = choose(sw, err, cap);
		if (r >= 0)
			return r;
		if (sw->ncand == 0 && sw->scans >= PBC_MIN_SCANS)
			pause_ms(sw, RESCAN_PAUSE_MS, deadline);
	}
	return STA_WIFI_TIMEOUT;
}
