/* libFuzzer target: one session of either role, on either device side,
 * fed arbitrary messages. Input: a flags byte, then [op:1][len:2][bytes]
 * records, each one message from the peer. Flags: F_AP (this device is
 * the AP), F_REGISTRAR, F_CRED (the registrar has settings to give),
 * F_DET: the deterministic, transparent test backend (tests/backends)
 * instead of real crypto, so that inputs can carry the Authenticators,
 * hashes and Encrypted Settings the session checks, and the fuzzer
 * reaches M4 to M8 and the credentials in them. Randomness is
 * deterministic so that crashes replay.
 *
 * Built with -DFUZZ_DET_ONLY (fuzz_session_det) every input runs on the
 * test backend: no exponentiation, many times the executions a second,
 * for long campaigns.
 *
 * Built with -DFUZZ_SEEDS it is instead the seed writer: it runs each
 * F_DET configuration against an honest peer, writes the peer's messages
 * as one input per configuration, and replays each through the fuzzer's
 * own entry point, failing unless the session under test then ends as
 * the protocol ends it (so the corpus starts at the end of a run, past
 * every check). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "test_backends.h"
#include "wsc/wsc.h"

enum { F_AP = 1, F_REGISTRAR = 2, F_CRED = 4, F_DET = 8 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int lcg_random(void *ud, uint8_t *buf, size_t len)
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
static const uint8_t pin[] = "12345670";

/* one side; registrar says which, ap whether it is the access point */
static wsc_session *side_new(uint32_t *seed, bool det, bool registrar,
			     bool ap, bool cred, wsc_dh_keypair *kp)
{
	wsc_env env = { .size = sizeof(env), .random = lcg_random,
			.random_ud = seed,
			.crypto = det ? det_crypto() : NULL };
	uint8_t mac[6] = { 2, 0, 0, 0, 0, ap ? 1 : 2 };
	wsc_device dev;

	wsc_device_defaults(&dev, ap, mac);
	wsc_session_cfg cfg = {
		.size = sizeof(cfg),
		.role = registrar ? WSC_REGISTRAR : WSC_ENROLLEE,
		.ap = ap, .dev = &dev,
		.password = pin, .password_len = 8,
		.cred = cred || (registrar && ap) ? &net : NULL,
		.ap_settings = &net, .dh = kp,
	};
	return wsc_session_new(&env, &cfg, NULL);
}

static void drain(wsc_session *s)
{
	uint8_t op;
	const uint8_t *msg;
	size_t len;

	while (wsc_session_get_msg(s, &op, &msg, &len) > 0)
		;
}

/* The fuzzer's run: the session's status at the end (0 running, 1 done,
 * negative failed), or -100 when it could not be made. */
static int fuzz_run(const uint8_t *data, size_t size)
{
	static wsc_dh_keypair kp; /* real crypto: one key pair, made once */
	uint32_t seed = 1;
	wsc_dh_keypair use;
	uint8_t f;
	int st;

	if (size < 1)
		return -100;
	f = data[0];
#ifdef FUZZ_DET_ONLY
	f |= F_DET;
#endif
	if (!(f & F_DET) && !kp.valid &&
	    wsc_dh_keypair_generate(&(wsc_env){ .size = sizeof(wsc_env),
						.random = lcg_random,
						.random_ud = &seed },
				    &kp, 0))
		return -100;
	use = kp;
	wsc_session *s = side_new(&seed, f & F_DET, f & F_REGISTRAR, f & F_AP,
				  f & F_CRED, f & F_DET ? NULL : &use);
	if (!s)
		return -100;
	drain(s);
	for (size_t off = 1; size - off >= 3;) {
		uint8_t op = data[off];
		size_t len = (size_t)data[off + 1] << 8 | data[off + 2];
		off += 3;
		if (len > size - off)
			len = size - off;
		wsc_session_process(s, op, data + off, len);
		off += len;
		drain(s);
	}
	st = wsc_session_status(s);
	wsc_session_del(s);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run(data, size);
	return 0;
}

#ifdef FUZZ_SEEDS
/* Run configuration f against an honest peer; the peer's messages as an
 * input into out. Returns its length, 0 on failure. */
static size_t record(uint8_t f, uint8_t *out, size_t cap)
{
	uint32_t seed_t = 1, seed_p = 2;
	bool reg = f & F_REGISTRAR;
	wsc_session *t = side_new(&seed_t, true, reg, f & F_AP, f & F_CRED,
				  NULL);
	wsc_session *p = side_new(&seed_p, true, !reg, !(f & F_AP),
				  f & F_CRED, NULL);
	size_t n = 0;
	bool from_t = !reg; /* the enrollee speaks first */

	out[n++] = f;
	for (int i = 0; t && p && i < 40; i++) {
		wsc_session *src = from_t ? t : p, *dst = from_t ? p : t;
		uint8_t op;
		const uint8_t *m;
		size_t len;

		if (wsc_session_get_msg(src, &op, &m, &len) <= 0)
			break;
		if (!from_t) {
			if (n + 3 + len > cap)
				break;
			out[n] = op;
			out[n + 1] = (uint8_t)(len >> 8);
			out[n + 2] = (uint8_t)len;
			memcpy(out + n + 3, m, len);
			n += 3 + len;
		}
		wsc_session_process(dst, op, m, len);
		from_t = !from_t;
	}
	wsc_session_del(t);
	wsc_session_del(p);
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t buf[16384];
	char path[4096];
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (uint8_t f = F_DET; f < 2 * F_DET; f++) {
		size_t n = record(f, buf, sizeof(buf));
		int st = n ? fuzz_run(buf, n) : -100;
		/* an AP enrollee whose registrar only learns its settings
		 * gets WSC_NACK after M7, as from hostapd */
		int want = f == (F_DET | F_AP) ? WSC_ERR_NACK : 1;
		if (st != want) {
			fprintf(stderr, "seed %02x: the session ends %d, not "
				"%d\n", f, st, want);
			rc = 1;
			continue;
		}
		snprintf(path, sizeof(path), "%s/det%02x", argv[1], f);
		FILE *fp = fopen(path, "wb");
		if (!fp || fwrite(buf, 1, n, fp) != n || fclose(fp)) {
			perror(path);
			rc = 1;
		}
	}
	return rc;
}
#endif
