// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the parser: every VRRP-side block into the typed tree,
 * defaults, brace styles, diagnostics with exact file:line:col, "did you
 * mean", keepalived 2.2.7's ranges and normalisations.
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

static void test_global_defs(void **state)
{
	const struct vg_conf_global *g;
	(void)state;
	parse_text(&P, "global_defs {\n"
		       "  notification_email {\n    a@x\n    b@x\n  }\n"
		       "  notification_email_from k@x\n"
		       "  smtp_server 192.0.2.9 2525\n"
		       "  smtp_connect_timeout 12\n"
		       "  router_id r1\n"
		       "  vrrp_garp_master_delay 7\n"
		       "  vrrp_garp_master_repeat 2\n"
		       "  vrrp_garp_interval 0.001\n"
		       "  vrrp_version 3\n"
		       "  vrrp_strict\n"
		       "  vrrp_check_unicast_src\n"
		       "  enable_script_security\n"
		       "  script_user nobody nogroup\n"
		       "  smtp_alert off\n"
		       "  vrrp_iptables chain_in chain_out\n"
		       "  smtp_alert_checker on\n"
		       "  no_checker_emails\n"
		       "}\n");
	assert_int_equal(P.rc, 0);
	g = &P.conf->global;
	assert_true(g->present);
	assert_int_equal(g->notification_email.count, 2);
	assert_string_equal(g->notification_email.items[1], "b@x");
	assert_string_equal(g->notification_email_from, "k@x");
	assert_string_equal(g->smtp_server, "192.0.2.9");
	assert_int_equal(g->smtp_server_addr.family, VG_AF_INET);
	assert_int_equal(g->smtp_server_port, 2525);
	assert_true(g->smtp_connect_timeout_ns == VG_S(12));
	assert_string_equal(g->router_id, "r1");
	assert_true(g->vrrp_garp_master_delay_ns == VG_S(7));
	assert_int_equal(g->vrrp_garp_master_repeat, 2);
	/* lower_prio defaults follow the master settings */
	assert_true(g->vrrp_garp_lower_prio_delay_ns == VG_S(7));
	assert_int_equal(g->vrrp_garp_lower_prio_repeat, 2);
	assert_true(g->vrrp_garp_interval_ns == VG_MS(1));
	assert_int_equal(g->vrrp_version, 3);
	assert_true(g->vrrp_strict);
	assert_int_equal(g->vrrp_strict_loc.line, 14);
	assert_true(g->vrrp_check_unicast_src);
	assert_true(g->enable_script_security);
	assert_string_equal(g->script_user, "nobody");
	assert_string_equal(g->script_group, "nogroup");
	assert_int_equal(g->smtp_alert, VG_TRI_OFF);
	assert_int_equal(g->smtp_alert_checker, VG_TRI_ON);
	assert_true(g->no_checker_emails); /* typed (was kept verbatim), no argument: on */
	assert_int_equal(g->extra->count, 1);
	assert_string_equal(g->extra->items[0].keyword, "vrrp_iptables");
	assert_int_equal(g->extra->items[0].args.count, 2);
}

/* keepalived 2.2.7 (Debian, NFTABLES, no IPTABLES): nftables [TABLE], its flags, and vrrp_iptables as nftables */
static void test_global_nftables(void **state)
{
	const struct vg_conf_global *g;

	(void)state;
	parse_text(&P, "");
	assert_null(P.conf->global.nftables);
	assert_false(P.conf->global.disable_local_igmp);
	parsed_free(&P);
	parse_text(&P, "global_defs {\n  nftables_priority 9\n  nftables mytab\n  nftables other\n"
		       "  nftables_counters\n  nftables_ifindex\n  disable_local_igmp\n}\n");
	g = &P.conf->global;
	assert_string_equal(g->nftables, "mytab"); /* the first wins */
	assert_int_equal(g->nftables_loc.line, 3);
	assert_false(g->nftables_priority.set);    /* nftables resets it to -1 */
	assert_true(g->nftables_counters && g->nftables_ifindex && g->disable_local_igmp);
	expect_diag(&P.diags, "duplicate", 4);
	parsed_free(&P);
	parse_text(&P, "global_defs {\n  nftables\n  nftables_priority 9\n}\n");
	assert_string_equal(P.conf->global.nftables, "keepalived");
	assert_true(P.conf->global.nftables_priority.set);
	assert_int_equal(P.conf->global.nftables_priority.value, 9);
	parsed_free(&P);
	/* "iptables not supported, using nftables instead" */
	parse_text(&P, "global_defs {\n  vrrp_iptables IN OUT\n}\n");
	assert_string_equal(P.conf->global.nftables, "keepalived");
	assert_true(P.conf->global.nftables_from_iptables);
	expect_diag(&P.diags, "deprecated", 2);
}

static void test_global_defaults(void **state)
{
	const struct vg_conf_global *g;
	char a[VG_ADDR_STRLEN];
	(void)state;
	parse_text(&P, "");
	assert_int_equal(P.rc, 0);
	g = &P.conf->global;
	assert_false(g->present);
	assert_true(g->vrrp_garp_master_delay_ns == VG_S(5));
	assert_int_equal(g->vrrp_garp_master_repeat, 5);
	assert_int_equal(g->vrrp_garp_master_refresh_repeat, 1);
	assert_int_equal(g->vrrp_version, 2);
	assert_string_equal(vg_addr_format(&g->vrrp_mcast_group4, a, sizeof(a)), "224.0.0.18");
	assert_string_equal(g->default_interface, "eth0");
}

