/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: keepalived.conf(5) static_ipaddress, static_routes and static_rules:
 * set when vigild starts, removed when it stops, as keepalived 2.2.7 does
 * (observed in a namespace: after SIGTERM the address, the route and the
 * rule were gone). Not tied to any instance state; `-X`
 * (dont_release_vrrp) leaves them, as it leaves the VIPs. A reload applies
 * the difference (core/node/reload.h vg_reload_static_in): what the new
 * file lacks is removed, what it adds is set, the rest is left alone, as
 * keepalived 2.2.7 does.
 */
#include "vrrp_driver.h"

#include <stdio.h>

#include "log.h"

static void static_addr(struct vgd_vrrp *vr, const struct vg_conf *conf, uint32_t k, bool add)
{
	char err[256], a[VG_ADDR_STRLEN];
	const struct vg_conf_vip *v = &conf->static_addrs.items[k];
	const char *dev = v->dev ? v->dev : conf->global.default_interface ? conf->global.default_interface : "eth0";
	uint32_t kidx = vgl_nl_ifindex(vr->nl, dev);
	int rc;

	if (!kidx) {
		if (add)
			vgd_log(LOG_ERR, "static_ipaddress %s: no interface %s", vg_addr_format(&v->addr, a, sizeof(a)), dev);
		return;
	}
	rc = add ? vgl_nl_vip_add(vr->nl, kidx, v, err, sizeof(err)) : vgl_nl_vip_del(vr->nl, kidx, v, err, sizeof(err));
	if (rc)
		vgd_log(LOG_ERR, "static_ipaddress %s: %s", vg_addr_format(&v->addr, a, sizeof(a)), err);
}

static void static_route(struct vgd_vrrp *vr, const struct vgd_gen *g, bool rule, uint32_t k, bool add)
{
	const struct vg_conf *conf = g->node.conf;
	const struct vg_conf_route *r = rule ? &conf->static_rules.items[k] : &conf->static_routes.items[k];
	uint32_t table = vg_vrrp_plan_static_table(&g->node.plan, conf, rule, k);
	char err[256];
	int rc = rule ? vgl_nl_rule_apply(vr->nl, r, table, add, err, sizeof(err))
		      : vgl_nl_route_apply(vr->nl, r, table, add, 0, err, sizeof(err));

	if (rc)
		vgd_log(LOG_ERR, "%s line %u: %s", rule ? "static_rules" : "static_routes", r->loc.line, err);
}

void vgd_vrrp_static(struct vgd_vrrp *vr, const struct vgd_gen *g, bool add)
{
	const struct vg_conf *conf = g->node.conf;
	uint32_t k;

	for (k = 0; add && k < conf->static_addrs.count; k++)
		static_addr(vr, conf, k, true);
	for (k = 0; k < conf->static_routes.count; k++)
		static_route(vr, g, false, k, add);
	for (k = 0; k < conf->static_rules.count; k++)
		static_route(vr, g, true, k, add);
	for (k = 0; !add && k < conf->static_addrs.count; k++)
		static_addr(vr, conf, k, false);
}

void vgd_vrrp_static_reload(struct vgd_vrrp *vr, const struct vgd_gen *og, const struct vgd_gen *ng)
{
	const struct vg_conf *a = og->node.conf, *b = ng->node.conf;
	unsigned gone = 0, added = 0;
	uint32_t k;

	/* removed: rules, routes, then addresses (a route may need its source address) */
	for (k = 0; k < a->static_rules.count; k++)
		if (!vg_reload_static_in(a, b, VG_STATIC_RULE, k) && ++gone)
			static_route(vr, og, true, k, false);
	for (k = 0; k < a->static_routes.count; k++)
		if (!vg_reload_static_in(a, b, VG_STATIC_ROUTE, k) && ++gone)
			static_route(vr, og, false, k, false);
	for (k = 0; k < a->static_addrs.count; k++)
		if (!vg_reload_static_in(a, b, VG_STATIC_ADDR, k) && ++gone)
			static_addr(vr, a, k, false);
	/* added: addresses, routes, then rules */
	for (k = 0; k < b->static_addrs.count; k++)
		if (!vg_reload_static_in(b, a, VG_STATIC_ADDR, k) && ++added)
			static_addr(vr, b, k, true);
	for (k = 0; k < b->static_routes.count; k++)
		if (!vg_reload_static_in(b, a, VG_STATIC_ROUTE, k) && ++added)
			static_route(vr, ng, false, k, true);
	for (k = 0; k < b->static_rules.count; k++)
		if (!vg_reload_static_in(b, a, VG_STATIC_RULE, k) && ++added)
			static_route(vr, ng, true, k, true);
	if (gone || added)
		vgd_log(LOG_INFO, "Reload: %u static address(es), route(s), rule(s) removed, %u added", gone, added);
}
