/* A binary min-heap of events keyed by (time, seq). */
#include <stdlib.h>

#include "event_queue.h"

static bool before(const sim_event *a, const sim_event *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void swap(sim_event *a, sim_event *b)
{
	sim_event t = *a;
	*a = *b;
	*b = t;
}

void eq_init(event_queue *q)
{
	q->heap = NULL;
	q->len = q->cap = 0;
	q->next_seq = 0;
}

void eq_free(event_queue *q)
{
	free(q->heap);
	eq_init(q);
}

int eq_push(event_queue *q, sim_event ev)
{
	if (q->len == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256;
		sim_event *h = realloc(q->heap, cap * sizeof(*h));
		if (!h)
			return -1;
		q->heap = h;
		q->cap = cap;
	}
	ev.seq = q->next_seq++;
	size_t i = q->len++;
	q->heap[i] = ev;
	while (i > 0) { /* sift up */
		size_t parent = (i - 1) / 2;
		if (!before(&q->heap[i], &q->heap[parent]))
			break;
		swap(&q->heap[i], &q->heap[parent]);
		i = parent;
	}
	return 0;
}

const sim_event *eq_peek(const event_queue *q)
{
	return q->len ? &q->heap[0] : NULL;
}

bool eq_pop(event_queue *q, sim_event *out)
{
	if (!q->len)
		return false;
	*out = q->heap[0];
	q->heap[0] = q->heap[--q->len];
	size_t i = 0;
	for (;;) { /* sift down */
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < q->len && before(&q->heap[l], &q->heap[m]))
			m = l;
		if (r < q->len && before(&q->heap[r], &q->heap[m]))
			m = r;
		if (m == i)
			break;
		swap(&q->heap[i], &q->heap[m]);
		i = m;
	}
	return true;
}
