// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the bounded effect list of the LVS core.
 */
#include "lvs/effect.h"

#include <string.h>

const char *vg_lvs_effect_name(enum vg_lvs_effect_kind k)
{
	switch (k) {
	case VG_LVS_EFF_SVC_ADD: return "svc-add";
	case VG_LVS_EFF_SVC_EDIT: return "svc-edit";
	case VG_LVS_EFF_SVC_DEL: return "svc-del";
	case VG_LVS_EFF_DEST_ADD: return "dest-add";
	case VG_LVS_EFF_DEST_EDIT: return "dest-edit";
	case VG_LVS_EFF_DEST_DEL: return "dest-del";
	case VG_LVS_EFF_NOTIFY_UP: return "notify-up";
	case VG_LVS_EFF_NOTIFY_DOWN: return "notify-down";
	case VG_LVS_EFF_QUORUM_UP: return "quorum-up";
	case VG_LVS_EFF_QUORUM_DOWN: return "quorum-down";
	case VG_LVS_EFF_PROBE: return "probe";
	case VG_LVS_EFF_PROBE_ABORT: return "probe-abort";
	default: return "?";
	}
}

void vg_lvs_effects_init(struct vg_lvs_effects *e, struct vg_lvs_effect *storage, size_t cap)
{
	e->v = storage;
	e->len = 0;
	e->cap = cap;
	e->lost = 0;
}

void vg_lvs_effects_clear(struct vg_lvs_effects *e)
{
	e->len = 0;
	e->lost = 0;
}

struct vg_lvs_effect *vg_lvs_effects_push(struct vg_lvs_effects *e, enum vg_lvs_effect_kind kind,
					  uint16_t service, uint16_t rs)
{
	struct vg_lvs_effect *r;

	if (e->len >= e->cap) {
		e->lost++;
		return NULL;
	}
	r = &e->v[e->len++];
	memset(r, 0, sizeof(*r));
	r->kind = (uint8_t)kind;
	r->service = service;
	r->rs = rs;
	return r;
}
