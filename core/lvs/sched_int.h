/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: internals shared by the scheduler files (not for callers).
 *
 * sched.c keeps the destination list and dispatches; sched_simple.c holds
 * the list-walking algorithms (rr wrr lc wlc sed nq fo ovf twos),
 * sched_hash.c the table ones (dh sh mh), sched_lblc.c the cached ones
 * (lblc lblcr).
 */
#ifndef VG_LVS_SCHED_INT_H
#define VG_LVS_SCHED_INT_H

#include "lvs/sched.h"

/* ip_vs_dest_conn_overhead(): (activeconns << 8) + inactconns. */
static inline int64_t vg_lvs_conn_overhead(const struct vg_lvs_dest *d)
{
	return ((int64_t)d->active_conns << 8) + (int64_t)d->inactive_conns;
}

int vg_lvs_sched_rr_pick(struct vg_lvs_sched *s);
void vg_lvs_sched_rr_del(struct vg_lvs_sched *s, int idx);
void vg_lvs_sched_rr_add(struct vg_lvs_sched *s);
int vg_lvs_sched_wrr_pick(struct vg_lvs_sched *s);
void vg_lvs_sched_wrr_init(struct vg_lvs_sched *s);
void vg_lvs_sched_wrr_changed(struct vg_lvs_sched *s);
int vg_lvs_sched_lc_pick(const struct vg_lvs_sched *s);
int vg_lvs_sched_wlc_pick(const struct vg_lvs_sched *s);
int vg_lvs_sched_sed_pick(const struct vg_lvs_sched *s);
int vg_lvs_sched_nq_pick(const struct vg_lvs_sched *s);
int vg_lvs_sched_fo_pick(const struct vg_lvs_sched *s);
int vg_lvs_sched_ovf_pick(const struct vg_lvs_sched *s);
int vg_lvs_sched_twos_pick(const struct vg_lvs_sched *s, uint32_t rand1, uint32_t rand2);

int vg_lvs_sched_hash_init(struct vg_lvs_sched *s);
void vg_lvs_sched_hash_rebuild(struct vg_lvs_sched *s);
int vg_lvs_sched_dh_pick(const struct vg_lvs_sched *s, const struct vg_lvs_conn *c);
int vg_lvs_sched_sh_pick(const struct vg_lvs_sched *s, const struct vg_lvs_conn *c);
int vg_lvs_sched_mh_pick(const struct vg_lvs_sched *s, const struct vg_lvs_conn *c);

int vg_lvs_sched_lblc_init(struct vg_lvs_sched *s);
int vg_lvs_sched_lblc_pick(struct vg_lvs_sched *s, const struct vg_lvs_conn *c, vg_time now);
int vg_lvs_sched_lblcr_pick(struct vg_lvs_sched *s, const struct vg_lvs_conn *c, vg_time now);

#endif
