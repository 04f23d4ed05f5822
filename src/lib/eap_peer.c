/* The EAP peer (station side): EAPOL-Start, Identity, EAP-WSC. */
#include "eap.h"

#define PEER_EAPOL_VER 1

struct wsc_eap_peer {
	wsc_env env;
	wsc_session *sess;
	wsc_role role;
	size_t frag;
	uint32_t start_ms, timeout_ms;
	int status;
	bool got_request, m2d, wsc_started;
	uint64_t start_due, silence_due;

	bool have_resp;
	uint8_t resp_id;
	uint8_t resp[FRAME_MAX]; /* last response, kept for retransmission */
	size_t resp_len;
	bool tx_ready;
	uint8_t tx[FRAME_MAX];
	size_t tx_len;

	struct frag_tx out;
	struct frag_rx in;
	wsc_event_fn user_ev;
	void *user_ud;
};

static void peer_event(void *ud, const wsc_event *ev)
{
	wsc_eap_peer *p = ud;

	if (ev->type == WSC_EV_M2D)
		p->m2d = true;
	if (p->user_ev)
		p->user_ev(p->user_ud, ev);
}

wsc_eap_peer *wsc_eap_peer_new(const wsc_env *in,
			       const wsc_eap_peer_cfg *in_cfg, int *err)
{
	wsc_eap_peer_cfg cv;
	const wsc_eap_peer_cfg *cfg = &cv;
	wsc_env env;
	wsc_eap_peer *p;
	wsc_session_cfg sc;
	int e;

	e = env_resolve(&env, in);
	e = e ? e : CFG_IMPORT(&cv, in_cfg);
	e = e ? e : CFG_IMPORT(&sc, cfg->session);
	if (e) {
		if (err)
			*err = e;
		return NULL;
	}
	p = env_alloc(&env, sizeof(*p));
	if (!p) {
		if (err)
			*err = WSC_ERR_NOMEM;
		return NULL;
	}
	p->env = env;
	p->role = sc.role;
	p->frag = clamp_frag(cfg->fragment_size);
	p->start_ms = cfg->start_interval_ms ? cfg->start_interval_ms : 3000;
	p->timeout_ms = cfg->response_timeout_ms ? cfg->response_timeout_ms :
						   15000;
	p->start_due = p->silence_due = UINT64_MAX;
	p->user_ev = sc.on_event;
	p->user_ud = sc.event_ud;
	sc.on_event = peer_event;
	sc.event_ud = p;
	p->sess = wsc_session_new(&env, &sc, err);
	if (!p->sess) {
		env_free(&env, p, sizeof(*p));
		return NULL;
	}
	return p;
}

void wsc_eap_peer_del(wsc_eap_peer *p)
{
	if (!p)
		return;
	wsc_session_del(p->sess);
	env_free(&p->env, p, sizeof(*p));
}

wsc_session *wsc_eap_peer_session(wsc_eap_peer *p)
{
	return p->sess;
}

int wsc_eap_peer_status(const wsc_eap_peer *p)
{
	return p->status;
}

static void queue(wsc_eap_peer *p, const uint8_t *f, size_t n, bool is_resp,
		  uint8_t id)
{
	memcpy(p->tx, f, n);
	p->tx_len = n;
	p->tx_ready = true;
	if (is_resp) {
		memcpy(p->resp, f, n);
		p->resp_len = n;
		p->resp_id = id;
		p->have_resp = true;
	}
}

int wsc_eap_peer_start(wsc_eap_peer *p, uint64_t now)
{
	uint8_t f[8];

	if (p->status != 0)
		return WSC_ERR_DONE;
	queue(p, f, eapol_start_frame(f, PEER_EAPOL_VER), false, 0);
	p->start_due = now + p->start_ms;
	if (p->silence_due == UINT64_MAX)
		p->silence_due = now + p->timeout_ms;
	return 0;
}

static void finish(wsc_eap_peer *p, int fallback)
{
	int st = wsc_session_status(p->sess);

	if (st == 0) {
		wsc_session_abort(p->sess, fallback);
		st = wsc_session_status(p->sess);
	}
	p->status = st > 0 ? 1 : st;
	p->start_due = p->silence_due = UINT64_MAX;
}

/* Send the session's next message, if it has one. */
static void send_next(wsc_eap_peer *p, uint8_t id)
{
	uint8_t f[FRAME_MAX], op;
	const uint8_t *m;
	size_t len;
	int r = wsc_session_get_msg(p->sess, &op, &m, &len);

	if (r <= 0) {
		if (wsc_session_status(p->sess) < 0)
			finish(p, WSC_ERR_EAP); /* nothing left to say */
		return;
	}
	frag_tx_set(&p->out, op, m, len);
	queue(p, f, wsc_frame_next(f, PEER_EAPOL_VER, EAP_RESPONSE, id, &p->out,
				   p->frag), true, id);
}

