/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: TCP_CHECK by half-open: the SYN's bytes and the answer's meaning (syn.h).
 */
#include <string.h>

#include "base/cksum.h"
#include "probe/syn.h"

static void wr32(uint8_t *p, uint32_t v)
{
	vg_wr16(p, (uint16_t)(v >> 16));
	vg_wr16(p + 2, (uint16_t)v);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)vg_rd16(p) << 16 | vg_rd16(p + 2);
}

int vg_syn_build(uint8_t *buf, size_t cap, const struct vg_syn_tuple *t, uint32_t isn, bool csum)
{
	size_t alen = t->v6 ? 16 : 4;
	uint32_t acc = 0;
	uint8_t len[2];

	if (!buf || cap < VG_SYN_LEN)
		return VG_PROBE_E_NOSPACE;
	memset(buf, 0, VG_SYN_LEN);
	vg_wr16(buf, t->sport);
	vg_wr16(buf + 2, t->dport);
	wr32(buf + 4, isn);                   /* sequence number: the ISS */
	buf[12] = (uint8_t)((VG_SYN_LEN / 4) << 4); /* data offset 6 words */
	buf[13] = VG_TCP_SYN;
	vg_wr16(buf + 14, 64240);             /* window */
	buf[20] = 2;                          /* MSS option (RFC 9293 3.2), length 4 */
	buf[21] = 4;
	vg_wr16(buf + 22, t->v6 ? 1440 : 1460);
	if (csum) {
		acc = vg_cksum_add(acc, t->src, alen);
		acc = vg_cksum_add(acc, t->dst, alen);
		acc += 6;                     /* zero, protocol TCP */
		vg_wr16(len, VG_SYN_LEN);
		acc = vg_cksum_add(acc, len, 2);
		acc = vg_cksum_add(acc, buf, VG_SYN_LEN);
		vg_wr16(buf + 16, vg_cksum_fold(acc));
	}
	return (int)VG_SYN_LEN;
}

int vg_syn_parse(const uint8_t *buf, size_t len, bool ip4, struct vg_syn_seg *s)
{
	size_t off = 0, doff;

	memset(s, 0, sizeof(*s));
	if (ip4) {
		size_t ihl, total;

		if (len < 20)
			return VG_PROBE_E_TRUNCATED;
		if (buf[0] >> 4 != 4 || (ihl = (size_t)(buf[0] & 0x0f) * 4) < 20)
			return VG_PROBE_E_MALFORMED;
		if (buf[9] != 6 || (vg_rd16(buf + 6) & 0x1fff) != 0)
			return VG_PROBE_E_MALFORMED; /* not TCP, or not the first fragment */
		total = vg_rd16(buf + 2);
		if (total < ihl || len < ihl)
			return VG_PROBE_E_TRUNCATED;
		if (total < len)
			len = total;          /* padding after the datagram */
		memcpy(s->t.src, buf + 12, 4);
		memcpy(s->t.dst, buf + 16, 4);
		off = ihl;
	}
	s->t.v6 = !ip4;
	if (len - off < 20)
		return VG_PROBE_E_TRUNCATED;
	buf += off;
	len -= off;
	doff = (size_t)(buf[12] >> 4) * 4;
	if (doff < 20)
		return VG_PROBE_E_MALFORMED;
	if (len < doff)
		return VG_PROBE_E_TRUNCATED;
	s->t.sport = vg_rd16(buf);
	s->t.dport = vg_rd16(buf + 2);
	s->seq = rd32(buf + 4);
	s->ack = rd32(buf + 8);
	s->flags = buf[13];
	return 0;
}

enum vg_syn_verdict vg_syn_verdict(const struct vg_syn_seg *s, uint32_t iss)
{
	/* SYN-SENT, first check: with only the SYN sent (SND.NXT = ISS + 1), the one
	   acceptable ACK is ISS + 1; a segment without ACK answers nothing we sent */
	if (!(s->flags & VG_TCP_ACK) || s->ack != iss + 1)
		return VG_SYN_IGNORE;
	if (s->flags & VG_TCP_RST)
		return VG_SYN_REFUSED;    /* second check: "error: connection reset" */
	if (s->flags & VG_TCP_SYN)
		return VG_SYN_ALIVE;      /* fourth check: our SYN has been ACKed */
	return VG_SYN_IGNORE;             /* fifth: neither SYN nor RST: drop */
}

uint64_t vg_syn_retransmit_ms(unsigned n)
{
	if (n > 20)
		n = 20;
	return 1000ull * ((1ull << n) - 1);
}
