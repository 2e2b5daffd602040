// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the checker e-mail alerts: which checker events send one,
 * how smtp_alert (real_server, virtual_server), smtp_alert_checker,
 * smtp_alert and no_checker_emails override each other, and the words.
 * What keepalived 2.2.7 sent is in docs/smtp_alerts.md "Checker alerts"
 * (observed in the ipvs-vm guest: tests/ipvs-vm/test_checker_mail.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alert/mail_checker.h"
#include "lvs/checker.h"

static const char *rcpts[] = { "ops@example.com" };

static struct vg_conf_global glob(void)
{
	struct vg_conf_global g;

	memset(&g, 0, sizeof(g));
	g.router_id = "kwm";
	g.notification_email.items = rcpts;
	g.notification_email.count = 1;
	g.notification_email_from = "lb@example.com";
	g.smtp_server = "127.0.0.1";
	return g;
}

/*
 * The defaults, observed: no smtp_alert anywhere sent the real servers'
 * alerts and no quorum alert; smtp_alert_checker sent the quorum alerts.
 * The precedence: the block's own, else smtp_alert_checker, else
 * smtp_alert, else on (real server) / off (virtual server).
 */
static void test_precedence(void **state)
{
	static const struct {
		enum vg_conf_tri own, checker, all;
		bool rs, vs;
	} t[] = {
		{ VG_TRI_UNSET, VG_TRI_UNSET, VG_TRI_UNSET, true, false },
		{ VG_TRI_UNSET, VG_TRI_UNSET, VG_TRI_ON, true, true },
		{ VG_TRI_UNSET, VG_TRI_UNSET, VG_TRI_OFF, false, false },
		{ VG_TRI_UNSET, VG_TRI_ON, VG_TRI_UNSET, true, true },
		{ VG_TRI_UNSET, VG_TRI_OFF, VG_TRI_ON, false, false },   /* smtp_alert_checker before smtp_alert */
		{ VG_TRI_UNSET, VG_TRI_ON, VG_TRI_OFF, true, true },
		{ VG_TRI_OFF, VG_TRI_ON, VG_TRI_ON, false, false },      /* the block's own first */
		{ VG_TRI_ON, VG_TRI_OFF, VG_TRI_OFF, true, true },
		{ VG_TRI_ON, VG_TRI_UNSET, VG_TRI_UNSET, true, true },
		{ VG_TRI_OFF, VG_TRI_UNSET, VG_TRI_UNSET, false, false },
	};
	struct vg_conf_global g = glob();

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		g.smtp_alert_checker = t[i].checker;
		g.smtp_alert = t[i].all;
		assert_int_equal(vg_mail_rs_enabled(&g, t[i].own), t[i].rs);
		assert_int_equal(vg_mail_vs_enabled(&g, t[i].own), t[i].vs);
	}
	/* smtp_alert_vrrp is the VRRP side's only */
	g.smtp_alert_checker = g.smtp_alert = VG_TRI_UNSET;
	g.smtp_alert_vrrp = VG_TRI_OFF;
	assert_true(vg_mail_rs_enabled(&g, VG_TRI_UNSET));
	g.smtp_alert_vrrp = VG_TRI_ON;
	assert_false(vg_mail_vs_enabled(&g, VG_TRI_UNSET));
}

static bool body(const struct vg_conf_global *g, bool on, uint8_t type, bool up, bool ck_was_up, bool rs_was,
		 bool rs_now, char *b)
{
	struct vg_mail_check_ev ev = { .type = type, .up = up, .checker_was_up = ck_was_up, .rs_was_alive = rs_was,
				       .rs_alive = rs_now };

	b[0] = '\0';
	return vg_mail_checker_body(g, on, &ev, b, VG_MAIL_BODY_MAX);
}

/*
 * Observed, the defaults: server B with two TCP_CHECKs (ports 80 and 81).
 * The :81 checker fails (B goes down): a DOWN alert; then :80 fails (B
 * already down): another DOWN alert; :81 back (B still down): "succeed"
 * with "- DOWN"; :80 back (B up): an UP alert. With no_checker_emails only
 * the first and the last were sent.
 */
static void test_no_checker_emails(void **state)
{
	struct vg_conf_global g = glob();
	char b[VG_MAIL_BODY_MAX];

	(void)state;
	assert_true(body(&g, true, VG_LVS_CHECK_TCP, false, true, true, false, b));
	assert_string_equal(b, "=> TCP CHECK failed on service <=");
	assert_true(body(&g, true, VG_LVS_CHECK_TCP, false, true, false, false, b));
	assert_true(body(&g, true, VG_LVS_CHECK_TCP, true, false, false, false, b));
	assert_string_equal(b, "=> TCP CHECK succeed on service <=");
	assert_true(body(&g, true, VG_LVS_CHECK_TCP, true, false, false, true, b));
	g.no_checker_emails = true;
	assert_true(body(&g, true, VG_LVS_CHECK_TCP, false, true, true, false, b));
	assert_false(body(&g, true, VG_LVS_CHECK_TCP, false, true, false, false, b));
	assert_false(body(&g, true, VG_LVS_CHECK_TCP, true, false, false, false, b));
	assert_true(body(&g, true, VG_LVS_CHECK_TCP, true, false, false, true, b));
	/* the real server's alerts off: nothing */
	assert_false(body(&g, false, VG_LVS_CHECK_TCP, false, true, true, false, b));
}

/*
 * A verdict that does not change the checker's sends nothing (observed: the
 * first successes at start-up, checkers starting up without alpha, sent
 * none); keepalived's MISC_CHECK mails every report it logs, and
 * FILE_CHECK none (keepalived's check_misc.c / check_file.c).
 */
