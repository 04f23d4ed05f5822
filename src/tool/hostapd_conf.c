#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostapd_conf.h"
#include "util.h"

/* hostapd keys that change what WPS hands out or how, which wsc ap does
 * not do (yet): refused unless they have hostapd's default value (NULL:
 * any value), never accepted and ignored */
static const struct {
	const char *key, *fine, *why;
} unsupported[] = {
	{ "skip_cred_build", "0", "credentials from extra_cred only are not "
				  "supported" },
	{ "extra_cred", NULL, "extra credentials are not supported" },
	{ "wps_cred_processing", "0", "handing received settings to an external "
				      "program is not supported" },
	{ "wps_cred_add_sae", "0", "SAE credentials are not supported" },
	{ "wps_pin_requests", NULL, "the PIN request log is not supported" },
	{ "pbc_in_m1", "0", "the push button in M1's methods (Windows 7 "
			    "workaround) is not supported" },
	{ "ap_settings", NULL, "an AP settings file is not supported" },
	{ "upnp_iface", NULL, "UPnP external registrars are not supported" },
	{ "wps_nfc_dev_pw_id", NULL, "NFC is not supported" },
	{ "wps_nfc_dh_pubkey", NULL, "NFC is not supported" },
	{ "wps_nfc_dh_privkey", NULL, "NFC is not supported" },
	{ "wps_nfc_dev_pw", NULL, "NFC is not supported" },
	{ "wps_application_ext", NULL, "vendor extensions are not supported" },
};

static int fail(char *err, size_t cap, const char *name, size_t line,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int fail(char *err, size_t cap, const char *name, size_t line,
		const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, cap, "%s:%zu: ", name, line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < cap)
		vsnprintf(err + n, cap - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool parse_uint(const char *v, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*v || *v == '-' || *v == '+')
		return false;
	errno = 0;
	*out = strtoul(v, &end, 10);
	return !errno && !*end && *out <= max;
}

static bool set_str(char *dst, size_t cap, const char *v)
{
	if (strlen(v) >= cap)
		return false;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20)
			return false;
	strcpy(dst, v);
	return true;
}

static bool parse_dev_type(const char *v, uint8_t out[8])
{
	unsigned cat, sub;
	char oui[9];
	size_t n;
	uint8_t o[4];

	if (sscanf(v, "%5u-%8[0-9A-Fa-f]-%5u", &cat, oui, &sub) != 3 ||
	    cat > 0xffff || sub > 0xffff || wsc_hex_decode(oui, strlen(oui), o, 4, &n) || n != 4)
		return false;
	out[0] = (uint8_t)(cat >> 8);
	out[1] = (uint8_t)cat;
	memcpy(out + 2, o, 4);
	out[6] = (uint8_t)(sub >> 8);
	out[7] = (uint8_t)sub;
	char check[32];
	snprintf(check, sizeof(check), "%u-%s-%u", cat, oui, sub);
	return strcmp(check, v) == 0;
}

static const struct { const char *name; uint16_t bits; } methods[] = {
	{ "usba", 0x0001 }, { "ethernet", 0x0002 }, { "label", 0x0004 },
	{ "display", 0x0008 }, { "ext_nfc_token", 0x0010 },
	{ "int_nfc_token", 0x0020 }, { "nfc_interface", 0x0040 },
	{ "push_button", 0x0080 }, { "keypad", 0x0100 },
	{ "virtual_push_button", 0x0280 }, { "physical_push_button", 0x0480 },
	{ "virtual_display", 0x2008 }, { "physical_display", 0x4008 },
	{ "p2ps", 0x1000 },
};

static bool parse_methods(const char *v, uint16_t *out)
{
	char buf[256], *save = NULL;

	if (strlen(v) >= sizeof(buf))
		return false;
	strcpy(buf, v);
	*out = 0;
	for (char *t = strtok_r(buf, " \t", &save); t;
	     t = strtok_r(NULL, " \t", &save)) {
		size_t i;
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			if (!strcmp(t, methods[i].name))
				break;
		if (i == sizeof(methods) / sizeof(methods[0]))
			return false;
		*out |= methods[i].bits;
	}
	return true;
}

/* ssid2: "quoted", P"printf-escaped" is not supported, or hex */
/* P"..." as hostapd reads it (printf escapes): \\ \" \n \r \t \e,
 * \xHH and \OOO. Returns the length, or -1. */
