/*
 * A station's state, shared by station.c (buttons and PINs, scanning,
 * choosing an AP, association) and station_run.c (one EAP-WSC run at a
 * time through wsc_eap_peer).
 */
#ifndef WSC_SIM_STATION_H
#define WSC_SIM_STATION_H

#include "frames.h"
#include "world.h"

enum sta_mode { ARM_NONE, ARM_PBC, ARM_PIN, ARM_REG };
enum sta_phase { PH_IDLE, PH_SCAN, PH_WAIT, PH_RUN };

/* An AP heard during the current scan. */
struct scan_entry {
	uint32_t ap;
	struct mgmt_view v;
};

struct sta_state {
	sim *s;                  /* for libwsc's event callback */
	/* the arming: one walk time */
	enum sta_mode mode;
	char pin[9];
	uint32_t role;
	uint32_t target;         /* ARM_REG: the AP */
	bool reg_new;            /* ARM_REG: configure it, not learn */
	bool reg_made_up;        /* ... with settings we made up */
	wsc_cred reg_settings;
	/* scanning */
	enum sta_phase phase;
	uint32_t scan_gen;
	bool connect_pending;    /* associate once the scan ends */
	unsigned connect_scans;  /* scans so far that found no AP for it */
	uint32_t prefer;         /* AP to try first */
	struct scan_entry *scan;
	size_t nscan, scancap;
	/* the current run */
	wsc_eap_peer *peer;
	uint32_t peer_ap;
	bool closed;             /* the registrar closed it (EAP-Failure) */
	bool ap_configured;      /* the AP said WPS State 2 when we began */
	bool have_got;
	wsc_cred got;
	bool m2d;
	int m2d_error, fail_config_error;
};

/* ---- station_run.c */
void sim_sta_run_start(sim *s, struct sim_device *d, uint32_t ap);
void sim_sta_run_eapol(sim *s, struct sim_device *d, const uint8_t *pdu,
		       size_t len);
void sim_sta_run_expire(sim *s, struct sim_device *d);
/* Abandon the run without a word (walk time over, power off). */
void sim_sta_run_drop(sim *s, struct sim_device *d);

/* ---- station.c */
/* The arming ends (success, failure or timeout). */
void sim_sta_disarm(sim *s, struct sim_device *d, enum sim_outcome out,
		    int config_error, uint32_t peer);
/* Scan again later, still within the walk time. */
void sim_sta_rescan_later(sim *s, struct sim_device *d, uint64_t delay);
/* Associate with an AP of our network after a short while. */
void sim_sta_connect_later(sim *s, struct sim_device *d, uint32_t prefer);

#endif
