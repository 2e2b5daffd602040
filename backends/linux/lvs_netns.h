/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: net_namespace_ipvs: the namespace whose IPVS table the LVS driver
 * programs.
 *
 * keepalived.conf(5): `net_namespace_ipvs NAME` (top level) puts the
 * virtual servers in namespace NAME while vigild (its checkers, VRRP) runs
 * in its own (net_namespace, --namespace); without NAME the initial
 * namespace. Observed with keepalived 2.2.7 in the ipvs-vm guest: the
 * services are in NAME's table and not in keepalived's own, and are removed
 * from NAME's at stop; in global_defs keepalived answers "Unknown keyword
 * 'net_namespace_ipvs'" and ignores it, and so does vigild (with a
 * warning). The first one written wins (keepalived: "Duplicate
 * net_namespace_ipvs definition ... ignoring"). Read when the IPVS socket
 * opens, at start: a reload that changes it needs a restart.
 */
#ifndef VGD_LVS_NETNS_H
#define VGD_LVS_NETNS_H

#include <stddef.h>

#include "conf/conf.h"
#include "ipvs/sock.h"

/* The namespace net_namespace_ipvs names ("" the initial one), or NULL: vigild's own. */
const char *vgd_ipvs_namespace(const struct vg_conf *conf);

/* vgl_ipvs_open in that namespace (its error text names the namespace). */
int vgd_ipvs_open_conf(const struct vg_conf *conf, struct vgl_ipvs **out, char *err, size_t errlen);

#endif
