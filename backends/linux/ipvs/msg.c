/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: IPVS generic-netlink requests written and replies read (see msg.h).
 *
 * Writing goes through struct wbuf, which remembers that it ran out of room
 * instead of checking after every attribute; reading goes through parse(),
 * which turns a run of attributes into a table indexed by type after
 * checking every length, and the get_* helpers, which check each attribute's
 * size against the kernel's policy (net/netfilter/ipvs/ip_vs_ctl.c).
 */
#include "msg.h"

#include <arpa/inet.h>
#include <assert.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>

/* ---- writing ---- */

struct wbuf {
	uint8_t *p;
	size_t cap;
	size_t off;
	bool full; /* a write did not fit */
};

static void put(struct wbuf *w, const void *data, size_t n)
{
	if (w->full || n > w->cap - w->off) {
		w->full = true;
		return;
	}
	if (n)
		memcpy(w->p + w->off, data, n);
	w->off += n;
}

static void pad(struct wbuf *w)
{
	static const uint8_t zeros[4];

	put(w, zeros, NLA_ALIGN(w->off) - w->off);
}

static void attr(struct wbuf *w, uint16_t type, const void *data, size_t n)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + n), .nla_type = type };

	put(w, &a, sizeof(a));
	put(w, data, n);
	pad(w);
}

static void attr_u8(struct wbuf *w, uint16_t type, uint8_t v) { attr(w, type, &v, 1); }
static void attr_u16(struct wbuf *w, uint16_t type, uint16_t v) { attr(w, type, &v, 2); }
static void attr_u32(struct wbuf *w, uint16_t type, uint32_t v) { attr(w, type, &v, 4); }
static void attr_be16(struct wbuf *w, uint16_t type, uint16_t v) { attr_u16(w, type, htons(v)); }

static void attr_str(struct wbuf *w, uint16_t type, const char *s)
{
	attr(w, type, s, strlen(s) + 1);
}

/* Open a nested attribute; returns where its header is. */
static size_t nest_begin(struct wbuf *w, uint16_t type)
{
	size_t at = w->off;
	struct nlattr a = { .nla_len = 0, .nla_type = (uint16_t)(type | NLA_F_NESTED) };

	put(w, &a, sizeof(a));
	return at;
}

static void nest_end(struct wbuf *w, size_t at)
{
	uint16_t n;

	if (w->full)
		return;
	n = (uint16_t)(w->off - at);
	memcpy(w->p + at, &n, sizeof(n));
}

static void header(struct wbuf *w, const struct vgl_ipvs_req *req, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr h = {
		.nlmsg_len = 0,
		.nlmsg_type = req->family,
		.nlmsg_flags = flags,
		.nlmsg_seq = req->seq,
		.nlmsg_pid = 0,
	};
	struct genlmsghdr g = { .cmd = cmd, .version = IPVS_GENL_VERSION, .reserved = 0 };

	put(w, &h, sizeof(h));
	put(w, &g, sizeof(g));
}

static ssize_t finish(struct wbuf *w)
{
	uint32_t n;

	if (w->full)
		return VGL_IPVS_ERR_NOSPACE;
	n = (uint32_t)w->off;
	memcpy(w->p, &n, sizeof(n)); /* nlmsg_len is the first field */
	assert(w->off % NLA_ALIGNTO == 0 && w->off <= VGL_IPVS_MSG_MAX);
	return (ssize_t)w->off;
}

static uint16_t kernel_af(uint8_t family)
{
	return family == VG_AF_INET ? AF_INET : family == VG_AF_INET6 ? AF_INET6 : 0;
}

static bool name_ok(const char *s, bool required)
{
	size_t n = strnlen(s, VGL_IPVS_NAME_MAX);

	return n < VGL_IPVS_NAME_MAX && (n > 0 || !required);
}

/* The attributes that identify a service (ip_vs_genl_parse_service, full_entry false). */
static void service_id(struct wbuf *w, const struct vgl_ipvs_service *svc)
{
	attr_u16(w, IPVS_SVC_ATTR_AF, kernel_af(svc->addr.family));
	if (svc->fwmark) {
		attr_u32(w, IPVS_SVC_ATTR_FWMARK, svc->fwmark);
		return;
	}
	attr_u16(w, IPVS_SVC_ATTR_PROTOCOL, svc->protocol);
	attr(w, IPVS_SVC_ATTR_ADDR, svc->addr.bytes, sizeof(svc->addr.bytes)); /* union nf_inet_addr */
	attr_be16(w, IPVS_SVC_ATTR_PORT, svc->port);
}

