// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the vrrp_script machine (keepalived.conf(5) vrrp_script:
 * interval, timeout, rise, fall, init_fail), times in literal ns.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/script.h"

#define T0 VG_S(100)

/* Each call's records, alone: the list is emptied before the call. */
static struct vg_action buf[VG_SCRIPT_EFFECTS_MAX];

static struct vg_actions *fresh(struct vg_actions *l)
{
	vg_actions_init(l, buf, VG_SCRIPT_EFFECTS_MAX);
	return l;
}

static const struct vg_script_config CFG = { .id = 7, .interval_ns = VG_S(2), .timeout_ns = VG_S(1), .rise = 2,
					     .fall = 3 };

/* interval: a run at once, then every 2 s after the previous start */
static void test_runs_every_interval(void **state)
{
	struct vg_script s;
	struct vg_actions e;

	(void)state;
	vg_script_init(&s, &CFG, T0);
	assert_true(s.up);
	assert_int_equal(vg_script_next_deadline(&s), T0);
	assert_int_equal(vg_script_timer(&s, T0, fresh(&e)), 1);
	assert_int_equal(e.v[0].kind, VG_ACT_SCRIPT_RUN);
	assert_int_equal(e.v[0].script, 7);
	assert_int_equal(vg_script_next_deadline(&s), T0 + VG_S(1)); /* its timeout */
	assert_int_equal(vg_script_result(&s, T0 + VG_MS(50), true, fresh(&e)), 0);
	assert_int_equal(vg_script_next_deadline(&s), T0 + VG_S(2));
	assert_int_equal(vg_script_timer(&s, T0 + VG_S(2) - 1, fresh(&e)), 0);
	assert_int_equal(vg_script_timer(&s, T0 + VG_S(2), fresh(&e)), 1);
	assert_int_equal(e.v[0].kind, VG_ACT_SCRIPT_RUN);
}

static vg_time run(struct vg_script *s, vg_time t, bool ok, struct vg_actions *e, int *changes)
{
	vg_script_timer(s, t, fresh(e));
	*changes = vg_script_result(s, t + VG_MS(10), ok, fresh(e));
	return t + VG_S(2);
}

/* fall 3: down after the third failure in a row; rise 2: up after two successes */
static void test_rise_and_fall(void **state)
{
	struct vg_script s;
	struct vg_actions e;
	vg_time t = T0;
	int c;

	(void)state;
	vg_script_init(&s, &CFG, T0);
	t = run(&s, t, false, &e, &c);
	assert_int_equal(c, 0);
	t = run(&s, t, false, &e, &c);
	assert_int_equal(c, 0);
	t = run(&s, t, true, &e, &c); /* a success resets the failure streak */
	t = run(&s, t, false, &e, &c);
	t = run(&s, t, false, &e, &c);
	assert_true(s.up);
	t = run(&s, t, false, &e, &c);
	assert_int_equal(c, 1);
	assert_int_equal(e.v[0].kind, VG_ACT_SCRIPT_CHANGED);
	assert_false(e.v[0].u.script.up);
	assert_false(s.up);
	t = run(&s, t, true, &e, &c);
	assert_int_equal(c, 0);
	run(&s, t, true, &e, &c);
	assert_int_equal(c, 1);
	assert_true(e.v[0].u.script.up);
}

/* timeout: a hung run is killed and counts as a failure */
static void test_timeout_kills_and_fails(void **state)
{
	static const struct vg_script_config one = { .id = 1, .interval_ns = VG_S(2), .timeout_ns = VG_S(1),
						     .rise = 1, .fall = 1 };
	struct vg_script s;
	struct vg_actions e;

	(void)state;
	vg_script_init(&s, &one, T0);
	vg_script_timer(&s, T0, fresh(&e));
	assert_int_equal(vg_script_timer(&s, T0 + VG_S(1) - 1, fresh(&e)), 0);
	assert_int_equal(vg_script_timer(&s, T0 + VG_S(1), fresh(&e)), 2);
	assert_int_equal(e.v[0].kind, VG_ACT_SCRIPT_KILL);
	assert_int_equal(e.v[1].kind, VG_ACT_SCRIPT_CHANGED);
	assert_false(e.v[1].u.script.up);
	/* a late result of the killed run is ignored */
	assert_int_equal(vg_script_result(&s, T0 + VG_S(1) + 5, true, fresh(&e)), 0);
	assert_false(s.up);
	assert_int_equal(vg_script_next_deadline(&s), T0 + VG_S(2));
}

/* init_fail: starts down and needs `rise` successes */
static void test_init_fail(void **state)
{
	static const struct vg_script_config c = { .id = 2, .interval_ns = VG_S(1), .timeout_ns = VG_S(1),
						   .rise = 1, .fall = 1, .init_fail = true };
	struct vg_script s;
	struct vg_actions e;

	(void)state;
	vg_script_init(&s, &c, T0);
	assert_false(s.up);
	vg_script_timer(&s, T0, fresh(&e));
	assert_int_equal(vg_script_result(&s, T0 + 1, true, fresh(&e)), 1);
	assert_true(e.v[0].u.script.up);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_every_interval),
		cmocka_unit_test(test_rise_and_fall),
		cmocka_unit_test(test_timeout_kills_and_fails),
		cmocka_unit_test(test_init_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
