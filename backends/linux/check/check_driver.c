/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the checker driver (check_driver.h): generations, the probe engine, effects, status.
 *
 * One wake-up of the loop reaches this driver through two entries:
 *   - its epoll descriptor is readable: handle at most VGC_EVENTS_PER_WAKE
 *     socket events (probe `ready` calls), then deliver the probes that
 *     finished to their checkers (VG_LVS_EV_PROBE) and carry out the
 *     effects;
 *   - its deadline source fires: time out the probes past their deadline
 *     (cheap: a close each), run the core's due timers (VG_LVS_EV_TIMER),
 *     carry out the effects, and start at most VGC_STARTS_PER_WAKE of the
 *     probes the core asked for. While requests wait, the source says it is
 *     due at once, so the next wake-up comes after the loop has served the
 *     other descriptors and deadlines.
 * A probe that finishes is freed only after the batch of events it was in
 * (an event later in the batch may name it).
 */
#include "check_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_int.h"
#include "common/body.h"
#include "common/lvs_log.h"
#include "log.h"
#include "probe/http.h"
#include "recorder.h"
#include "script/spawn.h"

/* ---- effects ---------------------------------------------------------------------- */

static void apply_effects(struct vgc_check *c, struct chk_gen *g, vg_time now);
static void drain_batch(struct vgc_check *c, vg_time now);

static void mark_dirty(struct chk_gen *g, uint16_t svc)
{
	if (svc >= g->map->count || g->dirty[svc])
		return;
	g->dirty[svc] = true;
	g->dirty_list[g->ndirty++] = svc;
}

static void flush_dirty(struct vgc_check *c, struct chk_gen *g)
{
	for (uint32_t i = 0; i < g->ndirty; i++) {
		uint32_t s = g->dirty_list[i];

		g->dirty[s] = false;
		if (c->stopping)
			continue;
		c->n.table_edits++;
		vg_time t0 = vgl_clock_now();
		int rc = c->lvs.service ? c->lvs.service(c->lvs.ctx, s, &g->svc[s]) : -1;

		chk_lat_add(&c->svc_lat, vgl_clock_now() - t0);
		if (rc < 0) {
			c->n.table_not_applied++;
			if (!c->not_applied_logged) {
				c->not_applied_logged = true;
				vgd_log(LOG_WARNING, "IPVS: checker verdicts are not applied to the kernel table "
					"(IPVS unavailable); checkers, notify scripts and FIFOs run on");
			}
		}
	}
	g->ndirty = 0;
}

static void log_dest(struct vgc_check *c, struct chk_gen *g, const struct vg_action *a, vg_time now)
{
	char line[512];

	if (!vgb_lvs_dest_line(line, sizeof(line), g->map, a))
		return;
	/* with the flight recorder on, the core's time of the input (as the VRRP transitions) */
	if (c->rec)
		vgd_log(LOG_INFO, "%s @%llu.%09llu", line, (unsigned long long)(now / VG_S(1)),
			(unsigned long long)(now % VG_S(1)));
	else
		vgd_log(LOG_INFO, "%s", line);
}

/*
 * The probe in flight that checker ck of service svc waits on for its
 * request seq (*wi: its place among the waiters), or NULL: one of its
 * targets' (one per url), still running, with it among the waiters.
 */
static struct chk_probe *waited_probe(struct chk_gen *g, uint16_t svc, uint16_t ck, uint32_t seq, uint32_t *wi)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[svc].cfg;
	const struct vg_lvs_checker_config *kc = &cfg->checker[ck];
	uint8_t nu = kc->type == VG_LVS_CHECK_HTTP || kc->type == VG_LVS_CHECK_SSL ? kc->url_count : 1;

	for (uint8_t u = 0; u < nu; u++) {
		uint32_t ti = g->tgt[svc][chk_tgt_slot(cfg, ck, u)];
		struct chk_probe *p = ti == CHK_NONE ? NULL : g->targets[ti].inflight;

		for (uint32_t i = 0; p && !p->p.done && i < p->nw; i++)
			if (p->w[i].service == svc && p->w[i].checker == ck && p->w[i].seq == seq) {
				*wi = i;
				return p;
			}
	}
	return NULL;
}

bool chk_req_wanted(const struct chk_gen *g, uint16_t svc, uint16_t ck, uint32_t seq)
{
	return svc < g->map->count && ck < g->map->svc[svc].cfg.checker_count && g->ck[svc][ck].pending &&
	       g->svc[svc].chk[ck].seq == seq;
}

