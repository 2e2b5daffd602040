/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: splitting one keepalived.conf line into tokens.
 *
 * keepalived's configuration is line based: a line is a keyword and its
 * arguments, separated by whitespace. Text between " or ' quotes is part of
 * one token (quotes removed, whitespace kept, shell-like escapes decoded),
 * quoted and unquoted text that touch form one token, '#' and '!' outside
 * quotes start a comment, and a lone '{' or '}' is a brace token.
 */
#ifndef VG_CONF_LEXER_H
#define VG_CONF_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conf/conf.h"

enum vg_token_kind {
	VG_TOK_WORD = 0,
	VG_TOK_OPEN,  /* { */
	VG_TOK_CLOSE, /* } */
};

struct vg_token {
	const char *text;  /* NUL-terminated, in the vg_lex_line buffer */
	uint32_t col;      /* 1-based, relative to the start of the lexed text */
	uint32_t len;      /* strlen(text) */
	uint8_t kind;      /* enum vg_token_kind */
	bool quoted;       /* some of it was quoted (a quoted "{" is a word) */
};

struct vg_lex_line {
	struct vg_token tok[VG_CONF_TOKENS_MAX];
	uint32_t count;
	bool unterminated_quote;
	bool truncated;    /* more than VG_CONF_TOKENS_MAX tokens */
	char buf[VG_CONF_LINE_BYTES_MAX + VG_CONF_TOKENS_MAX];
};

/*
 * Length of `text` up to the first comment character outside quotes, less
 * trailing whitespace. *dollar (when not NULL) says whether what is kept
 * holds a '$' (a parameter to expand, maybe): the same scan finds both.
 */
size_t vg_lex_strip_comment(const char *text, size_t len, bool *dollar);

/* Tokenize `len` bytes of `text` into *out. Returns the token count. */
uint32_t vg_lex_tokenize(const char *text, size_t len, struct vg_lex_line *out);

/*
 * Character classes (the C library's pull in locale tables); inline: called
 * per byte. One range test and one bit test (no table: core/ takes no
 * addresses of data across files, see core/purity_test.sh).
 */
static inline bool vg_lex_is_space(char c)
{
	return (unsigned char)c <= ' ' && ((UINT64_C(1) << (unsigned char)c) &
					   (UINT64_C(1) << ' ' | UINT64_C(1) << '\t' | UINT64_C(1) << '\r' |
					    UINT64_C(1) << '\n' | UINT64_C(1) << '\f' | UINT64_C(1) << '\v'));
}

/*
 * The first byte of [p, end) that is not whitespace (or end). Indentation
 * is mostly spaces: eight of them are one compare.
 */
static inline const char *vg_lex_skip_space(const char *p, const char *end)
{
	uint64_t w;

	uint32_t h;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		if (w != UINT64_C(0x2020202020202020))
			break;
		p += 8;
	}
	if (end - p >= 4) {
		memcpy(&h, p, 4);
		if (h == UINT32_C(0x20202020))
			p += 4;
	}
	while (p < end && vg_lex_is_space(*p))
		p++;
	return p;
}

static inline bool vg_lex_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool vg_lex_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool vg_lex_is_word(char c) /* [A-Za-z0-9_] */
{
	return vg_lex_is_alpha(c) || vg_lex_is_digit(c) || c == '_';
}

#endif
