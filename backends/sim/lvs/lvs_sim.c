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
#include "sim/lvs/lvs_sim.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "sim/lvs/lvs_check.h"
#include "sim/lvs/lvs_reload.h"

enum ev_kind { EV_PROBE_REPLY, EV_CONN_CLOSE, EV_RS_MODE };

struct vg_lvs_sim_ev {
	vg_time at;
	uint8_t kind;
	uint8_t node;          /* index in w->nodes */
	uint16_t svc;
	uint32_t epoch;
	/* probe answer */
	uint16_t checker;
	uint8_t url;
	uint32_t probe_seq;
	uint8_t outcome;
	uint16_t status;
	bool healthy;
	/* connection close */
	uint8_t ipvs;
	uint16_t dest_id;
	uint16_t server;
	struct vg_addr client;
	/* real server mode */
	uint8_t mode;
	vg_time period_ns;
};

/* ---- small helpers ---- */

static uint64_t rnd(struct vg_lvs_sim *w)
{
	return vg_sim_splitmix(&w->rng);
}

static void print_time(FILE *f, vg_time t)
{
	fprintf(f, "%5llu.%06llus", (unsigned long long)(t / VG_S(1)), (unsigned long long)(t % VG_S(1) / VG_US(1)));
}

static const char *node_name(const struct vg_lvs_sim *w, const struct vg_lvs_sim_node *n)
{
	return w->sim ? w->sim->nodes[n->node].name : "?";
}

static const char *ap(const struct vg_addr *a, uint16_t port, char *buf, size_t len)
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
		ap(&c->addr, c->port, buf, len);
	return buf;
}

static const struct vg_lvs_rs_config *rs_cfg(const struct vg_lvs_sim_svc *sv, uint16_t rs)
{
	return rs == VG_LVS_RS_SORRY ? &sv->cs->cfg.sorry : &sv->cs->cfg.rs[rs];
}

static uint8_t mode_at(const struct vg_lvs_sim_server *srv, vg_time now)
{
	if (srv->mode != VG_SCN_RS_FLAP)
		return srv->mode;
	return ((now - srv->mode_since) / srv->period_ns) % 2 == 0 ? VG_SCN_RS_DOWN : VG_SCN_RS_UP;
}

/* ---- events: kept in slots here, ordered in the engine's one queue (vg_sim_world_push) ---- */

static void ev_push(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *e)
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

/* ---- world set-up ---- */

struct vg_lvs_sim *vg_lvs_sim_new(uint64_t seed)
{
	struct vg_lvs_sim *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->ev = calloc(VG_LVS_SIM_EVENTS_MAX, sizeof(*w->ev));
	w->ev_free = calloc(VG_LVS_SIM_EVENTS_MAX, sizeof(*w->ev_free));
	w->log = calloc(VG_LVS_SIM_CONN_LOG_MAX, sizeof(*w->log));
	w->effcap = VG_LVS_EFFECTS_PER_EXPIRY_MAX;
	w->effbuf = calloc(w->effcap, sizeof(*w->effbuf));
	if (!w->ev || !w->ev_free || !w->log || !w->effbuf) {
		vg_lvs_sim_free(w);
		return NULL;
	}
	w->rng = seed ^ UINT64_C(0x4c56532d73696d21); /* its own stream: the VRRP world's is untouched */
	return w;
}

static void ipvs_reset(struct vg_lvs_sim_svc *sv)
{
	const struct vg_lvs_service_config *c = &sv->cs->cfg;

	for (uint8_t k = 0; k < sv->ipvs_count; k++) {
		struct vg_lvs_sim_ipvs *ip = &sv->ipvs[k];

		vg_lvs_sched_fini(&ip->sched);
		vg_lvs_sched_init(&ip->sched, &c->sched);
		if (c->persistent) {
			vg_lvs_persist_fini(&ip->persist);
			vg_lvs_persist_init(&ip->persist, 12, VG_S(c->persistence_timeout_s), c->persistence_granularity_bits,
					    false);
		}
	}
}

