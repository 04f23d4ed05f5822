/*
 * The registration protocol session: lifecycle, message dispatch and the
 * pieces both roles share (headers, Authenticator, Encrypted Settings,
 * settings attributes). Role logic lives in enrollee.c and registrar.c.
 */
#include <stdio.h>

#include "session.h"

/* Settings whose lengths fit their fields (what is in them is the
 * roles' business: wsc_cred_check where WSC 2.0 forbids them). */
static bool cred_fits(const wsc_cred *c)
{
	return !c || (c->ssid_len <= sizeof(c->ssid) &&
		      c->key_len <= sizeof(c->key));
}

wsc_session *wsc_session_new(const wsc_env *in,
			     const wsc_session_cfg *in_cfg, int *err)
{
	wsc_session_cfg cv;
	const wsc_session_cfg *cfg = &cv;
	wsc_env env;
	wsc_session *s;
	int e;

	e = env_resolve(&env, in);
	e = e ? e : CFG_IMPORT(&cv, in_cfg);
	if (e)
		goto out;
	if (!cfg->dev || cfg->password_len > sizeof(s->pw) ||
	    (cfg->role == WSC_ENROLLEE && !cfg->password) ||
	    (cfg->password && cfg->password_len == 0)) {
		e = WSC_ERR_INVAL;
		goto out;
	}
	if ((cfg->role != WSC_ENROLLEE && cfg->role != WSC_REGISTRAR) ||
	    !cred_fits(cfg->cred) || !cred_fits(cfg->ap_settings)) {
		e = WSC_ERR_INVAL;
		goto out;
	}
	if (cfg->role == WSC_REGISTRAR && cfg->ap && !cfg->cred) {
		e = WSC_ERR_INVAL; /* an AP registrar must have settings */
		goto out;
	}
	if (cfg->dh_priv_bits && (cfg->dh_priv_bits < WSC_DH_PRIV_BITS_MIN ||
				  cfg->dh_priv_bits > WSC_PUBKEY_LEN * 8)) {
		e = WSC_ERR_INVAL;
		goto out;
	}
	s = env_alloc(&env, sizeof(*s));
	if (!s) {
		e = WSC_ERR_NOMEM;
		goto out;
	}
	s->env = env;
	s->role = cfg->role;
	s->ap = cfg->ap;
	s->dev = *cfg->dev;
	s->pw_id = cfg->pw_id;
	if (cfg->password) {
		memcpy(s->pw, cfg->password, cfg->password_len);
		s->pw_len = cfg->password_len;
		s->have_pw = true;
	}
	s->pw_cb = cfg->password_cb;
	s->pw_ud = cfg->password_ud;
	if (cfg->role == WSC_ENROLLEE && cfg->ap_settings) {
		s->own_settings = *cfg->ap_settings;
		s->have_settings = true;
	} else if (cfg->role == WSC_REGISTRAR && cfg->cred) {
		s->own_settings = *cfg->cred;
		s->have_settings = true;
	}
	s->wps_state = cfg->wps_state ? cfg->wps_state :
		       s->have_settings ? WSC_STATE_CONFIGURED :
					  WSC_STATE_NOT_CONFIGURED;
	s->setup_locked = cfg->setup_locked;
	s->on_event = cfg->on_event;
	s->ev_ud = cfg->event_ud;
	s->dh_priv_bits = cfg->dh_priv_bits;
	if (cfg->dh && cfg->dh->valid) {
		s->dh = *cfg->dh;
		wsc_wipe(cfg->dh, sizeof(*cfg->dh)); /* consumed */
	}
	s->state = s->role == WSC_ENROLLEE ? E_SEND_M1 : R_RECV_M1;
	if (err)
		*err = 0;
	return s;
out:
	if (err)
		*err = e;
	return NULL;
}

