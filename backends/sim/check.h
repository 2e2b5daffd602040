/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: invariants checked during every simulation.
 *
 *   vip-only-on-master  a node holds an instance's VIPs only while that
 *                       instance is Master (checked after every event)
 *   single-master       once converged (no fault or state change for the
 *                       settle time), at most one Master per VRID among
 *                       nodes that hear each other both ways: each one's
 *                       adverts reach the other (running, no firewall, one
 *                       partition, one segment, and, for an instance with a
 *                       unicast_peer list, the other's address on it)
 *   takeover            a Backup that hears no Master (no Master's adverts
 *                       reach it) becomes Master within
 *                       Master_Down_Interval plus the link delay
 *   no-flap             after a fault, an instance changes state at most
 *                       three times before the next fault (e.g. Fault ->
 *                       Backup, a takeover, then preempted by a better node);
 *                       an advert of its virtual router lost on the way to
 *                       it (link loss) is a fault for it: three lost in a
 *                       row make a correct Backup take over, RFC 5798 6.4.2
 *
 * Checkers are separate from the engine: they only read the world after
 * each step (VG_SIM_NOTE_STEP) and the notes of the step; a step that
 * changed nothing the checks read (only adverts sent and received, no
 * Backup hearing no Master, the convergence window already passed) gives
 * the same answers as the step before, so only vip-only-on-master is
 * evaluated again; a network drop
 * (VG_SIM_NOTE_DROP, lost) belongs to the advert of the last
 * VG_SIM_NOTE_ACTION send note before it (the engine notes an advert, then
 * its drops). A violation names the invariant, the sim
 * time, the nodes and the instance.
 */
#ifndef VG_SIM_CHECK_H
#define VG_SIM_CHECK_H

#include "sim/sim.h"

#define VG_SIM_VIOLATIONS_MAX 32

struct vg_sim_violation {
	const char *invariant;
	vg_time at;
	uint8_t node_a, node_b; /* node_b == node_a when one node is involved */
	uint16_t inst;          /* instance index on node_a */
	char detail[160];
};

struct vg_sim_check {
	vg_time last_change;                         /* last fault or state change */
	vg_time settle_ns;                           /* convergence window */
	vg_time orphan_since[VG_SIM_NODES_MAX][VG_SIM_INST_MAX]; /* Backup hearing no Master since */
	vg_time orphan_mdi[VG_SIM_NODES_MAX][VG_SIM_INST_MAX];   /* largest Master_Down_Interval since then */
	uint16_t quiet_transitions[VG_SIM_NODES_MAX][VG_SIM_INST_MAX];
	bool reported_dual;                          /* one single-master report per episode */
	bool adv_known;                              /* adv_node/adv_inst: the advert being sent */
	/* what the last full check saw (check.c: a step that changed none of it skips the search) */
	bool dirty;                                  /* a fault, reload or non-advert effect since */
	bool timing;                                 /* some Backup was orphaned (takeover timed) */
	bool settled;                                /* it was past the convergence window */
	uint64_t world_sig;                          /* nodes, states, VIPs (check.c: check_vips) */
	uint8_t adv_node;
	uint16_t adv_inst;
	uint32_t count;                              /* violations found (may exceed the array) */
	struct vg_sim_violation v[VG_SIM_VIOLATIONS_MAX];
};

/* Prepare for a world whose nodes are set up (configs filled). */
void vg_sim_check_init(struct vg_sim_check *c, const struct vg_sim *s);

/* Feed every observation of the simulator. */
void vg_sim_check_observe(struct vg_sim_check *c, const struct vg_sim *s, const struct vg_sim_obs *o);

#endif
