/*
 * Tests of the simulated air (src/sim): the manual's steps one by one, PBC
 * overlap, walk-time expiry, AP PIN lockout, faults that must never leave
 * a device half-configured, reproducibility, the scenario parser and the
 * capture's structure. usage: test_sim SCENARIO_DIR
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_queue.h"
#include "sim.h"

static int failures, checks;
static const char *scenario_dir = "scenarios";

#define CHECK(cond, ...) check((cond), __FILE__, __LINE__, __VA_ARGS__)

static void check(bool ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (ok)
		return;
	failures++;
	fprintf(stderr, "%s:%d: FAILED: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A finished run and what it printed. */
struct run {
	scenario sc;
	sim *s;
	char *transcript, *pcap;
	size_t transcript_len, pcap_len;
	int expect_failures;
};

static bool run_text(struct run *r, const char *text, uint64_t seed,
		     bool capture)
{
	FILE *t, *p = NULL;

	memset(r, 0, sizeof(*r));
	if (scenario_parse(text, strlen(text), "test", &r->sc, stderr))
		return false;
	t = open_memstream(&r->transcript, &r->transcript_len);
	if (capture)
		p = open_memstream(&r->pcap, &r->pcap_len);
	sim_options o = { .seed = seed, .seed_given = true, .transcript = t,
			  .pcap = p, .keep_records = true };
	int err;
	r->s = sim_new(&r->sc, &o, &err);
	bool ok = r->s && sim_run(r->s) == 0;
	if (ok && (r->expect_failures = sim_check_expectations(r->s, NULL)))
		sim_check_expectations(r->s, stderr); /* say which */
	fclose(t);
	if (p)
		fclose(p);
	return ok;
}

static void run_free(struct run *r)
{
	sim_del(r->s);
	scenario_free(&r->sc);
	free(r->transcript);
	free(r->pcap);
}

static char *read_scenario(const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", scenario_dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 16);
	if (buf)
		fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	return buf;
}

static sim_device_report dev(const struct run *r, const char *name)
{
	sim_device_report rep = { 0 };
	uint32_t i = scenario_find(&r->sc, name);
	if (i != SC_NONE)
		sim_device_get(r->s, i, &rep);
	return rep;
}

static bool same_network(const wsc_cred *a, const wsc_cred *b)
{
	return a && b && a->ssid_len == b->ssid_len &&
	       !memcmp(a->ssid, b->ssid, a->ssid_len) &&
	       a->key_len == b->key_len && !memcmp(a->key, b->key, a->key_len) &&
	       a->auth_type == b->auth_type && a->encr_type == b->encr_type;
}

static bool has_line(const struct run *r, const char *text)
{
	return r->transcript && strstr(r->transcript, text) != NULL;
}

/* ---- the manual's example, step by step */

static const char step1[] =
	"device AP1 ap unconfigured\n"
	"device C1 sta\n"
	"device C2 sta\n"
	"device AP2 ap unconfigured\n"
	"range AP1 C1 C2\n"
	"range AP2 C2\n"
	"at 0s AP1 pbc\n"
	"at 5s C1 pbc\n";
static const char step2[] =
	"at 30s C2 pin 49226874\n"
	"at 35s AP1 pin 49226874 C2\n";
static const char step3[] =
	"at 70s AP2 ap_pin 12345670\n"
	"at 72s C2 reg AP2 12345670 new\n";

static void test_step1(void)
{
	struct run r;

	CHECK(run_text(&r, step1, 11, false), "step 1 runs");
	sim_device_report ap1 = dev(&r, "AP1"), c1 = dev(&r, "C1");
	CHECK(ap1.configured, "AP1 configured itself");
	CHECK(c1.configured && same_network(c1.cred, ap1.cred),
	      "C1 holds the settings AP1 made up");
	CHECK(ap1.cred && ap1.cred->key_len == 22 &&
	      !memcmp(ap1.cred->ssid, "wsc-", 4) &&
	      ap1.cred->auth_type == WSC_AUTH_WPA2PSK,
	      "made up: random SSID, 22-character WPA2 passphrase");
	CHECK(c1.outcome == SIM_OUT_SUCCESS && ap1.outcome == SIM_OUT_SUCCESS,
	      "both windows ended in success");
	CHECK(c1.connected_to == scenario_find(&r.sc, "AP1"),
	      "C1 associated with AP1: the key works");
	CHECK(!dev(&r, "C2").configured && !dev(&r, "AP2").configured,
	      "bystanders unchanged");
	CHECK(has_line(&r, "WPS-NEW-AP-SETTINGS") &&
	      has_line(&r, "WPS-REG-SUCCESS C1") &&
	      has_line(&r, "WPS-CRED-RECEIVED"), "hostapd's words");
	run_free(&r);
}

