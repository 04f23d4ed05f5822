/* Attribute codec: wsc_parse, the type table, wsc_dump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "internal.h"

/* ---- a message builder for the tests */

typedef struct msg {
	uint8_t b[4096];
	size_t len;
} msg;

static void put(msg *m, uint16_t type, const void *val, size_t n)
{
	if (m->len + 4 + n > sizeof(m->b))
		abort();
	put_be16(m->b + m->len, type);
	put_be16(m->b + m->len + 2, (uint16_t)n);
	if (n)
		memcpy(m->b + m->len + 4, val, n);
	m->len += 4 + n;
}

static void put_raw(msg *m, const void *p, size_t n)
{
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void header(msg *m, uint8_t type)
{
	uint8_t v = 0x10;
	m->len = 0;
	put(m, ATTR_VERSION, &v, 1);
	put(m, ATTR_MSG_TYPE, &type, 1);
}

static const uint8_t zeros[2048];

/* Parse from an exactly sized heap copy, so that ASan sees any read past
 * the end. */
static int parse_exact(const uint8_t *p, size_t len, wsc_parsed *out,
		       uint16_t *bad)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, p, len);
	r = wsc_parse(len ? copy : NULL, len, out, bad);
	/* views must point into the copy: rebase them onto p */
	if (r == 0) {
		for (int i = 0; i < WSC_A_COUNT; i++) {
			wsc_view *v = &out->a[i];
			if (v->p) {
				CHECK(v->p >= copy && v->p + v->len <= copy + len);
				v->p = p + (v->p - copy);
			}
		}
		for (size_t i = 0; i < out->ncred; i++) {
			wsc_view *v = &out->cred[i];
			CHECK(v->p >= copy && v->p + v->len <= copy + len);
			v->p = p + (v->p - copy);
		}
		for (int i = 0; i < WSC_WFA_COUNT; i++) {
			wsc_view *v = &out->wfa[i];
			if (v->p) {
				CHECK(v->p >= copy && v->p + v->len <= copy + len);
				v->p = p + (v->p - copy);
			}
		}
	}
	free(copy);
	return r;
}

/* ---- the length rules, written down independently of attr.c */

struct fixed {
	uint16_t type;
	uint16_t len;
	enum wsc_attr_id id;
};

static const struct fixed fixed_attrs[] = {
	{ 0x1001, 2, WSC_A_AP_CHANNEL },
	{ 0x1002, 2, WSC_A_ASSOC_STATE },
	{ 0x1003, 2, WSC_A_AUTH_TYPE },
	{ 0x1004, 2, WSC_A_AUTH_TYPE_FLAGS },
	{ 0x1005, 8, WSC_A_AUTHENTICATOR },
	{ 0x1008, 2, WSC_A_CONFIG_METHODS },
	{ 0x1009, 2, WSC_A_CONFIG_ERROR },
	{ 0x100d, 1, WSC_A_CONN_TYPE_FLAGS },
	{ 0x100f, 2, WSC_A_ENCR_TYPE },
	{ 0x1010, 2, WSC_A_ENCR_TYPE_FLAGS },
	{ 0x1012, 2, WSC_A_DEV_PASSWORD_ID },
	{ 0x1014, 32, WSC_A_E_HASH1 },
	{ 0x1015, 32, WSC_A_E_HASH2 },
	{ 0x1016, 16, WSC_A_E_SNONCE1 },
	{ 0x1017, 16, WSC_A_E_SNONCE2 },
	{ 0x101a, 16, WSC_A_ENROLLEE_NONCE },
	{ 0x101e, 8, WSC_A_KEY_WRAP_AUTH },
	{ 0x1020, 6, WSC_A_MAC_ADDR },
	{ 0x1022, 1, WSC_A_MSG_TYPE },
	{ 0x1026, 1, WSC_A_NETWORK_INDEX },
	{ 0x1028, 1, WSC_A_NETWORK_KEY_INDEX },
	{ 0x102d, 4, WSC_A_OS_VERSION },
	{ 0x1039, 16, WSC_A_REGISTRAR_NONCE },
	{ 0x103a, 1, WSC_A_REQUEST_TYPE },
	{ 0x103b, 1, WSC_A_RESPONSE_TYPE },
	{ 0x103c, 1, WSC_A_RF_BANDS },
	{ 0x103d, 32, WSC_A_R_HASH1 },
	{ 0x103e, 32, WSC_A_R_HASH2 },
	{ 0x103f, 16, WSC_A_R_SNONCE1 },
	{ 0x1040, 16, WSC_A_R_SNONCE2 },
	{ 0x1041, 1, WSC_A_SELECTED_REGISTRAR },
	{ 0x1044, 1, WSC_A_WPS_STATE },
	{ 0x1047, 16, WSC_A_UUID_E },
	{ 0x1048, 16, WSC_A_UUID_R },
	{ 0x104a, 1, WSC_A_VERSION },
	{ 0x104f, 20, WSC_A_PUBKEY_HASH },
	{ 0x1053, 2, WSC_A_SEL_REG_CONFIG_METHODS },
	{ 0x1054, 8, WSC_A_PRIMARY_DEV_TYPE },
	{ 0x1057, 1, WSC_A_AP_SETUP_LOCKED },
	{ 0x106a, 8, WSC_A_REQ_DEV_TYPE },
};

/* variable-length attributes: lengths that must pass and fail */
struct varlen {
	uint16_t type;
	enum wsc_attr_id id;
	int good[4];
	int bad[4];
};

