/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a model of one IPVS service: its destination list and its scheduler.
 *
 * The kernel keeps, per virtual service, a list of destinations (real
 * servers) and a scheduler that picks one of them for each new connection
 * (net/netfilter/ipvs/ip_vs_ctl.c, ip_vs_<name>.c). This module is that,
 * as plain data: `struct vg_lvs_sched` holds the destination list in the
 * kernel's list order (a new destination goes to the head, list_add_rcu in
 * __ip_vs_update_dest), the per-destination counters the kernel keeps
 * (active / inactive connections, the OVERLOAD flag with its
 * u_threshold / l_threshold hysteresis) and whatever state the chosen
 * algorithm keeps (rr position, wrr mark, dh/sh/mh tables, lblc/lblcr
 * caches).
 *
 * A pick is a pure function of that state and the connection tuple
 * (addresses, ports, protocol, and two random words the caller supplies for
 * "twos"); time is passed in for the lblc/lblcr cache ages. Nothing here
 * talks to the kernel: the service layer (lvs/service.h) emits
 * add/edit/delete destination effects and a backend maps them to netlink;
 * this model lets tests, the simulator and the bench see the decisions the
 * kernel would take.
 *
 * Errors are negative VG_LVS_E* values.
 */
#ifndef VG_LVS_SCHED_H
#define VG_LVS_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/time.h"

#define VG_LVS_RS_MAX 1024          /* destinations per service */
#define VG_LVS_ID_MAX (VG_LVS_RS_MAX + 1) /* ids 0..VG_LVS_RS_MAX (the last is the sorry server) */
#define VG_LVS_WEIGHT_MAX 65535     /* ipvsadm: weight 0..65535 */

/* dh / sh: 2^8 buckets (CONFIG_IP_VS_DH_TAB_BITS, CONFIG_IP_VS_SH_TAB_BITS default 8). */
#define VG_LVS_DH_TAB_BITS 8
#define VG_LVS_SH_TAB_BITS 8
/* mh: table size primes[index - 8], CONFIG_IP_VS_MH_TAB_INDEX range 8..17, default 12 (4093). */
#define VG_LVS_MH_TAB_INDEX_MIN 8
#define VG_LVS_MH_TAB_INDEX_MAX 17
#define VG_LVS_MH_TAB_INDEX_DEFAULT 12
/* lblc / lblcr cache: 2^10 buckets like IP_VS_LBLC_TAB_BITS, bounded at 4 entries each. */
#define VG_LVS_LBLC_TAB_BITS 10
#define VG_LVS_LBLC_WAYS 4
#define VG_LVS_LBLCR_SET_MAX 8      /* destinations per lblcr set */
#define VG_LVS_LBLC_EXPIRATION_DEFAULT VG_S(24 * 60 * 60) /* sysctl lblc_expiration / lblcr_expiration */

enum vg_lvs_err {
	VG_LVS_EINVAL = -1,  /* bad argument */
	VG_LVS_ENOMEM = -2,  /* allocation failed (configuration time only) */
	VG_LVS_EFULL = -3,   /* VG_LVS_RS_MAX destinations already */
	VG_LVS_EEXIST = -4,  /* destination id already in the list */
	VG_LVS_ENOENT = -5,  /* no destination with that id */
	VG_LVS_ENODEST = -6, /* the scheduler found no destination ("no destination available") */
};

const char *vg_lvs_strerror(int err);

enum vg_lvs_sched_kind {
	VG_LVS_SCHED_RR = 0,
	VG_LVS_SCHED_WRR,
	VG_LVS_SCHED_LC,
	VG_LVS_SCHED_WLC,
	VG_LVS_SCHED_LBLC,
	VG_LVS_SCHED_LBLCR,
	VG_LVS_SCHED_DH,
	VG_LVS_SCHED_SH,
	VG_LVS_SCHED_SED,
	VG_LVS_SCHED_NQ,
	VG_LVS_SCHED_FO,
	VG_LVS_SCHED_OVF,
	VG_LVS_SCHED_MH,
	VG_LVS_SCHED_TWOS,
	VG_LVS_SCHED__COUNT
};

