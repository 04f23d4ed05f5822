/* PINs, credentials, devices and UUIDs. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "internal.h"

static void test_checksum(void)
{
	char pin[9];

	CHECK_INT(wsc_pin_checksum(1234567), 0);
	CHECK_INT(wsc_pin_checksum(0), 0);
	CHECK_INT(wsc_pin_checksum(4), 8); /* 00000048: 3*4 = 12 -> 8 */
	CHECK_INT(wsc_pin_checksum(1000000), 7); /* 3*1 -> 7 */
	/* check digit from the spec's weights, independently */
	for (unsigned v = 0; v < 10000000; v += 99991) {
		unsigned d[7], sum = 0;
		for (int i = 6, x = (int)v; i >= 0; i--, x /= 10)
			d[i] = (unsigned)x % 10;
		for (int i = 0; i < 7; i++)
			sum += d[i] * (i % 2 ? 1 : 3);
		h_ctx("checksum of %07u", v);
		CHECK_INT(wsc_pin_checksum(v), (10 - sum % 10) % 10);
	}
	h_ctx(NULL);

	CHECK_INT(wsc_pin_valid("12345670"), 0);
	CHECK_INT(wsc_pin_valid("00000000"), 0);
	/* every single-digit change of a valid PIN is caught */
	for (int pos = 0; pos < 8; pos++) {
		for (char c = '0'; c <= '9'; c++) {
			strcpy(pin, "12345670");
			if (pin[pos] == c)
				continue;
			pin[pos] = c;
			h_ctx("PIN %s", pin);
			CHECK_ERR(wsc_pin_valid(pin), WSC_ERR_BAD_PIN);
		}
	}
	h_ctx(NULL);
}

static void test_pin_syntax(void)
{
	static const char *const good[] = { "1234", "0000", "9999",
					    "12345670", "00000000" };
	static const char *const bad[] = {
		"", "1", "123", "12345", "123456", "1234567", "123456709",
		"1234567012345670", "1234567a", "a2345670", "abcd", "12a4",
		"1234-5670", "1234 5670", " 12345670", "12345670 ",
		"+1234567", "-1234567", "12345670\n", "\t1234", "１２３４",
		"12345671",
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		h_ctx("'%s'", good[i]);
		CHECK_INT(wsc_pin_valid(good[i]), 0);
	}
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		h_ctx("'%s'", bad[i]);
		CHECK_ERR(wsc_pin_valid(bad[i]), WSC_ERR_BAD_PIN);
	}
	h_ctx("NULL");
	CHECK_ERR(wsc_pin_valid(NULL), WSC_ERR_BAD_PIN);
	h_ctx(NULL);
}

static void test_pin_generate(void)
{
	det_rng r;
	wsc_env env;
	char pin[9], first[9];
	unsigned lead0 = 0, digit_seen[10] = { 0 };

	det_rng_init(&r, "pins");
	test_env(&env, &r, NULL);
	for (int i = 0; i < 2000; i++) {
		memset(pin, 'x', sizeof(pin));
		CHECK_INT(wsc_pin_generate(&env, pin), 0);
		h_ctx("generated %s", pin);
		CHECK_INT(strlen(pin), 8);
		CHECK_INT(wsc_pin_valid(pin), 0);
		lead0 += pin[0] == '0';
		for (int j = 0; j < 7; j++)
			digit_seen[pin[j] - '0']++;
		if (i == 0)
			strcpy(first, pin);
	}
	h_ctx(NULL);
	CHECK(lead0 > 100 && lead0 < 320); /* about 1 in 10 */
	for (int d = 0; d < 10; d++)
		CHECK(digit_seen[d] > 1000);
	/* same seed, same PINs */
	det_rng_init(&r, "pins");
	CHECK_INT(wsc_pin_generate(&env, pin), 0);
	CHECK_STR(pin, first);

	/* known values: 0 -> 00000000; values that would bias the modulo
	 * are drawn again */
	script_rng s;
	script_rng_init(&s, "x");
	script_rng_add(&s, (const uint8_t *)"\x00\x00\x00\x00", 4);
	script_rng_add(&s, (const uint8_t *)"\xff\xff\xff\xff", 4);
	script_rng_add(&s, (const uint8_t *)"\xff\xf1\x3d\x80", 4); /* 4294000000 */
	script_rng_add(&s, (const uint8_t *)"\x00\x12\xd6\x87", 4); /* 1234567 */
	env.random = script_random;
	env.random_ud = &s;
	CHECK_INT(wsc_pin_generate(&env, pin), 0);
	CHECK_STR(pin, "00000000");
	CHECK_INT(wsc_pin_generate(&env, pin), 0);
	CHECK_STR(pin, "12345670");
	CHECK_INT(s.next, 4);
	CHECK_INT(s.mismatches, 0);
}

