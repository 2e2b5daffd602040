// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the instance state machine. Each names the RFC 5798 /
 * RFC 3768 section (or keepalived.conf(5) keyword) it checks; times are
 * literal nanoseconds: `deadline - 1` still waits, `deadline` fires.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/instance_rig.h"

/* RFC 5798 6.4.1: a non-owner goes to Backup with Master_Down_Timer = Master_Down_Interval */
static void test_startup_backup(void **state)
{
	struct rig r;
	const struct vg_action *a;

	(void)state;
	rig_init(&r, 2, 100);
	rig_start(&r, T0);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(vg_vrrp_skew_time(&r.in), SKEW_100);
	assert_int_equal(vg_vrrp_master_down_interval(&r.in), MDI_100);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + MDI_100);
	a = tu_find(&r.o, VG_ACT_STATE);
	assert_non_null(a);
	assert_int_equal(a->u.state.to, VG_STATE_BACKUP);
	assert_int_equal(a->u.state.why, VG_WHY_STARTUP);
	a = tu_find(&r.o, VG_ACT_NOTIFY);
	assert_non_null(a);
	assert_int_equal(a->u.notify.what, VG_NOTIFY_BACKUP);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 0);
}

/* RFC 5798 6.4.1: Priority 255 sends an advert, GARPs and becomes Master at once */
static void test_startup_owner(void **state)
{
	uint8_t pkt[VG_VRRP_PKT_MAX];
	struct rig r;
	const struct vg_action *a;
	struct vg_vrrp_packet p;

	(void)state;
	rig_init(&r, 3, 255);
	r.c.accept = false;
	rig_start(&r, T0);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	a = tu_find(&r.o, VG_ACT_STATE);
	assert_int_equal(a->u.state.why, VG_WHY_OWNER);
	a = tu_find(&r.o, VG_ACT_SEND_ADVERT);
	assert_non_null(a);
	assert_true(vg_vrrp_decode(&p, pkt, tu_advert_bytes(&r.c, a, pkt), VG_AF_INET) > 0);
	assert_int_equal(p.priority, 255);
	assert_int_equal(p.vrid, 51);
	assert_true(vg_addr_eq(&a->u.advert.dst, &(struct vg_addr){ 0 }) == false);
	assert_int_equal(a->u.advert.dst.bytes[0], 224);
	/* RFC 5798 6.1: the owner accepts packets to its addresses whatever Accept_Mode says */
	a = tu_find(&r.o, VG_ACT_ADD_VIPS);
	assert_non_null(a);
	assert_true(a->u.vips.accept);
	assert_non_null(tu_find(&r.o, VG_ACT_SEND_GARP));
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(1));
}

/* RFC 5798 6.4.2: Master_Down_Timer fires: advert, GARP, Adver_Timer, Master */
static void test_master_down_timer_fires(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 2, 100);
	rig_start(&r, T0);
	vg_actions_clear(&r.o.a);
	tu_event(&r.in, T0 + MDI_100 - 1, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(r.o.a.len, 0);
	tu_event(&r.in, T0 + MDI_100, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	assert_int_equal(tu_find(&r.o, VG_ACT_STATE)->u.state.why, VG_WHY_MASTER_DOWN);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 1);
	assert_int_equal(tu_count(&r.o, VG_ACT_ADD_VIPS), 1);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_GARP), 1);
	assert_int_equal(tu_find(&r.o, VG_ACT_SEND_GARP)->u.garp.repeat, 5); /* garp_master_repeat default */
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.what, VG_NOTIFY_MASTER);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + MDI_100 + VG_S(1));
	assert_int_equal(r.in.stats.became_master, 1);
	/* the funnel counts each transition under its reason; the timer's expiry is counted apart */
	assert_int_equal(r.in.stats.master_down_fired, 1);
	assert_int_equal(r.in.stats.transitions[VG_WHY_STARTUP], 1);
	assert_int_equal(r.in.stats.transitions[VG_WHY_MASTER_DOWN], 1);
	assert_int_equal(r.in.stats.transitions[VG_WHY_PREEMPTED], 0);
}

