/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "garp.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire/frame.h"

int vgd_garp_open(char *err, size_t errlen)
{
	/* protocol 0: send only, nothing is queued for receive */
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		snprintf(err, errlen, "packet socket for gratuitous ARP: %s", strerror(errno));
	return fd;
}

int vgd_garp_send(int fd, uint32_t ifindex, const uint8_t mac[6], const struct vg_addr *vip,
		  const struct vg_addr *src)
{
	uint8_t frame[VG_FRAME_MAX];
	struct sockaddr_ll ll;
	ssize_t len;

	if (vip->family == VG_AF_INET)
		len = vg_frame_garp(frame, sizeof(frame), mac, vip);
	else
		len = vg_frame_una(frame, sizeof(frame), mac, src, vip);
	if (len < 14)
		return -EINVAL;
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_ifindex = (int)ifindex;
	ll.sll_halen = 6;
	memcpy(ll.sll_addr, frame, 6); /* the frame's destination */
	memcpy(&ll.sll_protocol, frame + 12, 2); /* the EtherType, already in network order */
	if (sendto(fd, frame, (size_t)len, MSG_DONTWAIT, (struct sockaddr *)&ll, sizeof(ll)) < 0)
		return -errno;
	return 0;
}
