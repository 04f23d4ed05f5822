/*
 * A station that starts over in the middle of a run (EAPOL-Start) must not
 * get a fresh run built from stale state: the authenticator ends the old
 * run (reported as failed, with the last message, so an exposed PIN is
 * used up) and asks the application for the configuration of the new one
 * (so a lockout that began meanwhile applies). Regression tests for an
 * AP PIN lockout bypass and a registrar PIN reuse found in review.
 */
#include <string.h>

#include "harness.h"
#include "wsc/wsc.h"

static const uint8_t mac_ap[6] = { 2, 0, 0, 0, 0, 0xa };
static const uint8_t mac_sta[6] = { 2, 0, 0, 0, 0, 0xb };
static wsc_device ap_dev, sta_dev;
static wsc_cred net;

/* what the "application" behind the authenticator knows */
struct app {
	bool locked;
	int cfg_calls;
	int fails, last_fail_msg, last_fail_ce;
	bool ap_role;     /* AP enrollee (AP PIN) or AP registrar */
};

static void app_event(void *ud, const wsc_event *ev)
{
	struct app *a = ud;
	if (ev->type == WSC_EV_FAIL) {
		a->fails++;
		a->last_fail_msg = ev->msg;
		a->last_fail_ce = ev->config_error;
	}
}

static int app_cfg(void *ud, wsc_role role, wsc_session_cfg *out)
{
	struct app *a = ud;

	a->cfg_calls++;
	out->role = role;
	out->ap = true;
	out->dev = &ap_dev;
	out->password = (const uint8_t *)"12345670";
	out->password_len = 8;
	out->on_event = app_event;
	out->event_ud = a;
	if (role == WSC_ENROLLEE) {
		out->ap_settings = &net;
		out->setup_locked = a->locked;
	} else {
		out->cred = &net;
	}
	return 0;
}

static void pump(wsc_eap_peer *p, wsc_eap_auth *a, uint64_t *now,
		 bool (*stop)(wsc_eap_peer *, wsc_eap_auth *))
{
	const uint8_t *f;
	size_t len;
	uint8_t buf[2048];

	wsc_eap_peer_start(p, *now);
	for (int guard = 0; guard < 200 && !stop(p, a); guard++) {
		bool moved = false;
		if (wsc_eap_peer_pop_tx(p, &f, &len)) {
			memcpy(buf, f, len);
			wsc_eap_auth_recv(a, buf, len, *now);
			moved = true;
		}
		if (stop(p, a))
			break;
		if (wsc_eap_auth_pop_tx(a, &f, &len)) {
			memcpy(buf, f, len);
			wsc_eap_peer_recv(p, buf, len, *now);
			moved = true;
		}
		if (!moved)
			break;
		*now += 1;
	}
}

static bool auth_run_failed(wsc_eap_peer *p, wsc_eap_auth *a)
{
	(void)p;
	wsc_session *s = wsc_eap_auth_session(a);
	return s && wsc_session_status(s) < 0;
}

static bool done(wsc_eap_peer *p, wsc_eap_auth *a)
{
	return wsc_eap_peer_status(p) != 0 && wsc_eap_auth_status(a) != 0;
}

static const uint8_t eapol_start[4] = { 1, 1, 0, 0 };

static wsc_eap_peer *peer(wsc_role role, const char *pin, wsc_env *env)
{
	wsc_session_cfg sc = { .size = sizeof(sc), .role = role,
			       .dev = &sta_dev,
			       .password = (const uint8_t *)pin,
			       .password_len = strlen(pin) };
	wsc_eap_peer_cfg pc = { .size = sizeof(pc), .session = &sc };
	return wsc_eap_peer_new(env, &pc, NULL);
}

static void test_lockout_survives_restart(void)
{
	struct app app = { 0 };
	wsc_eap_auth_cfg ac = { .size = sizeof(ac), .session_cfg = app_cfg,
				.session_cfg_ud = &app };
	wsc_env env;
	det_rng r;
	uint64_t now = 0;

	h_ctx("lockout");
	det_rng_init(&r, "restart-lockout");
	test_env(&env, &r, NULL);
	wsc_eap_auth *a = wsc_eap_auth_new(&env, &ac, NULL);
	wsc_eap_peer *p = peer(WSC_REGISTRAR, "87654325", &env);
	CHECK(a && p);
	if (!a || !p)
		return;
	/* a wrong AP PIN: the AP finds out at M4 */
	pump(p, a, &now, auth_run_failed);
	CHECK_INT(app.fails, 1);
	CHECK_INT(app.last_fail_ce, 18);
	CHECK_INT(app.cfg_calls, 1);
	/* the application locks setup; the attacker starts over instead of
	 * answering the NACK */
	app.locked = true;
	wsc_eap_peer_del(p);
	CHECK_INT(wsc_eap_auth_recv(a, eapol_start, 4, now), 0);
	p = peer(WSC_REGISTRAR, "12345670", &env); /* even the right PIN */
	pump(p, a, &now, done);
	CHECK_INT(app.cfg_calls, 2); /* the new run asked again */
	CHECK(wsc_eap_peer_status(p) < 0);
	CHECK_INT(wsc_session_config_error(wsc_eap_peer_session(p)), 15);
	wsc_eap_peer_del(p);
	wsc_eap_auth_del(a);
}

static bool m4_seen(wsc_eap_peer *p, wsc_eap_auth *a)
{
	(void)p;
	/* the registrar has sent M4 once it waits for M5 with R-Hash out */
	wsc_session *s = wsc_eap_auth_session(a);
	return s && wsc_session_status(wsc_eap_peer_session(p)) < 0;
}

static void test_exposed_pin_reported(void)
{
	struct app app = { 0 };
	wsc_eap_auth_cfg ac = { .size = sizeof(ac), .session_cfg = app_cfg,
				.session_cfg_ud = &app };
	wsc_env env;
	det_rng r;
	uint64_t now = 0;

	h_ctx("exposed");
	det_rng_init(&r, "restart-exposed");
	test_env(&env, &r, NULL);
	wsc_eap_auth *a = wsc_eap_auth_new(&env, &ac, NULL);
	wsc_eap_peer *p = peer(WSC_ENROLLEE, "87654325", &env);
	CHECK(a && p);
	if (!a || !p)
		return;
	/* the enrollee learns R-Hash1/R-S1 from M4 and stops there */
	pump(p, a, &now, m4_seen);
	CHECK(wsc_session_status(wsc_eap_peer_session(p)) < 0);
	CHECK_INT(app.fails, 0); /* the registrar has not noticed yet */
	/* ... then starts over: the old run must end, reported after M4 */
	CHECK_INT(wsc_eap_auth_recv(a, eapol_start, 4, now), 0);
	CHECK_INT(app.fails, 1);
	CHECK_INT(app.last_fail_msg, WSC_MSG_M4);
	wsc_eap_peer_del(p);
	wsc_eap_auth_del(a);
}

int main(void)
{
	wsc_device_defaults(&ap_dev, true, mac_ap);
	wsc_device_defaults(&sta_dev, false, mac_sta);
	net = wpa2_cred("restart-net", "restart passphrase");
	test_lockout_survives_restart();
	test_exposed_pin_reported();
	return h_summary("restart");
}
