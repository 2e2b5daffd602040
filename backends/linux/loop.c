/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the event loop (see loop.h): epoll, its wait's timeout (or a timerfd), handler tables.
 */
#include "loop.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define EVENTS_MAX 16

struct fd_slot {
	int fd; /* -1: free */
	uint32_t gen; /* bumped on each use: a stale event of a freed slot is recognised */
	vgl_loop_fd_fn fn;
	void *ctx;
};

struct deadline_src {
	vgl_loop_next_fn next;
	vgl_loop_fire_fn fire;
	void *ctx;
};

struct vgl_loop {
	int epfd, tfd;     /* tfd: -1 while epoll_pwait2's timeout serves (loop.h) */
	vg_time slack;     /* the kernel's timer slack for this thread (prctl PR_GET_TIMERSLACK) */
	unsigned slack_div; /* a long wait's slack is its length / this (fs/select.c); 0: none (real-time) */
	bool stop;
	bool hold;         /* the hold hook asked for a window after the last wake-up */
	vg_time now;       /* the clock at the last wake-up */
	vg_time prev;      /* at the one before: a deadline already past then counts as due then (lag) */
	uint64_t real;     /* CLOCK_REALTIME at the same moment */
	vg_time armed_at;  /* the timerfd's deadline as last set */
	uint32_t events;   /* epoll's events of the descriptor whose handler runs */
	struct fd_slot fds[VGL_LOOP_FDS_MAX];
	struct deadline_src dl[VGL_LOOP_DEADLINES_MAX];
	uint32_t dl_count;
	struct vgl_loop_hold hook;
	struct vgl_loop_stats stats;
	vgl_loop_lag_fn lag_fn;
	void *lag_ctx;
};

vg_time vgl_clock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return VG_S(ts.tv_sec) + (vg_time)ts.tv_nsec;
}

static uint64_t real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void wake(struct vgl_loop *l)
{
	l->prev = l->now;
	l->now = vgl_clock_now();
	l->real = real_now();
}

static struct timespec timespec_of(vg_time t)
{
	struct timespec ts = { .tv_sec = (time_t)(t / VG_S(1)), .tv_nsec = (long)(t % VG_S(1)) };

	return ts;
}

static void timer_read(void *ctx, int fd, vg_time now)
{
	uint64_t ticks;

	(void)ctx;
	(void)now;
	if (read(fd, &ticks, sizeof(ticks)) < 0)
		(void)0;
}

struct vgl_loop *vgl_loop_new(char *err, size_t n)
{
	struct vgl_loop *l = calloc(1, sizeof(*l));
	uint32_t i;

	if (!l) {
		snprintf(err, n, "event loop: out of memory");
		return NULL;
	}
	for (i = 0; i < VGL_LOOP_FDS_MAX; i++)
		l->fds[i].fd = -1;
	l->armed_at = VG_TIME_NEVER;
	l->tfd = -1;
	{
		int slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);

		l->slack = slack > 0 ? (vg_time)slack : VG_US(50);
	}
	/* (vigild sets its nice and scheduler before it makes the loop: daemon.c) */
	{
		int policy = sched_getscheduler(0);

		l->slack_div = policy == SCHED_RR || policy == SCHED_FIFO ? 0 : getpriority(PRIO_PROCESS, 0) > 0 ? 200 : 1000;
	}
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		snprintf(err, n, "event loop: %s", strerror(errno));
		vgl_loop_free(l);
		return NULL;
	}
	wake(l);
	return l;
}

void vgl_loop_free(struct vgl_loop *l)
{
	if (!l)
		return;
	if (l->epfd >= 0)
		close(l->epfd);
	if (l->tfd >= 0)
		close(l->tfd);
	free(l);
}

int vgl_loop_add_fd(struct vgl_loop *l, int fd, vgl_loop_fd_fn fn, void *ctx)
{
	struct epoll_event ev = { .events = EPOLLIN };
	uint32_t i;

	if (fd < 0)
		return -1;
	for (i = 0; i < VGL_LOOP_FDS_MAX && l->fds[i].fd >= 0; i++)
		;
	if (i == VGL_LOOP_FDS_MAX)
		return -1;
	l->fds[i].gen++;
	ev.data.u64 = (uint64_t)l->fds[i].gen << 32 | i;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev))
		return -1;
	l->fds[i].fd = fd;
	l->fds[i].fn = fn;
	l->fds[i].ctx = ctx;
	return 0;
}

