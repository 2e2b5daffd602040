// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: keepalived.conf virtual servers to LVS service configs (see from_conf.h).
 *
 * One pass per virtual_server: service settings, the keys (one, or the
 * expanded group), the real servers, then their checkers and urls. Every
 * problem is a diagnostic at the line that caused it.
 */
#include "lvs/from_conf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/zero.h"

#define CODE "lvs-map"

struct mapper {
	const struct vg_conf *conf;
	struct vg_diags *diags;
	struct vg_lvs_conf_map *out;
	uint32_t key_cap;
	size_t rs_next, checker_next, url_next; /* the next free slot of each pool */
	uint32_t rs_cap, checker_cap, url_cap;  /* the current service's slices */
	int32_t url1_last;     /* the current service's last single url kept (its index), -1: none */
	bool rs_init_notifies; /* global_defs rs_init_notifies */
	bool failed;     /* the current virtual server has an error */
	bool any_error;
	bool nomem;
};

static void err(struct mapper *m, const struct vg_conf_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An error at `loc`: the virtual server being mapped is left out. */
static void err(struct mapper *m, const struct vg_conf_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vg_diags_vadd(m->diags, VG_DIAG_ERROR, loc, CODE, NULL, fmt, ap);
	va_end(ap);
	m->failed = true;
	m->any_error = true;
}

static void warn(struct mapper *m, const struct vg_conf_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct mapper *m, const struct vg_conf_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vg_diags_vadd(m->diags, VG_DIAG_WARNING, loc, CODE, NULL, fmt, ap);
	va_end(ap);
}

int vg_lvs_netmask_bits(const struct vg_addr *mask)
{
	size_t len = vg_addr_len(mask->family);
	int bits = 0;
	bool ended = false;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		for (int b = 7; b >= 0; b--) {
			bool one = (mask->bytes[i] >> b) & 1;

			if (one && ended)
				return -1;
			if (one)
				bits++;
			else
				ended = true;
		}
	}
	return bits;
}

static uint8_t fwd_of(enum vg_conf_lb_kind k)
{
	switch (k) {
	case VG_CONF_LB_DR: return VG_LVS_FWD_DR;
	case VG_CONF_LB_TUN: return VG_LVS_FWD_TUN;
	default: return VG_LVS_FWD_NAT;
	}
}

static uint8_t proto_of(enum vg_conf_proto p)
{
	switch (p) {
	case VG_CONF_PROTO_TCP: return VG_LVS_PROTO_TCP;
	case VG_CONF_PROTO_SCTP: return VG_LVS_PROTO_SCTP;
	default: return VG_LVS_PROTO_UDP; /* keepalived 2.2.7: UDP when not written */
	}
}

static int check_type_of(enum vg_conf_checker_type t)
{
	switch (t) {
	case VG_CHECK_TCP: return VG_LVS_CHECK_TCP;
	case VG_CHECK_HTTP_GET: return VG_LVS_CHECK_HTTP;
	case VG_CHECK_SSL_GET: return VG_LVS_CHECK_SSL;
	case VG_CHECK_SMTP: return VG_LVS_CHECK_SMTP;
	case VG_CHECK_MISC: return VG_LVS_CHECK_MISC;
	case VG_CHECK_DNS: return VG_LVS_CHECK_DNS;
	case VG_CHECK_UDP: return VG_LVS_CHECK_UDP;
	case VG_CHECK_PING: return VG_LVS_CHECK_PING;
	case VG_CHECK_FILE: return VG_LVS_CHECK_FILE;
	case VG_CHECK_BFD: return VG_LVS_CHECK_BFD;
	default: return -1;
	}
}

static struct vg_lvs_vs_key *key_push(struct mapper *m)
{
	struct vg_lvs_conf_map *o = m->out;

	if (o->key_count == m->key_cap) {
		uint32_t cap = m->key_cap ? 2 * m->key_cap : 16;
		struct vg_lvs_vs_key *k = realloc(o->keys, cap * sizeof(*k));

		if (!k) {
			m->nomem = true;
			return NULL;
		}
		o->keys = k;
		m->key_cap = cap;
	}
	memset(&o->keys[o->key_count], 0, sizeof(o->keys[0]));
	return &o->keys[o->key_count++];
}

/* a + 1 within its family; false on wrap-around. */
static bool addr_next(struct vg_addr *a)
{
	for (size_t i = vg_addr_len(a->family); i-- > 0;)
		if (++a->bytes[i] != 0)
			return true;
	return false;
}

static const struct vg_conf_vsg *find_group(const struct vg_conf *c, const char *name)
{
	for (uint32_t i = 0; i < c->vs_groups.count; i++)
		if (name && c->vs_groups.items[i].name && strcmp(c->vs_groups.items[i].name, name) == 0)
			return &c->vs_groups.items[i];
	return NULL;
}

