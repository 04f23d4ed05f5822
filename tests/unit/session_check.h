/* What the session tests check of a session's insides (session.h). */
#ifndef WSC_TEST_SESSION_CHECK_H
#define WSC_TEST_SESSION_CHECK_H

#include "harness.h"
#include "session.h"

/* Every secret of a session that has ended is zeros. */
static inline void check_session_wiped(const wsc_session *s)
{
	CHECK(all_zero(&s->keys, sizeof(s->keys)));
	CHECK(all_zero(&s->dh, sizeof(s->dh)));
	CHECK(all_zero(s->psk1, sizeof(s->psk1)));
	CHECK(all_zero(s->psk2, sizeof(s->psk2)));
	CHECK(all_zero(s->s1, sizeof(s->s1)));
	CHECK(all_zero(s->s2, sizeof(s->s2)));
	CHECK(all_zero(s->pw, sizeof(s->pw)));
}

#endif
