/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: pid files, as keepalived writes them (the pid and a newline), their
 * names (keepalived.conf's top-level instance and use_pid_dir) and the names
 * of the SIGUSR1 data file (global_defs data_use_instance).
 */
#ifndef VGD_PIDFILE_H
#define VGD_PIDFILE_H

#include <stdbool.h>
#include <stddef.h>

int vgd_pidfile_write(const char *path);
void vgd_pidfile_remove(const char *path);
/* The pid in `path` if that process is alive and is not us, else 0. */
long vgd_pidfile_running(const char *path);

/* keepalived 2.2.7's pid directory (RUNSTATEDIR "/keepalived/"): instance and use_pid_dir */
#define VGD_PID_DIR "/run/keepalived"

struct vgd_pid_names {
	bool use_dir;          /* the files are in VGD_PID_DIR: made at start, removed at stop if empty */
	char main[256], vrrp[256], checkers[256];
};

/*
 * The pid files' names, as keepalived 2.2.7 names them (observed,
 * tests/netns/pid_files.sh): a flag (-p, -r, -c) wins; else with the
 * top-level `instance NAME`, VGD_PID_DIR/keepalived_NAME.pid, vrrp_NAME.pid,
 * checkers_NAME.pid; else with `use_pid_dir`, VGD_PID_DIR/keepalived.pid,
 * vrrp.pid, checkers.pid; else the flags' defaults. instance NULL: none.
 */
struct vgd_opts;
void vgd_pid_names(const struct vgd_opts *o, const char *instance, bool use_pid_dir, struct vgd_pid_names *out);

/*
 * The name of the data file whose plain name is path (e.g. /tmp/keepalived.data):
 * with data_use_instance and an instance or a network namespace, the names
 * go before the extension, NS_NAME (keepalived 2.2.7:
 * /tmp/keepalived.inst1.data), else path itself. ns and instance may be NULL.
 */
const char *vgd_data_file_name(const char *path, bool data_use_instance, const char *ns, const char *instance,
			       char *buf, size_t n);

/*
 * global_defs reload_file's file: path when written, else as keepalived
 * 2.2.7 names it: VGD_PID_DIR/keepalived_NAME.reload with an instance,
 * VGD_PID_DIR/keepalived.reload with use_pid_dir, else /run/keepalived.reload.
 */
void vgd_reload_file_name(const char *path, const char *instance, bool use_pid_dir, char *buf, size_t n);

/* Make VGD_PID_DIR (rwxr-xr-x whatever the umask); true when it can be used. */
bool vgd_pid_dir_make(void);
/* Remove VGD_PID_DIR when empty (another daemon's files keep it). */
void vgd_pid_dir_remove(void);

#endif
