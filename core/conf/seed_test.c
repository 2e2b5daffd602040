// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the seed configurations (testdata/seed/, written by operators, typos
 * included): each parses, and each problem its README lists is reported at
 * its file:line.
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

static void seed(const char *name)
{
	parse_seed(&P, name);
	assert_non_null(P.conf);
	vg_conf_lint(P.conf, &P.diags);
	assert_non_null(strstr(P.conf->path, name));
}

static const struct vg_conf_instance *inst(uint32_t i)
{
	assert_true(i < P.conf->instances.count);
	return &P.conf->instances.items[i];
}

static void test_01_lvs_dr(void **state)
{
	const struct vg_diag *g;
	(void)state;
	seed("01-lvs-dr-haproxy-master.conf");
	g = expect_diag(&P.diags, "out-of-range", 7);
	assert_string_equal(g->text, "  vrrp_garp_interval 0");
	assert_non_null(strstr(g->message, "0.000001..4294.967295"));
	assert_non_null(strstr(g->loc.file, "01-lvs-dr-haproxy-master.conf"));
	expect_diag(&P.diags, "out-of-range", 8);          /* vrrp_gna_interval 0 */
	expect_diag(&P.diags, "track-script-undefined", 32); /* the vrrp_script is commented out */
	assert_int_equal(inst(0)->vips.items[0].prefix_len, 24);
	assert_int_equal(P.conf->virtual_servers.items[0].real_servers.count, 2);
	assert_int_equal(P.conf->virtual_servers.items[0].real_servers.items[0].checkers.items[0].retry, 2);
	assert_int_equal(P.rc, VG_CONF_ERR_INVALID);
}

static void test_02_simple(void **state)
{
	(void)state;
	seed("02-simple-master.conf");
	assert_int_equal(P.rc, 0);
	assert_int_equal(inst(0)->priority, 150);
	assert_int_equal(inst(0)->state, VG_CONF_STATE_MASTER);
	expect_diag(&P.diags, "vip-no-prefix", 17);
	assert_int_equal(P.diags.errors, 0);
}

static void test_03_nopreempt_pair(void **state)
{
	(void)state;
	seed("03-nopreempt-node-a.conf");
	assert_int_equal(P.rc, 0);
	assert_true(inst(0)->nopreempt);
	assert_int_equal(inst(0)->priority, 150);
	assert_true(P.conf->scripts.items[0].interval_ns == VG_S(5));
	assert_int_equal(inst(0)->state, VG_CONF_STATE_BACKUP); /* both nodes BACKUP */
	expect_no_diag(&P.diags, "nopreempt-master");
	teardown(NULL);
	seed("03-nopreempt-node-b.conf");
	assert_true(inst(0)->nopreempt);
	assert_int_equal(inst(0)->priority, 100);
	assert_int_equal(inst(0)->state, VG_CONF_STATE_BACKUP);
}

static void test_04_weight(void **state)
{
	(void)state;
	seed("04-nginx-weight-master.conf");
	assert_int_equal(P.rc, 0);
	assert_int_equal(P.conf->scripts.items[0].weight, -20);
	assert_int_equal(inst(0)->track.scripts.items[0].weight_effective, -20);
}

static void test_05_typos(void **state)
{
	const struct vg_diag *g;
	const char *files[] = { "05-nginx-master-129.conf", "05-nginx-backup-131.conf" };
	(void)state;
	for (int i = 0; i < 2; i++) {
		seed(files[i]);
		g = expect_diag(&P.diags, "extra-argument", 10); /* the stray "c" */
		assert_int_equal(g->loc.col, 59);
		g = expect_diag(&P.diags, "block-ignored", 38);
		assert_int_equal(g->severity, VG_DIAG_ERROR);
		assert_string_equal(g->suggestion, "virtual_ipaddress");
		expect_diag(&P.diags, "unknown-block", 38);
		assert_int_equal(inst(0)->vips.count, 0); /* as keepalived: no VIP */
		assert_string_equal(P.conf->global.notification_email_from, "Alexandre.Cassen@firewall.loc");
		assert_int_equal(P.conf->global.notification_email.count, 3);
		teardown(NULL);
	}
}

