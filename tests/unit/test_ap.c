/*
 * wsc_ap, the access point's rules, on a fake clock: the walk time, the
 * PBC overlap monitor and its boundary, the PIN table, the AP PIN
 * lockout (3rd, 6th, 9th, 10th failure; parallel sessions; a restart with
 * the state blob), the unconfigured AP, per-device PSKs, the WPS element.
 * Stations are real wsc_eap_peer instances; every frame is shuttled here.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static det_rng rng;
static count_alloc heap;
static wsc_env env;
static wsc_device ap_dev;
static wsc_cred net;
static const char *const ap_label_pin = "87654325";

/* ---- what the AP said */

static char evlog[8192];
static uint8_t blob[WSC_AP_STATE_MAX];
static size_t blob_len;
static wsc_cred last_cred;
static int last_pin_id;

static const char *const ev_names[] = {
	"PBC_ACTIVE", "PBC_DISABLE", "TIMEOUT", "CANCEL", "OVERLAP",
	"SEEN", "PIN_NEEDED", "START", "REG_SUCCESS", "SUCCESS", "FAIL",
	"INVENTED", "NEW_SETTINGS", "LOCKED", "UNLOCKED", "AP_PIN_DISABLED",
	"PIN_EXPIRED", "STATE", "ELEMENT" };

static void on_ap(void *ud, const wsc_ap_event *ev)
{
	size_t n = strlen(evlog);
	(void)ud;
	if (ev->type == WSC_AP_EV_STATE) {
		memcpy(blob, ev->blob, ev->blob_len);
		blob_len = ev->blob_len;
		return;
	}
	if (ev->type == WSC_AP_EV_ELEMENT || ev->type == WSC_AP_EV_RUN_START ||
	    (ev->type == WSC_AP_EV_ENROLLEE_SEEN && !ev->probe))
		return;
	if (ev->cred)
		last_cred = *ev->cred;
	if (ev->type == WSC_AP_EV_FAIL || ev->type == WSC_AP_EV_REG_SUCCESS ||
	    ev->type == WSC_AP_EV_PIN_EXPIRED)
		last_pin_id = ev->pin_id;
	if (ev->type == WSC_AP_EV_FAIL)
		snprintf(evlog + n, sizeof(evlog) - n, "FAIL %d %d,", ev->msg,
			 ev->config_error);
	else
		snprintf(evlog + n, sizeof(evlog) - n, "%s,",
			 ev_names[ev->type]);
}

static void ev_reset(void)
{
	evlog[0] = '\0';
}

/* ---- the AP */

static wsc_ap *ap_make(bool configured, bool psk, const uint8_t *state,
		       size_t state_len, uint64_t now, int *err)
{
	wsc_ap_cfg c = { .size = sizeof(c), .dev = &ap_dev, .settings = &net,
			 .configured = configured, .ap_pin = ap_label_pin,
			 .per_device_psk = psk, .state = state,
			 .state_len = state_len, .now_ms = now,
			 .on_event = on_ap };
	wsc_cred unconf = { .ssid = "fresh", .ssid_len = 5 };
	if (!configured)
		c.settings = &unconf;
	ev_reset();
	return wsc_ap_new(&env, &c, err);
}

/* ---- a station */

typedef struct sta {
	wsc_eap_peer *p;
	uint8_t mac[6];
	wsc_cred cred;
	int ncred;
	int fail_ce;
	bool ap_settings;
	bool got_m4;               /* an M4 (R-S1) reached it */
} sta;

static void on_sta(void *ud, const wsc_event *ev)
{
	sta *s = ud;
	if (ev->type == WSC_EV_CRED && ev->ncred) {
		s->cred = ev->cred[0];
		s->ncred++;
	}
	if (ev->type == WSC_EV_AP_SETTINGS)
		s->ap_settings = true;
	if (ev->type == WSC_EV_FAIL)
		s->fail_ce = ev->config_error;
}

static wsc_device sta_dev[8];
static wsc_cred new_net;

/* kind: 'b' push button, 'p' PIN enrollee, 'r' external registrar (with
 * pin) learning, 'c' configuring the AP with new_net */
static void sta_start(sta *s, int idx, char kind, const char *pin,
		      uint64_t now)
{
	wsc_session_cfg sc = { .size = sizeof(sc), .dev = &sta_dev[idx],
			       .on_event = on_sta, .event_ud = s };
	wsc_eap_peer_cfg c = { .size = sizeof(c), .session = &sc };
	int err;

	memset(s, 0, sizeof(*s));
	memcpy(s->mac, sta_dev[idx].mac, 6);
	if (kind == 'b' || kind == 'p') {
		sc.role = WSC_ENROLLEE;
		sc.pw_id = kind == 'b' ? WSC_PW_PUSHBUTTON :
						WSC_PW_DEFAULT;
		sc.password = (const uint8_t *)(kind == 'b' ?
						       "00000000" : pin);
		sc.password_len = 8;
	} else {
		sc.role = WSC_REGISTRAR;
		sc.password = (const uint8_t *)pin;
		sc.password_len = strlen(pin);
		sc.cred = kind == 'c' ? &new_net : NULL;
	}
	s->p = wsc_eap_peer_new(&env, &c, &err);
	CHECK(s->p != NULL);
	wsc_eap_peer_start(s->p, now);
}

/* A PIN enrollee whose frames are cut into 50-byte fragments. */
static void sta_start_frag(sta *s, int idx, const char *pin, uint64_t now)
{
	wsc_session_cfg sc = { .size = sizeof(sc), .dev = &sta_dev[idx],
			       .on_event = on_sta, .event_ud = s,
			       .role = WSC_ENROLLEE,
			       .password = (const uint8_t *)pin,
			       .password_len = 8 };
	wsc_eap_peer_cfg c = { .size = sizeof(c), .session = &sc,
			       .fragment_size = WSC_FRAG_MIN };
	int err;

	memset(s, 0, sizeof(*s));
	memcpy(s->mac, sta_dev[idx].mac, 6);
	s->p = wsc_eap_peer_new(&env, &c, &err);
	CHECK(s->p != NULL);
	wsc_eap_peer_start(s->p, now);
}

static void sta_end(sta *s)
{
	wsc_eap_peer_del(s->p);
	s->p = NULL;
}

/* Carry frames one way: from the station to the AP, then all the AP has
 * for anyone to its station. Returns how many frames moved. */