static const struct varlen var_attrs[] = {
	{ 0x100e, WSC_A_CREDENTIAL, { 1, 64, 300, -1 }, { 0, -1 } },
	{ 0x1011, WSC_A_DEVICE_NAME, { 0, 1, 32, -1 }, { 33, 64, -1 } },
	{ 0x1018, WSC_A_ENCR_SETTINGS, { 32, 48, 1024, -1 },
	  { 0, 16, 31, 33 } },
	{ 0x1021, WSC_A_MANUFACTURER, { 0, 64, -1 }, { 65, -1 } },
	{ 0x1023, WSC_A_MODEL_NAME, { 0, 32, -1 }, { 33, -1 } },
	{ 0x1024, WSC_A_MODEL_NUMBER, { 0, 32, -1 }, { 33, -1 } },
	{ 0x1027, WSC_A_NETWORK_KEY, { 0, 8, 64, -1 }, { 65, -1 } },
	{ 0x102c, WSC_A_OOB_DEV_PASSWORD, { 22, 54, -1 }, { 0, 21, 55, -1 } },
	{ 0x1032, WSC_A_PUBLIC_KEY, { 1, 191, 192, -1 }, { 0, 193, 384, -1 } },
	{ 0x1042, WSC_A_SERIAL_NUMBER, { 0, 32, -1 }, { 33, -1 } },
	{ 0x1045, WSC_A_SSID, { 0, 1, 32, -1 }, { 33, -1 } },
	{ 0x1055, WSC_A_SECONDARY_DEV_TYPE_LIST, { 8, 16, 128, -1 },
	  { 0, 7, 12, 136 } },
	{ 0x1058, WSC_A_APP_EXT, { 16, 512, -1 }, { 0, 15, 513, -1 } },
};

static void test_table(void)
{
	h_ctx("type table");
	for (int id = 0; id < WSC_A_COUNT; id++) {
		uint16_t t = wsc_attr_type((enum wsc_attr_id)id);
		CHECK_MSG(t >= 0x1001 && t <= 0x106a, "id %d -> %04x", id, t);
		/* the name lookup is a binary search: finds every type only
		 * if the table is sorted */
		CHECK_MSG(wsc_attr_name(t) != NULL, "no name for %04x", t);
	}
	for (size_t i = 0; i < ARRAY_LEN(fixed_attrs); i++)
		CHECK_INT(wsc_attr_type(fixed_attrs[i].id), fixed_attrs[i].type);
	for (size_t i = 0; i < ARRAY_LEN(var_attrs); i++)
		CHECK_INT(wsc_attr_type(var_attrs[i].id), var_attrs[i].type);
	CHECK_INT(wsc_attr_type(WSC_A_VENDOR_EXT), 0x1049);
	CHECK(wsc_attr_name(0x1000) == NULL);
	CHECK(wsc_attr_name(0x2000) == NULL);
	CHECK(wsc_attr_name(0x0000) == NULL);
	CHECK_STR(wsc_attr_name(0x101a), "Enrollee Nonce");
	CHECK_STR(wsc_msg_name(WSC_MSG_M1), "M1");
	CHECK_STR(wsc_msg_name(WSC_MSG_M2D), "M2D");
	CHECK_STR(wsc_msg_name(WSC_MSG_DONE), "WSC_Done");
	CHECK_STR(wsc_msg_name(0), "unknown");
	CHECK_STR(wsc_msg_name(0x10), "unknown");
	CHECK_STR(wsc_msg_name(-1), "unknown");
	CHECK_STR(wsc_msg_name(255), "unknown");
	h_ctx(NULL);
}

/* ---- good messages */

static const char *const run_msgs[] = { "m1", "m2", "m3", "m4", "m5", "m6",
					"m7", "m8", "wsc_done" };
static const uint8_t run_types[] = { 0x04, 0x05, 0x07, 0x08, 0x09, 0x0a,
				     0x0b, 0x0c, 0x0f };

