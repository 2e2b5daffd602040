// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the table schedulers: dh, sh, mh.
 *
 * Each keeps a table of buckets rebuilt whenever a destination is added,
 * edited or deleted, and picks by hashing an address of the connection:
 *   dh  ip_vs_dh.c  256 buckets filled round-robin with the destinations;
 *                   bucket (ntohl(daddr) * 2654435761) & 255.
 *   sh  ip_vs_sh.c  256 buckets, each destination takes `weight`
 *                   consecutive buckets (at least one); bucket
 *                   (offset + hash_32(sport + ntohl(saddr), 8)) & 255, sport
 *                   only with sh-port; sh-fallback walks offsets 0..255 from
 *                   the first bucket until a usable destination.
 *   mh  ip_vs_mh.c  Maglev: prime table size M; destination j has
 *                   offset = hsiphash(addr, port; key1) % M and
 *                   skip = hsiphash(addr, port; key2) % (M - 1) + 1, and
 *                   claims its next free preferred slot, `turns` times per
 *                   round, turns = (last_weight / gcd) >> rshift; bucket
 *                   hsiphash(saddr + sport; key1) % M; mh-fallback as sh.
 * hsiphash is the 64-bit kernel's (SipHash-1-3 with a 128-bit key,
 * lib/siphash.c), checked against the kernel's test vectors in the tests.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lvs/sched_int.h"

#define TAB_NONE 0xffffu
#define GOLDEN_RATIO_32 0x61C88647u /* include/linux/hash.h */

static const uint32_t mh_primes[] = { 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071 };

uint32_t vg_lvs_mh_tab_size(uint8_t index)
{
	if (index < VG_LVS_MH_TAB_INDEX_MIN || index > VG_LVS_MH_TAB_INDEX_MAX)
		return 0;
	return mh_primes[index - VG_LVS_MH_TAB_INDEX_MIN];
}

static uint32_t hash_32(uint32_t val, unsigned bits)
{
	return (val * GOLDEN_RATIO_32) >> (32 - bits);
}

static uint64_t rol64(uint64_t w, unsigned s)
{
	return (w << s) | (w >> (64 - s));
}

