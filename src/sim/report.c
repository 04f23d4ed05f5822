/* The end of a run: the table of devices and the checks of expect lines. */
#include <string.h>

#include "world.h"

static const char *peer_name(const sim *s, uint32_t peer)
{
	return peer == SC_NONE ? "?" : s->devs[peer].decl->name;
}

static void role_text(const sim *s, const struct role_entry *e, char *out,
		      size_t cap)
{
	char when[24], how[96];

	sc_format_time(e->start, when);
	switch (e->outcome) {
	case SIM_OUT_SUCCESS:
		snprintf(how, sizeof(how), "success with %s",
			 peer_name(s, e->peer));
		break;
	case SIM_OUT_FAIL:
		snprintf(how, sizeof(how), "failed, config error %u%s",
			 e->config_error,
			 e->config_error == WSC_CE_MULTIPLE_PBC ?
			 " (PBC overlap)" :
			 e->config_error == WSC_CE_DEV_PASSWORD_AUTH ?
			 " (wrong PIN)" : "");
		break;
	case SIM_OUT_TIMEOUT:
		snprintf(how, sizeof(how), "walk time expired");
		break;
	case SIM_OUT_OFF:
		snprintf(how, sizeof(how), "switched off");
		break;
	default:
		snprintf(how, sizeof(how), "%s", e->end == UINT64_MAX ?
			 "still armed" : "pressed again");
		break;
	}
	snprintf(out, cap, "%s (%s) at %s: %s",
		 e->role == WSC_REGISTRAR ? "registrar" : "enrollee",
		 sim_method_name((enum method)e->method), when, how);
}

/* Column widths: every column as wide as its widest entry. */
struct widths {
	int name, state, ssid, auth, key;
};

static struct widths measure(const sim *s, bool show_keys)
{
	struct widths w = { .name = s->trace.name_width > 6 ?
				    s->trace.name_width : 6, .state = 12,
			    .ssid = 4, .auth = 4, .key = show_keys ? 3 : 8 };

	for (size_t i = 0; i < s->ndev; i++) {
		const struct sim_device *d = &s->devs[i];
		if (!d->on)
			w.state = 17;
		if (!d->configured)
			continue;
		int auth = (int)strlen(wsc_auth_name(d->cred.auth_type));
		w.ssid = d->cred.ssid_len > w.ssid ? d->cred.ssid_len : w.ssid;
		w.auth = auth > w.auth ? auth : w.auth;
		if (show_keys && d->cred.key_len > w.key)
			w.key = d->cred.key_len;
	}
	return w;
}

static void print_device(const sim *s, const struct sim_device *d, FILE *f,
			 bool show_keys, const struct widths *w)
{
	char ssid[40] = "-", key[80] = "-", line[200];
	const wsc_cred *c = &d->cred;
	const uint8_t *m = d->info.mac;

	if (d->configured) {
		snprintf(ssid, sizeof(ssid), "%.*s", c->ssid_len,
			 (const char *)c->ssid);
		snprintf(key, sizeof(key), "%.*s", show_keys ? c->key_len : 8,
			 show_keys ? (const char *)c->key : "[hidden]");
	}
	const char *state = d->configured ? d->on ? "configured" :
			    "configured, off" : d->on ? "unconfigured" :
			    "unconfigured, off";

	fprintf(f, "%-*s  %-4s  %02x:%02x:%02x:%02x:%02x:%02x  %-*s  %-*s  "
		"%-*s  %-*s  %s\n", w->name, d->decl->name,
		d->ap ? "AP" : "STA", m[0], m[1], m[2], m[3], m[4], m[5],
		w->state, state, w->ssid, ssid,
		w->auth, d->configured ? wsc_auth_name(c->auth_type) : "-",
		w->key, key, d->connected_to == SC_NONE ? "-" :
		s->devs[d->connected_to].decl->name);
	for (size_t r = 0; r < d->nroles; r++) {
		role_text(s, &d->roles[r], line, sizeof(line));
		fprintf(f, "%-*s  %s %s\n", w->name, "",
			r ? "      " : "roles:", line);
	}
	if (!d->nroles)
		fprintf(f, "%-*s  roles: none\n", w->name, "");
}

void sim_print_table(const sim *s, FILE *f, bool show_keys)
{
	struct widths w = measure(s, show_keys);

	fprintf(f, "%-*s  %-4s  %-17s  %-*s  %-*s  %-*s  %-*s  %s\n", w.name,
		"device", "kind", "mac", w.state, "state", w.ssid, "ssid",
		w.auth, "auth", w.key, "key", "connected");
	for (size_t i = 0; i < s->ndev; i++)
		print_device(s, &s->devs[i], f, show_keys, &w);
}

/* Whether expectation e holds; if not, why into why. */
static bool holds(const sim *s, const sc_expect *e, char *why, size_t cap)
{
	const struct sim_device *d = &s->devs[e->dev];
	const struct sim_device *o = e->other == SC_NONE ? NULL :
				     &s->devs[e->other];
	sim_device_report r;

	sim_device_get(s, e->dev, &r);
	static const char *outcome[] = { "none yet", "success", "failure",
					 "timeout", "switched off" };
	snprintf(why, cap, "its last WPS window: %s", outcome[r.outcome]);
	if (r.outcome == SIM_OUT_FAIL)
		snprintf(why, cap, "its last WPS window: failure, config "
			 "error %d", r.config_error);
	switch (e->kind) {
	case EXP_CONFIGURED:
	case EXP_UNCONFIGURED:
		snprintf(why, cap, "it is %s", d->configured ? "configured" :
			 "unconfigured");
		return d->configured == (e->kind == EXP_CONFIGURED);
	case EXP_SUCCESS: return r.outcome == SIM_OUT_SUCCESS;
	case EXP_TIMEOUT: return r.outcome == SIM_OUT_TIMEOUT;
	case EXP_FAIL:
		return r.outcome == SIM_OUT_FAIL &&
		       r.config_error == e->config_error;
	case EXP_OVERLAP:
		snprintf(why, cap, "it saw no PBC overlap");
		return d->overlap_seen;
	case EXP_NETWORK_OF:
		snprintf(why, cap, "%s", !d->configured ? "it is unconfigured" :
			 !o->configured ? "the other is unconfigured" :
			 "their settings differ");
		return d->configured && o->configured &&
		       sim_same_network(&d->cred, &o->cred);
	case EXP_CONNECTED:
		snprintf(why, cap, "it is %s%s", d->connected_to == SC_NONE ?
			 "not connected" : "connected to ",
			 d->connected_to == SC_NONE ? "" :
			 s->devs[d->connected_to].decl->name);
		return d->connected_to != SC_NONE &&
		       (!o || d->connected_to == e->other);
	}
	return false;
}

int sim_check_expectations(const sim *s, FILE *f)
{
	int failed = 0;
	char why[128];

	for (size_t i = 0; i < s->sc->nexp; i++) {
		const sc_expect *e = &s->sc->exps[i];
		bool ok = holds(s, e, why, sizeof(why));
		failed += !ok;
		if (f && ok)
			fprintf(f, "  ok      expect %s\n", e->text);
		else if (f)
			fprintf(f, "  FAILED  expect %s (line %u: %s)\n",
				e->text, e->line, why);
	}
	return failed;
}
