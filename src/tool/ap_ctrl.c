/*
 * `wsc ap` control commands, with hostapd_cli's names and arguments and
 * hostapd's replies, byte for byte: a bad command or argument gets
 * hostapd's bare "FAIL" (its reason goes to the log) and changes nothing,
 * an unknown one "UNKNOWN COMMAND".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>


#include "ap.h"
#include "util.h"

#define MAX_ARGS 8

static size_t out(char *reply, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static size_t out(char *reply, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(reply, cap, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

static bool parse_ms(const char *s, uint64_t *ms)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || v > 86400)
		return false;
	*ms = (uint64_t)v * 1000;
	return true;
}

static size_t c_wps_pin(struct ap *ap, int argc, char **argv, char *r,
			size_t cap)
{
	uint64_t t = 0;

	if (argc < 3 || argc > 5)
		return out(r, cap, "FAIL usage: wps_pin <uuid|any> <pin> "
				   "[timeout] [addr]\n");
	if (argc >= 4 && !parse_ms(argv[3], &t))
		return out(r, cap, "FAIL bad timeout\n");
	uint8_t uuid[16], mac[6];
	bool any = !strcmp(argv[1], "any");
	bool bind_mac = argc == 5 && strcmp(argv[4], "any");
	if (!any && wsc_uuid_parse(argv[1], uuid))
		return out(r, cap, "FAIL bad uuid (use 'any' or a UUID)\n");
	if (bind_mac && mac_parse(argv[4], mac))
		return out(r, cap, "FAIL bad address\n");
	int e = wsc_ap_add_pin(ap->w, argv[2], any ? NULL : uuid,
			       bind_mac ? mac : NULL, (uint32_t)t, now_ms());
	if (e == WSC_ERR_BAD_PIN)
		return out(r, cap, "FAIL bad PIN (4 or 8 digits, not the "
				   "push-button 00000000)\n");
	if (e < 0)
		return out(r, cap, "FAIL %s\n", wsc_strerror(e));
	if (strlen(argv[2]) == 8 && wsc_pin_valid(argv[2]))
		fprintf(stderr, "wsc ap: warning: wps_pin: the PIN's check digit "
			"is wrong (accepted, as hostapd accepts it)\n");
	return out(r, cap, "OK\n");
}

static size_t c_check_pin(int argc, char **argv, char *r, size_t cap)
{
	char pin[16];
	size_t n = 0;

	if (argc != 2)
		return out(r, cap, "FAIL usage: wps_check_pin <pin>\n");
	/* like hostapd: spaces and dashes are separators */
	for (const char *p = argv[1]; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		if (*p < '0' || *p > '9' || n >= 8)
			return out(r, cap, "FAIL\n");
		pin[n++] = *p;
	}
	pin[n] = '\0';
	if (n != 4 && n != 8)
		return out(r, cap, "FAIL\n");
	if (wsc_pin_valid(pin))
		return out(r, cap, "FAIL-CHECKSUM\n");
	return out(r, cap, "%s", pin); /* hostapd: no newline */
}

