/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: log_unknown_vrids' rate limit (vrrp_unknown_log.h): off without the
 * keyword; with it the first advert of a VRID is logged, the next ones of
 * that VRID within a second are left out and counted, another VRID has
 * its own limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vrrp_unknown_log.h"

static void off_without_the_keyword(void **state)
{
	struct vgd_unknown_vrids u;
	uint32_t n;

	(void)state;
	memset(&u, 0, sizeof(u));
	assert_false(vgd_unknown_vrid_due(&u, 7, VG_S(5), &n));
	assert_int_equal(n, 0);
}

static void once_a_second_per_vrid(void **state)
{
	struct vgd_unknown_vrids u;
	uint32_t n;

	(void)state;
	memset(&u, 0, sizeof(u));
	u.on = true;
	assert_true(vgd_unknown_vrid_due(&u, 7, VG_S(5), &n));
	assert_int_equal(n, 0);
	assert_false(vgd_unknown_vrid_due(&u, 7, VG_S(5) + VG_MS(10), &n));
	assert_false(vgd_unknown_vrid_due(&u, 7, VG_S(5) + VG_MS(999), &n));
	assert_true(vgd_unknown_vrid_due(&u, 8, VG_S(5) + VG_MS(999), &n)); /* its own limit */
	assert_int_equal(n, 0);
	assert_true(vgd_unknown_vrid_due(&u, 7, VG_S(6), &n));
	assert_int_equal(n, 2); /* the two left out */
	assert_true(vgd_unknown_vrid_due(&u, 7, VG_S(8), &n));
	assert_int_equal(n, 0);
	/* at time 0 (a clock that starts there) the next one still waits a second */
	memset(&u, 0, sizeof(u));
	u.on = true;
	assert_true(vgd_unknown_vrid_due(&u, 1, 0, &n));
	assert_false(vgd_unknown_vrid_due(&u, 1, VG_MS(500), &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(off_without_the_keyword),
		cmocka_unit_test(once_a_second_per_vrid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
