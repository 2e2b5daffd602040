// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: VRRP advertisement encode / decode and checksum.
 *
 * Byte layouts are in packet.h. All multi-byte fields are big-endian on the
 * wire and read byte by byte, so the code has no alignment or host-order
 * assumptions.
 */
#include "vrrp/packet.h"

#include <string.h>

#include "base/cksum.h"

uint16_t vg_vrrp_checksum(uint8_t version, const struct vg_addr *src, const struct vg_addr *dst,
			  const uint8_t *msg, size_t len)
{
	uint32_t acc = 0;

	if (version == 3) {
		size_t alen = vg_addr_len(src->family);

		acc = vg_cksum_add(acc, src->bytes, alen);
		acc = vg_cksum_add(acc, dst->bytes, alen);
		/* IPv4: zero, protocol, 16-bit length. IPv6: 32-bit length, 3 zero bytes, next header. */
		acc += (uint32_t)(len & 0xffff) + (uint32_t)(len >> 16);
		acc += VG_VRRP_PROTO;
	}
	if (len >= VG_VRRP_HDR_LEN) {
		acc = vg_cksum_add(acc, msg, 6);              /* up to the checksum field */
		acc = vg_cksum_add(acc, msg + 8, len - 8);    /* after it */
	} else {
		acc = vg_cksum_add(acc, msg, len);
	}
	return vg_cksum_fold(acc);
}

ssize_t vg_vrrp_decode(struct vg_vrrp_packet *dst, const uint8_t *buf, size_t len, uint8_t family)
{
	size_t alen = vg_addr_len(family);
	size_t need;

	memset(dst, 0, sizeof(*dst));
	if (alen == 0)
		return VG_VRRP_ERR_FAMILY;
	if (len < VG_VRRP_HDR_LEN)
		return VG_VRRP_ERR_SHORT;

	dst->version = buf[0] >> 4;
	dst->type = buf[0] & 0x0f;
	dst->vrid = buf[1];
	dst->priority = buf[2];
	dst->count = buf[3];
	dst->family = family;
	dst->checksum = vg_rd16(buf + 6);
	dst->addrs = buf + VG_VRRP_HDR_LEN;

	if (dst->version == 2) {
		if (family != VG_AF_INET)
			return VG_VRRP_ERR_FAMILY; /* RFC 3768 is IPv4 only */
		dst->auth_type = buf[4];
		dst->adver_int_cs = (uint16_t)(buf[5] * 100u);
		need = VG_VRRP_HDR_LEN + (size_t)dst->count * alen + VG_VRRP_AUTH_LEN;
		if (len < need)
			return VG_VRRP_ERR_SHORT;
		memcpy(dst->auth_data, buf + need - VG_VRRP_AUTH_LEN, VG_VRRP_AUTH_LEN);
	} else if (dst->version == 3) {
		dst->adver_int_cs = vg_rd16(buf + 4) & 0x0fff;
		need = VG_VRRP_HDR_LEN + (size_t)dst->count * alen;
		if (len < need)
			return VG_VRRP_ERR_SHORT;
	} else {
		return VG_VRRP_ERR_VERSION;
	}
	/*
	 * RFC 5798 7.1: the packet MUST contain the complete VRRP packet, and
	 * the IP payload is exactly that packet: a count that disagrees with
	 * the length is malformed. (A count of 0 with no addresses is below
	 * RFC 5798 5.2.5's minimum of 1 but is what keepalived sends for an
	 * instance without VIPs; it is accepted for interoperation.)
	 */
	if (len != need)
		return VG_VRRP_ERR_SHORT;
	dst->len = need;
	return (ssize_t)need;
}

ssize_t vg_vrrp_encode(const struct vg_vrrp_advert *adv, uint8_t *out, size_t cap)
{
	size_t alen = vg_addr_len(adv->family);
	size_t need;
	uint8_t i;

	if (alen == 0 || (adv->version == 2 && adv->family != VG_AF_INET))
		return VG_VRRP_ERR_FAMILY;
	if (adv->version != 2 && adv->version != 3)
		return VG_VRRP_ERR_INVAL;
	if (adv->version == 2 && (adv->adver_int_cs % 100 != 0 || adv->adver_int_cs / 100 > 255))
		return VG_VRRP_ERR_INVAL;
	if (adv->version == 3 && adv->adver_int_cs > VG_VRRP_V3_ADVER_INT_MAX_CS)
		return VG_VRRP_ERR_INVAL;

	need = VG_VRRP_HDR_LEN + (size_t)adv->count * alen + (adv->version == 2 ? VG_VRRP_AUTH_LEN : 0);
	if (need > cap)
		return VG_VRRP_ERR_NOSPACE;

	out[0] = (uint8_t)(adv->version << 4 | VG_VRRP_TYPE_ADVERT);
	out[1] = adv->vrid;
	out[2] = adv->priority;
	out[3] = adv->count;
	if (adv->version == 2) {
		out[4] = adv->auth_type;
		out[5] = (uint8_t)(adv->adver_int_cs / 100);
	} else {
		vg_wr16(out + 4, adv->adver_int_cs & 0x0fff); /* rsvd = 0, RFC 5798 5.2.6 */
	}
	vg_wr16(out + 6, 0);
	for (i = 0; i < adv->count; i++) {
		if (adv->addrs[i].family != adv->family)
			return VG_VRRP_ERR_INVAL;
		memcpy(out + VG_VRRP_HDR_LEN + (size_t)i * alen, adv->addrs[i].bytes, alen);
	}
	if (adv->version == 2)
		memcpy(out + need - VG_VRRP_AUTH_LEN, adv->auth_data, VG_VRRP_AUTH_LEN);
	vg_wr16(out + 6, vg_vrrp_checksum(adv->version, &adv->src, &adv->dst, out, need));
	return (ssize_t)need;
}
