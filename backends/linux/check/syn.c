/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the half-open TCP_CHECK's shared raw sockets, tuple table and source cache (syn.h).
 */
#include <errno.h>
#include <time.h>
#include <linux/errqueue.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "syn.h"

#define SYN_BATCH 32           /* datagrams read per wake-up and family */
#define SYN_RECV_MAX 128u      /* bytes kept of each: the IPv4 header (60 at most) and the TCP header */
#define SYN_SRC_TTL_NS (60ull * 1000000000ull)
#define SYN_RCVBUF (1 << 20)

struct syn_src {               /* IPv4 source address per server address */
	uint32_t dst, src;     /* network order; dst 0: free slot */
	vg_time at;
};

struct syn_fam {
	int raw;               /* the raw IPPROTO_TCP socket, -1 not open */
	int hold;              /* the TCP socket holding the source port */
	uint16_t port;
	bool failed;           /* could not open: every probe connects */
};

struct vgc_syn {
	int (*watch)(void *ctx, int fd, bool v6);
	void (*unwatch)(void *ctx, int fd);
	void *ctx;
	struct syn_fam fam[2]; /* [0] IPv4, [1] IPv6 */
	struct vgc_syn_probe **tab;
	size_t cap, n;         /* buckets (a power of two), probes linked */
	struct syn_src *src;
	size_t src_cap, src_n;
	int lookup;            /* UDP socket for source lookups, -1 none yet */
	struct vgc_syn_probe **q; /* SYNs to send at vgc_syn_flush (NULL: its probe ended first) */
	size_t nq, capq;
	uint32_t secret;       /* ISS = secret + a counter (RFC 9293 3.4.1: not predictable off-path) */
	uint32_t iss_next;
	struct vgc_syn_counters n_;
};

struct vgc_syn *vgc_syn_new(int (*watch)(void *ctx, int fd, bool v6), void (*unwatch)(void *ctx, int fd), void *ctx)
{
	struct vgc_syn *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->watch = watch;
	s->unwatch = unwatch;
	s->ctx = ctx;
	for (int f = 0; f < 2; f++)
		s->fam[f].raw = s->fam[f].hold = -1;
	s->lookup = -1;
	if (getrandom(&s->secret, sizeof(s->secret), GRND_NONBLOCK) != (ssize_t)sizeof(s->secret))
		s->secret = (uint32_t)getpid() * 2654435761u;
	return s;
}

void vgc_syn_free(struct vgc_syn *s)
{
	if (!s)
		return;
	for (int f = 0; f < 2; f++) {
		if (s->fam[f].raw >= 0) {
			s->unwatch(s->ctx, s->fam[f].raw);
			close(s->fam[f].raw);
		}
		if (s->fam[f].hold >= 0)
			close(s->fam[f].hold);
	}
	if (s->lookup >= 0)
		close(s->lookup);
	free(s->tab);
	free(s->src);
	free(s->q);
	free(s);
}

/*
 * The socket filter: pass a segment to our port with ACK and SYN or RST
 * set (the only answers a SYN can get, syn.h), nothing else. ip: the
 * datagram starts at the IPv4 header (X = its length), else at TCP's.
 */