static int p_string_decode(const char *v, uint8_t *out, size_t cap)
{
	size_t n = 0;

	for (const char *p = v; *p; p++) {
		int b = (unsigned char)*p;
		if (*p == '\\') {
			p++;
			switch (*p) {
			case '\\': b = '\\'; break;
			case '"': b = '"'; break;
			case 'n': b = '\n'; break;
			case 'r': b = '\r'; break;
			case 't': b = '\t'; break;
			case 'e': b = 0x1b; break;
			case 'x': {
				int k = 0;
				b = 0;
				while (k < 2 && ((p[1] >= '0' && p[1] <= '9') ||
						 ((p[1] | 0x20) >= 'a' &&
						  (p[1] | 0x20) <= 'f'))) {
					p++;
					b = b * 16 + (*p <= '9' ? *p - '0' :
						      (*p | 0x20) - 'a' + 10);
					k++;
				}
				if (!k)
					return -1;
				break;
			}
			default:
				if (*p < '0' || *p > '7')
					return -1;
				b = *p - '0';
				for (int k = 0; k < 2 && p[1] >= '0' && p[1] <= '7'; k++)
					b = b * 8 + *++p - '0';
				if (b > 255)
					return -1;
			}
		}
		if (n == cap)
			return -1;
		out[n++] = (uint8_t)b;
	}
	return (int)n;
}

static bool parse_ssid2(const char *v, wsc_cred *c)
{
	size_t n = strlen(v), len;

	if (n >= 3 && v[0] == 'P' && v[1] == '"' && v[n - 1] == '"') {
		char body[256];
		if (n - 3 >= sizeof(body))
			return false;
		memcpy(body, v + 2, n - 3);
		body[n - 3] = '\0';
		int k = p_string_decode(body, c->ssid, 32);
		if (k <= 0)
			return false;
		c->ssid_len = (uint8_t)k;
		return true;
	}

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		if (n - 2 == 0 || n - 2 > 32)
			return false;
		memcpy(c->ssid, v + 1, n - 2);
		c->ssid_len = (uint8_t)(n - 2);
		return true;
	}
	if (wsc_hex_decode(v, strlen(v), c->ssid, 32, &len) || len == 0)
		return false;
	c->ssid_len = (uint8_t)len;
	return true;
}

