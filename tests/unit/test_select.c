/* Choosing an AP from scan results, and the WPS element kinds the station
 * sends and reads on real radios. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static const uint8_t me[6] = { 0x02, 0, 0, 0, 0x01, 0x00 };
static const uint8_t other[6] = { 0x02, 0, 0, 0, 0x09, 0x09 };
static const uint8_t any[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* An AP numbered id (BSSID and UUID-E from it) at signal dBm. */
static wsc_scan_bss ap(int id, int dbm, bool wps)
{
	wsc_scan_bss b;

	memset(&b, 0, sizeof(b));
	b.bssid[0] = 0x02;
	b.bssid[5] = (uint8_t)id;
	b.signal_mbm = dbm * 100;
	b.has_wps = wps;
	b.wps.kind = WSC_MSG_PROBE_RESP;
	b.wps.wps_state = 2;
	b.wps.has_uuid = true;
	memset(b.wps.uuid, id, WSC_UUID_LEN);
	return b;
}

static void arm(wsc_scan_bss *b, uint16_t pw_id)
{
	b->wps.selected_registrar = true;
	b->wps.dev_pw_id = pw_id;
}

static void authorize(wsc_scan_bss *b, const uint8_t mac[6])
{
	memcpy(b->wps.authorized_macs[b->wps.n_authorized++], mac, 6);
}

static void test_pbc(void)
{
	wsc_scan_bss s[4] = { ap(1, -40, true), ap(2, -30, true),
			      ap(3, -50, false), ap(4, -60, true) };
	wsc_candidate c[4];

	/* nobody armed: no candidate yet */
	CHECK_INT(wsc_select_aps(s, 4, WSC_SELECT_PBC, me, NULL, 0, c, 4), 0);
	/* a PIN registrar is not a push-button one */
	arm(&s[1], WSC_PW_DEFAULT);
	CHECK_INT(wsc_select_aps(s, 4, WSC_SELECT_PBC, me, NULL, 0, c, 4), 0);
	arm(&s[0], WSC_PW_PUSHBUTTON);
	CHECK_INT(wsc_select_aps(s, 4, WSC_SELECT_PBC, me, NULL, 0, c, 4), 1);
	CHECK_INT(c[0].index, 0);
	CHECK(c[0].armed);
	/* a second push-button registrar: overlap, nobody tried */
	arm(&s[3], WSC_PW_PUSHBUTTON);
	CHECK_ERR(wsc_select_aps(s, 4, WSC_SELECT_PBC, me, NULL, 0, c, 4),
		  WSC_ERR_PBC_OVERLAP);
	/* the same device on a second radio (same UUID-E) counts once;
	 * both BSSIDs are candidates, the stronger first */
	memcpy(s[3].wps.uuid, s[0].wps.uuid, WSC_UUID_LEN);
	s[3].signal_mbm = -2000;
	CHECK_INT(wsc_select_aps(s, 4, WSC_SELECT_PBC, me, NULL, 0, c, 4), 2);
	CHECK_INT(c[0].index, 3);
	CHECK_INT(c[1].index, 0);
	/* without UUID-E, two BSSIDs are two registrars */
	s[0].wps.has_uuid = s[3].wps.has_uuid = false;
	CHECK_ERR(wsc_select_aps(s, 4, WSC_SELECT_PBC, me, NULL, 0, c, 4),
		  WSC_ERR_PBC_OVERLAP);
}

/* An AP heard in push-button mode in an earlier scan still counts for
 * the 120 s monitor time, even if this scan missed it. */
