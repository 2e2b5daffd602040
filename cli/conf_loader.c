// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the file-system loader (see conf_loader.h).
 */
#define _GNU_SOURCE /* GLOB_BRACE */
#include "conf_loader.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* Streaming: the parser reads each file a window at a time (see struct vg_conf_loader). */
static int fs_open(void *ctx, const char *path, void **file)
{
	FILE *f;
	struct stat st;

	(void)ctx;
	*file = NULL;
	f = fopen(path, "rb");
	if (!f)
		return -errno;
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return -EINVAL;
	}
	if ((unsigned long long)st.st_size > VG_CONF_FILE_BYTES_MAX) {
		fclose(f);
		return -EFBIG;
	}
	*file = f;
	return 0;
}

static long fs_read_some(void *ctx, void *file, char *buf, size_t cap)
{
	size_t n;

	(void)ctx;
	n = fread(buf, 1, cap, file);
	if (n == 0 && ferror(file))
		return -EIO;
	return (long)n;
}

static void fs_close(void *ctx, void *file)
{
	(void)ctx;
	fclose(file);
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

int vg_conf_load(const char *path, const char *config_id, struct vg_conf **out, struct vg_diags *diags)
{
	struct vg_conf_loader l = vg_conf_loader_fs();
	struct vg_conf_options o = { &l, config_id, 0 };

	return vg_conf_parse(path, &o, out, diags);
}
