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
#include "conf/macro.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/lexer.h"

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
	uint64_t work;  /* lines processed, bounded by WORK_MAX */
	uint64_t read_bytes;     /* physical lines read, all files: bounded by READ_BYTES_MAX */
	uint64_t expanded_bytes; /* substitution output: bounded by EXPANDED_BYTES_MAX */
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

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->overflow)
		return;
	if (b->len + n + 1 > EXPANSION_BYTES_MAX) {
		b->overflow = true;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		char *np;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		np = realloc(b->p, ncap);
		if (!np) {
			b->overflow = true;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_puts(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static void mdiag(struct vg_macro *c, enum vg_diag_severity sev, const struct lineref *l, uint32_t col,
		  const char *code, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void mdiag(struct vg_macro *c, enum vg_diag_severity sev, const struct lineref *l, uint32_t col,
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

static size_t name_len(const char *p, const char *end)
{
	size_t n = 0;

	if (p >= end || !(vg_lex_is_alpha(*p) || *p == '_'))
		return 0;
	while (p + n < end && vg_lex_is_word(p[n]))
		n++;
	return n;
}

static struct def *find_def(struct vg_macro *c, const char *name, size_t len)
{
	for (uint32_t i = 0; i < c->ndefs; i++) {
		if (strlen(c->defs[i].name) == len && memcmp(c->defs[i].name, name, len) == 0)
			return &c->defs[i];
	}
	return NULL;
}

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && vg_lex_is_space(**s))
		(*s)++;
	while (*e > *s && vg_lex_is_space((*e)[-1]))
		(*e)--;
}

/* Split "a, b, {c,d}" at top-level commas into at most `max` trimmed items. */
static uint32_t split_args(const char *s, const char *e, const char **is, const char **ie, uint32_t max)
{
	uint32_t n = 0;
	int depth = 0;
	const char *start = s;

	if (vg_lex_skip_space(s, e) == e)
		return 0;
	for (const char *p = s; p <= e; p++) {
		if (p == e || (*p == ',' && depth == 0)) {
			if (n < max) {
				is[n] = start;
				ie[n] = p;
				trim(&is[n], &ie[n]);
			}
			n++;
			start = p + 1;
		} else if (*p == '{') {
			depth++;
		} else if (*p == '}') {
			depth--;
		}
	}
	return n;
}

static int define(struct vg_macro *c, const struct lineref *l, const char *name, size_t nlen,
		  const char *params, size_t plen, const char *value, size_t vlen)
{
	struct def *d = find_def(c, name, nlen);
	const char *is[PARAMS_MAX], *ie[PARAMS_MAX];
	uint32_t np = params ? split_args(params, params + plen, is, ie, PARAMS_MAX) : 0;

	if (np > PARAMS_MAX) {
		mdiag(c, VG_DIAG_ERROR, l, 0, "definition", "more than %d parameters", PARAMS_MAX);
		return -1;
	}
	if (!d) {
		if (c->ndefs >= VG_CONF_DEFS_MAX) {
			mdiag(c, VG_DIAG_ERROR, l, 0, "definition", "more than %d definitions",
			      VG_CONF_DEFS_MAX);
			return -1;
		}
		d = &c->defs[c->ndefs++];
		d->name = dupn(name, nlen);
	} else {
		free(d->value);
		for (uint32_t i = 0; i < d->nparams; i++)
			free(d->params[i]);
	}
	d->value = dupn(value, vlen);
	d->nparams = np;
	for (uint32_t i = 0; i < np; i++)
		d->params[i] = dupn(is[i], (size_t)(ie[i] - is[i]));
	if (!d->name || !d->value)
		c->nomem = true;
	return 0;
}

/* Is `p` a definition "$NAME=" or "$NAME(params)="? Fills the spans. */
static bool parse_def(const char *p, const char *end, const char **name, size_t *nlen,
		      const char **params, size_t *plen, const char **value)
{
	size_t n;
	const char *q;

	if (p >= end || *p != '$')
		return false;
	n = name_len(p + 1, end);
	if (!n)
		return false;
	q = p + 1 + n;
	*params = NULL;
	*plen = 0;
	if (q < end && *q == '(') {
		const char *close = memchr(q, ')', (size_t)(end - q));
		if (!close)
			return false;
		*params = q + 1;
		*plen = (size_t)(close - q - 1);
		q = close + 1;
	}
	if (q >= end || *q != '=')
		return false;
	*name = p + 1;
	*nlen = n;
	*value = q + 1;
	return true;
}

static uint64_t next_random(struct vg_macro *c)
{
	/* xorshift64: deterministic from the caller's seed */
	uint64_t x = c->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	c->rng = x;
	return x;
}

/* Replace ${param} / $param in `value` by the arguments. */
static void put_with_params(struct sbuf *b, const struct def *d, const char **as, const char **ae,
			    uint32_t na)
{
	const char *p = d->value, *end = d->value + strlen(d->value);

	while (p < end) {
		if (*p == '$') {
			bool brace = p + 1 < end && p[1] == '{';
			const char *n = p + 1 + brace;
			size_t len = name_len(n, end);
			bool done = false;
			for (uint32_t i = 0; len && i < d->nparams; i++) {
				if (strlen(d->params[i]) != len || memcmp(d->params[i], n, len) != 0)
					continue;
				if (brace && (n + len >= end || n[len] != '}'))
					continue;
				if (i < na)
					sb_put(b, as[i], (size_t)(ae[i] - as[i]));
				p = n + len + brace;
				done = true;
				break;
			}
			if (done)
				continue;
		}
		sb_put(b, p, 1);
		p++;
	}
}

/*
 * Look up NAME (with "(args)" or, for _RANDOM, " MIN MAX" in `args`) and
 * append its value. Returns false if it is not defined.
 */
static bool expand_name(struct vg_macro *c, struct sbuf *b, const char *name, size_t nlen, const char *args,
			size_t alen, bool has_args)
{
	struct def *d;
#define IS(lit) (nlen == sizeof(lit) - 1 && memcmp(name, lit, nlen) == 0)
	if (IS("_PWD")) {
		sb_puts(b, c->dir);
		return true;
	}
	if (IS("_INSTANCE")) {
		sb_puts(b, c->opts->config_id ? c->opts->config_id : "");
		return true;
	}
	if (IS("_HASH")) {
		sb_puts(b, "#");
		return true;
	}
	if (IS("_BANG")) {
		sb_puts(b, "!");
		return true;
	}
	if (IS("_RANDOM")) {
		char num[24], tmp[64];
		c->random_used = true;
		long long lo = 0, hi = 32767;
		size_t tl = alen < sizeof(tmp) - 1 ? alen : sizeof(tmp) - 1;
		memcpy(tmp, args ? args : "", tl);
		tmp[tl] = '\0';
		if (args && tl) {
			char *e;
			long long v = strtoll(tmp, &e, 10);
			if (e != tmp) {
				lo = v;
				v = strtoll(e, &e, 10);
				if (e != tmp)
					hi = v;
			}
		}
		if (hi < lo)
			hi = lo;
		snprintf(num, sizeof(num), "%lld",
			 lo + (long long)(next_random(c) % (uint64_t)(hi - lo + 1)));
		sb_puts(b, num);
		return true;
	}
#undef IS
	d = find_def(c, name, nlen);
	if (!d)
		return false;
	if (d->nparams || has_args) {
		const char *as[PARAMS_MAX], *ae[PARAMS_MAX];
		uint32_t na = has_args ? split_args(args, args + alen, as, ae, PARAMS_MAX) : 0;
		put_with_params(b, d, as, ae, na > PARAMS_MAX ? PARAMS_MAX : na);
	} else {
		sb_puts(b, d->value);
	}
	return true;
}

/* Expand parameters of [p, end) into b; returns whether anything was replaced. */
static bool substitute(struct vg_macro *c, const char *p, const char *end, struct sbuf *b)
{
	bool changed = false;

	while (p < end) {
		const char *dollar = memchr(p, '$', (size_t)(end - p));
		const char *q;
		size_t n;

		if (!dollar) {
			sb_put(b, p, (size_t)(end - p));
			break;
		}
		sb_put(b, p, (size_t)(dollar - p));
		q = dollar + 1;
		if (q < end && *q == '{') {
			/* ${NAME}, ${NAME(args)}, ${_RANDOM min max} */
			const char *close = q + 1;
			int depth = 1;
			while (close < end && depth) {
				if (*close == '{')
					depth++;
				else if (*close == '}' && --depth == 0)
					break;
				close++;
			}
			n = name_len(q + 1, end);
			if (n && close < end) {
				const char *after = q + 1 + n, *args = NULL;
				size_t alen = 0;
				bool has_args = false, ok = true;
				if (after < close && *after == '(') {
					const char *rp = memchr(after, ')', (size_t)(close - after));
					if (rp) {
						args = after + 1;
						alen = (size_t)(rp - after - 1);
						has_args = true;
					} else {
						ok = false;
					}
				} else if (after < close) {
					args = after;
					alen = (size_t)(close - after);
					ok = n == 7 && memcmp(q + 1, "_RANDOM", 7) == 0;
				}
				if (ok && expand_name(c, b, q + 1, n, args, alen, has_args)) {
					changed = true;
					p = close + 1;
					continue;
				}
			}
			sb_put(b, dollar, 1);
			p = q;
			continue;
		}
		n = name_len(q, end);
		if (n) {
			const char *after = q + n, *args = NULL;
			size_t alen = 0;
			bool has_args = false;
			if (after < end && *after == '(') {
				const char *rp = memchr(after, ')', (size_t)(end - after));
				if (rp) {
					args = after + 1;
					alen = (size_t)(rp - after - 1);
					has_args = true;
					after = rp + 1;
				}
			}
			if ((has_args || after == end || vg_lex_is_space(*after)) &&
			    expand_name(c, b, q, n, args, alen, has_args)) {
				changed = true;
				p = after;
				continue;
			}
		}
		sb_put(b, dollar, 1);
		p = q;
	}
	return changed;
}

/*
 * global_defs random_seed N (keepalived.conf(5)): the ${_RANDOM} numbers of
 * the lines after it come from N, as keepalived seeds its generator when it
 * reads the keyword. Without it vigil uses a fixed seed (keepalived: the
 * time), so a file always gives the same numbers; the numbers themselves
 * are vigil's, not keepalived's. The parser checks the range (0..2^32-1);
 * an out-of-range value does not reseed.
 */
static void maybe_reseed(struct vg_macro *c, const char *s, const char *e)
{
	static const char kw[] = "random_seed";
	uint64_t v = 0;
	const char *p;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if ((size_t)(e - s) <= sizeof(kw) - 1 || *s != 'r' || memcmp(s, kw, sizeof(kw) - 1))
		return;
	p = s + sizeof(kw) - 1;
	if (*p != ' ' && *p != '\t')
		return;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p == e || *p < '0' || *p > '9')
		return;
	for (; p < e && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT32_MAX)
			return;
	}
	if (p < e && *p != ' ' && *p != '\t' && *p != '#' && *p != '!')
		return;
	/* odd multiplier: a distinct non-zero xorshift state for every seed */
	c->rng = (v + 1) * UINT64_C(0x9e3779b97f4a7c15);
}

static void emit(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		 bool expanded)
{
	struct queue *q = &c->queue;
	struct qline *o;
	size_t len = (size_t)(e - s);

	if (c->lines_total >= VG_CONF_LINES_MAX) {
		mdiag(c, VG_DIAG_ERROR, l, 0, "too-large", "more than %u lines of configuration",
		      VG_CONF_LINES_MAX);
		c->stop = true;
		return;
	}
	if (len > VG_CONF_LINE_BYTES_MAX) {
		mdiag(c, VG_DIAG_ERROR, l, col0, "line-too-long", "line longer than %u bytes",
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
	maybe_reseed(c, s, e);
}

static void process(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		    uint32_t depth, bool expanded);
static void free_paths(struct frame *f)
{
	for (size_t i = 0; i < f->count; i++)
		free(f->paths[i]);
	free(f->paths);
	f->paths = NULL;
	f->count = f->next = 0;
}

static void process_text(struct vg_macro *c, const struct lineref *l, const char *s, const char *e,
			 uint32_t col0, uint32_t depth)
{
	/* each line of an expansion is a line of configuration */
	while (s <= e) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		if (!nl)
			nl = e;
		process(c, l, s, nl, col0, depth, true);
		s = nl + 1;
	}
}

static void do_seq(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		   uint32_t depth, uint32_t col)
{
	bool hex = s[4] == 'x';
	const char *open = s + 4 + hex, *close, *is[5], *ie[5];
	long long v[3], start, step, end;
	uint32_t n, count = 0;
	char name[NAME_BYTES_MAX];

	close = memchr(open, ')', (size_t)(e - open));
	n = close ? split_args(open + 1, close, is, ie, 5) : 0;
	if (!close || n < 2 || n > 4 || (size_t)(ie[0] - is[0]) >= sizeof(name) ||
	    name_len(is[0], ie[0]) != (size_t)(ie[0] - is[0])) {
		mdiag(c, VG_DIAG_ERROR, l, col, "seq", "malformed ~SEQ: expected ~SEQ(var, [start, [step,]] end)");
		return;
	}
	memcpy(name, is[0], (size_t)(ie[0] - is[0]));
	name[ie[0] - is[0]] = '\0';
	for (uint32_t i = 1; i < n; i++) {
		char tmp[32], *te;
		size_t len = (size_t)(ie[i] - is[i]);
		if (len == 0 || len >= sizeof(tmp))
			goto bad;
		memcpy(tmp, is[i], len);
		tmp[len] = '\0';
		v[i - 1] = strtoll(tmp, &te, 0);
		if (*te)
			goto bad;
	}
	if (n == 2) {
		end = v[0];
		start = end >= 0 ? 1 : -1;
		step = end >= start ? 1 : -1;
	} else if (n == 3) {
		start = v[0];
		end = v[1];
		step = end >= start ? 1 : -1;
	} else {
		start = v[0];
		step = v[1];
		end = v[2];
	}
	if (step == 0) {
		mdiag(c, VG_DIAG_ERROR, l, col, "seq", "~SEQ step is 0");
		return;
	}
	for (long long x = start; (step > 0 ? x <= end : x >= end) && !c->stop; x += step) {
		char num[32];
		if (++count > VG_CONF_SEQ_ITEMS_MAX) {
			mdiag(c, VG_DIAG_ERROR, l, col, "seq", "~SEQ produces more than %u lines",
			      VG_CONF_SEQ_ITEMS_MAX);
			return;
		}
		if (hex)
			snprintf(num, sizeof(num), "%llx", (unsigned long long)x);
		else
			snprintf(num, sizeof(num), "%lld", x);
		define(c, l, name, strlen(name), NULL, 0, num, strlen(num));
		process(c, l, vg_lex_skip_space(close + 1, e), e, col0, depth + 1, true);
	}
	return;
bad:
	mdiag(c, VG_DIAG_ERROR, l, col, "seq", "~SEQ bounds must be integers");
}

static void do_lst(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		   uint32_t depth, uint32_t col)
{
	const char *open = s + 4, *close = open, *is[256], *ie[256], *vs[PARAMS_MAX], *ve[PARAMS_MAX];
	const char *ns[PARAMS_MAX], *ne[PARAMS_MAX];
	int d = 0;
	uint32_t n, nvars;

	while (close < e) {
		if (*close == '(' || *close == '{')
			d++;
		else if ((*close == ')' || *close == '}') && --d == 0)
			break;
		close++;
	}
	n = close < e ? split_args(open + 1, close, is, ie, 256) : 0;
	if (n < 2 || n > 256) {
		mdiag(c, VG_DIAG_ERROR, l, col, "lst", "malformed ~LST: expected ~LST(var, value, ...)");
		return;
	}
	if (*is[0] == '{') {
		nvars = split_args(is[0] + 1, ie[0] - 1, ns, ne, PARAMS_MAX);
	} else {
		ns[0] = is[0];
		ne[0] = ie[0];
		nvars = 1;
	}
	if (nvars == 0 || nvars > PARAMS_MAX) {
		mdiag(c, VG_DIAG_ERROR, l, col, "lst", "malformed ~LST variable list");
		return;
	}
	for (uint32_t i = 1; i < n && !c->stop; i++) {
		uint32_t nv;
		if (*is[i] == '{' && ie[i] > is[i] && ie[i][-1] == '}') {
			nv = split_args(is[i] + 1, ie[i] - 1, vs, ve, PARAMS_MAX);
		} else {
			vs[0] = is[i];
			ve[0] = ie[i];
			nv = 1;
		}
		if (nv != nvars) {
			mdiag(c, VG_DIAG_ERROR, l, col, "lst", "~LST value %u has %u fields, expected %u", i,
			      nv, nvars);
			return;
		}
		for (uint32_t k = 0; k < nvars; k++)
			define(c, l, ns[k], (size_t)(ne[k] - ns[k]), NULL, 0, vs[k], (size_t)(ve[k] - vs[k]));
		process(c, l, vg_lex_skip_space(close + 1, e), e, col0, depth + 1, true);
	}
}

/* include, includer, includem, includew, includeb or includea, as the first word */
static bool is_include(const char *s, const char *e)
{
	size_t n = (size_t)(e - s);

	if (n < 7 || memcmp(s, "include", 7) != 0)
		return false;
	if (n > 7 && s[7] && strchr("rmwba", s[7]))
		return n == 8 || vg_lex_is_space(s[8]);
	return n == 7 || vg_lex_is_space(s[7]);
}

static void do_include(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col)
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
		mdiag(c, VG_DIAG_ERROR, l, col, "include", "include without a file name");
		return;
	}
	if (c->include_depth >= VG_CONF_INCLUDE_DEPTH_MAX) {
		mdiag(c, VG_DIAG_ERROR, l, col, "include",
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
			mdiag(c, strict ? VG_DIAG_ERROR : VG_DIAG_WARNING, l, col, "include",
			      "include '%s': cannot expand the pattern", pattern);
			return;
		}
	} else {
		paths = malloc(sizeof(*paths));
		if (paths && (paths[0] = dupn(pattern, strlen(pattern))) != NULL)
			count = 1;
	}
	if (count == 0)
		mdiag(c, strict ? VG_DIAG_ERROR : VG_DIAG_WARNING, l, col, "include",
		      "include '%s' matches no file%s", pattern,
		      strict ? "" : " (keepalived's plain include ignores this silently)");
	/* the files are read one after the other before the next line of this one (see step()) */
	{
		struct frame *f = &c->frames[c->include_depth - 1];
		free_paths(f);
		f->paths = paths;
		f->count = count;
		f->next = 0;
		f->inc = *l;
		f->inc_strict = strict;
	}
}

