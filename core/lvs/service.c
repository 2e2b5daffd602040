// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the virtual-server state machine: checker verdicts to kernel effects.
 *
 * Functions mirror keepalived's check/ipwrapper.c, with the I/O turned
 * into effects: init_service_vs, clear_service_vs, perform_svr_state,
 * update_quorum_state, perform_quorum_state, update_svr_wgt,
 * update_svr_checker_state; ipvs_cmd()'s inhibit handling (a delete of an
 * inhibited server that is in the table becomes a weight-0 edit, an add a
 * weight edit) is in kernel_add / kernel_del.
 */
#include "lvs/service.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/zero.h"

void vg_lvs_service_config_defaults(struct vg_lvs_service_config *cfg)
{
	vg_zero(cfg, sizeof(*cfg)); /* base/zero.h: the unused tails of the arrays stay unbacked */
	cfg->kind = VG_LVS_VS_ADDR;
	cfg->family = VG_AF_INET;
	cfg->protocol = VG_LVS_PROTO_TCP;
	cfg->sched.kind = VG_LVS_SCHED_WLC;
	cfg->fwd = VG_LVS_FWD_NAT;
	cfg->persistence_timeout_s = 360;
	cfg->quorum = 1;
}

void vg_lvs_rs_config_defaults(struct vg_lvs_rs_config *rs, const struct vg_lvs_service_config *svc)
{
	memset(rs, 0, sizeof(*rs));
	rs->weight = 1;
	rs->fwd = svc->fwd;
}

int vg_lvs_service_config_check(const struct vg_lvs_service_config *cfg)
{
	if (cfg->rs_count > VG_LVS_RS_MAX || cfg->checker_count > VG_LVS_CHECKERS_MAX ||
	    cfg->url_count > VG_LVS_URLS_MAX || cfg->sched.kind >= VG_LVS_SCHED__COUNT)
		return VG_LVS_EINVAL;
	if (cfg->kind == VG_LVS_VS_FWMARK && cfg->fwmark == 0)
		return VG_LVS_EINVAL;
	for (int i = 0; i < cfg->rs_count; i++)
		if (cfg->rs[i].weight < 0 || cfg->rs[i].weight > VG_LVS_WEIGHT_MAX)
			return VG_LVS_EINVAL;
	for (int i = 0; i < cfg->checker_count; i++) {
		const struct vg_lvs_checker_config *c = &cfg->checker[i];

		if (c->rs >= cfg->rs_count || c->type >= VG_LVS_CHECK__COUNT ||
		    (c->url_count && (uint32_t)c->url_first + c->url_count > cfg->url_count) ||
		    c->url_count > VG_LVS_URLS_PER_CHECKER_MAX || !c->tm || c->tm->delay_loop_ns == 0)
			return VG_LVS_EINVAL;
		if ((c->type == VG_LVS_CHECK_HTTP || c->type == VG_LVS_CHECK_SSL) && c->url_count == 0)
			return VG_LVS_EINVAL;
	}
	return 0;
}

void vg_lvs_service_bind(struct vg_lvs_service *svc, struct vg_lvs_rs_state *rs, struct vg_lvs_checker *chk,
			 uint16_t *heap)
{
	svc->rs = rs;
	svc->chk = chk;
	svc->heap = heap;
}

static size_t round_up(size_t n, size_t a)
{
	return (n + a - 1) / a * a;
}

struct vg_lvs_service *vg_lvs_services_alloc(const struct vg_lvs_service_config *const *cfg, uint32_t count)
{
	const size_t a = _Alignof(max_align_t);
	size_t rs_total = 0, chk_total = 0;

	for (uint32_t i = 0; i < count; i++) {
		rs_total += cfg[i]->rs_count;
		chk_total += cfg[i]->checker_count;
	}
	/* [count services][rs_total states][chk_total checkers][2 * chk_total heap places] */
	size_t rs_off = round_up((size_t)count * sizeof(struct vg_lvs_service), a);
	size_t chk_off = round_up(rs_off + rs_total * sizeof(struct vg_lvs_rs_state), a);
	size_t heap_off = chk_off + chk_total * sizeof(struct vg_lvs_checker);
	size_t size = heap_off + 2 * chk_total * sizeof(uint16_t);
	unsigned char *block = calloc(1, size ? size : 1);

