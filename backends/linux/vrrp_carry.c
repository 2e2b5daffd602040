/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's reload (see vrrp_driver.h and reload.c).
 *
 * Prepare builds the new generation from the newly parsed configuration;
 * commit decides which instances carry over (same configuration, compared
 * field by field, tracked objects by name since ids are each generation's
 * own; a sync group whose membership changed restarts all its members),
 * stops the others in the old generation (notify_deleted for an instance
 * gone from the file, as keepalived does), moves the carried ones over with
 * their state, timers, VIPs and vmacs, renumbers their queued gratuitous
 * ARPs in the core's pacing queue, and starts what is new.
 */
#include "vrrp_driver.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* ---- reload --------------------------------------------------------------- */

static const char *track_name(const struct vgd_gen *g, uint8_t kind, uint16_t id)
{
	const struct vg_conf *c = g->conf;

	if (!id)
		return "";
	switch (kind) {
	case VG_TRACK_IFACE:
		return id <= g->plan.iface_count ? g->plan.ifaces[id - 1] : "";
	case VG_TRACK_SCRIPT:
		return id <= c->scripts.count ? c->scripts.items[id - 1].name : "";
	case VG_TRACK_FILE:
		return id <= c->track_files.count ? c->track_files.items[id - 1].name : "";
	case VG_TRACK_PROCESS:
		return id <= c->track_processes.count ? c->track_processes.items[id - 1].name : "";
	default:
		return id <= c->bfd_instances.count ? c->bfd_instances.items[id - 1].name : "";
	}
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool vips_eq(const struct vg_conf_vips *a, const struct vg_conf_vips *b)
{
	uint32_t i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++) {
		const struct vg_conf_vip *x = &a->items[i], *y = &b->items[i];

		if (!vg_addr_eq(&x->addr, &y->addr) || x->prefix_len != y->prefix_len ||
		    !vg_addr_eq(&x->brd, &y->brd) || x->brd_sign != y->brd_sign || !str_eq(x->dev, y->dev) ||
		    !str_eq(x->scope, y->scope) || !str_eq(x->label, y->label) || x->nodad != y->nodad ||
		    x->home != y->home || x->noprefixroute != y->noprefixroute)
			return false;
	}
	return true;
}

static bool routes_eq(const struct vg_conf_routes *a, const struct vg_conf_routes *b)
{
	uint32_t i, k;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++) {
		if (a->items[i].args.count != b->items[i].args.count)
			return false;
		for (k = 0; k < a->items[i].args.count; k++)
			if (!str_eq(a->items[i].args.items[k], b->items[i].args.items[k]))
				return false;
	}
	return true;
}

static bool script_eq(const struct vg_conf_script *a, const struct vg_conf_script *b)
{
	return a == b || (a && b && str_eq(a->cmd, b->cmd) && str_eq(a->user, b->user));
}

static bool addrs_eq(const struct vg_addr *a, const struct vg_addr *b, uint8_t n)
{
	uint8_t k;

	for (k = 0; k < n; k++)
		if (!vg_addr_eq(&a[k], &b[k]))
			return false;
	return true;
}

/* Did instance j of `og` and instance i of `ng` get the same configuration? */
static bool same_instance(const struct vgd_gen *og, uint16_t j, const struct vgd_gen *ng, uint16_t i)
{
	struct vg_vrrp_config a = og->plan.cfg[j], b = ng->plan.cfg[i];
	const struct vg_conf_instance *x = og->plan.src[j], *y = ng->plan.src[i];
	uint8_t k;

	if (!str_eq(track_name(og, VG_TRACK_IFACE, a.ifindex), track_name(ng, VG_TRACK_IFACE, b.ifindex)))
		return false;
	if (a.track_count != b.track_count || a.vip_count != b.vip_count || a.peer_count != b.peer_count)
		return false;
	/* tracked objects by kind, name and how they count (ids are each generation's own) */
	for (k = 0; k < a.track_count; k++) {
		struct vg_track_ref ra = a.tracks[k], rb = b.tracks[k];

		if (ra.kind != rb.kind || !str_eq(track_name(og, ra.kind, ra.id), track_name(ng, rb.kind, rb.id)))
			return false;
		ra.id = rb.id = 0;
		if (memcmp(&ra, &rb, sizeof(ra)))
			return false;
	}
	if (!addrs_eq(a.vips, b.vips, a.vip_count) || !addrs_eq(a.peers, b.peers, a.peer_count))
		return false;
	/* the rest field by field: the lists are compared above, their storage differs */
	a.id = b.id = 0;
	a.ifindex = b.ifindex = 0;
	a.vips = b.vips = NULL;
	a.peers = b.peers = NULL;
	a.tracks = b.tracks = NULL;
	if (memcmp(&a, &b, sizeof(a)))
		return false;
	return vips_eq(&x->vips, &y->vips) && vips_eq(&x->evips, &y->evips) && routes_eq(&x->routes, &y->routes) &&
	       routes_eq(&x->rules, &y->rules) && x->use_vmac == y->use_vmac && str_eq(x->vmac_name, y->vmac_name) &&
	       x->vmac_xmit_base == y->vmac_xmit_base && str_eq(x->sync_group, y->sync_group) &&
	       script_eq(x->notify_master, y->notify_master) && script_eq(x->notify_backup, y->notify_backup) &&
	       script_eq(x->notify_fault, y->notify_fault) && script_eq(x->notify_stop, y->notify_stop) &&
	       script_eq(x->notify, y->notify) && script_eq(x->notify_deleted, y->notify_deleted) &&
	       x->notify_deleted_set == y->notify_deleted_set &&
	       script_eq(x->notify_master_rx_lower_pri, y->notify_master_rx_lower_pri);
}

