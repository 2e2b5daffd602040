/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's composition root: start, signals, stop, --cleanup, -t.
 *
 * It enters the network namespace, opens netlink, reads the configuration
 * (reload.c), applies the process-wide global_defs (proc_tune.c: scheduling, memory
 * locking), creates the drivers (the VRRP driver today) and the event loop
 * (loop.c), starts the drivers, writes the pid files and tells the parent
 * and systemd it is up. Signals arrive through a signalfd the loop
 * watches: HUP reloads every driver (reload.c), TERM / INT stop the loop,
 * USR1 writes each driver's state dump, USR2 and keepalived's JSON and
 * STATS_CLEAR signals its other files (report.c), CHLD lets the drivers reap
 * their scripts. The control socket (ctl.c, `vigil status`) is served on the
 * same loop. On stop every driver leaves its protocol and releases what it
 * holds; the root waits up to child_wait_time (default 5 s) for their
 * notify scripts, as keepalived's parent waits for its children.
 */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "conf/json.h"
#include "conf/keyword_status.h"
#include "conf_loader.h"
#include "ctl.h"
#include "bfd_driver.h"
#include "check_driver.h"
#include "driver.h"
#include "conf_record.h"
#include "host_check.h"
#include "log.h"
#include "loop.h"
#include "lvs_driver.h"
#include "mail.h"
#include "lvs/table_from_conf.h"
#include "metrics/metrics.h"
#include "netlink/nl.h"
#include "noaccept.h"
#include "pidfile.h"
#include "recorder.h"
#include "rcvbuf.h"
#include "reload.h"
#include "reload_time.h"
#include "node/auto_prio.h"
#include "report.h"
#include "script/startstop.h"
#include "proc_tune.h"
#include "igmp_local.h"
#include "sdnotify.h"
#include "node/node.h"
#include "vrrp/plan.h"
#include "vrrp_driver.h"

#define DRIVERS_MAX 6 /* VRRP, e-mail alerts, LVS, checkers, BFD */

struct vgd {
	const struct vgd_opts *o;
	struct vg_conf *conf; /* the running configuration: the drivers point into it */
	struct vg_conf_record *conf_rec; /* what its parse read (an unchanged SIGHUP is a no-op), or NULL */
	struct vgl_nl *nl;
	struct vgl_loop *loop;
	struct vgd_driver drv[DRIVERS_MAX];
	size_t ndrv;
	struct vgd_driver *vrrp, *lvs, *check, *mail, *bfd; /* in drv[], NULL when not running */
	int sfd;
	struct vgd_metrics *metrics; /* --metrics: the Prometheus endpoint; NULL: off */
	struct vgd_ctl *ctl;           /* the control socket, NULL: none */
	struct vgd_report_src report;  /* what its status command and the signal files read */
	struct vgd_recorder *rec; /* the flight recorder (recorder.h), NULL: off */
	struct vgd_sched sched;   /* the process-wide global_defs applied (proc_tune.h) */
	struct vgd_reload_timer *rtimer; /* reload_time_file (reload_time.h) */
	struct vg_auto_prio ap;   /* max_auto_priority (core/node/auto_prio.h) */
	bool igmp_changed;        /* disable_local_igmp wrote 0: write 1 back at stop (igmp_local.h) */
};

static void nl_bufs(struct vgd *d);

/* -C without -P: the process is keepalived's checker process, its checker_* settings apply */
static bool checker_side(const struct vgd_opts *o)
{
	return o->check_only && !o->vrrp_only;
}

static void sched_read(struct vgd_sched *s, const struct vgd_opts *o, const struct vg_conf *conf)
{
	struct vg_diags dg;

	vg_diags_init(&dg);
	vgd_sched_from_conf(conf, checker_side(o), s, &dg);
	vgd_print_diags(&dg, NULL);
	vg_diags_free(&dg);
}

/* ---- process-wide settings -------------------------------------------------- */

static int enter_namespace(const char *name)
{
	char path[256];
	int fd, rc;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		vgd_log(LOG_ERR, "network namespace %s: %s", name, strerror(errno));
		return -1;
	}
	rc = setns(fd, CLONE_NEWNET);
	close(fd);
	if (rc)
		vgd_log(LOG_ERR, "entering network namespace %s: %s", name, strerror(errno));
	return rc;
}

/* What the configuration says of the pid files' names (pidfile.h): top-level instance, use_pid_dir */
struct pid_conf {
	char instance[128]; /* "": none */
	bool use_pid_dir;
};

static void pid_conf_read(const struct vg_conf *conf, struct pid_conf *pc)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(conf->extra, "instance");

	if (kv && kv->args.count)
		snprintf(pc->instance, sizeof(pc->instance), "%s", kv->args.items[0]);
	pc->use_pid_dir = vg_conf_extra_find(conf->extra, "use_pid_dir") != NULL;
}

