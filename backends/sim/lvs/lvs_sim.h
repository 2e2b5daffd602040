/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: LVS in the simulator: directors, simulated real servers and clients.
 *
 * Each scenario node whose keepalived.conf has virtual servers runs them
 * with the real core (lvs/from_conf.h -> lvs/node.h, one node unit per
 * director holding its services and checkers): checkers send
 * PROBE effects, table effects edit a model of the kernel's IPVS table (one
 * lvs/sched.h scheduler and one lvs/persist.h template table per IPVS
 * service, i.e. per key of the service). The world adds:
 *   - simulated real servers, one per address:port named by any
 *     configuration, each in a mode set by the scenario: up (answers after
 *     1 ms), down (connection refused after 1 ms), slow (answers only after
 *     connect_timeout + 1 s: every probe times out, the late answer is
 *     stale), flap P (down, then up, alternating every P from the event),
 *     wrong-body (HTTP: status 503 and a body that fails digest and regex;
 *     TCP and other checks pass). A healthy HTTP answer is status 200 with
 *     the body "OK <addr>:<port>\n"; the simulator does not hash: that body
 *     counts as carrying the digest the url expects (deviation). url regex
 *     patterns are POSIX extended regular expressions here (regcomp), where
 *     keepalived uses PCRE2 (deviation);
 *   - clients: `clients RATE/s for T hold H` opens RATE connections per
 *     second, evenly spaced, to every service (or one), from seeded random
 *     addresses in 198.51.100.0/24 and 203.0.113.0/24 and random ports;
 *     each stays open H. The director's scheduler (through the persistence
 *     templates for a persistent service) picks the real server; the world
 *     counts connections per server.
 *   - the director of a service: the running node whose VRRP instance with
 *     the service's address among its VIPs is Master; a service whose
 *     address no instance carries is directed by the first node that has
 *     it (node 1). Every running node runs its checkers (keepalived does on
 *     backups too); only the director schedules. ha_suspend pauses the
 *     checkers of a node not holding the VIP.
 * Checkers probe the real server's address and port (connect_ip /
 * connect_port are not simulated). Runs are deterministic: one splitmix64
 * stream from the scenario seed, events ordered by (time, insertion).
 */
#ifndef VG_SIM_LVS_SIM_H
#define VG_SIM_LVS_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf.h"
#include "lvs/from_conf.h"
#include "lvs/node.h"
#include "lvs/persist.h"
#include "lvs/service.h"
#include "lvs/table.h"
#include "sim/scenario.h"
#include "sim/sim.h"

#define VG_LVS_SIM_SERVERS_MAX 256      /* simulated real servers (distinct address:port) */
#define VG_LVS_SIM_KEYS_MAX 16          /* IPVS services simulated per virtual server */
#define VG_LVS_SIM_GENS_MAX 32          /* client generators */
#define VG_LVS_SIM_EVENTS_MAX VG_SIM_WORLD_EVENTS_MAX /* pending events (probe answers, closes, ...) */
#define VG_LVS_SIM_CONN_LOG_MAX 262144  /* new connections remembered for `expect conns` */
#define VG_LVS_SIM_VIOLATIONS_MAX 32
#define VG_LVS_SIM_PROBE_RTT_NS VG_MS(1)
#define VG_LVS_SIM_RELOADS_MAX 32       /* reloads of one director remembered for `expect lvs-edits` */

struct vg_lvs_sim_server {
	struct vg_addr addr;
	uint16_t port;
	uint8_t mode;                /* enum vg_scn_rs_mode */
	vg_time mode_since;
	vg_time period_ns;           /* flap */
	uint64_t conns;              /* new connections scheduled to it */
	uint64_t refused;            /* of those, while it refused (down) */
	uint32_t open;               /* connections open now */
	uint64_t probes;
};

/* One IPVS service of a director: a key of a virtual server. */
struct vg_lvs_sim_ipvs {
	struct vg_lvs_sched sched;
	struct vg_lvs_persist persist; /* when the service is persistent */
};

struct vg_lvs_sim_svc {
	const struct vg_lvs_conf_service *cs;
	struct vg_lvs_service *svc;    /* the node unit's service: vg_lvs_sim_node.services[j] */
	uint8_t ipvs_count;
	struct vg_lvs_sim_ipvs *ipvs;  /* ipvs_count, allocated */
	int16_t server[VG_LVS_RS_MAX + 1]; /* rs index (VG_LVS_RS_SORRY last) -> world server */
	int16_t inst;                  /* VRRP instance carrying its address, -1 none */
	struct vg_addr vip_addr;       /* that address (the VIP event names it) */
	bool director;                 /* this node schedules the service now */
	uint64_t nodest;               /* connections the scheduler could not place */
	void *re[VG_LVS_URLS_MAX];     /* compiled url regex (regex_t), NULL if none */
};

struct vg_lvs_sim_node {
	uint8_t node;                  /* index in the vg_sim */
	struct vg_lvs_conf_map map;
	uint32_t svc_count;
	struct vg_lvs_sim_svc *svc;    /* allocated */
	struct vg_lvs_node core;       /* the node unit driving the services */
	struct vg_lvs_service *services; /* svc_count, allocated: the unit's services */
	bool running;
	uint32_t epoch;                /* restarts: events of an older run are dropped */
	/* reloads (lvs_reload.h): the table its file programs, diffed by each reload */
	struct vg_lvs_table start_table;    /* of the file it started with */
	struct vg_lvs_table reloaded_table; /* of the latest reloaded file */
	const struct vg_lvs_table *table;   /* start_table or reloaded_table */
	uint8_t reload_count;
	struct {
		vg_time at;
		uint32_t edits;                 /* IPVS operations the reload's diff made */
	} reloads[VG_LVS_SIM_RELOADS_MAX];
};

