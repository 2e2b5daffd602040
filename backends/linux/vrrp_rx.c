/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's receive path: the raw sockets (multicast groups
 * joined, kernel filters of the VRIDs in use, auth_type AH's socket), reads
 * of both families in one batch fed to the core oldest first with their
 * kernel receive times, and the receive-coalescing hold hook of the loop.
 */
#include "vrrp_driver.h"
#include "rcvbuf.h"

#include <errno.h>
#include <string.h>

#include "common/hmac.h"
#include "log.h"

/*
 * When a packet arrived, on the monotonic clock: the kernel stamps it with
 * CLOCK_REALTIME (SO_TIMESTAMPNS); the age of the stamp moves it over. An
 * unknown, future or stale (> 1 s: a clock step) stamp means "now".
 */
static vg_time rx_time(vg_time mono, uint64_t real, uint64_t rx_real)
{
	uint64_t age;

	if (!rx_real || rx_real > real)
		return mono;
	age = real - rx_real;
	return age < VG_S(1) && age < mono ? mono - age : mono;
}

/* ---- sockets -------------------------------------------------------------- */

/* auth_type AH: its socket, opened when an instance first uses it, and its filter. */
static void sockets_update_ah(struct vgd_vrrp *vr, const uint8_t vrids[32], bool any, bool any_ttl)
{
	char err[256];

	if (any && vr->sock.fdah < 0) {
		if (vgd_vrrp_sock_open_ah(&vr->sock, err, sizeof(err))) {
			vgd_log(LOG_ERR, "%s: auth_type AH adverts are neither sent nor received", err);
			return;
		}
		if (vr->loop && vgl_loop_add_fd(vr->loop, vr->sock.fdah, vgd_vrrp_on_sock, vr))
			vgd_log(LOG_ERR, "event loop: %s", strerror(errno));
	}
	if (vgd_vrrp_sock_filter_ah(&vr->sock, vrids, any_ttl))
		vgd_log(LOG_WARNING, "kernel packet filter not attached: every AH packet wakes us");
}

void vgd_vrrp_sockets_update(struct vgd_vrrp *vr, struct vgd_gen *g)
{
	uint8_t vrids[32] = { 0 }, ah_vrids[32] = { 0 };
	bool v2 = false, v3 = false, unicast = false, ah = false;
	uint16_t i;

	for (i = 0; i < g->node.plan.inst_count; i++) {
		const struct vg_vrrp_config *c = &g->node.plan.cfg[i];
		struct vgd_if *f = c->ifindex ? &g->ifs[c->ifindex - 1] : NULL;
		struct vg_addr grp = vg_addr_vrrp_group(c->family);
		bool *joined;

		if (c->auth_type == VG_VRRP_AUTH_AH) {
			ah_vrids[c->vrid / 8] |= (uint8_t)(1u << (c->vrid % 8));
			ah = true;
		}
		vrids[c->vrid / 8] |= (uint8_t)(1u << (c->vrid % 8));
		v2 |= c->version == 2;
		v3 |= c->version == 3;
		unicast |= c->peer_count > 0;
		if (!f || !f->kidx || c->peer_count)
			continue;
		/* vrrp_mcast_group4/6, mcast_dst_ip: another group (joining twice is harmless) */
		if (c->mcast_group.family != VG_AF_NONE && !vg_addr_eq(&c->mcast_group, &grp)) {
			if (vgd_vrrp_sock_join(&vr->sock, f->kidx, &c->mcast_group, true))
				vgd_log(LOG_ERR, "joining the VRRP group on %s failed", g->node.plan.ifaces[c->ifindex - 1]);
			continue;
		}
		joined = c->family == VG_AF_INET ? &f->joined4 : &f->joined6;
		if (*joined)
			continue;
		if (vgd_vrrp_sock_join(&vr->sock, f->kidx, &grp, true))
			vgd_log(LOG_ERR, "joining the VRRP group on %s failed", g->node.plan.ifaces[c->ifindex - 1]);
		else
			*joined = true;
	}
	if (vr->unknown.on) /* log_unknown_vrids: the adverts of every VRID reach the router */
		memset(vrids, 0xff, 32);
	if (vgd_vrrp_sock_filter(&vr->sock, vrids, v2, v3, unicast))
		vgd_log(LOG_WARNING, "kernel packet filter not attached: every protocol-112 packet wakes us");
	sockets_update_ah(vr, ah_vrids, ah, unicast);
	vgd_vrrp_rx_bufs(vr, g);
}

