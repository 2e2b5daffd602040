// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the alert SMTP client: the dialogue with literal replies,
 * byte for byte what keepalived 2.2.7 sent to the responder
 * (docs/smtp_alerts.md "The dialogue"), and its handling of a wrong code,
 * a silent server, a refused or slow connect and a server that closes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alert/smtp_client.h"
#include "vrrp/action.h"

#define T0 VG_S(100)
#define TO VG_S(3) /* smtp_connect_timeout 3 */

static struct vg_conf_global glob(void)
{
	static const char *rcpts[] = { "alice@example.com", "bob@example.com" };
	struct vg_conf_global g;

	memset(&g, 0, sizeof(g));
	g.router_id = "vgml_r1";
	g.notification_email.items = rcpts;
	g.notification_email.count = 2;
	g.notification_email_from = "vigil@example.com";
	g.smtp_server = "192.0.2.2";
	g.smtp_server_port = 2525;
	g.smtp_helo_name = "helo.example.com";
	g.smtp_connect_timeout_ns = TO;
	g.smtp_alert = VG_TRI_ON;
	return g;
}

static struct vg_mail_env env;
static struct vg_mail msg;
static struct vg_smtpc c;
static char transcript[8192];

/* Append what the client has to send to the transcript, as "C: line" per line. */
static void take_output(void)
{
	const uint8_t *p;
	size_t n = vg_smtpc_pending(&c, &p);

	strncat(transcript, (const char *)p, n);
	vg_smtpc_written(&c, n);
}

static void server(vg_time now, const char *reply)
{
	size_t len = strlen(reply), off = 0;

	while (off < len) {
		off += vg_smtpc_feed(&c, now, (const uint8_t *)reply + off, len - off);
		take_output();
	}
}

static void start(void)
{
	struct vg_conf_global g = glob();

	assert_int_equal(vg_mail_env_build(&env, &g, "vm", "root"), 0);
	assert_true(vg_mail_vrrp(&env, &g, false, "VI_1", VG_NOTIFY_MASTER, "Sun, 06 Dec 2026 10:30:30 +0000", &msg));
	transcript[0] = '\0';
	assert_int_equal(vg_smtpc_start(&c, T0, &env, &msg, TO), 0);
	assert_int_equal(c.stage, VG_SMTPC_CONNECT);
	assert_int_equal(vg_smtpc_next_deadline(&c), T0 + TO);
	vg_smtpc_connected(&c, T0 + 1);
	assert_int_equal(c.note, VG_SMTPC_N_CONNECTED);
}

/* The dialogue keepalived 2.2.7 held with the responder (docs/smtp_alerts.md, "Entering MASTER"). */
static void test_dialogue_as_keepalived(void **state)
{
	(void)state;
	start();
	server(T0 + 2, "220 vgml.example ESMTP responder\r\n");
	assert_string_equal(transcript, "HELO helo.example.com\r\n");
	server(T0 + 3, "250 OK\r\n");
	server(T0 + 4, "250 OK\r\n");
	server(T0 + 5, "250 OK\r\n");
	server(T0 + 6, "250 OK\r\n");
	server(T0 + 7, "354 End data with <CR><LF>.<CR><LF>\r\n");
	assert_int_equal(c.result, VG_SMTPC_PENDING);
	server(T0 + 8, "250 OK\r\n");
	assert_int_equal(c.note, VG_SMTPC_N_SENT);
	assert_int_equal(c.result, VG_SMTPC_SENT);
	assert_false(vg_smtpc_done(&c));
	server(T0 + 9, "221 Bye\r\n");
	assert_true(vg_smtpc_done(&c));
	assert_int_equal(vg_smtpc_next_deadline(&c), VG_TIME_NEVER);
	assert_string_equal(transcript,
			    "HELO helo.example.com\r\n"
			    "MAIL FROM:<vigil@example.com>\r\n"
			    "RCPT TO:<alice@example.com>\r\n"
			    "RCPT TO:<bob@example.com>\r\n"
			    "DATA\r\n"
			    "Date: Sun, 06 Dec 2026 10:30:30 +0000\r\n"
			    "From: vigil@example.com\r\n"
			    "Subject: [vgml_r1] VRRP Instance VI_1 - Entering MASTER state\r\n"
			    "X-Mailer: Keepalived\r\n"
			    "To: alice@example.com, bob@example.com\r\n"
			    "\r\n"
			    "=> VRRP Instance is now owning VRRP VIPs <=\r\n"
			    "\r\n"
			    ".\r\n"
			    "QUIT\r\n");
}

