/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: link state policy and up/down debouncing (linkwatch.h).
 */
#include "vrrp/linkwatch.h"

#include <string.h>

static vg_time cut(vg_time delay, vg_time limit)
{
	return delay >= limit ? limit : delay;
}

void vg_link_policy_of(const struct vg_conf *conf, const struct vg_vrrp_plan *p, uint16_t i,
		       struct vg_link_policy *out)
{
	const char *name = p->ifaces[i];
	uint16_t k;

	memset(out, 0, sizeof(*out));
	out->poll = conf->global.linkbeat_use_polling;
	for (uint32_t j = 0; j < conf->link_ifs.count; j++) {
		const struct vg_conf_link_if *e = &conf->link_ifs.items[j];

		if (strcmp(e->name, name))
			continue;
		if (e->linkbeat) {
			out->poll = true;
			out->lb_type = e->lb_type;
		}
		if (e->delays) {
			out->down_delay = e->down_delay_ns;
			out->up_delay = e->up_delay_ns;
		}
	}
	for (k = 0; k < p->inst_count; k++) {
		const struct vg_vrrp_config *c = &p->cfg[k];
		vg_time adv, limit;

		if (c->ifindex != (uint32_t)i + 1u)
			continue;
		if (p->src[k]->linkbeat_use_polling)
			out->poll = true;
		if (c->down_timer_adverts <= 1)
			continue;
		adv = VG_CS(c->adver_int_cs);
		limit = (vg_time)(c->down_timer_adverts - 1) * adv - adv / 256;
		out->down_delay = cut(out->down_delay, limit);
		out->up_delay = cut(out->up_delay, limit);
	}
}

void vg_link_debounce_init(struct vg_link_debounce *d, bool up)
{
	memset(d, 0, sizeof(*d));
	d->up = up;
	d->seen_up = up;
}

bool vg_link_debounce_observe(struct vg_link_debounce *d, const struct vg_link_policy *pol, bool up, vg_time now)
{
	vg_time delay = up ? pol->up_delay : pol->down_delay;

	if (up == d->up) {
		d->pending = false; /* back before the delay ended: nothing happened */
		return false;
	}
	if (d->pending)
		return false; /* the same change still waits */
	if (delay && d->seen_up && !pol->poll) {
		d->pending = true;
		d->due = now + delay;
		return false;
	}
	d->up = up;
	d->seen_up |= up;
	return true;
}

vg_time vg_link_debounce_deadline(const struct vg_link_debounce *d)
{
	return d->pending ? d->due : VG_TIME_NEVER;
}

bool vg_link_debounce_fire(struct vg_link_debounce *d, vg_time now)
{
	if (!d->pending || now < d->due)
		return false;
	d->pending = false;
	d->up = !d->up;
	d->seen_up |= d->up;
	return true;
}
