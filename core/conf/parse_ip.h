/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the word readers routes (parse_route.c) and rules (parse_rule.c)
 * share (not part of the public API).
 *
 * A line is read word by word with a struct rd; each reader takes the value
 * after the keyword at r->i, reports a bad one as an error at its column
 * (one error a line: keepalived skips the route or rule) and returns false.
 */
#ifndef VG_CONF_PARSE_IP_H
#define VG_CONF_PARSE_IP_H

#include <string.h>

#include "conf/parser_int.h"

struct rd {
	struct pctx *p;
	const struct stmt *st;
	uint32_t i;       /* the word being read */
	uint8_t family;   /* 0 until something says */
	const char *what; /* "route" / "rule" */
	bool bad;
};

struct name_id {
	char name[12];
	uint16_t id;
};

static inline bool is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static inline const char *word(const struct rd *r, uint32_t i)
{
	return r->st->tok[i].text;
}

/* Decimal or 0x hex, the whole word, at most max. */
bool vg_ip_num(const char *s, uint64_t max, uint64_t *out);
bool vg_ip_lookup(const struct name_id *t, size_t n, const char *w, bool nocase, uint32_t *id);
void vg_ip_err(struct rd *r, uint32_t tok, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An unknown word, with the closest of words (a char[n][width] array) as a suggestion. */
void vg_ip_unknown(struct rd *r, uint32_t k, const char *words, size_t width, size_t n);
#define UNKNOWN(r, k, words) vg_ip_unknown((r), (k), (words)[0], sizeof((words)[0]), KW_COUNT(words))
/* The value after keyword r->i: its index, or 0 with an error. */
uint32_t vg_ip_value(struct rd *r);
/* One address family a line (the first address, inet/inet6 or an IPv4/6-only word sets it). */
bool vg_ip_family(struct rd *r, uint32_t tok, uint8_t f);
bool vg_ip_u32v(struct rd *r, uint64_t min, uint64_t max, uint32_t *out);
bool vg_ip_prefix(struct rd *r, uint32_t k, struct vg_addr *a, uint8_t *len, bool host_only);
const char *vg_ip_ifname(struct rd *r, uint32_t k);
bool vg_ip_table(struct rd *r, struct vg_conf_rt_table *t);
bool vg_ip_realms(struct rd *r, uint32_t *out);
bool vg_ip_dsfield(struct rd *r, uint8_t *out);
/* The list entry of a line: its words as written. */
struct vg_conf_route *vg_ip_entry(struct pctx *p, const struct stmt *st, struct vg_conf_routes *l);

#endif
