// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the half-open TCP_CHECK's answer parser and verdict (fuzz-syn).
 *
 * Input layout (seeds in fuzz/corpus/syn):
 *
 *   [0]     0x01 set: the segment is in an IPv4 datagram (a raw IPv4
 *           socket's read), else it starts at the TCP header (IPv6)
 *   [1..4]  the ISS of the SYN it may answer (big-endian)
 *   [5..]   the datagram or segment
 *
 * Properties checked:
 *  - no read outside the input (ASan), no undefined behaviour;
 *  - a parse that succeeds gives the input's own ports, numbers and flags
 *    (read back here at the offsets RFC 9293 3.1 gives);
 *  - ALIVE only for SYN+ACK with SEG.ACK = ISS + 1, REFUSED only for
 *    RST+ACK with it (RFC 9293 3.10.7.3), else IGNORE;
 *  - the SYN built for the parsed tuple (reversed) parses back to itself
 *    with SEQ = ISS and only SYN set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "probe/syn.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	struct vg_syn_seg s, back;
	struct vg_syn_tuple t;
	uint8_t syn[VG_SYN_LEN];
	uint8_t *m;
	uint32_t iss;
	bool ip4;
	int rc;

	fz_init(&f, data, size);
	ip4 = fz_u8(&f) & 1;
	iss = (uint32_t)fz_u8(&f) << 24;
	iss |= (uint32_t)fz_u8(&f) << 16;
	iss |= (uint32_t)fz_u8(&f) << 8;
	iss |= fz_u8(&f);
	m = malloc(f.left ? f.left : 1); /* exact size: ASan sees a read past it */
	FUZZ_ASSERT(m != NULL);
	memcpy(m, f.p, f.left);
	rc = vg_syn_parse(m, f.left, ip4, &s);
	if (rc == 0) {
		size_t off = ip4 ? (size_t)(m[0] & 0x0f) * 4 : 0;
		enum vg_syn_verdict v = vg_syn_verdict(&s, iss);
		bool acked = (s.flags & VG_TCP_ACK) && s.ack == iss + 1;

		FUZZ_ASSERT(f.left >= off + 20);
		FUZZ_ASSERT(s.t.sport == be16(m + off) && s.t.dport == be16(m + off + 2));
		FUZZ_ASSERT(s.seq == be32(m + off + 4) && s.ack == be32(m + off + 8) && s.flags == m[off + 13]);
		FUZZ_ASSERT(s.t.v6 == !ip4);
		if (ip4)
			FUZZ_ASSERT(!memcmp(s.t.src, m + 12, 4) && !memcmp(s.t.dst, m + 16, 4));
		if (v == VG_SYN_ALIVE)
			FUZZ_ASSERT(acked && (s.flags & VG_TCP_SYN) && !(s.flags & VG_TCP_RST));
		else if (v == VG_SYN_REFUSED)
			FUZZ_ASSERT(acked && (s.flags & VG_TCP_RST));
		else
			FUZZ_ASSERT(!acked || !(s.flags & (VG_TCP_SYN | VG_TCP_RST)));
		memset(&t, 0, sizeof(t));
		t.v6 = s.t.v6;
		memcpy(t.src, s.t.dst, 16);
		memcpy(t.dst, s.t.src, 16);
		t.sport = s.t.dport;
		t.dport = s.t.sport;
		FUZZ_ASSERT(vg_syn_build(syn, sizeof(syn), &t, iss, true) == (int)VG_SYN_LEN);
		FUZZ_ASSERT(vg_syn_parse(syn, sizeof(syn), false, &back) == 0);
		FUZZ_ASSERT(back.t.sport == t.sport && back.t.dport == t.dport && back.seq == iss &&
			    back.flags == VG_TCP_SYN && back.ack == 0);
	} else {
		FUZZ_ASSERT(rc == VG_PROBE_E_TRUNCATED || rc == VG_PROBE_E_MALFORMED);
	}
	free(m);
	return 0;
}
