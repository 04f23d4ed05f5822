/*
 * `wsc sta`: the station side, one WPS run. The station is the EAP peer;
 * it enrolls (--pbc, --pin) or acts as an external registrar for an AP
 * (--reg AP_PIN), learning the AP's settings or giving it new ones.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cred_save.h"
#include "ctrl.h"
#include "hostapd_conf.h"
#include "sta_wifi.h"
#include "tool.h"
#include "transport_linux.h"
#include "util.h"

struct sta {
	wsc_role role;
	bool show_keys, json;
	const char *save, *save_nm, *save_iwd;
	wsc_cred creds[WSC_MAX_CREDS]; /* received or learned */
	size_t ncred;
	bool m2d, any_m2d;
	bool reported;
	int result;            /* -1 running, 0 ok, 1 failed */
	uint8_t ap_mac[6];
	bool new_settings;     /* registrar configured the AP */
	char fail[400];        /* why the run ended without a credential */
	struct ctrl ctrl;      /* --ctrl DIR: status, cancel, events */
	bool ctrl_on;
	bool cancelled;
	const char *ifname;
	const char *phase;     /* for STATUS */
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void emit(struct sta *s, const char *ev, const char *extra)
{
	if (s->ctrl_on)
		ctrl_broadcast(&s->ctrl, 3, ev); /* wpa_supplicant: MSG_INFO */
	if (s->json)
		printf("{\"event\":\"%s\"%s}\n", ev, extra ? extra : "");
	else
		printf("%s\n", ev);
	fflush(stdout);
}

static void on_event(void *ud, const wsc_event *ev)
{
	struct sta *s = ud;
	char line[160], mac[18], uuid[37];

	switch (ev->type) {
	case WSC_EV_M2D:
		/* wpa_supplicant's words; M2D has no Device Password ID */
		s->m2d = true;
		snprintf(line, sizeof(line), s->json ? ",\"config_error\":%d" :
			 "WPS-M2D dev_password_id=0 config_error=%d",
			 ev->config_error);
		emit(s, s->json ? "WPS-M2D" : line, s->json ? line : NULL);
		if (ev->config_error == WSC_CE_MULTIPLE_PBC) {
			/* as wpa_supplicant: give up, the user must retry */
			emit(s, "WPS-OVERLAP-DETECTED", NULL);
			s->reported = true;
		}
		break;
	case WSC_EV_CRED:
	case WSC_EV_AP_SETTINGS:
		/* an enrollee's credential, or the AP's current settings
		 * that a registrar learned from M7 */
		s->ncred = ev->ncred < WSC_MAX_CREDS ? ev->ncred : WSC_MAX_CREDS;
		memcpy(s->creds, ev->cred, s->ncred * sizeof(s->creds[0]));
		emit(s, "WPS-CRED-RECEIVED", NULL);
		break;
	case WSC_EV_SUCCESS:
		if (s->role == WSC_REGISTRAR) {
			mac_format(ev->peer->mac, mac);
			wsc_uuid_format(ev->peer->uuid, uuid);
			snprintf(line, sizeof(line), "WPS-REG-SUCCESS %s %s",
				 mac, uuid);
			if (!s->json)
				emit(s, line, NULL);
		}
		emit(s, "WPS-SUCCESS", NULL);
		break;
	case WSC_EV_FAIL:
		if (ev->error == WSC_ERR_NO_PASSWORD && ev->config_error == 0)
			break;
		/* no answer (no AP yet, or one that went away): the walk
		 * goes on until its time ends, as wpa_supplicant's does; a
		 * user may press the station's button first and walk to
		 * the router */
		if (ev->error == WSC_ERR_TIMEOUT)
			break;
		if (s->json)
			snprintf(line, sizeof(line),
				 ",\"msg\":%d,\"config_error\":%d", ev->msg,
				 ev->config_error);
		else
			snprintf(line, sizeof(line),
				 "WPS-FAIL msg=%d config_error=%d", ev->msg,
				 ev->config_error);
		if (s->json)
			emit(s, "WPS-FAIL", line);
		else
			emit(s, line, NULL);
		s->reported = true;
		break;
	default:
		break;
	}
}