static void test_step2(void)
{
	char text[2048];
	struct run r;

	snprintf(text, sizeof(text), "%s%s", step1, step2);
	CHECK(run_text(&r, text, 11, false), "step 2 runs");
	sim_device_report ap1 = dev(&r, "AP1"), c1 = dev(&r, "C1"),
			  c2 = dev(&r, "C2");
	CHECK(same_network(c2.cred, ap1.cred) && same_network(c1.cred, c2.cred),
	      "C2 got AP1's existing settings, the ones C1 has");
	CHECK(c2.connected_to == scenario_find(&r.sc, "AP1"),
	      "C2 associated with AP1");
	run_free(&r);
}

static void test_step3(void)
{
	char text[2048];
	struct run r;

	snprintf(text, sizeof(text), "%s%s%s", step1, step2, step3);
	CHECK(run_text(&r, text, 11, false), "step 3 runs");
	sim_device_report ap1 = dev(&r, "AP1"), ap2 = dev(&r, "AP2"),
			  c2 = dev(&r, "C2");
	CHECK(ap2.configured && same_network(ap2.cred, ap1.cred),
	      "AP2 got the existing settings from C2");
	CHECK(c2.outcome == SIM_OUT_SUCCESS, "C2 as registrar succeeded");
	CHECK(c2.connected_to == scenario_find(&r.sc, "AP2"),
	      "C2 associated with AP2: AP2 serves the network");
	CHECK(has_line(&r, "WPS-NEW-AP-SETTINGS (from C2)"), "AP2 says so");
	run_free(&r);
}

/* A station registrar that learns, or configures with settings it makes
 * up; the manual's other ways of using an AP's PIN. */
static void test_registrar_variants(void)
{
	struct run r;

	CHECK(run_text(&r, "device AP ap configured ssid=lab key=secret-key-1\n"
		       "device S sta\n"
		       "at 0s AP ap_pin 12345670\n"
		       "at 1s S reg AP 12345670 learn\n", 3, false),
	      "learn runs");
	sim_device_report ap = dev(&r, "AP"), s = dev(&r, "S");
	CHECK(s.configured && same_network(s.cred, ap.cred) &&
	      !memcmp(ap.cred->key, "secret-key-1", 12),
	      "the station learned the AP's settings; the AP kept them");
	run_free(&r);

	CHECK(run_text(&r, "device AP ap unconfigured\ndevice S sta\n"
		       "at 0s AP ap_pin 12345670\n"
		       "at 1s S reg AP 12345670 new\n", 3, false), "new runs");
	ap = dev(&r, "AP");
	s = dev(&r, "S");
	CHECK(ap.configured && s.configured && same_network(s.cred, ap.cred),
	      "the station made up settings; both took them");
	run_free(&r);

	CHECK(run_text(&r, "device AP ap unconfigured\ndevice S sta\n"
		       "at 0s AP ap_pin 12345670\n"
		       "at 1s S reg AP 87654325\n"
		       "at 10s S reg AP 87654325\n"
		       "at 20s S reg AP 87654325\n"
		       "at 30s S reg AP 12345670\n", 3, false), "lockout runs");
	s = dev(&r, "S");
	CHECK(s.outcome == SIM_OUT_FAIL && s.config_error == 15,
	      "three wrong PINs lock the AP: the right one fails with 15");
	CHECK(has_line(&r, "WPS-AP-SETUP-LOCKED"), "the AP says it is locked");
	CHECK(!dev(&r, "AP").configured, "the AP is unchanged");
	run_free(&r);
}

/* ---- the example scenarios: every expectation holds */

static void test_scenario_file(const char *name)
{
	char *text = read_scenario(name);
	struct run r;

	CHECK(text != NULL, "%s/%s readable", scenario_dir, name);
	if (!text)
		return;
	CHECK(run_text(&r, text, 1, false), "%s runs", name);
	CHECK(r.expect_failures == 0, "%s: every expectation holds", name);
	free(text);
	run_free(&r);
}

