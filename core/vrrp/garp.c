/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: gratuitous ARP / unsolicited NA pacing (see garp.h). The queue keeps
 * arrival order; a domain's next send time is set from the send it paces
 * (spacing from the send, as keepalived's vrrp_garp_interval does).
 */
#include "vrrp/garp.h"

#include <assert.h>
#include <string.h>

void vg_garp_init(struct vg_garp_queue *q)
{
	memset(q, 0, sizeof(*q));
}

uint16_t vg_garp_group(const struct vg_garp_groups *gg, const struct vg_garp_send *x)
{
	if (!gg || x->inst >= gg->inst_count)
		return 0;
	switch (x->via) {
	case VG_GARP_VIA_VMAC:
		return gg->vmac[x->inst];
	case VG_GARP_VIA_DEV:
		return gg->dev[gg->vip_first[x->inst] + x->vip];
	case VG_GARP_VIA_IFACE:
	default:
		return gg->iface[x->inst];
	}
}

void vg_garp_pace(const struct vg_conf *conf, const struct vg_garp_groups *gg, struct vg_garp_send *x)
{
	uint16_t grp;

	x->key = x->kidx;
	x->gap_ns = 0;
	if (!x->kidx)
		return;
	grp = vg_garp_group(gg, x);
	if (grp && grp <= conf->garp_groups.count) {
		const struct vg_conf_garp_group *g = &conf->garp_groups.items[grp - 1];
		vg_time t;

		if (g->interfaces.count)
			x->key = VG_GARP_GROUP_KEY | (uint32_t)(grp - 1); /* aggregated across the group's interfaces */
		/* 0 is "not written" (the parser's minimum is 1 us): the global value applies */
		t = x->na ? g->gna_interval_ns : g->garp_interval_ns;
		if (t) {
			x->gap_ns = t;
			return;
		}
	}
	x->gap_ns = x->na ? conf->global.vrrp_gna_interval_ns : conf->global.vrrp_garp_interval_ns;
}

static struct vg_garp_domain *domain_find(const struct vg_garp_queue *q, uint32_t key)
{
	uint32_t i;

	for (i = 0; i < q->domain_count; i++)
		if (q->domain[i].key == key)
			return (struct vg_garp_domain *)&q->domain[i];
	return NULL;
}

/* The domain's next send time, the domain added if new; NULL when the table is full (not paced). */
static vg_time *next_ok(struct vg_garp_queue *q, uint32_t key, bool na)
{
	struct vg_garp_domain *d = domain_find(q, key);

	if (!d) {
		if (q->domain_count == VG_GARP_DOMAINS_MAX)
			return NULL;
		d = &q->domain[q->domain_count++];
		d->key = key;
		d->next_ok[0] = d->next_ok[1] = 0;
	}
	return &d->next_ok[na];
}

static bool pending(const struct vg_garp_queue *q, uint32_t key, bool na)
{
	uint32_t i;

	for (i = 0; i < q->len; i++)
		if (q->q[i].key == key && q->q[i].na == na)
			return true;
	return false;
}

enum vg_garp_verdict vg_garp_offer(struct vg_garp_queue *q, vg_time now, const struct vg_garp_send *x)
{
	vg_time *next;

	assert(q->len <= VG_GARP_QUEUE_MAX);
	if (!x->gap_ns)
		return VG_GARP_SEND;
	next = next_ok(q, x->key, x->na);
	if (!next)
		return VG_GARP_SEND;
	/* a message behind others of its domain waits its turn */
	if (!pending(q, x->key, x->na) && *next <= now) {
		*next = vg_time_add(now, x->gap_ns);
		return VG_GARP_SEND;
	}
	if (q->len == VG_GARP_QUEUE_MAX) {
		q->overflow++;
		return VG_GARP_OVERFLOW;
	}
	q->q[q->len++] = *x;
	return VG_GARP_QUEUED;
}

uint32_t vg_garp_due(struct vg_garp_queue *q, vg_time now, struct vg_garp_send *out, uint32_t max)
{
	uint32_t i, kept = 0, n = 0;

	for (i = 0; i < q->len; i++) {
		const struct vg_garp_send *x = &q->q[i];
		vg_time *next = x->gap_ns ? next_ok(q, x->key, x->na) : NULL;

		if (n < max && (!next || *next <= now)) {
			out[n++] = *x;
			if (next)
				*next = vg_time_add(now, x->gap_ns); /* the rest of the domain wait */
		} else {
			q->q[kept++] = *x;
		}
	}
	q->len = kept;
	return n;
}

vg_time vg_garp_next_deadline(const struct vg_garp_queue *q)
{
	vg_time t = VG_TIME_NEVER;
	uint32_t i;

	for (i = 0; i < q->len; i++) {
		const struct vg_garp_domain *d = q->q[i].gap_ns ? domain_find(q, q->q[i].key) : NULL;

		t = vg_time_min(t, d ? d->next_ok[q->q[i].na] : 0);
	}
	return t;
}

void vg_garp_forget(struct vg_garp_queue *q, uint16_t inst)
{
	uint32_t i, kept = 0;

	for (i = 0; i < q->len; i++)
		if (q->q[i].inst != inst)
			q->q[kept++] = q->q[i];
	q->len = kept;
}

void vg_garp_carry(struct vg_garp_queue *q, const struct vg_conf *conf, const struct vg_garp_groups *gg,
		   const int32_t *to, uint16_t old_count)
{
	uint32_t i, kept = 0;

	for (i = 0; i < q->len; i++) {
		struct vg_garp_send x = q->q[i];

		if (x.inst >= old_count || to[x.inst] < 0)
			continue;
		x.inst = (uint16_t)to[x.inst];
		vg_garp_pace(conf, gg, &x);
		q->q[kept++] = x;
	}
	q->len = kept;
}
