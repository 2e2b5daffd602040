/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's reload (see vrrp_driver.h and reload.c).
 *
 * The decisions are the core's (core/node/reload.h): which instances and
 * sync groups carry over, which stop (with notify_deleted's DELETED or
 * FAULT for an instance gone from the file), which start. Prepare builds
 * the new generation through the core's node builder and takes the diff;
 * commit carries out the stops against the old generation, moves the
 * driver's own per-instance bookkeeping (VIPs held, vmacs, queued
 * gratuitous ARPs, joined groups) along the diff's map, lets the core move
 * the instances, and starts what is new.
 */
#include "vrrp_driver.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

int vgd_vrrp_reload_prepare(void *self, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_vrrp *vr = self;
	struct vgd_vrrp_next *nx = &vr->next;

	assert(!nx->gen);
	nx->gen = vgd_gen_new(conf, dg);
	if (!nx->gen)
		return -1;
	if (vg_reload_diff(&vr->gen->node, vr->gen->started, &nx->gen->node, &nx->diff) ||
	    vgd_vrrp_abuf_fit(vr, nx->gen)) {
		vgd_log(LOG_ERR, "reload failed: out of memory");
		vgd_vrrp_reload_abort(vr);
		return -1;
	}
	return 0;
}

void vgd_vrrp_reload_abort(void *self)
{
	struct vgd_vrrp *vr = self;

	vgd_gen_free(vr->next.gen);
	vg_reload_free(&vr->next.diff);
	memset(&vr->next, 0, sizeof(vr->next));
}

/*
 * fifo_write_vrrp_states_on_reload: after a reload (d: its diff; NULL: the
 * files were unchanged, all carried), what kept its state goes to the notify
 * FIFOs as keepalived writes it (core/node/reload.h vg_reload_fifo_lines).
 */
void vgd_vrrp_fifo_states(struct vgd_vrrp *vr, const struct vg_reload *d)
{
	struct vgd_gen *g = vr->gen;
	uint32_t nl;
	struct vg_reload_fifo_line *lines;

	if (!vr->runner || !g || !vg_conf_extra_find(g->node.conf->global.extra, "fifo_write_vrrp_states_on_reload"))
		return;
	nl = vg_reload_fifo_lines(d, &g->node, NULL, 0);
	lines = nl ? calloc(nl, sizeof(*lines)) : NULL;
	if (nl && !lines) {
		vgd_log(LOG_ERR, "fifo_write_vrrp_states_on_reload: out of memory, no line written");
		return;
	}
	if (lines)
		vg_reload_fifo_lines(d, &g->node, lines, nl);
	for (uint32_t x = 0; lines && x < nl; x++)
		vgl_runner_fifo_line(vr->runner, lines[x].group,
				     lines[x].group ? g->node.plan.groups[lines[x].index].name
						    : g->node.plan.src[lines[x].index]->name,
				     lines[x].what, lines[x].priority);
	free(lines);
}

void vgd_vrrp_reload_commit(void *self, vg_time now)
{
	struct vgd_vrrp *vr = self;
	struct vgd_gen *og = vr->gen, *ng = vr->next.gen;
	const struct vg_reload *d = &vr->next.diff;
	struct vg_actions acts;
	uint16_t i, k;
	size_t v;

	if (vr->rec) { /* the recording switches generation here, before the stops */
		vg_time t = vgd_vrrp_core_time(vr, now);

		vgd_recorder_reload(vr->rec, t, vgd_recorder_conf(vr->rec, ng->node.conf, t));
	}
	/* stop what goes away or changes, in the old generation */
	for (i = 0; i < og->node.plan.inst_count; i++) {
		vg_time t = vgd_vrrp_core_time(vr, now);

		vg_actions_init(&acts, vr->abuf, vr->acap);
		if (!vg_reload_stop(d, &og->node, i, t, &acts))
			continue;
		vgd_vrrp_exec(vr, og, &acts, t);
		if (og->vips_on[i])
			vgd_vrrp_vips(vr, og, i, false, og->node.plan.cfg[i].accept);
	}
	/* static_ipaddress / static_routes / static_rules: the difference */
	vgd_vrrp_static_reload(vr, og, ng);
	/* the driver's bookkeeping of the carried instances follows them: VIPs held, vmacs */
	for (i = 0; i < ng->node.plan.inst_count; i++) {
		int32_t j = d->from[i];

		if (j < 0)
			continue;
		ng->vips_on[i] = og->vips_on[j];
		ng->last[i] = og->last[j];
		ng->vmac_kidx[i] = og->vmac_kidx[j];
		og->vmac_kidx[j] = 0;
	}
	/* state, timers and stats move over, untouched */
	vg_reload_carry(d, &og->node, &ng->node);
	for (i = 0; i < og->node.plan.inst_count; i++)
		if (og->vmac_kidx[i])
			vgl_nl_link_delete(vr->nl, og->vmac_kidx[i]);
	/* the VIPs' vmacs: one of the same name in the new configuration is made again, so kept */
	for (v = 0; v < og->vmac_count; v++) {
		size_t w;

		for (w = 0; w < ng->vmac_count && strcmp(ng->vmacs[w].name, og->vmacs[v].name); w++)
			;
		if (og->vmacs_kidx[v] && w == ng->vmac_count)
			vgl_nl_link_delete(vr->nl, og->vmacs_kidx[v]);
	}
	vr->gen = ng;
	vgd_unknown_vrids_conf(&vr->unknown, ng->node.conf);
	vgd_vrrp_resolve(vr, ng);
	/* the queued gratuitous ARPs / NAs of the instances kept go on; the others' are dropped */
	if (vr->garpq) {
		vg_garp_carry(vr->garpq, ng->node.conf, &ng->garp, d->to, og->node.plan.inst_count);
		vgd_vrrp_garp_run(vr, now); /* what lost its interval goes now */
	}
	/* keep the joined-group bookkeeping: the socket memberships survive */
	for (i = 0; i < ng->node.plan.iface_count; i++)
		for (k = 0; k < og->node.plan.iface_count; k++)
			if (ng->ifs[i].kidx && ng->ifs[i].kidx == og->ifs[k].kidx) {
				ng->ifs[i].joined4 = og->ifs[k].joined4;
				ng->ifs[i].joined6 = og->ifs[k].joined6;
			}
	vgd_vrrp_sockets_update(vr, ng);
	/* the old runner's notify scripts (notify_stop, notify_deleted) finish in the background */
	vgl_runner_free(vr->retired);
	vr->retired = vr->runner;
	vgl_runner_retire(vr->retired);
	vgd_vrrp_runner_start(vr, now);
	vgd_vrrp_fifo_states(vr, d);
	vgd_vrrp_procwatch_start(vr, now);
	vgd_vrrp_untrack_disabled(vr, ng, now);
	vgd_vrrp_start_instances(vr, ng, now);
	vgd_log(LOG_INFO, "Reload done: %u instance(s) kept running, %u stopped, %u started", d->carried,
		d->stopped, d->started);
	vgd_gen_free(og);
	vr->next.gen = NULL;
	vgd_vrrp_reload_abort(vr); /* frees the diff */
}