static void test_overlap(void)
{
	char *text = read_scenario("overlap.txt");
	struct run r;

	if (!text || !run_text(&r, text, 5, false)) {
		CHECK(false, "overlap.txt runs");
		free(text);
		return;
	}
	sim_device_report phone = dev(&r, "Phone"), laptop = dev(&r, "Laptop");
	CHECK(phone.outcome == SIM_OUT_FAIL && phone.config_error == 12 &&
	      laptop.outcome == SIM_OUT_FAIL && laptop.config_error == 12,
	      "both enrollees refused with config error 12");
	CHECK(!phone.configured && !laptop.configured, "nobody got the key");
	CHECK(dev(&r, "AP1").overlap_seen && dev(&r, "AP2").overlap_seen,
	      "both APs detected the overlap");
	CHECK(has_line(&r, "WPS-OVERLAP-DETECTED") &&
	      has_line(&r, "WPS-M2D config_error=12"), "transcript says so");
	CHECK(dev(&r, "Tablet").outcome == SIM_OUT_TIMEOUT,
	      "AP2 refused to start PBC: Tablet's walk time expired");
	free(text);
	run_free(&r);
}

static void test_timeout(void)
{
	struct run r;

	CHECK(run_text(&r, "device AP ap configured\ndevice S sta\n"
		       "at 0s S pbc\n", 2, false), "timeout runs");
	sim_device_report s = dev(&r, "S");
	CHECK(s.outcome == SIM_OUT_TIMEOUT && !s.configured,
	      "one button only: walk time expires, nothing changes");
	CHECK(has_line(&r, "  120.000s  S     WPS-TIMEOUT"),
	      "WPS-TIMEOUT after exactly 120 s");
	run_free(&r);
}

/* ---- faults: fully enrolled or unchanged, never half-configured */

/*
 * After any run: every configured device holds a valid credential, and no
 * station holds a network that no configured AP serves. Devices declared
 * configured keep their settings unless a run gave them new ones.
 */
static void check_consistent(const struct run *r, const char *what)
{
	size_t n = sim_device_count(r->s);
	sim_device_report a, b;

	for (uint32_t i = 0; i < n; i++) {
		sim_device_get(r->s, i, &a);
		CHECK(!a.configured || wsc_cred_check(a.cred) == 0,
		      "%s: %s has a whole, valid credential", what, a.name);
		if (a.ap || !a.configured)
			continue;
		bool served = false;
		for (uint32_t j = 0; j < n && !served; j++) {
			sim_device_get(r->s, j, &b);
			served = b.ap && same_network(a.cred, b.cred);
		}
		CHECK(served, "%s: %s's network is served by an AP", what,
		      a.name);
	}
}

/* Switch one side off at every millisecond of a run with an unconfigured
 * registrar: both sides commit together or not at all. */
static void test_power_off_sweep(void)
{
	char text[1024];
	struct run r;

	for (int ms = 0; ms <= 16; ms++) {
		for (int who = 0; who < 4; who++) {
			/* who: 0/1 AP or station off in an AP-registrar run;
			 * 2/3 the same in an external-registrar run */
			bool er = who >= 2;
			snprintf(text, sizeof(text),
				 "device AP ap unconfigured\ndevice S sta\n"
				 "at 0s AP %s\nat 0s S %s\n"
				 "at 1.%03ds %s off\n",
				 er ? "ap_pin 12345670" : "pbc",
				 er ? "reg AP 12345670 new" : "pbc", ms,
				 who % 2 ? "S" : "AP");
			if (!run_text(&r, text, 100 + (uint64_t)ms, false)) {
				CHECK(false, "sweep %d/%d runs", ms, who);
				continue;
			}
			char what[64];
			snprintf(what, sizeof(what), "%s off at 1.%03ds%s",
				 who % 2 ? "station" : "AP", ms,
				 er ? " (external registrar)" : "");
			check_consistent(&r, what);
			run_free(&r);
		}
	}
}

static void test_lossy_air(void)
{
	char text[2048];
	struct run r;
	int enrolled = 0;

	for (uint64_t seed = 1; seed <= 24; seed++) {
		snprintf(text, sizeof(text),
			 "fault loss 0.3\nfault dup 0.2\nfault delay 50ms\n"
			 "device AP1 ap unconfigured\ndevice AP2 ap unconfigured\n"
			 "device A sta\ndevice B sta\ndevice C sta\n"
			 "range AP1 A B C\nrange AP2 C\n"
			 "at 0s AP1 pbc\nat 1s A pbc\n"
			 "at 130s AP1 pin 12345670 B\nat 130s B pin 12345670\n"
			 "at 250s AP2 ap_pin 87654325\n"
			 "at 250s C reg AP2 87654325\n"
			 "at 250.%03llus C off\nat 260s C on\n",
			 (unsigned long long)(seed * 7 % 40));
		if (!run_text(&r, text, seed, false)) {
			CHECK(false, "lossy seed %llu runs",
			      (unsigned long long)seed);
			continue;
		}
		char what[32];
		snprintf(what, sizeof(what), "loss, seed %llu",
			 (unsigned long long)seed);
		check_consistent(&r, what);
		enrolled += dev(&r, "A").configured + dev(&r, "B").configured;
		run_free(&r);
	}
	/* retransmissions should carry most runs through 30% loss */
	CHECK(enrolled >= 30, "most enrollments survive the loss (%d/48)",
	      enrolled);
}

