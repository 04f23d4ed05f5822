/* Private to `wsc ap`: the daemon's state, shared by its files. */
#ifndef WSC_AP_H
#define WSC_AP_H

#include <stdint.h>

#include "ctrl.h"
#include "hostapd_conf.h"
#include "transport_linux.h"
#include "wsc/wsc.h"

struct ap {
	const char *conf_path;
	const char *bss;       /* -i: the BSS of a multi-BSS file, or NULL */
	const char *state_path;
	char ifname[32];
	struct ap_conf conf;
	wsc_device dev;
	struct eapol_sock sock;
	struct ctrl ctrl;
	bool ctrl_on;
	wsc_env env;
	wsc_ap *w;             /* libwsc's AP: every WPS rule lives there */
	bool configured;       /* mirrors of the library's, for STATUS */
	bool state_ok;         /* the state file could be written */
	bool state_changed;    /* ...which changed: tell the library */

	uint64_t walk_ms;
	unsigned long dh_bits;  /* --dh-exponent-bits, 0: the library's */
	unsigned long m1_rate;  /* --m1-rate, 0: the library's */
	bool show_keys, once, use_syslog;
	int log_level;
	int once_result;       /* -1 running */
};

/* ap.c */
void ap_event(struct ap *ap, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ap_reload(struct ap *ap, char *err, size_t cap);
/* libwsc's AP for ap->conf, with the state of ap->state_path (the
 * daemon's start; the control fuzzer's too) */
int ap_lib_open(struct ap *ap, char *err, size_t cap);

/* ap_ctrl.c: the control commands */
size_t ap_ctrl_handle(void *ud, char *cmd, char *reply, size_t cap);

/* ap_state.c: the library's state blob in --state FILE */
int ap_state_read(const char *path, uint8_t *buf, size_t cap, size_t *len,
		  char *err, size_t errcap);
int ap_state_write(const char *path, const uint8_t *blob, size_t len);

#endif
