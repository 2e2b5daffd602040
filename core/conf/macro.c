// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the keepalived.conf preprocessor (see macro.h).
 *
 * Order of work on each physical line, as keepalived does it: the comment
 * is cut (only on physical lines, so ${_HASH} survives expansion), an
 * include line reads other files, '@id' keeps or drops the line, '~SEQ' /
 * '~LST' repeat the rest of it, '$NAME=' defines, and otherwise parameters
 * are expanded; a line that changed is processed again (it may now be a
 * conditional, a definition or several lines), up to a fixed depth so a
 * self-referencing definition is an error and not a hang.
 */
#include "conf/macro_int.h"

#include <stdlib.h>
#include <string.h>

#include "conf/lexer.h"

void vg_macro_diag(struct vg_macro *c, enum vg_diag_severity sev, const struct lineref *l, uint32_t col,
		   const char *code, const char *fmt, ...)
{
	struct vg_conf_loc loc = { c->file, l ? l->line : 0, col };
	uint32_t n = c->diags->count;
	va_list ap;

	if (sev == VG_DIAG_ERROR)
		c->errors = true;
	va_start(ap, fmt);
	if (vg_diags_vadd(c->diags, sev, &loc, code, NULL, fmt, ap) < 0)
		c->nomem = true;
	va_end(ap);
	if (l && l->raw && c->diags->count > n && vg_diags_set_text(c->diags, n, l->raw) < 0)
		c->nomem = true;
}

static void emit(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		 bool expanded)
{
	struct queue *q = &c->queue;
	struct qline *o;
	size_t len = (size_t)(e - s);

	if (c->lines_total >= c->lines_max) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, 0, "too-large", "more than %u lines of configuration",
			      c->lines_max);
		c->stop = true;
		return;
	}
	if (len > VG_CONF_LINE_BYTES_MAX) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col0, "line-too-long", "line longer than %u bytes",
			      VG_CONF_LINE_BYTES_MAX);
		return;
	}
	if (q->count == q->cap) {
		uint32_t ncap = q->cap ? q->cap * 2 : 16;
		struct qline *ni = realloc(q->items, ncap * sizeof(*ni));
		if (!ni) {
			c->nomem = true;
			return;
		}
		q->items = ni;
		q->cap = ncap;
	}
	o = &q->items[q->count];
	o->file = c->file;
	o->raw = l->raw;
	o->raw_len = l->raw_len;
	o->line = l->line;
	o->col0 = col0;
	o->expanded = expanded;
	o->text = NULL;
	o->text_len = (uint32_t)len;
	if (!expanded && c->line_end && e == c->line_end) {
		/* the rest of a physical line as written: NUL-terminated in the read buffer */
		o->text = s;
	} else {
		if (q->text_len + len + 1 > q->text_cap) {
			size_t ncap = q->text_cap ? q->text_cap : 4096;
			char *nt;
			while (ncap < q->text_len + len + 1)
				ncap *= 2;
			nt = realloc(q->text, ncap);
			if (!nt) {
				c->nomem = true;
				return;
			}
			q->text = nt;
			q->text_cap = ncap;
		}
		o->text_off = q->text_len;
		memcpy(q->text + q->text_len, s, len);
		q->text[q->text_len + len] = '\0';
		q->text_len += len + 1;
	}
	q->count++;
	c->lines_total++;
	vg_macro_reseed(c, s, e);
}

static void process_text(struct vg_macro *c, const struct lineref *l, const char *s, const char *e,
			 uint32_t col0, uint32_t depth)
{
	/* each line of an expansion is a line of configuration */
	while (s <= e) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		if (!nl)
			nl = e;
		vg_macro_process(c, l, s, nl, col0, depth, true);
		s = nl + 1;
	}
}

/*
 * The first characters of the lines vg_macro_process() treats specially: include,
 * @config_id / @^config_id, ~SEQ / ~LST ('$' anywhere is found by the comment
 * scan). step() hands any other line straight to emit(): a new kind of line
 * must start with one of these or be added here.
 */
static bool special_start(char ch)
{
	return ch == 'i' || ch == '@' || ch == '~';
}

