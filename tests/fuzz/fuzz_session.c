/* libFuzzer target: both roles fed arbitrary messages after a real
 * opening. Input: a sequence of [op:1][len:2][bytes] records; the first
 * selects the role. Random bytes are deterministic so crashes replay. */
#include <stdint.h>
#include <string.h>

#include "wsc/wsc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int det_random(void *ud, uint8_t *buf, size_t len)
{
	uint32_t *s = ud;
	for (size_t i = 0; i < len; i++) {
		*s = *s * 1103515245u + 12345u;
		buf[i] = (uint8_t)(*s >> 16);
	}
	return 0;
}

static const wsc_cred net = { .ssid = "fuzz", .ssid_len = 4,
	.auth_type = WSC_AUTH_WPA2PSK, .encr_type = WSC_ENCR_AES,
	.key = "fuzzfuzzfuzz", .key_len = 12 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wsc_dh_keypair kp; /* one key pair: fuzzing is about parsing */
	uint32_t seed = 1;
	wsc_env env = { .random = det_random, .random_ud = &seed };
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	wsc_device dev;
	wsc_dh_keypair use;

	if (size < 1)
		return 0;
	if (!kp.valid && wsc_dh_keypair_generate(&env, &kp, 0))
		return 0;
	wsc_device_defaults(&dev, data[0] & 1, mac);
	wsc_session_cfg cfg = {
		.role = data[0] & 2 ? WSC_REGISTRAR : WSC_ENROLLEE,
		.ap = data[0] & 1, .dev = &dev,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.cred = (data[0] & 4) || (data[0] & 1) ? &net : NULL,
		.ap_settings = &net,
	};
	use = kp;
	cfg.dh = &use;
	wsc_session *s = wsc_session_new(&env, &cfg, NULL);
	if (!s)
		return 0;
	size_t off = 1;
	uint8_t op;
	const uint8_t *msg;
	size_t len;
	while (wsc_session_get_msg(s, &op, &msg, &len) > 0)
		;
	while (size - off >= 3) {
		uint8_t rop = data[off];
		size_t rlen = (size_t)data[off + 1] << 8 | data[off + 2];
		off += 3;
		if (rlen > size - off)
			rlen = size - off;
		wsc_session_process(s, rop, data + off, rlen);
		off += rlen;
		while (wsc_session_get_msg(s, &op, &msg, &len) > 0)
			;
	}
	wsc_session_del(s);
	return 0;
}
