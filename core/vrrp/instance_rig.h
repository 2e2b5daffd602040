/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the rig the instance tests share (built only for tests).
 *
 * One instance with its configuration and effect list, set up the way every
 * test starts: rig_init() (tu_config + an empty effect list), changes to r.c,
 * then rig_start() (source address 192.0.2.1 and Startup at `now`). The times
 * below are for v2 at 1 s: Skew_Time = (256 - priority) / 256 s and
 * Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time
 * (RFC 5798 6.1).
 */
#ifndef VG_VRRP_INSTANCE_RIG_H
#define VG_VRRP_INSTANCE_RIG_H

/* cmocka first: testutil.h asserts */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/instance.h"
#include "vrrp/testutil.h"

#define T0 VG_S(10)
#define SKEW_100 UINT64_C(609375000)
#define SKEW_254 UINT64_C(7812500)
#define MDI_100 (VG_S(3) + SKEW_100)
#define MDI_254 (VG_S(3) + SKEW_254)

struct rig {
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct tu_out o;
};

/* tu_config(&r->c, version, priority) and an empty effect list. */
void rig_init(struct rig *r, uint8_t version, uint8_t priority);
/* Initialise the instance from r->c and start it at `now` (tu_start). */
void rig_start(struct rig *r, vg_time now);
/* Start at T0, let Master_Down_Timer fire at T0 + MDI_100, check Master, clear the effects. */
void rig_become_master(struct rig *r);
/* A track_script result (VG_EV_TRACK of kind VG_TRACK_SCRIPT) for tracked object `id`. */
void rig_track(struct rig *r, vg_time now, uint16_t id, bool up);
/* Interface `ifindex` went up or down (VG_EV_LINK). */
void rig_link(struct rig *r, vg_time now, uint32_t ifindex, bool up);
/*
 * Deliver p to `in` at its last time and check it is dropped for `want`: counted
 * under that reason, and no change of state, timers or effects (RFC 5798 7.1).
 */
void rig_rx_drop(struct vg_vrrp_instance *in, const struct tu_pkt *p, enum vg_vrrp_drop want);

#endif
