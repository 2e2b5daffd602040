// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the preprocessor's files: include lines and their globs, the stack of
 * open files, reading each a window at a time (loader->open) or whole
 * (loader->read), and reading lines again for diagnostics (vg_macro_fill_text).
 */
#include "conf/macro_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/lexer.h"

void vg_macro_free_paths(struct frame *f)
{
	for (size_t i = 0; i < f->count; i++)
		free(f->paths[i]);
	free(f->paths);
	f->paths = NULL;
	f->count = f->next = 0;
}

/* include, includer, includem, includew, includeb or includea, as the first word */
bool vg_macro_is_include(const char *s, const char *e)
{
	size_t n = (size_t)(e - s);

	if (n < 7 || memcmp(s, "include", 7) != 0)
		return false;
	if (n > 7 && s[7] && strchr("rmwba", s[7]))
		return n == 8 || vg_lex_is_space(s[8]);
	return n == 7 || vg_lex_is_space(s[7]);
}

void vg_macro_include(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col)
{
	bool strict = e - s > 7 && !vg_lex_is_space(s[7]); /* includer, includem, ... */
	const char *p = s, *q;
	char pattern[VG_CONF_LINE_BYTES_MAX];
	char **paths = NULL;
	size_t count = 0;
	int rc;

	while (p < e && !vg_lex_is_space(*p))
		p++;
	p = vg_lex_skip_space(p, e);
	q = p;
	while (q < e && !vg_lex_is_space(*q))
		q++;
	if (p < q && (*p == '"' || *p == '\'') && q - p >= 2 && q[-1] == *p) {
		p++;
		q--;
	}
	if (p == q) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col, "include", "include without a file name");
		return;
	}
	if (c->include_depth >= VG_CONF_INCLUDE_DEPTH_MAX) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col, "include",
			      "includes nested more than %d deep (does a file include itself?)",
			      VG_CONF_INCLUDE_DEPTH_MAX);
		return;
	}
	if (*p == '/' || strcmp(c->dir, ".") == 0)
		snprintf(pattern, sizeof(pattern), "%.*s", (int)(q - p), p);
	else
		snprintf(pattern, sizeof(pattern), "%s/%.*s", c->dir, (int)(q - p), p);
	if (c->opts->loader->glob) {
		rc = c->opts->loader->glob(c->opts->loader->ctx, pattern, &paths, &count);
		if (rc < 0) {
			vg_macro_diag(c, strict ? VG_DIAG_ERROR : VG_DIAG_WARNING, l, col, "include",
				      "include '%s': cannot expand the pattern", pattern);
			return;
		}
	} else {
		paths = malloc(sizeof(*paths));
		if (paths && (paths[0] = vg_macro_dupn(pattern, strlen(pattern))) != NULL)
			count = 1;
	}
	if (count == 0)
		vg_macro_diag(c, strict ? VG_DIAG_ERROR : VG_DIAG_WARNING, l, col, "include",
			      "include '%s' matches no file%s", pattern,
			      strict ? "" : " (keepalived's plain include ignores this silently)");
	/* the files are read one after the other before the next line of this one (see step()) */
	{
		struct frame *f = &c->frames[c->include_depth - 1];
		vg_macro_free_paths(f);
		f->paths = paths;
		f->count = count;
		f->next = 0;
		f->inc = *l;
		f->inc_strict = strict;
	}
}

static const char *dir_of(struct vg_macro *c, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return vg_arena_strndup(c->arena, path, (size_t)(slash - path));
}

/* ---- reading files: whole (loader->read) or in chunks (loader->open) ---- */

