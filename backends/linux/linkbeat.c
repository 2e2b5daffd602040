/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: linkbeat polling through ioctls (linkbeat.h).
 */
#include "linkbeat.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

int vgd_linkbeat_open(void)
{
	return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

static bool name_into(struct ifreq *ifr, const char *ifname)
{
	memset(ifr, 0, sizeof(*ifr));
	if (strlen(ifname) >= sizeof(ifr->ifr_name))
		return false;
	memcpy(ifr->ifr_name, ifname, strlen(ifname) + 1);
	return true;
}

/* 1 link, 0 no link, -1 the driver does not say */
static int ethtool_link(int fd, const char *ifname)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GLINK };
	struct ifreq ifr;

	if (!name_into(&ifr, ifname))
		return -1;
	ifr.ifr_data = (char *)&ev;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0)
		return -1;
	return ev.data ? 1 : 0;
}

/* 1 IFF_UP and IFF_RUNNING, 0 not, -1 no such interface */
static int flags_up(int fd, const char *ifname)
{
	struct ifreq ifr;

	if (!name_into(&ifr, ifname) || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	return (ifr.ifr_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}

int vgd_linkbeat_probe(int fd, const char *ifname, int *how)
{
	int link = 1, up;

	if (*how != VGD_LB_IOCTL) {
		link = ethtool_link(fd, ifname);
		if (link < 0 && *how == VGD_LB_ETHTOOL && errno != ENODEV)
			link = 0; /* it answered before */
		if (!*how)
			*how = link < 0 ? VGD_LB_IOCTL : VGD_LB_ETHTOOL;
		if (link < 0)
			link = 1;
	}
	up = flags_up(fd, ifname);
	if (up < 0)
		return -1;
	return link && up;
}

const char *vgd_linkbeat_how_name(int how)
{
	return how == VGD_LB_ETHTOOL ? "ETHTOOL GLINK" : how == VGD_LB_IOCTL ? "ioctl flags" : "not probed yet";
}