	if (!block)
		return NULL;
	struct vg_lvs_service *svc = (struct vg_lvs_service *)(void *)block;
	struct vg_lvs_rs_state *rs = (struct vg_lvs_rs_state *)(void *)(block + rs_off);
	struct vg_lvs_checker *chk = (struct vg_lvs_checker *)(void *)(block + chk_off);
	uint16_t *heap = (uint16_t *)(void *)(block + heap_off);

	for (uint32_t i = 0; i < count; i++) {
		vg_lvs_service_bind(&svc[i], rs, chk, heap);
		rs += cfg[i]->rs_count;
		chk += cfg[i]->checker_count;
		heap += 2 * (size_t)cfg[i]->checker_count;
	}
	return svc;
}

struct vg_lvs_service *vg_lvs_service_alloc(const struct vg_lvs_service_config *cfg)
{
	return vg_lvs_services_alloc(&cfg, 1);
}

/*
 * The checkers' deadlines in a binary min-heap per service: an array of
 * checker indexes (heap[pos]) and the way back (heap[n + k], n checkers),
 * so a timer finds the due checkers and the next deadline without walking
 * all of them (250 checkers per service in bench/checkers: that walk, once
 * per expiry, was vigild's first user-space cost). The places are an
 * array of their own, not fields of the checkers: a sift reads the compact
 * array and one checker's next_ns per level, not two checkers (the first
 * user-space cost after the walk went, with the places spread in the
 * checkers). Every change of a checker's next_ns is followed by
 * deadline_moved() (or heap_build()).
 */
static vg_time hkey(const struct vg_lvs_service *svc, uint16_t pos)
{
	return svc->chk[svc->heap[pos]].next_ns;
}

static void hswap(struct vg_lvs_service *svc, uint16_t a, uint16_t b)
{
	uint16_t n = svc->cfg->checker_count, ca = svc->heap[a], cb = svc->heap[b];

	svc->heap[a] = cb;
	svc->heap[b] = ca;
	svc->heap[n + cb] = a;
	svc->heap[n + ca] = b;
}

static void hdown(struct vg_lvs_service *svc, uint16_t n, uint16_t i)
{
	vg_time t = i < n ? hkey(svc, i) : 0; /* the key that sinks: read once */

	for (;;) {
		uint32_t l = 2u * i + 1, r = l + 1, m = i;
		vg_time tm = t;

		if (l < n) {
			vg_time tl = hkey(svc, (uint16_t)l);

			if (tl < tm)
				m = l, tm = tl;
		}
		if (r < n && hkey(svc, (uint16_t)r) < tm)
			m = r;
		if (m == i)
			return;
		hswap(svc, i, (uint16_t)m);
		i = (uint16_t)m;
	}
}

static void hup(struct vg_lvs_service *svc, uint16_t i)
{
	while (i > 0 && hkey(svc, (uint16_t)((i - 1) / 2)) > hkey(svc, i)) {
		hswap(svc, i, (uint16_t)((i - 1) / 2));
		i = (uint16_t)((i - 1) / 2);
	}
}

static void heap_build(struct vg_lvs_service *svc)
{
	uint16_t n = svc->cfg->checker_count;

	for (uint16_t i = 0; i < n; i++)
		svc->heap[i] = svc->heap[n + i] = i;
	for (uint16_t i = n / 2; i-- > 0;)
		hdown(svc, n, i);
}

/* Checker c's next_ns changed: its place in the heap. */
static void deadline_moved(struct vg_lvs_service *svc, const struct vg_lvs_checker *c)
{
	uint16_t n = svc->cfg->checker_count;

	hup(svc, svc->heap[n + c->id]);
	hdown(svc, n, svc->heap[n + c->id]);
}

void vg_lvs_service_reindex(struct vg_lvs_service *svc)
{
	heap_build(svc);
}