void vgl_loop_del_fd(struct vgl_loop *l, int fd)
{
	uint32_t i;

	if (fd < 0)
		return;
	for (i = 0; i < VGL_LOOP_FDS_MAX; i++)
		if (l->fds[i].fd == fd) {
			epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
			l->fds[i].fd = -1;
			l->fds[i].gen++;
			return;
		}
}

uint32_t vgl_loop_events(const struct vgl_loop *l)
{
	return l->events;
}

int vgl_loop_fd_events(struct vgl_loop *l, int fd, bool in, bool out)
{
	struct epoll_event ev = { .events = (in ? EPOLLIN : 0u) | (out ? EPOLLOUT : 0u) };
	uint32_t i;

	for (i = 0; i < VGL_LOOP_FDS_MAX; i++)
		if (l->fds[i].fd == fd && fd >= 0) {
			ev.data.u64 = (uint64_t)l->fds[i].gen << 32 | i;
			return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) ? -1 : 0;
		}
	return -1;
}

int vgl_loop_add_deadline(struct vgl_loop *l, vgl_loop_next_fn next, vgl_loop_fire_fn fire, void *ctx)
{
	if (l->dl_count == VGL_LOOP_DEADLINES_MAX)
		return -1;
	l->dl[l->dl_count].next = next;
	l->dl[l->dl_count].fire = fire;
	l->dl[l->dl_count++].ctx = ctx;
	return 0;
}

void vgl_loop_set_hold(struct vgl_loop *l, const struct vgl_loop_hold *h)
{
	l->hook = *h;
}

vg_time vgl_loop_next_deadline(const struct vgl_loop *l)
{
	vg_time t = VG_TIME_NEVER;
	uint32_t i;

	for (i = 0; i < l->dl_count; i++)
		t = vg_time_min(t, l->dl[i].next(l->dl[i].ctx));
	return t;
}

void vgl_loop_set_lag_hook(struct vgl_loop *l, vgl_loop_lag_fn fn, void *ctx)
{
	l->lag_fn = fn;
	l->lag_ctx = ctx;
}

static void lag_count(struct vgl_loop_stats *s, vg_time late)
{
	static const vg_time bounds[VGL_LOOP_LAG_BUCKETS] = VGL_LOOP_LAG_BOUNDS_NS;
	uint32_t i;

	for (i = 0; i < VGL_LOOP_LAG_BUCKETS && late > bounds[i]; i++)
		;
	s->lag[i]++;
	s->fired++;
	s->lag_sum_ns += late;
	if (late > s->lag_max_ns)
		s->lag_max_ns = late;
}

/* The due sources, earliest deadline first (ties: registration order), each once. */
static void fire_due(struct vgl_loop *l, vg_time now)
{
	bool fired[VGL_LOOP_DEADLINES_MAX] = { false };

	for (;;) {
		vg_time best = VG_TIME_NEVER;
		uint32_t i, k = l->dl_count;

		for (i = 0; i < l->dl_count; i++) {
			vg_time t = fired[i] ? VG_TIME_NEVER : l->dl[i].next(l->dl[i].ctx);

			if (t <= now && (k == l->dl_count || t < best)) {
				best = t;
				k = i;
			}
		}
		if (k == l->dl_count)
			return;
		fired[k] = true;
		/* a deadline set in the past (do it at once) is late only from the wake-up that set it */
		lag_count(&l->stats, now - (best > l->prev ? best : l->prev));
		if (l->lag_fn)
			l->lag_fn(l->lag_ctx, now - (best > l->prev ? best : l->prev), now);
		l->dl[k].fire(l->dl[k].ctx, now);
	}
}

/* From epoll_pwait2's timeout to a timerfd (a kernel before 5.11, or a test). 0 / -1. */
int vgl_loop_use_timerfd(struct vgl_loop *l)
{
	if (l->tfd >= 0)
		return 0;
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->tfd < 0)
		return -1;
	if (vgl_loop_add_fd(l, l->tfd, timer_read, NULL) < 0) {
		close(l->tfd);
		l->tfd = -1;
		return -1;
	}
	l->armed_at = VG_TIME_NEVER;
	return 0;
}