static void test_good_messages(void)
{
	wsc_parsed p;
	uint16_t bad = 0;
	size_t n;

	for (size_t i = 0; i < ARRAY_LEN(run_msgs); i++) {
		const uint8_t *m = vec(run_msgs[i], &n);
		h_ctx("%s", run_msgs[i]);
		CHECK_ERR(parse_exact(m, n, &p, &bad), 0);
		CHECK(has(&p, WSC_A_VERSION) && pv_u8(&p, WSC_A_VERSION) == 0x10);
		CHECK(has(&p, WSC_A_MSG_TYPE) &&
		      pv_u8(&p, WSC_A_MSG_TYPE) == run_types[i]);
		CHECK(p.wfa[WSC_WFA_VERSION2].p &&
		      p.wfa[WSC_WFA_VERSION2].len == 1 &&
		      p.wfa[WSC_WFA_VERSION2].p[0] == 0x20);
		CHECK(has(&p, WSC_A_VENDOR_EXT));
		CHECK_INT(p.ncred, 0);
		/* every message after M1 carries an Authenticator last,
		 * except WSC_Done */
		bool auth = i >= 1 && i <= 7;
		CHECK_INT(has(&p, WSC_A_AUTHENTICATOR), auth);
		if (auth)
			CHECK(p.a[WSC_A_AUTHENTICATOR].p == m + n - 8);
	}
	h_ctx("m1 contents");
	const uint8_t *m1 = vec("m1", &n);
	CHECK_ERR(parse_exact(m1, n, &p, NULL), 0);
	CHECK_MEM(p.a[WSC_A_UUID_E].p, vec("uuid_e", NULL), 16);
	CHECK_MEM(p.a[WSC_A_MAC_ADDR].p, vec("enrollee_mac", NULL), 6);
	CHECK_MEM(p.a[WSC_A_ENROLLEE_NONCE].p, vec("e_nonce", NULL), 16);
	CHECK_INT(p.a[WSC_A_PUBLIC_KEY].len, 192);
	CHECK_MEM(p.a[WSC_A_PUBLIC_KEY].p, vec("enrollee_public_key", NULL), 192);
	CHECK(has(&p, WSC_A_DEV_PASSWORD_ID) &&
	      pv_u16(&p, WSC_A_DEV_PASSWORD_ID) == WSC_PW_DEFAULT);
	CHECK(has(&p, WSC_A_WPS_STATE));
	CHECK(has(&p, WSC_A_PRIMARY_DEV_TYPE));

	h_ctx("m2 contents");
	const uint8_t *m2 = vec("m2", &n);
	CHECK_ERR(parse_exact(m2, n, &p, NULL), 0);
	CHECK_MEM(p.a[WSC_A_ENROLLEE_NONCE].p, vec("e_nonce", NULL), 16);
	CHECK_MEM(p.a[WSC_A_REGISTRAR_NONCE].p, vec("r_nonce", NULL), 16);
	CHECK_MEM(p.a[WSC_A_UUID_R].p, vec("uuid_r", NULL), 16);
	CHECK_MEM(p.a[WSC_A_PUBLIC_KEY].p, vec("registrar_public_key", NULL),
		  192);

	h_ctx("m3/m4 contents");
	const uint8_t *m3 = vec("m3", &n);
	CHECK_ERR(parse_exact(m3, n, &p, NULL), 0);
	CHECK_MEM(p.a[WSC_A_E_HASH1].p, vec("e_hash1", NULL), 32);
	CHECK_MEM(p.a[WSC_A_E_HASH2].p, vec("e_hash2", NULL), 32);
	const uint8_t *m4 = vec("m4", &n);
	CHECK_ERR(parse_exact(m4, n, &p, NULL), 0);
	CHECK_MEM(p.a[WSC_A_R_HASH1].p, vec("r_hash1", NULL), 32);
	CHECK_MEM(p.a[WSC_A_R_HASH2].p, vec("r_hash2", NULL), 32);
	CHECK(has(&p, WSC_A_ENCR_SETTINGS) &&
	      p.a[WSC_A_ENCR_SETTINGS].len % 16 == 0);

	/* the credential hostapd sent, and its inside */
	h_ctx("credential");
	const uint8_t *cr = vec("credential", &n);
	CHECK_ERR(parse_exact(cr, n, &p, NULL), 0);
	CHECK_INT(p.ncred, 1);
	CHECK(p.a[WSC_A_CREDENTIAL].p == p.cred[0].p);
	CHECK_INT(p.cred[0].len, n - 4);
	wsc_parsed in;
	CHECK_ERR(parse_exact(p.cred[0].p, p.cred[0].len, &in, NULL), 0);
	CHECK(in.a[WSC_A_SSID].len == 11 &&
	      !memcmp(in.a[WSC_A_SSID].p, "wsc-interop", 11));
	CHECK(pv_u16(&in, WSC_A_AUTH_TYPE) == WSC_AUTH_WPA2PSK);
	CHECK(pv_u16(&in, WSC_A_ENCR_TYPE) == WSC_ENCR_AES);
	CHECK(in.a[WSC_A_NETWORK_KEY].len == 20 &&
	      !memcmp(in.a[WSC_A_NETWORK_KEY].p, "interop-passphrase-1", 20));
	CHECK(pv_u8(&in, WSC_A_NETWORK_INDEX) == 1);
	CHECK_MEM(in.a[WSC_A_MAC_ADDR].p, vec("enrollee_mac", NULL), 6);

	/* decrypted Encrypted Settings bodies parse too (minus padding) */
	static const char *const plains[] = { "m4_plaintext_padded",
		"m5_plaintext_padded", "m6_plaintext_padded",
		"m7_plaintext_padded", "m8_plaintext_padded" };
	for (size_t i = 0; i < ARRAY_LEN(plains); i++) {
		const uint8_t *pt = vec(plains[i], &n);
		h_ctx("%s", plains[i]);
		CHECK_ERR(parse_exact(pt, n - pt[n - 1], &p, NULL), 0);
		CHECK(has(&p, WSC_A_KEY_WRAP_AUTH));
	}

	/* empty input */
	h_ctx("empty");
	CHECK_ERR(wsc_parse(NULL, 0, &p, NULL), 0);
	CHECK_ERR(wsc_parse(NULL, 4, &p, NULL), WSC_ERR_INVAL);
	CHECK_ERR(wsc_parse(zeros, 0, &p, NULL), 0);
	CHECK_INT(p.nunknown, 0);
	h_ctx(NULL);
}

