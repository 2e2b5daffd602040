/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vigild's command line: keepalived's flags with keepalived's meanings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>

#include "options.h"

static int parse(struct vgd_opts *o, char *err, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	argv[argc++] = (char *)"vigild";
	va_start(ap, err);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	return vgd_opts_parse(argc, argv, o, err, 256);
}

static void defaults_are_keepalived_paths(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, NULL), 0);
	assert_int_equal(o.mode, VGD_RUN);
	assert_string_equal(o.conf, "/etc/keepalived/keepalived.conf");
	assert_string_equal(o.pid_file, "/run/keepalived.pid");
	assert_string_equal(o.vrrp_pid_file, "/run/keepalived_vrrp.pid");
	assert_string_equal(o.checkers_pid_file, "/run/keepalived_checkers.pid");
	assert_int_equal(o.log_facility, LOG_DAEMON);
	assert_false(o.dont_fork);
}

static void short_flags(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "-f", "/tmp/k.conf", "-n", "-l", "-D", "-S", "3", "-g", "/tmp/log", "-P",
			       "-p", "/tmp/a.pid", "-r", "/tmp/b.pid", "-c", "/tmp/c.pid", NULL), 0);
	assert_string_equal(o.conf, "/tmp/k.conf");
	assert_true(o.dont_fork && o.log_console && o.log_detail && o.vrrp_only);
	assert_int_equal(o.log_facility, LOG_LOCAL3);
	assert_string_equal(o.log_file, "/tmp/log");
	assert_string_equal(o.pid_file, "/tmp/a.pid");
	assert_string_equal(o.vrrp_pid_file, "/tmp/b.pid");
	assert_string_equal(o.checkers_pid_file, "/tmp/c.pid");
}

static void long_flags(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "--use-file=/x.conf", "--dont-fork", "--log-console", "--log-detail",
			       "--log-facility=local7", "--log-file=/l", "--check", "--pid=/p", "--vrrp_pid=/v",
			       "--checkers_pid=/c", NULL), 0);
	assert_string_equal(o.conf, "/x.conf");
	assert_true(o.dont_fork && o.log_console && o.log_detail && o.check_only);
	assert_int_equal(o.log_facility, LOG_LOCAL7);
	assert_string_equal(o.pid_file, "/p");
	assert_string_equal(o.vrrp_pid_file, "/v");
	assert_string_equal(o.checkers_pid_file, "/c");
}

static void modes(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "-t", NULL), 0);
	assert_int_equal(o.mode, VGD_CONFIG_TEST);
	assert_null(o.config_test_log);
	assert_int_equal(parse(&o, err, "--config-test=/tmp/t.log", "-f", "a.conf", NULL), 0);
	assert_int_equal(o.mode, VGD_CONFIG_TEST);
	assert_string_equal(o.config_test_log, "/tmp/t.log");
	assert_int_equal(parse(&o, err, "-v", NULL), 0);
	assert_int_equal(o.mode, VGD_VERSION);
	assert_int_equal(parse(&o, err, "--help", NULL), 0);
	assert_int_equal(o.mode, VGD_HELP);
	assert_int_equal(parse(&o, err, "--cleanup", "-f", "a.conf", NULL), 0);
	assert_int_equal(o.mode, VGD_CLEANUP);
	assert_int_equal(parse(&o, err, "--signum=RELOAD", NULL), 0);
	assert_int_equal(o.mode, VGD_SIGNUM);
	assert_string_equal(o.signum, "RELOAD");
}

static void compatibility_flags_are_accepted(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	/* what a Debian /etc/default/keepalived may carry */
	assert_int_equal(parse(&o, err, "-x", "-B", "-R", "-m", "-I", "--all", "-b", "/run/bfd.pid", NULL), 0);
	assert_int_equal(o.mode, VGD_RUN);
	assert_int_equal(o.ignored, 6); /* -I now keeps the IPVS table on stop */
	assert_true(o.dont_release_ipvs);
	assert_non_null(strstr(o.ignored_names, "--snmp"));
}

static void ipvs_diff_is_a_mode(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "--ipvs-diff", "-f", "/tmp/k.conf", NULL), 0);
	assert_int_equal(o.mode, VGD_IPVS_DIFF);
	assert_string_equal(o.conf, "/tmp/k.conf");
}

