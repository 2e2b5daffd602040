/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver (see vrrp_driver.h): generations, the core's effects
 * carried out, the receive path, the loop's handlers, start and stop.
 *
 * The loop hands every handler the wake-up's `now`; the driver passes it
 * to the core (never earlier than a time the core was already given) and
 * converts the kernel's receive stamps with the same wake-up's reading of
 * CLOCK_REALTIME. It reads no clock itself.
 */
#include "vrrp_driver.h"
#include "rcvbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/hmac.h"
#include "garp.h"
#include "rt_tables.h"
#include "log.h"
#include "rec/record.h"
#include "vrrp/garp.h"

/* `now` for the core: never before a time it was already given. */
vg_time vgd_vrrp_core_time(struct vgd_vrrp *vr, vg_time now)
{
	if (now < vr->fed)
		now = vr->fed;
	vr->fed = now;
	return now;
}

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

static const char *fmt_addr(const struct vg_addr *a, char *buf)
{
	return vg_addr_format(a, buf, VG_ADDR_STRLEN);
}

const char *vgd_inst_name(const struct vgd_gen *g, uint16_t id)
{
	return g->node.plan.cfg[id].name;
}

/* ---- generations ---------------------------------------------------------- */

void vgd_gen_free(struct vgd_gen *g)
{
	if (!g)
		return;
	free(g->tx_kidx);
	free(g->vmac_kidx);
	free(g->vmacs);
	free(g->vmacs_kidx);
	free(g->tx_mac);
	free(g->vips_on);
	free(g->last);
	free(g->glast);
	free(g->garp_iface);
	free(g->garp_vmac);
	free(g->garp_dev);
	free(g->garp_vip_first);
	vg_node_free(&g->node); /* the tree is the root's */
	free(g);
}

/* The receive coalescing window (rx_drain): 1/64 of the shortest advert interval, at most 10 ms. */
#define RX_HOLD_MAX VG_MS(10)

static vg_time rx_hold_window(const struct vg_vrrp_plan *p)
{
	vg_time w = RX_HOLD_MAX;
	uint16_t i;

	for (i = 0; i < p->inst_count; i++)
		w = vg_time_min(w, VG_CS(p->cfg[i].adver_int_cs) / 64);
	return p->inst_count ? w : 0;
}

static uint32_t plan_id_of(const struct vgd_gen *g, uint32_t kidx)
{
	uint16_t i;

	for (i = 0; i < g->node.plan.iface_count; i++)
		if (g->ifs[i].kidx == kidx)
			return i + 1u;
	return 0;
}

/*
 * Room for every effect of one event of generation g: each instance at most
 * VG_ACTIONS_PER_EVENT_MAX, twice (sync groups settle after the instances).
 * The records are small and only the pages a burst writes become resident.
 */
int vgd_vrrp_abuf_fit(struct vgd_vrrp *vr, const struct vgd_gen *g)
{
	size_t need = (size_t)(g->node.plan.inst_count + 8) * VG_ACTIONS_PER_EVENT_MAX * 2;
	struct vg_action *n;

	if (need < 4096)
		need = 4096;
	if (vr->abuf && need <= vr->acap)
		return 0;
	n = calloc(need, sizeof(*n));
	if (!n)
		return -1;
	free(vr->abuf);
	vr->abuf = n;
	vr->acap = need;
	return 0;
}

/* The vrrp_sync_group block of group gid, resolved when the plan was built (plan.group_src). */
static const struct vg_conf_sync_group *conf_group(const struct vgd_gen *g, uint16_t gid)
{
	return gid < g->node.plan.group_count ? g->node.plan.group_src[gid] : NULL;
}

/*
 * auth_type AH (core/vrrp/ah.h): the whole datagram, numbered with the
 * instance's sequence number (the core counted this advert); the IP
 * identification follows it (never 0: the kernel would fill it in after the
 * ICV was computed).
 */
static int send_ah(struct vgd_vrrp *vr, struct vgd_gen *g, const struct vg_action *x, size_t vlen)
{
	const struct vg_vrrp_config *c = &g->node.plan.cfg[x->instance];
	uint8_t d[VG_AH_DGRAM_MAX];
	struct vg_ah_tx tx = { .key = c->auth_data, .src = x->u.advert.src, .dst = x->u.advert.dst,
			       .ttl = c->peer_count ? c->unicast_ttl : 255, .unicast = c->peer_count > 0 };
	ssize_t len;

	tx.seq = g->node.inst[x->instance].ah_seq;
	tx.ip_id = (uint16_t)tx.seq ? (uint16_t)tx.seq : 1;
	len = vg_ah_encode(&tx, vr->txbuf, vlen, &vgb_hmac_md5_provider, d, sizeof(d));
	if (len < 0)
		return -EINVAL;
	return vgd_vrrp_sock_send_ah(&vr->sock, g->tx_kidx[x->instance], &x->u.advert.dst, d, (size_t)len);
}