static void abort_request(struct vgc_check *c, struct chk_gen *g, uint16_t svc, uint16_t ck, uint32_t seq)
{
	struct chk_ck *k;
	struct chk_probe *p;
	uint32_t wi;

	if (svc >= g->map->count || ck >= g->map->svc[svc].cfg.checker_count)
		return;
	k = &g->ck[svc][ck];
	c->n.aborted++;
	if (chk_req_wanted(g, svc, ck, seq)) {
		k->pending = false; /* the queued request is skipped when its turn comes */
		return;
	}
	p = waited_probe(g, svc, ck, seq, &wi);
	if (!p)
		return;
	p->w[wi] = p->w[--p->nw];
	if (!p->nw) {
		p->p.done = true;
		chk_probe_close(c, p);
	}
}

static void queue_request(struct vgc_check *c, struct chk_gen *g, const struct vg_action *a, vg_time now)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[a->service].cfg;
	struct chk_ck *k = &g->ck[a->service][a->u.lvs.checker];
	struct chk_req *r;

	if (c->nreq == c->cap_req) {
		size_t nc = c->cap_req ? 2 * c->cap_req : 256;
		struct chk_req *nr = malloc(nc * sizeof(*nr));

		if (!nr)
			return; /* the core gives up on it at connect_timeout */
		for (size_t i = 0; i < c->nreq; i++)
			nr[i] = c->req[(c->req_head + i) % c->cap_req];
		free(c->req);
		c->req = nr;
		c->cap_req = nc;
		c->req_head = 0;
	}
	r = &c->req[(c->req_head + c->nreq) % c->cap_req];
	c->nreq++;
	r->service = a->service;
	r->checker = a->u.lvs.checker;
	r->seq = a->u.lvs.seq;
	r->url = a->u.lvs.url;
	r->asked_ns = now;
	r->deadline_ns = now + cfg->checker[a->u.lvs.checker].tm->connect_timeout_ns;
	k->pending = true; /* for the core checker's seq, a->u.lvs.seq */
}

static void run_rs_notify(struct vgc_check *c, struct chk_gen *g, const struct vg_action *a, bool up, vg_time now)
{
	uint16_t s = a->service, r = a->u.lvs.rs;
	char rsn[CHK_RS_NAME_MAX];

	if (r >= g->map->svc[s].cfg.rs_count)
		return;
	chk_rs_stat(g, s, r)->since_ns = now;
	if (c->stopping && !g->map->svc[s].cfg.omega)
		return;
	{
		struct vgl_cmd **cmds = up ? g->rs_up[s] : g->rs_down[s]; /* NULL: no server of s has one */

		chk_script_run(c, cmds ? cmds[r] : NULL);
	}
	if (g->fifo[0] >= 0 || g->fifo[1] >= 0)
		chk_fifo_line(g, "RS %s %s %s\n", chk_rs_name(g, s, r, rsn, sizeof(rsn)), g->vsname[s], up ? "UP" : "DOWN");
}

static void run_quorum(struct vgc_check *c, struct chk_gen *g, const struct vg_action *a, bool up, vg_time now)
{
	uint16_t s = a->service;
	const struct vg_lvs_service_config *cfg = &g->map->svc[s].cfg;
	int64_t w = vg_lvs_service_live_weight(&g->svc[s]);

	if (!g->starting && !c->stopping) {
		if (up)
			vgd_log(LOG_INFO, "Gained quorum %u+%u=%lld <= %lld for VS %s", cfg->quorum, cfg->hysteresis,
				(long long)cfg->quorum + cfg->hysteresis, (long long)w, g->vsname[s]);
		else
			vgd_log(LOG_INFO, "Lost quorum %u-%u=%lld > %lld for VS %s", cfg->quorum, cfg->hysteresis,
				(long long)cfg->quorum - cfg->hysteresis, (long long)w, g->vsname[s]);
	}
	if (c->stopping && !cfg->omega)
		return;
	chk_script_run(c, up ? g->q_up[s] : g->q_down[s]);
	chk_fifo_line(g, "VS %s %s\n", g->vsname[s], up ? "UP" : "DOWN");
	chk_mail_quorum(c, g, s, up, now);
}

