/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the parse record (conf_record.c) over an in-memory loader.
 *
 * A configuration parsed through the record compares unchanged while
 * nothing it read changes; one byte changed in an included file, a new file
 * matching an include pattern, a file gone, a changed host file, another
 * config_id or a ${_RANDOM} in the file make it compare changed. The fake
 * loader streams in small windows (open/read_some/close), as the real one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conf_record.h"

#define FILES_MAX 8

struct memfs {
	const char *path[FILES_MAX];
	char *data[FILES_MAX];
	int reads; /* open() calls */
};

struct stream {
	const char *data;
	size_t off;
};

static int find(struct memfs *fs, const char *path)
{
	for (int i = 0; i < FILES_MAX; i++)
		if (fs->path[i] && strcmp(fs->path[i], path) == 0)
			return i;
	return -1;
}

static void put(struct memfs *fs, const char *path, const char *text)
{
	int i = find(fs, path);

	if (i < 0)
		for (i = 0; fs->path[i]; i++)
			;
	assert_true(i < FILES_MAX);
	free(fs->data[i]);
	fs->path[i] = path;
	fs->data[i] = strdup(text);
}

static void drop(struct memfs *fs, const char *path)
{
	int i = find(fs, path);

	assert_true(i >= 0);
	free(fs->data[i]);
	fs->data[i] = NULL;
	fs->path[i] = NULL;
}

static int m_open(void *ctx, const char *path, void **file)
{
	struct memfs *fs = ctx;
	int i = find(fs, path);
	struct stream *s;

	if (i < 0)
		return -ENOENT;
	s = calloc(1, sizeof(*s));
	s->data = fs->data[i];
	fs->reads++;
	*file = s;
	return 0;
}

static long m_read_some(void *ctx, void *file, char *buf, size_t cap)
{
	struct stream *s = file;
	size_t left = strlen(s->data) - s->off;
	size_t n = left < cap ? left : cap;

	(void)ctx;
	if (n > 7) /* small windows: the digest must follow them */
		n = 7;
	memcpy(buf, s->data + s->off, n);
	s->off += n;
	return (long)n;
}

