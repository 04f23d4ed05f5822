/*
 * `wsc ap`: the access point's WPS service on one interface, a drop-in for
 * the WPS part of hostapd + hostapd_cli. The AP is the EAP authenticator;
 * it is the registrar for stations that enroll (armed by the button or a
 * PIN, at start or through the control interface), and the enrollee (with
 * an AP PIN) for external registrars.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "ap.h"
#include "psk_file.h"
#include "tool.h"
#include "util.h"

static volatile sig_atomic_t stop_flag, reload_flag;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_flag = 1;
	else
		stop_flag = 1;
}

void ap_event(struct ap *ap, const char *fmt, ...)
{
	char line[512];
	va_list va;

	va_start(va, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, va);
	va_end(va);
	/* hostapd's event names end in a space when no arguments follow
	 * ("WPS-PBC-ACTIVE "): scripts that compare whole lines see the same
	 * bytes */
	if (!strchr(line, ' '))
		strcat(line, " ");
	if (ap->use_syslog)
		syslog(LOG_NOTICE, "%s: %s", ap->ifname, line);
	else
		printf("%s\n", line);
	fflush(stdout);
	if (ap->ctrl_on)
		ctrl_broadcast(&ap->ctrl, 3, line);
}

static void log_line(void *ud, int level, const char *line)
{
	struct ap *ap = ud;
	if (ap->use_syslog)
		syslog(level == WSC_LOG_ERROR ? LOG_ERR : LOG_DEBUG, "%s", line);
	else
		fprintf(stderr, "wsc: %s\n", line);
}

/* ---- libwsc's AP events, in hostapd's words */

/* A Primary Device Type as hostapd prints it: 6-0050F204-1 */
static void dev_type_str(const uint8_t t[8], char out[24])
{
	snprintf(out, 24, "%u-%02X%02X%02X%02X-%u", (unsigned)(t[0] << 8 | t[1]),
		 t[2], t[3], t[4], t[5], (unsigned)(t[6] << 8 | t[7]));
}

/* The settings the AP is configured with from now on: into the file (the
 * served BSS's lines only), then the event */
static void apply_settings(struct ap *ap, const wsc_cred *c)
{
	char err[256];

	if (ap_conf_store(ap->conf_path, &ap->conf, c, err, sizeof(err)))
		fprintf(stderr, "wsc ap: could not save settings: %s\n", err);
	ap->conf.cred = *c;
	ap->conf.has_ssid = true;
	ap->configured = true;
	ap_event(ap, "WPS-NEW-AP-SETTINGS");
	if (!ap->use_syslog) {
		cred_print(stdout, "settings: ", &ap->conf.cred, ap->show_keys);
		fflush(stdout);
	}
}

/* A per-device PSK the enrollee confirmed (WSC_Done): into wpa_psk_file */
static void record_own_psk(struct ap *ap, const uint8_t mac[6],
			   const wsc_cred *c)
{
	char err[512], hex[65];

	memcpy(hex, c->key, 64);
	hex[64] = '\0';
	if (psk_file_add(ap->conf.wpa_psk_file, mac, hex, err, sizeof(err)))
		fprintf(stderr, "wsc ap: per-device PSK not recorded: %s\n",
			err);
	wsc_wipe(hex, sizeof(hex));
}

static void on_seen(struct ap *ap, const wsc_ap_event *ev, const char *mac,
		    const char *uuid)
{
	const wsc_peer *e = ev->peer;
	char devtype[24];

	dev_type_str(e->dev_type, devtype);
	if (ev->type == WSC_AP_EV_ENROLLEE_SEEN) {
		/* hostapd's fields (it says so for Probe Requests; a wired
		 * port has only M1: request type 1, enrollee) */
		ap_event(ap, "WPS-ENROLLEE-SEEN %s %s %s 0x%x %u 1 [%s]", mac,
			 uuid, devtype, e->config_methods, e->pw_id,
			 e->device_name);
		return;
	}
	/* hostapd's words: the MAC the enrollee gave in M1 */
	static const uint8_t zero[6];
	char m1mac[18];
	mac_format(memcmp(e->mac, zero, 6) ? e->mac : ev->mac, m1mac);
	ap_event(ap, "WPS-PIN-NEEDED %s %s [%s|%s|%s|%s|%s|%s]", uuid, m1mac,
		 e->device_name, e->manufacturer, e->model_name,
		 e->model_number, e->serial_number, devtype);
}

