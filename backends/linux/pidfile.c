/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pidfile.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int vgd_pidfile_write(const char *path)
{
	FILE *f;

	if (!path || !*path)
		return 0;
	f = fopen(path, "we");
	if (!f)
		return -1;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f);
}

void vgd_pidfile_remove(const char *path)
{
	if (path && *path)
		unlink(path);
}

long vgd_pidfile_running(const char *path)
{
	FILE *f;
	long pid = 0;

	if (!path || !(f = fopen(path, "re")))
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid <= 0 || pid == (long)getpid())
		return 0;
	if (kill((pid_t)pid, 0) && errno == ESRCH)
		return 0;
	return pid;
}
