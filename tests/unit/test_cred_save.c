/* The credential in wpa_supplicant, NetworkManager and iwd files: the
 * bytes of each format, the names, the files on disk (atomic, mode 0600,
 * nothing written for a credential a format cannot hold). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cred_save.h"
#include "harness.h"

static wsc_cred cred(const char *ssid, size_t ssid_len, const char *key,
		     uint16_t auth, uint16_t encr)
{
	wsc_cred c;

	memset(&c, 0, sizeof(c));
	memcpy(c.ssid, ssid, ssid_len);
	c.ssid_len = (uint8_t)ssid_len;
	c.key_len = (uint8_t)strlen(key);
	memcpy(c.key, key, c.key_len);
	c.auth_type = auth;
	c.encr_type = encr;
	return c;
}

static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void test_wpa(void)
{
	char buf[1024];
	wsc_cred c = cred("home", 4, "secret-pass", WSC_AUTH_WPA2PSK, WSC_ENCR_AES);

	CHECK_INT(format_wpa_network(&c, buf, sizeof(buf)), (int)strlen(buf));
	CHECK_STR(buf, "network={\n\tssid=\"home\"\n\tproto=RSN\n\tkey_mgmt=WPA-PSK\n"
		       "\tpairwise=CCMP\n\tpsk=\"secret-pass\"\n}\n");
	/* a byte that does not print: the SSID in hex, as wpa_supplicant
	 * writes it */
	c = cred("a\tb\xff", 4, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		 WSC_AUTH_WPAPSK | WSC_AUTH_WPA2PSK, WSC_ENCR_AES | WSC_ENCR_TKIP);
	format_wpa_network(&c, buf, sizeof(buf));
	CHECK_STR(buf, "network={\n\tssid=610962ff\n\tproto=RSN WPA\n\tkey_mgmt=WPA-PSK\n"
		       "\tpairwise=CCMP TKIP\n\tpsk=0123456789abcdef0123456789abcdef"
		       "0123456789abcdef0123456789abcdef\n}\n");
	c = cred("open net", 8, "", WSC_AUTH_OPEN, WSC_ENCR_NONE);
	format_wpa_network(&c, buf, sizeof(buf));
	CHECK_STR(buf, "network={\n\tssid=\"open net\"\n\tkey_mgmt=NONE\n}\n");
	/* WEP and Enterprise have no place here */
	c = cred("wep", 3, "12345", WSC_AUTH_OPEN, WSC_ENCR_WEP);
	CHECK_INT(format_wpa_network(&c, buf, sizeof(buf)), -ENOTSUP);
	c = cred("ent", 3, "", WSC_AUTH_WPA2, WSC_ENCR_AES);
	CHECK_INT(format_wpa_network(&c, buf, sizeof(buf)), -ENOTSUP);
	c = cred("home", 4, "secret-pass", WSC_AUTH_WPA2PSK, WSC_ENCR_AES);
	CHECK_INT(format_wpa_network(&c, buf, 20), -ENOSPC);
}

