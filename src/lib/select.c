/* Choosing an AP to run WPS with, from scan results (see wsc.h). */
#include "internal.h"

static const uint8_t wildcard[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static bool in_pbc_mode(const wsc_scan_bss *b)
{
	return b->has_wps && b->wps.selected_registrar &&
	       b->wps.dev_pw_id == WSC_PW_PUSHBUTTON;
}

void wsc_pbc_monitor_init(wsc_pbc_monitor *m)
{
	if (m)
		memset(m, 0, sizeof(*m));
}

static void monitor_forget_old(wsc_pbc_monitor *m, uint64_t now_ms)
{
	size_t k = 0;

	for (size_t i = 0; i < m->n; i++)
		if (now_ms - m->reg[i].seen_ms < WSC_PBC_MONITOR_TIME_MS)
			m->reg[k++] = m->reg[i];
	m->n = k;
}

/* The same registrar: the same UUID-E, or the same BSSID when either
 * heard no UUID-E there (a Beacon may carry none, a Probe Response does) */
static bool same_registrar(const wsc_pbc_monitor *m, size_t i,
			   const wsc_scan_bss *b)
{
	if (m->reg[i].has_uuid && b->wps.has_uuid)
		return !memcmp(m->reg[i].id, b->wps.uuid, WSC_UUID_LEN);
	return !memcmp(m->reg[i].bssid, b->bssid, 6);
}

static void monitor_add(wsc_pbc_monitor *m, const wsc_scan_bss *b,
			uint64_t now_ms)
{
	size_t i, oldest = 0;

	for (i = 0; i < m->n; i++)
		if (same_registrar(m, i, b))
			break;
	if (i == m->n && m->n == WSC_PBC_MONITOR_MAX) {
		/* full: the oldest makes room; overlap is already certain */
		for (size_t j = 1; j < m->n; j++)
			if (m->reg[j].seen_ms < m->reg[oldest].seen_ms)
				oldest = j;
		i = oldest;
		m->reg[i].has_uuid = false;
	} else if (i == m->n) {
		m->reg[i].has_uuid = false;
		m->n++;
	}
	if (b->wps.has_uuid) {
		memcpy(m->reg[i].id, b->wps.uuid, WSC_UUID_LEN);
		m->reg[i].has_uuid = true;
	} else if (!m->reg[i].has_uuid) {
		memset(m->reg[i].id, 0, WSC_UUID_LEN);
		memcpy(m->reg[i].id, b->bssid, 6);
	}
	memcpy(m->reg[i].bssid, b->bssid, 6);
	m->reg[i].seen_ms = now_ms;
}

size_t wsc_pbc_monitor_note(wsc_pbc_monitor *m, const wsc_scan_bss *bss,
			    size_t n, uint64_t now_ms)
{
	if (!m)
		return 0;
	monitor_forget_old(m, now_ms);
	for (size_t i = 0; bss && i < n; i++)
		if (in_pbc_mode(&bss[i]))
			monitor_add(m, &bss[i], now_ms);
	return m->n;
}

/* Distinct push-button registrars in this scan alone. */
static size_t pbc_registrars(const wsc_scan_bss *bss, size_t n)
{
	wsc_pbc_monitor once;

	wsc_pbc_monitor_init(&once);
	return wsc_pbc_monitor_note(&once, bss, n, 0);
}

static bool listed(const wsc_ie *ie, const uint8_t mac[6], bool *open)
{
	*open = ie->n_authorized == 0;
	for (size_t i = 0; i < ie->n_authorized; i++) {
		if (mac && !memcmp(ie->authorized_macs[i], mac, 6))
			return true;
		*open = *open || !memcmp(ie->authorized_macs[i], wildcard, 6);
	}
	return false;
}

/* Rank of an AP for the mode: lower is better, -1 not a candidate. */
static int rank(const wsc_scan_bss *b, wsc_select_mode mode,
		const uint8_t *mac, wsc_candidate *c)
{
	bool open = false;

	c->armed = b->has_wps && b->wps.selected_registrar;
	c->listed = c->armed && listed(&b->wps, mac, &open);
	if (!b->has_wps)
		return -1;
	switch (mode) {
	case WSC_SELECT_PBC:
		return in_pbc_mode(b) ? 0 : -1;
	case WSC_SELECT_PIN:
		if (in_pbc_mode(b))
			return -1;
		if (c->armed)
			return c->listed ? 0 : open ? 1 : -1;
		return 2;
	case WSC_SELECT_REGISTRAR:
		return b->wps.ap_setup_locked ? -1 : 0;
	}
	return -1;
}

/* Stable insertion by (rank, stronger signal first). */
static size_t insert(wsc_candidate *out, int *ranks, size_t k, size_t cap,
		     const wsc_scan_bss *bss, wsc_candidate c, int r)
{
	size_t at = k;

	while (at > 0 && (ranks[at - 1] > r ||
			  (ranks[at - 1] == r && bss[out[at - 1].index].signal_mbm <
							 bss[c.index].signal_mbm)))
		at--;
	if (at >= cap)
		return k;
	if (k == cap)
		k--;
	memmove(out + at + 1, out + at, (k - at) * sizeof(*out));
	memmove(ranks + at + 1, ranks + at, (k - at) * sizeof(*ranks));
	out[at] = c;
	ranks[at] = r;
	return k + 1;
}

int wsc_select_aps(const wsc_scan_bss *bss, size_t n, wsc_select_mode mode,
		   const uint8_t own_mac[6], const wsc_pbc_monitor *m,
		   uint64_t now_ms, wsc_candidate *out, size_t cap)
{
	int ranks[64];
	size_t k = 0, wps = 0, usable = 0;

	if ((n && !bss) || (cap && !out) || mode > WSC_SELECT_REGISTRAR)
		return WSC_ERR_INVAL;
	if (cap > ARRAY_LEN(ranks))
		cap = ARRAY_LEN(ranks);
	if (mode == WSC_SELECT_PBC) {
		size_t seen = pbc_registrars(bss, n);
		if (m) {
			wsc_pbc_monitor all = *m;
			seen = wsc_pbc_monitor_note(&all, bss, n, now_ms);
		}
		if (seen > 1)
			return WSC_ERR_PBC_OVERLAP;
	}
	for (size_t i = 0; i < n; i++) {
		wsc_candidate c = { .index = i };
		int r = rank(&bss[i], mode, own_mac, &c);
		wps += bss[i].has_wps;
		if (r >= 0) {
			usable++;
			k = insert(out, ranks, k, cap, bss, c, r);
		}
	}
	if (mode == WSC_SELECT_REGISTRAR && usable == 0 && wps > 0)
		return WSC_ERR_LOCKED;
	return (int)k;
}