static void test_pbc_monitor(void)
{
	wsc_scan_bss a = ap(1, -40, true), b = ap(2, -40, true);
	wsc_pbc_monitor m;
	wsc_candidate c[2];

	arm(&a, WSC_PW_PUSHBUTTON);
	arm(&b, WSC_PW_PUSHBUTTON);
	wsc_pbc_monitor_init(&m);
	CHECK_INT(wsc_pbc_monitor_note(&m, &a, 1, 1000), 1);
	CHECK_INT(wsc_pbc_monitor_note(&m, &a, 1, 5000), 1);
	/* b alone in a later scan: a is remembered */
	CHECK_ERR(wsc_select_aps(&b, 1, WSC_SELECT_PBC, me, &m, 60000, c, 2),
		  WSC_ERR_PBC_OVERLAP);
	/* judging the scan alone would have missed it */
	CHECK_INT(wsc_select_aps(&b, 1, WSC_SELECT_PBC, me, NULL, 60000, c, 2),
		  1);
	/* select does not change the monitor */
	CHECK_INT(m.n, 1);
	/* 120 s after a was last heard it is forgotten */
	CHECK_ERR(wsc_select_aps(&b, 1, WSC_SELECT_PBC, me, &m, 124999, c, 2),
		  WSC_ERR_PBC_OVERLAP);
	CHECK_INT(wsc_select_aps(&b, 1, WSC_SELECT_PBC, me, &m, 125000, c, 2),
		  1);
	CHECK_INT(wsc_pbc_monitor_note(&m, &b, 1, 125000), 1);
	/* more registrars than the monitor holds: still an overlap */
	for (int i = 0; i < 40; i++) {
		wsc_scan_bss x = ap(10 + i, -50, true);
		arm(&x, WSC_PW_PUSHBUTTON);
		CHECK(wsc_pbc_monitor_note(&m, &x, 1, 126000 + (uint64_t)i) > 1);
	}
	CHECK_INT(m.n, WSC_PBC_MONITOR_MAX);

	/* one AP heard by its Beacon (no UUID-E) in one scan and by its
	 * Probe Response (UUID-E) in the next, and the other way round: one
	 * registrar (the radio suite once saw an overlap of one AP so) */
	wsc_scan_bss beacon = a, probe = a;
	beacon.wps.has_uuid = false;
	beacon.wps.kind = WSC_MSG_BEACON;
	wsc_pbc_monitor_init(&m);
	CHECK_INT(wsc_pbc_monitor_note(&m, &beacon, 1, 1000), 1);
	CHECK_INT(wsc_pbc_monitor_note(&m, &probe, 1, 2000), 1);
	CHECK_INT(wsc_pbc_monitor_note(&m, &beacon, 1, 3000), 1);
	CHECK_INT(wsc_select_aps(&probe, 1, WSC_SELECT_PBC, me, &m, 3000, c,
				 2), 1);
	/* ... and another AP's beacon still makes two */
	wsc_scan_bss elsewhere = b;
	elsewhere.wps.has_uuid = false;
	CHECK_INT(wsc_pbc_monitor_note(&m, &elsewhere, 1, 4000), 2);
	/* the same device on another radio (same UUID-E) stays one */
	wsc_pbc_monitor_init(&m);
	wsc_scan_bss radio2 = a;
	radio2.bssid[5] = 0x99;
	CHECK_INT(wsc_pbc_monitor_note(&m, &a, 1, 1000), 1);
	CHECK_INT(wsc_pbc_monitor_note(&m, &radio2, 1, 1000), 1);
	CHECK_INT(wsc_pbc_monitor_note(&m, &a, 1, 2000), 1);
}

static void test_pin(void)
{
	wsc_scan_bss s[6] = { ap(1, -70, true), ap(2, -20, true),
			      ap(3, -30, true), ap(4, -40, true),
			      ap(5, -10, false), ap(6, -60, true) };
	wsc_candidate c[6];

	arm(&s[0], WSC_PW_DEFAULT);          /* lists us: first */
	authorize(&s[0], other);
	authorize(&s[0], me);
	arm(&s[1], WSC_PW_DEFAULT);          /* lists only another station */
	authorize(&s[1], other);
	arm(&s[2], WSC_PW_DEFAULT);          /* open to all (wildcard) */
	authorize(&s[2], any);
	arm(&s[3], WSC_PW_PUSHBUTTON);       /* push button: not for a PIN */
	/* s[4] has no WPS; s[5] is a WPS AP with nobody armed */
	CHECK_INT(wsc_select_aps(s, 6, WSC_SELECT_PIN, me, NULL, 0, c, 6), 3);
	CHECK_INT(c[0].index, 0);
	CHECK(c[0].armed && c[0].listed);
	CHECK_INT(c[1].index, 2);
	CHECK(c[1].armed && !c[1].listed);
	CHECK_INT(c[2].index, 5);
	CHECK(!c[2].armed);
	/* WSC 1.0 registrar: no AuthorizedMACs at all, open to all */
	s[1].wps.n_authorized = 0;
	CHECK_INT(wsc_select_aps(s, 6, WSC_SELECT_PIN, me, NULL, 0, c, 6), 4);
	CHECK_INT(c[1].index, 1); /* stronger than s[2], same rank */
	CHECK_INT(c[2].index, 2);
	/* cap: the best ones are kept */
	CHECK_INT(wsc_select_aps(s, 6, WSC_SELECT_PIN, me, NULL, 0, c, 2), 2);
	CHECK_INT(c[0].index, 0);
	CHECK_INT(c[1].index, 1);
	/* nobody armed: every WPS AP, strongest first */
	for (int i = 0; i < 6; i++)
		s[i].wps.selected_registrar = false;
	CHECK_INT(wsc_select_aps(s, 6, WSC_SELECT_PIN, me, NULL, 0, c, 6), 5);
	CHECK_INT(c[0].index, 1);
	CHECK_INT(c[4].index, 0);
}