static void apply_effects(struct vgc_check *c, struct chk_gen *g, vg_time now)
{
	struct vg_actions *acts = &g->acts;
	size_t used = acts->len;

	if (acts->lost) {
		vgd_log(LOG_ERR, "internal error: %zu checker effects did not fit", acts->lost);
		acts->lost = 0;
	}
	for (size_t i = 0; i < acts->len; i++) {
		const struct vg_action *a = &acts->v[i];

		if (vg_action_domain(a->kind) != VG_ACT_DOMAIN_LVS || a->service >= g->map->count) {
			c->effects_unhandled++;
			continue;
		}
		switch (a->kind) {
		case VG_ACT_LVS_PROBE:
			queue_request(c, g, a, now);
			break;
		case VG_ACT_LVS_PROBE_ABORT:
			abort_request(c, g, a->service, a->u.lvs.checker, a->u.lvs.seq);
			break;
		case VG_ACT_LVS_SVC_ADD:
		case VG_ACT_LVS_SVC_EDIT:
		case VG_ACT_LVS_SVC_DEL:
			mark_dirty(g, a->service);
			break;
		case VG_ACT_LVS_DEST_ADD:
		case VG_ACT_LVS_DEST_EDIT:
		case VG_ACT_LVS_DEST_DEL:
			if (!g->starting && !c->stopping)
				log_dest(c, g, a, now);
			c->dest_acts++;
			mark_dirty(g, a->service);
			break;
		case VG_ACT_LVS_NOTIFY_UP:
		case VG_ACT_LVS_NOTIFY_DOWN:
			run_rs_notify(c, g, a, a->kind == VG_ACT_LVS_NOTIFY_UP, now);
			break;
		case VG_ACT_LVS_QUORUM_UP:
		case VG_ACT_LVS_QUORUM_DOWN:
			run_quorum(c, g, a, a->kind == VG_ACT_LVS_QUORUM_UP, now);
			break;
		default:
			c->effects_unhandled++;
			break;
		}
	}
	vg_actions_clear(acts);
	chk_acts_release(g, used);
	if (!c->hold_flush)
		flush_dirty(c, g);
	/* the in-table view of each server, for status */
}

/* The flight recorder (recorder.h) gets every input exactly as the core does. */
static void chk_record(struct vgc_check *c, struct chk_gen *g, vg_time now, const struct vg_lvs_event *ev,
		       bool regex_matched, const uint8_t *md5)
{
	if (!c->rec)
		return;
	/* every record of one generation of the checker driver names the same number (a replay starts a
	   new LVS node at a new one), whatever the VRRP driver recorded since */
	if (!g->rec_gen)
		g->rec_gen = vgd_recorder_conf_once(c->rec, g->conf, now);
	vgd_recorder_lvs(c->rec, g->rec_gen, now, ev, regex_matched, md5);
}

void chk_node_input(struct vgc_check *c, struct chk_gen *g, vg_time now, const struct vg_lvs_event *ev)
{
	if (now < g->node.last_now)
		now = g->node.last_now;
	chk_record(c, g, now, ev, false, NULL);
	vg_lvs_node_input(&g->node, now, ev, &g->acts);
	apply_effects(c, g, now);
}

/* ---- results to checkers ----------------------------------------------------------- */

/* Did this outcome pass for checker k at url u (for status and the log's failure line)? */
static bool outcome_ok(const struct chk_gen *g, uint16_t s, uint16_t ck, uint8_t u, const struct vgc_probe_outcome *o,
		       const char **why)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[s].cfg;
	const struct vg_lvs_checker_config *k = &cfg->checker[ck];

	*why = o->why;
	if (k->type == VG_LVS_CHECK_HTTP || k->type == VG_LVS_CHECK_SSL) {
		struct vg_http_outcome ho = { .head_done = !o->no_data, .status = o->http_status,
					      .regex_matched = o->regex_matched };
		const struct vg_lvs_url *url;
		enum vg_http_verdict v;

		if (o->outcome != VG_LVS_PROBE_HTTP || u >= k->url_count)
			return false;
		url = &cfg->url[k->url_first + u];
		ho.digest_ok = !url->has_digest || (o->has_md5 && !memcmp(o->md5, url->digest, 16));
		v = vg_http_verdict(url, &ho);
		if (v != VG_HTTP_OK)
			*why = vg_http_verdict_text(v);
		return v == VG_HTTP_OK;
	}
	if (o->outcome == VG_LVS_PROBE_EXIT) /* MISC_CHECK (lvs/checker.h): 0, or 2..255 with misc_dynamic */
		return o->exit_status == 0 || (k->misc_dynamic && o->exit_status >= 2);
	return o->outcome == VG_LVS_PROBE_OK || o->outcome == VG_LVS_PROBE_HTTP;
}

