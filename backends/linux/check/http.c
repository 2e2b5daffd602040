/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: HTTP_GET and SSL_GET: one GET of one url, its response parsed by core/probe/http.c.
 *
 * keepalived's check_http.c / check_ssl.c, one url per probe (the core
 * walks the urls): connect; for SSL_GET a TLS handshake (check_tls.h: the
 * server certificate is not verified, as keepalived; SNI with enable_sni:
 * the url's virtualhost, else the checker's, else the virtual server's);
 * send vg_http_request_build()'s request (http_protocol 1.0 / 1.1 / 1.0C,
 * Host = the virtualhost in force, else the address and port probed);
 * read the response into the bounded incremental parser (status line and
 * headers at most VG_HTTP_HEAD_MAX bytes, body at most
 * VG_HTTP_BODY_MAX_DEFAULT; Content-Length, chunked and close-delimited
 * bodies), streaming the body's wire bytes (keepalived digests the raw
 * body, chunk framing included) into the MD5 and the PCRE2 regex of
 * backends/common/body.h. The outcome is the facts: status, whether a
 * header block came, the MD5, whether the regex matched. Each checker
 * judges them against its own url (status_code, digest, regex_no_match),
 * so checkers that differ only in what they accept share the probe.
 *
 * Sharing key: protocol, TLS and SNI name, path, the Host name (none: the
 * address and port, in the common options), whether the body is digested,
 * the regex with its options and offsets. The parameters hold nothing of
 * the destination (the request is made at start), so every real server
 * fetching the same url shares them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "check_tls.h"
#include "common/body.h"
#include "probe.h"
#include "probe/http.h"
#include "regex_stack.h"

#define READ_CHUNK 16384u

/*
 * What a url's probes share: nothing of the destination (its address and
 * port go in the request at start), so equal ones are kept once however
 * many real servers fetch the url (ops.params_shared).
 */
struct http_params {
	bool tls;
	bool digest;
	uint8_t proto;                /* enum vg_http_proto */
	SSL_CTX *ctx;                 /* the global context (not owned) */
	char *sni;                    /* NULL: none */
	char *vhost;                  /* the Host header's name, NULL: the address and port probed */
	struct vgb_regex *re;         /* owned */
	char path[];
};

enum phase { CONNECTING = 0, HANDSHAKE, SENDING, READING };

struct http_state {
	int fd;
	uint8_t phase;
	size_t sent;
	char *req;                    /* the request (request_of), its own allocation */
	size_t req_len;
	SSL *ssl;
	struct vgb_body *body;        /* NULL without digest and regex */
	struct vg_http_resp resp;
};

static const char *vhost_of(const struct vgc_probe_conf *c, bool sni)
{
	if (c->url && c->url->virtualhost)
		return c->url->virtualhost;
	if (c->ck && c->ck->virtualhost)
		return c->ck->virtualhost;
	/* keepalived's SNI skips the real server's virtualhost; its Host header does not */
	if (!sni && c->rs && c->rs->virtualhost)
		return c->rs->virtualhost;
	return c->vs ? c->vs->virtualhost : NULL;
}

static void params_free(void *pv)
{
	struct http_params *p = pv;

	if (!p)
		return;
	vgb_regex_free(p->re);
	free(p->sni);
	free(p->vhost);
	free(p);
}

/* The request to send to o->dst: its length in buf, or a VG_PROBE_E_* (< 0). */
static int request_of(const struct http_params *hp, const struct vgc_probe_opts *o, char *buf, size_t cap)
{
	char addr[64];
	bool v6 = o->dst.family == VG_AF_INET6;

	inet_ntop(v6 ? AF_INET6 : AF_INET, o->dst.bytes, addr, sizeof(addr));
	return vg_http_request_build(buf, cap, (enum vg_http_proto)hp->proto, hp->path, hp->vhost, addr, o->port, v6);
}

static int regex_opts(const struct vg_conf_url *u, uint32_t *opts, size_t *min, size_t *max, size_t *stack,
		      char *err, size_t n)
{
	const struct vg_conf_kv *kv;

	*opts = 0;
	*min = *max = 0;
	*stack = vgc_regex_stack_max(u);
	kv = u ? vg_conf_extra_find(u->extra, "regex_options") : NULL;
	for (uint32_t i = 0; kv && i < kv->args.count; i++) {
		uint32_t bit;

		if (vgb_regex_option(kv->args.items[i], &bit)) {
			snprintf(err, n, "%s:%u: unknown regex option '%s'", kv->loc.file ? kv->loc.file : "", kv->loc.line,
				 kv->args.items[i]);
			return -1;
		}
		*opts |= bit;
	}
	kv = u ? vg_conf_extra_find(u->extra, "regex_min_offset") : NULL;
	if (kv && kv->args.count)
		*min = strtoul(kv->args.items[0], NULL, 10);
	kv = u ? vg_conf_extra_find(u->extra, "regex_max_offset") : NULL;
	if (kv && kv->args.count)
		*max = strtoul(kv->args.items[0], NULL, 10);
	return 0;
}

