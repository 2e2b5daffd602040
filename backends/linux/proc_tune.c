/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: process-wide global_defs (nice, SCHED_RR, RLIMIT_RTTIME, mlockall,
 * CPU affinity, process name, umask).
 *
 * keepalived.conf(5) global_defs: vrrp_priority (nice -20..19),
 * vrrp_rt_priority (SCHED_RR 1..99) with vrrp_rlimit_rttime (CPU us between
 * blocking calls, default 10000, so a runaway real-time loop is stopped by
 * the kernel). Children (scripts) start as normal processes again
 * (SCHED_RESET_ON_FORK). vrrp_no_swap locks the daemon's memory, present and
 * future (mlockall; a fork's child is not locked). vrrp_cpu_affinity CPU...
 * binds the process to those CPUs (keepalived refuses the whole list when
 * one id is not a CPU of the host). The checker_* forms instead with -C
 * alone (proc_tune.h). The ranges of the numbers were checked by the
 * parser (core/conf/parse_global.c).
 *
 * Process name (prctl PR_SET_NAME, at most 15 characters, longer ones
 * truncated with a warning as keepalived does): vrrp_process_name (with -C
 * alone: checker_process_name), else process_name, else with process_names
 * keepalived's default name of that side's process (keepalived_vrrp,
 * keepalived_lvs). keepalived's parent process, which vigild does not
 * have, would carry process_name; its VRRP child vrrp_process_name.
 *
 * umask NUMBER|BITS: a number (decimal, 0octal or 0xhex) or IRUSR|IWGRP|...
 * bits joined with '|', as keepalived 2.2.7's umask handler reads them.
 */
#include "proc_tune.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static void warn(struct vg_diags *dg, const struct vg_conf_kv *kv, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void warn(struct vg_diags *dg, const struct vg_conf_kv *kv, const char *code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!dg)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vg_diags_add(dg, VG_DIAG_WARNING, &kv->loc, code, NULL, "%s", msg);
}

static const struct vg_conf_kv *kw(const struct vg_conf_global *g, const char *side, const char *what)
{
	char name[64];

	snprintf(name, sizeof(name), "%s_%s", side, what);
	return vg_conf_extra_find(g->extra, name);
}

/* umask NUMBER|BITS (keepalived 2.2.7 global_parser.c umask_handler, read for its rules) */
static bool umask_parse(const struct vg_conf_kv *kv, unsigned *out, struct vg_diags *dg)
{
	static const struct { const char *name; unsigned bit; } bits[] = {
		{ "IRUSR", S_IRUSR }, { "IWUSR", S_IWUSR }, { "IXUSR", S_IXUSR },
		{ "IRGRP", S_IRGRP }, { "IWGRP", S_IWGRP }, { "IXGRP", S_IXGRP },
		{ "IROTH", S_IROTH }, { "IWOTH", S_IWOTH }, { "IXOTH", S_IXOTH },
	};
	unsigned v = 0;
	bool need_or = false;

	if (!kv->args.count) {
		warn(dg, kv, "umask", "umask needs a value: ignored");
		return false;
	}
	if (isdigit((unsigned char)kv->args.items[0][0])) {
		char *end;
		long n = strtol(kv->args.items[0], &end, 0);

		if (kv->args.count != 1 || *end || n < 0 || (n & ~0777L)) {
			warn(dg, kv, "umask", "invalid umask value %s: ignored", kv->args.items[0]);
			return false;
		}
		*out = (unsigned)n;
		return true;
	}
	for (uint32_t i = 0; i < kv->args.count; i++) {
		for (const char *p = kv->args.items[i]; *p;) {
			size_t k;

			if (need_or) {
				if (*p != '|') {
					warn(dg, kv, "umask", "invalid umask syntax %s: ignored", kv->args.items[i]);
					return false;
				}
				need_or = false;
				p++;
				continue;
			}
			for (k = 0; k < sizeof(bits) / sizeof(bits[0]); k++)
				if (!strncmp(p, bits[k].name, 5))
					break;
			if (k == sizeof(bits) / sizeof(bits[0])) {
				warn(dg, kv, "umask", "unknown umask bit %s: ignored", p);
				return false;
			}
			v |= bits[k].bit;
			p += 5;
			need_or = true;
		}
	}
	if (!need_or) {
		warn(dg, kv, "umask", "umask has no bit after '|': ignored");
		return false;
	}
	*out = v;
	return true;
}

