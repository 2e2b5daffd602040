// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: Ethernet, IPv4, IPv6, ARP and ICMPv6 framing (see frame.h).
 */
#include "wire/frame.h"

#include <string.h>

#include "base/cksum.h"

#define ETH_HLEN 14
#define ETHERTYPE_IP 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_IPV6 0x86dd
#define IP4_HLEN 20
#define IP6_HLEN 40
#define PROTO_VRRP 112
#define PROTO_ICMPV6 58

static void eth(uint8_t *out, const uint8_t dst[VG_ETH_ALEN], const uint8_t src[VG_ETH_ALEN], uint16_t type)
{
	memcpy(out, dst, VG_ETH_ALEN);
	memcpy(out + 6, src, VG_ETH_ALEN);
	vg_wr16(out + 12, type);
}

void vg_frame_vmac(uint8_t family, uint8_t vrid, uint8_t mac[VG_ETH_ALEN])
{
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = family == VG_AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

void vg_frame_dst_mac(const struct vg_addr *dst, const uint8_t unicast_mac[VG_ETH_ALEN], uint8_t mac[VG_ETH_ALEN])
{
	if (dst->family == VG_AF_INET && (dst->bytes[0] & 0xf0) == 0xe0) {
		mac[0] = 0x01;
		mac[1] = 0x00;
		mac[2] = 0x5e;
		mac[3] = dst->bytes[1] & 0x7f;
		mac[4] = dst->bytes[2];
		mac[5] = dst->bytes[3];
	} else if (dst->family == VG_AF_INET6 && dst->bytes[0] == 0xff) {
		mac[0] = 0x33;
		mac[1] = 0x33;
		memcpy(mac + 2, dst->bytes + 12, 4);
	} else {
		memcpy(mac, unicast_mac, VG_ETH_ALEN);
	}
}

ssize_t vg_frame_vrrp(uint8_t *out, size_t cap, const uint8_t src_mac[VG_ETH_ALEN],
		      const uint8_t dst_mac[VG_ETH_ALEN], const struct vg_addr *src, const struct vg_addr *dst,
		      uint16_t ip_id, const uint8_t *vrrp, size_t vrrp_len)
{
	uint8_t *ip = out + ETH_HLEN;
	size_t len;

	if (src->family == VG_AF_INET) {
		len = ETH_HLEN + IP4_HLEN + vrrp_len;
		if (len > cap)
			return -1;
		eth(out, dst_mac, src_mac, ETHERTYPE_IP);
		ip[0] = 0x45;
		ip[1] = 0xc0; /* DSCP CS6, network control */
		vg_wr16(ip + 2, (uint16_t)(IP4_HLEN + vrrp_len));
		vg_wr16(ip + 4, ip_id);
		vg_wr16(ip + 6, 0);
		ip[8] = 255; /* RFC 5798 5.1.1.3 */
		ip[9] = PROTO_VRRP;
		vg_wr16(ip + 10, 0);
		memcpy(ip + 12, src->bytes, 4);
		memcpy(ip + 16, dst->bytes, 4);
		vg_wr16(ip + 10, vg_cksum_fold(vg_cksum_add(0, ip, IP4_HLEN)));
		memcpy(ip + IP4_HLEN, vrrp, vrrp_len);
		return (ssize_t)len;
	}
	len = ETH_HLEN + IP6_HLEN + vrrp_len;
	if (len > cap || src->family != VG_AF_INET6)
		return -1;
	eth(out, dst_mac, src_mac, ETHERTYPE_IPV6);
	ip[0] = 0x60;
	ip[1] = ip[2] = ip[3] = 0;
	vg_wr16(ip + 4, (uint16_t)vrrp_len);
	ip[6] = PROTO_VRRP;
	ip[7] = 255; /* RFC 5798 5.1.2.3 */
	memcpy(ip + 8, src->bytes, 16);
	memcpy(ip + 24, dst->bytes, 16);
	memcpy(ip + IP6_HLEN, vrrp, vrrp_len);
	return (ssize_t)len;
}

ssize_t vg_frame_garp(uint8_t *out, size_t cap, const uint8_t mac[VG_ETH_ALEN], const struct vg_addr *vip)
{
	static const uint8_t bcast[VG_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t *a = out + ETH_HLEN;

	if (cap < ETH_HLEN + 28 || vip->family != VG_AF_INET)
		return -1;
	eth(out, bcast, mac, ETHERTYPE_ARP);
	vg_wr16(a, 1);          /* hardware: Ethernet */
	vg_wr16(a + 2, 0x0800); /* protocol: IPv4 */
	a[4] = 6;
	a[5] = 4;
	vg_wr16(a + 6, 1);      /* request */
	memcpy(a + 8, mac, 6);
	memcpy(a + 14, vip->bytes, 4);
	memset(a + 18, 0, 6);
	memcpy(a + 24, vip->bytes, 4);
	return ETH_HLEN + 28;
}

ssize_t vg_frame_una(uint8_t *out, size_t cap, const uint8_t mac[VG_ETH_ALEN], const struct vg_addr *src,
		     const struct vg_addr *vip)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t all_nodes_mac[VG_ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t *ip = out + ETH_HLEN, *icmp = ip + IP6_HLEN;
	const size_t icmp_len = 32; /* header 4 + flags 4 + target 16 + option 8 */
	uint32_t acc;

	if (cap < ETH_HLEN + IP6_HLEN + icmp_len || vip->family != VG_AF_INET6 || src->family != VG_AF_INET6)
		return -1;
	eth(out, all_nodes_mac, mac, ETHERTYPE_IPV6);
	ip[0] = 0x60;
	ip[1] = ip[2] = ip[3] = 0;
	vg_wr16(ip + 4, (uint16_t)icmp_len);
	ip[6] = PROTO_ICMPV6;
	ip[7] = 255; /* RFC 4861 7.1.2 */
	memcpy(ip + 8, src->bytes, 16);
	memcpy(ip + 24, all_nodes, 16);
	icmp[0] = 136; /* Neighbor Advertisement */
	icmp[1] = 0;
	vg_wr16(icmp + 2, 0);
	icmp[4] = 0xa0; /* Router and Override, not Solicited: RFC 5798 6.4.1, RFC 4861 7.2.6 */
	icmp[5] = icmp[6] = icmp[7] = 0;
	memcpy(icmp + 8, vip->bytes, 16);
	icmp[24] = 2; /* Target Link-Layer Address */
	icmp[25] = 1; /* 8 bytes */
	memcpy(icmp + 26, mac, 6);
	acc = vg_cksum_add(0, ip + 8, 32);
	acc += (uint32_t)icmp_len + PROTO_ICMPV6;
	acc = vg_cksum_add(acc, icmp, icmp_len);
	vg_wr16(icmp + 2, vg_cksum_fold(acc));
	return (ssize_t)(ETH_HLEN + IP6_HLEN + icmp_len);
}
