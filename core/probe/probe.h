/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what the probe parsers share: error codes and byte spans.
 *
 * core/probe holds the pure half of the health checkers of issue 15: the
 * requests a probe sends and the parsers of what a real server answers
 * (HTTP, SMTP, DNS, UDP, ICMP echo), each bounded in memory (fixed-size
 * state, no allocation) and in time (constant work per input byte, a byte
 * limit on everything a server can make us read), so a hostile server can
 * only make its own probe fail. The sockets are the backend's: it feeds the
 * bytes it reads, sends what the parsers return, and hands the verdict to
 * core/lvs/checker.c.
 */
#ifndef VG_PROBE_PROBE_H
#define VG_PROBE_PROBE_H

#include <stddef.h>
#include <stdint.h>

/* Errors (negative). A probe that gets one fails; the name goes in the log. */
#define VG_PROBE_E_MALFORMED   (-1) /* the answer breaks its protocol's syntax */
#define VG_PROBE_E_TOO_LARGE   (-2) /* a line, header block, body or count over its limit */
#define VG_PROBE_E_TRUNCATED   (-3) /* the peer closed (or the datagram ended) mid-answer */
#define VG_PROBE_E_UNSUPPORTED (-4) /* valid but not something a checker accepts (HTTP/2, 101) */
#define VG_PROBE_E_MISMATCH    (-5) /* a reply to something else (DNS id, ICMP id/seq) */
#define VG_PROBE_E_REFUSED     (-6) /* a well-formed negative answer (SMTP 5xx, DNS RCODE) */
#define VG_PROBE_E_NOSPACE     (-7) /* the caller's output buffer is too small */
#define VG_PROBE_E_INVAL       (-8) /* bad argument (a path with CR/LF, a name too long) */

/* "malformed", "too-large", ...; "?" for anything else. */
const char *vg_probe_strerror(int err);

/* A run of bytes inside a buffer the caller passed in. */
struct vg_probe_span {
	const uint8_t *p;
	size_t len;
};

#endif
