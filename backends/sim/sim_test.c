// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the simulator: determinism, faults, and that each
 * invariant checker both passes correct runs and catches a broken world.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sim/check.h"
#include "sim/harness.h"
#include "sim/sim.h"

static struct vg_sim_node nodes[3];
static struct vg_conf *confs[3];
static char texts[3][512];
static struct vg_sim_item queue[VG_SIM_QUEUE_MAX];

struct obs {
	struct vg_sim_check check;
	uint64_t hash; /* of every effect, for determinism */
};

static void observe(void *ctx, const struct vg_sim *s, const struct vg_sim_obs *o)
{
	struct obs *ob = ctx;

	vg_sim_check_observe(&ob->check, s, o);
	if (o->note == VG_SIM_NOTE_ACTION)
		ob->hash = (ob->hash ^ (s->now + o->node * 131u + o->action->kind)) * UINT64_C(0x100000001b3);
}

/* n nodes lb1.. (priority 150, 100, 50, VRRPv3 VRID 51, VIP 192.0.2.100); peer[k] non-NULL: unicast_peer */
static void world_peers(struct vg_sim *s, struct obs *ob, int n, uint64_t seed, const char *const *peer)
{
	static const uint8_t prio[3] = { 150, 100, 50 };
	int k;

	for (k = 0; k < 3; k++) {
		vg_sim_node_free(&nodes[k]);
		if (confs[k])
			vg_conf_free(confs[k]);
		confs[k] = NULL;
	}
	for (k = 0; k < n; k++) {
		struct vg_diags d;
		struct vg_addr addr;
		char ip[16], name[8];

		snprintf(name, sizeof(name), "lb%d", k + 1);
		snprintf(ip, sizeof(ip), "192.0.2.%d", k + 1);
		vg_addr_parse(ip, &addr);
		snprintf(texts[k], sizeof(texts[k]),
			 "vrrp_instance VI_1 {\n state BACKUP\n interface eth0\n version 3\n virtual_router_id 51\n"
			 " priority %u\n virtual_ipaddress {\n  192.0.2.100\n }\n%s%s%s}\n",
			 prio[k], peer && peer[k] ? " unicast_peer {\n  " : "", peer && peer[k] ? peer[k] : "",
			 peer && peer[k] ? "\n }\n" : "");
		vg_diags_init(&d);
		assert_int_equal(vg_harness_conf_text(name, texts[k], &confs[k], &d), 0);
		assert_int_equal(vg_sim_node_build(&nodes[k], name, &addr, confs[k], &d), 0);
		vg_diags_free(&d);
		assert_int_equal(nodes[k].inst_count, 1);
	}
	vg_sim_init(s, nodes, (uint8_t)n, queue, seed);
	memset(ob, 0, sizeof(*ob));
	s->observe = observe;
	s->observe_ctx = ob;
	vg_sim_check_init(&ob->check, s);
	for (k = 0; k < n; k++)
		vg_sim_schedule(s, 0, (uint8_t)k, VG_SIM_START);
}

static void world(struct vg_sim *s, struct obs *ob, int n, uint64_t seed)
{
	world_peers(s, ob, n, seed, NULL);
}

/* Same seed, same run, bit for bit; another seed under loss differs */
static void test_deterministic(void **state)
{
	struct vg_sim s;
	struct obs ob;
	uint64_t h1, h2, h3;

	(void)state;
	world(&s, &ob, 3, 42);
	s.loss_ppm = 200000;
	vg_sim_run(&s, VG_S(300));
	h1 = ob.hash;
	world(&s, &ob, 3, 42);
	s.loss_ppm = 200000;
	vg_sim_run(&s, VG_S(300));
	h2 = ob.hash;
	world(&s, &ob, 3, 43);
	s.loss_ppm = 200000;
	vg_sim_run(&s, VG_S(300));
	h3 = ob.hash;
	assert_true(h1 == h2);
	assert_true(h1 != h3);
}

