/*
 * hostapd's configuration file format, for the keys that concern WPS.
 * Every key Debian's hostapd 2.10 knows is accepted; one it does not know
 * is an error naming the line, as in hostapd; a key that would change
 * what WPS does in a way wsc does not do is refused unless it has
 * hostapd's default value; a malformed WPS value is an error naming the
 * line. Multi-BSS files (bss= sections) are read per BSS. The file's lines
 * are kept so that a rewrite changes only the network settings and keeps
 * everything else the user wrote.
 */
#ifndef WSC_HOSTAPD_CONF_H
#define WSC_HOSTAPD_CONF_H

#include "wsc/wsc.h"

struct ap_conf {
	char interface[32];
	int wps_state;            /* 0 disabled, 1 unconfigured, 2 configured */
	wsc_cred cred;            /* ssid, auth, encr, key as configured */
	bool has_ssid;
	char ap_pin[9];
	bool ap_setup_locked;
	bool has_uuid;
	uint8_t uuid[16];
	char device_name[33], manufacturer[65], model_name[33];
	char model_number[33], serial_number[33];
	bool has_device_type, has_os_version, has_config_methods;
	uint8_t device_type[8];
	uint32_t os_version;
	uint16_t config_methods;
	uint8_t rf_bands;
	size_t fragment_size;
	char ctrl_interface[256];
	bool eap_server;
	/* hostapd's per-device PSKs: each enrollee gets its own, recorded
	 * here ("" none) */
	char wpa_psk_file[256];
	size_t wpa_psk_file_line;
	/* why hostapd would run this BSS without WPS (NULL: it would not),
	 * and the line that says so */
	const char *wps_off;
	size_t wps_off_line;
	/* radio keys STATUS reports as hostapd does (hostapd's defaults) */
	int channel, beacon_int, dtim_period;
	bool wps_independent;  /* hostapd: WPS commands stay in this BSS */
	bool ieee80211n, ieee80211ac, ieee80211ax;
	/* MIB's RSN values: rsn_preauth, wpa_strict_rekey,
	 * wpa_group_update_count, wpa_pairwise_update_count,
	 * dot11RSNAConfigPMKLifetime, ...PMKReauthThreshold, ...SATimeout */
	unsigned rsn_mib[7];
	/* the file as read, for rewriting */
	char **lines;
	size_t nlines;
	/* the BSS these settings are of: lines [sec_first, sec_end) (a
	 * bss= section starts at its bss= line); the file has nbss */
	size_t sec_first, sec_end, nbss;
};

/* Returns 0, or -1 with a message ("FILE:LINE: ...") in err. The
 * settings are those of the primary BSS (before any bss= line). */
int ap_conf_load(const char *path, struct ap_conf *c, char *err, size_t cap);
int ap_conf_parse(const char *text, const char *name, struct ap_conf *c,
		  char *err, size_t cap);
/* The same for the BSS named bss: the primary's interface= or a bss=
 * line (NULL: the primary; in a file without bss= lines, the primary
 * whatever its name). Every section is checked; an unknown name is an
 * error. */
int ap_conf_load_bss(const char *path, const char *bss, struct ap_conf *c,
		     char *err, size_t cap);
int ap_conf_parse_bss(const char *text, const char *name, const char *bss,
		      struct ap_conf *c, char *err, size_t cap);
void ap_conf_free(struct ap_conf *c);
/* Put settings into c and rewrite path atomically: wps_state=2 and the
 * network keys of c's BSS changed in place, new keys appended at the end
 * of its section, every other line (other BSSes too) kept. */
int ap_conf_store(const char *path, struct ap_conf *c, const wsc_cred *cred,
		  char *err, size_t cap);
/* Render the file with the new settings (caller frees). */
char *ap_conf_render(const struct ap_conf *c, const wsc_cred *cred);
/* Whether Debian's hostapd 2.10 knows this configuration key. */
bool hostapd_key_known(const char *key);
/* Fill a device description from the configuration over defaults. */
void ap_conf_device(const struct ap_conf *c, const uint8_t mac[6],
		    wsc_device *d);

#endif
