// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: setting up the simulator's LVS world: the world itself, its simulated
 * real servers, and a director node with its services (each bound to the VRRP
 * instance that covers its VIP).
 */
#include "sim/lvs/lvs_sim_int.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "sim/lvs/lvs_reload.h"

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

void vg_lvs_sim_ipvs_reset(struct vg_lvs_sim_svc *sv)
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
			vg_lvs_sim_ipvs_reset(&n->svc[j]);
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
int16_t vg_lvs_sim_covering_instance(const struct vg_sim *s, uint8_t node, const struct vg_lvs_conf_map *m,
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
		sv->inst = vg_lvs_sim_covering_instance(s, node, &n->map, cs, &sv->vip_addr);
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
