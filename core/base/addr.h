/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: IPv4 / IPv6 addresses as plain values.
 *
 * An address is a family tag and 16 bytes in network order (IPv4 uses the
 * first 4). Comparison is numeric on the wire bytes, which is what RFC 5798
 * 6.4.3 means by "the primary IPvX address of the sender is greater".
 */
#ifndef VG_BASE_ADDR_H
#define VG_BASE_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vg_family {
	VG_AF_NONE = 0,
	VG_AF_INET = 4,
	VG_AF_INET6 = 6,
};

struct vg_addr {
	uint8_t family; /* enum vg_family */
	uint8_t bytes[16];
};

#define VG_ADDR_STRLEN 46 /* INET6_ADDRSTRLEN */

/* 4 for IPv4, 16 for IPv6, 0 otherwise. */
size_t vg_addr_len(uint8_t family);

/* Numeric order; addresses of different families order by family. */
int vg_addr_cmp(const struct vg_addr *a, const struct vg_addr *b);
bool vg_addr_eq(const struct vg_addr *a, const struct vg_addr *b);

/* Build from wire bytes (len must be 4 or 16). */
struct vg_addr vg_addr_from_bytes(const uint8_t *bytes, size_t len);

/*
 * Parse dotted-quad or RFC 4291 text ("192.0.2.1", "2001:db8::1").
 * Returns 0, or -1 if the text is not an address.
 */
int vg_addr_parse(const char *text, struct vg_addr *out);

/* Format into buf (at least VG_ADDR_STRLEN bytes); returns buf. */
const char *vg_addr_format(const struct vg_addr *a, char *buf, size_t len);

/* The VRRP multicast group of a family: 224.0.0.18 or ff02::12 (RFC 5798 5.1.1.2, 5.1.2.2). */
struct vg_addr vg_addr_vrrp_group(uint8_t family);

#endif