/* RFC 5798 6.4.3: Adver_Timer fires: send an advert and reset it to Advertisement_Interval */
static void test_master_periodic_adverts(void **state)
{
	struct rig r;
	vg_time t;
	int i;

	(void)state;
	rig_init(&r, 3, 255);
	r.c.adver_int_cs = 25; /* 250 ms, VRRPv3 centiseconds */
	rig_start(&r, T0);
	for (i = 1, t = T0; i <= 4; i++) {
		vg_actions_clear(&r.o.a);
		tu_event(&r.in, t + VG_MS(250) - 1, VG_EV_TIMER, &r.o);
		assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 0);
		t += VG_MS(250);
		tu_event(&r.in, t, VG_EV_TIMER, &r.o);
		assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 1);
	}
	assert_int_equal(r.in.stats.tx_adverts, 5);
}

/* RFC 5798 6.4.2: Backup accepts an equal/higher priority advert and resets Master_Down_Timer */
static void test_backup_resets_down_timer(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 2, 100);
	rig_start(&r, T0);
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(3), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(3) + MDI_100);
	tu_event(&r.in, T0 + MDI_100, VG_EV_TIMER, &r.o); /* the old deadline no longer fires */
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(r.in.master_priority, 150);
	assert_int_equal(r.in.stats.rx_adverts, 1);
}

/* RFC 5798 6.1/6.4.2: v3 Backup learns Master_Adver_Interval; Skew_Time scales with it */
static void test_v3_learns_master_adver_interval(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 3, 200);
	rig_start(&r, T0);
	/* own 1 s: Skew = 56 * 1 s / 256 */
	assert_int_equal(vg_vrrp_skew_time(&r.in), UINT64_C(218750000));
	tu_advert(&p, &r.c, "192.0.2.2", 250, 50); /* master says 500 ms */
	assert_int_equal(tu_rx(&r.in, T0, &p, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.master_adver_int_cs, 50);
	/* Skew_Time = ((256 - 200) * 50 cs) / 256 = 109.375 ms; MDI = 1.5 s + skew */
	assert_int_equal(vg_vrrp_skew_time(&r.in), UINT64_C(109375000));
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_MS(1500) + UINT64_C(109375000));
}

/* RFC 3768 6.4.2: v2 does not learn the interval (a different one is dropped, 7.1) */
static void test_v2_interval_mismatch_dropped(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 2, 100);
	rig_start(&r, T0);
	tu_advert(&p, &r.c, "192.0.2.2", 150, 200);
	assert_int_equal(tu_rx(&r.in, T0, &p, &r.o), VG_DROP_INTERVAL);
	assert_int_equal(r.in.stats.drops[VG_DROP_INTERVAL], 1);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + MDI_100);
}

/* RFC 5798 6.4.2: priority 0 sets Master_Down_Timer to Skew_Time */
static void test_backup_priority_zero_skew(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 2, 100);
	rig_start(&r, T0);
	tu_advert(&p, &r.c, "192.0.2.2", 0, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(1), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(1) + SKEW_100);
	assert_int_equal(r.in.stats.rx_prio0, 1);
	tu_event(&r.in, T0 + VG_S(1) + SKEW_100, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
}

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

/* keepalived down_timer_adverts: Master_Down_Interval = N * Master_Adver_Interval + Skew_Time */
static void test_down_timer_adverts(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.down_timer_adverts = 5;
	rig_start(&r, T0);
	assert_int_equal(vg_vrrp_master_down_interval(&r.in), VG_S(5) + SKEW_100);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(5) + SKEW_100);
	r.c.down_timer_adverts = 0;
	assert_non_null(vg_vrrp_config_check(&r.c));
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