static void test_registrar(void)
{
	wsc_scan_bss s[3] = { ap(1, -50, true), ap(2, -30, true),
			      ap(3, -20, false) };
	wsc_candidate c[3];

	CHECK_INT(wsc_select_aps(s, 3, WSC_SELECT_REGISTRAR, me, NULL, 0, c, 3),
		  2);
	CHECK_INT(c[0].index, 1);
	s[1].wps.ap_setup_locked = true;
	CHECK_INT(wsc_select_aps(s, 3, WSC_SELECT_REGISTRAR, me, NULL, 0, c, 3),
		  1);
	CHECK_INT(c[0].index, 0);
	s[0].wps.ap_setup_locked = true;
	CHECK_ERR(wsc_select_aps(s, 3, WSC_SELECT_REGISTRAR, me, NULL, 0, c, 3),
		  WSC_ERR_LOCKED);
	/* no room for a candidate is not "locked": one AP is open */
	s[0].wps.ap_setup_locked = false;
	CHECK_INT(wsc_select_aps(s, 3, WSC_SELECT_REGISTRAR, me, NULL, 0, NULL,
				 0), 0);
	s[0].wps.ap_setup_locked = true;
	CHECK_ERR(wsc_select_aps(s, 3, WSC_SELECT_REGISTRAR, me, NULL, 0, NULL,
				 0), WSC_ERR_LOCKED);
	/* no WPS AP at all is "none yet", not locked */
	CHECK_INT(wsc_select_aps(&s[2], 1, WSC_SELECT_REGISTRAR, me, NULL, 0,
				 c, 3), 0);
	CHECK_INT(wsc_select_aps(NULL, 0, WSC_SELECT_PIN, me, NULL, 0, c, 3), 0);
	CHECK_ERR(wsc_select_aps(NULL, 2, WSC_SELECT_PIN, me, NULL, 0, c, 3),
		  WSC_ERR_INVAL);
	CHECK_ERR(wsc_select_aps(s, 3, (wsc_select_mode)7, me, NULL, 0, c, 3),
		  WSC_ERR_INVAL);
}

/* The Association Request element hostapd needs to admit a WPS station
 * without RSN, and the device strings of a Probe Response. */
static void test_ie_kinds(void)
{
	static const uint8_t assoc_req[] = {
		0xdd, 0x18, 0x00, 0x50, 0xf2, 0x04,
		0x10, 0x4a, 0x00, 0x01, 0x10,          /* Version */
		0x10, 0x3a, 0x00, 0x01, 0x01,          /* Request Type */
		0x10, 0x49, 0x00, 0x06, 0x00, 0x37, 0x2a, 0x00, 0x01, 0x20 };
	wsc_ie ie = { .kind = WSC_IE_ASSOC_REQ, .request_type = 1 }, back;
	wsc_device dev;
	uint8_t out[600], mac[6] = { 2, 0, 0, 0, 0, 1 };
	size_t len;

	/* the element: OUI+type 4, Version 5, Request Type 5, Version2 10 */
	CHECK_INT(wsc_ie_build(&ie, NULL, out, sizeof(out), &len), 0);
	CHECK_INT(len, sizeof(assoc_req));
	CHECK_MEM(out, assoc_req, sizeof(assoc_req));
	CHECK_INT(wsc_ie_parse(out, len, &back), 0);
	CHECK_INT(back.request_type, 1);
	CHECK_INT(back.version2, 0x20);

	wsc_device_defaults(&dev, true, mac);
	snprintf(dev.manufacturer, sizeof(dev.manufacturer), "Maker & Co");
	snprintf(dev.model_name, sizeof(dev.model_name), "Router 9");
	snprintf(dev.model_number, sizeof(dev.model_number), "R9-1");
	memset(&ie, 0, sizeof(ie));
	ie.kind = WSC_MSG_PROBE_RESP;
	ie.wps_state = 2;
	ie.response_type = 3;
	CHECK_INT(wsc_ie_build(&ie, &dev, out, sizeof(out), &len), 0);
	CHECK_INT(wsc_ie_parse(out, len, &back), 0);
	CHECK_STR(back.manufacturer, "Maker & Co");
	CHECK_STR(back.model_name, "Router 9");
	CHECK_STR(back.model_number, "R9-1");
	CHECK_STR(back.device_name, dev.device_name);
	/* a beacon carries none of them */
	ie.kind = WSC_MSG_BEACON;
	CHECK_INT(wsc_ie_build(&ie, NULL, out, sizeof(out), &len), 0);
	CHECK_INT(wsc_ie_parse(out, len, &back), 0);
	CHECK_STR(back.manufacturer, "");
}

/* Malformed WFA vendor extensions in Beacons and Probe Requests: each is
 * refused by the parser (the scan then counts the AP as without WPS; the
 * AP never sees the probe), never half-read; the same element with a
 * well-formed extension parses. */
