/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: checks of a configuration against the host it will run on.
 *
 * Kept apart from the grammar (core/conf) because they look at this machine:
 * do the interfaces exist, does an instance at priority 255 own its VIPs
 * (RFC 5798 1), are the scripts present, executable, and safe to run as root
 * (keepalived's enable_script_security refuses a script that a non-root user
 * could modify), do the routing table names resolve through this host's
 * rt_tables (rt_tables.h). Used by `vigil check --host` and `vigild -t`.
 */
#ifndef VG_HOST_HOST_CHECK_H
#define VG_HOST_HOST_CHECK_H

#include "conf/conf.h"

/* Adds host-* diagnostics to `out`; returns how many. */
unsigned vg_host_check(const struct vg_conf *conf, struct vg_diags *out);

#endif
