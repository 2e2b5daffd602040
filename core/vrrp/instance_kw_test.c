// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the instance's keepalived behaviours beyond RFC 5798: its
 * Backup timers when the priority changes or a Fault clears, and the
 * per-instance keywords the core decides on. Each cites what keepalived
 * 2.2.7 was seen to do (tests/netns/test_vrrp_timers.py and
 * tests/netns/test_vrrp_keywords.py measure the same on the wire) or the
 * RFC section; times are literal nanoseconds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/instance.h"
#include "vrrp/testutil.h"

#define T0 VG_S(10)
/* v2, 1 s: Skew_Time = (256 - priority) / 256 s */
#define SKEW_100 UINT64_C(609375000)
#define SKEW_254 UINT64_C(7812500)
#define MDI_100 (VG_S(3) + SKEW_100)
#define MDI_254 (VG_S(3) + SKEW_254)

static void track_event(struct vg_vrrp_instance *in, vg_time now, uint16_t id, bool up, struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_TRACK };

	ev.u.track.kind = VG_TRACK_SCRIPT;
	ev.u.track.id = id;
	ev.u.track.up = up;
	vg_vrrp_input(in, now, &ev, &o->a);
}

static void link_event(struct vg_vrrp_instance *in, vg_time now, uint32_t ifindex, bool up, struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_LINK };

	ev.u.link.ifindex = ifindex;
	ev.u.link.up = up;
	vg_vrrp_input(in, now, &ev, &o->a);
}

/*
 * keepalived 2.2.7, observed on the wire: a Backup at priority 100 whose
 * priority becomes 254 one second after the Master's last advert takes over
 * 3.009 s after that advert (the MDI at 254, 3.008 s), not at 3.609 s: the
 * running Master_Down_Timer moves by the change of Skew_Time
 * (RFC 5798 6.1: Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time).
 */
static void test_priority_change_moves_master_down_timer(void **state)
{
	static const struct vg_track_ref tracks[1] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 154, .init_down = true },
	};
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct tu_out o;
	struct tu_pkt p;

	(void)state;
	tu_config(&c, 2, 100);
	c.tracks = tracks;
	c.track_count = 1;
	tu_out_init(&o);
	tu_start(&in, &c, T0, &o);
	assert_int_equal(in.priority, 100);
	tu_advert(&p, &c, "192.0.2.2", 150, 100);
	assert_int_equal(tu_rx(&in, T0 + VG_S(1), &p, &o), VG_DROP_NONE);
	assert_int_equal(vg_vrrp_next_deadline(&in), T0 + VG_S(1) + MDI_100);
	/* the Master dies; a second later the script succeeds: priority 254 */
	track_event(&in, T0 + VG_S(2), 1, true, &o);
	assert_int_equal(in.priority, 254);
	assert_int_equal(in.state, VG_STATE_BACKUP);
	assert_int_equal(vg_vrrp_next_deadline(&in), T0 + VG_S(1) + MDI_254);
	tu_event(&in, T0 + VG_S(1) + MDI_254 - 1, VG_EV_TIMER, &o);
	assert_int_equal(in.state, VG_STATE_BACKUP);
	tu_event(&in, T0 + VG_S(1) + MDI_254, VG_EV_TIMER, &o);
	assert_int_equal(in.state, VG_STATE_MASTER);
}

/* The other way: a lower priority moves the deadline later by the larger skew. */
static void test_priority_drop_delays_master_down_timer(void **state)
{
	static const struct vg_track_ref tracks[1] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 154 },
	};
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct tu_out o;
	struct tu_pkt p;

	(void)state;
	tu_config(&c, 2, 100);
	c.tracks = tracks;
	c.track_count = 1;
	tu_out_init(&o);
	tu_start(&in, &c, T0, &o);
	assert_int_equal(in.priority, 254);
	tu_advert(&p, &c, "192.0.2.2", 255, 100);
	assert_int_equal(tu_rx(&in, T0 + VG_S(1), &p, &o), VG_DROP_NONE);
	assert_int_equal(vg_vrrp_next_deadline(&in), T0 + VG_S(1) + MDI_254);
	track_event(&in, T0 + VG_S(2), 1, false, &o);
	assert_int_equal(in.priority, 100);
	assert_int_equal(vg_vrrp_next_deadline(&in), T0 + VG_S(1) + MDI_100);
}

/* A deadline the change moves into the past fires at the next timer event, not later. */
static void test_priority_change_past_deadline_fires_now(void **state)
{
	static const struct vg_track_ref tracks[1] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 154, .init_down = true },
	};
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct tu_out o;
	struct tu_pkt p;
	vg_time at = T0 + VG_S(1) + VG_MS(3100); /* after the MDI at 254, before the one at 100 */

	(void)state;
	tu_config(&c, 2, 100);
	c.tracks = tracks;
	c.track_count = 1;
	tu_out_init(&o);
	tu_start(&in, &c, T0, &o);
	tu_advert(&p, &c, "192.0.2.2", 150, 100);
	tu_rx(&in, T0 + VG_S(1), &p, &o);
	track_event(&in, at, 1, true, &o);
	assert_int_equal(vg_vrrp_next_deadline(&in), at);
	tu_event(&in, at, VG_EV_TIMER, &o);
	assert_int_equal(in.state, VG_STATE_MASTER);
}

/*
 * keepalived 2.2.7, observed on the wire: `state MASTER`, priority 100, a
 * track_file fault cleared: the first advert came 3.61 s later (the MDI,
 * 3.609 s), not after the start-up wait of one interval plus the smallest
 * skew (1.004 s). RFC 5798 6.4.1: leaving Initialize for Backup arms
 * Master_Down_Interval.
 */
static void test_leaving_fault_waits_master_down_interval(void **state)
{
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct tu_out o;

	(void)state;
	tu_config(&c, 2, 100);
	c.init_master = true;
	tu_out_init(&o);
	tu_start(&in, &c, T0, &o);
	assert_int_equal(vg_vrrp_next_deadline(&in), T0 + VG_S(1) + UINT64_C(3906250)); /* start-up */
	link_event(&in, T0 + VG_MS(500), 2, false, &o);
	assert_int_equal(in.state, VG_STATE_FAULT);
	link_event(&in, T0 + VG_S(2), 2, true, &o);
	assert_int_equal(in.state, VG_STATE_BACKUP);
	assert_int_equal(vg_vrrp_next_deadline(&in), T0 + VG_S(2) + MDI_100);
	tu_event(&in, T0 + VG_S(2) + MDI_100 - 1, VG_EV_TIMER, &o);
	assert_int_equal(in.state, VG_STATE_BACKUP);
	tu_event(&in, T0 + VG_S(2) + MDI_100, VG_EV_TIMER, &o);
	assert_int_equal(in.state, VG_STATE_MASTER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_priority_change_moves_master_down_timer),
		cmocka_unit_test(test_priority_drop_delays_master_down_timer),
		cmocka_unit_test(test_priority_change_past_deadline_fires_now),
		cmocka_unit_test(test_leaving_fault_waits_master_down_interval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
