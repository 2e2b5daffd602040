// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of core/node/node.c: a parsed configuration becomes a node
 * whose router runs (built once for every driver).
 */
#define _DEFAULT_SOURCE
#include <fnmatch.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>

#include "conf/testutil.h"
#include "node/node.h"
#include "vrrp/testutil.h"

static const char CONF[] =
	"vrrp_sync_group G {\n"
	"    group {\n"
	"        VI_2\n"
	"        VI_3\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_1 {\n"
	"    interface eth0\n"
	"    virtual_router_id 1\n"
	"    priority 150\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.1/24\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_2 {\n"
	"    interface eth1\n"
	"    virtual_router_id 2\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.2/24\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_3 {\n"
	"    interface eth1\n"
	"    virtual_router_id 3\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.3/24\n"
	"    }\n"
	"}\n";

static void startup(struct vg_node *n, vg_time now, struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_STARTUP };

	tu_out_init(o);
	vg_router_input(&n->router, now, &ev, &o->a);
}

static void test_build_runs(void **state)
{
	struct parsed p;
	struct vg_node n;
	struct tu_out o;
	uint16_t i;

	(void)state;
	parse_text(&p, CONF);
	assert_int_equal(p.rc, 0);
	assert_int_equal(vg_node_build(p.conf, &n, &p.diags), 0);
	assert_ptr_equal(n.conf, p.conf);
	assert_int_equal(n.plan.inst_count, 3);
	assert_int_equal(n.router.inst_count, 3);
	assert_ptr_equal(n.router.inst, n.inst);
	assert_int_equal(n.router.group_count, 1);
	assert_ptr_equal(n.router.groups, n.plan.groups);
	for (i = 0; i < 3; i++) {
		assert_int_equal(n.inst[i].state, VG_STATE_INIT);
		assert_ptr_equal(n.inst[i].cfg, &n.plan.cfg[i]);
		assert_int_equal(n.plan.cfg[i].id, i);
	}
	assert_int_equal(vg_node_find(&n, "VI_2"), 1);
	assert_int_equal(vg_node_find(&n, "VI_9"), -1);
	assert_int_equal(vg_node_find_group(&n, "G"), 0);
	assert_int_equal(vg_node_find_group(&n, "H"), -1);
	assert_int_equal(vg_router_next_deadline(&n.router), VG_TIME_NEVER);

	/* Startup at 0: Backup, RFC 5798 6.4.1 Master_Down_Timer = 3 * 1 s + (256 - 150) / 256 s */
	startup(&n, 0, &o);
	assert_int_equal(n.inst[0].state, VG_STATE_BACKUP);
	assert_int_equal(n.inst[0].master_down_timer, 3414062500u);
	assert_int_equal(n.plan.groups[0].state, VG_STATE_BACKUP);

	/* a restarted process: everything back to Initialize */
	vg_node_reset(&n);
	for (i = 0; i < 3; i++)
		assert_int_equal(n.inst[i].state, VG_STATE_INIT);
	assert_int_equal(n.plan.groups[0].state, VG_STATE_INIT);
	assert_int_equal(vg_router_next_deadline(&n.router), VG_TIME_NEVER);
	vg_node_free(&n);
	assert_null(n.inst);
	vg_node_free(&n); /* twice is harmless */
	parsed_free(&p);
}

/* An instance the core cannot run is left out with an error; the rest runs (keepalived). */
static void test_build_leaves_out(void **state)
{
	struct parsed p;
	struct vg_node n;

	(void)state;
	parse_text(&p, "vrrp_instance VI_7 {\n"
		       "    interface eth0\n"
		       "    virtual_router_id 61\n"
		       "    authentication {\n"
		       "        auth_type PASS\n"
		       "        auth_pass secret\n"
		       "    }\n"
		       "    virtual_ipaddress {\n"
		       "        2001:db8::7/64\n"
		       "    }\n"
		       "}\n"
		       "vrrp_instance VI_8 {\n"
		       "    interface eth0\n"
		       "    virtual_router_id 62\n"
		       "    virtual_ipaddress {\n"
		       "        192.0.2.8/24\n"
		       "    }\n"
		       "}\n");
	assert_non_null(p.conf);
	assert_int_equal(vg_node_build(p.conf, &n, &p.diags), -1);
	assert_true(p.diags.errors > 0);
	assert_int_equal(n.plan.inst_count, 1);
	assert_string_equal(n.plan.cfg[0].name, "VI_8");
	assert_int_equal(n.router.inst_count, 1);
	vg_node_free(&n);
	parsed_free(&p);
}

