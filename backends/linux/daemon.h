/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's event loop: the core's router on real interfaces.
 *
 * One thread, one epoll set: a timerfd armed at the earliest deadline of the
 * router and the script runner (CLOCK_MONOTONIC, absolute), a signalfd for
 * HUP / TERM / INT / USR1 / CHLD, the raw VRRP sockets, the netlink monitor
 * and the runner's inotify descriptor. Every wake-up handles due timers
 * before reading packets, and reads at most one batch per socket, so a flood
 * cannot delay our own adverts (the kernel filter drops most of it anyway).
 *
 * A loaded configuration is a generation (struct vgd_gen): the parsed tree,
 * the plan, the instances and their router, and the kernel view of the
 * interfaces they use. SIGHUP builds a new generation and moves every
 * instance whose configuration did not change into it with its state,
 * timers and VIPs untouched; changed or removed instances are stopped
 * (priority 0, VIPs removed, notify_stop) and new ones start. A
 * configuration with errors is reported and the running one stays.
 */
#ifndef VGD_DAEMON_H
#define VGD_DAEMON_H

#include "options.h"

/* Run the daemon until TERM/INT; returns the process exit status. ready_fd >= 0 gets one byte when up. */
int vgd_run(const struct vgd_opts *o, int ready_fd);

/* --cleanup: remove the configuration's VIPs, virtual routes/rules and vmacs. Exit status. */
int vgd_cleanup(const struct vgd_opts *o);

/* -t: configuration test with host checks; keepalived's exit statuses (0, 3, 4, 5). */
int vgd_config_test(const struct vgd_opts *o);

#endif
