/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the script runner of vigild: vrrp_script, track_file, notify scripts
 * and the notify FIFO (keepalived.conf(5) "vrrp_script", "track_file",
 * "notify_*", "notify_fifo"; README.md beside this file says exactly what
 * keepalived does and what we do).
 *
 * The runner owns every child process vigild starts. The timing of
 * vrrp_script runs comes from the core's state machine (core/vrrp/script.h);
 * the runner only forks, execs, kills and reaps. It never blocks: children
 * are reaped with waitpid(pid, WNOHANG) when the daemon says SIGCHLD came,
 * track files are watched with inotify, the FIFO is opened O_NONBLOCK.
 *
 * The daemon's loop:
 *   r = vgl_runner_new(conf, &cb, now);
 *   loop: arm a timer for vgl_runner_next_deadline(r), poll vgl_runner_fd(r)
 *         and a SIGCHLD signalfd; call vgl_runner_timer / _fd_ready /
 *         _child_exited with CLOCK_MONOTONIC now;
 *   on a VG_ACT_NOTIFY effect: vgl_runner_notify_instance / _group;
 *   on shutdown: notify STOP, give the stop scripts a moment
 *         (vgl_runner_notifies_running() reaches 0), vgl_runner_free(r).
 * Callbacks (cb.track, cb.log) may be called from any of these calls,
 * including vgl_runner_new() (the initial track_file values).
 */
#ifndef VGL_SCRIPT_RUNNER_H
#define VGL_SCRIPT_RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/time.h"
#include "conf/conf.h"

struct vgl_runner; /* opaque */

struct vgl_runner_cb {
	void *ctx;
	/*
	 * A vrrp_script or track_file changed. kind is enum vg_track_kind
	 * (core/vrrp/track.h), id as core/vrrp/plan.h numbers them (1 + index
	 * in conf->scripts / conf->track_files). For a track_file, value is
	 * the number read from the file (not multiplied by any weight) and up
	 * says whether the file's own block weight would count it as healthy.
	 * now is the time of the runner call that found the change (the
	 * loop's wake-up): the receiver decides with it, not with a stored time.
	 */
	void (*track)(void *ctx, uint8_t kind, uint16_t id, bool up, int32_t value, vg_time now);
	void (*log)(void *ctx, int prio /* LOG_* */, const char *msg);
};

#define VGL_CHILDREN_MAX 256 /* children alive at once: checks, notifies, fifo scripts */

/*
 * Resolve users, check script security, set up the vg_script machines and
 * inotify for track_files, open the notify FIFOs and start their scripts.
 * A script that cannot run (unknown user, not found, not executable,
 * unsafe with enable_script_security) is logged and disabled; see
 * README.md. NULL only when out of memory.
 */
struct vgl_runner *vgl_runner_new(const struct vg_conf *conf, const struct vgl_runner_cb *cb, vg_time now);

/* Kill every child's process group (SIGTERM, then SIGKILL), reap, close, unlink a FIFO we made. */
void vgl_runner_free(struct vgl_runner *r);

/*
 * Reload: stop everything of this runner except the notify scripts it started
 * (the ones a reload runs, notify_stop / notify_deleted, must not be killed
 * half-way): checks and FIFO scripts are killed, the FIFOs closed (and removed
 * if we made them), inotify closed, no callback reports a track change any
 * more, and the configuration it was made with may be freed. Keep calling
 * vgl_runner_child_exited() until vgl_runner_notifies_running() is 0, then
 * vgl_runner_free(). Does not block.
 */
void vgl_runner_retire(struct vgl_runner *r);

/* The earliest vrrp_script deadline (run or timeout), VG_TIME_NEVER if none. */
vg_time vgl_runner_next_deadline(const struct vgl_runner *r);

/* Start due runs, kill timed-out ones (their whole process group). */
void vgl_runner_timer(struct vgl_runner *r, vg_time now);

/* Call on SIGCHLD: reaps the runner's own children with waitpid(pid, WNOHANG). */
void vgl_runner_child_exited(struct vgl_runner *r, vg_time now);

/* The inotify fd watching track_file directories, -1 if none. */
int vgl_runner_fd(const struct vgl_runner *r);
void vgl_runner_fd_ready(struct vgl_runner *r, vg_time now);

/*
 * Run the notify scripts of an instance / sync group (fire and forget,
 * still reaped, and killed on free) and write the FIFO line. `what` is
 * enum vg_notify (core/vrrp/action.h); a group passes priority 0.
 */
void vgl_runner_notify_instance(struct vgl_runner *r, const struct vg_conf_instance *in, uint8_t what,
				uint8_t prio);
void vgl_runner_notify_group(struct vgl_runner *r, const struct vg_conf_sync_group *g, uint8_t what);
/* The notify FIFOs' line alone, no script (fifo_write_vrrp_states_on_reload): INSTANCE or GROUP */
void vgl_runner_fifo_line(struct vgl_runner *r, bool group, const char *name, uint8_t what, uint8_t prio);

/* Notify scripts still running (not counting FIFO scripts): wait for 0 after STOP. */
uint32_t vgl_runner_notifies_running(const struct vgl_runner *r);

/* True if vrrp_script `id` will never run (disabled or not tracked): see README.md. */
bool vgl_runner_script_disabled(const struct vgl_runner *r, uint16_t id);

/* The current state of every tracked script/file, for a dump (SIGUSR1). */
void vgl_runner_dump(const struct vgl_runner *r, FILE *f);

#endif
