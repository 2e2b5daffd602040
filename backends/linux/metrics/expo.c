/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the Prometheus text exposition writer (see expo.h).
 *
 * The format (Prometheus "Exposition formats", text format 0.0.4): lines
 * `# HELP name text`, `# TYPE name counter|gauge|histogram`, then samples
 * `name{label="value",...} value`; a histogram's samples are
 * name_bucket{le="..."} (cumulative, the last le="+Inf"), name_sum and
 * name_count. Values are Go-parseable floats ("+Inf", "-Inf", "NaN").
 */
#include "expo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vgd_hist_init(struct vgd_hist *h, const double *bounds, uint32_t n)
{
	memset(h, 0, sizeof(*h));
	h->bounds = bounds;
	h->n = n > VGD_HIST_BUCKETS_MAX ? VGD_HIST_BUCKETS_MAX : n;
}

void vgd_hist_observe(struct vgd_hist *h, double v)
{
	uint32_t i;

	for (i = 0; i < h->n && v > h->bounds[i]; i++)
		;
	h->counts[i]++;
	h->sum += v;
}

uint64_t vgd_hist_count(const struct vgd_hist *h)
{
	uint64_t c = 0;
	uint32_t i;

	for (i = 0; i <= h->n; i++)
		c += h->counts[i];
	return c;
}

void vgd_expo_init(struct vgd_expo *w, size_t max)
{
	memset(w, 0, sizeof(*w));
	w->max = max;
}

void vgd_expo_free(struct vgd_expo *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

const char *vgd_expo_text(const struct vgd_expo *w, size_t *len)
{
	*len = w->len;
	return w->buf ? w->buf : "";
}

bool vgd_expo_failed(const struct vgd_expo *w)
{
	return w->failed;
}

static void fail(struct vgd_expo *w, const char *why)
{
	if (!w->failed)
		w->why = why;
	w->failed = true;
}

/* Room for n more bytes and a NUL. */
static bool reserve(struct vgd_expo *w, size_t n)
{
	size_t want = w->len + n + 1, cap;
	char *b;

	if (w->failed)
		return false;
	if (want <= w->cap)
		return true;
	if (want > w->max) {
		fail(w, "the exposition is larger than its limit");
		return false;
	}
	cap = w->cap ? w->cap : 4096;
	while (cap < want)
		cap *= 2;
	if (cap > w->max)
		cap = w->max;
	b = realloc(w->buf, cap);
	if (!b) {
		fail(w, "out of memory");
		return false;
	}
	w->buf = b;
	w->cap = cap;
	return true;
}

static void put(struct vgd_expo *w, const char *s, size_t n)
{
	if (!reserve(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = 0;
}

static void puts_(struct vgd_expo *w, const char *s)
{
	put(w, s, strlen(s));
}

/* in, escaped: backslash and line feed always, the double quote in label values only. */
static void put_escaped(struct vgd_expo *w, const char *in, bool quote)
{
	const char *s = in;

	for (; *s; s++) {
		if (*s == '\\')
			put(w, "\\\\", 2);
		else if (*s == '\n')
			put(w, "\\n", 2);
		else if (*s == '"' && quote)
			put(w, "\\\"", 2);
		else
			put(w, s, 1);
	}
}

size_t vgd_expo_escape_label(const char *in, char *out, size_t cap)
{
	struct vgd_expo w;
	size_t n = 0;

	vgd_expo_init(&w, cap);
	put_escaped(&w, in, true);
	if (cap) {
		n = w.failed ? 0 : w.len;
		memcpy(out, w.buf ? w.buf : "", n);
		out[n] = 0;
	}
	vgd_expo_free(&w);
	return n;
}

/* FNV-1a of a family name. */
static uint64_t hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * UINT64_C(1099511628211);
	return h;
}

static bool name_ok(const char *s)
{
	const char *p;

	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == ':'))
			return false;
	return true;
}

/* Label names: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __ (reserved). */
static bool label_name_ok(const char *s)
{
	return name_ok(s) && !strchr(s, ':') && strncmp(s, "__", 2);
}