/* Replies in one piece, split bytewise, and multi-line (RFC 5321 4.2.1): the same dialogue. */
static void test_reply_pieces_and_multiline(void **state)
{
	const char *r = "220-vgml.example first line\r\n220 vgml.example ESMTP\r\n";

	(void)state;
	start();
	for (size_t i = 0; r[i]; i++) {
		assert_int_equal(vg_smtpc_feed(&c, T0 + 2, (const uint8_t *)r + i, 1), 1);
		if (r[i + 1])
			assert_int_equal(c.stage, VG_SMTPC_BANNER);
	}
	take_output();
	assert_string_equal(transcript, "HELO helo.example.com\r\n");
	/* two replies in one read: the client stops after the first */
	transcript[0] = '\0';
	{
		const char *two = "250 OK\r\n250 OK\r\n";
		size_t n = vg_smtpc_feed(&c, T0 + 3, (const uint8_t *)two, strlen(two));

		assert_int_equal(n, 8);
		take_output();
		assert_string_equal(transcript, "MAIL FROM:<vigil@example.com>\r\n");
		n = vg_smtpc_feed(&c, T0 + 3, (const uint8_t *)two + 8, 8);
		assert_int_equal(n, 8);
		take_output();
		assert_string_equal(transcript, "MAIL FROM:<vigil@example.com>\r\nRCPT TO:<alice@example.com>\r\n");
	}
}

/* Observed: MAIL answered 550 -> keepalived logs "Error processing MAIL cmd ... = 550", QUIT, close. */
static void test_reject_mail_550(void **state)
{
	(void)state;
	start();
	server(T0 + 2, "220 x\r\n");
	server(T0 + 3, "250 OK\r\n");
	server(T0 + 4, "550 no\r\n");
	assert_int_equal(c.note, VG_SMTPC_N_REPLY_ERROR);
	assert_int_equal(c.fail_stage, VG_SMTPC_MAIL);
	assert_int_equal(c.fail_code, 550);
	assert_string_equal(vg_smtpc_stage_name(c.fail_stage), "MAIL");
	assert_int_equal(c.stage, VG_SMTPC_QUIT);
	assert_int_equal(vg_smtpc_next_deadline(&c), T0 + 4 + TO);
	server(T0 + 5, "221 Bye\r\n");
	assert_true(vg_smtpc_done(&c));
	assert_int_equal(c.result, VG_SMTPC_E_REPLY);
	assert_string_equal(transcript, "HELO helo.example.com\r\nMAIL FROM:<vigil@example.com>\r\nQUIT\r\n");
}

/* Observed: the first RCPT answered 450 -> no further RCPT, QUIT. A 421 greeting -> "(E)SMTP", QUIT. */
static void test_reject_rcpt_450_and_banner_421(void **state)
{
	(void)state;
	start();
	server(T0 + 2, "220 x\r\n");
	server(T0 + 3, "250 OK\r\n");
	server(T0 + 4, "250 OK\r\n");
	server(T0 + 5, "450 busy\r\n");
	assert_int_equal(c.fail_stage, VG_SMTPC_RCPT);
	assert_int_equal(c.fail_code, 450);
	assert_string_equal(transcript,
			    "HELO helo.example.com\r\nMAIL FROM:<vigil@example.com>\r\nRCPT TO:<alice@example.com>\r\nQUIT\r\n");

	start();
	server(T0 + 2, "421 closing\r\n");
	assert_int_equal(c.fail_stage, VG_SMTPC_BANNER);
	assert_string_equal(vg_smtpc_stage_name(c.fail_stage), "(E)SMTP");
	assert_string_equal(transcript, "QUIT\r\n");
}

/* Observed: 552 after the data -> "Error processing BODY cmd", QUIT; not counted as sent. */
static void test_reject_body(void **state)
{
	(void)state;
	start();
	server(T0 + 2, "220 x\r\n");
	server(T0 + 3, "250 OK\r\n");
	server(T0 + 4, "250 OK\r\n");
	server(T0 + 5, "250 OK\r\n");
	server(T0 + 6, "250 OK\r\n");
	server(T0 + 7, "354 go\r\n");
	server(T0 + 8, "552 too big\r\n");
	assert_int_equal(c.fail_stage, VG_SMTPC_BODY);
	assert_string_equal(vg_smtpc_stage_name(c.fail_stage), "BODY");
	assert_int_equal(c.result, VG_SMTPC_E_REPLY);
}

/*
 * Observed (smtp_connect_timeout 3, a server that accepts and never
 * speaks): "Timeout reading data" at +3 s, QUIT, again at +6 s, close.
 */
