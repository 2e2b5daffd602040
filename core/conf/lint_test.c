// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the single-node lint rules, each with a case that must
 * trigger it and one that must not.
 */
#include "conf/testutil.h"

#include "conf/lint.h"

static struct parsed P;

static int teardown(void **state)
{
	(void)state;
	parsed_free(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

static void lint(const char *text)
{
	parse_text(&P, text);
	assert_non_null(P.conf);
	vg_conf_lint(P.conf, &P.diags);
}

#define INST(body) "vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n" body "}\n"
#define VIP "  virtual_ipaddress {\n    192.0.2.1/24\n  }\n"

static void test_clean(void **state)
{
	(void)state;
	lint(INST(VIP));
	if (P.diags.count)
		dump_diags(&P.diags);
	assert_int_equal(P.diags.count, 0);
}

static void test_block_ignored(void **state)
{
	const struct vg_diag *g;
	(void)state;
	lint(INST("  virtual _ipaddress {\n    192.0.2.1/24\n  }\n"));
	g = expect_diag(&P.diags, "block-ignored", 4);
	assert_int_equal(g->severity, VG_DIAG_ERROR);
	assert_string_equal(g->suggestion, "virtual_ipaddress");
	expect_no_diag(&P.diags, "no-vip"); /* one finding, not two */
	teardown(NULL);
	/* an ignored block that is not the VIPs is a warning */
	lint(INST(VIP "  track_scirpt {\n    x\n  }\n"));
	g = expect_diag(&P.diags, "block-ignored", 7);
	assert_int_equal(g->severity, VG_DIAG_WARNING);
	assert_string_equal(g->suggestion, "track_script");
}

static void test_no_vip(void **state)
{
	(void)state;
	lint(INST(""));
	assert_int_equal(expect_diag(&P.diags, "no-vip", 1)->severity, VG_DIAG_WARNING);
	teardown(NULL);
	lint(INST(VIP));
	expect_no_diag(&P.diags, "no-vip");
}

static void test_vip_no_prefix(void **state)
{
	const struct vg_diag *g;
	(void)state;
	lint(INST("  virtual_ipaddress {\n    192.0.2.1\n    2001:db8::1\n    192.0.2.2/32\n  }\n"));
	g = expect_diag(&P.diags, "vip-no-prefix", 5);
	assert_non_null(strstr(g->message, "192.0.2.1/32"));
	assert_int_equal(g->loc.col, 5);
	expect_diag(&P.diags, "vip-no-prefix", 6);
	assert_null(vg_diags_find(&P.diags, "vip-no-prefix", 7)); /* /32 written on purpose */
}

/* priority 255 claims address ownership: the warning says so and what a non-owner does. */
static void test_priority_owner(void **state)
{
	static const struct {
		const char *text;
		uint32_t line;      /* of the warning; 0: none */
		const char *names;  /* the address the message names */
	} cases[] = {
		{ INST("  priority 255\n" VIP), 4, "does not own 192.0.2.1 " },
		{ INST("  priority 255\n"), 4, "does not own its VIPs " },
		{ INST("  priority 254\n" VIP), 0, NULL },
		{ INST(VIP), 0, NULL }, /* default 100 */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lint(cases[i].text);
		if (cases[i].line) {
			const struct vg_diag *g = expect_diag(&P.diags, "priority-owner", cases[i].line);
			assert_int_equal(g->severity, VG_DIAG_WARNING);
			assert_non_null(strstr(g->message, "claims that this node owns the VIPs"));
			assert_non_null(strstr(g->message, cases[i].names));
			assert_non_null(strstr(g->message, "MASTER at once"));
			assert_non_null(strstr(g->message, "254 or lower"));
		} else {
			expect_no_diag(&P.diags, "priority-owner");
		}
		teardown(NULL);
	}
}

static void test_duplicate_vrid(void **state)
{
	const struct vg_diag *g;
	(void)state;
	lint(INST(VIP) "vrrp_instance W {\n  interface eth0\n  virtual_router_id 1\n" VIP "}\n");
	g = expect_diag(&P.diags, "duplicate-vrid", 10);
	assert_int_equal(g->severity, VG_DIAG_ERROR);
	teardown(NULL);
	/* another interface, another family, or disjoint unicast peers: fine */
	lint(INST(VIP) "vrrp_instance W {\n  interface eth1\n  virtual_router_id 1\n" VIP "}\n"
		       "vrrp_instance X {\n  interface eth0\n  virtual_router_id 1\n"
		       "  virtual_ipaddress {\n    2001:db8::1/64\n  }\n}\n");
	expect_no_diag(&P.diags, "duplicate-vrid");
	teardown(NULL);
	lint("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n unicast_peer {\n  192.0.2.7\n }\n" VIP "}\n"
	     "vrrp_instance B {\n interface eth0\n virtual_router_id 1\n unicast_peer {\n  192.0.2.8\n }\n" VIP "}\n");
	expect_no_diag(&P.diags, "duplicate-vrid");
	teardown(NULL);
	/* three instances of one VRID: one finding for each later instance, naming the first */
	lint(INST(VIP) "vrrp_instance W {\n  interface eth0\n  virtual_router_id 1\n" VIP "}\n"
		       "vrrp_instance X {\n  interface eth0\n  virtual_router_id 1\n" VIP "}\n");
	{
		uint32_t n = 0;
		for (uint32_t i = 0; i < P.diags.count; i++)
			if (strcmp(P.diags.items[i].code, "duplicate-vrid") == 0) {
				n++;
				assert_non_null(strstr(P.diags.items[i].message, "also used by V (line"));
			}
		assert_int_equal(n, 2);
	}
}

static void test_relative_script(void **state)
{
	(void)state;
	lint("vrrp_script s {\n  script \"check.sh arg\"\n}\n" INST(VIP "  notify_master notify.sh\n"
									"  notify_backup /abs/notify.sh\n"));
	expect_diag(&P.diags, "relative-script", 2);
	expect_diag(&P.diags, "relative-script", 10);
	assert_null(vg_diags_find(&P.diags, "relative-script", 11));
}

static void test_strict_conflicts(void **state)
{
	(void)state;
	lint("global_defs {\n  vrrp_strict\n}\n"
	     "vrrp_instance V {\n  state MASTER\n  interface eth0\n  virtual_router_id 1\n"
	     "  unicast_peer {\n    192.0.2.9\n  }\n"
	     "  authentication {\n    auth_type PASS\n    auth_pass x\n  }\n"
	     "  vmac_xmit_base\n" VIP "}\n"
	     "vrrp_instance W {\n  interface eth1\n  virtual_router_id 2\n  version 2\n"
	     "  virtual_ipaddress {\n    2001:db8::1/64\n  }\n}\n");
	expect_diag(&P.diags, "strict-conflict", 5);  /* MASTER without 255 */
	expect_diag(&P.diags, "strict-conflict", 8);  /* unicast */
	expect_diag(&P.diags, "strict-conflict", 11); /* authentication */
	expect_diag(&P.diags, "strict-conflict", 15); /* vmac_xmit_base */
	expect_diag(&P.diags, "strict-conflict", 20); /* IPv6 with version 2 */
	expect_diag(&P.diags, "strict-conflict", 25); /* first IPv6 VIP not link-local */
	teardown(NULL);
	lint("global_defs {\n  vrrp_strict\n}\n"
	     "vrrp_instance V {\n  state MASTER\n  priority 255\n  interface eth0\n  virtual_router_id 1\n" VIP "}\n");
	expect_no_diag(&P.diags, "strict-conflict");
	teardown(NULL);
	/* the same options without strict mode: no strict findings */
	lint(INST("  unicast_peer {\n    192.0.2.9\n  }\n  vmac_xmit_base\n" VIP));
	expect_no_diag(&P.diags, "strict-conflict");
}

static void test_script_security(void **state)
{
	(void)state;
	lint("vrrp_script s {\n  script /bin/true\n}\n" INST(VIP));
	expect_diag(&P.diags, "script-security", 2);
	teardown(NULL);
	lint("global_defs {\n  enable_script_security\n}\nvrrp_script s {\n  script /bin/true\n}\n" INST(VIP));
	expect_no_diag(&P.diags, "script-security");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_clean, teardown),
		cmocka_unit_test_teardown(test_block_ignored, teardown),
		cmocka_unit_test_teardown(test_no_vip, teardown),
		cmocka_unit_test_teardown(test_vip_no_prefix, teardown),
		cmocka_unit_test_teardown(test_priority_owner, teardown),
		cmocka_unit_test_teardown(test_duplicate_vrid, teardown),
		cmocka_unit_test_teardown(test_relative_script, teardown),
		cmocka_unit_test_teardown(test_strict_conflicts, teardown),
		cmocka_unit_test_teardown(test_script_security, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
