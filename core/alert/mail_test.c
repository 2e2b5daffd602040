// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the e-mail alerts' words and envelope (keepalived 2.2.7, as
 * recorded in docs/smtp_alerts.md), smtp_alert's precedence, and the queue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alert/mail.h"
#include "vrrp/action.h"

static const char *rcpts[] = { "alice@example.com", "bob@example.com" };

static struct vg_conf_global glob(void)
{
	struct vg_conf_global g;

	memset(&g, 0, sizeof(g));
	g.router_id = "vgml_r1";
	g.notification_email.items = rcpts;
	g.notification_email.count = 2;
	g.notification_email_from = "vigil@example.com";
	g.smtp_server = "192.0.2.2";
	g.smtp_helo_name = "helo.example.com";
	g.smtp_alert = VG_TRI_ON;
	return g;
}

/* docs/smtp_alerts.md "Subjects and bodies": every observed pair, instance and group. */
static void test_vrrp_words(void **state)
{
	static const struct {
		bool group;
		uint8_t what;
		const char *subject, *body;
	} cases[] = {
		{ false, VG_NOTIFY_MASTER, "[vgml_r1] VRRP Instance VI_1 - Entering MASTER state",
		  "=> VRRP Instance is now owning VRRP VIPs <=" },
		{ false, VG_NOTIFY_BACKUP, "[vgml_r1] VRRP Instance VI_1 - Entering BACKUP state",
		  "=> VRRP Instance is no longer owning VRRP VIPs <=" },
		{ false, VG_NOTIFY_FAULT, "[vgml_r1] VRRP Instance VI_1 - Entering FAULT state",
		  "=> VRRP Instance is no longer owning VRRP VIPs <=" },
		{ false, VG_NOTIFY_STOP, "[vgml_r1] VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <=" },
		{ false, VG_NOTIFY_DELETED, "[vgml_r1] VRRP Instance VI_1 - Deleted", "=> VRRP Deleted at reload <=" },
		{ true, VG_NOTIFY_MASTER, "[vgml_r1] VRRP Group VI_1 - Entering MASTER state",
		  "=> All VRRP group instances are now in MASTER state <=" },
		{ true, VG_NOTIFY_BACKUP, "[vgml_r1] VRRP Group VI_1 - Entering BACKUP state",
		  "=> All VRRP group instances are now in BACKUP state <=" },
		{ true, VG_NOTIFY_FAULT, "[vgml_r1] VRRP Group VI_1 - Entering FAULT state",
		  "=> All VRRP group instances are now in FAULT state <=" },
		{ true, VG_NOTIFY_STOP, "[vgml_r1] VRRP Group VI_1 - Stopping",
		  "=> All VRRP group instances are now stopping <=" },
	};
	struct vg_conf_global g = glob();
	struct vg_mail_env e;
	struct vg_mail m;

	(void)state;
	assert_int_equal(vg_mail_env_build(&e, &g, "vm", "root"), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(vg_mail_vrrp(&e, &g, cases[i].group, "VI_1", cases[i].what, "D", &m));
		assert_string_equal(m.subject, cases[i].subject);
		assert_string_equal(m.body, cases[i].body);
		assert_string_equal(m.date, "D");
	}
	/* not states: no mail */
	assert_false(vg_mail_vrrp(&e, &g, false, "VI_1", VG_NOTIFY_MASTER_RX_LOWER_PRI, "D", &m));
	assert_false(vg_mail_vrrp(&e, &g, false, "VI_1", VG_NOTIFY_MASTER_PRIORITY, "D", &m));
	assert_false(vg_mail_vrrp(&e, &g, true, "G", VG_NOTIFY_DELETED, "D", &m));
	/* observed: no_email_faults leaves FAULT out, the others stay */
	g.no_email_faults = true;
	assert_false(vg_mail_vrrp(&e, &g, false, "VI_1", VG_NOTIFY_FAULT, "D", &m));
	assert_true(vg_mail_vrrp(&e, &g, false, "VI_1", VG_NOTIFY_BACKUP, "D", &m));
}

