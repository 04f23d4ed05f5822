/* Credentials (network settings), device defaults and UUIDs. */
#include <stdio.h>

#include "internal.h"

static bool is_hex(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

int wsc_cred_check(const wsc_cred *c)
{
	if (!c || c->ssid_len == 0 || c->ssid_len > 32 || c->key_len > 64)
		return WSC_ERR_BAD_CRED;
	if (c->encr_type & WSC_ENCR_WEP || c->auth_type & WSC_AUTH_SHARED)
		return WSC_ERR_BAD_CRED;
	if (c->auth_type == WSC_AUTH_OPEN) {
		return c->encr_type == WSC_ENCR_NONE && c->key_len == 0 ?
			       0 : WSC_ERR_BAD_CRED;
	}
	if (!(c->auth_type & (WSC_AUTH_WPA2PSK | WSC_AUTH_WPAPSK)) ||
	    c->auth_type & ~(WSC_AUTH_WPA2PSK | WSC_AUTH_WPAPSK))
		return WSC_ERR_BAD_CRED;
	if (!(c->encr_type & WSC_ENCR_AES)) /* TKIP-only is forbidden */
		return WSC_ERR_BAD_CRED;
	if (c->key_len == 64) {
		for (int i = 0; i < 64; i++)
			if (!is_hex(c->key[i]))
				return WSC_ERR_BAD_CRED;
		return 0;
	}
	if (c->key_len < 8 || c->key_len > 63)
		return WSC_ERR_BAD_CRED;
	for (int i = 0; i < c->key_len; i++)
		if (c->key[i] < 0x20 || c->key[i] > 0x7e)
			return WSC_ERR_BAD_CRED;
	return 0;
}

int wsc_cred_pmk(const wsc_env *in, const wsc_cred *c, uint8_t pmk[32])
{
	const wsc_crypto *cr;
	wsc_env env;
	size_t n;
	int err;

	if (!c || !pmk)
		return WSC_ERR_INVAL;
	err = env_resolve(&env, in);
	if (err)
		return err;
	if (c->ssid_len == 0 || c->ssid_len > 32)
		return WSC_ERR_BAD_CRED;
	if (c->key_len == 64) {
		if (!wsc_hex_decode((const char *)c->key, 64, pmk, 32, &n))
			return 0;
		wsc_wipe(pmk, 32);
		return WSC_ERR_BAD_CRED;
	}
	if (c->key_len < 8 || c->key_len > 63)
		return WSC_ERR_BAD_CRED;
	cr = env.crypto;
	if (!cr->pbkdf2_sha1)
		return WSC_ERR_UNSUPPORTED;
	if (cr->pbkdf2_sha1(cr->ctx, c->key, c->key_len, c->ssid, c->ssid_len,
			    4096, pmk, 32)) {
		wsc_wipe(pmk, 32);
		return WSC_ERR_CRYPTO;
	}
	return 0;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int wsc_cred_generate(const wsc_env *in, wsc_cred *c)
{
	wsc_env env;
	wsc_cred t;
	uint8_t r[18];
	int err;

	if (!c)
		return WSC_ERR_INVAL;
	err = env_resolve(&env, in);
	err = err ? err : env_random(&env, r, sizeof(r));
	if (err)
		return err;
	t = *c; /* *c changes only when everything was made */
	/* 22 characters of base64 over 16 random bytes: 128 bits */
	for (int i = 0; i < 22; i++) {
		int bit = i * 6, byte = bit / 8, sh = bit % 8;
		unsigned w = (unsigned)r[byte] << 8 | r[byte + 1];
		t.key[i] = (uint8_t)b64[(w >> (10 - sh)) & 0x3f];
	}
	t.key_len = 22;
	t.auth_type = WSC_AUTH_WPA2PSK;
	t.encr_type = WSC_ENCR_AES;
	if (t.ssid_len == 0) {
		err = env_random(&env, r, 3);
		if (!err)
			t.ssid_len = (uint8_t)snprintf((char *)t.ssid,
							sizeof(t.ssid),
							"wsc-%02x%02x%02x",
							r[0], r[1], r[2]);
	}
	if (!err)
		*c = t;
	wsc_wipe(&t, sizeof(t));
	wsc_wipe(r, sizeof(r));
	return err;
}

const char *wsc_auth_name(uint16_t a)
{
	switch (a) {
	case WSC_AUTH_OPEN: return "OPEN";
	case WSC_AUTH_WPAPSK: return "WPAPSK";
	case WSC_AUTH_SHARED: return "SHARED";
	case WSC_AUTH_WPA: return "WPA";
	case WSC_AUTH_WPA2: return "WPA2";
	case WSC_AUTH_WPA2PSK: return "WPA2PSK";
	case WSC_AUTH_WPA2PSK | WSC_AUTH_WPAPSK: return "WPAPSK+WPA2PSK";
	default: return "unknown";
	}
}

const char *wsc_encr_name(uint16_t e)
{
	switch (e) {
	case WSC_ENCR_NONE: return "NONE";
	case WSC_ENCR_WEP: return "WEP";
	case WSC_ENCR_TKIP: return "TKIP";
	case WSC_ENCR_AES: return "CCMP";
	case WSC_ENCR_AES | WSC_ENCR_TKIP: return "CCMP+TKIP";
	default: return "unknown";
	}
}

void wsc_device_defaults(wsc_device *d, bool ap, const uint8_t mac[6])
{
	/* A fixed name-space prefix plus the MAC, version 1 layout: stable
	 * across restarts for the same interface. */
	static const uint8_t prefix[10] = { 0x77, 0x73, 0x63, 0x2d, 0x75,
					    0x75, 0x10, 0x01, 0x80, 0x00 };
	memset(d, 0, sizeof(*d));
	memcpy(d->uuid, prefix, sizeof(prefix));
	memcpy(d->uuid + 10, mac, 6);
	memcpy(d->mac, mac, 6);
	snprintf(d->device_name, sizeof(d->device_name), "%s",
		 ap ? "wsc AP" : "wsc station");
	snprintf(d->manufacturer, sizeof(d->manufacturer), "wsc");
	snprintf(d->model_name, sizeof(d->model_name), "wsc");
	snprintf(d->model_number, sizeof(d->model_number), "1");
	snprintf(d->serial_number, sizeof(d->serial_number), "1");
	static const uint8_t oui[4] = { 0x00, 0x50, 0xf2, 0x04 };
	d->dev_type[1] = ap ? 6 : 1;
	memcpy(d->dev_type + 2, oui, 4);
	d->dev_type[7] = 1;
	d->os_version = 0x80000000;
	d->config_methods = WSC_CM_DISPLAY | WSC_CM_KEYPAD |
			    WSC_CM_VIRT_PUSHBUTTON;
	if (ap)
		d->config_methods = WSC_CM_LABEL | WSC_CM_DISPLAY |
				    WSC_CM_VIRT_PUSHBUTTON;
	d->rf_bands = 1;
}

int wsc_uuid_parse(const char *s, uint8_t out[16])
{
	static const int dash[] = { 8, 13, 18, 23 };
	uint8_t u[16];
	int o = 0;

	if (!s || !out || strlen(s) != 36)
		return WSC_ERR_INVAL;
	for (int i = 0; i < 36;) {
		if (i == dash[0] || i == dash[1] || i == dash[2] ||
		    i == dash[3]) {
			if (s[i++] != '-')
				return WSC_ERR_INVAL;
			continue;
		}
		int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
		if (hi < 0 || lo < 0)
			return WSC_ERR_INVAL;
		u[o++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	memcpy(out, u, sizeof(u)); /* out changes only when s is good */
	return 0;
}

void wsc_uuid_format(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}
