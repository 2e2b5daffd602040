/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: VIP options and virtual_routes / virtual_rules words -> netlink values.
 *
 * No I/O: the only inputs are the configuration values and, for table
 * names, a caller's lookup. The word lists follow keepalived's man page and
 * ip-route(8) / ip-rule(8); see README.md for the table of words.
 */
#include "spec.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Decimal or 0x hex, the whole word, at most max. */
static int parse_u32(const char *text, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (!text || !*text || *text == '-' || *text == '+')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* "ADDR" or "ADDR/LEN"; LEN defaults to the full length. */
static int parse_prefix(const char *text, struct vg_addr *addr, uint8_t *len)
{
	char buf[VG_ADDR_STRLEN + 8];
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	uint32_t plen;

	if (n >= VG_ADDR_STRLEN)
		return -1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	if (vg_addr_parse(buf, addr) < 0)
		return -1;
	plen = (uint32_t)vg_addr_len(addr->family) * 8;
	if (slash && parse_u32(slash + 1, plen, &plen) < 0)
		return -1;
	*len = (uint8_t)plen;
	return 0;
}

static bool is(const char *w, const char *a)
{
	return strcmp(w, a) == 0;
}

int vgl_scope_parse(const char *text, uint8_t *out)
{
	static const struct {
		const char *name;
		uint8_t scope;
	} names[] = {
		{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE },
		{ "site", RT_SCOPE_SITE },       { "link", RT_SCOPE_LINK },
		{ "host", RT_SCOPE_HOST },       { "nowhere", RT_SCOPE_NOWHERE },
	};
	uint32_t v;

	if (!text)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (is(text, names[i].name)) {
			*out = names[i].scope;
			return 0;
		}
	}
	if (parse_u32(text, 255, &v) < 0)
		return -EINVAL;
	*out = (uint8_t)v;
	return 0;
}

static uint8_t vip_prefix_len(const struct vg_conf_vip *vip)
{
	if (!vip->prefix_set && vip->prefix_len == 0)
		return (uint8_t)(vg_addr_len(vip->addr.family) * 8);
	return vip->prefix_len;
}

int vgl_vip_broadcast(const struct vg_conf_vip *vip, struct vg_addr *out)
{
	uint8_t plen = vip_prefix_len(vip);
	uint32_t host, a;

	if (vip->addr.family != VG_AF_INET)
		return 0;
	if (vip->brd.family == VG_AF_INET) {
		*out = vip->brd;
		return 1;
	}
	/* like ip(8): no broadcast on /31 and /32, where every address is a host */
	if (!vip->brd_sign || plen >= 31)
		return 0;
	host = plen == 0 ? UINT32_MAX : (UINT32_C(1) << (32 - plen)) - 1;
	a = (uint32_t)vip->addr.bytes[0] << 24 | (uint32_t)vip->addr.bytes[1] << 16 |
	    (uint32_t)vip->addr.bytes[2] << 8 | vip->addr.bytes[3];
	a = vip->brd_sign == '+' ? a | host : a & ~host;
	memset(out, 0, sizeof(*out));
	out->family = VG_AF_INET;
	out->bytes[0] = (uint8_t)(a >> 24);
	out->bytes[1] = (uint8_t)(a >> 16);
	out->bytes[2] = (uint8_t)(a >> 8);
	out->bytes[3] = (uint8_t)a;
	return 1;
}

int vgl_vip_label_check(const char *label, const char *ifname, char *err, size_t errlen)
{
	size_t n = strlen(ifname);

	if (strlen(label) >= VGL_IFNAME_MAX)
		return fail(err, errlen, "label '%s' is longer than %d characters", label,
			    VGL_IFNAME_MAX - 1);
	if (strncmp(label, ifname, n) != 0)
		return fail(err, errlen, "label '%s' must start with the interface name '%s'", label,
			    ifname);
	return 0;
}

uint32_t vgl_vip_flags(const struct vg_conf_vip *vip)
{
	uint32_t f = 0;

	if (vip->addr.family == VG_AF_INET6) {
		if (vip->nodad)
			f |= IFA_F_NODAD;
		if (vip->home)
			f |= IFA_F_HOMEADDRESS;
		if (vip->mngtmpaddr)
			f |= IFA_F_MANAGETEMPADDR;
	}
	if (vip->noprefixroute)
		f |= IFA_F_NOPREFIXROUTE;
	if (vip->autojoin)
		f |= IFA_F_MCAUTOJOIN;
	return f;
}