static size_t c_ap_pin(struct ap *ap, int argc, char **argv, char *r,
		       size_t cap)
{
	uint64_t t = 0;
	char pin[9];

	if (argc < 2)
		return out(r, cap, "FAIL usage: wps_ap_pin disable|random "
				   "[timeout]|get|set <pin> [timeout]\n");
	if (!strcmp(argv[1], "get") && argc == 2) {
		if (wsc_ap_get_ap_pin(ap->w, pin))
			return out(r, cap, "FAIL\n");
		size_t n = out(r, cap, "%s", pin);
		wsc_wipe(pin, sizeof(pin));
		return n;
	}
	if (!strcmp(argv[1], "disable") && argc == 2) {
		/* hostapd: no event (its timeout has one) */
		wsc_ap_set_ap_pin(ap->w, NULL, 0, now_ms());
		return out(r, cap, "OK\n");
	}
	if (!strcmp(argv[1], "random") && argc <= 3) {
		if (argc == 3 && !parse_ms(argv[2], &t))
			return out(r, cap, "FAIL bad timeout\n");
		if (wsc_pin_generate(&ap->env, pin))
			return out(r, cap, "FAIL random source\n");
	} else if (!strcmp(argv[1], "set") && (argc == 3 || argc == 4)) {
		if (wsc_pin_valid(argv[2]) || !strcmp(argv[2], "00000000"))
			return out(r, cap, "FAIL bad PIN\n");
		if (argc == 4 && !parse_ms(argv[3], &t))
			return out(r, cap, "FAIL bad timeout\n");
		snprintf(pin, sizeof(pin), "%s", argv[2]);
	} else {
		return out(r, cap, "FAIL unknown wps_ap_pin argument\n");
	}
	/* a new AP PIN is the operator's act that lifts a lockout
	 * (hostapd: no event but the unlock's) */
	if (wsc_ap_set_ap_pin(ap->w, pin, (uint32_t)t, now_ms())) {
		wsc_wipe(pin, sizeof(pin));
		return out(r, cap, "FAIL bad PIN\n");
	}
	size_t n = out(r, cap, "%s", pin);
	wsc_wipe(pin, sizeof(pin));
	return n;
}

static int auth_from(const char *s, uint16_t *v)
{
	static const struct { const char *n; uint16_t v; } t[] = {
		{ "OPEN", WSC_AUTH_OPEN }, { "WPAPSK", WSC_AUTH_WPAPSK },
		{ "WPA2PSK", WSC_AUTH_WPA2PSK } };
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(s, t[i].n))
			return *v = t[i].v, 0;
	return -1;
}

static int encr_from(const char *s, uint16_t *v)
{
	static const struct { const char *n; uint16_t v; } t[] = {
		{ "NONE", WSC_ENCR_NONE }, { "TKIP", WSC_ENCR_TKIP },
		{ "CCMP", WSC_ENCR_AES } };
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(s, t[i].n))
			return *v = t[i].v, 0;
	return -1;
}

static size_t c_config(struct ap *ap, int argc, char **argv, char *r,
		       size_t cap)
{
	wsc_cred c = { 0 };
	size_t n;

	if (argc != 4 && argc != 5)
		return out(r, cap, "FAIL usage: wps_config <ssid_hex> <auth> "
				   "<encr> [key_hex]\n");
	if (wsc_hex_decode(argv[1], strlen(argv[1]), c.ssid, 32, &n) || !n)
		return out(r, cap, "FAIL bad SSID\n");
	c.ssid_len = (uint8_t)n;
	if (auth_from(argv[2], &c.auth_type))
		return out(r, cap, "FAIL bad auth (OPEN, WPAPSK, WPA2PSK)\n");
	if (encr_from(argv[3], &c.encr_type))
		return out(r, cap, "FAIL bad encr (NONE, TKIP, CCMP)\n");
	if (argc == 5) {
		if (wsc_hex_decode(argv[4], strlen(argv[4]), c.key, 64, &n))
			return out(r, cap, "FAIL bad key\n");
		c.key_len = (uint8_t)n;
	}
	int e = wsc_ap_set_settings(ap->w, &c);
	wsc_wipe(&c, sizeof(c));
	if (e)
		return out(r, cap, "FAIL settings not allowed by WSC 2.0\n");
	return out(r, cap, "OK\n");
}

static size_t c_get_status(struct ap *ap, char *r, size_t cap)
{
	static const char *const pbc[] = { "Disabled", "Active", "Timed-out",
					   "Overlap" };
	char mac[18];
	wsc_ap_status st;
	wsc_ap_status_get(ap->w, &st);
	size_t n = out(r, cap, "PBC Status: %s\nLast WPS result: %s\n",
		       pbc[st.pbc], st.last_result > 0 ? "Success" :
		       st.last_result < 0 ? "Failed" : "None");
	if (st.last_result) {
		mac_format(st.last_peer, mac);
		n += out(r + n, cap - n, "Peer Address: %s\n", mac);
	}
	return n;
}

/* The radio's phy name, as hostapd's STATUS shows it ("" off Wi-Fi). */
static void phy_name(const char *ifname, char out[32])
{
	char path[128];
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/sys/class/net/%s/phy80211/name", ifname);
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(out, 32, f))
			out[strcspn(out, "\n")] = '\0';
		fclose(f);
	}
}

