// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the configuration-to-router mapping (vrrp/plan.c):
 * keepalived.conf keywords land in the instance configs the core runs.
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
#include "vrrp/plan.h"

/* Parses text (it must give a configuration) and builds its plan with opts (NULL: none) into plan and d. */
static int plan_text(const char *text, const struct vg_vrrp_plan_opts *opts, struct parsed *p,
		     struct vg_vrrp_plan *plan, struct vg_diags *d)
{
	parse_text(p, text);
	assert_non_null(p->conf);
	vg_diags_init(d);
	return vg_vrrp_plan_build_with(p->conf, opts, plan, d);
}

static void plan_free_all(struct parsed *p, struct vg_vrrp_plan *plan, struct vg_diags *d)
{
	vg_vrrp_plan_free(plan);
	vg_diags_free(d);
	parsed_free(p);
}

static const char CONF[] =
	"vrrp_script chk_nginx {\n"
	"    script \"/usr/local/bin/check_nginx\"\n"
	"    interval 2\n"
	"    weight -20\n"
	"}\n"
	"vrrp_sync_group G1 {\n"
	"    group {\n"
	"        VI_1\n"
	"        VI_2\n"
	"    }\n"
	"    track_interface {\n"
	"        eth1 weight -10\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_1 {\n"
	"    state MASTER\n"
	"    nopreempt\n"
	"    interface eth0\n"
	"    virtual_router_id 51\n"
	"    priority 150\n"
	"    advert_int 2\n"
	"    authentication {\n"
	"        auth_type PASS\n"
	"        auth_pass 123456789\n"
	"    }\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.100/24 dev eth0\n"
	"        192.0.2.101/24\n"
	"    }\n"
	"    track_script {\n"
	"        chk_nginx\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_2 {\n"
	"    interface eth0\n"
	"    virtual_router_id 52\n"
	"    version 3\n"
	"    advert_int 0.5\n"
	"    unicast_src_ip 192.0.2.1\n"
	"    unicast_peer {\n"
	"        192.0.2.2\n"
	"    }\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.102/24\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_3 {\n"
	"    interface eth2\n"
	"    virtual_router_id 53\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.103/24\n"
	"    }\n"
	"    track_script {\n"
	"        chk_nginx\n"
	"    }\n"
	"}\n";

static void test_instances_mapped(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;
	const struct vg_vrrp_config *c;
	char buf[VG_ADDR_STRLEN];

	(void)state;
	rc = plan_text(CONF, NULL, &p, &plan, &d);
	assert_int_equal(p.rc, 0);
	assert_int_equal(rc, 0);
	assert_int_equal(plan.inst_count, 3);

	c = &plan.cfg[0];
	assert_string_equal(c->name, "VI_1");
	assert_int_equal(c->vrid, 51);
	assert_int_equal(c->priority, 150);
	assert_int_equal(c->version, 2);            /* keepalived's default vrrp_version */
	assert_int_equal(c->adver_int_cs, 200);
	assert_true(c->init_master);
	assert_false(c->nopreempt);                 /* keepalived: nopreempt with state MASTER is cleared */
	assert_int_equal(c->auth_type, VG_VRRP_AUTH_PASS);
	assert_memory_equal(c->auth_data, "12345678", 8); /* 8 bytes go on the wire */
	assert_int_equal(c->vip_count, 2);
	assert_string_equal(vg_addr_format(&c->vips[1], buf, sizeof(buf)), "192.0.2.101");
	assert_int_equal(c->ifindex, vg_vrrp_plan_iface(&plan, "eth0"));
	assert_true(c->sync_member);
	/* track_script, plus the group's track_interface; keepalived ignores tracking
	 * weights of sync group members (no sync_group_tracking_weight): failure is Fault */
	assert_int_equal(c->track_count, 2);
	assert_int_equal(c->tracks[0].kind, VG_TRACK_SCRIPT);
	assert_int_equal(c->tracks[0].id, 1);
	assert_int_equal(c->tracks[0].weight, 0);
	assert_int_equal(c->tracks[1].kind, VG_TRACK_IFACE);
	assert_int_equal(c->tracks[1].id, vg_vrrp_plan_iface(&plan, "eth1"));
	assert_int_equal(c->tracks[1].weight, 0);
	/* outside a group, the script's weight applies */
	assert_int_equal(plan.cfg[2].track_count, 1);
	assert_int_equal(plan.cfg[2].tracks[0].weight, -20);
	assert_false(plan.cfg[2].sync_member);
	assert_int_equal(plan.cfg[2].ifindex, vg_vrrp_plan_iface(&plan, "eth2"));

	c = &plan.cfg[1];
	assert_int_equal(c->version, 3);
	assert_int_equal(c->adver_int_cs, 50);      /* VRRPv3 centiseconds */
	assert_int_equal(c->peer_count, 1);
	assert_string_equal(vg_addr_format(&c->src_addr, buf, sizeof(buf)), "192.0.2.1");
	assert_int_equal(c->priority, 100);          /* keepalived default */

	assert_int_equal(plan.group_count, 1);
	assert_string_equal(plan.groups[0].name, "G1");
	assert_int_equal(plan.groups[0].count, 2);
	assert_int_equal(plan.groups[0].members[0], 0);
	assert_int_equal(plan.groups[0].members[1], 1);

	plan_free_all(&p, &plan, &d);
}

