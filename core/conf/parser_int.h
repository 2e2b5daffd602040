/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what the parser files share (not part of the public API).
 *
 * The parser reads the preprocessed lines as statements: a keyword and its
 * arguments up to the end of the line, a '{' or a '}'. A statement followed
 * by '{' (on the same line or alone on the next one) opens a block. Each
 * block has a keyword table; a keyword's handler reads its arguments into
 * the tree (generic handlers cover flags, numbers with ranges, timers,
 * strings, addresses and scripts; the rest are written per keyword).
 * As in keepalived, an unknown keyword is reported and skipped; a '{' after
 * it is ignored, so its contents are read as keywords of the enclosing block
 * and its '}' closes that block.
 */
#ifndef VG_CONF_PARSER_INT_H
#define VG_CONF_PARSER_INT_H

#include <stddef.h>

#include "conf/conf.h"
#include "conf/lexer.h"
#include "conf/macro.h"

/*
 * A logical line and its tokens, in one of the few slots the parser keeps:
 * the line being read, the next one (a '{' alone on it opens the block of
 * this one) and the lines that opened the blocks still open (pinned), whose
 * statements are used until the block ends. A slot is reused once the parser
 * has moved past its line and no block pins it.
 */
struct tline {
	const struct vg_src_line *src; /* &line */
	struct vg_src_line line;       /* line.raw: raw below; line.text: unused */
	const struct vg_token *tok;    /* lex.tok */
	uint32_t count;
	uint32_t pins;                 /* open blocks whose opener is on this line */
	bool used;
	char *raw;                     /* malloc'd copy of the physical line */
	size_t raw_cap;
	struct vg_lex_line lex;
};

/* "did you mean" searches per parse; unknown words past it are reported without one */
#define VG_CONF_SUGGESTIONS_MAX 64

#define PARSER_SLOTS_MAX (VG_CONF_BLOCK_DEPTH_MAX + 4)

struct stmt {
	const struct tline *line;
	const struct vg_token *tok; /* tok[0] is the keyword */
	uint32_t n;
	bool open;              /* followed by '{' */
	struct vg_conf_loc loc; /* of tok[0] */
};

enum table_id {
	T_TOP = 1, T_GLOBAL, T_SCRIPT, T_TRACK_FILE, T_TRACK_PROCESS, T_BFD, T_SYNC, T_GARP,
	T_INSTANCE, T_AUTH, T_VS, T_RS, T_CHK_COMMON, T_CHK_TCP, T_CHK_HTTP, T_CHK_SMTP, T_CHK_DNS,
	T_CHK_MISC, T_CHK_UDP, T_CHK_PING, T_CHK_FILE, T_CHK_BFD, T_URL,
	T_COUNT
};

/*
 * A keyword table's hash index, built by the parser the first time the
 * table is used: slot -> position in the table + 1 (0: empty). A million
 * lines each look a keyword up; a linear scan with strcmp was a tenth of
 * the parse.
 */
#define KW_INDEX_SLOTS 512 /* over twice the largest table (global_defs: 129) */
struct kw_index {
	bool built;
	uint8_t slot[KW_INDEX_SLOTS];
};



/*
 * Keyword tables hold no pointers (a table of pointers would be writable
 * data under PIE, and core/ has none): handlers are named by enum kw_fn,
 * sub-blocks by enum table_id, custom handlers by an id that the block's
 * file dispatches with a switch.
 */
enum kw_fn {
	H_FLAG = 1,  /* bool = true (an optional <BOOL> may say otherwise) */
	H_CLEAR,     /* bool = false */
	H_TRI,       /* enum vg_conf_tri, optional <BOOL> */
	H_STR,       /* const char * from one argument */
	H_U32, H_U16, H_U8, H_I32, /* integers in [min, max] */
	H_TIME,      /* vg_time from decimal seconds in [min, max] microseconds */
	H_ADDR,      /* struct vg_addr */
	H_SCRIPT,    /* struct vg_conf_script * (cmd [user [group]]) */
	H_STRLIST,   /* block of one string per line into struct vg_conf_strs */
	H_EXTRA,     /* kept verbatim in the block's extra list */
	H_EXTRA_BLOCK, /* a block kept verbatim */
	H_USER,      /* "user [group]" into two const char * at off, off + sizeof(char *) */
	H_BLOCK,     /* sub-block: aux = enum table_id, off = sub-object in obj */
	H_CUSTOM,    /* aux = custom id (see vg_custom) */
};

