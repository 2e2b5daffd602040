// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the list-walking schedulers: rr, wrr, lc, wlc, sed, nq, fo, ovf, twos.
 *
 * Each walks the destination list in the kernel's order and breaks ties the
 * way the kernel does (the first destination in list order wins unless a
 * strictly better one follows). Rules, from net/netfilter/ipvs/:
 *   rr   ip_vs_rr.c    next destination after the last pick that is not
 *                      overloaded and has weight > 0.
 *   wrr  ip_vs_wrr.c   mark {cl, cw, mw, di}: destinations with weight >= cw
 *                      in turn; cw steps down by di = gcd(weights) from
 *                      mw = max - (di - 1) to 1.
 *   lc   ip_vs_lc.c    least (active << 8) + inactive, weight > 0.
 *   wlc  ip_vs_wlc.c   least overhead / weight, compared as loh*w > doh*wl.
 *   sed  ip_vs_sed.c   like wlc with overhead = active + 1.
 *   nq   ip_vs_nq.c    first idle (active == 0) destination, else sed.
 *   fo   ip_vs_fo.c    highest weight, first of equals.
 *   ovf  ip_vs_ovf.c   highest weight among those with active <= weight.
 *   twos ip_vs_twos.c  two weighted random draws, the less loaded one.
 */
#include <assert.h>

#include "lvs/sched_int.h"

/* A destination any scheduler may pick: not OVERLOAD, weight > 0. */
static bool usable(const struct vg_lvs_dest *d)
{
	return !d->overloaded && d->weight > 0;
}

int vg_lvs_sched_rr_pick(struct vg_lvs_sched *s)
{
	int n = s->count;
	int start = s->rr_pos; /* -1: list head */

	/* Walk at most once around, starting after the last pick. */
	for (int k = 1; k <= n; k++) {
		int i = (start + k) % n;

		if (start < 0)
			i = k - 1;
		if (usable(&s->d[i])) {
			s->rr_pos = i;
			return i;
		}
	}
	return -1;
}

/* ip_vs_rr_del_dest: if the mark was on the deleted dest, step back to its predecessor. */
void vg_lvs_sched_rr_del(struct vg_lvs_sched *s, int idx)
{
	if (s->rr_pos >= idx)
		s->rr_pos--;
}

/* list_add_rcu at the head shifts every index by one; the head stays the head. */
void vg_lvs_sched_rr_add(struct vg_lvs_sched *s)
{
	if (s->rr_pos >= 0)
		s->rr_pos++;
}

