// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the simulation harness: loading nodes from configuration
 * text, the drawn schedules (deterministic, weighted), the heal, the
 * convergence deadline after a heal, and a run through the observer fan-out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sim/harness.h"

static const char conf_a[] = "vrrp_script chk { script \"/bin/true\" interval 2 }\n"
			     "vrrp_instance VI_1 {\n"
			     "    state MASTER\n"
			     "    interface eth0\n"
			     "    virtual_router_id 51\n"
			     "    priority 150\n"
			     "    advert_int 1\n"
			     "    track_script { chk }\n"
			     "    virtual_ipaddress { 192.0.2.100/24 }\n"
			     "}\n";
static const char conf_b[] = "vrrp_instance VI_1 {\n"
			     "    state BACKUP\n"
			     "    interface eth0\n"
			     "    virtual_router_id 51\n"
			     "    priority 100\n"
			     "    advert_int 1\n"
			     "    virtual_ipaddress { 192.0.2.100/24 }\n"
			     "}\n";
static const char conf_v3[] = "vrrp_instance VI_1 {\n"
			      "    state BACKUP\n"
			      "    interface eth0\n"
			      "    version 3\n"
			      "    virtual_router_id 52\n"
			      "    priority 100\n"
			      "    advert_int 0.5\n"
			      "    preempt_delay 2\n"
			      "    virtual_ipaddress { 192.0.2.101/24 }\n"
			      "}\n";

static const char conf_lvs[] = "vrrp_instance VI_1 {\n"
			       "    state BACKUP\n"
			       "    interface eth0\n"
			       "    virtual_router_id 51\n"
			       "    priority 100\n"
			       "    virtual_ipaddress { 192.0.2.100/24 }\n"
			       "}\n"
			       "virtual_server 192.0.2.100 80 {\n"
			       "    protocol TCP\n"
			       "    lb_algo rr\n"
			       "    delay_loop 3\n"
			       "    real_server 192.0.2.21 80 { TCP_CHECK { connect_timeout 2 } }\n"
			       "    real_server 192.0.2.22 80 { TCP_CHECK { connect_timeout 2 } }\n"
			       "}\n";

static struct vg_harness h;

struct loaded {
	struct vg_conf *conf;
};

static void load(struct loaded *l, const char *text)
{
	struct vg_diags d;

	vg_diags_init(&d);
	assert_int_equal(vg_harness_conf_text("test.conf", text, &l->conf, &d), 0);
	vg_diags_free(&d);
}

static void unload(struct loaded *l)
{
	vg_conf_free(l->conf);
}

/* Two nodes, a (state MASTER, priority 150, one script) and b (priority 100), started. */
static void world(struct loaded *a, struct loaded *b, vg_time duration)
{
	struct vg_harness_opts o;
	struct vg_addr x = { .family = VG_AF_INET, .bytes = { 192, 0, 2, 1 } }, y = x;

	y.bytes[3] = 2;
	vg_harness_opts_default(&o);
	o.duration = duration;
	vg_harness_init(&h, &o);
	assert_int_equal(vg_harness_add_conf(&h, "a", &x, a->conf, 0, NULL), 0);
	assert_int_equal(vg_harness_add_conf(&h, "b", &y, b->conf, 0, NULL), 0);
	assert_int_equal(h.node_count, 2);
	assert_int_equal(h.node[0].inst_count, 1);
	assert_int_equal(vg_harness_start(&h, false, NULL, NULL), 0);
	vg_harness_start_nodes(&h, 3);
}