/*
 * kw.flags: KW_MORE, the field is in the block's optional part (a struct
 * that obj points to at kw_table.more_off, allocated and initialised by
 * kw_table.more_new when one of its keywords is first written), so that
 * what most blocks never write costs a pointer, not the fields.
 */
enum { KW_MORE = 1 };

struct kw {
	char name[40];
	uint8_t fn;     /* enum kw_fn */
	uint8_t flags;  /* KW_* */
	uint16_t aux;
	uint32_t off;   /* field of obj the generic handlers write */
	int64_t min, max; /* ranges: integers, or microseconds for timers */
};

struct kw_table {
	const char *block;      /* name for messages */
	const struct kw *kws;
	size_t count;
	int also;               /* enum table_id searched after kws, or 0 */
	ptrdiff_t extra_off;    /* struct vg_conf_kvs * in obj, or -1 */
	ptrdiff_t ignored_off;  /* struct vg_conf_ignoreds in obj, or -1 */
	ptrdiff_t more_off;     /* pointer to the optional part in obj (KW_MORE), or -1 */
	void *(*more_new)(struct vg_arena *a); /* a new optional part, defaults set */
};

#define KW_COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* Is keyword k one of table array arr's? (A custom handler tells its tables apart so.) */
#define KW_OF(arr, k) ((k) >= (arr) && (k) < (arr) + KW_COUNT(arr))
#define FIELD(obj, off, type) ((type *)((char *)(obj) + (off)))
#define US_PER_S INT64_C(1000000)

struct pctx {
	struct vg_conf *conf;
	struct vg_arena *a;              /* where the block being read allocates: conf->arena or lvs_arena */
	struct vg_arena *main;           /* conf->arena: what outlives vg_conf_drop_lvs (interned, unsupported) */
	struct vg_diags *diags;
	struct vg_macro *src;            /* the logical lines, one at a time */
	struct tline *slots[PARSER_SLOTS_MAX];
	struct tline *cur, *ahead;       /* the line being read, the next one (or NULL) */
	uint32_t ti;                     /* cursor: token of cur */
	bool src_done;
	struct tline *openers[VG_CONF_BLOCK_DEPTH_MAX + 1]; /* pinned lines, by depth */
	struct vg_conf_strs interned;    /* keywords kept in the tree, hashed (see vg_pintern) */
	struct kw_index kw_index[T_COUNT];
	/* per table, per keyword: its keyword status entry + 1, looked up on first use (0: not yet) */
	uint16_t kw_status[T_COUNT][KW_INDEX_SLOTS / 2];
	bool kw_quiet;                   /* in a block whose keyword vigild does not act on */
	uint32_t suggestions;            /* "did you mean" searches made (VG_CONF_SUGGESTIONS_MAX) */
	struct kw_table tables[T_COUNT];  /* each table as first asked for */
	int8_t table_state[T_COUNT];      /* 0: not asked for yet, 1: in tables[], -1: no such table */
	uint32_t depth;
	bool errors;
	bool nomem;
};

/* Each block file fills in the tables it owns. Returns false if unknown. */
bool vg_table_global(int id, struct kw_table *t);
bool vg_table_vrrp(int id, struct kw_table *t);
bool vg_table_lvs(int id, struct kw_table *t);
/* Custom handlers: ids 1..99 global, 100..199 vrrp, 200..299 lvs. */
void vg_custom_global(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k);
void vg_custom_vrrp(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k);
/*
 * Custom ids of the top-level blocks vg_custom_vrrp reads (the top table is
 * parse_global.c's). vg_kw_run sends ids 100..199 to vg_custom_vrrp, which
 * reads each id by the table of its keyword: every table has its own enum.
 */
enum cv_top {
	CV_TOP_SCRIPT = 100, CV_TOP_TRACK_FILE, CV_TOP_VRRP_TRACK_FILE, CV_TOP_TRACK_PROCESS,
	CV_TOP_BFD, CV_TOP_SYNC, CV_TOP_GARP, CV_TOP_INSTANCE, CV__TOP_END
};
_Static_assert(CV__TOP_END <= 200, "vg_kw_run sends 100..199 to vg_custom_vrrp");
/* parse_track.c: vrrp_script, track_file, vrrp_track_process and bfd_instance blocks */
bool vg_table_track(int id, struct kw_table *t);
void vg_track_object(struct pctx *p, const struct stmt *st, int aux, const char *name); /* aux: enum cv_top */
bool vg_custom_track(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k); /* false: not its keyword */
void vg_custom_lvs(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k);

