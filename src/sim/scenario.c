/* The scenario text format: one line per declaration, event or check. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "wsc/wsc.h"

#define MAX_TOKENS 64
#define MAX_DEVICES 100000

/* What parsing one line needs: the scenario so far and where to complain. */
struct parser {
	scenario *sc;
	const char *name;
	unsigned line;
	FILE *err;
	int errors;
	bool nomem;
};

static void complain(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	p->errors++;
	if (!p->err)
		return;
	fprintf(p->err, "%s:%u: ", p->name, p->line);
	va_start(ap, fmt);
	vfprintf(p->err, fmt, ap);
	va_end(ap);
	fputc('\n', p->err);
}

/* Grow an array by one slot; NULL (and p->nomem) when memory ran out. */
static void *grow(struct parser *p, void **arr, size_t *n, size_t *cap,
		  size_t size)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		void *a = realloc(*arr, c * size);
		if (!a) {
			p->nomem = true;
			return NULL;
		}
		*arr = a;
		*cap = c;
	}
	void *slot = (char *)*arr + (*n)++ * size;
	memset(slot, 0, size);
	return slot;
}

static size_t name_hash(const char *name)
{
	size_t h = 2166136261u; /* FNV-1a */
	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

uint32_t scenario_find(const scenario *sc, const char *name)
{
	if (!sc->by_name_cap)
		return SC_NONE;
	for (size_t i = name_hash(name);; i++) {
		uint32_t d = sc->by_name[i & (sc->by_name_cap - 1)];
		if (d == SC_NONE || !strcmp(sc->devs[d].name, name))
			return d;
	}
}

static void index_insert(scenario *sc, uint32_t d)
{
	size_t i = name_hash(sc->devs[d].name);
	while (sc->by_name[i & (sc->by_name_cap - 1)] != SC_NONE)
		i++;
	sc->by_name[i & (sc->by_name_cap - 1)] = d;
}

/* Keep the index at most half full: rebuild it twice as large. */
static bool index_room(struct parser *p)
{
	scenario *sc = p->sc;
	if (2 * (sc->ndev + 1) <= sc->by_name_cap)
		return true;
	size_t cap = sc->by_name_cap ? 2 * sc->by_name_cap : 64;
	uint32_t *n = malloc(cap * sizeof(*n));
	if (!n) {
		p->nomem = true;
		return false;
	}
	free(sc->by_name);
	sc->by_name = n;
	sc->by_name_cap = cap;
	for (size_t i = 0; i < cap; i++)
		n[i] = SC_NONE;
	for (uint32_t d = 0; d < sc->ndev; d++)
		index_insert(sc, d);
	return true;
}

/* "90", "1.5s", "250ms", "2min", "1h" -> milliseconds. */
static bool parse_time(const char *s, uint64_t *ms)
{
	uint64_t whole = 0, frac = 0, scale = 1000;
	int fdigits = 0;
	const char *q = s;

	if (!isdigit((unsigned char)*q))
		return false;
	for (; isdigit((unsigned char)*q); q++) {
		whole = whole * 10 + (uint64_t)(*q - '0');
		if (whole > 100000000000ull)
			return false;
	}
	if (*q == '.') {
		for (q++; isdigit((unsigned char)*q); q++)
			if (fdigits < 3) {
				frac = frac * 10 + (uint64_t)(*q - '0');
				fdigits++;
			}
	}
	while (fdigits++ < 3)
		frac *= 10;
	if (!strcmp(q, "ms"))
		scale = 1;
	else if (!strcmp(q, "s") || !*q)
		scale = 1000;
	else if (!strcmp(q, "min"))
		scale = 60000;
	else if (!strcmp(q, "h"))
		scale = 3600000;
	else
		return false;
	*ms = whole * scale + frac * scale / 1000;
	return true;
}

static bool parse_prob(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0 && v <= 1))
		return false;
	*out = v;
	return true;
}

static bool valid_name(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > SC_NAME_MAX || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_-.", s[i]))
			return false;
	return strcmp(s, "note") != 0;
}

