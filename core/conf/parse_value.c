// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the configuration's value parsers: argument counts, integers,
 * decimals and times (with keepalived 2.2.7's ranges in the errors),
 * booleans, address prefixes, strings and string lists, and scripts (a
 * command line split into its argv). Every block's handlers use them;
 * a bad value is an error naming the accepted range, the line is ignored.
 */
#include "conf/parser_int.h"

#include <stdio.h>
#include <string.h>

bool vg_pargs(struct pctx *p, const struct stmt *st, uint32_t min, uint32_t max)
{
	uint32_t args = st->n - 1;

	if (args < min) {
		vg_perr(p, st, 0, "missing-value", "'%s' needs %s%u argument%s (keepalived ignores the line)",
			st->tok[0].text, min == max ? "" : "at least ", min, min == 1 ? "" : "s");
		return false;
	}
	if (args > max) {
		vg_pwarn(p, st, max + 1, "extra-argument",
			 "'%s' takes %u argument%s; '%s' and what follows are ignored", st->tok[0].text, max,
			 max == 1 ? "" : "s", st->tok[max + 1].text);
	}
	return true;
}

/* Values repeat (paths, status codes, schedulers, user names): the tree holds each text once. */
const char *vg_pstr(struct pctx *p, const struct stmt *st, uint32_t i)
{
	return i < st->n ? vg_pintern(p, st->tok[i].text) : NULL;
}

int vg_parse_int(const char *s, int64_t *out)
{
	int64_t v = 0;
	bool neg = false;
	const char *q = s;

	if (*q == '-' || *q == '+')
		neg = *q++ == '-';
	if (!vg_lex_is_digit(*q))
		return -1;
	for (; vg_lex_is_digit(*q); q++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*q - '0');
	}
	if (*q)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

int vg_parse_decimal_us(const char *s, int64_t *us)
{
	int64_t whole = 0, frac = 0, scale = 100000;
	const char *q = s;
	bool neg = false, digits = false;

	if (*q == '-' || *q == '+')
		neg = *q++ == '-';
	for (; vg_lex_is_digit(*q); q++) {
		whole = whole * 10 + (*q - '0');
		/* whole * US_PER_S + a fraction must fit (found by fuzz-config: advert_int 17777777777777) */
		if (whole > (INT64_MAX - US_PER_S) / US_PER_S)
			return -1;
		digits = true;
	}
	if (*q == '.') {
		for (q++; vg_lex_is_digit(*q); q++) {
			frac += (*q - '0') * scale;
			scale /= 10;
			digits = true;
		}
	}
	if (*q || !digits)
		return -1;
	*us = (whole * US_PER_S + frac) * (neg ? -1 : 1);
	return 0;
}

bool vg_same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
		char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

int vg_parse_bool(const char *s, bool *out)
{
	static const char yes[][6] = { "on", "true", "yes" };
	static const char no[][6] = { "off", "false", "no" };

	for (size_t i = 0; i < 3; i++) {
		if (vg_same_nocase(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (vg_same_nocase(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

bool vg_pint(struct pctx *p, const struct stmt *st, uint32_t i, int64_t min, int64_t max, int64_t *out)
{
	int64_t v;

	if (i >= st->n) {
		vg_perr(p, st, 0, "missing-value", "'%s' needs a number in %lld..%lld", st->tok[0].text,
			(long long)min, (long long)max);
		return false;
	}
	if (vg_parse_int(st->tok[i].text, &v) < 0) {
		vg_perr(p, st, i, "invalid-number",
			"'%s' is not a number: %s takes an integer in %lld..%lld (keepalived ignores the line)",
			st->tok[i].text, st->tok[0].text, (long long)min, (long long)max);
		return false;
	}
	if (v < min || v > max) {
		vg_perr(p, st, i, "out-of-range",
			"%s '%s' is outside keepalived's range %lld..%lld (keepalived rejects the value and "
			"ignores the line)",
			st->tok[0].text, st->tok[i].text, (long long)min, (long long)max);
		return false;
	}
	*out = v;
	return true;
}

static void fmt_us(char *buf, size_t len, int64_t us)
{
	if (us % US_PER_S == 0)
		snprintf(buf, len, "%lld", (long long)(us / US_PER_S));
	else
		snprintf(buf, len, "%lld.%06lld", (long long)(us / US_PER_S), (long long)(us % US_PER_S));
}

bool vg_ptime(struct pctx *p, const struct stmt *st, uint32_t i, int64_t min_us, int64_t max_us,
	      vg_time *out)
{
	int64_t us;
	char lo[32], hi[32];

	/* the range is formatted only for a message: most lines have none */
	if (i >= st->n || vg_parse_decimal_us(st->tok[i].text, &us) < 0 || us < min_us || us > max_us) {
		fmt_us(lo, sizeof(lo), min_us);
		fmt_us(hi, sizeof(hi), max_us);
	}
	if (i >= st->n) {
		vg_perr(p, st, 0, "missing-value", "'%s' needs a time in seconds (%s..%s)", st->tok[0].text,
			lo, hi);
		return false;
	}
	if (vg_parse_decimal_us(st->tok[i].text, &us) < 0) {
		vg_perr(p, st, i, "invalid-number",
			"'%s' is not a number of seconds: %s takes %s..%s (keepalived ignores the line)",
			st->tok[i].text, st->tok[0].text, lo, hi);
		return false;
	}
	if (us < min_us || us > max_us) {
		vg_perr(p, st, i, "out-of-range",
			"%s '%s' is outside keepalived 2.2.7's range %s..%s seconds: keepalived reports "
			"it invalid, ignores the line and keeps the default%s",
			st->tok[0].text, st->tok[i].text, lo, hi,
			us == 0 && min_us > 0 ? " (0 cannot be written; to get the default delete the line)" : "");
		return false;
	}
	*out = (vg_time)us * 1000u;
	return true;
}

int vg_parse_prefix(const char *s, struct vg_addr *addr, uint8_t *plen, bool *plen_set)
{
	char buf[VG_ADDR_STRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int64_t v;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (vg_addr_parse(buf, addr) < 0)
		return -1;
	*plen = addr->family == VG_AF_INET ? 32 : 128;
	*plen_set = false;
	if (slash) {
		if (vg_parse_int(slash + 1, &v) < 0 || v < 0 || v > *plen)
			return -2;
		*plen = (uint8_t)v;
		*plen_set = true;
	}
	return 0;
}

void vg_pstrs_add(struct pctx *p, struct vg_conf_strs *l, const char *s)
{
	const char **slot = VG_LIST_PUSH(p->a, *l);

	if (slot)
		*slot = vg_pintern(p, s);
}

/* Split a command line like keepalived: whitespace separates, quotes group. */
static void split_cmd(struct pctx *p, const char *cmd, struct vg_conf_strs *argv)
{
	char buf[VG_CONF_LINE_BYTES_MAX];
	const char *q = cmd;

	while (*q) {
		size_t o = 0;
		char quote = 0;
		while (*q && vg_lex_is_space(*q))
			q++;
		if (!*q)
			break;
		while (*q && (quote || !vg_lex_is_space(*q))) {
			if (quote && *q == quote)
				quote = 0;
			else if (!quote && (*q == '\'' || *q == '"'))
				quote = *q;
			else if (o < sizeof(buf) - 1)
				buf[o++] = *q;
			q++;
		}
		buf[o] = '\0';
		vg_pstrs_add(p, argv, buf);
	}
}

void vg_pscript_into(struct pctx *p, const struct stmt *st, uint32_t first, bool join_all,
		     struct vg_conf_script *s)
{
	char buf[VG_CONF_LINE_BYTES_MAX];
	size_t o = 0;
	uint32_t last = join_all ? st->n : first + 1;

	memset(s, 0, sizeof(*s));
	s->loc = vg_ploc(st, first);
	for (uint32_t i = first; i < last && i < st->n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i > first ? " " : "", st->tok[i].text);
	buf[o < sizeof(buf) ? o : sizeof(buf) - 1] = '\0';
	s->cmd = vg_arena_strdup(p->a, buf);
	split_cmd(p, buf, &s->argv);
	if (!join_all) {
		s->user = vg_pstr(p, st, first + 1);
		s->group = vg_pstr(p, st, first + 2);
		if (st->n > first + 3)
			vg_pwarn(p, st, first + 3, "extra-argument",
				 "'%s' takes a command [user [group]]; '%s' is ignored (quote a command that "
				 "has arguments)",
				 st->tok[0].text, st->tok[first + 3].text);
	}
}

struct vg_conf_script *vg_pscript(struct pctx *p, const struct stmt *st, uint32_t first, bool join_all)
{
	struct vg_conf_script *s;

	if (st->n <= first) {
		vg_perr(p, st, 0, "missing-value", "'%s' needs a script", st->tok[0].text);
		return NULL;
	}
	s = vg_arena_alloc(p->a, sizeof(*s));
	if (s)
		vg_pscript_into(p, st, first, join_all, s);
	return s;
}
