// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the VRRP codec against known-answer vectors produced by an
 * independent implementation (scapy 2.5, layers/vrrp.py) and the checksum
 * rules of RFC 3768 5.3.8 and RFC 5798 5.2.8.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "vrrp/packet.h"

/* scapy: IP()/VRRP(vrid=51, priority=100, authtype=1, adv=1, addrlist=["192.0.2.16"], auth1=0x31313131) */
static const uint8_t V2_PKT[] = { 0x21, 0x33, 0x64, 0x01, 0x01, 0x01, 0x55, 0x57, 0xc0, 0x00,
				  0x02, 0x10, 0x31, 0x31, 0x31, 0x31, 0x00, 0x00, 0x00, 0x00 };
/* scapy: IP(src=192.0.2.1, dst=224.0.0.18)/VRRPv3(vrid=7, priority=150, adv=100, 192.0.2.100, .101) */
static const uint8_t V3V4_PKT[] = { 0x31, 0x07, 0x96, 0x02, 0x00, 0x64, 0x11, 0x33,
				    0xc0, 0x00, 0x02, 0x64, 0xc0, 0x00, 0x02, 0x65 };
/* scapy: IPv6(src=fe80::1, dst=ff02::12)/VRRPv3(vrid=9, priority=200, adv=50, 2001:db8::100) */
static const uint8_t V3V6_PKT[] = { 0x31, 0x09, 0xc8, 0x01, 0x00, 0x32, 0xd9, 0xea, 0x20, 0x01, 0x0d, 0xb8,
				    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00 };

static struct vg_addr A(const char *s)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(s, &a), 0);
	return a;
}

/* RFC 3768 5.1/5.3: VRRPv2 layout, Adver Int in seconds, auth data last */
static void test_v2_encode_known_answer(void **state)
{
	struct vg_addr vip = A("192.0.2.16");
	struct vg_vrrp_advert adv = {
		.version = 2, .vrid = 51, .priority = 100, .auth_type = VG_VRRP_AUTH_PASS,
		.auth_data = { '1', '1', '1', '1' }, .adver_int_cs = 100, .count = 1, .addrs = &vip,
		.family = VG_AF_INET, .src = A("192.0.2.1"), .dst = A("224.0.0.18"),
	};
	uint8_t out[VG_VRRP_PKT_MAX];

	(void)state;
	assert_int_equal(vg_vrrp_encode(&adv, out, sizeof(out)), sizeof(V2_PKT));
	assert_memory_equal(out, V2_PKT, sizeof(V2_PKT));
}

static void test_v2_decode(void **state)
{
	struct vg_vrrp_packet p;

	(void)state;
	assert_int_equal(vg_vrrp_decode(&p, V2_PKT, sizeof(V2_PKT), VG_AF_INET), sizeof(V2_PKT));
	assert_int_equal(p.version, 2);
	assert_int_equal(p.type, VG_VRRP_TYPE_ADVERT);
	assert_int_equal(p.vrid, 51);
	assert_int_equal(p.priority, 100);
	assert_int_equal(p.count, 1);
	assert_int_equal(p.auth_type, VG_VRRP_AUTH_PASS);
	assert_int_equal(p.adver_int_cs, 100); /* 1 s */
	assert_int_equal(p.checksum, 0x5557);
	assert_memory_equal(p.auth_data, "1111\0\0\0\0", 8);
	assert_memory_equal(p.addrs, "\xc0\x00\x02\x10", 4);
}

/* RFC 5798 5.2.8: v3 checksum covers the IPv4 pseudo-header */
static void test_v3_ipv4_known_answer(void **state)
{
	struct vg_addr vips[2] = { A("192.0.2.100"), A("192.0.2.101") };
	struct vg_vrrp_advert adv = {
		.version = 3, .vrid = 7, .priority = 150, .adver_int_cs = 100, .count = 2, .addrs = vips,
		.family = VG_AF_INET, .src = A("192.0.2.1"), .dst = A("224.0.0.18"),
	};
	uint8_t out[VG_VRRP_PKT_MAX];
	struct vg_vrrp_packet p;
	struct vg_addr src = A("192.0.2.1"), dst = A("224.0.0.18"), other = A("192.0.2.2");

	(void)state;
	assert_int_equal(vg_vrrp_encode(&adv, out, sizeof(out)), sizeof(V3V4_PKT));
	assert_memory_equal(out, V3V4_PKT, sizeof(V3V4_PKT));
	assert_int_equal(vg_vrrp_decode(&p, out, sizeof(V3V4_PKT), VG_AF_INET), sizeof(V3V4_PKT));
	assert_int_equal(p.adver_int_cs, 100);
	assert_int_equal(vg_vrrp_checksum(3, &src, &dst, out, sizeof(V3V4_PKT)), p.checksum);
	/* a different source changes the pseudo-header, so the checksum */
	assert_int_not_equal(vg_vrrp_checksum(3, &other, &dst, out, sizeof(V3V4_PKT)), p.checksum);
}

