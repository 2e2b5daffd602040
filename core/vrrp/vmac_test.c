// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the vmacs a configuration asks for and their names, as
 * keepalived 2.2.7 made them in a network namespace (vmac.h cites what was
 * observed).
 */
#include <fnmatch.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>

#include "conf/testutil.h"
#include "vrrp/plan.h"
#include "vrrp/vmac.h"

static size_t plan_of(const char *text, struct vg_vmac *vm, size_t max, struct parsed *p, struct vg_vrrp_plan *plan)
{
	struct vg_diags d;

	parse_text(p, text);
	if (p->rc)
		dump_diags(&p->diags);
	assert_int_equal(p->rc, 0);
	vg_diags_init(&d);
	assert_int_equal(vg_vrrp_plan_build(p->conf, plan, &d), 0);
	vg_diags_free(&d);
	return vg_vmac_plan(p->conf, plan, vm, max);
}

static void done(struct parsed *p, struct vg_vrrp_plan *plan)
{
	vg_vrrp_plan_free(plan);
	parsed_free(p);
}

/* keepalived 2.2.7: PREFIX.VRID, then PREFIXN.VRID (IPv6 6 first), cut to IFNAMSIZ */
static void test_candidates(void **state)
{
	char n[VG_VMAC_NAME_MAX];

	(void)state;
	vg_vmac_candidate("vrrp", 7, VG_AF_INET, 0, n);
	assert_string_equal(n, "vrrp.7");
	vg_vmac_candidate("vrrp", 7, VG_AF_INET, 1, n);
	assert_string_equal(n, "vrrp1.7");
	vg_vmac_candidate("vrrp", 7, VG_AF_INET6, 0, n);
	assert_string_equal(n, "vrrp.7");
	vg_vmac_candidate("vrrp", 7, VG_AF_INET6, 1, n);
	assert_string_equal(n, "vrrp6.7");
	vg_vmac_candidate("vrrp", 7, VG_AF_INET6, 2, n);
	assert_string_equal(n, "vrrp1.7");
	vg_vmac_candidate("vrrp", 7, VG_AF_INET6, 6, n);
	assert_string_equal(n, "vrrp5.7");
	vg_vmac_candidate("vrrp", 7, VG_AF_INET6, 7, n);
	assert_string_equal(n, "vrrp7.7");
	vg_vmac_candidate("averyveryverylongprefix", 254, VG_AF_INET, 0, n);
	assert_string_equal(n, "averyveryve.254"); /* 15 characters */
	vg_vmac_candidate("averyveryverylongprefix", 254, VG_AF_INET, 1, n);
	assert_string_equal(n, "averyveryv1.254");
}

/* the namespace run of vmac.h: A (IPv4, VRID 7, use_vmac_addr, a VIP on eth1), B (IPv6, 7), C (IPv6, 9) */
static void test_observed_names(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_vmac vm[8];
	size_t n;

	(void)state;
	n = plan_of("global_defs {\n vmac_prefix vgx\n vmac_addr_prefix vga\n}\n"
		    "vrrp_instance A {\n interface eth0\n virtual_router_id 7\n use_vmac\n use_vmac_addr\n"
		    " virtual_ipaddress {\n  192.0.2.100/24\n  198.51.100.100/24 dev eth1\n }\n}\n"
		    "vrrp_instance B {\n interface eth0\n virtual_router_id 7\n use_vmac\n"
		    " virtual_ipaddress {\n  2001:db8::100/64\n }\n}\n"
		    "vrrp_instance C {\n interface eth0\n virtual_router_id 9\n use_vmac\n"
		    " virtual_ipaddress {\n  2001:db8::109/64\n }\n}\n",
		    vm, 8, &p, &plan);
	assert_int_equal(n, 4);
	assert_string_equal(vm[0].name, "vgx.7");
	assert_string_equal(vm[0].base, "eth0");
	assert_false(vm[0].addr);
	assert_string_equal(vm[1].name, "vga.7");
	assert_string_equal(vm[1].base, "eth1");
	assert_true(vm[1].addr);
	assert_int_equal(vm[1].family, VG_AF_INET);
	assert_string_equal(vm[2].name, "vgx6.7");
	assert_int_equal(vm[2].family, VG_AF_INET6);
	assert_string_equal(vm[3].name, "vgx.9");
	/* which vmac carries each VIP */
	assert_int_equal(vg_vmac_of_vip(&plan, 0, &p.conf->instances.items[0].vips.items[0], vm, n), 0);
	assert_int_equal(vg_vmac_of_vip(&plan, 0, &p.conf->instances.items[0].vips.items[1], vm, n), 1);
	assert_int_equal(vg_vmac_of_vip(&plan, 2, &p.conf->instances.items[2].vips.items[0], vm, n), 3);
	done(&p, &plan);
}

/* a name written with `use_vmac NAME` is not given to another; defaults; no vmac without asking */
static void test_written_names_and_defaults(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_vmac vm[8];
	size_t n;

	(void)state;
	n = plan_of("vrrp_instance A {\n interface eth0\n virtual_router_id 7\n use_vmac\n"
		    " virtual_ipaddress {\n  192.0.2.100/24\n  198.51.100.1/24 dev eth1 use_vmac\n"
		    "  198.51.100.2/24 dev eth1\n }\n}\n"
		    "vrrp_instance B {\n interface eth0\n virtual_router_id 7\n use_vmac vrrp.7\n"
		    " virtual_ipaddress {\n  2001:db8::100/64\n }\n}\n"
		    "vrrp_instance C {\n interface eth0\n virtual_router_id 8\n"
		    " virtual_ipaddress {\n  192.0.2.108/24\n  198.51.100.8/24 dev eth1\n }\n}\n",
		    vm, 8, &p, &plan);
	assert_int_equal(n, 3);
	assert_string_equal(vm[0].name, "vrrp1.7"); /* vrrp.7 is B's */
	assert_string_equal(vm[1].name, "vrrp2.7"); /* the VIP's own (use_vmac on it), vmac_addr_prefix = vmac_prefix */
	assert_string_equal(vm[1].base, "eth1");
	assert_string_equal(vm[2].name, "vrrp.7");
	assert_int_equal(vg_vmac_of_vip(&plan, 0, &p.conf->instances.items[0].vips.items[2], vm, n), -1);
	assert_int_equal(vg_vmac_of_vip(&plan, 2, &p.conf->instances.items[2].vips.items[0], vm, n), -1);
	done(&p, &plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_observed_names),
		cmocka_unit_test(test_written_names_and_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
