/*
 * The medium: which devices hear which, and what happens to a frame on the
 * way (loss, delay, duplication). Every transmission is also shown to the
 * capture and the trace. Two kinds of frames travel: 802.11 management
 * frames (beacons, probes) and EAPOL PDUs between a station and its AP.
 */
#ifndef WSC_SIM_AIR_H
#define WSC_SIM_AIR_H

#include "world.h"

enum air_kind { AIR_MGMT, AIR_EAPOL };

/* Broadcast receivers: APs hear probe requests; stations hear beacons
 * only while they scan (otherwise they would be asleep or busy). */
#define AIR_TO_APS UINT32_MAX
#define AIR_TO_LISTENERS (UINT32_MAX - 1)

struct air_frame {
	unsigned refs;           /* one per queued delivery */
	enum air_kind kind;
	uint32_t from, to;
	size_t len;
	uint8_t bytes[];         /* 802.11 frame, or EAPOL PDU */
};

/* Build the range tables from the scenario. 0 or WSC_ERR_NOMEM. */
int air_init(sim *s);
void air_free(sim *s);
bool air_in_range(const sim *s, uint32_t a, uint32_t b);
/* Transmit; the frame is copied. */
void air_send(sim *s, uint32_t from, uint32_t to, enum air_kind kind,
	      const uint8_t *bytes, size_t len);
/* An EV_DELIVER came due: hand the frame to its receiver, if on. */
void air_deliver(sim *s, uint32_t to, struct air_frame *f);
/* Drop a queued delivery without handing it over (at teardown). */
void air_frame_unref(struct air_frame *f);
/* A station starts or stops listening for beacons. */
void air_listen(sim *s, uint32_t sta, bool on);

#endif
