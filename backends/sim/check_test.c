// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the simulator's invariant checkers (check.c): correct runs
 * that used to be reported (a lossy link's takeovers as no-flap, a one-way
 * unicast pair as single-master) pass, and real flaps and real double
 * Masters are still caught.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sim/check.h"
#include "sim/sim.h"

static struct vg_sim_node nodes[2];
static struct vg_addr vip;
static struct vg_addr peers[2]; /* unicast_peer of node k (used when peer_count is set) */
static struct vg_sim_item queue[VG_SIM_QUEUE_MAX];

struct obs {
	struct vg_sim_check check;
	uint32_t changes[2]; /* state changes of each node's instance 0 */
};

static void observe(void *ctx, const struct vg_sim *s, const struct vg_sim_obs *o)
{
	struct obs *ob = ctx;

	vg_sim_check_observe(&ob->check, s, o);
	if (o->note == VG_SIM_NOTE_ACTION && o->action->kind == VG_ACT_STATE && !o->action->group &&
	    o->action->instance == 0)
		ob->changes[o->node]++;
}

/* Two nodes, VRID 51 (v3, 1 s), priorities 150 and 100; node 0 also has VRID 52 when `two`. */
static void world(struct vg_sim *s, struct obs *ob, uint64_t seed, bool two)
{
	static const uint8_t prio[2] = { 150, 100 };
	int k;

	vg_addr_parse("192.0.2.100", &vip);
	for (k = 0; k < 2; k++) {
		struct vg_vrrp_config cfg[2];
		struct vg_addr addr;
		char ip[16], name[8];
		uint16_t i, n = two ? 2 : 1;

		snprintf(name, sizeof(name), "lb%d", k + 1);
		snprintf(ip, sizeof(ip), "192.0.2.%d", k + 1);
		vg_addr_parse(ip, &addr);
		for (i = 0; i < n; i++) {
			struct vg_vrrp_config *c = &cfg[i];

			vg_vrrp_config_defaults(c);
			c->id = i;
			c->version = 3;
			c->vrid = (uint8_t)(51 + i);
			c->priority = prio[k];
			c->vip_count = 1;
			c->vips = &vip;
			c->peers = &peers[k];
			c->ifindex = 1;
		}
		/* the node builder for a world written by hand (the configs copied into the node) */
		vg_sim_node_free(&nodes[k]);
		assert_int_equal(vg_sim_node_build_configs(&nodes[k], name, &addr, cfg, n, NULL, 0), 0);
	}
	vg_sim_init(s, nodes, 2, queue, seed);
	for (k = 0; k < 2; k++)
		vg_sim_node_setup(s, (uint8_t)k);
	memset(ob, 0, sizeof(*ob));
	s->observe = observe;
	s->observe_ctx = ob;
	vg_sim_check_init(&ob->check, s);
	vg_sim_schedule(s, 0, 0, VG_SIM_START);
	vg_sim_schedule(s, 0, 1, VG_SIM_START);
}

/* Feed the checker a state change of node k's instance i, as the engine notes it. */
static void note_state(struct obs *ob, const struct vg_sim *s, uint8_t k, uint16_t i)
{
	struct vg_action a = { .kind = VG_ACT_STATE, .instance = i };
	struct vg_sim_obs o = { .note = VG_SIM_NOTE_ACTION, .node = k, .action = &a };
	struct vg_sim_obs step = { .note = VG_SIM_NOTE_STEP };

	vg_sim_check_observe(&ob->check, s, &o);
	vg_sim_check_observe(&ob->check, s, &step);
}

/* A fault (the engine's note): the counts of no-flap start again. */
static void note_fault(struct obs *ob, const struct vg_sim *s)
{
	struct vg_sim_obs o = { .note = VG_SIM_NOTE_FAULT, .fault = VG_SIM_FW_ALLOW };

	vg_sim_check_observe(&ob->check, s, &o);
}

/* An advert of node `from`'s instance i, lost on its way to node `to`. */
static void note_lost(struct obs *ob, const struct vg_sim *s, uint8_t from, uint16_t i, uint8_t to)
{
	struct vg_action a = { .kind = VG_ACT_SEND_ADVERT, .instance = i };
	struct vg_sim_obs o = { .note = VG_SIM_NOTE_ACTION, .node = from, .action = &a };
	struct vg_sim_obs d = { .note = VG_SIM_NOTE_DROP, .node = to, .lost = true };
	struct vg_sim_obs step = { .note = VG_SIM_NOTE_STEP };

	vg_sim_check_observe(&ob->check, s, &o);
	vg_sim_check_observe(&ob->check, s, &d);
	vg_sim_check_observe(&ob->check, s, &step);
}

static uint32_t violations(const struct obs *ob, const char *invariant)
{
	uint32_t i, n = 0;


	for (i = 0; i < ob->check.count && i < VG_SIM_VIOLATIONS_MAX; i++)
		n += !strcmp(ob->check.v[i].invariant, invariant);
	return n;
}

/* 30 % loss for an hour: lb2 takes over after three lost adverts and is preempted back, many
   times; the loss is the fault, no invariant breaks (it was reported as no-flap) */