bool sess_past_m3(const wsc_session *s)
{
	return s->role == WSC_REGISTRAR && s->state >= R_SEND_M4 &&
	       s->state <= R_SEND_ACK;
}

void sess_take_keypair(wsc_session *s, wsc_dh_keypair *kp)
{
	if (s->dh.valid || !kp->valid)
		return;
	s->dh = *kp;
	wsc_wipe(kp, sizeof(*kp));
}

void wsc_session_del(wsc_session *s)
{
	if (s)
		env_free(&s->env, s, sizeof(*s)); /* wipes every secret */
}

int wsc_session_status(const wsc_session *s)
{
	return s->status;
}

int wsc_session_config_error(const wsc_session *s)
{
	return s->config_error;
}

wsc_role wsc_session_role(const wsc_session *s)
{
	return s->role;
}

void sess_emit(wsc_session *s, const wsc_event *ev)
{
	if (s->on_event)
		s->on_event(s->ev_ud, ev);
}

static void wipe_secrets(wsc_session *s)
{
	/* The run is over: nothing secret is needed any more. */
	wsc_wipe(&s->dh, sizeof(s->dh));
	wsc_wipe(&s->keys, sizeof(s->keys));
	wsc_wipe(s->psk1, sizeof(s->psk1));
	wsc_wipe(s->psk2, sizeof(s->psk2));
	wsc_wipe(s->s1, sizeof(s->s1));
	wsc_wipe(s->s2, sizeof(s->s2));
	wsc_wipe(s->pw, sizeof(s->pw));
}

void sess_fail(wsc_session *s, int err, int config_error, bool send_nack)
{
	if (s->status != 0)
		return;
	s->status = err;
	s->config_error = config_error;
	s->state = send_nack ? S_SEND_NACK : S_FINISHED;
	env_log(&s->env, WSC_LOG_INFO, "WPS run failed: %s (config error %d)",
		wsc_strerror(err), config_error);
	wipe_secrets(s);
	if (!s->fail_reported) {
		wsc_event ev = { .type = WSC_EV_FAIL, .peer = &s->peer,
				 .msg = s->last_msg,
				 .config_error = config_error, .error = err };
		s->fail_reported = true;
		sess_emit(s, &ev);
	}
}

void sess_succeed(wsc_session *s)
{
	wsc_event ev = { .type = WSC_EV_SUCCESS, .peer = &s->peer };

	if (s->status != 0)
		return;
	s->status = 1;
	wipe_secrets(s);
	sess_emit(s, &ev);
}

void wsc_session_abort(wsc_session *s, int err)
{
	if (s->status == 0)
		sess_fail(s, err < 0 ? err : WSC_ERR_TIMEOUT,
			  err == WSC_ERR_TIMEOUT ? WSC_CE_MSG_TIMEOUT : 0,
			  false);
	s->state = S_FINISHED;
}

void wsc_session_refuse(wsc_session *s, int err, int config_error)
{
	if (!s || s->status != 0)
		return;
	s->refuse_err = err < 0 ? err : WSC_ERR_INVAL;
	s->refuse_ce = config_error;
}

void sess_keep_last(wsc_session *s, const uint8_t *m, size_t len)
{
	memcpy(s->last, m, len); /* len <= MSG_MAX checked by callers */
	s->last_len = len;
}

/* ---- building */

void build_header(wbuf *b, uint8_t msg_type)
{
	wb_attr_u8(b, ATTR_VERSION, WSC_VERSION_BYTE);
	wb_attr_u8(b, ATTR_MSG_TYPE, msg_type);
}

void build_nonces(wsc_session *s, wbuf *b)
{
	wb_attr(b, ATTR_ENROLLEE_NONCE, s->n_e, WSC_NONCE_LEN);
	wb_attr(b, ATTR_REGISTRAR_NONCE, s->n_r, WSC_NONCE_LEN);
}

