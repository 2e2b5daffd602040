// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the VRRP blocks: vrrp_sync_group, garp_group and vrrp_instance, their
 * keyword tables and custom handlers (the tracked objects' blocks are
 * parse_track.c's; the checks once the whole file is read, vrrp_finalize.c's).
 */
#include "conf/parser_int.h"

#include <stddef.h>
#include <string.h>

#define I(f) ((uint32_t)offsetof(struct vg_conf_instance, f))
#define SG(f) ((uint32_t)offsetof(struct vg_conf_sync_group, f))
#define GG(f) ((uint32_t)offsetof(struct vg_conf_garp_group, f))
#define MAX_S (INT64_C(4294967295) * US_PER_S)

/*
 * Custom ids, an enum per keyword table: vg_custom_vrrp reads k->aux by the
 * table k is in, so an id of one table cannot be taken for another's. The
 * top-level blocks' ids are enum cv_top (parser_int.h), those of the tracked
 * objects' blocks enum cv_track (parse_track.c).
 */
enum cv_sync { /* vrrp_sync_group */
	CV_SG_GROUP = 100, CV_SG_TRACK_INTERFACE, CV_SG_TRACK_SCRIPT, CV_SG_TRACK_FILE, CV_SG_TRACK_PROCESS,
	CV_SG_TRACK_BFD, CV_SG_NOTIFY_DELETED, CV_SG_GLOBAL_TRACKING, CV__SG_END
};
enum cv_instance { /* vrrp_instance and its authentication block */
	CV_STATE = 100, CV_INTERFACE, CV_VRID, CV_PRIORITY, CV_ADVERT_INT, CV_VERSION, CV_AUTH_TYPE,
	CV_AUTH_PASS, CV_VIPS, CV_EVIPS, CV_ROUTES, CV_RULES, CV_UNICAST_PEER, CV_UNICAST_SRC,
	CV_NOPREEMPT, CV_PREEMPT, CV_PREEMPT_DELAY, CV_ACCEPT, CV_NO_ACCEPT, CV_USE_VMAC,
	CV_UNICAST_TTL, CV_VMAC_XMIT_BASE, CV_USE_IPVLAN, CV_AUTHENTICATION, CV_DEPRECATED_EXTRA,
	CV_TRACK_INTERFACE, CV_TRACK_SCRIPT, CV_TRACK_FILE, CV_TRACK_PROCESS, CV_TRACK_BFD, CV_NOTIFY_DELETED,
	CV__INSTANCE_END
};
_Static_assert(CV__SG_END <= 200 && CV__INSTANCE_END <= 200,
	       "vg_kw_run sends 100..199 to vg_custom_vrrp");

/* ---- tables ---- */

static const struct kw sync_kws[] = {
	{ "group", H_CUSTOM, 0, CV_SG_GROUP, 0, 0, 0 },
	{ "track_interface", H_CUSTOM, 0, CV_SG_TRACK_INTERFACE, SG(track.interfaces), -253, 253 },
	{ "track_script", H_CUSTOM, 0, CV_SG_TRACK_SCRIPT, SG(track.scripts), -253, 253 },
	{ "track_file", H_CUSTOM, 0, CV_SG_TRACK_FILE, SG(track.files), -254, 254 },
	{ "track_process", H_CUSTOM, 0, CV_SG_TRACK_PROCESS, SG(track.processes), -254, 254 },
	{ "track_bfd", H_CUSTOM, 0, CV_SG_TRACK_BFD, SG(track.bfds), -253, 253 },
	{ "notify_master", H_SCRIPT, 0, 0, SG(notify_master), 0, 0 },
	{ "notify_backup", H_SCRIPT, 0, 0, SG(notify_backup), 0, 0 },
	{ "notify_fault", H_SCRIPT, 0, 0, SG(notify_fault), 0, 0 },
	{ "notify_stop", H_SCRIPT, 0, 0, SG(notify_stop), 0, 0 },
	{ "notify_deleted", H_CUSTOM, 0, CV_SG_NOTIFY_DELETED, SG(notify_deleted), 0, 0 },
	{ "notify", H_SCRIPT, 0, 0, SG(notify), 0, 0 },
	{ "notify_priority_changes", H_TRI, 0, 0, SG(notify_priority_changes), 0, 0 },
	{ "smtp_alert", H_TRI, 0, 0, SG(smtp_alert), 0, 0 },
	{ "global_tracking", H_CUSTOM, 0, CV_SG_GLOBAL_TRACKING, SG(global_tracking), 0, 0 },
	{ "sync_group_tracking_weight", H_FLAG, 0, 0, SG(sync_group_tracking_weight), 0, 0 },
};

static const struct kw garp_kws[] = {
	{ "garp_interval", H_TIME, 0, 0, GG(garp_interval_ns), 1, INT64_C(4294967295) },
	{ "gna_interval", H_TIME, 0, 0, GG(gna_interval_ns), 1, INT64_C(4294967295) },
	{ "interface", H_STR, 0, 0, GG(interface), 0, 0 },
	{ "interfaces", H_STRLIST, 0, 0, GG(interfaces), 0, 0 },
};

