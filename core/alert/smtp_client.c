/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the SMTP client of e-mail alerts: one message, one connection.
 *
 * See smtp_client.h. Replies are read with core/probe/smtp.h's parser (a
 * multi-line reply counts once, with the code of its lines); each stage
 * expects one code, as keepalived 2.2.7 does: 220, 250, 250, 250 per RCPT,
 * 354, 250; QUIT takes any reply.
 */
#include "alert/smtp_client.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const uint16_t expected[] = {
	[VG_SMTPC_BANNER] = 220, /* RFC 5321 4.3.2: connection establishment S: 220 */
	[VG_SMTPC_HELO] = 250,   /* 4.3.2: HELO S: 250 */
	[VG_SMTPC_MAIL] = 250,   /* 4.3.2: MAIL S: 250 */
	[VG_SMTPC_RCPT] = 250,   /* 4.3.2: RCPT S: 250, 251 (keepalived takes 250 only) */
	[VG_SMTPC_DATA] = 354,   /* 4.3.2: DATA I: 354 */
	[VG_SMTPC_BODY] = 250,   /* 4.3.2: DATA -> 354 data -> S: 250 */
};

const char *vg_smtpc_stage_name(enum vg_smtpc_stage s)
{
	switch (s) {
	case VG_SMTPC_BANNER: return "(E)SMTP";
	case VG_SMTPC_HELO: return "HELO";
	case VG_SMTPC_MAIL: return "MAIL";
	case VG_SMTPC_RCPT: return "RCPT";
	case VG_SMTPC_DATA: return "DATA";
	case VG_SMTPC_BODY: return "BODY";
	case VG_SMTPC_QUIT: return "QUIT";
	default: return "?";
	}
}

static void out_set(struct vg_smtpc *c, const char *fmt, const char *arg)
{
	int n = snprintf(c->out, sizeof(c->out), fmt, arg);

	assert(n > 0 && (size_t)n < sizeof(c->out)); /* names are bounded by VG_MAIL_NAME_MAX */
	c->out_len = (size_t)n;
	c->out_off = 0;
}

static void fail(struct vg_smtpc *c, enum vg_smtpc_result r)
{
	if (c->result == VG_SMTPC_PENDING)
		c->result = (uint8_t)r;
}

static void finish(struct vg_smtpc *c)
{
	c->stage = VG_SMTPC_DONE;
	c->deadline = VG_TIME_NEVER;
	c->out_len = c->out_off = 0;
}

static void quit(struct vg_smtpc *c, vg_time now)
{
	c->stage = VG_SMTPC_QUIT;
	out_set(c, "QUIT\r\n", ""); /* RFC 5321 4.1.1.10 */
	vg_smtp_reply_init(&c->reply);
	c->deadline = now + c->timeout_ns;
}

int vg_smtpc_start(struct vg_smtpc *c, vg_time now, const struct vg_mail_env *env, const struct vg_mail *msg,
		   vg_time timeout_ns)
{
	memset(c, 0, sizeof(*c));
	c->deadline = VG_TIME_NEVER;
	if (!env->rcpt_count || !timeout_ns)
		return -1;
	c->env = env;
	c->msg = *msg;
	c->timeout_ns = timeout_ns;
	c->stage = VG_SMTPC_CONNECT;
	c->deadline = now + timeout_ns;
	vg_smtp_reply_init(&c->reply);
	return 0;
}

void vg_smtpc_connected(struct vg_smtpc *c, vg_time now)
{
	c->note = VG_SMTPC_N_NONE;
	if (c->stage != VG_SMTPC_CONNECT)
		return;
	c->note = VG_SMTPC_N_CONNECTED;
	c->stage = VG_SMTPC_BANNER;
	c->deadline = now + c->timeout_ns;
}

void vg_smtpc_connect_failed(struct vg_smtpc *c, vg_time now)
{
	(void)now;
	c->note = VG_SMTPC_N_NONE;
	if (c->stage != VG_SMTPC_CONNECT)
		return;
	c->note = VG_SMTPC_N_CONNECT_FAILED;
	fail(c, VG_SMTPC_E_CONNECT);
	finish(c);
}

