// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: rules, typed where they are read.
 *
 * One line of virtual_rules / static_rules becomes a struct vg_conf_iprule
 * with every word keepalived 2.2.7's rule parser accepts (ip-rule(8)), and
 * its checks after the words: one action, a goto above the rule's
 * preference, table options only with a table, no table with l3mdev. The
 * word readers shared with routes are in parse_route.c (parse_ip.h).
 */
#include "conf/parse_ip.h"

#include <string.h>

/* IP protocol names of ip-rule(8) ipproto (/etc/protocols' common ones), any case. */
static const struct name_id ip_protos[] = {
	{ "icmp", 1 },  { "igmp", 2 },  { "ipip", 4 },  { "tcp", 6 },   { "udp", 17 },
	{ "ipv6", 41 }, { "gre", 47 },  { "esp", 50 },  { "ah", 51 },   { "ipv6-icmp", 58 },
	{ "icmpv6", 58 }, { "ospf", 89 }, { "pim", 103 }, { "vrrp", 112 }, { "l2tp", 115 },
	{ "sctp", 132 }, { "udplite", 136 },
};

/* "fwmark MARK[/MASK]" */
static bool fwmark(struct rd *r, struct vg_conf_iprule *ru)
{
	uint32_t k = vg_ip_value(r);
	const char *w, *slash;
	char buf[24];
	uint64_t m, mask = UINT32_MAX;

	if (!k)
		return false;
	w = word(r, k);
	slash = strchr(w, '/');
	if (slash) {
		size_t n = (size_t)(slash - w);
		if (n >= sizeof(buf) || !vg_ip_num(slash + 1, UINT32_MAX, &mask))
			goto bad;
		memcpy(buf, w, n);
		buf[n] = '\0';
		w = buf;
		ru->has_fwmask = true;
	}
	if (!vg_ip_num(w, UINT32_MAX, &m))
		goto bad;
	ru->fwmark = (uint32_t)m;
	ru->fwmask = (uint32_t)mask;
	ru->has_fwmark = true;
	return true;
bad:
	vg_ip_err(r, k, "invalid-value", "fwmark '%s': expected MARK[/MASK]", word(r, k));
	return false;
}

/* "A-B" (or "A" for ports), each at most max. */
static bool range(struct rd *r, uint64_t max, bool single_ok, uint32_t *a, uint32_t *b)
{
	uint32_t k = vg_ip_value(r);
	const char *w, *dash;
	char buf[24];
	uint64_t x, y;

	if (!k)
		return false;
	w = word(r, k);
	dash = strchr(w, '-');
	if (dash) {
		size_t n = (size_t)(dash - w);
		if (n >= sizeof(buf))
			goto bad;
		memcpy(buf, w, n);
		buf[n] = '\0';
		if (!vg_ip_num(buf, max, &x) || !vg_ip_num(dash + 1, max, &y) || y < x)
			goto bad;
	} else if (!single_ok || !vg_ip_num(w, max, &x)) {
		goto bad;
	} else {
		y = x;
	}
	*a = (uint32_t)x;
	*b = (uint32_t)y;
	return true;
bad:
	vg_ip_err(r, k, "invalid-value", "%s '%s': expected %s (numbers up to %llu)", word(r, k - 1), w,
	    single_ok ? "N or N-M" : "N-M", (unsigned long long)max);
	return false;
}

static const char rule_words[][24] = {
	"inet", "inet6", "from", "to", "table", "lookup", "not", "preference", "order", "priority",
	"prio", "pref", "tos", "dsfield", "fwmark", "realms", "suppress_prefixlength", "sup_pl",
	"suppress_ifgroup", "sup_group", "dev", "iif", "iifname", "oif", "oifname", "tunnel-id",
	"uidrange", "l3mdev", "protocol", "ipproto", "ip_proto", "sport", "dport", "no_track",
	"track_group", "type", "goto", "nop", "blackhole", "unreachable", "prohibit",
};

static bool action(struct rd *r, struct vg_conf_iprule *ru, uint8_t act)
{
	if (ru->action != VG_FR_ACT_UNSPEC) {
		vg_ip_err(r, r->i, "invalid-value", "a rule has one action: table, goto, nop, blackhole, "
		    "unreachable, prohibit or l3mdev");
		return false;
	}
	ru->action = act;
	return true;
}

