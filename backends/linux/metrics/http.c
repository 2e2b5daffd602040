/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the metrics endpoint's HTTP server (see http.h).
 *
 * Per connection: reading (input watched) until the head ends with an empty
 * line (RFC 9112 2.1: request-line, fields, CRLF; a bare LF is accepted, as
 * RFC 9112 2.2 allows), then writing (only output watched: more input
 * cannot spin the loop), then closed. The request line is RFC 9112 3:
 * method SP request-target SP HTTP-version.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ACCEPTS_PER_WAKEUP 16

static const struct {
	unsigned status;
	const char *reason;
} codes[VGD_HTTP__CODES] = {
	[VGD_HTTP_200] = { 200, "OK" },
	[VGD_HTTP_400] = { 400, "Bad Request" },
	[VGD_HTTP_404] = { 404, "Not Found" },
	[VGD_HTTP_405] = { 405, "Method Not Allowed" },
	[VGD_HTTP_431] = { 431, "Request Header Fields Too Large" },
	[VGD_HTTP_500] = { 500, "Internal Server Error" },
	[VGD_HTTP_503] = { 503, "Service Unavailable" },
};

unsigned vgd_http_status(enum vgd_http_code c)
{
	return codes[c].status;
}

int vgd_http_parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len, char *err, size_t n)
{
	char host[64];
	const char *colon, *h = s;
	size_t hl;
	unsigned long port;
	char *end;

	memset(ss, 0, sizeof(*ss));
	if (*s == '[') {
		const char *rb = strchr(s, ']');

		if (!rb || rb[1] != ':') {
			snprintf(err, n, "'%s': an IPv6 address is written [ADDR]:PORT", s);
			return -1;
		}
		h = s + 1;
		hl = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon) {
			snprintf(err, n, "'%s': expected ADDR:PORT or [IPV6]:PORT", s);
			return -1;
		}
		hl = (size_t)(colon - s);
	}
	if (hl == 0 || hl >= sizeof(host)) {
		snprintf(err, n, "'%s': expected ADDR:PORT or [IPV6]:PORT", s);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = 0;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port == 0 || port > 65535) {
		snprintf(err, n, "'%s': the port must be 1-65535", s);
		return -1;
	}
	if (*s == '[') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1) {
			snprintf(err, n, "'%s': '%s' is not an IPv6 address", s, host);
			return -1;
		}
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, host, &a->sin_addr) != 1) {
			snprintf(err, n, "'%s': '%s' is not an IPv4 address (IPv6: [ADDR]:PORT)", s, host);
			return -1;
		}
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		*len = sizeof(*a);
	}
	return 0;
}

void vgd_http_init(struct vgd_http *h, int lfd, vgd_http_render_fn render, void *ctx)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	h->lfd = lfd;
	h->render = render;
	h->ctx = ctx;
	h->page_max = VGD_HTTP_PAGE_MAX;
	for (i = 0; i < VGD_HTTP_CLIENTS_MAX; i++)
		h->c[i].fd = -1;
}

int vgd_http_listen(struct vgd_http *h, const char *addr, char *err, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	if (vgd_http_parse_addr(addr, &ss, &len, err, n))
		return -1;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, n, "%s: socket: %s", addr, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 16)) {
		snprintf(err, n, "%s: %s", addr, strerror(errno));
		close(fd);
		return -1;
	}
	h->lfd = fd;
	return 0;
}

static void conn_close(struct vgd_http *h, struct vgd_http_conn *c)
{
	if (c->fd < 0)
		return;
	if (h->loop)
		vgl_loop_del_fd(h->loop, c->fd);
	close(c->fd);
	free(c->out);
	c->fd = -1;
	c->out = NULL;
	c->rlen = c->olen = c->off = 0;
	c->deadline = VG_TIME_NEVER;
}

/*
 * What the client sent beyond the head, read (a bounded amount) before the
 * close: closing with unread input resets the connection, and the client
 * may then lose the answer it was sent.
 */
