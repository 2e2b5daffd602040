/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a reload (SIGHUP) of the checker driver carries unchanged checkers over (core/lvs/carry.h).
 *
 * At reload_prepare the new generation is built, then paired with the
 * running one: each new virtual server with the old one of the same keys
 * (vg_lvs_service_same), each of its checkers with an old checker that is
 * the same in the core's model (vg_lvs_checker_same) and whose probe
 * targets have equal sharing keys (share.h: type, destination, source,
 * timeouts and every parameter of the probe: the HTTP path and Host, the
 * DNS name, the MISC script and its user, ...). The new node is started
 * then (vg_lvs_node_start_carry): paired checkers keep their verdict,
 * retry count and next probe time; the servers keep their state. The
 * effects wait for reload_commit, and the LVS driver, which commits first,
 * takes the new services' states from here (vgd_check_reload_state), so
 * the kernel table it programs at its commit is already the carried one:
 * a server that was down is not added back and taken out again. The
 * per-server status (last result, down since) and the per-checker metric
 * counters are carried too.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_int.h"
#include "log.h"
#include "loop.h"
#include "lvs/carry.h"
#include "recorder.h"

/*
 * Are two targets' sharing keys equal? The common options are made again
 * from each target's opts and its first checker's connect_timeout; the
 * type's bytes are kept with its parameters (gen.c params_keep).
 */
static bool target_eq(const struct chk_gen *a, uint32_t ta, const struct chk_gen *b, uint32_t tb)
{
	const struct chk_target *x, *y;
	const struct chk_params *px, *py;
	struct vgc_key kx, ky;

	if (ta == CHK_NONE || tb == CHK_NONE)
		return ta == tb;
	x = &a->targets[ta];
	y = &b->targets[tb];
	px = x->params ? &a->params[x->params - 1] : NULL;
	py = y->params ? &b->params[y->params - 1] : NULL;
	if (!px != !py || (px && (px->key_len == CHK_KEY_NONE || px->key_len != py->key_len ||
				  memcmp(a->bytes + px->key_off, b->bytes + py->key_off, px->key_len))))
		return false;
	vgc_share_key_opts(&kx, &x->opts, a->map->svc[x->service].cfg.checker[x->checker].tm->connect_timeout_ns);
	vgc_share_key_opts(&ky, &y->opts, b->map->svc[y->service].cfg.checker[y->checker].tm->connect_timeout_ns);
	return kx.len == ky.len && !memcmp(kx.b, ky.b, kx.len);
}

/* Old checker ok of service os, new checker nk of service ns: the same checker? */
static bool checker_eq(const struct chk_gen *o, uint32_t os, uint16_t ok, const struct chk_gen *n, uint32_t ns,
		       uint16_t nk)
{
	const struct vg_lvs_service_config *oc = &o->map->svc[os].cfg, *nc = &n->map->svc[ns].cfg;
	uint8_t urls;

	if (!vg_lvs_checker_same(oc, ok, nc, nk))
		return false;
	urls = nc->checker[nk].type == VG_LVS_CHECK_HTTP || nc->checker[nk].type == VG_LVS_CHECK_SSL
	       ? nc->checker[nk].url_count : 1;
	for (uint8_t u = 0; u < urls; u++)
		if (!target_eq(o, o->tgt[os][chk_tgt_slot(oc, ok, u)], n, n->tgt[ns][chk_tgt_slot(nc, nk, u)]))
			return false;
	return true;
}

/* Pair service ns's checkers with service os's; returns how many. */
static uint32_t pair_checkers(const struct chk_gen *o, uint32_t os, const struct chk_gen *n, uint32_t ns,
			      uint16_t *from, bool *taken)
{
	uint16_t oc = o->map->svc[os].cfg.checker_count, nc = n->map->svc[ns].cfg.checker_count;
	int32_t delta = 0; /* the last pair's index shift: a server added or removed shifts the rest */
	uint32_t paired = 0;

	memset(taken, 0, oc * sizeof(*taken));
	for (uint16_t k = 0; k < nc; k++) {
		int64_t hint = (int64_t)k + delta;

		from[k] = VG_LVS_CARRY_NONE;
		if (hint >= 0 && hint < oc && !taken[hint] && checker_eq(o, os, (uint16_t)hint, n, ns, k)) {
			from[k] = (uint16_t)hint;
		} else {
			for (uint16_t j = 0; j < oc; j++)
				if (!taken[j] && checker_eq(o, os, j, n, ns, k)) {
					from[k] = j;
					break;
				}
		}
		if (from[k] == VG_LVS_CARRY_NONE)
			continue;
		taken[from[k]] = true;
		delta = (int32_t)from[k] - (int32_t)k;
		paired++;
	}
	return paired;
}

/* What operators see of a carried server and checker: its last result, since when, the counters. */
static void carry_views(struct vgc_check *c, struct chk_gen *o, uint32_t os, struct chk_gen *n, uint32_t ns,
			const uint16_t *from)
{
	const struct vg_lvs_service_config *oc = &o->map->svc[os].cfg, *nc = &n->map->svc[ns].cfg;

	(void)c;
	/* the virtual server's histograms go on for the types it still has */
	for (uint8_t j = 0; j < n->ndur[ns]; j++)
		for (uint8_t i = 0; i < o->ndur[os]; i++)
			if (o->dur[os][i].type == n->dur[ns][j].type)
				n->dur[ns][j] = o->dur[os][i];
	for (uint16_t k = 0; k < nc->checker_count; k++) {
		struct chk_rs *d, keep;
		const struct chk_rs *s;

		if (from[k] == VG_LVS_CARRY_NONE)
			continue;
		memcpy(n->ck[ns][k].results, o->ck[os][from[k]].results, sizeof(n->ck[ns][k].results));
		d = chk_rs_stat(n, ns, nc->checker[k].rs);
		s = chk_rs_stat(o, os, oc->checker[from[k]].rs);
		keep = *d;
		*d = *s;
		d->checkers = keep.checkers;
		d->smtp_alert = keep.smtp_alert;
		chk_rs_why(n, (uint32_t)(d - n->stat), chk_rs_why_of(o, (uint32_t)(s - o->stat)));
	}
}

