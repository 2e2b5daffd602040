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
 * USR1 writes each driver's state dump, CHLD lets the drivers reap their
 * scripts. On stop every driver leaves its protocol and releases what it
 * holds; the root waits up to 5 s for their notify scripts, as keepalived
 * does.
 */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "conf/json.h"
#include "conf_loader.h"
#include "driver.h"
#include "host_check.h"
#include "log.h"
#include "loop.h"
#include "lvs_driver.h"
#include "lvs/table_from_conf.h"
#include "netlink/nl.h"
#include "noaccept.h"
#include "pidfile.h"
#include "reload.h"
#include "proc_tune.h"
#include "sdnotify.h"
#include "vrrp/plan.h"
#include "vrrp_driver.h"

#define VGD_DUMP_FILE "/tmp/keepalived.data"
#define DRIVERS_MAX 4

struct vgd {
	const struct vgd_opts *o;
	struct vg_conf *conf; /* the running configuration: the drivers point into it */
	struct vgl_nl *nl;
	struct vgl_loop *loop;
	struct vgd_driver drv[DRIVERS_MAX];
	size_t ndrv;
	int sfd;
};

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

/* ---- signals ------------------------------------------------------------------ */

static void dump_state(struct vgd *d)
{
	const char *path = getenv("VIGILD_DUMP_FILE") ? getenv("VIGILD_DUMP_FILE") : VGD_DUMP_FILE;
	FILE *f = fopen(path, "we");
	size_t i;

	if (!f) {
		vgd_log(LOG_ERR, "state dump: cannot write %s: %s", path, strerror(errno));
		return;
	}
	for (i = 0; i < d->ndrv; i++)
		d->drv[i].ops->dump(d->drv[i].self, f);
	fclose(f);
	vgd_log(LOG_INFO, "state written to %s", path);
}

static void on_signals(void *ctx, int fd, vg_time now)
{
	struct vgd *d = ctx;
	struct signalfd_siginfo si;
	size_t i;

	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			vgd_reload(d->o, d->drv, d->ndrv, &d->conf, now);
			break;
		case SIGTERM:
		case SIGINT:
			vgd_log(LOG_INFO, "Stopping (signal %u)", si.ssi_signo);
			vgl_loop_stop(d->loop);
			break;
		case SIGUSR1:
			dump_state(d);
			break;
		case SIGCHLD:
			for (i = 0; i < d->ndrv; i++)
				d->drv[i].ops->child_exited(d->drv[i].self, now);
			break;
		default:
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
	vg_time now = vgl_clock_now(), until = now + VG_S(5);
	struct pollfd p = { .fd = d->sfd, .events = POLLIN };
	size_t i;

	vgd_sd_notify("STOPPING=1");
	for (i = 0; i < d->ndrv; i++)
		d->drv[i].ops->stop(d->drv[i].self, now);
	/* let notify_stop scripts finish (at most 5 s), as keepalived waits for them */
	while (drivers_busy(d) && (now = vgl_clock_now()) < until) {
		if (poll(&p, 1, 50) > 0)
			on_signals(d, d->sfd, vgl_clock_now());
		for (i = 0; i < d->ndrv; i++)
			d->drv[i].ops->child_exited(d->drv[i].self, vgl_clock_now());
	}
}

/* Parse the configuration and create the drivers for it (start-up: not strict). */
static int drivers_new(struct vgd *d)
{
	struct vg_diags dg;

	vg_diags_init(&dg);
	d->conf = vgd_conf_read(d->o, &dg);
	if (d->conf) {
		d->drv[0] = vgd_vrrp_new(d->o, d->nl, d->conf, &dg);
		d->ndrv = d->drv[0].self ? 1 : 0;
		if (d->ndrv) {
			d->drv[1] = vgd_lvs_new(d->o, d->conf, &dg);
			d->ndrv = d->drv[1].self ? 2 : 0;
			if (!d->ndrv)
				d->drv[0].ops->free(d->drv[0].self);
		}
		vgd_print_diags(&dg, NULL);
	}
	if (d->ndrv) {
		/* the VRRP driver's VIPs and states go to the LVS driver (ha_suspend, lvs_sync_daemon) */
		struct vgd_hooks h = { .vip = vgd_lvs_vip, .state = vgd_lvs_vrrp_state, .ctx = d->drv[1].self };

		vgd_vrrp_set_hooks(&d->drv[0], &h);
	}
	vg_diags_free(&dg);
	return d->ndrv ? 0 : -1;
}

static void drivers_free(struct vgd *d)
{
	size_t i;

	for (i = 0; i < d->ndrv; i++)
		d->drv[i].ops->free(d->drv[i].self);
	d->ndrv = 0;
	if (d->conf)
		vg_conf_free(d->conf);
	d->conf = NULL;
}

