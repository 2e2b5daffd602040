/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's entry points below main(): run, --cleanup, -t.
 *
 * daemon.c is the composition root: it reads the configuration
 * (reload.c), creates the drivers (vrrp_driver.h) and the event loop
 * (loop.h), forwards signals to them, and stops them. See docs/vigild.md
 * "Inside" for which file holds what.
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

/* --ipvs-diff: print (ipvsadm commands) what starting with -f FILE changes in the IPVS table. */
int vgd_ipvs_diff(const struct vgd_opts *o);

#endif