/* The advert is encoded from the instance's config into one reused buffer as it is sent. */
static void send_advert(struct vgd_vrrp *vr, struct vgd_gen *g, const struct vg_action *x)
{
	char a[VG_ADDR_STRLEN];
	const struct vg_vrrp_config *c = &g->node.plan.cfg[x->instance];
	ssize_t len = vg_vrrp_advert_encode(c, x, vr->txbuf, sizeof(vr->txbuf));
	int rc = len <= 0			     ? -EINVAL
		 : c->auth_type == VG_VRRP_AUTH_AH ? send_ah(vr, g, x, (size_t)len)
						     : vgd_vrrp_sock_send(&vr->sock, g->tx_kidx[x->instance],
									  &x->u.advert.src, &x->u.advert.dst,
									  c->peer_count ? c->unicast_ttl : 255,
									  vr->txbuf, (size_t)len);

	if (rc) {
		vr->n.tx_errors++;
		if (vgd_log_detail())
			vgd_log(LOG_WARNING, "(%s) advert to %s: %s", vgd_inst_name(g, x->instance),
				fmt_addr(&x->u.advert.dst, a), strerror(-rc));
	}
}

/*
 * Carry out one event's effects. The adverts go first (RFC 5798 6.4.1/6.4.2:
 * a new Master sends its ADVERTISEMENT, then the gratuitous ARP; each is
 * what the other routers and the hosts wait for), then the rest in the
 * core's order: VIPs before their gratuitous ARP (a host that follows the
 * ARP must find the address), notifies last. Log lines are held until the
 * packets are out: a syslog() or console write costs 0.1-0.3 ms (more when
 * the journal is slow) and used to come before the advert.
 */
/* A sync group's change of state reaches the driver as its notify (core/vrrp/sync.c): vigil status. */
static void group_transition(struct vgd_last *l, uint8_t what, vg_time now)
{
	uint8_t to = what == VG_NOTIFY_MASTER  ? VG_STATE_MASTER
		     : what == VG_NOTIFY_BACKUP ? VG_STATE_BACKUP
		     : what == VG_NOTIFY_FAULT  ? VG_STATE_FAULT
						: VG_STATE_INIT;

	l->from = l->at ? l->to : VG_STATE_INIT;
	l->to = to;
	l->at = now;
}

/*
 * With the flight recorder on, a transition's log line ends with the core's
 * time of the input that caused it (" @SECONDS.NANOSECONDS", CLOCK_MONOTONIC):
 * `vigil replay` prints the same lines (docs/recorder.md).
 */
static const char *rec_stamp(const struct vgd_vrrp *vr, char *buf)
{
	if (!vr->rec)
		return "";
	snprintf(buf, 32, " @%llu.%09llu", (unsigned long long)(vr->fed / VG_S(1)),
		 (unsigned long long)(vr->fed % VG_S(1)));
	return buf;
}

void vgd_vrrp_exec(struct vgd_vrrp *vr, struct vgd_gen *g, const struct vg_actions *acts, vg_time now)
{
	char stamp[32];
	size_t i;

	vgd_log_hold();
	if (acts->lost)
		vgd_log(LOG_ERR, "internal: %zu effects lost (action buffer too small)", acts->lost);
	for (i = 0; i < acts->len; i++)
		if (acts->v[i].kind == VG_ACT_SEND_ADVERT)
			send_advert(vr, g, &acts->v[i]);
	for (i = 0; i < acts->len; i++) {
		const struct vg_action *x = &acts->v[i];

		switch (x->kind) {
		case VG_ACT_SEND_ADVERT: /* sent above */
			break;
		case VG_ACT_ADD_VIPS:
			vgd_vrrp_vips(vr, g, x->instance, true, x->u.vips.accept);
			break;
		case VG_ACT_DEL_VIPS:
			if (g == vr->gen && vr->garpq)
				vg_garp_forget(vr->garpq, x->instance); /* no more announcing addresses we dropped */
			vgd_vrrp_vips(vr, g, x->instance, false, g->node.plan.cfg[x->instance].accept);
			break;
		case VG_ACT_SEND_GARP:
			if (x->u.garp.extra)
				vgd_vrrp_garps_extra(vr, g, x->instance);
			else
				vgd_vrrp_garps(vr, g, x->instance, x->u.garp.repeat, now);
			break;
		case VG_ACT_NOTIFY:
			if (x->group && x->instance < g->node.plan.group_count)
				group_transition(&g->glast[x->instance], x->u.notify.what, now);
			if (vr->hooks.notify) /* e-mail alerts (mail.c) */
				vr->hooks.notify(vr->hooks.ctx, x->group ? NULL : g->node.plan.src[x->instance],
						 x->group ? conf_group(g, x->instance) : NULL, x->u.notify.what, now);
			if (!vr->runner)
				break;
			if (x->group) {
				const struct vg_conf_sync_group *cg = conf_group(g, x->instance);

				if (cg)
					vgl_runner_notify_group(vr->runner, cg, x->u.notify.what);
			} else {
				vgl_runner_notify_instance(vr->runner, g->node.plan.src[x->instance], x->u.notify.what,
							   x->u.notify.priority);
			}
			break;
		case VG_ACT_STATE:
			{
				struct vgd_last *l = x->group ? &g->glast[x->instance] : &g->last[x->instance];

				l->from = x->u.state.from;
				l->to = x->u.state.to;
				l->why = x->u.state.why;
				l->at = now;
			}
			if (x->group)
				vgd_log(LOG_INFO, "VRRP_Group(%s) Syncing instances to %s state%s",
					g->node.plan.groups[x->instance].name, vg_vrrp_state_name(x->u.state.to),
					rec_stamp(vr, stamp));
			else
				vgd_log(LOG_INFO, "(%s) Entering %s STATE (%s)%s", vgd_inst_name(g, x->instance),
					vg_vrrp_state_name(x->u.state.to), vg_vrrp_why_name(x->u.state.why),
					rec_stamp(vr, stamp));
			if (!x->group && vr->hooks.state)
				vr->hooks.state(vr->hooks.ctx, vgd_inst_name(g, x->instance), x->u.state.to);
			break;
		default:
			/* an LVS or script effect reached the VRRP driver: counted, never silently lost */
			if (!vr->n.fx_unhandled++)
				vgd_log(LOG_ERR, "internal: effect %s not handled by the VRRP driver",
					vg_action_kind_name((enum vg_action_kind)x->kind));
			break;
		}
	}
	vgd_log_release();
}

