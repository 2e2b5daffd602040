// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the cross-node checks, on the seed pairs and on small
 * synthetic clusters (one mismatch each).
 */
#include "conf/testutil.h"

#include "conf/cluster.h"

#define NODES 3

static struct parsed N[NODES];
static struct vg_diags D;
static struct vg_cluster_report R;
static struct vg_cluster_node nodes[NODES];

static int setup(void **state)
{
	(void)state;
	memset(N, 0, sizeof(N));
	vg_diags_init(&D);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NODES; i++)
		parsed_free(&N[i]);
	vg_diags_free(&D);
	return 0;
}

static void seeds(const char *a, const char *b)
{
	parse_seed(&N[0], a);
	parse_seed(&N[1], b);
	nodes[0] = (struct vg_cluster_node){ a, N[0].conf };
	nodes[1] = (struct vg_cluster_node){ b, N[1].conf };
	vg_cluster_check(nodes, 2, &D, &R);
}

static void texts(size_t n, const char *const *t)
{
	static struct memfs fs[NODES];
	static const char *const names[NODES] = { "/node-a.conf", "/node-b.conf", "/node-c.conf" };
	for (size_t i = 0; i < n; i++) {
		fs[i].count = 1;
		fs[i].path[0] = names[i];
		fs[i].text[0] = t[i];
		parse_fs(&N[i], &fs[i], NULL);
		nodes[i] = (struct vg_cluster_node){ names[i], N[i].conf };
	}
	vg_cluster_check(nodes, n, &D, &R);
}

static const struct vg_diag *find_in(const char *code, const char *file)
{
	for (uint32_t i = 0; i < D.count; i++)
		if (strcmp(D.items[i].code, code) == 0 && strstr(D.items[i].loc.file, file))
			return &D.items[i];
	dump_diags(&D);
	fail_msg("no %s in %s", code, file);
	return NULL;
}

static void test_seed_06_failover_moves(void **state)
{
	const struct vg_cluster_failover *f;
	(void)state;
	seeds("06-nginx-master-129-fixed.conf", "06-nginx-backup-131-fixed.conf");
	assert_int_equal(D.count, 0);
	/* weight -20: 100 -> 80 on failure, below the backup's 90, so the VIP moves */
	assert_int_equal(R.count, 1);
	f = &R.items[0];
	assert_int_equal(f->node, 0);
	assert_string_equal(f->ref->name, "chk_http_port");
	assert_int_equal(f->priority, 100);
	assert_int_equal(f->failed_priority, 80);
	assert_int_equal(f->backup_priority, 90);
	assert_true(f->moves);
}

static void test_seed_05_no_vips_on_either_side(void **state)
{
	(void)state;
	seeds("05-nginx-master-129.conf", "05-nginx-backup-131.conf");
	/* both lost their VIP block the same way: the sets agree (empty), the script still moves "nothing" */
	expect_no_diag(&D, "cluster-vip-mismatch");
	assert_int_equal(R.count, 1);
	assert_true(R.items[0].moves);
	assert_int_equal(R.items[0].instance->vips.count, 0);
}

static void test_seed_05_against_06_vip_mismatch(void **state)
{
	(void)state;
	seeds("06-nginx-master-129-fixed.conf", "05-nginx-backup-131.conf");
	find_in("cluster-vip-mismatch", "05-nginx-backup-131.conf");
}

static void test_seed_07_master_master(void **state)
{
	(void)state;
	seeds("07-master-master-129.conf", "07-master-master-131.conf");
	assert_int_equal(D.count, 0);
	assert_int_equal(R.count, 2);
	assert_int_equal(R.items[0].node, 0); /* VI_1: .129 leads */
	assert_int_equal(R.items[1].node, 1); /* VI_2: .131 leads */
	assert_true(R.items[0].moves && R.items[1].moves);
}

