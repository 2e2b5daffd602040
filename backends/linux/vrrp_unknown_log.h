/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: global_defs log_unknown_vrids: a log line for an advert whose VRID
 * no instance runs on the interface it came in on, rate-limited.
 *
 * keepalived 2.2.7 logs "Unknown VRID(N) received on interface(IF).
 * ignoring..." for every such advert (vrrp_scheduler.c); vigild logs the
 * same words at most once a second per VRID and says how many it left
 * out, so a flood of foreign adverts cannot flood the log. Without the
 * keyword they are only counted (the state dump's "Unknown VRID").
 * The decision (log now or not, and the count left out) is
 * vgd_unknown_vrid_due(), tested without a clock (vrrp_unknown_log_test.c).
 */
#ifndef VGD_VRRP_UNKNOWN_LOG_H
#define VGD_VRRP_UNKNOWN_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"
#include "vrrp/instance.h"

#define VGD_UNKNOWN_VRID_GAP VG_S(1)

struct vgd_unknown_vrids {
	bool on;                 /* log_unknown_vrids written */
	vg_time logged[256];     /* when each VRID was last logged; 0: never */
	uint32_t quiet[256];     /* adverts left out since */
};

/* on from the configuration (kept across a reload: the rate state stays) */
void vgd_unknown_vrids_conf(struct vgd_unknown_vrids *u, const struct vg_conf *conf);

/* An advert for vrid: true when it is to be logged now; *left_out gets the count skipped before it. */
bool vgd_unknown_vrid_due(struct vgd_unknown_vrids *u, uint8_t vrid, vg_time now, uint32_t *left_out);

/* The dropped packet of ev (VG_DROP_VRID), received on ifname: logs it when due. */
void vgd_unknown_vrid_log(struct vgd_unknown_vrids *u, const struct vg_vrrp_event *ev, const char *ifname,
			  vg_time now);

#endif
