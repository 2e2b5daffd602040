/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what MISC_CHECK's probe offers the checker driver besides its probe ops.
 *
 * A script killed at its misc_timeout may take a moment to die; the probe
 * has ended by then. vgc_misc_reap() reaps such stragglers (waitpid on
 * their pids only, WNOHANG) and sends SIGKILL to the process group of
 * those still alive 2 s after the SIGTERM, as keepalived does. The driver
 * calls it from its SIGCHLD hook (driver.h child_exited); every MISC probe
 * start calls it too.
 */
#ifndef VGC_PROBE_MISC_H
#define VGC_PROBE_MISC_H

#include <stddef.h>

#include "base/time.h"

void vgc_misc_reap(vg_time now);
/* Killed scripts not reaped yet (tests, state dump). */
size_t vgc_misc_stragglers(void);

#endif
