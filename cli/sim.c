// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: `vigil sim SCENARIO`: run a scenario file on the simulated network.
 *
 * Loads each node's keepalived.conf through the real parser, builds the
 * node through the core's node builder (vg_node_build, in the harness),
 * replays the timeline of
 * faults, prints a readable timeline, checks the simulator's invariants
 * and the scenario's expectations. Optional outputs: --pcap (every frame,
 * through libpcap) and --svg (one lane per node and instance, and per real
 * server: sim/timeline.h).
 * Exit status: 0 all expectations held and no invariant broke, 1 otherwise,
 * 2 bad input.
 */
#include "sim_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_loader.h"
#include "sim/capture.h"
#include "sim/harness.h"
#include "sim/timeline.h"
#include "vrrp/plan.h"

#define HISTORY_MAX 4096

struct lane_change {
	vg_time at;
	uint8_t node;
	uint16_t inst;
	uint8_t state;
};

struct run {
	struct vg_scenario scn;
	struct vg_conf *conf[VG_SCN_NODES_MAX];
	struct vg_conf *reload_conf[VG_HARNESS_RELOADS_MAX]; /* `at T reload NODE FILE`, in order */
	uint16_t reload_count;
	struct vg_harness h;           /* nodes, faults, checkers, LVS world (sim/harness.h) */
	struct vg_sim_capture *pcap;
	bool verbose, quiet;
	struct lane_change hist[HISTORY_MAX];
	uint32_t hist_len;
	struct vg_timeline lvs_tl;     /* the real servers' lanes (--svg) */
	uint64_t adverts_sent, adverts_dropped;
};

static void print_time(vg_time t)
{
	printf("%5llu.%06llus", (unsigned long long)(t / VG_S(1)), (unsigned long long)(t % VG_S(1) / VG_US(1)));
}

static const char *inst_name(const struct run *r, uint8_t node, uint16_t inst)
{
	return inst < r->h.node[node].inst_count ? r->h.node[node].cfg[inst].name : "?";
}

/* The timeline: the harness has already fed the checkers and the LVS world. */
static void observe(void *ctx, const struct vg_harness *h, const struct vg_sim_obs *o)
{
	struct run *r = ctx;
	const struct vg_sim *s = &h->sim;
	const char *name = s->nodes[o->node].name;
	const struct vg_action *a = o->action;

	if (o->note == VG_SIM_NOTE_STEP)
		return;
	if (o->note == VG_SIM_NOTE_RELOADED) {
		if (!r->quiet) {
			const struct vg_sim_reload_stats *st = &s->last_reload;

			print_time(s->now);
			if (st->failed)
				printf("  %-8s reload failed (out of memory): the running configuration stays\n", name);
			else
				printf("  %-8s reload: %u instance(s) carried over, %u stopped, %u started\n", name,
				       st->carried, st->stopped, st->started);
		}
		return;
	}
	if (o->note == VG_SIM_NOTE_FAULT) {
		if (!r->quiet) {
			print_time(s->now);
			printf("  %-8s ** %s", name, vg_sim_fault_name(o->fault));
			if (o->fault == VG_SIM_PARTITION)
				printf(" %u", o->arg);
			printf(" **\n");
		}
		return;
	}
	if (o->note == VG_SIM_NOTE_DROP) {
		r->adverts_dropped++;
		if (r->verbose) {
			print_time(s->now);
			printf("  %-8s advert dropped: %s\n", name, o->lost ? "network (loss, firewall or partition)" :
			       vg_vrrp_drop_name(o->why));
		}
		return;
	}
	vg_sim_capture_action(r->pcap, s, o->node, a);
	switch (a->kind) {
	case VG_ACT_STATE:
		if (r->hist_len < HISTORY_MAX)
			r->hist[r->hist_len++] = (struct lane_change){ s->now, o->node, a->instance, a->u.state.to };
		if (!r->quiet) {
			print_time(s->now);
			printf("  %-8s %s %s -> %s (%s)\n", name, inst_name(r, o->node, a->instance),
			       vg_vrrp_state_name(a->u.state.from), vg_vrrp_state_name(a->u.state.to),
			       vg_vrrp_why_name(a->u.state.why));
		}
		break;
	case VG_ACT_ADD_VIPS:
	case VG_ACT_DEL_VIPS:
		if (!r->quiet && a->instance < s->nodes[o->node].inst_count) {
			const struct vg_vrrp_config *c = &s->nodes[o->node].cfg[a->instance];
			char buf[VG_ADDR_STRLEN];
			uint8_t i;

			print_time(s->now);
			printf("  %-8s %s %s VIPs:", name, inst_name(r, o->node, a->instance),
			       a->kind == VG_ACT_ADD_VIPS ? "adds" : "removes");
			for (i = 0; i < c->vip_count; i++)
				printf(" %s", vg_addr_format(&c->vips[i], buf, sizeof(buf)));
			if (c->vip_count == 0)
				printf(" (none configured)");
			printf("\n");
		}
		break;
	case VG_ACT_SEND_ADVERT:
		r->adverts_sent++;
		if (r->verbose || (!r->quiet && a->u.advert.priority == 0)) {
			print_time(s->now);
			printf("  %-8s %s advert priority %u\n", name, inst_name(r, o->node, a->instance),
			       a->u.advert.priority);
		}
		break;
	case VG_ACT_NOTIFY:
		if (r->verbose) {
			static const char *const what[] = { "master", "backup", "fault", "stop",
							    "master_rx_lower_pri", "deleted", "master_priority",
							    "backup_priority" };

			print_time(s->now);
			printf("  %-8s notify %s (%s)\n", name,
			       a->u.notify.what < sizeof(what) / sizeof(what[0]) ? what[a->u.notify.what] : "?",
			       a->group ? "sync group" : inst_name(r, o->node, a->instance));
		}
		break;
	default:
		break;
	}
}

