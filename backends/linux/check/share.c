/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the sharing key and the key table (share.h).
 */
#include "share.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

struct vgc_keytab_slot {
	uint64_t hash;
	uint8_t *bytes;   /* NULL: empty */
	size_t len;
	uint32_t index;
};

void vgc_key_put(struct vgc_key *k, const void *p, size_t n)
{
	if (k->overflow || n > sizeof(k->b) - k->len) {
		k->overflow = true;
		return;
	}
	if (n == 0)
		return; /* p may be NULL */
	memcpy(k->b + k->len, p, n);
	k->len += n;
}

void vgc_key_u32(struct vgc_key *k, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	vgc_key_put(k, b, sizeof(b));
}

/* Length-prefixed, so "ab"+"c" differs from "a"+"bc"; absent differs from "". */
void vgc_key_str(struct vgc_key *k, const char *s)
{
	if (!s) {
		vgc_key_u32(k, UINT32_MAX);
		return;
	}
	vgc_key_u32(k, (uint32_t)strlen(s));
	vgc_key_put(k, s, strlen(s));
}

/* An address as family, bytes, port: never the raw sockaddr (padding, sin6_flowinfo). */
static void put_sa(struct vgc_key *k, const union vgc_sa *ss, socklen_t len)
{
	if (!len) {
		vgc_key_u32(k, 0);
		return;
	}
	vgc_key_u32(k, ss->sa.sa_family);
	if (ss->sa.sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ss;

		vgc_key_put(k, &a->sin_addr, sizeof(a->sin_addr));
		vgc_key_u32(k, ntohs(a->sin_port));
	} else if (ss->sa.sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;

		vgc_key_put(k, &a->sin6_addr, sizeof(a->sin6_addr));
		vgc_key_u32(k, ntohs(a->sin6_port));
		vgc_key_u32(k, a->sin6_scope_id);
	}
}

void vgc_share_key_opts(struct vgc_key *k, const struct vgc_probe_opts *o, vg_time connect_timeout_ns)
{
	static const struct vgc_probe_bind none;
	const struct vgc_probe_bind *b = o->bind ? o->bind : &none;

	memset(k, 0, sizeof(*k));
	vgc_key_u32(k, o->type);
	vgc_key_u32(k, o->dst.family);
	vgc_key_put(k, o->dst.bytes, o->dst.family == VG_AF_INET6 ? 16 : 4);
	vgc_key_u32(k, o->port);
	put_sa(k, &b->src, b->src_len);
	vgc_key_str(k, b->bind_if);
	vgc_key_u32(k, b->fwmark);
	vgc_key_u32(k, (uint32_t)((uint64_t)connect_timeout_ns >> 32));
	vgc_key_u32(k, (uint32_t)connect_timeout_ns);
	/* proto only names the service in log lines: not part of what the probe does */
}

uint64_t vgc_key_hash(const struct vgc_key *k)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < k->len; i++) {
		h ^= k->b[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

void vgc_keytab_init(struct vgc_keytab *t)
{
	memset(t, 0, sizeof(*t));
}

void vgc_keytab_free(struct vgc_keytab *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slot[i].bytes);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

static int grow(struct vgc_keytab *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 64;
	struct vgc_keytab_slot *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		struct vgc_keytab_slot *s = &t->slot[i];
		size_t j;

		if (!s->bytes)
			continue;
		for (j = s->hash & (ncap - 1); ns[j].bytes; j = (j + 1) & (ncap - 1))
			;
		ns[j] = *s;
	}
	free(t->slot);
	t->slot = ns;
	t->cap = ncap;
	return 0;
}

int64_t vgc_keytab_intern(struct vgc_keytab *t, const struct vgc_key *k, bool *fresh)
{
	uint64_t h;
	size_t j;

	*fresh = true;
	if (k->overflow)
		return t->next_index++;
	if ((t->count + 1) * 4 > t->cap * 3 && grow(t))
		return -1;
	h = vgc_key_hash(k);
	for (j = h & (t->cap - 1); t->slot[j].bytes; j = (j + 1) & (t->cap - 1)) {
		const struct vgc_keytab_slot *s = &t->slot[j];

		if (s->hash == h && s->len == k->len && memcmp(s->bytes, k->b, k->len) == 0) {
			*fresh = false;
			return s->index;
		}
	}
	t->slot[j].bytes = malloc(k->len ? k->len : 1);
	if (!t->slot[j].bytes)
		return -1;
	memcpy(t->slot[j].bytes, k->b, k->len);
	t->slot[j].len = k->len;
	t->slot[j].hash = h;
	t->slot[j].index = t->next_index++;
	t->count++;
	return t->slot[j].index;
}