static void deliver(struct vgc_check *c, struct chk_gen *g, uint16_t s, uint16_t ck, uint32_t seq,
		    const struct vgc_probe_outcome *o, bool error, vg_time latency, vg_time now)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[s].cfg;
	const struct vg_lvs_checker *chk = &g->svc[s].chk[ck];
	struct vgb_body_result br = { .matched = o->regex_matched };
	struct vg_lvs_regex rx = { .ctx = &br, .match = vgb_result_regex };
	struct vg_lvs_md5 md = { .ctx = &br, .digest = vgb_result_md5 };
	struct vg_lvs_probe_result r = { .checker = ck, .seq = seq, .outcome = o->outcome,
					 .http_status = o->http_status, .no_data = o->no_data, .regex = &rx,
					 .exit_status = o->exit_status };
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_PROBE };
	struct chk_rs *st = chk_rs_stat(g, s, cfg->checker[ck].rs);
	bool was_up = chk->is_up, had_run = chk->has_run, rs_was_alive, ok;
	int rep;
	uint8_t url = chk->url_it;
	uint64_t dests = c->dest_acts;
	vg_time t_verdict;
	const char *why;

	if (!chk->in_flight || chk->seq != seq)
		return; /* stale: the core gave up on it */
	memcpy(br.md5, o->md5, 16);
	ok = outcome_ok(g, s, ck, url, o, &why);
	if (ok && !was_up)
		chk_log_url_pass(g, s, ck, url);
	st->has_result = true;
	st->last_type = cfg->checker[ck].type;
	st->last_outcome = o->outcome;
	st->last_ok = ok;
	st->last_latency_us = latency / 1000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(latency / 1000);
	st->last_result_ns = now;
	chk_rs_why(g, (uint32_t)(st - g->stat), ok ? NULL : why);
	chk_count_result(&g->ck[s][ck], &g->dur[s][g->ck[s][ck].dur], ok, o->outcome, error, latency);
	ev.u.probe.service = s;
	ev.u.probe.result = &r;
	ev.u.probe.md5 = &md;
	t_verdict = ok ? 0 : vgl_clock_now();
	if (now < g->node.last_now)
		now = g->node.last_now;
	chk_record(c, g, now, &ev, br.matched, br.md5);
	rs_was_alive = cfg->checker[ck].rs < cfg->rs_count && g->svc[s].rs[cfg->checker[ck].rs].alive;
	vg_lvs_node_input(&g->node, now, &ev, &g->acts);
	if ((rep = chk_log_result(g, s, ck, chk, was_up, had_run, ok, o->outcome, why)) != 0)
		chk_mail_verdict(c, g, s, ck, rep > 0, was_up, rs_was_alive, o->outcome, why, now);
	apply_effects(c, g, now);
	if (!ok && c->dest_acts != dests) {
		uint32_t i = c->lat_pending < 64 ? c->lat_pending : 63;

		if (c->lat_pending < 64)
			c->lat_t[i] = t_verdict;
		c->lat_pending++;
	}
	if (o->has_weight && cfg->checker[ck].rs < cfg->rs_count)
		vgd_check_weight(c, s, cfg->checker[ck].rs, o->weight, now);
}

/*
 * Finished probes: every waiter gets the outcome; the target keeps it for late joiners.
 * The table edits of the batch's verdicts go out together at its end, one per service
 * (a batch of 64 failures on one service was 64 rebuilds of its table and 64 IPVS
 * round trips, the last verdict waiting for all of them).
 */
static void drain_done(struct vgc_check *c, vg_time now)
{
	c->hold_flush = true;
	drain_batch(c, now);
	c->hold_flush = false;
	if (c->gen)
		flush_dirty(c, c->gen);
	/* failing verdicts that changed the table: from the core's verdict, and from the
	   wake-up that saw the failure, to the return of the edit */
	if (c->lat_pending) {
		vg_time end = vgl_clock_now();

		for (uint32_t i = 0; i < c->lat_pending; i++) {
			chk_lat_add(&c->edit_lat, end - c->lat_t[i < 64 ? i : 63]);
			chk_lat_add(&c->wake_lat, end - now);
		}
		c->lat_pending = 0;
	}
}

static void drain_batch(struct vgc_check *c, vg_time now)
{
	while (c->done_head) {
		struct chk_probe *p = c->done_head;
		struct chk_gen *g = p->gen;
		vg_time lat = p->done_ns - p->p.started_ns;

		c->done_head = p->next_done;
		if (!c->done_head)
			c->done_tail = NULL;
		chk_probe_close(c, p);
		if (g != c->gen)
			continue; /* a probe of a retired generation */
		for (uint32_t i = 0; i < p->nw; i++) {
			struct chk_waiter w = p->w[i];

			deliver(c, g, w.service, w.checker, w.seq, &p->out, p->start_failed, lat, now);
		}
	}
}

static int add_waiter(struct chk_probe *p, uint16_t s, uint16_t ck, uint32_t seq)
{
	if (!p->capw) {
		p->w = &p->w1;
		p->capw = 1;
	} else if (p->nw == p->capw) {
		uint32_t nc = 2 * p->capw;
		struct chk_waiter *nw = malloc(nc * sizeof(*nw));

		if (!nw)
			return -1;
		memcpy(nw, p->w, p->nw * sizeof(*nw));
		if (p->w != &p->w1)
			free(p->w);
		p->w = nw;
		p->capw = nc;
	}
	p->w[p->nw++] = (struct chk_waiter){ .service = s, .checker = ck, .seq = seq };
	return 0;
}