static bool service_ok(const struct vgl_ipvs_service *svc, bool full)
{
	if (!kernel_af(svc->addr.family))
		return false;
	if (full && (!name_ok(svc->sched_name, true) || !name_ok(svc->pe_name, false)))
		return false;
	if (full && svc->addr.family == VG_AF_INET6 && svc->netmask > 128)
		return false;
	return true;
}

static void service_nest(struct wbuf *w, const struct vgl_ipvs_service *svc, bool full)
{
	size_t at = nest_begin(w, IPVS_CMD_ATTR_SERVICE);

	service_id(w, svc);
	if (full) {
		struct ip_vs_flags f = { .flags = svc->flags, .mask = svc->flags_mask };
		/* IPv4: a mask, big-endian; IPv6: a prefix length (the kernel checks 1..128 on the raw value) */
		uint32_t mask = svc->addr.family == VG_AF_INET ? htonl(svc->netmask) : svc->netmask;

		attr_str(w, IPVS_SVC_ATTR_SCHED_NAME, svc->sched_name);
		if (svc->pe_name[0])
			attr_str(w, IPVS_SVC_ATTR_PE_NAME, svc->pe_name);
		attr(w, IPVS_SVC_ATTR_FLAGS, &f, sizeof(f));
		attr_u32(w, IPVS_SVC_ATTR_TIMEOUT, svc->timeout_s);
		attr_u32(w, IPVS_SVC_ATTR_NETMASK, mask);
	}
	nest_end(w, at);
}

#define F_CHANGE (NLM_F_REQUEST | NLM_F_ACK)
#define F_DUMP (NLM_F_REQUEST | NLM_F_DUMP)

ssize_t vgl_ipvs_enc_service(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req, uint8_t cmd,
			     const struct vgl_ipvs_service *svc)
{
	struct wbuf w = { .p = buf, .cap = len };
	bool full = cmd != IPVS_CMD_DEL_SERVICE;

	if (cmd != IPVS_CMD_NEW_SERVICE && cmd != IPVS_CMD_SET_SERVICE && cmd != IPVS_CMD_DEL_SERVICE)
		return VGL_IPVS_ERR_ARG;
	if (!service_ok(svc, full))
		return VGL_IPVS_ERR_ARG;
	header(&w, req, cmd, F_CHANGE);
	service_nest(&w, svc, full);
	return finish(&w);
}

ssize_t vgl_ipvs_enc_dest(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req, uint8_t cmd,
			  const struct vgl_ipvs_service *svc, const struct vgl_ipvs_dest *dest)
{
	struct wbuf w = { .p = buf, .cap = len };
	bool full = cmd != IPVS_CMD_DEL_DEST;
	size_t at;

	if (cmd != IPVS_CMD_NEW_DEST && cmd != IPVS_CMD_SET_DEST && cmd != IPVS_CMD_DEL_DEST)
		return VGL_IPVS_ERR_ARG;
	if (!service_ok(svc, false) || !kernel_af(dest->addr.family))
		return VGL_IPVS_ERR_ARG;
	header(&w, req, cmd, F_CHANGE);
	service_nest(&w, svc, false);
	at = nest_begin(&w, IPVS_CMD_ATTR_DEST);
	attr(&w, IPVS_DEST_ATTR_ADDR, dest->addr.bytes, sizeof(dest->addr.bytes));
	attr_be16(&w, IPVS_DEST_ATTR_PORT, dest->port);
	attr_u16(&w, IPVS_DEST_ATTR_ADDR_FAMILY, kernel_af(dest->addr.family));
	if (full) {
		attr_u32(&w, IPVS_DEST_ATTR_FWD_METHOD, dest->fwd_method);
		attr_u32(&w, IPVS_DEST_ATTR_WEIGHT, dest->weight);
		attr_u32(&w, IPVS_DEST_ATTR_U_THRESH, dest->u_threshold);
		attr_u32(&w, IPVS_DEST_ATTR_L_THRESH, dest->l_threshold);
		if ((dest->fwd_method & IP_VS_CONN_F_FWD_MASK) == IP_VS_CONN_F_TUNNEL) {
			attr_u8(&w, IPVS_DEST_ATTR_TUN_TYPE, dest->tun_type);
			attr_be16(&w, IPVS_DEST_ATTR_TUN_PORT, dest->tun_port);
			attr_u16(&w, IPVS_DEST_ATTR_TUN_FLAGS, dest->tun_flags);
		}
	}
	nest_end(&w, at);
	return finish(&w);
}