void vg_macro_process(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		      uint32_t depth, bool expanded)
{
	const char *name, *params, *value;
	size_t nlen, plen;
	struct sbuf b = { 0 };
	const char *start = s;

	if (c->nomem || c->stop)
		return;
	if (++c->work > c->work_max) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col0, "too-large",
			      "expansions produce more than %llu lines; stopping", (unsigned long long)c->work_max);
		c->stop = true;
		return;
	}
	if (depth > VG_CONF_EXPAND_DEPTH_MAX) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col0, "expansion-depth",
			      "parameter expansion nested more than %d deep (a definition that refers to itself?)",
			      VG_CONF_EXPAND_DEPTH_MAX);
		return;
	}
	s = vg_lex_skip_space(s, e);
	if (s == e)
		return;
	if (!expanded) /* exact column of what follows on the physical line */
		col0 += (uint32_t)(s - start);
	if (!expanded && *s == 'i' && vg_macro_is_include(s, e)) {
		vg_macro_include(c, l, s, e, col0);
		return;
	}
	if (*s == '@') {
		const char *w = s + 1;
		bool neg = w < e && *w == '^';
		const char *id = c->opts->config_id;
		size_t n;
		bool match;
		w += neg;
		n = 0;
		while (w + n < e && !vg_lex_is_space(w[n]))
			n++;
		match = id && strlen(id) == n && memcmp(id, w, n) == 0;
		if (neg ? match : !match)
			return;
		w = vg_lex_skip_space(w + n, e);
		if (!expanded)
			col0 += (uint32_t)(w - s);
		s = w;
		if (s == e)
			return;
	}
	if (*s == '~' && e - s > 5 && (memcmp(s, "~SEQ(", 5) == 0 || memcmp(s, "~SEQx(", 6) == 0)) {
		vg_macro_seq(c, l, s, e, col0, depth, col0);
		return;
	}
	if (*s == '~' && e - s > 5 && memcmp(s, "~LST(", 5) == 0) {
		vg_macro_lst(c, l, s, e, col0, depth, col0);
		return;
	}
	if (*s == '$' && vg_macro_parse_def(s, e, &name, &nlen, &params, &plen, &value)) {
		const char *ve = e;
		value = vg_lex_skip_space(value, e);
		vg_macro_trim(&value, &ve);
		vg_macro_define(c, l, name, nlen, params, plen, value, (size_t)(ve - value));
		return;
	}
	if (memchr(s, '$', (size_t)(e - s)) && vg_macro_substitute(c, s, e, &b)) {
		c->expanded_bytes += b.len;
		if (c->expanded_bytes > c->expanded_max) {
			vg_macro_diag(c, VG_DIAG_ERROR, l, col0, "too-large", "expansions produce more than %llu bytes; stopping",
				      (unsigned long long)c->expanded_max);
			c->stop = true;
		} else if (b.overflow)
			vg_macro_diag(c, VG_DIAG_ERROR, l, col0, "expansion-size", "expansion larger than %u bytes",
				      EXPANSION_BYTES_MAX);
		else
			process_text(c, l, b.p, b.p + b.len, col0, depth + 1);
		free(b.p);
		return;
	}
	free(b.p);
	emit(c, l, s, e, col0, expanded);
}

/* Process the next physical line of the innermost file; false when all files are read. */
static bool step(struct vg_macro *c)
{
	bool dollar;
	struct frame *f;
	char *p, *le;
	const char *s, *name, *params, *value;
	size_t nlen, plen;
	struct lineref l;

	if (!c->include_depth || c->nomem || c->stop)
		return false;
	f = &c->frames[c->include_depth - 1];
	if (f->paths) { /* an include of this file: read the next file it matched */
		if (f->next < f->count && c->include_depth < VG_CONF_INCLUDE_DEPTH_MAX) {
			size_t i = f->next++;
			vg_macro_push_file(c, f->paths[i], &f->inc, f->inc_strict);
		} else {
			vg_macro_free_paths(f);
		}
		return true;
	}
	if (!vg_macro_reader_line(c, &f->r, &p, &le)) {
		vg_macro_pop_file(c);
		return true;
	}
	if (le > p && le[-1] == '\r')
		le--;
	*le = '\0';
	f->lineno++;
	l.line = f->lineno;
	l.raw = p;
	l.raw_len = (uint32_t)(le - p);
	l.col0 = 1;
	c->line_end = le;
	s = vg_lex_skip_space(p, le);
	le = (char *)s + vg_lex_strip_comment(s, (size_t)(le - s), &dollar);
	if (!dollar && s < le && !special_start(*s) && !c->nomem && !c->stop && c->work < c->work_max) {
		/* most lines: nothing to include, select, repeat or expand (what vg_macro_process() would find) */
		c->work++;
		emit(c, &l, s, le, 1 + (uint32_t)(s - p), false);
		return true;
	}
	if (vg_macro_parse_def(s, le, &name, &nlen, &params, &plen, &value) && le > s && le[-1] == '\\') {
		vg_macro_define_lines(c, f, &l, name, nlen, params, plen, value, le);
		c->line_end = NULL;
		return true;
	}
	vg_macro_process(c, &l, s, le, 1 + (uint32_t)(s - p), 0, false);
	return true;
}

