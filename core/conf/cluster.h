/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: cross-node checks: one configuration per node of a cluster.
 *
 * keepalived reads one file and cannot see its peers. Given every node's
 * tree, vg_cluster_check() pairs the instances that form one virtual router
 * (same VRID, address family and interface; an instance name found on
 * several nodes with different VRIDs is reported too) and checks what the
 * peers must agree on (RFC 5798 5.2: VRID, advert interval, and for
 * keepalived the authentication and the VIP set), that no two nodes claim
 * MASTER at the same priority, and, for every tracked object with a weight,
 * whether its failure on the node that is master actually moves the VIPs:
 * the master's priority with the object failed must fall below the best
 * backup's healthy priority (|weight| must exceed the gap).
 */
#ifndef VG_CONF_CLUSTER_H
#define VG_CONF_CLUSTER_H

#include "conf/conf.h"

#define VG_CLUSTER_NODES_MAX 32
#define VG_CLUSTER_FAILOVERS_MAX 256

struct vg_cluster_node {
	const char *name; /* shown in messages: the file */
	const struct vg_conf *conf;
};

/* What happens when one tracked object fails on the master. */
struct vg_cluster_failover {
	uint32_t node;                    /* index of the master node */
	const struct vg_conf_instance *instance;
	const struct vg_conf_track_ref *ref;
	const char *kind;                 /* "script", "interface", "file", "process", "bfd" */
	int32_t priority;                 /* master, all tracked objects healthy */
	int32_t failed_priority;          /* master with this object failed; 0 means FAULT */
	uint32_t backup_node;
	int32_t backup_priority;          /* best backup, healthy */
	bool moves;                       /* failed_priority < backup_priority */
};

struct vg_cluster_report {
	struct vg_cluster_failover items[VG_CLUSTER_FAILOVERS_MAX];
	uint32_t count;
};

/*
 * Check the nodes against each other; adds diagnostics to `out` and, if rep
 * is not NULL, the failover analysis to it. Returns the number of
 * diagnostics added.
 */
uint32_t vg_cluster_check(const struct vg_cluster_node *nodes, size_t count, struct vg_diags *out,
			  struct vg_cluster_report *rep);

#endif