ssize_t vgl_ipvs_enc_daemon(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req, uint8_t cmd,
			    const struct vgl_ipvs_daemon *d)
{
	struct wbuf w = { .p = buf, .cap = len };
	size_t at;

	if (cmd != IPVS_CMD_NEW_DAEMON && cmd != IPVS_CMD_DEL_DAEMON)
		return VGL_IPVS_ERR_ARG;
	if (d->state != IP_VS_STATE_MASTER && d->state != IP_VS_STATE_BACKUP)
		return VGL_IPVS_ERR_ARG;
	if (cmd == IPVS_CMD_NEW_DAEMON &&
	    (!name_ok(d->mcast_ifn, true) ||
	     (d->mcast_group.family != VG_AF_NONE && !kernel_af(d->mcast_group.family))))
		return VGL_IPVS_ERR_ARG;
	header(&w, req, cmd, F_CHANGE);
	at = nest_begin(&w, IPVS_CMD_ATTR_DAEMON);
	attr_u32(&w, IPVS_DAEMON_ATTR_STATE, d->state);
	if (cmd == IPVS_CMD_NEW_DAEMON) {
		attr_str(&w, IPVS_DAEMON_ATTR_MCAST_IFN, d->mcast_ifn);
		attr_u32(&w, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
		if (d->sync_maxlen)
			attr_u16(&w, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->sync_maxlen);
		if (d->mcast_group.family == VG_AF_INET)
			attr(&w, IPVS_DAEMON_ATTR_MCAST_GROUP, d->mcast_group.bytes, 4);
		else if (d->mcast_group.family == VG_AF_INET6)
			attr(&w, IPVS_DAEMON_ATTR_MCAST_GROUP6, d->mcast_group.bytes, 16);
		if (d->mcast_port)
			attr_u16(&w, IPVS_DAEMON_ATTR_MCAST_PORT, d->mcast_port); /* host order, unlike PORT */
		if (d->mcast_ttl)
			attr_u8(&w, IPVS_DAEMON_ATTR_MCAST_TTL, d->mcast_ttl);
	}
	nest_end(&w, at);
	return finish(&w);
}

static ssize_t bare(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req, uint8_t cmd, uint16_t flags)
{
	struct wbuf w = { .p = buf, .cap = len };

	header(&w, req, cmd, flags);
	return finish(&w);
}

ssize_t vgl_ipvs_enc_flush(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req)
{
	return bare(buf, len, req, IPVS_CMD_FLUSH, F_CHANGE);
}

ssize_t vgl_ipvs_enc_get_config(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req)
{
	return bare(buf, len, req, IPVS_CMD_GET_CONFIG, F_CHANGE);
}

ssize_t vgl_ipvs_enc_get_services(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req)
{
	return bare(buf, len, req, IPVS_CMD_GET_SERVICE, F_DUMP);
}

ssize_t vgl_ipvs_enc_get_daemons(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req)
{
	return bare(buf, len, req, IPVS_CMD_GET_DAEMON, F_DUMP);
}

ssize_t vgl_ipvs_enc_get_dests(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req,
			       const struct vgl_ipvs_service *svc)
{
	struct wbuf w = { .p = buf, .cap = len };

	if (!service_ok(svc, false))
		return VGL_IPVS_ERR_ARG;
	header(&w, req, IPVS_CMD_GET_DEST, F_DUMP);
	service_nest(&w, svc, false);
	return finish(&w);
}

ssize_t vgl_ipvs_enc_set_config(uint8_t *buf, size_t len, const struct vgl_ipvs_req *req,
				const struct vgl_ipvs_timeouts *t)
{
	struct wbuf w = { .p = buf, .cap = len };

	header(&w, req, IPVS_CMD_SET_CONFIG, F_CHANGE);
	if (t->tcp_s)
		attr_u32(&w, IPVS_CMD_ATTR_TIMEOUT_TCP, t->tcp_s);
	if (t->tcp_fin_s)
		attr_u32(&w, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t->tcp_fin_s);
	if (t->udp_s)
		attr_u32(&w, IPVS_CMD_ATTR_TIMEOUT_UDP, t->udp_s);
	return finish(&w);
}

/* ---- reading ---- */

#define TB_MAX 20 /* above every IPVS_*_ATTR_MAX and NLMSGERR_ATTR_MAX */

struct tb {
	const uint8_t *data[TB_MAX + 1]; /* NULL: absent */
	uint16_t len[TB_MAX + 1];        /* payload length */
};

/* Split len bytes of attributes into t; types above TB_MAX are skipped. */
static int parse(struct tb *t, const uint8_t *p, size_t len)
{
	memset(t, 0, sizeof(*t));
	while (len >= NLA_HDRLEN) {
		struct nlattr a;
		size_t step;
		uint16_t type;

		memcpy(&a, p, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > len)
			return VGL_IPVS_ERR_TRUNC;
		type = a.nla_type & NLA_TYPE_MASK;
		if (type <= TB_MAX) {
			t->data[type] = p + NLA_HDRLEN;
			t->len[type] = (uint16_t)(a.nla_len - NLA_HDRLEN);
		}
		step = NLA_ALIGN(a.nla_len);
		if (step > len)
			step = len; /* the last attribute's padding may be left off */
		p += step;
		len -= step;
	}
	return len == 0 ? 0 : VGL_IPVS_ERR_TRUNC;
}

static bool has(const struct tb *t, int type)
{
	return t->data[type] != NULL;
}

/* Copy a fixed-size attribute; absent is MISSING, another size is ATTR. */
static int get(const struct tb *t, int type, void *out, size_t n)
{
	if (!has(t, type))
		return VGL_IPVS_ERR_MISSING;
	if (t->len[type] != n)
		return VGL_IPVS_ERR_ATTR;
	memcpy(out, t->data[type], n);
	return 0;
}

static int get_u8(const struct tb *t, int type, uint8_t *v) { return get(t, type, v, 1); }
static int get_u16(const struct tb *t, int type, uint16_t *v) { return get(t, type, v, 2); }
static int get_u32(const struct tb *t, int type, uint32_t *v) { return get(t, type, v, 4); }
static int get_u64(const struct tb *t, int type, uint64_t *v) { return get(t, type, v, 8); }

static int get_be16(const struct tb *t, int type, uint16_t *v)
{
	int rc = get_u16(t, type, v);

	*v = ntohs(*v);
	return rc;
}

/* A NUL-terminated name of at most VGL_IPVS_NAME_MAX - 1 characters. */
static int get_name(const struct tb *t, int type, char out[VGL_IPVS_NAME_MAX])
{
	size_t n;

	if (!has(t, type))
		return VGL_IPVS_ERR_MISSING;
	n = strnlen((const char *)t->data[type], t->len[type]);
	if (n == t->len[type] || n >= VGL_IPVS_NAME_MAX)
		return VGL_IPVS_ERR_ATTR;
	memcpy(out, t->data[type], n);
	out[n] = '\0';
	return 0;
}

static int vg_family(uint16_t af, uint8_t *out)
{
	if (af != AF_INET && af != AF_INET6)
		return VGL_IPVS_ERR_ATTR;
	*out = af == AF_INET ? VG_AF_INET : VG_AF_INET6;
	return 0;
}

/* ADDR: 16 bytes (union nf_inet_addr), or exactly 4 for IPv4. */
static int get_addr(const struct tb *t, int type, struct vg_addr *a)
{
	if (!has(t, type))
		return VGL_IPVS_ERR_MISSING;
	if (t->len[type] != 16 && !(t->len[type] == 4 && a->family == VG_AF_INET))
		return VGL_IPVS_ERR_ATTR;
	memcpy(a->bytes, t->data[type], t->len[type]);
	return 0;
}

/* IPVS_STATS_ATTR_*: in STATS the counts and rates are u32, the bytes u64; in STATS64 all u64. */
static int get_stats(const struct tb *outer, int type, bool wide, struct vgl_ipvs_stats *s)
{
	static const struct {
		int type;
		size_t off;
		bool narrow; /* u32 in the 32-bit STATS nest */
	} f[] = {
		{ IPVS_STATS_ATTR_CONNS, offsetof(struct vgl_ipvs_stats, conns), true },
		{ IPVS_STATS_ATTR_INPKTS, offsetof(struct vgl_ipvs_stats, inpkts), true },
		{ IPVS_STATS_ATTR_OUTPKTS, offsetof(struct vgl_ipvs_stats, outpkts), true },
		{ IPVS_STATS_ATTR_INBYTES, offsetof(struct vgl_ipvs_stats, inbytes), false },
		{ IPVS_STATS_ATTR_OUTBYTES, offsetof(struct vgl_ipvs_stats, outbytes), false },
		{ IPVS_STATS_ATTR_CPS, offsetof(struct vgl_ipvs_stats, cps), true },
		{ IPVS_STATS_ATTR_INPPS, offsetof(struct vgl_ipvs_stats, inpps), true },
		{ IPVS_STATS_ATTR_OUTPPS, offsetof(struct vgl_ipvs_stats, outpps), true },
		{ IPVS_STATS_ATTR_INBPS, offsetof(struct vgl_ipvs_stats, inbps), true },
		{ IPVS_STATS_ATTR_OUTBPS, offsetof(struct vgl_ipvs_stats, outbps), true },
	};
	struct tb t;
	int rc = parse(&t, outer->data[type], outer->len[type]);

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; rc == 0 && i < sizeof(f) / sizeof(f[0]); i++) {
		uint64_t v64 = 0;
		uint32_t v32 = 0;

		if (!has(&t, f[i].type))
			continue;
		if (f[i].narrow && !wide) {
			rc = get_u32(&t, f[i].type, &v32);
			v64 = v32;
		} else {
			rc = get_u64(&t, f[i].type, &v64);
		}
		memcpy((uint8_t *)s + f[i].off, &v64, sizeof(v64));
	}
	return rc;
}

