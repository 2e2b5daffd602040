/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the checker driver's operator views: `vigil status` check fields and the check metrics.
 *
 * The LVS driver adds one row per real server of each kernel service
 * (every configured server, also one a checker took out); the `status` op
 * fills the check fields of those rows (vgd_status_rs_find, names built as
 * the LVS driver builds them): the verdict (up / down), the type and
 * latency of the last result, its time, and since when the server is down.
 * The `metrics` op writes vigil_lvs_check_up, _results_total{outcome} and
 * the _duration_seconds histogram per (kernel service, real server,
 * checker), with the labels of the LVS driver's real-server families, and
 * the driver's own counters. Results are counted as they are delivered
 * (chk_count_result): success, failure (a wrong answer, a refused
 * connection), timeout, error (the probe could not start).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "metrics/metrics.h"
#include "status.h"

void chk_count_result(struct chk_ck *k, struct chk_dur *l, bool ok, uint8_t outcome, bool error, vg_time latency)
{
	int o = ok ? VGD_CHECK_SUCCESS
		: error ? VGD_CHECK_ERROR
		: outcome == VG_LVS_PROBE_TIMEOUT ? VGD_CHECK_TIMEOUT : VGD_CHECK_FAILURE;

	double v = (double)latency / 1e9;
	uint32_t i;

	k->results[o]++;
	for (i = 0; i < VGD_CHECK_LATENCY_BUCKETS && v > vgd_check_latency_bounds[i]; i++) /* vgd_hist_observe's */
		;
	l->count[i]++;
	l->sum_ns += (uint64_t)latency;
}

/* A virtual server's histogram of one checker type, for the metrics writer. */
static void chk_hist(const struct chk_dur *l, struct vgd_hist *h)
{
	vgd_hist_init(h, vgd_check_latency_bounds, VGD_CHECK_LATENCY_BUCKETS);
	for (uint32_t i = 0; i <= VGD_CHECK_LATENCY_BUCKETS; i++)
		h->counts[i] = l->count[i];
	h->sum = (double)l->sum_ns / 1e9;
}

/* The destination port the kernel table gives real server rs under key k (table_from_conf's dest_of). */
static uint16_t dest_port(const struct vg_lvs_rs_config *rs, const struct vg_lvs_vs_key *k)
{
	if (rs->fwd == VG_LVS_FWD_NAT && rs->port)
		return rs->port;
	return k->kind == VG_LVS_VS_FWMARK ? 0 : k->port;
}

void chk_status(void *self, struct vgd_status *st)
{
	struct vgc_check *c = self;
	struct chk_gen *g = c->gen;

	if (!c->started || !g)
		return;
	for (uint32_t s = 0; s < g->map->count; s++) {
		const struct vg_lvs_conf_service *cs = &g->map->svc[s];
		const struct vg_lvs_service_config *cfg = &cs->cfg;

		for (uint32_t ki = cs->key_first; ki < cs->key_first + cs->key_count; ki++) {
			const struct vg_lvs_vs_key *k = &g->map->keys[ki];
			char vs[VGD_STATUS_ENDPOINT_MAX], rsn[VGD_STATUS_ENDPOINT_MAX];

			vgd_status_service(&k->addr, k->port, cfg->protocol, k->kind == VG_LVS_VS_FWMARK ? k->fwmark : 0,
					   vs, sizeof(vs));
			if (k->kind == VG_LVS_VS_FWMARK) { /* "fwmark N/ipv4": the family is the key's */
				struct vg_addr fa = { .family = k->family };

				vgd_status_service(&fa, 0, 0, k->fwmark, vs, sizeof(vs));
			}
			for (uint16_t r = 0; r < cfg->rs_count; r++) {
				const struct chk_rs *rst = chk_rs_stat(g, s, r);
				const struct vg_lvs_rs_state *rs = &g->svc[s].rs[r];
				struct vgd_status_rs *row;

				if (!rst->checkers)
					continue;
				vgd_status_endpoint(&cfg->rs[r].addr, dest_port(&cfg->rs[r], k), rsn, sizeof(rsn));
				row = vgd_status_rs_find(st, vs, rsn);
				if (!row)
					continue;
				row->check = rs->alive ? VGD_CHECK_UP : VGD_CHECK_DOWN;
				if (rst->has_result) {
					snprintf(row->check_kind, sizeof(row->check_kind), "%s",
						 vg_lvs_check_type_name((enum vg_lvs_check_type)rst->last_type));
					row->check_latency_us = rst->last_latency_us;
					row->check_at_unix_ns = vgd_status_unix(st, rst->last_result_ns);
				} else {
					for (uint16_t i = 0; i < cfg->checker_count; i++)
						if (cfg->checker[i].rs == r) {
							snprintf(row->check_kind, sizeof(row->check_kind), "%s",
								 vg_lvs_check_type_name((enum vg_lvs_check_type)cfg->checker[i].type));
							break;
						}
				}
				row->down_since_unix_ns = rs->alive ? 0 : vgd_status_unix(st, rst->since_ns);
			}
		}
	}
}