static void drain(int fd)
{
	char junk[4096];
	int i;

	for (i = 0; i < 16; i++)
		if (recv(fd, junk, sizeof(junk), MSG_DONTWAIT) <= 0)
			return;
}

/* Write what the socket takes; closed when all is out or the peer is gone. */
static void conn_write(struct vgd_http *h, struct vgd_http_conn *c)
{
	while (c->off < c->olen) {
		ssize_t k = send(c->fd, c->out + c->off, c->olen - c->off, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return; /* the loop calls again when there is room */
		if (k <= 0) {
			conn_close(h, c);
			return;
		}
		c->off += (size_t)k;
	}
	shutdown(c->fd, SHUT_WR);
	drain(c->fd);
	conn_close(h, c);
}

/* The answer: status line, fields, and body (NULL: a short text saying the status). */
static void respond(struct vgd_http *h, struct vgd_http_conn *c, enum vgd_http_code code, const char *body,
		    size_t blen, bool head)
{
	char hdr[256], msg[64];
	int hl;

	h->n.responses[code]++;
	if (!body) {
		snprintf(msg, sizeof(msg), "%u %s\n", codes[code].status, codes[code].reason);
		body = msg;
		blen = strlen(msg);
	}
	hl = snprintf(hdr, sizeof(hdr),
		      "HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%sConnection: close\r\n\r\n",
		      codes[code].status, codes[code].reason,
		      code == VGD_HTTP_200 ? VGD_HTTP_CONTENT_TYPE : "text/plain; charset=utf-8", blen,
		      code == VGD_HTTP_405 ? "Allow: GET, HEAD\r\n" : "");
	if (head)
		blen = 0;
	c->out = malloc((size_t)hl + blen);
	if (!c->out) {
		conn_close(h, c);
		return;
	}
	memcpy(c->out, hdr, (size_t)hl);
	memcpy(c->out + hl, body, blen);
	c->olen = (size_t)hl + blen;
	c->off = 0;
	/* from now on only room to write wakes it: a client that keeps sending cannot spin the loop */
	if (h->loop && vgl_loop_fd_events(h->loop, c->fd, false, true)) {
		conn_close(h, c);
		return;
	}
	conn_write(h, c);
}

static bool tchar(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

/* The head is complete (c->req, NUL-terminated): answer it. */
static void serve(struct vgd_http *h, struct vgd_http_conn *c)
{
	char *sp1, *sp2, *eol, *target;
	size_t mlen, tlen;
	bool head;

	eol = strchr(c->req, '\n');
	if (!eol) {
		respond(h, c, VGD_HTTP_400, NULL, 0, false);
		return;
	}
	if (eol > c->req && eol[-1] == '\r')
		eol--;
	*eol = 0;
	sp1 = strchr(c->req, ' ');
	sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || sp1 == c->req || sp2 == sp1 + 1 || strncmp(sp2 + 1, "HTTP/1.", 7) || !sp2[8] ||
	    sp2[9]) {
		respond(h, c, VGD_HTTP_400, NULL, 0, false);
		return;
	}
	for (mlen = 0; c->req + mlen < sp1; mlen++)
		if (!tchar(c->req[mlen])) {
			respond(h, c, VGD_HTTP_400, NULL, 0, false);
			return;
		}
	target = sp1 + 1;
	tlen = strcspn(target, "? ");
	head = mlen == 4 && !memcmp(c->req, "HEAD", 4);
	if (!head && !(mlen == 3 && !memcmp(c->req, "GET", 3))) {
		respond(h, c, VGD_HTTP_405, NULL, 0, false);
		return;
	}
	if (tlen != 8 || memcmp(target, "/metrics", 8)) {
		respond(h, c, VGD_HTTP_404, NULL, 0, head);
		return;
	}
	{
		struct vgd_expo w;
		const char *page;
		size_t plen;

		vgd_expo_init(&w, h->page_max);
		h->render(h->ctx, &w);
		page = vgd_expo_text(&w, &plen);
		if (vgd_expo_failed(&w))
			respond(h, c, VGD_HTTP_500, NULL, 0, head);
		else
			respond(h, c, VGD_HTTP_200, page, plen, head);
		vgd_expo_free(&w);
	}
}

/* The end of the head: an empty line. */
static bool head_done(const struct vgd_http_conn *c)
{
	return strstr(c->req, "\r\n\r\n") || strstr(c->req, "\n\n") || strstr(c->req, "\n\r\n");
}

static void on_conn(void *ctx, int fd, vg_time now)
{
	struct vgd_http *h = ctx;
	struct vgd_http_conn *c = NULL;
	size_t i;

	(void)now;
	for (i = 0; i < VGD_HTTP_CLIENTS_MAX; i++)
		if (h->c[i].fd == fd)
			c = &h->c[i];
	if (!c)
		return;
	if (c->out) {
		conn_write(h, c);
		return;
	}
	for (;;) {
		ssize_t k = recv(fd, c->req + c->rlen, sizeof(c->req) - 1 - c->rlen, MSG_DONTWAIT);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (k <= 0) { /* gone before asking */
			conn_close(h, c);
			return;
		}
		c->rlen += (size_t)k;
		c->req[c->rlen] = 0;
		if (strlen(c->req) != c->rlen) { /* a NUL byte: not a request */
			respond(h, c, VGD_HTTP_400, NULL, 0, false);
			return;
		}
		if (head_done(c)) {
			serve(h, c);
			return;
		}
		if (c->rlen == sizeof(c->req) - 1) {
			respond(h, c, VGD_HTTP_431, NULL, 0, false);
			return;
		}
	}
}

/* Beyond the limit: a 503 that fits any socket buffer, then closed. */
static void refuse(struct vgd_http *h, int fd)
{
	static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

	h->n.responses[VGD_HTTP_503]++;
	if (send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		(void)0;
	close(fd);
}

static void on_listen(void *ctx, int lfd, vg_time now)
{
	struct vgd_http *h = ctx;
	int k;

	for (k = 0; k < ACCEPTS_PER_WAKEUP; k++) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		size_t i;

		if (fd < 0)
			return; /* EAGAIN, or an error the next wake-up sees again */
		h->n.accepted++;
		for (i = 0; i < VGD_HTTP_CLIENTS_MAX && h->c[i].fd >= 0; i++)
			;
		if (i == VGD_HTTP_CLIENTS_MAX || vgl_loop_add_fd(h->loop, fd, on_conn, h)) {
			refuse(h, fd);
			continue;
		}
		h->c[i].fd = fd;
		h->c[i].deadline = now + VGD_HTTP_TIMEOUT;
		h->c[i].rlen = 0;
		h->c[i].req[0] = 0;
	}
}

vg_time vgd_http_next(void *ctx)
{
	const struct vgd_http *h = ctx;
	vg_time t = VG_TIME_NEVER;
	size_t i;

	for (i = 0; i < VGD_HTTP_CLIENTS_MAX; i++)
		if (h->c[i].fd >= 0)
			t = vg_time_min(t, h->c[i].deadline);
	return t;
}

void vgd_http_fire(void *ctx, vg_time now)
{
	struct vgd_http *h = ctx;
	size_t i;

	for (i = 0; i < VGD_HTTP_CLIENTS_MAX; i++)
		if (h->c[i].fd >= 0 && h->c[i].deadline <= now) {
			h->n.timeouts++;
			conn_close(h, &h->c[i]);
		}
}

int vgd_http_start(struct vgd_http *h, struct vgl_loop *loop)
{
	h->loop = loop;
	if (h->lfd < 0 || vgl_loop_add_fd(loop, h->lfd, on_listen, h) ||
	    vgl_loop_add_deadline(loop, vgd_http_next, vgd_http_fire, h))
		return -1;
	return 0;
}

void vgd_http_close(struct vgd_http *h)
{
	size_t i;

	for (i = 0; i < VGD_HTTP_CLIENTS_MAX; i++)
		conn_close(h, &h->c[i]);
	if (h->lfd >= 0) {
		if (h->loop)
			vgl_loop_del_fd(h->loop, h->lfd);
		close(h->lfd);
	}
	h->lfd = -1;
}