/*
 * The network namespace to run in: --namespace, else global_defs
 * net_namespace (keepalived.conf(5): /run/netns/NAME, entered before any
 * socket is opened; keepalived's -s overrides it too). The configuration is
 * read once more for it and for the pid files' names (pc, may be NULL),
 * quietly: its diagnostics come when it is loaded. NULL: stay where started.
 */
static const char *namespace_of(const struct vgd_opts *o, char *buf, size_t n, struct pid_conf *pc)
{
	struct vg_conf *conf = NULL;
	struct vg_diags dg;
	struct utsname u;

	buf[0] = '\0';
	if (pc)
		memset(pc, 0, sizeof(*pc));
	if (o->namespace_name && !pc)
		return o->namespace_name;
	vg_diags_init(&dg);
	vg_conf_load(o->conf, vgd_config_id(o, &u), &conf, &dg);
	if (conf && conf->global.net_namespace)
		snprintf(buf, n, "%s", conf->global.net_namespace);
	if (conf && pc)
		pid_conf_read(conf, pc);
	if (conf)
		vg_conf_free(conf);
	vg_diags_free(&dg);
	if (o->namespace_name)
		return o->namespace_name;
	return buf[0] ? buf : NULL;
}

/* o with the pid files named as the configuration says (pidfile.h); names and eff are the caller's */
static const struct vgd_opts *pid_opts(const struct vgd_opts *o, const struct pid_conf *pc,
				       struct vgd_pid_names *names, struct vgd_opts *eff)
{
	vgd_pid_names(o, pc->instance[0] ? pc->instance : NULL, pc->use_pid_dir, names);
	*eff = *o;
	eff->pid_file = names->main;
	eff->vrrp_pid_file = names->vrrp;
	eff->checkers_pid_file = names->checkers;
	return eff;
}

static bool has_scripts(const struct vg_conf *c)
{
	uint32_t i;

	if (c->scripts.count)
		return true;
	for (i = 0; i < c->instances.count; i++) {
		const struct vg_conf_instance *in = &c->instances.items[i];

		if (in->notify_master || in->notify_backup || in->notify_fault || in->notify_stop || in->notify ||
		    in->notify_deleted || in->notify_master_rx_lower_pri)
			return true;
	}
	for (i = 0; i < c->sync_groups.count; i++) {
		const struct vg_conf_sync_group *g = &c->sync_groups.items[i];

		if (g->notify_master || g->notify_backup || g->notify_fault || g->notify_stop || g->notify)
			return true;
	}
	return false;
}

/*
 * global_defs reload_file [PATH] (keepalived.conf(5)): made empty (or
 * truncated) before a reload reads the files, removed once they are read,
 * and removed after the first reading at start. Without PATH, keepalived
 * 2.2.7's default name: VGD_PID_DIR/keepalived_NAME.reload with an
 * instance, VGD_PID_DIR/keepalived.reload with use_pid_dir, else
 * /run/keepalived.reload. false: not configured.
 */
static bool reload_file_of(const struct vg_conf *conf, char *buf, size_t n)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(conf->global.extra, "reload_file");
	struct pid_conf pc;

	if (!kv)
		return false;
	memset(&pc, 0, sizeof(pc));
	pid_conf_read(conf, &pc);
	vgd_reload_file_name(kv->args.count ? kv->args.items[0] : NULL, pc.instance[0] ? pc.instance : NULL,
			     pc.use_pid_dir, buf, n);
	return true;
}

static void reload_file_create(const char *path)
{
	mode_t old = umask(022); /* rw-r--r--, as keepalived */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);

	umask(old);
	if (fd < 0)
		vgd_log(LOG_INFO, "reload_file %s: %s", path, strerror(errno));
	else
		close(fd);
}

static void reload_file_remove(const struct vg_conf *conf)
{
	char rf[256];

	if (reload_file_of(conf, rf, sizeof(rf)))
		unlink(rf);
}

/* max_auto_priority / min_auto_priority_delay of conf, keeping the priority in force (rt: the start's) */
static void auto_prio_conf(struct vgd *d, const struct vg_conf *conf, int rt)
{
	const struct vg_conf_global *g = &conf->global;

	vg_auto_prio_init(&d->ap, g->max_auto_priority.set ? (int)g->max_auto_priority.value : 0,
			  g->min_auto_priority_delay.set ? (uint32_t)g->min_auto_priority_delay.value : 0, rt);
}

/* The loop fired a deadline `late` ns after it was due (loop.h lag hook). */
static void on_lag(void *ctx, vg_time late, vg_time now)
{
	struct vgd *d = ctx;
	bool first = d->ap.cur == 0;
	int prio = vg_auto_prio_late(&d->ap, late);

	(void)now;
	if (!prio)
		return;
	vgd_log(LOG_INFO, "A timer expired %llu.%06llu seconds ago", (unsigned long long)(late / 1000000000ull),
		(unsigned long long)(late % 1000000000ull / 1000));
	vgd_sched_auto(&d->sched, prio, first && !d->sched.set_rt);
}