/*
 * The first characters of the lines process() treats specially: include,
 * @config_id / @^config_id, ~SEQ / ~LST ('$' anywhere is found by the comment
 * scan). step() hands any other line straight to emit(): a new kind of line
 * must start with one of these or be added here.
 */
static bool special_start(char ch)
{
	return ch == 'i' || ch == '@' || ch == '~';
}

static void process(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		    uint32_t depth, bool expanded)
{
	const char *name, *params, *value;
	size_t nlen, plen;
	struct sbuf b = { 0 };
	const char *start = s;

	if (c->nomem || c->stop)
		return;
	if (++c->work > WORK_MAX) {
		mdiag(c, VG_DIAG_ERROR, l, col0, "too-large",
		      "expansions produce more than %llu lines; stopping", (unsigned long long)WORK_MAX);
		c->stop = true;
		return;
	}
	if (depth > VG_CONF_EXPAND_DEPTH_MAX) {
		mdiag(c, VG_DIAG_ERROR, l, col0, "expansion-depth",
		      "parameter expansion nested more than %d deep (a definition that refers to itself?)",
		      VG_CONF_EXPAND_DEPTH_MAX);
		return;
	}
	s = vg_lex_skip_space(s, e);
	if (s == e)
		return;
	if (!expanded) /* exact column of what follows on the physical line */
		col0 += (uint32_t)(s - start);
	if (!expanded && *s == 'i' && is_include(s, e)) {
		do_include(c, l, s, e, col0);
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
		do_seq(c, l, s, e, col0, depth, col0);
		return;
	}
	if (*s == '~' && e - s > 5 && memcmp(s, "~LST(", 5) == 0) {
		do_lst(c, l, s, e, col0, depth, col0);
		return;
	}
	if (*s == '$' && parse_def(s, e, &name, &nlen, &params, &plen, &value)) {
		const char *ve = e;
		value = vg_lex_skip_space(value, e);
		trim(&value, &ve);
		define(c, l, name, nlen, params, plen, value, (size_t)(ve - value));
		return;
	}
	if (memchr(s, '$', (size_t)(e - s)) && substitute(c, s, e, &b)) {
		c->expanded_bytes += b.len;
		if (c->expanded_bytes > EXPANDED_BYTES_MAX) {
			mdiag(c, VG_DIAG_ERROR, l, col0, "too-large", "expansions produce more than %llu bytes; stopping",
			      (unsigned long long)EXPANDED_BYTES_MAX);
			c->stop = true;
		} else if (b.overflow)
			mdiag(c, VG_DIAG_ERROR, l, col0, "expansion-size", "expansion larger than %u bytes",
			      EXPANSION_BYTES_MAX);
		else
			process_text(c, l, b.p, b.p + b.len, col0, depth + 1);
		free(b.p);
		return;
	}
	free(b.p);
	emit(c, l, s, e, col0, expanded);
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

static void reader_close(struct vg_macro *c, struct reader *r)
{
	const struct vg_conf_loader *l = c->opts->loader;

	if (r->handle && l->close)
		l->close(l->ctx, r->handle);
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

/* Returns 0, or a negative loader code; *too_large when over VG_CONF_FILE_BYTES_MAX. */
static int reader_open(struct vg_macro *c, struct reader *r, const char *path, bool *too_large)
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
			reader_close(c, r);
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
static bool reader_line(struct vg_macro *c, struct reader *r, char **s, char **e)
{
	const struct vg_conf_loader *l = c->opts->loader;

	if (c->diags && c->read_bytes > READ_BYTES_MAX) { /* (no diags: the text pass of vg_macro_fill_text) */
		if (!c->stop)
			mdiag(c, VG_DIAG_ERROR, NULL, 0, "too-large",
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
static int push_file(struct vg_macro *c, const char *path, const struct lineref *from, bool strict)
{
	struct frame *f;
	const char **slot;
	bool too_large;
	int rc;

	/* two includes of itself per file, 16 deep, would read 2^16 files: bound the fan-out */
	if (from && c->files_read >= VG_CONF_FILES_READ_MAX) {
		mdiag(c, VG_DIAG_ERROR, from, 0, "too-large",
		      "more than %d files read (files that include each other?); stopping", VG_CONF_FILES_READ_MAX);
		c->stop = true;
		return 0;
	}
	/* a file that includes itself (directly or through others) would be read until a limit */
	for (uint32_t k = 0; from && k < c->include_depth; k++) {
		if (c->frames[k].file && strcmp(c->frames[k].file, path) == 0) {
			mdiag(c, VG_DIAG_ERROR, from, 0, "include-cycle",
			      "'%s' includes itself (it is already being read): not read again "
			      "(keepalived 2.2.7 reads it again until it runs out of open files)", path);
			return 0;
		}
	}
	c->files_read++;
	assert(c->include_depth < VG_CONF_INCLUDE_DEPTH_MAX);
	f = &c->frames[c->include_depth];
	memset(f, 0, sizeof(*f));
	rc = reader_open(c, &f->r, path, &too_large);
	if (rc < 0) {
		if (!from)
			return VG_CONF_ERR_IO;
		mdiag(c, strict ? VG_DIAG_ERROR : VG_DIAG_WARNING, from, 0, "include",
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

static void pop_file(struct vg_macro *c)
{
	struct frame *f = &c->frames[--c->include_depth];

	if (f->r.failed && f->r.total > VG_CONF_FILE_BYTES_MAX)
		mdiag(c, VG_DIAG_ERROR, NULL, 0, "too-large", "file '%s' is larger than %u bytes", f->file,
		      VG_CONF_FILE_BYTES_MAX);
	reader_close(c, &f->r);
	free_paths(f);
	c->line_end = NULL;
	if (c->include_depth) {
		c->file = c->frames[c->include_depth - 1].file;
		c->dir = c->frames[c->include_depth - 1].dir;
	}
}

/* A definition whose lines end with '\': read its other lines from the same file. */
static void multi_line_def(struct vg_macro *c, struct frame *f, const struct lineref *l0, const char *name,
			   size_t nlen, const char *params, size_t plen, const char *value, const char *le)
{
	struct sbuf b = { 0 };
	const char *v = vg_lex_skip_space(value, le - 1), *ve = le - 1;
	char *raw = dupn(l0->raw, strlen(l0->raw)), *nm = dupn(name, nlen);
	char *pm = params ? dupn(params, plen) : NULL;
	struct lineref l = *l0;
	char *p, *e2;

	l.raw = raw;
	l.raw_len = raw ? (uint32_t)strlen(raw) : 0;
	trim(&v, &ve);
	sb_put(&b, v, (size_t)(ve - v));
	/* the next reads move the buffer: keep what is still needed */
	while (reader_line(c, &f->r, &p, &e2)) {
		const char *s2, *ce;
		bool more;

		f->lineno++;
		if (e2 > p && e2[-1] == '\r')
			e2--;
		ce = p + vg_lex_strip_comment(p, (size_t)(e2 - p), NULL);
		more = ce > p && ce[-1] == '\\';
		if (more)
			ce--;
		s2 = p;
		trim(&s2, &ce);
		if (b.len)
			sb_put(&b, "\n", 1);
		sb_put(&b, s2, (size_t)(ce - s2));
		if (!more)
			break;
	}
	if (!raw || !nm || (params && !pm))
		c->nomem = true;
	else if (b.overflow)
		mdiag(c, VG_DIAG_ERROR, &l, 1, "definition", "definition larger than %u bytes",
		      EXPANSION_BYTES_MAX);
	else
		define(c, &l, nm, nlen, pm, plen, b.p ? b.p : "", b.len);
	free(b.p);
	free(raw);
	free(nm);
	free(pm);
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
			push_file(c, f->paths[i], &f->inc, f->inc_strict);
		} else {
			free_paths(f);
		}
		return true;
	}
	if (!reader_line(c, &f->r, &p, &le)) {
		pop_file(c);
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
	if (!dollar && s < le && !special_start(*s) && !c->nomem && !c->stop && c->work < WORK_MAX) {
		/* most lines: nothing to include, select, repeat or expand (what process() would find) */
		c->work++;
		emit(c, &l, s, le, 1 + (uint32_t)(s - p), false);
		return true;
	}
	if (parse_def(s, le, &name, &nlen, &params, &plen, &value) && le > s && le[-1] == '\\') {
		multi_line_def(c, f, &l, name, nlen, params, plen, value, le);
		c->line_end = NULL;
		return true;
	}
	process(c, &l, s, le, 1 + (uint32_t)(s - p), 0, false);
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
	c->diags = diags;
	c->files = files;
	c->rng = opts->random_seed ? opts->random_seed : UINT64_C(0x9e3779b97f4a7c15);
	c->dir = ".";
	c->defs = calloc(VG_CONF_DEFS_MAX, sizeof(*c->defs));
	if (!c->defs) {
		free(c);
		return VG_CONF_ERR_NOMEM;
	}
	rc = push_file(c, path, NULL, true);
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
		pop_file(c);
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
		if (reader_open(&c, &r, file, &too_large) < 0)
			continue; /* gone since it was parsed: these stay without text */
		for (uint32_t j = 0; j < k && reader_line(&c, &r, &s, &e);) {
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
		reader_close(&c, &r);
	}
	free(w);
	free(seen);
	return c.nomem ? -1 : rc;
}
