// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of parse_route.c: every word of virtual_routes / virtual_rules /
 * static_routes / static_rules / static_ipaddress into the typed entries,
 * and each error at its line and column. The keepalived messages cited were
 * observed by running Debian's keepalived 2.2.7 (`keepalived -t -f FILE -l
 * -D`) on the same lines.
 */
#include "conf/testutil.h"

static struct parsed P;

static int teardown(void **state)
{
	(void)state;
	parsed_free(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

/* An instance whose virtual_routes (or rules) block holds `lines`. */
static void parse_block(const char *block, const char *lines)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf),
		 "vrrp_instance VI_1 {\n"      /* line 1 */
		 "  interface eth0\n"           /* 2 */
		 "  virtual_router_id 51\n"     /* 3 */
		 "  virtual_ipaddress {\n    192.0.2.10/24\n  }\n" /* 4-6 */
		 "  %s {\n"                     /* 7 */
		 "%s"                           /* 8.. */
		 "  }\n}\n",
		 block, lines);
	parse_text(&P, buf);
}

static const struct vg_conf_iproute *route(uint32_t i)
{
	const struct vg_conf_instance *in = &P.conf->instances.items[0];
	assert_true(i < in->routes.count);
	if (!in->routes.items[i].route)
		dump_diags(&P.diags);
	assert_non_null(in->routes.items[i].route);
	return in->routes.items[i].route;
}

static const struct vg_conf_iprule *rule(uint32_t i)
{
	const struct vg_conf_instance *in = &P.conf->instances.items[0];
	assert_true(i < in->rules.count);
	if (!in->rules.items[i].rule)
		dump_diags(&P.diags);
	assert_non_null(in->rules.items[i].rule);
	return in->rules.items[i].rule;
}

static void expect_col(const char *code, uint32_t line, uint32_t col)
{
	const struct vg_diag *g = expect_diag(&P.diags, code, line);
	if (g->loc.col != col) {
		dump_diags(&P.diags);
		fail_msg("%s at line %u: column %u, expected %u", code, line, g->loc.col, col);
	}
}

/* The example: "metrik" passed both checks; now an error at its column. */
static void test_misspelt_word(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_block("virtual_routes", "    198.51.100.0/24 via 192.0.2.1 metrik 10\n");
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID);
	expect_col("unknown-word", 8, 35);
	g = expect_diag(&P.diags, "unknown-word", 8);
	assert_non_null(strstr(g->message, "metrik"));
	assert_string_equal(g->suggestion, "metric");
	assert_null(P.conf->instances.items[0].routes.items[0].route);
	/* the words stay, for display */
	assert_int_equal(P.conf->instances.items[0].routes.items[0].args.count, 5);
}

static void test_route_basic(void **state)
{
	const struct vg_conf_iproute *r;
	(void)state;
	parse_block("virtual_routes",
		    "    src 192.0.2.10 to 192.168.109.0/24 via 192.0.2.254 dev eth1 metric 7 table 100\n"
		    "    192.168.111.0/24 dev eth2 no_track\n"
		    "    blackhole 192.168.114.0/24 dev eth0\n"
		    "    default via 2001:db8::1 dev eth0\n"
		    "    inet6 default dev eth0 table main protocol keepalived scope global\n");
	assert_int_equal(P.rc, 0);
	r = route(0);
	assert_int_equal(r->family, VG_AF_INET);
	assert_int_equal(r->dst_len, 24);
	assert_int_equal(r->dst.bytes[2], 109);
	assert_int_equal(r->src.family, VG_AF_INET);
	assert_int_equal(r->via.bytes[3], 254);
	assert_string_equal(r->dev, "eth1");
	assert_true(r->has_metric);
	assert_int_equal(r->metric, 7);
	assert_int_equal(r->table.id, 100);
	assert_null(r->table.name);
	assert_int_equal(r->type, VG_RTN_UNICAST);
	assert_int_equal(r->scope, VG_RT_SCOPE_UNIVERSE); /* via: universe, like ip(8) */
	assert_int_equal(r->protocol, VG_RTPROT_BOOT);
	r = route(1);
	assert_true(r->no_track);
	assert_int_equal(r->scope, VG_RT_SCOPE_LINK);
	r = route(2);
	assert_int_equal(r->type, VG_RTN_BLACKHOLE);
	r = route(3);
	assert_int_equal(r->family, VG_AF_INET6);
	assert_int_equal(r->dst_len, 0);
	assert_int_equal(r->dst.family, VG_AF_INET6);
	r = route(4);
	assert_int_equal(r->family, VG_AF_INET6);
	assert_int_equal(r->table.id, VG_RT_TABLE_MAIN);
	assert_int_equal(r->protocol, VG_RTPROT_KEEPALIVED);
	assert_true(r->has_scope);
}

/* keepalived.conf(5)'s static_routes examples, every metric word. */
static void test_route_metrics(void **state)
{
	const struct vg_conf_iproute *r;
	(void)state;
	parse_block("virtual_routes",
		    "    192.168.200.0/24 dev p33p1.2 table 6909 tos 0x04 protocol bird scope link priority 12 "
		    "mtu 1000 hoplimit 100 advmss 101 rtt 102 rttvar 103 reordering 104 window 105 cwnd 106 "
		    "ssthresh lock 107 realms 3/0x14 rto_min 108 initcwnd 109 initrwnd 110 vrf blue "
		    "features ecn add\n"
		    "    2001:db8:1::/64 dev eth0 mtu lock 1400 expires 30 pref high ttl-propagate enabled "
		    "quickack 1 fastopen_no_cookie 1 congctl lock cubic append from 2001:db8:2::/64\n");
	assert_int_equal(P.rc, 0);
	r = route(0);
	assert_int_equal(r->table.id, 6909);
	assert_true(r->has_tos);
	assert_int_equal(r->tos, 4);
	assert_int_equal(r->protocol, 12);
	assert_int_equal(r->scope, VG_RT_SCOPE_LINK);
	assert_int_equal(r->metric, 12);
	assert_int_equal(r->metrics[VG_RTAX_MTU], 1000);
	assert_int_equal(r->metrics[VG_RTAX_HOPLIMIT], 100);
	assert_int_equal(r->metrics[VG_RTAX_ADVMSS], 101);
	assert_int_equal(r->metrics[VG_RTAX_RTT], 102);
	assert_int_equal(r->metrics[VG_RTAX_RTTVAR], 103);
	assert_int_equal(r->metrics[VG_RTAX_REORDERING], 104);
	assert_int_equal(r->metrics[VG_RTAX_WINDOW], 105);
	assert_int_equal(r->metrics[VG_RTAX_CWND], 106);
	assert_int_equal(r->metrics[VG_RTAX_SSTHRESH], 107);
	assert_true(r->lock & (1u << VG_RTAX_SSTHRESH));
	assert_true(r->has_realms);
	assert_int_equal(r->realms, (3u << 16) | 0x14);
	assert_int_equal(r->metrics[VG_RTAX_RTO_MIN], 108);
	assert_int_equal(r->metrics[VG_RTAX_INITCWND], 109);
	assert_int_equal(r->metrics[VG_RTAX_INITRWND], 110);
	assert_int_equal(r->metrics[VG_RTAX_FEATURES], 1);
	assert_string_equal(r->vrf, "blue");
	assert_int_equal(r->op, VG_ROUTE_ADD);
	r = route(1);
	assert_int_equal(r->family, VG_AF_INET6);
	assert_true(r->lock & (1u << VG_RTAX_MTU));
	assert_int_equal(r->metrics[VG_RTAX_MTU], 1400);
	assert_true(r->has_expires);
	assert_int_equal(r->expires, 30);
	assert_true(r->has_pref);
	assert_int_equal(r->pref, 1);
	assert_true(r->has_ttl_propagate);
	assert_int_equal(r->ttl_propagate, 1);
	assert_int_equal(r->metrics[VG_RTAX_QUICKACK], 1);
	assert_int_equal(r->metrics[VG_RTAX_FASTOPEN_NO_COOKIE], 1);
	assert_string_equal(r->congctl, "cubic");
	expect_diag(&P.diags, "not-applied", 9);
	assert_true(r->lock & (1u << VG_RTAX_CC_ALGO));
	assert_int_equal(r->op, VG_ROUTE_APPEND);
	assert_int_equal(r->from_len, 64);
}

static void test_route_rtt_units(void **state)
{
	(void)state;
	parse_block("virtual_routes", "    10.0.0.0/8 dev eth0 rtt 2ms rttvar 1s rto_min 5ms\n");
	assert_int_equal(P.rc, 0);
	assert_int_equal(route(0)->metrics[VG_RTAX_RTT], 16);      /* 1/8 ms */
	assert_int_equal(route(0)->metrics[VG_RTAX_RTTVAR], 4000); /* 1/4 ms */
	assert_int_equal(route(0)->metrics[VG_RTAX_RTO_MIN], 5);
}

static void test_route_nexthops(void **state)
{
	const struct vg_conf_iproute *r;
	(void)state;
	parse_block("virtual_routes",
		    "    192.168.100.0/24 table 6909 nexthop via 192.168.101.1 dev wlan0 onlink weight 1 "
		    "nexthop via 192.168.101.2 dev wlan0 onlink weight 256 realms 7\n"
		    "    10.1.0.0/16 dev eth0 via 192.0.2.1 or 192.0.2.2\n");
	r = route(0);
	assert_int_equal(r->nexthop_count, 2);
	assert_int_equal(r->nexthops[0].via.bytes[3], 1);
	assert_string_equal(r->nexthops[0].dev, "wlan0");
	assert_true(r->nexthops[0].onlink);
	assert_int_equal(r->nexthops[0].weight, 1);
	assert_int_equal(r->nexthops[1].weight, 256);
	assert_true(r->nexthops[1].realms_set);
	assert_int_equal(r->nexthops[1].realms, 7);
	r = route(1);
	assert_int_equal(r->nexthop_count, 2);
	assert_true(r->via_or);
	assert_int_equal(r->via.family, VG_AF_NONE);
	assert_int_equal(r->nexthops[1].via.bytes[3], 2);
	/* keepalived 2.2.7: "or" for routes is deprecated. Please use "nexthop" */
	expect_col("deprecated", 9, 40);
}

/* keepalived 2.2.7 -t on these lines (see the file's DOC). */
static void test_route_keepalived_warnings(void **state)
{
	(void)state;
	parse_block("virtual_routes",
		    "    198.51.101.0/24 gw 192.0.2.1 dev eth0\n"
		    "    198.51.103.0/24 via 192.0.2.1\n"
		    "    198.51.104.0/24 via 192.0.2.1 no_track\n");
	assert_int_equal(P.rc, 0);
	/* "gw" for routes is deprecated. Please use "via" */
	expect_col("deprecated", 8, 21);
	/* Warning - cannot track route 198.51.103.0/24 with no interface specified, not tracking */
	expect_col("route-not-tracked", 9, 5);
	assert_true(route(1)->no_track);
	assert_null(vg_diags_find(&P.diags, "route-not-tracked", 10));
}

/* keepalived 2.2.7 (Line 23): "Route cannot be tracked if protocol is not RTPROT_KEEPALIVED(18), resetting protocol" */
static void test_protocol_reset_warning(void **state)
{
	(void)state;
	parse_block("virtual_routes",
		    "    198.51.105.0/24 dev eth0 protocol static\n"
		    "    198.51.106.0/24 dev eth0 protocol static no_track\n"
		    "    198.51.107.0/24 dev eth0 protocol keepalived\n");
	assert_int_equal(P.rc, 0);
	expect_col("protocol-reset", 8, 5);
	assert_int_equal(vg_diags_find(&P.diags, "protocol-reset", 8)->severity, VG_DIAG_WARNING);
	assert_null(vg_diags_find(&P.diags, "protocol-reset", 9));
	assert_null(vg_diags_find(&P.diags, "protocol-reset", 10));
	assert_int_equal(route(0)->protocol, 4);
}

static void test_route_errors(void **state)
{
	(void)state;
	parse_block("virtual_routes",
		    "    198.51.100.0/24 via 192.0.2.x dev eth0\n"      /* 8 */
		    "    198.51.100.0/33 dev eth0\n"                    /* 9 */
		    "    198.51.100.0/24 dev eth0 metric\n"             /* 10 */
		    "    198.51.100.0/24 dev eth0 metric -1\n"          /* 11 */
		    "    198.51.100.0/24 via 2001:db8::1 dev eth0\n"    /* 12 */
		    "    dev eth0 table 7\n"                            /* 13 */
		    "    198.51.100.0/24 dev eth0 scope galaxy\n"       /* 14 */
		    "    198.51.100.0/24 dev eth0 protocol nosuch\n"    /* 15 */
		    "    198.51.100.0/24 dev eth0 hoplimit 256\n"       /* 16 */
		    "    198.51.100.0/24 nexthop via 192.0.2.1 weight 0\n" /* 17 */
		    "    198.51.100.0/24 dev eth0 realms 2001:db8::1\n" /* 18 */
		    "    198.51.100.0/24 dev eth0 features foo\n"       /* 19 */
		    "    blackhole 198.51.100.0/24 via 192.0.2.1\n"     /* 20 */
		    "    198.51.100.0/24 dev eth0 encap mpls 200\n"     /* 21 */
		    "    198.51.100.0/24 10.0.0.0/8 dev eth0\n"         /* 22 */
		    "    198.51.100.0/24 dev eth0 pref high\n"          /* 23 */
		    "    198.51.100.0/24 dev eth0 table 1x\n"          /* 24 */
		    "    198.51.100.0/24 dev an-interface-name-too-long\n"); /* 25 */
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID);
	expect_col("invalid-address", 8, 25);
	expect_col("invalid-address", 9, 5);
	expect_col("missing-value", 10, 30);
	expect_col("invalid-number", 11, 37);
	expect_col("invalid-address", 12, 25);
	expect_col("missing-value", 13, 5);
	expect_col("invalid-value", 14, 36);
	expect_col("invalid-value", 15, 39);
	expect_col("invalid-number", 16, 39);
	expect_col("invalid-number", 17, 50);
	expect_col("invalid-value", 18, 37);
	expect_col("invalid-value", 19, 39);
	expect_diag(&P.diags, "invalid-value", 20);
	expect_col("unsupported", 21, 30);
	expect_col("invalid-value", 22, 21);
	expect_diag(&P.diags, "invalid-address", 23); /* pref is IPv6 only */
	expect_col("invalid-value", 24, 36);
	expect_col("invalid-value", 25, 25);
	for (uint32_t i = 0; i < P.conf->instances.items[0].routes.count; i++)
		assert_null(P.conf->instances.items[0].routes.items[i].route);
}

static void test_route_table_name(void **state)
{
	(void)state;
	parse_block("virtual_routes", "    10.0.0.0/8 dev eth0 table vpn\n    10.0.0.0/8 dev eth0 table local\n");
	assert_int_equal(P.rc, 0);
	assert_string_equal(route(0)->table.name, "vpn");
	assert_int_equal(route(0)->table.name_loc.line, 8);
	assert_int_equal(route(0)->table.name_loc.col, 31);
	assert_null(route(1)->table.name);
	assert_int_equal(route(1)->table.id, VG_RT_TABLE_LOCAL);
}

static void test_rule_words(void **state)
{
	const struct vg_conf_iprule *u;
	(void)state;
	parse_block("virtual_rules",
		    "    from 192.168.28.0/24 to 192.168.29.0/26 table 77 iif p33p1 oif wlan0 tos 22 "
		    "fwmark 24/12 preference 39 realms 30/20\n"
		    "    to 1:2:3:4:5:6:7:0/112 from 7:6:5:4:3:2::/96 table 6908 uidrange 10000-19999 pref 5\n"
		    "    to 1:2:3:4:6:6:7:0/112 from 8:6:5:4:3:2::/96 l3mdev protocol 12 ip_proto UDP "
		    "sport 10-20 dport 20 priority 6\n"
		    "    from all goto 40 preference 39 not\n"
		    "    inet6 type blackhole preference 7 suppress_prefixlength 0 ipproto tcp\n"
		    "    from 192.0.2.0/24 table 5 suppress_ifgroup 3 tunnel-id 0x10 priority 9 no_track\n"
		    "    to 192.0.2.0/24 nop order 8\n");
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID); /* line 12: suppress on a blackhole */
	u = rule(0);
	assert_int_equal(u->family, VG_AF_INET);
	assert_int_equal(u->from_len, 24);
	assert_int_equal(u->to_len, 26);
	assert_int_equal(u->action, VG_FR_ACT_TO_TBL);
	assert_int_equal(u->table.id, 77);
	assert_string_equal(u->iif, "p33p1");
	assert_string_equal(u->oif, "wlan0");
	assert_int_equal(u->tos, 22);
	assert_int_equal(u->fwmark, 24);
	assert_int_equal(u->fwmask, 12);
	assert_int_equal(u->priority, 39);
	assert_int_equal(u->realms, (30u << 16) | 20);
	u = rule(1);
	assert_int_equal(u->family, VG_AF_INET6);
	assert_true(u->has_uidrange);
	assert_int_equal(u->uid_start, 10000);
	assert_int_equal(u->uid_end, 19999);
	u = rule(2);
	assert_true(u->l3mdev);
	assert_int_equal(u->table.id, 0);
	assert_int_equal(u->protocol, 12);
	assert_int_equal(u->ip_proto, 17);
	assert_int_equal(u->sport_start, 10);
	assert_int_equal(u->sport_end, 20);
	assert_int_equal(u->dport_start, 20);
	assert_int_equal(u->dport_end, 20);
	u = rule(3);
	assert_int_equal(u->action, VG_FR_ACT_GOTO);
	assert_int_equal(u->goto_target, 40);
	assert_true(u->invert);
	assert_false(u->has_from);
	expect_diag(&P.diags, "invalid-value", 12);
	u = rule(5);
	assert_int_equal(u->suppress_ifgroup, 3);
	assert_int_equal(u->tunnel_id, 16);
	assert_true(u->no_track);
	u = rule(6);
	assert_int_equal(u->action, VG_FR_ACT_NOP);
	assert_int_equal(u->priority, 8);
}

static void test_rule_errors(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_block("virtual_rules",
		    "    from 192.0.2.0/24 table 100 bogus preference 1\n" /* 8: keepalived "Unknown rule option bogus" */
		    "    from 192.0.2.0/24 preference 1\n"                 /* 9: "No action specified for rule" */
		    "    from 192.0.2.0/24 table 1 goto 5 preference 1\n"  /* 10: two actions */
		    "    goto 5 preference 9\n"                            /* 11: preference >= target */
		    "    from 192.0.2.0/24 table 0 preference 1\n"         /* 12: "Table 0 is not valid" */
		    "    from 192.0.2.0/24 table 1 fwmark 1/x preference 1\n" /* 13 */
		    "    from 192.0.2.0/24 table 1 uidrange 5 preference 1\n" /* 14 */
		    "    from 192.0.2.0/24 to 2001:db8::/32 table 1 preference 1\n" /* 15 */
		    "    from 192.0.2.0/24 table 1\n"                      /* 16: no preference */
		    "    from 192.0.2.0/24 table 1 ipproto nosuch preference 1\n"); /* 17 */
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID);
	expect_col("unknown-word", 8, 33);
	expect_col("missing-value", 9, 5);
	expect_col("invalid-value", 10, 31);
	expect_diag(&P.diags, "invalid-value", 11);
	expect_col("invalid-value", 12, 29);
	expect_col("invalid-value", 13, 38);
	expect_col("invalid-value", 14, 40);
	expect_col("invalid-address", 15, 26);
	/* keepalived: "Rule has no preference specified - setting to 16384" */
	g = expect_diag(&P.diags, "rule-no-preference", 16);
	assert_int_equal(g->severity, VG_DIAG_WARNING);
	assert_non_null(rule(8));
	expect_col("invalid-value", 17, 39);
}

static void test_static_blocks(void **state)
{
	const struct vg_conf *c;
	(void)state;
	parse_text(&P, "static_ipaddress {\n"
		       "  192.168.1.1/24 dev eth0 scope global track_group G1\n"
		       "}\n"
		       "static_routes {\n"
		       "  192.168.2.0/24 via 192.168.1.100 dev eth0 track_group GROUP1\n"
		       "  10.9.0.0/16 via 192.168.1.1\n"
		       "}\n"
		       "static_rules {\n"
		       "  from 192.168.2.0/24 table 1 track_group GROUP1 iif eth0 preference 5\n"
		       "  to 192.168.2.0/24 table 1 metrik 3\n"
		       "}\n");
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID);
	c = P.conf;
	assert_int_equal(c->static_addrs.count, 1);
	assert_string_equal(c->static_addrs.items[0].dev, "eth0");
	assert_string_equal(c->static_addrs.items[0].track_group, "G1");
	assert_int_equal(c->static_routes.count, 2);
	assert_string_equal(c->static_routes.items[0].route->track_group, "GROUP1");
	/* keepalived 2.2.7: (Line 7) Warning - cannot track route 10.9.0.0/16 with no interface specified */
	expect_diag(&P.diags, "route-not-tracked", 6);
	assert_int_equal(c->static_rules.count, 2);
	assert_string_equal(c->static_rules.items[0].rule->track_group, "GROUP1");
	expect_col("unknown-word", 10, 29);
	assert_null(c->static_rules.items[1].rule);
	assert_null(c->extra);
}

/* track_group is for static lines only (keepalived: allow_track_group). */
static void test_track_group_virtual(void **state)
{
	(void)state;
	parse_block("virtual_routes", "    10.0.0.0/8 dev eth0 track_group G\n");
	expect_col("unknown-word", 8, 25);
}

/* The other spellings and words, one line each: every word of the tables parses. */
static void test_aliases(void **state)
{
	(void)state;
	parse_block("virtual_routes",
		    "    inet 10.0.0.0/8 oif eth0 dsfield 8 proto static preference 3 prepend\n"   /* 8 */
		    "    to throw 10.1.0.0/16 dev eth0 priority 4\n"                              /* 9 */
		    "    local 10.2.0.0/16 dev eth0 scope host\n"                                 /* 10 */
		    "    10.3.0.0/16 via inet 192.0.2.1 dev eth0 onlink window 9 reordering lock 3\n" /* 11 */
		    "    inet6 2001:db8:9::/48 via inet6 2001:db8::1 dev eth0 pref 7 ttl-propagate disabled\n"); /* 12 */
	assert_int_equal(P.rc, 0);
	assert_int_equal(route(0)->tos, 8);
	assert_int_equal(route(0)->protocol, 4);
	assert_int_equal(route(0)->metric, 3);
	assert_string_equal(route(0)->dev, "eth0");
	assert_int_equal(route(0)->op, VG_ROUTE_PREPEND);
	assert_int_equal(route(1)->type, VG_RTN_THROW);
	assert_int_equal(route(1)->metric, 4);
	assert_int_equal(route(2)->type, VG_RTN_LOCAL);
	assert_int_equal(route(2)->scope, VG_RT_SCOPE_HOST);
	assert_true(route(3)->onlink);
	assert_int_equal(route(3)->metrics[VG_RTAX_WINDOW], 9);
	assert_true(route(3)->lock & (1u << VG_RTAX_REORDERING));
	assert_int_equal(route(4)->pref, 7);
	assert_int_equal(route(4)->ttl_propagate, 0);
	teardown(NULL);
	parse_block("virtual_rules",
		    "    from 10.0.0.0/8 lookup main dev eth0 oifname eth1 prio 1\n"          /* 8 */
		    "    iifname eth0 unreachable pref 2\n"                                     /* 9 */
		    "    to 10.0.0.0/8 type prohibit priority 3\n"                              /* 10 */
		    "    from 10.0.0.0/8 table 9 sup_pl 8 sup_group 2 priority 4 no_track\n");  /* 11 */
	assert_int_equal(P.rc, 0);
	assert_int_equal(rule(0)->table.id, VG_RT_TABLE_MAIN);
	assert_string_equal(rule(0)->iif, "eth0");
	assert_string_equal(rule(0)->oif, "eth1");
	assert_int_equal(rule(0)->priority, 1);
	assert_string_equal(rule(1)->iif, "eth0");
	assert_int_equal(rule(1)->action, VG_FR_ACT_UNREACHABLE);
	assert_int_equal(rule(2)->action, VG_FR_ACT_PROHIBIT);
	assert_true(rule(3)->has_suppress_prefixlen);
	assert_int_equal(rule(3)->suppress_prefixlen, 8);
	assert_int_equal(rule(3)->suppress_ifgroup, 2);
}

/* keepalived 2.2.7 -t: "garp_group already specified for ... - ignoring" */
static void test_garp_group_duplicate(void **state)
{
	(void)state;
	parse_text(&P, "garp_group {\n  garp_interval 0.01\n  interface eth0\n}\n"
		       "garp_group {\n  garp_interval 0.02\n  interfaces {\n    eth0\n    eth1\n  }\n}\n");
	assert_int_equal(P.rc, 0);
	expect_diag(&P.diags, "garp-group-duplicate", 5);
	assert_null(vg_diags_find(&P.diags, "garp-group-duplicate", 1));
	assert_int_equal(P.diags.warnings, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_misspelt_word, teardown),
		cmocka_unit_test_teardown(test_route_basic, teardown),
		cmocka_unit_test_teardown(test_route_metrics, teardown),
		cmocka_unit_test_teardown(test_route_rtt_units, teardown),
		cmocka_unit_test_teardown(test_route_nexthops, teardown),
		cmocka_unit_test_teardown(test_route_keepalived_warnings, teardown),
		cmocka_unit_test_teardown(test_protocol_reset_warning, teardown),
		cmocka_unit_test_teardown(test_route_errors, teardown),
		cmocka_unit_test_teardown(test_route_table_name, teardown),
		cmocka_unit_test_teardown(test_rule_words, teardown),
		cmocka_unit_test_teardown(test_rule_errors, teardown),
		cmocka_unit_test_teardown(test_static_blocks, teardown),
		cmocka_unit_test_teardown(test_track_group_virtual, teardown),
		cmocka_unit_test_teardown(test_garp_group_duplicate, teardown),
		cmocka_unit_test_teardown(test_aliases, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
