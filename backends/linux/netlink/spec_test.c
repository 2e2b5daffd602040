/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of spec.c: VIP option values and virtual_routes / virtual_rules
 * words, without root or sockets.
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

#define WORDS_MAX 32

struct words {
	char buf[512];
	const char *items[WORDS_MAX];
	struct vg_conf_strs strs;
};

/* Split a line on spaces, like the configuration lexer hands it over. */
static const struct vg_conf_strs *split(struct words *w, const char *line)
{
	char *save = NULL;

	memset(w, 0, sizeof(*w));
	strncpy(w->buf, line, sizeof(w->buf) - 1);
	for (char *t = strtok_r(w->buf, " ", &save); t && w->strs.count < WORDS_MAX;
	     t = strtok_r(NULL, " ", &save))
		w->items[w->strs.count++] = t;
	w->strs.items = w->items;
	w->strs.cap = w->strs.count;
	return &w->strs;
}

static struct vg_addr addr(const char *text)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(text, &a), 0);
	return a;
}

static int lookup(void *ctx, const char *name, uint32_t *id)
{
	(void)ctx;
	if (strcmp(name, "vip_table") == 0) {
		*id = 100;
		return 0;
	}
	return -1;
}

static char err[256];

static int route(const char *line, struct vgl_route_spec *s)
{
	struct words w;

	err[0] = '\0';
	return vgl_route_parse(split(&w, line), lookup, NULL, s, err, sizeof(err));
}