/* --metrics: off by default; ADDR:PORT or [IPV6]:PORT, a bad one refused with the reason */
static void metrics_address(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, NULL), 0);
	assert_null(o.metrics_addr);
	assert_int_equal(parse(&o, err, "--metrics=192.0.2.1:9650", NULL), 0);
	assert_string_equal(o.metrics_addr, "192.0.2.1:9650");
	assert_int_equal(o.mode, VGD_RUN);
	assert_int_equal(parse(&o, err, "--metrics", "[2001:db8::1]:9650", NULL), 0);
	assert_string_equal(o.metrics_addr, "[2001:db8::1]:9650");
	assert_int_equal(parse(&o, err, "--metrics=2001:db8::1:9650", NULL), -1);
	assert_non_null(strstr(err, "--metrics"));
	assert_non_null(strstr(err, "[ADDR]:PORT"));
	assert_int_equal(parse(&o, err, "--metrics=192.0.2.1:99999", NULL), -1);
	assert_non_null(strstr(err, "port"));
}

/* --check-close: fin (keepalived's graceful close) by default, reset on request, nothing else */
static void check_close(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, NULL), 0);
	assert_false(o.check_close_reset);
	assert_int_equal(parse(&o, err, "--check-close=reset", NULL), 0);
	assert_true(o.check_close_reset);
	assert_int_equal(parse(&o, err, "--check-close", "fin", NULL), 0);
	assert_false(o.check_close_reset);
	assert_int_equal(parse(&o, err, "--check-close=rst", NULL), -1);
	assert_non_null(strstr(err, "--check-close"));
}

/* --check-tcp: connect (keepalived's TCP_CHECK) by default, syn (half-open) on request, nothing else */
static void check_tcp(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, NULL), 0);
	assert_false(o.check_tcp_syn);
	assert_int_equal(parse(&o, err, "--check-tcp=syn", NULL), 0);
	assert_true(o.check_tcp_syn);
	assert_int_equal(parse(&o, err, "--check-tcp", "connect", NULL), 0);
	assert_false(o.check_tcp_syn);
	assert_int_equal(parse(&o, err, "--check-tcp=half", NULL), -1);
	assert_non_null(strstr(err, "--check-tcp"));
}

static void bad_flags_are_refused(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, "-Z", NULL), -1);
	assert_non_null(strstr(err, "-Z"));
	assert_int_equal(parse(&o, err, "--no-such-flag", NULL), -1);
	assert_non_null(strstr(err, "--no-such-flag"));
	assert_int_equal(parse(&o, err, "-S", "9", NULL), -1);
	assert_non_null(strstr(err, "facility"));
	assert_int_equal(parse(&o, err, "-P", "-C", NULL), -1);
	assert_int_equal(parse(&o, err, "stray", NULL), -1);
	assert_non_null(strstr(err, "stray"));
	assert_int_equal(parse(&o, err, "-f", NULL), -1);
}

/* --control: the control socket of `vigil status` (docs/operations.md); root-only default path */
static void control_socket_path(void **state)
{
	struct vgd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, NULL), 0);
	assert_string_equal(o.control_path, "/run/vigild.ctl");
	assert_int_equal(parse(&o, err, "--control=/run/x/ctl", NULL), 0);
	assert_string_equal(o.control_path, "/run/x/ctl");
	assert_int_equal(parse(&o, err, "--control", "none", NULL), 0);
	assert_null(o.control_path);
	assert_int_equal(parse(&o, err, "--control=", NULL), -1);
	assert_string_equal(err, "--control needs a path (or 'none')");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_keepalived_paths),
		cmocka_unit_test(short_flags),
		cmocka_unit_test(long_flags),
		cmocka_unit_test(modes),
		cmocka_unit_test(compatibility_flags_are_accepted),
		cmocka_unit_test(bad_flags_are_refused),
		cmocka_unit_test(ipvs_diff_is_a_mode),
		cmocka_unit_test(metrics_address),
		cmocka_unit_test(check_close),
		cmocka_unit_test(check_tcp),
		cmocka_unit_test(control_socket_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
