/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: one node: a configuration, its plan, its instances and its router.
 *
 * The one path from a parsed keepalived.conf to a running vg_router, for
 * every driver (vigild, the simulator, explore, conform, the fuzzers):
 *
 *   struct vg_node n;
 *   rc = vg_node_build(conf, &n, &diags);  // 0, -1 (an instance left out,
 *                                          // see diags) or VG_CONF_ERR_NOMEM
 *   vg_router_input(&n.router, now, &ev, &out);   // drive it
 *   vg_node_free(&n);                              // then vg_conf_free(conf)
 *
 * On -1 the node is built and runs what the plan understood (vigild at
 * start-up, as keepalived does); a caller that must refuse errors (a reload)
 * looks at diags->errors. Instance i runs n.plan.cfg[i] (config id = i),
 * came from the block n.plan.src[i], and is n.inst[i]; groups are
 * n.plan.groups. Everything is allocated here, at configuration time, and
 * sized by the configuration: a driver embeds the struct (the simulator's
 * node, the daemon's generation) and keeps its own per-instance arrays
 * beside it, indexed like n.inst, instead of copying configs into fixed
 * arrays. The conf tree is not owned: it must outlive the node.
 *
 * A world written by hand (tests, generated fuzz worlds) takes
 * vg_node_build_configs() instead: the same node, no conf behind it.
 *
 * A reload is a diff of two nodes: see node/reload.h.
 */
#ifndef VG_NODE_NODE_H
#define VG_NODE_NODE_H

#include <stdint.h>

#include "conf/conf.h"
#include "conf/diag.h"
#include "vrrp/plan.h"
#include "vrrp/router.h"

struct vg_node {
	const struct vg_conf *conf;     /* what it was built from (not owned) */
	struct vg_vrrp_plan plan;       /* configs, groups, interface names */
	struct vg_vrrp_instance *inst;  /* plan.inst_count instances, inst[i] runs plan.cfg[i] */
	struct vg_router router;        /* over inst and plan.groups */
	/* The LVS side (core/lvs: virtual services, checkers) will sit here, built from the same
	   conf and fed VIP presence by the router. */
};

/*
 * Build the plan of `conf`, the instances (in Initialize) and the router.
 * Returns 0, -1 (an instance the core cannot run was left out, with an
 * error diagnostic; the node is built) or VG_CONF_ERR_NOMEM (nothing to
 * free). On success or -1, free with vg_node_free().
 */
int vg_node_build(const struct vg_conf *conf, struct vg_node *node, struct vg_diags *diags);

/* The same with plan options (the host's routing table names: vg_vrrp_plan_build_with()). */
int vg_node_build_with(const struct vg_conf *conf, const struct vg_vrrp_plan_opts *opts, struct vg_node *node,
		       struct vg_diags *diags);

void vg_node_free(struct vg_node *node);

/*
 * What `vigild -t` and `vigil check` both report beyond the parser and the
 * linter, so that the check finds whatever the daemon refuses: each
 * instance the daemon will not run (the plan's `instance-not-run`, e.g.
 * authentication over IPv6), and each use of a keyword vigild does not act on
 * (keyword_status.h). Returns 0, or VG_CONF_ERR_NOMEM.
 */
int vg_node_conf_check(const struct vg_conf *conf, struct vg_diags *diags);

/*
 * A node from configs written by hand (tests, the simulator's and fuzzers'
 * generated worlds): copies of cfg[0..n) (config id = index) and of the
 * groups (members index cfg), instances in Initialize, the router. The
 * configs' address and track lists stay the caller's: they must outlive
 * the node. No conf: node.conf is NULL and node.plan.src[i] NULL, so a
 * reload diff needs nodes built by vg_node_build(). Returns 0 or
 * VG_CONF_ERR_NOMEM (nothing to free).
 */
int vg_node_build_configs(struct vg_node *node, const struct vg_vrrp_config *cfg, uint16_t n,
			  const struct vg_sync_group *groups, uint16_t group_count);

/*
 * Every instance back to Initialize, the router's bookkeeping cleared: a
 * process that starts again (the simulator's restart after a crash).
 */
void vg_node_reset(struct vg_node *node);

/*
 * Keep only the instance named `name`, alone (id 0, no sync group): a tool
 * that drives one instance of a file (vigil conform --instance). Returns 0,
 * or -1 if no instance has that name (the node is unchanged).
 */
int vg_node_keep_only(struct vg_node *node, const char *name);

/* The instance named `name`, its index, or -1. */
int vg_node_find(const struct vg_node *node, const char *name);

/* The sync group named `name`, its index, or -1. */
int vg_node_find_group(const struct vg_node *node, const char *name);

#endif
