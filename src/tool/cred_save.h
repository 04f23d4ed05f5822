/*
 * The credential a station received, in the files Linux network managers
 * read: a wpa_supplicant network block, a NetworkManager keyfile, an iwd
 * profile. Each file is written atomically (temp, fsync, rename) and is
 * readable by its owner only; the buffers holding keys are wiped.
 */
#ifndef WSC_TOOL_CRED_SAVE_H
#define WSC_TOOL_CRED_SAVE_H

#include <stddef.h>

#include "wsc/wsc.h"

/* `network={...}` blocks for c[0..n) in that order, into path. 0 or
 * -errno (-ENOTSUP: a credential wpa_supplicant cannot express). */
int save_wpa_networks(const char *path, const wsc_cred *c, size_t n);
/* DIR/<ssid>.nmconnection for each credential; the last path written goes
 * to written (may be NULL). 0 or -errno. */
int save_nm_keyfiles(const char *dir, const wsc_cred *c, size_t n,
		     char *written, size_t cap);
/* DIR/<ssid>.psk (or .open; =<hex>.psk when iwd wants the SSID in hex)
 * for each credential. 0 or -errno. */
int save_iwd_profiles(const char *dir, const wsc_cred *c, size_t n,
		      char *written, size_t cap);

/* Formatting, exposed for the unit test: the file for one credential into
 * buf; returns the length, or -ENOSPC / -ENOTSUP. */
int format_wpa_network(const wsc_cred *c, char *buf, size_t cap);
int format_nm_keyfile(const wsc_cred *c, const char *uuid, char *buf,
		      size_t cap);
int format_iwd_profile(const wsc_cred *c, char *buf, size_t cap);
/* The file names the two managers expect: "<id>.nmconnection" and
 * "<ssid>.psk" / "=<hex>.psk" / ".open". */
void nm_file_name(const wsc_cred *c, char *out, size_t cap);
void iwd_file_name(const wsc_cred *c, char *out, size_t cap);

#endif