/* The keys of a virtual_server_group: one per address of each range, one per fwmark. */
static void group_keys(struct mapper *m, const struct vg_conf_virtual_server *vs, struct vg_lvs_conf_service *cs)
{
	const struct vg_conf_vsg *g = find_group(m->conf, vs->group);
	uint32_t n = 0;

	if (!g) {
		err(m, &vs->loc, "virtual_server group '%s' names no virtual_server_group", vs->group ? vs->group : "");
		return;
	}
	cs->cfg.group = (uint16_t)(g - m->conf->vs_groups.items);
	for (uint32_t i = 0; i < g->entries.count && !m->failed; i++) {
		const struct vg_conf_vsg_entry *e = &g->entries.items[i];
		struct vg_addr a = e->first;

		if (e->is_fwmark) {
			struct vg_lvs_vs_key *k = key_push(m);

			if (!k)
				return;
			k->kind = VG_LVS_VS_FWMARK;
			k->fwmark = e->fwmark;
			k->family = e->fwmark_family ? e->fwmark_family : vs->ip_family ? vs->ip_family : VG_AF_INET;
			n++;
			continue;
		}
		for (;;) {
			struct vg_lvs_vs_key *k;

			if (n >= VG_LVS_GROUP_KEYS_MAX) {
				err(m, &e->loc, "virtual_server_group expands to more than %d services",
				    VG_LVS_GROUP_KEYS_MAX);
				return;
			}
			k = key_push(m);
			if (!k)
				return;
			k->kind = VG_LVS_VS_ADDR;
			k->family = a.family;
			k->addr = a;
			k->port = e->port;
			n++;
			if (vg_addr_cmp(&a, &e->last) >= 0 || !addr_next(&a))
				break;
		}
	}
	if (n == 0)
		warn(m, &g->loc, "virtual_server_group '%s' is empty: its virtual server installs nothing", g->name);
	if (n > 0)
		cs->cfg.family = m->out->keys[m->out->key_count - n].family;
}

static void service_keys(struct mapper *m, const struct vg_conf_virtual_server *vs, struct vg_lvs_conf_service *cs)
{
	struct vg_lvs_service_config *cfg = &cs->cfg;
	struct vg_lvs_vs_key *k;

	cs->key_first = m->out->key_count;
	switch (vs->kind) {
	case VG_CONF_VS_FWMARK:
		cfg->kind = VG_LVS_VS_FWMARK;
		cfg->fwmark = vs->fwmark;
		/* ip_family, else the family of the first real server, else IPv4 */
		cfg->family = vs->ip_family ? vs->ip_family
			      : vs->real_servers.count ? vs->real_servers.items[0].addr.family
						       : VG_AF_INET;
		k = key_push(m);
		if (k) {
			k->kind = VG_LVS_VS_FWMARK;
			k->family = cfg->family;
			k->fwmark = vs->fwmark;
		}
		break;
	case VG_CONF_VS_GROUP:
		cfg->kind = VG_LVS_VS_GROUP;
		group_keys(m, vs, cs);
		break;
	default:
		cfg->kind = VG_LVS_VS_ADDR;
		cfg->addr = vs->addr;
		cfg->port = vs->port;
		cfg->family = vs->addr.family;
		k = key_push(m);
		if (k) {
			k->kind = VG_LVS_VS_ADDR;
			k->family = vs->addr.family;
			k->addr = vs->addr;
			k->port = vs->port;
		}
		break;
	}
	cs->key_count = m->out->key_count - cs->key_first;
}

static void sched_flags(struct mapper *m, const struct vg_conf_virtual_server *vs, struct vg_lvs_service_config *cfg)
{
	static const struct {
		char name[12];
		uint32_t flag;
	} flags[] = {
		{ "flag-1", VG_LVS_SCHED_FLAG_1 },	   { "flag-2", VG_LVS_SCHED_FLAG_2 },
		{ "flag-3", VG_LVS_SCHED_FLAG_3 },	   { "sh-fallback", VG_LVS_SCHED_SH_FALLBACK },
		{ "sh-port", VG_LVS_SCHED_SH_PORT },	   { "mh-fallback", VG_LVS_SCHED_MH_FALLBACK },
		{ "mh-port", VG_LVS_SCHED_MH_PORT },
	};
	int kind = vg_lvs_sched_from_name(vs->lb_algo ? vs->lb_algo : "wlc");

	if (kind < 0) {
		err(m, &vs->loc, "unknown scheduler '%s'", vs->lb_algo);
		return;
	}
	cfg->sched.kind = (uint8_t)kind;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		const struct vg_conf_kv *kv = vg_conf_extra_find(vs->extra, flags[i].name);

		if (!kv)
			continue;
		if ((flags[i].name[0] == 's' && kind != VG_LVS_SCHED_SH) ||
		    (flags[i].name[0] == 'm' && kind != VG_LVS_SCHED_MH))
			warn(m, &kv->loc, "'%s' only means something to its scheduler (sh or mh)", flags[i].name);
		cfg->sched.flags |= flags[i].flag;
	}
}

static void persistence(struct mapper *m, const struct vg_conf_virtual_server *vs, struct vg_lvs_service_config *cfg)
{
	int bits;

	cfg->persistent = vs->persistence_set && vs->persistence_timeout_s > 0;
	if (cfg->persistent)
		cfg->persistence_timeout_s = vs->persistence_timeout_s;
	if (vs->persistence_granularity.family == VG_AF_NONE)
		return;
	/* keepalived 2.2.7 programs any mask, and so does the table (table_from_conf.c); a mask
	   the core's persistence model cannot hold is modelled as host granularity, and the
	   virtual server is mapped all the same */
	bits = vg_lvs_netmask_bits(&vs->persistence_granularity);
	if (bits < 0) {
		warn(m, &vs->loc, "persistence_granularity is not a contiguous netmask: the kernel takes it as "
				  "written; `vigil sim` models host granularity");
		return;
	}
	if (cfg->family && vs->persistence_granularity.family != cfg->family) {
		warn(m, &vs->loc, "persistence_granularity has another address family than the service: "
				  "`vigil sim` models host granularity");
		return;
	}
	if (!cfg->persistent)
		warn(m, &vs->loc, "persistence_granularity without persistence_timeout has no effect");
	/* 0 means host granularity: a full-length mask is the same thing */
	cfg->persistence_granularity_bits = bits == (int)(8 * vg_addr_len(cfg->family ? cfg->family : VG_AF_INET))
						    ? 0
						    : (uint8_t)bits;
	if (bits == 0)
		warn(m, &vs->loc, "persistence_granularity 0: every client shares one template");
}