static void start_one(struct vgc_check *c, struct chk_gen *g, const struct chk_req *r, vg_time now)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[r->service].cfg;
	struct chk_ck *k = &g->ck[r->service][r->checker];
	uint32_t ti = g->tgt[r->service][chk_tgt_slot(cfg, r->checker, r->url)];
	struct chk_target *t;
	struct chk_probe *p;
	const struct vgc_probe_ops *ops;

	k->pending = false;
	if (ti == CHK_NONE)
		return; /* a type not run: the core times it out (never reached: see not_run) */
	t = &g->targets[ti];
	if (t->inflight && !t->inflight->p.done) {
		/* an identical probe is in flight: join it */
		if (add_waiter(t->inflight, r->service, r->checker, r->seq) == 0)
			c->n.probes_joined++;
		return;
	}
	ops = vgc_probe_ops_for(t->opts.type); /* a target is made only for a type that has them */
	p = chk_probe_new(c, ops->state_size);
	if (!p)
		return;
	p->p.ops = ops;
	p->p.opts = &t->opts;
	p->p.params = chk_target_params(g, t);
	p->p.state = ops->state_size ? (void *)(p + 1) : NULL;
	p->p.drv = c;
	p->p.started_ns = now;
	p->p.deadline_ns = r->deadline_ns > now ? r->deadline_ns : now;
	p->p.id = ++c->probe_ids;
	for (int i = 0; i < VGC_PROBE_FDS_MAX; i++) {
		p->p.fd[i] = -1;
		p->slot[i].p = p;
		p->slot[i].i = i;
	}
	p->gen = g;
	p->target = ti;
	p->heap_idx = SIZE_MAX;
	if (add_waiter(p, r->service, r->checker, r->seq) || chk_heap_push(c, p)) {
		chk_waiters_free(p);
		free(p);
		return;
	}
	t->inflight = p;
	c->n.probes_started++;
	if (++c->n.in_flight > c->n.in_flight_max)
		c->n.in_flight_max = c->n.in_flight;
	p->forks = chk_fork_count();
	if (ops->start(&p->p, now) && !p->p.done) {
		p->start_failed = true;
		vgc_probe_fail(&p->p, now, VG_LVS_PROBE_FAILED, "%s", strerror(errno));
	}
}

static void start_queued(struct vgc_check *c, struct chk_gen *g, vg_time now)
{
	unsigned n = 0;

	while (c->nreq && n < VGC_STARTS_PER_WAKE) {
		struct chk_req r = c->req[c->req_head];

		c->req_head = (c->req_head + 1) % c->cap_req;
		c->nreq--;
		if (!chk_req_wanted(g, r.service, r.checker, r.seq))
			continue; /* aborted while queued, or an older request of the checker */
		start_one(c, g, &r, now);
		n++;
		if (c->nreq && vgl_clock_now() - now > VGC_START_BUDGET_NS)
			break; /* the rest at the next wake-up, after the loop served the others */
	}
	if (c->nreq)
		c->n.deferred++;
	vgc_syn_flush(c->syn, now); /* the half-open probes' SYNs, in one system call per family */
}

/* ---- loop entries -------------------------------------------------------------------- */

static void on_events(void *ctx, int fd, vg_time now)
{
	struct vgc_check *c = ctx;
	struct epoll_event ev[VGC_EVENTS_PER_WAKE];
	int n;

	(void)fd;
	c->last_now = now;
	n = epoll_wait(c->epfd, ev, VGC_EVENTS_PER_WAKE, 0);
	for (int i = 0; i < n; i++) {
		struct chk_slot *s = ev[i].data.ptr;
		struct chk_probe *p = s->p;

		if (!p) { /* the tracked files (FILE_CHECK) */
			chk_files_ready(c, now);
			continue;
		}
		if (p->p.done || p->p.fd[s->i] < 0)
			continue;
		p->p.ops->ready(&p->p, p->p.fd[s->i], ev[i].events, now);
	}
	if (n == VGC_EVENTS_PER_WAKE)
		c->n.deferred++;
	drain_done(c, now);
	chk_graveyard_free(c);
}

/* A half-open TCP_CHECK socket is ready: its answers end probes, delivered as the epoll set's are. */
static void on_syn(struct vgc_check *c, bool v6, vg_time now)
{
	c->last_now = now;
	if (!c->syn)
		return;
	vgc_syn_ready(c->syn, v6, vgl_loop_events(c->loop), now);
	drain_done(c, now);
	chk_graveyard_free(c);
}

static void on_syn4(void *ctx, int fd, vg_time now)
{
	(void)fd;
	on_syn(ctx, false, now);
}

static void on_syn6(void *ctx, int fd, vg_time now)
{
	(void)fd;
	on_syn(ctx, true, now);
}

