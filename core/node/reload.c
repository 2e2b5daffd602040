/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the reload diff (reload.h): which instances and sync groups of a
 * running node carry over into a newly built one, which stop, which start.
 *
 * Moved here from vigild's reload so the simulator and the tests run the
 * same rules with literal times.
 */
#include "node/reload.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"

/* The name of a tracked object (ids are each node's own: names compare across nodes). */
static const char *track_name(const struct vg_node *n, uint8_t kind, uint16_t id)
{
	const struct vg_conf *c = n->conf;

	if (!id)
		return "";
	switch (kind) {
	case VG_TRACK_IFACE:
		return id <= n->plan.iface_count ? n->plan.ifaces[id - 1] : "";
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

static bool vip_eq(const struct vg_conf_vip *x, const struct vg_conf_vip *y)
{
	return vg_addr_eq(&x->addr, &y->addr) && x->prefix_len == y->prefix_len && vg_addr_eq(&x->brd, &y->brd) &&
	       x->brd_sign == y->brd_sign && vg_str_eq(x->dev, y->dev) && vg_str_eq(x->scope, y->scope) &&
	       vg_str_eq(x->label, y->label) && x->nodad == y->nodad && x->home == y->home &&
	       x->noprefixroute == y->noprefixroute;
}

static bool vips_eq(const struct vg_conf_vips *a, const struct vg_conf_vips *b)
{
	uint32_t i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++)
		if (!vip_eq(&a->items[i], &b->items[i]))
			return false;
	return true;
}

/* The same words (routes and rules are compared as written). */
static bool route_eq(const struct vg_conf_route *x, const struct vg_conf_route *y)
{
	uint32_t k;

	if (x->args.count != y->args.count)
		return false;
	for (k = 0; k < x->args.count; k++)
		if (!vg_str_eq(x->args.items[k], y->args.items[k]))
			return false;
	return true;
}

static bool routes_eq(const struct vg_conf_routes *a, const struct vg_conf_routes *b)
{
	uint32_t i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++)
		if (!route_eq(&a->items[i], &b->items[i]))
			return false;
	return true;
}

bool vg_reload_static_in(const struct vg_conf *from, const struct vg_conf *to, enum vg_reload_static which,
			 uint32_t k)
{
	const struct vg_conf_routes *a, *b;
	uint32_t i;

	if (which == VG_STATIC_ADDR) {
		if (k >= from->static_addrs.count)
			return false;
		for (i = 0; i < to->static_addrs.count; i++)
			if (vip_eq(&from->static_addrs.items[k], &to->static_addrs.items[i]))
				return true;
		return false;
	}
	a = which == VG_STATIC_ROUTE ? &from->static_routes : &from->static_rules;
	b = which == VG_STATIC_ROUTE ? &to->static_routes : &to->static_rules;
	if (k >= a->count)
		return false;
	for (i = 0; i < b->count; i++)
		if (route_eq(&a->items[k], &b->items[i]))
			return true;
	return false;
}

static bool script_eq(const struct vg_conf_script *a, const struct vg_conf_script *b)
{
	return a == b || (a && b && vg_str_eq(a->cmd, b->cmd) && vg_str_eq(a->user, b->user));
}

static bool addrs_eq(const struct vg_addr *a, const struct vg_addr *b, uint8_t n)
{
	uint8_t k;

	for (k = 0; k < n; k++)
		if (!vg_addr_eq(&a[k], &b[k]))
			return false;
	return true;
}