/* A message built by the library's own builder parses back. */
static void test_builder_roundtrip(void)
{
	uint8_t mem[512];
	wbuf b;
	wsc_parsed p;
	static const uint8_t extra[] = { 0x03, 0x01, 0x01 };

	wb_init(&b, mem, sizeof(mem));
	wb_attr_u8(&b, ATTR_VERSION, 0x10);
	wb_attr_u8(&b, ATTR_MSG_TYPE, WSC_MSG_ACK);
	wb_attr(&b, ATTR_ENROLLEE_NONCE, zeros, 16);
	wb_attr(&b, ATTR_REGISTRAR_NONCE, zeros, 16);
	wb_attr_u16(&b, ATTR_CONFIG_ERROR, 18);
	wb_attr_u32(&b, ATTR_OS_VERSION, 0x80000001u);
	wb_attr_str(&b, ATTR_DEV_NAME, "dev");
	wb_wfa_ext(&b, extra, sizeof(extra));
	CHECK(!b.overflow);
	h_ctx("builder");
	CHECK_ERR(parse_exact(mem, b.len, &p, NULL), 0);
	CHECK_INT(pv_u16(&p, WSC_A_CONFIG_ERROR), 18);
	CHECK_INT(get_be32(p.a[WSC_A_OS_VERSION].p), 0x80000001u);
	CHECK(p.a[WSC_A_DEVICE_NAME].len == 3);
	CHECK(p.wfa[WSC_WFA_VERSION2].p && p.wfa[WSC_WFA_VERSION2].p[0] == 0x20);
	CHECK(p.wfa[WSC_WFA_REQUEST_TO_ENROLL].p &&
	      p.wfa[WSC_WFA_REQUEST_TO_ENROLL].p[0] == 1);

	/* overflow is sticky and nothing is written past cap */
	uint8_t small[20];
	memset(small, 0xee, sizeof(small));
	wb_init(&b, small, 16);
	wb_attr(&b, ATTR_ENROLLEE_NONCE, zeros, 16);
	CHECK(b.overflow);
	wb_attr_u8(&b, ATTR_VERSION, 0x10);
	CHECK(b.overflow);
	CHECK(small[16] == 0xee && small[19] == 0xee);
	h_ctx(NULL);
}

/* ---- rejections */

static void test_truncation(void)
{
	msg m;
	wsc_parsed p;
	uint16_t bad;

	/* header cut: 1..3 bytes left after a good attribute */
	for (size_t extra = 1; extra <= 3; extra++) {
		header(&m, WSC_MSG_M1);
		put_raw(&m, "\x10\x1a\x00", extra);
		h_ctx("header cut to %zu bytes", extra);
		bad = 0xffff;
		CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_TRUNCATED);
		CHECK_INT(bad, 0);
	}
	/* value cut: the length says more than there is */
	for (size_t have = 0; have < 16; have++) {
		header(&m, WSC_MSG_M1);
		put_raw(&m, "\x10\x1a\x00\x10", 4);
		put_raw(&m, zeros, have);
		h_ctx("value cut to %zu of 16", have);
		bad = 0;
		CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_TRUNCATED);
		CHECK_INT(bad, 0x101a);
	}
	/* an unknown attribute is checked for truncation too */
	header(&m, WSC_MSG_M1);
	put_raw(&m, "\x20\x00\x01\x00\x01\x02", 6);
	h_ctx("unknown type cut");
	CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_TRUNCATED);
	CHECK_INT(bad, 0x2000);
	/* a length of 0xffff at the very end */
	header(&m, WSC_MSG_M1);
	put_raw(&m, "\x10\x45\xff\xff", 4);
	CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_TRUNCATED);
	CHECK_INT(bad, 0x1045);
	h_ctx(NULL);
}

static void test_fixed_lengths(void)
{
	msg m;
	wsc_parsed p;
	uint16_t bad;

	for (size_t i = 0; i < ARRAY_LEN(fixed_attrs); i++) {
		const struct fixed *f = &fixed_attrs[i];
		int lens[] = { 0, f->len - 1, f->len + 1, f->len * 2,
			       f->len };
		for (size_t j = 0; j < ARRAY_LEN(lens); j++) {
			int l = lens[j];
			bool good = l == f->len;
			if (l < 0 || (l == 0 && f->len == 1 && j == 1))
				continue;
			h_ctx("type %04x len %d (want %u)", f->type, l, f->len);
			m.len = 0;
			put(&m, f->type, zeros, (size_t)l);
			bad = 0;
			int r = parse_exact(m.b, m.len, &p, &bad);
			CHECK_ERR(r, good ? 0 : WSC_ERR_BAD_LENGTH);
			if (good) {
				CHECK(p.a[f->id].p != NULL);
				CHECK_INT(p.a[f->id].len, f->len);
			} else {
				CHECK_INT(bad, f->type);
			}
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(var_attrs); i++) {
		const struct varlen *v = &var_attrs[i];
		for (int j = 0; j < 4 && v->good[j] >= 0; j++) {
			h_ctx("type %04x len %d must pass", v->type, v->good[j]);
			m.len = 0;
			put(&m, v->type, zeros, (size_t)v->good[j]);
			CHECK_ERR(parse_exact(m.b, m.len, &p, NULL), 0);
			CHECK(p.a[v->id].p != NULL);
			CHECK_INT(p.a[v->id].len, v->good[j]);
		}
		for (int j = 0; j < 4 && v->bad[j] >= 0; j++) {
			h_ctx("type %04x len %d must fail", v->type, v->bad[j]);
			m.len = 0;
			put(&m, v->type, zeros, (size_t)v->bad[j]);
			bad = 0;
			CHECK_ERR(parse_exact(m.b, m.len, &p, &bad),
				  WSC_ERR_BAD_LENGTH);
			CHECK_INT(bad, v->type);
		}
	}
	/* Vendor Extension: at least the 3-byte vendor id */
	for (size_t l = 0; l < 3; l++) {
		h_ctx("vendor extension len %zu", l);
		m.len = 0;
		put(&m, ATTR_VENDOR_EXT, "\x00\x37\x2a", l);
		CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_BAD_LENGTH);
		CHECK_INT(bad, ATTR_VENDOR_EXT);
	}
	h_ctx(NULL);
}

