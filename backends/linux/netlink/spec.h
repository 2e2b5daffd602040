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
 *  - virtual_routes and virtual_rules lines (struct vg_conf_route args, the
 *    words as written) parsed into struct vgl_route_spec / vgl_rule_spec.
 *    Unknown words are an error that names the word.
 *
 * Table names other than the built-in ones (main, local, default, unspec)
 * are resolved through a callback, so /etc/iproute2/rt_tables is read by
 * the caller (nl.c), not here.
 */
#ifndef VGL_NETLINK_SPEC_H
#define VGL_NETLINK_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "conf/conf.h"

#define VGL_IFNAME_MAX 16  /* IFNAMSIZ, with the terminating NUL */
#define VGL_ROUTE_VIA_MAX 2 /* "via A or B": two nexthops */

/* Resolve a routing table name; 0 and *id set, or -1 if the name is unknown. */
typedef int (*vgl_table_lookup_fn)(void *ctx, const char *name, uint32_t *id);

struct vgl_route_spec {
	uint8_t family;                 /* VG_AF_INET or VG_AF_INET6 */
	uint8_t type;                   /* RTN_UNICAST (default), RTN_BLACKHOLE, ... */
	struct vg_addr dst;             /* "default": all zero bytes, dst_len 0 */
	uint8_t dst_len;
	bool has_src;
	struct vg_addr src;             /* RTA_PREFSRC */
	uint32_t via_count;
	struct vg_addr via[VGL_ROUTE_VIA_MAX];
	char dev[VGL_IFNAME_MAX];       /* "" if not written */
	uint32_t table;                 /* RT_TABLE_MAIN if not written */
	bool has_metric;
	uint32_t metric;
	bool has_protocol;
	uint8_t protocol;               /* RTPROT_BOOT if not written */
	bool has_scope;
	uint8_t scope;                  /* RT_SCOPE_*: written, else computed like ip(8) */
	bool onlink;
	bool no_track;
};

struct vgl_rule_spec {
	uint8_t family;                 /* from the addresses; VG_AF_INET if none */
	bool has_from, has_to;
	struct vg_addr from, to;
	uint8_t from_len, to_len;
	uint8_t action;                 /* FR_ACT_TO_TBL (default), FR_ACT_GOTO, FR_ACT_BLACKHOLE, ... */
	uint32_t table;                 /* RT_TABLE_MAIN if not written */
	uint32_t goto_priority;         /* FR_ACT_GOTO target */
	bool has_priority;
	uint32_t priority;
	bool has_fwmark;
	uint32_t fwmark, fwmask;        /* fwmask 0xffffffff when not written */
	char iif[VGL_IFNAME_MAX];
	char oif[VGL_IFNAME_MAX];
	bool invert;                    /* "not": FIB_RULE_INVERT */
	bool no_track;
};

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
 * Parse one virtual_routes line (words as written). Returns 0 or -EINVAL with
 * a message in err that names the offending word. lookup may be NULL.
 */
int vgl_route_parse(const struct vg_conf_strs *args, vgl_table_lookup_fn lookup, void *ctx,
		    struct vgl_route_spec *out, char *err, size_t errlen);

/* Parse one virtual_rules line; as vgl_route_parse. */
int vgl_rule_parse(const struct vg_conf_strs *args, vgl_table_lookup_fn lookup, void *ctx,
		   struct vgl_rule_spec *out, char *err, size_t errlen);

#endif