static enum vg_vrrp_drop drive(struct vgd_vrrp *vr, vg_time now, const struct vg_vrrp_event *ev)
{
	struct vg_actions acts;
	enum vg_vrrp_drop why;

	vg_actions_init(&acts, vr->abuf, vr->acap);
	now = vgd_vrrp_core_time(vr, now);
	vgd_recorder_event(vr->rec, now, VG_REC_ROUTER, ev);
	why = vg_router_input(&vr->gen->node.router, now, ev, &acts);
	if (why == VG_DROP_VRID) /* the core's interface ids are the plan's, from 1 */
		vgd_unknown_vrid_log(&vr->unknown, ev, vr->gen->node.plan.ifaces[ev->u.packet.meta.ifindex - 1], now);
	vgd_vrrp_exec(vr, vr->gen, &acts, now);
	return why;
}

/*
 * An IPv6 instance sending from its vmac uses the vmac's own link-local
 * address (RFC 5798 5.1.2.1: the source is the link-local address of the
 * interface the advert leaves by); the kernel refuses another interface's.
 */
static void vmac_sources(struct vgd_vrrp *vr, struct vgd_gen *g, vg_time now)
{
	uint16_t i;

	for (i = 0; i < g->node.plan.inst_count; i++) {
		struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };
		struct vg_actions acts;
		struct vg_addr a = { 0 };

		if (g->node.plan.cfg[i].family != VG_AF_INET6 || !g->vmac_kidx[i] || g->tx_kidx[i] != g->vmac_kidx[i])
			continue;
		if (vgl_nl_primary_addr(vr->nl, g->vmac_kidx[i], VG_AF_INET6, &a) || vg_addr_eq(&a, &g->node.inst[i].primary))
			continue;
		ev.u.src.ifindex = g->node.plan.cfg[i].ifindex;
		ev.u.src.addr = a;
		vg_actions_init(&acts, vr->abuf, vr->acap);
		vgd_recorder_event(vr->rec, vgd_vrrp_core_time(vr, now), i, &ev);
		vg_vrrp_input(&g->node.inst[i], vgd_vrrp_core_time(vr, now), &ev, &acts);
		vgd_vrrp_exec(vr, g, &acts, now);
	}
}

/* Tell the instances what the kernel knows: link states, then primary addresses, then start. */
void vgd_vrrp_start_instances(struct vgd_vrrp *vr, struct vgd_gen *g, vg_time now)
{
	struct vg_vrrp_event ev;
	uint16_t i;

	for (i = 0; i < g->node.plan.iface_count; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = VG_EV_LINK;
		ev.u.link.ifindex = i + 1u;
		ev.u.link.up = g->ifs[i].kidx && g->ifs[i].up;
		drive(vr, now, &ev);
		ev.kind = VG_EV_SRC_ADDR;
		ev.u.src.ifindex = i + 1u;
		if (g->ifs[i].primary4.family) {
			ev.u.src.addr = g->ifs[i].primary4;
			drive(vr, now, &ev);
		}
		if (g->ifs[i].primary6.family) {
			ev.u.src.addr = g->ifs[i].primary6;
			drive(vr, now, &ev);
		}
	}
	vmac_sources(vr, g, now);
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_STARTUP;
	drive(vr, now, &ev);
	g->started = true;
}

