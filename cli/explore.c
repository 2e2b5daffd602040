// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: `vigil explore`: random fault schedules against a configuration set.
 *
 * For each seed, one PRNG draws a fault schedule (crashes and restarts,
 * graceful stops, firewalls dropping VRRP, partitions, interface and script
 * failures) over the first two thirds of the run; then everything heals and
 * the world must converge (TigerBeetle's "heal, then assert") within the
 * time the configurations need (vg_harness_converge_ns), which may run
 * past --duration.
 * The simulator's invariant checkers run throughout. A failing seed is
 * printed with the command that replays it, and its schedule is shrunk to
 * a minimal one that still fails, printed as scenario lines.
 * Seeds run in --jobs worker processes; a progress bar shows on a terminal.
 */
#include "explore_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf_loader.h"
#include "sim/harness.h"
#include "sim/scenario.h"
#include "vrrp/plan.h"

#define CONFIGS_MAX 16
#define FAULTS_MAX VG_HARNESS_FAULTS_MAX

struct explore {
	const char *config_path[CONFIGS_MAX];
	struct vg_conf *conf[CONFIGS_MAX];
	int config_count;
	int nodes;
	struct vg_harness_opts opt;
	bool lvs;            /* some configuration has virtual servers: the LVS world runs too */
	struct vg_harness h; /* the nodes, built once; one run per seed */
};

/* The nodes, built once: node k runs configuration k mod count, all on one segment. */
static int build(struct explore *x)
{
	vg_harness_init(&x->h, &x->opt);
	for (int k = 0; k < x->nodes; k++) {
		char name[16];
		struct vg_addr addr = { .family = VG_AF_INET, .bytes = { 192, 0, 2, (uint8_t)(k + 1) } };
		struct vg_diags d;
		int rc;

		snprintf(name, sizeof(name), "n%d", k + 1);
		vg_diags_init(&d);
		rc = vg_harness_add_conf(&x->h, name, &addr, x->conf[k % x->config_count], VG_HARNESS_ONE_SEGMENT, &d);
		vg_diags_free(&d);
		if (rc != 0 || x->h.node[k].inst_count == 0) {
			fprintf(stderr, "vigil explore: %s: cannot use it (run 'vigil check %s')\n",
				x->config_path[k % x->config_count], x->config_path[k % x->config_count]);
			return -1;
		}
	}
	if (x->opt.reloads_max && vg_harness_reload_slots(&x->h)) {
		fprintf(stderr, "vigil explore: too many nodes for reloads (use --reloads 0)\n");
		return -1;
	}
	/* the LVS world only when some node directs virtual servers: VRRP-only runs stay as fast */
	{
		struct vg_diags d;
		uint8_t bad = 0;
		int rc;

		vg_diags_init(&d);
		rc = vg_harness_start(&x->h, true, &d, &bad);
		vg_diags_free(&d);
		if (rc) {
			fprintf(stderr, "vigil explore: %s: its virtual servers cannot be simulated (run 'vigil check %s')\n",
				x->config_path[bad % x->config_count], x->config_path[bad % x->config_count]);
			return -1;
		}
		x->lvs = x->h.lvs->node_count > 0;
	}
	return 0;
}

/* A new run of the same nodes. */
static void setup(struct explore *x, uint64_t seed)
{
	x->h.opt.seed = seed;
	vg_harness_start(&x->h, x->lvs, NULL, NULL); /* checked by build() */
}

/*
 * The liveness check waits what the configurations need after the heal
 * (vg_harness_converge_ns: Master_Down_Interval, preempt_delay, delays),
 * however short the chosen duration: a run ends at the later of the two.
 */
static vg_time end_time(const struct vg_harness *h)
{
	vg_time due = vg_harness_heal_time(h) + vg_harness_converge_ns(h);

	return due > h->opt.duration ? due : h->opt.duration;
}

/* Draw a schedule: faults in the first 2/3, then the heal (added by run()). */
static int draw(struct explore *x, uint64_t seed, struct vg_harness_fault *f)
{
	setup(x, seed);
	return vg_harness_draw(&x->h, seed, f, FAULTS_MAX);
}

/* Run one schedule; returns the number of violations (plus 1 if it did not converge). */
static uint32_t run(struct explore *x, uint64_t seed, const struct vg_harness_fault *f, int nf, bool *converged)
{
	struct vg_harness_fault heal[VG_HARNESS_HEAL_MAX];
	int nh;

	setup(x, seed);
	vg_harness_start_nodes(&x->h, UINT32_MAX);
	vg_harness_schedule_faults(&x->h, f, nf);
	nh = vg_harness_heal(&x->h, vg_harness_heal_time(&x->h), heal, 0, VG_HARNESS_HEAL_MAX);
	vg_harness_schedule_faults(&x->h, heal, nh);
	vg_harness_run(&x->h, end_time(&x->h));

	/* liveness after the heal: one Master per VRID */
	*converged = vg_harness_converged(&x->h);
	return vg_harness_violations(&x->h) + (*converged ? 0 : 1);
}

static void print_schedule(const struct explore *x, const struct vg_harness_fault *f, int nf)
{
	int i;

	for (i = 0; i < nf; i++) {
		const char *node = x->h.node[f[i].node].name;
		double t = (double)f[i].at / 1e9;

		switch (f[i].kind) {
		case VG_SIM_CRASH: printf("    at %.3fs crash %s\n", t, node); break;
		case VG_SIM_STOP: printf("    at %.3fs stop %s\n", t, node); break;
		case VG_SIM_START: printf("    at %.3fs start %s\n", t, node); break;
		case VG_SIM_FW_DROP: printf("    at %.3fs firewall %s drop\n", t, node); break;
		case VG_SIM_FW_ALLOW: printf("    at %.3fs firewall %s allow\n", t, node); break;
		case VG_SIM_PARTITION: printf("    at %.3fs %s moves to partition %u\n", t, node, f[i].arg); break;
		case VG_SIM_LINK_DOWN:
		case VG_SIM_LINK_UP:
			printf("    at %.3fs link %s %s %s\n", t, node, x->h.node[f[i].node].node.plan.ifaces[f[i].arg - 1],
			       f[i].kind == VG_SIM_LINK_UP ? "up" : "down");
			break;
		case VG_SIM_RELOAD: {
			int16_t delta = x->h.reload[f[i].arg].priority_delta;

			if (delta)
				printf("    at %.3fs reload %s %s  # with priorities %+d\n", t, node,
				       x->config_path[f[i].node % x->config_count], delta);
			else
				printf("    at %.3fs reload %s %s\n", t, node, x->config_path[f[i].node % x->config_count]);
			break;
		}
		case VG_HARNESS_RS_MODE: {
			static const char *const mode[] = { "up", "down", "slow", "flap", "wrong-body" };
			const struct vg_lvs_sim_server *sv = &x->h.lvs->server[f[i].arg];
			char ip[VG_ADDR_STRLEN];

			vg_addr_format(&sv->addr, ip, sizeof(ip));
			printf(sv->addr.family == VG_AF_INET6 ? "    at %.3fs realserver [%s]:%u %s" : "    at %.3fs realserver %s:%u %s",
			       t, ip, sv->port, f[i].mode < 5 ? mode[f[i].mode] : "?");
			if (f[i].mode == VG_SCN_RS_FLAP)
				printf(" %.3fs", (double)f[i].span_ns / 1e9);
			printf("\n");
			break;
		}
		case VG_HARNESS_CLIENTS:
			printf("    at %.3fs clients %u/s for %.3fs\n", t, f[i].arg, (double)f[i].span_ns / 1e9);
			break;
		default:
			printf("    at %.3fs script %s %s %s\n", t, node,
			       x->conf[f[i].node % x->config_count]->scripts.items[f[i].arg - 1].name,
			       f[i].kind == VG_SIM_TRACK_OK ? "ok" : "fail");
			break;
		}
	}
}

/* Delta debugging, one fault at a time: drop any fault whose removal still fails. */
static int shrink(struct explore *x, uint64_t seed, struct vg_harness_fault *f, int nf)
{
	bool again = true, conv;
	int i;

	while (again) {
		again = false;
		for (i = 0; i < nf; i++) {
			struct vg_harness_fault keep = f[i];

			memmove(&f[i], &f[i + 1], sizeof(*f) * (size_t)(nf - i - 1));
			if (run(x, seed, f, nf - 1, &conv) > 0) {
				nf--;
				again = true;
				i--;
			} else {
				memmove(&f[i + 1], &f[i], sizeof(*f) * (size_t)(nf - i - 1));
				f[i] = keep;
			}
		}
	}
	return nf;
}

static void report(struct explore *x, uint64_t seed, int argc, char **argv)
{
	struct vg_harness_fault f[FAULTS_MAX];
	int nf = draw(x, seed, f), i;
	bool conv;
	uint32_t v;

	run(x, seed, f, nf, &conv);
	printf("\nseed %llu FAILED:\n", (unsigned long long)seed);
	for (v = 0; v < x->h.check.count && v < VG_SIM_VIOLATIONS_MAX; v++)
		printf("  %.6fs invariant %s: %s\n", (double)x->h.check.v[v].at / 1e9, x->h.check.v[v].invariant,
		       x->h.check.v[v].detail);
	for (v = 0; x->h.lvs && v < x->h.lvs->violation_count && v < VG_LVS_SIM_VIOLATIONS_MAX; v++)
		printf("  %.6fs invariant %s: %s\n", (double)x->h.lvs->v[v].at / 1e9, x->h.lvs->v[v].invariant,
		       x->h.lvs->v[v].detail);
	if (!conv)
		printf("  not converged: after the heal there is not exactly one Master per VRID\n");
	printf("  replay: vigil");
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "--seeds") && strcmp(argv[i], "--first-seed") && strcmp(argv[i], "--jobs") &&
		    (i == 0 || (strcmp(argv[i - 1], "--seeds") && strcmp(argv[i - 1], "--first-seed") &&
				strcmp(argv[i - 1], "--jobs"))))
			printf(" %s", argv[i]);
	printf(" --seeds 1 --first-seed %llu\n", (unsigned long long)seed);
	nf = shrink(x, seed, f, nf);
	printf("  minimal schedule (%d faults, then the heal at %.3fs) that still fails:\n", nf,
	       (double)vg_harness_heal_time(&x->h) / 1e9);
	print_schedule(x, f, nf);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vigil explore [CONFIG...] [--seeds N] [--first-seed S] [--nodes K] [--duration T]\n"
		   "                     [--jobs J] [--loss P%%] [--delay T] [--jitter T] [--duplicate P%%]\n"
		   "                     [--reloads R]\n"
		   "                     [--rs-faults F] [--client-bursts B]\n\n"
		   "Runs N random fault schedules (crash, stop, firewall, partition, link, script, reload)\n"
		   "on K simulated nodes; node k runs CONFIG[k mod count] (default: the bundled nginx pair).\n"
		   "When a configuration has virtual servers the LVS world runs too: real servers fail\n"
		   "(down, slow, wrong body, flapping) and clients connect, and the LVS invariants hold.\n"
		   "Faults fill the first two thirds of each run, then everything heals and the run must\n"
		   "converge to one Master per VRID. The invariants are checked throughout. A failing seed\n"
		   "is printed with its replay command and a shrunk fault schedule. A run lasts at least\n"
		   "as long after the heal as the configurations need to converge (Master_Down_Interval,\n"
		   "preempt_delay, one more advert, the delays), whatever --duration says.\n\n"
		   "  --seeds N        schedules to run (default 100)\n"
		   "  --first-seed S   first seed (default 1)\n"
		   "  --nodes K        nodes (default: number of configs, at least 2)\n"
		   "  --duration T     simulated time per seed (default 60s)\n"
		   "  --jobs J         worker processes (default: online CPUs)\n"
		   "  --loss P%%        packet loss (default 0%%)\n"
		   "  --delay T        one-way delay (default 1ms)\n"
		   "  --jitter T       extra delay drawn in [0, T]: reorders adverts (default 0)\n"
		   "  --duplicate P%%   packet duplication (default 0%%)\n"
		   "  --reloads R      reloads per seed, 0..R: the same file, or priorities -50 / +50 (default 2)\n"
		   "  --rs-faults F    LVS: real-server faults per seed, 0..F, each repaired (default 3)\n"
		   "  --client-bursts B  LVS: client bursts per seed, 1..B (0: none; default 2)\n\n"
		   "Exit status: 0 no failing seed, 1 a seed failed, 2 bad input.\n");
}

