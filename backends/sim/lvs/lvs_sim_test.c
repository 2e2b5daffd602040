// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the LVS world of the simulator: checker timing in literal
 * nanoseconds through simulated real servers, traffic moving, the url
 * regex through POSIX regexec, determinism, and each invariant failing when
 * a broken table or state is injected.
 */
#include "conf/testutil.h"
#include "sim/lvs/lvs_check.h"
#include "sim/lvs/lvs_sim.h"

struct rig {
	struct parsed p;
	struct vg_sim_node nodes[1];
	struct vg_sim_item *queue;
	struct vg_sim sim;
	struct vg_lvs_sim *w;
};

static struct rig R;

/* One node without VRRP instances (so it directs every service), running from 0 s. */
static void rig_up(const char *conf, uint64_t seed)
{
	struct vg_diags d;

	memset(&R, 0, sizeof(R));
	parse_text(&R.p, conf);
	if (R.p.rc)
		dump_diags(&R.p.diags);
	assert_int_equal(R.p.rc, 0);
	R.queue = calloc(VG_SIM_QUEUE_MAX, sizeof(*R.queue));
	assert_non_null(R.queue);
	strcpy(R.nodes[0].name, "lb1");
	assert_int_equal(vg_addr_parse("192.0.2.1", &R.nodes[0].addr), 0);
	vg_sim_init(&R.sim, R.nodes, 1, R.queue, seed);
	assert_int_equal(vg_sim_schedule(&R.sim, 0, 0, VG_SIM_START), 0);
	R.w = vg_lvs_sim_new(seed);
	assert_non_null(R.w);
	vg_diags_init(&d);
	assert_true(vg_lvs_sim_add_node(R.w, &R.sim, 0, R.p.conf, &d) > 0);
	vg_diags_free(&d);
}

static int rig_down(void **state)
{
	(void)state;
	vg_lvs_sim_free(R.w);
	free(R.queue);
	parsed_free(&R.p);
	return 0;
}

static void rs_event(const char *ap, uint8_t mode, vg_time at)
{
	struct vg_scn_event e;
	char ip[64];

	memset(&e, 0, sizeof(e));
	e.kind = VG_SCN_REALSERVER;
	e.at = at;
	e.value = mode;
	snprintf(ip, sizeof(ip), "%s", ap);
	*strchr(ip, ':') = '\0';
	assert_int_equal(vg_addr_parse(ip, &e.addr), 0);
	e.port = (uint16_t)atoi(strchr(ap, ':') + 1);
	assert_int_equal(vg_lvs_sim_schedule(R.w, &e, "test"), 0);
}

static void clients(vg_time at, uint32_t rate, vg_time for_ns)
{
	struct vg_scn_event e;

	memset(&e, 0, sizeof(e));
	e.kind = VG_SCN_CLIENTS;
	e.at = at;
	e.rate = rate;
	e.for_ns = for_ns;
	e.hold_ns = VG_S(1);
	assert_int_equal(vg_lvs_sim_schedule(R.w, &e, "test"), 0);
}

static struct vg_lvs_sim_svc *svc0(void)
{
	return &R.w->nodes[0].svc[0];
}

/* Weight of rs `id` in the table, -1 when absent. */
static int table(uint16_t id)
{
	int idx = vg_lvs_sched_find(&svc0()->ipvs[0].sched, id);

	return idx < 0 ? -1 : svc0()->ipvs[0].sched.d[idx].weight;
}

static int server(const char *ip, uint16_t port)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(ip, &a), 0);
	return vg_lvs_sim_server_find(R.w, &a, port);
}

static const char *two_rs =
	"virtual_server 192.0.2.100 80 {\n  protocol TCP\n  lb_algo rr\n  delay_loop 6\n"
	"  real_server 192.0.2.21 80 {\n    TCP_CHECK {\n      retry 2\n      delay_before_retry 3\n"
	"      connect_timeout 5\n      warmup 0\n    }\n  }\n"
	"  real_server 192.0.2.22 80 {\n    TCP_CHECK {\n      retry 2\n      delay_before_retry 3\n"
	"      connect_timeout 5\n      warmup 0\n    }\n  }\n}\n";

/*
 * warmup 0: first probe at 1 s (BOOTSTRAP_DELAY), answered 1 ms later; the next a delay_loop
 * after the answer: 7.001, 13.002 (the server died at 10 s: refused at 13.003), retries at
 * 16.003 and 19.004; the third failure at 19.005 s takes it out, not a nanosecond earlier.
 */