static const char *full_instance =
	"vrrp_script chk {\n"                                 /* 1 */
	"  script \"/usr/bin/check 'a b'\"\n"                  /* 2 */
	"  interval 2\n  timeout 3\n  weight -20 reverse\n  rise 2\n  fall 3\n  user nobody\n  init_fail\n"
	"}\n"                                                  /* 10 */
	"track_file tf {\n  file /run/tf\n  weight -5\n  init_file 3 overwrite\n}\n" /* 11-15 */
	"vrrp_track_process tp {\n  process haproxy -f x\n  param_match initial\n  weight 7\n  quorum 2\n  delay 0.5\n  full_command\n}\n" /* 16-23 */
	"vrrp_instance VI_1 {\n"                               /* 24 */
	"  state BACKUP\n  interface eth0\n  virtual_router_id 42\n  priority 120\n  advert_int 0.5\n" /* 25-29 */
	"  version 3\n"                                        /* 30 */
	"  authentication {\n    auth_type PASS\n    auth_pass secret\n  }\n" /* 31-34 */
	"  virtual_ipaddress {\n"                              /* 35 */
	"    192.0.2.10/24 brd 192.0.2.255 dev eth0 scope global label eth0:1\n"
	"    192.0.2.11 no_track\n"
	"  }\n"
	"  virtual_ipaddress_excluded {\n    2001:db8::1/64\n  }\n" /* 39-41 */
	"  virtual_routes {\n    src 192.0.2.10 to 198.51.100.0/24 via 192.0.2.1 dev eth0\n  }\n" /* 42-44 */
	"  virtual_rules {\n    from 192.0.2.0/24 table 1 no_track\n  }\n" /* 45-47 */
	"  track_interface {\n    eth1\n    eth2 weight -10\n  }\n" /* 48-51 */
	"  track_script {\n    chk\n  }\n" /* 52-54 */
	"  track_file {\n    tf weight 3 reverse\n  }\n" /* 55-57 */
	"  track_process {\n    tp\n  }\n" /* 58-60 */
	"  unicast_src_ip 192.0.2.2\n" /* 61 */
	"  unicast_peer {\n    192.0.2.3 min_ttl 250 max_ttl 255\n    192.0.2.4\n  }\n" /* 62-65 */
	"  garp_master_delay 1\n  garp_master_repeat 3\n  preempt_delay 4.5\n  no_accept\n" /* 66-69 */
	"  notify_master /etc/k/master.sh\n  notify \"/etc/k/n.sh x\" nobody\n  smtp_alert\n" /* 70-72 */
	"  use_vmac vrrp.42\n  dont_track_primary\n  debug 2\n" /* 73-75 */
	"}\n";

static void test_instance_full(void **state)
{
	const struct vg_conf_instance *in;
	const struct vg_conf_vrrp_script *s;
	char a[VG_ADDR_STRLEN];
	(void)state;
	parse_text(&P, full_instance);
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	s = &P.conf->scripts.items[0];
	assert_string_equal(s->name, "chk");
	assert_string_equal(s->script.cmd, "/usr/bin/check 'a b'");
	assert_int_equal(s->script.argv.count, 2);
	assert_string_equal(s->script.argv.items[1], "a b");
	assert_string_equal(s->script.user, "nobody");
	assert_true(s->interval_ns == VG_S(2));
	assert_true(s->timeout_ns == VG_S(3));
	assert_int_equal(s->weight, -20);
	assert_true(s->weight_reverse);
	assert_int_equal(s->rise, 2);
	assert_int_equal(s->fall, 3);
	assert_true(s->init_fail);
	assert_string_equal(P.conf->track_files.items[0].file, "/run/tf");
	assert_int_equal(P.conf->track_files.items[0].weight, -5);
	assert_int_equal(P.conf->track_files.items[0].init_value, 3);
	assert_true(P.conf->track_files.items[0].init_overwrite);
	assert_int_equal(P.conf->track_processes.items[0].process.count, 3);
	assert_int_equal(P.conf->track_processes.items[0].param_match, VG_PARAM_MATCH_INITIAL);
	assert_int_equal(P.conf->track_processes.items[0].quorum, 2);
	assert_true(P.conf->track_processes.items[0].fork_delay_ns == VG_MS(500));

	in = inst(0);
	assert_string_equal(in->name, "VI_1");
	assert_int_equal(in->loc.line, 24);
	assert_int_equal(in->state, VG_CONF_STATE_BACKUP);
	assert_string_equal(in->interface, "eth0");
	assert_int_equal(in->virtual_router_id, 42);
	assert_int_equal(in->priority, 120);
	assert_int_equal(in->adver_int_cs, 50);
	assert_int_equal(in->version, 3);
	assert_int_equal(in->auth_type, VG_CONF_AUTH_PASS);
	assert_string_equal(in->auth_pass, "secret");
	assert_int_equal(in->vips.count, 2);
	assert_string_equal(vg_addr_format(&in->vips.items[0].addr, a, sizeof(a)), "192.0.2.10");
	assert_int_equal(in->vips.items[0].prefix_len, 24);
	assert_true(in->vips.items[0].prefix_set);
	assert_string_equal(in->vips.items[0].dev, "eth0");
	assert_string_equal(in->vips.items[0].label, "eth0:1");
	assert_string_equal(in->vips.items[0].scope, "global");
	assert_int_equal(in->vips.items[0].loc.line, 36);
	assert_int_equal(in->vips.items[0].loc.col, 5);
	assert_int_equal(in->vips.items[1].prefix_len, 32);
	assert_false(in->vips.items[1].prefix_set);
	assert_true(in->vips.items[1].no_track);
	assert_int_equal(in->evips.count, 1);
	assert_int_equal(in->evips.items[0].addr.family, VG_AF_INET6);
	assert_int_equal(in->routes.count, 1);
	assert_true(in->routes.items[0].has_dst);
	assert_string_equal(vg_addr_format(&in->routes.items[0].dst, a, sizeof(a)), "198.51.100.0");
	assert_int_equal(in->rules.count, 1);
	assert_true(in->rules.items[0].no_track);
	assert_int_equal(in->track.interfaces.count, 2);
	assert_int_equal(in->track.interfaces.items[1].weight, -10);
	assert_int_equal(in->track.scripts.count, 1);
	assert_false(in->track.scripts.items[0].weight_set);
	assert_int_equal(in->track.scripts.items[0].weight_effective, -20); /* the script's */
	assert_int_equal(in->track.files.items[0].weight_effective, 3);
	assert_true(in->track.files.items[0].reverse);
	assert_int_equal(in->track.processes.items[0].weight_effective, 7);
	assert_int_equal(in->unicast_src_ip.family, VG_AF_INET);
	assert_int_equal(in->unicast_peers.count, 2);
	assert_int_equal(in->unicast_peers.items[0].min_ttl, 250);
	assert_int_equal(in->unicast_peers.items[1].max_ttl, -1);
	assert_true(in->garp_master_delay_ns == VG_S(1));
	assert_int_equal(in->garp_master_repeat, 3);
	assert_true(in->preempt_delay_ns == VG_MS(4500));
	assert_int_equal(in->accept_written, VG_TRI_OFF);
	assert_false(in->accept);
	assert_string_equal(in->notify_master->cmd, "/etc/k/master.sh");
	assert_string_equal(in->notify->cmd, "/etc/k/n.sh x");
	assert_string_equal(in->notify->user, "nobody");
	assert_int_equal(in->smtp_alert, VG_TRI_ON);
	assert_true(in->use_vmac);
	assert_string_equal(in->vmac_name, "vrrp.42");
	assert_true(in->dont_track_primary);
	assert_null(in->extra);
	assert_int_equal(in->debug, 2); /* typed: shown in the state dump (keepalived 2.2.7) */
}

