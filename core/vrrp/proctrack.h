/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: one vrrp_track_process: which processes match it, and whether their
 * number is a quorum (keepalived.conf(5) "VRRP track processes": process,
 * param_match, quorum, quorum_max, fork_delay, terminate_delay, delay,
 * full_command).
 *
 * Matching (vg_proctrack_matches): without parameters, param_match or
 * full_command the name is compared exactly (no pattern: "ssh" does not
 * match "sshd") with the process name, /proc/PID/comm. Parameters on the
 * `process` line, `param_match` or `full_command` compare with the command
 * line instead (/proc/PID/cmdline: argv[0] exactly, then the parameters):
 *   - parameters without param_match: the parameters must be exactly these;
 *   - param_match with no word: exactly these (none if none are written);
 *   - param_match partial: the first N parameters are these, more may follow;
 *   - param_match initial: as partial, but the last written one may be the
 *     start of a longer parameter.
 *
 * Quorum: the object is up while quorum <= count <= quorum_max (quorum_max 0
 * means "up while none runs"). The backend reports each change of count
 * with its cause; a change that crosses the range is applied at once, or
 * later if a delay applies (as keepalived 2.2.7 does, core/track_process.c):
 *   - the count changed because a counted process forked: after fork_delay;
 *   - a counted process exited: after terminate_delay;
 *   - a process exec'd or renamed itself: at once;
 *   - a full scan of /proc (start-up, lost events, or the periodic scan when
 *     the kernel's process events cannot be used) found another count: into
 *     the range at once, out of it after terminate_delay.
 * A crossing back while a delay runs cancels it and the state is taken from
 * the count at once (so a restart within terminate_delay never shows).
 * When a delay ends the state is the count's at that time.
 */
#ifndef VG_VRRP_PROCTRACK_H
#define VG_VRRP_PROCTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"

/* How a tracked process's command is compared (derived from the configuration). */
struct vg_proctrack_match {
	const struct vg_conf_track_process *conf;
	bool full_command; /* compare /proc/PID/cmdline, not /proc/PID/comm */
	bool params;       /* compare the parameters too */
};

void vg_proctrack_match_init(struct vg_proctrack_match *m, const struct vg_conf_track_process *t);

/*
 * Does a process match? comm is its name (/proc/PID/comm, without the
 * newline); cmdline its command line (/proc/PID/cmdline: the arguments, each
 * ending with a NUL byte), cmdline_len bytes; cmdline is only read when
 * m->full_command (it may be NULL otherwise).
 */
bool vg_proctrack_matches(const struct vg_proctrack_match *m, const char *comm, const char *cmdline,
			  size_t cmdline_len);

enum vg_proctrack_cause {
	VG_PROC_EXEC, /* exec or comm change: at once */
	VG_PROC_FORK, /* a counted process forked: fork_delay */
	VG_PROC_EXIT, /* a counted process exited: terminate_delay */
	VG_PROC_SCAN, /* a full /proc scan: into the range at once, out of it after terminate_delay */
};

struct vg_proctrack {
	uint32_t quorum, quorum_max;
	vg_time fork_delay_ns, terminate_delay_ns;
	uint32_t count; /* matching processes now */
	bool up;        /* the state reported to the instances */
	vg_time delay_end; /* a delayed change pending; VG_TIME_NEVER if none */
	vg_time last_now;
};

/* From the block, with the count of the start-up scan: up if that count is a quorum. */
void vg_proctrack_init(struct vg_proctrack *p, const struct vg_conf_track_process *t, uint32_t count);

/* True while quorum <= count <= quorum_max. */
bool vg_proctrack_in_quorum(const struct vg_proctrack *p, uint32_t count);

/* The count is now `count`, because of `cause`. True if `up` changed. */
bool vg_proctrack_set(struct vg_proctrack *p, vg_time now, uint32_t count, enum vg_proctrack_cause cause);

/* A delay ended (call at or after vg_proctrack_next_deadline). True if `up` changed. */
bool vg_proctrack_timer(struct vg_proctrack *p, vg_time now);

vg_time vg_proctrack_next_deadline(const struct vg_proctrack *p);

#endif