static void test_refused_server_out_at_literal_time(void **state)
{
	int a, b;
	(void)state;
	rig_up(two_rs, 1);
	rs_event("192.0.2.21:80", VG_SCN_RS_DOWN, VG_S(10));
	clients(VG_S(2), 10, VG_S(38));
	vg_lvs_sim_run(R.w, &R.sim, VG_MS(19005) - 1);
	assert_int_equal(table(0), 1);
	assert_true(svc0()->svc->rs[0].alive);
	vg_lvs_sim_run(R.w, &R.sim, VG_MS(19005));
	assert_int_equal(table(0), -1);
	assert_false(svc0()->svc->rs[0].alive);
	vg_lvs_sim_run(R.w, &R.sim, VG_S(40));
	a = server("192.0.2.21", 80);
	b = server("192.0.2.22", 80);
	/* rr: half the traffic until the server dies, none once it is out, all to the other */
	assert_true(vg_lvs_sim_conns_between(R.w, a, VG_S(2), VG_S(10)) >= 38);
	assert_int_equal(vg_lvs_sim_conns_between(R.w, a, VG_MS(19005), VG_S(40)), 0);
	assert_true(vg_lvs_sim_conns_between(R.w, b, VG_MS(19005), VG_S(40)) >= 200);
	/* connections sent while it was down but not yet out were refused */
	assert_true(R.w->server[a].refused > 0);
	assert_int_equal(R.w->violation_count, 0);
	/* the node unit's records all reached a case of the world, none was lost */
	assert_int_equal(R.w->effects_unhandled, 0);
	assert_int_equal(R.w->nodes[0].core.unknown_service, 0);
}

/* A slow server times out at connect_timeout: probe 13.002 -> 18.002, retry 21.002 -> 26.002, 29.002 -> 34.002 out. */
static void test_slow_server_out_after_timeouts(void **state)
{
	(void)state;
	rig_up(two_rs, 1);
	rs_event("192.0.2.22:80", VG_SCN_RS_SLOW, VG_S(10));
	vg_lvs_sim_run(R.w, &R.sim, VG_MS(34002) - 1);
	assert_int_equal(table(1), 1);
	vg_lvs_sim_run(R.w, &R.sim, VG_MS(34002));
	assert_int_equal(table(1), -1);
	/* the late answers arrive as stale results: they bring nothing back */
	vg_lvs_sim_run(R.w, &R.sim, VG_S(40));
	assert_int_equal(table(1), -1);
	assert_false(svc0()->svc->rs[1].alive);
}

static void test_flap_and_deterministic(void **state)
{
	uint64_t first[2];
	(void)state;
	for (int run = 0; run < 2; run++) {
		struct vg_scn_event e;

		rig_up(two_rs, 7);
		memset(&e, 0, sizeof(e));
		e.kind = VG_SCN_REALSERVER;
		e.at = VG_S(5);
		e.value = VG_SCN_RS_FLAP;
		e.period_ns = VG_S(20);
		assert_int_equal(vg_addr_parse("192.0.2.21", &e.addr), 0);
		e.port = 80;
		assert_int_equal(vg_lvs_sim_schedule(R.w, &e, "test"), 0);
		clients(VG_S(1), 50, VG_S(80));
		vg_lvs_sim_run(R.w, &R.sim, VG_S(80));
		/* down 5..25 s, up 25..45 s, down 45..65 s: out, back, out again */
		assert_true(svc0()->svc->rs_changes >= 3);
		assert_int_equal(R.w->violation_count, 0);
		if (run == 0) {
			first[0] = R.w->server[0].conns;
			first[1] = R.w->server[1].conns;
		} else {
			assert_int_equal(R.w->server[0].conns, first[0]);
			assert_int_equal(R.w->server[1].conns, first[1]);
		}
		rig_down(NULL);
	}
}

/* Inject a broken table: a dead server put back with weight 1. The invariant catches the connection. */
static void test_invariant_conn_to_out_can_fail(void **state)
{
	struct vg_lvs_dest d;
	(void)state;
	rig_up(two_rs, 1);
	rs_event("192.0.2.21:80", VG_SCN_RS_DOWN, VG_S(10));
	vg_lvs_sim_run(R.w, &R.sim, VG_S(25));
	assert_int_equal(table(0), -1);
	assert_int_equal(R.w->violation_count, 0);
	memset(&d, 0, sizeof(d));
	d.id = 0;
	d.addr = svc0()->cs->cfg.rs[0].addr;
	d.port = 80;
	d.weight = 1;
	assert_int_equal(vg_lvs_sched_add_dest(&svc0()->ipvs[0].sched, &d), 0);
	for (int i = 0; i < 4; i++)
		vg_lvs_sim_connect(R.w, NULL, 0, VG_S(1));
	assert_true(R.w->violation_count > 0);
	assert_string_equal(R.w->v[0].invariant, "lvs-conn-to-out");
}

