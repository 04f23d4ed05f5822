/*
 * The simulator's agenda: events ordered by time, then by the order in
 * which they were scheduled (a sequence number), so that two events due at
 * the same millisecond always run in the same order. A binary heap: push and
 * pop are O(log n), which keeps hour-long runs with thousands of devices
 * cheap.
 */
#ifndef WSC_SIM_EVENT_QUEUE_H
#define WSC_SIM_EVENT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_event {
	uint64_t time;      /* virtual milliseconds */
	uint64_t seq;       /* set by eq_push: ties break in push order */
	uint32_t kind;      /* what to do (enum in world.h) */
	uint32_t dev;       /* the device concerned, or an action index */
	uint32_t gen;       /* generation: stale timers are recognised */
	void *data;         /* owned payload (a frame in flight), or NULL */
} sim_event;

typedef struct event_queue {
	sim_event *heap;
	size_t len, cap;
	uint64_t next_seq;
} event_queue;

void eq_init(event_queue *q);
/* Frees the heap; payloads are the caller's (drain with eq_pop first). */
void eq_free(event_queue *q);
/* Returns 0, or -1 when memory ran out (the event is not queued). */
int eq_push(event_queue *q, sim_event ev);
/* The earliest event, or NULL when empty. */
const sim_event *eq_peek(const event_queue *q);
/* Removes the earliest event into *out; false when empty. */
bool eq_pop(event_queue *q, sim_event *out);

#endif
