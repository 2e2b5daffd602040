/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: global_defs disable_local_igmp (see igmp_local.h). */
#include "igmp_local.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static const char path[] = "/proc/sys/net/ipv4/igmp_link_local_mcast_reports";

bool vgd_igmp_local_disable(void)
{
	char c = 0;
	bool changed = false;
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		vgd_log(LOG_WARNING, "disable_local_igmp: cannot open %s: %s", path, strerror(errno));
		return false;
	}
	if (read(fd, &c, 1) != 1)
		vgd_log(LOG_WARNING, "disable_local_igmp: cannot read %s: %s", path, strerror(errno));
	else if (c == '1') {
		if (lseek(fd, 0, SEEK_SET) != 0 || write(fd, "0", 1) != 1)
			vgd_log(LOG_WARNING, "disable_local_igmp: cannot write %s: %s", path, strerror(errno));
		else
			changed = true;
	}
	close(fd);
	return changed;
}

void vgd_igmp_local_restore(bool changed)
{
	int fd;

	if (!changed)
		return;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1", 1) != 1)
		vgd_log(LOG_WARNING, "disable_local_igmp: cannot write %s back: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}
