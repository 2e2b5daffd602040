/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: HTTP_GET / SSL_GET: the request, the response parser, the url verdict.
 *
 * Request (keepalived's check_http.c http_request()): one line
 * "GET <path> HTTP/1.<v>", "User-Agent: KeepAliveClient", with
 * http_protocol 1.1 and 1.0C "Connection: close", then "Host:" naming the
 * url's (else the checker's, real server's, virtual server's) virtualhost
 * without a port, or else the address and port probed ("[v6]:port").
 *
 * Response: `struct vg_http_resp` is an incremental parser of one HTTP/1.x
 * response (RFC 9112): it is fed the bytes as they arrive, split anywhere,
 * and hands back the body bytes as spans of the input. It keeps no line: it
 * keeps the header names and values it needs (Content-Length,
 * Transfer-Encoding) in small fixed buffers and counts the rest, so a
 * response costs sizeof(struct vg_http_resp) (under 256 bytes) whatever
 * the server sends, and each byte costs constant work. Limits (errors, never
 * waits): the status line and header block together VG_HTTP_HEAD_MAX bytes
 * and VG_HTTP_FIELDS_MAX lines, a chunk-size line VG_HTTP_CHUNK_LINE_MAX,
 * the trailer section as the header block, VG_HTTP_INTERIM_MAX 1xx
 * responses, and the body `body_max` bytes (the wire bytes of a chunked
 * body at most 2 * body_max + VG_HTTP_HEAD_MAX).
 *
 * Body framing, RFC 9112 6.3: 1xx, 204 and 304 have none; a
 * Transfer-Encoding whose final coding is chunked is chunked (7.1, with
 * chunk extensions and trailer fields), any other Transfer-Encoding ends
 * at close; else a valid Content-Length; else the body ends at close.
 *
 * Body bytes: by default the decoded body (chunk framing removed). With
 * VG_HTTP_BODY_WIRE the parser hands back every byte after the header
 * block up to the end of the message, chunk framing and trailers included:
 * that is what keepalived digests and matches (it does not decode chunked
 * bodies), so a `digest` computed with genhash still matches. The backend
 * uses VG_HTTP_BODY_WIRE for HTTP_GET and SSL_GET.
 *
 * Verdict (check_http.c http_handle_response()): no complete header block
 * -> "no data"; status not in the url's status_code set (default 200-299)
 * -> status error; digest set and the body's MD5 differs -> digest error;
 * regex set and matched == regex_no_match -> regex error; else ok. MD5 and
 * PCRE2 are not in core: backends/common/body.h computes them from the
 * spans this parser returns.
 */
#ifndef VG_PROBE_HTTP_H
#define VG_PROBE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t */

#include "lvs/checker.h" /* struct vg_lvs_url */
#include "probe/probe.h"

#define VG_HTTP_HEAD_MAX       16384u /* status line + header fields, bytes */
#define VG_HTTP_FIELDS_MAX     100u   /* header (or trailer) field lines */
#define VG_HTTP_CHUNK_LINE_MAX 4096u  /* chunk-size [chunk-ext] line, bytes */
#define VG_HTTP_INTERIM_MAX    4u     /* 1xx responses before the final one */
#define VG_HTTP_VALUE_MAX      64u    /* kept value of Content-Length / Transfer-Encoding */
#define VG_HTTP_BODY_MAX_DEFAULT (8u << 20)
#define VG_HTTP_REQUEST_MAX    2048u  /* a request vg_http_request_build writes */

/* http_protocol */
enum vg_http_proto {
	VG_HTTP_1_0 = 0, /* "GET .. HTTP/1.0", no Connection header (keepalived's default) */
	VG_HTTP_1_1,     /* "GET .. HTTP/1.1" + "Connection: close" */
	VG_HTTP_1_0C,    /* "GET .. HTTP/1.0" + "Connection: close" */
};

/* "1.0", "1.1", "1.0C" (also "1.0c"); 0 or VG_PROBE_E_INVAL. */
int vg_http_proto_parse(const char *text, enum vg_http_proto *out);

/*
 * Write the GET request for `path` into buf (NUL-terminated). `vhost` is the
 * virtualhost in force (NULL: none), else the Host header is `addr`:`port`
 * (`addr` in brackets when is_ipv6). Returns the length written (no NUL),
 * VG_PROBE_E_INVAL for a path / vhost / addr with a control character or
 * space (request splitting) or an empty path, VG_PROBE_E_NOSPACE if buf is
 * too small.
 */
