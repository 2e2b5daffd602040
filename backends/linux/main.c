/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vigild: the VRRP daemon. Parses keepalived's flags, forks unless -n
 * (the parent exits once the child is up, so Type=forking units see the pid
 * file), and hands over to the composition root in daemon.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include "daemon.h"
#include "log.h"
#include "options.h"
#include "report.h"
#include "recorder.h"

static int signum(const char *name)
{
	/* keepalived 2.2.7's names and numbers (`keepalived --signum=JSON` prints 36: SIGRTMIN+2) */
	const struct { const char *name; int sig; } t[] = {
		{ "STOP", SIGTERM }, { "RELOAD", SIGHUP }, { "DATA", SIGUSR1 }, { "STATS", SIGUSR2 },
		{ "STATS_CLEAR", VGD_SIGSTATS_CLEAR }, { "JSON", VGD_SIGJSON },
	};
	size_t i;

	if (!strcmp(name, "RECORD")) { /* the flight recorder's write-out (recorder.h) */
		printf("%d\n", SIGRTMIN + VGD_REC_SIGNAL_OFFSET);
		return 0;
	}
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(name, t[i].name)) {
			printf("%d\n", t[i].sig);
			return 0;
		}
	fprintf(stderr, "vigild: --signum: unknown signal function '%s' (STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON, RECORD)\n", name);
	return 1;
}

/* Fork into the background; returns the write end of the readiness pipe in the child. */
static int daemonize(void)
{
	int p[2], devnull;
	pid_t pid;
	char c;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		/* wait until the daemon is up (or died) */
		exit(read(p[0], &c, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	setsid();
	if (chdir("/"))
		(void)0;
	devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		if (devnull > 2)
			close(devnull);
	}
	return p[1];
}

int main(int argc, char **argv)
{
	struct vgd_opts o;
	struct vgd_log_opts lo = { 0 };
	char err[256];
	int ready = -1;

	if (vgd_opts_parse(argc, argv, &o, err, sizeof(err))) {
		fprintf(stderr, "vigild: %s\nTry '%s --help'.\n", err, argv[0]);
		return 1;
	}
	switch (o.mode) {
	case VGD_HELP:
		vgd_usage(stdout, argv[0]);
		return 0;
	case VGD_VERSION:
		printf("vigild %s (keepalived-compatible VRRP daemon)\n", VIGIL_VERSION);
		return 0;
	case VGD_SIGNUM:
		return signum(o.signum);
	case VGD_CONFIG_TEST:
		return vgd_config_test(&o);
	case VGD_IPVS_DIFF:
		return vgd_ipvs_diff(&o);
	default:
		break;
	}
	if (o.umask_value >= 0)
		umask((mode_t)o.umask_value);
	lo.console = o.log_console || (o.mode == VGD_CLEANUP);
	lo.syslog = !o.no_syslog;
	lo.detail = o.log_detail;
	lo.facility = o.log_facility;
	lo.file = o.log_file;
	vgd_log_open(&lo);
	if (o.ignored)
		vgd_log(LOG_INFO, "ignored (no effect in vigild): %s", o.ignored_names);
	if (o.mode == VGD_CLEANUP)
		return vgd_cleanup(&o);
	if (!o.dont_fork) {
		ready = daemonize();
		if (ready < 0) {
			vgd_log(LOG_ERR, "cannot fork into the background");
			return 1;
		}
	}
	return vgd_run(&o, ready);
}
