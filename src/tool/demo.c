/*
 * `wsc demo`: the router manual's example network, in one process, over an
 * in-memory link with real messages and real crypto.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "memlink.h"
#include "tool.h"
#include "util.h"

struct dev {
	const char *name;
	bool ap;
	wsc_device info;
	bool configured;
	wsc_cred cred;
	char roles[128];       /* role history */
	bool show_keys;
};

struct run_ctx {
	struct dev *me, *other;
	bool registrar;
};

static void say(const struct dev *d, const char *what, const char *arg)
{
	printf("  %-9s %s\n", d->name, arg ? arg : what);
}

static void on_event(void *ud, const wsc_event *ev)
{
	struct run_ctx *c = ud;
	struct dev *d = c->me;
	char mac[18], uuid[37], line[200];

	switch (ev->type) {
	case WSC_EV_CRED:
		say(d, "%s", "WPS-CRED-RECEIVED");
		d->cred = ev->cred[0];
		d->configured = true;
		break;
	case WSC_EV_NEW_AP_SETTINGS:
		say(d, "%s", "WPS-NEW-AP-SETTINGS");
		d->cred = ev->cred[0];
		d->configured = true;
		break;
	case WSC_EV_AP_SETTINGS:
		say(d, "%s", "WPS-AP-SETTINGS (learned the AP's settings)");
		break;
	case WSC_EV_M2D:
		say(d, "%s", "WPS-M2D");
		break;
	case WSC_EV_SUCCESS:
		if (c->registrar) {
			mac_format(ev->peer->mac, mac);
			wsc_uuid_format(ev->peer->uuid, uuid);
			snprintf(line, sizeof(line), "WPS-REG-SUCCESS %s %s",
				 mac, uuid);
			say(d, "%s", line);
		}
		say(d, "%s", "WPS-SUCCESS");
		break;
	case WSC_EV_FAIL:
		snprintf(line, sizeof(line), "WPS-FAIL msg=%d config_error=%d",
			 ev->msg, ev->config_error);
		say(d, "%s", line);
		break;
	default:
		break;
	}
}

static void add_role(struct dev *d, const char *role)
{
	size_t n = strlen(d->roles);
	snprintf(d->roles + n, sizeof(d->roles) - n, "%s%s", n ? ", " : "",
		 role);
}

/*
 * One handshake. ap is always the EAP authenticator, sta the EAP peer;
 * ap_registrar chooses who registers whom. pw is the device password
 * ("00000000" and pbc for the button).
 */
static int handshake(struct dev *ap, struct dev *sta, bool ap_registrar,
		     const char *pw, bool pbc, uint64_t *now)
{
	wsc_session_cfg reg = { 0 }, enr = { 0 };
	struct run_ctx rc = { .registrar = true }, ec = { .registrar = false };
	struct dev *r = ap_registrar ? ap : sta, *e = ap_registrar ? sta : ap;
	wsc_cred newcred;
	int err, st;

	rc.me = r;
	rc.other = e;
	ec.me = e;
	ec.other = r;
	if (ap_registrar && !ap->configured) {
		/* an unconfigured registrar makes the settings up */
		memset(&newcred, 0, sizeof(newcred));
		if (wsc_cred_generate(NULL, &newcred))
			return -1;
		say(ap, "%s", "is unconfigured: generated new random "
			      "network settings");
	} else {
		newcred = r->cred;
	}
	reg.role = WSC_REGISTRAR;
	reg.ap = ap_registrar;
	reg.dev = &r->info;
	reg.password = (const uint8_t *)pw;
	reg.password_len = strlen(pw);
	reg.pw_id = pbc ? WSC_PW_PUSHBUTTON : WSC_PW_DEFAULT;
	reg.cred = r->configured || ap_registrar ? &newcred : NULL;
	reg.on_event = on_event;
	reg.event_ud = &rc;
	enr.role = WSC_ENROLLEE;
	enr.ap = !ap_registrar;
	enr.dev = &e->info;
	enr.password = (const uint8_t *)pw;
	enr.password_len = strlen(pw);
	enr.pw_id = reg.pw_id;
	enr.ap_settings = e->configured ? &e->cred : NULL;
	enr.on_event = on_event;
	enr.event_ud = &ec;

	wsc_eap_peer_cfg pc = { .session = ap_registrar ? enr : reg };
	wsc_eap_auth_cfg ac = { 0 };
	if (ap_registrar)
		ac.for_enrollee = &reg;
	else
		ac.for_registrar = &enr;
	wsc_eap_peer *peer = wsc_eap_peer_new(NULL, &pc, &err);
	wsc_eap_auth *auth = peer ? wsc_eap_auth_new(NULL, &ac, &err) : NULL;
	if (!auth) {
		fprintf(stderr, "demo: %s\n", wsc_strerror(err));
		wsc_eap_peer_del(peer);
		return -1;
	}
	add_role(r, "registrar");
	add_role(e, "enrollee");
	memlink_run(peer, auth, now, WSC_WALK_TIME_MS, NULL, NULL, NULL, NULL);
	st = wsc_eap_auth_status(auth);
	if (st > 0 && wsc_eap_peer_status(peer) > 0 && r == ap &&
	    !ap->configured) {
		ap->cred = newcred;
		ap->configured = true;
		say(ap, "%s", "is now configured with the settings it made");
	}
	wsc_eap_peer_del(peer);
	wsc_eap_auth_del(auth);
	memset(&newcred, 0, sizeof(newcred));
	return st > 0 ? 0 : -1;
}