/* keepalived `state MASTER`: Backup for one interval plus the minimum skew, then Master */
static void test_init_master_hint(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.init_master = true;
	rig_start(&r, T0);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(1) + UINT64_C(3906250));
	tu_event(&r.in, T0 + VG_S(1) + UINT64_C(3906250), VG_EV_TIMER, &r.o);
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

/* keepalived garp_master_delay / garp_master_refresh */
static void test_garp_delay_and_refresh(void **state)
{
	struct rig r;
	vg_time m = T0 + MDI_100;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.garp_delay_ns = VG_S(5);
	r.c.garp_refresh_ns = VG_S(60);
	r.c.garp_refresh_repeat = 2;
	rig_start(&r, T0);
	tu_event(&r.in, m, VG_EV_TIMER, &r.o);
	vg_actions_clear(&r.o.a);
	tu_event(&r.in, m + VG_S(5) - 1, VG_EV_TIMER, &r.o);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_GARP), 0);
	tu_event(&r.in, m + VG_S(5), VG_EV_TIMER, &r.o);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_GARP), 1);
	assert_int_equal(tu_find(&r.o, VG_ACT_SEND_GARP)->u.garp.repeat, 5);
	vg_actions_clear(&r.o.a);
	tu_event(&r.in, m + VG_S(65), VG_EV_TIMER, &r.o);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_GARP), 1);
	assert_int_equal(tu_find(&r.o, VG_ACT_SEND_GARP)->u.garp.repeat, 2);
}

/* keepalived unicast_peer: one advert per peer, each checksummed for its destination */
static void test_unicast_peers(void **state)
{
	struct vg_addr peers[2];
	uint8_t pkt[VG_VRRP_PKT_MAX];
	struct rig r;
	size_t i;
	int n = 0;

	(void)state;
	rig_init(&r, 3, 255);
	r.c.src_addr = tu_addr("192.0.2.1");
	peers[0] = tu_addr("192.0.2.2");
	peers[1] = tu_addr("192.0.2.3");
	r.c.peer_count = 2;
	r.c.peers = peers;
	rig_start(&r, T0);
	for (i = 0; i < r.o.a.len; i++) {
		const struct vg_action *a = &r.o.v[i];
		struct vg_vrrp_packet p;

		if (a->kind != VG_ACT_SEND_ADVERT)
			continue;
		assert_true(vg_addr_eq(&a->u.advert.dst, &r.c.peers[n]));
		assert_true(vg_vrrp_decode(&p, pkt, tu_advert_bytes(&r.c, a, pkt), VG_AF_INET) > 0);
		assert_int_equal(vg_vrrp_checksum(3, &a->u.advert.src, &a->u.advert.dst, pkt,
						  tu_advert_bytes(&r.c, a, pkt)), p.checksum);
		n++;
	}
	assert_int_equal(n, 2);
}

/* ---- receive validation: RFC 5798 7.1 / RFC 3768 7.1 ---------------------- */

struct bad_case {
	const char *what;
	enum vg_vrrp_drop want;
};

static void rx_case(struct vg_vrrp_instance *in, const struct vg_vrrp_config *c, struct tu_pkt *p,
		    enum vg_vrrp_drop want)
{
	struct tu_out o;
	enum vg_vrrp_state before = in->state;
	vg_time deadline = vg_vrrp_next_deadline(in);
	uint64_t drops = in->stats.drops[want];

	(void)c;
	tu_out_init(&o);
	assert_int_equal(tu_rx(in, in->last_now, p, &o), want);
	/* a dropped packet never changes state, timers or emits anything */
	assert_int_equal(in->state, before);
	assert_int_equal(vg_vrrp_next_deadline(in), deadline);
	assert_int_equal(o.a.len, 0);
	assert_int_equal(in->stats.drops[want], drops + 1);
}

