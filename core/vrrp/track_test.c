// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of tracked-object weights (keepalived.conf(5): track_script,
 * track_interface, track_file weight / reverse) and the 1..254 clamp.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/track.h"

static void test_negative_weight_applies_when_down(void **state)
{
	struct vg_track_ref r = { .kind = VG_TRACK_SCRIPT, .id = 4, .weight = -20 };
	struct vg_track_set s;
	struct vg_track_eval e;

	(void)state;
	vg_track_set_init(&s, &r, 1);
	e = vg_track_set_eval(&s);
	assert_int_equal(e.delta, 0);
	assert_false(e.fault);
	assert_true(vg_track_set_update(&s, VG_TRACK_SCRIPT, 4, false, 0));
	e = vg_track_set_eval(&s);
	assert_int_equal(e.delta, -20);
	/* an update for an object this set does not track is ignored */
	assert_false(vg_track_set_update(&s, VG_TRACK_SCRIPT, 5, true, 0));
	assert_false(vg_track_set_update(&s, VG_TRACK_FILE, 4, true, 0));
	assert_int_equal(vg_track_set_eval(&s).delta, -20);
}

static void test_positive_weight_applies_when_up(void **state)
{
	struct vg_track_ref r[2] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 10 },
		{ .kind = VG_TRACK_IFACE, .id = 3, .weight = 5, .reverse = true },
	};
	struct vg_track_set s;

	(void)state;
	vg_track_set_init(&s, r, 2);
	assert_int_equal(vg_track_set_eval(&s).delta, 10); /* reverse: interface up counts as down */
	vg_track_set_update(&s, VG_TRACK_SCRIPT, 1, false, 0);
	vg_track_set_update(&s, VG_TRACK_IFACE, 3, false, 0);
	assert_int_equal(vg_track_set_eval(&s).delta, 5);
}

static void test_weight_zero_means_fault(void **state)
{
	struct vg_track_ref r = { .kind = VG_TRACK_IFACE, .id = 2, .weight = 0 };
	struct vg_track_set s;

	(void)state;
	vg_track_set_init(&s, &r, 1);
	assert_false(vg_track_set_eval(&s).fault);
	vg_track_set_update(&s, VG_TRACK_IFACE, 2, false, 0);
	assert_true(vg_track_set_eval(&s).fault);
	vg_track_set_update(&s, VG_TRACK_IFACE, 2, true, 0);
	assert_false(vg_track_set_eval(&s).fault);
}

static void test_init_down(void **state)
{
	struct vg_track_ref r = { .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 0, .init_down = true };
	struct vg_track_set s;

	(void)state;
	vg_track_set_init(&s, &r, 1);
	assert_true(vg_track_set_eval(&s).fault);
}

/* keepalived: a vrrp_script disabled by enable_script_security is removed from tracking */
static void test_remove(void **state)
{
	struct vg_track_ref r[3] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 0, .init_down = true },  /* init_fail */
		{ .kind = VG_TRACK_SCRIPT, .id = 2, .weight = -30, .init_down = true },
		{ .kind = VG_TRACK_SCRIPT, .id = 3, .weight = 10 },
	};
	struct vg_track_set s;
	struct vg_track_eval e;

	(void)state;
	vg_track_set_init(&s, r, 3);
	e = vg_track_set_eval(&s);
	assert_true(e.fault);
	assert_int_equal(e.delta, -30 + 10);
	assert_true(vg_track_set_remove(&s, VG_TRACK_SCRIPT, 1));
	assert_true(vg_track_set_remove(&s, VG_TRACK_SCRIPT, 2));
	assert_false(vg_track_set_remove(&s, VG_TRACK_SCRIPT, 9)); /* not tracked here */
	e = vg_track_set_eval(&s);
	assert_false(e.fault);
	assert_int_equal(e.delta, 10);
	/* a removed object no longer counts, whatever is reported for it */
	assert_false(vg_track_set_update(&s, VG_TRACK_SCRIPT, 1, false, 0));
	assert_false(vg_track_set_eval(&s).fault);
	assert_true(vg_track_set_update(&s, VG_TRACK_SCRIPT, 3, false, 0));
	assert_int_equal(vg_track_set_eval(&s).delta, 0);
}

/* keepalived track_file: value * weight; weight 0 and non-zero value, or <= -254, means Fault */
static void test_track_file_values(void **state)
{
	struct vg_track_ref r[2] = {
		{ .kind = VG_TRACK_FILE, .id = 1, .weight = 2 },
		{ .kind = VG_TRACK_FILE, .id = 2, .weight = 0 },
	};
	struct vg_track_set s;
	struct vg_track_eval e;

	(void)state;
	vg_track_set_init(&s, r, 2);
	vg_track_set_update(&s, VG_TRACK_FILE, 1, true, -15);
	e = vg_track_set_eval(&s);
	assert_int_equal(e.delta, -30);
	assert_false(e.fault);
	vg_track_set_update(&s, VG_TRACK_FILE, 1, true, -127);
	assert_true(vg_track_set_eval(&s).fault);
	vg_track_set_update(&s, VG_TRACK_FILE, 1, true, 0);
	vg_track_set_update(&s, VG_TRACK_FILE, 2, true, 1);
	assert_true(vg_track_set_eval(&s).fault);
}

/* effective priority is clamped to 1..254; the owner keeps 255 */
static void test_priority_clamp(void **state)
{
	(void)state;
	assert_int_equal(vg_track_priority(100, -20), 80);
	assert_int_equal(vg_track_priority(100, -200), 1);
	assert_int_equal(vg_track_priority(200, 100), 254);
	assert_int_equal(vg_track_priority(255, -100), 255);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negative_weight_applies_when_down),
		cmocka_unit_test(test_positive_weight_applies_when_up),
		cmocka_unit_test(test_weight_zero_means_fault),
		cmocka_unit_test(test_init_down),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_track_file_values),
		cmocka_unit_test(test_priority_clamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
