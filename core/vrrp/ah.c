// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the Authentication Header of `auth_type AH`: build and check.
 *
 * Layouts and the ICV's coverage are in ah.h. Both directions lay the
 * covered bytes out in one buffer (IP header with the mutable fields
 * zeroed, AH with a zero ICV, VRRP message) and hand it to the backend's
 * HMAC-MD5 once.
 */
#include "vrrp/ah.h"

#include <string.h>

#include "base/cksum.h"

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Zero what may change on the way (RFC 2402 3.3.3.1.1.1): TOS, flags + fragment offset, checksum; TTL for unicast. */
static void zero_mutable(uint8_t *ip, bool unicast)
{
	ip[1] = 0;
	ip[6] = ip[7] = 0;
	ip[10] = ip[11] = 0;
	if (unicast)
		ip[8] = 0;
}

ssize_t vg_ah_encode(const struct vg_ah_tx *tx, const uint8_t *vrrp, size_t len, const struct vg_hmac_md5 *h,
		     uint8_t *out, size_t cap)
{
	size_t total = VG_AH_IP_HDR_LEN + VG_AH_LEN + len;
	uint8_t digest[16];
	uint8_t *ip = out, *ah = out + VG_AH_IP_HDR_LEN;

	if (tx->src.family != VG_AF_INET || tx->dst.family != VG_AF_INET || !h || !h->mac || !tx->key)
		return VG_VRRP_ERR_INVAL;
	if (total > cap || total > 0xffff)
		return VG_VRRP_ERR_NOSPACE;
	memset(out, 0, VG_AH_IP_HDR_LEN + VG_AH_LEN);
	ip[0] = 0x45;
	vg_wr16(ip + 2, (uint16_t)total);
	vg_wr16(ip + 4, tx->ip_id);
	ip[8] = tx->ttl;
	ip[9] = VG_AH_PROTO;
	memcpy(ip + 12, tx->src.bytes, 4);
	memcpy(ip + 16, tx->dst.bytes, 4);
	ah[0] = VG_VRRP_PROTO; /* next header, RFC 2402 2.1 */
	ah[1] = VG_AH_PLEN;
	memcpy(ah + 4, tx->src.bytes, 4); /* SPI: the sender's address, as keepalived chooses it */
	wr32(ah + 8, tx->seq);
	memcpy(ah + 24, vrrp, len);

	/* the ICV over the datagram as the receiver will see it with the mutable fields zeroed */
	zero_mutable(ip, tx->unicast);
	h->mac(h->ctx, tx->key, VG_VRRP_AUTH_LEN, out, total, digest);
	memcpy(ah + 12, digest, VG_AH_ICV_LEN);

	ip[1] = 0xc0; /* internetwork control, as the protocol-112 socket sends; fragment fields stay 0 */
	ip[8] = tx->ttl;
	vg_wr16(ip + 10, vg_cksum_fold(vg_cksum_add(0, ip, VG_AH_IP_HDR_LEN)));
	return (ssize_t)total;
}

enum vg_ah_verdict vg_ah_verify(const uint8_t *key, const uint8_t *ip, size_t ip_len, const uint8_t *ah,
				const uint8_t *vrrp, size_t len, bool unicast, const struct vg_hmac_md5 *h,
				uint32_t *seq)
{
	uint8_t buf[VG_AH_IP_HDR_MAX + VG_AH_LEN + VG_VRRP_PKT_MAX];
	uint8_t digest[16];
	uint8_t diff = 0;
	size_t i;

	*seq = 0;
	if (!ip || ip_len < VG_AH_IP_HDR_LEN || ip_len > VG_AH_IP_HDR_MAX || !ah || len > VG_VRRP_PKT_MAX)
		return VG_AH_BAD_HEADER;
	if (ah[0] != VG_VRRP_PROTO || ah[1] != VG_AH_PLEN)
		return VG_AH_BAD_HEADER;
	if (!h || !h->mac)
		return VG_AH_BAD_ICV; /* no MAC to check with: nothing can be trusted */
	memcpy(buf, ip, ip_len);
	zero_mutable(buf, unicast);
	memcpy(buf + ip_len, ah, VG_AH_LEN);
	memset(buf + ip_len + 12, 0, VG_AH_ICV_LEN);
	memcpy(buf + ip_len + VG_AH_LEN, vrrp, len);
	h->mac(h->ctx, key, VG_VRRP_AUTH_LEN, buf, ip_len + VG_AH_LEN + len, digest);
	for (i = 0; i < VG_AH_ICV_LEN; i++) /* in constant time, as keepalived compares */
		diff |= (uint8_t)(digest[i] ^ ah[12 + i]);
	if (diff)
		return VG_AH_BAD_ICV;
	/* keepalived: the SPI must be the IP source */
	if (memcmp(ah + 4, ip + 12, 4) != 0)
		return VG_AH_BAD_SPI;
	*seq = rd32(ah + 8);
	return VG_AH_OK;
}
