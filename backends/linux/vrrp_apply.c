/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's hands on the host (see vrrp_driver.h): the kernel
 * view of the plan's interfaces, vmacs and their sysctls, VIPs, virtual
 * routes and rules, the no_accept filter, gratuitous ARPs / unsolicited NAs
 * (sent as the core's pacing queue releases them), and the removal of what
 * a crashed predecessor left. Decisions are the core's; this file carries
 * them out.
 */
#include "vrrp_driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "garp.h"
#include "log.h"
#include "vrrp_ipvlan.h"
#include "wire/frame.h"

static const char *fmt_addr(const struct vg_addr *a, char *buf)
{
	return vg_addr_format(a, buf, VG_ADDR_STRLEN);
}

void vgd_vrrp_resolve_iface(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t i)
{
	struct vgd_if *f = &g->ifs[i];

	f->kidx = vgl_nl_ifindex(vr->nl, g->node.plan.ifaces[i]);
	f->up = false;
	memset(&f->primary4, 0, sizeof(f->primary4));
	memset(&f->primary6, 0, sizeof(f->primary6));
	if (f->kidx) {
		vgl_nl_link(vr->nl, f->kidx, &f->up, f->mac);
		vgl_nl_primary_addr(vr->nl, f->kidx, VG_AF_INET, &f->primary4);
		vgl_nl_primary_addr(vr->nl, f->kidx, VG_AF_INET6, &f->primary6);
	}
	vgd_vrrp_link_resolved(vr, g, i);
}

/* Write /proc/sys/net/ipv{4,6}/conf/IFNAME/KEY. */
static bool if_sysctl(uint8_t family, const char *ifname, const char *key, const char *value)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv%c/conf/%s/%s", family == VG_AF_INET6 ? '6' : '4',
		 ifname, key);
	f = fopen(path, "we");
	if (!f)
		return false;
	fputs(value, f);
	return fclose(f) == 0;
}

/* Take an interface down and up (a fresh IPv6 link-local address after a sysctl change). */
static void link_bounce(const char *ifname)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	if (strlen(ifname) >= sizeof(ifr.ifr_name)) {
		close(fd);
		return;
	}
	memcpy(ifr.ifr_name, ifname, strlen(ifname) + 1);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags &= ~IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
		ifr.ifr_flags |= IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
}

/* Read /proc/sys/net/ipv4/conf/IFNAME/KEY as a number (-1: unreadable). */
static int if_sysctl_get(const char *ifname, const char *key)
{
	char path[128];
	int v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, key);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/*
 * keepalived promote_secondaries: net.ipv4.conf.IF.promote_secondaries = 1
 * on the instance's interface (not with a vmac, whose own is set anyway), so
 * that removing one address of a subnet does not take the others with it;
 * put back to 0 at stop if it was 0. keepalived 2.2.7, observed: 0 before,
 * 1 while it ran, 0 after SIGTERM.
 */
static void promote_secondaries(struct vgd_vrrp *vr, const char *ifname)
{
	unsigned k;

	for (k = 0; k < vr->promoted_count; k++)
		if (!strcmp(vr->promoted[k], ifname))
			return;
	if (if_sysctl_get(ifname, "promote_secondaries") != 0)
		return; /* already on (someone else's: left as it is), or no such interface */
	if (!if_sysctl(VG_AF_INET, ifname, "promote_secondaries", "1")) {
		vgd_log(LOG_ERR, "promote_secondaries on %s: cannot set the sysctl", ifname);
		return;
	}
	if (vr->promoted_count < VGD_PROMOTED_MAX && strlen(ifname) < sizeof(vr->promoted[0]))
		snprintf(vr->promoted[vr->promoted_count++], sizeof(vr->promoted[0]), "%s", ifname);
}

void vgd_vrrp_promote_reset(struct vgd_vrrp *vr)
{
	unsigned k;

	for (k = 0; k < vr->promoted_count; k++)
		if_sysctl(VG_AF_INET, vr->promoted[k], "promote_secondaries", "0");
	vr->promoted_count = 0;
}

/*
 * keepalived use_vmac_addr, and `use_vmac` on a VIP: the VIPs' own vmacs on
 * their interfaces (core/vrrp/vmac.h says which), made like keepalived
 * 2.2.7's (observed: macvlan mode private, MAC 00:00:5e:00:01:VRID, GARPs
 * for the VIP sent on it).
 */