#define LABEL_MAX 96

void chk_metrics(void *self, struct vgd_expo *w)
{
	struct vgc_check *c = self;
	struct chk_gen *g = c->gen;
	struct vgd_check_facts *f = NULL;
	struct vgd_check_lat_facts *lf = NULL;
	char (*lv)[LABEL_MAX] = NULL, (*lr)[LABEL_MAX] = NULL;
	size_t n = 0, cap = 0, nl = 0, capl = 0;

	for (uint32_t s = 0; g && c->started && s < g->map->count; s++) {
		cap += (size_t)g->map->svc[s].key_count * g->map->svc[s].cfg.checker_count;
		capl += (size_t)g->map->svc[s].key_count * g->ndur[s];
	}
	if (cap) {
		f = calloc(cap, sizeof(*f));
		lf = calloc(capl ? capl : 1, sizeof(*lf));
		lv = calloc(cap, sizeof(*lv));
		lr = calloc(cap, sizeof(*lr));
	}
	for (uint32_t s = 0; f && lf && lv && lr && s < g->map->count; s++) {
		const struct vg_lvs_conf_service *cs = &g->map->svc[s];
		const struct vg_lvs_service_config *cfg = &cs->cfg;
		bool fwmark_only = true;

		for (uint32_t ki = cs->key_first; ki < cs->key_first + cs->key_count; ki++)
			fwmark_only &= g->map->keys[ki].kind == VG_LVS_VS_FWMARK;
		for (uint32_t ki = cs->key_first; ki < cs->key_first + cs->key_count; ki++) {
			const struct vg_lvs_vs_key *k = &g->map->keys[ki];
			bool fw = k->kind == VG_LVS_VS_FWMARK;
			size_t first = n;

			for (uint16_t i = 0; i < cfg->checker_count; i++) {
				const struct vg_lvs_checker_config *kc = &cfg->checker[i];
				const struct chk_ck *ck = &g->ck[s][i];

				vgd_metrics_svc_label(k->family, fw && fwmark_only ? 0 : cfg->protocol, &k->addr, k->port,
						      fw ? k->fwmark : 0, lv[n], LABEL_MAX);
				vgd_metrics_dest_label(&cfg->rs[kc->rs].addr, dest_port(&cfg->rs[kc->rs], k), lr[n], LABEL_MAX);
				f[n].virtual_server = lv[n];
				f[n].real_server = lr[n];
				f[n].checker = vg_lvs_check_type_name((enum vg_lvs_check_type)kc->type);
				f[n].up = g->svc[s].chk[i].is_up;
				for (int o = 0; o < VGD_CHECK__OUTCOMES; o++)
					f[n].results[o] = ck->results[o];
				n++;
			}
			for (uint8_t j = 0; n > first && j < g->ndur[s]; j++, nl++) {
				lf[nl].virtual_server = lv[first]; /* the same label for each of this key's checkers */
				lf[nl].checker = vg_lvs_check_type_name((enum vg_lvs_check_type)g->dur[s][j].type);
				chk_hist(&g->dur[s][j], &lf[nl].latency);
			}
		}
	}
	vgd_metrics_checks(w, f, n, lf, nl);
	free(f);
	free(lf);
	free(lv);
	free(lr);
	vgd_expo_family(w, "vigil_lvs_check_probes_total", VGD_EXPO_COUNTER,
			"Probes the checker driver opened (started) and checker requests served by an identical "
			"probe already in flight (joined).");
	{
		const struct vgd_label ls[] = { { "kind", "started" } }, lj[] = { { "kind", "joined" } };

		vgd_expo_u64(w, ls, 1, c->n.probes_started);
		vgd_expo_u64(w, lj, 1, c->n.probes_joined);
	}
	vgd_expo_family(w, "vigil_lvs_check_probes_in_flight", VGD_EXPO_GAUGE, "Probes in flight now.");
	vgd_expo_u64(w, NULL, 0, c->n.in_flight);
	vgd_expo_family(w, "vigil_lvs_check_deferred_wakeups_total", VGD_EXPO_COUNTER,
			"Wake-ups of the checker driver that left work for the next one (the per-wake-up bound).");
	vgd_expo_u64(w, NULL, 0, c->n.deferred);
}

