/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: FILE_CHECK's tracked files: read, watch with inotify, emit values (probe_file.h).
 */
#include "probe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <syslog.h>
#include <unistd.h>

#define FILE_EVENTS_BYTES 4096 /* one read of inotify events per readiness */

struct tracked {
	const struct vg_conf_track_file *conf;
	uint16_t index;   /* in conf->track_files */
	int wd;
	char *base;       /* the file's name in its directory */
	bool known;
	int64_t value;
};

struct vgc_files {
	struct vgc_files_cb cb;
	int fd;
	size_t count;
	struct tracked *t;
};

static void logf_(const struct vgc_files *f, int prio, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void logf_(const struct vgc_files *f, int prio, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!f->cb.log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->cb.log(f->cb.ctx, prio, msg);
}

int vgc_file_value_parse(const char *buf, size_t len, int64_t *out)
{
	char tmp[VGC_FILE_BYTES_MAX];
	long long v;

	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	errno = 0;
	v = strtoll(tmp, NULL, 0); /* no digits: 0, as keepalived's strtol */
	if (errno || v < (long long)INT32_MIN || v > (long long)INT32_MAX + 1)
		return -1;
	*out = v;
	return 0;
}

/* 0 and the value, or -1: keep the last one. */
static int read_value(const struct vgc_files *f, const struct tracked *t, int64_t *out)
{
	char buf[VGC_FILE_BYTES_MAX];
	int fd = open(t->conf->file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ssize_t n;

	*out = 0;
	if (fd < 0)
		return 0; /* missing: 0 */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	if (vgc_file_value_parse(buf, (size_t)n, out) != 0) {
		logf_(f, LOG_INFO, "Invalid number read from %s - ignoring", t->conf->file);
		return -1;
	}
	return 0;
}

static void update(struct vgc_files *f, struct tracked *t, vg_time now)
{
	int64_t v;

	if (read_value(f, t, &v) != 0)
		return;
	if (t->known && v == t->value)
		return;
	t->known = true;
	t->value = v;
	logf_(f, LOG_INFO, "FILE_CHECK track_file %s: value %" PRId64, t->conf->name, v);
	if (f->cb.value)
		f->cb.value(f->cb.ctx, t->index, v, now);
}

/* init_file [VALUE] [overwrite] (keepalived.conf(5) "Track files"). */
static void init_file(const struct vgc_files *f, const struct vg_conf_track_file *c)
{
	char buf[32];
	int fd, len;

	if (!c->init_file || (!c->init_overwrite && access(c->file, F_OK) == 0))
		return;
	len = snprintf(buf, sizeof(buf), "%" PRId64 "\n", c->init_value);
	fd = open(c->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, (size_t)len) != len)
		logf_(f, LOG_ERR, "track_file %s: cannot write '%s': %s", c->name, c->file, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static int watch(struct vgc_files *f, struct tracked *t)
{
	const char *path = t->conf->file;
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	t->base = strdup(slash ? slash + 1 : path);
	if (!t->base)
		return -1;
	if (f->fd < 0) {
		f->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (f->fd < 0) {
			logf_(f, LOG_ERR, "inotify: %s - FILE_CHECK changes are not seen", strerror(errno));
			return 0;
		}
	}
	t->wd = inotify_add_watch(f->fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE);
	if (t->wd < 0)
		logf_(f, LOG_ERR, "track_file %s: cannot watch '%s': %s - changes are not seen", t->conf->name, dir,
		      strerror(errno));
	return 0;
}

struct vgc_files *vgc_files_new(const struct vg_conf *conf, const struct vg_lvs_conf_map *map,
				const struct vgc_files_cb *cb, vg_time now)
{
	struct vgc_files *f = calloc(1, sizeof(*f));
	uint32_t n = conf->track_files.count;
	bool *used;

	if (!f)
		return NULL;
	f->cb = *cb;
	f->fd = -1;
	used = calloc(n ? n : 1, sizeof(*used));
	f->t = calloc(n ? n : 1, sizeof(*f->t));
	if (!used || !f->t) {
		free(used);
		vgc_files_free(f);
		return NULL;
	}
	for (uint32_t s = 0; s < map->count; s++) {
		const struct vg_lvs_service_config *sc = &map->svc[s].cfg;

		for (uint16_t k = 0; k < sc->checker_count; k++)
			if (sc->checker[k].type == VG_LVS_CHECK_FILE && sc->checker[k].track_file < n)
				used[sc->checker[k].track_file] = true;
	}
	for (uint32_t i = 0; i < n && i < UINT16_MAX; i++) {
		struct tracked *t;

		if (!used[i] || !conf->track_files.items[i].file)
			continue;
		t = &f->t[f->count++];
		t->conf = &conf->track_files.items[i];
		t->index = (uint16_t)i;
		t->wd = -1;
		init_file(f, t->conf);
		if (watch(f, t) != 0) {
			free(used);
			vgc_files_free(f);
			return NULL;
		}
		update(f, t, now);
	}
	free(used);
	return f;
}

int vgc_files_fd(const struct vgc_files *f)
{
	return f ? f->fd : -1;
}

size_t vgc_files_count(const struct vgc_files *f)
{
	return f ? f->count : 0;
}

void vgc_files_rescan(struct vgc_files *f, vg_time now)
{
	for (size_t i = 0; i < f->count; i++)
		update(f, &f->t[i], now);
}

void vgc_files_ready(struct vgc_files *f, vg_time now)
{
	union {
		char bytes[FILE_EVENTS_BYTES];
		struct inotify_event ev;
	} buf;
	ssize_t len;

	if (f->fd < 0)
		return;
	len = read(f->fd, buf.bytes, sizeof(buf.bytes));
	if (len <= 0)
		return;
	for (ssize_t off = 0; off + (ssize_t)sizeof(struct inotify_event) <= len;) {
		const struct inotify_event *ev = (const struct inotify_event *)(buf.bytes + off);

		if (ev->mask & IN_Q_OVERFLOW) {
			vgc_files_rescan(f, now); /* events were lost: read them all */
		} else if (ev->len) {
			for (size_t i = 0; i < f->count; i++)
				if (f->t[i].wd == ev->wd && strcmp(f->t[i].base, ev->name) == 0)
					update(f, &f->t[i], now);
		}
		off += (ssize_t)sizeof(struct inotify_event) + ev->len;
	}
}

void vgc_files_free(struct vgc_files *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	for (size_t i = 0; i < f->count; i++)
		free(f->t[i].base);
	free(f->t);
	free(f);
}
