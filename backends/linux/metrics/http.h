/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the metrics endpoint's HTTP server: GET /metrics on the event loop.
 *
 * One listening socket and at most VGD_HTTP_CLIENTS_MAX connections, all
 * non-blocking, on vigild's loop (loop.h): no thread, nothing that waits.
 * A connection reads one request head of at most VGD_HTTP_REQ_MAX bytes,
 * gets one answer and is closed (Connection: close). Every connection has
 * VGD_HTTP_TIMEOUT from its accept to the last byte of the answer; past it
 * it is closed, so a client that sends slowly or never reads (or a
 * thousand of them) costs the loop a few slots and the page buffers, never
 * a wait: a connection beyond the limit is answered 503 at once and
 * closed. GET and HEAD of /metrics (a query string is ignored) answer 200
 * with the page the render function writes (text format 0.0.4, expo.h);
 * another path 404, another method 405 (Allow: GET, HEAD), a malformed
 * request 400, an oversized head 431, a page past its limit 500.
 */
#ifndef VGD_METRICS_HTTP_H
#define VGD_METRICS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "base/time.h"
#include "expo.h"
#include "loop.h"

#define VGD_HTTP_CLIENTS_MAX 4
#define VGD_HTTP_REQ_MAX 4096
#define VGD_HTTP_TIMEOUT VG_S(10)
#define VGD_HTTP_PAGE_MAX (64u << 20)
#define VGD_HTTP_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* Writes the page into w (called once per GET /metrics). */
typedef void (*vgd_http_render_fn)(void *ctx, struct vgd_expo *w);

struct vgd_http_conn {
	int fd; /* -1: free */
	vg_time deadline;
	size_t rlen;
	char req[VGD_HTTP_REQ_MAX];
	char *out; /* the answer being written (NULL: still reading) */
	size_t olen, off;
};

enum vgd_http_code { VGD_HTTP_200, VGD_HTTP_400, VGD_HTTP_404, VGD_HTTP_405, VGD_HTTP_431, VGD_HTTP_500,
		     VGD_HTTP_503, VGD_HTTP__CODES };

struct vgd_http_stats {
	uint64_t accepted;
	uint64_t timeouts;                  /* closed at their deadline */
	uint64_t responses[VGD_HTTP__CODES];
};

struct vgd_http {
	int lfd;
	struct vgl_loop *loop;
	vgd_http_render_fn render;
	void *ctx;
	size_t page_max;
	struct vgd_http_conn c[VGD_HTTP_CLIENTS_MAX];
	struct vgd_http_stats n;
};

/* The status number of a code (200, 404, ...). */
unsigned vgd_http_status(enum vgd_http_code c);

/*
 * "ADDR:PORT" or "[IPV6]:PORT" (an IPv6 address needs its brackets) into
 * ss. 0, or -1 with a message in err.
 */
int vgd_http_parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len, char *err, size_t n);

/* The server on an already listening socket (tests pass a Unix socket), or -1 for none yet. */
void vgd_http_init(struct vgd_http *h, int lfd, vgd_http_render_fn render, void *ctx);
/* Bind and listen on addr (vgd_http_parse_addr syntax). 0, or -1 with a message in err. */
int vgd_http_listen(struct vgd_http *h, const char *addr, char *err, size_t n);
/* Register the listening socket and the deadline with the loop. 0 or -1. */
int vgd_http_start(struct vgd_http *h, struct vgl_loop *loop);
/* Close every connection and the listening socket. */
void vgd_http_close(struct vgd_http *h);

/* The loop's deadline source (exported for the tests). */
vg_time vgd_http_next(void *ctx);
void vgd_http_fire(void *ctx, vg_time now);

#endif
