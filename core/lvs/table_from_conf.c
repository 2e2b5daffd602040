// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the table a configuration programs (see table_from_conf.h).
 *
 * Each rule cites the keepalived 2.2.7 function it follows (read for the
 * facts, no code taken): ipvswrapper.c ipvs_set_srule / ipvs_set_drule /
 * ipvs_cmd / ipvs_group_cmd / ipvs_group_range_cmd, ipwrapper.c
 * init_service_vs / init_service_rs, check_parser.c lbflags_handler /
 * pgr_handler, check_data.c validate_check_config. Messages quoted in the
 * diagnostics are keepalived's own, so a user can match them with
 * `keepalived -t` output.
 */
#include "lvs/table_from_conf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE "lvs-keepalived"

static uint8_t kernel_fwd(uint8_t fwd)
{
	return fwd == VG_LVS_FWD_DR ? VG_IPVS_FWD_DROUTE : fwd == VG_LVS_FWD_TUN ? VG_IPVS_FWD_TUNNEL : VG_IPVS_FWD_MASQ;
}

/* Does the virtual server have an address key (ops and the port rules apply)? */
static bool has_addr_keys(const struct vg_lvs_conf_map *map, const struct vg_lvs_conf_service *cs)
{
	for (uint32_t k = cs->key_first; k < cs->key_first + cs->key_count; k++)
		if (map->keys[k].kind == VG_LVS_VS_ADDR)
			return true;
	return false;
}

/* lbflags_handler(): flag-1..3 for any scheduler, sh-* only with sh, mh-* only with mh. */
static uint32_t sched_flags(const struct vg_conf_virtual_server *vs, uint8_t sched, struct vg_diags *diags)
{
	static const struct {
		char name[12];
		uint32_t flag;
		int8_t only; /* scheduler it needs, -1 any */
	} words[] = {
		{ "flag-1", VG_IPVS_SVC_F_SCHED1, -1 },		{ "flag-2", VG_IPVS_SVC_F_SCHED2, -1 },
		{ "flag-3", VG_IPVS_SVC_F_SCHED3, -1 },		{ "sh-fallback", VG_IPVS_SVC_F_SCHED1, VG_LVS_SCHED_SH },
		{ "sh-port", VG_IPVS_SVC_F_SCHED2, VG_LVS_SCHED_SH }, { "mh-fallback", VG_IPVS_SVC_F_SCHED1, VG_LVS_SCHED_MH },
		{ "mh-port", VG_IPVS_SVC_F_SCHED2, VG_LVS_SCHED_MH },
	};
	uint32_t flags = 0;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const struct vg_conf_kv *kv = vg_conf_extra_find(vs->extra, words[i].name);

		if (!kv)
			continue;
		if (words[i].only >= 0 && words[i].only != sched) {
			if (diags)
				vg_diags_add(diags, VG_DIAG_WARNING, &kv->loc, CODE, NULL,
					     "%s only applies to sh scheduler - ignoring (keepalived 2.2.7: "
					     "the scheduler is '%s')",
					     words[i].name, vg_lvs_sched_name((enum vg_lvs_sched_kind)sched));
			continue;
		}
		if (words[i].only < 0 && sched != VG_LVS_SCHED_SH && sched != VG_LVS_SCHED_MH && diags)
			vg_diags_add(diags, VG_DIAG_WARNING, &kv->loc, CODE, NULL,
				     "%s: the kernel's %s scheduler takes no flag; it is stored and has no effect",
				     words[i].name, vg_lvs_sched_name((enum vg_lvs_sched_kind)sched));
		else if (words[i].only < 0 && words[i].flag == VG_IPVS_SVC_F_SCHED3 && diags)
			vg_diags_add(diags, VG_DIAG_WARNING, &kv->loc, CODE, NULL,
				     "flag-3: the kernel's %s scheduler uses flag-1 and flag-2 only; it has no effect",
				     vg_lvs_sched_name((enum vg_lvs_sched_kind)sched));
		flags |= words[i].flag;
	}
	return flags;
}

static void attrs(const struct vg_lvs_conf_map *map, const struct vg_lvs_conf_service *cs, struct vg_lvs_tsvc *out,
		  struct vg_diags *diags)
{
	const struct vg_lvs_service_config *cfg = &cs->cfg;
	const struct vg_conf_virtual_server *vs = cs->vs;
	bool persistent = cfg->persistent;

