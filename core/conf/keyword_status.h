/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what vigil does with each keepalived.conf keyword (keyword_status.c).
 *
 * One table says, for every keyword of every block the parser knows (and
 * the few keepalived.conf(5) documents outside the parser's tables: the
 * include variants, the contents of SSL and track_group), whether vigild
 * acts on it, whether only the simulator does, whether it is parsed and
 * not supported yet, or whether keepalived 2.2.7 itself ignores or refuses it
 * (vigild then does the same), with the reason. The parser records each use of a
 * keyword vigild does not act on (vg_conf.unsupported), and
 * vg_conf_keyword_warnings() turns them into warnings naming file:line for
 * `vigil check`, `vigild -t` and the daemon's log. docs/config.md's
 * coverage table is printed from the same table (`vigil check --keywords`).
 */
#ifndef VG_CONF_KEYWORD_STATUS_H
#define VG_CONF_KEYWORD_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/diag.h"

struct vg_conf;

enum vg_kw_status {
	VG_KW_VIGILD = 1,   /* acted on by vigild (and the simulator where it models it) */
	VG_KW_SIM_ONLY = 2, /* acted on by the simulator only */
	VG_KW_NOT_YET = 3,  /* parsed and checked, not supported yet (reason says why) */
	VG_KW_AS_KEEPALIVED = 4, /* keepalived 2.2.7 (Debian's build) does not act on it either */
};

struct vg_kw_info {
	const char *block;   /* "vrrp_instance", "global_defs", ... */
	const char *keyword;
	enum vg_kw_status status;
	const char *reason;  /* NULL for VG_KW_VIGILD */
};

/* Number of entries; entry i (false when i is out of range). */
size_t vg_kw_status_count(void);
bool vg_kw_status_get(size_t i, struct vg_kw_info *out);

/* Entry of `keyword` in the block named `block` (as vg_kw_info.block), or -1. */
long vg_kw_status_lookup(const char *block, const char *keyword);

const char *vg_kw_status_name(enum vg_kw_status s);

/*
 * One warning (code "not-supported", "simulator-only" or "as-keepalived") per use of a
 * keyword vigild does not act on, at its file:line:col, in the order
 * written; uses beyond VG_CONF_UNSUPPORTED_MAX are summed up in one more
 * warning. Returns the number of warnings added, or -1 out of memory.
 */
int vg_conf_keyword_warnings(const struct vg_conf *conf, struct vg_diags *diags);

#endif
