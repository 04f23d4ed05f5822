/* hostapd's wpa_psk_file: checked at start, per-device PSKs recorded. */
#ifndef WSC_TOOL_PSK_FILE_H
#define WSC_TOOL_PSK_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 0 if every line is one hostapd 2.10 accepts and the file can be
 * rewritten in place; -1 with "PATH:LINE: why" or "PATH: why" in err. */
int psk_file_check(const char *path, char *err, size_t cap);
/* Record "wps=1 MAC PSK" (psk_hex: 64 hex digits) atomically, dropping an
 * earlier wps=1 line for the same MAC; every other line kept. 0 or -1 with
 * a message in err (the file unchanged). */
int psk_file_add(const char *path, const uint8_t mac[6], const char *psk_hex,
		 char *err, size_t cap);

#endif
