/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the half-open TCP_CHECK (--check-tcp=syn): raw sockets every probe shares.
 *
 * One raw IPPROTO_TCP socket per address family sends each probe's SYN
 * (core/probe/syn.h builds it and reads the answer) and receives the
 * answers, behind a socket filter that passes only SYN-ACKs and RSTs to
 * one source port. That port is reserved by a TCP socket bound to it and
 * never connected or listening: no local connection can get it, and the
 * kernel, finding no socket for a SYN-ACK to it, answers with the RST that
 * closes the server's half-open entry. A probe is found by the tuple
 * (family, server address, server port); a second probe to the same tuple
 * while one is in flight, a checker with bind_port, bind_if or fwmark, or a kernel
 * that refuses the raw socket (no CAP_NET_RAW) connects as keepalived does.
 *
 * IPv4: the kernel does not fill a raw TCP segment's checksum, so the
 * source address is looked up per server (a connected UDP socket's
 * getsockname(), cached a minute) and pinned with IP_PKTINFO; IPv6:
 * IPV6_CHECKSUM makes the kernel fill it from the address it picks.
 */
#ifndef VGC_SYN_H
#define VGC_SYN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "probe.h"
#include "probe/syn.h"

struct vgc_syn;

/* One probe's half-open attempt (in the TCP probe's state). */
struct vgc_syn_probe {
	struct vgc_probe *p;
	struct vgc_syn_probe *next;   /* hash chain */
	struct vg_syn_tuple t;
	uint32_t iss;
	bool linked;
};

struct vgc_syn_counters {
	uint64_t sent, resent, alive, refused, unreachable, ignored, fallback;
};

/*
 * The shared sockets, opened per family on first use and handed to
 * watch(ctx, fd, v6) (the event loop: their readiness comes straight to
 * vgc_syn_ready, without the probes' epoll set in between), unwatch(ctx,
 * fd) before they close. NULL: out of memory.
 */
struct vgc_syn *vgc_syn_new(int (*watch)(void *ctx, int fd, bool v6), void (*unwatch)(void *ctx, int fd), void *ctx);
void vgc_syn_free(struct vgc_syn *s);

/*
 * Send probe p's first SYN (sp is its state). Returns 0: sent, the answer
 * ends the probe through vgc_syn_ready(); 1: not for this probe (the
 * caller connects instead, `why` says why for the log, "" if nothing to
 * say); -1: the send failed (errno).
 */
int vgc_syn_begin(struct vgc_syn *s, struct vgc_probe *p, struct vgc_syn_probe *sp, const char **why);
/* Send the SYN again (a retransmission, the same ISS). 0 / -1 (errno). */
int vgc_syn_resend(struct vgc_syn *s, struct vgc_syn_probe *sp);
/* The probe ends: forget its tuple. */
void vgc_syn_end(struct vgc_syn *s, struct vgc_syn_probe *sp);
/* A shared socket is readable (events EPOLLIN) or has an error queue (EPOLLERR): read a bounded batch,
   end the probes answered. */
void vgc_syn_ready(struct vgc_syn *s, bool v6, uint32_t events, vg_time now);
struct vgc_syn_counters vgc_syn_counters(const struct vgc_syn *s);

#endif
