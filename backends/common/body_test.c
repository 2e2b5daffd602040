// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the HTTP_GET body consumers: MD5 as keepalived's digest /
 * genhash print it, and PCRE2 matching in windows with keepalived's
 * regex_min_offset / regex_max_offset and option words; plus the whole
 * path from core/probe/http.c's spans to a url verdict.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/body.h"
#include "probe/http.h"

static void test_md5(void **state)
{
	uint8_t d[16], e[16];
	char hex[33];
	struct vgb_body b;

	(void)state;
	vgb_md5(NULL, (const uint8_t *)"hello", 5, d); /* RFC 1321 test style: a known digest */
	vgb_md5_hex(d, hex);
	assert_string_equal(hex, "5d41402abc4b2a76b9719d911017c592");
	vgb_md5(NULL, (const uint8_t *)"", 0, d);
	vgb_md5_hex(d, hex);
	assert_string_equal(hex, "d41d8cd98f00b204e9800998ecf8427e");
	assert_int_equal(vgb_body_init(&b, true, NULL), 0);
	vgb_body_update(&b, (const uint8_t *)"he", 2);
	vgb_body_update(&b, (const uint8_t *)"llo", 3);
	vgb_body_final(&b, e, NULL);
	vgb_body_free(&b);
	vgb_md5(NULL, (const uint8_t *)"hello", 5, d);
	assert_memory_equal(d, e, 16);
}

static struct vgb_regex *compile(const char *pat, uint32_t opts, size_t min, size_t max)
{
	char err[256];
	struct vgb_regex *re = vgb_regex_compile(pat, opts, min, max, err, sizeof(err));

	assert_non_null(re);
	return re;
}

/* a body of n bytes of 'x' with `word` at offset `at` */
static uint8_t *body_with(size_t n, const char *word, size_t at)
{
	uint8_t *b = malloc(n);

	memset(b, 'x', n);
	memcpy(b + at, word, strlen(word));
	return b;
}

static bool match_split(const struct vgb_regex *re, const uint8_t *p, size_t n, size_t step)
{
	struct vgb_body *b = malloc(sizeof(*b));
	bool m;

	assert_int_equal(vgb_body_init(b, false, re), 0);
	for (size_t off = 0; off < n; off += step)
		vgb_body_update(b, p + off, n - off < step ? n - off : step);
	vgb_body_final(b, NULL, &m);
	vgb_body_free(b);
	free(b);
	return m;
}

static void test_regex_windows(void **state)
{
	struct vgb_regex *re = compile("needle[0-9]+", 0, 0, 0);
	uint8_t *p;

	(void)state;
	/* inside the first window, across the first window's end, far in */
	for (size_t at = 0; at < 3 * VGB_REGEX_WINDOW; at += 997) {
		p = body_with(3 * VGB_REGEX_WINDOW + 20, "needle42", at);
		assert_true(vgb_regex_match_buffer(re, p, 3 * VGB_REGEX_WINDOW + 20));
		free(p);
	}
	p = body_with(3 * VGB_REGEX_WINDOW, "needle42", VGB_REGEX_WINDOW - 4);
	assert_true(vgb_regex_match_buffer(re, p, 3 * VGB_REGEX_WINDOW));
	/* the split of the body does not matter */
	assert_true(match_split(re, p, 3 * VGB_REGEX_WINDOW, 1));
	assert_true(match_split(re, p, 3 * VGB_REGEX_WINDOW, 1000));
	free(p);
	p = body_with(100, "needle", 10);
	assert_false(vgb_regex_match_buffer(re, p, 100)); /* no digits */
	free(p);
	vgb_regex_free(re);
}

/* url regex_stack START MAX: MAX bounds the match's backtracking memory (PCRE2 heap limit) */
static void test_regex_heap_limit(void **state)
{
	struct vgb_regex *re = compile("(a|b)*c", 0, 0, 0);
	uint8_t *p = body_with(1001, "", 0);

	(void)state;
	memset(p, 'a', 1000);
	p[1000] = 'c';
	assert_true(vgb_regex_match_buffer(re, p, 1001));      /* PCRE2's default limit */
	vgb_regex_set_heap_limit(re, 65536);
	assert_false(vgb_regex_match_buffer(re, p, 1001));     /* 1,000 nested frames need more */
	assert_true(vgb_regex_match_buffer(re, (const uint8_t *)"aac", 3)); /* a short one fits */
	vgb_regex_set_heap_limit(re, 4u << 20);
	assert_true(vgb_regex_match_buffer(re, p, 1001));
	free(p);
	vgb_regex_free(re);
}

