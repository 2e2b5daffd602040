/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: the automatic real-time priority (auto_prio.h). */
#include "node/auto_prio.h"

void vg_auto_prio_init(struct vg_auto_prio *a, int max, uint32_t min_delay_us, int rt)
{
	a->max = max;
	a->min_delay = VG_US((vg_time)(min_delay_us ? min_delay_us : 1000000));
	a->cur = rt;
}

int vg_auto_prio_late(struct vg_auto_prio *a, vg_time late)
{
	if (a->max <= 0 || late <= a->min_delay)
		return 0;
	if (a->cur >= a->max)
		return 0;
	a->cur = a->cur ? a->cur + 1 : 1; /* sched_get_priority_min(SCHED_RR) */
	return a->cur;
}