static int get_any_stats(const struct tb *t, int type32, int type64, bool *has_stats,
			 struct vgl_ipvs_stats *s)
{
	*has_stats = has(t, type64) || has(t, type32);
	if (has(t, type64))
		return get_stats(t, type64, true, s);
	if (has(t, type32))
		return get_stats(t, type32, false, s);
	return 0;
}

/*
 * A field the message must carry (need) or may carry: absent is MISSING when
 * needed and leaves the zero in place otherwise.
 */
#define FIELD(need, call, t, type) ((need) || has((t), (type)) ? (call) : 0)

/*
 * The service nest. full: everything NEW/SET_SERVICE carries and a dump part
 * holds (ip_vs_genl_parse_service with full_entry); else its identity only.
 */
static int dec_service(const struct tb *top, bool full, struct vgl_ipvs_service *svc)
{
	struct tb t;
	uint16_t af = 0;
	struct ip_vs_flags fl = { 0, 0 };
	uint32_t mask = 0;
	int rc;

	memset(svc, 0, sizeof(*svc));
	if (!has(top, IPVS_CMD_ATTR_SERVICE))
		return VGL_IPVS_ERR_MISSING;
	rc = parse(&t, top->data[IPVS_CMD_ATTR_SERVICE], top->len[IPVS_CMD_ATTR_SERVICE]);
	if (!rc)
		rc = get_u16(&t, IPVS_SVC_ATTR_AF, &af);
	if (!rc)
		rc = vg_family(af, &svc->addr.family);
	if (!rc && has(&t, IPVS_SVC_ATTR_FWMARK)) {
		rc = get_u32(&t, IPVS_SVC_ATTR_FWMARK, &svc->fwmark);
		if (!rc && svc->fwmark == 0)
			rc = VGL_IPVS_ERR_ATTR;
	} else if (!rc) {
		rc = get_u16(&t, IPVS_SVC_ATTR_PROTOCOL, &svc->protocol);
		if (!rc)
			rc = get_addr(&t, IPVS_SVC_ATTR_ADDR, &svc->addr);
		if (!rc)
			rc = get_be16(&t, IPVS_SVC_ATTR_PORT, &svc->port);
	}
	if (!rc)
		rc = FIELD(full, get_name(&t, IPVS_SVC_ATTR_SCHED_NAME, svc->sched_name), &t,
			   IPVS_SVC_ATTR_SCHED_NAME);
	if (!rc)
		rc = FIELD(false, get_name(&t, IPVS_SVC_ATTR_PE_NAME, svc->pe_name), &t, IPVS_SVC_ATTR_PE_NAME);
	if (!rc)
		rc = FIELD(full, get(&t, IPVS_SVC_ATTR_FLAGS, &fl, sizeof(fl)), &t, IPVS_SVC_ATTR_FLAGS);
	if (!rc)
		rc = FIELD(full, get_u32(&t, IPVS_SVC_ATTR_TIMEOUT, &svc->timeout_s), &t, IPVS_SVC_ATTR_TIMEOUT);
	if (!rc)
		rc = FIELD(full, get_u32(&t, IPVS_SVC_ATTR_NETMASK, &mask), &t, IPVS_SVC_ATTR_NETMASK);
	if (!rc)
		rc = get_any_stats(&t, IPVS_SVC_ATTR_STATS, IPVS_SVC_ATTR_STATS64, &svc->has_stats, &svc->stats);
	svc->flags = fl.flags;
	svc->flags_mask = fl.mask;
	svc->netmask = svc->addr.family == VG_AF_INET ? ntohl(mask) : mask;
	return rc;
}

