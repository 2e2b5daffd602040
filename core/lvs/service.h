/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS virtual-server model and its state machine (keepalived semantics).
 *
 * `struct vg_lvs_service_config` is what a parser fills for one
 * keepalived `virtual_server` block (keepalived.conf(5), "Virtual
 * server(s)"): the service key (address:port, fwmark, or a group), the
 * protocol, the scheduler, the forwarding method, persistence, quorum with
 * hysteresis and its scripts, the sorry server, alpha / omega /
 * ha_suspend, the real servers with their weights and thresholds, and the
 * checkers. It is plain data, immutable once built. Its real servers,
 * checkers and urls live in arrays the builder owns (rs_count, checker_count
 * and url_count entries: lvs/from_conf.h sizes them by the configuration's
 * counts), so a configuration of 10,000 services holds what it uses; the
 * limits below bound one service.
 *
 * `struct vg_lvs_service` is the runtime: which real servers are alive and
 * which are in the kernel table, the quorum state, the checkers. It owns its
 * checkers and forwards time and probe results to them; what a checker's
 * verdict changes is returned as effect records (base/action.h, VG_ACT_LVS_*), following
 * keepalived's check/ipwrapper.c:
 *   - a real server is alive while none of its checkers is down;
 *   - going down it is deleted from the kernel table, or, with
 *     inhibit_on_failure, kept with weight 0; coming up it is added back
 *     (or its weight restored); notify_down / notify_up run either way;
 *   - quorum: the sum of the weights of alive servers against `quorum`.
 *     Up -> down when the sum drops below quorum - hysteresis (or to 0);
 *     down -> up when it reaches quorum + hysteresis. On loss the
 *     quorum_down script runs and, with a sorry server, every alive server
 *     leaves the table and the sorry server enters it; on gain the reverse
 *     and quorum_up. While the sorry server serves, real server changes are
 *     tracked but not sent to the kernel;
 *   - alpha: checkers start down, so servers enter the pool only after a
 *     success; omega: on shutdown the down notifies and quorum_down run too;
 *   - ha_suspend: while the virtual address is not local the checkers
 *     pause (vg_lvs_service_set_vip_present).
 */
#ifndef VG_LVS_SERVICE_H
#define VG_LVS_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/action.h"
#include "base/addr.h"
#include "base/time.h"
#include "lvs/checker.h"
#include "lvs/sched.h"

#define VG_LVS_CHECKERS_MAX 2048  /* checkers per virtual server */
#define VG_LVS_RS_SORRY VG_LVS_RS_MAX /* .u.lvs.rs of the sorry server in effect records */
#define VG_LVS_URLS_MAX 256       /* HTTP urls per virtual server */

/* A quorum change can touch every destination plus the sorry server, and notify. */
#define VG_LVS_EFFECTS_PER_EVENT_MAX (2 * VG_LVS_RS_MAX + 8)

/*
 * Effect buffer sizes: a probe result or weight change emits at most
 * VG_LVS_EFFECTS_PER_EVENT_MAX; start, stop and an expiry (one probe or
 * abort per checker, each abort possibly taking a server down, at most one
 * quorum loss moving every server) at most VG_LVS_EFFECTS_PER_EXPIRY_MAX.
 */
#define VG_LVS_EFFECTS_PER_EXPIRY_MAX (VG_LVS_CHECKERS_MAX + 3 * VG_LVS_RS_MAX + 8)

enum vg_lvs_vs_kind {
	VG_LVS_VS_ADDR = 0,  /* virtual_server <IPADDR> [<PORT>] */
	VG_LVS_VS_FWMARK,    /* virtual_server fwmark <INTEGER> */
	VG_LVS_VS_GROUP,     /* virtual_server group <STRING> */
};

enum vg_lvs_fwd {
	VG_LVS_FWD_NAT = 0,  /* lvs_method NAT (masquerading), the default */
	VG_LVS_FWD_DR,       /* direct routing */
	VG_LVS_FWD_TUN,      /* IP tunnelling */
};

enum vg_lvs_tun_type {
	VG_LVS_TUN_IPIP = 0,
	VG_LVS_TUN_GUE,
	VG_LVS_TUN_GRE,
};

struct vg_lvs_rs_config {        /* 36 bytes: one per real server */
	struct vg_addr addr;
	uint8_t fwd;                 /* enum vg_lvs_fwd, default the service's */
	uint16_t port;
	int32_t weight;              /* default 1, 0..65535 */
	uint32_t u_threshold;        /* uthreshold, 0 = none */
	uint32_t l_threshold;        /* lthreshold, 0 = none */
	uint16_t tun_port;           /* GUE */
	uint8_t tun_type;            /* enum vg_lvs_tun_type */
	bool inhibit_on_failure : 1; /* failed: weight 0 instead of removal */
	bool has_notify_up : 1;      /* notify_up / notify_down scripts configured */
	bool has_notify_down : 1;
};

struct vg_lvs_service_config {
	uint16_t id;                 /* names the service in effects */
	uint8_t kind;                /* enum vg_lvs_vs_kind */
	struct vg_addr addr;         /* VG_LVS_VS_ADDR */
	uint16_t port;               /* 0 = all ports */
	uint32_t fwmark;             /* VG_LVS_VS_FWMARK */
	uint16_t group;              /* VG_LVS_VS_GROUP: index of the virtual_server_group */
	uint8_t family;              /* VG_AF_INET / VG_AF_INET6 (ip_family for fwmark services) */
	uint8_t protocol;            /* enum vg_lvs_proto, default TCP */
	struct vg_lvs_sched_params sched; /* lvs_sched and its flags (sh-port, mh-fallback, ...) */
	uint8_t fwd;                 /* lvs_method */
	bool ops;                    /* one-packet scheduling (UDP) */
	bool persistent;             /* persistence_timeout given */
	uint32_t persistence_timeout_s; /* default 360 when persistent */
	uint8_t persistence_granularity_bits; /* netmask as a prefix length, 0 = host (/32, /128) */
	uint32_t quorum;             /* default 1 */
	uint32_t hysteresis;         /* default 0 */
	bool has_quorum_up;          /* quorum_up / quorum_down scripts configured */
	bool has_quorum_down;
	bool alpha;
	bool omega;
	bool rs_init_notifies;       /* global rs_init_notifies: notify_up for servers alive at START */
	bool ha_suspend;
	bool has_sorry;
	bool sorry_inhibit;          /* sorry_server_inhibit */
	struct vg_lvs_rs_config sorry;
	uint16_t rs_count;           /* <= VG_LVS_RS_MAX */
	uint16_t checker_count;      /* <= VG_LVS_CHECKERS_MAX */
	uint16_t url_count;          /* <= VG_LVS_URLS_MAX */
	struct vg_lvs_rs_config *rs; /* rs_count entries, the builder's storage */
	struct vg_lvs_checker_config *checker; /* checker_count entries */
	struct vg_lvs_url *url;      /* url_count entries */
};

/* keepalived's defaults: TCP, NAT, wlc (IPVS_DEF_SCHED), quorum 1, persistence 360 s once enabled. */
void vg_lvs_service_config_defaults(struct vg_lvs_service_config *cfg);
void vg_lvs_rs_config_defaults(struct vg_lvs_rs_config *rs, const struct vg_lvs_service_config *svc);
/* Structural validation; 0 or VG_LVS_EINVAL. */
int vg_lvs_service_config_check(const struct vg_lvs_service_config *cfg);

struct vg_lvs_rs_state {
	bool alive;                  /* keepalived ISALIVE(rs): no checker down */
	bool set;                    /* in the kernel table (with any weight) */
	uint16_t num_failed_checkers;
	int32_t effective_weight;    /* configured weight, or a dynamic one */
};

/*
 * The runtime of one service. Its real server states and checkers live in
 * storage its owner provides, sized by the configuration's counts (as the
 * configuration's own arrays are): bind it with vg_lvs_service_bind() (or
 * take a service from vg_lvs_service_alloc() / vg_lvs_services_alloc(),
 * which come bound) before vg_lvs_service_init(), which keeps the binding.
 */
struct vg_lvs_service {
	const struct vg_lvs_service_config *cfg;
	struct vg_lvs_rs_state *rs;  /* cfg->rs_count entries, the owner's storage */
	struct vg_lvs_checker *chk;  /* cfg->checker_count entries, the owner's storage */
	uint16_t *heap;              /* 2 * cfg->checker_count entries, the owner's storage: the checkers'
					deadline heap (service.c), heap[pos] the checker at place pos,
					heap[checker_count + k] checker k's place */
	bool started;
	bool quorum_up;
	bool vip_present;            /* for ha_suspend */
	struct vg_lvs_rs_state sorry;
	vg_time last_now_ns;
	vg_time node_next_ns;        /* node.c's cache of vg_lvs_service_next_deadline() */
	uint32_t quorum_changes;     /* counters */
	uint32_t rs_changes;
};

/* The checkers' next_ns were set from outside (a reload's carry-over): order them again. */
void vg_lvs_service_reindex(struct vg_lvs_service *svc);

/* Point svc at storage for rs_count real server states, checker_count checkers and 2 * checker_count
   heap places. */
void vg_lvs_service_bind(struct vg_lvs_service *svc, struct vg_lvs_rs_state *rs, struct vg_lvs_checker *chk,
			 uint16_t *heap);

/*
 * One service with its storage for cfg's counts in one allocation, bound
 * (not initialised); free() releases it. NULL when out of memory.
 */
struct vg_lvs_service *vg_lvs_service_alloc(const struct vg_lvs_service_config *cfg);

/*
 * `count` services, service i bound to storage sized for cfg[i] (rs_count,
 * checker_count), in one allocation; free() releases it. NULL when out of
 * memory.
 */
struct vg_lvs_service *vg_lvs_services_alloc(const struct vg_lvs_service_config *const *cfg, uint32_t count);

/* Initialise a bound service for cfg (storage for at least cfg's counts); forgets any previous state. */
void vg_lvs_service_init(struct vg_lvs_service *svc, const struct vg_lvs_service_config *cfg);

/*
 * Install the service (init_service_vs): add it, add every server whose
 * checkers are not alpha (inhibit_on_failure servers are added with
 * weight 0 otherwise), settle the quorum (quorum_up, or the sorry server
 * and quorum_down), and arm every checker with its warmup drawn from
 * `seed` (the caller's randomness; the same seed gives the same timers).
 */
void vg_lvs_service_start(struct vg_lvs_service *svc, vg_time now, uint64_t seed,
			  struct vg_actions *out);

/* Remove the service (clear_service_vs); with omega, run the down notifies. */
void vg_lvs_service_stop(struct vg_lvs_service *svc, vg_time now, struct vg_actions *out);

/* The earliest checker deadline, VG_TIME_NEVER if none. */
vg_time vg_lvs_service_next_deadline(const struct vg_lvs_service *svc);

/* Forward time to every checker: start due probes, time out late ones. */
void vg_lvs_service_handle_expiry(struct vg_lvs_service *svc, vg_time now, struct vg_actions *out);
/* The same, returning vg_lvs_service_next_deadline() afterwards, found in the same pass. */
vg_time vg_lvs_service_handle_expiry_next(struct vg_lvs_service *svc, vg_time now, struct vg_actions *out);

/* A probe result for checker r->checker. */
void vg_lvs_service_probe_result(struct vg_lvs_service *svc, vg_time now,
				 const struct vg_lvs_probe_result *r, const struct vg_lvs_md5 *md5,
				 struct vg_actions *out);

/* ha_suspend: the virtual address appeared / disappeared on this host. */
void vg_lvs_service_set_vip_present(struct vg_lvs_service *svc, bool present, vg_time now,
				    struct vg_actions *out);

/* A new effective weight for a server (update_svr_wgt): kernel edit if it is in the pool, quorum re-evaluated. */
void vg_lvs_service_set_weight(struct vg_lvs_service *svc, uint16_t rs, int32_t weight, vg_time now,
			       struct vg_actions *out);

/*
 * FILE_CHECK: tracked file `track_file` (its index in the configuration)
 * now holds `value`. Before start it sets the initial state of the
 * checkers that track it, without effects; after, their verdicts.
 */
void vg_lvs_service_file_value(struct vg_lvs_service *svc, uint16_t track_file, int64_t value, vg_time now,
			       struct vg_actions *out);
/* BFD_CHECK: bfd_instance `bfd` (its index in the configuration) is Up (up) or not, to every BFD_CHECK of it. */
void vg_lvs_service_bfd_state(struct vg_lvs_service *svc, uint16_t bfd, bool up, vg_time now, struct vg_actions *out);
/* Sum of the weights of alive servers (weigh_live_realservers). */
int64_t vg_lvs_service_live_weight(const struct vg_lvs_service *svc);

#endif