static int http_prepare_any(const struct vgc_probe_conf *c, void **out, struct vgc_key *key, char *err, size_t n,
			    bool tls)
{
	struct http_params *p;
	enum vg_http_proto proto = VG_HTTP_1_0;
	char req[VG_HTTP_REQUEST_MAX];
	const char *vh = vhost_of(c, false), *path = c->url && c->url->path ? c->url->path : "/";
	int req_len;

	if (c->ck && c->ck->http_protocol && vg_http_proto_parse(c->ck->http_protocol, &proto)) {
		snprintf(err, n, "http_protocol '%s' is not 1.0, 1.1 or 1.0C", c->ck->http_protocol);
		return -1;
	}
	p = calloc(1, sizeof(*p) + strlen(path) + 1);
	if (!p) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	strcpy(p->path, path);
	p->proto = (uint8_t)proto;
	if (vh && !(p->vhost = strdup(vh))) {
		snprintf(err, n, "out of memory");
		goto fail;
	}
	/* what start will send, made once here to refuse what cannot be sent */
	req_len = request_of(p, c->opts, req, sizeof(req));
	if (req_len < 0) {
		snprintf(err, n, "url path or virtualhost cannot be sent (%s)", vg_probe_strerror(req_len));
		goto fail;
	}
	p->tls = tls;
	if (tls) {
		p->ctx = c->tls ? vgc_tls_ctx(c->tls) : NULL;
		if (!p->ctx) {
			snprintf(err, n, "no SSL context (see the SSL block error above)");
			goto fail;
		}
		if (c->ck && c->ck->enable_sni && vhost_of(c, true))
			p->sni = strdup(vhost_of(c, true));
	}
	p->digest = c->url_model && c->url_model->has_digest;
	if (c->url_regex) {
		uint32_t opts;
		size_t mn, mx, stack;
		char rerr[200];

		if (regex_opts(c->url, &opts, &mn, &mx, &stack, err, n))
			goto fail;
		p->re = vgb_regex_compile(c->url_regex, opts, mn, mx, rerr, sizeof(rerr));
		if (!p->re) {
			snprintf(err, n, "Invalid regex: '%s': %s", c->url_regex, rerr);
			goto fail;
		}
		vgc_key_str(key, c->url_regex);
		vgc_key_u32(key, opts);
		vgc_key_u32(key, (uint32_t)mn);
		vgc_key_u32(key, (uint32_t)mx);
		if (stack)
			vgb_regex_set_heap_limit(p->re, stack);
		vgc_key_u32(key, (uint32_t)(stack > UINT32_MAX ? UINT32_MAX : stack));
	} else {
		vgc_key_str(key, NULL);
	}
	vgc_key_u32(key, tls);
	vgc_key_str(key, p->sni);
	vgc_key_u32(key, p->digest);
	vgc_key_u32(key, p->proto);
	vgc_key_str(key, p->path);
	vgc_key_str(key, p->vhost); /* none: the address and port, in the common options */
	*out = p;
	return 0;
fail:
	params_free(p);
	return -1;
}

static int http_prepare(const struct vgc_probe_conf *c, void **out, struct vgc_key *key, char *err, size_t n)
{
	return http_prepare_any(c, out, key, err, n, false);
}

static int ssl_prepare(const struct vgc_probe_conf *c, void **out, struct vgc_key *key, char *err, size_t n)
{
	return http_prepare_any(c, out, key, err, n, true);
}