static int32_t gcd32(int32_t a, int32_t b)
{
	while (b != 0) {
		int32_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static int32_t wrr_gcd(const struct vg_lvs_sched *s)
{
	int32_t g = 0;

	for (int i = 0; i < s->count; i++) {
		int32_t w = s->d[i].weight;

		if (w > 0)
			g = g > 0 ? gcd32(w, g) : w;
	}
	return g ? g : 1;
}

static int32_t wrr_max(const struct vg_lvs_sched *s)
{
	int32_t m = 0;

	for (int i = 0; i < s->count; i++)
		if (s->d[i].weight > m)
			m = s->d[i].weight;
	return m;
}

void vg_lvs_sched_wrr_init(struct vg_lvs_sched *s)
{
	s->wrr.cl = -1;
	s->wrr.di = wrr_gcd(s);
	s->wrr.mw = wrr_max(s) - (s->wrr.di - 1);
	s->wrr.cw = s->wrr.mw;
}

void vg_lvs_sched_wrr_changed(struct vg_lvs_sched *s)
{
	s->wrr.cl = -1;
	s->wrr.di = wrr_gcd(s);
	s->wrr.mw = wrr_max(s) - (s->wrr.di - 1);
	if (s->wrr.cw > s->wrr.mw || s->wrr.cw == 0)
		s->wrr.cw = s->wrr.mw;
	else if (s->wrr.di > 1)
		s->wrr.cw = (s->wrr.cw / s->wrr.di) * s->wrr.di + 1;
}

int vg_lvs_sched_wrr_pick(struct vg_lvs_sched *s)
{
	int n = s->count;
	int i = s->wrr.cl;
	int last = i;
	int stop = -2; /* none */
	bool last_pass = false, restarted = false;

	if (s->wrr.mw == 0)
		return -1; /* no available dests; the mark stays */
	for (;;) {
		for (i = i + 1; i < n; i++) {
			const struct vg_lvs_dest *d = &s->d[i];

			if (!d->overloaded && d->weight >= s->wrr.cw) {
				s->wrr.cl = i;
				return i;
			}
			if (i == stop) {
				s->wrr.cl = i;
				return -1; /* all overloaded */
			}
		}
		i = -1; /* back at the list head */
		s->wrr.cw -= s->wrr.di;
		if (s->wrr.cw <= 0) {
			s->wrr.cw = s->wrr.mw;
			/* The last pass (cw <= di, i.e. weight >= 1) already covered every dest. */
			if (last_pass || last == -1) {
				s->wrr.cl = -1;
				return -1;
			}
			restarted = true;
		}
		last_pass = s->wrr.cw <= s->wrr.di;
		if (last_pass && restarted && last != -1)
			stop = last; /* the weight >= 1 pass must still cover the dests up to `last` */
	}
}

int vg_lvs_sched_lc_pick(const struct vg_lvs_sched *s)
{
	int least = -1;
	int64_t loh = 0;

	for (int i = 0; i < s->count; i++) {
		int64_t doh;

		if (!usable(&s->d[i]))
			continue;
		doh = vg_lvs_conn_overhead(&s->d[i]);
		if (least < 0 || doh < loh) {
			least = i;
			loh = doh;
		}
	}
	return least;
}

/* wlc and sed: first usable dest, then any non-overloaded one with a strictly smaller overhead/weight. */
static int weighted_least(const struct vg_lvs_sched *s, bool sed)
{
	int least = -1, i;
	int64_t loh = 0, lw = 0;

	for (i = 0; i < s->count; i++) {
		if (usable(&s->d[i])) {
			least = i;
			loh = sed ? (int64_t)s->d[i].active_conns + 1 : vg_lvs_conn_overhead(&s->d[i]);
			lw = s->d[i].weight;
			break;
		}
	}
	if (least < 0)
		return -1;
	for (i = i + 1; i < s->count; i++) {
		const struct vg_lvs_dest *d = &s->d[i];
		int64_t doh;

		if (d->overloaded)
			continue;
		doh = sed ? (int64_t)d->active_conns + 1 : vg_lvs_conn_overhead(d);
		if (loh * d->weight > doh * lw) {
			least = i;
			loh = doh;
			lw = d->weight;
		}
	}
	return least;
}

int vg_lvs_sched_wlc_pick(const struct vg_lvs_sched *s)
{
	return weighted_least(s, false);
}

int vg_lvs_sched_sed_pick(const struct vg_lvs_sched *s)
{
	return weighted_least(s, true);
}

int vg_lvs_sched_nq_pick(const struct vg_lvs_sched *s)
{
	int least = -1;
	int64_t loh = 0;

	for (int i = 0; i < s->count; i++) {
		const struct vg_lvs_dest *d = &s->d[i];
		int64_t doh;

		if (!usable(d))
			continue;
		doh = (int64_t)d->active_conns + 1;
		if (d->active_conns == 0)
			return i; /* an idle server is taken at once */
		if (least < 0 || loh * d->weight > doh * s->d[least].weight) {
			least = i;
			loh = doh;
		}
	}
	return least;
}

int vg_lvs_sched_fo_pick(const struct vg_lvs_sched *s)
{
	int hw_dest = -1;
	int32_t hw = 0;

	for (int i = 0; i < s->count; i++) {
		if (!s->d[i].overloaded && s->d[i].weight > hw) {
			hw_dest = i;
			hw = s->d[i].weight;
		}
	}
	return hw_dest;
}

int vg_lvs_sched_ovf_pick(const struct vg_lvs_sched *s)
{
	int h = -1;

	for (int i = 0; i < s->count; i++) {
		const struct vg_lvs_dest *d = &s->d[i];
		int32_t w = d->weight;

		if (d->overloaded || (int64_t)d->active_conns > w || w == 0)
			continue;
		if (h < 0 || w > s->d[h].weight)
			h = i;
	}
	return h;
}

int vg_lvs_sched_twos_pick(const struct vg_lvs_sched *s, uint32_t rand1, uint32_t rand2)
{
	int choice1 = -1, choice2 = -1;
	int64_t total = 0, r1, r2, w1 = -1, w2 = -1, oh1 = 0, oh2 = 0;

	for (int i = 0; i < s->count; i++) {
		if (usable(&s->d[i])) {
			total += s->d[i].weight;
			choice1 = i;
		}
	}
	if (choice1 < 0)
		return -1;
	total += 1; /* draws are inclusive of 0 and the sum */
	r1 = (int64_t)(rand1 % (uint64_t)total);
	r2 = (int64_t)(rand2 % (uint64_t)total);
	for (int i = 0; i < s->count; i++) {
		const struct vg_lvs_dest *d = &s->d[i];

		if (!usable(d))
			continue;
		r1 -= d->weight;
		r2 -= d->weight;
		if (r1 <= 0 && w1 == -1) {
			choice1 = i;
			w1 = d->weight;
			oh1 = vg_lvs_conn_overhead(d);
		}
		if (r2 <= 0 && w2 == -1) {
			choice2 = i;
			w2 = d->weight;
			oh2 = vg_lvs_conn_overhead(d);
		}
		if (w1 != -1 && w2 != -1)
			break;
	}
	if (choice2 >= 0 && w2 * oh1 > w1 * oh2)
		choice1 = choice2;
	assert(choice1 >= 0);
	return choice1;
}