static int apply(struct ap_conf *c, const char *name, size_t line,
		 const char *k, const char *v, int *wpa, char *keymgmt,
		 char *err, size_t cap)
{
	unsigned long u;
	size_t n;

	if (!strcmp(k, "interface")) {
		if (!set_str(c->interface, sizeof(c->interface), v) || !*v)
			return fail(err, cap, name, line, "bad interface name");
	} else if (!strcmp(k, "wps_state")) {
		if (!parse_uint(v, 2, &u))
			return fail(err, cap, name, line,
				    "wps_state must be 0, 1 or 2");
		c->wps_state = (int)u;
	} else if (!strcmp(k, "ssid")) {
		n = strlen(v);
		if (n == 0 || n > 32)
			return fail(err, cap, name, line,
				    "ssid must be 1 to 32 bytes");
		memcpy(c->cred.ssid, v, n);
		c->cred.ssid_len = (uint8_t)n;
		c->has_ssid = true;
	} else if (!strcmp(k, "ssid2")) {
		if (!parse_ssid2(v, &c->cred))
			return fail(err, cap, name, line, "bad ssid2");
		c->has_ssid = true;
	} else if (!strcmp(k, "wpa")) {
		if (!parse_uint(v, 3, &u))
			return fail(err, cap, name, line, "wpa must be 0..3");
		*wpa = (int)u;
	} else if (!strcmp(k, "wpa_key_mgmt")) {
		if (!set_str(keymgmt, 128, v))
			return fail(err, cap, name, line, "bad wpa_key_mgmt");
	} else if (!strcmp(k, "wpa_passphrase")) {
		n = strlen(v);
		if (n < 8 || n > 63)
			return fail(err, cap, name, line,
				    "wpa_passphrase must be 8 to 63 characters");
		memcpy(c->cred.key, v, n);
		c->cred.key_len = (uint8_t)n;
	} else if (!strcmp(k, "wpa_psk")) {
		uint8_t psk[32];
		if (strlen(v) != 64 || wsc_hex_decode(v, 64, psk, 32, &n))
			return fail(err, cap, name, line,
				    "wpa_psk must be 64 hex digits");
		memcpy(c->cred.key, v, 64);
		c->cred.key_len = 64;
	} else if (!strcmp(k, "wpa_psk_file")) {
		if (!set_str(c->wpa_psk_file, sizeof(c->wpa_psk_file), v) ||
		    !*v)
			return fail(err, cap, name, line, "bad wpa_psk_file");
		c->wpa_psk_file_line = line;
	} else if (!strcmp(k, "ap_pin")) {
		if (wsc_pin_valid(v))
			return fail(err, cap, name, line,
				    "ap_pin must be 4 digits or 8 with a valid "
				    "check digit");
		if (!strcmp(v, "00000000"))
			return fail(err, cap, name, line, "ap_pin 00000000 is "
				    "the push-button password: any registrar "
				    "could configure the AP");
		strcpy(c->ap_pin, v);
	} else if (!strcmp(k, "ap_setup_locked")) {
		if (!parse_uint(v, 1, &u))
			return fail(err, cap, name, line,
				    "ap_setup_locked must be 0 or 1");
		c->ap_setup_locked = u;
	} else if (!strcmp(k, "uuid")) {
		if (wsc_uuid_parse(v, c->uuid))
			return fail(err, cap, name, line, "bad uuid");
		c->has_uuid = true;
	} else if (!strcmp(k, "device_name")) {
		if (!set_str(c->device_name, sizeof(c->device_name), v))
			return fail(err, cap, name, line,
				    "device_name too long (32 bytes at most)");
	} else if (!strcmp(k, "manufacturer")) {
		if (!set_str(c->manufacturer, sizeof(c->manufacturer), v))
			return fail(err, cap, name, line,
				    "manufacturer too long (64 bytes at most)");
	} else if (!strcmp(k, "model_name")) {
		if (!set_str(c->model_name, sizeof(c->model_name), v))
			return fail(err, cap, name, line, "model_name too long");
	} else if (!strcmp(k, "model_number")) {
		if (!set_str(c->model_number, sizeof(c->model_number), v))
			return fail(err, cap, name, line,
				    "model_number too long");
	} else if (!strcmp(k, "serial_number")) {
		if (!set_str(c->serial_number, sizeof(c->serial_number), v))
			return fail(err, cap, name, line,
				    "serial_number too long");
	} else if (!strcmp(k, "device_type")) {
		if (!parse_dev_type(v, c->device_type))
			return fail(err, cap, name, line,
				    "device_type must look like 6-0050F204-1");
		c->has_device_type = true;
	} else if (!strcmp(k, "os_version")) {
		char *end;
		errno = 0;
		unsigned long x = strtoul(v, &end, 16);
		if (strlen(v) != 8 || *end || errno || x > 0xffffffffUL)
			return fail(err, cap, name, line,
				    "os_version must be 8 hex digits");
		c->os_version = (uint32_t)x;
		c->has_os_version = true;
	} else if (!strcmp(k, "config_methods")) {
		if (!parse_methods(v, &c->config_methods))
			return fail(err, cap, name, line,
				    "unknown config method in '%s'", v);
		c->has_config_methods = true;
	} else if (!strcmp(k, "fragment_size")) {
		if (!parse_uint(v, 1400, &u) || u < 50)
			return fail(err, cap, name, line,
				    "fragment_size must be 50..1400");
		c->fragment_size = u;
	} else if (!strcmp(k, "channel") || !strcmp(k, "beacon_int") ||
		   !strcmp(k, "dtim_period")) {
		/* hostapd's own checks of these are its business; a number
		 * is what STATUS shows (channel=acs_survey reads as 0) */
		int *dst = k[0] == 'c' ? &c->channel : k[0] == 'b' ?
			   &c->beacon_int : &c->dtim_period;
		*dst = parse_uint(v, 65535, &u) ? (int)u : 0;
	} else if (!strcmp(k, "rsn_preauth") ||
		   !strcmp(k, "wpa_strict_rekey") ||
		   !strcmp(k, "wpa_group_update_count") ||
		   !strcmp(k, "wpa_pairwise_update_count") ||
		   !strcmp(k, "dot11RSNAConfigPMKLifetime") ||
		   !strcmp(k, "dot11RSNAConfigPMKReauthThreshold") ||
		   !strcmp(k, "dot11RSNAConfigSATimeout")) {
		/* the RSN values MIB reports (hostapd's authenticator runs
		 * the 4-way handshake with them) */
		static const char *const keys[] = {
			"rsn_preauth", "wpa_strict_rekey",
			"wpa_group_update_count", "wpa_pairwise_update_count",
			"dot11RSNAConfigPMKLifetime",
			"dot11RSNAConfigPMKReauthThreshold",
			"dot11RSNAConfigSATimeout",
		};
		size_t i = 0;
		while (strcmp(k, keys[i]))
			i++;
		if (!parse_uint(v, 0xffffffffu, &u))
			return fail(err, cap, name, line, "%s must be a number",
				    k);
		c->rsn_mib[i] = (unsigned)u;
	} else if (!strcmp(k, "ieee80211n") || !strcmp(k, "ieee80211ac") ||
		   !strcmp(k, "ieee80211ax")) {
		bool on = !strcmp(v, "1");
		if (!strcmp(k, "ieee80211n"))
			c->ieee80211n = on;
		else if (!strcmp(k, "ieee80211ac"))
			c->ieee80211ac = on;
		else
			c->ieee80211ax = on;
	} else if (!strcmp(k, "wps_independent")) {
		if (!parse_uint(v, 1, &u))
			return fail(err, cap, name, line,
				    "wps_independent must be 0 or 1");
		c->wps_independent = u == 1;
	} else if (!strcmp(k, "wps_rf_bands")) {
		/* hostapd's values */
		if (!strcmp(v, "a"))
			c->rf_bands = 2;
		else if (!strcmp(v, "g") || !strcmp(v, "b"))
			c->rf_bands = 1;
		else if (!strcmp(v, "ag") || !strcmp(v, "ga"))
			c->rf_bands = 3;
		else if (!strcmp(v, "ad"))
			c->rf_bands = 4;
		else
			return fail(err, cap, name, line,
				    "wps_rf_bands must be a, g, b, ag, ga or ad");
	} else {
		for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]);
		     i++)
			if (!strcmp(k, unsupported[i].key) &&
			    (!unsupported[i].fine || strcmp(v, unsupported[i].fine)))
				return fail(err, cap, name, line, "%s: %s by wsc "
					    "ap; remove the line or run hostapd",
					    k, unsupported[i].why);
		/* as hostapd: a key it does not know stops it (a typo such
		 * as ap_setup_lockd=1, "key = value" with spaces) */
		if (!hostapd_key_known(k))
			return fail(err, cap, name, line,
				    "unknown configuration item '%s'", k);
	}
	if (!strcmp(k, "ctrl_interface") &&
	    !set_str(c->ctrl_interface, sizeof(c->ctrl_interface), v))
		return fail(err, cap, name, line, "ctrl_interface too long");
	if (!strcmp(k, "eap_server"))
		c->eap_server = !strcmp(v, "1");
	return 0;
}

