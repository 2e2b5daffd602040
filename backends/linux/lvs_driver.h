/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver: the configuration's virtual servers in the kernel's IPVS table.
 *
 * A sibling of the VRRP driver (driver.h). open: `modprobe ip_vs` as
 * keepalived does (not fatal) and the IPVS generic-netlink socket; on a
 * kernel without IPVS it logs once that table edits are not applied and
 * the rest of vigild runs on. start: dump the kernel table, build the
 * desired one from the configuration (lvs/table_from_conf.h: real servers
 * up unless alpha, as keepalived starts), diff
 * (services not in the configuration are left alone unless lvs_flush) and
 * apply in one batch; every failure is logged with the file:line of its
 * object. A reload diffs the old configuration's table (what the kernel
 * acked) against the new one, owning what the old configuration
 * programmed: an unchanged file reads and sends nothing. stop
 * removes the configuration's services (lvs_flush_on_stop: the whole
 * table); a `kill -9` then restart adopts the table through the diff.
 * The checker driver's verdicts edit the table through
 * vgd_lvs_service_state (driver.h struct vgd_lvs_hooks).
 * Counters (messages, round trips) are in the SIGUSR1 dump.
 */
#ifndef VGD_LVS_DRIVER_H
#define VGD_LVS_DRIVER_H

#include <stdio.h>

#include "conf/conf.h"
#include "driver.h"
#include "lvs_map.h"
#include "options.h"

/* A driver for `conf` (kept by the caller). self NULL: out of memory. */
struct vgd_driver vgd_lvs_new(const struct vgd_opts *o, const struct vg_conf *conf, struct vg_diags *dg);

/* The hooks the root gives the VRRP driver (driver.h struct vgd_hooks), with ctx = drv->self. */
void vgd_lvs_vip(void *self, const struct vg_addr *addr, bool present);
void vgd_lvs_vrrp_state(void *self, const char *instance, int state);

/*
 * The checker driver's hook (driver.h struct vgd_lvs_hooks, ctx = drv->self):
 * mapped service `svc` is now in state `st`; the desired table follows and
 * the kernel gets the difference. The IPVS changes sent, or -1 (not applied:
 * no IPVS, refused, or before start / after stop).
 */
struct vg_lvs_service;
int vgd_lvs_service_state(void *self, uint32_t svc, const struct vg_lvs_service *st);

/*
 * The map of `conf` (lvs_map.h: a new reference) when it is the tree the
 * driver runs or prepares, else NULL: the checker driver's map source
 * (struct vgd_lvs_map_source, ctx = drv->self).
 */
struct vgd_lvs_map *vgd_lvs_shared_map(void *self, const struct vg_conf *conf);

/*
 * The running tree's real_server blocks are about to go (daemon.c,
 * vg_conf_drop_lvs): the running map lets go of them (lvs_map.h). 0, or
 * -1 (a reload is being prepared, or out of memory: keep the tree).
 */
int vgd_lvs_release_tree(struct vgd_driver *drv);

/* --cleanup: remove the configuration's services a killed vigild left. The services removed, or -1. */
int vgd_lvs_cleanup(struct vgd_driver *drv);

/*
 * At a reload's commit, take each new service's state from state(ctx, svc)
 * (the checker driver's vgd_check_reload_state: unchanged checkers carried
 * over) instead of the start state; NULL from it: the start state.
 */
struct vg_lvs_service;
void vgd_lvs_set_reload_states(struct vgd_driver *drv, const struct vg_lvs_service *(*state)(void *ctx, uint32_t svc),
			       void *ctx);

/*
 * --ipvs-diff: print (ipvsadm commands) what conf would change in the kernel
 * table. When a vigild runs with pid file `pid_file` and left its owned
 * services beside it (PIDFILE.ipvs), what its reload with conf does: the
 * services of its file that conf drops are deleted (-D). Otherwise what a
 * start does (services conf does not name are left alone unless lvs_flush).
 * 0 or 1.
 */
int vgd_lvs_print_diff(const struct vg_conf *conf, const char *pid_file, FILE *out);

/*
 * The checker driver's verdicts arrive through vgd_lvs_service_state. -t and
 * start: every checker of a type vigild has no probe for, reported as not run.
 */
void vgd_lvs_report_checkers(const struct vg_conf *conf, struct vg_diags *dg);

#endif