static void once_over(struct ap *ap, int result)
{
	if (ap->once)
		ap->once_result = result;
}

/* The lockout must survive a restart: while its state cannot be written
 * the AP PIN is not served (fail closed), and the reason is said once.
 * The library is told after the call under way returns (fail_closed). */
static void note_state_written(struct ap *ap, int r)
{
	bool ok = r == 0;

	if (ok == ap->state_ok)
		return;
	ap->state_ok = ok;
	ap->state_changed = true;
	if (!ok)
		fprintf(stderr, "wsc ap: AP PIN not served: its lockout state "
			"cannot be saved in %s (%s); external registrars are "
			"refused until it can\n", ap->state_path, strerror(-r));
	else
		fprintf(stderr, "wsc ap: %s written again: the AP PIN is "
			"served\n", ap->state_path);
}

static void on_ap_event(void *ud, const wsc_ap_event *ev)
{
	struct ap *ap = ud;
	char mac[18] = "", uuid[37] = "";

	if (ev->mac)
		mac_format(ev->mac, mac);
	if (ev->peer)
		wsc_uuid_format(ev->peer->uuid, uuid);
	switch (ev->type) {
	case WSC_AP_EV_PBC_ACTIVE: ap_event(ap, "WPS-PBC-ACTIVE"); break;
	case WSC_AP_EV_PBC_DISABLE: ap_event(ap, "WPS-PBC-DISABLE"); break;
	case WSC_AP_EV_TIMEOUT:
		ap_event(ap, "WPS-TIMEOUT");
		once_over(ap, 1);
		break;
	case WSC_AP_EV_CANCEL: ap_event(ap, "WPS-CANCEL"); break;
	case WSC_AP_EV_OVERLAP: ap_event(ap, "WPS-OVERLAP-DETECTED"); break;
	case WSC_AP_EV_ENROLLEE_SEEN:
	case WSC_AP_EV_PIN_NEEDED:
		on_seen(ap, ev, mac, uuid);
		break;
	case WSC_AP_EV_RUN_START:
		/* hostapd: the expanded WSC method, once the Identity is known */
		ap_event(ap, "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 "
			 "method=254");
		break;
	case WSC_AP_EV_REG_SUCCESS:
		if (*ap->conf.wpa_psk_file && ev->cred->key_len == 64)
			record_own_psk(ap, ev->mac, ev->cred);
		ap_event(ap, "WPS-REG-SUCCESS %s %s", mac, uuid);
		break;
	case WSC_AP_EV_SUCCESS:
		ap_event(ap, "WPS-SUCCESS");
		once_over(ap, 0);
		break;
	case WSC_AP_EV_FAIL:
		ap_event(ap, "WPS-FAIL msg=%d config_error=%d", ev->msg,
			 ev->config_error);
		once_over(ap, 1);
		break;
	case WSC_AP_EV_NEW_SETTINGS: apply_settings(ap, ev->cred); break;
	case WSC_AP_EV_SETUP_LOCKED: ap_event(ap, "WPS-AP-SETUP-LOCKED"); break;
	case WSC_AP_EV_SETUP_UNLOCKED:
		ap_event(ap, "WPS-AP-SETUP-UNLOCKED");
		break;
	case WSC_AP_EV_AP_PIN_DISABLED:
		ap_event(ap, "WPS-AP-PIN-DISABLED");
		break;
	case WSC_AP_EV_PIN_EXPIRED: once_over(ap, 1); break; /* hostapd: none */
	case WSC_AP_EV_STATE:
		note_state_written(ap, ap_state_write(ap->state_path, ev->blob,
						      ev->blob_len));
		break;
	default: /* INVENTED (hostapd says nothing), ELEMENT (no radio) */
		break;
	}
}

/* ---- configuration */