int vgd_run(const struct vgd_opts *o, int ready_fd)
{
	struct vgd d;
	struct vgd_sched sched;
	char err[256];
	vg_time now;
	size_t i;
	int rc = 1;

	memset(&d, 0, sizeof(d));
	d.o = o;
	d.sfd = -1;
	if (o->namespace_name && enter_namespace(o->namespace_name))
		return 1;
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
	if (drivers_new(&d))
		goto out;
	vgd_sched_from_conf(d.conf, &sched);
	vgd_sched_apply(&sched);
	if (o->check_only)
		vgd_log(LOG_WARNING, "-C: vigild has no health-checker side to run; idling");
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
	for (i = 0; i < d.ndrv; i++)
		if (d.drv[i].ops->open(d.drv[i].self, d.loop))
			goto out;
	now = vgl_clock_now();
	for (i = 0; i < d.ndrv; i++)
		d.drv[i].ops->start(d.drv[i].self, now);
	if (vgd_pidfile_write(o->pid_file) || vgd_pidfile_write(o->vrrp_pid_file))
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
	rc = 0;
	vgd_pidfile_remove(o->pid_file);
	vgd_pidfile_remove(o->vrrp_pid_file);
out:
	drivers_free(&d);
	if (d.sfd >= 0)
		close(d.sfd);
	vgl_loop_free(d.loop);
	vgl_nl_close(d.nl);
	vgd_log(LOG_INFO, "Stopped");
	return rc;
}

int vgd_cleanup(const struct vgd_opts *o)
{
	struct vgd d;
	char err[256];
	long pid;
	unsigned n;

	memset(&d, 0, sizeof(d));
	d.o = o;
	if (o->namespace_name && enter_namespace(o->namespace_name))
		return 1;
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
	if (drivers_new(&d)) {
		drivers_free(&d);
		vgl_nl_close(d.nl);
		return 1;
	}
	n = vgd_vrrp_cleanup(&d.drv[0]);
	if (vgd_noaccept_cleanup() == 0)
		vgd_log(LOG_INFO, "--cleanup: removed the no_accept nftables table");
	vgd_log(LOG_INFO, "--cleanup: removed %u VIP(s)", n);
	if (vgd_lvs_cleanup(&d.drv[1]) < 0)
		vgd_log(LOG_WARNING, "--cleanup: the IPVS services could not all be removed");
	vgd_pidfile_remove(o->pid_file);
	vgd_pidfile_remove(o->vrrp_pid_file);
	drivers_free(&d);
	vgl_nl_close(d.nl);
	return 0;
}

int vgd_config_test(const struct vgd_opts *o)
{
	struct vg_diags dg;
	struct vg_conf *conf = NULL;
	struct vg_vrrp_plan plan;
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
	memset(&plan, 0, sizeof(plan));
	/* table names are resolved through this host's rt_tables by vg_host_check (as `vigil check --host`) */
	if (vg_vrrp_plan_build(conf, &plan, &dg) != VG_CONF_ERR_NOMEM)
		vg_vrrp_plan_free(&plan);
	vg_host_check(conf, &dg);
	/* the LVS table's findings, keepalived's -t words (lvs-keepalived), as `vigil check` reports them */
	if (vg_lvs_table_check(conf, &dg) == VG_LVS_ENOMEM) {
		fprintf(out, "%s: out of memory\n", o->conf);
		status = 3;
		vg_conf_free(conf);
		goto done;
	}
	vg_diags_sort(&dg);
	vgd_print_diags(&dg, out);
	/* notes, not findings: they do not change keepalived's exit status */
	{
		struct vg_diags cdg;
		uint32_t i;

		vg_diags_init(&cdg);
		vgd_lvs_report_checkers(conf, &cdg);
		for (i = 0; i < cdg.count; i++)
			fprintf(out, "%s:%u: note: %s\n", cdg.items[i].loc.file ? cdg.items[i].loc.file : o->conf,
				cdg.items[i].loc.line, cdg.items[i].message);
		vg_diags_free(&cdg);
	}
	/*
	 * keepalived(8) "Exit status": 4 when there are configuration errors it
	 * works around (every finding of the parser and host checks is one:
	 * keepalived ignores the line or the instance), 5 when scripts are
	 * configured without script security; keepalived 2.2.7 reports the
	 * latter even when there are errors too.
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
	if (o->namespace_name && enter_namespace(o->namespace_name)) {
		vg_conf_free(conf);
		return 1;
	}
	rc = vgd_lvs_print_diff(conf, o->pid_file, stdout);
	vg_conf_free(conf);
	return rc;
}
