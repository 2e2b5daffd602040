// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the parser's driver: statements, blocks, keyword lookup with "did you
 * mean", the generic keyword handlers (vg_kw_run), and vg_conf_parse(). The
 * value parsers they use (numbers, times, booleans, prefixes, strings,
 * scripts) are parse_value.c's.
 *
 * See parser_int.h for the statement model. Value errors follow keepalived
 * 2.2.7: a value it rejects makes it ignore the line and keep the default,
 * which vigil reports as an error naming the accepted range; an unknown
 * keyword is ignored by keepalived, which vigil reports as a warning.
 */
#include "conf/parser_int.h"
#include "conf/keyword_status.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- diagnostics ---- */

struct vg_conf_loc vg_ploc(const struct stmt *st, uint32_t tok)
{
	struct vg_conf_loc l = st->loc;

	if (tok < st->n && !st->line->src->expanded)
		l.col = st->line->src->col0 + st->tok[tok].col - 1;
	return l;
}

static void pdiag(struct pctx *p, enum vg_diag_severity sev, const struct vg_conf_loc *loc,
		  const char *code, const char *sugg, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

static void pdiag(struct pctx *p, enum vg_diag_severity sev, const struct vg_conf_loc *loc,
		  const char *code, const char *sugg, const char *fmt, va_list ap)
{
	uint32_t n = p->diags->count;
	const char *text = NULL;

	if (sev == VG_DIAG_ERROR)
		p->errors = true;
	/* the tree keeps no line text: take it from a line still in a slot (else see fill_text) */
	for (uint32_t i = 0; !text && loc->line && i < PARSER_SLOTS_MAX && p->slots[i]; i++) {
		const struct vg_src_line *s = &p->slots[i]->line;
		if (s->line == loc->line && s->file == loc->file)
			text = s->raw;
	}
	if (vg_diags_vadd(p->diags, sev, loc, code, sugg, fmt, ap) < 0)
		p->nomem = true;
	if (text && p->diags->count > n && vg_diags_set_text(p->diags, n, text) < 0)
		p->nomem = true;
}

void vg_pdiag_loc(struct pctx *p, enum vg_diag_severity sev, const struct vg_conf_loc *loc,
		  const char *code, const char *suggestion, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pdiag(p, sev, loc, code, suggestion, fmt, ap);
	va_end(ap);
}

void vg_perr(struct pctx *p, const struct stmt *st, uint32_t tok, const char *code, const char *fmt, ...)
{
	struct vg_conf_loc l = vg_ploc(st, tok);
	va_list ap;
	va_start(ap, fmt);
	pdiag(p, VG_DIAG_ERROR, &l, code, NULL, fmt, ap);
	va_end(ap);
}

void vg_pwarn(struct pctx *p, const struct stmt *st, uint32_t tok, const char *code, const char *fmt, ...)
{
	struct vg_conf_loc l = vg_ploc(st, tok);
	va_list ap;
	va_start(ap, fmt);
	pdiag(p, VG_DIAG_WARNING, &l, code, NULL, fmt, ap);
	va_end(ap);
}

/* ---- statements ---- */

enum { ST_EOF, ST_WORDS, ST_OPEN, ST_CLOSE };

/* A slot for the next line: one that no block pins and that is neither cur nor ahead. */
static struct tline *free_slot(struct pctx *p)
{
	for (uint32_t i = 0; i < PARSER_SLOTS_MAX; i++) {
		struct tline *t = p->slots[i];
		if (!t) {
			t = malloc(sizeof(*t));
			if (!t) {
				p->nomem = true;
				return NULL;
			}
			memset(t, 0, offsetof(struct tline, lex));
			t->src = &t->line;
			p->slots[i] = t;
			return t;
		}
		if (!t->pins && t != p->cur && t != p->ahead)
			return t;
	}
	assert(!"parser slots exhausted");
	return NULL;
}

/* Read and tokenize the next logical line into a slot; NULL at the end. */
static struct tline *fetch_line(struct pctx *p)
{
	struct vg_src_line s;
	struct tline *t;
	size_t n;

	if (p->src_done || p->nomem)
		return NULL;
	if (!vg_macro_next(p->src, &s)) {
		p->src_done = true;
		return NULL;
	}
	t = free_slot(p);
	if (!t)
		return NULL;
	n = (size_t)s.raw_len + 1;
	if (n > t->raw_cap) {
		char *r = realloc(t->raw, n < 256 ? 256 : n);
		if (!r) {
			p->nomem = true;
			return NULL;
		}
		t->raw = r;
		t->raw_cap = n < 256 ? 256 : n;
	}
	memcpy(t->raw, s.raw, n);
	t->line = s;
	t->line.raw = t->raw;
	t->line.text = NULL;
	t->count = vg_lex_tokenize(s.text, s.text_len, &t->lex);
	t->tok = t->lex.tok;
	if (t->lex.truncated) {
		struct vg_conf_loc loc = { s.file, s.line, s.col0 };
		vg_pdiag_loc(p, VG_DIAG_ERROR, &loc, "too-many-tokens", NULL,
			     "more than %d words on one line", VG_CONF_TOKENS_MAX);
	}
	if (t->lex.unterminated_quote) {
		struct vg_conf_loc loc = { s.file, s.line, s.col0 };
		vg_pdiag_loc(p, VG_DIAG_WARNING, &loc, "unterminated-quote", NULL,
			     "quote not closed before the end of the line");
	}
	return t;
}

/* The next line to read: the one looked at ahead, else a new one. */
static struct tline *next_line(struct pctx *p)
{
	struct tline *t = p->ahead;

	p->ahead = NULL;
	return t ? t : fetch_line(p);
}

static const struct vg_token *cur_tok(struct pctx *p)
{
	while (!p->cur || p->ti >= p->cur->count) {
		p->cur = next_line(p);
		p->ti = 0;
		if (!p->cur)
			return NULL;
	}
	return &p->cur->tok[p->ti];
}

static void fill_loc(struct stmt *st)
{
	const struct vg_src_line *s = st->line->src;
	st->loc.file = s->file; /* the tree keeps locations, not lines: see pdiag */
	st->loc.line = s->line;
	st->loc.col = s->col0 + (st->n || st->tok ? st->tok[0].col - 1 : 0);
}

static int next_stmt(struct pctx *p, struct stmt *st)
{
	const struct vg_token *t = cur_tok(p);
	const struct tline *line;
	uint32_t start;

	memset(st, 0, sizeof(*st));
	if (!t)
		return ST_EOF;
	line = p->cur;
	st->line = line;
	st->tok = t;
	fill_loc(st);
	if (t->kind == VG_TOK_CLOSE) {
		p->ti++;
		return ST_CLOSE;
	}
	if (t->kind == VG_TOK_OPEN) {
		p->ti++;
		return ST_OPEN;
	}
	start = p->ti;
	while (p->ti < line->count && line->tok[p->ti].kind == VG_TOK_WORD)
		p->ti++;
	st->n = p->ti - start;
	if (p->ti < line->count && line->tok[p->ti].kind == VG_TOK_OPEN) {
		st->open = true;
		p->ti++;
	} else if (p->ti >= line->count) {
		/* "keyword" then "{" alone on the next line (empty lines are not lines here) */
		if (!p->ahead)
			p->ahead = fetch_line(p);
		if (p->ahead && p->ahead->count && p->ahead->tok[0].kind == VG_TOK_OPEN) {
			p->cur = p->ahead;
			p->ahead = NULL;
			p->ti = 1;
			st->open = true;
		}
	}
	return ST_WORDS;
}

bool vg_parse_need_block(struct pctx *p, const struct stmt *st)
{
	if (st->open)
		return true;
	vg_perr(p, st, 0, "missing-brace", "'%s' must be followed by a '{' block", st->tok[0].text);
	return false;
}

static void unclosed(struct pctx *p, const struct stmt *opener)
{
	vg_pdiag_loc(p, VG_DIAG_ERROR, &opener->loc, "missing-brace",
		     NULL, "block '%s' opened here is not closed (missing '}' before the end of the file)",
		     opener->tok[0].text);
}

static bool enter(struct pctx *p, const struct stmt *opener)
{
	if (p->depth >= VG_CONF_BLOCK_DEPTH_MAX) {
		vg_perr(p, opener, 0, "too-deep", "blocks nested more than %d deep", VG_CONF_BLOCK_DEPTH_MAX);
		return false;
	}
	p->openers[p->depth] = (struct tline *)opener->line;
	if (opener->line)
		p->openers[p->depth]->pins++;
	p->depth++;
	return true;
}

static void leave(struct pctx *p)
{
	assert(p->depth > 0);
	p->depth--;
	if (p->openers[p->depth])
		p->openers[p->depth]->pins--;
	p->openers[p->depth] = NULL;
}

/*
 * How parse_block reads a block's lines: each one to fn, warning of a '{'
 * after one (FLAT) or leaving it to fn (NESTED); or to its '}' keeping
 * nothing, nested blocks too, without a warning (SKIP, fn unused).
 */
enum block_mode { BLOCK_FLAT, BLOCK_NESTED, BLOCK_SKIP };

static void parse_block(struct pctx *p, const struct stmt *opener, line_fn fn, void *obj, enum block_mode mode)
{
	struct stmt st;

	if (!enter(p, opener))
		return;
	for (;;) {
		int k = next_stmt(p, &st);
		if (k == ST_EOF) {
			unclosed(p, opener);
			break;
		}
		if (k == ST_CLOSE)
			break;
		if (mode == BLOCK_SKIP) {
			if (k != ST_OPEN && st.open)
				parse_block(p, &st, NULL, NULL, BLOCK_SKIP);
			continue;
		}
		if (k == ST_OPEN) {
			vg_pwarn(p, &st, 0, "unexpected-brace", "unexpected '{' in '%s' (ignored)",
				 opener->tok[0].text);
			continue;
		}
		if (st.open && mode == BLOCK_FLAT)
			vg_pwarn(p, &st, st.n, "unexpected-brace",
				 "unexpected '{' after '%s' in '%s' (ignored, as keepalived does)",
				 st.tok[0].text, opener->tok[0].text);
		fn(p, &st, obj);
	}
	leave(p);
}

void vg_parse_list(struct pctx *p, const struct stmt *opener, line_fn fn, void *obj)
{
	parse_block(p, opener, fn, obj, BLOCK_FLAT);
}

void vg_parse_list_nested(struct pctx *p, const struct stmt *opener, line_fn fn, void *obj)
{
	parse_block(p, opener, fn, obj, BLOCK_NESTED);
}

void vg_parse_skip(struct pctx *p, const struct stmt *opener)
{
	if (opener->open)
		parse_block(p, opener, NULL, NULL, BLOCK_SKIP);
}

static struct vg_conf_kvs *kvs_of(struct pctx *p, struct vg_conf_kvs **extra)
{
	if (!*extra)
		*extra = vg_arena_alloc(p->a, sizeof(**extra));
	return *extra;
}

void vg_pextra(struct pctx *p, const struct stmt *st, struct vg_conf_kvs **extra)
{
	struct vg_conf_kvs *x = kvs_of(p, extra);
	struct vg_conf_kv *kv = x ? VG_LIST_PUSH(p->a, *x) : NULL;

	if (!kv)
		return;
	kv->loc = st->loc;
	kv->keyword = vg_pintern(p, st->tok[0].text);
	for (uint32_t i = 1; i < st->n; i++)
		vg_pstrs_add(p, &kv->args, st->tok[i].text);
}

struct opaque {
	struct vg_conf_kvs **extra;
	const char *keyword;
};

static void opaque_line(struct pctx *p, const struct stmt *st, void *obj)
{
	struct opaque *o = obj;
	struct vg_conf_kvs *x = kvs_of(p, o->extra);
	struct vg_conf_kv *kv = x ? VG_LIST_PUSH(p->a, *x) : NULL;

	if (!kv)
		return;
	kv->loc = st->loc;
	kv->keyword = o->keyword;
	for (uint32_t i = 0; i < st->n; i++)
		vg_pstrs_add(p, &kv->args, st->tok[i].text);
	if (st->open) { /* nested block: keep its lines too */
		struct opaque inner = { o->extra, o->keyword };
		vg_parse_list(p, st, opaque_line, &inner);
	}
}

void vg_parse_opaque(struct pctx *p, const struct stmt *opener, struct vg_conf_kvs **extra)
{
	struct opaque o = { extra, vg_pintern(p, opener->tok[0].text) };

	vg_pextra(p, opener, extra);
	if (opener->open)
		vg_parse_list(p, opener, opaque_line, &o);
}

/* Table `id`, filled in by its block file the first time it is asked for; NULL if none. */
static const struct kw_table *table_of(struct pctx *p, int id)
{
	struct kw_table *t;

	if (id <= 0 || id >= T_COUNT)
		return NULL;
	t = &p->tables[id];
	if (!p->table_state[id]) {
		memset(t, 0, sizeof(*t));
		t->extra_off = -1;
		t->ignored_off = -1;
		t->more_off = -1;
		p->table_state[id] = vg_table_global(id, t) || vg_table_vrrp(id, t) || vg_table_lvs(id, t) ? 1 : -1;
	}
	return p->table_state[id] > 0 ? t : NULL;
}

/* Cheap and good enough for keywords: the length and the bytes at both ends. */
static uint32_t kw_hash(const char *s, size_t n)
{
	uint32_t h = (uint32_t)n * 0x9e3779b1u;

	if (n) {
		h ^= (uint32_t)(uint8_t)s[0] * 0x85ebca6bu ^ (uint32_t)(uint8_t)s[n - 1] * 0xc2b2ae35u;
		h ^= (uint32_t)(uint8_t)s[n / 2] * 0x27d4eb2fu;
	}
	return h ^ (h >> 15) ^ (h >> 7);
}

static const struct kw_index *kw_index_of(struct pctx *p, int id, const struct kw_table *t)
{
	struct kw_index *x = &p->kw_index[id];

	if (x->built)
		return x;
	assert(t->count < KW_INDEX_SLOTS / 2 && t->count < UINT8_MAX);
	for (size_t i = 0; i < t->count; i++) {
		uint32_t s = kw_hash(t->kws[i].name, strlen(t->kws[i].name)) & (KW_INDEX_SLOTS - 1);
		bool dup = false;
		for (; x->slot[s]; s = (s + 1) & (KW_INDEX_SLOTS - 1))
			dup |= strcmp(t->kws[x->slot[s] - 1].name, t->kws[i].name) == 0;
		if (!dup) /* the first of two same names wins, as a scan would find it */
			x->slot[s] = (uint8_t)(i + 1);
	}
	x->built = true;
	return x;
}

static const struct kw *lookup(struct pctx *p, int id, const struct kw_table *t, const char *word, size_t n)
{
	const struct kw_index *x = kw_index_of(p, id, t);
	const struct kw_table *also;

	for (uint32_t s = kw_hash(word, n) & (KW_INDEX_SLOTS - 1); x->slot[s]; s = (s + 1) & (KW_INDEX_SLOTS - 1)) {
		const struct kw *k = &t->kws[x->slot[s] - 1];
		size_t i = 0;
		while (i <= n && k->name[i] == word[i]) /* n + 1 bytes: the NUL too */
			i++;
		if (i > n)
			return k;
	}
	if (t->also && (also = table_of(p, t->also)) != NULL)
		return lookup(p, t->also, also, word, n);
	return NULL;
}

enum { CANDIDATES_MAX = 256 };

static size_t candidates(struct pctx *p, const struct kw_table *t, const char **out, size_t n)
{
	const struct kw_table *also;

	for (size_t i = 0; i < t->count && n < CANDIDATES_MAX; i++)
		out[n++] = t->kws[i].name;
	if (t->also && (also = table_of(p, t->also)) != NULL)
		n = candidates(p, also, out, n);
	return n;
}

static void unknown_keyword(struct pctx *p, const struct stmt *st, int table_id, const struct kw_table *t,
			    void *obj)
{
	const char *cands[CANDIDATES_MAX];
	const char *sugg = NULL;
	const char *w = st->tok[0].text;
	char joined[96];
	bool split = false;
	struct vg_conf_loc loc = st->loc;

	/* "virtual _ipaddress": a keyword split by a stray space */
	if (st->n >= 2) {
		int jn = snprintf(joined, sizeof(joined), "%s%s", w, st->tok[1].text);
		const struct kw *k = jn > 0 && (size_t)jn < sizeof(((struct kw *)0)->name) ?
				     lookup(p, table_id, t, joined, (size_t)jn) : NULL;
		if (k) {
			sugg = k->name;
			split = true;
		}
	}
	/* "did you mean" costs an edit distance per keyword of the block: a file of garbage gets
	   VG_CONF_SUGGESTIONS_MAX of them, and none once the diagnostics list is full */
	if (!sugg && p->suggestions < VG_CONF_SUGGESTIONS_MAX && p->diags->count < VG_DIAGS_MAX) {
		p->suggestions++;
		sugg = vg_diag_suggest(w, cands, candidates(p, t, cands, 0));
	}
	if (st->open) {
		vg_pdiag_loc(p, VG_DIAG_WARNING, &loc, "unknown-block", sugg,
			     "unknown keyword '%s%s%s' in %s: keepalived ignores it and its '{', so the "
			     "lines of this block are read as %s keywords and its '}' closes %s%s%s",
			     w, split ? " " : "", split ? st->tok[1].text : "", t->block, t->block,
			     strncmp(t->block, "the ", 4) ? "the " : "", t->block,
			     split ? " (a space splits the keyword)" : "");
		if (t->ignored_off >= 0) {
			struct vg_conf_ignoreds *ig = FIELD(obj, t->ignored_off, struct vg_conf_ignoreds);
			struct vg_conf_ignored *i = VG_LIST_PUSH(p->a, *ig);
			if (i) {
				char text[160];
				size_t o = 0;
				for (uint32_t k = 0; k < st->n && o < sizeof(text) - 1; k++)
					o += (size_t)snprintf(text + o, sizeof(text) - o, "%s%s", k ? " " : "",
							      st->tok[k].text);
				i->loc = loc;
				i->text = vg_arena_strdup(p->a, text);
				i->suggestion = sugg;
			}
		}
	} else {
		vg_pdiag_loc(p, VG_DIAG_WARNING, &loc, "unknown-keyword", sugg,
			     "unknown keyword '%s' in %s (keepalived ignores this line)%s", w, t->block,
			     split ? " - a space splits the keyword" : "");
	}
}

/*
 * Record a use of keyword k (found in table t, or in the table t searches
 * after it) when vigild does not act on it (keyword_status.h). Each
 * keyword's status is looked up once per parse. Returns true when k opens a
 * block whose keywords are not reported one by one (the caller ends that
 * once the block is read).
 */
/* Is k one of t's own keywords? (A table may have none: kws NULL, count 0.) */
static bool kw_in(const struct kw_table *t, const struct kw *k)
{
	return t->count > 0 && k >= t->kws && k < t->kws + t->count;
}

static bool note_status(struct pctx *p, int table_id, const struct kw_table *t, const struct kw *k,
			const struct stmt *st)
{
	const struct kw_table *owner = t;
	int id = table_id;
	uint16_t *slot;
	uint8_t status;

	if (p->kw_quiet) /* inside a block whose keyword was reported: that one warning covers it */
		return false;
	if (!kw_in(t, k) && t->also && (owner = table_of(p, t->also)) != NULL)
		id = t->also;
	if (!owner || !kw_in(owner, k))
		return false;
	slot = &p->kw_status[id][k - owner->kws];
	if (!*slot) {
		int e = vg_kw_status_index(id, k->name);
		*slot = (uint16_t)(e < 0 ? UINT16_MAX : e + 1);
	}
	if (*slot == UINT16_MAX)
		return false;
	status = vg_kw_status_at(*slot - 1);
	if (status == VG_KW_VIGILD)
		return false;
	if (p->conf->unsupported.count >= VG_CONF_UNSUPPORTED_MAX) {
		p->conf->unsupported.dropped++;
	} else {
		struct vg_conf_kw_use *u = VG_LIST_PUSH(p->main, p->conf->unsupported);
		if (u) {
			u->loc = st->loc;
			u->entry = (uint16_t)(*slot - 1);
		}
	}
	if (st->open)
		p->kw_quiet = true;
	return st->open;
}

void vg_parse_table(struct pctx *p, const struct stmt *opener, int table_id, void *obj)
{
	const struct kw_table *t = table_of(p, table_id);
	struct stmt st;
	bool top = table_id == T_TOP;

	if (!t)
		return;
	if (!top && !enter(p, opener))
		return;
	for (;;) {
		int kind = next_stmt(p, &st);
		const struct kw *k;
		bool quiet;

		if (kind == ST_EOF) {
			if (!top)
				unclosed(p, opener);
			break;
		}
		if (kind == ST_CLOSE) {
			if (!top)
				break;
			vg_pwarn(p, &st, 0, "unexpected-brace",
				 "unexpected '}' at top level (keepalived ignores it; a block above was "
				 "probably closed early)");
			continue;
		}
		if (kind == ST_OPEN) {
			vg_pwarn(p, &st, 0, "unexpected-brace", "unexpected '{' in %s (ignored)", t->block);
			continue;
		}
		k = st.tok[0].len < sizeof(((struct kw *)0)->name) ? lookup(p, table_id, t, st.tok[0].text, st.tok[0].len) : NULL;
		if (!k) {
			unknown_keyword(p, &st, table_id, t, obj);
			continue;
		}
		quiet = note_status(p, table_id, t, k, &st);
		if (k->flags & KW_MORE) {
			void **more = FIELD(obj, t->more_off, void *);
			assert(t->more_off >= 0 && t->more_new);
			if (*more || (*more = t->more_new(p->a)) != NULL) /* else out of memory: the arena says so */
				vg_kw_run(p, &st, *more, k);
		} else {
			vg_kw_run(p, &st, obj, k);
		}
		if (quiet)
			p->kw_quiet = false;
	}
	if (!top)
		leave(p);
}

/* ---- generic handlers ---- */

static void strlist_line(struct pctx *p, const struct stmt *st, void *obj)
{
	for (uint32_t i = 0; i < st->n; i++)
		vg_pstrs_add(p, obj, st->tok[i].text);
}

static bool optional_bool(struct pctx *p, const struct stmt *st, bool *v)
{
	*v = true;
	if (st->n < 2)
		return true;
	if (vg_parse_bool(st->tok[1].text, v) < 0) {
		vg_perr(p, st, 1, "invalid-bool", "%s takes no value or one of on|off|true|false|yes|no, not '%s'",
			st->tok[0].text, st->tok[1].text);
		return false;
	}
	if (st->n > 2)
		vg_pwarn(p, st, 2, "extra-argument", "'%s' and what follows are ignored", st->tok[2].text);
	return true;
}

void vg_kw_run(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k)
{
	int64_t v;
	vg_time t;
	bool b;

	if (st->open && k->fn != H_BLOCK && k->fn != H_STRLIST && k->fn != H_EXTRA_BLOCK && k->fn != H_CUSTOM)
		vg_pwarn(p, st, st->n, "unexpected-brace",
			 "'%s' does not take a block: keepalived ignores the '{', and its '}' will close the "
			 "enclosing block",
			 st->tok[0].text);
	switch (k->fn) {
	case H_FLAG:
		if (optional_bool(p, st, &b))
			*FIELD(obj, k->off, bool) = b;
		break;
	case H_CLEAR:
		if (st->n > 1)
			vg_pwarn(p, st, 1, "extra-argument", "'%s' takes no argument", st->tok[0].text);
		*FIELD(obj, k->off, bool) = false;
		break;
	case H_TRI:
		if (optional_bool(p, st, &b))
			*FIELD(obj, k->off, enum vg_conf_tri) = b ? VG_TRI_ON : VG_TRI_OFF;
		break;
	case H_STR:
		if (vg_pargs(p, st, 1, 1))
			*FIELD(obj, k->off, const char *) = vg_pstr(p, st, 1);
		break;
	case H_U32:
	case H_U16:
	case H_U8:
	case H_I32:
		vg_pargs(p, st, 1, 1);
		if (st->n < 2 || !vg_pint(p, st, 1, k->min, k->max, &v))
			break;
		if (k->fn == H_U32)
			*FIELD(obj, k->off, uint32_t) = (uint32_t)v;
		else if (k->fn == H_U16)
			*FIELD(obj, k->off, uint16_t) = (uint16_t)v;
		else if (k->fn == H_U8)
			*FIELD(obj, k->off, uint8_t) = (uint8_t)v;
		else
			*FIELD(obj, k->off, int32_t) = (int32_t)v;
		break;
	case H_TIME:
		vg_pargs(p, st, 1, 1);
		if (st->n >= 2 && vg_ptime(p, st, 1, k->min, k->max, &t))
			*FIELD(obj, k->off, vg_time) = t;
		break;
	case H_ADDR:
		if (vg_pargs(p, st, 1, 1) && vg_addr_parse(st->tok[1].text, FIELD(obj, k->off, struct vg_addr)) < 0)
			vg_perr(p, st, 1, "invalid-address", "%s: '%s' is not an IPv4 or IPv6 address",
				st->tok[0].text, st->tok[1].text);
		break;
	case H_SCRIPT:
		*FIELD(obj, k->off, struct vg_conf_script *) = vg_pscript(p, st, 1, false);
		break;
	case H_STRLIST:
		if (vg_parse_need_block(p, st))
			vg_parse_list(p, st, strlist_line, FIELD(obj, k->off, struct vg_conf_strs));
		break;
	case H_USER:
		if (vg_pargs(p, st, 1, 2)) {
			FIELD(obj, k->off, const char *)[0] = vg_pstr(p, st, 1);
			FIELD(obj, k->off, const char *)[1] = vg_pstr(p, st, 2);
		}
		break;
	case H_EXTRA:
	case H_EXTRA_BLOCK: {
		/* off names the block's extra list */
		struct vg_conf_kvs **extra = FIELD(obj, k->off, struct vg_conf_kvs *);
		if (k->fn == H_EXTRA_BLOCK || st->open)
			vg_parse_opaque(p, st, extra);
		else
			vg_pextra(p, st, extra);
		break;
	}
	case H_BLOCK:
		if (vg_parse_need_block(p, st))
			vg_parse_table(p, st, k->aux, FIELD(obj, k->off, void));
		break;
	case H_CUSTOM:
		if (k->aux < 100)
			vg_custom_global(p, st, obj, k);
		else if (k->aux < 200)
			vg_custom_vrrp(p, st, obj, k);
		else
			vg_custom_lvs(p, st, obj, k);
		break;
	default:
		break;
	}
}

/* ---- entry point ---- */

static void free_slots(struct pctx *p)
{
	for (uint32_t i = 0; i < PARSER_SLOTS_MAX && p->slots[i]; i++) {
		free(p->slots[i]->raw);
		free(p->slots[i]);
		p->slots[i] = NULL;
	}
}

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

const char *vg_pintern(struct pctx *p, const char *s)
{
	struct vg_conf_strs *t = &p->interned; /* open addressing, cap a power of two */
	uint32_t i;

	if (t->count * 2 >= t->cap) {
		uint32_t ncap = t->cap ? t->cap * 2 : 64;
		const char **ni = vg_arena_alloc(p->main, ncap * sizeof(*ni));
		if (!ni)
			return NULL;
		for (uint32_t k = 0; k < t->cap; k++) {
			if (!t->items[k])
				continue;
			for (i = hash_str(t->items[k]) & (ncap - 1); ni[i]; i = (i + 1) & (ncap - 1))
				;
			ni[i] = t->items[k];
		}
		t->items = ni;
		t->cap = ncap;
	}
	for (i = hash_str(s) & (t->cap - 1); t->items[i]; i = (i + 1) & (t->cap - 1)) {
		if (strcmp(t->items[i], s) == 0)
			return t->items[i];
	}
	t->items[i] = vg_arena_strdup(p->main, s); /* shared by every block: never in lvs_arena */
	if (t->items[i])
		t->count++;
	return t->items[i];
}

/* The tree lives in its own arena: copy the arena out before freeing it. */
static void destroy(struct vg_conf *c)
{
	struct vg_arena a = c->arena;
	vg_arena_free(&c->lvs_arena);
	vg_arena_free(&a);
}

void vg_conf_drop_lvs(struct vg_conf *c)
{
	if (!c || c->lvs_dropped)
		return;
	for (uint32_t i = 0; i < c->virtual_servers.count; i++)
		memset(&c->virtual_servers.items[i].real_servers, 0, sizeof(c->virtual_servers.items[i].real_servers));
	vg_arena_free(&c->lvs_arena);
	vg_arena_init(&c->lvs_arena);
	c->lvs_dropped = true;
}

void vg_conf_free(struct vg_conf *conf)
{
	if (conf)
		destroy(conf);
}

int vg_conf_parse(const char *path, const struct vg_conf_options *opts, struct vg_conf **out,
		  struct vg_diags *diags)
{
	struct vg_conf *c;
	struct vg_arena a;
	struct pctx p;
	struct stmt top;
	uint32_t first_diag = diags->count;
	int rc;

	assert(path && opts && opts->loader && (opts->loader->read || opts->loader->open) && out && diags);
	*out = NULL;
	vg_arena_init(&a);
	vg_arena_use(&a, opts->chunks);
	c = vg_arena_alloc(&a, sizeof(*c));
	if (!c)
		return VG_CONF_ERR_NOMEM;
	c->arena = a; /* the arena moves into the tree: allocate through c->arena from here on */
	vg_arena_init(&c->lvs_arena);
	vg_arena_use(&c->lvs_arena, opts->chunks);
	c->loader = *opts->loader;
	memset(&p, 0, sizeof(p));
	rc = vg_macro_open(&p.src, &c->arena, path, opts, &c->files, diags);
	if (rc == VG_CONF_ERR_IO || rc == VG_CONF_ERR_NOMEM) {
		if (rc == VG_CONF_ERR_IO) {
			struct vg_conf_loc loc = { path, 0, 0 };
			vg_diags_add(diags, VG_DIAG_ERROR, &loc, "io", NULL, "cannot read the file");
		}
		destroy(c);
		return rc;
	}
	p.conf = c;
	p.a = p.main = &c->arena;
	p.diags = diags;
	c->path = vg_arena_strdup(p.a, path);
	vg_global_defaults(&c->global);
	memset(&top, 0, sizeof(top));
	vg_parse_table(&p, &top, T_TOP, c);
	c->random_used = vg_macro_random_used(p.src);
	rc = vg_macro_close(p.src);
	free_slots(&p);
	if (rc == VG_CONF_ERR_INVALID)
		p.errors = true;
	if (rc == VG_CONF_ERR_NOMEM)
		p.nomem = true;
	if (!p.nomem) {
		vg_vrrp_finalize(&p);
		vg_lvs_finalize(&p);
	}
	if (p.nomem || c->arena.failed || c->lvs_arena.failed) {
		destroy(c);
		return VG_CONF_ERR_NOMEM;
	}
	assert(p.depth == 0);
	vg_macro_fill_text(opts->loader, diags, first_diag);
	*out = c;
	return p.errors ? VG_CONF_ERR_INVALID : 0;
}