static const char *sorry_conf =
	"virtual_server 192.0.2.100 80 {\n  protocol TCP\n  lb_algo wlc\n  delay_loop 6\n  quorum 2\n"
	"  sorry_server 192.0.2.99 80\n"
	"  real_server 192.0.2.21 80 {\n    TCP_CHECK {\n      retry 0\n      warmup 0\n    }\n  }\n"
	"  real_server 192.0.2.22 80 {\n    TCP_CHECK {\n      retry 0\n      warmup 0\n    }\n  }\n}\n";

/* Quorum 2 of weight 1 + 1: one server down loses quorum and the sorry server serves alone. */
static void test_quorum_loss_puts_sorry_in(void **state)
{
	int sorry;
	(void)state;
	rig_up(sorry_conf, 1);
	rs_event("192.0.2.22:80", VG_SCN_RS_DOWN, VG_S(10));
	clients(VG_S(2), 10, VG_S(40));
	vg_lvs_sim_run(R.w, &R.sim, VG_S(9));
	assert_true(svc0()->svc->quorum_up);
	assert_int_equal(table(VG_LVS_RS_SORRY), -1);
	/* probes at 1, 7.001, 13.002 (refused at 13.003: retry 0, out) */
	vg_lvs_sim_run(R.w, &R.sim, VG_MS(13003));
	assert_false(svc0()->svc->quorum_up);
	assert_int_equal(table(VG_LVS_RS_SORRY), 1);
	assert_int_equal(table(0), -1); /* the alive server leaves the table too */
	vg_lvs_sim_run(R.w, &R.sim, VG_S(30));
	sorry = server("192.0.2.99", 80);
	assert_true(vg_lvs_sim_conns_between(R.w, sorry, VG_MS(13003), VG_S(30)) >= 160);
	assert_int_equal(vg_lvs_sim_conns_between(R.w, server("192.0.2.21", 80), VG_MS(13003), VG_S(30)), 0);
	assert_int_equal(R.w->violation_count, 0);
}

/* Inject broken state: the sorry server removed while quorum is lost. */
static void test_invariant_quorum_sorry_can_fail(void **state)
{
	(void)state;
	rig_up(sorry_conf, 1);
	rs_event("192.0.2.22:80", VG_SCN_RS_DOWN, VG_S(10));
	vg_lvs_sim_run(R.w, &R.sim, VG_S(20));
	assert_int_equal(R.w->violation_count, 0);
	assert_int_equal(vg_lvs_sched_del_dest(&svc0()->ipvs[0].sched, VG_LVS_RS_SORRY), 0);
	vg_lvs_check_state(R.w);
	assert_true(R.w->violation_count > 0);
	assert_string_equal(R.w->v[0].invariant, "lvs-quorum-sorry");
	/* and a quorum flag that contradicts the live weight */
	R.w->violation_count = 0;
	svc0()->svc->quorum_up = true;
	vg_lvs_check_state(R.w);
	assert_true(R.w->violation_count > 0);
}

static const char *persist_conf =
	"virtual_server 192.0.2.100 80 {\n  protocol TCP\n  lb_algo rr\n  delay_loop 6\n"
	"  persistence_timeout 300\n  persistence_granularity 255.255.255.0\n  inhibit_on_failure\n"
	"  real_server 192.0.2.21 80 {\n    TCP_CHECK {\n      retry 0\n      warmup 0\n    }\n  }\n"
	"  real_server 192.0.2.22 80 {\n    TCP_CHECK {\n      retry 0\n      warmup 0\n    }\n  }\n}\n";

/*
 * Persistence with inhibit_on_failure: the dead server stays in the table at weight 0, and the
 * kernel keeps using its templates (the clients' two /24s stick to it). That is allowed by the
 * invariant; the same connections without a template would violate it.
 */
