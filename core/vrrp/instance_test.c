// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the instance state machine: Startup, the Master_Down and Adver
 * timers, the intervals learnt and checked, GARP pacing and an IPv6 instance.
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
		cmocka_unit_test(test_init_master_hint),
		cmocka_unit_test(test_garp_delay_and_refresh),
		cmocka_unit_test(test_ipv6_instance),
		cmocka_unit_test(test_down_timer_adverts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
