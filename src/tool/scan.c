/*
 * `wsc scan -i IFACE [--json]`: the WPS view of the air. Active scans on
 * every channel with a WPS Probe Request; for each AP with a WPS element:
 * BSSID, channel, signal, SSID, WPS version, configured or not, AP Setup
 * Locked, Selected Registrar and its mode (PBC or PIN), the device's
 * name, manufacturer and model. Warns of a PBC session overlap.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"
#include "util.h"
#include "wifi.h"

#define MAX_BSS 64
#define SCAN_TIMEOUT_MS 15000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wsc scan -i IFACE [--json] [--scans N]\n"
		"\n"
		"  -i IFACE     a wireless interface (nl80211, station mode, up)\n"
		"  --json       one JSON object: {\"aps\":[...],\"pbc_overlap\":BOOL}\n"
		"  --scans N    full scans to merge, 1..10 (default 2: an AP whose\n"
		"               answer one scan missed is still listed)\n");
}

static const char *sr_mode(const wsc_ie *w)
{
	if (!w->selected_registrar)
		return NULL;
	return w->dev_pw_id == WSC_PW_PUSHBUTTON ? "PBC" : "PIN";
}

static void version(const wsc_ie *w, char out[8])
{
	if (w->version2)
		snprintf(out, 8, "%u.%u", w->version2 >> 4, w->version2 & 15);
	else
		snprintf(out, 8, "1.0");
}

/* Add or update (the newer scan wins) b in the merged list. */
static void merge(struct wifi_bss *all, size_t *n, const struct wifi_bss *b)
{
	for (size_t i = 0; i < *n; i++)
		if (!memcmp(all[i].b.bssid, b->b.bssid, 6)) {
			all[i] = *b;
			return;
		}
	if (*n < MAX_BSS)
		all[(*n)++] = *b;
}

static void json_field(const char *key, const char *val, bool comma)
{
	printf("%s\"%s\":", comma ? "," : "", key);
	json_str(stdout, (const uint8_t *)val, strlen(val));
}

static void print_json(const struct wifi_bss *all, size_t n, bool overlap)
{
	printf("{\"aps\":[");
	for (size_t i = 0, k = 0; i < n; i++) {
		const wsc_ie *w = &all[i].b.wps;
		char mac[18], ver[8], uuid[37];
		const char *mode = sr_mode(w);
		if (!all[i].b.has_wps)
			continue;
		mac_format(all[i].b.bssid, mac);
		version(w, ver);
		printf("%s{", k++ ? "," : "");
		json_field("bssid", mac, false);
		printf(",\"channel\":%d,\"freq\":%u,\"signal_dbm\":%d,\"ssid\":",
		       all[i].channel, all[i].freq, all[i].b.signal_mbm / 100);
		json_str(stdout, all[i].ssid, all[i].ssid_len);
		json_field("wps_version", ver, true);
		printf(",\"configured\":%s,\"locked\":%s,\"selected_registrar\":%s,"
		       "\"mode\":", w->wps_state == 2 ? "true" : "false",
		       w->ap_setup_locked ? "true" : "false",
		       w->selected_registrar ? "true" : "false");
		if (mode)
			printf("\"%s\"", mode);
		else
			printf("null");
		printf(",\"authorized_macs\":[");
		for (size_t m = 0; m < w->n_authorized; m++) {
			mac_format(w->authorized_macs[m], mac);
			printf("%s\"%s\"", m ? "," : "", mac);
		}
		printf("]");
		json_field("device_name", w->device_name, true);
		json_field("manufacturer", w->manufacturer, true);
		json_field("model_name", w->model_name, true);
		json_field("model_number", w->model_number, true);
		if (w->has_uuid) {
			wsc_uuid_format(w->uuid, uuid);
			json_field("uuid", uuid, true);
		}
		printf("}");
	}
	printf("],\"pbc_overlap\":%s}\n", overlap ? "true" : "false");
}