/* An instance the core cannot run is left out with an error naming its line */
static void test_unrunnable_instance(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;
	const struct vg_diag *g;

	(void)state;
	rc = plan_text("vrrp_instance VI_6 {\n"
		       "    interface eth0\n"
		       "    virtual_router_id 60\n"
		       "    version 3\n"
		       "    virtual_ipaddress {\n"
		       "        2001:db8::1/64\n"
		       "        192.0.2.1/24\n"
		       "    }\n"
		       "}\n"
		       "vrrp_instance VI_7 {\n"
		       "    interface eth0\n"
		       "    virtual_router_id 61\n"
		       "    authentication {\n"
		       "        auth_type PASS\n"
		       "        auth_pass secret\n"
		       "    }\n"
		       "    virtual_ipaddress {\n"
		       "        2001:db8::7/64\n"
		       "    }\n"
		       "}\n", NULL, &p, &plan, &d);
	assert_int_equal(rc, -1);
	g = vg_diags_find(&d, "instance-not-run", 10);
	assert_non_null(g);
	assert_non_null(strstr(g->message, "only VRRPv2 carries authentication"));
	plan_free_all(&p, &plan, &d);
}

/* keepalived 2.2.7: `state MASTER` with auth_type AH is cleared (the owner keeps it), with a warning */
static void test_ah_state_master(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;

	(void)state;
	rc = plan_text("vrrp_instance VI_A {\n    state MASTER\n    interface eth0\n    virtual_router_id 1\n"
		       "    authentication {\n        auth_type AH\n        auth_pass secret\n    }\n"
		       "    virtual_ipaddress {\n        192.0.2.1/24\n    }\n}\n"
		       "vrrp_instance VI_B {\n    state MASTER\n    interface eth0\n    virtual_router_id 2\n"
		       "    priority 255\n"
		       "    authentication {\n        auth_type AH\n        auth_pass secret\n    }\n"
		       "    virtual_ipaddress {\n        192.0.2.2/24\n    }\n}\n", NULL, &p, &plan, &d);
	assert_int_equal(rc, 0);
	assert_int_equal(plan.inst_count, 2);
	assert_int_equal(plan.cfg[0].auth_type, VG_VRRP_AUTH_AH);
	assert_false(plan.cfg[0].init_master);
	assert_non_null(vg_diags_find(&d, "ah-master", 1));
	assert_true(plan.cfg[1].init_master);
	assert_null(vg_diags_find(&d, "ah-master", 10));
	plan_free_all(&p, &plan, &d);
}

/*
 * The configs' address and track lists are slices of the plan's pools: each
 * instance sees its own, an instance left out between two others takes
 * nothing from them, and the limits hold (VG_VRRP_ADDRS_MAX addresses in
 * one advert's Count IPvX Addr, RFC 5798 5.2.5; only the instance's family).
 */
