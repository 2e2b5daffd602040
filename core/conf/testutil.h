/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: helpers shared by the conf tests (header only: tests are single files).
 *
 * An in-memory loader (a table of path -> text; glob matches with fnmatch
 * and returns paths sorted), a loader that reads real files (for the seed
 * configurations in testdata/seed/, found next to this file), parse
 * helpers, and assertions on diagnostics by code and line.
 */
#ifndef VG_CONF_TESTUTIL_H
#define VG_CONF_TESTUTIL_H

#include <fnmatch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf/conf.h"

#define MEMFS_FILES_MAX 16

struct memfs {
	const char *path[MEMFS_FILES_MAX];
	const char *text[MEMFS_FILES_MAX];
	size_t count;
};

static inline int memfs_read(void *ctx, const char *path, char **data, size_t *len)
{
	struct memfs *fs = ctx;
	for (size_t i = 0; i < fs->count; i++) {
		if (strcmp(fs->path[i], path) == 0) {
			*len = strlen(fs->text[i]);
			*data = malloc(*len + 1);
			if (!*data)
				return -12;
			memcpy(*data, fs->text[i], *len + 1);
			return 0;
		}
	}
	return -2;
}

static inline int cmp_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline int memfs_glob(void *ctx, const char *pattern, char ***paths, size_t *count)
{
	struct memfs *fs = ctx;
	char **out = calloc(MEMFS_FILES_MAX + 1, sizeof(*out));
	size_t n = 0;
	if (!out)
		return -12;
	for (size_t i = 0; i < fs->count; i++) {
		if (fnmatch(pattern, fs->path[i], FNM_PATHNAME) == 0) {
			out[n] = malloc(strlen(fs->path[i]) + 1);
			strcpy(out[n++], fs->path[i]);
		}
	}
	qsort(out, n, sizeof(*out), cmp_paths);
	*paths = out;
	*count = n;
	return 0;
}

static inline int realfs_read(void *ctx, const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;
	(void)ctx;
	if (!f)
		return -2;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	*data = malloc((size_t)n + 1);
	*len = fread(*data, 1, (size_t)n, f);
	fclose(f);
	return 0;
}

/* Parse one in-memory file "/etc/keepalived/keepalived.conf". */
struct parsed {
	struct vg_conf *conf;
	struct vg_diags diags;
	int rc;
};

static inline void parse_fs(struct parsed *p, struct memfs *fs, const char *config_id)
{
	struct vg_conf_loader loader = { memfs_read, memfs_glob, fs };
	struct vg_conf_options opts = { &loader, config_id, 1 };
	vg_diags_init(&p->diags);
	p->rc = vg_conf_parse(fs->path[0], &opts, &p->conf, &p->diags);
}

static inline void parse_text(struct parsed *p, const char *text)
{
	static struct memfs fs;
	fs.count = 1;
	fs.path[0] = "/etc/keepalived/keepalived.conf";
	fs.text[0] = text;
	parse_fs(p, &fs, NULL);
}

/* testdata/seed/<name>, located from this header's path. */
static inline void seed_path(char *buf, size_t len, const char *name)
{
	const char *here = __FILE__;
	const char *slash = strrchr(here, '/');
	int dir = slash ? (int)(slash - here) : 1;
	snprintf(buf, len, "%.*s/testdata/seed/%s", dir, slash ? here : ".", name);
	{
		FILE *f = fopen(buf, "r");
		if (f) {
			fclose(f);
			return;
		}
	}
	/* the test may run from another directory than the compiler did */
	if (getenv("VG_CONF_TESTDATA"))
		snprintf(buf, len, "%s/seed/%s", getenv("VG_CONF_TESTDATA"), name);
}

static inline void parse_seed(struct parsed *p, const char *name)
{
	static char path[1024];
	struct vg_conf_loader loader = { realfs_read, NULL, NULL };
	struct vg_conf_options opts = { &loader, NULL, 1 };
	seed_path(path, sizeof(path), name);
	vg_diags_init(&p->diags);
	p->rc = vg_conf_parse(path, &opts, &p->conf, &p->diags);
	if (p->rc == VG_CONF_ERR_IO)
		fail_msg("cannot read seed %s", path);
}

static inline void parsed_free(struct parsed *p)
{
	vg_conf_free(p->conf);
	vg_diags_free(&p->diags);
}

static inline void dump_diags(const struct vg_diags *d)
{
	char buf[1024];
	for (uint32_t i = 0; i < d->count; i++) {
		vg_diag_format(&d->items[i], buf, sizeof(buf));
		print_message("# %s\n", buf);
	}
}

/* The diagnostic with this code at this line (0: any line), or fail. */
static inline const struct vg_diag *expect_diag(const struct vg_diags *d, const char *code, uint32_t line)
{
	const struct vg_diag *g = vg_diags_find(d, code, line);
	if (!g) {
		dump_diags(d);
		fail_msg("no diagnostic '%s' at line %u", code, line);
	}
	return g;
}

static inline void expect_no_diag(const struct vg_diags *d, const char *code)
{
	const struct vg_diag *g = vg_diags_find(d, code, 0);
	if (g) {
		dump_diags(d);
		fail_msg("unexpected diagnostic '%s' at line %u: %s", code, g->loc.line, g->message);
	}
}

#endif