static void test_duplicates(void)
{
	msg m;
	wsc_parsed p;
	uint16_t bad;

	for (size_t i = 0; i < ARRAY_LEN(fixed_attrs); i++) {
		const struct fixed *f = &fixed_attrs[i];
		bool multi = f->type == 0x106a; /* Requested Device Type */
		h_ctx("duplicate %04x", f->type);
		header(&m, WSC_MSG_M1);
		if (f->type == ATTR_VERSION || f->type == ATTR_MSG_TYPE)
			m.len = 0;
		put(&m, f->type, zeros, f->len);
		put(&m, 0x2001, zeros, 3); /* something in between */
		put(&m, f->type, zeros + 1, f->len);
		bad = 0;
		CHECK_ERR(parse_exact(m.b, m.len, &p, &bad),
			  multi ? 0 : WSC_ERR_DUPLICATE);
		if (!multi)
			CHECK_INT(bad, f->type);
	}
	for (size_t i = 0; i < ARRAY_LEN(var_attrs); i++) {
		const struct varlen *v = &var_attrs[i];
		bool multi = v->type == ATTR_CRED || v->type == ATTR_APP_EXT;
		h_ctx("duplicate %04x", v->type);
		m.len = 0;
		put(&m, v->type, zeros, (size_t)v->good[0]);
		put(&m, v->type, zeros, (size_t)v->good[0]);
		bad = 0;
		CHECK_ERR(parse_exact(m.b, m.len, &p, &bad),
			  multi ? 0 : WSC_ERR_DUPLICATE);
		if (!multi)
			CHECK_INT(bad, v->type);
		if (multi) /* the first occurrence is the one kept */
			CHECK(p.a[v->id].p == m.b + 4);
	}
	/* other vendors' extensions may repeat */
	h_ctx("foreign vendor extensions");
	m.len = 0;
	put(&m, ATTR_VENDOR_EXT, "\x00\x50\xf2\x01\x02", 5);
	put(&m, ATTR_VENDOR_EXT, "\x00\x50\xf2\x01\x02\x03", 6);
	CHECK_ERR(parse_exact(m.b, m.len, &p, NULL), 0);
	CHECK_INT(p.a[WSC_A_VENDOR_EXT].len, 5);
	CHECK(p.wfa[WSC_WFA_VERSION2].p == NULL);
	h_ctx(NULL);
}

static void test_credentials(void)
{
	msg m;
	wsc_parsed p;
	uint16_t bad;
	uint8_t body[8];

	for (size_t n = 1; n <= WSC_MAX_CREDS + 1; n++) {
		h_ctx("%zu credentials", n);
		header(&m, WSC_MSG_M8);
		for (size_t i = 0; i < n; i++) {
			memset(body, (int)i, sizeof(body));
			put(&m, ATTR_CRED, body, sizeof(body));
		}
		bad = 0;
		int r = parse_exact(m.b, m.len, &p, &bad);
		if (n <= WSC_MAX_CREDS) {
			CHECK_ERR(r, 0);
			CHECK_INT(p.ncred, n);
			for (size_t i = 0; i < p.ncred && i < n; i++)
				CHECK(p.cred[i].len == 8 &&
				      p.cred[i].p[0] == (uint8_t)i);
			CHECK(p.a[WSC_A_CREDENTIAL].p == p.cred[0].p);
		} else {
			CHECK_ERR(r, WSC_ERR_DUPLICATE);
			CHECK_INT(bad, ATTR_CRED);
		}
	}
	h_ctx(NULL);
}

static void wfa_msg(msg *m, const uint8_t *subs, size_t n)
{
	uint8_t v[600];
	memcpy(v, "\x00\x37\x2a", 3);
	if (n)
		memcpy(v + 3, subs, n);
	header(m, WSC_MSG_M1);
	put(m, ATTR_VENDOR_EXT, v, 3 + n);
}

