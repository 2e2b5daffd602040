// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: building a node's router inputs from the configuration tree.
 */
#include "vrrp/plan.h"

#include <stdlib.h>
#include <string.h>

static uint32_t iface_id(struct vg_vrrp_plan *p, const char *name)
{
	uint16_t i;

	if (!name)
		return 0;
	for (i = 0; i < p->iface_count; i++)
		if (!strcmp(p->ifaces[i], name))
			return (uint32_t)i + 1;
	if (p->iface_count >= VG_PLAN_IFACES_MAX)
		return 0;
	p->ifaces[p->iface_count++] = name;
	return p->iface_count;
}

uint32_t vg_vrrp_plan_iface(const struct vg_vrrp_plan *plan, const char *name)
{
	uint16_t i;

	for (i = 0; name && i < plan->iface_count; i++)
		if (!strcmp(plan->ifaces[i], name))
			return (uint32_t)i + 1;
	return 0;
}

/* 1-based ids of named objects (0 if absent). */
static uint32_t script_id(const struct vg_conf *conf, const char *name)
{
	const struct vg_conf_vrrp_script *o = vg_conf_find_script(conf, name);

	return o ? (uint32_t)(o - conf->scripts.items) + 1 : 0;
}

static uint32_t file_id(const struct vg_conf *conf, const char *name)
{
	const struct vg_conf_track_file *o = vg_conf_find_track_file(conf, name);

	return o ? (uint32_t)(o - conf->track_files.items) + 1 : 0;
}

static uint32_t process_id(const struct vg_conf *conf, const char *name)
{
	const struct vg_conf_track_process *o = vg_conf_find_track_process(conf, name);

	return o ? (uint32_t)(o - conf->track_processes.items) + 1 : 0;
}

static uint32_t bfd_id(const struct vg_conf *conf, const char *name)
{
	uint32_t k;

	for (k = 0; k < conf->bfd_instances.count; k++)
		if (conf->bfd_instances.items[k].name && !strcmp(conf->bfd_instances.items[k].name, name))
			return k + 1;
	return 0;
}

/* The lists of the config being built: slices of the plan's pools, filled as it is built. */
struct slots {
	struct vg_addr *vips, *peers;
	struct vg_track_ref *tracks;
};

static int add_track(struct vg_vrrp_config *c, struct slots *sl, uint8_t kind, uint32_t id,
		     const struct vg_conf_track_ref *r, bool init_down, struct vg_diags *diags)
{
	struct vg_track_ref *t;

	if (id == 0)
		return 0; /* undefined object: the parser/linter reported it; keepalived ignores it */
	if (c->track_count >= VG_TRACKS_MAX) {
		vg_diags_add(diags, VG_DIAG_WARNING, &r->loc, "track-limit",
			     NULL, "more than %d tracked objects: '%s' is not tracked", VG_TRACKS_MAX, r->name);
		return 0;
	}
	t = &sl->tracks[c->track_count++];
	t->kind = kind;
	t->id = (uint16_t)id;
	t->weight = (int16_t)(r->weight_effective < -254 ? -254 : r->weight_effective > 254 ? 254 :
			      r->weight_effective);
	t->reverse = r->reverse;
	t->init_down = init_down;
	return 0;
}

static void add_tracking(struct vg_vrrp_plan *p, const struct vg_conf *conf, struct vg_vrrp_config *c,
			 struct slots *sl, const struct vg_conf_tracking *tr, struct vg_diags *diags)
{
	uint32_t i;

