/* The EAP authenticator (AP side), one instance per station. */
#include "eap.h"

#define AUTH_EAPOL_VER 2

/* A session configuration with everything it points to owned here. */
struct cfg_copy {
	wsc_session_cfg cfg;
	wsc_device dev;
	uint8_t pw[64];
	wsc_cred ap_settings, cred;
	wsc_dh_keypair dh;
	bool set;
};

enum astate { A_IDLE, A_IDENTITY, A_WSC, A_DONE };

struct wsc_eap_auth {
	wsc_env env;
	struct cfg_copy for_enrollee, for_registrar;
	wsc_session_cfg_fn session_cfg;
	void *session_cfg_ud;
	size_t frag;
	uint32_t retrans_ms;
	unsigned max_retrans, retrans;
	enum astate state;
	int status;
	uint8_t id;
	uint64_t due;
	wsc_session *sess;

	uint8_t req[FRAME_MAX]; /* current request, for retransmission */
	size_t req_len;
	bool tx_ready;
	struct frag_tx out;
	struct frag_rx in;
};

static int cfg_copy_set(struct cfg_copy *c, const wsc_session_cfg *in)
{
	const wsc_session_cfg *src = &c->cfg;
	int e;

	if (!in)
		return 0;
	e = CFG_IMPORT(&c->cfg, in);
	if (e)
		return e;
	if (!src->dev || src->password_len > sizeof(c->pw))
		return WSC_ERR_INVAL;
	c->dev = *src->dev;
	c->cfg.dev = &c->dev;
	if (src->password) {
		memcpy(c->pw, src->password, src->password_len);
		c->cfg.password = c->pw;
	}
	if (src->ap_settings) {
		c->ap_settings = *src->ap_settings;
		c->cfg.ap_settings = &c->ap_settings;
	}
	if (src->cred) {
		c->cred = *src->cred;
		c->cfg.cred = &c->cred;
	}
	if (src->dh) {
		c->dh = *src->dh;
		wsc_wipe(src->dh, sizeof(*src->dh));
		c->cfg.dh = &c->dh;
	}
	c->set = true;
	return 0;
}

wsc_eap_auth *wsc_eap_auth_new(const wsc_env *in,
			       const wsc_eap_auth_cfg *in_cfg, int *err)
{
	wsc_eap_auth_cfg cv;
	const wsc_eap_auth_cfg *cfg = &cv;
	wsc_env env;
	wsc_eap_auth *a;
	int e;

	e = env_resolve(&env, in);
	e = e ? e : CFG_IMPORT(&cv, in_cfg);
	if (!e && !cfg->for_enrollee && !cfg->for_registrar &&
	    !cfg->session_cfg)
		e = WSC_ERR_INVAL;
	if (e) {
		if (err)
			*err = e;
		return NULL;
	}
	a = env_alloc(&env, sizeof(*a));
	if (!a) {
		if (err)
			*err = WSC_ERR_NOMEM;
		return NULL;
	}
	a->env = env;
	e = cfg_copy_set(&a->for_enrollee, cfg->for_enrollee);
	e = e ? e : cfg_copy_set(&a->for_registrar, cfg->for_registrar);
	if (e) {
		env_free(&env, a, sizeof(*a));
		if (err)
			*err = e;
		return NULL;
	}
	a->session_cfg = cfg->session_cfg;
	a->session_cfg_ud = cfg->session_cfg_ud;
	a->frag = clamp_frag(cfg->fragment_size);
	a->retrans_ms = cfg->retrans_ms ? cfg->retrans_ms : 3000;
	a->max_retrans = cfg->max_retrans ? cfg->max_retrans : 4;
	a->id = cfg->first_id;
	a->due = UINT64_MAX;
	if (err)
		*err = 0;
	return a;
}

void wsc_eap_auth_del(wsc_eap_auth *a)
{
	if (!a)
		return;
	wsc_session_del(a->sess);
	env_free(&a->env, a, sizeof(*a));
}

wsc_session *wsc_eap_auth_session(wsc_eap_auth *a)
{
	return a->sess;
}

int wsc_eap_auth_status(const wsc_eap_auth *a)
{
	return a->status;
}

