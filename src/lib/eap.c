/* EAPOL and EAP-WSC framing, fragmentation and reassembly. */
#include "eap.h"

static const uint8_t wfa_vendor[3] = { 0x00, 0x37, 0x2a };
#define WSC_VENDOR_TYPE 1

int eapol_parse(const uint8_t *pdu, size_t len, struct eap_in *in)
{
	size_t body, elen;

	memset(in, 0, sizeof(*in));
	if (!pdu || len < 4)
		return WSC_ERR_EAP;
	body = get_be16(pdu + 2);
	if (body > len - 4) /* trailing Ethernet padding is allowed */
		return WSC_ERR_EAP;
	if (pdu[1] != EAPOL_EAP)
		return pdu[1];
	if (body < 4)
		return WSC_ERR_EAP;
	pdu += 4;
	in->code = pdu[0];
	in->id = pdu[1];
	elen = get_be16(pdu + 2);
	if (elen < 4 || elen > body)
		return WSC_ERR_EAP;
	if (in->code == EAP_SUCCESS || in->code == EAP_FAILURE)
		return elen == 4 ? EAPOL_EAP : WSC_ERR_EAP;
	if (in->code != EAP_REQUEST && in->code != EAP_RESPONSE)
		return WSC_ERR_EAP;
	if (elen < 5)
		return WSC_ERR_EAP;
	in->type = pdu[4];
	in->data = pdu + 5;
	in->len = elen - 5;
	if (in->type != EAP_TYPE_EXPANDED)
		return EAPOL_EAP;
	/* expanded header: vendor id (3), vendor type (4), op, flags */
	if (in->len < 9 || memcmp(in->data, wfa_vendor, 3) ||
	    get_be32(in->data + 3) != WSC_VENDOR_TYPE)
		return WSC_ERR_EAP;
	in->is_wsc = true;
	in->wsc_op = in->data[7];
	in->wsc_flags = in->data[8];
	in->data += 9;
	in->len -= 9;
	return EAPOL_EAP;
}

size_t eap_frame(uint8_t *out, uint8_t ver, uint8_t code, uint8_t id,
		 int type, const uint8_t *data, size_t dlen)
{
	size_t elen = 4 + (type >= 0 ? 1 : 0) + dlen;

	out[0] = ver;
	out[1] = EAPOL_EAP;
	put_be16(out + 2, (uint16_t)elen);
	out[4] = code;
	out[5] = id;
	put_be16(out + 6, (uint16_t)elen);
	if (type >= 0)
		out[8] = (uint8_t)type;
	if (dlen)
		memcpy(out + 4 + elen - dlen, data, dlen);
	return 4 + elen;
}

size_t eapol_start_frame(uint8_t *out, uint8_t ver)
{
	out[0] = ver;
	out[1] = EAPOL_START;
	out[2] = out[3] = 0;
	return 4;
}

static size_t wsc_frame(uint8_t *out, uint8_t ver, uint8_t code, uint8_t id,
			uint8_t op, uint8_t flags, uint16_t total,
			const uint8_t *data, size_t dlen)
{
	uint8_t hdr[FRAG_MAX + 16];
	size_t h = 0;

	memcpy(hdr, wfa_vendor, 3);
	put_be32(hdr + 3, WSC_VENDOR_TYPE);
	hdr[7] = op;
	hdr[8] = flags;
	h = 9;
	if (flags & WSC_FLAG_LF) {
		put_be16(hdr + h, total);
		h += 2;
	}
	if (dlen)
		memcpy(hdr + h, data, dlen);
	return eap_frame(out, ver, code, id, EAP_TYPE_EXPANDED, hdr, h + dlen);
}

size_t wsc_frame_op(uint8_t *out, uint8_t ver, uint8_t code, uint8_t id,
		    uint8_t op)
{
	return wsc_frame(out, ver, code, id, op, 0, 0, NULL, 0);
}

void frag_tx_set(struct frag_tx *tx, uint8_t op, const uint8_t *msg,
		 size_t len)
{
	tx->op = op;
	memcpy(tx->buf, msg, len); /* len <= MSG_MAX: session output */
	tx->len = len;
	tx->used = 0;
	tx->active = true;
}

size_t clamp_frag(size_t f)
{
	if (f == 0)
		return WSC_FRAG_DEFAULT;
	if (f < WSC_FRAG_MIN)
		return WSC_FRAG_MIN;
	return f > FRAG_MAX ? FRAG_MAX : f;
}