static int step(wsc_ap *ap, sta *const *all, size_t n, sta *s, uint64_t now)
{
	const uint8_t *f;
	size_t len;
	uint8_t to[6];
	int moved = 0;

	if (s && s->p && wsc_eap_peer_pop_tx(s->p, &f, &len)) {
		wsc_ap_recv_eapol(ap, s->mac, f, len, now);
		moved++;
	}
	while (wsc_ap_pop_tx(ap, to, &f, &len)) {
		moved++;
		wsc_eapol_info in;
		bool m4 = !wsc_eapol_classify(f, len, &in) &&
			  in.msg_type == WSC_MSG_M4;
		for (size_t i = 0; i < n; i++)
			if (all[i]->p && !memcmp(all[i]->mac, to, 6)) {
				all[i]->got_m4 |= m4;
				wsc_eap_peer_recv(all[i]->p, f, len, now);
			}
	}
	return moved;
}

/* One station alone, to its end. Returns the peer's status. */
static int run(wsc_ap *ap, sta *s, uint64_t now)
{
	sta *all[1] = { s };
	for (int i = 0; i < 100 && wsc_eap_peer_status(s->p) == 0; i++)
		if (!step(ap, all, 1, s, now))
			break;
	int st = wsc_eap_peer_status(s->p);
	/* the last frames (EAP-Failure) */
	step(ap, all, 1, s, now);
	return st;
}

static int enroll(wsc_ap *ap, int idx, char kind, const char *pin,
		  uint64_t now, sta *out)
{
	sta s;
	sta_start(&s, idx, kind, pin, now);
	int st = run(ap, &s, now);
	if (out)
		*out = s;
	sta_end(&s);
	return st;
}

/* ---- the button */

static void test_pbc(void)
{
	sta s;
	int err;
	wsc_ap_status st;
	wsc_ap *ap = ap_make(true, false, NULL, 0, 1000, &err);

	h_ctx("PBC: one enrollee, then it is over");
	CHECK(ap != NULL);
	CHECK_ERR(wsc_ap_pbc(ap, 1000), 0);
	CHECK_INT(wsc_ap_expiry(ap), 1000 + WSC_WALK_TIME_MS);
	CHECK(enroll(ap, 0, 'b', NULL, 2000, &s) > 0);
	CHECK_INT(s.ncred, 1);
	CHECK_MEM(&s.cred.ssid, net.ssid, net.ssid_len);
	CHECK_MEM(s.cred.key, net.key, net.key_len);
	CHECK_STR(evlog, "PBC_ACTIVE,REG_SUCCESS,PBC_DISABLE,SUCCESS,");
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pbc, WSC_AP_PBC_DISABLED);
	CHECK_INT(st.last_result, 1);
	CHECK_MEM(st.last_peer, sta_dev[0].mac, 6);
	/* served: the next push-button enrollee gets M2D */
	ev_reset();
	CHECK(enroll(ap, 1, 'b', NULL, 3000, &s) < 0);
	CHECK_INT(s.ncred, 0);
	CHECK_STR(evlog, "");

	h_ctx("PBC: the walk time, to the millisecond");
	CHECK_ERR(wsc_ap_pbc(ap, 10000), 0);
	ev_reset();
	wsc_ap_handle_expiry(ap, 10000 + WSC_WALK_TIME_MS - 1);
	CHECK_STR(evlog, "");
	wsc_ap_handle_expiry(ap, 10000 + WSC_WALK_TIME_MS);
	CHECK_STR(evlog, "TIMEOUT,");
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pbc, WSC_AP_PBC_TIMEOUT);

	h_ctx("PBC: cancel is a timeout, then CANCEL");
	CHECK_ERR(wsc_ap_pbc(ap, 200000), 0);
	ev_reset();
	wsc_ap_cancel(ap, 200001);
	CHECK_STR(evlog, "TIMEOUT,CANCEL,");
	ev_reset();
	wsc_ap_cancel(ap, 200002);
	CHECK_STR(evlog, "CANCEL,");
	wsc_ap_del(ap);
	h_ctx(NULL);
}

/* The monitor: an enrollee seen at t counts until t + 120 s, exclusive */
static void test_overlap_boundary(void)
{
	wsc_ie a = { .kind = WSC_MSG_PROBE_REQ, .has_uuid = true,
		     .dev_pw_id = WSC_PW_PUSHBUTTON };
	wsc_ie b = a, pin = a;
	int err;
	uint64_t t0 = 5000;

	memset(a.uuid, 0xaa, 16);
	memset(b.uuid, 0xbb, 16);
	memset(pin.uuid, 0xcc, 16);
	pin.dev_pw_id = WSC_PW_DEFAULT;
	for (int late = 0; late < 2; late++) {
		wsc_ap *ap = ap_make(true, false, NULL, 0, 0, &err);
		h_ctx("overlap monitor, second enrollee at %s",
		      late ? "120.000 s" : "119.999 s");
		wsc_ap_probe_req(ap, sta_dev[0].mac, &a, t0);
		/* one device with several radios (one UUID-E) counts once */
		wsc_ap_probe_req(ap, sta_dev[1].mac, &a, t0 + 10);
		wsc_ap_probe_req(ap, sta_dev[2].mac, &pin, t0 + 20);
		CHECK_ERR(wsc_ap_pbc(ap, t0 + 30), 0);
		wsc_ap_cancel(ap, t0 + 40);
		uint64_t t = t0 + 10 + WSC_PBC_MONITOR_TIME_MS - (late ? 0 : 1);
		wsc_ap_probe_req(ap, sta_dev[3].mac, &b, t);
		ev_reset();
		CHECK_ERR(wsc_ap_pbc(ap, t), late ? 0 : WSC_ERR_PBC_OVERLAP);
		CHECK_STR(evlog, late ? "PBC_ACTIVE," : "OVERLAP,");
		wsc_ap_del(ap);
	}
	h_ctx(NULL);
}

/* Two push-button enrollees, the second while the first's run is under
 * way: both refused with config error 12, no credential leaves */