static const struct kw instance_kws[] = {
	{ "state", H_CUSTOM, 0, CV_STATE, 0, 0, 0 },
	{ "interface", H_CUSTOM, 0, CV_INTERFACE, 0, 0, 0 },
	{ "vrf", H_STR, 0, 0, I(vrf), 0, 0 },
	{ "use_vmac", H_CUSTOM, 0, CV_USE_VMAC, 0, 0, 0 },
	{ "use_vmac_addr", H_FLAG, 0, 0, I(use_vmac_addr), 0, 0 },
	{ "vmac_xmit_base", H_CUSTOM, 0, CV_VMAC_XMIT_BASE, 0, 0, 0 },
	{ "use_ipvlan", H_CUSTOM, 0, CV_USE_IPVLAN, 0, 0, 0 },
	{ "native_ipv6", H_EXTRA, 0, 0, I(extra), 0, 0 },
	{ "dont_track_primary", H_FLAG, 0, 0, I(dont_track_primary), 0, 0 },
	{ "track_interface", H_CUSTOM, 0, CV_TRACK_INTERFACE, I(track.interfaces), -253, 253 },
	{ "track_script", H_CUSTOM, 0, CV_TRACK_SCRIPT, I(track.scripts), -253, 253 },
	{ "track_file", H_CUSTOM, 0, CV_TRACK_FILE, I(track.files), -254, 254 },
	{ "track_process", H_CUSTOM, 0, CV_TRACK_PROCESS, I(track.processes), -254, 254 },
	{ "track_bfd", H_CUSTOM, 0, CV_TRACK_BFD, I(track.bfds), -253, 253 },
	{ "mcast_src_ip", H_ADDR, 0, 0, I(mcast_src_ip), 0, 0 },
	{ "unicast_src_ip", H_CUSTOM, 0, CV_UNICAST_SRC, 0, 0, 0 },
	{ "mcast_dst_ip", H_ADDR, 0, 0, I(mcast_dst_ip), 0, 0 },
	{ "track_src_ip", H_FLAG, 0, 0, I(track_src_ip), 0, 0 },
	{ "version", H_CUSTOM, 0, CV_VERSION, 0, 2, 3 },
	{ "check_unicast_src", H_FLAG, 0, 0, I(check_unicast_src), 0, 0 },
	{ "unicast_peer", H_CUSTOM, 0, CV_UNICAST_PEER, 0, 0, 0 },
	{ "unicast_fault_no_peer", H_FLAG, 0, 0, I(unicast_fault_no_peer), 0, 0 },
	{ "unicast_ttl", H_CUSTOM, 0, CV_UNICAST_TTL, 0, 0, 255 },
	{ "old_unicast_checksum", H_EXTRA, 0, 0, I(extra), 0, 0 },
	{ "garp_master_delay", H_TIME, 0, 0, I(garp_master_delay_ns), 0, 1000 * US_PER_S },
	{ "garp_master_repeat", H_U32, 0, 0, I(garp_master_repeat), 0, 255 },
	{ "garp_lower_prio_delay", H_TIME, 0, 0, I(garp_lower_prio_delay_ns), 0, 1000 * US_PER_S },
	{ "garp_lower_prio_repeat", H_U32, 0, 0, I(garp_lower_prio_repeat), 0, 255 },
	{ "garp_master_refresh", H_TIME, 0, 0, I(garp_master_refresh_ns), 0, MAX_S },
	{ "garp_master_refresh_repeat", H_U32, 0, 0, I(garp_master_refresh_repeat), 1, 255 },
	{ "garp_extra_if", H_EXTRA, 0, 0, I(extra), 0, 0 },
	{ "garp_extra_if_vmac", H_EXTRA, 0, 0, I(extra), 0, 0 },
	{ "down_timer_adverts", H_U32, 0, 0, I(down_timer_adverts), 1, 100 },
	{ "lower_prio_no_advert", H_TRI, 0, 0, I(lower_prio_no_advert), 0, 0 },
	{ "higher_prio_send_advert", H_TRI, 0, 0, I(higher_prio_send_advert), 0, 0 },
	{ "virtual_router_id", H_CUSTOM, 0, CV_VRID, 0, 1, 255 },
	{ "priority", H_CUSTOM, 0, CV_PRIORITY, 0, 1, 255 },
	{ "advert_int", H_CUSTOM, 0, CV_ADVERT_INT, 0, 10000, 255 * US_PER_S },
	{ "authentication", H_CUSTOM, 0, CV_AUTHENTICATION, 0, 0, 0 },
	{ "virtual_ipaddress", H_CUSTOM, 0, CV_VIPS, 0, 0, 0 },
	{ "virtual_ipaddress_excluded", H_CUSTOM, 0, CV_EVIPS, 0, 0, 0 },
	{ "promote_secondaries", H_FLAG, 0, 0, I(promote_secondaries), 0, 0 },
	{ "virtual_routes", H_CUSTOM, 0, CV_ROUTES, 0, 0, 0 },
	{ "virtual_rules", H_CUSTOM, 0, CV_RULES, 0, 0, 0 },
	{ "accept", H_CUSTOM, 0, CV_ACCEPT, 0, 0, 0 },
	{ "no_accept", H_CUSTOM, 0, CV_NO_ACCEPT, 0, 0, 0 },
	{ "nopreempt", H_CUSTOM, 0, CV_NOPREEMPT, 0, 0, 0 },
	{ "preempt", H_CUSTOM, 0, CV_PREEMPT, 0, 0, 0 },
	{ "preempt_delay", H_CUSTOM, 0, CV_PREEMPT_DELAY, 0, 0, 1000 * US_PER_S },
	{ "skip_check_adv_addr", H_TRI, 0, 0, I(skip_check_adv_addr), 0, 0 },
	{ "strict_mode", H_TRI, 0, 0, I(strict_mode_written), 0, 0 },
	{ "debug", H_U8, 0, 0, I(debug), 0, 4 },
	{ "notify_master", H_SCRIPT, 0, 0, I(notify_master), 0, 0 },
	{ "notify_backup", H_SCRIPT, 0, 0, I(notify_backup), 0, 0 },
	{ "notify_fault", H_SCRIPT, 0, 0, I(notify_fault), 0, 0 },
	{ "notify_stop", H_SCRIPT, 0, 0, I(notify_stop), 0, 0 },
	{ "notify_deleted", H_CUSTOM, 0, CV_NOTIFY_DELETED, I(notify_deleted), 0, 0 },
	{ "notify", H_SCRIPT, 0, 0, I(notify), 0, 0 },
	{ "notify_master_rx_lower_pri", H_SCRIPT, 0, 0, I(notify_master_rx_lower_pri), 0, 0 },
	{ "notify_priority_changes", H_TRI, 0, 0, I(notify_priority_changes), 0, 0 },
	{ "smtp_alert", H_TRI, 0, 0, I(smtp_alert), 0, 0 },
	{ "kernel_rx_buf_size", H_EXTRA, 0, 0, I(extra), 0, 0 },
	{ "linkbeat_use_polling", H_FLAG, 0, 0, I(linkbeat_use_polling), 0, 0 },
	{ "lvs_sync_daemon_interface", H_CUSTOM, 0, CV_DEPRECATED_EXTRA, 0, 0, 0 },
};

