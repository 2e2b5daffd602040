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
	assert_int_equal(vg_lex_strip_comment(s, strlen(s)), strlen("router_id x"));
	assert_int_equal(vg_lex_strip_comment(q, strlen(q)), strlen("notify \"a # b\""));
	assert_int_equal(vg_lex_strip_comment("!x", 2), 0);
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
		cmocka_unit_test(test_too_many_tokens),
		cmocka_unit_test(test_char_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