	memset(out, 0, sizeof(*out));
	snprintf(out->sched, sizeof(out->sched), "%s", vg_lvs_sched_name((enum vg_lvs_sched_kind)cfg->sched.kind));
	out->flags = vs ? sched_flags(vs, cfg->sched.kind, diags) : cfg->sched.flags;
	/* validate_check_config(): "one packet scheduling requires UDP - resetting" for address services */
	if (cfg->ops && (cfg->protocol == VG_LVS_PROTO_UDP || !has_addr_keys(map, cs)))
		out->flags |= VG_IPVS_SVC_F_ONEPACKET;
	/* pgr_handler(): persistence_granularity alone makes the service persistent (360 s) */
	if (!persistent && vs && vs->persistence_granularity.family != VG_AF_NONE)
		persistent = true;
	/* validate_check_config(): a group address without a port makes it persistent */
	if (!persistent && vs && cfg->kind == VG_LVS_VS_GROUP)
		for (uint32_t k = cs->key_first; k < cs->key_first + cs->key_count; k++)
			if (map->keys[k].kind == VG_LVS_VS_ADDR && map->keys[k].port == 0)
				persistent = true;
	if (!persistent)
		return;
	/* ipvs_set_srule() */
	out->flags |= VG_IPVS_SVC_F_PERSISTENT;
	out->timeout_s = cfg->persistent ? cfg->persistence_timeout_s : 360;
	if (vs && vs->persistence_engine)
		snprintf(out->pe_name, sizeof(out->pe_name), "%s", vs->persistence_engine);
}

void vg_lvs_table_service_attrs(const struct vg_lvs_conf_map *map, const struct vg_lvs_conf_service *cs,
				struct vg_lvs_tsvc *out)
{
	attrs(map, cs, out, NULL);
}

/* ipvs_set_srule(): the netmask of one key; ipvs_group_range_cmd / ipvs_group_cmd reset it for groups. */
static uint32_t netmask(const struct vg_lvs_conf_service *cs, const struct vg_lvs_vs_key *k, const struct vg_lvs_tsvc *a)
{
	const struct vg_addr *g = cs->vs ? &cs->vs->persistence_granularity : NULL;
	uint32_t host = k->family == VG_AF_INET6 ? 128 : 0xffffffffu;

	if (!(a->flags & VG_IPVS_SVC_F_PERSISTENT) || cs->cfg.kind == VG_LVS_VS_GROUP || !g || g->family == VG_AF_NONE)
		return host;
	if (k->family == VG_AF_INET6)
		return cs->cfg.persistence_granularity_bits ? cs->cfg.persistence_granularity_bits : 128;
	return (uint32_t)g->bytes[0] << 24 | (uint32_t)g->bytes[1] << 16 | (uint32_t)g->bytes[2] << 8 | g->bytes[3];
}

static void tun_of(struct vg_lvs_tdest *d, const struct vg_conf_tun *t)
{
	if (d->fwd != VG_IPVS_FWD_TUNNEL || !t)
		return;
	d->tun_type = t->type == VG_CONF_TUN_GUE ? VG_IPVS_TUN_GUE : t->type == VG_CONF_TUN_GRE ? VG_IPVS_TUN_GRE : VG_IPVS_TUN_IPIP;
	d->tun_port = t->port;
	d->tun_flags = t->csum == VG_CONF_TUN_CSUM ? VG_IPVS_TUN_F_CSUM : t->csum == VG_CONF_TUN_REMCSUM ? VG_IPVS_TUN_F_REMCSUM : 0;
}

/* The sorry server's tunnel options: sorry_server_lvs_method TUN ..., else the virtual server's. */
static bool sorry_tun(const struct vg_conf_virtual_server *vs, struct vg_conf_tun *t)
{
	const struct vg_conf_kv *kv = vs ? vg_conf_extra_find(vs->extra, "sorry_server_lvs_method") : NULL;
	const char *why;
	uint32_t bad;

	memset(t, 0, sizeof(*t));
	if (!vs)
		return false;
	if (!kv || kv->args.count == 0) {
		*t = vs->tun;
		return true;
	}
	return strcmp(kv->args.items[0], "TUN") == 0 &&
	       vg_conf_tun_parse((const char *const *)kv->args.items + 1, kv->args.count - 1, t, &why, &bad) == 0;
}