static void test_lossy_hour_is_not_a_flap(void **state)
{
	struct vg_sim s;
	struct obs ob;

	(void)state;
	world(&s, &ob, 1, false);
	s.loss_ppm = 300000;
	s.delay_ns = VG_MS(1);
	vg_sim_run(&s, VG_S(3600));
	assert_true(ob.changes[1] >= 8); /* Backup -> Master -> Backup at least four times */
	assert_int_equal(ob.check.count, 0);
}

/* A real flap (four changes, no fault, no loss) is still reported; a lost advert of another
   virtual router does not excuse it, one of its own does */
static void test_real_flap_caught(void **state)
{
	struct vg_sim s;
	struct obs ob;

	(void)state;
	world(&s, &ob, 1, true);
	vg_sim_run(&s, VG_S(10));
	assert_int_equal(ob.check.count, 0);
	note_fault(&ob, &s);
	note_state(&ob, &s, 1, 0);
	note_state(&ob, &s, 1, 0);
	note_state(&ob, &s, 1, 0);
	assert_int_equal(violations(&ob, "no-flap"), 0);
	note_state(&ob, &s, 1, 0);
	assert_int_equal(violations(&ob, "no-flap"), 1);

	world(&s, &ob, 1, true);
	vg_sim_run(&s, VG_S(10));
	note_fault(&ob, &s);
	note_state(&ob, &s, 1, 0);
	note_state(&ob, &s, 1, 0);
	note_lost(&ob, &s, 0, 1, 1); /* VRID 52's advert: not instance 0's router */
	note_state(&ob, &s, 1, 0);
	note_state(&ob, &s, 1, 0);
	assert_int_equal(violations(&ob, "no-flap"), 1);

	world(&s, &ob, 1, true);
	vg_sim_run(&s, VG_S(10));
	note_fault(&ob, &s);
	note_state(&ob, &s, 1, 0);
	note_state(&ob, &s, 1, 0);
	note_lost(&ob, &s, 0, 0, 1); /* VRID 51's advert lost on its way to lb2: a fault */
	note_state(&ob, &s, 1, 0);
	note_state(&ob, &s, 1, 0);
	assert_int_equal(violations(&ob, "no-flap"), 0);
}

/* lb1's unicast_peer list names an old address, not lb2: lb2 hears nothing and is Master too,
   lb1 hears lb2's lower priority and stays Master. Only lb2 -> lb1 works: no single-master
   violation (it was reported) */
static void test_one_way_unicast_not_single_master(void **state)
{
	struct vg_sim s;
	struct obs ob;

	(void)state;
	world(&s, &ob, 1, false);
	nodes[0].cfg[0].peer_count = 1;
	vg_addr_parse("192.0.2.99", &peers[0]);
	nodes[1].cfg[0].peer_count = 1;
	peers[1] = nodes[0].addr;
	vg_sim_run(&s, VG_S(60));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 2);
	assert_int_equal(ob.check.count, 0);
}

/* Two unicast Masters that do reach each other are still a violation */
static void test_two_way_unicast_double_master_caught(void **state)
{
	struct vg_sim s;
	struct obs ob;
	struct vg_sim_obs step = { .note = VG_SIM_NOTE_STEP };

	(void)state;
	world(&s, &ob, 1, false);
	nodes[0].cfg[0].peer_count = 1;
	peers[0] = nodes[1].addr;
	nodes[1].cfg[0].peer_count = 1;
	peers[1] = nodes[0].addr;
	vg_sim_run(&s, VG_S(20));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 1);
	assert_int_equal(ob.check.count, 0);
	nodes[1].inst[0].state = VG_STATE_MASTER; /* sabotage */
	ob.check.last_change = 0;
	vg_sim_check_observe(&ob.check, &s, &step);
	assert_int_equal(violations(&ob, "single-master"), 1);
}

/* A Backup that a unicast Master does not send to hears no Master: it must take over (a
   sabotaged one that does not is reported as takeover) */
static void test_unicast_orphan_must_take_over(void **state)
{
	struct vg_sim s;
	struct obs ob;

	(void)state;
	world(&s, &ob, 1, false);
	nodes[0].cfg[0].peer_count = 1;
	vg_addr_parse("192.0.2.99", &peers[0]);
	nodes[1].cfg[0].peer_count = 1;
	peers[1] = nodes[0].addr;
	vg_sim_schedule(&s, 0, 1, VG_SIM_STOP); /* lb2 starts later, when lb1 is Master */
	vg_sim_schedule(&s, VG_S(10), 1, VG_SIM_START);
	vg_sim_run(&s, VG_S(10));
	assert_int_equal(nodes[0].inst[0].state, VG_STATE_MASTER);
	nodes[1].inst[0].master_down_timer = VG_S(1000); /* sabotage: lb2 never takes over */
	vg_sim_run(&s, VG_S(20));
	assert_true(violations(&ob, "takeover") >= 1);
	/* due at its start + Master_Down_Interval (3 s + 156/256 s) + the delay (100 us) + 1 us */
	assert_string_equal(ob.check.v[0].invariant, "takeover");
	assert_int_equal(ob.check.v[0].at, VG_NS(13609476000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lossy_hour_is_not_a_flap),
		cmocka_unit_test(test_real_flap_caught),
		cmocka_unit_test(test_one_way_unicast_not_single_master),
		cmocka_unit_test(test_two_way_unicast_double_master_caught),
		cmocka_unit_test(test_unicast_orphan_must_take_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
