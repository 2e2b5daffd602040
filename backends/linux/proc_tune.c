/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: process-wide global_defs (nice, SCHED_RR, RLIMIT_RTTIME, mlockall).
 *
 * keepalived.conf(5) global_defs: vrrp_priority (nice -20..19),
 * vrrp_rt_priority (SCHED_RR 1..99) with vrrp_rlimit_rttime (CPU us between
 * blocking calls, default 10000, so a runaway real-time loop is stopped by
 * the kernel). Children (scripts) start as normal processes again
 * (SCHED_RESET_ON_FORK). vrrp_no_swap locks the daemon's memory, present and
 * future (mlockall; a fork's child is not locked). The ranges were checked
 * by the parser (core/conf/parse_global.c), so nothing here reads text.
 */
#include "proc_tune.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <syslog.h>

#include "log.h"

void vgd_sched_from_conf(const struct vg_conf *c, struct vgd_sched *out)
{
	const struct vg_conf_global *g = &c->global;

	memset(out, 0, sizeof(*out));
	out->no_swap = vg_conf_extra_find(g->extra, "vrrp_no_swap") != NULL;
	if (g->vrrp_priority.set) {
		out->set_nice = true;
		out->nice = (int)g->vrrp_priority.value;
	}
	if (g->vrrp_rt_priority.set) {
		out->set_rt = true;
		out->rt_priority = (int)g->vrrp_rt_priority.value;
		out->rlimit_rttime = g->vrrp_rlimit_rttime.set ? (uint64_t)g->vrrp_rlimit_rttime.value
							       : VGD_RLIMIT_RTTIME_DEFAULT;
	}
}

void vgd_sched_apply(const struct vgd_sched *s)
{
	if (s->no_swap && mlockall(MCL_CURRENT | MCL_FUTURE))
		vgd_log(LOG_WARNING, "vrrp_no_swap: %s", strerror(errno));
	if (s->set_nice && setpriority(PRIO_PROCESS, 0, s->nice))
		vgd_log(LOG_WARNING, "vrrp_priority %d: %s", s->nice, strerror(errno));
	if (s->set_rt) {
		struct sched_param sp = { .sched_priority = s->rt_priority };
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)s->rlimit_rttime;
		if (setrlimit(RLIMIT_RTTIME, &rl))
			vgd_log(LOG_WARNING, "vrrp_rlimit_rttime %llu: %s", (unsigned long long)s->rlimit_rttime,
				strerror(errno));
		if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp))
			vgd_log(LOG_WARNING, "vrrp_rt_priority %d: %s", s->rt_priority, strerror(errno));
	}
}
