/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: unit tests of the verdict-to-table-edit latency histogram (check_lat.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check/check_lat.h"

static void empty_is_zero(void **state)
{
	struct chk_lat h = { 0 };

	(void)state;
	assert_int_equal(chk_lat_quantile(&h, 0.5), 0);
}

static void small_values_are_exact(void **state)
{
	struct chk_lat h = { 0 };

	(void)state;
	for (int i = 0; i < 99; i++)
		chk_lat_add(&h, VG_US(3) + 200);
	chk_lat_add(&h, VG_US(9));
	assert_int_equal(h.n, 100);
	assert_int_equal(chk_lat_quantile(&h, 0.5), VG_US(4));  /* bucket [3, 4) us */
	assert_int_equal(chk_lat_quantile(&h, 0.99), VG_US(4));
	assert_int_equal(chk_lat_quantile(&h, 1.0), VG_US(9));  /* the max, not the bucket's end */
}

static void quantiles_bound_from_above(void **state)
{
	struct chk_lat h = { 0 };

	(void)state;
	/* 1..1000 us: the true p50 is 500 us, p99 990 us */
	for (int i = 1; i <= 1000; i++)
		chk_lat_add(&h, VG_US(i));
	vg_time p50 = chk_lat_quantile(&h, 0.5), p99 = chk_lat_quantile(&h, 0.99);

	assert_true(p50 >= VG_US(500) && p50 <= VG_US(500) * 9 / 8 + VG_US(1));
	assert_true(p99 >= VG_US(990) && p99 <= VG_US(1000));
	assert_int_equal(h.max_ns, VG_US(1000));
}

static void huge_values_land_in_the_last_bucket(void **state)
{
	struct chk_lat h = { 0 };

	(void)state;
	chk_lat_add(&h, VG_MS(5000000));
	assert_int_equal(h.b[CHK_LAT_BUCKETS - 1], 1);
	assert_int_equal(chk_lat_quantile(&h, 0.5), VG_MS(5000000));
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(empty_is_zero),
		cmocka_unit_test(small_values_are_exact),
		cmocka_unit_test(quantiles_bound_from_above),
		cmocka_unit_test(huge_values_land_in_the_last_bucket),
	};

	return cmocka_run_group_tests(t, NULL, NULL);
}
