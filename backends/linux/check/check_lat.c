/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the verdict-to-table-edit latency histogram (check_lat.h).
 */
#include "check_lat.h"

static unsigned bucket_of(uint64_t us)
{
	unsigned e;

	if (us < 16)
		return (unsigned)us;
	e = 63u - (unsigned)__builtin_clzll(us); /* 4 .. 63 */
	if (e > 30)
		return CHK_LAT_BUCKETS - 1;
	return 16u + (e - 4u) * 8u + (unsigned)((us >> (e - 3u)) & 7u);
}

/* The first microsecond past bucket i. */
static uint64_t bucket_end_us(unsigned i)
{
	unsigned e, sub;

	if (i < 16)
		return i + 1u;
	e = 4u + (i - 16u) / 8u;
	sub = (i - 16u) % 8u;
	return (UINT64_C(8) + sub + 1u) << (e - 3u);
}

void chk_lat_add(struct chk_lat *h, vg_time ns)
{
	unsigned i = bucket_of(ns / 1000u);

	if (h->b[i] < UINT32_MAX)
		h->b[i]++;
	h->n++;
	if (ns > h->max_ns)
		h->max_ns = ns;
}

vg_time chk_lat_quantile(const struct chk_lat *h, double q)
{
	uint64_t want, seen = 0;

	if (!h->n)
		return 0;
	want = (uint64_t)(q * (double)h->n + 0.999999);
	if (want < 1)
		want = 1;
	for (unsigned i = 0; i < CHK_LAT_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= want) {
			vg_time end = bucket_end_us(i) * 1000u;

			return i == CHK_LAT_BUCKETS - 1 || end > h->max_ns ? h->max_ns : end;
		}
	}
	return h->max_ns;
}