static void test_rx_validation_v2(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.auth_type = VG_VRRP_AUTH_PASS;
	memcpy(r.c.auth_data, "secret", 6);
	rig_start(&r, T0);

	/* RFC 3768 7.1: TTL must be 255 */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.ttl = 254;
	rx_case(&r.in, &r.c, &p, VG_DROP_TTL);
	/* version must be 2 */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[0] = 0x31;
	tu_fix_checksum(&p);
	rx_case(&r.in, &r.c, &p, VG_DROP_VERSION);
	/* the complete packet: count says 2 addresses */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[3] = 2;
	rx_case(&r.in, &r.c, &p, VG_DROP_LENGTH);
	p.len = 7;
	rx_case(&r.in, &r.c, &p, VG_DROP_LENGTH);
	/* checksum */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[7] ^= 1;
	rx_case(&r.in, &r.c, &p, VG_DROP_CHECKSUM);
	/* type must be ADVERTISEMENT */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[0] = 0x22;
	tu_fix_checksum(&p);
	rx_case(&r.in, &r.c, &p, VG_DROP_TYPE);
	/* VRID configured on the receiving interface */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[1] = 52;
	tu_fix_checksum(&p);
	rx_case(&r.in, &r.c, &p, VG_DROP_VRID);
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.ifindex = 3;
	rx_case(&r.in, &r.c, &p, VG_DROP_VRID);
	/* RFC 3768 7.1: Auth Type must match */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[4] = 0;
	tu_fix_checksum(&p);
	rx_case(&r.in, &r.c, &p, VG_DROP_AUTH_TYPE);
	/* simple text password must match */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[p.len - 8] = 'S';
	tu_fix_checksum(&p);
	rx_case(&r.in, &r.c, &p, VG_DROP_AUTH);
	/* RFC 3768 7.1: Adver Interval must match */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 300);
	rx_case(&r.in, &r.c, &p, VG_DROP_INTERVAL);
	/* RFC 3768 7.1: address list differs and sender is not the owner: MUST drop */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[11] = 99;
	tu_fix_checksum(&p);
	rx_case(&r.in, &r.c, &p, VG_DROP_ADDR_LIST);
	/* ... otherwise continue processing */
	tu_advert(&p, &r.c, "192.0.2.2", 255, 100);
	p.buf[11] = 99;
	tu_fix_checksum(&p);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(2), &p, &r.o), VG_DROP_NONE);
	/* our own advert looped back */
	tu_advert(&p, &r.c, "192.0.2.1", 150, 100);
	rx_case(&r.in, &r.c, &p, VG_DROP_LOOP);
	/* IPv6 packet to an IPv4 instance */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.src = tu_addr("2001:db8::2");
	rx_case(&r.in, &r.c, &p, VG_DROP_FAMILY);
}

static void test_rx_validation_v3(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 3, 100);
	rig_start(&r, T0);

	/* RFC 5798 7.1: version must be 3 */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[0] = 0x21;
	tu_fix_checksum(&p);
	rx_case(&r.in, &r.c, &p, VG_DROP_VERSION);
	/* RFC 5798 5.2.8: the checksum covers the pseudo-header: a spoofed source fails */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.src = tu_addr("192.0.2.3");
	rx_case(&r.in, &r.c, &p, VG_DROP_CHECKSUM);
	/* a zero interval would make Master_Down_Interval zero */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 0);
	rx_case(&r.in, &r.c, &p, VG_DROP_INTERVAL);
	/* RFC 5798 7.1: a different address list is counted, not dropped */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[11] = 99;
	tu_fix_checksum(&p);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(1), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.stats.addr_list_mismatch, 1);
	/* v3 has no interval check: a different interval is learned */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 300);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(2), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.master_adver_int_cs, 300);
}

/* RFC 5798 7.1: the address owner discards adverts for its VRID */
static void test_rx_owner_discards(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 3, 255);
	rig_start(&r, T0);
	tu_advert(&p, &r.c, "192.0.2.9", 255, 100);
	rx_case(&r.in, &r.c, &p, VG_DROP_OWNER);
}

