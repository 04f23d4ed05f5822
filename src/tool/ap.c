/*
 * `wsc ap`: the access point's WPS service on one interface. The AP is the
 * EAP authenticator; it is the registrar for stations that enroll, and the
 * enrollee (with ap_pin) for external registrars.
 */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostapd_conf.h"
#include "tool.h"
#include "transport_linux.h"
#include "util.h"

#define MAX_STA 64
#define PBC_MONITOR_MS 120000u

enum arm { ARM_NONE, ARM_PBC, ARM_PIN };

struct ap;

struct station {
	struct ap *ap;
	uint8_t mac[6];
	wsc_eap_auth *auth;
	bool in_use;
	bool applied;          /* new settings from this run taken */
	wsc_cred new_settings; /* from an external registrar's M8 */
	bool have_new;
};

struct ap {
	const char *conf_path;
	struct ap_conf conf;
	wsc_device dev;
	struct eapol_sock sock;
	wsc_env env;
	bool configured;
	wsc_cred pending;     /* invented settings while unconfigured */
	bool have_pending;
	enum arm armed;
	char pin[9];
	uint64_t arm_until;
	uint64_t walk_ms;
	struct { uint8_t uuid[16]; uint64_t t; bool used; } pbc_seen[8];
	bool show_keys, once;
	int once_result;        /* -1 running */
	struct station sta[MAX_STA];
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void event(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void disarm(struct ap *ap)
{
	ap->armed = ARM_NONE;
	memset(ap->pin, 0, sizeof(ap->pin));
	ap->arm_until = 0;
}

/* ---- registrar policy */

static int pbc_enrollees(struct ap *ap, uint64_t now)
{
	int n = 0;
	for (size_t i = 0; i < 8; i++)
		if (ap->pbc_seen[i].used && now - ap->pbc_seen[i].t <
						    PBC_MONITOR_MS)
			n++;
	return n;
}

static void pbc_note(struct ap *ap, const uint8_t uuid[16], uint64_t now)
{
	size_t oldest = 0;
	for (size_t i = 0; i < 8; i++) {
		if (ap->pbc_seen[i].used && !memcmp(ap->pbc_seen[i].uuid, uuid, 16)) {
			ap->pbc_seen[i].t = now;
			return;
		}
		if (!ap->pbc_seen[i].used ||
		    ap->pbc_seen[i].t < ap->pbc_seen[oldest].t)
			oldest = i;
	}
	memcpy(ap->pbc_seen[oldest].uuid, uuid, 16);
	ap->pbc_seen[oldest].t = now;
	ap->pbc_seen[oldest].used = true;
}

static int password_for(void *ud, const wsc_peer *e, const uint8_t **pw,
			size_t *len)
{
	struct station *st = ud;
	struct ap *ap = st->ap;
	uint64_t now = now_ms();

	if (e->pw_id == WSC_PW_PUSHBUTTON) {
		pbc_note(ap, e->uuid, now);
		if (ap->armed != ARM_PBC)
			return WSC_ERR_NO_PASSWORD;
		if (pbc_enrollees(ap, now) > 1) {
			event("WPS-OVERLAP-DETECTED");
			disarm(ap);
			event("WPS-PBC-DISABLE");
			return WSC_ERR_PBC_OVERLAP;
		}
		*pw = (const uint8_t *)"00000000";
		*len = 8;
		return 0;
	}
	if (ap->armed != ARM_PIN)
		return WSC_ERR_NO_PASSWORD;
	*pw = (const uint8_t *)ap->pin;
	*len = strlen(ap->pin);
	return 0;
}

static void apply_settings(struct ap *ap, const wsc_cred *c)
{
	char err[256];

	ap->conf.cred = *c;
	ap->configured = true;
	ap->have_pending = false;
	if (ap_conf_store(ap->conf_path, &ap->conf, c, err, sizeof(err)))
		fprintf(stderr, "wsc ap: could not save settings: %s\n", err);
	event("WPS-NEW-AP-SETTINGS");
	if (ap->show_keys)
		cred_print(stdout, "settings: ", c, true);
	else
		cred_print(stdout, "settings: ", c, false);
	fflush(stdout);
}

static void on_event(void *ud, const wsc_event *ev)
{
	struct station *st = ud;
	struct ap *ap = st->ap;
	bool registrar = wsc_session_role(wsc_eap_auth_session(st->auth)) ==
			 WSC_REGISTRAR;
	char mac[18], uuid[37];

	mac_format(st->mac, mac);
	switch (ev->type) {
	case WSC_EV_M1:
		wsc_uuid_format(ev->peer->uuid, uuid);
		event("WPS-ENROLLEE-SEEN %s %s %d 0x%04x", mac, uuid,
		      ev->peer->pw_id, ev->peer->config_methods);
		break;
	case WSC_EV_NEW_AP_SETTINGS:
		st->new_settings = ev->cred[0];
		st->have_new = true;
		break;
	case WSC_EV_SUCCESS:
		wsc_uuid_format(ev->peer->uuid, uuid);
		if (registrar) {
			event("WPS-REG-SUCCESS %s %s", mac, uuid);
			if (!ap->configured && ap->have_pending)
				apply_settings(ap, &ap->pending);
			disarm(ap); /* a PBC or PIN arming serves one enrollee */
		} else if (st->have_new) {
			apply_settings(ap, &st->new_settings);
		}
		event("WPS-SUCCESS");
		if (ap->once)
			ap->once_result = 0;
		break;
	case WSC_EV_FAIL:
		if (ev->error == WSC_ERR_NO_PASSWORD &&
		    ev->config_error == 0)
			break; /* M2D: not armed, the enrollee will retry */
		event("WPS-FAIL msg=%d config_error=%d", ev->msg,
		      ev->config_error);
		if (ap->once)
			ap->once_result = 1;
		break;
	default:
		break;
	}
}

/* ---- stations */

static struct station *station_get(struct ap *ap, const uint8_t mac[6])
{
	struct station *free_slot = NULL;
	wsc_session_cfg reg = { 0 }, enr = { 0 };
	wsc_eap_auth_cfg ac = { 0 };
	int err;

	for (size_t i = 0; i < MAX_STA; i++) {
		if (ap->sta[i].in_use && !memcmp(ap->sta[i].mac, mac, 6))
			return &ap->sta[i];
		if (!ap->sta[i].in_use && !free_slot)
			free_slot = &ap->sta[i];
	}
	if (!free_slot)
		return NULL;
	struct station *st = free_slot;
	memset(st, 0, sizeof(*st));
	st->ap = ap;
	memcpy(st->mac, mac, 6);

	if (!ap->configured && !ap->have_pending) {
		/* unconfigured: invent the network once, hand it on */
		memset(&ap->pending, 0, sizeof(ap->pending));
		if (ap->conf.has_ssid) {
			memcpy(ap->pending.ssid, ap->conf.cred.ssid,
			       ap->conf.cred.ssid_len);
			ap->pending.ssid_len = ap->conf.cred.ssid_len;
		}
		if (wsc_cred_generate(&ap->env, &ap->pending))
			return NULL;
		ap->have_pending = true;
	}
	reg.role = WSC_REGISTRAR;
	reg.ap = true;
	reg.dev = &ap->dev;
	reg.password_cb = password_for;
	reg.password_ud = st;
	reg.cred = ap->configured ? &ap->conf.cred : &ap->pending;
	reg.on_event = on_event;
	reg.event_ud = st;
	ac.for_enrollee = &reg;
	if (ap->conf.ap_pin[0] && !ap->conf.ap_setup_locked) {
		enr.role = WSC_ENROLLEE;
		enr.ap = true;
		enr.dev = &ap->dev;
		enr.password = (const uint8_t *)ap->conf.ap_pin;
		enr.password_len = strlen(ap->conf.ap_pin);
		enr.pw_id = WSC_PW_DEFAULT;
		enr.ap_settings = ap->configured ? &ap->conf.cred : NULL;
		enr.wps_state = ap->configured ? WSC_STATE_CONFIGURED :
						 WSC_STATE_NOT_CONFIGURED;
		enr.on_event = on_event;
		enr.event_ud = st;
		ac.for_registrar = &enr;
	}
	ac.fragment_size = ap->conf.fragment_size;
	ac.first_id = (uint8_t)(now_ms() & 0xff);
	st->auth = wsc_eap_auth_new(&ap->env, &ac, &err);
	if (!st->auth) {
		fprintf(stderr, "wsc ap: %s\n", wsc_strerror(err));
		return NULL;
	}
	st->in_use = true;
	return st;
}

static void station_flush(struct ap *ap, struct station *st)
{
	const uint8_t *f;
	size_t len;

	while (wsc_eap_auth_pop_tx(st->auth, &f, &len))
		if (eapol_send(&ap->sock, st->mac, f, len))
			fprintf(stderr, "wsc ap: send: %s\n", strerror(errno));
	if (wsc_eap_auth_status(st->auth) != 0) {
		wsc_eap_auth_del(st->auth);
		memset(&st->new_settings, 0, sizeof(st->new_settings));
		st->in_use = false;
	}
}

static void on_frame(struct ap *ap, const uint8_t src[6], const uint8_t *pdu,
		     size_t len, uint64_t now)
{
	struct station *st = station_get(ap, src);

	if (!st)
		return;
	wsc_eap_auth_recv(st->auth, pdu, len, now);
	station_flush(ap, st);
}

/* ---- program */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wsc ap -i IFACE -c FILE [--pbc | --pin PIN] [options]\n"
		"\n"
		"  -i IFACE          interface (default: interface= in FILE)\n"
		"  -c FILE           hostapd configuration file (WPS keys)\n"
		"  --pbc             press the button: registrar for one push-button enrollee\n"
		"  --pin PIN         registrar for an enrollee with this PIN\n"
		"  --walk-time SEC   how long --pbc/--pin stay armed (default 120)\n"
		"  --once            exit after the first WPS run (0 success, 1 failure)\n"
		"  -d                protocol trace on stderr\n"
		"  --show-keys       print keys and secrets (in events and with -d)\n");
}