	for (i = 0; i < tr->interfaces.count; i++)
		add_track(c, sl, VG_TRACK_IFACE, iface_id(p, tr->interfaces.items[i].name), &tr->interfaces.items[i],
			  false, diags);
	for (i = 0; i < tr->scripts.count; i++) {
		const struct vg_conf_track_ref *r = &tr->scripts.items[i];
		uint32_t id = script_id(conf, r->name);

		add_track(c, sl, VG_TRACK_SCRIPT, id, r, id && conf->scripts.items[id - 1].init_fail, diags);
	}
	for (i = 0; i < tr->files.count; i++)
		add_track(c, sl, VG_TRACK_FILE, file_id(conf, tr->files.items[i].name), &tr->files.items[i],
			  false, diags);
	for (i = 0; i < tr->processes.count; i++)
		add_track(c, sl, VG_TRACK_PROCESS, process_id(conf, tr->processes.items[i].name),
			  &tr->processes.items[i], false, diags);
	for (i = 0; i < tr->bfds.count; i++)
		/* keepalived 2.2.7 (vrrp_track.c, initialise_track_bfd_state): a tracked BFD session is
		   down until its first report, so weight 0 holds the instance in Fault until it is Up */
		add_track(c, sl, VG_TRACK_BFD, bfd_id(conf, tr->bfds.items[i].name), &tr->bfds.items[i],
			  true, diags);
}

static uint8_t clamp_u8(uint32_t v)
{
	return v > 255 ? 255 : (uint8_t)v;
}

static uint32_t tracking_count(const struct vg_conf_tracking *tr)
{
	return tr->interfaces.count + tr->scripts.count + tr->files.count + tr->processes.count + tr->bfds.count;
}

/*
 * track_src_ip (keepalived.conf(5)): Fault while the configured source
 * address (unicast_src_ip or mcast_src_ip, of the instance's family) is
 * not on the instance's interface. Without one keepalived 2.2.7 clears the
 * flag, and so does vigil. The backend reports the address as
 * VG_TRACK_SRC_IP, id = 1 + the instance's config id.
 */
static void src_ip_track(const struct vg_conf_instance *ci, struct vg_vrrp_config *c, uint16_t id,
			 struct slots *sl, struct vg_diags *diags)
{
	struct vg_conf_track_ref r = { .loc = ci->loc, .name = "track_src_ip" };

	if (!ci->track_src_ip || !ci->interface)
		return;
	if (ci->unicast_src_ip.family != c->family && ci->mcast_src_ip.family != c->family)
		return;
	add_track(c, sl, VG_TRACK_SRC_IP, (uint32_t)id + 1u, &r, false, diags);
}

/*
 * track_group (keepalived.conf(5), "Static track groups"): the instances a
 * track_group's `group` lists track the interface of each static address
 * (its dev, else default_interface, else eth0), static route (its dev) and
 * static rule (its iif) written with `track_group NAME` and without
 * no_track, weight 0: Fault while it is down. keepalived 2.2.7 does this
 * (vrrp_static_track.c adds the instances to the interface; observed:
 * eth1's carrier lost -> FAULT, back -> BACKUP, MASTER;
 * tests/netns/test_link_keywords.py).
 */
static bool in_track_group(const struct vg_conf *conf, const char *group, const char *inst)
{
	uint32_t i, k;

	if (!group || !inst)
		return false;
	for (i = 0; i < conf->track_groups.count; i++) {
		const struct vg_conf_track_group *g = &conf->track_groups.items[i];

		if (strcmp(g->name, group))
			continue;
		for (k = 0; k < g->instances.count; k++)
			if (!strcmp(g->instances.items[k], inst))
				return true;
	}
	return false;
}

/* The interface of static line k (addresses, then routes, then rules) ci tracks, or NULL. */
static const char *static_tracked(const struct vg_conf *conf, const struct vg_conf_instance *ci, uint32_t k)
{
	uint32_t na = conf->static_addrs.count, nr = conf->static_routes.count;

	if (k < na) {
		const struct vg_conf_vip *v = &conf->static_addrs.items[k];

		if (v->no_track || !in_track_group(conf, v->track_group, ci->name))
			return NULL;
		return v->dev ? v->dev : conf->global.default_interface ? conf->global.default_interface : "eth0";
	}
	k -= na;
	if (k < nr) {
		const struct vg_conf_route *r = &conf->static_routes.items[k];

		if (!r->route || r->no_track || r->route->no_track ||
		    !in_track_group(conf, r->route->track_group, ci->name))
			return NULL;
		return r->route->dev;
	}
	k -= nr;
	if (k < conf->static_rules.count) {
		const struct vg_conf_route *r = &conf->static_rules.items[k];

		if (!r->rule || r->no_track || r->rule->no_track || !in_track_group(conf, r->rule->track_group, ci->name))
			return NULL;
		return r->rule->iif;
	}
	return NULL;
}