/* RFC 5798 5.2.8 and RFC 2460 8.1: v3 checksum over the IPv6 pseudo-header */
static void test_v3_ipv6_known_answer(void **state)
{
	struct vg_addr vip = A("2001:db8::100");
	struct vg_vrrp_advert adv = {
		.version = 3, .vrid = 9, .priority = 200, .adver_int_cs = 50, .count = 1, .addrs = &vip,
		.family = VG_AF_INET6, .src = A("fe80::1"), .dst = A("ff02::12"),
	};
	uint8_t out[VG_VRRP_PKT_MAX];
	struct vg_vrrp_packet p;

	(void)state;
	assert_int_equal(vg_vrrp_encode(&adv, out, sizeof(out)), sizeof(V3V6_PKT));
	assert_memory_equal(out, V3V6_PKT, sizeof(V3V6_PKT));
	assert_int_equal(vg_vrrp_decode(&p, out, sizeof(V3V6_PKT), VG_AF_INET6), sizeof(V3V6_PKT));
	assert_int_equal(p.count, 1);
	assert_int_equal(p.adver_int_cs, 50);
}

/* RFC 3768 5.3.8: the v2 checksum does not depend on the IP addresses */
static void test_v2_checksum_ignores_pseudo_header(void **state)
{
	struct vg_addr s1 = A("192.0.2.1"), s2 = A("192.0.2.9"), d = A("224.0.0.18");

	(void)state;
	assert_int_equal(vg_vrrp_checksum(2, &s1, &d, V2_PKT, sizeof(V2_PKT)), 0x5557);
	assert_int_equal(vg_vrrp_checksum(2, &s2, &d, V2_PKT, sizeof(V2_PKT)), 0x5557);
}

/* RFC 5798 5.2.7: Max Adver Int is 12 bits of centiseconds; the 4 rsvd bits are ignored */
static void test_v3_interval_bits(void **state)
{
	struct vg_addr vip = A("192.0.2.100");
	struct vg_vrrp_advert adv = {
		.version = 3, .vrid = 1, .priority = 100, .adver_int_cs = 4095, .count = 1, .addrs = &vip,
		.family = VG_AF_INET, .src = A("192.0.2.1"), .dst = A("224.0.0.18"),
	};
	uint8_t out[VG_VRRP_PKT_MAX];
	struct vg_vrrp_packet p;

	(void)state;
	assert_true(vg_vrrp_encode(&adv, out, sizeof(out)) > 0);
	assert_int_equal(out[4], 0x0f);
	assert_int_equal(out[5], 0xff);
	out[4] |= 0xf0; /* set rsvd */
	assert_true(vg_vrrp_decode(&p, out, 12, VG_AF_INET) > 0);
	assert_int_equal(p.adver_int_cs, 4095);
	adv.adver_int_cs = 4096;
	assert_int_equal(vg_vrrp_encode(&adv, out, sizeof(out)), VG_VRRP_ERR_INVAL);
}

/* RFC 3768 5.3.7: v2 Adver Int is whole seconds */
static void test_v2_interval_seconds(void **state)
{
	struct vg_addr vip = A("192.0.2.16");
	struct vg_vrrp_advert adv = {
		.version = 2, .vrid = 1, .priority = 100, .adver_int_cs = 300, .count = 1, .addrs = &vip,
		.family = VG_AF_INET,
	};
	uint8_t out[VG_VRRP_PKT_MAX];

	(void)state;
	assert_int_equal(vg_vrrp_encode(&adv, out, sizeof(out)), 20);
	assert_int_equal(out[5], 3);
	adv.adver_int_cs = 150; /* 1.5 s cannot be said in VRRPv2 */
	assert_int_equal(vg_vrrp_encode(&adv, out, sizeof(out)), VG_VRRP_ERR_INVAL);
}