/* One BSS section as it is read: its own settings (hostapd starts each
 * bss= section from the defaults, with the driver and the control
 * interface of the one before). */
struct section {
	struct ap_conf conf;
	char keymgmt[128], rsnpw[128], wpapw[128];
	int wpa, ibs;
	size_t wpa_line, wps_line, rsnpw_line, wpapw_line, wep_line, ibs_line;
};

/* A pairwise cipher list as hostapd reads it: CCMP (or GCMP, which WPS
 * calls AES too) and TKIP. 0 if a name is unknown. */
static uint16_t ciphers(const char *v)
{
	char buf[128];
	uint16_t e = 0;

	snprintf(buf, sizeof(buf), "%s", v);
	for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
		if (!strcmp(t, "CCMP") || !strcmp(t, "GCMP") ||
		    !strcmp(t, "CCMP-256") || !strcmp(t, "GCMP-256"))
			e |= WSC_ENCR_AES;
		else if (!strcmp(t, "TKIP"))
			e |= WSC_ENCR_TKIP;
		else
			return 0;
	}
	return e;
}

static int finish(struct section *sec, const char *name, size_t line,
		  char *err, size_t cap)
{
	struct ap_conf *c = &sec->conf;
	int wpa = sec->wpa;

	/* hostapd: wpa_pairwise defaults to TKIP, rsn_pairwise to
	 * wpa_pairwise */
	uint16_t wpa_pw = sec->wpapw_line ? ciphers(sec->wpapw) : WSC_ENCR_TKIP;
	uint16_t rsn_pw = sec->rsnpw_line ? ciphers(sec->rsnpw) : wpa_pw;
	if (!wpa_pw || !rsn_pw)
		return fail(err, cap, name,
			    !wpa_pw ? sec->wpapw_line : sec->rsnpw_line,
			    "unknown cipher in %s",
			    !wpa_pw ? "wpa_pairwise" : "rsn_pairwise");
	/* what makes hostapd turn WPS off, in its order */
	if (sec->ibs_line && sec->ibs) {
		c->wps_off = "ignore_broadcast_ssid (a hidden SSID)";
		c->wps_off_line = sec->ibs_line;
	} else if (wpa == 0 && sec->wep_line) {
		c->wps_off = "WEP (WSC 2.0 forbids it)";
		c->wps_off_line = sec->wep_line;
	} else if (wpa && (!(wpa & 2) || !(rsn_pw & WSC_ENCR_AES))) {
		c->wps_off = "WPA/TKIP without WPA2/CCMP (WSC 2.0 forbids "
			     "TKIP alone; hostapd's rsn_pairwise defaults to "
			     "wpa_pairwise, which defaults to TKIP)";
		c->wps_off_line = line;
	}
	if (wpa == 0 && *c->wpa_psk_file)
		return fail(err, cap, name, c->wpa_psk_file_line,
			    "wpa_psk_file on an open network (wpa=0): no PSK "
			    "to hand out");
	if (wpa == 0) {
		c->cred.auth_type = WSC_AUTH_OPEN;
		c->cred.encr_type = WSC_ENCR_NONE;
		c->cred.key_len = 0;
		return 0;
	}
	if (*sec->keymgmt && !strstr(sec->keymgmt, "WPA-PSK") &&
	    !strstr(sec->keymgmt, "SAE"))
		return fail(err, cap, name, line,
			    "WPS needs wpa_key_mgmt=WPA-PSK");
	c->cred.auth_type = (uint16_t)((wpa & 2 ? WSC_AUTH_WPA2PSK : 0) |
				       (wpa & 1 ? WSC_AUTH_WPAPSK : 0));
	c->cred.encr_type = (uint16_t)((wpa & 2 ? rsn_pw : 0) |
				       (wpa & 1 ? wpa_pw : 0));
	if (c->wps_state == 2 && c->cred.key_len == 0 && !*c->wpa_psk_file)
		return fail(err, cap, name, line,
			    "wps_state=2 with wpa needs wpa_passphrase, "
			    "wpa_psk or wpa_psk_file");
	if (c->wps_state == 1 && *c->wpa_psk_file)
		return fail(err, cap, name, c->wpa_psk_file_line,
			    "wpa_psk_file with wps_state=1: an unconfigured AP "
			    "invents one passphrase for all; per-device PSKs "
			    "need wps_state=2");
	return 0;
}

