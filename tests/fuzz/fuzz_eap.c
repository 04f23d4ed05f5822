/* libFuzzer target: EAPOL frames into an EAP peer and an authenticator.
 * Input: [len:1][frame] records, alternately to each. The EAP layer is
 * the target: the sessions behind it run on the deterministic test
 * backend (tests/backends), so no input waits on an exponentiation. */
#include <stdint.h>
#include <string.h>

#include "test_backends.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wsc_dh_keypair kp;
	static const wsc_cred net = { .ssid = "fuzz", .ssid_len = 4,
		.auth_type = WSC_AUTH_WPA2PSK, .encr_type = WSC_ENCR_AES,
		.key = "fuzzfuzzfuzz", .key_len = 12 };
	uint32_t seed = 7;
	wsc_env env = { .size = sizeof(env), .random = det_random,
			.random_ud = &seed, .crypto = det_crypto() };
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	wsc_device dev;
	wsc_dh_keypair k1, k2;

	if (!kp.valid && wsc_dh_keypair_generate(&env, &kp, 0))
		return 0;
	k1 = kp;
	k2 = kp;
	wsc_device_defaults(&dev, true, mac);
	wsc_session_cfg reg = { .size = sizeof(reg), .role = WSC_REGISTRAR, .ap = true, .dev = &dev,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.cred = &net, .dh = &k1 };
	wsc_session_cfg enr = { .size = sizeof(enr), .role = WSC_ENROLLEE, .ap = true, .dev = &dev,
		.password = (const uint8_t *)"12345670", .password_len = 8,
		.ap_settings = &net, .dh = &k2 };
	wsc_eap_auth_cfg ac = { .size = sizeof(ac), .for_enrollee = &reg,
				.for_registrar = &enr, .fragment_size = 50 };
	wsc_session_cfg sta = enr;
	sta.ap = false;
	sta.dh = NULL;
	wsc_eap_peer_cfg pc = { .size = sizeof(pc), .session = &sta,
				.fragment_size = 60 };
	wsc_eap_auth *a = wsc_eap_auth_new(&env, &ac, NULL);
	wsc_eap_peer *p = wsc_eap_peer_new(&env, &pc, NULL);
	const uint8_t *out;
	size_t olen, off = 0;
	uint64_t now = 0;
	bool to_peer = false;

	if (a && p) {
		wsc_eap_auth_start(a, now);
		wsc_eap_peer_start(p, now);
		while (off < size) {
			size_t n = data[off++];
			if (n > size - off)
				n = size - off;
			if (to_peer)
				wsc_eap_peer_recv(p, data + off, n, now);
			else
				wsc_eap_auth_recv(a, data + off, n, now);
			off += n;
			to_peer = !to_peer;
			now += 100;
			while (wsc_eap_auth_pop_tx(a, &out, &olen))
				;
			while (wsc_eap_peer_pop_tx(p, &out, &olen))
				;
			wsc_eap_auth_handle_expiry(a, now);
			wsc_eap_peer_handle_expiry(p, now);
		}
	}
	wsc_eap_auth_del(a);
	wsc_eap_peer_del(p);
	return 0;
}
