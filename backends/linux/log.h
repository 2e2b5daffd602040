/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's log: syslog (ident "Keepalived_vrrp" like keepalived's VRRP
 * child, so existing log filters match), optionally the console (-l) and a
 * file (-g). Lines about instances read like keepalived's:
 * "(VI_1) Entering MASTER STATE".
 */
#ifndef VGD_LOG_H
#define VGD_LOG_H

#include <stdbool.h>
#include <syslog.h>

struct vgd_log_opts {
	bool console, syslog, detail;
	int facility;
	const char *file;
};

void vgd_log_open(const struct vgd_log_opts *o);
void vgd_log_close(void);
bool vgd_log_detail(void);

__attribute__((format(printf, 2, 3)))
void vgd_log(int prio, const char *fmt, ...);

/*
 * Between hold and release, lines are formatted and stamped but written only
 * at release (in order): a syslog() that blocks on a slow journal, or a
 * console write, must not delay an advert or a gratuitous ARP. At most 32
 * lines are held (the rest are counted and reported). Calls nest.
 */
void vgd_log_hold(void);
void vgd_log_release(void);

#endif
