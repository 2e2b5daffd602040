/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a url's regex_stack (regex_stack.h).
 */
#include "regex_stack.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <syslog.h>

#include "log.h"

static int number(const char *s, unsigned long long *v)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

size_t vgc_regex_stack_max(const struct vg_conf_url *u)
{
	const struct vg_conf_kv *kv = u ? vg_conf_extra_find(u->extra, "regex_stack") : NULL;
	unsigned long long start, max;
	const char *file;

	if (!kv)
		return 0;
	file = kv->loc.file ? kv->loc.file : "";
	if (kv->args.count != 2) {
		vgd_log(LOG_WARNING, "%s:%u: regex_stack requires start and max values - ignored", file, kv->loc.line);
		return 0;
	}
	if (number(kv->args.items[0], &start) || number(kv->args.items[1], &max)) {
		vgd_log(LOG_WARNING, "%s:%u: regex_stack invalid start or max value - ignored", file, kv->loc.line);
		return 0;
	}
	if (start > max) {
		vgd_log(LOG_WARNING, "%s:%u: regex_stack start cannot exceed max value - ignored", file, kv->loc.line);
		return 0;
	}
	return max > SIZE_MAX ? SIZE_MAX : (size_t)max;
}
