/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what the LVS driver reports: the SIGUSR1 state dump (its counters),
 * the Prometheus metrics (the configured table and the kernel's counters) and
 * the `vigil status` rows of virtual and real servers.
 */
#include "lvs_driver.h"
#include "lvs_driver_int.h"

#include <linux/ip_vs.h>

#include "metrics/metrics.h"
#include "status.h"

/* ---- the state dump ------------------------------------------------------------ */

void vgd_lvs_dump(void *self, FILE *f)
{
	struct vgd_lvs *l = self;

	fprintf(f, "------< LVS >------\n");
	fprintf(f, " IPVS = %s\n", l->sock ? "open" : "unavailable");
	fprintf(f, " Virtual services configured = %u, real servers = %u\n", l->gen->want.svc_count,
		l->gen->want.dest_count);
	fprintf(f, " Applies = %llu\n", (unsigned long long)l->n.applies);
	fprintf(f, " IPVS messages = %llu\n", (unsigned long long)l->n.messages);
	fprintf(f, " IPVS round trips = %llu\n", (unsigned long long)l->n.round_trips);
	fprintf(f, " IPVS refused = %llu\n", (unsigned long long)l->n.failures);
	fprintf(f, " IPVS last apply messages = %llu\n", (unsigned long long)l->n.last_messages);
	fprintf(f, " IPVS last apply round trips = %llu\n", (unsigned long long)l->n.last_round_trips);
	fprintf(f, " IPVS dump round trips = %llu\n", (unsigned long long)l->n.dump_round_trips);
	fprintf(f, " IPVS dumps = %llu\n", (unsigned long long)l->n.dumps);
	fprintf(f, " IPVS last apply time us = %llu\n", (unsigned long long)l->n.last_apply_us);
	fprintf(f, " ha_suspend VIP changes = %llu\n", (unsigned long long)l->n.vip_events);
	fprintf(f, " IPVS messages for checker verdicts = %llu\n", (unsigned long long)l->n.verdict_edits);
	fprintf(f, " IPVS round trip for checker verdicts = %llu batches, p50 %llu us, p99 %llu us, max %llu us\n",
		(unsigned long long)l->verdict_rt.n, (unsigned long long)(chk_lat_quantile(&l->verdict_rt, 0.5) / 1000),
		(unsigned long long)(chk_lat_quantile(&l->verdict_rt, 0.99) / 1000),
		(unsigned long long)(l->verdict_rt.max_ns / 1000));
	if (l->gen->syncd.set)
		fprintf(f, " Sync daemon configuration = %s %s id %u\n", l->gen->syncd.d.mcast_ifn,
			l->gen->syncd.instance, (unsigned)l->gen->syncd.d.syncid);
	fprintf(f, " Sync daemon = %s (changes %llu)\n",
		l->syncd_state == IP_VS_STATE_MASTER ? "master" : l->syncd_state == IP_VS_STATE_BACKUP ? "backup" : "none",
		(unsigned long long)l->n.syncd_changes);
}

/* ---- metrics (metrics/metrics.h) ------------------------------------------------ */

/* The kernel's value of each destination; a field or, with a direction label, two. */
enum kfield { K_WEIGHT, K_CONNS, K_ACTIVE, K_INACTIVE, K_BYTES, K_PACKETS };

static uint64_t kvalue(const struct vgl_ipvs_dest *d, enum kfield f, bool in)
{
	switch (f) {
	case K_WEIGHT: return d->weight;
	case K_CONNS: return d->stats.conns;
	case K_ACTIVE: return d->active_conns;
	case K_INACTIVE: return d->inact_conns;
	case K_BYTES: return in ? d->stats.inbytes : d->stats.outbytes;
	case K_PACKETS: return in ? d->stats.inpkts : d->stats.outpkts;
	}
	return 0;
}

static void kernel_dest_metrics(struct vgd_expo *w, const struct vgl_ipvs_table *kt, const char *name,
				const char *help, enum vgd_expo_type type, enum kfield f)
{
	bool dir = f == K_BYTES || f == K_PACKETS;
	size_t i, j;
	int in;

	vgd_expo_family(w, name, type, help);
	for (i = 0; i < kt->nsvc; i++) {
		const struct vgl_ipvs_service *s = &kt->svc[i].svc;
		char vs[96], rs[96];

		vgd_metrics_svc_label(s->addr.family, s->protocol, &s->addr, s->port, s->fwmark, vs, sizeof(vs));
		for (j = kt->svc[i].dest_first; j < kt->svc[i].dest_first + kt->svc[i].dest_count; j++) {
			const struct vgl_ipvs_dest *d = &kt->dest[j];

			for (in = 1; in >= (dir ? 0 : 1); in--) {
				const struct vgd_label l[] = {
					{ "virtual_server", vs },
					{ "real_server", vgd_metrics_dest_label(&d->addr, d->port, rs, sizeof(rs)) },
					{ "direction", in ? "in" : "out" },
				};

				vgd_expo_u64(w, l, dir ? 3 : 2, kvalue(d, f, in));
			}
		}
	}
}

/*
 * The configured table (real servers up, weights), then the kernel's
 * counters, dumped at each scrape (one netlink dump: a few round trips per
 * thousand entries) so they are as fresh as the scrape.
 */
void vgd_lvs_metrics(void *self, struct vgd_expo *w)
{
	struct vgd_lvs *l = self;
	const struct vg_lvs_table *want = &l->gen->want;
	struct vg_lvs_table all, *t = &all;
	struct vgl_ipvs_table kt = { 0 };
	char err[256];
	bool dumped = false;
	uint32_t i;
	int pass;

	if (vgd_lvs_table_all(l->gen->map, &all) == VG_LVS_ENOMEM)
		memset(&all, 0, sizeof(all)); /* no rows this time */
	for (pass = 0; pass < 2; pass++) {
		vgd_expo_family(w, pass ? "vigil_lvs_real_server_weight" : "vigil_lvs_real_server_up", VGD_EXPO_GAUGE,
				pass ? "A real server's weight in the table vigild programs."
				     : "A real server in the table vigild programs with a weight above 0 (1), or at "
				       "weight 0 (0).");
		for (i = 0; i < t->dest_count; i++) {
			const struct vg_lvs_tdest *d = &t->dest[i];
			const struct vg_lvs_svc_key *k = &t->svc[d->svc].key;
			char vs[96], rs[96];
			const struct vgd_label lb[] = {
				{ "virtual_server",
				  vgd_metrics_svc_label(k->family, k->protocol, &k->addr, k->port, k->fwmark, vs, sizeof(vs)) },
				{ "real_server", vgd_metrics_dest_label(&d->addr, d->port, rs, sizeof(rs)) },
			};
			/* a server out of the table (a checker removed it) keeps its series: 0 */
			const struct vg_lvs_tdest *wd = vgd_lvs_table_dest(want, vg_lvs_table_find(want, k), &d->addr, d->port);
			int32_t wt = wd && wd->weight > 0 ? wd->weight : 0;

			vgd_expo_u64(w, lb, 2, pass ? (uint64_t)wt : wt > 0);
		}
	}
	vgd_expo_family(w, "vigil_lvs_ipvs_available", VGD_EXPO_GAUGE,
			"Whether vigild reads the kernel's IPVS table (1) or not (0: no IPVS, or nothing configured).");
	if (l->sock && vgl_ipvs_dump(l->sock, &kt, NULL, err, sizeof(err)) == 0)
		dumped = true;
	vgd_expo_u64(w, NULL, 0, dumped);
	vgd_expo_family(w, "vigil_lvs_ipvs_messages_total", VGD_EXPO_COUNTER, "IPVS change requests sent.");
	vgd_expo_u64(w, NULL, 0, l->n.messages);
	vgd_expo_family(w, "vigil_lvs_ipvs_refused_total", VGD_EXPO_COUNTER, "IPVS change requests the kernel refused.");
	vgd_expo_u64(w, NULL, 0, l->n.failures);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_weight", "A real server's weight in the kernel's table.",
			    VGD_EXPO_GAUGE, K_WEIGHT);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_connections_total",
			    "Connections the kernel scheduled to a real server.", VGD_EXPO_COUNTER, K_CONNS);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_active_connections", "A real server's active connections.",
			    VGD_EXPO_GAUGE, K_ACTIVE);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_inactive_connections", "A real server's inactive connections.",
			    VGD_EXPO_GAUGE, K_INACTIVE);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_bytes_total",
			    "Bytes from clients to a real server (in) and back (out).", VGD_EXPO_COUNTER, K_BYTES);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_packets_total",
			    "Packets from clients to a real server (in) and back (out).", VGD_EXPO_COUNTER, K_PACKETS);
	vgl_ipvs_table_free(&kt);
	vg_lvs_table_free(&all);
}