static int parse_table(const char *w, vgl_table_lookup_fn lookup, void *ctx, uint32_t *out)
{
	static const struct {
		const char *name;
		uint32_t id;
	} names[] = {
		{ "unspec", RT_TABLE_UNSPEC }, { "default", RT_TABLE_DEFAULT },
		{ "main", RT_TABLE_MAIN },     { "local", RT_TABLE_LOCAL },
	};

	if (parse_u32(w, UINT32_MAX, out) == 0)
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (is(w, names[i].name)) {
			*out = names[i].id;
			return 0;
		}
	}
	if (lookup && lookup(ctx, w, out) == 0)
		return 0;
	return -1;
}

static int parse_protocol(const char *w, uint8_t *out)
{
	static const struct {
		const char *name;
		uint8_t id;
	} names[] = {
		{ "redirect", RTPROT_REDIRECT }, { "kernel", RTPROT_KERNEL }, { "boot", RTPROT_BOOT },
		{ "static", RTPROT_STATIC },     { "ra", RTPROT_RA },         { "dhcp", RTPROT_DHCP },
		{ "keepalived", RTPROT_KEEPALIVED },
	};
	uint32_t v;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (is(w, names[i].name)) {
			*out = names[i].id;
			return 0;
		}
	}
	if (parse_u32(w, 255, &v) < 0)
		return -1;
	*out = (uint8_t)v;
	return 0;
}

static int copy_ifname(char *dst, const char *w)
{
	size_t n = strlen(w);

	if (n == 0 || n >= VGL_IFNAME_MAX)
		return -1;
	memcpy(dst, w, n + 1);
	return 0;
}

/* One family for all addresses of a line; *family 0 until the first one. */
static int same_family(uint8_t *family, uint8_t f)
{
	if (*family && *family != f)
		return -1;
	*family = f;
	return 0;
}

static const char *const route_types[] = {
	[RTN_UNICAST] = "unicast",         [RTN_BLACKHOLE] = "blackhole",
	[RTN_UNREACHABLE] = "unreachable", [RTN_PROHIBIT] = "prohibit",
	[RTN_THROW] = "throw",
};

static int route_type(const char *w)
{
	for (size_t i = 0; i < sizeof(route_types) / sizeof(route_types[0]); i++)
		if (route_types[i] && is(w, route_types[i]))
			return (int)i;
	return -1;
}

int vgl_route_parse(const struct vg_conf_strs *args, vgl_table_lookup_fn lookup, void *ctx,
		    struct vgl_route_spec *out, char *err, size_t errlen)
{
	bool has_dst = false, dst_default = false;
	uint8_t family = 0;

