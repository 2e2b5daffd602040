// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the DNS_CHECK answer parser (fuzz-dns).
 *
 * Input layout (fuzz/gen_probe_corpus.py writes seeds in it):
 *
 *   [0]     query: type index (byte % 9 into A NS CNAME SOA MX TXT AAAA
 *           RRSIG DNSKEY); 0x80 set: name "example.com", else the root
 *   [1]     0x01 set: overwrite the answer's id with the query's and set QR,
 *           so the walk past the header is reached without the fuzzer
 *           having to guess the id
 *   [2..]   the datagram
 *
 * Properties checked:
 *  - no read outside the datagram (ASan), no undefined behaviour;
 *  - the header fields are the datagram's bytes; answers_of_type <= ANCOUNT;
 *  - a datagram shorter than a header, with another id or QR clear is
 *    MISMATCH (ignored), else the verdict follows RCODE and, with
 *    require_answer, the walk;
 *  - the parse is a function of its input (a second parse agrees).
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "probe/dns.h"

static const uint16_t types[] = { 1, 2, 5, 6, 15, 16, 28, 46, 48 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	uint8_t c0, c1;
	uint8_t q[VG_DNS_QUERY_MAX];
	uint8_t *m;
	int qlen, rc, rc2;
	struct vg_dns_answer a, b;
	enum vg_dns_verdict v;

	fz_init(&f, data, size);
	c0 = fz_u8(&f);
	c1 = fz_u8(&f);
	qlen = vg_dns_query_build(q, sizeof(q), 0x5a5a, (c0 & 0x80) ? "example.com" : "",
				  types[(c0 & 0x7f) % 9]);
	FUZZ_ASSERT(qlen > 0);
	/* an exact-size copy, so ASan sees any read past the datagram */
	m = malloc(f.left ? f.left : 1);
	FUZZ_ASSERT(m != NULL);
	memcpy(m, f.p, f.left);
	if ((c1 & 1) && f.left >= VG_DNS_HEADER_LEN) {
		m[0] = 0x5a, m[1] = 0x5a;
		m[2] |= 0x80;
	}
	rc = vg_dns_answer_parse(m, f.left, q, (size_t)qlen, &a);
	rc2 = vg_dns_answer_parse(m, f.left, q, (size_t)qlen, &b);
	FUZZ_ASSERT(rc == rc2 && memcmp(&a, &b, sizeof(a)) == 0);
	if (f.left < VG_DNS_HEADER_LEN) {
		FUZZ_ASSERT(rc == VG_PROBE_E_MISMATCH);
	} else {
		FUZZ_ASSERT(a.id == (uint16_t)(m[0] << 8 | m[1]));
		FUZZ_ASSERT(a.ancount == (uint16_t)(m[6] << 8 | m[7]));
		FUZZ_ASSERT((rc == 0) == (a.id == 0x5a5a && (m[2] & 0x80)));
		FUZZ_ASSERT(a.rcode == (m[3] & 0x0f));
	}
	FUZZ_ASSERT(a.answers_of_type <= a.ancount);
	v = vg_dns_verdict(rc, &a, true);
	if (rc)
		FUZZ_ASSERT(v == VG_DNS_IGNORE);
	else if (a.rcode)
		FUZZ_ASSERT(v == VG_DNS_RCODE);
	else
		FUZZ_ASSERT((v == VG_DNS_OK) == (!a.body_err && a.question_ok && a.ancount > 0));
	free(m);
	return 0;
}
