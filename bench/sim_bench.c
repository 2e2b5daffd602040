// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: simulator throughput (not a test: prints numbers and the ratio to
 * the goals of docs/scenarios.md).
 *
 *   2 nodes x 1 instance:     simulated seconds per wall second (goal 1e6)
 *   3 nodes x 100 instances:  simulated seconds per wall second (goal 1e4)
 *
 * `vigil explore --seeds 10000 --nodes 3` prints the third figure (seeds
 * per second, goal 1,000 on 2 cores).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/harness.h"
#include "sim/sim.h"

static struct vg_sim_node nodes[3];
static struct vg_conf *confs[3];
static char texts[3][100 * 256];
static struct vg_sim_item queue[VG_SIM_QUEUE_MAX];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* n nodes, inst instances each (VRRPv3, VRID i + 1, VIP 198.51.100.i), built by the core's node builder. */
static void setup(struct vg_sim *s, int n, int inst)
{
	int k, i;

	for (k = 0; k < n; k++) {
		struct vg_diags d;
		struct vg_addr addr = { .family = VG_AF_INET, .bytes = { 192, 0, 2, (uint8_t)(k + 1) } };
		size_t len = 0;
		char name[8];

		for (i = 0; i < inst; i++)
			len += (size_t)snprintf(texts[k] + len, sizeof(texts[k]) - len,
						"vrrp_instance VI_%d {\n state BACKUP\n interface eth0\n version 3\n"
						" virtual_router_id %d\n priority %d\n virtual_ipaddress {\n  198.51.100.%d\n }\n}\n",
						i + 1, i + 1, 100 + k * 10, i);
		snprintf(name, sizeof(name), "n%d", k + 1);
		vg_diags_init(&d);
		vg_sim_node_free(&nodes[k]);
		if (confs[k])
			vg_conf_free(confs[k]);
		if (vg_harness_conf_text(name, texts[k], &confs[k], &d) || vg_sim_node_build(&nodes[k], name, &addr, confs[k], &d)) {
			fprintf(stderr, "sim_bench: the generated configuration does not load\n");
			exit(1);
		}
		vg_diags_free(&d);
	}
	vg_sim_init(s, nodes, (uint8_t)n, queue, 1);
	for (k = 0; k < n; k++)
		vg_sim_schedule(s, 0, (uint8_t)k, VG_SIM_START);
}

static void bench(const char *what, int n, int inst, vg_time span, double goal)
{
	struct vg_sim s;
	double t0, dt, rate;

	setup(&s, n, inst);
	vg_sim_schedule(&s, span / 2, 0, VG_SIM_CRASH);
	t0 = now_s();
	vg_sim_run(&s, span);
	dt = now_s() - t0;
	rate = (double)span / 1e9 / dt;
	printf("%-26s %10.0f simulated s in %6.3f wall s: %12.0f sim-s/s  (goal %.0e, ratio %.1fx), %llu events\n",
	       what, (double)span / 1e9, dt, rate, goal, rate / goal, (unsigned long long)s.events);
}

int main(void)
{
	bench("2 nodes x 1 instance", 2, 1, VG_S(7 * 86400), 1e6);
	bench("3 nodes x 100 instances", 3, 100, VG_S(3600), 1e4);
	return 0;
}