static const struct kw auth_kws[] = {
	{ "auth_type", H_CUSTOM, 0, CV_AUTH_TYPE, 0, 0, 0 },
	{ "auth_pass", H_CUSTOM, 0, CV_AUTH_PASS, 0, 0, 0 },
};

#define SET(arr, name, ex, ig)                        \
	do {                                          \
		t->block = name;                      \
		t->kws = arr;                         \
		t->count = KW_COUNT(arr);             \
		t->extra_off = (ptrdiff_t)(ex);       \
		t->ignored_off = (ptrdiff_t)(ig);     \
	} while (0)

bool vg_table_vrrp(int id, struct kw_table *t)
{
	switch (id) {
	case T_SYNC: SET(sync_kws, "vrrp_sync_group", SG(extra), -1); return true;
	case T_GARP: SET(garp_kws, "garp_group", GG(extra), -1); return true;
	case T_INSTANCE: SET(instance_kws, "vrrp_instance", I(extra), I(ignored)); return true;
	case T_AUTH: SET(auth_kws, "authentication", I(extra), I(ignored)); return true;
	default: return vg_table_track(id, t); /* the tracked objects' blocks */
	}
}

/* ---- list lines ---- */

struct track_list {
	struct vg_conf_track_refs *refs;
	int64_t min, max;
};

static void track_line(struct pctx *p, const struct stmt *st, void *obj)
{
	struct track_list *tl = obj;
	struct vg_conf_track_ref *r = VG_LIST_PUSH(p->a, *tl->refs);
	int64_t v;
	uint32_t i = 1;

	if (!r)
		return;
	r->loc = st->loc;
	r->name = vg_pstr(p, st, 0);
	if (st->n > 1) {
		if (strcmp(st->tok[1].text, "weight") != 0) {
			vg_perr(p, st, 1, "invalid-value", "expected 'weight N [reverse]' after '%s', not '%s'",
				st->tok[0].text, st->tok[1].text);
			return;
		}
		if (vg_pint(p, st, 2, tl->min, tl->max, &v)) {
			r->weight = (int32_t)v;
			r->weight_set = true;
		}
		i = 3;
	}
	if (i < st->n) {
		const char *w = st->tok[i].text;
		if (strcmp(w, "reverse") == 0)
			r->reverse = true;
		else if (strcmp(w, "noreverse") != 0 && strcmp(w, "no_reverse") != 0)
			vg_perr(p, st, i, "invalid-value", "expected 'reverse' or 'noreverse', not '%s'", w);
		if (i + 1 < st->n)
			vg_pwarn(p, st, i + 1, "extra-argument", "'%s' is ignored", st->tok[i + 1].text);
	}
}