/* ---- the same seed, the same run: byte for byte */

static void test_reproducible(void)
{
	char *text = read_scenario("faults.txt");
	struct run a, b, c;

	if (!text || !run_text(&a, text, 77, true) || !run_text(&b, text, 77, true)
	    || !run_text(&c, text, 78, true)) {
		CHECK(false, "faults.txt runs");
		free(text);
		return;
	}
	CHECK(a.transcript_len == b.transcript_len &&
	      !memcmp(a.transcript, b.transcript, a.transcript_len),
	      "same seed: identical transcripts");
	CHECK(a.pcap_len == b.pcap_len && a.pcap_len > 1000 &&
	      !memcmp(a.pcap, b.pcap, a.pcap_len), "same seed: identical pcaps");
	CHECK(a.transcript_len != c.transcript_len ||
	      memcmp(a.transcript, c.transcript, a.transcript_len),
	      "another seed: another run");
	char *svg_a = NULL, *svg_b = NULL;
	size_t la = 0, lb = 0;
	FILE *fa = open_memstream(&svg_a, &la), *fb = open_memstream(&svg_b, &lb);
	CHECK(sim_write_svg(a.s, fa) == 0 && sim_write_svg(b.s, fb) == 0,
	      "diagrams written");
	fclose(fa);
	fclose(fb);
	CHECK(la == lb && la > 1000 && !memcmp(svg_a, svg_b, la),
	      "same seed: identical diagrams");
	free(svg_a);
	free(svg_b);
	free(text);
	run_free(&a);
	run_free(&b);
	run_free(&c);
}

/* ---- the parser: bad lines are named and nothing is half-read */

static void test_parser_errors(void)
{
	static const struct {
		const char *text, *complaint;
	} bad[] = {
		{ "device A ap\nat 1s B pbc\n", "test:2: unknown device 'B'" },
		{ "device A ap\ndevice A sta\n", "test:2: device 'A' is declared twice" },
		{ "device A sta\nat 1s A pin 12345671\n", "test:2: '12345671' is not a valid PIN" },
		{ "device A sta\nat 1s A ap_pin 12345670\n", "test:2: 'ap_pin' is for access points" },
		{ "device A ap\ndevice B ap\nat 1s A pin 12345670 B\n", "test:3: 'B' is an AP" },
		{ "device A sta\ndevice B sta\nat 1s A reg B 12345670\n", "test:3: 'B' is not an AP" },
		{ "device A sta\nat soon A pbc\n", "test:2: usage: at TIME" },
		{ "fault loss 1.5\n", "test:1: usage: fault" },
		{ "device A ap key=short\n", "test:1: key must be" },
		{ "device A sta\nexpect A fail\n", "test:2: usage: expect" },
		{ "frobnicate\n", "test:1: unknown line 'frobnicate'" },
		{ "device A ap\nrange A a b c d e f g h i j k l m n o p q r s t u v w "
		  "x y z 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 "
		  "23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43\n",
		  "test:2: too many words" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *err = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&err, &len);
		scenario sc;
		int n = scenario_parse(bad[i].text, strlen(bad[i].text), "test",
				       &sc, f);
		fclose(f);
		CHECK(n >= 1 && err && strstr(err, bad[i].complaint),
		      "complaint '%s' (got '%s')", bad[i].complaint,
		      err ? err : "");
		CHECK(sc.ndev == 0 && sc.nact == 0 && sc.nexp == 0,
		      "a bad scenario is not half-read");
		scenario_free(&sc);
		free(err);
	}
	scenario sc;
	const char *good = "# comment\n\ndevice AP1 ap configured ssid=x  # c\n"
			   "device C1 sta\nat 1.5s C1 pbc\nat 250ms AP1 pbc\n"
			   "at 2min note Hello, world\nexpect C1 connected\n";
	CHECK(scenario_parse(good, strlen(good), "good", &sc, stderr) == 0 &&
	      sc.ndev == 2 && sc.nact == 3 && sc.acts[0].at_ms == 1500 &&
	      sc.acts[1].at_ms == 250 && sc.acts[2].at_ms == 120000 &&
	      !strcmp(sc.acts[2].note, "Hello, world") &&
	      !strcmp(sc.devs[0].ssid, "x"), "a good scenario parses");
	scenario_free(&sc);
}