static void test_overlap_race(void)
{
	sta s1, s2;
	sta *all[2] = { &s1, &s2 };
	int err;

	/* the first enrollee's frames: EAPOL-Start, Identity, M1, M3, M5;
	 * the second's M1 (its 3rd frame) comes before the first's M7 */
	for (int head = 1; head <= 5; head++) {
		wsc_ap *ap = ap_make(true, false, NULL, 0, 0, &err);
		h_ctx("PBC race: second enrollee's M1 after %d frames", head);
		CHECK_ERR(wsc_ap_pbc(ap, 0), 0);
		sta_start(&s1, 0, 'b', NULL, 0);
		sta_start(&s2, 1, 'b', NULL, 0);
		for (int i = 0; i < head; i++)
			step(ap, all, 2, &s1, 10);
		for (int i = 0; i < 3; i++)
			step(ap, all, 2, &s2, 15);
		for (int i = 0; i < 200; i++)
			step(ap, all, 2, i % 2 ? &s1 : &s2, 20);
		CHECK_INT(s1.ncred + s2.ncred, 0);
		CHECK(wsc_eap_peer_status(s1.p) < 0);
		CHECK(wsc_eap_peer_status(s2.p) < 0);
		CHECK(strstr(evlog, "OVERLAP,") != NULL);
		CHECK(strstr(evlog, "PBC_DISABLE") == NULL);
		CHECK(strstr(evlog, "SUCCESS") == NULL);
		CHECK(strstr(evlog, " 12,") != NULL);
		/* refused until the walk time ends, then a new press works */
		sta s3;
		wsc_ap_status st;
		ev_reset();
		CHECK(enroll(ap, 2, 'b', NULL, 30, &s3) < 0);
		CHECK_INT(s3.ncred, 0);
		CHECK_STR(evlog, "OVERLAP,FAIL 4 12,");
		wsc_ap_status_get(ap, &st);
		CHECK_INT(st.pbc, WSC_AP_PBC_OVERLAP);
		ev_reset();
		wsc_ap_handle_expiry(ap, WSC_WALK_TIME_MS);
		CHECK_STR(evlog, "TIMEOUT,");
		CHECK_ERR(wsc_ap_pbc(ap, WSC_PBC_MONITOR_TIME_MS + 30), 0);
		CHECK(enroll(ap, 2, 'b', NULL, WSC_PBC_MONITOR_TIME_MS + 40,
			     &s3) > 0);
		sta_end(&s1);
		sta_end(&s2);
		wsc_ap_del(ap);
	}
	h_ctx(NULL);
}

/* ---- PINs */

static void test_pins(void)
{
	sta s;
	int err;
	wsc_ap_status st;
	wsc_ap *ap = ap_make(true, false, NULL, 0, 0, &err);

	h_ctx("PIN syntax");
	CHECK_ERR(wsc_ap_add_pin(ap, "00000000", NULL, NULL, 0, 0),
		  WSC_ERR_BAD_PIN);
	CHECK_ERR(wsc_ap_add_pin(ap, "1234567", NULL, NULL, 0, 0),
		  WSC_ERR_BAD_PIN);
	CHECK_ERR(wsc_ap_add_pin(ap, "1234567a", NULL, NULL, 0, 0),
		  WSC_ERR_BAD_PIN);
	CHECK_ERR(wsc_ap_add_pin(ap, NULL, NULL, NULL, 0, 0), WSC_ERR_BAD_PIN);
	/* a wrong check digit is accepted, as hostapd accepts it */
	CHECK(wsc_ap_add_pin(ap, "12345671", NULL, NULL, 0, 0) > 0);
	wsc_ap_cancel(ap, 0);
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pins, 0);

	h_ctx("PIN: wildcard, used once");
	CHECK(wsc_ap_add_pin(ap, "12345670", NULL, NULL, 0, 0) > 0);
	ev_reset();
	CHECK(enroll(ap, 0, 'p', "12345670", 10, &s) > 0);
	CHECK_INT(s.ncred, 1);
	CHECK_STR(evlog, "REG_SUCCESS,SUCCESS,");
	ev_reset();
	CHECK(enroll(ap, 1, 'p', "12345670", 20, &s) < 0);
	CHECK_STR(evlog, "PIN_NEEDED,");

	h_ctx("PIN bound to a UUID-E and to a MAC");
	CHECK(wsc_ap_add_pin(ap, "11112222", sta_dev[2].uuid, NULL, 0, 0) > 0);
	CHECK(wsc_ap_add_pin(ap, "33334444", NULL, sta_dev[3].mac, 0, 0) > 0);
	CHECK(enroll(ap, 1, 'p', "11112222", 30, &s) < 0); /* not its UUID */
	CHECK(enroll(ap, 1, 'p', "33334444", 30, &s) < 0); /* not its MAC */
	CHECK(enroll(ap, 2, 'p', "11112222", 40, &s) > 0);
	CHECK(enroll(ap, 3, 'p', "33334444", 40, &s) > 0);
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pins, 0);

	h_ctx("PIN: two wildcards, the newest first");
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 0, 50) > 0);
	CHECK(wsc_ap_add_pin(ap, "33334444", NULL, NULL, 0, 51) > 0);
	CHECK(enroll(ap, 1, 'p', "33334444", 60, &s) > 0);
	CHECK(enroll(ap, 2, 'p', "11112222", 60, &s) > 0);

	h_ctx("PIN: a wrong PIN retires it (config error 18)");
	int id = wsc_ap_add_pin(ap, "11112222", NULL, NULL, 0, 100);
	CHECK(id > 0);
	ev_reset();
	CHECK(enroll(ap, 1, 'p', "55556666", 110, &s) < 0);
	CHECK_INT(last_pin_id, id);
	CHECK_INT(s.ncred, 0);
	CHECK_STR(evlog, "FAIL 8 18,");
	ev_reset();
	CHECK(enroll(ap, 1, 'p', "11112222", 120, &s) < 0);
	CHECK_STR(evlog, "PIN_NEEDED,");

	h_ctx("PIN: its timeout, to the millisecond, silently");
	id = wsc_ap_add_pin(ap, "11112222", NULL, NULL, 5000, 1000);
	CHECK(id > 0);
	CHECK_INT(wsc_ap_expiry(ap), 6000);
	ev_reset();
	wsc_ap_handle_expiry(ap, 5999);
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pins, 1);
	wsc_ap_handle_expiry(ap, 6000);
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pins, 0);
	CHECK_STR(evlog, "PIN_EXPIRED,");
	CHECK_INT(last_pin_id, id);

	h_ctx("PIN: timing out mid-run does not end the run");
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 1000, 10000) > 0);
	sta_start(&s, 4, 'p', "11112222", 10000);
	sta *all[1] = { &s };
	for (int i = 0; i < 3; i++)
		step(ap, all, 1, &s, 10500); /* M1 is in: the PIN is held */
	wsc_ap_handle_expiry(ap, 12000);
	for (int i = 0; i < 100 && wsc_eap_peer_status(s.p) == 0; i++)
		step(ap, all, 1, &s, 12000);
	CHECK(wsc_eap_peer_status(s.p) > 0);
	CHECK_INT(s.ncred, 1);
	sta_end(&s);
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pins, 0);

	h_ctx("PIN table full");
	for (int i = 0; i < WSC_AP_MAX_PINS; i++)
		CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 0, 20000) > 0);
	CHECK_ERR(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 0, 20000),
		  WSC_ERR_BUFSIZE);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