static void vip_line(struct pctx *p, const struct stmt *st, void *obj)
{
	struct vg_conf_vips *l = obj;
	struct vg_conf_vip v;
	bool unknown_seen = false;
	int rc;

	memset(&v, 0, sizeof(v));
	v.loc = st->loc;
	v.preferred_lft = -2;
	rc = vg_parse_prefix(st->tok[0].text, &v.addr, &v.prefix_len, &v.prefix_set);
	if (rc == -2) {
		/* keepalived: "Invalid address prefix len ... - using 32" and keeps the address */
		char buf[VG_ADDR_STRLEN + 1];
		const char *slash = strchr(st->tok[0].text, '/');
		size_t n = (size_t)(slash - st->tok[0].text);
		bool set;
		memcpy(buf, st->tok[0].text, n < sizeof(buf) - 1 ? n : sizeof(buf) - 1);
		buf[n < sizeof(buf) - 1 ? n : sizeof(buf) - 1] = '\0';
		rc = vg_parse_prefix(buf, &v.addr, &v.prefix_len, &set);
		if (rc == 0)
			vg_perr(p, st, 0, "invalid-prefix",
				"'%s': invalid prefix length; keepalived uses /%u", st->tok[0].text, v.prefix_len);
	}
	if (rc < 0) {
		vg_perr(p, st, 0, "invalid-address",
			"'%s' is not an IPv4 or IPv6 address (keepalived skips this line)", st->tok[0].text);
		return;
	}
	for (uint32_t i = 1; i < st->n; i++) {
		const char *w = st->tok[i].text;
		const char *arg = i + 1 < st->n ? st->tok[i + 1].text : NULL;
		bool takes = true;
		bool plen_set;
		int64_t n;

		if (strcmp(w, "brd") == 0 && arg) {
			if (strcmp(arg, "+") == 0 || strcmp(arg, "-") == 0)
				v.brd_sign = arg[0];
			else if (vg_addr_parse(arg, &v.brd) < 0)
				vg_perr(p, st, i + 1, "invalid-address", "brd '%s' is not an address", arg);
		} else if (strcmp(w, "dev") == 0 && arg) {
			v.dev = vg_pstr(p, st, i + 1);
		} else if (strcmp(w, "scope") == 0 && arg) {
			v.scope = vg_pstr(p, st, i + 1);
			if (strcmp(arg, "site") && strcmp(arg, "link") && strcmp(arg, "host") &&
			    strcmp(arg, "nowhere") && strcmp(arg, "global") && vg_parse_int(arg, &n) < 0)
				vg_perr(p, st, i + 1, "invalid-value",
					"scope '%s': expected site|link|host|nowhere|global", arg);
		} else if (strcmp(w, "label") == 0 && arg) {
			v.label = vg_pstr(p, st, i + 1);
		} else if (strcmp(w, "peer") == 0 && arg) {
			if (vg_parse_prefix(arg, &v.peer, &v.peer_prefix_len, &plen_set) < 0)
				vg_perr(p, st, i + 1, "invalid-address", "peer '%s' is not an address", arg);
		} else if (strcmp(w, "track_group") == 0 && arg) {
			v.track_group = vg_pstr(p, st, i + 1);
		} else if (strcmp(w, "preferred_lft") == 0 && arg) {
			if (strcmp(arg, "forever") == 0)
				v.preferred_lft = -1;
			else if (vg_pint(p, st, i + 1, 0, INT64_C(4294967295), &n))
				v.preferred_lft = n;
		} else {
			takes = false;
			if (strcmp(w, "use_vmac") == 0)
				v.use_vmac = true;
			else if (strcmp(w, "home") == 0)
				v.home = true;
			else if (strcmp(w, "-nodad") == 0)
				v.nodad = true;
			else if (strcmp(w, "mngtmpaddr") == 0)
				v.mngtmpaddr = true;
			else if (strcmp(w, "noprefixroute") == 0)
				v.noprefixroute = true;
			else if (strcmp(w, "autojoin") == 0)
				v.autojoin = true;
			else if (strcmp(w, "no_track") == 0)
				v.no_track = true;
			else {
				static const char opts[][16] = { "brd", "dev", "scope", "label", "peer",
								 "track_group", "preferred_lft", "use_vmac",
								 "home", "-nodad", "mngtmpaddr",
								 "noprefixroute", "autojoin", "no_track" };
				const char *c[KW_COUNT(opts)];
				const char *sugg;
				struct vg_conf_loc loc = vg_ploc(st, i);
				for (size_t k = 0; k < KW_COUNT(opts); k++)
					c[k] = opts[k];
				sugg = vg_diag_suggest(w, c, KW_COUNT(opts));
				/* keepalived ignores each unknown word and keeps the address */
				if (!unknown_seen)
					vg_pdiag_loc(p, VG_DIAG_ERROR, &loc, "invalid-value", sugg,
						     "unknown address option '%s'%s: keepalived ignores it%s", w,
						     arg == NULL && (strcmp(w, "dev") == 0 || strcmp(w, "brd") == 0 ||
								     strcmp(w, "scope") == 0 ||
								     strcmp(w, "label") == 0)
							     ? " without a value"
							     : "",
						     arg ? " and the words after it that are not options" : "");
				unknown_seen = true;
			}
		}
		if (takes)
			i++;
	}
	{
		struct vg_conf_vip *slot = VG_LIST_PUSH(p->a, *l);
		if (slot)
			*slot = v;
	}
}