static void test_wfa_ext(void)
{
	msg m;
	wsc_parsed p;
	uint16_t bad;

	/* every known subelement, an unknown one, in one extension */
	static const uint8_t good[] = {
		0x00, 0x01, 0x20,
		0x01, 0x0c, 1, 2, 3, 4, 5, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x02, 0x01, 0x01,
		0x03, 0x01, 0x01,
		0x04, 0x01, 0x05,
		0x05, 0x02, 0x01, 0x88,
		0x06, 0x01, 0x40,
		0x42, 0x03, 9, 9, 9, /* unknown: skipped */
		0x07, 0x00,          /* unknown, empty */
	};
	h_ctx("good WFA extension");
	wfa_msg(&m, good, sizeof(good));
	CHECK_ERR(parse_exact(m.b, m.len, &p, NULL), 0);
	CHECK(p.wfa[WSC_WFA_VERSION2].len == 1 && p.wfa[WSC_WFA_VERSION2].p[0] == 0x20);
	CHECK(p.wfa[WSC_WFA_AUTHORIZED_MACS].len == 12 &&
	      p.wfa[WSC_WFA_AUTHORIZED_MACS].p[0] == 1);
	CHECK(p.wfa[WSC_WFA_NETWORK_KEY_SHAREABLE].len == 1);
	CHECK(p.wfa[WSC_WFA_REQUEST_TO_ENROLL].len == 1);
	CHECK(p.wfa[WSC_WFA_SETTINGS_DELAY_TIME].len == 1 &&
	      p.wfa[WSC_WFA_SETTINGS_DELAY_TIME].p[0] == 5);
	CHECK(p.wfa[WSC_WFA_REG_CONFIG_METHODS].len == 2 &&
	      get_be16(p.wfa[WSC_WFA_REG_CONFIG_METHODS].p) == 0x0188);
	CHECK(p.wfa[WSC_WFA_MULTI_AP].len == 1 && p.wfa[WSC_WFA_MULTI_AP].p[0] == 0x40);
	CHECK_INT(p.a[WSC_A_VENDOR_EXT].len, 3 + sizeof(good));

	/* only the vendor id: fine, nothing inside */
	h_ctx("empty WFA extension");
	wfa_msg(&m, NULL, 0);
	CHECK_ERR(parse_exact(m.b, m.len, &p, NULL), 0);
	CHECK(p.wfa[WSC_WFA_VERSION2].p == NULL);

	/* truncated subelement header and value */
	h_ctx("WFA subelement header cut");
	wfa_msg(&m, (const uint8_t *)"\x00\x01\x20\x01", 4);
	bad = 0;
	CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_TRUNCATED);
	CHECK_INT(bad, ATTR_VENDOR_EXT);
	h_ctx("WFA subelement value cut");
	wfa_msg(&m, (const uint8_t *)"\x00\x01\x20\x01\x06\x01\x02\x03", 8);
	CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_TRUNCATED);
	CHECK_INT(bad, ATTR_VENDOR_EXT);
	h_ctx("WFA unknown subelement value cut");
	wfa_msg(&m, (const uint8_t *)"\x42\x05\x01", 3);
	CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_TRUNCATED);

	/* wrong lengths for each known subelement */
	static const struct { uint8_t id; uint8_t lens[6]; } wrong[] = {
		{ 0x00, { 0, 2, 3, 0xff } },
		{ 0x01, { 0, 5, 7, 11, 36, 0xff } },
		{ 0x02, { 0, 2, 0xff } },
		{ 0x03, { 0, 2, 0xff } },
		{ 0x04, { 0, 2, 0xff } },
		{ 0x05, { 0, 1, 3, 0xff } },
		{ 0x06, { 0, 2, 0xff } },
	};
	for (size_t i = 0; i < ARRAY_LEN(wrong); i++) {
		for (size_t j = 0; j < 6 && wrong[i].lens[j] != 0xff; j++) {
			uint8_t s[64] = { wrong[i].id, wrong[i].lens[j] };
			h_ctx("WFA sub %u len %u", wrong[i].id, wrong[i].lens[j]);
			wfa_msg(&m, s, 2u + wrong[i].lens[j]);
			bad = 0;
			CHECK_ERR(parse_exact(m.b, m.len, &p, &bad),
				  WSC_ERR_BAD_LENGTH);
			CHECK_INT(bad, ATTR_VENDOR_EXT);
		}
	}
	/* AuthorizedMACs: 1..5 addresses */
	for (uint8_t k = 1; k <= 5; k++) {
		uint8_t s[64] = { 0x01, (uint8_t)(6 * k) };
		h_ctx("AuthorizedMACs x%u", k);
		wfa_msg(&m, s, 2u + 6u * k);
		CHECK_ERR(parse_exact(m.b, m.len, &p, NULL), 0);
		CHECK_INT(p.wfa[WSC_WFA_AUTHORIZED_MACS].len, 6 * k);
	}
	/* duplicated subelement */
	for (uint8_t id = 0; id < WSC_WFA_COUNT; id++) {
		uint8_t len = id == 0x01 ? 6 : id == 0x05 ? 2 : 1;
		uint8_t s[32] = { 0 };
		size_t o = 0;
		for (int k = 0; k < 2; k++) {
			s[o++] = id;
			s[o++] = len;
			o += len;
		}
		h_ctx("WFA sub %u twice", id);
		wfa_msg(&m, s, o);
		bad = 0;
		CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_DUPLICATE);
		CHECK_INT(bad, ATTR_VENDOR_EXT);
	}
	/* two WFA vendor extensions */
	h_ctx("two WFA extensions");
	wfa_msg(&m, (const uint8_t *)"\x00\x01\x20", 3);
	put(&m, ATTR_VENDOR_EXT, "\x00\x37\x2a\x03\x01\x01", 6);
	bad = 0;
	CHECK_ERR(parse_exact(m.b, m.len, &p, &bad), WSC_ERR_DUPLICATE);
	CHECK_INT(bad, ATTR_VENDOR_EXT);
	/* a foreign extension first, then the WFA one */
	h_ctx("foreign then WFA");
	m.len = 0;
	put(&m, ATTR_VENDOR_EXT, "\x00\x10\x18\xff", 4);
	put(&m, ATTR_VENDOR_EXT, "\x00\x37\x2a\x00\x01\x20", 6);
	CHECK_ERR(parse_exact(m.b, m.len, &p, NULL), 0);
	CHECK(p.wfa[WSC_WFA_VERSION2].p && p.wfa[WSC_WFA_VERSION2].p[0] == 0x20);
	h_ctx(NULL);
}

static void test_unknown(void)
{
	msg m;
	wsc_parsed p;

	header(&m, WSC_MSG_M1);
	put(&m, 0x0000, NULL, 0);
	put(&m, 0x1000, zeros, 7);
	put(&m, 0x1fff, zeros, 300);
	put(&m, 0x1fff, zeros, 1);   /* unknown may repeat */
	put(&m, 0x1013, zeros, 2);   /* a gap in the 0x10xx range */
	put(&m, 0xffff, zeros, 0);
	put(&m, ATTR_ENROLLEE_NONCE, "0123456789abcdef", 16);
	h_ctx("unknown attributes");
	CHECK_ERR(parse_exact(m.b, m.len, &p, NULL), 0);
	CHECK_INT(p.nunknown, 6);
	CHECK(p.a[WSC_A_ENROLLEE_NONCE].p &&
	      !memcmp(p.a[WSC_A_ENROLLEE_NONCE].p, "0123456789abcdef", 16));
	CHECK_INT(pv_u8(&p, WSC_A_MSG_TYPE), WSC_MSG_M1);
	h_ctx(NULL);
}

