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
	bool pin;                     /* the source is bindto's (sent with it), else the route's */
	bool queued;                  /* waiting for vgc_syn_flush */
};

struct vgc_syn_counters {
	uint64_t sent, resent, alive, refused, unreachable, ignored, fallback;
	uint64_t calls;               /* sendmmsg / sendmsg calls that sent them */
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
 * Queue probe p's first SYN (sp is its state) for vgc_syn_flush. Returns
 * 0: queued, the answer ends the probe through vgc_syn_ready() (a send
 * that fails at the flush ends it as failed, with the errno's text); 1:
 * not for this probe (the caller connects instead, `why` says why for the
 * log, "" if nothing to say); -1: it cannot be (errno).
 */
int vgc_syn_begin(struct vgc_syn *s, struct vgc_probe *p, struct vgc_syn_probe *sp, const char **why);
/*
 * Send the queued SYNs: those of one family in one sendmmsg (at most 32),
 * so the probes a wake-up starts cost one system call, not one each. The
 * driver calls it after its starts (s NULL: nothing).
 */
void vgc_syn_flush(struct vgc_syn *s, vg_time now);
/* Send the SYN again (a retransmission, the same ISS). 0 / -1 (errno). */
int vgc_syn_resend(struct vgc_syn *s, struct vgc_syn_probe *sp);
/* The probe ends: forget its tuple. */
void vgc_syn_end(struct vgc_syn *s, struct vgc_syn_probe *sp);
/* A shared socket is readable (events EPOLLIN) or has an error queue (EPOLLERR): read a bounded batch,
   end the probes answered. */
void vgc_syn_ready(struct vgc_syn *s, bool v6, uint32_t events, vg_time now);
struct vgc_syn_counters vgc_syn_counters(const struct vgc_syn *s);

#endif