void vg_vip_line(struct pctx *p, const struct stmt *st, void *obj)
{
	vip_line(p, st, obj);
}

/* Local wrappers: a static function's address needs no GOT entry (core has none). */
static void route_line(struct pctx *p, const struct stmt *st, void *obj)
{
	vg_route_line_virtual(p, st, obj);
}

static void rule_line(struct pctx *p, const struct stmt *st, void *obj)
{
	vg_rule_line_virtual(p, st, obj);
}

static void peer_line(struct pctx *p, const struct stmt *st, void *obj)
{
	struct vg_conf_instance *in = obj;
	struct vg_conf_unicast_peer *u;
	struct vg_addr a;
	int64_t v;

	if (vg_addr_parse(st->tok[0].text, &a) < 0) {
		vg_perr(p, st, 0, "invalid-address", "unicast peer '%s' is not an address (keepalived skips it)",
			st->tok[0].text);
		return;
	}
	u = VG_LIST_PUSH(p->a, in->unicast_peers);
	if (!u)
		return;
	u->loc = st->loc;
	u->addr = a;
	u->min_ttl = u->max_ttl = -1;
	for (uint32_t i = 1; i < st->n; i += 2) {
		const char *w = st->tok[i].text;
		if ((strcmp(w, "min_ttl") == 0 || strcmp(w, "max_ttl") == 0) && vg_pint(p, st, i + 1, 0, 255, &v)) {
			if (w[1] == 'i')
				u->min_ttl = (int16_t)v;
			else
				u->max_ttl = (int16_t)v;
		} else if (strcmp(w, "min_ttl") != 0 && strcmp(w, "max_ttl") != 0) {
			vg_perr(p, st, i, "invalid-value", "unknown unicast_peer option '%s' (min_ttl, max_ttl)", w);
			return;
		}
	}
}

static void name_line(struct pctx *p, const struct stmt *st, void *obj)
{
	vg_pstrs_add(p, obj, st->tok[0].text);
	if (st->n > 1)
		vg_pwarn(p, st, 1, "extra-argument", "one name per line; '%s' is ignored", st->tok[1].text);
}

/* ---- custom handlers ---- */

static const char *need_name(struct pctx *p, const struct stmt *st)
{
	if (st->n < 2) {
		vg_perr(p, st, 0, "missing-name", "'%s' needs a name", st->tok[0].text);
		return NULL;
	}
	if (st->n > 2)
		vg_pwarn(p, st, 2, "extra-argument", "'%s' is ignored", st->tok[2].text);
	return vg_pstr(p, st, 1);
}

/* track_interface / track_script / track_file / track_process / track_bfd of an instance or a sync group */
static void track_refs(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k)
{
	struct track_list tl = { FIELD(obj, k->off, struct vg_conf_track_refs), k->min, k->max };

	if (vg_parse_need_block(p, st))
		vg_parse_list(p, st, track_line, &tl);
}

/* notify_deleted [script]: the keyword alone counts (DELETED instead of FAULT); *set says it was written */
static void notify_deleted(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k, bool *set)
{
	struct vg_conf_script **s = FIELD(obj, k->off, struct vg_conf_script *);

	*s = st->n > 1 ? vg_pscript(p, st, 1, false) : NULL;
	*set = true;
}

/*
 * The line of an earlier vrrp_instance / vrrp_sync_group of this name, or 0. keepalived 2.2.7
 * (seen with -P -D and its SIGUSR1 data file): "(FILE: Line 12) vrrp instance VI_1 already
 * defined" and "vrrp sync group VG_1 already defined"; the later block is skipped whole.
 */
static uint32_t defined_before(const struct vg_conf *c, int aux, const char *name)
{
	if (!name)
		return 0;
	if (aux == CV_TOP_INSTANCE) {
		for (uint32_t i = 0; i < c->instances.count; i++)
			if (c->instances.items[i].name && strcmp(c->instances.items[i].name, name) == 0)
				return c->instances.items[i].loc.line ? c->instances.items[i].loc.line : 1;
	} else if (aux == CV_TOP_SYNC) {
		for (uint32_t i = 0; i < c->sync_groups.count; i++)
			if (c->sync_groups.items[i].name && strcmp(c->sync_groups.items[i].name, name) == 0)
				return c->sync_groups.items[i].loc.line ? c->sync_groups.items[i].loc.line : 1;
	}
	return 0;
}