static void section_start(struct section *sec, const struct ap_conf *prev)
{
	memset(sec, 0, sizeof(*sec));
	sec->conf.beacon_int = 100; /* hostapd's defaults */
	{
		static const unsigned rsn_defaults[7] = { 0, 0, 4, 4, 43200,
							  70, 60 };
		memcpy(sec->conf.rsn_mib, rsn_defaults, sizeof(rsn_defaults));
	}
	sec->conf.dtim_period = 2;
	if (prev) {
		memcpy(sec->conf.ctrl_interface, prev->ctrl_interface,
		       sizeof(sec->conf.ctrl_interface));
		/* the radio's keys are the radio's, whichever section */
		sec->conf.channel = prev->channel;
		sec->conf.ieee80211n = prev->ieee80211n;
		sec->conf.ieee80211ac = prev->ieee80211ac;
		sec->conf.ieee80211ax = prev->ieee80211ax;
	}
}

/* The section ends at line `line`: check it whole; keep it when it is the
 * one asked for. */
static int section_end(struct section *sec, struct ap_conf *c, bool chosen,
		       size_t first, size_t end, const char *name, char *err,
		       size_t cap)
{
	/* a fault of the whole section is named at its wpa= line (or
	 * wps_state=, or where the section begins) */
	size_t line = sec->wpa_line ? sec->wpa_line :
		      sec->wps_line ? sec->wps_line : first + 1;

	if (finish(sec, name, line, err, cap))
		return -1;
	if (chosen) {
		char **lines = c->lines;
		size_t nlines = c->nlines;
		*c = sec->conf;
		c->lines = lines;
		c->nlines = nlines;
		c->sec_first = first;
		c->sec_end = end;
	}
	return 0;
}

/* The keys a section's check needs besides apply()'s: where they are,
 * and the two pairwise lists kept apart as hostapd keeps them. Returns
 * nonzero for a malformed value. */
