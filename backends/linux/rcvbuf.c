/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rcvbuf.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <syslog.h>

#include "log.h"
#include "vrrp_driver.h"

int vgd_rcvbuf_set(int fd, uint32_t bytes, bool force)
{
	int v;

	if (fd < 0 || !bytes)
		return 0;
	v = bytes > INT32_MAX / 2 ? INT32_MAX / 2 : (int)bytes;
	if (setsockopt(fd, SOL_SOCKET, force ? SO_RCVBUFFORCE : SO_RCVBUF, &v, sizeof(v)))
		return -errno;
	return 0;
}

void vgd_rcvbuf_apply(int fd, const struct vg_conf_global *g, const char *side)
{
	struct vg_rcvbuf r = vg_rcvbuf_read(g, side);
	int rc = vgd_rcvbuf_set(fd, r.bytes, r.force);

	if (rc)
		vgd_log(LOG_WARNING, "%s_rcv_bufs%s %u: %s", side, r.force ? "_force" : "", r.bytes, strerror(-rc));
}

uint32_t vgd_rcvbuf_mtu(int fd, const char *name)
{
	struct ifreq ifr;

	if (fd < 0 || !name || strlen(name) >= IFNAMSIZ)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, SIOCGIFMTU, &ifr) || ifr.ifr_mtu <= 0)
		return 0;
	return (uint32_t)ifr.ifr_mtu;
}

/*
 * keepalived.conf(5) vrrp_rx_bufs_policy / kernel_rx_buf_size: each instance
 * adds its share to its family's socket (core/vrrp/rxbufs.h); nothing
 * written leaves vigild's 1 MiB.
 */
void vgd_vrrp_rx_bufs(struct vgd_vrrp *vr, struct vgd_gen *g)
{
	const struct vg_vrrp_plan *plan = &g->node.plan;
	struct vg_rxbufs_policy pol;
	uint64_t sum4 = 0, sum6 = 0;
	char msg[160];
	uint16_t i;

	if (!vg_rxbufs_policy_read(&g->node.conf->global, &pol, msg, sizeof(msg)) && !vr->rxbufs_warned) {
		vgd_log(LOG_WARNING, "%s", msg);
		vr->rxbufs_warned = true;
	}
	for (i = 0; i < plan->inst_count; i++) {
		const struct vg_conf_instance *in = plan->src[i];
		const char *ifname = plan->cfg[i].ifindex ? plan->ifaces[plan->cfg[i].ifindex - 1] : in->interface;
		uint32_t mtu = pol.kind == VG_RXBUFS_MTU ? vgd_rcvbuf_mtu(vr->sock.fd4 >= 0 ? vr->sock.fd4 : vr->sock.fd6,
								       ifname) : 0;
		uint64_t add = vg_rxbufs_instance(&pol, in, mtu);

		if (plan->cfg[i].family == VG_AF_INET6)
			sum6 += add;
		else
			sum4 += add;
	}
	if (sum4 && vgd_rcvbuf_set(vr->sock.fd4, sum4 > UINT32_MAX ? UINT32_MAX : (uint32_t)sum4, false))
		vgd_log(LOG_WARNING, "VRRP IPv4 socket receive buffer %llu: %s", (unsigned long long)sum4, strerror(errno));
	if (sum6 && vgd_rcvbuf_set(vr->sock.fd6, sum6 > UINT32_MAX ? UINT32_MAX : (uint32_t)sum6, false))
		vgd_log(LOG_WARNING, "VRRP IPv6 socket receive buffer %llu: %s", (unsigned long long)sum6, strerror(errno));
	if (sum4 && vr->sock.fdah >= 0)
		vgd_rcvbuf_set(vr->sock.fdah, sum4 > UINT32_MAX ? UINT32_MAX : (uint32_t)sum4, false);
}