/* Resolve `rel` against the directory of `base`. */
static void resolve(const char *base, const char *rel, char *out, size_t len)
{
	const char *slash = strrchr(base, '/');

	if (rel[0] == '/' || !slash)
		snprintf(out, len, "%s", rel);
	else
		snprintf(out, len, "%.*s/%s", (int)(slash - base), base, rel);
}

static void print_diags(const struct vg_diags *d, bool errors_only)
{
	uint32_t i;

	for (i = 0; i < d->count; i++) {
		const struct vg_diag *g = &d->items[i];

		if (errors_only && g->severity != VG_DIAG_ERROR)
			continue;
		fprintf(stderr, "%s:%u:%u: %s: %s\n", g->loc.file ? g->loc.file : "?", g->loc.line, g->loc.col,
			vg_diag_severity_name(g->severity), g->message);
	}
}

static int load_nodes(struct run *r, const char *scn_path)
{
	uint8_t k;

	for (k = 0; k < r->scn.node_count; k++) {
		const struct vg_scn_node *sn = &r->scn.nodes[k];
		struct vg_diags diags;
		char path[1024];
		int rc;

		resolve(scn_path, sn->config, path, sizeof(path));
		vg_diags_init(&diags);
		rc = vg_conf_load(path, NULL, &r->conf[k], &diags);
		if (rc == VG_CONF_ERR_IO || rc == VG_CONF_ERR_NOMEM || !r->conf[k]) {
			fprintf(stderr, "vigil sim: node %s: cannot read %s\n", sn->name, path);
			vg_diags_free(&diags);
			return -1;
		}
		if (rc == VG_CONF_ERR_INVALID) {
			print_diags(&diags, true);
			fprintf(stderr, "vigil sim: node %s: %s has errors (run 'vigil check %s')\n", sn->name, path, path);
			vg_diags_free(&diags);
			return -1;
		}
		rc = vg_harness_add_conf(&r->h, sn->name, &sn->addr, r->conf[k], 0, &diags);
		if (rc == -1)
			print_diags(&diags, true); /* instances left out: the rest runs, as vigild does */
		vg_diags_free(&diags);
		if (rc == VG_SIM_ERR_SIZE)
			fprintf(stderr, "vigil sim: node %s: too many instances for the simulator (max %d)\n", sn->name,
				VG_SIM_INST_MAX);
		if (rc != 0 && rc != -1)
			return -1;
	}
	return vg_harness_attach_segments(&r->h, &r->scn, scn_path);
}

