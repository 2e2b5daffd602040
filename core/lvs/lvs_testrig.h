/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the rig the virtual-server tests share (service_test.c, carry_test.c;
 * built only for tests).
 *
 * One virtual server 192.0.2.100:80 with n real servers 10.2.0.i:80, one
 * TCP_CHECK each (delay_loop 10 s, no warmup), its state and an effect list.
 * Effects are rendered as text ("add 0 w2, up 0, quorum-up"; the sorry server
 * is "S") so each expectation reads as the sequence keepalived's
 * check/ipwrapper.c would perform.
 */
#ifndef VG_LVS_TESTRIG_H
#define VG_LVS_TESTRIG_H

/* cmocka first: the rig asserts */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lvs/service.h"

#define T0 VG_S(500)
#define EFF_CAP 64

struct lvs_rig {
	struct vg_lvs_service_config cfg;
	struct vg_lvs_rs_config rs[VG_LVS_RS_MAX]; /* cfg's arrays */
	struct vg_lvs_checker_config checker[VG_LVS_CHECKERS_MAX];
	struct vg_lvs_timing tm[VG_LVS_CHECKERS_MAX]; /* each checker's times */
	struct vg_lvs_url url[VG_LVS_URLS_MAX];
	struct vg_lvs_service svc;
	struct vg_lvs_rs_state rs_st[VG_LVS_RS_MAX]; /* svc's storage */
	struct vg_lvs_checker chk_st[VG_LVS_CHECKERS_MAX];
	uint16_t heap_st[2 * VG_LVS_CHECKERS_MAX];
	struct vg_action buf[EFF_CAP];
	struct vg_actions out;
	char text[1024];
};

/* Service `id` with n real servers of weights w, checkers with `retry`, initialised (not started). Free it. */
struct lvs_rig *lvs_rig_new(const int32_t *w, int n, uint32_t retry, uint16_t id);
/* Check the configuration (changed since lvs_rig_new), initialise the service again and start it at T0. */
void lvs_rig_start(struct lvs_rig *r);
/* The effects other than probes, as text. */
const char *lvs_rig_render(struct lvs_rig *r);
/*
 * Fire every due checker at `now`, answer server i's probe with ok[i] ('1' ok,
 * else failed), leaving the effects of the answers in r->out. Returns the
 * number of probes answered.
 */
size_t lvs_rig_round(struct lvs_rig *r, vg_time now, const char *ok);

#endif
