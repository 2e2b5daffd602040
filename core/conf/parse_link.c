/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the top-level blocks about links: linkbeat_interfaces (interfaces
 * whose link state is polled instead of taken from netlink) and
 * interface_up_down_delays (per interface, how long an up or down change
 * must last before the instances act on it). Both fill vg_conf.link_ifs,
 * one entry per interface.
 *
 * keepalived 2.2.7's forms: `IFNAME [MII|ETHTOOL|IOCTL]` and `IFNAME
 * DOWN_DELAY [UP_DELAY]`, delays in seconds (microsecond resolution) from 0
 * to 255; an up delay left out is 0 in keepalived 2.2.7's parser (its
 * manual says "the same as the down delay"); vigil follows the program.
 * keepalived also refuses an interface that does not exist when it reads
 * the file (a configuration fact vigil cannot know: vigild polls such an
 * interface once it appears).
 */
#include "conf/parser_int.h"

#include <string.h>

static struct vg_conf_link_if *link_if(struct pctx *p, const struct stmt *st)
{
	struct vg_conf_link_ifs *l = &p->conf->link_ifs;
	struct vg_conf_link_if *e;

	for (uint32_t i = 0; i < l->count; i++)
		if (!strcmp(l->items[i].name, st->tok[0].text))
			return &l->items[i];
	e = VG_LIST_PUSH(p->a, *l);
	if (!e) {
		p->nomem = true;
		return NULL;
	}
	e->loc = st->loc;
	e->name = vg_pstr(p, st, 0);
	return e;
}

static void linkbeat_line(struct pctx *p, const struct stmt *st, void *obj)
{
	struct vg_conf_link_if *e;
	uint8_t type = VG_LB_ANY;

	(void)obj;
	if (st->n > 1) {
		const char *t = st->tok[1].text;

		type = !strcmp(t, "MII") ? VG_LB_MII : !strcmp(t, "ETHTOOL") ? VG_LB_ETHTOOL :
		       !strcmp(t, "IOCTL") ? VG_LB_IOCTL : VG_LB_ANY;
		if (type == VG_LB_ANY || st->n > 2)
			vg_pwarn(p, st, type == VG_LB_ANY ? 1 : 2, "extra-argument",
				 "extra characters in linkbeat interface: the type is MII, ETHTOOL or IOCTL "
				 "(keepalived reports it and polls the interface with the type it finds)");
	}
	e = link_if(p, st);
	if (!e)
		return;
	e->linkbeat = true;
	e->lb_type = type;
}

static void delay_line(struct pctx *p, const struct stmt *st, void *obj)
{
	struct vg_conf_link_if *e;
	vg_time down = 0, up = 0;

	(void)obj;
	if (st->n < 2) {
		vg_pwarn(p, st, 0, "missing-value", "no delays for %s: keepalived ignores the line", st->tok[0].text);
		return;
	}
	if (st->n > 3)
		vg_pwarn(p, st, 3, "extra-argument", "too many parameters for %s up/down delays (ignored)",
			 st->tok[0].text);
	if (!vg_ptime(p, st, 1, 0, 255 * US_PER_S, &down))
		return;
	if (st->n > 2 && !vg_ptime(p, st, 2, 0, 255 * US_PER_S, &up))
		return;
	e = link_if(p, st);
	if (!e)
		return;
	e->delays = true;
	e->down_delay_ns = down;
	e->up_delay_ns = up;
}

void vg_parse_linkbeat_interfaces(struct pctx *p, const struct stmt *st)
{
	if (vg_parse_need_block(p, st))
		vg_parse_list(p, st, linkbeat_line, NULL);
}

void vg_parse_updown_delays(struct pctx *p, const struct stmt *st)
{
	if (vg_parse_need_block(p, st))
		vg_parse_list(p, st, delay_line, NULL);
}
