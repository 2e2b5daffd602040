/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the nftables commands of the no_accept drop (see nftrules.h).
 *
 * "add table X; delete table X" removes a table whether or not it is there
 * (nft 1.0.6 has no "destroy"), so one batch both clears an old table of the
 * name and recreates it.
 */
#include "vrrp/nftrules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum {
	MADE_VIGILD = 1u << 0,
	MADE_IP = 1u << 1,
	MADE_IP6 = 1u << 2,
	MADE_LL_INDEX = 1u << 3,
	MADE_LL_NAME = 1u << 4,
};

struct out {
	char *buf;
	size_t len, n;
	bool full;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *w, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (w->full)
		return;
	va_start(ap, fmt);
	k = vsnprintf(w->buf + w->n, w->len - w->n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= w->len - w->n) {
		w->full = true;
		return;
	}
	w->n += (size_t)k;
}

static int done(struct out *w)
{
	return w->full ? -1 : (int)w->n;
}

static bool is_ll(const struct vg_addr *a)
{
	return a->family == VG_AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

enum vg_nft_set vg_nft_set_of(const struct vg_nft_opts *o, const struct vg_addr *a, bool dont_track_primary)
{
	if (a->family != VG_AF_INET6)
		return VG_NFT_VIPS4;
	if (!o->table || !is_ll(a))
		return VG_NFT_VIPS6;
	return !o->ifindex && dont_track_primary ? VG_NFT_LL_NAME : VG_NFT_LL_INDEX;
}

static const char *cnt(const struct vg_nft_opts *o)
{
	return o->counters ? "counter " : "";
}

static void vigild_table(struct out *w)
{
	put(w, "add table inet vigild\n"
	       "add set inet vigild vips4 { type ipv4_addr; }\n"
	       "add set inet vigild vips6 { type ipv6_addr; }\n"
	       "add chain inet vigild input { type filter hook input priority -10; policy accept; }\n"
	       "add rule inet vigild input ip daddr @vips4 drop\n"
	       "add rule inet vigild input ip6 daddr @vips6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n"
	       "add rule inet vigild input ip6 daddr @vips6 drop\n");
}

static void ip_table(struct out *w, const struct vg_nft_opts *o)
{
	const char *t = o->table;
	long p = o->priority;

	put(w, "add table ip %s\ndelete table ip %s\nadd table ip %s\n", t, t, t);
	put(w, "add set ip %s vips { type ipv4_addr; }\n", t);
	put(w, "add chain ip %s out { type filter hook output priority %ld; policy accept; }\n", t, p);
	put(w, "add chain ip %s in { type filter hook input priority %ld; policy accept; }\n", t, p);
	put(w, "add rule ip %s in ip daddr @vips %sdrop\n", t, cnt(o));
	put(w, "add rule ip %s out ip saddr @vips %sdrop\n", t, cnt(o));
}

static void ip6_table(struct out *w, const struct vg_nft_opts *o)
{
	const char *t = o->table, *c = cnt(o);
	long p = o->priority;

	put(w, "add table ip6 %s\ndelete table ip6 %s\nadd table ip6 %s\n", t, t, t);
	put(w, "add chain ip6 %s out { type filter hook output priority %ld; policy accept; }\n", t, p);
	put(w, "add chain ip6 %s in { type filter hook input priority %ld; policy accept; }\n", t, p);
	put(w, "add chain ip6 %s in_link_local\n", t);
	put(w, "add chain ip6 %s out_link_local\n", t);
	put(w, "add set ip6 %s vips { type ipv6_addr; }\n", t);
	put(w, "add set ip6 %s neighbor-discovery { type icmpv6_type; flags constant; "
	       "elements = { nd-neighbor-solicit, nd-neighbor-advert }; }\n", t);
	put(w, "add rule ip6 %s in icmpv6 type @neighbor-discovery %saccept\n", t, c);
	put(w, "add rule ip6 %s in ip6 daddr fe80::/10 %sgoto in_link_local\n", t, c);
	put(w, "add rule ip6 %s out icmpv6 type @neighbor-discovery %saccept\n", t, c);
	put(w, "add rule ip6 %s out ip6 saddr fe80::/10 %sgoto out_link_local\n", t, c);
	put(w, "add rule ip6 %s in ip6 daddr @vips %sdrop\n", t, c);
	put(w, "add rule ip6 %s out ip6 saddr @vips %sdrop\n", t, c);
}

static void ll_set(struct out *w, const struct vg_nft_opts *o, bool by_name)
{
	const char *t = o->table, *c = cnt(o), *s = by_name ? "vips_link_local_name" : "vips_link_local";
	const char *in = by_name ? "iifname" : "iif", *out = by_name ? "oifname" : "oif";

	put(w, "add set ip6 %s %s { type ipv6_addr . %s; }\n", t, s, by_name ? "ifname" : "iface_index");
	put(w, "add rule ip6 %s in_link_local ip6 daddr . %s @%s %sdrop\n", t, in, s, c);
	put(w, "add rule ip6 %s out_link_local ip6 saddr . %s @%s %sdrop\n", t, out, s, c);
}

int vg_nft_prepare(const struct vg_nft_opts *o, enum vg_nft_set s, uint32_t *made, char *buf, size_t len)
{
	struct out w = { buf, len, 0, len == 0 };

	if (len)
		buf[0] = 0;
	if (!o->table) {
		if (!(*made & MADE_VIGILD))
			vigild_table(&w);
		if (!w.full)
			*made |= MADE_VIGILD;
		return done(&w);
	}
	if (s == VG_NFT_VIPS4) {
		if (!(*made & MADE_IP))
			ip_table(&w, o);
		if (!w.full)
			*made |= MADE_IP;
		return done(&w);
	}
	if (!(*made & MADE_IP6))
		ip6_table(&w, o);
	if (s == VG_NFT_LL_INDEX && !(*made & MADE_LL_INDEX))
		ll_set(&w, o, false);
	if (s == VG_NFT_LL_NAME && !(*made & MADE_LL_NAME))
		ll_set(&w, o, true);
	if (!w.full)
		*made |= MADE_IP6 | (s == VG_NFT_LL_INDEX ? MADE_LL_INDEX : 0) | (s == VG_NFT_LL_NAME ? MADE_LL_NAME : 0);
	return done(&w);
}

int vg_nft_element(const struct vg_nft_opts *o, enum vg_nft_set s, bool add, const struct vg_addr *a,
		   uint32_t ifindex, const char *ifname, char *buf, size_t len)
{
	static const char *const names[VG_NFT_SET_COUNT] = { "vips", "vips", "vips_link_local", "vips_link_local_name" };
	struct out w = { buf, len, 0, len == 0 };
	const char *verb = add ? "add" : "delete";
	char txt[VG_ADDR_STRLEN];

	vg_addr_format(a, txt, sizeof(txt));
	if (!o->table) {
		put(&w, "%s element inet vigild %s { %s }\n", verb, a->family == VG_AF_INET6 ? "vips6" : "vips4", txt);
		return done(&w);
	}
	put(&w, "%s element %s %s %s { %s", verb, s == VG_NFT_VIPS4 ? "ip" : "ip6", o->table, names[s], txt);
	if (s == VG_NFT_LL_INDEX)
		put(&w, " . %lu", (unsigned long)ifindex);
	else if (s == VG_NFT_LL_NAME)
		put(&w, " . \"%s\"", ifname ? ifname : "");
	put(&w, " }\n");
	return done(&w);
}

int vg_nft_teardown(const struct vg_nft_opts *o, const uint32_t *made, char *buf, size_t len)
{
	struct out w = { buf, len, 0, len == 0 };
	uint32_t m = made ? *made : ~0u;

	if (len)
		buf[0] = 0;
	if (!o->table) {
		if (m & MADE_VIGILD)
			put(&w, "add table inet vigild\ndelete table inet vigild\n");
		return done(&w);
	}
	if (m & MADE_IP)
		put(&w, "add table ip %s\ndelete table ip %s\n", o->table, o->table);
	if (m & MADE_IP6)
		put(&w, "add table ip6 %s\ndelete table ip6 %s\n", o->table, o->table);
	return done(&w);
}