static void test_instance_defaults(void **state)
{
	const struct vg_conf_instance *in;
	(void)state;
	parse_text(&P, "global_defs {\n vrrp_garp_master_repeat 3\n}\n"
		       "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		       " virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n");
	assert_int_equal(P.rc, 0);
	in = inst(0);
	assert_int_equal(in->priority, 100);
	assert_int_equal(in->priority_written, 0);
	assert_int_equal(in->adver_int_cs, 100);
	assert_int_equal(in->version, 2);
	assert_int_equal(in->state, VG_CONF_STATE_BACKUP);
	assert_false(in->state_set);
	assert_true(in->garp_master_delay_ns == VG_S(5));
	assert_int_equal(in->garp_master_repeat, 3); /* from global_defs */
	assert_int_equal(in->down_timer_adverts, 3);
	assert_true(in->accept);
	assert_false(in->nopreempt);
	assert_int_equal(in->family, VG_AF_INET);
}

static void test_ipv6_instance_is_v3(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		       " virtual_ipaddress {\n  fe80::1/64\n  2001:db8::1/64\n }\n}\n");
	assert_int_equal(P.rc, 0);
	assert_int_equal(inst(0)->family, VG_AF_INET6);
	assert_int_equal(inst(0)->version, 3);
}

static void test_brace_styles(void **state)
{
	(void)state;
	/* '{' on the next line, content after '{', '}' at the end of a line */
	parse_text(&P, "global_defs { router_id abc\n  vrrp_garp_master_delay 7 }\n"
		       "vrrp_instance VI_1\n{\n  interface eth0\n  virtual_router_id 9\n"
		       "  virtual_ipaddress { 10.0.0.1/24 dev lo\n    10.0.0.2/24 }\n}\n");
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	assert_int_equal(P.diags.count, 0);
	assert_string_equal(P.conf->global.router_id, "abc");
	assert_true(P.conf->global.vrrp_garp_master_delay_ns == VG_S(7));
	assert_int_equal(inst(0)->virtual_router_id, 9);
	assert_int_equal(inst(0)->vips.count, 2);
}

static void test_sync_group_and_garp_group(void **state)
{
	const struct vg_conf_sync_group *g;
	(void)state;
	parse_text(&P, "vrrp_script s {\n script /bin/true\n weight 10\n}\n"
		       "vrrp_sync_group G {\n group {\n  A\n  B\n }\n"
		       " track_script {\n  s weight -3\n }\n"
		       " notify_master \"/x.sh master\"\n notify_fault /y.sh\n smtp_alert\n}\n"
		       "garp_group {\n garp_interval 0.1\n interfaces {\n  eth0\n  eth1\n }\n}\n"
		       "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n track_script {\n  s\n }\n"
		       " virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n"
		       "vrrp_instance B {\n interface eth1\n virtual_router_id 2\n"
		       " virtual_ipaddress {\n  192.0.2.2/24\n }\n}\n");
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	g = &P.conf->sync_groups.items[0];
	assert_string_equal(g->name, "G");
	assert_int_equal(g->group.count, 2);
	assert_int_equal(g->track.scripts.items[0].weight, -3);
	assert_string_equal(g->notify_master->cmd, "/x.sh master");
	assert_int_equal(g->smtp_alert, VG_TRI_ON);
	assert_true(P.conf->garp_groups.items[0].garp_interval_ns == VG_MS(100));
	assert_int_equal(P.conf->garp_groups.items[0].interfaces.count, 2);
	assert_string_equal(inst(0)->sync_group, "G");
	/* keepalived zeroes tracking weights of sync group members */
	assert_int_equal(inst(0)->track.scripts.items[0].weight_effective, 0);
	expect_diag(&P.diags, "sync-group-weight", 28);
}

