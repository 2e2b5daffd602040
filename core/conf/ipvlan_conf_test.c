// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of use_ipvlan's and vrf's parsing and checks, as keepalived
 * 2.2.7 takes them (observed in network namespaces of the ipvs-vm guest,
 * docs/config.md "use_ipvlan, vrf, net_namespace_ipvs"): the words in any
 * order, the mode bridge by default, an IPv4 ipvlan without an address
 * refused, `vrf` beside `interface` refused, `vrf` without it refused.
 */
#include "conf/testutil.h"

#include "conf/parser_int.h"

static struct parsed P;

static int teardown(void **state)
{
	(void)state;
	parsed_free(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

static const struct vg_conf_instance *inst(uint32_t i)
{
	assert_non_null(P.conf);
	assert_true(i < P.conf->instances.count);
	return &P.conf->instances.items[i];
}

static size_t errors(void)
{
	size_t i, n = 0;

	for (i = 0; i < P.diags.count; i++)
		n += P.diags.items[i].severity == VG_DIAG_ERROR;
	return n;
}

/* keepalived 2.2.7: "use_ipvlan vgivX 192.0.2.50/24" made vgivX, mode l2 bridge, with 192.0.2.50/24 */
static void test_name_address_default_mode(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance X {\n interface a0\n virtual_router_id 51\n use_ipvlan vgivX 192.0.2.50/24\n"
		       " virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n");
	assert_int_equal(errors(), 0);
	assert_true(inst(0)->use_ipvlan);
	assert_string_equal(inst(0)->ipvlan_name, "vgivX");
	assert_int_equal(inst(0)->ipvlan_addr.family, VG_AF_INET);
	assert_int_equal(inst(0)->ipvlan_prefix_len, 24);
	assert_int_equal(inst(0)->ipvlan_flags, 0); /* bridge */
	assert_int_equal(inst(0)->ipvlan_loc.line, 4);
}

/* "use_ipvlan 192.0.2.60/24 private": no name (keepalived made vrrp.52), mode l2 private; any order */
static void test_address_mode_any_order(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance Y {\n interface a0\n virtual_router_id 52\n use_ipvlan private 192.0.2.60\n"
		       " virtual_ipaddress {\n  192.0.2.101/24\n }\n}\n"
		       "vrrp_instance Z {\n interface a0\n virtual_router_id 53\n use_ipvlan vepa\n"
		       " virtual_ipaddress {\n  2001:db8::100/64\n }\n}\n");
	assert_int_equal(errors(), 0);
	assert_null(inst(0)->ipvlan_name);
	assert_int_equal(inst(0)->ipvlan_flags, 1);
	assert_int_equal(inst(0)->ipvlan_prefix_len, 32);
	/* IPv6: the address is optional, the ipvlan's link-local is the source */
	assert_int_equal(inst(1)->ipvlan_flags, 2);
	assert_int_equal(inst(1)->ipvlan_addr.family, VG_AF_NONE);
}

/* keepalived: "(W) IPv4 ipvlan requires a source ip address to be configured", -t exit 5 */
static void test_ipv4_needs_address(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance W {\n interface a0\n virtual_router_id 54\n use_ipvlan vgivW\n"
		       " virtual_ipaddress {\n  192.0.2.102/24\n }\n}\n");
	expect_diag(&P.diags, "ipvlan-address", 4);
}

/* a second word of a kind, a second use_ipvlan, a long name, the other family, a bad prefix */
static void test_errors_name_the_line(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance A {\n interface a0\n virtual_router_id 5\n"
		       " use_ipvlan bridge private 192.0.2.5 192.0.2.6 a b\n"
		       " use_ipvlan c\n"
		       " virtual_ipaddress {\n  192.0.2.102/24\n }\n}\n"
		       "vrrp_instance B {\n interface a0\n virtual_router_id 6\n"
		       " use_ipvlan abcdefghijklmnop 2001:db8::5\n"
		       " virtual_ipaddress {\n  192.0.2.103/24\n }\n}\n"
		       "vrrp_instance C {\n interface a0\n virtual_router_id 7\n use_ipvlan 192.0.2.7/40\n"
		       " virtual_ipaddress {\n  192.0.2.104/24\n }\n}\n");
	assert_int_equal(inst(0)->ipvlan_flags, 0);
	assert_int_equal(inst(0)->ipvlan_addr.bytes[3], 5);
	assert_string_equal(inst(0)->ipvlan_name, "a");
	expect_diag(&P.diags, "duplicate", 4);
	expect_diag(&P.diags, "duplicate", 5);
	expect_diag(&P.diags, "too-long", 13);
	assert_null(inst(1)->ipvlan_name);
	expect_diag(&P.diags, "ipvlan-family", 13);
	assert_int_equal(inst(1)->ipvlan_addr.family, VG_AF_NONE);
	expect_diag(&P.diags, "invalid-prefix", 21);
}

/* keepalived 2.2.7, vrf without interface (unicast peers, unicast_src_ip): "(K) Unknown interface!", exit CONFIG */
static void test_vrf_without_interface(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance K {\n vrf vrf-blue\n virtual_router_id 65\n unicast_src_ip 192.0.2.1\n"
		       " unicast_peer {\n  192.0.2.2\n }\n virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n");
	expect_diag(&P.diags, "vrf-no-interface", 1);
}

/* keepalived 2.2.7: "(K) Cannot specify VRF interface and interface - ignoring" */
static void test_vrf_with_interface(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance K {\n interface c0\n vrf vrf-blue\n virtual_router_id 65\n"
		       " virtual_ipaddress {\n  198.51.100.104/24\n }\n}\n");
	expect_diag(&P.diags, "vrf-interface", 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_name_address_default_mode, teardown),
		cmocka_unit_test_teardown(test_address_mode_any_order, teardown),
		cmocka_unit_test_teardown(test_ipv4_needs_address, teardown),
		cmocka_unit_test_teardown(test_errors_name_the_line, teardown),
		cmocka_unit_test_teardown(test_vrf_with_interface, teardown),
		cmocka_unit_test_teardown(test_vrf_without_interface, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
