// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the cross-node checks (see cluster.h).
 *
 * Codes:
 *   cluster-unpaired         an instance no other node has (same VRID/interface/family)
 *   cluster-vrid-mismatch    one instance name, different VRIDs on different nodes
 *   cluster-advert-mismatch  advert_int differs (RFC 5798 6.4.2 / RFC 3768 7.1 drop such adverts)
 *   cluster-auth-mismatch    authentication differs (keepalived drops the adverts)
 *   cluster-vip-mismatch     the VIP sets differ
 *   cluster-dual-master      two nodes with state MASTER at the same priority
 *   cluster-two-owners       two nodes with priority 255 for one virtual router
 *   cluster-track-ineffective  a tracked object whose failure does not move the VIPs
 *   cluster-peer-missing     a node's unicast_peer list leaves out another node of the router
 */
#include "conf/cluster.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct member {
	uint32_t node;
	const struct vg_conf_instance *in;
};

struct cctx {
	const struct vg_cluster_node *nodes;
	size_t count;
	struct vg_diags *out;
	struct vg_cluster_report *rep;
	uint32_t added;
};

static void add(struct cctx *c, enum vg_diag_severity sev, const struct vg_conf_loc *loc, const char *code,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add(struct cctx *c, enum vg_diag_severity sev, const struct vg_conf_loc *loc, const char *code,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vg_diags_vadd(c->out, sev, loc, code, NULL, fmt, ap);
	va_end(ap);
	c->added++;
}

static const char *nm(const struct vg_conf_instance *in)
{
	return in->name ? in->name : "?";
}

static bool same_router(const struct vg_conf_instance *a, const struct vg_conf_instance *b)
{
	if (!a->virtual_router_id || a->virtual_router_id != b->virtual_router_id || a->family != b->family)
		return false;
	if (a->interface && b->interface)
		return strcmp(a->interface, b->interface) == 0 ||
		       (a->name && b->name && strcmp(a->name, b->name) == 0);
	return true;
}

static bool vip_in(const struct vg_conf_vip *v, const struct vg_conf_vips *set)
{
	for (uint32_t i = 0; i < set->count; i++)
		if (vg_addr_eq(&v->addr, &set->items[i].addr) && v->prefix_len == set->items[i].prefix_len)
			return true;
	return false;
}

static bool same_vips(const struct vg_conf_vips *a, const struct vg_conf_vips *b)
{
	for (uint32_t i = 0; i < a->count; i++)
		if (!vip_in(&a->items[i], b))
			return false;
	for (uint32_t i = 0; i < b->count; i++)
		if (!vip_in(&b->items[i], a))
			return false;
	return true;
}

static int32_t clamp_prio(int32_t p)
{
	return p < 1 ? 1 : p > 254 ? 254 : p;
}

/* The change a tracked object makes when it is up (>= 0) or down (<= 0). */
static void weight_effect(const struct vg_conf_track_ref *r, int32_t *up, int32_t *down)
{
	int32_t w = r->weight_effective;

	*up = *down = 0;
	if (r->reverse)
		w = -w;
	if (w > 0)
		*up = w;
	else
		*down = w;
}

static const struct vg_conf_track_refs *refs_of(const struct vg_conf_instance *in, int k, const char **kind)
{
	static const char kinds[][10] = { "interface", "script", "file", "process", "bfd" };
	*kind = kinds[k];
	switch (k) {
	case 0: return &in->track.interfaces;
	case 1: return &in->track.scripts;
	case 2: return &in->track.files;
	case 3: return &in->track.processes;
	default: return &in->track.bfds;
	}
}

/* Priority with everything tracked healthy (owners do not move). */
static int32_t healthy_priority(const struct vg_conf_instance *in)
{
	int32_t p = in->priority;
	const char *kind;

	if (p == 255)
		return p;
	for (int k = 0; k < 5; k++) {
		const struct vg_conf_track_refs *r = refs_of(in, k, &kind);
		for (uint32_t i = 0; i < r->count; i++) {
			int32_t up, down;
			weight_effect(&r->items[i], &up, &down);
			p += up;
		}
	}
	return p >= 255 ? 254 : clamp_prio(p);
}

static void check_pair(struct cctx *c, const struct member *m, uint32_t n)
{
	const struct member *a = &m[0];

	for (uint32_t i = 1; i < n; i++) {
		const struct member *b = &m[i];
		const char *an = c->nodes[a->node].name, *bn = c->nodes[b->node].name;
		if (a->in->adver_int_cs != b->in->adver_int_cs)
			add(c, VG_DIAG_ERROR, b->in->adver_int_loc.line ? &b->in->adver_int_loc : &b->in->loc,
			    "cluster-advert-mismatch",
			    "(%s) advert_int %u.%02u s here but %u.%02u s on %s: VRRP routers drop adverts "
			    "with another interval, so both become MASTER",
			    nm(b->in), b->in->adver_int_cs / 100, b->in->adver_int_cs % 100,
			    a->in->adver_int_cs / 100, a->in->adver_int_cs % 100, an);
		if (a->in->auth_type != b->in->auth_type ||
		    (a->in->auth_type != VG_CONF_AUTH_NONE &&
		     strcmp(a->in->auth_pass ? a->in->auth_pass : "", b->in->auth_pass ? b->in->auth_pass : "") != 0))
			add(c, VG_DIAG_ERROR, b->in->auth_loc.line ? &b->in->auth_loc : &b->in->loc,
			    "cluster-auth-mismatch",
			    "(%s) authentication differs from %s (%s here, %s there%s): keepalived drops "
			    "adverts that fail authentication, so both become MASTER",
			    nm(b->in), an, vg_conf_auth_name(b->in->auth_type), vg_conf_auth_name(a->in->auth_type),
			    a->in->auth_type == b->in->auth_type ? ", different passwords" : "");
		if (!same_vips(&a->in->vips, &b->in->vips))
			add(c, VG_DIAG_ERROR, b->in->vips_loc.line ? &b->in->vips_loc : &b->in->loc,
			    "cluster-vip-mismatch",
			    "(%s) virtual_ipaddress differs from %s (%u address%s here, %u there): failover "
			    "moves a different set of addresses, and VRRPv2 peers may reject the adverts",
			    nm(b->in), an, b->in->vips.count, b->in->vips.count == 1 ? "" : "es", a->in->vips.count);
		if (a->in->state_set && b->in->state_set && a->in->state == VG_CONF_STATE_MASTER &&
		    b->in->state == VG_CONF_STATE_MASTER && a->in->priority == b->in->priority)
			add(c, VG_DIAG_WARNING, &b->in->state_loc, "cluster-dual-master",
			    "(%s) both this node and %s are 'state MASTER' with priority %u: the master is "
			    "chosen by the higher primary IP address; give the intended master a higher "
			    "priority",
			    nm(b->in), an, b->in->priority);
		(void)bn;
	}
}

/*
 * RFC 5798 1, 6.1: one virtual router has at most one owner (the node whose
 * interface addresses are the VIPs), and only it uses priority 255. Two
 * nodes at 255 each claim the addresses: both go MASTER at once on startup
 * and each takes the VIPs back whenever it restarts.
 */
static void check_owners(struct cctx *c, const struct member *m, uint32_t n)
{
	const struct member *owner = NULL;

	for (uint32_t i = 0; i < n; i++) {
		if (m[i].in->priority != 255)
			continue;
		if (!owner) {
			owner = &m[i];
			continue;
		}
		add(c, VG_DIAG_ERROR, m[i].in->priority_loc.line ? &m[i].in->priority_loc : &m[i].in->loc,
		    "cluster-two-owners",
		    "(%s) priority 255 here and on %s: both claim to own the VIPs (a virtual router has one "
		    "owner, RFC 5798 1), so both go MASTER at once on startup and each takes the VIPs back "
		    "whenever it restarts; keep 255 only on the node whose interfaces hold the addresses",
		    nm(m[i].in), c->nodes[owner->node].name);
	}
}

static void check_failover(struct cctx *c, const struct member *m, uint32_t n)
{
	uint32_t mi = 0, bi;
	int32_t best = -1;
	const char *kind;

	/* the master: highest healthy priority */
	for (uint32_t i = 1; i < n; i++)
		if (healthy_priority(m[i].in) > healthy_priority(m[mi].in))
			mi = i;
	bi = mi;
	for (uint32_t i = 0; i < n; i++) {
		if (i != mi && healthy_priority(m[i].in) > best) {
			best = healthy_priority(m[i].in);
			bi = i;
		}
	}
	if (bi == mi)
		return;
	for (int k = 0; k < 5; k++) {
		const struct vg_conf_track_refs *r = refs_of(m[mi].in, k, &kind);
		for (uint32_t i = 0; i < r->count; i++) {
			const struct vg_conf_track_ref *ref = &r->items[i];
			int32_t up, down, prio = healthy_priority(m[mi].in), failed;
			bool moves;
			if (k == 1 && !vg_conf_find_script(c->nodes[m[mi].node].conf, ref->name))
				continue; /* ignored by keepalived; the parser says so */
			weight_effect(ref, &up, &down);
			if (ref->weight_effective == 0 || m[mi].in->priority == 255)
				failed = 0; /* FAULT: the VIPs always move */
			else
				failed = clamp_prio(prio - up + down);
			moves = failed < best;
			if (c->rep && c->rep->count < VG_CLUSTER_FAILOVERS_MAX) {
				struct vg_cluster_failover *f = &c->rep->items[c->rep->count++];
				f->node = m[mi].node;
				f->instance = m[mi].in;
				f->ref = ref;
				f->kind = kind;
				f->priority = prio;
				f->failed_priority = failed;
				f->backup_node = m[bi].node;
				f->backup_priority = best;
				f->moves = moves;
			}
			if (moves)
				continue;
			add(c, failed == best ? VG_DIAG_WARNING : VG_DIAG_ERROR, &ref->loc, "cluster-track-ineffective",
			    "(%s) when %s '%s' fails here, priority drops from %d to %d, %s the backup %s "
			    "(priority %d): %s; |weight| must exceed the gap of %d",
			    nm(m[mi].in), kind, ref->name, prio, failed, failed == best ? "equal to" : "still above",
			    c->nodes[m[bi].node].name, best,
			    failed == best ? "the tie is broken by IP address, so failover is not guaranteed"
					   : "the VIPs do not move",
			    prio - best);
		}
	}
}

static bool peer_in(const struct vg_addr *a, const struct vg_conf_unicast_peers *p)
{
	for (uint32_t i = 0; i < p->count; i++)
		if (vg_addr_eq(a, &p->items[i].addr))
			return true;
	return false;
}

/*
 * The address a member sends its adverts from: unicast_src_ip when written;
 * else, when the other members' unicast_peer lists name exactly one address
 * its own list does not (and that is no other member's known address), that
 * one. Returns false when it cannot be told.
 */
static bool own_address(const struct member *m, uint32_t n, uint32_t j, struct vg_addr *out)
{
	const struct vg_conf_instance *in = m[j].in;
	bool found = false;

	if (in->unicast_src_ip.family != VG_AF_NONE) {
		*out = in->unicast_src_ip;
		return true;
	}
	if (!in->unicast_peers.count)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		const struct vg_conf_unicast_peers *p = &m[i].in->unicast_peers;
		if (i == j)
			continue;
		for (uint32_t k = 0; k < p->count; k++) {
			const struct vg_addr *a = &p->items[k].addr;
			bool other = false;
			if (peer_in(a, &in->unicast_peers) || (found && vg_addr_eq(a, out)))
				continue;
			for (uint32_t o = 0; o < n && !other; o++)
				other = o != j && m[o].in->unicast_src_ip.family != VG_AF_NONE &&
					vg_addr_eq(a, &m[o].in->unicast_src_ip);
			if (other)
				continue;
			if (found)
				return false; /* two candidates: cannot tell */
			*out = *a;
			found = true;
		}
	}
	return found;
}