static int attach_filter(int fd, bool ip, uint16_t port)
{
	struct sock_filter code[] = {
		ip ? (struct sock_filter)BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0)  /* X = 4 * (IHL) */
		   : (struct sock_filter)BPF_STMT(BPF_LDX | BPF_IMM, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),                          /* destination port */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, 0, 4),
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 13),                         /* flags */
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, VG_TCP_ACK, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, VG_TCP_SYN | VG_TCP_RST, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SYN_RECV_MAX),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/* Open family f's sockets: the port holder, then the raw socket. 0 / -1 (errno). */
static int fam_open(struct vgc_syn *s, int f)
{
	struct syn_fam *F = &s->fam[f];
	int af = f ? AF_INET6 : AF_INET, one = 1, rcvbuf = SYN_RCVBUF, saved;
	union vgc_sa a = { 0 };
	socklen_t al = f ? sizeof(a.in6) : sizeof(a.in);

	F->hold = socket(af, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	if (F->hold < 0)
		goto fail;
	a.sa.sa_family = (sa_family_t)af;
	if (f)
		(void)setsockopt(F->hold, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(F->hold, &a.sa, al) < 0 || getsockname(F->hold, &a.sa, &al) < 0)
		goto fail;
	F->port = ntohs(f ? a.in6.sin6_port : a.in.sin_port);
	F->raw = socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (F->raw < 0)
		goto fail;
	if (f) {
		int off = 16; /* the TCP checksum's offset: the kernel fills it (RFC 8200 8.1) */

		if (setsockopt(F->raw, IPPROTO_IPV6, IPV6_CHECKSUM, &off, sizeof(off)) < 0)
			goto fail;
	}
	if (attach_filter(F->raw, !f, F->port) < 0)
		goto fail;
	(void)setsockopt(F->raw, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* ICMP errors about our SYNs (host unreachable, also the one the kernel sends itself when
	   the neighbour does not answer) come to the error queue: a connect() fails on them too */
	if (setsockopt(F->raw, f ? IPPROTO_IPV6 : IPPROTO_IP, f ? IPV6_RECVERR : IP_RECVERR, &one, sizeof(one)) < 0)
		goto fail;
	if (s->watch(s->ctx, F->raw, f) < 0)
		goto fail;
	vgd_log(LOG_INFO, "TCP_CHECK half-open (--check-tcp=syn): IPv%d SYNs from port %u", f ? 6 : 4, F->port);
	return 0;
fail:
	saved = errno;
	if (F->raw >= 0)
		close(F->raw);
	if (F->hold >= 0)
		close(F->hold);
	F->raw = F->hold = -1;
	F->failed = true;
	vgd_log(LOG_WARNING, "TCP_CHECK half-open (--check-tcp=syn): IPv%d raw socket: %s; TCP_CHECKs connect",
		f ? 6 : 4, strerror(saved));
	errno = saved;
	return -1;
}

/* ---- the tuple table ----------------------------------------------------------------- */

static size_t tuple_hash(const struct vg_syn_tuple *t, size_t cap)
{
	uint32_t h = 2166136261u;
	size_t n = t->v6 ? 16 : 4;

	for (size_t i = 0; i < n; i++)
		h = (h ^ t->dst[i]) * 16777619u;
	h = (h ^ t->dport) * 16777619u;
	h = (h ^ (uint32_t)t->v6) * 16777619u;
	return h & (cap - 1);
}

static bool tuple_eq(const struct vg_syn_tuple *a, const struct vg_syn_tuple *b)
{
	return a->v6 == b->v6 && a->dport == b->dport && !memcmp(a->dst, b->dst, a->v6 ? 16 : 4);
}

static struct vgc_syn_probe *find(const struct vgc_syn *s, const struct vg_syn_tuple *t)
{
	if (!s->cap)
		return NULL;
	for (struct vgc_syn_probe *q = s->tab[tuple_hash(t, s->cap)]; q; q = q->next)
		if (tuple_eq(&q->t, t))
			return q;
	return NULL;
}

static int grow(struct vgc_syn *s)
{
	size_t nc = s->cap ? 2 * s->cap : 256;
	struct vgc_syn_probe **nt = calloc(nc, sizeof(*nt));

	if (!nt)
		return -1;
	for (size_t i = 0; i < s->cap; i++)
		while (s->tab[i]) {
			struct vgc_syn_probe *q = s->tab[i];
			size_t h = tuple_hash(&q->t, nc);

			s->tab[i] = q->next;
			q->next = nt[h];
			nt[h] = q;
		}
	free(s->tab);
	s->tab = nt;
	s->cap = nc;
	return 0;
}

static void unlink_probe(struct vgc_syn *s, struct vgc_syn_probe *sp)
{
	struct vgc_syn_probe **pp = &s->tab[tuple_hash(&sp->t, s->cap)];

	for (; *pp; pp = &(*pp)->next)
		if (*pp == sp) {
			*pp = sp->next;
			s->n--;
			break;
		}
	sp->linked = false;
}

/* ---- IPv4 source addresses ------------------------------------------------------------ */

static struct syn_src *src_slot(struct vgc_syn *s, uint32_t dst)
{
	if (s->src_n * 2 >= s->src_cap) {
		size_t nc = s->src_cap ? 2 * s->src_cap : 64;
		struct syn_src *nt = calloc(nc, sizeof(*nt));

		if (!nt)
			return NULL;
		for (size_t i = 0; i < s->src_cap; i++)
			if (s->src[i].dst) {
				size_t h = (s->src[i].dst * 2654435761u) & (nc - 1);

				while (nt[h].dst)
					h = (h + 1) & (nc - 1);
				nt[h] = s->src[i];
			}
		free(s->src);
		s->src = nt;
		s->src_cap = nc;
	}
	for (size_t h = (dst * 2654435761u) & (s->src_cap - 1);; h = (h + 1) & (s->src_cap - 1))
		if (s->src[h].dst == dst || !s->src[h].dst)
			return &s->src[h];
}

/* The address the kernel would send from to dst (network order), looked up now. 0 / -1. */
static int src_lookup(struct vgc_syn *s, uint32_t dst, uint32_t *src)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) };
	socklen_t al = sizeof(a);

	if (s->lookup < 0 && (s->lookup = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	a.sin_addr.s_addr = dst;
	if (connect(s->lookup, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(s->lookup, (struct sockaddr *)&a, &al) < 0)
		return -1;
	*src = a.sin_addr.s_addr;
	return 0;
}

/* IPv4: the source for sp's destination, from the cache unless stale or `fresh`. 0 / -1. */
static int src_for(struct vgc_syn *s, struct vgc_syn_probe *sp, vg_time now, bool fresh)
{
	uint32_t dst, src;
	struct syn_src *e;

	memcpy(&dst, sp->t.dst, 4);
	e = dst ? src_slot(s, dst) : NULL;
	if (e && e->dst && !fresh && now - e->at < SYN_SRC_TTL_NS) {
		memcpy(sp->t.src, &e->src, 4);
		return 0;
	}
	if (src_lookup(s, dst, &src) < 0)
		return -1;
	if (e) {
		if (!e->dst)
			s->src_n++;
		e->dst = dst;
		e->src = src;
		e->at = now;
	}
	memcpy(sp->t.src, &src, 4);
	return 0;
}

/* ---- sending ---------------------------------------------------------------------------- */

/* Put one control message (IP_PKTINFO / IPV6_PKTINFO) in m, in buf. */
static void put_cmsg(struct msghdr *m, void *buf, int level, int type, const void *data, size_t len)
{
	struct cmsghdr *h;

	m->msg_control = buf;
	m->msg_controllen = CMSG_SPACE(len);
	h = CMSG_FIRSTHDR(m);
	h->cmsg_level = level;
	h->cmsg_type = type;
	h->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(h), data, len);
}

/* One SYN's datagram: its segment, destination and source control message, in m. */
struct syn_msg {
	uint8_t seg[VG_SYN_LEN];
	union vgc_sa to;
	struct {
		_Alignas(struct cmsghdr) char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cm;
	struct iovec iov;
};

static void syn_msg(struct syn_msg *x, struct msghdr *m, const struct vgc_syn_probe *sp)
{
	(void)vg_syn_build(x->seg, sizeof(x->seg), &sp->t, sp->iss, !sp->t.v6);
	memset(&x->to, 0, sizeof(x->to));
	memset(&x->cm, 0, sizeof(x->cm));
	memset(m, 0, sizeof(*m));
	x->iov.iov_base = x->seg;
	x->iov.iov_len = sizeof(x->seg);
	m->msg_name = &x->to;
	m->msg_iov = &x->iov;
	m->msg_iovlen = 1;
	if (sp->t.v6) {
		x->to.in6.sin6_family = AF_INET6;
		memcpy(&x->to.in6.sin6_addr, sp->t.dst, 16);
		m->msg_namelen = sizeof(x->to.in6);
		if (sp->pin) {
			struct in6_pktinfo pi = { 0 };

			memcpy(&pi.ipi6_addr, sp->t.src, 16);
			put_cmsg(m, x->cm.buf, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
		}
	} else {
		struct in_pktinfo pi = { 0 };

		x->to.in.sin_family = AF_INET;
		memcpy(&x->to.in.sin_addr, sp->t.dst, 4);
		m->msg_namelen = sizeof(x->to.in);
		memcpy(&pi.ipi_spec_dst, sp->t.src, 4); /* the source the checksum was computed with */
		put_cmsg(m, x->cm.buf, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	}
}

static int send_syn(struct vgc_syn *s, const struct vgc_syn_probe *sp)
{
	struct syn_msg x;
	struct msghdr m;

	syn_msg(&x, &m, sp);
	s->n_.calls++;
	return sendmsg(s->fam[sp->t.v6].raw, &m, MSG_DONTWAIT) == (ssize_t)sizeof(x.seg) ? 0 : -1;
}

/* A queued SYN that could not be sent (errno): IPv4's cached source may have gone (EINVAL): look it up
   again and send it alone, once; else the probe fails. */
static void send_failed(struct vgc_syn *s, struct vgc_syn_probe *sp, vg_time now)
{
	int e = errno;

	if (!sp->t.v6 && !sp->pin && e == EINVAL && src_for(s, sp, now, true) == 0 && send_syn(s, sp) == 0) {
		s->n_.sent++;
		return;
	}
	if (sp->linked)
		unlink_probe(s, sp);
	vgc_probe_fail(sp->p, now, VG_LVS_PROBE_FAILED, "%s", strerror(e));
}

void vgc_syn_flush(struct vgc_syn *s, vg_time now)
{
	size_t i = 0;

	if (!s)
		return;
	while (i < s->nq) {
		struct syn_msg x[SYN_BATCH];
		struct mmsghdr mm[SYN_BATCH];
		struct vgc_syn_probe *b[SYN_BATCH];
		unsigned n = 0, k = 0;
		bool v6 = false;

		/* a run of one family (one socket), at most SYN_BATCH */
		for (; i < s->nq && n < SYN_BATCH; i++) {
			struct vgc_syn_probe *sp = s->q[i];

			if (!sp)
				continue;
			if (n && sp->t.v6 != v6)
				break;
			v6 = sp->t.v6;
			sp->queued = false;
			b[n] = sp;
			syn_msg(&x[n], &mm[n].msg_hdr, sp);
			mm[n++].msg_len = 0;
		}
		while (k < n) {
			int r = sendmmsg(s->fam[v6].raw, mm + k, n - k, MSG_DONTWAIT);

			s->n_.calls++;
			if (r < 0) {
				send_failed(s, b[k++], now); /* the rest after it were not tried */
				continue;
			}
			s->n_.sent += (unsigned)r;
			k += (unsigned)r;
		}
	}
	s->nq = 0;
}

int vgc_syn_begin(struct vgc_syn *s, struct vgc_probe *p, struct vgc_syn_probe *sp, const char **why)
{
	const struct vgc_probe_opts *o = p->opts;
	const struct vgc_probe_bind *b = o->bind;
	int f = o->dst.family == VG_AF_INET6;
	bool pin = false;

	*why = "";
	memset(sp, 0, sizeof(*sp));
	if (b && (b->fwmark || b->bind_if[0] || (b->src_len && (f ? b->src.in6.sin6_port : b->src.in.sin_port)))) {
		*why = "bind_port, bind_if or fwmark";
		s->n_.fallback++;
		return 1;
	}
	if (s->fam[f].failed || (s->fam[f].raw < 0 && fam_open(s, f) < 0)) {
		s->n_.fallback++;
		return 1;
	}
	sp->p = p;
	sp->t.v6 = f;
	memcpy(sp->t.dst, o->dst.bytes, f ? 16 : 4);
	sp->t.dport = o->port;
	sp->t.sport = s->fam[f].port;
	if (find(s, &sp->t)) {
		*why = "a probe of the same server and port in flight";
		s->n_.fallback++;
		return 1;
	}
	if (b && b->src_len && b->src.sa.sa_family == vgc_probe_af(o)) {
		/* bindto: the checker's own source address */
		memcpy(sp->t.src, f ? (const void *)&b->src.in6.sin6_addr : (const void *)&b->src.in.sin_addr, f ? 16 : 4);
		pin = true;
	} else if (!f && src_for(s, sp, p->started_ns, false) < 0) {
		return -1;
	}
	sp->iss = s->secret + (s->iss_next += 64000); /* ISS apart by more than a window */
	sp->pin = pin;
	if (s->nq == s->capq) {
		size_t nc = s->capq ? 2 * s->capq : 64;
		struct vgc_syn_probe **nq = realloc(s->q, nc * sizeof(*nq));

		if (!nq)
			return -1;
		s->q = nq;
		s->capq = nc;
	}
	if (s->n >= s->cap && grow(s) < 0)
		return -1;
	{
		size_t h = tuple_hash(&sp->t, s->cap);

		sp->next = s->tab[h];
		s->tab[h] = sp;
		s->n++;
		sp->linked = true;
	}
	s->q[s->nq++] = sp;
	sp->queued = true;
	return 0;
}

int vgc_syn_resend(struct vgc_syn *s, struct vgc_syn_probe *sp)
{
	s->n_.resent++;
	return send_syn(s, sp);
}

void vgc_syn_end(struct vgc_syn *s, struct vgc_syn_probe *sp)
{
	if (sp->linked)
		unlink_probe(s, sp);
	if (sp->queued) { /* ended before its SYN went */
		for (size_t i = 0; i < s->nq; i++)
			if (s->q[i] == sp)
				s->q[i] = NULL;
		sp->queued = false;
	}
}

/* ---- receiving -------------------------------------------------------------------------- */

static void answer(struct vgc_syn *s, struct vg_syn_seg *seg, vg_time now)
{
	struct vg_syn_tuple key = { .v6 = seg->t.v6, .dport = seg->t.sport, .sport = seg->t.dport };
	struct vgc_syn_probe *sp;

	memcpy(key.dst, seg->t.src, 16);
	sp = find(s, &key);
	if (!sp || seg->t.dport != sp->t.sport) {
		s->n_.ignored++;
		return;
	}
	switch (vg_syn_verdict(seg, sp->iss)) {
	case VG_SYN_ALIVE:
		s->n_.alive++;
		unlink_probe(s, sp);
		vgc_probe_ok(sp->p, now);
		break;
	case VG_SYN_REFUSED:
		s->n_.refused++;
		unlink_probe(s, sp);
		vgc_probe_fail(sp->p, now, VG_LVS_PROBE_FAILED, "%s", strerror(ECONNREFUSED));
		break;
	default:
		s->n_.ignored++;
		break;
	}
}

/*
 * The error queue: an ICMP error quoting one of our SYNs (the destination
 * in msg_name, the quoted TCP header's first 8 bytes as data: ports and
 * sequence number). In SYN-SENT a connect() fails on it with its errno
 * (RFC 9293 3.10.7.3 leaves ICMP to RFC 1122 4.2.3.9; Linux reports
 * unreachable at once); so does the probe.
 */
static void read_errors(struct vgc_syn *s, bool v6, vg_time now)
{
	for (int i = 0; i < SYN_BATCH; i++) {
		uint8_t quote[SYN_RECV_MAX];
		union {
			char buf[512];
			struct cmsghdr align;
		} cm;
		union vgc_sa from = { 0 };
		struct iovec iov = { .iov_base = quote, .iov_len = sizeof(quote) };
		struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = cm.buf, .msg_controllen = sizeof(cm.buf) };
		const struct sock_extended_err *ee = NULL;
		struct vg_syn_tuple key = { .v6 = v6 };
		struct vgc_syn_probe *sp;
		ssize_t n = recvmsg(s->fam[v6].raw, &m, MSG_ERRQUEUE | MSG_DONTWAIT);

		if (n < 0)
			return;
		for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
			if ((h->cmsg_level == IPPROTO_IP && h->cmsg_type == IP_RECVERR) ||
			    (h->cmsg_level == IPPROTO_IPV6 && h->cmsg_type == IPV6_RECVERR))
				ee = (const struct sock_extended_err *)CMSG_DATA(h);
		if (!ee || n < 8 || (ee->ee_origin != SO_EE_ORIGIN_ICMP && ee->ee_origin != SO_EE_ORIGIN_ICMP6) ||
		    !ee->ee_errno)
			continue;
		if (v6 && from.sa.sa_family == AF_INET6)
			memcpy(key.dst, &from.in6.sin6_addr, 16);
		else if (!v6 && from.sa.sa_family == AF_INET)
			memcpy(key.dst, &from.in.sin_addr, 4);
		else
			continue;
		key.dport = (uint16_t)(quote[2] << 8 | quote[3]);
		sp = find(s, &key);
		if (!sp || (uint16_t)(quote[0] << 8 | quote[1]) != sp->t.sport ||
		    ((uint32_t)quote[4] << 24 | (uint32_t)quote[5] << 16 | (uint32_t)quote[6] << 8 | quote[7]) != sp->iss) {
			s->n_.ignored++;
			continue;
		}
		s->n_.unreachable++;
		unlink_probe(s, sp);
		vgc_probe_fail(sp->p, now, VG_LVS_PROBE_FAILED, "%s", strerror(ee->ee_errno));
	}
}

void vgc_syn_ready(struct vgc_syn *s, bool v6, uint32_t events, vg_time now)
{
	struct syn_fam *F = &s->fam[v6];
	uint8_t buf[SYN_BATCH][SYN_RECV_MAX];
	struct sockaddr_in6 from[SYN_BATCH];
	struct iovec iov[SYN_BATCH];
	struct mmsghdr mm[SYN_BATCH];
	int n;

	if (F->raw < 0)
		return;
	if (events & EPOLLERR)
		read_errors(s, v6, now);
	for (int i = 0; i < SYN_BATCH; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &from[i];
		mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
	}
	n = recvmmsg(F->raw, mm, SYN_BATCH, MSG_DONTWAIT, NULL);
	for (int i = 0; i < n; i++) {
		struct vg_syn_seg seg;
		size_t len = mm[i].msg_len < SYN_RECV_MAX ? mm[i].msg_len : SYN_RECV_MAX;

		if (vg_syn_parse(buf[i], len, !v6, &seg) < 0) {
			s->n_.ignored++;
			continue;
		}
		if (v6) {
			if (from[i].sin6_family != AF_INET6)
				continue;
			memcpy(seg.t.src, &from[i].sin6_addr, 16);
		}
		answer(s, &seg, now);
	}
}

struct vgc_syn_counters vgc_syn_counters(const struct vgc_syn *s)
{
	struct vgc_syn_counters z = { 0 };

	return s ? s->n_ : z;
}
