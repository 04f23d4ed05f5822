/*
 * libwsc: Wi-Fi Simple Configuration (WPS 2.0), sans-I/O.
 *
 * The library never opens a socket, reads a clock or a file, or sleeps.
 * Bytes come in through *_recv() calls, bytes to send come out of *_pop_tx()
 * or *_get_msg(); time is passed in as milliseconds on a monotonic clock the
 * caller owns; randomness, crypto, memory and logging are injected through a
 * wsc_env. There is no global state: any number of sessions may live in one
 * process, each touched by one thread at a time.
 *
 * Ownership: wsc_*_new() allocates through the env allocator and is paired
 * with wsc_*_del(), which wipes secrets before freeing. Structures passed by
 * pointer into *_new() are copied; the caller keeps ownership of its own.
 *
 * Versioned configuration: wsc_env and the *_cfg structures begin with
 * size_t size, which the caller sets to the sizeof it was compiled with
 * (.size = sizeof(wsc_ap_cfg)) after zeroing the whole structure (an
 * initializer does). New fields only ever come after the last byte of
 * the structure as it was (never into its tail padding: sizeof grows with
 * every field), and zero means the old behaviour, so a program built
 * against an older header keeps
 * working with a newer library; a newer program on an older library is
 * refused with WSC_ERR_UNSUPPORTED if it set a field the library does not
 * know (non-zero bytes past the library's size), and works otherwise. A
 * size below the first version's (an unset size among them) is
 * WSC_ERR_INVAL. The data records (wsc_cred, wsc_device, wsc_peer, wsc_ie,
 * the events) are fixed for a SOVERSION. "The env's errors" below are
 * these two, for the wsc_env passed (a NULL env has none).
 *
 * Objects: a function taking a wsc_session, wsc_eap_peer, wsc_eap_auth or
 * wsc_ap needs a live one (NULL is the caller's bug, and may crash), but
 * for *_del, which take NULL. Where a function's output is not written
 * on failure, its comment says so.
 *
 * Errors are negative WSC_ERR_* values; wsc_strerror() names them. The WPS
 * Configuration Error that goes with a protocol failure is reported next to
 * the error code (see wsc_event.config_error).
 *
 * Callbacks (events, the registrar's password, the authenticator's session
 * configuration, logging, randomness, memory) run inside the library call
 * that caused them, on its thread. They must not call into the object
 * that called them (a wsc_ap event handler may read it with
 * wsc_ap_status_get, wsc_ap_settings and wsc_ap_state_save); they may use
 * other objects and the pure helpers (codec, PINs, credentials, hex).
 * Pointers handed to a callback live until it returns.
 */
#ifndef WSC_WSC_H
#define WSC_WSC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "wsc/version.h" /* WSC_VERSION "x.y.z", WSC_VERSION_NUM 0xXXYYZZ */

#if defined(__GNUC__) && !defined(WSC_STATIC_NO_VISIBILITY)
#define WSC_EXTERN __attribute__((visibility("default")))
#else
#define WSC_EXTERN
#endif

/* ---------------------------------------------------------------- errors */

enum {
	WSC_OK = 0,
	WSC_ERR_INVAL = -1,        /* bad argument from the caller */
	WSC_ERR_NOMEM = -2,        /* allocator returned NULL */
	WSC_ERR_TRUNCATED = -3,    /* attribute header or value runs past end */
	WSC_ERR_BAD_LENGTH = -4,   /* attribute length breaks its type's rule */
	WSC_ERR_DUPLICATE = -5,    /* attribute repeated where it may not be */
	WSC_ERR_MISSING = -6,      /* required attribute absent */
	WSC_ERR_BAD_VALUE = -7,    /* attribute value out of its range */
	WSC_ERR_BUFSIZE = -8,      /* output buffer too small */
	WSC_ERR_CRYPTO = -9,       /* crypto backend failed */
	WSC_ERR_RANDOM = -10,      /* random source failed: fail closed */
	WSC_ERR_BAD_PUBKEY = -11,  /* peer DH public key invalid */
	WSC_ERR_AUTHENTICATOR = -12, /* message Authenticator mismatch */
	WSC_ERR_KWA = -13,         /* Key Wrap Authenticator mismatch */
	WSC_ERR_DECRYPT = -14,     /* Encrypted Settings malformed */
	WSC_ERR_PASSWORD = -15,    /* E-/R-Hash mismatch: wrong PIN */
	WSC_ERR_STATE = -16,       /* message not expected in this state */
	WSC_ERR_NONCE = -17,       /* nonce does not match this run */
	WSC_ERR_NACK = -18,        /* peer ended the run with WSC_NACK */
	WSC_ERR_TIMEOUT = -19,     /* peer did not answer in time */
	WSC_ERR_PBC_OVERLAP = -20, /* more than one PBC enrollee */
	WSC_ERR_BAD_CRED = -21,    /* credential unusable (WEP, bad key...) */
	WSC_ERR_EAP = -22,         /* malformed or unexpected EAP/EAPOL */
	WSC_ERR_BAD_PIN = -23,     /* PIN syntax or check digit wrong */
	WSC_ERR_NO_PASSWORD = -24, /* registrar has no password: M2D */
	WSC_ERR_UNSUPPORTED = -25, /* valid but not supported here */
	WSC_ERR_LOCKED = -26,      /* AP setup locked */
	WSC_ERR_DONE = -27         /* run already over */
};

WSC_EXTERN const char *wsc_strerror(int err);
/* The library's version as built ("x.y.z"), which may differ from the
 * WSC_VERSION of the header a program was compiled with. */
WSC_EXTERN const char *wsc_version(void);
/* Overwrite len bytes at p with zeros, in a way the compiler may not drop
 * (secrets before their memory is reused or freed). */
WSC_EXTERN void wsc_wipe(void *p, size_t len);

/* Lower-case hex of len bytes into out[2 * len + 1] (NUL-terminated). */
WSC_EXTERN void wsc_hex_encode(const uint8_t *in, size_t len, char *out);
/* The n characters at hex (digits of either case, an even number, nothing
 * else) into out: 0 and *len, WSC_ERR_BAD_VALUE (not hex) or
 * WSC_ERR_BUFSIZE (more than cap bytes); out is unspecified on error. */
WSC_EXTERN int wsc_hex_decode(const char *hex, size_t n, uint8_t *out,
			      size_t cap, size_t *len);

/* ------------------------------------------------------ protocol numbers */

enum wsc_msg_type {
	WSC_MSG_BEACON = 0x01, WSC_MSG_PROBE_REQ = 0x02,
	WSC_MSG_PROBE_RESP = 0x03,
	WSC_MSG_M1 = 0x04, WSC_MSG_M2 = 0x05, WSC_MSG_M2D = 0x06,
	WSC_MSG_M3 = 0x07, WSC_MSG_M4 = 0x08, WSC_MSG_M5 = 0x09,
	WSC_MSG_M6 = 0x0a, WSC_MSG_M7 = 0x0b, WSC_MSG_M8 = 0x0c,
	WSC_MSG_ACK = 0x0d, WSC_MSG_NACK = 0x0e, WSC_MSG_DONE = 0x0f
};

/* EAP-WSC Op-Codes */
enum wsc_op {
	WSC_OP_START = 0x01, WSC_OP_ACK = 0x02, WSC_OP_NACK = 0x03,
	WSC_OP_MSG = 0x04, WSC_OP_DONE = 0x05, WSC_OP_FRAG_ACK = 0x06
};

