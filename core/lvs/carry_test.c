// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the reload carry-over (carry.h): what an unchanged checker keeps.
 *
 * The rules are keepalived 2.2.7's check/ipwrapper.c (clear_diff_rs,
 * migrate_checkers): a real server with the same address and port keeps its
 * alive state and effective weight; a checker that compares equal keeps
 * is_up, has_run and its retry count (capped to retry - 1 for a smaller
 * retry). The rig and its rendering of effects: lvs_testrig.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lvs/carry.h"
#include "lvs/lvs_testrig.h"

/* The running rig: started at T0, one round at T0 + 1 s where server 1 fails (retry 0: down). */
static struct lvs_rig *running(uint32_t retry)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, retry, 0);

	vg_lvs_service_start(&r->svc, T0, 1, &r->out);
	lvs_rig_round(r, T0 + VG_S(1), "101");
	return r;
}

static void pair_all(uint16_t *from, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		from[i] = i;
}

/* vs_iseq / rs_iseq and the checkers' compare: keys, type, timers, url model, server. */
static void test_same(void **state)
{
	struct lvs_rig *a = lvs_rig_new((const int32_t[]){ 1, 2 }, 2, 1, 0), *b = lvs_rig_new((const int32_t[]){ 1, 2 }, 2, 1, 0);
	struct vg_lvs_vs_key ka = { .kind = VG_LVS_VS_ADDR, .family = VG_AF_INET, .port = 80 }, kb = ka;
	struct vg_lvs_conf_service sa = { .key_first = 0, .key_count = 1 }, sb = sa;
	struct vg_lvs_conf_map ma = { .count = 1, .svc = &sa, .key_count = 1, .keys = &ka };
	struct vg_lvs_conf_map mb = { .count = 1, .svc = &sb, .key_count = 1, .keys = &kb };

	(void)state;
	sa.cfg.kind = sb.cfg.kind = VG_LVS_VS_ADDR;
	sa.cfg.protocol = sb.cfg.protocol = VG_LVS_PROTO_TCP;
	assert_int_equal(vg_addr_parse("192.0.2.100", &ka.addr), 0);
	kb.addr = ka.addr;
	assert_true(vg_lvs_service_same(&ma, &sa, &mb, &sb));
	kb.port = 81;
	assert_false(vg_lvs_service_same(&ma, &sa, &mb, &sb));
	kb.port = 80;
	sb.cfg.protocol = VG_LVS_PROTO_UDP;
	assert_false(vg_lvs_service_same(&ma, &sa, &mb, &sb));

	assert_true(vg_lvs_checker_same(&a->cfg, 1, &b->cfg, 1));
	assert_false(vg_lvs_checker_same(&a->cfg, 0, &b->cfg, 1)); /* another server */
	b->cfg.checker[1].retry = 5;                                 /* retry: carried, capped */
	assert_true(vg_lvs_checker_same(&a->cfg, 1, &b->cfg, 1));
	b->cfg.checker[1].tm->delay_loop_ns = VG_S(3);
	assert_false(vg_lvs_checker_same(&a->cfg, 1, &b->cfg, 1));
	b->cfg.checker[1].tm->delay_loop_ns = a->cfg.checker[1].tm->delay_loop_ns;
	b->cfg.rs[1].port = 8080;
	assert_false(vg_lvs_checker_same(&a->cfg, 1, &b->cfg, 1));
	b->cfg.rs[1].port = 80;
	b->cfg.checker[1].type = VG_LVS_CHECK_SMTP;
	assert_false(vg_lvs_checker_same(&a->cfg, 1, &b->cfg, 1));
	free(a);
	free(b);
}

/* clear_diff_rs: a server that is down stays down (no add, no notify), the others stay in; no quorum script. */
static void test_down_stays_down(void **state)
{
	struct lvs_rig *o = running(0), *n = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, 0, 0);
	uint16_t from[3];
	vg_time at = T0 + VG_S(4);

	(void)state;
	assert_false(o->svc.rs[1].alive);
	pair_all(from, 3);
	assert_int_equal(vg_lvs_service_carry(&n->svc, &o->svc, from, at, 7, &n->out), 3);
	assert_string_equal(lvs_rig_render(n), "svc-add, add 0 w1, add 2 w3");
	assert_false(n->svc.rs[1].alive);
	assert_false(n->svc.rs[1].set);
	assert_int_equal(n->svc.rs[1].num_failed_checkers, 1);
	assert_true(n->svc.quorum_up);
	/* the schedule: each checker's next probe as it was (delay_loop after the last result) */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(n->svc.chk[i].next_ns, o->svc.chk[i].next_ns);
		assert_true(n->svc.chk[i].has_run);
	}
	/* the server comes back on the next success: add and notify_up, as without a reload */
	lvs_rig_round(n, T0 + VG_S(11), "111");
	assert_string_equal(lvs_rig_render(n), "add 1 w2, up 1");
	free(o);
	free(n);
}

/* A changed checker starts again (not alpha: up, in the table); its server is added back. */
static void test_changed_restarts(void **state)
{
	struct lvs_rig *o = running(0), *n = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, 0, 0);
	uint16_t from[3] = { 0, VG_LVS_CARRY_NONE, 2 };
	vg_time at = T0 + VG_S(4);

	(void)state;
	n->cfg.checker[1].tm->delay_loop_ns = VG_S(5);
	vg_lvs_service_init(&n->svc, &n->cfg);
	assert_int_equal(vg_lvs_service_carry(&n->svc, &o->svc, from, at, 7, &n->out), 2);
	assert_string_equal(lvs_rig_render(n), "svc-add, add 0 w1, add 1 w2, add 2 w3");
	assert_true(n->svc.rs[1].alive);
	assert_int_equal(n->svc.chk[1].next_ns, at + VG_LVS_BOOTSTRAP_DELAY_NS); /* START's first probe */
	assert_int_equal(n->svc.chk[0].next_ns, o->svc.chk[0].next_ns);
	free(o);
	free(n);
}

