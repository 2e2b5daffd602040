/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the keepalived.conf preprocessor.
 *
 * Turns the main file into a list of logical lines, doing what keepalived
 * does before it looks at keywords (keepalived.conf(5) "ADVANCED
 * CONFIGURATION"): comments are removed; `include` (and includer, includem,
 * includew, includeb, includea) reads the files a glob matches, relative to
 * the including file; `@id` / `@^id` keep or drop a line by config id;
 * `$NAME=value` defines a parameter (a trailing '\' continues the value on
 * the next line, each line of it becoming a line of configuration when
 * expanded), `$NAME(a,b)=value` defines one with parameters; `$NAME`,
 * `${NAME}`, `$NAME(x,y)` and `${NAME(x,y)}` expand (recursively, at use
 * time); `~SEQ(var,start,step,end)`, `~SEQx(...)` and `~LST(var,v1,...)`
 * repeat the rest of the line. Predefined: ${_PWD}, ${_INSTANCE}, ${_HASH},
 * ${_BANG}, ${_RANDOM [MIN [MAX]]} (seeded by the caller: the core has no
 * entropy).
 */
#ifndef VG_CONF_MACRO_H
#define VG_CONF_MACRO_H

#include "conf/conf.h"

struct vg_src_line {
	const char *file;  /* arena copy, shared by all lines of the file */
	const char *raw;   /* the physical line as written (diagnostics) */
	uint32_t raw_len;  /* strlen(raw) */
	const char *text;  /* the logical line: comments removed, parameters expanded */
	uint32_t text_len; /* strlen(text) */
	uint32_t line;     /* 1-based line of `raw` */
	uint32_t col0;     /* column in `raw` of text[0] (exact unless `expanded`) */
	bool expanded;     /* produced by a parameter, ~SEQ or ~LST */
};

struct vg_src {
	struct vg_src_line *items;
	uint32_t count;
	uint32_t cap;
	struct vg_conf_strs files; /* every file read, main file first */
};

/*
 * The preprocessor as an iterator: each vg_macro_next() returns the next
 * logical line, reading the files a window at a time, so neither the files
 * nor the list of their lines are ever held whole. vg_macro_open() returns
 * 0, VG_CONF_ERR_IO (the main file could not be read) or VG_CONF_ERR_NOMEM;
 * file names go to `arena` and `files`.
 */
struct vg_macro;
int vg_macro_open(struct vg_macro **out, struct vg_arena *arena, const char *path,
		  const struct vg_conf_options *opts, struct vg_conf_strs *files, struct vg_diags *diags);
/* Fill *line (its strings valid until the next call); false when all is read. */
bool vg_macro_next(struct vg_macro *m, struct vg_src_line *line);
/* Whether a ${_RANDOM} was expanded so far (the lines then depend on opts->random_seed). */
bool vg_macro_random_used(const struct vg_macro *m);
/* Free m. Returns 0, VG_CONF_ERR_INVALID (errors reported) or VG_CONF_ERR_NOMEM. */
int vg_macro_close(struct vg_macro *m);

/*
 * Give diagnostics from index `from` on that have a file and line but no
 * text a copy of that physical line, read again through `loader`.
 * Returns 0 or -1 (out of memory).
 */
int vg_macro_fill_text(const struct vg_conf_loader *loader, struct vg_diags *diags, uint32_t from);

/*
 * Read `path` and everything it includes into `out` (allocated from
 * `arena`). Returns 0, VG_CONF_ERR_INVALID (errors reported), VG_CONF_ERR_NOMEM
 * or VG_CONF_ERR_IO (the main file could not be read).
 */
int vg_macro_read(struct vg_arena *arena, const char *path, const struct vg_conf_options *opts,
		  struct vg_src *out, struct vg_diags *diags);

#endif