/* ---- the status rows and counters `vigil status` and the LVS driver read ---- */

static const struct vgc_check *self_of(const struct vgd_driver *drv)
{
	return drv && drv->self ? drv->self : NULL;
}

size_t vgd_check_rs_count(const struct vgd_driver *drv)
{
	const struct vgc_check *c = self_of(drv);

	return c && c->started ? c->gen->nrs : 0;
}

int vgd_check_rs_status(const struct vgd_driver *drv, size_t i, struct vgd_check_rs_status *out)
{
	const struct vgc_check *c = self_of(drv);
	const struct chk_gen *g;
	const struct chk_rs *st;
	const struct vg_lvs_service *sv;
	const struct vg_lvs_rs_state *r;
	uint32_t svc;
	uint16_t ri;
	bool pool;

	if (!c || !c->started || i >= c->gen->nrs)
		return -1;
	g = c->gen;
	st = &g->stat[i];
	memset(out, 0, sizeof(*out));
	chk_rs_where(g, (uint32_t)i, &svc, &ri);
	out->service = (uint16_t)svc;
	out->rs = ri;
	snprintf(out->vs, sizeof(out->vs), "%s", g->vsname[out->service]);
	chk_rs_name(g, out->service, out->rs, out->rs_name, sizeof(out->rs_name));
	out->checkers = st->checkers;
	out->last_type = st->last_type;
	out->last_outcome = st->last_outcome;
	out->last_ok = st->last_ok;
	out->has_result = st->has_result;
	out->last_latency_ns = (vg_time)st->last_latency_us * 1000;
	out->last_result_ns = st->last_result_ns;
	out->since_ns = st->since_ns;
	snprintf(out->why, sizeof(out->why), "%s", chk_rs_why_of(g, i) ? chk_rs_why_of(g, i) : "");
	sv = &g->svc[out->service];
	r = &sv->rs[out->rs];
	pool = sv->quorum_up || !sv->cfg->has_sorry || !sv->sorry.alive;
	out->alive = r->alive;
	out->in_table = r->set;
	out->weight = r->set ? (r->alive && pool ? r->effective_weight : 0) : r->effective_weight;
	out->failed_checkers = r->num_failed_checkers;
	return 0;
}

struct vgd_check_counters vgd_check_counters(const struct vgd_driver *drv)
{
	const struct vgc_check *c = self_of(drv);
	struct vgd_check_counters z = { 0 };

	return c ? c->n : z;
}

