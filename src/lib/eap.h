/* Private: EAPOL / EAP / EAP-WSC framing and fragmentation shared by the
 * EAP peer and the EAP authenticator. */
#ifndef WSC_EAP_H
#define WSC_EAP_H

#include "session.h"

enum { EAP_REQUEST = 1, EAP_RESPONSE = 2, EAP_SUCCESS = 3, EAP_FAILURE = 4 };
enum { EAP_TYPE_IDENTITY = 1, EAP_TYPE_NAK = 3, EAP_TYPE_EXPANDED = 254 };
enum { EAPOL_EAP = 0, EAPOL_START = 1, EAPOL_LOGOFF = 2 };
enum { WSC_FLAG_MF = 0x01, WSC_FLAG_LF = 0x02 };

#define FRAME_MAX 1600
#define FRAG_MAX 1400

/* A WSC message being sent in fragments. */
struct frag_tx {
	uint8_t op;
	uint8_t buf[MSG_MAX];
	size_t len, used;
	bool active;
};

/* A WSC message being reassembled. */
struct frag_rx {
	uint8_t op;
	uint8_t buf[MSG_MAX];
	size_t total, got;
	bool active;
};

/* An incoming EAP packet, validated. */
struct eap_in {
	uint8_t code, id, type;
	const uint8_t *data; /* after the type byte (or after the expanded
				header for EAP-WSC) */
	size_t len;
	bool is_wsc;
	uint8_t wsc_op, wsc_flags;
};

/* Parse an EAPOL PDU. Returns the EAPOL type, or WSC_ERR_EAP. For
 * EAPOL_EAP fills *in. */
WSC_HIDDEN int eapol_parse(const uint8_t *pdu, size_t len, struct eap_in *in);
/* EAPOL header + EAP header + type; returns frame length. */
WSC_HIDDEN size_t eap_frame(uint8_t *out, uint8_t eapol_ver, uint8_t code,
			    uint8_t id, int type, const uint8_t *data,
			    size_t dlen);
WSC_HIDDEN size_t eapol_start_frame(uint8_t *out, uint8_t ver);
/* Next EAP-WSC packet (fragment) of tx into out. */
WSC_HIDDEN size_t wsc_frame_next(uint8_t *out, uint8_t ver, uint8_t code,
				 uint8_t id, struct frag_tx *tx,
				 size_t frag_size);
WSC_HIDDEN size_t wsc_frame_op(uint8_t *out, uint8_t ver, uint8_t code,
			       uint8_t id, uint8_t op);
WSC_HIDDEN void frag_tx_set(struct frag_tx *tx, uint8_t op,
			    const uint8_t *msg, size_t len);
/* Feed an EAP-WSC packet. Returns 1 when a fragment was stored (answer
 * FRAG_ACK), 0 when *msg and *len hold a whole message, WSC_ERR_EAP on a
 * protocol violation. */
WSC_HIDDEN int frag_rx_feed(struct frag_rx *rx, const struct eap_in *in,
			    const uint8_t **msg, size_t *len);
WSC_HIDDEN size_t clamp_frag(size_t f);

#endif