void vg_lvs_sim_reset(struct vg_lvs_sim *w, uint64_t seed)
{
	for (uint16_t i = 0; i < w->server_count; i++) {
		struct vg_lvs_sim_server *srv = &w->server[i];
		struct vg_addr a = srv->addr;
		uint16_t port = srv->port;

		memset(srv, 0, sizeof(*srv));
		srv->addr = a;
		srv->port = port;
	}
	for (uint8_t ni = 0; ni < w->node_count; ni++) {
		struct vg_lvs_sim_node *n = &w->nodes[ni];

		n->running = false;
		n->epoch = 0;
		for (uint32_t j = 0; j < n->svc_count; j++) {
			n->svc[j].director = false;
			n->svc[j].nodest = 0;
			ipvs_reset(&n->svc[j]);
		}
		vg_lvs_node_init(&n->core, n->services, &n->map);
		vg_lvs_sim_reload_reset(n);
	}
	w->gen_count = 0;
	w->ev_len = 0;
	w->ev_next = 0;
	w->ev_free_count = 0;
	w->ev_lost = 0;
	w->log_len = 0;
	w->log_lost = 0;
	w->now = 0;
	w->conns = w->conns_nodest = w->conns_persistent = 0;
	w->effects_unhandled = 0;
	w->violation_count = 0;
	w->rng = seed ^ UINT64_C(0x4c56532d73696d21);
}

void vg_lvs_sim_free(struct vg_lvs_sim *w)
{
	if (!w)
		return;
	for (uint8_t i = 0; i < w->node_count; i++) {
		struct vg_lvs_sim_node *n = &w->nodes[i];

		for (uint32_t j = 0; j < n->svc_count; j++) {
			struct vg_lvs_sim_svc *sv = &n->svc[j];

			for (uint8_t k = 0; sv->ipvs && k < sv->ipvs_count; k++) {
				vg_lvs_sched_fini(&sv->ipvs[k].sched);
				vg_lvs_persist_fini(&sv->ipvs[k].persist);
			}
			free(sv->ipvs);
			for (int u = 0; u < VG_LVS_URLS_MAX; u++) {
				if (sv->re[u]) {
					regfree(sv->re[u]);
					free(sv->re[u]);
				}
			}
		}
		free(n->svc);
		free(n->services);
		vg_lvs_sim_reload_free(n);
		vg_lvs_conf_map_free(&n->map);
	}
	free(w->ev);
	free(w->ev_free);
	free(w->log);
	free(w->effbuf);
	free(w);
}

int vg_lvs_sim_server_find(const struct vg_lvs_sim *w, const struct vg_addr *a, uint16_t port)
{
	for (uint16_t i = 0; i < w->server_count; i++)
		if (vg_addr_eq(&w->server[i].addr, a) && w->server[i].port == port)
			return i;
	return -1;
}

static int server_get(struct vg_lvs_sim *w, const struct vg_addr *a, uint16_t port)
{
	int i = vg_lvs_sim_server_find(w, a, port);

	if (i >= 0 || w->server_count >= VG_LVS_SIM_SERVERS_MAX)
		return i;
	memset(&w->server[w->server_count], 0, sizeof(w->server[0]));
	w->server[w->server_count].addr = *a;
	w->server[w->server_count].port = port;
	return w->server_count++;
}

/* The VRRP instance of node `node` whose VIPs include one of the service's addresses (put in *addr). */
static int16_t covering_instance(const struct vg_sim *s, uint8_t node, const struct vg_lvs_conf_map *m,
				 const struct vg_lvs_conf_service *cs, struct vg_addr *addr)
{
	const struct vg_sim_node *sn = &s->nodes[node];

	for (uint32_t k = 0; k < cs->key_count; k++) {
		const struct vg_lvs_vs_key *key = &m->keys[cs->key_first + k];

		if (key->kind != VG_LVS_VS_ADDR)
			continue;
		for (uint16_t i = 0; i < sn->inst_count; i++)
			for (uint8_t v = 0; v < sn->cfg[i].vip_count; v++)
				if (vg_addr_eq(&sn->cfg[i].vips[v], &key->addr)) {
					*addr = key->addr;
					return (int16_t)i;
				}
	}
	return -1;
}

int vg_lvs_sim_add_node(struct vg_lvs_sim *w, struct vg_sim *s, uint8_t node, const struct vg_conf *conf,
			struct vg_diags *diags)
{
	struct vg_lvs_sim_node *n;
	int rc;