/* A PIN serves every M1 until a run commits with its M3: an enrollee
 * that sends M1 and goes silent (an M1 flood) holds nothing; a run that
 * committed keeps it, another one is refused at its M3 with config error
 * 14, before any M4 (no R-S1 for it); once used, a run that got it at M1
 * is refused too. */
static void test_pin_commit(void)
{
	int err;
	sta a, b, c;
	wsc_ap_status st;
	wsc_ap *ap = ap_make(true, false, NULL, 0, 1000, &err);
	sta *all[3] = { &a, &b, &c };

	h_ctx("an M1 and silence hold no PIN");
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 0, 1000) > 0);
	sta_start(&a, 0, 'p', "11112222", 1000);
	for (int i = 0; i < 3; i++)
		step(ap, all, 1, &a, 1000); /* a's M1 in, its M2 out */
	CHECK(enroll(ap, 1, 'p', "11112222", 1100, &b) > 0);
	CHECK_INT(b.ncred, 1);
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pins, 0); /* used */
	h_ctx("the used PIN enrolls nobody else");
	for (int i = 0; i < 100 && wsc_eap_peer_status(a.p) == 0; i++)
		if (!step(ap, all, 1, &a, 1200))
			break;
	CHECK(wsc_eap_peer_status(a.p) < 0);
	CHECK_INT(a.fail_ce, WSC_CE_DEVICE_BUSY);
	CHECK_INT(a.ncred, 0);
	CHECK(!a.got_m4);
	sta_end(&a);

	h_ctx("the first M3 commits, the second is cut off before M4");
	ev_reset();
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 0, 2000) > 0);
	sta_start(&a, 0, 'p', "11112222", 2000);
	sta_start(&c, 2, 'p', "11112222", 2000);
	for (int i = 0; i < 3; i++) {
		step(ap, all + 0, 1, &a, 2000);
		step(ap, all + 2, 1, &c, 2000);
	}
	step(ap, all + 2, 1, &c, 2000); /* c's M3 first: c commits */
	step(ap, all + 0, 1, &a, 2000); /* a's M3: cut off, no M4 */
	for (int i = 0; i < 100 && wsc_eap_peer_status(a.p) == 0; i++)
		if (!step(ap, all + 0, 1, &a, 2000))
			break;
	CHECK(!a.got_m4);
	CHECK_INT(a.ncred, 0);
	for (int i = 0; i < 100 && wsc_eap_peer_status(c.p) == 0; i++)
		if (!step(ap, all + 2, 1, &c, 2000))
			break;
	CHECK(wsc_eap_peer_status(c.p) > 0);
	CHECK_INT(c.ncred, 1);
	sta_end(&a);
	sta_end(&c);

	h_ctx("a PIN that expires between M1 and M3 still serves one run");
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 1000, 3000) > 0);
	sta_start(&a, 0, 'p', "11112222", 3000);
	sta_start(&c, 2, 'p', "11112222", 3000);
	for (int i = 0; i < 3; i++) {
		step(ap, all + 0, 1, &a, 3000);
		step(ap, all + 2, 1, &c, 3000);
	}
	wsc_ap_handle_expiry(ap, 4000); /* expired: offered to no new M1 */
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pins, 0);
	CHECK(enroll(ap, 5, 'p', "11112222", 4000, &b) < 0); /* M2D */
	step(ap, all + 0, 1, &a, 4000); /* a's M3: a commits */
	step(ap, all + 2, 1, &c, 4000); /* c's M3: cut off */
	for (int i = 0; i < 100 && (wsc_eap_peer_status(a.p) == 0 ||
				    wsc_eap_peer_status(c.p) == 0); i++) {
		int n = step(ap, all + 0, 1, &a, 4000);
		if (!step(ap, all + 2, 1, &c, 4000) && !n)
			break;
	}
	CHECK_INT(a.ncred, 1);
	CHECK_INT(c.ncred, 0);
	CHECK(!c.got_m4);
	sta_end(&a);
	sta_end(&c);

	h_ctx("a wrong PIN's run in 50-byte fragments uses the PIN up");
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 0, 5000) > 0);
	sta_start_frag(&a, 0, "11112228", 5000);
	CHECK(run(ap, &a, 5000) < 0);
	CHECK_INT(a.fail_ce, WSC_CE_DEV_PASSWORD_AUTH);
	sta_end(&a);
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.pins, 0);
	CHECK(enroll(ap, 2, 'p', "11112222", 5000, &b) < 0);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

/* A day of online guessing, as reaver does it: a wrong AP PIN every 20 s
 * from rotating MACs, for 24 hours of the fake clock, with a kill -9 (the
 * AP made again from the last state blob it emitted) in the first lock
 * and a restart at noon. Guesses evaluated (config error 18) are counted
 * per hour and printed beside what the same attacker gets from an AP
 * without a lockout; at most 10 in all, 9 of them in the first 7
 * minutes, none after. */
