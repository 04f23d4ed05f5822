/*
 * `wsc sim`: run a scenario file (docs/scenario-format.md) on the
 * simulated air, or a generated scale scenario.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim.h"
#include "sim_cli.h"
#include "tool.h"

static double wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static FILE *open_out(const char *path)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		perror(path);
	return f;
}

static void print_stats(const sim *s, double wall)
{
	sim_stats st;
	struct rusage ru;

	sim_get_stats(s, &st);
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "stats: %zu devices, %.1f simulated s in %.2f wall s; "
		"%llu events, %llu frames (%llu deliveries, %llu lost), "
		"%llu runs ok, %llu failed; peak RSS %ld KiB, libwsc heap peak "
		"%zu bytes, event queue peak %zu\n", sim_device_count(s),
		(double)st.end_ms / 1000, wall,
		(unsigned long long)st.events, (unsigned long long)st.frames,
		(unsigned long long)st.deliveries, (unsigned long long)st.lost,
		(unsigned long long)st.runs_ok,
		(unsigned long long)st.runs_failed, ru.ru_maxrss,
		st.lib_peak_bytes, st.queue_peak);
}

/* The end of a run: table, expectations, diagram. Returns the status. */
static int finish(sim *s, const scenario *sc, const struct sim_cli_opts *o,
		  FILE *svg)
{
	char when[24];
	sim_stats st;
	int failed;

	sim_get_stats(s, &st);
	sc_format_time(st.end_ms, when);
	if (!o->quiet) {
		printf("\n%s (at %s)\n\n", o->table_title ? o->table_title :
		       "The devices at the end", when);
		sim_print_table(s, stdout, o->show_keys);
	}
	if (sc->nexp && !o->quiet)
		printf("\nexpectations:\n");
	failed = sim_check_expectations(s, o->quiet ? NULL : stdout);
	if (sc->nexp)
		printf("%s%zu of %zu expectations hold\n", o->quiet ? "" : "\n",
		       sc->nexp - (size_t)failed, sc->nexp);
	if (o->epilogue)
		o->epilogue(s);
	if (svg && sim_write_svg(s, svg)) {
		fprintf(stderr, "wsc sim: cannot write the diagram\n");
		return 3;
	}
	return failed ? 1 : 0;
}

static int run_scenario(const scenario *sc, const struct sim_cli_opts *o,
			FILE *pcap, FILE *svg)
{
	sim_options so = { .seed = o->seed, .seed_given = o->seed_given,
			   .transcript = o->quiet ? NULL : stdout,
			   .verbose = o->verbose, .show_keys = o->show_keys,
			   .pcap = pcap, .keep_records = svg != NULL };
	double t0 = wall_seconds();
	int err, rc;

	sim *s = sim_new(sc, &so, &err);
	if (!s) {
		fprintf(stderr, "wsc sim: %s\n", wsc_strerror(err));
		return 3;
	}
	err = sim_run(s);
	if (err) {
		fprintf(stderr, "wsc sim: the run stopped: %s\n",
			wsc_strerror(err));
		rc = 3;
	} else {
		rc = finish(s, sc, o, svg);
	}
	if (o->stats)
		print_stats(s, wall_seconds() - t0);
	sim_del(s);
	return rc;
}