/*
 * A second vrrp_instance or vrrp_sync_group of a name already used: keepalived 2.2.7 -P -D,
 * SIGUSR1 data file: "(FILE: Line 12) vrrp instance VI_1 already defined", "vrrp sync group VG_1
 * already defined"; its data shows the first definitions only (VRID 1, VG_1 = VI_1). Found by
 * fuzz-config: the second one was kept, so two instances ran under one name.
 */
/* Found by fuzz-config (UBSan): a time of 17777777777777 s overflowed the microseconds */
static void test_decimal_us_bounds(void **state)
{
	int64_t us = 0;

	(void)state;
	assert_int_equal(vg_parse_decimal_us("1.5", &us), 0);
	assert_int_equal(us, 1500000);
	assert_int_equal(vg_parse_decimal_us("9223372036853", &us), 0);
	assert_int_equal(us, INT64_C(9223372036853000000));
	assert_int_equal(vg_parse_decimal_us("9223372036854", &us), -1);
	assert_int_equal(vg_parse_decimal_us("17777777777777", &us), -1);
	assert_int_equal(vg_parse_decimal_us("99999999999999999999999", &us), -1);
	parse_text(&P, "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n advert_int 17777777777777\n"
		       " virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n");
	assert_true(P.diags.errors > 0 || P.diags.warnings > 0);
}

static void test_duplicate_names_skipped(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		       " virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n"
		       "vrrp_instance A\n{\n interface eth1\n virtual_router_id 2\n bogus_word {\n x\n }\n"
		       " virtual_ipaddress {\n  192.0.2.2/24\n }\n}\n"
		       "vrrp_instance B {\n interface eth0\n virtual_router_id 3\n"
		       " virtual_ipaddress {\n  192.0.2.3/24\n }\n}\n"
		       "vrrp_sync_group G {\n group {\n  A\n  B\n }\n}\n"
		       "vrrp_sync_group G {\n group {\n  B\n }\n}\n");
	assert_int_equal(P.conf->instances.count, 2);
	assert_int_equal(inst(0)->virtual_router_id, 1);
	assert_string_equal(inst(1)->name, "B");
	assert_int_equal(P.conf->sync_groups.count, 1);
	assert_int_equal(P.conf->sync_groups.items[0].group.count, 2);
	assert_non_null(strstr(expect_diag(&P.diags, "duplicate-name", 8)->message,
			       "vrrp instance A already defined (line 1)"));
	assert_non_null(strstr(expect_diag(&P.diags, "duplicate-name", 32)->message,
			       "vrrp sync group G already defined (line 26)"));
	/* the skipped block's words are not read: no unknown-keyword for bogus_word */
	assert_null(vg_diags_find(&P.diags, "unknown-keyword", 0));
	assert_int_equal(P.diags.errors, 0);
}

/*
 * global_tracking (deprecated): keepalived 2.2.7's handler warns and sets the
 * group's sync_group_tracking_weight, so members keep their tracking weights.
 */
static void test_global_tracking_keeps_weights(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_script s {\n script /bin/true\n weight 10\n}\n"
		       "vrrp_sync_group G {\n group {\n  A\n }\n global_tracking\n}\n"
		       "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n track_script {\n  s\n }\n"
		       " virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n");
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	assert_true(P.conf->sync_groups.items[0].global_tracking);
	assert_int_equal(inst(0)->track.scripts.items[0].weight_effective, 10);
	expect_diag(&P.diags, "deprecated", 9);
	assert_null(vg_diags_find(&P.diags, "sync-group-weight", 0));
}

/*
 * keepalived.conf(5) notify_deleted [script]: the keyword alone sets DELETED
 * instead of FAULT; with a script it also names that script. In an instance
 * and in a sync group; the two are stored apart. The global
 * vrrp_notify_priority_changes is the default of an instance's option.
 */
static void test_notify_deleted_and_priority_changes(void **state)
{
	const struct vg_conf_sync_group *g;
	(void)state;
	parse_text(&P, "global_defs {\n vrrp_notify_priority_changes\n}\n"
		       "vrrp_sync_group G {\n group {\n  A\n }\n notify_deleted /g.sh\n}\n"
		       "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n notify_deleted\n"
		       " notify_priority_changes off\n virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n"
		       "vrrp_instance B {\n interface eth0\n virtual_router_id 2\n notify_deleted \"/b.sh x\"\n"
		       " virtual_ipaddress {\n  192.0.2.2/24\n }\n}\n"
		       "vrrp_instance C {\n interface eth0\n virtual_router_id 3\n"
		       " virtual_ipaddress {\n  192.0.2.3/24\n }\n}\n");
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	g = &P.conf->sync_groups.items[0];
	assert_true(g->notify_deleted_set);
	assert_string_equal(g->notify_deleted->cmd, "/g.sh");
	assert_true(inst(0)->notify_deleted_set);
	assert_null(inst(0)->notify_deleted);
	assert_true(inst(1)->notify_deleted_set);
	assert_string_equal(inst(1)->notify_deleted->cmd, "/b.sh x");
	assert_false(inst(2)->notify_deleted_set);
	assert_null(inst(2)->notify_deleted);
	assert_int_equal(P.conf->global.vrrp_notify_priority_changes, VG_TRI_ON);
	assert_int_equal(inst(0)->notify_priority_changes, VG_TRI_OFF);
	assert_int_equal(inst(1)->notify_priority_changes, VG_TRI_UNSET);
}

