/*
 * `wsc ap` state that must survive restarts and crashes: the AP PIN set
 * at run time and the AP PIN lockout. Lockouts that reset on reboot are
 * what attackers exploit, so the counters are written (atomically) before
 * the failure is acted on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ap.h"
#include "util.h"

#define LOCK_AFTER 3          /* failures per lock step */
#define LOCK_FOREVER_AFTER 10 /* consecutive failures */
#define LOCK_BASE_S 60

const char *ap_current_pin(const struct ap *ap)
{
	if (ap->st.ap_pin_set)
		return ap->st.ap_pin;
	return ap->conf.ap_pin;
}

int ap_state_save(struct ap *ap)
{
	char buf[256];
	int n;

	if (!ap->state_path)
		return 0;
	n = snprintf(buf, sizeof(buf),
		     "# wsc ap state: written by wsc, do not edit\n"
		     "ap_pin_set=%d\nap_pin=%s\nfailures=%u\n"
		     "locked_until=%lld\nlocked_forever=%d\n",
		     ap->st.ap_pin_set, ap->st.ap_pin, ap->st.failures,
		     (long long)ap->st.locked_until, ap->st.locked_forever);
	int r = write_file_atomic(ap->state_path, buf, (size_t)n);
	memset(buf, 0, sizeof(buf));
	if (r)
		fprintf(stderr, "wsc ap: %s: %s\n", ap->state_path,
			strerror(-r));
	return r;
}

int ap_state_load(struct ap *ap, char *err, size_t cap)
{
	FILE *f;
	char line[256];
	unsigned lineno = 0;
	struct ap_persist st = { 0 };

	if (!ap->state_path)
		return 0;
	f = fopen(ap->state_path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0; /* first start */
		snprintf(err, cap, "%s: %s", ap->state_path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq, *end;
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		eq = strchr(line, '=');
		if (!eq)
			goto bad;
		*eq++ = '\0';
		errno = 0;
		if (!strcmp(line, "ap_pin_set")) {
			st.ap_pin_set = !strcmp(eq, "1");
		} else if (!strcmp(line, "ap_pin")) {
			if (*eq && wsc_pin_valid(eq))
				goto bad;
			snprintf(st.ap_pin, sizeof(st.ap_pin), "%s", eq);
		} else if (!strcmp(line, "failures")) {
			st.failures = (unsigned)strtoul(eq, &end, 10);
			if (*end || errno)
				goto bad;
		} else if (!strcmp(line, "locked_until")) {
			st.locked_until = strtoll(eq, &end, 10);
			if (*end || errno)
				goto bad;
		} else if (!strcmp(line, "locked_forever")) {
			st.locked_forever = !strcmp(eq, "1");
		} else {
			goto bad;
		}
	}
	fclose(f);
	ap->st = st;
	return 0;
bad:
	fclose(f);
	/* a damaged state file must not unlock anything: refuse to start */
	snprintf(err, cap, "%s:%u: malformed state (remove the file to reset "
		 "the AP PIN lockout)", ap->state_path, lineno);
	return -1;
}

bool ap_locked(struct ap *ap, int64_t wall_now)
{
	if (ap->conf.ap_setup_locked || ap->st.locked_forever)
		return true;
	if (ap->st.locked_until && wall_now >= ap->st.locked_until) {
		ap->st.locked_until = 0;
		ap_state_save(ap);
		ap_event(ap, "WPS-AP-SETUP-UNLOCKED");
	}
	return ap->st.locked_until != 0;
}

void ap_pin_failed(struct ap *ap, int64_t wall_now)
{
	ap->st.failures++;
	if (ap->st.failures >= LOCK_FOREVER_AFTER) {
		ap->st.locked_forever = true;
	} else if (ap->st.failures % LOCK_AFTER == 0) {
		/* 60 s, doubling with every further step */
		unsigned step = ap->st.failures / LOCK_AFTER - 1;
		ap->st.locked_until = wall_now + ((int64_t)LOCK_BASE_S << step);
	}
	ap_state_save(ap);
	if (ap->st.locked_forever || ap->st.locked_until)
		ap_event(ap, "WPS-AP-SETUP-LOCKED");
}

void ap_pin_succeeded(struct ap *ap)
{
	if (ap->st.failures) {
		ap->st.failures = 0;
		ap_state_save(ap);
	}
}

void ap_pin_reset_lock(struct ap *ap)
{
	bool was = ap->st.locked_forever || ap->st.locked_until;
	ap->st.failures = 0;
	ap->st.locked_until = 0;
	ap->st.locked_forever = false;
	ap_state_save(ap);
	if (was)
		ap_event(ap, "WPS-AP-SETUP-UNLOCKED");
}
