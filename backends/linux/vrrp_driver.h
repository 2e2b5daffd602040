/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver: the core's router on real interfaces.
 *
 * It owns everything the VRRP side of vigild holds: the running generation
 * (a loaded configuration's plan, instances and router, and the kernel view
 * of their interfaces), the raw VRRP sockets and the gratuitous ARP socket,
 * the effect and receive buffers, the core's GARP pacing queue, the
 * no_accept nftables handle, the script runner and its counters. It
 * registers its sockets, the netlink monitor and the runner's descriptor
 * with the loop, one deadline source (start-up delay, the router's timers,
 * the runner's, the GARP queue's) and the receive-coalescing hold hook.
 *
 * The files: vrrp_driver.c (effects, netlink and runner callbacks, loop
 * handlers, start and stop), vrrp_gen.c (generations), vrrp_rx.c (sockets,
 * the receive path and its coalescing), vrrp_apply.c (interfaces, vmacs, VIPs, virtual
 * routes and rules, no_accept, gratuitous ARP sending, stale VIP cleanup),
 * vrrp_carry.c (reload along the core's diff, core/node/reload.h),
 * vrrp_dump.c (the SIGUSR1 state dump), vrrp_metrics.c (its families on
 * the metrics endpoint).
 *
 * A generation: SIGHUP builds a new one and moves every instance whose
 * configuration did not change into it with its state, timers and VIPs
 * untouched; changed or removed instances are stopped (priority 0, VIPs
 * removed, notify_stop or notify_deleted) and new ones start.
 */
#ifndef VGD_VRRP_DRIVER_H
#define VGD_VRRP_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_unknown_log.h"
#include "driver.h"
#include "loop.h"
#include "netlink/nl.h"
#include "node/node.h"
#include "node/reload.h"
#include "noaccept.h"
#include "options.h"
#include "recorder.h"
#include "procwatch.h"
#include "script/runner.h"
#include "vrrp/garp.h"
#include "vrrp/linkwatch.h"
#include "vrrp/plan.h"
#include "vrrp/router.h"
#include "vrrp/vmac.h"
#include "vrrp_sock.h"

/* The kernel's view of one interface of the plan (index = plan id - 1). */
struct vgd_if {
	uint32_t kidx; /* 0: absent */
	bool up;
	uint8_t mac[6];
	struct vg_addr primary4, primary6;
	bool joined4, joined6;
};

/* An instance's or sync group's last transition (vigil status, keepalived.json), at = 0: none. */
struct vgd_last {
	uint8_t from, to, why; /* enum vg_vrrp_state, enum vg_vrrp_why */
	vg_time at;            /* the core's time of the transition */
};

/* One loaded configuration and everything that runs it. */
struct vgd_gen {
	struct vg_node node; /* conf (the root's) -> plan -> instances -> router (core/node) */
	struct vgd_if ifs[VG_PLAN_IFACES_MAX];
	uint32_t *tx_kidx;   /* per instance: adverts and GARPs leave here (vmac or base) */
	uint32_t *vmac_kidx; /* per instance: its macvlan, 0 if none */
	/* every vmac of the configuration, the instances' and the VIPs' (core/vrrp/vmac.h), named once */
	struct vg_vmac *vmacs;
	uint32_t *vmacs_kidx; /* per vmac: the VIPs' ones (the instances' are in vmac_kidx), 0 if none */
	size_t vmac_count;
	uint8_t (*tx_mac)[6];
	bool *vips_on;
	struct vgd_last *last;  /* per instance; carried over a reload */
	struct vgd_last *glast; /* per sync group */
	/* the garp_group of each interface GARPs leave by, resolved once when the generation is built */
	uint16_t *garp_iface, *garp_vmac, *garp_dev;
	uint32_t *garp_vip_first;
	struct vg_garp_groups garp;
	bool started;
	vg_time rx_hold; /* receive coalescing window (rx_hold_window), 0: none */
	/* per plan interface: polled or netlink, delays (core/vrrp/linkwatch.h); how it is polled */
	struct vg_link_policy lpol[VG_PLAN_IFACES_MAX];
	struct vg_link_debounce ldb[VG_PLAN_IFACES_MAX];
	int lb_how[VG_PLAN_IFACES_MAX];
	uint32_t lb_kidx[VG_PLAN_IFACES_MAX]; /* the kernel interface ldb[] was set up for (0: none) */
};

/* What the driver counts (the state dump prints them). */
struct vgd_vrrp_counters {
	uint64_t rx_packets;  /* datagrams read */
	uint64_t rx_unmapped; /* on an interface no instance runs on (or a vmac's copy) */
	uint64_t rx_dropped;  /* not even an IP header, or refused by the core */
	uint64_t rx_reads;    /* socket reads that returned packets (a wake-up each) */
	uint64_t tx_errors;   /* adverts and gratuitous ARPs / NAs the kernel refused */
	uint64_t fx_unhandled; /* effects of a kind this driver does not carry out (0 unless a bug) */
};

/* A reload prepared and not yet committed. */
struct vgd_vrrp_next {
	struct vgd_gen *gen;
	struct vg_reload diff; /* the core's: what carries over, stops, starts */
};

#define VGD_PROMOTED_MAX 64

struct vgd_vrrp {
	const struct vgd_opts *o;
	struct vgl_loop *loop; /* NULL until started */
	struct vgl_nl *nl;     /* shared with the root */
	bool rxbufs_warned;    /* a bad vrrp_rx_bufs_policy logged once */
	struct vgd_gen *gen;
	struct vgd_vrrp_next next;
	struct vgl_runner *runner;
	struct vgl_runner *retired; /* the runner before the last reload, until its notify scripts end */
	int runner_fd;              /* as registered with the loop */
	struct vgd_procwatch *pw;   /* vrrp_track_process (procwatch.h); NULL if none is tracked */
	int pw_fd;                  /* its proc connector as registered with the loop, -1 if none */
	struct vgd_noaccept *na;    /* opened when a no_accept Master first installs VIPs */
	struct vgd_vrrp_sock sock;
	int garp_fd;
	int lb_fd;            /* linkbeat polling's ioctl socket (vrrp_link.c), -1 until needed */
	vg_time lb_next;      /* the next linkbeat poll (0: at once) */
	bool r4, r6;          /* the sockets were readable at this wake-up: read by the hold hook's drain */
	bool hold;            /* receive coalescing: packets come faster than one a window */
	vg_time startup_at;   /* vrrp_startup_delay; NEVER once started */
	vg_time fed;          /* the latest time handed to the core (it must never go back) */
	vg_time last_read;    /* when a socket read last returned packets */
	struct vg_action *abuf;
	size_t acap;
	uint8_t txbuf[VG_VRRP_PKT_MAX]; /* each advert is encoded here as it is sent */
	uint8_t (*rxbufs)[VGD_RX_BUF];
	struct vgd_rx rx[VGD_RX_BATCH];
	struct vg_garp_queue *garpq; /* paced gratuitous ARP / NA; allocated when an interval is set */
	struct vgd_vrrp_counters n;
	struct vgd_unknown_vrids unknown; /* log_unknown_vrids (vrrp_unknown_log.h) */
	struct vgd_hooks hooks; /* set by the root: VIPs and states for the other drivers */
	struct vgd_recorder *rec; /* the flight recorder (the root's), NULL: off */
	/* promote_secondaries: the interfaces whose sysctl vigild turned on, reset at stop */
	char promoted[VGD_PROMOTED_MAX][16];
	unsigned promoted_count;
};

/* A driver for `conf` (kept by the caller until the driver is freed or reloaded). NULL: no memory. */
struct vgd_driver vgd_vrrp_new(const struct vgd_opts *o, struct vgl_nl *nl, const struct vg_conf *conf,
			       struct vg_diags *dg);

/* The root's hooks: every VIP added or removed, every instance state entered. */
void vgd_vrrp_set_hooks(struct vgd_driver *drv, const struct vgd_hooks *h);

/* A tracked object of another driver changed (the BFD driver's sessions: VG_TRACK_BFD, id = 1 + index). */
void vgd_vrrp_track(struct vgd_driver *drv, uint8_t kind, uint16_t id, bool up, int32_t value, vg_time now);

/* The root's flight recorder: every input given to the core, each configuration generation. */
void vgd_vrrp_set_recorder(struct vgd_driver *drv, struct vgd_recorder *rec);

/* --cleanup (a driver never started): remove the VIPs, virtual routes and rules and vmacs its
   configuration names. Returns the VIPs removed. */
unsigned vgd_vrrp_cleanup(struct vgd_driver *drv);
/* A SIGHUP found the files unchanged: fifo_write_vrrp_states_on_reload's lines all the same. */
void vgd_vrrp_reload_unchanged(struct vgd_driver *drv);

/* ---- between the driver's files ---- */

/* vrrp_gen.c */
struct vgd_gen *vgd_gen_new(const struct vg_conf *conf, struct vg_diags *dg);
void vgd_gen_free(struct vgd_gen *g);
const char *vgd_inst_name(const struct vgd_gen *g, uint16_t id);
/* The core's id (1 + plan interface) of kernel interface kidx; 0: no instance runs on it. */
uint32_t vgd_vrrp_plan_id(const struct vgd_gen *g, uint32_t kidx);

/* vrrp_driver.c */
int vgd_vrrp_abuf_fit(struct vgd_vrrp *v, const struct vgd_gen *g);
void vgd_vrrp_exec(struct vgd_vrrp *v, struct vgd_gen *g, const struct vg_actions *acts, vg_time now);
/* One event into the running generation's router; its effects carried out. Why it was dropped. */
enum vg_vrrp_drop vgd_vrrp_drive(struct vgd_vrrp *v, vg_time now, const struct vg_vrrp_event *ev);
vg_time vgd_vrrp_core_time(struct vgd_vrrp *v, vg_time now);
void vgd_vrrp_start_instances(struct vgd_vrrp *v, struct vgd_gen *g, vg_time now);
void vgd_vrrp_runner_start(struct vgd_vrrp *v, vg_time now);
void vgd_vrrp_procwatch_start(struct vgd_vrrp *v, vg_time now);
void vgd_vrrp_untrack_disabled(struct vgd_vrrp *v, struct vgd_gen *g, vg_time now);

/* vrrp_rx.c: the sockets of generation g's instances; the loop's socket handler and hold hook */
void vgd_vrrp_sockets_update(struct vgd_vrrp *v, struct vgd_gen *g);
void vgd_vrrp_on_sock(void *ctx, int fd, vg_time now);
void vgd_vrrp_rx_drain(void *ctx, vg_time now);
vg_time vgd_vrrp_rx_window(void *ctx);

/* vrrp_apply.c */
void vgd_vrrp_resolve_iface(struct vgd_vrrp *v, struct vgd_gen *g, uint16_t i);
void vgd_vrrp_resolve(struct vgd_vrrp *v, struct vgd_gen *g);
/* The name of instance i's vmac (keepalived's naming, core/vrrp/vmac.h), NULL: it has none. */
const char *vgd_vmac_name(const struct vgd_gen *g, uint16_t i);
void vgd_vrrp_vips(struct vgd_vrrp *v, struct vgd_gen *g, uint16_t id, bool add, bool accept);
/* Is addr, removed from kernel interface kidx, a VIP / eVIP instance id holds? *no_track: its option. */
bool vgd_vrrp_vip_removed(struct vgd_vrrp *v, const struct vgd_gen *g, uint16_t id, uint32_t kidx,
			  const struct vg_addr *addr, bool *no_track);
/* static_ipaddress / static_routes / static_rules (vrrp_static.c): set at start, removed at stop. */
void vgd_vrrp_static(struct vgd_vrrp *v, const struct vgd_gen *g, bool add);
/* A reload: remove the static entries og has and ng lacks, add those ng adds (keepalived 2.2.7). */
void vgd_vrrp_static_reload(struct vgd_vrrp *v, const struct vgd_gen *og, const struct vgd_gen *ng);
void vgd_vrrp_garps(struct vgd_vrrp *v, struct vgd_gen *g, uint16_t id, unsigned repeat, vg_time now);
void vgd_vrrp_garps_extra(struct vgd_vrrp *v, struct vgd_gen *g, uint16_t id);
/* promote_secondaries: put back the interfaces' sysctl vigild turned on (at stop). */
void vgd_vrrp_promote_reset(struct vgd_vrrp *v);
void vgd_vrrp_garp_run(struct vgd_vrrp *v, vg_time now);
vg_time vgd_vrrp_garp_deadline(const struct vgd_vrrp *v);
unsigned vgd_vrrp_clean_stale(struct vgd_vrrp *v, struct vgd_gen *g, bool links_too);

/* vrrp_link.c: link states, polled (linkbeat) or from netlink, and their up/down delays */
void vgd_vrrp_link_resolved(struct vgd_vrrp *v, struct vgd_gen *g, uint16_t i);
void vgd_vrrp_link_netlink(struct vgd_vrrp *v, struct vgd_gen *g, uint16_t i, bool up, vg_time now);
/* Plan interface i went down: if it is gone (deleted), forget it and tell its instances; true then. */
bool vgd_vrrp_link_gone(struct vgd_vrrp *v, struct vgd_gen *g, uint16_t i, vg_time now);
vg_time vgd_vrrp_link_deadline(const struct vgd_vrrp *v);
void vgd_vrrp_link_run(struct vgd_vrrp *v, vg_time now);
void vgd_vrrp_link_close(struct vgd_vrrp *v);
/* vrrp_driver.c: tell the instances plan interface i is up or down; a tracked object's state */
void vgd_vrrp_drive_link(struct vgd_vrrp *v, uint16_t i, bool up, vg_time now);
void vgd_vrrp_drive_track(struct vgd_vrrp *v, uint8_t kind, uint16_t id, bool up, vg_time now);
/* vrrp_srcip.c: track_src_ip, the configured source addresses reported (VG_TRACK_SRC_IP) */
void vgd_vrrp_srcip_check(struct vgd_vrrp *v, struct vgd_gen *g, vg_time now);

/* vrrp_carry.c */
int vgd_vrrp_reload_prepare(void *self, const struct vg_conf *conf, struct vg_diags *dg);
void vgd_vrrp_reload_commit(void *self, vg_time now);
void vgd_vrrp_reload_abort(void *self);
struct vg_reload;
void vgd_vrrp_fifo_states(struct vgd_vrrp *vr, const struct vg_reload *d);

/* vrrp_dump.c */
void vgd_vrrp_dump(void *self, FILE *f);

/* vrrp_metrics.c */
void vgd_vrrp_metrics(void *self, struct vgd_expo *w);
/* vrrp_status.c: the status snapshot's rows; keepalived.stats and keepalived.json */
void vgd_vrrp_status(void *self, struct vgd_status *st);
void vgd_vrrp_report(void *self, enum vgd_report kind, bool clear, FILE *f, vg_time now, uint64_t real_ns);

#endif
