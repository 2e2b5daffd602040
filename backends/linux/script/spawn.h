/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: starting and killing one prepared command (fork, child setup, execve).
 *
 * The child, between fork and execve, only makes async-signal-safe calls:
 * setsid() (its own session and process group, so a kill of -pid reaches
 * everything it started), default handlers for every signal and an empty
 * signal mask, stdin/stdout/stderr on /dev/null, every other fd closed,
 * setgroups/setgid/setuid when the runner is root, then execve. If any step
 * fails it exits with 126 (set-up) or 127 (exec), which the runner counts as
 * a failed run.
 */
#ifndef VGL_SCRIPT_SPAWN_H
#define VGL_SCRIPT_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

#include "cmd.h"

/*
 * Start `c` with `extra` words appended to its argv (for a shell line they
 * become "$@" after the line). Returns the child's pid, or -1 with errno.
 */
pid_t vgl_spawn(const struct vgl_cmd *c, const char *const *extra, size_t nextra);

/* Send `sig` to the process group of `pid` (falls back to the pid itself). */
void vgl_kill_group(pid_t pid, int sig);

#endif
