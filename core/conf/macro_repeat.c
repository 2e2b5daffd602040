// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: ~SEQ(var, [start, [step,]] end), ~SEQx(...) and ~LST(var, v1, ...):
 * the preprocessor's repetition of the rest of a line, once per value, with
 * the variable defined as a parameter (see macro.h).
 */
#include "conf/macro_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/lexer.h"

void vg_macro_seq(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		  uint32_t depth, uint32_t col)
{
	bool hex = s[4] == 'x';
	const char *open = s + 4 + hex, *close, *is[5], *ie[5];
	long long v[3], start, step, end;
	uint32_t n, count = 0;
	char name[NAME_BYTES_MAX];

	close = memchr(open, ')', (size_t)(e - open));
	n = close ? vg_macro_split_args(open + 1, close, is, ie, 5) : 0;
	if (!close || n < 2 || n > 4 || (size_t)(ie[0] - is[0]) >= sizeof(name) ||
	    vg_macro_name_len(is[0], ie[0]) != (size_t)(ie[0] - is[0])) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col, "seq", "malformed ~SEQ: expected ~SEQ(var, [start, [step,]] end)");
		return;
	}
	memcpy(name, is[0], (size_t)(ie[0] - is[0]));
	name[ie[0] - is[0]] = '\0';
	for (uint32_t i = 1; i < n; i++) {
		char tmp[32], *te;
		size_t len = (size_t)(ie[i] - is[i]);
		if (len == 0 || len >= sizeof(tmp))
			goto bad;
		memcpy(tmp, is[i], len);
		tmp[len] = '\0';
		v[i - 1] = strtoll(tmp, &te, 0);
		if (*te)
			goto bad;
	}
	if (n == 2) {
		end = v[0];
		start = end >= 0 ? 1 : -1;
		step = end >= start ? 1 : -1;
	} else if (n == 3) {
		start = v[0];
		end = v[1];
		step = end >= start ? 1 : -1;
	} else {
		start = v[0];
		step = v[1];
		end = v[2];
	}
	if (step == 0) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col, "seq", "~SEQ step is 0");
		return;
	}
	for (long long x = start; (step > 0 ? x <= end : x >= end) && !c->stop; x += step) {
		char num[32];
		if (++count > VG_CONF_SEQ_ITEMS_MAX) {
			vg_macro_diag(c, VG_DIAG_ERROR, l, col, "seq", "~SEQ produces more than %u lines",
				      VG_CONF_SEQ_ITEMS_MAX);
			return;
		}
		if (hex)
			snprintf(num, sizeof(num), "%llx", (unsigned long long)x);
		else
			snprintf(num, sizeof(num), "%lld", x);
		vg_macro_define(c, l, name, strlen(name), NULL, 0, num, strlen(num));
		vg_macro_process(c, l, vg_lex_skip_space(close + 1, e), e, col0, depth + 1, true);
	}
	return;
bad:
	vg_macro_diag(c, VG_DIAG_ERROR, l, col, "seq", "~SEQ bounds must be integers");
}

void vg_macro_lst(struct vg_macro *c, const struct lineref *l, const char *s, const char *e, uint32_t col0,
		  uint32_t depth, uint32_t col)
{
	const char *open = s + 4, *close = open, *is[256], *ie[256], *vs[PARAMS_MAX], *ve[PARAMS_MAX];
	const char *ns[PARAMS_MAX], *ne[PARAMS_MAX];
	int d = 0;
	uint32_t n, nvars;

	while (close < e) {
		if (*close == '(' || *close == '{')
			d++;
		else if ((*close == ')' || *close == '}') && --d == 0)
			break;
		close++;
	}
	n = close < e ? vg_macro_split_args(open + 1, close, is, ie, 256) : 0;
	if (n < 2 || n > 256) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col, "lst", "malformed ~LST: expected ~LST(var, value, ...)");
		return;
	}
	if (*is[0] == '{') {
		nvars = vg_macro_split_args(is[0] + 1, ie[0] - 1, ns, ne, PARAMS_MAX);
	} else {
		ns[0] = is[0];
		ne[0] = ie[0];
		nvars = 1;
	}
	if (nvars == 0 || nvars > PARAMS_MAX) {
		vg_macro_diag(c, VG_DIAG_ERROR, l, col, "lst", "malformed ~LST variable list");
		return;
	}
	for (uint32_t i = 1; i < n && !c->stop; i++) {
		uint32_t nv;
		if (*is[i] == '{' && ie[i] > is[i] && ie[i][-1] == '}') {
			nv = vg_macro_split_args(is[i] + 1, ie[i] - 1, vs, ve, PARAMS_MAX);
		} else {
			vs[0] = is[i];
			ve[0] = ie[i];
			nv = 1;
		}
		if (nv != nvars) {
			vg_macro_diag(c, VG_DIAG_ERROR, l, col, "lst", "~LST value %u has %u fields, expected %u", i,
				      nv, nvars);
			return;
		}
		for (uint32_t k = 0; k < nvars; k++)
			vg_macro_define(c, l, ns[k], (size_t)(ne[k] - ns[k]), NULL, 0, vs[k], (size_t)(ve[k] - vs[k]));
		vg_macro_process(c, l, vg_lex_skip_space(close + 1, e), e, col0, depth + 1, true);
	}
}