static void test_nm(void)
{
	char buf[2048], name[128];
	const char *uuid = "12345678-9abc-4def-8123-456789abcdef";
	wsc_cred c = cred("home", 4, "secret-pass", WSC_AUTH_WPA2PSK, WSC_ENCR_AES);

	CHECK(format_nm_keyfile(&c, uuid, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "[connection]\nid=home\nuuid=12345678-9abc-4def-8123-456789abcdef\n"
		       "type=wifi\n\n[wifi]\nmode=infrastructure\nssid=home\n\n"
		       "[wifi-security]\nkey-mgmt=wpa-psk\nproto=rsn\npsk=secret-pass\n\n"
		       "[ipv4]\nmethod=auto\n\n[ipv6]\nmethod=auto\n");
	nm_file_name(&c, name, sizeof(name));
	CHECK_STR(name, "home.nmconnection");
	/* spaces at the ends and a backslash survive GKeyFile's reading; an
	 * SSID with ';' goes as byte values; '/' and a leading '.' never
	 * reach the file name */
	c = cred(".a/b;", 5, " pass\\word ", WSC_AUTH_WPA2PSK, WSC_ENCR_AES);
	format_nm_keyfile(&c, uuid, buf, sizeof(buf));
	CHECK(strstr(buf, "\nssid=46;97;47;98;59;\n") != NULL);
	CHECK(strstr(buf, "\npsk=\\spass\\\\word\\s\n") != NULL);
	CHECK(strstr(buf, "\nid=.a/b;\n") != NULL);
	nm_file_name(&c, name, sizeof(name));
	CHECK_STR(name, "_a_b;.nmconnection");
	/* mixed mode: no proto line, NetworkManager allows both */
	c = cred("mix", 3, "secret-pass", WSC_AUTH_WPAPSK | WSC_AUTH_WPA2PSK,
		 WSC_ENCR_AES | WSC_ENCR_TKIP);
	format_nm_keyfile(&c, uuid, buf, sizeof(buf));
	CHECK(strstr(buf, "proto=") == NULL);
	c = cred("open", 4, "", WSC_AUTH_OPEN, WSC_ENCR_NONE);
	format_nm_keyfile(&c, uuid, buf, sizeof(buf));
	CHECK(strstr(buf, "wifi-security") == NULL);
}

static void test_iwd(void)
{
	char buf[1024], name[128];
	wsc_cred c = cred("My Net_1-x", 10, "secret pass ", WSC_AUTH_WPA2PSK,
			  WSC_ENCR_AES);

	iwd_file_name(&c, name, sizeof(name));
	CHECK_STR(name, "My Net_1-x.psk");
	format_iwd_profile(&c, buf, sizeof(buf));
	CHECK_STR(buf, "[Security]\nPassphrase=secret pass\\s\n\n[Settings]\nAutoConnect=true\n");
	/* any other byte: the SSID in lower-case hex after '=' */
	c = cred("caf\xc3\xa9!", 6, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		 WSC_AUTH_WPA2PSK, WSC_ENCR_AES);
	iwd_file_name(&c, name, sizeof(name));
	CHECK_STR(name, "=636166c3a921.psk");
	format_iwd_profile(&c, buf, sizeof(buf));
	CHECK(strstr(buf, "PreSharedKey=0123456789abcdef0123") != NULL);
	c = cred("cafe", 4, "", WSC_AUTH_OPEN, WSC_ENCR_NONE);
	iwd_file_name(&c, name, sizeof(name));
	CHECK_STR(name, "cafe.open");
}

static void test_files(void)
{
	char dir[] = "/tmp/wsc-cred-XXXXXX", path[256], written[256], *t;
	struct stat st;
	wsc_cred c[3] = {
		cred("first", 5, "first-pass", WSC_AUTH_WPA2PSK, WSC_ENCR_AES),
		cred("second", 6, "second-pass", WSC_AUTH_WPA2PSK, WSC_ENCR_AES),
		cred("wep", 3, "12345", WSC_AUTH_OPEN, WSC_ENCR_WEP) };

	if (!mkdtemp(dir)) {
		CHECK_MSG(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	/* several credentials: one file, blocks in the given order */
	snprintf(path, sizeof(path), "%s/wpa.conf", dir);
	CHECK_INT(save_wpa_networks(path, c, 2), 0);
	t = slurp(path);
	CHECK(t && strstr(t, "ssid=\"first\"") < strstr(t, "ssid=\"second\""));
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	/* a credential the format cannot hold: the old file stays as it was */
	CHECK_INT(save_wpa_networks(path, c + 1, 2), -ENOTSUP);
	t = slurp(path);
	CHECK(t && strstr(t, "ssid=\"first\"") != NULL);

	/* NetworkManager: 0600 even over a file that was world-readable */
	snprintf(path, sizeof(path), "%s/first.nmconnection", dir);
	int fd = open(path, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0 && write(fd, "old\n", 4) == 4);
	close(fd);
	chmod(path, 0644);
	CHECK_INT(save_nm_keyfiles(dir, c, 2, written, sizeof(written)), 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	t = slurp(path);
	CHECK(t && strstr(t, "psk=first-pass\n") != NULL);
	snprintf(path, sizeof(path), "%s/second.nmconnection", dir);
	CHECK_STR(written, path);

	CHECK_INT(save_iwd_profiles(dir, c, 1, written, sizeof(written)), 0);
	snprintf(path, sizeof(path), "%s/first.psk", dir);
	CHECK_STR(written, path);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	/* a directory that does not exist */
	CHECK_INT(save_iwd_profiles("/nonexistent/dir", c, 1, NULL, 0), -ENOENT);

	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

int main(void)
{
	test_wpa();
	test_nm();
	test_iwd();
	test_files();
	return h_summary("cred_save");
}