static void test_transitions(void **state)
{
	struct vg_conf_global g = glob();
	char b[VG_MAIL_BODY_MAX];

	(void)state;
	assert_false(body(&g, true, VG_LVS_CHECK_TCP, true, true, true, true, b));
	assert_false(body(&g, true, VG_LVS_CHECK_HTTP, false, false, false, false, b));
	assert_true(body(&g, true, VG_LVS_CHECK_MISC, true, true, true, true, b));
	assert_string_equal(b, "=> MISC CHECK succeeded on service <=");
	assert_false(body(&g, true, VG_LVS_CHECK_FILE, false, true, true, false, b));
}

/* The words of each checker type (keepalived 2.2.7's checkers; TCP observed). */
static void test_words(void **state)
{
	static const struct {
		uint8_t type;
		const char *up, *down;
	} t[] = {
		{ VG_LVS_CHECK_TCP, "=> TCP CHECK succeed on service <=", "=> TCP CHECK failed on service <=" },
		{ VG_LVS_CHECK_HTTP, "=> CHECK succeed on service <=",
		  "=> CHECK failed on service : HTTP request failed <=" },
		{ VG_LVS_CHECK_SSL, "=> CHECK succeed on service <=",
		  "=> CHECK failed on service : HTTP request failed <=" },
		{ VG_LVS_CHECK_UDP, "=> UDP CHECK succeed on service <=", "=> UDP CHECK failed on service <=" },
		{ VG_LVS_CHECK_PING, "=> ICMP CHECK succeed on service <=", "=> ICMP CHECK failed on service <=" },
		{ VG_LVS_CHECK_DNS, "=> DNS_CHECK: succeed on service <=", "=> DNS_CHECK: failed on service <=" },
		{ VG_LVS_CHECK_SMTP, "=> CHECK succeed on service <=", "=> CHECK failed on service <=" },
		{ VG_LVS_CHECK_MISC, "=> MISC CHECK succeeded on service <=", "=> MISC CHECK failed on service <=" },
	};
	struct vg_conf_global g = glob();
	struct vg_mail_check_ev ev = { .type = VG_LVS_CHECK_SMTP, .checker_was_up = true, .rs_was_alive = true,
				       .why = "Connection timeout to server [198.51.100.3]:tcp:25" };
	char b[VG_MAIL_BODY_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_true(body(&g, true, t[i].type, true, false, false, true, b));
		assert_string_equal(b, t[i].up);
		assert_true(body(&g, true, t[i].type, false, true, true, false, b));
		assert_string_equal(b, t[i].down);
	}
	assert_true(vg_mail_checker_body(&g, true, &ev, b, sizeof(b)));
	assert_string_equal(b, "=> CHECK failed on service : Connection timeout to server [198.51.100.3]:tcp:25 <=");
	ev.type = VG_LVS_CHECK_MISC;
	ev.misc = 1;
	assert_true(vg_mail_checker_body(&g, true, &ev, b, sizeof(b)));
	assert_string_equal(b, "=> MISC CHECK timed out on service <=");
}

/* Observed (quorum 2, two servers of weight 1): the start, a loss and a gain. */
static void test_quorum_and_subjects(void **state)
{
	struct vg_conf_global g = glob();
	struct vg_mail_env e;
	struct vg_mail m;
	char b[VG_MAIL_BODY_MAX];

	(void)state;
	vg_mail_quorum_body(b, sizeof(b), true, true, 2, 0, 2);
	assert_string_equal(b, "=> Starting with quorum up 2+0=2 <= 2 <=");
	vg_mail_quorum_body(b, sizeof(b), false, false, 2, 0, 1);
	assert_string_equal(b, "=> Lost quorum 2+0=2 <= 1 <=");
	vg_mail_quorum_body(b, sizeof(b), true, false, 2, 0, 2);
	assert_string_equal(b, "=> Gained quorum 2+0=2 <= 2 <=");
	/* with hysteresis the threshold crossed is Q+H up, Q-H down (still written "Q+H=") */
	vg_mail_quorum_body(b, sizeof(b), false, false, 5, 1, 3);
	assert_string_equal(b, "=> Lost quorum 5+1=4 <= 3 <=");
	vg_mail_quorum_body(b, sizeof(b), false, true, 5, 1, 0);
	assert_string_equal(b, "=> Starting with quorum down 5+1=4 <= 0 <=");

	assert_int_equal(vg_mail_env_build(&e, &g, "vm", "root"), 0);
	assert_true(vg_mail_realserver(&e, "[198.51.100.2]:tcp:80", "[192.0.2.10]:tcp:80", false,
				       "=> TCP CHECK failed on service <=", "Sun, 06 Dec 2026 13:26:44 +0000", &m));
	assert_string_equal(m.subject, "[kwm] Realserver [198.51.100.2]:tcp:80 of virtual server [192.0.2.10]:tcp:80 - DOWN");
	assert_string_equal(m.body, "=> TCP CHECK failed on service <=");
	assert_string_equal(m.date, "Sun, 06 Dec 2026 13:26:44 +0000");
	assert_true(vg_mail_virtualserver(&e, "[192.0.2.10]:tcp:80", true, "=> Gained quorum 2+0=2 <= 2 <=", "", &m));
	assert_string_equal(m.subject, "[kwm] Virtualserver [192.0.2.10]:tcp:80 - UP");
	/* without notification_email (or smtp_server): nothing */
	g.notification_email.count = 0;
	assert_int_equal(vg_mail_env_build(&e, &g, "vm", "root"), 0);
	assert_false(vg_mail_realserver(&e, "r", "v", true, "b", "", &m));
	assert_false(vg_mail_virtualserver(&e, "v", true, "b", "", &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_no_checker_emails),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_quorum_and_subjects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
