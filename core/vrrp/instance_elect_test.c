// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the instance state machine: who is Master. Priority 0 and
 * Shutdown, preemption (and nopreempt, preempt_delay), the tie-break on the
 * address, a Master's answer to lower priorities, Accept_Mode.
 * Each names the RFC 5798 / RFC 3768 section (or keepalived.conf(5) keyword)
 * it checks; times are literal nanoseconds: `deadline - 1` still waits,
 * `deadline` fires. The rig: instance_rig.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/instance_rig.h"

/* RFC 5798 6.4.3: Master receiving priority 0 sends an advert and resets Adver_Timer */
static void test_master_priority_zero(void **state)
{
	struct rig r;
	struct tu_pkt p;
	vg_time t = T0 + MDI_100 + VG_MS(300);

	(void)state;
	rig_init(&r, 2, 100);
	rig_become_master(&r);
	tu_advert(&p, &r.c, "192.0.2.2", 0, 100);
	assert_int_equal(tu_rx(&r.in, t, &p, &r.o), VG_DROP_NONE);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 1);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), t + VG_S(1));
	assert_int_equal(r.in.state, VG_STATE_MASTER);
}

/* RFC 5798 6.4.3: Shutdown in Master sends priority 0 and goes to Initialize */
static void test_master_shutdown_sends_priority_zero(void **state)
{
	uint8_t pkt[VG_VRRP_PKT_MAX];
	struct rig r;
	struct vg_vrrp_packet p;
	const struct vg_action *a;

	(void)state;
	rig_init(&r, 2, 100);
	rig_become_master(&r);
	tu_event(&r.in, T0 + VG_S(20), VG_EV_SHUTDOWN, &r.o);
	assert_int_equal(r.in.state, VG_STATE_INIT);
	a = tu_find(&r.o, VG_ACT_SEND_ADVERT);
	assert_non_null(a);
	assert_true(vg_vrrp_decode(&p, pkt, tu_advert_bytes(&r.c, a, pkt), VG_AF_INET) > 0);
	assert_int_equal(p.priority, 0);
	assert_int_equal(tu_count(&r.o, VG_ACT_DEL_VIPS), 1);
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.what, VG_NOTIFY_STOP);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), VG_TIME_NEVER);
	assert_int_equal(r.in.stats.tx_prio0, 1);
}

/* RFC 5798 6.4.3: a higher priority advert makes the Master a Backup */
static void test_master_preempted_by_higher(void **state)
{
	struct rig r;
	struct tu_pkt p;
	vg_time t = T0 + VG_S(20);

	(void)state;
	rig_init(&r, 2, 100);
	rig_become_master(&r);
	tu_advert(&p, &r.c, "192.0.2.2", 101, 100);
	assert_int_equal(tu_rx(&r.in, t, &p, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(tu_find(&r.o, VG_ACT_STATE)->u.state.why, VG_WHY_PREEMPTED);
	assert_int_equal(tu_count(&r.o, VG_ACT_DEL_VIPS), 1);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 0);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), t + MDI_100);
	assert_int_equal(r.in.stats.released_master, 1);
}

/* RFC 5798 6.4.3: equal priority, the higher primary address wins */
static void test_master_tie_break_on_address(void **state)
{
	struct rig r;
	struct tu_pkt lower, higher;

	(void)state;
	rig_init(&r, 2, 100);
	rig_become_master(&r); /* our primary is 192.0.2.1 */
	tu_advert(&lower, &r.c, "192.0.2.0", 100, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(20), &lower, &r.o), VG_DROP_LOWER_PRIO);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	tu_advert(&higher, &r.c, "192.0.2.9", 100, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(20), &higher, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
}