static uint32_t static_lines(const struct vg_conf *conf)
{
	return conf->static_addrs.count + conf->static_routes.count + conf->static_rules.count;
}

static uint32_t static_track_count(const struct vg_conf *conf, const struct vg_conf_instance *ci)
{
	uint32_t k, n = 0;

	if (!conf->track_groups.count)
		return 0;
	for (k = 0; k < static_lines(conf); k++)
		n += static_tracked(conf, ci, k) != NULL;
	return n;
}

static void add_static_tracks(struct vg_vrrp_plan *p, const struct vg_conf *conf, const struct vg_conf_instance *ci,
			      struct vg_vrrp_config *c, struct slots *sl, struct vg_diags *diags)
{
	uint32_t k, id;
	uint8_t j;

	if (!conf->track_groups.count)
		return;
	for (k = 0; k < static_lines(conf); k++) {
		const char *dev = static_tracked(conf, ci, k);
		struct vg_conf_track_ref r = { .loc = ci->loc, .name = dev };
		bool have = false;

		if (!dev)
			continue;
		id = iface_id(p, dev);
		for (j = 0; j < c->track_count; j++)
			have |= sl->tracks[j].kind == VG_TRACK_IFACE && sl->tracks[j].id == id && !sl->tracks[j].weight;
		if (!have)
			add_track(c, sl, VG_TRACK_IFACE, id, &r, false, diags);
	}
}

/* Is g the sync group ci names (its track_* lines apply to ci)? */
static bool in_group(const struct vg_conf_instance *ci, const struct vg_conf_sync_group *g)
{
	return ci->sync_group && g->name && !strcmp(ci->sync_group, g->name);
}

/* Room in the pools for one instance's lists: at most its lines, at most the limits. */
static void list_bounds(const struct vg_conf *conf, const struct vg_conf_instance *ci, size_t *addrs,
			size_t *tracks)
{
	uint32_t i, t = tracking_count(&ci->track);

	for (i = 0; i < conf->sync_groups.count; i++)
		if (in_group(ci, &conf->sync_groups.items[i]))
			t += tracking_count(&conf->sync_groups.items[i].track);
	*addrs = (ci->vips.count < VG_VRRP_ADDRS_MAX ? ci->vips.count : VG_VRRP_ADDRS_MAX) +
		 (ci->unicast_peers.count < VG_VRRP_PEERS_MAX ? ci->unicast_peers.count : VG_VRRP_PEERS_MAX);
	t += ci->track_src_ip; /* VG_TRACK_SRC_IP */
	t += static_track_count(conf, ci); /* track_group */
	*tracks = t < VG_TRACKS_MAX ? t : VG_TRACKS_MAX;
}

/* The keepalived keywords of one instance the core acts on (docs/config.md). */
static void keepalived_keywords(const struct vg_conf *conf, const struct vg_conf_instance *ci,
				struct vg_vrrp_config *c)
{
	const struct vg_conf_global *gd = &conf->global;
	const struct vg_conf_kv *kv = vg_conf_extra_find(ci->extra, "old_unicast_checksum");
	const struct vg_addr *g = c->family == VG_AF_INET6 ? &gd->vrrp_mcast_group6 : &gd->vrrp_mcast_group4;

