// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the BFD Control packet codec (RFC 5880 4.1, 4.2, 6.8.6).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "bfd/packet.h"

/* A packet as FRR's bfdd sends it in Down: version 1, Down, mult 3, 300 ms / 300 ms. */
static const uint8_t frr_down[24] = {
	0x20, 0x40, 0x03, 0x18, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x04, 0x93, 0xe0, 0x00, 0x04, 0x93, 0xe0, 0x00, 0x00, 0xc3, 0x50,
};

static void test_decode_mandatory_section(void **state)
{
	struct vg_bfd_packet p;

	(void)state;
	/* RFC 5880 4.1: Vers 3 bits, Diag 5, Sta 2, P F C A D M, Detect Mult, Length, two
	   discriminators, three intervals in microseconds */
	assert_int_equal(vg_bfd_decode(frr_down, sizeof(frr_down), &p), VG_BFD_OK);
	assert_int_equal(p.version, 1);
	assert_int_equal(p.diag, VG_BFD_DIAG_NONE);
	assert_int_equal(p.state, VG_BFD_DOWN);
	assert_false(p.poll || p.final || p.cpi || p.auth || p.demand || p.multipoint);
	assert_int_equal(p.detect_mult, 3);
	assert_int_equal(p.length, 24);
	assert_int_equal(p.my_disc, 42);
	assert_int_equal(p.your_disc, 0);
	assert_int_equal(p.desired_min_tx_us, 300000);
	assert_int_equal(p.required_min_rx_us, 300000);
	assert_int_equal(p.required_min_echo_rx_us, 50000);
}

static void test_encode_round_trip(void **state)
{
	struct vg_bfd_packet p = { 0 }, q;
	uint8_t buf[VG_BFD_LEN_MAX];

	(void)state;
	p.diag = VG_BFD_DIAG_DETECT_EXPIRED;
	p.state = VG_BFD_UP;
	p.poll = true;
	p.detect_mult = 5;
	p.my_disc = 0x01020304;
	p.your_disc = 0xa0b0c0d0;
	p.desired_min_tx_us = 10000;
	p.required_min_rx_us = 20000;
	assert_int_equal(vg_bfd_encode(&p, buf, sizeof(buf)), 24);
	assert_int_equal(buf[0], 0x21);       /* version 1, diag 1 */
	assert_int_equal(buf[1], 0xc0 | 0x20); /* Up, P */
	assert_int_equal(buf[3], 24);
	assert_int_equal(vg_bfd_decode(buf, 24, &q), VG_BFD_OK);
	assert_true(q.poll);
	assert_int_equal(q.your_disc, 0xa0b0c0d0);
	assert_int_equal(q.required_min_rx_us, 20000);
	assert_int_equal(vg_bfd_encode(&p, buf, 23), 0);
}

static void test_simple_password(void **state)
{
	struct vg_bfd_packet p = { 0 }, q;
	uint8_t buf[VG_BFD_LEN_MAX];

	(void)state;
	/* RFC 5880 4.2.2: Auth Type 1, Auth Len = 3 + password length, Key ID, password */
	p.state = VG_BFD_DOWN;
	p.detect_mult = 3;
	p.my_disc = 1;
	p.auth = true;
	p.auth_key_id = 7;
	p.password_len = 6;
	memcpy(p.password, "secret", 6);
	assert_int_equal(vg_bfd_encode(&p, buf, sizeof(buf)), 33);
	assert_int_equal(buf[24], 1);
	assert_int_equal(buf[25], 9);
	assert_int_equal(buf[26], 7);
	assert_int_equal(vg_bfd_decode(buf, 33, &q), VG_BFD_OK);
	assert_int_equal(q.password_len, 6);
	assert_memory_equal(q.password, "secret", 6);
	/* a keyed MD5 section (type 2) is not supported */
	buf[24] = 2;
	assert_int_equal(vg_bfd_decode(buf, 33, &q), VG_BFD_E_AUTH_FORMAT);
	/* Auth Len beyond the packet's Length */
	buf[24] = 1;
	buf[25] = 20;
	assert_int_equal(vg_bfd_decode(buf, 33, &q), VG_BFD_E_AUTH_FORMAT);
}

static void test_reception_checks(void **state)
{
	struct vg_bfd_packet p;
	uint8_t b[24];

	(void)state;
	/* RFC 5880 6.8.6, each rule that needs no session */
	assert_int_equal(vg_bfd_decode(frr_down, 23, &p), VG_BFD_E_SHORT);
	memcpy(b, frr_down, 24);
	b[0] = 0x40; /* version 2 */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_E_VERSION);
	memcpy(b, frr_down, 24);
	b[3] = 23; /* Length less than the minimum */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_E_LENGTH);
	b[3] = 28; /* Length greater than the payload */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_E_LENGTH);
	memcpy(b, frr_down, 24);
	b[1] |= 0x04; /* A bit: Length must be at least 26 */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_E_LENGTH);
	memcpy(b, frr_down, 24);
	b[2] = 0; /* Detect Mult zero */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_E_MULT);
	memcpy(b, frr_down, 24);
	b[1] |= 0x01; /* Multipoint */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_E_MULTIPOINT);
	memcpy(b, frr_down, 24);
	memset(b + 4, 0, 4); /* My Discriminator zero */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_E_MY_DISC);
	memcpy(b, frr_down, 24);
	b[1] = 0xc0; /* Up with Your Discriminator zero */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_E_YOUR_DISC);
	b[1] = 0x00; /* AdminDown with Your Discriminator zero is fine */
	assert_int_equal(vg_bfd_decode(b, 24, &p), VG_BFD_OK);
	/* a longer datagram than Length: the rest is ignored */
	{
		uint8_t big[40] = { 0 };

		memcpy(big, frr_down, 24);
		assert_int_equal(vg_bfd_decode(big, 40, &p), VG_BFD_OK);
	}
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vg_bfd_state_name(VG_BFD_UP), "Up");
	assert_string_equal(vg_bfd_state_name(VG_BFD_ADMIN_DOWN), "AdminDown");
	assert_string_equal(vg_bfd_diag_name(VG_BFD_DIAG_DETECT_EXPIRED), "control detection time expired");
	assert_string_equal(vg_bfd_err_name(VG_BFD_E_TTL), "ttl");
	assert_string_equal(vg_bfd_err_name(VG_BFD_E__COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_mandatory_section),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_simple_password),
		cmocka_unit_test(test_reception_checks),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