static int fwd_word(const char *w)
{
	return !strcmp(w, "NAT") ? VG_LVS_FWD_NAT : !strcmp(w, "DR") ? VG_LVS_FWD_DR : !strcmp(w, "TUN") ? VG_LVS_FWD_TUN : -1;
}

static void sorry(struct mapper *m, const struct vg_conf_virtual_server *vs, struct vg_lvs_service_config *cfg)
{
	const struct vg_conf_kv *kv;

	if (!vs->has_sorry_server)
		return;
	cfg->has_sorry = true;
	cfg->sorry_inhibit = vs->sorry_server_inhibit;
	vg_lvs_rs_config_defaults(&cfg->sorry, cfg);
	cfg->sorry.addr = vs->sorry_server;
	cfg->sorry.port = vs->sorry_server_port ? vs->sorry_server_port : vs->port;
	cfg->sorry.inhibit_on_failure = vs->sorry_server_inhibit;
	kv = vg_conf_extra_find(vs->extra, "sorry_server_lvs_method");
	if (kv && kv->args.count > 0) {
		int f = fwd_word(kv->args.items[0]);

		if (f < 0) /* keepalived 2.2.7 ss_forwarding_handler(): the line is ignored */
			vg_diags_add(m->diags, VG_DIAG_WARNING, &kv->loc, "lvs-keepalived", NULL,
				     "PARSER : unknown [%s] routing method for sorry server.", kv->args.items[0]);
		else
			cfg->sorry.fwd = (uint8_t)f;
	}
}

static bool tri_or(enum vg_conf_tri t, bool dflt)
{
	return t == VG_TRI_UNSET ? dflt : t == VG_TRI_ON;
}

static void url_map(struct mapper *m, struct vg_lvs_conf_service *cs, const struct vg_conf_url *u)
{
	struct vg_lvs_service_config *cfg = &cs->cfg;
	struct vg_lvs_url *out = &cfg->url[cfg->url_count];
	const struct vg_conf_kv *re = vg_conf_extra_find(u->extra, "regex");
	const struct vg_conf_kv *nm = vg_conf_extra_find(u->extra, "regex_no_match");

	memset(out, 0, sizeof(*out));
	if (u->status_codes.count == 0) {
		vg_lvs_status_default(out->status);
	} else {
		uint64_t one[VG_LVS_STATUS_WORDS];

		bool any = false;

		memset(out->status, 0, sizeof(out->status));
		/* keepalived 2.2.7 status_code_handler(): a bad value is skipped, the others kept */
		for (uint32_t i = 0; i < u->status_codes.count; i++) {
			if (vg_lvs_status_parse(u->status_codes.items[i], one) != 0) {
				vg_diags_add(m->diags, VG_DIAG_WARNING, &u->loc, "lvs-keepalived", NULL,
					     "Invalid HTTP_GET status code '%s'", u->status_codes.items[i]);
				continue;
			}
			any = true;
			for (int w = 0; w < VG_LVS_STATUS_WORDS; w++)
				out->status[w] |= one[w];
		}
		if (!any)
			vg_lvs_status_default(out->status);
	}
	/* keepalived 2.2.7 digest_handler(): a digest that is not an MD5 is ignored */
	if (u->digest && strlen(u->digest) != 32)
		vg_diags_add(m->diags, VG_DIAG_WARNING, &u->loc, "lvs-keepalived", NULL,
			     "digest '%s' character length should be 32 rather than %zu", u->digest, strlen(u->digest));
	else if (u->digest && vg_lvs_digest_parse(u->digest, out->digest) != 0)
		vg_diags_add(m->diags, VG_DIAG_WARNING, &u->loc, "lvs-keepalived", NULL,
			     "digest '%s' is not 32 hexadecimal digits (an MD5): ignored", u->digest);
	else if (u->digest)
		out->has_digest = true;
	if (re && re->args.count != 1) {
		/* keepalived 2.2.7 regex_handler() logs this and the url has no regex */
		vg_diags_add(m->diags, VG_DIAG_WARNING, &re->loc, "lvs-keepalived", NULL,
			     "regex missing or too many fields (quote a pattern with blanks): the url has no regex");
		re = NULL;
	}
	if (re) {
		out->has_regex = true;
		out->regex_no_match = nm != NULL;
		cs->url_regex[cfg->url_count] = re->args.items[0];
	} else if (nm) {
		warn(m, &nm->loc, "regex_no_match without regex has no effect");
	}
	cs->url[cfg->url_count] = u;
	cfg->url_count++;
}

