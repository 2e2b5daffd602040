/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the vmacs (macvlan interfaces with the virtual MAC, RFC 5798 7.3) a
 * configuration asks for, and their names, as keepalived 2.2.7 makes them.
 *
 * An instance with use_vmac gets one on its interface (vrrp_strict alone
 * makes none: keepalived 2.2.7 under vrrp_strict without use_vmac sends its
 * adverts from the interface's own MAC and makes no vrrp.VRID). A
 * VIP or eVIP gets one of its own on its base interface (its `dev`, else the
 * instance's) when it says `use_vmac`, or the instance says use_vmac_addr,
 * and the instance's vmac does not already carry it (another interface, or
 * the other address family). Names, observed with keepalived 2.2.7
 * (vmac_prefix vgx, vmac_addr_prefix vga; A: IPv4 VRID 7 with a VIP on
 * eth1 and use_vmac_addr, B: IPv6 VRID 7, C: IPv6 VRID 9): vgx.7, vga.7 (on
 * eth1), vgx6.7, vgx.9. PREFIX.VRID first; a name already taken by an
 * earlier vmac or written by an instance's `use_vmac NAME` gives way to
 * PREFIXN.VRID, N = 1, 2, ... (IPv6: 6 first, then 1, 2, 3, 4, 5, 7, ...),
 * the prefix cut so that the name fits IFNAMSIZ. An instance's prefix is
 * vmac_prefix (default "vrrp"), a VIP's vmac_addr_prefix (default
 * vmac_prefix).
 */
#ifndef VG_VRRP_VMAC_H
#define VG_VRRP_VMAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "vrrp/plan.h"

#define VG_VMAC_NAME_MAX 16 /* IFNAMSIZ */

struct vg_vmac {
	uint16_t inst;             /* the plan's instance index */
	uint8_t family;            /* VG_AF_INET / VG_AF_INET6: its MAC is 00:00:5e:00:0{1,2}:VRID */
	uint8_t vrid;
	bool addr;                 /* a VIP's (use_vmac_addr / VIP use_vmac), else the instance's */
	const char *base;          /* the interface it sits on (owned by the conf tree) */
	char name[VG_VMAC_NAME_MAX];
};

/* The name of attempt k (0: PREFIX.VRID) for a vmac of `family`. */
void vg_vmac_candidate(const char *prefix, uint8_t vrid, uint8_t family, unsigned k, char out[VG_VMAC_NAME_MAX]);

/* Every vmac of the plan, instance by instance (its own first, then its VIPs'), at most max; the count. */
size_t vg_vmac_plan(const struct vg_conf *conf, const struct vg_vrrp_plan *p, struct vg_vmac *out, size_t max);

/*
 * Which of the plan's vmacs carries VIP v of instance i (index into vm), or
 * -1: none (the VIP goes on its `dev` or the instance's interface).
 */
int vg_vmac_of_vip(const struct vg_vrrp_plan *p, uint16_t i, const struct vg_conf_vip *v, const struct vg_vmac *vm,
		   size_t n);

#endif
