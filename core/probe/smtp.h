/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: SMTP_CHECK: the reply parser and the dialogue state machine.
 *
 * `struct vg_smtp_reply` reads one SMTP reply (RFC 5321 4.2), single or
 * multi-line ("250-first", "250-second", "250 last"), fed in any pieces. It
 * keeps the code and counts: a line may hold VG_SMTP_LINE_MAX bytes (RFC
 * 5321 4.5.3.1.5 allows 512 for a reply line; we take the 1000 of a text
 * line, 4.5.3.1.6, for lenient servers) and a reply VG_SMTP_LINES_MAX
 * lines; a longer one is an error, never a wait.
 *
 * `struct vg_smtp_check` is keepalived's check_smtp.c dialogue: wait for
 * the greeting, which must be 220; send "HELO <helo_name>"; the reply must
 * be 250; send "QUIT"; then one more reply ends the check with success
 * (keepalived does not look at the QUIT reply's code, normally 221; we
 * record it in `quit_code`). Differences from keepalived: it takes only the
 * first line of a reply and so fails on a multi-line greeting ("220-...");
 * we read the whole reply (its code is on every line, RFC 5321 4.2.1).
 */
#ifndef VG_PROBE_SMTP_H
#define VG_PROBE_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t */

#include "probe/probe.h"

#define VG_SMTP_LINE_MAX  1000u /* bytes of one reply line, CRLF included */
#define VG_SMTP_LINES_MAX 64u   /* lines of one reply */
#define VG_SMTP_HELO_MAX  255u  /* helo_name (a domain, RFC 5321 4.5.3.1.2) */
#define VG_SMTP_DEFAULT_HELO "smtpchecker.keepalived.org" /* keepalived's default helo_name */

struct vg_smtp_reply {
	uint16_t code;      /* once done: 200..599 */
	bool done;
	bool cr;
	uint8_t pos;        /* position in the line: 0..3 code, 4 the separator was read, 5 text */
	uint16_t line_code; /* code of the current line */
	uint32_t lines;
	uint32_t line_bytes;
	int err;
};

void vg_smtp_reply_init(struct vg_smtp_reply *r);
/*
 * Feed bytes; returns how many were consumed (it stops after the reply's
 * last line, r->done), or MALFORMED (a code not 2-5,0-5,0-9, a separator
 * not SP/"-"/line end, a bare CR, lines with different codes) or TOO_LARGE.
 * Errors are sticky.
 */
ssize_t vg_smtp_reply_feed(struct vg_smtp_reply *r, const uint8_t *in, size_t len);

enum vg_smtp_state {
	VG_SMTP_WAIT_GREETING = 0,
	VG_SMTP_WAIT_HELO,  /* "HELO" sent (or to send): waiting for 250 */
	VG_SMTP_WAIT_QUIT,  /* "QUIT" sent (or to send): waiting for any reply */
	VG_SMTP_DONE_OK,
	VG_SMTP_FAILED,
};

enum vg_smtp_fail {
	VG_SMTP_FAIL_NONE = 0,
	VG_SMTP_FAIL_GREETING, /* not 220: keepalived "Bad greeting banner from server" */
	VG_SMTP_FAIL_HELO,     /* not 250: keepalived "Bad HELO response from server" */
	VG_SMTP_FAIL_SYNTAX,   /* a reply broke RFC 5321 4.2 or a limit (err says which) */
	VG_SMTP_FAIL_CLOSED,   /* the server closed first: keepalived "Read failure from server" */
};

struct vg_smtp_check {
	const char *helo_name;  /* caller-owned, checked by vg_smtp_check_init */
	uint8_t state;          /* enum vg_smtp_state */
	uint8_t fail;           /* enum vg_smtp_fail */
	int err;                /* VG_PROBE_E_* behind FAIL_SYNTAX / FAIL_CLOSED */
	uint16_t last_code;     /* code of the last complete reply */
	uint16_t quit_code;     /* code of the reply to QUIT */
	bool to_send;           /* a command waits for vg_smtp_check_output */
	struct vg_smtp_reply reply;
};

/*
 * helo_name NULL means VG_SMTP_DEFAULT_HELO. Returns 0, or VG_PROBE_E_INVAL
 * for an empty name, one over VG_SMTP_HELO_MAX or with a control
 * character or space (it would inject a command).
 */
int vg_smtp_check_init(struct vg_smtp_check *c, const char *helo_name);
/*
 * Bytes from the server. Returns how many were consumed (the rest, if any,
 * belongs after the reply being waited for: feed it again) or, once the
 * check failed, the error (c->fail says why). After a reply, c->to_send
 * may be set: send vg_smtp_check_output before feeding more.
 */
ssize_t vg_smtp_check_feed(struct vg_smtp_check *c, const uint8_t *in, size_t len);
/* The server closed the connection: a failure unless the check is done. */
void vg_smtp_check_eof(struct vg_smtp_check *c);
/*
 * Write the command to send ("HELO name\r\n", "QUIT\r\n") into buf and
 * clear to_send; returns its length, 0 if nothing is to be sent, or
 * VG_PROBE_E_NOSPACE (buf needs VG_SMTP_HELO_MAX + 8 bytes at most).
 */
int vg_smtp_check_output(struct vg_smtp_check *c, char *buf, size_t cap);
/* keepalived's log words for c->fail. */
const char *vg_smtp_fail_text(enum vg_smtp_fail f);

#endif