int chk_syn_watch(void *ctx, int fd, bool v6)
{
	struct vgc_check *c = ctx;

	return vgl_loop_add_fd(c->loop, fd, v6 ? on_syn6 : on_syn4, c);
}

void chk_syn_unwatch(void *ctx, int fd)
{
	struct vgc_check *c = ctx;

	vgl_loop_del_fd(c->loop, fd);
}

static vg_time next_deadline(void *ctx)
{
	struct vgc_check *c = ctx;
	vg_time t;

	if (!c->gen || !c->started)
		return VG_TIME_NEVER;
	if (c->nreq)
		return c->last_now; /* requests wait: due at once (after the loop served the others) */
	t = vg_lvs_node_next_deadline(&c->gen->node);
	if (c->nheap && c->heap[0]->p.deadline_ns < t)
		t = c->heap[0]->p.deadline_ns;
	if (t > VG_TIME_NEVER - VGC_TIMER_STEP_NS)
		return t;
	return (t + VGC_TIMER_STEP_NS - 1) / VGC_TIMER_STEP_NS * VGC_TIMER_STEP_NS; /* the grid (check_driver.h) */
}

static void fire(void *ctx, vg_time now)
{
	struct vgc_check *c = ctx;
	struct chk_gen *g = c->gen;

	c->last_now = now;
	if (!g || !c->started)
		return;
	/* probes past their deadline first: their outcome (UDP without require_reply: a success)
	   reaches the checker before the core gives up on it at the same instant */
	while (c->nheap && c->heap[0]->p.deadline_ns <= now) {
		struct chk_probe *p = c->heap[0];

		chk_heap_remove(c, p);
		if (p->p.ops->timeout)
			p->p.ops->timeout(&p->p, now);
		if (!p->p.done && p->heap_idx == SIZE_MAX) /* not re-armed (vgc_probe_set_deadline) */
			vgc_probe_fail(&p->p, now, VG_LVS_PROBE_TIMEOUT, "timeout");
	}
	drain_done(c, now);
	if (vg_lvs_node_next_deadline(&g->node) <= now) {
		struct vg_lvs_event ev = { .kind = VG_LVS_EV_TIMER };

		chk_node_input(c, g, now, &ev);
	}
	start_queued(c, g, now);
	drain_done(c, now);
	chk_graveyard_free(c);
}

/* ---- generations at run time ---------------------------------------------------------- */


static void gen_start(struct vgc_check *c, struct chk_gen *g, vg_time now)
{
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_START };
	uint32_t unrun = 0;

	vg_actions_init(&g->acts, g->acts_v, g->acts_cap);
	for (uint32_t i = 0; i < g->map->count; i++) {
		const struct vg_lvs_service_config *cfg = &g->map->svc[i].cfg;

		for (uint16_t k = 0; k < cfg->checker_count; k++)
			if (!chk_type_run(cfg->checker[k].type))
				unrun++;
		for (uint16_t r = 0; r < cfg->rs_count; r++)
			chk_rs_stat(g, i, r)->since_ns = now;
	}
	/* FILE_CHECK: the files' values before START (the initial state, no effects) */
	chk_files_open(c, g, now);
	/* the warmup draws: a seed from the start time (no randomness source in the core) */
	ev.u.start.seed = now ^ 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
	g->starting = true;
	chk_node_input(c, g, now, &ev);
	g->starting = false;
	vgd_log(LOG_INFO, "Health checkers: %u virtual server(s), %u real server(s), %u probe target(s) (%u shared)%s",
		g->map->count, g->nrs, g->ntargets, g->shared_targets, unrun ? "; some checker types are not run (see -t)" : "");
	for (uint32_t i = 0; i < g->map->count; i++) {
		const struct vg_lvs_service_config *cfg = &g->map->svc[i].cfg;

		for (uint16_t k = 0; k < cfg->checker_count; k++) {
			char rsn[CHK_RS_NAME_MAX];

			if (chk_type_run(cfg->checker[k].type))
				vgd_log(LOG_INFO, "Activating healthchecker for service %s for VS %s",
					chk_rs_name(g, i, cfg->checker[k].rs, rsn, sizeof(rsn)), g->vsname[i]);
		}
	}
}

/*
 * Types vigild does not run: their checker's timers must not take the server
 * down. This writes the map the LVS driver shares (lvs_map.h): the same
 * change every time (idempotent), to a field the LVS driver does not read.
 */
static void disable_unrun(struct chk_gen *g)
{
	for (uint32_t i = 0; i < g->map->count; i++) {
		struct vg_lvs_service_config *cfg = &g->map->svc[i].cfg;

		for (uint16_t k = 0; k < cfg->checker_count; k++)
			if (!chk_type_run(cfg->checker[k].type))
				cfg->checker[k].tm->delay_loop_ns = VG_TIME_NEVER / 4; /* never due in practice */
	}
}