bool vg_reload_same_instance(const struct vg_node *old, uint16_t j, const struct vg_node *new, uint16_t i)
{
	struct vg_vrrp_config a = old->plan.cfg[j], b = new->plan.cfg[i];
	const struct vg_conf_instance *x = old->plan.src[j], *y = new->plan.src[i];
	uint8_t k;

	if (!vg_str_eq(track_name(old, VG_TRACK_IFACE, a.ifindex), track_name(new, VG_TRACK_IFACE, b.ifindex)))
		return false;
	if (a.track_count != b.track_count || a.vip_count != b.vip_count || a.peer_count != b.peer_count)
		return false;
	/* tracked objects by kind, name and how they count (ids are each node's own) */
	for (k = 0; k < a.track_count; k++) {
		struct vg_track_ref ra = a.tracks[k], rb = b.tracks[k];

		if (ra.kind != rb.kind || !vg_str_eq(track_name(old, ra.kind, ra.id), track_name(new, rb.kind, rb.id)))
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
	       routes_eq(&x->rules, &y->rules) && x->use_vmac == y->use_vmac && vg_str_eq(x->vmac_name, y->vmac_name) &&
	       x->vmac_xmit_base == y->vmac_xmit_base && vg_str_eq(x->sync_group, y->sync_group) &&
	       script_eq(x->notify_master, y->notify_master) && script_eq(x->notify_backup, y->notify_backup) &&
	       script_eq(x->notify_fault, y->notify_fault) && script_eq(x->notify_stop, y->notify_stop) &&
	       script_eq(x->notify, y->notify) && script_eq(x->notify_deleted, y->notify_deleted) &&
	       x->notify_deleted_set == y->notify_deleted_set &&
	       script_eq(x->notify_master_rx_lower_pri, y->notify_master_rx_lower_pri);
}

void vg_reload_free(struct vg_reload *d)
{
	if (!d)
		return;
	free(d->to);
	free(d->from);
	free(d->fate);
	free(d->group_to);
	free(d->group_from);
	memset(d, 0, sizeof(*d));
}

/*
 * The first old instance named `name` no new instance claimed yet, now
 * claimed (CHANGED), or -1. Names are unique: the parser skips a repeated
 * one (duplicate-name); a plan built otherwise pairs them in order.
 */
static int claim(const struct vg_node *old, const char *name, uint8_t *fate)
{
	uint16_t j;

	for (j = 0; j < old->plan.inst_count; j++)
		if (fate[j] == VG_RELOAD_REMOVED && !strcmp(old->plan.cfg[j].name, name)) {
			fate[j] = VG_RELOAD_CHANGED;
			return j;
		}
	return -1;
}

int vg_reload_diff(const struct vg_node *old, bool old_started, const struct vg_node *new, struct vg_reload *d)
{
	uint16_t i;

	memset(d, 0, sizeof(*d));
	d->old_count = old->plan.inst_count;
	d->new_count = new->plan.inst_count;
	d->old_group_count = old->plan.group_count;
	d->new_group_count = new->plan.group_count;
	d->to = malloc((d->old_count + 1u) * sizeof(*d->to));
	d->from = malloc((d->new_count + 1u) * sizeof(*d->from));
	d->fate = malloc(d->old_count + 1u);
	d->group_to = malloc((d->old_group_count + 1u) * sizeof(*d->group_to));
	d->group_from = malloc((d->new_group_count + 1u) * sizeof(*d->group_from));
	if (!d->to || !d->from || !d->fate || !d->group_to || !d->group_from) {
		vg_reload_free(d);
		return VG_CONF_ERR_NOMEM;
	}
	/* fate doubles as "claimed by a new instance of the same name" until the end */
	for (i = 0; i < d->old_count; i++) {
		d->to[i] = -1;
		d->fate[i] = VG_RELOAD_REMOVED;
	}
	for (i = 0; i < d->old_group_count; i++)
		d->group_to[i] = -1;
	for (i = 0; i < d->new_count; i++) {
		int j = claim(old, new->plan.cfg[i].name, d->fate);

		d->from[i] = -1;
		if (j >= 0 && old_started && vg_reload_same_instance(old, (uint16_t)j, new, i)) {
			d->from[i] = j;
			d->to[j] = i;
		}
	}
	/* a sync group whose membership changed restarts all its members */
	for (i = 0; i < d->new_group_count; i++) {
		const struct vg_sync_group *ng = &new->plan.groups[i];
		int gj = vg_node_find_group(old, ng->name);
		bool same = gj >= 0 && old->plan.groups[gj].count == ng->count;
		uint8_t k;

		for (k = 0; same && k < ng->count; k++)
			same = d->from[ng->members[k]] == old->plan.groups[gj].members[k];
		d->group_from[i] = same ? gj : -1;
		if (same) {
			d->group_to[gj] = i;
			continue;
		}
		for (k = 0; k < ng->count; k++) {
			int32_t *f = &d->from[ng->members[k]];

			if (*f >= 0)
				d->to[*f] = -1;
			*f = -1;
		}
	}
	for (i = 0; i < d->old_count; i++) {
		if (d->to[i] >= 0)
			d->fate[i] = VG_RELOAD_CARRIED;
		d->carried += d->to[i] >= 0;
		d->stopped += d->to[i] < 0;
	}
	for (i = 0; i < d->new_count; i++)
		d->started += d->from[i] < 0;
	return 0;
}

bool vg_reload_stop(const struct vg_reload *d, struct vg_node *old, uint16_t i, vg_time now,
		    struct vg_actions *out)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_SHUTDOWN };
	size_t k, first = out->len;

	assert(i < d->old_count && d->old_count == old->plan.inst_count);
	if (d->fate[i] == VG_RELOAD_CARRIED)
		return false;
	vg_vrrp_input(&old->inst[i], now, &ev, out);
	if (d->fate[i] != VG_RELOAD_REMOVED)
		return true;
	/* keepalived.conf(5) notify_deleted: "causes DELETED to be sent to notifies rather than the
	   default FAULT after a vrrp instance is deleted during a reload"; never STOP */
	for (k = first; k < out->len; k++)
		if (out->v[k].kind == VG_ACT_NOTIFY && !out->v[k].group &&
		    out->v[k].u.notify.what == VG_NOTIFY_STOP)
			out->v[k].u.notify.what =
				old->plan.src[i]->notify_deleted_set ? VG_NOTIFY_DELETED : VG_NOTIFY_FAULT;
	return true;
}

