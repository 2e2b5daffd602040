// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the instance state machine: Fault and tracking. A link down,
 * track_script weights, the priority-change notifies, a tracked script
 * removed.
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
	rig_rx_drop(&r.in, &p, VG_DROP_STATE);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_on_link_down),
		cmocka_unit_test(test_track_weights),
		cmocka_unit_test(test_track_removed),
		cmocka_unit_test(test_priority_change_notify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
