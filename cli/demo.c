// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: `vigil demo`: the embedded default failover run.
 *
 * Two nodes (lb1 priority 150 `state MASTER`, lb2 priority 100 `state
 * BACKUP`, VRID 51, VIP 192.0.2.100/24, advert_int 1) on the simulated
 * segment. lb1 crashes at 10 s, returns at 20 s and preempts, stops
 * gracefully at 30 s. The run prints the timeline and checks that each
 * takeover happened within the RFC 5798 timers; the exit status says so.
 */
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/capture.h"
#include "sim/check.h"
#include "sim/sim.h"

struct timeline {
	FILE *out;
	bool verbose;
	struct vg_sim_capture *pcap;
	struct vg_sim_check check;
};

static void print_time(FILE *f, vg_time t)
{
	fprintf(f, "%4llu.%06llus", (unsigned long long)(t / VG_S(1)),
		(unsigned long long)(t % VG_S(1) / VG_US(1)));
}

static void observe(void *ctx, const struct vg_sim *s, const struct vg_sim_obs *o)
{
	struct timeline *tl = ctx;
	const char *name = s->nodes[o->node].name;

	vg_sim_check_observe(&tl->check, s, o);
	if (o->note == VG_SIM_NOTE_ACTION)
		vg_sim_capture_action(tl->pcap, s, o->node, o->action);
	if (o->note == VG_SIM_NOTE_FAULT) {
		print_time(tl->out, s->now);
		fprintf(tl->out, "  %-4s  ** %s **\n", name, vg_sim_fault_name(o->fault));
		return;
	}
	if (o->note == VG_SIM_NOTE_STEP)
		return;
	if (o->note == VG_SIM_NOTE_DROP) {
		if (tl->verbose) {
			print_time(tl->out, s->now);
			fprintf(tl->out, "  %-4s  advert dropped (%s)\n", name,
				o->lost ? "network" : vg_vrrp_drop_name(o->why));
		}
		return;
	}
	switch (o->action->kind) {
	case VG_ACT_STATE:
		print_time(tl->out, s->now);
		fprintf(tl->out, "  %-4s  VI_1 %s -> %s (%s)\n", name, vg_vrrp_state_name(o->action->u.state.from),
			vg_vrrp_state_name(o->action->u.state.to), vg_vrrp_why_name(o->action->u.state.why));
		break;
	case VG_ACT_ADD_VIPS:
	case VG_ACT_DEL_VIPS:
		print_time(tl->out, s->now);
		fprintf(tl->out, "  %-4s  %s 192.0.2.100/24\n", name,
			o->action->kind == VG_ACT_ADD_VIPS ? "adds VIP" : "removes VIP");
		break;
	case VG_ACT_SEND_ADVERT:
		if (tl->verbose || o->action->u.advert.priority == 0) {
			print_time(tl->out, s->now);
			fprintf(tl->out, "  %-4s  advert priority %u\n", name, o->action->u.advert.priority);
		}
		break;
	default:
		break;
	}
}

/* The demo's VIP, 192.0.2.100, shared by both nodes' configs. */
static const struct vg_addr demo_vip = { .family = VG_AF_INET, .bytes = { 192, 0, 2, 100 } };

static void node_config(struct vg_sim_node *n, const char *name, const char *addr, uint8_t prio, bool master)
{
	struct vg_vrrp_config *c = &n->cfg[0];

	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	vg_addr_parse(addr, &n->addr);
	vg_vrrp_config_defaults(c);
	c->id = 0;
	snprintf(c->name, sizeof(c->name), "VI_1");
	c->vrid = 51;
	c->priority = prio;
	c->init_master = master;
	c->auth_type = VG_VRRP_AUTH_PASS;
	memcpy(c->auth_data, "1111", 4);
	c->vip_count = 1;
	c->vips = &demo_vip;
	n->inst_count = 1;
}

static bool expect_master(FILE *out, const struct vg_sim *s, const char *when, int want)
{
	int who = -1, n = vg_sim_masters(s, 0, &who);
	bool ok = n == 1 && who == want && s->nodes[want].vips_held[0];

	fprintf(out, "  expect %-34s master %-4s ... %s\n", when, s->nodes[want].name, ok ? "ok" : "FAILED");
	return ok;
}

