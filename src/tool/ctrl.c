#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctrl.h"

int ctrl_open(struct ctrl *c, const char *dir, const char *iface,
	      ctrl_handler h, void *ud, char *err, size_t cap)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int e;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->handler = h;
	c->ud = ud;
	if ((size_t)snprintf(c->path, sizeof(c->path), "%s/%s", dir, iface) >=
	    sizeof(c->path)) {
		snprintf(err, cap, "control socket path too long");
		return -1;
	}
	if (mkdir(dir, 0770) < 0 && errno != EEXIST) {
		snprintf(err, cap, "%s: %s", dir, strerror(errno));
		return -1;
	}
	c->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		snprintf(err, cap, "socket: %s", strerror(errno));
		return -1;
	}
	strcpy(a.sun_path, c->path);
	if (bind(c->fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		e = errno;
		if (e == EADDRINUSE) {
			/* someone alive there? a stale file does not answer */
			int probe = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
			bool live = probe >= 0 &&
				    connect(probe, (struct sockaddr *)&a,
					    sizeof(a)) == 0;
			if (probe >= 0)
				close(probe);
			if (live) {
				snprintf(err, cap, "%s: in use by a running "
					 "daemon", c->path);
				goto fail;
			}
			unlink(c->path);
			if (bind(c->fd, (struct sockaddr *)&a, sizeof(a)) == 0)
				goto bound;
			e = errno;
		}
		snprintf(err, cap, "%s: %s", c->path, strerror(e));
		goto fail;
	}
bound:
	chmod(c->path, 0660);
	return 0;
fail:
	close(c->fd);
	c->fd = -1;
	return -1;
}

void ctrl_close(struct ctrl *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		unlink(c->path);
	}
	c->fd = -1;
}

static bool same(const struct ctrl_client *x, const struct sockaddr_un *a,
		 socklen_t len)
{
	return x->len == len && !memcmp(&x->addr, a, len);
}

static size_t attach(struct ctrl *c, const struct sockaddr_un *a,
		     socklen_t len, bool on, char *reply, size_t cap)
{
	for (size_t i = 0; i < c->nattached; i++) {
		if (!same(&c->attached[i], a, len))
			continue;
		if (!on)
			c->attached[i] = c->attached[--c->nattached];
		return (size_t)snprintf(reply, cap, "OK\n");
	}
	if (!on || c->nattached == CTRL_MAX_ATTACHED)
		return (size_t)snprintf(reply, cap, "FAIL\n");
	c->attached[c->nattached].addr = *a;
	c->attached[c->nattached].len = len;
	c->attached[c->nattached].level = 3; /* hostapd's MSG_INFO */
	c->attached[c->nattached++].failures = 0;
	return (size_t)snprintf(reply, cap, "OK\n");
}

/* LEVEL n: an attached client's event level, as hostapd's (atoi); FAIL
 * for one not attached */
static size_t set_level(struct ctrl *c, const struct sockaddr_un *a,
			socklen_t len, const char *v, char *reply, size_t cap)
{
	for (size_t i = 0; i < c->nattached; i++) {
		if (same(&c->attached[i], a, len)) {
			c->attached[i].level = atoi(v);
			return (size_t)snprintf(reply, cap, "OK\n");
		}
	}
	return (size_t)snprintf(reply, cap, "FAIL\n");
}

void ctrl_service(struct ctrl *c)
{
	char buf[CTRL_MSG_MAX + 1], reply[CTRL_MSG_MAX];

	for (int budget = 64; budget > 0; budget--) {
		struct sockaddr_un from;
		socklen_t flen = sizeof(from);
		/* MSG_TRUNC: n is the datagram's real length */
		ssize_t n = recvfrom(c->fd, buf, CTRL_MSG_MAX, MSG_TRUNC,
				     (struct sockaddr *)&from, &flen);
		size_t rlen;

		if (n < 0)
			return; /* EAGAIN: drained */
		if (n > CTRL_MSG_MAX) {
			/* never act on a cut-off command */
			rlen = (size_t)snprintf(reply, sizeof(reply),
						"FAIL command too long\n");
			goto answer;
		}
		buf[n] = '\0';
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		if (strlen(buf) != (size_t)n)
			rlen = (size_t)snprintf(reply, sizeof(reply),
						"FAIL binary data\n");
		else if (!strcmp(buf, "ATTACH") || !strcmp(buf, "DETACH"))
			rlen = attach(c, &from, flen, buf[0] == 'A', reply,
				      sizeof(reply));
		else if (!strncmp(buf, "LEVEL ", 6))
			rlen = set_level(c, &from, flen, buf + 6, reply,
					 sizeof(reply));
		else
			rlen = c->handler(c->ud, buf, reply, sizeof(reply));
answer:
		if (flen > sizeof(sa_family_t)) /* unnamed senders get none */
			sendto(c->fd, reply, rlen, MSG_DONTWAIT,
			       (struct sockaddr *)&from, flen);
	}
}

void ctrl_broadcast(struct ctrl *c, int level, const char *event)
{
	char msg[CTRL_MSG_MAX];
	int n = snprintf(msg, sizeof(msg), "<%d>%s", level, event);

	if (c->fd < 0 || n < 0)
		return;
	for (size_t i = 0; i < c->nattached;) {
		struct ctrl_client *x = &c->attached[i];
		if (level < x->level) {
			i++;
			continue;
		}
		if (sendto(c->fd, msg, (size_t)n, MSG_DONTWAIT,
			   (struct sockaddr *)&x->addr, x->len) < 0 &&
		    (errno == ECONNREFUSED || errno == ENOENT ||
		     ++x->failures > 10)) {
			/* the client went away without DETACH */
			*x = c->attached[--c->nattached];
			continue;
		}
		i++;
	}
}