	memset(out, 0, sizeof(*out));
	out->type = RTN_UNICAST;
	out->table = RT_TABLE_MAIN;
	out->protocol = RTPROT_BOOT;
	for (uint32_t i = 0; i < args->count; i++) {
		const char *w = args->items[i];
		const char *v = i + 1 < args->count ? args->items[i + 1] : NULL;
		uint32_t n;
		int t;

		if (is(w, "onlink")) {
			out->onlink = true;
			continue;
		}
		if (is(w, "no_track")) {
			out->no_track = true;
			continue;
		}
		t = route_type(w);
		if (t >= 0) {
			out->type = (uint8_t)t;
			continue;
		}
		if (is(w, "src") || is(w, "to") || is(w, "via") || is(w, "gw") || is(w, "or") ||
		    is(w, "dev") || is(w, "oif") || is(w, "scope") || is(w, "table") ||
		    is(w, "metric") || is(w, "priority") || is(w, "preference") || is(w, "proto") ||
		    is(w, "protocol")) {
			if (!v)
				return fail(err, errlen, "'%s' needs a value", w);
			i++;
		} else {
			v = w; /* a bare destination */
		}
		if (is(w, "src")) {
			uint8_t len;
			if (parse_prefix(v, &out->src, &len) < 0 || len != vg_addr_len(out->src.family) * 8)
				return fail(err, errlen, "src '%s' is not an address", v);
			if (same_family(&family, out->src.family) < 0)
				return fail(err, errlen, "src '%s': address family differs", v);
			out->has_src = true;
		} else if (is(w, "via") || is(w, "gw") || is(w, "or")) {
			struct vg_addr *a = &out->via[out->via_count];
			uint8_t len;
			if (is(w, "or") ? out->via_count != 1 : out->via_count != 0)
				return fail(err, errlen, is(w, "or") ? "'or' needs one 'via' before it"
								: "'%s' written twice", w);
			if (parse_prefix(v, a, &len) < 0 || len != vg_addr_len(a->family) * 8)
				return fail(err, errlen, "%s '%s' is not an address", w, v);
			if (same_family(&family, a->family) < 0)
				return fail(err, errlen, "%s '%s': address family differs", w, v);
			out->via_count++;
		} else if (is(w, "dev") || is(w, "oif")) {
			if (copy_ifname(out->dev, v) < 0)
				return fail(err, errlen, "%s '%s' is not an interface name", w, v);
		} else if (is(w, "scope")) {
			if (vgl_scope_parse(v, &out->scope) < 0)
				return fail(err, errlen, "scope '%s': expected host|link|global|site|nowhere or 0-255", v);
			out->has_scope = true;
		} else if (is(w, "table")) {
			if (parse_table(v, lookup, ctx, &out->table) < 0)
				return fail(err, errlen, "table '%s' is not a number or a known table name", v);
		} else if (is(w, "metric") || is(w, "priority") || is(w, "preference")) {
			if (parse_u32(v, UINT32_MAX, &n) < 0)
				return fail(err, errlen, "%s '%s' is not a number", w, v);
			out->metric = n;
			out->has_metric = true;
		} else if (is(w, "proto") || is(w, "protocol")) {
			if (parse_protocol(v, &out->protocol) < 0)
				return fail(err, errlen, "%s '%s': expected a protocol name or 0-255", w, v);
			out->has_protocol = true;
		} else {
			/* "to" PREFIX, or the destination written bare */
			if (has_dst)
				return fail(err, errlen, is(w, "to") ? "second destination 'to %s'"
								: "unknown word '%s'", v);
			if (is(v, "default")) {
				dst_default = true;
			} else if (parse_prefix(v, &out->dst, &out->dst_len) == 0) {
				if (same_family(&family, out->dst.family) < 0)
					return fail(err, errlen, "destination '%s': address family differs", v);
			} else {
				return fail(err, errlen, is(w, "to") ? "to '%s' is not an address/prefix"
								: "unknown word '%s'", v);
			}
			has_dst = true;
		}
	}
	if (!has_dst)
		return fail(err, errlen, "the route has no destination");
	out->family = family ? family : VG_AF_INET;
	if (dst_default) {
		memset(&out->dst, 0, sizeof(out->dst));
		out->dst.family = out->family;
		out->dst_len = 0;
	}
	if (out->type != RTN_UNICAST && out->via_count)
		return fail(err, errlen, "a %s route has no gateway ('via')", route_types[out->type]);
	if (out->onlink && !out->via_count)
		return fail(err, errlen, "'onlink' needs a gateway ('via')");
	if (!out->has_scope)
		out->scope = out->type == RTN_UNICAST && !out->via_count ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	return 0;
}

static const char *const rule_types[] = {
	[FR_ACT_BLACKHOLE] = "blackhole",
	[FR_ACT_UNREACHABLE] = "unreachable",
	[FR_ACT_PROHIBIT] = "prohibit",
};

static int rule_type(const char *w)
{
	for (size_t i = 0; i < sizeof(rule_types) / sizeof(rule_types[0]); i++)
		if (rule_types[i] && is(w, rule_types[i]))
			return (int)i;
	return -1;
}

