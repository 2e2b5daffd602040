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

#include "vrrp/instance_rig.h"

/*
 * A Backup at configured priority 100 with one tracked script (tracks[0]),
 * started at T0; at T0 + 1 s it accepts the Master's advert at `master_prio`.
 */
static void start_tracked(struct rig *r, const struct vg_track_ref *tracks, struct tu_pkt *p,
			  uint8_t master_prio)
{
	rig_init(r, 2, 100);
	r->c.tracks = tracks;
	r->c.track_count = 1;
	rig_start(r, T0);
	tu_advert(p, &r->c, "192.0.2.2", master_prio, 100);
	assert_int_equal(tu_rx(&r->in, T0 + VG_S(1), p, &r->o), VG_DROP_NONE);
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
	struct rig r;
	struct tu_pkt p;

	(void)state;
	start_tracked(&r, tracks, &p, 150);
	assert_int_equal(r.in.priority, 100); /* the script starts down */
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(1) + MDI_100);
	/* the Master dies; a second later the script succeeds: priority 254 */
	rig_track(&r, T0 + VG_S(2), 1, true);
	assert_int_equal(r.in.priority, 254);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(1) + MDI_254);
	tu_event(&r.in, T0 + VG_S(1) + MDI_254 - 1, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	tu_event(&r.in, T0 + VG_S(1) + MDI_254, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
}

/* The other way: a lower priority moves the deadline later by the larger skew. */
static void test_priority_drop_delays_master_down_timer(void **state)
{
	static const struct vg_track_ref tracks[1] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 154 },
	};
	struct rig r;
	struct tu_pkt p;

	(void)state;
	start_tracked(&r, tracks, &p, 255);
	assert_int_equal(r.in.priority, 254); /* the script starts up */
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(1) + MDI_254);
	rig_track(&r, T0 + VG_S(2), 1, false);
	assert_int_equal(r.in.priority, 100);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(1) + MDI_100);
}

