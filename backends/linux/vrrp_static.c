/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: keepalived.conf(5) static_ipaddress, static_routes and static_rules:
 * set when vigild starts, removed when it stops, as keepalived 2.2.7 does
 * (observed in a namespace: after SIGTERM the address, the route and the
 * rule were gone). Not tied to any instance state; `-X`
 * (dont_release_vrrp) leaves them, as it leaves the VIPs.
 */
#include "vrrp_driver.h"

#include <stdio.h>

#include "log.h"

static void static_addrs(struct vgd_vrrp *vr, const struct vg_conf *conf, bool add)
{
	char err[256], a[VG_ADDR_STRLEN];
	uint32_t k;

	for (k = 0; k < conf->static_addrs.count; k++) {
		const struct vg_conf_vip *v = &conf->static_addrs.items[k];
		const char *dev = v->dev ? v->dev : conf->global.default_interface ? conf->global.default_interface
										     : "eth0";
		uint32_t kidx = vgl_nl_ifindex(vr->nl, dev);
		int rc;

		if (!kidx) {
			if (add)
				vgd_log(LOG_ERR, "static_ipaddress %s: no interface %s", vg_addr_format(&v->addr, a, sizeof(a)),
					dev);
			continue;
		}
		rc = add ? vgl_nl_vip_add(vr->nl, kidx, v, err, sizeof(err))
			 : vgl_nl_vip_del(vr->nl, kidx, v, err, sizeof(err));
		if (rc)
			vgd_log(LOG_ERR, "static_ipaddress %s: %s", vg_addr_format(&v->addr, a, sizeof(a)), err);
	}
}

void vgd_vrrp_static(struct vgd_vrrp *vr, const struct vgd_gen *g, bool add)
{
	const struct vg_conf *conf = g->node.conf;
	char err[256];
	uint32_t k;

	if (add)
		static_addrs(vr, conf, true);
	for (k = 0; k < conf->static_routes.count; k++)
		if (vgl_nl_route_apply(vr->nl, &conf->static_routes.items[k],
				       vg_vrrp_plan_static_table(&g->node.plan, conf, false, k), add, 0, err,
				       sizeof(err)))
			vgd_log(LOG_ERR, "static_routes line %u: %s", conf->static_routes.items[k].loc.line, err);
	for (k = 0; k < conf->static_rules.count; k++)
		if (vgl_nl_rule_apply(vr->nl, &conf->static_rules.items[k],
				      vg_vrrp_plan_static_table(&g->node.plan, conf, true, k), add, err, sizeof(err)))
			vgd_log(LOG_ERR, "static_rules line %u: %s", conf->static_rules.items[k].loc.line, err);
	if (!add)
		static_addrs(vr, conf, false);
}
