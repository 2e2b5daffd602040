/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: HTTP_GET request builder, incremental HTTP/1.x response parser, url verdict.
 *
 * See http.h for the contract. The parser is one byte-driven state machine;
 * body data is taken in runs. Line ends are CRLF or a bare LF (RFC 9112
 * 2.2 lets a recipient accept LF); a CR not followed by LF is malformed.
 */
#include "probe/http.h"

#include <assert.h>
#include <string.h>

enum {
	S_STATUS = 0,   /* collecting "HTTP/1.x NNN" into buf */
	S_REASON,       /* skipping the reason phrase */
	S_LINE_START,   /* at the start of a header / trailer line */
	S_NAME,         /* in a field name */
	S_VALUE,        /* in a field value */
	S_BODY_LENGTH,
	S_BODY_CLOSE,
	S_CHUNK_SIZE,   /* hex digits */
	S_CHUNK_EXT,    /* after the size: BWS, extensions, up to LF */
	S_CHUNK_DATA,
	S_CHUNK_END,    /* the CRLF after chunk data */
	S_DONE,
};

enum { F_OTHER = 0, F_CL, F_TE };

static bool is_tchar(uint8_t c)
{
	/* RFC 9110 5.6.2 token */
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* ASCII case-insensitive equality of n bytes (field names and codings, RFC 9110 5.1). */
static bool ieq(const char *a, const char *lower, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = a[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lower[i])
			return false;
	}
	return true;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int vg_http_proto_parse(const char *text, enum vg_http_proto *out)
{
	if (!text || !out)
		return VG_PROBE_E_INVAL;
	if (strcmp(text, "1.0") == 0)
		*out = VG_HTTP_1_0;
	else if (strcmp(text, "1.1") == 0)
		*out = VG_HTTP_1_1;
	else if (strcmp(text, "1.0C") == 0 || strcmp(text, "1.0c") == 0)
		*out = VG_HTTP_1_0C;
	else
		return VG_PROBE_E_INVAL;
	return 0;
}

/* A request-target or host may not carry controls or spaces (request splitting). */
static bool clean(const char *s)
{
	for (; *s; s++)
		if ((uint8_t)*s <= ' ' || (uint8_t)*s == 0x7f)
			return false;
	return true;
}

struct out {
	char *p;
	size_t cap, len;
	bool full;
};

static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->full || o->len + n >= o->cap) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

