/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's netlink layer over libnl-3 / libnl-route-3.
 *
 * Two sockets: `cmd` for requests and dumps (synchronous, acked), `mon` for
 * the multicast groups, non-blocking, drained by vgl_nl_monitor_dispatch().
 * Values come typed from the parser (routes, rules) and spec.c (VIP options);
 * this file only moves them into libnl objects and
 * maps libnl's NLE_* codes back to errno values.
 */
#include "nl.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/link/vrf.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <netlink/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <endian.h>
#include <string.h>
#include <sys/socket.h>

#include "spec.h"

#define MONITOR_READS_MAX 256          /* recvmsg calls per dispatch: keep the event loop fair */
#define MONITOR_RCVBUF_BYTES (1 << 20) /* fewer ENOBUFS under address storms */

struct vgl_nl {
	struct nl_sock *cmd;
	struct nl_sock *mon;
	const struct vgl_nl_events *ev; /* set during dispatch only */
	vg_time ev_now;                 /* the dispatch call's time, handed to every callback */
};

static int errmsg(char *err, size_t n, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && n) {
		va_start(ap, fmt);
		vsnprintf(err, n, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* libnl's -NLE_* back to -errno (libnl maps the other way in nl_syserr2nlerr). */
static int to_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case 0: return 0;
	case NLE_EXIST: return -EEXIST;
	case NLE_OBJ_NOTFOUND: return -ENOENT;
	case NLE_NOADDR: return -EADDRNOTAVAIL;
	case NLE_NODEV: return -ENODEV;
	case NLE_PERM: return -EPERM;
	case NLE_NOACCESS: return -EACCES;
	case NLE_INVAL: return -EINVAL;
	case NLE_RANGE: return -ERANGE;
	case NLE_NOMEM: return -ENOMEM;
	case NLE_BUSY: return -EBUSY;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_OPNOTSUPP: return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT: return -EAFNOSUPPORT;
	default: return -EIO;
	}
}

static int af_of(uint8_t family)
{
	return family == VG_AF_INET6 ? AF_INET6 : AF_INET;
}

static struct nl_addr *nl_from_vg(const struct vg_addr *a, uint8_t plen)
{
	struct nl_addr *x = nl_addr_build(af_of(a->family), a->bytes, vg_addr_len(a->family));

	if (x)
		nl_addr_set_prefixlen(x, plen);
	return x;
}

static bool vg_from_nl(struct nl_addr *x, struct vg_addr *out)
{
	if (!x || (nl_addr_get_family(x) != AF_INET && nl_addr_get_family(x) != AF_INET6))
		return false;
	if (nl_addr_get_len(x) != 4 && nl_addr_get_len(x) != 16)
		return false;
	*out = vg_addr_from_bytes(nl_addr_get_binary_addr(x), nl_addr_get_len(x));
	return true;
}

static uint8_t full_len(uint8_t family)
{
	return (uint8_t)(vg_addr_len(family) * 8);
}

static struct nl_sock *sock_open(char *err, size_t errlen)
{
	struct nl_sock *sk = nl_socket_alloc();
	int rc;