	if (w->node_count >= VG_SIM_NODES_MAX)
		return -1;
	n = &w->nodes[w->node_count];
	memset(n, 0, sizeof(*n));
	n->node = node;
	rc = vg_lvs_from_conf(conf, &n->map, diags);
	if (rc != 0) {
		vg_lvs_conf_map_free(&n->map);
		return -1;
	}
	w->sim = s;
	w->engine = s;
	if (n->map.count == 0) {
		vg_lvs_conf_map_free(&n->map);
		return 0;
	}
	n->svc = calloc(n->map.count, sizeof(*n->svc));
	n->services = vg_lvs_node_services_alloc(&n->map);
	if (!n->svc || !n->services) {
		free(n->svc);
		free(n->services);
		n->svc = NULL;
		n->services = NULL;
		vg_lvs_conf_map_free(&n->map);
		return -1;
	}
	w->node_count++; /* from here on vg_lvs_sim_free() releases what is set up */
	for (uint32_t j = 0; j < n->map.count; j++) {
		struct vg_lvs_sim_svc *sv = &n->svc[j];
		const struct vg_lvs_conf_service *cs = &n->map.svc[j];

		sv->cs = cs;
		sv->svc = &n->services[j];
		n->svc_count++;
		if (cs->key_count > VG_LVS_SIM_KEYS_MAX) {
			vg_diags_add(diags, VG_DIAG_ERROR, &cs->vs->loc, "sim-lvs", NULL,
				     "the simulator runs at most %d IPVS services per virtual server (this one has %u)",
				     VG_LVS_SIM_KEYS_MAX, cs->key_count);
			return -1;
		}
		sv->ipvs_count = (uint8_t)(cs->key_count ? cs->key_count : 1);
		sv->ipvs = calloc(sv->ipvs_count, sizeof(*sv->ipvs));
		if (!sv->ipvs)
			return -1;
		for (uint8_t k = 0; k < sv->ipvs_count; k++) {
			if (vg_lvs_sched_init(&sv->ipvs[k].sched, &cs->cfg.sched) != 0)
				return -1;
			if (cs->cfg.persistent &&
			    vg_lvs_persist_init(&sv->ipvs[k].persist, 12, VG_S(cs->cfg.persistence_timeout_s),
						cs->cfg.persistence_granularity_bits, false) != 0)
				return -1;
		}
		for (uint16_t r = 0; r <= cs->cfg.rs_count; r++) {
			const struct vg_lvs_rs_config *rc_ = r < cs->cfg.rs_count ? &cs->cfg.rs[r] : &cs->cfg.sorry;
			uint16_t slot = r < cs->cfg.rs_count ? r : VG_LVS_RS_SORRY;

			if (r == cs->cfg.rs_count && !cs->cfg.has_sorry)
				break;
			sv->server[slot] = (int16_t)server_get(w, &rc_->addr, rc_->port);
			if (sv->server[slot] < 0) {
				vg_diags_add(diags, VG_DIAG_ERROR, &cs->vs->loc, "sim-lvs", NULL,
					     "more than %d distinct real servers for the simulator", VG_LVS_SIM_SERVERS_MAX);
				return -1;
			}
		}
		for (uint16_t u = 0; u < cs->cfg.url_count; u++) {
			regex_t *re;
			int e;

			if (!cs->url_regex[u])
				continue;
			re = calloc(1, sizeof(*re));
			if (!re)
				return -1;
			e = regcomp(re, cs->url_regex[u], REG_EXTENDED | REG_NOSUB);
			if (e != 0) {
				char msg[128];

				regerror(e, re, msg, sizeof(msg));
				free(re);
				vg_diags_add(diags, VG_DIAG_ERROR, &cs->url[u]->loc, "sim-lvs", NULL,
					     "regex '%s' is not a POSIX extended regular expression (%s); the simulator "
					     "uses regcomp where keepalived uses PCRE2",
					     cs->url_regex[u], msg);
				return -1;
			}
			sv->re[u] = re;
		}
		sv->inst = covering_instance(s, node, &n->map, cs, &sv->vip_addr);
	}
	vg_lvs_node_init(&n->core, n->services, &n->map);
	if (vg_lvs_sim_reload_init(n))
		return -1;
	if (vg_lvs_node_effects_max(&n->core) > w->effcap) {
		struct vg_action *b = realloc(w->effbuf, vg_lvs_node_effects_max(&n->core) * sizeof(*b));

		if (!b)
			return -1;
		w->effbuf = b;
		w->effcap = vg_lvs_node_effects_max(&n->core);
	}
	return (int)n->svc_count;
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
		ev.at = w->now + sv->cs->cfg.checker[e->u.lvs.checker].connect_timeout_ns + VG_S(1);
		break;
	case VG_SCN_RS_WRONG_BODY:
		ev.status = 503;
		ev.healthy = false;
		break;
	default:
		break;
	}
	ev_push(w, &ev);
}

