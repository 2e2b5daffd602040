/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a director's reload in the simulator: its IPVS edits through vigild's diff.
 *
 * vigild's reload (backends/linux/lvs_driver.c) diffs the table the old file
 * programmed (core/lvs/table_from_conf.h, acked by the kernel) against the
 * new file's with vg_lvs_table_diff, owning the old file's services. The
 * simulator does the same on every `at T reload NODE FILE` of a director:
 * it keeps the table each node's file programs, diffs it with the new
 * file's, counts the edits (`expect at T lvs-edits NODE OP N [since T0]`),
 * prints them on the timeline, and checks the invariant
 *
 *   lvs-reload-keeps  a reload never deletes a virtual service or a real
 *                     server that both files have (keepalived's reloads have
 *                     removed and re-added those: their connections break).
 *
 * The world's virtual servers keep running the configuration they started
 * with (their checkers, schedulers and connections are not rebuilt): what
 * the reload edits is the table model, as in vigild, where checkers do not
 * run yet either.
 */
#ifndef VG_SIM_LVS_RELOAD_H
#define VG_SIM_LVS_RELOAD_H

#include "conf/conf.h"
#include "sim/lvs/lvs_sim.h"

/* The table node ni's start file programs (add_node): 0, or -1 out of memory. */
int vg_lvs_sim_reload_init(struct vg_lvs_sim_node *n);
/* Back to the start file's table, no reload recorded (vg_lvs_sim_reset). */
void vg_lvs_sim_reload_reset(struct vg_lvs_sim_node *n);
void vg_lvs_sim_reload_free(struct vg_lvs_sim_node *n);

/* Node ni reloaded `conf` at w->now: diff, count, print, check. */
void vg_lvs_sim_reload(struct vg_lvs_sim *w, uint8_t ni, const struct vg_conf *conf);

/* The edits node ni's reloads made in (since, at]. */
uint64_t vg_lvs_sim_reload_edits(const struct vg_lvs_sim_node *n, vg_time since, vg_time at);

#endif
