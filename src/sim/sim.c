/*
 * The simulator's core: the world built from a scenario, and the clock,
 * which takes the earliest event from the agenda, jumps to its time and
 * hands it to the device it concerns.
 */
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "capture.h"
#include "world.h"

/* libwsc's heap, counted: the figures of `wsc sim --stats` */
static void *lib_alloc(void *ud, size_t n)
{
	sim *s = ud;
	void *p = malloc(n);

	if (p) {
		s->heap_now += n;
		if (s->heap_now > s->heap_peak)
			s->heap_peak = s->heap_now;
	}
	return p;
}

static void lib_free(void *ud, void *p, size_t n)
{
	sim *s = ud;

	s->heap_now -= n;
	free(p);
}

void sim_at(sim *s, uint64_t time, enum ev_kind kind, uint32_t dev,
	    uint32_t gen, void *data)
{
	sim_event ev = { .time = time, .kind = kind, .dev = dev, .gen = gen,
			 .data = data };

	if (eq_push(&s->queue, ev)) {
		s->nomem = true;
		if (kind == EV_DELIVER)
			air_frame_unref(data);
		return;
	}
	if (kind != EV_BEACON) /* beacons go on forever; they are not work */
		s->pending++;
	if (s->queue.len > s->stats.queue_peak)
		s->stats.queue_peak = s->queue.len;
}

void sim_wake_at(sim *s, struct sim_device *d, uint64_t t)
{
	if (t < s->now)
		t = s->now;
	if (t == d->wake_at)
		return;
	d->wake_at = t; /* an earlier EV_WAKE for another time is now stale */
	if (t != UINT64_MAX)
		sim_at(s, t, EV_WAKE, d->idx, 0, NULL);
}

/* MACs 02:00:00:a0:xx:xx for APs, 02:00:00:c0:xx:xx for stations. */
static void make_mac(bool ap, uint32_t n, uint8_t mac[6])
{
	const uint8_t m[6] = { 0x02, 0x00, 0x00, ap ? 0xa0 : 0xc0,
			       (uint8_t)(n >> 8), (uint8_t)n };
	memcpy(mac, m, 6);
}

/* A device declared configured starts with the settings it was given,
 * the missing parts made up. */
static int initial_settings(sim *s, struct sim_device *d)
{
	const sc_device *decl = d->decl;
	int err = sim_make_settings(s, d, &d->cred);

	if (err)
		return err;
	if (decl->key[0]) {
		d->cred.key_len = (uint8_t)strlen(decl->key);
		memcpy(d->cred.key, decl->key, d->cred.key_len);
	}
	d->configured = true;
	return 0;
}

static int init_device(sim *s, uint32_t i, uint32_t *aps, uint32_t *stas)
{
	struct sim_device *d = &s->devs[i];
	uint8_t mac[6];

	d->idx = i;
	d->decl = &s->sc->devs[i];
	d->ap = d->decl->ap;
	d->on = true;
	d->wake_at = UINT64_MAX;
	d->connected_to = SC_NONE;
	make_mac(d->ap, d->ap ? ++*aps : ++*stas, mac);
	wsc_device_defaults(&d->info, d->ap, mac);
	snprintf(d->info.device_name, sizeof(d->info.device_name), "%s",
		 d->decl->name);
	if (d->decl->configured && initial_settings(s, d))
		return WSC_ERR_RANDOM;
	if (d->ap)
		s->aps[s->naps++] = i;
	return d->ap ? sim_ap_init(s, d) : sim_sta_init(s, d);
}

static int build_world(sim *s)
{
	uint32_t aps = 0, stas = 0;
	int err;

	s->ndev = s->sc->ndev;
	s->devs = calloc(s->ndev ? s->ndev : 1, sizeof(*s->devs));
	s->aps = calloc(s->ndev ? s->ndev : 1, sizeof(*s->aps));
	if (!s->devs || !s->aps)
		return WSC_ERR_NOMEM;
	for (uint32_t i = 0; i < s->ndev; i++) {
		size_t w = strlen(s->sc->devs[i].name);
		if ((int)w > s->trace.name_width)
			s->trace.name_width = (int)w;
		err = init_device(s, i, &aps, &stas);
		if (err)
			return err;
	}
	err = air_init(s);
	if (err)
		return err;
	for (uint32_t i = 0; i < s->sc->nact; i++)
		sim_at(s, s->sc->acts[i].at_ms, EV_ACTION, i, 0, NULL);
	return s->nomem ? WSC_ERR_NOMEM : 0;
}

sim *sim_new(const scenario *sc, const sim_options *opt, int *err)
{
	sim *s = calloc(1, sizeof(*s));
	int e;

	if (!s) {
		*err = WSC_ERR_NOMEM;
		return NULL;
	}
	s->sc = sc;
	s->opt = *opt;
	uint64_t seed = opt->seed_given ? opt->seed :
			sc->has_seed ? sc->seed : 1;
	rng_seed(&s->crypto_rng, seed, 1);
	rng_seed(&s->fault_rng, seed, 2);
	s->env = (wsc_env){ .size = sizeof(wsc_env), .random = rng_wsc_random,
			    .random_ud = &s->crypto_rng, .alloc = lib_alloc,
			    .free = lib_free, .alloc_ud = s };
	eq_init(&s->queue);
	s->trace = (struct trace){ .out = opt->transcript,
				   .verbose = opt->verbose,
				   .keep = opt->keep_records, .name_width = 4 };
	e = build_world(s);
	if (!e && opt->pcap && !(s->capture = capture_open(opt->pcap)))
		e = WSC_ERR_NOMEM;
	if (e) {
		sim_del(s);
		*err = e;
		return NULL;
	}
	*err = 0;
	return s;
}