static void test_lists_in_pools(void **state)
{
	char text[4096], buf[VG_ADDR_STRLEN];
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;
	const struct vg_vrrp_config *a, *c;
	size_t n;
	int i;

	(void)state;
	n = (size_t)snprintf(text, sizeof(text), "vrrp_script chk {\n    script /bin/true\n}\n"
						 "vrrp_instance VI_A {\n    interface eth0\n    virtual_router_id 1\n"
						 "    unicast_peer {\n        192.0.2.201\n        192.0.2.202\n    }\n"
						 "    virtual_ipaddress {\n");
	for (i = 0; i < 21; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "        192.0.2.%d/24\n", 100 + i);
	snprintf(text + n, sizeof(text) - n,
		 "        2001:db8::1/64\n    }\n    track_script {\n        chk\n    }\n}\n"
		 "vrrp_instance VI_B {\n    interface eth0\n    virtual_router_id 2\n"
		 "    authentication {\n        auth_type PASS\n        auth_pass secret\n    }\n"
		 "    unicast_peer {\n        2001:db8::203\n    }\n"
		 "    virtual_ipaddress {\n        2001:db8::2/64\n    }\n}\n"
		 "vrrp_instance VI_C {\n    interface eth0\n    virtual_router_id 3\n"
		 "    virtual_ipaddress {\n        192.0.2.3/24\n    }\n}\n");
	rc = plan_text(text, NULL, &p, &plan, &d);
	assert_int_equal(rc, -1); /* VI_B (IPv6 with authentication) is left out */
	assert_int_equal(plan.inst_count, 2);
	a = &plan.cfg[0];
	c = &plan.cfg[1];
	assert_string_equal(c->name, "VI_C");
	assert_int_equal(a->vip_count, VG_VRRP_ADDRS_MAX);
	for (i = 0; i < VG_VRRP_ADDRS_MAX; i++) {
		char want[32];

		snprintf(want, sizeof(want), "192.0.2.%d", 100 + i);
		assert_string_equal(vg_addr_format(&a->vips[i], buf, sizeof(buf)), want);
	}
	assert_int_equal(a->peer_count, 2);
	assert_string_equal(vg_addr_format(&a->peers[0], buf, sizeof(buf)), "192.0.2.201");
	assert_string_equal(vg_addr_format(&a->peers[1], buf, sizeof(buf)), "192.0.2.202");
	assert_int_equal(a->track_count, 1);
	assert_int_equal(a->tracks[0].kind, VG_TRACK_SCRIPT);
	assert_int_equal(c->vip_count, 1);
	assert_string_equal(vg_addr_format(&c->vips[0], buf, sizeof(buf)), "192.0.2.3");
	assert_int_equal(c->peer_count, 0);
	assert_null(c->peers);
	assert_int_equal(c->track_count, 0);
	assert_null(c->tracks);
	/* no overlap: A's peers follow its addresses, C's address follows both */
	assert_true(a->vips + a->vip_count <= a->peers);
	assert_true(a->peers + a->peer_count <= c->vips);
	assert_null(vg_vrrp_config_check(a));
	assert_null(vg_vrrp_config_check(c));
	plan_free_all(&p, &plan, &d);
}

/*
 * Found by fuzz-config: a group that names more instances than fit (then
 * duplicate names, now skipped by the parser) wrote past the 32 group members.
 */
static void test_group_members_bounded(void **state)
{
	static char text[40 * 160 + 200];
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	size_t len;
	uint8_t i, j;

	(void)state;
	/* the parser now skips a repeated name (as keepalived): 40 names, one of them twice */
	len = (size_t)snprintf(text, sizeof(text), "vrrp_sync_group G1 {\n    group {\n        VI_1\n");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "        VI_%u\n", i + 1);
	len += (size_t)snprintf(text + len, sizeof(text) - len, "    }\n}\n");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"vrrp_instance VI_%u {\n    interface eth0\n    virtual_router_id %u\n"
					"    virtual_ipaddress {\n        192.0.2.%u\n    }\n}\n", i + 1, i + 1, i + 1);
	plan_text(text, NULL, &p, &plan, &d);
	assert_int_equal(plan.inst_count, 40);
	assert_int_equal(plan.group_count, 1);
	assert_int_equal(plan.groups[0].count, VG_SYNC_MEMBERS_MAX);
	for (i = 0; i < plan.groups[0].count; i++)
		for (j = 0; j < i; j++)
			assert_int_not_equal(plan.groups[0].members[i], plan.groups[0].members[j]);
	plan_free_all(&p, &plan, &d);
}

