/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the timeline picture (see timeline.h).
 */
#include "sim/timeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lvs_log.h"
#include "vrrp/instance.h"

void vg_timeline_init(struct vg_timeline *t)
{
	memset(t, 0, sizeof(*t));
}

void vg_timeline_free(struct vg_timeline *t)
{
	free(t->lane);
	free(t->change);
	free(t->mark);
	memset(t, 0, sizeof(*t));
}

/* Room for one more of n elements of size sz in *v (capacity *cap). */
static bool grow(void **v, uint32_t n, uint32_t *cap, size_t sz)
{
	void *m;
	uint32_t c;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 16;
	m = realloc(*v, (size_t)c * sz);
	if (!m)
		return false;
	*v = m;
	*cap = c;
	return true;
}

uint32_t vg_timeline_lane(struct vg_timeline *t, const char *name, uint8_t kind)
{
	for (uint32_t i = 0; i < t->lanes; i++)
		if (t->lane[i].kind == kind && !strcmp(t->lane[i].name, name))
			return i;
	if (!grow((void **)&t->lane, t->lanes, &t->lane_cap, sizeof(*t->lane))) {
		t->nomem = true;
		return UINT32_MAX;
	}
	snprintf(t->lane[t->lanes].name, sizeof(t->lane[t->lanes].name), "%s", name);
	t->lane[t->lanes].kind = kind;
	return t->lanes++;
}

void vg_timeline_change(struct vg_timeline *t, uint32_t lane, vg_time at, uint8_t state)
{
	if (lane >= t->lanes || t->changes >= VG_TL_CHANGES_MAX)
		return;
	if (!grow((void **)&t->change, t->changes, &t->change_cap, sizeof(*t->change))) {
		t->nomem = true;
		return;
	}
	t->change[t->changes++] = (struct vg_tl_change){ at, lane, state };
}

void vg_timeline_mark(struct vg_timeline *t, vg_time at)
{
	if (!grow((void **)&t->mark, t->marks, &t->mark_cap, sizeof(*t->mark))) {
		t->nomem = true;
		return;
	}
	t->mark[t->marks++] = at;
}

void vg_timeline_lvs(struct vg_timeline *t, const char *prefix, const struct vg_lvs_conf_map *map,
		     const struct vg_action *a, vg_time at)
{
	const struct vg_lvs_service_config *cfg;
	const struct vg_lvs_rs_config *r;
	char rs[64], vs[300], name[400];
	uint8_t state;
	uint32_t lane;
	bool sorry;

	if ((a->kind != VG_ACT_LVS_DEST_ADD && a->kind != VG_ACT_LVS_DEST_DEL && a->kind != VG_ACT_LVS_DEST_EDIT) ||
	    a->service >= map->count)
		return;
	cfg = &map->svc[a->service].cfg;
	sorry = a->u.lvs.rs == VG_LVS_RS_SORRY;
	if (!sorry && a->u.lvs.rs >= cfg->rs_count)
		return;
	r = sorry ? &cfg->sorry : &cfg->rs[a->u.lvs.rs];
	vgb_lvs_fmt_trio(rs, sizeof(rs), &r->addr, cfg->protocol, r->port);
	vgb_lvs_fmt_vs(vs, sizeof(vs), map, a->service);
	snprintf(name, sizeof(name), "%s%s%s -> %s%s", prefix ? prefix : "", prefix ? " " : "", vs, rs,
		 sorry ? " (sorry)" : "");
	lane = vg_timeline_lane(t, name, VG_TL_RS);
	if (a->kind == VG_ACT_LVS_DEST_DEL)
		state = VG_TL_RS_OUT;
	else
		state = a->u.lvs.weight > 0 ? VG_TL_RS_IN : VG_TL_RS_ZERO;
	vg_timeline_change(t, lane, at, state);
}

