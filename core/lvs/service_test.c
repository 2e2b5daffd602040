// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the virtual-server state machine: checker verdicts to kernel effects.
 *
 * Effects are rendered as text ("add 0 w2, up 0, quorum-up") so each
 * expectation reads as the sequence keepalived's check/ipwrapper.c would
 * perform. Rules from keepalived.conf(5) "Virtual server(s)": quorum,
 * hysteresis, quorum_up / quorum_down, sorry_server, sorry_server_inhibit,
 * inhibit_on_failure, alpha, omega, ha_suspend. The rig: lvs_testrig.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lvs/lvs_testrig.h"

/* Fires every checker at `now` (each must be due) and answers server i's probe with ok[i]. */
static const char *round_at(struct lvs_rig *r, vg_time now, const char *ok)
{
	assert_int_equal(lvs_rig_round(r, now, ok), strlen(ok));
	return lvs_rig_render(r);
}

/* init_service_vs: the service, every non-alpha server, then "Starting with quorum up". */
static void test_start(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1, 2, 3 }, 3, 0, 42);

	(void)state;
	lvs_rig_start(r);
	assert_string_equal(lvs_rig_render(r), "svc-add, add 0 w1, add 1 w2, add 2 w3, quorum-up");
	assert_true(r->svc.quorum_up);
	assert_int_equal(vg_lvs_service_live_weight(&r->svc), 6);
	assert_int_equal(vg_lvs_service_next_deadline(&r->svc), T0 + VG_S(1));
	/* first results confirm: no effects */
	assert_string_equal(round_at(r, T0 + VG_S(1), "111"), "");
	/* a failure removes the server and notifies; one success brings it back */
	assert_string_equal(round_at(r, T0 + VG_S(11), "101"), "del 1, down 1");
	assert_int_equal(vg_lvs_service_live_weight(&r->svc), 4);
	assert_string_equal(round_at(r, T0 + VG_S(21), "111"), "add 1 w2, up 1");
	free(r);
}

/* alpha: "On daemon startup assume that all RSs are down": nothing added until a success. */
static void test_alpha(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1, 1 }, 2, 0, 42);

	(void)state;
	r->cfg.alpha = true;
	r->cfg.checker[0].alpha = true;
	r->cfg.checker[1].alpha = true;
	lvs_rig_start(r);
	assert_string_equal(lvs_rig_render(r), "svc-add");
	assert_false(r->svc.quorum_up);
	/* first check: one up (gains quorum 1), one fails (alpha: notify down at once) */
	assert_string_equal(round_at(r, T0 + VG_S(1), "10"), "add 0 w1, up 0, quorum-up, down 1");
	free(r);
}

/*
 * global rs_init_notifies: keepalived 2.2.7 init_service_rs() runs the up
 * notifies of every server that starts alive (no failed checker), after
 * adding it; an alpha server starts down and notifies at its first success
 * as without the keyword; the first results then confirm without a repeat.
 */
static void test_rs_init_notifies(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1, 2 }, 2, 0, 42);

	(void)state;
	r->cfg.rs_init_notifies = true;
	r->cfg.checker[1].alpha = true;
	lvs_rig_start(r);
	assert_string_equal(lvs_rig_render(r), "svc-add, add 0 w1, up 0, quorum-up");
	assert_string_equal(round_at(r, T0 + VG_S(1), "11"), "add 1 w2, up 1");
	free(r);
}

/*
 * BFD_CHECK (keepalived 2.2.7 check_bfd.c bfd_check_handle_event): no
 * probe and no timer; each Up / Down of the session updates the checker
 * unless it has run and already agrees. Server 0 tracks session 3 (not
 * alpha: starts in the pool), server 1 session 4 with alpha.
 */
