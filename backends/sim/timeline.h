/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the timeline picture of `vigil sim --svg` and `vigil replay --svg`: one renderer.
 *
 * Lanes of two kinds: a VRRP instance's (coloured by its state: MASTER,
 * BACKUP, FAULT, INIT/down) and a real server's (in the IPVS table with a
 * weight, in with weight 0, out), added as the runs see them; dashed
 * markers at given times (a scenario's faults, a recording's reloads).
 * A real server's lane follows the LVS core's table effects
 * (VG_ACT_LVS_DEST_ADD / EDIT / DEL), named after its virtual server as
 * vigild logs it (common/lvs_log.h).
 *
 *   struct vg_timeline t;
 *   vg_timeline_init(&t);
 *   lane = vg_timeline_lane(&t, "VI_1", VG_TL_VRRP);      // once per instance
 *   vg_timeline_change(&t, lane, now, VG_STATE_MASTER);
 *   vg_timeline_lvs(&t, "n1", map, action, now);          // every LVS effect of node n1
 *   vg_timeline_svg(&t, "out.svg", "title", t0, t1, 0);    // 0 decimals on the time axis
 *   vg_timeline_free(&t);
 */
#ifndef VG_SIM_TIMELINE_H
#define VG_SIM_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/action.h"
#include "base/time.h"
#include "lvs/from_conf.h"

enum vg_tl_kind {
	VG_TL_VRRP, /* states: enum vg_vrrp_state */
	VG_TL_RS,   /* states: enum vg_tl_rs */
};

enum vg_tl_rs {
	VG_TL_RS_OUT = 0,  /* not in the table */
	VG_TL_RS_IN,       /* in, with a weight */
	VG_TL_RS_ZERO,     /* in with weight 0 (inhibit_on_failure) */
};

#define VG_TL_CHANGES_MAX 65536 /* later changes are not drawn */

struct vg_tl_lane {
	char name[160];
	uint8_t kind;  /* enum vg_tl_kind */
};

struct vg_tl_change {
	vg_time at;
	uint32_t lane;
	uint8_t state;
};

struct vg_timeline {
	struct vg_tl_lane *lane;
	uint32_t lanes, lane_cap;
	struct vg_tl_change *change;
	uint32_t changes, change_cap;
	vg_time *mark;
	uint32_t marks, mark_cap;
	bool nomem;  /* an allocation failed: the picture lacks something */
};

void vg_timeline_init(struct vg_timeline *t);
void vg_timeline_free(struct vg_timeline *t);

/* The lane of that name and kind (added at the end if new); UINT32_MAX out of memory. */
uint32_t vg_timeline_lane(struct vg_timeline *t, const char *name, uint8_t kind);

/* Lane `lane` is in `state` from `at` on (times in the order they happen). */
void vg_timeline_change(struct vg_timeline *t, uint32_t lane, vg_time at, uint8_t state);

/* A dashed marker across every lane at `at`. */
void vg_timeline_mark(struct vg_timeline *t, vg_time at);

/*
 * One effect of an LVS core built on `map`: a table edit of a real server
 * (or sorry server) moves its lane, "PREFIX VS -> RS" (PREFIX: a node's
 * name, or NULL). Other effects are ignored.
 */
void vg_timeline_lvs(struct vg_timeline *t, const char *prefix, const struct vg_lvs_conf_map *map,
		     const struct vg_action *a, vg_time at);

/*
 * Write the picture to path: lanes from t0 to t1 (t1 > t0), the title,
 * the time axis in seconds since t0 with `decimals` decimals, a legend.
 * 0, or -1 with errno.
 */
int vg_timeline_svg(const struct vg_timeline *t, const char *path, const char *title, vg_time t0, vg_time t1,
		    int decimals);

#endif