static int chan_freq(int ch)
{
	return ch == 14 ? 2484 : ch >= 1 && ch <= 13 ? 2407 + 5 * ch :
	       ch >= 32 && ch <= 177 ? 5000 + 5 * ch : 0;
}

/* STATUS: hostapd's lines in hostapd's order (the radio's from the file;
 * wsc ap does not run the radio), then wsc ap's WPS state, which hostapd
 * keeps elsewhere */
static size_t c_status(struct ap *ap, char *r, size_t cap)
{
	char mac[18], ssid[140], phy[32];
	const struct ap_conf *f = &ap->conf;
	const wsc_cred *c = ap->configured ? &f->cred : NULL;
	wsc_ap_status st;

	wsc_ap_status_get(ap->w, &st);
	mac_format(ap->sock.mac, mac);
	ssid_print(c ? c->ssid : f->cred.ssid,
		   c ? c->ssid_len : f->cred.ssid_len, ssid, sizeof(ssid));
	phy_name(ap->ifname, phy);
	return out(r, cap,
		   "state=ENABLED\nphy=%s\nfreq=%d\nnum_sta_non_erp=0\n"
		   "num_sta_no_short_slot_time=0\nnum_sta_no_short_preamble=0\n"
		   "olbc=0\nnum_sta_ht_no_gf=0\nnum_sta_no_ht=0\n"
		   "num_sta_ht_20_mhz=0\nnum_sta_ht40_intolerant=0\nolbc_ht=0\n"
		   "ht_op_mode=0x0\ncac_time_seconds=0\n"
		   "cac_time_left_seconds=N/A\nchannel=%d\nedmg_enable=0\n"
		   "edmg_channel=0\nsecondary_channel=0\nieee80211n=%d\n"
		   "ieee80211ac=%d\nieee80211ax=%d\nbeacon_int=%d\n"
		   "dtim_period=%d\nbss[0]=%s\nbssid[0]=%s\nssid[0]=%s\n"
		   "num_sta[0]=%d\n"
		   "ifname=%s\nwps_state=%s\nap_setup_locked=%d\nap_pin=%s\n",
		   phy, chan_freq(f->channel), f->channel, f->ieee80211n,
		   f->ieee80211ac, f->ieee80211ax, f->beacon_int, f->dtim_period,
		   ap->ifname, mac, ssid, (int)st.stations, ap->ifname,
		   st.configured ? "configured" : "not configured",
		   st.setup_locked, st.ap_pin_enabled ? "enabled" : "disabled");
}

/* hostapd's cipher list words, in its order */
static const char *cipher_words(uint16_t e)
{
	return e == (WSC_ENCR_AES | WSC_ENCR_TKIP) ? "CCMP TKIP" :
	       e & WSC_ENCR_AES ? "CCMP" : e & WSC_ENCR_TKIP ? "TKIP" : "NONE";
}

/* MIB as hostapd answers it on a port where it runs no radio and no
 * RADIUS client: its RSN authenticator's values (the file's, and zero
 * counters: wsc ap runs no 4-way handshake) */
