// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the keyword status table (keyword_status.c): every keyword
 * of every parser table has exactly one line, every line names a keyword
 * the parser knows, reasons go with the statuses that need them, and each
 * use of a keyword vigild does not act on becomes a warning at its
 * file:line (issue 17, "Nothing silent").
 */
#include "conf/testutil.h"

#include "conf/keyword_status.h"
#include "conf/parser_int.h"

static struct parsed P;

static int teardown(void **state)
{
	(void)state;
	parsed_free(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

static bool table(int id, struct kw_table *t)
{
	memset(t, 0, sizeof(*t));
	return vg_table_global(id, t) || vg_table_vrrp(id, t) || vg_table_lvs(id, t);
}

/* Every keyword of every parser table has a status line, and only one. */
static void test_every_parser_keyword_has_a_status(void **state)
{
	size_t missing = 0, seen = 0;

	(void)state;
	for (int id = T_TOP; id < T_COUNT; id++) {
		struct kw_table t;

		if (!table(id, &t))
			continue;
		for (size_t i = 0; i < t.count; i++) {
			int e = vg_kw_status_index(id, t.kws[i].name);
			bool dup_in_table = false;

			for (size_t j = 0; j < i; j++)
				dup_in_table |= strcmp(t.kws[j].name, t.kws[i].name) == 0;
			if (dup_in_table)
				continue;
			seen++;
			if (e < 0) {
				fprintf(stderr, "no status: %s %s\n", t.block, t.kws[i].name);
				missing++;
				continue;
			}
			for (size_t k = (size_t)e + 1; k < vg_kw_status_count(); k++) {
				struct vg_kw_info a, b;

				vg_kw_status_get((size_t)e, &a);
				vg_kw_status_get(k, &b);
				if (strcmp(a.block, b.block) == 0 && strcmp(a.keyword, b.keyword) == 0) {
					fprintf(stderr, "two status lines: %s %s\n", a.block, a.keyword);
					missing++;
				}
			}
		}
	}
	assert_true(seen > 300);
	assert_int_equal(missing, 0);
}

/* Every line of a parser block names a keyword of that block (no stale lines). */
static void test_every_status_line_is_a_parser_keyword(void **state)
{
	size_t stale = 0, parser_lines = 0;

	(void)state;
	for (int id = T_TOP; id < T_COUNT; id++) {
		struct kw_table t;
		bool known = table(id, &t);

		for (size_t i = 0; i < vg_kw_status_count(); i++) {
			struct vg_kw_info in;
			bool found = false;

			vg_kw_status_get(i, &in);
			if (vg_kw_status_index(id, in.keyword) != (int)i)
				continue;
			parser_lines++;
			for (size_t k = 0; known && k < t.count; k++)
				found |= strcmp(t.kws[k].name, in.keyword) == 0;
			if (!found) {
				fprintf(stderr, "stale status line: %s %s\n", in.block, in.keyword);
				stale++;
			}
		}
	}
	assert_true(parser_lines > 300);
	assert_int_equal(stale, 0);
}

/* A status other than "vigild" says why; "vigild" has no reason. */
static void test_reasons(void **state)
{
	size_t not_yet = 0;

	(void)state;
	for (size_t i = 0; i < vg_kw_status_count(); i++) {
		struct vg_kw_info in;

		assert_true(vg_kw_status_get(i, &in));
		assert_true(in.status >= VG_KW_VIGILD && in.status <= VG_KW_AS_KEEPALIVED);
		if (in.status == VG_KW_VIGILD) {
			assert_null(in.reason);
		} else {
			assert_non_null(in.reason);
			assert_true(strlen(in.reason) > 10);
		}
		not_yet += in.status == VG_KW_NOT_YET;
	}
	assert_true(not_yet > 0);
	assert_false(vg_kw_status_get(vg_kw_status_count(), &(struct vg_kw_info){ 0 }));
	assert_true(vg_kw_status_lookup("vrrp_instance", "priority") >= 0);
	assert_int_equal(vg_kw_status_lookup("vrrp_instance", "no_such_word"), -1);
}

/*
 * A keyword keepalived 2.2.7 itself ignores (Debian's build: "Unknown keyword" for
 * vrrp_ipsets) gets its own status and warning code, not "not supported yet".
 */
static void test_as_keepalived(void **state)
{
	const struct vg_diag *g;
	struct vg_kw_info in;
	long e = vg_kw_status_lookup("global_defs", "vrrp_ipsets");

	(void)state;
	assert_true(e >= 0);
	assert_true(vg_kw_status_get((size_t)e, &in));
	assert_int_equal(in.status, VG_KW_AS_KEEPALIVED);
	assert_string_equal(vg_kw_status_name(in.status), "ignored, as keepalived");
	parse_text(&P, "global_defs {\n  vrrp_ipsets a b\n  enable_dbus\n}\n");
	assert_non_null(P.conf);
	assert_int_equal(vg_conf_keyword_warnings(P.conf, &P.diags), 2);
	g = expect_diag(&P.diags, "as-keepalived", 2);
	assert_non_null(strstr(g->message, "nor does keepalived 2.2.7"));
	assert_null(vg_diags_find(&P.diags, "not-supported", 2));
	expect_diag(&P.diags, "not-supported", 3);
}

/*
 * issue 17's example: enable_snmp_vrrp warns at its line; the keywords
 * vigild acts on (notification_email, vrrp_mcast_group4, lvs_sync_daemon,
 * track_process, bfd_instance and track_bfd, the virtual_server and its
 * TCP_CHECK) do not.
 */
static void test_issue_example_warns_at_each_line(void **state)
{
	static const char text[] =
		"global_defs {\n"                        /* 1 */
		"  notification_email {\n"               /* 2 */
		"    ops@example.com\n"                  /* 3 */
		"  }\n"                                  /* 4 */
		"  vrrp_mcast_group4 224.0.0.19\n"       /* 5 */
		"  lvs_sync_daemon eth0 VI_1\n"          /* 6 */
		"  enable_snmp_vrrp\n"                   /* 7 */
		"}\n"                                    /* 8 */
		"vrrp_track_process haproxy {\n"         /* 9 */
		"  process haproxy\n"                    /* 10 */
		"  weight 0\n"                           /* 11 */
		"}\n"                                    /* 12 */
		"bfd_instance b1 {\n"                    /* 13 */
		"  neighbor_ip 192.0.2.2\n"              /* 14 */
		"}\n"                                    /* 15 */
		"vrrp_instance VI_1 {\n"                 /* 16 */
		"  interface eth0\n"                     /* 17 */
		"  virtual_router_id 51\n"               /* 18 */
		"  track_process {\n"                    /* 19 */
		"    haproxy\n"                          /* 20 */
		"  }\n"                                  /* 21 */
		"  track_bfd {\n"                        /* 22 */
		"    b1\n"                               /* 23 */
		"  }\n"                                  /* 24 */
		"  virtual_ipaddress {\n"                /* 25 */
		"    192.0.2.10/24\n"                    /* 26 */
		"  }\n"                                  /* 27 */
		"}\n"                                    /* 28 */
		"virtual_server 192.0.2.10 80 {\n"       /* 29 */
		"  protocol TCP\n"                       /* 30 */
		"  real_server 192.0.2.20 80 {\n"        /* 31 */
		"    TCP_CHECK {\n"                      /* 32 */
		"      connect_timeout 3\n"              /* 33 */
		"    }\n"                                /* 34 */
		"  }\n"                                  /* 35 */
		"}\n";                                   /* 36 */
	static const uint32_t warned[] = { 7 };
	static const uint32_t quiet[] = { 2, 3, 5, 6, 9, 10, 11, 13, 14, 19, 20, 22, 23, 32, 33 }; /* acted on, or inside a block already reported */
	const struct vg_diag *g;
	int n;

	(void)state;
	parse_text(&P, text);
	assert_non_null(P.conf);
	n = vg_conf_keyword_warnings(P.conf, &P.diags);
	assert_int_equal(n, (int)(sizeof(warned) / sizeof(warned[0])));
	for (size_t i = 0; i < sizeof(warned) / sizeof(warned[0]); i++) {
		const struct vg_diag *a = vg_diags_find(&P.diags, "not-supported", warned[i]);
		const struct vg_diag *b = vg_diags_find(&P.diags, "simulator-only", warned[i]);
		if (!a && !b)
			fprintf(stderr, "no warning at line %u\n", warned[i]);
		assert_true(a || b);
		assert_int_equal((a ? a : b)->severity, VG_DIAG_WARNING);
	}
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		assert_null(vg_diags_find(&P.diags, "not-supported", quiet[i]));
		assert_null(vg_diags_find(&P.diags, "simulator-only", quiet[i]));
	}
	g = expect_diag(&P.diags, "not-supported", 7);
	assert_non_null(strstr(g->message, "'enable_snmp_vrrp' in global_defs"));
	assert_non_null(strstr(g->message, "SNMP"));
	assert_non_null(g->text); /* the source line, for the caret */
	/* acted on: lvs_sync_daemon, interface, virtual_router_id, virtual_server, protocol */
	assert_null(vg_diags_find(&P.diags, "not-supported", 6));
	assert_null(vg_diags_find(&P.diags, "not-supported", 17));
	assert_null(vg_diags_find(&P.diags, "not-supported", 29));
	assert_null(vg_diags_find(&P.diags, "not-supported", 30));
}

/* A configuration of keywords vigild acts on gets no such warning. */
static void test_supported_config_is_quiet(void **state)
{
	(void)state;
	parse_text(&P, "vrrp_script chk {\n  script /bin/true\n  interval 2\n  weight -20\n}\n"
		       "vrrp_instance V {\n  state MASTER\n  interface eth0\n  virtual_router_id 1\n"
		       "  priority 150\n  advert_int 1\n  track_script {\n    chk\n  }\n"
		       "  authentication {\n    auth_type PASS\n    auth_pass secret\n  }\n"
		       "  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\n");
	assert_non_null(P.conf);
	assert_int_equal(vg_conf_keyword_warnings(P.conf, &P.diags), 0);
	assert_int_equal(P.conf->unsupported.count, 0);
}

/* Uses past VG_CONF_UNSUPPORTED_MAX are counted and summed up in one warning. */
static void test_uses_are_bounded(void **state)
{
	size_t n = VG_CONF_UNSUPPORTED_MAX + 10, len = 0;
	char *text = malloc(n * 32 + 64);

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text + len, "global_defs {\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "  enable_snmp_vrrp # %zu\n", i);
	sprintf(text + len, "}\n");
	parse_text(&P, text);
	assert_non_null(P.conf);
	assert_int_equal(P.conf->unsupported.count, VG_CONF_UNSUPPORTED_MAX);
	assert_int_equal(P.conf->unsupported.dropped, 10);
	/* the warnings read the source lines again (the caret): the text must outlive them */
	assert_int_equal(vg_conf_keyword_warnings(P.conf, &P.diags), VG_CONF_UNSUPPORTED_MAX + 1);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_parser_keyword_has_a_status),
		cmocka_unit_test(test_every_status_line_is_a_parser_keyword),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test_teardown(test_as_keepalived, teardown),
		cmocka_unit_test_teardown(test_issue_example_warns_at_each_line, teardown),
		cmocka_unit_test_teardown(test_supported_config_is_quiet, teardown),
		cmocka_unit_test_teardown(test_uses_are_bounded, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
