/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: gratuitous ARP and unsolicited neighbour advertisements, sent as
 * whole Ethernet frames (core/wire/frame.c builds them) through one
 * AF_PACKET socket.
 */
#ifndef VGD_GARP_H
#define VGD_GARP_H

#include <stdint.h>

#include "base/addr.h"

int vgd_garp_open(char *err, size_t errlen);   /* the packet socket, or -1 */

/* One GARP (IPv4 VIP) or unsolicited NA (IPv6 VIP, from `src`) out of ifindex with `mac`. */
int vgd_garp_send(int fd, uint32_t ifindex, const uint8_t mac[6], const struct vg_addr *vip,
		  const struct vg_addr *src);

#endif
