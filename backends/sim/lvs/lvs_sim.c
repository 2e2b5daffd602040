// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the LVS world of the simulator (see lvs_sim.h).
 *
 * An event heap (probe answers, connection closes, real server mode
 * changes) plus two pulled sources: each director's node unit
 * (lvs/node.h: its services and checkers; the world feeds it START,
 * TIMER, PROBE, VIP and SHUTDOWN events and carries out its effect
 * records) and the client generators. vg_lvs_sim_run() interleaves this world with the VRRP
 * engine: the VRRP world runs up to the next LVS time, then the LVS events
 * at that time run, so both see one clock.
 */
#include "sim/lvs/lvs_sim_int.h"

#include <string.h>


#include "sim/lvs/lvs_check.h"
#include "sim/lvs/lvs_reload.h"

/* ---- small helpers ---- */

void vg_lvs_sim_print_time(FILE *f, vg_time t)
{
	fprintf(f, "%5llu.%06llus", (unsigned long long)(t / VG_S(1)), (unsigned long long)(t % VG_S(1) / VG_US(1)));
}

const char *vg_lvs_sim_addr_port(const struct vg_addr *a, uint16_t port, char *buf, size_t len)
{
	char ip[VG_ADDR_STRLEN];

	vg_addr_format(a, ip, sizeof(ip));
	snprintf(buf, len, a->family == VG_AF_INET6 ? "[%s]:%u" : "%s:%u", ip, port);
	return buf;
}

static const char *svc_name(const struct vg_lvs_sim_svc *sv, char *buf, size_t len)
{
	const struct vg_lvs_service_config *c = &sv->cs->cfg;

	if (c->kind == VG_LVS_VS_FWMARK)
		snprintf(buf, len, "fwmark %u", c->fwmark);
	else if (c->kind == VG_LVS_VS_GROUP)
		snprintf(buf, len, "group %s", sv->cs->vs->group ? sv->cs->vs->group : "?");
	else
		vg_lvs_sim_addr_port(&c->addr, c->port, buf, len);
	return buf;
}

static const struct vg_lvs_rs_config *rs_cfg(const struct vg_lvs_sim_svc *sv, uint16_t rs)
{
	return rs == VG_LVS_RS_SORRY ? &sv->cs->cfg.sorry : &sv->cs->cfg.rs[rs];
}

/* ---- events: kept in slots here, ordered in the engine's one queue (vg_sim_world_push) ---- */

void vg_lvs_sim_ev_push(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *e)
{
	uint32_t slot;

	if (w->ev_free_count)
		slot = w->ev_free[--w->ev_free_count];
	else if (w->ev_next < VG_LVS_SIM_EVENTS_MAX)
		slot = w->ev_next++;
	else {
		w->ev_lost++;
		return;
	}
	w->ev[slot] = *e;
	if (!w->engine || vg_sim_world_push(w->engine, e->at, slot)) {
		w->ev_free[w->ev_free_count++] = slot;
		w->ev_lost++;
		return;
	}
	w->ev_len++;
}

/* The earliest event due at w->now, taken off the queue; false if none. */
static bool ev_pop(struct vg_lvs_sim *w, struct vg_lvs_sim_ev *out)
{
	uint32_t slot;

	if (!w->engine || !vg_sim_world_pop(w->engine, w->now, &slot))
		return false;
	*out = w->ev[slot];
	w->ev_free[w->ev_free_count++] = slot;
	w->ev_len--;
	return true;
}

/* ---- effects ---- */

static void apply_table(struct vg_lvs_sim_svc *sv, const struct vg_action *e)
{
	const struct vg_lvs_rs_config *r = rs_cfg(sv, e->u.lvs.rs);

	for (uint8_t k = 0; k < sv->ipvs_count; k++) {
		struct vg_lvs_sched *sc = &sv->ipvs[k].sched;

		if (e->kind == VG_ACT_LVS_DEST_ADD) {
			struct vg_lvs_dest d;

			memset(&d, 0, sizeof(d));
			d.id = e->u.lvs.rs;
			d.addr = r->addr;
			d.port = r->port;
			d.weight = e->u.lvs.weight;
			d.u_threshold = r->u_threshold;
			d.l_threshold = r->l_threshold;
			vg_lvs_sched_add_dest(sc, &d);
		} else if (e->kind == VG_ACT_LVS_DEST_EDIT) {
			vg_lvs_sched_edit_dest(sc, e->u.lvs.rs, e->u.lvs.weight, r->u_threshold, r->l_threshold);
		} else {
			vg_lvs_sched_del_dest(sc, e->u.lvs.rs);
		}
	}
}