static bool rule_word(struct rd *r, struct vg_conf_iprule *ru, bool is_static, bool *table_option)
{
	const char *w = word(r, r->i);
	uint32_t k, a, b;

	if (is(w, "inet") || is(w, "inet6"))
		return vg_ip_family(r, r->i, is(w, "inet") ? VG_AF_INET : VG_AF_INET6);
	if (is(w, "from") || is(w, "to")) {
		bool from = is(w, "from");
		if (!(k = vg_ip_value(r)))
			return false;
		if (is(word(r, k), "all") || is(word(r, k), "default"))
			return true;
		if (!vg_ip_prefix(r, k, from ? &ru->from : &ru->to, from ? &ru->from_len : &ru->to_len, false))
			return false;
		*(from ? &ru->has_from : &ru->has_to) = true;
		return true;
	}
	if (is(w, "table") || is(w, "lookup")) {
		if (!vg_ip_table(r, &ru->table))
			return false;
		if (!ru->table.name && ru->table.id == 0) {
			vg_ip_err(r, r->i, "invalid-value", "table 0 is not valid for a rule");
			return false;
		}
		return action(r, ru, VG_FR_ACT_TO_TBL);
	}
	if (is(w, "not")) {
		ru->invert = true;
		return true;
	}
	if (is(w, "preference") || is(w, "order") || is(w, "priority") || is(w, "prio") || is(w, "pref"))
		return (ru->has_priority = vg_ip_u32v(r, 0, UINT32_MAX, &ru->priority));
	if (is(w, "tos") || is(w, "dsfield"))
		return (ru->has_tos = vg_ip_dsfield(r, &ru->tos));
	if (is(w, "fwmark"))
		return fwmark(r, ru);
	if (is(w, "realms")) {
		*table_option = true;
		return (ru->has_realms = vg_ip_realms(r, &ru->realms)) && vg_ip_family(r, r->i, VG_AF_INET);
	}
	if (is(w, "suppress_prefixlength") || is(w, "sup_pl")) {
		*table_option = true;
		return (ru->has_suppress_prefixlen = vg_ip_u32v(r, 0, INT32_MAX, &ru->suppress_prefixlen));
	}
	if (is(w, "suppress_ifgroup") || is(w, "sup_group")) {
		*table_option = true;
		return (ru->has_suppress_ifgroup = vg_ip_u32v(r, 0, INT32_MAX, &ru->suppress_ifgroup));
	}
	if (is(w, "dev") || is(w, "iif") || is(w, "iifname") || is(w, "oif") || is(w, "oifname")) {
		return (k = vg_ip_value(r)) && (*(w[0] == 'o' ? &ru->oif : &ru->iif) = vg_ip_ifname(r, k)) != NULL;
	}
	if (is(w, "tunnel-id")) {
		uint64_t v;
		if (!(k = vg_ip_value(r)))
			return false;
		if (!vg_ip_num(word(r, k), UINT64_MAX, &v)) {
			vg_ip_err(r, k, "invalid-number", "tunnel-id '%s' is not a number", word(r, k));
			return false;
		}
		ru->tunnel_id = v;
		ru->has_tunnel_id = true;
		return true;
	}
	if (is(w, "uidrange"))
		return (ru->has_uidrange = range(r, UINT32_MAX, false, &ru->uid_start, &ru->uid_end));
	if (is(w, "sport") || is(w, "dport")) {
		if (!range(r, 65535, true, &a, &b))
			return false;
		if (w[0] == 's') {
			ru->sport_start = (uint16_t)a;
			ru->sport_end = (uint16_t)b;
			ru->has_sport = true;
		} else {
			ru->dport_start = (uint16_t)a;
			ru->dport_end = (uint16_t)b;
			ru->has_dport = true;
		}
		return true;
	}
	if (is(w, "l3mdev")) {
		ru->l3mdev = true;
		return action(r, ru, VG_FR_ACT_TO_TBL);
	}
	if (is(w, "protocol")) {
		uint32_t v;
		if (!vg_ip_u32v(r, 0, 255, &v))
			return false;
		ru->protocol = (uint8_t)v;
		ru->has_protocol = true;
		return true;
	}
	if (is(w, "ipproto") || is(w, "ip_proto")) {
		uint64_t v;
		uint32_t id;
		if (!(k = vg_ip_value(r)))
			return false;
		if (vg_ip_lookup(ip_protos, KW_COUNT(ip_protos), word(r, k), true, &id)) {
			v = id;
		} else if (!vg_ip_num(word(r, k), 255, &v)) {
			vg_ip_err(r, k, "invalid-value", "%s '%s': expected tcp, udp, sctp, icmp, ... or 0..255", w,
			    word(r, k));
			return false;
		}
		ru->ip_proto = (uint8_t)v;
		ru->has_ip_proto = true;
		return true;
	}
	if (is(w, "no_track")) {
		ru->no_track = true;
		return true;
	}
	if (is(w, "track_group") && is_static) {
		if (!(k = vg_ip_value(r)))
			return false;
		ru->track_group = vg_pstr(r->p, r->st, k);
		return true;
	}
	k = r->i;
	if (is(w, "type")) {
		if (!(k = vg_ip_value(r)))
			return false;
		w = word(r, k);
	}
	if (is(w, "goto"))
		return action(r, ru, VG_FR_ACT_GOTO) && vg_ip_u32v(r, 0, UINT32_MAX, &ru->goto_target);
	if (is(w, "nop"))
		return action(r, ru, VG_FR_ACT_NOP);
	if (is(w, "blackhole"))
		return action(r, ru, VG_FR_ACT_BLACKHOLE);
	if (is(w, "unreachable"))
		return action(r, ru, VG_FR_ACT_UNREACHABLE);
	if (is(w, "prohibit"))
		return action(r, ru, VG_FR_ACT_PROHIBIT);
	UNKNOWN(r, k, rule_words);
	return false;
}

