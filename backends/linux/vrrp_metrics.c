/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's families on the metrics endpoint (metrics/metrics.h).
 *
 * Per instance (labels vrrp_instance, interface, vrid, family: not
 * "instance", which Prometheus gives every target): the state as one
 * 0/1 gauge per state, effective and base priority, transitions by reason,
 * adverts sent and received, drops by reason (core/vrrp/drop.h), the
 * Master_Down_Timer's expiries; per sync group its state; the driver's
 * receive and send counters. Everything is read from the running
 * generation; counters of an instance a reload carried over go on, those of
 * a new or changed instance start at 0 (Prometheus sees a counter reset).
 */
#include "vrrp_driver.h"

#include <stdio.h>
#include <string.h>

#include "metrics/expo.h"

#define NLABELS 4

struct inst_labels {
	char vrid[4];
	struct vgd_label l[NLABELS];
};

static void inst_labels(const struct vgd_gen *g, uint16_t i, struct inst_labels *x)
{
	const struct vg_vrrp_config *c = g->node.inst[i].cfg;

	snprintf(x->vrid, sizeof(x->vrid), "%u", c->vrid);
	x->l[0] = (struct vgd_label){ "vrrp_instance", c->name };
	x->l[1] = (struct vgd_label){ "interface", c->ifindex ? g->node.plan.ifaces[c->ifindex - 1] : "" };
	x->l[2] = (struct vgd_label){ "vrid", x->vrid };
	x->l[3] = (struct vgd_label){ "family", c->family == VG_AF_INET6 ? "ipv6" : "ipv4" };
}

static const char *state_label(int s)
{
	static const char *const names[VG_STATE__COUNT] = { "init", "backup", "master", "fault" };

	return names[s];
}

/* A counter or gauge of every instance: the value read by get. */
static void per_instance(struct vgd_expo *w, const struct vgd_gen *g, const char *name, enum vgd_expo_type type,
			 const char *help, uint64_t (*get)(const struct vg_vrrp_instance *in))
{
	struct inst_labels x;
	uint16_t i;

	vgd_expo_family(w, name, type, help);
	for (i = 0; i < g->node.plan.inst_count; i++) {
		inst_labels(g, i, &x);
		vgd_expo_u64(w, x.l, NLABELS, get(&g->node.inst[i]));
	}
}

static uint64_t get_prio(const struct vg_vrrp_instance *in) { return in->priority; }
static uint64_t get_base(const struct vg_vrrp_instance *in) { return in->cfg->priority; }
static uint64_t get_tx(const struct vg_vrrp_instance *in) { return in->stats.tx_adverts; }
static uint64_t get_rx(const struct vg_vrrp_instance *in) { return in->stats.rx_adverts; }
static uint64_t get_tx0(const struct vg_vrrp_instance *in) { return in->stats.tx_prio0; }
static uint64_t get_rx0(const struct vg_vrrp_instance *in) { return in->stats.rx_prio0; }
static uint64_t get_mdt(const struct vg_vrrp_instance *in) { return in->stats.master_down_fired; }

static void driver_counter(struct vgd_expo *w, const char *name, const char *help, uint64_t v)
{
	vgd_expo_family(w, name, VGD_EXPO_COUNTER, help);
	vgd_expo_u64(w, NULL, 0, v);
}