static void test_converge_from_configs(void **state)
{
	struct loaded a, b, c;

	(void)state;
	load(&a, conf_a);
	load(&b, conf_b);
	world(&a, &b, VG_S(3));
	/* v2, advert_int 1: 3 adverts + 1 s skew + 1 advert; delay 100 us twice, 1 ms margin */
	assert_int_equal(vg_harness_converge_ns(&h), VG_S(5) + VG_US(200) + VG_MS(1));
	vg_harness_fini(&h);
	load(&c, conf_v3);
	world(&c, &c, VG_S(3));
	/* v3, 0.5 s: 3 adverts + skew (one interval) + preempt_delay 2 s + 1 advert */
	assert_int_equal(vg_harness_converge_ns(&h), VG_MS(4500) + VG_US(200) + VG_MS(1));
	vg_harness_fini(&h);
	unload(&a);
	unload(&b);
	unload(&c);
}

/* The bug of issue 13: the Master crashes at 1.9 s, everything heals at 2 s; a 3 s run is over
   before the Backup's Master_Down_Interval (3.6 s), the converge deadline is not. */
static void test_heal_needs_protocol_time(void **state)
{
	struct vg_harness_fault f[VG_HARNESS_HEAL_MAX] = { { VG_MS(1900), 0, VG_SIM_CRASH, 0 } };
	struct loaded a, b;
	int n;

	(void)state;
	load(&a, conf_a);
	load(&b, conf_b);
	world(&a, &b, VG_S(3));
	n = vg_harness_heal(&h, vg_harness_heal_time(&h), f, 1, VG_HARNESS_HEAL_MAX);
	assert_int_equal(vg_harness_heal_time(&h), VG_S(2));
	assert_int_equal(vg_harness_schedule_faults(&h, f, n), 0);
	vg_harness_run(&h, VG_MS(1899));
	assert_true(vg_harness_master_is(&h, 0, 0)); /* `state MASTER`: Master after one interval */
	vg_harness_run(&h, VG_S(3));
	assert_false(vg_harness_converged(&h)); /* a restarted at 2 s, b still waits for its Master_Down_Interval */
	vg_harness_run(&h, vg_harness_heal_time(&h) + vg_harness_converge_ns(&h));
	assert_true(vg_harness_converged(&h));
	assert_true(vg_harness_master_is(&h, 0, 0));
	assert_int_equal(vg_harness_violations(&h), 0);
	vg_harness_fini(&h);
	unload(&a);
	unload(&b);
}

static void test_heal_list(void **state)
{
	struct vg_harness_fault f[VG_HARNESS_HEAL_MAX];
	struct loaded a, b;
	int n;

	(void)state;
	load(&a, conf_a);
	load(&b, conf_b);
	world(&a, &b, VG_S(60));
	n = vg_harness_heal(&h, VG_S(40), f, 0, VG_HARNESS_HEAL_MAX);
	/* a: start, firewall, partition, link 1, script 1; b: the same without a script */
	assert_int_equal(n, 9);
	assert_int_equal(f[0].kind, VG_SIM_START);
	assert_int_equal(f[3].kind, VG_SIM_LINK_UP);
	assert_int_equal(f[3].arg, 1);
	assert_int_equal(f[4].kind, VG_SIM_TRACK_OK);
	assert_int_equal(f[5].node, 1);
	assert_int_equal(f[8].kind, VG_SIM_LINK_UP);
	assert_int_equal(f[8].at, VG_S(40));
	vg_harness_fini(&h);
	unload(&a);
	unload(&b);
}