static int note(struct section *sec, const char *k, const char *v, size_t line)
{
	unsigned long u;

	if (!strcmp(k, "wpa"))
		sec->wpa_line = line;
	else if (!strcmp(k, "wps_state"))
		sec->wps_line = line;
	else if (!strcmp(k, "rsn_pairwise")) {
		sec->rsnpw_line = line;
		return !set_str(sec->rsnpw, sizeof(sec->rsnpw), v) || !ciphers(v);
	} else if (!strcmp(k, "wpa_pairwise")) {
		sec->wpapw_line = line;
		return !set_str(sec->wpapw, sizeof(sec->wpapw), v) || !ciphers(v);
	} else if (!strcmp(k, "ignore_broadcast_ssid")) {
		sec->ibs_line = line;
		if (!parse_uint(v, 2, &u))
			return 1;
		sec->ibs = (int)u;
	} else if (!strncmp(k, "wep_key", 7) && k[7] >= '0' && k[7] <= '3' &&
		   !k[8] && *v) {
		sec->wep_line = line;
	}
	return 0;
}

/* A section that ended: the other BSSes whose WPS hostapd would run
 * together with the chosen one (neither says wps_independent=1) */
static void note_shared(const struct section *sec, bool chosen, char *shared,
			size_t cap, size_t *chosen_line)
{
	size_t k = strlen(shared);

	if (chosen)
		*chosen_line = sec->wps_line;
	else if (sec->conf.wps_state && !sec->conf.wps_independent)
		snprintf(shared + k, cap - k, "%s'%s'", k ? ", " : "",
			 sec->conf.interface);
}

int ap_conf_parse_bss(const char *text, const char *name, const char *bss,
		      struct ap_conf *c, char *err, size_t cap)
{
	static struct section sec; /* large; the parser is not re-entered */
	char names[512] = "", shared[512] = "";
	size_t line = 0, first = 0, nsec = 0, chosen_line = 0;
	bool chosen = false, found = false;
	const char *p = text;

	memset(c, 0, sizeof(*c));
	section_start(&sec, NULL);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char buf[1024];

		line++;
		if (n >= sizeof(buf)) {
			ap_conf_free(c);
			return fail(err, cap, name, line, "line too long");
		}
		memcpy(buf, p, n);
		buf[n] = '\0';
		/* the next line starts after this one's bytes, whatever is
		 * stripped from the copy (a last line "x\r" without \n) */
		const char *next = nl ? nl + 1 : p + n;
		if (n && buf[n - 1] == '\r')
			buf[n - 1] = '\0';
		char **nlines = realloc(c->lines, (c->nlines + 1) * sizeof(char *));
		if (!nlines || !(nlines[c->nlines] = strdup(buf))) {
			c->lines = nlines ? nlines : c->lines;
			ap_conf_free(c);
			return fail(err, cap, name, line, "out of memory");
		}
		c->lines = nlines;
		c->nlines++;
		p = next;

		const char *s = buf;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '\0')
			continue;
		char *eq = strchr(buf, '=');
		if (!eq || eq == buf) {
			ap_conf_free(c);
			return fail(err, cap, name, line,
				    "expected key=value, got '%.40s'", buf);
		}
		*eq = '\0';
		if (!strcmp(buf, "bss")) {
			/* the section before ends here; this one is named */
			chosen = !found && (nsec == 0 && !bss ? true :
					    bss && !strcmp(bss, sec.conf.interface));
			found = found || chosen;
			if (section_end(&sec, c, chosen, first, line - 1, name,
					err, cap)) {
				ap_conf_free(c);
				return -1;
			}
			note_shared(&sec, chosen, shared, sizeof(shared),
				    &chosen_line);
			struct ap_conf prev = sec.conf;
			section_start(&sec, &prev);
			if (!set_str(sec.conf.interface, sizeof(sec.conf.interface),
				     eq + 1) || !eq[1]) {
				ap_conf_free(c);
				return fail(err, cap, name, line, "bad bss name");
			}
			size_t k = strlen(names);
			snprintf(names + k, sizeof(names) - k, "%s%s",
				 k ? ", " : "", eq + 1);
			first = line - 1;
			nsec++;
			continue;
		}
		if (!strcmp(buf, "interface") && nsec > 0) {
			ap_conf_free(c);
			return fail(err, cap, name, line,
				    "interface= inside a bss= section");
		}
		if (note(&sec, buf, eq + 1, line)) {
			ap_conf_free(c);
			return fail(err, cap, name, line, "bad %s", buf);
		}
		if (apply(&sec.conf, name, line, buf, eq + 1, &sec.wpa,
			  sec.keymgmt, err, cap)) {
			ap_conf_free(c);
			return -1;
		}
	}
	/* the last section; with no bss= at all, the primary is the one
	 * whatever -i says (its interface= may be overridden) */
	chosen = nsec == 0 ? true :
		 bss && !strcmp(bss, sec.conf.interface) && !found;
	found = found || chosen;
	if (section_end(&sec, c, chosen, first, c->nlines, name, err, cap)) {
		ap_conf_free(c);
		return -1;
	}
	note_shared(&sec, chosen, shared, sizeof(shared), &chosen_line);
	if (!found) {
		ap_conf_free(c);
		return fail(err, cap, name, 0, "no BSS named '%s' (bss= sections: "
			    "%s)", bss, names);
	}
	c->nbss = nsec + 1;
	if (c->wps_state && !c->wps_independent && shared[0]) {
		/* hostapd arms every such BSS of the process with one
		 * wps_pbc, wps_pin or wps_cancel; one wsc ap serves one BSS */
		fail(err, cap, name, chosen_line, "WPS of '%s' is shared with "
		     "%s (wps_independent=0): wsc ap serves one BSS; set "
		     "wps_independent=1 in each, or wps_state=0 in the others",
		     c->interface, shared);
		ap_conf_free(c);
		return -1;
	}
	return 0;
}