static void top_object(struct pctx *p, const struct stmt *st, int aux)
{
	struct vg_conf *c = p->conf;
	const char *name;
	uint32_t first;

	if (!vg_parse_need_block(p, st))
		return;
	name = aux == CV_TOP_GARP ? NULL : need_name(p, st);
	first = defined_before(c, aux, name);
	if (first) {
		vg_pwarn(p, st, 1, "duplicate-name",
			 "%s %s already defined (line %u): this block is skipped, as keepalived does",
			 aux == CV_TOP_INSTANCE ? "vrrp instance" : "vrrp sync group", name, first);
		vg_parse_skip(p, st);
		return;
	}
	switch (aux) {
	case CV_TOP_SCRIPT:
	case CV_TOP_TRACK_FILE:
	case CV_TOP_VRRP_TRACK_FILE:
	case CV_TOP_TRACK_PROCESS:
	case CV_TOP_BFD:
		vg_track_object(p, st, aux, name);
		return;
	case CV_TOP_SYNC: {
		struct vg_conf_sync_group *g = VG_LIST_PUSH(p->a, c->sync_groups);
		if (!g)
			return;
		g->loc = st->loc;
		g->name = name;
		vg_parse_table(p, st, T_SYNC, g);
		return;
	}
	case CV_TOP_GARP: {
		struct vg_conf_garp_group *g = VG_LIST_PUSH(p->a, c->garp_groups);
		if (!g)
			return;
		g->loc = st->loc;
		vg_parse_table(p, st, T_GARP, g);
		return;
	}
	case CV_TOP_INSTANCE: {
		struct vg_conf_instance *in = VG_LIST_PUSH(p->a, c->instances);
		if (!in)
			return;
		in->loc = st->loc;
		in->name = name;
		in->priority = 100;
		in->adver_int_cs = 100;
		in->garp_master_delay_ns = VG_TIME_NEVER;
		in->garp_master_repeat = UINT32_MAX;
		in->garp_lower_prio_delay_ns = VG_TIME_NEVER;
		in->garp_lower_prio_repeat = UINT32_MAX;
		in->garp_master_refresh_ns = VG_TIME_NEVER;
		in->garp_master_refresh_repeat = UINT32_MAX;
		in->down_timer_adverts = UINT32_MAX;
		in->unicast_ttl = -1;
		vg_parse_table(p, st, T_INSTANCE, in);
		return;
	}
	default:
		return;
	}
}

/*
 * use_ipvlan [NAME] [ADDR[/LEN]] [bridge|private|vepa], the words in any
 * order as keepalived 2.2.7 takes them: a mode word sets IFLA_IPVLAN_FLAGS,
 * an address is the ipvlan's own (and the advert source), any other word is
 * the interface's name. A second word of a kind is an error and ignored.
 */
static void use_ipvlan(struct pctx *p, const struct stmt *st, struct vg_conf_instance *in)
{
	static const char *const modes[] = { "bridge", "private", "vepa" };
	const char *who = in->name ? in->name : "?";
	bool had_mode = false;
	uint32_t i, m;

	if (in->use_ipvlan) {
		vg_perr(p, st, 0, "duplicate", "(%s) use_ipvlan already specified", who);
		return;
	}
	in->use_ipvlan = true;
	in->ipvlan_loc = st->loc;
	for (i = 1; i < st->n; i++) {
		const char *w = st->tok[i].text;
		struct vg_addr a;
		uint8_t plen;
		bool set;
		int rc;

		for (m = 0; m < 3 && strcmp(w, modes[m]); m++)
			;
		if (m < 3) {
			if (had_mode)
				vg_perr(p, st, i, "duplicate", "(%s) ipvlan type already specified - ignoring '%s'", who, w);
			else
				in->ipvlan_flags = (uint8_t)m;
			had_mode = true;
			continue;
		}
		rc = vg_parse_prefix(w, &a, &plen, &set);
		if (rc == -2) {
			vg_perr(p, st, i, "invalid-prefix", "(%s) ipvlan address '%s': invalid prefix length", who, w);
			continue;
		}
		if (rc == 0) {
			if (in->ipvlan_addr.family != VG_AF_NONE) {
				vg_perr(p, st, i, "duplicate", "(%s) ipvlan address already specified - ignoring '%s'", who, w);
				continue;
			}
			in->ipvlan_addr = a;
			in->ipvlan_prefix_len = plen;
			continue;
		}
		if (in->ipvlan_name)
			vg_perr(p, st, i, "duplicate", "(%s) IPVLAN interface already specified - ignoring '%s'", who, w);
		else if (strlen(w) >= 16) /* IFNAMSIZ */
			vg_perr(p, st, i, "too-long", "(%s) IPVLAN interface name '%s' too long - ignoring", who, w);
		else
			in->ipvlan_name = vg_pstr(p, st, i);
	}
}