/* ---- vigil status ------------------------------------------------------------------ */

static bool same_service(const struct vg_lvs_svc_key *k, const struct vgl_ipvs_service *s)
{
	if (k->fwmark || s->fwmark)
		return k->fwmark == s->fwmark && k->family == s->addr.family;
	return k->protocol == s->protocol && k->port == s->port && vg_addr_eq(&k->addr, &s->addr);
}

static const struct vgl_ipvs_dest *find_dest(const struct vgl_ipvs_table *kt, size_t svc, const struct vg_lvs_tdest *d)
{
	size_t i;

	for (i = kt->svc[svc].dest_first; i < kt->svc[svc].dest_first + kt->svc[svc].dest_count; i++)
		if (kt->dest[i].port == d->port && vg_addr_eq(&kt->dest[i].addr, &d->addr))
			return &kt->dest[i];
	return NULL;
}

/*
 * The configuration's virtual and real servers (the desired table), each
 * with what the kernel's table holds for it now: presence, weight and the
 * IPVS counters (one dump per request). Without IPVS it says so.
 */
void vgd_lvs_status(void *self, struct vgd_status *st)
{
	struct vgd_lvs *l = self;
	const struct vg_lvs_table *want = &l->gen->want;
	struct vg_lvs_table all, *w = &all;
	struct vgl_ipvs_table kt = { 0 };
	struct vgl_ipvs_io io = { 0 };
	bool have = false;
	char err[256];
	uint32_t i, k;

	/* every destination the configuration can have, built for the request (44 B per real
	   server that a running vigild would otherwise hold for its rare readers) */
	if (vgd_lvs_table_all(l->gen->map, &all) == VG_LVS_ENOMEM)
		memset(&all, 0, sizeof(all));

	st->lvs_configured = w->svc_count > 0;
	st->ipvs_available = l->sock != NULL;
	if (!l->sock)
		snprintf(st->ipvs_note, sizeof(st->ipvs_note), "IPVS is unavailable on this kernel");
	else if (vgl_ipvs_dump(l->sock, &kt, &io, err, sizeof(err)))
		snprintf(st->ipvs_note, sizeof(st->ipvs_note), "reading the IPVS table: %.96s", err);
	else
		have = true;
	l->n.dump_round_trips += io.round_trips;
	for (i = 0; i < w->svc_count; i++) {
		const struct vg_lvs_tsvc *s = &w->svc[i];
		struct vgd_status_vs *v = vgd_status_add_vs(st);
		size_t ks = kt.nsvc;

		if (!v)
			break;
		{
			struct vg_addr fa = s->key.addr;

			fa.family = s->key.family; /* a fwmark service's family: "fwmark 7/ipv6" */
			vgd_status_service(&fa, s->key.port, s->key.protocol, s->key.fwmark, v->name, sizeof(v->name));
		}
		snprintf(v->sched, sizeof(v->sched), "%s", s->sched);
		for (ks = 0; have && ks < kt.nsvc && !same_service(&s->key, &kt.svc[ks].svc); ks++)
			;
		if (have && ks < kt.nsvc) {
			const struct vgl_ipvs_stats *c = &kt.svc[ks].svc.stats;

			v->in_kernel = true;
			snprintf(v->sched, sizeof(v->sched), "%s", kt.svc[ks].svc.sched_name);
			v->conns = c->conns;
			v->inpkts = c->inpkts;
			v->outpkts = c->outpkts;
			v->inbytes = c->inbytes;
			v->outbytes = c->outbytes;
		}
		for (k = s->dest_first; k < s->dest_first + s->dest_count; k++) {
			const struct vg_lvs_tdest *d = &w->dest[k];
			const struct vgl_ipvs_dest *kd = v->in_kernel ? find_dest(&kt, ks, d) : NULL;
			const struct vg_lvs_tdest *wd;
			struct vgd_status_rs *r = vgd_status_add_rs(st);

			if (!r)
				break;
			vgd_status_endpoint(&d->addr, d->port, r->name, sizeof(r->name));
			/* configured weight; out of the desired table (taken out): its row stays, out */
			r->weight = d->weight;
			wd = vgd_lvs_table_dest(want, vg_lvs_table_find(want, &s->key), &d->addr, d->port);
			if (!l->sock && wd) { /* no IPVS: in or out of the table vigild would program */
				r->weight = wd->weight;
				r->in = wd->weight > 0;
			}
			if (kd) {
				r->in_kernel = true;
				r->weight = (int32_t)kd->weight;
				r->in = kd->weight > 0;
				r->active_conns = kd->active_conns;
				r->inact_conns = kd->inact_conns;
				r->conns = kd->stats.conns;
				r->inbytes = kd->stats.inbytes;
				r->outbytes = kd->stats.outbytes;
			}
			/* the check fields stay empty here: a checker driver fills them (vgd_status_rs_find) */
		}
	}
	vgl_ipvs_table_free(&kt);
	vg_lvs_table_free(&all);
}