enum wsc_config_error {
	WSC_CE_NONE = 0, WSC_CE_DECRYPTION_CRC = 2,
	WSC_CE_MULTIPLE_PBC = 12, WSC_CE_ROGUE = 13, WSC_CE_DEVICE_BUSY = 14,
	WSC_CE_SETUP_LOCKED = 15, WSC_CE_MSG_TIMEOUT = 16,
	WSC_CE_REG_SESSION_TIMEOUT = 17, WSC_CE_DEV_PASSWORD_AUTH = 18,
	WSC_CE_PUBKEY_HASH = 20
};

enum {
	WSC_PW_DEFAULT = 0x0000,       /* PIN */
	WSC_PW_USER_SPECIFIED = 0x0001,
	WSC_PW_MACHINE_SPECIFIED = 0x0002,
	WSC_PW_REKEY = 0x0003,
	WSC_PW_PUSHBUTTON = 0x0004,
	WSC_PW_REGISTRAR_SPECIFIED = 0x0005
};

enum {
	WSC_AUTH_OPEN = 0x0001, WSC_AUTH_WPAPSK = 0x0002,
	WSC_AUTH_SHARED = 0x0004, WSC_AUTH_WPA = 0x0008,
	WSC_AUTH_WPA2 = 0x0010, WSC_AUTH_WPA2PSK = 0x0020
};
enum {
	WSC_ENCR_NONE = 0x0001, WSC_ENCR_WEP = 0x0002,
	WSC_ENCR_TKIP = 0x0004, WSC_ENCR_AES = 0x0008
};
enum {
	WSC_CM_LABEL = 0x0004, WSC_CM_DISPLAY = 0x0008,
	WSC_CM_PUSHBUTTON = 0x0080, WSC_CM_KEYPAD = 0x0100,
	WSC_CM_VIRT_PUSHBUTTON = 0x0280, WSC_CM_PHY_PUSHBUTTON = 0x0480,
	WSC_CM_VIRT_DISPLAY = 0x2008, WSC_CM_PHY_DISPLAY = 0x4008
};
enum { WSC_STATE_NOT_CONFIGURED = 1, WSC_STATE_CONFIGURED = 2 };

#define WSC_NONCE_LEN 16
#define WSC_UUID_LEN 16
#define WSC_PUBKEY_LEN 192
#define WSC_WALK_TIME_MS 120000u

/* --------------------------------------------------------- environment */

/* A scatter list entry for hashing. */
typedef struct wsc_iov {
	const uint8_t *base;
	size_t len;
} wsc_iov;

/*
 * Crypto backend: a table of primitives and the context they run with.
 * Every function gets the table's ctx first and returns 0 on success or
 * a negative value on failure (the library reports any failure as
 * WSC_ERR_CRYPTO and sends nothing derived from the call). One backend
 * is built in, chosen when libwsc is built (cmake -DWSC_CRYPTO=openssl
 * or mbedtls): wsc_crypto_default() returns it, and wsc_crypto_openssl()
 * or wsc_crypto_mbedtls() names it. An embedder may supply its own
 * table, or copy a built-in one and replace some entries (a hardware
 * AES or bignum unit, its handle in ctx); the built-in backends ignore
 * ctx. The functions may be called from any number of objects at once,
 * one call per object at a time.
 */
typedef struct wsc_crypto {
	const char *name;
	void *ctx;                  /* the backend's own state, or NULL */
	int (*sha256)(void *ctx, const wsc_iov *v, size_t n, uint8_t out[32]);
	int (*hmac_sha256)(void *ctx, const uint8_t *key, size_t keylen,
			   const wsc_iov *v, size_t n, uint8_t out[32]);
	/* AES-128-CBC without padding; len is a multiple of 16. */
	int (*aes128_cbc)(void *ctx, int encrypt, const uint8_t key[16],
			  const uint8_t iv[16], const uint8_t *in, size_t len,
			  uint8_t *out);
	/* out = base^exp mod mod, big-endian, out is modlen bytes, left-padded;
	 * exp is secret (constant time) */
	int (*modexp)(void *ctx, const uint8_t *base, size_t baselen,
		      const uint8_t *exp, size_t explen, const uint8_t *mod,
		      size_t modlen, uint8_t *out);
	/* PBKDF2-HMAC-SHA1 (WPA's passphrase to PSK); optional, NULL: the
	 * protocol never needs it, only tools that derive PSKs */
	int (*pbkdf2_sha1)(void *ctx, const uint8_t *pw, size_t pwlen,
			   const uint8_t *salt, size_t saltlen, unsigned iter,
			   uint8_t *out, size_t outlen);
	/* out = 2^exp mod the RFC 3526 1536-bit prime (group 5), 192
	 * bytes, left-padded: a key pair's public key, where a backend can
	 * use tables for the fixed base. exp is secret (constant time).
	 * Optional, NULL: modexp with base 2. WSC_ERR_UNSUPPORTED (an
	 * exponent length it keeps no table for): modexp is used instead. */
	int (*modexp_g2)(void *ctx, const uint8_t *exp, size_t explen,
			 uint8_t *out);
} wsc_crypto;

/* The backend built in (never NULL). */
WSC_EXTERN const wsc_crypto *wsc_crypto_default(void);
/* Each of these exists when libwsc was built with that backend. */
WSC_EXTERN const wsc_crypto *wsc_crypto_openssl(void);
WSC_EXTERN const wsc_crypto *wsc_crypto_mbedtls(void);

/* Random bytes: return 0 and fill all of buf, or negative on failure. */
typedef int (*wsc_random_fn)(void *ud, uint8_t *buf, size_t len);
/* The operating system's generator (getrandom(2)). */
WSC_EXTERN int wsc_random_os(void *ud, uint8_t *buf, size_t len);

typedef void *(*wsc_alloc_fn)(void *ud, size_t size);
typedef void (*wsc_free_fn)(void *ud, void *ptr, size_t size);

enum { WSC_LOG_ERROR, WSC_LOG_INFO, WSC_LOG_DEBUG };
typedef void (*wsc_log_fn)(void *ud, int level, const char *line);

typedef struct wsc_env {
	size_t size;                /* sizeof(wsc_env) */
	const wsc_crypto *crypto;   /* NULL: wsc_crypto_default() */
	wsc_random_fn random;       /* NULL: wsc_random_os */
	void *random_ud;
	wsc_alloc_fn alloc;         /* NULL: malloc */
	wsc_free_fn free;           /* NULL: free */
	void *alloc_ud;
	wsc_log_fn log;             /* NULL: silent */
	void *log_ud;
	int log_level;              /* highest level passed to log */
	bool log_secrets;           /* allow keys/PINs in debug lines */
} wsc_env;

/* ------------------------------------------------------------ codec */

/*
 * Attribute slots of a parsed message. A parsed message holds, for each
 * known attribute, a view (pointer into the caller's buffer, length) of its
 * first and only occurrence; Credential may occur up to WSC_MAX_CREDS times.
 */
