// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the checks keepalived makes on the VRRP blocks once the whole file is
 * read (vg_vrrp_finalize): defaults inherited from global_defs, the
 * normalisations it applies with a warning (nopreempt or preempt_delay with
 * state MASTER, nopreempt at priority 255, preempt_delay with nopreempt,
 * strict mode dropping authentication and preempt_delay), tracking weights
 * zeroed in sync groups and for address owners, track_* names that do not
 * resolve, and garp_group interfaces named twice.
 */
#include "conf/parser_int.h"

#include <string.h>

/* ---- after the whole file ---- */

static const struct vg_conf_sync_group *group_of(const struct vg_conf *c, const char *name)
{
	for (uint32_t i = 0; i < c->sync_groups.count; i++) {
		const struct vg_conf_sync_group *g = &c->sync_groups.items[i];
		for (uint32_t k = 0; k < g->group.count; k++)
			if (name && strcmp(g->group.items[k], name) == 0)
				return g;
	}
	return NULL;
}

static void resolve_tracking(struct pctx *p, struct vg_conf_instance *in, const struct vg_conf_sync_group *g)
{
	struct vg_conf *c = p->conf;
	struct vg_conf_track_refs *lists[5] = { &in->track.interfaces, &in->track.scripts, &in->track.files,
						&in->track.processes, &in->track.bfds };

	for (size_t l = 0; l < 5; l++) {
		for (uint32_t i = 0; i < lists[l]->count; i++) {
			struct vg_conf_track_ref *r = &lists[l]->items[i];
			int32_t base = 0;
			bool found = true;
			if (l == 1) {
				const struct vg_conf_vrrp_script *s = vg_conf_find_script(c, r->name);
				if (s && !s->script.cmd)
					s = NULL; /* keepalived removed it */
				found = s != NULL;
				base = s ? s->weight : 0;
				if (!found)
					vg_pdiag_loc(p, VG_DIAG_WARNING, &r->loc, "track-script-undefined", NULL,
						     "(%s) track_script '%s' names no vrrp_script: keepalived "
						     "ignores it, so nothing is tracked",
						     in->name ? in->name : "?", r->name);
			} else if (l == 2) {
				const struct vg_conf_track_file *f = vg_conf_find_track_file(c, r->name);
				found = f != NULL;
				base = f ? f->weight : 0;
				if (!found)
					vg_pdiag_loc(p, VG_DIAG_WARNING, &r->loc, "track-file-undefined", NULL,
						     "(%s) track_file '%s' names no track_file block (ignored)",
						     in->name ? in->name : "?", r->name);
			} else if (l == 3) {
				const struct vg_conf_track_process *t = vg_conf_find_track_process(c, r->name);
				found = t != NULL;
				base = t ? t->weight : 0;
				if (!found)
					vg_pdiag_loc(p, VG_DIAG_WARNING, &r->loc, "track-process-undefined", NULL,
						     "(%s) track_process '%s' names no vrrp_track_process (ignored)",
						     in->name ? in->name : "?", r->name);
			} else if (l == 4) {
				/* keepalived.conf(5) bfd_instance "weight": the default tracking weight (and reverse) */
				const struct vg_conf_bfd_instance *b = NULL;

				for (uint32_t k = 0; k < c->bfd_instances.count && !b; k++)
					if (c->bfd_instances.items[k].name && !strcmp(c->bfd_instances.items[k].name, r->name))
						b = &c->bfd_instances.items[k];
				base = b ? b->weight : 0;
				if (b && !r->weight_set)
					r->reverse = b->weight_reverse;
				if (!b)
					vg_pdiag_loc(p, VG_DIAG_WARNING, &r->loc, "track-bfd-undefined", NULL,
						     "(%s) track_bfd '%s' names no bfd_instance (ignored)",
						     in->name ? in->name : "?", r->name);
			}
			r->weight_effective = r->weight_set ? r->weight : base;
			if (!found) {
				r->weight_effective = 0;
				continue;
			}
			if (r->weight_effective && g && !g->sync_group_tracking_weight && !g->global_tracking) {
				vg_pdiag_loc(p, VG_DIAG_WARNING, &r->loc, "sync-group-weight", NULL,
					     "(%s) is in sync group '%s': keepalived sets the weight of '%s' to 0 "
					     "(a failure means FAULT) unless the group has "
					     "sync_group_tracking_weight",
					     in->name ? in->name : "?", g->name ? g->name : "?", r->name);
				r->weight_effective = 0;
			} else if (r->weight_effective && in->priority == 255) {
				vg_pdiag_loc(p, VG_DIAG_WARNING, &r->loc, "owner-weight", NULL,
					     "(%s) has priority 255 (address owner): its priority cannot change, "
					     "so the weight of '%s' is ignored (a failure means FAULT)",
					     in->name ? in->name : "?", r->name);
				r->weight_effective = 0;
			}
		}
	}
}

