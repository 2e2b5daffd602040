/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define HELD_MAX 32    /* lines held while packets are being sent */
#define HELD_LEN 256

/* The process has one log; this is the backend, not core/. */
static struct {
	struct vgd_log_opts o;
	FILE *file;
	bool open;
	unsigned hold;     /* vgd_log_hold() depth */
	unsigned held, held_lost;
	struct {
		int prio;
		struct timespec ts;
		char msg[HELD_LEN];
	} lines[HELD_MAX];
} g_log = { .o = { .console = true } };

void vgd_log_open(const struct vgd_log_opts *o)
{
	g_log.o = *o;
	if (o->syslog)
		openlog("Keepalived_vrrp", LOG_PID, o->facility);
	g_log.file = NULL;
	if (o->file) {
		g_log.file = fopen(o->file, "ae");
		if (g_log.file)
			setvbuf(g_log.file, NULL, _IOLBF, 0);
		else
			fprintf(stderr, "vigild: cannot open log file %s\n", o->file);
	}
	g_log.open = true;
}

void vgd_log_close(void)
{
	if (g_log.file)
		fclose(g_log.file);
	g_log.file = NULL;
	if (g_log.o.syslog)
		closelog();
}

bool vgd_log_detail(void)
{
	return g_log.o.detail;
}

static void stamp(FILE *f, const struct timespec *ts)
{
	struct tm tm;
	char buf[32];

	localtime_r(&ts->tv_sec, &tm);
	strftime(buf, sizeof(buf), "%a %b %d %H:%M:%S", &tm);
	fprintf(f, "%s.%06ld: ", buf, ts->tv_nsec / 1000);
}

/* One formatted line to every sink; ts is when it was logged. */
static void emit(int prio, const struct timespec *ts, const char *msg)
{
	if (g_log.o.syslog)
		syslog(prio, "%s", msg);
	if (g_log.o.console || !g_log.open) {
		stamp(stderr, ts);
		fprintf(stderr, "%s\n", msg);
	}
	if (g_log.file) {
		stamp(g_log.file, ts);
		fprintf(g_log.file, "%s\n", msg);
	}
}

void vgd_log(int prio, const char *fmt, ...)
{
	char msg[1024];
	struct timespec ts;
	va_list ap;
	size_t n;

	if (prio == LOG_DEBUG && !g_log.o.detail)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (g_log.hold) {
		if (g_log.held == HELD_MAX) {
			g_log.held_lost++;
			return;
		}
		g_log.lines[g_log.held].prio = prio;
		g_log.lines[g_log.held].ts = ts;
		n = strnlen(msg, HELD_LEN - 1); /* a longer line is cut */
		memcpy(g_log.lines[g_log.held].msg, msg, n);
		g_log.lines[g_log.held].msg[n] = '\0';
		g_log.held++;
		return;
	}
	emit(prio, &ts, msg);
}

void vgd_log_hold(void)
{
	g_log.hold++;
}

void vgd_log_release(void)
{
	struct timespec ts;
	char msg[64];
	unsigned i;

	if (!g_log.hold || --g_log.hold)
		return;
	for (i = 0; i < g_log.held; i++)
		emit(g_log.lines[i].prio, &g_log.lines[i].ts, g_log.lines[i].msg);
	if (g_log.held_lost) {
		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(msg, sizeof(msg), "(%u log lines lost while sending)", g_log.held_lost);
		emit(LOG_WARNING, &ts, msg);
	}
	g_log.held = g_log.held_lost = 0;
}