static void test_persistence_keeps_quiesced_server(void **state)
{
	int a, b, stuck;
	(void)state;
	rig_up(persist_conf, 1);
	rs_event("192.0.2.21:80", VG_SCN_RS_DOWN, VG_S(10));
	clients(VG_S(2), 10, VG_S(38));
	vg_lvs_sim_run(R.w, &R.sim, VG_S(40));
	assert_int_equal(table(0), 0); /* inhibited: weight 0 */
	a = server("192.0.2.21", 80);
	b = server("192.0.2.22", 80);
	/* granularity /24: the 198.51.100.0/24 and 203.0.113.0/24 clients got one template each, rr: A and B */
	stuck = (int)vg_lvs_sim_conns_between(R.w, a, VG_S(14), VG_S(40));
	assert_true(stuck > 0);
	assert_true(vg_lvs_sim_conns_between(R.w, b, VG_S(14), VG_S(40)) > 0);
	assert_int_equal(R.w->violation_count, 0);
	assert_true(R.w->conns_persistent > 300);
	/* the invariant's exception is only for template connections */
	vg_lvs_check_conn(R.w, &R.w->nodes[0], svc0(), 0, vg_lvs_sched_find(&svc0()->ipvs[0].sched, 0), false);
	assert_int_equal(R.w->violation_count, 1);
}

static const char *regex_conf =
	"virtual_server 192.0.2.100 80 {\n  protocol TCP\n  delay_loop 6\n"
	"  real_server 192.0.2.21 80 {\n    HTTP_GET {\n      url {\n        path /\n        regex \"^OK [0-9.]+:80\"\n"
	"      }\n      warmup 0\n      retry 0\n    }\n  }\n"
	"  real_server 192.0.2.22 80 {\n    HTTP_GET {\n      url {\n        path /\n        regex \"^NOPE\"\n"
	"      }\n      warmup 0\n      retry 0\n    }\n  }\n}\n";

/* POSIX regexec on the simulated body "OK 192.0.2.21:80\n": the first url matches, the second not. */
static void test_regex_through_posix(void **state)
{
	(void)state;
	rig_up(regex_conf, 1);
	vg_lvs_sim_run(R.w, &R.sim, VG_S(5));
	assert_int_equal(table(0), 1);
	assert_int_equal(table(1), -1);
	assert_true(svc0()->re[0] != NULL);
	/* wrong-body: the regex no longer matches */
	rs_event("192.0.2.21:80", VG_SCN_RS_WRONG_BODY, VG_S(6));
	vg_lvs_sim_run(R.w, &R.sim, VG_S(20));
	assert_int_equal(table(0), -1);
}

static void test_bad_regex_is_an_error(void **state)
{
	struct parsed p;
	struct vg_lvs_sim *w = vg_lvs_sim_new(1);
	struct vg_sim_node nodes[1];
	struct vg_sim_item *queue = calloc(VG_SIM_QUEUE_MAX, sizeof(*queue));
	struct vg_sim sim;
	struct vg_diags d;
	(void)state;
	memset(nodes, 0, sizeof(nodes));
	parse_text(&p, "virtual_server 192.0.2.100 80 {\n  protocol TCP\n  real_server 192.0.2.21 80 {\n"
		       "    HTTP_GET {\n      url {\n        path /\n        regex \"a(b\"\n      }\n    }\n  }\n}\n");
	assert_int_equal(p.rc, 0);
	vg_sim_init(&sim, nodes, 1, queue, 1);
	vg_diags_init(&d);
	assert_int_equal(vg_lvs_sim_add_node(w, &sim, 0, p.conf, &d), -1);
	expect_diag(&d, "sim-lvs", 5);
	vg_diags_free(&d);
	vg_lvs_sim_free(w);
	free(queue);
	parsed_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_refused_server_out_at_literal_time, rig_down),
		cmocka_unit_test_teardown(test_slow_server_out_after_timeouts, rig_down),
		cmocka_unit_test(test_flap_and_deterministic),
		cmocka_unit_test_teardown(test_invariant_conn_to_out_can_fail, rig_down),
		cmocka_unit_test_teardown(test_quorum_loss_puts_sorry_in, rig_down),
		cmocka_unit_test_teardown(test_invariant_quorum_sorry_can_fail, rig_down),
		cmocka_unit_test_teardown(test_persistence_keeps_quiesced_server, rig_down),
		cmocka_unit_test_teardown(test_regex_through_posix, rig_down),
		cmocka_unit_test(test_bad_regex_is_an_error),
	};

	return cmocka_run_group_tests_name("sim/lvs", tests, NULL, NULL);
}
