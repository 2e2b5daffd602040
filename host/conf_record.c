/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: recording what a parse read, and comparing it again (see conf_record.h).
 *
 * Files are digested with SHA-256 (OpenSSL's libcrypto) as the parser's
 * windows go by, so nothing is held whole; a file counts as read once its
 * stream reached the end (the diagnostics' second look at a line stops
 * early and is not a read). A path read twice must give the same digest
 * both times, else the file changed under the parse and the record is
 * tainted.
 */
#define _GNU_SOURCE
#include "conf_record.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "conf_loader.h"

#define DIGEST_BYTES 32
#define WINDOW_BYTES (256u * 1024)

struct rec_file {
	char *path;
	int rc; /* 0: read, digest set; else the loader's negative code */
	unsigned char md[DIGEST_BYTES];
};

struct rec_pattern {
	char *pattern;
	int rc;
	char **paths; /* sorted, as the loader gave them */
	size_t count;
};

struct vg_conf_record {
	struct vg_conf_loader inner;
	struct vg_conf_loader outer; /* reads through inner, records here */
	struct rec_file *files;
	size_t nfiles, capfiles;
	struct rec_pattern *patterns;
	size_t npatterns, cappatterns;
	char *config_id;
	bool has_config_id;
	char *taint; /* why it can never compare unchanged; NULL: it can */
};

/* A stream being read through the outer loader. */
struct rec_stream {
	void *file; /* the inner loader's */
	EVP_MD_CTX *md;
	char *path;
	bool eof;
	bool failed;
};

void vg_conf_record_taint(struct vg_conf_record *r, const char *why)
{
	if (r && !r->taint)
		r->taint = strdup(why ? why : "tainted");
}

const char *vg_conf_record_tainted(const struct vg_conf_record *r)
{
	return r ? r->taint : "no record";
}

size_t vg_conf_record_files(const struct vg_conf_record *r)
{
	return r ? r->nfiles : 0;
}

size_t vg_conf_record_patterns(const struct vg_conf_record *r)
{
	return r ? r->npatterns : 0;
}

static void taintf(struct vg_conf_record *r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	vg_conf_record_taint(r, buf);
}

static struct rec_file *find_file(struct vg_conf_record *r, const char *path)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].path, path) == 0)
			return &r->files[i];
	return NULL;
}

/* One read of `path`: rc and digest. A second read of the same path must agree. */
static void add_file(struct vg_conf_record *r, const char *path, int rc, const unsigned char *md)
{
	struct rec_file *f = find_file(r, path);

	if (f) {
		if (f->rc != rc || (rc == 0 && memcmp(f->md, md, DIGEST_BYTES) != 0))
			taintf(r, "%s changed while it was read", path);
		return;
	}
	if (r->nfiles == r->capfiles) {
		size_t ncap = r->capfiles ? r->capfiles * 2 : 8;
		struct rec_file *n = realloc(r->files, ncap * sizeof(*n));

		if (!n) {
			vg_conf_record_taint(r, "out of memory");
			return;
		}
		r->files = n;
		r->capfiles = ncap;
	}
	f = &r->files[r->nfiles];
	f->path = strdup(path);
	if (!f->path) {
		vg_conf_record_taint(r, "out of memory");
		return;
	}
	f->rc = rc;
	memset(f->md, 0, DIGEST_BYTES);
	if (rc == 0)
		memcpy(f->md, md, DIGEST_BYTES);
	r->nfiles++;
}

static void digest(const char *data, size_t len, unsigned char md[DIGEST_BYTES])
{
	unsigned int n = DIGEST_BYTES;

	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL))
		memset(md, 0, DIGEST_BYTES);
}

/*
 * Read `path` through `l` and digest it: 0 (md set) or the loader's
 * negative code; -ENOMEM / -EIO when the digest itself fails.
 */