/* A deadline the change moves into the past fires at the next timer event, not later. */
static void test_priority_change_past_deadline_fires_now(void **state)
{
	static const struct vg_track_ref tracks[1] = {
		{ .kind = VG_TRACK_SCRIPT, .id = 1, .weight = 154, .init_down = true },
	};
	struct rig r;
	struct tu_pkt p;
	vg_time at = T0 + VG_S(1) + VG_MS(3100); /* after the MDI at 254, before the one at 100 */

	(void)state;
	start_tracked(&r, tracks, &p, 150);
	rig_track(&r, at, 1, true);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), at);
	tu_event(&r.in, at, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
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
	struct rig r;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.init_master = true;
	rig_start(&r, T0);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(1) + UINT64_C(3906250)); /* start-up */
	rig_link(&r, T0 + VG_MS(500), 2, false);
	assert_int_equal(r.in.state, VG_STATE_FAULT);
	rig_link(&r, T0 + VG_S(2), 2, true);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + VG_S(2) + MDI_100);
	tu_event(&r.in, T0 + VG_S(2) + MDI_100 - 1, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	tu_event(&r.in, T0 + VG_S(2) + MDI_100, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
}

/* A unicast advert as tu_advert builds it, to `dst` with `ttl`, checksum over `cksum_dst`. */
static void unicast_advert(struct tu_pkt *p, const struct vg_vrrp_config *c, const char *src, const char *dst,
			   const char *cksum_dst, uint8_t ttl, uint8_t priority)
{
	tu_advert(p, c, src, priority, c->adver_int_cs);
	p->meta.dst = tu_addr(cksum_dst);
	tu_fix_checksum(p);
	p->meta.dst = tu_addr(dst);
	p->meta.ttl = ttl;
}

/* vrrp_mcast_group4 / mcast_dst_ip: multicast adverts go to the configured group
   (and the v3 pseudo-header names it, RFC 5798 5.2.8) */
static void test_mcast_group(void **state)
{
	uint8_t pkt[VG_VRRP_PKT_MAX];
	struct rig r;
	const struct vg_action *a;
	struct vg_vrrp_packet p;
	struct vg_addr group = tu_addr("224.0.0.19");
	size_t n;

	(void)state;
	rig_init(&r, 3, 255);
	r.c.mcast_group = group;
	assert_null(vg_vrrp_config_check(&r.c));
	rig_start(&r, T0);
	a = tu_find(&r.o, VG_ACT_SEND_ADVERT);
	assert_true(vg_addr_eq(&a->u.advert.dst, &group));
	n = tu_advert_bytes(&r.c, a, pkt);
	assert_true(vg_vrrp_decode(&p, pkt, n, VG_AF_INET) > 0);
	assert_int_equal(vg_vrrp_checksum(3, &a->u.advert.src, &group, pkt, n), p.checksum);
	r.c.mcast_group = tu_addr("ff02::12");
	assert_non_null(vg_vrrp_config_check(&r.c)); /* the family must match */
}

/*
 * keepalived 2.2.7 checks TTL 255 only for multicast (a unicast_ttl advert
 * may be routed); check_unicast_src drops a unicast advert from a
 * non-peer. RFC 5798 7.1 asks for TTL 255 of every advert.
 */
static void test_unicast_ttl_and_source(void **state)
{
	struct vg_addr peers[1];
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 3, 100);
	peers[0] = tu_addr("192.0.2.2");
	r.c.peers = peers;
	r.c.peer_count = 1;
	rig_start(&r, T0);
	unicast_advert(&p, &r.c, "192.0.2.2", "192.0.2.1", "192.0.2.1", 64, 150);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(1), &p, &r.o), VG_DROP_NONE);
	/* without check_unicast_src any source is taken */
	unicast_advert(&p, &r.c, "192.0.2.9", "192.0.2.1", "192.0.2.1", 255, 150);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(2), &p, &r.o), VG_DROP_NONE);
	r.c.check_unicast_src = true;
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(3), &p, &r.o), VG_DROP_UNICAST_SRC);
	assert_int_equal(r.in.stats.drops[VG_DROP_UNICAST_SRC], 1);
	/* multicast: TTL 255 still required */
	r.c.peer_count = 0;
	r.c.peers = NULL;
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.ttl = 64;
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(4), &p, &r.o), VG_DROP_TTL);
}

/* keepalived unicast_fault_no_peer: no unicast_peer means Fault, not multicast */
static void test_unicast_fault_no_peer(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.fault_no_peer = true;
	rig_start(&r, T0);
	assert_int_equal(r.in.state, VG_STATE_FAULT);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 0);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), VG_TIME_NEVER);
}

/* keepalived skip_check_adv_addr: the known Master's address list is not checked again
   (RFC 3768 7.1 would drop a v2 advert whose list differs) */
static void test_skip_check_adv_addr(void **state)
{
	static const struct vg_addr two[2] = {
		{ .family = VG_AF_INET, .bytes = { 192, 0, 2, 100 } },
		{ .family = VG_AF_INET, .bytes = { 192, 0, 2, 101 } },
	};
	struct rig r;
	struct vg_vrrp_config other;
	struct tu_pkt good, odd;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.skip_check_adv_addr = true;
	other = r.c;
	other.vips = two;
	other.vip_count = 2;
	rig_start(&r, T0);
	tu_advert(&odd, &other, "192.0.2.2", 150, 100);
	/* not yet the known Master: checked */
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(1), &odd, &r.o), VG_DROP_ADDR_LIST);
	tu_advert(&good, &r.c, "192.0.2.2", 150, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(2), &good, &r.o), VG_DROP_NONE);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(3), &odd, &r.o), VG_DROP_NONE);
	r.c.skip_check_adv_addr = false;
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(4), &odd, &r.o), VG_DROP_ADDR_LIST);
}