/* RFC 5798 6.4.2: crash of the Master, takeover; no invariant broken */
static void test_crash_takeover_clean(void **state)
{
	struct vg_sim s;
	struct obs ob;
	int who = -1;

	(void)state;
	world(&s, &ob, 3, 1);
	vg_sim_schedule(&s, VG_S(10), 0, VG_SIM_CRASH);
	vg_sim_schedule(&s, VG_S(30), 0, VG_SIM_START);
	vg_sim_run(&s, VG_S(15));
	assert_int_equal(vg_sim_masters(&s, 0, &who), 1);
	assert_int_equal(who, 1);
	vg_sim_run(&s, VG_S(60));
	assert_int_equal(vg_sim_masters(&s, 0, &who), 1);
	assert_int_equal(who, 0);
	assert_int_equal(ob.check.count, 0);
	assert_int_equal(s.fx_unhandled, 0); /* every effect of the run was one the simulator carries out */
}

/* A firewall dropping protocol 112 gives split brain, which is not a single-master violation */
static void test_firewall_split_brain(void **state)
{
	struct vg_sim s;
	struct obs ob;

	(void)state;
	world(&s, &ob, 2, 1);
	vg_sim_schedule(&s, VG_S(10), 1, VG_SIM_FW_DROP);
	vg_sim_run(&s, VG_S(30));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 2);
	assert_int_equal(ob.check.count, 0);
	/* healed: back to one Master, still no violation */
	vg_sim_schedule(&s, VG_S(30), 1, VG_SIM_FW_ALLOW);
	vg_sim_run(&s, VG_S(60));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 1);
	assert_int_equal(ob.check.count, 0);
}

/* Partition {lb1} | {lb2, lb3}: one Master on each side */
static void test_partition(void **state)
{
	struct vg_sim s;
	struct obs ob;

	(void)state;
	world(&s, &ob, 3, 1);
	vg_sim_schedule_arg(&s, VG_S(10), 0, VG_SIM_PARTITION, 1);
	vg_sim_run(&s, VG_S(30));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 2);
	assert_int_equal(nodes[1].inst[0].state, VG_STATE_MASTER);
	assert_int_equal(nodes[2].inst[0].state, VG_STATE_BACKUP);
	vg_sim_schedule_arg(&s, VG_S(30), 0, VG_SIM_PARTITION, 0);
	vg_sim_run(&s, VG_S(60));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 1);
	assert_int_equal(ob.check.count, 0);
}

/* The checkers catch a broken world */
static void test_checkers_can_fail(void **state)
{
	struct vg_sim s;
	struct obs ob;

	(void)state;
	/* VIPs on a Backup */
	world(&s, &ob, 2, 1);
	vg_sim_run(&s, VG_S(10));
	nodes[1].vips_held[0] = true;
	vg_sim_run(&s, VG_S(12));
	assert_true(ob.check.count > 0);
	assert_string_equal(ob.check.v[0].invariant, "vip-only-on-master");

	/* two Masters that hear each other, long after convergence */
	world(&s, &ob, 2, 1);
	vg_sim_run(&s, VG_S(10));
	nodes[1].inst[0].state = VG_STATE_MASTER;
	nodes[1].inst[0].master_down_timer = VG_TIME_NEVER;
	nodes[1].inst[0].adver_timer = VG_TIME_NEVER;
	ob.check.last_change = 0;
	{
		struct vg_sim_obs o = { .note = VG_SIM_NOTE_STEP };

		vg_sim_check_observe(&ob.check, &s, &o);
	}
	assert_true(ob.check.count > 0);
	assert_string_equal(ob.check.v[0].invariant, "single-master");

	/* a Backup that never takes over */
	world(&s, &ob, 2, 1);
	vg_sim_schedule(&s, VG_S(10), 0, VG_SIM_CRASH);
	vg_sim_run(&s, VG_S(10));
	nodes[1].inst[0].master_down_timer = VG_S(1000); /* sabotage */
	vg_sim_run(&s, VG_S(20));
	assert_true(ob.check.count > 0);
	assert_string_equal(ob.check.v[0].invariant, "takeover");
}