void vg_lvs_service_init(struct vg_lvs_service *svc, const struct vg_lvs_service_config *cfg)
{
	struct vg_lvs_rs_state *rs = svc->rs;
	struct vg_lvs_checker *chk = svc->chk;
	uint16_t *heap = svc->heap;

	/* bound: vg_lvs_service_bind */
	assert((rs || !cfg->rs_count) && ((chk && heap) || !cfg->checker_count));
	memset(svc, 0, sizeof(*svc));
	vg_lvs_service_bind(svc, rs, chk, heap);
	if (cfg->rs_count)
		memset(svc->rs, 0, cfg->rs_count * sizeof(svc->rs[0]));
	if (cfg->checker_count)
		memset(svc->chk, 0, cfg->checker_count * sizeof(svc->chk[0]));
	svc->cfg = cfg;
	svc->vip_present = true;
	for (int i = 0; i < cfg->rs_count; i++)
		svc->rs[i].effective_weight = cfg->rs[i].weight;
	svc->sorry.effective_weight = cfg->sorry.weight;
	for (uint16_t i = 0; i < cfg->checker_count; i++) {
		const struct vg_lvs_checker_config *cc = &cfg->checker[i];

		vg_lvs_checker_init(&svc->chk[i], cc, i, cfg->id);
		svc->chk[i].rs_weight = cfg->rs[cc->rs].weight;
		svc->rs[cc->rs].effective_weight += svc->chk[i].cur_weight;
		if (!svc->chk[i].is_up) /* alpha: set_checker_state(checker, false) */
			svc->rs[cc->rs].num_failed_checkers++;
	}
	heap_build(svc);
}

static struct vg_lvs_rs_state *rs_state(struct vg_lvs_service *svc, uint16_t rs)
{
	return rs == VG_LVS_RS_SORRY ? &svc->sorry : &svc->rs[rs];
}

static bool inhibit(const struct vg_lvs_service *svc, uint16_t rs)
{
	return rs == VG_LVS_RS_SORRY ? svc->cfg->sorry_inhibit : svc->cfg->rs[rs].inhibit_on_failure;
}

static int32_t clamp_weight(int32_t w)
{
	return w < 0 ? 0 : w > VG_LVS_WEIGHT_MAX ? VG_LVS_WEIGHT_MAX : w;
}

static void push(struct vg_lvs_service *svc, struct vg_actions *out, enum vg_action_kind k,
		 uint16_t rs, int32_t weight, bool stopping)
{
	struct vg_action *e = vg_actions_push(out, k, svc->cfg->id);

	if (e) {
		e->u.lvs.rs = rs;
		e->u.lvs.weight = weight;
		e->u.lvs.stopping = stopping;
	}
}

/* ipvs_cmd(LVS_CMD_ADD_DEST): an inhibited server already in the table only gets its weight back. */
static void kernel_add(struct vg_lvs_service *svc, uint16_t rs, struct vg_actions *out)
{
	struct vg_lvs_rs_state *st = rs_state(svc, rs);
	int32_t w = clamp_weight(st->effective_weight);

	push(svc, out, st->set ? VG_ACT_LVS_DEST_EDIT : VG_ACT_LVS_DEST_ADD, rs, w, false);
	st->set = true;
}

/* ipvs_cmd(LVS_CMD_DEL_DEST): with inhibit_on_failure the server stays with weight 0. */
static void kernel_del(struct vg_lvs_service *svc, uint16_t rs, bool force, struct vg_actions *out)
{
	struct vg_lvs_rs_state *st = rs_state(svc, rs);

	if (!st->set)
		return;
	if (inhibit(svc, rs) && !force) {
		push(svc, out, VG_ACT_LVS_DEST_EDIT, rs, 0, false);
		return;
	}
	push(svc, out, VG_ACT_LVS_DEST_DEL, rs, 0, false);
	st->set = false;
}