static const char *colour(uint8_t kind, uint8_t s)
{
	if (kind == VG_TL_RS) {
		switch (s) {
		case VG_TL_RS_IN: return "#2e9d48";
		case VG_TL_RS_ZERO: return "#e0a030";
		default: return "#c8c8c8";
		}
	}
	switch (s) {
	case VG_STATE_MASTER: return "#2e9d48";
	case VG_STATE_BACKUP: return "#3b73c4";
	case VG_STATE_FAULT: return "#d33c2c";
	default: return "#c8c8c8";
	}
}

/* XML text: the names hold brackets and arrows. */
static void put_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
}

int vg_timeline_svg(const struct vg_timeline *t, const char *path, const char *title, vg_time t0, vg_time t1,
		    int decimals)
{
	const double width = 1000, lane_h = 26;
	double left = 160, scale;
	vg_time span = t1 > t0 ? t1 - t0 : 1;
	bool rs = false;
	FILE *f;

	for (uint32_t i = 0; i < t->lanes; i++) {
		rs |= t->lane[i].kind == VG_TL_RS;
		if (t->lane[i].kind == VG_TL_RS && left < 420)
			left = 420; /* real-server lanes have long names */
	}
	scale = (width - left - 20) / ((double)span / 1e9);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" "
		   "font-size=\"12\">\n", width, 60 + t->lanes * lane_h + 40 + (rs ? 20 : 0));
	fprintf(f, "<text x=\"10\" y=\"20\" font-size=\"14\">");
	put_text(f, title);
	fprintf(f, "</text>\n");
	for (uint32_t i = 0; i < t->lanes; i++) {
		double y = 40 + i * lane_h, x0 = left;
		uint8_t st = t->lane[i].kind == VG_TL_RS ? VG_TL_RS_OUT : VG_STATE_INIT;

		fprintf(f, "<text x=\"10\" y=\"%.0f\">", y + 16);
		put_text(f, t->lane[i].name);
		fprintf(f, "</text>\n");
		for (uint32_t k = 0; k <= t->changes; k++) {
			vg_time at;
			double x1;

			if (k < t->changes && t->change[k].lane != i)
				continue;
			at = k < t->changes ? t->change[k].at : t1;
			at = at < t0 ? t0 : at > t1 ? t1 : at;
			x1 = left + (double)(at - t0) / 1e9 * scale;
			if (x1 > x0)
				fprintf(f, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>\n", x0,
					y + 2, x1 - x0, colour(t->lane[i].kind, st));
			if (k < t->changes) {
				st = t->change[k].state;
				x0 = x1 > x0 ? x1 : x0;
			}
		}
	}
	for (uint32_t m = 0; m < t->marks; m++) {
		double x = left + (double)(t->mark[m] - t0) / 1e9 * scale;

		if (t->mark[m] < t0 || t->mark[m] > t1)
			continue;
		fprintf(f, "<line x1=\"%.1f\" y1=\"34\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"black\" stroke-dasharray=\"3,3\"/>\n", x, x,
			40 + t->lanes * lane_h);
	}
	fprintf(f, "<text x=\"%.0f\" y=\"%.0f\">0 s</text><text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%.*f s</text>\n",
		left, 56 + t->lanes * lane_h, width - 20, 56 + t->lanes * lane_h, decimals, (double)span / 1e9);
	fprintf(f, "<text x=\"10\" y=\"%.0f\"><tspan fill=\"#2e9d48\">MASTER</tspan> <tspan fill=\"#3b73c4\">BACKUP</tspan> "
		   "<tspan fill=\"#d33c2c\">FAULT</tspan> <tspan fill=\"#999\">INIT/down</tspan>%s</text>\n",
		76 + t->lanes * lane_h, t->marks ? ", dashed: faults and reloads" : "");
	if (rs)
		fprintf(f, "<text x=\"10\" y=\"%.0f\">real servers: <tspan fill=\"#2e9d48\">in</tspan> "
			   "<tspan fill=\"#e0a030\">weight 0</tspan> <tspan fill=\"#999\">out</tspan></text>\n",
			96 + t->lanes * lane_h);
	fprintf(f, "</svg>\n");
	return fclose(f);
}