int ap_conf_parse(const char *text, const char *name, struct ap_conf *c,
		  char *err, size_t cap)
{
	return ap_conf_parse_bss(text, name, NULL, c, err, cap);
}

int ap_conf_load(const char *path, struct ap_conf *c, char *err, size_t cap)
{
	return ap_conf_load_bss(path, NULL, c, err, cap);
}

int ap_conf_load_bss(const char *path, const char *bss, struct ap_conf *c,
		     char *err, size_t cap)
{
	size_t n;
	char *text = read_text_file(path, 1 << 20, &n, err, cap);
	int r;

	if (!text)
		return -1;
	r = ap_conf_parse_bss(text, path, bss, c, err, cap);
	wsc_wipe(text, n);
	free(text);
	return r;
}

void ap_conf_free(struct ap_conf *c)
{
	for (size_t i = 0; i < c->nlines; i++) {
		/* lines hold the passphrase */
		wsc_wipe(c->lines[i], strlen(c->lines[i]));
		free(c->lines[i]);
	}
	free(c->lines);
	c->lines = NULL;
	c->nlines = 0;
}

static const char *const net_keys[] = {
	"wps_state", "ssid", "ssid2", "wpa", "wpa_key_mgmt", "rsn_pairwise",
	"wpa_passphrase", "wpa_psk", "wpa_pairwise",
};

static bool key_is(const char *line, const char *key)
{
	size_t n = strlen(key);
	return !strncmp(line, key, n) && line[n] == '=';
}

