/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the nftables commands that drop traffic to a no_accept Master's VIPs
 * (RFC 5798 6.4.3), as text for libnftables.
 *
 * Without `nftables` in global_defs vigild keeps its own layout: one table
 * `inet vigild`, sets vips4/vips6, one input chain at priority -10.
 *
 * With `nftables [TABLE]` (or `vrrp_iptables`, which keepalived 2.2.7 built
 * without iptables reads as `nftables`) the layout is keepalived's, as
 * observed with keepalived 2.2.7 (Debian bookworm, built with NFTABLES)
 * and `nft list ruleset` in a network namespace: a table `ip TABLE` made
 * when the first IPv4 VIP is blocked and `ip6 TABLE` when the first IPv6
 * one is (default name keepalived); each with a set `vips` and chains `in`
 * (hook input) and `out` (hook output) at priority `nftables_priority`
 * (default -1) dropping daddr / saddr in the set; the ip6 table also has a
 * constant set `neighbor-discovery` (nd-neighbor-solicit, nd-neighbor-advert)
 * accepted first, and sends fe80::/10 to chains in_link_local /
 * out_link_local, where link-local VIPs are matched with their interface:
 * set `vips_link_local` (ipv6_addr . iface_index) or, for an instance with
 * dont_track_primary and no `nftables_ifindex`, `vips_link_local_name`
 * (ipv6_addr . ifname). `nftables_counters` puts a counter in every rule.
 * At Backup the elements are removed and the tables stay; at stop they go.
 */
#ifndef VG_VRRP_NFTRULES_H
#define VG_VRRP_NFTRULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

#define VG_NFT_TABLE_MAX 256 /* NFT_TABLE_MAXNAMELEN, with its NUL */

struct vg_nft_opts {
	const char *table; /* NULL: vigild's own layout (inet vigild) */
	int32_t priority;  /* keepalived layout only; keepalived's default -1 */
	bool counters;     /* keepalived layout only */
	bool ifindex;      /* keepalived layout only: link-local VIPs always by ifindex */
};

/* The sets an address goes into. */
enum vg_nft_set {
	VG_NFT_VIPS4 = 0,
	VG_NFT_VIPS6,
	VG_NFT_LL_INDEX, /* keepalived layout, fe80::/10 . iface_index */
	VG_NFT_LL_NAME,  /* keepalived layout, fe80::/10 . ifname */
	VG_NFT_SET_COUNT,
};

/* Which set VIP a goes into; dont_track_primary: its instance's. */
enum vg_nft_set vg_nft_set_of(const struct vg_nft_opts *o, const struct vg_addr *a, bool dont_track_primary);

/*
 * The commands that (re)create what set s needs and that is not there yet
 * (*made: bit per part made so far, updated): the table of its family (an
 * old one of that name deleted first, as keepalived does at start), and
 * for the link-local sets their set and rule. Appends to buf (NUL-ended);
 * returns the length, or -1 when buf is too small.
 */
int vg_nft_prepare(const struct vg_nft_opts *o, enum vg_nft_set s, uint32_t *made, char *buf, size_t len);

/* "add element ..." / "delete element ..." for VIP a (ifindex/ifname: its interface, link-local sets). */
int vg_nft_element(const struct vg_nft_opts *o, enum vg_nft_set s, bool add, const struct vg_addr *a,
		   uint32_t ifindex, const char *ifname, char *buf, size_t len);

/* The commands that delete every table made (made as vg_nft_prepare left it; all when made is NULL). */
int vg_nft_teardown(const struct vg_nft_opts *o, const uint32_t *made, char *buf, size_t len);

#endif
