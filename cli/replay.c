// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: `vigil replay FILE`: a vigild flight recording run through the simulator.
 *
 * Reads the recording (vigild --record-size, written on SIGRTMIN+4, on a
 * fatal error, or by `vigil status --record`), builds the node from the
 * recorded configuration and feeds it every recorded input at its
 * recorded time (sim/replay.h). Prints each transition on stdout exactly
 * as vigild logs it while recording ("(VI_1) Entering MASTER STATE
 * (master_down) @SECONDS.NANOSECONDS"), so the two compare line for line;
 * what the recording holds goes to stderr. --pcap and --svg as in `vigil
 * sim`. Exit status: 0, 1 the recording is incomplete (the ring dropped
 * its oldest events: the replay starts later than the daemon did and may
 * differ), 2 bad input.
 */
#include "replay_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/capture.h"
#include "sim/harness.h"
#include "sim/replay.h"
#include "sim/timeline.h"

#define HISTORY_MAX 65536

struct change {
	vg_time at;
	uint16_t inst;
	uint8_t state;
};

struct run {
	struct vg_harness h;
	struct vg_replay rp;
	struct vg_sim_capture *pcap;
	bool verbose;
	struct change hist[HISTORY_MAX];
	uint32_t hist_len;
	struct vg_timeline lvs_tl;  /* the real servers' lanes (--svg) */
	vg_time mark[64];           /* reloads (--svg) */
	uint32_t marks;
};

static void stamp(char *buf, size_t n, vg_time t)
{
	snprintf(buf, n, "@%llu.%09llu", (unsigned long long)(t / VG_S(1)), (unsigned long long)(t % VG_S(1)));
}

/* The real-server lines vigild's checker driver logs (common/lvs_log.h), at the core's time. */
static void lvs_line(void *ctx, vg_time now, const char *line)
{
	char t[40];

	(void)ctx;
	stamp(t, sizeof(t), now);
	printf("%s %s\n", line, t);
}

/* The lines vigild logs (backends/linux/vrrp_driver.c vgd_vrrp_exec), at the core's time. */
static void observe(void *ctx, const struct vg_harness *h, const struct vg_sim_obs *o)
{
	struct run *r = ctx;
	const struct vg_sim *s = &h->sim;
	const struct vg_sim_node *n = &s->nodes[o->node];
	const struct vg_action *a = o->action;
	char t[40];

	if (o->note == VG_SIM_NOTE_RELOADED && r->marks < sizeof(r->mark) / sizeof(r->mark[0]))
		r->mark[r->marks++] = s->now;
	if (o->note == VG_SIM_NOTE_RELOADED && r->verbose) {
		stamp(t, sizeof(t), s->now);
		fprintf(stderr, "# %s reload: %u instance(s) kept running, %u stopped, %u started\n", t,
			s->last_reload.carried, s->last_reload.stopped, s->last_reload.started);
	}
	if (o->note != VG_SIM_NOTE_ACTION)
		return;
	vg_sim_capture_action(r->pcap, s, o->node, a);
	if (a->kind != VG_ACT_STATE)
		return;
	stamp(t, sizeof(t), s->now);
	if (a->group) {
		printf("VRRP_Group(%s) Syncing instances to %s state %s\n",
		       a->instance < n->node.plan.group_count ? n->node.plan.groups[a->instance].name : "?",
		       vg_vrrp_state_name(a->u.state.to), t);
		return;
	}
	printf("(%s) Entering %s STATE (%s) %s\n", a->instance < n->inst_count ? n->cfg[a->instance].name : "?",
	       vg_vrrp_state_name(a->u.state.to), vg_vrrp_why_name(a->u.state.why), t);
	if (r->hist_len < HISTORY_MAX)
		r->hist[r->hist_len++] = (struct change){ s->now, a->instance, a->u.state.to };
}

/* The real-server lanes of the picture: every table edit of the LVS node (sim/timeline.h). */
static void lvs_effect(void *ctx, vg_time now, const struct vg_lvs_conf_map *map, const struct vg_action *a)
{
	struct run *r = ctx;

	vg_timeline_lvs(&r->lvs_tl, NULL, map, a, now);
}

/*
 * One lane per instance from the first recorded input to the last, one per
 * real server, reloads dashed: the renderer of `vigil sim --svg`.
 */
static int write_svg(const struct run *r, const char *path, const char *title)
{
	const struct vg_sim_node *n = &r->h.node[0];
	struct vg_timeline t;
	bool vrrp = r->rp.events || r->rp.reloads;
	vg_time t0 = vrrp ? r->rp.first : VG_TIME_NEVER, t1 = vrrp ? r->rp.last : 0;
	char head[600];
	uint32_t first;
	int rc;

	vg_timeline_init(&t);
	for (uint16_t i = 0; i < n->inst_count; i++)
		vg_timeline_lane(&t, n->cfg[i].name, VG_TL_VRRP);
	for (uint32_t k = 0; k < r->hist_len; k++)
		vg_timeline_change(&t, r->hist[k].inst, r->hist[k].at, r->hist[k].state);
	first = t.lanes;
	for (uint32_t i = 0; i < r->lvs_tl.lanes; i++)
		vg_timeline_lane(&t, r->lvs_tl.lane[i].name, r->lvs_tl.lane[i].kind);
	for (uint32_t c = 0; c < r->lvs_tl.changes; c++) {
		const struct vg_tl_change *ch = &r->lvs_tl.change[c];

		vg_timeline_change(&t, first + ch->lane, ch->at, ch->state);
		/* the checker driver's records interleave with the VRRP driver's: they may start or end apart */
		t0 = vg_time_min(t0, ch->at);
		if (ch->at > t1)
			t1 = ch->at;
	}
	if (t0 == VG_TIME_NEVER)
		t0 = 0;
	for (uint32_t m = 0; m < r->marks; m++)
		vg_timeline_mark(&t, r->mark[m]);
	snprintf(head, sizeof(head), "vigil replay %s (%s)", title, n->name);
	rc = vg_timeline_svg(&t, path, head, t0, t1, 3);
	vg_timeline_free(&t);
	return rc;
}

/* --config: each generation's files as vigild read them ("# generation N, PATH, BYTES bytes", then the text). */
static void print_config(const struct vg_replay *rp)
{
	for (uint32_t i = 0; i < rp->gen_count; i++) {
		const struct vg_replay_gen *g = &rp->gen[i];
		struct vg_rec_file f;
		size_t pos = 0;

		while (vg_rec_conf_file(&g->rec, &pos, &f) == 1) {
			printf("# generation %u, %.*s, %u bytes\n", g->gen, (int)f.path_len, f.path, (unsigned)f.len);
			fwrite(f.data, 1, f.len, stdout);
			if (f.len && f.data[f.len - 1] != '\n')
				putchar('\n');
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vigil replay FILE [--pcap FILE] [--svg FILE] [-v|--verbose] [--config]\n\n"
		   "Run a vigild flight recording (written on SIGRTMIN+4, on a fatal error, or through\n"
		   "the control socket by 'vigil status') through the simulator: the recorded\n"
		   "configuration, every recorded input at its recorded time. Prints each transition as\n"
		   "vigild logs it while recording, '(VI_1) Entering MASTER STATE (why) @SECONDS.NANOS'.\n\n"
		   "  --pcap FILE    write every frame the replayed node sends (VRRP, ARP, NA) to FILE\n"
		   "  --svg FILE     draw the timeline: one lane per instance and per real server\n"
		   "  -v, --verbose  say what the recording holds and each reload\n"
		   "  --config       print the recorded configuration files (each generation's) and exit\n\n"
		   "Exit status: 0; 1 the ring had dropped older events (the replay starts later than the\n"
		   "daemon did and may differ at first); 2 bad input.\n");
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			uint8_t *m = realloc(b, cap ? cap * 2 : 65536);

			if (!m) {
				free(b);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			b = m;
			cap = cap ? cap * 2 : 65536;
		}
		size_t got = fread(b + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(b);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return b;
}

int vg_cmd_replay(int argc, char **argv)
{
	const char *path = NULL, *pcap_path = NULL, *svg_path = NULL;
	struct vg_harness_opts o;
	struct vg_diags diags;
	struct run *r;
	char err[512];
	uint8_t *buf;
	size_t len = 0;
	int i, status = 2;
	bool show_config = false;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--pcap") && i + 1 < argc) {
			pcap_path = argv[++i];
		} else if (!strcmp(argv[i], "--svg") && i + 1 < argc) {
			svg_path = argv[++i];
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			continue;
		} else if (!strcmp(argv[i], "--config")) {
			show_config = true;
		} else if (argv[i][0] != '-' && !path) {
			path = argv[i];
		} else {
			fprintf(stderr, "vigil replay: unknown argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (!path) {
		usage(stderr);
		return 2;
	}
	buf = read_file(path, &len);
	if (!buf) {
		fprintf(stderr, "vigil replay: cannot read %s: %s\n", path, strerror(errno));
		return 2;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		free(buf);
		return 2;
	}
	for (i = 1; i < argc; i++)
		r->verbose |= !strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose");
	vg_harness_opts_default(&o);
	vg_harness_init(&r->h, &o);
	vg_diags_init(&diags);
	if (vg_replay_load(&r->rp, buf, len, &diags, err, sizeof(err))) {
		fprintf(stderr, "vigil replay: %s: %s\n", path, err);
		goto out;
	}
	if (show_config) {
		print_config(&r->rp);
		status = 0;
		goto out;
	}
	if (diags.errors)
		fprintf(stderr, "vigil replay: %s: the recorded configuration has %u error(s); vigild ran what it understood, "
				"and so does the replay\n", path, diags.errors);
	if (r->verbose)
		fprintf(stderr, "# %s: %llu events, %llu reloads, %u configuration(s), written (%s) at @%llu.%09llu; "
				"%llu older events dropped by the ring\n", path, (unsigned long long)r->rp.events,
			(unsigned long long)r->rp.reloads, r->rp.gen_count, r->rp.reason,
			(unsigned long long)(r->rp.written_at / VG_S(1)), (unsigned long long)(r->rp.written_at % VG_S(1)),
			(unsigned long long)r->rp.lost);
	if (r->rp.lost)
		fprintf(stderr, "vigil replay: %s: the ring had dropped %llu older events: the replay starts from the first "
				"one kept and may differ from the daemon until its instances settle\n", path,
			(unsigned long long)r->rp.lost);
	if (vg_replay_start(&r->rp, &r->h, err, sizeof(err))) {
		fprintf(stderr, "vigil replay: %s: %s\n", path, err);
		goto out;
	}
	vg_harness_observe(&r->h, observe, r);
	r->rp.lvs_line = lvs_line;
	if (svg_path)
		r->rp.lvs_effect = lvs_effect;
	r->rp.lvs_ctx = r;
	if (pcap_path) {
		r->pcap = vg_sim_capture_open(pcap_path, err, sizeof(err));
		if (!r->pcap) {
			fprintf(stderr, "vigil replay: %s\n", err);
			goto out;
		}
	}
	if (vg_replay_run(&r->rp, &r->h, err, sizeof(err))) {
		fprintf(stderr, "vigil replay: %s: %s\n", path, err);
		goto out;
	}
	fflush(stdout);
	if (svg_path && write_svg(r, svg_path, path)) {
		fprintf(stderr, "vigil replay: cannot write %s: %s\n", svg_path, strerror(errno));
		goto out;
	}
	if (r->verbose)
		fprintf(stderr, "# %llu events fed, %llu packets dropped by the core%s%s\n", (unsigned long long)r->rp.fed,
			(unsigned long long)r->rp.dropped, r->pcap ? ", frames in " : "", r->pcap ? pcap_path : "");
	status = r->rp.lost ? 1 : 0;
out:
	vg_sim_capture_close(r->pcap);
	vg_timeline_free(&r->lvs_tl);
	vg_harness_fini(&r->h); /* its node points into the replay's configurations */
	vg_replay_free(&r->rp);
	vg_diags_free(&diags);
	free(r);
	free(buf);
	return status;
}