/* The reply to the current stage was the expected one: the next command. */
static void advance(struct vg_smtpc *c, vg_time now)
{
	const struct vg_mail_env *e = c->env;

	switch (c->stage) {
	case VG_SMTPC_BANNER:
		c->stage = VG_SMTPC_HELO;
		out_set(c, "HELO %s\r\n", e->helo); /* RFC 5321 4.1.1.1 */
		break;
	case VG_SMTPC_HELO:
		c->stage = VG_SMTPC_MAIL;
		out_set(c, "MAIL FROM:<%s>\r\n", e->from); /* 4.1.1.2 */
		break;
	case VG_SMTPC_MAIL:
	case VG_SMTPC_RCPT:
		if (c->rcpt_next < e->rcpt_count) {
			c->stage = VG_SMTPC_RCPT;
			out_set(c, "RCPT TO:<%s>\r\n", e->rcpt[c->rcpt_next++]); /* 4.1.1.3, one per recipient */
			break;
		}
		c->stage = VG_SMTPC_DATA;
		out_set(c, "DATA\r\n", ""); /* 4.1.1.4 */
		break;
	case VG_SMTPC_DATA:
		c->stage = VG_SMTPC_BODY;
		c->out_len = vg_mail_data(e, &c->msg, c->out, sizeof(c->out));
		c->out_off = 0;
		assert(c->out_len > 0); /* VG_SMTPC_OUT_MAX holds the largest message */
		break;
	case VG_SMTPC_BODY:
		c->result = VG_SMTPC_SENT;
		c->note = VG_SMTPC_N_SENT;
		quit(c, now);
		return;
	default:
		assert(0);
	}
	vg_smtp_reply_init(&c->reply);
	c->deadline = now + c->timeout_ns;
}

size_t vg_smtpc_feed(struct vg_smtpc *c, vg_time now, const uint8_t *in, size_t len)
{
	ssize_t n;
	uint16_t code;

	c->note = VG_SMTPC_N_NONE;
	if (c->stage < VG_SMTPC_BANNER || c->stage == VG_SMTPC_DONE)
		return len; /* nothing is awaited: dropped */
	n = vg_smtp_reply_feed(&c->reply, in, len);
	if (n < 0) {
		c->note = VG_SMTPC_N_SYNTAX;
		fail(c, VG_SMTPC_E_SYNTAX);
		if (c->stage == VG_SMTPC_QUIT)
			finish(c);
		else
			quit(c, now);
		return len; /* the stream cannot be read any further */
	}
	if (!c->reply.done)
		return (size_t)n;
	code = c->reply.code;
	if (c->stage == VG_SMTPC_QUIT) {
		finish(c); /* any reply ends it (keepalived expects 221 but closes either way) */
		return (size_t)n;
	}
	if (code != expected[c->stage]) {
		c->note = VG_SMTPC_N_REPLY_ERROR;
		c->fail_stage = c->stage;
		c->fail_code = code;
		fail(c, VG_SMTPC_E_REPLY);
		quit(c, now);
		return (size_t)n;
	}
	advance(c, now);
	return (size_t)n;
}

void vg_smtpc_eof(struct vg_smtpc *c, vg_time now)
{
	(void)now;
	c->note = VG_SMTPC_N_NONE;
	if (c->stage == VG_SMTPC_DONE || c->stage == VG_SMTPC_IDLE)
		return;
	if (c->stage != VG_SMTPC_QUIT) {
		c->note = VG_SMTPC_N_CLOSED;
		fail(c, VG_SMTPC_E_CLOSED);
	}
	finish(c);
}

void vg_smtpc_timer(struct vg_smtpc *c, vg_time now)
{
	c->note = VG_SMTPC_N_NONE;
	if (c->deadline == VG_TIME_NEVER || now < c->deadline)
		return;
	switch (c->stage) {
	case VG_SMTPC_CONNECT:
		c->note = VG_SMTPC_N_CONNECT_TIMEOUT;
		fail(c, VG_SMTPC_E_CONNECT_TIMEOUT);
		finish(c);
		return;
	case VG_SMTPC_QUIT:
		/* keepalived logs this one too: the second timeout, after QUIT */
		c->note = VG_SMTPC_N_READ_TIMEOUT;
		if (c->result == VG_SMTPC_PENDING)
			fail(c, VG_SMTPC_E_READ_TIMEOUT);
		finish(c);
		return;
	default:
		c->note = VG_SMTPC_N_READ_TIMEOUT;
		fail(c, VG_SMTPC_E_READ_TIMEOUT);
		quit(c, now);
		return;
	}
}

vg_time vg_smtpc_next_deadline(const struct vg_smtpc *c)
{
	return c->deadline;
}

size_t vg_smtpc_pending(const struct vg_smtpc *c, const uint8_t **p)
{
	*p = (const uint8_t *)c->out + c->out_off;
	return c->out_len - c->out_off;
}

void vg_smtpc_written(struct vg_smtpc *c, size_t n)
{
	assert(n <= c->out_len - c->out_off);
	c->out_off += n;
	if (c->out_off == c->out_len)
		c->out_len = c->out_off = 0;
}

bool vg_smtpc_done(const struct vg_smtpc *c)
{
	return c->stage == VG_SMTPC_DONE;
}
