/*
 * `wsc ap`'s --state FILE: libwsc's AP state blob (lockout counters, a
 * run-time AP PIN), as the library hands it over, written atomically
 * before the daemon goes on, so a reboot or kill -9 does not reset a
 * lockout. The blob is checked by the library when it is given back; a
 * damaged one stops the daemon rather than unlock anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ap.h"
#include "util.h"

int ap_state_read(const char *path, uint8_t *buf, size_t cap, size_t *len,
		  char *err, size_t errcap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	*len = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* first start */
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, buf, cap);
	close(fd);
	if (n < 0) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((size_t)n == cap || n == 0) {
		snprintf(err, errcap, "%s: malformed state (remove the file to "
			 "reset the AP PIN lockout)", path);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

int ap_state_write(const char *path, const uint8_t *blob, size_t len)
{
	int r = write_file_atomic(path, (const char *)blob, len);

	if (r)
		fprintf(stderr, "wsc ap: %s: %s\n", path, strerror(-r));
	return r;
}
