/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of what vigild applies from the process-wide global_defs
 * (proc_tune.c), read from the typed fields the parser range-checked: the
 * keepalived default of vrrp_rlimit_rttime (10000 us) when only
 * vrrp_rt_priority is written, the clamp and the "1 is read as 2" the
 * parser applied, and nothing at all for a file that writes none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf_loader.h"
#include "proc_tune.h"

static struct vg_conf *load(const char *text)
{
	char path[] = "/tmp/vgd_proc_tune_test_XXXXXX";
	struct vg_diags dg;
	struct vg_conf *c = NULL;
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	vg_diags_init(&dg);
	assert_int_equal(vg_conf_load(path, NULL, &c, &dg), 0);
	vg_diags_free(&dg);
	unlink(path);
	assert_non_null(c);
	return c;
}

static const char VI[] = "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 100\n"
			 " virtual_ipaddress {\n  192.0.2.10/24\n }\n}\n";

static void nothing_written_nothing_applied(void **state)
{
	struct vg_conf *c = load(VI);
	struct vgd_sched s;

	(void)state;
	vgd_sched_from_conf(c, &s);
	assert_false(s.no_swap);
	assert_false(s.set_nice);
	assert_false(s.set_rt);
	vg_conf_free(c);
}

static void rt_priority_alone_gets_rlimit_default(void **state)
{
	char text[512];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	snprintf(text, sizeof(text), "global_defs {\n vrrp_rt_priority 10\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, &s);
	assert_true(s.set_rt);
	assert_int_equal(s.rt_priority, 10);
	assert_int_equal(s.rlimit_rttime, 10000); /* keepalived.conf(5) default */
	assert_int_equal(VGD_RLIMIT_RTTIME_DEFAULT, 10000);
	assert_false(s.set_nice);
	vg_conf_free(c);
}

static void every_option_read_from_typed_fields(void **state)
{
	char text[512];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	snprintf(text, sizeof(text),
		 "global_defs {\n vrrp_priority -5\n vrrp_rt_priority 20\n vrrp_rlimit_rttime 50000\n"
		 " vrrp_no_swap\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, &s);
	assert_true(s.no_swap);
	assert_true(s.set_nice);
	assert_int_equal(s.nice, -5);
	assert_true(s.set_rt);
	assert_int_equal(s.rt_priority, 20);
	assert_int_equal(s.rlimit_rttime, 50000);
	vg_conf_free(c);
}

static void rlimit_one_is_two_and_rlimit_alone_applies_nothing(void **state)
{
	char text[512];
	struct vg_conf *c;
	struct vgd_sched s;

	(void)state;
	/* keepalived reads vrrp_rlimit_rttime 1 as 2; without vrrp_rt_priority it is not used */
	snprintf(text, sizeof(text), "global_defs {\n vrrp_rlimit_rttime 1\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, &s);
	assert_false(s.set_rt);
	vg_conf_free(c);
	snprintf(text, sizeof(text), "global_defs {\n vrrp_rt_priority 1\n vrrp_rlimit_rttime 1\n}\n%s", VI);
	c = load(text);
	vgd_sched_from_conf(c, &s);
	assert_true(s.set_rt);
	assert_int_equal(s.rt_priority, 1);
	assert_int_equal(s.rlimit_rttime, 2);
	vg_conf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing_written_nothing_applied),
		cmocka_unit_test(rt_priority_alone_gets_rlimit_default),
		cmocka_unit_test(every_option_read_from_typed_fields),
		cmocka_unit_test(rlimit_one_is_two_and_rlimit_alone_applies_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