/* Do urls x and y say the same thing (their lines aside)? */
static bool url_conf_eq(const struct vg_conf_url *x, const struct vg_conf_url *y)
{
	uint32_t nx = x->extra ? x->extra->count : 0, ny = y->extra ? y->extra->count : 0;

	if (!vg_str_eq(x->path, y->path) || !vg_str_eq(x->digest, y->digest) || !vg_str_eq(x->virtualhost, y->virtualhost) ||
	    x->status_codes.count != y->status_codes.count || nx != ny)
		return false;
	for (uint32_t i = 0; i < x->status_codes.count; i++)
		if (!vg_str_eq(x->status_codes.items[i], y->status_codes.items[i]))
			return false;
	for (uint32_t i = 0; i < nx; i++) {
		const struct vg_conf_kv *a = &x->extra->items[i], *b = &y->extra->items[i];

		if (!vg_str_eq(a->keyword, b->keyword) || a->args.count != b->args.count)
			return false;
		for (uint32_t j = 0; j < a->args.count; j++)
			if (!vg_str_eq(a->args.items[j], b->args.items[j]))
				return false;
	}
	return true;
}

/*
 * The map's copy of times t of a checker of `type`: an equal one kept for
 * the same type in the newest block (a configuration's checkers mostly
 * come in runs that say the same), or a new one. Shared by type, so that
 * what the checker driver writes for a type it does not run
 * (check_driver.c disable_unrun) stays with that type. NULL: out of memory.
 */
static struct vg_lvs_timing *timing_keep(struct mapper *m, uint8_t type, const struct vg_lvs_timing *t)
{
	struct vg_lvs_timing_block *b = m->out->pool.timing;

	for (uint32_t i = b ? b->used : 0; i-- > 0;)
		if (b->type[i] == type && vg_lvs_timing_eq(&b->t[i], t))
			return &b->t[i];
	if (!b || b->used == VG_LVS_TIMING_BLOCK) {
		struct vg_lvs_timing_block *nb = calloc(1, sizeof(*nb));

		if (!nb) {
			m->nomem = true;
			return NULL;
		}
		nb->next = b;
		m->out->pool.timing = b = nb;
	}
	b->type[b->used] = type;
	b->t[b->used] = *t;
	return &b->t[b->used++];
}

/*
 * Checker c has one url, just mapped (the service's last): when it says
 * what the service's last single url kept says, c uses that one and the
 * slot is given back. Real servers checked alike (the same path, status
 * codes, digest) then hold one url model between them, not 88 bytes each.
 * A checker with more urls keeps its own (the checker driver's targets of
 * its urls after the first are numbered by their places: check/gen.c).
 */
static void url1_share(struct mapper *m, struct vg_lvs_conf_service *cs, struct vg_lvs_checker_config *c)
{
	struct vg_lvs_service_config *cfg = &cs->cfg;
	uint16_t i = c->url_first, k = (uint16_t)m->url1_last;

	if (m->url1_last >= 0 && memcmp(&cfg->url[k], &cfg->url[i], sizeof(cfg->url[i])) == 0 &&
	    vg_str_eq(cs->url_regex[k], cs->url_regex[i]) && url_conf_eq(cs->url[k], cs->url[i])) {
		c->url_first = k;
		memset(&cfg->url[i], 0, sizeof(cfg->url[i]));
		cs->url[i] = NULL;
		cs->url_regex[i] = NULL;
		cfg->url_count--;
		return;
	}
	m->url1_last = i;
}

/*
 * FILE_CHECK (keepalived check_file.c): the track_file must exist (else the
 * checker is ignored with a warning, as keepalived reports a configuration
 * error and drops it); `weight` defaults to the track_file's weight and
 * reverse; alpha does not apply.
 */
static bool file_map(struct mapper *m, struct vg_lvs_checker_config *c, const struct vg_conf_checker *ck)
{
	const struct vg_conf_track_file *tf;

	if (!ck->track_file) {
		warn(m, &ck->loc, "FILE_CHECK has no track_file: the checker is left out");
		return false;
	}
	tf = vg_conf_find_track_file(m->conf, ck->track_file);
	if (!tf) {
		warn(m, &ck->loc, "FILE_CHECK track_file '%s' is not defined: the checker is left out", ck->track_file);
		return false;
	}
	c->track_file = (uint16_t)(tf - m->conf->track_files.items);
	c->file_weight = ck->weight_set ? ck->weight : tf->weight;
	c->file_reverse = ck->weight_set ? ck->weight_reverse : tf->weight_reverse;
	c->alpha = false;
	return true;
}

/*
 * BFD_CHECK: `name` must be a configured bfd_instance (keepalived 2.2.7
 * check_bfd.c reports a configuration error and skips the checker).
 */
static bool bfd_map(struct mapper *m, struct vg_lvs_checker_config *c, const struct vg_conf_checker *ck)
{
	if (!ck->bfd_name) {
		warn(m, &ck->loc, "BFD_CHECK has no name: the checker is left out");
		return false;
	}
	for (uint32_t i = 0; i < m->conf->bfd_instances.count; i++) {
		const char *n = m->conf->bfd_instances.items[i].name;

		if (n && !strcmp(n, ck->bfd_name)) {
			c->bfd = (uint16_t)i;
			return true;
		}
	}
	warn(m, &ck->loc, "BFD_CHECK: bfd_instance '%s' is not configured: the checker is left out", ck->bfd_name);
	return false;
}

