/* The WPS information element of Beacons and Probe Requests/Responses. */
#include "internal.h"

#define IE_VENDOR 221
static const uint8_t wps_oui[4] = { 0x00, 0x50, 0xf2, 0x04 };

static void build_attrs(const wsc_ie *ie, const wsc_device *dev, wbuf *b)
{
	uint8_t ext[2 + 30];
	size_t ext_len = 0;
	bool probe_req = ie->kind == WSC_MSG_PROBE_REQ;
	bool probe_resp = ie->kind == WSC_MSG_PROBE_RESP;

	wb_attr_u8(b, ATTR_VERSION, WSC_VERSION_BYTE);
	if (ie->kind == WSC_IE_ASSOC_REQ) {
		wb_attr_u8(b, ATTR_REQUEST_TYPE, ie->request_type);
	} else if (ie->kind == WSC_IE_ASSOC_RESP) {
		wb_attr_u8(b, ATTR_RESPONSE_TYPE, ie->response_type);
	} else if (probe_req) {
		wb_attr_u8(b, ATTR_REQUEST_TYPE, ie->request_type);
		wb_attr_u16(b, ATTR_CONFIG_METHODS, ie->config_methods);
		wb_attr(b, ATTR_UUID_E, ie->uuid, WSC_UUID_LEN);
		if (dev)
			wb_attr(b, ATTR_PRIMARY_DEV_TYPE, dev->dev_type, 8);
		wb_attr_u8(b, ATTR_RF_BANDS, ie->rf_bands ? ie->rf_bands : 1);
		wb_attr_u16(b, ATTR_ASSOC_STATE, 0);
		wb_attr_u16(b, ATTR_CONFIG_ERROR, 0);
		wb_attr_u16(b, ATTR_DEV_PASSWORD_ID, ie->dev_pw_id);
		if (dev) {
			wb_attr_str(b, ATTR_MANUFACTURER, dev->manufacturer);
			wb_attr_str(b, ATTR_MODEL_NAME, dev->model_name);
			wb_attr_str(b, ATTR_MODEL_NUMBER, dev->model_number);
			wb_attr_str(b, ATTR_DEV_NAME, dev->device_name);
		}
	} else {
		wb_attr_u8(b, ATTR_WPS_STATE, ie->wps_state);
		if (ie->ap_setup_locked)
			wb_attr_u8(b, ATTR_AP_SETUP_LOCKED, 1);
		if (ie->selected_registrar) {
			wb_attr_u8(b, ATTR_SELECTED_REGISTRAR, 1);
			wb_attr_u16(b, ATTR_DEV_PASSWORD_ID, ie->dev_pw_id);
			wb_attr_u16(b, ATTR_SEL_REG_CONFIG_METHODS,
				    ie->sel_reg_config_methods);
		}
		if (probe_resp) {
			wb_attr_u8(b, ATTR_RESPONSE_TYPE, ie->response_type);
			wb_attr(b, ATTR_UUID_E, ie->uuid, WSC_UUID_LEN);
			if (dev) {
				wb_attr_str(b, ATTR_MANUFACTURER,
					    dev->manufacturer);
				wb_attr_str(b, ATTR_MODEL_NAME, dev->model_name);
				wb_attr_str(b, ATTR_MODEL_NUMBER,
					    dev->model_number);
				wb_attr_str(b, ATTR_SERIAL_NUMBER,
					    dev->serial_number);
				wb_attr(b, ATTR_PRIMARY_DEV_TYPE, dev->dev_type,
					8);
				wb_attr_str(b, ATTR_DEV_NAME, dev->device_name);
			}
			wb_attr_u16(b, ATTR_CONFIG_METHODS, ie->config_methods);
		} else if (ie->has_uuid) {
			wb_attr(b, ATTR_UUID_E, ie->uuid, WSC_UUID_LEN);
		}
		if (ie->rf_bands)
			wb_attr_u8(b, ATTR_RF_BANDS, ie->rf_bands);
	}
	if (ie->n_authorized) {
		size_t n = ie->n_authorized > 5 ? 5 : ie->n_authorized;
		ext[0] = WSC_WFA_AUTHORIZED_MACS;
		ext[1] = (uint8_t)(6 * n);
		memcpy(ext + 2, ie->authorized_macs, 6 * n);
		ext_len = 2 + 6 * n;
	}
	wb_wfa_ext(b, ext, ext_len);
}

int wsc_ie_build(const wsc_ie *ie, const wsc_device *dev, uint8_t *out,
		 size_t cap, size_t *len)
{
	uint8_t attrs[1024];
	wbuf a, o;
	size_t off = 0;

	if (!ie || !out || !len)
		return WSC_ERR_INVAL;
	wb_init(&a, attrs, sizeof(attrs));
	build_attrs(ie, dev, &a);
	if (a.overflow)
		return WSC_ERR_BUFSIZE;
	wb_init(&o, out, cap);
	/* each element carries the OUI and type and at most 251 bytes */
	do {
		size_t n = a.len - off > 251 ? 251 : a.len - off;
		uint8_t hdr[2] = { IE_VENDOR, (uint8_t)(4 + n) };
		wb_put(&o, hdr, 2);
		wb_put(&o, wps_oui, 4);
		wb_put(&o, attrs + off, n);
		off += n;
	} while (off < a.len);
	if (o.overflow)
		return WSC_ERR_BUFSIZE;
	*len = o.len;
	return 0;
}