/* The DATA payload, byte for byte as keepalived sent it. */
static void test_data(void **state)
{
	struct vg_conf_global g = glob();
	struct vg_mail_env e;
	struct vg_mail m;
	char buf[2048];
	size_t n;

	(void)state;
	assert_int_equal(vg_mail_env_build(&e, &g, "vm", "root"), 0);
	assert_true(vg_mail_vrrp(&e, &g, false, "VI_1", VG_NOTIFY_BACKUP, "Sun, 06 Dec 2026 10:30:43 +0000", &m));
	n = vg_mail_data(&e, &m, buf, sizeof(buf));
	assert_string_equal(buf, "Date: Sun, 06 Dec 2026 10:30:43 +0000\r\n"
				 "From: vigil@example.com\r\n"
				 "Subject: [vgml_r1] VRRP Instance VI_1 - Entering BACKUP state\r\n"
				 "X-Mailer: Keepalived\r\n"
				 "To: alice@example.com, bob@example.com\r\n"
				 "\r\n"
				 "=> VRRP Instance is no longer owning VRRP VIPs <=\r\n"
				 "\r\n"
				 ".\r\n");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(vg_mail_data(&e, &m, buf, 20), 0); /* does not fit */
}

/* Observed defaults: HELO and router_id = host name, sender user@host; "localhost" without a name. */
static void test_env_defaults(void **state)
{
	struct vg_conf_global g = glob();
	struct vg_mail_env e;

	(void)state;
	g.router_id = NULL;
	g.smtp_helo_name = NULL;
	g.notification_email_from = NULL;
	assert_int_equal(vg_mail_env_build(&e, &g, "vm", "root"), 0);
	assert_string_equal(e.helo, "vm");
	assert_string_equal(e.from, "root@vm");
	assert_string_equal(e.router_id, "vm");
	assert_string_equal(e.to, "alice@example.com, bob@example.com");
	assert_int_equal(e.rcpt_count, 2);
	assert_true(e.enabled);
	assert_int_equal(vg_mail_env_build(&e, &g, NULL, "root"), 0);
	assert_string_equal(e.helo, "localhost");
	assert_string_equal(e.from, "");
	/* no smtp_server: nothing is sent (keepalived's smtp_alert returns at once) */
	g.smtp_server = NULL;
	assert_int_equal(vg_mail_env_build(&e, &g, "vm", "root"), 0);
	assert_false(e.enabled);
}

/* A name that would inject a command is refused, and alerts are off. */
static void test_env_injection(void **state)
{
	struct vg_conf_global g = glob();
	struct vg_mail_env e;

	(void)state;
	g.notification_email_from = "a@b>\r\nRCPT TO:<x@y";
	assert_int_equal(vg_mail_env_build(&e, &g, "vm", "root"), -1);
	assert_false(e.enabled);
}

/* keepalived's vrrp.c: the block's smtp_alert, else smtp_alert_vrrp, else smtp_alert, else off. */
static void test_precedence(void **state)
{
	struct vg_conf_global g = glob();

	(void)state;
	assert_true(vg_mail_vrrp_enabled(&g, VG_TRI_UNSET));
	assert_false(vg_mail_vrrp_enabled(&g, VG_TRI_OFF));
	g.smtp_alert_vrrp = VG_TRI_OFF;
	assert_false(vg_mail_vrrp_enabled(&g, VG_TRI_UNSET));
	assert_true(vg_mail_vrrp_enabled(&g, VG_TRI_ON));
	g.smtp_alert_vrrp = VG_TRI_UNSET;
	g.smtp_alert = VG_TRI_UNSET;
	assert_false(vg_mail_vrrp_enabled(&g, VG_TRI_UNSET));
}

/* The queue is bounded: the 33rd alert is dropped and counted, order kept. */
static void test_queue(void **state)
{
	static struct vg_mail_queue q;
	struct vg_mail m;

	(void)state;
	memset(&m, 0, sizeof(m));
	vg_mail_queue_init(&q);
	assert_null(vg_mail_queue_peek(&q));
	for (unsigned i = 0; i < VG_MAIL_QUEUE_MAX; i++) {
		snprintf(m.subject, sizeof(m.subject), "s%u", i);
		assert_true(vg_mail_queue_push(&q, &m));
	}
	assert_false(vg_mail_queue_push(&q, &m));
	assert_int_equal(q.dropped, 1);
	assert_int_equal(q.queued, VG_MAIL_QUEUE_MAX);
	assert_string_equal(vg_mail_queue_peek(&q)->subject, "s0");
	vg_mail_queue_pop(&q);
	assert_string_equal(vg_mail_queue_peek(&q)->subject, "s1");
	assert_true(vg_mail_queue_push(&q, &m)); /* room again, wraps around */
	for (unsigned i = 1; i < VG_MAIL_QUEUE_MAX; i++)
		vg_mail_queue_pop(&q);
	assert_string_equal(vg_mail_queue_peek(&q)->subject, "s31");
	vg_mail_queue_pop(&q);
	assert_null(vg_mail_queue_peek(&q));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vrrp_words),
		cmocka_unit_test(test_data),
		cmocka_unit_test(test_env_defaults),
		cmocka_unit_test(test_env_injection),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
