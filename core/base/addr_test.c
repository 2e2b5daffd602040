// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of address parsing, formatting and numeric order (the order
 * RFC 5798 6.4.3 uses for the tie-break).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/addr.h"

static void test_parse_format(void **state)
{
	struct vg_addr a;
	char buf[VG_ADDR_STRLEN];

	(void)state;
	assert_int_equal(vg_addr_parse("192.0.2.1", &a), 0);
	assert_int_equal(a.family, VG_AF_INET);
	assert_string_equal(vg_addr_format(&a, buf, sizeof(buf)), "192.0.2.1");
	assert_int_equal(vg_addr_parse("2001:db8::1", &a), 0);
	assert_int_equal(a.family, VG_AF_INET6);
	assert_string_equal(vg_addr_format(&a, buf, sizeof(buf)), "2001:db8::1");
	assert_int_equal(vg_addr_parse("192.0.2", &a), -1);
	assert_int_equal(vg_addr_parse("ens33", &a), -1);
	assert_int_equal(a.family, VG_AF_NONE);
}

static void test_numeric_order(void **state)
{
	struct vg_addr a, b;

	(void)state;
	vg_addr_parse("192.0.2.10", &a);
	vg_addr_parse("192.0.2.9", &b);
	assert_true(vg_addr_cmp(&a, &b) > 0); /* numeric, not textual */
	assert_true(vg_addr_cmp(&b, &a) < 0);
	assert_true(vg_addr_eq(&a, &a));
	vg_addr_parse("2001:db8::1", &b);
	assert_int_not_equal(vg_addr_cmp(&a, &b), 0);
}

static void test_vrrp_groups(void **state)
{
	struct vg_addr g;
	char buf[VG_ADDR_STRLEN];

	(void)state;
	g = vg_addr_vrrp_group(VG_AF_INET);
	assert_string_equal(vg_addr_format(&g, buf, sizeof(buf)), "224.0.0.18"); /* RFC 5798 5.1.1.2 */
	g = vg_addr_vrrp_group(VG_AF_INET6);
	assert_string_equal(vg_addr_format(&g, buf, sizeof(buf)), "ff02::12");   /* RFC 5798 5.1.2.2 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_numeric_order),
		cmocka_unit_test(test_vrrp_groups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