/* keepalived Fault: interface down; leaving Master removes VIPs; link up returns to Backup */
static void test_fault_on_link_down(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 2, 100);
	rig_become_master(&r);
	rig_link(&r, T0 + VG_S(20), 2, false);
	assert_int_equal(r.in.state, VG_STATE_FAULT);
	assert_int_equal(tu_count(&r.o, VG_ACT_DEL_VIPS), 1);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 0); /* link is down: nothing to send on */
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.what, VG_NOTIFY_FAULT);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), VG_TIME_NEVER);
	/* adverts are ignored in Fault */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	rx_case(&r.in, &r.c, &p, VG_DROP_STATE);
	/* a link event for another interface changes nothing */
	rig_link(&r, T0 + VG_S(21), 7, true);
	assert_int_equal(r.in.state, VG_STATE_FAULT);
	vg_actions_clear(&r.o.a);
	rig_link(&r, T0 + VG_S(22), 2, true);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(tu_find(&r.o, VG_ACT_STATE)->u.state.why, VG_WHY_FAULT_CLEARED);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(22) + MDI_100);
}

/* keepalived track_script: weight -20 lowers the priority; weight 0 failing means Fault */
static void test_track_weights(void **state)
{
	static const struct vg_track_ref tracks[2] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = -20 },
		{ .kind = VG_TRACK_SCRIPT, .id = 2, .weight = 0 },
	};
	uint8_t pkt[VG_VRRP_PKT_MAX];
	struct rig r;
	struct vg_vrrp_packet p;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.track_count = 2;
	r.c.tracks = tracks;
	rig_become_master(&r);
	assert_int_equal(r.in.priority, 100);

	rig_track(&r, T0 + VG_S(20), 1, false);
	assert_int_equal(r.in.priority, 80);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	tu_event(&r.in, T0 + VG_S(21), VG_EV_TIMER, &r.o);
	assert_true(vg_vrrp_decode(&p, pkt, tu_advert_bytes(&r.c, tu_find(&r.o, VG_ACT_SEND_ADVERT), pkt),
				   VG_AF_INET) > 0);
	assert_int_equal(p.priority, 80);

	vg_actions_clear(&r.o.a);
	rig_track(&r, T0 + VG_S(22), 2, false);
	assert_int_equal(r.in.state, VG_STATE_FAULT);
	/* leaving Master for Fault with the link up: priority 0 so a Backup takes over at once */
	assert_true(vg_vrrp_decode(&p, pkt, tu_advert_bytes(&r.c, tu_find(&r.o, VG_ACT_SEND_ADVERT), pkt),
				   VG_AF_INET) > 0);
	assert_int_equal(p.priority, 0);
}

/* The notify kinds among o's actions, in order, as a string of digits (enum vg_notify). */
static const char *notifies(const struct tu_out *o, char *buf)
{
	size_t i, n = 0;

	for (i = 0; i < o->a.len; i++)
		if (o->a.v[i].kind == VG_ACT_NOTIFY)
			buf[n++] = (char)('0' + o->a.v[i].u.notify.what);
	buf[n] = 0;
	return buf;
}

/*
 * keepalived.conf(5) notify_priority_changes: a Master's or Backup's effective
 * priority changing without a change of state is announced (MASTER_PRIORITY /
 * BACKUP_PRIORITY on the notify FIFOs); a change of state is not doubled by
 * one, and a tracked Fault keeps the priority from before it (keepalived
 * 2.2.7 writes `FAULT 130` after `BACKUP_PRIORITY 130`, then `BACKUP 155`).
 */