/* wpa_supplicant's control commands that make sense for one WPS run */
static size_t sta_ctrl(void *ud, char *cmd, char *reply, size_t cap)
{
	struct sta *s = ud;
	char mac[18];

	for (char *p = cmd; *p && *p != ' '; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	if (!strcmp(cmd, "PING"))
		return (size_t)snprintf(reply, cap, "PONG\n");
	if (!strcmp(cmd, "WPS_CANCEL")) {
		s->cancelled = true;
		stop_flag = 1;
		return (size_t)snprintf(reply, cap, "OK\n");
	}
	if (!strcmp(cmd, "STATUS")) {
		mac_format(s->ap_mac, mac);
		return (size_t)snprintf(reply, cap,
					"wpa_state=%s\nifname=%s\nwps_role=%s\n"
					"bssid=%s\n", s->phase, s->ifname,
					s->role == WSC_REGISTRAR ? "registrar" :
								   "enrollee",
					mac);
	}
	return (size_t)snprintf(reply, cap, "FAIL unknown command\n");
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wsc sta -i IFACE (--pbc | --pin PIN | --reg AP_PIN [--new-ssid S\n"
		"               --new-passphrase P]) [--bssid MAC] [-c FILE] [--save FILE]\n"
		"               [--save-nm DIR] [--save-iwd DIR] [--json]\n"
		"\n"
		"  IFACE is a wired port (EAPOL to the AP's authenticator) or a wireless\n"
		"  interface (nl80211): scan, choose the AP, associate for WPS, run, leave.\n"
		"\n"
		"  --pbc               enroll with the push button\n"
		"  --pin PIN           enroll with this device PIN\n"
		"  --reg AP_PIN        act as registrar for the AP whose PIN this is:\n"
		"                      learn its settings, or with --new-* configure it\n"
		"  --new-ssid S        new SSID for the AP (with --reg)\n"
		"  --new-passphrase P  new WPA2 passphrase, 8..63 characters (with --reg)\n"
		"  --new-auth A        OPEN, WPAPSK, WPA2PSK (default), WPAPSK+WPA2PSK\n"
		"  --new-encr E        NONE, TKIP, CCMP (default), TKIP+CCMP\n"
		"  (a PIN or passphrase given as - is read from standard input, as\n"
		"  @FILE from FILE's first line: other users' ps cannot see it)\n"
		"  -c FILE             wpa_supplicant configuration (device_name, uuid, ...)\n"
		"  --bssid MAC         Wi-Fi: only this AP (the PBC overlap check still\n"
		"                      counts every AP)\n"
		"  --save FILE         write the credential as a wpa_supplicant network block\n"
		"  --save-nm DIR       ... as a NetworkManager keyfile in DIR (mode 0600;\n"
		"                      /etc/NetworkManager/system-connections)\n"
		"  --save-iwd DIR      ... as an iwd profile in DIR (/var/lib/iwd)\n"
		"  --json              print events and the result as JSON lines\n"
		"  --walk-time SEC     give up after this long (default 120)\n"
		"  --fragment-size N   EAP-WSC fragment size, 50..1400 (default 1400)\n"
		"  --dh-exponent-bits N  private DH exponent length, 160..1536 (default 256)\n"
		"  -d                  protocol trace on stderr\n"
		"  --ctrl DIR          control socket DIR/IFACE (status, wps_cancel, events)\n"
		"  --show-keys         print the network key and secrets\n");
}

/* wpa_supplicant's device keys, read with the hostapd parser after
 * blanking everything else (network blocks included). */
static int load_device(const char *path, const uint8_t mac[6], wsc_device *d,
		       char *err, size_t cap)
{
	static const char *const keys[] = {
		"device_name", "manufacturer", "model_name", "model_number",
		"serial_number", "device_type", "os_version", "config_methods",
		"uuid" };
	FILE *f = fopen(path, "r");
	char line[1024], *text = NULL;
	size_t len = 0;
	int depth = 0, r;
	struct ap_conf c;

	if (!f) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line;
		bool keep = false;
		while (*p == ' ' || *p == '\t')
			p++;
		size_t e = strcspn(p, "\r\n");
		while (e > 0 && (p[e - 1] == ' ' || p[e - 1] == '\t'))
			e--;
		/* a block opens with "network={" / "cred={" alone on its
		 * line; a '{' inside a value (device_name) does not */
		if (e >= 2 && p[e - 2] == '=' && p[e - 1] == '{' &&
		    strspn(p, "abcdefghijklmnopqrstuvwxyz_") == e - 2)
			depth++;
		else if (*p == '}' && depth > 0)
			depth--;
		else if (depth == 0)
			for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
				keep = keep || (!strncmp(p, keys[i], strlen(keys[i])) &&
						p[strlen(keys[i])] == '=');
		const char *out = keep ? p : "#\n";
		char *bigger = realloc(text, len + strlen(out) + 2);
		if (!bigger) {
			free(text);
			fclose(f);
			snprintf(err, cap, "out of memory");
			return -1;
		}
		text = bigger;
		strcpy(text + len, out);
		len += strlen(out);
		if (keep && text[len - 1] != '\n')
			text[len++] = '\n', text[len] = '\0';
	}
	fclose(f);
	r = ap_conf_parse(text ? text : "", path, &c, err, cap);
	free(text);
	if (r)
		return -1;
	ap_conf_device(&c, mac, d);
	d->dev_type[1] = c.has_device_type ? d->dev_type[1] : 1;
	if (!c.device_name[0])
		strcpy(d->device_name, "wsc station");
	ap_conf_free(&c);
	return 0;
}

static void print_result(struct sta *s)
{
	for (size_t i = 0; i < s->ncred; i++) {
		if (s->json) {
			printf("{\"event\":\"credential\",\"credential\":");
			cred_json(stdout, &s->creds[i], s->show_keys);
			printf("}\n");
		} else {
			cred_print(stdout, "credential: ", &s->creds[i],
				   s->show_keys);
		}
	}
	fflush(stdout);
}

static void flush(wsc_eap_peer *p, struct eapol_sock *sock,
		  const uint8_t dst[6])
{
	const uint8_t *f;
	size_t len;

	while (wsc_eap_peer_pop_tx(p, &f, &len))
		if (eapol_send(sock, dst, f, len))
			fprintf(stderr, "wsc sta: send: %s\n", strerror(errno));
}

/* One EAP conversation with the AP bssid (associated on Wi-Fi), or with
 * whichever AP answers (bssid NULL: a wired port). Returns the peer's
 * final status. */
static int run_once(struct sta *st, struct eapol_sock *sock,
		    const wsc_eap_peer_cfg *pc, const wsc_env *env,
		    uint64_t deadline, const uint8_t *bssid)
{
	wsc_eap_peer *p;
	uint8_t dst[6];
	bool ap_known = false;
	int err, status = 0;

	p = wsc_eap_peer_new(env, pc, &err);
	if (!p) {
		fprintf(stderr, "wsc sta: %s\n", wsc_strerror(err));
		return err;
	}
	memcpy(dst, bssid ? bssid : pae_group_addr, 6);
	if (bssid) {
		memcpy(st->ap_mac, bssid, 6);
		ap_known = true;
	}
	wsc_eap_peer_start(p, now_ms());
	while (!stop_flag) {
		flush(p, sock, dst);
		status = wsc_eap_peer_status(p);
		if (status != 0)
			break;
		uint64_t now = now_ms(), due = wsc_eap_peer_expiry(p);
		if (now >= deadline)
			break;
		if (due > deadline)
			due = deadline;
		struct pollfd pfds[2] = {
			{ .fd = sock->fd, .events = POLLIN },
			{ .fd = st->ctrl_on ? st->ctrl.fd : -1, .events = POLLIN } };
		int r = poll(pfds, 2, due <= now ? 0 : (int)(due - now));
		if (r > 0 && (pfds[1].revents & POLLIN))
			ctrl_service(&st->ctrl);
		/* POLLERR too: reading clears the socket error */
		if (r > 0 && !(pfds[0].revents & (POLLIN | POLLERR | POLLHUP)))
			r = 0;
		now = now_ms();
		if (r > 0) {
			uint8_t src[6], buf[2048];
			int n;
			while ((n = eapol_recv(sock, src, buf, sizeof(buf))) >= 0 ||
			       n == -ENOMSG) {
				if (n < 0)
					continue;
				if (ap_known && memcmp(src, st->ap_mac, 6))
					continue; /* another AP: not ours */
				/* on a shared segment other supplicants' frames
				 * (EAPOL-Start, Responses) arrive too: only an
				 * authenticator's EAP-Request names the AP */
				if (!ap_known && (n < 5 || buf[1] != 0 ||
						  buf[4] != 1))
					continue;
				if (!ap_known) {
					memcpy(st->ap_mac, src, 6);
					memcpy(dst, src, 6);
					ap_known = true;
				}
				wsc_eap_peer_recv(p, buf, (size_t)n, now);
				flush(p, sock, dst); /* one answer per frame */
			}
		}
		wsc_eap_peer_handle_expiry(p, now);
	}
	wsc_eap_peer_del(p);
	return status;
}

struct sta_args {
	const char *ifname, *pin, *appin, *conf;
	const char *new_ssid, *new_pass, *ctrl_dir;
	/* secrets from argv (scrubbed there), standard input or a file */
	char pin_buf[9], appin_buf[9], pass_buf[64];
	const char *new_auth, *new_encr;
	uint8_t bssid[6];
	bool pbc, has_bssid;
	int debug;
	unsigned long walk, frag, dh_bits;
};

static bool parse_ulong(const char *s, unsigned long lo, unsigned long hi,
			unsigned long *out)
{
	char *end;

	*out = strtoul(s, &end, 10);
	return *s && !*end && *out >= lo && *out <= hi;
}

/* Returns -1 to go on, or the exit code. */
static int parse_args(struct sta *st, struct sta_args *a, int argc,
		      char **argv)
{
	static const struct option lo[] = {
		{ "pbc", no_argument, NULL, 'p' },
		{ "pin", required_argument, NULL, 'P' },
		{ "reg", required_argument, NULL, 'r' },
		{ "new-ssid", required_argument, NULL, 'S' },
		{ "new-passphrase", required_argument, NULL, 'K' },
		{ "new-auth", required_argument, NULL, 'A' },
		{ "new-encr", required_argument, NULL, 'E' },
		{ "save", required_argument, NULL, 's' },
		{ "save-nm", required_argument, NULL, 'N' },
		{ "save-iwd", required_argument, NULL, 'I' },
		{ "bssid", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "walk-time", required_argument, NULL, 'w' },
		{ "fragment-size", required_argument, NULL, 'f' },
		{ "dh-exponent-bits", required_argument, NULL, 'X' },
		{ "show-keys", no_argument, NULL, 'k' },
		{ "ctrl", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };
	int opt, modes;
	char err[256];

	a->walk = 120;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:c:dh", lo, NULL)) != -1) {
		switch (opt) {
		case 'i': a->ifname = optarg; break;
		case 'c': a->conf = optarg; break;
		case 'd': a->debug++; break;
		case 'p': a->pbc = true; break;
		case 'P':
		case 'r':
		case 'K':
			if (secret_arg(optarg, opt == 'P' ? a->pin_buf :
				       opt == 'r' ? a->appin_buf : a->pass_buf,
				       opt == 'K' ? sizeof(a->pass_buf) :
						    sizeof(a->pin_buf),
				       err, sizeof(err))) {
				fprintf(stderr, "wsc sta: --%s: %s\n", opt == 'P' ?
					"pin" : opt == 'r' ? "reg" :
					"new-passphrase", err);
				return 2;
			}
			if (opt == 'P')
				a->pin = a->pin_buf;
			else if (opt == 'r')
				a->appin = a->appin_buf;
			else
				a->new_pass = a->pass_buf;
			break;
		case 'S': a->new_ssid = optarg; break;
		case 'A': a->new_auth = optarg; break;
		case 'E': a->new_encr = optarg; break;
		case 's': st->save = optarg; break;
		case 'N': st->save_nm = optarg; break;
		case 'I': st->save_iwd = optarg; break;
		case 'b':
			if (mac_parse(optarg, a->bssid)) {
				fprintf(stderr, "wsc sta: --bssid wants "
						"aa:bb:cc:dd:ee:ff\n");
				return 2;
			}
			a->has_bssid = true;
			break;
		case 'j': st->json = true; break;
		case 'k': st->show_keys = true; break;
		case 'C': a->ctrl_dir = optarg; break;
		case 'w':
			if (!parse_ulong(optarg, 1, 86400, &a->walk)) {
				fprintf(stderr, "wsc sta: --walk-time must be "
						"1..86400 seconds\n");
				return 2;
			}
			break;
		case 'f':
			if (!parse_ulong(optarg, 50, 1400, &a->frag)) {
				fprintf(stderr, "wsc sta: --fragment-size must "
						"be 50..1400\n");
				return 2;
			}
			break;
		case 'X':
			if (!parse_ulong(optarg, WSC_DH_PRIV_BITS_MIN,
					 WSC_PUBKEY_LEN * 8, &a->dh_bits)) {
				fprintf(stderr, "wsc sta: --dh-exponent-bits must "
						"be %d..%d\n", WSC_DH_PRIV_BITS_MIN,
					WSC_PUBKEY_LEN * 8);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	modes = a->pbc + (a->pin != NULL) + (a->appin != NULL);
	if (optind != argc || !a->ifname || modes != 1) {
		fprintf(stderr, "wsc sta: %s\n",
			!a->ifname ? "-i IFACE is required" :
			modes != 1 ? "choose exactly one of --pbc, --pin, --reg" :
				     "unexpected argument");
		usage(stderr);
		return 2;
	}
	if ((a->pin && wsc_pin_valid(a->pin)) ||
	    (a->appin && wsc_pin_valid(a->appin))) {
		fprintf(stderr, "wsc sta: invalid PIN (4 digits, or 8 digits "
				"with a valid check digit)\n");
		return 2;
	}
	bool open = a->new_auth && !strcmp(a->new_auth, "OPEN");
	if ((a->new_ssid || a->new_pass || a->new_auth || a->new_encr) &&
	    (!a->appin || !a->new_ssid || (!a->new_pass && !open))) {
		fprintf(stderr, "wsc sta: --new-ssid and --new-passphrase go "
				"together, with --reg (--new-auth OPEN needs no "
				"passphrase)\n");
		return 2;
	}
	return -1;
}

/* wpa_supplicant's new_auth and new_encr words (wps_reg) */
static const struct { const char *name; uint16_t v; } auths[] = {
	{ "OPEN", WSC_AUTH_OPEN }, { "WPAPSK", WSC_AUTH_WPAPSK },
	{ "WPA2PSK", WSC_AUTH_WPA2PSK },
	{ "WPAPSK+WPA2PSK", WSC_AUTH_WPAPSK | WSC_AUTH_WPA2PSK } };
static const struct { const char *name; uint16_t v; } encrs[] = {
	{ "NONE", WSC_ENCR_NONE }, { "TKIP", WSC_ENCR_TKIP },
	{ "CCMP", WSC_ENCR_AES }, { "TKIP+CCMP", WSC_ENCR_TKIP | WSC_ENCR_AES } };

/* The settings a registrar gives the AP (--new-*). Returns 0 or 2. */
static int new_settings(const struct sta_args *a, wsc_cred *c)
{
	size_t n = strlen(a->new_ssid), k = a->new_pass ? strlen(a->new_pass) : 0;
	const char *auth = a->new_auth ? a->new_auth : "WPA2PSK";
	const char *encr = a->new_encr ? a->new_encr :
			   !strcmp(auth, "OPEN") ? "NONE" : "CCMP";
	size_t i, j;

	memset(c, 0, sizeof(*c));
	if (n == 0 || n > 32 || k > 64) {
		fprintf(stderr, "wsc sta: SSID must be 1..32 bytes\n");
		return 2;
	}
	for (i = 0; i < sizeof(auths) / sizeof(auths[0]) &&
		    strcmp(auths[i].name, auth); i++)
		;
	for (j = 0; j < sizeof(encrs) / sizeof(encrs[0]) &&
		    strcmp(encrs[j].name, encr); j++)
		;
	if (i == sizeof(auths) / sizeof(auths[0]) ||
	    j == sizeof(encrs) / sizeof(encrs[0])) {
		fprintf(stderr, "wsc sta: --new-auth is OPEN, WPAPSK, WPA2PSK or "
				"WPAPSK+WPA2PSK; --new-encr NONE, TKIP, CCMP or "
				"TKIP+CCMP\n");
		return 2;
	}
	memcpy(c->ssid, a->new_ssid, n);
	c->ssid_len = (uint8_t)n;
	if (k)
		memcpy(c->key, a->new_pass, k);
	c->key_len = (uint8_t)k;
	c->auth_type = auths[i].v;
	c->encr_type = encrs[j].v;
	if (wsc_cred_check(c)) {
		fprintf(stderr, "wsc sta: settings refused: %s\n",
			c->auth_type == WSC_AUTH_OPEN ?
				"an open network takes --new-encr NONE and no "
				"passphrase" :
			c->encr_type == WSC_ENCR_TKIP || c->encr_type == WSC_ENCR_NONE ?
				"WSC 2.0 forbids TKIP alone and WPA without "
				"encryption" :
				"the passphrase must be 8..63 printable "
				"characters (or 64 hex digits)");
		wsc_wipe(c, sizeof(*c));
		return 2;
	}
	return 0;
}

/* Serve the control socket and signals for ms. */
static void pause_serving(struct sta *st, uint64_t ms)
{
	uint64_t until = now_ms() + ms, t;

	while (!stop_flag && (t = now_ms()) < until) {
		struct pollfd pause = { .fd = st->ctrl_on ? st->ctrl.fd : -1,
					.events = POLLIN };
		if (poll(&pause, 1, (int)(until - t)) > 0)
			ctrl_service(&st->ctrl);
	}
}

/* A wired port: runs until one succeeds, fails for real, or the walk time
 * ends; an AP that was not ready (M2D, no answer) is tried again. */
static int walk_wired(struct sta *st, struct eapol_sock *sock,
		      const wsc_eap_peer_cfg *pc, const wsc_env *env,
		      uint64_t deadline)
{
	int status = 0;

	while (!stop_flag && now_ms() < deadline) {
		st->m2d = false;
		st->phase = "ASSOCIATED";
		status = run_once(st, sock, pc, env, deadline, NULL);
		st->any_m2d = st->any_m2d || st->m2d;
		st->phase = status > 0 ? "COMPLETED" : "DISCONNECTED";
		if (status > 0 || st->reported)
			break;
		pause_serving(st, 1000);
	}
	return status;
}

static void serve_ctrl(void *ctrl)
{
	ctrl_service(ctrl);
}

/* The longest one AP may take for a whole run before the next is tried */
#define WIFI_RUN_MAX_MS 30000

/* Wi-Fi: scan, choose, associate, run, leave; the next candidate when a
 * run fails, until one succeeds or the walk time ends. */
static int walk_wifi(struct sta *st, struct sta_wifi *sw,
		     struct eapol_sock *sock, const wsc_eap_peer_cfg *pc,
		     const wsc_env *env, uint64_t deadline)
{
	char mac[18];
	int status = 0;

	sw->phase = &st->phase;
	/* status and wps_cancel are answered while scanning and associating */
	wifi_set_idle(sw->w, st->ctrl_on ? st->ctrl.fd : -1, serve_ctrl,
		      &st->ctrl, &stop_flag);
	while (!stop_flag) {
		int end = sta_wifi_next(sw, deadline, &stop_flag, st->fail,
					sizeof(st->fail));
		if (end == STA_WIFI_OVERLAP)
			emit(st, "WPS-OVERLAP-DETECTED", NULL);
		if (end != STA_WIFI_ASSOCIATED) {
			st->reported = st->reported || end != STA_WIFI_TIMEOUT;
			break;
		}
		mac_format(sw->cur.b.bssid, mac);
		fprintf(stderr, "wsc sta: associated with %s\n", mac);
		st->m2d = false;
		st->phase = "ASSOCIATED";
		uint64_t until = now_ms() + WIFI_RUN_MAX_MS;
		status = run_once(st, sock, pc, env,
				  until < deadline ? until : deadline,
				  sw->cur.b.bssid);
		sta_wifi_leave(sw);
		st->any_m2d = st->any_m2d || st->m2d;
		st->phase = status > 0 ? "COMPLETED" : "DISCONNECTED";
		if (status > 0 || st->reported)
			break;
	}
	if (status <= 0 && !st->reported && !st->cancelled && !st->fail[0]) {
		if (st->any_m2d)
			snprintf(st->fail, sizeof(st->fail),
				 "M2D only: the AP's registrar has no password "
				 "for this device (PIN not entered on the AP?)");
		else if (!sw->found)
			snprintf(st->fail, sizeof(st->fail), "no WPS AP found%s",
				 pc->session->pw_id == WSC_PW_PUSHBUTTON ?
					 " in push-button mode" : "");
		else
			snprintf(st->fail, sizeof(st->fail),
				 "no AP completed WPS within the walk time");
	}
	return status;
}

/* The credential for the SSID of the AP we ran with goes first. */
static void ap_first(struct sta *st, const uint8_t *ssid, size_t len)
{
	for (size_t i = 1; i < st->ncred; i++) {
		if (st->creds[i].ssid_len != len ||
		    memcmp(st->creds[i].ssid, ssid, len))
			continue;
		wsc_cred c = st->creds[i];
		memmove(&st->creds[1], &st->creds[0], i * sizeof(c));
		st->creds[0] = c;
		wsc_wipe(&c, sizeof(c));
		return;
	}
}

static int save_failed(const char *what, int r)
{
	fprintf(stderr, "wsc sta: %s: %s\n", what,
		r == -ENOTSUP ? "this kind of network cannot be written there "
				"(WEP or Enterprise)" : strerror(-r));
	return -1;
}

/* --save, --save-nm, --save-iwd. Returns 0 or -1. */
static int save_creds(struct sta *st)
{
	char path[4200];
	int r, bad = 0;

	if (st->save && (r = save_wpa_networks(st->save, st->creds, st->ncred)))
		bad = save_failed(st->save, r);
	const struct {
		const char *dir;
		int (*save)(const char *, const wsc_cred *, size_t, char *,
			    size_t);
	} dirs[] = { { st->save_nm, save_nm_keyfiles },
		     { st->save_iwd, save_iwd_profiles } };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!dirs[i].dir)
			continue;
		r = dirs[i].save(dirs[i].dir, st->creds, st->ncred, path,
				 sizeof(path));
		if (r)
			bad = save_failed(dirs[i].dir, r);
		else if (!st->json)
			printf("saved: %s\n", path);
	}
	return bad;
}

/* Report the outcome; returns the exit code. */
static int finish_run(struct sta *st, int status, const wsc_cred *given)
{
	if (status > 0) {
		if (given) {
			st->creds[0] = *given;
			st->ncred = 1;
		}
		print_result(st);
		if (st->ncred && save_creds(st))
			status = -1;
	} else if (st->cancelled) {
		emit(st, "WPS-CANCEL", NULL);
	} else if (!st->reported) {
		emit(st, "WPS-TIMEOUT", NULL);
	}
	if (status <= 0 && st->fail[0]) {
		fprintf(stderr, "wsc sta: %s\n", st->fail);
		if (st->json) {
			printf("{\"event\":\"error\",\"message\":");
			json_str(stdout, (const uint8_t *)st->fail,
				 strlen(st->fail));
			printf("}\n");
		}
	}
	wsc_wipe(st->creds, sizeof(st->creds));
	return status > 0 ? 0 : 1;
}

/* Opens the wired or wireless transport; the Wi-Fi part only when ifname
 * is an nl80211 interface. Returns 0 or 1 (reported). */
static int open_link(const struct sta_args *a, struct eapol_sock *sock,
		     struct sta_wifi *sw, bool *wireless, wsc_device *dev)
{
	char err[512];

	*wireless = wifi_is_wireless(a->ifname);
	if (a->has_bssid && !*wireless) {
		fprintf(stderr, "wsc sta: --bssid: %s is not a wireless "
				"interface\n", a->ifname);
		return 1;
	}
	if (eapol_open(sock, a->ifname, err, sizeof(err))) {
		fprintf(stderr, "wsc sta: %s\n", err);
		return 1;
	}
	wsc_device_defaults(dev, false, sock->mac);
	if (a->conf && load_device(a->conf, sock->mac, dev, err, sizeof(err))) {
		fprintf(stderr, "wsc sta: %s\n", err);
		eapol_close(sock);
		return 1;
	}
	if (!*wireless)
		return 0;
	wsc_select_mode mode = a->pbc ? WSC_SELECT_PBC : a->pin ? WSC_SELECT_PIN :
								  WSC_SELECT_REGISTRAR;
	if (sta_wifi_open(sw, a->ifname, mode, dev,
			  a->has_bssid ? a->bssid : NULL, err, sizeof(err))) {
		fprintf(stderr, "wsc sta: %s\n", err);
		sta_wifi_close(sw);
		eapol_close(sock);
		return 1;
	}
	return 0;
}

int cmd_sta(int argc, char **argv)
{
	static struct sta st;
	static struct sta_wifi sw;
	struct sta_args a = { 0 };
	char err[512];
	struct eapol_sock sock;
	wsc_device dev;
	wsc_cred newcred;
	wsc_env env = { .size = sizeof(env) };
	bool wireless;
	int rc;

	memset(&st, 0, sizeof(st));
	st.result = -1;
	rc = parse_args(&st, &a, argc, argv);
	if (rc >= 0)
		return rc;
	if (a.new_ssid && new_settings(&a, &newcred))
		return 2;
	if (open_link(&a, &sock, &sw, &wireless, &dev))
		return 1;
	crypto_warm_up();
	st.ifname = a.ifname;
	st.phase = wireless ? "SCANNING" : "ASSOCIATED";
	if (a.ctrl_dir) {
		if (ctrl_open(&st.ctrl, a.ctrl_dir, a.ifname, sta_ctrl, &st, err,
			      sizeof(err))) {
			fprintf(stderr, "wsc sta: %s\n", err);
			if (wireless)
				sta_wifi_close(&sw);
			eapol_close(&sock);
			return 1;
		}
		st.ctrl_on = true;
	}
	env.log = a.debug ? tool_log : NULL;
	env.log_level = WSC_LOG_DEBUG;
	env.log_secrets = st.show_keys;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	const char *pw = a.pbc ? "00000000" : a.pin ? a.pin : a.appin;
	wsc_session_cfg sc = {
		.size = sizeof(sc),
		.role = a.appin ? WSC_REGISTRAR : WSC_ENROLLEE,
		.dev = &dev,
		.password = (const uint8_t *)pw,
		.password_len = strlen(pw),
		.pw_id = a.pbc ? WSC_PW_PUSHBUTTON : WSC_PW_DEFAULT,
		.cred = a.new_ssid ? &newcred : NULL,
		.dh_priv_bits = a.dh_bits,
		.on_event = on_event,
		.event_ud = &st,
	};
	wsc_eap_peer_cfg pc = { .size = sizeof(pc), .session = &sc,
				.fragment_size = a.frag };
	st.role = sc.role;
	if (a.pbc)
		emit(&st, "WPS-PBC-ACTIVE", NULL);

	uint64_t deadline = now_ms() + a.walk * 1000;
	int status;
	if (wireless) {
		status = walk_wifi(&st, &sw, &sock, &pc, &env, deadline);
		if (status > 0)
			ap_first(&st, sw.cur.ssid, sw.cur.ssid_len);
		sta_wifi_close(&sw);
	} else {
		status = walk_wired(&st, &sock, &pc, &env, deadline);
	}
	rc = finish_run(&st, status, a.new_ssid ? &newcred : NULL);
	if (st.ctrl_on)
		ctrl_close(&st.ctrl);
	eapol_close(&sock);
	wsc_wipe(&newcred, sizeof(newcred));
	wsc_wipe(&a, sizeof(a));
	return rc;
}
