/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver (see vrrp_driver.h): the core's effects carried
 * out, the netlink and runner callbacks, the loop's handlers, start and
 * stop. Generations are built in vrrp_gen.c, packets read in vrrp_rx.c.
 *
 * The loop hands every handler the wake-up's `now`; the driver passes it
 * to the core (never earlier than a time the core was already given) and
 * converts the kernel's receive stamps with the same wake-up's reading of
 * CLOCK_REALTIME. It reads no clock itself.
 */
#include "vrrp_driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/hmac.h"
#include "garp.h"
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

static const char *fmt_addr(const struct vg_addr *a, char *buf)
{
	return vg_addr_format(a, buf, VG_ADDR_STRLEN);
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

enum vg_vrrp_drop vgd_vrrp_drive(struct vgd_vrrp *vr, vg_time now, const struct vg_vrrp_event *ev)
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

/* Tell the instances what the kernel knows of plan interface i: its link state, its primary addresses. */
static void tell_iface(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t i, vg_time now)
{
	struct vg_vrrp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_LINK;
	ev.u.link.ifindex = i + 1u;
	ev.u.link.up = g->ifs[i].kidx && g->ldb[i].up;
	vgd_vrrp_drive(vr, now, &ev);
	ev.kind = VG_EV_SRC_ADDR;
	ev.u.src.ifindex = i + 1u;
	if (g->ifs[i].primary4.family) {
		ev.u.src.addr = g->ifs[i].primary4;
		vgd_vrrp_drive(vr, now, &ev);
	}
	if (g->ifs[i].primary6.family) {
		ev.u.src.addr = g->ifs[i].primary6;
		vgd_vrrp_drive(vr, now, &ev);
	}
}

/* Tell the instances what the kernel knows: link states, then primary addresses, then start. */
void vgd_vrrp_start_instances(struct vgd_vrrp *vr, struct vgd_gen *g, vg_time now)
{
	struct vg_vrrp_event ev;
	uint16_t i;

	for (i = 0; i < g->node.plan.iface_count; i++)
		tell_iface(vr, g, i, now);
	vmac_sources(vr, g, now);
	vgd_vrrp_srcip_check(vr, g, now);
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_STARTUP;
	vgd_vrrp_drive(vr, now, &ev);
	g->started = true;
}

/* ---- netlink and runner callbacks ------------------------------------------ */

static void on_link(void *ctx, uint32_t kidx, bool up, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	struct vgd_gen *g = vr->gen;
	uint16_t i;

	for (i = 0; i < g->node.plan.iface_count; i++) {
		struct vgd_if *f = &g->ifs[i];

		if (!f->kidx) {
			/* an interface that was missing may have appeared */
			vgd_vrrp_resolve_iface(vr, g, i);
			if (f->kidx) {
				vgd_log(LOG_INFO, "interface %s appeared", g->node.plan.ifaces[i]);
				vgd_vrrp_resolve(vr, g);
				vgd_vrrp_sockets_update(vr, g);
				if (g->started) { /* what it is now: it may have come up already */
					tell_iface(vr, g, i, now);
					vmac_sources(vr, g, now);
					vgd_vrrp_srcip_check(vr, g, now);
				}
				continue;
			}
		}
		/* deleted (dynamic_interfaces): its instances in Fault until one of its name is back */
		if (f->kidx == kidx && !up && vgd_vrrp_link_gone(vr, g, i, now))
			continue;
		/* a polled interface's up/down is the poll's (vrrp_link.c), as keepalived */
		if (f->kidx != kidx || f->up == up || g->lpol[i].poll)
			continue;
		f->up = up;
		vgd_vrrp_link_netlink(vr, g, i, up, now);
	}
}

void vgd_vrrp_drive_link(struct vgd_vrrp *vr, uint16_t i, bool up, vg_time now)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_LINK };

	ev.u.link.ifindex = i + 1u;
	ev.u.link.up = up;
	vgd_vrrp_drive(vr, now, &ev);
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
		vgd_vrrp_drive(vr, now, &ev);
	}
}

static void on_addr(void *ctx, uint32_t kidx, const struct vg_addr *a, bool added, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	struct vgd_gen *g = vr->gen;
	uint32_t id = vgd_vrrp_plan_id(g, kidx);
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
			vgd_vrrp_drive(vr, now, &ev);
		}
	}
	if (ipv6_link_local(a))
		vmac_sources(vr, g, now);
	if (!added)
		vip_removed(vr, g, kidx, a, now);
	if (id)
		vgd_vrrp_srcip_check(vr, g, now);
}

static void on_track(void *ctx, uint8_t kind, uint16_t id, bool up, int32_t value, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	struct vg_vrrp_event ev = { .kind = VG_EV_TRACK };

	ev.u.track.kind = kind;
	ev.u.track.id = id;
	ev.u.track.up = up;
	ev.u.track.value = value;
	vgd_vrrp_drive(vr, now, &ev);
}

void vgd_vrrp_drive_track(struct vgd_vrrp *vr, uint8_t kind, uint16_t id, bool up, vg_time now)
{
	on_track(vr, kind, id, up, 0, now);
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
		vgd_vrrp_drive(vr, now, &ev);
	}
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

static void on_netlink(void *ctx, int fd, vg_time now)
{
	struct vgd_vrrp *vr = ctx;
	struct vgl_nl_events nle = { .ctx = vr, .link = on_link, .addr = on_addr };

	(void)fd;
	vgl_nl_monitor_dispatch(vr->nl, &nle, now);
}

static vg_time next_deadline(void *ctx)
{
	struct vgd_vrrp *vr = ctx;
	vg_time t = vg_router_next_deadline(&vr->gen->node.router);

	if (vr->runner)
		t = vg_time_min(t, vgl_runner_next_deadline(vr->runner));
	t = vg_time_min(t, vgd_vrrp_garp_deadline(vr));
	t = vg_time_min(t, vgd_procwatch_next_deadline(vr->pw));
	t = vg_time_min(t, vgd_vrrp_link_deadline(vr));
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

		vgd_vrrp_drive(vr, now, &ev);
	}
	if (vr->runner && vgl_runner_next_deadline(vr->runner) <= now)
		vgl_runner_timer(vr->runner, now);
	if (vgd_vrrp_garp_deadline(vr) <= now)
		vgd_vrrp_garp_run(vr, now);
	if (vgd_procwatch_next_deadline(vr->pw) <= now)
		vgd_procwatch_timer(vr->pw, vgd_vrrp_core_time(vr, now));
	if (vgd_vrrp_link_deadline(vr) <= now)
		vgd_vrrp_link_run(vr, now);
}

/* ---- the driver ------------------------------------------------------------ */

static int driver_open(void *self, struct vgl_loop *loop)
{
	struct vgd_vrrp *vr = self;
	struct vgl_loop_hold hold = { vgd_vrrp_rx_drain, vgd_vrrp_rx_window, vr };
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
	if (vgl_loop_add_fd(loop, vr->sock.fd4, vgd_vrrp_on_sock, vr) || vgl_loop_add_fd(loop, vr->sock.fd6, vgd_vrrp_on_sock, vr) ||
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

	vgd_vrrp_drive(vr, now, &ev);
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
	vgd_vrrp_link_close(vr);
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
	vr->garp_fd = vr->runner_fd = vr->pw_fd = vr->lb_fd = -1;
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