static void checker_map(struct mapper *m, struct vg_lvs_conf_service *cs, uint16_t rs_idx,
			const struct vg_conf_real_server *rs, const struct vg_conf_checker *ck)
{
	struct vg_lvs_service_config *cfg = &cs->cfg;
	const struct vg_conf_virtual_server *vs = cs->vs;
	struct vg_lvs_checker_config *c;
	struct vg_lvs_timing tm;
	int type = check_type_of(ck->type);

	if (type < 0) {
		warn(m, &ck->loc, "%s is not modelled by the LVS core: the checker is left out "
				  "(drive its weight with vg_lvs_service_set_weight)", vg_conf_checker_name(ck->type));
		return;
	}
	/* keepalived 2.2.7 dequeues an HTTP_GET / SSL_GET without a url and a MISC_CHECK without
	   misc_path when it parses them: the real server runs without that checker (the parser
	   warned in keepalived's words) */
	if (((type == VG_LVS_CHECK_HTTP || type == VG_LVS_CHECK_SSL) && ck->urls.count == 0) ||
	    (type == VG_LVS_CHECK_MISC && (!ck->misc_path || !ck->misc_path->cmd)))
		return;
	if (cfg->checker_count >= VG_LVS_CHECKERS_MAX || cfg->checker_count >= m->checker_cap) {
		err(m, &ck->loc, "more than %d checkers in one virtual server", VG_LVS_CHECKERS_MAX);
		return;
	}
	c = &cfg->checker[cfg->checker_count];
	vg_lvs_checker_config_defaults(c, &tm, (enum vg_lvs_check_type)type, ck->delay_loop_ns);
	c->rs = rs_idx;
	/* the parser resolved checker -> real server -> virtual server -> type default */
	tm.connect_timeout_ns = ck->connect_timeout_ns;
	tm.delay_before_retry_ns = ck->delay_before_retry_ns;
	tm.warmup_ns = ck->warmup_ns;
	/* check_misc.c: the script's timeout is misc_timeout, else the virtual server's delay_loop */
	if (type == VG_LVS_CHECK_MISC)
		tm.connect_timeout_ns = ck->misc_timeout_ns ? ck->misc_timeout_ns : vs->delay_loop_ns;
	if (!(c->tm = timing_keep(m, (uint8_t)type, &tm)))
		return;
	c->retry = (uint16_t)(ck->retry > VG_LVS_RETRY_MAX ? VG_LVS_RETRY_MAX : ck->retry);
	if (ck->retry > VG_LVS_RETRY_MAX)
		warn(m, &ck->loc, "retry %u is more than %u: %u used", (unsigned)ck->retry, VG_LVS_RETRY_MAX,
		     VG_LVS_RETRY_MAX);
	c->alpha = tri_or(ck->alpha, tri_or(rs->alpha, vs->alpha));
	c->fast_recovery = vg_conf_extra_find(ck->extra, "fast_recovery") != NULL;
	if (type == VG_LVS_CHECK_HTTP || type == VG_LVS_CHECK_SSL) {
		if (ck->urls.count > VG_LVS_URLS_PER_CHECKER_MAX) {
			err(m, &ck->loc, "%s has more than %d urls", vg_conf_checker_name(ck->type),
			    VG_LVS_URLS_PER_CHECKER_MAX);
			return;
		}
		if (cfg->url_count + ck->urls.count > VG_LVS_URLS_MAX || cfg->url_count + ck->urls.count > m->url_cap) {
			err(m, &ck->loc, "more than %d urls in one virtual server", VG_LVS_URLS_MAX);
			return;
		}
		c->url_first = cfg->url_count;
		for (uint32_t u = 0; u < ck->urls.count && !m->failed; u++)
			url_map(m, cs, &ck->urls.items[u]);
		c->url_count = (uint8_t)(cfg->url_count - c->url_first);
		if (c->url_count == 1)
			url1_share(m, cs, c);
	}
	if (type == VG_LVS_CHECK_MISC)
		c->misc_dynamic = ck->misc_dynamic;
	if (type == VG_LVS_CHECK_FILE && !file_map(m, c, ck))
		return;
	if (type == VG_LVS_CHECK_BFD && !bfd_map(m, c, ck))
		return;
	cs->checker[cfg->checker_count] = ck;
	cfg->checker_count++;
}

/* The url pools were sized by the tree's urls; the services shared some (url1_share): close the gaps
   and give the rest back. */
static void url_pool_pack(struct vg_lvs_conf_map *out)
{
	struct vg_lvs_conf_pools *p = &out->pool;
	size_t w = 0;

	for (uint32_t i = 0; i < out->count; i++) {
		struct vg_lvs_conf_service *cs = &out->svc[i];
		size_t from = (size_t)(cs->cfg.url - p->url), n = cs->cfg.url_count;

		memmove(p->url + w, p->url + from, n * sizeof(*p->url));
		memmove(p->url_conf + w, p->url_conf + from, n * sizeof(*p->url_conf));
		memmove(p->url_regex + w, p->url_regex + from, n * sizeof(*p->url_regex));
		w += n;
	}
	{
		struct vg_lvs_url *u = realloc(p->url, (w + 1) * sizeof(*u));
		const struct vg_conf_url **uc = realloc(p->url_conf, (w + 1) * sizeof(*uc));
		const char **ur = realloc(p->url_regex, (w + 1) * sizeof(*ur));

		if (u) /* (a smaller block; one that could not move stays where it is) */
			p->url = u;
		if (uc)
			p->url_conf = uc;
		if (ur)
			p->url_regex = ur;
	}
	w = 0; /* each service's slice, in the same order */
	for (uint32_t i = 0; i < out->count; i++) {
		struct vg_lvs_conf_service *cs = &out->svc[i];

		cs->cfg.url = p->url + w;
		cs->url = p->url_conf + w;
		cs->url_regex = p->url_regex + w;
		w += cs->cfg.url_count;
	}
}