/* Found by fuzz-config: an instance named by 31 groups was in all of them (one notify each) */
static void test_instance_in_one_group(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;

	(void)state;
	plan_text("vrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n"
		  "vrrp_sync_group G2 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n"
		  "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n"
		  "    virtual_ipaddress {\n        192.0.2.1\n    }\n}\n"
		  "vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 2\n"
		  "    virtual_ipaddress {\n        192.0.2.2\n    }\n}\n", NULL, &p, &plan, &d);
	assert_int_equal(plan.group_count, 1); /* G2 is left with no member */
	assert_string_equal(plan.groups[0].name, "G1");
	assert_ptr_equal(plan.group_src[0], &p.conf->sync_groups.items[0]);
	assert_int_equal(plan.groups[0].count, 2);
	plan_free_all(&p, &plan, &d);
}

/*
 * track_src_ip: a weight-0 VG_TRACK_SRC_IP (id 1 + config id) when the
 * instance has a configured source of its family; none without one
 * (keepalived 2.2.7 clears the flag then, vrrp.c).
 */
static void test_track_src_ip(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;

	(void)state;
	rc = plan_text("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n    track_src_ip\n"
		       "    virtual_ipaddress {\n        192.0.2.1\n    }\n}\n"
		       "vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 2\n    track_src_ip\n"
		       "    unicast_src_ip 192.0.2.77\n    unicast_peer {\n        192.0.2.12\n    }\n"
		       "    virtual_ipaddress {\n        192.0.2.2\n    }\n}\n", NULL, &p, &plan, &d);
	assert_int_equal(rc, 0);
	assert_int_equal(plan.cfg[0].track_count, 0);
	assert_int_equal(plan.cfg[1].track_count, 1);
	assert_int_equal(plan.cfg[1].tracks[0].kind, VG_TRACK_SRC_IP);
	assert_int_equal(plan.cfg[1].tracks[0].id, 2);
	assert_int_equal(plan.cfg[1].tracks[0].weight, 0);
	plan_free_all(&p, &plan, &d);
}

/*
 * track_group: the group's instances track (weight 0) the interface of each
 * static address / route / rule written with that track_group and without
 * no_track, once per interface (keepalived 2.2.7, vrrp_static_track.c).
 */
static void test_track_group(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;

	(void)state;
	rc = plan_text("track_group G1 {\n    group {\n        VI_1\n    }\n}\n"
		       "static_ipaddress {\n    203.0.113.7/32 dev eth1 track_group G1\n"
		       "    203.0.113.8/32 dev eth1 track_group G1\n    203.0.113.9/32 dev eth3 track_group G2\n"
		       "    203.0.113.10/32 track_group G1\n}\n"
		       "static_routes {\n    198.51.100.0/24 via 192.0.2.1 dev eth2 track_group G1\n}\n"
		       "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n"
		       "    virtual_ipaddress {\n        192.0.2.1\n    }\n}\n"
		       "vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 2\n"
		       "    virtual_ipaddress {\n        192.0.2.2\n    }\n}\n", NULL, &p, &plan, &d);
	assert_int_equal(rc, 0);
	assert_int_equal(plan.cfg[0].track_count, 3); /* eth1 once, eth0 (no dev: default eth0), eth2 */
	for (int k = 0; k < 3; k++) {
		assert_int_equal(plan.cfg[0].tracks[k].kind, VG_TRACK_IFACE);
		assert_int_equal(plan.cfg[0].tracks[k].weight, 0);
	}
	assert_string_equal(plan.ifaces[plan.cfg[0].tracks[0].id - 1], "eth1");
	assert_string_equal(plan.ifaces[plan.cfg[0].tracks[1].id - 1], "eth0");
	assert_string_equal(plan.ifaces[plan.cfg[0].tracks[2].id - 1], "eth2");
	assert_int_equal(plan.cfg[1].track_count, 0);
	plan_free_all(&p, &plan, &d);
}

/*
 * track_bfd in an instance and in its sync group: VG_TRACK_BFD with id 1 +
 * the bfd_instance's index, the bfd_instance's weight as the default, and
 * down until the first report (keepalived 2.2.7, vrrp_track.c
 * initialise_track_bfd_state: bfd_up starts false, so weight 0 is Fault).
 */