enum wsc_attr_id {
	WSC_A_AP_CHANNEL, WSC_A_ASSOC_STATE, WSC_A_AUTH_TYPE,
	WSC_A_AUTH_TYPE_FLAGS, WSC_A_AUTHENTICATOR, WSC_A_CONFIG_METHODS,
	WSC_A_CONFIG_ERROR, WSC_A_CONN_TYPE_FLAGS, WSC_A_CREDENTIAL,
	WSC_A_ENCR_TYPE, WSC_A_ENCR_TYPE_FLAGS, WSC_A_DEVICE_NAME,
	WSC_A_DEV_PASSWORD_ID, WSC_A_E_HASH1, WSC_A_E_HASH2, WSC_A_E_SNONCE1,
	WSC_A_E_SNONCE2, WSC_A_ENCR_SETTINGS, WSC_A_ENROLLEE_NONCE,
	WSC_A_KEY_WRAP_AUTH, WSC_A_MAC_ADDR, WSC_A_MANUFACTURER,
	WSC_A_MSG_TYPE, WSC_A_MODEL_NAME, WSC_A_MODEL_NUMBER,
	WSC_A_NETWORK_INDEX, WSC_A_NETWORK_KEY, WSC_A_NETWORK_KEY_INDEX,
	WSC_A_OOB_DEV_PASSWORD, WSC_A_OS_VERSION, WSC_A_PUBLIC_KEY,
	WSC_A_REGISTRAR_NONCE, WSC_A_REQUEST_TYPE, WSC_A_RESPONSE_TYPE,
	WSC_A_RF_BANDS, WSC_A_R_HASH1, WSC_A_R_HASH2, WSC_A_R_SNONCE1,
	WSC_A_R_SNONCE2, WSC_A_SELECTED_REGISTRAR, WSC_A_SERIAL_NUMBER,
	WSC_A_WPS_STATE, WSC_A_SSID, WSC_A_UUID_E, WSC_A_UUID_R,
	WSC_A_VENDOR_EXT, WSC_A_VERSION, WSC_A_PUBKEY_HASH,
	WSC_A_SEL_REG_CONFIG_METHODS, WSC_A_PRIMARY_DEV_TYPE,
	WSC_A_SECONDARY_DEV_TYPE_LIST, WSC_A_AP_SETUP_LOCKED,
	WSC_A_APP_EXT, WSC_A_REQ_DEV_TYPE,
	WSC_A_COUNT
};

/* WFA vendor extension subelements */
enum wsc_wfa_sub {
	WSC_WFA_VERSION2 = 0x00, WSC_WFA_AUTHORIZED_MACS = 0x01,
	WSC_WFA_NETWORK_KEY_SHAREABLE = 0x02, WSC_WFA_REQUEST_TO_ENROLL = 0x03,
	WSC_WFA_SETTINGS_DELAY_TIME = 0x04, WSC_WFA_REG_CONFIG_METHODS = 0x05,
	WSC_WFA_MULTI_AP = 0x06,
	WSC_WFA_COUNT
};

#define WSC_MAX_CREDS 8

typedef struct wsc_view {
	const uint8_t *p;   /* NULL when absent */
	uint16_t len;
} wsc_view;

typedef struct wsc_parsed {
	wsc_view a[WSC_A_COUNT];
	wsc_view cred[WSC_MAX_CREDS];
	size_t ncred;
	wsc_view wfa[WSC_WFA_COUNT]; /* from the WFA vendor extension */
	size_t nunknown;             /* attributes of unknown type, skipped */
} wsc_parsed;

/*
 * Parse a WSC message (a sequence of TLVs) into views of buf. Checks every
 * length against the type table. Returns 0, or WSC_ERR_TRUNCATED,
 * WSC_ERR_BAD_LENGTH, WSC_ERR_DUPLICATE (also a ninth Credential) and
 * *bad_type (if non-NULL) names the offending attribute type; or
 * WSC_ERR_INVAL (buf NULL, len not 0). On error *out is unspecified.
 */
WSC_EXTERN int wsc_parse(const uint8_t *buf, size_t len, wsc_parsed *out,
			 uint16_t *bad_type);
/* Table lookups: name of a type ("Enrollee Nonce"), or NULL if unknown. */
WSC_EXTERN const char *wsc_attr_name(uint16_t type);
WSC_EXTERN uint16_t wsc_attr_type(enum wsc_attr_id id);
WSC_EXTERN const char *wsc_msg_name(int msg_type);
/* One line per attribute into out (NUL-terminated, truncated to cap).
 * Secret attributes print as [hidden] unless show_secrets. Returns 0,
 * WSC_ERR_TRUNCATED or WSC_ERR_BAD_LENGTH (the lines before the error are
 * kept; repeats are printed, not refused), WSC_ERR_INVAL (out NULL, cap
 * 0, or buf NULL with len not 0). */
WSC_EXTERN int wsc_dump(const uint8_t *buf, size_t len, bool show_secrets,
			char *out, size_t cap);

/* ------------------------------------------------------------ PINs */

/* Check digit of the 7-digit number. */
WSC_EXTERN unsigned wsc_pin_checksum(unsigned pin7);
/* 0 if pin is 4 digits, or 8 digits with a correct check digit;
 * WSC_ERR_BAD_PIN otherwise. Dashes and spaces are not accepted. */
WSC_EXTERN int wsc_pin_valid(const char *pin);
/* Fill out[9] with a random 8-digit PIN with a valid check digit: 0,
 * WSC_ERR_RANDOM or the env's errors. */
WSC_EXTERN int wsc_pin_generate(const wsc_env *env, char out[9]);

/* ------------------------------------------------------- credentials */

typedef struct wsc_cred {
	uint8_t ssid[32];
	uint8_t ssid_len;
	uint16_t auth_type;    /* WSC_AUTH_* (one bit, or WPA|WPA2 mixes) */
	uint16_t encr_type;    /* WSC_ENCR_* */
	uint8_t key[64];       /* passphrase (8..63) or 64 hex digits of PSK */
	uint8_t key_len;
	uint8_t mac[6];
} wsc_cred;

/* 0 if usable: WPA2/WPA-PSK or open, no WEP, no TKIP-only, key printable
 * ASCII 8..63 or 64 hex digits; WSC_ERR_BAD_CRED otherwise. */
WSC_EXTERN int wsc_cred_check(const wsc_cred *c);
/* Invent network settings: WPA2-PSK/AES with a random 22-character
 * passphrase; when c->ssid_len == 0 also a random SSID "wsc-XXXXXX".
 * 0, or WSC_ERR_INVAL (c NULL), WSC_ERR_RANDOM, the env's errors; *c is
 * unchanged on failure. */
WSC_EXTERN int wsc_cred_generate(const wsc_env *env, wsc_cred *c);
/* WPA's pairwise master key of a WPA-PSK credential: the 64 hex digits,
 * or PBKDF2-HMAC-SHA1(passphrase, SSID, 4096) through the backend.
 * WSC_ERR_INVAL (NULL), WSC_ERR_BAD_CRED (no passphrase or PSK, or no
 * SSID), WSC_ERR_UNSUPPORTED (the backend has no pbkdf2_sha1),
 * WSC_ERR_CRYPTO. */
WSC_EXTERN int wsc_cred_pmk(const wsc_env *env, const wsc_cred *c,
			    uint8_t pmk[32]);
/* Auth/encr names as hostapd/wpa_supplicant spell them ("WPA2PSK", "CCMP") */
WSC_EXTERN const char *wsc_auth_name(uint16_t auth);
WSC_EXTERN const char *wsc_encr_name(uint16_t encr);

/* ---------------------------------------------------------- devices */

typedef struct wsc_device {
	uint8_t uuid[WSC_UUID_LEN];
	uint8_t mac[6];
	char device_name[33];
	char manufacturer[65];
	char model_name[33];
	char model_number[33];
	char serial_number[33];
	uint8_t dev_type[8];      /* category(2) OUI(4) subcategory(2) */
	uint32_t os_version;
	uint16_t config_methods;
	uint8_t rf_bands;         /* 1 = 2.4 GHz, 2 = 5 GHz */
} wsc_device;

/* Defaults: names "wsc", type 6-0050F204-1 (network infra AP) for an AP
 * or 1-0050F204-1 (computer) for a station, config methods display,
 * keypad, virtual push button; UUID derived from the MAC (as hostapd does
 * when no uuid is configured). */
