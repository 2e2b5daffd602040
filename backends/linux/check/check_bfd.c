/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: BFD_CHECK in vigild: the BFD driver's session states to the checkers.
 *
 * daemon.c wires the BFD driver's checker hook here (bfd_driver.h: every
 * Up / Down of a session whose bfd_instance feeds checkers). The decision
 * is the core's (core/lvs/checker.h BFD_CHECK); this finds the session by
 * name in the running configuration, logs keepalived 2.2.7's line for each
 * checker the event changes or confirms ("BFD check of [b1] RS([192.0.2.12]:
 * tcp:80) is UP"), and hands the event to the node. The BFD driver starts
 * after this one and tells it every session's state then (Down), as
 * keepalived's bfd process does at start.
 */
#include <string.h>
#include <syslog.h>

#include "check_int.h"
#include "log.h"

void vgd_check_bfd(void *self, const char *name, bool up, vg_time now)
{
	struct vgc_check *c = self;
	struct chk_gen *g = c->gen;
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_BFD };
	uint32_t i;

	if (!c->started || !g || !name)
		return;
	for (i = 0; i < g->conf->bfd_instances.count; i++)
		if (g->conf->bfd_instances.items[i].name && !strcmp(g->conf->bfd_instances.items[i].name, name))
			break;
	if (i == g->conf->bfd_instances.count)
		return;
	for (uint32_t s = 0; s < g->map->count; s++) {
		const struct vg_lvs_service_config *cfg = &g->map->svc[s].cfg;

		for (uint16_t k = 0; k < cfg->checker_count; k++) {
			const struct vg_lvs_checker *ck = &g->svc[s].chk[k];
			char rsn[CHK_RS_NAME_MAX];

			if (cfg->checker[k].type == VG_LVS_CHECK_BFD && cfg->checker[k].bfd == i && ck->enabled &&
			    vg_lvs_checker_bfd_reports(ck, &cfg->checker[k], up))
				vgd_log(LOG_INFO, "BFD check of [%s] RS(%s) is %s", name,
					chk_rs_name(g, s, cfg->checker[k].rs, rsn, sizeof(rsn)), up ? "UP" : "DOWN");
		}
	}
	ev.u.bfd.bfd = (uint16_t)i;
	ev.u.bfd.up = up;
	chk_node_input(c, g, now, &ev);
}