/*
 * The destination nest. full: NEW/SET_DEST (ip_vs_genl_parse_dest with
 * full_entry); counts: a dump part, which also carries the connection counts.
 */
static int dec_dest(const struct tb *top, bool full, bool counts, struct vgl_ipvs_dest *d)
{
	struct tb t;
	uint16_t af = 0;
	int rc;

	memset(d, 0, sizeof(*d));
	if (!has(top, IPVS_CMD_ATTR_DEST))
		return VGL_IPVS_ERR_MISSING;
	rc = parse(&t, top->data[IPVS_CMD_ATTR_DEST], top->len[IPVS_CMD_ATTR_DEST]);
	/* ADDR_FAMILY is absent before Linux 4.3: the family is then the service's (left VG_AF_NONE) */
	if (!rc && has(&t, IPVS_DEST_ATTR_ADDR_FAMILY)) {
		rc = get_u16(&t, IPVS_DEST_ATTR_ADDR_FAMILY, &af);
		if (!rc)
			rc = vg_family(af, &d->addr.family);
	}
	if (!rc)
		rc = get_addr(&t, IPVS_DEST_ATTR_ADDR, &d->addr);
	if (!rc)
		rc = get_be16(&t, IPVS_DEST_ATTR_PORT, &d->port);
	if (!rc)
		rc = FIELD(full, get_u32(&t, IPVS_DEST_ATTR_FWD_METHOD, &d->fwd_method), &t,
			   IPVS_DEST_ATTR_FWD_METHOD);
	if (!rc && d->fwd_method > IP_VS_CONN_F_FWD_MASK)
		rc = VGL_IPVS_ERR_ATTR;
	if (!rc)
		rc = FIELD(full, get_u32(&t, IPVS_DEST_ATTR_WEIGHT, &d->weight), &t, IPVS_DEST_ATTR_WEIGHT);
	if (!rc)
		rc = FIELD(full, get_u32(&t, IPVS_DEST_ATTR_U_THRESH, &d->u_threshold), &t,
			   IPVS_DEST_ATTR_U_THRESH);
	if (!rc)
		rc = FIELD(full, get_u32(&t, IPVS_DEST_ATTR_L_THRESH, &d->l_threshold), &t,
			   IPVS_DEST_ATTR_L_THRESH);
	if (!rc)
		rc = FIELD(counts, get_u32(&t, IPVS_DEST_ATTR_ACTIVE_CONNS, &d->active_conns), &t,
			   IPVS_DEST_ATTR_ACTIVE_CONNS);
	if (!rc)
		rc = FIELD(counts, get_u32(&t, IPVS_DEST_ATTR_INACT_CONNS, &d->inact_conns), &t,
			   IPVS_DEST_ATTR_INACT_CONNS);
	if (!rc)
		rc = FIELD(counts, get_u32(&t, IPVS_DEST_ATTR_PERSIST_CONNS, &d->persist_conns), &t,
			   IPVS_DEST_ATTR_PERSIST_CONNS);
	if (!rc)
		rc = FIELD(false, get_u8(&t, IPVS_DEST_ATTR_TUN_TYPE, &d->tun_type), &t, IPVS_DEST_ATTR_TUN_TYPE);
	if (!rc)
		rc = FIELD(false, get_be16(&t, IPVS_DEST_ATTR_TUN_PORT, &d->tun_port), &t, IPVS_DEST_ATTR_TUN_PORT);
	if (!rc)
		rc = FIELD(false, get_u16(&t, IPVS_DEST_ATTR_TUN_FLAGS, &d->tun_flags), &t,
			   IPVS_DEST_ATTR_TUN_FLAGS);
	if (!rc)
		rc = get_any_stats(&t, IPVS_DEST_ATTR_STATS, IPVS_DEST_ATTR_STATS64, &d->has_stats, &d->stats);
	return rc;
}