static void test_guessing_day(void)
{
	enum { EVERY_MS = 20000, HOURS = 24 };
	unsigned per_hour[HOURS] = { 0 }, total = 0, tries = 0;
	uint64_t t = 1000, end = t + HOURS * 3600000ull;
	bool killed = false, restarted = false;
	char line[256];
	size_t o = 0;
	int err;
	wsc_ap *ap = ap_make(true, false, NULL, 0, t, &err);

	h_ctx("a day of guessing the AP PIN");
	for (int k = 0; ap && t < end; t += EVERY_MS, k++) {
		sta s;
		if ((!killed && total == 3) || (!restarted && t >= end / 2)) {
			/* kill -9: only what the last STATE event gave */
			uint8_t saved[WSC_AP_STATE_MAX];
			size_t n = blob_len;
			memcpy(saved, blob, n);
			wsc_ap_del(ap);
			ap = ap_make(true, false, saved, n, t, &err);
			CHECK(ap != NULL);
			killed = true;
			restarted |= t >= end / 2;
			if (!ap)
				break;
		}
		wsc_ap_handle_expiry(ap, t);
		tries++;
		if (enroll(ap, k % 8, 'r', "11112222", t, &s) < 0 &&
		    s.fail_ce == WSC_CE_DEV_PASSWORD_AUTH) {
			per_hour[(t - 1000) / 3600000]++;
			total++;
		}
		CHECK(!s.ap_settings);
	}
	CHECK(killed && restarted);
	CHECK_INT(total, 10);
	CHECK_INT(per_hour[0], 10);
	for (int h = 0; h < HOURS; h++)
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%u",
				      h ? " " : "", per_hour[h]);
	printf("online guessing, one wrong AP PIN each %d s for %d h "
	       "(%u tries): evaluated per hour: %s; in all %u (without a "
	       "lockout: %u per hour, %u per day; the PIN space: 11000)\n",
	       EVERY_MS / 1000, HOURS, tries, line, total,
	       3600000u / EVERY_MS, tries);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

/* ---- the AP PIN and its lockout */

static void wrong_guess(wsc_ap *ap, uint64_t now, int want_ce)
{
	sta s;
	CHECK(enroll(ap, 5, 'r', "11112222", now, &s) < 0);
	CHECK_INT(s.fail_ce, want_ce);
	CHECK(!s.ap_settings);
}

static void test_lockout(void)
{
	sta s;
	int err;
	wsc_ap_status st;
	uint64_t t = 1000;
	wsc_ap *ap = ap_make(true, false, NULL, 0, t, &err);

	h_ctx("AP PIN: an external registrar learns the settings");
	CHECK(enroll(ap, 5, 'r', ap_label_pin, t, &s) != 0);
	CHECK(s.ap_settings);
	h_ctx("AP PIN: 1st and 2nd failure");
	ev_reset();
	wrong_guess(ap, t, 18);
	wrong_guess(ap, t, 18);
	CHECK_STR(evlog, "FAIL 8 18,FAIL 8 18,");
	h_ctx("AP PIN: the 3rd failure locks for 60 s");
	ev_reset();
	wrong_guess(ap, t, 18);
	CHECK_STR(evlog, "LOCKED,FAIL 8 18,");
	wsc_ap_status_get(ap, &st);
	CHECK(st.setup_locked);
	CHECK_INT(st.ap_pin_failures, 3);
	CHECK_INT(wsc_ap_expiry(ap), t + 60000);
	/* the right PIN while locked: refused, config error 15, no event */
	ev_reset();
	CHECK(enroll(ap, 6, 'r', ap_label_pin, t + 1, &s) < 0);
	CHECK_INT(s.fail_ce, 15);
	CHECK(!s.ap_settings);
	CHECK_STR(evlog, "");
	wsc_ap_handle_expiry(ap, t + 59999);
	wsc_ap_status_get(ap, &st);
	CHECK(st.setup_locked);
	wsc_ap_handle_expiry(ap, t + 60000);
	CHECK_STR(evlog, "UNLOCKED,");
	t += 60000;
	h_ctx("AP PIN: the 6th failure locks 120 s, the 9th 240 s");
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < 3; i++)
			wrong_guess(ap, t, 18);
		CHECK_INT(wsc_ap_expiry(ap), t + (120000ull << k));
		wrong_guess(ap, t + 1, 15);
		t += 120000ull << k;
		wsc_ap_handle_expiry(ap, t);
	}
	wsc_ap_status_get(ap, &st);
	CHECK_INT(st.ap_pin_failures, 9);
	CHECK(!st.setup_locked);
	h_ctx("AP PIN: the 10th failure locks until the operator acts");
	ev_reset();
	wrong_guess(ap, t, 18);
	CHECK_STR(evlog, "LOCKED,FAIL 8 18,");
	CHECK_INT(wsc_ap_expiry(ap), UINT64_MAX);
	wsc_ap_handle_expiry(ap, t + 86400000ull * 365);
	wsc_ap_status_get(ap, &st);
	CHECK(st.setup_locked && st.locked_forever);
	wrong_guess(ap, t + 1, 15);
	h_ctx("AP PIN: restart with the blob: still locked for good");
	uint8_t saved[WSC_AP_STATE_MAX];
	size_t saved_len;
	CHECK_ERR(wsc_ap_state_save(ap, t, saved, sizeof(saved), &saved_len),
		  0);
	CHECK_INT(saved_len, blob_len);
	CHECK_MEM(saved, blob, blob_len);
	wsc_ap_del(ap);
	ap = ap_make(true, false, saved, saved_len, 5, &err);
	CHECK(ap != NULL);
	wsc_ap_status_get(ap, &st);
	CHECK(st.locked_forever);
	wrong_guess(ap, 6, 15);
	h_ctx("AP PIN: a new AP PIN lifts it");
	ev_reset();
	CHECK_ERR(wsc_ap_set_ap_pin(ap, "00000000", 0, 7), WSC_ERR_BAD_PIN);
	CHECK_ERR(wsc_ap_set_ap_pin(ap, "12345671", 0, 7), WSC_ERR_BAD_PIN);
	CHECK_ERR(wsc_ap_set_ap_pin(ap, "12345670", 0, 7), 0);
	CHECK_STR(evlog, "UNLOCKED,");
	char pin[9];
	CHECK_ERR(wsc_ap_get_ap_pin(ap, pin), 0);
	CHECK_STR(pin, "12345670");
	CHECK(enroll(ap, 5, 'r', "12345670", 8, &s) != 0);
	CHECK(s.ap_settings);
	h_ctx("AP PIN: its timeout, and disabled");
	CHECK_ERR(wsc_ap_set_ap_pin(ap, "12345670", 3000, 10), 0);
	ev_reset();
	wsc_ap_handle_expiry(ap, 3009);
	CHECK_STR(evlog, "");
	wsc_ap_handle_expiry(ap, 3010);
	CHECK_STR(evlog, "AP_PIN_DISABLED,");
	CHECK_ERR(wsc_ap_get_ap_pin(ap, pin), WSC_ERR_MISSING);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

/* A lock engaged mid-way stops the guesses of every session already
 * open: at most 3 evaluations, however many parallel sessions */
