// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the nftables commands of the no_accept drop. The layout is
 * keepalived 2.2.7's as `nft list ruleset` showed it in a network namespace
 * (nftrules.h); tests/netns/test_nftables.py checks it on a live kernel.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>

#include <cmocka.h>

#include "vrrp/nftrules.h"

static struct vg_addr A(const char *t)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(t, &a), 0);
	return a;
}

/* RFC 5798 6.4.3 (no_accept); which set each VIP goes into */
static void test_set_of(void **state)
{
	struct vg_nft_opts own = { 0 }, ka = { "keepalived", -1, false, false }, kai = { "keepalived", -1, false, true };
	struct vg_addr v4 = A("192.0.2.100"), v6 = A("2001:db8::100"), ll = A("fe80::100");

	(void)state;
	assert_int_equal(vg_nft_set_of(&own, &v4, false), VG_NFT_VIPS4);
	assert_int_equal(vg_nft_set_of(&own, &ll, true), VG_NFT_VIPS6);
	assert_int_equal(vg_nft_set_of(&ka, &v6, true), VG_NFT_VIPS6);
	/* keepalived 2.2.7: by name only with dont_track_primary and no nftables_ifindex */
	assert_int_equal(vg_nft_set_of(&ka, &ll, false), VG_NFT_LL_INDEX);
	assert_int_equal(vg_nft_set_of(&ka, &ll, true), VG_NFT_LL_NAME);
	assert_int_equal(vg_nft_set_of(&kai, &ll, true), VG_NFT_LL_INDEX);
}

/* Without `nftables`: vigild's own table, as before. */
static void test_own_layout(void **state)
{
	struct vg_nft_opts o = { 0 };
	struct vg_addr v6 = A("2001:db8::1");
	uint32_t made = 0;
	char buf[2048];

	(void)state;
	assert_true(vg_nft_prepare(&o, VG_NFT_VIPS4, &made, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "add table inet vigild\n"));
	assert_non_null(strstr(buf, "hook input priority -10;"));
	assert_null(strstr(buf, "counter"));
	assert_int_equal(vg_nft_prepare(&o, VG_NFT_VIPS6, &made, buf, sizeof(buf)), 0); /* made once */
	assert_true(vg_nft_element(&o, VG_NFT_VIPS6, true, &v6, 0, NULL, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "add element inet vigild vips6 { 2001:db8::1 }\n");
	assert_true(vg_nft_teardown(&o, &made, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "add table inet vigild\ndelete table inet vigild\n");
}

/* keepalived 2.2.7 `nftables mytab`, `nftables_priority 7`, `nftables_counters`: ip and ip6 tables made on demand */
static void test_keepalived_layout(void **state)
{
	struct vg_nft_opts o = { "mytab", 7, true, false };
	struct vg_addr v4 = A("192.0.2.100"), ll = A("fe80::100");
	uint32_t made = 0, none = 0;
	char buf[4096];

	(void)state;
	assert_true(vg_nft_prepare(&o, VG_NFT_VIPS4, &made, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "add table ip mytab\ndelete table ip mytab\nadd table ip mytab\n"));
	assert_non_null(strstr(buf, "add chain ip mytab in { type filter hook input priority 7; policy accept; }"));
	assert_non_null(strstr(buf, "add chain ip mytab out { type filter hook output priority 7; policy accept; }"));
	assert_non_null(strstr(buf, "add rule ip mytab in ip daddr @vips counter drop\n"));
	assert_non_null(strstr(buf, "add rule ip mytab out ip saddr @vips counter drop\n"));
	assert_null(strstr(buf, "ip6"));
	assert_true(vg_nft_teardown(&o, &made, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "add table ip mytab\ndelete table ip mytab\n"); /* no ip6 table was made */

	assert_true(vg_nft_prepare(&o, VG_NFT_LL_INDEX, &made, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "add table ip6 mytab\n"));
	assert_non_null(strstr(buf, "neighbor-discovery { type icmpv6_type; flags constant;"));
	assert_non_null(strstr(buf, "add rule ip6 mytab in ip6 daddr fe80::/10 counter goto in_link_local\n"));
	assert_non_null(strstr(buf, "add rule ip6 mytab in_link_local ip6 daddr . iif @vips_link_local counter drop\n"));
	assert_null(strstr(buf, "vips_link_local_name"));
	/* the name set later adds only its own set and rules */
	assert_true(vg_nft_prepare(&o, VG_NFT_LL_NAME, &made, buf, sizeof(buf)) > 0);
	assert_null(strstr(buf, "add table"));
	assert_non_null(strstr(buf, "add rule ip6 mytab out_link_local ip6 saddr . oifname @vips_link_local_name counter drop\n"));
	assert_int_equal(vg_nft_prepare(&o, VG_NFT_LL_NAME, &made, buf, sizeof(buf)), 0);

	assert_true(vg_nft_element(&o, VG_NFT_VIPS4, false, &v4, 0, NULL, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "delete element ip mytab vips { 192.0.2.100 }\n");
	assert_true(vg_nft_element(&o, VG_NFT_LL_INDEX, true, &ll, 3, "eth0", buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "add element ip6 mytab vips_link_local { fe80::100 . 3 }\n");
	assert_true(vg_nft_element(&o, VG_NFT_LL_NAME, true, &ll, 3, "eth0", buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "add element ip6 mytab vips_link_local_name { fe80::100 . \"eth0\" }\n");

	/* --cleanup knows nothing of what was made: both tables */
	assert_true(vg_nft_teardown(&o, NULL, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "add table ip mytab\ndelete table ip mytab\nadd table ip6 mytab\ndelete table ip6 mytab\n");
	assert_int_equal(vg_nft_teardown(&o, &none, buf, sizeof(buf)), 0);
}

/* No counters by default, keepalived's -1 priority written as is. */
static void test_defaults(void **state)
{
	struct vg_nft_opts o = { "keepalived", -1, false, false };
	uint32_t made = 0;
	char buf[4096];

	(void)state;
	assert_true(vg_nft_prepare(&o, VG_NFT_VIPS6, &made, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "hook input priority -1;"));
	assert_null(strstr(buf, "counter"));
	assert_non_null(strstr(buf, "add rule ip6 keepalived in ip6 daddr @vips drop\n"));
}

/* A buffer too small is an error, and nothing counts as made. */
static void test_small_buffer(void **state)
{
	struct vg_nft_opts o = { "keepalived", -1, false, false };
	struct vg_addr v4 = A("192.0.2.100");
	uint32_t made = 0;
	char buf[64];

	(void)state;
	assert_int_equal(vg_nft_prepare(&o, VG_NFT_VIPS4, &made, buf, sizeof(buf)), -1);
	assert_int_equal(made, 0);
	assert_int_equal(vg_nft_element(&o, VG_NFT_VIPS4, true, &v4, 0, NULL, buf, 10), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_of),          cmocka_unit_test(test_own_layout),
		cmocka_unit_test(test_keepalived_layout), cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
