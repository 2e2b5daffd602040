// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of command preparation: the shell rule, the split, the
 * keepalived path security rule on real files in a temporary directory,
 * PATH search, executable checks.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd.h"
#include "testutil.h"

static char tmp[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/vgl-cmd-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}


static void make_file(const char *path, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_shell_rule(void **state)
{
	(void)state;
	/* plain words and quotes: the split says the same as sh */
	assert_false(vgl_cmd_needs_shell("/usr/bin/check"));
	assert_false(vgl_cmd_needs_shell("/usr/bin/check -x 1 --name=a"));
	assert_false(vgl_cmd_needs_shell("/usr/bin/check 'a b' \"c d\""));
	assert_false(vgl_cmd_needs_shell("/usr/bin/check 'a|b' '$HOME' '*'"));
	/* sh would read these differently */
	assert_true(vgl_cmd_needs_shell("pidof haproxy || exit 1"));
	assert_true(vgl_cmd_needs_shell("/bin/check > /tmp/out"));
	assert_true(vgl_cmd_needs_shell("</dev/tcp/127.0.0.1/80"));
	assert_true(vgl_cmd_needs_shell("/bin/check $HOME"));
	assert_true(vgl_cmd_needs_shell("/bin/check \"$HOME\""));
	assert_true(vgl_cmd_needs_shell("/bin/check `id -u`"));
	assert_true(vgl_cmd_needs_shell("/bin/check *.conf"));
	assert_true(vgl_cmd_needs_shell("/bin/check ~/x"));
	assert_true(vgl_cmd_needs_shell("/bin/check a\\ b"));
	assert_true(vgl_cmd_needs_shell("/bin/a; /bin/b"));
	assert_true(vgl_cmd_needs_shell("/bin/a & /bin/b"));
	assert_true(vgl_cmd_needs_shell("(cd /; ls)"));
	assert_true(vgl_cmd_needs_shell("LANG=C /bin/check"));
	assert_true(vgl_cmd_needs_shell("! /bin/check"));
}

static void test_split(void **state)
{
	size_t n = 0;
	char **argv = vgl_cmd_split("  /bin/x a 'b c' \"d 'e'\" f\"g h\"i ", &n);

	(void)state;
	assert_non_null(argv);
	assert_int_equal(n, 5);
	assert_string_equal(argv[0], "/bin/x");
	assert_string_equal(argv[1], "a");
	assert_string_equal(argv[2], "b c");
	assert_string_equal(argv[3], "d 'e'");
	assert_string_equal(argv[4], "fg hi");
	assert_null(argv[5]);
	vgl_cmd_argv_free(argv);
	argv = vgl_cmd_split("", &n);
	assert_int_equal(n, 0);
	vgl_cmd_argv_free(argv);
}

/* The rule on real files; the "safe" cases need files owned by root. */
static void test_path_check(void **state)
{
	char p[256], why[512];

	(void)state;
	snprintf(p, sizeof(p), "%s/missing", tmp);
	/* the walk goes from "/" down: an unsafe directory above is reported first */
	assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), dirs_safe(tmp) ? -1 : 1);
	assert_int_equal(vgl_cmd_path_check("relative/x", why, sizeof(why)), -1);

	snprintf(p, sizeof(p), "%s/world", tmp);
	make_file(p, 0757);
	assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), 1);
	if (dirs_safe(tmp))
		assert_non_null(strstr(why, "writable"));

	snprintf(p, sizeof(p), "%s/open", tmp);
	assert_int_equal(mkdir(p, 0777), 0);
	assert_int_equal(chmod(p, 0777), 0);
	snprintf(p, sizeof(p), "%s/open/s.sh", tmp);
	make_file(p, 0755);
	assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), 1);
	if (dirs_safe(tmp))
		assert_non_null(strstr(why, "/open'"));

	if (geteuid() != 0) {
		/* every file we make is owned by us, not root: unsafe */
		snprintf(p, sizeof(p), "%s/mine", tmp);
		make_file(p, 0755);
		assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), 1);
		return;
	}
	if (!dirs_safe(tmp))
		skip(); /* /tmp itself is not safe on this machine */
	snprintf(p, sizeof(p), "%s/safe", tmp);
	make_file(p, 0755);
	assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), 0);

	/* group-writable with group root is fine; with another group it is not */
	assert_int_equal(chmod(p, 0775), 0);
	assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), 0);
	assert_int_equal(chown(p, 0, 65534), 0);
	assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), 1);
	assert_int_equal(chown(p, 65534, 0), 0);
	assert_int_equal(chmod(p, 0755), 0);
	assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "owned by uid 65534"));

	/* a sticky world-writable directory (like /tmp) is fine */
	snprintf(p, sizeof(p), "%s/sticky", tmp);
	assert_int_equal(mkdir(p, 0777), 0);
	assert_int_equal(chmod(p, 01777), 0);
	snprintf(p, sizeof(p), "%s/sticky/s.sh", tmp);
	make_file(p, 0755);
	assert_int_equal(vgl_cmd_path_check(p, why, sizeof(why)), 0);
}

