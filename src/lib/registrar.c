/* The registrar role: M2/M2D, M4, M6, M8 (and ACK after an AP's Done). */
#include "session.h"

static int build_m2(wsc_session *s, bool m2d)
{
	wbuf b;
	int err;

	if (!m2d) {
		if (!s->dh.valid) {
			err = wsc_dh_keypair_generate(&s->env, &s->dh,
						      s->dh_priv_bits);
			if (err)
				return err;
		}
		memcpy(s->pk_r, s->dh.pub, WSC_PUBKEY_LEN);
		err = derive_session_keys(s);
		if (err)
			return err;
	}
	wb_init(&b, s->out, sizeof(s->out));
	build_header(&b, m2d ? WSC_MSG_M2D : WSC_MSG_M2);
	build_nonces(s, &b);
	wb_attr(&b, ATTR_UUID_R, s->dev.uuid, WSC_UUID_LEN);
	if (!m2d)
		wb_attr(&b, ATTR_PUBLIC_KEY, s->pk_r, WSC_PUBKEY_LEN);
	build_device_attrs(s, &b);
	wb_attr_u16(&b, ATTR_CONFIG_ERROR, m2d ? s->m2d_error : 0);
	wb_attr_u16(&b, ATTR_DEV_PASSWORD_ID, s->pw_id);
	wb_attr_u32(&b, ATTR_OS_VERSION, s->dev.os_version | 0x80000000u);
	if (!m2d)
		return finish_m_msg(s, &b, WSC_MSG_M2);
	/* M2D has no Authenticator and is not kept for the next one */
	wb_wfa_ext(&b, NULL, 0);
	s->out_len = b.len;
	return b.overflow ? WSC_ERR_BUFSIZE : 0;
}

/* M4, M6, M8: Enrollee Nonce, payload, Version2, Authenticator */
static int build_reply(wsc_session *s, uint8_t type)
{
	uint8_t plain[512], h1[HASH_LEN], h2[HASH_LEN];
	wbuf b, p;
	int err = 0;

	wb_init(&b, s->out, sizeof(s->out));
	wb_init(&p, plain, sizeof(plain));
	build_header(&b, type);
	wb_attr(&b, ATTR_ENROLLEE_NONCE, s->n_e, WSC_NONCE_LEN);
	if (type == WSC_MSG_M4) {
		err = env_random(&s->env, s->s1, 16);
		err = err ? err : env_random(&s->env, s->s2, 16);
		err = err ? err : make_hash(s, s->s1, s->psk1, h1);
		err = err ? err : make_hash(s, s->s2, s->psk2, h2);
		wb_attr(&b, ATTR_R_HASH1, h1, HASH_LEN);
		wb_attr(&b, ATTR_R_HASH2, h2, HASH_LEN);
		wb_attr(&p, ATTR_R_SNONCE1, s->s1, 16);
	} else if (type == WSC_MSG_M6) {
		wb_attr(&p, ATTR_R_SNONCE2, s->s2, 16);
	} else if (s->ap) {
		/* to a station: a Credential for the network */
		uint8_t cb[256];
		wbuf c;
		wsc_cred cred = s->own_settings;

		memcpy(cred.mac, s->mac_e, 6);
		wb_init(&c, cb, sizeof(cb));
		build_settings(&c, &cred, true);
		wb_attr(&p, ATTR_CRED, cb, c.len);
		if (c.overflow)
			p.overflow = true;
		wsc_wipe(cb, sizeof(cb));
		wsc_wipe(&cred, sizeof(cred));
	} else {
		/* to an AP: its new settings, bare */
		build_settings(&p, &s->own_settings, true);
	}
	if (!err && p.len)
		err = p.overflow ? WSC_ERR_BUFSIZE :
				   encr_settings_build(&s->env, &s->keys, plain,
						       p.len, &b);
	wsc_wipe(plain, sizeof(plain));
	if (err)
		return err;
	return finish_m_msg(s, &b, type);
}

int registrar_build(wsc_session *s)
{
	int err;

	s->out_op = WSC_OP_MSG;
	switch (s->state) {
	case R_SEND_M2:
		err = build_m2(s, false);
		s->state = R_RECV_M3;
		return err;
	case R_SEND_M2D:
		err = build_m2(s, true);
		s->state = R_RECV_M2D_ACK;
		return err;
	case R_SEND_M4:
		err = build_reply(s, WSC_MSG_M4);
		s->state = R_RECV_M5;
		return err;
	case R_SEND_M6:
		err = build_reply(s, WSC_MSG_M6);
		s->state = R_RECV_M7;
		return err;
	case R_SEND_M8:
		err = build_reply(s, WSC_MSG_M8);
		s->state = R_RECV_DONE;
		return err;
	case R_SEND_ACK:
		err = build_simple(s, WSC_MSG_ACK);
		s->state = S_FINISHED;
		return err;
	default:
		return 1;
	}
}

