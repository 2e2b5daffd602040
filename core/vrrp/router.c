// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: event routing for the instances and sync groups of one node.
 */
#include "vrrp/router.h"

#include <assert.h>
#include <string.h>

void vg_router_init(struct vg_router *r, struct vg_vrrp_instance *inst, const struct vg_vrrp_config *cfg,
		    uint16_t n, struct vg_sync_group *groups, uint16_t group_count)
{
	uint16_t i;

	memset(r, 0, sizeof(*r));
	r->inst = inst;
	r->inst_count = n;
	r->groups = groups;
	r->group_count = group_count;
	r->next = VG_TIME_NEVER;
	for (i = 0; i < n; i++)
		vg_vrrp_init(&inst[i], &cfg[i]);
	for (i = 0; i < group_count; i++) {
		uint8_t j;

		groups[i].state = VG_STATE_INIT;
		for (j = 0; j < groups[i].count; j++)
			assert(groups[i].members[j] < n && cfg[groups[i].members[j]].sync_member);
	}
}

struct vg_vrrp_instance *vg_router_lookup(struct vg_router *r, uint8_t family, uint32_t ifindex, uint8_t vrid)
{
	uint16_t i;

	for (i = 0; i < r->inst_count; i++) {
		const struct vg_vrrp_config *c = r->inst[i].cfg;

		if (c->vrid == vrid && c->family == family && (ifindex == 0 || c->ifindex == 0 || c->ifindex == ifindex))
			return &r->inst[i];
	}
	return NULL;
}

static void settle(struct vg_router *r, vg_time now, struct vg_actions *out)
{
	uint16_t i;

	for (i = 0; i < r->group_count; i++)
		vg_sync_settle(&r->groups[i], r->inst, now, out);
}

static vg_time scan_deadlines(const struct vg_router *r)
{
	vg_time t = VG_TIME_NEVER;
	uint16_t i;

	for (i = 0; i < r->inst_count; i++)
		t = vg_time_min(t, vg_vrrp_next_deadline(&r->inst[i]));
	return t;
}

enum vg_vrrp_drop vg_router_input(struct vg_router *r, vg_time now, const struct vg_vrrp_event *ev,
				  struct vg_actions *out)
{
	enum vg_vrrp_drop why = VG_DROP_NONE;
	uint16_t i;

	assert(now >= r->last_now);
	r->last_now = now;

	if (ev->kind == VG_EV_PACKET) {
		struct vg_vrrp_instance *in;

		if (ev->u.packet.len < 2) {
			r->rx_short++;
			return VG_DROP_LENGTH;
		}
		in = vg_router_lookup(r, ev->u.packet.meta.src.family, ev->u.packet.meta.ifindex,
				      ev->u.packet.buf[1]);
		if (!in) {
			/* MUST verify that the VRID is configured on the receiving interface */
			r->rx_unknown_vrid++;
			return VG_DROP_VRID;
		}
		{
			vg_time before = vg_vrrp_next_deadline(in), after;

			why = vg_vrrp_input(in, now, ev, out);
			after = vg_vrrp_next_deadline(in);
			if (r->group_count == 0) {
				/* one instance changed: keep the cached minimum without a scan when we can */
				if (after <= r->next)
					r->next = after;
				else if (before == r->next)
					r->next = scan_deadlines(r);
				return why;
			}
		}
	} else if (ev->kind == VG_EV_TIMER) {
		for (i = 0; i < r->inst_count; i++)
			if (vg_vrrp_next_deadline(&r->inst[i]) <= now)
				vg_vrrp_input(&r->inst[i], now, ev, out);
	} else {
		for (i = 0; i < r->inst_count; i++)
			vg_vrrp_input(&r->inst[i], now, ev, out);
	}
	settle(r, now, out);
	r->next = scan_deadlines(r);
	return why;
}

vg_time vg_router_next_deadline(const struct vg_router *r)
{
	return r->next;
}