static void probe(struct vg_lvs_sim *w, uint8_t ni, uint16_t j, const struct vg_action *e)
{
	struct vg_lvs_sim_node *n = &w->nodes[ni];
	struct vg_lvs_sim_svc *sv = &n->svc[j];
	struct vg_lvs_sim_server *srv = &w->server[sv->server[e->u.lvs.rs]];
	bool http = e->u.lvs.type == VG_LVS_CHECK_HTTP || e->u.lvs.type == VG_LVS_CHECK_SSL;
	struct vg_lvs_sim_ev ev;
	uint8_t mode = mode_at(srv, w->now);

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_PROBE_REPLY;
	ev.node = ni;
	ev.svc = j;
	ev.epoch = n->epoch;
	ev.checker = e->u.lvs.checker;
	ev.url = e->u.lvs.url;
	ev.probe_seq = e->u.lvs.seq;
	ev.at = w->now + VG_LVS_SIM_PROBE_RTT_NS;
	ev.outcome = http ? VG_LVS_PROBE_HTTP : VG_LVS_PROBE_OK;
	ev.status = 200;
	ev.healthy = true;
	srv->probes++;
	switch (mode) {
	case VG_SCN_RS_DOWN:
		ev.outcome = VG_LVS_PROBE_FAILED;
		break;
	case VG_SCN_RS_SLOW:
		ev.at = w->now + sv->cs->cfg.checker[e->u.lvs.checker].tm->connect_timeout_ns + VG_S(1);
		break;
	case VG_SCN_RS_WRONG_BODY:
		ev.status = 503;
		ev.healthy = false;
		break;
	default:
		break;
	}
	vg_lvs_sim_ev_push(w, &ev);
}

