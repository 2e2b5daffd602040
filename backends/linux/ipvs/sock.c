/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the IPVS generic-netlink socket (see sock.h).
 *
 * libnl-genl resolves the family; everything after is raw sendmsg() and
 * recvmmsg() of msg.c's bytes on the libnl socket's fd. Windows of a batch
 * are sized from the buffer sizes the kernel granted: the bytes of one
 * sendmsg() must stay under the send buffer (netlink_sendmsg refuses more
 * with EMSGSIZE) and the acks of one window must fit the receive buffer
 * (beyond it the kernel drops them and the socket reports ENOBUFS).
 */
#include "sock.h"

#include <errno.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#define RECV_VLEN 64            /* datagrams per recvmmsg() */
#define RECV_SIZE 32768         /* a dump part never exceeds 32 KiB (netlink_dump's cap) */
#define SNDBUF_WANT (4u << 20)  /* asked for; the kernel may grant less without CAP_NET_ADMIN */
#define RCVBUF_WANT (8u << 20)
#define ACK_TRUESIZE 1280       /* receive-buffer charge of one ack skb, generously */
#define RECV_TIMEOUT_S 10       /* an answer that does not come within this is lost */

struct vgl_ipvs {
	struct nl_sock *nl;
	int fd;
	uint16_t family;
	uint32_t seq;             /* next sequence number */
	size_t window_bytes;      /* most bytes in one sendmsg() */
	size_t window_count;      /* most requests in one sendmsg() */
	uint8_t *rbuf;            /* RECV_VLEN x RECV_SIZE */
	struct mmsghdr msgs[RECV_VLEN];
	struct iovec iov[RECV_VLEN];
	struct sockaddr_nl from[RECV_VLEN];
};

static void set_err(char *err, size_t n, const char *fmt, const char *a, const char *b)
{
	if (err && n)
		snprintf(err, n, fmt, a, b);
}

/* Ask for a buffer size, forcing past the sysctl limit when allowed; returns what was granted. */
static size_t buffer(int fd, int force, int plain, unsigned want)
{
	int v = (int)want;
	socklen_t len = sizeof(v);

	if (setsockopt(fd, SOL_SOCKET, force, &v, sizeof(v)) != 0)
		(void)setsockopt(fd, SOL_SOCKET, plain, &v, sizeof(v));
	if (getsockopt(fd, SOL_SOCKET, plain, &v, &len) != 0 || v <= 0)
		return 65536;
	return (size_t)v;
}

int vgl_ipvs_open(struct vgl_ipvs **out, char *err, size_t errlen)
{
	struct vgl_ipvs *s = calloc(1, sizeof(*s));
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };
	int one = 1, rc, fam;
	size_t snd, rcv;

	*out = NULL;
	if (!s || !(s->rbuf = malloc((size_t)RECV_VLEN * RECV_SIZE)) || !(s->nl = nl_socket_alloc())) {
		vgl_ipvs_close(s);
		set_err(err, errlen, "IPVS: %s%s", "out of memory", "");
		return -ENOMEM;
	}
	rc = genl_connect(s->nl);
	if (rc < 0) {
		set_err(err, errlen, "IPVS: generic netlink socket: %s%s", nl_geterror(rc), "");
		vgl_ipvs_close(s);
		return rc == -NLE_PERM ? -EPERM : -EIO;
	}
	fam = genl_ctrl_resolve(s->nl, IPVS_GENL_NAME);
	if (fam < 0) {
		rc = fam == -NLE_OBJ_NOTFOUND ? -ENOENT : fam == -NLE_PERM ? -EPERM : -EIO;
		set_err(err, errlen, "IPVS: the kernel has no generic-netlink family \"IPVS\": %s%s",
			nl_geterror(fam),
			rc == -ENOENT ? " (kernel without CONFIG_IP_VS, or the ip_vs module not loaded)" : "");
		vgl_ipvs_close(s);
		return rc;
	}
	s->family = (uint16_t)fam;
	s->fd = nl_socket_get_fd(s->nl);
	s->seq = 1;
	/* capped acks: an error does not echo the request; extended acks: the kernel's reason text */
	(void)setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	(void)setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	snd = buffer(s->fd, SO_SNDBUFFORCE, SO_SNDBUF, SNDBUF_WANT);
	rcv = buffer(s->fd, SO_RCVBUFFORCE, SO_RCVBUF, RCVBUF_WANT);
	s->window_bytes = snd / 2; /* netlink_sendmsg's limit is sk_sndbuf - 32: keep well clear */
	s->window_count = rcv / 2 / ACK_TRUESIZE;
	if (s->window_count < 1)
		s->window_count = 1;
	for (size_t i = 0; i < RECV_VLEN; i++) {
		s->iov[i].iov_base = s->rbuf + i * RECV_SIZE;
		s->iov[i].iov_len = RECV_SIZE;
	}
	*out = s;
	return 0;
}