static void test_track_bfd(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;

	(void)state;
	rc = plan_text("bfd_instance A {\n    neighbor_ip 192.0.2.7\n}\n"
		       "bfd_instance B {\n    neighbor_ip 192.0.2.8\n    weight -30\n}\n"
		       "vrrp_sync_group G1 {\n    group {\n        VI_1\n    }\n    track_bfd {\n        A\n    }\n}\n"
		       "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n"
		       "    virtual_ipaddress {\n        192.0.2.1\n    }\n}\n"
		       "vrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 2\n"
		       "    track_bfd {\n        B\n    }\n"
		       "    virtual_ipaddress {\n        192.0.2.2\n    }\n}\n", NULL, &p, &plan, &d);
	assert_int_equal(rc, 0);
	/* the group's track_bfd reaches its member, weight 0 (Fault while not Up) */
	assert_int_equal(plan.cfg[0].track_count, 1);
	assert_int_equal(plan.cfg[0].tracks[0].kind, VG_TRACK_BFD);
	assert_int_equal(plan.cfg[0].tracks[0].id, 1);
	assert_int_equal(plan.cfg[0].tracks[0].weight, 0);
	assert_true(plan.cfg[0].tracks[0].init_down);
	/* the bfd_instance's weight is the default of a track_bfd line without one */
	assert_int_equal(plan.cfg[1].track_count, 1);
	assert_int_equal(plan.cfg[1].tracks[0].id, 2);
	assert_int_equal(plan.cfg[1].tracks[0].weight, -30);
	assert_true(plan.cfg[1].tracks[0].init_down);
	plan_free_all(&p, &plan, &d);
}

/*
 * Table names resolve once, at plan time: numbers and built-in names in the
 * core, other names through the host's table (keepalived 2.2.7 -t: "Routing
 * table foo not found for route").
 */
static void test_route_tables(void **state)
{
	static const struct vg_rt_table_name names[] = { { "vpn", 42 } };
	const struct vg_rt_tables tables = { names, 1 };
	const struct vg_vrrp_plan_opts opts = { &tables };
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;
	const struct vg_diag *g;

	(void)state;
	rc = plan_text("static_routes {\n  10.9.0.0/16 dev eth1 table nostatic\n}\n"          /* 2 */
		       "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n" /* 4-6 */
		       "    virtual_ipaddress {\n        192.0.2.1\n    }\n"               /* 7-9 */
		       "    virtual_routes {\n"                                             /* 10 */
		       "        10.1.0.0/16 dev eth0 table vpn\n"                           /* 11 */
		       "        10.2.0.0/16 dev eth0 table 7\n"                             /* 12 */
		       "        10.3.0.0/16 dev eth0 table foo\n"                           /* 13 */
		       "    }\n    virtual_rules {\n"
		       "        from 10.1.0.0/16 table local preference 5\n"               /* 15 */
		       "        from 10.2.0.0/16 lookup vpn preference 6\n"                /* 16 */
		       "    }\n}\n", &opts, &p, &plan, &d);
	assert_int_equal(p.rc, 0);
	assert_int_equal(rc, 0);
	assert_int_equal(vg_vrrp_plan_table(&plan, 0, false, 0), 42);
	assert_int_equal(vg_vrrp_plan_table(&plan, 0, false, 1), 7);
	assert_int_equal(vg_vrrp_plan_table(&plan, 0, false, 2), VG_RT_TABLE_UNRESOLVED);
	assert_int_equal(vg_vrrp_plan_table(&plan, 0, true, 0), 255);
	assert_int_equal(vg_vrrp_plan_table(&plan, 0, true, 1), 42);
	assert_int_equal(vg_vrrp_plan_table(&plan, 0, true, 2), VG_RT_TABLE_UNRESOLVED);
	assert_int_equal(vg_vrrp_plan_table(&plan, 1, false, 0), VG_RT_TABLE_UNRESOLVED);
	g = expect_diag(&d, "unknown-table", 13);
	assert_int_equal(g->severity, VG_DIAG_ERROR);
	assert_int_equal(g->loc.col, 36);
	expect_diag(&d, "unknown-table", 2); /* static_routes are checked too */
	assert_int_equal(d.errors, 2);
	vg_vrrp_plan_free(&plan);
	vg_diags_free(&d);

	/* no host table (simulator, explore): names stay unresolved and are not diagnosed */
	vg_diags_init(&d);
	assert_int_equal(vg_vrrp_plan_build(p.conf, &plan, &d), 0);
	assert_int_equal(vg_vrrp_plan_table(&plan, 0, false, 0), VG_RT_TABLE_UNRESOLVED);
	assert_int_equal(vg_vrrp_plan_table(&plan, 0, false, 1), 7);
	assert_int_equal(d.count, 0);
	plan_free_all(&p, &plan, &d);
}