/* A device named by token t, or SC_NONE with a complaint. */
static uint32_t need_device(struct parser *p, const char *t)
{
	uint32_t d = scenario_find(p->sc, t);
	if (d == SC_NONE)
		complain(p, "unknown device '%s' (declare it with a device "
			 "line first)", t);
	return d;
}

static bool check_key(const char *ssid, const char *key)
{
	wsc_cred c = { .auth_type = WSC_AUTH_WPA2PSK,
		       .encr_type = WSC_ENCR_AES };
	c.ssid_len = (uint8_t)(*ssid ? strlen(ssid) : 1);
	memcpy(c.ssid, *ssid ? ssid : "x", c.ssid_len);
	c.key_len = (uint8_t)strlen(key);
	memcpy(c.key, key, c.key_len);
	return wsc_cred_check(&c) == 0;
}

static bool device_option(struct parser *p, sc_device *d, const char *t)
{
	if (!strcmp(t, "configured") || !strcmp(t, "unconfigured")) {
		d->configured = t[0] == 'c';
	} else if (!strncmp(t, "ssid=", 5)) {
		size_t n = strlen(t + 5);
		if (n < 1 || n > 32) {
			complain(p, "ssid must be 1..32 characters");
			return false;
		}
		memcpy(d->ssid, t + 5, n + 1);
	} else if (!strncmp(t, "key=", 4)) {
		if (strlen(t + 4) > 64 || !check_key("", t + 4)) {
			complain(p, "key must be a passphrase of 8..63 "
				 "printable characters or 64 hex digits");
			return false;
		}
		strcpy(d->key, t + 4);
	} else {
		complain(p, "unknown device option '%s' (configured, "
			 "unconfigured, ssid=, key=)", t);
		return false;
	}
	return true;
}

static void line_device(struct parser *p, char **tok, int n)
{
	sc_device d = { .line = p->line };

	if (n < 3 || (strcmp(tok[2], "ap") && strcmp(tok[2], "sta"))) {
		complain(p, "usage: device NAME ap|sta "
			 "[configured|unconfigured] [ssid=SSID] "
			 "[key=PASSPHRASE]");
		return;
	}
	if (!valid_name(tok[1])) {
		complain(p, "bad device name '%s' (letters, digits, _-. ; at "
			 "most %d)", tok[1], SC_NAME_MAX);
		return;
	}
	if (scenario_find(p->sc, tok[1]) != SC_NONE) {
		complain(p, "device '%s' is declared twice", tok[1]);
		return;
	}
	if (p->sc->ndev >= MAX_DEVICES) {
		complain(p, "too many devices (at most %d)", MAX_DEVICES);
		return;
	}
	strcpy(d.name, tok[1]);
	d.ap = tok[2][0] == 'a';
	for (int i = 3; i < n; i++)
		if (!device_option(p, &d, tok[i]))
			return;
	if (d.key[0] && !d.configured) {
		complain(p, "key= is for configured devices");
		return;
	}
	if (!index_room(p))
		return;
	sc_device *slot = grow(p, (void **)&p->sc->devs, &p->sc->ndev,
			       &p->sc->devcap, sizeof(*slot));
	if (!slot)
		return;
	*slot = d;
	index_insert(p->sc, (uint32_t)(p->sc->ndev - 1));
}

static void line_range(struct parser *p, char **tok, int n)
{
	if (n < 3) {
		complain(p, "usage: range NAME NAME [NAME ...] (the first "
			 "hears each of the others)");
		return;
	}
	uint32_t a = need_device(p, tok[1]);
	for (int i = 2; i < n && a != SC_NONE; i++) {
		uint32_t b = need_device(p, tok[i]);
		if (b == SC_NONE)
			return;
		if (b == a) {
			complain(p, "a device is always in its own range");
			return;
		}
	}
	for (int i = 2; i < n && a != SC_NONE; i++) {
		sc_range *r = grow(p, (void **)&p->sc->ranges, &p->sc->nrange,
				   &p->sc->rangecap, sizeof(*r));
		if (!r)
			return;
		r->a = a;
		r->b = scenario_find(p->sc, tok[i]);
	}
}