WSC_EXTERN void wsc_device_defaults(wsc_device *d, bool ap,
				    const uint8_t mac[6]);
/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (hex of either case) into out:
 * 0, or WSC_ERR_INVAL (out unchanged). */
WSC_EXTERN int wsc_uuid_parse(const char *s, uint8_t out[16]);
WSC_EXTERN void wsc_uuid_format(const uint8_t uuid[16], char out[37]);

/* ---------------------------------------------------------- DH keys */

typedef struct wsc_dh_keypair {
	uint8_t priv[WSC_PUBKEY_LEN];
	size_t priv_len;
	uint8_t pub[WSC_PUBKEY_LEN];
	bool valid;
} wsc_dh_keypair;

/*
 * Private exponent length. Group 5 (1536-bit MODP) gives about 90 to 120
 * bits of security (RFC 3526 section 8); an exponent of twice the
 * strength keeps the discrete log as hard as the group (NIST SP 800-56A
 * and 800-57: at least 2x the security strength), so 256 bits by default,
 * longer than the about 200 of hostapd and wpa_supplicant on OpenSSL 3.
 * Full size is 1536; below 160 is refused.
 */
#define WSC_DH_PRIV_BITS_DEFAULT 256
#define WSC_DH_PRIV_BITS_MIN 160

/* Make a group 5 key pair ahead of time with a priv_bits-bit exponent (0:
 * WSC_DH_PRIV_BITS_DEFAULT): 0, or WSC_ERR_INVAL (kp NULL, priv_bits
 * outside 160..1536), WSC_ERR_RANDOM, WSC_ERR_CRYPTO, the env's errors;
 * on failure *kp is zeros (not valid). A key pair handed to a session is
 * consumed (wiped). */
WSC_EXTERN int wsc_dh_keypair_generate(const wsc_env *env, wsc_dh_keypair *kp,
				       size_t priv_bits);
/* Full validation of a peer's public value (big-endian, len <= 192, left
 * padding implied): 0 when 2 <= y <= p-2 and y lies in the prime-order
 * subgroup, else WSC_ERR_BAD_PUBKEY. No exponentiation: p is a safe prime,
 * so the subgroup is the squares, found by a Jacobi symbol. */
WSC_EXTERN int wsc_dh_pubkey_check(const uint8_t *pub, size_t len);

/* ---------------------------------------------------------- session */

typedef enum wsc_role { WSC_ENROLLEE = 0, WSC_REGISTRAR = 1 } wsc_role;

enum wsc_event_type {
	WSC_EV_M1,           /* registrar: M1 arrived (peer filled in) */
	WSC_EV_M2D,          /* enrollee: registrar answered M2D */
	WSC_EV_CRED,         /* STA enrollee: credential received */
	WSC_EV_NEW_AP_SETTINGS, /* AP enrollee: new settings in M8 */
	WSC_EV_AP_SETTINGS,  /* registrar: AP's current settings from M7 */
	WSC_EV_SUCCESS,      /* run finished successfully */
	WSC_EV_FAIL          /* run failed (msg, config_error, error) */
};

typedef struct wsc_peer {
	uint8_t uuid[WSC_UUID_LEN];
	uint8_t mac[6];
	uint16_t pw_id;
	uint16_t config_methods;
	uint8_t wps_state;
	char device_name[33];
	char manufacturer[65];
	char model_name[33];
	char model_number[33];
	char serial_number[33];
	uint8_t dev_type[8];        /* Primary Device Type; zeros if absent */
} wsc_peer;

typedef struct wsc_event {
	enum wsc_event_type type;
	const wsc_peer *peer;       /* what M1/M2 told about the other side */
	const wsc_cred *cred;       /* CRED, NEW_AP_SETTINGS, AP_SETTINGS */
	size_t ncred;
	int msg;                    /* FAIL: last message type involved */
	int config_error;           /* FAIL: WPS Configuration Error */
	int error;                  /* FAIL: WSC_ERR_* */
} wsc_event;

typedef void (*wsc_event_fn)(void *ud, const wsc_event *ev);

/*
 * Registrar: asked when M1 arrives for the device password to use with
 * this enrollee. Set *pw and *pw_len (the registrar copies it) and return 0; or
 * return WSC_ERR_NO_PASSWORD (answer M2D), WSC_ERR_PBC_OVERLAP (M2D with
 * config error 12) or WSC_ERR_LOCKED (M2D, config error 15).
 */
typedef int (*wsc_password_fn)(void *ud, const wsc_peer *enrollee,
			       const uint8_t **pw, size_t *pw_len);

typedef struct wsc_session_cfg {
	size_t size;                /* sizeof(wsc_session_cfg) */
	wsc_role role;
	bool ap;                    /* this device is the access point */
	const wsc_device *dev;
	/* Device password. Enrollee: required. Registrar: used unless
	 * password_cb is set; NULL and no callback means M2D. */
	const uint8_t *password;
	size_t password_len;
	uint16_t pw_id;             /* enrollee: WSC_PW_DEFAULT or _PUSHBUTTON */
	wsc_password_fn password_cb;
	void *password_ud;
	/* Enrollee AP: its current settings (sent in M7) and WPS state. */
	const wsc_cred *ap_settings;
	uint8_t wps_state;          /* 0 = derive from ap_settings */
	/* Registrar: credential for a STA enrollee; for an AP enrollee the
	 * new settings to give it, or NULL to only learn them from M7. */
	const wsc_cred *cred;
	wsc_dh_keypair *dh;         /* optional pre-made key pair, consumed */
	size_t dh_priv_bits;        /* without dh: the exponent length made,
				       0: WSC_DH_PRIV_BITS_DEFAULT */
	/* Enrollee AP: setup is locked (too many wrong AP PINs); any
	 * registrar is refused after M2 with config error 15. */
	bool setup_locked;
	wsc_event_fn on_event;
	void *event_ud;
} wsc_session_cfg;

typedef struct wsc_session wsc_session;

enum { WSC_CONTINUE = 0, WSC_DONE = 1 };

/* The session, or NULL and *err (err may be NULL): WSC_ERR_INVAL (cfg
 * NULL or its size unset; no dev; a role other than the two; an enrollee
 * without a password; a password of length 0 or over 64; an AP registrar
 * without cred; dh_priv_bits outside 160..1536; a cred or ap_settings
 * whose lengths exceed their fields), WSC_ERR_UNSUPPORTED (see
 * Versioned configuration), WSC_ERR_NOMEM. */
WSC_EXTERN wsc_session *wsc_session_new(const wsc_env *env,
					const wsc_session_cfg *cfg, int *err);
WSC_EXTERN void wsc_session_del(wsc_session *s);
/*
 * Feed one whole WSC message that arrived with EAP-WSC Op-Code op.
 * Returns WSC_CONTINUE (call wsc_session_get_msg for the answer),
 * WSC_DONE (finished well; a last message may still be pending) or a
 * negative error (finished badly; a NACK may be pending: one we send
 * because we found the fault is sent by either EAP side, one that only
 * answers the peer's NACK only by the EAP peer):
 * - the message: WSC_ERR_BAD_LENGTH (msg NULL, or over 2048 bytes),
 *   WSC_ERR_TRUNCATED, WSC_ERR_DUPLICATE, WSC_ERR_MISSING (a required
 *   attribute), WSC_ERR_STATE (not expected now), WSC_ERR_NONCE;
 * - the peer: WSC_ERR_NACK (its NACK), WSC_ERR_BAD_PUBKEY (M1's or
 *   M2's public key fails the full check, on arrival),
 *   WSC_ERR_AUTHENTICATOR, WSC_ERR_KWA, WSC_ERR_DECRYPT, WSC_ERR_PASSWORD
 *   (a wrong PIN), WSC_ERR_BAD_CRED (settings WSC 2.0 forbids),
 *   WSC_ERR_LOCKED (an AP enrollee's setup is locked),
 *   WSC_ERR_NO_PASSWORD (an M2D ends the run, or our M2D was ACKed);
 * - this side: WSC_ERR_CRYPTO, WSC_ERR_RANDOM (also a password_cb
 *   returning it);
 * - once the run is over: its end again (the negative status, which
 *   wsc_session_abort and _refuse may have chosen), or WSC_ERR_DONE.
 */
