// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tracked-object weights (rules in track.h).
 */
#include "vrrp/track.h"

#include <assert.h>
#include <string.h>

#define PRIO_FAULT_FILE (-254)

void vg_track_set_init(struct vg_track_set *set, const struct vg_track_ref *refs, uint8_t count)
{
	uint8_t i;

	assert(count <= VG_TRACKS_MAX);
	memset(set, 0, sizeof(*set));
	set->ref = refs;
	set->count = count;
	for (i = 0; i < count; i++)
		if (!refs[i].init_down)
			set->up |= UINT32_C(1) << i;
}

static bool is_up(const struct vg_track_set *set, uint8_t i)
{
	return (set->up >> i) & 1u;
}

static bool is_removed(const struct vg_track_set *set, uint8_t i)
{
	return (set->removed >> i) & 1u;
}

bool vg_track_set_update(struct vg_track_set *set, uint8_t kind, uint16_t id, bool up, int32_t value)
{
	bool changed = false;
	uint8_t i;

	for (i = 0; i < set->count; i++) {
		if (set->ref[i].kind != kind || set->ref[i].id != id || is_removed(set, i))
			continue;
		if (is_up(set, i) != up || set->value[i] != value)
			changed = true;
		if (up)
			set->up |= UINT32_C(1) << i;
		else
			set->up &= ~(UINT32_C(1) << i);
		set->value[i] = value;
	}
	return changed;
}

bool vg_track_set_remove(struct vg_track_set *set, uint8_t kind, uint16_t id)
{
	bool found = false;
	uint8_t i;

	for (i = 0; i < set->count; i++) {
		if (set->ref[i].kind != kind || set->ref[i].id != id)
			continue;
		set->removed |= UINT32_C(1) << i; /* the references are the config's: marked here */
		set->value[i] = 0;
		found = true;
	}
	return found;
}

struct vg_track_eval vg_track_set_eval(const struct vg_track_set *set)
{
	struct vg_track_eval e = { 0, false };
	uint8_t i;

	for (i = 0; i < set->count; i++) {
		const struct vg_track_ref *r = &set->ref[i];
		bool up = is_up(set, i) != r->reverse;

		if (is_removed(set, i))
			continue;
		if (r->kind == VG_TRACK_FILE) {
			int64_t v = (int64_t)set->value[i] * (r->reverse ? -1 : 1);

			if (r->weight == 0) {
				if (set->value[i] != 0)
					e.fault = true;
				continue;
			}
			v *= r->weight;
			if (v <= PRIO_FAULT_FILE)
				e.fault = true;
			else if (v < 254)
				e.delta += (int32_t)v;
			else
				e.delta += 254;
			continue;
		}
		if (r->weight == 0) {
			if (!up)
				e.fault = true;
		} else if (r->weight > 0) {
			if (up)
				e.delta += r->weight;
		} else if (!up) {
			e.delta += r->weight;
		}
	}
	return e;
}

uint8_t vg_track_priority(uint8_t base, int32_t delta)
{
	int32_t p;

	if (base == 255)
		return 255;
	p = (int32_t)base + delta;
	if (p < 1)
		p = 1;
	if (p > 254)
		p = 254;
	return (uint8_t)p;
}