static void instance_kw(struct pctx *p, const struct stmt *st, struct vg_conf_instance *in,
			const struct kw *k)
{
	int64_t v;
	vg_time t;

	switch (k->aux) {
	case CV_STATE:
		if (!vg_pargs(p, st, 1, 1))
			return;
		if (strcmp(st->tok[1].text, "MASTER") == 0)
			in->state = VG_CONF_STATE_MASTER;
		else if (strcmp(st->tok[1].text, "BACKUP") == 0)
			in->state = VG_CONF_STATE_BACKUP;
		else {
			struct vg_conf_loc loc = vg_ploc(st, 1);
			const char *c[2] = { "MASTER", "BACKUP" };
			vg_pdiag_loc(p, VG_DIAG_ERROR, &loc, "invalid-value", vg_diag_suggest(st->tok[1].text, c, 2),
				     "state '%s': expected MASTER or BACKUP (keepalived ignores the line)",
				     st->tok[1].text);
			return;
		}
		in->state_set = true;
		in->state_loc = st->loc;
		return;
	case CV_INTERFACE:
		if (!vg_pargs(p, st, 1, 1))
			return;
		in->interface = vg_pstr(p, st, 1);
		in->interface_loc = vg_ploc(st, 1);
		return;
	case CV_VRID:
		vg_pargs(p, st, 1, 1);
		if (st->n > 1 && vg_pint(p, st, 1, 1, 255, &v)) {
			in->virtual_router_id = (uint8_t)v;
			in->vrid_loc = st->loc;
		}
		return;
	case CV_PRIORITY:
		vg_pargs(p, st, 1, 1);
		in->priority_loc = st->loc;
		if (st->n > 1 && vg_pint(p, st, 1, 1, 255, &v)) {
			in->priority_written = (uint8_t)v;
			in->priority = (uint8_t)v;
		}
		return;
	case CV_ADVERT_INT:
		vg_pargs(p, st, 1, 1);
		if (st->n > 1 && vg_ptime(p, st, 1, k->min, k->max, &t)) {
			in->adver_int_cs = (uint32_t)(t / VG_CS(1));
			in->adver_int_loc = st->loc;
			if (t % VG_CS(1))
				vg_pwarn(p, st, 1, "advert-int-resolution",
					 "advert_int '%s' is finer than the 1/100 s VRRP carries; %u.%02u s is used",
					 st->tok[1].text, in->adver_int_cs / 100, in->adver_int_cs % 100);
		}
		return;
	case CV_VERSION:
		vg_pargs(p, st, 1, 1);
		if (st->n > 1 && vg_pint(p, st, 1, 2, 3, &v)) {
			in->version = in->version_written = (uint8_t)v;
			in->version_set = true;
		}
		return;
	case CV_AUTHENTICATION:
		if (!vg_parse_need_block(p, st))
			return;
		in->auth_loc = st->loc;
		vg_parse_table(p, st, T_AUTH, in);
		if (in->auth_type_written == VG_CONF_AUTH_NONE && in->auth_pass_written)
			vg_pdiag_loc(p, VG_DIAG_WARNING, &in->auth_loc, "auth-no-type", NULL,
				     "authentication has auth_pass but no auth_type: keepalived does not "
				     "authenticate");
		return;
	case CV_AUTH_TYPE:
		if (!vg_pargs(p, st, 1, 1))
			return;
		if (strcmp(st->tok[1].text, "PASS") == 0)
			in->auth_type_written = VG_CONF_AUTH_PASS;
		else if (strcmp(st->tok[1].text, "AH") == 0)
			in->auth_type_written = VG_CONF_AUTH_AH;
		else
			vg_perr(p, st, 1, "invalid-value", "auth_type '%s': expected PASS or AH", st->tok[1].text);
		in->auth_type = in->auth_type_written;
		return;
	case CV_AUTH_PASS:
		if (!vg_pargs(p, st, 1, 1))
			return;
		in->auth_pass_written = vg_pstr(p, st, 1);
		in->auth_pass = vg_arena_strndup(p->a, st->tok[1].text,
						 strlen(st->tok[1].text) > VG_CONF_AUTH_PASS_MAX
							 ? VG_CONF_AUTH_PASS_MAX
							 : strlen(st->tok[1].text));
		if (strlen(st->tok[1].text) > VG_CONF_AUTH_PASS_MAX)
			vg_pwarn(p, st, 1, "auth-pass-truncated",
				 "auth_pass is %zu characters; VRRPv2 carries only %d, so keepalived uses '%s'",
				 strlen(st->tok[1].text), VG_CONF_AUTH_PASS_MAX, in->auth_pass);
		return;
	case CV_VIPS:
	case CV_EVIPS:
		if (!vg_parse_need_block(p, st))
			return;
		if (k->aux == CV_VIPS) {
			in->vips_loc = st->loc;
			in->vips_block_seen = true;
		}
		vg_parse_list(p, st, vip_line, k->aux == CV_VIPS ? &in->vips : &in->evips);
		return;
	case CV_ROUTES:
	case CV_RULES:
		if (vg_parse_need_block(p, st))
			vg_parse_list(p, st, k->aux == CV_ROUTES ? route_line : rule_line,
				      k->aux == CV_ROUTES ? &in->routes : &in->rules);
		return;
	case CV_UNICAST_PEER:
		if (!vg_parse_need_block(p, st))
			return;
		in->unicast_peer_loc = st->loc;
		in->unicast_peer_block_seen = true;
		vg_parse_list(p, st, peer_line, in);
		return;
	case CV_UNICAST_SRC:
		if (!vg_pargs(p, st, 1, 1))
			return;
		if (vg_addr_parse(st->tok[1].text, &in->unicast_src_ip) < 0)
			vg_perr(p, st, 1, "invalid-address", "unicast_src_ip '%s' is not an address", st->tok[1].text);
		in->unicast_src_loc = st->loc;
		return;
	case CV_NOPREEMPT:
		in->nopreempt_written = in->nopreempt = true;
		in->nopreempt_loc = st->loc;
		return;
	case CV_PREEMPT:
		in->nopreempt_written = in->nopreempt = false;
		return;
	case CV_PREEMPT_DELAY:
		vg_pargs(p, st, 1, 1);
		if (st->n > 1 && vg_ptime(p, st, 1, k->min, k->max, &t)) {
			in->preempt_delay_written_ns = in->preempt_delay_ns = t;
			in->preempt_delay_loc = st->loc;
		}
		return;
	case CV_ACCEPT:
	case CV_NO_ACCEPT:
		in->accept_written = k->aux == CV_ACCEPT ? VG_TRI_ON : VG_TRI_OFF;
		in->accept_loc = st->loc;
		return;
	case CV_USE_VMAC:
		in->use_vmac = true;
		if (st->n > 1) {
			/* a name, a MAC address, or both */
			for (uint32_t i = 1; i < st->n && i < 3; i++) {
				if (strchr(st->tok[i].text, ':'))
					in->vmac_mac = vg_pstr(p, st, i);
				else
					in->vmac_name = vg_pstr(p, st, i);
			}
		}
		return;
	case CV_USE_IPVLAN:
		use_ipvlan(p, st, in);
		return;
	case CV_UNICAST_TTL:
		if (vg_pint(p, st, 1, 0, 255, &v))
			in->unicast_ttl = (int16_t)v;
		return;
	case CV_VMAC_XMIT_BASE:
		in->vmac_xmit_base = true;
		in->vmac_xmit_base_loc = st->loc;
		return;
	case CV_DEPRECATED_EXTRA:
		/* keepalived 2.2.7 warns and still takes it as lvs_sync_daemon's interface (lvs_driver.c) */
		vg_pwarn(p, st, 0, "deprecated",
			 "(%s) specifying '%s' against a vrrp_instance is deprecated: use global_defs "
			 "lvs_sync_daemon", in->name ? in->name : "?", st->tok[0].text);
		vg_pextra(p, st, &in->extra);
		return;
	case CV_TRACK_INTERFACE:
	case CV_TRACK_SCRIPT:
	case CV_TRACK_FILE:
	case CV_TRACK_PROCESS:
	case CV_TRACK_BFD:
		track_refs(p, st, in, k);
		return;
	case CV_NOTIFY_DELETED:
		notify_deleted(p, st, in, k, &in->notify_deleted_set);
		return;
	default:
		return;
	}
}

