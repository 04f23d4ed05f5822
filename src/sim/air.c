/* Range, faults and delivery of frames. */
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "frames.h"
#include "capture.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorted, duplicate-free neighbour lists from the range lines. */
int air_init(sim *s)
{
	const scenario *sc = s->sc;

	s->all_in_range = sc->nrange == 0;
	s->nnbr = calloc(s->ndev ? s->ndev : 1, sizeof(*s->nnbr));
	s->nbr = calloc(s->ndev ? s->ndev : 1, sizeof(*s->nbr));
	if (!s->nnbr || !s->nbr)
		return WSC_ERR_NOMEM;
	size_t *cap = calloc(s->ndev ? s->ndev : 1, sizeof(*cap));
	if (!cap)
		return WSC_ERR_NOMEM;
	for (size_t i = 0; i < sc->nrange; i++) {
		uint32_t end[2] = { sc->ranges[i].a, sc->ranges[i].b };
		for (int k = 0; k < 2; k++) {
			uint32_t me = end[k], other = end[1 - k];
			if (s->nnbr[me] == cap[me]) {
				size_t c = cap[me] ? cap[me] * 2 : 4;
				uint32_t *n = realloc(s->nbr[me],
						      c * sizeof(*n));
				if (!n) {
					free(cap);
					return WSC_ERR_NOMEM;
				}
				s->nbr[me] = n;
				cap[me] = c;
			}
			s->nbr[me][s->nnbr[me]++] = other;
		}
	}
	free(cap);
	for (size_t i = 0; i < s->ndev; i++) {
		size_t n = s->nnbr[i], w = 0;
		if (n == 0)
			continue;
		qsort(s->nbr[i], n, sizeof(uint32_t), cmp_u32);
		for (size_t r = 0; r < n; r++)
			if (!w || s->nbr[i][w - 1] != s->nbr[i][r])
				s->nbr[i][w++] = s->nbr[i][r];
		s->nnbr[i] = w;
	}
	return 0;
}

void air_free(sim *s)
{
	for (size_t i = 0; s->nbr && i < s->ndev; i++)
		free(s->nbr[i]);
	free(s->nbr);
	free(s->nnbr);
	free(s->listeners);
}

bool air_in_range(const sim *s, uint32_t a, uint32_t b)
{
	if (a == b || s->all_in_range)
		return true;
	return bsearch(&b, s->nbr[a], s->nnbr[a], sizeof(uint32_t),
		       cmp_u32) != NULL;
}

void air_frame_unref(struct air_frame *f)
{
	if (f && --f->refs == 0)
		free(f);
}

/* One copy on its way to one receiver, after the air's latency and the
 * delay fault. */
static void deliver_later(sim *s, uint32_t to, struct air_frame *f,
			  uint64_t extra)
{
	uint64_t jitter = s->sc->delay_ms ?
			  rng_below(&s->fault_rng, s->sc->delay_ms + 1) : 0;
	f->refs++;
	s->stats.deliveries++;
	sim_at(s, s->now + AIR_LATENCY_MS + jitter + extra, EV_DELIVER, to, 0,
	       f);
}

/* Whether one copy survives the loss fault. */
static bool survives(sim *s)
{
	if (!rng_chance(&s->fault_rng, s->sc->loss))
		return true;
	s->stats.lost++;
	return false;
}

static void send_unicast(sim *s, struct air_frame *f)
{
	bool reached = air_in_range(s, f->from, f->to) && survives(s);

	if (reached)
		deliver_later(s, f->to, f, 0);
	trace_frame(s, f->from, f->to, f->kind == AIR_EAPOL, f->bytes, f->len,
		    !reached);
	if (rng_chance(&s->fault_rng, s->sc->dup)) {
		/* the sender missed the ACK and sent it again */
		if (s->capture)
			capture_frame(s, f);
		deliver_later(s, f->to, f, 1);
		trace_frame(s, f->from, f->to, f->kind == AIR_EAPOL, f->bytes,
			    f->len, false);
	}
}

static void send_broadcast(sim *s, struct air_frame *f)
{
	const uint32_t *to = f->to == AIR_TO_APS ? s->aps : s->listeners;
	size_t n = f->to == AIR_TO_APS ? s->naps : s->nlisteners;

	for (size_t i = 0; i < n; i++)
		if (to[i] != f->from && air_in_range(s, f->from, to[i]) &&
		    survives(s))
			deliver_later(s, to[i], f, 0);
	if (f->to == AIR_TO_APS) /* a probe; beacons are too many to show */
		trace_frame(s, f->from, f->to, false, f->bytes, f->len, false);
}

void air_send(sim *s, uint32_t from, uint32_t to, enum air_kind kind,
	      const uint8_t *bytes, size_t len)
{
	struct air_frame *f = malloc(sizeof(*f) + len);

	if (!f) {
		s->nomem = true;
		return;
	}
	f->refs = 1; /* ours, until every copy is queued */
	f->kind = kind;
	f->from = from;
	f->to = to;
	f->len = len;
	memcpy(f->bytes, bytes, len);
	s->stats.frames++;
	if (s->capture)
		capture_frame(s, f);
	if (to == AIR_TO_APS || to == AIR_TO_LISTENERS)
		send_broadcast(s, f);
	else
		send_unicast(s, f);
	air_frame_unref(f);
}

void air_deliver(sim *s, uint32_t to, struct air_frame *f)
{
	struct sim_device *d = sim_dev(s, to);

	if (d->on) {
		if (d->ap)
			sim_ap_on_frame(s, d, f);
		else
			sim_sta_on_frame(s, d, f);
	}
	air_frame_unref(f);
}

void air_listen(sim *s, uint32_t sta, bool on)
{
	for (size_t i = 0; i < s->nlisteners; i++) {
		if (s->listeners[i] != sta)
			continue;
		if (!on) /* keep the order: it decides delivery order */
			memmove(&s->listeners[i], &s->listeners[i + 1],
				(s->nlisteners-- - i - 1) * sizeof(uint32_t));
		return;
	}
	if (!on)
		return;
	if (s->nlisteners == s->listencap) {
		size_t c = s->listencap ? s->listencap * 2 : 16;
		uint32_t *l = realloc(s->listeners, c * sizeof(*l));
		if (!l) {
			s->nomem = true;
			return;
		}
		s->listeners = l;
		s->listencap = c;
	}
	s->listeners[s->nlisteners++] = sta;
}
