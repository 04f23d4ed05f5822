#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int mac_parse(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		size_t n;
		if (strnlen(s, 2) < 2 || wsc_hex_decode(s, 2, &mac[i], 1, &n))
			return -1;
		s += 2;
		if (i < 5 && *s++ != ':')
			return -1;
	}
	return *s ? -1 : 0;
}

void mac_format(const uint8_t m[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

void ssid_print(const uint8_t *ssid, size_t len, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < len && o + 5 < cap; i++) {
		if (ssid[i] >= 0x20 && ssid[i] < 0x7f && ssid[i] != '\\')
			out[o++] = (char)ssid[i];
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x",
					      ssid[i]);
	}
	out[o] = '\0';
}

void tool_log(void *ud, int level, const char *line)
{
	(void)ud;
	fprintf(stderr, "%s%s\n", level == WSC_LOG_ERROR ? "error: " : "wsc: ",
		line);
}

uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void cred_print(FILE *f, const char *prefix, const wsc_cred *c, bool show_key)
{
	char ssid[140];

	ssid_print(c->ssid, c->ssid_len, ssid, sizeof(ssid));
	fprintf(f, "%sssid=\"%s\" auth=%s encr=%s key=", prefix, ssid,
		wsc_auth_name(c->auth_type), wsc_encr_name(c->encr_type));
	if (show_key)
		fprintf(f, "\"%.*s\"\n", c->key_len, (const char *)c->key);
	else
		fprintf(f, "[hidden, %u characters]\n", c->key_len);
}

void json_str(FILE *f, const uint8_t *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fprintf(f, "\\%c", s[i]);
		else if (s[i] < 0x20 || s[i] >= 0x7f)
			fprintf(f, "\\u%04x", s[i]);
		else
			fputc(s[i], f);
	}
	fputc('"', f);
}

void cred_json(FILE *f, const wsc_cred *c, bool show_key)
{
	fprintf(f, "{\"ssid\":");
	json_str(f, c->ssid, c->ssid_len);
	fprintf(f, ",\"auth\":\"%s\",\"encr\":\"%s\"",
		wsc_auth_name(c->auth_type), wsc_encr_name(c->encr_type));
	if (show_key) {
		fprintf(f, ",\"key\":");
		json_str(f, c->key, c->key_len);
	}
	fprintf(f, "}");
}

static int write_file(const char *path, const char *data, size_t len,
		      bool keep_mode)
{
	char tmp[4096], dir[4096];
	struct stat st;
	int fd, dfd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	/* a rewritten file keeps its owner and mode */
	if (keep_mode && stat(path, &st) == 0) {
		if (fchown(fd, st.st_uid, st.st_gid) < 0) {
			/* not ours to give away: keep our ownership */
		}
		fchmod(fd, st.st_mode & 07777);
	}
	for (size_t off = 0; off < len && !err;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n > 0)
			off += (size_t)n;
	}
	if (!err && fsync(fd) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	if (err) {
		unlink(tmp);
		return err;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

char *read_text_file(const char *path, size_t max, size_t *len, char *err,
		     size_t cap)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;

	if (!f) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || (size_t)n > max ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		snprintf(err, cap, "%s: unreadable or too large", path);
		return NULL;
	}
	text = malloc((size_t)n + 1);
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		fclose(f);
		snprintf(err, cap, "%s: read failed", path);
		return NULL;
	}
	text[n] = '\0';
	fclose(f);
	if (strlen(text) != (size_t)n) {
		wsc_wipe(text, (size_t)n);
		free(text);
		snprintf(err, cap, "%s: contains a NUL byte", path);
		return NULL;
	}
	*len = (size_t)n;
	return text;
}

int write_file_atomic(const char *path, const char *data, size_t len)
{
	return write_file(path, data, len, true);
}

int write_file_private(const char *path, const char *data, size_t len)
{
	return write_file(path, data, len, false);
}

void clean_stale_temps(const char *path)
{
	char dir[4096], base[4096], prefix[4200], full[8400];
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(base, sizeof(base), "%s", path);
	snprintf(prefix, sizeof(prefix), "%s.tmp.", basename(base));
	const char *dn = dirname(dir);
	d = opendir(dn);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char *end;
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		long pid = strtol(e->d_name + strlen(prefix), &end, 10);
		/* a writer that died (kill -9) mid-write left it behind */
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno == ESRCH)) {
			snprintf(full, sizeof(full), "%s/%s", dn, e->d_name);
			unlink(full);
		}
	}
	closedir(d);
}

/* One line (without its end) of f into out: 0, or -1 (nothing, too long) */
static int read_line(FILE *f, char *out, size_t cap)
{
	char buf[256];

	if (!fgets(buf, sizeof(buf), f)) {
		wsc_wipe(buf, sizeof(buf));
		return -1;
	}
	size_t n = strcspn(buf, "\r\n");
	int r = n < cap && (buf[n] || feof(f)) ? 0 : -1;
	if (!r) {
		memcpy(out, buf, n);
		out[n] = '\0';
	}
	wsc_wipe(buf, sizeof(buf));
	return r;
}

int secret_arg(char *arg, char *out, size_t cap, char *err, size_t errcap)
{
	size_t n = strlen(arg);

	if (!strcmp(arg, "-")) {
		if (read_line(stdin, out, cap)) {
			snprintf(err, errcap, "no secret on standard input "
				 "(one line, at most %zu characters)", cap - 1);
			return -1;
		}
		return 0;
	}
	if (arg[0] == '@') {
		FILE *f = fopen(arg + 1, "r");
		if (!f) {
			snprintf(err, errcap, "%s: %s", arg + 1, strerror(errno));
			return -1;
		}
		int r = read_line(f, out, cap);
		fclose(f);
		if (r)
			snprintf(err, errcap, "%s: no secret on its first line "
				 "(at most %zu characters)", arg + 1, cap - 1);
		return r;
	}
	if (n >= cap) {
		snprintf(err, errcap, "too long (at most %zu characters)",
			 cap - 1);
		return -1;
	}
	memcpy(out, arg, n + 1);
	/* what ps shows from now on; the window before is the exec's */
	memset(arg, 'x', n);
	return 0;
}

void crypto_warm_up(void)
{
	const wsc_crypto *c = wsc_crypto_default();
	uint8_t out[32];

	(void)c->sha256(c->ctx, NULL, 0, out);
	wsc_wipe(out, sizeof(out));
}