/* Carry out node ni's effect records in order (each names its service) and print them. */
void vg_lvs_sim_apply(struct vg_lvs_sim *w, uint8_t ni, const struct vg_actions *out)
{
	struct vg_lvs_sim_node *n = &w->nodes[ni];
	char sname[80], rname[80];

	w->effects_unhandled += out->lost; /* the list is sized to the node's maximum: a sizing bug */
	for (size_t i = 0; i < out->len; i++) {
		const struct vg_action *e = &out->v[i];
		uint16_t j = e->service;
		struct vg_lvs_sim_svc *sv;
		const struct vg_lvs_rs_config *r;
		bool sorry = e->u.lvs.rs == VG_LVS_RS_SORRY;
		bool print = w->out != NULL;
		const char *what = NULL;

		if (vg_action_domain(e->kind) != VG_ACT_DOMAIN_LVS || j >= n->svc_count) {
			w->effects_unhandled++; /* not an LVS record of this node: a bug in whoever filled the list */
			continue;
		}
		sv = &n->svc[j];
		r = rs_cfg(sv, e->u.lvs.rs);
		if (w->on_effect)
			w->on_effect(w->effect_ctx, node_name(w, n), &n->map, e, w->now);

		switch (e->kind) {
		case VG_ACT_LVS_DEST_ADD:
		case VG_ACT_LVS_DEST_EDIT:
		case VG_ACT_LVS_DEST_DEL:
			apply_table(sv, e);
			break;
		case VG_ACT_LVS_SVC_DEL:
			vg_lvs_sim_ipvs_reset(sv);
			break;
		case VG_ACT_LVS_PROBE:
			probe(w, ni, j, e);
			print = print && w->verbose;
			break;
		case VG_ACT_LVS_PROBE_ABORT:
		case VG_ACT_LVS_SVC_ADD:
		case VG_ACT_LVS_SVC_EDIT:
		case VG_ACT_LVS_NOTIFY_UP:
		case VG_ACT_LVS_NOTIFY_DOWN:
		case VG_ACT_LVS_QUORUM_UP:
		case VG_ACT_LVS_QUORUM_DOWN:
			break; /* nothing changes in the world; printed below */
		default:
			w->effects_unhandled++; /* not an LVS record: a bug in whoever filled the list */
			break;
		}
		if (!print)
			continue;
		vg_lvs_sim_print_time(w->out, w->now);
		fprintf(w->out, "  %-8s LVS %s ", node_name(w, n), svc_name(sv, sname, sizeof(sname)));
		vg_lvs_sim_addr_port(&r->addr, r->port, rname, sizeof(rname));
		switch (e->kind) {
		case VG_ACT_LVS_SVC_ADD: fprintf(w->out, "service added (%s)\n", vg_lvs_sched_name(sv->cs->cfg.sched.kind)); break;
		case VG_ACT_LVS_SVC_DEL: fprintf(w->out, "service removed\n"); break;
		case VG_ACT_LVS_DEST_ADD:
			fprintf(w->out, "%s %s in (table add, weight %d)\n", sorry ? "sorry server" : "table: real server", rname,
				e->u.lvs.weight);
			break;
		case VG_ACT_LVS_DEST_EDIT:
			fprintf(w->out, "%s %s weight %d%s\n", sorry ? "sorry server" : "table: real server", rname, e->u.lvs.weight,
				e->u.lvs.weight == 0 ? " (inhibited: out)" : " (in)");
			break;
		case VG_ACT_LVS_DEST_DEL:
			fprintf(w->out, "%s %s out (table delete)\n", sorry ? "sorry server" : "table: real server", rname);
			break;
		case VG_ACT_LVS_NOTIFY_UP:
		case VG_ACT_LVS_NOTIFY_DOWN: {
			const struct vg_conf_real_server *crs = sorry ? NULL : sv->cs->rs[e->u.lvs.rs];
			const struct vg_conf_script *sc = crs ? (e->kind == VG_ACT_LVS_NOTIFY_UP ? crs->notify_up : crs->notify_down) : NULL;

			fprintf(w->out, "checker: real server %s %s", rname, e->kind == VG_ACT_LVS_NOTIFY_UP ? "UP" : "DOWN");
			if (sc)
				fprintf(w->out, " (runs %s)", sc->cmd);
			fprintf(w->out, "\n");
			break;
		}
		case VG_ACT_LVS_QUORUM_UP:
		case VG_ACT_LVS_QUORUM_DOWN:
			what = e->kind == VG_ACT_LVS_QUORUM_UP ? "gained" : "lost";
			fprintf(w->out, "quorum %s (live weight %lld, quorum %u, hysteresis %u)\n", what,
				(long long)vg_lvs_service_live_weight(sv->svc), sv->cs->cfg.quorum, sv->cs->cfg.hysteresis);
			break;
		case VG_ACT_LVS_PROBE:
			fprintf(w->out, "probe %s %s (checker %u, seq %u)\n", vg_lvs_check_type_name(e->u.lvs.type), rname,
				e->u.lvs.checker, e->u.lvs.seq);
			break;
		case VG_ACT_LVS_PROBE_ABORT:
			fprintf(w->out, "probe of %s timed out (connect_timeout)\n", rname);
			break;
		default:
			fprintf(w->out, "%s\n", vg_action_kind_name(e->kind));
			break;
		}
	}
}

void vg_lvs_sim_effects_init(struct vg_lvs_sim *w, struct vg_actions *out)
{
	vg_actions_init(out, w->effbuf, w->effcap);
}

/* ---- node life cycle and roles ---- */

static void node_start(struct vg_lvs_sim *w, uint8_t ni)
{
	struct vg_lvs_sim_node *n = &w->nodes[ni];
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_START, .u.start.seed = w->rng };
	struct vg_actions out;

	n->running = true;
	n->epoch++;
	for (uint16_t j = 0; j < n->svc_count; j++)
		vg_lvs_sim_ipvs_reset(&n->svc[j]);
	/* the unit draws one warmup seed per service from .seed by splitmix64: the draws the world's
	   stream makes here, so advance it past them */
	for (uint16_t j = 0; j < n->svc_count; j++)
		rnd(w);
	vg_lvs_node_init(&n->core, n->services, &n->map);
	vg_lvs_sim_effects_init(w, &out);
	vg_lvs_node_input(&n->core, w->now, &ev, &out);
	vg_lvs_sim_apply(w, ni, &out);
}

static void node_stop(struct vg_lvs_sim *w, uint8_t ni, bool graceful)
{
	struct vg_lvs_sim_node *n = &w->nodes[ni];
	struct vg_actions out;

	if (!n->running)
		return;
	n->running = false;
	n->epoch++;
	if (graceful) {
		struct vg_lvs_event ev = { .kind = VG_LVS_EV_SHUTDOWN };

		vg_lvs_sim_effects_init(w, &out);
		vg_lvs_node_input(&n->core, w->now, &ev, &out);
		vg_lvs_sim_apply(w, ni, &out);
	} else {
		vg_lvs_node_init(&n->core, n->services, &n->map); /* the machine is gone: nothing runs */
	}
	for (uint16_t j = 0; j < n->svc_count; j++) {
		n->svc[j].director = false;
		vg_lvs_sim_ipvs_reset(&n->svc[j]);
	}
}