void build_device_attrs(wsc_session *s, wbuf *b)
{
	const wsc_device *d = &s->dev;

	/* WSC 2.0: no Shared/WEP; advertise open, WPA-PSK and WPA2-PSK */
	wb_attr_u16(b, ATTR_AUTH_TYPE_FLAGS, WSC_AUTH_OPEN | WSC_AUTH_WPAPSK |
					     WSC_AUTH_WPA2PSK);
	wb_attr_u16(b, ATTR_ENCR_TYPE_FLAGS, WSC_ENCR_NONE | WSC_ENCR_TKIP |
					     WSC_ENCR_AES);
	wb_attr_u8(b, ATTR_CONN_TYPE_FLAGS, 0x01); /* ESS */
	wb_attr_u16(b, ATTR_CONFIG_METHODS, d->config_methods);
	if (s->role == WSC_ENROLLEE)
		wb_attr_u8(b, ATTR_WPS_STATE, s->wps_state);
	wb_attr_str(b, ATTR_MANUFACTURER, d->manufacturer);
	wb_attr_str(b, ATTR_MODEL_NAME, d->model_name);
	wb_attr_str(b, ATTR_MODEL_NUMBER, d->model_number);
	wb_attr_str(b, ATTR_SERIAL_NUMBER, d->serial_number);
	wb_attr(b, ATTR_PRIMARY_DEV_TYPE, d->dev_type, 8);
	wb_attr_str(b, ATTR_DEV_NAME, d->device_name);
	wb_attr_u8(b, ATTR_RF_BANDS, d->rf_bands ? d->rf_bands : 1);
	wb_attr_u16(b, ATTR_ASSOC_STATE, 0);
}

int finish_with_auth(wsc_session *s, wbuf *b)
{
	uint8_t tag[8];
	int err;

	if (b->overflow)
		return WSC_ERR_BUFSIZE;
	err = authenticator(&s->env, &s->keys, s->last, s->last_len, b->p,
			    b->len, tag);
	if (err)
		return err;
	wb_attr(b, ATTR_AUTHENTICATOR, tag, 8);
	return b->overflow ? WSC_ERR_BUFSIZE : 0;
}

int finish_m_msg(wsc_session *s, wbuf *b, uint8_t type)
{
	int err;

	wb_wfa_ext(b, NULL, 0);
	err = finish_with_auth(s, b);
	if (err)
		return err;
	s->out_len = b->len;
	sess_keep_last(s, b->p, b->len);
	s->last_msg = type;
	return 0;
}

int build_simple(wsc_session *s, uint8_t msg_type)
{
	wbuf b;

	wb_init(&b, s->out, sizeof(s->out));
	build_header(&b, msg_type);
	build_nonces(s, &b);
	/* A NACK that answers the peer's NACK carries our own reason
	 * (none), not an echo of the peer's, as wpa_supplicant does. */
	if (msg_type == WSC_MSG_NACK)
		wb_attr_u16(&b, ATTR_CONFIG_ERROR,
			    s->status == WSC_ERR_NACK ?
				    (uint16_t)WSC_CE_NONE :
				    (uint16_t)s->config_error);
	wb_wfa_ext(&b, NULL, 0);
	if (b.overflow)
		return WSC_ERR_BUFSIZE;
	s->out_len = b.len;
	s->out_op = msg_type == WSC_MSG_ACK ? WSC_OP_ACK :
		    msg_type == WSC_MSG_NACK ? WSC_OP_NACK : WSC_OP_DONE;
	return 0;
}

void build_settings(wbuf *b, const wsc_cred *c, bool with_index)
{
	if (with_index)
		wb_attr_u8(b, ATTR_NETWORK_INDEX, 1);
	wb_attr(b, ATTR_SSID, c->ssid, c->ssid_len);
	wb_attr_u16(b, ATTR_AUTH_TYPE, c->auth_type);
	wb_attr_u16(b, ATTR_ENCR_TYPE, c->encr_type);
	wb_attr(b, ATTR_NETWORK_KEY, c->key, c->key_len);
	wb_attr(b, ATTR_MAC_ADDR, c->mac, 6);
}

