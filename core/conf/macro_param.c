// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: $NAME parameters of the preprocessor: definitions (one line or continued
 * with '\'), their expansion ($NAME, ${NAME}, $NAME(args), the predefined
 * ${_PWD} ${_INSTANCE} ${_HASH} ${_BANG} ${_RANDOM}) and the random_seed that
 * reseeds ${_RANDOM}. See macro.h for the language, macro.c for the order of work.
 */
#include "conf/macro_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/lexer.h"

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

size_t vg_macro_name_len(const char *p, const char *end)
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

char *vg_macro_dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

void vg_macro_trim(const char **s, const char **e)
{
	while (*s < *e && vg_lex_is_space(**s))
		(*s)++;
	while (*e > *s && vg_lex_is_space((*e)[-1]))
		(*e)--;
}

/* Split "a, b, {c,d}" at top-level commas into at most `max` trimmed items. */
uint32_t vg_macro_split_args(const char *s, const char *e, const char **is, const char **ie, uint32_t max)
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
				vg_macro_trim(&is[n], &ie[n]);
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

int vg_macro_define(struct vg_macro *c, const struct lineref *l, const char *name, size_t nlen,
		    const char *params, size_t plen, const char *value, size_t vlen)
{
	struct def *d = find_def(c, name, nlen);
	const char *is[PARAMS_MAX], *ie[PARAMS_MAX];
	uint32_t np = params ? vg_macro_split_args(params, params + plen, is, ie, PARAMS_MAX) : 0;

	if (np > PARAMS_MAX) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, 0, "definition", "more than %d parameters", PARAMS_MAX);
		return -1;
	}
	if (!d) {
		if (c->ndefs >= VG_CONF_DEFS_MAX) {
			vg_macro_diag(c, VG_DIAG_ERROR, l, 0, "definition", "more than %d definitions",
				      VG_CONF_DEFS_MAX);
			return -1;
		}
		d = &c->defs[c->ndefs++];
		d->name = vg_macro_dupn(name, nlen);
	} else {
		free(d->value);
		for (uint32_t i = 0; i < d->nparams; i++)
			free(d->params[i]);
	}
	d->value = vg_macro_dupn(value, vlen);
	d->nparams = np;
	for (uint32_t i = 0; i < np; i++)
		d->params[i] = vg_macro_dupn(is[i], (size_t)(ie[i] - is[i]));
	if (!d->name || !d->value)
		c->nomem = true;
	return 0;
}

/* Is `p` a definition "$NAME=" or "$NAME(params)="? Fills the spans. */
bool vg_macro_parse_def(const char *p, const char *end, const char **name, size_t *nlen,
			const char **params, size_t *plen, const char **value)
{
	size_t n;
	const char *q;

	if (p >= end || *p != '$')
		return false;
	n = vg_macro_name_len(p + 1, end);
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
			size_t len = vg_macro_name_len(n, end);
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
		uint32_t na = has_args ? vg_macro_split_args(args, args + alen, as, ae, PARAMS_MAX) : 0;
		put_with_params(b, d, as, ae, na > PARAMS_MAX ? PARAMS_MAX : na);
	} else {
		sb_puts(b, d->value);
	}
	return true;
}

/*
 * Where each "${" of a line closes: the first '}' after its '{' that
 * balances the braces between (what counting depth from it finds), for
 * every "${" of the line in one pass. Counting from each "${" on its own
 * was quadratic: a 300-byte definition growing a line of unclosed "${"
 * towards the 1 MiB expansion limit took 1.5 s (found by fuzz-config).
 * With D the running count of '{' minus '}', a "${" whose '{' follows
 * depth d closes at the first '}' that brings D back to d; D moves by one,
 * so the "${" still open are on a stack in increasing d and only its top
 * can close at a given '}'.
 */
struct brace_map {
	uint32_t n;          /* "${" of the line */
	uint32_t *open;      /* offset of each one's '{', increasing */
	uint32_t *close;     /* offset of its closing '}', UINT32_MAX: none */
	uint32_t next;       /* the first one not before the expansion's position */
	bool built, failed;  /* failed: no memory, each scans on its own */
};

#define BRACE_MAP_BYTES_MAX (4u * EXPANSION_BYTES_MAX) /* longer lines with "${" are refused */

static void brace_map_build(struct brace_map *m, const char *p, const char *end)
{
	size_t len = (size_t)(end - p), cap;
	uint32_t *stack, top = 0, k = 0;
	int64_t *depth, d = 0;

	m->built = true;
	for (size_t i = 0; i + 1 < len; i++)
		if (p[i] == '$' && p[i + 1] == '{')
			m->n++;
	cap = m->n ? m->n : 1;
	m->open = malloc(cap * sizeof(*m->open));
	m->close = malloc(cap * sizeof(*m->close));
	stack = malloc(cap * sizeof(*stack));
	depth = malloc(cap * sizeof(*depth));
	if (!m->open || !m->close || !stack || !depth) {
		m->failed = true;
		goto out;
	}
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '{') {
			if (i > 0 && p[i - 1] == '$') {
				m->open[k] = (uint32_t)i;
				m->close[k] = UINT32_MAX;
				stack[top] = k++;
				depth[top++] = d;
			}
			d++;
		} else if (p[i] == '}') {
			d--;
			if (top && depth[top - 1] == d)
				m->close[stack[--top]] = (uint32_t)i;
		}
	}
