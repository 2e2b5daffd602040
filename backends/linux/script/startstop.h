/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: global_defs startup_script / shutdown_script (keepalived.conf(5):
 * `startup_script SCRIPT [USER [GROUP]]`, `startup_script_timeout SECS`,
 * default 10 s; the same for shutdown).
 *
 * keepalived 2.2.7 (observed in a network namespace, a script that sleeps
 * 1 s and records whether the VIP is configured): the startup script runs
 * and is waited for before the VRRP side starts ("Running startup script",
 * "startup script ... succeeded", then "Starting VRRP child process"; no
 * VIP yet); the shutdown script runs after the VRRP side stopped (priority 0
 * sent, "(VI_1) removing VIPs", then "Running shutdown script"; the VIP is
 * gone) and keepalived exits when it ends. A script still running at its
 * timeout is killed. A failing script does not stop the start.
 *
 * The command is prepared like every other script (cmd.h: split, PATH,
 * user, enable_script_security) and waited for here, blocking: nothing else
 * runs at these two moments.
 */
#ifndef VGL_SCRIPT_STARTSTOP_H
#define VGL_SCRIPT_STARTSTOP_H

#include <stdbool.h>

#include "conf/conf.h"
#include "runner.h"

#define VGL_STARTSTOP_TIMEOUT_S 10 /* keepalived's default startup/shutdown_script_timeout */

/*
 * Run startup_script (startup) or shutdown_script and wait for it, at most
 * its timeout (then SIGTERM to its process group, SIGKILL 1 s later).
 * Returns its exit status, -1 if it did not run or was killed, -2 if none
 * is configured.
 */
int vgl_run_startstop(const struct vg_conf *conf, bool startup, const struct vgl_runner_cb *cb);

#endif
