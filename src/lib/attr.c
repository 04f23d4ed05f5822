/*
 * Attribute codec. One table of attribute types drives parsing, length
 * validation and printing; the builder helpers write TLVs into a wbuf.
 */
#include <stdio.h>

#include "internal.h"

enum {
	F_MULTI = 1,  /* may occur more than once */
	F_SECRET = 2, /* never printed unless asked */
	F_STR = 4,    /* printable string */
	F_MUL8 = 8,   /* length a multiple of 8 */
	F_MUL16 = 16  /* length a multiple of 16 */
};

struct attr_rule {
	uint16_t type;
	uint8_t id;
	uint8_t flags;
	uint16_t min, max;
	const char *name;
};

#define R(t, id, mn, mx, fl, nm) { t, id, fl, mn, mx, nm }
static const struct attr_rule rules[] = {
	R(ATTR_AP_CHANNEL, WSC_A_AP_CHANNEL, 2, 2, 0, "AP Channel"),
	R(ATTR_ASSOC_STATE, WSC_A_ASSOC_STATE, 2, 2, 0, "Association State"),
	R(ATTR_AUTH_TYPE, WSC_A_AUTH_TYPE, 2, 2, 0, "Authentication Type"),
	R(ATTR_AUTH_TYPE_FLAGS, WSC_A_AUTH_TYPE_FLAGS, 2, 2, 0,
	  "Authentication Type Flags"),
	R(ATTR_AUTHENTICATOR, WSC_A_AUTHENTICATOR, 8, 8, 0, "Authenticator"),
	R(ATTR_CONFIG_METHODS, WSC_A_CONFIG_METHODS, 2, 2, 0,
	  "Config Methods"),
	R(ATTR_CONFIG_ERROR, WSC_A_CONFIG_ERROR, 2, 2, 0,
	  "Configuration Error"),
	R(ATTR_CONN_TYPE_FLAGS, WSC_A_CONN_TYPE_FLAGS, 1, 1, 0,
	  "Connection Type Flags"),
	R(ATTR_CRED, WSC_A_CREDENTIAL, 1, 0xffff, F_MULTI | F_SECRET,
	  "Credential"),
	R(ATTR_ENCR_TYPE, WSC_A_ENCR_TYPE, 2, 2, 0, "Encryption Type"),
	R(ATTR_ENCR_TYPE_FLAGS, WSC_A_ENCR_TYPE_FLAGS, 2, 2, 0,
	  "Encryption Type Flags"),
	R(ATTR_DEV_NAME, WSC_A_DEVICE_NAME, 0, 32, F_STR, "Device Name"),
	R(ATTR_DEV_PASSWORD_ID, WSC_A_DEV_PASSWORD_ID, 2, 2, 0,
	  "Device Password ID"),
	R(ATTR_E_HASH1, WSC_A_E_HASH1, 32, 32, 0, "E-Hash1"),
	R(ATTR_E_HASH2, WSC_A_E_HASH2, 32, 32, 0, "E-Hash2"),
	R(ATTR_E_SNONCE1, WSC_A_E_SNONCE1, 16, 16, F_SECRET, "E-SNonce1"),
	R(ATTR_E_SNONCE2, WSC_A_E_SNONCE2, 16, 16, F_SECRET, "E-SNonce2"),
	R(ATTR_ENCR_SETTINGS, WSC_A_ENCR_SETTINGS, 32, 0xfff0, F_MUL16,
	  "Encrypted Settings"),
	R(ATTR_ENROLLEE_NONCE, WSC_A_ENROLLEE_NONCE, 16, 16, 0,
	  "Enrollee Nonce"),
	R(ATTR_KEY_WRAP_AUTH, WSC_A_KEY_WRAP_AUTH, 8, 8, 0,
	  "Key Wrap Authenticator"),
	R(ATTR_MAC_ADDR, WSC_A_MAC_ADDR, 6, 6, 0, "MAC Address"),
	R(ATTR_MANUFACTURER, WSC_A_MANUFACTURER, 0, 64, F_STR,
	  "Manufacturer"),
	R(ATTR_MSG_TYPE, WSC_A_MSG_TYPE, 1, 1, 0, "Message Type"),
	R(ATTR_MODEL_NAME, WSC_A_MODEL_NAME, 0, 32, F_STR, "Model Name"),
	R(ATTR_MODEL_NUMBER, WSC_A_MODEL_NUMBER, 0, 32, F_STR,
	  "Model Number"),
	R(ATTR_NETWORK_INDEX, WSC_A_NETWORK_INDEX, 1, 1, 0, "Network Index"),
	R(ATTR_NETWORK_KEY, WSC_A_NETWORK_KEY, 0, 64, F_SECRET,
	  "Network Key"),
	R(ATTR_NETWORK_KEY_INDEX, WSC_A_NETWORK_KEY_INDEX, 1, 1, 0,
	  "Network Key Index"),
	R(ATTR_OOB_DEV_PASSWORD, WSC_A_OOB_DEV_PASSWORD, 22, 54, F_SECRET,
	  "OOB Device Password"),
	R(ATTR_OS_VERSION, WSC_A_OS_VERSION, 4, 4, 0, "OS Version"),
	/* 192 on the wire; shorter keys (missing left padding) are padded */
	R(ATTR_PUBLIC_KEY, WSC_A_PUBLIC_KEY, 1, 192, 0, "Public Key"),
	R(ATTR_REGISTRAR_NONCE, WSC_A_REGISTRAR_NONCE, 16, 16, 0,
	  "Registrar Nonce"),
	R(ATTR_REQUEST_TYPE, WSC_A_REQUEST_TYPE, 1, 1, 0, "Request Type"),
	R(ATTR_RESPONSE_TYPE, WSC_A_RESPONSE_TYPE, 1, 1, 0, "Response Type"),
	R(ATTR_RF_BANDS, WSC_A_RF_BANDS, 1, 1, 0, "RF Bands"),
	R(ATTR_R_HASH1, WSC_A_R_HASH1, 32, 32, 0, "R-Hash1"),
	R(ATTR_R_HASH2, WSC_A_R_HASH2, 32, 32, 0, "R-Hash2"),
	R(ATTR_R_SNONCE1, WSC_A_R_SNONCE1, 16, 16, F_SECRET, "R-SNonce1"),
	R(ATTR_R_SNONCE2, WSC_A_R_SNONCE2, 16, 16, F_SECRET, "R-SNonce2"),
	R(ATTR_SELECTED_REGISTRAR, WSC_A_SELECTED_REGISTRAR, 1, 1, 0,
	  "Selected Registrar"),
	R(ATTR_SERIAL_NUMBER, WSC_A_SERIAL_NUMBER, 0, 32, F_STR,
	  "Serial Number"),
	R(ATTR_WPS_STATE, WSC_A_WPS_STATE, 1, 1, 0, "Wi-Fi Protected Setup State"),
	R(ATTR_SSID, WSC_A_SSID, 0, 32, F_STR, "SSID"),
	R(ATTR_UUID_E, WSC_A_UUID_E, 16, 16, 0, "UUID-E"),
	R(ATTR_UUID_R, WSC_A_UUID_R, 16, 16, 0, "UUID-R"),
	R(ATTR_VENDOR_EXT, WSC_A_VENDOR_EXT, 3, 1024, F_MULTI,
	  "Vendor Extension"),
	R(ATTR_VERSION, WSC_A_VERSION, 1, 1, 0, "Version"),
	R(ATTR_PUBKEY_HASH, WSC_A_PUBKEY_HASH, 20, 20, 0, "Public Key Hash"),
	R(ATTR_SEL_REG_CONFIG_METHODS, WSC_A_SEL_REG_CONFIG_METHODS, 2, 2, 0,
	  "Selected Registrar Config Methods"),
	R(ATTR_PRIMARY_DEV_TYPE, WSC_A_PRIMARY_DEV_TYPE, 8, 8, 0,
	  "Primary Device Type"),
	R(ATTR_SECONDARY_DEV_TYPE_LIST, WSC_A_SECONDARY_DEV_TYPE_LIST, 8, 128,
	  F_MUL8, "Secondary Device Type List"),
	R(ATTR_AP_SETUP_LOCKED, WSC_A_AP_SETUP_LOCKED, 1, 1, 0,
	  "AP Setup Locked"),
	R(ATTR_APP_EXT, WSC_A_APP_EXT, 16, 512, F_MULTI,
	  "Application Extension"),
	R(ATTR_REQ_DEV_TYPE, WSC_A_REQ_DEV_TYPE, 8, 8, F_MULTI,
	  "Requested Device Type"),
};