char *ap_conf_render(const struct ap_conf *c, const wsc_cred *cred)
{
	char vals[9][140];
	bool done[9] = { 0 };
	size_t cap = 1024, len = 0;
	char *out;

	/* the new values of the network keys; "" drops the line */
	snprintf(vals[0], sizeof(vals[0]), "2");
	snprintf(vals[1], sizeof(vals[1]), "%.*s", cred->ssid_len,
		 (const char *)cred->ssid);
	vals[2][0] = '\0';
	bool plain = true;
	for (size_t i = 0; i < cred->ssid_len; i++)
		plain = plain && cred->ssid[i] >= 0x20 && cred->ssid[i] != 0x7f;
	if (!plain) {
		/* control bytes do not survive ssid=: use hex ssid2 */
		vals[1][0] = '\0';
		wsc_hex_encode(cred->ssid, cred->ssid_len, vals[2]);
	}
	bool open = cred->auth_type == WSC_AUTH_OPEN;
	snprintf(vals[3], sizeof(vals[3]), "%d",
		 open ? 0 : (cred->auth_type & WSC_AUTH_WPA2PSK ? 2 : 0) |
				    (cred->auth_type & WSC_AUTH_WPAPSK ? 1 : 0));
	snprintf(vals[4], sizeof(vals[4]), "%s", open ? "" : "WPA-PSK");
	snprintf(vals[5], sizeof(vals[5]), "%s",
		 open ? "" : cred->encr_type == (WSC_ENCR_AES | WSC_ENCR_TKIP) ?
		 "CCMP TKIP" : cred->encr_type & WSC_ENCR_AES ? "CCMP" : "TKIP");
	snprintf(vals[6], sizeof(vals[6]), "%.*s",
		 cred->key_len == 64 ? 0 : cred->key_len,
		 (const char *)cred->key);
	snprintf(vals[7], sizeof(vals[7]), "%.*s",
		 cred->key_len == 64 ? 64 : 0, (const char *)cred->key);
	vals[8][0] = '\0';

	out = malloc(cap);
	if (!out)
		return NULL;
	out[0] = '\0';
	/* only this BSS's section changes; its new keys go at its end */
	size_t end = c->sec_end ? c->sec_end : c->nlines;
	for (size_t i = 0; i <= c->nlines; i++) {
		char line[1200];
		size_t o = 0;
		line[0] = '\0';
		if (i == end) /* the keys the section did not have yet */
			for (size_t k = 0; k < 9; k++)
				if (!done[k] && vals[k][0]) {
					o += (size_t)snprintf(line + o,
							      sizeof(line) - o,
							      "%s=%s\n",
							      net_keys[k],
							      vals[k]);
					done[k] = true;
				}
		if (i < c->nlines) {
			size_t k;
			for (k = 0; k < 9; k++)
				if (key_is(c->lines[i], net_keys[k]))
					break;
			if (k == 9 || i < c->sec_first || i >= end)
				snprintf(line + o, sizeof(line) - o, "%s\n",
					 c->lines[i]);
			else if (!done[k] && vals[k][0]) {
				snprintf(line + o, sizeof(line) - o, "%s=%s\n",
					 net_keys[k], vals[k]);
				done[k] = true;
			}
		}
		size_t n = strlen(line);
		if (len + n + 1 > cap) {
			char *bigger = realloc(out, cap = (len + n + 1) * 2);
			if (!bigger) {
				wsc_wipe(out, len);
				free(out);
				return NULL;
			}
			out = bigger;
		}
		memcpy(out + len, line, n + 1);
		len += n;
		wsc_wipe(line, sizeof(line));
	}
	return out;
}

int ap_conf_store(const char *path, struct ap_conf *c, const wsc_cred *cred,
		  char *err, size_t cap)
{
	char *text = ap_conf_render(c, cred);
	struct ap_conf fresh;
	int r;

	if (!text) {
		snprintf(err, cap, "out of memory");
		return -1;
	}
	/* what we write must read back as what we mean */
	if (ap_conf_parse_bss(text, path, c->sec_first ? c->interface : NULL,
			      &fresh, err, cap)) {
		wsc_wipe(text, strlen(text));
		free(text);
		return -1;
	}
	if (fresh.cred.ssid_len != cred->ssid_len ||
	    memcmp(fresh.cred.ssid, cred->ssid, cred->ssid_len) ||
	    fresh.cred.key_len != cred->key_len ||
	    memcmp(fresh.cred.key, cred->key, cred->key_len)) {
		snprintf(err, cap, "%s: the settings cannot be written "
			 "faithfully", path);
		wsc_wipe(text, strlen(text));
		free(text);
		ap_conf_free(&fresh);
		return -1;
	}
	r = write_file_atomic(path, text, strlen(text));
	wsc_wipe(text, strlen(text));
	free(text);
	if (r) {
		ap_conf_free(&fresh);
		snprintf(err, cap, "%s: %s", path, strerror(-r));
		return -1;
	}
	ap_conf_free(c);
	*c = fresh;
	return 0;
}

void ap_conf_device(const struct ap_conf *c, const uint8_t mac[6],
		    wsc_device *d)
{
	wsc_device_defaults(d, true, mac);
	if (c->has_uuid)
		memcpy(d->uuid, c->uuid, 16);
	if (c->device_name[0])
		strcpy(d->device_name, c->device_name);
	if (c->manufacturer[0])
		strcpy(d->manufacturer, c->manufacturer);
	if (c->model_name[0])
		strcpy(d->model_name, c->model_name);
	if (c->model_number[0])
		strcpy(d->model_number, c->model_number);
	if (c->serial_number[0])
		strcpy(d->serial_number, c->serial_number);
	if (c->has_device_type)
		memcpy(d->dev_type, c->device_type, 8);
	if (c->has_os_version)
		d->os_version = c->os_version;
	if (c->has_config_methods)
		d->config_methods = c->config_methods;
	if (c->rf_bands)
		d->rf_bands = c->rf_bands;
}