void vg_macro_reader_close(struct vg_macro *c, struct reader *r)
{
	const struct vg_conf_loader *l = c->opts->loader;

	if (r->handle && l->close)
		l->close(l->ctx, r->handle);
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

/* Returns 0, or a negative loader code; *too_large when over VG_CONF_FILE_BYTES_MAX. */
int vg_macro_reader_open(struct vg_macro *c, struct reader *r, const char *path, bool *too_large)
{
	const struct vg_conf_loader *l = c->opts->loader;
	char *data = NULL, *nd;
	size_t len = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	*too_large = false;
	if (l->open) {
		rc = l->open(l->ctx, path, &r->handle);
		if (rc < 0)
			return rc;
		r->cap = READ_CHUNK_BYTES;
		r->buf = malloc(r->cap);
		if (!r->buf) {
			c->nomem = true;
			vg_macro_reader_close(c, r);
			return -1;
		}
		return 0;
	}
	rc = l->read(l->ctx, path, &data, &len);
	if (rc < 0 || len > VG_CONF_FILE_BYTES_MAX) {
		free(data);
		*too_large = len > VG_CONF_FILE_BYTES_MAX;
		return rc < 0 ? rc : -1;
	}
	nd = realloc(data, len + 1); /* room for the NUL after a last line without newline */
	if (!nd) {
		free(data);
		c->nomem = true;
		return -1;
	}
	r->buf = nd;
	r->len = len;
	r->cap = len + 1;
	r->eof = true;
	return 0;
}

/*
 * The next physical line of r as [*s, *e) with *e readable (NUL or '\n'),
 * valid until the next call. Returns false at the end of the file.
 */
bool vg_macro_reader_line(struct vg_macro *c, struct reader *r, char **s, char **e)
{
	const struct vg_conf_loader *l = c->opts->loader;

	if (c->diags && c->read_bytes > READ_BYTES_MAX) { /* (no diags: the text pass of vg_macro_fill_text) */
		if (!c->stop)
			vg_macro_diag(c, VG_DIAG_ERROR, NULL, 0, "too-large",
				      "more than %llu bytes of configuration read (a file included many times?); stopping",
				      (unsigned long long)READ_BYTES_MAX);
		c->stop = true;
		return false;
	}
	for (;;) {
		char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		long n;

		if (nl) {
			*s = r->buf + r->pos;
			*e = nl;
			r->pos = (size_t)(nl - r->buf) + 1;
			c->read_bytes += (uint64_t)(nl - *s) + 1;
			return true;
		}
		if (r->eof) {
			if (r->pos >= r->len)
				return false;
			*s = r->buf + r->pos;
			*e = r->buf + r->len;
			r->buf[r->len] = '\0';
			r->pos = r->len;
			c->read_bytes += (uint64_t)(*e - *s);
			return true;
		}
		if (r->pos) {
			memmove(r->buf, r->buf + r->pos, r->len - r->pos);
			r->len -= r->pos;
			r->pos = 0;
		}
		if (r->len + 1 >= r->cap) {
			char *nb = r->cap < VG_CONF_FILE_BYTES_MAX ? realloc(r->buf, r->cap * 2) : NULL;
			if (!nb) {
				if (r->cap < VG_CONF_FILE_BYTES_MAX)
					c->nomem = true;
				r->failed = true;
				r->eof = true;
				continue;
			}
			r->buf = nb;
			r->cap *= 2;
		}
		n = l->read_some(l->ctx, r->handle, r->buf + r->len, r->cap - r->len - 1);
		if (n <= 0) {
			r->eof = true;
			r->failed = n < 0;
			continue;
		}
		r->len += (size_t)n;
		r->total += (uint64_t)n;
		if (r->total > VG_CONF_FILE_BYTES_MAX) {
			r->failed = true;
			r->eof = true;
		}
	}
}

/* Open `path` as the new innermost file. Returns 0 or VG_CONF_ERR_IO (main file). */
int vg_macro_push_file(struct vg_macro *c, const char *path, const struct lineref *from, bool strict)
{
	struct frame *f;
	const char **slot;
	bool too_large;
	int rc;

	/* two includes of itself per file, 16 deep, would read 2^16 files: bound the fan-out */
	if (from && c->files_read >= VG_CONF_FILES_READ_MAX) {
		vg_macro_diag(c, VG_DIAG_ERROR, from, 0, "too-large",
			      "more than %d files read (files that include each other?); stopping", VG_CONF_FILES_READ_MAX);
		c->stop = true;
		return 0;
	}
	/*
	 * A file that includes itself (directly or through others) would be read until a limit.
	 * keepalived 2.2.7 reads it again until "open problem (Too many open files) - skipping" and
	 * runs; so the plain include only warns here, as for a file it cannot read.
	 */
	for (uint32_t k = 0; from && k < c->include_depth; k++) {
		if (c->frames[k].file && strcmp(c->frames[k].file, path) == 0) {
			vg_macro_diag(c, strict ? VG_DIAG_ERROR : VG_DIAG_WARNING, from, 0, "include-cycle",
				      "'%s' includes itself (it is already being read): not read again "
				      "(keepalived 2.2.7 reads it again until it runs out of open files)", path);
			return 0;
		}
	}
	c->files_read++;
	assert(c->include_depth < VG_CONF_INCLUDE_DEPTH_MAX);
	f = &c->frames[c->include_depth];
	memset(f, 0, sizeof(*f));
	rc = vg_macro_reader_open(c, &f->r, path, &too_large);
	if (rc < 0) {
		if (!from)
			return VG_CONF_ERR_IO;
		vg_macro_diag(c, strict ? VG_DIAG_ERROR : VG_DIAG_WARNING, from, 0, "include",
			      too_large ? "included file '%s' is too large" : "cannot read included file '%s'", path);
		return 0;
	}
	slot = VG_LIST_PUSH(c->arena, *c->files);
	f->file = vg_arena_strdup(c->arena, path);
	f->dir = f->file ? dir_of(c, f->file) : ".";
	if (slot)
		*slot = f->file;
	if (!f->file)
		c->nomem = true;
	f->strict = strict;
	if (from)
		f->from = *from;
	c->include_depth++;
	c->file = f->file;
	c->dir = f->dir;
	return 0;
}

void vg_macro_pop_file(struct vg_macro *c)
{
	struct frame *f = &c->frames[--c->include_depth];

	if (f->r.failed && f->r.total > VG_CONF_FILE_BYTES_MAX)
		vg_macro_diag(c, VG_DIAG_ERROR, NULL, 0, "too-large", "file '%s' is larger than %u bytes", f->file,
			      VG_CONF_FILE_BYTES_MAX);
	vg_macro_reader_close(c, &f->r);
	vg_macro_free_paths(f);
	c->line_end = NULL;
	if (c->include_depth) {
		c->file = c->frames[c->include_depth - 1].file;
		c->dir = c->frames[c->include_depth - 1].dir;
	}
}

struct want {
	uint32_t line;
	uint32_t diag;
};

static int want_cmp(const void *a, const void *b)
{
	const struct want *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->diag < y->diag ? -1 : x->diag > y->diag;
}

static bool needs_text(const struct vg_diag *g)
{
	return !g->text && g->loc.line && g->loc.file;
}

int vg_macro_fill_text(const struct vg_conf_loader *loader, struct vg_diags *diags, uint32_t from)
{
	struct vg_conf_options opts = { loader, NULL, 0 };
	struct vg_macro c;
	struct want *w;
	uint8_t *seen; /* diagnostics whose file was read (or could not be) */
	uint32_t n = 0;
	int rc = 0;

	for (uint32_t i = from; i < diags->count; i++)
		n += needs_text(&diags->items[i]);
	if (!n)
		return 0;
	w = malloc(n * sizeof(*w));
	seen = calloc(diags->count - from, 1);
	if (!w || !seen) {
		free(w);
		free(seen);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.opts = &opts;
	/* one pass over each file that some diagnostic names */
	for (uint32_t i = from; i < diags->count; i++) {
		const char *file = diags->items[i].loc.file;
		struct reader r;
		bool too_large;
		uint32_t k = 0, lineno = 0;
		char *s, *e;

		if (!needs_text(&diags->items[i]) || seen[i - from])
			continue;
		for (uint32_t j = i; j < diags->count; j++) {
			const struct vg_diag *g = &diags->items[j];
			if (needs_text(g) && !seen[j - from] && (g->loc.file == file || strcmp(g->loc.file, file) == 0)) {
				w[k++] = (struct want){ g->loc.line, j };
				seen[j - from] = 1;
			}
		}
		qsort(w, k, sizeof(*w), want_cmp);
		if (vg_macro_reader_open(&c, &r, file, &too_large) < 0)
			continue; /* gone since it was parsed: these stay without text */
		for (uint32_t j = 0; j < k && vg_macro_reader_line(&c, &r, &s, &e);) {
			lineno++;
			if (e > s && e[-1] == '\r')
				e--;
			*e = '\0';
			for (; j < k && w[j].line == lineno; j++) {
				const char *t = vg_arena_strdup(&diags->arena, s);
				if (!t)
					rc = -1;
				diags->items[w[j].diag].text = t;
			}
			while (j < k && w[j].line < lineno)
				j++;
		}
		vg_macro_reader_close(&c, &r);
	}
	free(w);
	free(seen);
	return c.nomem ? -1 : rc;
}