/* ---- the driver ------------------------------------------------------------------------ */

static int chk_open(void *self, struct vgl_loop *loop)
{
	struct vgc_check *c = self;

	c->loop = loop;
	if (!c->gen->conf->virtual_servers.count)
		return 0;
	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0) {
		vgd_log(LOG_ERR, "checker driver: epoll: %s", strerror(errno));
		return -1;
	}
	if (vgl_loop_add_fd(loop, c->epfd, on_events, c) || vgl_loop_add_deadline(loop, next_deadline, fire, c)) {
		vgd_log(LOG_ERR, "checker driver: the event loop is full");
		return -1;
	}
	return 0;
}

/*
 * Loading a configuration (the parse, the plan, a reload's old generation)
 * frees more than it keeps, in holes of the heap that stay resident: hand
 * their pages back once the checkers run (at 10,000 real servers ~2 MB,
 * bench/checkers). Rare, and ~1 ms for a heap of tens of MB.
 */
static void trim_heap(void)
{
	(void)malloc_trim(0);
}

static void chk_start(void *self, vg_time now)
{
	struct vgc_check *c = self;

	c->last_now = now;
	if (!c->gen->conf->virtual_servers.count || c->epfd < 0)
		return;
	c->started = true;
	gen_start(c, c->gen, now);
	trim_heap();
}

static int chk_reload_prepare(void *self, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgc_check *c = self;

	chk_gen_free(c->next);
	c->next = chk_gen_new(conf, &c->map_src, dg);
	if (!c->next)
		return -1;
	disable_unrun(c->next);
	/* keepalived carries the checkers of unchanged real servers over (check_carry.c) */
	if (c->started && c->gen && c->epfd >= 0 && c->next->map->count)
		chk_carry_prestart(c, c->gen, c->next);
	return 0;
}

static void chk_reload_commit(void *self, vg_time now)
{
	struct vgc_check *c = self;
	struct chk_gen *old = c->gen;

	if (!c->next)
		return;
	chk_engine_reset(c); /* probes in flight go: a carried checker probes again at once */
	c->gen = c->next;
	c->next = NULL;
	c->last_now = now;
	if (c->gen->prestarted) {
		struct chk_gen *g = c->gen;

		chk_carry_record(c, old, g);
		g->starting = true;
		apply_effects(c, g, now);
		g->starting = false;
		vgd_log(LOG_INFO, "Health checkers reloaded: %u virtual server(s), %u real server(s), %u probe "
			"target(s) (%u shared), %u checker(s) carried over", g->map->count, g->nrs, g->ntargets,
			g->shared_targets, g->carried);
		chk_gen_free(old);
		trim_heap();
		return;
	}
	if (c->gen->conf->virtual_servers.count && c->epfd < 0 && c->loop)
		chk_open(c, c->loop);
	if (c->epfd >= 0 && c->gen->conf->virtual_servers.count) {
		c->started = true;
		gen_start(c, c->gen, now);
	}
	chk_gen_free(old);
	trim_heap();
}

static void chk_reload_abort(void *self)
{
	struct vgc_check *c = self;

	chk_gen_free(c->next);
	c->next = NULL;
}

static void chk_child_exited(void *self, vg_time now)
{
	struct vgc_check *c = self;
	uint32_t i = 0;

	chk_reap_extra(now); /* MISC_CHECK stragglers, lvs_notify_fifo_script */
	while (i < c->nchildren) {
		int st;
		pid_t r = waitpid(c->children[i], &st, WNOHANG);

		if (r == c->children[i] || (r < 0 && errno == ECHILD))
			c->children[i] = c->children[--c->nchildren];
		else
			i++;
	}
}

static void chk_stop(void *self, vg_time now)
{
	struct vgc_check *c = self;
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_SHUTDOWN };

	if (!c->started)
		return;
	/* the LVS driver releases the table itself (or keeps it with -I): omega notifies only */
	c->stopping = true;
	chk_engine_reset(c);
	chk_node_input(c, c->gen, now, &ev);
	c->started = false;
}

static bool chk_busy(void *self)
{
	struct vgc_check *c = self;

	chk_child_exited(c, 0);
	return c->nchildren > 0;
}

static void chk_free(void *self)
{
	struct vgc_check *c = self;

	chk_engine_reset(c);
	chk_spares_free(c);
	vgc_syn_free(c->syn);
	for (uint32_t i = 0; i < c->nchildren; i++)
		vgl_kill_group(c->children[i], SIGTERM);
	free(c->heap);
	free(c->req);
	chk_gen_free(c->gen);
	chk_gen_free(c->next);
	if (c->epfd >= 0)
		close(c->epfd);
	free(c);
}