void vgd_expo_family(struct vgd_expo *w, const char *name, enum vgd_expo_type type, const char *help)
{
	static const char *const types[] = { "counter", "gauge", "histogram" };
	uint64_t h = hash(name);
	uint32_t i;

	if (!name_ok(name) || strlen(name) >= sizeof(w->family)) {
		fail(w, "a metric name is not valid");
		return;
	}
	for (i = 0; i < w->nfam; i++)
		if (w->fam_hash[i] == h) {
			fail(w, "a metric family is written twice");
			return;
		}
	if (w->nfam < VGD_EXPO_FAMILIES_MAX)
		w->fam_hash[w->nfam++] = h;
	snprintf(w->family, sizeof(w->family), "%s", name);
	w->type = type;
	puts_(w, "# HELP ");
	puts_(w, name);
	puts_(w, " ");
	put_escaped(w, help, false);
	puts_(w, "\n# TYPE ");
	puts_(w, name);
	puts_(w, " ");
	puts_(w, types[type]);
	puts_(w, "\n");
}

/* name{l1="v1",...,extra="xv"} (extra may be NULL). */
static void series(struct vgd_expo *w, const char *suffix, const struct vgd_label *l, size_t nl,
		   const char *extra, const char *xv)
{
	size_t i;
	bool any = nl || extra;

	puts_(w, w->family);
	puts_(w, suffix);
	if (!any)
		return;
	puts_(w, "{");
	for (i = 0; i < nl; i++) {
		if (!label_name_ok(l[i].name) || !strcmp(l[i].name, "le")) {
			fail(w, "a label name is not valid");
			return;
		}
		if (i)
			puts_(w, ",");
		puts_(w, l[i].name);
		puts_(w, "=\"");
		put_escaped(w, l[i].value ? l[i].value : "", true);
		puts_(w, "\"");
	}
	if (extra) {
		if (nl)
			puts_(w, ",");
		puts_(w, extra);
		puts_(w, "=\"");
		put_escaped(w, xv, true);
		puts_(w, "\"");
	}
	puts_(w, "}");
}

/* A Go-parseable float: the shortest of %.15g / %.17g that reads back the same. */
static void fmt_f64(double v, char *out, size_t n)
{
	if (isnan(v))
		snprintf(out, n, "NaN");
	else if (isinf(v))
		snprintf(out, n, v > 0 ? "+Inf" : "-Inf");
	else {
		snprintf(out, n, "%.15g", v);
		if (strtod(out, NULL) != v)
			snprintf(out, n, "%.17g", v);
	}
}

static void value_u64(struct vgd_expo *w, uint64_t v)
{
	char b[32];

	snprintf(b, sizeof(b), " %llu\n", (unsigned long long)v);
	puts_(w, b);
}

static void value_f64(struct vgd_expo *w, double v)
{
	char b[40];

	b[0] = ' ';
	fmt_f64(v, b + 1, sizeof(b) - 2);
	strcat(b, "\n");
	puts_(w, b);
}

static bool sample_ok(struct vgd_expo *w, bool hist)
{
	if (!w->family[0]) {
		fail(w, "a sample comes before its family");
		return false;
	}
	if (hist != (w->type == VGD_EXPO_HISTOGRAM)) {
		fail(w, "a sample does not match its family's type");
		return false;
	}
	return !w->failed;
}

void vgd_expo_u64(struct vgd_expo *w, const struct vgd_label *l, size_t nl, uint64_t v)
{
	if (!sample_ok(w, false))
		return;
	series(w, "", l, nl, NULL, NULL);
	value_u64(w, v);
}

void vgd_expo_f64(struct vgd_expo *w, const struct vgd_label *l, size_t nl, double v)
{
	if (!sample_ok(w, false))
		return;
	series(w, "", l, nl, NULL, NULL);
	value_f64(w, v);
}

void vgd_expo_hist(struct vgd_expo *w, const struct vgd_label *l, size_t nl, const struct vgd_hist *h)
{
	uint64_t cum = 0;
	uint32_t i;
	char le[40];

	if (!sample_ok(w, true))
		return;
	for (i = 0; i < h->n; i++) {
		if (i && !(h->bounds[i] > h->bounds[i - 1])) {
			fail(w, "histogram bounds do not increase");
			return;
		}
		cum += h->counts[i];
		fmt_f64(h->bounds[i], le, sizeof(le));
		series(w, "_bucket", l, nl, "le", le);
		value_u64(w, cum);
	}
	cum += h->counts[h->n];
	series(w, "_bucket", l, nl, "le", "+Inf");
	value_u64(w, cum);
	series(w, "_sum", l, nl, NULL, NULL);
	value_f64(w, h->sum);
	series(w, "_count", l, nl, NULL, NULL);
	value_u64(w, cum);
}
