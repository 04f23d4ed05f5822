/* hostapd's configuration file, for the keys that concern WPS
 * (src/tool/hostapd_conf.c). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "hostapd_conf.h"
#include "psk_file.h"

static const char typical[] =
	"# hostapd configuration for WPS\n"
	"interface=wlan0\n"
	"driver=nl80211\n"
	"ctrl_interface=/var/run/hostapd\n"
	"ctrl_interface_group=0\n"
	"ssid=home-net\n"
	"hw_mode=g\n"
	"channel=6\n"
	"ieee80211n=1\n"
	"wmm_enabled=1\n"
	"macaddr_acl=0\n"
	"auth_algs=1\n"
	"ignore_broadcast_ssid=0\n"
	"ap_isolate=1\n"
	"ap_max_inactivity=300\n"
	"\n"
	"# security\n"
	"wpa=2\n"
	"wpa_key_mgmt=WPA-PSK\n"
	"rsn_pairwise=CCMP\n"
	"wpa_passphrase=old passphrase here\n"
	"\n"
	"# WPS\n"
	"wps_state=2\n"
	"eap_server=1\n"
	"ap_pin=12345670\n"
	"ap_setup_locked=0\n"
	"uuid=12345678-9abc-def0-1234-56789abcdef0\n"
	"device_name=Wireless AP\n"
	"manufacturer=Company\n"
	"model_name=WAP\n"
	"model_number=123\n"
	"serial_number=12345\n"
	"device_type=6-0050F204-1\n"
	"os_version=01020300\n"
	"config_methods=label display push_button keypad\n"
	"fragment_size=1000\n"
	"wps_independent=0\n"
	"friendly_name=WPS Access Point\n"
	"manufacturer_url=http://www.example.com/\n"
	"model_description=Wireless Access Point\n"
	"model_url=http://www.example.com/model/\n"
	"upc=123456789012\n"
	"wps_rf_bands=ag\n";

/* the typical file without the keys the parser gets wrong (see
 * test_typical), so that rendering and storing are tested on their own */
static char typical_ok[sizeof(typical)];

static void make_typical_ok(void)
{
	const char *cut = "ap_isolate=1\n";
	const char *p = strstr(typical, cut);
	size_t head = (size_t)(p - typical);
	memcpy(typical_ok, typical, head);
	strcpy(typical_ok + head, p + strlen(cut));
}

