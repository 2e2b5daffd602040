/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: MISC_CHECK probe: run misc_path through the script runner's spawn, report how it ended (probe.h).
 *
 * The command is prepared once per generation with the script runner's
 * vgl_cmd_prepare (script/cmd.h: the user and group of `user`, else
 * script_user, enable_script_security's path check, the shell rule) and
 * started with vgl_spawn (its own process group, fds closed, /dev/null
 * stdio). Its end is watched with a pidfd (pidfd_open(2)) registered as the
 * probe's descriptor, reaped with waitid(P_PIDFD, WNOHANG): no blocking
 * wait, no SIGCHLD race with the other children of vigild.
 *
 * Outcome: an exit is VG_LVS_PROBE_EXIT with its status; the core decides
 * (exit 0 passes, 1 fails, 2..255 with misc_dynamic passes and sets the
 * weight: lvs/checker.h). Killed by a signal: FAILED ("due to signal N").
 * At the probe's deadline (misc_timeout, else the virtual server's
 * delay_loop: the core gave it as connect_timeout) the process group gets
 * SIGTERM and the probe reports TIMEOUT; keepalived then sends SIGKILL 2 s
 * later if it still runs, and so do we: such children go to a small table
 * of stragglers (MISC_STRAGGLERS_MAX) that vgc_misc_reap() - called on
 * every MISC probe start and from the driver's SIGCHLD hook - reaps and
 * escalates.
 */
#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "probe_misc.h"
#include "cmd.h"
#include "spawn.h"

#define MISC_STRAGGLERS_MAX 64
#define MISC_KILL_GRACE_NS VG_S(2) /* keepalived: SIGTERM, then SIGKILL 2 s later */

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

struct misc_params {
	struct vgl_cmd cmd;
};

struct misc_state {
	pid_t pid;
	int pidfd;
};

/* Children killed at their timeout and not reaped yet (the loop's thread only). */
static struct {
	pid_t pid;
	vg_time kill_at;   /* SIGKILL from then on */
	bool killed;
} stragglers[MISC_STRAGGLERS_MAX];

