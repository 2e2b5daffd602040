/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: how an interface's link state reaches the instances: polled or
 * from netlink (linkbeat_interfaces, linkbeat_use_polling), and after which
 * delay (interface_up_down_delays), as keepalived 2.2.7 does it.
 *
 * vg_link_policy_of() reads the configuration for one plan interface: it is
 * polled when linkbeat_interfaces names it, when linkbeat_use_polling is
 * written at the top level (or in global_defs), or when an instance on it
 * says linkbeat_use_polling; the backend polls it once a second
 * (keepalived's POLLING_DELAY) and ignores netlink's up/down for it. Its
 * delays are interface_up_down_delays', each cut (when an instance on the
 * interface has down_timer_adverts > 1) to below (down_timer_adverts - 1)
 * advert intervals, less 1/256 of one, so that a Backup elsewhere cannot
 * time out first (keepalived's check_debounce_timers).
 *
 * struct vg_link_debounce holds one interface's state as the instances see
 * it. A change the kernel reports is acted on at once when its delay is 0,
 * when the interface was never up yet (keepalived: no delay before the
 * first up), or for a polled interface (keepalived delays netlink's
 * changes only); else it waits the delay, and a return to the state the
 * instances know before the delay ends cancels it: nothing happens.
 */
#ifndef VG_VRRP_LINKWATCH_H
#define VG_VRRP_LINKWATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"
#include "vrrp/plan.h"

struct vg_link_policy {
	bool poll;
	uint8_t lb_type;     /* enum vg_conf_linkbeat_type asked for */
	vg_time down_delay;  /* 0: act at once */
	vg_time up_delay;
};

/* The policy of plan interface `i` (0-based: ifindex - 1). */
void vg_link_policy_of(const struct vg_conf *conf, const struct vg_vrrp_plan *p, uint16_t i,
		       struct vg_link_policy *out);

struct vg_link_debounce {
	bool up;         /* what the instances were told */
	bool seen_up;
	bool pending;    /* a change waits for `due` */
	vg_time due;
};

/* Start from what the kernel says now (the instances are told `up` at once). */
void vg_link_debounce_init(struct vg_link_debounce *d, bool up);

/*
 * The kernel says `up` at `now`: returns true when the instances must be
 * told d->up now; false when nothing changes or the change waits (then
 * d->pending, until vg_link_debounce_deadline()).
 */
bool vg_link_debounce_observe(struct vg_link_debounce *d, const struct vg_link_policy *pol, bool up, vg_time now);

/* When a waiting change is due (VG_TIME_NEVER: none). */
vg_time vg_link_debounce_deadline(const struct vg_link_debounce *d);

/* At `now`: true when the waiting change is due; d->up is then the new state to tell. */
bool vg_link_debounce_fire(struct vg_link_debounce *d, vg_time now);

#endif