static int read_digest(const struct vg_conf_loader *l, const char *path, unsigned char md[DIGEST_BYTES])
{
	unsigned int n = DIGEST_BYTES;
	EVP_MD_CTX *ctx;
	void *file;
	char *buf;
	long got;
	int rc;

	memset(md, 0, DIGEST_BYTES);
	if (!l->open) {
		char *data;
		size_t len;

		rc = l->read(l->ctx, path, &data, &len);
		if (rc)
			return rc;
		digest(data, len, md);
		free(data);
		return 0;
	}
	rc = l->open(l->ctx, path, &file);
	if (rc)
		return rc;
	ctx = EVP_MD_CTX_new();
	buf = malloc(WINDOW_BYTES);
	rc = ctx && buf && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ? 0 : -ENOMEM;
	while (rc == 0 && (got = l->read_some(l->ctx, file, buf, WINDOW_BYTES)) != 0) {
		if (got < 0 || !EVP_DigestUpdate(ctx, buf, (size_t)got))
			rc = -EIO;
	}
	if (rc == 0 && !EVP_DigestFinal_ex(ctx, md, &n))
		rc = -EIO;
	l->close(l->ctx, file);
	free(buf);
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* ---- the outer loader ---------------------------------------------------- */

static int rec_read(void *ctx, const char *path, char **data, size_t *len)
{
	struct vg_conf_record *r = ctx;
	unsigned char md[DIGEST_BYTES];
	int rc = r->inner.read(r->inner.ctx, path, data, len);

	if (rc == 0)
		digest(*data, *len, md);
	add_file(r, path, rc, md);
	return rc;
}

static int rec_open(void *ctx, const char *path, void **file)
{
	struct vg_conf_record *r = ctx;
	struct rec_stream *s;
	int rc;

	*file = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	rc = r->inner.open(r->inner.ctx, path, &s->file);
	if (rc) {
		add_file(r, path, rc, NULL);
		free(s);
		return rc;
	}
	s->path = strdup(path);
	s->md = EVP_MD_CTX_new();
	if (!s->path || !s->md || !EVP_DigestInit_ex(s->md, EVP_sha256(), NULL))
		s->failed = true;
	*file = s;
	return 0;
}

static long rec_read_some(void *ctx, void *file, char *buf, size_t cap)
{
	struct vg_conf_record *r = ctx;
	struct rec_stream *s = file;
	long n = r->inner.read_some(r->inner.ctx, s->file, buf, cap);

	if (n < 0)
		s->failed = true;
	else if (n == 0)
		s->eof = true;
	else if (!s->failed && !EVP_DigestUpdate(s->md, buf, (size_t)n))
		s->failed = true;
	return n;
}

static void rec_close(void *ctx, void *file)
{
	struct vg_conf_record *r = ctx;
	struct rec_stream *s = file;
	unsigned char md[DIGEST_BYTES];
	unsigned int n = DIGEST_BYTES;

	r->inner.close(r->inner.ctx, s->file);
	if (s->failed)
		taintf(r, "%s could not be read whole", s->path ? s->path : "a file");
	else if (s->eof && EVP_DigestFinal_ex(s->md, md, &n))
		add_file(r, s->path, 0, md);
	else if (!find_file(r, s->path)) /* stopped early and never read whole: not recorded */
		taintf(r, "%s was not read to its end", s->path);
	EVP_MD_CTX_free(s->md);
	free(s->path);
	free(s);
}

static void free_paths(char **paths, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
}

static char **copy_paths(char **paths, size_t count)
{
	char **c = calloc(count + 1, sizeof(*c));

	for (size_t i = 0; c && i < count; i++) {
		c[i] = strdup(paths[i]);
		if (!c[i]) {
			free_paths(c, i);
			return NULL;
		}
	}
	return c;
}

static int rec_glob(void *ctx, const char *pattern, char ***paths, size_t *count)
{
	struct vg_conf_record *r = ctx;
	int rc = r->inner.glob(r->inner.ctx, pattern, paths, count);
	struct rec_pattern *p;

	if (r->npatterns == r->cappatterns) {
		size_t ncap = r->cappatterns ? r->cappatterns * 2 : 8;
		struct rec_pattern *n = realloc(r->patterns, ncap * sizeof(*n));

		if (!n) {
			vg_conf_record_taint(r, "out of memory");
			return rc;
		}
		r->patterns = n;
		r->cappatterns = ncap;
	}
	p = &r->patterns[r->npatterns];
	memset(p, 0, sizeof(*p));
	p->pattern = strdup(pattern);
	p->rc = rc;
	if (rc == 0 && *count) {
		p->paths = copy_paths(*paths, *count);
		p->count = *count;
	}
	if (!p->pattern || (rc == 0 && *count && !p->paths)) {
		free(p->pattern);
		free_paths(p->paths, p->count);
		vg_conf_record_taint(r, "out of memory");
		return rc;
	}
	r->npatterns++;
	return rc;
}

/* ---- the record --------------------------------------------------------- */

struct vg_conf_record *vg_conf_record_new(const struct vg_conf_loader *inner)
{
	struct vg_conf_record *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->inner = *inner;
	r->outer.ctx = r;
	if (inner->open) {
		r->outer.open = rec_open;
		r->outer.read_some = rec_read_some;
		r->outer.close = rec_close;
	}
	if (inner->read)
		r->outer.read = rec_read;
	if (inner->glob)
		r->outer.glob = rec_glob;
	return r;
}

void vg_conf_record_free(struct vg_conf_record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i].path);
	for (size_t i = 0; i < r->npatterns; i++) {
		free(r->patterns[i].pattern);
		free_paths(r->patterns[i].paths, r->patterns[i].count);
	}
	free(r->files);
	free(r->patterns);
	free(r->config_id);
	free(r->taint);
	free(r);
}