	if (!sk) {
		errmsg(err, errlen, 0, "netlink: out of memory");
		return NULL;
	}
	rc = nl_connect(sk, NETLINK_ROUTE);
	if (rc < 0) {
		errmsg(err, errlen, 0, "netlink: connect: %s", nl_geterror(rc));
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

static int monitor_valid(struct nl_msg *msg, void *arg);

struct vgl_nl *vgl_nl_open(char *err, size_t errlen)
{
	struct vgl_nl *nl = calloc(1, sizeof(*nl));
	int rc;

	if (!nl) {
		errmsg(err, errlen, 0, "netlink: out of memory");
		return NULL;
	}
	nl->cmd = sock_open(err, errlen);
	nl->mon = nl->cmd ? nl_socket_alloc() : NULL;
	if (!nl->mon) {
		if (nl->cmd)
			errmsg(err, errlen, 0, "netlink: out of memory");
		vgl_nl_close(nl);
		return NULL;
	}
	nl_socket_disable_seq_check(nl->mon);
	nl_socket_modify_cb(nl->mon, NL_CB_VALID, NL_CB_CUSTOM, monitor_valid, nl);
	rc = nl_connect(nl->mon, NETLINK_ROUTE);
	if (rc == 0)
		rc = nl_socket_add_memberships(nl->mon, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
					       RTNLGRP_IPV6_IFADDR, 0);
	if (rc == 0)
		rc = nl_socket_set_nonblocking(nl->mon);
	if (rc == 0)
		rc = nl_socket_set_buffer_size(nl->mon, MONITOR_RCVBUF_BYTES, 0);
	if (rc < 0) {
		errmsg(err, errlen, 0, "netlink: monitor socket: %s", nl_geterror(rc));
		vgl_nl_close(nl);
		return NULL;
	}
	return nl;
}

void vgl_nl_close(struct vgl_nl *nl)
{
	if (!nl)
		return;
	if (nl->cmd)
		nl_socket_free(nl->cmd);
	if (nl->mon)
		nl_socket_free(nl->mon);
	free(nl);
}

/* ---- links ---- */

uint32_t vgl_nl_ifindex(struct vgl_nl *nl, const char *name)
{
	struct rtnl_link *link = NULL;
	uint32_t ifindex;

	if (!name || !*name || strlen(name) >= VGL_IFNAME_MAX)
		return 0;
	if (rtnl_link_get_kernel(nl->cmd, 0, name, &link) < 0)
		return 0;
	ifindex = (uint32_t)rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	return ifindex;
}

static struct rtnl_link *link_get(struct vgl_nl *nl, uint32_t ifindex)
{
	struct rtnl_link *link = NULL;

	if (ifindex == 0 || ifindex > INT32_MAX)
		return NULL;
	if (rtnl_link_get_kernel(nl->cmd, (int)ifindex, NULL, &link) < 0)
		return NULL;
	return link;
}

static bool link_up(struct rtnl_link *link)
{
	unsigned int flags = rtnl_link_get_flags(link);

	return (flags & IFF_UP) && (flags & IFF_RUNNING);
}

int vgl_nl_link(struct vgl_nl *nl, uint32_t ifindex, bool *up, uint8_t mac[6])
{
	struct rtnl_link *link = link_get(nl, ifindex);
	struct nl_addr *hw;

	if (!link)
		return -ENODEV;
	*up = link_up(link);
	if (mac) {
		hw = rtnl_link_get_addr(link);
		memset(mac, 0, 6);
		if (hw && nl_addr_get_len(hw) == 6)
			memcpy(mac, nl_addr_get_binary_addr(hw), 6);
	}
	rtnl_link_put(link);
	return 0;
}

int vgl_nl_ifname(struct vgl_nl *nl, uint32_t ifindex, char *buf, size_t len)
{
	struct rtnl_link *link = link_get(nl, ifindex);
	const char *name;

	if (!link)
		return -ENODEV;
	name = rtnl_link_get_name(link);
	snprintf(buf, len, "%s", name ? name : "");
	rtnl_link_put(link);
	return 0;
}

int vgl_nl_link_delete(struct vgl_nl *nl, uint32_t ifindex)
{
	struct rtnl_link *link;
	int rc;

	if (ifindex == 0 || ifindex > INT32_MAX)
		return -EINVAL;
	link = rtnl_link_alloc();
	if (!link)
		return -ENOMEM;
	rtnl_link_set_ifindex(link, (int)ifindex);
	rc = to_errno(rtnl_link_delete(nl->cmd, link));
	rtnl_link_put(link);
	return rc == -ENODEV || rc == -ENOENT ? 0 : rc;
}

/* ---- addresses ---- */

/* Call fn on each address of ifindex in kernel order until it returns true. */
static int addr_foreach(struct vgl_nl *nl, uint32_t ifindex,
			bool (*fn)(struct rtnl_addr *ra, void *arg), void *arg)
{
	struct nl_cache *cache = NULL;
	int rc = rtnl_addr_alloc_cache(nl->cmd, &cache);

	if (rc < 0)
		return to_errno(rc);
	for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ra = (struct rtnl_addr *)o;
		if (ifindex && (uint32_t)rtnl_addr_get_ifindex(ra) != ifindex)
			continue;
		if (fn(ra, arg))
			break;
	}
	nl_cache_free(cache);
	return 0;
}

struct primary_find {
	int af;
	bool skip_tentative;
	bool found;
	struct vg_addr addr;
};

static bool primary_match(struct rtnl_addr *ra, void *arg)
{
	struct primary_find *f = arg;
	unsigned int flags = rtnl_addr_get_flags(ra);

	if (rtnl_addr_get_family(ra) != f->af || !vg_from_nl(rtnl_addr_get_local(ra), &f->addr))
		return false;
	if (f->af == AF_INET) {
		f->found = !(flags & IFA_F_SECONDARY);
	} else {
		/* fe80::/10 */
		f->found = f->addr.bytes[0] == 0xfe && (f->addr.bytes[1] & 0xc0) == 0x80 &&
			   !(flags & IFA_F_DADFAILED) &&
			   !(f->skip_tentative && (flags & IFA_F_TENTATIVE));
	}
	return f->found;
}

int vgl_nl_primary_addr(struct vgl_nl *nl, uint32_t ifindex, uint8_t family, struct vg_addr *out)
{
	struct primary_find f = { .af = af_of(family), .skip_tentative = true };

	if (family != VG_AF_INET && family != VG_AF_INET6)
		return -1;
	if (addr_foreach(nl, ifindex, primary_match, &f) < 0)
		return -1;
	if (!f.found && family == VG_AF_INET6) {
		f.skip_tentative = false;
		if (addr_foreach(nl, ifindex, primary_match, &f) < 0)
			return -1;
	}
	if (!f.found)
		return -1;
	*out = f.addr;
	return 0;
}

struct present_find {
	const struct vg_addr *want;
	bool found;
};

static bool present_match(struct rtnl_addr *ra, void *arg)
{
	struct present_find *f = arg;
	struct vg_addr a;

	f->found = vg_from_nl(rtnl_addr_get_local(ra), &a) && vg_addr_eq(&a, f->want);
	return f->found;
}

bool vgl_nl_vip_present(struct vgl_nl *nl, uint32_t ifindex, const struct vg_addr *a)
{
	struct present_find f = { .want = a };

	return addr_foreach(nl, ifindex, present_match, &f) == 0 && f.found;
}

static uint8_t vip_plen(const struct vg_conf_vip *vip)
{
	uint8_t full = full_len(vip->addr.family);

	if (vip->peer.family != VG_AF_NONE)
		return vip->peer_prefix_len ? vip->peer_prefix_len : full;
	if (!vip->prefix_set && vip->prefix_len == 0)
		return full;
	return vip->prefix_len;
}

/* The address identity: interface, local address, prefix length, peer. */
static int vip_object(const struct vg_conf_vip *vip, uint32_t ifindex, struct rtnl_addr **out,
		      char *err, size_t n)
{
	struct rtnl_addr *ra;
	struct nl_addr *local, *peer = NULL;
	uint8_t plen = vip_plen(vip);
	char buf[VG_ADDR_STRLEN];
	int rc = 0;

	if (vip->addr.family != VG_AF_INET && vip->addr.family != VG_AF_INET6)
		return errmsg(err, n, -EINVAL, "VIP has no address");
	if (plen > full_len(vip->addr.family))
		return errmsg(err, n, -EINVAL, "VIP %s: prefix length %u is too long",
			      vg_addr_format(&vip->addr, buf, sizeof(buf)), plen);
	if (ifindex == 0 || ifindex > INT32_MAX)
		return errmsg(err, n, -ENODEV, "VIP %s: no interface",
			      vg_addr_format(&vip->addr, buf, sizeof(buf)));
	ra = rtnl_addr_alloc();
	local = nl_from_vg(&vip->addr, plen);
	if (vip->peer.family != VG_AF_NONE)
		peer = nl_from_vg(&vip->peer, plen);
	if (!ra || !local || (vip->peer.family != VG_AF_NONE && !peer)) {
		rc = errmsg(err, n, -ENOMEM, "out of memory");
		goto out;
	}
	rtnl_addr_set_ifindex(ra, (int)ifindex);
	rtnl_addr_set_family(ra, af_of(vip->addr.family));
	rc = rtnl_addr_set_local(ra, local);
	if (rc == 0 && peer)
		rc = rtnl_addr_set_peer(ra, peer);
	if (rc < 0) {
		rc = errmsg(err, n, to_errno(rc), "VIP %s: %s",
			    vg_addr_format(&vip->addr, buf, sizeof(buf)), nl_geterror(rc));
		goto out;
	}
	rtnl_addr_set_prefixlen(ra, plen);
out:
	if (local)
		nl_addr_put(local);
	if (peer)
		nl_addr_put(peer);
	if (rc < 0 && ra) {
		rtnl_addr_put(ra);
		ra = NULL;
	}
	*out = ra;
	return rc;
}

int vgl_nl_vip_add(struct vgl_nl *nl, uint32_t ifindex, const struct vg_conf_vip *vip, char *err,
		   size_t n)
{
	struct rtnl_addr *ra = NULL;
	struct vg_addr brd;
	char buf[VG_ADDR_STRLEN], ifname[VGL_IFNAME_MAX];
	uint8_t scope = RT_SCOPE_UNIVERSE;
	int rc;

	vg_addr_format(&vip->addr, buf, sizeof(buf));
	if (vip->scope && vgl_scope_parse(vip->scope, &scope) < 0)
		return errmsg(err, n, -EINVAL, "VIP %s: unknown scope '%s'", buf, vip->scope);
	rc = vip_object(vip, ifindex, &ra, err, n);
	if (rc < 0)
		return rc;
	rtnl_addr_set_scope(ra, scope);
	if (vgl_vip_broadcast(vip, &brd) == 1) {
		struct nl_addr *b = nl_from_vg(&brd, 32);
		if (!b) {
			rc = errmsg(err, n, -ENOMEM, "out of memory");
			goto out;
		}
		rtnl_addr_set_broadcast(ra, b);
		nl_addr_put(b);
	}
	/* labels are an IPv4 notion: the kernel keeps none for IPv6 */
	if (vip->label && vip->addr.family == VG_AF_INET) {
		rc = vgl_nl_ifname(nl, ifindex, ifname, sizeof(ifname));
		if (rc < 0) {
			errmsg(err, n, rc, "VIP %s: interface %u is not there", buf, ifindex);
			goto out;
		}
		rc = vgl_vip_label_check(vip->label, ifname, err, n);
		if (rc < 0)
			goto out;
		rtnl_addr_set_label(ra, vip->label);
	}
	if (vgl_vip_flags(vip))
		rtnl_addr_set_flags(ra, vgl_vip_flags(vip));
	if (vip->preferred_lft != -2) {
		rtnl_addr_set_valid_lifetime(ra, UINT32_MAX); /* forever */
		rtnl_addr_set_preferred_lifetime(
			ra, vip->preferred_lft < 0 ? UINT32_MAX : (uint32_t)vip->preferred_lft);
	}
	rc = rtnl_addr_add(nl->cmd, ra, NLM_F_EXCL);
	if (rc == -NLE_EXIST)
		rc = 0;
	if (rc < 0)
		rc = errmsg(err, n, to_errno(rc), "VIP %s add: %s", buf, nl_geterror(rc));
out:
	rtnl_addr_put(ra);
	return rc;
}

int vgl_nl_vip_del(struct vgl_nl *nl, uint32_t ifindex, const struct vg_conf_vip *vip, char *err,
		   size_t n)
{
	struct rtnl_addr *ra = NULL;
	char buf[VG_ADDR_STRLEN];
	int rc = vip_object(vip, ifindex, &ra, err, n);

	if (rc < 0)
		return rc;
	rc = rtnl_addr_delete(nl->cmd, ra, 0);
	/* not there, or its interface is gone with it */
	if (rc == -NLE_NOADDR || rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV)
		rc = 0;
	if (rc < 0)
		rc = errmsg(err, n, to_errno(rc), "VIP %s delete: %s",
			    vg_addr_format(&vip->addr, buf, sizeof(buf)), nl_geterror(rc));
	rtnl_addr_put(ra);
	return rc;
}

/* ---- routes and rules ---- */

/* The table a VRF device routes into. 0, or -ENODEV / -EINVAL. */
static int vrf_table(struct vgl_nl *nl, const char *name, uint32_t *table)
{
	struct rtnl_link *link = NULL;
	int rc;

	if (!name || strlen(name) >= VGL_IFNAME_MAX || rtnl_link_get_kernel(nl->cmd, 0, name, &link) < 0)
		return -ENODEV;
	rc = rtnl_link_vrf_get_tableid(link, table);
	rtnl_link_put(link);
	return rc < 0 ? -EINVAL : 0;
}

static int nexthop_add(struct vgl_nl *nl, struct rtnl_route *rt, const struct vg_addr *via, const char *dev,
		       uint32_t oif, uint16_t weight, bool onlink, bool realms_set, uint32_t realms, char *err,
		       size_t n)
{
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();

	if (!nh)
		return errmsg(err, n, -ENOMEM, "out of memory");
	if (dev) {
		oif = vgl_nl_ifindex(nl, dev);
		if (!oif) {
			rtnl_route_nh_free(nh);
			return errmsg(err, n, -ENODEV, "dev %s: no such interface", dev);
		}
	}
	if (oif)
		rtnl_route_nh_set_ifindex(nh, (int)oif);
	if (via && via->family != VG_AF_NONE) {
		struct nl_addr *gw = nl_from_vg(via, full_len(via->family));
		if (!gw) {
			rtnl_route_nh_free(nh);
			return errmsg(err, n, -ENOMEM, "out of memory");
		}
		rtnl_route_nh_set_gateway(nh, gw);
		nl_addr_put(gw);
	}
	if (weight)
		rtnl_route_nh_set_weight(nh, (uint8_t)(weight - 1)); /* rtnh_hops: ip(8) weight - 1 */
	if (onlink)
		rtnl_route_nh_set_flags(nh, RTNH_F_ONLINK);
	if (realms_set)
		rtnl_route_nh_set_realms(nh, realms);
	rtnl_route_add_nexthop(rt, nh);
	return 0;
}

static int route_object(struct vgl_nl *nl, const struct vg_conf_iproute *s, uint32_t table, bool add,
			uint32_t default_ifindex, struct rtnl_route **out, char *err, size_t n)
{
	struct rtnl_route *rt = rtnl_route_alloc();
	struct nl_addr *a = NULL;
	uint32_t oif = 0;
	int rc = 0;

	*out = NULL;
	if (!rt)
		return errmsg(err, n, -ENOMEM, "out of memory");
	if (s->vrf && (rc = vrf_table(nl, s->vrf, &table)) < 0) {
		rc = errmsg(err, n, rc, "vrf %s: not a VRF device", s->vrf);
		goto fail;
	}
	if (!s->dev && s->type == VG_RTN_UNICAST && s->via.family == VG_AF_NONE && !s->nexthop_count) {
		oif = default_ifindex;
		if (!oif) {
			rc = errmsg(err, n, -EINVAL, "the route names no device and no gateway");
			goto fail;
		}
	}
	rtnl_route_set_family(rt, (uint8_t)af_of(s->family));
	rtnl_route_set_type(rt, s->type);
	rtnl_route_set_table(rt, table);
	/* a delete matches any scope and protocol unless they were written */
	rtnl_route_set_scope(rt, add || s->has_scope ? s->scope : RT_SCOPE_NOWHERE);
	rtnl_route_set_protocol(rt, add || s->has_protocol ? s->protocol : 0);
	if (s->has_metric)
		rtnl_route_set_priority(rt, s->metric);
	if (s->has_tos)
		rtnl_route_set_tos(rt, s->tos);
	if (s->has_ttl_propagate)
		rtnl_route_set_ttl_propagate(rt, s->ttl_propagate);
	for (int ax = VG_RTAX_LOCK; add && ax < VG_RTAX_COUNT; ax++) {
		if (ax == VG_RTAX_CC_ALGO || !(s->metrics_set & (UINT32_C(1) << ax)))
			continue; /* congctl is a string: libnl's metrics are numbers (see README.md) */
		rc = rtnl_route_set_metric(rt, ax, ax == VG_RTAX_LOCK ? s->lock : s->metrics[ax]);
		if (rc < 0)
			goto nlfail;
	}
	a = nl_from_vg(&s->dst, s->dst_len);
	if (!a)
		goto nomem;
	rc = rtnl_route_set_dst(rt, a);
	nl_addr_put(a);
	if (rc == 0 && s->src.family != VG_AF_NONE) {
		if (!(a = nl_from_vg(&s->src, full_len(s->src.family))))
			goto nomem;
		rc = rtnl_route_set_pref_src(rt, a);
		nl_addr_put(a);
	}
	if (rc == 0 && s->from.family != VG_AF_NONE) {
		if (!(a = nl_from_vg(&s->from, s->from_len)))
			goto nomem;
		rc = rtnl_route_set_src(rt, a);
		nl_addr_put(a);
	}
	if (rc < 0)
		goto nlfail;
	if (s->nexthop_count) {
		for (uint32_t i = 0; i < s->nexthop_count && rc == 0; i++) {
			const struct vg_conf_nexthop *h = &s->nexthops[i];
			/* "via A or B" (and a nexthop without dev) uses the route's dev */
			rc = nexthop_add(nl, rt, &h->via, h->dev ? h->dev : s->dev, 0, h->weight,
					 h->onlink || s->onlink, h->realms_set || s->has_realms,
					 h->realms_set ? h->realms : s->realms, err, n);
		}
	} else if (s->dev || oif || s->via.family != VG_AF_NONE) {
		rc = nexthop_add(nl, rt, &s->via, s->dev, oif, 0, s->onlink, s->has_realms, s->realms, err, n);
	}
	if (rc < 0)
		goto fail;
	*out = rt;
	return 0;
nlfail:
	rc = errmsg(err, n, to_errno(rc), "route: %s", nl_geterror(rc));
	goto fail;
nomem:
	rc = errmsg(err, n, -ENOMEM, "out of memory");
fail:
	rtnl_route_put(rt);
	return rc;
}

static int table_check(const struct vg_conf_rt_table *t, uint32_t table, char *err, size_t n)
{
	if (table == VG_RT_TABLE_UNRESOLVED)
		return errmsg(err, n, -ENOENT, "table %s: not in rt_tables", t->name ? t->name : "?");
	return 0;
}

int vgl_nl_route_apply(struct vgl_nl *nl, const struct vg_conf_route *line, uint32_t table, bool add,
		       uint32_t default_ifindex, char *err, size_t n)
{
	const struct vg_conf_iproute *s = line->route;
	struct rtnl_route *r;
	struct nl_msg *msg = NULL;
	int rc;

	if (!s)
		return errmsg(err, n, -EINVAL, "the line did not parse (see vigild -t)");
	if ((rc = table_check(&s->table, table, err, n)) < 0)
		return rc;
	rc = route_object(nl, s, table, add, default_ifindex, &r, err, n);
	if (rc < 0)
		return rc;
	rc = add ? rtnl_route_build_add_request(r, vgl_route_add_flags(s) & ~NLM_F_CREATE, &msg)
		 : rtnl_route_build_del_request(r, 0, &msg);
	rtnl_route_put(r);
	if (rc < 0)
		return errmsg(err, n, to_errno(rc), "route: %s", nl_geterror(rc));
	/* what libnl has no setter for */
	if (add && s->has_expires)
		rc = nla_put_u32(msg, RTA_EXPIRES, s->expires);
	if (rc == 0 && add && s->has_pref)
		rc = nla_put_u8(msg, RTA_PREF, s->pref);
	if (rc < 0) {
		nlmsg_free(msg);
		return errmsg(err, n, -ENOMEM, "route: message too long");
	}
	rc = nl_send_sync(nl->cmd, msg); /* frees msg */
	if (add && rc == -NLE_EXIST)
		rc = 0;
	if (!add && (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV))
		rc = 0;
	if (rc < 0)
		rc = errmsg(err, n, to_errno(rc), "route %s: %s", add ? "add" : "delete", nl_geterror(rc));
	return rc;
}

static int rule_object(const struct vg_conf_iprule *s, uint32_t table, struct rtnl_rule **out, char *err,
		       size_t n)
{
	struct rtnl_rule *r = rtnl_rule_alloc();
	struct nl_addr *a;
	int rc = 0;

	*out = NULL;
	if (!r)
		return errmsg(err, n, -ENOMEM, "out of memory");
	rtnl_rule_set_family(r, af_of(s->family));
	rtnl_rule_set_action(r, s->action);
	if (s->action == FR_ACT_TO_TBL && !s->l3mdev)
		rtnl_rule_set_table(r, table);
	if (s->l3mdev)
		rtnl_rule_set_l3mdev(r, 1);
	if (s->action == FR_ACT_GOTO)
		rtnl_rule_set_goto(r, s->goto_target);
	if (s->has_priority)
		rtnl_rule_set_prio(r, s->priority);
	if (s->has_fwmark) {
		rtnl_rule_set_mark(r, s->fwmark);
		rtnl_rule_set_mask(r, s->fwmask);
	}
	if (s->has_tos)
		rtnl_rule_set_dsfield(r, s->tos);
	if (s->has_realms)
		rtnl_rule_set_realms(r, s->realms);
	if (s->has_protocol)
		rc = rtnl_rule_set_protocol(r, s->protocol);
	if (rc == 0 && s->has_ip_proto)
		rc = rtnl_rule_set_ipproto(r, s->ip_proto);
	if (rc == 0 && s->has_sport)
		rc = rtnl_rule_set_sport_range(r, s->sport_start, s->sport_end);
	if (rc == 0 && s->has_dport)
		rc = rtnl_rule_set_dport_range(r, s->dport_start, s->dport_end);
	if (rc == 0 && s->iif)
		rc = rtnl_rule_set_iif(r, s->iif);
	if (rc == 0 && s->oif)
		rc = rtnl_rule_set_oif(r, s->oif);
	if (rc == 0 && s->has_from) {
		a = nl_from_vg(&s->from, s->from_len);
		rc = a ? rtnl_rule_set_src(r, a) : -NLE_NOMEM;
		if (a)
			nl_addr_put(a);
	}
	if (rc == 0 && s->has_to) {
		a = nl_from_vg(&s->to, s->to_len);
		rc = a ? rtnl_rule_set_dst(r, a) : -NLE_NOMEM;
		if (a)
			nl_addr_put(a);
	}
	if (rc < 0) {
		rtnl_rule_put(r);
		return errmsg(err, n, to_errno(rc), "rule: %s", nl_geterror(rc));
	}
	*out = r;
	return 0;
}

int vgl_nl_rule_apply(struct vgl_nl *nl, const struct vg_conf_route *line, uint32_t table, bool add,
		      char *err, size_t n)
{
	const struct vg_conf_iprule *s = line->rule;
	struct rtnl_rule *r;
	struct nl_msg *msg = NULL;
	int rc;

	if (!s)
		return errmsg(err, n, -EINVAL, "the line did not parse (see vigild -t)");
	if (s->action == FR_ACT_TO_TBL && !s->l3mdev && (rc = table_check(&s->table, table, err, n)) < 0)
		return rc;
	rc = rule_object(s, table, &r, err, n);
	if (rc < 0)
		return rc;
	rc = add ? rtnl_rule_build_add_request(r, NLM_F_EXCL, &msg)
		 : rtnl_rule_build_delete_request(r, 0, &msg);
	rtnl_rule_put(r);
	if (rc < 0)
		return errmsg(err, n, to_errno(rc), "rule: %s", nl_geterror(rc));
	/* libnl has no setter for the rule flags: "not" goes into the header it built */
	if (s->invert) {
		struct fib_rule_hdr *frh = nlmsg_data(nlmsg_hdr(msg));
		frh->flags |= FIB_RULE_INVERT;
	}
	/* nor for these attributes */
	if (s->has_uidrange) {
		struct fib_rule_uid_range u = { s->uid_start, s->uid_end };
		rc = nla_put(msg, FRA_UID_RANGE, sizeof(u), &u);
	}
	if (rc == 0 && s->has_suppress_prefixlen)
		rc = nla_put_u32(msg, FRA_SUPPRESS_PREFIXLEN, s->suppress_prefixlen);
	if (rc == 0 && s->has_suppress_ifgroup)
		rc = nla_put_u32(msg, FRA_SUPPRESS_IFGROUP, s->suppress_ifgroup);
	if (rc == 0 && s->has_tunnel_id)
		rc = nla_put_u64(msg, FRA_TUN_ID, htobe64(s->tunnel_id));
	if (rc < 0) {
		nlmsg_free(msg);
		return errmsg(err, n, -ENOMEM, "rule: message too long");
	}
	rc = nl_send_sync(nl->cmd, msg); /* frees msg */
	if (add && rc == -NLE_EXIST)
		rc = 0;
	if (!add && rc == -NLE_OBJ_NOTFOUND)
		rc = 0;
	if (rc < 0)
		rc = errmsg(err, n, to_errno(rc), "rule %s: %s", add ? "add" : "delete",
			    nl_geterror(rc));
	return rc;
}

/* ---- VMAC ---- */

uint32_t vgl_nl_vmac_create(struct vgl_nl *nl, uint32_t parent, const char *name, uint8_t family,
			    uint8_t vrid, char *err, size_t n)
{
	/* RFC 5798 7.3: 00-00-5E-00-01-{VRID} (IPv4), 00-00-5E-00-02-{VRID} (IPv6) */
	uint8_t mac[6] = { 0x00, 0x00, 0x5e, 0x00, family == VG_AF_INET6 ? 0x02 : 0x01, vrid };
	struct rtnl_link *link = NULL, *old = NULL;
	struct nl_addr *hw = NULL;
	uint32_t ifindex = 0;
	int rc;

	if (!name || !*name || strlen(name) >= VGL_IFNAME_MAX) {
		errmsg(err, n, 0, "vmac: invalid interface name");
		return 0;
	}
	if (parent == 0 || parent > INT32_MAX || vrid == 0) {
		errmsg(err, n, 0, "vmac %s: invalid parent or VRID", name);
		return 0;
	}
	link = rtnl_link_macvlan_alloc();
	hw = nl_addr_build(AF_LLC, mac, sizeof(mac));
	if (!link || !hw) {
		errmsg(err, n, 0, "out of memory");
		goto out;
	}
	rtnl_link_set_link(link, (int)parent);
	rtnl_link_set_name(link, name);
	rtnl_link_set_addr(link, hw);
	rtnl_link_set_flags(link, IFF_UP);
	rc = rtnl_link_macvlan_set_mode(link, MACVLAN_MODE_PRIVATE);
	if (rc == 0)
		rc = rtnl_link_add(nl->cmd, link, NLM_F_CREATE | NLM_F_EXCL);
	if (rc < 0 && rc != -NLE_EXIST) {
		errmsg(err, n, 0, "vmac %s: %s", name, nl_geterror(rc));
		goto out;
	}
	rc = rtnl_link_get_kernel(nl->cmd, 0, name, &old);
	if (rc < 0) {
		errmsg(err, n, 0, "vmac %s: created but not found: %s", name, nl_geterror(rc));
		goto out;
	}
	if (!rtnl_link_is_macvlan(old) || (uint32_t)rtnl_link_get_link(old) != parent) {
		errmsg(err, n, 0, "vmac %s: a link of that name exists and is not a macvlan on "
			   "interface %u", name, parent);
		goto out;
	}
	ifindex = (uint32_t)rtnl_link_get_ifindex(old);
out:
	if (old)
		rtnl_link_put(old);
	if (link)
		rtnl_link_put(link);
	if (hw)
		nl_addr_put(hw);
	return ifindex;
}

/* ---- monitoring ---- */

int vgl_nl_monitor_fd(struct vgl_nl *nl)
{
	return nl_socket_get_fd(nl->mon);
}

static void report_link(const struct vgl_nl_events *ev, struct rtnl_link *link, bool gone, vg_time now)
{
	int ifindex = rtnl_link_get_ifindex(link);

	if (ev->link && ifindex > 0)
		ev->link(ev->ctx, (uint32_t)ifindex, !gone && link_up(link), now);
}

static void report_addr(const struct vgl_nl_events *ev, struct rtnl_addr *ra, bool added, vg_time now)
{
	struct vg_addr a;
	int ifindex = rtnl_addr_get_ifindex(ra);

	if (ev->addr && ifindex > 0 && vg_from_nl(rtnl_addr_get_local(ra), &a))
		ev->addr(ev->ctx, (uint32_t)ifindex, &a, added, now);
}

static void monitor_object(struct nl_object *obj, void *arg)
{
	struct vgl_nl *nl = arg;
	int type = nl_object_get_msgtype(obj);

	if (!nl->ev)
		return;
	if (type == RTM_NEWLINK || type == RTM_DELLINK)
		report_link(nl->ev, (struct rtnl_link *)obj, type == RTM_DELLINK, nl->ev_now);
	else if (type == RTM_NEWADDR || type == RTM_DELADDR)
		report_addr(nl->ev, (struct rtnl_addr *)obj, type == RTM_NEWADDR, nl->ev_now);
}

static int monitor_valid(struct nl_msg *msg, void *arg)
{
	nl_msg_parse(msg, monitor_object, arg);
	return NL_OK;
}

/* Events were lost: report the whole current state. */
static void monitor_resync(struct vgl_nl *nl, const struct vgl_nl_events *ev, vg_time now)
{
	struct nl_cache *cache = NULL;

	if (rtnl_link_alloc_cache(nl->cmd, AF_UNSPEC, &cache) == 0) {
		for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o))
			report_link(ev, (struct rtnl_link *)o, false, now);
		nl_cache_free(cache);
	}
	cache = NULL;
	if (rtnl_addr_alloc_cache(nl->cmd, &cache) == 0) {
		for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o))
			report_addr(ev, (struct rtnl_addr *)o, true, now);
		nl_cache_free(cache);
	}
}

void vgl_nl_monitor_dispatch(struct vgl_nl *nl, const struct vgl_nl_events *ev, vg_time now)
{
	bool lost = false;

	nl->ev = ev;
	nl->ev_now = now;
	for (int i = 0; i < MONITOR_READS_MAX; i++) {
		int rc = nl_recvmsgs_default(nl->mon);
		if (rc == -NLE_NOMEM) { /* ENOBUFS: the socket overflowed */
			lost = true;
			continue;
		}
		if (rc < 0)
			break; /* -NLE_AGAIN: drained */
	}
	nl->ev = NULL;
	if (lost && ev)
		monitor_resync(nl, ev, now);
}

int vgl_nl_cmd_fd(struct vgl_nl *nl)
{
	return nl_socket_get_fd(nl->cmd);
}
