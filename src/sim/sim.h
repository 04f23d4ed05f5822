/*
 * The simulated air: real libwsc instances (EAP peers on stations, one EAP
 * authenticator per station on each AP) on a virtual medium with a virtual
 * clock that jumps from deadline to deadline. A run is driven by a scenario
 * (scenario.h) and is deterministic: the same scenario and seed give the
 * same transcript, capture and outcome, byte for byte.
 */
#ifndef WSC_SIM_SIM_H
#define WSC_SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario.h"
#include "wsc/wsc.h"

typedef struct sim sim;

typedef struct sim_options {
	uint64_t seed;
	bool seed_given;       /* else the scenario's seed line, else 1 */
	FILE *transcript;      /* event lines as they happen; NULL: silent */
	bool verbose;          /* the transcript also shows every frame */
	bool show_keys;        /* keys in the final table */
	FILE *pcap;            /* pcapng capture of every frame; NULL: none */
	bool keep_records;     /* remember the run for sim_write_svg() */
} sim_options;

/* How a device's last WPS window (two minutes) ended. */
enum sim_outcome {
	SIM_OUT_NONE,          /* never armed, or still armed */
	SIM_OUT_SUCCESS,
	SIM_OUT_FAIL,          /* see config_error (12: PBC overlap) */
	SIM_OUT_TIMEOUT,       /* the walk time ran out */
	SIM_OUT_OFF            /* switched off while armed */
};

typedef struct sim_device_report {
	const char *name;
	bool ap, on, configured;
	const wsc_cred *cred;  /* valid while the sim lives; NULL if none */
	uint8_t mac[6];
	enum sim_outcome outcome;
	int config_error;
	bool overlap_seen;     /* reported WPS-OVERLAP-DETECTED */
	uint32_t connected_to; /* AP index, or SC_NONE */
	unsigned roles;        /* WPS windows it took part in */
} sim_device_report;

typedef struct sim_stats {
	uint64_t end_ms;       /* virtual time at the end */
	uint64_t events;       /* events taken from the queue */
	uint64_t frames;       /* frames transmitted */
	uint64_t deliveries, lost;
	uint64_t runs_ok, runs_failed; /* registration runs, station side */
	size_t lib_peak_bytes; /* libwsc heap high-water mark */
	size_t queue_peak;     /* longest the event queue got */
} sim_stats;

/* sc must outlive the sim. NULL and *err (WSC_ERR_*) on failure. */
sim *sim_new(const scenario *sc, const sim_options *opt, int *err);
void sim_del(sim *s);
/* Runs the scenario to its end. 0, or WSC_ERR_NOMEM. */
int sim_run(sim *s);

size_t sim_device_count(const sim *s);
void sim_device_get(const sim *s, uint32_t idx, sim_device_report *out);
void sim_get_stats(const sim *s, sim_stats *out);

/* The final table: every device's state, settings and role history. */
void sim_print_table(const sim *s, FILE *f, bool show_keys);
/* Check the scenario's expect lines; prints one line each when f is not
 * NULL. Returns how many failed. */
int sim_check_expectations(const sim *s, FILE *f);
/* The run as a sequence diagram (needs keep_records). 0 or -1. */
int sim_write_svg(const sim *s, FILE *f);

#endif