static void test_bfd_and_extra_blocks(void **state)
{
	const struct vg_conf_bfd_instance *b;

	(void)state;
	parse_text(&P, "bfd_instance b1 {\n neighbor_ip 192.0.2.7\n min_rx 20\n min_tx 3.312\n multiplier 3\n"
		       " passive\n max_hops 2\n checker\n weight 5\n}\n"
		       "bfd_instance b2 {\n neighbour_ip 2001:db8::7\n}\n"
		       "static_routes {\n 192.0.2.0/24 via 192.0.2.1\n}\n"
		       "linkbeat_interfaces {\n eth0\n}\n");
	assert_int_equal(P.rc, 0);
	b = &P.conf->bfd_instances.items[0];
	assert_int_equal(b->neighbor_ip.family, VG_AF_INET);
	assert_int_equal(b->weight, 5);
	/* keepalived.conf(5): min_rx / min_tx in ms with us resolution; idle_tx 1000 ms by default */
	assert_int_equal(b->min_rx_us, 20000);
	assert_int_equal(b->min_tx_us, 3312);
	assert_int_equal(b->idle_tx_us, 1000000);
	assert_int_equal(b->multiplier, 3);
	assert_true(b->passive);
	assert_int_equal(b->max_hops, 2);
	assert_true(b->checker);
	assert_false(b->vrrp);
	assert_null(b->extra);
	b = &P.conf->bfd_instances.items[1];
	assert_int_equal(b->neighbor_ip.family, VG_AF_INET6);
	assert_int_equal(b->min_rx_us, 10000);
	assert_int_equal(b->multiplier, 5);
	/* linkbeat_interfaces is typed (parse_link.c) */
	assert_null(P.conf->extra);
	assert_int_equal(P.conf->link_ifs.count, 1);
	assert_string_equal(P.conf->link_ifs.items[0].name, "eth0");
	assert_true(P.conf->link_ifs.items[0].linkbeat);
	/* static_routes is typed (parse_route.c) */
	assert_int_equal(P.conf->static_routes.count, 1);
	assert_non_null(P.conf->static_routes.items[0].route);
}

/*
 * Numeric process tuning options: typed with keepalived 2.2.7's ranges. Its
 * -t on the same lines: "(Line 2) number '50' outside range [-20, 19]",
 * "(Line 5) vrrp process real-time priority 200 greater than maximum 99 -
 * setting to maximum", "(Line 8) number '0' outside range [1, 1000]".
 */
static void test_global_numeric(void **state)
{
	const struct vg_conf_global *g;
	const struct vg_diag *d;
	(void)state;
	parse_text(&P, "global_defs {\n"
		       "  vrrp_priority 50\n"             /* 2 */
		       "  checker_priority -20\n"         /* 3 */
		       "  bfd_priority x\n"               /* 4 */
		       "  vrrp_rt_priority 200\n"         /* 5 */
		       "  vrrp_rlimit_rttime 1\n"         /* 6 */
		       "  checker_rlimit_rtime 5000\n"    /* 7 */
		       "  startup_script_timeout 0\n"     /* 8 */
		       "  max_auto_priority -1\n"         /* 9 */
		       "  vrrp_netlink_cmd_rcv_bufs 1048576\n" /* 10 */
		       "  nftables_priority -150\n"       /* 11 */
		       "  random_seed 4294967296\n"       /* 12 */
		       "}\n");
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID);
	g = &P.conf->global;
	d = expect_diag(&P.diags, "out-of-range", 2);
	assert_int_equal(d->loc.col, 17);
	assert_false(g->vrrp_priority.set);
	assert_true(g->checker_priority.set);
	assert_int_equal(g->checker_priority.value, -20);
	expect_diag(&P.diags, "invalid-number", 4);
	expect_diag(&P.diags, "out-of-range", 5);
	assert_true(g->vrrp_rt_priority.set);
	assert_int_equal(g->vrrp_rt_priority.value, 99); /* clamped, as keepalived */
	assert_int_equal(g->vrrp_rlimit_rttime.value, 2);
	expect_diag(&P.diags, "deprecated", 7);
	assert_int_equal(g->checker_rlimit_rttime.value, 5000);
	expect_diag(&P.diags, "out-of-range", 8);
	assert_false(g->startup_script_timeout.set);
	assert_int_equal(g->max_auto_priority.value, -1);
	assert_int_equal(g->vrrp_netlink_cmd_rcv_bufs.value, 1048576);
	assert_int_equal(g->nftables_priority.value, -150);
	assert_int_equal(g->nftables_priority.loc.line, 11);
	expect_diag(&P.diags, "out-of-range", 12);
	/* still kept verbatim for vigild's readers of global.extra */
	assert_non_null(vg_conf_extra_find(g->extra, "vrrp_priority"));
	assert_non_null(vg_conf_extra_find(g->extra, "vrrp_rt_priority"));
}