static int http_start(struct vgc_probe *p, vg_time now)
{
	struct http_state *s = p->state;
	const struct http_params *hp = p->params;
	char req[VG_HTTP_REQUEST_MAX];
	int req_len = request_of(hp, p->opts, req, sizeof(req));

	if (req_len < 0 || !(s->req = malloc((size_t)req_len))) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s",
			       req_len < 0 ? "url path or virtualhost cannot be sent" : "out of memory");
		return -1;
	}
	memcpy(s->req, req, (size_t)req_len);
	s->req_len = (size_t)req_len;
	s->fd = vgc_probe_socket(p, AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, EPOLLOUT);
	if (s->fd < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "Error connecting (%s)", strerror(errno));
		return -1;
	}
	if (vgc_probe_connect(p, s->fd) < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "Connection failed (%s)", strerror(errno));
		return -1;
	}
	vg_http_resp_init(&s->resp, VG_HTTP_BODY_MAX_DEFAULT, VG_HTTP_BODY_WIRE);
	if (hp->digest || hp->re) {
		s->body = malloc(sizeof(*s->body));
		if (!s->body || vgb_body_init(s->body, hp->digest, hp->re)) {
			free(s->body);
			s->body = NULL;
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "out of memory");
			return -1;
		}
	}
	s->phase = CONNECTING;
	return 0;
}

static void finish(struct vgc_probe *p, vg_time now, bool head_only_eof)
{
	struct http_state *s = p->state;
	struct vgc_probe_outcome o = { .outcome = VG_LVS_PROBE_HTTP };

	(void)head_only_eof;
	o.http_status = s->resp.status;
	o.no_data = !s->resp.head_done;
	if (s->resp.err && s->resp.err != VG_PROBE_E_TRUNCATED && s->resp.head_done) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "HTTP body framing error to (%s)", vg_probe_strerror(s->resp.err));
		return;
	}
	if (s->body) {
		vgb_body_final(s->body, o.md5, &o.regex_matched);
		o.has_md5 = true;
		if (s->body->failed) {
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "out of memory");
			return;
		}
	}
	if (o.no_data)
		snprintf(o.why, sizeof(o.why), "Read, no data received from");
	vgc_probe_done(p, &o, now);
}

/* Feed what was read; true once the message is complete or the parser failed. */
static bool feed(struct vgc_probe *p, const uint8_t *buf, size_t len)
{
	struct http_state *s = p->state;

	while (len && !s->resp.done) {
		struct vg_probe_span body = { 0 };
		ssize_t k = vg_http_resp_feed(&s->resp, buf, len, &body);

		if (k < 0)
			return true;
		if (body.len && s->body)
			vgb_body_update(s->body, body.p, body.len);
		buf += k;
		len -= (size_t)k;
		if (k == 0)
			break;
	}
	return s->resp.done;
}

static void on_eof(struct vgc_probe *p, vg_time now)
{
	struct http_state *s = p->state;

	vg_http_resp_eof(&s->resp);
	finish(p, now, true);
}

/* TLS: what the last SSL_* call wants; false if it failed. */
static bool tls_want(struct vgc_probe *p, int r, vg_time now, const char *what)
{
	struct http_state *s = p->state;
	int e = SSL_get_error(s->ssl, r);

	if (e == SSL_ERROR_WANT_READ) {
		vgc_probe_watch(p, s->fd, EPOLLIN);
		return true;
	}
	if (e == SSL_ERROR_WANT_WRITE) {
		vgc_probe_watch(p, s->fd, EPOLLOUT);
		return true;
	}
	if (e == SSL_ERROR_ZERO_RETURN && s->phase == READING) {
		on_eof(p, now);
		return false;
	}
	if (e == SSL_ERROR_SYSCALL && s->phase == READING && s->resp.head_done) {
		on_eof(p, now); /* closed without close_notify: the body ends at close */
		return false;
	}
	{
		unsigned long le = ERR_get_error();
		char eb[120] = "";

		if (le)
			ERR_error_string_n(le, eb, sizeof(eb));
		ERR_clear_error();
		if (s->phase == READING && !s->resp.head_done) {
			struct vgc_probe_outcome o = { .outcome = VG_LVS_PROBE_HTTP, .no_data = true };

			snprintf(o.why, sizeof(o.why), "Read, no data received from");
			vgc_probe_done(p, &o, now);
			return false;
		}
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "SSL handshake/communication error (%s %s)", what,
			       eb[0] ? eb : e == SSL_ERROR_SYSCALL ? strerror(errno) : "error");
	}
	return false;
}

static void do_send(struct vgc_probe *p, vg_time now)
{
	struct http_state *s = p->state;

	while (s->sent < s->req_len) {
		ssize_t k;

		if (s->ssl) {
			int r = SSL_write(s->ssl, s->req + s->sent, (int)(s->req_len - s->sent));

			if (r <= 0) {
				tls_want(p, r, now, "write");
				return;
			}
			k = r;
		} else {
			k = send(s->fd, s->req + s->sent, s->req_len - s->sent, MSG_NOSIGNAL);
			if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
				vgc_probe_watch(p, s->fd, EPOLLOUT);
				return;
			}
			if (k < 0) {
				vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "Cannot send get request to (%s)", strerror(errno));
				return;
			}
		}
		s->sent += (size_t)k;
	}
	s->phase = READING;
	vgc_probe_watch(p, s->fd, EPOLLIN);
}