/* keepalived regex_min_offset / regex_max_offset (max is the last start allowed) */
static void test_regex_offsets(void **state)
{
	struct vgb_regex *re;
	uint8_t *p = body_with(10000, "OK", 5000);

	(void)state;
	re = compile("OK", 0, 5000, 0);
	assert_true(vgb_regex_match_buffer(re, p, 10000));
	vgb_regex_free(re);
	re = compile("OK", 0, 5001, 0);
	assert_false(vgb_regex_match_buffer(re, p, 10000));
	vgb_regex_free(re);
	re = compile("OK", 0, 0, 5000);
	assert_true(vgb_regex_match_buffer(re, p, 10000));
	vgb_regex_free(re);
	re = compile("OK", 0, 0, 4999);
	assert_false(vgb_regex_match_buffer(re, p, 10000));
	vgb_regex_free(re);
	re = compile("OK", 0, 6000, 4000); /* min > max: keepalived ignores both */
	assert_true(vgb_regex_match_buffer(re, p, 10000));
	vgb_regex_free(re);
	free(p);
}

static void test_regex_options_and_errors(void **state)
{
	uint32_t bit = 0;
	char err[256];
	struct vgb_regex *re;

	(void)state;
	assert_int_equal(vgb_regex_option("caseless", &bit), 0);
	assert_int_equal(vgb_regex_option("no_such_option", &bit), -1);
	assert_int_equal(vgb_regex_option("caseless", &bit), 0);
	re = compile("hello", bit, 0, 0);
	assert_true(vgb_regex_match_buffer(re, (const uint8_t *)"say HELLO", 9));
	vgb_regex_free(re);
	assert_null(vgb_regex_compile("a(b", 0, 0, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "at offset 3"));
}

/* a backtracking pattern against a hostile body ends (match limit), as no match */
static void test_regex_bounded(void **state)
{
	struct vgb_regex *re = compile("(a+)+$", 0, 0, 0);
	uint8_t *p = body_with(20000, "", 0);

	(void)state;
	memset(p, 'a', 20000);
	p[19999] = 'b';
	assert_false(vgb_regex_match_buffer(re, p, 20000));
	vgb_regex_free(re);
	free(p);
}

/* the whole path: response bytes -> parser spans (wire mode) -> MD5 + regex -> verdict */
static void test_http_path(void **state)
{
	const char *resp = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
	const char *wire = "5\r\nhello\r\n0\r\n\r\n";
	struct vg_http_resp r;
	struct vgb_body b;
	struct vg_probe_span s;
	struct vg_lvs_url url;
	struct vg_http_outcome o = { 0 };
	struct vgb_regex *re = compile("hel+o", 0, 0, 0);
	const uint8_t *p = (const uint8_t *)resp;
	size_t left = strlen(resp);
	uint8_t got[16];

	(void)state;
	memset(&url, 0, sizeof(url));
	vg_lvs_status_default(url.status);
	url.has_digest = true;
	url.has_regex = true;
	vgb_md5(NULL, (const uint8_t *)wire, strlen(wire), url.digest); /* what genhash prints */
	vg_http_resp_init(&r, VG_HTTP_BODY_MAX_DEFAULT, VG_HTTP_BODY_WIRE);
	assert_int_equal(vgb_body_init(&b, true, re), 0);
	while (left && !r.done) {
		ssize_t k = vg_http_resp_feed(&r, p, left, &s);

		assert_true(k > 0);
		vgb_body_update(&b, s.p, s.len);
		p += k;
		left -= (size_t)k;
	}
	vgb_body_final(&b, got, &o.regex_matched);
	vgb_body_free(&b);
	o.head_done = r.head_done;
	o.status = r.status;
	o.digest_ok = memcmp(got, url.digest, 16) == 0;
	assert_true(o.digest_ok);
	assert_true(o.regex_matched);
	assert_int_equal(vg_http_verdict(&url, &o), VG_HTTP_OK);
	vgb_regex_free(re);
	/* the same results through core/lvs/checker.c's interfaces */
	{
		struct vgb_body_result br = { .matched = true };
		struct vg_lvs_md5 md5 = { .ctx = &br, .digest = vgb_result_md5 };
		struct vg_lvs_regex rx = { .ctx = &br, .match = vgb_result_regex };
		uint8_t out[16];

		memcpy(br.md5, got, 16);
		md5.digest(md5.ctx, NULL, 0, out);
		assert_memory_equal(out, url.digest, 16);
		assert_true(rx.match(rx.ctx, 0, 0, 0, NULL, 0));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md5),
		cmocka_unit_test(test_regex_windows),
		cmocka_unit_test(test_regex_offsets),
		cmocka_unit_test(test_regex_heap_limit),
		cmocka_unit_test(test_regex_options_and_errors),
		cmocka_unit_test(test_regex_bounded),
		cmocka_unit_test(test_http_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
