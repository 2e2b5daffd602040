/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's netlink layer (libnl-3 / libnl-route-3).
 *
 * One struct vgl_nl holds two rtnetlink sockets: a command socket for
 * requests (links, addresses, routes, rules, macvlans) and a monitoring
 * socket subscribed to RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and
 * RTNLGRP_IPV6_IFADDR whose fd goes into the daemon's epoll.
 *
 * Requests are synchronous: each call sends one request and waits for the
 * kernel's answer. Queries dump what they need each time (no cache is kept),
 * so answers are always current. Functions that change something return 0 or
 * a negative errno value and write a message into err; they are idempotent
 * (adding what is there and deleting what is not are both success).
 *
 * VIP, route and rule semantics follow keepalived; README.md documents each
 * option. The pure parts (option values, route/rule words) are in spec.h.
 */
#ifndef VGL_NETLINK_NL_H
#define VGL_NETLINK_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/time.h"
#include "conf/conf.h"
#include "node/node.h"
#include "vrrp/plan.h"

struct vgl_nl; /* opaque: one command socket + one monitoring socket */

/* Open both sockets. NULL on failure, with a message in err. */
struct vgl_nl *vgl_nl_open(char *err, size_t errlen);
void vgl_nl_close(struct vgl_nl *nl);

/* The index of interface name; 0 if absent. */
uint32_t vgl_nl_ifindex(struct vgl_nl *nl, const char *name);

/*
 * State of a link: *up = IFF_UP && IFF_RUNNING; mac (may be NULL) receives the
 * hardware address (zeros if the link has no 6-byte address). 0, or -ENODEV.
 */
int vgl_nl_link(struct vgl_nl *nl, uint32_t ifindex, bool *up, uint8_t mac[6]);

/* The interface's name into buf (VGL_IFNAME_MAX bytes). 0, or -ENODEV. */
int vgl_nl_ifname(struct vgl_nl *nl, uint32_t ifindex, char *buf, size_t len);

/*
 * The interface's primary address of a family (VG_AF_INET or VG_AF_INET6):
 * IPv4, the first address not flagged secondary; IPv6, the first link-local
 * address, preferring one whose DAD is done. 0, or -1 if there is none.
 */
int vgl_nl_primary_addr(struct vgl_nl *nl, uint32_t ifindex, uint8_t family, struct vg_addr *out);

/*
 * VIPs: ifindex resolved by the caller (vip->dev or the instance interface).
 * Adding one that is there is success; deleting one that is not there is
 * success. Return 0 or -errno, with a message in err.
 */
int vgl_nl_vip_add(struct vgl_nl *nl, uint32_t ifindex, const struct vg_conf_vip *vip, char *err,
		   size_t n);
int vgl_nl_vip_del(struct vgl_nl *nl, uint32_t ifindex, const struct vg_conf_vip *vip, char *err,
		   size_t n);
/* Whether address a (any prefix length) is on the interface. */
bool vgl_nl_vip_present(struct vgl_nl *nl, uint32_t ifindex, const struct vg_addr *a);

/*
 * A virtual_routes / virtual_rules line, typed by the parser (line->route,
 * line->rule; a line that did not parse is -EINVAL). `table` is the table id
 * the plan resolved (vg_vrrp_plan_table(); VG_RT_TABLE_UNRESOLVED is
 * -ENOENT). default_ifindex (0: none) is the device of a route that names
 * neither a device nor a gateway (a directly connected route needs one).
 * Idempotent like the VIPs.
 */
int vgl_nl_route_apply(struct vgl_nl *nl, const struct vg_conf_route *line, uint32_t table, bool add,
		       uint32_t default_ifindex, char *err, size_t n);
int vgl_nl_rule_apply(struct vgl_nl *nl, const struct vg_conf_route *line, uint32_t table, bool add,
		      char *err, size_t n);

/*
 * use_vmac: a macvlan (mode private, like keepalived) on parent with MAC
 * 00:00:5e:00:01:VRID (IPv6: 00:00:5e:00:02:VRID), named name, set up.
 * Returns its ifindex (an existing macvlan of that name on parent is
 * reused), 0 on error with a message in err.
 */
uint32_t vgl_nl_vmac_create(struct vgl_nl *nl, uint32_t parent, const char *name, uint8_t family,
			    uint8_t vrid, char *err, size_t n);
/* Delete a link; a link that is not there is success. 0 or -errno. */
int vgl_nl_link_delete(struct vgl_nl *nl, uint32_t ifindex);

/*
 * Monitoring: link up/down and address add/remove, one fd for the daemon's
 * epoll. link() is called for every RTM_NEWLINK (the state may be unchanged)
 * and with up false for RTM_DELLINK. If the kernel reports that events were
 * lost (ENOBUFS), dispatch re-reads every link and address and reports them
 * (links with their state, addresses as added). Every callback gets the
 * dispatch call's `now` (the loop's wake-up): the receiver decides with
 * it, not with a stored time.
 */
struct vgl_nl_events {
	void *ctx;
	void (*link)(void *ctx, uint32_t ifindex, bool up, vg_time now);
	void (*addr)(void *ctx, uint32_t ifindex, const struct vg_addr *a, bool added, vg_time now);
};
int vgl_nl_monitor_fd(struct vgl_nl *nl); /* non-blocking */
int vgl_nl_cmd_fd(struct vgl_nl *nl);     /* the command socket (its receive buffer is sized by global_defs) */
/* Drain pending messages at `now`, calling ev's callbacks (either may be NULL) with it. */
void vgl_nl_monitor_dispatch(struct vgl_nl *nl, const struct vgl_nl_events *ev, vg_time now);

#endif