/* "rr", "wrr", ... as ipvsadm and keepalived's lvs_sched spell them. */
const char *vg_lvs_sched_name(enum vg_lvs_sched_kind k);
/* The kind for a name, or VG_LVS_EINVAL. */
int vg_lvs_sched_from_name(const char *name);

/* Service scheduler flags (include/uapi/linux/ip_vs.h IP_VS_SVC_F_SCHED1..3). */
#define VG_LVS_SCHED_FLAG_1 0x0008u
#define VG_LVS_SCHED_FLAG_2 0x0010u
#define VG_LVS_SCHED_FLAG_3 0x0020u
#define VG_LVS_SCHED_SH_FALLBACK VG_LVS_SCHED_FLAG_1 /* sh-fallback */
#define VG_LVS_SCHED_SH_PORT VG_LVS_SCHED_FLAG_2     /* sh-port */
#define VG_LVS_SCHED_MH_FALLBACK VG_LVS_SCHED_FLAG_1 /* mh-fallback */
#define VG_LVS_SCHED_MH_PORT VG_LVS_SCHED_FLAG_2     /* mh-port */

/* IP protocol numbers of a service / connection. */
enum vg_lvs_proto {
	VG_LVS_PROTO_TCP = 6,
	VG_LVS_PROTO_UDP = 17,
	VG_LVS_PROTO_SCTP = 132,
};

/* One destination as the kernel sees it (struct ip_vs_dest). */
struct vg_lvs_dest {
	uint16_t id;             /* stable identity chosen by the caller, < VG_LVS_ID_MAX */
	struct vg_addr addr;
	uint16_t port;           /* host order */
	int32_t weight;          /* 0..VG_LVS_WEIGHT_MAX; 0 = quiesced */
	int32_t last_weight;     /* latest non-zero weight (ip_vs_ctl.c, used by mh) */
	uint32_t u_threshold;    /* upper connection threshold, 0 = none */
	uint32_t l_threshold;    /* lower connection threshold, 0 = none */
	uint32_t active_conns;   /* input: the kernel's activeconns */
	uint32_t inactive_conns; /* input: the kernel's inactconns */
	bool overloaded;         /* IP_VS_DEST_F_OVERLOAD */
};

/* What the scheduler sees of a new connection. */
struct vg_lvs_conn {
	struct vg_addr saddr;  /* client */
	struct vg_addr daddr;  /* destination (the VIP, or the origin server for lblc/lblcr/dh) */
	uint16_t sport;        /* host order */
	uint16_t dport;
	uint8_t protocol;      /* enum vg_lvs_proto */
	uint32_t rand1;        /* twos: the kernel's two get_random_u32() draws */
	uint32_t rand2;
};

struct vg_lvs_sched_params {
	uint8_t kind;                /* enum vg_lvs_sched_kind */
	uint32_t flags;              /* VG_LVS_SCHED_FLAG_* */
	uint8_t mh_tab_index;        /* 8..17, 0 = VG_LVS_MH_TAB_INDEX_DEFAULT */
	vg_time lblc_expiration_ns;  /* 0 = VG_LVS_LBLC_EXPIRATION_DEFAULT */
};

struct vg_lvs_lblc_entry {
	struct vg_addr addr;      /* destination address (the cache key) */
	bool used;
	uint8_t set_size;         /* lblc: 1; lblcr: members of set[] */
	uint16_t set[VG_LVS_LBLCR_SET_MAX]; /* destination ids, newest first */
	vg_time lastuse_ns;
	vg_time set_lastmod_ns;   /* lblcr: last insert / erase */
};

struct vg_lvs_sched {
	struct vg_lvs_sched_params p;
	uint16_t count;                           /* destinations in d[] */
	struct vg_lvs_dest d[VG_LVS_RS_MAX];      /* kernel list order, head first */
	int16_t pos_of_id[VG_LVS_ID_MAX];         /* id -> index in d[], -1 = absent */

