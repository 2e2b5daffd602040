/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: LVS invariants, checked during every simulation with LVS.
 *
 *   lvs-conn-to-out   every new connection goes to a destination that is in
 *                     the director's IPVS table and whose real server the
 *                     checkers hold alive (or to the sorry server while it
 *                     is in the table), with weight > 0 — except the
 *                     kernel's persistence rule: a connection that followed
 *                     a persistence template may go to a server still in
 *                     the table with weight 0 (inhibit_on_failure quiesced
 *                     it; ip_vs_check_template keeps such templates unless
 *                     expire_quiescent_template is set).
 *   lvs-quorum-sorry  on every node running a service: quorum is lost
 *                     exactly when the live weight fell below quorum -
 *                     hysteresis (or to 0) and has not come back to quorum
 *                     + hysteresis; while it is lost a configured sorry
 *                     server is in the table with weight > 0 and no real
 *                     server is; while it holds the sorry server is not in
 *                     the table with weight > 0.
 *
 * The world calls these; a violation is recorded in the world with its time.
 */
#ifndef VG_SIM_LVS_CHECK_H
#define VG_SIM_LVS_CHECK_H

#include <stdbool.h>

#include "sim/lvs/lvs_sim.h"

/* A new connection of service `svc` on node `n`, to index `idx` of ipvs `k`'s table. */
void vg_lvs_check_conn(struct vg_lvs_sim *w, const struct vg_lvs_sim_node *n, const struct vg_lvs_sim_svc *svc,
		       uint8_t k, int idx, bool from_template);

/* After every LVS step: the quorum / sorry server rules on every node. */
void vg_lvs_check_state(struct vg_lvs_sim *w);

#endif