void vgd_vrrp_metrics(void *self, struct vgd_expo *w)
{
	struct vgd_vrrp *vr = self;
	const struct vgd_gen *g = vr->gen;
	struct inst_labels x;
	uint16_t i;
	int k;

	vgd_expo_family(w, "vigil_vrrp_state", VGD_EXPO_GAUGE,
			"VRRP instance state: 1 for the state the instance is in (init, backup, master, fault), else 0.");
	for (i = 0; i < g->node.plan.inst_count; i++) {
		inst_labels(g, i, &x);
		for (k = 0; k < VG_STATE__COUNT; k++) {
			struct vgd_label l[NLABELS + 1];

			memcpy(l, x.l, sizeof(x.l));
			l[NLABELS] = (struct vgd_label){ "state", state_label(k) };
			vgd_expo_u64(w, l, NLABELS + 1, (int)g->node.inst[i].state == k);
		}
	}
	per_instance(w, g, "vigil_vrrp_priority", VGD_EXPO_GAUGE,
		     "Effective priority: the base priority with the tracked objects' weights (RFC 5798 Priority).",
		     get_prio);
	per_instance(w, g, "vigil_vrrp_base_priority", VGD_EXPO_GAUGE, "Configured priority.", get_base);
	vgd_expo_family(w, "vigil_vrrp_transitions_total", VGD_EXPO_COUNTER, "State transitions by reason.");
	for (i = 0; i < g->node.plan.inst_count; i++) {
		inst_labels(g, i, &x);
		for (k = 0; k < VG_WHY__COUNT; k++) {
			struct vgd_label l[NLABELS + 1];

			memcpy(l, x.l, sizeof(x.l));
			l[NLABELS] = (struct vgd_label){ "reason", vg_vrrp_why_name((enum vg_vrrp_why)k) };
			vgd_expo_u64(w, l, NLABELS + 1, g->node.inst[i].stats.transitions[k]);
		}
	}
	per_instance(w, g, "vigil_vrrp_adverts_sent_total", VGD_EXPO_COUNTER,
		     "Advertisements sent (one per destination).", get_tx);
	per_instance(w, g, "vigil_vrrp_adverts_received_total", VGD_EXPO_COUNTER,
		     "Advertisements received that passed validation.", get_rx);
	per_instance(w, g, "vigil_vrrp_priority_zero_adverts_sent_total", VGD_EXPO_COUNTER,
		     "Priority 0 advertisements sent (a Master leaving: shutdown, fault).", get_tx0);
	per_instance(w, g, "vigil_vrrp_priority_zero_adverts_received_total", VGD_EXPO_COUNTER,
		     "Priority 0 advertisements received (the Master left).", get_rx0);
	vgd_expo_family(w, "vigil_vrrp_drops_total", VGD_EXPO_COUNTER,
			"Received advertisements dropped, by reason (RFC 5798 7.1 receive checks and the state machine).");
	for (i = 0; i < g->node.plan.inst_count; i++) {
		inst_labels(g, i, &x);
		for (k = VG_DROP_NONE + 1; k < VG_DROP__COUNT; k++) {
			struct vgd_label l[NLABELS + 1];

			memcpy(l, x.l, sizeof(x.l));
			l[NLABELS] = (struct vgd_label){ "reason", vg_vrrp_drop_name((enum vg_vrrp_drop)k) };
			vgd_expo_u64(w, l, NLABELS + 1, g->node.inst[i].stats.drops[k]);
		}
	}
	per_instance(w, g, "vigil_vrrp_master_down_timer_fires_total", VGD_EXPO_COUNTER,
		     "Master_Down_Timer expiries in Backup (RFC 5798 6.4.2): the Master went silent.", get_mdt);
	vgd_expo_family(w, "vigil_vrrp_sync_group_state", VGD_EXPO_GAUGE,
			"VRRP sync group state: 1 for the group's state, else 0.");
	for (i = 0; i < g->node.plan.group_count; i++)
		for (k = 0; k < VG_STATE__COUNT; k++) {
			const struct vgd_label l[] = { { "sync_group", g->node.plan.groups[i].name },
						       { "state", state_label(k) } };

			vgd_expo_u64(w, l, 2, (int)g->node.plan.groups[i].state == k);
		}
	driver_counter(w, "vigil_vrrp_packets_received_total", "VRRP datagrams read from the raw sockets.",
		       vr->n.rx_packets);
	driver_counter(w, "vigil_vrrp_packets_unmapped_total",
		       "VRRP datagrams on an interface no instance runs on.", vr->n.rx_unmapped);
	driver_counter(w, "vigil_vrrp_packets_dropped_total",
		       "VRRP datagrams without a usable IP header or refused before reaching an instance.",
		       vr->n.rx_dropped);
	driver_counter(w, "vigil_vrrp_unknown_vrid_total", "VRRP datagrams for a VRID no instance has.",
		       g->node.router.rx_unknown_vrid);
	driver_counter(w, "vigil_vrrp_send_errors_total",
		       "Advertisements and gratuitous ARPs / NAs the kernel refused to send.", vr->n.tx_errors);
}
