/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what the preprocessor's files share (not part of the public API).
 *
 * macro.c runs each line through the order of work (conditionals,
 * definitions, expansion, the queue of logical lines); macro_param.c holds
 * $NAME definitions and their expansion; macro_repeat.c ~SEQ / ~LST;
 * macro_file.c include lines, the stack of open files and their reading.
 */
#ifndef VG_CONF_MACRO_INT_H
#define VG_CONF_MACRO_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/macro.h"

#define NAME_BYTES_MAX 64
#define EXPANSION_BYTES_MAX (1024u * 1024) /* one expanded (multi-line) value */
#define PARAMS_MAX 16
#define WORK_MAX UINT64_C(20000000) /* logical lines examined, expansions included */
/*
 * Bytes per parse: read from all files together (a file included again counts again; 1024
 * includes of a 64 MiB file took minutes), and produced by $NAME substitution (thirty
 * definitions that each double the one before, used on 1,000 lines, took a minute: each use
 * grows to the 1 MiB expansion limit before failing). Twice and once the largest file.
 */
#define READ_BYTES_MAX (UINT64_C(2) * VG_CONF_FILE_BYTES_MAX)
#define EXPANDED_BYTES_MAX ((uint64_t)VG_CONF_FILE_BYTES_MAX)
#define READ_CHUNK_BYTES (64u * 1024) /* first read window of a file read in chunks */

struct def {
	char *name;
	char *value;
	char *params[PARAMS_MAX];
	uint32_t nparams;
};

struct lineref {
	const char *raw;
	uint32_t raw_len;
	uint32_t line;
	uint32_t col0;
};

/* Logical lines made from one physical line, handed out by vg_macro_next(). */
struct qline {
	const char *file;
	const char *raw;
	const char *text;  /* NULL: at text_off in queue.text */
	size_t text_off;
	uint32_t text_len, raw_len;
	uint32_t line, col0;
	bool expanded;
};

struct queue {
	struct qline *items;
	uint32_t count, cap, next;
	char *text;
	size_t text_len, text_cap;
};

/* A file being read: the whole of it (loader->read) or a window (loader->open). */
struct reader {
	void *handle;   /* loader->open's file, or NULL */
	char *buf;
	size_t cap, pos, len;
	uint64_t total; /* bytes read */
	bool eof;
	bool failed;    /* a read error, or larger than VG_CONF_FILE_BYTES_MAX */
};

/* One open file of the include stack, and the files its current include line matched. */
struct frame {
	struct reader r;
	const char *file; /* arena */
	const char *dir;
	uint32_t lineno;
	bool strict;
	struct lineref from;
	char **paths;     /* malloc'd, from the loader's glob */
	size_t count, next;
	struct lineref inc; /* the include line (its raw stays put while the files are read) */
	bool inc_strict;
};

struct vg_macro {
	struct vg_arena *arena;
	const struct vg_conf_options *opts;
	struct vg_diags *diags;
	struct vg_conf_strs *files;
	struct queue queue;
	struct frame frames[VG_CONF_INCLUDE_DEPTH_MAX];
	uint32_t lines_total;
	struct def *defs; /* VG_CONF_DEFS_MAX entries */
	uint32_t ndefs;
	uint32_t include_depth; /* open files: frames in use */
	bool errors;
	bool nomem;
	bool stop;      /* a limit was hit: stop expanding */
	uint64_t work;  /* lines processed, bounded by work_max */
	uint64_t work_max;   /* WORK_MAX, or less with opts->lines_max */
	uint32_t lines_max;  /* VG_CONF_LINES_MAX, or opts->lines_max when lower */
	uint64_t read_bytes;     /* physical lines read, all files: bounded by READ_BYTES_MAX */
	uint64_t expanded_bytes; /* substitution output: bounded by expanded_max */
	uint64_t expanded_max;   /* EXPANDED_BYTES_MAX, or less with opts->lines_max */
	uint32_t files_read; /* bounded by VG_CONF_FILES_READ_MAX */
	uint64_t rng;
	bool random_used; /* ${_RANDOM} was expanded: the lines depend on the seed */
	const char *line_end; /* NUL written at the end of the current physical line, or NULL */
	const char *file; /* current file (arena) */
	const char *dir;  /* its directory, for relative includes and ${_PWD} */
};

struct sbuf {
	char *p;
	size_t len;
	size_t cap;
	bool overflow;
};

/* ---- macro.c: the order of work on a line ---- */

/* Report at l (NULL: no line), column col; an error marks the parse failed. */
void vg_macro_diag(struct vg_macro *c, enum vg_diag_severity sev, const struct lineref *l, uint32_t col,
		   const char *code, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* One logical line [s, e): include, @id, ~SEQ/~LST, $NAME=, expansion, or emitted as is. */
void vg_macro_process(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		      uint32_t depth, bool expanded);

/* ---- macro_param.c: $NAME definitions and their expansion ---- */

size_t vg_macro_name_len(const char *p, const char *end);
char *vg_macro_dupn(const char *s, size_t n);
void vg_macro_trim(const char **s, const char **e);
/* Split "a, b, {c,d}" at top-level commas into at most `max` trimmed items; returns the count. */
uint32_t vg_macro_split_args(const char *s, const char *e, const char **is, const char **ie, uint32_t max);
int vg_macro_define(struct vg_macro *c, const struct lineref *l, const char *name, size_t nlen,
		    const char *params, size_t plen, const char *value, size_t vlen);
/* Is `p` a definition "$NAME=" or "$NAME(params)="? Fills the spans. */
bool vg_macro_parse_def(const char *p, const char *end, const char **name, size_t *nlen,
			const char **params, size_t *plen, const char **value);
/* Expand parameters of [p, end) into b; returns whether anything was replaced. */
bool vg_macro_substitute(struct vg_macro *c, const char *p, const char *end, struct sbuf *b);
/* global_defs random_seed N on an emitted line reseeds ${_RANDOM}. */
void vg_macro_reseed(struct vg_macro *c, const char *s, const char *e);
/* A definition whose lines end with '\': read its other lines from f. */
void vg_macro_define_lines(struct vg_macro *c, struct frame *f, const struct lineref *l0, const char *name,
			   size_t nlen, const char *params, size_t plen, const char *value, const char *le);

/* ---- macro_repeat.c: ~SEQ / ~SEQx and ~LST ---- */

void vg_macro_seq(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		  uint32_t depth, uint32_t col);
void vg_macro_lst(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		  uint32_t depth, uint32_t col);

/* ---- macro_file.c: includes and reading files ---- */

/* include, includer, includem, includew, includeb or includea, as the first word */
bool vg_macro_is_include(const char *s, const char *e);
/* Expand an include line's glob into the files the innermost frame reads next. */
void vg_macro_include(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col);
void vg_macro_free_paths(struct frame *f);
/* Returns 0, or a negative loader code; *too_large when over VG_CONF_FILE_BYTES_MAX. */
int vg_macro_reader_open(struct vg_macro *c, struct reader *r, const char *path, bool *too_large);
void vg_macro_reader_close(struct vg_macro *c, struct reader *r);
/* The next physical line of r as [*s, *e), valid until the next call; false at the end. */
bool vg_macro_reader_line(struct vg_macro *c, struct reader *r, char **s, char **e);
/* Open `path` as the new innermost file. Returns 0 or VG_CONF_ERR_IO (main file). */
int vg_macro_push_file(struct vg_macro *c, const char *path, const struct lineref *from, bool strict);
void vg_macro_pop_file(struct vg_macro *c);

#endif
