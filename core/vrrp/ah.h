/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the IP Authentication Header of VRRPv2's `auth_type AH` (RFC 2338
 * 5.3.6.2 and 10; the header of RFC 2402 2), as keepalived 2.2.7 puts it
 * on the wire (vrrp.c, vrrp_ipsecah.c: read for the facts, observed on the
 * wire, tests/netns/ah_interop.sh).
 *
 *   | IPv4 header, protocol 51 | AH (24 bytes) | VRRPv2 message (auth type 2, auth data 0) |
 *   AH: | next header 112 | payload len 4 | reserved 0 | SPI = the IP source |
 *       | sequence number | ICV: 12 bytes |
 *
 * The ICV is the first 96 bits of HMAC-MD5 (RFC 2403, RFC 2104) keyed
 * with the instance's 8 bytes of auth_pass (zero padded, as for PASS),
 * over the IP header with TOS, fragment offset and header checksum zeroed
 * (and the TTL too when the advert is unicast), the AH with its ICV
 * zeroed, and the VRRP message. The header length of 24 bytes is the only
 * one keepalived sends or accepts.
 *
 * Core has no crypto: the caller passes the HMAC-MD5 (struct vg_hmac_md5;
 * OpenSSL in vigild, backends/common/hmac.h). The sequence number is the
 * instance's (vg_vrrp_instance.ah_seq, instance.c): keepalived keeps one
 * counter per instance for what it sends and what it accepts (a Backup's
 * counter follows the Master's, so after a takeover it goes on above it).
 */
#ifndef VG_VRRP_AH_H
#define VG_VRRP_AH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/addr.h"
#include "vrrp/packet.h"

#define VG_AH_PROTO 51         /* IP protocol number of AH, RFC 2402 2 */
#define VG_AH_LEN 24           /* next header .. ICV */
#define VG_AH_PLEN 4           /* payload length: 32-bit words minus 2, RFC 2402 2.2 */
#define VG_AH_ICV_LEN 12       /* HMAC-MD5-96, RFC 2403 2 */
#define VG_AH_IP_HDR_LEN 20    /* the IPv4 header vg_ah_encode writes (no options) */
#define VG_AH_IP_HDR_MAX 60
#define VG_AH_SEQ_LAST 0xfffffffdu /* keepalived stops counting above this one ("cycled") */
#define VG_AH_DGRAM_MAX (VG_AH_IP_HDR_LEN + VG_AH_LEN + VG_VRRP_PKT_MAX)

/* The HMAC-MD5 the backend provides (core has no crypto): out = HMAC-MD5(key, msg). */
struct vg_hmac_md5 {
	void *ctx;
	void (*mac)(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len, uint8_t out[16]);
};

/* What one AH advert carries besides the VRRP message. */
struct vg_ah_tx {
	const uint8_t *key;     /* VG_VRRP_AUTH_LEN bytes: auth_pass, zero padded */
	struct vg_addr src;     /* IP source (and SPI) */
	struct vg_addr dst;     /* the group or the unicast peer */
	uint8_t ttl;            /* 255, or unicast_ttl */
	uint16_t ip_id;         /* IP identification: must not be 0 (the kernel would fill it in after the ICV) */
	uint32_t seq;           /* sequence number */
	bool unicast;           /* the TTL is left out of the ICV (keepalived: unicast adverts) */
};

/*
 * Build the whole IPv4 datagram (IP header, AH, VRRP message `vrrp`) into
 * out: TOS 0xc0 (internetwork control), no fragment flags, header checksum
 * filled in (the kernel recomputes it for IP_HDRINCL anyway). Returns its
 * length, VG_VRRP_ERR_NOSPACE or VG_VRRP_ERR_INVAL (not IPv4, no MAC).
 */
ssize_t vg_ah_encode(const struct vg_ah_tx *tx, const uint8_t *vrrp, size_t len, const struct vg_hmac_md5 *h,
		     uint8_t *out, size_t cap);

/* Why an AH advert fails (each counts as an authentication failure, as keepalived counts it). */
enum vg_ah_verdict {
	VG_AH_OK = 0,
	VG_AH_BAD_HEADER,  /* no IP header, next header not 112, payload length not 4 */
	VG_AH_BAD_ICV,     /* the ICV differs (another auth_pass, or a changed field) */
	VG_AH_BAD_SPI,     /* the SPI is not the IP source */
};

/*
 * Check the ICV and the SPI of a received advert: ip (ip_len bytes, the
 * IPv4 header with its options, as received), ah (VG_AH_LEN bytes) and the
 * VRRP message (vrrp, len). *seq gets the sequence number. The replay
 * check is the instance's (instance.c).
 */
enum vg_ah_verdict vg_ah_verify(const uint8_t *key, const uint8_t *ip, size_t ip_len, const uint8_t *ah,
				const uint8_t *vrrp, size_t len, bool unicast, const struct vg_hmac_md5 *h,
				uint32_t *seq);

#endif
