/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: effects the core asks its backend to carry out.
 *
 * The core never performs I/O. Each call appends effect records to a
 * bounded array the caller owns; the Linux backend carries them out (raw
 * socket, netlink, fork/exec), the simulator applies them to its world and
 * logs them, tests assert on them. Records are plain data and small (a
 * burst of a thousand takeovers fills a few thousand of them): an advert
 * names its instance and carries priority, IP source and destination; the
 * backend encodes the bytes from the instance's config into one buffer of
 * its own as it sends them (vg_vrrp_advert_encode, instance.h).
 */
#ifndef VG_VRRP_ACTION_H
#define VG_VRRP_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	/* keepalived notify_deleted: the instance left the configuration on a reload (never
	   emitted by the core: a reload is the backend's; here so that all notify kinds share
	   one numbering) */
	VG_NOTIFY_DELETED,
	/* keepalived (vrrp_)notify_priority_changes: a Master's / Backup's effective priority
	   changed without a change of state (a state's own notify carries the new priority);
	   the backend decides whether it is wanted (a notify FIFO line only) */
	VG_NOTIFY_MASTER_PRIORITY,
	VG_NOTIFY_BACKUP_PRIORITY,
};

enum vg_action_kind {
	VG_ACT_SEND_ADVERT,  /* send the instance's advert with .advert.priority from .advert.src to .advert.dst, TTL 255 */
	VG_ACT_ADD_VIPS,     /* install the instance's VIPs (and virtual routes/rules) */
	VG_ACT_DEL_VIPS,     /* remove them */
	VG_ACT_SEND_GARP,    /* gratuitous ARP (IPv4) / unsolicited NA (IPv6) for every VIP, .garp.repeat times */
	VG_ACT_NOTIFY,       /* run notify scripts / fifo for .notify.what */
	VG_ACT_STATE,        /* state changed (for logs, SNMP, status) */
};

const char *vg_action_kind_name(enum vg_action_kind k);

struct vg_action {
	uint8_t kind;       /* enum vg_action_kind */
	uint16_t instance;  /* vg_vrrp_config.id of the instance, or sync group id for group notifies */
	bool group;         /* the notify is a sync group's, not an instance's */
	union {
		struct {
			struct vg_addr src;  /* IP source (and v3 pseudo-header) */
			struct vg_addr dst;  /* multicast group or unicast_peer */
			uint8_t priority;    /* 0: the Master stops, RFC 5798 6.4.3 */
		} advert;                    /* bytes: vg_vrrp_advert_encode() (instance.h) */
		struct {
			bool accept; /* Accept_Mode: accept packets addressed to the VIPs, RFC 5798 6.1 */
		} vips;
		struct {
			uint8_t repeat;
		} garp;
		struct {
			uint8_t what;      /* enum vg_notify */
			uint8_t priority;  /* effective priority, passed to notify scripts */
		} notify;
		struct {
			uint8_t from;      /* enum vg_vrrp_state */
			uint8_t to;
			uint8_t why;       /* enum vg_vrrp_why */
		} state;
	} u;
};

/* A bounded list of effects owned by the caller. */
struct vg_actions {
	struct vg_action *v;
	size_t len;
	size_t cap;
	size_t lost; /* effects that did not fit: a sizing bug in the caller */
};

void vg_actions_init(struct vg_actions *a, struct vg_action *storage, size_t cap);
void vg_actions_clear(struct vg_actions *a);

/* Append a zeroed record of `kind`; NULL (and lost++) when full. */
struct vg_action *vg_actions_push(struct vg_actions *a, enum vg_action_kind kind, uint16_t instance);

/* Effects one instance can emit for one event; size buffers as instances * this. */
#define VG_ACTIONS_PER_EVENT_MAX 24

#endif
