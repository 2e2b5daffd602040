// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the HMAC-MD5 vigild hands to core, and the known-answer
 * vector of `auth_type AH`: an advert keepalived 2.2.7 sent, captured with
 * tcpdump (tests/data/keepalived-2.2.7-ah-advert.pcap: vrrp_instance VI_1,
 * VRID 51, priority 150, advert_int 1, auth_type AH, auth_pass secret, VIP
 * 192.0.2.100, eth0 192.0.2.11, in a network namespace). core/vrrp/ah.c
 * must verify it, and build the same bytes from the same fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/hmac.h"
#include "vrrp/ah.h"
#include "vrrp/instance.h"

/* The IP datagram of the first frame of tests/data/keepalived-2.2.7-ah-advert.pcap (after Ethernet). */
static const uint8_t ka_advert[64] = {
	0x45, 0xc0, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, 0xff, 0x33, 0x18, 0xac, /* TOS 0xc0, id 1, TTL 255, AH */
	0xc0, 0x00, 0x02, 0x0b, 0xe0, 0x00, 0x00, 0x12,                         /* 192.0.2.11 -> 224.0.0.18 */
	0x70, 0x04, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x0b, 0x00, 0x00, 0x00, 0x01, /* next 112, len 4, SPI = src, seq 1 */
	0x4c, 0xd1, 0x7f, 0xc7, 0xb0, 0x83, 0x53, 0xd9, 0xb2, 0x78, 0x17, 0x71, /* ICV */
	0x21, 0x33, 0x96, 0x01, 0x02, 0x01, 0x84, 0x65, 0xc0, 0x00, 0x02, 0x64, /* VRRPv2, auth type 2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                         /* auth data: zero with AH */
};

static const uint8_t key[VG_VRRP_AUTH_LEN] = { 's', 'e', 'c', 'r', 'e', 't', 0, 0 };

/* RFC 2202 3, test case 2: HMAC-MD5("Jefe", "what do ya want for nothing?") */
static void test_hmac_md5_rfc2202(void **state)
{
	static const uint8_t want[16] = { 0x75, 0x0c, 0x78, 0x3e, 0x6a, 0xb0, 0xb5, 0x03,
					  0xea, 0xa8, 0x6e, 0x31, 0x0a, 0x5d, 0xb7, 0x38 };
	const char *msg = "what do ya want for nothing?";
	uint8_t out[16];

	(void)state;
	vgb_hmac_md5(NULL, (const uint8_t *)"Jefe", 4, (const uint8_t *)msg, strlen(msg), out);
	assert_memory_equal(out, want, 16);
}

/* RFC 2338 10 as keepalived 2.2.7 implements it: its advert verifies with auth_pass "secret" */
static void test_keepalived_advert_verifies(void **state)
{
	uint32_t seq = 0;
	uint8_t bad[VG_VRRP_AUTH_LEN] = { 's', 'e', 'c', 'r', 'e', 'T', 0, 0 };

	(void)state;
	assert_int_equal(vg_ah_verify(key, ka_advert, 20, ka_advert + 20, ka_advert + 44, 20, false,
				      &vgb_hmac_md5_provider, &seq),
			 VG_AH_OK);
	assert_int_equal(seq, 1);
	/* another auth_pass: the ICV differs */
	assert_int_equal(vg_ah_verify(bad, ka_advert, 20, ka_advert + 20, ka_advert + 44, 20, false,
				      &vgb_hmac_md5_provider, &seq),
			 VG_AH_BAD_ICV);
	/* keepalived zeroes the TTL only for unicast: the multicast advert fails as if unicast */
	assert_int_equal(vg_ah_verify(key, ka_advert, 20, ka_advert + 20, ka_advert + 44, 20, true,
				      &vgb_hmac_md5_provider, &seq),
			 VG_AH_BAD_ICV);
}

/* vigild builds the very bytes keepalived sent, from the same instance and counters */
static void test_encode_matches_keepalived(void **state)
{
	struct vg_vrrp_config c;
	struct vg_addr vip = { VG_AF_INET, { 192, 0, 2, 100 } };
	struct vg_action a;
	struct vg_ah_tx tx;
	uint8_t vrrp[VG_VRRP_PKT_MAX], out[VG_AH_DGRAM_MAX];
	ssize_t vlen, len;

	(void)state;
	vg_vrrp_config_defaults(&c);
	c.vrid = 51;
	c.priority = 150;
	c.auth_type = VG_VRRP_AUTH_AH;
	memcpy(c.auth_data, key, sizeof(key));
	c.vip_count = 1;
	c.vips = &vip;
	assert_null(vg_vrrp_config_check(&c));
	memset(&a, 0, sizeof(a));
	a.kind = VG_ACT_SEND_ADVERT;
	a.instance = c.id;
	a.u.advert.priority = 150;
	a.u.advert.src = (struct vg_addr){ VG_AF_INET, { 192, 0, 2, 11 } };
	a.u.advert.dst = vg_addr_vrrp_group(VG_AF_INET);
	vlen = vg_vrrp_advert_encode(&c, &a, vrrp, sizeof(vrrp));
	assert_int_equal(vlen, 20);
	memset(&tx, 0, sizeof(tx));
	tx.key = c.auth_data;
	tx.src = a.u.advert.src;
	tx.dst = a.u.advert.dst;
	tx.ttl = 255;
	tx.ip_id = 1;
	tx.seq = 1;
	len = vg_ah_encode(&tx, vrrp, (size_t)vlen, &vgb_hmac_md5_provider, out, sizeof(out));
	assert_int_equal(len, sizeof(ka_advert));
	assert_memory_equal(out, ka_advert, sizeof(ka_advert));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_md5_rfc2202),
		cmocka_unit_test(test_keepalived_advert_verifies),
		cmocka_unit_test(test_encode_matches_keepalived),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