static void print_text(const struct wifi_bss *all, size_t n, bool overlap)
{
	size_t shown = 0;

	printf("%-17s  %3s  %4s  %3s  %-12s  %-6s  %-9s  %-20s  %s\n", "BSSID",
	       "CH", "DBM", "WPS", "STATE", "LOCKED", "REGISTRAR", "SSID",
	       "DEVICE / MANUFACTURER / MODEL");
	for (size_t i = 0; i < n; i++) {
		const wsc_ie *w = &all[i].b.wps;
		char mac[18], ver[8], ssid[140];
		const char *mode = sr_mode(w);
		if (!all[i].b.has_wps)
			continue;
		mac_format(all[i].b.bssid, mac);
		version(w, ver);
		ssid_print(all[i].ssid, all[i].ssid_len, ssid, sizeof(ssid));
		printf("%-17s  %3d  %4d  %3s  %-12s  %-6s  %-9s  %-20s  %s / %s / "
		       "%s%s%s\n", mac, all[i].channel, all[i].b.signal_mbm / 100,
		       ver, w->wps_state == 2 ? "configured" : "unconfigured",
		       w->ap_setup_locked ? "yes" : "no", mode ? mode : "-", ssid,
		       w->device_name[0] ? w->device_name : "-",
		       w->manufacturer[0] ? w->manufacturer : "-",
		       w->model_name[0] ? w->model_name : "-",
		       w->model_number[0] ? " " : "", w->model_number);
		shown++;
	}
	if (!shown)
		printf("(no WPS AP heard)\n");
	if (overlap)
		printf("warning: PBC session overlap: more than one registrar "
		       "in push-button mode; a push-button enrollee would stop\n");
}

int cmd_scan(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "scans", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };
	static struct wifi_bss got[MAX_BSS], all[MAX_BSS];
	const char *ifname = NULL;
	bool json = false;
	long scans = 2;
	char err[512], *end;
	int opt, rc = 0;
	struct wifi *w;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:h", lo, NULL)) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'j': json = true; break;
		case 'n':
			scans = strtol(optarg, &end, 10);
			if (!*optarg || *end || scans < 1 || scans > 10) {
				fprintf(stderr, "wsc scan: --scans must be 1..10\n");
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!ifname || optind != argc) {
		fprintf(stderr, "wsc scan: %s\n", ifname ? "unexpected argument" :
							   "-i IFACE is required");
		usage(stderr);
		return 2;
	}
	if (wifi_open(&w, ifname, err, sizeof(err))) {
		fprintf(stderr, "wsc scan: %s\n", err);
		return 1;
	}

	/* an enrollee asking for information only (request type 0) */
	wsc_device dev;
	uint8_t ie[512];
	size_t ie_len = 0, n = 0;
	wsc_device_defaults(&dev, false, (const uint8_t[6]){ 0 });
	wsc_ie req = { .kind = WSC_MSG_PROBE_REQ, .rf_bands = 1,
		       .config_methods = dev.config_methods,
		       .dev_pw_id = WSC_PW_DEFAULT };
	memcpy(req.uuid, dev.uuid, WSC_UUID_LEN);
	if (wsc_ie_build(&req, &dev, ie, sizeof(ie), &ie_len))
		ie_len = 0;

	wsc_pbc_monitor mon;
	wsc_scan_bss sel[MAX_BSS];
	size_t overlap = 0;
	wsc_pbc_monitor_init(&mon);
	for (long k = 0; k < scans; k++) {
		int got_n = wifi_scan(w, ie, ie_len, got, MAX_BSS,
				      SCAN_TIMEOUT_MS, err, sizeof(err));
		if (got_n < 0) {
			fprintf(stderr, "wsc scan: %s\n", err);
			rc = 1;
			break;
		}
		size_t ns = 0;
		for (int i = 0; i < got_n; i++) {
			merge(all, &n, &got[i]);
			sel[ns++] = got[i].b;
		}
		overlap = wsc_pbc_monitor_note(&mon, sel, ns, now_ms());
	}
	wifi_close(w);
	if (rc)
		return rc;
	if (json)
		print_json(all, n, overlap > 1);
	else
		print_text(all, n, overlap > 1);
	return 0;
}
