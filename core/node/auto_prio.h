/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: global_defs max_auto_priority / min_auto_priority_delay: raising
 * the process's real-time priority when its timers run late.
 *
 * keepalived.conf(5): when the process runs a timer more than
 * min_auto_priority_delay (default 1 s, 1 us..10 s) after it was due, it
 * switches to SCHED_RR at the lowest real-time priority (1), and at each
 * further late timer goes up by one, at most to max_auto_priority (0, the
 * default: never; -1: never, without keepalived's start-up notice; written
 * without a number: the highest, 99). A configured vrrp_rt_priority is
 * where it starts from. The machine decides; the backend sets the
 * scheduler (backends/linux/daemon.c) and passes the lateness in.
 */
#ifndef VG_NODE_AUTO_PRIO_H
#define VG_NODE_AUTO_PRIO_H

#include <stdint.h>

#include "base/time.h"

struct vg_auto_prio {
	int max;           /* max_auto_priority: <= 0 off */
	vg_time min_delay; /* min_auto_priority_delay in ns */
	int cur;           /* the SCHED_RR priority in force, 0: normal scheduling */
};

/* max: max_auto_priority (0 when not written); min_delay_us 0: the default 1 s; rt: the configured rt priority or 0 */
void vg_auto_prio_init(struct vg_auto_prio *a, int max, uint32_t min_delay_us, int rt);

/* A timer ran `late` ns after its deadline: the new SCHED_RR priority to set, or 0 (no change). */
int vg_auto_prio_late(struct vg_auto_prio *a, vg_time late);

#endif
