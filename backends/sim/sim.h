/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the deterministic simulated network (first cut).
 *
 * Nodes run the real core (one vg_router each) on one shared segment. A
 * virtual clock jumps from event to event: packet deliveries (with a
 * per-segment delay and loss drawn from one seeded PRNG), node faults, and
 * the deadlines the routers ask for. The same seed and schedule give the
 * same run, bit for bit. Every effect and state change is reported to an
 * observer callback so the caller can print a timeline or check
 * invariants.
 */
#ifndef VG_SIM_SIM_H
#define VG_SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"
#include "node/node.h"
#include "vrrp/ah.h"
#include "vrrp/plan.h"
#include "vrrp/router.h"

#define VG_SIM_NODES_MAX 16
#define VG_SIM_INST_MAX 128       /* instances per node (the checkers' tables) */
#define VG_SIM_QUEUE_MAX 4096           /* VRRP deliveries and faults pending */
#define VG_SIM_WORLD_EVENTS_MAX 65536   /* the other world's events pending (the same heap) */
#define VG_SIM_KEY_WORLD UINT32_C(0x80000000) /* a heap key's slot names the other world's event */
#define VG_SIM_IFACES_MAX 32 /* interfaces per node (the plan's ids 1..31) */

struct vg_sim_node {
	char name[32];
	struct vg_addr addr;                    /* primary address on the segment */
	struct vg_node node;                    /* configs, instances, router: the core's node builder */
	struct vg_vrrp_config *cfg;             /* node.plan.cfg: instance i runs cfg[i] (id = i) */
	struct vg_vrrp_instance *inst;          /* node.inst */
	uint16_t inst_count;                    /* node.plan.inst_count */
	bool *vips_held;                        /* per instance: VIPs installed on this node (allocated) */
	bool running;                           /* process alive */
	bool drop_vrrp_in;                      /* firewall: drop IP protocol 112 inbound */
	bool drop_vrrp_out;
	uint8_t partition;                      /* nodes hear each other only within one partition */
	vg_time deadline;                       /* the router's next deadline, cached after each input */
	uint8_t segment[VG_SIM_IFACES_MAX];     /* segment of each interface id (default 0: one segment) */
	bool reloaded;                          /* runs another configuration than it was built with */
	bool multicast;                         /* vg_sim_node_multicast(): reloads keep it so */
};

enum vg_sim_fault {
	VG_SIM_CRASH,     /* process dies: no priority 0, VIPs stay until restart cleans them */
	VG_SIM_STOP,      /* graceful stop: Shutdown event */
	VG_SIM_START,     /* (re)start the process */
	VG_SIM_FW_DROP,   /* firewall drops VRRP in and out */
	VG_SIM_FW_ALLOW,
	VG_SIM_PARTITION, /* move the node to partition .arg (0 = the whole segment) */
	VG_SIM_LINK_DOWN, /* the node's interface .arg goes down */
	VG_SIM_LINK_UP,
	VG_SIM_TRACK_FAIL, /* tracked object .arg (VG_TRACK_SCRIPT id) fails */
	VG_SIM_TRACK_OK,
	VG_SIM_FW_DROP_IN,  /* firewall drops VRRP inbound only */
	VG_SIM_FW_DROP_OUT, /* firewall drops VRRP outbound only */
	VG_SIM_RELOAD,      /* reload: the node runs the configuration of reload slot .arg (core diff, node/reload.h) */
	VG_SIM_RELOAD_REFUSED, /* a reload of a file with errors: refused, the running configuration stays */
	VG_SIM_VIP_DEL,     /* a VIP of instance .arg & 0xffff removed by hand (.arg bit 16: it is no_track) */
	VG_SIM_PROC_DOWN,   /* tracked process .arg (VG_TRACK_PROCESS id) loses its quorum (after its delays) */
	VG_SIM_PROC_UP,
};

/* A configuration a node reloads (slot of vg_sim.reloads); it must outlive the run. */
struct vg_sim_reload {
	const struct vg_conf *conf;
	int16_t priority_delta;  /* added to every non-owner priority (clamped 1..254): "the file with a changed priority" */
};

/* What a reload did (the last one, for the observer of its fault note). */
struct vg_sim_reload_stats {
	uint16_t carried, stopped, started;
	bool failed;          /* out of memory: nothing changed */
};

