// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the keepalived.conf tokenizer (see lexer.h).
 *
 * Quoting follows keepalived.conf(5) "Quoted strings": ' and " both quote,
 * the quote characters are removed, escapes \a \b \E \f \n \r \t \v \nnn
 * \xXX \cC are decoded inside quotes and \C stands for C.
 */
#include "conf/lexer.h"

#include <string.h>

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * What the scanners stop at, one table lookup per byte: most bytes of a
 * configuration are plain word characters and spaces.
 */
enum { C_SPACE = 1, C_QUOTE = 2, C_COMMENT = 4, C_DOLLAR = 8 };

#define SP(c) [(unsigned char)(c)] = C_SPACE
static const uint8_t vg_lex_class[256] = {
	SP(' '), SP('\t'), SP('\r'), SP('\n'), SP('\f'), SP('\v'),
	['"'] = C_QUOTE, ['\''] = C_QUOTE, ['#'] = C_COMMENT, ['!'] = C_COMMENT, ['$'] = C_DOLLAR,
};
#undef SP

static inline uint8_t class_of(char c)
{
	return vg_lex_class[(unsigned char)c];
}

/* Does any of the 8 bytes at p equal b? (the classic SWAR zero-byte test, exact) */
static inline bool has_byte(uint64_t w, uint8_t b)
{
	uint64_t x = w ^ (UINT64_C(0x0101010101010101) * b);
	return ((x - UINT64_C(0x0101010101010101)) & ~x & UINT64_C(0x8080808080808080)) != 0;
}

/* Is any of the 8 bytes of x strictly between m and n (m < 128, n <= 128)? Bytes from 128 never are. */
static inline bool has_between(uint64_t x, uint8_t m, uint8_t n)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	uint64_t t = x & (ones * 127);

	return ((ones * (127u + n) - t) & ~x & (t + ones * (127u - m)) & (ones * 128)) != 0;
}

/* Might the 8 bytes at p hold ! " # $ or ' (0x21..0x24, 0x27)? */
static inline bool special8(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return has_between(w, 0x20, 0x25) || has_byte(w, '\'');
}

size_t vg_lex_strip_comment(const char *text, size_t len, bool *dollar)
{
	char quote = 0;
	bool seen = false;
	size_t i;

	for (i = 0; i < len; i++) {
		char c;
		if (!quote) /* eight bytes at a time while none is a quote, a comment mark or a '$' */
			while (len - i >= 8 && !special8(text + i))
				i += 8;
		if (i >= len)
			break;
		c = text[i];
		if (!quote) {
			/* the common case: a run of bytes that are none of those */
			while (!(class_of(c) & (C_QUOTE | C_COMMENT | C_DOLLAR)) && ++i < len)
				c = text[i];
			if (i >= len)
				break;
		}
		if (c == '$')
			seen = true;
		if (quote) {
			if (c == '\\' && i + 1 < len)
				seen |= text[++i] == '$'; /* escaped, but still a '$' of the text */
			else if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '#' || c == '!') {
			break;
		}
	}
	while (i > 0 && vg_lex_is_space(text[i - 1]))
		i--;
	if (dollar)
		*dollar = seen;
	return i;
}

/* Decode one escape at text[*i] (just after the backslash); returns the byte. */
static char decode_escape(const char *text, size_t len, size_t *i)
{
	char c = text[*i];
	int v, n;

	switch (c) {
	case 'a': return '\a';
	case 'b': return '\b';
	case 'E': return 27;
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'v': return '\v';
	case 'x':
		v = 0;
		for (n = 0; *i + 1 < len && hex_val(text[*i + 1]) >= 0 && n < 2; n++)
			v = v * 16 + hex_val(text[++*i]);
		return (char)v;
	case 'c':
		if (*i + 1 < len)
			return (char)(text[++*i] & 0x1f);
		return 'c';
	default:
		if (c >= '0' && c <= '7') {
			v = c - '0';
			for (n = 1; n < 3 && *i + 1 < len && text[*i + 1] >= '0' && text[*i + 1] <= '7'; n++)
				v = v * 8 + (text[++*i] - '0');
			return (char)v;
		}
		return c;
	}
}

uint32_t vg_lex_tokenize(const char *text, size_t len, struct vg_lex_line *out)
{
	size_t i = 0, o = 0;
	const size_t cap = sizeof(out->buf);

	out->count = 0;
	out->unterminated_quote = false;
	out->truncated = false;
	while (i < len) {
		struct vg_token *t;
		char quote = 0;
		bool quoted = false;
		size_t start;

		i = (size_t)(vg_lex_skip_space(text + i, text + len) - text);
		if (i >= len)
			break;
		if (out->count >= VG_CONF_TOKENS_MAX) {
			out->truncated = true;
			break;
		}
		t = &out->tok[out->count];
		t->col = (uint32_t)i + 1;
		start = o;
		{
			/* an unquoted run up to a space or a quote: copied as it is scanned */
			size_t end = len - i > cap - 1 - o ? i + (cap - 1 - o) : len;
			while (i < end && !(class_of(text[i]) & (C_SPACE | C_QUOTE)))
				out->buf[o++] = text[i++];
		}
		while (i < len) {
			char c = text[i];
			if (quote) {
				if (c == quote) {
					quote = 0;
					i++;
					continue;
				}
				if (c == '\\' && i + 1 < len) {
					i++;
					c = decode_escape(text, len, &i);
				}
			} else if (vg_lex_is_space(c)) {
				break;
			} else if (c == '"' || c == '\'') {
				quote = c;
				quoted = true;
				i++;
				continue;
			}
			if (o < cap - 1)
				out->buf[o++] = c;
			i++;
		}
		if (quote)
			out->unterminated_quote = true;
		out->buf[o] = '\0';
		t->text = &out->buf[start];
		/* a quoted escape can write a NUL: the C string ends there */
		t->len = quoted ? (uint32_t)strlen(t->text) : (uint32_t)(o - start);
		if (o < cap - 1)
			o++;
		t->quoted = quoted;
		t->kind = VG_TOK_WORD;
		if (!quoted && t->text[0] == '{' && !t->text[1])
			t->kind = VG_TOK_OPEN;
		else if (!quoted && t->text[0] == '}' && !t->text[1])
			t->kind = VG_TOK_CLOSE;
		out->count++;
	}
	return out->count;
}
