/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what vigild asks the kernel for, worked out without the kernel.
 *
 * The pure half of backends/linux/netlink: it turns configuration into the
 * values a netlink request carries, and touches no socket or file, so it is
 * unit-tested without root (spec_test.c).
 *
 *  - VIP options (struct vg_conf_vip): scope names, "brd +" / "brd -",
 *    the label rule and the IFA_F_* flags.
 *  - routes and rules: the parser types them (core/conf/parse_route.c,
 *    struct vg_conf_iproute / vg_conf_iprule) and the plan resolves their
 *    table names (core/vrrp/plan.c); what is left here is the request flags
 *    of a route, and spec.c asserts that the core's VG_RTN_* / VG_RTAX_* /
 *    VG_FR_ACT_* codes are the kernel's.
 */
#ifndef VGL_NETLINK_SPEC_H
#define VGL_NETLINK_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "conf/conf.h"

#define VGL_IFNAME_MAX 16  /* IFNAMSIZ, with the terminating NUL */
/* Scope names of ip(8): host, link, global/universe, site, nowhere, or 0..255. 0 or -EINVAL. */
int vgl_scope_parse(const char *text, uint8_t *out);

/*
 * The broadcast address of an IPv4 VIP: the written one, or computed for
 * "brd +" (host bits set) and "brd -" (host bits clear). Returns 1 with *out
 * set, 0 if the VIP has none (not written, or IPv6).
 */
int vgl_vip_broadcast(const struct vg_conf_vip *vip, struct vg_addr *out);

/* keepalived's label rule: the label starts with the interface name. 0 or -EINVAL with err. */
int vgl_vip_label_check(const char *label, const char *ifname, char *err, size_t errlen);

/* IFA_F_* flags of a VIP (nodad, home, mngtmpaddr, noprefixroute, autojoin). */
uint32_t vgl_vip_flags(const struct vg_conf_vip *vip);

/*
 * The netlink flags of a route add: NLM_F_CREATE with NLM_F_EXCL (an
 * existing identical route is success, see nl.c), or NLM_F_APPEND for
 * "append" (keepalived.conf(5): like ip route append).
 */
int vgl_route_add_flags(const struct vg_conf_iproute *rt);

#endif