/* keepalived higher_prio_send_advert: a Master sends its own advert, then goes Backup */
static void test_higher_prio_send_advert(void **state)
{
	struct rig r;
	struct tu_pkt p;
	const struct vg_action *a;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.higher_prio_send_advert = true;
	rig_start(&r, T0);
	tu_event(&r.in, T0 + MDI_100, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	vg_actions_clear(&r.o.a);
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(5), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	a = tu_find(&r.o, VG_ACT_SEND_ADVERT);
	assert_non_null(a);
	assert_int_equal(a->u.advert.priority, 100);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 1);
}

/* keepalived garp_lower_prio_repeat / _delay: a Master that hears a lower priority sends
   that many GARPs, and that many again after the delay */
static void test_garp_lower_prio(void **state)
{
	struct rig r;
	struct tu_pkt p;
	vg_time rx = T0 + VG_S(5);

	(void)state;
	rig_init(&r, 2, 100);
	r.c.garp_lower_prio_repeat = 3;
	r.c.garp_lower_prio_delay_ns = VG_S(2);
	rig_start(&r, T0);
	tu_event(&r.in, T0 + MDI_100, VG_EV_TIMER, &r.o);
	vg_actions_clear(&r.o.a);
	tu_advert(&p, &r.c, "192.0.2.2", 50, 100);
	assert_int_equal(tu_rx(&r.in, rx, &p, &r.o), VG_DROP_LOWER_PRIO);
	assert_int_equal(tu_find(&r.o, VG_ACT_SEND_GARP)->u.garp.repeat, 3);
	assert_int_equal(r.in.garp_lp_timer, rx + VG_S(2));
	vg_actions_clear(&r.o.a);
	tu_event(&r.in, rx + VG_S(2) - 1, VG_EV_TIMER, &r.o);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_GARP), 0);
	tu_event(&r.in, rx + VG_S(2), VG_EV_TIMER, &r.o);
	assert_int_equal(tu_find(&r.o, VG_ACT_SEND_GARP)->u.garp.repeat, 3);
	/* repeat 0: none */
	r.c.garp_lower_prio_repeat = 0;
	vg_actions_clear(&r.o.a);
	assert_int_equal(tu_rx(&r.in, rx + VG_S(3), &p, &r.o), VG_DROP_LOWER_PRIO);
	assert_int_equal(tu_count(&r.o, VG_ACT_SEND_GARP), 0);
}

/* keepalived dont_track_primary: the instance's interface going down is not a Fault */
static void test_dont_track_primary(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.dont_track_primary = true;
	rig_start(&r, T0);
	rig_link(&r, T0 + VG_S(1), 2, false);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	r.c.dont_track_primary = false;
	rig_link(&r, T0 + VG_S(2), 2, false);
	assert_int_equal(r.in.state, VG_STATE_FAULT);
}

/*
 * keepalived old_unicast_checksum: v3 IPv4 unicast checksummed over the
 * multicast group. AUTO accepts it and switches to it; ALWAYS sends it;
 * NEVER refuses it (RFC 5798 5.2.8 names the destination).
 */
static void test_old_unicast_checksum(void **state)
{
	uint8_t pkt[VG_VRRP_PKT_MAX];
	struct vg_addr peers[1];
	struct rig r;
	struct tu_pkt p;
	struct vg_vrrp_packet d;
	struct vg_addr group = tu_addr("224.0.0.18");
	const struct vg_action *a;
	size_t n;

	(void)state;
	rig_init(&r, 3, 100);
	peers[0] = tu_addr("192.0.2.2");
	r.c.peers = peers;
	r.c.peer_count = 1;
	r.c.old_unicast_checksum = VG_OLD_CKSUM_NEVER;
	rig_start(&r, T0);
	unicast_advert(&p, &r.c, "192.0.2.2", "192.0.2.1", "224.0.0.18", 255, 150);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(1), &p, &r.o), VG_DROP_CHECKSUM);
	r.c.old_unicast_checksum = VG_OLD_CKSUM_AUTO;
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(2), &p, &r.o), VG_DROP_NONE);
	assert_true(r.in.old_cksum);
	/* our adverts now carry the old checksum */
	tu_event(&r.in, T0 + VG_S(2) + MDI_100 + VG_S(1), VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	a = tu_find(&r.o, VG_ACT_SEND_ADVERT);
	assert_true(a->u.advert.old_cksum);
	n = tu_advert_bytes(&r.c, a, pkt);
	assert_true(vg_vrrp_decode(&d, pkt, n, VG_AF_INET) > 0);
	assert_int_equal(vg_vrrp_checksum(3, &a->u.advert.src, &group, pkt, n), d.checksum);
	assert_true(vg_addr_eq(&a->u.advert.dst, &peers[0]));
}