void chk_carry_prestart(struct vgc_check *c, struct chk_gen *old, struct chk_gen *next)
{
	uint32_t n = next->map->count, *svc_from = calloc(n ? n : 1, sizeof(*svc_from));
	uint16_t **ck_from = calloc(n ? n : 1, sizeof(*ck_from));
	bool *svc_taken = calloc(old->map->count ? old->map->count : 1, sizeof(*svc_taken));
	bool *taken = NULL;
	uint32_t maxck = 1;
	vg_time now = vgl_clock_now();
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_START };

	for (uint32_t j = 0; j < old->map->count; j++)
		if (old->map->svc[j].cfg.checker_count > maxck)
			maxck = old->map->svc[j].cfg.checker_count;
	taken = calloc(maxck, sizeof(*taken));
	if (!svc_from || !ck_from || !svc_taken || !taken)
		goto out; /* out of memory: not carried, the commit starts it afresh */
	if (now < old->node.last_now)
		now = old->node.last_now;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = i < old->map->count && !svc_taken[i] &&
				     vg_lvs_service_same(old->map, &old->map->svc[i], next->map, &next->map->svc[i])
			     ? i : VG_LVS_CARRY_NO_SVC;

		for (uint32_t k = 0; j == VG_LVS_CARRY_NO_SVC && k < old->map->count; k++)
			if (!svc_taken[k] && vg_lvs_service_same(old->map, &old->map->svc[k], next->map, &next->map->svc[i]))
				j = k;
		svc_from[i] = j;
		if (j == VG_LVS_CARRY_NO_SVC)
			continue;
		svc_taken[j] = true;
		ck_from[i] = calloc(next->map->svc[i].cfg.checker_count + 1u, sizeof(**ck_from));
		if (!ck_from[i]) {
			svc_from[i] = VG_LVS_CARRY_NO_SVC;
			continue;
		}
		next->carried += pair_checkers(old, j, next, i, ck_from[i], taken);
	}
	for (uint32_t i = 0; i < next->nrs; i++)
		next->stat[i].since_ns = now;
	for (uint32_t i = 0; i < n; i++)
		if (svc_from[i] != VG_LVS_CARRY_NO_SVC)
			carry_views(c, old, svc_from[i], next, i, ck_from[i]);
	vg_actions_init(&next->acts, next->acts_v, next->acts_cap);
	/* FILE_CHECK: the files' values before the start (initial state, no effects) */
	chk_files_open(c, next, now);
	ev.u.start.seed = now ^ 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
	vg_lvs_node_start_carry(&next->node, now, ev.u.start.seed, &old->node, svc_from,
				(const uint16_t *const *)ck_from, &next->acts);
	next->prestarted = true;
	if (c->rec) { /* the flight recorder takes this START at commit (chk_carry_record) */
		chk_carry_free(next);
		next->carry_checkers = calloc(n ? n : 1, sizeof(*next->carry_checkers));
		if (next->carry_checkers) {
			for (uint32_t i = 0; i < n; i++)
				next->carry_checkers[i] = svc_from[i] == VG_LVS_CARRY_NO_SVC || !ck_from[i]
							  ? 0 : next->map->svc[i].cfg.checker_count;
			next->carry_svc_from = svc_from;
			next->carry_ck_from = ck_from;
			next->carry_seed = ev.u.start.seed;
			next->carry_now = now;
			svc_from = NULL;
			ck_from = NULL;
		}
	}
out:
	for (uint32_t i = 0; ck_from && i < n; i++)
		free(ck_from[i]);
	free(ck_from);
	free(svc_from);
	free(svc_taken);
	free(taken);
}

void chk_carry_free(struct chk_gen *g)
{
	for (uint32_t i = 0; g->carry_ck_from && i < g->map->count; i++)
		free(g->carry_ck_from[i]);
	free(g->carry_ck_from);
	free(g->carry_svc_from);
	free(g->carry_checkers);
	g->carry_ck_from = NULL;
	g->carry_svc_from = NULL;
	g->carry_checkers = NULL;
}

/*
 * The reload committed: the flight recorder gets g's carried START (a
 * CARRY record: the seed and the pairing, at the time it was made), so a
 * replay carries the same checkers over (docs/recorder.md).
 */
void chk_carry_record(struct vgc_check *c, struct chk_gen *old, struct chk_gen *g)
{
	if (c->rec && g->carry_svc_from) {
		if (!g->rec_gen)
			g->rec_gen = vgd_recorder_conf_once(c->rec, g->conf, g->carry_now);
		vgd_recorder_carry(c->rec, g->rec_gen, g->carry_now, g->carry_seed, old ? old->rec_gen : 0,
				   g->map->count, g->carry_svc_from, g->carry_checkers,
				   (const uint16_t *const *)g->carry_ck_from);
	}
	chk_carry_free(g);
}

const struct vg_lvs_service *vgd_check_reload_state(void *self, uint32_t svc)
{
	struct vgc_check *c = self;

	if (!c || !c->next || !c->next->prestarted || svc >= c->next->map->count)
		return NULL;
	return &c->next->svc[svc];
}
