/* libFuzzer target: wsc ap's control commands (what a local client sends
 * over the socket) on arbitrary bytes, against a daemon set up once on a
 * configuration in a temporary directory, without sockets. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ap.h"
#include "ctrl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char conf_text[] =
	"interface=fuzz0\n"
	"wps_state=2\n"
	"ssid=fuzz-net\n"
	"wpa=2\n"
	"wpa_key_mgmt=WPA-PSK\n"
	"rsn_pairwise=CCMP\n"
	"wpa_passphrase=fuzz passphrase\n"
	"ap_pin=12345670\n";

static char dir[] = "/tmp/wsc-fuzz-ctrl.XXXXXX", conf[128], state[128];

/* the temporary directory goes when the fuzzer ends */
static void cleanup(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_ctrl: could not remove %s\n", dir);
}

static struct ap *setup(void)
{
	static struct ap ap;
	char err[512];
	FILE *f;

	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	snprintf(conf, sizeof(conf), "%s/ap.conf", dir);
	snprintf(state, sizeof(state), "%s/ap.state", dir);
	if (!(f = fopen(conf, "w")) || fputs(conf_text, f) < 0 || fclose(f))
		abort();
	/* the daemon's events go to stdout: not wanted here */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	ap.conf_path = conf;
	ap.state_path = state;
	ap.once_result = -1;
	ap.state_ok = true;
	ap.walk_ms = 120000;
	snprintf(ap.ifname, sizeof(ap.ifname), "fuzz0");
	if (ap_conf_load(conf, &ap.conf, err, sizeof(err)) ||
	    ap_lib_open(&ap, err, sizeof(err))) {
		fprintf(stderr, "fuzz_ctrl: %s\n", err);
		abort();
	}
	return &ap;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ap *ap;
	char cmd[CTRL_MSG_MAX + 1], reply[CTRL_MSG_MAX];

	if (!ap)
		ap = setup();
	if (size > CTRL_MSG_MAX)
		size = CTRL_MSG_MAX;
	memcpy(cmd, data, size);
	cmd[size] = '\0';
	size_t n = ap_ctrl_handle(ap, cmd, reply, sizeof(reply));
	if (n >= sizeof(reply))
		__builtin_trap(); /* a reply always fits */
	return 0;
}