static void test_typical(void)
{
	struct ap_conf c;
	char err[256] = "";

	h_ctx("typical configuration");
	int r = ap_conf_parse(typical, "hostapd.conf", &c, err, sizeof(err));
	CHECK_MSG(r == 0, "%s", err);
	const char *text = typical;
	if (r) {
		/* go on with the rest of the file */
		text = typical_ok;
		r = ap_conf_parse(text, "hostapd.conf", &c, err, sizeof(err));
		CHECK_MSG(r == 0, "%s", err);
		if (r) {
			h_ctx(NULL);
			return;
		}
	}
	size_t lines = 0;
	for (const char *q = text; *q; q++)
		lines += *q == '\n';
	CHECK_STR(c.interface, "wlan0");
	CHECK_INT(c.wps_state, 2);
	CHECK(c.has_ssid);
	CHECK(c.cred.ssid_len == 8 && !memcmp(c.cred.ssid, "home-net", 8));
	CHECK_INT(c.cred.auth_type, WSC_AUTH_WPA2PSK);
	CHECK_INT(c.cred.encr_type, WSC_ENCR_AES);
	CHECK(c.cred.key_len == 19 &&
	      !memcmp(c.cred.key, "old passphrase here", 19));
	CHECK_INT(wsc_cred_check(&c.cred), 0);
	CHECK_STR(c.ap_pin, "12345670");
	CHECK(!c.ap_setup_locked);
	CHECK(c.has_uuid);
	CHECK_MEM(c.uuid, "\x12\x34\x56\x78\x9a\xbc\xde\xf0\x12\x34\x56\x78"
			  "\x9a\xbc\xde\xf0", 16);
	CHECK_STR(c.device_name, "Wireless AP");
	CHECK_STR(c.manufacturer, "Company");
	CHECK_STR(c.model_name, "WAP");
	CHECK_STR(c.model_number, "123");
	CHECK_STR(c.serial_number, "12345");
	CHECK(c.has_device_type);
	CHECK_MEM(c.device_type, "\x00\x06\x00\x50\xf2\x04\x00\x01", 8);
	CHECK(c.has_os_version);
	CHECK_INT(c.os_version, 0x01020300);
	CHECK(c.has_config_methods);
	CHECK_INT(c.config_methods, WSC_CM_LABEL | WSC_CM_DISPLAY |
				    WSC_CM_PUSHBUTTON | WSC_CM_KEYPAD);
	CHECK_INT(c.fragment_size, 1000);
	CHECK_STR(c.ctrl_interface, "/var/run/hostapd");
	CHECK(c.eap_server);
	CHECK_INT(c.nlines, lines);

	/* the device description a session gets */
	wsc_device d;
	const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	ap_conf_device(&c, mac, &d);
	CHECK_MEM(d.uuid, c.uuid, 16);
	CHECK_STR(d.device_name, "Wireless AP");
	CHECK_STR(d.manufacturer, "Company");
	CHECK_STR(d.serial_number, "12345");
	CHECK_MEM(d.dev_type, c.device_type, 8);
	CHECK_INT(d.config_methods, c.config_methods);
	CHECK_INT(d.os_version, 0x01020300);
	CHECK_MEM(d.mac, mac, 6);
	ap_conf_free(&c);
	CHECK(c.lines == NULL && c.nlines == 0);

	/* variants: WPA1+2 with TKIP and CCMP; a 64-hex PSK; open; ssid2 */
	static const struct {
		const char *text;
		uint16_t auth, encr;
		const char *key, *ssid;
	} v[] = {
		{ "ssid=x\nwpa=3\nwpa_key_mgmt=WPA-PSK\nwpa_pairwise=TKIP CCMP\n"
		  "wpa_passphrase=12345678\n",
		  WSC_AUTH_WPAPSK | WSC_AUTH_WPA2PSK,
		  WSC_ENCR_AES | WSC_ENCR_TKIP, "12345678", "x" },
		{ "ssid=x\nwpa=2\nrsn_pairwise=CCMP\nwpa_psk=0123456789abcdef0123456789abcdef"
		  "0123456789abcdef0123456789abcdef\n",
		  WSC_AUTH_WPA2PSK, WSC_ENCR_AES,
		  "0123456789abcdef0123456789abcdef0123456789abcdef"
		  "0123456789abcdef", "x" },
		{ "ssid=open net\nwps_state=2\n", WSC_AUTH_OPEN, WSC_ENCR_NONE, "",
		  "open net" },
		{ "ssid2=\"quoted\"\nwpa=2\nrsn_pairwise=CCMP\nwpa_passphrase=abcdefgh\n",
		  WSC_AUTH_WPA2PSK, WSC_ENCR_AES, "abcdefgh", "quoted" },
		{ "ssid2=68690a\r\nwpa=2\r\nrsn_pairwise=CCMP\r\nwpa_passphrase=abcdefgh\r\n",
		  WSC_AUTH_WPA2PSK, WSC_ENCR_AES, "abcdefgh", "hi\n" },
	};
	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		h_ctx("variant %zu", i);
		r = ap_conf_parse(v[i].text, "v.conf", &c, err, sizeof(err));
		CHECK_MSG(r == 0, "%s", err);
		if (r)
			continue;
		CHECK_INT(c.cred.auth_type, v[i].auth);
		CHECK_INT(c.cred.encr_type, v[i].encr);
		CHECK(c.cred.key_len == strlen(v[i].key) &&
		      !memcmp(c.cred.key, v[i].key, c.cred.key_len));
		CHECK(c.cred.ssid_len == strlen(v[i].ssid) &&
		      !memcmp(c.cred.ssid, v[i].ssid, c.cred.ssid_len));
		CHECK(c.wps_off == NULL);
		ap_conf_free(&c);
	}

	/* hostapd's ciphers: rsn_pairwise and wpa_pairwise are two keys,
	 * rsn_pairwise defaults to wpa_pairwise, that to TKIP; WPS is off
	 * for TKIP alone, WEP and a hidden SSID, with the line that says so */
	static const struct {
		const char *text;
		uint16_t encr;
		const char *off;
		size_t off_line;
	} w[] = {
		{ "ssid=x\nwpa=2\nrsn_pairwise=CCMP\nwpa_pairwise=TKIP\n"
		  "wpa_passphrase=12345678\n", WSC_ENCR_AES, NULL, 0 },
		{ "ssid=x\nwpa=2\nwpa_pairwise=TKIP\nrsn_pairwise=CCMP\n"
		  "wpa_passphrase=12345678\n", WSC_ENCR_AES, NULL, 0 },
		{ "ssid=x\nwpa=2\nwpa_pairwise=CCMP\nwpa_passphrase=12345678\n",
		  WSC_ENCR_AES, NULL, 0 },
		{ "ssid=x\nwpa=2\nwpa_passphrase=12345678\n", WSC_ENCR_TKIP,
		  "WPA/TKIP", 2 },
		{ "ssid=x\nwpa=1\nwpa_pairwise=CCMP\nwpa_passphrase=12345678\n",
		  WSC_ENCR_AES, "WPA/TKIP", 2 },
		{ "ssid=x\nwpa=0\nwep_key0=1234567890\n", WSC_ENCR_NONE, "WEP", 3 },
		{ "ssid=x\nignore_broadcast_ssid=1\nwpa=2\nrsn_pairwise=CCMP\n"
		  "wpa_passphrase=12345678\n", WSC_ENCR_AES, "ignore_broadcast_ssid", 2 },
		{ "ssid=x\nignore_broadcast_ssid=0\nwpa=2\nrsn_pairwise=CCMP\n"
		  "wpa_passphrase=12345678\n", WSC_ENCR_AES, NULL, 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(w); i++) {
		h_ctx("hostapd cipher rules %zu", i);
		r = ap_conf_parse(w[i].text, "w.conf", &c, err, sizeof(err));
		CHECK_MSG(r == 0, "%s", err);
		if (r)
			continue;
		CHECK_INT(c.cred.encr_type, w[i].encr);
		CHECK(w[i].off ? c.wps_off && strstr(c.wps_off, w[i].off) == c.wps_off :
				 c.wps_off == NULL);
		CHECK_INT(c.wps_off_line, w[i].off_line);
		ap_conf_free(&c);
	}
	h_ctx(NULL);
}