static void test_lockout_parallel(void)
{
	enum { N = 8 };
	sta s[N];
	sta *all[N];
	int err, evaluated = 0, refused = 0;
	wsc_ap *ap = ap_make(true, false, NULL, 0, 0, &err);

	h_ctx("lockout: %d parallel registrars", N);
	for (int i = 0; i < N; i++) {
		all[i] = &s[i];
		sta_start(&s[i], i, 'r', "11112222", 0);
	}
	for (int round = 0; round < 100; round++)
		for (int i = 0; i < N; i++)
			step(ap, all, N, &s[i], 10);
	for (int i = 0; i < N; i++) {
		evaluated += s[i].fail_ce == 18;
		refused += s[i].fail_ce == 15;
		CHECK(!s[i].ap_settings);
		sta_end(&s[i]);
	}
	CHECK_INT(evaluated, 3);
	CHECK_INT(refused, N - 3);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

static void test_blob(void)
{
	int err;
	wsc_ap_status st;
	wsc_ap *ap = ap_make(true, false, NULL, 0, 100, &err);
	uint8_t b[WSC_AP_STATE_MAX], bad[WSC_AP_STATE_MAX];
	size_t n;

	h_ctx("state blob: a lock resumes with what was left of it");
	for (int i = 0; i < 3; i++)
		wrong_guess(ap, 100, 18);
	CHECK_ERR(wsc_ap_state_save(ap, 20100, b, sizeof(b), &n), 0);
	CHECK_ERR(wsc_ap_state_save(ap, 20100, b, 10, &n), WSC_ERR_BUFSIZE);
	wsc_ap_del(ap);
	ap = ap_make(true, false, b, n, 7000000, &err);
	CHECK(ap != NULL);
	wsc_ap_status_get(ap, &st);
	CHECK(st.setup_locked);
	CHECK_INT(st.ap_pin_failures, 3);
	CHECK_INT(wsc_ap_expiry(ap), 7000000 + 40000);
	wsc_ap_del(ap);

	h_ctx("state blob: damaged, truncated, another version: refused");
	for (size_t i = 0; i < n; i++) {
		memcpy(bad, b, n);
		bad[i] ^= 0x01;
		ap = ap_make(true, false, bad, n, 0, &err);
		CHECK_MSG(ap == NULL && err == WSC_ERR_BAD_VALUE, "byte %zu", i);
		wsc_ap_del(ap);
	}
	ap = ap_make(true, false, b, n - 1, 0, &err);
	CHECK(ap == NULL && err == WSC_ERR_BAD_VALUE);
	ap = ap_make(true, false, b, 0, 0, &err);
	CHECK(ap != NULL); /* no blob: a first start */
	wsc_ap_del(ap);
	h_ctx(NULL);
}

/* ---- settings */

static void test_unconfigured(void)
{
	sta s;
	int err;
	wsc_ap_status st;
	wsc_ap *ap = ap_make(false, false, NULL, 0, 0, &err);
	wsc_cred made;

	h_ctx("unconfigured: invents on first use, keeps, hands on");
	CHECK(ap != NULL);
	CHECK_ERR(wsc_ap_pbc(ap, 0), 0);
	CHECK_STR(evlog, "INVENTED,PBC_ACTIVE,");
	made = last_cred;
	CHECK_INT(made.ssid_len, 5);
	CHECK_MEM(made.ssid, "fresh", 5);
	CHECK_ERR(wsc_cred_check(&made), 0);
	CHECK(blob_len > 0);
	/* kept across a restart before anyone enrolled */
	uint8_t b[WSC_AP_STATE_MAX];
	size_t n = blob_len;
	memcpy(b, blob, n);
	wsc_ap_del(ap);
	ap = ap_make(false, false, b, n, 0, &err);
	CHECK_MEM(wsc_ap_settings(ap)->key, made.key, made.key_len);
	CHECK_ERR(wsc_ap_pbc(ap, 0), 0);
	CHECK_STR(evlog, "PBC_ACTIVE,");
	ev_reset();
	CHECK(enroll(ap, 0, 'b', NULL, 10, &s) > 0);
	CHECK_MEM(s.cred.key, made.key, made.key_len);
	CHECK_STR(evlog, "REG_SUCCESS,NEW_SETTINGS,PBC_DISABLE,SUCCESS,");
	wsc_ap_status_get(ap, &st);
	CHECK(st.configured);

	h_ctx("configured by an external registrar");
	ev_reset();
	CHECK(enroll(ap, 5, 'c', ap_label_pin, 20, &s) > 0);
	CHECK_STR(evlog, "NEW_SETTINGS,SUCCESS,");
	CHECK_MEM(wsc_ap_settings(ap)->ssid, new_net.ssid, new_net.ssid_len);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

static void test_per_device_psk(void)
{
	sta a, b;
	int err;
	wsc_ap *ap = ap_make(true, true, NULL, 0, 0, &err);

	h_ctx("per-device PSKs");
	CHECK(wsc_ap_add_pin(ap, "12345670", NULL, NULL, 0, 0) > 0);
	CHECK(enroll(ap, 0, 'p', "12345670", 1, &a) > 0);
	CHECK_INT(a.cred.key_len, 64);
	CHECK_MEM(last_cred.key, a.cred.key, 64);
	CHECK(wsc_ap_add_pin(ap, "12345670", NULL, NULL, 0, 2) > 0);
	CHECK(enroll(ap, 1, 'p', "12345670", 3, &b) > 0);
	CHECK_INT(b.cred.key_len, 64);
	CHECK(memcmp(a.cred.key, b.cred.key, 64) != 0);
	CHECK_MEM(b.cred.ssid, net.ssid, net.ssid_len);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

/* Floods of strangers fill the station table: EAPOL-Starts that go no
 * further, and enrollees abandoned after their M1 (answered M2D). A real
 * enrollee still gets its credential: they make room for it. */
static wsc_ap *ap_small(int *err)
{
	wsc_ap_cfg c = { .size = sizeof(c), .dev = &ap_dev, .settings = &net,
			 .configured = true,
			 .max_stations = 4, .on_event = on_ap };
	ev_reset();
	return wsc_ap_new(&env, &c, err);
}

/* One run of station idx to its M1: the type of the AP's answer (M2,
 * M2D), 0 none. A PIN for it is armed, so M2D means "not now". */
static int m1_answer(wsc_ap *ap, int idx, uint64_t now)
{
	sta s;
	sta *all[1] = { &s };
	const uint8_t *f;
	size_t len;
	uint8_t to[6];
	int type = 0;
	wsc_eapol_info in;

	sta_start(&s, idx, 'p', "11112222", now);
	step(ap, all, 1, &s, now); /* EAPOL-Start */
	step(ap, all, 1, &s, now); /* Identity */
	if (wsc_eap_peer_pop_tx(s.p, &f, &len))
		CHECK_ERR(wsc_ap_recv_eapol(ap, s.mac, f, len, now), 0);
	while (wsc_ap_pop_tx(ap, to, &f, &len))
		if (!memcmp(to, s.mac, 6) && !wsc_eapol_classify(f, len, &in) &&
		    in.msg_type > 0)
			type = in.msg_type;
	sta_end(&s);
	return type;
}

/* M1 rate limits: each MAC 10 at once then one a second; all stations
 * m1_per_sec, with that many at once. An M1 over either is answered
 * with M2D (no exponentiation), and with M2 when it comes again later. */
static void test_m1_rate(void)
{
	int err;
	wsc_ap_cfg c = { .size = sizeof(c), .dev = &ap_dev, .settings = &net,
			 .configured = true, .now_ms = 1000,
			 .ap_pin = ap_label_pin, .on_event = on_ap,
			 .m1_per_sec = 5 };
	wsc_ap *ap;
	enum { M2 = WSC_MSG_M2, M2D = WSC_MSG_M2D };

	h_ctx("one MAC: 10 M1s at once, the 11th not now");
	ap = ap_make(true, false, NULL, 0, 1000, &err);
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 600000, 1000) > 0);
	for (int i = 0; i < 10; i++)
		CHECK_INT(m1_answer(ap, 3, 1000), M2);
	CHECK_INT(m1_answer(ap, 3, 1000), M2D);
	CHECK_INT(m1_answer(ap, 4, 1000), M2); /* another MAC goes on */
	CHECK_INT(m1_answer(ap, 3, 1999), M2D);
	CHECK_INT(m1_answer(ap, 3, 2000), M2); /* one a second */
	CHECK_INT(m1_answer(ap, 3, 2000), M2D);
	wsc_ap_del(ap);

	h_ctx("all MACs: m1_per_sec 5");
	ev_reset();
	ap = wsc_ap_new(&env, &c, &err);
	CHECK(ap != NULL);
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, NULL, 600000, 1000) > 0);
	for (int i = 0; i < 5; i++)
		CHECK_INT(m1_answer(ap, i, 1000), M2);
	CHECK_INT(m1_answer(ap, 5, 1000), M2D);
	CHECK_INT(m1_answer(ap, 5, 1199), M2D);
	CHECK_INT(m1_answer(ap, 5, 1200), M2); /* one each 200 ms */
	CHECK_INT(m1_answer(ap, 6, 1200), M2D);
	h_ctx("an external registrar's run counts too");
	sta r;
	CHECK(enroll(ap, 7, 'r', ap_label_pin, 1200, &r) < 0); /* refused */
	CHECK(!r.ap_settings);
	CHECK(enroll(ap, 7, 'r', ap_label_pin, 5000, &r) != 0);
	CHECK(r.ap_settings);
	wsc_ap_del(ap);
	/* the limits count only M1s that would get M2: with the PIN bound
	 * to one enrollee's MAC, 35 M1s from 7 others (M2D: no password
	 * for them, no exponentiation) do not use up its turn */
	h_ctx("a flood of M1s that have no PIN leaves the bound enrollee's");
	ev_reset();
	ap = wsc_ap_new(&env, &c, &err);
	CHECK(ap != NULL);
	CHECK(wsc_ap_add_pin(ap, "11112222", NULL, sta_dev[7].mac, 600000,
			     6000) > 0);
	int m2d = 0;
	for (int i = 0; i < 35; i++)
		m2d += m1_answer(ap, i % 7, 6000) == M2D;
	CHECK_INT(m2d, 35);
	CHECK_INT(m1_answer(ap, 7, 6000), M2);
	h_ctx("out of range");
	c.m1_per_sec = 100001;
	CHECK(wsc_ap_new(&env, &c, &err) == NULL);
	CHECK_ERR(err, WSC_ERR_INVAL);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

