/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tracked objects and the effective priority (keepalived semantics).
 *
 * An instance tracks interfaces, scripts, files, processes and BFD sessions.
 * Each reference has a weight (keepalived.conf(5), "track_script",
 * "track_interface", "track_file"):
 *   - weight 0: the object failing puts the instance in Fault;
 *   - weight > 0: added to the priority while the object is up;
 *   - weight < 0: added (so subtracted) while the object is down;
 *   - `reverse` swaps up and down;
 *   - track_file: the file's number times the weight is added; with weight
 *     0 any non-zero number means Fault, and a total of -254 or lower means
 *     Fault.
 * The effective priority is base + the sum, clamped to 1..254; an address
 * owner (base 255) keeps 255 (keepalived ignores weights for the owner).
 */
#ifndef VG_VRRP_TRACK_H
#define VG_VRRP_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#define VG_TRACKS_MAX 32 /* tracked objects per instance */

enum vg_track_kind {
	VG_TRACK_IFACE,
	VG_TRACK_SCRIPT,
	VG_TRACK_FILE,
	VG_TRACK_PROCESS,
	VG_TRACK_BFD,
	VG_TRACK_SRC_IP, /* track_src_ip: the instance's configured source address is on its interface
			    (id = 1 + the instance's config id; weight 0) */
};

struct vg_track_ref {
	uint8_t kind;     /* enum vg_track_kind */
	uint16_t id;      /* object id, shared by all instances that track it */
	int16_t weight;   /* -254..254 */
	bool reverse;
	bool init_down;   /* assumed down until its first report (e.g. init_fail) */
};

struct vg_track_set {
	const struct vg_track_ref *ref; /* count references: the config's array, not a copy */
	uint8_t count;
	uint32_t up;                    /* bit i: object i is up */
	uint32_t removed;               /* bit i: object i was taken out of tracking (vg_track_set_remove) */
	int32_t value[VG_TRACKS_MAX];   /* track_file value */
};

_Static_assert(VG_TRACKS_MAX <= 32, "vg_track_set.up holds one bit per tracked object");

struct vg_track_eval {
	int32_t delta; /* sum of contributions */
	bool fault;    /* a weight-0 object failed, or a file total <= -254 */
};

/* Bind the references (they must outlive the set) and set every object to its initial state. */
void vg_track_set_init(struct vg_track_set *set, const struct vg_track_ref *refs, uint8_t count);

/* Record an object's new state; true if this set tracks it (and anything changed). */
bool vg_track_set_update(struct vg_track_set *set, uint8_t kind, uint16_t id, bool up, int32_t value);

/*
 * Take an object out of tracking (keepalived: a vrrp_script that cannot run,
 * e.g. unsafe under enable_script_security, is removed from every instance
 * that tracks it): its references stop counting, whatever their initial
 * state or weight, and later updates for it are ignored. True if this set
 * tracked it.
 */
bool vg_track_set_remove(struct vg_track_set *set, uint8_t kind, uint16_t id);

struct vg_track_eval vg_track_set_eval(const struct vg_track_set *set);

/* base + delta clamped to 1..254; 255 stays 255. */
uint8_t vg_track_priority(uint8_t base, int32_t delta);

#endif
