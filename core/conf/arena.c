// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the configuration arena (see arena.h).
 */
#include "conf/arena.h"

#include <stdlib.h>
#include <string.h>

struct vg_arena_chunk {
	struct vg_arena_chunk *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

void vg_arena_init(struct vg_arena *a)
{
	a->head = NULL;
	a->failed = false;
}

void vg_arena_free(struct vg_arena *a)
{
	struct vg_arena_chunk *c = a->head;

	while (c) {
		struct vg_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}

static size_t round_up(size_t n)
{
	size_t al = sizeof(max_align_t);
	return (n + al - 1) / al * al;
}

void *vg_arena_alloc(struct vg_arena *a, size_t size)
{
	struct vg_arena_chunk *c = a->head;
	void *p;

	size = round_up(size ? size : 1);
	if (!c || c->size - c->used < size) {
		size_t cap = size > VG_ARENA_CHUNK_BYTES ? size : VG_ARENA_CHUNK_BYTES;
		struct vg_arena_chunk *n = malloc(sizeof(*n) + cap);
		if (!n) {
			a->failed = true;
			return NULL;
		}
		n->used = 0;
		n->size = cap;
		if (c && size > VG_ARENA_CHUNK_BYTES) {
			/* a big block: keep filling the current chunk afterwards */
			n->next = c->next;
			c->next = n;
		} else {
			n->next = c;
			a->head = n;
		}
		c = n;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *vg_arena_strndup(struct vg_arena *a, const char *s, size_t len)
{
	char *p = vg_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *vg_arena_strdup(struct vg_arena *a, const char *s)
{
	return s ? vg_arena_strndup(a, s, strlen(s)) : NULL;
}

void *vg_arena_list_grow(struct vg_arena *a, void *items, uint32_t count, uint32_t *cap, size_t elem_size)
{
	uint32_t ncap;
	void *n;

	if (count < *cap)
		return items;
	if (count >= VG_ARENA_LIST_MAX) {
		a->failed = true;
		return items;
	}
	ncap = *cap ? *cap * 2 : 4;
	if (ncap > VG_ARENA_LIST_MAX)
		ncap = VG_ARENA_LIST_MAX;
	n = vg_arena_alloc(a, (size_t)ncap * elem_size);
	if (!n)
		return items;
	if (count)
		memcpy(n, items, (size_t)count * elem_size);
	*cap = ncap;
	return n;
}
