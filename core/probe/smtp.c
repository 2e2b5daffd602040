/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: SMTP reply parser (RFC 5321 4.2) and keepalived's SMTP_CHECK dialogue.
 *
 * See smtp.h. The reply parser reads code, separator and text byte by byte
 * and keeps nothing of the text: constant memory, constant work per byte.
 */
#include "probe/smtp.h"

#include <assert.h>
#include <string.h>

void vg_smtp_reply_init(struct vg_smtp_reply *r)
{
	memset(r, 0, sizeof(*r));
}

static ssize_t reply_fail(struct vg_smtp_reply *r, int err)
{
	r->err = err;
	return err;
}

/* RFC 5321 4.2: Reply-code = %x32-35 %x30-35 %x30-39 */
static bool code_digit_ok(unsigned pos, uint8_t c)
{
	if (pos == 0)
		return c >= '2' && c <= '5';
	if (pos == 1)
		return c >= '0' && c <= '5';
	return c >= '0' && c <= '9';
}

ssize_t vg_smtp_reply_feed(struct vg_smtp_reply *r, const uint8_t *in, size_t len)
{
	size_t i;

	if (r->err)
		return r->err;
	for (i = 0; i < len && !r->done; i++) {
		uint8_t c = in[i];

		if (++r->line_bytes > VG_SMTP_LINE_MAX)
			return reply_fail(r, VG_PROBE_E_TOO_LARGE);
		if (r->cr && c != '\n')
			return reply_fail(r, VG_PROBE_E_MALFORMED); /* RFC 5321 2.3.8: CR only in CRLF */
		if (c == '\r') {
			r->cr = true;
			continue;
		}
		r->cr = false;
		if (r->pos < 3) {
			if (!code_digit_ok(r->pos, c))
				return reply_fail(r, VG_PROBE_E_MALFORMED);
			if (r->pos == 0)
				r->line_code = 0;
			r->line_code = (uint16_t)(r->line_code * 10 + (c - '0'));
			r->pos++;
			continue;
		}
		if (r->pos == 3) {
			/* RFC 5321 4.2.1: all lines of a multi-line reply carry the same code */
			if (r->lines > 0 && r->line_code != r->code)
				return reply_fail(r, VG_PROBE_E_MALFORMED);
			r->code = r->line_code;
			if (++r->lines > VG_SMTP_LINES_MAX)
				return reply_fail(r, VG_PROBE_E_TOO_LARGE);
			if (c == '-') {
				r->pos = 4; /* more lines follow */
				continue;
			}
			if (c == ' ') {
				r->pos = 5; /* the last line */
				continue;
			}
			if (c == '\n') {
				r->done = true; /* "220" CRLF: the text is optional */
				continue;
			}
			return reply_fail(r, VG_PROBE_E_MALFORMED);
		}
		/* text: HT, SP, printable (RFC 5321 4.2 textstring); 8-bit bytes tolerated */
		if (c == '\n') {
			if (r->pos == 5) {
				r->done = true;
			} else {
				r->pos = 0;
				r->line_bytes = 0;
			}
			continue;
		}
		if ((c < ' ' && c != '\t') || c == 0x7f)
			return reply_fail(r, VG_PROBE_E_MALFORMED);
	}
	return (ssize_t)i;
}

