/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the Prometheus text exposition format 0.0.4, written into a bounded buffer.
 *
 * A metric family is opened with vgd_expo_family() (its # HELP and # TYPE
 * lines) and its samples follow at once: the format wants every line of a
 * family in one group, so a writer loops family by family, and object by
 * object inside each. Label values are escaped as the format says
 * (backslash, double quote, line feed), HELP text too (backslash, line
 * feed). A histogram is written from per-bucket counts (struct vgd_hist):
 * the writer makes the buckets cumulative and adds le="+Inf", _sum and
 * _count. The buffer grows up to a limit; past it the writer stops and
 * says so (vgd_expo_failed()), and the HTTP server answers 500 rather than
 * a truncated page. A family opened twice, or a sample whose name is not
 * the open family's, is a bug in the caller: it fails the writer too, so
 * the unit tests and promtool catch it. No I/O here.
 */
#ifndef VGD_METRICS_EXPO_H
#define VGD_METRICS_EXPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vgd_expo_type { VGD_EXPO_COUNTER, VGD_EXPO_GAUGE, VGD_EXPO_HISTOGRAM };

#define VGD_EXPO_FAMILIES_MAX 256

struct vgd_expo {
	char *buf;
	size_t len, cap, max;
	bool failed;             /* out of room (past max or no memory), or a caller's mistake */
	const char *why;         /* what failed, for the log */
	char family[128];        /* the open family */
	enum vgd_expo_type type;
	uint32_t nfam;
	uint64_t fam_hash[VGD_EXPO_FAMILIES_MAX]; /* families opened (a second opening is a bug) */
};

struct vgd_label {
	const char *name;
	const char *value;
};

/* A histogram's buckets: counts[i] observations <= bounds[i] (and > bounds[i-1]); counts[n] above all. */
#define VGD_HIST_BUCKETS_MAX 16
struct vgd_hist {
	const double *bounds; /* n increasing upper bounds (seconds, bytes, ...), static */
	uint32_t n;
	uint64_t counts[VGD_HIST_BUCKETS_MAX + 1];
	double sum;
};

void vgd_hist_init(struct vgd_hist *h, const double *bounds, uint32_t n);
void vgd_hist_observe(struct vgd_hist *h, double v);
uint64_t vgd_hist_count(const struct vgd_hist *h);

/* An empty writer; the buffer grows to at most max bytes. */
void vgd_expo_init(struct vgd_expo *w, size_t max);
void vgd_expo_free(struct vgd_expo *w);
/* The text so far (NUL-terminated when len > 0). */
const char *vgd_expo_text(const struct vgd_expo *w, size_t *len);
bool vgd_expo_failed(const struct vgd_expo *w);

/* # HELP name help / # TYPE name type. name: [a-zA-Z_:][a-zA-Z0-9_:]* (checked). */
void vgd_expo_family(struct vgd_expo *w, const char *name, enum vgd_expo_type type, const char *help);

/* One sample of the open family (counter or gauge): name{labels} value. */
void vgd_expo_u64(struct vgd_expo *w, const struct vgd_label *l, size_t nl, uint64_t v);
void vgd_expo_f64(struct vgd_expo *w, const struct vgd_label *l, size_t nl, double v);
/* One histogram of the open histogram family: cumulative _bucket{le} lines, +Inf, _sum, _count. */
void vgd_expo_hist(struct vgd_expo *w, const struct vgd_label *l, size_t nl, const struct vgd_hist *h);

/* Escapes for tests and the HTTP server's log: label value into out (NUL-terminated), its length. */
size_t vgd_expo_escape_label(const char *in, char *out, size_t cap);

#endif
