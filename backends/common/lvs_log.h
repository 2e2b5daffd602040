/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the log lines of real-server table edits, shared by vigild's checker
 * driver and `vigil replay` so the two can be compared line for line.
 *
 * keepalived's words: "Adding service [IP]:tcp:PORT to VS [VIP]:tcp:PORT",
 * "Removing service ... from VS ...", the sorry server's forms, and
 * "Enabling/Disabling service ... of VS ..." (inhibit_on_failure).
 */
#ifndef VGB_LVS_LOG_H
#define VGB_LVS_LOG_H

#include <stddef.h>

#include "base/action.h"
#include "lvs/from_conf.h"

/* keepalived's inet_sockaddrtotrio: "[addr]:proto:port". */
void vgb_lvs_fmt_trio(char *buf, size_t n, const struct vg_addr *a, uint8_t proto, uint16_t port);

/* keepalived's format_vs of service s of the map. */
void vgb_lvs_fmt_vs(char *buf, size_t n, const struct vg_lvs_conf_map *map, uint32_t s);

/* The line of a VG_ACT_LVS_DEST_ADD/DEL/EDIT effect into buf; 0 if `a` is not one (buf empty). */
int vgb_lvs_dest_line(char *buf, size_t n, const struct vg_lvs_conf_map *map, const struct vg_action *a);

#endif
