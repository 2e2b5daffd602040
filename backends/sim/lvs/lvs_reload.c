// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: a director's reload in the simulator (see lvs_reload.h).
 */
#include "sim/lvs/lvs_reload.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvs/table_from_conf.h"

/* The table `conf` programs at start (the mapper's and keepalived -t findings are the parser's business). */
static int table_of(const struct vg_conf *conf, struct vg_lvs_table *t)
{
	struct vg_lvs_conf_map m;
	struct vg_diags dg;
	int rc;

	vg_diags_init(&dg);
	rc = vg_lvs_from_conf(conf, &m, &dg);
	if (rc == 0 || rc == VG_LVS_EINVAL) /* the services without errors */
		rc = vg_lvs_table_from_conf(&m, t, &dg);
	else
		memset(t, 0, sizeof(*t));
	vg_lvs_conf_map_free(&m);
	vg_diags_free(&dg);
	return t->sorted ? 0 : -1;
}

int vg_lvs_sim_reload_init(struct vg_lvs_sim_node *n)
{
	struct vg_diags dg;
	int rc;

	vg_diags_init(&dg);
	rc = vg_lvs_table_from_conf(&n->map, &n->start_table, &dg);
	vg_diags_free(&dg);
	if (!n->start_table.sorted)
		return -1;
	(void)rc;
	n->table = &n->start_table;
	n->reload_count = 0;
	return 0;
}

void vg_lvs_sim_reload_reset(struct vg_lvs_sim_node *n)
{
	if (n->table && n->table != &n->start_table)
		vg_lvs_table_free(&n->reloaded_table);
	n->table = &n->start_table;
	n->reload_count = 0;
}

void vg_lvs_sim_reload_free(struct vg_lvs_sim_node *n)
{
	vg_lvs_sim_reload_reset(n);
	vg_lvs_table_free(&n->start_table);
	n->table = NULL;
}

static void violate(struct vg_lvs_sim *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void violate(struct vg_lvs_sim *w, const char *fmt, ...)
{
	va_list ap;
	struct vg_lvs_sim_violation *v;

	if (w->violation_count++ >= VG_LVS_SIM_VIOLATIONS_MAX)
		return;
	v = &w->v[w->violation_count - 1];
	v->invariant = "lvs-reload-keeps";
	v->at = w->now;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
}

static const char *svc_text(const struct vg_lvs_tsvc *s, char *buf, size_t len)
{
	char a[VG_ADDR_STRLEN];

	if (s->key.fwmark)
		snprintf(buf, len, "fwmark %u", s->key.fwmark);
	else
		snprintf(buf, len, "%s %s:%u", s->key.protocol == 6 ? "TCP" : s->key.protocol == 17 ? "UDP" : "SCTP",
			 vg_addr_format(&s->key.addr, a, sizeof(a)), s->key.port);
	return buf;
}

/* Does `t` hold destination d (of table `from`) under the same service? */
static bool has_dest(const struct vg_lvs_table *t, const struct vg_lvs_table *from, const struct vg_lvs_tdest *d)
{
	int64_t s = vg_lvs_table_find(t, &from->svc[d->svc].key);

	if (s < 0)
		return false;
	for (uint32_t i = t->svc[s].dest_first; i < t->svc[s].dest_first + t->svc[s].dest_count; i++)
		if (vg_addr_eq(&t->dest[i].addr, &d->addr) && t->dest[i].port == d->port)
			return true;
	return false;
}

void vg_lvs_sim_reload(struct vg_lvs_sim *w, uint8_t ni, const struct vg_conf *conf)
{
	struct vg_lvs_sim_node *n = &w->nodes[ni];
	const char *name = w->sim ? w->sim->nodes[n->node].name : "?";
	struct vg_lvs_table want;
	struct vg_lvs_op *opv;
	struct vg_lvs_ops ops;
	size_t cap;
	char a[VG_ADDR_STRLEN], sv[96];

	if (!n->table || !conf)
		return;
	if (table_of(conf, &want)) {
		vg_lvs_table_free(&want);
		if (w->out)
			fprintf(w->out, "                %-8s LVS reload: the new file's table could not be built; the "
				"table stays\n", name);
		return;
	}
	cap = (size_t)n->table->svc_count + n->table->dest_count + want.svc_count + want.dest_count + 1;
	opv = calloc(cap, sizeof(*opv));
	if (!opv) {
		vg_lvs_table_free(&want);
		return;
	}
	vg_lvs_ops_init(&ops, opv, cap);
	/* vigild's reload: the old file's table is current and owned, no flush */
	vg_lvs_table_diff(n->table, &want, vg_lvs_table_owns, (void *)n->table, false, &ops);
	if (n->reload_count < VG_LVS_SIM_RELOADS_MAX) {
		n->reloads[n->reload_count].at = w->now;
		n->reloads[n->reload_count].edits = (uint32_t)ops.len;
		n->reload_count++;
	}
	if (w->out)
		fprintf(w->out, "%5llu.%06llus  %-8s LVS reload: %zu IPVS edit(s) (vigild's diff of the two files' tables)\n",
			(unsigned long long)(w->now / VG_S(1)), (unsigned long long)(w->now % VG_S(1) / VG_US(1)), name,
			ops.len);
	for (size_t i = 0; i < ops.len; i++) {
		const struct vg_lvs_op *op = &opv[i];
		bool del = op->kind == VG_LVS_OP_SVC_DEL || op->kind == VG_LVS_OP_DEST_DEL;
		const struct vg_lvs_table *t = del ? n->table : &want;

		svc_text(&t->svc[op->svc], sv, sizeof(sv));
		if (op->kind >= VG_LVS_OP_DEST_ADD)
			vg_addr_format(&t->dest[op->dest].addr, a, sizeof(a));
		if (w->out) {
			if (op->kind >= VG_LVS_OP_DEST_ADD)
				fprintf(w->out, "                %-8s   %s %s real server %s:%u weight %d\n", name,
					vg_lvs_op_name(op->kind), sv, a, t->dest[op->dest].port, t->dest[op->dest].weight);
			else
				fprintf(w->out, "                %-8s   %s %s\n", name, vg_lvs_op_name(op->kind), sv);
		}
		if (op->kind == VG_LVS_OP_SVC_DEL && vg_lvs_table_find(&want, &t->svc[op->svc].key) >= 0)
			violate(w, "%s: reload deletes the virtual service %s that the new file keeps", name, sv);
		if (op->kind == VG_LVS_OP_DEST_DEL && has_dest(&want, t, &t->dest[op->dest]))
			violate(w, "%s: reload deletes real server %s:%u of %s that the new file keeps", name, a,
				t->dest[op->dest].port, sv);
	}
	if (ops.lost)
		violate(w, "%s: reload diff lost %zu operation(s)", name, ops.lost);
	free(opv);
	if (n->table != &n->start_table)
		vg_lvs_table_free(&n->reloaded_table);
	n->reloaded_table = want;
	n->table = &n->reloaded_table;
}

uint64_t vg_lvs_sim_reload_edits(const struct vg_lvs_sim_node *n, vg_time since, vg_time at)
{
	uint64_t sum = 0;

	for (uint8_t i = 0; i < n->reload_count; i++)
		if (n->reloads[i].at > since && n->reloads[i].at <= at)
			sum += n->reloads[i].edits;
	return sum;
}
