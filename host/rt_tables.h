/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: this host's iproute2 routing table names, for the plan.
 *
 * The host reads /etc/iproute2/rt_tables, then /usr/share/iproute2/rt_tables
 * ("ID NAME" lines, '#' comments); the core resolves names with them when
 * the plan is built (vg_vrrp_plan_build_with). Plain file reading, no
 * netlink: shared by vigild (its plan and -t) and `vigil check --host`.
 */
#ifndef VG_HOST_RT_TABLES_H
#define VG_HOST_RT_TABLES_H

#include "conf/conf.h"
#include "node/node.h"
#include "vrrp/plan.h"

/* The files read, in order (a reload records them: conf_record.h). */
#define VG_HOST_RT_TABLES_FILES 2
extern const char *const vg_host_rt_tables_files[VG_HOST_RT_TABLES_FILES];

/* Missing files give an empty table. Returns 0; free with vg_host_rt_tables_free(). */
int vg_host_rt_tables_load(struct vg_rt_tables *out);
void vg_host_rt_tables_free(struct vg_rt_tables *t);

/*
 * vg_vrrp_plan_build_with() given this host's rt_tables, so a table name no
 * file knows is an error. Returns as vg_vrrp_plan_build().
 */
int vg_host_plan_build(const struct vg_conf *conf, struct vg_vrrp_plan *plan, struct vg_diags *diags);

/* The same for a whole core node (vg_node_build_with() with this host's table names). */
int vg_host_node_build(const struct vg_conf *conf, struct vg_node *node, struct vg_diags *diags);

#endif
