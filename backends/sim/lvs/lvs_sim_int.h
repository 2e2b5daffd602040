/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what the files of the simulator's LVS world share (not a public API).
 *
 * lvs_sim.c holds the event slots, the effects of a node unit, the node
 * life cycle and the loop; lvs_setup.c builds the world and its directors;
 * lvs_traffic.c runs client connections and real servers' probe answers;
 * lvs_scenario.c schedules scenario events and checks expectations.
 */
#ifndef VG_SIM_LVS_SIM_INT_H
#define VG_SIM_LVS_SIM_INT_H

#include <stdio.h>

#include "sim/lvs/lvs_sim.h"

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

static inline uint64_t rnd(struct vg_lvs_sim *w)
{
	return vg_sim_splitmix(&w->rng);
}

static inline const char *node_name(const struct vg_lvs_sim *w, const struct vg_lvs_sim_node *n)
{
	return w->sim ? w->sim->nodes[n->node].name : "?";
}

/* A real server's mode at `now` (a flapping one alternates down and up every period). */
static inline uint8_t mode_at(const struct vg_lvs_sim_server *srv, vg_time now)
{
	if (srv->mode != VG_SCN_RS_FLAP)
		return srv->mode;
	return ((now - srv->mode_since) / srv->period_ns) % 2 == 0 ? VG_SCN_RS_DOWN : VG_SCN_RS_UP;
}

/* ---- lvs_sim.c: events, effects, node life cycle, the loop ---- */

void vg_lvs_sim_print_time(FILE *f, vg_time t);
const char *vg_lvs_sim_addr_port(const struct vg_addr *a, uint16_t port, char *buf, size_t len);
void vg_lvs_sim_ev_push(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *e);
void vg_lvs_sim_apply(struct vg_lvs_sim *w, uint8_t ni, const struct vg_actions *out);
void vg_lvs_sim_effects_init(struct vg_lvs_sim *w, struct vg_actions *out);

/* ---- lvs_setup.c: the world and its nodes ---- */

void vg_lvs_sim_ipvs_reset(struct vg_lvs_sim_svc *sv);
int16_t vg_lvs_sim_covering_instance(const struct vg_sim *s, uint8_t node, const struct vg_lvs_conf_map *m,
				     const struct vg_lvs_conf_service *cs, struct vg_addr *addr);

/* ---- lvs_traffic.c: connections and probe answers ---- */

void vg_lvs_sim_conn_close(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *ev);
void vg_lvs_sim_probe_reply(struct vg_lvs_sim *w, const struct vg_lvs_sim_ev *ev);

#endif
