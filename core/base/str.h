/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: string helpers shared by core modules.
 */
#ifndef VG_BASE_STR_H
#define VG_BASE_STR_H

#include <stdbool.h>
#include <string.h>

/* Equal strings, NULL equal only to NULL. */
static inline bool vg_str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

#endif
