/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: pid files, as keepalived writes them (the pid and a newline). */
#ifndef VGD_PIDFILE_H
#define VGD_PIDFILE_H

int vgd_pidfile_write(const char *path);
void vgd_pidfile_remove(const char *path);
/* The pid in `path` if that process is alive and is not us, else 0. */
long vgd_pidfile_running(const char *path);

#endif
