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

struct vg_arena_adopted {
	struct vg_arena_adopted *next;
	void *buf;
	size_t size; /* a heap list's block; 0: not known (vg_arena_adopt) */
};

struct vg_arena_free_block {
	struct vg_arena_free_block *next;
	size_t size;
};

void vg_arena_init(struct vg_arena *a)
{
	memset(a, 0, sizeof(*a));
}

void vg_arena_use(struct vg_arena *a, const struct vg_arena_chunks *chunks)
{
	a->chunks = chunks;
}

static void *chunk_alloc(const struct vg_arena *a, size_t size)
{
	return a->chunks ? a->chunks->alloc(a->chunks->ctx, size) : calloc(1, size);
}

static void chunk_free(const struct vg_arena *a, struct vg_arena_chunk *c)
{
	if (a->chunks)
		a->chunks->free(a->chunks->ctx, c, sizeof(*c) + c->size);
	else
		free(c);
}

void vg_arena_free(struct vg_arena *a)
{
	struct vg_arena_chunk *c = a->head;
	struct vg_arena_adopted *d = a->adopted;

	/* the adopted list lives in the chunks: walk it first */
	while (d) {
		struct vg_arena_adopted *next = d->next;
		free(d->buf);
		d = next;
	}
	a->adopted = NULL;
	while (c) {
		struct vg_arena_chunk *next = c->next;
		chunk_free(a, c);
		c = next;
	}
	a->head = NULL;
	a->next_chunk_bytes = 0;
	memset(a->free_blocks, 0, sizeof(a->free_blocks));
}

size_t vg_arena_used(const struct vg_arena *a)
{
	size_t n = 0;

	for (const struct vg_arena_chunk *c = a->head; c; c = c->next)
		n += c->used;
	for (const struct vg_arena_adopted *d = a->adopted; d; d = d->next)
		n += d->size;
	return n;
}

int vg_arena_adopt(struct vg_arena *a, void *buf)
{
	struct vg_arena_adopted *d = vg_arena_alloc(a, sizeof(*d));

	if (!d) {
		free(buf);
		return -1;
	}
	d->buf = buf;
	d->next = a->adopted;
	a->adopted = d;
	return 0;
}

/*
 * Objects are aligned for what trees hold (pointers, 64-bit integers: 8
 * bytes; nothing needs max_align_t's 16, which would round a 152-byte
 * checker up to 160); strings are not aligned at all.
 */
#define ALIGN ((size_t)8)
_Static_assert(_Alignof(uint64_t) <= ALIGN && _Alignof(void *) <= ALIGN && _Alignof(double) <= ALIGN,
	       "arena alignment");

static size_t round_up(size_t n)
{
	return (n + ALIGN - 1) / ALIGN * ALIGN;
}

/* `size` bytes at an `align`-byte boundary (a power of two), zero. */
static void *bump(struct vg_arena *a, size_t size, size_t align)
{
	struct vg_arena_chunk *c = a->head;
	size_t off = c ? (c->used + align - 1) & ~(align - 1) : 0;
	void *p;

	if (!c || off > c->size || c->size - off < size) {
		/* a chunk of `chunk` bytes in all, header included: a power of two for the allocator */
		size_t chunk = a->next_chunk_bytes ? a->next_chunk_bytes : VG_ARENA_CHUNK_BYTES;
		size_t room = chunk - sizeof(struct vg_arena_chunk);
		size_t cap = size > room ? round_up(size) : room;
		struct vg_arena_chunk *n = chunk_alloc(a, sizeof(*n) + cap);
		if (!n) {
			a->failed = true;
			return NULL;
		}
		n->used = 0;
		n->size = cap;
		if (size <= room && chunk < VG_ARENA_CHUNK_BYTES_MAX)
			a->next_chunk_bytes = chunk * 2;
		if (c && size > room) {
			/* a big block: keep filling the current chunk afterwards */
			n->next = c->next;
			c->next = n;
		} else {
			n->next = c;
			a->head = n;
		}
		c = n;
		off = 0;
	}
	p = (char *)c->data + off;
	c->used = off + size; /* past the fill point a chunk is still zero */
	return p;
}

void *vg_arena_alloc(struct vg_arena *a, size_t size)
{
	return bump(a, round_up(size ? size : 1), ALIGN);
}