static int on_wsc(wsc_eap_peer *p, const struct eap_in *in)
{
	uint8_t f[FRAME_MAX];
	const uint8_t *msg;
	size_t len;
	int r;

	if (p->out.active) { /* we are sending fragments */
		if (in->wsc_op != WSC_OP_FRAG_ACK)
			return WSC_ERR_EAP;
		queue(p, f, wsc_frame_next(f, PEER_EAPOL_VER, EAP_RESPONSE,
					   in->id, &p->out, p->frag),
		      true, in->id);
		return 0;
	}
	if (in->wsc_op == WSC_OP_START) {
		/* only an enrollee is started, and only once */
		if (p->role != WSC_ENROLLEE || p->wsc_started)
			return WSC_ERR_EAP;
		p->wsc_started = true;
		send_next(p, in->id);
		return 0;
	}
	if (in->wsc_op == WSC_OP_FRAG_ACK)
		return WSC_ERR_EAP;
	r = frag_rx_feed(&p->in, in, &msg, &len);
	if (r < 0)
		return r;
	if (r == 1) {
		queue(p, f, wsc_frame_op(f, PEER_EAPOL_VER, EAP_RESPONSE,
					 in->id, WSC_OP_FRAG_ACK), true, in->id);
		return 0;
	}
	p->wsc_started = true;
	wsc_session_process(p->sess, in->wsc_op, msg, len);
	send_next(p, in->id);
	return 0;
}

int wsc_eap_peer_recv(wsc_eap_peer *p, const uint8_t *pdu, size_t len,
		      uint64_t now)
{
	struct eap_in in;
	uint8_t f[FRAME_MAX];
	int t = eapol_parse(pdu, len, &in), err = 0;

	if (t < 0)
		return t;
	if (t != EAPOL_EAP || in.code == EAP_RESPONSE)
		return WSC_ERR_EAP; /* not for a supplicant */
	if (p->status != 0)
		return WSC_ERR_DONE;
	if (in.code == EAP_SUCCESS || in.code == EAP_FAILURE) {
		/* WSC always ends in EAP-Failure; the session decides */
		finish(p, p->m2d ? WSC_ERR_NO_PASSWORD : WSC_ERR_EAP);
		return 0;
	}
	if (p->have_resp && in.id == p->resp_id) {
		/* the authenticator repeated its request: repeat our answer */
		queue(p, p->resp, p->resp_len, false, 0);
		return 0;
	}
	if (in.type == EAP_TYPE_IDENTITY) {
		const char *id = p->role == WSC_ENROLLEE ? WSC_ID_ENROLLEE :
							   WSC_ID_REGISTRAR;
		queue(p, f, eap_frame(f, PEER_EAPOL_VER, EAP_RESPONSE, in.id,
				      EAP_TYPE_IDENTITY, (const uint8_t *)id,
				      strlen(id)), true, in.id);
	} else if (in.is_wsc) {
		err = on_wsc(p, &in);
		if (err) {
			/* a bad frame changes nothing (RFC 3748: silently
			 * discarded); the authenticator repeats its request */
			env_log(&p->env, WSC_LOG_INFO,
				"EAP-WSC: ignored op %u flags %u",
				in.wsc_op, in.wsc_flags);
			return err;
		}
	} else {
		/* another method offered: say we want expanded types only */
		uint8_t want = EAP_TYPE_EXPANDED;
		queue(p, f, eap_frame(f, PEER_EAPOL_VER, EAP_RESPONSE, in.id,
				      EAP_TYPE_NAK, &want, 1), true, in.id);
	}
	p->got_request = true;
	p->start_due = UINT64_MAX;
	if (p->status == 0)
		p->silence_due = now + p->timeout_ms;
	return 0;
}

int wsc_eap_peer_pop_tx(wsc_eap_peer *p, const uint8_t **pdu, size_t *len)
{
	if (!p->tx_ready)
		return 0;
	p->tx_ready = false;
	*pdu = p->tx;
	*len = p->tx_len;
	return 1;
}

uint64_t wsc_eap_peer_expiry(const wsc_eap_peer *p)
{
	return p->start_due < p->silence_due ? p->start_due : p->silence_due;
}

void wsc_eap_peer_handle_expiry(wsc_eap_peer *p, uint64_t now)
{
	if (p->status != 0)
		return;
	if (now >= p->silence_due) {
		finish(p, WSC_ERR_TIMEOUT);
		return;
	}
	if (now >= p->start_due) {
		uint8_t f[8];
		queue(p, f, eapol_start_frame(f, PEER_EAPOL_VER), false, 0);
		p->start_due = now + p->start_ms;
	}
}