/* The daemon nest. full: NEW_DAEMON (state, interface, syncid); else DEL_DAEMON (state). */
static int dec_daemon(const struct tb *top, bool full, struct vgl_ipvs_daemon *d)
{
	struct tb t;
	int rc;

	memset(d, 0, sizeof(*d));
	if (!has(top, IPVS_CMD_ATTR_DAEMON))
		return VGL_IPVS_ERR_MISSING;
	rc = parse(&t, top->data[IPVS_CMD_ATTR_DAEMON], top->len[IPVS_CMD_ATTR_DAEMON]);
	if (!rc)
		rc = get_u32(&t, IPVS_DAEMON_ATTR_STATE, &d->state);
	if (!rc)
		rc = FIELD(full, get_name(&t, IPVS_DAEMON_ATTR_MCAST_IFN, d->mcast_ifn), &t,
			   IPVS_DAEMON_ATTR_MCAST_IFN);
	if (!rc)
		rc = FIELD(full, get_u32(&t, IPVS_DAEMON_ATTR_SYNC_ID, &d->syncid), &t, IPVS_DAEMON_ATTR_SYNC_ID);
	if (!rc)
		rc = FIELD(false, get_u16(&t, IPVS_DAEMON_ATTR_SYNC_MAXLEN, &d->sync_maxlen), &t,
			   IPVS_DAEMON_ATTR_SYNC_MAXLEN);
	if (!rc && has(&t, IPVS_DAEMON_ATTR_MCAST_GROUP6)) {
		rc = get(&t, IPVS_DAEMON_ATTR_MCAST_GROUP6, d->mcast_group.bytes, 16);
		d->mcast_group.family = VG_AF_INET6;
	} else if (!rc && has(&t, IPVS_DAEMON_ATTR_MCAST_GROUP)) {
		rc = get(&t, IPVS_DAEMON_ATTR_MCAST_GROUP, d->mcast_group.bytes, 4);
		d->mcast_group.family = VG_AF_INET;
	}
	if (!rc)
		rc = FIELD(false, get_u16(&t, IPVS_DAEMON_ATTR_MCAST_PORT, &d->mcast_port), &t,
			   IPVS_DAEMON_ATTR_MCAST_PORT);
	if (!rc)
		rc = FIELD(false, get_u8(&t, IPVS_DAEMON_ATTR_MCAST_TTL, &d->mcast_ttl), &t,
			   IPVS_DAEMON_ATTR_MCAST_TTL);
	return rc;
}