static const char *proto_name(uint8_t protocol)
{
	return protocol == VG_LVS_PROTO_TCP ? "tcp" : protocol == VG_LVS_PROTO_UDP ? "udp" : "sctp";
}

const char *vg_lvs_conf_service_name(const struct vg_lvs_conf_service *cs, char *buf, size_t len)
{
	const struct vg_lvs_service_config *c = &cs->cfg;
	char a[VG_ADDR_STRLEN];

	if (c->kind == VG_LVS_VS_FWMARK)
		snprintf(buf, len, "FWM %u", c->fwmark);
	else if (c->kind == VG_LVS_VS_GROUP)
		snprintf(buf, len, "[%s]:0", cs->vs && cs->vs->group ? cs->vs->group : "");
	else
		snprintf(buf, len, "[%s]:%s:%u", vg_addr_format(&c->addr, a, sizeof(a)), proto_name(c->protocol), c->port);
	return buf;
}

static void real_server(struct mapper *m, struct vg_lvs_conf_service *cs, const struct vg_conf_real_server *rs)
{
	struct vg_lvs_service_config *cfg = &cs->cfg;
	const struct vg_conf_virtual_server *vs = cs->vs;
	struct vg_lvs_rs_config *r;
	uint16_t idx = cfg->rs_count;

	if (cfg->rs_count >= VG_LVS_RS_MAX || cfg->rs_count >= m->rs_cap) {
		err(m, &rs->loc, "more than %d real servers in one virtual server", VG_LVS_RS_MAX);
		return;
	}
	/* keepalived 2.2.7 rs_end_handler(): a real server of the other family (not tunnelled) is
	   skipped and the virtual server runs on */
	if (cfg->family && vs->kind != VG_CONF_VS_FWMARK && rs->addr.family != cfg->family &&
	    fwd_of(rs->lb_kind) != VG_LVS_FWD_TUN) {
		char a[VG_ADDR_STRLEN];

		vg_diags_add(m->diags, VG_DIAG_WARNING, &rs->loc, "lvs-keepalived", NULL,
			     "Address family of virtual server and real server %s don't match - skipping real server.",
			     vg_addr_format(&rs->addr, a, sizeof(a)));
		return;
	}
	/* validate_check_config(): a real server equal to an earlier one (address and port as
	   written, before any port is reset) is dropped with its checkers; the service runs on */
	for (uint16_t i = 0; i < cfg->rs_count; i++)
		if (vg_addr_eq(&cfg->rs[i].addr, &rs->addr) && cfg->rs[i].port == rs->port) {
			char vn[96], a[VG_ADDR_STRLEN];

			vg_diags_add(m->diags, VG_DIAG_WARNING, &rs->loc, "lvs-keepalived", NULL,
				     "VS %s: real server [%s]:%s:%u is duplicated - removing second rs (line %u has it)",
				     vg_lvs_conf_service_name(cs, vn, sizeof(vn)), vg_addr_format(&rs->addr, a, sizeof(a)),
				     proto_name(cfg->protocol), rs->port, cs->rs[i]->loc.line);
			return;
		}
	r = &cfg->rs[idx];
	vg_lvs_rs_config_defaults(r, cfg);
	r->addr = rs->addr;
	r->port = rs->port;
	r->weight = rs->weight;
	r->fwd = fwd_of(rs->lb_kind);
	r->u_threshold = rs->uthreshold;
	r->l_threshold = rs->lthreshold;
	if (rs->uthreshold && rs->lthreshold > rs->uthreshold)
		warn(m, &rs->loc, "lthreshold above uthreshold: the overload flag clears at the next closed connection");
	r->inhibit_on_failure = tri_or(rs->inhibit_on_failure, vs->inhibit_on_failure);
	r->has_notify_up = rs->notify_up != NULL;
	r->has_notify_down = rs->notify_down != NULL;
	cs->rs[idx] = rs;
	cfg->rs_count++;
	for (uint32_t k = 0; k < rs->checkers.count && !m->failed; k++)
		checker_map(m, cs, idx, rs, &rs->checkers.items[k]);
}

/* What one virtual server can fill: its real servers, their checkers and urls (bounded by the limits). */
static void counts(const struct vg_conf_virtual_server *vs, uint32_t *rs, uint32_t *checkers, uint32_t *urls)
{
	uint64_t c = 0, u = 0;

	for (uint32_t r = 0; r < vs->real_servers.count; r++) {
		const struct vg_conf_real_server *x = &vs->real_servers.items[r];

		c += x->checkers.count;
		for (uint32_t k = 0; k < x->checkers.count; k++)
			u += x->checkers.items[k].urls.count;
	}
	*rs = vs->real_servers.count < VG_LVS_RS_MAX ? vs->real_servers.count : VG_LVS_RS_MAX;
	*checkers = c < VG_LVS_CHECKERS_MAX ? (uint32_t)c : VG_LVS_CHECKERS_MAX;
	*urls = u < VG_LVS_URLS_MAX ? (uint32_t)u : VG_LVS_URLS_MAX;
}

static bool same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a | 0x20) != (*b | 0x20))
			return false;
	return *a == *b;
}