static void addr_vmacs(struct vgd_vrrp *vr, struct vgd_gen *g)
{
	size_t k;

	for (k = 0; k < g->vmac_count; k++) {
		const struct vg_vmac *m = &g->vmacs[k];
		uint32_t base;
		char err[256];

		if (!m->addr || g->vmacs_kidx[k])
			continue;
		base = vgl_nl_ifindex(vr->nl, m->base);
		if (!base)
			continue; /* the VIP reports its missing interface */
		g->vmacs_kidx[k] = vgl_nl_vmac_create(vr->nl, base, m->name, m->family, m->vrid, err, sizeof(err));
		if (!g->vmacs_kidx[k]) {
			vgd_log(LOG_ERR, "(%s) use_vmac_addr: %s", vgd_inst_name(g, m->inst), err);
			continue;
		}
		if (m->family == VG_AF_INET) {
			if_sysctl(VG_AF_INET, m->base, "arp_ignore", "1");
			if_sysctl(VG_AF_INET, m->base, "arp_announce", "2");
			if_sysctl(VG_AF_INET, m->name, "arp_ignore", "1");
		} else if (if_sysctl(VG_AF_INET6, m->name, "accept_dad", "0")) {
			link_bounce(m->name);
		}
	}
}

/* Interfaces, MACs and vmacs of every instance that does not have them yet. */
void vgd_vrrp_resolve(struct vgd_vrrp *vr, struct vgd_gen *g)
{
	uint16_t i;

	for (i = 0; i < g->node.plan.iface_count; i++) {
		vgd_vrrp_resolve_iface(vr, g, i);
		if (!g->ifs[i].kidx)
			vgd_log(LOG_WARNING, "interface %s does not exist (yet): its instances stay in FAULT",
				g->node.plan.ifaces[i]);
	}
	for (i = 0; i < g->node.plan.inst_count; i++) {
		const struct vg_vrrp_config *c = &g->node.plan.cfg[i];
		const struct vg_conf_instance *ci = g->node.plan.src[i];
		const struct vgd_if *f = c->ifindex ? &g->ifs[c->ifindex - 1] : NULL;
		const char *name = vgd_vmac_name(g, i);
		char err[256];

		g->tx_kidx[i] = f ? f->kidx : 0;
		if (f)
			memcpy(g->tx_mac[i], f->mac, 6);
		if (ci->promote_secondaries && !ci->use_vmac && f && f->kidx)
			promote_secondaries(vr, g->node.plan.ifaces[c->ifindex - 1]);
		if (ci->use_ipvlan) {
			vgd_vrrp_ipvlan(vr, g, i);
			continue;
		}
		if (!name || !f || !f->kidx)
			continue;
		if (!g->vmac_kidx[i])
			g->vmac_kidx[i] = vgl_nl_vmac_create(vr->nl, f->kidx, name, c->family, c->vrid, err, sizeof(err));
		if (!g->vmac_kidx[i]) {
			vgd_log(LOG_ERR, "(%s) use_vmac: %s", c->name, err);
			continue;
		}
		/* an IPv6 vmac's link-local is our advert source: no DAD wait before the first advert;
		   the one made while it came up is still tentative, so make it anew */
		if (c->family == VG_AF_INET6 && if_sysctl(VG_AF_INET6, name, "accept_dad", "0"))
			link_bounce(name);
		if (c->family == VG_AF_INET) {
			/* only the vmac answers ARP for the VIPs, with the virtual MAC */
			if_sysctl(VG_AF_INET, g->node.plan.ifaces[c->ifindex - 1], "arp_ignore", "1");
			if_sysctl(VG_AF_INET, g->node.plan.ifaces[c->ifindex - 1], "arp_announce", "2");
			if_sysctl(VG_AF_INET, name, "arp_ignore", "1");
			/* keepalived sets promote_secondaries on its vmacs */
			if_sysctl(VG_AF_INET, name, "promote_secondaries", "1");
		}
		if (!ci->vmac_xmit_base) {
			g->tx_kidx[i] = g->vmac_kidx[i];
			vg_frame_vmac(c->family, c->vrid, g->tx_mac[i]);
		}
	}
	addr_vmacs(vr, g);
}