static void test_priority_change_notify(void **state)
{
	static const struct vg_track_ref tracks[2] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = -20 },
		{ .kind = VG_TRACK_SCRIPT, .id = 2, .weight = 0 },
	};
	static const char master_prio[] = { '0' + VG_NOTIFY_MASTER_PRIORITY, 0 };
	static const char backup_prio[] = { '0' + VG_NOTIFY_BACKUP_PRIORITY, 0 };
	static const char fault[] = { '0' + VG_NOTIFY_FAULT, 0 };
	static const char backup[] = { '0' + VG_NOTIFY_BACKUP, 0 };
	struct rig r;
	char buf[64];

	(void)state;
	rig_init(&r, 2, 100);
	r.c.track_count = 2;
	r.c.tracks = tracks;
	rig_become_master(&r);

	/* Master: 100 -> 80 */
	vg_actions_clear(&r.o.a);
	rig_track(&r, T0 + VG_S(20), 1, false);
	assert_string_equal(notifies(&r.o, buf), master_prio);
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.priority, 80);
	/* the same report again: no change, nothing */
	vg_actions_clear(&r.o.a);
	rig_track(&r, T0 + VG_S(20), 1, false);
	assert_string_equal(notifies(&r.o, buf), "");

	/* Fault: the priority stays 80, and while in Fault a weight change is not announced */
	vg_actions_clear(&r.o.a);
	rig_track(&r, T0 + VG_S(21), 2, false);
	assert_int_equal(r.in.state, VG_STATE_FAULT);
	assert_string_equal(notifies(&r.o, buf), fault);
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.priority, 80);
	vg_actions_clear(&r.o.a);
	rig_track(&r, T0 + VG_S(22), 1, true);
	assert_int_equal(r.in.priority, 80);
	assert_string_equal(notifies(&r.o, buf), "");

	/* leaving Fault: the state's notify carries the new priority, no BACKUP_PRIORITY */
	vg_actions_clear(&r.o.a);
	rig_track(&r, T0 + VG_S(23), 2, true);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(r.in.priority, 100);
	assert_string_equal(notifies(&r.o, buf), backup);
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.priority, 100);

	/* Backup: 100 -> 80 */
	vg_actions_clear(&r.o.a);
	rig_track(&r, T0 + VG_S(24), 1, false);
	assert_string_equal(notifies(&r.o, buf), backup_prio);
	assert_int_equal(tu_find(&r.o, VG_ACT_NOTIFY)->u.notify.priority, 80);
}

/*
 * keepalived: a vrrp_script that cannot run (unsafe under enable_script_security)
 * is removed from tracking: its init_fail state must not hold the instance in
 * Fault, and a later report for it changes nothing. Then RFC 5798 6.4.1 Startup
 * applies as if it had never been tracked.
 */
static void test_track_removed(void **state)
{
	static const struct vg_track_ref tracks[2] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 0, .init_down = true },
		{ .kind = VG_TRACK_SCRIPT, .id = 2, .weight = -20, .init_down = true },
	};
	struct rig r;
	struct vg_vrrp_event ev = { .kind = VG_EV_TRACK };

	(void)state;
	rig_init(&r, 2, 100);
	r.c.track_count = 2;
	r.c.tracks = tracks; /* the config's references: removal marks the set, not them */
	vg_vrrp_init(&r.in, &r.c);
	assert_int_equal(r.in.priority, 80);
	ev.u.track.kind = VG_TRACK_SCRIPT;
	ev.u.track.removed = true;
	ev.u.track.id = 1;
	vg_vrrp_input(&r.in, T0, &ev, &r.o.a);
	ev.u.track.id = 2;
	vg_vrrp_input(&r.in, T0, &ev, &r.o.a);
	assert_int_equal(r.in.priority, 100);
	tu_event(&r.in, T0, VG_EV_STARTUP, &r.o);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	/* a report for a removed script is ignored */
	ev.u.track.removed = false;
	ev.u.track.id = 1;
	ev.u.track.up = false;
	vg_vrrp_input(&r.in, T0 + VG_S(1), &ev, &r.o.a);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(r.in.priority, 100);

	assert_int_equal(tracks[0].kind, VG_TRACK_SCRIPT);
	/* removed while the instance is in Fault because of it: it leaves Fault */
	vg_vrrp_init(&r.in, &r.c);
	tu_event(&r.in, T0, VG_EV_STARTUP, &r.o);
	assert_int_equal(r.in.state, VG_STATE_FAULT);
	ev.u.track.removed = true;
	vg_vrrp_input(&r.in, T0 + VG_S(1), &ev, &r.o.a);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
}