static void test_silent_server(void **state)
{
	(void)state;
	start();
	vg_smtpc_timer(&c, T0 + 1 + TO - 1);
	assert_int_equal(c.note, VG_SMTPC_N_NONE);
	assert_int_equal(c.stage, VG_SMTPC_BANNER);
	vg_smtpc_timer(&c, T0 + 1 + TO);
	assert_int_equal(c.note, VG_SMTPC_N_READ_TIMEOUT);
	assert_int_equal(c.stage, VG_SMTPC_QUIT);
	take_output();
	assert_string_equal(transcript, "QUIT\r\n");
	assert_int_equal(vg_smtpc_next_deadline(&c), T0 + 1 + 2 * TO);
	vg_smtpc_timer(&c, T0 + 1 + 2 * TO);
	assert_int_equal(c.note, VG_SMTPC_N_READ_TIMEOUT);
	assert_true(vg_smtpc_done(&c));
	assert_int_equal(c.result, VG_SMTPC_E_READ_TIMEOUT);
}

/* Observed: SYNs dropped -> "Timeout opening connection" after the timeout; refused -> an error at once. */
static void test_connect_timeout_and_refused(void **state)
{
	struct vg_conf_global g = glob();

	(void)state;
	assert_int_equal(vg_mail_env_build(&env, &g, "vm", "root"), 0);
	assert_true(vg_mail_vrrp(&env, &g, false, "VI_1", VG_NOTIFY_BACKUP, "d", &msg));
	assert_int_equal(vg_smtpc_start(&c, T0, &env, &msg, TO), 0);
	vg_smtpc_timer(&c, T0 + TO - 1);
	assert_false(vg_smtpc_done(&c));
	vg_smtpc_timer(&c, T0 + TO);
	assert_int_equal(c.note, VG_SMTPC_N_CONNECT_TIMEOUT);
	assert_true(vg_smtpc_done(&c));
	assert_int_equal(c.result, VG_SMTPC_E_CONNECT_TIMEOUT);

	assert_int_equal(vg_smtpc_start(&c, T0, &env, &msg, TO), 0);
	vg_smtpc_connect_failed(&c, T0 + 1);
	assert_int_equal(c.note, VG_SMTPC_N_CONNECT_FAILED);
	assert_true(vg_smtpc_done(&c));
	assert_int_equal(c.result, VG_SMTPC_E_CONNECT);
}

/* A server that closes mid-dialogue; one that closes after QUIT (normal); a malformed reply. */
static void test_closed_and_malformed(void **state)
{
	(void)state;
	start();
	server(T0 + 2, "220 x\r\n");
	vg_smtpc_eof(&c, T0 + 3);
	assert_int_equal(c.note, VG_SMTPC_N_CLOSED);
	assert_true(vg_smtpc_done(&c));
	assert_int_equal(c.result, VG_SMTPC_E_CLOSED);

	start();
	server(T0 + 2, "421 x\r\n");
	vg_smtpc_eof(&c, T0 + 3); /* after QUIT: no "closed" line */
	assert_int_equal(c.note, VG_SMTPC_N_NONE);
	assert_int_equal(c.result, VG_SMTPC_E_REPLY);

	start();
	server(T0 + 2, "hello\r\n"); /* RFC 5321 4.2: not a reply */
	assert_int_equal(c.note, VG_SMTPC_N_SYNTAX);
	assert_int_equal(c.result, VG_SMTPC_E_SYNTAX);
	assert_int_equal(c.stage, VG_SMTPC_QUIT);
}

/* A partial write keeps the rest pending. */
static void test_partial_write(void **state)
{
	const uint8_t *p;

	(void)state;
	start();
	assert_int_equal(vg_smtpc_feed(&c, T0 + 2, (const uint8_t *)"220 x\r\n", 7), 7);
	assert_int_equal(vg_smtpc_pending(&c, &p), 23);
	vg_smtpc_written(&c, 5);
	assert_int_equal(vg_smtpc_pending(&c, &p), 18);
	assert_memory_equal(p, "helo.example.com\r\n", 18);
	vg_smtpc_written(&c, 18);
	assert_int_equal(vg_smtpc_pending(&c, &p), 0);
}

/* No recipient: nothing starts. */
static void test_no_recipient(void **state)
{
	struct vg_conf_global g = glob();

	(void)state;
	g.notification_email.count = 0;
	assert_int_equal(vg_mail_env_build(&env, &g, "vm", "root"), 0);
	assert_false(env.enabled);
	assert_int_equal(vg_smtpc_start(&c, T0, &env, &msg, TO), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dialogue_as_keepalived),
		cmocka_unit_test(test_reply_pieces_and_multiline),
		cmocka_unit_test(test_reject_mail_550),
		cmocka_unit_test(test_reject_rcpt_450_and_banner_421),
		cmocka_unit_test(test_reject_body),
		cmocka_unit_test(test_silent_server),
		cmocka_unit_test(test_connect_timeout_and_refused),
		cmocka_unit_test(test_closed_and_malformed),
		cmocka_unit_test(test_partial_write),
		cmocka_unit_test(test_no_recipient),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