static void test_seed_03_weight_zero_is_fault(void **state)
{
	(void)state;
	seeds("03-nopreempt-node-a.conf", "03-nopreempt-node-b.conf");
	assert_int_equal(D.count, 0);
	assert_int_equal(R.count, 1);
	assert_int_equal(R.items[0].failed_priority, 0);
	assert_true(R.items[0].moves);
}

#define NODE(state, prio, extra) \
	"vrrp_script s {\n  script /bin/true\n  weight -10\n}\n" \
	"vrrp_instance VI_1 {\n  state " state "\n  interface eth0\n  virtual_router_id 7\n  priority " prio "\n" \
	extra "  track_script {\n    s\n  }\n  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\n"

static void test_track_ineffective(void **state)
{
	const char *t[] = { NODE("MASTER", "150", ""), NODE("BACKUP", "100", "") };
	const struct vg_diag *g;
	(void)state;
	texts(2, t);
	/* 150 - 10 = 140 is still above 100 */
	g = find_in("cluster-track-ineffective", "node-a");
	assert_int_equal(g->severity, VG_DIAG_ERROR);
	assert_int_equal(g->loc.line, 11);
	assert_non_null(strstr(g->message, "140"));
	assert_false(R.items[0].moves);
}

static void test_track_tie(void **state)
{
	const char *t[] = { NODE("MASTER", "110", ""), NODE("BACKUP", "100", "") };
	(void)state;
	texts(2, t);
	assert_int_equal(find_in("cluster-track-ineffective", "node-a")->severity, VG_DIAG_WARNING);
}

static void test_track_effective(void **state)
{
	const char *t[] = { NODE("MASTER", "105", ""), NODE("BACKUP", "100", "") };
	(void)state;
	texts(2, t);
	expect_no_diag(&D, "cluster-track-ineffective");
	assert_true(R.items[0].moves);
}

static void test_mismatches(void **state)
{
	const char *t[] = {
		NODE("MASTER", "100", "  advert_int 1\n  authentication {\n    auth_type PASS\n    auth_pass abc\n  }\n"),
		NODE("MASTER", "100", "  advert_int 2\n  authentication {\n    auth_type PASS\n    auth_pass abd\n  }\n"),
	};
	(void)state;
	texts(2, t);
	find_in("cluster-advert-mismatch", "node-b");
	find_in("cluster-auth-mismatch", "node-b");
	find_in("cluster-dual-master", "node-b");
}

static void test_vrid_mismatch_and_unpaired(void **state)
{
	const char *t[] = { NODE("MASTER", "100", ""),
			    "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 8\n"
			    "  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\n" };
	(void)state;
	texts(2, t);
	assert_int_equal(find_in("cluster-vrid-mismatch", "node-b")->loc.line, 3);
	find_in("cluster-unpaired", "node-a");
	find_in("cluster-unpaired", "node-b");
}

static void test_three_nodes_best_backup(void **state)
{
	const char *t[] = { NODE("MASTER", "150", ""), NODE("BACKUP", "100", ""), NODE("BACKUP", "145", "") };
	(void)state;
	texts(3, t);
	expect_no_diag(&D, "cluster-track-ineffective"); /* 140 < 145 */
	assert_int_equal(R.items[0].backup_node, 2);
}

