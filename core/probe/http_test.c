// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the HTTP_GET request builder, response parser and verdict.
 *
 * Inputs are byte-exact; most are fed three ways (whole, one byte at a
 * time, in 7-byte pieces) and must give the same result. Rules cite RFC
 * 9112 (HTTP/1.1 message syntax), RFC 9110 (semantics) and keepalived's
 * check_http.c (request text, verdict order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "probe/http.h"

struct res {
	int err;       /* first error of feed, or of eof if `eof` */
	bool done;
	uint16_t status;
	uint8_t framing;
	size_t consumed;
	char body[4096];
	size_t body_len;
};

/* Feed `len` bytes in pieces of `step` (0: all at once); then EOF if `eof`. */
static struct res run_step(const char *text, size_t len, size_t step, uint32_t flags, bool eof)
{
	struct res out = { 0 };
	struct vg_http_resp r;
	size_t off = 0;

	vg_http_resp_init(&r, 2048, flags);
	while (off < len && !r.done) {
		size_t n = step ? (len - off < step ? len - off : step) : len - off;
		const uint8_t *p = (const uint8_t *)text + off;
		size_t left = n;

		while (left) {
			struct vg_probe_span b;
			ssize_t k = vg_http_resp_feed(&r, p, left, &b);

			if (k < 0) {
				out.err = (int)k;
				goto end;
			}
			assert_true(b.len <= (size_t)k);
			if (b.len) {
				assert_true(b.p >= p && b.p + b.len <= p + k);
				assert_true(out.body_len + b.len <= sizeof(out.body));
				memcpy(out.body + out.body_len, b.p, b.len);
				out.body_len += b.len;
			}
			if (k == 0) {
				assert_true(r.done); /* no progress only when done */
				break;
			}
			p += k;
			left -= (size_t)k;
			off += (size_t)k;
		}
	}
	if (eof)
		out.err = vg_http_resp_eof(&r);
end:
	out.done = r.done;
	out.status = r.status;
	out.framing = r.framing;
	out.consumed = off;
	return out;
}

/* All three splits agree; return the whole-buffer one. */
static struct res run(const char *text, uint32_t flags, bool eof)
{
	size_t len = strlen(text);
	struct res a = run_step(text, len, 0, flags, eof);
	struct res b = run_step(text, len, 1, flags, eof);
	struct res c = run_step(text, len, 7, flags, eof);

	assert_int_equal(a.err, b.err);
	assert_int_equal(a.err, c.err);
	assert_int_equal(a.done, b.done);
	assert_int_equal(a.done, c.done);
	assert_int_equal(a.status, b.status);
	assert_int_equal(a.body_len, b.body_len);
	assert_int_equal(a.body_len, c.body_len);
	assert_memory_equal(a.body, b.body, a.body_len);
	assert_memory_equal(a.body, c.body, a.body_len);
	return a;
}

/* keepalived check_http.c request_template, http_protocol 1.0 (default) */
static void test_request_1_0(void **state)
{
	char buf[256];
	const char *want = "GET /index.html HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"
			   "Host: 10.0.0.2:80\r\n\r\n";
	int n;

	(void)state;
	n = vg_http_request_build(buf, sizeof(buf), VG_HTTP_1_0, "/index.html", NULL, "10.0.0.2", 80, false);
	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(buf, want);
}

/* 1.1 and 1.0C add "Connection: close"; a virtualhost is the Host, without a port */
static void test_request_1_1_vhost(void **state)
{
	char buf[256];
	enum vg_http_proto p;

	(void)state;
	assert_true(vg_http_request_build(buf, sizeof(buf), VG_HTTP_1_1, "/", "www.example.com", "10.0.0.2", 8080,
					  false) > 0);
	assert_string_equal(buf, "GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
				 "Host: www.example.com\r\n\r\n");
	assert_true(vg_http_request_build(buf, sizeof(buf), VG_HTTP_1_0C, "/a?b=c", NULL, "2001:db8::1", 443, true) >
		    0);
	assert_string_equal(buf, "GET /a?b=c HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
				 "Host: [2001:db8::1]:443\r\n\r\n");
	assert_int_equal(vg_http_proto_parse("1.0C", &p), 0);
	assert_int_equal(p, VG_HTTP_1_0C);
	assert_int_equal(vg_http_proto_parse("1.1", &p), 0);
	assert_int_equal(p, VG_HTTP_1_1);
	assert_int_equal(vg_http_proto_parse("2", &p), VG_PROBE_E_INVAL);
}

/* request splitting: CR, LF, SP in a path or host are refused; a short buffer is NOSPACE */
static void test_request_refuses(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(vg_http_request_build(buf, sizeof(buf), VG_HTTP_1_0, "/a\r\nX: y", NULL, "h", 80, false),
			 VG_PROBE_E_INVAL);
	assert_int_equal(vg_http_request_build(buf, sizeof(buf), VG_HTTP_1_0, "/a b", NULL, "h", 80, false),
			 VG_PROBE_E_INVAL);
	assert_int_equal(vg_http_request_build(buf, sizeof(buf), VG_HTTP_1_0, "", NULL, "h", 80, false),
			 VG_PROBE_E_INVAL);
	assert_int_equal(vg_http_request_build(buf, sizeof(buf), VG_HTTP_1_0, "/", "a\nb", "h", 80, false),
			 VG_PROBE_E_INVAL);
	assert_int_equal(vg_http_request_build(buf, 20, VG_HTTP_1_0, "/", NULL, "h", 80, false), VG_PROBE_E_NOSPACE);
}

/* RFC 9112 4 status-line; 6.3 item 6 Content-Length body */
static void test_content_length(void **state)
{
	struct res r;

	(void)state;
	r = run("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello", 0, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.framing, VG_HTTP_FRAMING_LENGTH);
	assert_int_equal(r.body_len, 5);
	assert_memory_equal(r.body, "hello", 5);
}

/* Bytes after the message are not part of it. */
static void test_stops_at_message_end(void **state)
{
	const char *t = "HTTP/1.0 404 Not Found\r\nContent-Length: 2\r\n\r\nabEXTRA";
	struct res r = run_step(t, strlen(t), 0, 0, false);

	(void)state;
	assert_true(r.done);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.consumed, strlen(t) - 5);
	assert_int_equal(r.body_len, 2);
}

