/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the one effect vocabulary of the core: VRRP, LVS and script records in one bounded list.
 *
 * The core never performs I/O. Every state machine (a VRRP instance and its
 * router, a sync group, an LVS service and its node, a vrrp_script) appends
 * effect records to one bounded array the caller owns; the backend drains it
 * in order (raw socket, netlink, IPVS, fork/exec), the simulator applies the
 * records to its world and logs them, tests assert on them. A node's VRRP,
 * LVS and script effects can go into the same list.
 *
 * A record is plain data and small: 1000 instances becoming Master in one
 * event emit thousands of them, so it stays at 40 bytes (asserted below).
 * Records name things by index (instance, service, real server, checker,
 * script id); the backend finds addresses, paths, URLs and command lines in
 * its configuration. The header names the object a record is about; which
 * of the three names applies follows from the kind (vg_action_domain()).
 *
 * A consumer handles the kinds it knows and counts the others (a default
 * case that increments a counter the tests or logs can see), so a record
 * that reaches the wrong backend is a visible bug, never a silent one.
 */
#ifndef VG_BASE_ACTION_H
#define VG_BASE_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

enum vg_action_kind {
	/* VRRP (vrrp/instance.h, vrrp/sync.h): .instance names the instance, or the sync group when .group */
	VG_ACT_SEND_ADVERT,  /* send the instance's advert with .advert.priority from .advert.src to .advert.dst, TTL 255 */
	VG_ACT_ADD_VIPS,     /* install the instance's VIPs (and virtual routes/rules) */
	VG_ACT_DEL_VIPS,     /* remove them */
	VG_ACT_SEND_GARP,    /* gratuitous ARP (IPv4) / unsolicited NA (IPv6) for every VIP, .garp.repeat times */
	VG_ACT_NOTIFY,       /* run notify scripts / fifo for .notify.what */
	VG_ACT_STATE,        /* state changed (for logs, SNMP, status) */
	/* LVS (lvs/service.h, lvs/node.h): .service names the virtual service, .u.lvs the rest */
	VG_ACT_LVS_SVC_ADD,     /* add the virtual service (address/fwmark, scheduler, persistence) */
	VG_ACT_LVS_SVC_EDIT,    /* change its scheduler / flags / persistence */
	VG_ACT_LVS_SVC_DEL,     /* delete it */
	VG_ACT_LVS_DEST_ADD,    /* add destination .lvs.rs with .lvs.weight */
	VG_ACT_LVS_DEST_EDIT,   /* set destination .lvs.rs to .lvs.weight (0 = inhibited) */
	VG_ACT_LVS_DEST_DEL,    /* delete destination .lvs.rs */
	VG_ACT_LVS_NOTIFY_UP,   /* run .lvs.rs's notify_up (and notify_fifo "RS ... UP") */
	VG_ACT_LVS_NOTIFY_DOWN, /* run .lvs.rs's notify_down */
	VG_ACT_LVS_QUORUM_UP,   /* run the service's quorum_up (notify_fifo "VS ... UP") */
	VG_ACT_LVS_QUORUM_DOWN, /* run quorum_down */
	/* start probe .lvs.seq of checker .lvs.checker (connect, send, read) against .lvs.rs; the core
	   aborts it after the checker's connect_timeout (vg_lvs_checker_config.connect_timeout_ns) */
	VG_ACT_LVS_PROBE,
	VG_ACT_LVS_PROBE_ABORT, /* probe .lvs.seq ran out of time in core: close it, drop its result */
	/* vrrp_script (vrrp/script.h): .script names the script (vg_script_config.id) */
	VG_ACT_SCRIPT_RUN,      /* start the command now */
	VG_ACT_SCRIPT_KILL,     /* kill the running command's process group: it timed out */
	VG_ACT_SCRIPT_CHANGED,  /* the tracked state changed to .script.up */
	VG_ACT__COUNT
};

/* Which machine a kind comes from. */
enum vg_action_domain {
	VG_ACT_DOMAIN_VRRP,
	VG_ACT_DOMAIN_LVS,
	VG_ACT_DOMAIN_SCRIPT,
};

const char *vg_action_kind_name(enum vg_action_kind k); /* "send-advert", "lvs-dest-add", "script-run", "?" */
enum vg_action_domain vg_action_domain(enum vg_action_kind k);

struct vg_action {
	uint8_t kind;  /* enum vg_action_kind */
	bool group;    /* VRRP notify / state: the sync group's, not an instance's */
	union {        /* the object the record is about, by domain */
		uint16_t instance; /* VRRP: vg_vrrp_config.id of the instance, or the sync group id with .group */
		uint16_t service;  /* LVS: vg_lvs_service_config.id */
		uint16_t script;   /* script: vg_script_config.id */
	};
	union {
		struct {
			struct vg_addr src;  /* IP source (and v3 pseudo-header) */
			struct vg_addr dst;  /* multicast group or unicast_peer */
			uint8_t priority;    /* 0: the Master stops, RFC 5798 6.4.3 */
			bool old_cksum;      /* v3 checksum over the multicast group (old_unicast_checksum) */
		} advert;                    /* bytes: vg_vrrp_advert_encode() (vrrp/instance.h) */
		struct {
			bool accept; /* Accept_Mode: accept packets addressed to the VIPs, RFC 5798 6.1 */
		} vips;
		struct {
			uint8_t repeat;
			bool extra; /* garp_extra_if: one per VIP interface other than the instance's */
		} garp;
		struct {
			uint8_t what;      /* enum vg_notify (vrrp/action.h) */
			uint8_t priority;  /* effective priority, passed to notify scripts */
		} notify;
		struct {
			uint8_t from;      /* enum vg_vrrp_state */
			uint8_t to;
			uint8_t why;       /* enum vg_vrrp_why */
		} state;
		struct {
			uint16_t rs;       /* real server index, VG_LVS_RS_SORRY (lvs/service.h), or 0 for service records */
			uint16_t checker;  /* PROBE / PROBE_ABORT: index in the service's checkers */
			int32_t weight;    /* DEST_ADD / DEST_EDIT */
			uint32_t seq;      /* PROBE / PROBE_ABORT: echo it in the result */
			uint8_t type;      /* PROBE: enum vg_lvs_check_type */
			uint8_t url;       /* PROBE, HTTP_GET / SSL_GET: index among the checker's urls */
			bool stopping;     /* notifies sent while shutting down (omega) */
		} lvs;
		struct {
			bool up;           /* CHANGED: the new state; RUN / KILL: the state before */
		} script;
	} u;
};

/* 1000 takeovers in one event emit thousands of records: keep them at 40 bytes. */
_Static_assert(sizeof(struct vg_action) == 40, "struct vg_action must stay 40 bytes");

/* A bounded list of effects owned by the caller. */
struct vg_actions {
	struct vg_action *v;
	size_t len;
	size_t cap;
	size_t lost; /* effects that did not fit: a sizing bug in the caller */
};

void vg_actions_init(struct vg_actions *a, struct vg_action *storage, size_t cap);
void vg_actions_clear(struct vg_actions *a);

/*
 * Append a zeroed record of `kind` about object `id` (instance, service or
 * script, by the kind's domain); NULL (and lost++) when full.
 */
struct vg_action *vg_actions_push(struct vg_actions *a, enum vg_action_kind kind, uint16_t id);

#endif