/* keyword_status.c: entry of (table, keyword) in the status table, or -1; an entry's status. */
int vg_kw_status_index(int table_id, const char *keyword);
uint8_t vg_kw_status_at(int index);

/* parse_link.c: the linkbeat_interfaces and interface_up_down_delays blocks. */
void vg_parse_linkbeat_interfaces(struct pctx *p, const struct stmt *st);
void vg_parse_updown_delays(struct pctx *p, const struct stmt *st);
/* parse_track_group.c: the track_group block. */
void vg_parse_track_group(struct pctx *p, const struct stmt *st);

/* Driver (parser.c). */
/* Read the lines of a list block; fn is called for each line. */
typedef void (*line_fn)(struct pctx *p, const struct stmt *st, void *obj);
void vg_parse_list(struct pctx *p, const struct stmt *opener, line_fn fn, void *obj);
/* The same where a line may open a block of its own (fn reads it, st->open set). */
void vg_parse_list_nested(struct pctx *p, const struct stmt *opener, line_fn fn, void *obj);
/* Skip a block whose contents are kept verbatim in `extra` (one kv per line). */
/* Read a block to its '}' (nested blocks too) and keep nothing: a block keepalived skips. */
void vg_parse_skip(struct pctx *p, const struct stmt *opener);
void vg_parse_opaque(struct pctx *p, const struct stmt *opener, struct vg_conf_kvs **extra);
bool vg_parse_need_block(struct pctx *p, const struct stmt *st);

void vg_perr(struct pctx *p, const struct stmt *st, uint32_t tok, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void vg_pwarn(struct pctx *p, const struct stmt *st, uint32_t tok, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void vg_pdiag_loc(struct pctx *p, enum vg_diag_severity sev, const struct vg_conf_loc *loc,
		  const char *code, const char *suggestion, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
struct vg_conf_loc vg_ploc(const struct stmt *st, uint32_t tok);

/* Argument helpers. */
bool vg_pargs(struct pctx *p, const struct stmt *st, uint32_t min, uint32_t max);
const char *vg_pstr(struct pctx *p, const struct stmt *st, uint32_t i);
int vg_parse_int(const char *s, int64_t *out);
int vg_parse_decimal_us(const char *s, int64_t *us);
int vg_parse_bool(const char *s, bool *out);
bool vg_same_nocase(const char *a, const char *b);
bool vg_pint(struct pctx *p, const struct stmt *st, uint32_t i, int64_t min, int64_t max, int64_t *out);
bool vg_ptime(struct pctx *p, const struct stmt *st, uint32_t i, int64_t min_us, int64_t max_us,
	      vg_time *out);
int vg_parse_prefix(const char *s, struct vg_addr *addr, uint8_t *plen, bool *plen_set);
struct vg_conf_script *vg_pscript(struct pctx *p, const struct stmt *st, uint32_t first, bool join_all);
void vg_pscript_into(struct pctx *p, const struct stmt *st, uint32_t first, bool join_all,
		     struct vg_conf_script *s);
void vg_pstrs_add(struct pctx *p, struct vg_conf_strs *l, const char *s);
/* An arena copy of s, shared with every other interned copy of the same text. */
const char *vg_pintern(struct pctx *p, const char *s);
/* Keep the statement verbatim in *extra (made on first use). */
void vg_pextra(struct pctx *p, const struct stmt *st, struct vg_conf_kvs **extra);

/* Run the handler of keyword k (generic, sub-block or custom). */
void vg_kw_run(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k);
void vg_parse_table(struct pctx *p, const struct stmt *opener, int table_id, void *obj);

/* List lines (parse_route.c, parse_vrrp.c): obj is the list (struct vg_conf_routes / vips). */
void vg_route_line_virtual(struct pctx *p, const struct stmt *st, void *obj);
void vg_route_line_static(struct pctx *p, const struct stmt *st, void *obj);
void vg_rule_line_virtual(struct pctx *p, const struct stmt *st, void *obj);
void vg_rule_line_static(struct pctx *p, const struct stmt *st, void *obj);
void vg_vip_line(struct pctx *p, const struct stmt *st, void *obj);

/* Defaults and the checks after the whole file is read. */
void vg_global_defaults(struct vg_conf_global *g);
void vg_vrrp_finalize(struct pctx *p);
void vg_lvs_finalize(struct pctx *p);

#endif
