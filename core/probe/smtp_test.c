// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the SMTP reply parser (RFC 5321 4.2) and the SMTP_CHECK
 * dialogue (keepalived's check_smtp.c), byte-exact, fed whole and bytewise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "probe/smtp.h"

/* Parse one reply fed in pieces of `step`; returns the error or the code; *used = bytes consumed. */
static int reply_step(const char *t, size_t step, size_t *used)
{
	struct vg_smtp_reply r;
	size_t len = strlen(t), off = 0;

	vg_smtp_reply_init(&r);
	while (off < len && !r.done) {
		size_t n = len - off < step ? len - off : step;
		ssize_t k = vg_smtp_reply_feed(&r, (const uint8_t *)t + off, n);

		if (k < 0)
			return (int)k;
		off += (size_t)k;
		if ((size_t)k < n)
			break;
	}
	*used = off;
	return r.done ? r.code : 0;
}

static int reply(const char *t, size_t *used)
{
	size_t u1, u2;
	int a = reply_step(t, strlen(t) + 1, &u1);
	int b = reply_step(t, 1, &u2);

	assert_int_equal(a, b);
	if (a >= 0)
		assert_int_equal(u1, u2);
	if (used)
		*used = u1;
	return a;
}

/* RFC 5321 4.2: Reply-code [ SP textstring ] CRLF */
static void test_single_line(void **state)
{
	size_t used;

	(void)state;
	assert_int_equal(reply("220 mail.example.com ESMTP\r\n", NULL), 220);
	assert_int_equal(reply("250\r\n", NULL), 250); /* the text is optional */
	assert_int_equal(reply("221 bye\n", NULL), 221); /* bare LF tolerated */
	assert_int_equal(reply("220 a\r\n250 b\r\n", &used), 220); /* stops after the reply */
	assert_int_equal(used, 7);
	assert_int_equal(reply("220 partial", NULL), 0); /* incomplete: no code yet */
}

/* RFC 5321 4.2.1: multi-line replies, "-" after the code on every line but the last */
static void test_multi_line(void **state)
{
	size_t used;

	(void)state;
	assert_int_equal(reply("250-mail.example.com\r\n250-PIPELINING\r\n250-\r\n250 SIZE 1000\r\nNEXT", &used), 250);
	assert_int_equal(used, strlen("250-mail.example.com\r\n250-PIPELINING\r\n250-\r\n250 SIZE 1000\r\n"));
	assert_int_equal(reply("220-first\r\n220-second\r\n", NULL), 0); /* not finished */
	/* different codes on the lines of one reply */
	assert_int_equal(reply("250-a\r\n220 b\r\n", NULL), VG_PROBE_E_MALFORMED);
}

/* RFC 5321 4.2: Reply-code = %x32-35 %x30-35 %x30-39; separator SP or "-"; CR only in CRLF */
static void test_syntax(void **state)
{
	(void)state;
	assert_int_equal(reply("120 x\r\n", NULL), VG_PROBE_E_MALFORMED);
	assert_int_equal(reply("260 x\r\n", NULL), VG_PROBE_E_MALFORMED);
	assert_int_equal(reply("22 x\r\n", NULL), VG_PROBE_E_MALFORMED);
	assert_int_equal(reply("2200 x\r\n", NULL), VG_PROBE_E_MALFORMED);
	assert_int_equal(reply("220_x\r\n", NULL), VG_PROBE_E_MALFORMED);
	assert_int_equal(reply("\r\n", NULL), VG_PROBE_E_MALFORMED);
	assert_int_equal(reply("220 a\rb\r\n", NULL), VG_PROBE_E_MALFORMED);
	assert_int_equal(reply("220 a\001b\r\n", NULL), VG_PROBE_E_MALFORMED);
	assert_int_equal(reply("220 caf\xc3\xa9\r\n", NULL), 220); /* 8-bit text tolerated */
}

/* Bounds: a line that never ends, a reply that never ends */
static void test_bounds(void **state)
{
	size_t mib = 1u << 20;
	char *t = malloc(mib + 1);
	struct vg_smtp_reply r;
	ssize_t k;

	(void)state;
	assert_non_null(t);
	memcpy(t, "220 ", 4);
	memset(t + 4, 'x', mib - 4);
	t[mib] = '\0';
	vg_smtp_reply_init(&r);
	k = vg_smtp_reply_feed(&r, (const uint8_t *)t, mib);
	assert_int_equal(k, VG_PROBE_E_TOO_LARGE);
	assert_int_equal(vg_smtp_reply_feed(&r, (const uint8_t *)"\n", 1), VG_PROBE_E_TOO_LARGE); /* sticky */
	for (size_t i = 0; i + 6 <= mib; i += 6)
		memcpy(t + i, "220-x\n", 6);
	vg_smtp_reply_init(&r);
	assert_int_equal(vg_smtp_reply_feed(&r, (const uint8_t *)t, mib), VG_PROBE_E_TOO_LARGE);
	assert_int_equal(r.lines, VG_SMTP_LINES_MAX + 1);
	/* exactly the line limit is fine */
	memcpy(t, "220 ", 4);
	memset(t + 4, 'x', VG_SMTP_LINE_MAX - 6);
	memcpy(t + VG_SMTP_LINE_MAX - 2, "\r\n", 3);
	assert_int_equal(reply(t, NULL), 220);
	free(t);
}

/* Run a whole dialogue: server lines in `srv`, one per expected command; returns the check. */
static void dialogue(struct vg_smtp_check *c, const char *helo, const char *const *srv, size_t n,
		     const char *const *want_sent)
{
	char out[300];

	assert_int_equal(vg_smtp_check_init(c, helo), 0);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = (const uint8_t *)srv[i];
		size_t left = strlen(srv[i]);

		while (left) {
			ssize_t k = vg_smtp_check_feed(c, p, left);

			if (k < 0)
				return;
			if (k == 0)
				break;
			p += k;
			left -= (size_t)k;
		}
		int w = vg_smtp_check_output(c, out, sizeof(out));

		if (want_sent[i]) {
			assert_int_equal(w, (int)strlen(want_sent[i]));
			assert_string_equal(out, want_sent[i]);
		} else {
			assert_int_equal(w, 0);
		}
	}
}