int parse_settings(const wsc_parsed *m, wsc_cred *c)
{
	memset(c, 0, sizeof(*c));
	if (!has(m, WSC_A_SSID) || !has(m, WSC_A_AUTH_TYPE) ||
	    !has(m, WSC_A_ENCR_TYPE))
		return WSC_ERR_MISSING;
	c->ssid_len = (uint8_t)m->a[WSC_A_SSID].len;
	memcpy(c->ssid, m->a[WSC_A_SSID].p, c->ssid_len);
	c->auth_type = pv_u16(m, WSC_A_AUTH_TYPE);
	c->encr_type = pv_u16(m, WSC_A_ENCR_TYPE);
	if (has(m, WSC_A_NETWORK_KEY)) {
		size_t n = m->a[WSC_A_NETWORK_KEY].len;
		memcpy(c->key, m->a[WSC_A_NETWORK_KEY].p, n);
		/* some registrars count a trailing NUL in the key */
		while (n > 0 && c->key[n - 1] == '\0')
			n--;
		c->key_len = (uint8_t)n;
	}
	if (has(m, WSC_A_MAC_ADDR))
		memcpy(c->mac, m->a[WSC_A_MAC_ADDR].p, 6);
	return wsc_cred_check(c);
}

/* ---- checking */

int check_nonce(const wsc_session *s, const wsc_parsed *m, enum wsc_attr_id id)
{
	const uint8_t *mine = id == WSC_A_ENROLLEE_NONCE ? s->n_e : s->n_r;

	if (!has(m, id))
		return WSC_ERR_MISSING;
	return memcmp(m->a[id].p, mine, WSC_NONCE_LEN) ? WSC_ERR_NONCE : 0;
}

int check_auth(wsc_session *s, const uint8_t *msg, size_t len,
	       const wsc_parsed *m)
{
	uint8_t tag[8];
	int err;

	if (!has(m, WSC_A_AUTHENTICATOR))
		return WSC_ERR_MISSING;
	/* the Authenticator must be the last attribute */
	if (len < 12 || m->a[WSC_A_AUTHENTICATOR].p != msg + len - 8)
		return WSC_ERR_AUTHENTICATOR;
	err = authenticator(&s->env, &s->keys, s->last, s->last_len, msg,
			    len - 12, tag);
	if (err)
		return err;
	return wsc_ct_cmp(tag, msg + len - 8, 8) ? WSC_ERR_AUTHENTICATOR : 0;
}

int derive_session_keys(wsc_session *s)
{
	uint8_t shared[WSC_PUBKEY_LEN];
	const uint8_t *peer = s->role == WSC_ENROLLEE ? s->pk_r : s->pk_e;
	int err;

	err = dh_shared(&s->env, &s->dh, peer, WSC_PUBKEY_LEN, shared);
	if (!err)
		err = derive_keys(&s->env, shared, s->n_e, s->mac_e, s->n_r,
				  &s->keys);
	if (!err)
		err = derive_psk(&s->env, &s->keys, s->pw, s->pw_len, s->psk1,
				 s->psk2);
	wsc_wipe(shared, sizeof(shared));
	/* the private key has done its job */
	wsc_wipe(s->dh.priv, sizeof(s->dh.priv));
	return err;
}

int open_settings(wsc_session *s, const wsc_parsed *m, uint8_t *plain,
		  size_t cap, size_t *len, wsc_parsed *inner)
{
	int err;

	if (!has(m, WSC_A_ENCR_SETTINGS))
		return WSC_ERR_MISSING;
	err = encr_settings_open(&s->env, &s->keys, m->a[WSC_A_ENCR_SETTINGS].p,
				 m->a[WSC_A_ENCR_SETTINGS].len, plain, cap, len);
	if (err)
		return err;
	err = wsc_parse(plain, *len, inner, NULL);
	if (err) {
		wsc_wipe(plain, *len); /* may hold a credential */
		return WSC_ERR_DECRYPT;
	}
	return 0;
}