static void finalize_instance(struct pctx *p, struct vg_conf_instance *in)
{
	struct vg_conf *c = p->conf;
	const struct vg_conf_global *gd = &c->global;
	const struct vg_conf_sync_group *g = group_of(c, in->name);
	const char *n = in->name ? in->name : "?";

	if (!in->virtual_router_id)
		vg_pdiag_loc(p, VG_DIAG_ERROR, &in->loc, "missing-vrid", NULL,
			     "(%s) has no valid virtual_router_id (1..255): keepalived refuses the instance", n);
	if (!in->interface && in->unicast_peers.count == 0)
		vg_pdiag_loc(p, VG_DIAG_ERROR, &in->loc, "missing-interface", NULL,
			     "(%s) has no interface (only instances with unicast peers may omit it)", n);
	/* family from the VIPs, else the unicast addresses */
	in->family = VG_AF_INET;
	if (in->vips.count)
		in->family = in->vips.items[0].addr.family;
	else if (in->unicast_src_ip.family)
		in->family = in->unicast_src_ip.family;
	else if (in->unicast_peers.count)
		in->family = in->unicast_peers.items[0].addr.family;
	/* native_ipv6 (deprecated in keepalived): the instance is IPv6 (VRRPv3); keepalived 2.2.7
	   drops IPv4 VIPs with it ("address family must match VRRP instance") and then has none */
	if (vg_conf_extra_find(in->extra, "native_ipv6")) {
		if (in->family == VG_AF_INET && (in->vips.count || in->unicast_src_ip.family || in->unicast_peers.count))
			vg_pdiag_loc(p, VG_DIAG_ERROR, &vg_conf_extra_find(in->extra, "native_ipv6")->loc,
				     "native-ipv6-family", NULL,
				     "(%s) native_ipv6 with IPv4 addresses: keepalived drops them and the instance", n);
		in->family = VG_AF_INET6;
	}
	/* use_ipvlan, as keepalived 2.2.7 checks it (namespace run in docs/config.md) */
	if (in->use_ipvlan && in->ipvlan_addr.family && in->ipvlan_addr.family != in->family) {
		vg_pdiag_loc(p, VG_DIAG_ERROR, &in->ipvlan_loc, "ipvlan-family", NULL,
			     "(%s) ipvlan address must match the instance's address family - ignoring it", n);
		in->ipvlan_addr.family = VG_AF_NONE;
	}
	if (in->use_ipvlan && in->family == VG_AF_INET && !in->ipvlan_addr.family)
		vg_pdiag_loc(p, VG_DIAG_ERROR, &in->ipvlan_loc, "ipvlan-address", NULL,
			     "(%s) an IPv4 ipvlan needs an address (use_ipvlan [NAME] ADDRESS): keepalived holds "
			     "the instance in FAULT", n);
	/* keepalived 2.2.7 refuses `vrf` beside `interface` and clears it */
	if (in->vrf && in->interface)
		vg_pdiag_loc(p, VG_DIAG_ERROR, &in->interface_loc, "vrf-interface", NULL,
			     "(%s) vrf can only be specified without interface - ignoring vrf %s", n, in->vrf);
	/* keepalived 2.2.7 refuses an instance without `interface`, vrf or not ("Unknown interface!",
	   exits with a configuration error; tests/ipvs-vm/test_vrf.sh): vigild would send from no VRF */
	if (in->vrf && !in->interface)
		vg_pdiag_loc(p, VG_DIAG_ERROR, &in->loc, "vrf-no-interface", NULL,
			     "(%s) Unknown interface! (vrf %s without interface: keepalived 2.2.7 refuses the "
			     "configuration)", n, in->vrf);
	for (uint32_t i = 1; i < in->vips.count; i++) {
		if (in->vips.items[i].addr.family != in->family) {
			vg_pdiag_loc(p, VG_DIAG_ERROR, &in->vips.items[i].loc, "vip-family", NULL,
				     "(%s) mixes IPv4 and IPv6 in virtual_ipaddress; put the other family in "
				     "virtual_ipaddress_excluded",
				     n);
			break;
		}
	}
	if (!in->version_set)
		in->version = gd->vrrp_version;
	if (in->family == VG_AF_INET6)
		in->version = 3;
	if (in->version == 2 && in->adver_int_cs % 100) {
		uint32_t cs = (in->adver_int_cs + 50) / 100 * 100;
		if (cs == 0)
			cs = 100;
		vg_pdiag_loc(p, VG_DIAG_WARNING, &in->adver_int_loc, "advert-int-v2", NULL,
			     "(%s) VRRPv2 carries the advert interval in whole seconds: keepalived rounds "
			     "%u.%02u s to %u s (use version 3 for sub-second intervals)",
			     n, in->adver_int_cs / 100, in->adver_int_cs % 100, cs / 100);
		in->adver_int_cs = cs;
	}
	/* garp and timers inherit from global_defs */
	if (in->garp_master_delay_ns == VG_TIME_NEVER)
		in->garp_master_delay_ns = gd->vrrp_garp_master_delay_ns;
	if (in->garp_master_repeat == UINT32_MAX)
		in->garp_master_repeat = gd->vrrp_garp_master_repeat;
	if (in->garp_lower_prio_delay_ns == VG_TIME_NEVER)
		in->garp_lower_prio_delay_ns = gd->vrrp_garp_lower_prio_delay_ns;
	if (in->garp_lower_prio_repeat == UINT32_MAX)
		in->garp_lower_prio_repeat = gd->vrrp_garp_lower_prio_repeat;
	if (in->garp_master_refresh_ns == VG_TIME_NEVER)
		in->garp_master_refresh_ns = gd->vrrp_garp_master_refresh_ns;
	if (in->garp_master_refresh_repeat == UINT32_MAX)
		in->garp_master_refresh_repeat = gd->vrrp_garp_master_refresh_repeat;
	if (in->down_timer_adverts == UINT32_MAX)
		in->down_timer_adverts = gd->vrrp_down_timer_adverts;
	in->gna_interval_ns = gd->vrrp_gna_interval_ns;
	if (in->skip_check_adv_addr == VG_TRI_UNSET)
		in->skip_check_adv_addr = gd->vrrp_skip_check_adv_addr ? VG_TRI_ON : VG_TRI_OFF;
	if (gd->vrrp_check_unicast_src)
		in->check_unicast_src = true;
	in->strict = in->strict_mode_written == VG_TRI_UNSET ? gd->vrrp_strict
							      : in->strict_mode_written == VG_TRI_ON;
	/* what applies */
	in->auth_type = in->auth_type_written;
	in->nopreempt = in->nopreempt_written;
	in->preempt_delay_ns = in->preempt_delay_written_ns;
	if (in->accept_written != VG_TRI_UNSET)
		in->accept = in->accept_written == VG_TRI_ON;
	else
		in->accept = in->strict ? in->priority == 255 : true;
	if (in->strict) {
		if (in->auth_type != VG_CONF_AUTH_NONE) {
			vg_pdiag_loc(p, VG_DIAG_WARNING, &in->auth_loc, "strict-auth", NULL,
				     "(%s) strict mode does not support authentication: keepalived ignores it", n);
			in->auth_type = VG_CONF_AUTH_NONE;
		}
		if (in->preempt_delay_ns) {
			vg_pdiag_loc(p, VG_DIAG_WARNING, &in->preempt_delay_loc, "strict-preempt-delay", NULL,
				     "(%s) preempt_delay is incompatible with strict mode: keepalived resets it to 0",
				     n);
			in->preempt_delay_ns = 0;
		}
		if (in->accept && in->version == 2 && in->accept_written == VG_TRI_ON) {
			vg_pdiag_loc(p, VG_DIAG_WARNING, &in->accept_loc, "strict-accept", NULL,
				     "(%s) accept mode with VRRPv2 does not comply with RFC 3768 in strict mode: "
				     "keepalived clears it",
				     n);
			in->accept = false;
		}
	}
	if (in->state == VG_CONF_STATE_MASTER && in->state_set) {
		if (in->nopreempt) {
			vg_pdiag_loc(p, VG_DIAG_WARNING, &in->nopreempt_loc, "nopreempt-master", NULL,
				     "(%s) nopreempt does not work with 'state MASTER' (line %u): keepalived "
				     "clears nopreempt; write 'state BACKUP' on every node",
				     n, in->state_loc.line);
			in->nopreempt = false;
		}
		if (in->preempt_delay_ns) {
			vg_pdiag_loc(p, VG_DIAG_WARNING, &in->preempt_delay_loc, "preempt-delay-master", NULL,
				     "(%s) preempt_delay does not work with 'state MASTER': keepalived clears it", n);
			in->preempt_delay_ns = 0;
		}
	}
	if (in->nopreempt && in->priority == 255) {
		vg_pdiag_loc(p, VG_DIAG_WARNING, &in->nopreempt_loc, "nopreempt-owner", NULL,
			     "(%s) nopreempt is incompatible with priority 255 (the address owner always "
			     "preempts): keepalived resets nopreempt",
			     n);
		in->nopreempt = false;
	}
	if (in->nopreempt && in->preempt_delay_ns) {
		vg_pdiag_loc(p, VG_DIAG_WARNING, &in->preempt_delay_loc, "preempt-delay-nopreempt", NULL,
			     "(%s) preempt_delay has no effect with nopreempt (nothing preempts): it is reset to 0",
			     n);
		in->preempt_delay_ns = 0;
	}
	if (g)
		in->sync_group = g->name;
	resolve_tracking(p, in, g);
}