/* Carry out node ni's effect records in order (each names its service) and print them. */
static void apply(struct vg_lvs_sim *w, uint8_t ni, const struct vg_actions *out)
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
			ipvs_reset(sv);
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
		print_time(w->out, w->now);
		fprintf(w->out, "  %-8s LVS %s ", node_name(w, n), svc_name(sv, sname, sizeof(sname)));
		ap(&r->addr, r->port, rname, sizeof(rname));
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

static void effects_init(struct vg_lvs_sim *w, struct vg_actions *out)
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
		ipvs_reset(&n->svc[j]);
	/* the unit draws one warmup seed per service from .seed by splitmix64: the draws the world's
	   stream makes here, so advance it past them */
	for (uint16_t j = 0; j < n->svc_count; j++)
		rnd(w);
	vg_lvs_node_init(&n->core, n->services, &n->map);
	effects_init(w, &out);
	vg_lvs_node_input(&n->core, w->now, &ev, &out);
	apply(w, ni, &out);
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

		effects_init(w, &out);
		vg_lvs_node_input(&n->core, w->now, &ev, &out);
		apply(w, ni, &out);
	} else {
		vg_lvs_node_init(&n->core, n->services, &n->map); /* the machine is gone: nothing runs */
	}
	for (uint16_t j = 0; j < n->svc_count; j++) {
		n->svc[j].director = false;
		ipvs_reset(&n->svc[j]);
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

				effects_init(w, &out);
				vg_lvs_node_input(&n->core, w->now, &ev, &out);
				apply(w, ni, &out);
			}
			if (was != sv->director && w->out) {
				print_time(w->out, w->now);
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
				n->svc[j].inst = covering_instance(s, n->node, &n->map, n->svc[j].cs, &n->svc[j].vip_addr);
		}
	} else if (o->note == VG_SIM_NOTE_STEP) {
		sync(w, s);
	}
}

/* ---- scenario events ---- */

int vg_lvs_sim_schedule(struct vg_lvs_sim *w, const struct vg_scn_event *e, const char *scn_path)
{
	char name[80];

	if (e->kind == VG_SCN_REALSERVER) {
		struct vg_lvs_sim_ev ev;
		int srv = vg_lvs_sim_server_find(w, &e->addr, e->port);

		if (srv < 0) {
			fprintf(stderr, "%s:%u: no virtual_server of any node has a real_server (or sorry_server) %s\n",
				scn_path, e->line, ap(&e->addr, e->port, name, sizeof(name)));
			return -1;
		}
		memset(&ev, 0, sizeof(ev));
		ev.kind = EV_RS_MODE;
		ev.at = e->at;
		ev.server = (uint16_t)srv;
		ev.mode = e->value;
		ev.period_ns = e->period_ns;
		ev_push(w, &ev);
		return 0;
	}
	if (e->kind == VG_SCN_CLIENTS) {
		struct vg_lvs_sim_gen *g;

		if (w->gen_count >= VG_LVS_SIM_GENS_MAX) {
			fprintf(stderr, "%s:%u: too many clients lines (max %d)\n", scn_path, e->line, VG_LVS_SIM_GENS_MAX);
			return -1;
		}
		if (w->node_count == 0) {
			fprintf(stderr, "%s:%u: clients, but no node's configuration has a virtual_server\n", scn_path, e->line);
			return -1;
		}
		g = &w->gen[w->gen_count++];
		g->start = g->next = e->at;
		g->end = e->at + e->for_ns;
		g->interval_ns = VG_S(1) / e->rate;
		g->hold_ns = e->hold_ns;
		g->addr = e->addr;
		g->port = e->port;
		return 0;
	}
	return -1;
}

/* ---- connections ---- */

static void log_conn(struct vg_lvs_sim *w, uint16_t srv)
{
	if (w->log_len >= VG_LVS_SIM_CONN_LOG_MAX) {
		w->log_lost++;
		return;
	}
	w->log[w->log_len].at = w->now;
	w->log[w->log_len].server = srv;
	w->log_len++;
}