/* ---- signals ------------------------------------------------------------------ */

/* global_defs data_use_instance [BOOL]: keepalived 2.2.7 reads no word, true/on/yes or false/off/no */
static bool data_use_instance(const struct vg_conf *conf)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(conf->global.extra, "data_use_instance");

	if (!kv)
		return false;
	return !kv->args.count || !strcasecmp(kv->args.items[0], "true") || !strcasecmp(kv->args.items[0], "on") ||
	       !strcasecmp(kv->args.items[0], "yes");
}

static void dump_state(struct vgd *d)
{
	char buf[4096], name[4096];
	const char *path = getenv("VIGILD_DUMP_FILE");
	FILE *f;
	size_t i;

	if (!path) {
		struct pid_conf pc;
		const char *ns = d->o->namespace_name ? d->o->namespace_name : d->conf->global.net_namespace;

		memset(&pc, 0, sizeof(pc));
		pid_conf_read(d->conf, &pc);
		path = vgd_data_file_name(vgd_report_path("keepalived.data", buf, sizeof(buf)), data_use_instance(d->conf),
					  ns, pc.instance, name, sizeof(name));
	}
	f = vgd_report_open(path);

	if (!f)
		return;
	for (i = 0; i < d->ndrv; i++)
		d->drv[i].ops->dump(d->drv[i].self, f);
	if (d->rec) { /* a fixed ring: what it holds grows to ring_bytes, then stays */
		struct vgd_recorder_stats rs;

		vgd_recorder_stats(d->rec, &rs);
		fprintf(f, "------< Flight recorder >------\n");
		fprintf(f, " Ring = %zu of %zu bytes in use, %llu events, %llu dropped, %u configurations kept\n",
			rs.used_bytes, rs.ring_bytes, (unsigned long long)rs.events, (unsigned long long)rs.lost,
			rs.gens_kept);
	}
	fclose(f);
	vgd_log(LOG_INFO, "state written to %s", path);
}

static void record_write(struct vgd *d)
{
	int rc = d->rec ? vgd_recorder_save(d->rec, d->o->record_file, "signal") : -ENODEV;

	if (rc)
		vgd_log(LOG_ERR, "flight recording: cannot write %s: %s", d->o->record_file,
			rc == -ENODEV ? "the recorder is off (--record-size=0)" : strerror(-rc));
	else
		vgd_log(LOG_INFO, "flight recording written to %s", d->o->record_file);
}

/*
 * Once every driver has planned from d->conf (start, a committed reload),
 * its real_server blocks (~250 B per real server) are freed:
 * the LVS and checker drivers run on the LVS map and their copies, and
 * let go of their pointers into those blocks first (docs/lvs.md, "Memory
 * per checked server"). Nothing else reads them after planning; the tree's
 * other parts stay (global_defs, the VRRP side, the keyword records an
 * unchanged reload warns about again).
 */
static void conf_release_lvs(struct vgd *d)
{
	if (!d->conf || d->conf->lvs_dropped || !d->conf->virtual_servers.count)
		return;
	if ((d->lvs && vgd_lvs_release_tree(d->lvs)) || (d->check && vgd_check_release_tree(d->check)))
		return; /* out of memory: the tree stays whole */
	vg_conf_drop_lvs(d->conf);
	(void)malloc_trim(0); /* its chunks in the heap's middle */
}

static void on_signals(void *ctx, int fd, vg_time now)
{
	struct vgd *d = ctx;
	struct signalfd_siginfo si;
	size_t i;

	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP: {
			const struct vg_conf *before = d->conf; /* freed by a committed reload: compare only */
			bool igmp = d->conf->global.disable_local_igmp;
			char rf[256];
			bool have_rf = reload_file_of(d->conf, rf, sizeof(rf));
			enum vgd_reload_result r;

			if (have_rf)
				reload_file_create(rf);
			r = vgd_reload(d->o, d->drv, d->ndrv, &d->conf, &d->conf_rec, now);
			if (have_rf)
				unlink(rf); /* the files have been read */
			if (r == VGD_RELOAD_DONE)
				conf_release_lvs(d);
			if (r == VGD_RELOAD_UNCHANGED) /* keepalived reloads them all the same */
				vgd_vrrp_reload_unchanged(d->vrrp);
			vgd_reload_timer_conf(d->rtimer, d->conf, now); /* read the file again, as keepalived */
			if (d->conf != before)
				reload_file_remove(d->conf);

			if (d->conf != before) { /* the process name and umask follow a reload, as keepalived's */
				struct vgd_sched s;

				if (igmp != d->conf->global.disable_local_igmp)
					vgd_log(LOG_INFO, "Cannot change disable_local_igmp at a reload - please restart vigild");

				sched_read(&s, d->o, d->conf);
				vgd_sched_reload(&d->sched, &s, d->o->umask_value >= 0);
				d->sched = s;
				auto_prio_conf(d, d->conf, d->ap.cur);
				nl_bufs(d); /* keepalived sets them again on a reload */
			}
			if (d->metrics) /* committed, or nothing to do: both succeeded */
				vgd_metrics_reloaded(d->metrics, r != VGD_RELOAD_FAILED, vgl_loop_real(d->loop));
			break;
		}
		case SIGTERM:
		case SIGINT:
			vgd_log(LOG_INFO, "Stopping (signal %u)", si.ssi_signo);
			vgl_loop_stop(d->loop);
			break;
		case SIGUSR1:
			dump_state(d);
			break;
		case SIGUSR2:
			vgd_report_write(&d->report, VGD_REPORT_STATS, false, now, vgl_loop_real(d->loop));
			break;
		case SIGCHLD:
			for (i = 0; i < d->ndrv; i++)
				d->drv[i].ops->child_exited(d->drv[i].self, now);
			break;
		default:
			if ((int)si.ssi_signo == VGD_SIGJSON)
				vgd_report_write(&d->report, VGD_REPORT_JSON, false, now, vgl_loop_real(d->loop));
			else if ((int)si.ssi_signo == VGD_SIGSTATS_CLEAR)
				vgd_report_write(&d->report, VGD_REPORT_STATS, true, now, vgl_loop_real(d->loop));
			if ((int)si.ssi_signo == SIGRTMIN + VGD_REC_SIGNAL_OFFSET)
				record_write(d);
			break;
		}
	}
}

