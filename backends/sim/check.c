// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the simulator's invariant checkers (see check.h).
 */
#include "sim/check.h"

#include <stdio.h>
#include <string.h>

static void violation(struct vg_sim_check *c, const struct vg_sim *s, const char *inv, uint8_t a, uint8_t b,
		      uint16_t inst, const char *detail)
{
	struct vg_sim_violation *v;

	if (c->count++ >= VG_SIM_VIOLATIONS_MAX)
		return;
	v = &c->v[c->count - 1];
	v->invariant = inv;
	v->at = s->now;
	v->node_a = a;
	v->node_b = b;
	v->inst = inst;
	snprintf(v->detail, sizeof(v->detail), "%s", detail);
}

void vg_sim_check_init(struct vg_sim_check *c, const struct vg_sim *s)
{
	vg_time worst = 0;
	uint8_t k;
	uint16_t i;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < s->node_count; k++) {
		for (i = 0; i < s->nodes[k].inst_count; i++) {
			const struct vg_vrrp_config *cfg = &s->nodes[k].cfg[i];
			vg_time mdi = 4 * VG_CS(cfg->adver_int_cs) + (cfg->version == 2 ? VG_S(1) : 0);

			if (mdi > worst)
				worst = mdi;
			c->orphan_since[k][i] = VG_TIME_NEVER;
		}
	}
	c->settle_ns = worst + 2 * s->delay_ns;
	c->dirty = true;
}

/*
 * vip-only-on-master (the check whose report repeats at every step) and a signature of what the
 * other checks read of the world besides the time: per node process, firewall, partition and
 * configs, per instance state and VIPs. Effects, faults and reloads set dirty too; the
 * signature also catches a front-end (or a test) changing the world between steps. Segments
 * are set before a run (vg_harness_attach_segments) and carried by reloads.
 */
static uint64_t check_vips(struct vg_sim_check *c, const struct vg_sim *s)
{
	uint64_t h = 1469598103934665603ULL;
	char d[160];

	for (uint8_t k = 0; k < s->node_count; k++) {
		const struct vg_sim_node *n = &s->nodes[k];

		h = (h ^ (uint64_t)(n->running | n->drop_vrrp_in << 1 | n->drop_vrrp_out << 2 | n->partition << 3)) *
		    1099511628211ULL;
		h = (h ^ (uint64_t)(uintptr_t)n->cfg ^ (uint64_t)n->inst_count << 48) * 1099511628211ULL;
		for (uint16_t i = 0; i < n->inst_count; i++) {
			h = (h ^ (uint64_t)(n->inst[i].state << 1 | n->vips_held[i])) * 1099511628211ULL;
			if (n->vips_held[i] && (!n->running || n->inst[i].state != VG_STATE_MASTER)) {
				snprintf(d, sizeof(d), "%s holds the VIPs of %s in state %s", n->name, n->cfg[i].name,
					 vg_vrrp_state_name(n->inst[i].state));
				violation(c, s, "vip-only-on-master", k, k, i, d);
			}
		}
	}
	return h;
}

/* Are instance ia of node a and instance ib of node b on the same simulated segment? */
static bool same_segment(const struct vg_sim *s, uint8_t a, uint16_t ia, uint8_t b, uint16_t ib)
{
	uint32_t fa = s->nodes[a].cfg[ia].ifindex, fb = s->nodes[b].cfg[ib].ifindex;
	uint8_t sa = fa < VG_SIM_IFACES_MAX ? s->nodes[a].segment[fa] : 0;
	uint8_t sb = fb < VG_SIM_IFACES_MAX ? s->nodes[b].segment[fb] : 0;

	return sa == sb;
}

/* Are instance ia of node a and instance ib of node b the same virtual router (VRID, family, segment)? */
static bool same_router(const struct vg_sim *s, uint8_t a, uint16_t ia, uint8_t b, uint16_t ib)
{
	const struct vg_vrrp_config *x = &s->nodes[a].cfg[ia], *y = &s->nodes[b].cfg[ib];

	return x->vrid == y->vrid && x->family == y->family && same_segment(s, a, ia, b, ib);
}