/* The codec's length table bounds each string by its field's size. */
#define copy_str(m, a, field) copy_str_(m, a, field, sizeof(field))
static void copy_str_(const wsc_parsed *m, int a, char *out, size_t cap)
{
	size_t l = m->a[a].len < cap ? m->a[a].len : cap - 1;

	if (m->a[a].p)
		memcpy(out, m->a[a].p, l);
	out[m->a[a].p ? l : 0] = '\0';
}

int wsc_ie_parse(const uint8_t *ies, size_t len, wsc_ie *out)
{
	uint8_t attrs[2048];
	size_t n = 0, off = 0;
	wsc_parsed m;
	bool found = false;
	int err;

	if (!ies || !out)
		return WSC_ERR_INVAL;
	memset(out, 0, sizeof(*out));
	while (off < len) {
		if (len - off < 2)
			return WSC_ERR_TRUNCATED;
		uint8_t id = ies[off], el = ies[off + 1];
		if (el > len - off - 2)
			return WSC_ERR_TRUNCATED;
		if (id == IE_VENDOR && el >= 4 &&
		    !memcmp(ies + off + 2, wps_oui, 4)) {
			if (n + el - 4u > sizeof(attrs))
				return WSC_ERR_BAD_LENGTH;
			memcpy(attrs + n, ies + off + 6, el - 4u);
			n += el - 4u;
			found = true;
		}
		off += 2u + el;
	}
	if (!found)
		return WSC_ERR_MISSING;
	err = wsc_parse(attrs, n, &m, NULL);
	if (err)
		return err;
	if (!has(&m, WSC_A_VERSION))
		return WSC_ERR_MISSING;
	out->kind = has(&m, WSC_A_REQUEST_TYPE) ? WSC_MSG_PROBE_REQ :
		    has(&m, WSC_A_RESPONSE_TYPE) ? WSC_MSG_PROBE_RESP :
						   WSC_MSG_BEACON;
	if (has(&m, WSC_A_WPS_STATE))
		out->wps_state = pv_u8(&m, WSC_A_WPS_STATE);
	out->ap_setup_locked = has(&m, WSC_A_AP_SETUP_LOCKED) &&
			       pv_u8(&m, WSC_A_AP_SETUP_LOCKED);
	out->selected_registrar = has(&m, WSC_A_SELECTED_REGISTRAR) &&
				  pv_u8(&m, WSC_A_SELECTED_REGISTRAR);
	if (has(&m, WSC_A_DEV_PASSWORD_ID))
		out->dev_pw_id = pv_u16(&m, WSC_A_DEV_PASSWORD_ID);
	if (has(&m, WSC_A_SEL_REG_CONFIG_METHODS))
		out->sel_reg_config_methods =
			pv_u16(&m, WSC_A_SEL_REG_CONFIG_METHODS);
	if (has(&m, WSC_A_UUID_E)) {
		memcpy(out->uuid, m.a[WSC_A_UUID_E].p, WSC_UUID_LEN);
		out->has_uuid = true;
	}
	if (has(&m, WSC_A_RF_BANDS))
		out->rf_bands = pv_u8(&m, WSC_A_RF_BANDS);
	if (has(&m, WSC_A_REQUEST_TYPE))
		out->request_type = pv_u8(&m, WSC_A_REQUEST_TYPE);
	if (has(&m, WSC_A_RESPONSE_TYPE))
		out->response_type = pv_u8(&m, WSC_A_RESPONSE_TYPE);
	if (has(&m, WSC_A_CONFIG_METHODS))
		out->config_methods = pv_u16(&m, WSC_A_CONFIG_METHODS);
	copy_str(&m, WSC_A_DEVICE_NAME, out->device_name);
	copy_str(&m, WSC_A_MANUFACTURER, out->manufacturer);
	copy_str(&m, WSC_A_MODEL_NAME, out->model_name);
	copy_str(&m, WSC_A_MODEL_NUMBER, out->model_number);
	if (m.wfa[WSC_WFA_VERSION2].p)
		out->version2 = m.wfa[WSC_WFA_VERSION2].p[0];
	if (m.wfa[WSC_WFA_AUTHORIZED_MACS].p) {
		out->n_authorized = m.wfa[WSC_WFA_AUTHORIZED_MACS].len / 6;
		memcpy(out->authorized_macs, m.wfa[WSC_WFA_AUTHORIZED_MACS].p,
		       6 * out->n_authorized);
	}
	return 0;
}