static void connect_svc(struct vg_lvs_sim *w, uint8_t ni, uint16_t j, vg_time hold_ns)
{
	struct vg_lvs_sim_node *n = &w->nodes[ni];
	struct vg_lvs_sim_svc *sv = &n->svc[j];
	const struct vg_lvs_service_config *c = &sv->cs->cfg;
	uint8_t k = (uint8_t)(sv->ipvs_count > 1 ? rnd(w) % sv->ipvs_count : 0);
	struct vg_lvs_sim_ipvs *ip = &sv->ipvs[k];
	const struct vg_lvs_vs_key *key = sv->cs->key_count ? &n->map.keys[sv->cs->key_first + k] : NULL;
	struct vg_lvs_conn conn;
	struct vg_lvs_sim_ev ev;
	uint64_t r = rnd(w);
	bool reused = false;
	uint8_t cb[4] = { (r & 1) ? 198 : 203, (r & 1) ? 51 : 0, (r & 1) ? 100 : 113, (uint8_t)(r >> 8) };
	int idx, srv;

	memset(&conn, 0, sizeof(conn));
	conn.saddr = vg_addr_from_bytes(cb, 4);
	conn.sport = (uint16_t)(1024 + (r >> 16) % 64512);
	if (key) {
		conn.daddr = key->addr;
		conn.dport = key->port;
	}
	conn.protocol = c->protocol;
	conn.rand1 = (uint32_t)rnd(w);
	conn.rand2 = (uint32_t)rnd(w);
	w->conns++;
	idx = c->persistent ? vg_lvs_persist_pick(&ip->persist, &ip->sched, &conn, w->now, &reused)
			    : vg_lvs_sched_pick(&ip->sched, &conn, w->now);
	if (idx < 0) {
		sv->nodest++;
		w->conns_nodest++;
		return;
	}
	if (reused)
		w->conns_persistent++;
	vg_lvs_check_conn(w, n, sv, k, idx, reused);
	srv = sv->server[ip->sched.d[idx].id];
	vg_lvs_sched_conn_bind(&ip->sched, idx, true);
	w->server[srv].conns++;
	w->server[srv].open++;
	log_conn(w, (uint16_t)srv);
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CONN_CLOSE;
	ev.node = ni;
	ev.svc = j;
	ev.epoch = n->epoch;
	ev.ipvs = k;
	ev.dest_id = ip->sched.d[idx].id;
	ev.server = (uint16_t)srv;
	ev.client = conn.saddr;
	ev.at = w->now + hold_ns;
	if (mode_at(&w->server[srv], w->now) == VG_SCN_RS_DOWN) {
		w->server[srv].refused++;
		ev.at = w->now + VG_LVS_SIM_PROBE_RTT_NS; /* refused: it closes at once */
	}
	if (w->out && w->verbose) {
		char name[80];

		print_time(w->out, w->now);
		fprintf(w->out, "  %-8s LVS connection -> %s%s\n", node_name(w, n),
			ap(&w->server[srv].addr, w->server[srv].port, name, sizeof(name)), reused ? " (persistence template)" : "");
	}
	ev_push(w, &ev);
}

void vg_lvs_sim_connect(struct vg_lvs_sim *w, const struct vg_addr *to, uint16_t port, vg_time hold_ns)
{
	/* each distinct service once: the first director found serves it */
	for (uint8_t ni = 0; ni < w->node_count; ni++) {
		struct vg_lvs_sim_node *n = &w->nodes[ni];

		if (!n->running)
			continue;
		for (uint16_t j = 0; j < n->svc_count; j++) {
			struct vg_lvs_sim_svc *sv = &n->svc[j];
			const struct vg_lvs_service_config *c = &sv->cs->cfg;
			bool dup = false;

			if (!sv->director)
				continue;
			if (to && to->family != VG_AF_NONE && !(vg_addr_eq(&c->addr, to) && c->port == port))
				continue;
			for (uint8_t a = 0; a <= ni && !dup; a++) {
				const struct vg_lvs_sim_node *o = &w->nodes[a];

				for (uint16_t b = 0; b < o->svc_count && !(a == ni && b >= j); b++)
					dup |= o->running && o->svc[b].director && o->svc[b].cs->cfg.kind == c->kind &&
					       vg_addr_eq(&o->svc[b].cs->cfg.addr, &c->addr) && o->svc[b].cs->cfg.port == c->port &&
					       o->svc[b].cs->cfg.fwmark == c->fwmark;
			}
			if (!dup)
				connect_svc(w, ni, j, hold_ns);
		}
	}
}

