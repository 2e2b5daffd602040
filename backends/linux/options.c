/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "options.h"

#include "ctl.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "metrics/http.h"
#include "recorder.h"

enum { OPT_CLEANUP = 1000, OPT_ALL, OPT_SIGNUM, OPT_IPVS_DIFF, OPT_METRICS, OPT_CONTROL, OPT_RECORD_SIZE,
       OPT_RECORD_FILE, OPT_CHECK_CLOSE, OPT_CHECK_TCP };

static const struct option long_opts[] = {
	{ "use-file", required_argument, NULL, 'f' },
	{ "vrrp", no_argument, NULL, 'P' },
	{ "check", no_argument, NULL, 'C' },
	{ "no_bfd", no_argument, NULL, 'B' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "log-console", no_argument, NULL, 'l' },
	{ "log-detail", no_argument, NULL, 'D' },
	{ "log-facility", required_argument, NULL, 'S' },
	{ "log-file", required_argument, NULL, 'g' },
	{ "no-syslog", no_argument, NULL, 'G' },
	{ "umask", required_argument, NULL, 'u' },
	{ "release-vips", no_argument, NULL, 'X' },
	{ "dont-release-vrrp", no_argument, NULL, 'V' },
	{ "dont-release-ipvs", no_argument, NULL, 'I' },
	{ "dont-respawn", no_argument, NULL, 'R' },
	{ "dont-fork", no_argument, NULL, 'n' },
	{ "dump-conf", no_argument, NULL, 'd' },
	{ "pid", required_argument, NULL, 'p' },
	{ "vrrp_pid", required_argument, NULL, 'r' },
	{ "checkers_pid", required_argument, NULL, 'c' },
	{ "bfd_pid", required_argument, NULL, 'b' },
	{ "address-monitoring", no_argument, NULL, 'a' },
	{ "snmp", no_argument, NULL, 'x' },
	{ "snmp-agent-socket", required_argument, NULL, 'A' },
	{ "namespace", required_argument, NULL, 's' },
	{ "core-dump", no_argument, NULL, 'm' },
	{ "core-dump-pattern", optional_argument, NULL, 'M' },
	{ "all-config", no_argument, NULL, 'e' },
	{ "config-id", required_argument, NULL, 'i' },
	{ "signum", required_argument, NULL, OPT_SIGNUM },
	{ "config-test", optional_argument, NULL, 't' },
	{ "cleanup", no_argument, NULL, OPT_CLEANUP },
	{ "ipvs-diff", no_argument, NULL, OPT_IPVS_DIFF },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "control", required_argument, NULL, OPT_CONTROL },
	{ "record-size", required_argument, NULL, OPT_RECORD_SIZE },
	{ "check-close", required_argument, NULL, OPT_CHECK_CLOSE },
	{ "check-tcp", required_argument, NULL, OPT_CHECK_TCP },
	{ "record-file", required_argument, NULL, OPT_RECORD_FILE },
	{ "version", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const char short_opts[] = "f:PCBlDS:g:Gu:XVIRndp:r:c:b:axA:s:mM::ei:t::vh";

void vgd_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [OPTION...]\n"
		"vigild: VRRP and LVS daemon, a drop-in for keepalived (same flags, same keepalived.conf)\n\n"
		"  -f, --use-file=FILE          configuration file (default %s)\n"
		"  -P, --vrrp                   run the VRRP side only (no LVS table, no health checkers)\n"
		"  -C, --check                  run the checker side only: the LVS table and the health\n"
		"                               checkers (TCP_CHECK, HTTP_GET, SSL_GET), no VRRP\n"
		"  -l, --log-console            log to the console (stderr) too\n"
		"  -D, --log-detail             detailed log messages\n"
		"  -S, --log-facility=N         syslog facility: 0-7 (local0-7), localN, user or daemon (default)\n"
		"  -g, --log-file=FILE          log to FILE too\n"
		"  -G, --no-syslog              do not log through syslog\n"
		"  -n, --dont-fork              stay in the foreground (systemd Type=notify)\n"
		"  -p, --pid=FILE               pid file (default %s, or as the configuration's\n"
		"                               instance / use_pid_dir name it under /run/keepalived)\n"
		"  -r, --vrrp_pid=FILE          VRRP pid file (default %s; same process)\n"
		"  -c, --checkers_pid=FILE      checkers pid file (default %s; written when virtual servers run)\n"
		"  -u, --umask=MASK             umask for files we create\n"
		"  -V, --dont-release-vrrp      leave VIPs and routes in place when stopping\n"
		"  -I, --dont-release-ipvs      leave the IPVS virtual servers in place when stopping\n"
		"  -X, --release-vips           drop VIPs on transition from a signal\n"
		"  -d, --dump-conf              print the parsed configuration (JSON) and go on\n"
		"  -a, --address-monitoring     log every address added or removed (netlink)\n"
		"  -e, --all-config             error if an included file is missing\n"
		"  -i, --config-id=ID           config id for @ID lines (default: node name)\n"
		"  -s, --namespace=NAME         run in network namespace NAME\n"
		"  -t, --config-test[=FILE]     check the configuration (host checks and the LVS table\n"
		"                               findings included) and exit:\n"
		"                               0 clean, 4 errors worked around, 5 scripts without\n"
		"                               enable_script_security, 3 cannot run\n"
		"      --cleanup                remove VIPs, virtual routes/rules and vmac interfaces a killed\n"
		"                               vigild left, and the configuration's IPVS services (systemd\n"
		"                               ExecStopPost), then exit\n"
		"      --ipvs-diff              print, as ipvsadm commands, what -f FILE would change in the\n"
		"                               kernel's IPVS table (a reload of the vigild running with -p\n"
		"                               PIDFILE, else a start); touches nothing\n"
		"      --metrics=ADDR:PORT      serve Prometheus metrics (HTTP GET /metrics) on ADDR:PORT,\n"
		"                               IPv6 as [ADDR]:PORT; off by default (docs/operations.md)\n"
		"      --signum=NAME            print the signal number of STOP, RELOAD, DATA, STATS,\n"
		"                               STATS_CLEAR, JSON or RECORD\n"
		"      --control=PATH           the control socket `vigil status` reads (default %s;\n"
		"                               mode 0600: root only); 'none': no socket\n"
		"      --record-size=KIB        the flight recorder's ring: every input given to the core (adverts,\n"
		"                               timers, links, addresses, scripts, reloads, checker results), default %u KiB, 0 off\n"
		"      --record-file=FILE       where signal RECORD (SIGRTMIN+4) and a fatal error write the\n"
		"                               recording (default %s); read it with 'vigil replay FILE'\n",
		prog, VGD_DEFAULT_CONF, VGD_DEFAULT_PID, VGD_DEFAULT_VRRP_PID, VGD_DEFAULT_CHECKERS_PID, VGD_CTL_DEFAULT,
		VGD_REC_DEFAULT_KIB, VGD_REC_DEFAULT_FILE);
	fputs(
		"      --check-close=MODE       how the health checkers close a TCP connection: fin (default,\n"
		"                               as keepalived: FIN, TIME_WAIT on the director) or reset (RST:\n"
		"                               less kernel work per probe, no TIME_WAIT; docs/lvs.md)\n"
		"      --check-tcp=MODE         how TCP_CHECK probes: connect (default, as keepalived: a\n"
		"                               connection, then closed) or syn (half-open: one SYN from a\n"
		"                               raw socket, the SYN-ACK or RST decides, no connection is\n"
		"                               made; needs CAP_NET_RAW; docs/lvs.md)\n"
		"  -v, --version                print the version\n"
		"  -h, --help                   this help\n"
		"Accepted for compatibility, no effect: -B -R -x -A -m -M -b --all\n"
		"Signals: HUP reloads (unchanged instances keep state), TERM/INT stop (priority 0, VIPs removed,\n"
		"notify_stop), USR1 writes the state dump to /tmp/keepalived.data, USR2 the statistics to\n"
		"/tmp/keepalived.stats, --signum=JSON's signal keepalived's JSON dump to /tmp/keepalived.json,\n"
		"--signum=STATS_CLEAR's the statistics, then zeroes them ($TMPDIR instead of /tmp when set),\n"
		"SIGRTMIN+4 the flight recording\n", f);
}