struct vg_sim_item {
	vg_time at;
	uint64_t seq;       /* FIFO among equal times: determinism */
	uint8_t kind;       /* 0 = deliver, 1 = fault */
	uint8_t node;
	uint8_t fault;      /* enum vg_sim_fault */
	uint32_t arg;       /* fault: partition, interface id or script id; delivery: receiving ifindex */
	uint16_t len;
	bool ah;            /* pkt is a whole IPv4 datagram with an AH header (auth_type AH, sim.c) */
	struct vg_addr src, dst;
	uint8_t pkt[VG_AH_DGRAM_MAX];
};

struct vg_sim;

/* What the observer sees. */
enum vg_sim_note {
	VG_SIM_NOTE_ACTION,  /* a core effect on node .node */
	VG_SIM_NOTE_FAULT,   /* a fault applied */
	VG_SIM_NOTE_DROP,    /* a packet dropped: .why (core) or .lost (network) */
	VG_SIM_NOTE_STEP,    /* one event fully handled (invariant checkers run here) */
	VG_SIM_NOTE_RELOADED, /* node .node reloaded slot .arg: s->last_reload says what carried, stopped, started */
};

struct vg_sim_obs {
	uint8_t note;
	uint8_t node;
	const struct vg_action *action;
	uint8_t fault;
	uint32_t arg;
	enum vg_vrrp_drop why;
	bool lost;
};

typedef void (*vg_sim_observer)(void *ctx, const struct vg_sim *s, const struct vg_sim_obs *o);

/*
 * Another world on the same clock and in the same run loop (the LVS world,
 * sim/lvs): its earliest pending time is pulled like a router's deadline,
 * and it runs what is due when that comes before every VRRP event (at equal
 * times VRRP goes first: a new Master changes what the LVS side does).
 */
struct vg_sim_world {
	vg_time (*next_deadline)(void *ctx);     /* its pulled timers (queued events are the engine's); NEVER: none */
	void (*handle)(void *ctx, vg_time now);  /* everything due at `now` */
	void (*after_vrrp)(void *ctx);           /* after each VRRP event: follow starts, stops, Masters */
	void *ctx;
};

struct vg_sim {
	vg_time now;
	uint64_t rng;                /* splitmix64 state, from the seed */
	vg_time delay_ns;            /* one-way segment delay */
	vg_time jitter_ns;           /* extra delay drawn uniformly in [0, jitter]: reorders */
	uint32_t loss_ppm;           /* packet loss, parts per million */
	uint32_t dup_ppm;            /* packet duplication, parts per million */
	struct vg_sim_node *nodes;   /* caller-owned array */
	uint8_t node_count;
	struct vg_sim_item *queue;   /* item slots, caller-owned, VG_SIM_QUEUE_MAX of them */
	uint32_t queue_len;          /* keys in the heap: VRRP items and the other world's events */
	uint32_t world_len;          /* of those, the other world's */
	uint32_t free_count;
	uint64_t seq;
	uint64_t delivered, lost, events;
	uint64_t fx_unhandled;       /* core effects of a kind the simulator does not carry out (0 unless a bug) */
	vg_sim_observer observe;
	void *observe_ctx;
	struct vg_sim_world world;   /* .handle NULL: VRRP only */
	const struct vg_sim_reload *reloads; /* caller-owned slots named by VG_SIM_RELOAD faults */
	uint16_t reload_count;
	struct vg_sim_reload_stats last_reload;
	/* the one event queue: a binary heap of small keys ordered by (time, VRRP before the other
	   world, insertion); VRRP items stay in their slots of `queue`, the other world's events in its
	   own slots (VG_SIM_KEY_WORLD marks them). Last in the struct: a run does not clear it. */
	struct vg_sim_key {
		vg_time at;
		uint64_t seq;
		uint32_t slot;
	} heap[VG_SIM_QUEUE_MAX + VG_SIM_WORLD_EVENTS_MAX];
	uint32_t free_slot[VG_SIM_QUEUE_MAX]; /* stack of unused item slots */
};

void vg_sim_init(struct vg_sim *s, struct vg_sim_node *nodes, uint8_t node_count, struct vg_sim_item *queue,
		 uint64_t seed);

