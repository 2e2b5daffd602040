/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

/* The process has one log; this is the backend, not core/. */
static struct {
	struct vgd_log_opts o;
	FILE *file;
	bool open;
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

static void stamp(FILE *f)
{
	struct timespec ts;
	struct tm tm;
	char buf[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%a %b %d %H:%M:%S", &tm);
	fprintf(f, "%s.%06ld: ", buf, ts.tv_nsec / 1000);
}

void vgd_log(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio == LOG_DEBUG && !g_log.o.detail)
		return;
	if (g_log.o.syslog) {
		va_start(ap, fmt);
		vsyslog(prio, fmt, ap);
		va_end(ap);
	}
	if (g_log.o.console || !g_log.open) {
		stamp(stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	if (g_log.file) {
		stamp(g_log.file);
		va_start(ap, fmt);
		vfprintf(g_log.file, fmt, ap);
		va_end(ap);
		fputc('\n', g_log.file);
	}
}