int vg_http_request_build(char *buf, size_t cap, enum vg_http_proto proto, const char *path,
			  const char *vhost, const char *addr, uint16_t port, bool is_ipv6)
{
	struct out o = { .p = buf, .cap = cap };
	char portbuf[8];
	unsigned p = port;
	int i = (int)sizeof(portbuf) - 1;

	if (!buf || !path || !*path || !clean(path) || proto > VG_HTTP_1_0C)
		return VG_PROBE_E_INVAL;
	if (vhost ? (!*vhost || !clean(vhost)) : (!addr || !*addr || !clean(addr)))
		return VG_PROBE_E_INVAL;
	if (cap == 0)
		return VG_PROBE_E_NOSPACE;
	buf[0] = '\0';
	put(&o, "GET ");
	put(&o, path);
	put(&o, proto == VG_HTTP_1_1 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n");
	put(&o, "User-Agent: KeepAliveClient\r\n");
	if (proto != VG_HTTP_1_0)
		put(&o, "Connection: close\r\n");
	put(&o, "Host: ");
	if (vhost) {
		put(&o, vhost); /* keepalived: a virtualhost carries no port */
	} else {
		portbuf[i] = '\0';
		do {
			portbuf[--i] = (char)('0' + p % 10);
			p /= 10;
		} while (p);
		portbuf[--i] = ':';
		if (is_ipv6)
			put(&o, "["); /* RFC 3986 3.2.2 IP-literal */
		put(&o, addr);
		if (is_ipv6)
			put(&o, "]");
		put(&o, portbuf + i);
	}
	put(&o, "\r\n\r\n");
	if (o.full)
		return VG_PROBE_E_NOSPACE;
	return (int)o.len;
}

void vg_http_resp_init(struct vg_http_resp *r, uint32_t body_max, uint32_t flags)
{
	memset(r, 0, sizeof(*r));
	r->body_max = body_max;
	r->flags = flags;
	r->state = S_STATUS;
}

static int fail(struct vg_http_resp *r, int err)
{
	r->err = err;
	return err;
}

/* "HTTP/1.x NNN" in buf[0..12). RFC 9112 4: status-line = HTTP-version SP status-code SP [reason-phrase] */
static int parse_status(struct vg_http_resp *r)
{
	const char *b = r->buf;

	if (r->nlen < 12 || memcmp(b, "HTTP/", 5) != 0 || b[6] != '.' || b[8] != ' ')
		return VG_PROBE_E_MALFORMED;
	if (b[5] < '0' || b[5] > '9' || b[7] < '0' || b[7] > '9')
		return VG_PROBE_E_MALFORMED;
	if (b[5] != '1')
		return VG_PROBE_E_UNSUPPORTED; /* RFC 9112 2.3: only HTTP/1.x is this syntax */
	for (int i = 9; i < 12; i++)
		if (b[i] < '0' || b[i] > '9')
			return VG_PROBE_E_MALFORMED;
	if (b[9] == '0')
		return VG_PROBE_E_MALFORMED; /* RFC 9110 15: status codes are 100..599 (first digit 1-5) */
	r->version_minor = (uint8_t)(b[7] - '0');
	r->status = (uint16_t)((b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0'));
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* RFC 9112 6.3 item 5 / RFC 9110 8.6: 1*DIGIT, or a list of identical values. */
static int parse_cl(struct vg_http_resp *r, const char *s, size_t n)
{
	uint64_t first = 0;
	bool have = false;

	while (n) {
		size_t k = 0;
		uint64_t v = 0;
		const char *e;

		while (k < n && s[k] != ',')
			k++;
		e = s;
		size_t m = k;
		trim(&e, &m);
		if (m == 0 || m > 18)
			return m ? VG_PROBE_E_TOO_LARGE : VG_PROBE_E_MALFORMED;
		for (size_t i = 0; i < m; i++) {
			if (e[i] < '0' || e[i] > '9')
				return VG_PROBE_E_MALFORMED;
			v = v * 10 + (uint64_t)(e[i] - '0');
		}
		if (have && v != first)
			return VG_PROBE_E_MALFORMED;
		first = v;
		have = true;
		if (k == n)
			break;
		s += k + 1;
		n -= k + 1;
		if (n == 0)
			return VG_PROBE_E_MALFORMED;
	}
	if (!have)
		return VG_PROBE_E_MALFORMED;
	if (r->have_cl && r->content_length != first)
		return VG_PROBE_E_MALFORMED; /* RFC 9112 6.3 item 5: differing lengths */
	r->have_cl = true;
	r->content_length = first;
	return 0;
}

/* RFC 9112 6.1: is the final transfer coding of this field "chunked"? */
static int parse_te(struct vg_http_resp *r, const char *s, size_t n)
{
	const char *last = s;
	size_t lastn = n;

	for (size_t i = 0; i < n; i++)
		if (s[i] == ',') {
			last = s + i + 1;
			lastn = n - i - 1;
		}
	/* drop transfer parameters: coding ;param */
	for (size_t i = 0; i < lastn; i++)
		if (last[i] == ';') {
			lastn = i;
			break;
		}
	trim(&last, &lastn);
	r->have_te = true;
	r->te_chunked = lastn == 7 && ieq(last, "chunked", 7);
	return 0;
}

static int end_value(struct vg_http_resp *r)
{
	const char *v = r->buf;
	size_t n = r->nlen;

	trim(&v, &n);
	if (r->field == F_CL)
		return parse_cl(r, v, n);
	if (r->field == F_TE)
		return parse_te(r, v, n);
	return 0;
}

static int enter_body_state(struct vg_http_resp *r)
{
	unsigned s = r->status;

	r->head_done = true;
	if ((s >= 100 && s < 200) || s == 204 || s == 304) {
		r->framing = VG_HTTP_FRAMING_NONE;
		r->state = S_DONE;
		r->done = true;
	} else if (r->have_te) {
		/* RFC 9112 6.3 item 3: Transfer-Encoding overrides Content-Length */
		r->framing = r->te_chunked ? VG_HTTP_FRAMING_CHUNKED : VG_HTTP_FRAMING_CLOSE;
		r->state = r->te_chunked ? S_CHUNK_SIZE : S_BODY_CLOSE;
		r->remaining = 0;
		r->line_bytes = 0;
	} else if (r->have_cl) {
		if (r->content_length > r->body_max)
			return VG_PROBE_E_TOO_LARGE; /* the body limit, known before the body */
		r->framing = VG_HTTP_FRAMING_LENGTH;
		r->remaining = r->content_length;
		r->state = r->remaining ? S_BODY_LENGTH : S_DONE;
		r->done = r->remaining == 0;
	} else {
		r->framing = VG_HTTP_FRAMING_CLOSE; /* RFC 9112 6.3 item 8 */
		r->state = S_BODY_CLOSE;
	}
	return 0;
}

/* The empty line ending a header block or trailer section. */
static int end_block(struct vg_http_resp *r)
{
	if (r->in_trailer) {
		r->state = S_DONE;
		r->done = true;
		return 0;
	}
	if (r->status >= 100 && r->status < 200) {
		/* RFC 9110 15.2: interim responses precede the final one */
		if (r->status == 101)
			return VG_PROBE_E_UNSUPPORTED;
		if (++r->interim > VG_HTTP_INTERIM_MAX)
			return VG_PROBE_E_TOO_LARGE;
		r->state = S_STATUS;
		r->nlen = 0;
		r->head_bytes = 0;
		r->fields = 0;
		r->have_cl = r->have_te = r->te_chunked = false;
		r->content_length = 0;
		return 0;
	}
	return enter_body_state(r);
}

/* One byte of the status line or a header / trailer field line. */
static int head_byte(struct vg_http_resp *r, uint8_t c)
{
	int err;

	if (++r->head_bytes > VG_HTTP_HEAD_MAX)
		return VG_PROBE_E_TOO_LARGE;
	if (r->cr && c != '\n')
		return VG_PROBE_E_MALFORMED; /* RFC 9112 2.2: bare CR */
	if (c == '\r') {
		r->cr = true;
		return 0;
	}
	r->cr = false;
	switch (r->state) {
	case S_STATUS:
		if (c == '\n')
			return VG_PROBE_E_MALFORMED; /* shorter than "HTTP/1.1 200" */
		r->buf[r->nlen++] = (char)c;
		if (r->nlen == 12) {
			err = parse_status(r);
			if (err)
				return err;
			r->state = S_REASON;
		}
		return 0;
	case S_REASON:
		/* SP reason-phrase, or nothing (RFC 9112 4: "SP [reason-phrase]", some send no SP) */
		if (r->nlen == 12 && c != ' ' && c != '\n')
			return VG_PROBE_E_MALFORMED; /* the code is three digits */
		r->nlen = 13;
		if (c == '\n') {
			r->state = S_LINE_START;
			r->nlen = 0;
		} else if (c < ' ' && c != '\t') {
			return VG_PROBE_E_MALFORMED;
		}
		return 0;
	case S_LINE_START:
		if (c == '\n')
			return end_block(r);
		if (c == ' ' || c == '\t')
			return VG_PROBE_E_MALFORMED; /* RFC 9112 5.2: obs-fold, rejected */
		if (++r->fields > VG_HTTP_FIELDS_MAX)
			return VG_PROBE_E_TOO_LARGE;
		r->state = S_NAME;
		r->nlen = 0;
		r->field = F_OTHER;
		/* fall through */
	case S_NAME:
		if (c == ':') {
			if (r->nlen == 0)
				return VG_PROBE_E_MALFORMED;
			r->field = F_OTHER;
			if (r->nlen == 14 && ieq(r->buf, "content-length", 14))
				r->field = F_CL;
			else if (r->nlen == 17 && ieq(r->buf, "transfer-encoding", 17))
				r->field = F_TE;
			/* RFC 9110 6.5: those two in a trailer are not for framing */
			if (r->in_trailer)
				r->field = F_OTHER;
			r->state = S_VALUE;
			r->nlen = 0;
			return 0;
		}
		if (!is_tchar(c))
			return VG_PROBE_E_MALFORMED; /* RFC 9112 5.1: no whitespace before the colon */
		if (r->nlen < sizeof(r->buf))
			r->buf[r->nlen] = (char)c;
		if (r->nlen < 255)
			r->nlen++; /* a long name is none we keep */
		if (r->nlen > 17 && r->nlen < 255)
			r->nlen = 255;
		return 0;
	case S_VALUE:
		if (c == '\n') {
			err = end_value(r);
			r->state = S_LINE_START;
			r->nlen = 0;
			return err;
		}
		if ((c < ' ' && c != '\t') || c == 0x7f)
			return VG_PROBE_E_MALFORMED; /* RFC 9110 5.5: field-value */
		if (r->field != F_OTHER) {
			if (r->nlen >= sizeof(r->buf))
				return VG_PROBE_E_TOO_LARGE;
			r->buf[r->nlen++] = (char)c;
		}
		return 0;
	default:
		assert(0);
		return VG_PROBE_E_MALFORMED;
	}
}

/* One byte of a chunk-size line or the CRLF after chunk data (RFC 9112 7.1). */
static int chunk_byte(struct vg_http_resp *r, uint8_t c)
{
	if (++r->line_bytes > VG_HTTP_CHUNK_LINE_MAX)
		return VG_PROBE_E_TOO_LARGE;
	if (r->cr && c != '\n')
		return VG_PROBE_E_MALFORMED;
	if (c == '\r') {
		r->cr = true;
		return 0;
	}
	r->cr = false;
	if (r->state == S_CHUNK_END) {
		if (c != '\n')
			return VG_PROBE_E_MALFORMED; /* chunk-data must be followed by CRLF */
		r->state = S_CHUNK_SIZE;
		r->line_bytes = 0;
		r->nlen = 0;
		return 0;
	}
	if (r->state == S_CHUNK_SIZE) {
		int h = hexval(c);

		if (h >= 0) {
			if (++r->nlen > 16 || r->remaining > r->body_max)
				return VG_PROBE_E_TOO_LARGE;
			r->remaining = r->remaining * 16 + (uint64_t)h;
			return 0;
		}
		if (r->nlen == 0)
			return VG_PROBE_E_MALFORMED; /* chunk-size = 1*HEXDIG */
		r->state = S_CHUNK_EXT;
		r->field = 0; /* no ';' yet */
	}
	/* S_CHUNK_EXT: BWS ";" name [ "=" value ], skipped up to the line end (7.1.1) */
	if (c == '\n') {
		r->line_bytes = 0;
		r->nlen = 0;
		if (r->remaining == 0) {
			/* last-chunk: the trailer section follows (7.1.2) */
			r->in_trailer = true;
			r->state = S_LINE_START;
			r->head_bytes = 0;
			r->fields = 0;
			return 0;
		}
		if (r->body_bytes + r->remaining > r->body_max)
			return VG_PROBE_E_TOO_LARGE;
		r->state = S_CHUNK_DATA;
		return 0;
	}
	if ((c < ' ' && c != '\t') || c == 0x7f)
		return VG_PROBE_E_MALFORMED;
	if (c == ';')
		r->field = 1;
	else if (!r->field && c != ' ' && c != '\t')
		return VG_PROBE_E_MALFORMED; /* only BWS between chunk-size and ";" */
	return 0;
}

ssize_t vg_http_resp_feed(struct vg_http_resp *r, const uint8_t *in, size_t len, struct vg_probe_span *body)
{
	size_t i = 0;
	size_t wire_from = SIZE_MAX; /* first body-phase byte of this call (VG_HTTP_BODY_WIRE) */
	uint64_t wire_limit = 2 * (uint64_t)r->body_max + VG_HTTP_HEAD_MAX * 2u;
	int err = 0;

	body->p = in;
	body->len = 0;
	if (r->err)
		return r->err;
	while (i < len && r->state != S_DONE) {
		uint8_t st = r->state;

		if ((st >= S_BODY_LENGTH || r->in_trailer) && wire_from == SIZE_MAX)
			wire_from = i;
		if (st == S_BODY_LENGTH || st == S_CHUNK_DATA || st == S_BODY_CLOSE) {
			size_t n = len - i;

			if (st != S_BODY_CLOSE && n > r->remaining)
				n = (size_t)r->remaining;
			if (st == S_BODY_CLOSE && r->body_bytes + n > r->body_max)
				return fail(r, VG_PROBE_E_TOO_LARGE);
			body->p = in + i;
			body->len = n;
			i += n;
			r->body_bytes += n;
			if (st != S_BODY_CLOSE)
				r->remaining -= n;
			if (st == S_BODY_LENGTH && r->remaining == 0) {
				r->state = S_DONE;
				r->done = true;
			} else if (st == S_CHUNK_DATA && r->remaining == 0) {
				r->state = S_CHUNK_END;
				r->line_bytes = 0;
			}
			break; /* one body span per call */
		}
		if (st == S_CHUNK_SIZE || st == S_CHUNK_EXT || st == S_CHUNK_END)
			err = chunk_byte(r, in[i]);
		else
			err = head_byte(r, in[i]);
		i++;
		if (err)
			return fail(r, err);
	}
	r->wire_bytes += i;
	if (r->framing == VG_HTTP_FRAMING_CHUNKED && r->wire_bytes > wire_limit)
		return fail(r, VG_PROBE_E_TOO_LARGE);
	if ((r->flags & VG_HTTP_BODY_WIRE) && wire_from != SIZE_MAX) {
		body->p = in + wire_from;
		body->len = i - wire_from;
	}
	assert(i <= len);
	assert(!r->done || r->head_done);
	return (ssize_t)i;
}

int vg_http_resp_eof(struct vg_http_resp *r)
{
	if (r->err)
		return r->err;
	if (r->done)
		return 0;
	if (r->state == S_BODY_CLOSE) {
		r->state = S_DONE;
		r->done = true;
		return 0;
	}
	return VG_PROBE_E_TRUNCATED;
}

enum vg_http_verdict vg_http_verdict(const struct vg_lvs_url *url, const struct vg_http_outcome *o)
{
	if (!o->head_done)
		return VG_HTTP_NO_DATA; /* keepalived: "Read, no data received from" */
	if (!vg_lvs_status_has(url->status, o->status))
		return VG_HTTP_BAD_STATUS;
	/* keepalived logs a Content-Length mismatch and goes on: TRUNCATED is not a failure */
	if (o->err && o->err != VG_PROBE_E_TRUNCATED)
		return VG_HTTP_BAD_BODY;
	if (url->has_digest && !o->digest_ok)
		return VG_HTTP_BAD_DIGEST;
	if (url->has_regex && o->regex_matched == url->regex_no_match)
		return VG_HTTP_BAD_REGEX;
	return VG_HTTP_OK;
}

const char *vg_http_verdict_text(enum vg_http_verdict v)
{
	switch (v) {
	case VG_HTTP_OK:
		return "HTTP status code success to";
	case VG_HTTP_NO_DATA:
		return "Read, no data received from";
	case VG_HTTP_BAD_STATUS:
		return "HTTP status code error to";
	case VG_HTTP_BAD_DIGEST:
		return "MD5 digest error to";
	case VG_HTTP_BAD_REGEX:
		return "Regex match failed";
	case VG_HTTP_BAD_BODY:
		return "HTTP body framing error to";
	}
	return "?";
}
