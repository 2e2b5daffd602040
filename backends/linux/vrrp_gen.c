/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's generations (vrrp_driver.h): a loaded
 * configuration's node (core/node: plan, instances, router) and the
 * driver's bookkeeping beside it, decided once when it is built: vmacs and
 * their names, garp_group pacing per interface, the receive coalescing
 * window; and the lookups of a generation's names and interfaces.
 */
#include "vrrp_driver.h"

#include <stdlib.h>

#include "rt_tables.h"

const char *vgd_inst_name(const struct vgd_gen *g, uint16_t id)
{
	return g->node.plan.cfg[id].name;
}

uint32_t vgd_vrrp_plan_id(const struct vgd_gen *g, uint32_t kidx)
{
	uint16_t i;

	for (i = 0; i < g->node.plan.iface_count; i++)
		if (g->ifs[i].kidx == kidx)
			return i + 1u;
	return 0;
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

/* Build the node of `conf` (core/node) and the driver's bookkeeping beside it; diagnostics to dg.
   NULL: no memory. */
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