static const struct vgd_driver_ops check_ops = {
	.name = "check",
	.open = chk_open,
	.start = chk_start,
	.reload_prepare = chk_reload_prepare,
	.reload_commit = chk_reload_commit,
	.reload_abort = chk_reload_abort,
	.dump = chk_dump,
	.status = chk_status,
	.metrics = chk_metrics,
	.child_exited = chk_child_exited,
	.stop = chk_stop,
	.busy = chk_busy,
	.free = chk_free,
};

struct vgd_driver vgd_check_new(const struct vgd_opts *o, const struct vg_conf *conf,
				const struct vgd_lvs_map_source *src, struct vg_diags *dg)
{
	struct vgd_driver d = { .ops = &check_ops, .self = NULL };
	struct vgc_check *c = calloc(1, sizeof(*c));

	if (!c)
		return d;
	c->o = o;
	c->epfd = -1;
	chk_fork_watch();
	/*
	 * No transparent huge pages from here on (the process and its scripts):
	 * with THP "always" (many distributions) a 2 MB page is resident for any
	 * byte written in it, and the checkers' state is many small objects
	 * and the heap's freed holes. In the ipvs-vm guest this was 18 of
	 * vigild's 27 MB at 10,000 TCP_CHECKs (bench/checkers: huge pages).
	 * Pages already huge stay so (the configuration tree, dense).
	 */
	if (conf->virtual_servers.count)
		(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	if (src)
		c->map_src = *src;
	c->gen = chk_gen_new(conf, &c->map_src, dg);
	if (!c->gen) {
		free(c);
		return d;
	}
	disable_unrun(c->gen);
	d.self = c;
	return d;
}

int vgd_check_release_tree(struct vgd_driver *drv)
{
	struct vgc_check *c = drv->self;

	if (!c || c->next || !c->gen)
		return -1;
	return vgd_lvs_map_drop_tree(c->gen->shared);
}

void vgd_check_set_recorder(struct vgd_driver *drv, struct vgd_recorder *rec)
{
	struct vgc_check *c = drv->self;

	if (c)
		c->rec = rec;
}

void vgd_check_set_lvs_hooks(struct vgd_driver *drv, const struct vgd_lvs_hooks *h)
{
	struct vgc_check *c = drv->self;

	if (c && h)
		c->lvs = *h;
}

void vgd_check_vip(void *self, const struct vg_addr *addr, bool present)
{
	struct vgc_check *c = self;
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_VIP };

	if (!c || !c->started)
		return;
	ev.u.vip.addr = *addr;
	ev.u.vip.present = present;
	chk_node_input(c, c->gen, c->last_now, &ev);
}

void vgd_check_weight(struct vgc_check *c, uint16_t service, uint16_t rs, int32_t weight, vg_time now)
{
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_WEIGHT };

	if (!c || !c->started)
		return;
	ev.u.weight.service = service;
	ev.u.weight.rs = rs;
	ev.u.weight.weight = weight;
	chk_node_input(c, c->gen, now, &ev);
}

void vgd_check_report_unrun(const struct vg_conf *conf, struct vg_diags *dg)
{
	static const uint8_t conf_to_lvs[VG_CHECK_TYPE_COUNT] = {
		[VG_CHECK_TCP] = VG_LVS_CHECK_TCP,   [VG_CHECK_HTTP_GET] = VG_LVS_CHECK_HTTP,
		[VG_CHECK_SSL_GET] = VG_LVS_CHECK_SSL, [VG_CHECK_SMTP] = VG_LVS_CHECK_SMTP,
		[VG_CHECK_MISC] = VG_LVS_CHECK_MISC, [VG_CHECK_DNS] = VG_LVS_CHECK_DNS,
		[VG_CHECK_UDP] = VG_LVS_CHECK_UDP,   [VG_CHECK_PING] = VG_LVS_CHECK_PING,
		[VG_CHECK_FILE] = VG_LVS_CHECK_FILE, [VG_CHECK_BFD] = VG_LVS_CHECK_BFD,
	};

	for (uint32_t i = 0; i < conf->virtual_servers.count; i++) {
		const struct vg_conf_virtual_server *vs = &conf->virtual_servers.items[i];

		for (uint32_t j = 0; j < vs->real_servers.count; j++) {
			const struct vg_conf_real_server *rs = &vs->real_servers.items[j];

			for (uint32_t k = 0; k < rs->checkers.count; k++) {
				const struct vg_conf_checker *ck = &rs->checkers.items[k];

				if (ck->type < VG_CHECK_TYPE_COUNT && chk_type_run(conf_to_lvs[ck->type]))
					continue;
				vg_diags_add(dg, VG_DIAG_WARNING, &ck->loc, "lvs-checker-not-run", NULL,
					     "%s: not run (vigild has no probe of this type yet); the real server "
					     "stays as at start", vg_conf_checker_name(ck->type));
			}
		}
	}
}