/* ipvs_set_drule() + ipvs_cmd()'s port rule for one key. */
static void dest_of(struct vg_lvs_tdest *d, const struct vg_lvs_rs_config *rs, const struct vg_lvs_vs_key *k,
		    int32_t weight)
{
	memset(d, 0, sizeof(*d));
	d->addr = rs->addr;
	d->fwd = kernel_fwd(rs->fwd);
	if (d->fwd == VG_IPVS_FWD_MASQ)
		d->port = rs->port ? rs->port : k->kind == VG_LVS_VS_FWMARK ? 0 : k->port;
	else
		d->port = k->kind == VG_LVS_VS_FWMARK ? 0 : k->port;
	d->weight = weight < 0 ? 0 : weight > VG_LVS_WEIGHT_MAX ? VG_LVS_WEIGHT_MAX : weight;
	d->u_threshold = rs->u_threshold;
	d->l_threshold = rs->l_threshold;
}

static bool dest_dup(const struct vg_lvs_table *t, uint32_t from, const struct vg_lvs_tdest *d)
{
	for (uint32_t i = from; i < t->dest_count; i++)
		if (t->dest[i].svc == d->svc && vg_addr_eq(&t->dest[i].addr, &d->addr) && t->dest[i].port == d->port)
			return true;
	return false;
}

