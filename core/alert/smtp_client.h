/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the SMTP client of e-mail alerts (smtp_alert), as a state machine.
 *
 * One `struct vg_smtpc` sends one message over one connection, in the
 * order keepalived 2.2.7 does (docs/smtp_alerts.md, observed): wait for the
 * 220 greeting, "HELO name", 250, "MAIL FROM:<from>", 250, one
 * "RCPT TO:<addr>" per recipient each answered 250, "DATA", 354, the
 * headers and body and "." in one piece, 250, "QUIT", any reply, close.
 * RFC 5321 3.3 and 4.1.1; no pipelining, no EHLO, no extensions.
 *
 * The caller owns the socket: it calls vg_smtpc_connected() when the
 * non-blocking connect completed (or vg_smtpc_connect_failed()), feeds
 * what it reads, writes what vg_smtpc_pending() holds, reports the end of
 * the stream, and calls vg_smtpc_timer() at vg_smtpc_next_deadline(). Every
 * wait (the connect, each reply) is bounded by smtp_connect_timeout, as in
 * keepalived. When a reply carries a code other than the one the stage
 * expects, or a reply does not come in time, the client sends QUIT and
 * waits one more timeout for its answer; after QUIT's reply, a close by the
 * server or a second timeout it is done (vg_smtpc_done): close the socket.
 *
 * `note` says what the last call did that deserves a log line (the backend
 * writes keepalived's words: vg_smtpc_note_text); `result` keeps the first
 * failure, or SENT once the server accepted the message.
 */
#ifndef VG_ALERT_SMTP_CLIENT_H
#define VG_ALERT_SMTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t */

#include "alert/mail.h"
#include "base/time.h"
#include "probe/smtp.h"

#define VG_SMTPC_OUT_MAX (VG_MAIL_DATA_MAX + 64u) /* the largest piece to send: the message */

enum vg_smtpc_stage {
	VG_SMTPC_IDLE = 0,
	VG_SMTPC_CONNECT, /* the TCP connect is under way */
	VG_SMTPC_BANNER,  /* waiting for 220 */
	VG_SMTPC_HELO,    /* HELO sent, waiting for 250 */
	VG_SMTPC_MAIL,    /* MAIL FROM sent, waiting for 250 */
	VG_SMTPC_RCPT,    /* a RCPT TO sent, waiting for 250 */
	VG_SMTPC_DATA,    /* DATA sent, waiting for 354 */
	VG_SMTPC_BODY,    /* the message and "." sent, waiting for 250 */
	VG_SMTPC_QUIT,    /* QUIT sent, waiting for any reply */
	VG_SMTPC_DONE,    /* close the socket */
};

enum vg_smtpc_result {
	VG_SMTPC_PENDING = 0,
	VG_SMTPC_SENT,            /* the server took the message (250 after the data) */
	VG_SMTPC_E_CONNECT,       /* the connect failed (refused, unreachable) */
	VG_SMTPC_E_CONNECT_TIMEOUT,
	VG_SMTPC_E_REPLY,         /* an unexpected code: fail_stage, fail_code */
	VG_SMTPC_E_READ_TIMEOUT,  /* no reply within the timeout */
	VG_SMTPC_E_CLOSED,        /* the server closed the connection first */
	VG_SMTPC_E_SYNTAX,        /* a reply that breaks RFC 5321 4.2 or a limit */
};

/* What the last call did that is worth a log line. */
enum vg_smtpc_note {
	VG_SMTPC_N_NONE = 0,
	VG_SMTPC_N_CONNECTED,       /* "Remote SMTP server %s connected." */
	VG_SMTPC_N_CONNECT_FAILED,  /* "SMTP connection ERROR to %s." */
	VG_SMTPC_N_CONNECT_TIMEOUT, /* "Timeout opening connection to remote SMTP server %s." */
	VG_SMTPC_N_REPLY_ERROR,     /* "Error processing %s cmd on SMTP server %s. SMTP status code = %d" */
	VG_SMTPC_N_READ_TIMEOUT,    /* "Timeout reading data to remote SMTP server %s." */
	VG_SMTPC_N_CLOSED,          /* "Remote SMTP server %s has closed the connection." */
	VG_SMTPC_N_SYNTAX,          /* "Bad SMTP reply from server %s." */
	VG_SMTPC_N_SENT,            /* "SMTP alert successfully sent." */
};

struct vg_smtpc {
	uint8_t stage;        /* enum vg_smtpc_stage */
	uint8_t result;       /* enum vg_smtpc_result */
	uint8_t note;         /* enum vg_smtpc_note, of the last call */
	uint8_t fail_stage;   /* E_REPLY: the stage whose reply was wrong */
	uint16_t fail_code;   /* E_REPLY: the code received */
	uint16_t rcpt_next;   /* next recipient to name */
	vg_time timeout_ns;   /* smtp_connect_timeout */
	vg_time deadline;     /* VG_TIME_NEVER when nothing is awaited */
	struct vg_smtp_reply reply;
	const struct vg_mail_env *env; /* caller-owned, unchanged until done */
	struct vg_mail msg;            /* the message, a copy */
	size_t out_len, out_off;
	char out[VG_SMTPC_OUT_MAX];
};

/*
 * Start sending msg with env (the caller keeps env until done); the caller
 * starts the connect now. timeout_ns > 0. Returns 0, or -1 when env has no
 * recipient (nothing is started).
 */
int vg_smtpc_start(struct vg_smtpc *c, vg_time now, const struct vg_mail_env *env, const struct vg_mail *msg,
		   vg_time timeout_ns);
void vg_smtpc_connected(struct vg_smtpc *c, vg_time now);
void vg_smtpc_connect_failed(struct vg_smtpc *c, vg_time now);
/*
 * Bytes from the server. Returns how many were consumed: it stops after
 * one complete reply, feed the rest again (after writing what is pending).
 */
size_t vg_smtpc_feed(struct vg_smtpc *c, vg_time now, const uint8_t *in, size_t len);
/* The server closed the connection (read returned 0, or a reset). */
void vg_smtpc_eof(struct vg_smtpc *c, vg_time now);
/* The deadline came (now >= vg_smtpc_next_deadline): the wait timed out. */
void vg_smtpc_timer(struct vg_smtpc *c, vg_time now);
vg_time vg_smtpc_next_deadline(const struct vg_smtpc *c);
/* The bytes waiting to be written (*p), and their count; vg_smtpc_written() takes n of them. */
size_t vg_smtpc_pending(const struct vg_smtpc *c, const uint8_t **p);
void vg_smtpc_written(struct vg_smtpc *c, size_t n);
bool vg_smtpc_done(const struct vg_smtpc *c);
/* keepalived's name of a stage in its "Error processing %s cmd" line ("(E)SMTP", "HELO", ...). */
const char *vg_smtpc_stage_name(enum vg_smtpc_stage s);

#endif