static int setup_signals(struct vgd *d, char *err, size_t n)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, VGD_SIGJSON);
	sigaddset(&set, VGD_SIGSTATS_CLEAR);
	sigaddset(&set, SIGRTMIN + VGD_REC_SIGNAL_OFFSET);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sfd < 0 || vgl_loop_add_fd(d->loop, d->sfd, on_signals, d)) {
		snprintf(err, n, "event loop: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- start, stop ------------------------------------------------------------ */

static void startstop_log(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	vgd_log(prio, "%s", msg);
}

/* global_defs startup_script / shutdown_script, waited for (script/startstop.h: keepalived's order) */
static void run_startstop(const struct vgd *d, bool startup)
{
	struct vgl_runner_cb cb = { .log = startstop_log };

	if (d->conf)
		vgl_run_startstop(d->conf, startup, &cb);
}

static bool drivers_busy(const struct vgd *d)
{
	size_t i;

	for (i = 0; i < d->ndrv; i++)
		if (d->drv[i].ops->busy(d->drv[i].self))
			return true;
	return false;
}

static void shutdown_all(struct vgd *d)
{
	vg_time now = vgl_clock_now(), until = now + VG_S((vg_time)d->sched.child_wait_s);
	struct pollfd p = { .fd = d->sfd, .events = POLLIN };
	size_t i;

	vgd_sd_notify("STOPPING=1");
	for (i = 0; i < d->ndrv; i++)
		d->drv[i].ops->stop(d->drv[i].self, now);
	/* let notify_stop scripts finish (at most child_wait_time, default 5 s), as keepalived waits for its
	   children */
	while (drivers_busy(d) && (now = vgl_clock_now()) < until) {
		if (poll(&p, 1, 50) > 0)
			on_signals(d, d->sfd, vgl_clock_now());
		for (i = 0; i < d->ndrv; i++)
			d->drv[i].ops->child_exited(d->drv[i].self, vgl_clock_now());
	}
}

/* The VRRP driver's VIPs go to both LVS-side drivers (ha_suspend). */
static void vip_fanout(void *ctx, const struct vg_addr *addr, bool present)
{
	struct vgd *d = ctx;

	if (d->lvs)
		vgd_lvs_vip(d->lvs->self, addr, present);
	if (d->check)
		vgd_check_vip(d->check->self, addr, present);
}

static void state_to_lvs(void *ctx, const char *instance, int state)
{
	struct vgd *d = ctx;

	if (d->lvs)
		vgd_lvs_vrrp_state(d->lvs->self, instance, state);
}

/* The VRRP driver's notifies go to the e-mail alerts (mail.c). */
static void notify_to_mail(void *ctx, const struct vg_conf_instance *inst, const struct vg_conf_sync_group *group,
			   uint8_t what, vg_time now)
{
	struct vgd *d = ctx;

	if (d->mail)
		vgd_mail_vrrp(d->mail->self, inst, group, what, now);
}

/* The BFD driver's sessions: track_bfd in the VRRP driver, BFD_CHECK in the checker driver. */
static void bfd_to_vrrp(void *ctx, uint16_t id, const char *name, bool up, vg_time now)
{
	struct vgd *d = ctx;

	(void)name;
	if (d->vrrp)
		vgd_vrrp_track(d->vrrp, VG_TRACK_BFD, id, up, 0, now);
}

static void bfd_to_check(void *ctx, uint16_t id, const char *name, bool up, vg_time now)
{
	struct vgd *d = ctx;

	(void)id;
	if (d->check)
		vgd_check_bfd(d->check->self, name, up, now);
}

static bool add_driver(struct vgd *d, struct vgd_driver drv, struct vgd_driver **slot)
{
	if (!drv.self)
		return false;
	d->drv[d->ndrv] = drv;
	*slot = &d->drv[d->ndrv++];
	return true;
}

/* `record` on the control socket (vigil status --record FILE): the recording as the reply's body. */
static int record_sink(void *ctx, const void *bytes, size_t n)
{
	struct vgd_buf *out = ctx;

	vgd_buf_append(out, bytes, n);
	return out->overflow ? -1 : 0;
}

static int cmd_record(void *ctx, const char *args, vg_time now, struct vgd_buf *out, char *err, size_t errlen)
{
	struct vgd *d = ctx;

	(void)now;
	if (*args) {
		snprintf(err, errlen, "record: no arguments");
		return -1;
	}
	if (!d->rec) {
		snprintf(err, errlen, "record: the flight recorder is off (--record-size=0)");
		return -1;
	}
	if (vgd_recorder_emit(d->rec, "control", record_sink, out)) {
		snprintf(err, errlen, "record: the recording does not fit in the reply");
		return -1;
	}
	return 0;
}

/* The flight recorder (--record-size), written out on a fatal signal too. */
static void recorder_start(struct vgd *d)
{
	struct utsname u;

	if (!d->o->record_kib)
		return;
	d->rec = vgd_recorder_new((size_t)d->o->record_kib * 1024, vgd_config_id(d->o, &u));
	if (!d->rec) {
		vgd_log(LOG_WARNING, "flight recorder off: cannot allocate %lu KiB", d->o->record_kib);
		return;
	}
	if (d->vrrp)
		vgd_vrrp_set_recorder(d->vrrp, d->rec);
	if (d->check)
		vgd_check_set_recorder(d->check, d->rec);
	vgd_recorder_on_fatal(d->rec, d->o->record_file);
}

/*
 * keepalived.conf(5) *_netlink_{cmd,monitor}_rcv_bufs[_force]: vigild has one
 * rtnetlink command and one monitor socket for both sides; the vrrp_ forms
 * size them, the lvs_ forms with -C (the checker side alone). Not written:
 * vigild's own sizes (monitor 1 MiB, command the kernel's default).
 */
static void nl_bufs(struct vgd *d)
{
	const char *side = d->o->check_only ? "lvs" : "vrrp";
	char name[32];

	if (!d->conf || !d->nl)
		return;
	snprintf(name, sizeof(name), "%s_netlink_cmd", side);
	vgd_rcvbuf_apply(vgl_nl_cmd_fd(d->nl), &d->conf->global, name);
	snprintf(name, sizeof(name), "%s_netlink_monitor", side);
	vgd_rcvbuf_apply(vgl_nl_monitor_fd(d->nl), &d->conf->global, name);
}

/*
 * Parse the configuration and create the drivers for it (start-up: not
 * strict). keepalived's processes: -P the VRRP side alone, -C the checker
 * side alone (the LVS driver and the checker driver), both by default;
 * `all` (for --cleanup) creates every driver. Order matters: the checker
 * driver comes after the LVS driver, so on a reload the LVS driver has its
 * new configuration before the checkers restart on it.
 */
static int drivers_new(struct vgd *d, bool all)
{
	struct vg_diags dg;
	bool vrrp = all || !d->o->check_only, lvs = all || !d->o->vrrp_only;
	bool ok = true;
	size_t i;

	vg_diags_init(&dg);
	d->conf = vgd_conf_read_recorded(d->o, &dg, &d->conf_rec);
	if (d->conf) {
		/* once at start-up: each keyword the daemon does not act on, at its file:line */
		vg_conf_keyword_warnings(d->conf, &dg);
		if (vrrp)
			ok = add_driver(d, vgd_vrrp_new(d->o, d->nl, d->conf, &dg), &d->vrrp);
		/* e-mail alerts: the VRRP side's and the checkers' (keepalived: both processes send them) */
		if (ok)
			ok = add_driver(d, vgd_mail_new(d->o, d->conf, &dg), &d->mail);
		if (ok && lvs)
			ok = add_driver(d, vgd_lvs_new(d->o, d->conf, &dg), &d->lvs);
		if (ok && lvs) { /* one LVS map per tree: the checker driver takes the LVS driver's (lvs_map.h) */
			struct vgd_lvs_map_source src = { .get = vgd_lvs_shared_map, .ctx = d->lvs->self };

			ok = add_driver(d, vgd_check_new(d->o, d->conf, &src, &dg), &d->check);
		}
		/* keepalived's bfd process: after the drivers it feeds, so a reload's commit reaches them
		   rebuilt when it tells them every session's state again */
		if (ok && !all)
			ok = add_driver(d, vgd_bfd_new(d->o, d->conf, &dg), &d->bfd);
		vgd_print_diags(&dg, NULL);
		/* a reload of a file with errors fails and says why: never skip it as unchanged */
		if (dg.errors)
			vg_conf_record_taint(d->conf_rec, "the running configuration has errors");
	}
	vg_diags_free(&dg);
	if (!d->conf || !ok) {
		for (i = 0; i < d->ndrv; i++)
			d->drv[i].ops->free(d->drv[i].self);
		d->ndrv = 0;
		d->vrrp = d->lvs = d->check = d->mail = d->bfd = NULL;
		return -1;
	}
	if (d->vrrp) {
		/* the VRRP driver's VIPs and states go to the LVS side (ha_suspend, lvs_sync_daemon) */
		struct vgd_hooks h = { .vip = vip_fanout, .state = state_to_lvs, .notify = notify_to_mail, .ctx = d };

		vgd_vrrp_set_hooks(d->vrrp, &h);
	}
	if (d->bfd) {
		struct vgd_bfd_hooks h = { .vrrp = bfd_to_vrrp, .checker = bfd_to_check, .ctx = d };

		vgd_bfd_set_hooks(d->bfd, &h);
	}
	if (d->check && d->lvs) {
		/* checker verdicts edit the LVS driver's table */
		struct vgd_lvs_hooks h = { .service = vgd_lvs_service_state, .ctx = d->lvs->self };

		vgd_check_set_lvs_hooks(d->check, &h);
		/* a reload keeps the servers unchanged checkers hold down out of the table */
		vgd_lvs_set_reload_states(d->lvs, vgd_check_reload_state, d->check->self);
	}
	if (d->check && d->mail) {
		struct vgd_check_mail_hook h = { .checker = vgd_mail_checker, .ctx = d->mail->self };

		vgd_check_set_mail_hook(d->check, &h);
	}
	return 0;
}

static void drivers_free(struct vgd *d)
{
	size_t i;

	for (i = 0; i < d->ndrv; i++)
		d->drv[i].ops->free(d->drv[i].self);
	d->ndrv = 0;
	d->vrrp = d->lvs = d->check = d->mail = d->bfd = NULL;
	if (d->conf)
		vg_conf_free(d->conf);
	d->conf = NULL;
	vg_conf_record_free(d->conf_rec);
	d->conf_rec = NULL;
	vgd_recorder_on_fatal(NULL, NULL);
	vgd_recorder_free(d->rec);
	d->rec = NULL;
}

int vgd_run(const struct vgd_opts *o, int ready_fd)
{
	char ns[256] = "";
	struct pid_conf pc;
	struct vgd_pid_names names;
	struct vgd_opts eff;
	struct vgd d;
	char err[256];
	vg_time now;
	size_t i;
	int rc = 1;

	memset(&d, 0, sizeof(d));
	if (namespace_of(o, ns, sizeof(ns), &pc) && enter_namespace(o->namespace_name ? o->namespace_name : ns))
		return 1;
	o = pid_opts(o, &pc, &names, &eff);
	d.o = o;
	d.sfd = -1;
	/* timers fire on time: the kernel's default slack lets a timer of a normal thread
	   expire up to 50 us late to batch wake-ups */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	if (vgd_pidfile_running(o->pid_file) > 0) {
		vgd_log(LOG_ERR, "daemon is already running (pid file %s)", o->pid_file);
		return 1;
	}
	d.nl = vgl_nl_open(err, sizeof(err));
	if (!d.nl) {
		vgd_log(LOG_ERR, "netlink: %s", err);
		return 1;
	}
	if (drivers_new(&d, false))
		goto out;
	reload_file_remove(d.conf); /* the files have been read */
	recorder_start(&d);
	nl_bufs(&d);
	sched_read(&d.sched, o, d.conf);
	vgd_sched_apply(&d.sched, o->umask_value >= 0);
	if (!o->check_only && d.conf->global.disable_local_igmp)
		d.igmp_changed = vgd_igmp_local_disable();
	if (o->check_only)
		vgd_log(LOG_INFO, "-C: running the checker side alone (LVS and health checkers, no VRRP)");
	else if (o->vrrp_only)
		vgd_log(LOG_INFO, "-P: running the VRRP side alone (no LVS, no health checkers)");
	if (o->dump_conf) {
		static char jbuf[1 << 20];
		struct vg_json j;

		vg_json_init(&j, jbuf, sizeof(jbuf));
		vg_json_conf(&j, NULL, d.conf);
		printf("%s\n", jbuf);
	}
	d.loop = vgl_loop_new(err, sizeof(err));
	if (!d.loop || setup_signals(&d, err, sizeof(err))) {
		vgd_log(LOG_ERR, "%s", err);
		goto out;
	}
	run_startstop(&d, true); /* before the VRRP side starts, as keepalived */
	for (i = 0; i < d.ndrv; i++)
		if (d.drv[i].ops->open(d.drv[i].self, d.loop))
			goto out;
	if (o->metrics_addr) {
		d.metrics = vgd_metrics_new(o->metrics_addr, err, sizeof(err));
		if (!d.metrics || vgd_metrics_start(d.metrics, d.loop, d.drv, &d.ndrv)) {
			vgd_log(LOG_ERR, "--metrics: %s", d.metrics ? "cannot watch its socket" : err);
			goto out;
		}
		vgd_log(LOG_INFO, "metrics on http://%s/metrics", o->metrics_addr);
	}
	now = vgl_clock_now();
	for (i = 0; i < d.ndrv; i++)
		d.drv[i].ops->start(d.drv[i].self, now);
	conf_release_lvs(&d);
	auto_prio_conf(&d, d.conf, d.sched.set_rt ? d.sched.rt_priority : 0);
	vgl_loop_set_lag_hook(d.loop, on_lag, &d);
	/* always there: a reload may add reload_time_file */
	d.rtimer = vgd_reload_timer_new(d.loop);
	if (!d.rtimer)
		vgd_log(LOG_ERR, "reload_time_file: out of memory");
	vgd_reload_timer_conf(d.rtimer, d.conf, now);
	d.report = (struct vgd_report_src){ .o = o, .loop = d.loop, .drv = d.drv, .ndrv = &d.ndrv };
	if (o->control_path) {
		d.ctl = vgd_ctl_open(d.loop, o->control_path, err, sizeof(err));
		if (!d.ctl || vgd_report_register(d.ctl, &d.report))
			vgd_log(LOG_ERR, "%s: `vigil status` will not reach this vigild", d.ctl ? "status" : err);
		if (d.ctl) {
			struct vgd_ctl_cmd rc_cmd = { .name = "record", .help = "record: the flight recording "
						      "(vigil status --record FILE)", .fn = cmd_record, .ctx = &d };

			if (vgd_ctl_register(d.ctl, &rc_cmd))
				vgd_log(LOG_ERR, "control socket: cannot register `record`");
		}
	}
	if (names.use_dir && !vgd_pid_dir_make())
		vgd_log(LOG_WARNING, "cannot make the pid directory %s: %s", VGD_PID_DIR, strerror(errno));
	if (vgd_pidfile_write(o->pid_file) || (d.vrrp && vgd_pidfile_write(o->vrrp_pid_file)) ||
	    (d.check && d.conf->virtual_servers.count && vgd_pidfile_write(o->checkers_pid_file)))
		vgd_log(LOG_WARNING, "cannot write pid file %s: %s", o->pid_file, strerror(errno));
	if (ready_fd >= 0) {
		if (write(ready_fd, "R", 1) < 0)
			(void)0;
		close(ready_fd);
	}
	{
		char ready[64];

		snprintf(ready, sizeof(ready), "READY=1\nMAINPID=%lu", (unsigned long)getpid());
		vgd_sd_notify(ready);
	}
	vgl_loop_run(d.loop);
	vgl_loop_stop(d.loop); /* also when the wait failed: the drivers release as on TERM */
	shutdown_all(&d);
	run_startstop(&d, false); /* after the VIPs are gone, as keepalived */
	rc = 0;
	vgd_pidfile_remove(o->pid_file);
	if (d.vrrp)
		vgd_pidfile_remove(o->vrrp_pid_file);
	if (d.check && d.conf->virtual_servers.count)
		vgd_pidfile_remove(o->checkers_pid_file);
	if (names.use_dir)
		vgd_pid_dir_remove();
out:
	vgd_metrics_free(d.metrics);
	vgd_ctl_close(d.ctl);
	drivers_free(&d);
	if (d.sfd >= 0)
		close(d.sfd);
	vgd_reload_timer_free(d.rtimer);
	vgl_loop_free(d.loop);
	vgl_nl_close(d.nl);
	vgd_igmp_local_restore(d.igmp_changed);
	vgd_log(LOG_INFO, "Stopped");
	return rc;
}

int vgd_cleanup(const struct vgd_opts *o)
{
	char ns[256] = "";
	struct pid_conf pc;
	struct vgd_pid_names names;
	struct vgd_opts eff;
	struct vgd d;
	char err[256];
	long pid;
	unsigned n;

	memset(&d, 0, sizeof(d));
	if (namespace_of(o, ns, sizeof(ns), &pc) && enter_namespace(o->namespace_name ? o->namespace_name : ns))
		return 1;
	o = pid_opts(o, &pc, &names, &eff);
	d.o = o;
	pid = vgd_pidfile_running(o->pid_file);
	if (pid > 0) {
		vgd_log(LOG_ERR, "--cleanup: vigild (pid %ld) is running; stop it first", pid);
		return 1;
	}
	d.nl = vgl_nl_open(err, sizeof(err));
	if (!d.nl) {
		vgd_log(LOG_ERR, "netlink: %s", err);
		return 1;
	}
	if (drivers_new(&d, true)) {
		drivers_free(&d);
		vgl_nl_close(d.nl);
		return 1;
	}
	n = vgd_vrrp_cleanup(d.vrrp);
	{
		struct vg_nft_opts nf = d.conf ? vgd_noaccept_opts(&d.conf->global) : (struct vg_nft_opts){ 0 };

		if (vgd_noaccept_cleanup(&nf) == 0)
			vgd_log(LOG_INFO, "--cleanup: removed the no_accept nftables table(s)");
	}
	vgd_log(LOG_INFO, "--cleanup: removed %u VIP(s)", n);
	if (vgd_lvs_cleanup(d.lvs) < 0)
		vgd_log(LOG_WARNING, "--cleanup: the IPVS services could not all be removed");
	vgd_pidfile_remove(o->pid_file);
	vgd_pidfile_remove(o->vrrp_pid_file);
	vgd_pidfile_remove(o->checkers_pid_file);
	if (names.use_dir)
		vgd_pid_dir_remove();
	drivers_free(&d);
	vgl_nl_close(d.nl);
	return 0;
}

int vgd_config_test(const struct vgd_opts *o)
{
	struct vg_diags dg;
	struct vg_conf *conf = NULL;
	struct utsname u;
	FILE *out = stderr;
	int rc, status = 0;

	if (o->config_test_log) {
		out = fopen(o->config_test_log, "we");
		if (!out) {
			fprintf(stderr, "vigild: cannot write %s: %s\n", o->config_test_log, strerror(errno));
			return 3;
		}
	}
	vg_diags_init(&dg);
	rc = vg_conf_load(o->conf, vgd_config_id(o, &u), &conf, &dg);
	if (!conf || rc == VG_CONF_ERR_IO || rc == VG_CONF_ERR_NOMEM) {
		vgd_print_diags(&dg, out);
		fprintf(out, "%s: cannot be read: the daemon cannot run\n", o->conf);
		status = 3;
		goto done;
	}
	/* instances the daemon will not run and keywords it does not act on, as `vigil check` reports
	   them; table names are resolved through this host's rt_tables by vg_host_check (as
	   `vigil check --host`) */
	if (vg_node_conf_check(conf, &dg) == VG_CONF_ERR_NOMEM) {
		fprintf(out, "%s: out of memory\n", o->conf);
		status = 3;
		vg_conf_free(conf);
		goto done;
	}
	vg_host_check(conf, &dg);
	/* the LVS table's findings, keepalived's -t words (lvs-keepalived), as `vigil check` reports them */
	if (vg_lvs_table_check(conf, &dg) == VG_LVS_ENOMEM) {
		fprintf(out, "%s: out of memory\n", o->conf);
		status = 3;
		vg_conf_free(conf);
		goto done;
	}
	{ /* umask, *_cpu_affinity and process name values vigild cannot use (proc_tune.h) */
		struct vgd_sched s;

		vgd_sched_from_conf(conf, checker_side(o), &s, &dg);
	}
	vg_diags_sort(&dg);
	vgd_print_diags(&dg, out);
	/*
	 * keepalived(8) "Exit status": 4 when there are configuration errors it
	 * works around (every finding of the parser and host checks is one:
	 * keepalived ignores the line or the instance), 5 when scripts are
	 * configured without script security; keepalived 2.2.7 reports the
	 * latter even when there are errors too. A keyword vigild parses but
	 * does not act on (keyword_status.h) is a configuration vigild only
	 * partly honours, as keepalived's worked-around errors are: it counts
	 * as a warning, so 4. (The keepalived 2.2.7 binary itself exits 5 for
	 * worked-around errors and 6 for script security, one more than its
	 * manual says: tests/vigild_cli.sh.)
	 */
	if (has_scripts(conf) && !conf->global.enable_script_security)
		status = 5;
	else if (dg.errors || dg.warnings)
		status = 4;
	fprintf(out, "%s: %u error(s), %u warning(s)%s\n", o->conf, dg.errors, dg.warnings,
		status == 5 ? "; scripts are configured without enable_script_security" : "");
	vg_conf_free(conf);
done:
	vg_diags_free(&dg);
	if (out != stderr)
		fclose(out);
	return status;
}

int vgd_ipvs_diff(const struct vgd_opts *o)
{
	struct vg_diags dg;
	struct vg_conf *conf;
	int rc;

	vg_diags_init(&dg);
	conf = vgd_conf_read(o, &dg);
	vgd_print_diags(&dg, stderr);
	vg_diags_free(&dg);
	if (!conf)
		return 1;
	if ((o->namespace_name || conf->global.net_namespace) &&
	    enter_namespace(o->namespace_name ? o->namespace_name : conf->global.net_namespace)) {
		vg_conf_free(conf);
		return 1;
	}
	{
		struct pid_conf pc;
		struct vgd_pid_names names;
		struct vgd_opts eff;

		memset(&pc, 0, sizeof(pc));
		pid_conf_read(conf, &pc);
		o = pid_opts(o, &pc, &names, &eff);
		rc = vgd_lvs_print_diff(conf, o->pid_file, stdout);
	}
	vg_conf_free(conf);
	return rc;
}
