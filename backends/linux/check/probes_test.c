// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the probe types' pieces that need no network: FILE_CHECK's
 * reading of a tracked file (keepalived.conf(5) "Track files"; keepalived
 * 2.2.7 track_file.c reads with strtol base 0 and ignores a number outside
 * -2147483648..2147483648) and its inotify watch, in a temporary directory.
 * The probes against real servers are tests/netns/probes_test.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf/testutil.h"
#include "probe_file.h"

static void test_value_parse(void **state)
{
	int64_t v = 99;

	(void)state;
	assert_int_equal(vgc_file_value_parse("12\n", 3, &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(vgc_file_value_parse("  -3", 4, &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(vgc_file_value_parse("0x1f", 4, &v), 0); /* base 0 */
	assert_int_equal(v, 31);
	assert_int_equal(vgc_file_value_parse("abc", 3, &v), 0);  /* no digits: 0 */
	assert_int_equal(v, 0);
	assert_int_equal(vgc_file_value_parse("2147483648", 10, &v), 0); /* INT32_MAX + 1 is allowed */
	assert_int_equal(v, INT64_C(2147483648));
	v = 5;
	assert_int_equal(vgc_file_value_parse("2147483649", 10, &v), -1); /* ignored */
	assert_int_equal(vgc_file_value_parse("-2147483649", 11, &v), -1);
	assert_int_equal(vgc_file_value_parse("99999999999999999999999", 23, &v), -1);
	assert_int_equal(v, 5);
}

struct seen {
	int n;
	uint16_t idx[16];
	int64_t val[16];
};

static void on_value(void *ctx, uint16_t idx, int64_t value, vg_time now)
{
	struct seen *s = ctx;

	(void)now;
	if (s->n < 16) {
		s->idx[s->n] = idx;
		s->val[s->n] = value;
	}
	s->n++;
}

static void write_file(const char *path, const char *text)
{
	char tmp[512];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(rename(tmp, path), 0); /* atomic replace, as operators do */
}

/* The initial values at open, then a change seen through inotify; an unused track_file is not watched. */
static void test_watch(void **state)
{
	char dir[] = "/tmp/vgprobes-XXXXXX";
	char conf[4096], fa[600], fb[600];
	struct parsed p;
	struct vg_lvs_conf_map map;
	struct seen s = { 0 };
	struct vgc_files_cb cb = { .ctx = &s, .value = on_value };
	struct vgc_files *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fa, sizeof(fa), "%s/a", dir);
	snprintf(fb, sizeof(fb), "%s/b", dir);
	write_file(fa, "7\n");
	snprintf(conf, sizeof(conf),
		 "track_file unused {\n  file \"%s\"\n}\n"
		 "track_file a {\n  file \"%s\"\n}\n"
		 "track_file b {\n  file \"%s\"\n}\n"
		 "virtual_server 192.0.2.1 80 {\n  protocol TCP\n  real_server 192.0.2.10 80 {\n"
		 "    FILE_CHECK {\n      track_file a\n    }\n    FILE_CHECK {\n      track_file b\n    }\n  }\n}\n",
		 fb, fa, fb);
	parse_text(&p, conf);
	assert_int_equal(p.rc, 0);
	assert_int_equal(vg_lvs_from_conf(p.conf, &map, &p.diags), 0);
	f = vgc_files_new(p.conf, &map, &cb, 1);
	assert_non_null(f);
	assert_int_equal(vgc_files_count(f), 2);
	assert_true(vgc_files_fd(f) >= 0);
	/* initial values: a holds 7, b is missing (0) */
	assert_int_equal(s.n, 2);
	assert_int_equal(s.idx[0], 1);
	assert_int_equal(s.val[0], 7);
	assert_int_equal(s.idx[1], 2);
	assert_int_equal(s.val[1], 0);
	write_file(fb, "-4\n");
	vgc_files_ready(f, 2);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.idx[2], 2);
	assert_int_equal(s.val[2], -4);
	write_file(fa, "7\n"); /* the same value: nothing */
	vgc_files_ready(f, 3);
	assert_int_equal(s.n, 3);
	unlink(fa); /* removed: 0 */
	vgc_files_ready(f, 4);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.val[3], 0);
	vgc_files_free(f);
	unlink(fb);
	rmdir(dir);
	vg_lvs_conf_map_free(&map);
	parsed_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_parse),
		cmocka_unit_test(test_watch),
	};

	return cmocka_run_group_tests_name("linux/check/probes", tests, NULL, NULL);
}
