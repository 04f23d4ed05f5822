/*
 * The capture (--pcap): every frame of a run in one pcapng file with two
 * interfaces, because one pcap file has one link type:
 *   interface 0 "eapol": LINKTYPE_ETHERNET, EAPOL as Ethernet frames
 *                        (EtherType 0x888e) between station and AP;
 *   interface 1 "air":   LINKTYPE_IEEE802_11_RADIOTAP, Beacons and Probe
 *                        Requests/Responses with their WPS element.
 * Timestamps are the virtual clock (microseconds from the run's start,
 * shown by tshark as 1970-01-01). Nothing else goes in, so the same seed
 * gives the same file byte for byte.
 */
#ifndef WSC_SIM_CAPTURE_H
#define WSC_SIM_CAPTURE_H

#include <stdio.h>

#include "world.h"

struct air_frame;

/* Writes the file header; NULL when out of memory. f stays the caller's. */
struct capture *capture_open(FILE *f);
void capture_close(struct capture *c);
/* One transmission at s->now. */
void capture_frame(sim *s, const struct air_frame *f);

#endif