int make_hash(wsc_session *s, const uint8_t snonce[16], const uint8_t psk[16],
	      uint8_t out[32])
{
	return pin_hash(&s->env, &s->keys, snonce, psk, s->pk_e, s->pk_r, out);
}

int check_pin_hash(wsc_session *s, const uint8_t *snonce,
		   const uint8_t psk[16], const uint8_t want[32])
{
	uint8_t h[HASH_LEN];
	int err = make_hash(s, snonce, psk, h);

	if (!err && wsc_ct_cmp(h, want, HASH_LEN))
		err = WSC_ERR_PASSWORD;
	wsc_wipe(h, sizeof(h));
	return err;
}

static void copy_str(char *dst, size_t cap, const wsc_view *v)
{
	size_t n = 0;

	if (v->p)
		for (; n < v->len && n + 1 < cap; n++)
			dst[n] = v->p[n] >= 0x20 && v->p[n] < 0x7f ?
					 (char)v->p[n] : '?';
	dst[n] = '\0';
}

void peer_from_msg(wsc_peer *p, const wsc_parsed *m)
{
	const wsc_view *u = has(m, WSC_A_UUID_E) ? &m->a[WSC_A_UUID_E] :
						   &m->a[WSC_A_UUID_R];
	if (u->p)
		memcpy(p->uuid, u->p, WSC_UUID_LEN);
	if (has(m, WSC_A_MAC_ADDR))
		memcpy(p->mac, m->a[WSC_A_MAC_ADDR].p, 6);
	if (has(m, WSC_A_DEV_PASSWORD_ID))
		p->pw_id = pv_u16(m, WSC_A_DEV_PASSWORD_ID);
	if (has(m, WSC_A_CONFIG_METHODS))
		p->config_methods = pv_u16(m, WSC_A_CONFIG_METHODS);
	if (has(m, WSC_A_WPS_STATE))
		p->wps_state = pv_u8(m, WSC_A_WPS_STATE);
	copy_str(p->device_name, sizeof(p->device_name),
		 &m->a[WSC_A_DEVICE_NAME]);
	copy_str(p->manufacturer, sizeof(p->manufacturer),
		 &m->a[WSC_A_MANUFACTURER]);
	copy_str(p->model_name, sizeof(p->model_name), &m->a[WSC_A_MODEL_NAME]);
	copy_str(p->model_number, sizeof(p->model_number),
		 &m->a[WSC_A_MODEL_NUMBER]);
	copy_str(p->serial_number, sizeof(p->serial_number),
		 &m->a[WSC_A_SERIAL_NUMBER]);
	if (has(m, WSC_A_PRIMARY_DEV_TYPE) &&
	    m->a[WSC_A_PRIMARY_DEV_TYPE].len == 8)
		memcpy(p->dev_type, m->a[WSC_A_PRIMARY_DEV_TYPE].p, 8);
}

/* ---- dispatch */

