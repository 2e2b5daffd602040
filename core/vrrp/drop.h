/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: why a received advertisement was not acted on, and the counters.
 *
 * Every packet that does not reach the state machine is counted under one
 * named reason (docs/style.md rule 7: check, count the reason, drop). The daemon
 * exposes these counters; the simulator prints the reason beside the drop.
 */
#ifndef VG_VRRP_DROP_H
#define VG_VRRP_DROP_H

#include <stdint.h>

#include "vrrp/action.h" /* enum vg_vrrp_why */

enum vg_vrrp_drop {
	VG_DROP_NONE = 0,
	VG_DROP_TTL,        /* TTL / hop limit is not 255: RFC 5798 7.1, RFC 3768 7.1 */
	VG_DROP_VERSION,    /* version is not the instance's (2 or 3) */
	VG_DROP_TYPE,       /* type is not ADVERTISEMENT (1): RFC 5798 5.2.2 */
	VG_DROP_LENGTH,     /* length is not fixed fields + count addresses (+ auth data in v2) */
	VG_DROP_CHECKSUM,   /* bad checksum: RFC 5798 5.2.8, RFC 3768 5.3.8 */
	VG_DROP_VRID,       /* VRID not configured on the receiving interface */
	VG_DROP_OWNER,      /* we are the address owner (priority 255): RFC 5798 7.1 */
	VG_DROP_FAMILY,     /* address family differs from the instance's */
	VG_DROP_AUTH_TYPE,  /* v2 auth type differs from ours: RFC 3768 7.1 */
	VG_DROP_AUTH,       /* v2 simple-text password differs */
	VG_DROP_INTERVAL,   /* v2 advert interval differs from ours: RFC 3768 7.1 */
	VG_DROP_ADDR_LIST,  /* v2 address list differs and sender is not owner: RFC 3768 7.1 */
	VG_DROP_LOOP,       /* our own advertisement looped back */
	VG_DROP_STATE,      /* instance is not running (Initialize or Fault) */
	VG_DROP_LOWER_PRIO, /* lower-priority advert discarded by the state machine: RFC 5798 6.4.2/6.4.3 */
	VG_DROP_UNICAST_SRC, /* unicast source not a unicast_peer (keepalived check_unicast_src) */
	VG_DROP__COUNT
};

/* Short stable name: "ttl", "checksum", ... (used in logs, JSON and tests). */
const char *vg_vrrp_drop_name(enum vg_vrrp_drop reason);

/* Per-instance counters. */
struct vg_vrrp_stats {
	uint64_t rx_adverts;          /* passed validation */
	uint64_t rx_prio0;            /* of which priority 0 */
	uint64_t tx_adverts;          /* advert effects emitted (one per destination) */
	uint64_t tx_prio0;
	uint64_t became_master;
	uint64_t released_master;
	uint64_t addr_list_mismatch;  /* v3: counted and logged, not dropped (RFC 5798 7.1) */
	uint64_t master_down_fired;   /* Master_Down_Timer expiries in Backup (RFC 5798 6.4.2) */
	uint64_t vip_gone;            /* a tracked VIP removed under the Master (it stepped down) */
	uint64_t transitions[VG_WHY__COUNT]; /* state changes by reason (the transition funnel) */
	uint64_t drops[VG_DROP__COUNT];
};

#endif
