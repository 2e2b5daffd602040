/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: track_src_ip in the VRRP driver. An instance with track_src_ip and a
 * configured source (unicast_src_ip or mcast_src_ip) tracks that address
 * on its interface (core/vrrp/plan.c: VG_TRACK_SRC_IP, weight 0): its
 * presence is reported at start and after every address change the kernel
 * announces on a plan interface, so the instance is in Fault while the
 * address is missing, as keepalived.conf(5) says (docs/config.md says how
 * keepalived 2.2.7 differs).
 */
#include "vrrp_driver.h"

static const struct vg_addr *configured_source(const struct vg_conf_instance *ci, uint8_t family)
{
	if (ci->unicast_src_ip.family == family)
		return &ci->unicast_src_ip;
	if (ci->mcast_src_ip.family == family)
		return &ci->mcast_src_ip;
	return NULL;
}

void vgd_vrrp_srcip_check(struct vgd_vrrp *vr, struct vgd_gen *g, vg_time now)
{
	for (uint16_t i = 0; i < g->node.plan.inst_count; i++) {
		const struct vg_vrrp_config *c = &g->node.plan.cfg[i];
		const struct vg_addr *a = configured_source(g->node.plan.src[i], c->family);
		uint32_t kidx = c->ifindex ? g->ifs[c->ifindex - 1].kidx : 0;
		bool tracked = false;

		for (uint8_t k = 0; k < c->track_count; k++)
			tracked |= c->tracks[k].kind == VG_TRACK_SRC_IP;
		if (!tracked || !a)
			continue;
		vgd_vrrp_drive_track(vr, VG_TRACK_SRC_IP, (uint16_t)(i + 1u),
				     kidx && vgl_nl_vip_present(vr->nl, kidx, a), now);
	}
}
