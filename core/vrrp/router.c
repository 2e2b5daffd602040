// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: event routing for the instances and sync groups of one node.
 */
#include "vrrp/router.h"

#include <assert.h>
#include <string.h>

static int family_slot(uint8_t family)
{
	return family == VG_AF_INET ? 0 : family == VG_AF_INET6 ? 1 : -1;
}

/* Chains of instances per (family, VRID), each in index order: the lookup's first match is the scan's. */
static void index_vrids(struct vg_router *r)
{
	uint16_t i;

	memset(r->vrid_head, 0xff, sizeof(r->vrid_head));
	for (i = r->inst_count; i-- > 0;) {
		const struct vg_vrrp_config *c = r->inst[i].cfg;
		int f = family_slot(c->family);

		r->inst[i].vrid_next = UINT16_MAX;
		if (f < 0)
			continue;
		r->inst[i].vrid_next = r->vrid_head[f][c->vrid];
		r->vrid_head[f][c->vrid] = i;
	}
}

static vg_time scan_deadlines(struct vg_router *r);

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
	index_vrids(r);
	r->next = scan_deadlines(r); /* Initialize has no timers: VG_TIME_NEVER */
	for (i = 0; i < group_count; i++) {
		uint8_t j;

		groups[i].state = VG_STATE_INIT;
		for (j = 0; j < groups[i].count; j++)
			assert(groups[i].members[j] < n && cfg[groups[i].members[j]].sync_member);
	}
}

struct vg_vrrp_instance *vg_router_lookup(struct vg_router *r, uint8_t family, uint32_t ifindex, uint8_t vrid)
{
	int f = family_slot(family);
	uint16_t i;

	if (f < 0)
		return NULL;
	for (i = r->vrid_head[f][vrid]; i != UINT16_MAX; i = r->inst[i].vrid_next) {
		const struct vg_vrrp_config *c = r->inst[i].cfg;

		assert(i < r->inst_count && c->vrid == vrid && c->family == family);
		if (ifindex == 0 || c->ifindex == 0 || c->ifindex == ifindex)
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

static vg_time scan_block(const struct vg_router *r, uint16_t b)
{
	vg_time t = VG_TIME_NEVER;
	uint32_t i, end = (uint32_t)(b + 1u) * VG_ROUTER_BLOCK;

	for (i = (uint32_t)b * VG_ROUTER_BLOCK; i < end && i < r->inst_count; i++)
		t = vg_time_min(t, vg_vrrp_next_deadline(&r->inst[i]));
	return t;
}

static uint16_t block_count(const struct vg_router *r)
{
	return (uint16_t)((r->inst_count + VG_ROUTER_BLOCK - 1u) / VG_ROUTER_BLOCK);
}

static vg_time min_of_blocks(const struct vg_router *r)
{
	vg_time t = VG_TIME_NEVER;
	uint16_t b;

	for (b = 0; b < block_count(r); b++)
		t = vg_time_min(t, r->block_next[b]);
	return t;
}

/* Every instance's deadline read anew. */
static vg_time scan_deadlines(struct vg_router *r)
{
	uint16_t b;

	for (b = 0; b < block_count(r); b++)
		r->block_next[b] = scan_block(r, b);
	return min_of_blocks(r);
}

/* Instance i's deadline went from `before` to `after`: keep the block and overall minima exact. */
static void deadline_moved(struct vg_router *r, uint16_t i, vg_time before, vg_time after)
{
	uint16_t b = (uint16_t)(i / VG_ROUTER_BLOCK);
	vg_time old = r->block_next[b];

	if (after <= old)
		r->block_next[b] = after;
	else if (before == old)
		r->block_next[b] = scan_block(r, b);
	if (r->block_next[b] <= r->next)
		r->next = r->block_next[b];
	else if (old == r->next)
		r->next = min_of_blocks(r);
}

void vg_router_reindex(struct vg_router *r)
{
	index_vrids(r);
	r->next = scan_deadlines(r);
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
				/* one instance changed: its block and the block minima, not a scan */
				deadline_moved(r, (uint16_t)(in - r->inst), before, after);
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
