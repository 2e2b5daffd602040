/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: one LVS map (core/lvs/from_conf.h) per configuration generation,
 * shared by the LVS driver and the checker driver.
 *
 * Both drivers run on vg_lvs_from_conf's map of the same tree: the LVS
 * driver for its desired table, the checker driver for its checkers. It is
 * built once, by the LVS driver (with the diagnostics), and the checker
 * driver takes a reference to it (daemon.c wires the source, a
 * `vgd_lvs_map_source`); each generation of either driver holds one
 * reference and drops it when the generation goes (a committed reload
 * frees the old one, an aborted one the new one), so the map lives as
 * long as the longest holder. The source answers only for a tree one of
 * its generations runs or prepares, both alive, so a freed tree's address
 * reused by the next parse never finds a stale map. A checker driver
 * without a source (-C without the LVS driver never happens today; tests)
 * builds its own.
 */
#ifndef VGD_LVS_MAP_H
#define VGD_LVS_MAP_H

#include "conf/conf.h"
#include "lvs/from_conf.h"

struct vgd_lvs_map {
	struct vg_lvs_conf_map map;
	const struct vg_conf *conf; /* the tree it was built from (compared, never read) */
	int rc;                     /* vg_lvs_from_conf's result: 0 or VG_LVS_EINVAL */
	unsigned refs;
};

/* Map `conf` (diagnostics to dg, NULL: none); NULL when out of memory. One reference. */
struct vgd_lvs_map *vgd_lvs_map_new(const struct vg_conf *conf, struct vg_diags *dg);
/* One more reference to m (m may be NULL); returns m. */
struct vgd_lvs_map *vgd_lvs_map_ref(struct vgd_lvs_map *m);
/* Drop one reference (m may be NULL); the last one frees the map. */
void vgd_lvs_map_unref(struct vgd_lvs_map *m);

/*
 * The tree's real_server blocks are about to go (vg_conf_drop_lvs):
 * the map lets go of its pointers into them (vg_lvs_conf_map_drop_tree).
 * 0, or -1 (out of memory: the map is unchanged, keep the tree). m NULL: 0.
 */
int vgd_lvs_map_drop_tree(struct vgd_lvs_map *m);

/* Where the checker driver gets the map of a tree: a new reference, or NULL (it builds its own). */
struct vgd_lvs_map_source {
	struct vgd_lvs_map *(*get)(void *ctx, const struct vg_conf *conf);
	void *ctx;
};

#endif
