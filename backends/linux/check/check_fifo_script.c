/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: lvs_notify_fifo_script: the reader keepalived starts for lvs_notify_fifo.
 *
 * keepalived.conf(5): "script to be run by keepalived to process
 * healthchecker notify events; the FIFO name will be passed to the script
 * as the last parameter" (`lvs_notify_fifo_script STRING [user [group]]`).
 * keepalived 2.2.7 (lib/notify.c fifo_open) starts it when the checker
 * process opens the FIFO, before the first line is written, and logs "lvs
 * notify fifo script terminated" when it exits; it is not restarted.
 *
 * vigild starts it when a configuration's checkers open the FIFO (gen.c),
 * with the same arguments. One difference: a reload that keeps the FIFO
 * keeps the FIFO and its running reader (keepalived unlinks the FIFO it
 * created, makes a new one and starts a second reader), so no line is ever
 * split between two readers of one pipe; a reload after the reader exited,
 * or naming another FIFO, starts it again. The reader's pid is not one of
 * the notify children the shutdown waits for: it reads until vigild closes
 * the FIFO on exit.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>

#include "check_int.h"
#include "log.h"
#include "probe_misc.h"
#include "script/spawn.h"

#define READERS_MAX 8

static struct reader {
	pid_t pid;
	dev_t dev;
	ino_t ino;
} readers[READERS_MAX];
static unsigned nreaders;

static const char *arg(const struct vg_conf_kv *kv, uint32_t i)
{
	return kv && kv->args.count > i ? kv->args.items[i] : NULL;
}

void chk_fifo_script_start(struct chk_gen *g, int fd, const char *path)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(g->conf->global.extra, "lvs_notify_fifo_script");
	const char *extra[1] = { path };
	struct vgl_cmd cmd;
	struct stat st;
	pid_t pid;

	if (!arg(kv, 0) || fd < 0 || fstat(fd, &st) < 0)
		return;
	for (unsigned i = 0; i < nreaders; i++)
		if (readers[i].dev == st.st_dev && readers[i].ino == st.st_ino)
			return; /* its reader still runs (a reload) */
	if (nreaders == READERS_MAX) {
		vgd_log(LOG_ERR, "lvs_notify_fifo_script: %u readers running - not started", nreaders);
		return;
	}
	memset(&cmd, 0, sizeof(cmd));
	if (vgl_cmd_prepare(&cmd, &g->env, "lvs_notify_fifo_script", arg(kv, 0), NULL, 0, arg(kv, 1), arg(kv, 2)) < 0)
		return;
	if (cmd.enabled) {
		pid = vgl_spawn(&cmd, extra, 1); /* the FIFO name is the last parameter */
		if (pid < 0) {
			vgd_log(LOG_ERR, "lvs_notify_fifo_script: cannot start: %s", strerror(errno));
		} else {
			readers[nreaders].pid = pid;
			readers[nreaders].dev = st.st_dev;
			readers[nreaders++].ino = st.st_ino;
		}
	}
	vgl_cmd_free(&cmd);
}

void chk_reap_extra(vg_time now)
{
	vgc_misc_reap(now); /* MISC_CHECK scripts killed at their timeout (probe_misc.h) */
	for (unsigned i = 0; i < nreaders;) {
		int st;
		pid_t r = waitpid(readers[i].pid, &st, WNOHANG);

		if (r == readers[i].pid || (r < 0 && errno == ECHILD)) {
			vgd_log(LOG_INFO, "lvs notify fifo script terminated");
			readers[i] = readers[--nreaders];
		} else {
			i++;
		}
	}
}
