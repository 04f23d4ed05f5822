/* The operating system's random generator. */
#include <errno.h>
#include <sys/random.h>

#include "internal.h"

int wsc_random_os(void *ud, uint8_t *buf, size_t len)
{
	(void)ud;
	while (len) {
		ssize_t n = getrandom(buf, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return WSC_ERR_RANDOM;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}