static void do_read(struct vgc_probe *p, vg_time now)
{
	struct http_state *s = p->state;
	uint8_t buf[READ_CHUNK];

	for (int rounds = 0; rounds < 4; rounds++) {
		ssize_t k;

		if (s->ssl) {
			int r = SSL_read(s->ssl, buf, sizeof(buf));

			if (r <= 0) {
				tls_want(p, r, now, "read");
				return;
			}
			k = r;
		} else {
			k = recv(s->fd, buf, sizeof(buf), 0);
			if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				return;
			if (k < 0) {
				if (!s->resp.head_done) {
					struct vgc_probe_outcome o = { .outcome = VG_LVS_PROBE_HTTP, .no_data = true };

					snprintf(o.why, sizeof(o.why), "Read error with (%s)", strerror(errno));
					vgc_probe_done(p, &o, now);
				} else {
					on_eof(p, now); /* a reset after the head: the body ends there */
				}
				return;
			}
			if (k == 0) {
				on_eof(p, now);
				return;
			}
		}
		if (feed(p, buf, (size_t)k)) {
			finish(p, now, false);
			return;
		}
	}
}

static void do_handshake(struct vgc_probe *p, vg_time now)
{
	struct http_state *s = p->state;
	int r = SSL_connect(s->ssl);

	if (r == 1) {
		s->phase = SENDING;
		do_send(p, now);
		return;
	}
	tls_want(p, r, now, "handshake");
}

static void http_ready(struct vgc_probe *p, int fd, uint32_t events, vg_time now)
{
	struct http_state *s = p->state;
	const struct http_params *hp = p->params;

	(void)fd;
	switch (s->phase) {
	case CONNECTING: {
		int e = vgc_probe_connect_result(s->fd, events);

		if (e) {
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "Error connecting (%s)", strerror(e));
			return;
		}
		if (hp->tls) {
			s->ssl = SSL_new(hp->ctx);
			if (!s->ssl || SSL_set_fd(s->ssl, s->fd) != 1) {
				vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "SSL_new() failed");
				return;
			}
			if (hp->sni)
				SSL_set_tlsext_host_name(s->ssl, hp->sni);
			SSL_set_quiet_shutdown(s->ssl, 1);
			s->phase = HANDSHAKE;
			do_handshake(p, now);
			return;
		}
		s->phase = SENDING;
		do_send(p, now);
		return;
	}
	case HANDSHAKE:
		do_handshake(p, now);
		return;
	case SENDING:
		do_send(p, now);
		return;
	default:
		do_read(p, now);
		return;
	}
}

static void http_timeout(struct vgc_probe *p, vg_time now)
{
	struct http_state *s = p->state;
	static const char *const what[] = { "Timeout connecting", "Timeout connecting", "Timeout WEB write",
					    "Timeout HTTP read" };

	vgc_probe_fail(p, now, VG_LVS_PROBE_TIMEOUT, "%s", what[s->phase & 3]);
}

static void http_cleanup(struct vgc_probe *p)
{
	struct http_state *s = p->state;

	if (s->ssl)
		SSL_free(s->ssl);
	s->ssl = NULL;
	free(s->req);
	s->req = NULL;
	if (s->body) {
		vgb_body_free(s->body);
		free(s->body);
		s->body = NULL;
	}
}

const struct vgc_probe_ops vgc_probe_http = {
	.type = VG_LVS_CHECK_HTTP,
	.name = "HTTP_GET",
	.state_size = sizeof(struct http_state),
	.prepare = http_prepare,
	.params_shared = true,
	.params_free = params_free,
	.start = http_start,
	.ready = http_ready,
	.timeout = http_timeout,
	.cleanup = http_cleanup,
};

const struct vgc_probe_ops vgc_probe_ssl = {
	.type = VG_LVS_CHECK_SSL,
	.name = "SSL_GET",
	.state_size = sizeof(struct http_state),
	.prepare = ssl_prepare,
	.params_shared = true,
	.params_free = params_free,
	.start = http_start,
	.ready = http_ready,
	.timeout = http_timeout,
	.cleanup = http_cleanup,
};