static void test_ie_bad_wfa(void)
{
	static const uint8_t head_beacon[] = {
		0x10, 0x4a, 0x00, 0x01, 0x10,             /* Version */
		0x10, 0x44, 0x00, 0x01, 0x02,             /* WPS State */
		0x10, 0x41, 0x00, 0x01, 0x01,             /* Selected Registrar */
		0x10, 0x12, 0x00, 0x02, 0x00, 0x04 };     /* PBC */
	static const uint8_t head_probe[] = {
		0x10, 0x4a, 0x00, 0x01, 0x10,             /* Version */
		0x10, 0x3a, 0x00, 0x01, 0x01,             /* Request Type */
		0x10, 0x12, 0x00, 0x02, 0x00, 0x04 };     /* PBC */
	static const struct {
		const char *what;
		uint8_t sub[40];
		size_t len;       /* of sub */
		int err;
	} cases[] = {
		{ "good: Version2 2.0, AuthorizedMACs", { 0x00, 0x01, 0x20,
		  0x01, 0x06, 2, 0, 0, 0, 0, 1 }, 11, 0 },
		{ "Version2 of length 0", { 0x00, 0x00 }, 2,
		  WSC_ERR_BAD_LENGTH },
		{ "Version2 of length 2", { 0x00, 0x02, 0x20, 0x20 }, 4,
		  WSC_ERR_BAD_LENGTH },
		{ "subelement longer than the extension", { 0x00, 0x05, 0x20 },
		  3, WSC_ERR_TRUNCATED },
		{ "subelement header cut", { 0x00 }, 1, WSC_ERR_TRUNCATED },
		{ "AuthorizedMACs of 7 bytes", { 0x01, 0x07, 1, 2, 3, 4, 5, 6,
		  7 }, 9, WSC_ERR_BAD_LENGTH },
		{ "AuthorizedMACs of 36 bytes", { 0x01, 0x24 }, 38,
		  WSC_ERR_BAD_LENGTH },
		{ "AuthorizedMACs of 0 bytes", { 0x01, 0x00 }, 2,
		  WSC_ERR_BAD_LENGTH },
		{ "Version2 twice", { 0x00, 0x01, 0x20, 0x00, 0x01, 0x20 }, 6,
		  WSC_ERR_DUPLICATE },
		{ "Request to Enroll claiming 255 bytes", { 0x03, 0xff }, 2,
		  WSC_ERR_TRUNCATED },
	};
	uint8_t el[300];
	wsc_ie ie;

	for (int probe = 0; probe < 2; probe++) {
		const uint8_t *head = probe ? head_probe : head_beacon;
		size_t hl = probe ? sizeof(head_probe) : sizeof(head_beacon);
		for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
			size_t n = 0, ext = 3 + cases[i].len;
			el[n++] = 0xdd;
			el[n++] = (uint8_t)(4 + hl + 4 + ext);
			memcpy(el + n, "\x00\x50\xf2\x04", 4);
			n += 4;
			memcpy(el + n, head, hl);
			n += hl;
			el[n++] = 0x10, el[n++] = 0x49;
			el[n++] = 0, el[n++] = (uint8_t)ext;
			el[n++] = 0x00, el[n++] = 0x37, el[n++] = 0x2a;
			memcpy(el + n, cases[i].sub, cases[i].len);
			n += cases[i].len;
			h_ctx("%s: %s", probe ? "probe request" : "beacon",
			      cases[i].what);
			memset(&ie, 0x77, sizeof(ie));
			CHECK_ERR(wsc_ie_parse(el, n, &ie), cases[i].err);
			if (cases[i].err)
				continue;
			CHECK_INT(ie.kind, probe ? WSC_MSG_PROBE_REQ :
						   WSC_MSG_BEACON);
			CHECK_INT(ie.version2, 0x20);
			CHECK_INT(ie.n_authorized, 1);
			CHECK_INT(ie.dev_pw_id, WSC_PW_PUSHBUTTON);
		}
		/* the extension's own length past the element */
		h_ctx("%s: extension longer than the element",
		      probe ? "probe request" : "beacon");
		size_t n = 0;
		el[n++] = 0xdd;
		el[n++] = (uint8_t)(4 + hl + 4 + 3);
		memcpy(el + n, "\x00\x50\xf2\x04", 4);
		n += 4;
		memcpy(el + n, head, hl);
		n += hl;
		memcpy(el + n, "\x10\x49\x00\x09\x00\x37\x2a", 7);
		n += 7;
		CHECK(wsc_ie_parse(el, n, &ie) != 0);
	}
	h_ctx(NULL);
}

int main(void)
{
	test_pbc();
	test_pbc_monitor();
	test_pin();
	test_registrar();
	test_ie_kinds();
	test_ie_bad_wfa();
	return h_summary("select");
}