/* {side}_cpu_affinity ID...: the whole list is dropped at the first bad id, as keepalived does */
static void affinity_parse(const struct vg_conf_kv *kv, struct vgd_sched *s, struct vg_diags *dg)
{
	CPU_ZERO(&s->cpus);
	s->max_cpu = -1;
	if (!kv->args.count) {
		warn(dg, kv, "cpu-affinity", "no %s cpu_id set specified: ignored", s->side);
		return;
	}
	for (uint32_t i = 0; i < kv->args.count; i++) {
		char *end;
		long id = strtol(kv->args.items[i], &end, 10);

		if (end == kv->args.items[i] || *end || id < 0 || id >= CPU_SETSIZE) {
			warn(dg, kv, "cpu-affinity", "invalid cpu_id %s for the %s process: the list is ignored",
			     kv->args.items[i], s->side);
			CPU_ZERO(&s->cpus);
			return;
		}
		CPU_SET((int)id, &s->cpus);
		if (id > s->max_cpu)
			s->max_cpu = (int)id;
	}
	s->set_affinity = true;
}

/*
 * child_wait_time SECS (top level only, as keepalived 2.2.7 reads it):
 * keepalived's parent waits that long at stop for its children to exit;
 * vigild's children are its scripts, so it bounds the wait for the
 * notify_stop (and other) scripts still running at stop. 0..2^32-1; a bad
 * value keeps the default, as keepalived ("Invalid child_wait_time").
 */
static void child_wait_parse(const struct vg_conf_kv *kv, unsigned *out, struct vg_diags *dg)
{
	char *end;
	unsigned long long v;

	if (!kv->args.count || !isdigit((unsigned char)kv->args.items[0][0])) {
		warn(dg, kv, "child-wait-time", "invalid child_wait_time %s: the default %d s stays",
		     kv->args.count ? kv->args.items[0] : "(none)", VGD_CHILD_WAIT_DEFAULT_S);
		return;
	}
	errno = 0;
	v = strtoull(kv->args.items[0], &end, 10);
	if (*end || errno || v > 0xffffffffULL) {
		warn(dg, kv, "child-wait-time", "invalid child_wait_time %s: the default %d s stays", kv->args.items[0],
		     VGD_CHILD_WAIT_DEFAULT_S);
		return;
	}
	*out = (unsigned)v;
}

static void name_from_conf(const struct vg_conf_global *g, bool checker, struct vgd_sched *s, struct vg_diags *dg)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(g->extra, checker ? "checker_process_name" : "vrrp_process_name");
	const char *name = NULL;

	if (!kv || !kv->args.count)
		kv = vg_conf_extra_find(g->extra, "process_name");
	if (kv && kv->args.count)
		name = kv->args.items[0];
	else if (vg_conf_extra_find(g->extra, "process_names"))
		name = checker ? "keepalived_lvs" : "keepalived_vrrp"; /* keepalived 2.2.7's defaults */
	if (!name)
		return;
	if (kv && strlen(name) >= VGD_COMM_LEN)
		warn(dg, kv, "process-name", "process name %s is more than %d characters: truncated", name,
		     VGD_COMM_LEN - 1);
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->set_name = true;
}

/*
 * keepalived runs BFD in a process of its own, tuned by bfd_*; vigild's one
 * process carries the BFD sessions too, so when it runs them (bfd_instance
 * blocks) it takes, setting by setting, the more demanding of its side's and
 * the BFD side's: the lower nice, the higher SCHED_RR priority (with that
 * side's rlimit_rttime; the larger one on a tie), no_swap from either, and
 * the union of the two CPU sets (the process does both sides' work). The
 * process name stays its side's: there is no BFD process to name.
 */
static void merge_bfd(const struct vg_conf_global *g, struct vgd_sched *out, struct vg_diags *dg)
{
	struct vgd_sched b;
	const struct vg_conf_kv *kv;

	memset(&b, 0, sizeof(b));
	b.side = "bfd";
	b.max_cpu = -1;
	if (vg_conf_extra_find(g->extra, "bfd_no_swap"))
		out->no_swap = true;
	if (g->bfd_priority.set && (!out->set_nice || (int)g->bfd_priority.value < out->nice)) {
		out->set_nice = true;
		out->nice = (int)g->bfd_priority.value;
	}
	if (g->bfd_rt_priority.set) {
		uint64_t lim = g->bfd_rlimit_rttime.set ? (uint64_t)g->bfd_rlimit_rttime.value : VGD_RLIMIT_RTTIME_DEFAULT;
		int rt = (int)g->bfd_rt_priority.value;

		if (!out->set_rt || rt > out->rt_priority) {
			out->set_rt = true;
			out->rt_priority = rt;
			out->rlimit_rttime = lim;
		} else if (rt == out->rt_priority && lim > out->rlimit_rttime) {
			out->rlimit_rttime = lim;
		}
	}
	kv = vg_conf_extra_find(g->extra, "bfd_cpu_affinity");
	if (kv) {
		affinity_parse(kv, &b, dg);
		if (b.set_affinity) {
			if (out->set_affinity)
				CPU_OR(&out->cpus, &out->cpus, &b.cpus);
			else
				out->cpus = b.cpus;
			out->set_affinity = true;
			if (b.max_cpu > out->max_cpu)
				out->max_cpu = b.max_cpu;
		}
	}
}