static void test_unknown_keyword_did_you_mean(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_text(&P, "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n  priorty 50\n"
		       "  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\n");
	g = expect_diag(&P.diags, "unknown-keyword", 4);
	assert_int_equal(g->severity, VG_DIAG_WARNING);
	assert_int_equal(g->loc.col, 3);
	assert_string_equal(g->suggestion, "priority");
	assert_string_equal(g->text, "  priorty 50");
	assert_string_equal(g->loc.file, "/etc/keepalived/keepalived.conf");
	assert_int_equal(inst(0)->priority, 100);
	assert_int_equal(P.rc, 0); /* keepalived accepts the file */
}

static void test_unknown_block_like_keepalived(void **state)
{
	const struct vg_diag *g;
	(void)state;
	/* keepalived ignores the keyword and its '{': the block's '}' closes the instance */
	parse_text(&P, "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n"
		       "  virtual _ipaddress {\n    192.0.2.1\n  }\n  priority 50\n}\n");
	g = expect_diag(&P.diags, "unknown-block", 4);
	assert_string_equal(g->suggestion, "virtual_ipaddress");
	assert_int_equal(g->loc.col, 3);
	assert_non_null(strstr(g->message, "its '}' closes the vrrp_instance"));
	expect_diag(&P.diags, "unknown-keyword", 5);
	/* "priority 50" is now at the top level, and so is the last '}' */
	expect_diag(&P.diags, "unknown-keyword", 7);
	expect_diag(&P.diags, "unexpected-brace", 8);
	assert_int_equal(inst(0)->vips.count, 0);
	assert_int_equal(inst(0)->priority, 100);
	assert_int_equal(inst(0)->ignored.count, 1);
	assert_string_equal(inst(0)->ignored.items[0].text, "virtual _ipaddress");
	/* at the top level the message names it once ("closes the top level") */
	teardown(state);
	parse_text(&P, "bad_block {\n}\n");
	g = expect_diag(&P.diags, "unknown-block", 1);
	assert_non_null(strstr(g->message, "closes the top level"));
	assert_null(strstr(g->message, "the the"));
}

static void test_ranges(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_text(&P, "global_defs {\n  vrrp_garp_interval 0\n  vrrp_gna_interval 0.000001\n}\n"
		       "vrrp_instance V {\n  interface eth0\n  virtual_router_id 300\n  priority 0\n"
		       "  advert_int 0\n  unicast_ttl 256\n}\n");
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID);
	g = expect_diag(&P.diags, "out-of-range", 2);
	assert_int_equal(g->severity, VG_DIAG_ERROR);
	assert_int_equal(g->loc.col, 22);
	assert_non_null(strstr(g->message, "0.000001..4294.967295"));
	assert_true(P.conf->global.vrrp_gna_interval_ns == VG_US(1));
	expect_diag(&P.diags, "out-of-range", 7);
	expect_diag(&P.diags, "out-of-range", 8);
	expect_diag(&P.diags, "out-of-range", 9);
	expect_diag(&P.diags, "out-of-range", 10);
	expect_diag(&P.diags, "missing-vrid", 5);
	assert_int_equal(inst(0)->priority, 100); /* keepalived keeps the default */
	assert_int_equal(inst(0)->adver_int_cs, 100);
}

static void test_invalid_values(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_text(&P, "vrrp_instance V {\n  state MASTR\n  interface eth0\n  virtual_router_id x\n"
		       "  virtual_ipaddress {\n    192.0.2.300\n    192.0.2.1/33\n    192.0.2.2/24 dve eth0\n  }\n"
		       "  smtp_alert maybe\n}\n");
	g = expect_diag(&P.diags, "invalid-value", 2);
	assert_string_equal(g->suggestion, "MASTER");
	assert_int_equal(g->loc.col, 9);
	expect_diag(&P.diags, "invalid-number", 4);
	expect_diag(&P.diags, "invalid-address", 6);
	expect_diag(&P.diags, "invalid-prefix", 7);
	g = expect_diag(&P.diags, "invalid-value", 8);
	assert_string_equal(g->suggestion, "dev");
	expect_diag(&P.diags, "invalid-bool", 10);
	/* as keepalived: /33 becomes /32, an unknown option is dropped, the addresses stay */
	assert_int_equal(inst(0)->vips.count, 2);
	assert_int_equal(inst(0)->vips.items[0].prefix_len, 32);
	assert_null(inst(0)->vips.items[1].dev);
}

static void test_auth_pass_truncated(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_text(&P, "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n"
		       "  authentication {\n    auth_type PASS\n    auth_pass 123456789012\n  }\n}\n");
	g = expect_diag(&P.diags, "auth-pass-truncated", 6);
	assert_int_equal(g->severity, VG_DIAG_WARNING);
	assert_string_equal(inst(0)->auth_pass, "12345678");
	assert_string_equal(inst(0)->auth_pass_written, "123456789012");
}

static void test_normalisations(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_instance A {\n  state MASTER\n  interface eth0\n  virtual_router_id 1\n"
		       "  nopreempt\n  preempt_delay 10\n}\n"
		       "vrrp_instance B {\n  interface eth0\n  virtual_router_id 2\n  priority 255\n  nopreempt\n}\n"
		       "vrrp_instance C {\n  interface eth0\n  virtual_router_id 3\n  nopreempt\n  preempt_delay 300\n}\n");
	expect_diag(&P.diags, "nopreempt-master", 5);
	expect_diag(&P.diags, "preempt-delay-master", 6);
	assert_true(inst(0)->nopreempt_written);
	assert_false(inst(0)->nopreempt);
	assert_true(inst(0)->preempt_delay_written_ns == VG_S(10));
	assert_true(inst(0)->preempt_delay_ns == 0);
	expect_diag(&P.diags, "nopreempt-owner", 12);
	assert_false(inst(1)->nopreempt);
	expect_diag(&P.diags, "preempt-delay-nopreempt", 18);
	assert_true(inst(2)->nopreempt);
	assert_true(inst(2)->preempt_delay_ns == 0);
	assert_true(inst(2)->preempt_delay_written_ns == VG_S(300));
}