static void rule_line(struct pctx *p, const struct stmt *st, struct vg_conf_routes *l, bool is_static)
{
	struct vg_conf_route *e = vg_ip_entry(p, st, l);
	struct vg_conf_iprule ru;
	struct rd r = { p, st, 0, 0, "rule", false };
	bool table_option = false;

	if (!e)
		return;
	memset(&ru, 0, sizeof(ru));
	ru.fwmask = UINT32_MAX;
	for (r.i = 0; r.i < st->n && !r.bad; r.i++)
		rule_word(&r, &ru, is_static, &table_option);
	if (r.bad)
		return;
	/* keepalived 2.2.7 alloc_rule(): the checks after the words */
	if (ru.action == VG_FR_ACT_GOTO && (!ru.has_priority || ru.priority >= ru.goto_target)) {
		vg_ip_err(&r, 0, "invalid-value", ru.has_priority ? "the rule's preference %u is not below its goto "
		    "target %u" : "a goto rule needs a preference below its target%.0u%.0u",
		    ru.priority, ru.goto_target);
		return;
	}
	if (ru.action == VG_FR_ACT_UNSPEC) {
		vg_ip_err(&r, 0, "missing-value", "the rule has no action (table, goto, nop, blackhole, "
		    "unreachable, prohibit or l3mdev)");
		return;
	}
	if (ru.action != VG_FR_ACT_TO_TBL && table_option) {
		vg_ip_err(&r, 0, "invalid-value", "realms / suppress_* are for rules with a table");
		return;
	}
	if (ru.l3mdev && (ru.table.id || ru.table.name)) {
		vg_ip_err(&r, 0, "invalid-value", "table cannot be given for an l3mdev rule");
		return;
	}
	/* keepalived 2.2.7: "Rule cannot be tracked if protocol is not RTPROT_KEEPALIVED(18), resetting protocol" */
	if (!ru.no_track && ru.has_protocol && ru.protocol != VG_RTPROT_KEEPALIVED)
		vg_pwarn(p, st, 0, "protocol-reset", "a tracked rule's protocol is reset to keepalived (18) by "
			 "keepalived 2.2.7; vigild installs it with protocol %u as written (add no_track to keep it)",
			 ru.protocol);
	if (ru.track_group && !ru.iif) {
		vg_pwarn(p, st, 0, "rule-not-tracked", "a static rule with track_group needs 'dev'/'iif' "
			 "(keepalived drops the track_group)");
		ru.track_group = NULL;
	}
	if (!ru.has_priority)
		vg_pwarn(p, st, 0, "rule-no-preference", "the rule has no preference: keepalived 2.2.7 gives "
			 "it one (16384 and down, 'probably not what you want'), vigil leaves the choice to "
			 "the kernel; write 'preference N'");
	ru.family = r.family ? r.family : VG_AF_INET;
	if (ru.action == VG_FR_ACT_TO_TBL && !ru.l3mdev && !ru.table.name && !ru.table.id)
		ru.table.id = VG_RT_TABLE_MAIN;
	{
		struct vg_conf_iprule *out = vg_arena_alloc(p->a, sizeof(*out));
		if (!out) {
			p->nomem = true;
			return;
		}
		*out = ru;
		e->rule = out;
		if (ru.has_to || ru.has_from) {
			e->has_dst = true;
			e->dst = ru.has_to ? ru.to : ru.from;
			e->dst_prefix_len = ru.has_to ? ru.to_len : ru.from_len;
		}
	}
}

void vg_rule_line_virtual(struct pctx *p, const struct stmt *st, void *obj)
{
	rule_line(p, st, obj, false);
}

void vg_rule_line_static(struct pctx *p, const struct stmt *st, void *obj)
{
	rule_line(p, st, obj, true);
}