const struct vg_conf_loader *vg_conf_record_loader(struct vg_conf_record *r)
{
	return &r->outer;
}

void vg_conf_record_config_id(struct vg_conf_record *r, const char *config_id)
{
	free(r->config_id);
	r->config_id = NULL;
	r->has_config_id = config_id != NULL;
	if (config_id && !(r->config_id = strdup(config_id)))
		vg_conf_record_taint(r, "out of memory");
}

void vg_conf_record_file(struct vg_conf_record *r, const char *path)
{
	unsigned char md[DIGEST_BYTES];
	int rc = read_digest(&r->inner, path, md);

	if (rc == -ENOMEM || rc == -EIO)
		taintf(r, "%s could not be read whole", path);
	else
		add_file(r, path, rc, md);
}

static bool differs(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	if (why && why_len) {
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return false;
}

bool vg_conf_record_unchanged(const struct vg_conf_record *r, const char *config_id, char *why, size_t why_len)
{
	if (!r)
		return differs(why, why_len, "nothing was recorded");
	if (r->taint)
		return differs(why, why_len, "%s", r->taint);
	if (r->has_config_id != (config_id != NULL) || (config_id && strcmp(config_id, r->config_id) != 0))
		return differs(why, why_len, "the config_id is now %s", config_id ? config_id : "(none)");
	for (size_t i = 0; i < r->npatterns; i++) {
		const struct rec_pattern *p = &r->patterns[i];
		char **paths = NULL;
		size_t count = 0, k;
		int rc = r->inner.glob(r->inner.ctx, p->pattern, &paths, &count);
		bool same = rc == p->rc && count == p->count;

		for (k = 0; same && k < count; k++)
			same = strcmp(paths[k], p->paths[k]) == 0;
		if (!same) {
			if (rc == 0 && count != p->count)
				differs(why, why_len, "include %s now matches %zu file(s), not %zu", p->pattern, count,
					p->count);
			else
				differs(why, why_len, "include %s now matches other files", p->pattern);
		}
		free_paths(paths, count);
		if (!same)
			return false;
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct rec_file *f = &r->files[i];
		unsigned char md[DIGEST_BYTES];
		int rc = read_digest(&r->inner, f->path, md);

		if (rc != f->rc || (rc == 0 && memcmp(md, f->md, DIGEST_BYTES) != 0))
			return differs(why, why_len, "%s %s", f->path,
				       rc == f->rc ? "changed" : rc == 0 ? "appeared" : f->rc == 0 ? "cannot be read"
															: "changed");
	}
	return true;
}

int vg_conf_load_recorded(const char *path, const char *config_id, struct vg_conf **out, struct vg_diags *diags,
			  struct vg_conf_record **rec)
{
	struct vg_conf_loader fs = vg_conf_loader_fs();
	struct vg_conf_record *r = vg_conf_record_new(&fs);
	int rc;

	*rec = r;
	if (!r)
		return vg_conf_load(path, config_id, out, diags);
	vg_conf_record_config_id(r, config_id);
	rc = vg_conf_load_with(path, config_id, vg_conf_record_loader(r), out, diags);
	if (*out) {
		(*out)->loader = fs; /* later diagnostics read their lines without the record */
		if ((*out)->random_used)
			vg_conf_record_taint(r, "${_RANDOM} is used");
	}
	return rc;
}