/* The VIP's own vmac (use_vmac_addr, `use_vmac` on it): its index in g->vmacs, else -1. */
static int vip_addr_vmac(const struct vgd_gen *g, uint16_t id, const struct vg_conf_vip *v)
{
	int k = vg_vmac_of_vip(&g->node.plan, id, v, g->vmacs, g->vmac_count);

	return k >= 0 && g->vmacs[k].addr ? k : -1;
}

static uint32_t vip_ifindex(struct vgd_vrrp *vr, const struct vgd_gen *g, uint16_t id, const struct vg_conf_vip *v)
{
	int k = vip_addr_vmac(g, id, v);

	if (k >= 0)
		return g->vmacs_kidx[k];
	if (v->dev)
		return vgl_nl_ifindex(vr->nl, v->dev);
	if (vgd_vrrp_is_ipvlan(g, id)) /* keepalived 2.2.7: the VIPs stay on an ipvlan's parent */
		return g->node.plan.cfg[id].ifindex ? g->ifs[g->node.plan.cfg[id].ifindex - 1].kidx : 0;
	return g->vmac_kidx[id] ? g->vmac_kidx[id] : g->tx_kidx[id];
}

/* RFC 5798 6.4.3: without Accept_Mode a non-owner Master drops what is sent to the VIPs. */
static void noaccept(struct vgd_vrrp *vr, const struct vgd_gen *g, uint16_t id, const struct vg_conf_vip *v,
		     uint32_t kidx, bool block)
{
	const struct vg_conf_instance *ci = g->node.plan.src[id];
	char err[256], a[VG_ADDR_STRLEN];

	if (!vr->na && block) {
		struct vg_nft_opts o = vgd_noaccept_opts(&g->node.conf->global);

		vr->na = vgd_noaccept_open(&o, err, sizeof(err));
	}
	if (!vr->na) {
		if (block)
			vgd_log(LOG_ERR, "(%s) no_accept: %s", vgd_inst_name(g, id), err);
		return;
	}
	if (vgd_noaccept_set(vr->na, &v->addr, kidx, ci->dont_track_primary, block, err, sizeof(err)))
		vgd_log(LOG_ERR, "(%s) no_accept for %s: %s", vgd_inst_name(g, id), fmt_addr(&v->addr, a), err);
}

void vgd_vrrp_vips(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t id, bool add, bool accept)
{
	const struct vg_conf_instance *ci = g->node.plan.src[id];
	const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };
	char err[256], a[VG_ADDR_STRLEN];
	uint32_t i, k;

	if (!add && vr->loop && vgl_loop_stopped(vr->loop) && vr->o->dont_release_vrrp)
		return;
	for (k = 0; k < 2; k++)
		for (i = 0; i < lists[k]->count; i++) {
			const struct vg_conf_vip *v = &lists[k]->items[i];
			uint32_t kidx = vip_ifindex(vr, g, id, v);
			int rc;

			if (!kidx) {
				vgd_log(LOG_ERR, "(%s) VIP %s: no interface %s", vgd_inst_name(g, id),
					fmt_addr(&v->addr, a), v->dev ? v->dev : "");
				continue;
			}
			if (!accept && g->node.plan.cfg[id].priority != 255)
				noaccept(vr, g, id, v, kidx, add);
			rc = add ? vgl_nl_vip_add(vr->nl, kidx, v, err, sizeof(err))
				 : vgl_nl_vip_del(vr->nl, kidx, v, err, sizeof(err));
			if (rc)
				vgd_log(LOG_ERR, "(%s) %s VIP %s: %s", vgd_inst_name(g, id), add ? "adding" : "removing",
					fmt_addr(&v->addr, a), err);
			if (vr->hooks.vip && (!rc || !add))
				vr->hooks.vip(vr->hooks.ctx, &v->addr, add);
			else if (vgd_log_detail())
				vgd_log(LOG_INFO, "(%s) %s VIP %s/%u", vgd_inst_name(g, id), add ? "added" : "removed",
					fmt_addr(&v->addr, a), v->prefix_len);
		}
	for (i = 0; i < ci->routes.count; i++)
		if (vgl_nl_route_apply(vr->nl, &ci->routes.items[i], vg_vrrp_plan_table(&g->node.plan, id, false, i), add,
				       g->tx_kidx[id], err, sizeof(err)))
			vgd_log(LOG_ERR, "(%s) virtual_route line %u: %s", vgd_inst_name(g, id),
				ci->routes.items[i].loc.line, err);
	for (i = 0; i < ci->rules.count; i++)
		if (vgl_nl_rule_apply(vr->nl, &ci->rules.items[i], vg_vrrp_plan_table(&g->node.plan, id, true, i), add,
				      err, sizeof(err)))
			vgd_log(LOG_ERR, "(%s) virtual_rule line %u: %s", vgd_inst_name(g, id),
				ci->rules.items[i].loc.line, err);
	g->vips_on[id] = add;
}