/* Timeouts at the top level; each is optional (the kernel leaves out those of protocols it lacks). */
static int dec_config(const struct tb *top, struct vgl_ipvs_timeouts *to)
{
	int rc;

	memset(to, 0, sizeof(*to));
	rc = FIELD(false, get_u32(top, IPVS_CMD_ATTR_TIMEOUT_TCP, &to->tcp_s), top, IPVS_CMD_ATTR_TIMEOUT_TCP);
	if (!rc)
		rc = FIELD(false, get_u32(top, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, &to->tcp_fin_s), top,
			   IPVS_CMD_ATTR_TIMEOUT_TCP_FIN);
	if (!rc)
		rc = FIELD(false, get_u32(top, IPVS_CMD_ATTR_TIMEOUT_UDP, &to->udp_s), top,
			   IPVS_CMD_ATTR_TIMEOUT_UDP);
	return rc;
}

/* An IPVS message: genetlink header, then the command's attributes. */
static int dec_genl(const uint8_t *p, size_t len, struct vgl_ipvs_reply *out)
{
	struct genlmsghdr g;
	struct tb top;
	bool req = out->request;
	int rc;

	if (len < GENL_HDRLEN)
		return VGL_IPVS_ERR_TRUNC;
	memcpy(&g, p, sizeof(g));
	out->cmd = g.cmd;
	rc = parse(&top, p + GENL_HDRLEN, len - GENL_HDRLEN);
	if (rc)
		return rc;
	switch (g.cmd) {
	case IPVS_CMD_NEW_SERVICE:
	case IPVS_CMD_SET_SERVICE:
	case IPVS_CMD_DEL_SERVICE:
		out->kind = VGL_IPVS_R_SERVICE;
		out->has_service = true;
		return dec_service(&top, g.cmd != IPVS_CMD_DEL_SERVICE, &out->service);
	case IPVS_CMD_NEW_DEST:
	case IPVS_CMD_SET_DEST:
	case IPVS_CMD_DEL_DEST:
		out->kind = VGL_IPVS_R_DEST;
		if (req) { /* a request names its service; a dump part does not */
			out->has_service = true;
			rc = dec_service(&top, false, &out->service);
		}
		return rc ? rc : dec_dest(&top, g.cmd != IPVS_CMD_DEL_DEST, !req, &out->dest);
	case IPVS_CMD_NEW_DAEMON:
	case IPVS_CMD_DEL_DAEMON:
		out->kind = VGL_IPVS_R_DAEMON;
		return dec_daemon(&top, g.cmd == IPVS_CMD_NEW_DAEMON, &out->daemon);
	case IPVS_CMD_SET_CONFIG:
		out->kind = VGL_IPVS_R_CONFIG;
		return dec_config(&top, &out->timeouts);
	default:
		if (g.cmd == IPVS_CMD_UNSPEC || g.cmd > IPVS_CMD_MAX)
			return VGL_IPVS_ERR_TYPE;
		out->kind = VGL_IPVS_R_COMMAND;
		if (has(&top, IPVS_CMD_ATTR_SERVICE)) {
			out->has_service = true;
			rc = dec_service(&top, false, &out->service);
		}
		return rc;
	}
}