WSC_EXTERN int wsc_session_process(wsc_session *s, uint8_t op,
				   const uint8_t *msg, size_t len);
/*
 * The next message to send, if any: returns 1 and sets *op, *msg, *len
 * (valid until the next call on s), 0 when nothing is to be sent, or a
 * negative error (the session is then failed): WSC_ERR_RANDOM,
 * WSC_ERR_CRYPTO.
 */
WSC_EXTERN int wsc_session_get_msg(wsc_session *s, uint8_t *op,
				   const uint8_t **msg, size_t *len);
/* 0 while running, 1 succeeded, negative WSC_ERR_* when failed. */
WSC_EXTERN int wsc_session_status(const wsc_session *s);
WSC_EXTERN int wsc_session_config_error(const wsc_session *s);
WSC_EXTERN wsc_role wsc_session_role(const wsc_session *s);
/* Give up (timeout, cancel): the session fails with err, a negative
 * WSC_ERR_* (0 or positive: WSC_ERR_TIMEOUT). */
WSC_EXTERN void wsc_session_abort(wsc_session *s, int err);
/*
 * Condemn a running session: the peer's next message is answered with a
 * NACK carrying config_error, and the session fails with err (a negative
 * WSC_ERR_*). A registrar that learns of a push-button session overlap
 * after a PBC run began refuses it so (WSC_ERR_PBC_OVERLAP,
 * WSC_CE_MULTIPLE_PBC): the run never gets to M8, no credential leaves.
 * Ignored once the session has ended.
 */
WSC_EXTERN void wsc_session_refuse(wsc_session *s, int err, int config_error);

/* ------------------------------------------------------------- EAP */

#define WSC_ID_ENROLLEE "WFA-SimpleConfig-Enrollee-1-0"
#define WSC_ID_REGISTRAR "WFA-SimpleConfig-Registrar-1-0"
#define WSC_EAPOL_ETHERTYPE 0x888e
#define WSC_FRAG_DEFAULT 1400
#define WSC_FRAG_MIN 50

/*
 * EAP peer (the station side, whatever its WPS role): speaks EAPOL.
 * Frames in and out are EAPOL PDUs (version, type, length, body) without
 * the Ethernet header.
 */
typedef struct wsc_eap_peer_cfg {
	size_t size;                /* sizeof(wsc_eap_peer_cfg) */
	const wsc_session_cfg *session; /* role ENROLLEE or REGISTRAR */
	size_t fragment_size;       /* 0: WSC_FRAG_DEFAULT */
	uint32_t start_interval_ms; /* EAPOL-Start repeat, 0: 3000 */
	uint32_t response_timeout_ms; /* give up when silent, 0: 15000 */
} wsc_eap_peer_cfg;

/* What an EAPOL PDU is, for a transport, a trace or a capture: every
 * field -1 (or false) where the PDU does not say. */
typedef struct wsc_eapol_info {
	int eapol_type;             /* 0 EAP packet, 1 EAPOL-Start, ... */
	int eap_code;               /* 1 Request .. 4 Failure */
	int eap_id;
	int eap_type;               /* 1 Identity, 254 expanded */
	bool wsc;                   /* expanded type of the WFA, EAP-WSC */
	int op;                     /* EAP-WSC Op-Code (enum wsc_op) */
	bool more, first;           /* MF; LF (a first fragment) */
	int msg_type;               /* WSC Message Type of a whole message or
				       a first fragment */
} wsc_eapol_info;

/* Classify an EAPOL PDU. Returns 0, or WSC_ERR_EAP when it is too short to
 * be EAPOL (then eapol_type is -1). Never reads past len. */
WSC_EXTERN int wsc_eapol_classify(const uint8_t *pdu, size_t len,
				  wsc_eapol_info *out);

typedef struct wsc_eap_peer wsc_eap_peer;

/* Heap a run takes at most on each side (the object, its session and the
 * message buffers; no allocation but these during the run): checked
 * through the allocator hook by test_eap for every mode and fragment
 * size. An AP (wsc_ap) needs this per station talking at once. */
#define WSC_EAP_PEER_HEAP_MAX 14336
#define WSC_EAP_AUTH_HEAP_MAX 14336

/* The peer, or NULL and *err (err may be NULL): WSC_ERR_INVAL (cfg or its
 * session NULL or of unset size), WSC_ERR_UNSUPPORTED, WSC_ERR_NOMEM, or
 * wsc_session_new's errors for cfg->session. */
WSC_EXTERN wsc_eap_peer *wsc_eap_peer_new(const wsc_env *env,
					  const wsc_eap_peer_cfg *cfg,
					  int *err);
WSC_EXTERN void wsc_eap_peer_del(wsc_eap_peer *p);
/* Queue EAPOL-Start: 0, or WSC_ERR_DONE (the run is over). */
WSC_EXTERN int wsc_eap_peer_start(wsc_eap_peer *p, uint64_t now_ms);
/* Feed one EAPOL PDU: 0 (what the session made of it shows in the
 * status and events), WSC_ERR_EAP (a bad or foreign frame: nothing
 * changed), WSC_ERR_DONE (the run is over). */
WSC_EXTERN int wsc_eap_peer_recv(wsc_eap_peer *p, const uint8_t *pdu,
				 size_t len, uint64_t now_ms);
/* Returns 1 with a PDU to send (valid until the next call), or 0. */
WSC_EXTERN int wsc_eap_peer_pop_tx(wsc_eap_peer *p, const uint8_t **pdu,
				   size_t *len);
/* Earliest deadline, or UINT64_MAX; then call handle_expiry. */
WSC_EXTERN uint64_t wsc_eap_peer_expiry(const wsc_eap_peer *p);
WSC_EXTERN void wsc_eap_peer_handle_expiry(wsc_eap_peer *p, uint64_t now_ms);
/* 0 running, 1 WPS succeeded and EAP ended, negative: failed. */
WSC_EXTERN int wsc_eap_peer_status(const wsc_eap_peer *p);
WSC_EXTERN wsc_session *wsc_eap_peer_session(wsc_eap_peer *p);

/*
 * EAP authenticator (the AP side), one instance per station MAC.
 * enrollee_peer: session config used when the station says it is an
 * enrollee (this AP is registrar); registrar_peer: when it says it is a
 * registrar (this AP is enrollee). A NULL config refuses that role.
 */
/*
 * Asked at the start of every run (each EAP-Response/Identity), so that a
 * run always sees the application's current state (armed PINs, AP PIN,
 * lockout, network settings). Fill *out (pointers in it need only live
 * until the call returns: the session copies them) and return 0, or
 * return non-zero to refuse the role (EAP-Failure). *out comes zeroed
 * with out->size the library's sizeof: write no field past it.
 */
typedef int (*wsc_session_cfg_fn)(void *ud, wsc_role our_role,
				  wsc_session_cfg *out);