static void feed_packet(struct vgd_vrrp *vr, const struct vgd_rx *rx, vg_time now, uint64_t real)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };
	uint32_t id = vgd_vrrp_plan_id(vr->gen, rx->meta.ifindex);

	vr->n.rx_packets++;
	if (!rx->buf) {
		vr->n.rx_dropped++; /* not even an IP header */
		return;
	}
	if (!id) {
		vr->n.rx_unmapped++; /* an interface no instance runs on (or a vmac's copy) */
		return;
	}
	ev.u.packet.buf = rx->buf;
	ev.u.packet.len = rx->len;
	ev.u.packet.meta = rx->meta;
	ev.u.packet.meta.ifindex = id;
	ev.u.packet.meta.hmac = &vgb_hmac_md5_provider; /* auth_type AH */
	if (vgd_vrrp_drive(vr, rx_time(now, real, rx->rx_real_ns), &ev) != VG_DROP_NONE)
		vr->n.rx_dropped++;
}

/* A receive stamp for ordering: unknown ones count as the newest. */
static uint64_t rx_order(const struct vgd_rx *rx)
{
	return rx->rx_real_ns ? rx->rx_real_ns : UINT64_MAX;
}

/*
 * One read of the ready sockets (a batch, shared when both are ready), fed
 * to the core oldest first: the core is never handed a time earlier than
 * one it has seen, so a packet that waited behind a later one of the other
 * family would be stamped late. *full: a socket filled its share (more is
 * queued). Returns how many datagrams were read.
 */
static int read_packets(struct vgd_vrrp *vr, bool r4, bool r6, bool *full, vg_time now, uint64_t real)
{
	int share = r4 && r6 ? VGD_RX_BATCH / 2 : VGD_RX_BATCH;
	int n4 = 0, n6 = 0, i, j;

	if (r4) {
		n4 = vgd_vrrp_sock_recv(vr->sock.fd4, false, vr->rxbufs, vr->rx, share);
		/* auth_type AH's socket counts as IPv4 (what is left unread wakes us again) */
		if (vr->sock.fdah >= 0 && n4 < share)
			n4 += vgd_vrrp_sock_recv(vr->sock.fdah, false, vr->rxbufs + n4, vr->rx + n4, share - n4);
	}
	if (r6)
		n6 = vgd_vrrp_sock_recv(vr->sock.fd6, true, vr->rxbufs + n4, vr->rx + n4, share);
	*full = (r4 && n4 == share) || (r6 && n6 == share);
	if (!n4 && !n6)
		return 0;
	for (i = 0, j = n4; i < n4 || j < n4 + n6;) {
		if (j == n4 + n6 || (i < n4 && rx_order(&vr->rx[i]) <= rx_order(&vr->rx[j])))
			feed_packet(vr, &vr->rx[i++], now, real);
		else
			feed_packet(vr, &vr->rx[j++], now, real);
	}
	vr->n.rx_reads++;
	return n4 + n6;
}

void vgd_vrrp_on_sock(void *ctx, int fd, vg_time now)
{
	struct vgd_vrrp *vr = ctx;

	(void)now;
	/* read by the hold hook's drain, both families in one batch, after the other descriptors */
	if (fd == vr->sock.fd4 || fd == vr->sock.fdah)
		vr->r4 = true;
	else
		vr->r6 = true;
}

/*
 * Receive coalescing. A node that backs up many instances gets a steady
 * stream of adverts (1000 instances: 1000 a second, at scattered times); a
 * wake-up per packet costs far more than the packet. So when a read returns
 * packets, drains the sockets and comes less than a window after the
 * previous such read (a dense stream), the loop sleeps for this window
 * (never past a timer), then takes everything that came meanwhile in one
 * read, packets before timers, and goes on so while reads find packets. A
 * packet that arrived before a Master_Down deadline is seen before it, with
 * its kernel receive time, so timers stay exact. What the window costs is
 * reaction time to a packet that follows another within it (a higher
 * priority advert seen up to the window late); a packet after a quiet time
 * is handled at once, and a read that fills its batch (a flood) does not
 * sleep. The window is rx_hold_window() (vrrp_gen.c): 1/64 of the shortest advert
 * interval, at most 10 ms.
 */
void vgd_vrrp_rx_drain(void *ctx, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	bool r4 = vr->r4, r6 = vr->r6, full = false;

	vr->r4 = vr->r6 = false;
	/* what the sockets hold arrived before now: before the timers that are due now */
	if ((r4 || r6) && read_packets(vr, r4, r6, &full, now, vgl_loop_real(vr->loop)) > 0) {
		/* hold while packets come faster than one a window (a sparse stream would
		   only pay a second wake-up per packet) */
		vr->hold = !full && vr->gen->rx_hold && (vr->hold || now - vr->last_read < vr->gen->rx_hold);
		vr->last_read = now;
	} else {
		vr->hold = false;
	}
}

vg_time vgd_vrrp_rx_window(void *ctx)
{
	struct vgd_vrrp *vr = ctx;

	return vr->hold ? vr->gen->rx_hold : 0;
}