int vg_cmd_explore(int argc, char **argv)
{
	static struct explore x;
	static const char *defaults[] = { "docs/scenarios/configs/06-nginx-master-129-fixed.conf",
					   "docs/scenarios/configs/06-nginx-backup-131-fixed.conf" };
	uint64_t seeds = 100, first = 1, s;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	int i, j, failed = 0, pipes[64][2];
	pid_t pids[64];
	bool tty = isatty(STDERR_FILENO);
	struct timespec t0, t1;

	memset(&x, 0, sizeof(x));
	vg_harness_opts_default(&x.opt);
	x.opt.delay_ns = VG_MS(1);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--seeds") && v) {
			seeds = strtoull(v, NULL, 0), i++;
		} else if (!strcmp(a, "--first-seed") && v) {
			first = strtoull(v, NULL, 0), i++;
		} else if (!strcmp(a, "--nodes") && v) {
			x.nodes = atoi(v), i++;
		} else if (!strcmp(a, "--jobs") && v) {
			jobs = atol(v), i++;
		} else if (!strcmp(a, "--duration") && v) {
			if (vg_scenario_duration(v, &x.opt.duration) || x.opt.duration < VG_S(3)) {
				fprintf(stderr, "vigil explore: bad duration '%s' (at least 3s)\n", v);
				return 2;
			}
			i++;
		} else if (!strcmp(a, "--delay") && v) {
			if (vg_scenario_duration(v, &x.opt.delay_ns)) {
				fprintf(stderr, "vigil explore: bad delay '%s'\n", v);
				return 2;
			}
			i++;
		} else if (!strcmp(a, "--loss") && v) {
			x.opt.loss_ppm = (uint32_t)(atof(v) * 10000), i++;
		} else if (!strcmp(a, "--duplicate") && v) {
			x.opt.dup_ppm = (uint32_t)(atof(v) * 10000), i++;
		} else if (!strcmp(a, "--jitter") && v) {
			if (vg_scenario_duration(v, &x.opt.jitter_ns)) {
				fprintf(stderr, "vigil explore: bad jitter '%s'\n", v);
				return 2;
			}
			i++;
		} else if ((!strcmp(a, "--reloads") || !strcmp(a, "--rs-faults") || !strcmp(a, "--client-bursts")) && v) {
			char *end;
			unsigned long n = strtoul(v, &end, 10);

			if (*end || end == v || n > 20) {
				fprintf(stderr, "vigil explore: %s takes 0..20, not '%s'\n", a, v);
				return 2;
			}
			if (!strcmp(a, "--reloads"))
				x.opt.reloads_max = (uint8_t)n;
			else if (!strcmp(a, "--rs-faults"))
				x.opt.rs_faults_max = (uint8_t)n;
			else
				x.opt.client_bursts_max = (uint8_t)n;
			i++;
		} else if (a[0] != '-' && x.config_count < CONFIGS_MAX) {
			x.config_path[x.config_count++] = a;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (x.config_count == 0) {
		x.config_path[0] = defaults[0];
		x.config_path[1] = defaults[1];
		x.config_count = 2;
	}
	if (x.nodes == 0)
		x.nodes = x.config_count < 2 ? 2 : x.config_count;
	if (x.nodes < 1 || x.nodes > VG_SIM_NODES_MAX || jobs < 1) {
		fprintf(stderr, "vigil explore: --nodes must be 1..%d and --jobs at least 1\n", VG_SIM_NODES_MAX);
		return 2;
	}
	if (jobs > 64)
		jobs = 64;
	for (i = 0; i < x.config_count; i++) {
		struct vg_diags d;
		int rc;

		vg_diags_init(&d);
		rc = vg_conf_load(x.config_path[i], NULL, &x.conf[i], &d);
		if (rc == 0) { /* a configuration no node runs (--nodes below the count) is checked too */
			struct vg_node n;

			rc = vg_node_build(x.conf[i], &n, &d);
			if (rc != VG_CONF_ERR_NOMEM) {
				if (n.plan.inst_count == 0 || n.plan.inst_count > VG_SIM_INST_MAX)
					rc = -1;
				vg_node_free(&n);
			}
		}
		vg_diags_free(&d);
		if (rc != 0) {
			fprintf(stderr, "vigil explore: %s: cannot use it (run 'vigil check %s')\n", x.config_path[i],
				x.config_path[i]);
			return 2;
		}
	}

	if (build(&x))
		return 2;
	printf("vigil explore: %llu seeds from %llu, %d nodes, %.0f s each, loss %.2f%%, delay %.3f ms, %ld jobs\n",
	       (unsigned long long)seeds, (unsigned long long)first, x.nodes, (double)x.opt.duration / 1e9,
	       x.opt.loss_ppm / 1e4, (double)x.opt.delay_ns / 1e6, jobs);
	if (x.opt.jitter_ns || x.opt.dup_ppm)
		printf("  jitter %.3f ms, duplicate %.2f%%\n", (double)x.opt.jitter_ns / 1e6, x.opt.dup_ppm / 1e4);
	setup(&x, first);
	printf("  drawn per seed besides the VRRP faults: up to %u reloads", x.opt.reloads_max);
	if (x.lvs)
		printf("; LVS world (%u real servers): up to %u real-server faults, 1 to %u client bursts",
		       x.h.lvs->server_count, x.opt.rs_faults_max, x.opt.client_bursts_max);
	printf("\n");
	if (end_time(&x.h) > x.opt.duration)
		printf("  runs last %.3f s: after the heal at %.3f s the configurations need %.3f s to converge\n",
		       (double)end_time(&x.h) / 1e9, (double)vg_harness_heal_time(&x.h) / 1e9,
		       (double)vg_harness_converge_ns(&x.h) / 1e9);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (j = 0; j < jobs; j++) {
		if (pipe(pipes[j]))
			return 2;
		pids[j] = fork();
		if (pids[j] < 0)
			return 2;
		if (pids[j] == 0) {
			close(pipes[j][0]);
			for (s = first + (uint64_t)j; s < first + seeds; s += (uint64_t)jobs) {
				struct vg_harness_fault f[FAULTS_MAX];
				int nf = draw(&x, s, f);
				bool conv;
				uint64_t msg[3] = { s, run(&x, s, f, nf, &conv), x.h.lvs ? x.h.lvs->conns : 0 };

				if (write(pipes[j][1], msg, sizeof(msg)) != (ssize_t)sizeof(msg))
					_exit(3);
			}
			_exit(0);
		}
		close(pipes[j][1]);
	}
	{
		uint64_t done = 0, bad_seed[16], conns = 0;
		int nbad = 0, open_pipes = (int)jobs;
		bool alive[64];

		for (j = 0; j < jobs; j++)
			alive[j] = true;
		while (open_pipes > 0) {
			for (j = 0; j < jobs; j++) {
				uint64_t msg[3];

				if (!alive[j])
					continue;
				if (read(pipes[j][0], msg, sizeof(msg)) != (ssize_t)sizeof(msg)) {
					alive[j] = false;
					open_pipes--;
					close(pipes[j][0]);
					continue;
				}
				done++;
				conns += msg[2];
				if (msg[1]) {
					failed++;
					if (nbad < 16)
						bad_seed[nbad++] = msg[0];
				}
				if (tty && (done % 64 == 0 || done == seeds)) {
					int w = (int)(40 * done / (seeds ? seeds : 1));

					fprintf(stderr, "\r  [%-40.*s] %llu/%llu seeds, %d failing", w,
						"########################################", (unsigned long long)done,
						(unsigned long long)seeds, failed);
				}
			}
		}
		if (tty)
			fprintf(stderr, "\n");
		for (j = 0; j < jobs; j++)
			waitpid(pids[j], NULL, 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		{
			double dt = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

			printf("%llu seeds in %.2f s (%.0f seeds/s, %.0f simulated s per wall s): %d failing\n",
			       (unsigned long long)done, dt, (double)done / dt,
			       (double)done * (double)x.opt.duration / 1e9 / dt, failed);
			if (x.lvs)
				printf("LVS: %llu client connections scheduled over all seeds\n", (unsigned long long)conns);
		}
		for (i = 0; i < nbad; i++)
			report(&x, bad_seed[i], argc, argv);
	}
	vg_harness_fini(&x.h);
	for (i = 0; i < x.config_count; i++)
		vg_conf_free(x.conf[i]);
	return failed ? 1 : 0;
}
