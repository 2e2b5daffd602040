// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the bounded effect list and the names of effect kinds (see action.h).
 */
#include "base/action.h"

#include <string.h>

const char *vg_action_kind_name(enum vg_action_kind k)
{
	switch (k) {
	case VG_ACT_SEND_ADVERT: return "send-advert";
	case VG_ACT_ADD_VIPS: return "add-vips";
	case VG_ACT_DEL_VIPS: return "del-vips";
	case VG_ACT_SEND_GARP: return "send-garp";
	case VG_ACT_NOTIFY: return "notify";
	case VG_ACT_STATE: return "state";
	case VG_ACT_LVS_SVC_ADD: return "lvs-svc-add";
	case VG_ACT_LVS_SVC_EDIT: return "lvs-svc-edit";
	case VG_ACT_LVS_SVC_DEL: return "lvs-svc-del";
	case VG_ACT_LVS_DEST_ADD: return "lvs-dest-add";
	case VG_ACT_LVS_DEST_EDIT: return "lvs-dest-edit";
	case VG_ACT_LVS_DEST_DEL: return "lvs-dest-del";
	case VG_ACT_LVS_NOTIFY_UP: return "lvs-notify-up";
	case VG_ACT_LVS_NOTIFY_DOWN: return "lvs-notify-down";
	case VG_ACT_LVS_QUORUM_UP: return "lvs-quorum-up";
	case VG_ACT_LVS_QUORUM_DOWN: return "lvs-quorum-down";
	case VG_ACT_LVS_PROBE: return "lvs-probe";
	case VG_ACT_LVS_PROBE_ABORT: return "lvs-probe-abort";
	case VG_ACT_SCRIPT_RUN: return "script-run";
	case VG_ACT_SCRIPT_KILL: return "script-kill";
	case VG_ACT_SCRIPT_CHANGED: return "script-changed";
	case VG_ACT__COUNT: break;
	}
	return "?";
}

enum vg_action_domain vg_action_domain(enum vg_action_kind k)
{
	if (k >= VG_ACT_SCRIPT_RUN)
		return VG_ACT_DOMAIN_SCRIPT;
	if (k >= VG_ACT_LVS_SVC_ADD)
		return VG_ACT_DOMAIN_LVS;
	return VG_ACT_DOMAIN_VRRP;
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

struct vg_action *vg_actions_push(struct vg_actions *a, enum vg_action_kind kind, uint16_t id)
{
	struct vg_action *r;

	if (a->len >= a->cap) {
		a->lost++;
		return NULL;
	}
	r = &a->v[a->len++];
	memset(r, 0, sizeof(*r));
	r->kind = (uint8_t)kind;
	r->instance = id; /* the same storage as .service and .script */
	return r;
}