bool vgd_vrrp_vip_removed(struct vgd_vrrp *vr, const struct vgd_gen *g, uint16_t id, uint32_t kidx,
			  const struct vg_addr *addr, bool *no_track)
{
	const struct vg_conf_instance *ci = g->node.plan.src[id];
	const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };
	uint32_t i, k;

	if (!g->vips_on[id])
		return false; /* not ours at the moment: what we removed ourselves, or never added */
	for (k = 0; k < 2; k++)
		for (i = 0; i < lists[k]->count; i++) {
			const struct vg_conf_vip *v = &lists[k]->items[i];

			if (!vg_addr_eq(&v->addr, addr) || vip_ifindex(vr, g, id, v) != kidx)
				continue;
			/* the event may be stale (an add since): only an address really gone counts */
			if (vgl_nl_vip_present(vr->nl, kidx, addr))
				return false;
			*no_track = v->no_track;
			return true;
		}
	return false;
}

/* One gratuitous ARP / unsolicited NA for VIP (or eVIP) v of instance `id`. */
static void garp_vip(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t id, const struct vg_conf_vip *v)
{
	const struct vg_vrrp_config *c = &g->node.plan.cfg[id];
	const struct vgd_if *f = c->ifindex ? &g->ifs[c->ifindex - 1] : NULL;
	uint32_t kidx = vip_ifindex(vr, g, id, v);
	uint8_t mac[6];

	if (!kidx)
		return;
	memcpy(mac, g->tx_mac[id], 6);
	if (vip_addr_vmac(g, id, v) >= 0) {
		vg_frame_vmac(v->addr.family, c->vrid, mac);
	} else if (v->dev && kidx != g->tx_kidx[id]) {
		bool up;

		vgl_nl_link(vr->nl, kidx, &up, mac);
	}
	if (vgd_garp_send(vr->garp_fd, kidx, mac, &v->addr, f ? &f->primary6 : &v->addr))
		vr->n.tx_errors++;
}

/* One gratuitous ARP / unsolicited NA for VIP `i` of instance `id`. */
static void garp_one(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t id, uint32_t i)
{
	garp_vip(vr, g, id, &g->node.plan.src[id]->vips.items[i]);
}

/*
 * garp_extra_if (the core says when): one message on each interface of a
 * VIP or eVIP other than the one the instance sends from, for the first
 * address on it, as keepalived 2.2.7 does (observed: two VIPs on eth1, one
 * GARP there for the first, none on the instance's eth0).
 */
void vgd_vrrp_garps_extra(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t id)
{
	const struct vg_conf_instance *ci = g->node.plan.src[id];
	const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };
	uint32_t done[2 * VG_VRRP_ADDRS_MAX];
	uint32_t i, k, n = 0, d;

	if (vr->garp_fd < 0 || !g->vips_on[id])
		return;
	for (k = 0; k < 2; k++)
		for (i = 0; i < lists[k]->count && n < 2 * VG_VRRP_ADDRS_MAX; i++) {
			const struct vg_conf_vip *v = &lists[k]->items[i];
			uint32_t kidx = vip_ifindex(vr, g, id, v);

			if (!kidx || kidx == g->tx_kidx[id])
				continue;
			for (d = 0; d < n && done[d] != kidx; d++)
				;
			if (d < n)
				continue;
			done[n++] = kidx;
			garp_vip(vr, g, id, v);
		}
}

/* The gratuitous ARP / NA of VIP `i` of instance `id` as the core's pacing sees it. */
static struct vg_garp_send garp_msg(struct vgd_vrrp *vr, const struct vgd_gen *g, uint16_t id, uint32_t i)
{
	const struct vg_conf_vip *v = &g->node.plan.src[id]->vips.items[i];
	struct vg_garp_send x = { .na = v->addr.family == VG_AF_INET6, .inst = id, .vip = (uint16_t)i };