static void dev_init(struct dev *d, const char *name, bool ap, uint8_t n)
{
	uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, ap ? 0xa0 : 0xc0, n };

	memset(d, 0, sizeof(*d));
	d->name = name;
	d->ap = ap;
	wsc_device_defaults(&d->info, ap, mac);
	snprintf(d->info.device_name, sizeof(d->info.device_name), "%s", name);
}

static void table(struct dev **devs, size_t n, bool show_keys)
{
	char ssid[140], mac[18];

	printf("\n%-9s %-7s %-17s %-12s %-18s %-8s %s\n", "device", "kind",
	       "mac", "state", "ssid", "auth", show_keys ? "key" : "key");
	for (size_t i = 0; i < n; i++) {
		struct dev *d = devs[i];
		mac_format(d->info.mac, mac);
		ssid_print(d->cred.ssid, d->cred.ssid_len, ssid, sizeof(ssid));
		printf("%-9s %-7s %-17s %-12s %-18s %-8s %s\n", d->name,
		       d->ap ? "AP" : "client", mac,
		       d->configured ? "configured" : "unconfigured",
		       d->configured ? ssid : "-",
		       d->configured ? wsc_auth_name(d->cred.auth_type) : "-",
		       !d->configured ? "-" :
		       show_keys ? (const char *)d->cred.key : "[hidden]");
		printf("%-9s roles: %s\n", "", d->roles[0] ? d->roles : "none");
	}
}

static bool same_network(const struct dev *a, const struct dev *b)
{
	return a->configured && b->configured &&
	       a->cred.ssid_len == b->cred.ssid_len &&
	       !memcmp(a->cred.ssid, b->cred.ssid, a->cred.ssid_len) &&
	       a->cred.key_len == b->cred.key_len &&
	       !memcmp(a->cred.key, b->cred.key, a->cred.key_len);
}

static int check(bool ok, const char *what)
{
	printf("  %s %s\n", ok ? "ok:" : "FAILED:", what);
	return ok ? 0 : 1;
}

int cmd_demo(int argc, char **argv)
{
	bool show_keys = false;
	uint64_t now = 0;
	struct dev ap1, ap2, c1, c2;
	char pin[9], appin[9];
	int opt, rc = 0;

	static const struct option lo[] = {
		{ "show-keys", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };
	optind = 1;
	while ((opt = getopt_long(argc, argv, "kh", lo, NULL)) != -1) {
		if (opt == 'k') {
			show_keys = true;
		} else {
			printf("usage: wsc demo [--show-keys]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: wsc demo [--show-keys]\n");
		return 2;
	}
	dev_init(&ap1, "AP1", true, 1);
	dev_init(&ap2, "AP2", true, 2);
	dev_init(&c1, "Client 1", false, 1);
	dev_init(&c2, "Client 2", false, 2);

	printf("Step 1: AP1 and Client 1 are both unconfigured. Both press "
	       "their WPS button\nwithin two minutes; AP1 acts as "
	       "registrar, Client 1 as enrollee.\n");
	say(&ap1, NULL, "WPS-PBC-ACTIVE (button pressed)");
	say(&c1, NULL, "WPS-PBC-ACTIVE (button pressed)");
	if (handshake(&ap1, &c1, true, "00000000", true, &now))
		rc = 1;
	rc |= check(same_network(&ap1, &c1),
		    "Client 1 holds the settings AP1 made up");

	printf("\nStep 2: Client 2 joins through AP1, which is configured "
	       "now and hands on\nthe existing settings. Client 2 shows a "
	       "PIN; the user types it into AP1.\n");
	if (wsc_pin_generate(NULL, pin))
		return 1;
	say(&c2, NULL, "WPS-PIN-ACTIVE (PIN shown on the display)");
	say(&ap1, NULL, "WPS-PIN-ACTIVE (PIN entered)");
	if (handshake(&ap1, &c2, true, pin, false, &now))
		rc = 1;
	rc |= check(same_network(&ap1, &c2),
		    "Client 2 holds AP1's existing settings");

	printf("\nStep 3: AP2 is out of range of AP1 and unconfigured. "
	       "Client 2, now part of\nthe network, acts as registrar: "
	       "it proves it knows AP2's label PIN and gives\nAP2 the "
	       "existing settings.\n");
	if (wsc_pin_generate(NULL, appin))
		return 1;
	say(&ap2, NULL, "label PIN read by the user");
	if (handshake(&ap2, &c2, false, appin, false, &now))
		rc = 1;
	rc |= check(same_network(&ap2, &ap1),
		    "AP2 now serves the same network as AP1");

	struct dev *all[] = { &ap1, &c1, &c2, &ap2 };
	table(all, 4, show_keys);
	if (!rc)
		printf("\nEvery device shares one SSID and key: the network "
		       "works.\n");
	for (size_t i = 0; i < 4; i++)
		memset(&all[i]->cred, 0, sizeof(all[i]->cred));
	memset(pin, 0, sizeof(pin));
	memset(appin, 0, sizeof(appin));
	return rc;
}
