/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: VRRP advertisement codec (RFC 3768 section 5, RFC 5798 section 5).
 *
 * Encodes and decodes the VRRP message that follows the IP header: VRRPv2
 * for IPv4 (with the 8 bytes of authentication data, RFC 3768 5.3.10) and
 * VRRPv3 for IPv4 and IPv6. The decoder only parses; the receive checks of
 * RFC 5798 7.1 / RFC 3768 7.1 live in vg_vrrp_validate() (rx.h).
 *
 *   v2: | ver 2 | type | VRID | prio | count | auth type | adver int (s) | cksum | addrs | auth data |
 *   v3: | ver 3 | type | VRID | prio | count | rsvd:4 max adver int:12 (cs) | cksum | addrs |
 */
#ifndef VG_VRRP_PACKET_H
#define VG_VRRP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/addr.h"

#define VG_VRRP_PROTO 112          /* IP protocol number, RFC 5798 5.1.1.4 */
#define VG_VRRP_TTL 255            /* RFC 5798 5.1.1.3 / 5.1.2.3 */
#define VG_VRRP_TYPE_ADVERT 1      /* RFC 5798 5.2.2 */
#define VG_VRRP_HDR_LEN 8
#define VG_VRRP_AUTH_LEN 8         /* RFC 3768 5.3.10 */
#define VG_VRRP_ADDRS_MAX 20       /* addresses an instance advertises */
#define VG_VRRP_PKT_MAX (VG_VRRP_HDR_LEN + VG_VRRP_ADDRS_MAX * 16 + VG_VRRP_AUTH_LEN)
#define VG_VRRP_V3_ADVER_INT_MAX_CS 4095 /* 12 bits, RFC 5798 5.2.7 */

enum vg_vrrp_auth {
	VG_VRRP_AUTH_NONE = 0,
	VG_VRRP_AUTH_PASS = 1, /* simple text password, RFC 2338 5.3.6.1; kept by RFC 3768 for compatibility */
	VG_VRRP_AUTH_AH = 2,   /* IP Authentication Header, RFC 2338 5.3.6.2 (vrrp/ah.h) */
};

/* Codec errors: negative return values. */
enum vg_vrrp_codec_err {
	VG_VRRP_ERR_SHORT = -1,    /* length disagrees with the header and count */
	VG_VRRP_ERR_VERSION = -2,  /* version is neither 2 nor 3 */
	VG_VRRP_ERR_FAMILY = -3,   /* VRRPv2 over IPv6, or unknown family */
	VG_VRRP_ERR_NOSPACE = -4,  /* encode: output buffer too small */
	VG_VRRP_ERR_INVAL = -5,    /* encode: field out of range */
};

/*
 * A decoded advertisement. `addrs` points into the decoded buffer (count *
 * address length bytes); nothing is copied, so the buffer must outlive it.
 */
struct vg_vrrp_packet {
	uint8_t version;        /* 2 or 3 */
	uint8_t type;           /* 1 = ADVERTISEMENT */
	uint8_t vrid;           /* 1..255 */
	uint8_t priority;       /* 0 = stop, 255 = address owner */
	uint8_t count;          /* Count IPvX Addrs */
	uint8_t family;         /* of the addresses: from the IP layer */
	uint8_t auth_type;      /* v2 only; 0 in v3 */
	uint16_t adver_int_cs;  /* v2: seconds * 100; v3: Max Adver Int (centiseconds) */
	uint16_t checksum;      /* as received (network order converted) */
	const uint8_t *addrs;   /* count * vg_addr_len(family) bytes */
	uint8_t auth_data[VG_VRRP_AUTH_LEN]; /* v2 only */
	size_t len;             /* bytes of VRRP message this packet spans */
	uint32_t ah_seq;        /* auth_type AH: the verified sequence number (vg_vrrp_validate) */
};

/*
 * Decode the VRRP message in buf (the IP payload) for an address family.
 * Checks only what is needed to parse: version 2/3, v2 only over IPv4, and
 * that the buffer holds the fixed fields, `count` addresses and (v2) the
 * authentication data. Returns the bytes consumed or a negative
 * vg_vrrp_codec_err: VG_VRRP_ERR_SHORT, VG_VRRP_ERR_VERSION, VG_VRRP_ERR_FAMILY.
 */
ssize_t vg_vrrp_decode(struct vg_vrrp_packet *dst, const uint8_t *buf, size_t len, uint8_t family);

/* Fields of an advertisement to encode. */
struct vg_vrrp_advert {
	uint8_t version;
	uint8_t vrid;
	uint8_t priority;
	uint8_t auth_type;              /* v2 */
	uint8_t auth_data[VG_VRRP_AUTH_LEN]; /* v2, zero-padded */
	uint16_t adver_int_cs;          /* v2: must be a multiple of 100, 1..255 s */
	uint8_t count;
	const struct vg_addr *addrs;    /* count addresses, all of `family` */
	uint8_t family;
	struct vg_addr src;             /* IP source, for the v3 pseudo-header */
	struct vg_addr dst;             /* IP destination, for the v3 pseudo-header */
};

/*
 * Encode into out (capacity cap) with the checksum filled in.
 * Returns the length written or VG_VRRP_ERR_NOSPACE / VG_VRRP_ERR_INVAL /
 * VG_VRRP_ERR_FAMILY.
 */
ssize_t vg_vrrp_encode(const struct vg_vrrp_advert *adv, uint8_t *out, size_t cap);

/*
 * The Internet checksum of a VRRP message as it should be on the wire.
 * v2: over the VRRP message only (RFC 3768 5.3.8). v3: over the message
 * and the pseudo-header (RFC 5798 5.2.8: RFC 2460 8.1 for IPv6; source,
 * destination, zero, protocol 112 and length for IPv4). The checksum
 * field itself is taken as zero. src/dst are ignored for v2.
 */
uint16_t vg_vrrp_checksum(uint8_t version, const struct vg_addr *src, const struct vg_addr *dst,
			  const uint8_t *msg, size_t len);

#endif
