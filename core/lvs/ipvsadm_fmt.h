/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: an IPVS table model as `ipvsadm -S -n` prints it.
 *
 * The rule format of ipvsadm 1.31 (Debian 12's ipvsadm; ipvsadm.c
 * list_all / print_service_entry / print_tunnel_rule with FMT_RULE |
 * FMT_NUMERIC), byte for byte, so a test can compare vigil's table with
 * the output of ipvsadm on a live kernel:
 *   -A -t 192.0.2.10:80 -s wrr -p 300 -M 255.255.255.0 --pe sip -o -b flag-1
 *   -a -t 192.0.2.10:80 -r 192.0.2.1:80 -g -w 1
 *   -A -f 1 -6 -s rr
 *   -a -u [2001:db8::1]:53 -r [2001:db8::2]:53 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
 * Services come in ipvsadm's sort order (libipvs ipvs_cmp_services: fwmark,
 * family, protocol, address, port, each compared by subtraction as ipvsadm
 * does), destinations in ipvs_cmp_dests order (address, port). What -S does
 * not print is not printed: thresholds (-x / -y) and the HASHED flag are in
 * the table but not in the output; sched flags are named after the
 * scheduler (sh-*, mh-*, else flag-N).
 */
#ifndef VG_LVS_IPVSADM_FMT_H
#define VG_LVS_IPVSADM_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "lvs/table.h"

/*
 * Write the table into buf (NUL-terminated, truncated to len). Returns the
 * length the whole text needs (without the NUL), VG_LVS_EINVAL if the table
 * is not sorted, or VG_LVS_ENOMEM.
 */
int64_t vg_lvs_ipvsadm_save(const struct vg_lvs_table *t, char *buf, size_t len);

/*
 * The operations of a diff (vg_lvs_table_diff(cur, want, ...)) as ipvsadm
 * commands, one a line, in their order: -A / -E with the service options,
 * -D, -a / -e with the destination options plus -x / -y when set (so the
 * text fed to `ipvsadm -R` programs what the diff does), -d. An empty
 * list is an empty text. Returns the length needed, or VG_LVS_EINVAL for
 * an operation that names no entry of its table.
 */
int64_t vg_lvs_ipvsadm_ops(const struct vg_lvs_table *cur, const struct vg_lvs_table *want, const struct vg_lvs_ops *ops,
			   char *buf, size_t len);

#endif