/* Random loss and delay over many seeds: the invariants hold */
static void test_lossy_seeds(void **state)
{
	struct vg_sim s;
	struct obs ob;
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 20; seed++) {
		world(&s, &ob, 3, seed);
		s.loss_ppm = 50000;
		s.delay_ns = VG_MS(2);
		vg_sim_schedule(&s, VG_S(20), 0, VG_SIM_CRASH);
		vg_sim_schedule(&s, VG_S(40), 0, VG_SIM_START);
		vg_sim_schedule(&s, VG_S(60), 1, VG_SIM_STOP);
		vg_sim_run(&s, VG_S(120));
		assert_int_equal(vg_sim_masters(&s, 0, NULL), 1);
	}
}

/* keepalived unicast_peer: adverts reach only the listed peer */
static void test_unicast_peers(void **state)
{
	struct vg_sim s;
	struct obs ob;

	(void)state;
	/* lb1 and lb2 are unicast peers of each other; lb3 (multicast) hears neither */
	{
		static const char *const peer[3] = { "192.0.2.2", "192.0.2.1", NULL };

		world_peers(&s, &ob, 3, 1, peer);
	}
	vg_sim_run(&s, VG_S(20));
	assert_int_equal(nodes[0].inst[0].state, VG_STATE_MASTER);
	assert_int_equal(nodes[1].inst[0].state, VG_STATE_BACKUP);
	assert_int_equal(nodes[2].inst[0].state, VG_STATE_MASTER); /* split brain: lb3 is not a peer */
	/* a peer address that is nobody's: lb2 hears nothing and takes over too */
	{
		static const char *const peer[3] = { "192.0.2.99", NULL, NULL };

		world_peers(&s, &ob, 2, 1, peer);
	}
	vg_sim_run(&s, VG_S(20));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 2);
}

/* Duplication delivers copies; jitter reorders; runs stay deterministic and correct */
static void test_duplicate_and_jitter(void **state)
{
	struct vg_sim s;
	struct obs ob;
	uint64_t plain;

	(void)state;
	world(&s, &ob, 2, 5);
	vg_sim_run(&s, VG_S(60));
	plain = s.delivered;
	world(&s, &ob, 2, 5);
	s.dup_ppm = 1000000; /* every advert twice */
	vg_sim_run(&s, VG_S(60));
	assert_int_equal(s.delivered, 2 * plain);
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 1);
	world(&s, &ob, 3, 5);
	s.jitter_ns = VG_MS(800); /* adverts 1 s apart may overtake each other */
	vg_sim_schedule(&s, VG_S(20), 0, VG_SIM_CRASH);
	vg_sim_run(&s, VG_S(60));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 1);
	assert_int_equal(ob.check.count, 0);
}

/* A reload of the same configuration carries the instance over; one with a lower priority restarts it */
static void test_reload(void **state)
{
	struct vg_sim s;
	struct obs ob;
	struct vg_sim_reload slots[2];

	(void)state;
	world(&s, &ob, 2, 1);
	slots[0] = (struct vg_sim_reload){ confs[0], 0 };
	slots[1] = (struct vg_sim_reload){ confs[0], -100 }; /* 150 -> 50, below lb2's 100 */
	s.reloads = slots;
	s.reload_count = 2;
	vg_sim_run(&s, VG_S(10));
	assert_int_equal(nodes[0].inst[0].state, VG_STATE_MASTER);
	vg_sim_schedule_arg(&s, VG_S(10), 0, VG_SIM_RELOAD, 0);
	vg_sim_run(&s, VG_S(10));
	assert_int_equal(s.last_reload.carried, 1);
	assert_int_equal(s.last_reload.stopped, 0);
	assert_int_equal(nodes[0].inst[0].state, VG_STATE_MASTER);
	assert_true(nodes[0].vips_held[0]);
	vg_sim_schedule_arg(&s, VG_S(20), 0, VG_SIM_RELOAD, 1);
	vg_sim_run(&s, VG_S(20));
	assert_int_equal(s.last_reload.carried, 0);
	assert_int_equal(s.last_reload.stopped, 1);
	assert_int_equal(s.last_reload.started, 1);
	assert_int_equal(nodes[0].cfg[0].priority, 50);
	assert_int_equal(nodes[0].inst[0].state, VG_STATE_BACKUP); /* Shutdown, then Startup */
	assert_false(nodes[0].vips_held[0]);
	vg_sim_run(&s, VG_S(30));
	assert_int_equal(vg_sim_masters(&s, 0, NULL), 1);
	assert_int_equal(nodes[1].inst[0].state, VG_STATE_MASTER);
	assert_int_equal(ob.check.count, 0);
}