/* Is another running node earlier in the list serving the same first key? */
static bool earlier_node_serves(const struct vg_lvs_sim *w, uint8_t ni, const struct vg_lvs_sim_svc *sv)
{
	const struct vg_lvs_vs_key *mine = &w->nodes[ni].map.keys[sv->cs->key_first];

	for (uint8_t a = 0; a < ni; a++) {
		const struct vg_lvs_sim_node *o = &w->nodes[a];

		if (!o->running)
			continue;
		for (uint16_t j = 0; j < o->svc_count; j++) {
			const struct vg_lvs_vs_key *k = &o->map.keys[o->svc[j].cs->key_first];

			if (o->svc[j].cs->key_count && sv->cs->key_count && k->kind == mine->kind &&
			    vg_addr_eq(&k->addr, &mine->addr) && k->port == mine->port && k->fwmark == mine->fwmark)
				return true;
		}
	}
	return false;
}

static void sync(struct vg_lvs_sim *w, const struct vg_sim *s)
{
	if (s->now > w->now)
		w->now = s->now;
	for (uint8_t ni = 0; ni < w->node_count; ni++) {
		struct vg_lvs_sim_node *n = &w->nodes[ni];
		const struct vg_sim_node *sn = &s->nodes[n->node];

		if (sn->running && !n->running)
			node_start(w, ni);
		else if (!sn->running && n->running)
			node_stop(w, ni, false);
		if (!n->running)
			continue;
		for (uint16_t j = 0; j < n->svc_count; j++) {
			struct vg_lvs_sim_svc *sv = &n->svc[j];
			bool vip = sv->inst < 0 || sn->vips_held[sv->inst];
			bool was = sv->director;
			char name[80];

			sv->director = sv->inst >= 0 ? sn->inst[sv->inst].state == VG_STATE_MASTER
						     : !earlier_node_serves(w, ni, sv);
			if (vip != sv->svc->vip_present) {
				/* the VRRP side: the instance carrying the service's address holds its VIPs or not */
				struct vg_lvs_event ev = { .kind = VG_LVS_EV_VIP, .u.vip = { sv->vip_addr, vip } };
				struct vg_actions out;

				vg_lvs_sim_effects_init(w, &out);
				vg_lvs_node_input(&n->core, w->now, &ev, &out);
				vg_lvs_sim_apply(w, ni, &out);
			}
			if (was != sv->director && w->out) {
				vg_lvs_sim_print_time(w->out, w->now);
				fprintf(w->out, "  %-8s LVS %s director: %s\n", node_name(w, n), svc_name(sv, name, sizeof(name)),
					sv->director ? "yes (schedules new connections)" : "no");
			}
		}
	}
}

void vg_lvs_sim_observe(struct vg_lvs_sim *w, const struct vg_sim *s, const struct vg_sim_obs *o)
{
	if (!w)
		return;
	w->sim = s;
	if (o->note == VG_SIM_NOTE_FAULT && o->fault == VG_SIM_STOP) {
		if (s->now > w->now)
			w->now = s->now;
		for (uint8_t ni = 0; ni < w->node_count; ni++)
			if (w->nodes[ni].node == o->node)
				node_stop(w, ni, true);
	} else if (o->note == VG_SIM_NOTE_RELOADED) {
		/* the VRRP side of the node was rebuilt: which instance carries each service may have moved
		   (the virtual servers themselves keep running the configuration they started with); the
		   table edits of the new file go through vigild's diff (lvs_reload.h) */
		for (uint8_t ni = 0; ni < w->node_count; ni++) {
			struct vg_lvs_sim_node *n = &w->nodes[ni];

			if (n->node != o->node)
				continue;
			if (s->now > w->now)
				w->now = s->now;
			if (!s->last_reload.failed && o->arg < s->reload_count)
				vg_lvs_sim_reload(w, ni, s->reloads[o->arg].conf);
			for (uint32_t j = 0; j < n->svc_count; j++)
				n->svc[j].inst = vg_lvs_sim_covering_instance(s, n->node, &n->map, n->svc[j].cs, &n->svc[j].vip_addr);
		}
	} else if (o->note == VG_SIM_NOTE_STEP) {
		sync(w, s);
	}
}