static void m_close(void *ctx, void *file)
{
	(void)ctx;
	free(file);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "DIR/STAR.conf" only: the files under DIR ending in .conf, sorted */
static int m_glob(void *ctx, const char *pattern, char ***paths, size_t *count)
{
	struct memfs *fs = ctx;
	const char *star = strchr(pattern, '*');
	char **out = calloc(FILES_MAX + 1, sizeof(*out));
	size_t n = 0;

	for (int i = 0; i < FILES_MAX; i++) {
		const char *p = fs->path[i];

		if (!p)
			continue;
		if (star ? strncmp(p, pattern, (size_t)(star - pattern)) == 0 && strlen(p) > 5 &&
				   strcmp(p + strlen(p) - 5, ".conf") == 0
			 : strcmp(p, pattern) == 0)
			out[n++] = strdup(p);
	}
	qsort(out, n, sizeof(*out), cmp);
	*paths = out;
	*count = n;
	return 0;
}

static struct memfs fs;
static struct vg_conf_loader inner;

static const char *MAIN = "global_defs {\n  router_id r1\n}\ninclude d/*.conf\n";
static const char *A = "vrrp_instance A {\n  interface eth0\n  virtual_router_id 1\n  priority 100\n"
		       "  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\n";

static int setup(void **state)
{
	(void)state;
	memset(&fs, 0, sizeof(fs));
	inner = (struct vg_conf_loader){ NULL, m_glob, &fs, m_open, m_read_some, m_close };
	put(&fs, "k.conf", MAIN);
	put(&fs, "d/a.conf", A);
	put(&fs, "/etc/rt", "100 blue\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < FILES_MAX; i++)
		free(fs.data[i]);
	return 0;
}

/* Parse k.conf through a new record (with /etc/rt as a host file, and config_id "n1"). */
static struct vg_conf_record *parse(void)
{
	struct vg_conf_record *r = vg_conf_record_new(&inner);
	struct vg_conf_options o = { vg_conf_record_loader(r), "n1", 0, NULL };
	struct vg_conf *c = NULL;
	struct vg_diags dg;

	vg_diags_init(&dg);
	vg_conf_record_config_id(r, "n1");
	assert_int_equal(vg_conf_parse("k.conf", &o, &c, &dg), 0);
	assert_non_null(c);
	if (c->random_used)
		vg_conf_record_taint(r, "${_RANDOM} is used");
	vg_conf_record_file(r, "/etc/rt");
	vg_conf_free(c);
	vg_diags_free(&dg);
	return r;
}

static void test_unchanged(void **state)
{
	struct vg_conf_record *r = parse();
	char why[256] = "";

	(void)state;
	assert_null(vg_conf_record_tainted(r));
	assert_int_equal(vg_conf_record_files(r), 3); /* k.conf, d/a.conf, /etc/rt */
	assert_int_equal(vg_conf_record_patterns(r), 1);
	fs.reads = 0;
	assert_true(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	assert_int_equal(fs.reads, 3); /* every file read again */
	assert_true(vg_conf_record_unchanged(r, "n1", NULL, 0));
	vg_conf_record_free(r);
}

static void test_one_byte(void **state)
{
	struct vg_conf_record *r = parse();
	char why[256] = "", *b = strdup(A);

	(void)state;
	*strstr(b, "100") = '2'; /* priority 200: same length, one byte */
	put(&fs, "d/a.conf", b);
	free(b);
	assert_false(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	assert_string_equal(why, "d/a.conf changed");
	put(&fs, "d/a.conf", A); /* back as it was: unchanged again */
	assert_true(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	vg_conf_record_free(r);
}

static void test_new_file_in_glob(void **state)
{
	struct vg_conf_record *r = parse();
	char why[256] = "";

	(void)state;
	put(&fs, "d/b.conf", "! nothing but a comment\n");
	assert_false(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	assert_non_null(strstr(why, "include d/*.conf now matches 2 file(s), not 1"));
	put(&fs, "d/b.txt", "x"); /* not matching: still only the new .conf counts */
	drop(&fs, "d/b.conf");
	assert_true(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	vg_conf_record_free(r);
}

static void test_file_gone_and_host_file(void **state)
{
	struct vg_conf_record *r = parse();
	char why[256] = "";

	(void)state;
	put(&fs, "/etc/rt", "100 green\n");
	assert_false(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	assert_string_equal(why, "/etc/rt changed");
	drop(&fs, "/etc/rt");
	assert_false(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	assert_string_equal(why, "/etc/rt cannot be read");
	vg_conf_record_free(r);
	/* a host file absent when recorded must stay absent */
	r = parse();
	assert_true(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	put(&fs, "/etc/rt", "100 blue\n");
	assert_false(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	assert_string_equal(why, "/etc/rt appeared");
	vg_conf_record_free(r);
}

static void test_config_id(void **state)
{
	struct vg_conf_record *r = parse();
	char why[256] = "";

	(void)state;
	assert_false(vg_conf_record_unchanged(r, "n2", why, sizeof(why)));
	assert_string_equal(why, "the config_id is now n2");
	assert_false(vg_conf_record_unchanged(r, NULL, why, sizeof(why)));
	vg_conf_record_free(r);
}

static void test_random(void **state)
{
	struct vg_conf_record *r;
	char why[256] = "";

	(void)state;
	put(&fs, "d/a.conf", "$P=${_RANDOM 1 200}\nvrrp_instance A {\n  interface eth0\n  virtual_router_id 1\n"
			     "  priority $P\n  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\n");
	r = parse();
	assert_non_null(vg_conf_record_tainted(r));
	assert_false(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	assert_string_equal(why, "${_RANDOM} is used");
	vg_conf_record_free(r);
}

static void test_taint_first_reason(void **state)
{
	struct vg_conf_record *r = parse();
	char why[64];

	(void)state;
	vg_conf_record_taint(r, "the configuration has errors");
	vg_conf_record_taint(r, "second");
	assert_false(vg_conf_record_unchanged(r, "n1", why, sizeof(why)));
	assert_string_equal(why, "the configuration has errors");
	vg_conf_record_free(r);
	assert_false(vg_conf_record_unchanged(NULL, "n1", why, sizeof(why)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_file_in_glob, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_gone_and_host_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random, setup, teardown),
		cmocka_unit_test_setup_teardown(test_taint_first_reason, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