static bool pw_id_supported(uint16_t id)
{
	/* PINs and the button; rekey, NFC and vendor IDs are not */
	return id == WSC_PW_DEFAULT || id == WSC_PW_USER_SPECIFIED ||
	       id == WSC_PW_MACHINE_SPECIFIED || id == WSC_PW_PUSHBUTTON ||
	       id == WSC_PW_REGISTRAR_SPECIFIED;
}

static int choose_password(wsc_session *s)
{
	const uint8_t *pw = NULL;
	size_t len = 0;
	int err;

	if (!pw_id_supported(s->peer.pw_id))
		return WSC_ERR_NO_PASSWORD;
	if (s->pw_cb) {
		err = s->pw_cb(s->pw_ud, &s->peer, &pw, &len);
		if (err == 0 && (!pw || !len || len > sizeof(s->pw)))
			err = WSC_ERR_NO_PASSWORD;
		if (err)
			return err;
		memcpy(s->pw, pw, len);
		s->pw_len = len;
		s->pw_id = s->peer.pw_id == WSC_PW_PUSHBUTTON ?
				   WSC_PW_PUSHBUTTON : WSC_PW_DEFAULT;
		return 0;
	}
	if (!s->have_pw)
		return WSC_ERR_NO_PASSWORD;
	/* a push-button registrar and a PIN enrollee (or the reverse)
	 * do not match */
	if ((s->pw_id == WSC_PW_PUSHBUTTON) !=
	    (s->peer.pw_id == WSC_PW_PUSHBUTTON))
		return WSC_ERR_NO_PASSWORD;
	return 0;
}

static int recv_m1(wsc_session *s, const wsc_parsed *m)
{
	const wsc_view *pk = &m->a[WSC_A_PUBLIC_KEY];
	wsc_event ev = { .type = WSC_EV_M1, .peer = &s->peer };
	int err;

	if (!has(m, WSC_A_UUID_E) || !has(m, WSC_A_MAC_ADDR) ||
	    !has(m, WSC_A_ENROLLEE_NONCE) || !pk->p ||
	    !has(m, WSC_A_DEV_PASSWORD_ID))
		return WSC_ERR_MISSING;
	/* the full check costs a Jacobi symbol: done on arrival, so a bad
	 * key is refused before anything is believed or chosen */
	err = wsc_dh_pubkey_check(pk->p, pk->len);
	if (err)
		return err;
	memcpy(s->n_e, m->a[WSC_A_ENROLLEE_NONCE].p, WSC_NONCE_LEN);
	memcpy(s->mac_e, m->a[WSC_A_MAC_ADDR].p, 6);
	memset(s->pk_e, 0, WSC_PUBKEY_LEN);
	memcpy(s->pk_e + WSC_PUBKEY_LEN - pk->len, pk->p, pk->len);
	peer_from_msg(&s->peer, m);
	err = env_random(&s->env, s->n_r, WSC_NONCE_LEN);
	if (err)
		return err;
	sess_emit(s, &ev);
	err = choose_password(s);
	if (err == WSC_ERR_RANDOM)
		return err;
	if (err) {
		s->m2d_error = err == WSC_ERR_PBC_OVERLAP ? WSC_CE_MULTIPLE_PBC :
			       err == WSC_ERR_LOCKED ? WSC_CE_SETUP_LOCKED : 0;
		s->state = R_SEND_M2D;
		return 0;
	}
	s->state = R_SEND_M2;
	return 0;
}

