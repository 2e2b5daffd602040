/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: helpers shared by the script runner's tests. */
#ifndef VGL_SCRIPT_TESTUTIL_H
#define VGL_SCRIPT_TESTUTIL_H

#include <stdbool.h>
#include <sys/stat.h>

/* Root owns "/", "/tmp" and `d`, none writable by others unless sticky: the "safe" cases can hold. */
static inline bool dirs_safe(const char *d)
{
	const char *chain[] = { "/", "/tmp", d };

	for (size_t i = 0; i < sizeof(chain) / sizeof(chain[0]); i++) {
		struct stat st;

		if (lstat(chain[i], &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0)
			return false;
		if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
			return false;
	}
	return true;
}

#endif