/*
 * Do the adverts of node a's instance ia reach node b's instance ib now? The
 * same virtual router, the network lets them through, and keepalived's
 * unicast_peer: an instance with a peer list sends to those addresses only
 * (a list that leaves b out never reaches b).
 */
static bool reaches(const struct vg_sim *s, uint8_t a, uint16_t ia, uint8_t b, uint16_t ib)
{
	const struct vg_vrrp_config *x = &s->nodes[a].cfg[ia];
	uint8_t p;

	if (a == b || !same_router(s, a, ia, b, ib) || !vg_sim_hears(s, a, b))
		return false;
	if (x->peer_count == 0)
		return true; /* multicast: every node on the segment */
	for (p = 0; p < x->peer_count; p++)
		if (vg_addr_eq(&x->peers[p], &s->nodes[b].addr))
			return true;
	return false;
}

/* Do the adverts of a Master of the same virtual router reach k's instance i? */
static bool hears_master(const struct vg_sim *s, uint8_t k, uint16_t i)
{
	uint8_t j;
	uint16_t m;

	for (j = 0; j < s->node_count; j++)
		for (m = 0; m < s->nodes[j].inst_count; m++)
			if (s->nodes[j].running && s->nodes[j].inst[m].state == VG_STATE_MASTER && reaches(s, j, m, k, i))
				return true;
	return false;
}

/* takeover and single-master (vip-only-on-master: check_vips) */
static void check_step(struct vg_sim_check *c, const struct vg_sim *s)
{
	bool dual = false;
	vg_time mdi, due;
	uint8_t k, j;
	uint16_t i, m;
	char d[160];

	c->timing = false;
	for (k = 0; k < s->node_count; k++) {
		const struct vg_sim_node *n = &s->nodes[k];

		for (i = 0; i < n->inst_count; i++) {
			const struct vg_vrrp_instance *in = &n->inst[i];

			/* takeover: Master_Down_Interval as armed (the largest while orphaned:
			 * a priority change does not re-arm a running Master_Down_Timer) */
			if (!n->running || in->state != VG_STATE_BACKUP || n->cfg[i].sync_member ||
			    hears_master(s, k, i)) {
				c->orphan_since[k][i] = VG_TIME_NEVER;
				continue;
			}
			mdi = vg_vrrp_master_down_interval(in);
			c->timing = true; /* its Master_Down_Interval may change with any packet: look every step */
			if (c->orphan_since[k][i] == VG_TIME_NEVER) {
				c->orphan_since[k][i] = s->now;
				c->orphan_mdi[k][i] = mdi;
				continue;
			}
			if (mdi > c->orphan_mdi[k][i])
				c->orphan_mdi[k][i] = mdi;
			due = c->orphan_since[k][i] + c->orphan_mdi[k][i] + s->delay_ns + VG_US(1);
			if (s->now > due) {
				snprintf(d, sizeof(d), "%s %s heard no Master for %.6f s and is still Backup", n->name,
					 n->cfg[i].name, (double)(s->now - c->orphan_since[k][i]) / 1e9);
				violation(c, s, "takeover", k, k, i, d);
				if (c->count <= VG_SIM_VIOLATIONS_MAX)
					c->v[c->count - 1].at = due; /* when it should have happened */
				c->orphan_since[k][i] = VG_TIME_NEVER;
			}
		}
	}

	/* single-master, once converged */
	c->settled = s->now - c->last_change >= c->settle_ns;
	if (!c->settled)
		return;
	for (k = 0; k < s->node_count; k++) {
		for (i = 0; i < s->nodes[k].inst_count; i++) {
			if (!s->nodes[k].running || s->nodes[k].inst[i].state != VG_STATE_MASTER)
				continue;
			for (j = (uint8_t)(k + 1); j < s->node_count; j++) {
				for (m = 0; m < s->nodes[j].inst_count; m++) {
					/* both ways: a Master whose adverts do not reach the other has no
					   way to make it Backup (RFC 5798 6.4.2) */
					if (!s->nodes[j].running || s->nodes[j].inst[m].state != VG_STATE_MASTER ||
					    !reaches(s, k, i, j, m) || !reaches(s, j, m, k, i))
						continue;
					dual = true;
					if (!c->reported_dual) {
						snprintf(d, sizeof(d), "%s and %s are both Master of VRID %u and hear each other",
							 s->nodes[k].name, s->nodes[j].name, s->nodes[k].cfg[i].vrid);
						violation(c, s, "single-master", k, j, i, d);
					}
				}
			}
		}
	}
	c->reported_dual = dual;
}