static void test_strict_mode_normalisation(void **state)
{
	(void)state;
	parse_text(&P, "global_defs {\n  vrrp_strict\n}\n"
		       "vrrp_instance A {\n  interface eth0\n  virtual_router_id 1\n"
		       "  authentication {\n    auth_type PASS\n    auth_pass x\n  }\n"
		       "  preempt_delay 3\n  accept\n}\n"
		       "vrrp_instance B {\n  interface eth0\n  virtual_router_id 2\n  strict_mode off\n}\n");
	assert_true(inst(0)->strict);
	assert_int_equal(inst(0)->auth_type, VG_CONF_AUTH_NONE);
	assert_int_equal(inst(0)->auth_type_written, VG_CONF_AUTH_PASS);
	expect_diag(&P.diags, "strict-auth", 7);
	expect_diag(&P.diags, "strict-preempt-delay", 11);
	expect_diag(&P.diags, "strict-accept", 12);
	assert_false(inst(0)->accept);
	assert_false(inst(1)->strict);
	assert_true(inst(1)->accept);
}

static void test_track_script_undefined(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_script real {\n script /bin/true\n}\n"
		       "vrrp_script empty {\n interval 2\n}\n"
		       "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n"
		       "  track_script {\n    nope\n    empty\n    real weight 300\n  }\n}\n");
	expect_diag(&P.diags, "script-missing", 4);
	expect_diag(&P.diags, "track-script-undefined", 11);
	expect_diag(&P.diags, "track-script-undefined", 12);
	expect_diag(&P.diags, "out-of-range", 13);
}

static void test_missing_brace_and_eof(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_text(&P, "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n  authentication\n");
	expect_diag(&P.diags, "missing-brace", 4);
	g = expect_diag(&P.diags, "missing-brace", 1);
	assert_int_equal(g->severity, VG_DIAG_ERROR);
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID);
}

static void test_stray_argument(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_text(&P, "global_defs {\n    notification_email_from a@b c\n}\n");
	g = expect_diag(&P.diags, "extra-argument", 2);
	assert_int_equal(g->loc.col, 33);
	assert_string_equal(P.conf->global.notification_email_from, "a@b");
}

static void test_conditional_parse_and_seq(void **state)
{
	struct memfs fs = { { "/k.conf" },
			    { "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n"
			      "@a  priority 200\n@b  priority 50\n"
			      "  virtual_ipaddress {\n~SEQ(N, 1, 3)    192.0.2.${N}/24\n  }\n}\n" },
			    1 };
	(void)state;
	parse_fs(&P, &fs, "b");
	assert_int_equal(P.rc, 0);
	assert_int_equal(inst(0)->priority, 50);
	assert_int_equal(inst(0)->priority_loc.line, 5);
	assert_int_equal(inst(0)->vips.count, 3);
	assert_int_equal(inst(0)->vips.items[2].loc.line, 7);
}

static void test_include_locations(void **state)
{
	struct memfs fs = { { "/etc/k/k.conf", "/etc/k/vi.conf" },
			    { "global_defs {\n router_id x\n}\ninclude vi.conf\n",
			      "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n  priorty 3\n}\n" },
			    2 };
	const struct vg_diag *g;
	(void)state;
	parse_fs(&P, &fs, NULL);
	g = expect_diag(&P.diags, "unknown-keyword", 4);
	assert_string_equal(g->loc.file, "/etc/k/vi.conf");
	assert_string_equal(inst(0)->loc.file, "/etc/k/vi.conf");
	assert_int_equal(P.conf->files.count, 2);
}

static void test_io_error(void **state)
{
	struct memfs fs = { { "/missing" }, { NULL }, 0 };
	struct vg_conf_loader loader = { memfs_read, memfs_glob, &fs };
	struct vg_conf_options opts = { &loader, NULL, 0 };
	(void)state;
	fs.path[0] = "/missing";
	vg_diags_init(&P.diags);
	P.rc = vg_conf_parse("/missing", &opts, &P.conf, &P.diags);
	assert_int_equal(P.rc, VG_CONF_ERR_IO);
	assert_null(P.conf);
	expect_diag(&P.diags, "io", 0);
}

static void test_keepalived_integer_and_rounding_rules(void **state)
{
	(void)state;
	/* keepalived 2.2.7: "invalid number '0.5'" for a vrrp_script interval; VRRPv2 rounds advert_int */
	parse_text(&P, "vrrp_script s {\n  script /bin/true\n  interval 0.5\n  weight 254\n}\n"
		       "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n  advert_int 1.6\n}\n");
	expect_diag(&P.diags, "invalid-number", 3);
	expect_diag(&P.diags, "out-of-range", 4);
	assert_true(P.conf->scripts.items[0].interval_ns == VG_S(1));
	expect_diag(&P.diags, "advert-int-v2", 9);
	assert_int_equal(inst(0)->adver_int_cs, 200);
}

