/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: FILE_CHECK's input: the tracked files of a configuration, watched with inotify.
 *
 * FILE_CHECK is not a probe: nothing is sent and there is no timer. The
 * checker driver opens one `struct vgc_files` per generation for the
 * track_files that FILE_CHECKs name, registers vgc_files_fd() in the loop,
 * and hands every value this module emits to the core as VG_LVS_EV_FILE
 * (core/lvs/node.h), which moves the weights or takes servers down
 * (keepalived.conf(5) "Track files", "File checker"). vgc_files_new() emits
 * the value each file holds at start: send those before VG_LVS_EV_START, so
 * a file that says FAULT keeps its servers out from the first moment, as
 * keepalived does.
 *
 * Reading (keepalived's track_file.c process_track_file facts): a file that
 * cannot be opened, or is empty, holds 0; otherwise its first bytes are
 * read as a C integer (strtol base 0: "12", "-3", "0x1f", leading blanks;
 * "abc" reads 0); a number outside -2147483648..2147483648 is logged and
 * ignored (the last value stays). The file's directory is watched
 * (IN_CLOSE_WRITE, IN_MOVED_TO, IN_MOVED_FROM, IN_DELETE, IN_CREATE), so
 * an atomic rename, a rewrite and a removal are all seen.
 */
#ifndef VGC_PROBE_FILE_H
#define VGC_PROBE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"
#include "lvs/from_conf.h"

#define VGC_FILE_BYTES_MAX 128 /* keepalived reads at most 127 bytes */

struct vgc_files;

struct vgc_files_cb {
	void *ctx;
	/* tracked file `track_file` (index in conf->track_files) now holds `value` */
	void (*value)(void *ctx, uint16_t track_file, int64_t value, vg_time now);
	void (*log)(void *ctx, int prio /* LOG_* */, const char *msg);
};

/*
 * Watch the track_files named by the FILE_CHECKs of `map` (mapped from
 * `conf`), and emit each one's current value. NULL only out of memory;
 * a file whose directory cannot be watched is logged (its value is read
 * once).
 */
struct vgc_files *vgc_files_new(const struct vg_conf *conf, const struct vg_lvs_conf_map *map,
				const struct vgc_files_cb *cb, vg_time now);
/* The inotify descriptor, -1 if nothing is watched. */
int vgc_files_fd(const struct vgc_files *f);
/* inotify says something changed: re-read the files concerned, emit the values that changed. */
void vgc_files_ready(struct vgc_files *f, vg_time now);
/* Read every watched file again and emit what changed (a missed event, a reload). */
void vgc_files_rescan(struct vgc_files *f, vg_time now);
void vgc_files_free(struct vgc_files *f);
/* Files watched (tests, state dump). */
size_t vgc_files_count(const struct vgc_files *f);

/*
 * The value of a file's bytes (keepalived's reading). Returns 0 with *out,
 * or -1 when the number is out of range (ignore it).
 */
int vgc_file_value_parse(const char *buf, size_t len, int64_t *out);

#endif
