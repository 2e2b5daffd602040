/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: time in the core.
 *
 * The core never reads a clock. Every call that can change state takes
 * `now`, a monotonic count of nanoseconds chosen by the caller (the Linux
 * backend reads CLOCK_MONOTONIC, the simulator counts virtual time, tests
 * write literals). Deadlines use the same unit; VG_TIME_NEVER means unset.
 */
#ifndef VG_BASE_TIME_H
#define VG_BASE_TIME_H

#include <stdint.h>

typedef uint64_t vg_time; /* ns, monotonic */

#define VG_TIME_NEVER UINT64_MAX

#define VG_NS(x) ((vg_time)(x))
#define VG_US(x) ((vg_time)(x) * UINT64_C(1000))
#define VG_MS(x) ((vg_time)(x) * UINT64_C(1000000))
#define VG_CS(x) ((vg_time)(x) * UINT64_C(10000000)) /* centiseconds */
#define VG_S(x)  ((vg_time)(x) * UINT64_C(1000000000))

static inline vg_time vg_time_min(vg_time a, vg_time b)
{
	return a < b ? a : b;
}

/* now + d, saturating at VG_TIME_NEVER - 1 so a real deadline is never "unset". */
static inline vg_time vg_time_add(vg_time now, vg_time d)
{
	return (VG_TIME_NEVER - 1 - now < d) ? VG_TIME_NEVER - 1 : now + d;
}

#endif