	if (ci->mcast_dst_ip.family == c->family)
		c->mcast_group = ci->mcast_dst_ip;
	else if (g->family == c->family)
		c->mcast_group = *g;
	if (ci->unicast_ttl >= 0)
		c->unicast_ttl = (uint8_t)ci->unicast_ttl;
	c->check_unicast_src = ci->check_unicast_src || gd->vrrp_check_unicast_src;
	c->fault_no_peer = ci->unicast_fault_no_peer;
	c->skip_check_adv_addr = ci->skip_check_adv_addr == VG_TRI_ON;
	/* keepalived 2.2.7: strict mode turns higher_prio_send_advert and the lower-priority GARPs off */
	c->higher_prio_send_advert = !ci->strict && (ci->higher_prio_send_advert == VG_TRI_ON ||
						     (ci->higher_prio_send_advert == VG_TRI_UNSET &&
						      gd->vrrp_higher_prio_send_advert == VG_TRI_ON));
	c->dont_track_primary = ci->dont_track_primary;
	if (kv)
		c->old_unicast_checksum = kv->args.count && strcmp(kv->args.items[0], "never") == 0 ?
					  VG_OLD_CKSUM_NEVER : VG_OLD_CKSUM_ALWAYS;
	c->garp_lower_prio_repeat = ci->strict ? 0 : clamp_u8(ci->garp_lower_prio_repeat);
	c->garp_lower_prio_delay_ns = ci->strict ? 0 : ci->garp_lower_prio_delay_ns;
}

/* Does one of the instance's VIPs / eVIPs name another interface (`dev`) than the instance's? */
static bool vip_on_other_iface(const struct vg_conf_instance *ci)
{
	const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };
	uint32_t i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < lists[k]->count; i++)
			if (lists[k]->items[i].dev && (!ci->interface || strcmp(lists[k]->items[i].dev, ci->interface)))
				return true;
	return false;
}

/*
 * keepalived garp_extra_if [all] SECONDS (vrrp_garp_extra_if in global_defs
 * for the instances without one; 0..86400, 0 turns it off). Without `all`
 * keepalived sends only on vmacs it made for a VIP (`use_vmac` on a VIP,
 * which vigil does not make); like keepalived, no other interface means none.
 * A bad value is a warning naming its line and the keyword is ignored.
 */
static void garp_extra_if(const struct vg_conf *conf, const struct vg_conf_instance *ci, struct vg_vrrp_config *c,
			  struct vg_diags *diags)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(ci->extra, "garp_extra_if");
	uint32_t a = 0;
	bool all = false;
	char *end;
	unsigned long v;

	if (!kv)
		kv = vg_conf_extra_find(conf->global.extra, "vrrp_garp_extra_if");
	if (!kv)
		return;
	if (a < kv->args.count && strcmp(kv->args.items[a], "all") == 0) {
		all = true;
		a++;
	}
	v = a + 1 == kv->args.count ? strtoul(kv->args.items[a], &end, 10) : 0;
	if (a + 1 != kv->args.count || *end || kv->args.items[a][0] == '-' || v > 86400) {
		vg_diags_add(diags, VG_DIAG_WARNING, &kv->loc, "invalid-value", NULL,
			     "%s: expected [all] SECONDS (0..86400); ignored", kv->keyword);
		return;
	}
	if (all && vip_on_other_iface(ci))
		c->garp_extra_if_ns = VG_S(v);
}

/* One instance, its lists in `sl`; false if the core cannot run it. */
static bool build_instance(struct vg_vrrp_plan *p, const struct vg_conf *conf, const struct vg_conf_instance *ci,
			   struct vg_vrrp_config *c, struct slots *sl, struct vg_diags *diags)
{
	const char *why;
	uint32_t i;
	size_t n;