static void trace(wsc_session *s, const char *dir, const uint8_t *msg,
		  size_t len, uint8_t type)
{
	char dump[4096], *save = NULL;

	if (!s->env.log || s->env.log_level < WSC_LOG_DEBUG)
		return;
	env_log(&s->env, WSC_LOG_DEBUG, "%s %s %s (%zu bytes)",
		s->role == WSC_ENROLLEE ? "enrollee" : "registrar", dir,
		wsc_msg_name(type), len);
	wsc_dump(msg, len, s->env.log_secrets, dump, sizeof(dump));
	for (char *line = strtok_r(dump, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		env_log(&s->env, WSC_LOG_DEBUG, "%s", line);
}

static uint8_t op_for(uint8_t msg_type)
{
	switch (msg_type) {
	case WSC_MSG_ACK: return WSC_OP_ACK;
	case WSC_MSG_NACK: return WSC_OP_NACK;
	case WSC_MSG_DONE: return WSC_OP_DONE;
	default: return WSC_OP_MSG;
	}
}

static int process_nack(wsc_session *s, const wsc_parsed *m)
{
	int err = check_nonce(s, m, WSC_A_ENROLLEE_NONCE);

	/* only an enrollee waiting for M2 does not know the registrar's
	 * nonce yet */
	if (!err && s->state != E_RECV_M2)
		err = check_nonce(s, m, WSC_A_REGISTRAR_NONCE);
	if (!err && !has(m, WSC_A_CONFIG_ERROR))
		err = WSC_ERR_MISSING;
	if (err) {
		sess_fail(s, err, 0, false);
		return err;
	}
	/* The EAP peer answers a NACK with a NACK; the EAP layer decides
	 * whether to send it. */
	sess_fail(s, WSC_ERR_NACK, pv_u16(m, WSC_A_CONFIG_ERROR), true);
	return WSC_ERR_NACK;
}

int wsc_session_process(wsc_session *s, uint8_t op, const uint8_t *msg,
			size_t len)
{
	wsc_parsed m;
	int err;

	if (s->status != 0)
		return s->status < 0 ? s->status : WSC_ERR_DONE;
	if (!msg || len > MSG_MAX) {
		err = WSC_ERR_BAD_LENGTH;
		goto bad;
	}
	err = wsc_parse(msg, len, &m, NULL);
	if (err)
		goto bad;
	if (!has(&m, WSC_A_VERSION) || !has(&m, WSC_A_MSG_TYPE)) {
		err = WSC_ERR_MISSING;
		goto bad;
	}
	if (op_for(pv_u8(&m, WSC_A_MSG_TYPE)) != op) {
		err = WSC_ERR_STATE;
		goto bad;
	}
	trace(s, "received", msg, len, pv_u8(&m, WSC_A_MSG_TYPE));
	if (pv_u8(&m, WSC_A_MSG_TYPE) == WSC_MSG_NACK)
		return process_nack(s, &m);
	if (s->refuse_err) {
		/* condemned while the peer was busy: its message gets a
		 * NACK, never our answer (a registrar's M4, M6 or M8) */
		env_log(&s->env, WSC_LOG_INFO, "run refused: %s",
			wsc_strerror(s->refuse_err));
		sess_fail(s, s->refuse_err, s->refuse_ce,
			  !(s->role == WSC_REGISTRAR && s->state == R_RECV_M1));
		return s->refuse_err;
	}
	if (s->role == WSC_ENROLLEE)
		return enrollee_process(s, op, msg, len, &m);
	return registrar_process(s, op, msg, len, &m);
bad:
	env_log(&s->env, WSC_LOG_INFO, "rejected message: %s",
		wsc_strerror(err));
	/* a registrar that never saw M1 has no nonces to NACK with */
	sess_fail(s, err, 0, s->state != R_RECV_M1);
	return err;
}

int wsc_session_get_msg(wsc_session *s, uint8_t *op, const uint8_t **msg,
			size_t *len)
{
	int err;

	if (s->state == S_FINISHED)
		return 0;
	if (s->state == S_SEND_NACK) {
		err = build_simple(s, WSC_MSG_NACK);
		s->state = S_FINISHED;
	} else {
		err = s->role == WSC_ENROLLEE ? enrollee_build(s) :
						registrar_build(s);
	}
	if (err == 1)
		return 0; /* nothing to send in this state */
	if (err) {
		sess_fail(s, err, 0, false);
		return err;
	}
	*op = s->out_op;
	*msg = s->out;
	*len = s->out_len;
	trace(s, "sending", s->out, s->out_len, s->out[9]);
	return 1;
}