static void test_draw_deterministic_and_weighted(void **state)
{
	struct vg_harness_fault f1[VG_HARNESS_FAULTS_MAX], f2[VG_HARNESS_FAULTS_MAX];
	struct loaded a, b;
	int n1, n2, i;

	(void)state;
	load(&a, conf_a);
	load(&b, conf_b);
	world(&a, &b, VG_S(60));
	n1 = vg_harness_draw(&h, 42, f1, VG_HARNESS_FAULTS_MAX);
	n2 = vg_harness_draw(&h, 42, f2, VG_HARNESS_FAULTS_MAX);
	assert_int_equal(n1, n2);
	for (i = 0; i < n1; i++) { /* field by field: the struct has padding */
		assert_int_equal(f1[i].at, f2[i].at);
		assert_int_equal(f1[i].node, f2[i].node);
		assert_int_equal(f1[i].kind, f2[i].kind);
		assert_int_equal(f1[i].arg, f2[i].arg);
	}
	assert_true(n1 >= 2);
	for (i = 0; i < n1; i++) {
		assert_true(f1[i].at >= VG_S(1));
		assert_true(f1[i].at < VG_S(40) + VG_MS(100) + VG_S(40));
	}
	/* only crashes (and their repairs) when the other kinds weigh nothing */
	memset(h.opt.weight, 0, sizeof(h.opt.weight));
	h.opt.weight[VG_HARNESS_DRAW_CRASH] = 1;
	h.opt.keep_one_in = 1; /* every fault lasts until the heal */
	n1 = vg_harness_draw(&h, 7, f1, VG_HARNESS_FAULTS_MAX);
	assert_true(n1 >= 2 && n1 <= 9);
	for (i = 0; i < n1; i++)
		assert_int_equal(f1[i].kind, VG_SIM_CRASH);
	vg_harness_fini(&h);
	unload(&a);
	unload(&b);
}

struct seen {
	int states;
	uint32_t violations_when_seen;
};

static void count_states(void *ctx, const struct vg_harness *hh, const struct vg_sim_obs *o)
{
	struct seen *s = ctx;

	if (o->note == VG_SIM_NOTE_ACTION && o->action->kind == VG_ACT_STATE)
		s->states++;
	s->violations_when_seen = hh->check.count; /* the checkers ran first */
}

static void test_run_and_observers(void **state)
{
	struct loaded a, b;
	struct seen s = { 0 };

	(void)state;
	load(&a, conf_a);
	load(&b, conf_b);
	world(&a, &b, VG_S(10));
	assert_int_equal(vg_harness_observe(&h, count_states, &s), 0);
	vg_harness_run(&h, VG_S(10));
	/* both Init -> Backup, then a becomes Master */
	assert_int_equal(s.states, 3);
	assert_true(vg_harness_master_is(&h, 0, 0));
	assert_true(vg_harness_converged(&h));
	assert_int_equal(vg_harness_find_inst(&h, 1, "VI_1"), 0);
	assert_int_equal(vg_harness_find_inst(&h, 1, "VI_2"), -1);
	vg_harness_fini(&h);
	unload(&a);
	unload(&b);
}

/*
 * A planted LVS bug: the director's table edits that take a dead real
 * server out are lost (the server comes back into the table at weight 1).
 */
static void plant_lost_table_edit(void *ctx, const struct vg_harness *hh, const struct vg_sim_obs *o)
{
	(void)ctx;
	if (o->note != VG_SIM_NOTE_STEP || !hh->lvs)
		return;
	for (uint8_t ni = 0; ni < hh->lvs->node_count; ni++) {
		const struct vg_lvs_sim_node *n = &hh->lvs->nodes[ni];

		for (uint32_t j = 0; n->running && j < n->svc_count; j++) {
			struct vg_lvs_sim_svc *sv = &n->svc[j];

			for (uint16_t r = 0; sv->svc->started && r < sv->cs->cfg.rs_count; r++) {
				struct vg_lvs_dest d;

				if (sv->svc->rs[r].alive || vg_lvs_sched_find(&sv->ipvs[0].sched, r) >= 0)
					continue;
				memset(&d, 0, sizeof(d));
				d.id = r;
				d.addr = sv->cs->cfg.rs[r].addr;
				d.port = sv->cs->cfg.rs[r].port;
				d.weight = 1;
				vg_lvs_sched_add_dest(&sv->ipvs[0].sched, &d);
			}
		}
	}
}

/* One explore run of the LVS world: returns the connections scheduled; *kinds: bit per drawn kind. */
static uint32_t planted_violations;

