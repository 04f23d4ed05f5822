/* The transcript and the record of a run. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "air.h"
#include "frames.h"
#include "trace.h"
#include "world.h"

void trace_free(struct trace *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->recs[i].text);
	free(t->recs);
	t->recs = NULL;
	t->n = t->cap = 0;
}

static void keep(sim *s, struct trace_rec r, const char *text)
{
	struct trace *t = &s->trace;

	if (!t->keep)
		return;
	if (t->n == t->cap) {
		size_t c = t->cap ? t->cap * 2 : 256;
		struct trace_rec *n = realloc(t->recs, c * sizeof(*n));
		if (!n) {
			s->nomem = true;
			return;
		}
		t->recs = n;
		t->cap = c;
	}
	r.t = s->now;
	r.text = strdup(text);
	if (!r.text) {
		s->nomem = true;
		return;
	}
	t->recs[t->n++] = r;
}

static void print_line(sim *s, const char *who, const char *text)
{
	char when[24];

	if (!s->trace.out)
		return;
	sc_format_time(s->now, when);
	s->trace.after_note = false;
	fprintf(s->trace.out, "%10s  %-*s  %s\n", when, s->trace.name_width,
		who, text);
}

void trace_event(sim *s, uint32_t dev, enum trace_tone tone,
		 const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	print_line(s, sim_dev(s, dev)->decl->name, text);
	keep(s, (struct trace_rec){ .kind = REC_EVENT, .tone = tone,
				    .dev = dev }, text);
}

void trace_note(sim *s, const char *text)
{
	/* a blank line before a story's heading, none inside it */
	if (s->trace.out)
		fprintf(s->trace.out, "%s%s\n", s->trace.after_note ? "" : "\n",
			text);
	s->trace.after_note = true;
	keep(s, (struct trace_rec){ .kind = REC_NOTE }, text);
}

static const char *receiver(sim *s, uint32_t to)
{
	if (to == AIR_TO_APS)
		return "all";
	return sim_dev(s, to)->decl->name;
}

void trace_frame(sim *s, uint32_t from, uint32_t to, bool eapol,
		 const uint8_t *bytes, size_t len, bool lost)
{
	wsc_eapol_info v;
	char label[64], line[160];

	if (eapol) {
		wsc_eapol_classify(bytes, len, &v);
		frame_eapol_label(&v, label, sizeof(label));
		if (v.msg_type >= 0)
			keep(s, (struct trace_rec){ .kind = REC_MSG,
				.tone = v.msg_type == WSC_MSG_M8 ? TONE_GOOD :
					v.msg_type == WSC_MSG_M2D ||
					v.msg_type == WSC_MSG_NACK ? TONE_BAD :
					TONE_INFO,
				.lost = lost, .dev = from, .peer = to }, label);
	} else {
		snprintf(label, sizeof(label), "%s",
			 len && bytes[0] == FC_PROBE_REQ ? "Probe Request" :
			 len && bytes[0] == FC_PROBE_RESP ? "Probe Response" :
							    "Beacon");
	}
	if (!s->trace.verbose)
		return;
	snprintf(line, sizeof(line), "-> %-5s %s (%zu bytes)%s",
		 receiver(s, to), label, len, lost ? " LOST" : "");
	print_line(s, sim_dev(s, from)->decl->name, line);
}