/* RFC 9112 2.2: a bare LF ends a line; a bare CR is invalid */
static void test_line_ends(void **state)
{
	struct res r;

	(void)state;
	r = run("HTTP/1.1 200 OK\nContent-Length: 1\n\nx", 0, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	r = run("HTTP/1.1 200 OK\rContent-Length: 1\r\n\r\nx", 0, false);
	assert_int_equal(r.err, VG_PROBE_E_MALFORMED);
	r = run("HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n", 0, false);
	assert_int_equal(r.err, VG_PROBE_E_MALFORMED);
}

/* RFC 9112 4: HTTP-version SP 3DIGIT SP [reason-phrase]; RFC 9112 2.3 major version 1 */
static void test_status_line(void **state)
{
	struct res r;

	(void)state;
	r = run("HTTP/1.1 204\r\n\r\n", 0, false); /* no reason phrase, no SP: accepted */
	assert_int_equal(r.err, 0);
	assert_int_equal(r.status, 204);
	assert_true(r.done);
	r = run("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", 0, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	assert_int_equal(run("HTTP/2.0 200 OK\r\n\r\n", 0, false).err, VG_PROBE_E_UNSUPPORTED);
	assert_int_equal(run("HTTP/1.1 20\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 2000 OK\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 2x0 OK\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 099 OK\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("http/1.1 200 OK\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("\r\nHTTP/1.1 200 OK\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 O\001K\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
}

/* RFC 9112 5.1 no whitespace between name and colon; 5.2 obs-fold rejected */
static void test_field_syntax(void **state)
{
	(void)state;
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\n: b\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nA: b\001\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	/* a name longer than the kept buffer is fine */
	assert_int_equal(run("HTTP/1.1 200 OK\r\nX-A-Very-Long-Header-Name-That-Goes-On-And-On-And-On-For-More-Than-"
			     "Sixty-Four-Bytes: 1\r\nContent-Length: 0\r\n\r\n",
			     0, false)
				 .err,
			 0);
}

/* RFC 9112 6.3 item 5: differing Content-Length values are unrecoverable; RFC 9110 8.6 lists */
static void test_content_length_rules(void **state)
{
	struct res r;

	(void)state;
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx", 0, false).err,
			 VG_PROBE_E_MALFORMED);
	r = run("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nxy", 0, false);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.body_len, 2);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length: 1,\r\n\r\n", 0, false).err, VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", 0, false).err,
			 VG_PROBE_E_TOO_LARGE);
	/* a Content-Length over the body limit (2048 here) fails before the body */
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length: 2049\r\n\r\n", 0, false).err, VG_PROBE_E_TOO_LARGE);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length: 2048\r\n\r\n", 0, false).err, 0);
	/* case-insensitive name (RFC 9110 5.1) */
	r = run("HTTP/1.1 200 OK\r\ncontent-LENGTH:3\r\n\r\nabc", 0, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
}