int64_t vg_lvs_service_live_weight(const struct vg_lvs_service *svc)
{
	int64_t sum = 0;

	for (int i = 0; i < svc->cfg->rs_count; i++)
		if (svc->rs[i].alive)
			sum += clamp_weight(svc->rs[i].effective_weight);
	return sum;
}

/* perform_quorum_state(): add or remove every alive server. */
static void quorum_pool(struct vg_lvs_service *svc, bool add, struct vg_actions *out)
{
	for (uint16_t i = 0; i < svc->cfg->rs_count; i++) {
		if (!svc->rs[i].alive)
			continue;
		if (add)
			kernel_add(svc, i, out);
		else
			kernel_del(svc, i, false, out);
	}
}

/* update_quorum_state(). */
static void update_quorum(struct vg_lvs_service *svc, bool init, struct vg_actions *out)
{
	const struct vg_lvs_service_config *cfg = svc->cfg;
	int64_t sum = vg_lvs_service_live_weight(svc);
	int64_t threshold = (int64_t)cfg->quorum + (svc->quorum_up ? -1 : 1) * (int64_t)cfg->hysteresis;

	if (!svc->quorum_up && sum >= threshold) {
		svc->quorum_up = true;
		svc->quorum_changes++;
		if (cfg->has_sorry && svc->sorry.alive) {
			kernel_del(svc, VG_LVS_RS_SORRY, false, out);
			svc->sorry.alive = false;
			quorum_pool(svc, true, out); /* add the alive servers back */
		}
		push(svc, out, VG_ACT_LVS_QUORUM_UP, 0, 0, false);
	} else if ((svc->quorum_up && (sum == 0 || sum < threshold)) ||
		   (init && !svc->quorum_up && cfg->has_sorry && !svc->sorry.alive)) {
		svc->quorum_up = false;
		svc->quorum_changes++;
		if (cfg->has_sorry && !svc->sorry.alive) {
			quorum_pool(svc, false, out); /* remove the remaining alive servers */
			kernel_add(svc, VG_LVS_RS_SORRY, out);
			svc->sorry.alive = true;
		}
		push(svc, out, VG_ACT_LVS_QUORUM_DOWN, 0, 0, false);
	}
}

/* perform_svr_state(): a server changes alive state. */
static void server_state(struct vg_lvs_service *svc, uint16_t rs, bool alive, struct vg_actions *out)
{
	struct vg_lvs_rs_state *st = &svc->rs[rs];

	if (st->alive == alive)
		return;
	/* change the table only with quorum, or when no sorry server stands in */
	if (svc->quorum_up || !svc->cfg->has_sorry || !svc->sorry.alive) {
		if (alive)
			kernel_add(svc, rs, out);
		else
			kernel_del(svc, rs, false, out);
	}
	st->alive = alive;
	svc->rs_changes++;
	push(svc, out, alive ? VG_ACT_LVS_NOTIFY_UP : VG_ACT_LVS_NOTIFY_DOWN, rs, 0, false);
	update_quorum(svc, false, out);
}

/* update_svr_wgt(): a new effective weight; a kernel edit if the server serves, quorum re-evaluated. */
static void weight_to(struct vg_lvs_service *svc, uint16_t rs, int32_t weight, struct vg_actions *out)
{
	struct vg_lvs_rs_state *st = &svc->rs[rs];
	int32_t old = clamp_weight(st->effective_weight);

	st->effective_weight = weight;
	if (clamp_weight(weight) == old)
		return;
	/* takes effect now only if in the pool and alive with quorum (or no sorry server) */
	if (st->set && st->alive && (svc->quorum_up || !svc->cfg->has_sorry || !svc->sorry.alive))
		push(svc, out, VG_ACT_LVS_DEST_EDIT, rs, clamp_weight(weight), false);
	if (svc->started)
		update_quorum(svc, false, out);
}

/* A checker's weight contribution changed by `delta` (check_misc.c, track_file.c). */
static int32_t sat_add(int32_t w, int64_t delta)
{
	int64_t r = (int64_t)w + delta;

	return r < INT32_MIN ? INT32_MIN : r > INT32_MAX ? INT32_MAX : (int32_t)r;
}

