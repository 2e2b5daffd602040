// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: a reload of the checker side carries the state of what did not change (carry.h).
 */
#include "lvs/carry.h"

#include <assert.h>
#include <string.h>

static bool key_eq(const struct vg_lvs_vs_key *a, const struct vg_lvs_vs_key *b)
{
	return a->kind == b->kind && a->family == b->family && a->port == b->port && a->fwmark == b->fwmark &&
	       (a->kind != VG_LVS_VS_ADDR || vg_addr_eq(&a->addr, &b->addr));
}

bool vg_lvs_service_same(const struct vg_lvs_conf_map *om, const struct vg_lvs_conf_service *o,
			 const struct vg_lvs_conf_map *nm, const struct vg_lvs_conf_service *n)
{
	if (o->cfg.kind != n->cfg.kind || o->cfg.protocol != n->cfg.protocol || o->key_count != n->key_count)
		return false;
	for (uint32_t i = 0; i < o->key_count; i++)
		if (!key_eq(&om->keys[o->key_first + i], &nm->keys[n->key_first + i]))
			return false;
	return true;
}

static bool rs_same(const struct vg_lvs_rs_config *a, const struct vg_lvs_rs_config *b)
{
	return a->port == b->port && vg_addr_eq(&a->addr, &b->addr);
}

bool vg_lvs_checker_same(const struct vg_lvs_service_config *o, uint16_t ok, const struct vg_lvs_service_config *n,
			 uint16_t nk)
{
	const struct vg_lvs_checker_config *a = &o->checker[ok], *b = &n->checker[nk];

	if (a->type != b->type || !rs_same(&o->rs[a->rs], &n->rs[b->rs]) || !vg_lvs_timing_eq(a->tm, b->tm) ||
	    a->alpha != b->alpha || a->fast_recovery != b->fast_recovery ||
	    a->url_count != b->url_count || a->misc_dynamic != b->misc_dynamic)
		return false;
	if (a->type == VG_LVS_CHECK_BFD && a->bfd != b->bfd)
		return false;
	if (a->type == VG_LVS_CHECK_FILE &&
	    (a->file_reverse != b->file_reverse || a->track_file != b->track_file || a->file_weight != b->file_weight))
		return false;
	for (uint8_t u = 0; u < a->url_count; u++) {
		const struct vg_lvs_url *x = &o->url[a->url_first + u], *y = &n->url[b->url_first + u];

		if (memcmp(x->status, y->status, sizeof(x->status)) || x->has_digest != y->has_digest ||
		    (x->has_digest && memcmp(x->digest, y->digest, 16)) || x->has_regex != y->has_regex ||
		    x->regex_no_match != y->regex_no_match)
			return false;
	}
	return true;
}

/* The real server of o with rs r's address and port (same index first), or -1. */
static int32_t old_rs(const struct vg_lvs_service_config *o, const struct vg_lvs_service_config *n, uint16_t r)
{
	if (r < o->rs_count && rs_same(&o->rs[r], &n->rs[r]))
		return r;
	for (uint16_t i = 0; i < o->rs_count; i++)
		if (rs_same(&o->rs[i], &n->rs[r]))
			return i;
	return -1;
}

/* keepalived's migrate_checkers: what a paired checker keeps (its schedule is restored after start). */
static void carry_checker(struct vg_lvs_checker *c, const struct vg_lvs_checker_config *cfg,
			  const struct vg_lvs_checker *o)
{
	c->enabled = o->enabled;
	c->is_up = o->is_up;
	c->has_run = o->has_run;
	/* enough retries for the new retry value: one more failure takes it down */
	c->retry_it = cfg->retry && o->retry_it >= cfg->retry ? cfg->retry - 1 : o->retry_it;
	if (cfg->type == VG_LVS_CHECK_MISC) { /* (a pair has one type: vg_lvs_checker_same) */
		c->last_exit = o->last_exit;
	} else {
		c->url_it = o->url_it < cfg->url_count ? o->url_it : 0;
		c->failed_url = o->failed_url < (int16_t)cfg->url_count ? o->failed_url : -1;
	}
	c->seq = o->seq;
	c->cur_weight = o->cur_weight;
	c->file_value = o->file_value;
}

static void drop_quorum_effects(struct vg_actions *out, size_t mark, uint16_t service)
{
	size_t w = mark;

	for (size_t i = mark; i < out->len; i++) {
		const struct vg_action *a = &out->v[i];

		if ((a->kind == VG_ACT_LVS_QUORUM_UP || a->kind == VG_ACT_LVS_QUORUM_DOWN) && a->service == service)
			continue;
		out->v[w++] = *a;
	}
	out->len = w;
}

/* rs_init_notifies: only a server new in this configuration notifies (keepalived skips reloaded ones). */
static void drop_reloaded_notifies(struct vg_actions *out, size_t mark, const struct vg_lvs_service_config *ocfg,
				   const struct vg_lvs_service_config *cfg)
{
	size_t w = mark;

	for (size_t i = mark; i < out->len; i++) {
		const struct vg_action *a = &out->v[i];

		if (a->kind == VG_ACT_LVS_NOTIFY_UP && a->service == cfg->id && a->u.lvs.rs < cfg->rs_count &&
		    old_rs(ocfg, cfg, a->u.lvs.rs) >= 0)
			continue;
		out->v[w++] = *a;
	}
	out->len = w;
}