static int rule(const char *line, struct vgl_rule_spec *s)
{
	struct words w;

	err[0] = '\0';
	return vgl_rule_parse(split(&w, line), lookup, NULL, s, err, sizeof(err));
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

static void test_route_full(void **state)
{
	struct vgl_route_spec s;
	struct vg_addr want;

	(void)state;
	assert_int_equal(route("src 192.0.2.1 to 192.0.2.128/25 via 192.0.2.254 dev eth1 table 7 "
			       "metric 40 scope global proto static onlink no_track", &s), 0);
	assert_int_equal(s.family, VG_AF_INET);
	want = addr("192.0.2.128");
	assert_true(vg_addr_eq(&s.dst, &want));
	assert_int_equal(s.dst_len, 25);
	assert_true(s.has_src);
	want = addr("192.0.2.1");
	assert_true(vg_addr_eq(&s.src, &want));
	assert_int_equal(s.via_count, 1);
	want = addr("192.0.2.254");
	assert_true(vg_addr_eq(&s.via[0], &want));
	assert_string_equal(s.dev, "eth1");
	assert_int_equal(s.table, 7);
	assert_true(s.has_metric);
	assert_int_equal(s.metric, 40);
	assert_int_equal(s.scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(s.protocol, RTPROT_STATIC);
	assert_true(s.onlink);
	assert_true(s.no_track);
	assert_int_equal(s.type, RTN_UNICAST);
}

static void test_route_defaults(void **state)
{
	struct vgl_route_spec s;

	(void)state;
	assert_int_equal(route("192.0.2.0/26 dev eth0", &s), 0);
	assert_int_equal(s.table, RT_TABLE_MAIN);
	assert_int_equal(s.protocol, RTPROT_BOOT);
	assert_false(s.has_protocol);
	assert_int_equal(s.scope, RT_SCOPE_LINK); /* no gateway: link, like ip(8) */
	assert_false(s.has_metric);
	assert_int_equal(s.dst_len, 26);

	assert_int_equal(route("192.0.2.9 gw 192.0.2.1", &s), 0);
	assert_int_equal(s.dst_len, 32);
	assert_int_equal(s.scope, RT_SCOPE_UNIVERSE);

	assert_int_equal(route("default via 2001:db8::1 table vip_table", &s), 0);
	assert_int_equal(s.family, VG_AF_INET6);
	assert_int_equal(s.dst.family, VG_AF_INET6);
	assert_int_equal(s.dst_len, 0);
	assert_int_equal(s.table, 100);

	assert_int_equal(route("to 192.0.2.0/24 via 192.0.2.1 or 192.0.2.2 table local", &s), 0);
	assert_int_equal(s.via_count, 2);
	assert_int_equal(s.via[1].bytes[3], 2);
	assert_int_equal(s.table, RT_TABLE_LOCAL);
}

static void test_route_types(void **state)
{
	struct vgl_route_spec s;

	(void)state;
	assert_int_equal(route("blackhole 192.0.2.0/24", &s), 0);
	assert_int_equal(s.type, RTN_BLACKHOLE);
	assert_int_equal(s.scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(route("unreachable 2001:db8::/64", &s), 0);
	assert_int_equal(s.type, RTN_UNREACHABLE);
	assert_int_equal(s.family, VG_AF_INET6);
	assert_int_equal(route("prohibit 192.0.2.0/24 metric 5", &s), 0);
	assert_int_equal(s.type, RTN_PROHIBIT);
}

static void test_route_errors(void **state)
{
	struct vgl_route_spec s;

	(void)state;
	assert_int_equal(route("192.0.2.0/24 via 192.0.2.1 bogus 3", &s), -EINVAL);
	assert_non_null(strstr(err, "'bogus'"));
	assert_int_equal(route("192.0.2.0/24 dev", &s), -EINVAL);
	assert_non_null(strstr(err, "'dev'"));
	assert_int_equal(route("via 192.0.2.1", &s), -EINVAL);
	assert_non_null(strstr(err, "destination"));
	assert_int_equal(route("192.0.2.0/24 via 2001:db8::1", &s), -EINVAL);
	assert_int_equal(route("192.0.2.0/33 dev eth0", &s), -EINVAL);
	assert_int_equal(route("192.0.2.0/24 table nosuch", &s), -EINVAL);
	assert_non_null(strstr(err, "nosuch"));
	assert_int_equal(route("192.0.2.0/24 metric x", &s), -EINVAL);
	assert_int_equal(route("blackhole 192.0.2.0/24 via 192.0.2.1", &s), -EINVAL);
	assert_int_equal(route("192.0.2.0/24 or 192.0.2.1", &s), -EINVAL);
	assert_int_equal(route("192.0.2.0/24 dev eth0 onlink", &s), -EINVAL);
	assert_int_equal(route("192.0.2.0/24 192.0.2.128/25", &s), -EINVAL);
	assert_int_equal(route("192.0.2.0/24 dev an-interface-name-too-long", &s), -EINVAL);
}

static void test_rule_full(void **state)
{
	struct vgl_rule_spec s;

	(void)state;
	assert_int_equal(rule("from 192.0.2.0/25 to 192.0.2.128/25 table 100 priority 1000 "
			      "fwmark 0x10/0xf0 iif eth0 oif eth1 not no_track", &s), 0);
	assert_int_equal(s.family, VG_AF_INET);
	assert_true(s.has_from);
	assert_int_equal(s.from_len, 25);
	assert_true(s.has_to);
	assert_int_equal(s.to.bytes[3], 128);
	assert_int_equal(s.action, FR_ACT_TO_TBL);
	assert_int_equal(s.table, 100);
	assert_true(s.has_priority);
	assert_int_equal(s.priority, 1000);
	assert_true(s.has_fwmark);
	assert_int_equal(s.fwmark, 0x10);
	assert_int_equal(s.fwmask, 0xf0);
	assert_string_equal(s.iif, "eth0");
	assert_string_equal(s.oif, "eth1");
	assert_true(s.invert);
	assert_true(s.no_track);
}

static void test_rule_variants(void **state)
{
	struct vgl_rule_spec s;

	(void)state;
	assert_int_equal(rule("from all lookup vip_table preference 7", &s), 0);
	assert_false(s.has_from);
	assert_int_equal(s.family, VG_AF_INET);
	assert_int_equal(s.table, 100);
	assert_int_equal(s.priority, 7);
	assert_int_equal(rule("to 2001:db8::/64 prohibit", &s), 0);
	assert_int_equal(s.family, VG_AF_INET6);
	assert_int_equal(s.action, FR_ACT_PROHIBIT);
	assert_int_equal(rule("from 192.0.2.1 goto 3000 prio 10", &s), 0);
	assert_int_equal(s.action, FR_ACT_GOTO);
	assert_int_equal(s.goto_priority, 3000);
	assert_int_equal(rule("fwmark 7", &s), 0);
	assert_int_equal(s.fwmask, UINT32_MAX);
	assert_int_equal(s.table, RT_TABLE_MAIN);
	assert_int_equal(s.from_len, 0);
}

static void test_rule_errors(void **state)
{
	struct vgl_rule_spec s;

	(void)state;
	assert_int_equal(rule("from 192.0.2.1 table 5 frobnicate", &s), -EINVAL);
	assert_non_null(strstr(err, "'frobnicate'"));
	assert_int_equal(rule("from 192.0.2.1 to 2001:db8::1 table 5", &s), -EINVAL);
	assert_int_equal(rule("from 192.0.2.1 table 5 blackhole", &s), -EINVAL);
	assert_int_equal(rule("from 192.0.2.1 table", &s), -EINVAL);
	assert_non_null(strstr(err, "'table'"));
	assert_int_equal(rule("fwmark 1/x", &s), -EINVAL);
	assert_int_equal(rule("from 192.0.2.1 from 192.0.2.2", &s), -EINVAL);
	assert_int_equal(rule("priority -1", &s), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope),          cmocka_unit_test(test_broadcast),
		cmocka_unit_test(test_label_and_flags), cmocka_unit_test(test_route_full),
		cmocka_unit_test(test_route_defaults), cmocka_unit_test(test_route_types),
		cmocka_unit_test(test_route_errors),   cmocka_unit_test(test_rule_full),
		cmocka_unit_test(test_rule_variants),  cmocka_unit_test(test_rule_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
