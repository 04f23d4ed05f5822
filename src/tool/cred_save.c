/* The credential in wpa_supplicant, NetworkManager and iwd files (see
 * cred_save.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "cred_save.h"
#include "util.h"

#define FILE_CAP 2048

/* Appending to a fixed buffer; a write that does not fit marks it full. */
struct out {
	char *p;
	size_t len, cap;
	bool full;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len)
		o->full = true;
	else
		o->len += (size_t)n;
}

static int done(const struct out *o)
{
	return o->full ? -ENOSPC : (int)o->len;
}

static bool is_open(const wsc_cred *c)
{
	return c->auth_type == WSC_AUTH_OPEN && c->encr_type == WSC_ENCR_NONE;
}

/* WPA/WPA2-Personal with a passphrase or a 64-digit PSK */
static bool is_psk(const wsc_cred *c)
{
	return c->auth_type &&
	       !(c->auth_type & ~(WSC_AUTH_WPAPSK | WSC_AUTH_WPA2PSK)) &&
	       (c->encr_type & (WSC_ENCR_AES | WSC_ENCR_TKIP)) &&
	       !(c->encr_type & ~(WSC_ENCR_AES | WSC_ENCR_TKIP)) &&
	       c->key_len >= 8 && c->key_len <= 64;
}

static bool printable(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/* ------------------------------------------------ wpa_supplicant */

int format_wpa_network(const wsc_cred *c, char *buf, size_t cap)
{
	struct out o = { buf, 0, cap, false };
	char hex[65];

	if (!is_open(c) && !is_psk(c))
		return -ENOTSUP;
	/* as wpa_supplicant writes it: quoted when every byte prints */
	if (printable(c->ssid, c->ssid_len)) {
		put(&o, "network={\n\tssid=\"%.*s\"\n", c->ssid_len,
		    (const char *)c->ssid);
	} else {
		wsc_hex_encode(c->ssid, c->ssid_len, hex);
		put(&o, "network={\n\tssid=%s\n", hex);
	}
	if (is_open(c)) {
		put(&o, "\tkey_mgmt=NONE\n}\n");
		return done(&o);
	}
	const char *proto = c->auth_type == WSC_AUTH_WPA2PSK ? "RSN" :
			    c->auth_type == WSC_AUTH_WPAPSK ? "WPA" : "RSN WPA";
	const char *pairwise = c->encr_type == (WSC_ENCR_AES | WSC_ENCR_TKIP) ?
				       "CCMP TKIP" :
			       c->encr_type == WSC_ENCR_AES ? "CCMP" : "TKIP";
	put(&o, "\tproto=%s\n\tkey_mgmt=WPA-PSK\n\tpairwise=%s\n", proto,
	    pairwise);
	if (c->key_len == 64)
		put(&o, "\tpsk=%.64s\n}\n", (const char *)c->key);
	else
		put(&o, "\tpsk=\"%.*s\"\n}\n", c->key_len, (const char *)c->key);
	return done(&o);
}

int save_wpa_networks(const char *path, const wsc_cred *c, size_t n)
{
	char buf[FILE_CAP * 4];
	size_t len = 0;
	int r = 0;

	for (size_t i = 0; i < n && r >= 0; i++) {
		r = format_wpa_network(&c[i], buf + len, sizeof(buf) - len);
		len += r > 0 ? (size_t)r : 0;
	}
	if (r >= 0)
		r = write_file_atomic(path, buf, len);
	wsc_wipe(buf, sizeof(buf));
	return r < 0 ? r : 0;
}

/* ---------------------------------------------- GLib/ell keyfiles */

/* A string value as GKeyFile and ell's l_settings read it back: the
 * backslash doubled, spaces at either end as \s (both trim them). The
 * text must be printable ASCII. */
static void put_escaped(struct out *o, const uint8_t *s, size_t n)
{
	size_t lead = 0, trail = n;

	while (lead < n && s[lead] == ' ')
		lead++;
	while (trail > lead && s[trail - 1] == ' ')
		trail--;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' && (i < lead || i >= trail))
			put(o, "\\s");
		else if (s[i] == '\\')
			put(o, "\\\\");
		else
			put(o, "%c", s[i]);
	}
}

/* An SSID NetworkManager reads as text: printable, nothing GKeyFile
 * would treat specially. Others go as a list of byte values. */
static bool nm_plain_ssid(const wsc_cred *c)
{
	return printable(c->ssid, c->ssid_len) &&
	       !memchr(c->ssid, ';', c->ssid_len) &&
	       !memchr(c->ssid, '\\', c->ssid_len) && c->ssid[0] != ' ' &&
	       c->ssid[c->ssid_len - 1] != ' ';
}

/* The connection's name: the SSID where it prints, '_' elsewhere. */
static void nm_id(const wsc_cred *c, char *out, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < c->ssid_len && k + 1 < cap; i++)
		out[k++] = c->ssid[i] >= 0x20 && c->ssid[i] <= 0x7e &&
				   c->ssid[i] != '\\' ? (char)c->ssid[i] : '_';
	out[k] = '\0';
}

void nm_file_name(const wsc_cred *c, char *out, size_t cap)
{
	char id[33];

	nm_id(c, id, sizeof(id));
	/* a file name: no '/', and not a hidden file */
	for (char *p = id; *p; p++)
		if (*p == '/' || (p == id && *p == '.'))
			*p = '_';
	snprintf(out, cap, "%s.nmconnection", id);
}