/*
 * With unicast, a node hears only the nodes that list it: a node whose
 * unicast_peer list leaves out another node of the same virtual router
 * sends it no adverts, so when it is MASTER that node also becomes MASTER
 * (RFC 5798 6.4.2: Master_Down_Timer fires without adverts): a split brain
 * on the failover that makes this node MASTER.
 */
static void check_peers(struct cctx *c, const struct member *m, uint32_t n)
{
	struct vg_addr own[VG_CLUSTER_NODES_MAX];
	bool known[VG_CLUSTER_NODES_MAX];

	for (uint32_t j = 0; j < n; j++)
		known[j] = own_address(m, n, j, &own[j]);
	for (uint32_t i = 0; i < n; i++) {
		const struct vg_conf_instance *in = m[i].in;
		char a[VG_ADDR_STRLEN];
		if (!in->unicast_peers.count)
			continue;
		for (uint32_t j = 0; j < n; j++) {
			if (j == i || !known[j] || peer_in(&own[j], &in->unicast_peers) ||
			    (known[i] && vg_addr_eq(&own[i], &own[j])))
				continue;
			vg_addr_format(&own[j], a, sizeof(a));
			add(c, VG_DIAG_WARNING, in->unicast_peer_loc.line ? &in->unicast_peer_loc : &in->loc,
			    "cluster-peer-missing",
			    "(%s) unicast_peer leaves out %s, the address of %s on %s (VRID %u): when this node "
			    "is MASTER, %s hears no adverts from it and becomes MASTER too (split brain on failover)",
			    nm(in), a, nm(m[j].in), c->nodes[m[j].node].name, in->virtual_router_id,
			    c->nodes[m[j].node].name);
		}
	}
}

