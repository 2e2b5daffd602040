/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a VRRP router: all instances and sync groups of one node.
 *
 * The unit a backend drives. It routes each received packet to the
 * instance configured for its (interface, family, VRID), forwards timers,
 * link and tracking events to the instances they concern, then lets the
 * sync groups settle. Same two calls as an instance:
 *
 *   vg_router_input(r, now, &event, &actions);
 *   vg_router_next_deadline(r);
 *
 * The caller owns every array (instances, configs, groups); the router
 * keeps no other state, so one process can hold hundreds of routers.
 */
#ifndef VG_VRRP_ROUTER_H
#define VG_VRRP_ROUTER_H

#include <stdint.h>

#include "base/time.h"
#include "vrrp/action.h"
#include "vrrp/instance.h"
#include "vrrp/sync.h"

#define VG_ROUTER_BLOCK 64                                      /* instances per cached minimum */
#define VG_ROUTER_BLOCKS_MAX ((UINT16_MAX + VG_ROUTER_BLOCK) / VG_ROUTER_BLOCK) /* 1024 */

struct vg_router {
	struct vg_vrrp_instance *inst;
	uint16_t inst_count;
	struct vg_sync_group *groups;
	uint16_t group_count;
	uint64_t rx_unknown_vrid; /* packets for a VRID no instance has: RFC 5798 7.1 */
	uint64_t rx_short;        /* too short to name a VRID */
	vg_time last_now;
	vg_time next;             /* cached earliest deadline of all instances */
	/* earliest deadline of instances [b * VG_ROUTER_BLOCK, (b + 1) * VG_ROUTER_BLOCK): a packet
	   re-reads one block and the block minima, not every instance */
	vg_time block_next[VG_ROUTER_BLOCKS_MAX];
	/* the first instance of each (family, VRID), IPv4 [0] and IPv6 [1], UINT16_MAX if none; the
	   next ones follow vg_vrrp_instance.vrid_next, in index order */
	uint16_t vrid_head[2][256];
};

/*
 * Bind n instances to their configs (inst[i] runs cfg[i]) and the groups
 * (whose members index inst). Configs must pass vg_vrrp_config_check().
 */
void vg_router_init(struct vg_router *r, struct vg_vrrp_instance *inst, const struct vg_vrrp_config *cfg,
		    uint16_t n, struct vg_sync_group *groups, uint16_t group_count);

/*
 * The instances were replaced wholesale (a reload moving them in from another
 * router): rebuild the lookup chains and the cached deadlines.
 */
void vg_router_reindex(struct vg_router *r);

/* Handle one event; returns the drop reason of a packet (VG_DROP_NONE otherwise). */
enum vg_vrrp_drop vg_router_input(struct vg_router *r, vg_time now, const struct vg_vrrp_event *ev,
				  struct vg_actions *out);

vg_time vg_router_next_deadline(const struct vg_router *r);

/* The instance a packet is for, or NULL. */
struct vg_vrrp_instance *vg_router_lookup(struct vg_router *r, uint8_t family, uint32_t ifindex, uint8_t vrid);

#endif
