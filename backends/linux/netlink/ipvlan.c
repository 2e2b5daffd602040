/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: make an ipvlan interface (ipvlan.h). */
#include "ipvlan.h"

#include <linux/if_link.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvlan.h>
#include <stdio.h>
#include <string.h>

static int add(struct nl_sock *s, uint32_t parent, const char *name, uint16_t flags)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct nlattr *info, *data;
	int rc = -NLE_NOMEM;

	if (!m)
		return rc;
	if (nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 || nla_put_string(m, IFLA_IFNAME, name) < 0 ||
	    nla_put_u32(m, IFLA_LINK, parent) < 0 || !(info = nla_nest_start(m, IFLA_LINKINFO)) ||
	    nla_put_string(m, IFLA_INFO_KIND, "ipvlan") < 0 || !(data = nla_nest_start(m, IFLA_INFO_DATA)) ||
	    nla_put_u16(m, IFLA_IPVLAN_MODE, IPVLAN_MODE_L2) < 0 || nla_put_u16(m, IFLA_IPVLAN_FLAGS, flags) < 0)
		goto out;
	nla_nest_end(m, data);
	nla_nest_end(m, info);
	rc = nl_send_sync(s, m); /* frees m */
	return rc;
out:
	nlmsg_free(m);
	return rc;
}

uint32_t vgl_nl_ipvlan_create(uint32_t parent, const char *name, uint16_t flags, char *err, size_t n)
{
	struct nl_sock *s = nl_socket_alloc();
	struct rtnl_link *old = NULL;
	uint32_t ifindex = 0;
	int rc;

	if (!name || !*name || strlen(name) >= IFNAMSIZ || parent == 0) {
		snprintf(err, n, "ipvlan: invalid interface name or parent");
		goto out;
	}
	if (!s || (rc = nl_connect(s, NETLINK_ROUTE)) < 0) {
		snprintf(err, n, "ipvlan %s: netlink: %s", name, s ? nl_geterror(rc) : "out of memory");
		goto out;
	}
	rc = add(s, parent, name, flags);
	if (rc < 0 && rc != -NLE_EXIST) {
		snprintf(err, n, "ipvlan %s: %s", name, nl_geterror(rc));
		goto out;
	}
	rc = rtnl_link_get_kernel(s, 0, name, &old);
	if (rc < 0) {
		snprintf(err, n, "ipvlan %s: created but not found: %s", name, nl_geterror(rc));
		goto out;
	}
	if (!rtnl_link_is_ipvlan(old) || (uint32_t)rtnl_link_get_link(old) != parent) {
		snprintf(err, n, "ipvlan %s: a link of that name exists and is not an ipvlan on interface %u", name,
			 parent);
		goto out;
	}
	ifindex = (uint32_t)rtnl_link_get_ifindex(old);
out:
	if (old)
		rtnl_link_put(old);
	if (s)
		nl_socket_free(s);
	return ifindex;
}
