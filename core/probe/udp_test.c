// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the UDP_CHECK verdict, hex strings and the ICMP echo
 * request / reply check (keepalived's check_udp.c, layer4.c, parser.c
 * read_hex_str(), check_ping.c; RFC 792, RFC 4443 4.1-4.2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "probe/udp.h"

static void test_hex(void **state)
{
	uint8_t d[8], m[8];

	(void)state;
	assert_int_equal(vg_probe_hex_parse("0a0B ff", d, NULL, sizeof(d)), 3);
	assert_memory_equal(d, "\x0a\x0b\xff", 3);
	assert_int_equal(vg_probe_hex_parse("a b\t12", d, NULL, sizeof(d)), 3); /* a lone digit is a byte */
	assert_memory_equal(d, "\x0a\x0b\x12", 3);
	assert_int_equal(vg_probe_hex_parse("1x X2", d, m, sizeof(d)), 2);
	assert_memory_equal(d, "\x10\x02", 2);
	assert_memory_equal(m, "\x0f\xf0", 2);
	assert_int_equal(vg_probe_hex_parse("1x", d, NULL, sizeof(d)), VG_PROBE_E_INVAL); /* payload: no wildcards */
	assert_int_equal(vg_probe_hex_parse("", d, NULL, sizeof(d)), VG_PROBE_E_INVAL);
	assert_int_equal(vg_probe_hex_parse("   ", d, NULL, sizeof(d)), VG_PROBE_E_INVAL);
	assert_int_equal(vg_probe_hex_parse("0g", d, NULL, sizeof(d)), VG_PROBE_E_INVAL);
	assert_int_equal(vg_probe_hex_parse("000102030405060708", d, NULL, sizeof(d)), VG_PROBE_E_NOSPACE);
}

static void test_udp_verdict(void **state)
{
	uint8_t d[4], m[4];
	struct vg_udp_expect e = { .min_len = 0, .max_len = VG_UDP_DEFAULT_MAX_REPLY };

	(void)state;
	/* no require_reply: silence is success, an ICMP error a failure, any reply success */
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_TIMEOUT, NULL, 0), VG_UDP_OK);
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_ICMP_ERROR, NULL, 0), VG_UDP_UNREACHABLE);
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_REPLY, (const uint8_t *)"zz", 2), VG_UDP_OK);
	/* require_reply without a pattern: a reply of any length */
	e.require_reply = true;
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_TIMEOUT, NULL, 0), VG_UDP_NO_REPLY);
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_REPLY, (const uint8_t *)"", 0), VG_UDP_OK);
	/* a pattern with a wildcard nibble: "ab 1x" */
	assert_int_equal(vg_probe_hex_parse("ab 1x", d, m, sizeof(d)), 2);
	e.data = d, e.mask = m, e.len = 2;
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_REPLY, (const uint8_t *)"\xab\x1f rest", 7), VG_UDP_OK);
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_REPLY, (const uint8_t *)"\xab\x2f", 2), VG_UDP_MISMATCH);
	/* only the shorter of reply and pattern is compared */
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_REPLY, (const uint8_t *)"\xab", 1), VG_UDP_OK);
	/* lengths */
	e.min_len = 2, e.max_len = 3;
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_REPLY, (const uint8_t *)"\xab", 1), VG_UDP_BAD_LENGTH);
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_REPLY, (const uint8_t *)"\xab\x10\x00", 3), VG_UDP_OK);
	assert_int_equal(vg_udp_verdict(&e, VG_UDP_REPLY, (const uint8_t *)"\xab\x10\x00\x00", 4), VG_UDP_BAD_LENGTH);
}

/* RFC 792 echo: type 8, code 0, checksum, id, seq; RFC 4443 4.1: type 128 */
static void test_icmp_build(void **state)
{
	uint8_t b[VG_ICMP_ECHO_LEN];
	uint32_t sum = 0;

	(void)state;
	assert_int_equal(vg_icmp_echo_build(b, sizeof(b), false, 0x1234, 7), (int)VG_ICMP_ECHO_LEN);
	assert_memory_equal(b, "\x08\x00", 2);
	assert_memory_equal(b + 4, "\x12\x34\x00\x07", 4);
	for (size_t i = 0; i < sizeof(b); i += 2) /* the checksum makes the sum 0xffff */
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	assert_int_equal(vg_icmp_echo_build(b, sizeof(b), true, 1, 2), (int)VG_ICMP_ECHO_LEN);
	assert_int_equal(b[0], 128);
	assert_int_equal(b[2] | b[3], 0);
	assert_int_equal(vg_icmp_echo_build(b, 8, true, 1, 2), VG_PROBE_E_NOSPACE);
}

static void test_icmp_reply(void **state)
{
	const uint8_t v4[] = { 0, 0, 0x12, 0x34, 0xab, 0xcd, 0, 7 };
	const uint8_t v6[] = { 129, 0, 0, 0, 0xab, 0xcd, 0, 7 };

	(void)state;
	assert_int_equal(vg_icmp_echo_reply_check(v4, 8, false, true, 0xabcd, 7), VG_ICMP_OK);
	assert_int_equal(vg_icmp_echo_reply_check(v4, 8, false, false, 0x1111, 7), VG_ICMP_OK); /* ping socket */
	assert_int_equal(vg_icmp_echo_reply_check(v4, 8, false, true, 0x1111, 7), VG_ICMP_IGNORE);
	assert_int_equal(vg_icmp_echo_reply_check(v4, 8, false, true, 0xabcd, 8), VG_ICMP_SEQ);
	assert_int_equal(vg_icmp_echo_reply_check(v4, 7, false, true, 0xabcd, 7), VG_ICMP_SHORT);
	assert_int_equal(vg_icmp_echo_reply_check(v4, 8, true, true, 0xabcd, 7), VG_ICMP_TYPE);
	assert_int_equal(vg_icmp_echo_reply_check(v6, 8, true, true, 0xabcd, 7), VG_ICMP_OK);
	assert_int_equal(vg_icmp_echo_reply_check((const uint8_t *)"\x03\x03\0\0\0\0\0\0", 8, false, false, 0, 0),
			 VG_ICMP_TYPE); /* destination unreachable */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_udp_verdict),
		cmocka_unit_test(test_icmp_build),
		cmocka_unit_test(test_icmp_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