/* RFC 9112 7.1 chunked coding, 7.1.1 extensions, 7.1.2 trailer section */
static void test_chunked(void **state)
{
	struct res r;

	(void)state;
	r = run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		"5;name=value;x=\"q\"\r\nhello\r\n"
		"1A \t; ext\r\nabcdefghijklmnopqrstuvwxyz\r\n"
		"0\r\nTrailer-A: 1\r\nTrailer-B: 2\r\n\r\n",
		0, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	assert_int_equal(r.framing, VG_HTTP_FRAMING_CHUNKED);
	assert_int_equal(r.body_len, 31);
	assert_memory_equal(r.body, "helloabcdefghijklmnopqrstuvwxyz", 31);
	/* last-chunk may be several zeros; no trailers */
	r = run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n000\r\n\r\n", 0, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	assert_int_equal(r.body_len, 0);
}

static void test_chunked_errors(void **state)
{
	(void)state;
	/* chunk-data not followed by CRLF */
	assert_int_equal(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 0, false).err,
			 VG_PROBE_E_MALFORMED);
	/* chunk-size = 1*HEXDIG */
	assert_int_equal(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n;x\r\n", 0, false).err,
			 VG_PROBE_E_MALFORMED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\nhello\r\n", 0, false).err,
			 VG_PROBE_E_MALFORMED);
	/* a size past the body limit (2048 here) or 64 bits */
	assert_int_equal(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n801\r\n", 0, false).err,
			 VG_PROBE_E_TOO_LARGE);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n", 0, false)
				 .err,
			 VG_PROBE_E_TOO_LARGE);
	/* Transfer-Encoding / Content-Length in a trailer do not frame anything (RFC 9110 6.5.1) */
	assert_int_equal(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\n\r\n", 0,
			     false)
				 .err,
			 0);
	/* the server closes inside a chunk */
	assert_int_equal(run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", 0, true).err,
			 VG_PROBE_E_TRUNCATED);
}

/* RFC 9112 6.3 item 3: Transfer-Encoding overrides Content-Length; chunked must be final, else close */
static void test_transfer_encoding_rules(void **state)
{
	struct res r;

	(void)state;
	r = run("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, CHUNKED\r\n\r\n1\r\nz\r\n0\r\n\r\n",
		0, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	assert_int_equal(r.framing, VG_HTTP_FRAMING_CHUNKED);
	r = run("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nrawbytes", 0, true);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.framing, VG_HTTP_FRAMING_CLOSE);
	assert_int_equal(r.body_len, 8);
}