/* A world on the same queue: its events keep their order, VRRP goes first at equal times */
struct fake_world {
	struct vg_sim *s;
	vg_time seen_at[4];
	uint32_t seen_slot[4];
	int seen;
	vg_time fault_at;       /* when the VRRP fault was applied */
	int seen_before_fault;  /* world events handled before it */
};

static vg_time fake_next(void *ctx)
{
	(void)ctx;
	return VG_TIME_NEVER; /* no pulled timers: only queued events */
}

static void fake_handle(void *ctx, vg_time now)
{
	struct fake_world *f = ctx;
	uint32_t slot;

	while (vg_sim_world_pop(f->s, now, &slot)) {
		assert_true(f->seen < 4);
		f->seen_at[f->seen] = now;
		f->seen_slot[f->seen++] = slot;
	}
}

static void fake_observe(void *ctx, const struct vg_sim *s, const struct vg_sim_obs *o)
{
	struct fake_world *f = ctx;

	if (o->note == VG_SIM_NOTE_FAULT && o->fault == VG_SIM_FW_DROP) {
		f->fault_at = s->now;
		f->seen_before_fault = f->seen;
	}
}

static void test_world_shares_the_queue(void **state)
{
	static struct vg_sim s;
	struct obs ob;
	struct fake_world f = { .s = &s };

	(void)state;
	world(&s, &ob, 2, 1);
	s.observe = fake_observe;
	s.observe_ctx = &f;
	s.world = (struct vg_sim_world){ fake_next, fake_handle, NULL, &f };
	assert_int_equal(vg_sim_world_push(&s, VG_S(5), 7), 0);
	assert_int_equal(vg_sim_world_push(&s, VG_S(3), 9), 0);
	assert_int_equal(vg_sim_world_push(&s, VG_S(5), 8), 0);
	vg_sim_schedule(&s, VG_S(5), 1, VG_SIM_FW_DROP); /* pushed last, at the same time: goes first */
	vg_sim_run(&s, VG_S(5) - 1);
	assert_int_equal(f.seen, 1);
	assert_int_equal(f.seen_slot[0], 9);
	assert_int_equal(f.seen_at[0], VG_S(3));
	vg_sim_run(&s, VG_S(5));
	assert_int_equal(f.fault_at, VG_S(5));
	assert_int_equal(f.seen_before_fault, 1);
	assert_int_equal(f.seen, 3);
	assert_int_equal(f.seen_slot[1], 7); /* insertion order among equal times */
	assert_int_equal(f.seen_slot[2], 8);
	assert_int_equal(s.world_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_crash_takeover_clean),
		cmocka_unit_test(test_firewall_split_brain),
		cmocka_unit_test(test_partition),
		cmocka_unit_test(test_checkers_can_fail),
		cmocka_unit_test(test_lossy_seeds),
		cmocka_unit_test(test_unicast_peers),
		cmocka_unit_test(test_duplicate_and_jitter),
		cmocka_unit_test(test_reload),
		cmocka_unit_test(test_world_shares_the_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
