/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: run one call in another network namespace (netns_call.h). */
#include "netns_call.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int vgl_netns_call(const char *name, int (*fn)(void *arg), void *arg, char *err, size_t errlen)
{
	char path[300];
	int here, there, rc;

	if (name[0])
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	else
		snprintf(path, sizeof(path), "/proc/1/ns/net");
	here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (here < 0) {
		snprintf(err, errlen, "/proc/self/ns/net: %s", strerror(errno));
		return -1;
	}
	there = open(path, O_RDONLY | O_CLOEXEC);
	if (there < 0 || setns(there, CLONE_NEWNET) < 0) {
		snprintf(err, errlen, "network namespace %s (%s): %s", name[0] ? name : "of PID 1", path,
			 strerror(errno));
		if (there >= 0)
			close(there);
		close(here);
		return -1;
	}
	close(there);
	rc = fn(arg);
	if (setns(here, CLONE_NEWNET) < 0) {
		snprintf(err, errlen, "back to vigild's network namespace: %s", strerror(errno));
		rc = -1;
	}
	close(here);
	return rc;
}