	vg_vrrp_config_defaults(c);
	/* vrf without interface: refused as keepalived 2.2.7 does (the parser's "vrf-no-interface" error) */
	if (ci->vrf && !ci->interface)
		return false;
	n = strlen(ci->name ? ci->name : "");
	memcpy(c->name, ci->name ? ci->name : "", n < sizeof(c->name) - 1 ? n : sizeof(c->name) - 1);
	c->ifindex = iface_id(p, ci->interface);
	c->version = ci->version;
	c->family = ci->family;
	c->vrid = ci->virtual_router_id;
	c->priority = ci->priority;
	c->adver_int_cs = (uint16_t)(ci->adver_int_cs > 65535 ? 65535 : ci->adver_int_cs);
	if (c->version == 2 && c->adver_int_cs % 100) {
		/* VRRPv2 carries whole seconds (RFC 3768 5.3.7) */
		c->adver_int_cs = (uint16_t)((c->adver_int_cs + 50) / 100 * 100);
		if (c->adver_int_cs == 0)
			c->adver_int_cs = 100;
	}
	c->init_master = ci->state == VG_CONF_STATE_MASTER;
	c->nopreempt = ci->nopreempt;
	c->preempt_delay_ns = ci->preempt_delay_ns;
	c->accept = ci->accept;
	c->strict = ci->strict;
	c->lower_prio_no_advert = ci->lower_prio_no_advert == VG_TRI_ON ||
				  (ci->lower_prio_no_advert == VG_TRI_UNSET &&
				   conf->global.vrrp_lower_prio_no_advert == VG_TRI_ON);
	c->down_timer_adverts = (uint8_t)(ci->down_timer_adverts >= 1 && ci->down_timer_adverts <= 100 ?
					  ci->down_timer_adverts : 3);
	c->sync_member = ci->sync_group != NULL;
	c->auth_type = ci->auth_type == VG_CONF_AUTH_PASS ? VG_VRRP_AUTH_PASS :
		       ci->auth_type == VG_CONF_AUTH_AH ? VG_VRRP_AUTH_AH : VG_VRRP_AUTH_NONE;
	if (ci->auth_pass) {
		n = strlen(ci->auth_pass);
		memcpy(c->auth_data, ci->auth_pass, n < VG_VRRP_AUTH_LEN ? n : VG_VRRP_AUTH_LEN);
	}
	/* keepalived 2.2.7: with AH a non-owner must learn the sequence number from an advert
	   before it takes over, so `state MASTER` is cleared ("Initial state master is
	   incompatible with AH authentication - clearing") */
	if (c->auth_type == VG_VRRP_AUTH_AH && c->init_master && c->priority != 255) {
		c->init_master = false;
		vg_diags_add(diags, VG_DIAG_WARNING, &ci->loc, "ah-master", NULL,
			     "vrrp_instance %s: state MASTER is incompatible with auth_type AH: starting as BACKUP "
			     "(as keepalived)", ci->name ? ci->name : "?");
	}
	c->vips = sl->vips;
	c->peers = sl->peers;
	c->tracks = sl->tracks;
	for (i = 0; i < ci->vips.count && c->vip_count < VG_VRRP_ADDRS_MAX; i++)
		if (ci->vips.items[i].addr.family == c->family)
			sl->vips[c->vip_count++] = ci->vips.items[i].addr;
	if (ci->unicast_src_ip.family != VG_AF_NONE)
		c->src_addr = ci->unicast_src_ip;
	else if (ci->mcast_src_ip.family != VG_AF_NONE)
		c->src_addr = ci->mcast_src_ip;
	else if (ci->use_ipvlan && ci->ipvlan_addr.family == c->family)
		c->src_addr = ci->ipvlan_addr; /* keepalived 2.2.7: the ipvlan's address is the adverts' source */
	for (i = 0; i < ci->unicast_peers.count && c->peer_count < VG_VRRP_PEERS_MAX; i++)
		sl->peers[c->peer_count++] = ci->unicast_peers.items[i].addr;
	c->garp_delay_ns = ci->garp_master_delay_ns;
	c->garp_repeat = clamp_u8(ci->garp_master_repeat);
	c->garp_refresh_ns = ci->garp_master_refresh_ns;
	c->garp_refresh_repeat = clamp_u8(ci->garp_master_refresh_repeat);
	keepalived_keywords(conf, ci, c);
	garp_extra_if(conf, ci, c, diags);

	add_tracking(p, conf, c, sl, &ci->track, diags);
	src_ip_track(ci, c, p->inst_count, sl, diags); /* its config id once built */
	add_static_tracks(p, conf, ci, c, sl, diags);
	for (i = 0; i < conf->sync_groups.count; i++)
		if (in_group(ci, &conf->sync_groups.items[i]))
			add_tracking(p, conf, c, sl, &conf->sync_groups.items[i].track, diags);
	if (!c->vip_count)
		c->vips = NULL;
	if (!c->peer_count)
		c->peers = NULL;
	if (!c->track_count)
		c->tracks = NULL;

