/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: MD5 (OpenSSL EVP) and windowed PCRE2 matching of HTTP_GET bodies.
 *
 * See body.h for the semantics (keepalived's check_http.c check_regex()).
 */
#include "common/body.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <openssl/evp.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vgb_regex {
	pcre2_code *code;
	uint32_t lookbehind;  /* PCRE2_INFO_MAXLOOKBEHIND */
	size_t min_offset;
	size_t max_offset;    /* one past the last start allowed, 0: none */
	uint32_t heap_kib;    /* regex_stack's max as a heap limit, 0: PCRE2's default */
};

static const struct {
	const char *name;
	uint32_t bit;
} options[] = {
	/* keepalived's regex_options words */
	{ "allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS },
	{ "alt_bsux", PCRE2_ALT_BSUX },
	{ "auto_callout", PCRE2_AUTO_CALLOUT },
	{ "caseless", PCRE2_CASELESS },
	{ "dollar_endonly", PCRE2_DOLLAR_ENDONLY },
	{ "dotall", PCRE2_DOTALL },
	{ "dupnames", PCRE2_DUPNAMES },
	{ "extended", PCRE2_EXTENDED },
	{ "firstline", PCRE2_FIRSTLINE },
	{ "match_unset_backref", PCRE2_MATCH_UNSET_BACKREF },
	{ "multiline", PCRE2_MULTILINE },
	{ "never_ucp", PCRE2_NEVER_UCP },
	{ "never_utf", PCRE2_NEVER_UTF },
	{ "no_auto_capture", PCRE2_NO_AUTO_CAPTURE },
	{ "no_auto_possess", PCRE2_NO_AUTO_POSSESS },
	{ "no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR },
	{ "no_start_optimize", PCRE2_NO_START_OPTIMIZE },
	{ "ucp", PCRE2_UCP },
	{ "ungreedy", PCRE2_UNGREEDY },
	{ "utf", PCRE2_UTF },
	{ "never_backslash_c", PCRE2_NEVER_BACKSLASH_C },
	{ "alt_circumflex", PCRE2_ALT_CIRCUMFLEX },
	{ "alt_verbnames", PCRE2_ALT_VERBNAMES },
	{ "use_offset_limit", PCRE2_USE_OFFSET_LIMIT },
};

int vgb_regex_option(const char *name, uint32_t *bit)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (strcmp(name, options[i].name) == 0) {
			*bit = options[i].bit;
			return 0;
		}
	return -1;
}

struct vgb_regex *vgb_regex_compile(const char *pattern, uint32_t opts, size_t min_offset, size_t max_offset,
				    char *err, size_t err_len)
{
	struct vgb_regex *re;
	int code;
	PCRE2_SIZE at;
	PCRE2_UCHAR msg[256];

	re = calloc(1, sizeof(*re));
	if (!re) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &code, &at, NULL);
	if (!re->code) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(err, err_len, "invalid regex '%s' at offset %zu: %s", pattern, (size_t)at, (char *)msg);
		free(re);
		return NULL;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_MAXLOOKBEHIND, &re->lookbehind);
	/* keepalived url_check(): a min not below the max disables both */
	if (max_offset && min_offset > max_offset)
		min_offset = max_offset = 0;
	re->min_offset = min_offset;
	re->max_offset = max_offset ? max_offset + 1 : 0;
	return re;
}

void vgb_regex_free(struct vgb_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re);
}

void vgb_regex_set_heap_limit(struct vgb_regex *re, size_t max_bytes)
{
	size_t kib = max_bytes / 1024 + (max_bytes % 1024 != 0);

	re->heap_kib = kib > UINT32_MAX ? UINT32_MAX : (uint32_t)kib;
}

int vgb_body_init(struct vgb_body *b, bool digest, const struct vgb_regex *re)
{
	memset(b, 0, offsetof(struct vgb_body, buf));
	b->re = re;
	if (digest) {
		b->md5 = EVP_MD_CTX_new();
		if (!b->md5 || EVP_DigestInit_ex(b->md5, EVP_md5(), NULL) != 1)
			b->failed = true;
	}
	if (re) {
		b->match_data = pcre2_match_data_create_from_pattern(re->code, NULL);
		b->mctx = pcre2_match_context_create(NULL);
		if (!b->match_data || !b->mctx) {
			b->failed = true;
		} else {
			pcre2_set_match_limit(b->mctx, VGB_REGEX_MATCH_LIMIT);
			pcre2_set_depth_limit(b->mctx, VGB_REGEX_DEPTH_LIMIT);
			if (re->heap_kib)
				pcre2_set_heap_limit(b->mctx, re->heap_kib);
		}
	}
	return b->failed ? -1 : 0;
}

static void discard(struct vgb_body *b)
{
	b->subject_off += b->len;
	b->len = 0;
	b->start_off = 0;
}