static void vip_gone(struct vg_vrrp_instance *in, vg_time now, uint16_t id, bool no_track, struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_VIP_GONE };

	ev.u.vip.instance = id;
	ev.u.vip.no_track = no_track;
	vg_vrrp_input(in, now, &ev, &o->a);
}

/* v2, priority 150: Skew_Time = 106/256 s */
#define SKEW_150 UINT64_C(414062500)
#define MDI_150 (VG_S(3) + SKEW_150)

/*
 * A tracked VIP removed by hand while Master. keepalived 2.2.7, observed in
 * a namespace (priority 150, three VIPs, `ip addr del` of one): the
 * priority-0 advert 6 ms after the deletion, every VIP removed, then Master
 * again 0.416 s after the priority 0 (Skew_Time 0.414 s) with every VIP
 * re-added; at priority 50, 0.806 s (Skew_Time 0.805 s). Its log: "Entering
 * BACKUP STATE", "sent 0 priority", "removing VIPs", "Receive advertisement
 * timeout", "Entering MASTER STATE", "setting VIPs".
 */
static void test_vip_gone_master_steps_down_for_skew_time(void **state)
{
	struct rig r;
	const struct vg_action *a;
	const vg_time t1 = T0 + MDI_150 + VG_MS(2500);

	(void)state;
	rig_init(&r, 2, 150);
	rig_start(&r, T0);
	tu_event(&r.in, T0 + MDI_150, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	tu_out_init(&r.o);
	vip_gone(&r.in, t1, 1, false, &r.o);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(r.in.stats.vip_gone, 1);
	assert_int_equal(r.in.stats.transitions[VG_WHY_VIP_GONE], 1);
	a = tu_find(&r.o, VG_ACT_SEND_ADVERT);
	assert_non_null(a);
	assert_int_equal(a->u.advert.priority, 0);
	assert_int_equal(tu_count(&r.o, VG_ACT_DEL_VIPS), 1);
	assert_int_equal(tu_count(&r.o, VG_ACT_NOTIFY), 1);
	/* RFC 5798 6.4.2 as for a received priority 0: Master_Down_Timer = Skew_Time */
	assert_int_equal(vg_vrrp_next_deadline(&r.in), t1 + SKEW_150);
	tu_out_init(&r.o);
	tu_event(&r.in, t1 + SKEW_150 - 1, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(r.o.a.len, 0);
	tu_event(&r.in, t1 + SKEW_150, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	assert_int_equal(tu_count(&r.o, VG_ACT_ADD_VIPS), 1);
	a = tu_find(&r.o, VG_ACT_SEND_ADVERT);
	assert_non_null(a);
	assert_int_equal(a->u.advert.priority, 150);
}

/* A better Backup (priority 200, Skew_Time 0.219 s) hears the priority 0 and takes over first: ours stays Backup. */
static void test_vip_gone_better_backup_takes_over(void **state)
{
	struct rig r;
	struct tu_pkt p;
	const vg_time t1 = T0 + MDI_150 + VG_S(1);

	(void)state;
	rig_init(&r, 2, 150);
	rig_start(&r, T0);
	tu_event(&r.in, T0 + MDI_150, VG_EV_TIMER, &r.o);
	vip_gone(&r.in, t1, 1, false, &r.o);
	tu_advert(&p, &r.c, "192.0.2.2", 200, 100);
	assert_int_equal(tu_rx(&r.in, t1 + UINT64_C(218750000), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), t1 + UINT64_C(218750000) + MDI_150);
	tu_event(&r.in, t1 + SKEW_150, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
}

/*
 * keepalived 2.2.7, observed: removing a `no_track` VIP by hand while Master
 * changes nothing (no advert, no transition; the address stays gone). Nor
 * does a VIP of another instance, or one removed while not Master.
 */
static void test_vip_gone_ignored(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, 2, 150);
	rig_start(&r, T0);
	tu_out_init(&r.o);
	vip_gone(&r.in, T0 + VG_S(1), 1, false, &r.o); /* Backup */
	assert_int_equal(r.in.state, VG_STATE_BACKUP);
	assert_int_equal(vg_vrrp_next_deadline(&r.in), T0 + MDI_150);
	tu_event(&r.in, T0 + MDI_150, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	tu_out_init(&r.o);
	vip_gone(&r.in, T0 + VG_S(5), 1, true, &r.o);   /* no_track */
	vip_gone(&r.in, T0 + VG_S(5), 2, false, &r.o);  /* another instance's */
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	assert_int_equal(r.o.a.len, 0);
	assert_int_equal(r.in.stats.vip_gone, 0);
}

/*
 * garp_extra_if all 3 (advert_int 1). keepalived 2.2.7, observed: Master at
 * t (its first advert), the first extra GARP with its fourth advert (3.08 s
 * later), then with every third advert (3.00-3.004 s apart); none in Backup.
 */
static void test_garp_extra_if(void **state)
{
	struct rig r;
	const struct vg_action *a;
	const vg_time tm = T0 + MDI_150;
	int k;

	(void)state;
	rig_init(&r, 2, 150);
	r.c.garp_extra_if_ns = VG_S(3);
	rig_start(&r, T0);
	tu_event(&r.in, tm, VG_EV_TIMER, &r.o);
	assert_int_equal(r.in.state, VG_STATE_MASTER);
	for (k = 1; k <= 7; k++) {
		size_t extra = 0, i;

		tu_out_init(&r.o);
		tu_event(&r.in, tm + VG_S(k), VG_EV_TIMER, &r.o);
		assert_int_equal(tu_count(&r.o, VG_ACT_SEND_ADVERT), 1);
		for (i = 0; i < r.o.a.len; i++)
			extra += r.o.v[i].kind == VG_ACT_SEND_GARP && r.o.v[i].u.garp.extra;
		assert_int_equal(extra, k % 3 == 0 ? 1 : 0);
	}
	a = tu_find(&r.o, VG_ACT_SEND_GARP);
	assert_null(a); /* k = 7 */
	/* off: never */
	r.c.garp_extra_if_ns = 0;
	tu_out_init(&r.o);
	rig_start(&r, T0);
	tu_event(&r.in, tm, VG_EV_TIMER, &r.o);
	for (k = 1; k <= 4; k++)
		tu_event(&r.in, tm + VG_S(k), VG_EV_TIMER, &r.o);
	for (k = 0; k < (int)r.o.a.len; k++)
		assert_false(r.o.v[k].kind == VG_ACT_SEND_GARP && r.o.v[k].u.garp.extra);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_priority_change_moves_master_down_timer),
		cmocka_unit_test(test_priority_drop_delays_master_down_timer),
		cmocka_unit_test(test_priority_change_past_deadline_fires_now),
		cmocka_unit_test(test_leaving_fault_waits_master_down_interval),
		cmocka_unit_test(test_mcast_group),
		cmocka_unit_test(test_unicast_ttl_and_source),
		cmocka_unit_test(test_unicast_fault_no_peer),
		cmocka_unit_test(test_skip_check_adv_addr),
		cmocka_unit_test(test_higher_prio_send_advert),
		cmocka_unit_test(test_garp_lower_prio),
		cmocka_unit_test(test_dont_track_primary),
		cmocka_unit_test(test_old_unicast_checksum),
		cmocka_unit_test(test_vip_gone_master_steps_down_for_skew_time),
		cmocka_unit_test(test_vip_gone_better_backup_takes_over),
		cmocka_unit_test(test_vip_gone_ignored),
		cmocka_unit_test(test_garp_extra_if),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
