/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: diagnostics of the parser, the linter and the cross-node checks.
 *
 * A diagnostic is a severity, a source location (file, line, column and the
 * text of that line), a short stable code naming the rule ("unknown-keyword",
 * "vip-no-prefix", ...), a message and an optional "did you mean" keyword.
 * The list owns copies of all its strings, so it outlives the trees that
 * produced it. Nothing is printed here: the caller formats the list.
 */
#ifndef VG_CONF_DIAG_H
#define VG_CONF_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/arena.h"

#define VG_DIAG_MESSAGE_MAX 512 /* bytes of one formatted message */
#define VG_DIAGS_MAX 10000      /* diagnostics kept; later ones are counted only */

enum vg_diag_severity {
	VG_DIAG_WARNING = 1,
	VG_DIAG_ERROR = 2,
};

/* Where something was written (every element of a tree has one: kept small). */
struct vg_conf_loc {
	const char *file;
	uint32_t line; /* 1-based; 0 when the element has no source line */
	uint32_t col;  /* 1-based byte column */
};

struct vg_diag {
	enum vg_diag_severity severity;
	struct vg_conf_loc loc;
	const char *text;       /* the source line (no newline), or NULL */
	const char *code;       /* rule id, e.g. "unknown-keyword" */
	const char *message;
	const char *suggestion; /* "did you mean" keyword, or NULL */
};

struct vg_diags {
	struct vg_diag *items;
	uint32_t count;
	uint32_t cap;
	uint32_t dropped; /* beyond VG_DIAGS_MAX */
	uint32_t errors;
	uint32_t warnings;
	const char *last_file; /* the arena's copy of the newest file name, shared by its diagnostics */
	struct vg_arena arena;
};

void vg_diags_init(struct vg_diags *d);
void vg_diags_free(struct vg_diags *d);

/* Add one diagnostic (printf-style message). Returns 0, or -1 out of memory. */
int vg_diags_add(struct vg_diags *d, enum vg_diag_severity sev, const struct vg_conf_loc *loc,
		 const char *code, const char *suggestion, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
int vg_diags_vadd(struct vg_diags *d, enum vg_diag_severity sev, const struct vg_conf_loc *loc,
		  const char *code, const char *suggestion, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

/* Give diagnostic i a copy of its source line. Returns 0, or -1 out of memory. */
int vg_diags_set_text(struct vg_diags *d, uint32_t i, const char *text);

/* Stable order for printing: by file, line, column, then insertion. */
void vg_diags_sort(struct vg_diags *d);

/* First diagnostic with this code (and line, when line != 0), or NULL. */
const struct vg_diag *vg_diags_find(const struct vg_diags *d, const char *code, uint32_t line);

const char *vg_diag_severity_name(enum vg_diag_severity sev);

/*
 * "file:line:col: severity: message [did you mean 'x'?]" into buf (always
 * NUL-terminated). Returns the length it needed, like snprintf.
 */
size_t vg_diag_format(const struct vg_diag *g, char *buf, size_t len);

/* Levenshtein distance of two words, capped at cap_max. */
uint32_t vg_diag_edit_distance(const char *a, const char *b, uint32_t cap_max);

/*
 * The candidate closest to `word` if it is close enough to be a plausible
 * typo (distance <= VG_DIAG_SUGGEST_DISTANCE_MAX, case differences count as
 * near; a word that is the start of a keyword up to its '_' or '-' counts as
 * near too), else NULL. Candidates whose length or bigrams rule them out are
 * skipped without computing the distance.
 */
#define VG_DIAG_SUGGEST_DISTANCE_MAX 2
const char *vg_diag_suggest(const char *word, const char *const *candidates, size_t count);

#endif