char *vg_arena_strndup(struct vg_arena *a, const char *s, size_t len)
{
	char *p = bump(a, len + 1, 1);
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

static unsigned size_class(size_t size)
{
	unsigned c = 0;

	while (size >>= 1)
		c++;
	return c < VG_ARENA_FREE_CLASSES ? c : VG_ARENA_FREE_CLASSES - 1;
}

/* `p` (size bytes, rounded) is no longer used: keep it for a later list block. */
static void release(struct vg_arena *a, void *p, size_t size)
{
	struct vg_arena_free_block *b = p;

	if (!p || size < sizeof(*b))
		return;
	b->size = size;
	b->next = a->free_blocks[size_class(size)];
	a->free_blocks[size_class(size)] = b;
}

/* A block of `size` bytes for a list: a released one if one fits, else new. */
static void *list_block(struct vg_arena *a, size_t size)
{
	struct vg_arena_free_block **pp;
	unsigned tries = 0;

	size = round_up(size ? size : 1);
	for (pp = &a->free_blocks[size_class(size)]; *pp && tries < 4; pp = &(*pp)->next, tries++) {
		struct vg_arena_free_block *b = *pp;
		if (b->size >= size && b->size <= size + size / 2) {
			*pp = b->next; /* not cleared: a push zeroes each element */
			return b;
		}
	}
	return vg_arena_alloc(a, size);
}

/* The record of a list block that lives on the heap (adopted), or NULL. */
static struct vg_arena_adopted *heap_list(const struct vg_arena *a, const void *items)
{
	for (struct vg_arena_adopted *d = a->adopted; d; d = d->next)
		if (d->buf == items)
			return d;
	return NULL;
}

/*
 * A large list moves to the heap: doubling in the arena would leave each
 * outgrown block behind (a list of 10,000 services would hold twice its
 * size), while a heap block grows with realloc (glibc moves a large one by
 * remapping its pages: no copy, no new page faults for what it holds), and
 * the part past what the list fills is never touched.
 */
static void *heap_grow(struct vg_arena *a, void *items, size_t have, size_t want, size_t used)
{
	struct vg_arena_adopted *d = items ? heap_list(a, items) : NULL;
	void *n;

	if (d) {
		n = realloc(d->buf, want);
		if (!n) {
			a->failed = true;
			return NULL;
		}
		d->buf = n;
		d->size = want;
		return n;
	}
	n = malloc(want);
	if (!n) {
		a->failed = true;
		return NULL;
	}
	if (used)
		memcpy(n, items, used);
	if (vg_arena_adopt(a, n) < 0)
		return NULL;
	a->adopted->size = want;
	if (items && have)
		release(a, items, have);
	return n;
}

void *vg_arena_list_grow(struct vg_arena *a, void *items, uint32_t count, uint32_t *cap, size_t elem_size)
{
	uint32_t ncap;
	void *n;

	struct vg_arena_chunk *c = a->head;

	if (count < *cap)
		return items;
	if (count >= VG_ARENA_LIST_MAX) {
		a->failed = true;
		return items;
	}
	ncap = *cap ? *cap * 2 : elem_size >= VG_ARENA_LIST_BIG_ELEM_BYTES ? 1 : 4;
	if (ncap > VG_ARENA_LIST_MAX)
		ncap = VG_ARENA_LIST_MAX;
	if (round_up((size_t)ncap * elem_size) >= VG_ARENA_LIST_HEAP_BYTES) {
		n = heap_grow(a, items, round_up((size_t)*cap * elem_size), round_up((size_t)ncap * elem_size),
			      (size_t)count * elem_size);
		if (!n)
			return items;
		*cap = ncap;
		return n;
	}
	/* the last allocation of the current chunk: grow in place */
	if (items && c && (char *)items + round_up((size_t)*cap * elem_size) == (char *)c->data + c->used) {
		size_t more = round_up((size_t)ncap * elem_size) - round_up((size_t)*cap * elem_size);
		if (c->size - c->used >= more) {
			c->used += more; /* zero already: past the fill point */
			*cap = ncap;
			return items;
		}
	}
	n = list_block(a, (size_t)ncap * elem_size);
	if (!n)
		return items;
	if (count)
		memcpy(n, items, (size_t)count * elem_size);
	if (items && *cap)
		release(a, items, round_up((size_t)*cap * elem_size));
	*cap = ncap;
	return n;
}

void *vg_arena_list_fit(struct vg_arena *a, void *items, uint32_t count, uint32_t *cap, size_t elem_size)
{
	struct vg_arena_chunk *c = a->head;
	size_t have, want;
	bool failed;
	void *n;

	if (!items || count >= *cap || count == 0)
		return items;
	have = round_up((size_t)*cap * elem_size);
	want = round_up((size_t)count * elem_size);
	if (want == have || (have >= VG_ARENA_LIST_HEAP_BYTES && heap_list(a, items)))
		return items; /* a heap list: its untouched tail costs no memory */
	/* the last allocation of the current chunk: give the tail back */
	if (c && (char *)items + have == (char *)c->data + c->used) {
		c->used -= have - want;
		memset((char *)c->data + c->used, 0, have - want); /* past the fill point stays zero */
		*cap = (uint32_t)(want / elem_size);
		return items;
	}
	failed = a->failed;
	n = list_block(a, want);
	if (!n) {
		a->failed = failed; /* not an error: the list stays as it was */
		return items;
	}
	memcpy(n, items, (size_t)count * elem_size);
	release(a, items, have);
	*cap = (uint32_t)(want / elem_size);
	return n;
}