static void test_06_fixed(void **state)
{
	(void)state;
	seed("06-nginx-master-129-fixed.conf");
	assert_int_equal(P.rc, 0);
	assert_int_equal(P.diags.errors, 0);
	assert_int_equal(inst(0)->vips.count, 1);
	expect_no_diag(&P.diags, "extra-argument");
	expect_no_diag(&P.diags, "block-ignored");
}

static void test_07_master_master(void **state)
{
	(void)state;
	seed("07-master-master-129.conf");
	assert_int_equal(P.rc, 0);
	assert_int_equal(P.conf->instances.count, 2);
	assert_int_equal(inst(1)->virtual_router_id, 244);
	assert_int_equal(inst(1)->state, VG_CONF_STATE_BACKUP);
}

static void test_08_http_get(void **state)
{
	const struct vg_conf_checker *ck;
	(void)state;
	seed("08-lvs-wrr-http-get.conf");
	assert_int_equal(P.rc, 0);
	ck = &P.conf->virtual_servers.items[0].real_servers.items[0].checkers.items[0];
	assert_int_equal(ck->type, VG_CHECK_HTTP_GET);
	assert_int_equal(ck->retry, 3);
	assert_true(ck->retry_deprecated);
	expect_diag(&P.diags, "deprecated", 32);
	expect_diag(&P.diags, "deprecated", 44);
	assert_string_equal(P.conf->virtual_servers.items[0].lb_algo, "wrr");
}

static void test_09_notify_preempt_delay(void **state)
{
	(void)state;
	seed("09-notify-preempt-delay.conf");
	assert_int_equal(P.rc, 0);
	expect_diag(&P.diags, "preempt-delay-nopreempt", 29);
	assert_true(inst(0)->preempt_delay_written_ns == VG_S(300));
	assert_true(inst(0)->preempt_delay_ns == 0);
	assert_string_equal(inst(0)->sync_group, "VG_1");
	assert_string_equal(inst(0)->notify_master->cmd, "/etc/keepalived/notify.sh master");
	assert_string_equal(inst(0)->vips.items[0].dev, "virbr0");
	expect_diag(&P.diags, "vs-no-protocol", 43);
}

static void test_10_anjuke(void **state)
{
	const struct vg_diag *g;
	const char *files[] = { "10-anjuke-nat-master.conf", "10-anjuke-nat-backup.conf" };
	(void)state;
	for (int i = 0; i < 2; i++) {
		seed(files[i]);
		g = expect_diag(&P.diags, "unknown-keyword", 37);
		assert_non_null(strstr(g->message, "nat_mask"));
		expect_diag(&P.diags, "sync-group-single", 12);
		assert_string_equal(P.conf->virtual_servers.items[0].real_servers.items[0].notify_down->cmd,
				    "/root/script/restart_keepalived.sh");
		assert_int_equal(P.conf->virtual_servers.items[0].lb_kind, VG_CONF_LB_NAT);
		assert_true(P.conf->global.notification_email.count > 0); /* mail alerts */
		teardown(NULL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_01_lvs_dr, teardown),
		cmocka_unit_test_teardown(test_02_simple, teardown),
		cmocka_unit_test_teardown(test_03_nopreempt_pair, teardown),
		cmocka_unit_test_teardown(test_04_weight, teardown),
		cmocka_unit_test_teardown(test_05_typos, teardown),
		cmocka_unit_test_teardown(test_06_fixed, teardown),
		cmocka_unit_test_teardown(test_07_master_master, teardown),
		cmocka_unit_test_teardown(test_08_http_get, teardown),
		cmocka_unit_test_teardown(test_09_notify_preempt_delay, teardown),
		cmocka_unit_test_teardown(test_10_anjuke, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
