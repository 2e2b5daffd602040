/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: VIP options and route flags -> netlink values.
 *
 * No I/O: the only inputs are the configuration values. Routes and rules
 * arrive typed from the parser (core/conf/parse_route.c); the static
 * assertions below keep the core's copies of the kernel codes honest.
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

/* core/conf/conf.h names the kernel's codes without including its headers */
_Static_assert((int)VG_RTN_UNICAST == (int)RTN_UNICAST && (int)VG_RTN_BLACKHOLE == (int)RTN_BLACKHOLE &&
	       (int)VG_RTN_THROW == (int)RTN_THROW && (int)VG_RTN_XRESOLVE == (int)RTN_XRESOLVE, "RTN_*");
_Static_assert((int)VG_RT_TABLE_MAIN == (int)RT_TABLE_MAIN && (int)VG_RT_TABLE_LOCAL == (int)RT_TABLE_LOCAL &&
	       (int)VG_RT_TABLE_DEFAULT == (int)RT_TABLE_DEFAULT, "RT_TABLE_*");
_Static_assert((int)VG_RT_SCOPE_LINK == (int)RT_SCOPE_LINK && (int)VG_RT_SCOPE_HOST == (int)RT_SCOPE_HOST &&
	       (int)VG_RT_SCOPE_SITE == (int)RT_SCOPE_SITE && (int)VG_RT_SCOPE_NOWHERE == (int)RT_SCOPE_NOWHERE, "RT_SCOPE_*");
_Static_assert((int)VG_RTPROT_BOOT == (int)RTPROT_BOOT && (int)VG_RTPROT_KEEPALIVED == (int)RTPROT_KEEPALIVED, "RTPROT_*");
_Static_assert((int)VG_RTAX_LOCK == (int)RTAX_LOCK && (int)VG_RTAX_MTU == (int)RTAX_MTU && (int)VG_RTAX_ADVMSS == (int)RTAX_ADVMSS &&
	       (int)VG_RTAX_HOPLIMIT == (int)RTAX_HOPLIMIT && (int)VG_RTAX_RTO_MIN == (int)RTAX_RTO_MIN &&
	       (int)VG_RTAX_CC_ALGO == (int)RTAX_CC_ALGO && (int)VG_RTAX_FASTOPEN_NO_COOKIE == (int)RTAX_FASTOPEN_NO_COOKIE,
	       "RTAX_*");
_Static_assert((int)VG_FR_ACT_TO_TBL == (int)FR_ACT_TO_TBL && (int)VG_FR_ACT_GOTO == (int)FR_ACT_GOTO &&
	       (int)VG_FR_ACT_NOP == (int)FR_ACT_NOP && (int)VG_FR_ACT_BLACKHOLE == (int)FR_ACT_BLACKHOLE &&
	       (int)VG_FR_ACT_UNREACHABLE == (int)FR_ACT_UNREACHABLE && (int)VG_FR_ACT_PROHIBIT == (int)FR_ACT_PROHIBIT,
	       "FR_ACT_*");

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

int vgl_route_add_flags(const struct vg_conf_iproute *rt)
{
	return NLM_F_CREATE | (rt->op == VG_ROUTE_APPEND ? NLM_F_APPEND : NLM_F_EXCL);
}
