// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the effect list and the names of states, reasons and effects.
 */
#include "vrrp/action.h"

#include <string.h>

const char *vg_vrrp_state_name(enum vg_vrrp_state s)
{
	static const char *const names[VG_STATE__COUNT] = { "INIT", "BACKUP", "MASTER", "FAULT" };

	return (unsigned)s < VG_STATE__COUNT ? names[s] : "?";
}

const char *vg_vrrp_why_name(enum vg_vrrp_why w)
{
	static const char *const names[VG_WHY__COUNT] = {
		"startup", "owner", "master-down", "preempted", "shutdown", "fault", "fault-cleared", "sync",
	};

	return (unsigned)w < VG_WHY__COUNT ? names[w] : "?";
}

const char *vg_action_kind_name(enum vg_action_kind k)
{
	switch (k) {
	case VG_ACT_SEND_ADVERT: return "send-advert";
	case VG_ACT_ADD_VIPS: return "add-vips";
	case VG_ACT_DEL_VIPS: return "del-vips";
	case VG_ACT_SEND_GARP: return "send-garp";
	case VG_ACT_NOTIFY: return "notify";
	case VG_ACT_STATE: return "state";
	}
	return "?";
}

void vg_actions_init(struct vg_actions *a, struct vg_action *storage, size_t cap)
{
	a->v = storage;
	a->cap = cap;
	a->len = 0;
	a->lost = 0;
}

void vg_actions_clear(struct vg_actions *a)
{
	a->len = 0;
	a->lost = 0;
}

struct vg_action *vg_actions_push(struct vg_actions *a, enum vg_action_kind kind, uint16_t instance)
{
	struct vg_action *r;

	if (a->len >= a->cap) {
		a->lost++;
		return NULL;
	}
	r = &a->v[a->len++];
	memset(r, 0, sizeof(*r));
	r->kind = (uint8_t)kind;
	r->instance = instance;
	return r;
}
