/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: one vrrp_script as a state machine (keepalived.conf(5) vrrp_script:
 * interval, timeout, rise, fall, init_fail).
 *
 * The backend runs the command; the core decides when. Every `interval`
 * the machine asks for a run (VG_ACT_SCRIPT_RUN); a run that has not
 * reported after `timeout` is killed (VG_ACT_SCRIPT_KILL) and counts as a
 * failure. The script goes down after `fall` consecutive failures and up
 * after `rise` consecutive successes (VG_ACT_SCRIPT_CHANGED, which the
 * backend turns into a VG_EV_TRACK event for the router). It starts up, or
 * down with init_fail. The effects are records of the core's one
 * vocabulary (base/action.h), appended to the caller's list.
 */
#ifndef VG_VRRP_SCRIPT_H
#define VG_VRRP_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/action.h"
#include "base/time.h"

struct vg_script_config {
	uint16_t id;            /* VG_TRACK_SCRIPT id */
	vg_time interval_ns;    /* > 0 */
	vg_time timeout_ns;     /* > 0; keepalived's default is the interval */
	uint32_t rise, fall;    /* >= 1 */
	bool init_fail;
};

#define VG_SCRIPT_EFFECTS_MAX 3 /* records one call appends at most */

struct vg_script {
	const struct vg_script_config *cfg;
	bool up;
	bool running;
	uint32_t ok_streak, fail_streak;
	vg_time next_run;   /* deadline of the next run (when not running) */
	vg_time timeout_at; /* deadline of the running one */
	vg_time last_now;
};

void vg_script_init(struct vg_script *s, const struct vg_script_config *cfg, vg_time now);

/* Due deadlines: start a run, or kill a run that timed out. Returns the records appended to `out`. */
int vg_script_timer(struct vg_script *s, vg_time now, struct vg_actions *out);

/* The run finished with exit status 0 (ok) or not. Ignored if no run is going. Returns the records appended. */
int vg_script_result(struct vg_script *s, vg_time now, bool ok, struct vg_actions *out);

vg_time vg_script_next_deadline(const struct vg_script *s);

#endif