static void arm(struct vgl_loop *l)
{
	struct itimerspec its;
	vg_time t = vgl_loop_next_deadline(l);

	/* still pending as armed (a burst of packets often leaves the earliest deadline alone);
	   a timerfd that fired was read at a wake-up whose `now` is past its deadline */
	if (t == l->armed_at && t != VG_TIME_NEVER && t > l->now)
		return;
	l->armed_at = t;
	memset(&its, 0, sizeof(its));
	if (t != VG_TIME_NEVER)
		its.it_value = timespec_of(t ? t : 1); /* 0 would disarm */
	timerfd_settime(l->tfd, TFD_TIMER_ABSTIME, &its, NULL);
	l->stats.arms++;
}

static void sleep_until(vg_time t)
{
	struct timespec ts = timespec_of(t);

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/*
 * epoll's timeout for a deadline rel from now (loop.h). The kernel may end a wait late by its
 * slack: the thread's timer slack, or for a long wait 1/1000 of it (1/200
 * for a niced thread, none for a real-time one; fs/select.c
 * select_estimate_accuracy). A wait whose
 * slack could pass that ends early by it instead, and the wake-up finds
 * nothing due and waits again, shorter: a deadline is met within the
 * timer slack (50 us by default), and a long idle wait costs one more.
 */
vg_time vgl_loop_wait_for(vg_time rel, vg_time slack, unsigned div)
{
	return div && rel / div > slack ? rel - rel / div - slack : rel;
}

static int wait_events(struct vgl_loop *l, struct epoll_event *evs)
{
	vg_time t;
	struct timespec ts;
	int n;

	if (l->tfd >= 0) {
		arm(l);
		return epoll_wait(l->epfd, evs, EVENTS_MAX, -1);
	}
	t = vgl_loop_next_deadline(l);
	if (t != VG_TIME_NEVER) {
		vg_time now = vgl_clock_now();

		ts = timespec_of(vgl_loop_wait_for(t > now ? t - now : 0, l->slack, l->slack_div));
	}
	l->stats.timed += t != VG_TIME_NEVER;
	n = epoll_pwait2(l->epfd, evs, EVENTS_MAX, t == VG_TIME_NEVER ? NULL : &ts, NULL);
	if (n < 0 && errno == ENOSYS && vgl_loop_use_timerfd(l) == 0)
		return wait_events(l, evs);
	return n;
}

bool vgl_loop_once(struct vgl_loop *l)
{
	struct epoll_event evs[EVENTS_MAX];
	int n, i;

	if (l->stop)
		return false;
	if (l->hold) {
		vg_time t = vgl_clock_now();
		vg_time until = vg_time_min(t + l->hook.window(l->hook.ctx), vgl_loop_next_deadline(l));

		l->stats.holds++;
		if (until > t)
			sleep_until(until);
		n = epoll_wait(l->epfd, evs, EVENTS_MAX, 0);
	} else {
		n = wait_events(l, evs);
	}
	if (n < 0 && errno != EINTR)
		return false;
	wake(l);
	l->stats.wakeups++;
	for (i = 0; i < n && !l->stop; i++) {
		uint32_t slot = (uint32_t)evs[i].data.u64;
		struct fd_slot *s = &l->fds[slot];

		assert(slot < VGL_LOOP_FDS_MAX);
		if (s->fd >= 0 && s->gen == (uint32_t)(evs[i].data.u64 >> 32)) {
			l->events = evs[i].events;
			s->fn(s->ctx, s->fd, l->now);
		}
	}
	l->hold = false;
	if (!l->stop && l->hook.drain) {
		l->hook.drain(l->hook.ctx, l->now);
		l->hold = l->hook.window(l->hook.ctx) > 0;
	}
	fire_due(l, l->now);
	return !l->stop;
}

void vgl_loop_run(struct vgl_loop *l)
{
	wake(l);
	fire_due(l, l->now); /* deadlines first: our adverts before anyone's packets */
	while (vgl_loop_once(l))
		;
}

void vgl_loop_stop(struct vgl_loop *l)
{
	l->stop = true;
}

bool vgl_loop_stopped(const struct vgl_loop *l)
{
	return l->stop;
}

uint64_t vgl_loop_real(const struct vgl_loop *l)
{
	return l->real;
}

struct vgl_loop_stats vgl_loop_stats(const struct vgl_loop *l)
{
	return l->stats;
}