static int recv_proof(wsc_session *s, const uint8_t *msg, size_t len,
		      const wsc_parsed *m, uint8_t type)
{
	uint8_t plain[1024];
	size_t plen;
	wsc_parsed in;
	int err;

	if (type == WSC_MSG_M3) {
		if (!has(m, WSC_A_E_HASH1) || !has(m, WSC_A_E_HASH2))
			return WSC_ERR_MISSING;
		memcpy(s->peer_hash1, m->a[WSC_A_E_HASH1].p, HASH_LEN);
		memcpy(s->peer_hash2, m->a[WSC_A_E_HASH2].p, HASH_LEN);
		return check_auth(s, msg, len, m);
	}
	err = check_auth(s, msg, len, m);
	if (err)
		return err;
	err = open_settings(s, m, plain, sizeof(plain), &plen, &in);
	if (err)
		return err;
	bool first = type == WSC_MSG_M5;
	enum wsc_attr_id id = first ? WSC_A_E_SNONCE1 : WSC_A_E_SNONCE2;
	err = has(&in, id) ? check_pin_hash(s, in.a[id].p,
					    first ? s->psk1 : s->psk2,
					    first ? s->peer_hash1 :
						    s->peer_hash2) :
			     WSC_ERR_MISSING;
	if (!err && type == WSC_MSG_M7 && !s->ap) {
		/* the enrollee is an AP: M7 carries its current settings */
		wsc_cred cur;
		int perr = parse_settings(&in, &cur);
		/* an unconfigured AP may have no usable settings to show;
		 * that only matters when we came to learn them */
		if (perr && !s->have_settings)
			err = perr;
		if (!perr) {
			wsc_event ev = { .type = WSC_EV_AP_SETTINGS,
					 .peer = &s->peer, .cred = &cur,
					 .ncred = 1 };
			sess_emit(s, &ev);
			if (s->have_settings && !memcmp(s->own_settings.mac,
					"\0\0\0\0\0\0", 6))
				memcpy(s->own_settings.mac, cur.mac, 6);
		}
		wsc_wipe(&cur, sizeof(cur));
	}
	wsc_wipe(plain, sizeof(plain));
	return err;
}

int registrar_process(wsc_session *s, uint8_t op, const uint8_t *msg,
		      size_t len, const wsc_parsed *m)
{
	uint8_t type = pv_u8(m, WSC_A_MSG_TYPE);
	int err;

	(void)op;
	if (s->state == R_RECV_M1) {
		if (type != WSC_MSG_M1) {
			sess_fail(s, WSC_ERR_STATE, 0, false);
			return WSC_ERR_STATE;
		}
		s->last_msg = WSC_MSG_M1;
		err = recv_m1(s, m);
		if (err) {
			sess_fail(s, err, 0, false);
			return err;
		}
		sess_keep_last(s, msg, len);
		return WSC_CONTINUE;
	}
	/* the ACK to an M2D ends a run that registers nobody, whatever its
	 * nonces say: wpa_supplicant 2.10 keeps no Registrar Nonce from an
	 * M2D and sends zeros. hostapd answers it with EAP-Failure, never a
	 * NACK the enrollee cannot match (nor do we). */
	if (s->state == R_RECV_M2D_ACK && type == WSC_MSG_ACK) {
		sess_fail(s, WSC_ERR_NO_PASSWORD, s->m2d_error, false);
		return WSC_ERR_NO_PASSWORD;
	}
	err = check_nonce(s, m, WSC_A_REGISTRAR_NONCE);
	/* ACK and Done carry both nonces; M3, M5, M7 only ours */
	if (!err && (has(m, WSC_A_ENROLLEE_NONCE) || type == WSC_MSG_ACK ||
		     type == WSC_MSG_DONE))
		err = check_nonce(s, m, WSC_A_ENROLLEE_NONCE);
	if (err)
		goto fail;
	switch (s->state) {
	case R_RECV_M2D_ACK:   /* an ACK was handled above */
		break;
	case R_RECV_M3:
	case R_RECV_M5:
	case R_RECV_M7: {
		uint8_t want = s->state == R_RECV_M3 ? WSC_MSG_M3 :
			       s->state == R_RECV_M5 ? WSC_MSG_M5 : WSC_MSG_M7;
		if (type != want)
			break;
		s->last_msg = want;
		err = recv_proof(s, msg, len, m, want);
		if (err)
			goto fail;
		sess_keep_last(s, msg, len);
		if (want == WSC_MSG_M3)
			s->state = R_SEND_M4;
		else if (want == WSC_MSG_M5)
			s->state = R_SEND_M6;
		else if (!s->ap && !s->have_settings) {
			/* learned the AP's settings, changing nothing: end
			 * the run with a NACK, as WSC prescribes */
			sess_succeed(s);
			s->config_error = WSC_CE_NONE;
			s->state = S_SEND_NACK;
			return WSC_DONE;
		} else {
			s->state = R_SEND_M8;
		}
		return WSC_CONTINUE;
	}
	case R_RECV_DONE:
		if (type != WSC_MSG_DONE)
			break;
		s->state = s->ap ? S_FINISHED : R_SEND_ACK;
		sess_succeed(s);
		return WSC_DONE;
	default:
		break;
	}
	err = WSC_ERR_STATE;
fail:
	sess_fail(s, err, err == WSC_ERR_PASSWORD ? WSC_CE_DEV_PASSWORD_AUTH :
			  err == WSC_ERR_KWA || err == WSC_ERR_DECRYPT ?
			  WSC_CE_DECRYPTION_CRC : WSC_CE_NONE, true);
	return err;
}
