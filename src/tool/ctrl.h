/*
 * hostapd-style control interface: a UNIX datagram socket DIR/IFACE.
 * A request is one datagram of text; the reply is one datagram ("OK",
 * "FAIL ...", or a value). ATTACH/DETACH subscribe a client to events,
 * which are sent as "<level>EVENT ..." datagrams.
 */
#ifndef WSC_CTRL_H
#define WSC_CTRL_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#define CTRL_MAX_ATTACHED 16
#define CTRL_MSG_MAX 4096

/* Handle one command (NUL-terminated, trailing newline removed); write the
 * reply into reply (cap bytes) and return its length. */
typedef size_t (*ctrl_handler)(void *ud, char *cmd, char *reply, size_t cap);

struct ctrl_client {
	struct sockaddr_un addr;
	socklen_t len;
	int failures;
	int level;     /* events below it are not sent (LEVEL n; ATTACH: 3) */
};

struct ctrl {
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct ctrl_client attached[CTRL_MAX_ATTACHED];
	size_t nattached;
	ctrl_handler handler;
	void *ud;
};

/* Create DIR if needed (0770) and bind DIR/IFACE; a stale socket left by a
 * crashed daemon is replaced, a live one is an error. */
int ctrl_open(struct ctrl *c, const char *dir, const char *iface,
	      ctrl_handler h, void *ud, char *err, size_t cap);
void ctrl_close(struct ctrl *c);
/* Read and answer every waiting request. */
void ctrl_service(struct ctrl *c);
/* Send an event to every attached client ("<3>" prefix added). */
void ctrl_broadcast(struct ctrl *c, int level, const char *event);

#endif
