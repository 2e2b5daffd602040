// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the scenario side of the simulator's LVS world: `at T` events that
 * change a real server or a director, the `expect` lines about connections,
 * tables and weights, and the summary printed after a run.
 */
#include "sim/lvs/lvs_sim_int.h"

#include <string.h>


#include "sim/lvs/lvs_reload.h"

/* ---- scenario events ---- */

int vg_lvs_sim_schedule(struct vg_lvs_sim *w, const struct vg_scn_event *e, const char *scn_path)
{
	char name[80];

	if (e->kind == VG_SCN_REALSERVER) {
		struct vg_lvs_sim_ev ev;
		int srv = vg_lvs_sim_server_find(w, &e->addr, e->port);

		if (srv < 0) {
			fprintf(stderr, "%s:%u: no virtual_server of any node has a real_server (or sorry_server) %s\n",
				scn_path, e->line, vg_lvs_sim_addr_port(&e->addr, e->port, name, sizeof(name)));
			return -1;
		}
		memset(&ev, 0, sizeof(ev));
		ev.kind = EV_RS_MODE;
		ev.at = e->at;
		ev.server = (uint16_t)srv;
		ev.mode = e->value;
		ev.period_ns = e->period_ns;
		vg_lvs_sim_ev_push(w, &ev);
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

static int weight_in_table(const struct vg_lvs_sim_svc *sv, uint16_t id)
{
	int idx = vg_lvs_sched_find(&sv->ipvs[0].sched, id);

	return idx < 0 ? -1 : sv->ipvs[0].sched.d[idx].weight;
}

bool vg_lvs_sim_expect(struct vg_lvs_sim *w, const struct vg_scn_expect *x, char *what, size_t what_len,
		       char *note, size_t note_len)
{
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
		snprintf(what, what_len, "lvs-edits %s %s %d since %.3fs", nn, vg_scn_op_name(x->op), x->value,
			 (double)x->since / 1e9);
		snprintf(note, note_len, "%llu IPVS edit(s)%s", (unsigned long long)n, any ? "" : "; the node is no director");
		return any && vg_scn_op_holds(x->op, n, (uint64_t)x->value);
	}
	if (x->kind == VG_SCN_EXPECT_CONNS) {
		int srv = vg_lvs_sim_server_find(w, &x->addr, x->port);
		uint64_t n = srv < 0 ? 0 : vg_lvs_sim_conns_between(w, srv, x->since, x->at);
		uint64_t v = (uint64_t)x->value;

		snprintf(what, what_len, "conns %s %s %d since %.3fs", vg_lvs_sim_addr_port(&x->addr, x->port, name, sizeof(name)),
			 vg_scn_op_name(x->op), x->value, (double)x->since / 1e9);
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

		snprintf(what, what_len, "realserver %s %s", vg_lvs_sim_addr_port(&x->addr, x->port, name, sizeof(name)), x->value ? "in" : "out");
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
			vg_lvs_sim_addr_port(&s->addr, s->port, name, sizeof(name)), (unsigned long long)s->conns,
			(unsigned long long)s->refused, (unsigned long long)s->probes);
	}
	if (w->effects_unhandled)
		fprintf(f, "  (internal: %llu effect records lost or of a kind the LVS world does not handle)\n",
			(unsigned long long)w->effects_unhandled);
	if (w->ev_lost || w->log_lost)
		fprintf(f, "  (overflow: %llu events and %llu log entries lost)\n", (unsigned long long)w->ev_lost,
			(unsigned long long)w->log_lost);
}
