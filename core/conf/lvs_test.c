// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the LVS blocks: virtual_server_group, the three forms of
 * virtual_server, real_server, every checker type with its options, and
 * the inheritance of checker settings.
 */
#include "conf/testutil.h"

#include "conf/keyword_status.h"

static struct parsed P;

static int teardown(void **state)
{
	(void)state;
	parsed_free(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

static const struct vg_conf_virtual_server *vs(uint32_t i)
{
	assert_non_null(P.conf);
	assert_true(i < P.conf->virtual_servers.count);
	return &P.conf->virtual_servers.items[i];
}

static void test_virtual_server_group(void **state)
{
	const struct vg_conf_vsg *g;
	char a[VG_ADDR_STRLEN];
	(void)state;
	parse_text(&P, "virtual_server_group G {\n  192.0.2.1 80\n  192.0.2.10-20 80\n"
		       "  192.0.2.250-192.0.3.10 443\n  198.51.100.8/29 80\n  fwmark 7 inet6\n  2001:db8::1-ff 80\n}\n"
		       "virtual_server group G {\n  protocol TCP\n  real_server 192.0.2.100 80 {\n    TCP_CHECK {\n    }\n  }\n}\n");
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	g = &P.conf->vs_groups.items[0];
	assert_string_equal(g->name, "G");
	assert_int_equal(g->entries.count, 6);
	assert_int_equal(g->entries.items[0].port, 80);
	assert_string_equal(vg_addr_format(&g->entries.items[1].last, a, sizeof(a)), "192.0.2.20");
	assert_string_equal(vg_addr_format(&g->entries.items[2].last, a, sizeof(a)), "192.0.3.10");
	assert_string_equal(vg_addr_format(&g->entries.items[3].first, a, sizeof(a)), "198.51.100.8");
	assert_string_equal(vg_addr_format(&g->entries.items[3].last, a, sizeof(a)), "198.51.100.15");
	assert_true(g->entries.items[4].is_fwmark);
	assert_int_equal(g->entries.items[4].fwmark, 7);
	assert_int_equal(g->entries.items[4].fwmark_family, VG_AF_INET6);
	assert_string_equal(vg_addr_format(&g->entries.items[5].last, a, sizeof(a)), "2001:db8::ff");
	assert_int_equal(vs(0)->kind, VG_CONF_VS_GROUP);
	assert_string_equal(vs(0)->group, "G");
}

/* keepalived 2.2.7 check_parser.c svr_forwarding_handler: TUN options, inherited with lvs_method */
static void test_tunnel_options(void **state)
{
	(void)state;
	parse_text(&P, "virtual_server 192.0.2.1 80 {\n  protocol TCP\n  lvs_method TUN type gue port 6080 csum\n"
		       "  real_server 192.0.2.2 80 {\n  }\n"
		       "  real_server 192.0.2.3 80 {\n    lvs_method TUN type gre remcsum\n  }\n"
		       "  real_server 192.0.2.4 80 {\n    lvs_method TUN type ipip\n  }\n}\n");
	assert_int_equal(vs(0)->tun.type, VG_CONF_TUN_GUE);
	assert_int_equal(vs(0)->tun.port, 6080);
	assert_int_equal(vs(0)->tun.csum, VG_CONF_TUN_CSUM);
	assert_true(vs(0)->lb_kind_set);
	assert_int_equal(vs(0)->real_servers.items[0].tun.type, VG_CONF_TUN_GUE); /* inherited */
	assert_int_equal(vs(0)->real_servers.items[0].tun.port, 6080);
	/* "gre tunnels do not support remote checksum option.": options dropped, TUN kept */
	assert_int_equal(expect_diag(&P.diags, "invalid-value", 7)->severity, VG_DIAG_ERROR);
	assert_int_equal(vs(0)->real_servers.items[1].lb_kind, VG_CONF_LB_TUN);
	assert_int_equal(vs(0)->real_servers.items[1].tun.type, VG_CONF_TUN_IPIP);
	assert_int_equal(vs(0)->real_servers.items[2].tun.type, VG_CONF_TUN_IPIP);
	assert_int_equal(vs(0)->real_servers.items[2].tun.port, 0);
}

/* keepalived 2.2.7 pgr_handler: an IPv6 service's persistence_granularity is a prefix length */
static void test_ipv6_granularity_prefix(void **state)
{
	(void)state;
	parse_text(&P, "virtual_server 2001:db8::1 80 {\n  protocol TCP\n  persistence_granularity 64\n}\n"
		       "virtual_server 2001:db8::2 80 {\n  protocol TCP\n  persistence_granularity 129\n}\n");
	assert_int_equal(vs(0)->persistence_granularity.family, VG_AF_INET6);
	assert_int_equal(vs(0)->persistence_granularity.bytes[7], 0xff);
	assert_int_equal(vs(0)->persistence_granularity.bytes[8], 0);
	expect_diag(&P.diags, "invalid-address", 7);
}

static void test_virtual_server_forms(void **state)
{
	(void)state;
	parse_text(&P, "virtual_server fwmark 5 {\n  persistence_timeout\n  lvs_sched sh\n  lvs_method TUN\n}\n"
		       "virtual_server 2001:db8::5 443 {\n  protocol SCTP\n  ip_family inet6\n}\n"
		       "virtual_server group nope {\n  protocol UDP\n}\n"
		       "virtual_server 192.0.2.5 {\n  protocol TCP\n}\n");
	assert_int_equal(vs(0)->kind, VG_CONF_VS_FWMARK);
	assert_int_equal(vs(0)->fwmark, 5);
	assert_int_equal(vs(0)->persistence_timeout_s, 360);
	assert_string_equal(vs(0)->lb_algo, "sh");
	assert_int_equal(vs(0)->lb_kind, VG_CONF_LB_TUN);
	assert_int_equal(vs(1)->addr.family, VG_AF_INET6);
	assert_int_equal(vs(1)->port, 443);
	assert_int_equal(vs(1)->protocol, VG_CONF_PROTO_SCTP);
	expect_diag(&P.diags, "vs-group-undefined", 10);
	assert_int_equal(expect_diag(&P.diags, "vs-no-port", 13)->severity, VG_DIAG_WARNING);
	assert_int_equal(vs(3)->persistence_timeout_s, 360); /* keepalived makes it persistent */
	assert_string_equal(vs(3)->lb_algo, "wlc");           /* default scheduler */
}

static const char *lvs_text =
	"virtual_server 192.0.2.1 80 {\n"                 /* 1 */
	"  delay_loop 10\n  lb_algo wrr\n  lb_kind DR\n  persistence_timeout 50\n" /* 2-5 */
	"  persistence_granularity 255.255.255.0\n  protocol TCP\n  quorum 2\n  hysteresis 1\n" /* 6-9 */
	"  quorum_up /bin/up\n  sorry_server 192.0.2.99 8080\n  alpha\n  omega\n  connect_timeout 7\n" /* 10-14 */
	"  real_server 192.0.2.10 8080 {\n"                 /* 15 */
	"    weight 3\n    notify_up /bin/rs_up\n    notify_down \"/bin/rs_down x\"\n    uthreshold 100\n    lthreshold 10\n" /* 16-20 */
	"    retry 4\n"                                    /* 21 */
	"    HTTP_GET {\n      url {\n        path /health\n        digest 0123abcd\n        status_code 200 300-399\n      }\n" /* 22-27 */
	"      connect_port 8081\n      nb_get_retry 2\n      delay_before_retry 2\n      virtualhost example\n    }\n" /* 28-32 */
	"    SSL_GET {\n      url {\n        path /\n      }\n      enable_sni\n    }\n" /* 33-38 */
	"    TCP_CHECK {\n      connect_ip 192.0.2.11\n      bindto 192.0.2.1\n      warmup 0\n    }\n" /* 39-43 */
	"    SMTP_CHECK {\n      helo_name mx.example\n    }\n" /* 44-46 */
	"    DNS_CHECK {\n      type A\n      name example.org\n    }\n" /* 47-50 */
	"    MISC_CHECK {\n      misc_path \"/bin/check 1\"\n      misc_timeout 5\n      misc_dynamic\n      user nobody\n    }\n" /* 51-56 */
	"    UDP_CHECK {\n      payload ab 12\n      require_reply\n      max_reply_length 100\n    }\n" /* 57-61 */
	"    PING_CHECK {\n    }\n    FILE_CHECK {\n      track_file tf\n      weight -2 reverse\n      dynamic\n    }\n" /* 62-68 */
	"    BFD_CHECK {\n      name b1\n    }\n"           /* 69-71 */
	"  }\n"
	"  real_server 192.0.2.12 {\n    lvs_method NAT\n    TCP_CHECK {\n    }\n  }\n"
	"}\n";

static void test_real_server_and_checkers(void **state)
{
	const struct vg_conf_real_server *rs;
	const struct vg_conf_checker *ck;
	(void)state;
	parse_text(&P, lvs_text);
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	assert_true(vs(0)->delay_loop_ns == VG_S(10));
	assert_string_equal(vs(0)->lb_algo, "wrr");
	assert_int_equal(vs(0)->lb_kind, VG_CONF_LB_DR);
	assert_int_equal(vs(0)->persistence_timeout_s, 50);
	assert_int_equal(vs(0)->persistence_granularity.family, VG_AF_INET);
	assert_int_equal(vs(0)->protocol, VG_CONF_PROTO_TCP);
	assert_int_equal(vs(0)->quorum, 2);
	assert_int_equal(vs(0)->hysteresis, 1);
	assert_string_equal(vs(0)->quorum_up->cmd, "/bin/up");
	assert_true(vs(0)->has_sorry_server);
	assert_int_equal(vs(0)->sorry_server_port, 8080);
	assert_true(vs(0)->alpha && vs(0)->omega);
	assert_int_equal(vs(0)->real_servers.count, 2);
	rs = &vs(0)->real_servers.items[0];
	assert_int_equal(rs->port, 8080);
	assert_int_equal(rs->weight, 3);
	assert_int_equal(rs->lb_kind, VG_CONF_LB_DR); /* from the virtual server */
	assert_string_equal(rs->notify_down->cmd, "/bin/rs_down x");
	assert_int_equal(rs->uthreshold, 100);
	assert_int_equal(rs->checkers.count, 10);
	ck = &rs->checkers.items[0];
	assert_int_equal(ck->type, VG_CHECK_HTTP_GET);
	assert_string_equal(ck->urls.items[0].path, "/health");
	assert_string_equal(ck->urls.items[0].digest, "0123abcd");
	assert_int_equal(ck->urls.items[0].status_codes.count, 2);
	assert_int_equal(ck->connect_port, 8081);
	assert_int_equal(ck->retry, 2);
	assert_true(ck->retry_deprecated);
	expect_diag(&P.diags, "deprecated", 29);
	assert_true(ck->delay_before_retry_ns == VG_S(2));
	assert_true(ck->connect_timeout_ns == VG_S(7)); /* from the virtual server */
	assert_false(ck->connect_timeout_set);
	assert_true(ck->delay_loop_ns == VG_S(10));
	assert_string_equal(ck->virtualhost, "example");
	ck = &rs->checkers.items[1];
	assert_int_equal(ck->type, VG_CHECK_SSL_GET);
	assert_true(ck->enable_sni);
	assert_int_equal(ck->retry, 4); /* from the real server */
	assert_true(ck->delay_before_retry_ns == VG_S(3)); /* HTTP/SSL default */
	ck = &rs->checkers.items[2];
	assert_int_equal(ck->type, VG_CHECK_TCP);
	assert_int_equal(ck->conn->connect_ip.family, VG_AF_INET);
	assert_int_equal(ck->conn->bindto.family, VG_AF_INET);
	assert_null(rs->checkers.items[0].conn); /* nothing written: no storage */
	assert_int_equal(ck->connect_port, 8080); /* the real server's */
	assert_true(ck->warmup_ns == 0);
	assert_string_equal(rs->checkers.items[3].helo_name, "mx.example");
	assert_string_equal(rs->checkers.items[4].dns_type, "A");
	assert_string_equal(rs->checkers.items[4].dns_name, "example.org");
	ck = &rs->checkers.items[5];
	assert_int_equal(ck->type, VG_CHECK_MISC);
	assert_string_equal(ck->misc_path->cmd, "/bin/check 1");
	assert_string_equal(ck->misc_path->user, "nobody");
	assert_true(ck->misc_dynamic);
	assert_true(ck->misc_timeout_ns == VG_S(5));
	ck = &rs->checkers.items[6];
	assert_string_equal(ck->payload, "ab 12");
	assert_true(ck->require_reply);
	assert_int_equal(ck->max_reply_length, 100);
	assert_int_equal(rs->checkers.items[7].type, VG_CHECK_PING);
	ck = &rs->checkers.items[8];
	assert_string_equal(ck->track_file, "tf");
	assert_int_equal(ck->weight, -2);
	assert_true(ck->weight_reverse);
	assert_true(ck->dynamic);
	assert_string_equal(rs->checkers.items[9].bfd_name, "b1");
	rs = &vs(0)->real_servers.items[1];
	assert_int_equal(rs->port, 80); /* from the virtual server */
	assert_int_equal(rs->lb_kind, VG_CONF_LB_NAT);
	assert_int_equal(rs->checkers.items[0].retry, 1);
	assert_true(rs->checkers.items[0].connect_timeout_ns == VG_S(7));
	assert_true(rs->checkers.items[0].delay_before_retry_ns == VG_S(1));
}

static void test_checker_defaults(void **state)
{
	const struct vg_conf_checker *ck;
	(void)state;
	parse_text(&P, "virtual_server 192.0.2.1 53 {\n  protocol UDP\n  real_server 192.0.2.2 53 {\n"
		       "    DNS_CHECK {\n    }\n    MISC_CHECK {\n      misc_path /bin/true\n    }\n  }\n}\n");
	assert_int_equal(P.rc, 0);
	ck = &vs(0)->real_servers.items[0].checkers.items[0];
	assert_int_equal(ck->retry, 3);                    /* DNS_CHECK */
	assert_true(ck->delay_before_retry_ns == VG_S(60)); /* = delay_loop */
	assert_true(ck->connect_timeout_ns == VG_S(5));
	assert_true(ck->warmup_ns == VG_S(60));
	assert_int_equal(vs(0)->real_servers.items[0].checkers.items[1].retry, 0); /* MISC_CHECK */
}

/*
 * Storage the tree shares or leaves out: checker defaults of a real server
 * exist only when written, MISC_CHECK's script is made by its first line
 * ('user' may come before 'misc_path'), and the per-type defaults land in
 * the union member of their type.
 */
static void test_optional_parts(void **state)
{
	const struct vg_conf_real_server *rs;
	const struct vg_conf_checker *ck;
	(void)state;
	parse_text(&P, "virtual_server 192.0.2.1 80 {\n  protocol TCP\n"
		       "  real_server 192.0.2.2 80 {\n    TCP_CHECK {\n    }\n  }\n"
		       "  real_server 192.0.2.3 80 {\n    warmup 0\n    delay_loop 9\n    MISC_CHECK {\n"
		       "      user nobody nogroup\n      misc_path \"/bin/check a\"\n    }\n"
		       "    UDP_CHECK {\n    }\n    FILE_CHECK {\n      track_file f\n    }\n    BFD_CHECK {\n      name b\n    }\n"
		       "    HTTP_GET {\n      url {\n        path /a\n        status_code 200\n      }\n"
		       "      url {\n        path /a\n        status_code 200 300-399\n      }\n    }\n  }\n}\n");
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	rs = &vs(0)->real_servers.items[0];
	assert_null(rs->check_defaults); /* nothing written: no storage */
	assert_true(rs->checkers.items[0].delay_loop_ns == VG_S(60));
	rs = &vs(0)->real_servers.items[1];
	assert_non_null(rs->check_defaults);
	assert_true(rs->check_defaults->warmup_set);
	assert_true(rs->check_defaults->delay_loop_set);
	assert_false(rs->check_defaults->connect_timeout_set);
	assert_false(rs->check_defaults->retry_set);
	ck = &rs->checkers.items[0];
	assert_int_equal(ck->type, VG_CHECK_MISC);
	assert_string_equal(ck->misc_path->cmd, "/bin/check a");
	assert_int_equal(ck->misc_path->argv.count, 2);
	assert_string_equal(ck->misc_path->user, "nobody");
	assert_string_equal(ck->misc_path->group, "nogroup");
	assert_true(ck->warmup_ns == 0);           /* from the real server */
	assert_true(ck->delay_loop_ns == VG_S(9)); /* from the real server */
	assert_int_equal(rs->checkers.items[1].max_reply_length, 255); /* UDP_CHECK default */
	assert_int_equal(rs->checkers.items[2].weight, 1);             /* FILE_CHECK default */
	assert_string_equal(rs->checkers.items[2].track_file, "f");
	assert_int_equal(rs->checkers.items[3].weight, 1); /* BFD_CHECK default */
	assert_string_equal(rs->checkers.items[3].bfd_name, "b");
	ck = &rs->checkers.items[4];
	assert_int_equal(ck->urls.count, 2);
	/* values are interned: one copy of each text */
	assert_ptr_equal(ck->urls.items[0].path, ck->urls.items[1].path);
	assert_ptr_equal(ck->urls.items[0].status_codes.items[0], ck->urls.items[1].status_codes.items[0]);
	assert_int_equal(ck->urls.items[1].status_codes.count, 2);
	assert_string_equal(ck->urls.items[1].status_codes.items[1], "300-399");
}

/* A real_server keyword written twice in the optional part: the later one applies, as keepalived. */
static void test_optional_part_rewritten(void **state)
{
	(void)state;
	parse_text(&P, "virtual_server 192.0.2.1 80 {\n  protocol TCP\n  real_server 192.0.2.2 80 {\n"
		       "    retry 2\n    retry 5\n    connect_timeout 0\n    TCP_CHECK {\n    }\n  }\n}\n");
	expect_diag(&P.diags, "out-of-range", 6); /* connect_timeout 0: keepalived rejects it */
	assert_int_equal(vs(0)->real_servers.items[0].check_defaults->retry, 5);
	assert_false(vs(0)->real_servers.items[0].check_defaults->connect_timeout_set);
	assert_int_equal(vs(0)->real_servers.items[0].checkers.items[0].retry, 5);
	assert_true(vs(0)->real_servers.items[0].checkers.items[0].connect_timeout_ns == VG_S(5));
}

static void test_lvs_diagnostics(void **state)
{
	const struct vg_diag *g;
	(void)state;
	parse_text(&P, "virtual_server 192.0.2.1 80 {\n  lb_algo rrr\n  lb_kind DRR\n  protocol tcpx\n"
		       "  nat_mask 255.255.255.0\n  real_server 192.0.2.2 80 {\n    HTTP_GET {\n"
		       "      url {\n        status_code 99\n      }\n      conect_timeout 3\n    }\n    MISC_CHECK {\n    }\n  }\n}\n");
	g = expect_diag(&P.diags, "invalid-value", 2);
	assert_string_equal(g->suggestion, "rr");
	expect_diag(&P.diags, "invalid-value", 3);
	expect_diag(&P.diags, "invalid-value", 4);
	expect_diag(&P.diags, "unknown-keyword", 5);
	expect_diag(&P.diags, "invalid-value", 9);
	expect_diag(&P.diags, "missing-value", 8); /* url without path */
	g = expect_diag(&P.diags, "unknown-keyword", 11);
	assert_string_equal(g->suggestion, "connect_timeout");
	expect_diag(&P.diags, "missing-value", 13); /* MISC_CHECK without misc_path */
	expect_diag(&P.diags, "vs-no-protocol", 1);
	/* keepalived 2.2.7 falls back to UDP */
	assert_int_equal(vs(0)->protocol, VG_CONF_PROTO_UDP);
	assert_false(vs(0)->protocol_set);
}

/* BFD_CHECK must name a bfd_instance, which may come later in the file (keepalived 2.2.7: else the checker is skipped). */
static void test_bfd_check_names(void **state)
{
	(void)state;
	parse_text(&P, "virtual_server 192.0.2.1 80 {\n  protocol TCP\n  real_server 192.0.2.2 80 {\n"
		       "    BFD_CHECK {\n      name b1\n    }\n    BFD_CHECK {\n      name b2\n    }\n"
		       "    BFD_CHECK {\n    }\n  }\n}\nbfd_instance b1 {\n  neighbor_ip 192.0.2.2\n}\n");
	expect_diag(&P.diags, "bfd-check-undefined", 7);
	expect_diag(&P.diags, "bfd-check-undefined", 10);
	for (uint32_t i = 0; i < P.diags.count; i++)
		assert_false(P.diags.items[i].loc.line == 4 && !strcmp(P.diags.items[i].code, "bfd-check-undefined"));
}

static void test_checker_keywords_are_per_type(void **state)
{
	(void)state;
	/* FILE_CHECK has none of the connection options */
	parse_text(&P, "virtual_server 192.0.2.1 80 {\n  protocol TCP\n  real_server 192.0.2.2 80 {\n"
		       "    FILE_CHECK {\n      connect_timeout 3\n      track_file f\n    }\n    TCP_CHECK {\n      url {\n      }\n    }\n  }\n}\n");
	expect_diag(&P.diags, "unknown-keyword", 5);
	expect_diag(&P.diags, "unknown-block", 9);
}

/*
 * vg_conf_drop_lvs frees the real_server blocks and nothing else: the
 * virtual server keeps its own settings (the IPVS table reads them at each
 * verdict); the VRRP side and the interned strings stay; the warnings of
 * keywords vigild does not act on (one inside a real_server) are the same
 * before and after (an unchanged reload prints them again).
 */
static void test_drop_lvs_keeps_the_rest(void **state)
{
	static const char text[] =
		"vrrp_instance VI_1 {\n"                         /* 1 */
		"  interface eth0\n"
		"  virtual_router_id 51\n"
		"  priority 100\n"
		"  virtual_ipaddress {\n    192.0.2.10/24\n  }\n"
		"}\n"                                            /* 8 */
		"virtual_server 192.0.2.10 80 {\n"               /* 9 */
		"  lb_algo wrr\n"
		"  quorum 3\n"
		"  smtp_alert\n"
		"  quorum_up \"/bin/true up\"\n"
		"  real_server 198.51.100.1 80 {\n"             /* 14 */
		"    snmp_name rs1\n"                           /* 15 */
		"    TCP_CHECK {\n      connect_timeout 3\n    }\n"
		"  }\n"
		"}\n"
		"virtual_server group G1 {\n"                    /* 21 */
		"  real_server 198.51.100.2 80 {\n  }\n"
		"}\n";
	struct vg_diags before, after;
	const struct vg_conf_virtual_server *vs;

	(void)state;
	parse_text(&P, text);
	assert_non_null(P.conf);
	vg_diags_init(&before);
	vg_diags_init(&after);
	assert_int_equal(vg_conf_keyword_warnings(P.conf, &before), 1);
	assert_true(vg_arena_used(&P.conf->lvs_arena) > 0);
	assert_int_equal(P.conf->virtual_servers.items[0].real_servers.count, 1);

	vg_conf_drop_lvs(P.conf);
	vg_conf_drop_lvs(P.conf); /* idempotent */
	assert_true(P.conf->lvs_dropped);
	assert_int_equal(vg_arena_used(&P.conf->lvs_arena), 0);
	assert_int_equal(P.conf->virtual_servers.count, 2);
	vs = &P.conf->virtual_servers.items[0];
	assert_int_equal(vs->loc.line, 9);
	assert_int_equal(vs->port, 80);
	assert_int_equal(vs->quorum, 3);
	assert_int_equal(vs->smtp_alert, VG_TRI_ON);
	assert_int_equal(vs->real_servers.count, 0);
	assert_null(vs->real_servers.items);
	assert_string_equal(vs->lb_algo, "wrr"); /* the virtual server's own settings stay */
	assert_non_null(vs->quorum_up);
	assert_string_equal(vs->quorum_up->cmd, "/bin/true up");
	assert_string_equal(P.conf->virtual_servers.items[1].group, "G1");
	assert_string_equal(P.conf->instances.items[0].interface, "eth0");
	assert_int_equal(vg_conf_keyword_warnings(P.conf, &after), 1);
	assert_int_equal(after.count, before.count);
	assert_string_equal(after.items[0].message, before.items[0].message);
	assert_int_equal(after.items[0].loc.line, 15);
	vg_diags_free(&before);
	vg_diags_free(&after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_virtual_server_group, teardown),
		cmocka_unit_test_teardown(test_virtual_server_forms, teardown),
		cmocka_unit_test_teardown(test_real_server_and_checkers, teardown),
		cmocka_unit_test_teardown(test_checker_defaults, teardown),
		cmocka_unit_test_teardown(test_optional_parts, teardown),
		cmocka_unit_test_teardown(test_optional_part_rewritten, teardown),
		cmocka_unit_test_teardown(test_lvs_diagnostics, teardown),
		cmocka_unit_test_teardown(test_tunnel_options, teardown),
		cmocka_unit_test_teardown(test_ipv6_granularity_prefix, teardown),
		cmocka_unit_test_teardown(test_checker_keywords_are_per_type, teardown),
		cmocka_unit_test_teardown(test_bfd_check_names, teardown),
		cmocka_unit_test_teardown(test_drop_lvs_keeps_the_rest, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