/* keepalived: a Master answers a lower-priority advert; vrrp_strict (RFC 5798 6.4.3) discards it */
static void test_master_lower_priority_answer_or_discard(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 2, 100);
	rig_become_master(&r);
	tu_advert(&p, &r.c, "192.0.2.2", 50, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(20), &p, &r.o), VG_DROP_LOWER_PRIO);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 1);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_GARP), 1);
	/* keepalived notify_master_rx_lower_pri, with the Master's priority */
	assert_int_equal(tu_count(&r.o, VG_ACT_NOTIFY), 1);
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.what, VG_NOTIFY_MASTER_RX_LOWER_PRI);
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.priority, 100);
	assert_int_equal(r.in.state, VG_STATE_MASTER);

	rig_init(&r, 2, 100);
	r.c.strict = true;
	rig_become_master(&r);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(20), &p, &r.o), VG_DROP_LOWER_PRIO);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 0);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_GARP), 0);
	assert_int_equal(r.o.a.len, 1); /* only the notify: the advert is discarded */
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.what, VG_NOTIFY_MASTER_RX_LOWER_PRI);
	assert_int_equal(r.in.stats.drops[VG_DROP_LOWER_PRIO], 1);

	/* keepalived lower_prio_no_advert: discard without answering, outside strict mode too;
	   keepalived 2.2.7 still sends its garp_lower_prio_repeat GARPs (5 by default) */
	rig_init(&r, 2, 100);
	r.c.lower_prio_no_advert = true;
	rig_become_master(&r);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(20), &p, &r.o), VG_DROP_LOWER_PRIO);
	assert_int_equal(r.o.a.len, 2);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 0);
	assert_int_equal(tu_find(&r.o, VG_ACT_SEND_GARP)->u.garp.repeat, 5);
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.what, VG_NOTIFY_MASTER_RX_LOWER_PRI);

	/* priority 0 is a Shutdown (RFC 5798 6.4.3), not a lower priority: no such notify */
	tu_out_init(&r.o);
	tu_advert(&p, &r.c, "192.0.2.2", 0, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(21), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(tu_count(&r.o, VG_ACT_NOTIFY), 0);
}

/* RFC 5798 6.4.2: with Preempt_Mode, a Backup discards lower priority and takes over */
static void test_backup_preempts_lower_master(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 2, 100);
	rig_start(&r, T0);
	tu_advert(&p, &r.c, "192.0.2.2", 90, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(1), &p, &r.o), VG_DROP_LOWER_PRIO);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(2), &p, &r.o), VG_DROP_LOWER_PRIO);
	tu_event(&r.in, T0 + MDI_100, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
}

/* keepalived nopreempt (RFC 5798 Preempt_Mode False): a lower-priority Master is kept */
static void test_nopreempt_keeps_lower_master(void **state)
{
	struct rig r;
	struct tu_pkt p;
	int i;

	(void)state;
	rig_init(&r, 2, 150);
	r.c.nopreempt = true;
	rig_start(&r, T0);
	tu_advert(&p, &r.c, "192.0.2.2", 100, 100);
	for (i = 1; i <= 60; i++) {
		assert_int_equal(tu_rx(&r.in, T0 + VG_S(i), &p, &r.o), VG_DROP_NONE);
		tu_event(&r.in, T0 + VG_S(i), VG_EV_TIMER, &r.o);
		assert_int_equal(r.in.state, VG_STATE_BACKUP);
	}
	/* once the adverts stop, it still takes over */
	tu_event(&r.in, vg_vrrp_next_deadline(&r.in), VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
}

/* keepalived preempt_delay: lower priority is accepted until the delay after startup */
static void test_preempt_delay(void **state)
{
	struct rig r;
	struct tu_pkt p;
	int i;

	(void)state;
	rig_init(&r, 2, 150);
	r.c.preempt_delay_ns = VG_S(10);
	rig_start(&r, T0);
	tu_advert(&p, &r.c, "192.0.2.2", 100, 100);
	for (i = 1; i <= 9; i++)
		assert_int_equal(tu_rx(&r.in, T0 + VG_S(i), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(10) - 1, &p, &r.o), VG_DROP_NONE);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(10), &p, &r.o), VG_DROP_LOWER_PRIO);
	/* Master_Down_Interval after the last accepted advert */
	tu_event(&r.in, T0 + VG_S(10) - 1 + VG_S(3) + UINT64_C(414062500) - 1, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	tu_event(&r.in, T0 + VG_S(10) - 1 + VG_S(3) + UINT64_C(414062500), VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
}

/* RFC 5798 6.1 Accept_Mode: carried on the add-VIPs effect */
static void test_accept_mode(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 3, 100);
	r.c.accept = false;
	rig_start(&r, T0);
	tu_event(&r.in, T0 + MDI_100, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	assert_false(tu_find(&r.o, VG_ACT_ADD_VIPS)->u.vips.accept);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_master_priority_zero),
		cmocka_unit_test(test_master_shutdown_sends_priority_zero),
		cmocka_unit_test(test_master_preempted_by_higher),
		cmocka_unit_test(test_master_tie_break_on_address),
		cmocka_unit_test(test_master_lower_priority_answer_or_discard),
		cmocka_unit_test(test_backup_preempts_lower_master),
		cmocka_unit_test(test_nopreempt_keeps_lower_master),
		cmocka_unit_test(test_preempt_delay),
		cmocka_unit_test(test_accept_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
