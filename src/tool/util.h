/* Small helpers shared by the wsc program's commands. */
#ifndef WSC_TOOL_UTIL_H
#define WSC_TOOL_UTIL_H

#include <stdio.h>

#include "wsc/wsc.h"

int mac_parse(const char *s, uint8_t mac[6]);
void mac_format(const uint8_t mac[6], char out[18]);
/* SSID for printing: printable bytes as is, others as \xNN. */
void ssid_print(const uint8_t *ssid, size_t len, char *out, size_t cap);

/* The program's log sink for libwsc (stderr, with a prefix). */
void tool_log(void *ud, int level, const char *line);
/* Monotonic milliseconds. */
uint64_t now_ms(void);

/* Print a credential: ssid, auth, encr; the key only if show_key. */
void cred_print(FILE *f, const char *prefix, const wsc_cred *c,
		bool show_key);
/* s[0..n) as a JSON string, quoted and escaped. */
void json_str(FILE *f, const uint8_t *s, size_t n);
/* Credential as a JSON object (key included only if show_key). */
void cred_json(FILE *f, const wsc_cred *c, bool show_key);
/* Atomically replace path with data (temp file, fsync, rename, fsync dir). */
int write_file_atomic(const char *path, const char *data, size_t len);
/* The same, the file ending as the caller's, mode 0600 (whatever it was). */
int write_file_private(const char *path, const char *data, size_t len);
/* The whole of a text file (at most max bytes, no NUL byte), NUL-ended,
 * *len its length; the caller wipes and frees it. NULL with a message
 * ("PATH: why") in err. */
char *read_text_file(const char *path, size_t max, size_t *len, char *err,
		     size_t cap);
/* A secret given as a command-line argument (a PIN, a passphrase) into
 * out[cap]: "-" reads a line of standard input, "@FILE" the first line of
 * FILE; anything else is the secret itself, and its bytes in argv are
 * overwritten so that ps and /proc/PID/cmdline no longer show it. 0, or
 * -1 with a message in err. */
int secret_arg(char *arg, char *out, size_t cap, char *err, size_t errcap);
/* The crypto backend's one-time set-up (OpenSSL loads its configuration
 * and provider and fetches its algorithms on first use), done now: at
 * start-up rather than inside the first run. */
void crypto_warm_up(void);
/* Remove PATH.tmp.PID files whose writer is gone. */
void clean_stale_temps(const char *path);

#endif