static void test_bfd_check(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1, 2 }, 2, 0, 42);

	(void)state;
	for (int i = 0; i < 2; i++) {
		vg_lvs_checker_config_defaults(&r->cfg.checker[i], &r->tm[i], VG_LVS_CHECK_BFD, VG_S(10));
		r->cfg.checker[i].rs = (uint16_t)i;
		r->cfg.checker[i].bfd = (uint16_t)(3 + i);
	}
	r->cfg.checker[1].alpha = true;
	lvs_rig_start(r);
	assert_string_equal(lvs_rig_render(r), "svc-add, add 0 w1, quorum-up");
	assert_int_equal(vg_lvs_service_next_deadline(&r->svc), VG_TIME_NEVER);
	vg_actions_clear(&r->out);
	vg_lvs_service_bfd_state(&r->svc, 3, true, T0 + VG_S(1), &r->out); /* confirms: no effect */
	assert_string_equal(lvs_rig_render(r), "");
	assert_true(r->svc.chk[0].has_run);
	vg_lvs_service_bfd_state(&r->svc, 4, true, T0 + VG_S(1), &r->out); /* alpha: in, notified */
	assert_string_equal(lvs_rig_render(r), "add 1 w2, up 1");
	vg_actions_clear(&r->out);
	vg_lvs_service_bfd_state(&r->svc, 3, true, T0 + VG_S(2), &r->out); /* the same state again */
	assert_string_equal(lvs_rig_render(r), "");
	vg_lvs_service_bfd_state(&r->svc, 3, false, T0 + VG_S(3), &r->out);
	assert_string_equal(lvs_rig_render(r), "del 0, down 0");
	vg_actions_clear(&r->out);
	vg_lvs_service_bfd_state(&r->svc, 3, true, T0 + VG_S(4), &r->out);
	assert_string_equal(lvs_rig_render(r), "add 0 w1, up 0");
	assert_int_equal(vg_lvs_service_next_deadline(&r->svc), VG_TIME_NEVER);
	free(r);
}

/* inhibit_on_failure: "Set weight to 0 when healthchecker detects failure"; alpha puts it in at weight 0. */
static void test_inhibit_on_failure(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 5, 1 }, 2, 0, 42);

	(void)state;
	r->cfg.rs[0].inhibit_on_failure = true;
	lvs_rig_start(r);
	assert_string_equal(lvs_rig_render(r), "svc-add, add 0 w5, add 1 w1, quorum-up");
	round_at(r, T0 + VG_S(1), "11");
	assert_string_equal(round_at(r, T0 + VG_S(11), "01"), "edit 0 w0, down 0");
	assert_true(r->svc.rs[0].set);
	assert_string_equal(round_at(r, T0 + VG_S(21), "11"), "edit 0 w5, up 0");
	free(r);

	r = lvs_rig_new((const int32_t[]){ 5 }, 1, 0, 42);
	r->cfg.rs[0].inhibit_on_failure = true;
	r->cfg.checker[0].alpha = true;
	lvs_rig_start(r);
	assert_string_equal(lvs_rig_render(r), "svc-add, add 0 w0");
	assert_string_equal(round_at(r, T0 + VG_S(1), "1"), "edit 0 w5, up 0, quorum-up");
	free(r);
}

/*
 * quorum 4, hysteresis 1, weights 2,2,2: starts up (6 >= 4 + 1). Loses quorum when the live weight
 * drops below 4 - 1 = 3; regains it at 4 + 1 = 5. The sorry server replaces the pool while down
 * ("all real servers will be brought down when the quorum is not achieved").
 */
static void test_quorum_sorry_hysteresis(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 2, 2, 2 }, 3, 0, 42);

	(void)state;
	r->cfg.quorum = 4;
	r->cfg.hysteresis = 1;
	r->cfg.has_sorry = true;
	vg_lvs_rs_config_defaults(&r->cfg.sorry, &r->cfg);
	assert_int_equal(vg_addr_parse("10.9.9.9", &r->cfg.sorry.addr), 0);
	lvs_rig_start(r);
	assert_string_equal(lvs_rig_render(r), "svc-add, add 0 w2, add 1 w2, add 2 w2, quorum-up");
	round_at(r, T0 + VG_S(1), "111");
	/* 4 >= 3: still up */
	assert_string_equal(round_at(r, T0 + VG_S(11), "011"), "del 0, down 0");
	/* 2 < 3: lost; the alive server leaves, the sorry server comes in */
	assert_string_equal(round_at(r, T0 + VG_S(21), "001"), "del 1, down 1, del 2, add S w1, quorum-down");
	assert_false(r->svc.quorum_up);
	/* 4 < 5: not regained (hysteresis), and the table is left to the sorry server */
	assert_string_equal(round_at(r, T0 + VG_S(31), "011"), "up 1");
	/* 6 >= 5: regained; sorry out, alive servers back in list order */
	assert_string_equal(round_at(r, T0 + VG_S(41), "111"), "up 0, del S, add 0 w2, add 1 w2, add 2 w2, quorum-up");
	/* all down: a live weight of 0 always loses quorum */
	assert_string_equal(round_at(r, T0 + VG_S(51), "000"),
			    "del 0, down 0, del 1, down 1, del 2, add S w1, quorum-down, down 2");
	free(r);
}

