/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a reload of the checker side: what the new configuration's services carry over from the old.
 *
 * keepalived 2.2.7 (check/ipwrapper.c clear_diff_services, clear_diff_rs,
 * migrate_checkers) keeps, across a reload, the state of what did not
 * change: a virtual server with the same key keeps its real servers that
 * have the same address and port (alive, in the table, effective weight),
 * and each of their checkers whose type and parameters compare equal keeps
 * its verdict (is_up, has_run) and retry count (capped below the new
 * `retry`). A new checker of a real server that has a failed checker starts
 * down if alpha and needs one failure only. So a server that is down stays
 * down, with no notify and no table edit, and one that is up stays up.
 *
 * Here the decision is in three parts:
 *   - vg_lvs_service_same(): the same virtual server (same keys, protocol);
 *   - vg_lvs_checker_same(): a checker of the model unchanged (type,
 *     timers, retry, alpha, urls, misc_dynamic, FILE_CHECK's file and
 *     weight) on a real server of the same address and port; the backend
 *     also compares what the model does not hold (the probe's target and
 *     parameters) before it pairs two checkers;
 *   - vg_lvs_service_carry(): start the new service as the continuation of
 *     the old one, given the pairing: paired checkers keep their state and
 *     their schedule (the next probe when it was due; a probe that was in
 *     flight is made again at once), the others start as at START; the
 *     servers' states follow their checkers; the table effects put the
 *     service in its carried state, the notifies of unchanged servers are
 *     not repeated and a quorum script runs only if the quorum changed.
 * vg_lvs_node_start_carry() does it for a node: each new service paired
 * with an old one is carried, the others start.
 */
#ifndef VG_LVS_CARRY_H
#define VG_LVS_CARRY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/action.h"
#include "base/time.h"
#include "lvs/from_conf.h"
#include "lvs/node.h"
#include "lvs/service.h"

#define VG_LVS_CARRY_NONE UINT16_MAX    /* a checker with no old counterpart */
#define VG_LVS_CARRY_NO_SVC UINT32_MAX  /* a service with no old counterpart */

/* Do mapped services o (of om) and n (of nm) program the same kernel services (vs_iseq)? */
bool vg_lvs_service_same(const struct vg_lvs_conf_map *om, const struct vg_lvs_conf_service *o,
			 const struct vg_lvs_conf_map *nm, const struct vg_lvs_conf_service *n);

/* Is checker ok of o the same as checker nk of n, as far as the model holds it? */
bool vg_lvs_checker_same(const struct vg_lvs_service_config *o, uint16_t ok, const struct vg_lvs_service_config *n,
			 uint16_t nk);

/*
 * Start service n (initialised, not started) as the continuation of the
 * running service o: from[i] is the checker of o that checker i of n
 * continues, or VG_LVS_CARRY_NONE. Effects as vg_lvs_service_start's, less
 * what is already so. Returns the checkers carried.
 */
uint32_t vg_lvs_service_carry(struct vg_lvs_service *n, const struct vg_lvs_service *o, const uint16_t *from,
			      vg_time now, uint64_t seed, struct vg_actions *out);

/*
 * START for node n (initialised) after a reload from `old` (running):
 * svc_from[i] is the old service new service i continues (or
 * VG_LVS_CARRY_NO_SVC: it starts), ck_from[i] its checkers' pairing (may
 * be NULL when svc_from[i] is none). Same seed rule as START.
 */
void vg_lvs_node_start_carry(struct vg_lvs_node *n, vg_time now, uint64_t seed, const struct vg_lvs_node *old,
			     const uint32_t *svc_from, const uint16_t *const *ck_from, struct vg_actions *out);

#endif