static void conn_close(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *ev)
{
	struct vg_lvs_sim_node *n = &w->nodes[ev->node];
	struct vg_lvs_sim_svc *sv = &n->svc[ev->svc];

	if (w->server[ev->server].open)
		w->server[ev->server].open--;
	if (!n->running || ev->epoch != n->epoch)
		return;
	{
		struct vg_lvs_sim_ipvs *ip = &sv->ipvs[ev->ipvs];
		int idx = vg_lvs_sched_find(&ip->sched, ev->dest_id);

		if (idx >= 0 && ip->sched.d[idx].active_conns > 0)
			vg_lvs_sched_conn_unbind(&ip->sched, idx, true);
		if (sv->cs->cfg.persistent)
			vg_lvs_persist_conn_closed(&ip->persist, &ev->client, ev->dest_id, w->now);
	}
}

/* ---- probe answers ---- */

struct md5_ctx {
	const uint8_t *expected;
	bool healthy;
};

/* No hashing: a healthy server's body carries the expected digest, another body does not. */
static void fake_md5(void *ctx, const uint8_t *data, size_t len, uint8_t out[16])
{
	const struct md5_ctx *m = ctx;

	(void)data;
	(void)len;
	for (int i = 0; i < 16; i++)
		out[i] = (uint8_t)(m->healthy ? m->expected[i] : ~m->expected[i]);
}

struct regex_ctx {
	const struct vg_lvs_sim_svc *sv;
};

static bool posix_match(void *ctx, uint16_t service, uint16_t checker, uint8_t url, const uint8_t *body, size_t len)
{
	const struct regex_ctx *r = ctx;
	const struct vg_lvs_service_config *c = &r->sv->cs->cfg;
	char buf[256];
	uint32_t u;

	(void)service;
	if (checker >= c->checker_count)
		return false;
	u = (uint32_t)c->checker[checker].url_first + url;
	if (u >= VG_LVS_URLS_MAX || !r->sv->re[u])
		return false;
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, body, len);
	buf[len] = '\0';
	return regexec(r->sv->re[u], buf, 0, NULL, 0) == 0;
}