typedef struct wsc_eap_auth_cfg {
	size_t size;                /* sizeof(wsc_eap_auth_cfg) */
	const wsc_session_cfg *for_enrollee;
	const wsc_session_cfg *for_registrar;
	/* when set, used instead of for_enrollee/for_registrar */
	wsc_session_cfg_fn session_cfg;
	void *session_cfg_ud;
	size_t fragment_size;
	uint32_t retrans_ms;        /* 0: 3000 */
	unsigned max_retrans;       /* 0: 4 */
	uint8_t first_id;           /* first EAP identifier */
} wsc_eap_auth_cfg;

typedef struct wsc_eap_auth wsc_eap_auth;

/* The authenticator, or NULL and *err (err may be NULL): WSC_ERR_INVAL
 * (cfg NULL or of unset size; neither role nor session_cfg; a session
 * config without dev, with a password over 64, or of unset size),
 * WSC_ERR_UNSUPPORTED, WSC_ERR_NOMEM. */
WSC_EXTERN wsc_eap_auth *wsc_eap_auth_new(const wsc_env *env,
					  const wsc_eap_auth_cfg *cfg,
					  int *err);
WSC_EXTERN void wsc_eap_auth_del(wsc_eap_auth *a);
/* Begin: queue EAP-Request/Identity (also done on EAPOL-Start): 0, or
 * WSC_ERR_DONE (the run is over). */
WSC_EXTERN int wsc_eap_auth_start(wsc_eap_auth *a, uint64_t now_ms);
/* Feed one EAPOL PDU from this station: 0; WSC_ERR_EAP for a bad, stale
 * or foreign frame, which changes nothing, but for a Response of another
 * EAP method in the middle of the run, which ends it (EAP-Failure);
 * WSC_ERR_DONE (the run is over); or, at the Identity Response, the
 * error that kept the run's session from being made (wsc_session_new's;
 * the run ends with EAP-Failure). EAPOL-Start restarts the run. */
WSC_EXTERN int wsc_eap_auth_recv(wsc_eap_auth *a, const uint8_t *pdu,
				 size_t len, uint64_t now_ms);
/* Returns 1 with a PDU to send (valid until the next call), or 0. */
WSC_EXTERN int wsc_eap_auth_pop_tx(wsc_eap_auth *a, const uint8_t **pdu,
				   size_t *len);
WSC_EXTERN uint64_t wsc_eap_auth_expiry(const wsc_eap_auth *a);
WSC_EXTERN void wsc_eap_auth_handle_expiry(wsc_eap_auth *a, uint64_t now_ms);
/* 0 running, 1 succeeded (EAP-Failure sent), negative: failed. */
WSC_EXTERN int wsc_eap_auth_status(const wsc_eap_auth *a);
/* The WPS session, once the identity chose one; NULL before. */
WSC_EXTERN wsc_session *wsc_eap_auth_session(wsc_eap_auth *a);

/* ------------------------------------------------ 802.11 WPS element */

/*
 * The WPS information element (vendor specific, OUI 00 50 F2 type 04) of
 * Beacons, Probe Requests and Probe Responses. The attributes travel in one
 * or more elements of at most 255 bytes each; build splits, parse joins.
 */
/* Kinds of element that are not WSC messages: the (Re)Association Request
 * and Response elements (Version, Request/Response Type, Version2). */
#define WSC_IE_ASSOC_REQ 0x80
#define WSC_IE_ASSOC_RESP 0x81

typedef struct wsc_ie {
	uint8_t kind;                /* WSC_MSG_BEACON, _PROBE_REQ, _PROBE_RESP,
	                                WSC_IE_ASSOC_REQ, WSC_IE_ASSOC_RESP */
	uint8_t wps_state;           /* beacon, probe response */
	bool ap_setup_locked;
	bool selected_registrar;     /* a registrar is armed */
	uint16_t dev_pw_id;          /* WSC_PW_PUSHBUTTON when PBC */
	uint16_t sel_reg_config_methods;
	uint8_t uuid[WSC_UUID_LEN];
	bool has_uuid;
	uint8_t rf_bands;
	uint8_t request_type;        /* probe request: 0 enrollee info, 1 open */
	uint8_t response_type;       /* probe response: 3 = AP */
	uint16_t config_methods;
	uint8_t authorized_macs[5][6];
	size_t n_authorized;
	char device_name[33];
	char manufacturer[65];       /* parse only: probe responses carry them */
	char model_name[33];
	char model_number[33];
	uint8_t version2;            /* 0x20 when the peer speaks WSC 2.0 */
} wsc_ie;

/* Build the element(s) for ie->kind; dev supplies the device attributes of
 * probe requests and responses (may be NULL for beacons). 0 and *len, or
 * WSC_ERR_INVAL (ie, out or len NULL), WSC_ERR_BUFSIZE. */
WSC_EXTERN int wsc_ie_build(const wsc_ie *ie, const wsc_device *dev,
			    uint8_t *out, size_t cap, size_t *len);
/* Find and join the WPS elements among a frame's elements (id, len, body
 * ...), and parse them. Returns 0, WSC_ERR_MISSING when there is no WPS
 * element (or it has no Version), WSC_ERR_INVAL (ies or out NULL), or a
 * codec error (WSC_ERR_BAD_LENGTH also for joined elements over 2048
 * bytes). */
WSC_EXTERN int wsc_ie_parse(const uint8_t *ies, size_t len, wsc_ie *out);

/* ------------------------------------ choosing an AP from scan results */

/*
 * The station's rules for which AP to run WPS with, from what a scan heard
 * (the transport scans; these functions only decide):
 * - PBC: an AP whose registrar is armed with the push button. More than one
 *   such registrar seen within the 120 s monitor time is a session overlap:
 *   nobody is tried. Registrars are told apart by UUID-E, so one device with
 *   several radios (BSSIDs) counts once; an AP without UUID-E counts by BSSID.
 * - PIN: armed registrars (Selected Registrar, not in push-button mode) that
 *   list this station in AuthorizedMACs first, then those open to all (the
 *   wildcard, or no list as in WSC 1.0), skipping those that list only
 *   others; then every other WPS AP, strongest first.
 * - Registrar (the station is the external registrar): every WPS AP whose
 *   setup is not locked, strongest first.
 */
typedef struct wsc_scan_bss {
	uint8_t bssid[6];
	int signal_mbm;              /* 100 * dBm; higher is stronger */
	bool has_wps;
	wsc_ie wps;
} wsc_scan_bss;

#define WSC_PBC_MONITOR_TIME_MS 120000u
#define WSC_PBC_MONITOR_MAX 16

/* The push-button registrars seen lately; caller memory, no allocation.
 * A registrar is its UUID-E, or its BSSID while none was heard: an AP
 * heard first by a Beacon without UUID-E and then by a Probe Response
 * with it is one registrar, not two. */
typedef struct wsc_pbc_monitor {
	struct {
		uint8_t id[WSC_UUID_LEN]; /* UUID-E, or the BSSID zero-padded */
		uint8_t bssid[6];         /* where it was last heard */
		bool has_uuid;
		uint64_t seen_ms;
	} reg[WSC_PBC_MONITOR_MAX];
	size_t n;
} wsc_pbc_monitor;

typedef enum wsc_select_mode {
	WSC_SELECT_PBC, WSC_SELECT_PIN, WSC_SELECT_REGISTRAR
} wsc_select_mode;

typedef struct wsc_candidate {
	size_t index;                /* into the scan results */
	bool armed;                  /* Selected Registrar set for us */
	bool listed;                 /* AuthorizedMACs names this station */
} wsc_candidate;

WSC_EXTERN void wsc_pbc_monitor_init(wsc_pbc_monitor *m);
/* Note the APs of one scan that are in push-button mode, heard at now_ms,
 * and forget those older than the monitor time. Returns how many distinct
 * push-button registrars were seen within it (more than 1: overlap). */