static void expect_error(const char *text, const char *where,
			 const char *what)
{
	struct ap_conf c;
	char err[256] = "";

	h_ctx("error expected at %s (%s)", where, what);
	int r = ap_conf_parse(text, "/etc/hostapd/test.conf", &c, err,
			      sizeof(err));
	CHECK_INT(r, -1);
	CHECK_MSG(strstr(err, where) == err, "message: '%s'", err);
	CHECK_MSG(strstr(err, what) != NULL, "message: '%s'", err);
	CHECK(c.lines == NULL && c.nlines == 0); /* nothing left to free */
	h_ctx(NULL);
}

static void test_errors(void)
{
	static const char head[] = "# test\ninterface=wlan0\nssid=net\n";
	static const struct { const char *line, *what; } bad[] = {
		{ "wps_foo=1", "wps_foo" },
		{ "wps_state=3", "wps_state" },
		{ "wps_state=x", "wps_state" },
		{ "wps_state=-1", "wps_state" },
		{ "wps_state=", "wps_state" },
		{ "ap_pin=12345671", "ap_pin" },
		{ "ap_pin=1234567", "ap_pin" },
		{ "ap_pin=abcdefgh", "ap_pin" },
		{ "ap_pin=00000000", "push-button password" },
		{ "wpa_passphrase=short", "wpa_passphrase" },
		{ "wpa_passphrase=1234567890123456789012345678901234567890"
		  "123456789012345678901234", "wpa_passphrase" },
		{ "wpa_psk=0123456789abcdef0123456789abcdef0123456789abcdef"
		  "0123456789abcdeg", "wpa_psk" },
		{ "wpa_psk=0123456789abcdef0123456789abcdef0123456789abcdef"
		  "0123456789abcde", "wpa_psk" },
		{ "uuid=12345678-9abc-def0-1234-56789abcdef", "uuid" },
		{ "uuid=12345678x9abc-def0-1234-56789abcdef0", "uuid" },
		{ "uuid=not a uuid", "uuid" },
		{ "fragment_size=49", "fragment_size" },
		{ "fragment_size=1401", "fragment_size" },
		{ "fragment_size=0", "fragment_size" },
		{ "fragment_size=-100", "fragment_size" },
		{ "fragment_size=100x", "fragment_size" },
		{ "device_type=6-0050F204", "device_type" },
		{ "config_methods=label nonsense", "config method" },
		{ "os_version=123", "os_version" },
		{ "ap_setup_locked=2", "ap_setup_locked" },
		{ "device_name=123456789012345678901234567890123", "device_name" },
		{ "this line has no equals sign", "key=value" },
		/* as hostapd: unknown keys stop it, a typo included */
		{ "ap_setup_lockd=1", "unknown configuration item 'ap_setup_lockd'" },
		{ "wps_state = 2", "unknown configuration item 'wps_state '" },
		{ "wps_foo=1", "unknown configuration item 'wps_foo'" },
		/* keys that change WPS in ways wsc does not: refused */
		/* per-device PSKs are served, but not on an open network */
		{ "wpa_psk_file=/etc/hostapd.wpa_psk", "wpa_psk_file on an open network" },
		{ "skip_cred_build=1", "skip_cred_build" },
		{ "extra_cred=/etc/extra.cred", "extra_cred" },
		{ "wps_cred_processing=1", "wps_cred_processing" },
		{ "wps_cred_add_sae=1", "wps_cred_add_sae" },
		{ "wps_pin_requests=/var/run/hostapd.pin-req", "wps_pin_requests" },
		{ "pbc_in_m1=1", "pbc_in_m1" },
		{ "upnp_iface=br0", "UPnP" },
		{ "wps_rf_bands=x", "wps_rf_bands" },
		{ "ssid2=P\"bad \\q escape\"", "ssid2" },
		{ "=value", "key=value" },
	};
	char text[512];

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		snprintf(text, sizeof(text), "%s%s\nchannel=1\n", head, bad[i].line);
		expect_error(text, "/etc/hostapd/test.conf:4: ", bad[i].what);
	}
	/* the line number counts comments and empty lines */
	expect_error("\n\n# c\n\nwps_state=7\n", "/etc/hostapd/test.conf:5: ",
		     "wps_state");
	expect_error("driver=wired\r\nchannel=1\r\nwps_bogus=1\r\n",
		     "/etc/hostapd/test.conf:3: ", "wps_bogus");
	/* the last line without a newline */
	expect_error("ssid=x\nwps_state=9", "/etc/hostapd/test.conf:2: ",
		     "wps_state");
	/* a configured WPA network without a key */
	expect_error("ssid=x\nwpa=2\nwps_state=2\n", "/etc/hostapd/test.conf:",
		     "wpa_passphrase");

	/* their defaults are fine; wps_rf_bands and ssid2=P"..." are read */
	{
		struct ap_conf c;
		char err[256] = "";
		wsc_device d;
		const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
		h_ctx("hostapd's defaults of the refused keys");
		CHECK_INT(ap_conf_parse("wps_cred_processing=0\npbc_in_m1=0\n"
					"skip_cred_build=0\nwps_cred_add_sae=0\n"
					"wps_rf_bands=ag\n"
					"ssid2=P\"a\\x41\\n\\\\\\\"\\101\"\n",
					"d.conf", &c, err, sizeof(err)), 0);
		CHECK_MSG(!err[0], "%s", err);
		CHECK_INT(c.rf_bands, 3);
		CHECK(c.cred.ssid_len == 6 && !memcmp(c.cred.ssid, "aA\n\\\"A", 6));
		ap_conf_device(&c, mac, &d);
		CHECK_INT(d.rf_bands, 3);
		ap_conf_free(&c);
		h_ctx(NULL);
	}

	/* CRLF files: one line per CRLF */
	{
		struct ap_conf c;
		char err[256] = "";
		h_ctx("CRLF lines");
		CHECK_INT(ap_conf_parse("# c\r\nssid=x\r\nchannel=1\r\n", "crlf.conf",
					&c, err, sizeof(err)), 0);
		CHECK_INT(c.nlines, 3);
		CHECK(c.cred.ssid_len == 1);
		wsc_cred nc;
		memset(&nc, 0, sizeof(nc));
		nc.ssid_len = 1;
		nc.ssid[0] = 'y';
		nc.auth_type = WSC_AUTH_OPEN;
		nc.encr_type = WSC_ENCR_NONE;
		char *out = ap_conf_render(&c, &nc);
		CHECK_STR(out, "# c\nssid=y\nchannel=1\nwps_state=2\nwpa=0\n");
		free(out);
		ap_conf_free(&c);
	}

	/* hostapd's non-WPS keys are accepted, others are not */
	struct ap_conf c;
	char err[256] = "";
	h_ctx("non-WPS keys");
	int r = ap_conf_parse("country_code=DE\nbeacon_int=100\ndtim_period=2\n"
			      "ap_table_max_size=255\nap_table_expiration_time=60\n"
			      "ap_isolate=1\n",
			      "k.conf", &c, err, sizeof(err));
	CHECK_MSG(r == 0, "%s", err);
	if (!r)
		ap_conf_free(&c);
	h_ctx(NULL);
	expect_error("ssid=x\nwpa=2\nrsn_pairwise=CCMP WEP104\n",
		     "/etc/hostapd/test.conf:3:", "bad rsn_pairwise");
	expect_error("beacon_int=100\nfoo=bar\n", "/etc/hostapd/test.conf:2:",
		     "unknown configuration item 'foo'");
}