	why = vg_vrrp_config_check(c);
	if (why) {
		vg_diags_add(diags, VG_DIAG_ERROR, &ci->loc, "instance-not-run", NULL,
			     "vrrp_instance %s cannot run: %s", ci->name ? ci->name : "?", why);
		return false;
	}
	return true;
}

/* Is instance `idx` already a member of g (a group may name it twice)? */
/* The first sync group naming instance `name` (keepalived ignores later ones), or count. */
static uint32_t first_group_of(const struct vg_conf *conf, const char *name)
{
	uint32_t i;

	for (i = 0; i < conf->sync_groups.count; i++) {
		const struct vg_conf_sync_group *cg = &conf->sync_groups.items[i];
		for (uint32_t k = 0; k < cg->group.count; k++)
			if (!strcmp(cg->group.items[k], name))
				return i;
	}
	return i;
}

static bool group_has(const struct vg_sync_group *g, uint16_t idx)
{
	uint8_t m;

	for (m = 0; m < g->count; m++)
		if (g->members[m] == idx)
			return true;
	return false;
}

uint16_t vg_vrrp_plan_garp_group(const struct vg_conf *conf, const char *name)
{
	uint32_t i, k;

	for (i = 0; name && i < conf->garp_groups.count && i < UINT16_MAX - 1; i++) {
		const struct vg_conf_garp_group *gg = &conf->garp_groups.items[i];

		if (gg->interface && !strcmp(gg->interface, name))
			return (uint16_t)(i + 1);
		for (k = 0; k < gg->interfaces.count; k++)
			if (!strcmp(gg->interfaces.items[k], name))
				return (uint16_t)(i + 1);
	}
	return 0;
}

uint32_t vg_vrrp_plan_table(const struct vg_vrrp_plan *p, uint16_t inst, bool rule, uint32_t k)
{
	const struct vg_conf_instance *ci;

	if (!p->tables || inst >= p->inst_count)
		return VG_RT_TABLE_UNRESOLVED;
	ci = p->src[inst];
	if (k >= (rule ? ci->rules.count : ci->routes.count))
		return VG_RT_TABLE_UNRESOLVED;
	return p->tables[p->table_first[inst] + (rule ? ci->routes.count : 0) + k];
}

/* The table of one route/rule line (keepalived: "Routing table X not found"). */
static uint32_t resolve_table(const struct vg_conf_route *line, const struct vg_vrrp_plan_opts *opts,
			      struct vg_diags *diags)
{
	const struct vg_conf_rt_table *t = line->route ? &line->route->table : line->rule ? &line->rule->table : NULL;
	uint32_t id;

	if (!t)
		return VG_RT_TABLE_UNRESOLVED; /* the line did not parse: the parser reported it */
	if (vg_conf_rt_table_resolve(t, opts ? opts->rt_tables : NULL, &id) == 0)
		return id;
	if (opts && opts->rt_tables)
		vg_diags_add(diags, VG_DIAG_ERROR, &t->name_loc, "unknown-table", NULL,
			     "routing table '%s' is not a number, a built-in name or a name of rt_tables "
			     "(keepalived skips this %s)", t->name, line->route ? "route" : "rule");
	return VG_RT_TABLE_UNRESOLVED;
}

/* Resolve the tables of every plan instance (and check the static lists'). */
static int resolve_tables(const struct vg_conf *conf, struct vg_vrrp_plan *p, const struct vg_vrrp_plan_opts *opts,
			  struct vg_diags *diags)
{
	size_t n = 0, at = 0;
	uint32_t i, k;