static void weight_add(struct vg_lvs_service *svc, uint16_t rs, int64_t delta, struct vg_actions *out)
{
	if (delta != 0)
		weight_to(svc, rs, sat_add(svc->rs[rs].effective_weight, delta), out);
}

/* Checker c's configuration (its id is its index in the service). */
static const struct vg_lvs_checker_config *ccfg(const struct vg_lvs_service *svc, const struct vg_lvs_checker *c)
{
	return &svc->cfg->checker[c->id];
}

/* update_svr_checker_state(). */
static void apply_state(struct vg_lvs_service *svc, struct vg_lvs_checker *c, bool alive, bool first,
			struct vg_actions *out)
{
	struct vg_lvs_rs_state *st = &svc->rs[ccfg(svc, c)->rs];

	if (c->is_up == alive) {
		/* first result confirms the initial state: alpha (or a failure) still notifies */
		if (first && (ccfg(svc, c)->alpha || !alive))
			push(svc, out, alive ? VG_ACT_LVS_NOTIFY_UP : VG_ACT_LVS_NOTIFY_DOWN, ccfg(svc, c)->rs, 0,
			     false);
		return;
	}
	if (alive) {
		if (st->num_failed_checkers <= 1) /* the last failed checker recovers */
			server_state(svc, ccfg(svc, c)->rs, true, out);
	} else {
		if (st->num_failed_checkers == 0) /* the first checker fails */
			server_state(svc, ccfg(svc, c)->rs, false, out);
	}
	/* set_checker_state() */
	c->is_up = alive;
	if (!alive)
		st->num_failed_checkers++;
	else if (st->num_failed_checkers)
		st->num_failed_checkers--;
	assert(st->num_failed_checkers <= svc->cfg->checker_count);
	/* a server none of whose checkers failed is alive (in the table, or behind the sorry server) */
	assert(!(st->num_failed_checkers == 0 && !st->alive));
}

/* update_svr_checker_state(), with a dynamic weight change around it. */
static void apply_verdict(struct vg_lvs_service *svc, struct vg_lvs_checker *c, struct vg_lvs_verdict v,
			  struct vg_actions *out)
{
	/* keepalived sets the weight before an UP (the server enters with it), after a DOWN */
	if (v.report != VG_LVS_REPORT_DOWN)
		weight_add(svc, ccfg(svc, c)->rs, v.weight_delta, out);
	if (v.report == VG_LVS_REPORT_NONE)
		return;
	if (v.report == VG_LVS_REPORT_DOWN) {
		apply_state(svc, c, false, v.first, out);
		weight_add(svc, ccfg(svc, c)->rs, v.weight_delta, out);
		return;
	}
	apply_state(svc, c, true, v.first, out);
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void vg_lvs_service_start(struct vg_lvs_service *svc, vg_time now, uint64_t seed,
			  struct vg_actions *out)
{
	const struct vg_lvs_service_config *cfg = svc->cfg;

