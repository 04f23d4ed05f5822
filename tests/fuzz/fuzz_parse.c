/* libFuzzer target: the attribute codec, the printer and the 802.11
 * element parser on arbitrary bytes. */
#include <stdint.h>
#include <stddef.h>

#include "wsc/wsc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wsc_parsed m;
	wsc_ie ie;
	char out[2048];

	if (wsc_parse(data, size, &m, NULL) == 0) {
		/* every view must lie inside the input */
		for (size_t i = 0; i < WSC_A_COUNT; i++)
			if (m.a[i].p && (m.a[i].p < data ||
					 m.a[i].p + m.a[i].len > data + size))
				__builtin_trap();
		for (size_t i = 0; i < m.ncred; i++) {
			wsc_parsed inner;
			wsc_parse(m.cred[i].p, m.cred[i].len, &inner, NULL);
		}
	}
	wsc_dump(data, size, false, out, sizeof(out));
	wsc_ie_parse(data, size, &ie);
	return 0;
}