static void test_flood(void)
{
	static const uint8_t start[4] = { 0x02, 0x01, 0x00, 0x00 };
	const uint8_t *f;
	size_t len;
	uint8_t to[6];
	int err;
	sta real, junk;
	sta *all[1] = { &real };
	wsc_ap_status st;

	for (int kind = 0; kind < 2; kind++) {
		wsc_ap *ap = ap_small(&err);
		h_ctx("flood of %s from 200 MACs, 4 station slots",
		      kind ? "abandoned M1s" : "EAPOL-Starts");
		CHECK(wsc_ap_add_pin(ap, "12345670", NULL, sta_dev[7].mac, 0,
				     0) > 0);
		sta_start(&real, 7, 'p', "12345670", 0);
		for (int k = 0; k < 200; k++) {
			uint8_t mac[6] = { 0x02, 0xf1, 0, 0, (uint8_t)(k >> 8),
					   (uint8_t)k };
			uint64_t now = 10 + (uint64_t)k;
			if (!kind) {
				wsc_ap_recv_eapol(ap, mac, start, 4, now);
			} else {
				/* an enrollee whose M1 gets M2D, then silence */
				sta_start(&junk, 6, 'p', "11112228", now);
				memcpy(junk.mac, mac, 6);
				sta *j[2] = { &junk, &real };
				for (int i = 0; i < 3; i++)
					step(ap, j, 2, &junk, now);
				sta_end(&junk);
			}
			while (wsc_ap_pop_tx(ap, to, &f, &len))
				if (!memcmp(to, real.mac, 6))
					wsc_eap_peer_recv(real.p, f, len, now);
			/* at full wire rate a flood frame or two falls between
			 * a real enrollee's frame and its answer */
			if (k >= 20 && k % 2 == 0) /* the table is full by now */
				step(ap, all, 1, &real, now);
		}
		wsc_ap_status_get(ap, &st);
		CHECK_INT(st.stations, 4);
		for (int i = 0; i < 100 && wsc_eap_peer_status(real.p) == 0; i++)
			step(ap, all, 1, &real, 300);
		CHECK(wsc_eap_peer_status(real.p) > 0);
		CHECK_INT(real.ncred, 1);
		CHECK_MEM(real.cred.key, net.key, net.key_len);
		sta_end(&real);
		wsc_ap_del(ap);
	}
	h_ctx(NULL);
}