/* ---- wsc_dump */

static void test_dump(void)
{
	static char out[16384];
	msg m;
	size_t n;

	header(&m, WSC_MSG_M8);
	put(&m, ATTR_SSID, "my\"net\x01", 7);
	put(&m, ATTR_NETWORK_KEY, "secretpassphrase", 16);
	put(&m, ATTR_E_SNONCE1, "\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8"
				"\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0", 16);
	put(&m, ATTR_R_SNONCE2, "\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8"
				"\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0", 16);
	put(&m, ATTR_CRED, "\x10\x27\x00\x08topsecret", 12);
	put(&m, ATTR_OOB_DEV_PASSWORD, "oob-password-secret-012", 23);
	put(&m, ATTR_CONFIG_ERROR, "\x00\x12", 2);
	put(&m, 0x1fff, "\xab\xcd", 2);

	h_ctx("dump without secrets");
	CHECK_ERR(wsc_dump(m.b, m.len, false, out, sizeof(out)), 0);
	CHECK(strstr(out, "[hidden]") != NULL);
	CHECK(strstr(out, "secretpass") == NULL);
	CHECK(strstr(out, "73656372657470617373") == NULL); /* its hex */
	CHECK(strstr(out, "c1c2c3c4") == NULL);
	CHECK(strstr(out, "d1d2d3d4") == NULL);
	CHECK(strstr(out, "topsecret") == NULL);
	CHECK(strstr(out, "746f70736563726574") == NULL);
	CHECK(strstr(out, "oob-password") == NULL);
	CHECK(strstr(out, "6f6f622d") == NULL);
	CHECK(strstr(out, "M8") != NULL);
	CHECK(strstr(out, "my\\x22net\\x01") != NULL); /* escaped string */
	CHECK(strstr(out, "0x0012") != NULL);
	CHECK(strstr(out, "(unknown)") != NULL && strstr(out, "abcd") != NULL);
	size_t lines = 0;
	for (const char *c = out; *c; c++)
		lines += *c == '\n';
	CHECK_INT(lines, 10);

	h_ctx("dump with secrets");
	CHECK_ERR(wsc_dump(m.b, m.len, true, out, sizeof(out)), 0);
	CHECK(strstr(out, "[hidden]") == NULL);
	CHECK(strstr(out, "73656372657470617373") != NULL);
	CHECK(strstr(out, "c1c2c3c4") != NULL);
	CHECK(strstr(out, "d1d2d3d4") != NULL);

	/* every message of the real run dumps; its nonces are not secret */
	for (size_t i = 0; i < ARRAY_LEN(run_msgs); i++) {
		const uint8_t *p = vec(run_msgs[i], &n);
		h_ctx("dump %s", run_msgs[i]);
		CHECK_ERR(wsc_dump(p, n, false, out, sizeof(out)), 0);
		CHECK(strstr(out, "Message Type") != NULL);
	}

	/* errors: lines before the error are kept */
	h_ctx("dump errors");
	header(&m, WSC_MSG_M1);
	put(&m, ATTR_MAC_ADDR, zeros, 5);
	CHECK_ERR(wsc_dump(m.b, m.len, false, out, sizeof(out)),
		  WSC_ERR_BAD_LENGTH);
	CHECK(strstr(out, "Version") != NULL && strstr(out, "BAD LENGTH"));
	header(&m, WSC_MSG_M1);
	put_raw(&m, "\x10\x20\x00\x06\x01", 5);
	CHECK_ERR(wsc_dump(m.b, m.len, false, out, sizeof(out)),
		  WSC_ERR_TRUNCATED);
	CHECK(strstr(out, "Version") != NULL);
	header(&m, WSC_MSG_M1);
	put_raw(&m, "\x10", 1);
	CHECK_ERR(wsc_dump(m.b, m.len, false, out, sizeof(out)),
		  WSC_ERR_TRUNCATED);
	CHECK_ERR(wsc_dump(m.b, m.len, false, NULL, 10), WSC_ERR_INVAL);
	CHECK_ERR(wsc_dump(m.b, m.len, false, out, 0), WSC_ERR_INVAL);

	/* tiny output buffers: truncated, terminated, nothing written past
	 * cap */
	const uint8_t *m1 = vec("m1", &n);
	for (size_t cap = 1; cap < 400; cap += (cap < 40 ? 1 : 37)) {
		char *o = malloc(cap + 8);
		memset(o, 0x7f, cap + 8);
		h_ctx("dump cap %zu", cap);
		CHECK_ERR(wsc_dump(m1, n, false, o, cap), 0);
		CHECK(memchr(o, '\0', cap) != NULL);
		CHECK(o[cap] == 0x7f && o[cap + 7] == 0x7f);
		free(o);
	}
	h_ctx(NULL);
}

/* ---- bounds: every prefix, and random mutations */

static bool is_codec_error(int r)
{
	return r == 0 || r == WSC_ERR_TRUNCATED || r == WSC_ERR_BAD_LENGTH ||
	       r == WSC_ERR_DUPLICATE;
}

