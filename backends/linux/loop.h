/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vigild's event loop: descriptors and deadlines as handlers.
 *
 * One thread and one epoll set, whose wait (epoll_pwait2) times out at the
 * earliest deadline of the registered deadline sources: no timer to read
 * or set again, two system calls a wake-up fewer than a timerfd. On a
 * kernel without epoll_pwait2 (before 5.11) a timerfd (CLOCK_MONOTONIC,
 * absolute) takes over, set again only when that deadline changes. The
 * loop knows no protocol: a
 * driver registers each descriptor with a function and a context, and each
 * deadline source as a pair (when is it due, fire it). The clock is read
 * once per wake-up and handed down as `now`; nothing else in vigild reads
 * it for a decision (the receive path converts the kernel's packet stamps
 * with the CLOCK_REALTIME reading of the same wake-up, vgl_loop_real()).
 *
 * One wake-up: wait; read the clock; call the handler of every ready
 * descriptor; call the hold hook's drain (deferred reads: what the sockets
 * hold arrived before now, so it goes before the deadlines due now); fire
 * the due deadline sources, earliest first, each at most once. Then, if the
 * hold hook asks for a window, sleep that long (never past a deadline)
 * before polling again instead of blocking: receive coalescing, see the
 * VRRP driver's rx_hold_window (the clock is read before that sleep too,
 * to know when it ends; the wake-up after it reads it again). A deadline
 * that comes due while a wake-up's handlers run fires at the next wake-up,
 * at once (a zero timeout, or a timerfd set in the past).
 */
#ifndef VGL_LOOP_H
#define VGL_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/time.h"

#define VGL_LOOP_FDS_MAX 32
#define VGL_LOOP_DEADLINES_MAX 8

struct vgl_loop;

/* A descriptor is readable (level-triggered: read what it holds, or it wakes the loop again). */
typedef void (*vgl_loop_fd_fn)(void *ctx, int fd, vg_time now);
/* A deadline source: when it is next due (VG_TIME_NEVER: not), and firing it at `now`. */
typedef vg_time (*vgl_loop_next_fn)(void *ctx);
typedef void (*vgl_loop_fire_fn)(void *ctx, vg_time now);

/* Receive coalescing, provided by a driver (at most one). */
struct vgl_loop_hold {
	/* after a wake-up's descriptor handlers, before its deadlines */
	void (*drain)(void *ctx, vg_time now);
	/* > 0: sleep this long (never past a deadline) before polling again, instead of blocking */
	vg_time (*window)(void *ctx);
	void *ctx;
};

/*
 * Lag: how late a deadline source fired, `now` minus its deadline (the
 * timerfd's wake-up, the handlers that ran first, the scheduler); a
 * deadline that was already past at the previous wake-up (one set to "at
 * once") counts from that wake-up. Counted
 * per firing into the buckets of VGL_LOOP_LAG_BOUNDS_NS (the last: above
 * all), summed, and the largest kept: the metrics endpoint's histogram.
 */
#define VGL_LOOP_LAG_BUCKETS 8
#define VGL_LOOP_LAG_BOUNDS_NS                                                                          \
	{ VG_US(50), VG_US(100), VG_US(500), VG_MS(1), VG_MS(5), VG_MS(10), VG_MS(50), VG_MS(100) }

struct vgl_loop_stats {
	uint64_t wakeups; /* returns from the wait */
	uint64_t timed;   /* waits with a timeout (epoll_pwait2) */
	uint64_t arms;    /* timerfd_settime() calls (the timerfd's loop) */
	uint64_t holds;   /* coalescing sleeps */
	uint64_t fired;   /* deadline sources fired */
	uint64_t lag[VGL_LOOP_LAG_BUCKETS + 1]; /* firings by lateness (bounds above; [BUCKETS]: later) */
	vg_time lag_sum_ns;
	vg_time lag_max_ns;
};

struct vgl_loop *vgl_loop_new(char *err, size_t n);
/*
 * The wait for a deadline rel ahead: the kernel may end it late by its
 * slack (at least the thread's timer slack `slack`, for a long wait rel /
 * div: 1000, 200 niced, 0 for a real-time thread: none): a wait that could
 * end more than `slack` late ends early by that instead, then a shorter
 * one follows (with the default slack of 50 us: waits over 50 ms).
 */
vg_time vgl_loop_wait_for(vg_time rel, vg_time slack, unsigned div);
/* Wait on a timerfd instead of epoll_pwait2's timeout (chosen by itself on ENOSYS; tests). 0 / -1. */
int vgl_loop_use_timerfd(struct vgl_loop *l);
void vgl_loop_free(struct vgl_loop *l);

/* Watch fd (>= 0) for input. Returns 0, or -1 (full, or epoll refused it). */
int vgl_loop_add_fd(struct vgl_loop *l, int fd, vgl_loop_fd_fn fn, void *ctx);
/* In an fd handler: epoll's events for its descriptor (EPOLLIN, EPOLLERR: an error queue to read, ...). */
uint32_t vgl_loop_events(const struct vgl_loop *l);
/* Stop watching fd (an event already taken for it in this wake-up is not delivered). */
void vgl_loop_del_fd(struct vgl_loop *l, int fd);
/*
 * What wakes fd's handler: input, room to write, or both (a connection that
 * has an answer to send; errors and hang-ups always do). 0 or -1.
 */
int vgl_loop_fd_events(struct vgl_loop *l, int fd, bool in, bool out);

int vgl_loop_add_deadline(struct vgl_loop *l, vgl_loop_next_fn next, vgl_loop_fire_fn fire, void *ctx);
void vgl_loop_set_hold(struct vgl_loop *l, const struct vgl_loop_hold *h);

/* Fire what is due, then run wake-ups until vgl_loop_stop(). */
void vgl_loop_run(struct vgl_loop *l);
/* One wake-up (blocks until something happens); false once stopped or on a wait error. */
bool vgl_loop_once(struct vgl_loop *l);
void vgl_loop_stop(struct vgl_loop *l);
bool vgl_loop_stopped(const struct vgl_loop *l);

/* Told how late each deadline source fired (the lag above), after counting it: max_auto_priority. */
typedef void (*vgl_loop_lag_fn)(void *ctx, vg_time late, vg_time now);
void vgl_loop_set_lag_hook(struct vgl_loop *l, vgl_loop_lag_fn fn, void *ctx);

/* The earliest deadline of the sources. */
vg_time vgl_loop_next_deadline(const struct vgl_loop *l);
/* CLOCK_REALTIME (ns) read at the same wake-up as `now`: to convert kernel receive stamps. */
uint64_t vgl_loop_real(const struct vgl_loop *l);
struct vgl_loop_stats vgl_loop_stats(const struct vgl_loop *l);

/* The monotonic clock, for start-up (before the first wake-up) and for tests. */
vg_time vgl_clock_now(void);

#endif