static void send_req(wsc_eap_auth *a, size_t n, uint64_t now)
{
	a->req_len = n;
	a->tx_ready = true;
	a->retrans = 0;
	a->due = now + a->retrans_ms;
}

static void send_failure(wsc_eap_auth *a, int fallback)
{
	int st = a->sess ? wsc_session_status(a->sess) : 0;

	if (a->sess && st == 0) {
		wsc_session_abort(a->sess, fallback);
		st = wsc_session_status(a->sess);
	}
	if (!a->sess)
		st = fallback;
	a->req_len = eap_frame(a->req, AUTH_EAPOL_VER, EAP_FAILURE, a->id,
			       -1, NULL, 0);
	a->tx_ready = true;
	a->due = UINT64_MAX;
	a->state = A_DONE;
	a->status = st > 0 ? 1 : st;
}

int wsc_eap_auth_start(wsc_eap_auth *a, uint64_t now)
{
	static const uint8_t none[1];

	if (a->state == A_DONE)
		return WSC_ERR_DONE;
	if (a->state == A_WSC) {
		/* the station started over: this run ends here, and is
		 * reported as ended (a PIN it exposed is used up) */
		wsc_session_abort(a->sess, WSC_ERR_EAP);
		wsc_session_del(a->sess);
		a->sess = NULL;
		memset(&a->out, 0, sizeof(a->out));
		memset(&a->in, 0, sizeof(a->in));
	}
	a->id++;
	a->state = A_IDENTITY;
	send_req(a, eap_frame(a->req, AUTH_EAPOL_VER, EAP_REQUEST, a->id,
			      EAP_TYPE_IDENTITY, none, 0), now);
	return 0;
}

/* Send the session's next message, or end with EAP-Failure. */
static void next_request(wsc_eap_auth *a, uint64_t now)
{
	uint8_t op;
	const uint8_t *m;
	size_t len;

	if (wsc_session_get_msg(a->sess, &op, &m, &len) <= 0) {
		send_failure(a, WSC_ERR_EAP);
		return;
	}
	frag_tx_set(&a->out, op, m, len);
	a->id++;
	send_req(a, wsc_frame_next(a->req, AUTH_EAPOL_VER, EAP_REQUEST, a->id,
				   &a->out, a->frag), now);
}

static int on_identity(wsc_eap_auth *a, const struct eap_in *in, uint64_t now)
{
	struct cfg_copy *c = NULL;
	wsc_session_cfg fresh;
	const wsc_session_cfg *use;
	bool enrollee = false;
	int err;

	if (in->len == strlen(WSC_ID_ENROLLEE) &&
	    !memcmp(in->data, WSC_ID_ENROLLEE, in->len)) {
		c = &a->for_enrollee;
		enrollee = true;
	} else if (in->len == strlen(WSC_ID_REGISTRAR) &&
		   !memcmp(in->data, WSC_ID_REGISTRAR, in->len)) {
		c = &a->for_registrar;
	}
	if (!c) {
		send_failure(a, WSC_ERR_UNSUPPORTED);
		return 0;
	}
	if (a->session_cfg) {
		memset(&fresh, 0, sizeof(fresh));
		fresh.size = sizeof(fresh);
		if (a->session_cfg(a->session_cfg_ud,
				   enrollee ? WSC_REGISTRAR : WSC_ENROLLEE,
				   &fresh)) {
			send_failure(a, WSC_ERR_UNSUPPORTED);
			return 0;
		}
		use = &fresh;
	} else if (c->set) {
		use = &c->cfg;
	} else {
		send_failure(a, WSC_ERR_UNSUPPORTED);
		return 0;
	}
	a->sess = wsc_session_new(&a->env, use, &err);
	wsc_wipe(&c->dh, sizeof(c->dh)); /* consumed by this run */
	wsc_wipe(&fresh, sizeof(fresh));
	if (!a->sess) {
		send_failure(a, err);
		return err;
	}
	a->state = A_WSC;
	if (enrollee) { /* the station is the enrollee: invite its M1 */
		a->id++;
		send_req(a, wsc_frame_op(a->req, AUTH_EAPOL_VER, EAP_REQUEST,
					 a->id, WSC_OP_START), now);
	} else { /* the station is the registrar: we open with M1 */
		next_request(a, now);
	}
	return 0;
}