/* garp_group interfaces map to the plan's interface ids (keepalived.conf(5) garp_group). */
static void test_garp_groups(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;

	(void)state;
	rc = plan_text("garp_group {\n    garp_interval 0.01\n    interface eth1\n}\n"
		       "garp_group {\n    gna_interval 0.02\n    interfaces {\n        eth0\n        eth2\n    }\n}\n"
		       "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n"
		       "    track_interface {\n        eth1\n        eth3\n    }\n"
		       "    virtual_ipaddress {\n        192.0.2.1\n    }\n}\n", NULL, &p, &plan, &d);
	assert_int_equal(p.rc, 0);
	assert_int_equal(rc, 0);
	assert_int_equal(plan.iface_garp[vg_vrrp_plan_iface(&plan, "eth0") - 1], 2);
	assert_int_equal(plan.iface_garp[vg_vrrp_plan_iface(&plan, "eth1") - 1], 1);
	assert_int_equal(plan.iface_garp[vg_vrrp_plan_iface(&plan, "eth3") - 1], 0);
	assert_int_equal(vg_vrrp_plan_garp_group(p.conf, "eth2"), 2);
	assert_int_equal(vg_vrrp_plan_garp_group(p.conf, "eth9"), 0);
	plan_free_all(&p, &plan, &d);
}

/* garp_extra_if [all] SECONDS, vrrp_garp_extra_if for the instances without one (keepalived.conf(5)) */
static void test_garp_extra_if(void **state)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	int rc;

	(void)state;
	rc = plan_text("global_defs {\n    vrrp_garp_extra_if all 100\n}\n"
		       "vrrp_instance A {\n    interface eth0\n    virtual_router_id 1\n    garp_extra_if all 30\n"
		       "    virtual_ipaddress {\n        192.0.2.1\n        198.51.100.1 dev eth1\n    }\n}\n"
		       "vrrp_instance B {\n    interface eth0\n    virtual_router_id 2\n"
		       "    virtual_ipaddress {\n        192.0.2.2\n    }\n"
		       "    virtual_ipaddress_excluded {\n        198.51.100.2 dev eth1\n    }\n}\n"
		       "vrrp_instance C {\n    interface eth0\n    virtual_router_id 3\n"
		       "    virtual_ipaddress {\n        192.0.2.3 dev eth0\n    }\n}\n"
		       "vrrp_instance D {\n    interface eth0\n    virtual_router_id 4\n    garp_extra_if 30\n"
		       "    virtual_ipaddress {\n        192.0.2.4\n        198.51.100.4 dev eth1\n    }\n}\n"
		       "vrrp_instance E {\n    interface eth0\n    virtual_router_id 5\n    garp_extra_if all 86401\n"
		       "    virtual_ipaddress {\n        192.0.2.5\n        198.51.100.5 dev eth1\n    }\n}\n", NULL, &p, &plan, &d);
	assert_int_equal(p.rc, 0);
	assert_int_equal(rc, 0);
	assert_int_equal(plan.inst_count, 5);
	assert_int_equal(plan.cfg[0].garp_extra_if_ns, VG_S(30));  /* its own */
	assert_int_equal(plan.cfg[1].garp_extra_if_ns, VG_S(100)); /* the global one; an eVIP on eth1 */
	assert_int_equal(plan.cfg[2].garp_extra_if_ns, 0);         /* no other interface: off */
	assert_int_equal(plan.cfg[3].garp_extra_if_ns, 0);         /* without all: vmacs of VIPs only */
	assert_int_equal(plan.cfg[4].garp_extra_if_ns, 0);         /* out of range: a warning, ignored */
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].loc.line, 42);
	plan_free_all(&p, &plan, &d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instances_mapped),
		cmocka_unit_test(test_unrunnable_instance),
		cmocka_unit_test(test_ah_state_master),
		cmocka_unit_test(test_lists_in_pools),
		cmocka_unit_test(test_group_members_bounded),
		cmocka_unit_test(test_instance_in_one_group),
		cmocka_unit_test(test_track_bfd),
		cmocka_unit_test(test_route_tables),
		cmocka_unit_test(test_garp_groups),
		cmocka_unit_test(test_garp_extra_if),
		cmocka_unit_test(test_track_src_ip),
		cmocka_unit_test(test_track_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
