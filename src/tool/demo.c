/*
 * `wsc demo`: the router manual's example network, told on the simulated
 * air (src/sim) with real WPS messages and real cryptography: the three
 * steps of the manual, then the two ways WPS goes wrong. The story is a
 * scenario like any other; `wsc demo --scenario` prints it for `wsc sim`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "sim_cli.h"
#include "tool.h"

static const char story[] =
	"# The router manual's example network (wsc demo).\n"
	"# Run it yourself: wsc demo --scenario > demo.txt; wsc sim demo.txt\n"
	"\n"
	"device AP1 ap unconfigured\n"
	"device Client1 sta\n"
	"device Client2 sta\n"
	"device AP2 ap unconfigured\n"
	"device Client3 sta\n"
	"device Client4 sta\n"
	"device Client5 sta\n"
	"\n"
	"# AP2 is out of range of AP1; Client2 hears both\n"
	"range AP1 Client1 Client2 Client3 Client4 Client5\n"
	"range AP2 Client2\n"
	"\n"
	"at 0s note Step 1: AP1 and Client1 are both unconfigured. Both buttons "
	"are pressed within two minutes.\n"
	"at 0s note AP1 is the registrar: having no settings, it makes them up "
	"at random.\n"
	"at 0s AP1 pbc\n"
	"at 4s Client1 pbc\n"
	"\n"
	"at 30s note Step 2: Client2 joins through AP1, which is configured now "
	"and hands on the\n"
	"at 30s note existing settings. Client2 shows a PIN; the user types it "
	"into AP1.\n"
	"at 30s Client2 pin 49226874\n"
	"at 40s AP1 pin 49226874 Client2\n"
	"\n"
	"at 70s note Step 3: AP2 is out of range of AP1 and unconfigured. "
	"Client2, part of the network\n"
	"at 70s note now, acts as registrar: it proves it knows AP2's label "
	"PIN and gives AP2 the\n"
	"at 70s note existing settings.\n"
	"at 70s AP2 ap_pin 12345670\n"
	"at 75s Client2 reg AP2 12345670 new\n"
	"\n"
	"at 200s note When it goes wrong (1): Client3 and Client4 press their "
	"buttons at about the same\n"
	"at 200s note time. AP1 cannot tell which one the user meant: PBC "
	"overlap, nobody gets the key.\n"
	"at 200s AP1 pbc\n"
	"at 205s Client3 pbc\n"
	"at 205.4s Client4 pbc\n"
	"\n"
	"at 400s note When it goes wrong (2): Client5's button is pressed, but "
	"nobody presses AP1's.\n"
	"at 400s note After two minutes the walk time expires.\n"
	"at 400s Client5 pbc\n"
	"\n"
	"expect AP1 configured\n"
	"expect Client1 network-of AP1\n"
	"expect Client1 connected AP1\n"
	"expect Client2 network-of AP1\n"
	"expect AP2 network-of AP1\n"
	"expect Client2 connected AP2\n"
	"expect AP1 overlap\n"
	"expect Client3 fail 12\n"
	"expect Client4 fail 12\n"
	"expect Client3 unconfigured\n"
	"expect Client4 unconfigured\n"
	"expect Client5 timeout\n"
	"expect Client5 unconfigured\n";

/* The closing line: does every configured device share one network? */
static void summary(const sim *s)
{
	const wsc_cred *net = NULL;
	size_t members = 0;
	bool one = true, others = false;
	sim_device_report r;

	for (uint32_t i = 0; i < sim_device_count(s); i++) {
		sim_device_get(s, i, &r);
		others |= !r.cred;
		if (!r.cred)
			continue;
		members++;
		if (!net)
			net = r.cred;
		else if (net->ssid_len != r.cred->ssid_len ||
			 net->key_len != r.cred->key_len ||
			 memcmp(net->ssid, r.cred->ssid, net->ssid_len) ||
			 memcmp(net->key, r.cred->key, net->key_len))
			one = false;
	}
	if (!net || !one) {
		printf("\nThe devices do not share one network.\n");
		return;
	}
	printf("\nAll %zu devices of the network share SSID \"%.*s\" and one "
	       "key: the network works.\n", members, net->ssid_len,
	       (const char *)net->ssid);
	if (others)
		printf("The others stayed unconfigured, as WPS promises when it "
		       "fails.\n");
}

static void usage(FILE *f)
{
	fprintf(f, "usage: wsc demo [--show-keys] [--seed N] [--pcap FILE] "
		"[--svg FILE] [-v]\n       wsc demo --scenario   print the "
		"story as a scenario for `wsc sim`\n");
}

/* A fresh seed each run (the keys differ, as in life), short enough to
 * type back in. */
static uint64_t fresh_seed(void)
{
	uint8_t b[4] = { 0 };

	wsc_random_os(NULL, b, sizeof(b));
	return ((uint64_t)b[0] << 24 | (uint64_t)b[1] << 16 | b[2] << 8 |
		b[3]) % 1000000;
}

static int parse_args(int argc, char **argv, struct sim_cli_opts *o,
		      bool *print_story)
{
	static const struct option lo[] = {
		{ "show-keys", no_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 's' },
		{ "pcap", required_argument, NULL, 'p' },
		{ "svg", required_argument, NULL, 'g' },
		{ "scenario", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };
	char *end;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "vh", lo, NULL)) != -1) {
		switch (opt) {
		case 'k': o->show_keys = true; break;
		case 'v': o->verbose = true; break;
		case 'p': o->pcap_path = optarg; break;
		case 'g': o->svg_path = optarg; break;
		case 'S': *print_story = true; break;
		case 's':
			o->seed = strtoull(optarg, &end, 0);
			if (*end || !optarg[0] || optarg[0] == '-')
				return 2;
			o->seed_given = true;
			break;
		case 'h': usage(stdout); return 0;
		default: return 2;
		}
	}
	return optind == argc ? -1 : 2;
}

int cmd_demo(int argc, char **argv)
{
	struct sim_cli_opts o = { .table_title = "The network at the end",
				  .epilogue = summary };
	bool print_story = false;
	int rc = parse_args(argc, argv, &o, &print_story);

	if (rc >= 0) {
		if (rc)
			usage(stderr);
		return rc;
	}
	if (print_story) {
		fputs(story, stdout);
		return 0;
	}
	if (!o.seed_given) {
		o.seed = fresh_seed();
		o.seed_given = true;
	}
	printf("wsc demo: the router manual's example network, simulated.\n"
	       "Every device runs libwsc: real WPS messages and cryptography "
	       "over a simulated\nair, two simulated minutes in a few "
	       "milliseconds. `wsc demo --seed %llu` replays\nthis run; "
	       "`wsc demo --svg run.svg` draws it.\n",
	       (unsigned long long)o.seed);
	return sim_cli_run("demo", story, sizeof(story) - 1, &o);
}