static size_t c_mib(struct ap *ap, char *r, size_t cap)
{
	const wsc_cred *c = &ap->conf.cred;
	const unsigned *m = ap->conf.rsn_mib;
	static const char none[] = "00-00-00-0";
	size_t n;

	if (c->auth_type == WSC_AUTH_OPEN)
		return out(r, cap, "%s", "");
	n = out(r, cap,
		"dot11RSNAOptionImplemented=TRUE\n"
		"dot11RSNAPreauthenticationImplemented=TRUE\n"
		"dot11RSNAEnabled=%s\n"
		"dot11RSNAPreauthenticationEnabled=%s\n"
		"dot11RSNAConfigVersion=1\n"
		"dot11RSNAConfigPairwiseKeysSupported=9999\n"
		"dot11RSNAConfigGroupRekeyStrict=%u\n"
		"dot11RSNAConfigGroupUpdateCount=%u\n"
		"dot11RSNAConfigPairwiseUpdateCount=%u\n"
		"dot11RSNAConfigGroupCipherSize=%u\n"
		"dot11RSNAConfigPMKLifetime=%u\n"
		"dot11RSNAConfigPMKReauthThreshold=%u\n"
		"dot11RSNAConfigNumberOfPTKSAReplayCounters=0\n"
		"dot11RSNAConfigSATimeout=%u\n",
		c->auth_type & WSC_AUTH_WPA2PSK ? "TRUE" : "FALSE",
		m[0] ? "TRUE" : "FALSE", m[1], m[2], m[3],
		c->encr_type & WSC_ENCR_TKIP ? 256 : 128, m[4], m[5], m[6]);
	n += out(r + n, cap - n,
		 "dot11RSNAAuthenticationSuiteSelected=%s\n"
		 "dot11RSNAPairwiseCipherSelected=%s\n"
		 "dot11RSNAGroupCipherSelected=%s\n"
		 "dot11RSNAPMKIDUsed=00000000000000000000000000000000\n"
		 "dot11RSNAAuthenticationSuiteRequested=%s\n"
		 "dot11RSNAPairwiseCipherRequested=%s\n"
		 "dot11RSNAGroupCipherRequested=%s\n"
		 "dot11RSNATKIPCounterMeasuresInvoked=0\n"
		 "dot11RSNA4WayHandshakeFailures=0\n"
		 "dot11RSNAConfigNumberOfGTKSAReplayCounters=0\n"
		 "hostapdWPAGroupState=2\n",
		 none, none, none, none, none, none);
	return n;
}

/* GET_CONFIG as hostapd answers it (the socket is root's: the
 * passphrase and PSK are in it, as in hostapd) */
static size_t c_get_config(struct ap *ap, char *r, size_t cap)
{
	const wsc_cred *c = &ap->conf.cred;
	char mac[18], ssid[140];
	size_t n;

	mac_format(ap->sock.mac, mac);
	ssid_print(c->ssid, c->ssid_len, ssid, sizeof(ssid));
	n = out(r, cap, "bssid=%s\nssid=%s\nwps_state=%s\n", mac, ssid,
		ap->conf.wps_state == 0 ? "disabled" :
		ap->configured ? "configured" : "not configured");
	if (c->auth_type == WSC_AUTH_OPEN)
		return n;
	if (c->key_len && c->key_len < 64)
		n += out(r + n, cap - n, "passphrase=%.*s\n", c->key_len,
			 (const char *)c->key);
	uint8_t psk[32];
	char hex[65] = "";
	if (!wsc_cred_pmk(NULL, c, psk))
		wsc_hex_encode(psk, sizeof(psk), hex);
	if (hex[0])
		n += out(r + n, cap - n, "psk=%s\n", hex);
	wsc_wipe(psk, sizeof(psk));
	wsc_wipe(hex, sizeof(hex));
	int wpa = (c->auth_type & WSC_AUTH_WPA2PSK ? 2 : 0) |
		  (c->auth_type & WSC_AUTH_WPAPSK ? 1 : 0);
	n += out(r + n, cap - n, "wpa=%d\nkey_mgmt=WPA-PSK\ngroup_cipher=%s\n",
		 wpa, c->encr_type & WSC_ENCR_TKIP ? "TKIP" : "CCMP");
	if (wpa & 2)
		n += out(r + n, cap - n, "rsn_pairwise_cipher=%s\n",
			 cipher_words(c->encr_type));
	if (wpa & 1)
		n += out(r + n, cap - n, "wpa_pairwise_cipher=%s\n",
			 cipher_words(c->encr_type));
	return n;
}

static size_t c_log_level(struct ap *ap, int argc, char **argv, char *r,
			  size_t cap)
{
	static const char *const names[] = { "ERROR", "INFO", "DEBUG" };

	if (argc == 1)
		return out(r, cap, "Current level: %s\nTimestamp: 0\n",
			   names[ap->log_level]);
	for (int i = 0; i < 3 && argc == 2; i++)
		if (!strcasecmp(argv[1], names[i])) {
			ap->log_level = i;
			ap->env.log_level = i;
			return out(r, cap, "OK\n");
		}
	return out(r, cap, "FAIL level must be ERROR, INFO or DEBUG\n");
}