static wsc_cred good_cred(void)
{
	wsc_cred c;
	memset(&c, 0, sizeof(c));
	memcpy(c.ssid, "home", 4);
	c.ssid_len = 4;
	c.auth_type = WSC_AUTH_WPA2PSK;
	c.encr_type = WSC_ENCR_AES;
	memcpy(c.key, "password123", 11);
	c.key_len = 11;
	return c;
}

static void set_key(wsc_cred *c, const char *k, size_t n)
{
	memset(c->key, 0, sizeof(c->key));
	memcpy(c->key, k, n);
	c->key_len = (uint8_t)n;
}

static void test_cred_check(void)
{
	wsc_cred c;
	char k[80];

	c = good_cred();
	CHECK_INT(wsc_cred_check(&c), 0);
	CHECK_ERR(wsc_cred_check(NULL), WSC_ERR_BAD_CRED);

	static const struct { uint16_t auth, encr; bool key; int want; } at[] = {
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_AES, true, 0 },
		{ WSC_AUTH_WPAPSK, WSC_ENCR_AES, true, 0 },
		{ WSC_AUTH_WPAPSK | WSC_AUTH_WPA2PSK, WSC_ENCR_AES | WSC_ENCR_TKIP,
		  true, 0 },
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_AES | WSC_ENCR_TKIP, true, 0 },
		{ WSC_AUTH_OPEN, WSC_ENCR_NONE, false, 0 },
		/* WEP in any form */
		{ WSC_AUTH_OPEN, WSC_ENCR_WEP, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_SHARED, WSC_ENCR_WEP, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_SHARED, WSC_ENCR_NONE, false, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_WEP, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_WEP | WSC_ENCR_AES, true,
		  WSC_ERR_BAD_CRED },
		{ WSC_AUTH_OPEN, WSC_ENCR_WEP, false, WSC_ERR_BAD_CRED },
		/* TKIP only */
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_TKIP, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_WPAPSK, WSC_ENCR_TKIP, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_WPAPSK | WSC_AUTH_WPA2PSK, WSC_ENCR_TKIP, true,
		  WSC_ERR_BAD_CRED },
		/* open with a key or a cipher; PSK without a cipher */
		{ WSC_AUTH_OPEN, WSC_ENCR_NONE, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_OPEN, WSC_ENCR_AES, false, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_WPA2PSK, WSC_ENCR_NONE, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_WPA2PSK, 0, true, WSC_ERR_BAD_CRED },
		/* enterprise and nonsense */
		{ WSC_AUTH_WPA2, WSC_ENCR_AES, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_WPA, WSC_ENCR_AES, true, WSC_ERR_BAD_CRED },
		{ WSC_AUTH_WPA2PSK | WSC_AUTH_WPA2, WSC_ENCR_AES, true,
		  WSC_ERR_BAD_CRED },
		{ 0, WSC_ENCR_AES, true, WSC_ERR_BAD_CRED },
		{ 0x0040, WSC_ENCR_AES, true, WSC_ERR_BAD_CRED },
	};
	for (size_t i = 0; i < ARRAY_LEN(at); i++) {
		c = good_cred();
		c.auth_type = at[i].auth;
		c.encr_type = at[i].encr;
		if (!at[i].key)
			set_key(&c, "", 0);
		h_ctx("auth %04x encr %04x key %d", at[i].auth, at[i].encr,
		      at[i].key);
		CHECK_ERR(wsc_cred_check(&c), at[i].want);
	}

	/* passphrase length and characters */
	for (size_t n = 0; n <= 64; n++) {
		c = good_cred();
		memset(k, 'a', n);
		set_key(&c, k, n);
		h_ctx("passphrase of %zu 'a'", n);
		/* 64 'a's are 64 hex digits: a PSK */
		CHECK_ERR(wsc_cred_check(&c), n >= 8 ? 0 : WSC_ERR_BAD_CRED);
	}
	c = good_cred();
	c.key_len = 65;
	h_ctx("key_len 65");
	CHECK_ERR(wsc_cred_check(&c), WSC_ERR_BAD_CRED);
	c.key_len = 255;
	CHECK_ERR(wsc_cred_check(&c), WSC_ERR_BAD_CRED);

	static const char *const ctl[] = { "pass\x01word", "password\n",
		"\tpassword", "pass\x7fword", "pass\x1bword", "passw\xc3\xb6rd",
		"password\r", "pass\0word" };
	static const size_t ctl_len[] = { 9, 9, 9, 9, 9, 9, 9, 9 };
	for (size_t i = 0; i < ARRAY_LEN(ctl); i++) {
		c = good_cred();
		set_key(&c, ctl[i], ctl_len[i]);
		h_ctx("control character %zu", i);
		CHECK_ERR(wsc_cred_check(&c), WSC_ERR_BAD_CRED);
	}
	c = good_cred();
	set_key(&c, " ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}", 33);
	h_ctx("printable punctuation");
	CHECK_INT(wsc_cred_check(&c), 0);

	/* 64 characters: hex only */
	c = good_cred();
	memset(k, '0', 64);
	memcpy(k, "0123456789abcdefABCDEF", 22);
	set_key(&c, k, 64);
	h_ctx("64 hex");
	CHECK_INT(wsc_cred_check(&c), 0);
	static const char nonhex[] = "gGzZ .x";
	for (size_t i = 0; i < strlen(nonhex); i++) {
		for (size_t pos = 0; pos < 64; pos += 63) {
			memset(k, 'f', 64);
			k[pos] = nonhex[i];
			set_key(&c, k, 64);
			h_ctx("64 chars with '%c' at %zu", nonhex[i], pos);
			CHECK_ERR(wsc_cred_check(&c), WSC_ERR_BAD_CRED);
		}
	}
	/* SSID length */
	c = good_cred();
	c.ssid_len = 0;
	h_ctx("SSID lengths");
	CHECK_ERR(wsc_cred_check(&c), WSC_ERR_BAD_CRED);
	c.ssid_len = 32;
	CHECK_INT(wsc_cred_check(&c), 0);
	c.ssid_len = 33;
	CHECK_ERR(wsc_cred_check(&c), WSC_ERR_BAD_CRED);
	h_ctx(NULL);
}