/* keepalived check_smtp.c: 220 -> HELO -> 250 -> QUIT -> any reply */
static void test_dialogue_ok(void **state)
{
	struct vg_smtp_check c;
	const char *srv[] = { "220-mx.example.com ESMTP\r\n220 welcome\r\n", "250 mx.example.com\r\n", "221 2.0.0 Bye\r\n" };
	const char *sent[] = { "HELO smtpchecker.keepalived.org\r\n", "QUIT\r\n", NULL };

	(void)state;
	dialogue(&c, NULL, srv, 3, sent);
	assert_int_equal(c.state, VG_SMTP_DONE_OK);
	assert_int_equal(c.quit_code, 221);
	assert_int_equal(c.fail, VG_SMTP_FAIL_NONE);
	vg_smtp_check_eof(&c); /* closing after success changes nothing */
	assert_int_equal(c.state, VG_SMTP_DONE_OK);
}

static void test_dialogue_helo_name(void **state)
{
	struct vg_smtp_check c;
	const char *srv[] = { "220 x\r\n", "250 ok\r\n", "500 whatever\r\n" };
	const char *sent[] = { "HELO director.example.net\r\n", "QUIT\r\n", NULL };

	(void)state;
	dialogue(&c, "director.example.net", srv, 3, sent);
	assert_int_equal(c.state, VG_SMTP_DONE_OK); /* keepalived ignores the QUIT reply's code */
	assert_int_equal(c.quit_code, 500);
	assert_int_equal(vg_smtp_check_init(&c, "a b"), VG_PROBE_E_INVAL);
	assert_int_equal(vg_smtp_check_init(&c, "a\r\nRCPT"), VG_PROBE_E_INVAL);
	assert_int_equal(vg_smtp_check_init(&c, ""), VG_PROBE_E_INVAL);
}

static void test_dialogue_failures(void **state)
{
	struct vg_smtp_check c;
	const char *sent[] = { NULL, NULL, NULL };
	const char *sent1[] = { "HELO smtpchecker.keepalived.org\r\n", NULL };

	(void)state;
	dialogue(&c, NULL, (const char *const[]){ "554 go away\r\n" }, 1, sent);
	assert_int_equal(c.state, VG_SMTP_FAILED);
	assert_int_equal(c.fail, VG_SMTP_FAIL_GREETING);
	assert_string_equal(vg_smtp_fail_text(c.fail), "Bad greeting banner from server");
	dialogue(&c, NULL, (const char *const[]){ "220 hi\r\n", "501 bad helo\r\n" }, 2, sent1);
	assert_int_equal(c.state, VG_SMTP_FAILED);
	assert_int_equal(c.fail, VG_SMTP_FAIL_HELO);
	dialogue(&c, NULL, (const char *const[]){ "HTTP/1.1 400 Bad\r\n" }, 1, sent);
	assert_int_equal(c.fail, VG_SMTP_FAIL_SYNTAX);
	assert_int_equal(c.err, VG_PROBE_E_MALFORMED);
	/* closed mid-greeting */
	assert_int_equal(vg_smtp_check_init(&c, NULL), 0);
	assert_int_equal(vg_smtp_check_feed(&c, (const uint8_t *)"220 hal", 7), 7);
	vg_smtp_check_eof(&c);
	assert_int_equal(c.fail, VG_SMTP_FAIL_CLOSED);
	/* nothing is read while a command waits to be sent */
	assert_int_equal(vg_smtp_check_init(&c, NULL), 0);
	assert_int_equal(vg_smtp_check_feed(&c, (const uint8_t *)"220 a\r\n250 b\r\n", 14), 7);
	assert_true(c.to_send);
	assert_int_equal(vg_smtp_check_feed(&c, (const uint8_t *)"250 b\r\n", 7), 0);
	{
		char small[8];

		assert_int_equal(vg_smtp_check_output(&c, small, sizeof(small)), VG_PROBE_E_NOSPACE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_line),
		cmocka_unit_test(test_multi_line),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_dialogue_ok),
		cmocka_unit_test(test_dialogue_helo_name),
		cmocka_unit_test(test_dialogue_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
