// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz fault schedules in the simulator (fuzz-sim).
 *
 * The input describes a tiny world for the deterministic simulator
 * (backends/sim): two or three nodes running one VRRP instance each (configs
 * written here, built by the core's node builder: vg_node_build_configs), with
 * the same VRID, version and interval (a cluster that is configured
 * consistently), fuzzed priorities, preemption settings and tracked
 * scripts, a fuzzed one-way delay, and then a schedule of faults: crash,
 * stop, start, firewall drops (both ways or one way), partitions, link
 * down/up and tracked script failures, at fuzzed times in the first 30
 * Advertisement_Intervals. At 35 intervals everything heals (every node
 * started, firewalls open, one partition, links up, scripts fine) and the
 * world runs 30 intervals more. Time is counted in intervals (a preempt
 * delay too: 0..7 of them) so that a run costs the same few hundred events
 * at every interval: the state machines do the same things at 5 cs as at
 * 3 s (the skew time scales with the interval in VRRPv3 and is below one
 * interval in VRRPv2).
 *
 * The world runs in the harness every simulation front-end shares
 * (backends/sim/harness.h); its checkers (backends/sim/check.h) watch every step:
 * vip-only-on-master, single-master (after convergence, among nodes that
 * hear each other) and takeover must never be violated. no-flap is a
 * heuristic bound (three changes between faults), not a safety property,
 * so it is not asserted here. After the heal: exactly one Master.
 *
 * Packet loss and jitter stay at zero: the checkers define "hear each
 * other" by firewalls and partitions, so random loss would make them
 * report split brains that the network, not the core, caused.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "sim/harness.h"

#define FAULTS_MAX 32
#define FAULTS_UNTIL 30 /* intervals */
#define HEAL_AT 35
#define END_AT 65

struct run {
	uint32_t seen; /* violations looked at */
};

/* After the harness's checkers: the first new violation aborts, unless it is no-flap. */
static void observe(void *ctx, const struct vg_harness *h, const struct vg_sim_obs *o)
{
	struct run *r = ctx;
	uint32_t before = r->seen;

	(void)o;
	r->seen = h->check.count;
	if (h->check.count > before && before < VG_SIM_VIOLATIONS_MAX) {
		const struct vg_sim_violation *v = &h->check.v[before];

		if (strcmp(v->invariant, "no-flap") == 0)
			return;
		fprintf(stderr, "violation %s at %.6f s: %s\n", v->invariant, (double)v->at / 1e9, v->detail);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vg_harness h;
	static const struct vg_addr vip = { .family = VG_AF_INET, .bytes = { 192, 0, 2, 100 } };
	static struct vg_track_ref tracks[3][3]; /* node k's tracked scripts */
	static struct run run;
	struct vg_harness_opts opts;
	struct vg_harness_fault heal[VG_HARNESS_HEAL_MAX];
	struct fz f;
	uint8_t b, k, count, version, vrid;
	uint16_t adver_int_cs;
	vg_time interval;
	int masters, i, nh;

	fz_init(&f, data, size);
	b = fz_u8(&f);
	count = (b & 0x01) ? 3 : 2;
	version = (b & 0x02) ? 3 : 2;
	vrid = (uint8_t)(fz_u8(&f) | 1);
	adver_int_cs = (uint16_t)(version == 2 ? (fz_u8(&f) % 3 + 1) * 100 : fz_u8(&f) % 200 + 5);
	interval = VG_CS(adver_int_cs);

	vg_harness_fini(&h); /* the nodes of the input before */
	vg_harness_opts_default(&opts);
	vg_harness_init(&h, &opts);
	for (k = 0; k < count; k++) {
		struct vg_vrrp_config cfg, *c = &cfg;
		uint8_t prio = fz_u8(&f), flags = fz_u8(&f), t;
		struct vg_addr addr = { .family = VG_AF_INET, .bytes = { 192, 0, 2, (uint8_t)(k + 1) } };
		char name[8];

		vg_vrrp_config_defaults(c);
		c->version = version;
		c->vrid = vrid;
		c->adver_int_cs = adver_int_cs;
		/* one address owner at most: two owners ignore each other (RFC 5798 7.1) */
		c->priority = prio == 0 ? 1 : (prio == 255 && k > 0 ? 254 : prio);
		c->init_master = flags & 0x01;
		c->nopreempt = flags & 0x02;
		c->strict = flags & 0x04;
		c->lower_prio_no_advert = flags & 0x08;
		c->preempt_delay_ns = (flags & 0x10) ? interval * (flags >> 5) : 0;
		c->down_timer_adverts = 3;
		c->ifindex = 1;
		c->vip_count = 1;
		c->vips = &vip;
		c->tracks = tracks[k];
		for (t = 0; t < (fz_u8(&f) & 3); t++) {
			struct vg_track_ref *r = &tracks[k][c->track_count++];

			r->kind = VG_TRACK_SCRIPT;
			r->id = (uint16_t)(t + 1);
			r->weight = (int8_t)fz_u8(&f);
			r->reverse = false;
		}
		if (vg_vrrp_config_check(c) != NULL)
			return 0;
		snprintf(name, sizeof(name), "lb%u", k + 1);
		/* the node builder for configs written by hand; interfaces 1 and 2, scripts 1..3: what
		   the faults below can name */
		if (vg_harness_add_configs(&h, name, &addr, c, 1, 2, 3))
			return 0;
	}

	h.opt.delay_ns = VG_US(fz_u8(&f)) * 100; /* 0..25.5 ms */
	memset(&run, 0, sizeof(run));
	vg_harness_observe(&h, observe, &run);
	vg_harness_start(&h, false, NULL, NULL);
	vg_harness_start_nodes(&h, UINT32_MAX);

	for (i = 0; i < FAULTS_MAX && f.left > 0; i++) {
		vg_time at = (vg_time)(fz_u16(&f) % (FAULTS_UNTIL * 100)) * interval / 100;
		uint8_t what = fz_u8(&f);

		k = (uint8_t)((what >> 4) % count);
		struct vg_harness_fault one = { at, k, (uint8_t)(what % 12), (uint32_t)(fz_u8(&f) % 3 + 1) % 3, 0, 0 };

		vg_harness_schedule(&h, &one);
	}
	nh = vg_harness_heal(&h, HEAL_AT * interval, heal, 0, VG_HARNESS_HEAL_MAX);
	vg_harness_schedule_faults(&h, heal, nh);
	vg_harness_run(&h, END_AT * interval);
	masters = vg_sim_masters(&h.sim, 0, NULL);
	if (!vg_harness_converged(&h)) {
		fprintf(stderr, "%d Masters after healing\n", masters);
		abort();
	}
	return 0;
}
