/* What access points and stations share: role history, settings. */
#include <stdlib.h>
#include <string.h>

#include "world.h"

const char *sim_method_name(enum method m)
{
	static const char *names[] = { "PBC", "PIN", "AP PIN", "new settings",
				       "learn settings" };
	return names[m];
}

uint32_t sim_role_open(sim *s, struct sim_device *d, uint8_t role,
		       enum method m)
{
	if (d->nroles == d->rolecap) {
		size_t c = d->rolecap ? d->rolecap * 2 : 4;
		struct role_entry *r = realloc(d->roles, c * sizeof(*r));
		if (!r) {
			s->nomem = true;
			return UINT32_MAX;
		}
		d->roles = r;
		d->rolecap = c;
	}
	d->roles[d->nroles] = (struct role_entry){
		.start = s->now, .end = UINT64_MAX, .role = role,
		.method = (uint8_t)m, .outcome = SIM_OUT_NONE,
		.peer = SC_NONE };
	return (uint32_t)d->nroles++;
}

bool sim_role_is_open(const struct sim_device *d, uint32_t r)
{
	return r < d->nroles && d->roles[r].end == UINT64_MAX;
}

void sim_role_close(sim *s, struct sim_device *d, uint32_t r,
		    enum sim_outcome out, int config_error, uint32_t peer)
{
	if (!sim_role_is_open(d, r))
		return;
	d->roles[r].outcome = (uint8_t)out;
	d->roles[r].config_error = (uint16_t)config_error;
	d->roles[r].peer = peer;
	d->roles[r].end = s->now;
}

void sim_take_settings(sim *s, struct sim_device *d, const wsc_cred *c)
{
	(void)s;
	/* wsc_cred_check ran in libwsc already; keep the rule visible: only
	 * a whole, valid credential ever replaces the settings */
	if (wsc_cred_check(c) != 0)
		return;
	d->cred = *c;
	d->configured = true;
}

int sim_make_settings(sim *s, const struct sim_device *d, wsc_cred *out)
{
	memset(out, 0, sizeof(*out));
	out->ssid_len = (uint8_t)strlen(d->decl->ssid);
	memcpy(out->ssid, d->decl->ssid, out->ssid_len);
	return wsc_cred_generate(&s->env, out);
}

bool sim_same_network(const wsc_cred *a, const wsc_cred *b)
{
	return a->ssid_len == b->ssid_len &&
	       !memcmp(a->ssid, b->ssid, a->ssid_len) &&
	       a->auth_type == b->auth_type && a->encr_type == b->encr_type &&
	       a->key_len == b->key_len && !memcmp(a->key, b->key, a->key_len);
}