size_t wsc_frame_next(uint8_t *out, uint8_t ver, uint8_t code, uint8_t id,
		      struct frag_tx *tx, size_t frag_size)
{
	size_t left = tx->len - tx->used, n = left;
	uint8_t flags = 0;
	size_t r;

	/* frag_size counts Op-Code, Flags, Message Length and data */
	if (2 + left > frag_size) {
		flags = WSC_FLAG_MF;
		n = frag_size - 2;
		if (tx->used == 0) {
			flags |= WSC_FLAG_LF;
			n -= 2;
		}
	}
	r = wsc_frame(out, ver, code, id, tx->op, flags, (uint16_t)tx->len,
		      tx->buf + tx->used, n);
	tx->used += n;
	if (tx->used == tx->len)
		tx->active = false;
	return r;
}

int frag_rx_feed(struct frag_rx *rx, const struct eap_in *in,
		 const uint8_t **msg, size_t *len)
{
	const uint8_t *p = in->data;
	size_t n = in->len;
	size_t total = 0;

	if (in->wsc_flags & WSC_FLAG_LF) {
		if (n < 2)
			return WSC_ERR_EAP;
		total = get_be16(p);
		p += 2;
		n -= 2;
	}
	if (!rx->active) {
		if (!(in->wsc_flags & WSC_FLAG_MF)) {
			/* unfragmented: hand over in place */
			if (n > MSG_MAX)
				return WSC_ERR_EAP;
			*msg = p;
			*len = n;
			return 0;
		}
		if (!(in->wsc_flags & WSC_FLAG_LF) || total > MSG_MAX ||
		    total < n)
			return WSC_ERR_EAP;
		rx->active = true;
		rx->op = in->wsc_op;
		rx->total = total;
		rx->got = 0;
	} else if (in->wsc_op != rx->op ||
		   ((in->wsc_flags & WSC_FLAG_LF) && total != rx->total)) {
		/* a later fragment may repeat the length, never change it */
		return WSC_ERR_EAP;
	}
	/* check before storing: a bad fragment leaves the reassembly as
	 * it was */
	if (n > rx->total - rx->got ||
	    (!(in->wsc_flags & WSC_FLAG_MF) && rx->got + n != rx->total))
		return WSC_ERR_EAP;
	memcpy(rx->buf + rx->got, p, n);
	rx->got += n;
	if (in->wsc_flags & WSC_FLAG_MF)
		return 1;
	rx->active = false;
	*msg = rx->buf;
	*len = rx->total;
	return 0;
}

/* ---- classification (traces, captures, transports) */

/* The Message Type attribute among the first TLVs of a WSC message. */
static int msg_type_of(const uint8_t *m, size_t len)
{
	for (size_t off = 0; off + 4 <= len;) {
		uint16_t t = get_be16(m + off), n = get_be16(m + off + 2);
		if (off + 4 + n > len)
			return -1;
		if (t == ATTR_MSG_TYPE && n == 1)
			return m[off + 4];
		off += 4u + n;
	}
	return -1;
}

int wsc_eapol_classify(const uint8_t *pdu, size_t len, wsc_eapol_info *v)
{
	size_t elen, hdr;
	const uint8_t *w;

	memset(v, 0, sizeof(*v));
	v->eapol_type = v->eap_code = v->eap_id = v->eap_type = v->op = -1;
	v->msg_type = -1;
	if (!pdu || len < 4)
		return WSC_ERR_EAP;
	v->eapol_type = pdu[1];
	if (pdu[1] != EAPOL_EAP || len < 8)
		return 0;
	v->eap_code = pdu[4];
	v->eap_id = pdu[5];
	elen = get_be16(pdu + 6);
	if (elen > len - 4 || elen < 5)
		return 0;
	v->eap_type = pdu[8];
	/* expanded: vendor id 3, vendor type 4, op, flags */
	if (v->eap_type != 254 || elen < 5 + 9)
		return 0;
	w = pdu + 9;
	v->wsc = !memcmp(w, wfa_vendor, 3) && get_be32(w + 3) == WSC_VENDOR_TYPE;
	v->op = w[7];
	v->more = w[8] & 0x01;
	v->first = (w[8] & 0x02) != 0;
	hdr = 9 + (v->first ? 2 : 0);
	if (v->wsc && elen - 5 >= hdr && (v->first || !v->more))
		v->msg_type = msg_type_of(w + hdr, elen - 5 - hdr);
	return 0;
}