/* migrate_checkers: retry_it carried, capped to the new retry - 1. */
static void test_retry_capped(void **state)
{
	struct lvs_rig *o = running(3), *n = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, 1, 0), *m;
	uint16_t from[3];

	(void)state;
	lvs_rig_round(o, T0 + VG_S(2), "101"); /* server 1: a second failure, two retries used */
	assert_int_equal(o->svc.chk[1].retry_it, 2);
	assert_true(o->svc.rs[1].alive);
	pair_all(from, 3);
	vg_lvs_service_carry(&n->svc, &o->svc, from, T0 + VG_S(2), 7, &n->out);
	/* keepalived sets retry - 1 (its comment says one more failure; tcp_epilog counts
	   retry_it up to retry first, so two more) */
	assert_int_equal(n->svc.chk[1].retry_it, 0);
	assert_true(n->svc.rs[1].alive);
	lvs_rig_round(n, n->svc.chk[1].next_ns, "101");
	assert_string_equal(lvs_rig_render(n), "");
	lvs_rig_round(n, n->svc.chk[1].next_ns, "101");
	assert_string_equal(lvs_rig_render(n), "del 1, down 1");
	m = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, 5, 0);
	vg_lvs_service_carry(&m->svc, &o->svc, from, T0 + VG_S(2), 7, &m->out);
	assert_int_equal(m->svc.chk[1].retry_it, 2); /* a larger retry: kept */
	free(o);
	free(n);
	free(m);
}

/* Quorum lost before the reload: no quorum script again, and not when it is kept up either. */
static void test_quorum_kept(void **state)
{
	struct lvs_rig *o = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, 0, 0), *n = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, 0, 0);
	uint16_t from[3];

	(void)state;
	o->cfg.quorum = n->cfg.quorum = 5;
	vg_lvs_service_init(&o->svc, &o->cfg);
	vg_lvs_service_init(&n->svc, &n->cfg);
	vg_lvs_service_start(&o->svc, T0, 1, &o->out);
	lvs_rig_round(o, T0 + VG_S(1), "101"); /* live weight 4 < 5: quorum lost */
	assert_false(o->svc.quorum_up);
	pair_all(from, 3);
	vg_lvs_service_carry(&n->svc, &o->svc, from, T0 + VG_S(2), 7, &n->out);
	assert_false(n->svc.quorum_up);
	assert_string_equal(lvs_rig_render(n), "svc-add, add 0 w1, add 2 w3");
	free(o);
	free(n);
}

/* The node: a service paired is carried, an unpaired one starts. */
static void test_node(void **state)
{
	struct lvs_rig *o = running(0), *n = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, 0, 0);
	struct vg_lvs_conf_service cs = { .cfg = n->cfg };
	struct vg_lvs_conf_map map = { .count = 1, .svc = &cs };
	struct vg_lvs_node old = { .svc = &o->svc, .count = 1, .started = true };
	struct vg_lvs_node nn;
	struct vg_lvs_service *svc = vg_lvs_node_services_alloc(&map);
	uint16_t from[3];
	const uint16_t *ck_from[1] = { from };
	uint32_t svc_from[1] = { 0 };
	struct vg_action buf[EFF_CAP];
	struct vg_actions out;

	(void)state;
	assert_non_null(svc);
	pair_all(from, 3);
	vg_lvs_node_init(&nn, svc, &map);
	vg_actions_init(&out, buf, EFF_CAP);
	vg_lvs_node_start_carry(&nn, T0 + VG_S(4), 3, &old, svc_from, ck_from, &out);
	assert_true(nn.started);
	assert_false(svc->rs[1].alive);
	assert_int_equal(vg_lvs_node_next_deadline(&nn), o->svc.chk[0].next_ns);
	{
		/* the carried checkers run on: a TIMER at the node's deadline starts their probes */
		struct vg_lvs_event tick = { .kind = VG_LVS_EV_TIMER };
		vg_time due = vg_lvs_node_next_deadline(&nn);
		size_t probes = 0;

		vg_actions_clear(&out);
		vg_lvs_node_input(&nn, due, &tick, &out);
		for (size_t i = 0; i < out.len; i++)
			probes += out.v[i].kind == VG_ACT_LVS_PROBE;
		assert_true(probes > 0);
		assert_true(vg_lvs_node_next_deadline(&nn) > due);
	}
	vg_lvs_node_init(&nn, svc, &map);
	svc_from[0] = VG_LVS_CARRY_NO_SVC;
	vg_actions_clear(&out);
	vg_lvs_node_start_carry(&nn, T0 + VG_S(4), 3, &old, svc_from, ck_from, &out);
	assert_true(svc->rs[1].alive); /* started afresh */
	free(svc);
	free(o);
	free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_down_stays_down),
		cmocka_unit_test(test_changed_restarts),
		cmocka_unit_test(test_retry_capped),
		cmocka_unit_test(test_quorum_kept),
		cmocka_unit_test(test_node),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
