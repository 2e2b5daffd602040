// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the keepalived.conf tokenizer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf/lexer.h"

static struct vg_lex_line lx;

static uint32_t lex(const char *s)
{
	return vg_lex_tokenize(s, strlen(s), &lx);
}

static void test_words_and_columns(void **state)
{
	(void)state;
	assert_int_equal(lex("  priority   100"), 2);
	assert_string_equal(lx.tok[0].text, "priority");
	assert_int_equal(lx.tok[0].col, 3);
	assert_string_equal(lx.tok[1].text, "100");
	assert_int_equal(lx.tok[1].col, 14);
	assert_int_equal(lx.tok[0].kind, VG_TOK_WORD);
}

static void test_braces(void **state)
{
	(void)state;
	assert_int_equal(lex("global_defs { router_id a }"), 5);
	assert_int_equal(lx.tok[1].kind, VG_TOK_OPEN);
	assert_int_equal(lx.tok[4].kind, VG_TOK_CLOSE);
	/* a quoted brace is a word, a brace touching text is part of the word */
	assert_int_equal(lex("a \"{\" b{"), 3);
	assert_int_equal(lx.tok[1].kind, VG_TOK_WORD);
	assert_string_equal(lx.tok[2].text, "b{");
}

static void test_quotes(void **state)
{
	(void)state;
	/* keepalived.conf(5): abcd" efg h jkl "mnop is one string */
	assert_int_equal(lex("abcd\" efg h jkl \"mnop"), 1);
	assert_string_equal(lx.tok[0].text, "abcd efg h jkl mnop");
	assert_int_equal(lex("abcd \"efg h jkl\" mnop"), 3);
	assert_string_equal(lx.tok[1].text, "efg h jkl");
	assert_true(lx.tok[1].quoted);
	assert_int_equal(lex("script '/bin/echo \"x\"'"), 2);
	assert_string_equal(lx.tok[1].text, "/bin/echo \"x\"");
	assert_int_equal(lex("x \"open"), 2);
	assert_true(lx.unterminated_quote);
}

static void test_escapes(void **state)
{
	(void)state;
	assert_int_equal(lex("\"a\\tb\\x41\\101\\\\\\\"\""), 1);
	assert_string_equal(lx.tok[0].text, "a\tbAA\\\"");
	assert_int_equal(lex("\"\\cA\""), 1);
	assert_int_equal(lx.tok[0].text[0], 1);
	/* outside quotes a backslash is literal */
	assert_int_equal(lex("a\\b"), 1);
	assert_string_equal(lx.tok[0].text, "a\\b");
}

static void test_comments(void **state)
{
	const char *s = "router_id x # comment";
	const char *q = "notify \"a # b\" ! c";
	(void)state;
	assert_int_equal(vg_lex_strip_comment(s, strlen(s), NULL), strlen("router_id x"));
	assert_int_equal(vg_lex_strip_comment(q, strlen(q), NULL), strlen("notify \"a # b\""));
	assert_int_equal(vg_lex_strip_comment("!x", 2, NULL), 0);
}

/* The reference the word-at-a-time scan must agree with: one byte at a time. */
static size_t strip_ref(const char *t, size_t len)
{
	char quote = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (quote) {
			if (t[i] == '\\' && i + 1 < len)
				i++;
			else if (t[i] == quote)
				quote = 0;
		} else if (t[i] == '"' || t[i] == '\'') {
			quote = t[i];
		} else if (t[i] == '#' || t[i] == '!') {
			break;
		}
	}
	while (i > 0 && vg_lex_is_space(t[i - 1]))
		i--;
	return i;
}

