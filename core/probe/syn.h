/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: TCP_CHECK by half-open: the SYN a probe sends and what the server's answer means.
 *
 * `vigild --check-tcp=syn` probes a TCP_CHECK real server the way a
 * connect() learns its outcome, without making the connection: one SYN
 * from a raw socket (RFC 9293 3.5), and the server's first answer decides,
 * as it decides a connect() in SYN-SENT (RFC 9293 3.10.7.3):
 *   - SYN and ACK with SEG.ACK = ISS + 1: the server accepts connections
 *     on that port: alive (a connect() would be established now);
 *   - RST with ACK = ISS + 1: refused (connect() fails ECONNREFUSED);
 *   - anything else (another ACK number, a RST without ACK, no SYN):
 *     not an answer to this SYN: ignored, as SYN-SENT drops it.
 * The director's own kernel has no socket for the tuple, so it answers
 * the SYN-ACK with a RST (RFC 9293 3.10.7.1) and the server drops its
 * half-open entry: the server's application never sees a connection.
 *
 * The segment is 24 bytes: the 20-byte header (RFC 9293 3.1) with SYN set,
 * window 64240, and an MSS option (kind 2, RFC 9293 3.2) of 1460 (IPv4) or
 * 1440 (IPv6). The checksum covers the pseudo-header (RFC 9293 3.1:
 * source, destination, zero, protocol 6, TCP length; RFC 8200 8.1 for
 * IPv6). Replies are parsed from the IPv4 header (a raw IPv4 socket
 * delivers it) or from the TCP header (IPv6).
 */
#ifndef VG_PROBE_SYN_H
#define VG_PROBE_SYN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"

#define VG_SYN_LEN 24u       /* header + MSS option */
#define VG_TCP_FIN 0x01u
#define VG_TCP_SYN 0x02u
#define VG_TCP_RST 0x04u
#define VG_TCP_ACK 0x10u

/* A segment's addresses and ports (addresses in network order, 4 or 16 bytes). */
struct vg_syn_tuple {
	bool v6;
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
};

/*
 * Write the SYN for tuple t with sequence number isn. csum: compute the
 * checksum over the pseudo-header (else left 0 for a kernel that fills
 * it: IPV6_CHECKSUM). Returns VG_SYN_LEN or VG_PROBE_E_NOSPACE.
 */
int vg_syn_build(uint8_t *buf, size_t cap, const struct vg_syn_tuple *t, uint32_t isn, bool csum);

/* What a parsed segment carries (addresses as in the packet: src is the server). */
struct vg_syn_seg {
	struct vg_syn_tuple t;
	uint32_t seq, ack;
	uint8_t flags;
};

/*
 * Parse a TCP segment. ip4: buf starts at an IPv4 header (a raw IPv4
 * socket's datagram; the addresses come from it and the protocol must be
 * 6); else buf starts at the TCP header and the caller fills s->t's
 * addresses. Returns 0, or VG_PROBE_E_TRUNCATED (shorter than the headers
 * say), VG_PROBE_E_MALFORMED (IHL or data offset below 5, not TCP, a
 * fragment past the first).
 */
int vg_syn_parse(const uint8_t *buf, size_t len, bool ip4, struct vg_syn_seg *s);

enum vg_syn_verdict {
	VG_SYN_IGNORE = 0, /* not an answer to the SYN with this ISS */
	VG_SYN_ALIVE,      /* SYN+ACK, SEG.ACK = ISS + 1 */
	VG_SYN_REFUSED,    /* RST+ACK, SEG.ACK = ISS + 1 */
};

/* RFC 9293 3.10.7.3, SYN-SENT, for a SYN with sequence number iss. */
enum vg_syn_verdict vg_syn_verdict(const struct vg_syn_seg *s, uint32_t iss);

/* Milliseconds from the first SYN to the n-th retransmission (n >= 1): 1000 * (2^n - 1) (RFC 6298 2.1, 5.5). */
uint64_t vg_syn_retransmit_ms(unsigned n);

#endif