uint32_t vg_cluster_check(const struct vg_cluster_node *nodes, size_t count, struct vg_diags *out,
			  struct vg_cluster_report *rep)
{
	struct cctx c = { nodes, count, out, rep, 0 };
	struct member m[VG_CLUSTER_NODES_MAX];
	uint32_t first = out ? out->count : 0;

	assert(out && (nodes || count == 0));
	if (rep)
		rep->count = 0;
	if (count > VG_CLUSTER_NODES_MAX)
		count = VG_CLUSTER_NODES_MAX;
	/* same name, different VRID */
	for (uint32_t a = 0; a < count; a++) {
		for (uint32_t b = a + 1; b < count; b++) {
			const struct vg_conf *ca = nodes[a].conf, *cb = nodes[b].conf;
			for (uint32_t i = 0; i < cb->instances.count; i++) {
				const struct vg_conf_instance *ib = &cb->instances.items[i];
				const struct vg_conf_instance *ia = vg_conf_find_instance(ca, ib->name);
				if (ia && ia->virtual_router_id != ib->virtual_router_id)
					add(&c, VG_DIAG_ERROR, ib->vrid_loc.line ? &ib->vrid_loc : &ib->loc,
					    "cluster-vrid-mismatch",
					    "(%s) virtual_router_id %u here but %u on %s: the nodes are two separate "
					    "virtual routers and each becomes MASTER",
					    nm(ib), ib->virtual_router_id, ia->virtual_router_id, nodes[a].name);
			}
		}
	}
	/* group instances into virtual routers: the first node that has one leads */
	for (uint32_t a = 0; a < count; a++) {
		const struct vg_conf *ca = nodes[a].conf;
		for (uint32_t i = 0; i < ca->instances.count; i++) {
			const struct vg_conf_instance *in = &ca->instances.items[i];
			uint32_t n = 0;
			bool seen = false;
			if (!in->virtual_router_id)
				continue;
			for (uint32_t p = 0; p < a && !seen; p++)
				for (uint32_t k = 0; k < nodes[p].conf->instances.count && !seen; k++)
					seen = same_router(&nodes[p].conf->instances.items[k], in);
			if (seen)
				continue;
			m[n++] = (struct member){ a, in };
			for (uint32_t b = a + 1; b < count; b++) {
				const struct vg_conf *cb = nodes[b].conf;
				for (uint32_t k = 0; k < cb->instances.count; k++) {
					if (same_router(in, &cb->instances.items[k])) {
						m[n++] = (struct member){ b, &cb->instances.items[k] };
						break;
					}
				}
			}
			if (n == 1) {
				add(&c, VG_DIAG_WARNING, &in->loc, "cluster-unpaired",
				    "(%s) VRID %u on %s exists on no other node given: it has no backup",
				    nm(in), in->virtual_router_id, in->interface ? in->interface : "(no interface)");
				continue;
			}
			check_pair(&c, m, n);
			check_owners(&c, m, n);
			check_peers(&c, m, n);
			check_failover(&c, m, n);
		}
	}
	for (size_t i = 0; i < count; i++) /* each fills the lines of its own files */
		vg_conf_diags_fill_text(nodes[i].conf, out, first);
	return c.added;
}
