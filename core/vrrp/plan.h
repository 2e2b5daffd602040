/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: from a parsed keepalived.conf to what one node's router runs.
 *
 * vg_vrrp_plan_build() turns the vrrp_instance and vrrp_sync_group blocks of
 * a struct vg_conf into the arrays vg_router_init() takes: one
 * vg_vrrp_config per instance (in file order; config id = index) and one
 * vg_sync_group per group. Names become small numeric ids the events use:
 *
 *   interfaces    ifindex = 1 + index in plan->ifaces (the backend maps
 *                 these to kernel ifindexes or simulated segments)
 *   vrrp_script   VG_TRACK_SCRIPT id = 1 + index in conf->scripts
 *   track_file    VG_TRACK_FILE id = 1 + index in conf->track_files
 *   track_process VG_TRACK_PROCESS id = 1 + index in conf->track_processes
 *   BFD           VG_TRACK_BFD id = 1 + index in conf->bfd_instances
 *
 *   sync groups   groups[k] from the block group_src[k] (resolved by name
 *                 here, once: a reader needs no name lookup)
 *   route tables  tables[table_first[i] + k]: the table id of route k of
 *                 instance i (src[i]->routes), its rules following
 *                 (vg_vrrp_plan_table()); names resolved through the
 *                 host's rt_tables (opts), numbers and built-in names here
 *   garp_group    iface_garp[ifindex - 1] = 1 + index in conf->garp_groups
 *                 (0: the interface is in none), for GARP/NA pacing
 *
 * Group-level track_* lines apply to every member (keepalived). An
 * instance the core cannot run (authentication over IPv6, no VRID, ...) is left
 * out with an error diagnostic naming its line.
 */
#ifndef VG_VRRP_PLAN_H
#define VG_VRRP_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "conf/diag.h"
#include "vrrp/instance.h"
#include "vrrp/sync.h"

#define VG_PLAN_IFACES_MAX 256

struct vg_vrrp_plan {
	struct vg_vrrp_config *cfg;                  /* inst_count entries */
	const struct vg_conf_instance **src;         /* the block each came from */
	uint16_t inst_count;
	struct vg_sync_group *groups;
	const struct vg_conf_sync_group **group_src; /* group_count entries: the block each came from */
	uint16_t group_count;
	struct vg_addr *addrs;                       /* the configs' vips and peers */
	struct vg_track_ref *tracks;                 /* the configs' tracked objects */
	const char *ifaces[VG_PLAN_IFACES_MAX];      /* names, owned by the conf tree */
	uint16_t iface_count;
	/* keepalived.conf(5) garp_group: the group pacing sends on each plan interface */
	uint16_t iface_garp[VG_PLAN_IFACES_MAX];     /* 1 + conf->garp_groups index, 0: none */
	uint32_t *tables;                            /* route then rule tables, per instance */
	uint32_t *table_first;                       /* inst_count entries: index in tables */
	uint32_t *static_tables;                     /* conf->static_routes' tables, then static_rules' */
};

struct vg_vrrp_plan_opts {
	/*
	 * iproute2's table names, read by the host (vg_host_rt_tables_load). NULL:
	 * only numbers and built-in names resolve, and a name is not diagnosed
	 * (VG_RT_TABLE_UNRESOLVED); given (even empty): an unknown name is an
	 * error naming its file:line:col.
	 */
	const struct vg_rt_tables *rt_tables;
};

/*
 * Build the plan; the conf tree must outlive it. Returns 0, or -1 when an
 * instance had to be left out (see diags), or VG_CONF_ERR_NOMEM.
 */
int vg_vrrp_plan_build(const struct vg_conf *conf, struct vg_vrrp_plan *plan, struct vg_diags *diags);
int vg_vrrp_plan_build_with(const struct vg_conf *conf, const struct vg_vrrp_plan_opts *opts,
			    struct vg_vrrp_plan *plan, struct vg_diags *diags);
void vg_vrrp_plan_free(struct vg_vrrp_plan *plan);

/*
 * The table id of route k (rule false) or rule k (rule true) of plan
 * instance inst: VG_RT_TABLE_UNRESOLVED for a name nothing resolved or an
 * out-of-range index.
 */
uint32_t vg_vrrp_plan_table(const struct vg_vrrp_plan *plan, uint16_t inst, bool rule, uint32_t k);

/*
 * The routing table names of every route and rule (the instances' and the
 * static lists') checked against `tables` (the host's, never NULL): an
 * "unknown-table" error naming file:line:col for each that is not a
 * number, a built-in name or a name in tables, worded as the plan's.
 * For checkers (`vigil check --host`, `vigild -t`). Returns how many.
 */
unsigned vg_vrrp_plan_check_tables(const struct vg_conf *conf, const struct vg_rt_tables *tables,
				   struct vg_diags *diags);

/* The table id of static_routes line k (rule false) or static_rules line k (rule true). */
uint32_t vg_vrrp_plan_static_table(const struct vg_vrrp_plan *plan, const struct vg_conf *conf, bool rule,
				   uint32_t k);

/* The garp_group (1 + index in conf->garp_groups) that names interface `name`, 0 if none. */
uint16_t vg_vrrp_plan_garp_group(const struct vg_conf *conf, const char *name);

/* The plan's id of an interface name (0 if unknown). */
uint32_t vg_vrrp_plan_iface(const struct vg_vrrp_plan *plan, const char *name);

#endif
