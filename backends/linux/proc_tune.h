/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the process-wide global_defs vigild applies at start-up: nice,
 * SCHED_RR with its CPU-time limit, memory locking, CPU affinity, the
 * process name and the umask.
 *
 * vgd_sched_from_conf() reads the typed, range-checked fields of
 * struct vg_conf_global (the parser did the checking) and the verbatim
 * ones (umask, *_cpu_affinity, *_process_name) into a small settings
 * struct, so what is applied is decided without a system call and tested
 * (proc_tune_test.c); vgd_sched_apply() makes the calls.
 *
 * keepalived runs a VRRP process and a checker process, each with its own
 * vrrp_* / checker_* settings. vigild is one process: it takes the vrrp_*
 * settings, except with -C alone (the checker side alone), where the
 * checker_* ones are the process's, as they are keepalived's checker
 * process's. When vigild runs BFD sessions (bfd_instance), keepalived would
 * run a BFD process with the bfd_* settings: vigild's one process takes the
 * more demanding of its side's and bfd_*'s, setting by setting (lower nice,
 * higher SCHED_RR priority, no_swap from either, the union of the CPU sets;
 * docs/vigild.md). bfd_process_name names no process.
 */
#ifndef VGD_PROC_TUNE_H
#define VGD_PROC_TUNE_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "conf/diag.h"

/* keepalived.conf(5): vrrp_rlimit_rttime defaults to 10000 us. */
#define VGD_RLIMIT_RTTIME_DEFAULT 10000

/* the kernel's TASK_COMM_LEN: a process name is at most 15 characters */
#define VGD_COMM_LEN 16

struct vgd_sched {
	const char *side;   /* "vrrp" or "checker": whose settings these are (log messages) */
	bool no_swap;       /* {side}_no_swap: mlockall */
	bool set_nice;      /* {side}_priority written */
	int nice;           /* -20..19 */
	bool set_rt;        /* {side}_rt_priority written */
	int rt_priority;    /* SCHED_RR 1..99 */
	uint64_t rlimit_rttime; /* us, with set_rt only */
	bool set_affinity;  /* {side}_cpu_affinity written and valid */
	int max_cpu;        /* the highest CPU id written (checked against the host when applied) */
	cpu_set_t cpus;
	bool set_name;      /* a process name applies */
	char name[VGD_COMM_LEN];
	bool set_umask;     /* global_defs umask written and valid */
	unsigned umask;
	unsigned child_wait_s; /* top-level child_wait_time: how long stop waits for scripts (default 5) */
};

/* keepalived.conf(5): child_wait_time defaults to 5 s */
#define VGD_CHILD_WAIT_DEFAULT_S 5

/*
 * What the configuration asks for; nothing is applied. checker: the
 * process runs the checker side alone (-C without -P). dg (may be NULL)
 * gets a warning naming file:line for each value that cannot be used.
 */
void vgd_sched_from_conf(const struct vg_conf *c, bool checker, struct vgd_sched *out, struct vg_diags *dg);

/*
 * Apply s to this process; a refusal is logged as a warning, not fatal.
 * umask_cmdline: -u/--umask was given, and wins over the umask keyword
 * (keepalived.conf(5): "This option cannot override the command-line option").
 */
void vgd_sched_apply(const struct vgd_sched *s, bool umask_cmdline);

/*
 * max_auto_priority raised the process to SCHED_RR priority prio (core/node/auto_prio.h):
 * set it, with RLIMIT_RTTIME (s's, else the 10000 us default) the first time.
 */
void vgd_sched_auto(const struct vgd_sched *s, int prio, bool first);

/*
 * On a reload, as keepalived: the new process name and umask apply (the
 * scheduling settings stay those of the start). prev is the running
 * configuration's settings.
 */
void vgd_sched_reload(const struct vgd_sched *prev, const struct vgd_sched *s, bool umask_cmdline);

#endif
