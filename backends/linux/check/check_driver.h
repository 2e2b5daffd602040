/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the checker driver: vg_lvs_node's health checkers run on vigild's event loop.
 *
 * A sibling of the VRRP and LVS drivers (driver.h). It builds one core LVS
 * node (core/lvs/node.h) from the configuration and carries out its
 * effects: VG_ACT_LVS_PROBE starts a probe (probe.h) and its outcome goes
 * back as VG_LVS_EV_PROBE; PROBE_ABORT closes one; a verdict's table edits
 * (DEST_ADD / EDIT / DEL, the sorry server, quorum) go to the LVS driver
 * through struct vgd_lvs_hooks (the kernel follows the service's state;
 * without IPVS the edits are logged as not applied); NOTIFY_UP / DOWN and
 * QUORUM_UP / DOWN run notify_up / notify_down / quorum_up / quorum_down
 * and write the lvs_notify_fifo / notify_fifo lines; the log lines are
 * keepalived's checker's ("TCP connection to [192.0.2.10]:tcp:80
 * success.", "Removing service [192.0.2.10]:tcp:80 from VS ...").
 *
 * The loop has VGL_LOOP_FDS_MAX descriptors: every probe socket goes into
 * the driver's own epoll set, registered in the loop as one descriptor,
 * and every probe deadline into one deadline source. Work per wake-up is
 * bounded (VGC_STARTS_PER_WAKE probe starts and VGC_START_BUDGET_NS of them, VGC_EVENTS_PER_WAKE socket
 * events); what is left waits for the next wake-up, which comes at once,
 * after the loop has served the other drivers' descriptors and deadlines,
 * so checker work delays a VRRP advert by at most one bounded batch.
 *
 * Identical probes are made once (check_share.h): checkers with the same
 * type, target and parameters join the probe in flight and each gets the
 * verdict through its own checker state machine.
 */
#ifndef VGC_CHECK_DRIVER_H
#define VGC_CHECK_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"
#include "lvs_map.h"
#include "driver.h"
#include "options.h"

#define VGC_STARTS_PER_WAKE 64  /* probe starts per wake-up */
/* and no more start once this much time has gone since the wake-up: a connect costs
   ~40 us on hardware but ms on a slow (emulated, starved) kernel (bench/checkers) */
#define VGC_START_BUDGET_NS VG_US(500)
#define VGC_EVENTS_PER_WAKE 64  /* socket readiness events handled per wake-up */
/* Checker deadlines (the core's timers, the probes' timeouts) are due on a grid of this
   step: the ones that fall in one step share a wake-up, a timer re-arm and a batch of
   sends. keepalived's checker timers have second-scale parameters (delay_loop,
   connect_timeout); at 10,000 servers and delay_loop 3 this is ~33 probes per wake-up
   instead of one (bench/checkers). The VRRP side's deadlines are not rounded. */
#define VGC_TIMER_STEP_NS VG_MS(10)

struct vgc_check;

/*
 * The running tree's real_server blocks are about to go (daemon.c,
 * vg_conf_drop_lvs): the running generation has copied what it reads later
 * (gen.c) and its map lets go of them (lvs_map.h). 0, or -1 (a reload is
 * being prepared, or out of memory: keep the tree).
 */
int vgd_check_release_tree(struct vgd_driver *drv);

/*
 * A driver for `conf` (kept by the caller). self NULL: out of memory. src:
 * where each generation gets the LVS map of its tree (the LVS driver's,
 * lvs_map.h), kept for the reloads; NULL, or a NULL answer: it maps the
 * tree itself.
 */
struct vgd_driver vgd_check_new(const struct vgd_opts *o, const struct vg_conf *conf,
				const struct vgd_lvs_map_source *src, struct vg_diags *dg);

/* Where verdicts' table edits go (the LVS driver), wired by daemon.c. */
/* Record every vg_lvs_node input in the flight recorder (NULL: off). */
struct vgd_recorder;
void vgd_check_set_recorder(struct vgd_driver *drv, struct vgd_recorder *rec);

void vgd_check_set_lvs_hooks(struct vgd_driver *drv, const struct vgd_lvs_hooks *h);

/*
 * Where the checker e-mail alerts go (the mail driver, wired by daemon.c;
 * check_mail.c decides with core/alert/mail_checker.h which events send
 * one): rs NULL for a virtual server's quorum alert; up: the real server's
 * state (or the quorum) after the event; body: keepalived's words.
 */
struct vgd_check_mail_hook {
	void (*checker)(void *ctx, const char *rs, const char *vs, bool up, const char *body, vg_time now);
	void *ctx;
};
void vgd_check_set_mail_hook(struct vgd_driver *drv, const struct vgd_check_mail_hook *h);

/* The VRRP driver's VIP hook (ha_suspend): ctx = drv->self. */
void vgd_check_vip(void *self, const struct vg_addr *addr, bool present);

/* The BFD driver's checker hook (BFD_CHECK, check_bfd.c): session `name` is Up or not; ctx = drv->self. */
void vgd_check_bfd(void *self, const char *name, bool up, vg_time now);

/* A new weight for a real server (FILE_CHECK, misc_dynamic): VG_LVS_EV_WEIGHT at `now`. */
void vgd_check_weight(struct vgc_check *c, uint16_t service, uint16_t rs, int32_t weight, vg_time now);

/*
 * A reload being committed: the state the prepared configuration gives
 * mapped service `svc` (its unchanged checkers carried over), or NULL (it
 * starts afresh). The LVS driver's reload commit programs the kernel from
 * it (wired by daemon.c: ctx = drv->self).
 */
struct vg_lvs_service;
const struct vg_lvs_service *vgd_check_reload_state(void *self, uint32_t svc);

/* -t and start: every checker whose type vigild does not run, as a note (code lvs-checker-not-run). */
void vgd_check_report_unrun(const struct vg_conf *conf, struct vg_diags *dg);

/* ---- read-only state for operators (vigil status, metrics) ------------------------- */

struct vgd_check_rs_status {
	uint16_t service;             /* index of the mapped virtual server */
	uint16_t rs;                  /* real server index in it */
	char vs[80];                  /* keepalived's format: "[192.0.2.1]:tcp:80", "FWM 7", "[group]:80" */
	char rs_name[64];             /* "[192.0.2.10]:tcp:80" */
	bool alive;                   /* no checker down */
	bool in_table;                /* the service's state puts it in the kernel table */
	int32_t weight;               /* its weight in the table (0: inhibited), or the effective weight */
	uint16_t checkers;            /* checkers of this server (run by vigild or not) */
	uint16_t failed_checkers;
	uint8_t last_type;            /* enum vg_lvs_check_type of its last result */
	uint8_t last_outcome;         /* enum vg_lvs_probe_outcome of its last result (ok / failed / timeout / http) */
	bool last_ok;                 /* the last result counted as a success */
	bool has_result;              /* a probe has finished */
	vg_time last_latency_ns;      /* of the last probe, start to result */
	vg_time last_result_ns;       /* when (loop clock, monotonic) */
	vg_time since_ns;             /* alive / dead since (start, or the last change) */
	char why[96];                 /* the last failure's reason, "" */
};

/* Real servers of the running configuration (0 before start). */
size_t vgd_check_rs_count(const struct vgd_driver *drv);
/* The i-th (service order, then real server order). 0, or -1 past the end. */
int vgd_check_rs_status(const struct vgd_driver *drv, size_t i, struct vgd_check_rs_status *out);

/* Counters (state dump, metrics). */
struct vgd_check_counters {
	uint64_t probes_started;      /* probes opened (shared ones once) */
	uint64_t probes_joined;       /* checker requests served by a probe already in flight */
	uint64_t probes_ok, probes_failed, probes_timeout;
	uint64_t aborted;             /* given up by the core (PROBE_ABORT) */
	uint64_t deferred;            /* wake-ups that left work for the next one */
	uint64_t table_edits;         /* service states handed to the LVS driver */
	uint64_t table_not_applied;   /* of which the kernel did not get (no IPVS) */
	uint64_t notifies;            /* notify / quorum scripts started */
	uint64_t in_flight;           /* probes now */
	uint64_t in_flight_max;
};
struct vgd_check_counters vgd_check_counters(const struct vgd_driver *drv);

#endif
