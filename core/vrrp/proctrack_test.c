// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of vrrp_track_process matching and quorum with delays
 * (keepalived.conf(5) "VRRP track processes"; where the manual is silent,
 * keepalived 2.2.7's behaviour, cited).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "conf/testutil.h"
#include "vrrp/proctrack.h"

/* A block with `process` words (NULL-terminated). */
static struct vg_conf_track_process tp(const char **words)
{
	struct vg_conf_track_process t;
	uint32_t n = 0;

	memset(&t, 0, sizeof(t));
	while (words[n])
		n++;
	t.process.items = words;
	t.process.count = n;
	t.quorum = 1;
	t.quorum_max = UINT32_MAX;
	t.weight = 1;
	return t;
}

static bool match(const struct vg_conf_track_process *t, const char *comm, const char *cmd, size_t len)
{
	struct vg_proctrack_match m;

	vg_proctrack_match_init(&m, t);
	return vg_proctrack_matches(&m, comm, cmd, len);
}

#define CMD(s) (s), sizeof(s) - 1 /* a literal /proc/PID/cmdline, NULs written out */

/* keepalived.conf(5): "an exact match ... equivalent to pgrep "^ssh$"": the name, /proc/PID/comm */
static void test_name_is_exact_comm(void **state)
{
	const char *w[] = { "ssh", NULL };
	struct vg_conf_track_process t = tp(w);

	(void)state;
	assert_true(match(&t, "ssh", NULL, 0));
	assert_false(match(&t, "sshd", NULL, 0));
	assert_false(match(&t, "ss", NULL, 0));
	/* the command line is not read without parameters or full_command */
	assert_false(match(&t, "bash", CMD("ssh\0-v\0")));
}

/* keepalived.conf(5) full_command: "forces matching the full command line" (argv[0] exactly) */
static void test_full_command_compares_argv0(void **state)
{
	const char *w[] = { "/usr/sbin/haproxy", NULL };
	struct vg_conf_track_process t = tp(w);

	(void)state;
	t.full_command = true;
	assert_true(match(&t, "haproxy", CMD("/usr/sbin/haproxy\0-f\0/etc/haproxy.cfg\0")));
	assert_false(match(&t, "haproxy", CMD("haproxy\0-f\0")));
	assert_false(match(&t, "/usr/sbin/haproxy", NULL, 0)); /* a zombie or kernel thread: no cmdline */
}

/* parameters on the process line: exactly these parameters (keepalived 2.2.7: param_match EXACT) */
static void test_parameters_exact(void **state)
{
	const char *w[] = { "sleep", "7391.5", NULL };
	struct vg_conf_track_process t = tp(w);

	(void)state;
	assert_true(match(&t, "sleep", CMD("sleep\0007391.5\0")));
	assert_false(match(&t, "sleep", CMD("sleep\0007391.55\0")));
	assert_false(match(&t, "sleep", CMD("sleep\0007391.5\0x\0")));
	assert_false(match(&t, "sleep", CMD("sleep\0")));
	assert_false(match(&t, "sleep", CMD("/bin/sleep\0007391.5\0")));
}

/* keepalived.conf(5): "To specify that a command must have no parameters ... specify param_match" */
static void test_param_match_alone_means_no_parameters(void **state)
{
	const char *w[] = { "nginx", NULL };
	struct vg_conf_track_process t = tp(w);

	(void)state;
	t.param_match_set = true;
	assert_true(match(&t, "nginx", CMD("nginx\0")));
	assert_false(match(&t, "nginx", CMD("nginx\0-g\0")));
}

/* keepalived.conf(5) param_match partial: "the first n parameters match exactly" */
static void test_param_match_partial(void **state)
{
	const char *w[] = { "haproxy", "-f", "/etc/h.cfg", NULL };
	struct vg_conf_track_process t = tp(w);

	(void)state;
	t.param_match_set = true;
	t.param_match = VG_PARAM_MATCH_PARTIAL;
	assert_true(match(&t, "haproxy", CMD("haproxy\0-f\0/etc/h.cfg\0")));
	assert_true(match(&t, "haproxy", CMD("haproxy\0-f\0/etc/h.cfg\0-D\0")));
	assert_false(match(&t, "haproxy", CMD("haproxy\0-f\0/etc/h.cfg2\0")));
	assert_false(match(&t, "haproxy", CMD("haproxy\0-f\0")));
}

/* keepalived.conf(5) param_match initial: "the last parameter may be longer than the parameter configured" */
static void test_param_match_initial(void **state)
{
	const char *w[] = { "haproxy", "-f", "/etc/h", NULL };
	struct vg_conf_track_process t = tp(w);

	(void)state;
	t.param_match_set = true;
	t.param_match = VG_PARAM_MATCH_INITIAL;
	assert_true(match(&t, "haproxy", CMD("haproxy\0-f\0/etc/h\0")));
	assert_true(match(&t, "haproxy", CMD("haproxy\0-f\0/etc/h.cfg\0")));
	assert_true(match(&t, "haproxy", CMD("haproxy\0-f\0/etc/h.cfg\0-D\0")));
	assert_false(match(&t, "haproxy", CMD("haproxy\0-f\0/etc/x\0")));
	assert_false(match(&t, "haproxy", CMD("haproxy\0-fx\0/etc/h\0")));
}

/* keepalived.conf(5) quorum / quorum_max: "minimum/maximum number of processes for success" */
static void test_quorum_range(void **state)
{
	const char *w[] = { "nginx", NULL };
	struct vg_conf_track_process t = tp(w);
	struct vg_proctrack p;

	(void)state;
	t.quorum = 2;
	t.quorum_max = 3;
	vg_proctrack_init(&p, &t, 1);
	assert_false(p.up);
	assert_true(vg_proctrack_set(&p, 100, 2, VG_PROC_EXEC));
	assert_true(p.up);
	assert_false(vg_proctrack_set(&p, 200, 3, VG_PROC_EXEC));
	assert_true(vg_proctrack_set(&p, 300, 4, VG_PROC_EXEC)); /* "failure if two instances ... running" */
	assert_false(p.up);
	assert_true(vg_proctrack_set(&p, 400, 3, VG_PROC_EXEC));
	assert_true(p.up);
}

/* keepalived.conf(5): quorum_max 0 "would mean failure if the matching process were running at all" */
static void test_quorum_max_zero(void **state)
{
	const char *w[] = { "telnetd", NULL };
	struct vg_conf_track_process t = tp(w);
	struct vg_proctrack p;

	(void)state;
	t.quorum_max = 0;
	vg_proctrack_init(&p, &t, 0);
	assert_true(p.up);
	assert_true(vg_proctrack_set(&p, 10, 1, VG_PROC_EXEC));
	assert_false(p.up);
}

/* keepalived.conf(5) terminate_delay: "time to delay after process quorum lost before consider process down" */
static void test_terminate_delay(void **state)
{
	const char *w[] = { "haproxy", NULL };
	struct vg_conf_track_process t = tp(w);
	struct vg_proctrack p;
	const vg_time t0 = VG_S(10);

	(void)state;
	t.terminate_delay_ns = VG_MS(1500);
	vg_proctrack_init(&p, &t, 1);
	assert_true(p.up);
	assert_false(vg_proctrack_set(&p, t0, 0, VG_PROC_EXIT));
	assert_true(p.up);
	assert_int_equal(vg_proctrack_next_deadline(&p), t0 + VG_MS(1500));
	assert_false(vg_proctrack_timer(&p, t0 + VG_MS(1500) - 1));
	assert_true(vg_proctrack_timer(&p, t0 + VG_MS(1500)));
	assert_false(p.up);
	assert_int_equal(vg_proctrack_next_deadline(&p), VG_TIME_NEVER);
}

/* keepalived.conf(5) delay: "to avoid down/up bounce after terminate/parent refork": a restart
   within terminate_delay never shows */
static void test_restart_within_terminate_delay_never_shows(void **state)
{
	const char *w[] = { "haproxy", NULL };
	struct vg_conf_track_process t = tp(w);
	struct vg_proctrack p;
	const vg_time t0 = VG_S(10);

	(void)state;
	t.terminate_delay_ns = VG_S(2);
	vg_proctrack_init(&p, &t, 1);
	assert_false(vg_proctrack_set(&p, t0, 0, VG_PROC_EXIT));
	assert_false(vg_proctrack_set(&p, t0 + VG_S(1), 1, VG_PROC_EXEC));
	assert_true(p.up);
	assert_int_equal(vg_proctrack_next_deadline(&p), VG_TIME_NEVER);
	assert_false(vg_proctrack_timer(&p, t0 + VG_S(2)));
	assert_true(p.up);
}

/* keepalived.conf(5) fork_delay: "time to delay after process quorum gained after fork before consider
   process up"; an exec (a new process) counts at once (keepalived 2.2.7: no delay on exec) */
static void test_fork_delay_only_for_forks(void **state)
{
	const char *w[] = { "worker", NULL };
	struct vg_conf_track_process t = tp(w);
	struct vg_proctrack p;
	const vg_time t0 = VG_S(5);

	(void)state;
	t.quorum = 2;
	t.fork_delay_ns = VG_MS(250);
	vg_proctrack_init(&p, &t, 1);
	assert_false(p.up);
	assert_false(vg_proctrack_set(&p, t0, 2, VG_PROC_FORK));
	assert_false(p.up);
	assert_false(vg_proctrack_timer(&p, t0 + VG_MS(250) - 1));
	assert_true(vg_proctrack_timer(&p, t0 + VG_MS(250)));
	assert_true(p.up);
	/* the child exits: down at once (no terminate_delay), back by exec: up at once */
	assert_true(vg_proctrack_set(&p, t0 + VG_S(1), 1, VG_PROC_EXIT));
	assert_true(vg_proctrack_set(&p, t0 + VG_S(2), 2, VG_PROC_EXEC));
	assert_true(p.up);
}

/* a forked child that exits within fork_delay: the quorum never showed */
static void test_fork_then_exit_within_fork_delay(void **state)
{
	const char *w[] = { "worker", NULL };
	struct vg_conf_track_process t = tp(w);
	struct vg_proctrack p;

	(void)state;
	t.quorum = 2;
	t.fork_delay_ns = VG_S(1);
	vg_proctrack_init(&p, &t, 1);
	assert_false(vg_proctrack_set(&p, VG_S(1), 2, VG_PROC_FORK));
	assert_false(vg_proctrack_set(&p, VG_MS(1500), 1, VG_PROC_EXIT));
	assert_false(p.up);
	assert_int_equal(vg_proctrack_next_deadline(&p), VG_TIME_NEVER);
}

/* a periodic /proc scan (no process events): up at once, down after terminate_delay */
static void test_scan(void **state)
{
	const char *w[] = { "sleep", NULL };
	struct vg_conf_track_process t = tp(w);
	struct vg_proctrack p;

	(void)state;
	t.fork_delay_ns = VG_S(3);
	t.terminate_delay_ns = VG_S(2);
	vg_proctrack_init(&p, &t, 0);
	assert_true(vg_proctrack_set(&p, VG_S(1), 1, VG_PROC_SCAN));
	assert_true(p.up);
	assert_false(vg_proctrack_set(&p, VG_S(4), 0, VG_PROC_SCAN));
	assert_true(vg_proctrack_timer(&p, VG_S(6)));
	assert_false(p.up);
}

/* the parser: delay sets both, param_match words, full_command */
static void test_parsed_block(void **state)
{
	struct parsed p;
	const struct vg_conf_track_process *t;
	struct vg_proctrack_match m;

	(void)state;
	parse_text(&p, "vrrp_track_process hp {\n process haproxy -f /etc/h\n param_match initial\n"
		       " delay 1.5\n quorum 2\n quorum_max 4\n weight -10\n}\n");
	assert_int_equal(p.rc, 0);
	t = vg_conf_find_track_process(p.conf, "hp");
	assert_non_null(t);
	assert_int_equal(t->fork_delay_ns, VG_MS(1500));
	assert_int_equal(t->terminate_delay_ns, VG_MS(1500));
	vg_proctrack_match_init(&m, t);
	assert_true(m.full_command);
	assert_true(vg_proctrack_matches(&m, "haproxy", CMD("haproxy\0-f\0/etc/haproxy.cfg\0")));
	parsed_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_is_exact_comm),
		cmocka_unit_test(test_full_command_compares_argv0),
		cmocka_unit_test(test_parameters_exact),
		cmocka_unit_test(test_param_match_alone_means_no_parameters),
		cmocka_unit_test(test_param_match_partial),
		cmocka_unit_test(test_param_match_initial),
		cmocka_unit_test(test_quorum_range),
		cmocka_unit_test(test_quorum_max_zero),
		cmocka_unit_test(test_terminate_delay),
		cmocka_unit_test(test_restart_within_terminate_delay_never_shows),
		cmocka_unit_test(test_fork_delay_only_for_forks),
		cmocka_unit_test(test_fork_then_exit_within_fork_delay),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_parsed_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