WSC_EXTERN size_t wsc_pbc_monitor_note(wsc_pbc_monitor *m,
				       const wsc_scan_bss *bss, size_t n,
				       uint64_t now_ms);
/* Order the APs worth trying, best first, into out[0..cap). own_mac: this
 * station (AuthorizedMACs). m: for PBC, the monitor the caller keeps (NULL:
 * judge this scan alone); ignored otherwise. Returns the number of
 * candidates written (0: none yet), WSC_ERR_PBC_OVERLAP (PBC: more than one
 * registrar in push-button mode), WSC_ERR_LOCKED (registrar mode: every WPS
 * AP heard has its setup locked) or WSC_ERR_INVAL. */
WSC_EXTERN int wsc_select_aps(const wsc_scan_bss *bss, size_t n,
			      wsc_select_mode mode, const uint8_t own_mac[6],
			      const wsc_pbc_monitor *m, uint64_t now_ms,
			      wsc_candidate *out, size_t cap);

/* ------------------------------------------ the access point's rules */

/*
 * wsc_ap: what an access point does around its registration runs, the
 * rules of hostapd's WPS registrar as one sans-I/O object. It owns one
 * wsc_eap_auth per station that talks EAP to it, and decides for each run:
 * - registrar (a station enrolls): the push button, armed for the walk
 *   time and serving one enrollee; the PBC session-overlap monitor (more
 *   than one UUID-E in push-button mode within WSC_PBC_MONITOR_TIME_MS,
 *   fed by M1s and by Probe Requests when the caller has them; an entry
 *   seen at t counts until t + 120 s, exclusive), on which every
 *   push-button run is refused with config error 12 before its M8, and
 *   every later one until the button's walk time ends (as hostapd); the
 *   PIN table (wildcard, bound to a UUID-E or a MAC, each with its
 *   timeout; the newest of equals first; a PIN is retired once its run
 *   reached M4 or failed on the device password, "00000000" is refused);
 *   an unconfigured AP invents WPA2-PSK settings on first use, keeps them
 *   and is configured by them when the first enrollee succeeds;
 * - enrollee (an external registrar proves the AP PIN): the AP PIN and its
 *   lockout, counted across MACs: 3 wrong PINs lock setup for 60 s, each
 *   further 3 double it, 10 in a row lock it until the operator sets a
 *   new AP PIN; while locked every registrar is refused with config error
 *   15, runs already under way included (a guess is never evaluated while
 *   locked, however many sessions an attacker opened);
 * - the WPS element of Beacons and Probe Responses (wsc_ap_ie).
 * Its persistent part (lockout, run-time AP PIN, invented settings) is a
 * small versioned blob (WSC_AP_EV_STATE) the caller stores and hands back
 * through wsc_ap_cfg.state.
 *
 * Time: every call takes now_ms on the caller's monotonic clock; timers
 * are wsc_ap_expiry() / wsc_ap_handle_expiry(). Events come through
 * on_event during the call that caused them; the callback may read the
 * object (wsc_ap_status, wsc_ap_settings, wsc_ap_state_save) but must not
 * change it. Pointers in an event live until the callback returns.
 */
typedef struct wsc_ap wsc_ap;

enum wsc_ap_event_type {
	WSC_AP_EV_PBC_ACTIVE,      /* the button was pressed */
	WSC_AP_EV_PBC_DISABLE,     /* PBC mode ended: an enrollee served */
	WSC_AP_EV_TIMEOUT,         /* the button's walk time ended/cancelled */
	WSC_AP_EV_CANCEL,          /* wsc_ap_cancel() */
	WSC_AP_EV_OVERLAP,         /* PBC session overlap: an enrollee or the
				      button refused */
	WSC_AP_EV_ENROLLEE_SEEN,   /* M1 or Probe Request of an enrollee */
	WSC_AP_EV_PIN_NEEDED,      /* M1 with a PIN nobody armed for it */
	WSC_AP_EV_RUN_START,       /* a station's run began (role, mac) */
	WSC_AP_EV_REG_SUCCESS,     /* an enrollee got cred (its own with
				      per_device_psk) */
	WSC_AP_EV_SUCCESS,         /* a run ended well */
	WSC_AP_EV_FAIL,            /* a run failed: msg, config_error, error */
	WSC_AP_EV_INVENTED,        /* unconfigured: settings made up (cred) */
	WSC_AP_EV_NEW_SETTINGS,    /* the AP is configured with cred: store
				      (mac, our_role: the run that did it) */
	WSC_AP_EV_SETUP_LOCKED,    /* AP PIN locked (lockout) */
	WSC_AP_EV_SETUP_UNLOCKED,  /* lock ended or lifted */
	WSC_AP_EV_AP_PIN_DISABLED, /* the AP PIN's timeout ended it */
	WSC_AP_EV_PIN_EXPIRED,     /* an armed PIN's timeout ended it */
	WSC_AP_EV_STATE,           /* persistent state changed: store blob */
	WSC_AP_EV_ELEMENT          /* the WPS element changed (wsc_ap_ie) */
};

typedef struct wsc_ap_event {
	enum wsc_ap_event_type type;
	const uint8_t *mac;        /* the station concerned, or NULL */
	const wsc_peer *peer;      /* ENROLLEE_SEEN, PIN_NEEDED, REG_SUCCESS,
				      SUCCESS, FAIL (what the peer said) */
	wsc_role our_role;         /* RUN_START, SUCCESS, FAIL */
	bool probe;                /* ENROLLEE_SEEN: from a Probe Request */
	bool pbc_new;              /* ENROLLEE_SEEN: a push-button enrollee
				      new to the overlap monitor */
	const wsc_cred *cred;      /* REG_SUCCESS, INVENTED, NEW_SETTINGS */
	int msg, config_error, error; /* FAIL */
	const uint8_t *blob;       /* STATE: the bytes to store */
	size_t blob_len;
	int pin_id;                /* REG_SUCCESS, FAIL, PIN_EXPIRED: the
				      armed PIN concerned (wsc_ap_add_pin's
				      id), 0 none (push button, AP PIN) */
	bool pin_retired;          /* FAIL: and that PIN is gone (its halves
				      were exposed, or it was wrong) */
} wsc_ap_event;

typedef void (*wsc_ap_event_fn)(void *ud, const wsc_ap_event *ev);

#define WSC_AP_MAX_PINS 16
#define WSC_AP_M1_PER_SEC_DEFAULT 250
#define WSC_AP_STATE_MAX 160       /* bytes a state blob may need */

typedef struct wsc_ap_cfg {
	size_t size;               /* sizeof(wsc_ap_cfg) */
	const wsc_device *dev;     /* this AP (copied) */
	/* the network; when !configured only its SSID is kept (invented
	 * settings take it; none: a random one) and may be NULL */
	const wsc_cred *settings;
	bool configured;
	const char *ap_pin;        /* label PIN for external registrars */
	bool setup_locked;         /* refuse external registrars (static) */
	bool per_device_psk;       /* each enrollee a random PSK of its own */
	uint32_t walk_time_ms;     /* 0: WSC_WALK_TIME_MS */
	size_t max_stations;       /* 0: 64 */
	size_t fragment_size;      /* EAP-WSC; 0: WSC_FRAG_DEFAULT */
	uint32_t retrans_ms;       /* 0: 3000 */
	size_t dh_priv_bits;       /* each run's exponent; 0: the default */
	const uint8_t *state;      /* a blob from an earlier WSC_AP_EV_STATE */
	size_t state_len;
	uint64_t now_ms;           /* wsc_ap_new: the clock now (a stored
				      lock resumes from here) */
	wsc_ap_event_fn on_event;
	void *event_ud;
	/* M1s answered with M2 per second, all stations together (each
	 * costs an exponentiation; a flood of them costs its sender
	 * nothing), counted with the runs an external registrar opens (our
	 * M1's key pair): 0, WSC_AP_M1_PER_SEC_DEFAULT; at most 100000.
	 * Each MAC also gets 10 at once, then one a second. An M1 over
	 * either limit is answered with M2D (no password for it now), an
	 * external registrar's run refused (EAP-Failure). */
	uint32_t m1_per_sec;
} wsc_ap_cfg;

