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

static const char *colour(uint8_t s)
{
	switch (s) {
	case VG_STATE_MASTER: return "#2e9d48";
	case VG_STATE_BACKUP: return "#3b73c4";
	case VG_STATE_FAULT: return "#d33c2c";
	default: return "#c8c8c8";
	}
}

/* One lane per instance from the first recorded input to the last, as `vigil sim --svg` draws them. */
static int write_svg(const struct run *r, const char *path, const char *title)
{
	const struct vg_sim_node *n = &r->h.node[0];
	const double width = 1000, left = 160, lane_h = 26;
	vg_time t0 = r->rp.first, span = r->rp.last > t0 ? r->rp.last - t0 : 1;
	double scale = (width - left - 20) / ((double)span / 1e9);
	FILE *f = fopen(path, "w");
	uint16_t i;

	if (!f)
		return -1;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" "
		   "font-size=\"12\">\n", width, 60 + n->inst_count * lane_h + 40);
	fprintf(f, "<text x=\"10\" y=\"20\" font-size=\"14\">vigil replay %s (%s)</text>\n", title, n->name);
	for (i = 0; i < n->inst_count; i++) {
		double y = 40 + i * lane_h, x0 = left;
		uint8_t st = VG_STATE_INIT;

		fprintf(f, "<text x=\"10\" y=\"%.0f\">%s</text>\n", y + 16, n->cfg[i].name);
		for (uint32_t k = 0; k <= r->hist_len; k++) {
			double x1;

			if (k < r->hist_len && r->hist[k].inst != i)
				continue;
			x1 = left + (double)((k < r->hist_len ? r->hist[k].at : r->rp.last) - t0) / 1e9 * scale;
			if (x1 > x0)
				fprintf(f, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>\n", x0,
					y + 2, x1 - x0, colour(st));
			if (k < r->hist_len) {
				st = r->hist[k].state;
				x0 = x1;
			}
		}
	}
	fprintf(f, "<text x=\"%.0f\" y=\"%.0f\">0 s</text><text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%.3f s</text>\n",
		left, 56 + n->inst_count * lane_h, width - 20, 56 + n->inst_count * lane_h, (double)span / 1e9);
	fprintf(f, "<text x=\"10\" y=\"%.0f\"><tspan fill=\"#2e9d48\">MASTER</tspan> <tspan fill=\"#3b73c4\">BACKUP</tspan> "
		   "<tspan fill=\"#d33c2c\">FAULT</tspan> <tspan fill=\"#999\">INIT/down</tspan></text>\n",
		76 + n->inst_count * lane_h);
	fprintf(f, "</svg>\n");
	return fclose(f);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vigil replay FILE [--pcap FILE] [--svg FILE] [-v|--verbose]\n\n"
		   "Run a vigild flight recording (written on SIGRTMIN+4, on a fatal error, or through\n"
		   "the control socket by 'vigil status') through the simulator: the recorded\n"
		   "configuration, every recorded input at its recorded time. Prints each transition as\n"
		   "vigild logs it while recording, '(VI_1) Entering MASTER STATE (why) @SECONDS.NANOS'.\n\n"
		   "  --pcap FILE    write every frame the replayed node sends (VRRP, ARP, NA) to FILE\n"
		   "  --svg FILE     draw the timeline: one lane per instance\n"
		   "  -v, --verbose  say what the recording holds and each reload\n\n"
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
	vg_harness_fini(&r->h); /* its node points into the replay's configurations */
	vg_replay_free(&r->rp);
	vg_diags_free(&diags);
	free(r);
	free(buf);
	return status;
}
