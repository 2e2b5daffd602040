/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: reading an interface's link state by polling (keepalived's
 * linkbeat): SIOCETHTOOL ETHTOOL_GLINK where the driver answers it, and
 * the interface flags (SIOCGIFFLAGS: IFF_UP and IFF_RUNNING) always, as
 * keepalived 2.2.7 reads them. keepalived tries MII registers first
 * (SIOCGMIIPHY); vigild reads ETHTOOL_GLINK for MII too: the kernel
 * answers it from the same link status.
 */
#ifndef VGD_LINKBEAT_H
#define VGD_LINKBEAT_H

#include <stdbool.h>

/* The socket the ioctls go through (-1 on error, errno set). */
int vgd_linkbeat_open(void);

/* Which probe answered: 0 none yet, else the one vgd_linkbeat_probe used. */
enum { VGD_LB_ETHTOOL = 1, VGD_LB_IOCTL = 2 };

/*
 * Is `ifname` up with a carrier? *how: 0 on the first call (the probe is
 * chosen: ETHTOOL when the driver answers, else the flags), kept after.
 * Returns 1 up, 0 down, -1 no such interface.
 */
int vgd_linkbeat_probe(int fd, const char *ifname, int *how);

const char *vgd_linkbeat_how_name(int how);

#endif