void vg_reload_carry(const struct vg_reload *d, const struct vg_node *old, struct vg_node *new)
{
	uint16_t i;

	assert(d->old_count == old->plan.inst_count && d->new_count == new->plan.inst_count);
	for (i = 0; i < d->new_count; i++) {
		struct vg_vrrp_instance *n = &new->inst[i];

		if (d->from[i] < 0)
			continue;
		*n = old->inst[d->from[i]];
		n->cfg = &new->plan.cfg[i];
		n->track.ref = new->plan.cfg[i].tracks; /* the same objects, by the new node's ids */
	}
	for (i = 0; i < d->new_group_count; i++)
		if (d->group_from[i] >= 0)
			new->plan.groups[i].state = old->plan.groups[d->group_from[i]].state;
	/* the moved instances carry the old router's bookkeeping (vrid chains, deadlines) */
	vg_router_reindex(&new->router);
	if (new->router.last_now < old->router.last_now)
		new->router.last_now = old->router.last_now; /* time never goes back */
}

static bool notify_of_state(enum vg_vrrp_state st, uint8_t *what)
{
	switch (st) {
	case VG_STATE_MASTER: *what = VG_NOTIFY_MASTER; return true;
	case VG_STATE_BACKUP: *what = VG_NOTIFY_BACKUP; return true;
	case VG_STATE_FAULT: *what = VG_NOTIFY_FAULT; return true;
	default: return false;
	}
}

uint32_t vg_reload_fifo_lines(const struct vg_reload *d, const struct vg_node *new, struct vg_reload_fifo_line *out,
			      uint32_t cap)
{
	uint32_t n = 0;
	uint8_t what;

	for (uint16_t g = 0; g < new->plan.group_count; g++) {
		if ((d && (g >= d->new_group_count || d->group_from[g] < 0)) || !notify_of_state(new->plan.groups[g].state, &what))
			continue;
		if (n < cap)
			out[n] = (struct vg_reload_fifo_line){ .group = true, .index = g, .what = what };
		n++;
	}
	for (uint16_t i = 0; i < new->plan.inst_count; i++) {
		const struct vg_vrrp_instance *in = &new->inst[i];

		if ((d && (i >= d->new_count || d->from[i] < 0)) || in->state == VG_STATE_MASTER || !notify_of_state(in->state, &what))
			continue;
		if (n < cap)
			out[n] = (struct vg_reload_fifo_line){ .index = i, .what = what, .priority = in->priority };
		n++;
	}
	return n;
}
