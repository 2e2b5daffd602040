/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: VRRP on the wire: raw IP sockets of protocol 112.
 *
 * One IPv4 and one IPv6 socket serve every instance and interface. Receive
 * gives the VRRP bytes with what the core needs to validate them (source,
 * destination, TTL / hop limit, kernel ifindex); send takes the encoded
 * advert with the source address it was checksummed for and the interface.
 * A classic BPF program in the kernel drops packets that cannot be ours
 * (TTL != 255, not a VRRP advertisement of a version we run, a VRID no
 * instance uses) before they wake us, so a flood of garbage costs the
 * kernel, not our timers.
 *
 * `auth_type AH` (core/vrrp/ah.h) adds a third socket, IPv4 of protocol 51,
 * opened when an instance first needs it: its adverts are whole datagrams
 * built in user space (IP_HDRINCL: the ICV covers the IP header), and what
 * it receives comes with the AH header and the IP header for the core.
 */
#ifndef VGD_VRRP_SOCK_H
#define VGD_VRRP_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "vrrp/instance.h"

#define VGD_RX_BATCH 64
#define VGD_RX_BUF 2048

struct vgd_vrrp_sock {
	int fd4, fd6; /* -1 when the family is unused */
	int fdah;     /* IPv4 protocol 51 (AH), IP_HDRINCL; -1 until an instance uses auth_type AH */
};

struct vgd_rx {
	const uint8_t *buf; /* the VRRP message */
	size_t len;
	struct vg_rx_meta meta; /* meta.ifindex = kernel ifindex */
	uint64_t rx_real_ns;    /* kernel receive time (SO_TIMESTAMPNS, CLOCK_REALTIME), 0 if unknown */
};

int vgd_vrrp_sock_open(struct vgd_vrrp_sock *s, bool v4, bool v6, char *err, size_t errlen);
void vgd_vrrp_sock_close(struct vgd_vrrp_sock *s);

/* Join / leave a multicast group on an interface. */
int vgd_vrrp_sock_join(struct vgd_vrrp_sock *s, uint32_t ifindex, const struct vg_addr *group, bool join);

/*
 * Kernel filter: accept only adverts of these VRIDs (bitmap of 256 bits) and
 * versions; IPv4 with TTL 255 only unless any_ttl (an instance is unicast:
 * keepalived does not require 255 of a unicast advert, unicast_ttl).
 */
int vgd_vrrp_sock_filter(struct vgd_vrrp_sock *s, const uint8_t vrids[32], bool v2, bool v3, bool any_ttl);

/* Open the AH socket (idempotent). Returns 0 or -1 with err filled. */
int vgd_vrrp_sock_open_ah(struct vgd_vrrp_sock *s, char *err, size_t errlen);

/*
 * The AH socket's kernel filter: an AH header before a VRRPv2 advert of one
 * of these VRIDs; TTL 255 unless any_ttl. With no VRID, nothing passes.
 */
int vgd_vrrp_sock_filter_ah(struct vgd_vrrp_sock *s, const uint8_t vrids[32], bool any_ttl);

/* Send a whole IPv4 datagram (vg_ah_encode) out of ifindex to dst on the AH socket. Returns 0 or -errno. */
int vgd_vrrp_sock_send_ah(struct vgd_vrrp_sock *s, uint32_t ifindex, const struct vg_addr *dst, const uint8_t *dgram,
			  size_t len);

/* Send one advert; TTL / hop limit `ttl` (255 for VRRP, RFC 5798 5.1.1.3; unicast_ttl). Returns 0 or -errno. */
int vgd_vrrp_sock_send(struct vgd_vrrp_sock *s, uint32_t ifindex, const struct vg_addr *src,
		       const struct vg_addr *dst, uint8_t ttl, const uint8_t *pkt, size_t len);

/*
 * Read up to max (<= VGD_RX_BATCH) datagrams from fd (non-blocking) into
 * bufs and describe them in rx. Returns how many were dequeued (0 when
 * nothing is pending); an IPv4 datagram without a valid header gets
 * rx->buf == NULL. An IPv4 datagram of protocol 51 gets meta.ah, meta.ip_hdr
 * and buf after the AH header (NULL if it is not AH before VRRP).
 */
int vgd_vrrp_sock_recv(int fd, bool v6, uint8_t (*bufs)[VGD_RX_BUF], struct vgd_rx *rx, int max);

#endif
