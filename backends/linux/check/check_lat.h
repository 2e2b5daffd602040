/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a latency histogram with about 12 % resolution (check_lat.c), for the
 * time from a failing verdict to the return of the IPVS table edit it caused.
 *
 * Microseconds: 1 us buckets below 16 us, then 8 buckets per power of two up
 * to about 1000 s; the last bucket takes what is longer. A quantile is the
 * upper bound of the bucket it falls in (never below the true value).
 */
#ifndef VGC_CHECK_LAT_H
#define VGC_CHECK_LAT_H

#include <stdint.h>

#include "base/time.h"

#define CHK_LAT_BUCKETS (16 + 27 * 8)

struct chk_lat {
	uint32_t b[CHK_LAT_BUCKETS];
	uint64_t n;
	vg_time max_ns;
};

void chk_lat_add(struct chk_lat *h, vg_time ns);
/* The q-quantile (0 < q <= 1) in ns: a bucket's upper bound, the largest sample at most; 0 when empty. */
vg_time chk_lat_quantile(const struct chk_lat *h, double q);

#endif