int vg_macro_open(struct vg_macro **out, struct vg_arena *arena, const char *path,
		  const struct vg_conf_options *opts, struct vg_conf_strs *files, struct vg_diags *diags)
{
	struct vg_macro *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return VG_CONF_ERR_NOMEM;
	c->arena = arena;
	c->opts = opts;
	c->lines_max = opts->lines_max && opts->lines_max < VG_CONF_LINES_MAX ? opts->lines_max : VG_CONF_LINES_MAX;
	c->work_max = c->lines_max == VG_CONF_LINES_MAX ? WORK_MAX : (uint64_t)c->lines_max * (WORK_MAX / VG_CONF_LINES_MAX);
	c->expanded_max = c->lines_max == VG_CONF_LINES_MAX
				  ? EXPANDED_BYTES_MAX
				  : EXPANDED_BYTES_MAX / VG_CONF_LINES_MAX * c->lines_max + VG_CONF_LINE_BYTES_MAX;
	c->diags = diags;
	c->files = files;
	c->rng = opts->random_seed ? opts->random_seed : UINT64_C(0x9e3779b97f4a7c15);
	c->dir = ".";
	c->defs = calloc(VG_CONF_DEFS_MAX, sizeof(*c->defs));
	if (!c->defs) {
		free(c);
		return VG_CONF_ERR_NOMEM;
	}
	rc = vg_macro_push_file(c, path, NULL, true);
	if (rc < 0 || c->nomem) {
		vg_macro_close(c);
		return rc < 0 ? rc : VG_CONF_ERR_NOMEM;
	}
	*out = c;
	return 0;
}

bool vg_macro_next(struct vg_macro *c, struct vg_src_line *line)
{
	struct queue *q = &c->queue;

	while (q->next >= q->count) {
		q->next = q->count = 0;
		q->text_len = 0;
		if (!step(c))
			return false;
	}
	{
		const struct qline *o = &q->items[q->next++];
		line->file = o->file;
		line->raw = o->raw;
		line->raw_len = o->raw_len;
		line->text = o->text ? o->text : q->text + o->text_off;
		line->text_len = o->text_len;
		line->line = o->line;
		line->col0 = o->col0;
		line->expanded = o->expanded;
	}
	return true;
}

bool vg_macro_random_used(const struct vg_macro *m)
{
	return m && m->random_used;
}

int vg_macro_close(struct vg_macro *c)
{
	int rc;

	if (!c)
		return 0;
	while (c->include_depth)
		vg_macro_pop_file(c);
	for (uint32_t i = 0; i < c->ndefs; i++) {
		free(c->defs[i].name);
		free(c->defs[i].value);
		for (uint32_t k = 0; k < c->defs[i].nparams; k++)
			free(c->defs[i].params[k]);
	}
	free(c->defs);
	free(c->queue.items);
	free(c->queue.text);
	rc = c->nomem || c->arena->failed ? VG_CONF_ERR_NOMEM : c->errors ? VG_CONF_ERR_INVALID : 0;
	free(c);
	return rc;
}

int vg_macro_read(struct vg_arena *arena, const char *path, const struct vg_conf_options *opts,
		  struct vg_src *out, struct vg_diags *diags)
{
	struct vg_macro *m;
	struct vg_src_line line;
	int rc = vg_macro_open(&m, arena, path, opts, &out->files, diags);

	if (rc < 0)
		return rc;
	while (vg_macro_next(m, &line)) {
		struct vg_src_line *o = VG_LIST_PUSH(arena, *out);
		if (!o)
			break;
		*o = line;
		o->raw = vg_arena_strdup(arena, line.raw);
		o->text = vg_arena_strdup(arena, line.text);
	}
	return vg_macro_close(m);
}
