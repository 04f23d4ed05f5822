/* 802.11 management frames with the WPS element, and EAPOL labels. */
#include <stdio.h>
#include <string.h>

#include "frames.h"

enum { IE_SSID = 0, IE_RATES = 1, IE_DS = 3, IE_TIM = 5, IE_RSN = 48 };

static const uint8_t rates[] = { 0x82, 0x84, 0x8b, 0x96,
				 0x0c, 0x12, 0x18, 0x24 };
/* RSN: version 1, group CCMP, one pairwise CCMP, one AKM PSK, caps 0 */
static const uint8_t rsn_psk[] = { 0x01, 0x00, 0x00, 0x0f, 0xac, 0x04,
				   0x01, 0x00, 0x00, 0x0f, 0xac, 0x04,
				   0x01, 0x00, 0x00, 0x0f, 0xac, 0x02,
				   0x00, 0x00 };
#define CHANNEL 6
#define CHANNEL_MHZ 2437

struct out {
	uint8_t *p;
	size_t len, cap;
	bool overflow;
};

static void put(struct out *o, const void *b, size_t n)
{
	if (n == 0) /* b may be NULL then (the wildcard SSID) */
		return;
	if (o->len + n > o->cap) {
		o->overflow = true;
		return;
	}
	memcpy(o->p + o->len, b, n);
	o->len += n;
}

static void put_le16(struct out *o, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	put(o, b, 2);
}

static void put_ie(struct out *o, uint8_t id, const void *b, size_t n)
{
	uint8_t h[2] = { id, (uint8_t)n };
	put(o, h, 2);
	put(o, b, n);
}

static void put_bss_fixed(struct out *o, const struct bss_desc *bss)
{
	for (int i = 0; i < 8; i++) { /* timestamp, little-endian */
		uint8_t b = (uint8_t)(bss->tsf_us >> (8 * i));
		put(o, &b, 1);
	}
	put_le16(o, bss->interval_tu);
	/* ESS, plus Privacy when the network is protected */
	put_le16(o, bss->rsn ? 0x0011 : 0x0001);
}

size_t frame_mgmt(uint8_t *buf, size_t cap, uint8_t fc,
		  const struct mgmt_addr *a, const struct bss_desc *bss,
		  const uint8_t *wps, size_t wps_len)
{
	struct out o = { .p = buf, .cap = cap };
	uint8_t hdr[4] = { fc, 0, 0, 0 }; /* frame control, duration */
	uint8_t ch = CHANNEL;

	put(&o, hdr, 4);
	put(&o, a->da, 6);
	put(&o, a->sa, 6);
	put(&o, a->bssid, 6);
	put_le16(&o, (uint16_t)(a->seq << 4));
	if (bss) {
		put_bss_fixed(&o, bss);
		put_ie(&o, IE_SSID, bss->ssid, bss->ssid_len);
	} else {
		put_ie(&o, IE_SSID, NULL, 0); /* wildcard */
	}
	put_ie(&o, IE_RATES, rates, sizeof(rates));
	if (bss) {
		put_ie(&o, IE_DS, &ch, 1);
		if (fc == FC_BEACON) {
			static const uint8_t tim[] = { 0, 1, 0, 0 };
			put_ie(&o, IE_TIM, tim, sizeof(tim));
		}
		if (bss->rsn)
			put_ie(&o, IE_RSN, rsn_psk, sizeof(rsn_psk));
	}
	put(&o, wps, wps_len);
	return o.overflow ? 0 : o.len;
}

/* Walk the elements for SSID and RSN; wsc_ie_parse finds the WPS ones. */
static int scan_ies(const uint8_t *ies, size_t len, struct mgmt_view *v)
{
	for (size_t off = 0; off < len;) {
		if (len - off < 2 || ies[off + 1] > len - off - 2)
			return -1;
		uint8_t id = ies[off], n = ies[off + 1];
		if (id == IE_SSID && n <= 32) {
			memcpy(v->ssid, ies + off + 2, n);
			v->ssid_len = n;
		} else if (id == IE_RSN) {
			v->rsn = true;
		}
		off += 2u + n;
	}
	v->has_wps = wsc_ie_parse(ies, len, &v->wps) == 0;
	return 0;
}

int frame_parse_mgmt(const uint8_t *f, size_t len, struct mgmt_view *v)
{
	memset(v, 0, sizeof(*v));
	if (len < 24)
		return -1;
	v->fc = f[0];
	v->sa = f + 10;
	size_t fixed = v->fc == FC_PROBE_REQ ? 0 : 12;
	if (v->fc != FC_PROBE_REQ && v->fc != FC_PROBE_RESP &&
	    v->fc != FC_BEACON)
		return -1;
	if (len < 24 + fixed)
		return -1;
	return scan_ies(f + 24 + fixed, len - 24 - fixed, v);
}

void frame_radiotap(uint8_t r[RADIOTAP_LEN])
{
	/* present: Flags, Rate, Channel, dBm antenna signal, Antenna */
	static const uint8_t hdr[RADIOTAP_LEN] = {
		0x00, 0x00, RADIOTAP_LEN, 0x00, 0x2e, 0x08, 0x00, 0x00,
		0x00,                          /* flags: none, no FCS */
		0x02,                          /* 1 Mb/s */
		CHANNEL_MHZ & 0xff, CHANNEL_MHZ >> 8,
		0xa0, 0x00,                    /* 2 GHz, CCK */
		0xd8,                          /* -40 dBm */
		0x00                           /* antenna 0 */
	};
	memcpy(r, hdr, RADIOTAP_LEN);
}

static const char *eap_code_name(int code)
{
	static const char *names[] = { "?", "Request", "Response", "Success",
				       "Failure" };
	return code >= 1 && code <= 4 ? names[code] : "?";
}

void frame_eapol_label(const wsc_eapol_info *v, char *out, size_t cap)
{
	static const char *ops[] = { "?", "WSC_Start", "WSC_ACK", "WSC_NACK",
				     "WSC_MSG", "WSC_Done", "WSC_FRAG_ACK" };

	if (v->eapol_type == 1)
		snprintf(out, cap, "EAPOL-Start");
	else if (v->eapol_type != 0)
		snprintf(out, cap, "EAPOL type %d", v->eapol_type);
	else if (v->eap_code == 3 || v->eap_code == 4)
		snprintf(out, cap, "EAP-%s", eap_code_name(v->eap_code));
	else if (v->eap_type == 1)
		snprintf(out, cap, "EAP-%s/Identity", eap_code_name(v->eap_code));
	else if (!v->wsc)
		snprintf(out, cap, "EAP-%s/type %d", eap_code_name(v->eap_code),
			 v->eap_type);
	else if (v->msg_type >= 0)
		snprintf(out, cap, "%s%s", wsc_msg_name(v->msg_type),
			 v->more ? " (first fragment)" : "");
	else if (v->op >= 1 && v->op <= 6 && v->op != WSC_OP_MSG)
		snprintf(out, cap, "%s", ops[v->op]);
	else
		snprintf(out, cap, "WSC fragment");
}
