/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the kernel's IPVS table as data, and the difference of two tables.
 *
 * `struct vg_lvs_table` is what `ipvsadm -S -n` shows: virtual services
 * (keyed by family + protocol + address + port, or family + fwmark) with
 * their scheduler, flags, persistence timeout, netmask and persistence
 * engine, and under each its destinations (keyed by family + address +
 * port) with forwarding method, tunnel options, weight and thresholds. The
 * fields carry the kernel's numbers (include/uapi/linux/ip_vs.h,
 * IP_VS_SVC_F_*, IP_VS_CONN_F_*), so a netlink codec maps them one to one.
 *
 * The table is built either from the configuration (lvs/table_from_conf.h:
 * what the kernel should hold) or from a dump of the kernel (the backend:
 * what it holds). Storage is allocated once with fixed capacities
 * (vg_lvs_table_init); adding never reallocates. After the adds,
 * vg_lvs_table_sort() puts services and destinations in one canonical
 * order and finds duplicates; the diff and the formatter need that order.
 *
 * vg_lvs_table_diff(current, desired) lists the operations that turn one
 * into the other, minimal: an equal table gives none, a changed weight one
 * DEST_EDIT, a destination present in both is never deleted and re-added
 * (any of its attributes is an edit). A service of `current` that is not
 * desired is deleted only if the caller's `owned` predicate says vigil
 * owns it, or if a flush is asked (keepalived's lvs_flush).
 */
#ifndef VG_LVS_TABLE_H
#define VG_LVS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

#define VG_LVS_SCHED_NAME_MAX 16 /* IP_VS_SCHEDNAME_MAXLEN, with the NUL */
#define VG_LVS_PE_NAME_MAX 32    /* IP_VS_PENAME_MAXLEN, with the NUL */

/* IP_VS_SVC_F_*: service flags as the kernel numbers them. */
#define VG_IPVS_SVC_F_PERSISTENT 0x0001u
#define VG_IPVS_SVC_F_HASHED 0x0002u     /* set by the kernel on every listed service */
#define VG_IPVS_SVC_F_ONEPACKET 0x0004u
#define VG_IPVS_SVC_F_SCHED1 0x0008u     /* flag-1, sh-fallback, mh-fallback */
#define VG_IPVS_SVC_F_SCHED2 0x0010u     /* flag-2, sh-port, mh-port */
#define VG_IPVS_SVC_F_SCHED3 0x0020u     /* flag-3 */

/* IP_VS_CONN_F_FWD_MASK values of a destination's conn_flags. */
enum vg_ipvs_fwd {
	VG_IPVS_FWD_MASQ = 0,      /* NAT, ipvsadm -m */
	VG_IPVS_FWD_LOCALNODE = 1, /* ipvsadm -g (shown as Local) */
	VG_IPVS_FWD_TUNNEL = 2,    /* TUN, ipvsadm -i */
	VG_IPVS_FWD_DROUTE = 3,    /* DR, ipvsadm -g */
	VG_IPVS_FWD_BYPASS = 4,
};

/* IP_VS_CONN_F_TUNNEL_TYPE_* and IP_VS_TUNNEL_ENCAP_FLAG_*. */
enum vg_ipvs_tun_type { VG_IPVS_TUN_IPIP = 0, VG_IPVS_TUN_GUE = 1, VG_IPVS_TUN_GRE = 2 };
#define VG_IPVS_TUN_F_NOCSUM 0x0u
#define VG_IPVS_TUN_F_CSUM 0x1u
#define VG_IPVS_TUN_F_REMCSUM 0x2u

/* A virtual service's key: fwmark != 0 names a fwmark service (addr, port unused). */
struct vg_lvs_svc_key {
	uint8_t family;          /* VG_AF_INET / VG_AF_INET6 */
	uint8_t protocol;        /* IPPROTO_TCP / UDP / SCTP; 0 for a fwmark service */
	uint16_t port;           /* host order */
	uint32_t fwmark;
	struct vg_addr addr;
};

struct vg_lvs_tsvc {
	struct vg_lvs_svc_key key;
	char sched[VG_LVS_SCHED_NAME_MAX];
	char pe_name[VG_LVS_PE_NAME_MAX]; /* "" none */
	uint32_t flags;          /* VG_IPVS_SVC_F_*; HASHED is ignored by the diff */
	uint32_t timeout_s;      /* persistence timeout */
	/*
	 * IPVS_SVC_ATTR_NETMASK: IPv4 a mask in host order (0xffffffff = per
	 * client, keepalived's default), IPv6 a prefix length (128 default).
	 */
	uint32_t netmask;
	uint32_t dest_first;     /* after vg_lvs_table_sort: its destinations in dest[] */
	uint32_t dest_count;
};

struct vg_lvs_tdest {          /* 40 bytes: one per real server of the desired table */
	struct vg_addr addr;     /* family may differ from the service's (TUN) */
	uint8_t fwd : 3;         /* enum vg_ipvs_fwd (IP_VS_CONN_F_FWD_MASK) */
	uint8_t tun_type : 5;    /* enum vg_ipvs_tun_type, with VG_IPVS_FWD_TUNNEL */
	uint16_t port;           /* host order */
	uint16_t tun_port;       /* host order, gue */
	uint16_t tun_flags;      /* VG_IPVS_TUN_F_* */
	uint32_t svc;            /* index of its service in svc[] */
	int32_t weight;          /* 0..65535 */
	uint32_t u_threshold;    /* 0 = none */
	uint32_t l_threshold;
};

struct vg_lvs_table {
	struct vg_lvs_tsvc *svc;
	struct vg_lvs_tdest *dest;
	uint32_t svc_count, svc_max;
	uint32_t dest_count, dest_max;
	uint32_t *map;           /* svc_max entries of scratch for vg_lvs_table_sort */
	bool sorted;             /* vg_lvs_table_sort ran and nothing was added since */
};

/* Allocate room for svc_max services and dest_max destinations: 0 or VG_LVS_ENOMEM. */
int vg_lvs_table_init(struct vg_lvs_table *t, uint32_t svc_max, uint32_t dest_max);
void vg_lvs_table_free(struct vg_lvs_table *t);
void vg_lvs_table_clear(struct vg_lvs_table *t);

/* keepalived's service defaults for `key`: wlc, no flags, host netmask, no persistence. */
void vg_lvs_tsvc_defaults(struct vg_lvs_tsvc *s, const struct vg_lvs_svc_key *key);

/*
 * Append a service: its index, or VG_LVS_EFULL. Duplicates are found by
 * vg_lvs_table_sort. The service's dest_first/dest_count are ignored.
 */
int vg_lvs_table_add_service(struct vg_lvs_table *t, const struct vg_lvs_tsvc *s);
/* Append a destination of service d->svc: 0, VG_LVS_EFULL or VG_LVS_EINVAL (no such service). */
int vg_lvs_table_add_dest(struct vg_lvs_table *t, const struct vg_lvs_tdest *d);

/*
 * Canonical order: services by key (family, fwmark, protocol, address,
 * port), destinations by service then (family, address, port); fills each
 * service's dest range. 0, or VG_LVS_EEXIST when two services or two
 * destinations of one service share a key (the table is still sorted).
 */
int vg_lvs_table_sort(struct vg_lvs_table *t);

/* After sort: the index of the service with `key`, or -1. */
int64_t vg_lvs_table_find(const struct vg_lvs_table *t, const struct vg_lvs_svc_key *key);

int vg_lvs_svc_key_cmp(const struct vg_lvs_svc_key *a, const struct vg_lvs_svc_key *b);

/* The service attributes an IPVS_CMD_SET_SERVICE changes are equal (HASHED ignored). */
bool vg_lvs_tsvc_same(const struct vg_lvs_tsvc *a, const struct vg_lvs_tsvc *b);
/* The attributes an IPVS_CMD_SET_DEST changes are equal. */
bool vg_lvs_tdest_same(const struct vg_lvs_tdest *a, const struct vg_lvs_tdest *b);

enum vg_lvs_op_kind {
	VG_LVS_OP_SVC_ADD = 0,   /* .svc in desired */
	VG_LVS_OP_SVC_EDIT,      /* .svc in desired (the key is in both) */
	VG_LVS_OP_SVC_DEL,       /* .svc in current; its destinations go with it */
	VG_LVS_OP_DEST_ADD,      /* .dest in desired */
	VG_LVS_OP_DEST_EDIT,     /* .dest in desired */
	VG_LVS_OP_DEST_DEL,      /* .dest in current */
};

struct vg_lvs_op {
	uint8_t kind;            /* enum vg_lvs_op_kind */
	uint32_t svc;            /* service index (table per kind, above) */
	uint32_t dest;           /* destination index, DEST_* only */
};

/* A bounded, caller-owned list of operations. */
struct vg_lvs_ops {
	struct vg_lvs_op *v;
	size_t len;
	size_t cap;
	size_t lost;             /* operations that did not fit */
};

void vg_lvs_ops_init(struct vg_lvs_ops *o, struct vg_lvs_op *storage, size_t cap);

/* Does vigil own this service of the current table (it may delete it)? */
typedef bool (*vg_lvs_owned_fn)(const struct vg_lvs_tsvc *svc, void *ctx);

/*
 * The operations turning `cur` into `want` (both sorted), in the order to
 * send them: first SVC_DEL of every owned (or, with `flush`, every)
 * service of `cur` not in `want`; then per service of `want` in order: its
 * SVC_ADD or SVC_EDIT, its DEST_ADDs, DEST_EDITs, then DEST_DELs (a new
 * server is in before an old one leaves). `owned` NULL owns nothing.
 * A service of `want` already in `cur` is reconciled whoever made it.
 * Returns the number of operations (also when some were lost: check
 * out->lost), or VG_LVS_EINVAL if a table is not sorted.
 */
int64_t vg_lvs_table_diff(const struct vg_lvs_table *cur, const struct vg_lvs_table *want, vg_lvs_owned_fn owned,
			  void *ctx, bool flush, struct vg_lvs_ops *out);

const char *vg_lvs_op_name(enum vg_lvs_op_kind k);

/* Both sorted tables hold the same services and destinations with the same attributes. */
bool vg_lvs_table_equal(const struct vg_lvs_table *a, const struct vg_lvs_table *b);

/*
 * An `owned` predicate for vg_lvs_table_diff: `ctx` is a sorted table of
 * what vigil programmed (its previous desired table); a service is owned
 * when its key is there.
 */
bool vg_lvs_table_owns(const struct vg_lvs_tsvc *svc, void *ctx);

#endif
