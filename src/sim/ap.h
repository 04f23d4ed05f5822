/*
 * An access point's state, shared by ap.c (beacons, probes, buttons and
 * PINs, association) and ap_runs.c (the EAP-WSC runs with stations: one
 * wsc_eap_auth per station).
 */
#ifndef WSC_SIM_AP_H
#define WSC_SIM_AP_H

#include "world.h"

/* A PIN typed into the AP's registrar: for one enrollee, or for any. */
struct pin_entry {
	char pin[9];
	uint32_t for_sta;        /* SC_NONE: any enrollee */
	uint32_t role;           /* the role entry of this arming */
};

/* A PBC enrollee heard recently (Probe Request or M1). */
struct pbc_seen {
	uint8_t uuid[WSC_UUID_LEN];
	uint32_t sta;
	uint64_t at;
};

struct ap_link;

struct ap_state {
	/* registrar: the button, for one walk time */
	bool pbc;
	uint32_t pbc_role;
	bool pbc_overlap;        /* overlap seen in this window */
	/* registrar: PINs entered, each for one walk time */
	struct pin_entry *pins;
	size_t npins, pincap;
	/* enrollee for external registrars: the label PIN */
	bool label_on;
	char label_pin[9];
	uint32_t label_role;
	unsigned label_failures; /* wrong PINs in a row: lockout */
	uint64_t locked_until;
	/* settings an unconfigured registrar made up, kept until a run
	 * succeeds with them (then they are the network) or the window
	 * closes (then they are forgotten) */
	bool has_pending;
	wsc_cred pending;
	struct pbc_seen *seen;
	size_t nseen, seencap;
	struct ap_link **links;
	size_t nlinks, linkcap;
};

/* ---- ap_runs.c */
/* An EAPOL PDU from station sta. */
void sim_ap_runs_eapol(sim *s, struct sim_device *d, uint32_t sta,
		       const uint8_t *pdu, size_t len);
/* libwsc deadlines came due. */
void sim_ap_runs_expire(sim *s, struct sim_device *d);
/* Drop every run (power off). */
void sim_ap_runs_drop(sim *s, struct sim_device *d);
/* Note a PBC enrollee (probe or M1); true if it was not known. */
bool sim_ap_pbc_note(sim *s, struct ap_state *st, const uint8_t uuid[16],
		     uint32_t sta);
/* Distinct PBC enrollees within the monitor time. */
size_t sim_ap_pbc_count(sim *s, struct ap_state *st);

/* ---- ap.c */
/* The registrar arming role r served a station: close it, disarm. */
void sim_ap_registrar_done(sim *s, struct sim_device *d, uint32_t role,
			   uint32_t sta, bool ok, int config_error);
bool sim_ap_locked(const sim *s, const struct ap_state *st);

#endif
