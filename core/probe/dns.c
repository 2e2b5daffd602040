/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: DNS_CHECK query builder, answer parser and verdict (RFC 1035 4.1).
 *
 * See dns.h. Every read is checked against the datagram's length; names are
 * decompressed into a 255-byte buffer with a strictly decreasing chain of
 * pointer targets, so no input can make the walk loop or run long.
 */
#include "probe/dns.h"

#include <string.h>

static const struct {
	uint16_t type;
	const char *name;
} types[] = {
	{ VG_DNS_TYPE_A, "A" },     { VG_DNS_TYPE_NS, "NS" },     { VG_DNS_TYPE_CNAME, "CNAME" },
	{ VG_DNS_TYPE_SOA, "SOA" }, { VG_DNS_TYPE_MX, "MX" },     { VG_DNS_TYPE_TXT, "TXT" },
	{ VG_DNS_TYPE_AAAA, "AAAA" }, { VG_DNS_TYPE_RRSIG, "RRSIG" }, { VG_DNS_TYPE_DNSKEY, "DNSKEY" },
};

static uint8_t lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c;
}

uint16_t vg_dns_type_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const char *a = name, *b = types[i].name;

		while (*a && lower((uint8_t)*a) == lower((uint8_t)*b))
			a++, b++;
		if (!*a && !*b)
			return types[i].type;
	}
	return 0;
}

const char *vg_dns_type_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return types[i].name;
	return "(unknown)";
}

/* Encode `name` as labels into out (>= VG_DNS_NAME_MAX bytes); returns the length or INVAL. */
static int encode_name(const char *name, uint8_t *out)
{
	size_t n = 0;
	const char *s = name;

	if (!name)
		return VG_PROBE_E_INVAL;
	if (name[0] == '\0' || (name[0] == '.' && name[1] == '\0')) {
		out[0] = 0; /* the root */
		return 1;
	}
	while (*s) {
		const char *e = s;

		while (*e && *e != '.')
			e++;
		size_t l = (size_t)(e - s);

		if (l == 0 || l > VG_DNS_LABEL_MAX)
			return VG_PROBE_E_INVAL; /* keepalived: no empty label; RFC 1035 2.3.4: 63 */
		if (n + 1 + l + 1 > VG_DNS_NAME_MAX)
			return VG_PROBE_E_INVAL; /* RFC 1035 2.3.4: 255 octets */
		for (size_t i = 0; i < l; i++)
			if ((uint8_t)s[i] <= ' ' || (uint8_t)s[i] == 0x7f)
				return VG_PROBE_E_INVAL;
		out[n++] = (uint8_t)l;
		memcpy(out + n, s, l);
		n += l;
		s = *e ? e + 1 : e; /* a final dot ends the name */
	}
	out[n++] = 0;
	return (int)n;
}

