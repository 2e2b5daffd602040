/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: JSON output of trees, diagnostics and the cluster analysis.
 *
 * Writes into a caller's buffer like snprintf: the output is truncated to
 * the buffer (always NUL-terminated when cap > 0) and `len` counts what a
 * large enough buffer would hold, so a caller can size the buffer and write
 * again. The writer tracks commas itself; values nest up to
 * VG_JSON_DEPTH_MAX.
 */
#ifndef VG_CONF_JSON_H
#define VG_CONF_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/cluster.h"
#include "conf/conf.h"

#define VG_JSON_DEPTH_MAX 32

struct vg_json {
	char *buf;
	size_t cap;
	size_t len; /* bytes the full output needs (without the NUL) */
	uint32_t depth;
	bool first[VG_JSON_DEPTH_MAX];
};

void vg_json_init(struct vg_json *j, char *buf, size_t cap);
void vg_json_begin_object(struct vg_json *j, const char *key);
void vg_json_end_object(struct vg_json *j);
void vg_json_begin_array(struct vg_json *j, const char *key);
void vg_json_end_array(struct vg_json *j);
void vg_json_str(struct vg_json *j, const char *key, const char *value); /* NULL writes null */
void vg_json_int(struct vg_json *j, const char *key, int64_t value);
void vg_json_bool(struct vg_json *j, const char *key, bool value);

/* One configuration: {"file", "instances", "virtual_servers", ...}. */
void vg_json_conf(struct vg_json *j, const char *key, const struct vg_conf *conf);
/* [{"severity", "code", "file", "line", "column", "message", "text", "suggestion"}...] */
void vg_json_diags(struct vg_json *j, const char *key, const struct vg_diags *d);
/* [{"node", "instance", "kind", "name", "weight", "priority", "failed_priority", ...}...] */
void vg_json_failovers(struct vg_json *j, const char *key, const struct vg_cluster_node *nodes,
		       const struct vg_cluster_report *rep);

#endif