/* vrrp_sync_group keywords (enum cv_sync). */
static void sync_kw(struct pctx *p, const struct stmt *st, struct vg_conf_sync_group *g, const struct kw *k)
{
	switch (k->aux) {
	case CV_SG_GROUP:
		if (!vg_parse_need_block(p, st))
			return;
		g->group_loc = st->loc;
		vg_parse_list(p, st, name_line, &g->group);
		return;
	case CV_SG_TRACK_INTERFACE:
	case CV_SG_TRACK_SCRIPT:
	case CV_SG_TRACK_FILE:
	case CV_SG_TRACK_PROCESS:
	case CV_SG_TRACK_BFD:
		track_refs(p, st, g, k);
		return;
	case CV_SG_GLOBAL_TRACKING:
		/* keepalived 2.2.7: deprecated, and the same as sync_group_tracking_weight */
		g->global_tracking = true;
		vg_pwarn(p, st, 0, "deprecated",
			 "global_tracking is deprecated: use track_interface/script/file on the sync group "
			 "(it acts as sync_group_tracking_weight)");
		return;
	case CV_SG_NOTIFY_DELETED:
		notify_deleted(p, st, g, k, &g->notify_deleted_set);
		return;
	default:
		return;
	}
}

void vg_custom_vrrp(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k)
{
	/* each table's ids are its own enum: the table k is in says which */
	if (KW_OF(instance_kws, k) || KW_OF(auth_kws, k))
		instance_kw(p, st, obj, k);
	else if (KW_OF(sync_kws, k))
		sync_kw(p, st, obj, k);
	else if (!vg_custom_track(p, st, obj, k))
		top_object(p, st, k->aux); /* the top table's (parse_global.c): enum cv_top */
}