int vg_cmd_demo(int argc, char **argv)
{
	static struct vg_sim_node nodes[2];
	static struct vg_sim_item queue[VG_SIM_QUEUE_MAX];
	static struct timeline tl;
	struct vg_sim s;
	bool ok = true;
	/* lb2 at priority 100: Master_Down_Interval = 3 s + 156/256 s; one-way delay 100 us */
	vg_time mdi = VG_S(3) + UINT64_C(609375000) + VG_US(100);
	int i;

	tl.out = stdout;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			tl.verbose = true;
		} else if (!strcmp(argv[i], "--pcap") && i + 1 < argc) {
			char err[256];

			tl.pcap = vg_sim_capture_open(argv[++i], err, sizeof(err));
			if (!tl.pcap) {
				fprintf(stderr, "vigil demo: %s\n", err);
				return 2;
			}
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: vigil demo [-v|--verbose] [--pcap FILE]\n\n"
			       "Runs two simulated nodes (lb1 priority 150, lb2 priority 100, VRID 51,\n"
			       "VIP 192.0.2.100/24): lb1 crashes at 10 s, returns at 20 s and preempts,\n"
			       "stops gracefully at 30 s. Prints the timeline and checks each takeover\n"
			       "against the RFC 5798 timers. Exit status 0 when every check held.\n\n"
			       "  -v, --verbose   also print every advert and drop\n"
			       "  --pcap FILE     write every simulated frame (VRRP, ARP) to FILE\n");
			return 0;
		} else {
			fprintf(stderr, "usage: vigil demo [-v|--verbose] [--pcap FILE]\n");
			return 2;
		}
	}

	node_config(&nodes[0], "lb1", "192.0.2.1", 150, true);
	node_config(&nodes[1], "lb2", "192.0.2.2", 100, false);
	vg_sim_init(&s, nodes, 2, queue, 1);
	s.observe = observe;
	s.observe_ctx = &tl;
	vg_sim_check_init(&tl.check, &s);

	printf("vigil demo: two nodes, VRID 51, VIP 192.0.2.100/24, advert_int 1 s, VRRPv2\n");
	printf("  lb1 priority 150 (state MASTER), lb2 priority 100 (state BACKUP)\n\n");
	vg_sim_schedule(&s, 0, 0, VG_SIM_START);
	vg_sim_schedule(&s, 0, 1, VG_SIM_START);
	vg_sim_schedule(&s, VG_S(10), 0, VG_SIM_CRASH);
	vg_sim_schedule(&s, VG_S(20), 0, VG_SIM_START);
	vg_sim_schedule(&s, VG_S(30), 0, VG_SIM_STOP);

	vg_sim_run(&s, VG_S(9));
	ok &= expect_master(stdout, &s, "at 9s", 0);
	vg_sim_run(&s, VG_S(10) + mdi);
	ok &= expect_master(stdout, &s, "within Master_Down_Interval", 1);
	vg_sim_run(&s, VG_S(29));
	ok &= expect_master(stdout, &s, "after lb1 returns (preempt)", 0);
	/* graceful stop: lb2 takes over after Skew_Time (156/256 s) plus the delay */
	vg_sim_run(&s, VG_S(30) + UINT64_C(609375000) + VG_US(100));
	ok &= expect_master(stdout, &s, "within Skew_Time of lb1's stop", 1);
	vg_sim_run(&s, VG_S(40));

	for (i = 0; i < (int)tl.check.count && i < VG_SIM_VIOLATIONS_MAX; i++) {
		print_time(stdout, tl.check.v[i].at);
		printf("  invariant %s violated: %s (seed 1)\n", tl.check.v[i].invariant, tl.check.v[i].detail);
	}
	printf("  invariants (vip-only-on-master, single-master, takeover, no-flap): %s\n",
	       tl.check.count ? "VIOLATED" : "held");
	ok &= tl.check.count == 0;
	if (tl.pcap) {
		printf("\n%lu frames written to the pcap\n", vg_sim_capture_frames(tl.pcap));
		vg_sim_capture_close(tl.pcap);
	}
	printf("\n%llu events, %llu adverts delivered, simulated %.0f s: %s\n", (unsigned long long)s.events,
	       (unsigned long long)s.delivered, (double)s.now / 1e9, ok ? "all expectations held" : "FAILED");
	return ok ? 0 : 1;
}