static void test_decode_errors(void **state)
{
	struct vg_vrrp_packet p;
	uint8_t b[sizeof(V2_PKT)];

	(void)state;
	assert_int_equal(vg_vrrp_decode(&p, V2_PKT, 7, VG_AF_INET), VG_VRRP_ERR_SHORT);
	/* count says 1 address but the auth data is cut */
	assert_int_equal(vg_vrrp_decode(&p, V2_PKT, sizeof(V2_PKT) - 1, VG_AF_INET), VG_VRRP_ERR_SHORT);
	/* v3 with a count of 2 but only one address present */
	assert_int_equal(vg_vrrp_decode(&p, V3V4_PKT, 12, VG_AF_INET), VG_VRRP_ERR_SHORT);
	memcpy(b, V2_PKT, sizeof(b));
	b[0] = 0x41; /* version 4 */
	assert_int_equal(vg_vrrp_decode(&p, b, sizeof(b), VG_AF_INET), VG_VRRP_ERR_VERSION);
	/* VRRPv2 is IPv4 only (RFC 3768 1) */
	assert_int_equal(vg_vrrp_decode(&p, V2_PKT, sizeof(V2_PKT), VG_AF_INET6), VG_VRRP_ERR_FAMILY);
	assert_int_equal(vg_vrrp_decode(&p, V2_PKT, sizeof(V2_PKT), VG_AF_NONE), VG_VRRP_ERR_FAMILY);
}

/* RFC 5798 7.1 (the complete VRRP packet): count and length must agree */
static void test_count_and_length_agree(void **state)
{
	struct vg_vrrp_packet p;
	uint8_t b[sizeof(V3V4_PKT) + 4];

	(void)state;
	assert_true(vg_vrrp_decode(&p, V3V4_PKT, sizeof(V3V4_PKT), VG_AF_INET) > 0);
	/* trailing bytes the count does not announce */
	memcpy(b, V3V4_PKT, sizeof(V3V4_PKT));
	memset(b + sizeof(V3V4_PKT), 0, 4);
	assert_int_equal(vg_vrrp_decode(&p, b, sizeof(b), VG_AF_INET), VG_VRRP_ERR_SHORT);
	/* count 0 followed by an address: malformed */
	memcpy(b, V3V4_PKT, sizeof(V3V4_PKT));
	b[3] = 0;
	assert_int_equal(vg_vrrp_decode(&p, b, sizeof(V3V4_PKT), VG_AF_INET), VG_VRRP_ERR_SHORT);
	/* count 0 and nothing else: keepalived's advert for an instance without VIPs, accepted */
	assert_int_equal(vg_vrrp_decode(&p, b, 8, VG_AF_INET), 8);
}

static void test_encode_limits(void **state)
{
	struct vg_addr vip = A("192.0.2.16"), v6 = A("2001:db8::1");
	struct vg_vrrp_advert adv = {
		.version = 2, .vrid = 1, .priority = 100, .adver_int_cs = 100, .count = 1, .addrs = &vip,
		.family = VG_AF_INET,
	};
	uint8_t out[VG_VRRP_PKT_MAX];

	(void)state;
	assert_int_equal(vg_vrrp_encode(&adv, out, 19), VG_VRRP_ERR_NOSPACE);
	adv.family = VG_AF_INET6;
	adv.addrs = &v6;
	assert_int_equal(vg_vrrp_encode(&adv, out, sizeof(out)), VG_VRRP_ERR_FAMILY);
	adv.version = 3;
	adv.addrs = &vip; /* an IPv4 address in an IPv6 advert */
	assert_int_equal(vg_vrrp_encode(&adv, out, sizeof(out)), VG_VRRP_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2_encode_known_answer),
		cmocka_unit_test(test_v2_decode),
		cmocka_unit_test(test_v3_ipv4_known_answer),
		cmocka_unit_test(test_v3_ipv6_known_answer),
		cmocka_unit_test(test_v2_checksum_ignores_pseudo_header),
		cmocka_unit_test(test_v3_interval_bits),
		cmocka_unit_test(test_v2_interval_seconds),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_count_and_length_agree),
		cmocka_unit_test(test_encode_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
