/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's part of the SIGUSR1 state dump (keepalived's
 * /tmp/keepalived.data): counters, every instance with its state, master,
 * VIPs and drop reasons, the sync groups, and the script runner.
 */
#include "vrrp_driver.h"

#include <stdio.h>

static const char *fmt_addr(const struct vg_addr *a, char *buf)
{
	return vg_addr_format(a, buf, VG_ADDR_STRLEN);
}

void vgd_vrrp_dump(void *self, FILE *f)
{
	struct vgd_vrrp *vr = self;
	struct vgd_gen *g = vr->gen;
	char a[VG_ADDR_STRLEN];
	uint16_t i;
	int r;

	fprintf(f, "------< vigild VRRP state >------\n");
	fprintf(f, " Configuration file = %s\n", vr->o->conf);
	fprintf(f, " Packets received = %llu (not for an instance's interface %llu, dropped %llu), send errors %llu\n",
		(unsigned long long)vr->n.rx_packets, (unsigned long long)vr->n.rx_unmapped,
		(unsigned long long)vr->n.rx_dropped, (unsigned long long)vr->n.tx_errors);
	fprintf(f, " Packet reads = %llu (receive coalescing window %llu us)\n", (unsigned long long)vr->n.rx_reads,
		(unsigned long long)(g->rx_hold / 1000));
	fprintf(f, " Unknown VRID = %llu\n", (unsigned long long)g->node.router.rx_unknown_vrid);
	fprintf(f, " Effects not handled = %llu\n", (unsigned long long)vr->n.fx_unhandled);
	for (i = 0; i < g->node.plan.inst_count; i++) {
		const struct vg_vrrp_instance *in = &g->node.inst[i];
		const struct vg_vrrp_config *c = in->cfg;
		uint32_t k;

		fprintf(f, " VRRP Instance = %s\n", c->name);
		fprintf(f, "   State = %s\n", vg_vrrp_state_name(in->state));
		fprintf(f, "   Interface = %s\n", c->ifindex ? g->node.plan.ifaces[c->ifindex - 1] : "(none)");
		fprintf(f, "   Virtual Router ID = %u\n   Version = %u\n", c->vrid, c->version);
		fprintf(f, "   Base priority = %u\n   Effective priority = %u\n", c->priority, in->priority);
		fprintf(f, "   Advert interval = %u cs (master's %u cs)\n", c->adver_int_cs, in->master_adver_int_cs);
		if (in->state == VG_STATE_BACKUP)
			fprintf(f, "   Master = %s priority %u\n", fmt_addr(&in->master_addr, a), in->master_priority);
		fprintf(f, "   Source = %s\n", fmt_addr(&in->primary, a));
		if (g->node.plan.src[i]->debug) /* keepalived 2.2.7 shows it and does nothing else with it */
			fprintf(f, "   Debug level = %u\n", g->node.plan.src[i]->debug);
		fprintf(f, "   VIPs installed = %s\n", g->vips_on[i] ? "yes" : "no");
		for (k = 0; k < c->vip_count; k++)
			fprintf(f, "     %s\n", fmt_addr(&c->vips[k], a));
		fprintf(f, "   Adverts rx = %llu tx = %llu, became master %llu, released %llu\n",
			(unsigned long long)in->stats.rx_adverts, (unsigned long long)in->stats.tx_adverts,
			(unsigned long long)in->stats.became_master, (unsigned long long)in->stats.released_master);
		for (r = 0; r < VG_DROP__COUNT; r++)
			if (in->stats.drops[r])
				fprintf(f, "   Dropped (%s) = %llu\n", vg_vrrp_drop_name((enum vg_vrrp_drop)r),
					(unsigned long long)in->stats.drops[r]);
	}
	for (i = 0; i < g->node.plan.group_count; i++)
		fprintf(f, " VRRP Sync Group = %s, %s\n", g->node.plan.groups[i].name,
			vg_vrrp_state_name(g->node.plan.groups[i].state));
	if (vr->runner)
		vgl_runner_dump(vr->runner, f);
	vgd_procwatch_dump(vr->pw, f);
}
