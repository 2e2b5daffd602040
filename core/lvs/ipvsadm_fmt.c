// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: `ipvsadm -S -n` text of a table model (see ipvsadm_fmt.h).
 *
 * Every rule below names the ipvsadm 1.31 function whose output it
 * reproduces; the facts were read from its source, no code taken.
 */
#include "lvs/ipvsadm_fmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvs/sched.h"

#define LINUX_AF_INET 2   /* the kernel's af values, which ipvsadm compares */
#define LINUX_AF_INET6 10
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17

struct out {
	char *buf;
	size_t len;
	size_t used; /* what the text needs so far */
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t room = o->used < o->len ? o->len - o->used : 0;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->used : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n;
}

static int linux_af(uint8_t family)
{
	return family == VG_AF_INET6 ? LINUX_AF_INET6 : LINUX_AF_INET;
}

static uint32_t word(const struct vg_addr *a, int i)
{
	const uint8_t *b = a->bytes + 4 * i;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* ntohl(x) - ntohl(y) in an int, as libipvs computes it (wraps past 2^31). */
static int sub32(uint32_t x, uint32_t y)
{
	return (int)(x - y);
}

static int addr_sub(uint8_t family, const struct vg_addr *a, const struct vg_addr *b)
{
	int r = 0;

	if (family == VG_AF_INET6) {
		for (int i = 0; !r && i < 4; i++)
			r = sub32(word(a, i), word(b, i));
		return r;
	}
	return sub32(word(a, 0), word(b, 0));
}

/* libipvs ipvs_cmp_services() */
static int svc_cmp(const void *pa, const void *pb)
{
	const struct vg_lvs_tsvc *a = *(const struct vg_lvs_tsvc *const *)pa;
	const struct vg_lvs_tsvc *b = *(const struct vg_lvs_tsvc *const *)pb;
	int r = sub32(a->key.fwmark, b->key.fwmark);

	if (!r)
		r = linux_af(a->key.family) - linux_af(b->key.family);
	if (!r)
		r = (int)a->key.protocol - (int)b->key.protocol;
	if (!r)
		r = addr_sub(a->key.family, &a->key.addr, &b->key.addr);
	if (!r)
		r = (int)a->key.port - (int)b->key.port;
	return r;
}

/* libipvs ipvs_cmp_dests(): the first destination's family decides the width */
static int dest_cmp(const void *pa, const void *pb)
{
	const struct vg_lvs_tdest *a = *(const struct vg_lvs_tdest *const *)pa;
	const struct vg_lvs_tdest *b = *(const struct vg_lvs_tdest *const *)pb;
	int r = addr_sub(a->addr.family, &a->addr, &b->addr);

	return r ? r : (int)a->port - (int)b->port;
}

/* addrport_to_anyname() with FMT_NUMERIC: IPv6 in brackets */
static void addrport(char *dst, size_t len, const struct vg_addr *a, uint16_t port)
{
	char s[VG_ADDR_STRLEN];

	vg_addr_format(a, s, sizeof(s));
	if (a->family == VG_AF_INET)
		snprintf(dst, len, "%s:%u", s, port);
	else
		snprintf(dst, len, "[%s]:%u", s, port);
}

static void cat(char *dst, const char *src)
{
	size_t n = strlen(dst);

	memcpy(dst + n, src, strlen(src) + 1);
}

/* print_sched_flags() */
static void sched_flags(struct out *o, const struct vg_lvs_tsvc *s)
{
	char f[64] = "";

	if (strcmp(s->sched, "sh") == 0) {
		if (s->flags & VG_IPVS_SVC_F_SCHED1)
			cat(f, "sh-fallback,");
		if (s->flags & VG_IPVS_SVC_F_SCHED2)
			cat(f, "sh-port,");
	} else if (strcmp(s->sched, "mh") == 0) {
		if (s->flags & VG_IPVS_SVC_F_SCHED1)
			cat(f, "mh-fallback,");
		if (s->flags & VG_IPVS_SVC_F_SCHED2)
			cat(f, "mh-port,");
	} else {
		if (s->flags & VG_IPVS_SVC_F_SCHED1)
			cat(f, "flag-1,");
		if (s->flags & VG_IPVS_SVC_F_SCHED2)
			cat(f, "flag-2,");
		if (s->flags & VG_IPVS_SVC_F_SCHED3)
			cat(f, "flag-3,");
	}
	if (f[0]) {
		f[strlen(f) - 1] = '\0';
		put(o, "%s", f);
	}
}

/* fwd_switch() */
static const char *fwd_switch(uint8_t fwd)
{
	switch (fwd) {
	case VG_IPVS_FWD_MASQ: return "-m";
	case VG_IPVS_FWD_TUNNEL: return "-i";
	case VG_IPVS_FWD_LOCALNODE:
	case VG_IPVS_FWD_DROUTE: return "-g";
	default: return "(null)"; /* glibc's printf of ipvsadm's NULL */
	}
}

static const char *tun_csum_opt(uint16_t flags)
{
	switch (flags) {
	case VG_IPVS_TUN_F_NOCSUM: return "--tun-nocsum";
	case VG_IPVS_TUN_F_CSUM: return "--tun-csum";
	case VG_IPVS_TUN_F_REMCSUM: return "--tun-remcsum";
	default: return "";
	}
}

/* print_service_entry(): the service's name in rule form (-t a:p, -f N [-6]) */
static void svc_name(char *name, size_t len, const struct vg_lvs_tsvc *s)
{
	char d[96];

	if (s->key.fwmark) {
		if (s->key.family == VG_AF_INET6)
			snprintf(name, len, "-f %d -6", (int)s->key.fwmark);
		else
			snprintf(name, len, "-f %d", (int)s->key.fwmark);
		return;
	}
	addrport(d, sizeof(d), &s->key.addr, s->key.port);
	snprintf(name, len, "%s %s",
		 s->key.protocol == IPPROTO_TCP_   ? "-t"
		 : s->key.protocol == IPPROTO_UDP_ ? "-u"
		 : s->key.protocol == 132	   ? "--sctp-service"
						   : "--xxx-service",
		 d);
}

/* print_service_entry(): -s and the options, in ipvsadm's order */
static void svc_opts(struct out *o, const struct vg_lvs_tsvc *s)
{
	put(o, " -s %s", s->sched);
	if (s->flags & VG_IPVS_SVC_F_PERSISTENT) {
		put(o, " -p %u", s->timeout_s);
		if (s->key.family == VG_AF_INET && s->netmask != 0xffffffffu)
			put(o, " -M %u.%u.%u.%u", s->netmask >> 24, (s->netmask >> 16) & 0xff,
			    (s->netmask >> 8) & 0xff, s->netmask & 0xff);
		if (s->key.family == VG_AF_INET6 && s->netmask != 128)
			put(o, " -M %i", (int)s->netmask);
	}
	if (s->pe_name[0])
		put(o, " --pe %s", s->pe_name);
	if (s->flags & VG_IPVS_SVC_F_ONEPACKET)
		put(o, " -o");
	if (s->flags & (VG_IPVS_SVC_F_SCHED1 | VG_IPVS_SVC_F_SCHED2 | VG_IPVS_SVC_F_SCHED3)) {
		put(o, " -b ");
		sched_flags(o, s);
	}
}

/* the destination after "-r": address, method, weight, tunnel (print_tunnel_rule) */
static void dest_opts(struct out *o, const struct vg_lvs_tdest *e)
{
	char d[96];

	addrport(d, sizeof(d), &e->addr, e->port);
	put(o, " -r %s %s -w %d", d, fwd_switch(e->fwd), e->weight);
	if (e->fwd == VG_IPVS_FWD_TUNNEL) {
		if (e->tun_type == VG_IPVS_TUN_GRE)
			put(o, " --tun-type gre %s", tun_csum_opt(e->tun_flags));
		else if (e->tun_type == VG_IPVS_TUN_GUE)
			put(o, " --tun-type gue --tun-port %d %s", e->tun_port, tun_csum_opt(e->tun_flags));
		else if (e->tun_type == VG_IPVS_TUN_IPIP)
			put(o, " --tun-type ipip");
	}
}

static void service(struct out *o, const struct vg_lvs_table *t, const struct vg_lvs_tsvc *s,
		    const struct vg_lvs_tdest **dv)
{
	char name[128];

	svc_name(name, sizeof(name), s);
	put(o, "-A %s", name);
	svc_opts(o, s);
	put(o, "\n");
	for (uint32_t i = 0; i < s->dest_count; i++)
		dv[i] = &t->dest[s->dest_first + i];
	qsort(dv, s->dest_count, sizeof(*dv), dest_cmp);
	for (uint32_t i = 0; i < s->dest_count; i++) {
		put(o, "-a %s", name);
		dest_opts(o, dv[i]);
		put(o, "\n");
	}
}

int64_t vg_lvs_ipvsadm_ops(const struct vg_lvs_table *cur, const struct vg_lvs_table *want, const struct vg_lvs_ops *ops,
			   char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	char name[128], d[96];

	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < ops->len; i++) {
		const struct vg_lvs_op *op = &ops->v[i];
		const struct vg_lvs_table *t = op->kind == VG_LVS_OP_SVC_DEL || op->kind == VG_LVS_OP_DEST_DEL ? cur : want;
		const struct vg_lvs_tdest *e;

		if (op->svc >= t->svc_count || (op->kind >= VG_LVS_OP_DEST_ADD && op->dest >= t->dest_count))
			return VG_LVS_EINVAL;
		svc_name(name, sizeof(name), &t->svc[op->svc]);
		e = &t->dest[op->dest];
		switch (op->kind) {
		case VG_LVS_OP_SVC_ADD:
		case VG_LVS_OP_SVC_EDIT:
			put(&o, "%s %s", op->kind == VG_LVS_OP_SVC_ADD ? "-A" : "-E", name);
			svc_opts(&o, &t->svc[op->svc]);
			break;
		case VG_LVS_OP_SVC_DEL:
			put(&o, "-D %s", name);
			break;
		case VG_LVS_OP_DEST_ADD:
		case VG_LVS_OP_DEST_EDIT:
			put(&o, "%s %s", op->kind == VG_LVS_OP_DEST_ADD ? "-a" : "-e", name);
			dest_opts(&o, e);
			/* a restore script programs what -S leaves out */
			if (e->u_threshold)
				put(&o, " -x %u", e->u_threshold);
			if (e->l_threshold)
				put(&o, " -y %u", e->l_threshold);
			break;
		case VG_LVS_OP_DEST_DEL:
			addrport(d, sizeof(d), &e->addr, e->port);
			put(&o, "-d %s -r %s", name, d);
			break;
		default:
			return VG_LVS_EINVAL;
		}
		put(&o, "\n");
	}
	return (int64_t)o.used;
}

int64_t vg_lvs_ipvsadm_save(const struct vg_lvs_table *t, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	const struct vg_lvs_tsvc **sv;
	const struct vg_lvs_tdest **dv;
	uint32_t dmax = 1;

	if (len)
		buf[0] = '\0';
	if (!t->sorted)
		return VG_LVS_EINVAL;
	for (uint32_t i = 0; i < t->svc_count; i++)
		if (t->svc[i].dest_count > dmax)
			dmax = t->svc[i].dest_count;
	sv = malloc((t->svc_count ? t->svc_count : 1) * sizeof(*sv));
	dv = malloc(dmax * sizeof(*dv));
	if (!sv || !dv) {
		free(sv);
		free(dv);
		return VG_LVS_ENOMEM;
	}
	for (uint32_t i = 0; i < t->svc_count; i++)
		sv[i] = &t->svc[i];
	qsort(sv, t->svc_count, sizeof(*sv), svc_cmp); /* list_all(): ipvs_sort_services */
	for (uint32_t i = 0; i < t->svc_count; i++)
		service(&o, t, sv[i], dv);
	free(sv);
	free(dv);
	return (int64_t)o.used;
}