static uint64_t lvs_run_planted(struct loaded *a, uint64_t seed, unsigned *kinds, bool plant)
{
	struct vg_harness_fault f[VG_HARNESS_FAULTS_MAX + VG_HARNESS_HEAL_MAX];
	struct vg_harness_opts o;
	struct vg_addr x = { .family = VG_AF_INET, .bytes = { 192, 0, 2, 1 } }, y = x;
	uint64_t conns;
	int n, i;

	y.bytes[3] = 2;
	vg_harness_opts_default(&o);
	o.seed = seed;
	vg_harness_init(&h, &o);
	assert_int_equal(vg_harness_add_conf(&h, "a", &x, a->conf, VG_HARNESS_ONE_SEGMENT, NULL), 0);
	assert_int_equal(vg_harness_add_conf(&h, "b", &y, a->conf, VG_HARNESS_ONE_SEGMENT, NULL), 0);
	assert_int_equal(vg_harness_reload_slots(&h), 0);
	if (plant)
		assert_int_equal(vg_harness_observe(&h, plant_lost_table_edit, NULL), 0);
	assert_int_equal(vg_harness_start(&h, true, NULL, NULL), 0);
	assert_int_equal(h.lvs->server_count, 2);
	n = vg_harness_draw(&h, seed, f, VG_HARNESS_FAULTS_MAX);
	for (i = 0; i < n; i++)
		*kinds |= 1u << (f[i].kind == VG_HARNESS_RS_MODE ? 0 : f[i].kind == VG_HARNESS_CLIENTS ? 1 :
				 f[i].kind == VG_SIM_RELOAD ? 2 : 3);
	n = vg_harness_heal(&h, vg_harness_heal_time(&h), f, n, VG_HARNESS_FAULTS_MAX + VG_HARNESS_HEAL_MAX);
	vg_harness_start_nodes(&h, 3);
	assert_int_equal(vg_harness_schedule_faults(&h, f, n), 0);
	vg_harness_run(&h, VG_S(60));
	planted_violations = h.lvs->violation_count;
	if (!plant) {
		assert_int_equal(vg_harness_violations(&h), 0);
		assert_true(vg_harness_converged(&h));
	}
	conns = h.lvs->conns;
	vg_harness_fini(&h);
	return conns;
}

static uint64_t lvs_run(struct loaded *a, uint64_t seed, unsigned *kinds)
{
	return lvs_run_planted(a, seed, kinds, false);
}

/* The same schedules find the planted bug: a connection to a server the checkers took out */
static void test_lvs_world_finds_planted_bug(void **state)
{
	struct loaded a;
	unsigned kinds = 0;
	uint32_t found = 0;

	(void)state;
	load(&a, conf_lvs);
	for (uint64_t seed = 1; seed <= 20; seed++) {
		lvs_run_planted(&a, seed, &kinds, true);
		found += planted_violations > 0;
	}
	assert_true(found > 0);
	unload(&a);
}

/* explore's LVS world: real-server faults, client bursts and reloads drawn; same seed, same run */
static void test_lvs_world_draws(void **state)
{
	struct loaded a;
	unsigned kinds = 0, again = 0;
	uint64_t seed, total = 0;

	(void)state;
	load(&a, conf_lvs);
	for (seed = 1; seed <= 12; seed++)
		total += lvs_run(&a, seed, &kinds);
	assert_int_equal(kinds & 7u, 7u); /* real-server faults, clients and reloads all came up */
	assert_true(total > 0);
	assert_int_equal(lvs_run(&a, 5, &again), lvs_run(&a, 5, &again));
	unload(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_converge_from_configs),
		cmocka_unit_test(test_heal_needs_protocol_time),
		cmocka_unit_test(test_heal_list),
		cmocka_unit_test(test_draw_deterministic_and_weighted),
		cmocka_unit_test(test_run_and_observers),
		cmocka_unit_test(test_lvs_world_draws),
		cmocka_unit_test(test_lvs_world_finds_planted_bug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