/* Is interface `name` in garp_group g (its interface or interfaces list), before list item `before`? */
static bool garp_has(const struct vg_conf_garp_group *g, const char *name, uint32_t before)
{
	if (g->interface && strcmp(g->interface, name) == 0)
		return true;
	for (uint32_t k = 0; k < before && k < g->interfaces.count; k++)
		if (strcmp(g->interfaces.items[k], name) == 0)
			return true;
	return false;
}

/*
 * An interface belongs to one garp_group: the first that names it (the plan
 * resolves the same way). keepalived 2.2.7 -t: "garp_group already specified
 * for IF - ignoring".
 */
static void garp_groups_check(struct pctx *p)
{
	const struct vg_conf *c = p->conf;

	for (uint32_t i = 0; i < c->garp_groups.count; i++) {
		const struct vg_conf_garp_group *g = &c->garp_groups.items[i];

		for (uint32_t k = 0; k <= g->interfaces.count; k++) {
			const char *name = k < g->interfaces.count ? g->interfaces.items[k] : g->interface;
			uint32_t j;

			if (!name)
				continue;
			for (j = 0; j < i && !garp_has(&c->garp_groups.items[j], name, UINT32_MAX); j++)
				;
			if (j < i || (k < g->interfaces.count && garp_has(g, name, k)))
				vg_pdiag_loc(p, VG_DIAG_WARNING, &g->loc, "garp-group-duplicate", NULL,
					     "interface %s is already in a garp_group%s: keepalived ignores it here",
					     name, j < i ? " above" : "");
		}
	}
}

