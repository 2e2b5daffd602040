// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the DNS_CHECK query builder, answer parser and verdict,
 * byte-exact messages citing RFC 1035 4.1 (format) and 4.1.4 (compression),
 * and keepalived's check_dns.c (what it ignores, what fails).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "probe/dns.h"

/* RFC 1035 4.1.1 header, 4.1.2 question; keepalived: RD set, class IN */
static void test_query(void **state)
{
	uint8_t q[VG_DNS_QUERY_MAX];
	const uint8_t want[] = { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 7, 'e', 'x', 'a',
				 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 28, 0, 1 };
	const uint8_t root[] = { 0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1 };
	int n;

	(void)state;
	n = vg_dns_query_build(q, sizeof(q), 0x1234, "www.example.com", VG_DNS_TYPE_AAAA);
	assert_int_equal(n, (int)sizeof(want));
	assert_memory_equal(q, want, sizeof(want));
	n = vg_dns_query_build(q, sizeof(q), 0x1234, "www.example.com.", VG_DNS_TYPE_AAAA); /* final dot */
	assert_int_equal(n, (int)sizeof(want));
	assert_memory_equal(q, want, sizeof(want));
	n = vg_dns_query_build(q, sizeof(q), 0xabcd, "", VG_DNS_DEFAULT_TYPE); /* keepalived default: root SOA */
	assert_int_equal(n, (int)sizeof(root));
	assert_memory_equal(q, root, sizeof(root));
	assert_int_equal(vg_dns_query_build(q, sizeof(q), 0xabcd, ".", VG_DNS_TYPE_SOA), (int)sizeof(root));
	assert_int_equal(vg_dns_query_build(q, 10, 1, "a", VG_DNS_TYPE_A), VG_PROBE_E_NOSPACE);
}

/* keepalived dns_name_handler: no empty label; RFC 1035 2.3.4: label <= 63, name <= 255 */
static void test_names_and_types(void **state)
{
	char big[300];

	(void)state;
	assert_int_equal(vg_dns_name_check("a.b"), 0);
	assert_int_equal(vg_dns_name_check("a..b"), VG_PROBE_E_INVAL);
	assert_int_equal(vg_dns_name_check(".a"), VG_PROBE_E_INVAL);
	assert_int_equal(vg_dns_name_check("a b"), VG_PROBE_E_INVAL);
	memset(big, 'a', 64);
	big[64] = '\0';
	assert_int_equal(vg_dns_name_check(big), VG_PROBE_E_INVAL);
	big[63] = '\0';
	assert_int_equal(vg_dns_name_check(big), 0);
	for (int i = 0; i < 4; i++) { /* 4 labels of 63 + dots: 4 * 64 + 1 = 257 wire bytes */
		memset(big + i * 64, 'a', 63);
		big[i * 64 + 63] = '.';
	}
	big[4 * 64 - 1] = '\0';
	assert_int_equal(vg_dns_name_check(big), VG_PROBE_E_INVAL);
	assert_int_equal(vg_dns_type_parse("aaaa"), VG_DNS_TYPE_AAAA);
	assert_int_equal(vg_dns_type_parse("MX"), VG_DNS_TYPE_MX);
	assert_int_equal(vg_dns_type_parse("DNSKEY"), VG_DNS_TYPE_DNSKEY);
	assert_int_equal(vg_dns_type_parse("PTR"), 0);
	assert_string_equal(vg_dns_type_name(VG_DNS_TYPE_SOA), "SOA");
	assert_string_equal(vg_dns_type_name(99), "(unknown)");
}

static uint8_t query[VG_DNS_QUERY_MAX];
static int query_len;

static int setup(void **state)
{
	(void)state;
	query_len = vg_dns_query_build(query, sizeof(query), 0x1234, "Example.com", VG_DNS_TYPE_A);
	return query_len > 0 ? 0 : -1;
}

/* "example.com" A answer: question at 12, answer name a pointer to it (RFC 1035 4.1.4) */
static const uint8_t answer[] = {
	0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
	/* answer 1: www.<ptr 12> CNAME-like record of type A, then answer 2: <ptr 29> */
	0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1,
	3, 'w', 'w', 'w', 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 2,
};

