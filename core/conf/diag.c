// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the diagnostics list and the "did you mean" search (see diag.h).
 */
#include "conf/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vg_diags_init(struct vg_diags *d)
{
	memset(d, 0, sizeof(*d));
	vg_arena_init(&d->arena);
}

void vg_diags_free(struct vg_diags *d)
{
	vg_arena_free(&d->arena);
	memset(d, 0, sizeof(*d));
}

int vg_diags_vadd(struct vg_diags *d, enum vg_diag_severity sev, const struct vg_conf_loc *loc,
		  const char *code, const char *suggestion, const char *fmt, va_list ap)
{
	char msg[VG_DIAG_MESSAGE_MAX];
	struct vg_diag *g;

	if (sev == VG_DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->count >= VG_DIAGS_MAX) {
		d->dropped++;
		return 0;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	g = VG_LIST_PUSH(&d->arena, *d);
	if (!g)
		return -1;
	g->severity = sev;
	if (loc) {
		/* one copy per run of the same file: the sort then compares pointers, not names */
		if (loc->file && d->last_file && strcmp(d->last_file, loc->file) == 0)
			g->loc.file = d->last_file;
		else if (loc->file)
			g->loc.file = d->last_file = vg_arena_strdup(&d->arena, loc->file);
		g->loc.line = loc->line;
		g->loc.col = loc->col;
	}
	g->code = vg_arena_strdup(&d->arena, code ? code : "");
	g->message = vg_arena_strdup(&d->arena, msg);
	g->suggestion = vg_arena_strdup(&d->arena, suggestion);
	return d->arena.failed ? -1 : 0;
}

int vg_diags_set_text(struct vg_diags *d, uint32_t i, const char *text)
{
	if (i >= d->count)
		return 0;
	d->items[i].text = vg_arena_strdup(&d->arena, text);
	return text && !d->items[i].text ? -1 : 0;
}

int vg_diags_add(struct vg_diags *d, enum vg_diag_severity sev, const struct vg_conf_loc *loc,
		 const char *code, const char *suggestion, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vg_diags_vadd(d, sev, loc, code, suggestion, fmt, ap);
	va_end(ap);
	return rc;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_diag(const void *pa, const void *pb)
{
	const struct vg_diag *a = pa, *b = pb;
	int c = a->loc.file == b->loc.file ? 0 : cmp_str(a->loc.file, b->loc.file);

	if (c)
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return a < b ? -1 : (a > b);
}

void vg_diags_sort(struct vg_diags *d)
{
	uint32_t i;

	/* most lists arrive in order (the parser reads forward): check before sorting */
	for (i = 1; i < d->count; i++)
		if (cmp_diag(&d->items[i - 1], &d->items[i]) > 0)
			break;
	/* qsort is not stable; the address tiebreak in cmp_diag keeps insertion order */
	if (i < d->count)
		qsort(d->items, d->count, sizeof(*d->items), cmp_diag);
}

const struct vg_diag *vg_diags_find(const struct vg_diags *d, const char *code, uint32_t line)
{
	for (uint32_t i = 0; i < d->count; i++) {
		if (strcmp(d->items[i].code, code) == 0 && (line == 0 || d->items[i].loc.line == line))
			return &d->items[i];
	}
	return NULL;
}

const char *vg_diag_severity_name(enum vg_diag_severity sev)
{
	return sev == VG_DIAG_ERROR ? "error" : "warning";
}

size_t vg_diag_format(const struct vg_diag *g, char *buf, size_t len)
{
	int n;

	if (g->loc.line)
		n = snprintf(buf, len, "%s:%u:%u: %s: %s", g->loc.file ? g->loc.file : "?", g->loc.line,
			     g->loc.col, vg_diag_severity_name(g->severity), g->message);
	else
		n = snprintf(buf, len, "%s: %s: %s", g->loc.file ? g->loc.file : "?",
			     vg_diag_severity_name(g->severity), g->message);
	if (n < 0)
		n = 0;
	if (g->suggestion) {
		size_t o = (size_t)n < len ? (size_t)n : (len ? len - 1 : 0);
		int m = snprintf(buf + o, len > o ? len - o : 0, " [did you mean '%s'?]", g->suggestion);
		n += m > 0 ? m : 0;
	}
	return (size_t)n;
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

uint32_t vg_diag_edit_distance(const char *a, const char *b, uint32_t cap_max)
{
	enum { WORD_MAX = 64 };
	uint32_t prev[WORD_MAX + 1], cur[WORD_MAX + 1];
	size_t la = strlen(a), lb = strlen(b);

	if (la > WORD_MAX || lb > WORD_MAX)
		return cap_max;
	/* the distance is at least the difference of the lengths */
	if ((la > lb ? la - lb : lb - la) >= cap_max)
		return cap_max;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (uint32_t)j;
	for (size_t i = 1; i <= la; i++) {
		uint32_t row_min;

		cur[0] = (uint32_t)i;
		row_min = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			uint32_t sub = prev[j - 1] + (lower(a[i - 1]) != lower(b[j - 1]));
			uint32_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			uint32_t m = sub < del ? sub : del;
			cur[j] = m < ins ? m : ins;
			if (cur[j] < row_min)
				row_min = cur[j];
		}
		/* a row's minimum never decreases further down: past the cap, stop */
		if (row_min >= cap_max)
			return cap_max;
		memcpy(prev, cur, (lb + 1) * sizeof(prev[0]));
	}
	return prev[lb] < cap_max ? prev[lb] : cap_max;
}

/* The bigrams of a word as a 64-bit set (case folded): bit (hash of the pair) % 64. */
static uint32_t bigram_bit(char a, char b)
{
	return ((uint32_t)(uint8_t)lower(a) * 31u + (uint32_t)(uint8_t)lower(b)) & 63u;
}

static uint64_t bigrams(const char *w, size_t n)
{
	uint64_t set = 0;

	for (size_t i = 0; i + 1 < n; i++)
		set |= UINT64_C(1) << bigram_bit(w[i], w[i + 1]);
	return set;
}

/*
 * The q-gram lemma (Ukkonen 1992): within edit distance k, two words share
 * at least max(la, lb) - 1 - 2k bigrams, since each edit destroys at most
 * two. Counting the candidate's bigrams found in the word's set (which may
 * hold more than the word's, never fewer) over-counts only, so a candidate
 * below the bound is surely farther than k.
 */
static bool bigrams_may_match(uint64_t word_set, const char *cand, size_t cl, size_t wl, uint32_t k)
{
	size_t longest = cl > wl ? cl : wl;
	size_t need, shared = 0;

	if (longest < 1 + 2 * (size_t)k + 1)
		return true;
	need = longest - 1 - 2 * (size_t)k;
	for (size_t i = 0; i + 1 < cl && shared < need; i++)
		shared += (word_set >> bigram_bit(cand[i], cand[i + 1])) & 1u;
	return shared >= need;
}

const char *vg_diag_suggest(const char *word, const char *const *candidates, size_t count)
{
	size_t len = strlen(word);
	uint32_t limit = VG_DIAG_SUGGEST_DISTANCE_MAX;
	uint32_t best = limit + 1;
	const char *pick = NULL;
	uint64_t grams;

	if (len < 3)
		return NULL;
	grams = bigrams(word, len);
	for (size_t i = 0; i < count; i++) {
		size_t cl = strlen(candidates[i]);
		/* a prefix of a long keyword ("virtual" for "virtual_ipaddress") */
		bool prefix = len >= 5 && cl > len && strncmp(candidates[i], word, len) == 0 &&
			      (candidates[i][len] == '_' || candidates[i][len] == '-');
		uint32_t dist;

		if (!prefix && (cl > len ? cl - len : len - cl) >= best)
			continue; /* cannot beat the best so far */
		if (!prefix && !bigrams_may_match(grams, candidates[i], cl, len, best - 1))
			continue;
		dist = vg_diag_edit_distance(word, candidates[i], best);
		if (dist > limit && prefix)
			dist = limit;
		if (dist < best) {
			best = dist;
			pick = candidates[i];
		}
	}
	return best <= limit ? pick : NULL;
}