static int check_conf(struct ap *ap, const struct ap_conf *c, char *err,
		      size_t cap)
{
	if (c->wps_state == 0) {
		snprintf(err, cap, "%s: WPS is disabled (wps_state=0)",
			 ap->conf_path);
		return -1;
	}
	if (c->wps_off) {
		/* hostapd keeps such a network up without WPS; a WPS service
		 * has nothing to offer it */
		snprintf(err, cap, "%s:%zu: WPS is disabled by %s, as in "
			 "hostapd", ap->conf_path, c->wps_off_line, c->wps_off);
		return -1;
	}
	wsc_cred probe = c->cred;

	/* per-device PSKs only: the settings are checked with one */
	if (*c->wpa_psk_file && probe.key_len == 0) {
		memset(probe.key, 'a', 64);
		probe.key_len = 64;
	}
	if (*c->wpa_psk_file && psk_file_check(c->wpa_psk_file, err, cap))
		return -1;
	if (c->wps_state == 2 && wsc_cred_check(&probe)) {
		snprintf(err, cap, "%s: network settings are not usable for "
			 "WPS (need WPA2-PSK or WPA-PSK with CCMP)",
			 ap->conf_path);
		return -1;
	}
	return 0;
}

/* What libwsc's AP is told of the file */
static void lib_cfg(struct ap *ap, const struct ap_conf *c, wsc_device *dev,
		    wsc_ap_cfg *out)
{
	memset(out, 0, sizeof(*out));
	out->size = sizeof(*out);
	ap_conf_device(c, ap->sock.mac, dev);
	out->dev = dev;
	out->settings = &c->cred;
	out->configured = c->wps_state == 2;
	out->ap_pin = c->ap_pin;
	out->setup_locked = c->ap_setup_locked || !ap->state_ok;
	out->per_device_psk = *c->wpa_psk_file != '\0';
	out->walk_time_ms = (uint32_t)ap->walk_ms;
	out->fragment_size = c->fragment_size;
	out->dh_priv_bits = ap->dh_bits;
	out->m1_per_sec = (uint32_t)ap->m1_rate;
	out->on_event = on_ap_event;
	out->event_ud = ap;
}

/* After a call into the library: if the state file's fate changed, the
 * AP PIN is refused or served again */
static void fail_closed(struct ap *ap)
{
	wsc_ap_cfg cfg;

	if (!ap->state_changed)
		return;
	ap->state_changed = false;
	lib_cfg(ap, &ap->conf, &ap->dev, &cfg);
	cfg.configured = ap->configured;
	wsc_ap_reconfigure(ap->w, &cfg);
}

/* Write the state now: a file that cannot be written is found at start */
static void state_probe(struct ap *ap)
{
	uint8_t blob[WSC_AP_STATE_MAX];
	size_t len;

	if (!wsc_ap_state_save(ap->w, now_ms(), blob, sizeof(blob), &len))
		note_state_written(ap, ap_state_write(ap->state_path, blob,
						      len));
	wsc_wipe(blob, sizeof(blob));
	fail_closed(ap);
}

int ap_reload(struct ap *ap, char *err, size_t cap)
{
	struct ap_conf fresh;
	wsc_ap_cfg cfg;

	if (ap_conf_load_bss(ap->conf_path, ap->bss, &fresh, err, cap))
		return -1;
	if (check_conf(ap, &fresh, err, cap) ||
	    (fresh.interface[0] && strcmp(fresh.interface, ap->ifname) &&
	     snprintf(err, cap, "interface cannot change on reload") > 0)) {
		ap_conf_free(&fresh);
		return -1;
	}
	lib_cfg(ap, &fresh, &ap->dev, &cfg);
	if (wsc_ap_reconfigure(ap->w, &cfg)) {
		snprintf(err, cap, "settings refused");
		ap_conf_free(&fresh);
		return -1;
	}
	ap_conf_free(&ap->conf);
	ap->conf = fresh;
	ap->configured = fresh.wps_state == 2;
	return 0;
}

/* ---- frames */

static void flush(struct ap *ap)
{
	const uint8_t *f;
	size_t len;
	uint8_t to[6];
	char mac[18];

	while (wsc_ap_pop_tx(ap->w, to, &f, &len)) {
		if (eapol_send(&ap->sock, to, f, len))
			fprintf(stderr, "wsc ap: send: %s\n", strerror(errno));
		/* hostapd's EAP events: an EAP-Failure ends every WPS run */
		wsc_eapol_info v;
		if (!wsc_eapol_classify(f, len, &v) && v.eap_code == 4) {
			mac_format(to, mac);
			ap_event(ap, "CTRL-EVENT-EAP-FAILURE %s", mac);
		}
	}
}

