/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: use_ipvlan in vigild: the instance's ipvlan made, its address put
 * on it, and the adverts sent from it (core/vrrp/ipvlan.h says which and
 * how it is named). As keepalived 2.2.7: mode l2, the instance's flags, up;
 * IPv6 off on an IPv4 instance's ipvlan; the VIPs and their GARPs stay on
 * the parent (vrrp_apply.c vip_ifindex); the ipvlan is deleted at stop
 * (it is kept in vmac_kidx, which the stop path deletes). An IPv4 ipvlan
 * without an address is refused at parse time (core/conf).
 */
#include "vrrp_ipvlan.h"

#include <stdio.h>
#include <string.h>

#include "ipvlan.h"
#include "log.h"
#include "vrrp/ipvlan.h"

static void sysctl6(const char *ifname, const char *key, const char *value)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/%s", ifname, key);
	f = fopen(path, "we");
	if (!f)
		return;
	fputs(value, f);
	fclose(f);
}

bool vgd_vrrp_is_ipvlan(const struct vgd_gen *g, uint16_t i)
{
	return g->node.plan.src[i]->use_ipvlan;
}

void vgd_vrrp_ipvlan(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t i)
{
	const struct vg_vrrp_config *c = &g->node.plan.cfg[i];
	const struct vg_conf_instance *ci = g->node.plan.src[i];
	const struct vgd_if *f = c->ifindex ? &g->ifs[c->ifindex - 1] : NULL;
	char name[VG_VMAC_NAME_MAX], err[256];

	if (!vg_ipvlan_name(g->node.conf, ci, c->vrid, name) || !f || !f->kidx)
		return;
	if (!g->vmac_kidx[i]) {
		g->vmac_kidx[i] = vgl_nl_ipvlan_create(f->kidx, name, ci->ipvlan_flags, err, sizeof(err));
		if (!g->vmac_kidx[i]) {
			vgd_log(LOG_ERR, "(%s) use_ipvlan: %s", c->name, err);
			return;
		}
		if (c->family == VG_AF_INET)
			sysctl6(name, "disable_ipv6", "1");
		else
			sysctl6(name, "accept_dad", "0");
		if (ci->ipvlan_addr.family != VG_AF_NONE) {
			struct vg_conf_vip a = { .addr = ci->ipvlan_addr, .prefix_len = ci->ipvlan_prefix_len,
						 .prefix_set = true, .preferred_lft = -2 };

			if (vgl_nl_vip_add(vr->nl, g->vmac_kidx[i], &a, err, sizeof(err)))
				vgd_log(LOG_ERR, "(%s) use_ipvlan %s: its address: %s", c->name, name, err);
		}
	}
	g->tx_kidx[i] = g->vmac_kidx[i]; /* the ipvlan has the parent's MAC: tx_mac stays */
}
