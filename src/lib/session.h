/* Private: the WPS registration session shared by enrollee.c and
 * registrar.c. */
#ifndef WSC_SESSION_H
#define WSC_SESSION_H

#include "internal.h"

#define MSG_MAX 2048

enum sstate {
	/* enrollee */
	E_SEND_M1, E_RECV_M2, E_SEND_M3, E_RECV_M4, E_SEND_M5, E_RECV_M6,
	E_SEND_M7, E_RECV_M8, E_SEND_DONE, E_RECV_ACK, E_SEND_ACK_M2D,
	/* registrar */
	R_RECV_M1, R_SEND_M2, R_SEND_M2D, R_RECV_M2D_ACK, R_RECV_M3,
	R_SEND_M4, R_RECV_M5, R_SEND_M6, R_RECV_M7, R_SEND_M8, R_RECV_DONE,
	R_SEND_ACK,
	/* both */
	S_SEND_NACK, S_FINISHED
};

struct wsc_session {
	wsc_env env;
	wsc_role role;
	bool ap;
	wsc_device dev;
	enum sstate state;
	int status;              /* 0 running, 1 ok, <0 failed */
	int config_error;        /* ours to send, or the peer's */
	bool fail_reported;
	int refuse_err;     /* wsc_session_refuse: NACK the next message */
	int refuse_ce;

	uint8_t pw[64];
	size_t pw_len;
	uint16_t pw_id;
	bool have_pw;
	wsc_password_fn pw_cb;
	void *pw_ud;
	uint16_t m2d_error;      /* config error carried in M2D */

	wsc_cred own_settings;   /* enrollee AP: current; registrar: cred */
	bool have_settings;
	uint8_t wps_state;
	bool setup_locked;
	wsc_event_fn on_event;
	void *ev_ud;

	wsc_dh_keypair dh;
	size_t dh_priv_bits;         /* for a key pair made here */
	uint8_t n_e[WSC_NONCE_LEN], n_r[WSC_NONCE_LEN];
	uint8_t mac_e[6];
	uint8_t pk_e[WSC_PUBKEY_LEN], pk_r[WSC_PUBKEY_LEN];
	wsc_keys keys;
	uint8_t psk1[PSK_LEN], psk2[PSK_LEN];
	uint8_t s1[16], s2[16];          /* our secret nonces */
	uint8_t peer_hash1[HASH_LEN], peer_hash2[HASH_LEN];
	wsc_peer peer;
	int last_msg;                    /* last M-message type seen */

	uint8_t last[MSG_MAX];           /* previous M-message */
	size_t last_len;
	uint8_t out[MSG_MAX];
	size_t out_len;
	uint8_t out_op;
};

/* session.c */
WSC_HIDDEN void sess_emit(wsc_session *s, const wsc_event *ev);
WSC_HIDDEN void sess_fail(wsc_session *s, int err, int config_error,
			  bool send_nack);
WSC_HIDDEN void sess_succeed(wsc_session *s);
WSC_HIDDEN void sess_keep_last(wsc_session *s, const uint8_t *m, size_t len);
WSC_HIDDEN void build_header(wbuf *b, uint8_t msg_type);
WSC_HIDDEN void build_nonces(wsc_session *s, wbuf *b);
WSC_HIDDEN void build_device_attrs(wsc_session *s, wbuf *b);
WSC_HIDDEN int finish_with_auth(wsc_session *s, wbuf *b);
/* Version2, Authenticator; the message becomes "previous" for the next */
WSC_HIDDEN int finish_m_msg(wsc_session *s, wbuf *b, uint8_t type);
WSC_HIDDEN int check_auth(wsc_session *s, const uint8_t *msg, size_t len,
			  const wsc_parsed *m);
WSC_HIDDEN int check_nonce(const wsc_session *s, const wsc_parsed *m,
			   enum wsc_attr_id id);
WSC_HIDDEN int derive_session_keys(wsc_session *s);
WSC_HIDDEN int open_settings(wsc_session *s, const wsc_parsed *m,
			     uint8_t *plain, size_t cap, size_t *len,
			     wsc_parsed *inner);
WSC_HIDDEN int check_pin_hash(wsc_session *s, const uint8_t *snonce,
			      const uint8_t psk[16], const uint8_t want[32]);
WSC_HIDDEN int make_hash(wsc_session *s, const uint8_t snonce[16],
			 const uint8_t psk[16], uint8_t out[32]);
WSC_HIDDEN void peer_from_msg(wsc_peer *p, const wsc_parsed *m);
/* Build settings attributes (no Credential wrapper). */
WSC_HIDDEN void build_settings(wbuf *b, const wsc_cred *c, bool with_index);
/* Parse settings attributes from a message or a Credential's body. */
WSC_HIDDEN int parse_settings(const wsc_parsed *m, wsc_cred *c);
WSC_HIDDEN int build_simple(wsc_session *s, uint8_t msg_type);

/* enrollee.c / registrar.c */
WSC_HIDDEN int enrollee_process(wsc_session *s, uint8_t op,
				const uint8_t *msg, size_t len,
				const wsc_parsed *m);
WSC_HIDDEN int enrollee_build(wsc_session *s);
WSC_HIDDEN int registrar_process(wsc_session *s, uint8_t op,
				 const uint8_t *msg, size_t len,
				 const wsc_parsed *m);
WSC_HIDDEN int registrar_build(wsc_session *s);

#endif
