// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: sync group rules (see sync.h).
 */
#include "vrrp/sync.h"

#include <assert.h>

static void group_notify(struct vg_sync_group *g, enum vg_vrrp_state to, struct vg_actions *out)
{
	struct vg_action *a;
	enum vg_notify what;

	switch (to) {
	case VG_STATE_MASTER: what = VG_NOTIFY_MASTER; break;
	case VG_STATE_BACKUP: what = VG_NOTIFY_BACKUP; break;
	case VG_STATE_FAULT: what = VG_NOTIFY_FAULT; break;
	default: what = VG_NOTIFY_STOP; break;
	}
	a = vg_actions_push(out, VG_ACT_NOTIFY, g->id);
	if (a) {
		a->group = true;
		a->u.notify.what = (uint8_t)what;
	}
}

void vg_sync_settle(struct vg_sync_group *g, struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out)
{
	bool fault = false, any_master = false, any_backup = false, any_init = false, all_want = true;
	bool any_want = false;
	enum vg_vrrp_state st;
	uint8_t i;

	for (i = 0; i < g->count; i++) {
		struct vg_vrrp_instance *m = &inst[g->members[i]];

		assert(m->cfg->sync_member);
		fault |= vg_vrrp_own_fault(m);
	}
	/* Fault spreads to all members, and clears when no member has its own */
	for (i = 0; i < g->count; i++)
		vg_vrrp_sync_fault(&inst[g->members[i]], now, fault, out);

	for (i = 0; i < g->count; i++) {
		const struct vg_vrrp_instance *m = &inst[g->members[i]];

		any_master |= m->state == VG_STATE_MASTER;
		any_backup |= m->state == VG_STATE_BACKUP;
		any_init |= m->state == VG_STATE_INIT;
		any_want |= m->wants_master;
		if (m->state != VG_STATE_MASTER && !m->wants_master)
			all_want = false;
	}

	if (!fault && !any_init) {
		if (g->state == VG_STATE_MASTER && any_backup) {
			/* a Master member was preempted: the whole group backs off */
			for (i = 0; i < g->count; i++)
				vg_vrrp_sync_to_backup(&inst[g->members[i]], now, out);
		} else if ((all_want && any_want) || (any_master && g->state != VG_STATE_MASTER)) {
			/* every member wants Master (or an owner went Master): all go */
			for (i = 0; i < g->count; i++)
				vg_vrrp_sync_to_master(&inst[g->members[i]], now, out);
		}
	}

	/* The group's state: Fault > Master > Backup > Initialize */
	st = VG_STATE_INIT;
	for (i = 0; i < g->count; i++) {
		enum vg_vrrp_state s = inst[g->members[i]].state;

		if (s == VG_STATE_FAULT || (s == VG_STATE_MASTER && st != VG_STATE_FAULT) ||
		    (s == VG_STATE_BACKUP && st == VG_STATE_INIT))
			st = s;
	}
	if (st != g->state) {
		g->state = st;
		group_notify(g, st, out);
	}
}