/* One match attempt over buf (check_regex()); `final`: no more body follows. */
static void match_window(struct vgb_body *b, bool final)
{
	const struct vgb_regex *re = b->re;
	size_t start = b->start_off;
	PCRE2_SIZE *ov;
	int rc;

	if (b->matched || b->len == 0) {
		discard(b);
		return;
	}
	if (re->min_offset) {
		if (b->subject_off + b->len + re->lookbehind < re->min_offset) {
			discard(b);
			return;
		}
		if (b->subject_off < re->min_offset && re->min_offset - b->subject_off > start)
			start = re->min_offset - b->subject_off;
	}
	if (re->max_offset && b->subject_off + start >= re->max_offset) {
		discard(b);
		return;
	}
	if (start > b->len) {
		discard(b);
		return;
	}
	rc = pcre2_match(re->code, b->buf, b->len, start, final ? 0 : PCRE2_PARTIAL_HARD, b->match_data,
			 b->mctx);
	ov = pcre2_get_ovector_pointer(b->match_data);
	if (rc == PCRE2_ERROR_PARTIAL) {
		size_t keep = ov[0] > re->lookbehind ? ov[0] - re->lookbehind : 0;

		if (keep >= VGB_REGEX_PROGRESS_MIN) {
			memmove(b->buf, b->buf + keep, b->len - keep);
			b->len -= keep;
			b->subject_off += keep;
			b->start_off = ov[0] - keep;
		} else {
			/*
			 * keepalived drops a partial match that fills the buffer
			 * ("Regex partial match preserve too large - discarding");
			 * we drop one that would leave under VGB_REGEX_PROGRESS_MIN
			 * new bytes, so a body costs at most len / that attempts.
			 */
			discard(b);
		}
		return;
	}
	if (rc >= 0 && (!re->max_offset || b->subject_off + ov[0] < re->max_offset))
		b->matched = true;
	/* no match, a limit hit (PCRE2_ERROR_MATCHLIMIT, ...), or a match: the window is done */
	discard(b);
}

void vgb_body_update(struct vgb_body *b, const uint8_t *p, size_t n)
{
	if (b->failed)
		return;
	if (b->md5 && EVP_DigestUpdate(b->md5, p, n) != 1)
		b->failed = true;
	if (!b->re)
		return;
	while (n && !b->matched) {
		size_t room = sizeof(b->buf) - b->len;
		size_t k = n < room ? n : room;

		memcpy(b->buf + b->len, p, k);
		b->len += k;
		p += k;
		n -= k;
		if (b->len == sizeof(b->buf))
			match_window(b, false);
	}
}

void vgb_body_final(struct vgb_body *b, uint8_t md5[16], bool *matched)
{
	unsigned n = 0;

	if (b->re && !b->failed) {
		/* a partial match kept from the last window gets its last chance */
		match_window(b, true);
	}
	if (md5) {
		memset(md5, 0, 16);
		if (b->md5 && !b->failed && (EVP_DigestFinal_ex(b->md5, md5, &n) != 1 || n != 16))
			b->failed = true;
	}
	if (matched)
		*matched = b->matched && !b->failed;
}

void vgb_body_free(struct vgb_body *b)
{
	EVP_MD_CTX_free(b->md5);
	pcre2_match_data_free(b->match_data);
	pcre2_match_context_free(b->mctx);
	b->md5 = b->match_data = b->mctx = NULL;
}

void vgb_md5(void *ctx, const uint8_t *data, size_t len, uint8_t out[16])
{
	unsigned n = 0;

	(void)ctx;
	memset(out, 0, 16);
	EVP_Digest(data, len, out, &n, EVP_md5(), NULL);
}

void vgb_md5_hex(const uint8_t md5[16], char out[33])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[md5[i] >> 4];
		out[2 * i + 1] = hex[md5[i] & 15];
	}
	out[32] = '\0';
}

bool vgb_regex_match_buffer(const struct vgb_regex *re, const uint8_t *body, size_t len)
{
	struct vgb_body *b = malloc(sizeof(*b));
	bool m = false;

	if (!b)
		return false;
	if (vgb_body_init(b, false, re) == 0) {
		vgb_body_update(b, body, len);
		vgb_body_final(b, NULL, &m);
	}
	vgb_body_free(b);
	free(b);
	return m;
}

void vgb_result_md5(void *ctx, const uint8_t *data, size_t len, uint8_t out[16])
{
	const struct vgb_body_result *r = ctx;

	(void)data, (void)len;
	memcpy(out, r->md5, 16);
}

bool vgb_result_regex(void *ctx, uint16_t service, uint16_t checker, uint8_t url, const uint8_t *body, size_t len)
{
	const struct vgb_body_result *r = ctx;

	(void)service, (void)checker, (void)url, (void)body, (void)len;
	return r->matched;
}
