/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: UDP_CHECK and PING_CHECK: what a reply must be.
 *
 * UDP_CHECK (keepalived's check_udp.c, layer4.c udp_socket_state()): send
 * `payload` (hex) to the server; then
 *   - an ICMP error (port unreachable: recv fails) is a failure;
 *   - no reply before connect_timeout is a success, unless `require_reply`;
 *   - a reply is a success, unless `require_reply` gave a hex pattern: then
 *     its length must be in [min_reply_length, max_reply_length] (defaults
 *     0 and 255) and its first min(length, pattern length) bytes must equal
 *     the pattern, "x" nibbles being wildcards. keepalived checks the
 *     lengths only when a pattern is given; so do we.
 * Hex strings are read as keepalived's read_hex_str(): blanks separate
 * groups, digits pair into bytes, a lone digit before a blank or the end is
 * one byte ("a" is 0x0a), x/X is a wildcard nibble (patterns only).
 *
 * PING_CHECK (check_ping.c): an ICMP (type 8) or ICMPv6 (type 128) echo
 * request with a sequence number one more than the last; the reply must be
 * at least 8 bytes, an echo reply (type 0 / 129) with that sequence number,
 * else the check fails. keepalived uses ping sockets, where the kernel picks
 * the identifier and filters on it; a backend on a raw socket passes its
 * identifier and a reply with another identifier is ignored (someone
 * else's ping), not a failure.
 */
#ifndef VG_PROBE_UDP_H
#define VG_PROBE_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"

#define VG_UDP_PAYLOAD_MAX 65507u /* an IPv4 UDP datagram's payload */
#define VG_UDP_DEFAULT_MAX_REPLY 255u

/*
 * Parse a hex string into data (and mask, if given: 0xf nibbles are
 * wildcards; mask NULL refuses "x"). Returns the byte count (> 0), or
 * VG_PROBE_E_INVAL (empty, a bad character), VG_PROBE_E_NOSPACE (over cap).
 */
int vg_probe_hex_parse(const char *text, uint8_t *data, uint8_t *mask, size_t cap);

struct vg_udp_expect {
	bool require_reply;
	const uint8_t *data;  /* the pattern, NULL if none */
	const uint8_t *mask;  /* wildcard nibbles, NULL if none */
	uint16_t len;         /* pattern bytes */
	uint16_t min_len;     /* min_reply_length */
	uint16_t max_len;     /* max_reply_length (default 255) */
};

enum vg_udp_event {
	VG_UDP_REPLY = 0,   /* a datagram arrived */
	VG_UDP_TIMEOUT,     /* connect_timeout passed without one */
	VG_UDP_ICMP_ERROR,  /* the socket reported an error (ICMP port unreachable) */
};

enum vg_udp_verdict {
	VG_UDP_OK = 0,
	VG_UDP_NO_REPLY,    /* timeout with require_reply */
	VG_UDP_UNREACHABLE, /* keepalived "UDP connection to ... failed." */
	VG_UDP_BAD_LENGTH,  /* keepalived "reply data mismatch." */
	VG_UDP_MISMATCH,    /* keepalived "reply data mismatch." */
};

enum vg_udp_verdict vg_udp_verdict(const struct vg_udp_expect *e, enum vg_udp_event ev, const uint8_t *reply,
				   size_t len);

#define VG_ICMP_ECHO_DATA 128u /* payload bytes keepalived sends */
#define VG_ICMP_ECHO_LEN  (8u + VG_ICMP_ECHO_DATA)

/*
 * Write an echo request (8-byte header + VG_ICMP_ECHO_DATA bytes). For
 * ICMPv4 the checksum is filled (RFC 792); for ICMPv6 it is left 0: the
 * kernel computes it over the pseudo-header (RFC 4443 2.3). Returns the
 * length or VG_PROBE_E_NOSPACE.
 */
int vg_icmp_echo_build(uint8_t *buf, size_t cap, bool v6, uint16_t id, uint16_t seq);

enum vg_icmp_verdict {
	VG_ICMP_OK = 0,
	VG_ICMP_IGNORE,   /* another identifier (raw sockets only): keep waiting */
	VG_ICMP_SHORT,    /* keepalived "got short ICMP packet" */
	VG_ICMP_TYPE,     /* not an echo reply: keepalived "Got ICMP packet with type" */
	VG_ICMP_SEQ,      /* keepalived "Ping reply expected seq no" */
};

/* `msg` starts at the ICMP header; check_id false for ping sockets. */
enum vg_icmp_verdict vg_icmp_echo_reply_check(const uint8_t *msg, size_t len, bool v6, bool check_id,
					      uint16_t id, uint16_t seq);

#endif