	x.kidx = vip_ifindex(vr, g, id, v);
	/* the interface vip_ifindex() chose; its garp_group was resolved with the generation */
	x.via = v->dev ? VG_GARP_VIA_DEV : g->vmac_kidx[id] && !vgd_vrrp_is_ipvlan(g, id) ? VG_GARP_VIA_VMAC : VG_GARP_VIA_IFACE;
	vg_garp_pace(g->node.conf, &g->garp, &x);
	return x;
}

void vgd_vrrp_garps(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t id, unsigned repeat, vg_time now)
{
	const struct vg_conf_instance *ci = g->node.plan.src[id];
	uint32_t i;
	unsigned r;

	if (vr->garp_fd < 0)
		return;
	for (r = 0; r < (repeat ? repeat : 1); r++)
		for (i = 0; i < ci->vips.count; i++) {
			struct vg_garp_send x = garp_msg(vr, g, id, i);

			if (x.gap_ns && !vr->garpq && (vr->garpq = malloc(sizeof(*vr->garpq))))
				vg_garp_init(vr->garpq);
			switch (x.gap_ns && vr->garpq ? vg_garp_offer(vr->garpq, now, &x) : VG_GARP_SEND) {
			case VG_GARP_QUEUED:
				break;
			case VG_GARP_OVERFLOW:
				if (vr->garpq->overflow == 1)
					vgd_log(LOG_WARNING, "gratuitous ARP/NA queue full: sending without the interval");
				/* fall through */
			case VG_GARP_SEND:
				garp_one(vr, g, id, i);
				break;
			}
		}
}

/* Send what the pacing queue releases at `now`. */
void vgd_vrrp_garp_run(struct vgd_vrrp *vr, vg_time now)
{
	struct vg_garp_send out[VG_GARP_DOMAINS_MAX];
	uint32_t n, k;

	if (!vr->garpq)
		return;
	while ((n = vg_garp_due(vr->garpq, now, out, VG_GARP_DOMAINS_MAX)) > 0)
		for (k = 0; k < n; k++)
			garp_one(vr, vr->gen, out[k].inst, out[k].vip);
}

vg_time vgd_vrrp_garp_deadline(const struct vgd_vrrp *vr)
{
	return vr->garpq ? vg_garp_next_deadline(vr->garpq) : VG_TIME_NEVER;
}

/* Remove VIPs a crashed predecessor left (never an address owner's: priority 255 means they are real). */
unsigned vgd_vrrp_clean_stale(struct vgd_vrrp *vr, struct vgd_gen *g, bool links_too)
{
	unsigned removed = 0;
	uint16_t i;
	char err[256], a[VG_ADDR_STRLEN];

	for (i = 0; i < g->node.plan.inst_count; i++) {
		const struct vg_conf_instance *ci = g->node.plan.src[i];
		const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };
		uint32_t k, j;

		if (g->node.plan.cfg[i].priority == 255)
			continue;
		for (k = 0; k < 2; k++)
			for (j = 0; j < lists[k]->count; j++) {
				const struct vg_conf_vip *v = &lists[k]->items[j];
				uint32_t kidx = vip_ifindex(vr, g, i, v);

				if (!kidx || !vgl_nl_vip_present(vr->nl, kidx, &v->addr))
					continue;
				if (vgl_nl_vip_del(vr->nl, kidx, v, err, sizeof(err)) == 0) {
					removed++;
					vgd_log(LOG_INFO, "(%s) removed stale VIP %s", ci->name, fmt_addr(&v->addr, a));
				}
			}
		for (j = 0; j < ci->routes.count; j++)
			vgl_nl_route_apply(vr->nl, &ci->routes.items[j], vg_vrrp_plan_table(&g->node.plan, i, false, j), false,
					   g->tx_kidx[i], err, sizeof(err));
		for (j = 0; j < ci->rules.count; j++)
			vgl_nl_rule_apply(vr->nl, &ci->rules.items[j], vg_vrrp_plan_table(&g->node.plan, i, true, j), false,
					  err, sizeof(err));
	}
	for (i = 0; links_too && i < g->vmac_count; i++) {
		uint32_t kidx = vgl_nl_ifindex(vr->nl, g->vmacs[i].name);

		if (kidx && vgl_nl_link_delete(vr->nl, kidx) == 0)
			vgd_log(LOG_INFO, "(%s) removed vmac %s", vgd_inst_name(g, g->vmacs[i].inst), g->vmacs[i].name);
	}
	return removed;
}
