/*
 * Print pixiewps arguments for one in-memory PIN run between an AP
 * enrollee and a station registrar: the values an eavesdropper (PKE, PKR,
 * E-Hash1/2, nonces, BSSID) plus the AuthKey (which a reaver-style attacker
 * who is the registrar has). With "weak", the enrollee's E-S1 and E-S2 come
 * out as zeros, the Pixie Dust flaw, to prove the check can fail.
 */
#include <stdio.h>
#include <string.h>

#include "session.h"

struct rng {
	unsigned calls;
	bool weak;
	uint32_t x;
};

static int rng_fn(void *ud, uint8_t *buf, size_t len)
{
	struct rng *r = ud;

	r->calls++;
	/* the enrollee draws: DH private key, E-Nonce, E-S1, E-S2, ... */
	if (r->weak && (r->calls == 3 || r->calls == 4)) {
		memset(buf, 0, len);
		return 0;
	}
	return wsc_random_os(NULL, buf, len);
}

static void hex(const char *flag, const uint8_t *p, size_t n)
{
	printf(" %s ", flag);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

int main(int argc, char **argv)
{
	struct rng er = { .weak = argc > 1 && !strcmp(argv[1], "weak") };
	wsc_env eenv = { .size = sizeof(eenv), .random = rng_fn,
			 .random_ud = &er };
	uint8_t amac[6] = { 2, 0, 0, 0, 0, 0xa }, smac[6] = { 2, 0, 0, 0, 0, 0xb };
	wsc_device ad, sd;
	const char *pin = "12345670";
	wsc_cred net = { .ssid = "pixie", .ssid_len = 5,
			 .auth_type = WSC_AUTH_WPA2PSK,
			 .encr_type = WSC_ENCR_AES, .key = "pixiedust1",
			 .key_len = 10 };

	wsc_device_defaults(&ad, true, amac);
	wsc_device_defaults(&sd, false, smac);
	wsc_session_cfg ec = { .size = sizeof(ec), .role = WSC_ENROLLEE, .ap = true, .dev = &ad,
		.password = (const uint8_t *)pin, .password_len = 8,
		.ap_settings = &net };
	wsc_session_cfg rc = { .size = sizeof(rc), .role = WSC_REGISTRAR, .dev = &sd,
		.password = (const uint8_t *)pin, .password_len = 8 };
	wsc_session *e = wsc_session_new(&eenv, &ec, NULL);
	wsc_session *r = wsc_session_new(NULL, &rc, NULL);
	uint8_t op, m3[MSG_MAX], authkey[32];
	const uint8_t *msg;
	size_t len, m3len = 0;
	int turn = 0;

	if (!e || !r)
		return 1;
	/* M1..M3 suffice: E-Hash1/2 are in M3 */
	for (int step = 0; step < 3; step++) {
		wsc_session *from = turn ? r : e, *to = turn ? e : r;
		if (wsc_session_get_msg(from, &op, &msg, &len) != 1)
			return 1;
		if (step == 2) {
			memcpy(m3, msg, len);
			m3len = len;
		}
		if (wsc_session_process(to, op, msg, len) < 0)
			return 1;
		turn = !turn;
	}
	memcpy(authkey, r->keys.authkey, 32);
	wsc_parsed p;
	if (wsc_parse(m3, m3len, &p, NULL))
		return 1;
	printf("pixiewps");
	hex("-e", e->pk_e, 192);
	hex("-r", e->pk_r, 192);
	hex("-s", p.a[WSC_A_E_HASH1].p, 32);
	hex("-z", p.a[WSC_A_E_HASH2].p, 32);
	hex("-a", authkey, 32);
	hex("-n", e->n_e, 16);
	hex("-m", e->n_r, 16);
	hex("-b", amac, 6);
	printf("\n");
	wsc_session_del(e);
	wsc_session_del(r);
	return 0;
}
