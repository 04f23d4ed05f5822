/* The enrollee role: M1, M3, M5, M7, WSC_Done (and ACK/NACK). */
#include "session.h"

static int build_m1(wsc_session *s)
{
	wbuf b;
	int err;

	if (!s->dh.valid) {
		err = wsc_dh_keypair_generate(&s->env, &s->dh,
						      s->dh_priv_bits);
		if (err)
			return err;
	}
	err = env_random(&s->env, s->n_e, WSC_NONCE_LEN);
	if (err)
		return err;
	memcpy(s->mac_e, s->dev.mac, 6);
	memcpy(s->pk_e, s->dh.pub, WSC_PUBKEY_LEN);

	wb_init(&b, s->out, sizeof(s->out));
	build_header(&b, WSC_MSG_M1);
	wb_attr(&b, ATTR_UUID_E, s->dev.uuid, WSC_UUID_LEN);
	wb_attr(&b, ATTR_MAC_ADDR, s->dev.mac, 6);
	wb_attr(&b, ATTR_ENROLLEE_NONCE, s->n_e, WSC_NONCE_LEN);
	wb_attr(&b, ATTR_PUBLIC_KEY, s->pk_e, WSC_PUBKEY_LEN);
	build_device_attrs(s, &b);
	wb_attr_u16(&b, ATTR_DEV_PASSWORD_ID, s->pw_id);
	wb_attr_u16(&b, ATTR_CONFIG_ERROR, 0);
	wb_attr_u32(&b, ATTR_OS_VERSION, s->dev.os_version | 0x80000000u);
	wb_wfa_ext(&b, NULL, 0);
	if (b.overflow)
		return WSC_ERR_BUFSIZE;
	s->out_len = b.len;
	s->state = E_RECV_M2;
	s->last_msg = WSC_MSG_M1;
	return 0;
}

/* M3, M5, M7: Registrar Nonce, payload, Version2, Authenticator */
static int build_proof(wsc_session *s, uint8_t type)
{
	uint8_t plain[256], h1[HASH_LEN], h2[HASH_LEN];
	wbuf b, p;
	int err = 0;

	wb_init(&b, s->out, sizeof(s->out));
	build_header(&b, type);
	wb_attr(&b, ATTR_REGISTRAR_NONCE, s->n_r, WSC_NONCE_LEN);
	if (type == WSC_MSG_M3) {
		err = env_random(&s->env, s->s1, 16);
		err = err ? err : env_random(&s->env, s->s2, 16);
		err = err ? err : make_hash(s, s->s1, s->psk1, h1);
		err = err ? err : make_hash(s, s->s2, s->psk2, h2);
		wb_attr(&b, ATTR_E_HASH1, h1, HASH_LEN);
		wb_attr(&b, ATTR_E_HASH2, h2, HASH_LEN);
	} else {
		wb_init(&p, plain, sizeof(plain));
		if (type == WSC_MSG_M5) {
			wb_attr(&p, ATTR_E_SNONCE1, s->s1, 16);
		} else {
			wb_attr(&p, ATTR_E_SNONCE2, s->s2, 16);
			if (s->ap && s->have_settings) {
				/* the AP's settings name the AP's own MAC, as
				 * hostapd's do */
				wsc_cred cur = s->own_settings;
				if (!memcmp(cur.mac, "\0\0\0\0\0\0", 6))
					memcpy(cur.mac, s->dev.mac, 6);
				build_settings(&p, &cur, false);
				wsc_wipe(&cur, sizeof(cur));
			}
		}
		err = p.overflow ? WSC_ERR_BUFSIZE :
				   encr_settings_build(&s->env, &s->keys,
						       plain, p.len, &b);
		wsc_wipe(plain, sizeof(plain));
	}
	if (err)
		return err;
	return finish_m_msg(s, &b, type);
}