/*
 * Build a node from a configuration through the core's node builder
 * (vg_node_build): name, address, its instances and sync groups; the node
 * is down, reachable, on the default segment, holding no VIP. The conf
 * must outlive the node. Returns vg_node_build's 0 or -1 (an instance was
 * left out, see diags (NULL: not wanted); the node is built), VG_CONF_ERR_NOMEM, or
 * VG_SIM_ERR_SIZE (more than VG_SIM_INST_MAX instances; nothing to free).
 */
#define VG_SIM_ERR_SIZE (-10)
int vg_sim_node_build(struct vg_sim_node *n, const char *name, const struct vg_addr *addr, const struct vg_conf *conf,
		      struct vg_diags *diags);
/*
 * The same from configs written by hand (tests): vg_node_build_configs; the
 * configs' lists stay the caller's. 0 or VG_CONF_ERR_NOMEM / VG_SIM_ERR_SIZE.
 * Such a node cannot reload (no conf behind it).
 */
int vg_sim_node_build_configs(struct vg_sim_node *n, const char *name, const struct vg_addr *addr,
			      const struct vg_vrrp_config *cfg, uint16_t count, const struct vg_sync_group *groups,
			      uint16_t group_count);
void vg_sim_node_free(struct vg_sim_node *n);

/* Unicast peers and source addresses dropped: every instance multicasts on one segment (explore). */
void vg_sim_node_multicast(struct vg_sim_node *n);

/* Back to a fresh node (down, reachable, no VIP), the configs kept: a new run of the same world. */
void vg_sim_node_clear(struct vg_sim_node *n);

/* (Re)bind the node's router: every instance back to Initialize (a start). */
void vg_sim_node_setup(struct vg_sim *s, uint8_t node);

/* Schedule a fault at an absolute virtual time. Returns -1 if the queue is full. */
int vg_sim_schedule(struct vg_sim *s, vg_time at, uint8_t node, enum vg_sim_fault fault);
int vg_sim_schedule_arg(struct vg_sim *s, vg_time at, uint8_t node, enum vg_sim_fault fault, uint32_t arg);

/* Can a packet from node a reach node b now (both running, no firewall, same partition)? */
bool vg_sim_hears(const struct vg_sim *s, uint8_t from, uint8_t to);

const char *vg_sim_fault_name(enum vg_sim_fault f);

/* splitmix64: the simulator's PRNG step, the same on every machine. */
uint64_t vg_sim_splitmix(uint64_t *state);

/*
 * The other world's events go into the one queue: the world keeps each
 * event in its own slot and the engine orders the slots with the VRRP
 * items. Push returns -1 when VG_SIM_WORLD_EVENTS_MAX are pending. Pop
 * takes the earliest world event due at `now` (its handle() calls it), false
 * when none is.
 */
int vg_sim_world_push(struct vg_sim *s, vg_time at, uint32_t slot);
bool vg_sim_world_pop(struct vg_sim *s, vg_time now, uint32_t *slot);

/* Run until virtual time `until` (the world too, on the same clock; it also runs at `until`). */
void vg_sim_run(struct vg_sim *s, vg_time until);

/*
 * Replay (vigil replay, sim/replay.h): hand node `node` one recorded input
 * at its recorded time `now` (never before the last), to its router (inst
 * -1) or to one instance; its effects are carried out and observed as in a
 * run. Such a node's timers are not pulled: the recording holds its timer
 * events, so do not vg_sim_run() the world.
 */
void vg_sim_feed(struct vg_sim *s, uint8_t node, vg_time now, const struct vg_vrrp_event *ev, int inst,
		 enum vg_vrrp_drop *why);

/*
 * The same node now runs `conf` (a reload recorded by vigild): the core's
 * diff; every old instance the diff stops is stopped; the carried ones move;
 * nothing is fed (the recording holds the new generation's start). Notes
 * VG_SIM_NOTE_RELOADED with arg UINT32_MAX. -1: the node cannot be built.
 */
int vg_sim_swap(struct vg_sim *s, uint8_t node, vg_time now, const struct vg_conf *conf, bool started);

/* Number of nodes whose instance `idx` is Master (running nodes only). */
int vg_sim_masters(const struct vg_sim *s, uint16_t idx, int *who);

#endif