static void test_prefixes(void)
{
	static char out[8192];
	wsc_parsed p;
	size_t n;

	for (size_t i = 0; i < ARRAY_LEN(run_msgs); i++) {
		const uint8_t *m = vec(run_msgs[i], &n);
		/* attribute boundaries of the message */
		bool boundary[4096] = { false };
		for (size_t off = 0; off <= n;) {
			boundary[off] = true;
			if (off + 4 > n)
				break;
			off += 4 + get_be16(m + off + 2);
		}
		for (size_t len = 0; len <= n; len++) {
			uint8_t *copy = malloc(len ? len : 1);
			memcpy(copy, m, len);
			h_ctx("%s prefix %zu/%zu", run_msgs[i], len, n);
			int r = wsc_parse(copy, len, &p, NULL);
			CHECK_ERR(r, boundary[len] ? 0 : WSC_ERR_TRUNCATED);
			r = wsc_dump(copy, len, true, out, sizeof(out));
			CHECK_ERR(r, boundary[len] ? 0 : WSC_ERR_TRUNCATED);
			free(copy);
		}
	}
	h_ctx(NULL);
}

static uint32_t rnd(det_rng *r, uint32_t below)
{
	uint8_t b[4];
	det_random(r, b, 4);
	return below ? get_be32(b) % below : 0;
}

static void test_fuzz(void)
{
	static char out[4096];
	det_rng r;
	wsc_parsed p;
	uint8_t work[4096];
	unsigned outcomes[4] = { 0 };
	const uint8_t *base[ARRAY_LEN(run_msgs) + 2];
	size_t base_len[ARRAY_LEN(run_msgs) + 2];

	for (size_t i = 0; i < ARRAY_LEN(run_msgs); i++)
		base[i] = vec(run_msgs[i], &base_len[i]);
	base[ARRAY_LEN(run_msgs)] = vec("credential", &base_len[ARRAY_LEN(run_msgs)]);
	base[ARRAY_LEN(run_msgs) + 1] = vec("m8_plaintext_padded",
					    &base_len[ARRAY_LEN(run_msgs) + 1]);
	det_rng_init(&r, "codec fuzz");
	for (int it = 0; it < 20000; it++) {
		size_t k = rnd(&r, ARRAY_LEN(base));
		size_t len = base_len[k];
		memcpy(work, base[k], len);
		unsigned muts = 1 + rnd(&r, 4);
		for (unsigned j = 0; j < muts && len; j++) {
			size_t at = rnd(&r, (uint32_t)len);
			switch (rnd(&r, 7)) {
			case 0: /* flip a bit */
				work[at] ^= (uint8_t)(1u << rnd(&r, 8));
				break;
			case 1: /* random byte */
				work[at] = (uint8_t)rnd(&r, 256);
				break;
			case 2: /* truncate */
				len = at;
				break;
			case 3: { /* delete a run */
				size_t n = 1 + rnd(&r, 16);
				if (at + n > len)
					n = len - at;
				memmove(work + at, work + at + n, len - at - n);
				len -= n;
				break;
			}
			case 4: { /* insert random bytes */
				size_t n = 1 + rnd(&r, 16);
				if (len + n > sizeof(work))
					break;
				memmove(work + at + n, work + at, len - at);
				for (size_t q = 0; q < n; q++)
					work[at + q] = (uint8_t)rnd(&r, 256);
				len += n;
				break;
			}
			case 5: { /* duplicate a chunk (repeats attributes) */
				size_t n = 1 + rnd(&r, 64);
				if (at + n > len)
					n = len - at;
				if (len + n > sizeof(work))
					break;
				memmove(work + at + n, work + at, len - at);
				len += n;
				break;
			}
			default: /* rewrite a 16-bit field (often a length) */
				if (at + 2 <= len)
					put_be16(work + at, (uint16_t)rnd(&r, 0x10000));
				break;
			}
		}
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, work, len);
		uint16_t bad;
		int res = wsc_parse(copy, len, &p, &bad);
		h_ctx("fuzz iteration %d", it);
		if (!is_codec_error(res))
			CHECK_ERR(res, 0);
		outcomes[res == 0 ? 0 : res == WSC_ERR_TRUNCATED ? 1 :
			 res == WSC_ERR_BAD_LENGTH ? 2 : 3]++;
		if (res == 0) {
			for (int i = 0; i < WSC_A_COUNT; i++)
				if (p.a[i].p && (p.a[i].p < copy ||
						 p.a[i].p + p.a[i].len > copy + len))
					CHECK_MSG(false, "view %d out of bounds", i);
			for (size_t i = 0; i < p.ncred; i++)
				if (p.cred[i].p < copy ||
				    p.cred[i].p + p.cred[i].len > copy + len)
					CHECK_MSG(false, "cred %zu out of bounds", i);
			CHECK(p.ncred <= WSC_MAX_CREDS);
		}
		wsc_dump(copy, len, it & 1, out, 1 + rnd(&r, sizeof(out)));
		free(copy);
	}
	h_ctx(NULL);
	/* the mutations reach every outcome */
	CHECK(outcomes[0] > 100 && outcomes[1] > 100 && outcomes[2] > 100 &&
	      outcomes[3] > 10);
	printf("fuzz: %u parsed, %u truncated, %u bad length, %u duplicate\n",
	       outcomes[0], outcomes[1], outcomes[2], outcomes[3]);
}

int main(void)
{
	if (!vec_load())
		return h_summary("codec");
	test_table();
	test_good_messages();
	test_builder_roundtrip();
	test_truncation();
	test_fixed_lengths();
	test_duplicates();
	test_credentials();
	test_wfa_ext();
	test_unknown();
	test_dump();
	test_prefixes();
	test_fuzz();
	return h_summary("codec");
}