/* sorry_server_inhibit: the sorry server stays in the table, weight 0 unless it serves. */
static void test_sorry_inhibit(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1 }, 1, 0, 42);

	(void)state;
	r->cfg.has_sorry = true;
	r->cfg.sorry_inhibit = true;
	vg_lvs_rs_config_defaults(&r->cfg.sorry, &r->cfg);
	r->cfg.sorry.weight = 3;
	lvs_rig_start(r);
	assert_string_equal(lvs_rig_render(r), "svc-add, add 0 w1, quorum-up, add S w0");
	round_at(r, T0 + VG_S(1), "1");
	assert_string_equal(round_at(r, T0 + VG_S(11), "0"), "del 0, down 0, edit S w3, quorum-down");
	assert_string_equal(round_at(r, T0 + VG_S(21), "1"), "up 0, edit S w0, add 0 w1, quorum-up");
	free(r);
}

/* No sorry server and quorum down: servers still come and go in the table. */
static void test_quorum_without_sorry(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1, 1 }, 2, 0, 42);

	(void)state;
	r->cfg.quorum = 2;
	lvs_rig_start(r);
	round_at(r, T0 + VG_S(1), "11");
	assert_string_equal(round_at(r, T0 + VG_S(11), "01"), "del 0, down 0, quorum-down");
	assert_string_equal(round_at(r, T0 + VG_S(21), "11"), "add 0 w1, up 0, quorum-up");
	free(r);
}

/* Several checkers on one server: down when the first fails, up when the last recovers. */
static void test_two_checkers(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1 }, 1, 0, 42);

	(void)state;
	r->cfg.checker_count = 2;
	r->cfg.checker[1] = r->cfg.checker[0];
	lvs_rig_start(r);
	round_at(r, T0 + VG_S(1), "11");
	assert_string_equal(round_at(r, T0 + VG_S(11), "00"), "del 0, down 0, quorum-down");
	assert_int_equal(r->svc.rs[0].num_failed_checkers, 2);
	assert_string_equal(round_at(r, T0 + VG_S(21), "10"), "");
	assert_string_equal(round_at(r, T0 + VG_S(31), "11"), "add 0 w1, up 0, quorum-up");
	assert_int_equal(r->svc.rs[0].num_failed_checkers, 0);
	free(r);
}

/* omega: "On daemon shutdown consider quorum and RS down notifiers for execution". */
static void test_stop_omega(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1, 1 }, 2, 0, 42);

	(void)state;
	lvs_rig_start(r);
	vg_actions_clear(&r->out);
	vg_lvs_service_stop(&r->svc, T0 + VG_S(2), &r->out);
	assert_string_equal(lvs_rig_render(r), "del 0, del 1, svc-del");
	free(r);

	r = lvs_rig_new((const int32_t[]){ 1, 1 }, 2, 0, 42);
	r->cfg.omega = true;
	r->cfg.rs[1].inhibit_on_failure = true;
	lvs_rig_start(r);
	round_at(r, T0 + VG_S(1), "11");
	round_at(r, T0 + VG_S(11), "10");
	vg_actions_clear(&r->out);
	vg_lvs_service_stop(&r->svc, T0 + VG_S(12), &r->out);
	/* the inhibited (weight 0) server is removed for good, without a second down notify */
	assert_string_equal(lvs_rig_render(r), "del 0, down 0, del 1, quorum-down, svc-del");
	assert_true(r->out.v[1].u.lvs.stopping);
	assert_int_equal(vg_lvs_service_next_deadline(&r->svc), VG_TIME_NEVER);
	free(r);
}

