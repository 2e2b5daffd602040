/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's command line: keepalived's flags, same meanings.
 *
 * vg_opts_parse() only fills struct vgd_opts (no side effects) so the
 * table of flags is unit-tested; main.c acts on the result. Flags that
 * only matter to parts vigild does not have (SNMP, genhash, BFD, core
 * dumps) are accepted and reported as ignored, so that a keepalived unit
 * file or /etc/default/keepalived works with the binary renamed.
 */
#ifndef VGD_OPTIONS_H
#define VGD_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#define VGD_DEFAULT_CONF "/etc/keepalived/keepalived.conf"
#define VGD_DEFAULT_PID "/run/keepalived.pid"
#define VGD_DEFAULT_VRRP_PID "/run/keepalived_vrrp.pid"
#define VGD_DEFAULT_CHECKERS_PID "/run/keepalived_checkers.pid"

enum vgd_mode {
	VGD_RUN,         /* the daemon */
	VGD_CONFIG_TEST, /* -t: check the configuration and exit 0/3/4/5 */
	VGD_CLEANUP,     /* --cleanup: remove what a killed daemon left (VIPs, routes, rules, vmacs) */
	VGD_VERSION,
	VGD_HELP,
	VGD_IPVS_DIFF,   /* --ipvs-diff: print what -f FILE changes in the IPVS table, touch nothing */
	VGD_SIGNUM,      /* --signum=NAME: print the signal number for STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON */
};

struct vgd_opts {
	enum vgd_mode mode;
	const char *conf;             /* -f */
	const char *pid_file;         /* -p */
	const char *vrrp_pid_file;    /* -r */
	const char *checkers_pid_file;/* -c */
	const char *log_file;         /* -g */
	const char *config_test_log;  /* -t=FILE */
	const char *config_id;        /* -i (default: the node name) */
	const char *namespace_name;   /* -s */
	const char *signum;           /* --signum */
	const char *metrics_addr;     /* --metrics=ADDR:PORT: the Prometheus endpoint; NULL: off */
	const char *control_path;     /* --control: the control socket (vigil status); NULL: none */
	const char *record_file;      /* --record-file: where the recorder signal and a fatal error write */
	unsigned long record_kib;     /* --record-size: the flight recorder's ring, KiB (0: off) */
	int log_facility;             /* -S: syslog facility, LOG_DAEMON by default */
	int umask_value;              /* -u, -1 = unchanged */
	bool dont_fork;               /* -n */
	bool log_console;             /* -l */
	bool log_detail;              /* -D */
	bool no_syslog;               /* -G */
	bool vrrp_only;               /* -P */
	bool check_only;              /* -C */
	bool dont_release_vrrp;       /* -V */
	bool dont_release_ipvs;       /* -I */
	bool ipvs_diff;               /* --ipvs-diff: print what -f FILE would change in the IPVS table */
	bool release_vips;            /* -X */
	bool dump_conf;               /* -d */
	bool address_monitoring;      /* -a */
	bool all_config;              /* -e */
	bool check_close_reset;       /* --check-close=reset: probes' TCP sockets close with RST (SO_LINGER 0) */
	bool check_tcp_syn;           /* --check-tcp=syn: TCP_CHECK half-open from a raw socket (check/syn.c) */
	bool pid_set, vrrp_pid_set, checkers_pid_set; /* -p / -r / -c given: the configuration's
						  instance / use_pid_dir do not rename them */
	unsigned ignored;             /* accepted flags without effect here */
	char ignored_names[128];
};

/*
 * Parse argv. Returns 0, or -1 with a message in err (the caller prints it
 * with the usage hint and exits 1, as keepalived does on a bad flag).
 */
int vgd_opts_parse(int argc, char **argv, struct vgd_opts *o, char *err, size_t errlen);

void vgd_usage(FILE *f, const char *prog);

#endif