/* VG_HTTP_BODY_WIRE: every byte after the header block, as keepalived digests it */
static void test_wire_body(void **state)
{
	const char *body = "5;e=1\r\nhello\r\n0\r\nT: v\r\n\r\n";
	char text[256];
	struct res r;

	(void)state;
	snprintf(text, sizeof(text), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%s", body);
	r = run(text, VG_HTTP_BODY_WIRE, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	assert_int_equal(r.body_len, strlen(body));
	assert_memory_equal(r.body, body, strlen(body));
	r = run("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc", VG_HTTP_BODY_WIRE, false);
	assert_int_equal(r.body_len, 3);
}

/* RFC 9112 6.3 item 8: no framing: the body ends at close; RFC 9112 6.3 item 1: 204/304 */
static void test_close_delimited(void **state)
{
	struct res r;

	(void)state;
	r = run("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil close", 0, false);
	assert_int_equal(r.err, 0);
	assert_false(r.done);
	r = run("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil close", 0, true);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	assert_int_equal(r.body_len, 11);
	r = run("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 0, false);
	assert_int_equal(r.err, 0);
	assert_true(r.done);
	assert_int_equal(r.framing, VG_HTTP_FRAMING_NONE);
	/* the body limit (2048 here) */
	{
		char *t = malloc(3000);
		struct res big;

		strcpy(t, "HTTP/1.0 200 OK\r\n\r\n");
		memset(t + strlen(t), 'a', 2100);
		t[19 + 2100] = '\0';
		big = run_step(t, strlen(t), 0, 0, false);
		assert_int_equal(big.err, VG_PROBE_E_TOO_LARGE);
		free(t);
	}
}

/* EOF: before the head -> truncated (keepalived "no data"); a short Content-Length body -> truncated */
static void test_eof(void **state)
{
	(void)state;
	assert_int_equal(run("", 0, true).err, VG_PROBE_E_TRUNCATED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-", 0, true).err, VG_PROBE_E_TRUNCATED);
	assert_int_equal(run("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", 0, true).err, VG_PROBE_E_TRUNCATED);
}

/* RFC 9110 15.2: 1xx interim responses before the final one; 101 is not something we asked for */
static void test_interim(void **state)
{
	struct res r;

	(void)state;
	r = run("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
		0, false);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, 2);
	assert_int_equal(run("HTTP/1.1 101 Switching\r\n\r\n", 0, false).err, VG_PROBE_E_UNSUPPORTED);
	assert_int_equal(run("HTTP/1.1 100 C\r\n\r\nHTTP/1.1 100 C\r\n\r\nHTTP/1.1 100 C\r\n\r\n"
			     "HTTP/1.1 100 C\r\n\r\nHTTP/1.1 100 C\r\n\r\n",
			     0, false)
				 .err,
			 VG_PROBE_E_TOO_LARGE);
}

/*
 * Bound test: a 1 MiB header that never ends, 1 MiB of header lines, an
 * endless chunk stream and an endless chunk extension each end in an error
 * after at most the limit's bytes: the parser never waits for more.
 */
static ssize_t feed_all(struct vg_http_resp *r, const uint8_t *p, size_t len, size_t *consumed)
{
	struct vg_probe_span b;
	size_t off = 0;

	while (off < len) {
		ssize_t k = vg_http_resp_feed(r, p + off, len - off, &b);

		if (k <= 0)
			return k;
		off += (size_t)k;
		*consumed = off;
	}
	return 0;
}

static void test_hostile_bounds(void **state)
{
	size_t mib = 1u << 20, used = 0;
	uint8_t *buf = malloc(mib + 256);
	struct vg_http_resp r;
	size_t h;

	(void)state;
	assert_non_null(buf);
	/* one header line of 1 MiB */
	h = (size_t)sprintf((char *)buf, "HTTP/1.1 200 OK\r\nX-Junk: ");
	memset(buf + h, 'a', mib);
	vg_http_resp_init(&r, VG_HTTP_BODY_MAX_DEFAULT, 0);
	assert_int_equal(feed_all(&r, buf, h + mib, &used), VG_PROBE_E_TOO_LARGE);
	assert_true(used <= VG_HTTP_HEAD_MAX);
	assert_int_equal(vg_http_resp_feed(&r, buf, 1, &(struct vg_probe_span){ 0 }), VG_PROBE_E_TOO_LARGE);
	/* 1 MiB of short header lines */
	for (size_t i = h; i + 5 <= h + mib; i += 5)
		memcpy(buf + i, "A:b\r\n", 5);
	vg_http_resp_init(&r, VG_HTTP_BODY_MAX_DEFAULT, 0);
	used = 0;
	assert_int_equal(feed_all(&r, buf, h + mib, &used), VG_PROBE_E_TOO_LARGE);
	assert_true(used <= h + 5 * VG_HTTP_FIELDS_MAX + 5);
	/* an endless chunk stream: 1 MiB of "1\r\nx\r\n" against a 64 KiB body limit */
	h = (size_t)sprintf((char *)buf, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	for (size_t i = h; i + 6 <= h + mib; i += 6)
		memcpy(buf + i, "1\r\nx\r\n", 6);
	vg_http_resp_init(&r, 65536, 0);
	used = 0;
	assert_int_equal(feed_all(&r, buf, h + mib, &used), VG_PROBE_E_TOO_LARGE);
	assert_true(r.body_bytes <= 65536);
	/* an endless chunk extension */
	memcpy(buf + h, "1;", 2);
	memset(buf + h + 2, 'e', mib - 2);
	vg_http_resp_init(&r, 65536, 0);
	used = 0;
	assert_int_equal(feed_all(&r, buf, h + mib, &used), VG_PROBE_E_TOO_LARGE);
	assert_true(used <= h + VG_HTTP_CHUNK_LINE_MAX);
	/* an endless trailer */
	memcpy(buf + h, "0\r\nT: ", 6);
	memset(buf + h + 6, 't', mib - 6);
	vg_http_resp_init(&r, 65536, 0);
	used = 0;
	assert_int_equal(feed_all(&r, buf, h + mib, &used), VG_PROBE_E_TOO_LARGE);
	assert_true(used <= h + VG_HTTP_HEAD_MAX);
	free(buf);
}

/* keepalived http_handle_response(): no data, status, digest, regex, in that order */
static void test_verdict(void **state)
{
	struct vg_lvs_url url;
	struct vg_http_outcome o = { .head_done = true, .status = 200 };

	(void)state;
	memset(&url, 0, sizeof(url));
	vg_lvs_status_default(url.status);
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_OK);
	o.status = 299;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_OK);
	o.status = 300;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_BAD_STATUS);
	o.status = 199;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_BAD_STATUS);
	o.status = 200;
	o.err = VG_PROBE_E_TRUNCATED; /* keepalived logs the length mismatch, passes */
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_OK);
	o.err = VG_PROBE_E_MALFORMED;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_BAD_BODY);
	o.err = 0;
	url.has_digest = true;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_BAD_DIGEST);
	o.digest_ok = true;
	url.has_regex = true;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_BAD_REGEX);
	o.regex_matched = true;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_OK);
	url.regex_no_match = true;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_BAD_REGEX);
	o.head_done = false;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_NO_DATA);
	assert_string_equal(vg_http_verdict_text(VG_HTTP_BAD_STATUS), "HTTP status code error to");
	assert_int_equal(vg_lvs_status_parse("404,500-502", url.status), 0);
	o.head_done = true;
	o.regex_matched = false;
	o.status = 501;
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_OK);
	assert_string_equal(vg_probe_strerror(VG_PROBE_E_TOO_LARGE), "too-large");
	assert_true(sizeof(struct vg_http_resp) <= 256); /* the memory bound the DOC promises */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_1_0),
		cmocka_unit_test(test_request_1_1_vhost),
		cmocka_unit_test(test_request_refuses),
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_stops_at_message_end),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_field_syntax),
		cmocka_unit_test(test_content_length_rules),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_chunked_errors),
		cmocka_unit_test(test_transfer_encoding_rules),
		cmocka_unit_test(test_wire_body),
		cmocka_unit_test(test_close_delimited),
		cmocka_unit_test(test_eof),
		cmocka_unit_test(test_interim),
		cmocka_unit_test(test_hostile_bounds),
		cmocka_unit_test(test_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
