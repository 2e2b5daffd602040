// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fork/exec of a prepared command (see spawn.h).
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

#define FD_SCAN_MAX 65536 /* close() loop bound when close_range is missing */

/* Everything the child needs, computed before fork. */
struct child_plan {
	const char *path;
	char *const *argv;
	const struct vgl_cmd *c;
	int fd_max;
};

static void close_from_3(int fd_max)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0)
		return;
#endif
	for (int fd = 3; fd < fd_max; fd++)
		close(fd);
}

static void child_run(const struct child_plan *p) __attribute__((noreturn));
static void child_run(const struct child_plan *p)
{
	struct sigaction dfl;
	sigset_t none;
	int null_fd;

	if (setsid() < 0)
		_exit(126);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &dfl, NULL); /* fails harmlessly for KILL, STOP and reserved ones */
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
		_exit(126);
	null_fd = open("/dev/null", O_RDWR);
	if (null_fd < 0)
		_exit(126);
	for (int fd = 0; fd <= 2; fd++)
		if (null_fd != fd && dup2(null_fd, fd) < 0)
			_exit(126);
	close_from_3(p->fd_max);
	if (p->c->set_ids) {
		if (setgroups((size_t)p->c->ngroups, p->c->groups) < 0 || setgid(p->c->gid) < 0 ||
		    setuid(p->c->uid) < 0)
			_exit(126);
	}
	execve(p->path, p->argv, environ);
	_exit(127);
}

static int fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > FD_SCAN_MAX)
		return FD_SCAN_MAX;
	return (int)rl.rlim_cur;
}

pid_t vgl_spawn(const struct vgl_cmd *c, const char *const *extra, size_t nextra)
{
	char *argv[VGL_CMD_ARGS_MAX + VGL_CMD_EXTRA_MAX + 4];
	struct child_plan plan;
	size_t n = 0;
	pid_t pid;

	if (!c->enabled || nextra > VGL_CMD_EXTRA_MAX) {
		errno = EINVAL;
		return -1;
	}
	/* execve takes char *const[]: the strings are never written */
	if (c->shell) {
		argv[n++] = (char *)VGL_SHELL;
		argv[n++] = (char *)"-c";
		argv[n++] = nextra ? c->shell_line_args : c->shell_line;
		if (nextra) {
			argv[n++] = c->argv[0]; /* $0 */
			for (size_t i = 0; i < nextra; i++)
				argv[n++] = (char *)extra[i];
		}
	} else {
		for (size_t i = 0; i < c->argc; i++)
			argv[n++] = c->argv[i];
		for (size_t i = 0; i < nextra; i++)
			argv[n++] = (char *)extra[i];
	}
	argv[n] = NULL;
	plan = (struct child_plan){ c->path, argv, c, fd_limit() };
	pid = fork();
	if (pid == 0)
		child_run(&plan);
	return pid;
}

void vgl_kill_group(pid_t pid, int sig)
{
	if (pid <= 0)
		return;
	/* before the child's setsid() there is no group -pid yet */
	if (kill(-pid, sig) < 0 && errno == ESRCH)
		(void)kill(pid, sig);
}