/* global_defs rs_init_notifies [BOOL] (keepalived: no value is true; a bad value is an error, ignored). */
static bool rs_init_notifies(const struct mapper *m)
{
	static const char yes[][6] = { "on", "true", "yes" }, no[][6] = { "off", "false", "no" };
	const struct vg_conf_kv *kv = vg_conf_extra_find(m->conf->global.extra, "rs_init_notifies");

	if (!kv)
		return false;
	if (!kv->args.count)
		return true;
	for (size_t i = 0; i < 3; i++) {
		if (same_nocase(kv->args.items[0], yes[i]))
			return true;
		if (same_nocase(kv->args.items[0], no[i]))
			return false;
	}
	vg_diags_add(m->diags, VG_DIAG_WARNING, &kv->loc, CODE, NULL,
		     "invalid value '%s' for rs_init_notifies (on|off|true|false|yes|no): ignored", kv->args.items[0]);
	return false;
}

/* Hand the virtual server its slices of the pools (sized in vg_lvs_from_conf by the same counts). */
static void slices(struct mapper *m, const struct vg_conf_virtual_server *vs, struct vg_lvs_conf_service *cs)
{
	struct vg_lvs_conf_pools *p = &m->out->pool;

	counts(vs, &m->rs_cap, &m->checker_cap, &m->url_cap);
	m->url1_last = -1;
	cs->cfg.rs = p->rs + m->rs_next;
	cs->rs = p->rs_conf + m->rs_next;
	cs->cfg.checker = p->checker + m->checker_next;
	cs->checker = p->checker_conf + m->checker_next;
	cs->cfg.url = p->url + m->url_next;
	cs->url = p->url_conf + m->url_next;
	cs->url_regex = p->url_regex + m->url_next;
	m->rs_next += m->rs_cap;
	m->checker_next += m->checker_cap;
	m->url_next += m->url_cap;
}

static void virtual_server(struct mapper *m, const struct vg_conf_virtual_server *vs)
{
	struct vg_lvs_conf_service *cs = &m->out->svc[m->out->count];
	struct vg_lvs_service_config *cfg = &cs->cfg;
	uint32_t keys_before = m->out->key_count;

	vg_zero(cs, sizeof(*cs));
	m->failed = false;
	cs->vs = vs;
	vg_lvs_service_config_defaults(cfg);
	cfg->id = (uint16_t)m->out->count;
	slices(m, vs, cs);
	service_keys(m, vs, cs);
	/* keepalived 2.2.7 ip_family_handler(): a family that conflicts is ignored */
	if (vs->ip_family && cfg->family && vs->ip_family != cfg->family)
		vg_diags_add(m->diags, VG_DIAG_WARNING, &vs->loc, "lvs-keepalived", NULL,
			     "Virtual server specified family %s conflicts with server family",
			     vs->ip_family == VG_AF_INET6 ? "inet6" : "inet");
	cfg->protocol = proto_of(vs->protocol);
	sched_flags(m, vs, cfg);
	cfg->fwd = fwd_of(vs->lb_kind);
	cfg->ops = vs->ops;
	if (cfg->ops && cfg->protocol != VG_LVS_PROTO_UDP)
		warn(m, &vs->loc, "ops (one-packet scheduling) only applies to UDP services");
	persistence(m, vs, cfg);
	cfg->quorum = vs->quorum;
	cfg->hysteresis = vs->hysteresis;
	if (vs->hysteresis >= vs->quorum && vs->quorum > 0)
		warn(m, &vs->loc, "hysteresis is not below quorum: quorum is lost only when no server is left");
	cfg->has_quorum_up = vs->quorum_up != NULL;
	cfg->has_quorum_down = vs->quorum_down != NULL;
	cfg->alpha = vs->alpha;
	cfg->omega = vs->omega;
	cfg->rs_init_notifies = m->rs_init_notifies;
	cfg->ha_suspend = vs->ha_suspend;
	sorry(m, vs, cfg);
	for (uint32_t r = 0; r < vs->real_servers.count && !m->failed; r++)
		real_server(m, cs, &vs->real_servers.items[r]);
	if (!m->failed && vg_lvs_service_config_check(cfg) != 0)
		err(m, &vs->loc, "virtual_server fails the service model's limits");
	if (m->failed || m->nomem) {
		m->out->key_count = keys_before; /* leave it out */
		return;
	}
	m->out->count++;
}

