/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: reload_time_file's line (reload_time.h). */
#include "node/reload_time.h"

#include <stddef.h>
#include <string.h>

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* HH:MM:SS */
static bool hms(const char *s, struct vg_reload_time *t)
{
	return s[2] == ':' && s[5] == ':' && digits(s, 2, &t->hour) && digits(s + 3, 2, &t->min) &&
	       digits(s + 6, 2, &t->sec) && t->hour <= 23 && t->min <= 59 && t->sec <= 60;
}

int vg_reload_time_parse(const char *line, struct vg_reload_time *out)
{
	size_t len = strlen(line);
	struct vg_reload_time t;
	size_t y;

	memset(&t, 0, sizeof(t));
	if (len && line[len - 1] == 'Z') {
		t.utc = true;
		len--;
	}
	if (len == 8) {
		if (!hms(line, &t))
			return -1;
		*out = t;
		return 0;
	}
	if (len != 17 && len != 19)
		return -1;
	y = len == 17 ? 2 : 4;
	if (!digits(line, y, &t.year) || line[y] != '-' || !digits(line + y + 1, 2, &t.mon) || line[y + 3] != '-' ||
	    !digits(line + y + 4, 2, &t.mday) || line[y + 6] != ' ' || !hms(line + y + 7, &t))
		return -1;
	if (y == 2) /* strptime's %y: 69..99 are 1969..1999, 00..68 2000..2068 */
		t.year += t.year >= 69 ? 1900 : 2000;
	if (t.mon < 1 || t.mon > 12 || t.mday < 1 || t.mday > 31)
		return -1;
	t.has_date = true;
	*out = t;
	return 0;
}

bool vg_reload_time_unlink(bool reload_repeat, const struct vg_reload_time *t)
{
	return !reload_repeat || t->has_date;
}
