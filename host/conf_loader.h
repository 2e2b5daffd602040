/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the file-system loader for the configuration parser.
 *
 * core/conf never touches files: vg_conf_parse() reads through a struct
 * vg_conf_loader. This is the real one: it reads files (up to
 * VG_CONF_FILE_BYTES_MAX) a window at a time (open/read_some/close; the
 * whole-file `read` is kept too) and expands include patterns with glob(3),
 * including csh-style braces, sorted. The tree keeps this loader to read the
 * lines its diagnostics show again (it has no state: ctx is NULL).
 */
#ifndef VG_HOST_CONF_LOADER_H
#define VG_HOST_CONF_LOADER_H

#include "conf/conf.h"

/* A loader over the real file system (its ctx is unused). */
struct vg_conf_loader vg_conf_loader_fs(void);

/*
 * Parse `path` with the file-system loader; the tree's largest chunks are
 * mapped on huge pages (conf_loader.c). See vg_conf_parse().
 */
int vg_conf_load(const char *path, const char *config_id, struct vg_conf **out, struct vg_diags *diags);

/* The same through loader `l` (which the tree keeps: it must outlive the tree). */
int vg_conf_load_with(const char *path, const char *config_id, const struct vg_conf_loader *l, struct vg_conf **out,
		      struct vg_diags *diags);

#endif
