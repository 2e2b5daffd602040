/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the top-level track_group block: `track_group NAME { group { VI_1
 * VI_2 ... } }`, the vrrp instances that track the static addresses,
 * routes and rules written with `track_group NAME` (vg_conf.track_groups;
 * what tracking means: core/vrrp/plan.c).
 */
#include "conf/parser_int.h"

#include <string.h>

static void group_line(struct pctx *p, const struct stmt *st, void *obj)
{
	for (uint32_t i = 0; i < st->n; i++)
		vg_pstrs_add(p, obj, st->tok[i].text);
}

static void body_line(struct pctx *p, const struct stmt *st, void *obj)
{
	struct vg_conf_track_group *g = obj;

	if (strcmp(st->tok[0].text, "group") != 0) {
		vg_pwarn(p, st, 0, "unknown-keyword", "unknown keyword '%s' in track_group (only 'group')",
			 st->tok[0].text);
		if (st->open)
			vg_parse_list(p, st, group_line, &(struct vg_conf_strs){ 0 });
		return;
	}
	if (vg_parse_need_block(p, st))
		vg_parse_list(p, st, group_line, &g->instances);
}

void vg_parse_track_group(struct pctx *p, const struct stmt *st)
{
	struct vg_conf_track_group *g;

	if (!vg_pargs(p, st, 1, 1) || !vg_parse_need_block(p, st)) {
		if (st->open)
			vg_parse_list(p, st, group_line, &(struct vg_conf_strs){ 0 });
		return;
	}
	for (uint32_t i = 0; i < p->conf->track_groups.count; i++)
		if (!strcmp(p->conf->track_groups.items[i].name, st->tok[1].text))
			vg_pwarn(p, st, 1, "duplicate", "track_group %s defined twice", st->tok[1].text);
	g = VG_LIST_PUSH(p->a, p->conf->track_groups);
	if (!g) {
		p->nomem = true;
		return;
	}
	g->loc = st->loc;
	g->name = vg_pstr(p, st, 1);
	vg_parse_list_nested(p, st, body_line, g);
}