	int32_t rr_pos;                           /* rr: index of the last pick, -1 = list head */
	struct {
		int32_t cl;                           /* index of the current dest, -1 = head */
		int32_t cw;                           /* current weight */
		int32_t mw;                           /* max weight - (di - 1) */
		int32_t di;                           /* gcd of weights */
	} wrr;
	int32_t mh_gcd;
	int32_t mh_rshift;
	uint32_t tab_size;                        /* dh/sh/mh buckets */
	uint16_t *tab;                            /* dh/sh/mh: index into d[] per bucket, 0xffff = none */
	struct vg_lvs_lblc_entry *cache;          /* lblc/lblcr: buckets * ways entries */
	uint32_t picks;                           /* decisions taken (statistics) */
	uint32_t nodest;                          /* picks that found no destination */
};

/* Allocate the algorithm's tables. VG_LVS_EINVAL or VG_LVS_ENOMEM. */
int vg_lvs_sched_init(struct vg_lvs_sched *s, const struct vg_lvs_sched_params *p);
void vg_lvs_sched_fini(struct vg_lvs_sched *s);

/* The mh table size for an index (251 .. 131071), 0 if out of range. */
uint32_t vg_lvs_mh_tab_size(uint8_t index);

/*
 * Destination list changes, with the kernel's side effects: add puts the
 * destination at the head and sets last_weight; edit keeps last_weight
 * unless the new weight is non-zero, and clears OVERLOAD when the upper
 * threshold is removed or raised (__ip_vs_update_dest); every change calls
 * the scheduler's add_dest/upd_dest/del_dest hook (wrr recomputes its
 * mark, dh/sh/mh rebuild their tables, rr steps back from a deleted dest).
 * Returns 0 or VG_LVS_EINVAL / EFULL / EEXIST / ENOENT.
 */
int vg_lvs_sched_add_dest(struct vg_lvs_sched *s, const struct vg_lvs_dest *d);
int vg_lvs_sched_edit_dest(struct vg_lvs_sched *s, uint16_t id, int32_t weight,
			   uint32_t u_threshold, uint32_t l_threshold);
int vg_lvs_sched_del_dest(struct vg_lvs_sched *s, uint16_t id);

/* Index in d[] of a destination id, or -1. */
int vg_lvs_sched_find(const struct vg_lvs_sched *s, uint16_t id);

/*
 * Pick a destination for a new connection: the index in s->d[], or
 * VG_LVS_ENODEST. `now` ages the lblc/lblcr caches; other algorithms ignore it.
 */
int vg_lvs_sched_pick(struct vg_lvs_sched *s, const struct vg_lvs_conn *c, vg_time now);

/*
 * Connection accounting with the kernel's OVERLOAD hysteresis
 * (ip_vs_bind_dest / ip_vs_unbind_dest in ip_vs_conn.c): binding a
 * connection sets OVERLOAD when u_threshold is set and active + inactive
 * reaches it; unbinding clears it below l_threshold, or below 3/4 of
 * u_threshold when no l_threshold is set.
 */
void vg_lvs_sched_conn_bind(struct vg_lvs_sched *s, int idx, bool active);
void vg_lvs_sched_conn_unbind(struct vg_lvs_sched *s, int idx, bool active);
/* A connection moved between active and inactive (TCP state change). */
void vg_lvs_sched_conn_set_active(struct vg_lvs_sched *s, int idx, bool active);

/* Rebuild the dh/sh/mh table from the current list (the *_dest hooks do this). */
void vg_lvs_sched_rebuild(struct vg_lvs_sched *s);

/* Kernel hash helpers, exported for tests. */
uint32_t vg_lvs_hsiphash(const uint8_t *data, size_t len, uint64_t k0, uint64_t k1);
uint32_t vg_lvs_addr_fold(const struct vg_addr *a); /* ntohl(addr->ip), or the xor of the four IPv6 words */

#endif
