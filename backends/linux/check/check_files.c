/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: FILE_CHECK in the checker driver: a generation's tracked files feed VG_LVS_EV_FILE.
 *
 * Each generation with FILE_CHECKs opens one watcher (probe_file.h) just
 * before its START: the values the files hold then go to the core first,
 * so a file that says FAULT keeps its servers out from the start (as
 * keepalived reads them before it installs the services). The watcher's
 * inotify descriptor sits in the driver's epoll set beside the probes',
 * with a slot of its own (no probe); every value that changes afterwards
 * is one VG_LVS_EV_FILE, which moves the weights or takes servers down.
 * The watcher goes with its generation.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>

#include "check_int.h"
#include "log.h"
#include "probe_file.h"

bool chk_type_run(uint8_t type)
{
	return type == VG_LVS_CHECK_FILE || type == VG_LVS_CHECK_BFD || vgc_probe_ops_for(type) != NULL;
}

static void files_value(void *ctx, uint16_t track_file, int64_t value, vg_time now)
{
	struct chk_gen *g = ctx; /* its generation: a reload opens the new one's files before commit */
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_FILE };

	ev.u.file.track_file = track_file;
	ev.u.file.value = value;
	chk_node_input(g->owner, g, now, &ev);
}

static void files_log(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	vgd_log(prio, "%s", msg);
}

void chk_files_open(struct vgc_check *c, struct chk_gen *g, vg_time now)
{
	struct vgc_files_cb cb = { .ctx = g, .value = files_value, .log = files_log };
	bool any = false;
	int fd;

	for (uint32_t s = 0; s < g->map->count && !any; s++)
		for (uint16_t k = 0; k < g->map->svc[s].cfg.checker_count && !any; k++)
			any = g->map->svc[s].cfg.checker[k].type == VG_LVS_CHECK_FILE;
	if (!any)
		return;
	g->owner = c;
	g->files = vgc_files_new(g->conf, g->map, &cb, now);
	if (!g->files) {
		vgd_log(LOG_ERR, "FILE_CHECK: out of memory - tracked files are not read");
		return;
	}
	fd = vgc_files_fd(g->files);
	if (fd >= 0 && c->epfd >= 0) {
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &c->files_slot };

		if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
			vgd_log(LOG_ERR, "FILE_CHECK: epoll: %s - changes of tracked files are not seen", strerror(errno));
	}
}

void chk_files_ready(struct vgc_check *c, vg_time now)
{
	if (c->gen && c->gen->files)
		vgc_files_ready(c->gen->files, now);
}