uint32_t vg_lvs_service_carry(struct vg_lvs_service *n, const struct vg_lvs_service *o, const uint16_t *from,
			      vg_time now, uint64_t seed, struct vg_actions *out)
{
	const struct vg_lvs_service_config *cfg = n->cfg;
	uint32_t carried = 0;
	size_t mark;

	assert(!n->started && o->started);
	n->vip_present = o->vip_present;
	for (uint16_t i = 0; i < cfg->checker_count; i++)
		if (from[i] != VG_LVS_CARRY_NONE && from[i] < o->cfg->checker_count) {
			carry_checker(&n->chk[i], &cfg->checker[i], &o->chk[from[i]]);
			carried++;
		}
	/* the servers' states follow their checkers (migrate_checkers, clear_diff_rs) */
	for (uint16_t r = 0; r < cfg->rs_count; r++) {
		struct vg_lvs_rs_state *st = &n->rs[r];
		int32_t orr = old_rs(o->cfg, cfg, r);
		uint16_t failed = 0, paired = 0, all = 0;
		int64_t w = cfg->rs[r].weight;

		for (uint16_t i = 0; i < cfg->checker_count; i++) {
			if (cfg->checker[i].rs != r)
				continue;
			all++;
			paired += from[i] != VG_LVS_CARRY_NONE;
			failed += from[i] != VG_LVS_CARRY_NONE && !n->chk[i].is_up;
		}
		for (uint16_t i = 0; i < cfg->checker_count; i++) {
			struct vg_lvs_checker *c = &n->chk[i];
			const struct vg_lvs_checker_config *cc = &cfg->checker[i];

			if (cc->rs != r || from[i] != VG_LVS_CARRY_NONE || !paired || cc->type == VG_LVS_CHECK_FILE)
				continue;
			if (failed || (orr >= 0 && !o->rs[orr].alive)) {
				c->retry_it = cc->retry; /* a failed server: one failure is enough */
			} else if (cc->alpha) {
				c->is_up = true;             /* an up server stays up for its new alpha checker */
			}
		}
		st->num_failed_checkers = 0;
		for (uint16_t i = 0; i < cfg->checker_count; i++)
			if (cfg->checker[i].rs == r) {
				st->num_failed_checkers += !n->chk[i].is_up;
				w += n->chk[i].cur_weight;
			}
		/* an unchanged server keeps its effective weight (a dynamic one included) */
		if (orr >= 0 && paired == all && o->cfg->rs[orr].weight == cfg->rs[r].weight)
			w = o->rs[orr].effective_weight;
		st->effective_weight = w < INT32_MIN ? INT32_MIN : w > INT32_MAX ? INT32_MAX : (int32_t)w;
		st->alive = false;
		st->set = false;
	}
	mark = out->len;
	vg_lvs_service_start(n, now, seed, out);
	/* paired checkers keep their schedule; one that was in flight probes again at once */
	for (uint16_t i = 0; i < cfg->checker_count; i++) {
		const struct vg_lvs_checker *oc;

		if (from[i] == VG_LVS_CARRY_NONE || from[i] >= o->cfg->checker_count)
			continue;
		oc = &o->chk[from[i]];
		n->chk[i].has_run = oc->has_run;
		if (cfg->checker[i].type == VG_LVS_CHECK_FILE)
			continue;
		n->chk[i].next_ns = oc->in_flight || oc->next_ns < now ? now : oc->next_ns;
	}
	vg_lvs_service_reindex(n);
	if (n->quorum_up == o->quorum_up)
		drop_quorum_effects(out, mark, cfg->id);
	if (cfg->rs_init_notifies)
		drop_reloaded_notifies(out, mark, o->cfg, cfg);
	return carried;
}

/* The stream of warmup seeds START draws (node.c). */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void vg_lvs_node_start_carry(struct vg_lvs_node *n, vg_time now, uint64_t seed, const struct vg_lvs_node *old,
			     const uint32_t *svc_from, const uint16_t *const *ck_from, struct vg_actions *out)
{
	vg_time next = VG_TIME_NEVER;

	assert(!n->started && now >= n->last_now);
	n->started = true;
	n->last_now = now;
	for (uint32_t i = 0; i < n->count; i++) {
		uint64_t s = splitmix64(&seed);

		if (old && svc_from && svc_from[i] < old->count && ck_from && ck_from[i] &&
		    old->svc[svc_from[i]].started)
			vg_lvs_service_carry(&n->svc[i], &old->svc[svc_from[i]], ck_from[i], now, s, out);
		else
			vg_lvs_service_start(&n->svc[i], now, s, out);
		/* node.c's per-service cache: the TIMER input looks only at services due by it */
		n->svc[i].node_next_ns = vg_lvs_service_next_deadline(&n->svc[i]);
		next = vg_time_min(next, n->svc[i].node_next_ns);
	}
	n->next = next;
}