#define SIPROUND(v0, v1, v2, v3) do { \
	v0 += v1; v1 = rol64(v1, 13); v1 ^= v0; v0 = rol64(v0, 32); \
	v2 += v3; v3 = rol64(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = rol64(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = rol64(v1, 17); v1 ^= v2; v2 = rol64(v2, 32); \
} while (0)

uint32_t vg_lvs_hsiphash(const uint8_t *data, size_t len, uint64_t k0, uint64_t k1)
{
	uint64_t v0 = UINT64_C(0x736f6d6570736575) ^ k0;
	uint64_t v1 = UINT64_C(0x646f72616e646f6d) ^ k1;
	uint64_t v2 = UINT64_C(0x6c7967656e657261) ^ k0;
	uint64_t v3 = UINT64_C(0x7465646279746573) ^ k1;
	uint64_t b = (uint64_t)len << 56;
	size_t full = len - (len % 8);
	size_t i;

	for (i = 0; i < full; i += 8) {
		uint64_t m = 0;

		for (int k = 7; k >= 0; k--)
			m = (m << 8) | data[i + (size_t)k];
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	for (size_t k = 0; k < len % 8; k++)
		b |= (uint64_t)data[full + k] << (8 * k);
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return (uint32_t)((v0 ^ v1) ^ (v2 ^ v3));
}

/* generate_hash_secret() in ip_vs_mh.c: fixed keys, so every director builds the same table. */
#define MH_KEY1 UINT64_C(2654435761)
#define MH_KEY2 UINT64_C(2654446892)

/* ip_vs_mh_hashkey(): hsiphash of the u32 offset + port + ntohl(fold), in CPU (little-endian) order. */
static uint32_t mh_hashkey(const struct vg_addr *a, uint16_t port, uint64_t key, uint32_t offset)
{
	uint32_t v = offset + port + vg_lvs_addr_fold(a);
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	return vg_lvs_hsiphash(b, 4, key, key);
}

static uint32_t sh_hashkey(const struct vg_addr *a, uint16_t port, uint32_t offset)
{
	return (offset + hash_32(port + vg_lvs_addr_fold(a), VG_LVS_SH_TAB_BITS)) &
	       ((1u << VG_LVS_SH_TAB_BITS) - 1);
}

static uint32_t dh_hashkey(const struct vg_addr *a)
{
	return (vg_lvs_addr_fold(a) * 2654435761u) & ((1u << VG_LVS_DH_TAB_BITS) - 1);
}

/* sh / mh is_unavailable(): weight <= 0 or OVERLOAD. */
static bool unavailable(const struct vg_lvs_dest *d)
{
	return d->weight <= 0 || d->overloaded;
}

int vg_lvs_sched_hash_init(struct vg_lvs_sched *s)
{
	switch (s->p.kind) {
	case VG_LVS_SCHED_DH: s->tab_size = 1u << VG_LVS_DH_TAB_BITS; break;
	case VG_LVS_SCHED_SH: s->tab_size = 1u << VG_LVS_SH_TAB_BITS; break;
	default: s->tab_size = vg_lvs_mh_tab_size(s->p.mh_tab_index); break;
	}
	s->tab = malloc(sizeof(s->tab[0]) * s->tab_size);
	if (!s->tab)
		return VG_LVS_ENOMEM;
	vg_lvs_sched_hash_rebuild(s);
	return 0;
}

static void dh_reassign(struct vg_lvs_sched *s)
{
	int p = 0;

	for (uint32_t i = 0; i < s->tab_size; i++) {
		if (s->count == 0) {
			s->tab[i] = TAB_NONE;
			continue;
		}
		s->tab[i] = (uint16_t)p;
		p = (p + 1) % s->count;
	}
}

static void sh_reassign(struct vg_lvs_sched *s)
{
	int p = 0;
	int32_t d_count = 0;

	for (uint32_t i = 0; i < s->tab_size; i++) {
		if (s->count == 0) {
			s->tab[i] = TAB_NONE;
			continue;
		}
		s->tab[i] = (uint16_t)p;
		/* don't move to the next dest until its weight is filled */
		if (++d_count >= s->d[p].weight) {
			p = (p + 1) % s->count;
			d_count = 0;
		}
	}
}

static uint32_t gcd_u32(uint32_t a, uint32_t b)
{
	while (b != 0) {
		uint32_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static int32_t fls32(uint32_t x)
{
	int32_t r = 0;

	while (x) {
		r++;
		x >>= 1;
	}
	return r;
}

static void mh_weights(struct vg_lvs_sched *s)
{
	int32_t g = 0, mw = 0, shift;

	for (int i = 0; i < s->count; i++) {
		int32_t w = s->d[i].last_weight;

		if (w > 0)
			g = g > 0 ? (int32_t)gcd_u32((uint32_t)w, (uint32_t)g) : w;
		if (w > mw)
			mw = w;
	}
	s->mh_gcd = g;
	s->mh_rshift = 0;
	if (g < 1)
		return;
	/* shift = occupied bits of max/gcd - IP_VS_MH_TAB_BITS (CONFIG_IP_VS_MH_TAB_INDEX / 2) */
	shift = fls32((uint32_t)(mw / g)) - s->p.mh_tab_index / 2;
	s->mh_rshift = shift >= 0 ? shift : 0;
}

static void mh_reassign(struct vg_lvs_sched *s)
{
	uint32_t m = s->tab_size;
	uint32_t offset[VG_LVS_RS_MAX], skip[VG_LVS_RS_MAX], perm[VG_LVS_RS_MAX];
	int32_t turns[VG_LVS_RS_MAX];
	uint8_t *used;
	uint32_t n = 0;
	int32_t dt_count = 0;
	int p = 0;

	mh_weights(s);
	for (uint32_t i = 0; i < m; i++)
		s->tab[i] = TAB_NONE;
	if (s->mh_gcd < 1 || s->count == 0)
		return;
	used = calloc((m + 7) / 8, 1);
	if (!used)
		return; /* table left empty: every pick fails, as after a failed kernel rebuild */
	for (int j = 0; j < s->count; j++) {
		const struct vg_lvs_dest *d = &s->d[j];
		int32_t lw = d->last_weight;
		int32_t t = (lw / s->mh_gcd) >> s->mh_rshift;

		offset[j] = mh_hashkey(&d->addr, d->port, MH_KEY1, 0) % m;
		skip[j] = mh_hashkey(&d->addr, d->port, MH_KEY2, 0) % (m - 1) + 1;
		perm[j] = offset[j];
		turns[j] = t ? t : (lw != 0);
	}
	while (n < m) {
		for (p = 0; p < s->count; ) {
			uint32_t c;

			if (turns[p] < 1) { /* ignore a server added with zero weight */
				p++;
				continue;
			}
			c = perm[p];
			while (used[c / 8] & (1u << (c % 8))) {
				perm[p] += skip[p];
				if (perm[p] >= m)
					perm[p] -= m;
				c = perm[p];
			}
			used[c / 8] |= (uint8_t)(1u << (c % 8));
			s->tab[c] = (uint16_t)p;
			if (++n == m)
				goto out;
			if (++dt_count >= turns[p]) {
				dt_count = 0;
				p++;
			}
		}
	}
out:
	free(used);
}

void vg_lvs_sched_hash_rebuild(struct vg_lvs_sched *s)
{
	if (!s->tab)
		return;
	switch (s->p.kind) {
	case VG_LVS_SCHED_DH: dh_reassign(s); break;
	case VG_LVS_SCHED_SH: sh_reassign(s); break;
	case VG_LVS_SCHED_MH: mh_reassign(s); break;
	default: break;
	}
}

int vg_lvs_sched_dh_pick(const struct vg_lvs_sched *s, const struct vg_lvs_conn *c)
{
	uint16_t i = s->tab[dh_hashkey(&c->daddr)];

	if (i == TAB_NONE || s->d[i].weight <= 0 || s->d[i].overloaded)
		return -1;
	return i;
}

/* ip_vs_sh_get_port / ip_vs_mh_get_port: the source port for TCP, UDP, SCTP. */
static uint16_t conn_port(const struct vg_lvs_sched *s, const struct vg_lvs_conn *c)
{
	if (!(s->p.flags & VG_LVS_SCHED_FLAG_2))
		return 0;
	switch (c->protocol) {
	case VG_LVS_PROTO_TCP:
	case VG_LVS_PROTO_UDP:
	case VG_LVS_PROTO_SCTP:
		return c->sport;
	default:
		return 0;
	}
}

int vg_lvs_sched_sh_pick(const struct vg_lvs_sched *s, const struct vg_lvs_conn *c)
{
	uint16_t port = conn_port(s, c);
	uint32_t ihash = sh_hashkey(&c->saddr, port, 0);
	uint16_t i = s->tab[ihash];

	if (i == TAB_NONE)
		return -1;
	if (!unavailable(&s->d[i]))
		return i;
	if (!(s->p.flags & VG_LVS_SCHED_SH_FALLBACK))
		return -1;
	for (uint32_t off = 0; off < s->tab_size; off++) {
		uint32_t roff = (off + ihash) % s->tab_size;

		i = s->tab[sh_hashkey(&c->saddr, port, roff)];
		if (i == TAB_NONE)
			break;
		if (!unavailable(&s->d[i]))
			return i;
	}
	return -1;
}

int vg_lvs_sched_mh_pick(const struct vg_lvs_sched *s, const struct vg_lvs_conn *c)
{
	uint16_t port = conn_port(s, c);
	uint32_t ihash = mh_hashkey(&c->saddr, port, MH_KEY1, 0) % s->tab_size;
	uint16_t i = s->tab[ihash];

	if (i == TAB_NONE)
		return -1;
	if (!unavailable(&s->d[i]))
		return i;
	if (!(s->p.flags & VG_LVS_SCHED_MH_FALLBACK))
		return -1;
	for (uint32_t off = 0; off < s->tab_size; off++) {
		uint32_t roff = (off + ihash) % s->tab_size;

		i = s->tab[mh_hashkey(&c->saddr, port, MH_KEY1, roff) % s->tab_size];
		if (i == TAB_NONE)
			break;
		if (!unavailable(&s->d[i]))
			return i;
	}
	return -1;
}