struct sub_rule {
	uint8_t min, max, mul;
	const char *name;
};
static const struct sub_rule wfa_rules[WSC_WFA_COUNT] = {
	[WSC_WFA_VERSION2] = { 1, 1, 1, "Version2" },
	[WSC_WFA_AUTHORIZED_MACS] = { 6, 30, 6, "AuthorizedMACs" },
	[WSC_WFA_NETWORK_KEY_SHAREABLE] = { 1, 1, 1, "Network Key Shareable" },
	[WSC_WFA_REQUEST_TO_ENROLL] = { 1, 1, 1, "Request to Enroll" },
	[WSC_WFA_SETTINGS_DELAY_TIME] = { 1, 1, 1, "Settings Delay Time" },
	[WSC_WFA_REG_CONFIG_METHODS] = { 2, 2, 1,
					  "Registrar Configuration Methods" },
	[WSC_WFA_MULTI_AP] = { 1, 1, 1, "Multi-AP" },
};

static const uint8_t wfa_oui[3] = { 0x00, 0x37, 0x2a };

static const struct attr_rule *rule_of(uint16_t type)
{
	size_t lo = 0, hi = ARRAY_LEN(rules);

	while (lo < hi) { /* the table is sorted by type */
		size_t mid = (lo + hi) / 2;
		if (rules[mid].type == type)
			return &rules[mid];
		if (rules[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *wsc_attr_name(uint16_t type)
{
	const struct attr_rule *r = rule_of(type);
	return r ? r->name : NULL;
}

uint16_t wsc_attr_type(enum wsc_attr_id id)
{
	for (size_t i = 0; i < ARRAY_LEN(rules); i++)
		if (rules[i].id == id)
			return rules[i].type;
	return 0;
}

static bool len_ok(const struct attr_rule *r, size_t len)
{
	if (len < r->min || len > r->max)
		return false;
	if ((r->flags & F_MUL8) && len % 8)
		return false;
	if ((r->flags & F_MUL16) && len % 16)
		return false;
	return true;
}

static int parse_wfa(const uint8_t *p, size_t len, wsc_parsed *out)
{
	size_t off = 0;

	while (off < len) {
		if (len - off < 2)
			return WSC_ERR_TRUNCATED;
		uint8_t id = p[off], sl = p[off + 1];
		off += 2;
		if (sl > len - off)
			return WSC_ERR_TRUNCATED;
		if (id < WSC_WFA_COUNT) {
			const struct sub_rule *r = &wfa_rules[id];
			if (sl < r->min || sl > r->max || sl % r->mul)
				return WSC_ERR_BAD_LENGTH;
			if (out->wfa[id].p)
				return WSC_ERR_DUPLICATE;
			out->wfa[id].p = p + off;
			out->wfa[id].len = sl;
		}
		off += sl;
	}
	return 0;
}

int wsc_parse(const uint8_t *buf, size_t len, wsc_parsed *out,
	      uint16_t *bad_type)
{
	size_t off = 0;
	bool seen_wfa = false;

	memset(out, 0, sizeof(*out));
	if (!buf && len)
		return WSC_ERR_INVAL;
	while (off < len) {
		if (len - off < 4) {
			if (bad_type)
				*bad_type = 0;
			return WSC_ERR_TRUNCATED;
		}
		uint16_t type = get_be16(buf + off);
		uint16_t alen = get_be16(buf + off + 2);
		const uint8_t *val = buf + off + 4;
		int err = 0;

		if (bad_type)
			*bad_type = type;
		off += 4;
		if (alen > len - off)
			return WSC_ERR_TRUNCATED;
		off += alen;

		const struct attr_rule *r = rule_of(type);
		if (!r) {
			out->nunknown++;
			continue;
		}
		if (!len_ok(r, alen))
			return WSC_ERR_BAD_LENGTH;
		if (type == ATTR_CRED) {
			if (out->ncred == WSC_MAX_CREDS)
				return WSC_ERR_DUPLICATE;
			out->cred[out->ncred].p = val;
			out->cred[out->ncred++].len = alen;
		} else if (type == ATTR_VENDOR_EXT && !memcmp(val, wfa_oui, 3)) {
			if (seen_wfa)
				return WSC_ERR_DUPLICATE;
			seen_wfa = true;
			err = parse_wfa(val + 3, alen - 3u, out);
			if (err)
				return err;
		} else if (out->a[r->id].p && !(r->flags & F_MULTI)) {
			return WSC_ERR_DUPLICATE;
		}
		if (!out->a[r->id].p) {
			out->a[r->id].p = val;
			out->a[r->id].len = alen;
		}
	}
	if (out->a[WSC_A_CREDENTIAL].p == NULL && out->ncred)
		out->a[WSC_A_CREDENTIAL] = out->cred[0];
	return 0;
}

const char *wsc_msg_name(int t)
{
	static const char *const names[] = {
		[WSC_MSG_BEACON] = "Beacon", [WSC_MSG_PROBE_REQ] = "Probe Request",
		[WSC_MSG_PROBE_RESP] = "Probe Response", [WSC_MSG_M1] = "M1",
		[WSC_MSG_M2] = "M2", [WSC_MSG_M2D] = "M2D", [WSC_MSG_M3] = "M3",
		[WSC_MSG_M4] = "M4", [WSC_MSG_M5] = "M5", [WSC_MSG_M6] = "M6",
		[WSC_MSG_M7] = "M7", [WSC_MSG_M8] = "M8",
		[WSC_MSG_ACK] = "WSC_ACK", [WSC_MSG_NACK] = "WSC_NACK",
		[WSC_MSG_DONE] = "WSC_Done",
	};
	if (t <= 0 || (size_t)t >= ARRAY_LEN(names) || !names[t])
		return "unknown";
	return names[t];
}

static void append(char *out, size_t cap, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char *out, size_t cap, size_t *used, const char *fmt, ...)
{
	va_list ap;
	if (*used >= cap)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(out + *used, cap - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n < cap - *used ? (size_t)n : cap - *used - 1;
}

static void dump_value(const struct attr_rule *r, const uint8_t *v,
		       uint16_t len, bool secrets, char *out, size_t cap,
		       size_t *used)
{
	if (r && (r->flags & F_SECRET) && !secrets) {
		append(out, cap, used, "[hidden]");
		return;
	}
	if (r && (r->flags & F_STR)) {
		append(out, cap, used, "\"");
		for (uint16_t i = 0; i < len; i++)
			append(out, cap, used, v[i] >= 0x20 && v[i] < 0x7f &&
					       v[i] != '"' && v[i] != '\\' ?
					       "%c" : "\\x%02x", v[i]);
		append(out, cap, used, "\"");
		return;
	}
	if (r && r->type == ATTR_MSG_TYPE) {
		append(out, cap, used, "%s", wsc_msg_name(v[0]));
		return;
	}
	if (len <= 4 && len > 0 && r) {
		uint32_t x = 0;
		for (uint16_t i = 0; i < len; i++)
			x = x << 8 | v[i];
		append(out, cap, used, "0x%0*x", len * 2, x);
		return;
	}
	for (uint16_t i = 0; i < len && i < 48; i++)
		append(out, cap, used, "%02x", v[i]);
	if (len > 48)
		append(out, cap, used, "... (%u bytes)", len);
}

int wsc_dump(const uint8_t *buf, size_t len, bool secrets, char *out,
	     size_t cap)
{
	size_t off = 0, used = 0;

	if (!out || !cap)
		return WSC_ERR_INVAL;
	out[0] = '\0';
	while (off < len) {
		if (len - off < 4)
			return WSC_ERR_TRUNCATED;
		uint16_t type = get_be16(buf + off), alen = get_be16(buf + off + 2);
		if (alen > len - off - 4)
			return WSC_ERR_TRUNCATED;
		const struct attr_rule *r = rule_of(type);
		append(out, cap, &used, "  %04x %-26s len=%-3u ", type,
		       r ? r->name : "(unknown)", alen);
		if (r && !len_ok(r, alen)) {
			append(out, cap, &used, "BAD LENGTH\n");
			return WSC_ERR_BAD_LENGTH;
		}
		dump_value(r, buf + off + 4, alen, secrets, out, cap, &used);
		append(out, cap, &used, "\n");
		off += 4u + alen;
	}
	return 0;
}

/* ---- builder */

uint8_t *wb_reserve(wbuf *b, size_t n)
{
	if (b->overflow || n > b->cap - b->len) {
		b->overflow = true;
		return NULL;
	}
	uint8_t *p = b->p + b->len;
	b->len += n;
	return p;
}

void wb_put(wbuf *b, const void *data, size_t n)
{
	uint8_t *p = wb_reserve(b, n);
	if (p && n)
		memcpy(p, data, n);
}

void wb_attr(wbuf *b, uint16_t type, const void *val, size_t n)
{
	uint8_t *p;

	if (n > 0xffff) {
		b->overflow = true;
		return;
	}
	p = wb_reserve(b, 4 + n);
	if (!p)
		return;
	put_be16(p, type);
	put_be16(p + 2, (uint16_t)n);
	if (n)
		memcpy(p + 4, val, n);
}

void wb_attr_u8(wbuf *b, uint16_t type, uint8_t v)
{
	wb_attr(b, type, &v, 1);
}

void wb_attr_u16(wbuf *b, uint16_t type, uint16_t v)
{
	uint8_t x[2];
	put_be16(x, v);
	wb_attr(b, type, x, 2);
}

void wb_attr_u32(wbuf *b, uint16_t type, uint32_t v)
{
	uint8_t x[4];
	put_be32(x, v);
	wb_attr(b, type, x, 4);
}

void wb_attr_str(wbuf *b, uint16_t type, const char *s)
{
	wb_attr(b, type, s, strlen(s));
}

void wb_wfa_ext(wbuf *b, const uint8_t *extra, size_t extra_len)
{
	uint8_t v[64];

	if (extra_len > sizeof(v) - 6) {
		b->overflow = true;
		return;
	}
	memcpy(v, wfa_oui, 3);
	v[3] = WSC_WFA_VERSION2;
	v[4] = 1;
	v[5] = WSC_VERSION2_BYTE;
	if (extra_len)
		memcpy(v + 6, extra, extra_len);
	wb_attr(b, ATTR_VENDOR_EXT, v, 6 + extra_len);
}
