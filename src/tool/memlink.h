/* An in-memory EAPOL link between one EAP peer and one authenticator,
 * driven by a virtual clock: for the demo, the simulator and tests. */
#ifndef WSC_MEMLINK_H
#define WSC_MEMLINK_H

#include "wsc/wsc.h"

/* Called for every frame; return false to drop it. May modify the frame
 * in place (up to *len bytes, and may shrink *len). to_peer tells the
 * direction. */
typedef bool (*memlink_hook)(void *ud, bool to_peer, uint8_t *frame,
			     size_t *len);

typedef struct memlink_trace {
	void (*frame)(void *ud, bool to_peer, const uint8_t *f, size_t len,
		      uint64_t now);
	void *ud;
} memlink_trace;

typedef struct memlink_result {
	unsigned frames;
	uint64_t end_ms;
} memlink_result;

/* Runs until both sides have finished or max_ms of virtual time passed.
 * *now is advanced. Returns 0, or WSC_ERR_TIMEOUT if max_ms passed. */
int memlink_run(wsc_eap_peer *p, wsc_eap_auth *a, uint64_t *now,
		uint64_t max_ms, memlink_hook hook, void *hook_ud,
		const memlink_trace *trace, memlink_result *res);

#endif