void sim_del(sim *s)
{
	sim_event ev;

	if (!s)
		return;
	while (eq_pop(&s->queue, &ev))
		if (ev.kind == EV_DELIVER)
			air_frame_unref(ev.data);
	eq_free(&s->queue);
	for (size_t i = 0; s->devs && i < s->ndev; i++) {
		struct sim_device *d = &s->devs[i];
		sim_ap_free(s, d);
		sim_sta_free(d);
		free(d->roles);
		wsc_wipe(&d->cred, sizeof(d->cred));
	}
	free(s->devs);
	free(s->aps);
	air_free(s);
	trace_free(&s->trace);
	capture_close(s->capture);
	psk_cache_clear(&s->psk);
	free(s);
}

static void power(sim *s, struct sim_device *d, bool on)
{
	if (d->on == on)
		return;
	trace_event(s, d->idx, on ? TONE_INFO : TONE_BAD,
		    on ? "switched on" : "switched off");
	if (!on) {
		d->power_gen++; /* its timers die with it */
		sim_wake_at(s, d, UINT64_MAX);
	}
	if (d->ap)
		sim_ap_power(s, d, on);
	else
		sim_sta_power(s, d, on);
	d->on = on;
}

static void run_action(sim *s, const sc_action *a)
{
	if (a->kind == ACT_NOTE) {
		trace_note(s, a->note);
		return;
	}
	struct sim_device *d = sim_dev(s, a->dev);
	if (a->kind == ACT_OFF || a->kind == ACT_ON) {
		power(s, d, a->kind == ACT_ON);
	} else if (!d->on) {
		trace_event(s, d->idx, TONE_BAD, "is switched off: nothing "
			    "happens");
	} else if (d->ap) {
		sim_ap_action(s, d, a);
	} else {
		sim_sta_action(s, d, a);
	}
}

/* A timer of device d came due. */
static void device_timer(sim *s, struct sim_device *d, const sim_event *ev)
{
	switch (ev->kind) {
	case EV_BEACON:
		if (ev->gen == d->power_gen)
			sim_ap_beacon(s, d);
		break;
	case EV_WAKE:
		if (ev->time != d->wake_at)
			break; /* superseded by another deadline */
		d->wake_at = UINT64_MAX;
		if (d->ap)
			sim_ap_on_wake(s, d);
		else
			sim_sta_on_wake(s, d);
		break;
	case EV_SCAN_START:
		sim_sta_on_scan_start(s, d, ev->gen);
		break;
	case EV_SCAN_END:
		sim_sta_on_scan_end(s, d, ev->gen);
		break;
	case EV_WALK_END: /* an AP's walk times are libwsc's deadlines */
		if (!d->ap)
			sim_sta_on_walk_end(s, d, ev->gen);
		break;
	default:
		break;
	}
}

static void dispatch(sim *s, const sim_event *ev)
{
	if (ev->kind == EV_ACTION) {
		run_action(s, &s->sc->acts[ev->dev]);
	} else if (ev->kind == EV_DELIVER) {
		air_deliver(s, ev->dev, ev->data);
	} else {
		struct sim_device *d = sim_dev(s, ev->dev);
		if (d->on)
			device_timer(s, d, ev);
	}
}

int sim_run(sim *s)
{
	const sim_event *next;
	sim_event ev;

	/* stop when only beacons are left, or at the scenario's end */
	while (!s->nomem && s->pending && (next = eq_peek(&s->queue))) {
		if (s->sc->end_ms && next->time > s->sc->end_ms)
			break;
		eq_pop(&s->queue, &ev);
		if (ev.kind != EV_BEACON)
			s->pending--;
		s->now = ev.time;
		s->stats.events++;
		dispatch(s, &ev);
	}
	if (s->capture)
		fflush(s->opt.pcap);
	s->stats.end_ms = s->now;
	s->stats.lib_peak_bytes = s->heap_peak;
	return s->nomem ? WSC_ERR_NOMEM : 0;
}

size_t sim_device_count(const sim *s)
{
	return s->ndev;
}

void sim_device_get(const sim *s, uint32_t idx, sim_device_report *out)
{
	const struct sim_device *d = &s->devs[idx];

	memset(out, 0, sizeof(*out));
	out->name = d->decl->name;
	out->ap = d->ap;
	out->on = d->on;
	out->configured = d->configured;
	out->cred = d->configured ? &d->cred : NULL;
	memcpy(out->mac, d->info.mac, 6);
	out->overlap_seen = d->overlap_seen;
	out->connected_to = d->connected_to;
	out->roles = (unsigned)d->nroles;
	/* the last window that closed says how things went */
	uint64_t last = 0;
	for (size_t r = 0; r < d->nroles; r++) {
		const struct role_entry *e = &d->roles[r];
		if (e->end == UINT64_MAX || e->outcome == SIM_OUT_NONE ||
		    e->end < last)
			continue;
		last = e->end;
		out->outcome = (enum sim_outcome)e->outcome;
		out->config_error = e->config_error;
	}
}

void sim_get_stats(const sim *s, sim_stats *out)
{
	*out = s->stats;
}
