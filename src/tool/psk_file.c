/*
 * hostapd's wpa_psk_file: one PSK per station. A line is
 *     [keyid=ID] [vlanid=N] [wps=0|1] MAC PSK
 * with MAC a station's address (00:00:00:00:00:00: any station) and PSK 64
 * hex digits or a passphrase of 8..63 characters; '#' starts a comment
 * line. With the file named, a WPS registrar hands each enrollee a PSK of
 * its own (32 random bytes, as 64 hex digits) and records it as
 * "wps=1 MAC PSK", which hostapd reads for the 4-way handshake.
 *
 * hostapd appends with fopen("a"), so a crash can leave half a line, and
 * OpenWrt keeps the file under /var/run, so the PSKs are lost at reboot.
 * Here the file is rewritten atomically (temp file, fsync, rename) with
 * the new line; an earlier wps=1 line for the same station, which the new
 * one overrides for hostapd anyway, is dropped so that re-enrolling does
 * not grow the file. Every other byte is kept.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "psk_file.h"
#include "util.h"

#define PSK_FILE_MAX (1u << 20)

static bool is_hex64(const char *s, size_t n)
{
	return n == 64 && strspn(s, "0123456789abcdefABCDEF") >= 64;
}

/* One line (without its newline): 0 if valid; *wps_mac set when it is a
 * wps=1 line (for the station mac). */
static int check_line(const char *l, size_t n, uint8_t mac[6], bool *wps1,
		      const char **why)
{
	char buf[256], *p = buf, *sp;
	size_t psk_len;

	*wps1 = false;
	if (n == 0 || l[0] == '#')
		return 1; /* nothing to check */
	if (n >= sizeof(buf)) {
		*why = "line too long";
		return -1;
	}
	memcpy(buf, l, n);
	buf[n] = '\0';
	/* NAME=VALUE options, as hostapd 2.10 reads them: keyid, vlanid
	 * and wps (numbers read as atoi() does); any other is an error */
	while ((sp = strchr(p, ' ')) && memchr(p, '=', (size_t)(sp - p))) {
		*sp = '\0';
		if (!strncmp(p, "wps=", 4))
			*wps1 = atoi(p + 4) != 0;
		else if (strncmp(p, "keyid=", 6) && strncmp(p, "vlanid=", 7)) {
			*why = "unrecognized option (keyid=, vlanid=, wps=)";
			goto bad;
		}
		p = sp + 1;
	}
	sp = strchr(p, ' ');
	if (!sp) {
		*why = "no PSK after the MAC address";
		goto bad;
	}
	*sp = '\0';
	if (mac_parse(p, mac)) {
		*why = "invalid MAC address";
		goto bad;
	}
	p = sp + 1;
	psk_len = strlen(p);
	if (!(is_hex64(p, psk_len) || (psk_len >= 8 && psk_len <= 63))) {
		*why = "invalid PSK (64 hex digits or 8..63 characters)";
		goto bad;
	}
	wsc_wipe(buf, sizeof(buf));
	return 0;
bad:
	wsc_wipe(buf, sizeof(buf));
	return -1;
}

/* Walk text line by line; drop (from out, if given) wps=1 lines for
 * drop_mac. Returns 0 or -1 with the line's message. */
static int walk(const char *text, size_t len, const char *path,
		const uint8_t *drop_mac, char *out, size_t *out_len,
		char *err, size_t cap)
{
	size_t line = 0, o = 0;

	for (size_t i = 0; i < len;) {
		const char *l = text + i, *nl = memchr(l, '\n', len - i);
		size_t n = nl ? (size_t)(nl - l) : len - i;
		size_t whole = nl ? n + 1 : n;
		uint8_t mac[6];
		bool wps1;
		const char *why = NULL;
		int r;

		line++;
		r = check_line(l, n, mac, &wps1, &why);
		if (r < 0) {
			snprintf(err, cap, "%s:%zu: %s", path, line, why);
			return -1;
		}
		if (out && !(r == 0 && wps1 && drop_mac &&
			     !memcmp(mac, drop_mac, 6))) {
			memcpy(out + o, l, whole);
			o += whole;
		}
		i += whole;
	}
	if (out_len)
		*out_len = o;
	return 0;
}

int psk_file_check(const char *path, char *err, size_t cap)
{
	size_t len;
	char *text = read_text_file(path, PSK_FILE_MAX, &len, err, cap);
	char dir[4096];
	int r;

	if (!text)
		return -1;
	r = walk(text, len, path, NULL, NULL, NULL, err, cap);
	wsc_wipe(text, len);
	free(text);
	if (r)
		return -1;
	/* the PSKs are handed out only if they can be recorded */
	snprintf(dir, sizeof(dir), "%s", path);
	if (access(path, W_OK) || access(dirname(dir), W_OK | X_OK)) {
		snprintf(err, cap, "%s: cannot be rewritten (%s): per-device "
			 "PSKs could not be recorded", path, strerror(errno));
		return -1;
	}
	return 0;
}

int psk_file_add(const char *path, const uint8_t mac[6], const char *psk_hex,
		 char *err, size_t cap)
{
	size_t len, o = 0;
	char *text = read_text_file(path, PSK_FILE_MAX, &len, err, cap);
	char *out, macs[18];
	int r = -1;

	if (!text)
		return -1;
	out = malloc(len + 100);
	if (!out) {
		snprintf(err, cap, "%s: out of memory", path);
		goto done;
	}
	if (walk(text, len, path, mac, out, &o, err, cap))
		goto done;
	if (o && out[o - 1] != '\n')
		out[o++] = '\n';
	mac_format(mac, macs);
	o += (size_t)snprintf(out + o, 100, "wps=1 %s %.64s\n", macs, psk_hex);
	r = write_file_atomic(path, out, o);
	if (r) {
		snprintf(err, cap, "%s: %s", path, strerror(-r));
		r = -1;
	}
done:
	wsc_wipe(text, len);
	free(text);
	if (out) {
		wsc_wipe(out, len + 100);
		free(out);
	}
	return r;
}