int vg_lvs_table_put_service(struct vg_lvs_table *t, const struct vg_lvs_conf_map *map, const struct vg_lvs_conf_service *cs,
			     const struct vg_lvs_service *st)
{
	const struct vg_lvs_service_config *cfg = st->cfg;
	struct vg_lvs_tsvc a;
	struct vg_conf_tun stun;
	bool stun_ok = sorry_tun(cs->vs, &stun);
	/* perform_quorum_state(): the real servers leave the pool while the sorry server serves */
	bool pool = st->quorum_up || !cfg->has_sorry || !st->sorry.alive;

	attrs(map, cs, &a, NULL);
	for (uint32_t k = cs->key_first; k < cs->key_first + cs->key_count; k++) {
		const struct vg_lvs_vs_key *key = &map->keys[k];
		struct vg_lvs_tsvc s = a;
		uint32_t first = t->dest_count;
		int idx;

		s.key.family = key->family;
		s.key.fwmark = key->kind == VG_LVS_VS_FWMARK ? key->fwmark : 0;
		/* validate_check_config(): a fwmark-only service has no protocol */
		s.key.protocol = key->kind == VG_LVS_VS_FWMARK && !has_addr_keys(map, cs) ? 0 : cfg->protocol;
		if (key->kind == VG_LVS_VS_ADDR) {
			s.key.addr = key->addr;
			s.key.port = key->port;
		}
		s.netmask = netmask(cs, key, &a);
		idx = vg_lvs_table_add_service(t, &s);
		if (idx < 0)
			return idx;
		for (uint16_t i = 0; i < cfg->rs_count; i++) {
			const struct vg_lvs_rs_state *r = &st->rs[i];
			struct vg_lvs_tdest d;
			int rc;

			if (!r->set)
				continue;
			dest_of(&d, &cfg->rs[i], key, r->alive && pool ? r->effective_weight : 0);
			d.svc = (uint32_t)idx;
			/* the real server's tunnel options: the tree's, or their copy once it is gone
			   (vg_lvs_conf_map_drop_tree) */
			tun_of(&d, cs->rs ? (cs->rs[i] ? &cs->rs[i]->tun : NULL) : cs->rs_tun ? &cs->rs_tun[i] : NULL);
			rc = vg_lvs_table_add_dest(t, &d);
			if (rc < 0)
				return rc;
		}
		if (cfg->has_sorry && st->sorry.set) {
			struct vg_lvs_tdest d;
			int rc;

			dest_of(&d, &cfg->sorry, key, st->sorry.alive ? st->sorry.effective_weight : 0);
			d.svc = (uint32_t)idx;
			tun_of(&d, stun_ok ? &stun : NULL);
			/* check_data.c: a sorry server equal to a real server is that destination */
			if (dest_dup(t, first, &d))
				continue;
			rc = vg_lvs_table_add_dest(t, &d);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* keepalived's FMT_VS: [addr]:proto:port, FWM n, or the group name. */
/* validate_check_config(): what keepalived -t reports and corrects; the quorum corrections go into `cfg`. */
static void validate(const struct vg_lvs_conf_map *map, const struct vg_lvs_conf_service *cs,
		     struct vg_lvs_service_config *cfg, struct vg_diags *diags)
{
	const struct vg_conf_virtual_server *vs = cs->vs;
	char name[96];
	int64_t sum = 0;
	bool fwmark_only = !has_addr_keys(map, cs) && cs->key_count > 0;

	vg_lvs_conf_service_name(cs, name, sizeof(name));
	if (vs->protocol_set && fwmark_only)
		vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
			     "Warning: Virtual server %s: protocol specified for fwmark - protocol will be ignored", name);
	if (vs->ha_suspend && cfg->kind != VG_LVS_VS_ADDR) {
		bool fw = cfg->kind == VG_LVS_VS_FWMARK;

		for (uint32_t k = cs->key_first; k < cs->key_first + cs->key_count; k++)
			fw = fw || map->keys[k].kind == VG_LVS_VS_FWMARK;
		if (fw)
			vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
				     "Virtual server %s: cannot use ha_suspend with fwmarks - clearing ha_suspend", name);
	}
	if (cfg->ops && cfg->protocol != VG_LVS_PROTO_UDP && has_addr_keys(map, cs))
		vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
			     "Virtual server %s: one packet scheduling requires UDP - resetting", name);
	for (uint16_t i = 0; i < cfg->rs_count; i++)
		sum += cfg->rs[i].weight;
	if (cfg->quorum > sum) {
		vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
			     "Warning - quorum %u for %s exceeds total weight of real servers %lld, reducing quorum to %lld",
			     cfg->quorum, name, (long long)sum, (long long)sum);
		cfg->quorum = (uint32_t)sum;
	}
	if (cfg->hysteresis >= cfg->quorum && (cfg->hysteresis || cfg->quorum)) {
		uint32_t h = cfg->quorum ? cfg->quorum - 1 : 0;

		vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
			     "Virtual server %s: hysteresis %u >= quorum %u; setting hysteresis to %u", name,
			     cfg->hysteresis, cfg->quorum, h);
		cfg->hysteresis = h;
	}
	/* keepalived's FMT_RS: [addr]:proto:port, proto "none" once a fwmark service dropped it */
	for (uint16_t i = 0; i < cfg->rs_count; i++) {
		const struct vg_conf_real_server *rs = cs->rs ? cs->rs[i] : NULL;
		const char *proto = fwmark_only			       ? "none"
				    : cfg->protocol == VG_LVS_PROTO_TCP ? "tcp"
				    : cfg->protocol == VG_LVS_PROTO_UDP ? "udp"
									: "sctp";
		char a[VG_ADDR_STRLEN];
		bool group_fwmark = false;

		if (!rs || cfg->rs[i].fwd == VG_LVS_FWD_NAT || !rs->port_set || rs->port == 0)
			continue;
		vg_addr_format(&rs->addr, a, sizeof(a));
		for (uint32_t k = cs->key_first; cfg->kind == VG_LVS_VS_GROUP && k < cs->key_first + cs->key_count; k++)
			group_fwmark = group_fwmark || map->keys[k].kind == VG_LVS_VS_FWMARK;
		if (cfg->kind == VG_LVS_VS_FWMARK)
			vg_diags_add(diags, VG_DIAG_WARNING, &rs->loc, CODE, NULL,
				     "WARNING - fwmark virtual server %s, real server [%s]:%s:%u has port specified - "
				     "clearing", name, a, proto, rs->port);
		else if (group_fwmark)
			vg_diags_add(diags, VG_DIAG_WARNING, &rs->loc, CODE, NULL,
				     "WARNING - fwmark virtual server %s, real server [%s]:%s:%u has port specified - "
				     "port will be ignored", name, a, proto, rs->port);
		else if (cfg->kind == VG_LVS_VS_ADDR && rs->port != cfg->port)
			vg_diags_add(diags, VG_DIAG_WARNING, &rs->loc, CODE, NULL,
				     "WARNING - virtual server %s and real server [%s]:%s:%u ports don't match - "
				     "resetting", name, a, proto, rs->port);
		for (uint32_t k = cs->key_first; cfg->kind == VG_LVS_VS_GROUP && k < cs->key_first + cs->key_count; k++)
			if (map->keys[k].kind == VG_LVS_VS_ADDR && map->keys[k].port != rs->port) {
				vg_diags_add(diags, VG_DIAG_WARNING, &rs->loc, CODE, NULL,
					     "virtual server %s and real server [%s]:%s:%u ports don't match: "
					     "the %s real server takes the port of each service of the group",
					     name, a, proto, rs->port, cfg->rs[i].fwd == VG_LVS_FWD_DR ? "DR" : "TUN");
				break;
			}
	}
	/* the kernel's limit: ip_vs_pe_sip is its only persistence engine (ip_vs_pe_getbyname) */
	if (vs->persistence_engine && strcmp(vs->persistence_engine, "sip") != 0)
		vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
			     "persistence_engine '%s': the kernel has only the 'sip' engine (ip_vs_pe_sip); adding the "
			     "service fails", vs->persistence_engine);
	else if (vs->persistence_engine && !cfg->persistent && vs->persistence_granularity.family == VG_AF_NONE)
		vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
			     "persistence_engine without persistence_timeout: keepalived does not pass it to the kernel");
	/* validate_check_config(): the defaults keepalived fills in with a finding */
	if (!vs->lb_algo_set)
		vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
			     "Virtual server %s: no scheduler set, setting default 'wlc'", name);
	if (!vs->lb_kind_set) {
		bool all = true;

		for (uint16_t i = 0; i < cfg->rs_count; i++)
			all = all && cs->rs && cs->rs[i] && cs->rs[i]->lb_kind_set;
		if (cfg->has_sorry && !vg_conf_extra_find(vs->extra, "sorry_server_lvs_method"))
			all = false;
		if (!all)
			vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
				     "Virtual server %s: no forwarding method set, setting default NAT", name);
	}
	if (cfg->kind == VG_LVS_VS_GROUP && cs->vs->persistence_granularity.family != VG_AF_NONE)
		vg_diags_add(diags, VG_DIAG_WARNING, &vs->loc, CODE, NULL,
			     "persistence_granularity has no effect on a virtual_server group: keepalived 2.2.7 "
			     "programs each of its services with a host netmask (ipvs_group_range_cmd)");
}