static void on_frame(struct ap *ap, const uint8_t src[6], const uint8_t *pdu,
		     size_t len, uint64_t now)
{
	/* hostapd's EAP events: an EAPOL-Start (re)starts EAP with an
	 * Identity request */
	wsc_eapol_info v;
	if (!wsc_eapol_classify(pdu, len, &v) && v.eapol_type == 1) {
		char mac[18];
		mac_format(src, mac);
		ap_event(ap, "CTRL-EVENT-EAP-STARTED %s", mac);
		ap_event(ap, "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1");
	}
	wsc_ap_recv_eapol(ap->w, src, pdu, len, now);
	flush(ap);
}

/* ---- program */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wsc ap -c FILE [-i IFACE] [--pbc | --pin PIN] [options]\n"
		"\n"
		"  -c FILE           hostapd configuration file (WPS keys)\n"
		"  -i IFACE          interface (default: interface= in FILE)\n"
		"  --pbc             press the button: registrar for one push-button enrollee\n"
		"  --pin PIN         registrar for an enrollee with this PIN (- reads it\n"
		"                    from standard input, @FILE from a file)\n"
		"  --walk-time SEC   how long a button press or PIN lasts (default 120)\n"
		"  --state FILE      AP PIN and lockout state (default FILE.wsc-state)\n"
		"  --dh-exponent-bits N  private DH exponent length, 160..1536\n"
		"                    (default 256: twice group 5's strength)\n"
		"  --m1-rate N       M1s answered per second, all stations together,\n"
		"                    1..100000 (default 250; each costs an exponentiation)\n"
		"  --once            exit after the first WPS run (0 success, 1 failure)\n"
		"  -B                run in the background (with -P PIDFILE)\n"
		"  -P PIDFILE        write the process id here\n"
		"  -s                log to syslog instead of stdout/stderr\n"
		"  -d                protocol trace\n"
		"  --show-keys       print keys and secrets (in events and with -d)\n"
		"\n"
		"ctrl_interface=DIR in FILE opens the control socket DIR/IFACE for\n"
		"`wsc cli` (or hostapd_cli). SIGHUP reloads FILE; SIGTERM ends.\n");
}

struct ap_args {
	const char *ifname, *pin, *pidfile;
	char pin_buf[9];       /* --pin's PIN, argv scrubbed */
	bool pbc, daemonize;
	int debug;
	unsigned long walk;
};

static int parse_args(struct ap *ap, struct ap_args *a, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "pbc", no_argument, NULL, 'p' },
		{ "pin", required_argument, NULL, 'N' },
		{ "walk-time", required_argument, NULL, 'w' },
		{ "state", required_argument, NULL, 'S' },
		{ "once", no_argument, NULL, 'o' },
		{ "show-keys", no_argument, NULL, 'k' },
		{ "dh-exponent-bits", required_argument, NULL, 'X' },
		{ "m1-rate", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };
	int opt;
	char err[256];

	a->walk = 120;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:c:dhBP:s", lo, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'i': a->ifname = optarg; break;
		case 'c': ap->conf_path = optarg; break;
		case 'd': a->debug++; break;
		case 'p': a->pbc = true; break;
		case 'N':
			if (secret_arg(optarg, a->pin_buf, sizeof(a->pin_buf),
				       err, sizeof(err))) {
				fprintf(stderr, "wsc ap: --pin: %s\n", err);
				return 2;
			}
			a->pin = a->pin_buf;
			break;
		case 'o': ap->once = true; break;
		case 'k': ap->show_keys = true; break;
		case 'S': ap->state_path = optarg; break;
		case 'B': a->daemonize = true; break;
		case 'P': a->pidfile = optarg; break;
		case 's': ap->use_syslog = true; break;
		case 'w':
			a->walk = strtoul(optarg, &end, 10);
			if (*end || !*optarg || !a->walk || a->walk > 86400) {
				fprintf(stderr, "wsc ap: --walk-time must be "
						"1..86400 seconds\n");
				return 2;
			}
			break;
		case 'X':
			ap->dh_bits = strtoul(optarg, &end, 10);
			if (*end || !*optarg ||
			    ap->dh_bits < WSC_DH_PRIV_BITS_MIN ||
			    ap->dh_bits > WSC_PUBKEY_LEN * 8) {
				fprintf(stderr, "wsc ap: --dh-exponent-bits must "
						"be %d..%d\n", WSC_DH_PRIV_BITS_MIN,
					WSC_PUBKEY_LEN * 8);
				return 2;
			}
			break;
		case 'M':
			ap->m1_rate = strtoul(optarg, &end, 10);
			if (*end || !*optarg || !ap->m1_rate ||
			    ap->m1_rate > 100000) {
				fprintf(stderr, "wsc ap: --m1-rate must be "
						"1..100000\n");
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !ap->conf_path || (a->pbc && a->pin)) {
		fprintf(stderr, "wsc ap: %s\n", !ap->conf_path ?
			"-c FILE is required" : a->pbc && a->pin ?
			"--pbc and --pin exclude each other" :
			"unexpected argument");
		usage(stderr);
		return 2;
	}
	if (a->pin && wsc_pin_valid(a->pin)) {
		fprintf(stderr, "wsc ap: invalid PIN (4 digits, or 8 digits "
				"with a valid check digit)\n");
		return 2;
	}
	if (a->pin && !strcmp(a->pin, "00000000")) {
		fprintf(stderr, "wsc ap: PIN 00000000 is the push-button "
				"password: use --pbc\n");
		return 2;
	}
	return -1;
}

