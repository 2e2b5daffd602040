/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of spec.c: VIP option values and route request flags, without
 * root or sockets. The words of routes and rules are tested where they are
 * parsed now (core/conf/parse_route_test.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "spec.h"

static char err[256];

static struct vg_addr addr(const char *text)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(text, &a), 0);
	return a;
}

static void test_scope(void **state)
{
	uint8_t s = 99;

	(void)state;
	assert_int_equal(vgl_scope_parse("host", &s), 0);
	assert_int_equal(s, RT_SCOPE_HOST);
	assert_int_equal(vgl_scope_parse("link", &s), 0);
	assert_int_equal(s, RT_SCOPE_LINK);
	assert_int_equal(vgl_scope_parse("global", &s), 0);
	assert_int_equal(s, RT_SCOPE_UNIVERSE);
	assert_int_equal(vgl_scope_parse("site", &s), 0);
	assert_int_equal(s, RT_SCOPE_SITE);
	assert_int_equal(vgl_scope_parse("nowhere", &s), 0);
	assert_int_equal(s, RT_SCOPE_NOWHERE);
	assert_int_equal(vgl_scope_parse("17", &s), 0);
	assert_int_equal(s, 17);
	assert_int_equal(vgl_scope_parse("256", &s), -EINVAL);
	assert_int_equal(vgl_scope_parse("planet", &s), -EINVAL);
}

static struct vg_conf_vip vip4(const char *a, uint8_t plen)
{
	struct vg_conf_vip v;

	memset(&v, 0, sizeof(v));
	v.addr = addr(a);
	v.prefix_len = plen;
	v.prefix_set = true;
	v.preferred_lft = -2;
	return v;
}

static void test_broadcast(void **state)
{
	struct vg_conf_vip v = vip4("192.0.2.77", 24);
	struct vg_addr b;

	(void)state;
	assert_int_equal(vgl_vip_broadcast(&v, &b), 0); /* not written */
	v.brd_sign = '+';
	assert_int_equal(vgl_vip_broadcast(&v, &b), 1);
	assert_true(vg_addr_eq(&b, &(struct vg_addr){ 0 }) == false);
	{
		struct vg_addr want = addr("192.0.2.255");
		assert_true(vg_addr_eq(&b, &want));
	}
	v.brd_sign = '-';
	assert_int_equal(vgl_vip_broadcast(&v, &b), 1);
	{
		struct vg_addr want = addr("192.0.2.0");
		assert_true(vg_addr_eq(&b, &want));
	}
	v = vip4("192.0.2.77", 26);
	v.brd_sign = '+';
	assert_int_equal(vgl_vip_broadcast(&v, &b), 1);
	{
		struct vg_addr want = addr("192.0.2.127");
		assert_true(vg_addr_eq(&b, &want));
	}
	v = vip4("192.0.2.77", 32); /* /32: no broadcast, like ip(8) */
	v.brd_sign = '+';
	assert_int_equal(vgl_vip_broadcast(&v, &b), 0);
	v = vip4("192.0.2.77", 24); /* written */
	v.brd = addr("192.0.2.200");
	assert_int_equal(vgl_vip_broadcast(&v, &b), 1);
	assert_int_equal(b.bytes[3], 200);
	v = vip4("2001:db8::1", 64); /* IPv6 has no broadcast */
	v.brd_sign = '+';
	assert_int_equal(vgl_vip_broadcast(&v, &b), 0);
}

static void test_label_and_flags(void **state)
{
	struct vg_conf_vip v = vip4("2001:db8::5", 64);

	(void)state;
	assert_int_equal(vgl_vip_label_check("eth0:vip", "eth0", err, sizeof(err)), 0);
	assert_int_equal(vgl_vip_label_check("eth0", "eth0", err, sizeof(err)), 0);
	assert_int_equal(vgl_vip_label_check("eth1:vip", "eth0", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "eth0"));
	assert_int_equal(vgl_vip_label_check("eth0:0123456789ab", "eth0", err, sizeof(err)), -EINVAL);

	assert_int_equal(vgl_vip_flags(&v), 0);
	v.nodad = true;
	assert_int_equal(vgl_vip_flags(&v), IFA_F_NODAD);
	v.noprefixroute = true;
	v.home = true;
	assert_int_equal(vgl_vip_flags(&v), IFA_F_NODAD | IFA_F_NOPREFIXROUTE | IFA_F_HOMEADDRESS);
	v = vip4("192.0.2.5", 24); /* nodad is IPv6 only */
	v.nodad = true;
	assert_int_equal(vgl_vip_flags(&v), 0);
}

/* keepalived.conf(5): "add" is ip route add, "append" ip route append; prepend is the default. */
static void test_route_flags(void **state)
{
	struct vg_conf_iproute rt;
	(void)state;
	memset(&rt, 0, sizeof(rt));
	assert_int_equal(vgl_route_add_flags(&rt), NLM_F_CREATE | NLM_F_EXCL);
	rt.op = VG_ROUTE_ADD;
	assert_int_equal(vgl_route_add_flags(&rt), NLM_F_CREATE | NLM_F_EXCL);
	rt.op = VG_ROUTE_APPEND;
	assert_int_equal(vgl_route_add_flags(&rt), NLM_F_CREATE | NLM_F_APPEND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope),          cmocka_unit_test(test_broadcast),
		cmocka_unit_test(test_label_and_flags), cmocka_unit_test(test_route_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
