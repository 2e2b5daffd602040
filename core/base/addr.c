// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: IPv4 / IPv6 address values, parsing and formatting.
 *
 * Parsing and formatting use inet_pton/inet_ntop: pure conversions of the C
 * library with no I/O, allowlisted by the core purity test.
 */
#include "base/addr.h"

#include <arpa/inet.h>
#include <string.h>

size_t vg_addr_len(uint8_t family)
{
	return family == VG_AF_INET ? 4 : family == VG_AF_INET6 ? 16 : 0;
}

int vg_addr_cmp(const struct vg_addr *a, const struct vg_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, vg_addr_len(a->family));
}

bool vg_addr_eq(const struct vg_addr *a, const struct vg_addr *b)
{
	return vg_addr_cmp(a, b) == 0;
}

struct vg_addr vg_addr_from_bytes(const uint8_t *bytes, size_t len)
{
	struct vg_addr a;

	memset(&a, 0, sizeof(a));
	if (len == 4 || len == 16) {
		a.family = len == 4 ? VG_AF_INET : VG_AF_INET6;
		memcpy(a.bytes, bytes, len);
	}
	return a;
}

int vg_addr_parse(const char *text, struct vg_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, text, out->bytes) == 1) {
		out->family = VG_AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, out->bytes) == 1) {
		out->family = VG_AF_INET6;
		return 0;
	}
	memset(out, 0, sizeof(*out));
	return -1;
}

const char *vg_addr_format(const struct vg_addr *a, char *buf, size_t len)
{
	int af = a->family == VG_AF_INET ? AF_INET : AF_INET6;

	if (len == 0)
		return buf;
	if (a->family == VG_AF_NONE || !inet_ntop(af, a->bytes, buf, (socklen_t)len)) {
		buf[0] = '\0';
		if (len > 1) {
			buf[0] = '-';
			buf[1] = '\0';
		}
	}
	return buf;
}

struct vg_addr vg_addr_vrrp_group(uint8_t family)
{
	static const uint8_t v4[4] = { 224, 0, 0, 18 };
	static const uint8_t v6[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12 };

	return family == VG_AF_INET6 ? vg_addr_from_bytes(v6, 16) : vg_addr_from_bytes(v4, 4);
}
