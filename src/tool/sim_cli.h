/* Running a scenario from the command line: `wsc sim` and `wsc demo`. */
#ifndef WSC_TOOL_SIM_CLI_H
#define WSC_TOOL_SIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;

struct sim_cli_opts {
	uint64_t seed;
	bool seed_given;
	bool show_keys, verbose, quiet, stats;
	bool banner;               /* first line: scenario, seed, devices */
	const char *pcap_path, *svg_path;
	const char *table_title;   /* heading of the final table */
	/* called after the expectations, before the sim is freed */
	void (*epilogue)(const struct sim *s);
};

/*
 * Parse text (name for error messages), run it with a transcript on
 * stdout, print the final table and the expectations. Returns the exit
 * status: 0 all expectations hold, 1 some failed, 2 bad scenario or
 * option, 3 the run could not be completed.
 */
int sim_cli_run(const char *name, const char *text, size_t len,
		const struct sim_cli_opts *o);

#endif
