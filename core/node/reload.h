/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a reload is a diff of two nodes: what carries over, stops, starts.
 *
 * Usage (a backend reloading; `old` runs, `new` was just built by
 * vg_node_build() from the new file and has not started):
 *
 *   struct vg_reload d;
 *   if (vg_reload_diff(&old, old_started, &new, &d)) ...   // out of memory
 *   for (i = 0; i < old.plan.inst_count; i++)
 *           if (vg_reload_stop(&d, &old, i, now, &out))   // Shutdown, effects in out
 *                   carry out `out` against the old node (VIPs, adverts, notifies)
 *   // the backend's own per-instance bookkeeping (VIPs held, vmac, queued
 *   // GARPs) follows d.to[old] / d.from[new] (-1: not carried)
 *   vg_reload_carry(&d, &old, &new);   // state, timers, stats move over
 *   start the instances with d.from[i] < 0 (VG_EV_STARTUP), free old, vg_reload_free(&d)
 *
 * The rules are vigild's (and keepalived's, reload in vrrp_daemon.c): an
 * instance carries over when an instance of the same name ran in the old
 * node (the old node was started) with the same configuration: every field
 * of its vg_vrrp_config, its VIPs, routes, rules, vmac and notify scripts,
 * tracked objects compared by kind, name and weight (their ids are each
 * node's own). A sync group carries its state when its members are the
 * same carried instances in the same order; otherwise every member of it
 * stops and starts. Everything else in the old node stops (Shutdown) and
 * everything else in the new one starts. An instance gone from the file
 * sends, instead of its STOP notify, keepalived's DELETED when its block
 * said notify_deleted, else FAULT (keepalived.conf(5) notify_deleted).
 */
#ifndef VG_NODE_RELOAD_H
#define VG_NODE_RELOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "node/node.h"
#include "vrrp/action.h"

enum vg_reload_fate {
	VG_RELOAD_CARRIED, /* moves into the new node unchanged */
	VG_RELOAD_CHANGED, /* stops; the new instance of its name (or its group) changed and starts */
	VG_RELOAD_REMOVED, /* stops; no instance of its name in the new file */
};

struct vg_reload {
	uint16_t old_count, new_count;             /* instances */
	uint16_t old_group_count, new_group_count;
	int32_t *to;         /* per old instance: its index in the new node when carried, else -1 */
	int32_t *from;       /* per new instance: the old instance it continues, else -1 (it starts) */
	uint8_t *fate;       /* per old instance: enum vg_reload_fate */
	int32_t *group_to;   /* per old group: the new group that keeps its state, else -1 */
	int32_t *group_from; /* per new group: the old group whose state it keeps, else -1 */
	uint16_t carried, stopped, started;
};

/*
 * Compare the running node `old` with `new` (not started). With
 * `old_started` false (the old node never ran: vrrp_startup_delay) nothing
 * carries over. Allocates the maps (configuration time). Returns 0 or
 * VG_CONF_ERR_NOMEM (nothing to free).
 */
int vg_reload_diff(const struct vg_node *old, bool old_started, const struct vg_node *new, struct vg_reload *d);

void vg_reload_free(struct vg_reload *d);

/*
 * Stop old instance i unless it carries over: Shutdown at `now` (RFC 5798
 * 6.4.3: a Master sends priority 0 and removes its VIPs), its effects
 * appended to out (VG_ACTIONS_PER_EVENT_MAX suffice); a removed instance's
 * STOP notify becomes DELETED or FAULT (above). True if it was stopped.
 */
bool vg_reload_stop(const struct vg_reload *d, struct vg_node *old, uint16_t i, vg_time now,
		    struct vg_actions *out);

/*
 * Move the carried instances of `old` into `new` (state, timers, stats,
 * tracked-object states), pointed at the new configs and the new node's
 * tracked-object ids; carried groups keep their state; the router is
 * re-indexed. Emits nothing. Call after vg_reload_stop() and before new
 * starts; `old` is not to be driven afterwards.
 */
void vg_reload_carry(const struct vg_reload *d, const struct vg_node *old, struct vg_node *new);

/* Did old instance j and new instance i get the same configuration (the carry rule above)? */
bool vg_reload_same_instance(const struct vg_node *old, uint16_t j, const struct vg_node *new, uint16_t i);

/* The global static lists (static_ipaddress, static_routes, static_rules). */
enum vg_reload_static { VG_STATIC_ADDR, VG_STATIC_ROUTE, VG_STATIC_RULE };

/*
 * Is entry k of `from`'s static list `which` also in `to`'s (the same words)?
 * A reload removes the old entries the new file lacks, adds the new ones the
 * old file lacked and leaves the others alone, as keepalived 2.2.7 does
 * (observed: one address, route and rule of two changed; only those three
 * deleted and their replacements added, rules, routes, addresses deleted in
 * that order and added in the reverse one). Call it (old, new) for the
 * entries to remove and (new, old) for those to add.
 */
bool vg_reload_static_in(const struct vg_conf *from, const struct vg_conf *to, enum vg_reload_static which,
			 uint32_t k);

/*
 * global_defs fifo_write_vrrp_states_on_reload: the notify FIFO lines
 * keepalived 2.2.7 writes after a reload for what carried over unchanged
 * (observed, tests/netns/daemon_files.sh; FIFO only, no script): first each
 * carried sync group with its state ("GROUP "G" MASTER 0"), then each
 * carried instance that is Backup or Fault with its state and effective
 * priority; a carried Master writes none. Call after vg_reload_carry() on
 * the new node; d NULL: everything carried (a reload of unchanged files,
 * which vigild does not redo). Returns the number of lines (at most cap
 * are written).
 */
struct vg_reload_fifo_line {
	bool group;        /* index is a group of new->plan, else an instance */
	uint16_t index;
	uint8_t what;      /* VG_NOTIFY_MASTER, _BACKUP or _FAULT */
	uint8_t priority;  /* effective priority (0 for a group) */
};

uint32_t vg_reload_fifo_lines(const struct vg_reload *d, const struct vg_node *new, struct vg_reload_fifo_line *out,
			      uint32_t cap);

#endif
