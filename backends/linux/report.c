/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the status command and keepalived's signal files (report.h).
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "status.h"

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "unknown"
#endif

void vgd_report_status(const struct vgd_report_src *src, vg_time now, uint64_t real_ns, struct vgd_status *st)
{
	size_t i;

	vgd_status_init(st, now, real_ns);
	st->pid = (long)getpid();
	st->version = VIGIL_VERSION;
	st->conf = src->o->conf;
	for (i = 0; i < *src->ndrv; i++)
		if (src->drv[i].ops->status)
			src->drv[i].ops->status(src->drv[i].self, st);
}

static int cmd_status(void *ctx, const char *args, vg_time now, struct vgd_buf *out, char *err, size_t errlen)
{
	const struct vgd_report_src *src = ctx;
	struct vgd_status st;
	bool table;
	int rc;

	if (!*args || !strcmp(args, "json"))
		table = false;
	else if (!strcmp(args, "table"))
		table = true;
	else {
		snprintf(err, errlen, "status: unknown format '%s' (json, table)", args);
		return -1;
	}
	vgd_report_status(src, now, vgl_loop_real(src->loop), &st);
	rc = table ? vgd_status_table(&st, out) : vgd_status_json(&st, out);
	vgd_status_free(&st);
	if (rc)
		snprintf(err, errlen, "status: out of memory");
	return rc;
}

int vgd_report_register(struct vgd_ctl *c, struct vgd_report_src *src)
{
	struct vgd_ctl_cmd cmd = {
		.name = "status",
		.help = "status [json|table]: VRRP instances, sync groups, virtual and real servers",
		.fn = cmd_status,
		.ctx = src,
	};

	return vgd_ctl_register(c, &cmd);
}

const char *vgd_report_path(const char *name, char *buf, size_t n)
{
	const char *dir = getenv("TMPDIR");

	if (!dir || dir[0] != '/')
		dir = "/tmp";
	snprintf(buf, n, "%s/%s", dir, name);
	return buf;
}

FILE *vgd_report_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f;

	if (fd < 0) {
		vgd_log(LOG_ERR, "cannot write %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fchmod(fd, 0600))
		(void)0;
	f = fdopen(fd, "w");
	if (!f) {
		vgd_log(LOG_ERR, "cannot write %s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

void vgd_report_write(const struct vgd_report_src *src, enum vgd_report kind, bool clear, vg_time now,
		      uint64_t real_ns)
{
	char path[4096];
	FILE *f;
	size_t i;

	vgd_report_path(kind == VGD_REPORT_JSON ? "keepalived.json" : "keepalived.stats", path, sizeof(path));
	f = vgd_report_open(path);
	if (!f)
		return;
	for (i = 0; i < *src->ndrv; i++)
		if (src->drv[i].ops->report)
			src->drv[i].ops->report(src->drv[i].self, kind, clear, f, now, real_ns);
	if (fclose(f))
		vgd_log(LOG_ERR, "writing %s: %s", path, strerror(errno));
	else
		vgd_log(LOG_INFO, "%s written to %s", kind == VGD_REPORT_JSON ? "JSON state" : "statistics", path);
}
