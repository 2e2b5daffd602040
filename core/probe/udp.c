/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: UDP_CHECK reply verdict, keepalived's hex strings, ICMP echo build and check.
 *
 * See udp.h; everything here is a bounded loop over a caller's buffer.
 */
#include "probe/udp.h"

#include <string.h>

enum { HEX_BAD = 0xff, HEX_WILD = 0xfe };

static uint8_t hexv(char c, bool wild)
{
	if (c >= '0' && c <= '9')
		return (uint8_t)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (uint8_t)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (uint8_t)(c - 'A' + 10);
	if (wild && (c == 'x' || c == 'X'))
		return HEX_WILD;
	return HEX_BAD;
}

int vg_probe_hex_parse(const char *text, uint8_t *data, uint8_t *mask, size_t cap)
{
	const char *p = text;
	size_t n = 0;

	if (!text)
		return VG_PROBE_E_INVAL;
	for (;;) {
		uint8_t v, m = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		v = hexv(*p++, mask != NULL);
		if (v == HEX_BAD)
			return VG_PROBE_E_INVAL;
		if (v == HEX_WILD)
			v = 0, m = 0x0f;
		if (*p && *p != ' ' && *p != '\t') {
			uint8_t lo = hexv(*p++, mask != NULL), ml = 0;

			if (lo == HEX_BAD)
				return VG_PROBE_E_INVAL;
			if (lo == HEX_WILD)
				lo = 0, ml = 0x0f;
			v = (uint8_t)(v << 4 | lo);
			m = (uint8_t)(m << 4 | ml);
		}
		if (n >= cap)
			return VG_PROBE_E_NOSPACE;
		data[n] = v;
		if (mask)
			mask[n] = m;
		n++;
	}
	if (n == 0 || n > VG_UDP_PAYLOAD_MAX)
		return n ? VG_PROBE_E_NOSPACE : VG_PROBE_E_INVAL;
	return (int)n;
}

enum vg_udp_verdict vg_udp_verdict(const struct vg_udp_expect *e, enum vg_udp_event ev, const uint8_t *reply,
				   size_t len)
{
	size_t n;

	if (ev == VG_UDP_ICMP_ERROR)
		return VG_UDP_UNREACHABLE;
	if (ev == VG_UDP_TIMEOUT)
		return e->require_reply ? VG_UDP_NO_REPLY : VG_UDP_OK; /* layer4.c: a timeout is success */
	if (!e->data || e->len == 0)
		return VG_UDP_OK;
	if (len < e->min_len || len > e->max_len)
		return VG_UDP_BAD_LENGTH;
	n = len < e->len ? len : e->len; /* check_udp_reply(): the shorter of the two */
	for (size_t i = 0; i < n; i++) {
		uint8_t care = e->mask ? (uint8_t)~e->mask[i] : 0xff;

		if ((reply[i] ^ e->data[i]) & care)
			return VG_UDP_MISMATCH;
	}
	return VG_UDP_OK;
}

int vg_icmp_echo_build(uint8_t *buf, size_t cap, bool v6, uint16_t id, uint16_t seq)
{
	uint32_t sum = 0;

	if (!buf || cap < VG_ICMP_ECHO_LEN)
		return VG_PROBE_E_NOSPACE;
	memset(buf, 0, 8);
	buf[0] = v6 ? 128 : 8; /* RFC 4443 4.1 / RFC 792 echo request, code 0 */
	buf[4] = (uint8_t)(id >> 8), buf[5] = (uint8_t)id;
	buf[6] = (uint8_t)(seq >> 8), buf[7] = (uint8_t)seq;
	for (size_t i = 0; i < VG_ICMP_ECHO_DATA; i++)
		buf[8 + i] = (uint8_t)i;
	if (!v6) {
		/* RFC 792: one's complement of the one's complement sum of the message */
		for (size_t i = 0; i < VG_ICMP_ECHO_LEN; i += 2)
			sum += (uint32_t)(buf[i] << 8 | buf[i + 1]);
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		sum = ~sum & 0xffff;
		buf[2] = (uint8_t)(sum >> 8), buf[3] = (uint8_t)sum;
	}
	return (int)VG_ICMP_ECHO_LEN;
}

enum vg_icmp_verdict vg_icmp_echo_reply_check(const uint8_t *msg, size_t len, bool v6, bool check_id,
					      uint16_t id, uint16_t seq)
{
	if (!msg || len < 8)
		return VG_ICMP_SHORT;
	if (msg[0] != (v6 ? 129 : 0))
		return VG_ICMP_TYPE; /* RFC 4443 4.2 / RFC 792 echo reply */
	if (check_id && (uint16_t)(msg[4] << 8 | msg[5]) != id)
		return VG_ICMP_IGNORE;
	if ((uint16_t)(msg[6] << 8 | msg[7]) != seq)
		return VG_ICMP_SEQ;
	return VG_ICMP_OK;
}
