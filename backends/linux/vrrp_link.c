/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's link states: each plan interface's state comes
 * from netlink or, with linkbeat_interfaces / linkbeat_use_polling, from
 * polling it once a second (linkbeat.h), as keepalived 2.2.7 (its
 * POLLING_DELAY); netlink's up/down of a polled interface is not used.
 * netlink's changes wait their interface_up_down_delays (the decisions are
 * core/vrrp/linkwatch.h's). Logged as keepalived logs them: "Linkbeat
 * reports IF up|down", "Netlink reports IF up|down".
 */
#include "vrrp_driver.h"

#include <string.h>
#include <unistd.h>

#include "linkbeat.h"
#include "log.h"

static int lb_fd(struct vgd_vrrp *vr)
{
	if (vr->lb_fd < 0) {
		vr->lb_fd = vgd_linkbeat_open();
		if (vr->lb_fd < 0)
			vgd_log(LOG_ERR, "linkbeat: cannot open its socket");
	}
	return vr->lb_fd;
}

/* Resolution of plan interface i just read the kernel (vrrp_apply.c): policy, first poll, debounce. */
void vgd_vrrp_link_resolved(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t i)
{
	struct vgd_if *f = &g->ifs[i];

	vg_link_policy_of(g->node.conf, &g->node.plan, i, &g->lpol[i]);
	if (g->lpol[i].lb_type == VG_LB_IOCTL && !g->lb_how[i])
		g->lb_how[i] = VGD_LB_IOCTL; /* the flags only, as asked (MII and ETHTOOL: ETHTOOL_GLINK) */
	if (g->lpol[i].poll && f->kidx && lb_fd(vr) >= 0) {
		int r = vgd_linkbeat_probe(vr->lb_fd, g->node.plan.ifaces[i], &g->lb_how[i]);

		f->up = r > 0;
		vgd_log(LOG_INFO, "%s: link state polled (%s), %s", g->node.plan.ifaces[i],
			vgd_linkbeat_how_name(g->lb_how[i]), f->up ? "up" : "down");
	}
	/* a known interface read again (another one appeared) keeps what its instances were told */
	if (!f->kidx || g->lb_kidx[i] != f->kidx)
		vg_link_debounce_init(&g->ldb[i], f->kidx && f->up);
	g->lb_kidx[i] = f->kidx;
}

bool vgd_vrrp_link_gone(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t i, vg_time now)
{
	struct vgd_if *f = &g->ifs[i];
	char name[32];
	bool was_up = g->ldb[i].up;
	size_t k;

	if (vgl_nl_ifindex(vr->nl, g->node.plan.ifaces[i]) == f->kidx)
		return false;
	vgd_log(LOG_INFO, "Interface %s deleted: its instances are in FAULT until it is back", g->node.plan.ifaces[i]);
	memset(f, 0, sizeof(*f));
	g->lb_kidx[i] = 0;
	g->lb_how[i] = 0;
	vg_link_debounce_init(&g->ldb[i], false);
	/* vmacs on it went with it: made again when it is back */
	for (uint16_t id = 0; id < g->node.plan.inst_count; id++)
		if (g->vmac_kidx[id] && vgl_nl_ifname(vr->nl, g->vmac_kidx[id], name, sizeof(name)) < 0)
			g->vmac_kidx[id] = 0;
	for (k = 0; k < g->vmac_count; k++)
		if (g->vmacs_kidx[k] && vgl_nl_ifname(vr->nl, g->vmacs_kidx[k], name, sizeof(name)) < 0)
			g->vmacs_kidx[k] = 0;
	if (was_up)
		vgd_vrrp_drive_link(vr, i, false, now);
	return true;
}

/* netlink says plan interface i is up / down (a change of f->up). */
void vgd_vrrp_link_netlink(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t i, bool up, vg_time now)
{
	struct vg_link_debounce *d = &g->ldb[i];
	const struct vg_link_policy *pol = &g->lpol[i];
	bool waited = d->pending;
	const char *name = g->node.plan.ifaces[i];

	if (vg_link_debounce_observe(d, pol, up, now)) {
		vgd_log(LOG_INFO, "Netlink reports %s %s", name, up ? "up" : "down");
		vgd_vrrp_drive_link(vr, i, up, now);
	} else if (d->pending && !waited) {
		vgd_log(LOG_INFO, "%s: %s acted on in %.3f s (interface_up_down_delays)", name, up ? "up" : "down",
			(double)(d->due - now) / 1e9);
	} else if (waited && !d->pending) {
		vgd_log(LOG_INFO, "Delay timer for %s cancelled", name);
	}
}

static bool any_polled(const struct vgd_gen *g)
{
	for (uint16_t i = 0; i < g->node.plan.iface_count; i++)
		if (g->lpol[i].poll)
			return true;
	return false;
}

vg_time vgd_vrrp_link_deadline(const struct vgd_vrrp *vr)
{
	const struct vgd_gen *g = vr->gen;
	vg_time t = any_polled(g) ? vr->lb_next : VG_TIME_NEVER;

	for (uint16_t i = 0; i < g->node.plan.iface_count; i++)
		t = vg_time_min(t, vg_link_debounce_deadline(&g->ldb[i]));
	return t;
}

static void poll_all(struct vgd_vrrp *vr, struct vgd_gen *g, vg_time now)
{
	for (uint16_t i = 0; i < g->node.plan.iface_count; i++) {
		struct vgd_if *f = &g->ifs[i];
		bool up;

		if (!g->lpol[i].poll || !f->kidx || lb_fd(vr) < 0)
			continue;
		up = vgd_linkbeat_probe(vr->lb_fd, g->node.plan.ifaces[i], &g->lb_how[i]) > 0;
		if (up == f->up)
			continue;
		f->up = up;
		if (!vg_link_debounce_observe(&g->ldb[i], &g->lpol[i], up, now))
			continue;
		vgd_log(LOG_INFO, "Linkbeat reports %s %s", g->node.plan.ifaces[i], up ? "up" : "down");
		vgd_vrrp_drive_link(vr, i, up, now);
	}
}

void vgd_vrrp_link_run(struct vgd_vrrp *vr, vg_time now)
{
	struct vgd_gen *g = vr->gen;

	if (any_polled(g) && vr->lb_next <= now) {
		poll_all(vr, g, now);
		vr->lb_next = now + VG_S(1);
	}
	for (uint16_t i = 0; i < g->node.plan.iface_count; i++)
		if (vg_link_debounce_fire(&g->ldb[i], now)) {
			vgd_log(LOG_INFO, "Netlink reports %s %s", g->node.plan.ifaces[i], g->ldb[i].up ? "up" : "down");
			vgd_vrrp_drive_link(vr, i, g->ldb[i].up, now);
		}
}

void vgd_vrrp_link_close(struct vgd_vrrp *vr)
{
	if (vr->lb_fd >= 0)
		close(vr->lb_fd);
	vr->lb_fd = -1;
}
