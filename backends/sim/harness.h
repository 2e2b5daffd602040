/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the one simulation harness of `vigil sim`, `vigil explore`, `vigil demo` and fuzz-sim.
 *
 * A harness is one simulated world: nodes (each running one keepalived.conf,
 * built by the core's node builder), the network and fault rates of one
 * options struct, the fault schedule (from a scenario, drawn at random from
 * the seed, or given), the invariant checkers (sim/check.h, sim/lvs/
 * lvs_check.h), the scenario's expectations and the LVS world (sim/lvs).
 * Every observation goes to the checkers, then the LVS world, then the
 * caller's observers (a timeline, a pcap), in that order. VRRP and LVS run on
 * one event queue and one clock (sim.h vg_sim_world). Front-ends only parse
 * their command line and print.
 *
 *   vg_harness_init(h, &opts);
 *   vg_harness_add_conf(h, name, &addr, conf, 0, &diags);   // per node
 *   vg_harness_start(h, lvs, &diags, &bad);                  // sim, checkers, LVS
 *   (a new run of the same nodes: set h->opt.seed, vg_harness_start() again)
 *   vg_harness_schedule_scenario(h, &scn, path) / vg_harness_draw() + schedule_faults()
 *   vg_harness_run(h, until);
 *   vg_harness_converged(h) / vg_harness_expect(h, &x, &verdict)
 *   vg_harness_fini(h);
 *
 * The same options and seed give the same run, bit for bit.
 */
#ifndef VG_SIM_HARNESS_H
#define VG_SIM_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "sim/check.h"
#include "sim/lvs/lvs_sim.h"
#include "sim/scenario.h"
#include "sim/sim.h"
#include "vrrp/plan.h"

#define VG_HARNESS_OBSERVERS_MAX 4
#define VG_HARNESS_FAULTS_MAX 128   /* one drawn schedule, repairs included */
#define VG_HARNESS_HEAL_MAX (VG_SIM_NODES_MAX * 40 + VG_LVS_SIM_SERVERS_MAX)
#define VG_HARNESS_RELOAD_DELTA 50  /* drawn reloads: the same file, or priority -50 / +50 */
#define VG_HARNESS_RELOADS_MAX 64   /* reload slots (configurations a node reloads) */
#define VG_HARNESS_LOG_MAX 65536    /* state changes and GARP bursts remembered for expectations */

/* What `expect ... transitions|garps` counts. */
struct vg_harness_log_rec {
	vg_time at;
	uint8_t node;
	uint8_t kind;               /* VG_ACT_STATE or VG_ACT_SEND_GARP */
	uint16_t count;             /* GARP: frames (repeat x VIPs); state: 1 */
	char inst[VG_VRRP_NAME_MAX];
};

/* The kinds of fault a random schedule draws (vg_harness_opts.weight). */
enum vg_harness_draw_kind {
	VG_HARNESS_DRAW_CRASH,     /* crash, repaired by a start */
	VG_HARNESS_DRAW_STOP,      /* graceful stop, repaired by a start */
	VG_HARNESS_DRAW_FIREWALL,  /* firewall drops VRRP both ways */
	VG_HARNESS_DRAW_PARTITION, /* the node moves to partition 1 or 2 */
	VG_HARNESS_DRAW_LINK,      /* one of its configuration's interfaces goes down */
	VG_HARNESS_DRAW_SCRIPT,    /* one of its vrrp_scripts fails */
	VG_HARNESS_DRAW_KINDS,
};

/* Every rate of the world in one place (TigerBeetle's options struct). */
struct vg_harness_opts {
	uint64_t seed;             /* the network PRNG; a drawn schedule uses its own stream of it */
	vg_time duration;          /* the run */
	/* the network: one segment unless the scenario attaches interfaces */
	vg_time delay_ns;          /* one-way delay */
	vg_time jitter_ns;         /* extra delay in [0, jitter]: reorders */
	uint32_t loss_ppm;         /* packet loss, parts per million */
	uint32_t dup_ppm;          /* duplication, parts per million */
	/* random schedules (vg_harness_draw): faults in [1 s, chaos_ns), then the heal at chaos_ns */
	vg_time chaos_ns;          /* 0: two thirds of the duration */
	uint8_t faults_min;        /* faults drawn per schedule: faults_min..faults_max */
	uint8_t faults_max;
	uint16_t weight[VG_HARNESS_DRAW_KINDS]; /* relative odds of each kind */
	uint8_t keep_one_in;       /* one fault in keep_one_in lasts until the heal, others are repaired */
	/* drawn from streams of their own: the faults above stay what the seed gave before */
	uint8_t reloads_max;       /* reloads per schedule, 0..reloads_max: same file, priority -50 or +50 */
	uint8_t rs_faults_max;     /* LVS: real-server faults per schedule (down, slow, wrong body, flap), repaired */
	uint8_t client_bursts_max; /* LVS: client bursts per schedule, 1..max (1..50 connections/s for 5..35 s, 1 s each) */
};

/* Schedule entries for the LVS world (beyond enum vg_sim_fault). */
#define VG_HARNESS_RS_MODE 200  /* real server .arg (LVS world index) takes mode .mode (flap: every .span_ns) */
#define VG_HARNESS_CLIENTS 201  /* .arg new connections per second for .span_ns, each held 1 s, to every service */

/* One fault at a virtual time (a schedule entry). */
struct vg_harness_fault {
	vg_time at;
	uint8_t node;
	uint8_t kind;              /* enum vg_sim_fault, VG_HARNESS_RS_MODE or VG_HARNESS_CLIENTS */
	uint32_t arg;              /* sim fault: its arg; VG_SIM_RELOAD: reload slot */
	uint8_t mode;              /* RS_MODE: enum vg_scn_rs_mode */
	vg_time span_ns;           /* RS_MODE flap period; CLIENTS: how long */
};

/* What the harness keeps beside each simulated node. */
struct vg_harness_node {
	const struct vg_conf *conf;       /* what the node runs (NULL: configs written by the caller) */
	const struct vg_vrrp_plan *plan;  /* its plan (interface names), inside the sim node */
	uint16_t iface_count;             /* interface ids 1..iface_count (links to heal) */
	uint16_t script_count;            /* tracked script ids 1..script_count */
	unsigned flags;                   /* of vg_harness_add_conf: a reloaded node is rebuilt alike */
};

/* An expectation's result: what was expected, whether it held, and why not. */
struct vg_harness_verdict {
	bool ok;
	bool known;                 /* false: no node has the instance (VRRP expectations) */
	bool lvs;                   /* an LVS expectation: note says why */
	int masters, holders;       /* VRRP expectations: Masters of the instance, nodes holding its VIPs */
	char what[160];
	char note[160];
};

struct vg_harness;
typedef void (*vg_harness_observer)(void *ctx, const struct vg_harness *h, const struct vg_sim_obs *o);

struct vg_harness {
	struct vg_harness_opts opt;
	struct vg_sim sim;
	struct vg_sim_node node[VG_SIM_NODES_MAX];
	struct vg_harness_node info[VG_SIM_NODES_MAX];
	uint8_t node_count;
	struct vg_sim_item queue[VG_SIM_QUEUE_MAX];
	struct vg_sim_check check;
	struct vg_lvs_sim *lvs;     /* LVS world, NULL when no node has virtual servers */
	struct {
		vg_harness_observer fn;
		void *ctx;
	} obs[VG_HARNESS_OBSERVERS_MAX];
	uint8_t obs_count;
	bool lvs_built;             /* h->lvs holds these nodes' services: a new run resets it */
	struct vg_sim_reload reload[VG_HARNESS_RELOADS_MAX];
	int16_t draw_reloads;       /* first of the slots vg_harness_reload_slots() added, -1 none */
	bool reload_refused[VG_HARNESS_RELOADS_MAX];
	uint16_t reload_count;
	struct vg_harness_log_rec *log; /* NULL unless vg_harness_log_enable() */
	uint32_t log_len;
	uint64_t log_lost;
};

/* Defaults: seed 1, 60 s, delay 100 us, no loss, explore's schedule (2..9 faults, equal odds, one in 3 kept). */
void vg_harness_opts_default(struct vg_harness_opts *o);

/* An empty world with these options (the struct is large: allocate it statically or on the heap);
   vg_harness_fini() frees its nodes. */
void vg_harness_init(struct vg_harness *h, const struct vg_harness_opts *o);

/*
 * A node running configs written by the caller (fuzz worlds:
 * vg_sim_node_build_configs; their lists stay the caller's). iface_count and
 * script_count bound the heal and the drawn faults. It cannot reload.
 * Returns 0, VG_CONF_ERR_NOMEM or VG_SIM_ERR_SIZE.
 */
int vg_harness_add_configs(struct vg_harness *h, const char *name, const struct vg_addr *addr,
			   const struct vg_vrrp_config *cfg, uint16_t count, uint16_t iface_count, uint16_t script_count);

/*
 * Parse a keepalived.conf held in memory (the text must outlive the tree:
 * diagnostics read its lines again), named `name` in diagnostics; no
 * include can be read. See vg_conf_parse().
 */
int vg_harness_conf_text(const char *name, const char *text, struct vg_conf **out, struct vg_diags *diags);

/* Flags of vg_harness_add_conf. */
#define VG_HARNESS_ONE_SEGMENT 0x1 /* unicast peers and source addresses dropped: every node on one multicast segment */

/*
 * A node running a configuration, built by the core's node builder
 * (vg_sim_node_build; conf must outlive the harness). Returns 0, -1 (an
 * instance the core cannot run was left out, see diags; the node is
 * added), VG_CONF_ERR_NOMEM or VG_SIM_ERR_SIZE (too many instances or
 * nodes: not added).
 */
int vg_harness_add_conf(struct vg_harness *h, const char *name, const struct vg_addr *addr, const struct vg_conf *conf,
			unsigned flags, struct vg_diags *diags);

/*
 * A configuration some node reloads (`at T reload NODE FILE`): slots are
 * taken in the scenario's order of reload lines. `refused`: the file has
 * errors and the reload is refused at its time, as vigild refuses it.
 * The conf must outlive the harness. Returns the slot or -1 when full.
 */
int vg_harness_reload_add(struct vg_harness *h, const struct vg_conf *conf, bool refused);

/*
 * The slots random reloads use: per node, its own configuration as it is,
 * with priorities -VG_HARNESS_RELOAD_DELTA, and +VG_HARNESS_RELOAD_DELTA.
 * Call once, after the nodes are added. -1 when the slots are full.
 */
int vg_harness_reload_slots(struct vg_harness *h);

/* Remember state changes and GARP bursts (for transitions / garps expectations); -1 out of memory. */
int vg_harness_log_enable(struct vg_harness *h);

/* Observers run after the checkers and the LVS world, in the order added. Returns -1 when full. */
int vg_harness_observe(struct vg_harness *h, vg_harness_observer fn, void *ctx);

/*
 * A new run: every node down and reachable (a node a reload changed is
 * built again from its own configuration), the network options and the
 * seed of h->opt, the checkers; with `lvs`, the
 * LVS world of every node that has a configuration (diagnostics of the
 * virtual servers go to diags; -1 with *bad_node set if one cannot be
 * simulated, -2 out of memory).
 */
int vg_harness_start(struct vg_harness *h, bool lvs, struct vg_diags *diags, uint8_t *bad_node);

/* Schedule one fault, or a list; -1 if the queue is full. */
int vg_harness_schedule(struct vg_harness *h, const struct vg_harness_fault *f);
int vg_harness_schedule_faults(struct vg_harness *h, const struct vg_harness_fault *f, int n);

/* Start every node at 0 s (those in `mask`, bit k = node k). */
void vg_harness_start_nodes(struct vg_harness *h, uint32_t mask);

/*
 * The scenario's segments and timeline (nodes must be added in the
 * scenario's order). Errors go to stderr as "file:line: message"; -1.
 */
int vg_harness_attach_segments(struct vg_harness *h, const struct vg_scenario *scn, const char *path);
int vg_harness_schedule_scenario(struct vg_harness *h, const struct vg_scenario *scn, const char *path);

/*
 * Draw a random fault schedule from `seed` and the options (faults before
 * the heal only): VRRP faults, then reloads (with vg_harness_reload_slots),
 * then, with an LVS world that has real servers, real-server faults and
 * client bursts. Returns the count.
 */
int vg_harness_draw(const struct vg_harness *h, uint64_t seed, struct vg_harness_fault *f, int max);

/* Append the heal at `at`: every node started, reachable, its links up, its scripts passing, every real server up. */
int vg_harness_heal(const struct vg_harness *h, vg_time at, struct vg_harness_fault *f, int n, int max);

/* When the heal of a random schedule happens. */
vg_time vg_harness_heal_time(const struct vg_harness *h);

/*
 * How long after a heal the world needs to converge: from the
 * configurations (the slowest Master_Down_Interval, advert interval,
 * preempt_delay, sync group members) and the network (delay, jitter).
 */
vg_time vg_harness_converge_ns(const struct vg_harness *h);

/* Run the world (VRRP and LVS, one clock) up to virtual time `until`. */
void vg_harness_run(struct vg_harness *h, vg_time until);

/* Liveness after a heal: exactly one Master per virtual router of node 0. */
bool vg_harness_converged(const struct vg_harness *h);

/* Evaluate a scenario expectation now. */
void vg_harness_expect(struct vg_harness *h, const struct vg_scenario *scn, const struct vg_scn_expect *x,
		       struct vg_harness_verdict *v);

/* Exactly one Master of instance `inst`, on node `node`, holding its VIPs. */
bool vg_harness_master_is(const struct vg_harness *h, uint16_t inst, uint8_t node);

/* Invariant violations found so far (VRRP and LVS). */
uint32_t vg_harness_violations(const struct vg_harness *h);

/* The index of instance `name` on node `node`, -1 if none. */
int vg_harness_find_inst(const struct vg_harness *h, uint8_t node, const char *name);

void vg_harness_fini(struct vg_harness *h);

#endif
