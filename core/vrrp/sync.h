/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vrrp_sync_group: instances that change state together.
 *
 * keepalived semantics (keepalived.conf(5), vrrp_sync_group):
 *  - a member in Fault puts every member in Fault until none has a fault;
 *  - a Master member that falls back to Backup pulls the other Masters to
 *    Backup;
 *  - a member whose Master_Down_Timer fires only "wants" Master; the group
 *    goes Master when every member is Master or wants it (this prefers
 *    Backup and avoids members thrashing one at a time);
 *  - an address owner that becomes Master pulls the others to Master.
 * The group's own state changes emit group notify effects.
 */
#ifndef VG_VRRP_SYNC_H
#define VG_VRRP_SYNC_H

#include <stdint.h>

#include "base/time.h"
#include "vrrp/action.h"
#include "vrrp/instance.h"

#define VG_SYNC_MEMBERS_MAX 32

struct vg_sync_group {
	uint16_t id;                           /* copied into group notify effects */
	char name[VG_VRRP_NAME_MAX];
	uint8_t count;
	uint16_t members[VG_SYNC_MEMBERS_MAX]; /* indexes into the router's instances */
	enum vg_vrrp_state state;              /* the group's state, for group notifies */
};

/* Apply the group rules after any member may have changed. */
void vg_sync_settle(struct vg_sync_group *g, struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out);

#endif