/* An AP that lost a station's conversation after its Identity Request
 * (its slot went to a stranger, or the AP restarted) takes the Identity
 * Response as the start of the run: the enrollee need not wait out its
 * timeout */
static void test_forgotten_identity(void)
{
	sta s;
	sta *all[1] = { &s };
	int err;
	wsc_ap *ap = ap_make(true, false, NULL, 0, 0, &err);

	h_ctx("an Identity Response the AP no longer expects");
	sta_start(&s, 0, 'p', "12345670", 0);
	step(ap, all, 1, &s, 0);            /* EAPOL-Start; Identity Request */
	wsc_ap_del(ap);                     /* the AP forgets (a restart) */
	ap = ap_make(true, false, NULL, 0, 10, &err);
	CHECK(wsc_ap_add_pin(ap, "12345670", NULL, NULL, 0, 10) > 0);
	for (int i = 0; i < 100 && wsc_eap_peer_status(s.p) == 0; i++)
		step(ap, all, 1, &s, 20);
	CHECK(wsc_eap_peer_status(s.p) > 0);
	CHECK_INT(s.ncred, 1);
	sta_end(&s);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

/* The AP's random source failing: no invented settings, no per-device
 * PSK, nothing armed on them and no credential made of the failed bytes */
static void test_random_failure(void)
{
	fail_rng fr;
	wsc_env fenv;
	wsc_cred unconf = { .ssid = "fresh", .ssid_len = 5 };
	int err;
	sta s;

	h_ctx("random source failing: an unconfigured AP invents nothing");
	fail_rng_init(&fr, 0);
	test_env_fail(&fenv, &fr);
	wsc_ap_cfg c = { .size = sizeof(c), .dev = &ap_dev, .settings = &unconf,
			 .on_event = on_ap };
	ev_reset();
	wsc_ap *ap = wsc_ap_new(&fenv, &c, &err);
	CHECK(ap != NULL);
	CHECK_ERR(wsc_ap_pbc(ap, 0), WSC_ERR_RANDOM);
	CHECK_ERR(wsc_ap_add_pin(ap, "12345670", NULL, NULL, 0, 0),
		  WSC_ERR_RANDOM);
	CHECK_STR(evlog, "");
	wsc_ap_del(ap);
	for (long n = 0; n < 4; n++) {
		h_ctx("random source failing after %ld calls: per-device PSK", n);
		fail_rng_init(&fr, n);
		c.settings = &net;
		c.configured = true;
		c.per_device_psk = true;
		ap = wsc_ap_new(&fenv, &c, &err);
		CHECK(wsc_ap_add_pin(ap, "12345670", NULL, NULL, 0, 0) > 0);
		ev_reset();
		int st = enroll(ap, 0, 'p', "12345670", 1, &s);
		if (fr.failures) {
			CHECK(st <= 0); /* no answer at all, or a failed run */
			CHECK_INT(s.ncred, 0);
			CHECK(strstr(evlog, "SUCCESS") == NULL);
		} else {
			CHECK(st > 0); /* the run needed fewer calls */
			CHECK(s.cred.key[0] != 0x5a || s.cred.key[1] != 0x5a);
		}
		wsc_ap_del(ap);
	}
	h_ctx(NULL);
}

static void test_element(void)
{
	int err;
	wsc_ie ie;
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	wsc_ap *ap = ap_make(true, false, NULL, 0, 0, &err);

	h_ctx("WPS element");
	wsc_ap_ie(ap, WSC_MSG_BEACON, &ie);
	CHECK(!ie.selected_registrar);
	CHECK_INT(ie.wps_state, WSC_STATE_CONFIGURED);
	CHECK_MEM(ie.uuid, ap_dev.uuid, 16);
	wsc_ap_pbc(ap, 0);
	wsc_ap_ie(ap, WSC_MSG_BEACON, &ie);
	CHECK(ie.selected_registrar);
	CHECK_INT(ie.dev_pw_id, WSC_PW_PUSHBUTTON);
	CHECK_INT(ie.n_authorized, 1);
	CHECK_MEM(ie.authorized_macs[0], bcast, 6);
	wsc_ap_cancel(ap, 1);
	wsc_ap_add_pin(ap, "12345670", NULL, sta_dev[2].mac, 0, 2);
	wsc_ap_ie(ap, WSC_MSG_PROBE_RESP, &ie);
	CHECK_INT(ie.dev_pw_id, WSC_PW_DEFAULT);
	CHECK_INT(ie.n_authorized, 1);
	CHECK_MEM(ie.authorized_macs[0], sta_dev[2].mac, 6);
	uint8_t out[512];
	size_t len;
	CHECK_ERR(wsc_ie_build(&ie, &ap_dev, out, sizeof(out), &len), 0);
	for (int i = 0; i < 3; i++)
		wrong_guess(ap, 3, 18);
	wsc_ap_ie(ap, WSC_MSG_BEACON, &ie);
	CHECK(ie.ap_setup_locked);
	wsc_ap_del(ap);
	h_ctx(NULL);
}

int main(void)
{
	static const uint8_t ap_mac[6] = { 0x02, 0, 0, 0, 0xa0, 0x01 };

	det_rng_init(&rng, "test_ap");
	count_alloc_init(&heap, 0);
	test_env(&env, &rng, &heap);
	wsc_device_defaults(&ap_dev, true, ap_mac);
	for (int i = 0; i < 8; i++) {
		uint8_t m[6] = { 0x02, 0, 0, 0, 0x5a, (uint8_t)i };
		wsc_device_defaults(&sta_dev[i], false, m);
	}
	net = wpa2_cred("ap-net", "ap test passphrase");
	new_net = wpa2_cred("er-net", "external registrar pass");
	test_pbc();
	test_overlap_boundary();
	test_overlap_race();
	test_pins();
	test_pin_commit();
	test_lockout();
	test_lockout_parallel();
	test_guessing_day();
	test_blob();
	test_unconfigured();
	test_per_device_psk();
	test_flood();
	test_m1_rate();
	test_forgotten_identity();
	test_random_failure();
	test_element();
	h_ctx("heap");
	CHECK_INT(heap.live, 0);
	CHECK_INT(heap.not_wiped, 0);
	CHECK_INT(heap.bad_size, 0);
	return h_summary("ap");
}