static size_t dispatch(struct ap *ap, char *cmd, char *r, size_t cap)
{
	char *argv[MAX_ARGS + 1], *save = NULL, err[256];
	int argc = 0;

	for (char *t = strtok_r(cmd, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (argc == MAX_ARGS)
			return out(r, cap, "FAIL too many arguments\n");
		argv[argc++] = t;
	}
	if (!argc)
		return out(r, cap, "UNKNOWN COMMAND\n");
	/* hostapd's verbs are upper case; accept either */
	for (char *p = argv[0]; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	const char *v = argv[0];
	if (!strcmp(v, "PING"))
		return out(r, cap, "PONG\n");
	if (!strcmp(v, "WPS_PBC")) {
		if (argc != 1) /* hostapd knows WPS_PBC alone */
			return out(r, cap, "UNKNOWN COMMAND\n");
		/* hostapd: "PBC overlap - do not start PBC mode" */
		int e = wsc_ap_pbc(ap->w, now_ms());
		return out(r, cap, e == WSC_ERR_PBC_OVERLAP ?
			   "FAIL-PBC-OVERLAP\n" : e ? "FAIL\n" : "OK\n");
	}
	if (!strcmp(v, "WPS_PIN") && argc > 1)
		return c_wps_pin(ap, argc, argv, r, cap);
	if (!strcmp(v, "WPS_CANCEL")) {
		if (argc != 1)
			return out(r, cap, "UNKNOWN COMMAND\n");
		wsc_ap_cancel(ap->w, now_ms());
		return out(r, cap, "OK\n");
	}
	if (!strcmp(v, "WPS_CHECK_PIN"))
		return c_check_pin(argc, argv, r, cap);
	if (!strcmp(v, "WPS_AP_PIN"))
		return c_ap_pin(ap, argc, argv, r, cap);
	if (!strcmp(v, "WPS_CONFIG"))
		return c_config(ap, argc, argv, r, cap);
	if (!strcmp(v, "WPS_GET_STATUS") && argc == 1)
		return c_get_status(ap, r, cap);
	if (!strcmp(v, "STATUS") && argc == 1)
		return c_status(ap, r, cap);
	if (!strcmp(v, "MIB"))   /* hostapd: FAIL with an argument */
		return argc == 1 ? c_mib(ap, r, cap) : out(r, cap, "FAIL\n");
	if (!strcmp(v, "GET_CONFIG") && argc == 1)
		return c_get_config(ap, r, cap);
	if (!strcmp(v, "GET") && argc == 2 && !strcmp(argv[1], "version"))
		return out(r, cap, "%s", WSC_VERSION); /* hostapd: no newline */
	if (!strcmp(v, "LOG_LEVEL"))
		return c_log_level(ap, argc, argv, r, cap);
	if (!strcmp(v, "RELOAD") && argc == 1) {
		if (ap_reload(ap, err, sizeof(err)))
			return out(r, cap, "FAIL %s\n", err);
		return out(r, cap, "OK\n");
	}
	return out(r, cap, "UNKNOWN COMMAND\n");
}

size_t ap_ctrl_handle(void *ud, char *cmd, char *r, size_t cap)
{
	struct ap *ap = ud;
	char verb[32];

	snprintf(verb, sizeof(verb), "%.*s", (int)strcspn(cmd, " "), cmd);
	size_t n = dispatch(ap, cmd, r, cap);
	/* hostapd answers a refusal with a bare FAIL (FAIL-CHECKSUM and
	 * FAIL-PBC-OVERLAP are its words too); the reason goes to the log */
	if (n > 5 && !strncmp(r, "FAIL ", 5)) {
		r[n - 1] = '\0';
		if (ap->use_syslog)
			syslog(LOG_NOTICE, "%s: control %s: %s", ap->ifname, verb,
			       r + 5);
		else
			fprintf(stderr, "wsc ap: control %s: %s\n", verb, r + 5);
		n = out(r, cap, "FAIL\n");
	}
	return n;
}