static void line_fault(struct parser *p, char **tok, int n)
{
	bool ok = n == 3;
	if (ok && !strcmp(tok[1], "loss"))
		ok = parse_prob(tok[2], &p->sc->loss);
	else if (ok && !strcmp(tok[1], "dup"))
		ok = parse_prob(tok[2], &p->sc->dup);
	else if (ok && !strcmp(tok[1], "delay"))
		ok = parse_time(tok[2], &p->sc->delay_ms) &&
		     p->sc->delay_ms <= 60000;
	else
		ok = false;
	if (!ok)
		complain(p, "usage: fault loss P | fault dup P (0..1) | "
			 "fault delay TIME (at most 60s)");
}

static bool need_pin(struct parser *p, const char *t, char out[9])
{
	if (wsc_pin_valid(t) != 0) {
		complain(p, "'%s' is not a valid PIN (8 digits with a correct "
			 "check digit, or 4 digits)", t);
		return false;
	}
	strcpy(out, t);
	return true;
}

/* pin PIN [ENROLLEE]: an AP's PIN may be meant for one station only */
static bool args_pin(struct parser *p, sc_action *a, bool ap, char **tok,
		     int n)
{
	if (n != 5 && !(ap && n == 6))
		return false;
	if (!need_pin(p, tok[4], a->pin))
		return true; /* complained already */
	if (n == 6) {
		a->other = need_device(p, tok[5]);
		if (a->other != SC_NONE && p->sc->devs[a->other].ap)
			complain(p, "'%s' is an AP; a registrar PIN is for "
				 "a station", tok[5]);
	}
	return true;
}

/* reg AP PIN [new|learn] */
static bool args_reg(struct parser *p, sc_action *a, char **tok, int n)
{
	if (n < 6 || n > 7 ||
	    (n == 7 && strcmp(tok[6], "new") && strcmp(tok[6], "learn")))
		return false;
	a->reg_mode = n < 7 ? REG_AUTO : tok[6][0] == 'n' ? REG_NEW : REG_LEARN;
	a->other = need_device(p, tok[4]);
	if (a->other == SC_NONE || !need_pin(p, tok[5], a->pin))
		return true;
	if (!p->sc->devs[a->other].ap)
		complain(p, "'%s' is not an AP: a station registers APs",
			 tok[4]);
	return true;
}

static const struct action_word {
	const char *word;
	enum sc_action_kind kind;
	bool for_ap, for_sta;
	const char *usage;
} action_words[] = {
	{ "pbc", ACT_PBC, true, true, "pbc" },
	{ "pin", ACT_PIN, true, true, "pin PIN (AP: pin PIN [ENROLLEE])" },
	{ "ap_pin", ACT_AP_PIN, true, false, "ap_pin PIN" },
	{ "reg", ACT_REG, false, true, "reg AP PIN [new|learn]" },
	{ "off", ACT_OFF, true, true, "off" },
	{ "on", ACT_ON, true, true, "on" },
	{ "connect", ACT_CONNECT, false, true, "connect" },
};

static const struct action_word *find_action(const char *w)
{
	for (size_t i = 0; i < sizeof(action_words) / sizeof(*action_words);
	     i++)
		if (!strcmp(action_words[i].word, w))
			return &action_words[i];
	return NULL;
}

/* at TIME DEVICE ACTION [ARGS] */
static void device_action(struct parser *p, sc_action *a, char **tok, int n)
{
	const struct action_word *w = n >= 4 ? find_action(tok[3]) : NULL;
	int errors = p->errors;

	a->dev = need_device(p, tok[2]);
	if (a->dev == SC_NONE)
		return;
	bool ap = p->sc->devs[a->dev].ap;
	if (!w) {
		complain(p, "usage: at TIME DEVICE pbc|pin|ap_pin|reg|off|on|"
			 "connect ..., or at TIME note TEXT");
		return;
	}
	if (ap ? !w->for_ap : !w->for_sta) {
		complain(p, "'%s' is for %s, and %s is %s", w->word,
			 w->for_ap ? "access points" : "stations", tok[2],
			 ap ? "an access point" : "a station");
		return;
	}
	a->kind = w->kind;
	bool ok;
	if (w->kind == ACT_PIN)
		ok = args_pin(p, a, ap, tok, n);
	else if (w->kind == ACT_AP_PIN)
		ok = n == 5 && need_pin(p, tok[4], a->pin);
	else if (w->kind == ACT_REG)
		ok = args_reg(p, a, tok, n);
	else
		ok = n == 4;
	if (!ok && p->errors == errors)
		complain(p, "usage: at TIME %s %s", tok[2], w->usage);
}

