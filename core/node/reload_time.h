/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: global_defs reload_time_file: the reload time its first line names.
 *
 * keepalived.conf(5): the first line is exactly HH:MM:SS, YY-MM-DD
 * HH:MM:SS or YYYY-MM-DD HH:MM:SS, each with an optional 'Z' (UTC, else
 * local time); no other space. A time alone means its next occurrence
 * (today, else tomorrow); a date and time in the past is ignored. When the
 * reload happens the file is removed, unless reload_repeat is set and the
 * line has no date (then it reloads at that time every day). The
 * calendar (time zones, daylight saving) is the backend's
 * (backends/linux/reload_time.c); this reads the fields.
 */
#ifndef VG_NODE_RELOAD_TIME_H
#define VG_NODE_RELOAD_TIME_H

#include <stdbool.h>

struct vg_reload_time {
	bool has_date;      /* YY-MM-DD or YYYY-MM-DD written */
	bool utc;           /* ends in Z */
	int year;           /* 4 digits (YY: 2000 + YY, as strptime's %y for 00..68), with has_date */
	int mon, mday;      /* 1..12, 1..31, with has_date */
	int hour, min, sec; /* 0..23, 0..59, 0..60 */
};

/* Read one line (without its newline). 0, or -1 when it is not one of the formats. */
int vg_reload_time_parse(const char *line, struct vg_reload_time *out);

/* After the scheduled reload: is the file removed? (keepalived 2.2.7: unless reload_repeat without a date) */
bool vg_reload_time_unlink(bool reload_repeat, const struct vg_reload_time *t);

#endif