int sim_cli_run(const char *name, const char *text, size_t len,
		const struct sim_cli_opts *o)
{
	scenario sc;
	FILE *pcap = NULL, *svg = NULL;
	int rc = 3;

	int bad = scenario_parse(text, len, name, &sc, stderr);
	if (bad) {
		if (bad > 0)
			fprintf(stderr, "%s: %d bad line%s; nothing was run\n",
				name, bad, bad > 1 ? "s" : "");
		return 2;
	}
	if ((o->pcap_path && !(pcap = open_out(o->pcap_path))) ||
	    (o->svg_path && !(svg = open_out(o->svg_path))))
		goto out;
	if (o->banner && !o->quiet)
		printf("wsc sim: %s, seed %llu, %zu devices\n", name,
		       (unsigned long long)(o->seed_given ? o->seed :
					    sc.has_seed ? sc.seed : 1), sc.ndev);
	rc = run_scenario(&sc, o, pcap, svg);
out:
	if (pcap && fclose(pcap))
		rc = 3;
	if (svg && fclose(svg))
		rc = 3;
	scenario_free(&sc);
	return rc;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		perror(path);
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			char *b = realloc(buf, cap);
			if (!b)
				break;
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f) || n == cap) {
		fprintf(stderr, "wsc sim: cannot read %s\n", path);
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

/* The generated scenario's text, in memory. */
static char *generate(const char *spec, uint64_t seed, size_t *len)
{
	char err[200], *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		return NULL;
	int rc = scenario_generate(spec, seed, f, err, sizeof(err));
	fclose(f);
	if (rc) {
		fprintf(stderr, "wsc sim: %s\n", err);
		free(text);
		return NULL;
	}
	return text;
}

static const char usage_text[] =
	"usage: wsc sim FILE [options]          run a scenario (FILE - : stdin)\n"
	"       wsc sim --generate SPEC [options]  run a generated scale scenario\n"
	"                SPEC: aps=N,stations=M[,hours=H][,loss=P]\n"
	"options:\n"
	"  --seed N       seed of the deterministic random source (default: the\n"
	"                 scenario's seed line, else 1)\n"
	"  --pcap FILE    write every frame as pcapng (EAPOL on interface 0 as\n"
	"                 Ethernet, 802.11 management with radiotap on 1)\n"
	"  --svg FILE     draw the run as a sequence diagram\n"
	"  --show-keys    show the network keys in the final table\n"
	"  -v             show every frame in the transcript\n"
	"  -q, --quiet    no transcript and no table, only the expectations count\n"
	"  --stats        wall time, peak memory and counters on stderr\n"
	"  --dump         print the generated scenario instead of running it\n"
	"Exit status: 0 every expectation holds, 1 one failed, 2 bad input,\n"
	"3 the run could not be completed.\n";

int cmd_sim(int argc, char **argv)
{
	struct sim_cli_opts o = { .banner = true };
	const char *spec = NULL;
	bool dump = false;
	int opt;
	static const struct option lo[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "pcap", required_argument, NULL, 'p' },
		{ "svg", required_argument, NULL, 'g' },
		{ "generate", required_argument, NULL, 'G' },
		{ "show-keys", no_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "stats", no_argument, NULL, 'S' },
		{ "dump", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };

	optind = 1;
	while ((opt = getopt_long(argc, argv, "vqh", lo, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 's':
			o.seed = strtoull(optarg, &end, 0);
			if (*end || optarg[0] == '-' || !optarg[0]) {
				fprintf(stderr, "wsc sim: --seed needs a number\n");
				return 2;
			}
			o.seed_given = true;
			break;
		case 'p': o.pcap_path = optarg; break;
		case 'g': o.svg_path = optarg; break;
		case 'G': spec = optarg; break;
		case 'k': o.show_keys = true; break;
		case 'v': o.verbose = true; break;
		case 'q': o.quiet = true; break;
		case 'S': o.stats = true; break;
		case 'd': dump = true; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	if ((spec != NULL) == (optind < argc) || argc - optind > 1 ||
	    (dump && !spec)) {
		fputs(usage_text, stderr);
		return 2;
	}
	size_t len = 0;
	char *text = spec ? generate(spec, o.seed_given ? o.seed : 1, &len) :
			    read_all(argv[optind], &len);
	if (!text)
		return 2;
	int rc = 0;
	if (dump)
		fwrite(text, 1, len, stdout);
	else
		rc = sim_cli_run(spec ? "generated" : argv[optind], text, len, &o);
	free(text);
	return rc;
}
