/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the process-wide global_defs vigild applies at start-up: nice,
 * SCHED_RR with its CPU-time limit, memory locking.
 *
 * vgd_sched_from_conf() reads the typed, range-checked fields of
 * struct vg_conf_global (the parser did the checking) into a small
 * settings struct, so what is applied is decided without a system call
 * and tested (proc_tune_test.c); vgd_sched_apply() makes the calls.
 */
#ifndef VGD_PROC_TUNE_H
#define VGD_PROC_TUNE_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"

/* keepalived.conf(5): vrrp_rlimit_rttime defaults to 10000 us. */
#define VGD_RLIMIT_RTTIME_DEFAULT 10000

struct vgd_sched {
	bool no_swap;       /* vrrp_no_swap: mlockall */
	bool set_nice;      /* vrrp_priority written */
	int nice;           /* -20..19 */
	bool set_rt;        /* vrrp_rt_priority written */
	int rt_priority;    /* SCHED_RR 1..99 */
	uint64_t rlimit_rttime; /* us, with set_rt only */
};

/* What the configuration asks for; nothing is applied. */
void vgd_sched_from_conf(const struct vg_conf *c, struct vgd_sched *out);

/* Apply s to this process; a refusal is logged as a warning, not fatal. */
void vgd_sched_apply(const struct vgd_sched *s);

#endif
