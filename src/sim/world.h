/*
 * The simulated world, shared by the simulator's files: the clock and its
 * agenda, the devices, and the small internal interfaces between them.
 * sim.c runs the clock; air.c carries frames; ap.c and station.c are the
 * devices' behaviour around libwsc; device.c is what both kinds share.
 */
#ifndef WSC_SIM_WORLD_H
#define WSC_SIM_WORLD_H

#include "event_queue.h"
#include "psk.h"
#include "rng.h"
#include "sim.h"
#include "trace.h"

#define AIR_LATENCY_MS 1        /* one hop through the air */
#define SCAN_DWELL_MS 1000      /* a station listens this long per scan */
#define SCAN_INTERVAL_MS 5000   /* and scans again this much later */
#define RETRY_BACKOFF_MS 1000   /* after a failed run, before rescanning */
#define CONNECT_DELAY_MS 100    /* from a new credential to associating */
#define CONNECT_SCANS 4         /* scans before "network not found" */

enum ev_kind {
	EV_ACTION,      /* dev = index of the scenario action */
	EV_DELIVER,     /* dev = receiver, data = struct air_frame */
	EV_BEACON,      /* dev = AP, gen = its power cycle */
	EV_WAKE,        /* dev: libwsc deadlines; only if time == wake_at */
	EV_SCAN_START,  /* dev = STA, gen = its scan generation */
	EV_SCAN_END,    /* dev = STA, gen = its scan generation */
	EV_WALK_END     /* dev, gen = the role entry of the arming */
};

enum method { M_PBC, M_PIN, M_AP_PIN, M_REG_NEW, M_REG_LEARN };

/* One WPS window a device took part in: its role history. */
struct role_entry {
	uint64_t start, end;     /* end: UINT64_MAX while open */
	uint8_t role;            /* WSC_ENROLLEE or WSC_REGISTRAR */
	uint8_t method;          /* enum method */
	uint8_t outcome;         /* enum sim_outcome */
	uint16_t config_error;
	uint32_t peer;           /* who it registered / enrolled with */
};

struct ap_state;
struct sta_state;

struct sim_device {
	uint32_t idx;
	const sc_device *decl;
	bool ap, on;
	wsc_device info;
	bool configured;
	wsc_cred cred;           /* the settings, when configured */
	struct role_entry *roles;
	size_t nroles, rolecap;
	bool overlap_seen;
	uint32_t connected_to;   /* AP index or SC_NONE */
	uint32_t power_gen;      /* bumps on every off: old timers die */
	uint64_t wake_at;        /* the pending EV_WAKE, UINT64_MAX: none */
	uint16_t seq;            /* 802.11 sequence number */
	struct ap_state *ap_st;
	struct sta_state *sta_st;
};

struct air_frame;

struct sim {
	const scenario *sc;
	sim_options opt;
	wsc_env env;             /* libwsc's: seeded random, counted heap */
	rng crypto_rng, fault_rng;
	event_queue queue;
	uint64_t now;
	uint64_t pending;        /* queued events other than beacons */
	struct sim_device *devs;
	size_t ndev;
	uint32_t *aps;           /* indices of the APs */
	size_t naps;
	uint32_t **nbr;          /* per device: sorted indices it hears */
	size_t *nnbr;
	bool all_in_range;       /* no range lines: everyone hears everyone */
	uint32_t *listeners;     /* stations in a scan (they hear beacons) */
	size_t nlisteners, listencap;
	struct capture *capture;  /* NULL: no --pcap */
	struct trace trace;
	struct psk_cache psk;
	size_t heap_now, heap_peak;
	sim_stats stats;
	bool nomem;
};

/* ---- sim.c: the clock */
/* Queue an event; on failure sets s->nomem. */
void sim_at(sim *s, uint64_t time, enum ev_kind kind, uint32_t dev,
	    uint32_t gen, void *data);
/* Make sure dev is woken at its earliest libwsc deadline t. */
void sim_wake_at(sim *s, struct sim_device *d, uint64_t t);
static inline struct sim_device *sim_dev(sim *s, uint32_t i)
{
	return &s->devs[i];
}

/* ---- device.c: what APs and stations share */
/* Open a role entry (an arming); returns its index. */
uint32_t sim_role_open(sim *s, struct sim_device *d, uint8_t role,
		       enum method m);
/* Close role entry r with an outcome, once. */
void sim_role_close(sim *s, struct sim_device *d, uint32_t r,
		    enum sim_outcome out, int config_error, uint32_t peer);
bool sim_role_is_open(const struct sim_device *d, uint32_t r);
/* Take new settings (atomically: the whole credential or nothing). */
void sim_take_settings(sim *s, struct sim_device *d, const wsc_cred *c);
/* Make up network settings (the ssid= of the declaration if any). */
int sim_make_settings(sim *s, const struct sim_device *d, wsc_cred *out);
bool sim_same_network(const wsc_cred *a, const wsc_cred *b);
const char *sim_method_name(enum method m);

/* ---- ap.c */
int sim_ap_init(sim *s, struct sim_device *d);
void sim_ap_free(sim *s, struct sim_device *d);
void sim_ap_power(sim *s, struct sim_device *d, bool on);
void sim_ap_beacon(sim *s, struct sim_device *d);
void sim_ap_on_frame(sim *s, struct sim_device *d, const struct air_frame *f);
void sim_ap_on_wake(sim *s, struct sim_device *d);
void sim_ap_action(sim *s, struct sim_device *d, const sc_action *a);
/* A station asks to associate with the network key it derived. */
bool sim_ap_admit(sim *s, struct sim_device *ap, struct sim_device *sta,
		  const uint8_t pmk[32]);
/* The SSID the AP's beacons carry, and whether they offer WPA2. */
void sim_ap_bss(const struct sim_device *ap, uint8_t ssid[32],
		uint8_t *ssid_len, bool *rsn);

/* ---- station.c */
int sim_sta_init(sim *s, struct sim_device *d);
void sim_sta_free(struct sim_device *d);
void sim_sta_power(sim *s, struct sim_device *d, bool on);
void sim_sta_on_frame(sim *s, struct sim_device *d, const struct air_frame *f);
void sim_sta_on_wake(sim *s, struct sim_device *d);
void sim_sta_on_scan_start(sim *s, struct sim_device *d, uint32_t gen);
void sim_sta_on_scan_end(sim *s, struct sim_device *d, uint32_t gen);
void sim_sta_on_walk_end(sim *s, struct sim_device *d, uint32_t role);
void sim_sta_action(sim *s, struct sim_device *d, const sc_action *a);

#endif
