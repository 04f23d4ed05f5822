/*
 * What happened, as it happens: the transcript (one line per event, in
 * hostapd's and wpa_supplicant's words, with -v also every frame), and,
 * when a diagram is wanted, a record of the run for svg.c.
 */
#ifndef WSC_SIM_TRACE_H
#define WSC_SIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sim sim;

/* How an event reads: also its colour in the diagram. */
enum trace_tone { TONE_INFO, TONE_BUTTON, TONE_GOOD, TONE_BAD };

enum rec_kind { REC_NOTE, REC_EVENT, REC_MSG };

struct trace_rec {
	uint64_t t;
	uint8_t kind;            /* enum rec_kind */
	uint8_t tone;            /* enum trace_tone */
	bool lost;               /* MSG: never arrived */
	uint32_t dev, peer;      /* EVENT: dev; MSG: from, to */
	char *text;
};

struct trace {
	FILE *out;               /* NULL: no transcript */
	bool verbose;
	int name_width;
	bool keep;               /* collect records for the diagram */
	bool after_note;         /* the last line printed was a note */
	struct trace_rec *recs;
	size_t n, cap;
};

void trace_free(struct trace *t);
/* An event of device dev, printed and (if kept) recorded. */
void trace_event(sim *s, uint32_t dev, enum trace_tone tone,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A heading of the story. */
void trace_note(sim *s, const char *text);
/* A frame on the air (to: a device, or a broadcast from air.h). */
void trace_frame(sim *s, uint32_t from, uint32_t to, bool eapol,
		 const uint8_t *bytes, size_t len, bool lost);

#endif
