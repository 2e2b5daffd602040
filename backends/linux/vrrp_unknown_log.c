/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: log_unknown_vrids (vrrp_unknown_log.h): keepalived's words, rate-limited.
 */
#include "vrrp_unknown_log.h"

#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

void vgd_unknown_vrids_conf(struct vgd_unknown_vrids *u, const struct vg_conf *conf)
{
	u->on = vg_conf_extra_find(conf->global.extra, "log_unknown_vrids") != NULL;
}

bool vgd_unknown_vrid_due(struct vgd_unknown_vrids *u, uint8_t vrid, vg_time now, uint32_t *left_out)
{
	*left_out = 0;
	if (!u->on)
		return false;
	if (u->logged[vrid] && now < u->logged[vrid] + VGD_UNKNOWN_VRID_GAP) {
		u->quiet[vrid]++;
		return false;
	}
	*left_out = u->quiet[vrid];
	u->quiet[vrid] = 0;
	u->logged[vrid] = now ? now : 1;
	return true;
}

void vgd_unknown_vrid_log(struct vgd_unknown_vrids *u, const struct vg_vrrp_event *ev, const char *ifname,
			  vg_time now)
{
	char src[VG_ADDR_STRLEN], more[48] = "";
	uint32_t left_out;
	uint8_t vrid;

	if (!u->on || ev->kind != VG_EV_PACKET || ev->u.packet.len < 2)
		return;
	vrid = ev->u.packet.buf[1];
	if (!vgd_unknown_vrid_due(u, vrid, now, &left_out))
		return;
	if (left_out)
		snprintf(more, sizeof(more), " (%u more not logged)", left_out);
	vgd_log(LOG_INFO, "Unknown VRID(%u) received on interface(%s) from %s. ignoring...%s", vrid, ifname ? ifname : "?",
		vg_addr_format(&ev->u.packet.meta.src, src, sizeof(src)), more);
}