static char logbuf[4096];

static void on_log(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	(void)prio;
	strncat(logbuf, msg, sizeof(logbuf) - strlen(logbuf) - 2);
	strcat(logbuf, "\n");
}

static void test_prepare(void **state)
{
	struct vgl_runner_cb cb = { NULL, NULL, on_log };
	struct vg_conf_global g;
	struct vgl_cmd_env env;
	struct vgl_cmd c;
	char p[256], line[300];

	(void)state;
	memset(&g, 0, sizeof(g));
	logbuf[0] = '\0';
	vgl_cmd_env_init(&env, &g, &cb);

	/* a bare name is looked up in PATH */
	assert_int_equal(vgl_cmd_prepare(&c, &env, "t", "true", NULL, 0, NULL, NULL), 0);
	assert_true(c.enabled);
	assert_false(c.shell);
	assert_non_null(strstr(c.path, "/true"));
	vgl_cmd_free(&c);

	/* a shell line runs /bin/sh; its arguments go after it as "$@" */
	assert_int_equal(vgl_cmd_prepare(&c, &env, "t", "true && true", NULL, 0, NULL, NULL), 0);
	assert_true(c.enabled);
	assert_true(c.shell);
	assert_string_equal(c.path, VGL_SHELL);
	assert_string_equal(c.shell_line_args, "true && true \"$@\"");
	vgl_cmd_free(&c);

	/* not found, not executable, unknown user: disabled with a log line */
	assert_int_equal(vgl_cmd_prepare(&c, &env, "t", "no-such-program-vgl", NULL, 0, NULL, NULL), 0);
	assert_false(c.enabled);
	assert_non_null(strstr(logbuf, "cannot find 'no-such-program-vgl'"));
	vgl_cmd_free(&c);

	snprintf(p, sizeof(p), "%s/noexec", tmp);
	make_file(p, 0644);
	snprintf(line, sizeof(line), "%s arg", p);
	assert_int_equal(vgl_cmd_prepare(&c, &env, "t", line, NULL, 0, NULL, NULL), 0);
	assert_false(c.enabled);
	assert_non_null(strstr(logbuf, "not executable"));
	vgl_cmd_free(&c);

	assert_int_equal(vgl_cmd_prepare(&c, &env, "t", "true", NULL, 0, "no-such-user-vgl", NULL), 0);
	assert_false(c.enabled);
	assert_non_null(strstr(logbuf, "'no-such-user-vgl' does not exist"));
	vgl_cmd_free(&c);
	vgl_cmd_env_free(&env);
}

/* script_user that does not exist: scripts without their own user are disabled. */
static void test_unknown_script_user(void **state)
{
	struct vgl_runner_cb cb = { NULL, NULL, on_log };
	struct vg_conf_global g;
	struct vgl_cmd_env env;
	struct vgl_cmd c;

	(void)state;
	memset(&g, 0, sizeof(g));
	g.script_user = "no-such-user-vgl";
	logbuf[0] = '\0';
	vgl_cmd_env_init(&env, &g, &cb);
	assert_false(env.default_ok);
	assert_int_equal(vgl_cmd_prepare(&c, &env, "t", "true", NULL, 0, NULL, NULL), 0);
	assert_false(c.enabled);
	vgl_cmd_free(&c);
	/* one with its own user still runs */
	assert_int_equal(vgl_cmd_prepare(&c, &env, "t", "true", NULL, 0, "root", NULL), 0);
	assert_true(c.enabled);
	vgl_cmd_free(&c);
	vgl_cmd_env_free(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shell_rule),
		cmocka_unit_test(test_split),
		cmocka_unit_test_setup_teardown(test_path_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepare, setup, teardown),
		cmocka_unit_test(test_unknown_script_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
