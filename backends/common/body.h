/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the HTTP_GET body consumers: MD5 digest (OpenSSL) and url regex (PCRE2).
 *
 * core/probe/http.c hands back the body as spans; these consume them. They
 * are pure computation but live outside core because core links nothing
 * but libc (core/purity_test.sh): OpenSSL 3's EVP may load its
 * configuration file and providers, and PCRE2 allocates. vigild and the
 * simulator both link this library, so a `regex` means the same in both,
 * and the same as in keepalived (PCRE2 with keepalived's option names).
 *
 * Regex matching follows keepalived's check_http.c check_regex(), on a
 * bounded buffer: the body is matched in windows of VGB_REGEX_WINDOW bytes
 * (keepalived's buffer is 4096 with one byte for a NUL); a match that may
 * continue past a window (PCRE2_PARTIAL_HARD) keeps its start (less the
 * pattern's maximum lookbehind) for the next window; a partial match that
 * would keep all but VGB_REGEX_PROGRESS_MIN bytes of the window is dropped
 * (keepalived drops one that fills its whole buffer), so a match may be
 * found across windows if it is at most 3839 bytes long, and every match
 * attempt moves the window on by at least 256 bytes. regex_min_offset /
 * regex_max_offset bound where a match may start (a min not below the max
 * disables both, keepalived's rule). Unlike keepalived the windows are
 * fixed, not the sizes read() returned, so the verdict does not depend on
 * how the network split the body. Each pcre2_match runs under a match limit
 * and a depth limit (VGB_REGEX_MATCH_LIMIT), so a hostile body cannot make
 * a backtracking pattern run for long: hitting the limit counts as no match
 * in that window. keepalived's url `regex_stack START MAX` sizes the JIT
 * stack its matches run on; the interpreter used here keeps its
 * backtracking frames on the heap instead, so MAX becomes the pattern's
 * PCRE2 heap limit (pcre2_set_heap_limit, MAX bytes rounded up to KiB):
 * a match that needs more fails (no match in that window), as one that
 * outgrows keepalived's JIT stack does (PCRE2_ERROR_JIT_STACKLIMIT).
 */
#ifndef VG_BACKENDS_COMMON_BODY_H
#define VG_BACKENDS_COMMON_BODY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VGB_REGEX_WINDOW      4095u
#define VGB_REGEX_PROGRESS_MIN 256u /* bytes a partial match must let go of to be kept */
#define VGB_REGEX_MATCH_LIMIT 1000000u
#define VGB_REGEX_DEPTH_LIMIT 10000u

/* keepalived's regex_options word ("caseless", "multiline", ...) to its PCRE2 bit; 0 or -1. */
int vgb_regex_option(const char *name, uint32_t *bit);

struct vgb_regex; /* compiled once, at configuration time */

/*
 * Compile `pattern` with PCRE2 `options` (OR of vgb_regex_option bits).
 * min_offset / max_offset: keepalived's regex_min_offset / regex_max_offset
 * (max_offset 0: none; max is the last position a match may start at).
 * Returns NULL on failure with a message in err ("... at offset N").
 */
struct vgb_regex *vgb_regex_compile(const char *pattern, uint32_t options, size_t min_offset, size_t max_offset,
				    char *err, size_t err_len);
void vgb_regex_free(struct vgb_regex *re);

/* url regex_stack START MAX: matches of `re` may use at most max_bytes of heap (0: PCRE2's default). */
void vgb_regex_set_heap_limit(struct vgb_regex *re, size_t max_bytes);

/* One url probe's body consumer (digest and/or regex). */
struct vgb_body {
	void *md5;                  /* EVP_MD_CTX, NULL without a digest */
	const struct vgb_regex *re; /* NULL without a regex */
	void *match_data;           /* pcre2_match_data */
	void *mctx;                 /* pcre2_match_context */
	bool matched;
	bool failed;                /* an allocation failed: the probe fails */
	size_t subject_off;         /* body offset of buf[0] */
	size_t start_off;           /* where the next match attempt starts in buf */
	size_t len;
	uint8_t buf[VGB_REGEX_WINDOW];
};

/* 0, or -1 if an allocation failed (then the probe fails). */
int vgb_body_init(struct vgb_body *b, bool digest, const struct vgb_regex *re);
void vgb_body_update(struct vgb_body *b, const uint8_t *p, size_t n);
/* End of body: the MD5 (when digesting) and whether the regex matched. */
void vgb_body_final(struct vgb_body *b, uint8_t md5[16], bool *matched);
void vgb_body_free(struct vgb_body *b);

/* MD5 of a whole buffer, in the shape of core's struct vg_lvs_md5 (ctx unused). */
void vgb_md5(void *ctx, const uint8_t *data, size_t len, uint8_t out[16]);
/* Lower-case hex, as keepalived's digest and genhash print it; out has 33 bytes. */
void vgb_md5_hex(const uint8_t md5[16], char out[33]);
/* The windowed regex over a whole buffer (the simulator's url bodies). */
bool vgb_regex_match_buffer(const struct vgb_regex *re, const uint8_t *body, size_t len);

/*
 * A streamed body's results in the shape core/lvs/checker.c asks for today
 * (struct vg_lvs_md5, struct vg_lvs_regex, which expect the whole body):
 * with ctx pointing at a vgb_body_result, digest() returns the MD5 computed
 * while streaming and match() the regex result, ignoring the (NULL) body.
 */
struct vgb_body_result {
	uint8_t md5[16];
	bool matched;
};
void vgb_result_md5(void *ctx, const uint8_t *data, size_t len, uint8_t out[16]);
bool vgb_result_regex(void *ctx, uint16_t service, uint16_t checker, uint8_t url, const uint8_t *body, size_t len);

#endif
