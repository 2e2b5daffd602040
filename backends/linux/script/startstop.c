/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: startup_script / shutdown_script, run and waited for (startstop.h).
 */
#include "startstop.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "spawn.h"

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* waitpid with a deadline (ms on the monotonic clock): 1 reaped (*st set), 0 still running. */
static int wait_until(pid_t pid, long long until, int *st)
{
	for (;;) {
		pid_t r = waitpid(pid, st, WNOHANG);

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return 1; /* not ours any more: nothing to wait for */
		if (mono_ms() >= until)
			return 0;
		usleep(10000);
	}
}

int vgl_run_startstop(const struct vg_conf *conf, bool startup, const struct vgl_runner_cb *cb)
{
	const char *kw = startup ? "startup_script" : "shutdown_script";
	const char *what = startup ? "startup script" : "shutdown script";
	const struct vg_conf_num *tmo = startup ? &conf->global.startup_script_timeout
						: &conf->global.shutdown_script_timeout;
	const struct vg_conf_kv *kv = vg_conf_extra_find(conf->global.extra, kw);
	long long timeout_ms = (tmo->set ? tmo->value : VGL_STARTSTOP_TIMEOUT_S) * 1000LL;
	struct vgl_cmd_env env;
	struct vgl_cmd c;
	int rc = -1, st = 0;
	pid_t pid;

	if (!kv || !kv->args.count)
		return -2;
	memset(&c, 0, sizeof(c));
	vgl_cmd_env_init(&env, &conf->global, cb);
	if (vgl_cmd_prepare(&c, &env, kw, kv->args.items[0], NULL, 0, kv->args.count > 1 ? kv->args.items[1] : NULL,
			    kv->args.count > 2 ? kv->args.items[2] : NULL) || !c.enabled)
		goto out;
	vgl_logf(cb, LOG_INFO, "Running %s %s", what, c.argv[0]);
	pid = vgl_spawn(&c, NULL, 0);
	if (pid < 0) {
		vgl_logf(cb, LOG_ERR, "Call of %s %s failed: %s", what, c.argv[0], strerror(errno));
		goto out;
	}
	if (!wait_until(pid, mono_ms() + timeout_ms, &st)) {
		vgl_logf(cb, LOG_WARNING, "%s %s timed out after %lld s: killed", what, c.argv[0], timeout_ms / 1000);
		vgl_kill_group(pid, SIGTERM);
		if (!wait_until(pid, mono_ms() + 1000, &st)) {
			vgl_kill_group(pid, SIGKILL);
			wait_until(pid, mono_ms() + 1000, &st);
		}
		goto out;
	}
	if (WIFEXITED(st)) {
		rc = WEXITSTATUS(st);
		if (rc)
			vgl_logf(cb, LOG_WARNING, "%s failed, status %d", what, rc);
		else
			vgl_logf(cb, LOG_INFO, "%s succeeded", what);
	} else if (WIFSIGNALED(st)) {
		vgl_logf(cb, LOG_WARNING, "%s killed by signal %d", what, WTERMSIG(st));
	}
out:
	vgl_cmd_free(&c);
	vgl_cmd_env_free(&env);
	return rc;
}
