/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: whole Ethernet frames around VRRP, for packet sockets and pcaps.
 *
 * The Linux backend sends gratuitous ARP and unsolicited neighbour
 * advertisements through a packet socket; the simulator writes every
 * frame it carries to a pcap. Both build the bytes here:
 *
 *   vg_frame_vrrp()  Ethernet + IPv4 (TTL 255, protocol 112) or IPv6 (hop
 *                    limit 255, next header 112) + the VRRP message
 *   vg_frame_garp()  gratuitous ARP request for an IPv4 VIP (RFC 5227 3,
 *                    RFC 5798 6.4.2 "broadcast a gratuitous ARP request")
 *   vg_frame_una()   unsolicited Neighbor Advertisement for an IPv6 VIP to
 *                    ff02::1 with the Override flag (RFC 4861 7.2.6)
 *
 * Each returns the frame length or a negative value if `cap` is too small.
 */
#ifndef VG_WIRE_FRAME_H
#define VG_WIRE_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/addr.h"

#define VG_ETH_ALEN 6
#define VG_FRAME_MAX 1514

/* The virtual router MAC 00-00-5E-00-01-{VRID} (IPv4) / 00-00-5E-00-02-{VRID} (IPv6), RFC 5798 7.3. */
void vg_frame_vmac(uint8_t family, uint8_t vrid, uint8_t mac[VG_ETH_ALEN]);

/* The Ethernet destination of an IP destination (multicast mapping, RFC 1112 6.4 / RFC 2464 7). */
void vg_frame_dst_mac(const struct vg_addr *dst, const uint8_t unicast_mac[VG_ETH_ALEN], uint8_t mac[VG_ETH_ALEN]);

ssize_t vg_frame_vrrp(uint8_t *out, size_t cap, const uint8_t src_mac[VG_ETH_ALEN],
		      const uint8_t dst_mac[VG_ETH_ALEN], const struct vg_addr *src, const struct vg_addr *dst,
		      uint16_t ip_id, const uint8_t *vrrp, size_t vrrp_len);

ssize_t vg_frame_garp(uint8_t *out, size_t cap, const uint8_t mac[VG_ETH_ALEN], const struct vg_addr *vip);

ssize_t vg_frame_una(uint8_t *out, size_t cap, const uint8_t mac[VG_ETH_ALEN], const struct vg_addr *src,
		     const struct vg_addr *vip);

#endif
