/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the single-node linter: traps in a configuration keepalived accepts.
 *
 * vg_conf_lint() looks at a parsed tree (it never re-reads text) and adds
 * diagnostics for settings that are valid but almost certainly not what the
 * operator meant: a block lost to a typo, an instance without a virtual IP,
 * a VIP without a prefix length, priority 255 on a node that may not own the
 * address, a VRID used twice on one interface, relative script paths, and
 * options that vrrp_strict forbids. The parser itself reports what keepalived
 * reports (unknown keywords, ranges, auth_pass truncation, nopreempt with
 * state MASTER, undefined track_script, ...). Each rule's code is listed in
 * core/conf/README.md.
 */
#ifndef VG_CONF_LINT_H
#define VG_CONF_LINT_H

#include "conf/conf.h"

/* Returns the number of diagnostics added. */
uint32_t vg_conf_lint(const struct vg_conf *conf, struct vg_diags *out);

#endif
