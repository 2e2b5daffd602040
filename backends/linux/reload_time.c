/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: reload_time_file: the watch, the calendar, the scheduled SIGHUP (reload_time.h). */
#include "reload_time.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "node/reload_time.h"

struct vgd_reload_timer {
	struct vgl_loop *loop;
	int ifd;                  /* inotify, -1 when not watching */
	char path[PATH_MAX];      /* "" when not configured */
	const char *base;         /* in path: the file's name in its directory */
	bool repeat;
	struct vg_reload_time t;  /* the line of the reload scheduled */
	vg_time due;              /* monotonic; VG_TIME_NEVER: none */
};

static uint64_t wall_ns(const struct vgd_reload_timer *rt)
{
	uint64_t r = vgl_loop_real(rt->loop);
	struct timespec ts;

	if (r)
		return r;
	clock_gettime(CLOCK_REALTIME, &ts); /* before the loop's first wake-up */
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void cancel(struct vgd_reload_timer *rt, bool log)
{
	if (rt->due != VG_TIME_NEVER && log)
		vgd_log(LOG_INFO, "Cancelling the reload scheduled by %s", rt->path);
	rt->due = VG_TIME_NEVER;
}

/* seconds since the epoch of t's calendar time (today's date for a time alone); -1: not a real time */
static time_t to_epoch(const struct vg_reload_time *t, time_t today, int add_days)
{
	struct tm tm, back;
	time_t e;

	if (t->utc)
		gmtime_r(&today, &tm);
	else
		localtime_r(&today, &tm);
	if (t->has_date) {
		tm.tm_year = t->year - 1900;
		tm.tm_mon = t->mon - 1;
		tm.tm_mday = t->mday;
	}
	tm.tm_mday += add_days;
	tm.tm_hour = t->hour;
	tm.tm_min = t->min;
	tm.tm_sec = t->sec;
	tm.tm_isdst = -1;
	back = tm;
	e = t->utc ? timegm(&back) : mktime(&back);
	/* keepalived refuses a time mktime had to move (31 February, a skipped DST hour) */
	if (!add_days && (back.tm_year != tm.tm_year || back.tm_mon != tm.tm_mon || back.tm_mday != tm.tm_mday ||
			  back.tm_hour != tm.tm_hour || back.tm_min != tm.tm_min || back.tm_sec != tm.tm_sec))
		return -1;
	return e;
}

static void read_file(struct vgd_reload_timer *rt, vg_time now)
{
	char line[64];
	struct vg_reload_time t;
	FILE *f = fopen(rt->path, "re");
	uint64_t wall = wall_ns(rt);
	time_t e;
	size_t len;

	if (!f) {
		cancel(rt, true);
		return;
	}
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		cancel(rt, true);
		return;
	}
	fclose(f);
	len = strlen(line);
	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	if (vg_reload_time_parse(line, &t)) {
		vgd_log(LOG_INFO, "reload_time_file %s: invalid reload time '%s' - ignoring", rt->path, line);
		cancel(rt, true);
		return;
	}
	e = to_epoch(&t, (time_t)(wall / 1000000000ull), 0);
	if (e < 0) {
		vgd_log(LOG_INFO, "reload_time_file %s: reload time %s is not valid - ignoring", rt->path, line);
		cancel(rt, true);
		return;
	}
	if ((uint64_t)e * 1000000000ull <= wall) {
		if (t.has_date) {
			vgd_log(LOG_INFO, "reload_time_file %s: reload time %s is in the past - ignoring", rt->path, line);
			cancel(rt, true);
			return;
		}
		e = to_epoch(&t, (time_t)(wall / 1000000000ull), 1); /* tomorrow */
	}
	rt->t = t;
	rt->due = now + ((uint64_t)e * 1000000000ull - wall);
	{
		struct tm tm;
		char when[32];

		localtime_r(&e, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		vgd_log(LOG_INFO, "Scheduling reload for %s (%s)", when, rt->path);
	}
}

static void on_inotify(void *ctx, int fd, vg_time now)
{
	struct vgd_reload_timer *rt = ctx;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool ours = false;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			if (ev->len && !strcmp(ev->name, rt->base))
				ours = true;
			p += sizeof(*ev) + ev->len;
		}
	if (ours && rt->path[0])
		read_file(rt, now);
}

static vg_time next(void *ctx)
{
	return ((struct vgd_reload_timer *)ctx)->due;
}

static void fire(void *ctx, vg_time now)
{
	struct vgd_reload_timer *rt = ctx;

	(void)now;
	if (rt->due == VG_TIME_NEVER)
		return;
	rt->due = VG_TIME_NEVER;
	if (vg_reload_time_unlink(rt->repeat, &rt->t))
		unlink(rt->path);
	vgd_log(LOG_INFO, "reload_time_file %s: the scheduled reload", rt->path);
	kill(getpid(), SIGHUP); /* the reload runs as a SIGHUP's, then reads the file again */
}

struct vgd_reload_timer *vgd_reload_timer_new(struct vgl_loop *loop)
{
	struct vgd_reload_timer *rt = calloc(1, sizeof(*rt));

	if (!rt)
		return NULL;
	rt->loop = loop;
	rt->ifd = -1;
	rt->due = VG_TIME_NEVER;
	if (vgl_loop_add_deadline(loop, next, fire, rt)) {
		free(rt);
		return NULL;
	}
	return rt;
}

static void unwatch(struct vgd_reload_timer *rt)
{
	if (rt->ifd >= 0) {
		vgl_loop_del_fd(rt->loop, rt->ifd);
		close(rt->ifd);
		rt->ifd = -1;
	}
}

void vgd_reload_timer_conf(struct vgd_reload_timer *rt, const struct vg_conf *conf, vg_time now)
{
	const struct vg_conf_kv *kv;
	char dir[PATH_MAX];
	char *slash;

	if (!rt)
		return;
	unwatch(rt);
	cancel(rt, false);
	rt->path[0] = '\0';
	kv = vg_conf_extra_find(conf->global.extra, "reload_time_file");
	if (!kv || !kv->args.count)
		return;
	if (kv->args.items[0][0] != '/') {
		vgd_log(LOG_WARNING, "reload_time_file %s: not an absolute path - no scheduled reloads",
			kv->args.items[0]);
		return;
	}
	snprintf(rt->path, sizeof(rt->path), "%s", kv->args.items[0]);
	rt->repeat = vg_conf_extra_find(conf->global.extra, "reload_repeat") != NULL;
	snprintf(dir, sizeof(dir), "%s", rt->path);
	slash = strrchr(dir, '/');
	rt->base = rt->path + (slash - dir) + 1;
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	rt->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (rt->ifd < 0 ||
	    inotify_add_watch(rt->ifd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) < 0 ||
	    vgl_loop_add_fd(rt->loop, rt->ifd, on_inotify, rt)) {
		vgd_log(LOG_WARNING, "reload_time_file %s: cannot watch %s: %s - no scheduled reloads until the next reload",
			rt->path, dir, strerror(errno));
		if (rt->ifd >= 0)
			close(rt->ifd);
		rt->ifd = -1;
		return;
	}
	read_file(rt, now);
}

void vgd_reload_timer_free(struct vgd_reload_timer *rt)
{
	if (!rt)
		return;
	unwatch(rt);
	free(rt);
}