/* ---- rendering */

static int count_lines(const char *text, const char *line)
{
	int n = 0;
	size_t l = strlen(line);
	for (const char *p = text; (p = strstr(p, line)); p += l)
		if ((p == text || p[-1] == '\n') && (p[l] == '\n' || !p[l]))
			n++;
	return n;
}


static void test_render(void)
{
	struct ap_conf c;
	char err[256];
	wsc_cred nc = wpa2_cred("new-ssid", "brand new passphrase");

	h_ctx("render over the typical file");
	if (ap_conf_parse(typical_ok, "t.conf", &c, err, sizeof(err))) {
		CHECK_MSG(false, "%s", err);
		return;
	}
	char *out = ap_conf_render(&c, &nc);
	CHECK(out != NULL);
	if (!out)
		return;
	/* the network keys changed in place: same line numbers */
	char want[8192];
	snprintf(want, sizeof(want), "%s", typical_ok);
	char *p = strstr(want, "ssid=home-net\n");
	memcpy(p, "ssid=new-ssid\n", 14);
	const char *oldkey = "wpa_passphrase=old passphrase here\n";
	p = strstr(want, oldkey);
	char rest[8192];
	snprintf(rest, sizeof(rest), "%s", p + strlen(oldkey));
	snprintf(p, sizeof(want) - (size_t)(p - want),
		 "wpa_passphrase=brand new passphrase\n%s", rest);
	CHECK_STR(out, want);
	/* and it reads back as what we mean */
	struct ap_conf back;
	CHECK_INT(ap_conf_parse(out, "t.conf", &back, err, sizeof(err)), 0);
	CHECK(back.cred.ssid_len == 8 && !memcmp(back.cred.ssid, "new-ssid", 8));
	CHECK(back.cred.key_len == nc.key_len &&
	      !memcmp(back.cred.key, nc.key, nc.key_len));
	CHECK_INT(back.wps_state, 2);
	ap_conf_free(&back);
	free(out);
	ap_conf_free(&c);

	/* an unconfigured open AP: keys it lacks are added, wps_state
	 * becomes 2, comments and other lines stay */
	static const char unconf[] =
		"# my AP\n"
		"interface=wlan1\n"
		"ssid=setup-me\n"
		"# keep this comment\n"
		"wps_state=1\n"
		"channel=11\n"
		"eap_server=1\n";
	h_ctx("render over an unconfigured AP");
	CHECK_INT(ap_conf_parse(unconf, "u.conf", &c, err, sizeof(err)), 0);
	out = ap_conf_render(&c, &nc);
	CHECK_STR(out, "# my AP\n"
		       "interface=wlan1\n"
		       "ssid=new-ssid\n"
		       "# keep this comment\n"
		       "wps_state=2\n"
		       "channel=11\n"
		       "eap_server=1\n"
		       "wpa=2\n"
		       "wpa_key_mgmt=WPA-PSK\n"
		       "rsn_pairwise=CCMP\n"
		       "wpa_passphrase=brand new passphrase\n");
	free(out);

	/* a 64-hex PSK replaces a passphrase (and the reverse) */
	h_ctx("render with a PSK");
	wsc_cred pc = wpa2_cred("net", "00112233445566778899aabbccddeeff"
				     "00112233445566778899aabbccddeeff");
	out = ap_conf_render(&c, &pc);
	CHECK_INT(count_lines(out, "wpa_psk=00112233445566778899aabbccddeeff"
				   "00112233445566778899aabbccddeeff"), 1);
	CHECK(strstr(out, "wpa_passphrase=") == NULL);
	free(out);
	ap_conf_free(&c);
	CHECK_INT(ap_conf_parse(typical_ok, "t.conf", &c, err, sizeof(err)), 0);
	out = ap_conf_render(&c, &pc);
	CHECK(strstr(out, "wpa_passphrase=") == NULL);
	CHECK_INT(count_lines(out, "wpa_psk=00112233445566778899aabbccddeeff"
				   "00112233445566778899aabbccddeeff"), 1);
	CHECK_INT(count_lines(out, "ap_max_inactivity=300"), 1);
	CHECK_INT(count_lines(out, "# WPS"), 1);
	free(out);

	/* open settings drop the WPA lines */
	h_ctx("render open settings");
	wsc_cred oc = wpa2_cred("open", "");
	oc.auth_type = WSC_AUTH_OPEN;
	oc.encr_type = WSC_ENCR_NONE;
	out = ap_conf_render(&c, &oc);
	CHECK(strstr(out, "wpa_passphrase") == NULL);
	CHECK(strstr(out, "wpa_key_mgmt") == NULL);
	CHECK(strstr(out, "rsn_pairwise") == NULL);
	CHECK_INT(count_lines(out, "wpa=0"), 1);
	CHECK_INT(count_lines(out, "ssid=open"), 1);
	free(out);

	/* an SSID that cannot be written as ssid= becomes ssid2 in hex */
	h_ctx("render an SSID with a newline");
	wsc_cred hc = wpa2_cred("a\nb", "abcdefghij");
	out = ap_conf_render(&c, &hc);
	CHECK_INT(count_lines(out, "ssid2=610a62"), 1);
	CHECK(strstr(out, "\nssid=") == NULL);
	struct ap_conf back2;
	CHECK_INT(ap_conf_parse(out, "h.conf", &back2, err, sizeof(err)), 0);
	CHECK(back2.cred.ssid_len == 3 && !memcmp(back2.cred.ssid, "a\nb", 3));
	ap_conf_free(&back2);
	free(out);
	ap_conf_free(&c);

	/* a key repeated in the file is written once */
	h_ctx("render with repeated keys");
	CHECK_INT(ap_conf_parse("ssid=a\nssid=b\nwpa=2\nwpa_passphrase=12345678\n"
				"wpa_passphrase=87654321\n", "r.conf", &c, err,
				sizeof(err)), 0);
	out = ap_conf_render(&c, &nc);
	CHECK_INT(count_lines(out, "ssid=new-ssid"), 1);
	CHECK_INT(count_lines(out, "wpa_passphrase=brand new passphrase"), 1);
	CHECK(strstr(out, "ssid=b") == NULL);
	CHECK(strstr(out, "87654321") == NULL);
	free(out);
	ap_conf_free(&c);
	h_ctx(NULL);
}

