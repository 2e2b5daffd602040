/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what a parse of the configuration read, to tell later whether it is unchanged.
 *
 * A record wraps a loader (struct vg_conf_loader): while the parser reads
 * through it, it keeps every file read with the SHA-256 of its bytes (or
 * the error opening it gave) and every include pattern with the sorted list
 * of paths it expanded to. The caller adds what else the result depended
 * on: the config_id of @name / @^name / ${_INSTANCE}, host files the plan
 * reads (rt_tables), and a reason when the result depends on something
 * that cannot be read again (`${_RANDOM}`, a file not read to its end):
 * such a record never compares unchanged.
 *
 * vg_conf_record_unchanged() reads every recorded file again and expands
 * every recorded pattern again (through the same inner loader): only when
 * every digest, every error and every expansion are the same, and the
 * config_id is, would a new parse give the same tree. vigild's SIGHUP uses
 * it to skip the parse and the plan (backends/linux/reload.c).
 */
#ifndef VG_HOST_CONF_RECORD_H
#define VG_HOST_CONF_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"

struct vg_conf_record;

/* A record reading through `inner` (copied; its ctx must outlive the record). NULL: out of memory. */
struct vg_conf_record *vg_conf_record_new(const struct vg_conf_loader *inner);
void vg_conf_record_free(struct vg_conf_record *r);

/* The loader to hand to the parser: it reads through the inner one and records. Valid while r is. */
const struct vg_conf_loader *vg_conf_record_loader(struct vg_conf_record *r);

/* The config_id the parse was given (NULL: none). */
void vg_conf_record_config_id(struct vg_conf_record *r, const char *config_id);

/* A file read outside the parse (the plan's rt_tables): its digest, or its absence, is recorded. */
void vg_conf_record_file(struct vg_conf_record *r, const char *path);

/* The result depends on something not recorded: the record never compares unchanged. */
void vg_conf_record_taint(struct vg_conf_record *r, const char *why);

/* NULL, or why the record can never compare unchanged (the first reason given). */
const char *vg_conf_record_tainted(const struct vg_conf_record *r);

/* Files recorded (each path once) and patterns recorded. */
size_t vg_conf_record_files(const struct vg_conf_record *r);
size_t vg_conf_record_patterns(const struct vg_conf_record *r);

/*
 * Whether everything r recorded reads the same now, with `config_id` the
 * config_id a new parse would get. False when anything differs, r is
 * tainted or out of memory; then `why` (when not NULL) says what first
 * differed ("FILE changed", "PATTERN now matches ...").
 */
bool vg_conf_record_unchanged(const struct vg_conf_record *r, const char *config_id, char *why, size_t why_len);

/*
 * Parse `path` as vg_conf_load() does, recording into a new record (*rec,
 * NULL when out of memory: then nothing is recorded). The tree keeps the
 * plain file-system loader (its diagnostics read lines again through it),
 * and `${_RANDOM}` taints the record.
 */
int vg_conf_load_recorded(const char *path, const char *config_id, struct vg_conf **out, struct vg_diags *diags,
			  struct vg_conf_record **rec);

#endif
