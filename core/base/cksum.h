/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: big-endian field access and the Internet checksum (RFC 1071),
 * shared by the VRRP codec and the frame builders.
 */
#ifndef VG_BASE_CKSUM_H
#define VG_BASE_CKSUM_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t vg_rd16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline void vg_wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Add 16-bit big-endian words of p to acc; an odd last byte is padded with zero. */
static inline uint32_t vg_cksum_add(uint32_t acc, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += vg_rd16(p + i);
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	return acc;
}

/* Fold the carries and complement: the checksum to write. */
static inline uint16_t vg_cksum_fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

#endif
