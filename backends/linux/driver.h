/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what a driver offers vigild's composition root (daemon.c) and the
 * reload orchestration (reload.c).
 *
 * A driver runs one side of the configuration on this host: the VRRP
 * driver today (vrrp_driver.c), an LVS and a checker driver beside it
 * later. It owns its state (generation, sockets, buffers, counters) and
 * registers its descriptors and deadlines with the loop at start; the root
 * only forwards signals through this table of functions, like BIRD's
 * `struct protocol`. A reload is two-phase so that one driver's refusal
 * leaves every driver on the running configuration: each prepares from the
 * newly parsed tree (no effect on the host yet), then all commit, or all
 * abort.
 */
#ifndef VGD_DRIVER_H
#define VGD_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/addr.h"
#include "base/time.h"
#include "conf/conf.h"
#include "loop.h"

struct vgd_expo;
struct vgd_status;

/* keepalived's signal files a driver may have a part in (report.c). */
enum vgd_report {
	VGD_REPORT_STATS, /* SIGUSR2: keepalived.stats */
	VGD_REPORT_JSON,  /* keepalived's JSON signal (SIGRTMIN+2): keepalived.json */
};

struct vgd_driver_ops {
	const char *name;
	/* Take the host resources (sockets, descriptors) and register with the loop. 0 or -1. */
	int (*open)(void *self, struct vgl_loop *loop);
	/* Start running the configuration given at creation (`now` read after every driver opened). */
	void (*start)(void *self, vg_time now);
	/* SIGHUP, phase one: build what `conf` asks for (kept until commit or abort). 0 or -1 (refused). */
	int (*reload_prepare)(void *self, const struct vg_conf *conf, struct vg_diags *dg);
	/* Phase two: stop what went or changed, carry over the rest, start what is new. */
	void (*reload_commit)(void *self, vg_time now);
	void (*reload_abort)(void *self);
	/* SIGUSR1: the driver's part of the state dump. */
	void (*dump)(void *self, FILE *f);
	/* `vigil status` (status.h): append the driver's rows to the snapshot. NULL: none. */
	void (*status)(void *self, struct vgd_status *st);
	/* keepalived's signal files (report.c): the driver's part of `kind`, written to f; `clear`
	   (STATS_CLEAR) zeroes the counters after writing them. NULL: none. */
	void (*report)(void *self, enum vgd_report kind, bool clear, FILE *f, vg_time now, uint64_t real_ns);
	/* SIGCHLD: reap its children. */
	void (*child_exited)(void *self, vg_time now);
	/* SIGTERM: leave the protocol and release what it holds (unless told not to). */
	void (*stop)(void *self, vg_time now);
	/* After stop: children the root waits for (notify scripts), at most a few seconds. */
	bool (*busy)(void *self);
	void (*free)(void *self);
	/* GET /metrics (--metrics): the driver's metric families (metrics/expo.h). NULL: none. */
	void (*metrics)(void *self, struct vgd_expo *w);
};

/*
 * What one driver tells the others, wired by the composition root
 * (daemon.c), so no driver calls another by name: the VRRP driver
 * publishes every VIP it adds or removes (the LVS driver's ha_suspend) and
 * every instance state change (its lvs_sync_daemon). NULL functions: none.
 */
struct vgd_hooks {
	void (*vip)(void *ctx, const struct vg_addr *addr, bool present);
	void (*state)(void *ctx, const char *instance, int state); /* enum vg_vrrp_state */
	/* every VRRP notify (enum vg_notify) of instance inst, or with inst NULL of sync group
	   group: e-mail alerts (mail.h). NULL: none */
	void (*notify)(void *ctx, const struct vg_conf_instance *inst, const struct vg_conf_sync_group *group,
		       uint8_t what, vg_time now);
	void *ctx;
};

/*
 * What the checker driver tells the LVS driver (wired by daemon.c): mapped
 * service `service` (index in vg_lvs_from_conf's map of the same
 * configuration) changed its run-time state (a verdict, a weight, quorum,
 * the sorry server); the LVS driver makes its desired table and the kernel
 * follow. Returns the IPVS changes sent, or -1 when they are not applied
 * (no IPVS on this kernel, or refused: logged by the LVS driver).
 */
struct vg_lvs_service;
struct vgd_lvs_hooks {
	int (*service)(void *ctx, uint32_t service, const struct vg_lvs_service *st);
	void *ctx;
};

struct vgd_driver {
	const struct vgd_driver_ops *ops;
	void *self;
};

#endif
