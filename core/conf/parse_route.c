// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: routes, typed where they are read, and the word readers rules share.
 *
 * One line of virtual_routes / static_routes becomes a struct
 * vg_conf_iproute (rules: parse_rule.c, struct vg_conf_iprule), with every
 * word keepalived.conf(5) "Static
 * routes/addresses/rules" and keepalived 2.2.7's parser accept (the ip-route(8)
 * / ip-rule(8) words; shortened names are not accepted, as in keepalived).
 * A word that is not one of them, or a value that does not parse, is an
 * error at its own column, and the line is left without a typed entry
 * (keepalived skips the route or rule). keepalived's warnings for these
 * lines are reported where it reports them (vigild -t and vigil check both
 * parse): "gw" and "or" are deprecated, a tracked route needs an interface,
 * a rule without a preference gets one from the kernel.
 *
 * Values with a name space that only the host knows are kept as written:
 * table names other than the built-in ones are resolved when the plan is
 * built (vg_vrrp_plan_build_with), VRF and interface names by the backend.
 * Realms and TOS are numbers (keepalived also reads names from
 * rt_realms / rt_dsfield; vigil reports those names as errors).
 */
#include "conf/parse_ip.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Decimal or 0x hex, the whole word, at most max. */
bool vg_ip_num(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

bool vg_ip_lookup(const struct name_id *t, size_t n, const char *w, bool nocase, uint32_t *id)
{
	for (size_t i = 0; i < n; i++)
		if (nocase ? vg_same_nocase(w, t[i].name) : is(w, t[i].name)) {
			*id = t[i].id;
			return true;
		}
	return false;
}

int vg_conf_rt_table_builtin(const char *name, uint32_t *id)
{
	static const struct name_id t[] = {
		{ "unspec", 0 }, { "default", VG_RT_TABLE_DEFAULT }, { "main", VG_RT_TABLE_MAIN },
		{ "local", VG_RT_TABLE_LOCAL },
	};
	uint64_t v;

	if (vg_ip_num(name, UINT32_MAX, &v)) {
		*id = (uint32_t)v;
		return 0;
	}
	return vg_ip_lookup(t, KW_COUNT(t), name, false, id) ? 0 : -1;
}

int vg_conf_rt_table_resolve(const struct vg_conf_rt_table *t, const struct vg_rt_tables *tables,
			     uint32_t *id)
{
	if (!t->name) {
		*id = t->id;
		return 0;
	}
	for (uint32_t i = 0; tables && i < tables->count; i++)
		if (tables->items[i].name && is(tables->items[i].name, t->name)) {
			*id = tables->items[i].id;
			return 0;
		}
	return -1;
}

/* rtnetlink.h RTPROT_* (iproute2's rt_protos names them the same). */
static const struct name_id protos[] = {
	{ "redirect", 1 }, { "kernel", 2 }, { "boot", 3 },   { "static", 4 }, { "gated", 8 },
	{ "ra", 9 },       { "mrt", 10 },   { "zebra", 11 }, { "bird", 12 },  { "dnrouted", 13 },
	{ "xorp", 14 },    { "ntk", 15 },   { "dhcp", 16 },  { "mrouted", 17 }, { "keepalived", 18 },
	{ "babel", 42 },   { "openr", 99 }, { "bgp", 186 },  { "isis", 187 }, { "ospf", 188 },
	{ "rip", 189 },    { "eigrp", 192 },
};

static const struct name_id scopes[] = {
	{ "global", VG_RT_SCOPE_UNIVERSE }, { "universe", VG_RT_SCOPE_UNIVERSE },
	{ "site", VG_RT_SCOPE_SITE },       { "link", VG_RT_SCOPE_LINK },
	{ "host", VG_RT_SCOPE_HOST },       { "nowhere", VG_RT_SCOPE_NOWHERE },
};

static const struct name_id rtn_types[] = {
	{ "unicast", VG_RTN_UNICAST },     { "local", VG_RTN_LOCAL },
	{ "broadcast", VG_RTN_BROADCAST }, { "anycast", VG_RTN_ANYCAST },
	{ "multicast", VG_RTN_MULTICAST }, { "blackhole", VG_RTN_BLACKHOLE },
	{ "unreachable", VG_RTN_UNREACHABLE }, { "prohibit", VG_RTN_PROHIBIT },
	{ "throw", VG_RTN_THROW },         { "nat", VG_RTN_NAT },
	{ "xresolve", VG_RTN_XRESOLVE },
};

/* ---- one line, read word by word ---- */

void vg_ip_err(struct rd *r, uint32_t tok, const char *code, const char *fmt, ...)
{
	char msg[320];
	va_list ap;
	struct vg_conf_loc loc = vg_ploc(r->st, tok);

	if (r->bad)
		return; /* one error a line: the rest of it is not read (keepalived skips it) */
	r->bad = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vg_pdiag_loc(r->p, VG_DIAG_ERROR, &loc, code, NULL, "%s (keepalived skips this %s)", msg, r->what);
}

/* The value after keyword r->i: its index, or 0 with an error. */
uint32_t vg_ip_value(struct rd *r)
{
	if (r->i + 1 >= r->st->n) {
		vg_ip_err(r, r->i, "missing-value", "'%s' needs a value", word(r, r->i));
		return 0;
	}
	return ++r->i;
}

bool vg_ip_family(struct rd *r, uint32_t tok, uint8_t f)
{
	if (r->family && r->family != f) {
		vg_ip_err(r, tok, "invalid-address", "'%s': a %s has one address family (IPv%c before)",
		    word(r, tok), r->what, r->family == VG_AF_INET ? '4' : '6');
		return false;
	}
	r->family = f;
	return true;
}

bool vg_ip_u32v(struct rd *r, uint64_t min, uint64_t max, uint32_t *out)
{
	uint32_t k = vg_ip_value(r);
	uint64_t v;

	if (!k)
		return false;
	if (!vg_ip_num(word(r, k), max, &v) || v < min) {
		vg_ip_err(r, k, "invalid-number", "%s '%s': expected a number in %llu..%llu", word(r, k - 1),
		    word(r, k), (unsigned long long)min, (unsigned long long)max);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* An address with an optional /LEN; full length when not written. */
bool vg_ip_prefix(struct rd *r, uint32_t k, struct vg_addr *a, uint8_t *len, bool host_only)
{
	bool set;
	int rc = vg_parse_prefix(word(r, k), a, len, &set);

	if (rc < 0 || (host_only && set && *len != vg_addr_len(a->family) * 8)) {
		vg_ip_err(r, k, "invalid-address", "'%s' is not an %s", word(r, k),
		    host_only ? "IPv4 or IPv6 address" : "IPv4 or IPv6 address[/prefix]");
		return false;
	}
	if (!set)
		*len = (uint8_t)(vg_addr_len(a->family) * 8);
	return vg_ip_family(r, k, a->family);
}

/* An interface name (IFNAMSIZ: 15 bytes); its interned copy, or NULL with an error. */
const char *vg_ip_ifname(struct rd *r, uint32_t k)
{
	size_t n = strlen(word(r, k));

	if (n == 0 || n > 15) {
		vg_ip_err(r, k, "invalid-value", "%s '%s' is not an interface name (at most 15 characters)",
		    word(r, k - 1), word(r, k));
		return NULL;
	}
	return vg_pstr(r->p, r->st, k);
}

bool vg_ip_table(struct rd *r, struct vg_conf_rt_table *t)
{
	uint32_t k = vg_ip_value(r);

	if (!k)
		return false;
	if (vg_conf_rt_table_builtin(word(r, k), &t->id) == 0)
		return true;
	if (!((word(r, k)[0] >= 'a' && word(r, k)[0] <= 'z') || (word(r, k)[0] >= 'A' && word(r, k)[0] <= 'Z'))) {
		vg_ip_err(r, k, "invalid-value", "table '%s' is not a number or a table name", word(r, k));
		return false;
	}
	t->name = vg_pstr(r->p, r->st, k);
	t->name_loc = vg_ploc(r->st, k);
	t->id = 0;
	return true;
}

/* "FROM/TO" or "TO", numbers 0..65535: (from << 16) | to. */
bool vg_ip_realms(struct rd *r, uint32_t *out)
{
	uint32_t k = vg_ip_value(r);
	const char *w, *slash;
	char buf[16];
	uint64_t from = 0, to;

	if (!k)
		return false;
	w = word(r, k);
	slash = strchr(w, '/');
	if (slash) {
		size_t n = (size_t)(slash - w);
		if (n >= sizeof(buf))
			goto bad;
		memcpy(buf, w, n);
		buf[n] = '\0';
		if (!vg_ip_num(buf, 65535, &from))
			goto bad;
		w = slash + 1;
	}
	if (!vg_ip_num(w, 65535, &to))
		goto bad;
	*out = (uint32_t)(from << 16 | to);
	return true;
bad:
	vg_ip_err(r, k, "invalid-value", "realms '%s': expected [FROM/]TO, numbers 0..65535 (realm names are not read)",
	    word(r, k));
	return false;
}

bool vg_ip_dsfield(struct rd *r, uint8_t *out)
{
	uint32_t k = vg_ip_value(r);
	uint64_t v;

	if (!k)
		return false;
	if (!vg_ip_num(word(r, k), 255, &v)) {
		vg_ip_err(r, k, "invalid-value", "tos '%s': expected a number 0..255 (0x hex)", word(r, k));
		return false;
	}
	*out = (uint8_t)v;
	return true;
}

static bool protocol(struct rd *r, uint8_t *out)
{
	uint32_t k = vg_ip_value(r), id;
	uint64_t v;

	if (!k)
		return false;
	if (vg_ip_lookup(protos, KW_COUNT(protos), word(r, k), false, &id)) {
		*out = (uint8_t)id;
		return true;
	}
	if (vg_ip_num(word(r, k), 255, &v)) {
		*out = (uint8_t)v;
		return true;
	}
	vg_ip_err(r, k, "invalid-value", "protocol '%s': expected a number 0..255 or a name of rt_protos "
	    "(boot, static, keepalived, bird, ...)", word(r, k));
	return false;
}

/* rtt / rttvar / rto_min: kernel units when raw; "Nms" / "Ns" are milliseconds times mult. */
static bool rtt(struct rd *r, uint32_t mult, uint32_t *out)
{
	uint32_t k = vg_ip_value(r);
	const char *w;
	char buf[24];
	size_t n;
	uint64_t v, ms = 1;

	if (!k)
		return false;
	w = word(r, k);
	n = strlen(w);
	if (n > 2 && (is(w + n - 2, "ms"))) {
		n -= 2;
	} else if (n > 1 && (w[n - 1] == 's')) {
		n -= 1;
		ms = 1000;
	} else {
		ms = 0; /* raw */
	}
	if (n >= sizeof(buf))
		goto bad;
	memcpy(buf, w, n);
	buf[n] = '\0';
	if (!vg_ip_num(buf, UINT32_MAX, &v))
		goto bad;
	if (ms)
		v = v * ms * mult;
	if (v > UINT32_MAX)
		goto bad;
	*out = (uint32_t)v;
	return true;
bad:
	vg_ip_err(r, k, "invalid-value", "%s '%s': expected a number, or a time in ms or s", word(r, k - 1), w);
	return false;
}

/* "mtu [lock] N" and the other metrics of ip-route(8). */
static bool metric(struct rd *r, struct vg_conf_iproute *rt, int ax, bool lockable)
{
	uint32_t v;

	if (lockable && r->i + 1 < r->st->n && is(word(r, r->i + 1), "lock")) {
		r->i++;
		rt->lock |= UINT32_C(1) << ax;
		rt->metrics_set |= UINT32_C(1) << VG_RTAX_LOCK;
	}
	if (ax == VG_RTAX_RTT || ax == VG_RTAX_RTTVAR || ax == VG_RTAX_RTO_MIN) {
		if (!rtt(r, ax == VG_RTAX_RTT ? 8 : ax == VG_RTAX_RTTVAR ? 4 : 1, &v))
			return false;
	} else if (!vg_ip_u32v(r, 0, ax == VG_RTAX_HOPLIMIT ? 255 : ax == VG_RTAX_QUICKACK ||
			ax == VG_RTAX_FASTOPEN_NO_COOKIE ? 1 : UINT32_MAX, &v)) {
		return false;
	}
	rt->metrics[ax] = v;
	rt->metrics_set |= UINT32_C(1) << ax;
	return true;
}

static const char route_words[][20] = {
	"inet", "inet6", "src", "from", "via", "gw", "or", "tos", "dsfield", "table", "protocol", "proto",
	"scope", "metric", "priority", "preference", "dev", "oif", "onlink", "encap", "expires", "mtu",
	"hoplimit", "advmss", "rtt", "rttvar", "reordering", "window", "cwnd", "ssthresh", "realms",
	"rto_min", "initcwnd", "initrwnd", "features", "quickack", "congctl", "pref", "ttl-propagate",
	"fastopen_no_cookie", "add", "prepend", "append", "nexthop", "no_track", "track_group", "vrf",
	"to", "weight",
};

/* An unknown word: an error with the closest known word as a suggestion. */
void vg_ip_unknown(struct rd *r, uint32_t k, const char *words, size_t width, size_t n)
{
	const char *c[64];
	const char *sugg;
	struct vg_conf_loc loc = vg_ploc(r->st, k);

	if (r->bad)
		return;
	r->bad = true;
	for (size_t i = 0; i < n && i < KW_COUNT(c); i++)
		c[i] = words + i * width;
	sugg = vg_diag_suggest(word(r, k), c, n < KW_COUNT(c) ? n : KW_COUNT(c));
	vg_pdiag_loc(r->p, VG_DIAG_ERROR, &loc, "unknown-word", sugg,
		     "unknown %s word '%s' (keepalived skips this %s)", r->what, word(r, k), r->what);
}

/* "nexthop via A dev D weight W onlink realms R", repeated; r->i at the first "nexthop". */
static void nexthops(struct rd *r, struct vg_conf_iproute *rt)
{
	while (!r->bad && r->i < r->st->n && is(word(r, r->i), "nexthop")) {
		struct vg_conf_nexthop *nh;
		uint32_t k;

		if (rt->nexthop_count >= VG_CONF_NEXTHOPS_MAX) {
			vg_ip_err(r, r->i, "out-of-range", "more than %d nexthops", VG_CONF_NEXTHOPS_MAX);
			return;
		}
		nh = &rt->nexthops[rt->nexthop_count++];
		for (r->i++; !r->bad && r->i < r->st->n && !is(word(r, r->i), "nexthop"); r->i++) {
			const char *w = word(r, r->i);
			uint8_t len;

			if (is(w, "via")) {
				if (!(k = vg_ip_value(r)))
					return;
				if ((is(word(r, k), "inet") || is(word(r, k), "inet6")) &&
				    (!vg_ip_family(r, k, is(word(r, k), "inet") ? VG_AF_INET : VG_AF_INET6) || !(k = vg_ip_value(r))))
					return;
				vg_ip_prefix(r, k, &nh->via, &len, true);
			} else if (is(w, "dev")) {
				if ((k = vg_ip_value(r)))
					nh->dev = vg_ip_ifname(r, k);
			} else if (is(w, "weight")) {
				uint32_t v;
				if (vg_ip_u32v(r, 1, 256, &v))
					nh->weight = (uint16_t)v;
			} else if (is(w, "onlink")) {
				nh->onlink = true;
			} else if (is(w, "realms")) {
				if (vg_ip_realms(r, &nh->realms) && vg_ip_family(r, r->i, VG_AF_INET))
					nh->realms_set = true;
			} else if (is(w, "encap") || is(w, "as")) {
				vg_ip_err(r, r->i, "unsupported", "nexthop '%s' is not supported by vigil", w);
			} else {
				vg_ip_err(r, r->i, "unknown-word", "nexthop word '%s': after 'nexthop' only via, dev, "
				    "weight, onlink and realms may follow (keepalived: trailing nonsense)", w);
			}
		}
	}
}

static bool route_word(struct rd *r, struct vg_conf_iproute *rt, bool is_static, bool *has_dst)
{
	const char *w = word(r, r->i);
	uint32_t k, id;
	uint8_t len;

	if (is(w, "inet") || is(w, "inet6"))
		return vg_ip_family(r, r->i, is(w, "inet") ? VG_AF_INET : VG_AF_INET6);
	if (is(w, "src")) {
		return (k = vg_ip_value(r)) && vg_ip_prefix(r, k, &rt->src, &len, true);
	}
	if (is(w, "from")) {
		if (!(k = vg_ip_value(r)) || !vg_ip_prefix(r, k, &rt->from, &rt->from_len, false))
			return false;
		if (rt->from.family != VG_AF_INET6) {
			vg_ip_err(r, k, "invalid-address", "route 'from' is IPv6 only (source-specific routing)");
			return false;
		}
		return true;
	}
	if (is(w, "via") || is(w, "gw")) {
		if (is(w, "gw"))
			vg_pwarn(r->p, r->st, r->i, "deprecated", "\"gw\" for routes is deprecated, use \"via\" "
				 "(keepalived 2.2.7 warns the same)");
		if (!(k = vg_ip_value(r)))
			return false;
		if ((is(word(r, k), "inet") || is(word(r, k), "inet6")) &&
		    (!vg_ip_family(r, k, is(word(r, k), "inet") ? VG_AF_INET : VG_AF_INET6) || !(k = vg_ip_value(r))))
			return false;
		return vg_ip_prefix(r, k, &rt->via, &len, true);
	}
	if (is(w, "or")) {
		vg_pwarn(r->p, r->st, r->i, "deprecated", "\"or\" for routes is deprecated, use \"nexthop\" "
			 "(keepalived 2.2.7 warns the same)");
		if (rt->nexthop_count) {
			vg_ip_err(r, r->i, "invalid-value", "'or' after another 'or' or 'nexthop'");
			return false;
		}
		if (rt->via.family == VG_AF_NONE) {
			vg_ip_err(r, r->i, "invalid-value", "'or' needs a 'via' before it");
			return false;
		}
		if (!(k = vg_ip_value(r)))
			return false;
		rt->nexthops[0].via = rt->via;
		memset(&rt->via, 0, sizeof(rt->via));
		rt->nexthop_count = 2;
		rt->via_or = true;
		return vg_ip_prefix(r, k, &rt->nexthops[1].via, &len, true);
	}
	if (is(w, "tos") || is(w, "dsfield"))
		return (rt->has_tos = vg_ip_dsfield(r, &rt->tos));
	if (is(w, "table"))
		return vg_ip_table(r, &rt->table);
	if (is(w, "protocol") || is(w, "proto"))
		return (rt->has_protocol = protocol(r, &rt->protocol));
	if (is(w, "scope")) {
		uint64_t v;
		if (!(k = vg_ip_value(r)))
			return false;
		if (vg_ip_lookup(scopes, KW_COUNT(scopes), word(r, k), false, &id)) {
			rt->scope = (uint8_t)id;
		} else if (vg_ip_num(word(r, k), 255, &v)) {
			rt->scope = (uint8_t)v;
		} else {
			vg_ip_err(r, k, "invalid-value", "scope '%s': expected host, link, global, site, nowhere or 0..255",
			    word(r, k));
			return false;
		}
		rt->has_scope = true;
		return true;
	}
	if (is(w, "metric") || is(w, "priority") || is(w, "preference"))
		return (rt->has_metric = vg_ip_u32v(r, 0, UINT32_MAX, &rt->metric));
	if (is(w, "dev") || is(w, "oif"))
		return (k = vg_ip_value(r)) && (rt->dev = vg_ip_ifname(r, k)) != NULL;
	if (is(w, "onlink")) {
		rt->onlink = true;
		return true;
	}
	if (is(w, "expires")) {
		if (!vg_ip_family(r, r->i, VG_AF_INET6))
			return false;
		return (rt->has_expires = vg_ip_u32v(r, 0, UINT32_MAX, &rt->expires));
	}
	if (is(w, "mtu"))
		return metric(r, rt, VG_RTAX_MTU, true);
	if (is(w, "hoplimit"))
		return metric(r, rt, VG_RTAX_HOPLIMIT, false);
	if (is(w, "advmss"))
		return metric(r, rt, VG_RTAX_ADVMSS, true);
	if (is(w, "rtt"))
		return metric(r, rt, VG_RTAX_RTT, true);
	if (is(w, "rttvar"))
		return metric(r, rt, VG_RTAX_RTTVAR, true);
	if (is(w, "reordering"))
		return metric(r, rt, VG_RTAX_REORDERING, true);
	if (is(w, "window"))
		return metric(r, rt, VG_RTAX_WINDOW, false);
	if (is(w, "cwnd"))
		return metric(r, rt, VG_RTAX_CWND, true);
	if (is(w, "ssthresh"))
		return metric(r, rt, VG_RTAX_SSTHRESH, true);
	if (is(w, "rto_min"))
		return metric(r, rt, VG_RTAX_RTO_MIN, true);
	if (is(w, "initcwnd"))
		return metric(r, rt, VG_RTAX_INITCWND, false);
	if (is(w, "initrwnd"))
		return metric(r, rt, VG_RTAX_INITRWND, false);
	if (is(w, "quickack"))
		return metric(r, rt, VG_RTAX_QUICKACK, false);
	if (is(w, "fastopen_no_cookie"))
		return metric(r, rt, VG_RTAX_FASTOPEN_NO_COOKIE, false);
	if (is(w, "realms")) {
		if (!vg_ip_realms(r, &rt->realms) || !vg_ip_family(r, r->i, VG_AF_INET))
			return false;
		rt->has_realms = true;
		return true;
	}
	if (is(w, "features")) {
		if (!(k = vg_ip_value(r)))
			return false;
		if (!is(word(r, k), "ecn")) {
			vg_ip_err(r, k, "invalid-value", "features '%s': only 'ecn' is known", word(r, k));
			return false;
		}
		rt->metrics[VG_RTAX_FEATURES] |= 1; /* RTAX_FEATURE_ECN */
		rt->metrics_set |= UINT32_C(1) << VG_RTAX_FEATURES;
		return true;
	}
	if (is(w, "congctl")) {
		if (r->i + 1 < r->st->n && is(word(r, r->i + 1), "lock")) {
			r->i++;
			rt->lock |= UINT32_C(1) << VG_RTAX_CC_ALGO;
			rt->metrics_set |= UINT32_C(1) << VG_RTAX_LOCK;
		}
		if (!(k = vg_ip_value(r)))
			return false;
		rt->congctl = vg_pstr(r->p, r->st, k);
		/* libnl sets numeric metrics only: say so where it is written, not at apply time */
		vg_pwarn(r->p, r->st, k, "not-applied", "congctl '%s' is read but vigild does not set it "
			 "(RTAX_CC_ALGO is a string metric libnl cannot send)", word(r, k));
		return true;
	}
	if (is(w, "pref")) {
		static const struct name_id prefs[] = { { "low", 3 }, { "medium", 0 }, { "high", 1 } };
		uint64_t v;
		if (!vg_ip_family(r, r->i, VG_AF_INET6) || !(k = vg_ip_value(r)))
			return false;
		if (vg_ip_lookup(prefs, KW_COUNT(prefs), word(r, k), false, &id)) {
			rt->pref = (uint8_t)id;
		} else if (vg_ip_num(word(r, k), 255, &v)) {
			rt->pref = (uint8_t)v;
		} else {
			vg_ip_err(r, k, "invalid-value", "pref '%s': expected low, medium, high or 0..255", word(r, k));
			return false;
		}
		rt->has_pref = true;
		return true;
	}
	if (is(w, "ttl-propagate")) {
		if (!(k = vg_ip_value(r)))
			return false;
		if (!is(word(r, k), "enabled") && !is(word(r, k), "disabled")) {
			vg_ip_err(r, k, "invalid-value", "ttl-propagate '%s': expected enabled or disabled", word(r, k));
			return false;
		}
		rt->ttl_propagate = is(word(r, k), "enabled");
		rt->has_ttl_propagate = true;
		return true;
	}
	if (is(w, "add") || is(w, "prepend") || is(w, "append")) {
		rt->op = is(w, "add") ? VG_ROUTE_ADD : is(w, "append") ? VG_ROUTE_APPEND : VG_ROUTE_PREPEND;
		return true;
	}
	if (is(w, "no_track")) {
		rt->no_track = true;
		return true;
	}
	if (is(w, "track_group") && is_static) {
		if (!(k = vg_ip_value(r)))
			return false;
		rt->track_group = vg_pstr(r->p, r->st, k);
		return true;
	}
	if (is(w, "vrf"))
		return (k = vg_ip_value(r)) && (rt->vrf = vg_ip_ifname(r, k)) != NULL;
	if (is(w, "encap") || is(w, "as")) {
		vg_ip_err(r, r->i, "unsupported", "route '%s' is not supported by vigil", w);
		return false;
	}
	/* the destination: [to] [TYPE] PREFIX|default */
	k = r->i;
	bool expl = is(w, "to");
	if (expl && !(k = vg_ip_value(r)))
		return false;
	if (vg_ip_lookup(rtn_types, KW_COUNT(rtn_types), word(r, k), false, &id)) {
		expl = true;
		rt->type = (uint8_t)id;
		r->i = k;
		if (!(k = vg_ip_value(r)))
			return false;
	}
	if (*has_dst) {
		struct vg_addr tmp;
		if (is(word(r, k), "default") || vg_parse_prefix(word(r, k), &tmp, &len, &(bool){ false }) == 0)
			vg_ip_err(r, k, "invalid-value", "a second destination '%s'", word(r, k));
		else
			UNKNOWN(r, k, route_words);
		return false;
	}
	if (is(word(r, k), "default")) {
		memset(&rt->dst, 0, sizeof(rt->dst));
		rt->dst_len = 0;
	} else {
		bool set;
		const char *d = word(r, k);
		int rc = vg_parse_prefix(d, &rt->dst, &rt->dst_len, &set);
		if (rc < 0) {
			/* a word that looks like an address is a bad address, else an unknown word */
			if (expl || strchr(d, '/') || strchr(d, ':') || (d[0] >= '0' && d[0] <= '9'))
				vg_ip_err(r, k, "invalid-address", "destination '%s' is not an address/prefix", d);
			else
				UNKNOWN(r, k, route_words);
			return false;
		}
		if (!set)
			rt->dst_len = (uint8_t)(vg_addr_len(rt->dst.family) * 8);
		if (!vg_ip_family(r, k, rt->dst.family))
			return false;
	}
	r->i = k;
	*has_dst = true;
	return true;
}

/* The words as written, and the first address (the old fields of struct vg_conf_route). */
struct vg_conf_route *vg_ip_entry(struct pctx *p, const struct stmt *st, struct vg_conf_routes *l)
{
	struct vg_conf_route *e = VG_LIST_PUSH(p->a, *l);

	if (!e)
		return NULL;
	e->loc = st->loc;
	for (uint32_t i = 0; i < st->n; i++) {
		vg_pstrs_add(p, &e->args, st->tok[i].text);
		if (is(st->tok[i].text, "no_track"))
			e->no_track = true;
	}
	return e;
}

static void route_line(struct pctx *p, const struct stmt *st, struct vg_conf_routes *l, bool is_static)
{
	struct vg_conf_route *e = vg_ip_entry(p, st, l);
	struct vg_conf_iproute rt;
	struct rd r = { p, st, 0, 0, "route", false };
	bool has_dst = false;

	if (!e)
		return;
	memset(&rt, 0, sizeof(rt));
	rt.type = VG_RTN_UNICAST;
	rt.table.id = VG_RT_TABLE_MAIN;
	rt.protocol = VG_RTPROT_BOOT;
	for (r.i = 0; r.i < st->n && !r.bad; r.i++) {
		if (is(word(&r, r.i), "nexthop")) {
			if (rt.via_or) {
				vg_ip_err(&r, r.i, "invalid-value", "'nexthop' cannot follow 'or'");
				break;
			}
			nexthops(&r, &rt);
			break;
		}
		route_word(&r, &rt, is_static, &has_dst);
	}
	if (r.bad)
		return;
	if (!has_dst) {
		vg_ip_err(&r, 0, "missing-value", "the route has no destination");
		return;
	}
	rt.family = r.family ? r.family : VG_AF_INET;
	if (rt.dst.family == VG_AF_NONE) { /* "default" */
		rt.dst.family = rt.family;
	}
	if (rt.type != VG_RTN_UNICAST && (rt.via.family || rt.nexthop_count)) {
		vg_ip_err(&r, 0, "invalid-value", "a route of this type has no gateway ('via')");
		return;
	}
	if (rt.onlink && !rt.via.family && !rt.nexthop_count) {
		vg_ip_err(&r, 0, "invalid-value", "'onlink' needs a gateway ('via')");
		return;
	}
	if (!rt.has_scope)
		rt.scope = rt.type == VG_RTN_UNICAST && !rt.via.family && !rt.nexthop_count
				   ? VG_RT_SCOPE_LINK : VG_RT_SCOPE_UNIVERSE;
	/* keepalived 2.2.7 alloc_route(): a tracked route needs an interface to watch */
	if (!rt.no_track && !rt.dev) {
		vg_pwarn(p, st, 0, "route-not-tracked", "cannot track route %s with no interface specified, "
			 "not tracking (keepalived 2.2.7 warns the same; add 'dev' or 'no_track')",
			 st->tok[0].text);
		rt.no_track = true;
	}
	/* keepalived 2.2.7: "Route cannot be tracked if protocol is not RTPROT_KEEPALIVED(18), resetting protocol" */
	if (!rt.no_track && rt.has_protocol && rt.protocol != VG_RTPROT_KEEPALIVED)
		vg_pwarn(p, st, 0, "protocol-reset", "a tracked route's protocol is reset to keepalived (18) by "
			 "keepalived 2.2.7; vigild installs it with protocol %u as written (add no_track to keep it)",
			 rt.protocol);
	if (rt.track_group && !rt.dev) {
		vg_pwarn(p, st, 0, "route-not-tracked", "a static route with track_group needs 'dev' "
			 "(keepalived drops the track_group)");
		rt.track_group = NULL;
	}
	{
		struct vg_conf_iproute *out = vg_arena_alloc(p->a, sizeof(*out));
		if (!out) {
			p->nomem = true;
			return;
		}
		*out = rt;
		e->route = out;
		e->has_dst = true;
		e->dst = rt.dst;
		e->dst_prefix_len = rt.dst_len;
	}
}

void vg_route_line_virtual(struct pctx *p, const struct stmt *st, void *obj)
{
	route_line(p, st, obj, false);
}

void vg_route_line_static(struct pctx *p, const struct stmt *st, void *obj)
{
	route_line(p, st, obj, true);
}

