/* Private to `wsc ap`: the daemon's state, shared by its files. */
#ifndef WSC_AP_H
#define WSC_AP_H

#include <stdint.h>

#include "ctrl.h"
#include "hostapd_conf.h"
#include "transport_linux.h"
#include "wsc/wsc.h"

#define MAX_STA 64
#define MAX_PINS 16
#define PBC_MONITOR_MS 120000u

struct ap;

struct station {
	struct ap *ap;
	uint8_t mac[6];
	wsc_eap_auth *auth;
	bool in_use;
	int pin_slot;          /* registrar PIN entry in use, -1 none */
	bool enrollee_role;    /* this AP is the enrollee in this run */
	bool pbc_run;          /* a push-button run is under way */
	bool m2d;              /* this run was answered with M2D */
	wsc_cred new_settings; /* from an external registrar's M8 */
	bool have_new;
	wsc_cred own;          /* this run's per-device PSK (wpa_psk_file) */
	bool has_own;
};

/* A registrar PIN armed with wps_pin: bound to a UUID, a MAC, or any. */
struct pin_entry {
	bool used;
	char pin[9];
	bool any;
	uint8_t uuid[16];
	bool has_mac;
	uint8_t mac[6];
	uint64_t expires;      /* monotonic ms */
	uint64_t seq;          /* order armed: hostapd tries the newest first */
	struct station *holder;
};

/* What survives restarts: the AP PIN and the lockout counters. */
struct ap_persist {
	char ap_pin[9];        /* runtime AP PIN ("" = disabled) */
	bool ap_pin_set;       /* overrides the file's ap_pin */
	unsigned failures;     /* consecutive wrong AP PINs */
	int64_t locked_until;  /* wall clock seconds; 0 none */
	bool locked_forever;   /* until an operator acts */
};

enum pbc_status { PBC_DISABLED, PBC_ACTIVE, PBC_TIMEOUT, PBC_OVERLAP };

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
	bool configured;
	wsc_cred pending;      /* invented settings while unconfigured */
	bool have_pending;
	struct ap_persist st;
	uint64_t ap_pin_expires;   /* monotonic ms, 0 none */

	bool pbc_armed;
	uint64_t pbc_until;
	enum pbc_status pbc_status;
	uint64_t pin_seq;
	struct pin_entry pins[MAX_PINS];
	struct { uint8_t uuid[16]; uint64_t t; bool used; } pbc_seen[8];
	int last_result;       /* 0 none, 1 success, -1 failed */
	uint8_t last_peer[6];

	uint64_t walk_ms;
	bool show_keys, once, use_syslog;
	int log_level;
	int once_result;       /* -1 running */
	struct station sta[MAX_STA];
};

/* ap.c */
void ap_event(struct ap *ap, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ap_apply_settings(struct ap *ap, const wsc_cred *c);
int ap_reload(struct ap *ap, char *err, size_t cap);
void ap_arm_pbc(struct ap *ap, uint64_t now);
void ap_cancel(struct ap *ap);
int ap_add_pin(struct ap *ap, const char *who, const char *pin,
	       uint64_t timeout_ms, const char *addr, uint64_t now);
bool ap_pbc_overlap(struct ap *ap, uint64_t now);

/* ap_ctrl.c: the control commands */
size_t ap_ctrl_handle(void *ud, char *cmd, char *reply, size_t cap);

/* ap_state.c: persistence and the AP PIN lockout */
int ap_state_load(struct ap *ap, char *err, size_t cap);
int ap_state_save(struct ap *ap);
const char *ap_current_pin(const struct ap *ap);
bool ap_locked(struct ap *ap, int64_t wall_now);
void ap_pin_failed(struct ap *ap, int64_t wall_now);
void ap_pin_succeeded(struct ap *ap);
void ap_pin_reset_lock(struct ap *ap);

#endif
