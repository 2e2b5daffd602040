/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what vigild reports: the control socket's `status` command and keepalived's signal files.
 *
 * `status [json|table]` builds a snapshot (status.h) from every driver's
 * `status` op at the request's wake-up and renders it. The signal files are
 * keepalived 2.2.7's, at its paths so that tools reading them keep working:
 * in $TMPDIR when that is an absolute path, else /tmp (keepalived's
 * set_tmp_dir()), created 0600 without following a symbolic link:
 *
 *   SIGUSR1            keepalived.data   the state dump (each driver's `dump`)
 *   SIGUSR2            keepalived.stats  per-instance advert and error counters
 *   SIGRTMAX-1         keepalived.stats  the same, then the counters are zeroed
 *                      (keepalived's STATS_CLEAR)
 *   SIGRTMIN+2         keepalived.json   keepalived's JSON dump (--signum=JSON)
 *
 * Each driver writes its part through its `report` op (only the VRRP
 * driver has one: keepalived's files are VRRP-only).
 */
#ifndef VGD_REPORT_H
#define VGD_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ctl.h"
#include "driver.h"
#include "loop.h"
#include "options.h"

/* keepalived's signal numbers (lib/signals.h in keepalived 2.2.7): run-time values in glibc. */
#define VGD_SIGJSON (SIGRTMIN + 2)
#define VGD_SIGSTATS_CLEAR (SIGRTMAX - 1)

/* What the status command reads: the root's driver table (it may change on a failed start only). */
struct vgd_report_src {
	const struct vgd_opts *o;
	struct vgl_loop *loop;
	struct vgd_driver *drv;
	const size_t *ndrv;
};

/* Register `status` with the control socket. 0 or -1. */
int vgd_report_register(struct vgd_ctl *c, struct vgd_report_src *src);

/* The snapshot of every driver at (now, real_ns); free it with vgd_status_free. */
void vgd_report_status(const struct vgd_report_src *src, vg_time now, uint64_t real_ns, struct vgd_status *st);

/* keepalived's path of signal file `name` ("keepalived.stats") into buf. */
const char *vgd_report_path(const char *name, char *buf, size_t n);

/* Open a signal file for writing: 0600, O_NOFOLLOW, truncated. NULL (logged) on failure. */
FILE *vgd_report_open(const char *path);

/* Write keepalived.stats (clear: STATS_CLEAR) or keepalived.json from every driver's `report` op. */
void vgd_report_write(const struct vgd_report_src *src, enum vgd_report kind, bool clear, vg_time now,
		      uint64_t real_ns);

#endif