static void test_instance_rejects_global_only_keywords(void **state)
{
	(void)state;
	/* keepalived 2.2.7 -t: "Unknown keyword 'gna_interval'" inside vrrp_instance */
	parse_text(&P, "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n  gna_interval 0.5\n"
		       "  garp_interval 0.5\n  garp_lower_prio_delay 3\n}\n");
	expect_diag(&P.diags, "unknown-keyword", 4);
	expect_diag(&P.diags, "unknown-keyword", 5);
	assert_null(vg_diags_find(&P.diags, "unknown-keyword", 6));
	assert_true(inst(0)->garp_lower_prio_delay_ns == VG_S(3));
}

static void test_native_ipv6(void **state)
{
	(void)state;
	/* keepalived 2.2.7 -t, native_ipv6 before an IPv4 VIP: "address family must match VRRP
	   instance [192.0.2.100/24] - ignoring", and an IPv6 instance without a VIP is refused */
	parse_text(&P, "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n  native_ipv6\n"
		       "  virtual_ipaddress {\n    192.0.2.100/24\n  }\n}\n"
		       "vrrp_instance W {\n  interface eth0\n  virtual_router_id 2\n  native_ipv6\n"
		       "  virtual_ipaddress {\n    2001:db8::1/64\n  }\n}\n");
	expect_diag(&P.diags, "native-ipv6-family", 4);
	assert_null(vg_diags_find(&P.diags, "native-ipv6-family", 12));
	assert_int_equal(inst(1)->family, VG_AF_INET6);
	assert_int_equal(inst(1)->version, 3);
}

static void test_suggest(void **state)
{
	const char *c[] = { "virtual_ipaddress", "virtual_router_id", "priority", "nopreempt" };
	(void)state;
	assert_string_equal(vg_diag_suggest("priorty", c, 4), "priority");
	assert_string_equal(vg_diag_suggest("no_preempt", c, 4), "nopreempt");
	assert_string_equal(vg_diag_suggest("virtual_ipadress", c, 4), "virtual_ipaddress");
	assert_null(vg_diag_suggest("zzzzzz", c, 4));
	assert_int_equal(vg_diag_edit_distance("kitten", "sitting", 99), 3);
}

/*
 * "did you mean" is bounded per file: the first VG_CONF_SUGGESTIONS_MAX
 * unknown words get a suggestion, later ones are still reported, without.
 */
static void test_suggestions_bounded(void **state)
{
	size_t n = VG_CONF_SUGGESTIONS_MAX + 20, len = 0;
	char *text = malloc(n * 16 + 64);
	uint32_t with = 0, without = 0;

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text + len, "global_defs {\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "  router_idd x\n");
	sprintf(text + len, "}\n");
	parse_text(&P, text);
	free(text);
	for (uint32_t i = 0; i < P.diags.count; i++) {
		if (strcmp(P.diags.items[i].code, "unknown-keyword") != 0)
			continue;
		if (P.diags.items[i].suggestion) {
			assert_string_equal(P.diags.items[i].suggestion, "router_id");
			with++;
		} else {
			without++;
		}
	}
	assert_int_equal(with, VG_CONF_SUGGESTIONS_MAX);
	assert_int_equal(without, 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_global_defs, teardown),
		cmocka_unit_test_teardown(test_duplicate_names_skipped, teardown),
		cmocka_unit_test_teardown(test_decimal_us_bounds, teardown),
		cmocka_unit_test_teardown(test_suggestions_bounded, teardown),
		cmocka_unit_test_teardown(test_global_defaults, teardown),
		cmocka_unit_test_teardown(test_global_nftables, teardown),
		cmocka_unit_test_teardown(test_instance_full, teardown),
		cmocka_unit_test_teardown(test_notify_deleted_and_priority_changes, teardown),
		cmocka_unit_test_teardown(test_instance_defaults, teardown),
		cmocka_unit_test_teardown(test_ipv6_instance_is_v3, teardown),
		cmocka_unit_test_teardown(test_brace_styles, teardown),
		cmocka_unit_test_teardown(test_sync_group_and_garp_group, teardown),
		cmocka_unit_test_teardown(test_global_tracking_keeps_weights, teardown),
		cmocka_unit_test_teardown(test_bfd_and_extra_blocks, teardown),
		cmocka_unit_test_teardown(test_global_numeric, teardown),
		cmocka_unit_test_teardown(test_unknown_keyword_did_you_mean, teardown),
		cmocka_unit_test_teardown(test_unknown_block_like_keepalived, teardown),
		cmocka_unit_test_teardown(test_ranges, teardown),
		cmocka_unit_test_teardown(test_invalid_values, teardown),
		cmocka_unit_test_teardown(test_auth_pass_truncated, teardown),
		cmocka_unit_test_teardown(test_normalisations, teardown),
		cmocka_unit_test_teardown(test_strict_mode_normalisation, teardown),
		cmocka_unit_test_teardown(test_track_script_undefined, teardown),
		cmocka_unit_test_teardown(test_missing_brace_and_eof, teardown),
		cmocka_unit_test_teardown(test_stray_argument, teardown),
		cmocka_unit_test_teardown(test_conditional_parse_and_seq, teardown),
		cmocka_unit_test_teardown(test_include_locations, teardown),
		cmocka_unit_test_teardown(test_io_error, teardown),
		cmocka_unit_test_teardown(test_keepalived_integer_and_rounding_rules, teardown),
		cmocka_unit_test_teardown(test_instance_rejects_global_only_keywords, teardown),
		cmocka_unit_test_teardown(test_native_ipv6, teardown),
		cmocka_unit_test(test_suggest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
