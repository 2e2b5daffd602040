/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a bump allocator for configuration trees.
 *
 * A parsed configuration is built once and freed with one call, so every
 * node, string and list of the tree comes from one arena: a chain of
 * malloc'd chunks, each twice the size of the one before (up to
 * VG_ARENA_CHUNK_BYTES_MAX), so a 100,000-service configuration needs few
 * mallocs and wastes little at chunk ends. A list grows in place when it is
 * the last allocation of the current chunk, else by copying into a larger
 * block; the block it outgrew goes to a free list, from which later list
 * blocks of that size are taken (a configuration has many lists that grow
 * alike: the real servers of each virtual server). vg_arena_list_fit gives a
 * finished list the exact size. Lists of large elements start with room for
 * one, others for four. A list that outgrows VG_ARENA_LIST_HEAP_BYTES moves
 * to a malloc'd block of its own, realloc'd as it grows (large blocks move
 * by remapping, not copying) and freed with the arena. Buffers malloc'd
 * elsewhere can be handed to the arena (vg_arena_adopt) and are freed with
 * it. An allocation failure sets `failed` and returns NULL; callers check
 * `failed` once at the end.
 *
 * Chunks come zeroed (calloc, or the caller's struct vg_arena_chunks: a
 * backend may map large chunks on huge pages, the core cannot), and the
 * arena keeps the bytes past each chunk's fill point zero, so a fresh
 * allocation is not cleared again: building a large tree touches each page
 * once.
 */
#ifndef VG_CONF_ARENA_H
#define VG_CONF_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define VG_ARENA_CHUNK_BYTES 16384            /* the first chunk */
#define VG_ARENA_CHUNK_BYTES_MAX (4u << 20)    /* chunks stop doubling here */
#define VG_ARENA_LIST_MAX (1u << 22) /* elements in one list (>= VG_CONF_LINES_MAX) */
#define VG_ARENA_LIST_BIG_ELEM_BYTES 32        /* lists of elements this large start at one */
#define VG_ARENA_LIST_HEAP_BYTES (128u << 10)   /* list blocks this large are malloc'd */

struct vg_arena_chunk;
struct vg_arena_adopted;

#define VG_ARENA_FREE_CLASSES 32 /* free lists of outgrown list blocks, by log2 of their size */

struct vg_arena_free_block;

/* Where chunks come from when not from calloc/free (see vg_arena_use). */
struct vg_arena_chunks {
	void *(*alloc)(void *ctx, size_t size);         /* zeroed, aligned for any object, or NULL */
	void (*free)(void *ctx, void *p, size_t size);  /* what alloc returned, with its size */
	void *ctx;
};

struct vg_arena {
	const struct vg_arena_chunks *chunks; /* NULL: calloc and free */
	struct vg_arena_chunk *head;
	struct vg_arena_adopted *adopted; /* malloc'd buffers freed with the arena */
	size_t next_chunk_bytes;          /* 0: VG_ARENA_CHUNK_BYTES */
	struct vg_arena_free_block *free_blocks[VG_ARENA_FREE_CLASSES];
	bool failed;
};

void vg_arena_init(struct vg_arena *a);
/* Bytes handed out: what fills its chunks, and its heap lists (not other adopted buffers). */
size_t vg_arena_used(const struct vg_arena *a);
/* Take chunks from `chunks` (which must outlive the arena); call before the first allocation. */
void vg_arena_use(struct vg_arena *a, const struct vg_arena_chunks *chunks);
void vg_arena_free(struct vg_arena *a);
/* Zeroed memory, 8-byte aligned (pointers, 64-bit integers, doubles), or NULL (and a->failed). */
void *vg_arena_alloc(struct vg_arena *a, size_t size);
char *vg_arena_strdup(struct vg_arena *a, const char *s);
/*
 * Free `buf` (from malloc) when the arena is freed. Returns 0, or -1 (buf
 * freed at once, a->failed set) when out of memory.
 */
int vg_arena_adopt(struct vg_arena *a, void *buf);
char *vg_arena_strndup(struct vg_arena *a, const char *s, size_t len);
/*
 * Make room for element `count` of a list whose storage is `items` with
 * capacity *cap. Returns the (possibly moved) storage; on failure returns
 * `items` unchanged and leaves *cap as it was.
 */
void *vg_arena_list_grow(struct vg_arena *a, void *items, uint32_t count, uint32_t *cap, size_t elem_size);

/*
 * Give a list that is complete exactly `count` elements of storage (the
 * larger block goes to the free list). Returns the (possibly moved) storage.
 */
void *vg_arena_list_fit(struct vg_arena *a, void *items, uint32_t count, uint32_t *cap, size_t elem_size);

/*
 * Append a zeroed element to a list struct { T *items; uint32_t count, cap; }
 * and evaluate to a pointer to it, or NULL when out of memory. The push
 * zeroes the element: what a list holds past `count` is unspecified.
 */
#define VG_LIST_PUSH(arena, list)                                                          \
	((list).items = vg_arena_list_grow((arena), (list).items, (list).count, &(list).cap, \
					  sizeof(*(list).items)),                          \
	 (list).cap > (list).count ? memset(&(list).items[(list).count++], 0, sizeof(*(list).items)) : NULL)

#endif
