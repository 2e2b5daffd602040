// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: LVS invariants (rules in lvs_check.h). They only read the world.
 */
#include "sim/lvs/lvs_check.h"

#include <stdarg.h>
#include <stdio.h>

static void violate(struct vg_lvs_sim *w, const char *inv, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void violate(struct vg_lvs_sim *w, const char *inv, const char *fmt, ...)
{
	va_list ap;
	struct vg_lvs_sim_violation *v;

	if (w->violation_count++ >= VG_LVS_SIM_VIOLATIONS_MAX)
		return;
	v = &w->v[w->violation_count - 1];
	v->invariant = inv;
	v->at = w->now;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
}

static const char *nname(const struct vg_lvs_sim *w, const struct vg_lvs_sim_node *n)
{
	return w->sim ? w->sim->nodes[n->node].name : "?";
}

void vg_lvs_check_conn(struct vg_lvs_sim *w, const struct vg_lvs_sim_node *n, const struct vg_lvs_sim_svc *svc,
		       uint8_t k, int idx, bool from_template)
{
	const struct vg_lvs_sched *s = &svc->ipvs[k].sched;
	const struct vg_lvs_dest *d;
	char ip[VG_ADDR_STRLEN];
	bool sorry, alive, set;

	if (w->check_disabled)
		return;
	if (idx < 0 || idx >= s->count) {
		violate(w, "lvs-conn-to-out", "%s: the scheduler returned index %d of a %u-entry table", nname(w, n), idx,
			s->count);
		return;
	}
	d = &s->d[idx];
	sorry = d->id == VG_LVS_RS_SORRY;
	vg_addr_format(&d->addr, ip, sizeof(ip));
	if (!sorry && d->id >= svc->cs->cfg.rs_count) {
		violate(w, "lvs-conn-to-out", "%s: connection to unknown destination id %u", nname(w, n), d->id);
		return;
	}
	alive = sorry ? svc->svc->sorry.alive : svc->svc->rs[d->id].alive;
	set = sorry ? svc->svc->sorry.set : svc->svc->rs[d->id].set;
	if (!set) {
		violate(w, "lvs-conn-to-out", "%s: new connection to %s:%u, which the service never put in the table",
			nname(w, n), ip, d->port);
		return;
	}
	if (from_template)
		return; /* the kernel keeps a template while its server is in the table, even at weight 0 */
	if (d->weight <= 0)
		violate(w, "lvs-conn-to-out", "%s: new connection to %s:%u with weight 0 (quiesced)", nname(w, n), ip, d->port);
	else if (!alive)
		violate(w, "lvs-conn-to-out", "%s: new connection to %s:%u, which the checkers have taken out%s", nname(w, n), ip,
			d->port, sorry ? " (sorry server while quorum holds)" : "");
}

static int32_t table_weight(const struct vg_lvs_sim_svc *sv, uint16_t id)
{
	int idx = vg_lvs_sched_find(&sv->ipvs[0].sched, id);

	return idx < 0 ? -1 : sv->ipvs[0].sched.d[idx].weight;
}

void vg_lvs_check_state(struct vg_lvs_sim *w)
{
	if (w->check_disabled)
		return;
	for (uint8_t ni = 0; ni < w->node_count; ni++) {
		const struct vg_lvs_sim_node *n = &w->nodes[ni];

		for (uint16_t j = 0; n->running && j < n->svc_count; j++) {
			const struct vg_lvs_sim_svc *sv = &n->svc[j];
			const struct vg_lvs_service_config *c = &sv->cs->cfg;
			int64_t live = vg_lvs_service_live_weight(sv->svc);
			int64_t lo = (int64_t)c->quorum - (int64_t)c->hysteresis, hi = (int64_t)c->quorum + (int64_t)c->hysteresis;

			if (!sv->svc->started)
				continue;
			if (sv->svc->quorum_up && (live == 0 || live < lo))
				violate(w, "lvs-quorum-sorry", "%s: quorum held with live weight %lld (quorum %u - hysteresis %u)",
					nname(w, n), (long long)live, c->quorum, c->hysteresis);
			if (!sv->svc->quorum_up && live >= hi && live > 0)
				violate(w, "lvs-quorum-sorry", "%s: quorum lost with live weight %lld (quorum %u + hysteresis %u)",
					nname(w, n), (long long)live, c->quorum, c->hysteresis);
			if (!c->has_sorry)
				continue;
			if (!sv->svc->quorum_up) {
				if (table_weight(sv, VG_LVS_RS_SORRY) <= 0)
					violate(w, "lvs-quorum-sorry", "%s: quorum lost and the sorry server is not serving",
						nname(w, n));
				for (uint16_t r = 0; r < c->rs_count; r++)
					if (table_weight(sv, r) > 0)
						violate(w, "lvs-quorum-sorry",
							"%s: quorum lost but real server %u still serves beside the sorry server",
							nname(w, n), r);
			} else if (table_weight(sv, VG_LVS_RS_SORRY) > 0) {
				violate(w, "lvs-quorum-sorry", "%s: quorum holds and the sorry server still serves", nname(w, n));
			}
		}
	}
}