/* ha_suspend: "If VS IP address is not set, suspend healthchecker's activity". */
static void test_ha_suspend(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1 }, 1, 0, 42);

	(void)state;
	r->cfg.ha_suspend = true;
	lvs_rig_start(r);
	vg_lvs_service_set_vip_present(&r->svc, false, T0, &r->out);
	vg_actions_clear(&r->out);
	vg_lvs_service_handle_expiry(&r->svc, T0 + VG_S(1), &r->out);
	assert_int_equal(r->out.len, 0);
	assert_int_equal(vg_lvs_service_next_deadline(&r->svc), T0 + VG_S(11));
	vg_lvs_service_set_vip_present(&r->svc, true, T0 + VG_S(5), &r->out);
	assert_string_equal(round_at(r, T0 + VG_S(11), "1"), "");
	free(r);
}

/* update_svr_wgt: a weight change edits the table when in the pool and re-evaluates the quorum. */
static void test_set_weight(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 2, 2 }, 2, 0, 42);

	(void)state;
	r->cfg.quorum = 3;
	lvs_rig_start(r);
	vg_actions_clear(&r->out);
	vg_lvs_service_set_weight(&r->svc, 1, 0, T0 + VG_S(1), &r->out);
	assert_string_equal(lvs_rig_render(r), "edit 1 w0, quorum-down");
	vg_actions_clear(&r->out);
	vg_lvs_service_set_weight(&r->svc, 1, 0, T0 + VG_S(1), &r->out);
	assert_string_equal(lvs_rig_render(r), "");
	vg_lvs_service_set_weight(&r->svc, 1, 7, T0 + VG_S(2), &r->out);
	assert_string_equal(lvs_rig_render(r), "edit 1 w7, quorum-up");
	free(r);
}

/* A probe that never answers times out at connect_timeout and counts as a failure. */
static void test_probe_timeout(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1 }, 1, 0, 42);

	(void)state;
	lvs_rig_start(r);
	round_at(r, T0 + VG_S(1), "1");
	vg_actions_clear(&r->out);
	vg_lvs_service_handle_expiry(&r->svc, T0 + VG_S(11), &r->out);
	assert_int_equal(r->out.len, 1);
	assert_int_equal(r->out.v[0].kind, VG_ACT_LVS_PROBE);
	vg_actions_clear(&r->out);
	vg_lvs_service_handle_expiry(&r->svc, T0 + VG_S(16) - 1, &r->out);
	assert_int_equal(r->out.len, 0);
	vg_lvs_service_handle_expiry(&r->svc, T0 + VG_S(16), &r->out);
	assert_int_equal(r->out.v[0].kind, VG_ACT_LVS_PROBE_ABORT);
	assert_string_equal(lvs_rig_render(r), "del 0, down 0, quorum-down");
	free(r);
}

static void test_config_check(void **state)
{
	struct lvs_rig *r = lvs_rig_new((const int32_t[]){ 1 }, 1, 0, 42);

	(void)state;
	assert_int_equal(vg_lvs_service_config_check(&r->cfg), 0);
	r->cfg.checker[0].rs = 1;
	assert_int_equal(vg_lvs_service_config_check(&r->cfg), VG_LVS_EINVAL);
	r->cfg.checker[0].rs = 0;
	r->cfg.checker[0].type = VG_LVS_CHECK_HTTP; /* HTTP_GET without a url */
	assert_int_equal(vg_lvs_service_config_check(&r->cfg), VG_LVS_EINVAL);
	r->cfg.checker[0].type = VG_LVS_CHECK_TCP;
	r->cfg.rs[0].weight = 65536;
	assert_int_equal(vg_lvs_service_config_check(&r->cfg), VG_LVS_EINVAL);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_alpha),
		cmocka_unit_test(test_rs_init_notifies),
		cmocka_unit_test(test_bfd_check),
		cmocka_unit_test(test_inhibit_on_failure),
		cmocka_unit_test(test_quorum_sorry_hysteresis),
		cmocka_unit_test(test_sorry_inhibit),
		cmocka_unit_test(test_quorum_without_sorry),
		cmocka_unit_test(test_two_checkers),
		cmocka_unit_test(test_stop_omega),
		cmocka_unit_test(test_ha_suspend),
		cmocka_unit_test(test_set_weight),
		cmocka_unit_test(test_probe_timeout),
		cmocka_unit_test(test_config_check),
	};

	return cmocka_run_group_tests_name("lvs/service", tests, NULL, NULL);
}