/* rest: the text after "note" on the original line */
static void line_at(struct parser *p, char **tok, int n, const char *rest)
{
	sc_action a = { .dev = SC_NONE, .other = SC_NONE, .line = p->line };
	int errors = p->errors;

	if (n < 3 || !parse_time(tok[1], &a.at_ms)) {
		complain(p, "usage: at TIME DEVICE ACTION ... (TIME like 90, "
			 "1.5s, 250ms, 2min, 1h)");
		return;
	}
	if (!strcmp(tok[2], "note")) {
		a.kind = ACT_NOTE;
		a.note = strdup(rest ? rest : "");
		if (!a.note)
			p->nomem = true;
	} else {
		device_action(p, &a, tok, n);
	}
	if (p->errors != errors || p->nomem) {
		free(a.note);
		return;
	}
	sc_action *slot = grow(p, (void **)&p->sc->acts, &p->sc->nact,
			       &p->sc->actcap, sizeof(*slot));
	if (slot)
		*slot = a;
	else
		free(a.note);
}

static const struct expect_word {
	const char *word;
	enum sc_expect_kind kind;
	int args;          /* 0, 1 (required), -1 (optional device) */
} expect_words[] = {
	{ "configured", EXP_CONFIGURED, 0 },
	{ "unconfigured", EXP_UNCONFIGURED, 0 },
	{ "success", EXP_SUCCESS, 0 },
	{ "timeout", EXP_TIMEOUT, 0 },
	{ "overlap", EXP_OVERLAP, 0 },
	{ "fail", EXP_FAIL, 1 },
	{ "network-of", EXP_NETWORK_OF, 1 },
	{ "connected", EXP_CONNECTED, -1 },
};

static bool expect_arg(struct parser *p, sc_expect *e, const char *t)
{
	if (e->kind == EXP_FAIL) {
		char *end;
		long v = strtol(t, &end, 10);
		if (*end || v < 0 || v > 65535) {
			complain(p, "fail needs a WPS Configuration Error "
				 "number (e.g. 12 for PBC overlap)");
			return false;
		}
		e->config_error = (int)v;
		return true;
	}
	e->other = need_device(p, t);
	return e->other != SC_NONE;
}

static void line_expect(struct parser *p, char **tok, int n)
{
	sc_expect e = { .other = SC_NONE, .line = p->line };
	const struct expect_word *w = NULL;

	for (size_t i = 0; n >= 3 && i < sizeof(expect_words) /
					      sizeof(*expect_words); i++)
		if (!strcmp(expect_words[i].word, tok[2]))
			w = &expect_words[i];
	if (!w || (w->args == 0 && n != 3) || (w->args == 1 && n != 4) ||
	    (w->args < 0 && n > 4)) {
		complain(p, "usage: expect DEVICE configured | unconfigured | "
			 "success | timeout | overlap | fail N | network-of "
			 "DEVICE | connected [AP]");
		return;
	}
	e.kind = w->kind;
	e.dev = need_device(p, tok[1]);
	if (e.dev == SC_NONE || (n == 4 && !expect_arg(p, &e, tok[3])))
		return;
	size_t used = 0;
	for (int i = 1; i < n && used < sizeof(e.text) - 1; i++)
		used += (size_t)snprintf(e.text + used, sizeof(e.text) - used,
					 "%s%s", i > 1 ? " " : "", tok[i]);
	sc_expect *slot = grow(p, (void **)&p->sc->exps, &p->sc->nexp,
			       &p->sc->expcap, sizeof(*slot));
	if (slot)
		*slot = e;
}