static void probe_reply(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *ev)
{
	struct vg_lvs_sim_node *n = &w->nodes[ev->node];
	struct vg_lvs_sim_svc *sv = &n->svc[ev->svc];
	const struct vg_lvs_service_config *c = &sv->cs->cfg;
	char body[96], name[80];
	struct md5_ctx mc = { 0 };
	struct regex_ctx rc = { sv };
	struct vg_lvs_md5 md5 = { &mc, fake_md5 };
	struct vg_lvs_regex re = { &rc, posix_match };
	struct vg_lvs_probe_result res;
	struct vg_lvs_event pe = { .kind = VG_LVS_EV_PROBE };
	struct vg_actions out;

	if (!n->running || ev->epoch != n->epoch || ev->checker >= c->checker_count)
		return;
	{
		const struct vg_lvs_rs_config *r = &c->rs[c->checker[ev->checker].rs];

		snprintf(body, sizeof(body), ev->healthy ? "OK %s\n" : "wrong body from %s\n",
			 ap(&r->addr, r->port, name, sizeof(name)));
	}
	if (c->checker[ev->checker].url_count > ev->url)
		mc.expected = c->url[c->checker[ev->checker].url_first + ev->url].digest;
	else
		mc.expected = (const uint8_t *)"0123456789abcdef";
	mc.healthy = ev->healthy;
	memset(&res, 0, sizeof(res));
	res.checker = ev->checker;
	res.seq = ev->probe_seq;
	res.outcome = ev->outcome;
	res.http_status = ev->status;
	res.body = (const uint8_t *)body;
	res.body_len = strlen(body);
	res.regex = &re;
	pe.u.probe.service = ev->svc;
	pe.u.probe.result = &res;
	pe.u.probe.md5 = &md5;
	effects_init(w, &out);
	vg_lvs_node_input(&n->core, w->now, &pe, &out);
	apply(w, ev->node, &out);
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
				probe_reply(w, &due);
			} else if (due.kind == EV_CONN_CLOSE) {
				conn_close(w, &due);
			} else {
				struct vg_lvs_sim_server *srv = &w->server[due.server];
				char name[80];

				srv->mode = due.mode;
				srv->mode_since = w->now;
				srv->period_ns = due.period_ns;
				if (w->out) {
					print_time(w->out, w->now);
					fprintf(w->out, "  %-8s ** realserver %s %s", "", ap(&srv->addr, srv->port, name, sizeof(name)),
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
			effects_init(w, &out);
			vg_lvs_node_input(&n->core, w->now, &ev, &out);
			apply(w, ni, &out);
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

/* ---- expectations and queries ---- */

uint64_t vg_lvs_sim_conns_between(const struct vg_lvs_sim *w, int srv, vg_time since, vg_time until)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < w->log_len; i++)
		if (w->log[i].server == srv && w->log[i].at > since && w->log[i].at <= until)
			n++;
	return n;
}

struct vg_lvs_sim_svc *vg_lvs_sim_director_of(struct vg_lvs_sim *w, uint32_t svc_index, uint8_t *node)
{
	for (uint8_t ni = 0; ni < w->node_count; ni++) {
		struct vg_lvs_sim_node *n = &w->nodes[ni];

		if (n->running && svc_index < n->svc_count && n->svc[svc_index].director) {
			if (node)
				*node = ni;
			return &n->svc[svc_index];
		}
	}
	return NULL;
}

bool vg_lvs_sim_expect_kind(uint8_t kind)
{
	return kind == VG_SCN_EXPECT_CONNS || kind == VG_SCN_EXPECT_RS || kind == VG_SCN_EXPECT_SORRY ||
	       kind == VG_SCN_EXPECT_QUORUM || kind == VG_SCN_EXPECT_LVS_EDITS;
}

static bool compare(uint8_t op, uint64_t n, uint64_t v)
{
	switch (op) {
	case VG_SCN_OP_EQ: return n == v;
	case VG_SCN_OP_NE: return n != v;
	case VG_SCN_OP_LT: return n < v;
	case VG_SCN_OP_LE: return n <= v;
	case VG_SCN_OP_GT: return n > v;
	default: return n >= v;
	}
}

static int weight_in_table(const struct vg_lvs_sim_svc *sv, uint16_t id)
{
	int idx = vg_lvs_sched_find(&sv->ipvs[0].sched, id);

	return idx < 0 ? -1 : sv->ipvs[0].sched.d[idx].weight;
}

bool vg_lvs_sim_expect(struct vg_lvs_sim *w, const struct vg_scn_expect *x, char *what, size_t what_len,
		       char *note, size_t note_len)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	char name[80];
	bool ok = false, any = false;

	note[0] = '\0';
	if (x->kind == VG_SCN_EXPECT_LVS_EDITS) {
		const char *nn = w->sim && x->node < w->sim->node_count ? w->sim->nodes[x->node].name : "?";
		uint64_t n = 0;

		for (uint8_t ni = 0; ni < w->node_count; ni++)
			if (w->nodes[ni].node == x->node) {
				any = true;
				n = vg_lvs_sim_reload_edits(&w->nodes[ni], x->since, x->at);
			}
		snprintf(what, what_len, "lvs-edits %s %s %d since %.3fs", nn, ops[x->op % 6], x->value,
			 (double)x->since / 1e9);
		snprintf(note, note_len, "%llu IPVS edit(s)%s", (unsigned long long)n, any ? "" : "; the node is no director");
		return any && compare(x->op, n, (uint64_t)x->value);
	}
	if (x->kind == VG_SCN_EXPECT_CONNS) {
		int srv = vg_lvs_sim_server_find(w, &x->addr, x->port);
		uint64_t n = srv < 0 ? 0 : vg_lvs_sim_conns_between(w, srv, x->since, x->at);
		uint64_t v = (uint64_t)x->value;

		snprintf(what, what_len, "conns %s %s %d since %.3fs", ap(&x->addr, x->port, name, sizeof(name)),
			 ops[x->op % 6], x->value, (double)x->since / 1e9);
		switch (x->op) {
		case VG_SCN_OP_EQ: ok = n == v; break;
		case VG_SCN_OP_NE: ok = n != v; break;
		case VG_SCN_OP_LT: ok = n < v; break;
		case VG_SCN_OP_LE: ok = n <= v; break;
		case VG_SCN_OP_GT: ok = n > v; break;
		default: ok = n >= v; break;
		}
		snprintf(note, note_len, "%llu connection(s)%s", (unsigned long long)n,
			 srv < 0 ? "; no such real server" : w->log_lost ? "; connection log overflowed" : "");
		return ok;
	}
	if (x->kind == VG_SCN_EXPECT_RS) {
		bool in = false;

		snprintf(what, what_len, "realserver %s %s", ap(&x->addr, x->port, name, sizeof(name)), x->value ? "in" : "out");
		for (uint8_t ni = 0; ni < w->node_count; ni++) {
			const struct vg_lvs_sim_node *n = &w->nodes[ni];

			for (uint16_t j = 0; n->running && j < n->svc_count; j++) {
				const struct vg_lvs_sim_svc *sv = &n->svc[j];

				if (!sv->director)
					continue;
				for (uint16_t r = 0; r < sv->cs->cfg.rs_count; r++)
					if (vg_addr_eq(&sv->cs->cfg.rs[r].addr, &x->addr) && sv->cs->cfg.rs[r].port == x->port) {
						any = true;
						in |= weight_in_table(sv, r) > 0;
					}
			}
		}
		snprintf(note, note_len, "%s", any ? (in ? "in a director's table" : "not in any director's table with weight > 0")
						   : "no director has this real server");
		return in == (x->value != 0);
	}
	if (x->kind == VG_SCN_EXPECT_SORRY) {
		bool in = false;

		snprintf(what, what_len, "sorry %s", x->value ? "in" : "out");
		for (uint8_t ni = 0; ni < w->node_count; ni++)
			for (uint16_t j = 0; w->nodes[ni].running && j < w->nodes[ni].svc_count; j++) {
				const struct vg_lvs_sim_svc *sv = &w->nodes[ni].svc[j];

				if (sv->director && sv->cs->cfg.has_sorry) {
					any = true;
					in |= weight_in_table(sv, VG_LVS_RS_SORRY) > 0;
				}
			}
		snprintf(note, note_len, "%s", any ? (in ? "a sorry server serves" : "no sorry server serves")
						   : "no directed service has a sorry_server");
		return any && in == (x->value != 0);
	}
	{
		bool up = true;

		snprintf(what, what_len, "quorum %s", x->value ? "up" : "down");
		for (uint8_t ni = 0; ni < w->node_count; ni++)
			for (uint16_t j = 0; w->nodes[ni].running && j < w->nodes[ni].svc_count; j++) {
				const struct vg_lvs_sim_svc *sv = &w->nodes[ni].svc[j];

				if (sv->director) {
					any = true;
					up &= sv->svc->quorum_up;
				}
			}
		snprintf(note, note_len, "%s", any ? (up ? "every directed service has quorum" : "a directed service lost quorum")
						   : "no director");
		return any && up == (x->value != 0);
	}
}

void vg_lvs_sim_summary(const struct vg_lvs_sim *w, FILE *f)
{
	char name[80];

	if (w->node_count == 0)
		return;
	fprintf(f, "\nLVS: %llu connections (%llu by persistence template, %llu without a destination)\n",
		(unsigned long long)w->conns, (unsigned long long)w->conns_persistent,
		(unsigned long long)w->conns_nodest);
	for (uint16_t i = 0; i < w->server_count; i++) {
		const struct vg_lvs_sim_server *s = &w->server[i];

		fprintf(f, "  real server %-22s %8llu connections (%llu refused), %llu probes answered\n",
			ap(&s->addr, s->port, name, sizeof(name)), (unsigned long long)s->conns,
			(unsigned long long)s->refused, (unsigned long long)s->probes);
	}
	if (w->effects_unhandled)
		fprintf(f, "  (internal: %llu effect records lost or of a kind the LVS world does not handle)\n",
			(unsigned long long)w->effects_unhandled);
	if (w->ev_lost || w->log_lost)
		fprintf(f, "  (overflow: %llu events and %llu log entries lost)\n", (unsigned long long)w->ev_lost,
			(unsigned long long)w->log_lost);
}