	for (i = 0; i < p->inst_count; i++)
		n += (size_t)p->src[i]->routes.count + p->src[i]->rules.count;
	p->tables = calloc(n + 1, sizeof(*p->tables));
	p->table_first = calloc((size_t)p->inst_count + 1, sizeof(*p->table_first));
	if (!p->tables || !p->table_first)
		return VG_CONF_ERR_NOMEM;
	for (i = 0; i < p->inst_count; i++) {
		const struct vg_conf_instance *ci = p->src[i];

		p->table_first[i] = (uint32_t)at;
		for (k = 0; k < ci->routes.count; k++)
			p->tables[at++] = resolve_table(&ci->routes.items[k], opts, diags);
		for (k = 0; k < ci->rules.count; k++)
			p->tables[at++] = resolve_table(&ci->rules.items[k], opts, diags);
	}
	p->static_tables = calloc((size_t)conf->static_routes.count + conf->static_rules.count + 1,
				  sizeof(*p->static_tables));
	if (!p->static_tables)
		return VG_CONF_ERR_NOMEM;
	for (k = 0; k < conf->static_routes.count; k++)
		p->static_tables[k] = resolve_table(&conf->static_routes.items[k], opts, diags);
	for (k = 0; k < conf->static_rules.count; k++)
		p->static_tables[conf->static_routes.count + k] =
			resolve_table(&conf->static_rules.items[k], opts, diags);
	return 0;
}

uint32_t vg_vrrp_plan_static_table(const struct vg_vrrp_plan *p, const struct vg_conf *conf, bool rule, uint32_t k)
{
	if (!p->static_tables || k >= (rule ? conf->static_rules.count : conf->static_routes.count))
		return VG_RT_TABLE_UNRESOLVED;
	return p->static_tables[rule ? conf->static_routes.count + k : k];
}

unsigned vg_vrrp_plan_check_tables(const struct vg_conf *conf, const struct vg_rt_tables *tables,
				   struct vg_diags *diags)
{
	const struct vg_vrrp_plan_opts opts = { tables };
	unsigned bad = 0;
	uint32_t i, k;

	for (i = 0; i < conf->instances.count; i++) {
		const struct vg_conf_instance *ci = &conf->instances.items[i];

		for (k = 0; k < ci->routes.count; k++)
			bad += resolve_table(&ci->routes.items[k], &opts, diags) == VG_RT_TABLE_UNRESOLVED &&
			       (ci->routes.items[k].route != NULL);
		for (k = 0; k < ci->rules.count; k++)
			bad += resolve_table(&ci->rules.items[k], &opts, diags) == VG_RT_TABLE_UNRESOLVED &&
			       (ci->rules.items[k].rule != NULL);
	}
	for (k = 0; k < conf->static_routes.count; k++)
		bad += resolve_table(&conf->static_routes.items[k], &opts, diags) == VG_RT_TABLE_UNRESOLVED &&
		       (conf->static_routes.items[k].route != NULL);
	for (k = 0; k < conf->static_rules.count; k++)
		bad += resolve_table(&conf->static_rules.items[k], &opts, diags) == VG_RT_TABLE_UNRESOLVED &&
		       (conf->static_rules.items[k].rule != NULL);
	return bad;
}

int vg_vrrp_plan_build(const struct vg_conf *conf, struct vg_vrrp_plan *p, struct vg_diags *diags)
{
	return vg_vrrp_plan_build_with(conf, NULL, p, diags);
}

int vg_vrrp_plan_build_with(const struct vg_conf *conf, const struct vg_vrrp_plan_opts *opts,
			    struct vg_vrrp_plan *p, struct vg_diags *diags)
{
	uint32_t i, j;
	int rc = 0;
	uint16_t *index_of; /* conf instance index -> plan index, or UINT16_MAX */
	size_t addrs = 0, tracks = 0, na, nt;
	struct slots sl;

