/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of reload_time_file's line (core/node/reload_time.c): the
 * three formats of keepalived.conf(5), each with an optional Z, nothing
 * else (no leading or trailing space, one space between date and time),
 * and when the file is removed after the reload (keepalived 2.2.7:
 * unless reload_repeat with a time alone).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "node/reload_time.h"

static void formats(void **state)
{
	struct vg_reload_time t;

	(void)state;
	assert_int_equal(vg_reload_time_parse("14:05:30", &t), 0);
	assert_false(t.has_date);
	assert_false(t.utc);
	assert_int_equal(t.hour, 14);
	assert_int_equal(t.min, 5);
	assert_int_equal(t.sec, 30);
	assert_int_equal(vg_reload_time_parse("14:05:30Z", &t), 0);
	assert_true(t.utc);
	assert_int_equal(vg_reload_time_parse("26-12-07 01:02:03", &t), 0);
	assert_true(t.has_date);
	assert_int_equal(t.year, 2026);
	assert_int_equal(t.mon, 12);
	assert_int_equal(t.mday, 7);
	assert_int_equal(t.hour, 1);
	assert_int_equal(vg_reload_time_parse("2026-12-07 01:02:03Z", &t), 0);
	assert_true(t.has_date && t.utc);
	assert_int_equal(t.year, 2026);
	assert_int_equal(t.sec, 3);
}

static void refused(void **state)
{
	static const char *bad[] = { "", "14:05", " 14:05:30", "14:05:30 ", "14:5:30", "24:00:00", "12:60:00",
				     "2026-12-07  01:02:03", "2026-12-07T01:02:03", "2026-13-07 01:02:03",
				     "2026-12-00 01:02:03", "26-12-07 1:02:03", "14:05:30ZZ", "z14:05:30", "ab:cd:ef",
				     "2026/12/07 01:02:03" };
	struct vg_reload_time t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (vg_reload_time_parse(bad[i], &t) != -1)
			fail_msg("accepted '%s'", bad[i]);
	}
}

static void unlink_rule(void **state)
{
	struct vg_reload_time t;

	(void)state;
	vg_reload_time_parse("14:05:30", &t);
	assert_true(vg_reload_time_unlink(false, &t));
	assert_false(vg_reload_time_unlink(true, &t)); /* every day at that time */
	vg_reload_time_parse("2026-12-07 14:05:30", &t);
	assert_true(vg_reload_time_unlink(true, &t)); /* a date is once */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats),
		cmocka_unit_test(refused),
		cmocka_unit_test(unlink_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