void vg_vrrp_finalize(struct pctx *p)
{
	struct vg_conf *c = p->conf;
	struct vg_conf_global *gd = &c->global;

	/* keepalived vrrp_min_garp: one GARP, no delayed burst, no refresh, where left at the defaults */
	if (gd->vrrp_min_garp) {
		if (gd->vrrp_garp_master_repeat == 5)
			gd->vrrp_garp_master_repeat = 1;
		if (gd->vrrp_garp_master_delay_ns == VG_S(5))
			gd->vrrp_garp_master_delay_ns = 0;
	}
	if (gd->vrrp_garp_lower_prio_delay_ns == VG_TIME_NEVER)
		gd->vrrp_garp_lower_prio_delay_ns = gd->vrrp_garp_master_delay_ns;
	if (gd->vrrp_garp_lower_prio_repeat == UINT32_MAX)
		gd->vrrp_garp_lower_prio_repeat = gd->vrrp_garp_master_repeat;
	for (uint32_t i = 0; i < c->instances.count; i++)
		finalize_instance(p, &c->instances.items[i]);
	garp_groups_check(p);
	for (uint32_t i = 0; i < c->sync_groups.count; i++) {
		struct vg_conf_sync_group *g = &c->sync_groups.items[i];
		for (uint32_t k = 0; k < g->group.count; k++) {
			if (!vg_conf_find_instance(c, g->group.items[k]))
				vg_pdiag_loc(p, VG_DIAG_WARNING, &g->group_loc, "sync-group-member", NULL,
					     "sync group '%s' names '%s', which is not a vrrp_instance "
					     "(keepalived ignores it)",
					     g->name ? g->name : "?", g->group.items[k]);
		}
		if (g->group.count == 1)
			vg_pdiag_loc(p, VG_DIAG_WARNING, &g->loc, "sync-group-single", NULL,
				     "sync group '%s' has only one instance; a sync group keeps several "
				     "instances in the same state",
				     g->name ? g->name : "?");
	}
}