	memset(p, 0, sizeof(*p));
	if (conf->instances.count > UINT16_MAX - 1)
		return VG_CONF_ERR_NOMEM;
	for (i = 0; i < conf->instances.count; i++) {
		list_bounds(conf, &conf->instances.items[i], &na, &nt);
		addrs += na;
		tracks += nt;
	}
	p->cfg = calloc(conf->instances.count + 1, sizeof(*p->cfg));
	p->src = calloc(conf->instances.count + 1, sizeof(*p->src));
	p->groups = calloc(conf->sync_groups.count + 1, sizeof(*p->groups));
	p->group_src = calloc(conf->sync_groups.count + 1, sizeof(*p->group_src));
	p->addrs = calloc(addrs + 1, sizeof(*p->addrs));
	p->tracks = calloc(tracks + 1, sizeof(*p->tracks));
	index_of = calloc(conf->instances.count + 1, sizeof(*index_of));
	if (!p->cfg || !p->src || !p->groups || !p->group_src || !p->addrs || !p->tracks || !index_of) {
		free(index_of);
		vg_vrrp_plan_free(p);
		return VG_CONF_ERR_NOMEM;
	}
	sl.vips = p->addrs;
	sl.tracks = p->tracks;
	for (i = 0; i < conf->instances.count; i++) {
		const struct vg_conf_instance *ci = &conf->instances.items[i];
		struct vg_vrrp_config *c = &p->cfg[p->inst_count];
		bool ok;

		index_of[i] = UINT16_MAX;
		list_bounds(conf, ci, &na, &nt);
		sl.peers = sl.vips + (ci->vips.count < VG_VRRP_ADDRS_MAX ? ci->vips.count : VG_VRRP_ADDRS_MAX);
		ok = build_instance(p, conf, ci, c, &sl, diags);
		sl.vips += na;
		sl.tracks += nt;
		if (!ok) {
			rc = -1;
			continue;
		}
		c->id = p->inst_count;
		p->src[p->inst_count] = ci;
		index_of[i] = p->inst_count++;
	}
	for (i = 0; i < conf->sync_groups.count; i++) {
		const struct vg_conf_sync_group *cg = &conf->sync_groups.items[i];
		struct vg_sync_group *g = &p->groups[p->group_count];
		size_t n = strlen(cg->name ? cg->name : "");

		memset(g, 0, sizeof(*g));
		g->id = p->group_count;
		memcpy(g->name, cg->name ? cg->name : "", n < sizeof(g->name) - 1 ? n : sizeof(g->name) - 1);
		for (j = 0; j < cg->group.count; j++) {
			uint32_t k;

			/* one name can match several instances (duplicate names): bound each append */
			for (k = 0; k < conf->instances.count && g->count < VG_SYNC_MEMBERS_MAX; k++) {
				const struct vg_conf_instance *ci = &conf->instances.items[k];

				/* a member of the first group naming it only (names are shared text: compare places) */
				if (index_of[k] != UINT16_MAX && ci->name && !strcmp(ci->name, cg->group.items[j]) &&
				    ci->sync_group && first_group_of(conf, ci->name) == i && !group_has(g, index_of[k]))
					g->members[g->count++] = index_of[k];
			}
		}
		if (g->count > 0)
			p->group_src[p->group_count++] = cg;
	}
	/* an instance that names a group which did not make it runs alone */
	for (i = 0; i < p->inst_count; i++) {
		bool member = false;

		for (j = 0; j < p->group_count && !member; j++) {
			uint8_t k;

			for (k = 0; k < p->groups[j].count; k++)
				member |= p->groups[j].members[k] == i;
		}
		p->cfg[i].sync_member = member;
	}
	free(index_of);
	for (i = 0; i < p->iface_count; i++)
		p->iface_garp[i] = vg_vrrp_plan_garp_group(conf, p->ifaces[i]);
	if (resolve_tables(conf, p, opts, diags) == VG_CONF_ERR_NOMEM) {
		vg_vrrp_plan_free(p);
		return VG_CONF_ERR_NOMEM;
	}
	return rc;
}

void vg_vrrp_plan_free(struct vg_vrrp_plan *p)
{
	free(p->cfg);
	free(p->src);
	free(p->groups);
	free(p->group_src);
	free(p->addrs);
	free(p->tracks);
	free(p->tables);
	free(p->table_first);
	free(p->static_tables);
	memset(p, 0, sizeof(*p));
}
