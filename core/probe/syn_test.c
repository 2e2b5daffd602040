// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the half-open TCP_CHECK's SYN and of how an answer is read
 * (RFC 9293 3.1, 3.2, 3.10.7.3; RFC 6298 2.1, 5.5).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "probe/syn.h"

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)(p[i] << 8 | p[i + 1]);
	return acc;
}

static uint16_t fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)acc;
}

static const struct vg_syn_tuple t4 = {
	.src = { 198, 51, 100, 1 }, .dst = { 192, 0, 2, 10 }, .sport = 40000, .dport = 80,
};

/* RFC 9293 3.1: ports, SEQ = ISS, data offset 6 (24 bytes), SYN only, checksum over the pseudo-header */
static void test_build_v4(void **state)
{
	uint8_t b[VG_SYN_LEN];
	uint32_t acc;

	(void)state;
	assert_int_equal(vg_syn_build(b, sizeof(b), &t4, 0x01020304u, true), (int)VG_SYN_LEN);
	assert_memory_equal(b, "\x9c\x40\x00\x50\x01\x02\x03\x04\x00\x00\x00\x00", 12);
	assert_int_equal(b[12], 0x60);
	assert_int_equal(b[13], VG_TCP_SYN);
	/* RFC 9293 3.2: MSS option kind 2 length 4; 1460 over IPv4 */
	assert_memory_equal(b + 20, "\x02\x04\x05\xb4", 4);
	/* the sum over pseudo-header and segment, checksum included, is 0xffff */
	acc = sum16(t4.src, 4, 0);
	acc = sum16(t4.dst, 4, acc);
	acc += 6 + VG_SYN_LEN;
	acc = sum16(b, sizeof(b), acc);
	assert_int_equal(fold(acc), 0xffff);
	assert_int_equal(vg_syn_build(b, VG_SYN_LEN - 1, &t4, 1, true), VG_PROBE_E_NOSPACE);
}

/* RFC 8200 8.1: an IPv6 raw socket with IPV6_CHECKSUM fills it: left 0; MSS 1440 */
static void test_build_v6_kernel_checksum(void **state)
{
	struct vg_syn_tuple t = { .v6 = true, .sport = 1, .dport = 443 };
	uint8_t b[VG_SYN_LEN];

	(void)state;
	t.src[0] = 0x20, t.src[1] = 0x01, t.src[2] = 0x0d, t.src[3] = 0xb8, t.src[15] = 1;
	memcpy(t.dst, t.src, 16);
	t.dst[15] = 2;
	assert_int_equal(vg_syn_build(b, sizeof(b), &t, 7, false), (int)VG_SYN_LEN);
	assert_int_equal(b[16] | b[17], 0);
	assert_memory_equal(b + 20, "\x02\x04\x05\xa0", 4);
	assert_int_equal(vg_syn_build(b, sizeof(b), &t, 7, true), (int)VG_SYN_LEN);
	assert_int_not_equal(b[16] | b[17], 0);
}

/* A SYN-ACK as the server's kernel sends it, in an IPv4 datagram (what a raw IPv4 socket reads). */
static size_t synack4(uint8_t *p, uint8_t flags, uint32_t ack)
{
	memset(p, 0, 44);
	p[0] = 0x45;
	p[2] = 0, p[3] = 44;
	p[8] = 64, p[9] = 6;
	memcpy(p + 12, t4.dst, 4); /* from the server */
	memcpy(p + 16, t4.src, 4);
	p[20] = 0x00, p[21] = 80;  /* its port */
	p[22] = 0x9c, p[23] = 0x40;
	p[24] = 0xaa, p[25] = 0xbb, p[26] = 0xcc, p[27] = 0xdd;
	p[28] = (uint8_t)(ack >> 24), p[29] = (uint8_t)(ack >> 16), p[30] = (uint8_t)(ack >> 8), p[31] = (uint8_t)ack;
	p[32] = 0x60;
	p[33] = flags;
	return 44;
}