int enrollee_build(wsc_session *s)
{
	int err;

	s->out_op = WSC_OP_MSG;
	switch (s->state) {
	case E_SEND_M1:
		err = build_m1(s);
		if (!err)
			sess_keep_last(s, s->out, s->out_len);
		return err;
	case E_SEND_M3:
		err = build_proof(s, WSC_MSG_M3);
		s->state = E_RECV_M4;
		return err;
	case E_SEND_M5:
		err = build_proof(s, WSC_MSG_M5);
		s->state = E_RECV_M6;
		return err;
	case E_SEND_M7:
		err = build_proof(s, WSC_MSG_M7);
		s->state = E_RECV_M8;
		return err;
	case E_SEND_DONE:
		err = build_simple(s, WSC_MSG_DONE);
		if (err)
			return err;
		if (s->ap) {
			s->state = E_RECV_ACK; /* an AP waits for the ACK */
		} else {
			s->state = S_FINISHED;
			sess_succeed(s);
		}
		return 0;
	case E_SEND_ACK_M2D:
		err = build_simple(s, WSC_MSG_ACK);
		s->state = E_RECV_M2; /* another registrar may answer */
		return err;
	default:
		return 1;
	}
}

static int recv_m2(wsc_session *s, const uint8_t *msg, size_t len,
		   const wsc_parsed *m)
{
	const wsc_view *pk = &m->a[WSC_A_PUBLIC_KEY];
	int err;

	if (!has(m, WSC_A_REGISTRAR_NONCE) || !has(m, WSC_A_UUID_R) ||
	    !pk->p)
		return WSC_ERR_MISSING;
	memcpy(s->n_r, m->a[WSC_A_REGISTRAR_NONCE].p, WSC_NONCE_LEN);
	/* checked on arrival, as the registrar checks M1's: a key outside
	 * the subgroup is refused (NACKed, with the nonce the NACK needs)
	 * before anything else is believed */
	err = wsc_dh_pubkey_check(pk->p, pk->len);
	if (err)
		return err;
	memset(s->pk_r, 0, WSC_PUBKEY_LEN);
	memcpy(s->pk_r + WSC_PUBKEY_LEN - pk->len, pk->p, pk->len);
	peer_from_msg(&s->peer, m);
	if (s->setup_locked)
		return WSC_ERR_LOCKED; /* refused before any PIN proof */
	err = derive_session_keys(s);
	if (err)
		return err;
	return check_auth(s, msg, len, m);
}

/* M4 and M6: check the registrar's proof of one PIN half */
static int recv_proof(wsc_session *s, const uint8_t *msg, size_t len,
		      const wsc_parsed *m, bool first)
{
	uint8_t plain[256];
	size_t plen;
	wsc_parsed in;
	int err;

	if (first) {
		if (!has(m, WSC_A_R_HASH1) || !has(m, WSC_A_R_HASH2))
			return WSC_ERR_MISSING;
		memcpy(s->peer_hash1, m->a[WSC_A_R_HASH1].p, HASH_LEN);
		memcpy(s->peer_hash2, m->a[WSC_A_R_HASH2].p, HASH_LEN);
	}
	err = check_auth(s, msg, len, m);
	if (err)
		return err;
	err = open_settings(s, m, plain, sizeof(plain), &plen, &in);
	if (err)
		return err;
	enum wsc_attr_id id = first ? WSC_A_R_SNONCE1 : WSC_A_R_SNONCE2;
	err = has(&in, id) ? check_pin_hash(s, in.a[id].p,
					    first ? s->psk1 : s->psk2,
					    first ? s->peer_hash1 :
						    s->peer_hash2) :
			     WSC_ERR_MISSING;
	wsc_wipe(plain, sizeof(plain));
	return err;
}

static int recv_m8(wsc_session *s, const uint8_t *msg, size_t len,
		   const wsc_parsed *m)
{
	uint8_t plain[1024];
	wsc_cred creds[WSC_MAX_CREDS];
	size_t plen, n = 0;
	wsc_parsed in, c;
	int err;

	err = check_auth(s, msg, len, m);
	if (err)
		return err;
	err = open_settings(s, m, plain, sizeof(plain), &plen, &in);
	if (err)
		return err;
	if (s->ap) {
		err = parse_settings(&in, &creds[0]);
		n = 1;
	} else if (in.ncred == 0) {
		err = WSC_ERR_MISSING;
	}
	for (size_t i = 0; !s->ap && !err && i < in.ncred; i++) {
		err = wsc_parse(in.cred[i].p, in.cred[i].len, &c, NULL);
		err = err ? err : parse_settings(&c, &creds[n++]);
	}
	if (!err) {
		wsc_event ev = { .type = s->ap ? WSC_EV_NEW_AP_SETTINGS :
						 WSC_EV_CRED,
				 .peer = &s->peer, .cred = creds, .ncred = n };
		sess_emit(s, &ev);
	}
	wsc_wipe(plain, sizeof(plain));
	wsc_wipe(creds, sizeof(creds));
	return err;
}