struct vg_lvs_sim_gen {
	vg_time start, end, interval_ns, hold_ns, next;
	struct vg_addr addr;           /* target, family NONE = every service */
	uint16_t port;
};

struct vg_lvs_sim_conn_rec {
	vg_time at;
	uint16_t server;
};

struct vg_lvs_sim_violation {
	const char *invariant;
	vg_time at;
	char detail[200];
};

struct vg_lvs_sim_ev;

struct vg_lvs_sim {
	struct vg_lvs_sim_node nodes[VG_SIM_NODES_MAX];
	uint8_t node_count;
	struct vg_lvs_sim_server server[VG_LVS_SIM_SERVERS_MAX];
	uint16_t server_count;
	struct vg_lvs_sim_gen gen[VG_LVS_SIM_GENS_MAX];
	uint8_t gen_count;
	struct vg_lvs_sim_ev *ev;      /* event slots, VG_LVS_SIM_EVENTS_MAX; the engine's queue orders them */
	uint32_t *ev_free;             /* stack of freed slots */
	uint32_t ev_free_count;
	uint32_t ev_next;              /* slots never used start here */
	uint32_t ev_len;               /* events pending */
	uint64_t ev_lost;
	struct vg_sim *engine;         /* whose queue holds the events (add_node, attach) */
	struct vg_lvs_sim_conn_rec *log; /* VG_LVS_SIM_CONN_LOG_MAX */
	uint32_t log_len;
	uint64_t log_lost;
	vg_time now;
	uint64_t rng;
	uint64_t conns, conns_nodest, conns_persistent;
	struct vg_action *effbuf;      /* effcap records: the most one node input can emit */
	size_t effcap;
	uint64_t effects_unhandled;    /* records apply() has no case for (a bug: reported in the summary) */
	FILE *out;                     /* timeline, NULL = quiet */
	bool verbose;                  /* also probes and every connection */
	/* every effect of a node's LVS core, with its map and the time (vigil sim --svg: sim/timeline.h) */
	void (*on_effect)(void *ctx, const char *node, const struct vg_lvs_conf_map *map, const struct vg_action *a,
			  vg_time now);
	void *effect_ctx;
	const struct vg_sim *sim;      /* the VRRP world (node names, states) */
	/* invariants (lvs_check.c) */
	uint32_t violation_count;
	struct vg_lvs_sim_violation v[VG_LVS_SIM_VIOLATIONS_MAX];
	bool check_disabled;           /* unit tests that want to see raw behaviour */
};

/* A zeroed world (allocated: it is large); NULL out of memory. */
struct vg_lvs_sim *vg_lvs_sim_new(uint64_t seed);
void vg_lvs_sim_free(struct vg_lvs_sim *w);

/*
 * The same world for a new run (explore: one per seed): its nodes, services
 * and real servers kept, everything that happened forgotten, the stream
 * seeded again. A run after it is the run of a new world with this seed.
 */
void vg_lvs_sim_reset(struct vg_lvs_sim *w, uint64_t seed);

/*
 * Map node `node`'s configuration (lvs/from_conf.h) and set its services
 * up. Diagnostics go to `diags`. Returns the number of services (0: the
 * node is no director), or -1 (errors in the virtual servers, too many
 * real servers or keys for the simulator, out of memory).
 */
int vg_lvs_sim_add_node(struct vg_lvs_sim *w, struct vg_sim *s, uint8_t node, const struct vg_conf *conf,
			struct vg_diags *diags);

/* Queue a scenario event (VG_SCN_REALSERVER, VG_SCN_CLIENTS). Returns -1 (with a message on stderr) if invalid. */
int vg_lvs_sim_schedule(struct vg_lvs_sim *w, const struct vg_scn_event *e, const char *scn_path);

/*
 * Make the LVS world the VRRP engine's other world (vg_sim_world): one run
 * loop, one clock; at equal times the VRRP events go first.
 */
void vg_lvs_sim_attach(struct vg_lvs_sim *w, struct vg_sim *s);

/* Attach (w may be NULL: VRRP only) and run both worlds up to `until`. */
void vg_lvs_sim_run(struct vg_lvs_sim *w, struct vg_sim *s, vg_time until);

/* Feed every observation of the VRRP world (node starts, stops, crashes, state changes). */
void vg_lvs_sim_observe(struct vg_lvs_sim *w, const struct vg_sim *s, const struct vg_sim_obs *o);

/* Is this one of the LVS expectations? */
bool vg_lvs_sim_expect_kind(uint8_t kind);
/* Evaluate an LVS expectation now; writes "what" and a failure note. */
bool vg_lvs_sim_expect(struct vg_lvs_sim *w, const struct vg_scn_expect *x, char *what, size_t what_len,
		       char *note, size_t note_len);

/* Print connections per real server (a summary after the run). */
void vg_lvs_sim_summary(const struct vg_lvs_sim *w, FILE *f);

/* World queries (also for tests). */
int vg_lvs_sim_server_find(const struct vg_lvs_sim *w, const struct vg_addr *a, uint16_t port);
/* Connections opened to server `srv` in (since, until]. */
uint64_t vg_lvs_sim_conns_between(const struct vg_lvs_sim *w, int srv, vg_time since, vg_time until);
/* The service and node directing traffic to a service (index in node's svc), NULL if none. */
struct vg_lvs_sim_svc *vg_lvs_sim_director_of(struct vg_lvs_sim *w, uint32_t svc_index, uint8_t *node);
/* Open one client connection now to every directed service (or the one at addr:port); tests use it. */
void vg_lvs_sim_connect(struct vg_lvs_sim *w, const struct vg_addr *to, uint16_t port, vg_time hold_ns);

#endif