static bool b64char(uint8_t ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= '0' && ch <= '9') || ch == '+' || ch == '/';
}

static void test_cred_generate(void)
{
	det_rng r;
	wsc_env env;
	wsc_cred c, c2;

	det_rng_init(&r, "creds");
	test_env(&env, &r, NULL);
	for (int i = 0; i < 50; i++) {
		memset(&c, 0, sizeof(c));
		h_ctx("generated credential %d", i);
		CHECK_INT(wsc_cred_generate(&env, &c), 0);
		CHECK_INT(c.key_len, 22);
		for (int j = 0; j < 22; j++)
			CHECK(b64char(c.key[j]));
		CHECK_INT(c.auth_type, WSC_AUTH_WPA2PSK);
		CHECK_INT(c.encr_type, WSC_ENCR_AES);
		CHECK_INT(c.ssid_len, 10);
		CHECK(!memcmp(c.ssid, "wsc-", 4));
		for (int j = 4; j < 10; j++)
			CHECK((c.ssid[j] >= '0' && c.ssid[j] <= '9') ||
			      (c.ssid[j] >= 'a' && c.ssid[j] <= 'f'));
		CHECK_INT(wsc_cred_check(&c), 0);
		if (i == 0)
			c2 = c;
		else
			CHECK(memcmp(c.key, c2.key, 22) != 0);
	}
	/* an SSID already set is kept */
	memset(&c, 0, sizeof(c));
	memcpy(c.ssid, "my-home", 7);
	c.ssid_len = 7;
	h_ctx("generate with SSID");
	CHECK_INT(wsc_cred_generate(&env, &c), 0);
	CHECK(c.ssid_len == 7 && !memcmp(c.ssid, "my-home", 7));
	CHECK_INT(c.key_len, 22);
	CHECK_INT(wsc_cred_check(&c), 0);

	/* known answer: the passphrase is base64 of the random bytes */
	script_rng s;
	static const uint8_t rb[18] = { 0x00, 0x10, 0x83, 0x10, 0x51, 0x87,
					0x20, 0x92, 0x8b, 0x30, 0xd3, 0x8f,
					0x41, 0x14, 0x93, 0x51, 0x55, 0x97 };
	script_rng_init(&s, "x");
	script_rng_add(&s, rb, sizeof(rb));
	script_rng_add(&s, (const uint8_t *)"\xab\xcd\xef", 3);
	env.random = script_random;
	env.random_ud = &s;
	memset(&c, 0, sizeof(c));
	h_ctx("generate known answer");
	CHECK_INT(wsc_cred_generate(&env, &c), 0);
	CHECK_INT(s.mismatches, 0);
	/* base64("\x00\x10\x83\x10\x51\x87\x20\x92\x8b\x30\xd3\x8f\x41\x14"
	 * "\x93\x51") = "ABCDEFGHIJKLMNOPQRSTUQ==" */
	CHECK(!memcmp(c.key, "ABCDEFGHIJKLMNOPQRSTU", 21));
	CHECK(c.ssid_len == 10 && !memcmp(c.ssid, "wsc-abcdef", 10));
	h_ctx(NULL);
}