int vg_http_request_build(char *buf, size_t cap, enum vg_http_proto proto, const char *path,
			  const char *vhost, const char *addr, uint16_t port, bool is_ipv6);

#define VG_HTTP_BODY_WIRE 1u /* flag: hand back the body's wire bytes (see DOC) */

enum vg_http_framing {
	VG_HTTP_FRAMING_NONE = 0, /* not known yet, or 1xx/204/304: no body */
	VG_HTTP_FRAMING_LENGTH,   /* Content-Length */
	VG_HTTP_FRAMING_CHUNKED,
	VG_HTTP_FRAMING_CLOSE,    /* until the server closes */
};

struct vg_http_resp {
	/* results, valid once head_done */
	uint16_t status;         /* 100..999 as sent */
	uint8_t version_minor;   /* HTTP/1.<minor> */
	bool head_done;          /* the final response's header block is complete */
	bool done;               /* the whole message is complete */
	uint8_t framing;         /* enum vg_http_framing */
	uint64_t content_length; /* framing LENGTH */
	uint64_t body_bytes;     /* decoded body bytes so far */
	uint64_t wire_bytes;     /* every byte consumed */
	int err;                 /* sticky error, 0 if none */
	/* parser state (private) */
	uint32_t body_max;
	uint32_t flags;
	uint8_t state;
	uint8_t field;           /* which header is being read (private enum) */
	bool cr;                 /* a CR was just read; the next byte must be LF */
	bool in_trailer;
	bool have_cl;
	bool te_chunked;         /* the final coding of the last Transfer-Encoding is chunked */
	bool have_te;
	uint8_t interim;         /* 1xx responses seen */
	uint8_t nlen;            /* bytes in buf */
	uint32_t line_bytes;     /* of the current chunk line */
	uint32_t head_bytes;     /* of the current header / trailer block */
	uint32_t fields;         /* lines of the current header / trailer block */
	uint64_t remaining;      /* of the Content-Length body or of the current chunk */
	char buf[VG_HTTP_VALUE_MAX]; /* status line start, a header name, or a kept value */
};

void vg_http_resp_init(struct vg_http_resp *r, uint32_t body_max, uint32_t flags);

/*
 * Feed `len` bytes. Returns how many were consumed (>= 0), or a negative
 * VG_PROBE_E_* (then the parser stays failed: every later call returns it).
 * `body` gets the body bytes among the consumed ones (a span of `in`,
 * length 0 if none): the parser stops after each body span, so the caller
 * loops, passing the rest of its buffer, until everything is consumed or
 * r->done. Consumes 0 bytes only when len is 0 or r->done (bytes after the
 * message are not part of it).
 * Errors: MALFORMED, TOO_LARGE, UNSUPPORTED (a major version other than 1,
 * 101 Switching Protocols).
 */
ssize_t vg_http_resp_feed(struct vg_http_resp *r, const uint8_t *in, size_t len, struct vg_probe_span *body);

/*
 * The server closed the connection. Returns 0 when that ends the message
 * (it was complete, or its body ends at close), VG_PROBE_E_TRUNCATED when
 * the header block was complete but the body was not (r->done stays false),
 * or the parser's error / VG_PROBE_E_TRUNCATED when no header block arrived.
 */
int vg_http_resp_eof(struct vg_http_resp *r);

/* What the backend learned from one url's probe. */
struct vg_http_outcome {
	bool head_done;    /* vg_http_resp.head_done */
	int err;           /* the parser's error after the head (0, TRUNCATED, MALFORMED, ...) */
	uint16_t status;
	bool digest_ok;    /* the body's MD5 equals url->digest (ignored without a digest) */
	bool regex_matched; /* the body matched the url's regex (ignored without a regex) */
};

enum vg_http_verdict {
	VG_HTTP_OK = 0,
	VG_HTTP_NO_DATA,     /* no complete header block */
	VG_HTTP_BAD_STATUS,  /* status not accepted */
	VG_HTTP_BAD_DIGEST,
	VG_HTTP_BAD_REGEX,
	VG_HTTP_BAD_BODY,    /* the body's framing broke (not a keepalived failure, see docs/lvs.md) */
};

enum vg_http_verdict vg_http_verdict(const struct vg_lvs_url *url, const struct vg_http_outcome *o);
/* keepalived's log words: "HTTP status code error to", "MD5 digest error to", ... */
const char *vg_http_verdict_text(enum vg_http_verdict v);

#endif