/* An empty file is a node with nothing to run. */
static void test_build_empty(void **state)
{
	struct parsed p;
	struct vg_node n;
	struct tu_out o;

	(void)state;
	parse_text(&p, "global_defs {\n    router_id lb1\n}\n");
	assert_int_equal(vg_node_build(p.conf, &n, &p.diags), 0);
	assert_int_equal(n.plan.inst_count, 0);
	assert_non_null(n.inst);
	startup(&n, 0, &o);
	assert_int_equal(o.a.len, 0);
	vg_node_free(&n);
	parsed_free(&p);
}

/* conform --instance: one instance alone, out of its group. */
static void test_keep_only(void **state)
{
	struct parsed p;
	struct vg_node n;
	struct tu_out o;

	(void)state;
	parse_text(&p, CONF);
	assert_int_equal(vg_node_build(p.conf, &n, &p.diags), 0);
	assert_int_equal(vg_node_keep_only(&n, "VI_9"), -1);
	assert_int_equal(n.plan.inst_count, 3);
	assert_int_equal(vg_node_keep_only(&n, "VI_3"), 0);
	assert_int_equal(n.plan.inst_count, 1);
	assert_int_equal(n.plan.group_count, 0);
	assert_int_equal(n.router.inst_count, 1);
	assert_int_equal(n.router.group_count, 0);
	assert_string_equal(n.plan.cfg[0].name, "VI_3");
	assert_int_equal(n.plan.cfg[0].id, 0);
	assert_false(n.plan.cfg[0].sync_member);
	assert_ptr_equal(n.plan.src[0], &p.conf->instances.items[2]);
	startup(&n, 0, &o);
	assert_int_equal(n.inst[0].state, VG_STATE_BACKUP);
	vg_node_free(&n);
	parsed_free(&p);
}

/* A world written by hand (the simulator's tests, the fuzzers): the configs are copied, ids set */
static void test_build_configs(void **state)
{
	struct vg_vrrp_config cfg[2];
	struct vg_sync_group g;
	struct vg_node n;
	struct tu_out o;

	(void)state;
	tu_config(&cfg[0], 3, 150);
	tu_config(&cfg[1], 3, 100);
	cfg[1].vrid = 52;
	cfg[0].sync_member = cfg[1].sync_member = true;
	memset(&g, 0, sizeof(g));
	g.id = 7;
	g.count = 2;
	g.members[0] = 0;
	g.members[1] = 1;
	assert_int_equal(vg_node_build_configs(&n, cfg, 2, &g, 1), 0);
	assert_null(n.conf);
	assert_null(n.plan.src[0]);
	assert_int_equal(n.plan.cfg[0].id, 0); /* tu_config wrote 1 */
	assert_int_equal(n.plan.cfg[1].id, 1);
	assert_int_equal(n.plan.groups[0].id, 0);
	assert_ptr_not_equal(n.plan.cfg, cfg);
	assert_ptr_equal(n.plan.cfg[0].vips, cfg[0].vips); /* lists stay the caller's */
	assert_int_equal(n.router.inst_count, 2);
	assert_int_equal(n.router.group_count, 1);
	startup(&n, 0, &o);
	assert_int_equal(n.inst[0].state, VG_STATE_BACKUP);
	assert_int_equal(n.inst[1].state, VG_STATE_BACKUP);
	/* Master_Down_Interval of priority 150: 3 s + 106/256 s */
	assert_int_equal(vg_router_next_deadline(&n.router), 3414062500u);
	vg_node_free(&n);
	assert_int_equal(vg_node_build_configs(&n, NULL, 0, NULL, 0), 0);
	assert_int_equal(n.router.inst_count, 0);
	vg_node_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_runs),
		cmocka_unit_test(test_build_leaves_out),
		cmocka_unit_test(test_build_empty),
		cmocka_unit_test(test_keep_only),
		cmocka_unit_test(test_build_configs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