static int setup(struct ap *ap, const char *ifname, char *err, size_t cap)
{
	if (!ifname[0]) {
		snprintf(err, cap, "no interface: use -i or interface= in %s",
			 ap->conf_path);
		return -1;
	}
	if (ap->conf.wps_state == 0) {
		snprintf(err, cap, "%s: WPS is disabled (wps_state=0)",
			 ap->conf_path);
		return -1;
	}
	ap->configured = ap->conf.wps_state == 2;
	if (ap->configured && wsc_cred_check(&ap->conf.cred)) {
		snprintf(err, cap, "%s: network settings are not usable for "
			 "WPS (need WPA2-PSK or WPA-PSK with CCMP)",
			 ap->conf_path);
		return -1;
	}
	if (eapol_open(&ap->sock, ifname, err, cap))
		return -1;
	ap_conf_device(&ap->conf, ap->sock.mac, &ap->dev);
	return 0;
}

int cmd_ap(int argc, char **argv)
{
	static struct ap ap; /* large; one per process */
	const char *ifname = NULL, *pin = NULL;
	bool pbc = false;
	int debug = 0, opt;
	unsigned long walk = 120;
	char err[512];

	static const struct option lo[] = {
		{ "pbc", no_argument, NULL, 'p' },
		{ "pin", required_argument, NULL, 'P' },
		{ "walk-time", required_argument, NULL, 'w' },
		{ "once", no_argument, NULL, 'o' },
		{ "show-keys", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };

	memset(&ap, 0, sizeof(ap));
	ap.once_result = -1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:c:dh", lo, NULL)) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'c': ap.conf_path = optarg; break;
		case 'd': debug++; break;
		case 'p': pbc = true; break;
		case 'P': pin = optarg; break;
		case 'o': ap.once = true; break;
		case 'k': ap.show_keys = true; break;
		case 'w': {
			char *end;
			walk = strtoul(optarg, &end, 10);
			if (*end || !*optarg || walk == 0 || walk > 86400) {
				fprintf(stderr, "wsc ap: --walk-time must be "
						"1..86400 seconds\n");
				return 2;
			}
			break;
		}
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !ap.conf_path || (pbc && pin)) {
		fprintf(stderr, "wsc ap: %s\n", !ap.conf_path ?
			"-c FILE is required" : pbc && pin ?
			"--pbc and --pin exclude each other" :
			"unexpected argument");
		usage(stderr);
		return 2;
	}
	if (pin && wsc_pin_valid(pin)) {
		fprintf(stderr, "wsc ap: invalid PIN (4 digits, or 8 digits "
				"with a valid check digit)\n");
		return 2;
	}
	if (ap_conf_load(ap.conf_path, &ap.conf, err, sizeof(err))) {
		fprintf(stderr, "wsc ap: %s\n", err);
		return 1;
	}
	ap.env.log = debug ? tool_log : NULL;
	ap.env.log_level = WSC_LOG_DEBUG;
	ap.env.log_secrets = ap.show_keys;
	if (setup(&ap, ifname ? ifname : ap.conf.interface, err, sizeof(err))) {
		fprintf(stderr, "wsc ap: %s\n", err);
		ap_conf_free(&ap.conf);
		return 1;
	}
	ap.walk_ms = walk * 1000;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (pbc || pin) {
		ap.armed = pbc ? ARM_PBC : ARM_PIN;
		if (pin)
			snprintf(ap.pin, sizeof(ap.pin), "%s", pin);
		ap.arm_until = now_ms() + ap.walk_ms;
		event(pbc ? "WPS-PBC-ACTIVE" : "WPS-PIN-ACTIVE");
	}
	fprintf(stderr, "wsc ap: serving WPS on %s (%s)\n",
		ifname ? ifname : ap.conf.interface,
		ap.configured ? "configured" : "unconfigured");

	while (!stop_flag && ap.once_result < 0) {
		uint64_t now = now_ms(), due = UINT64_MAX;
		for (size_t i = 0; i < MAX_STA; i++)
			if (ap.sta[i].in_use) {
				uint64_t t = wsc_eap_auth_expiry(ap.sta[i].auth);
				due = t < due ? t : due;
			}
		if (ap.armed && ap.arm_until < due)
			due = ap.arm_until;
		int timeout = due == UINT64_MAX ? 1000 :
			      due <= now ? 0 : (int)(due - now > 1000 ? 1000 :
							      due - now);
		struct pollfd pfd = { .fd = ap.sock.fd, .events = POLLIN };
		int r = poll(&pfd, 1, timeout);
		now = now_ms();
		if (r > 0) {
			uint8_t src[6], buf[2048];
			int n;
			while ((n = eapol_recv(&ap.sock, src, buf, sizeof(buf))) >= 0 ||
			       n == -ENOMSG)
				if (n >= 0)
					on_frame(&ap, src, buf, (size_t)n, now);
		}
		for (size_t i = 0; i < MAX_STA; i++) {
			struct station *st = &ap.sta[i];
			if (st->in_use && wsc_eap_auth_expiry(st->auth) <= now) {
				wsc_eap_auth_handle_expiry(st->auth, now);
				station_flush(&ap, st);
			}
		}
		if (ap.armed && now >= ap.arm_until) {
			disarm(&ap);
			event("WPS-TIMEOUT");
			if (ap.once)
				ap.once_result = 1;
		}
	}
	for (size_t i = 0; i < MAX_STA; i++)
		if (ap.sta[i].in_use)
			wsc_eap_auth_del(ap.sta[i].auth);
	eapol_close(&ap.sock);
	ap_conf_free(&ap.conf);
	int rc = ap.once_result > 0 ? 1 : 0;
	memset(&ap, 0, sizeof(ap));
	return rc;
}