out:
	free(stack);
	free(depth);
}

/*
 * The '}' closing the "${" whose '{' is at q, or end when none does; NULL
 * when the line is too long to map (refused as an expansion too large).
 * The expansion meets the "${" in order of position, skipping those
 * inside one it expanded.
 */
static const char *brace_close(struct brace_map *m, const char *line, const char *q, const char *end)
{
	uint32_t at = (uint32_t)(q - line);
	const char *close = q + 1;
	int depth = 1;

	if (!m->built) {
		if ((size_t)(end - line) > BRACE_MAP_BYTES_MAX)
			return NULL;
		brace_map_build(m, line, end);
	}
	if (!m->failed) {
		while (m->next < m->n && m->open[m->next] < at)
			m->next++;
		if (m->next < m->n && m->open[m->next] == at)
			return m->close[m->next] == UINT32_MAX ? end : line + m->close[m->next];
	}
	while (close < end && depth) { /* no memory for the map: count from here */
		if (*close == '{')
			depth++;
		else if (*close == '}' && --depth == 0)
			break;
		close++;
	}
	return close;
}

/* The first ')' at or after `from` in [.., end), remembered: the searches move forward. */
static const char *rparen(const char **cache, const char *from, const char *end)
{
	if (*cache && *cache >= from)
		return *cache < end ? *cache : NULL;
	*cache = memchr(from, ')', (size_t)(end - from));
	if (!*cache)
		*cache = end; /* none up to the end: none for any later search either */
	return *cache < end ? *cache : NULL;
}

/* Expand parameters of [p, end) into b; returns whether anything was replaced. */
bool vg_macro_substitute(struct vg_macro *c, const char *p, const char *end, struct sbuf *b)
{
	bool changed = false;
	struct brace_map map = { 0 };
	const char *line = p, *rp_cache = NULL;

	while (p < end && !b->overflow) {
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
			const char *close = brace_close(&map, line, q, end);

			if (!close) {
				b->overflow = true;
				break;
			}
			n = vg_macro_name_len(q + 1, end);
			if (n && close < end) {
				const char *after = q + 1 + n, *args = NULL;
				size_t alen = 0;
				bool has_args = false, ok = true;
				if (after < close && *after == '(') {
					const char *rp = rparen(&rp_cache, after, end);

					if (rp && rp >= close)
						rp = NULL;
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
		n = vg_macro_name_len(q, end);
		if (n) {
			const char *after = q + n, *args = NULL;
			size_t alen = 0;
			bool has_args = false;
			if (after < end && *after == '(') {
				const char *rp = rparen(&rp_cache, after, end);
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
	free(map.open);
	free(map.close);
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
void vg_macro_reseed(struct vg_macro *c, const char *s, const char *e)
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

/* A definition whose lines end with '\': read its other lines from the same file. */
void vg_macro_define_lines(struct vg_macro *c, struct frame *f, const struct lineref *l0, const char *name,
			   size_t nlen, const char *params, size_t plen, const char *value, const char *le)
{
	struct sbuf b = { 0 };
	const char *v = vg_lex_skip_space(value, le - 1), *ve = le - 1;
	char *raw = vg_macro_dupn(l0->raw, strlen(l0->raw)), *nm = vg_macro_dupn(name, nlen);
	char *pm = params ? vg_macro_dupn(params, plen) : NULL;
	struct lineref l = *l0;
	char *p, *e2;

	l.raw = raw;
	l.raw_len = raw ? (uint32_t)strlen(raw) : 0;
	vg_macro_trim(&v, &ve);
	sb_put(&b, v, (size_t)(ve - v));
	/* the next reads move the buffer: keep what is still needed */
	while (vg_macro_reader_line(c, &f->r, &p, &e2)) {
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
		vg_macro_trim(&s2, &ce);
		if (b.len)
			sb_put(&b, "\n", 1);
		sb_put(&b, s2, (size_t)(ce - s2));
		if (!more)
			break;
	}
	if (!raw || !nm || (params && !pm))
		c->nomem = true;
	else if (b.overflow)
		vg_macro_diag(c, VG_DIAG_ERROR, &l, 1, "definition", "definition larger than %u bytes",
			      EXPANSION_BYTES_MAX);
	else
		vg_macro_define(c, &l, nm, nlen, pm, plen, b.p ? b.p : "", b.len);
	free(b.p);
	free(raw);
	free(nm);
	free(pm);
}