	assert(!svc->started);
	svc->started = true;
	svc->last_now_ns = now;
	push(svc, out, VG_ACT_LVS_SVC_ADD, 0, 0, false);
	/* init_service_rs(): alpha servers stay out unless inhibit puts them in at weight 0 */
	for (uint16_t i = 0; i < cfg->rs_count; i++) {
		struct vg_lvs_rs_state *st = &svc->rs[i];

		if (st->num_failed_checkers == 0 && !st->alive) {
			kernel_add(svc, i, out);
			st->alive = true;
			/* keepalived 2.2.7 init_service_rs(): rs_init_notifies runs the up notifies */
			if (cfg->rs_init_notifies)
				push(svc, out, VG_ACT_LVS_NOTIFY_UP, i, 0, false);
		} else if (cfg->rs[i].inhibit_on_failure && !st->set) {
			push(svc, out, VG_ACT_LVS_DEST_ADD, i, 0, false);
			st->set = true;
		}
	}
	update_quorum(svc, true, out);
	/* a sorry server with inhibit sits in the table at weight 0 */
	if (cfg->has_sorry && cfg->sorry_inhibit && !svc->sorry.set) {
		push(svc, out, VG_ACT_LVS_DEST_ADD, VG_LVS_RS_SORRY, 0, false);
		svc->sorry.set = true;
	}
	for (uint16_t i = 0; i < cfg->checker_count; i++)
		vg_lvs_checker_start(&svc->chk[i], &cfg->checker[i], now, (uint32_t)(splitmix64(&seed) >> 32));
	heap_build(svc);
	assert(!cfg->has_sorry || svc->quorum_up != svc->sorry.alive);
}

void vg_lvs_service_stop(struct vg_lvs_service *svc, vg_time now, struct vg_actions *out)
{
	const struct vg_lvs_service_config *cfg = svc->cfg;

	assert(now >= svc->last_now_ns);
	svc->last_now_ns = now;
	if (!svc->started)
		return;
	if (cfg->has_sorry && svc->sorry.set) {
		kernel_del(svc, VG_LVS_RS_SORRY, true, out);
		svc->sorry.alive = false;
	}
	/* clear_service_rs(): forced removal; down notifies only with omega */
	for (uint16_t i = 0; i < cfg->rs_count; i++) {
		struct vg_lvs_rs_state *st = &svc->rs[i];

		if (!st->set)
			continue;
		kernel_del(svc, i, true, out);
		if (!st->alive)
			continue;
		st->alive = false;
		if (cfg->omega)
			push(svc, out, VG_ACT_LVS_NOTIFY_DOWN, i, 0, true);
	}
	/* update_vs_notifies(stopping) */
	svc->quorum_up = false;
	if (cfg->omega)
		push(svc, out, VG_ACT_LVS_QUORUM_DOWN, 0, 0, true);
	push(svc, out, VG_ACT_LVS_SVC_DEL, 0, 0, true);
	for (uint16_t i = 0; i < cfg->checker_count; i++) {
		svc->chk[i].next_ns = VG_TIME_NEVER;
		svc->chk[i].in_flight = false;
	}
	heap_build(svc);
	svc->started = false;
}

vg_time vg_lvs_service_next_deadline(const struct vg_lvs_service *svc)
{
	vg_time t = VG_TIME_NEVER;

	if (!svc->started || !svc->cfg->checker_count)
		return t;
	return hkey(svc, 0);
}

/* Order heap places [from, to) by checker index (insertion sort: a few due at a time). */
static void sort_tail(struct vg_lvs_service *svc, uint16_t from, uint16_t to)
{
	for (uint32_t i = (uint32_t)from + 1; i < to; i++)
		for (uint32_t j = i; j > from && svc->heap[j - 1] > svc->heap[j]; j--)
			hswap(svc, (uint16_t)(j - 1), (uint16_t)j);
}

/*
 * A checker's expiry and verdict move only its own deadline (stop, which
 * clears them all, is not reached from here), so the minimum after the
 * pass is found in it: one walk over the checkers, not two.
 */
vg_time vg_lvs_service_handle_expiry_next(struct vg_lvs_service *svc, vg_time now, struct vg_actions *out)
{
	vg_time t = VG_TIME_NEVER;

	assert(now >= svc->last_now_ns);
	svc->last_now_ns = now;
	if (!svc->started)
		return t;
	/* the due checkers leave the heap for its tail (a heap sort's step), are handled in
	   index order, each once, as a walk over all of them would, and go back in */
	uint16_t n = svc->cfg->checker_count, k = 0;

	while (k < n && hkey(svc, 0) <= now) {
		k++;
		hswap(svc, 0, (uint16_t)(n - k));
		hdown(svc, (uint16_t)(n - k), 0);
	}
	sort_tail(svc, (uint16_t)(n - k), n);
	for (uint16_t j = (uint16_t)(n - k); j < n; j++) {
		struct vg_lvs_checker *c = &svc->chk[svc->heap[j]];

		apply_verdict(svc, c, vg_lvs_checker_handle_expiry(c, ccfg(svc, c), now, out), out);
	}
	for (uint16_t j = (uint16_t)(n - k); j < n; j++)
		hup(svc, j);
	if (svc->started && n)
		t = hkey(svc, 0);
	return svc->started ? t : VG_TIME_NEVER;
}

void vg_lvs_service_handle_expiry(struct vg_lvs_service *svc, vg_time now, struct vg_actions *out)
{
	(void)vg_lvs_service_handle_expiry_next(svc, now, out);
}

void vg_lvs_service_probe_result(struct vg_lvs_service *svc, vg_time now,
				 const struct vg_lvs_probe_result *r, const struct vg_lvs_md5 *md5,
				 struct vg_actions *out)
{
	const struct vg_lvs_checker_config *cc;
	struct vg_lvs_checker *c;

