/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pidfile.h"

#include "options.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
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

static void pid_name(char *buf, size_t n, bool set, const char *flag, const char *base, const char *instance,
		     bool use_dir)
{
	if (set || !use_dir)
		snprintf(buf, n, "%s", flag ? flag : "");
	else if (instance)
		snprintf(buf, n, "%s/%s_%s.pid", VGD_PID_DIR, base, instance);
	else
		snprintf(buf, n, "%s/%s.pid", VGD_PID_DIR, base);
}

void vgd_pid_names(const struct vgd_opts *o, const char *instance, bool use_pid_dir, struct vgd_pid_names *out)
{
	bool dir = instance || use_pid_dir;

	pid_name(out->main, sizeof(out->main), o->pid_set, o->pid_file, "keepalived", instance, dir);
	pid_name(out->vrrp, sizeof(out->vrrp), o->vrrp_pid_set, o->vrrp_pid_file, "vrrp", instance, dir);
	pid_name(out->checkers, sizeof(out->checkers), o->checkers_pid_set, o->checkers_pid_file, "checkers",
		 instance, dir);
	/* the directory is made only when a file is in it */
	out->use_dir = dir && (!o->pid_set || !o->vrrp_pid_set || !o->checkers_pid_set);
}

const char *vgd_data_file_name(const char *path, bool data_use_instance, const char *ns, const char *instance,
			       char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');

	if (ns && !*ns)
		ns = NULL;
	if (instance && !*instance)
		instance = NULL;
	if (!data_use_instance || (!ns && !instance) || !dot)
		snprintf(buf, n, "%s", path);
	else
		snprintf(buf, n, "%.*s.%s%s%s%s", (int)(dot - path), path, ns ? ns : "", ns && instance ? "_" : "",
			 instance ? instance : "", dot);
	return buf;
}

void vgd_reload_file_name(const char *path, const char *instance, bool use_pid_dir, char *buf, size_t n)
{
	if (path)
		snprintf(buf, n, "%s", path);
	else if (instance)
		snprintf(buf, n, "%s/keepalived_%s.reload", VGD_PID_DIR, instance);
	else if (use_pid_dir)
		snprintf(buf, n, "%s/keepalived.reload", VGD_PID_DIR);
	else
		snprintf(buf, n, "/run/keepalived.reload");
}

bool vgd_pid_dir_make(void)
{
	mode_t old = umask(022);
	int rc = mkdir(VGD_PID_DIR, 0755);

	umask(old);
	return rc == 0 || errno == EEXIST;
}

void vgd_pid_dir_remove(void)
{
	rmdir(VGD_PID_DIR); /* ENOTEMPTY: another daemon's files are there */
}
