/* wsc: Wi-Fi Protected Setup for access points and stations. */
#include <stdio.h>
#include <string.h>

#include "tool.h"
#include "wsc/wsc.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wsc COMMAND [OPTIONS]\n"
		"\n"
		"commands:\n"
		"  ap    -i IFACE -c FILE [--pbc | --pin PIN]   run the AP side\n"
		"  sta   -i IFACE (--pbc | --pin PIN | --reg AP_PIN) ...  run the station side\n"
		"  scan  -i IFACE [--json]                      list the WPS APs in range (Wi-Fi)\n"
		"  cli   [-p DIR] [-i IFACE] [-a SCRIPT] [COMMAND...]  control a running wsc ap\n"
		"  demo  [--show-keys] [--seed N]               the manual's example network, simulated\n"
		"  sim   FILE [--seed N] [--pcap F] [--svg F]   run a scenario on the simulated air\n"
		"  bench [--runs N]                             measure speed and memory\n"
		"  version                                      print the version\n"
		"\n"
		"`wsc COMMAND --help` describes each command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "ap"))
		return cmd_ap(argc - 1, argv + 1);
	if (!strcmp(cmd, "sta"))
		return cmd_sta(argc - 1, argv + 1);
	if (!strcmp(cmd, "scan"))
		return cmd_scan(argc - 1, argv + 1);
	if (!strcmp(cmd, "cli"))
		return cmd_cli(argc - 1, argv + 1);
	if (!strcmp(cmd, "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(cmd, "demo"))
		return cmd_demo(argc - 1, argv + 1);
	if (!strcmp(cmd, "sim"))
		return cmd_sim(argc - 1, argv + 1);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("wsc %s\n", WSC_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "wsc: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