/*
 * The configurations of the reload lines, read now: an unreadable file is
 * bad input; a file with errors (parse or plan) is refused when its reload
 * comes, as vigild refuses it on SIGHUP, and the errors are printed then.
 */
static int load_reloads(struct run *r, const char *scn_path)
{
	for (uint16_t e = 0; e < r->scn.event_count; e++) {
		const struct vg_scn_event *ev = &r->scn.events[e];
		struct vg_conf **c;
		struct vg_diags diags;
		char path[1024];
		bool refused;
		int rc;

		if (ev->kind != VG_SCN_RELOAD)
			continue;
		if (r->reload_count >= VG_HARNESS_RELOADS_MAX) {
			fprintf(stderr, "%s:%u: too many reload lines (max %d)\n", scn_path, ev->line, VG_HARNESS_RELOADS_MAX);
			return -1;
		}
		c = &r->reload_conf[r->reload_count++];
		resolve(scn_path, ev->file, path, sizeof(path));
		vg_diags_init(&diags);
		rc = vg_conf_load(path, NULL, c, &diags);
		if (rc == VG_CONF_ERR_IO || rc == VG_CONF_ERR_NOMEM || !*c) {
			fprintf(stderr, "%s:%u: cannot read %s\n", scn_path, ev->line, path);
			vg_diags_free(&diags);
			return -1;
		}
		refused = rc == VG_CONF_ERR_INVALID;
		if (!refused) { /* vigild's reload is strict: an instance the plan leaves out refuses the file */
			struct vg_node n;

			rc = vg_node_build(*c, &n, &diags);
			if (rc == VG_CONF_ERR_NOMEM) {
				vg_diags_free(&diags);
				return -1;
			}
			vg_node_free(&n);
			refused = diags.errors > 0;
		}
		if (refused) {
			printf("  %s:%u: %s has errors; its reload will be refused:\n", scn_path, ev->line, path);
			fflush(stdout);
			print_diags(&diags, true);
		}
		vg_diags_free(&diags);
		vg_harness_reload_add(&r->h, *c, refused);
	}
	return 0;
}

/* Evaluate one expectation now; prints the result line. */
static bool expect(struct run *r, const char *scn_path, const struct vg_scn_expect *x)
{
	struct vg_harness_verdict v;

	vg_harness_expect(&r->h, &r->scn, x, &v);
	if (!v.known) {
		printf("  %s:%u: expect: no node has an instance '%s' ... FAILED\n", scn_path, x->line, x->inst);
		return false;
	}
	print_time(x->at);
	printf("  expect %-40s ... %s", v.what, v.ok ? "ok" : "FAILED");
	if (!v.ok)
		printf(" (%s:%u; %s)", scn_path, x->line, v.note);
	if (!v.lvs && x->kind == VG_SCN_EXPECT_SPLIT_BRAIN && v.ok)
		printf(" (split brain: %d masters)", v.masters);
	printf("\n");
	return v.ok;
}

static int cmp_expect(const void *a, const void *b)
{
	const struct vg_scn_expect *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at ? 1 : (x->line < y->line ? -1 : x->line > y->line);
}

/* The LVS world's table edits, kept for the picture (their lanes follow the instances'). */
static void lvs_effect(void *ctx, const char *node, const struct vg_lvs_conf_map *map, const struct vg_action *a,
		       vg_time now)
{
	struct run *r = ctx;

	vg_timeline_lvs(&r->lvs_tl, node, map, a, now);
}