/* The SIGUSR1 dump's checker part: counters, the latency histograms, the half-open prober. */
void chk_dump(void *self, FILE *f)
{
	struct vgc_check *c = self;
	struct chk_gen *g = c->gen;

	fprintf(f, "------< Health checkers >------\n");
	fprintf(f, " Probe targets = %u (%u shared), checkers carried over by the last reload = %u, "
		"probe parameters kept = %u\n", g->ntargets, g->shared_targets, g->carried, g->nparams);
	fprintf(f, " Probes started = %llu, joined = %llu, ok = %llu, failed = %llu, timeout = %llu, aborted = %llu\n",
		(unsigned long long)c->n.probes_started, (unsigned long long)c->n.probes_joined,
		(unsigned long long)c->n.probes_ok, (unsigned long long)c->n.probes_failed,
		(unsigned long long)c->n.probes_timeout, (unsigned long long)c->n.aborted);
	fprintf(f, " In flight = %llu (max %llu), deferred wake-ups = %llu\n", (unsigned long long)c->n.in_flight,
		(unsigned long long)c->n.in_flight_max, (unsigned long long)c->n.deferred);
	fprintf(f, " Table edits = %llu (not applied %llu), notify scripts = %llu\n",
		(unsigned long long)c->n.table_edits, (unsigned long long)c->n.table_not_applied,
		(unsigned long long)c->n.notifies);
	fprintf(f, " Verdict to table edit = %llu failing verdicts, p50 %llu us, p99 %llu us, max %llu us; "
		"from their wake-up p50 %llu us, p99 %llu us, max %llu us\n",
		(unsigned long long)c->edit_lat.n, (unsigned long long)(chk_lat_quantile(&c->edit_lat, 0.5) / 1000),
		(unsigned long long)(chk_lat_quantile(&c->edit_lat, 0.99) / 1000),
		(unsigned long long)(c->edit_lat.max_ns / 1000),
		(unsigned long long)(chk_lat_quantile(&c->wake_lat, 0.5) / 1000),
		(unsigned long long)(chk_lat_quantile(&c->wake_lat, 0.99) / 1000),
		(unsigned long long)(c->wake_lat.max_ns / 1000));
	fprintf(f, " Table edit itself = %llu service edits, p50 %llu us, p99 %llu us, max %llu us\n",
		(unsigned long long)c->svc_lat.n, (unsigned long long)(chk_lat_quantile(&c->svc_lat, 0.5) / 1000),
		(unsigned long long)(chk_lat_quantile(&c->svc_lat, 0.99) / 1000),
		(unsigned long long)(c->svc_lat.max_ns / 1000));
	if (c->syn) {
		struct vgc_syn_counters y = vgc_syn_counters(c->syn);

		fprintf(f, " Half-open TCP_CHECK: SYNs sent = %llu, again = %llu; answers alive = %llu, refused = %llu, "
			"unreachable = %llu, ignored = %llu; connected instead = %llu; send calls = %llu\n",
			(unsigned long long)y.sent, (unsigned long long)y.resent, (unsigned long long)y.alive,
			(unsigned long long)y.refused, (unsigned long long)y.unreachable, (unsigned long long)y.ignored,
			(unsigned long long)y.fallback, (unsigned long long)y.calls);
	}
	for (uint32_t i = 0; i < g->nrs; i++) {
		const struct chk_rs *s = &g->stat[i];
		const struct vg_lvs_rs_state *r;
		char rsn[CHK_RS_NAME_MAX];
		uint32_t sv;
		uint16_t ri;

		chk_rs_where(g, i, &sv, &ri);
		r = &g->svc[sv].rs[ri];
		fprintf(f, " RS %s of VS %s: %s, weight %d, last %s%s%s (%llu us)\n",
			chk_rs_name(g, sv, ri, rsn, sizeof(rsn)), g->vsname[sv],
			r->alive ? "UP" : "DOWN", r->effective_weight,
			!s->has_result ? "none" : s->last_ok ? "ok" : "failed", chk_rs_why_of(g, i) ? ": " : "",
			chk_rs_why_of(g, i) ? chk_rs_why_of(g, i) : "",
			(unsigned long long)s->last_latency_us);
	}
}