/* ---- the capture: pcapng, two interfaces, the whole handshake */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The WSC Message Type in an EAPOL frame on the Ethernet interface. */
static int wsc_type(const uint8_t *f, size_t len)
{
	/* Ethernet 14, EAPOL 4, EAP 5, expanded 7, op, flags */
	if (len < 14 + 4 + 5 + 9 || f[12] != 0x88 || f[13] != 0x8e ||
	    f[15] != 0 || f[22] != 254)
		return -1;
	size_t off = 14 + 4 + 5 + 9 + ((f[31] & 2) ? 2 : 0);
	while (off + 4 <= len) {
		unsigned t = (unsigned)f[off] << 8 | f[off + 1];
		unsigned n = (unsigned)f[off + 2] << 8 | f[off + 3];
		if (t == 0x1022)
			return f[off + 4];
		off += 4 + n;
	}
	return -1;
}

static void test_capture_structure(void)
{
	char text[2048];
	struct run r;
	unsigned linktype[2] = { 0 }, per_if[2] = { 0 }, seen = 0;

	snprintf(text, sizeof(text), "%s%s%s", step1, step2, step3);
	if (!run_text(&r, text, 4, true)) {
		CHECK(false, "capture run");
		return;
	}
	const uint8_t *p = (const uint8_t *)r.pcap;
	size_t off = 0, nif = 0;
	CHECK(r.pcap_len > 28 && le32(p) == 0x0a0d0d0a &&
	      le32(p + 8) == 0x1a2b3c4d, "pcapng section header");
	while (off + 12 <= r.pcap_len) {
		uint32_t type = le32(p + off), blen = le32(p + off + 4);
		if (blen < 12 || blen % 4 || off + blen > r.pcap_len ||
		    le32(p + off + blen - 4) != blen)
			break;
		if (type == 1 && nif < 2)
			linktype[nif++] = p[off + 8] | p[off + 9] << 8;
		if (type == 6) {
			uint32_t ifc = le32(p + off + 8), cap = le32(p + off + 20);
			const uint8_t *f = p + off + 28;
			per_if[ifc & 1]++;
			int t = ifc == 0 ? wsc_type(f, cap) : -1;
			if (t >= WSC_MSG_M1 && t <= WSC_MSG_M8)
				seen |= 1u << t;
			if (ifc == 1)
				CHECK(f[0] == 0 && f[2] == 16 && (f[16] == 0x80 ||
				      f[16] == 0x40 || f[16] == 0x50),
				      "radiotap + 802.11 management frame");
		}
		off += blen;
	}
	CHECK(off == r.pcap_len, "every block well formed");
	CHECK(nif == 2 && linktype[0] == 1 && linktype[1] == 127,
	      "interfaces: Ethernet and 802.11 radiotap");
	CHECK(per_if[0] > 30 && per_if[1] > 30, "frames on both interfaces");
	unsigned want = 0;
	for (int t = WSC_MSG_M1; t <= WSC_MSG_M8; t++)
		if (t != WSC_MSG_M2D)
			want |= 1u << t;
	CHECK((seen & want) == want, "M1..M8 all in the capture");
	run_free(&r);
}

/* ---- the agenda: time order, ties in push order */

static void test_event_queue(void)
{
	event_queue q;
	sim_event ev, prev = { 0 };
	uint64_t x = 12345;

	eq_init(&q);
	for (uint32_t i = 0; i < 5000; i++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		eq_push(&q, (sim_event){ .time = (x >> 33) % 100, .dev = i });
	}
	size_t n = 0;
	bool ordered = true;
	while (eq_pop(&q, &ev)) {
		if (n && (ev.time < prev.time ||
			  (ev.time == prev.time && ev.seq < prev.seq)))
			ordered = false;
		prev = ev;
		n++;
	}
	CHECK(n == 5000 && ordered, "5000 events come out by (time, seq)");
	eq_free(&q);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		scenario_dir = argv[1];
	test_event_queue();
	test_parser_errors();
	test_step1();
	test_step2();
	test_step3();
	test_registrar_variants();
	test_overlap();
	test_timeout();
	test_scenario_file("manual.txt");
	test_scenario_file("overlap.txt");
	test_scenario_file("timeout.txt");
	test_scenario_file("faults.txt");
	test_power_off_sweep();
	test_lossy_air();
	test_reproducible();
	test_capture_structure();
	printf("test_sim: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