static void test_parse_v4(void **state)
{
	uint8_t p[64];
	struct vg_syn_seg s;
	size_t n = synack4(p, VG_TCP_SYN | VG_TCP_ACK, 0x01020305u);

	(void)state;
	assert_int_equal(vg_syn_parse(p, n, true, &s), 0);
	assert_memory_equal(s.t.src, t4.dst, 4);
	assert_memory_equal(s.t.dst, t4.src, 4);
	assert_int_equal(s.t.sport, 80);
	assert_int_equal(s.t.dport, 40000);
	assert_int_equal(s.seq, 0xaabbccddu);
	assert_int_equal(s.ack, 0x01020305u);
	assert_int_equal(s.flags, VG_TCP_SYN | VG_TCP_ACK);
	/* bounds: every prefix shorter than the headers is truncated, never read past */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(vg_syn_parse(p, i, true, &s), VG_PROBE_E_TRUNCATED);
	p[32] = 0x40; /* data offset 4 words */
	assert_int_equal(vg_syn_parse(p, n, true, &s), VG_PROBE_E_MALFORMED);
	p[32] = 0xf0; /* 60 bytes of header in a 24-byte segment */
	assert_int_equal(vg_syn_parse(p, n, true, &s), VG_PROBE_E_TRUNCATED);
	synack4(p, VG_TCP_SYN | VG_TCP_ACK, 1);
	p[9] = 17;    /* UDP */
	assert_int_equal(vg_syn_parse(p, n, true, &s), VG_PROBE_E_MALFORMED);
	synack4(p, VG_TCP_SYN | VG_TCP_ACK, 1);
	p[7] = 1;     /* a later fragment */
	assert_int_equal(vg_syn_parse(p, n, true, &s), VG_PROBE_E_MALFORMED);
	synack4(p, VG_TCP_SYN | VG_TCP_ACK, 1);
	p[0] = 0x44;  /* IHL 4 */
	assert_int_equal(vg_syn_parse(p, n, true, &s), VG_PROBE_E_MALFORMED);
	synack4(p, VG_TCP_SYN | VG_TCP_ACK, 1);
	p[3] = 40;    /* total length says the TCP header is cut */
	assert_int_equal(vg_syn_parse(p, n, true, &s), VG_PROBE_E_TRUNCATED);
	/* IPv6: from the TCP header */
	synack4(p, VG_TCP_RST | VG_TCP_ACK, 9);
	assert_int_equal(vg_syn_parse(p + 20, 24, false, &s), 0);
	assert_true(s.t.v6);
	assert_int_equal(s.flags, VG_TCP_RST | VG_TCP_ACK);
	assert_int_equal(s.ack, 9);
}

/* RFC 9293 3.10.7.3 SYN-SENT: only SEG.ACK = ISS + 1 answers our SYN */
static void test_verdict(void **state)
{
	struct vg_syn_seg s = { .ack = 101, .flags = VG_TCP_SYN | VG_TCP_ACK };

	(void)state;
	assert_int_equal(vg_syn_verdict(&s, 100), VG_SYN_ALIVE);
	assert_int_equal(vg_syn_verdict(&s, 99), VG_SYN_IGNORE);   /* a stale SYN-ACK (an earlier ISS) */
	s.flags = VG_TCP_RST | VG_TCP_ACK;
	assert_int_equal(vg_syn_verdict(&s, 100), VG_SYN_REFUSED); /* "error: connection reset" */
	assert_int_equal(vg_syn_verdict(&s, 101), VG_SYN_IGNORE);
	s.flags = VG_TCP_RST;                                       /* RST without ACK: dropped */
	assert_int_equal(vg_syn_verdict(&s, 100), VG_SYN_IGNORE);
	s.flags = VG_TCP_SYN;                                       /* simultaneous open: not an answer */
	assert_int_equal(vg_syn_verdict(&s, 100), VG_SYN_IGNORE);
	s.flags = VG_TCP_ACK;                                       /* neither SYN nor RST */
	assert_int_equal(vg_syn_verdict(&s, 100), VG_SYN_IGNORE);
	s.flags = VG_TCP_SYN | VG_TCP_ACK;                          /* ISS at the wrap */
	s.ack = 0;
	assert_int_equal(vg_syn_verdict(&s, 0xffffffffu), VG_SYN_ALIVE);
}

/* RFC 6298 2.1 (RTO 1 s) and 5.5 (doubling), as Linux retransmits a SYN: at 1, 3, 7, 15 s */
static void test_retransmit(void **state)
{
	(void)state;
	assert_int_equal(vg_syn_retransmit_ms(1), 1000);
	assert_int_equal(vg_syn_retransmit_ms(2), 3000);
	assert_int_equal(vg_syn_retransmit_ms(3), 7000);
	assert_int_equal(vg_syn_retransmit_ms(4), 15000);
	assert_true(vg_syn_retransmit_ms(200) == vg_syn_retransmit_ms(20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_v4),
		cmocka_unit_test(test_build_v6_kernel_checksum),
		cmocka_unit_test(test_parse_v4),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_retransmit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