static int parse(const uint8_t *m, size_t len, struct vg_dns_answer *a)
{
	return vg_dns_answer_parse(m, len, query, (size_t)query_len, a);
}

static void test_answer_ok(void **state)
{
	struct vg_dns_answer a;

	(void)state;
	assert_int_equal(parse(answer, sizeof(answer), &a), 0);
	assert_int_equal(a.body_err, 0);
	assert_true(a.question_ok); /* names compare case-insensitively (RFC 1035 2.3.3) */
	assert_int_equal(a.ancount, 2);
	assert_int_equal(a.answers_of_type, 2);
	assert_int_equal(vg_dns_verdict(0, &a, true), VG_DNS_OK);
	assert_int_equal(vg_dns_verdict(0, &a, false), VG_DNS_OK);
}

/* keepalived: short, another id, QR clear: ignored (keep waiting) */
static void test_answer_ignored(void **state)
{
	uint8_t m[sizeof(answer)];
	struct vg_dns_answer a;

	(void)state;
	assert_int_equal(parse(answer, 11, &a), VG_PROBE_E_MISMATCH);
	memcpy(m, answer, sizeof(m));
	m[1] = 0x35;
	assert_int_equal(parse(m, sizeof(m), &a), VG_PROBE_E_MISMATCH);
	assert_int_equal(vg_dns_verdict(VG_PROBE_E_MISMATCH, &a, false), VG_DNS_IGNORE);
	memcpy(m, answer, sizeof(m));
	m[2] = 0x01; /* QR clear */
	assert_int_equal(parse(m, sizeof(m), &a), VG_PROBE_E_MISMATCH);
}

/* keepalived: RCODE != 0 fails; ANCOUNT 0 passes, unless require_answer */
static void test_answer_rcode_and_empty(void **state)
{
	uint8_t m[29];
	struct vg_dns_answer a;

	(void)state;
	memcpy(m, answer, sizeof(m));
	m[7] = 0; /* ANCOUNT 0 */
	m[3] = 0x83; /* NXDOMAIN */
	assert_int_equal(parse(m, sizeof(m), &a), 0);
	assert_int_equal(a.rcode, 3);
	assert_int_equal(vg_dns_verdict(0, &a, false), VG_DNS_RCODE);
	m[3] = 0x80;
	assert_int_equal(parse(m, sizeof(m), &a), 0);
	assert_int_equal(a.body_err, 0);
	assert_int_equal(vg_dns_verdict(0, &a, false), VG_DNS_OK);
	assert_int_equal(vg_dns_verdict(0, &a, true), VG_DNS_NO_ANSWER);
	/* another question */
	m[13] = 'f';
	assert_int_equal(parse(m, sizeof(m), &a), 0);
	assert_false(a.question_ok);
}

/* RFC 1035 4.1.4: pointers; a pointer to itself, forward, or a cycle is malformed */
static void test_compression_loops(void **state)
{
	uint8_t m[64];
	struct vg_dns_answer a;

	(void)state;
	memcpy(m, answer, 29);
	m[7] = 1; /* one answer */
	/* answer name at 29: a pointer to itself */
	m[29] = 0xc0, m[30] = 29;
	memcpy(m + 31, (const uint8_t[]){ 0, 1, 0, 1, 0, 0, 0, 60, 0, 0 }, 10);
	assert_int_equal(parse(m, 41, &a), 0);
	assert_int_equal(a.body_err, VG_PROBE_E_MALFORMED);
	assert_int_equal(vg_dns_verdict(0, &a, true), VG_DNS_NO_ANSWER);
	assert_int_equal(vg_dns_verdict(0, &a, false), VG_DNS_OK); /* keepalived reads the header only */
	/* forward pointer */
	m[30] = 35;
	assert_int_equal(parse(m, 41, &a), 0);
	assert_int_equal(a.body_err, VG_PROBE_E_MALFORMED);
	/* a label at 29 followed by a pointer back to 29: the labels then the pointer repeat */
	m[29] = 1, m[30] = 'x', m[31] = 0xc0, m[32] = 29;
	memcpy(m + 33, (const uint8_t[]){ 0, 1, 0, 1, 0, 0, 0, 60, 0, 0 }, 10);
	assert_int_equal(parse(m, 43, &a), 0);
	assert_int_equal(a.body_err, VG_PROBE_E_MALFORMED);
	/* two names pointing at each other: 29 -> 31 is forward */
	m[29] = 0xc0, m[30] = 31, m[31] = 0xc0, m[32] = 29;
	assert_int_equal(parse(m, 43, &a), 0);
	assert_int_equal(a.body_err, VG_PROBE_E_MALFORMED);
	/* a reserved label type (01xxxxxx) */
	m[29] = 0x41, m[30] = 0;
	assert_int_equal(parse(m, 41, &a), 0);
	assert_int_equal(a.body_err, VG_PROBE_E_MALFORMED);
	/* a pointer cut off by the end */
	m[29] = 0xc0;
	assert_int_equal(parse(m, 30, &a), 0);
	assert_int_equal(a.body_err, VG_PROBE_E_MALFORMED);
}