static bool helo_ok(const char *s)
{
	size_t n = 0;

	while (n <= VG_SMTP_HELO_MAX && s[n])
		n++;

	if (n == 0 || n > VG_SMTP_HELO_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((uint8_t)s[i] <= ' ' || (uint8_t)s[i] == 0x7f)
			return false;
	return true;
}

int vg_smtp_check_init(struct vg_smtp_check *c, const char *helo_name)
{
	memset(c, 0, sizeof(*c));
	c->helo_name = helo_name ? helo_name : VG_SMTP_DEFAULT_HELO;
	c->state = VG_SMTP_WAIT_GREETING;
	vg_smtp_reply_init(&c->reply);
	if (!helo_ok(c->helo_name)) {
		c->state = VG_SMTP_FAILED;
		c->err = VG_PROBE_E_INVAL;
		return VG_PROBE_E_INVAL;
	}
	return 0;
}

static void check_fail(struct vg_smtp_check *c, enum vg_smtp_fail f, int err)
{
	c->state = VG_SMTP_FAILED;
	c->fail = (uint8_t)f;
	c->err = err;
	c->to_send = false;
}

ssize_t vg_smtp_check_feed(struct vg_smtp_check *c, const uint8_t *in, size_t len)
{
	ssize_t n;

	if (c->state == VG_SMTP_FAILED)
		return c->err ? c->err : VG_PROBE_E_REFUSED;
	if (c->state == VG_SMTP_DONE_OK || c->to_send)
		return 0; /* nothing is expected before the command is sent */
	n = vg_smtp_reply_feed(&c->reply, in, len);
	if (n < 0) {
		check_fail(c, VG_SMTP_FAIL_SYNTAX, (int)n);
		return n;
	}
	if (!c->reply.done)
		return n;
	c->last_code = c->reply.code;
	vg_smtp_reply_init(&c->reply);
	switch (c->state) {
	case VG_SMTP_WAIT_GREETING:
		if (c->last_code != 220) {
			check_fail(c, VG_SMTP_FAIL_GREETING, VG_PROBE_E_REFUSED);
			return VG_PROBE_E_REFUSED;
		}
		c->state = VG_SMTP_WAIT_HELO;
		c->to_send = true;
		break;
	case VG_SMTP_WAIT_HELO:
		if (c->last_code != 250) {
			check_fail(c, VG_SMTP_FAIL_HELO, VG_PROBE_E_REFUSED);
			return VG_PROBE_E_REFUSED;
		}
		c->state = VG_SMTP_WAIT_QUIT;
		c->to_send = true;
		break;
	case VG_SMTP_WAIT_QUIT:
		c->quit_code = c->last_code; /* keepalived accepts any reply here */
		c->state = VG_SMTP_DONE_OK;
		break;
	default:
		assert(0);
	}
	return n;
}

void vg_smtp_check_eof(struct vg_smtp_check *c)
{
	if (c->state == VG_SMTP_DONE_OK || c->state == VG_SMTP_FAILED)
		return;
	check_fail(c, VG_SMTP_FAIL_CLOSED, VG_PROBE_E_TRUNCATED);
}

int vg_smtp_check_output(struct vg_smtp_check *c, char *buf, size_t cap)
{
	size_t n;

	if (!c->to_send)
		return 0;
	if (c->state == VG_SMTP_WAIT_HELO) {
		size_t h = strlen(c->helo_name);

		n = 5 + h + 2;
		if (cap < n + 1)
			return VG_PROBE_E_NOSPACE;
		memcpy(buf, "HELO ", 5); /* RFC 5321 4.1.1.1 */
		memcpy(buf + 5, c->helo_name, h);
		memcpy(buf + 5 + h, "\r\n", 3);
	} else {
		assert(c->state == VG_SMTP_WAIT_QUIT);
		n = 6;
		if (cap < n + 1)
			return VG_PROBE_E_NOSPACE;
		memcpy(buf, "QUIT\r\n", 7); /* RFC 5321 4.1.1.10 */
	}
	c->to_send = false;
	return (int)n;
}

const char *vg_smtp_fail_text(enum vg_smtp_fail f)
{
	switch (f) {
	case VG_SMTP_FAIL_NONE:
		return "";
	case VG_SMTP_FAIL_GREETING:
		return "Bad greeting banner from server";
	case VG_SMTP_FAIL_HELO:
		return "Bad HELO response from server";
	case VG_SMTP_FAIL_SYNTAX:
		return "Bad SMTP reply from server";
	case VG_SMTP_FAIL_CLOSED:
		return "Read failure from server";
	}
	return "?";
}