/* ---- storing */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static int dir_entries(const char *dir, char names[][256], int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n < max)
			snprintf(names[n], 256, "%s", e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

static void rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st))
		return;
	if (S_ISDIR(st.st_mode)) {
		char names[16][256], sub[4400];
		chmod(path, 0700);
		int n = dir_entries(path, names, 16);
		for (int i = 0; i < n && i < 16; i++) {
			snprintf(sub, sizeof(sub), "%s/%s", path, names[i]);
			rm_rf(sub);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void test_store(void)
{
	char tmpl[] = "/tmp/wsc-test-conf.XXXXXX";
	char *dir = mkdtemp(tmpl);
	char path[4096], err[512], names[16][256];
	struct ap_conf c;
	wsc_cred nc = wpa2_cred("stored-net", "stored passphrase");

	CHECK(dir != NULL);
	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/hostapd.conf", dir);
	spit(path, typical_ok);
	chmod(path, 0640); /* the user's choice, e.g. readable by a web UI group */

	h_ctx("store");
	CHECK_INT(ap_conf_load(path, &c, err, sizeof(err)), 0);
	char *want = ap_conf_render(&c, &nc);
	CHECK_INT(ap_conf_store(path, &c, &nc, err, sizeof(err)), 0);
	size_t len;
	char *disk = slurp(path, &len);
	CHECK(disk && want && len == strlen(want) && !memcmp(disk, want, len));
	free(disk);
	free(want);
	/* no temporary files left behind */
	int n = dir_entries(dir, names, 16);
	CHECK_INT(n, 1);
	CHECK_STR(names[0], "hostapd.conf");
	/* the configuration now holds the stored settings */
	CHECK(c.cred.ssid_len == 10 && !memcmp(c.cred.ssid, "stored-net", 10));
	CHECK_INT(c.wps_state, 2);
	/* and the file keeps the mode the user gave it */
	struct stat st;
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0640);
	/* storing the same again changes nothing */
	disk = slurp(path, &len);
	CHECK_INT(ap_conf_store(path, &c, &nc, err, sizeof(err)), 0);
	char *again = slurp(path, NULL);
	CHECK_STR(again, disk);
	free(again);

	/* a failed store leaves the old file intact: the temporary name is
	 * taken */
	h_ctx("store that cannot create its temporary file");
	char blocker[4200];
	snprintf(blocker, sizeof(blocker), "%s.tmp.%ld", path, (long)getpid());
	CHECK_INT(mkdir(blocker, 0700), 0);
	wsc_cred other = wpa2_cred("other-net", "other passphrase");
	struct ap_conf before = c;
	CHECK_INT(ap_conf_store(path, &c, &other, err, sizeof(err)), -1);
	CHECK_MSG(strstr(err, path) != NULL, "'%s'", err);
	char *now = slurp(path, NULL);
	CHECK_STR(now, disk);
	free(now);
	CHECK(c.lines == before.lines); /* the configuration is unchanged */
	CHECK(c.cred.ssid_len == 10);
	rmdir(blocker);

	/* the directory is not writable (only meaningful when not root) */
	if (geteuid() != 0) {
		h_ctx("store into a read-only directory");
		chmod(dir, 0500);
		CHECK_INT(ap_conf_store(path, &c, &other, err, sizeof(err)), -1);
		chmod(dir, 0700);
		now = slurp(path, NULL);
		CHECK_STR(now, disk);
		free(now);
	}

	/* the path is a directory */
	h_ctx("store onto a directory");
	char dpath[4200];
	snprintf(dpath, sizeof(dpath), "%s/isdir", dir);
	CHECK_INT(mkdir(dpath, 0700), 0);
	CHECK_INT(ap_conf_store(dpath, &c, &other, err, sizeof(err)), -1);
	CHECK_INT(stat(dpath, &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	now = slurp(path, NULL);
	CHECK_STR(now, disk);
	free(now);
	/* a nonexistent directory */
	char npath[4200];
	snprintf(npath, sizeof(npath), "%s/missing/hostapd.conf", dir);
	CHECK_INT(ap_conf_store(npath, &c, &other, err, sizeof(err)), -1);
	n = dir_entries(dir, names, 16);
	CHECK_INT(n, 2); /* hostapd.conf and isdir: no temporary files */
	free(disk);
	ap_conf_free(&c);

	/* loading */
	h_ctx("load errors");
	CHECK_INT(ap_conf_load(npath, &c, err, sizeof(err)), -1);
	CHECK(strstr(err, npath) == err);
	char zpath[4200];
	snprintf(zpath, sizeof(zpath), "%s/nul.conf", dir);
	FILE *f = fopen(zpath, "wb");
	fwrite("ssid=a\0b\n", 1, 9, f);
	fclose(f);
	CHECK_INT(ap_conf_load(zpath, &c, err, sizeof(err)), -1);
	CHECK_MSG(strstr(err, "NUL") != NULL, "'%s'", err);
	spit(zpath, "ssid=x\nwps_state=5\n");
	CHECK_INT(ap_conf_load(zpath, &c, err, sizeof(err)), -1);
	char where[4300];
	snprintf(where, sizeof(where), "%s:2: ", zpath);
	CHECK_MSG(strstr(err, where) == err, "'%s'", err);
	h_ctx(NULL);
	rm_rf(dir);
}

/* A multi-BSS file: each BSS is read with its own settings, and a rewrite
 * of one changes that section only, every other byte kept. */
static const char multi_bss[] =
	"# router with a guest network\n"
	"interface=wlan0\n"
	"driver=nl80211\n"
	"ctrl_interface=/var/run/hostapd\n"
	"ssid=main-net\n"
	"wpa=2\n"
	"wpa_key_mgmt=WPA-PSK\n"
	"wpa_passphrase=main passphrase 1\n"
	"wps_state=2\n"
	"eap_server=1\n"
	"\n"
	"bss=wlan0_1\n"
	"ssid=guest-net\n"
	"wpa=2\n"
	"wpa_key_mgmt=WPA-PSK\n"
	"rsn_pairwise=CCMP\n"
	"wpa_passphrase=guest passphrase 2\n"
	"wps_state=2\n"
	"wps_independent=1\n"
	"\n"
	"bss=wlan0_2\n"
	"ssid=iot-net\n"
	"wpa=2\n"
	"wpa_passphrase=iot passphrase 33\n";

static void test_multi_bss(void)
{
	struct ap_conf c;
	char err[256];

	h_ctx("multi-BSS: the primary");
	CHECK_INT(ap_conf_parse(multi_bss, "m.conf", &c, err, sizeof(err)), 0);
	CHECK(c.cred.ssid_len == 8 && !memcmp(c.cred.ssid, "main-net", 8));
	CHECK(c.cred.key_len == 17 && !memcmp(c.cred.key, "main passphrase 1", 17));
	CHECK_STR(c.interface, "wlan0");
	CHECK_INT(c.sec_first, 0);
	CHECK_INT(c.sec_end, 11);
	CHECK_INT(c.nbss, 3);
	/* with the primary's settings: the primary lacks rsn_pairwise, so
	 * that key goes at the end of its section, before bss=wlan0_1 */
	wsc_cred nc = wpa2_cred("main-2", "the new main one");
	char *out = ap_conf_render(&c, &nc);
	const char *want_primary =
		"# router with a guest network\n"
		"interface=wlan0\n"
		"driver=nl80211\n"
		"ctrl_interface=/var/run/hostapd\n"
		"ssid=main-2\n"
		"wpa=2\n"
		"wpa_key_mgmt=WPA-PSK\n"
		"wpa_passphrase=the new main one\n"
		"wps_state=2\n"
		"eap_server=1\n"
		"\n"
		"rsn_pairwise=CCMP\n"
		"bss=wlan0_1\n";
	CHECK(out && !strncmp(out, want_primary, strlen(want_primary)));
	CHECK(out && !strcmp(out + strlen(want_primary),
			     multi_bss + (strstr(multi_bss, "bss=wlan0_1\n") - multi_bss) +
				     strlen("bss=wlan0_1\n")));
	free(out);
	ap_conf_free(&c);

	h_ctx("multi-BSS: the guest BSS");
	CHECK_INT(ap_conf_parse_bss(multi_bss, "m.conf", "wlan0_1", &c, err,
				    sizeof(err)), 0);
	CHECK(c.cred.ssid_len == 9 && !memcmp(c.cred.ssid, "guest-net", 9));
	CHECK(c.cred.key_len == 18 && !memcmp(c.cred.key, "guest passphrase 2", 18));
	CHECK_STR(c.interface, "wlan0_1");
	CHECK_STR(c.ctrl_interface, "/var/run/hostapd"); /* as hostapd */
	CHECK_INT(c.wps_state, 2);
	CHECK_INT(c.sec_first, 11);
	CHECK_INT(c.sec_end, 20);
	nc = wpa2_cred("guest-2", "another guest key");
	out = ap_conf_render(&c, &nc);
	char want[4096];
	snprintf(want, sizeof(want), "%s", multi_bss);
	char *p = strstr(want, "ssid=guest-net\n");
	memmove(p + strlen("ssid=guest-2\n"), p + strlen("ssid=guest-net\n"),
		strlen(p + strlen("ssid=guest-net\n")) + 1);
	memcpy(p, "ssid=guest-2\n", strlen("ssid=guest-2\n"));
	p = strstr(want, "wpa_passphrase=guest passphrase 2\n");
	memcpy(p, "wpa_passphrase=another guest key\n",
	       strlen("wpa_passphrase=another guest key\n"));
	memmove(p + 33, p + 34, strlen(p + 34) + 1);
	CHECK_STR(out ? out : "", want);
	free(out);
	ap_conf_free(&c);

	h_ctx("multi-BSS: the last BSS, missing keys appended to it");
	CHECK_INT(ap_conf_parse_bss(multi_bss, "m.conf", "wlan0_2", &c, err,
				    sizeof(err)), 0);
	CHECK(c.cred.ssid_len == 7 && !memcmp(c.cred.ssid, "iot-net", 7));
	nc = wpa2_cred("iot-net", "iot passphrase 33");
	out = ap_conf_render(&c, &nc);
	snprintf(want, sizeof(want), "%swps_state=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\n",
		 multi_bss);
	CHECK_STR(out ? out : "", want);
	free(out);
	ap_conf_free(&c);

	h_ctx("multi-BSS: errors");
	err[0] = '\0';
	CHECK_INT(ap_conf_parse_bss(multi_bss, "m.conf", "wlan9", &c, err,
				    sizeof(err)), -1);
	CHECK_STR(err, "m.conf:0: no BSS named 'wlan9' (bss= sections: "
		       "wlan0_1, wlan0_2)");
	/* a fault in another BSS is still a fault of the file */
	char bad[4096];
	snprintf(bad, sizeof(bad), "%s", multi_bss);
	p = strstr(bad, "iot passphrase 33");
	memcpy(p, "short\n", 7);
	CHECK_INT(ap_conf_parse(bad, "m.conf", &c, err, sizeof(err)), -1);
	CHECK_MSG(!strncmp(err, "m.conf:24: wpa_passphrase", 25), "%s", err);
	snprintf(bad, sizeof(bad), "%sinterface=wlan1\n", multi_bss);
	CHECK_INT(ap_conf_parse(bad, "m.conf", &c, err, sizeof(err)), -1);
	CHECK_MSG(!strncmp(err, "m.conf:25: interface= inside a bss=", 35), "%s",
		  err);

	/* two BSSes whose WPS hostapd runs together (wps_independent=0 in
	 * either): one wsc ap cannot, so it refuses, naming the other */
	snprintf(bad, sizeof(bad), "%s", multi_bss);
	p = strstr(bad, "wps_independent=1");
	memcpy(p, "wps_independent=0", 17);
	CHECK_INT(ap_conf_parse(bad, "m.conf", &c, err, sizeof(err)), -1);
	CHECK_STR(err, "m.conf:9: WPS of 'wlan0' is shared with 'wlan0_1' "
		       "(wps_independent=0): wsc ap serves one BSS; set "
		       "wps_independent=1 in each, or wps_state=0 in the others");
	CHECK_INT(ap_conf_parse_bss(bad, "m.conf", "wlan0_1", &c, err,
				    sizeof(err)), -1);
	CHECK_MSG(strstr(err, "m.conf:18: WPS of 'wlan0_1' is shared with "
			      "'wlan0'") != NULL, "%s", err);
	/* the BSS without WPS (wlan0_2) shares nothing */
	p = strstr(bad, "wps_state=2\nwps_independent=0");
	memcpy(p, "wps_state=0", 11);
	CHECK_INT(ap_conf_parse(bad, "m.conf", &c, err, sizeof(err)), 0);
	ap_conf_free(&c);
	CHECK_INT(ap_conf_parse(bad, "m.conf", &c, err, sizeof(err)), 0);
	ap_conf_free(&c);
	snprintf(bad, sizeof(bad), "%s", multi_bss);
	p = strstr(bad, "wps_independent=1");
	memcpy(p, "wps_independent=2", 17);
	CHECK_INT(ap_conf_parse(bad, "m.conf", &c, err, sizeof(err)), -1);
	CHECK_STR(err, "m.conf:19: wps_independent must be 0 or 1");
	h_ctx(NULL);
}

/* A last line that ends in \r without \n is read once, as hostapd reads
 * it (the parser used to read it again forever) */
static void test_cr_at_end(void)
{
	struct ap_conf c;
	char err[256];

	h_ctx("a last line ending in \\r");
	CHECK_INT(ap_conf_parse("interface=lo\nwps_state=1\nssid=x\r", "f",
				&c, err, sizeof(err)), 0);
	CHECK_INT(c.nlines, 3);
	CHECK_INT(c.cred.ssid_len, 1);
	ap_conf_free(&c);
	CHECK_INT(ap_conf_parse("interface=lo\r\nwps_state=1\r\r", "f",
				&c, err, sizeof(err)), -1);
	h_ctx(NULL);
}

/* wpa_psk_file: what hostapd 2.10 accepts is accepted, the rest refused
 * with its line; a new PSK replaces the station's earlier wps=1 line only */
static void test_psk_file(void)
{
	char tmpl[] = "/tmp/wsc-test-psk.XXXXXX";
	char *dir = mkdtemp(tmpl);
	char path[4096], err[512];
	static const char *const good =
		"# comment\n"
		"\n"
		"00:00:00:00:00:00 a shared passphrase\n"
		"keyid=tv vlanid=3 02:00:00:00:00:01 "
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"
		"wps=1 02:00:00:00:00:02 "
		"ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n"
		"wps=0 02:00:00:00:00:02 kept-because-wps0";   /* no final newline */
	static const struct { const char *line, *why; } bad[] = {
		{ "02:00:00:00:00:zz passphrase1", "invalid MAC address" },
		{ "02:00:00:00:00:01", "no PSK after the MAC address" },
		{ "02:00:00:00:00:01 short", "invalid PSK" },
		{ "02:00:00:00:00:01 "
		  "0123456789012345678901234567890123456789012345678901234567890123x",
		  "invalid PSK" },
		{ "02:00:00:00:00:01 "
		  "zz23456789012345678901234567890123456789012345678901234567890123",
		  "invalid PSK" },
		{ "color=red 02:00:00:00:00:01 passphrase1", "unrecognized option" },
	};
	uint8_t mac2[6] = { 2, 0, 0, 0, 0, 2 }, mac3[6] = { 2, 0, 0, 0, 0, 3 };
	const char *k1 = "1111111111111111111111111111111111111111111111111111111111111111";
	size_t len;
	char *disk;

	CHECK(dir != NULL);
	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/psk", dir);
	h_ctx("psk file: good");
	spit(path, good);
	CHECK_INT(psk_file_check(path, err, sizeof(err)), 0);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		char text[512], want[4700];
		h_ctx("psk file: %s", bad[i].line);
		snprintf(text, sizeof(text), "%s\n%s\n", good, bad[i].line);
		spit(path, text);
		CHECK_INT(psk_file_check(path, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "%s:7: %s", path, bad[i].why);
		CHECK(!strncmp(err, want, strlen(want)));
		/* and nothing is added to such a file */
		CHECK_INT(psk_file_add(path, mac3, k1, err, sizeof(err)), -1);
		disk = slurp(path, &len);
		CHECK(disk && len == strlen(text) && !memcmp(disk, text, len));
		free(disk);
	}
	h_ctx("psk file: add");
	spit(path, good);
	CHECK_INT(psk_file_add(path, mac3, k1, err, sizeof(err)), 0);
	CHECK_INT(psk_file_add(path, mac2, k1, err, sizeof(err)), 0);
	disk = slurp(path, &len);
	{
		char want[1024];
		/* mac2's wps=1 line replaced, its wps=0 line kept; a newline
		 * added before the first new line */
		snprintf(want, sizeof(want),
			 "# comment\n\n00:00:00:00:00:00 a shared passphrase\n"
			 "keyid=tv vlanid=3 02:00:00:00:00:01 "
			 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"
			 "wps=0 02:00:00:00:00:02 kept-because-wps0\n"
			 "wps=1 02:00:00:00:00:03 %s\nwps=1 02:00:00:00:00:02 %s\n",
			 k1, k1);
		CHECK(disk && len == strlen(want) && !memcmp(disk, want, len));
	}
	free(disk);
	h_ctx("psk file: missing");
	unlink(path);
	CHECK_INT(psk_file_check(path, err, sizeof(err)), -1);
	CHECK(strstr(err, "No such file") != NULL);
	rmdir(dir);
}

int main(void)
{
	make_typical_ok();
	test_typical();
	test_errors();
	test_render();
	test_store();
	test_multi_bss();
	test_cr_at_end();
	test_psk_file();
	return h_summary("conf");
}
