/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's process watcher for vrrp_track_process: which processes
 * run, from the kernel's process events, or from /proc when those cannot be
 * had.
 *
 * At start it subscribes to the kernel's process events (the netlink proc
 * connector: NETLINK_CONNECTOR, CN_IDX_PROC; PROC_EVENT_FORK, _EXEC, _COMM,
 * _EXIT) and then scans /proc once, as keepalived 2.2.7 does; it keeps a
 * table of the processes that match some tracked block (pid -> blocks) and
 * each block's count in the core's machine (core/vrrp/proctrack.h), which
 * decides quorum and delays. Lost events (ENOBUFS) mean a full rescan.
 *
 * The proc connector only answers in the initial network namespace: in any
 * other the subscription fails with ECONNREFUSED (keepalived 2.2.7 logs
 * "Failed to set/clear process event listen" and never counts a process,
 * so every instance that tracks one stays in FAULT). vigild then scans /proc
 * every VGD_PROCWATCH_POLL (1 s), and also when the kernel never
 * acknowledged the subscription within that time. With polling a change is
 * seen up to 1 s late, and a process that lives less than that may not be
 * seen at all.
 *
 * Only blocks that some instance or sync group tracks are watched; with
 * none the watcher opens nothing. At most VGD_PROCWATCH_MAX blocks.
 */
#ifndef VGD_PROCWATCH_H
#define VGD_PROCWATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/time.h"
#include "conf/conf.h"

#define VGD_PROCWATCH_MAX 64          /* tracked process blocks */
#define VGD_PROCWATCH_POLL VG_S(1)    /* /proc scan interval without process events */

struct vgd_procwatch; /* opaque */

struct vgd_procwatch_cb {
	void *ctx;
	/* block id (1 + index in conf->track_processes, VG_TRACK_PROCESS) is up or down now */
	void (*track)(void *ctx, uint8_t kind, uint16_t id, bool up, int32_t value, vg_time now);
	void (*log)(void *ctx, int prio, const char *msg);
};

struct vgd_procwatch_opts {
	const char *proc_root; /* "/proc" unless a test says otherwise */
	bool no_events;        /* do not try the proc connector (tests) */
};

/*
 * Watch the blocks of `conf` whose bit is set in `tracked` (bit id-1; NULL:
 * all of them); scan /proc and report every watched block's state through
 * cb.track before returning. NULL when nothing is watched or out of memory
 * (then cb.log said so).
 */
struct vgd_procwatch *vgd_procwatch_new(const struct vg_conf *conf, const uint64_t *tracked,
					const struct vgd_procwatch_cb *cb, const struct vgd_procwatch_opts *o,
					vg_time now);
void vgd_procwatch_free(struct vgd_procwatch *w);

/* The connector's descriptor, -1 when polling. */
int vgd_procwatch_fd(const struct vgd_procwatch *w);
void vgd_procwatch_fd_ready(struct vgd_procwatch *w, vg_time now);

vg_time vgd_procwatch_next_deadline(const struct vgd_procwatch *w);
void vgd_procwatch_timer(struct vgd_procwatch *w, vg_time now);

/* Polling /proc (no process events)? */
bool vgd_procwatch_polling(const struct vgd_procwatch *w);

/* Matching processes of block id now (tests, the dump). */
uint32_t vgd_procwatch_count(const struct vgd_procwatch *w, uint16_t id);

void vgd_procwatch_dump(const struct vgd_procwatch *w, FILE *f);

#endif