int format_nm_keyfile(const wsc_cred *c, const char *uuid, char *buf,
		      size_t cap)
{
	struct out o = { buf, 0, cap, false };
	char id[33];

	if (!c->ssid_len || (!is_open(c) && !is_psk(c)))
		return -ENOTSUP;
	nm_id(c, id, sizeof(id));
	put(&o, "[connection]\nid=");
	put_escaped(&o, (const uint8_t *)id, strlen(id));
	put(&o, "\nuuid=%s\ntype=wifi\n\n[wifi]\nmode=infrastructure\nssid=",
	    uuid);
	if (nm_plain_ssid(c))
		put(&o, "%.*s", c->ssid_len, (const char *)c->ssid);
	else
		for (size_t i = 0; i < c->ssid_len; i++)
			put(&o, "%u;", c->ssid[i]);
	put(&o, "\n\n");
	if (is_psk(c)) {
		put(&o, "[wifi-security]\nkey-mgmt=wpa-psk\n");
		if (c->auth_type == WSC_AUTH_WPA2PSK)
			put(&o, "proto=rsn\n");
		else if (c->auth_type == WSC_AUTH_WPAPSK)
			put(&o, "proto=wpa\n");
		put(&o, "psk=");
		put_escaped(&o, c->key, c->key_len);
		put(&o, "\n\n");
	}
	put(&o, "[ipv4]\nmethod=auto\n\n[ipv6]\nmethod=auto\n");
	return done(&o);
}

/* A random (version 4) UUID for a new connection. */
static int new_uuid(char out[37])
{
	uint8_t u[WSC_UUID_LEN];

	if (getrandom(u, sizeof(u), 0) != (ssize_t)sizeof(u))
		return -errno;
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
	wsc_uuid_format(u, out);
	return 0;
}

/* Write one file per credential under dir; name and body from the
 * callbacks. */
static int save_each(const char *dir, const wsc_cred *c, size_t n,
		     bool nm, char *written, size_t cap)
{
	char buf[FILE_CAP], name[128], path[4096], uuid[37];
	int r = 0;

	for (size_t i = 0; i < n && r >= 0; i++) {
		if (nm) {
			nm_file_name(&c[i], name, sizeof(name));
			r = new_uuid(uuid);
			if (r == 0)
				r = format_nm_keyfile(&c[i], uuid, buf,
						      sizeof(buf));
		} else {
			iwd_file_name(&c[i], name, sizeof(name));
			r = format_iwd_profile(&c[i], buf, sizeof(buf));
		}
		if (r < 0)
			break;
		if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
		    (int)sizeof(path)) {
			r = -ENAMETOOLONG;
			break;
		}
		/* the same SSID twice: the first (the AP's) stays */
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup = dup || (c[j].ssid_len == c[i].ssid_len &&
				      !memcmp(c[j].ssid, c[i].ssid,
					      c[i].ssid_len));
		if (dup)
			continue;
		r = write_file_private(path, buf, (size_t)r);
		if (r == 0 && written)
			snprintf(written, cap, "%s", path);
	}
	wsc_wipe(buf, sizeof(buf));
	return r < 0 ? r : 0;
}

int save_nm_keyfiles(const char *dir, const wsc_cred *c, size_t n,
		     char *written, size_t cap)
{
	return save_each(dir, c, n, true, written, cap);
}

/* -------------------------------------------------------------- iwd */

void iwd_file_name(const wsc_cred *c, char *out, size_t cap)
{
	const char *ext = is_open(c) ? "open" : "psk";
	bool plain = c->ssid_len > 0;
	char hex[65];

	/* iwd's rule: alphanumerics, ' ', '_' and '-' as they are, any
	 * other SSID as '=' and its hex */
	for (size_t i = 0; i < c->ssid_len; i++) {
		uint8_t b = c->ssid[i];
		plain = plain && ((b >= '0' && b <= '9') ||
				  (b >= 'a' && b <= 'z') ||
				  (b >= 'A' && b <= 'Z') || b == ' ' ||
				  b == '_' || b == '-');
	}
	if (plain) {
		snprintf(out, cap, "%.*s.%s", c->ssid_len, (const char *)c->ssid,
			 ext);
	} else {
		wsc_hex_encode(c->ssid, c->ssid_len, hex); /* lower case, as iwd */
		snprintf(out, cap, "=%s.%s", hex, ext);
	}
}

int format_iwd_profile(const wsc_cred *c, char *buf, size_t cap)
{
	struct out o = { buf, 0, cap, false };

	if (!c->ssid_len || (!is_open(c) && !is_psk(c)))
		return -ENOTSUP;
	if (is_open(c)) {
		put(&o, "[Settings]\nAutoConnect=true\n");
		return done(&o);
	}
	put(&o, "[Security]\n");
	if (c->key_len == 64) {
		put(&o, "PreSharedKey=%.64s\n", (const char *)c->key);
	} else {
		put(&o, "Passphrase=");
		put_escaped(&o, c->key, c->key_len);
		put(&o, "\n");
	}
	put(&o, "\n[Settings]\nAutoConnect=true\n");
	return done(&o);
}

int save_iwd_profiles(const char *dir, const wsc_cred *c, size_t n,
		      char *written, size_t cap)
{
	return save_each(dir, c, n, false, written, cap);
}