/* Two nodes at priority 255 for one virtual router: two owners, an error on the second. */
static void test_two_owners(void **state)
{
	static const struct {
		const char *prio[NODES];
		size_t nodes;
		const char *flagged; /* file with the error, or NULL */
	} cases[] = {
		{ { "255", "255" }, 2, "node-b" },
		{ { "255", "100", "255" }, 3, "node-c" },
		{ { "100", "255", "255" }, 3, "node-c" },
		{ { "255", "254" }, 2, NULL },
		{ { "150", "100" }, 2, NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[NODES][512];
		const char *t[NODES];
		for (size_t k = 0; k < cases[i].nodes; k++) {
			snprintf(text[k], sizeof(text[k]),
				 "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 7\n  priority %s\n"
				 "  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\n",
				 cases[i].prio[k]);
			t[k] = text[k];
		}
		texts(cases[i].nodes, t);
		if (cases[i].flagged) {
			const struct vg_diag *g = find_in("cluster-two-owners", cases[i].flagged);
			assert_int_equal(g->severity, VG_DIAG_ERROR);
			assert_int_equal(g->loc.line, 4);
			assert_non_null(strstr(g->message, "both claim to own the VIPs"));
			assert_int_equal(D.errors, 1);
		} else {
			expect_no_diag(&D, "cluster-two-owners");
		}
		teardown(NULL);
		setup(NULL);
	}
}

static bool has_in(const char *code, const char *file)
{
	for (uint32_t i = 0; i < D.count; i++)
		if (strcmp(D.items[i].code, code) == 0 && strstr(D.items[i].loc.file, file))
			return true;
	return false;
}

#define UNI(src, peers) \
	"vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n" src \
	"  unicast_peer {\n" peers "  }\n  virtual_ipaddress {\n    192.0.2.100/24\n  }\n}\n"

/*
 * Three nodes of VRID 51 over unicast; node a lists b only. When a is MASTER
 * c hears no adverts, its Master_Down_Timer fires (RFC 5798 6.4.2) and c is
 * MASTER too. With unicast_src_ip written, and without it (the address is
 * told from the other nodes' lists).
 */
static void test_unicast_peer_missing_three_nodes(void **state)
{
	static const char *const srcs[] = {
		UNI("  unicast_src_ip 192.0.2.1\n", "    192.0.2.2\n"),
		UNI("  unicast_src_ip 192.0.2.2\n", "    192.0.2.1\n    192.0.2.3\n"),
		UNI("  unicast_src_ip 192.0.2.3\n", "    192.0.2.1\n    192.0.2.2\n"),
	};
	static const char *const nosrc[] = {
		UNI("", "    192.0.2.2\n"),
		UNI("", "    192.0.2.1\n    192.0.2.3\n"),
		UNI("", "    192.0.2.1\n    192.0.2.2\n"),
	};
	const struct vg_diag *g;

	(void)state;
	texts(3, srcs);
	g = find_in("cluster-peer-missing", "node-a");
	assert_non_null(g);
	assert_int_equal(g->loc.line, 6); /* the unicast_peer keyword */
	assert_non_null(strstr(g->message, "192.0.2.3"));
	assert_non_null(strstr(g->message, "/node-c.conf"));
	assert_false(has_in("cluster-peer-missing", "node-b"));
	assert_false(has_in("cluster-peer-missing", "node-c"));
	teardown(state);
	setup(state);

	texts(3, nosrc);
	g = find_in("cluster-peer-missing", "node-a");
	assert_non_null(g);
	assert_non_null(strstr(g->message, "192.0.2.3"));
	assert_false(has_in("cluster-peer-missing", "node-b"));
	assert_false(has_in("cluster-peer-missing", "node-c"));
}

/* Complete lists: no warning. */
static void test_unicast_peers_complete(void **state)
{
	static const char *const t[] = {
		UNI("", "    192.0.2.2\n    192.0.2.3\n"),
		UNI("", "    192.0.2.1\n    192.0.2.3\n"),
		UNI("", "    192.0.2.1\n    192.0.2.2\n"),
	};

	(void)state;
	texts(3, t);
	assert_null(vg_diags_find(&D, "cluster-peer-missing", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seed_06_failover_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_05_no_vips_on_either_side, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_05_against_06_vip_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_07_master_master, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_03_weight_zero_is_fault, setup, teardown),
		cmocka_unit_test_setup_teardown(test_track_ineffective, setup, teardown),
		cmocka_unit_test_setup_teardown(test_track_tie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_track_effective, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mismatches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vrid_mismatch_and_unpaired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_three_nodes_best_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_owners, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unicast_peer_missing_three_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unicast_peers_complete, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
