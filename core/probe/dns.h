/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: DNS_CHECK: the query and the answer parser (RFC 1035 4.1).
 *
 * Query (keepalived's check_dns.c dns_make_query()): a 12-byte header with
 * the id the caller draws (core has no randomness), RD set, QDCOUNT 1; one
 * question: `name` (default "", the root) as labels, `type` (default SOA;
 * A, NS, CNAME, SOA, MX, TXT, AAAA, RRSIG, DNSKEY as keepalived spells
 * them), class IN.
 *
 * Answer: keepalived reads the header only: a datagram shorter than 12
 * bytes, with another id or without QR is ignored (the check keeps
 * waiting), RCODE != 0 fails the check, anything else passes, even with no
 * answer record. `vg_dns_answer_parse` reports those header facts
 * (VG_PROBE_E_MISMATCH means "ignore, keep waiting") and also walks the
 * whole message: the question must be ours and every record must fit, with
 * names that respect RFC 1035 3.1 (labels <= 63, names <= 255 bytes) and
 * 4.1.4 compression (a pointer must point before itself, so a chain of
 * pointers cannot loop; at most VG_DNS_POINTERS_MAX of them per name). With
 * `require_answer` (the "answer required"; not keepalived's
 * behaviour, see docs/lvs.md) a reply passes only if that walk succeeds and
 * ANCOUNT > 0.
 */
#ifndef VG_PROBE_DNS_H
#define VG_PROBE_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"

#define VG_DNS_HEADER_LEN   12u
#define VG_DNS_NAME_MAX     255u  /* wire bytes of a name, RFC 1035 3.1 */
#define VG_DNS_LABEL_MAX    63u
#define VG_DNS_POINTERS_MAX 32u   /* compression pointers followed in one name */
#define VG_DNS_QUERY_MAX    (VG_DNS_HEADER_LEN + VG_DNS_NAME_MAX + 4u)
#define VG_DNS_MSG_MAX      65535u
#define VG_DNS_RECORDS_MAX  1024u /* records walked in one message */

#define VG_DNS_TYPE_A      1
#define VG_DNS_TYPE_NS     2
#define VG_DNS_TYPE_CNAME  5
#define VG_DNS_TYPE_SOA    6
#define VG_DNS_TYPE_MX     15
#define VG_DNS_TYPE_TXT    16
#define VG_DNS_TYPE_AAAA   28
#define VG_DNS_TYPE_RRSIG  46
#define VG_DNS_TYPE_DNSKEY 48
#define VG_DNS_DEFAULT_TYPE VG_DNS_TYPE_SOA /* keepalived's DNS_DEFAULT_TYPE */

/* keepalived's type names, case-insensitive; 0 if unknown. */
uint16_t vg_dns_type_parse(const char *name);
const char *vg_dns_type_name(uint16_t type); /* "(unknown)" if not in the list */

/*
 * Check a `name` as keepalived does (no empty label except the root "." or
 * "", an optional final dot) and RFC 1035 2.3.4 sizes. 0 or VG_PROBE_E_INVAL.
 */
int vg_dns_name_check(const char *name);

/* Write the query; returns its length or VG_PROBE_E_INVAL / VG_PROBE_E_NOSPACE. */
int vg_dns_query_build(uint8_t *buf, size_t cap, uint16_t id, const char *name, uint16_t type);

struct vg_dns_answer {
	uint16_t id;
	uint16_t flags;        /* QR, opcode, AA, TC, RD, RA, Z, RCODE */
	uint8_t rcode;
	uint16_t qdcount, ancount, nscount, arcount;
	int body_err;          /* 0, or why the walk past the header failed */
	bool question_ok;      /* the question is the one we asked (name case-insensitive, type, IN) */
	uint16_t answers_of_type; /* answer records of the asked type */
};

/*
 * Parse a datagram answering the query `query` (as built above). Returns 0
 * when the header says it answers it (same id, QR set), filling `out`
 * (body_err and question_ok describe the rest), or VG_PROBE_E_MISMATCH
 * (shorter than a header, another id, QR clear: keepalived ignores it).
 */
int vg_dns_answer_parse(const uint8_t *msg, size_t len, const uint8_t *query, size_t query_len,
			struct vg_dns_answer *out);

enum vg_dns_verdict {
	VG_DNS_OK = 0,
	VG_DNS_IGNORE,    /* not an answer to our query: keep waiting */
	VG_DNS_RCODE,     /* RCODE != 0: keepalived "read error occurred. (rcode = N)" */
	VG_DNS_NO_ANSWER, /* require_answer: malformed, another question, or ANCOUNT 0 */
};

enum vg_dns_verdict vg_dns_verdict(int parse_rc, const struct vg_dns_answer *a, bool require_answer);

#endif
