/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the automatic real-time priority (core/node/auto_prio.c),
 * keepalived.conf(5) max_auto_priority / min_auto_priority_delay: off by
 * default, SCHED_RR 1 at the first timer run more than the delay late,
 * then one more per late timer up to the maximum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "node/auto_prio.h"

static void off_by_default(void **state)
{
	struct vg_auto_prio a;

	(void)state;
	vg_auto_prio_init(&a, 0, 0, 0);
	assert_int_equal(vg_auto_prio_late(&a, VG_S(5)), 0);
	vg_auto_prio_init(&a, -1, 0, 0); /* -1: off, without keepalived's notice */
	assert_int_equal(vg_auto_prio_late(&a, VG_S(5)), 0);
}

static void steps_up_to_the_maximum(void **state)
{
	struct vg_auto_prio a;

	(void)state;
	vg_auto_prio_init(&a, 3, 0, 0);
	/* the default delay, 1 s: exactly 1 s late is not late enough */
	assert_int_equal(vg_auto_prio_late(&a, VG_S(1)), 0);
	assert_int_equal(vg_auto_prio_late(&a, VG_S(1) + 1), 1);
	assert_int_equal(vg_auto_prio_late(&a, VG_S(2)), 2);
	assert_int_equal(vg_auto_prio_late(&a, VG_S(2)), 3);
	assert_int_equal(vg_auto_prio_late(&a, VG_S(2)), 0); /* at max_auto_priority */
	assert_int_equal(a.cur, 3);
}

static void delay_and_start(void **state)
{
	struct vg_auto_prio a;

	(void)state;
	vg_auto_prio_init(&a, 99, 1000, 10); /* 1 ms; vrrp_rt_priority 10 */
	assert_int_equal(vg_auto_prio_late(&a, VG_US(1000)), 0);
	assert_int_equal(vg_auto_prio_late(&a, VG_US(1001)), 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(off_by_default),
		cmocka_unit_test(steps_up_to_the_maximum),
		cmocka_unit_test(delay_and_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