static int parse_facility(const char *s)
{
	static const int local[8] = { LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
				      LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7 };

	if (!strcmp(s, "daemon"))
		return LOG_DAEMON;
	if (!strcmp(s, "user"))
		return LOG_USER;
	if (!strncmp(s, "local", 5))
		s += 5;
	if (s[0] >= '0' && s[0] <= '7' && !s[1])
		return local[s[0] - '0'];
	return -1;
}

/* A flag of two words: `off` (the default) or `on`. 0, or -1 with the error in err. */
static int choice(const char *arg, const char *flag, const char *off, const char *on, bool *out, char *err,
		  size_t errlen)
{
	if (!strcmp(arg, off) || !strcmp(arg, on)) {
		*out = !strcmp(arg, on);
		return 0;
	}
	snprintf(err, errlen, "invalid %s '%s' (%s or %s)", flag, arg, off, on);
	return -1;
}

static void ignore(struct vgd_opts *o, const char *name)
{
	size_t n = strlen(o->ignored_names);

	o->ignored++;
	if (n + strlen(name) + 2 < sizeof(o->ignored_names))
		snprintf(o->ignored_names + n, sizeof(o->ignored_names) - n, "%s%s", n ? " " : "", name);
}

int vgd_opts_parse(int argc, char **argv, struct vgd_opts *o, char *err, size_t errlen)
{
	int c;
	char *end;

	memset(o, 0, sizeof(*o));
	o->mode = VGD_RUN;
	o->conf = VGD_DEFAULT_CONF;
	o->pid_file = VGD_DEFAULT_PID;
	o->vrrp_pid_file = VGD_DEFAULT_VRRP_PID;
	o->checkers_pid_file = VGD_DEFAULT_CHECKERS_PID;
	o->log_facility = LOG_DAEMON;
	o->umask_value = -1;
	o->control_path = VGD_CTL_DEFAULT;
	o->record_kib = VGD_REC_DEFAULT_KIB;
	o->record_file = VGD_REC_DEFAULT_FILE;
	optind = 0; /* full reset: parse may run more than once (tests) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 'f': o->conf = optarg; break;
		case 'P': o->vrrp_only = true; break;
		case 'C': o->check_only = true; break;
		case 'l': o->log_console = true; break;
		case 'D': o->log_detail = true; break;
		case 'S':
			o->log_facility = parse_facility(optarg);
			if (o->log_facility < 0) {
				snprintf(err, errlen, "invalid log facility '%s' (0-7, local0-7, user, daemon)", optarg);
				return -1;
			}
			break;
		case 'g': o->log_file = optarg; break;
		case 'G': o->no_syslog = true; break;
		case 'u':
			o->umask_value = (int)strtol(optarg, &end, 0);
			if (*end || o->umask_value < 0 || o->umask_value > 0777) {
				snprintf(err, errlen, "invalid umask '%s'", optarg);
				return -1;
			}
			break;
		case 'X': o->release_vips = true; break;
		case 'V': o->dont_release_vrrp = true; break;
		case 'n': o->dont_fork = true; break;
		case 'd': o->dump_conf = true; break;
		case 'p': o->pid_file = optarg; o->pid_set = true; break;
		case 'r': o->vrrp_pid_file = optarg; o->vrrp_pid_set = true; break;
		case 'c': o->checkers_pid_file = optarg; o->checkers_pid_set = true; break;
		case 'a': o->address_monitoring = true; break;
		case 's': o->namespace_name = optarg; break;
		case 'e': o->all_config = true; break;
		case 'i': o->config_id = optarg; break;
		case 't':
			o->mode = VGD_CONFIG_TEST;
			o->config_test_log = optarg;
			break;
		case OPT_CLEANUP: o->mode = VGD_CLEANUP; break;
		case OPT_IPVS_DIFF: o->mode = VGD_IPVS_DIFF; break;
		case OPT_METRICS: {
			struct sockaddr_storage ss;
			socklen_t len;
			char why[160];

			if (vgd_http_parse_addr(optarg, &ss, &len, why, sizeof(why))) {
				snprintf(err, errlen, "--metrics: %s", why);
				return -1;
			}
			o->metrics_addr = optarg;
			break;
		}
		case OPT_CONTROL:
			if (!optarg[0]) {
				snprintf(err, errlen, "--control needs a path (or 'none')");
				return -1;
			}
			o->control_path = strcmp(optarg, "none") ? optarg : NULL;
			break;
		case 'v': o->mode = VGD_VERSION; break;
		case 'h': o->mode = VGD_HELP; break;
		case 'B': ignore(o, "--no_bfd"); break;
		case 'I': o->dont_release_ipvs = true; break;
		case 'R': ignore(o, "--dont-respawn"); break;
		case 'x': ignore(o, "--snmp"); break;
		case 'A': ignore(o, "--snmp-agent-socket"); break;
		case 'm': ignore(o, "--core-dump"); break;
		case 'M': ignore(o, "--core-dump-pattern"); break;
		case 'b': ignore(o, "--bfd_pid"); break;
		case OPT_ALL: ignore(o, "--all"); break;
		case OPT_RECORD_SIZE:
			o->record_kib = strtoul(optarg, &end, 10);
			if (*end || !*optarg || o->record_kib > 4u * 1024 * 1024) {
				snprintf(err, errlen, "invalid --record-size '%s' (KiB, 0 to 4194304)", optarg);
				return -1;
			}
			break;
		case OPT_RECORD_FILE: o->record_file = optarg; break;
		case OPT_CHECK_CLOSE:
			if (choice(optarg, "--check-close", "fin", "reset", &o->check_close_reset, err, errlen))
				return -1;
			break;
		case OPT_CHECK_TCP:
			if (choice(optarg, "--check-tcp", "connect", "syn", &o->check_tcp_syn, err, errlen))
				return -1;
			break;
		case OPT_SIGNUM:
			o->mode = VGD_SIGNUM;
			o->signum = optarg;
			break;
		case ':':
			snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			if (optopt)
				snprintf(err, errlen, "unknown option '-%c'", optopt);
			else
				snprintf(err, errlen, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (o->vrrp_only && o->check_only) {
		snprintf(err, errlen, "-P (--vrrp) and -C (--check) exclude each other");
		return -1;
	}
	return 0;
}