static const char *mode_name(uint8_t m)
{
	switch (m) {
	case VG_SCN_RS_UP: return "up";
	case VG_SCN_RS_DOWN: return "down (connection refused)";
	case VG_SCN_RS_SLOW: return "slow (answers after connect_timeout)";
	case VG_SCN_RS_FLAP: return "flapping";
	case VG_SCN_RS_WRONG_BODY: return "wrong body (HTTP 503)";
	default: return "?";
	}
}

/* ---- the loop ---- */

static vg_time next_time(const struct vg_lvs_sim *w)
{
	vg_time t = VG_TIME_NEVER; /* its queued events are in the engine's queue */

	for (uint8_t ni = 0; ni < w->node_count; ni++) {
		const struct vg_lvs_sim_node *n = &w->nodes[ni];

		if (n->running)
			t = vg_time_min(t, vg_lvs_node_next_deadline(&n->core));
	}
	for (uint8_t g = 0; g < w->gen_count; g++)
		if (w->gen[g].next < w->gen[g].end)
			t = vg_time_min(t, w->gen[g].next);
	return t;
}

/* Everything due at w->now. */
static void step(struct vg_lvs_sim *w)
{
	bool more = true;

	while (more) {
		struct vg_lvs_sim_ev due;

		more = false;
		while (ev_pop(w, &due)) {
			more = true;
			if (due.kind == EV_PROBE_REPLY) {
				vg_lvs_sim_probe_reply(w, &due);
			} else if (due.kind == EV_CONN_CLOSE) {
				vg_lvs_sim_conn_close(w, &due);
			} else {
				struct vg_lvs_sim_server *srv = &w->server[due.server];
				char name[80];

				srv->mode = due.mode;
				srv->mode_since = w->now;
				srv->period_ns = due.period_ns;
				if (w->out) {
					vg_lvs_sim_print_time(w->out, w->now);
					fprintf(w->out, "  %-8s ** realserver %s %s", "", vg_lvs_sim_addr_port(&srv->addr, srv->port, name, sizeof(name)),
						mode_name(due.mode));
					if (due.mode == VG_SCN_RS_FLAP)
						fprintf(w->out, " every %.3f s", (double)due.period_ns / 1e9);
					fprintf(w->out, " **\n");
				}
			}
		}
		for (uint8_t ni = 0; ni < w->node_count; ni++) {
			struct vg_lvs_sim_node *n = &w->nodes[ni];

			struct vg_lvs_event ev = { .kind = VG_LVS_EV_TIMER };
			struct vg_actions out;

			if (!n->running || vg_lvs_node_next_deadline(&n->core) > w->now)
				continue;
			more = true;
			vg_lvs_sim_effects_init(w, &out);
			vg_lvs_node_input(&n->core, w->now, &ev, &out);
			vg_lvs_sim_apply(w, ni, &out);
		}
		for (uint8_t g = 0; g < w->gen_count; g++) {
			struct vg_lvs_sim_gen *gen = &w->gen[g];

			while (gen->next <= w->now && gen->next < gen->end) {
				more = true;
				vg_lvs_sim_connect(w, &gen->addr, gen->port, gen->hold_ns);
				gen->next += gen->interval_ns;
			}
		}
	}
	vg_lvs_check_state(w);
}

/* The LVS world as the VRRP engine's other world (sim.h vg_sim_world): one loop, one clock. */
static vg_time world_next(void *ctx)
{
	struct vg_lvs_sim *w = ctx;
	vg_time t = next_time(w);

	return t < w->now ? w->now : t;
}

static void world_handle(void *ctx, vg_time now)
{
	struct vg_lvs_sim *w = ctx;

	sync(w, w->sim);
	if (now > w->now)
		w->now = now;
	step(w);
}

static void world_after_vrrp(void *ctx)
{
	struct vg_lvs_sim *w = ctx;

	sync(w, w->sim);
}

void vg_lvs_sim_attach(struct vg_lvs_sim *w, struct vg_sim *s)
{
	w->sim = s;
	w->engine = s;
	s->world = (struct vg_sim_world){ world_next, world_handle, world_after_vrrp, w };
}

void vg_lvs_sim_run(struct vg_lvs_sim *w, struct vg_sim *s, vg_time until)
{
	if (w)
		vg_lvs_sim_attach(w, s);
	vg_sim_run(s, until);
}