static void line_setting(struct parser *p, char **tok, int n)
{
	scenario *sc = p->sc;
	bool ok = n == 2;

	if (ok && !strcmp(tok[0], "seed")) {
		char *end;
		errno = 0;
		sc->seed = strtoull(tok[1], &end, 0);
		ok = !errno && !*end && tok[1][0] != '-';
		sc->has_seed = ok;
	} else if (ok && !strcmp(tok[0], "end")) {
		ok = parse_time(tok[1], &sc->end_ms) && sc->end_ms > 0;
	} else if (ok) { /* beacon */
		ok = parse_time(tok[1], &sc->beacon_ms) &&
		     sc->beacon_ms >= 20 && sc->beacon_ms <= 60000;
	}
	if (!ok)
		complain(p, "usage: seed N | end TIME | beacon TIME "
			 "(20ms..60s)");
}

/* Split at blanks, dropping a trailing " # comment". -1: too many. */
static int tokenize(char *line, char **tok)
{
	char *save = NULL;
	int n = 0;

	for (char *q = strtok_r(line, " \t\r", &save); q;
	     q = strtok_r(NULL, " \t\r", &save)) {
		if (q[0] == '#')
			break;
		if (n == MAX_TOKENS)
			return -1;
		tok[n++] = q;
	}
	return n;
}

/* The text of a note: everything after the word "note". */
static const char *note_text(const char *line)
{
	const char *q = strstr(line, "note");
	if (!q)
		return NULL;
	q += 4;
	while (*q == ' ' || *q == '\t')
		q++;
	return q;
}

static void parse_line(struct parser *p, char *line)
{
	char copy[1024], *tok[MAX_TOKENS];
	size_t len = strlen(line);

	while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
		line[--len] = '\0';
	if (len >= sizeof(copy)) {
		complain(p, "line too long (at most %zu characters)",
			 sizeof(copy) - 1);
		return;
	}
	memcpy(copy, line, len + 1);
	int n = tokenize(copy, tok);
	if (n < 0) {
		complain(p, "too many words (at most %d; split the line)",
			 MAX_TOKENS);
		return;
	}
	if (n == 0)
		return;
	if (!strcmp(tok[0], "device"))
		line_device(p, tok, n);
	else if (!strcmp(tok[0], "range"))
		line_range(p, tok, n);
	else if (!strcmp(tok[0], "fault"))
		line_fault(p, tok, n);
	else if (!strcmp(tok[0], "at"))
		line_at(p, tok, n, note_text(line));
	else if (!strcmp(tok[0], "expect"))
		line_expect(p, tok, n);
	else if (!strcmp(tok[0], "seed") || !strcmp(tok[0], "end") ||
		 !strcmp(tok[0], "beacon"))
		line_setting(p, tok, n);
	else
		complain(p, "unknown line '%s' (device, range, fault, at, "
			 "expect, seed, end, beacon)", tok[0]);
}

void scenario_free(scenario *sc)
{
	for (size_t i = 0; i < sc->nact; i++)
		free(sc->acts[i].note);
	free(sc->devs);
	free(sc->by_name);
	free(sc->ranges);
	free(sc->acts);
	free(sc->exps);
	memset(sc, 0, sizeof(*sc));
}

int scenario_parse(const char *text, size_t len, const char *name,
		   scenario *out, FILE *err)
{
	struct parser p = { .sc = out, .name = name ? name : "scenario",
			    .err = err };
	char line[4096];
	size_t at = 0;

	memset(out, 0, sizeof(*out));
	out->beacon_ms = 1000;
	while (at < len && !p.nomem) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - text - at) : len - at;
		p.line++;
		if (n >= sizeof(line)) {
			complain(&p, "line too long");
		} else {
			memcpy(line, text + at, n);
			line[n] = '\0';
			parse_line(&p, line);
		}
		at += n + 1;
	}
	if (p.nomem || p.errors) {
		scenario_free(out);
		out->beacon_ms = 1000;
		return p.nomem ? -1 : p.errors;
	}
	return 0;
}

void sc_format_time(uint64_t ms, char out[24])
{
	snprintf(out, 24, "%llu.%03llus", (unsigned long long)(ms / 1000),
		 (unsigned long long)(ms % 1000));
}
