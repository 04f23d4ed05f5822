/* A program outside the project, built against an installed libwsc: the
 * header and library agree on the version, and a little real work runs
 * (a PIN check digit, a key pair, a public key check). */
#include <stdio.h>
#include <string.h>

#include <wsc/wsc.h>

int main(void)
{
	wsc_dh_keypair kp;

	if (strcmp(wsc_version(), WSC_VERSION) != 0) {
		fprintf(stderr, "header %s, library %s\n", WSC_VERSION,
			wsc_version());
		return 1;
	}
	if (wsc_pin_valid("12345670") != 0 || wsc_pin_valid("12345671") == 0)
		return 1;
	if (wsc_dh_keypair_generate(NULL, &kp, 0) != 0 ||
	    wsc_dh_pubkey_check(kp.pub, sizeof(kp.pub)) != 0)
		return 1;
	printf("libwsc %s: ok\n", wsc_version());
	return 0;
}
