/* wsc_ap's insides, shared by ap.c (runs and events) and ap_rules.c (the
 * PIN table, the PBC monitor, the AP PIN lockout, the state blob). */
#ifndef WSC_LIB_AP_H
#define WSC_LIB_AP_H

#include "internal.h"

#define AP_LOCK_STEP 3           /* wrong AP PINs per lock step */
#define AP_LOCK_FOREVER 10       /* in a row: until the operator acts */
#define AP_LOCK_BASE_MS 60000u   /* the first lock; doubles per step */

struct ap_sta {
	bool used;
	bool done;                   /* run over, nothing left to send */
	uint64_t last;               /* its last frame: the oldest goes first */
	uint8_t mac[6];
	wsc_eap_auth *auth;
	struct wsc_ap *ap;
	int pin;                     /* PIN slot its M1 got, -1 none; held
					only once its M3 was accepted
					(ap_pin.holder) */
	int pin_id;                  /* its id: the slot may have been
					emptied and armed again since */
	bool enrollee_role;          /* the AP is the enrollee in this run */
	bool pbc_run;                /* the push-button password was given */
	bool m2d;                    /* answered M2D: no password for it */
	bool have_new;               /* an external registrar's M8 */
	wsc_cred new_settings;
	bool own_psk;                /* per-device PSK in given */
	wsc_cred given;              /* what this run hands out */
};

/* Per-MAC M1 limit: a burst of AP_M1_MAC_BURST, then one each
 * AP_M1_MAC_EVERY_MS; remembered for the last AP_M1_MACS MACs. */
#define AP_M1_MACS 32
#define AP_M1_MAC_BURST 10
#define AP_M1_MAC_EVERY_MS 1000

struct ap_pin {
	bool used;
	char pin[9];
	bool has_uuid, has_mac;
	uint8_t uuid[WSC_UUID_LEN], mac[6];
	uint64_t expires;
	uint64_t seq;                /* order armed: the newest first */
	int id;                      /* the caller's name for it */
	int holder;                  /* station whose run committed to it
					(its M3 accepted), -1 none: until
					then any number of runs may have it */
	bool withdrawn;              /* expired or cancelled: offered to no
					new M1, kept for the runs that have
					it until they end */
};

struct wsc_ap {
	wsc_env env;
	wsc_device dev;
	wsc_cred settings;           /* configured, or the SSID to keep */
	bool configured;
	wsc_cred invented;           /* unconfigured: made up on first use */
	bool have_invented;
	char file_ap_pin[9];
	bool setup_locked_cfg, per_device_psk;
	uint32_t walk_ms, retrans_ms;
	size_t fragment_size, dh_priv_bits;
	wsc_ap_event_fn on_event;
	void *event_ud;

	/* the AP PIN set at run time, and the lockout */
	bool ap_pin_set;             /* overrides file_ap_pin */
	char ap_pin[9];              /* "" disabled */
	uint64_t ap_pin_until;       /* 0 no end */
	unsigned failures;
	uint64_t locked_until;       /* 0 not locked (by time) */
	bool locked_forever;

	/* the button and the PINs */
	bool pbc_armed;
	bool pbc_overlap;            /* seen while armed: refuse until the end */
	uint64_t pbc_until;
	enum wsc_ap_pbc_status pbc_status;
	struct { uint8_t uuid[WSC_UUID_LEN]; uint64_t seen; } pbc_seen[WSC_PBC_MONITOR_MAX];
	size_t n_seen;
	struct ap_pin pins[WSC_AP_MAX_PINS];
	uint64_t pin_seq;
	int next_pin_id;

	int last_result;
	uint8_t last_peer[6];
	uint64_t now;                /* of the call under way */

	struct ap_sta *sta;
	size_t nsta;
	wsc_dh_keypair spare;        /* the next run's, made off its path */

	/* M1 rate limits: each M1 answered costs an exponentiation */
	uint32_t m1_rate;            /* per second, for all stations */
	uint64_t m1_milli;           /* tokens x 1000 */
	uint64_t m1_at;              /* when they were counted */
	struct { uint8_t mac[6]; uint64_t milli, at; } m1_mac[AP_M1_MACS];
	size_t m1_mac_next;
};

/* ap.c */
WSC_HIDDEN void ap_emit(struct wsc_ap *ap, const wsc_ap_event *ev);
WSC_HIDDEN void ap_emit_simple(struct wsc_ap *ap, enum wsc_ap_event_type t);
WSC_HIDDEN void ap_emit_state(struct wsc_ap *ap);

/* ap_rules.c */
WSC_HIDDEN const char *ap_pin_now(const struct wsc_ap *ap);
WSC_HIDDEN bool ap_locked(const struct wsc_ap *ap);
WSC_HIDDEN void ap_pin_failed(struct wsc_ap *ap);
WSC_HIDDEN void ap_pin_succeeded(struct wsc_ap *ap);
WSC_HIDDEN size_t ap_pbc_note(struct wsc_ap *ap, const uint8_t uuid[16],
			      bool *added);
WSC_HIDDEN void ap_pbc_forget(struct wsc_ap *ap, const uint8_t uuid[16]);
WSC_HIDDEN size_t ap_pbc_count(struct wsc_ap *ap);
/* Is this UUID-E in the monitor (seen in push-button mode lately)? */
WSC_HIDDEN bool ap_pbc_known(struct wsc_ap *ap, const uint8_t uuid[16]);
WSC_HIDDEN int ap_pin_for(const struct wsc_ap *ap, const wsc_peer *e,
			  const uint8_t mac[6]);
WSC_HIDDEN void ap_pin_drop(struct ap_pin *p);
/* Expired or cancelled: dropped, or withdrawn while runs have it. */
WSC_HIDDEN void ap_pin_withdraw(struct wsc_ap *ap, struct ap_pin *p);
/* May an M1 from mac be answered now? Takes a token from the global and
 * the MAC's bucket when it may. */
WSC_HIDDEN bool ap_m1_admit(struct wsc_ap *ap, const uint8_t mac[6],
			    uint64_t now);
WSC_HIDDEN int ap_state_load(struct wsc_ap *ap, const uint8_t *b, size_t n);
WSC_HIDDEN void ap_rules_expire(struct wsc_ap *ap, uint64_t now);
WSC_HIDDEN uint64_t ap_rules_expiry(const struct wsc_ap *ap);

#endif