/* NLMSG_ERROR: struct nlmsgerr, then (NLM_F_ACK_TLVS) the extended-ack attributes. */
static int dec_error(const uint8_t *p, size_t len, uint16_t flags, struct vgl_ipvs_reply *out)
{
	struct nlmsgerr e;
	size_t tlv_at = sizeof(e);
	struct tb t;
	int rc;

	if (len < sizeof(e))
		return VGL_IPVS_ERR_TRUNC;
	memcpy(&e, p, sizeof(e));
	if (e.error > 0 || e.error < -4095)
		return VGL_IPVS_ERR_ATTR;
	out->kind = e.error ? VGL_IPVS_R_ERROR : VGL_IPVS_R_ACK;
	out->error = e.error;
	if (!(flags & NLM_F_ACK_TLVS))
		return 0;
	if (!(flags & NLM_F_CAPPED)) {
		/* the request is echoed whole: skip its payload */
		if (e.msg.nlmsg_len < NLMSG_HDRLEN || e.msg.nlmsg_len - NLMSG_HDRLEN > len - tlv_at)
			return VGL_IPVS_ERR_TRUNC;
		tlv_at += NLMSG_ALIGN(e.msg.nlmsg_len - NLMSG_HDRLEN);
		if (tlv_at > len)
			tlv_at = len;
	}
	rc = parse(&t, p + tlv_at, len - tlv_at);
	if (!rc && has(&t, NLMSGERR_ATTR_MSG)) {
		size_t n = strnlen((const char *)t.data[NLMSGERR_ATTR_MSG], t.len[NLMSGERR_ATTR_MSG]);

		if (n == t.len[NLMSGERR_ATTR_MSG])
			return VGL_IPVS_ERR_ATTR; /* no NUL */
		if (n >= sizeof(out->ext_msg))
			n = sizeof(out->ext_msg) - 1;
		memcpy(out->ext_msg, t.data[NLMSGERR_ATTR_MSG], n);
		out->ext_msg[n] = '\0';
	}
	return rc;
}

ssize_t vgl_ipvs_dec_reply(const uint8_t *buf, size_t len, uint16_t family, struct vgl_ipvs_reply *out)
{
	struct nlmsghdr h;
	const uint8_t *body = buf + NLMSG_HDRLEN;
	size_t blen, used;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len < NLMSG_HDRLEN)
		return VGL_IPVS_ERR_TRUNC;
	memcpy(&h, buf, sizeof(h));
	if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > len)
		return VGL_IPVS_ERR_TRUNC;
	blen = h.nlmsg_len - NLMSG_HDRLEN;
	used = NLMSG_ALIGN(h.nlmsg_len);
	if (used > len)
		used = len;
	out->seq = h.nlmsg_seq;
	out->nl_flags = h.nlmsg_flags;
	out->request = (h.nlmsg_flags & NLM_F_REQUEST) != 0;

	if (h.nlmsg_type == NLMSG_ERROR) {
		rc = dec_error(body, blen, h.nlmsg_flags, out);
	} else if (h.nlmsg_type == NLMSG_DONE) {
		int32_t err = 0;

		out->kind = VGL_IPVS_R_DONE;
		rc = 0;
		if (blen >= sizeof(err)) {
			memcpy(&err, body, sizeof(err)); /* a dump that failed says why here */
			if (err > 0 || err < -4095)
				rc = VGL_IPVS_ERR_ATTR;
			else if (err < 0) {
				out->kind = VGL_IPVS_R_ERROR;
				out->error = err;
			}
		}
	} else if (family != 0 && h.nlmsg_type == family) {
		rc = dec_genl(body, blen, out);
	} else {
		rc = VGL_IPVS_ERR_TYPE;
	}
	if (rc) {
		uint32_t seq = out->seq;
		uint16_t flags = out->nl_flags;
		uint8_t cmd = out->cmd;

		memset(out, 0, sizeof(*out));
		out->kind = VGL_IPVS_R_BAD;
		out->error = rc;
		out->seq = seq;
		out->nl_flags = flags;
		out->request = (flags & NLM_F_REQUEST) != 0;
		out->cmd = cmd;
	}
	return (ssize_t)used;
}

const char *vgl_ipvs_strerror(int err)
{
	switch (err) {
	case 0:
		return "no error";
	case VGL_IPVS_ERR_NOSPACE:
		return "message does not fit the buffer";
	case VGL_IPVS_ERR_ARG:
		return "field cannot be encoded";
	case VGL_IPVS_ERR_TRUNC:
		return "truncated netlink message or attribute";
	case VGL_IPVS_ERR_ATTR:
		return "attribute of wrong size or value";
	case VGL_IPVS_ERR_MISSING:
		return "required attribute missing";
	case VGL_IPVS_ERR_TYPE:
		return "unexpected message type or command";
	default:
		return "unknown IPVS codec error";
	}
}

const char *vgl_ipvs_reply_kind_name(enum vgl_ipvs_reply_kind kind)
{
	static const char *const names[] = {
		[VGL_IPVS_R_ACK] = "ack",         [VGL_IPVS_R_ERROR] = "error",
		[VGL_IPVS_R_DONE] = "done",       [VGL_IPVS_R_SERVICE] = "service",
		[VGL_IPVS_R_DEST] = "destination", [VGL_IPVS_R_DAEMON] = "sync daemon",
		[VGL_IPVS_R_CONFIG] = "config",   [VGL_IPVS_R_COMMAND] = "command",
		[VGL_IPVS_R_BAD] = "malformed",
	};

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}
