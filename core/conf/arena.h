/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a bump allocator for configuration trees.
 *
 * A parsed configuration is built once and freed with one call, so every
 * node, string and list of the tree comes from one arena: a chain of
 * malloc'd chunks. Lists grow by copying into a larger block (the old block
 * stays in the arena until it is freed); trees are small, so the waste is
 * bounded by a factor of two. An allocation failure sets `failed` and
 * returns NULL; callers check `failed` once at the end.
 */
#ifndef VG_CONF_ARENA_H
#define VG_CONF_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VG_ARENA_CHUNK_BYTES 16384
#define VG_ARENA_LIST_MAX (1u << 20) /* elements in one list (>= VG_CONF_LINES_MAX) */

struct vg_arena_chunk;

struct vg_arena {
	struct vg_arena_chunk *head;
	bool failed;
};

void vg_arena_init(struct vg_arena *a);
void vg_arena_free(struct vg_arena *a);
/* Zeroed memory, aligned for any object, or NULL (and a->failed). */
void *vg_arena_alloc(struct vg_arena *a, size_t size);
char *vg_arena_strdup(struct vg_arena *a, const char *s);
char *vg_arena_strndup(struct vg_arena *a, const char *s, size_t len);
/*
 * Make room for element `count` of a list whose storage is `items` with
 * capacity *cap. Returns the (possibly moved) storage; on failure returns
 * `items` unchanged and leaves *cap as it was.
 */
void *vg_arena_list_grow(struct vg_arena *a, void *items, uint32_t count, uint32_t *cap, size_t elem_size);

/*
 * Append a zeroed element to a list struct { T *items; uint32_t count, cap; }
 * and evaluate to a pointer to it, or NULL when out of memory.
 */
#define VG_LIST_PUSH(arena, list)                                                          \
	((list).items = vg_arena_list_grow((arena), (list).items, (list).count, &(list).cap, \
					  sizeof(*(list).items)),                          \
	 (list).cap > (list).count ? &(list).items[(list).count++] : NULL)

#endif