static int on_wsc(wsc_eap_auth *a, const struct eap_in *in, uint64_t now)
{
	const uint8_t *msg;
	size_t len;
	int r;

	if (a->out.active) {
		if (in->wsc_op != WSC_OP_FRAG_ACK)
			return WSC_ERR_EAP;
		a->id++;
		send_req(a, wsc_frame_next(a->req, AUTH_EAPOL_VER, EAP_REQUEST,
					   a->id, &a->out, a->frag), now);
		return 0;
	}
	if (in->wsc_op == WSC_OP_FRAG_ACK || in->wsc_op == WSC_OP_START)
		return WSC_ERR_EAP;
	r = frag_rx_feed(&a->in, in, &msg, &len);
	if (r < 0)
		return r;
	if (r == 1) {
		a->id++;
		send_req(a, wsc_frame_op(a->req, AUTH_EAPOL_VER, EAP_REQUEST,
					 a->id, WSC_OP_FRAG_ACK), now);
		return 0;
	}
	r = wsc_session_process(a->sess, in->wsc_op, msg, len);
	if (in->wsc_op == WSC_OP_NACK || r == WSC_DONE) {
		/* the run is over, well (Done/ACK) or not (the peer's NACK,
		 * which the authenticator answers with EAP-Failure, not a
		 * NACK); WSC ends in EAP-Failure either way */
		send_failure(a, WSC_ERR_NACK);
		return 0;
	}
	next_request(a, now);
	return 0;
}

int wsc_eap_auth_recv(wsc_eap_auth *a, const uint8_t *pdu, size_t len,
		      uint64_t now)
{
	struct eap_in in;
	int t = eapol_parse(pdu, len, &in);

	if (t < 0)
		return t;
	if (a->state == A_DONE)
		return WSC_ERR_DONE;
	if (t == EAPOL_START)
		return wsc_eap_auth_start(a, now);
	if (t == EAPOL_LOGOFF) {
		send_failure(a, WSC_ERR_EAP);
		return 0;
	}
	/* An Identity Response that answers a request this authenticator no
	 * longer knows of (its station slot was given to another under a
	 * flood, or the AP restarted) starts the run as the request would
	 * have: the identity is not a secret, and the peer would otherwise
	 * wait out its timeout */
	if (t == EAPOL_EAP && in.code == EAP_RESPONSE && a->state == A_IDLE &&
	    in.type == EAP_TYPE_IDENTITY) {
		a->id = in.id;
		a->state = A_IDENTITY;
	}
	if (t != EAPOL_EAP || in.code != EAP_RESPONSE || in.id != a->id ||
	    a->state == A_IDLE)
		return WSC_ERR_EAP; /* stale or foreign: ignored */
	if (a->state == A_IDENTITY) {
		if (in.type != EAP_TYPE_IDENTITY)
			return WSC_ERR_EAP;
		return on_identity(a, &in, now);
	}
	if (!in.is_wsc) {
		send_failure(a, WSC_ERR_EAP); /* a NAK: no WSC with us */
		return WSC_ERR_EAP;
	}
	/* A malformed EAP-WSC frame changes nothing (RFC 3748: silently
	 * discarded), as on the peer side: a forged frame cannot end a run,
	 * and a real peer's answer still comes, or the request is repeated. */
	return on_wsc(a, &in, now);
}

int wsc_eap_auth_pop_tx(wsc_eap_auth *a, const uint8_t **pdu, size_t *len)
{
	if (!a->tx_ready)
		return 0;
	a->tx_ready = false;
	*pdu = a->req;
	*len = a->req_len;
	return 1;
}

uint64_t wsc_eap_auth_expiry(const wsc_eap_auth *a)
{
	return a->due;
}

void wsc_eap_auth_handle_expiry(wsc_eap_auth *a, uint64_t now)
{
	if (a->state == A_DONE || now < a->due)
		return;
	if (a->retrans >= a->max_retrans) {
		send_failure(a, WSC_ERR_TIMEOUT);
		return;
	}
	a->retrans++;
	a->tx_ready = true; /* the same request again */
	a->due = now + a->retrans_ms;
}
