/* libFuzzer target: wsc ap's reading of hostapd.conf on arbitrary text
 * (every BSS, and a named one), and the rewrite of what it accepted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostapd_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ap_conf c;
	char err[512], *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (ap_conf_parse_bss(text, "fuzz.conf", NULL, &c, err,
			      sizeof(err)) == 0) {
		wsc_cred n = c.cred;
		memcpy(n.ssid, "fuzzed-net", 10);
		n.ssid_len = 10;
		char *out = ap_conf_render(&c, &n);
		free(out);
		ap_conf_free(&c);
	} else if (!memchr(err, '\0', sizeof(err))) {
		__builtin_trap(); /* the message is a string */
	}
	if (ap_conf_parse_bss(text, "fuzz.conf", "wlan0_1", &c, err,
			      sizeof(err)) == 0)
		ap_conf_free(&c);
	free(text);
	return 0;
}
