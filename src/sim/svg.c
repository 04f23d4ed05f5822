/*
 * The run as a sequence diagram, after the manual's Figure 22: devices as
 * lanes, time downwards (long quiet stretches folded), button presses and
 * PINs, each WPS window as a bar on its lane, the M1..M8 handshake as
 * arrows with the secure tunnel (M2..M8) shaded, the credential in green,
 * errors in red, lost frames cut short with a cross.
 */
#include <stdlib.h>
#include <string.h>

#include "world.h"

#define LEFT 96
#define LANE 150
#define TOP 70
#define ROW 22
#define NOTE_ROW 34
#define GAP_ROW 22
#define GAP_MS 3000

static const char *tone_colour[] = { "#222", "#d2691e", "#1a7f37", "#c62828" };

/* Text for XML: markup escaped, anything not plain ASCII replaced. */
static void put_text(FILE *f, const char *t)
{
	for (; *t; t++) {
		unsigned char c = (unsigned char)*t;
		if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else
			fputc(c >= 0x20 && c < 0x7f ? c : '?', f);
	}
}

static int lane_x(uint32_t dev)
{
	return LEFT + LANE / 2 + (int)dev * LANE;
}

/* Vertical position of every record, with folds for quiet stretches. */
struct layout {
	int *y;
	int *gap_y;              /* a fold before record i (0: none) */
	int bottom;
};

static int lay_out(const struct trace *t, struct layout *l)
{
	int y = TOP + 20;

	l->y = calloc(t->n + 1, sizeof(int));
	l->gap_y = calloc(t->n + 1, sizeof(int));
	if (!l->y || !l->gap_y)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		if (i && t->recs[i].t - t->recs[i - 1].t > GAP_MS) {
			l->gap_y[i] = y;
			y += GAP_ROW;
		}
		y += t->recs[i].kind == REC_NOTE ? NOTE_ROW : ROW;
		l->y[i] = y;
	}
	l->bottom = y + ROW;
	return 0;
}

/* Where a WPS window starts: the row of its first event at or after ms
 * (records are in time order). */
static int y_from(const struct trace *t, const struct layout *l, uint64_t ms)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->recs[i].t >= ms && t->recs[i].kind != REC_NOTE)
			return l->y[i] - ROW / 2;
	return l->bottom;
}

/* Where it ends: the row of its last event at or before ms. */
static int y_until(const struct trace *t, const struct layout *l,
		   uint64_t ms)
{
	int y = l->y[0];
	for (size_t i = 0; i < t->n && t->recs[i].t <= ms; i++)
		if (t->recs[i].kind != REC_NOTE)
			y = l->y[i] + 4;
	return y;
}

static void header(const sim *s, FILE *f, int width, int height)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"sans-serif\" font-size=\"11\">\n", width, height,
		width, height);
	fputs("<defs>", f);
	for (int i = 0; i < 4; i++)
		fprintf(f, "<marker id=\"arrow%d\" viewBox=\"0 0 10 10\" "
			"refX=\"10\" refY=\"5\" markerWidth=\"9\" "
			"markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" "
			"orient=\"auto\"><path d=\"M0,0 "
			"L10,5 L0,10 z\" fill=\"%s\"/></marker>", i,
			tone_colour[i]);
	fputs("</defs>\n", f);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width,
		height);
	fputs("<text x=\"8\" y=\"18\" font-size=\"14\" "
	      "font-weight=\"bold\">WPS run (wsc sim)</text>\n", f);
	for (uint32_t i = 0; i < s->ndev; i++) {
		int x = lane_x(i);
		fprintf(f, "<rect x=\"%d\" y=\"30\" width=\"%d\" height=\"30\" "
			"rx=\"4\" fill=\"%s\" stroke=\"#555\"/>\n",
			x - LANE / 2 + 10, LANE - 20,
			s->devs[i].ap ? "#e3f2fd" : "#f3e5f5");
		fprintf(f, "<text x=\"%d\" y=\"50\" text-anchor=\"middle\" "
			"font-weight=\"bold\">", x);
		put_text(f, s->devs[i].decl->name);
		fprintf(f, " (%s)</text>\n", s->devs[i].ap ? "AP" : "STA");
		fprintf(f, "<line x1=\"%d\" y1=\"60\" x2=\"%d\" y2=\"%d\" "
			"stroke=\"#bbb\"/>\n", x, x, height - 10);
	}
}

/* One WPS window as a bar on its lane, from press to end, coloured by
 * how it ended. */
static void window(FILE *f, int x, int y0, int y1, const struct role_entry *e)
{
	static const char *fill[] = { "#ffcc80", "#a5d6a7", "#ef9a9a",
				      "#ef9a9a", "#bdbdbd" };

	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"%d\" "
		"fill=\"%s\" opacity=\"0.8\"><title>%s (%s)</title></rect>\n",
		x - 4, y0, y1 > y0 + 6 ? y1 - y0 : 6,
		fill[e->outcome < 5 ? e->outcome : 0],
		e->role == WSC_REGISTRAR ? "registrar" : "enrollee",
		sim_method_name((enum method)e->method));
}

static void windows(const sim *s, const struct layout *l, FILE *f)
{
	for (uint32_t i = 0; i < s->ndev; i++) {
		const struct sim_device *d = &s->devs[i];
		for (size_t r = 0; r < d->nroles; r++) {
			const struct role_entry *e = &d->roles[r];
			window(f, lane_x(i), y_from(&s->trace, l, e->start),
			       e->end == UINT64_MAX ? l->bottom :
			       y_until(&s->trace, l, e->end), e);
		}
	}
}