void vgd_sched_from_conf(const struct vg_conf *c, bool checker, struct vgd_sched *out, struct vg_diags *dg)
{
	const struct vg_conf_global *g = &c->global;
	const struct vg_conf_num *prio = checker ? &g->checker_priority : &g->vrrp_priority;
	const struct vg_conf_num *rt = checker ? &g->checker_rt_priority : &g->vrrp_rt_priority;
	const struct vg_conf_num *rttime = checker ? &g->checker_rlimit_rttime : &g->vrrp_rlimit_rttime;
	const struct vg_conf_kv *kv;

	memset(out, 0, sizeof(*out));
	out->side = checker ? "checker" : "vrrp";
	out->max_cpu = -1;
	out->no_swap = kw(g, out->side, "no_swap") != NULL;
	if (prio->set) {
		out->set_nice = true;
		out->nice = (int)prio->value;
	}
	if (rt->set) {
		out->set_rt = true;
		out->rt_priority = (int)rt->value;
		out->rlimit_rttime = rttime->set ? (uint64_t)rttime->value : VGD_RLIMIT_RTTIME_DEFAULT;
	}
	kv = kw(g, out->side, "cpu_affinity");
	if (kv)
		affinity_parse(kv, out, dg);
	if (c->bfd_instances.count)
		merge_bfd(g, out, dg);
	out->child_wait_s = VGD_CHILD_WAIT_DEFAULT_S;
	kv = vg_conf_extra_find(c->extra, "child_wait_time");
	if (kv)
		child_wait_parse(kv, &out->child_wait_s, dg);
	name_from_conf(g, checker, out, dg);
	kv = vg_conf_extra_find(g->extra, "umask");
	if (kv)
		out->set_umask = umask_parse(kv, &out->umask, dg);
}

static void set_name(const char *name)
{
	if (prctl(PR_SET_NAME, name, 0UL, 0UL, 0UL))
		vgd_log(LOG_WARNING, "process name %s: %s", name, strerror(errno));
}

static void set_umask(const struct vgd_sched *s, bool umask_cmdline)
{
	if (!s->set_umask)
		return;
	if (umask_cmdline)
		vgd_log(LOG_INFO, "umask command line option given: the umask keyword is ignored");
	else
		umask((mode_t)s->umask);
}

void vgd_sched_apply(const struct vgd_sched *s, bool umask_cmdline)
{
	set_umask(s, umask_cmdline);
	if (s->set_name)
		set_name(s->name);
	if (s->no_swap && mlockall(MCL_CURRENT | MCL_FUTURE))
		vgd_log(LOG_WARNING, "%s_no_swap: %s", s->side, strerror(errno));
	if (s->set_nice && setpriority(PRIO_PROCESS, 0, s->nice))
		vgd_log(LOG_WARNING, "%s_priority %d: %s", s->side, s->nice, strerror(errno));
	if (s->set_rt) {
		struct sched_param sp = { .sched_priority = s->rt_priority };
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)s->rlimit_rttime;
		if (setrlimit(RLIMIT_RTTIME, &rl))
			vgd_log(LOG_WARNING, "%s_rlimit_rttime %llu: %s", s->side,
				(unsigned long long)s->rlimit_rttime, strerror(errno));
		if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp))
			vgd_log(LOG_WARNING, "%s_rt_priority %d: %s", s->side, s->rt_priority, strerror(errno));
	}
	if (s->set_affinity) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

		if (ncpu > 0 && s->max_cpu >= ncpu)
			vgd_log(LOG_WARNING, "%s_cpu_affinity: cpu %d is not one of this host's %ld: ignored",
				s->side, s->max_cpu, ncpu);
		else if (sched_setaffinity(0, sizeof(s->cpus), &s->cpus))
			vgd_log(LOG_WARNING, "%s_cpu_affinity: %s", s->side, strerror(errno));
	}
}

void vgd_sched_auto(const struct vgd_sched *s, int prio, bool first)
{
	struct sched_param sp = { .sched_priority = prio };

	if (first) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)(s->rlimit_rttime ? s->rlimit_rttime : VGD_RLIMIT_RTTIME_DEFAULT);
		if (setrlimit(RLIMIT_RTTIME, &rl))
			vgd_log(LOG_WARNING, "max_auto_priority: RLIMIT_RTTIME: %s", strerror(errno));
	}
	if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp))
		vgd_log(LOG_WARNING, "max_auto_priority: realtime priority %d: %s", prio, strerror(errno));
	else
		vgd_log(LOG_INFO, "Set realtime priority %d", prio);
}

void vgd_sched_reload(const struct vgd_sched *prev, const struct vgd_sched *s, bool umask_cmdline)
{
	set_umask(s, umask_cmdline);
	if (s->set_name && (!prev->set_name || strcmp(prev->name, s->name)))
		set_name(s->name);
	else if (!s->set_name && prev->set_name) {
		char name[VGD_COMM_LEN];

		snprintf(name, sizeof(name), "%s", program_invocation_short_name);
		set_name(name);
	}
}
