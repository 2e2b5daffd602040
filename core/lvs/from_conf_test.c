// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the keepalived.conf -> LVS service config mapping: every
 * seed configuration with a virtual_server, group expansion, persistence,
 * quorum and sorry server, checker option inheritance, HTTP urls (status,
 * digest, regex), and the errors with their configuration lines.
 */
#include "conf/testutil.h"
#include "lvs/from_conf.h"

static struct parsed P;
static struct vg_lvs_conf_map M;
static int map_rc;

static int teardown(void **state)
{
	(void)state;
	vg_lvs_conf_map_free(&M);
	parsed_free(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

/* Map the tree already in P (its parse must have succeeded unless `parse_may_fail`). */
static void map(bool parse_may_fail)
{
	if (!parse_may_fail && P.rc != 0)
		dump_diags(&P.diags);
	if (!parse_may_fail)
		assert_int_equal(P.rc, 0);
	map_rc = vg_lvs_from_conf(P.conf, &M, &P.diags);
}

static void map_text(const char *text)
{
	parse_text(&P, text);
	map(false);
	if (map_rc)
		dump_diags(&P.diags);
	assert_int_equal(map_rc, 0);
}

/*
 * Checkers of one url that says the same (path, status codes, digest,
 * Host, regex and its options) share the url's model, one after another;
 * anything different, or a checker of more urls, keeps its own, and the
 * pool is packed.
 */
static void test_urls_shared(void **state)
{
	static const char *const url[] = {
		"url {\n path /a\n }",
		"url {\n path /a\n }",
		"url {\n path /a\n status_code 404\n }",
		"url {\n path /a\n status_code 404\n }",
		"url {\n path /a\n virtualhost www.example\n }",
		"url {\n path /a\n }\n url {\n path /a\n }",
		"url {\n path /a\n regex \"ok\"\n }",
		"url {\n path /a\n regex \"ok\"\n regex_options caseless\n }",
	};
	static const uint16_t first[] = { 0, 0, 1, 1, 2, 3, 5, 6 };
	char text[2048];
	size_t len = 0;
	const struct vg_lvs_service_config *c;

	(void)state;
	len += (size_t)snprintf(text + len, sizeof(text) - len, "virtual_server 192.0.2.1 80 {\n");
	for (int i = 0; i < 8; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					" real_server 192.0.2.%d 80 {\n  HTTP_GET {\n   %s\n  }\n }\n", 10 + i, url[i]);
	snprintf(text + len, sizeof(text) - len, "}\nvirtual_server 192.0.2.2 80 {\n real_server 192.0.2.9 80 {\n"
		 "  HTTP_GET {\n   url {\n path /z\n }\n  }\n }\n}\n");
	map_text(text);
	c = &M.svc[0].cfg;
	assert_int_equal(c->checker_count, 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(c->checker[i].url_first, first[i]);
	assert_int_equal(c->checker[5].url_count, 2);
	assert_int_equal(c->url_count, 7);
	assert_true(vg_lvs_status_has(c->url[1].status, 404));
	assert_false(vg_lvs_status_has(c->url[0].status, 404));
	assert_string_equal(M.svc[0].url[2]->virtualhost, "www.example");
	assert_true(c->url[5].has_regex);
	assert_non_null(M.svc[0].url[6]->extra); /* regex_options: not the same url as the one before */
	/* the next service's slice follows the first's used urls: the pool is packed */
	assert_ptr_equal(M.svc[1].cfg.url, c->url + 7);
	assert_string_equal(M.svc[1].url[0]->path, "/z");
	assert_int_equal(vg_lvs_service_config_check(c), 0);
}

/*
 * Checkers of one type with the same times share one copy of them (across
 * virtual servers too); other times, or another type, get their own; more
 * distinct times than a block holds still map (each one right).
 */
static void test_timings_shared(void **state)
{
	char text[16384];
	size_t len = 0;
	const struct vg_lvs_service_config *a, *b;

	(void)state;
	len += (size_t)snprintf(text + len, sizeof(text) - len,
				"virtual_server 192.0.2.1 80 {\n delay_loop 6\n"
				" real_server 192.0.2.10 80 {\n  TCP_CHECK {\n  }\n }\n"
				" real_server 192.0.2.11 80 {\n  TCP_CHECK {\n  }\n }\n"
				" real_server 192.0.2.12 80 {\n  TCP_CHECK {\n   connect_timeout 2\n  }\n }\n"
				" real_server 192.0.2.13 80 {\n  TCP_CHECK {\n  }\n }\n"
				" real_server 192.0.2.14 80 {\n  SMTP_CHECK {\n   connect_timeout 5\n"
				"   delay_before_retry 1\n  }\n }\n}\n"
				"virtual_server 192.0.2.2 80 {\n delay_loop 6\n"
				" real_server 192.0.2.10 80 {\n  TCP_CHECK {\n  }\n }\n}\n");
	/* 70 more distinct times: a second block */
	len += (size_t)snprintf(text + len, sizeof(text) - len, "virtual_server 192.0.2.3 80 {\n");
	for (int i = 0; i < 70; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					" real_server 192.0.2.%d 80 {\n  TCP_CHECK {\n   connect_timeout %d\n  }\n }\n",
					20 + i, 10 + i);
	snprintf(text + len, sizeof(text) - len, "}\n");
	map_text(text);
	a = &M.svc[0].cfg;
	b = &M.svc[1].cfg;
	assert_int_equal(a->checker_count, 5);
	assert_ptr_equal(a->checker[0].tm, a->checker[1].tm);
	assert_ptr_equal(a->checker[0].tm, a->checker[3].tm);
	assert_ptr_equal(a->checker[0].tm, b->checker[0].tm);
	assert_ptr_not_equal(a->checker[0].tm, a->checker[2].tm);
	assert_int_equal(a->checker[2].tm->connect_timeout_ns, VG_S(2));
	assert_int_equal(a->checker[0].tm->connect_timeout_ns, VG_S(5));
	/* the same four times as the TCP_CHECKs, another type: its own copy */
	assert_int_equal(a->checker[4].tm->delay_loop_ns, a->checker[0].tm->delay_loop_ns);
	assert_int_equal(a->checker[4].tm->delay_before_retry_ns, a->checker[0].tm->delay_before_retry_ns);
	assert_int_equal(a->checker[4].tm->warmup_ns, a->checker[0].tm->warmup_ns);
	assert_ptr_not_equal(a->checker[4].tm, a->checker[0].tm);
	assert_int_equal(M.count, 3);
	assert_int_equal(M.svc[2].cfg.checker_count, 70);
	for (int i = 0; i < 70; i++)
		assert_int_equal(M.svc[2].cfg.checker[i].tm->connect_timeout_ns, VG_S(10 + i));
	assert_non_null(M.pool.timing->next);
	assert_int_equal(vg_lvs_service_config_check(a), 0);
}

/* A checker's retry count is 16 bits in the core's runtime: a larger retry is cut, with a warning. */
static void test_retry_bounded(void **state)
{
	(void)state;
	map_text("virtual_server 192.0.2.1 80 {\n"
		 " real_server 192.0.2.10 80 {\n  TCP_CHECK {\n   retry 70000\n  }\n }\n"
		 " real_server 192.0.2.11 80 {\n  TCP_CHECK {\n   retry 65534\n  }\n }\n}\n");
	assert_string_equal(expect_diag(&P.diags, "lvs-map", 3)->message, "retry 70000 is more than 65534: 65534 used");
	assert_int_equal(M.svc[0].cfg.checker[0].retry, VG_LVS_RETRY_MAX);
	assert_int_equal(M.svc[0].cfg.checker[1].retry, 65534);
	assert_null(vg_diags_find(&P.diags, "lvs-map", 6));
}

static const char *fmt(const struct vg_addr *a)
{
	static char buf[VG_ADDR_STRLEN];

	return vg_addr_format(a, buf, sizeof(buf));
}

/* Seed 01: DR, rr, TCP_CHECK with retry 2, delay_before_retry 3, delay_loop 6 from the virtual server. */
static void test_seed_01(void **state)
{
	const struct vg_lvs_service_config *c;
	(void)state;
	parse_seed(&P, "01-lvs-dr-haproxy-master.conf");
	map(true); /* the seed names an undefined track_script: a parse error unrelated to LVS */
	assert_int_equal(map_rc, 0);
	assert_int_equal(M.count, 1);
	c = &M.svc[0].cfg;
	assert_int_equal(c->kind, VG_LVS_VS_ADDR);
	assert_string_equal(fmt(&c->addr), "192.168.0.233");
	assert_int_equal(c->port, 80);
	assert_int_equal(c->protocol, VG_LVS_PROTO_TCP);
	assert_int_equal(c->sched.kind, VG_LVS_SCHED_RR);
	assert_int_equal(c->fwd, VG_LVS_FWD_DR);
	assert_false(c->persistent);
	assert_int_equal(c->rs_count, 2);
	assert_string_equal(fmt(&c->rs[1].addr), "192.168.0.111");
	assert_int_equal(c->rs[1].fwd, VG_LVS_FWD_DR);
	assert_int_equal(c->checker_count, 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(c->checker[i].type, VG_LVS_CHECK_TCP);
		assert_int_equal(c->checker[i].rs, i);
		assert_int_equal(c->checker[i].tm->delay_loop_ns, VG_S(6));
		assert_int_equal(c->checker[i].tm->connect_timeout_ns, VG_S(5));
		assert_int_equal(c->checker[i].retry, 2);
		assert_int_equal(c->checker[i].tm->delay_before_retry_ns, VG_S(3));
		assert_int_equal(c->checker[i].tm->warmup_ns, VG_S(6)); /* warmup defaults to delay_loop */
	}
	assert_int_equal(M.svc[0].key_count, 1);
	assert_int_equal(M.keys[0].port, 80);
	assert_int_equal(vg_lvs_service_config_check(c), 0);
}

/* Seed 08: wrr, persistence 50, HTTP_GET status 200, the deprecated nb_get_retry 3, connect_timeout 3. */
static void test_seed_08(void **state)
{
	const struct vg_lvs_service_config *c;
	(void)state;
	parse_seed(&P, "08-lvs-wrr-http-get.conf");
	map(false);
	assert_int_equal(map_rc, 0);
	c = &M.svc[0].cfg;
	assert_int_equal(c->sched.kind, VG_LVS_SCHED_WRR);
	assert_true(c->persistent);
	assert_int_equal(c->persistence_timeout_s, 50);
	assert_int_equal(c->persistence_granularity_bits, 0);
	assert_int_equal(c->checker_count, 2);
	assert_int_equal(c->checker[0].type, VG_LVS_CHECK_HTTP);
	assert_int_equal(c->checker[0].retry, 3);
	assert_int_equal(c->checker[0].tm->connect_timeout_ns, VG_S(3));
	assert_int_equal(c->checker[0].tm->delay_before_retry_ns, VG_S(3));
	assert_int_equal(c->checker[0].url_count, 1);
	/* both real servers fetch the same url: one url model between them (url1_share) */
	assert_int_equal(c->checker[1].url_count, 1);
	assert_int_equal(c->checker[1].url_first, 0);
	assert_int_equal(c->url_count, 1);
	assert_true(vg_lvs_status_has(c->url[0].status, 200));
	assert_false(vg_lvs_status_has(c->url[0].status, 201));
	assert_false(c->url[0].has_digest);
	assert_string_equal(M.svc[0].url[0]->path, "/");
	assert_null(M.svc[0].url_regex[0]);
}

/* Seed 10 (both nodes): NAT, persistence 50, notify_down, TCP_CHECK defaults (retry 1, delay_before_retry 1 s). */
static void test_seed_10(void **state)
{
	static const char *const names[] = { "10-anjuke-nat-master.conf", "10-anjuke-nat-backup.conf" };
	(void)state;
	for (int n = 0; n < 2; n++) {
		const struct vg_lvs_service_config *c;

		parse_seed(&P, names[n]);
		map(false);
		assert_int_equal(map_rc, 0);
		c = &M.svc[0].cfg;
		assert_int_equal(c->fwd, VG_LVS_FWD_NAT);
		assert_int_equal(c->sched.kind, VG_LVS_SCHED_RR);
		assert_int_equal(c->persistence_timeout_s, 50);
		assert_int_equal(c->rs_count, 1);
		assert_true(c->rs[0].has_notify_down);
		assert_false(c->rs[0].has_notify_up);
		assert_string_equal(M.svc[0].rs[0]->notify_down->cmd, "/root/script/restart_keepalived.sh");
		assert_int_equal(c->checker[0].retry, 1);
		assert_int_equal(c->checker[0].tm->delay_before_retry_ns, VG_S(1));
		assert_int_equal(c->checker[0].tm->connect_timeout_ns, VG_S(3));
		assert_int_equal(c->checker[0].tm->delay_loop_ns, VG_S(6));
		teardown(NULL);
	}
}

static void test_seeds_without_lvs_map_nothing(void **state)
{
	(void)state;
	parse_seed(&P, "02-simple-master.conf");
	map(true);
	assert_int_equal(map_rc, 0);
	assert_int_equal(M.count, 0);
	assert_int_equal(M.key_count, 0);
}

static void test_group_expansion(void **state)
{
	(void)state;
	map_text("virtual_server_group WEB {\n"
		 "  192.0.2.1-10 80\n"      /* 10 services */
		 "  198.51.100.8/30 443\n"  /* 4 */
		 "  fwmark 7\n"             /* 1 */
		 "  2001:db8::1-3 80\n"     /* 3 */
		 "}\n"
		 "virtual_server group WEB {\n  protocol TCP\n  lb_algo sh\n  sh-port\n"
		 "  real_server 192.0.2.100 80 {\n    TCP_CHECK {\n    }\n  }\n}\n");
	assert_int_equal(M.count, 1);
	assert_int_equal(M.svc[0].cfg.kind, VG_LVS_VS_GROUP);
	assert_int_equal(M.svc[0].cfg.group, 0);
	assert_int_equal(M.svc[0].key_count, 18);
	assert_int_equal(M.key_count, 18);
	assert_string_equal(fmt(&M.keys[0].addr), "192.0.2.1");
	assert_string_equal(fmt(&M.keys[9].addr), "192.0.2.10");
	assert_int_equal(M.keys[9].port, 80);
	assert_string_equal(fmt(&M.keys[10].addr), "198.51.100.8");
	assert_string_equal(fmt(&M.keys[13].addr), "198.51.100.11");
	assert_int_equal(M.keys[13].port, 443);
	assert_int_equal(M.keys[14].kind, VG_LVS_VS_FWMARK);
	assert_int_equal(M.keys[14].fwmark, 7);
	assert_int_equal(M.keys[14].family, VG_AF_INET);
	assert_string_equal(fmt(&M.keys[17].addr), "2001:db8::3");
	assert_int_equal(M.keys[17].family, VG_AF_INET6);
	assert_int_equal(M.svc[0].cfg.sched.kind, VG_LVS_SCHED_SH);
	assert_int_equal(M.svc[0].cfg.sched.flags, VG_LVS_SCHED_SH_PORT);
}

static void test_group_range_crosses_octet_and_limit(void **state)
{
	(void)state;
	map_text("virtual_server_group G {\n  192.0.2.254-192.0.3.1 80\n}\n"
		 "virtual_server group G {\n  protocol TCP\n}\n");
	assert_int_equal(M.key_count, 4);
	assert_string_equal(fmt(&M.keys[3].addr), "192.0.3.1");
	teardown(NULL);
	/* a /16 is 65536 services: over the limit, an error at the group line */
	parse_text(&P, "virtual_server_group G {\n  10.0.0.0/16 80\n}\n"
		       "virtual_server group G {\n  protocol TCP\n}\n");
	map(false);
	assert_int_equal(map_rc, VG_LVS_EINVAL);
	expect_diag(&P.diags, "lvs-map", 2);
	assert_int_equal(M.count, 0);
	assert_int_equal(M.key_count, 0);
}

static const char *full_text =
	"virtual_server 192.0.2.1 80 {\n"                                          /* 1 */
	"  protocol TCP\n  lb_algo mh\n  mh-fallback\n  lb_kind NAT\n"                /* 2-5 */
	"  persistence_timeout 600\n  persistence_granularity 255.255.255.0\n"       /* 6-7 */
	"  quorum 3\n  hysteresis 1\n  quorum_up /bin/up\n  quorum_down /bin/down\n"  /* 8-11 */
	"  sorry_server 192.0.2.99 8080\n  sorry_server_inhibit\n  sorry_server_lvs_method DR\n" /* 12-14 */
	"  alpha\n  omega\n  ha_suspend\n  inhibit_on_failure\n  delay_loop 20\n  retry 4\n" /* 15-20 */
	"  real_server 192.0.2.10 8080 {\n"                                        /* 21 */
	"    weight 3\n    lb_kind DR\n    uthreshold 100\n    lthreshold 10\n    notify_up /bin/u\n" /* 22-26 */
	"    inhibit_on_failure off\n    alpha off\n"                              /* 27-28 */
	"    HTTP_GET {\n      fast_recovery\n      url {\n        path /health\n" /* 29-32 */
	"        status_code 200-299 401\n        digest 0123456789abcdef0123456789ABCDEF\n" /* 33-34 */
	"      }\n      url {\n        path /ready\n        regex \"^OK\"\n        regex_no_match\n      }\n" /* 35-40 */
	"      connect_timeout 2\n      delay_before_retry 5\n      warmup 0\n    }\n" /* 41-44 */
	"    MISC_CHECK {\n      misc_path /bin/check\n      delay_loop 7\n    }\n"   /* 45-48 */
	"    FILE_CHECK {\n      track_file f\n    }\n"                             /* 49-51 */
	"  }\n"
	"  real_server 192.0.2.11 8080 {\n    TCP_CHECK {\n    }\n  }\n"
	"}\n"
	"track_file f {\n  file /tmp/f\n}\n";

static void test_every_option(void **state)
{
	const struct vg_lvs_conf_service *cs;
	const struct vg_lvs_service_config *c;
	(void)state;
	map_text(full_text);
	cs = &M.svc[0];
	c = &cs->cfg;
	assert_int_equal(c->sched.kind, VG_LVS_SCHED_MH);
	assert_int_equal(c->sched.flags, VG_LVS_SCHED_MH_FALLBACK);
	assert_true(c->persistent);
	assert_int_equal(c->persistence_timeout_s, 600);
	assert_int_equal(c->persistence_granularity_bits, 24);
	assert_int_equal(c->quorum, 3);
	assert_int_equal(c->hysteresis, 1);
	assert_true(c->has_quorum_up && c->has_quorum_down);
	assert_true(c->alpha && c->omega && c->ha_suspend);
	assert_true(c->has_sorry && c->sorry_inhibit);
	assert_string_equal(fmt(&c->sorry.addr), "192.0.2.99");
	assert_int_equal(c->sorry.port, 8080);
	assert_int_equal(c->sorry.fwd, VG_LVS_FWD_DR);
	assert_int_equal(c->rs_count, 2);
	assert_int_equal(c->rs[0].weight, 3);
	assert_int_equal(c->rs[0].fwd, VG_LVS_FWD_DR);
	assert_int_equal(c->rs[1].fwd, VG_LVS_FWD_NAT);
	assert_int_equal(c->rs[0].u_threshold, 100);
	assert_int_equal(c->rs[0].l_threshold, 10);
	assert_true(c->rs[0].has_notify_up);
	assert_false(c->rs[0].inhibit_on_failure); /* the real server overrides */
	assert_true(c->rs[1].inhibit_on_failure);  /* the virtual server's default */
	/* FILE_CHECK is mapped (keepalived.conf(5) "File checker") */
	assert_int_equal(c->checker_count, 4);
	/* HTTP_GET */
	assert_int_equal(c->checker[0].type, VG_LVS_CHECK_HTTP);
	assert_false(c->checker[0].alpha); /* alpha off on the real server */
	assert_true(c->checker[0].fast_recovery);
	assert_int_equal(c->checker[0].tm->delay_loop_ns, VG_S(20));
	assert_int_equal(c->checker[0].tm->connect_timeout_ns, VG_S(2));
	assert_int_equal(c->checker[0].tm->delay_before_retry_ns, VG_S(5));
	assert_int_equal(c->checker[0].tm->warmup_ns, 0);
	assert_int_equal(c->checker[0].retry, 4);
	assert_int_equal(c->checker[0].url_count, 2);
	assert_true(vg_lvs_status_has(c->url[0].status, 401));
	assert_true(vg_lvs_status_has(c->url[0].status, 250));
	assert_false(vg_lvs_status_has(c->url[0].status, 400));
	assert_true(c->url[0].has_digest);
	assert_int_equal(c->url[0].digest[0], 0x01);
	assert_int_equal(c->url[0].digest[15], 0xef);
	assert_false(c->url[0].has_regex);
	assert_true(c->url[1].has_regex);
	assert_true(c->url[1].regex_no_match);
	assert_string_equal(cs->url_regex[1], "^OK");
	assert_string_equal(cs->url[1]->path, "/ready");
	/* MISC_CHECK: its own delay_loop; retry from the virtual server */
	assert_int_equal(c->checker[1].type, VG_LVS_CHECK_MISC);
	assert_int_equal(c->checker[1].tm->delay_loop_ns, VG_S(7));
	assert_int_equal(c->checker[1].retry, 4);
	assert_int_equal(c->checker[1].rs, 0);
	assert_false(c->checker[1].misc_dynamic);
	/* check_misc.c: no misc_timeout, the script may run for the virtual server's delay_loop */
	assert_int_equal(c->checker[1].tm->connect_timeout_ns, VG_S(20));
	/* FILE_CHECK: the track_file's index and weight (default 1); alpha does not apply */
	assert_int_equal(c->checker[2].type, VG_LVS_CHECK_FILE);
	assert_int_equal(c->checker[2].track_file, 0);
	assert_int_equal(c->checker[2].file_weight, 1);
	assert_false(c->checker[2].file_reverse);
	assert_false(c->checker[2].alpha);
	/* TCP_CHECK of the second server: alpha from the virtual server, delay_loop inherited */
	assert_true(c->checker[3].alpha);
	assert_int_equal(c->checker[3].rs, 1);
	assert_int_equal(c->checker[3].tm->delay_loop_ns, VG_S(20));
	assert_int_equal(c->checker[3].tm->warmup_ns, VG_S(20));
	assert_ptr_equal(cs->checker[3], &P.conf->virtual_servers.items[0].real_servers.items[1].checkers.items[0]);
	assert_int_equal(vg_lvs_service_config_check(c), 0);
}

/*
 * keepalived.conf(5): MISC_CHECK misc_timeout / misc_dynamic; FILE_CHECK
 * `weight <N> [reverse]`, else the track_file's weight; a FILE_CHECK naming
 * no defined track_file is dropped (keepalived: "track_file %s not found").
 */
static void test_misc_and_file_options(void **state)
{
	const struct vg_lvs_service_config *c;
	(void)state;
	map_text("track_file a {\n  file /tmp/a\n  weight 5 reverse\n}\n"
		 "track_file b {\n  file /tmp/b\n}\n"
		 "virtual_server 192.0.2.1 80 {\n  protocol TCP\n"             /* 8-9 */
		 "  real_server 192.0.2.10 80 {\n    weight 4\n"                 /* 10-11 */
		 "    MISC_CHECK {\n      misc_path /bin/true\n      misc_timeout 3\n      misc_dynamic\n    }\n" /* 12-16 */
		 "    FILE_CHECK {\n      track_file a\n    }\n"                 /* 17-19 */
		 "    FILE_CHECK {\n      track_file b\n      weight -3\n    }\n" /* 20-23 */
		 "    FILE_CHECK {\n      track_file nosuch\n    }\n"            /* 24-26 */
		 "  }\n}\n");
	assert_int_equal(M.count, 1);
	c = &M.svc[0].cfg;
	assert_int_equal(c->checker_count, 3);
	assert_int_equal(c->checker[0].type, VG_LVS_CHECK_MISC);
	assert_true(c->checker[0].misc_dynamic);
	assert_int_equal(c->checker[0].tm->connect_timeout_ns, VG_S(3));
	assert_int_equal(c->checker[0].retry, 0);
	assert_int_equal(c->checker[1].track_file, 0);
	assert_int_equal(c->checker[1].file_weight, 5);
	assert_true(c->checker[1].file_reverse);
	assert_int_equal(c->checker[2].track_file, 1);
	assert_int_equal(c->checker[2].file_weight, -3);
	assert_false(c->checker[2].file_reverse);
	assert_int_equal(expect_diag(&P.diags, "lvs-map", 24)->severity, VG_DIAG_WARNING);
}

static void test_fwmark_family(void **state)
{
	(void)state;
	map_text("virtual_server fwmark 9 {\n  protocol UDP\n  ops\n  real_server 2001:db8::10 53 {\n  }\n}\n"
		 "virtual_server fwmark 10 {\n  ip_family inet\n}\n");
	assert_int_equal(M.count, 2);
	assert_int_equal(M.svc[0].cfg.kind, VG_LVS_VS_FWMARK);
	assert_int_equal(M.svc[0].cfg.fwmark, 9);
	assert_int_equal(M.svc[0].cfg.family, VG_AF_INET6); /* from the first real server */
	assert_true(M.svc[0].cfg.ops);
	assert_int_equal(M.svc[0].cfg.protocol, VG_LVS_PROTO_UDP);
	assert_int_equal(M.svc[1].cfg.family, VG_AF_INET);
	assert_int_equal(M.keys[1].fwmark, 10);
}

static void test_errors_name_lines(void **state)
{
	(void)state;
	parse_text(&P, "virtual_server 192.0.2.1 80 {\n"                    /* 1 */
		       "  protocol TCP\n  persistence_timeout 10\n"            /* 2-3 */
		       "  persistence_granularity 255.0.255.0\n"               /* 4 */
		       "}\n"                                                   /* 5 */
		       "virtual_server 192.0.2.2 80 {\n  protocol TCP\n"       /* 6-7 */
		       "  real_server 192.0.2.10 80 {\n    HTTP_GET {\n"       /* 8-9 */
		       "      url {\n        path /\n        digest 12345\n      }\n    }\n  }\n}\n" /* 10-15 */
		       "virtual_server 192.0.2.3 80 {\n  protocol TCP\n"       /* 17-18 */
		       "  real_server 192.0.2.10 80 {\n  }\n"                  /* 19-20 */
		       "  real_server 192.0.2.10 80 {\n  }\n}\n"               /* 21-23 */
		       "virtual_server 192.0.2.4 80 {\n  protocol TCP\n"       /* 24-25 */
		       "  real_server 2001:db8::1 80 {\n  }\n}\n"              /* 26-28 */
		       "virtual_server 192.0.2.5 80 {\n  protocol TCP\n"       /* 29-30 */
		       "  real_server 192.0.2.10 80 {\n    HTTP_GET {\n      url {\n        path /\n"
		       "        regex a b\n      }\n    }\n  }\n}\n"           /* 35 */
		       "virtual_server 192.0.2.6 80 {\n  protocol TCP\n}\n"     /* 40-42: fine */
		       "virtual_server group NOPE {\n  protocol TCP\n}\n");   /* 43: no such group */
	map(true);
	assert_int_equal(map_rc, VG_LVS_EINVAL);
	expect_diag(&P.diags, "lvs-map", 43); /* an error: that virtual server is left out */
	/* granularity not contiguous (at the virtual_server): a warning, the kernel takes it */
	assert_int_equal(expect_diag(&P.diags, "lvs-map", 1)->severity, VG_DIAG_WARNING);
	/* a digest that is not an MD5: ignored with keepalived 2.2.7's words */
	assert_string_equal(expect_diag(&P.diags, "lvs-keepalived", 10)->message,
			    "digest '12345' character length should be 32 rather than 5");
	expect_diag(&P.diags, "lvs-keepalived", 21); /* duplicate real server: a warning, dropped */
	/* family: keepalived 2.2.7 skips the real server, the virtual server runs on */
	assert_string_equal(expect_diag(&P.diags, "lvs-keepalived", 26)->message,
			    "Address family of virtual server and real server 2001:db8::1 don't match - skipping real server.");
	/* regex with two words: keepalived 2.2.7 logs "regex missing or too many fields", no regex */
	expect_diag(&P.diags, "lvs-keepalived", 35);
	/* only the service with an error (the group) is left out; the others run as keepalived
	   runs them: without the digest or the regex, the duplicated or other-family real server */
	assert_int_equal(M.count, 6);
	assert_string_equal(fmt(&M.svc[0].cfg.addr), "192.0.2.1");
	assert_int_equal(M.svc[0].cfg.persistence_granularity_bits, 0);
	assert_string_equal(fmt(&M.svc[1].cfg.addr), "192.0.2.2");
	assert_int_equal(M.svc[1].cfg.url_count, 1);
	assert_false(M.svc[1].cfg.url[0].has_digest);
	assert_string_equal(fmt(&M.svc[2].cfg.addr), "192.0.2.3");
	assert_int_equal(M.svc[2].cfg.rs_count, 1);
	assert_string_equal(fmt(&M.svc[3].cfg.addr), "192.0.2.4");
	assert_int_equal(M.svc[3].cfg.rs_count, 0);
	assert_string_equal(fmt(&M.svc[4].cfg.addr), "192.0.2.5");
	assert_int_equal(M.svc[4].cfg.url_count, 1);
	assert_false(M.svc[4].cfg.url[0].has_regex);
	assert_string_equal(fmt(&M.svc[5].cfg.addr), "192.0.2.6");
	assert_int_equal(M.svc[5].cfg.id, 5);
	assert_int_equal(M.key_count, 6);
}

/*
 * keepalived 2.2.7 validate_check_config(): a real server equal to an earlier one of its
 * virtual server ("VS ...: real server ... is duplicated - removing second rs") is dropped
 * with its checkers and the virtual server runs on (keepalived -t reports it). Equal means
 * the address and port as written: two DR real servers whose ports are reset to the
 * virtual server's later are both kept, as keepalived compares before the reset.
 */
static void test_duplicate_real_server_dropped(void **state)
{
	const struct vg_lvs_service_config *c;
	const struct vg_diag *g;

	(void)state;
	map_text("virtual_server 192.0.2.1 80 {\n  lb_kind NAT\n  protocol TCP\n"           /* 1-3 */
		 "  real_server 192.0.2.10 8080 {\n    weight 1\n    TCP_CHECK {\n    }\n  }\n" /* 4-8 */
		 "  real_server 192.0.2.10 8080 {\n    weight 2\n"                          /* 9-10 */
		 "    HTTP_GET {\n      url {\n        path /\n      }\n    }\n  }\n"          /* 11-16 */
		 "  real_server 192.0.2.11 8080 {\n    weight 3\n    TCP_CHECK {\n    }\n  }\n" /* 17-21 */
		 "}\n"
		 "virtual_server 192.0.2.2 80 {\n  lb_kind DR\n  protocol TCP\n"
		 "  real_server 192.0.2.10 8080 {\n  }\n  real_server 192.0.2.10 8081 {\n  }\n}\n");
	g = expect_diag(&P.diags, "lvs-keepalived", 9);
	assert_int_equal(g->severity, VG_DIAG_WARNING);
	assert_string_equal(g->message, "VS [192.0.2.1]:tcp:80: real server [192.0.2.10]:tcp:8080 is duplicated - "
					"removing second rs (line 4 has it)");
	assert_int_equal(M.count, 2);
	c = &M.svc[0].cfg;
	assert_int_equal(c->rs_count, 2);
	assert_string_equal(fmt(&c->rs[0].addr), "192.0.2.10");
	assert_int_equal(c->rs[0].weight, 1);
	assert_string_equal(fmt(&c->rs[1].addr), "192.0.2.11");
	assert_int_equal(c->rs[1].weight, 3);
	/* the dropped server's HTTP_GET went with it */
	assert_int_equal(c->checker_count, 2);
	assert_int_equal(c->checker[0].type, VG_LVS_CHECK_TCP);
	assert_int_equal(c->checker[0].rs, 0);
	assert_int_equal(c->checker[1].type, VG_LVS_CHECK_TCP);
	assert_int_equal(c->checker[1].rs, 1);
	assert_int_equal(c->url_count, 0);
	/* DR, ports 8080 and 8081 as written: not duplicates here */
	assert_int_equal(M.svc[1].cfg.rs_count, 2);
}

/*
 * keepalived 2.2.7 drops an HTTP_GET without a url ("HTTP/SSL_GET checker has no urls
 * specified - ignoring") and a MISC_CHECK without misc_path ("No script path has been
 * specified for MISC_CHECKER - skipping") and runs the real server without them: a parse
 * warning, the virtual server and its real servers mapped, only the other checkers kept.
 */
static void test_checker_without_url_or_path_dropped(void **state)
{
	const struct vg_lvs_service_config *c;
	const struct vg_diag *g;

	(void)state;
	map_text("virtual_server 192.0.2.1 80 {\n  lb_kind NAT\n  protocol TCP\n"         /* 1-3 */
		 "  real_server 192.0.2.10 8080 {\n    HTTP_GET {\n      connect_timeout 3\n    }\n" /* 4-7 */
		 "    TCP_CHECK {\n    }\n  }\n"                                            /* 8-10 */
		 "  real_server 192.0.2.11 8080 {\n    MISC_CHECK {\n      misc_timeout 3\n    }\n  }\n" /* 11-15 */
		 "}\n");
	g = expect_diag(&P.diags, "missing-value", 5);
	assert_int_equal(g->severity, VG_DIAG_WARNING);
	assert_non_null(strstr(g->message, "HTTP/SSL_GET checker has no urls specified - ignoring"));
	g = expect_diag(&P.diags, "missing-value", 12);
	assert_int_equal(g->severity, VG_DIAG_WARNING);
	assert_non_null(strstr(g->message, "No script path has been specified for MISC_CHECKER - skipping"));
	assert_int_equal(P.diags.errors, 0);
	assert_int_equal(M.count, 1);
	c = &M.svc[0].cfg;
	assert_int_equal(c->rs_count, 2);
	assert_int_equal(c->checker_count, 1);
	assert_int_equal(c->checker[0].type, VG_LVS_CHECK_TCP);
	assert_int_equal(c->checker[0].rs, 0);
	assert_int_equal(c->url_count, 0);
	teardown(state);
	/* an unknown sorry_server_lvs_method: keepalived 2.2.7 ignores the line (the sorry server
	   keeps the virtual server's method) */
	map_text("virtual_server 192.0.2.1 80 {\n  protocol TCP\n  lb_kind DR\n  sorry_server 192.0.2.9 80\n"
		 "  sorry_server_lvs_method XX\n  real_server 192.0.2.10 80 {\n  }\n}\n");
	assert_string_equal(expect_diag(&P.diags, "lvs-keepalived", 5)->message,
			    "PARSER : unknown [XX] routing method for sorry server.");
	assert_int_equal(M.count, 1);
	assert_true(M.svc[0].cfg.has_sorry);
	assert_int_equal(M.svc[0].cfg.sorry.fwd, VG_LVS_FWD_DR);
}

static void test_netmask_bits(void **state)
{
	struct vg_addr a;
	(void)state;
	assert_int_equal(vg_addr_parse("255.255.255.0", &a), 0);
	assert_int_equal(vg_lvs_netmask_bits(&a), 24);
	assert_int_equal(vg_addr_parse("255.255.255.255", &a), 0);
	assert_int_equal(vg_lvs_netmask_bits(&a), 32);
	assert_int_equal(vg_addr_parse("255.255.128.0", &a), 0);
	assert_int_equal(vg_lvs_netmask_bits(&a), 17);
	assert_int_equal(vg_addr_parse("255.0.255.0", &a), 0);
	assert_int_equal(vg_lvs_netmask_bits(&a), -1);
	assert_int_equal(vg_addr_parse("ffff:ffff:ffff:ffff::", &a), 0);
	assert_int_equal(vg_lvs_netmask_bits(&a), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_seed_01, teardown),
		cmocka_unit_test_teardown(test_seed_08, teardown),
		cmocka_unit_test_teardown(test_seed_10, teardown),
		cmocka_unit_test_teardown(test_seeds_without_lvs_map_nothing, teardown),
		cmocka_unit_test_teardown(test_group_expansion, teardown),
		cmocka_unit_test_teardown(test_group_range_crosses_octet_and_limit, teardown),
		cmocka_unit_test_teardown(test_every_option, teardown),
		cmocka_unit_test_teardown(test_misc_and_file_options, teardown),
		cmocka_unit_test_teardown(test_fwmark_family, teardown),
		cmocka_unit_test_teardown(test_errors_name_lines, teardown),
		cmocka_unit_test_teardown(test_duplicate_real_server_dropped, teardown),
		cmocka_unit_test_teardown(test_checker_without_url_or_path_dropped, teardown),
		cmocka_unit_test(test_netmask_bits),
		cmocka_unit_test_teardown(test_urls_shared, teardown),
		cmocka_unit_test_teardown(test_timings_shared, teardown),
		cmocka_unit_test_teardown(test_retry_bounded, teardown),
	};

	return cmocka_run_group_tests_name("lvs/from_conf", tests, NULL, NULL);
}