/* RFC 5798 5.1.2: IPv6 instance: adverts to ff02::12 from the link-local address; election */
static void test_ipv6_instance(void **state)
{
	struct vg_addr vip;
	uint8_t bytes[VG_VRRP_PKT_MAX];
	struct rig r;
	struct tu_pkt p;
	struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };
	const struct vg_action *a;
	struct vg_vrrp_packet pkt;
	char buf[VG_ADDR_STRLEN];

	(void)state;
	rig_init(&r, 3, 100);
	r.c.family = VG_AF_INET6;
	vip = tu_addr("2001:db8::100");
	r.c.vips = &vip;
	assert_null(vg_vrrp_config_check(&r.c));
	vg_vrrp_init(&r.in, &r.c);
	ev.u.src.addr = tu_addr("fe80::1");
	vg_vrrp_input(&r.in, T0, &ev, &r.o.a);
	tu_event(&r.in, T0, VG_EV_STARTUP, &r.o);
	tu_event(&r.in, T0 + MDI_100, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	a = tu_find(&r.o, VG_ACT_SEND_ADVERT);
	assert_string_equal(vg_addr_format(&a->u.advert.dst, buf, sizeof(buf)), "ff02::12");
	assert_string_equal(vg_addr_format(&a->u.advert.src, buf, sizeof(buf)), "fe80::1");
	assert_int_equal(vg_vrrp_decode(&pkt, bytes, tu_advert_bytes(&r.c, a, bytes), VG_AF_INET6), 24);
	assert_int_equal(vg_vrrp_checksum(3, &a->u.advert.src, &a->u.advert.dst, bytes, 24), pkt.checksum);

	/* RFC 5798 7.1: hop limit 255 */
	tu_advert(&p, &r.c, "fe80::2", 200, 100);
	p.meta.ttl = 1;
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(5), &p, &r.o), VG_DROP_TTL);
	p.meta.ttl = 255;
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(5), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);

	/* VRRPv2 cannot run over IPv6 (RFC 3768) */
	r.c.version = 2;
	assert_non_null(vg_vrrp_config_check(&r.c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_startup_backup),
		cmocka_unit_test(test_startup_owner),
		cmocka_unit_test(test_master_down_timer_fires),
		cmocka_unit_test(test_master_periodic_adverts),
		cmocka_unit_test(test_backup_resets_down_timer),
		cmocka_unit_test(test_v3_learns_master_adver_interval),
		cmocka_unit_test(test_v2_interval_mismatch_dropped),
		cmocka_unit_test(test_backup_priority_zero_skew),
		cmocka_unit_test(test_master_priority_zero),
		cmocka_unit_test(test_master_shutdown_sends_priority_zero),
		cmocka_unit_test(test_master_preempted_by_higher),
		cmocka_unit_test(test_master_tie_break_on_address),
		cmocka_unit_test(test_master_lower_priority_answer_or_discard),
		cmocka_unit_test(test_backup_preempts_lower_master),
		cmocka_unit_test(test_nopreempt_keeps_lower_master),
		cmocka_unit_test(test_preempt_delay),
		cmocka_unit_test(test_init_master_hint),
		cmocka_unit_test(test_accept_mode),
		cmocka_unit_test(test_garp_delay_and_refresh),
		cmocka_unit_test(test_unicast_peers),
		cmocka_unit_test(test_rx_validation_v2),
		cmocka_unit_test(test_rx_validation_v3),
		cmocka_unit_test(test_rx_owner_discards),
		cmocka_unit_test(test_fault_on_link_down),
		cmocka_unit_test(test_track_weights),
		cmocka_unit_test(test_track_removed),
		cmocka_unit_test(test_priority_change_notify),
		cmocka_unit_test(test_ipv6_instance),
		cmocka_unit_test(test_down_timer_adverts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
