// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz fault schedules in the simulator (fuzz-sim).
 *
 * The input describes a tiny world for the deterministic simulator
 * (backends/sim): two or three nodes running one VRRP instance each (written
 * as keepalived.conf text and built by the parser and the core's node
 * builder, as every simulated node is), with
 * the same VRID, version and interval (a cluster that is configured
 * consistently), fuzzed priorities, preemption settings and tracked
 * scripts, a fuzzed one-way delay, and then a schedule of faults: crash,
 * stop, start, firewall drops (both ways or one way), partitions, link
 * down/up and tracked script failures, at fuzzed times in the first 60 s.
 * At 70 s everything heals (every node started, firewalls open, one
 * partition, links up, scripts fine) and the world runs 60 s more.
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
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "sim/harness.h"

#define FAULTS_MAX 32
#define HEAL_AT VG_S(70)
#define END_AT VG_S(130)

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

/* Append to a bounded text buffer. */
static void put(char *buf, size_t cap, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = *len + (size_t)n < cap ? *len + (size_t)n : cap - 1;
}

static void free_confs(struct vg_conf **conf, uint8_t n)
{
	for (uint8_t k = 0; k < n; k++)
		if (conf[k])
			vg_conf_free(conf[k]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vg_harness h;
	static struct run run;
	static char text[3][2048]; /* each node's keepalived.conf; the tree reads it again for diagnostics */
	struct vg_conf *conf[3] = { NULL, NULL, NULL };
	struct vg_harness_opts opts;
	struct vg_harness_fault heal[VG_HARNESS_HEAL_MAX];
	struct fz f;
	uint8_t b, k, count, version, vrid;
	uint16_t adver_int_cs;
	int masters, i, nh;

	fz_init(&f, data, size);
	b = fz_u8(&f);
	count = (b & 0x01) ? 3 : 2;
	version = (b & 0x02) ? 3 : 2;
	vrid = (uint8_t)(fz_u8(&f) | 1);
	adver_int_cs = (uint16_t)(version == 2 ? (fz_u8(&f) % 3 + 1) * 100 : fz_u8(&f) % 200 + 5);

	vg_harness_opts_default(&opts);
	vg_harness_init(&h, &opts);
	for (k = 0; k < count; k++) {
		uint8_t prio = fz_u8(&f), flags = fz_u8(&f), t, tracks = 0;
		int8_t weight[3];
		struct vg_addr addr = { .family = VG_AF_INET, .bytes = { 192, 0, 2, (uint8_t)(k + 1) } };
		struct vg_diags d;
		size_t len = 0;
		char name[8];
		int rc;

		/* the input format of before: the bound is read again at every turn */
		while (tracks < (fz_u8(&f) & 3))
			weight[tracks++] = (int8_t)fz_u8(&f);
		/* the node as keepalived.conf, built by the core's node builder like every node */
		for (t = 1; t <= 3; t++) /* scripts 1..3: what the faults below can name */
			put(text[k], sizeof(text[k]), &len, "vrrp_script chk%u {\n script \"/bin/true\"\n}\n", t);
		put(text[k], sizeof(text[k]), &len,
		    "vrrp_instance VI_1 {\n state %s\n interface eth0\n version %u\n virtual_router_id %u\n"
		    " priority %u\n advert_int %u.%02u\n virtual_ipaddress {\n  192.0.2.100\n }\n",
		    (flags & 0x01) ? "MASTER" : "BACKUP", version, vrid,
		    /* one address owner at most: two owners ignore each other (RFC 5798 7.1) */
		    prio == 0 ? 1 : (prio == 255 && k > 0 ? 254 : prio), adver_int_cs / 100, adver_int_cs % 100);
		if (flags & 0x02)
			put(text[k], sizeof(text[k]), &len, " nopreempt\n");
		if (flags & 0x04)
			put(text[k], sizeof(text[k]), &len, " strict_mode\n");
		if (flags & 0x08)
			put(text[k], sizeof(text[k]), &len, " lower_prio_no_advert\n");
		if (flags & 0x10)
			put(text[k], sizeof(text[k]), &len, " preempt_delay %u\n", flags >> 5);
		if (tracks)
			put(text[k], sizeof(text[k]), &len, " track_script {\n");
		for (t = 0; t < tracks; t++)
			put(text[k], sizeof(text[k]), &len, "  chk%u weight %d\n", t + 1, weight[t]);
		put(text[k], sizeof(text[k]), &len, "%s}\n", tracks ? " }\n" : "");
		snprintf(name, sizeof(name), "lb%u", k + 1);
		vg_diags_init(&d);
		rc = vg_harness_conf_text(name, text[k], &conf[k], &d);
		if (rc == 0)
			rc = vg_harness_add_conf(&h, name, &addr, conf[k], 0, &d);
		vg_diags_free(&d);
		if (rc != 0 || h.node[k].inst_count != 1) { /* a world the configuration refuses */
			vg_harness_fini(&h);
			free_confs(conf, count);
			return 0;
		}
		h.info[k].iface_count = 2; /* the faults name interfaces 1 and 2 */
	}

	h.opt.delay_ns = VG_US(fz_u8(&f)) * 100; /* 0..25.5 ms */
	memset(&run, 0, sizeof(run));
	vg_harness_observe(&h, observe, &run);
	vg_harness_start(&h, false, NULL, NULL);
	vg_harness_start_nodes(&h, UINT32_MAX);

	for (i = 0; i < FAULTS_MAX && f.left > 0; i++) {
		vg_time at = VG_MS(fz_u16(&f) % 60000);
		uint8_t what = fz_u8(&f);

		k = (uint8_t)((what >> 4) % count);
		struct vg_harness_fault one = { at, k, (uint8_t)(what % 12), (uint32_t)(fz_u8(&f) % 3 + 1) % 3 };

		vg_harness_schedule(&h, &one);
	}
	nh = vg_harness_heal(&h, HEAL_AT, heal, 0, VG_HARNESS_HEAL_MAX);
	vg_harness_schedule_faults(&h, heal, nh);
	vg_harness_run(&h, END_AT);
	masters = vg_sim_masters(&h.sim, 0, NULL);
	if (!vg_harness_converged(&h)) {
		fprintf(stderr, "%d Masters after healing\n", masters);
		abort();
	}
	vg_harness_fini(&h);
	free_confs(conf, count);
	return 0;
}
