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
#include <string.h>
#include <time.h>

#include "sim/sim.h"

static struct vg_sim_node nodes[3];
static struct vg_sim_item queue[VG_SIM_QUEUE_MAX];
static struct vg_addr vips[VG_SIM_INST_MAX]; /* instance i advertises vips[i] on every node */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void setup(struct vg_sim *s, int n, int inst)
{
	int k, i;

	memset(nodes, 0, sizeof(nodes));
	for (k = 0; k < n; k++) {
		snprintf(nodes[k].name, sizeof(nodes[k].name), "n%d", k + 1);
		nodes[k].addr.family = VG_AF_INET;
		nodes[k].addr.bytes[0] = 192;
		nodes[k].addr.bytes[2] = 2;
		nodes[k].addr.bytes[3] = (uint8_t)(k + 1);
		for (i = 0; i < inst; i++) {
			struct vg_vrrp_config *c = &nodes[k].cfg[i];

			vg_vrrp_config_defaults(c);
			c->id = (uint16_t)i;
			c->version = 3;
			c->vrid = (uint8_t)(i + 1);
			c->priority = (uint8_t)(100 + k * 10);
			vips[i].family = VG_AF_INET;
			vips[i].bytes[0] = 198;
			vips[i].bytes[1] = 51;
			vips[i].bytes[2] = 100;
			vips[i].bytes[3] = (uint8_t)i;
			c->vip_count = 1;
			c->vips = &vips[i];
		}
		nodes[k].inst_count = (uint16_t)inst;
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
