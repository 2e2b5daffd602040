// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the rig the instance tests share (see instance_rig.h); built only for tests.
 */
#include "vrrp/instance_rig.h"

void rig_init(struct rig *r, uint8_t version, uint8_t priority)
{
	tu_config(&r->c, version, priority);
	tu_out_init(&r->o);
}

void rig_start(struct rig *r, vg_time now)
{
	tu_start(&r->in, &r->c, now, &r->o);
}

void rig_become_master(struct rig *r)
{
	tu_start(&r->in, &r->c, T0, &r->o);
	tu_event(&r->in, T0 + MDI_100, VG_EV_TIMER, &r->o);
	assert_int_equal(r->in.state, VG_STATE_MASTER);
	vg_actions_clear(&r->o.a);
}

void rig_track(struct rig *r, vg_time now, uint16_t id, bool up)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_TRACK };

	ev.u.track.kind = VG_TRACK_SCRIPT;
	ev.u.track.id = id;
	ev.u.track.up = up;
	vg_vrrp_input(&r->in, now, &ev, &r->o.a);
}

void rig_link(struct rig *r, vg_time now, uint32_t ifindex, bool up)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_LINK };

	ev.u.link.ifindex = ifindex;
	ev.u.link.up = up;
	vg_vrrp_input(&r->in, now, &ev, &r->o.a);
}

void rig_rx_drop(struct vg_vrrp_instance *in, const struct tu_pkt *p, enum vg_vrrp_drop want)
{
	struct tu_out o;
	enum vg_vrrp_state before = in->state;
	vg_time deadline = vg_vrrp_next_deadline(in);
	uint64_t drops = in->stats.drops[want];

	tu_out_init(&o);
	assert_int_equal(tu_rx(in, in->last_now, p, &o), want);
	/* a dropped packet never changes state, timers or emits anything */
	assert_int_equal(in->state, before);
	assert_int_equal(vg_vrrp_next_deadline(in), deadline);
	assert_int_equal(o.a.len, 0);
	assert_int_equal(in->stats.drops[want], drops + 1);
}
