// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: traffic in the simulator's LVS world: client connections through a
 * director's IPVS table to the simulated real servers, and those servers'
 * answers to the checkers' probes (HTTP digests, regex matches).
 */
#include "sim/lvs/lvs_sim_int.h"

#include <regex.h>
#include <string.h>

#include "sim/lvs/lvs_check.h"

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

		vg_lvs_sim_print_time(w->out, w->now);
		fprintf(w->out, "  %-8s LVS connection -> %s%s\n", node_name(w, n),
			vg_lvs_sim_addr_port(&w->server[srv].addr, w->server[srv].port, name, sizeof(name)), reused ? " (persistence template)" : "");
	}
	vg_lvs_sim_ev_push(w, &ev);
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

void vg_lvs_sim_conn_close(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *ev)
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

void vg_lvs_sim_probe_reply(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *ev)
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
			 vg_lvs_sim_addr_port(&r->addr, r->port, name, sizeof(name)));
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
	vg_lvs_sim_effects_init(w, &out);
	vg_lvs_node_input(&n->core, w->now, &pe, &out);
	vg_lvs_sim_apply(w, ev->node, &out);
}