int vg_dns_name_check(const char *name)
{
	uint8_t tmp[VG_DNS_NAME_MAX];
	int n = encode_name(name, tmp);

	return n < 0 ? n : 0;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int vg_dns_query_build(uint8_t *buf, size_t cap, uint16_t id, const char *name, uint16_t type)
{
	uint8_t qname[VG_DNS_NAME_MAX];
	int n = encode_name(name, qname);
	size_t len;

	if (n < 0 || type == 0)
		return VG_PROBE_E_INVAL;
	len = VG_DNS_HEADER_LEN + (size_t)n + 4;
	if (!buf || cap < len)
		return VG_PROBE_E_NOSPACE;
	memset(buf, 0, VG_DNS_HEADER_LEN);
	put16(buf, id);
	put16(buf + 2, 0x0100); /* RFC 1035 4.1.1: QR 0, opcode 0 (QUERY), RD 1 */
	put16(buf + 4, 1);      /* QDCOUNT */
	memcpy(buf + VG_DNS_HEADER_LEN, qname, (size_t)n);
	put16(buf + VG_DNS_HEADER_LEN + n, type);
	put16(buf + VG_DNS_HEADER_LEN + n + 2, 1); /* QCLASS IN */
	return (int)len;
}

/*
 * Read the name at *off (RFC 1035 4.1.4 compression). Writes its
 * uncompressed, lower-cased wire form into out (VG_DNS_NAME_MAX bytes) and
 * its length into *out_len; moves *off past the name's bytes at *off.
 */
static int read_name(const uint8_t *m, size_t len, size_t *off, uint8_t *out, size_t *out_len)
{
	size_t pos = *off, next = SIZE_MAX, limit = *off, n = 0;
	unsigned ptrs = 0;

	for (;;) {
		uint8_t l;

		if (pos >= len)
			return VG_PROBE_E_MALFORMED;
		l = m[pos];
		if ((l & 0xC0) == 0xC0) {
			size_t target;

			if (pos + 1 >= len)
				return VG_PROBE_E_MALFORMED;
			target = (size_t)(l & 0x3F) << 8 | m[pos + 1];
			/* each target before the last one: the chain cannot loop */
			if (target >= limit || ++ptrs > VG_DNS_POINTERS_MAX)
				return VG_PROBE_E_MALFORMED;
			if (next == SIZE_MAX)
				next = pos + 2;
			limit = target;
			pos = target;
			continue;
		}
		if (l & 0xC0)
			return VG_PROBE_E_MALFORMED; /* 01 and 10: reserved (RFC 1035 4.1.4), RFC 6891 ext. labels */
		if (n + 1 + l > VG_DNS_NAME_MAX || pos + 1 + l > len)
			return VG_PROBE_E_MALFORMED;
		out[n] = l;
		for (size_t i = 0; i < l; i++)
			out[n + 1 + i] = lower(m[pos + 1 + i]);
		n += 1 + (size_t)l;
		pos += 1 + (size_t)l;
		if (l == 0)
			break;
	}
	*off = next == SIZE_MAX ? pos : next;
	*out_len = n;
	return 0;
}

/* Walk questions and records after the header; fills question_ok, answers_of_type. */
static int walk(const uint8_t *m, size_t len, const uint8_t *q, size_t qlen, struct vg_dns_answer *a)
{
	uint8_t name[VG_DNS_NAME_MAX], qname[VG_DNS_NAME_MAX];
	size_t off = VG_DNS_HEADER_LEN, qn = 0, qoff = VG_DNS_HEADER_LEN, n;
	uint16_t qtype = 0;
	uint32_t records = (uint32_t)a->ancount + a->nscount + a->arcount;
	int err;

	if (q && qlen > VG_DNS_HEADER_LEN && read_name(q, qlen, &qoff, qname, &qn) == 0 && qoff + 4 <= qlen)
		qtype = get16(q + qoff);
	if (a->qdcount + records > VG_DNS_RECORDS_MAX)
		return VG_PROBE_E_TOO_LARGE;
	for (uint32_t i = 0; i < a->qdcount; i++) {
		err = read_name(m, len, &off, name, &n);
		if (err)
			return err;
		if (off + 4 > len)
			return VG_PROBE_E_MALFORMED;
		/* RFC 1035 4.1.2: the question is copied from the query */
		if (a->qdcount == 1 && qtype && n == qn && memcmp(name, qname, n) == 0 && get16(m + off) == qtype &&
		    get16(m + off + 2) == 1)
			a->question_ok = true;
		off += 4;
	}
	for (uint32_t i = 0; i < records; i++) {
		uint16_t type, rdlength;

		err = read_name(m, len, &off, name, &n);
		if (err)
			return err;
		/* RFC 1035 4.1.3: TYPE, CLASS, TTL (4), RDLENGTH, RDATA */
		if (off + 10 > len)
			return VG_PROBE_E_MALFORMED;
		type = get16(m + off);
		rdlength = get16(m + off + 8);
		off += 10;
		if (rdlength > len - off)
			return VG_PROBE_E_MALFORMED;
		off += rdlength;
		if (i < a->ancount && type == qtype && qtype)
			a->answers_of_type++;
	}
	return 0;
}

int vg_dns_answer_parse(const uint8_t *msg, size_t len, const uint8_t *query, size_t query_len,
			struct vg_dns_answer *out)
{
	memset(out, 0, sizeof(*out));
	if (!msg || len < VG_DNS_HEADER_LEN || len > VG_DNS_MSG_MAX)
		return VG_PROBE_E_MISMATCH; /* keepalived: "too small message", keeps waiting */
	out->id = get16(msg);
	out->flags = get16(msg + 2);
	out->rcode = (uint8_t)(out->flags & 0x000F); /* RFC 1035 4.1.1 RCODE */
	out->qdcount = get16(msg + 4);
	out->ancount = get16(msg + 6);
	out->nscount = get16(msg + 8);
	out->arcount = get16(msg + 10);
	if (!query || query_len < VG_DNS_HEADER_LEN || out->id != get16(query))
		return VG_PROBE_E_MISMATCH; /* keepalived: "ID does not match" */
	if (!(out->flags & 0x8000))
		return VG_PROBE_E_MISMATCH; /* keepalived: "receive query message?" (QR clear) */
	out->body_err = walk(msg, len, query, query_len, out);
	return 0;
}

enum vg_dns_verdict vg_dns_verdict(int parse_rc, const struct vg_dns_answer *a, bool require_answer)
{
	if (parse_rc != 0)
		return VG_DNS_IGNORE;
	if (a->rcode != 0)
		return VG_DNS_RCODE;
	if (require_answer && (a->body_err || !a->question_ok || a->ancount == 0))
		return VG_DNS_NO_ANSWER;
	return VG_DNS_OK;
}
