// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz fault schedules in the simulator (fuzz-sim).
 *
 * The input describes a tiny world for the deterministic simulator
 * (backends/sim): two or three nodes running one VRRP instance each, with
 * the same VRID, version and interval (a cluster that is configured
 * consistently), fuzzed priorities, preemption settings and tracked
 * scripts, a fuzzed one-way delay, and then a schedule of faults: crash,
 * stop, start, firewall drops (both ways or one way), partitions, link
 * down/up and tracked script failures, at fuzzed times in the first 60 s.
 * At 70 s everything heals (every node started, firewalls open, one
 * partition, links up, scripts fine) and the world runs 60 s more.
 *
 * The simulator's checkers (backends/sim/check.h) watch every step:
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
#include "sim/check.h"
#include "sim/sim.h"

#define FAULTS_MAX 32
#define HEAL_AT VG_S(70)
#define END_AT VG_S(130)

struct run {
	struct vg_sim_check check;
};

static void observe(void *ctx, const struct vg_sim *s, const struct vg_sim_obs *o)
{
	struct run *r = ctx;
	uint32_t before = r->check.count;

	vg_sim_check_observe(&r->check, s, o);
	if (r->check.count > before && before < VG_SIM_VIOLATIONS_MAX) {
		const struct vg_sim_violation *v = &r->check.v[before];

		if (strcmp(v->invariant, "no-flap") == 0)
			return;
		fprintf(stderr, "violation %s at %.6f s: %s\n", v->invariant, (double)v->at / 1e9, v->detail);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vg_sim_node nodes[3];
	static const struct vg_addr vip = { .family = VG_AF_INET, .bytes = { 192, 0, 2, 100 } };
	static struct vg_track_ref tracks[3][3]; /* node k's tracked scripts */
	static struct vg_sim_item queue[VG_SIM_QUEUE_MAX];
	static struct vg_sim s;
	static struct run run;
	struct fz f;
	uint8_t b, k, count, version, vrid;
	uint16_t adver_int_cs;
	int masters, i;

	fz_init(&f, data, size);
	b = fz_u8(&f);
	count = (b & 0x01) ? 3 : 2;
	version = (b & 0x02) ? 3 : 2;
	vrid = (uint8_t)(fz_u8(&f) | 1);
	adver_int_cs = (uint16_t)(version == 2 ? (fz_u8(&f) % 3 + 1) * 100 : fz_u8(&f) % 200 + 5);

	memset(nodes, 0, sizeof(nodes));
	for (k = 0; k < count; k++) {
		struct vg_vrrp_config *c = &nodes[k].cfg[0];
		uint8_t prio = fz_u8(&f), flags = fz_u8(&f), t;

		snprintf(nodes[k].name, sizeof(nodes[k].name), "lb%u", k + 1);
		nodes[k].addr.family = VG_AF_INET;
		nodes[k].addr.bytes[0] = 192;
		nodes[k].addr.bytes[2] = 2;
		nodes[k].addr.bytes[3] = (uint8_t)(k + 1);
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
		c->preempt_delay_ns = (flags & 0x10) ? VG_S(flags >> 5) : 0;
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
		nodes[k].inst_count = 1;
	}

	vg_sim_init(&s, nodes, count, queue, 1);
	s.delay_ns = VG_US(fz_u8(&f)) * 100; /* 0..25.5 ms */
	memset(&run, 0, sizeof(run));
	s.observe = observe;
	s.observe_ctx = &run;
	vg_sim_check_init(&run.check, &s);
	for (k = 0; k < count; k++)
		vg_sim_schedule(&s, 0, k, VG_SIM_START);

	for (i = 0; i < FAULTS_MAX && f.left > 0; i++) {
		vg_time at = VG_MS(fz_u16(&f) % 60000);
		uint8_t what = fz_u8(&f);

		k = (uint8_t)((what >> 4) % count);
		vg_sim_schedule_arg(&s, at, k, (enum vg_sim_fault)(what % 12), (uint32_t)(fz_u8(&f) % 3 + 1) % 3);
	}
	for (k = 0; k < count; k++) {
		uint32_t t;

		vg_sim_schedule(&s, HEAL_AT, k, VG_SIM_START);
		vg_sim_schedule(&s, HEAL_AT, k, VG_SIM_FW_ALLOW);
		vg_sim_schedule_arg(&s, HEAL_AT, k, VG_SIM_PARTITION, 0);
		vg_sim_schedule_arg(&s, HEAL_AT, k, VG_SIM_LINK_UP, 1);
		vg_sim_schedule_arg(&s, HEAL_AT, k, VG_SIM_LINK_UP, 2);
		for (t = 1; t <= 3; t++)
			vg_sim_schedule_arg(&s, HEAL_AT, k, VG_SIM_TRACK_OK, t);
	}
	vg_sim_run(&s, END_AT);
	masters = vg_sim_masters(&s, 0, NULL);
	if (masters != 1) {
		fprintf(stderr, "%d Masters after healing\n", masters);
		abort();
	}
	return 0;
}
