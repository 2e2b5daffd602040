// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the locality schedulers: lblc and lblcr.
 *
 * Both map a connection's destination address to the destination that
 * served it (lblc) or a set of them (lblcr), for cache clusters:
 *   lblc   ip_vs_lblc.c  use the cached destination unless it is gone,
 *                        has weight 0, or is "overloaded": active > weight
 *                        while some destination has active * 2 < weight;
 *                        else pick by weighted least connection (overhead
 *                        (active << 8) + inactive) and cache that.
 *   lblcr  ip_vs_lblcr.c the set's weighted-least member unless overloaded
 *                        as above, else the wlc pick is added to the set;
 *                        a set of more than one that has not changed for
 *                        the expiration time loses its most loaded member.
 *
 * Deviations from the kernel, on purpose: the kernel's cache is an
 * unbounded hash of lists swept by a timer (entries unused for
 * lblc_expiration, 24 h by default, are freed every 30 min, and
 * aggressively after 6 min when over 16 * 1024 entries). Here the cache has
 * 2^10 buckets of VG_LVS_LBLC_WAYS entries: an entry unused for the
 * expiration time counts as absent when looked up, and a full bucket
 * reuses its least recently used entry. An lblcr set holds at most
 * VG_LVS_LBLCR_SET_MAX destinations (a full set drops its most loaded
 * member first). A deleted destination found in a set is dropped from it.
 */
#include <stdlib.h>
#include <string.h>

#include "lvs/sched_int.h"

static uint32_t bucket_of(const struct vg_addr *a)
{
	return (vg_lvs_addr_fold(a) * 0x61C88647u) >> (32 - VG_LVS_LBLC_TAB_BITS);
}

int vg_lvs_sched_lblc_init(struct vg_lvs_sched *s)
{
	s->cache = calloc((size_t)VG_LVS_LBLC_WAYS << VG_LVS_LBLC_TAB_BITS, sizeof(s->cache[0]));
	return s->cache ? 0 : VG_LVS_ENOMEM;
}

static bool live(const struct vg_lvs_sched *s, const struct vg_lvs_lblc_entry *e, vg_time now)
{
	return e->used && now - e->lastuse_ns < s->p.lblc_expiration_ns;
}

static struct vg_lvs_lblc_entry *cache_get(struct vg_lvs_sched *s, const struct vg_addr *a, vg_time now)
{
	struct vg_lvs_lblc_entry *b = &s->cache[bucket_of(a) * VG_LVS_LBLC_WAYS];

	for (int w = 0; w < VG_LVS_LBLC_WAYS; w++)
		if (live(s, &b[w], now) && vg_addr_eq(&b[w].addr, a))
			return &b[w];
	return NULL;
}

static struct vg_lvs_lblc_entry *cache_new(struct vg_lvs_sched *s, const struct vg_addr *a, vg_time now)
{
	struct vg_lvs_lblc_entry *b = &s->cache[bucket_of(a) * VG_LVS_LBLC_WAYS];
	struct vg_lvs_lblc_entry *e = &b[0];

	for (int w = 0; w < VG_LVS_LBLC_WAYS; w++) {
		if (!live(s, &b[w], now)) {
			e = &b[w];
			break;
		}
		if (b[w].lastuse_ns < e->lastuse_ns)
			e = &b[w];
	}
	memset(e, 0, sizeof(*e));
	e->used = true;
	e->addr = *a;
	e->lastuse_ns = now;
	return e;
}

/* __ip_vs_lblc_schedule / __ip_vs_lblcr_schedule: weighted least connection. */
static int wlc(const struct vg_lvs_sched *s)
{
	int least = -1, i;
	int64_t loh = 0;

	for (i = 0; i < s->count; i++) {
		if (s->d[i].overloaded)
			continue;
		if (s->d[i].weight > 0) {
			least = i;
			loh = vg_lvs_conn_overhead(&s->d[i]);
			break;
		}
	}
	if (least < 0)
		return -1;
	for (i = i + 1; i < s->count; i++) {
		int64_t doh;

		if (s->d[i].overloaded)
			continue;
		doh = vg_lvs_conn_overhead(&s->d[i]);
		if (loh * s->d[i].weight > doh * s->d[least].weight) {
			least = i;
			loh = doh;
		}
	}
	return least;
}

/* is_overloaded(): more active connections than weight while someone is below half load. */
static bool lb_overloaded(const struct vg_lvs_sched *s, const struct vg_lvs_dest *d)
{
	if ((int64_t)d->active_conns > d->weight) {
		for (int i = 0; i < s->count; i++)
			if ((int64_t)s->d[i].active_conns * 2 < s->d[i].weight)
				return true;
	}
	return false;
}

int vg_lvs_sched_lblc_pick(struct vg_lvs_sched *s, const struct vg_lvs_conn *c, vg_time now)
{
	struct vg_lvs_lblc_entry *e = cache_get(s, &c->daddr, now);
	int i;

	if (e) {
		e->lastuse_ns = now;
		i = vg_lvs_sched_find(s, e->set[0]);
		if (i >= 0 && s->d[i].weight > 0 && !lb_overloaded(s, &s->d[i]))
			return i;
	}
	i = wlc(s);
	if (i < 0)
		return -1;
	if (!e)
		e = cache_new(s, &c->daddr, now);
	e->set_size = 1;
	e->set[0] = s->d[i].id;
	e->lastuse_ns = now;
	return i;
}