/* One lane per node and instance (state colours), one per real server (in / out); fault markers. */
static int write_svg(const struct run *r, const char *path)
{
	struct vg_timeline t;
	char name[160], title[300];
	uint32_t first;
	int rc;

	vg_timeline_init(&t);
	for (uint8_t k = 0; k < r->scn.node_count; k++)
		for (uint16_t i = 0; i < r->h.node[k].inst_count; i++) {
			snprintf(name, sizeof(name), "%s %s", r->h.node[k].name, r->h.node[k].cfg[i].name);
			vg_timeline_lane(&t, name, VG_TL_VRRP);
		}
	for (uint32_t h = 0; h < r->hist_len; h++) {
		uint32_t lane = 0;

		for (uint8_t k = 0; k < r->hist[h].node; k++)
			lane += r->h.node[k].inst_count;
		vg_timeline_change(&t, lane + r->hist[h].inst, r->hist[h].at, r->hist[h].state);
	}
	first = t.lanes;
	for (uint32_t i = 0; i < r->lvs_tl.lanes; i++)
		vg_timeline_lane(&t, r->lvs_tl.lane[i].name, r->lvs_tl.lane[i].kind);
	for (uint32_t c = 0; c < r->lvs_tl.changes; c++)
		vg_timeline_change(&t, first + r->lvs_tl.change[c].lane, r->lvs_tl.change[c].at, r->lvs_tl.change[c].state);
	for (uint16_t e = 0; e < r->scn.event_count; e++)
		vg_timeline_mark(&t, r->scn.events[e].at);
	snprintf(title, sizeof(title), "%s (seed %llu)", r->scn.title[0] ? r->scn.title : "vigil sim",
		 (unsigned long long)r->scn.seed);
	rc = vg_timeline_svg(&t, path, title, 0, r->scn.duration, 0);
	vg_timeline_free(&t);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vigil sim SCENARIO [--pcap FILE] [--svg FILE] [--seed N] [-v|--verbose] [-q|--quiet]\n\n"
		   "Runs a scenario (format: docs/scenarios.md) on the deterministic simulated network:\n"
		   "every node runs the real core with its own keepalived.conf. Prints the timeline,\n"
		   "checks the invariants and the scenario's expectations. Timeline lines include\n"
		   "`at T reload NODE FILE`: the node's configuration changes through vigild's reload\n"
		   "diff (unchanged instances carry over; a file with errors is refused).\n\n"
		   "  --pcap FILE    write every simulated frame (VRRP, ARP, NA) to FILE (libpcap)\n"
		   "  --svg FILE     draw the timeline: one lane per node and instance, and per real server\n"
		   "  --seed N       override the scenario's seed\n"
		   "  -v, --verbose  also print every advert, drop and notify\n"
		   "  -q, --quiet    print only expectations, violations and the summary\n\n"
		   "Exit status: 0 all held, 1 an expectation or invariant failed, 2 bad input.\n");
}