void vgl_ipvs_close(struct vgl_ipvs *s)
{
	if (!s)
		return;
	if (s->nl)
		nl_socket_free(s->nl);
	free(s->rbuf);
	free(s);
}

uint16_t vgl_ipvs_family(const struct vgl_ipvs *s)
{
	return s->family;
}

void vgl_ipvs_window(struct vgl_ipvs *s, size_t *bytes, size_t *count)
{
	if (*bytes && *bytes < s->window_bytes)
		s->window_bytes = *bytes;
	if (*count && *count < s->window_count)
		s->window_count = *count;
	*bytes = s->window_bytes;
	*count = s->window_count;
}

static int send_bytes(struct vgl_ipvs *s, const uint8_t *p, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov = { .iov_base = (void *)(uintptr_t)p, .iov_len = len };
	struct msghdr m = { .msg_name = &kernel, .msg_namelen = sizeof(kernel), .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	do
		n = sendmsg(s->fd, &m, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

/* Read what is there (waiting for the first datagram unless nowait). Count, or -errno. */
static int recv_some(struct vgl_ipvs *s, bool nowait)
{
	int n;

	for (size_t i = 0; i < RECV_VLEN; i++) {
		memset(&s->msgs[i], 0, sizeof(s->msgs[i]));
		s->msgs[i].msg_hdr.msg_iov = &s->iov[i];
		s->msgs[i].msg_hdr.msg_iovlen = 1;
		s->msgs[i].msg_hdr.msg_name = &s->from[i];
		s->msgs[i].msg_hdr.msg_namelen = sizeof(s->from[i]);
	}
	do
		n = recvmmsg(s->fd, s->msgs, RECV_VLEN, nowait ? MSG_DONTWAIT : MSG_WAITFORONE, NULL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

/* Datagram i as received: from the kernel and whole, else NULL. */
static const uint8_t *datagram(const struct vgl_ipvs *s, int i, size_t *len)
{
	if (s->from[i].nl_pid != 0 || (s->msgs[i].msg_hdr.msg_flags & MSG_TRUNC))
		return NULL;
	*len = s->msgs[i].msg_len;
	return s->iov[i].iov_base;
}

/* Read the answers of one window into b. 0, or -errno of the socket. */
static int read_window(struct vgl_ipvs *s, struct vgl_ipvs_batch *b, size_t first, size_t count,
		       struct vgl_ipvs_io *io)
{
	size_t waiting = count;
	bool lost = false;

	while (waiting) {
		int n = recv_some(s, lost);

		if (n == -ENOBUFS) { /* acks dropped: read what was kept, then fail the rest */
			lost = true;
			continue;
		}
		if (n == -EAGAIN || n == -EWOULDBLOCK) {
			vgl_ipvs_batch_unanswered(b, first, count, lost ? -ENOBUFS : -ETIMEDOUT,
						  lost ? "acknowledgement lost: socket receive buffer overflow"
						       : "no acknowledgement");
			return 0;
		}
		if (n < 0)
			return n;
		io->recv_calls++;
		for (int i = 0; i < n; i++) {
			size_t len = 0;
			const uint8_t *p = datagram(s, i, &len);

			if (!p) {
				io->stray++;
				continue;
			}
			while (len > 0) {
				struct vgl_ipvs_reply r;
				ssize_t used = vgl_ipvs_dec_reply(p, len, s->family, &r);

				if (used < 0) {
					io->stray++;
					break;
				}
				if (vgl_ipvs_batch_answer(b, &r) == 0)
					waiting--;
				else
					io->stray++;
				p += used;
				len -= (size_t)used;
			}
		}
	}
	return 0;
}

int vgl_ipvs_run(struct vgl_ipvs *s, struct vgl_ipvs_batch *b, struct vgl_ipvs_io *io, char *err,
		 size_t errlen)
{
	struct vgl_ipvs_io spare = { 0 };
	size_t total = vgl_ipvs_batch_count(b), first = 0;

	if (!io)
		io = &spare;
	vgl_ipvs_batch_number(b, s->family, s->seq);
	s->seq += (uint32_t)total;
	while (first < total) {
		size_t count, len;
		const uint8_t *p = vgl_ipvs_batch_window(b, first, s->window_bytes, s->window_count, &count, &len);
		int rc = send_bytes(s, p, len);

		if (rc == 0) {
			io->round_trips++;
			io->messages += count;
			io->bytes += len;
			rc = read_window(s, b, first, count, io);
		}
		if (rc < 0) {
			vgl_ipvs_batch_unanswered(b, first, total - first, rc, "IPVS socket failed");
			set_err(err, errlen, "IPVS: %s: %s", rc == -EMSGSIZE ? "sendmsg" : "netlink socket",
				strerror(-rc));
			return rc;
		}
		first += count;
	}
	return 0;
}

/* ---- one request, its answers until DONE or the ack ---- */

typedef int (*answer_fn)(void *ctx, const struct vgl_ipvs_reply *r);

static int exchange(struct vgl_ipvs *s, uint8_t *req, ssize_t req_len, answer_fn fn, void *ctx,
		    struct vgl_ipvs_io *io, char *err, size_t errlen)
{
	uint32_t seq;
	int result = 0;
	bool end = false;

	if (req_len < 0) {
		set_err(err, errlen, "IPVS: request: %s%s", vgl_ipvs_strerror((int)req_len), "");
		return -EINVAL;
	}
	memcpy(&seq, req + offsetof(struct nlmsghdr, nlmsg_seq), sizeof(seq));
	result = send_bytes(s, req, (size_t)req_len);
	if (result < 0) {
		set_err(err, errlen, "IPVS: sendmsg: %s%s", strerror(-result), "");
		return result;
	}
	io->round_trips++;
	io->messages++;
	io->bytes += (size_t)req_len;
	while (!end) {
		int n = recv_some(s, false);

		if (n < 0) {
			set_err(err, errlen, "IPVS: reading the answer: %s%s", strerror(-n), "");
			return n;
		}
		io->recv_calls++;
		for (int i = 0; i < n; i++) {
			size_t len = 0;
			const uint8_t *p = datagram(s, i, &len);

			while (p && len > 0) {
				struct vgl_ipvs_reply r;
				ssize_t used = vgl_ipvs_dec_reply(p, len, s->family, &r);
				int rc = 0;

				if (used < 0)
					break;
				p += used;
				len -= (size_t)used;
				if (r.seq != seq) {
					io->stray++;
					continue;
				}
				if (r.kind == VGL_IPVS_R_DONE || r.kind == VGL_IPVS_R_ACK) {
					end = true;
				} else if (r.kind == VGL_IPVS_R_ERROR) {
					end = true;
					rc = r.error;
					set_err(err, errlen, "IPVS: %s%s", strerror(-r.error), "");
				} else if (r.kind == VGL_IPVS_R_BAD) {
					rc = -EBADMSG;
					set_err(err, errlen, "IPVS: malformed answer: %s%s", vgl_ipvs_strerror(r.error), "");
				} else if (result == 0) {
					rc = fn(ctx, &r);
					if (rc < 0)
						set_err(err, errlen, "IPVS: %s%s", strerror(-rc), "");
				}
				/* keep the first error, but read on to the end: an unfinished dump blocks the next */
				if (rc < 0 && result == 0)
					result = rc;
			}
		}
	}
	return result;
}

static struct vgl_ipvs_req next_req(struct vgl_ipvs *s)
{
	struct vgl_ipvs_req r = { .family = s->family, .seq = s->seq++ };

	return r;
}

void vgl_ipvs_table_clear(struct vgl_ipvs_table *t)
{
	t->nsvc = 0;
	t->ndest = 0;
}

void vgl_ipvs_table_free(struct vgl_ipvs_table *t)
{
	free(t->svc);
	free(t->dest);
	memset(t, 0, sizeof(*t));
}

/* Make room for one more element of size sz in *arr (cap *cap, at most max). */
static int grow(void **arr, size_t *cap, size_t used, size_t sz, size_t max)
{
	size_t want;
	void *p;

	if (used < *cap)
		return 0;
	if (used >= max)
		return -EOVERFLOW;
	want = *cap ? *cap * 2 : 64;
	if (want > max)
		want = max;
	p = realloc(*arr, want * sz);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = want;
	return 0;
}

static int on_service(void *ctx, const struct vgl_ipvs_reply *r)
{
	struct vgl_ipvs_table *t = ctx;
	int rc;

	if (r->kind != VGL_IPVS_R_SERVICE)
		return -EBADMSG;
	rc = grow((void **)&t->svc, &t->svc_cap, t->nsvc, sizeof(*t->svc), VGL_IPVS_TABLE_SVC_MAX);
	if (rc)
		return rc;
	t->svc[t->nsvc].svc = r->service;
	t->svc[t->nsvc].dest_first = t->ndest;
	t->svc[t->nsvc].dest_count = 0;
	t->nsvc++;
	return 0;
}

struct dest_ctx {
	struct vgl_ipvs_table *t;
	struct vgl_ipvs_table_service *ts;
};

static int on_dest(void *ctx, const struct vgl_ipvs_reply *r)
{
	struct dest_ctx *c = ctx;
	struct vgl_ipvs_table *t = c->t;
	int rc;

	if (r->kind != VGL_IPVS_R_DEST)
		return -EBADMSG;
	rc = grow((void **)&t->dest, &t->dest_cap, t->ndest, sizeof(*t->dest), VGL_IPVS_TABLE_DEST_MAX);
	if (rc)
		return rc;
	t->dest[t->ndest] = r->dest;
	if (t->dest[t->ndest].addr.family == VG_AF_NONE)
		t->dest[t->ndest].addr.family = c->ts->svc.addr.family;
	t->ndest++;
	c->ts->dest_count++;
	return 0;
}

int vgl_ipvs_dump(struct vgl_ipvs *s, struct vgl_ipvs_table *t, struct vgl_ipvs_io *io, char *err,
		  size_t errlen)
{
	struct vgl_ipvs_io spare = { 0 };
	uint8_t req[VGL_IPVS_MSG_MAX];
	struct vgl_ipvs_req r = next_req(s);
	int rc;

	if (!io)
		io = &spare;
	vgl_ipvs_table_clear(t);
	rc = exchange(s, req, vgl_ipvs_enc_get_services(req, sizeof(req), &r), on_service, t, io, err, errlen);
	for (size_t i = 0; rc == 0 && i < t->nsvc; i++) {
		struct dest_ctx c = { t, &t->svc[i] };

		r = next_req(s);
		t->svc[i].dest_first = t->ndest;
		rc = exchange(s, req, vgl_ipvs_enc_get_dests(req, sizeof(req), &r, &t->svc[i].svc), on_dest, &c,
			      io, err, errlen);
	}
	return rc;
}

struct daemon_ctx {
	struct vgl_ipvs_daemon *out;
	size_t n;
};

static int on_daemon(void *ctx, const struct vgl_ipvs_reply *r)
{
	struct daemon_ctx *c = ctx;

	if (r->kind != VGL_IPVS_R_DAEMON)
		return -EBADMSG;
	if (c->n >= 2)
		return -EOVERFLOW;
	c->out[c->n++] = r->daemon;
	return 0;
}

int vgl_ipvs_dump_daemons(struct vgl_ipvs *s, struct vgl_ipvs_daemon out[2], size_t *n, char *err,
			  size_t errlen)
{
	struct vgl_ipvs_io io = { 0 };
	uint8_t req[VGL_IPVS_MSG_MAX];
	struct vgl_ipvs_req r = next_req(s);
	struct daemon_ctx c = { out, 0 };
	int rc = exchange(s, req, vgl_ipvs_enc_get_daemons(req, sizeof(req), &r), on_daemon, &c, &io, err, errlen);

	*n = c.n;
	return rc;
}

static int on_config(void *ctx, const struct vgl_ipvs_reply *r)
{
	if (r->kind != VGL_IPVS_R_CONFIG)
		return -EBADMSG;
	*(struct vgl_ipvs_timeouts *)ctx = r->timeouts;
	return 0;
}

int vgl_ipvs_get_timeouts(struct vgl_ipvs *s, struct vgl_ipvs_timeouts *t, char *err, size_t errlen)
{
	struct vgl_ipvs_io io = { 0 };
	uint8_t req[VGL_IPVS_MSG_MAX];
	struct vgl_ipvs_req r = next_req(s);

	memset(t, 0, sizeof(*t));
	return exchange(s, req, vgl_ipvs_enc_get_config(req, sizeof(req), &r), on_config, t, &io, err, errlen);
}