int ap_lib_open(struct ap *ap, char *err, size_t cap)
{
	uint8_t blob[WSC_AP_STATE_MAX];
	size_t blob_len;
	wsc_ap_cfg cfg;
	int e;

	if (ap_state_read(ap->state_path, blob, sizeof(blob), &blob_len, err,
			  cap))
		return -1;
	ap->configured = ap->conf.wps_state == 2;
	ap->env.size = sizeof(ap->env);
	lib_cfg(ap, &ap->conf, &ap->dev, &cfg);
	cfg.state = blob;
	cfg.state_len = blob_len;
	cfg.now_ms = now_ms();
	ap->w = wsc_ap_new(&ap->env, &cfg, &e);
	wsc_wipe(blob, sizeof(blob));
	if (!ap->w) {
		if (e == WSC_ERR_BAD_VALUE)
			/* a damaged state must not unlock anything */
			snprintf(err, cap, "%s: malformed state (remove the "
				 "file to reset the AP PIN lockout)",
				 ap->state_path);
		else
			snprintf(err, cap, "%s", wsc_strerror(e));
		return -1;
	}
	state_probe(ap);
	return 0;
}

static int start(struct ap *ap, const struct ap_args *a, char *err,
		 size_t cap)
{
	static char state_default[4096];

	/* -i names the BSS of a multi-BSS file (bss=), as for hostapd */
	ap->bss = a->ifname;
	if (ap_conf_load_bss(ap->conf_path, ap->bss, &ap->conf, err, cap) ||
	    check_conf(ap, &ap->conf, err, cap))
		return -1;
	snprintf(ap->ifname, sizeof(ap->ifname), "%s",
		 a->ifname ? a->ifname : ap->conf.interface);
	if (!ap->ifname[0]) {
		snprintf(err, cap, "no interface: use -i or interface= in %s",
			 ap->conf_path);
		return -1;
	}
	if (!ap->state_path) {
		snprintf(state_default, sizeof(state_default), "%s.wsc-state",
			 ap->conf_path);
		ap->state_path = state_default;
	}
	clean_stale_temps(ap->conf_path);
	clean_stale_temps(ap->state_path);
	if (eapol_open(&ap->sock, ap->ifname, err, cap))
		return -1;
	if (ap_lib_open(ap, err, cap)) {
		eapol_close(&ap->sock);
		return -1;
	}
	if (ap->conf.ctrl_interface[0]) {
		const char *dir = ap->conf.ctrl_interface;
		/* hostapd also accepts DIR=/path GROUP=name */
		if (!strncmp(dir, "DIR=", 4))
			dir += 4;
		char d[256];
		snprintf(d, sizeof(d), "%.*s", (int)strcspn(dir, " "), dir);
		if (ctrl_open(&ap->ctrl, d, ap->ifname, ap_ctrl_handle, ap, err,
			      cap)) {
			wsc_ap_del(ap->w);
			ap->w = NULL;
			eapol_close(&ap->sock);
			return -1;
		}
		ap->ctrl_on = true;
	}
	return 0;
}

static int write_pidfile(const char *path)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	return write_file_atomic(path, buf, (size_t)n);
}

/* A station in the middle of an EAP conversation */
static bool conversation_open(const struct ap *ap)
{
	wsc_ap_status st;

	wsc_ap_status_get(ap->w, &st);
	return st.stations > 0;
}