static void set_erase(struct vg_lvs_lblc_entry *e, int k, vg_time now)
{
	memmove(&e->set[k], &e->set[k + 1], sizeof(e->set[0]) * (size_t)(e->set_size - k - 1));
	e->set_size--;
	e->set_lastmod_ns = now;
}

/* Drop members whose destination was deleted (the kernel keeps them, unavailable). */
static void set_prune(const struct vg_lvs_sched *s, struct vg_lvs_lblc_entry *e)
{
	for (int k = 0; k < e->set_size; )
		if (vg_lvs_sched_find(s, e->set[k]) < 0)
			memmove(&e->set[k], &e->set[k + 1], sizeof(e->set[0]) * (size_t)(--e->set_size - k));
		else
			k++;
}

/* ip_vs_dest_set_min: weighted least loaded member, first of equals. Returns a set position. */
static int set_min(const struct vg_lvs_sched *s, const struct vg_lvs_lblc_entry *e)
{
	int least = -1, k;
	int64_t loh = 0;

	for (k = 0; k < e->set_size; k++) {
		const struct vg_lvs_dest *d = &s->d[vg_lvs_sched_find(s, e->set[k])];

		if (d->overloaded)
			continue;
		if (d->weight > 0) {
			least = k;
			loh = vg_lvs_conn_overhead(d);
			break;
		}
	}
	if (least < 0)
		return -1;
	for (k = k + 1; k < e->set_size; k++) {
		const struct vg_lvs_dest *d = &s->d[vg_lvs_sched_find(s, e->set[k])];
		const struct vg_lvs_dest *l = &s->d[vg_lvs_sched_find(s, e->set[least])];
		int64_t doh;

		if (d->overloaded)
			continue;
		doh = vg_lvs_conn_overhead(d);
		if (loh * d->weight > doh * l->weight) {
			least = k;
			loh = doh;
		}
	}
	return least;
}

/* ip_vs_dest_set_max: weighted most loaded member with weight > 0. */
static int set_max(const struct vg_lvs_sched *s, const struct vg_lvs_lblc_entry *e)
{
	int most = -1, k;
	int64_t moh = 0;

	for (k = 0; k < e->set_size; k++) {
		const struct vg_lvs_dest *d = &s->d[vg_lvs_sched_find(s, e->set[k])];

		if (d->weight > 0) {
			most = k;
			moh = vg_lvs_conn_overhead(d);
			break;
		}
	}
	if (most < 0)
		return -1;
	for (k = k + 1; k < e->set_size; k++) {
		const struct vg_lvs_dest *d = &s->d[vg_lvs_sched_find(s, e->set[k])];
		const struct vg_lvs_dest *m = &s->d[vg_lvs_sched_find(s, e->set[most])];
		int64_t doh = vg_lvs_conn_overhead(d);

		if (moh * d->weight < doh * m->weight && d->weight > 0) {
			most = k;
			moh = doh;
		}
	}
	return most;
}

/* ip_vs_dest_set_insert: new members go to the head of the set. */
static void set_insert(const struct vg_lvs_sched *s, struct vg_lvs_lblc_entry *e, uint16_t id, vg_time now)
{
	for (int k = 0; k < e->set_size; k++)
		if (e->set[k] == id)
			return;
	if (e->set_size == VG_LVS_LBLCR_SET_MAX) {
		int m = set_max(s, e);

		set_erase(e, m >= 0 ? m : e->set_size - 1, now);
	}
	memmove(&e->set[1], &e->set[0], sizeof(e->set[0]) * e->set_size);
	e->set[0] = id;
	e->set_size++;
	e->set_lastmod_ns = now;
}

int vg_lvs_sched_lblcr_pick(struct vg_lvs_sched *s, const struct vg_lvs_conn *c, vg_time now)
{
	struct vg_lvs_lblc_entry *e = cache_get(s, &c->daddr, now);
	int i, k;

	if (e) {
		e->lastuse_ns = now;
		set_prune(s, e);
		k = set_min(s, e);
		i = k >= 0 ? vg_lvs_sched_find(s, e->set[k]) : -1;
		/* more than one member and unchanged for the expiration time: shrink */
		if (e->set_size > 1 && now - e->set_lastmod_ns > s->p.lblc_expiration_ns) {
			int m = set_max(s, e);

			if (m >= 0)
				set_erase(e, m, now);
		}
		if (i >= 0 && !lb_overloaded(s, &s->d[i]))
			return i;
		i = wlc(s);
		if (i < 0)
			return -1;
		set_insert(s, e, s->d[i].id, now);
		return i;
	}
	i = wlc(s);
	if (i < 0)
		return -1;
	e = cache_new(s, &c->daddr, now);
	set_insert(s, e, s->d[i].id, now);
	return i;
}