/* ---- sockets -------------------------------------------------------------- */

static void on_sock(void *ctx, int fd, vg_time now);

/* auth_type AH: its socket, opened when an instance first uses it, and its filter. */
static void sockets_update_ah(struct vgd_vrrp *vr, const uint8_t vrids[32], bool any, bool any_ttl)
{
	char err[256];

	if (any && vr->sock.fdah < 0) {
		if (vgd_vrrp_sock_open_ah(&vr->sock, err, sizeof(err))) {
			vgd_log(LOG_ERR, "%s: auth_type AH adverts are neither sent nor received", err);
			return;
		}
		if (vr->loop && vgl_loop_add_fd(vr->loop, vr->sock.fdah, on_sock, vr))
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
	uint32_t id = plan_id_of(vr->gen, rx->meta.ifindex);

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
	if (drive(vr, rx_time(now, real, rx->rx_real_ns), &ev) != VG_DROP_NONE)
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

/* ---- netlink and runner callbacks ------------------------------------------ */

static void on_link(void *ctx, uint32_t kidx, bool up, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	struct vgd_gen *g = vr->gen;
	uint16_t i;

	for (i = 0; i < g->node.plan.iface_count; i++) {
		struct vgd_if *f = &g->ifs[i];
		struct vg_vrrp_event ev = { .kind = VG_EV_LINK };

		if (!f->kidx) {
			/* an interface that was missing may have appeared */
			vgd_vrrp_resolve_iface(vr, g, i);
			if (f->kidx) {
				vgd_log(LOG_INFO, "interface %s appeared", g->node.plan.ifaces[i]);
				vgd_vrrp_resolve(vr, g);
				vgd_vrrp_sockets_update(vr, g);
			}
		}
		if (f->kidx != kidx || f->up == up)
			continue;
		f->up = up;
		vgd_log(LOG_INFO, "Netlink reports %s %s", g->node.plan.ifaces[i], up ? "up" : "down");
		ev.u.link.ifindex = i + 1u;
		ev.u.link.up = up;
		drive(vr, now, &ev);
	}
}

/* fe80::/10 */
static bool ipv6_link_local(const struct vg_addr *a)
{
	return a->family == VG_AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

/*
 * An address removed: if it is a VIP an instance holds, someone else took it
 * away (`ip addr del`); the core decides (a tracked one: Backup for Skew_Time
 * and back, as keepalived; a `no_track` one: nothing).
 */
static void vip_removed(struct vgd_vrrp *vr, struct vgd_gen *g, uint32_t kidx, const struct vg_addr *a, vg_time now)
{
	char buf[VG_ADDR_STRLEN];
	uint16_t i;

	for (i = 0; i < g->node.plan.inst_count; i++) {
		struct vg_vrrp_event ev = { .kind = VG_EV_VIP_GONE };
		bool no_track = false;

		if (!vgd_vrrp_vip_removed(vr, g, i, kidx, a, &no_track))
			continue;
		vgd_log(LOG_INFO, "(%s) VIP %s removed from ifindex %u by someone else%s", vgd_inst_name(g, i),
			fmt_addr(a, buf), kidx, no_track ? " (no_track: left as it is)" : "");
		ev.u.vip.instance = g->node.plan.cfg[i].id;
		ev.u.vip.no_track = no_track;
		drive(vr, now, &ev);
	}
}

static void on_addr(void *ctx, uint32_t kidx, const struct vg_addr *a, bool added, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	struct vgd_gen *g = vr->gen;
	uint32_t id = plan_id_of(g, kidx);
	char buf[VG_ADDR_STRLEN];

	if (vr->o->address_monitoring)
		vgd_log(LOG_INFO, "Netlink: address %s %s on ifindex %u", fmt_addr(a, buf),
			added ? "added" : "removed", kidx);
	/* an IPv6 source is link-local (RFC 5798 5.1.2.1): a global address (our own VIPs) cannot
	   change it, and each lookup reads every address of the host */
	if (id && (a->family != VG_AF_INET6 || ipv6_link_local(a))) {
		struct vgd_if *f = &g->ifs[id - 1];
		struct vg_addr *cur = a->family == VG_AF_INET ? &f->primary4 : &f->primary6;
		struct vg_addr p = { 0 };

		if (vgl_nl_primary_addr(vr->nl, kidx, a->family, &p) == 0 && !vg_addr_eq(&p, cur)) {
			struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };

			*cur = p;
			ev.u.src.ifindex = id;
			ev.u.src.addr = p;
			drive(vr, now, &ev);
		}
	}
	if (ipv6_link_local(a))
		vmac_sources(vr, g, now);
	if (!added)
		vip_removed(vr, g, kidx, a, now);
}

static void on_track(void *ctx, uint8_t kind, uint16_t id, bool up, int32_t value, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	struct vg_vrrp_event ev = { .kind = VG_EV_TRACK };

	ev.u.track.kind = kind;
	ev.u.track.id = id;
	ev.u.track.up = up;
	ev.u.track.value = value;
	drive(vr, now, &ev);
}

static void on_runner_log(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	vgd_log(prio, "%s", msg);
}

/*
 * keepalived removes a vrrp_script that cannot run (unsafe under
 * enable_script_security, not found, unknown user) from every instance that
 * tracks it: it no longer weighs on the priority, and its initial state (up,
 * or down with init_fail) does not count either. Before vgd_vrrp_start_instances().
 */
void vgd_vrrp_untrack_disabled(struct vgd_vrrp *vr, struct vgd_gen *g, vg_time now)
{
	uint16_t id, i;
	uint8_t k;

	if (!vr->runner)
		return;
	for (id = 1; id <= g->node.conf->scripts.count; id++) {
		struct vg_vrrp_event ev = { .kind = VG_EV_TRACK };
		bool tracked = false;

		if (!vgl_runner_script_disabled(vr->runner, id))
			continue;
		for (i = 0; i < g->node.plan.inst_count && !tracked; i++)
			for (k = 0; k < g->node.plan.cfg[i].track_count; k++)
				tracked |= g->node.plan.cfg[i].tracks[k].kind == VG_TRACK_SCRIPT &&
					   g->node.plan.cfg[i].tracks[k].id == id;
		if (!tracked)
			continue;
		vgd_log(LOG_WARNING, "vrrp_script %s is disabled: removed from tracking",
			g->node.conf->scripts.items[id - 1].name);
		ev.u.track.kind = VG_TRACK_SCRIPT;
		ev.u.track.id = id;
		ev.u.track.removed = true;
		drive(vr, now, &ev);
	}
}

/* ---- generations ------------------------------------------------------------ */

/* Build the node of `conf` (core/node) and the driver's bookkeeping beside it; diagnostics to dg.
   NULL: no memory. */
/*
 * keepalived.conf(5) garp_group: which group paces the GARPs of each
 * interface they can leave by (the instance's, its vmac, a VIP's `dev`),
 * resolved by name here, once; pacing then looks nothing up (vg_garp_pace).
 */
static int garp_groups_resolve(struct vgd_gen *g)
{
	const struct vg_vrrp_plan *p = &g->node.plan;
	const struct vg_conf *conf = g->node.conf;
	uint32_t total = 0, k;
	uint16_t i, n = p->inst_count;

	for (i = 0; i < n; i++)
		total += p->src[i]->vips.count;
	g->garp_iface = calloc(n + 1u, sizeof(*g->garp_iface));
	g->garp_vmac = calloc(n + 1u, sizeof(*g->garp_vmac));
	g->garp_vip_first = calloc(n + 1u, sizeof(*g->garp_vip_first));
	g->garp_dev = calloc(total + 1u, sizeof(*g->garp_dev));
	if (!g->garp_iface || !g->garp_vmac || !g->garp_vip_first || !g->garp_dev)
		return -1;
	for (i = 0, total = 0; i < n; i++) {
		const struct vg_vrrp_config *c = &p->cfg[i];
		const struct vg_conf_instance *ci = p->src[i];

		g->garp_iface[i] = c->ifindex ? p->iface_garp[c->ifindex - 1] : 0;
		if (vgd_vmac_name(g, i))
			g->garp_vmac[i] = vg_vrrp_plan_garp_group(conf, vgd_vmac_name(g, i));
		g->garp_vip_first[i] = total;
		for (k = 0; k < ci->vips.count; k++, total++)
			g->garp_dev[total] = vg_vrrp_plan_garp_group(conf, ci->vips.items[k].dev);
	}
	g->garp = (struct vg_garp_groups){ g->garp_iface, g->garp_vmac, g->garp_vip_first, g->garp_dev, n };
	return 0;
}

/* The vmacs of the generation and their names, decided once (core/vrrp/vmac.h). */
static int vmacs_plan(struct vgd_gen *g)
{
	const struct vg_vrrp_plan *p = &g->node.plan;
	size_t max = 0;
	uint16_t i;

	for (i = 0; i < p->inst_count; i++)
		max += 1u + p->src[i]->vips.count + p->src[i]->evips.count;
	g->vmacs = calloc(max + 1u, sizeof(*g->vmacs));
	g->vmacs_kidx = calloc(max + 1u, sizeof(*g->vmacs_kidx));
	if (!g->vmacs || !g->vmacs_kidx)
		return -1;
	g->vmac_count = vg_vmac_plan(g->node.conf, p, g->vmacs, max);
	return 0;
}

const char *vgd_vmac_name(const struct vgd_gen *g, uint16_t i)
{
	size_t k;

	for (k = 0; k < g->vmac_count; k++)
		if (g->vmacs[k].inst == i && !g->vmacs[k].addr)
			return g->vmacs[k].name;
	return NULL;
}

struct vgd_gen *vgd_gen_new(const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_gen *g = calloc(1, sizeof(*g));
	uint16_t n;

	if (!g)
		return NULL;
	if (vg_host_node_build(conf, &g->node, dg) == VG_CONF_ERR_NOMEM) {
		free(g);
		return NULL;
	}
	n = g->node.plan.inst_count;
	/* the driver's own per-instance bookkeeping, indexed like node.inst */
	g->tx_kidx = calloc(n + 1u, sizeof(*g->tx_kidx));
	g->vmac_kidx = calloc(n + 1u, sizeof(*g->vmac_kidx));
	g->tx_mac = calloc(n + 1u, sizeof(*g->tx_mac));
	g->vips_on = calloc(n + 1u, sizeof(*g->vips_on));
	g->last = calloc(n + 1u, sizeof(*g->last));
	g->glast = calloc(g->node.plan.group_count + 1u, sizeof(*g->glast));
	if (!g->tx_kidx || !g->vmac_kidx || !g->tx_mac || !g->vips_on || !g->last || !g->glast) {
		vgd_gen_free(g);
		return NULL;
	}
	if (vmacs_plan(g) || garp_groups_resolve(g)) {
		vgd_gen_free(g);
		return NULL;
	}
	g->rx_hold = rx_hold_window(&g->node.plan);
	return g;
}

/* ---- the loop's handlers ----------------------------------------------------- */

static void on_runner_fd(void *ctx, int fd, vg_time now)
{
	struct vgd_vrrp *vr = ctx;

	(void)fd;
	if (vr->runner)
		vgl_runner_fd_ready(vr->runner, now);
}

/* A new script runner for the running generation, its descriptor watched instead of the old one's. */
void vgd_vrrp_runner_start(struct vgd_vrrp *vr, vg_time now)
{
	struct vgl_runner_cb cb = { .ctx = vr, .track = on_track, .log = on_runner_log };

	vr->runner = vgl_runner_new(vr->gen->node.conf, &cb, now);
	if (!vr->loop)
		return;
	/* the new runner's descriptor may have the old one's number: unregister first */
	vgl_loop_del_fd(vr->loop, vr->runner_fd);
	vr->runner_fd = vr->runner ? vgl_runner_fd(vr->runner) : -1;
	vgl_loop_add_fd(vr->loop, vr->runner_fd, on_runner_fd, vr);
}

static void on_procwatch_fd(void *ctx, int fd, vg_time now)
{
	struct vgd_vrrp *vr = ctx;

	(void)fd;
	vgd_procwatch_fd_ready(vr->pw, now);
}

/*
 * The process watcher of the running generation (vrrp_track_process blocks
 * some instance tracks): it scans /proc and reports every block's state
 * before this returns, so call it before the instances start.
 */
void vgd_vrrp_procwatch_start(struct vgd_vrrp *vr, vg_time now)
{
	struct vgd_procwatch_cb cb = { .ctx = vr, .track = on_track, .log = on_runner_log };
	const struct vg_vrrp_plan *p = &vr->gen->node.plan;
	uint64_t tracked[64] = { 0 };
	uint16_t i;
	uint8_t k;

	if (vr->loop && vr->pw_fd >= 0)
		vgl_loop_del_fd(vr->loop, vr->pw_fd);
	vr->pw_fd = -1;
	vgd_procwatch_free(vr->pw);
	for (i = 0; i < p->inst_count; i++)
		for (k = 0; k < p->cfg[i].track_count; k++)
			if (p->cfg[i].tracks[k].kind == VG_TRACK_PROCESS && p->cfg[i].tracks[k].id - 1u < 64 * 64)
				tracked[(p->cfg[i].tracks[k].id - 1u) / 64] |= UINT64_C(1) << ((p->cfg[i].tracks[k].id - 1u) % 64);
	vr->pw = vgd_procwatch_new(vr->gen->node.conf, tracked, &cb, NULL, vgd_vrrp_core_time(vr, now));
	vr->pw_fd = vgd_procwatch_fd(vr->pw);
	if (vr->loop && vr->pw_fd >= 0)
		vgl_loop_add_fd(vr->loop, vr->pw_fd, on_procwatch_fd, vr);
}

static void on_sock(void *ctx, int fd, vg_time now)
{
	struct vgd_vrrp *vr = ctx;

	(void)now;
	/* read by the hold hook's drain, both families in one batch, after the other descriptors */
	if (fd == vr->sock.fd4 || fd == vr->sock.fdah)
		vr->r4 = true;
	else
		vr->r6 = true;
}

static void on_netlink(void *ctx, int fd, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	struct vgl_nl_events nle = { .ctx = vr, .link = on_link, .addr = on_addr };

	(void)fd;
	vgl_nl_monitor_dispatch(vr->nl, &nle, now);
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
 * sleep. The window is rx_hold_window(): 1/64 of the shortest advert
 * interval, at most 10 ms.
 */
static void rx_drain(void *ctx, vg_time now)
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

static vg_time rx_window(void *ctx)
{
	struct vgd_vrrp *vr = ctx;

	return vr->hold ? vr->gen->rx_hold : 0;
}

static vg_time next_deadline(void *ctx)
{
	struct vgd_vrrp *vr = ctx;
	vg_time t = vg_router_next_deadline(&vr->gen->node.router);

	if (vr->runner)
		t = vg_time_min(t, vgl_runner_next_deadline(vr->runner));
	t = vg_time_min(t, vgd_vrrp_garp_deadline(vr));
	t = vg_time_min(t, vgd_procwatch_next_deadline(vr->pw));
	return vg_time_min(t, vr->startup_at);
}

static void run_timers(void *ctx, vg_time now)
{
	struct vgd_vrrp *vr = ctx;

	if (vr->startup_at <= now) {
		vr->startup_at = VG_TIME_NEVER;
		vgd_vrrp_start_instances(vr, vr->gen, now);
	}
	if (vg_router_next_deadline(&vr->gen->node.router) <= now) {
		struct vg_vrrp_event ev = { .kind = VG_EV_TIMER };

		drive(vr, now, &ev);
	}
	if (vr->runner && vgl_runner_next_deadline(vr->runner) <= now)
		vgl_runner_timer(vr->runner, now);
	if (vgd_vrrp_garp_deadline(vr) <= now)
		vgd_vrrp_garp_run(vr, now);
	if (vgd_procwatch_next_deadline(vr->pw) <= now)
		vgd_procwatch_timer(vr->pw, vgd_vrrp_core_time(vr, now));
}

/* ---- the driver ------------------------------------------------------------ */

static int driver_open(void *self, struct vgl_loop *loop)
{
	struct vgd_vrrp *vr = self;
	struct vgl_loop_hold hold = { rx_drain, rx_window, vr };
	char err[256];

	vr->loop = loop;
	vgd_vrrp_resolve(vr, vr->gen);
	vgd_vrrp_clean_stale(vr, vr->gen, false);
	vgd_vrrp_static(vr, vr->gen, true);
	/* open both families: a reload may add the other one */
	if (vgd_vrrp_sock_open(&vr->sock, true, true, err, sizeof(err))) {
		vgd_log(LOG_ERR, "%s", err);
		return -1;
	}
	vr->garp_fd = vgd_garp_open(err, sizeof(err));
	if (vr->garp_fd < 0)
		vgd_log(LOG_ERR, "%s", err);
	vr->rxbufs = calloc(VGD_RX_BATCH, VGD_RX_BUF);
	if (vgd_vrrp_abuf_fit(vr, vr->gen) || !vr->rxbufs)
		return -1;
	vgd_vrrp_sockets_update(vr, vr->gen);
	if (vgl_loop_add_fd(loop, vr->sock.fd4, on_sock, vr) || vgl_loop_add_fd(loop, vr->sock.fd6, on_sock, vr) ||
	    vgl_loop_add_fd(loop, vgl_nl_monitor_fd(vr->nl), on_netlink, vr) ||
	    vgl_loop_add_deadline(loop, next_deadline, run_timers, vr)) {
		vgd_log(LOG_ERR, "event loop: %s", strerror(errno));
		return -1;
	}
	vgl_loop_set_hold(loop, &hold);
	return 0;
}

static void driver_start(void *self, vg_time now)
{
	struct vgd_vrrp *vr = self;

	/* the checker driver may have recorded this tree already (it starts on the same one) */
	vgd_recorder_conf_once(vr->rec, vr->gen->node.conf, vgd_vrrp_core_time(vr, now));
	vgd_vrrp_runner_start(vr, now);
	vgd_vrrp_procwatch_start(vr, now);
	vgd_vrrp_untrack_disabled(vr, vr->gen, now);
	if (vr->gen->node.conf->global.vrrp_startup_delay_ns > 0)
		vr->startup_at = now + vr->gen->node.conf->global.vrrp_startup_delay_ns;
	else
		vgd_vrrp_start_instances(vr, vr->gen, now);
	vgd_log(LOG_INFO, "vigild %s started: %u VRRP instance(s), %u sync group(s)", VIGIL_VERSION,
		vr->gen->node.plan.inst_count, vr->gen->node.plan.group_count);
}

static void child_exited(void *self, vg_time now)
{
	struct vgd_vrrp *vr = self;

	if (vr->runner)
		vgl_runner_child_exited(vr->runner, now);
	if (vr->retired) {
		vgl_runner_child_exited(vr->retired, now);
		if (!vgl_runner_notifies_running(vr->retired)) {
			vgl_runner_free(vr->retired);
			vr->retired = NULL;
		}
	}
}

static void driver_stop(void *self, vg_time now)
{
	struct vgd_vrrp *vr = self;
	struct vg_vrrp_event ev = { .kind = VG_EV_SHUTDOWN };
	struct vgd_gen *g = vr->gen;
	uint16_t i;
	size_t k;

	drive(vr, now, &ev);
	for (i = 0; i < g->node.plan.inst_count; i++) {
		if (g->vips_on[i] && !vr->o->dont_release_vrrp)
			vgd_vrrp_vips(vr, g, i, false, g->node.plan.cfg[i].accept);
		if (g->vmac_kidx[i] && !vr->o->dont_release_vrrp)
			vgl_nl_link_delete(vr->nl, g->vmac_kidx[i]);
	}
	for (k = 0; k < g->vmac_count; k++)
		if (g->vmacs_kidx[k] && !vr->o->dont_release_vrrp)
			vgl_nl_link_delete(vr->nl, g->vmacs_kidx[k]);
	if (!vr->o->dont_release_vrrp)
		vgd_vrrp_static(vr, g, false);
	vgd_vrrp_promote_reset(vr);
}

static bool busy(void *self)
{
	struct vgd_vrrp *vr = self;

	return vr->runner && (vgl_runner_notifies_running(vr->runner) ||
			      (vr->retired && vgl_runner_notifies_running(vr->retired)));
}

static void driver_free(void *self)
{
	struct vgd_vrrp *vr = self;

	if (!vr)
		return;
	vgd_vrrp_reload_abort(vr);
	vgl_runner_free(vr->retired);
	if (vr->runner)
		vgl_runner_free(vr->runner);
	vgd_procwatch_free(vr->pw);
	if (vr->na && !vr->o->dont_release_vrrp)
		vgd_noaccept_close(vr->na);
	vgd_gen_free(vr->gen);
	vgd_vrrp_sock_close(&vr->sock);
	if (vr->garp_fd >= 0)
		close(vr->garp_fd);
	free(vr->abuf);
	free(vr->rxbufs);
	free(vr->garpq);
	free(vr);
}

static const struct vgd_driver_ops vrrp_ops = {
	.name = "vrrp",
	.open = driver_open,
	.start = driver_start,
	.reload_prepare = vgd_vrrp_reload_prepare,
	.reload_commit = vgd_vrrp_reload_commit,
	.reload_abort = vgd_vrrp_reload_abort,
	.dump = vgd_vrrp_dump,
	.status = vgd_vrrp_status,
	.report = vgd_vrrp_report,
	.child_exited = child_exited,
	.stop = driver_stop,
	.busy = busy,
	.free = driver_free,
	.metrics = vgd_vrrp_metrics,
};

struct vgd_driver vgd_vrrp_new(const struct vgd_opts *o, struct vgl_nl *nl, const struct vg_conf *conf,
			       struct vg_diags *dg)
{
	struct vgd_driver drv = { &vrrp_ops, NULL };
	struct vgd_vrrp *vr = calloc(1, sizeof(*vr));

	if (!vr)
		return drv;
	vr->o = o;
	vr->nl = nl;
	vr->garp_fd = vr->runner_fd = vr->pw_fd = -1;
	vr->sock.fd4 = vr->sock.fd6 = vr->sock.fdah = -1;
	vr->startup_at = VG_TIME_NEVER;
	vr->gen = vgd_gen_new(conf, dg);
	vgd_unknown_vrids_conf(&vr->unknown, conf);
	if (!vr->gen) {
		free(vr);
		return drv;
	}
	drv.self = vr;
	return drv;
}

void vgd_vrrp_reload_unchanged(struct vgd_driver *drv)
{
	if (drv)
		vgd_vrrp_fifo_states(drv->self, NULL);
}

unsigned vgd_vrrp_cleanup(struct vgd_driver *drv)
{
	struct vgd_vrrp *vr = drv->self;
	struct vgd_gen *g = vr->gen;
	uint16_t i;

	for (i = 0; i < g->node.plan.iface_count; i++)
		vgd_vrrp_resolve_iface(vr, g, i);
	for (i = 0; i < g->node.plan.inst_count; i++) {
		const struct vg_vrrp_config *c = &g->node.plan.cfg[i];

		g->tx_kidx[i] = c->ifindex ? g->ifs[c->ifindex - 1].kidx : 0;
		if (vgd_vmac_name(g, i))
			g->vmac_kidx[i] = vgl_nl_ifindex(vr->nl, vgd_vmac_name(g, i));
	}
	return vgd_vrrp_clean_stale(vr, g, true);
}

void vgd_vrrp_set_recorder(struct vgd_driver *drv, struct vgd_recorder *rec)
{
	struct vgd_vrrp *vr = drv->self;

	vr->rec = rec;
}

void vgd_vrrp_track(struct vgd_driver *drv, uint8_t kind, uint16_t id, bool up, int32_t value, vg_time now)
{
	on_track(drv->self, kind, id, up, value, now);
}

void vgd_vrrp_set_hooks(struct vgd_driver *drv, const struct vgd_hooks *h)
{
	struct vgd_vrrp *vr = drv->self;

	vr->hooks = *h;
}