static int config_error_for(int err)
{
	switch (err) {
	case WSC_ERR_PASSWORD: return WSC_CE_DEV_PASSWORD_AUTH;
	case WSC_ERR_LOCKED: return WSC_CE_SETUP_LOCKED;
	case WSC_ERR_KWA: case WSC_ERR_DECRYPT: return WSC_CE_DECRYPTION_CRC;
	default: return WSC_CE_NONE;
	}
}

int enrollee_process(wsc_session *s, uint8_t op, const uint8_t *msg,
		     size_t len, const wsc_parsed *m)
{
	uint8_t type = pv_u8(m, WSC_A_MSG_TYPE);
	int err = 0;

	(void)op;
	err = check_nonce(s, m, WSC_A_ENROLLEE_NONCE);
	if (err)
		goto fail;
	if (s->state == E_RECV_M2 && type == WSC_MSG_M2D) {
		wsc_event ev = { .type = WSC_EV_M2D, .peer = &s->peer };
		peer_from_msg(&s->peer, m);
		if (has(m, WSC_A_REGISTRAR_NONCE))
			memcpy(s->n_r, m->a[WSC_A_REGISTRAR_NONCE].p,
			       WSC_NONCE_LEN);
		if (has(m, WSC_A_CONFIG_ERROR))
			ev.config_error = pv_u16(m, WSC_A_CONFIG_ERROR);
		sess_emit(s, &ev);
		if (s->ap) { /* an AP enrollee ends the run with a NACK */
			sess_fail(s, WSC_ERR_NO_PASSWORD, ev.config_error, true);
			return WSC_ERR_NO_PASSWORD;
		}
		s->state = E_SEND_ACK_M2D;
		return WSC_CONTINUE;
	}
	/* everything after M2 carries our registrar's nonce, if any */
	if (s->state != E_RECV_M2 && has(m, WSC_A_REGISTRAR_NONCE) &&
	    check_nonce(s, m, WSC_A_REGISTRAR_NONCE)) {
		err = WSC_ERR_NONCE;
		goto fail;
	}
	switch (s->state) {
	case E_RECV_M2:
		if (type != WSC_MSG_M2)
			break;
		s->last_msg = WSC_MSG_M2;
		err = recv_m2(s, msg, len, m);
		s->state = E_SEND_M3;
		goto next;
	case E_RECV_M4:
		if (type != WSC_MSG_M4)
			break;
		s->last_msg = WSC_MSG_M4;
		err = recv_proof(s, msg, len, m, true);
		s->state = E_SEND_M5;
		goto next;
	case E_RECV_M6:
		if (type != WSC_MSG_M6)
			break;
		s->last_msg = WSC_MSG_M6;
		err = recv_proof(s, msg, len, m, false);
		s->state = E_SEND_M7;
		goto next;
	case E_RECV_M8:
		if (type != WSC_MSG_M8)
			break;
		s->last_msg = WSC_MSG_M8;
		err = recv_m8(s, msg, len, m);
		s->state = E_SEND_DONE;
		goto next;
	case E_RECV_ACK:
		if (type != WSC_MSG_ACK)
			break;
		err = check_nonce(s, m, WSC_A_REGISTRAR_NONCE);
		if (err)
			goto fail;
		s->state = S_FINISHED;
		sess_succeed(s);
		return WSC_DONE;
	default:
		break;
	}
	err = WSC_ERR_STATE;
	goto fail;
next:
	if (err)
		goto fail;
	sess_keep_last(s, msg, len);
	return WSC_CONTINUE;
fail:
	env_log(&s->env, WSC_LOG_INFO, "enrollee: %s in %s: %s",
		wsc_msg_name(type), "run", wsc_strerror(err));
	sess_fail(s, err, config_error_for(err), true);
	return err;
}
