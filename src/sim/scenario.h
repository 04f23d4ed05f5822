/*
 * Scenarios: a network and a story told to the simulator, one line per
 * declaration or event (docs/scenario-format.md). Parsing only reads text
 * into this structure; nothing runs until sim_new() is given it.
 */
#ifndef WSC_SIM_SCENARIO_H
#define WSC_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SC_NAME_MAX 31
#define SC_NONE UINT32_MAX   /* "no device" in sc_action/sc_expect */

typedef struct sc_device {
	char name[SC_NAME_MAX + 1];
	bool ap;
	bool configured;
	char ssid[33];           /* "" = make one up */
	char key[65];            /* "" = make one up (configured only) */
	unsigned line;
} sc_device;

enum sc_action_kind {
	ACT_PBC,       /* press the button */
	ACT_PIN,       /* STA: enrollee with this PIN; AP: registrar PIN */
	ACT_AP_PIN,    /* AP: enrollee for external registrars (label PIN) */
	ACT_REG,       /* STA: registrar for the AP `other` with its PIN */
	ACT_OFF, ACT_ON,
	ACT_CONNECT,   /* STA: associate with an AP of its network */
	ACT_NOTE       /* print the text (a story's headings) */
};

enum sc_reg_mode { REG_AUTO, REG_NEW, REG_LEARN };

typedef struct sc_action {
	uint64_t at_ms;
	enum sc_action_kind kind;
	uint32_t dev;            /* SC_NONE for notes */
	uint32_t other;          /* REG: the AP; AP PIN: only this enrollee */
	char pin[9];
	enum sc_reg_mode reg_mode;
	char *note;              /* ACT_NOTE: owned text */
	unsigned line;
} sc_action;

enum sc_expect_kind {
	EXP_CONFIGURED, EXP_UNCONFIGURED, EXP_SUCCESS, EXP_TIMEOUT,
	EXP_OVERLAP, EXP_FAIL, EXP_NETWORK_OF, EXP_CONNECTED
};

typedef struct sc_expect {
	enum sc_expect_kind kind;
	uint32_t dev;
	uint32_t other;          /* NETWORK_OF, CONNECTED (SC_NONE = any) */
	int config_error;        /* FAIL */
	char text[96];           /* the line as written, for the report */
	unsigned line;
} sc_expect;

typedef struct sc_range {
	uint32_t a, b;
} sc_range;

typedef struct scenario {
	sc_device *devs;
	size_t ndev, devcap;
	uint32_t *by_name;       /* hash index of devs (open addressing) */
	size_t by_name_cap;
	sc_range *ranges;        /* none at all: everyone hears everyone */
	size_t nrange, rangecap;
	sc_action *acts;
	size_t nact, actcap;
	sc_expect *exps;
	size_t nexp, expcap;
	double loss, dup;        /* probabilities per frame and receiver */
	uint64_t delay_ms;       /* extra delay, uniform in [0, delay_ms] */
	uint64_t beacon_ms;      /* beacon interval */
	uint64_t end_ms;         /* 0: run until nothing is pending */
	uint64_t seed;
	bool has_seed;
} scenario;

/*
 * Parse a whole scenario. Every bad line is reported on err as
 * "NAME:LINE: what is wrong"; the return value is the number of bad lines
 * (0 = *out is usable; otherwise *out is empty). -1 when out of memory.
 */
int scenario_parse(const char *text, size_t len, const char *name,
		   scenario *out, FILE *err);
void scenario_free(scenario *sc);
/* Index of the device called name, or SC_NONE. */
uint32_t scenario_find(const scenario *sc, const char *name);

/*
 * Write a scale scenario for spec "aps=N,stations=M[,hours=H][,loss=P]"
 * (generate.c). Returns 0, or -1 with a reason in err.
 */
int scenario_generate(const char *spec, uint64_t seed, FILE *out,
		      char *err, size_t errcap);

/* Milliseconds as "12.345s" (the transcript's clock) into out[24]. */
void sc_format_time(uint64_t ms, char out[24]);

#endif