/*
 * An advert lost on its way to node k (link loss, firewall, partition) is a
 * fault for k's instances of its virtual router: three in a row and a
 * correct Backup takes over (RFC 5798 6.4.2), to be preempted back by the
 * next advert that gets through. Unknown advert: every instance of k.
 */
static void advert_lost(struct vg_sim_check *c, const struct vg_sim *s, uint8_t k)
{
	uint16_t m;

	if (k >= s->node_count)
		return;
	for (m = 0; m < s->nodes[k].inst_count && m < VG_SIM_INST_MAX; m++)
		if (!c->adv_known || c->adv_node >= s->node_count ||
		    c->adv_inst >= s->nodes[c->adv_node].inst_count ||
		    same_router(s, c->adv_node, c->adv_inst, k, m))
			c->quiet_transitions[k][m] = 0;
}

void vg_sim_check_observe(struct vg_sim_check *c, const struct vg_sim *s, const struct vg_sim_obs *o)
{
	char d[160];

	switch (o->note) {
	case VG_SIM_NOTE_FAULT:
		c->dirty = true;
		c->last_change = s->now;
		memset(c->quiet_transitions, 0, sizeof(c->quiet_transitions));
		break;
	case VG_SIM_NOTE_DROP:
		if (o->lost)
			advert_lost(c, s, o->node);
		break;
	case VG_SIM_NOTE_ACTION:
		if (o->action->kind == VG_ACT_SEND_ADVERT) {
			c->adv_known = true;
			c->adv_node = o->node;
			c->adv_inst = o->action->instance;
		} else {
			c->dirty = true;
		}
		if (o->action->kind == VG_ACT_STATE && !o->action->group) {
			uint16_t i = o->action->instance;

			c->last_change = s->now;
			if (i < VG_SIM_INST_MAX && ++c->quiet_transitions[o->node][i] == 4) {
				snprintf(d, sizeof(d), "%s %s changed state 4 times with no fault in between",
					 s->nodes[o->node].name, s->nodes[o->node].cfg[i].name);
				violation(c, s, "no-flap", o->node, o->node, i, d);
			}
		}
		break;
	case VG_SIM_NOTE_RELOADED:
		/* a reload restarts the node's changed instances (Shutdown, then Startup: two state
		   changes and a new Master_Down_Timer): like a fault, counted from when it is done */
		c->dirty = true;
		c->last_change = s->now;
		memset(c->quiet_transitions, 0, sizeof(c->quiet_transitions));
		for (uint16_t i = 0; i < VG_SIM_INST_MAX; i++)
			c->orphan_since[o->node][i] = VG_TIME_NEVER;
		break;
	case VG_SIM_NOTE_STEP: {
		uint64_t sig = check_vips(c, s);

		/* the same world as at the last full check, and no timer of it running out */
		if (c->dirty || c->timing || !c->settled || sig != c->world_sig)
			check_step(c, s);
		c->dirty = false;
		c->world_sig = sig;
		c->adv_known = false;
		break;
	}
	default:
		break;
	}
}