static int rule_addr(const char *w, const char *v, uint8_t *family, struct vg_addr *a, uint8_t *len,
		     bool *has, char *err, size_t errlen)
{
	if (*has)
		return fail(err, errlen, "'%s' written twice", w);
	if (is(v, "all") || is(v, "default"))
		return 0;
	if (parse_prefix(v, a, len) < 0)
		return fail(err, errlen, "%s '%s' is not an address/prefix", w, v);
	if (same_family(family, a->family) < 0)
		return fail(err, errlen, "%s '%s': address family differs", w, v);
	*has = true;
	return 0;
}

int vgl_rule_parse(const struct vg_conf_strs *args, vgl_table_lookup_fn lookup, void *ctx,
		   struct vgl_rule_spec *out, char *err, size_t errlen)
{
	bool has_table = false, has_goto = false;
	int type = -1;
	uint8_t family = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->table = RT_TABLE_MAIN;
	out->fwmask = UINT32_MAX;
	for (uint32_t i = 0; i < args->count; i++) {
		const char *w = args->items[i];
		const char *v = i + 1 < args->count ? args->items[i + 1] : NULL;
		int t;

		if (is(w, "not")) {
			out->invert = true;
			continue;
		}
		if (is(w, "no_track")) {
			out->no_track = true;
			continue;
		}
		t = rule_type(w);
		if (t >= 0) {
			if (type >= 0)
				return fail(err, errlen, "second rule type '%s'", w);
			type = t;
			continue;
		}
		if (!(is(w, "from") || is(w, "to") || is(w, "table") || is(w, "lookup") ||
		      is(w, "priority") || is(w, "preference") || is(w, "prio") || is(w, "pref") ||
		      is(w, "fwmark") || is(w, "iif") || is(w, "iifname") || is(w, "oif") ||
		      is(w, "oifname") || is(w, "goto")))
			return fail(err, errlen, "unknown word '%s'", w);
		if (!v)
			return fail(err, errlen, "'%s' needs a value", w);
		i++;
		if (is(w, "from")) {
			rc = rule_addr(w, v, &family, &out->from, &out->from_len, &out->has_from, err, errlen);
			if (rc < 0)
				return rc;
		} else if (is(w, "to")) {
			rc = rule_addr(w, v, &family, &out->to, &out->to_len, &out->has_to, err, errlen);
			if (rc < 0)
				return rc;
		} else if (is(w, "table") || is(w, "lookup")) {
			if (parse_table(v, lookup, ctx, &out->table) < 0)
				return fail(err, errlen, "table '%s' is not a number or a known table name", v);
			has_table = true;
		} else if (is(w, "goto")) {
			if (parse_u32(v, UINT32_MAX, &out->goto_priority) < 0)
				return fail(err, errlen, "goto '%s' is not a rule priority", v);
			has_goto = true;
		} else if (is(w, "fwmark")) {
			char buf[32];
			const char *slash = strchr(v, '/');
			size_t n = slash ? (size_t)(slash - v) : strlen(v);
			if (n >= sizeof(buf))
				return fail(err, errlen, "fwmark '%s' is not MARK[/MASK]", v);
			memcpy(buf, v, n);
			buf[n] = '\0';
			if (parse_u32(buf, UINT32_MAX, &out->fwmark) < 0 ||
			    (slash && parse_u32(slash + 1, UINT32_MAX, &out->fwmask) < 0))
				return fail(err, errlen, "fwmark '%s' is not MARK[/MASK]", v);
			out->has_fwmark = true;
		} else if (is(w, "iif") || is(w, "iifname")) {
			if (copy_ifname(out->iif, v) < 0)
				return fail(err, errlen, "%s '%s' is not an interface name", w, v);
		} else if (is(w, "oif") || is(w, "oifname")) {
			if (copy_ifname(out->oif, v) < 0)
				return fail(err, errlen, "%s '%s' is not an interface name", w, v);
		} else {
			if (parse_u32(v, UINT32_MAX, &out->priority) < 0)
				return fail(err, errlen, "%s '%s' is not a number", w, v);
			out->has_priority = true;
		}
	}
	if ((type >= 0) + has_table + has_goto > 1)
		return fail(err, errlen, "a rule has one action: a table, a goto or a type");
	out->family = family ? family : VG_AF_INET;
	out->action = type >= 0 ? (uint8_t)type : has_goto ? FR_ACT_GOTO : FR_ACT_TO_TBL;
	return 0;
}