int vg_cmd_sim(int argc, char **argv)
{
	static struct run r;
	const char *scn_path = NULL, *pcap_path = NULL, *svg_path = NULL;
	char err[512], *text;
	size_t len;
	bool ok = true, seed_set = false;
	uint64_t seed = 0;
	uint16_t x;
	int i, status;

	memset(&r, 0, sizeof(r));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--pcap") && i + 1 < argc) {
			pcap_path = argv[++i];
		} else if (!strcmp(argv[i], "--svg") && i + 1 < argc) {
			svg_path = argv[++i];
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 0);
			seed_set = true;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			r.verbose = true;
		} else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			r.quiet = true;
		} else if (argv[i][0] != '-' && !scn_path) {
			scn_path = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!scn_path) {
		usage(stderr);
		return 2;
	}
	{
		struct vg_conf_loader fs = vg_conf_loader_fs();
		int rc = fs.read(fs.ctx, scn_path, &text, &len);

		if (rc) {
			fprintf(stderr, "vigil sim: %s: %s\n", scn_path, strerror(-rc));
			return 2;
		}
	}
	status = vg_scenario_parse(text, len, scn_path, &r.scn, err, sizeof(err));
	free(text);
	if (status) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (seed_set)
		r.scn.seed = seed;
	status = 2;
	{
		struct vg_harness_opts o;

		vg_harness_opts_default(&o);
		o.seed = r.scn.seed;
		o.duration = r.scn.duration;
		o.delay_ns = r.scn.delay_ns;
		o.jitter_ns = r.scn.jitter_ns;
		o.loss_ppm = r.scn.loss_ppm;
		o.dup_ppm = r.scn.dup_ppm;
		vg_harness_init(&r.h, &o);
	}
	if (load_nodes(&r, scn_path))
		goto out;
	vg_harness_observe(&r.h, observe, &r);
	{
		struct vg_diags diags;
		uint8_t bad = 0;
		int rc;

		vg_diags_init(&diags);
		rc = vg_harness_start(&r.h, true, &diags, &bad);
		if (rc == -1) {
			print_diags(&diags, true);
			fprintf(stderr, "vigil sim: node %s: its virtual servers cannot be simulated\n", r.scn.nodes[bad].name);
		}
		vg_diags_free(&diags);
		if (rc)
			goto out;
	}
	r.h.lvs->out = r.quiet ? NULL : stdout;
	r.h.lvs->verbose = r.verbose;
	if (svg_path) {
		r.h.lvs->on_effect = lvs_effect;
		r.h.lvs->effect_ctx = &r;
	}
	if (pcap_path) {
		r.pcap = vg_sim_capture_open(pcap_path, err, sizeof(err));
		if (!r.pcap) {
			fprintf(stderr, "vigil sim: %s\n", err);
			goto out;
		}
	}
	if (load_reloads(&r, scn_path) || vg_harness_log_enable(&r.h) ||
	    vg_harness_schedule_scenario(&r.h, &r.scn, scn_path))
		goto out;

	printf("vigil sim: %s\n", r.scn.title[0] ? r.scn.title : scn_path);
	printf("  seed %llu, %u nodes, link delay %.3f ms jitter %.3f ms loss %.2f%% duplicate %.2f%%\n\n",
	       (unsigned long long)r.scn.seed, r.scn.node_count, (double)r.scn.delay_ns / 1e6,
	       (double)r.scn.jitter_ns / 1e6, r.scn.loss_ppm / 1e4, r.scn.dup_ppm / 1e4);
	qsort(r.scn.expects, r.scn.expect_count, sizeof(r.scn.expects[0]), cmp_expect);
	for (x = 0; x < r.scn.expect_count; x++) {
		vg_harness_run(&r.h, r.scn.expects[x].at);
		ok &= expect(&r, scn_path, &r.scn.expects[x]);
	}
	vg_harness_run(&r.h, r.scn.duration);
	if (!r.quiet)
		vg_lvs_sim_summary(r.h.lvs, stdout);
	for (i = 0; i < (int)r.h.lvs->violation_count && i < VG_LVS_SIM_VIOLATIONS_MAX; i++) {
		print_time(r.h.lvs->v[i].at);
		printf("  INVARIANT %s violated: %s\n", r.h.lvs->v[i].invariant, r.h.lvs->v[i].detail);
	}

	for (i = 0; i < (int)r.h.check.count && i < VG_SIM_VIOLATIONS_MAX; i++) {
		print_time(r.h.check.v[i].at);
		printf("  INVARIANT %s violated: %s\n", r.h.check.v[i].invariant, r.h.check.v[i].detail);
	}
	if (r.h.check.count || r.h.lvs->violation_count)
		printf("  replay: vigil sim %s --seed %llu -v\n", scn_path, (unsigned long long)r.scn.seed);
	ok &= r.h.check.count == 0 && r.h.lvs->violation_count == 0;
	if (svg_path && write_svg(&r, svg_path)) {
		fprintf(stderr, "vigil sim: cannot write %s: %s\n", svg_path, strerror(errno));
		ok = false;
	}
	ok &= r.h.sim.fx_unhandled == 0; /* an effect the simulator dropped: a bug, never a pass */
	printf("\n%u expectations, %u invariant violations; %llu adverts sent, %llu dropped; %llu events in %.0f simulated s"
	       "; %llu effects not handled",
	       r.scn.expect_count, r.h.check.count + r.h.lvs->violation_count, (unsigned long long)r.adverts_sent,
	       (unsigned long long)r.adverts_dropped, (unsigned long long)r.h.sim.events, (double)r.h.sim.now / 1e9,
	       (unsigned long long)r.h.sim.fx_unhandled);
	if (r.pcap)
		printf("; %lu frames in %s", vg_sim_capture_frames(r.pcap), pcap_path);
	printf("\n%s\n", ok ? "PASS" : "FAIL");
	status = ok ? 0 : 1;
out:
	vg_sim_capture_close(r.pcap);
	vg_timeline_free(&r.lvs_tl);
	vg_harness_fini(&r.h);
	for (i = 0; i < r.scn.node_count; i++)
		if (r.conf[i])
			vg_conf_free(r.conf[i]);
	for (i = 0; i < r.reload_count; i++)
		if (r.reload_conf[i])
			vg_conf_free(r.reload_conf[i]);
	return status;
}
