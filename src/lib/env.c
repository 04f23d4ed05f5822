/* Environment defaults, logging, memory hygiene. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

static void *default_alloc(void *ud, size_t size)
{
	(void)ud;
	return malloc(size);
}

static void default_free(void *ud, void *p, size_t size)
{
	(void)ud;
	(void)size;
	free(p);
}

int cfg_import(void *ours, size_t ours_size, size_t min_size,
	       const void *theirs)
{
	const uint8_t *t = theirs;
	size_t n;

	memset(ours, 0, ours_size);
	if (!theirs)
		return WSC_ERR_INVAL;
	memcpy(&n, theirs, sizeof(n));
	/* a pointer where the size belongs (a program built before sizes)
	 * is refused, not scanned */
	if (n < min_size || n > CFG_SIZE_MAX)
		return WSC_ERR_INVAL;
	for (size_t i = ours_size; i < n; i++)
		if (t[i])
			return WSC_ERR_UNSUPPORTED;
	memcpy(ours, theirs, n < ours_size ? n : ours_size);
	*(size_t *)ours = ours_size;
	return 0;
}

int env_resolve(wsc_env *out, const wsc_env *in)
{
	int err = 0;

	if (in)
		err = CFG_IMPORT(out, in);
	else
		memset(out, 0, sizeof(*out));
	out->size = sizeof(*out);
	if (!out->crypto)
		out->crypto = wsc_crypto_default();
	if (!out->random)
		out->random = wsc_random_os;
	if (!out->alloc || !out->free) {
		out->alloc = default_alloc;
		out->free = default_free;
	}
	return err;
}

void *env_alloc(const wsc_env *env, size_t size)
{
	void *p = env->alloc(env->alloc_ud, size);
	if (p)
		memset(p, 0, size);
	return p;
}

void env_free(const wsc_env *env, void *p, size_t size)
{
	wsc_free_fn f;
	void *ud;

	if (!p)
		return;
	/* env may live inside p: take what we need before wiping */
	f = env->free;
	ud = env->alloc_ud;
	wsc_wipe(p, size);
	f(ud, p, size);
}

int env_random(const wsc_env *env, uint8_t *buf, size_t len)
{
	/* Fail closed: a failed generator must never leave predictable
	 * bytes that a caller might use by mistake. */
	if (env->random(env->random_ud, buf, len) != 0) {
		wsc_wipe(buf, len);
		return WSC_ERR_RANDOM;
	}
	return 0;
}

void env_log(const wsc_env *env, int level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!env->log || level > env->log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	env->log(env->log_ud, level, line);
}

void env_log_hex(const wsc_env *env, bool secret, const char *what,
		 const uint8_t *p, size_t len)
{
	char line[512];
	size_t used;

	if (!env->log || env->log_level < WSC_LOG_DEBUG)
		return;
	if (secret && !env->log_secrets) {
		env_log(env, WSC_LOG_DEBUG, "%s: [hidden, %zu bytes]", what, len);
		return;
	}
	used = (size_t)snprintf(line, sizeof(line), "%s:", what);
	for (size_t i = 0; i < len && used + 4 < sizeof(line); i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used,
					 " %02x", p[i]);
	env->log(env->log_ud, WSC_LOG_DEBUG, line);
}

void wsc_wipe(void *p, size_t len)
{
	if (!len)
		return; /* memset(NULL, 0, 0) is undefined */
#if defined(__GNUC__)
	/* memset at full speed; the empty asm may read *p, so the stores
	 * cannot be dropped as dead */
	memset(p, 0, len);
	__asm__ __volatile__("" : : "r"(p) : "memory");
#else
	volatile uint8_t *v = p;
	while (len--)
		*v++ = 0;
#endif
}

int wsc_ct_cmp(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t d = 0;
	for (size_t i = 0; i < len; i++)
		d |= x[i] ^ y[i];
	return d != 0;
}

const char *wsc_version(void)
{
	return WSC_VERSION;
}

const char *wsc_strerror(int err)
{
	switch (err) {
	case WSC_OK: return "success";
	case WSC_ERR_INVAL: return "invalid argument";
	case WSC_ERR_NOMEM: return "out of memory";
	case WSC_ERR_TRUNCATED: return "attribute truncated";
	case WSC_ERR_BAD_LENGTH: return "attribute has a wrong length";
	case WSC_ERR_DUPLICATE: return "attribute duplicated";
	case WSC_ERR_MISSING: return "required attribute missing";
	case WSC_ERR_BAD_VALUE: return "attribute value out of range";
	case WSC_ERR_BUFSIZE: return "buffer too small";
	case WSC_ERR_CRYPTO: return "crypto backend failure";
	case WSC_ERR_RANDOM: return "random number generator failure";
	case WSC_ERR_BAD_PUBKEY: return "invalid peer public key";
	case WSC_ERR_AUTHENTICATOR: return "authenticator mismatch";
	case WSC_ERR_KWA: return "key wrap authenticator mismatch";
	case WSC_ERR_DECRYPT: return "encrypted settings malformed";
	case WSC_ERR_PASSWORD: return "device password authentication failed";
	case WSC_ERR_STATE: return "unexpected message";
	case WSC_ERR_NONCE: return "nonce mismatch";
	case WSC_ERR_NACK: return "peer sent WSC_NACK";
	case WSC_ERR_TIMEOUT: return "timed out";
	case WSC_ERR_PBC_OVERLAP: return "push button session overlap";
	case WSC_ERR_BAD_CRED: return "unusable credential";
	case WSC_ERR_EAP: return "malformed or unexpected EAP frame";
	case WSC_ERR_BAD_PIN: return "invalid PIN";
	case WSC_ERR_NO_PASSWORD: return "registrar has no device password";
	case WSC_ERR_UNSUPPORTED: return "not supported";
	case WSC_ERR_LOCKED: return "AP setup locked";
	case WSC_ERR_DONE: return "run already finished";
	default: return "unknown error";
	}
}
