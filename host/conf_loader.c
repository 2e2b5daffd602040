// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the file-system loader (see conf_loader.h).
 */
#define _GNU_SOURCE /* GLOB_BRACE */
#include "conf_loader.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int fs_read(void *ctx, const char *path, char **data, size_t *len)
{
	FILE *f;
	struct stat st;
	char *buf;
	size_t n;

	(void)ctx;
	*data = NULL;
	*len = 0;
	f = fopen(path, "rb");
	if (!f)
		return -errno;
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return -EINVAL;
	}
	if ((unsigned long long)st.st_size > VG_CONF_FILE_BYTES_MAX) {
		fclose(f);
		*len = (size_t)st.st_size;
		return -EFBIG;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/*
 * Streaming: the parser reads each file a window at a time (see struct
 * vg_conf_loader), straight from the descriptor into its window (no stdio
 * buffer in between). The handle is the descriptor + 1, so it is never NULL.
 */
static int fs_open(void *ctx, const char *path, void **file)
{
	struct stat st;
	int fd;

	(void)ctx;
	*file = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if ((unsigned long long)st.st_size > VG_CONF_FILE_BYTES_MAX) {
		close(fd);
		return -EFBIG;
	}
	*file = (void *)((intptr_t)fd + 1);
	return 0;
}

static long fs_read_some(void *ctx, void *file, char *buf, size_t cap)
{
	int fd = (int)((intptr_t)file - 1);
	ssize_t n;

	(void)ctx;
	do
		n = read(fd, buf, cap);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -EIO : (long)n;
}

static void fs_close(void *ctx, void *file)
{
	(void)ctx;
	close((int)((intptr_t)file - 1));
}

static int fs_glob(void *ctx, const char *pattern, char ***paths, size_t *count)
{
	glob_t g;
	int rc;
	char **out;

	(void)ctx;
	*paths = NULL;
	*count = 0;
	memset(&g, 0, sizeof(g));
	rc = glob(pattern, GLOB_BRACE, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		globfree(&g);
		return 0;
	}
	if (rc != 0) {
		globfree(&g);
		return -EIO;
	}
	out = calloc(g.gl_pathc + 1, sizeof(*out));
	if (!out) {
		globfree(&g);
		return -ENOMEM;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		out[i] = strdup(g.gl_pathv[i]);
		if (!out[i]) {
			for (size_t k = 0; k < i; k++)
				free(out[k]);
			free(out);
			globfree(&g);
			return -ENOMEM;
		}
	}
	*paths = out;
	*count = g.gl_pathc;
	globfree(&g);
	return 0;
}

struct vg_conf_loader vg_conf_loader_fs(void)
{
	struct vg_conf_loader l = { fs_read, fs_glob, NULL, fs_open, fs_read_some, fs_close };
	return l;
}

/*
 * The tree's chunks: small ones from calloc; the largest (chunks double up
 * to VG_ARENA_CHUNK_BYTES_MAX, 4 MiB, which only a tree of more than 4 MiB
 * reaches: a large director) mapped on 2 MiB boundaries and offered to
 * transparent huge pages, so that building a tree of tens of MB takes a few
 * page faults instead of one per 4 KiB (each costs microseconds, more than
 * parsing the bytes that fill it). A daemon's usual tree stays on small
 * pages: a huge page counts whole in its RSS. Without THP the mapping is
 * plain anonymous memory.
 */
#define HUGE_BYTES ((size_t)2 << 20)
#define HUGE_FROM_BYTES ((size_t)VG_ARENA_CHUNK_BYTES_MAX)

static size_t huge_round(size_t size)
{
	return (size + HUGE_BYTES - 1) & ~(HUGE_BYTES - 1);
}

static void *chunk_alloc(void *ctx, size_t size)
{
	size_t len = huge_round(size);
	char *m, *p;

	(void)ctx;
	if (size < HUGE_FROM_BYTES)
		return calloc(1, size);
	m = mmap(NULL, len + HUGE_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)m + HUGE_BYTES - 1) & ~(uintptr_t)(HUGE_BYTES - 1));
	if (p > m)
		munmap(m, (size_t)(p - m));
	munmap(p + len, (size_t)(m + len + HUGE_BYTES - (p + len)));
#ifdef MADV_HUGEPAGE
	madvise(p, len, MADV_HUGEPAGE); /* advice only: plain pages when refused */
#endif
	return p;
}

static void chunk_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	if (size < HUGE_FROM_BYTES)
		free(p);
	else
		munmap(p, huge_round(size));
}

static const struct vg_arena_chunks huge_chunks = { chunk_alloc, chunk_free, NULL };

int vg_conf_load_with(const char *path, const char *config_id, const struct vg_conf_loader *l, struct vg_conf **out,
		      struct vg_diags *diags)
{
	struct vg_conf_options o = { l, config_id, 0, &huge_chunks };

	return vg_conf_parse(path, &o, out, diags);
}

int vg_conf_load(const char *path, const char *config_id, struct vg_conf **out, struct vg_diags *diags)
{
	struct vg_conf_loader l = vg_conf_loader_fs();

	return vg_conf_load_with(path, config_id, &l, out, diags);
}