static void test_names_and_devices(void)
{
	CHECK_STR(wsc_auth_name(WSC_AUTH_WPA2PSK), "WPA2PSK");
	CHECK_STR(wsc_auth_name(WSC_AUTH_OPEN), "OPEN");
	CHECK_STR(wsc_auth_name(WSC_AUTH_WPAPSK | WSC_AUTH_WPA2PSK),
		  "WPAPSK+WPA2PSK");
	CHECK_STR(wsc_auth_name(0x8000), "unknown");
	CHECK_STR(wsc_encr_name(WSC_ENCR_AES), "CCMP");
	CHECK_STR(wsc_encr_name(WSC_ENCR_TKIP), "TKIP");
	CHECK_STR(wsc_encr_name(WSC_ENCR_NONE), "NONE");
	CHECK_STR(wsc_encr_name(WSC_ENCR_AES | WSC_ENCR_TKIP), "CCMP+TKIP");

	uint8_t u[16], u2[16];
	char s[37];
	CHECK_INT(wsc_uuid_parse("ca96b6b2-33b0-53d1-9b49-aa2afede4ded", u), 0);
	wsc_uuid_format(u, s);
	CHECK_STR(s, "ca96b6b2-33b0-53d1-9b49-aa2afede4ded");
	CHECK_INT(wsc_uuid_parse("CA96B6B2-33B0-53D1-9B49-AA2AFEDE4DED", u2), 0);
	CHECK_MEM(u, u2, 16);
	static const char *const bad[] = {
		"", "ca96b6b2-33b0-53d1-9b49-aa2afede4de",
		"ca96b6b2-33b0-53d1-9b49-aa2afede4dedd",
		"ca96b6b2033b0-53d1-9b49-aa2afede4ded",
		"ca96b6b2-33b0-53d1-9b49aaa2afede4ded",
		"ca96b6b2-33b0-53d1-9b49-aa2afede4dxd",
		"ca96b6b233b053d19b49aa2afede4ded",
		"-ca96b6b2-33b0-53d1-9b49-aa2afede4de",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		h_ctx("uuid '%s'", bad[i]);
		CHECK_ERR(wsc_uuid_parse(bad[i], u), WSC_ERR_INVAL);
	}
	CHECK_ERR(wsc_uuid_parse(NULL, u), WSC_ERR_INVAL);
	h_ctx(NULL);

	wsc_device ap, sta, ap2;
	const uint8_t mac[6] = { 2, 0x57, 0x53, 0x43, 0, 0x0a };
	const uint8_t mac2[6] = { 2, 0x57, 0x53, 0x43, 0, 0x0b };
	wsc_device_defaults(&ap, true, mac);
	wsc_device_defaults(&sta, false, mac);
	wsc_device_defaults(&ap2, true, mac2);
	CHECK_MEM(ap.dev_type, "\x00\x06\x00\x50\xf2\x04\x00\x01", 8);
	CHECK_MEM(sta.dev_type, "\x00\x01\x00\x50\xf2\x04\x00\x01", 8);
	CHECK_MEM(ap.mac, mac, 6);
	CHECK_MEM(ap.uuid, sta.uuid, 16);      /* derived from the MAC */
	CHECK(memcmp(ap.uuid, ap2.uuid, 16) != 0);
	CHECK(ap.config_methods != 0 && sta.config_methods != 0);
	CHECK(sta.config_methods & WSC_CM_KEYPAD);
	CHECK(strlen(ap.device_name) > 0 && strlen(ap.device_name) <= 32);
	CHECK_INT(ap.rf_bands, 1);
}

int main(void)
{
	test_checksum();
	test_pin_syntax();
	test_pin_generate();
	test_cred_check();
	test_cred_generate();
	test_names_and_devices();
	return h_summary("pin");
}