struct builder {
	struct vg_lvs_service *st;
	struct vg_lvs_service_config *cfg;
	struct vg_action *act;
	size_t act_cap;
};

int vg_lvs_table_from_conf(const struct vg_lvs_conf_map *map, struct vg_lvs_table *out, struct vg_diags *diags)
{
	struct builder b = { 0 };
	uint32_t svc_max = 0, dest_max = 0, rs_max = 0, chk_max = 0;
	struct vg_lvs_rs_state *rs_store = NULL;
	struct vg_lvs_checker *chk_store = NULL;
	uint16_t *heap_store = NULL;
	bool failed = false;
	int rc;

	for (uint32_t i = 0; i < map->count; i++) {
		svc_max += map->svc[i].key_count;
		dest_max += map->svc[i].key_count * (map->svc[i].cfg.rs_count + 1u);
		if (map->svc[i].cfg.rs_count > rs_max)
			rs_max = map->svc[i].cfg.rs_count;
		if (map->svc[i].cfg.checker_count > chk_max)
			chk_max = map->svc[i].cfg.checker_count;
	}
	rc = vg_lvs_table_init(out, svc_max, dest_max);
	if (rc < 0)
		return rc;
	/* one service state reused for every service: storage for the largest */
	b.st = calloc(1, sizeof(*b.st));
	rs_store = calloc(rs_max + 1u, sizeof(*rs_store));
	chk_store = calloc(chk_max + 1u, sizeof(*chk_store));
	heap_store = calloc(2u * chk_max + 2u, sizeof(*heap_store));
	b.cfg = calloc(1, sizeof(*b.cfg));
	b.act_cap = VG_LVS_EFFECTS_PER_EXPIRY_MAX;
	b.act = calloc(b.act_cap, sizeof(*b.act));
	if (!b.st || !rs_store || !chk_store || !heap_store || !b.cfg || !b.act) {
		rc = VG_LVS_ENOMEM;
		goto out;
	}
	vg_lvs_service_bind(b.st, rs_store, chk_store, heap_store);
	for (uint32_t i = 0; i < map->count; i++) {
		const struct vg_lvs_conf_service *cs = &map->svc[i];
		struct vg_actions acts;
		char name[96];

		if (cs->cfg.rs_count == 0) {
			/* validate_check_config() */
			if (cs->vs)
				vg_diags_add(diags, VG_DIAG_WARNING, &cs->vs->loc, CODE, NULL,
					     "Virtual server %s has no real servers - ignoring", vg_lvs_conf_service_name(cs, name, sizeof(name)));
			continue;
		}
		memcpy(b.cfg, &cs->cfg, sizeof(*b.cfg));
		if (cs->vs) {
			struct vg_lvs_tsvc a;

			validate(map, cs, b.cfg, diags);
			attrs(map, cs, &a, diags); /* the scheduler flag findings */
		}
		/* init_service_vs(): start it as keepalived does, no checker result yet */
		vg_lvs_service_init(b.st, b.cfg);
		vg_actions_init(&acts, b.act, b.act_cap);
		vg_lvs_service_start(b.st, 0, 0, &acts);
		rc = vg_lvs_table_put_service(out, map, cs, b.st);
		if (rc < 0)
			goto out;
	}
	rc = vg_lvs_table_sort(out);
	if (rc == VG_LVS_EEXIST) {
		/* name the kernel services two virtual servers share */
		for (uint32_t s = 1; s < out->svc_count; s++) {
			const struct vg_lvs_svc_key *k = &out->svc[s].key;
			char a[VG_ADDR_STRLEN];

			if (vg_lvs_svc_key_cmp(&out->svc[s - 1].key, k) != 0)
				continue;
			failed = true;
			if (k->fwmark)
				vg_diags_add(diags, VG_DIAG_ERROR, NULL, CODE, NULL,
					     "two virtual servers program the IPVS service fwmark %u (%s): keepalived "
					     "fails to add the second", k->fwmark, k->family == VG_AF_INET6 ? "inet6" : "inet");
			else
				vg_diags_add(diags, VG_DIAG_ERROR, NULL, CODE, NULL,
					     "two virtual servers program the IPVS service %s %s port %u: keepalived "
					     "fails to add the second", k->protocol == VG_LVS_PROTO_TCP ? "TCP" :
					     k->protocol == VG_LVS_PROTO_UDP ? "UDP" : "SCTP",
					     vg_addr_format(&k->addr, a, sizeof(a)), k->port);
		}
		rc = failed ? VG_LVS_EINVAL : 0;
	}
out:
	free(b.st);
	free(rs_store);
	free(chk_store);
	free(heap_store);
	free(b.cfg);
	free(b.act);
	return rc;
}

int vg_lvs_table_check(const struct vg_conf *conf, struct vg_diags *diags)
{
	struct vg_lvs_conf_map map;
	struct vg_lvs_table t;
	struct vg_diags scratch;
	int rc;

	vg_diags_init(&scratch);
	rc = vg_lvs_from_conf(conf, &map, &scratch);
	/* the mapper's errors are the parser's again; what keepalived -t says (a duplicated
	   real server dropped) is passed on */
	for (uint32_t i = 0; i < scratch.count; i++)
		if (!strcmp(scratch.items[i].code, CODE))
			vg_diags_add(diags, scratch.items[i].severity, &scratch.items[i].loc, CODE,
				     scratch.items[i].suggestion, "%s", scratch.items[i].message);
	vg_diags_free(&scratch);
	if (rc == VG_LVS_ENOMEM) {
		vg_lvs_conf_map_free(&map);
		return rc;
	}
	rc = vg_lvs_table_from_conf(&map, &t, diags);
	vg_lvs_table_free(&t);
	vg_lvs_conf_map_free(&map);
	return rc;
}