/* NULL and *err (err may be NULL): WSC_ERR_INVAL (cfg NULL or of unset
 * size, no dev, bad ap_pin, configured without usable settings,
 * dh_priv_bits outside 160..1536, max_stations over 65536),
 * WSC_ERR_UNSUPPORTED (see Versioned configuration), WSC_ERR_BAD_VALUE
 * (state blob corrupt, of another version or truncated: nothing of it is
 * used), WSC_ERR_NOMEM. */
WSC_EXTERN wsc_ap *wsc_ap_new(const wsc_env *env, const wsc_ap_cfg *cfg,
			      int *err);
WSC_EXTERN void wsc_ap_del(wsc_ap *ap);
/* New configuration (a reload) keeping the run-time state: armed
 * registrar, PINs, lockout, runs. The state blob and now_ms are not read
 * again. 0, or, with nothing changed: WSC_ERR_INVAL as for wsc_ap_new,
 * and for a max_stations other than the object's (it cannot change),
 * WSC_ERR_UNSUPPORTED. */
WSC_EXTERN int wsc_ap_reconfigure(wsc_ap *ap, const wsc_ap_cfg *cfg);
/* The operator gives the AP new settings (configured from now on):
 * NEW_SETTINGS, 0. WSC_ERR_BAD_CRED for settings WSC 2.0 forbids,
 * WSC_ERR_INVAL for c NULL. */
WSC_EXTERN int wsc_ap_set_settings(wsc_ap *ap, const wsc_cred *c);

/* The button: PBC_ACTIVE, 0; or OVERLAP and WSC_ERR_PBC_OVERLAP (not
 * armed) when more than one push-button enrollee is in the monitor; or
 * WSC_ERR_RANDOM (an unconfigured AP could not invent its settings: not
 * armed). */
WSC_EXTERN int wsc_ap_pbc(wsc_ap *ap, uint64_t now_ms);
/* Arm a PIN (4 or 8 digits; a wrong check digit is accepted, as hostapd
 * accepts it, and logged) for any enrollee, or the one whose UUID-E is
 * uuid, and/or whose MAC is mac; for timeout_ms (0: the walk time).
 * Returns the PIN's id (positive; events name it in pin_id), or
 * WSC_ERR_BAD_PIN (syntax, or "00000000", the push-button password),
 * WSC_ERR_BUFSIZE (WSC_AP_MAX_PINS armed), WSC_ERR_RANDOM (an
 * unconfigured AP could not invent its settings: not armed). */
WSC_EXTERN int wsc_ap_add_pin(wsc_ap *ap, const char *pin,
			      const uint8_t *uuid, const uint8_t *mac,
			      uint32_t timeout_ms, uint64_t now_ms);
/* Disarm: the button (TIMEOUT) and every PIN not in use; then CANCEL. */
WSC_EXTERN void wsc_ap_cancel(wsc_ap *ap, uint64_t now_ms);
/* The AP PIN for external registrars: pin NULL disables it; otherwise it
 * is a new PIN (WSC_ERR_BAD_PIN unless wsc_pin_valid, or "00000000") for
 * timeout_ms (0: no end), and, as the operator's act, lifts a lockout
 * (SETUP_UNLOCKED). STATE either way. 0, or WSC_ERR_BAD_PIN (nothing
 * changed). */
WSC_EXTERN int wsc_ap_set_ap_pin(wsc_ap *ap, const char *pin,
				 uint32_t timeout_ms, uint64_t now_ms);
/* The current AP PIN into out[9]: 0, or WSC_ERR_MISSING (none). */
WSC_EXTERN int wsc_ap_get_ap_pin(const wsc_ap *ap, char out[9]);

/* An EAPOL PDU from the station mac: 0, WSC_ERR_EAP (a bad or stray
 * frame, dropped), WSC_ERR_NOMEM (no station slot free or no memory for
 * the station: the frame is dropped; or no memory for the run its
 * Identity Response began: the station gets EAP-Failure), WSC_ERR_RANDOM
 * (the station's first EAP identifier: dropped), WSC_ERR_INVAL (mac
 * NULL, or pdu NULL with len not 0). */
WSC_EXTERN int wsc_ap_recv_eapol(wsc_ap *ap, const uint8_t mac[6],
				 const uint8_t *pdu, size_t len,
				 uint64_t now_ms);
/* A Probe Request's WPS element (wsc_ie_parse of its elements), for the
 * overlap monitor and ENROLLEE_SEEN. */
WSC_EXTERN void wsc_ap_probe_req(wsc_ap *ap, const uint8_t mac[6],
				 const wsc_ie *ie, uint64_t now_ms);
/* The next EAPOL PDU to send: 1 with the station's MAC in mac and the PDU
 * (valid until the next call on ap), or 0. */
WSC_EXTERN int wsc_ap_pop_tx(wsc_ap *ap, uint8_t mac[6], const uint8_t **pdu,
			     size_t *len);
WSC_EXTERN uint64_t wsc_ap_expiry(const wsc_ap *ap);
WSC_EXTERN void wsc_ap_handle_expiry(wsc_ap *ap, uint64_t now_ms);

/* The WPS element's state for Beacons (kind WSC_MSG_BEACON) and Probe
 * Responses: WPS state, AP Setup Locked, Selected Registrar, Device
 * Password ID, its config methods, AuthorizedMACs, UUID; wsc_ie_build
 * makes the bytes. */
WSC_EXTERN void wsc_ap_ie(const wsc_ap *ap, uint8_t kind, wsc_ie *out);

enum wsc_ap_pbc_status {
	WSC_AP_PBC_DISABLED, WSC_AP_PBC_ACTIVE, WSC_AP_PBC_TIMEOUT,
	WSC_AP_PBC_OVERLAP
};

typedef struct wsc_ap_status {
	bool configured;
	enum wsc_ap_pbc_status pbc;
	int last_result;           /* 0 none yet, 1 success, -1 failure */
	uint8_t last_peer[6];
	bool setup_locked;         /* static, or the lockout now */
	bool locked_forever;       /* 10 wrong AP PINs: until the operator */
	unsigned ap_pin_failures;  /* consecutive */
	bool ap_pin_enabled;
	size_t pins;               /* armed PINs */
	size_t stations;           /* stations with a conversation */
} wsc_ap_status;

WSC_EXTERN void wsc_ap_status_get(const wsc_ap *ap, wsc_ap_status *out);
/* The AP's settings: configured ones, or while unconfigured the invented
 * ones once made (before: the configured SSID only). */
WSC_EXTERN const wsc_cred *wsc_ap_settings(const wsc_ap *ap);
/* The persistent state as of now_ms, into buf: 0 and *len, or
 * WSC_ERR_BUFSIZE (cap >= WSC_AP_STATE_MAX is enough), WSC_ERR_INVAL (buf
 * or len NULL). The blob holds the
 * AP PIN and invented settings: store it where only the owner reads. */
WSC_EXTERN int wsc_ap_state_save(const wsc_ap *ap, uint64_t now_ms,
				 uint8_t *buf, size_t cap, size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* WSC_WSC_H */
