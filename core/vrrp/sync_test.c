// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of vrrp_sync_group rules (keepalived.conf(5) vrrp_sync_group):
 * Fault spreads, Master needs every member, a preempted member pulls the
 * others back to Backup, and the group notifies on its own state.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/router.h"
#include "vrrp/testutil.h"

struct node {
	struct vg_vrrp_config cfg[2];
	struct vg_vrrp_instance inst[2];
	struct vg_sync_group g;
	struct vg_router r;
};

/* VI_1 (VRID 51, 1 s) and VI_2 (VRID 52, 2 s), VRRPv3, in group G1. */
static void node_init(struct node *n, bool track_vi1)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };
	struct tu_out o;
	int i;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < 2; i++) {
		tu_config(&n->cfg[i], 3, 100);
		n->cfg[i].id = (uint16_t)(i + 1);
		n->cfg[i].vrid = (uint8_t)(51 + i);
		n->cfg[i].adver_int_cs = (uint16_t)(100 * (i + 1));
		n->cfg[i].sync_member = true;
	}
	if (track_vi1) {
		static const struct vg_track_ref script9 = { .kind = VG_TRACK_SCRIPT, .id = 9, .weight = 0 };

		n->cfg[0].track_count = 1;
		n->cfg[0].tracks = &script9;
	}
	n->g.id = 7;
	strcpy(n->g.name, "G1");
	n->g.count = 2;
	n->g.members[0] = 0;
	n->g.members[1] = 1;
	vg_router_init(&n->r, n->inst, n->cfg, 2, &n->g, 1);
	ev.u.src.addr = tu_addr("192.0.2.1");
	tu_out_init(&o);
	vg_router_input(&n->r, VG_S(1), &ev, &o.a);
}

static void node_event(struct node *n, vg_time now, struct vg_vrrp_event *ev, struct tu_out *o)
{
	tu_out_init(o);
	vg_router_input(&n->r, now, ev, &o->a);
}

static const struct vg_action *group_notify(const struct tu_out *o)
{
	size_t i;

	for (i = 0; i < o->a.len; i++)
		if (o->v[i].kind == VG_ACT_NOTIFY && o->v[i].group)
			return &o->v[i];
	return NULL;
}

/* A member goes Master only when every member wants it */
static void test_master_needs_every_member(void **state)
{
	struct node n;
	struct vg_vrrp_event ev = { .kind = VG_EV_STARTUP };
	struct tu_out o;
	/* Master_Down_Interval at priority 100: 3 * MAI + 156/256 * MAI */
	vg_time mdi1 = VG_S(3) + UINT64_C(609375000), mdi2 = VG_S(6) + UINT64_C(1218750000);

	(void)state;
	node_init(&n, false);
	node_event(&n, VG_S(1), &ev, &o);
	assert_int_equal(n.g.state, VG_STATE_BACKUP);
	assert_int_equal(group_notify(&o)->u.notify.what, VG_NOTIFY_BACKUP);

	ev.kind = VG_EV_TIMER;
	node_event(&n, VG_S(1) + mdi1, &ev, &o);
	assert_int_equal(n.inst[0].state, VG_STATE_BACKUP); /* VI_1 wants Master but waits */
	assert_true(n.inst[0].wants_master);
	assert_int_equal(vg_router_next_deadline(&n.r), VG_S(1) + mdi2);

	node_event(&n, VG_S(1) + mdi2, &ev, &o);
	assert_int_equal(n.inst[0].state, VG_STATE_MASTER);
	assert_int_equal(n.inst[1].state, VG_STATE_MASTER);
	assert_int_equal(n.g.state, VG_STATE_MASTER);
	assert_int_equal(group_notify(&o)->u.notify.what, VG_NOTIFY_MASTER);
	assert_int_equal(group_notify(&o)->instance, 7);
}

/* A Master member preempted by a higher priority pulls the group to Backup */
static void test_preempted_member_pulls_group(void **state)
{
	struct node n;
	struct vg_vrrp_event ev = { .kind = VG_EV_STARTUP };
	struct tu_out o;
	struct tu_pkt p;
	vg_time t = VG_S(20);

	(void)state;
	node_init(&n, false);
	node_event(&n, VG_S(1), &ev, &o);
	ev.kind = VG_EV_TIMER;
	node_event(&n, VG_S(10), &ev, &o);
	assert_int_equal(n.g.state, VG_STATE_MASTER);

	tu_advert(&p, &n.cfg[0], "192.0.2.2", 200, 100);
	ev.kind = VG_EV_PACKET;
	ev.u.packet.buf = p.buf;
	ev.u.packet.len = p.len;
	ev.u.packet.meta = p.meta;
	node_event(&n, t, &ev, &o);
	assert_int_equal(n.inst[0].state, VG_STATE_BACKUP);
	assert_int_equal(n.inst[1].state, VG_STATE_BACKUP);
	assert_int_equal(n.g.state, VG_STATE_BACKUP);
	assert_int_equal(tu_count(&o, VG_ACT_DEL_VIPS), 2);
}

/* A member's Fault puts the whole group in Fault, and recovery brings it back */
static void test_fault_spreads(void **state)
{
	struct node n;
	struct vg_vrrp_event ev = { .kind = VG_EV_STARTUP };
	struct tu_out o;
	size_t i;
	bool vi2_sync = false;

	(void)state;
	node_init(&n, true);
	node_event(&n, VG_S(1), &ev, &o);
	ev.kind = VG_EV_TIMER;
	node_event(&n, VG_S(10), &ev, &o);
	assert_int_equal(n.g.state, VG_STATE_MASTER);

	ev.kind = VG_EV_TRACK;
	ev.u.track.kind = VG_TRACK_SCRIPT;
	ev.u.track.id = 9;
	ev.u.track.up = false;
	node_event(&n, VG_S(20), &ev, &o);
	assert_int_equal(n.inst[0].state, VG_STATE_FAULT);
	assert_int_equal(n.inst[1].state, VG_STATE_FAULT);
	for (i = 0; i < o.a.len; i++)
		if (o.v[i].kind == VG_ACT_STATE && o.v[i].instance == 2)
			vi2_sync = o.v[i].u.state.why == VG_WHY_SYNC;
	assert_true(vi2_sync);
	assert_int_equal(group_notify(&o)->u.notify.what, VG_NOTIFY_FAULT);

	ev.u.track.up = true;
	node_event(&n, VG_S(30), &ev, &o);
	assert_int_equal(n.inst[0].state, VG_STATE_BACKUP);
	assert_int_equal(n.inst[1].state, VG_STATE_BACKUP);
	assert_int_equal(n.g.state, VG_STATE_BACKUP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_master_needs_every_member),
		cmocka_unit_test(test_preempted_member_pulls_group),
		cmocka_unit_test(test_fault_spreads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