	assert(now >= svc->last_now_ns);
	svc->last_now_ns = now;
	if (!svc->started || r->checker >= svc->cfg->checker_count)
		return;
	c = &svc->chk[r->checker];
	cc = ccfg(svc, c);
	apply_verdict(svc, c,
		      vg_lvs_checker_handle_result(c, cc, now, r, cc->url_count ? &svc->cfg->url[cc->url_first] : NULL, md5),
		      out);
	deadline_moved(svc, c);
}

void vg_lvs_service_set_vip_present(struct vg_lvs_service *svc, bool present, vg_time now,
				    struct vg_actions *out)
{
	(void)out;
	assert(now >= svc->last_now_ns);
	svc->last_now_ns = now;
	svc->vip_present = present;
	if (!svc->cfg->ha_suspend)
		return;
	for (int i = 0; i < svc->cfg->checker_count; i++)
		svc->chk[i].enabled = present;
}

void vg_lvs_service_set_weight(struct vg_lvs_service *svc, uint16_t rs, int32_t weight, vg_time now,
			       struct vg_actions *out)
{
	assert(now >= svc->last_now_ns);
	svc->last_now_ns = now;
	if (rs >= svc->cfg->rs_count)
		return;
	weight_to(svc, rs, weight, out);
}

void vg_lvs_service_file_value(struct vg_lvs_service *svc, uint16_t track_file, int64_t value, vg_time now,
			       struct vg_actions *out)
{
	assert(now >= svc->last_now_ns);
	svc->last_now_ns = now;
	for (uint16_t i = 0; i < svc->cfg->checker_count; i++) {
		struct vg_lvs_checker *c = &svc->chk[i];
		const struct vg_lvs_checker_config *cc = ccfg(svc, c);
		struct vg_lvs_verdict v;
		bool was_up = c->is_up;

		if (cc->type != VG_LVS_CHECK_FILE || cc->track_file != track_file)
			continue;
		v = vg_lvs_checker_handle_file(c, cc, now, value);
		deadline_moved(svc, c);
		if (svc->started) {
			apply_verdict(svc, c, v, out);
			continue;
		}
		/* before START: the initial state, without effects */
		if (was_up && !c->is_up)
			svc->rs[cc->rs].num_failed_checkers++;
		else if (!was_up && c->is_up)
			svc->rs[cc->rs].num_failed_checkers--;
		svc->rs[cc->rs].effective_weight = sat_add(svc->rs[cc->rs].effective_weight, v.weight_delta);
	}
}

void vg_lvs_service_bfd_state(struct vg_lvs_service *svc, uint16_t bfd, bool up, vg_time now, struct vg_actions *out)
{
	assert(now >= svc->last_now_ns);
	svc->last_now_ns = now;
	if (!svc->started)
		return; /* keepalived's checkers hear of sessions once they run */
	for (uint16_t i = 0; i < svc->cfg->checker_count; i++) {
		struct vg_lvs_checker *c = &svc->chk[i];

		if (ccfg(svc, c)->type == VG_LVS_CHECK_BFD && ccfg(svc, c)->bfd == bfd && c->enabled) {
			apply_verdict(svc, c, vg_lvs_checker_handle_bfd(c, ccfg(svc, c), now, up), out);
			deadline_moved(svc, c);
		}
	}
}
