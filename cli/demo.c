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
#include "sim/harness.h"

struct timeline {
	FILE *out;
	bool verbose;
	struct vg_sim_capture *pcap;
};

static void print_time(FILE *f, vg_time t)
{
	fprintf(f, "%4llu.%06llus", (unsigned long long)(t / VG_S(1)),
		(unsigned long long)(t % VG_S(1) / VG_US(1)));
}

/* The timeline (the harness has fed the checkers already). */
static void observe(void *ctx, const struct vg_harness *h, const struct vg_sim_obs *o)
{
	struct timeline *tl = ctx;
	const struct vg_sim *s = &h->sim;
	const char *name = s->nodes[o->node].name;

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

/* The demo's two nodes: the same file but for state and priority (lb2 is priority 100). */
static const char lb1_conf[] = "vrrp_instance VI_1 {\n"
			       "    state MASTER\n"
			       "    interface eth0\n"
			       "    virtual_router_id 51\n"
			       "    priority 150\n"
			       "    advert_int 1\n"
			       "    authentication {\n"
			       "        auth_type PASS\n"
			       "        auth_pass 1111\n"
			       "    }\n"
			       "    virtual_ipaddress {\n"
			       "        192.0.2.100/24\n"
			       "    }\n"
			       "}\n";
static const char lb2_conf[] = "vrrp_instance VI_1 {\n"
			       "    state BACKUP\n"
			       "    interface eth0\n"
			       "    virtual_router_id 51\n"
			       "    priority 100\n"
			       "    advert_int 1\n"
			       "    authentication {\n"
			       "        auth_type PASS\n"
			       "        auth_pass 1111\n"
			       "    }\n"
			       "    virtual_ipaddress {\n"
			       "        192.0.2.100/24\n"
			       "    }\n"
			       "}\n";

static int load_node(struct vg_harness *h, struct vg_conf **conf, const char *name, const char *addr, const char *text)
{
	struct vg_diags diags;
	struct vg_addr a;
	int rc;

	vg_addr_parse(addr, &a);
	vg_diags_init(&diags);
	rc = vg_harness_conf_text(name, text, conf, &diags);
	if (rc == 0)
		rc = vg_harness_add_conf(h, name, &a, *conf, 0, &diags);
	vg_diags_free(&diags);
	if (rc)
		fprintf(stderr, "vigil demo: the embedded configuration of %s does not load\n", name);
	return rc;
}

static bool expect_master(FILE *out, const struct vg_harness *h, const char *when, int want)
{
	bool ok = vg_harness_master_is(h, 0, (uint8_t)want);

	fprintf(out, "  expect %-34s master %-4s ... %s\n", when, h->node[want].name, ok ? "ok" : "FAILED");
	return ok;
}

int vg_cmd_demo(int argc, char **argv)
{
	static struct vg_harness h;
	static struct timeline tl;
	struct vg_conf *conf[2] = { NULL, NULL };
	struct vg_harness_opts o;
	const struct vg_sim *s = &h.sim;
	bool ok = true;
	/* lb2 at priority 100: Master_Down_Interval = 3 s + 156/256 s; one-way delay 100 us */
	vg_time mdi = VG_S(3) + UINT64_C(609375000) + VG_US(100);
	int i, status = 2;

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

	vg_harness_opts_default(&o);
	vg_harness_init(&h, &o);
	if (load_node(&h, &conf[0], "lb1", "192.0.2.1", lb1_conf) || load_node(&h, &conf[1], "lb2", "192.0.2.2", lb2_conf))
		goto out;
	vg_harness_observe(&h, observe, &tl);
	vg_harness_start(&h, false, NULL, NULL);

	printf("vigil demo: two nodes, VRID 51, VIP 192.0.2.100/24, advert_int 1 s, VRRPv2\n");
	printf("  lb1 priority 150 (state MASTER), lb2 priority 100 (state BACKUP)\n\n");
	{
		static const struct vg_harness_fault f[] = {
			{ VG_S(10), 0, VG_SIM_CRASH, 0 },
			{ VG_S(20), 0, VG_SIM_START, 0 },
			{ VG_S(30), 0, VG_SIM_STOP, 0 },
		};

		vg_harness_start_nodes(&h, 3);
		vg_harness_schedule_faults(&h, f, 3);
	}

	vg_harness_run(&h, VG_S(9));
	ok &= expect_master(stdout, &h, "at 9s", 0);
	vg_harness_run(&h, VG_S(10) + mdi);
	ok &= expect_master(stdout, &h, "within Master_Down_Interval", 1);
	vg_harness_run(&h, VG_S(29));
	ok &= expect_master(stdout, &h, "after lb1 returns (preempt)", 0);
	/* graceful stop: lb2 takes over after Skew_Time (156/256 s) plus the delay */
	vg_harness_run(&h, VG_S(30) + UINT64_C(609375000) + VG_US(100));
	ok &= expect_master(stdout, &h, "within Skew_Time of lb1's stop", 1);
	vg_harness_run(&h, VG_S(40));

	for (i = 0; i < (int)h.check.count && i < VG_SIM_VIOLATIONS_MAX; i++) {
		print_time(stdout, h.check.v[i].at);
		printf("  invariant %s violated: %s (seed 1)\n", h.check.v[i].invariant, h.check.v[i].detail);
	}
	printf("  invariants (vip-only-on-master, single-master, takeover, no-flap): %s\n",
	       h.check.count ? "VIOLATED" : "held");
	ok &= h.check.count == 0;
	if (tl.pcap) {
		printf("\n%lu frames written to the pcap\n", vg_sim_capture_frames(tl.pcap));
		vg_sim_capture_close(tl.pcap);
	}
	printf("\n%llu events, %llu adverts delivered, simulated %.0f s: %s\n", (unsigned long long)s->events,
	       (unsigned long long)s->delivered, (double)s->now / 1e9, ok ? "all expectations held" : "FAILED");
	status = ok ? 0 : 1;
out:
	vg_harness_fini(&h);
	for (i = 0; i < 2; i++)
		if (conf[i])
			vg_conf_free(conf[i]);
	return status;
}