/* Index of the entry named `name` in an array of n records whose name is at `name_off`, or -1. */
static int find_named(const void *items, size_t size, size_t name_off, uint16_t n, const char *name)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		if (!strcmp((const char *)items + i * size + name_off, name))
			return i;
	return -1;
}

static int find_instance(const struct vgd_gen *g, const char *name)
{
	return find_named(g->plan.cfg, sizeof(*g->plan.cfg), offsetof(struct vg_vrrp_config, name),
			  g->plan.inst_count, name);
}

static int find_group(const struct vgd_gen *g, const char *name)
{
	return find_named(g->plan.groups, sizeof(*g->plan.groups), offsetof(struct vg_sync_group, name),
			  g->plan.group_count, name);
}

int vgd_vrrp_reload_prepare(void *self, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_vrrp *vr = self;
	struct vgd_vrrp_next *nx = &vr->next;

	assert(!nx->gen);
	nx->gen = vgd_gen_new(conf, dg);
	if (!nx->gen)
		return -1;
	nx->carried = calloc(vr->gen->plan.inst_count + 1u, 1);
	nx->from = calloc(nx->gen->plan.inst_count + 1u, sizeof(*nx->from));
	if (!nx->carried || !nx->from || vgd_vrrp_abuf_fit(vr, nx->gen)) {
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
	free(vr->next.carried);
	free(vr->next.from);
	memset(&vr->next, 0, sizeof(vr->next));
}

/* Which instances and sync groups carry over unchanged. */
static void match(const struct vgd_gen *og, struct vgd_gen *ng, int8_t *carried, int *from)
{
	uint16_t i;

	for (i = 0; i < ng->plan.inst_count; i++) {
		int j = find_instance(og, ng->plan.cfg[i].name);

		from[i] = -1;
		if (j >= 0 && og->started && same_instance(og, (uint16_t)j, ng, i)) {
			from[i] = j;
			carried[j] = 1;
		}
	}
	/* a sync group whose membership changed restarts all its members */
	for (i = 0; i < ng->plan.group_count; i++) {
		int gj = find_group(og, ng->plan.groups[i].name);
		bool same = gj >= 0 && og->plan.groups[gj].count == ng->plan.groups[i].count;
		uint8_t k;

		for (k = 0; same && k < ng->plan.groups[i].count; k++)
			same = from[ng->plan.groups[i].members[k]] == og->plan.groups[gj].members[k];
		if (same) {
			ng->plan.groups[i].state = og->plan.groups[gj].state;
			continue;
		}
		for (k = 0; k < ng->plan.groups[i].count; k++) {
			int *f = &from[ng->plan.groups[i].members[k]];

			if (*f >= 0)
				carried[*f] = 0;
			*f = -1;
		}
	}
}

/* The queued gratuitous ARPs / NAs of the instances kept go on; the others' are dropped. */
static void garp_carry(struct vgd_vrrp *vr, const struct vgd_gen *og, const struct vgd_gen *ng, const int *from,
		       vg_time now)
{
	int *to;
	uint16_t i;

	if (!vr->garpq)
		return;
	to = malloc((og->plan.inst_count + 1u) * sizeof(*to));
	if (!to) {
		vg_garp_init(vr->garpq);
		return;
	}
	for (i = 0; i < og->plan.inst_count; i++)
		to[i] = -1;
	for (i = 0; i < ng->plan.inst_count; i++)
		if (from[i] >= 0)
			to[from[i]] = (int)i;
	vg_garp_carry(vr->garpq, ng->conf, to, og->plan.inst_count);
	free(to);
	vgd_vrrp_garp_run(vr, now); /* what lost its interval goes now */
}

void vgd_vrrp_reload_commit(void *self, vg_time now)
{
	struct vgd_vrrp *vr = self;
	struct vgd_gen *og = vr->gen, *ng = vr->next.gen;
	int8_t *carried = vr->next.carried;
	int *from = vr->next.from;
	struct vg_actions acts;
	uint16_t i, kept = 0, stopped = 0, started = 0;

	match(og, ng, carried, from);
	/* stop what goes away or changes, in the old generation */
	for (i = 0; i < og->plan.inst_count; i++) {
		struct vg_vrrp_event ev = { .kind = VG_EV_SHUTDOWN };
		vg_time t = vgd_vrrp_core_time(vr, now);

		if (carried[i])
			continue;
		vg_actions_init(&acts, vr->abuf, vr->acap);
		vg_vrrp_input(&og->inst[i], t, &ev, &acts);
		if (find_instance(ng, og->plan.cfg[i].name) < 0) {
			size_t k;

			/* gone from the file: keepalived's notify_deleted (DELETED, else FAULT), not STOP */
			for (k = 0; k < acts.len; k++)
				if (acts.v[k].kind == VG_ACT_NOTIFY && !acts.v[k].group &&
				    acts.v[k].u.notify.what == VG_NOTIFY_STOP)
					acts.v[k].u.notify.what = VG_NOTIFY_DELETED;
		}
		vgd_vrrp_exec(vr, og, &acts, t);
		if (og->vips_on[i])
			vgd_vrrp_vips(vr, og, i, false, og->plan.cfg[i].accept);
		stopped++;
	}
	/* move the unchanged ones over, state, timers and VIPs untouched */
	for (i = 0; i < ng->plan.inst_count; i++) {
		struct vg_vrrp_instance *n = &ng->inst[i];

		if (from[i] < 0)
			continue;
		*n = og->inst[from[i]];
		n->cfg = &ng->plan.cfg[i];
		n->track.ref = ng->plan.cfg[i].tracks; /* the same objects, by the new generation's ids */
		ng->vips_on[i] = og->vips_on[from[i]];
		ng->vmac_kidx[i] = og->vmac_kidx[from[i]];
		og->vmac_kidx[from[i]] = 0;
		kept++;
	}
	vg_router_reindex(&ng->router); /* the moved instances carry the old router's bookkeeping */
	for (i = 0; i < og->plan.inst_count; i++)
		if (og->vmac_kidx[i])
			vgl_nl_link_delete(vr->nl, og->vmac_kidx[i]);
	vr->gen = ng;
	vgd_vrrp_resolve(vr, ng);
	garp_carry(vr, og, ng, from, now);
	/* keep the joined-group bookkeeping: the socket memberships survive */
	for (i = 0; i < ng->plan.iface_count; i++) {
		uint16_t k;

		for (k = 0; k < og->plan.iface_count; k++)
			if (ng->ifs[i].kidx && ng->ifs[i].kidx == og->ifs[k].kidx) {
				ng->ifs[i].joined4 = og->ifs[k].joined4;
				ng->ifs[i].joined6 = og->ifs[k].joined6;
			}
	}
	vgd_vrrp_sockets_update(vr, ng);
	/* the old runner's notify scripts (notify_stop, notify_deleted) finish in the background */
	vgl_runner_free(vr->retired);
	vr->retired = vr->runner;
	vgl_runner_retire(vr->retired);
	vgd_vrrp_runner_start(vr, now);
	vgd_vrrp_untrack_disabled(vr, ng, now);
	for (i = 0; i < ng->plan.inst_count; i++)
		started += from[i] < 0;
	vgd_vrrp_start_instances(vr, ng, now);
	vr->next.gen = NULL;
	vgd_vrrp_reload_abort(vr); /* frees the bookkeeping */
	vgd_gen_free(og);
	vgd_log(LOG_INFO, "Reload done: %u instance(s) kept running, %u stopped, %u started", kept, stopped,
		started);
}
