#include <string.h>

#include "memlink.h"

static bool pass(memlink_hook hook, void *ud, bool to_peer, uint8_t *buf,
		 const uint8_t *f, size_t *len)
{
	memcpy(buf, f, *len);
	return !hook || hook(ud, to_peer, buf, len);
}

int memlink_run(wsc_eap_peer *p, wsc_eap_auth *a, uint64_t *now,
		uint64_t max_ms, memlink_hook hook, void *hook_ud,
		const memlink_trace *trace, memlink_result *res)
{
	uint64_t end = *now + max_ms;
	uint8_t buf[2048];
	const uint8_t *f;
	size_t len;
	unsigned frames = 0;

	wsc_eap_peer_start(p, *now);
	while (*now <= end) {
		bool moved = false;

		if (wsc_eap_peer_pop_tx(p, &f, &len)) {
			moved = true;
			frames++;
			if (len <= sizeof(buf) &&
			    pass(hook, hook_ud, false, buf, f, &len)) {
				if (trace)
					trace->frame(trace->ud, false, buf, len,
						     *now);
				wsc_eap_auth_recv(a, buf, len, *now);
			}
		}
		if (wsc_eap_auth_pop_tx(a, &f, &len)) {
			moved = true;
			frames++;
			if (len <= sizeof(buf) &&
			    pass(hook, hook_ud, true, buf, f, &len)) {
				if (trace)
					trace->frame(trace->ud, true, buf, len,
						     *now);
				wsc_eap_peer_recv(p, buf, len, *now);
			}
		}
		if (moved)
			continue;
		if (wsc_eap_peer_status(p) != 0 && wsc_eap_auth_status(a) != 0)
			break;
		/* idle: jump the clock to the next deadline */
		uint64_t t1 = wsc_eap_peer_expiry(p), t2 = wsc_eap_auth_expiry(a);
		uint64_t t = t1 < t2 ? t1 : t2;
		if (t == UINT64_MAX)
			break;
		if (t > end) {
			*now = end + 1;
			break;
		}
		if (t > *now)
			*now = t;
		wsc_eap_peer_handle_expiry(p, *now);
		wsc_eap_auth_handle_expiry(a, *now);
	}
	if (res) {
		res->frames = frames;
		res->end_ms = *now;
	}
	return *now > end ? WSC_ERR_TIMEOUT : 0;
}
