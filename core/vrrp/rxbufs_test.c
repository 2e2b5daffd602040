// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the receive buffer sizes read from global_defs
 * (keepalived.conf(5) vrrp_rx_bufs_policy, vrrp_rx_bufs_multiplier,
 * kernel_rx_buf_size, *_rcv_bufs[_force]).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>

#include "conf/testutil.h"
#include "vrrp/rxbufs.h"

static void parse_ok(struct parsed *p, const char *text)
{
	parse_text(p, text);
	if (p->rc)
		dump_diags(&p->diags);
	assert_int_equal(p->rc, 0);
}

static void test_default_none(void **state)
{
	struct parsed p;
	struct vg_rxbufs_policy pol;
	char msg[128];

	(void)state;
	parse_ok(&p, "global_defs {\n}\n" "vrrp_instance A {\n interface eth0\n virtual_router_id 7\n"
		     " virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n");
	assert_true(vg_rxbufs_policy_read(&p.conf->global, &pol, msg, sizeof(msg)));
	assert_int_equal(pol.kind, VG_RXBUFS_NONE);
	assert_int_equal(pol.multiplier, 3);
	assert_int_equal(vg_rxbufs_instance(&pol, &p.conf->instances.items[0], 1500), 0);
	parsed_free(&p);
}

static void test_mtu_advert(void **state)
{
	struct parsed p;
	struct vg_rxbufs_policy pol;
	char msg[128];

	(void)state;
	parse_ok(&p, "global_defs {\n vrrp_rx_bufs_policy MTU\n vrrp_rx_bufs_multiplier 4\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n"
		     "  192.0.2.1/24\n  192.0.2.2/24\n }\n}\n");
	assert_true(vg_rxbufs_policy_read(&p.conf->global, &pol, msg, sizeof(msg)));
	assert_int_equal(pol.kind, VG_RXBUFS_MTU);
	assert_int_equal(vg_rxbufs_instance(&pol, &p.conf->instances.items[0], 1500), 6000);
	parsed_free(&p);

	/* ADVERT: VRRPv2 IPv4 with 2 VIPs: 20 IP + 8 header + 8 auth + 2 x 4 = 44 */
	parse_ok(&p, "global_defs {\n vrrp_rx_bufs_policy advert\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n"
		     "  192.0.2.1/24\n  192.0.2.2/24\n }\n}\n");
	assert_true(vg_rxbufs_policy_read(&p.conf->global, &pol, msg, sizeof(msg)));
	assert_int_equal(pol.kind, VG_RXBUFS_ADVERT);
	assert_int_equal(vg_rxbufs_advert_len(&p.conf->instances.items[0]), 44);
	assert_int_equal(vg_rxbufs_instance(&pol, &p.conf->instances.items[0], 1500), 3 * 44);
	parsed_free(&p);

	/* IPv6 (always v3, no IP header counted): 8 + 16 */
	parse_ok(&p, "global_defs {\n vrrp_rx_bufs_policy ADVERT\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n"
		     "  2001:db8::1/64\n }\n}\n");
	assert_true(vg_rxbufs_policy_read(&p.conf->global, &pol, msg, sizeof(msg)));
	assert_int_equal(vg_rxbufs_advert_len(&p.conf->instances.items[0]), 24);
	parsed_free(&p);
}

/* keepalived 2.2.7: a size beats a policy, MTU beats ADVERT; kernel_rx_buf_size beats all */
static void test_size_and_kernel(void **state)
{
	struct parsed p;
	struct vg_rxbufs_policy pol;
	char msg[128];

	(void)state;
	parse_ok(&p, "global_defs {\n vrrp_rx_bufs_policy MTU 100000\n}\n"
		     "vrrp_instance A {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n"
		     "  192.0.2.1/24\n }\n}\n"
		     "vrrp_instance B {\n interface eth0\n virtual_router_id 8\n kernel_rx_buf_size 70000\n"
		     " virtual_ipaddress {\n  192.0.2.9/24\n }\n}\n");
	assert_false(vg_rxbufs_policy_read(&p.conf->global, &pol, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "policy is ignored"));
	assert_int_equal(pol.kind, VG_RXBUFS_SIZE);
	assert_int_equal(vg_rxbufs_instance(&pol, &p.conf->instances.items[0], 1500), 100000);
	assert_int_equal(vg_rxbufs_instance(&pol, &p.conf->instances.items[1], 1500), 70000);
	parsed_free(&p);

	parse_ok(&p, "global_defs {\n vrrp_rx_bufs_policy ADVERT MTU\n}\n");
	assert_false(vg_rxbufs_policy_read(&p.conf->global, &pol, msg, sizeof(msg)));
	assert_int_equal(pol.kind, VG_RXBUFS_MTU);
	parsed_free(&p);

	parse_ok(&p, "global_defs {\n vrrp_rx_bufs_policy BIG\n}\n");
	assert_false(vg_rxbufs_policy_read(&p.conf->global, &pol, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "'BIG'"));
	assert_int_equal(pol.kind, VG_RXBUFS_NONE);
	parsed_free(&p);
}

static void test_netlink(void **state)
{
	struct parsed p;
	struct vg_rcvbuf r;

	(void)state;
	parse_ok(&p, "global_defs {\n vrrp_netlink_cmd_rcv_bufs 300000\n vrrp_netlink_cmd_rcv_bufs_force\n"
		     " vrrp_netlink_monitor_rcv_bufs 400000\n vrrp_netlink_monitor_rcv_bufs_force false\n"
		     " process_monitor_rcv_bufs 500000\n process_monitor_rcv_bufs_force yes\n}\n");
	r = vg_rcvbuf_read(&p.conf->global, "vrrp_netlink_cmd");
	assert_int_equal(r.bytes, 300000);
	assert_true(r.force);
	r = vg_rcvbuf_read(&p.conf->global, "vrrp_netlink_monitor");
	assert_int_equal(r.bytes, 400000);
	assert_false(r.force);
	r = vg_rcvbuf_read(&p.conf->global, "process_monitor");
	assert_int_equal(r.bytes, 500000);
	assert_true(r.force);
	r = vg_rcvbuf_read(&p.conf->global, "lvs_netlink_cmd");
	assert_int_equal(r.bytes, 0);
	assert_false(r.force);
	parsed_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_none),
		cmocka_unit_test(test_mtu_advert),
		cmocka_unit_test(test_size_and_kernel),
		cmocka_unit_test(test_netlink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
