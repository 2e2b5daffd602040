/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: global_defs reload_time_file / reload_repeat: a reload scheduled by a
 * file's first line (keepalived.conf(5); the line's rules are the core's,
 * core/node/reload_time.h).
 *
 * The file's directory is watched (inotify): writing, replacing or removing
 * the file schedules, moves or cancels the reload, and the file is read at
 * start and after every reload. When the time comes the file is removed
 * (unless reload_repeat with a time alone) and vigild reloads as on SIGHUP.
 * The calendar (local time or UTC, a day later for a time already past)
 * is the C library's, against the loop's CLOCK_REALTIME reading; the
 * deadline is on the monotonic clock. A directory that does not exist
 * schedules nothing until the next reload, as in keepalived.
 */
#ifndef VGD_RELOAD_TIME_H
#define VGD_RELOAD_TIME_H

#include "base/time.h"
#include "conf/conf.h"
#include "loop.h"

struct vgd_reload_timer;

/* Registered on loop (a deadline source, and the inotify descriptor while watching). NULL: out of memory. */
struct vgd_reload_timer *vgd_reload_timer_new(struct vgl_loop *loop);
void vgd_reload_timer_free(struct vgd_reload_timer *rt);

/* The running configuration, at start and after each reload: watch its file and read it. */
void vgd_reload_timer_conf(struct vgd_reload_timer *rt, const struct vg_conf *conf, vg_time now);

#endif
