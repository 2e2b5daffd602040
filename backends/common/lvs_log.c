/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the real-server table edit log lines (see lvs_log.h).
 */
#include "common/lvs_log.h"

#include <stdbool.h>
#include <stdio.h>

static const char *proto_name(uint8_t p)
{
	return p == VG_LVS_PROTO_TCP ? "tcp" : p == VG_LVS_PROTO_UDP ? "udp" : p == VG_LVS_PROTO_SCTP ? "sctp"
	       : p == 0 ? "none" : "?";
}

void vgb_lvs_fmt_trio(char *buf, size_t n, const struct vg_addr *a, uint8_t proto, uint16_t port)
{
	char s[VG_ADDR_STRLEN];

	snprintf(buf, n, "[%s]:%s:%u", vg_addr_format(a, s, sizeof(s)), proto_name(proto), port);
}

void vgb_lvs_fmt_vs(char *buf, size_t n, const struct vg_lvs_conf_map *map, uint32_t s)
{
	const struct vg_conf_virtual_server *vs = map->svc[s].vs;
	uint8_t proto = map->svc[s].cfg.protocol;

	if (vs->kind == VG_CONF_VS_GROUP)
		snprintf(buf, n, "[%s]:%u", vs->group ? vs->group : "?", vs->port);
	else if (vs->kind == VG_CONF_VS_FWMARK)
		snprintf(buf, n, "FWM %u", vs->fwmark);
	else
		vgb_lvs_fmt_trio(buf, n, &vs->addr, proto, vs->port);
}

int vgb_lvs_dest_line(char *buf, size_t n, const struct vg_lvs_conf_map *map, const struct vg_action *a)
{
	const struct vg_lvs_service_config *cfg;
	const struct vg_lvs_rs_config *r;
	char rs[64], vs[300];
	bool sorry;

	if (n)
		buf[0] = '\0';
	if ((a->kind != VG_ACT_LVS_DEST_ADD && a->kind != VG_ACT_LVS_DEST_DEL && a->kind != VG_ACT_LVS_DEST_EDIT) ||
	    a->service >= map->count)
		return 0;
	cfg = &map->svc[a->service].cfg;
	sorry = a->u.lvs.rs == VG_LVS_RS_SORRY;
	if (!sorry && a->u.lvs.rs >= cfg->rs_count)
		return 0;
	r = sorry ? &cfg->sorry : &cfg->rs[a->u.lvs.rs];
	vgb_lvs_fmt_trio(rs, sizeof(rs), &r->addr, cfg->protocol, r->port);
	vgb_lvs_fmt_vs(vs, sizeof(vs), map, a->service);
	if (a->kind == VG_ACT_LVS_DEST_ADD)
		snprintf(buf, n, sorry ? "Adding sorry server %s to VS %s" : "Adding service %s to VS %s", rs, vs);
	else if (a->kind == VG_ACT_LVS_DEST_DEL)
		snprintf(buf, n, sorry ? "Removing sorry server %s from VS %s" : "Removing service %s from VS %s", rs, vs);
	else if (sorry)
		snprintf(buf, n, "%s sorry server %s %s VS %s", a->u.lvs.weight ? "Enabling" : "Disabling", rs,
			 a->u.lvs.weight ? "to" : "from", vs);
	else
		snprintf(buf, n, "%s service %s of VS %s", a->u.lvs.weight ? "Enabling" : "Disabling", rs, vs);
	return 1;
}
