/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: VRRP's side of the effects the core asks its backend to carry out.
 *
 * The record and the bounded list (struct vg_action, struct vg_actions,
 * VG_ACT_*) are the core's one effect vocabulary in base/action.h, shared
 * with the LVS services and vrrp_scripts; this header forwards to it and
 * adds what VRRP records carry: states, the reasons of transitions, notify
 * kinds. An advert record names its instance and carries priority, IP
 * source and destination; the backend encodes the bytes from the
 * instance's config into one buffer of its own as it sends them
 * (vg_vrrp_advert_encode, instance.h).
 */
#ifndef VG_VRRP_ACTION_H
#define VG_VRRP_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/action.h" /* struct vg_action, vg_actions: the effect vocabulary shared with LVS and scripts */
#include "base/addr.h"
#include "vrrp/packet.h"

enum vg_vrrp_state {
	VG_STATE_INIT = 0,  /* Initialize, RFC 5798 6.4.1 */
	VG_STATE_BACKUP,    /* RFC 5798 6.4.2 */
	VG_STATE_MASTER,    /* RFC 5798 6.4.3 */
	VG_STATE_FAULT,     /* keepalived: interface down or a weight-0 tracked object failed */
	VG_STATE__COUNT
};

const char *vg_vrrp_state_name(enum vg_vrrp_state s); /* "INIT", "BACKUP", "MASTER", "FAULT" */

/* Why a transition happened (logged by backends, asserted by tests). */
enum vg_vrrp_why {
	VG_WHY_STARTUP,        /* Startup event */
	VG_WHY_OWNER,          /* priority 255 goes straight to Master, RFC 5798 6.4.1 */
	VG_WHY_MASTER_DOWN,    /* Master_Down_Timer fired, RFC 5798 6.4.2 */
	VG_WHY_PREEMPTED,      /* higher priority (or equal, higher address) advert, RFC 5798 6.4.3 */
	VG_WHY_SHUTDOWN,       /* Shutdown event */
	VG_WHY_FAULT,          /* interface down or tracked object with weight 0 failed */
	VG_WHY_FAULT_CLEARED,
	VG_WHY_SYNC,           /* pulled by a sync group member */
	VG_WHY_VIP_GONE,       /* keepalived: a tracked VIP removed by hand while Master */
	VG_WHY__COUNT
};

const char *vg_vrrp_why_name(enum vg_vrrp_why w);

enum vg_notify {
	VG_NOTIFY_MASTER,
	VG_NOTIFY_BACKUP,
	VG_NOTIFY_FAULT,
	VG_NOTIFY_STOP,
	/* keepalived notify_master_rx_lower_pri: a Master received a valid advert of a lower
	   (non-zero) priority; not a state change */
	VG_NOTIFY_MASTER_RX_LOWER_PRI,
	/* keepalived notify_deleted: the instance left the configuration on a reload; emitted
	   by vg_reload_stop() (core/node/reload.c) in place of STOP when the block sets
	   notify_deleted */
	VG_NOTIFY_DELETED,
	/* keepalived (vrrp_)notify_priority_changes: a Master's / Backup's effective priority
	   changed without a change of state (a state's own notify carries the new priority);
	   the backend decides whether it is wanted (a notify FIFO line only) */
	VG_NOTIFY_MASTER_PRIORITY,
	VG_NOTIFY_BACKUP_PRIORITY,
};

/* Effects one instance can emit for one event; size buffers as instances * this. */
#define VG_ACTIONS_PER_EVENT_MAX 24

#endif
