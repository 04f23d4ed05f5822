/*
 * A simulated access point: libwsc's wsc_ap behind a radio. The rules
 * (button, PINs, AP PIN lockout, overlap, invented settings) are the
 * library's, the same object `wsc ap` runs; this side turns its events
 * into the transcript and the role history, and keeps its state blob in
 * "flash" across power cycles.
 */
#ifndef WSC_SIM_AP_H
#define WSC_SIM_AP_H

#include "world.h"

/* An armed PIN and the role entry it opened */
struct pin_role {
	int id;
	uint32_t role;
};

struct ap_state {
	sim *s;
	struct sim_device *d;
	wsc_ap *w;                 /* NULL while powered off */
	uint8_t flash[WSC_AP_STATE_MAX]; /* the state blob */
	size_t flash_len;
	bool pbc_open, label_open;
	uint32_t pbc_role, label_role;
	struct pin_role *pins;
	size_t npins, pincap;
	uint32_t run_sta;          /* the station of the call under way */
};

#endif
