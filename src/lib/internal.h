/* Internal helpers shared by the library's modules; not installed. */
#ifndef WSC_INTERNAL_H
#define WSC_INTERNAL_H

#include "prefix.h"

#include <stdarg.h>
#include <string.h>

#include "wsc/wsc.h"

#define WSC_HIDDEN __attribute__((visibility("hidden")))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- byte order */
static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- environment with defaults filled in */
/* The caller's env (NULL: all defaults) as ours, defaults filled in: 0,
 * or cfg_import's errors. */
WSC_HIDDEN int env_resolve(wsc_env *out, const wsc_env *in);
/* A caller's versioned structure (first member size_t size) into ours of
 * ours_size bytes, zero past what the caller knew: 0, WSC_ERR_INVAL (NULL,
 * or size below min_size, the first version's), WSC_ERR_UNSUPPORTED (a
 * field past ours set). */
WSC_HIDDEN int cfg_import(void *ours, size_t ours_size, size_t min_size,
			  const void *theirs);
/* Larger than any version of any structure will be. */
#define CFG_SIZE_MAX 4096
/* Each structure's first version is the one of today. */
#define CFG_IMPORT(ours, theirs) \
	cfg_import((ours), sizeof(*(ours)), sizeof(*(ours)), (theirs))
WSC_HIDDEN void *env_alloc(const wsc_env *env, size_t size);
WSC_HIDDEN void env_free(const wsc_env *env, void *p, size_t size);
WSC_HIDDEN int env_random(const wsc_env *env, uint8_t *buf, size_t len);
WSC_HIDDEN void env_log(const wsc_env *env, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Hex dump of a secret: shown only when env->log_secrets. */
WSC_HIDDEN void env_log_hex(const wsc_env *env, bool secret, const char *what,
			    const uint8_t *p, size_t len);

/* A hex digit's value, or -1 (hex.c). */
WSC_HIDDEN int hex_digit(char c);
/* Constant-time compare: 0 if equal. */
WSC_HIDDEN int wsc_ct_cmp(const void *a, const void *b, size_t len);

/* ---- message builder over caller memory; overflow is sticky */
typedef struct wbuf {
	uint8_t *p;
	size_t len, cap;
	bool overflow;
} wbuf;

static inline void wb_init(wbuf *b, uint8_t *mem, size_t cap)
{
	b->p = mem;
	b->len = 0;
	b->cap = cap;
	b->overflow = false;
}
WSC_HIDDEN uint8_t *wb_reserve(wbuf *b, size_t n);
WSC_HIDDEN void wb_put(wbuf *b, const void *data, size_t n);
WSC_HIDDEN void wb_attr(wbuf *b, uint16_t type, const void *val, size_t n);
WSC_HIDDEN void wb_attr_u8(wbuf *b, uint16_t type, uint8_t v);
WSC_HIDDEN void wb_attr_u16(wbuf *b, uint16_t type, uint16_t v);
WSC_HIDDEN void wb_attr_u32(wbuf *b, uint16_t type, uint32_t v);
WSC_HIDDEN void wb_attr_str(wbuf *b, uint16_t type, const char *s);
/* WFA vendor extension with Version2 and optional extra subelements
 * (already encoded as id,len,value). */
WSC_HIDDEN void wb_wfa_ext(wbuf *b, const uint8_t *extra, size_t extra_len);

/* attribute types */
enum {
	ATTR_AP_CHANNEL = 0x1001, ATTR_ASSOC_STATE = 0x1002,
	ATTR_AUTH_TYPE = 0x1003, ATTR_AUTH_TYPE_FLAGS = 0x1004,
	ATTR_AUTHENTICATOR = 0x1005, ATTR_CONFIG_METHODS = 0x1008,
	ATTR_CONFIG_ERROR = 0x1009, ATTR_CONN_TYPE_FLAGS = 0x100d,
	ATTR_CRED = 0x100e, ATTR_ENCR_TYPE = 0x100f,
	ATTR_ENCR_TYPE_FLAGS = 0x1010, ATTR_DEV_NAME = 0x1011,
	ATTR_DEV_PASSWORD_ID = 0x1012, ATTR_E_HASH1 = 0x1014,
	ATTR_E_HASH2 = 0x1015, ATTR_E_SNONCE1 = 0x1016,
	ATTR_E_SNONCE2 = 0x1017, ATTR_ENCR_SETTINGS = 0x1018,
	ATTR_ENROLLEE_NONCE = 0x101a, ATTR_KEY_WRAP_AUTH = 0x101e,
	ATTR_MAC_ADDR = 0x1020, ATTR_MANUFACTURER = 0x1021,
	ATTR_MSG_TYPE = 0x1022, ATTR_MODEL_NAME = 0x1023,
	ATTR_MODEL_NUMBER = 0x1024, ATTR_NETWORK_INDEX = 0x1026,
	ATTR_NETWORK_KEY = 0x1027, ATTR_NETWORK_KEY_INDEX = 0x1028,
	ATTR_OOB_DEV_PASSWORD = 0x102c, ATTR_OS_VERSION = 0x102d,
	ATTR_PUBLIC_KEY = 0x1032, ATTR_REGISTRAR_NONCE = 0x1039,
	ATTR_REQUEST_TYPE = 0x103a, ATTR_RESPONSE_TYPE = 0x103b,
	ATTR_RF_BANDS = 0x103c, ATTR_R_HASH1 = 0x103d, ATTR_R_HASH2 = 0x103e,
	ATTR_R_SNONCE1 = 0x103f, ATTR_R_SNONCE2 = 0x1040,
	ATTR_SELECTED_REGISTRAR = 0x1041, ATTR_SERIAL_NUMBER = 0x1042,
	ATTR_WPS_STATE = 0x1044, ATTR_SSID = 0x1045, ATTR_UUID_E = 0x1047,
	ATTR_UUID_R = 0x1048, ATTR_VENDOR_EXT = 0x1049, ATTR_VERSION = 0x104a,
	ATTR_PUBKEY_HASH = 0x104f, ATTR_SEL_REG_CONFIG_METHODS = 0x1053,
	ATTR_PRIMARY_DEV_TYPE = 0x1054, ATTR_SECONDARY_DEV_TYPE_LIST = 0x1055,
	ATTR_AP_SETUP_LOCKED = 0x1057, ATTR_APP_EXT = 0x1058,
	ATTR_REQ_DEV_TYPE = 0x106a
};

#define WSC_VERSION_BYTE 0x10
#define WSC_VERSION2_BYTE 0x20

/* View accessors for parsed messages (lengths are table-checked). */
static inline bool has(const wsc_parsed *m, enum wsc_attr_id id)
{
	return m->a[id].p != NULL;
}
static inline uint8_t pv_u8(const wsc_parsed *m, enum wsc_attr_id id)
{
	return m->a[id].p[0];
}
static inline uint16_t pv_u16(const wsc_parsed *m, enum wsc_attr_id id)
{
	return get_be16(m->a[id].p);
}

/* ---- what wsc_ap asks of a session (session.c) */
/* A registrar that accepted M3 (its M4, with R-S1, is made). */
WSC_HIDDEN bool sess_past_m3(const wsc_session *s);
/* A key pair for a session that has none yet (kp is wiped then). */
WSC_HIDDEN void sess_take_keypair(wsc_session *s, wsc_dh_keypair *kp);

/* ---- WPS key schedule and message crypto (keys.c) */
#define AUTHKEY_LEN 32
#define KEYWRAPKEY_LEN 16
#define EMSK_LEN 32
#define PSK_LEN 16
#define HASH_LEN 32

typedef struct wsc_keys {
	uint8_t authkey[AUTHKEY_LEN];
	uint8_t keywrapkey[KEYWRAPKEY_LEN];
	uint8_t emsk[EMSK_LEN];
} wsc_keys;

extern WSC_HIDDEN const uint8_t wsc_dh_group5_prime[WSC_PUBKEY_LEN];

/* The shared secret from the peer's public key (up to 192 bytes). The
 * key must have passed wsc_dh_pubkey_check when its message arrived
 * (both roles do that); here only its length and range are checked. */
WSC_HIDDEN int dh_shared(const wsc_env *env, const wsc_dh_keypair *own,
			 const uint8_t *peer_pub, size_t peer_len,
			 uint8_t out[WSC_PUBKEY_LEN]);
/* The Jacobi symbol (a/n) of 192-byte big-endian numbers, n odd, a < n:
 * 1, -1, or 0 when they share a factor. */
WSC_HIDDEN int jacobi(const uint8_t a[WSC_PUBKEY_LEN],
		      const uint8_t n[WSC_PUBKEY_LEN]);
/* Its two ways: in batches of machine-word steps (2: gave up), and the
 * reference, one subtraction per pass. jacobi() is the first, or the
 * second when the first gives up. */
WSC_HIDDEN int jacobi_batched(const uint8_t a[WSC_PUBKEY_LEN],
			      const uint8_t n[WSC_PUBKEY_LEN]);
WSC_HIDDEN int jacobi_binary(const uint8_t a[WSC_PUBKEY_LEN],
			     const uint8_t n[WSC_PUBKEY_LEN]);
/* DHKey, KDK and the KDF from the shared secret. */
WSC_HIDDEN int derive_keys(const wsc_env *env,
			   const uint8_t shared[WSC_PUBKEY_LEN],
			   const uint8_t n_e[16], const uint8_t mac_e[6],
			   const uint8_t n_r[16], wsc_keys *k);
WSC_HIDDEN int derive_psk(const wsc_env *env, const wsc_keys *k,
			  const uint8_t *pw, size_t pw_len, uint8_t psk1[16],
			  uint8_t psk2[16]);
/* HMAC(AuthKey, s || psk || pk_e || pk_r) */
WSC_HIDDEN int pin_hash(const wsc_env *env, const wsc_keys *k,
			const uint8_t s[16], const uint8_t psk[16],
			const uint8_t pk_e[192], const uint8_t pk_r[192],
			uint8_t out[32]);
/* first 8 bytes of HMAC(AuthKey, prev || cur) */
WSC_HIDDEN int authenticator(const wsc_env *env, const wsc_keys *k,
			     const uint8_t *prev, size_t prev_len,
			     const uint8_t *cur, size_t cur_len,
			     uint8_t out[8]);
/* Append Encrypted Settings attribute: plain gets KWA, then encrypted. */
WSC_HIDDEN int encr_settings_build(const wsc_env *env, const wsc_keys *k,
				   const uint8_t *plain, size_t plain_len,
				   wbuf *msg);
/* Decrypt and check KWA; out gets the plaintext without padding and KWA. */
WSC_HIDDEN int encr_settings_open(const wsc_env *env, const wsc_keys *k,
				  const uint8_t *enc, size_t enc_len,
				  uint8_t *out, size_t cap, size_t *out_len);

#endif
