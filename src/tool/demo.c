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

int cmd_demo(int argc, char **argv)
{
	bool show_keys = false;
	uint64_t now = 0;
	struct dev ap1, c1;
	int opt, rc = 0;

	static const struct option lo[] = {
		{ "show-keys", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { 0 } };
	while ((opt = getopt_long(argc, argv, "kh", lo, NULL)) != -1) {
		if (opt == 'k') {
			show_keys = true;
		} else {
			printf("usage: wsc demo [--show-keys]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	dev_init(&ap1, "AP1", true, 1);
	dev_init(&c1, "Client 1", false, 1);
	printf("Step 1: AP1 and Client 1 are both unconfigured. Both press "
	       "their WPS button within two minutes.\n");
	say(&ap1, "%s", "WPS-PBC-ACTIVE (registrar, button pressed)");
	say(&c1, "%s", "WPS-PBC-ACTIVE (enrollee, button pressed)");
	if (handshake(&ap1, &c1, true, "00000000", true, &now))
		rc = 1;
	if (!rc && (c1.cred.ssid_len != ap1.cred.ssid_len ||
		    memcmp(&c1.cred.ssid, &ap1.cred.ssid, ap1.cred.ssid_len) ||
		    c1.cred.key_len != ap1.cred.key_len ||
		    memcmp(c1.cred.key, ap1.cred.key, c1.cred.key_len))) {
		printf("MISMATCH: Client 1 did not get AP1's settings\n");
		rc = 1;
	}
	struct dev *all[] = { &ap1, &c1 };
	table(all, 2, show_keys);
	if (!rc)
		printf("\nClient 1 holds AP1's network settings: the network "
		       "works.\n");
	memset(&ap1.cred, 0, sizeof(ap1.cred));
	memset(&c1.cred, 0, sizeof(c1.cred));
	return rc;
}