/*
 * A message whose first record (root name) carries in its RDATA a chain of
 * `k` 40-byte labels, each pointing back at the previous one; the second
 * record's name points at the last: a name of k * 41 + 1 bytes. Returns body_err.
 */
static int chain_name(int k)
{
	uint8_t m[600];
	size_t o = 0, prev = 0, rdlen_at;
	struct vg_dns_answer a;

	memcpy(m, (const uint8_t[]){ 0x12, 0x34, 0x81, 0x80, 0, 0, 0, 2, 0, 0, 0, 0 }, 12);
	o = 12;
	memcpy(m + o, (const uint8_t[]){ 0, 0, 16, 0, 1, 0, 0, 0, 60 }, 9);
	o += 9;
	rdlen_at = o;
	o += 2;
	for (int i = 0; i < k; i++) {
		size_t start = o;

		m[o++] = 40;
		memset(m + o, 'a', 40);
		o += 40;
		if (i == 0) {
			m[o++] = 0;
		} else {
			m[o++] = (uint8_t)(0xc0 | prev >> 8);
			m[o++] = (uint8_t)prev;
		}
		prev = start;
	}
	m[rdlen_at] = (uint8_t)((o - rdlen_at - 2) >> 8);
	m[rdlen_at + 1] = (uint8_t)(o - rdlen_at - 2);
	m[o++] = (uint8_t)(0xc0 | prev >> 8);
	m[o++] = (uint8_t)prev;
	memcpy(m + o, (const uint8_t[]){ 0, 1, 0, 1, 0, 0, 0, 60, 0, 0 }, 10);
	o += 10;
	assert_int_equal(parse(m, o, &a), 0);
	return a.body_err;
}

/* RFC 1035 4.1.3: a record must fit: RDLENGTH past the end, a short fixed part */
static void test_record_bounds(void **state)
{
	uint8_t m[sizeof(answer)];
	struct vg_dns_answer a;

	(void)state;
	memcpy(m, answer, sizeof(m));
	m[39] = 5; /* first RDLENGTH 5 with 4 bytes there, then the rest shifts */
	m[sizeof(m) - 7] = 200; /* second RDLENGTH far past the end */
	assert_int_equal(parse(m, sizeof(m), &a), 0);
	assert_int_equal(a.body_err, VG_PROBE_E_MALFORMED);
	assert_int_equal(parse(answer, sizeof(answer) - 1, &a), 0);
	assert_int_equal(a.body_err, VG_PROBE_E_MALFORMED);
	/* ANCOUNT 65535 in a small message */
	memcpy(m, answer, sizeof(m));
	m[6] = 0xff, m[7] = 0xff;
	assert_int_equal(parse(m, sizeof(m), &a), 0);
	assert_int_not_equal(a.body_err, 0);
	/* RFC 1035 3.1: a name over 255 bytes through pointers is malformed, one under is fine */
	assert_int_equal(chain_name(9), VG_PROBE_E_MALFORMED); /* 9 * 41 + 1 = 370 bytes */
	assert_int_equal(chain_name(6), 0);                    /* 6 * 41 + 1 = 247 bytes */
	assert_int_equal(chain_name(7), VG_PROBE_E_MALFORMED); /* 288 bytes */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_names_and_types),
		cmocka_unit_test(test_answer_ok),
		cmocka_unit_test(test_answer_ignored),
		cmocka_unit_test(test_answer_rcode_and_empty),
		cmocka_unit_test(test_compression_loops),
		cmocka_unit_test(test_record_bounds),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
