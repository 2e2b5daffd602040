/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver's edit path for checker verdicts (vgd_lvs_service_state,
 * the checker driver's hook): one service's part of the desired table is
 * rebuilt from its checkers' state and only the difference goes to the kernel.
 */
#include "lvs_driver.h"
#include "lvs_driver_int.h"

#include <stdlib.h>

#include "log.h"
#include "loop.h"

/*
 * Mapped service `svc` of the running configuration is now in state `st`:
 * its part of the desired table is rebuilt from that state, diffed against
 * the part as last applied (no kernel dump), and the difference is sent in
 * one batch; the desired table keeps the new part.
 */
int vgd_lvs_service_state(void *self, uint32_t svc, const struct vg_lvs_service *st)
{
	struct vgd_lvs *l = self;
	struct lvs_gen *g;
	const struct vg_lvs_conf_service *cs;
	struct vg_lvs_table part = { 0 }, old = { 0 };
	struct vg_lvs_op *opv = NULL;
	struct vg_lvs_ops ops;
	struct vgl_ipvs_batch *b = NULL;
	struct vgl_ipvs_io io = { 0 };
	char err[256];
	size_t cap;
	bool was_in_sync;
	vg_time t0;
	int rc = -1;

	if (!l || !l->started)
		return -1;
	g = l->gen;
	if (svc >= g->map->count)
		return -1;
	cs = &g->map->svc[svc];
	if (vg_lvs_table_init(&part, cs->key_count, (uint32_t)cs->key_count * (cs->cfg.rs_count + 1u)) ||
	    vg_lvs_table_init(&old, cs->key_count, (uint32_t)cs->key_count * (cs->cfg.rs_count + 1u)))
		goto out;
	if (vg_lvs_table_put_service(&part, g->map, cs, st) || vg_lvs_table_sort(&part) < 0)
		goto out;
	/* the part as applied: the desired table's entries for the same keys */
	for (uint32_t i = 0; i < part.svc_count; i++) {
		int64_t w = vg_lvs_table_find(&g->want, &part.svc[i].key);
		int idx;

		if (w < 0)
			continue;
		idx = vg_lvs_table_add_service(&old, &g->want.svc[w]);
		if (idx < 0)
			goto out;
		for (uint32_t d = g->want.svc[w].dest_first; d < g->want.svc[w].dest_first + g->want.svc[w].dest_count; d++) {
			struct vg_lvs_tdest td = g->want.dest[d];

			td.svc = (uint32_t)idx;
			if (vg_lvs_table_add_dest(&old, &td))
				goto out;
		}
	}
	if (vg_lvs_table_sort(&old) < 0)
		goto out;
	cap = (size_t)old.svc_count + old.dest_count + part.svc_count + part.dest_count + 1;
	opv = calloc(cap, sizeof(*opv));
	if (!opv)
		goto out;
	vg_lvs_ops_init(&ops, opv, cap);
	if (vg_lvs_table_diff(&old, &part, NULL, NULL, false, &ops) < 0 || ops.lost)
		goto out;
	if (vgd_lvs_table_replace(&g->want, &part))
		goto out;
	if (!ops.len) {
		rc = 0;
		goto out;
	}
	/* the desired table moved: it is the kernel's again only once every edit is acked */
	was_in_sync = l->in_sync;
	l->in_sync = false;
	if (!l->sock)
		goto out; /* no IPVS: not applied (the checker driver logs it once) */
	b = vgl_ipvs_batch_new(ops.len);
	if (!b || vgd_lvs_queue_ops(b, &old, &part, &ops, g->map, g->map) < 0)
		goto out;
	t0 = vgl_clock_now();
	if (vgl_ipvs_run(l->sock, b, &io, err, sizeof(err)))
		vgd_log(LOG_ERR, "IPVS checker verdict: %s", err);
	chk_lat_add(&l->verdict_rt, vgl_clock_now() - t0);
	l->n.messages += io.messages;
	l->n.round_trips += io.round_trips;
	l->n.verdict_edits += io.messages;
	{
		size_t nf = 0;
		const struct vgl_ipvs_failure *f = vgl_ipvs_batch_failures(b, &nf);
		char line[512];

		for (size_t i = 0; i < nf; i++)
			vgd_log(LOG_ERR, "%s", vgl_ipvs_batch_format(b, &f[i], line, sizeof(line)));
		nf = vgl_ipvs_batch_failed(b);
		l->n.failures += nf;
		rc = nf ? -1 : (int)io.messages;
		l->in_sync = was_in_sync && nf == 0 && io.messages == ops.len;
	}
out:
	vgl_ipvs_batch_free(b);
	free(opv);
	vg_lvs_table_free(&part);
	vg_lvs_table_free(&old);
	return rc;
}