static bool same_pair(const struct trace_rec *a, const struct trace_rec *b)
{
	return b->kind == REC_MSG &&
	       ((b->dev == a->dev && b->peer == a->peer) ||
		(b->dev == a->peer && b->peer == a->dev));
}

static bool ends_tunnel(const struct trace_rec *r)
{
	return !strcmp(r->text, "M8") || !strcmp(r->text, "WSC_NACK") ||
	       !strcmp(r->text, "M2");
}

/* The record that ends the tunnel opened by M2 at record i: the
 * credential, a NACK or a new M2; failing that, the pair's last message. */
static size_t tunnel_end(const struct trace *t, size_t i)
{
	size_t last = i;

	for (size_t k = i + 1; k < t->n; k++) {
		if (!same_pair(&t->recs[i], &t->recs[k]))
			continue;
		if (ends_tunnel(&t->recs[k]))
			return k;
		last = k;
	}
	return last;
}

/* The secure tunnel: from M2 to the end of the run, between two lanes. */
static void tunnels(const sim *s, const struct layout *l, FILE *f)
{
	const struct trace *t = &s->trace;

	for (size_t i = 0; i < t->n; i++) {
		const struct trace_rec *a = &t->recs[i];
		if (a->kind != REC_MSG || strcmp(a->text, "M2") || a->lost)
			continue;
		size_t j = tunnel_end(t, i);
		int x0 = lane_x(a->dev < a->peer ? a->dev : a->peer);
		int x1 = lane_x(a->dev < a->peer ? a->peer : a->dev);
		int y0 = l->y[i] + 4, y1 = l->y[j] + 4;
		/* the label goes right of the band: those rows hold only
		 * this pair's messages */
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			"height=\"%d\" fill=\"#e8f0fe\"/>\n", x0, y0, x1 - x0,
			y1 - y0);
		fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#5c6bc0\" "
			"font-style=\"italic\">secure tunnel</text>\n", x1 + 10,
			(y0 + y1) / 2);
	}
}

/* A WSC message: an arrow between two lanes; a lost one stops short. */
static void message(const struct trace_rec *r, int y, FILE *f)
{
	int x0 = lane_x(r->dev), x1 = lane_x(r->peer);
	int dir = x1 > x0 ? 1 : -1;
	int end = r->lost ? x0 + (x1 - x0) * 6 / 10 : x1 - dir * 5;
	bool m8 = !strcmp(r->text, "M8");
	const char *colour = tone_colour[r->tone];

	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		"stroke=\"%s\" stroke-width=\"%s\"", x0 + dir * 5, y, end, y,
		colour, m8 ? "2.5" : "1.2");
	if (r->lost)
		fputs(" stroke-dasharray=\"4,3\"/>\n", f);
	else
		fprintf(f, " marker-end=\"url(#arrow%d)\"/>\n", r->tone);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		"fill=\"%s\"%s>", (x0 + (r->lost ? end : x1)) / 2, y - 4,
		colour, m8 ? " font-weight=\"bold\"" : "");
	put_text(f, r->text);
	fputs(m8 ? " (the credential)" : "", f);
	fputs(r->lost ? " (lost)</text>\n" : "</text>\n", f);
	if (r->lost)
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
			"fill=\"#c62828\" font-weight=\"bold\">x</text>\n",
			end, y + 4);
}

static void row(const struct trace_rec *r, int y, int width, FILE *f)
{
	char when[24];

	sc_format_time(r->t, when);
	if (r->kind == REC_NOTE) {
		fprintf(f, "<rect x=\"4\" y=\"%d\" width=\"%d\" height=\"22\" "
			"fill=\"#eeeeee\"/>\n<text x=\"10\" y=\"%d\" "
			"font-weight=\"bold\">", y - 16, width - 8, y);
		put_text(f, r->text);
		fputs("</text>\n", f);
		return;
	}
	fprintf(f, "<text x=\"8\" y=\"%d\" fill=\"#777\">%s</text>\n", y, when);
	if (r->kind == REC_MSG) {
		message(r, y, f);
		return;
	}
	int x = lane_x(r->dev);
	fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\"/>\n", x,
		y - 4, r->tone == TONE_BUTTON ? 6 : 3, tone_colour[r->tone]);
	fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"%s\"%s>", x + 10, y,
		tone_colour[r->tone], r->tone == TONE_INFO ? "" :
		" font-weight=\"bold\"");
	put_text(f, r->text);
	fputs("</text>\n", f);
}

int sim_write_svg(const sim *s, FILE *f)
{
	const struct trace *t = &s->trace;
	struct layout l = { 0 };
	int width = LEFT + (int)s->ndev * LANE + 420;

	if (lay_out(t, &l)) {
		free(l.y);
		free(l.gap_y);
		return -1;
	}
	header(s, f, width, l.bottom + 20);
	tunnels(s, &l, f);
	windows(s, &l, f);
	for (size_t i = 0; i < t->n; i++) {
		if (l.gap_y[i]) {
			uint64_t quiet = t->recs[i].t - t->recs[i - 1].t;
			fprintf(f, "<text x=\"8\" y=\"%d\" fill=\"#999\">"
				"&#8942; %llu s later</text>\n",
				l.gap_y[i] + 15,
				(unsigned long long)(quiet / 1000));
		}
		row(&t->recs[i], l.y[i], width, f);
	}
	fputs("</svg>\n", f);
	free(l.y);
	free(l.gap_y);
	return ferror(f) ? -1 : 0;
}