static int misc_prepare(const struct vgc_probe_conf *c, void **params, struct vgc_key *key, char *err,
			size_t errlen)
{
	const struct vg_conf_script *s = c->ck->misc_path;
	struct misc_params *mp;
	char what[64];

	if (!s || !s->cmd) {
		snprintf(err, errlen, "MISC_CHECK has no misc_path");
		return -1;
	}
	if (!c->cmd_env) {
		snprintf(err, errlen, "MISC_CHECK: no script environment");
		return -1;
	}
	mp = calloc(1, sizeof(*mp));
	if (!mp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(what, sizeof(what), "MISC_CHECK (line %u)", c->ck->loc.line);
	if (vgl_cmd_prepare(&mp->cmd, c->cmd_env, what, s->cmd, (const char *const *)s->argv.items, s->argv.count,
			    s->user, s->group) != 0) {
		free(mp);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!mp->cmd.enabled) {
		vgl_cmd_free(&mp->cmd);
		free(mp);
		snprintf(err, errlen, "MISC_CHECK misc_path '%s' cannot run (logged above)", s->cmd);
		return -1;
	}
	vgc_key_str(key, s->cmd);
	vgc_key_str(key, s->user);
	vgc_key_str(key, s->group);
	*params = mp;
	return 0;
}

static void misc_params_free(void *params)
{
	struct misc_params *mp = params;

	if (!mp)
		return;
	vgl_cmd_free(&mp->cmd);
	free(mp);
}

void vgc_misc_reap(vg_time now)
{
	for (int i = 0; i < MISC_STRAGGLERS_MAX; i++) {
		int status;

		if (stragglers[i].pid <= 0)
			continue;
		if (waitpid(stragglers[i].pid, &status, WNOHANG) != 0) {
			stragglers[i].pid = 0; /* reaped (or not ours any more) */
			continue;
		}
		if (!stragglers[i].killed && now >= stragglers[i].kill_at) {
			vgl_kill_group(stragglers[i].pid, SIGKILL);
			stragglers[i].killed = true;
		}
	}
}

size_t vgc_misc_stragglers(void)
{
	size_t n = 0;

	for (int i = 0; i < MISC_STRAGGLERS_MAX; i++)
		n += stragglers[i].pid > 0;
	return n;
}

static void straggle(pid_t pid, vg_time now)
{
	for (int i = 0; i < MISC_STRAGGLERS_MAX; i++) {
		if (stragglers[i].pid <= 0) {
			stragglers[i].pid = pid;
			stragglers[i].kill_at = now + MISC_KILL_GRACE_NS;
			stragglers[i].killed = false;
			return;
		}
	}
	/* full: no grace for this one */
	vgl_kill_group(pid, SIGKILL);
}

static int misc_start(struct vgc_probe *p, vg_time now)
{
	struct misc_state *st = p->state;
	const struct misc_params *mp = p->params;

	vgc_misc_reap(now);
	st->pidfd = -1;
	st->pid = vgl_spawn(&mp->cmd, NULL, 0);
	if (st->pid < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "cannot start %s: %s", mp->cmd.argv[0], strerror(errno));
		return -1;
	}
	st->pidfd = (int)syscall(SYS_pidfd_open, st->pid, 0);
	if (st->pidfd < 0 || vgc_probe_add_fd(p, st->pidfd, EPOLLIN) != 0) {
		int e = errno;

		if (st->pidfd >= 0)
			close(st->pidfd);
		st->pidfd = -1;
		vgl_kill_group(st->pid, SIGKILL);
		straggle(st->pid, now);
		st->pid = 0;
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "pidfd: %s", strerror(e));
		return -1;
	}
	return 0;
}

static void misc_ready(struct vgc_probe *p, int fd, uint32_t events, vg_time now)
{
	struct misc_state *st = p->state;
	siginfo_t si;

	(void)events;
	memset(&si, 0, sizeof(si));
	if (syscall(SYS_waitid, P_PIDFD, fd, &si, WEXITED | WNOHANG, NULL) != 0 || si.si_pid == 0)
		return; /* not yet (a spurious wake-up) */
	st->pid = 0;
	if (si.si_code == CLD_EXITED) {
		struct vgc_probe_outcome o = { .outcome = VG_LVS_PROBE_EXIT, .exit_status = (uint8_t)si.si_status };

		if (si.si_status != 0)
			snprintf(o.why, sizeof(o.why), "exited with status %d", si.si_status);
		vgc_probe_done(p, &o, now);
		return;
	}
	vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "due to signal %d", si.si_status);
}

static void misc_timeout(struct vgc_probe *p, vg_time now)
{
	struct misc_state *st = p->state;

	if (st->pid > 0) {
		vgl_kill_group(st->pid, SIGTERM);
		straggle(st->pid, now);
		st->pid = 0;
	}
	vgc_probe_fail(p, now, VG_LVS_PROBE_TIMEOUT, "timed out");
}

static void misc_cleanup(struct vgc_probe *p)
{
	struct misc_state *st = p->state;

	/* ended without its exit seen (the core gave up first): it must still die and be reaped */
	if (st->pid > 0) {
		vgl_kill_group(st->pid, SIGTERM);
		straggle(st->pid, p->deadline_ns);
		st->pid = 0;
	}
}

const struct vgc_probe_ops vgc_probe_misc = {
	.type = VG_LVS_CHECK_MISC,
	.name = "MISC_CHECK",
	.state_size = sizeof(struct misc_state),
	.prepare = misc_prepare,
	.params_free = misc_params_free,
	.start = misc_start,
	.ready = misc_ready,
	.timeout = misc_timeout,
	.cleanup = misc_cleanup,
};