/* Comment marks and quotes at every offset around the 8-byte steps, and random lines. */
static void test_comment_scan_offsets(void **state)
{
	static const char alphabet[] = "ab #!\"'\\ \t{}$%&";
	char buf[80];
	uint64_t x = 42;
	(void)state;
	for (size_t at = 0; at < 40; at++) {
		for (const char *m = "#!\""; *m; m++) {
			memset(buf, 'w', sizeof(buf));
			buf[at] = *m;
			buf[60] = '\0';
			size_t want = *m == '"' ? 60 : at; /* an unterminated quote runs to the end */
			assert_int_equal(vg_lex_strip_comment(buf, 60, NULL), want);
			assert_int_equal(vg_lex_strip_comment(buf, 60, NULL), strip_ref(buf, 60));
		}
	}
	for (int n = 0; n < 20000; n++) {
		size_t len;
		x = x * 6364136223846793005u + 1442695040888963407u;
		len = (size_t)(x >> 58); /* 0..63 */
		for (size_t i = 0; i < len; i++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			/* mostly plain bytes, so that runs cross the 8-byte steps */
			buf[i] = (x >> 60) < 12 ? 'k' : alphabet[(x >> 33) % (sizeof(alphabet) - 1)];
		}
		buf[len] = '\0';
		{
			bool dollar;
			size_t kept = vg_lex_strip_comment(buf, len, &dollar);
			assert_int_equal(kept, strip_ref(buf, len));
			assert_int_equal(dollar, memchr(buf, '$', kept) != NULL); /* a '$' in what is kept */
		}
	}
}

static void test_skip_space(void **state)
{
	char buf[64];
	(void)state;
	memset(buf, ' ', sizeof(buf));
	assert_ptr_equal(vg_lex_skip_space(buf, buf + sizeof(buf)), buf + sizeof(buf));
	for (size_t at = 0; at < 40; at++) {
		memset(buf, ' ', sizeof(buf));
		buf[at / 2] = '\t';
		buf[at] = 'x';
		assert_ptr_equal(vg_lex_skip_space(buf, buf + sizeof(buf)), buf + at);
		assert_ptr_equal(vg_lex_skip_space(buf, buf + at), buf + at); /* stops at the end */
	}
	/* words copied whole keep quoted parts joined and columns right */
	assert_int_equal(lex("        real_server 192.0.2.1 80 {"), 4);
	assert_string_equal(lx.tok[1].text, "192.0.2.1");
	assert_int_equal(lx.tok[1].col, 21);
	assert_int_equal(lx.tok[1].len, 9);
	assert_int_equal(lx.tok[3].kind, VG_TOK_OPEN);
	assert_int_equal(lex("abcdefghij\"k l\"mnopqrstuvw x"), 2);
	assert_string_equal(lx.tok[0].text, "abcdefghijk lmnopqrstuvw");
	assert_int_equal(lx.tok[0].len, 24);
	assert_true(lx.tok[0].quoted);
	assert_string_equal(lx.tok[1].text, "x");
	assert_int_equal(lex("\"ab\\x00cd\" e"), 2); /* an escaped NUL ends the C string */
	assert_int_equal(lx.tok[0].len, 2);
}

static void test_too_many_tokens(void **state)
{
	char buf[VG_CONF_TOKENS_MAX * 2 + 8];
	size_t o = 0;
	(void)state;
	for (int i = 0; i < VG_CONF_TOKENS_MAX + 2; i++) {
		buf[o++] = 'a';
		buf[o++] = ' ';
	}
	buf[o] = '\0';
	assert_int_equal(lex(buf), VG_CONF_TOKENS_MAX);
	assert_true(lx.truncated);
}

static void test_char_classes(void **state)
{
	(void)state;
	assert_true(vg_lex_is_space('\t'));
	assert_false(vg_lex_is_space('x'));
	assert_true(vg_lex_is_word('_'));
	assert_false(vg_lex_is_word('-'));
	assert_true(vg_lex_is_digit('7'));
	assert_false(vg_lex_is_alpha('7'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_columns),
		cmocka_unit_test(test_braces),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_comment_scan_offsets),
		cmocka_unit_test(test_skip_space),
		cmocka_unit_test(test_too_many_tokens),
		cmocka_unit_test(test_char_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