int vg_lvs_from_conf(const struct vg_conf *conf, struct vg_lvs_conf_map *out, struct vg_diags *diags)
{
	struct mapper m = { .conf = conf, .diags = diags, .out = out };
	uint32_t n = conf->virtual_servers.count;
	size_t rs_total = 0, checker_total = 0, url_total = 0;

	memset(out, 0, sizeof(*out));
	if (n > VG_LVS_SERVICES_MAX) {
		vg_diags_add(diags, VG_DIAG_ERROR, &conf->virtual_servers.items[VG_LVS_SERVICES_MAX].loc, CODE, NULL,
			     "more than %d virtual servers", VG_LVS_SERVICES_MAX);
		n = VG_LVS_SERVICES_MAX;
		m.any_error = true;
	}
	if (n == 0)
		return m.any_error ? VG_LVS_EINVAL : 0;
	m.rs_init_notifies = rs_init_notifies(&m);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t r, c, u;

		counts(&conf->virtual_servers.items[i], &r, &c, &u);
		rs_total += r;
		checker_total += c;
		url_total += u;
	}
	out->svc = calloc(n, sizeof(*out->svc));
	/* +1: a configuration without checkers still gets a non-NULL pool */
	out->pool.rs = calloc(rs_total + 1, sizeof(*out->pool.rs));
	out->pool.rs_conf = calloc(rs_total + 1, sizeof(*out->pool.rs_conf));
	out->pool.checker = calloc(checker_total + 1, sizeof(*out->pool.checker));
	out->pool.checker_conf = calloc(checker_total + 1, sizeof(*out->pool.checker_conf));
	out->pool.url = calloc(url_total + 1, sizeof(*out->pool.url));
	out->pool.url_conf = calloc(url_total + 1, sizeof(*out->pool.url_conf));
	out->pool.url_regex = calloc(url_total + 1, sizeof(*out->pool.url_regex));
	if (!out->svc || !out->pool.rs || !out->pool.rs_conf || !out->pool.checker || !out->pool.checker_conf ||
	    !out->pool.url || !out->pool.url_conf || !out->pool.url_regex)
		return VG_LVS_ENOMEM;
	for (uint32_t i = 0; i < n && !m.nomem; i++)
		virtual_server(&m, &conf->virtual_servers.items[i]);
	if (m.nomem)
		return VG_LVS_ENOMEM;
	url_pool_pack(out);
	return m.any_error ? VG_LVS_EINVAL : 0;
}

void vg_lvs_conf_map_free(struct vg_lvs_conf_map *m)
{
	free(m->svc);
	free(m->keys);
	free(m->pool.rs);
	free(m->pool.rs_conf);
	free(m->pool.checker);
	free(m->pool.checker_conf);
	free(m->pool.url);
	free(m->pool.url_conf);
	free(m->pool.url_regex);
	free(m->pool.rs_loc);
	free(m->pool.rs_files);
	free(m->pool.rs_tun);
	while (m->pool.timing) {
		struct vg_lvs_timing_block *b = m->pool.timing;

		m->pool.timing = b->next;
		free(b);
	}
	memset(m, 0, sizeof(*m));
}

/* The index of file name f in the map's rs_files (added if new; nf of cap). -1: out of memory. */
static int64_t file_index(const char ***files, uint32_t *nf, uint32_t *cap, const char *f)
{
	for (uint32_t i = *nf; i-- > 0;) /* the last one first: real servers come file by file */
		if ((*files)[i] == f)
			return i;
	if (*nf == *cap) {
		uint32_t nc = *cap ? 2 * *cap : 4;
		const char **n = realloc(*files, nc * sizeof(*n));

		if (!n)
			return -1;
		*files = n;
		*cap = nc;
	}
	(*files)[*nf] = f;
	return (*nf)++;
}

int vg_lvs_conf_map_drop_tree(struct vg_lvs_conf_map *m)
{
	static const struct vg_conf_tun no_tun;
	size_t n = 0, k = 0;
	uint32_t nf = 0, cap = 0;
	const char **files = NULL;
	bool tun = false;

	if (m->tree_dropped)
		return 0;
	for (uint32_t i = 0; i < m->count; i++) {
		n += m->svc[i].cfg.rs_count;
		for (uint16_t r = 0; m->svc[i].rs && r < m->svc[i].cfg.rs_count; r++)
			tun |= m->svc[i].rs[r] && memcmp(&m->svc[i].rs[r]->tun, &no_tun, sizeof(no_tun)) != 0;
	}
	m->pool.rs_loc = calloc(n + 1, sizeof(*m->pool.rs_loc));
	m->pool.rs_tun = tun ? calloc(n + 1, sizeof(*m->pool.rs_tun)) : NULL;
	if (!m->pool.rs_loc || (tun && !m->pool.rs_tun))
		goto nomem;
	/* the lines and files first, then the services' slices: rs_files may move while it grows */
	for (uint32_t i = 0; i < m->count; i++)
		for (uint16_t r = 0; r < m->svc[i].cfg.rs_count; r++, k++) {
			const struct vg_conf_real_server *rs = m->svc[i].rs ? m->svc[i].rs[r] : NULL;
			int64_t f = rs ? file_index(&files, &nf, &cap, rs->loc.file) : 0;

			if (f < 0)
				goto nomem;
			m->pool.rs_loc[k].line = rs ? rs->loc.line : 0;
			m->pool.rs_loc[k].file = (uint32_t)f;
			if (rs && tun)
				m->pool.rs_tun[k] = rs->tun;
		}
	m->pool.rs_files = files;
	k = 0;
	for (uint32_t i = 0; i < m->count; i++) {
		struct vg_lvs_conf_service *cs = &m->svc[i];

		cs->rs_loc = &m->pool.rs_loc[k];
		cs->rs_files = files;
		cs->rs_tun = tun ? &m->pool.rs_tun[k] : NULL;
		k += cs->cfg.rs_count;
		cs->rs = NULL;
		cs->checker = NULL;
		cs->url = NULL;
		cs->url_regex = NULL;
	}
	free(m->pool.rs_conf);
	free(m->pool.checker_conf);
	free(m->pool.url_conf);
	free(m->pool.url_regex);
	m->pool.rs_conf = NULL;
	m->pool.checker_conf = NULL;
	m->pool.url_conf = NULL;
	m->pool.url_regex = NULL;
	m->tree_dropped = true;
	return 0;
nomem:
	free(files);
	free(m->pool.rs_loc);
	free(m->pool.rs_tun);
	m->pool.rs_loc = NULL;
	m->pool.rs_tun = NULL;
	return VG_LVS_ENOMEM;
}