static void serve(struct ap *ap)
{
	/* --once: the run's result is known, but finish the conversation
	 * (e.g. our NACK is still to be answered) before leaving, so the
	 * peer gets its EAP-Failure */
	while (!stop_flag && (ap->once_result < 0 || conversation_open(ap))) {
		uint64_t now = now_ms(), due = wsc_ap_expiry(ap->w);
		int timeout = due <= now ? 0 : due - now > 1000 ? 1000 :
					       (int)(due - now);
		struct pollfd pfd[2] = { { .fd = ap->sock.fd, .events = POLLIN },
					 { .fd = ap->ctrl_on ? ap->ctrl.fd : -1,
					   .events = POLLIN } };
		int r = poll(pfd, 2, timeout);
		now = now_ms();
		if (reload_flag) {
			char err[512];
			reload_flag = 0;
			if (ap_reload(ap, err, sizeof(err)))
				fprintf(stderr, "wsc ap: reload refused, "
					"keeping the old configuration: %s\n",
					err);
			else
				fprintf(stderr, "wsc ap: configuration "
					"reloaded\n");
		}
		/* POLLERR too: reading clears a pending socket error (the
		 * link went down), which poll would report forever */
		if (r > 0 && (pfd[0].revents & (POLLIN | POLLERR | POLLHUP))) {
			uint8_t src[6], buf[2048];
			int n;
			for (int k = 0; k < 256; k++) {
				n = eapol_recv(&ap->sock, src, buf, sizeof(buf));
				if (n == -ENOMSG)
					continue;
				if (n < 0) {
					if (n != -EAGAIN)
						fprintf(stderr, "wsc ap: %s: %s\n",
							ap->ifname, strerror(-n));
					break;
				}
				on_frame(ap, src, buf, (size_t)n, now);
			}
		}
		if (r > 0 && (pfd[1].revents & POLLIN))
			ctrl_service(&ap->ctrl);
		fail_closed(ap);
		now = now_ms();
		if (wsc_ap_expiry(ap->w) <= now) {
			wsc_ap_handle_expiry(ap->w, now);
			flush(ap);
			fail_closed(ap);
		}
	}
}

int cmd_ap(int argc, char **argv)
{
	static struct ap ap; /* large; one per process */
	struct ap_args a = { 0 };
	char err[512];
	int rc;

	memset(&ap, 0, sizeof(ap));
	ap.once_result = -1;
	ap.state_ok = true;
	rc = parse_args(&ap, &a, argc, argv);
	if (rc >= 0)
		return rc;
	ap.walk_ms = a.walk * 1000;
	ap.log_level = a.debug ? WSC_LOG_DEBUG : WSC_LOG_INFO;
	ap.env.log = a.debug ? log_line : NULL;
	ap.env.log_ud = &ap;
	ap.env.log_level = ap.log_level;
	ap.env.log_secrets = ap.show_keys;
	if (ap.use_syslog)
		openlog("wsc", LOG_PID, LOG_DAEMON);
	if (start(&ap, &a, err, sizeof(err))) {
		fprintf(stderr, "wsc ap: %s\n", err);
		ap_conf_free(&ap.conf);
		return 1;
	}
	if (a.daemonize && daemon(0, 0) < 0) {
		fprintf(stderr, "wsc ap: daemon: %s\n", strerror(errno));
		return 1;
	}
	if (a.pidfile && write_pidfile(a.pidfile))
		fprintf(stderr, "wsc ap: %s: cannot write\n", a.pidfile);
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (a.pbc)
		wsc_ap_pbc(ap.w, now_ms());
	if (a.pin)
		wsc_ap_add_pin(ap.w, a.pin, NULL, NULL, 0, now_ms());
	fprintf(stderr, "wsc ap: serving WPS on %s (%s)\n", ap.ifname,
		ap.configured ? "configured" : "unconfigured");
	if (ap.conf.ap_pin[0])
		fprintf(stderr, "wsc ap: warning: a static AP PIN (ap_pin=) "
			"lets anyone in range keep guessing it (the lockout "
			"only slows them); prefer `wps_ap_pin random TIMEOUT` "
			"when a registrar needs it\n");
	serve(&ap);

	wsc_ap_del(ap.w);
	if (ap.ctrl_on)
		ctrl_close(&ap.ctrl);
	if (a.pidfile)
		unlink(a.pidfile);
	eapol_close(&ap.sock);
	ap_conf_free(&ap.conf);
	rc = ap.once_result > 0 ? 1 : 0;
	memset(&ap, 0, sizeof(ap));
	return rc;
}
