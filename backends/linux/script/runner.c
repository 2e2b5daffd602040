// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the script runner (see runner.h and README.md).
 *
 * Three kinds of children: checks (one vrrp_script run, timed by the core's
 * vg_script machine), notifies (fire and forget), FIFO scripts (started at
 * creation, live until free). Every child sits in one fixed table; reaping
 * walks that table with waitpid(pid, WNOHANG), so children of other parts
 * of the daemon are never taken.
 */
#include "runner.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "spawn.h"
#include "vrrp/action.h"
#include "vrrp/script.h"
#include "vrrp/track.h"

#define FIFOS_MAX 2                 /* notify_fifo, vrrp_notify_fifo */
#define FIFO_LINE_MAX 512
#define FILE_VALUE_BYTES_MAX 64     /* a track_file holds one number */
#define FREE_TERM_WAIT_MS 100       /* after SIGTERM, before SIGKILL */
#define FREE_KILL_WAIT_MS 1000
#define FILE_FAULT_TOTAL (-254)     /* core/vrrp/track.h: a file total this low is Fault */

enum child_kind {
	CHILD_CHECK,
	CHILD_NOTIFY,
	CHILD_FIFO,
};

struct child {
	pid_t pid;
	uint8_t kind;     /* enum child_kind */
	uint32_t index;   /* check: index in r->checks; fifo: index in r->fifos */
	bool killed;      /* timed out: its status no longer matters */
};

/* One vrrp_script. */
struct check {
	const struct vg_conf_vrrp_script *conf;
	struct vg_script_config cfg;
	struct vg_script fsm;
	struct vgl_cmd cmd;
	bool used;            /* tracked by an instance or a sync group */
	bool active;          /* used and runnable: the machine runs */
	pid_t pid;            /* the run going on, 0 if none */
	uint64_t runs, failures, timeouts;
	int last_status;      /* wait status of the last finished run, -1 before */
};

/* One track_file. */
struct watched_file {
	const struct vg_conf_track_file *conf;
	bool used;
	int wd;               /* inotify watch of its directory, -1 if none */
	char *base;           /* the file's name in that directory */
	int32_t value;
	bool up;
	bool known;           /* reported at least once */
};

struct notify_cmd {
	const struct vg_conf_script *src;
	struct vgl_cmd cmd;
};

struct fifo {
	char *path;
	int fd;
	bool created;         /* we made it: unlink on free */
	struct vgl_cmd script;
	bool has_script;
	pid_t script_pid;
	uint64_t lines, dropped;
};

struct vgl_runner {
	const struct vg_conf *conf;
	struct vgl_runner_cb cb;
	struct vgl_cmd_env env;
	bool env_ready;
	struct check *checks;
	uint32_t check_count;
	struct watched_file *files;
	uint32_t file_count;
	struct notify_cmd *notifies;
	uint32_t notify_count, notify_cap;
	struct fifo fifos[FIFOS_MAX];
	uint32_t fifo_count;
	int inotify_fd;
	struct child children[VGL_CHILDREN_MAX];
	uint32_t child_count;
	vg_time last_now;
	bool retired;     /* vgl_runner_retire(): only notify children are left to reap */
	uint64_t effects_unhandled; /* records of a kind a vrrp_script never emits: a core bug, logged */
};

static const char *const notify_names[] = { "MASTER", "BACKUP", "FAULT", "STOP", "MASTER_RX_LOWER_PRI",
					     "DELETED", "MASTER_PRIORITY", "BACKUP_PRIORITY" };

static struct vgl_cmd_env *env_get(struct vgl_runner *r)
{
	if (!r->env_ready) {
		vgl_cmd_env_init(&r->env, &r->conf->global, &r->cb);
		r->env_ready = true;
	}
	return &r->env;
}

/* ---- children ---- */

static bool child_add(struct vgl_runner *r, pid_t pid, enum child_kind kind, uint32_t index)
{
	if (r->child_count == VGL_CHILDREN_MAX)
		return false;
	r->children[r->child_count++] = (struct child){ pid, (uint8_t)kind, index, false };
	return true;
}

static struct child *child_find(struct vgl_runner *r, pid_t pid)
{
	for (uint32_t i = 0; i < r->child_count; i++)
		if (r->children[i].pid == pid)
			return &r->children[i];
	return NULL;
}

/* Start `c`; NULL-safe. Returns the pid or -1 (logged). */
static pid_t start(struct vgl_runner *r, const struct vgl_cmd *c, enum child_kind kind, uint32_t index,
		   const char *const *extra, size_t nextra)
{
	pid_t pid;

	if (r->child_count == VGL_CHILDREN_MAX) {
		vgl_logf(&r->cb, LOG_ERR, "%s: %u children already running - not started", c->what,
			 VGL_CHILDREN_MAX);
		return -1;
	}
	pid = vgl_spawn(c, extra, nextra);
	if (pid < 0) {
		vgl_logf(&r->cb, LOG_ERR, "%s: fork failed: %s", c->what, strerror(errno));
		return -1;
	}
	child_add(r, pid, kind, index);
	return pid;
}

/* ---- vrrp_script ---- */

/* The records one call of the script machine appends (its own list: a run may recurse on fork failure). */
struct check_out {
	struct vg_action buf[VG_SCRIPT_EFFECTS_MAX];
	struct vg_actions list;
};

static struct vg_actions *check_out_init(struct check_out *o)
{
	vg_actions_init(&o->list, o->buf, VG_SCRIPT_EFFECTS_MAX);
	return &o->list;
}

static void check_effects(struct vgl_runner *r, struct check *c, const struct vg_actions *e, vg_time now);

static void check_start(struct vgl_runner *r, struct check *c, vg_time now)
{
	pid_t pid = start(r, &c->cmd, CHILD_CHECK, (uint32_t)(c - r->checks), NULL, 0);
	struct check_out o;

	c->runs++;
	if (pid > 0) {
		c->pid = pid;
		return;
	}
	c->failures++;
	vg_script_result(&c->fsm, now, false, check_out_init(&o));
	check_effects(r, c, &o.list, now);
}

static void check_effects(struct vgl_runner *r, struct check *c, const struct vg_actions *e, vg_time now)
{
	assert(e->lost == 0); /* VG_SCRIPT_EFFECTS_MAX bounds one call */
	for (size_t i = 0; i < e->len; i++) {
		const struct vg_action *a = &e->v[i];

		switch (a->kind) {
		case VG_ACT_SCRIPT_KILL: {
			struct child *ch = c->pid > 0 ? child_find(r, c->pid) : NULL;

			vgl_logf(&r->cb, LOG_WARNING, "vrrp_script %s timed out after %" PRIu64 " ms - killed",
				 c->conf->name, (uint64_t)(c->cfg.timeout_ns / VG_MS(1)));
			if (ch)
				ch->killed = true;
			vgl_kill_group(c->pid, SIGKILL);
			c->pid = 0;
			c->timeouts++;
			c->failures++;
			break;
		}
		case VG_ACT_SCRIPT_CHANGED:
			vgl_logf(&r->cb, LOG_INFO, "vrrp_script %s now %s", c->conf->name, a->u.script.up ? "up" : "down");
			if (r->cb.track)
				r->cb.track(r->cb.ctx, VG_TRACK_SCRIPT, c->cfg.id, a->u.script.up, 0, now);
			break;
		case VG_ACT_SCRIPT_RUN:
			check_start(r, c, now);
			break;
		default:
			/* not a script record: the core put it in the wrong list */
			r->effects_unhandled++;
			vgl_logf(&r->cb, LOG_ERR, "internal: vrrp_script %s: unexpected effect %s ignored", c->conf->name,
				 vg_action_kind_name(a->kind));
			break;
		}
	}
}

static void check_exited(struct vgl_runner *r, struct check *c, int status, vg_time now)
{
	struct check_out o;
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;

	c->pid = 0;
	c->last_status = status;
	if (!ok)
		c->failures++;
	vg_script_result(&c->fsm, now, ok, check_out_init(&o));
	check_effects(r, c, &o.list, now);
}

/* Mark the scripts some instance or sync group tracks. */
static void mark_used_scripts(struct vgl_runner *r, const struct vg_conf_tracking *t)
{
	for (uint32_t i = 0; i < t->scripts.count; i++) {
		const struct vg_conf_vrrp_script *s = vg_conf_find_script(r->conf, t->scripts.items[i].name);

		if (s)
			r->checks[s - r->conf->scripts.items].used = true;
	}
}

static int setup_checks(struct vgl_runner *r, vg_time now)
{
	const struct vg_conf *conf = r->conf;

	r->check_count = conf->scripts.count < UINT16_MAX ? conf->scripts.count : UINT16_MAX - 1;
	if (!r->check_count)
		return 0;
	r->checks = calloc(r->check_count, sizeof(*r->checks));
	if (!r->checks)
		return -1;
	for (uint32_t i = 0; i < conf->instances.count; i++)
		mark_used_scripts(r, &conf->instances.items[i].track);
	for (uint32_t i = 0; i < conf->sync_groups.count; i++)
		mark_used_scripts(r, &conf->sync_groups.items[i].track);
	for (uint32_t i = 0; i < r->check_count; i++) {
		struct check *c = &r->checks[i];
		const struct vg_conf_vrrp_script *s = &conf->scripts.items[i];
		char what[256];

		c->conf = s;
		c->last_status = -1;
		if (!s->script.cmd)
			continue; /* the parser reported it */
		if (!c->used) {
			vgl_logf(&r->cb, LOG_INFO, "vrrp_script %s is not tracked by any instance or sync group - "
				 "not run", s->name);
			continue;
		}
		snprintf(what, sizeof(what), "vrrp_script %s", s->name);
		if (vgl_cmd_prepare(&c->cmd, env_get(r), what, s->script.cmd, s->script.argv.items,
				    s->script.argv.count, s->script.user, s->script.group) < 0)
			return -1;
		if (!c->cmd.enabled)
			continue;
		c->cfg = (struct vg_script_config){
			.id = (uint16_t)(i + 1),
			.interval_ns = s->interval_ns ? s->interval_ns : VG_S(1),
			.timeout_ns = s->timeout_ns && s->timeout_ns != VG_TIME_NEVER ? s->timeout_ns
										: (s->interval_ns ? s->interval_ns : VG_S(1)),
			.rise = s->rise ? s->rise : 1,
			.fall = s->fall ? s->fall : 1,
			.init_fail = s->init_fail,
		};
		vg_script_init(&c->fsm, &c->cfg, now);
		c->active = true;
	}
	return 0;
}

/* ---- track_file ---- */

static bool file_up(const struct vg_conf_track_file *f, int32_t value)
{
	int64_t total = (int64_t)value * f->weight * (f->weight_reverse ? -1 : 1);

	if (f->weight == 0)
		return f->weight_reverse ? value != 0 : value == 0;
	return total > FILE_FAULT_TOTAL;
}

/* The number in the file; 0 when it is missing, unreadable or holds no number (logged). */
static int32_t file_read(struct vgl_runner *r, const struct watched_file *f)
{
	char buf[FILE_VALUE_BYTES_MAX];
	int fd = open(f->conf->file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ssize_t n;
	char *end;
	long long v;

	if (fd < 0) {
		vgl_logf(&r->cb, LOG_INFO, "track_file %s: cannot read '%s': %s - value 0", f->conf->name,
			 f->conf->file, strerror(errno));
		return 0;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (end == buf) {
		vgl_logf(&r->cb, LOG_INFO, "track_file %s: '%s' holds no number - value 0", f->conf->name,
			 f->conf->file);
		return 0;
	}
	if (v > INT32_MAX)
		v = INT32_MAX;
	if (v < INT32_MIN)
		v = INT32_MIN;
	return (int32_t)v;
}

static void file_update(struct vgl_runner *r, struct watched_file *f, vg_time now)
{
	int32_t value = file_read(r, f);
	bool up = file_up(f->conf, value);

	if (f->known && value == f->value && up == f->up)
		return;
	f->known = true;
	f->value = value;
	f->up = up;
	vgl_logf(&r->cb, LOG_INFO, "track_file %s: value %" PRId32 "%s", f->conf->name, value, up ? "" : " (fault)");
	if (r->cb.track)
		r->cb.track(r->cb.ctx, VG_TRACK_FILE, (uint16_t)(f - r->files + 1), up, value, now);
}

/* init_file [VALUE] [overwrite]: write the value if the file is missing (or always). */
static void file_init(struct vgl_runner *r, const struct vg_conf_track_file *f)
{
	char buf[32];
	int fd, len;

	if (!f->init_file || (!f->init_overwrite && access(f->file, F_OK) == 0))
		return;
	len = snprintf(buf, sizeof(buf), "%" PRId64 "\n", f->init_value);
	fd = open(f->file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, (size_t)len) != len)
		vgl_logf(&r->cb, LOG_ERR, "track_file %s: cannot write '%s': %s", f->name, f->file, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static void mark_used_files(struct vgl_runner *r, const struct vg_conf_track_refs *refs)
{
	for (uint32_t i = 0; i < refs->count; i++) {
		const struct vg_conf_track_file *f = vg_conf_find_track_file(r->conf, refs->items[i].name);

		if (f)
			r->files[f - r->conf->track_files.items].used = true;
	}
}

static void file_watch(struct vgl_runner *r, struct watched_file *f)
{
	const char *path = f->conf->file;
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	f->base = strdup(slash ? slash + 1 : path);
	if (r->inotify_fd < 0) {
		r->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (r->inotify_fd < 0) {
			vgl_logf(&r->cb, LOG_ERR, "inotify: %s - track_file changes are not seen", strerror(errno));
			return;
		}
	}
	/* the directory: the file may be created, replaced (rename) or deleted */
	f->wd = inotify_add_watch(r->inotify_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE);
	if (f->wd < 0)
		vgl_logf(&r->cb, LOG_ERR, "track_file %s: cannot watch '%s': %s - changes are not seen",
			 f->conf->name, dir, strerror(errno));
}

static int setup_files(struct vgl_runner *r, vg_time now)
{
	const struct vg_conf *conf = r->conf;

	r->file_count = conf->track_files.count < UINT16_MAX ? conf->track_files.count : UINT16_MAX - 1;
	if (!r->file_count)
		return 0;
	r->files = calloc(r->file_count, sizeof(*r->files));
	if (!r->files)
		return -1;
	for (uint32_t i = 0; i < conf->instances.count; i++)
		mark_used_files(r, &conf->instances.items[i].track.files);
	for (uint32_t i = 0; i < conf->sync_groups.count; i++)
		mark_used_files(r, &conf->sync_groups.items[i].track.files);
	for (uint32_t v = 0; v < conf->virtual_servers.count; v++)
		for (uint32_t s = 0; s < conf->virtual_servers.items[v].real_servers.count; s++)
			mark_used_files(r, &conf->virtual_servers.items[v].real_servers.items[s].track_files);
	for (uint32_t i = 0; i < r->file_count; i++) {
		struct watched_file *f = &r->files[i];

		f->conf = &conf->track_files.items[i];
		f->wd = -1;
		if (!f->used || !f->conf->file)
			continue;
		file_init(r, f->conf);
		file_watch(r, f);
		if (!f->base)
			return -1;
		file_update(r, f, now);
	}
	return 0;
}

/* ---- notify scripts ---- */

static int add_notify(struct vgl_runner *r, const struct vg_conf_script *s, const char *kind, const char *owner)
{
	char what[256];
	struct notify_cmd *n;

	if (!s || !s->cmd)
		return 0;
	if (r->notify_count == r->notify_cap) {
		uint32_t cap = r->notify_cap ? r->notify_cap * 2 : 16;
		struct notify_cmd *grown = realloc(r->notifies, cap * sizeof(*grown));

		if (!grown)
			return -1;
		r->notifies = grown;
		r->notify_cap = cap;
	}
	n = &r->notifies[r->notify_count++];
	n->src = s;
	snprintf(what, sizeof(what), "%s of %s", kind, owner);
	return vgl_cmd_prepare(&n->cmd, env_get(r), what, s->cmd, s->argv.items, s->argv.count, s->user, s->group);
}

static int setup_notifies(struct vgl_runner *r)
{
	const struct vg_conf *conf = r->conf;
	int rc = 0;

	for (uint32_t i = 0; i < conf->instances.count && !rc; i++) {
		const struct vg_conf_instance *in = &conf->instances.items[i];

		rc |= add_notify(r, in->notify_master, "notify_master", in->name);
		rc |= add_notify(r, in->notify_backup, "notify_backup", in->name);
		rc |= add_notify(r, in->notify_fault, "notify_fault", in->name);
		rc |= add_notify(r, in->notify_stop, "notify_stop", in->name);
		rc |= add_notify(r, in->notify, "notify", in->name);
		rc |= add_notify(r, in->notify_master_rx_lower_pri, "notify_master_rx_lower_pri", in->name);
		rc |= add_notify(r, in->notify_deleted, "notify_deleted", in->name);
	}
	for (uint32_t i = 0; i < conf->sync_groups.count && !rc; i++) {
		const struct vg_conf_sync_group *g = &conf->sync_groups.items[i];

		rc |= add_notify(r, g->notify_master, "notify_master", g->name);
		rc |= add_notify(r, g->notify_backup, "notify_backup", g->name);
		rc |= add_notify(r, g->notify_fault, "notify_fault", g->name);
		rc |= add_notify(r, g->notify_stop, "notify_stop", g->name);
		rc |= add_notify(r, g->notify, "notify", g->name);
	}
	return rc ? -1 : 0;
}

/* Index in r->notifies of the command prepared for `s`, or -1. */
static int64_t notify_find(const struct vgl_runner *r, const struct vg_conf_script *s)
{
	for (uint32_t i = 0; i < r->notify_count; i++)
		if (r->notifies[i].src == s)
			return i;
	return -1;
}

static void notify_run(struct vgl_runner *r, const struct vg_conf_script *s, const char *const *extra,
		       size_t nextra)
{
	int64_t i;

	if (!s || !s->cmd)
		return;
	i = notify_find(r, s);
	if (i < 0) {
		vgl_logf(&r->cb, LOG_ERR, "notify script '%s' is not from the configuration the runner was made "
			 "with - not run", s->cmd);
		return;
	}
	if (r->notifies[i].cmd.enabled)
		start(r, &r->notifies[i].cmd, CHILD_NOTIFY, (uint32_t)i, extra, nextra);
}

/* ---- notify FIFO ---- */

static const char *kv_arg(const struct vg_conf_kv *kv, uint32_t i)
{
	return kv && i < kv->args.count ? kv->args.items[i] : NULL;
}

/* notify_fifo FIFO [user [group]]: a FIFO we create belongs to that user, for its reader. */
static void fifo_chown(struct vgl_runner *r, const char *path, const char *user, const char *group)
{
	const struct passwd *pw;
	const struct group *gr;
	gid_t gid;

	if (!user || geteuid() != 0)
		return;
	pw = getpwnam(user);
	if (!pw) {
		vgl_logf(&r->cb, LOG_ERR, "notify fifo '%s': user '%s' does not exist", path, user);
		return;
	}
	gid = pw->pw_gid;
	if (group) {
		gr = getgrnam(group);
		if (!gr) {
			vgl_logf(&r->cb, LOG_ERR, "notify fifo '%s': group '%s' does not exist", path, group);
			return;
		}
		gid = gr->gr_gid;
	}
	if (chown(path, pw->pw_uid, gid) < 0)
		vgl_logf(&r->cb, LOG_ERR, "notify fifo '%s': chown: %s", path, strerror(errno));
}

static void fifo_open(struct vgl_runner *r, struct fifo *f, const char *user, const char *group)
{
	struct stat st;

	if (lstat(f->path, &st) < 0) {
		if (errno != ENOENT || mkfifo(f->path, 0600) < 0) {
			vgl_logf(&r->cb, LOG_ERR, "notify fifo '%s': %s - not written", f->path, strerror(errno));
			return;
		}
		f->created = true;
		fifo_chown(r, f->path, user, group);
	} else if (!S_ISFIFO(st.st_mode)) {
		vgl_logf(&r->cb, LOG_ERR, "notify fifo '%s' exists and is not a FIFO - not written", f->path);
		return;
	}
	/* read-write: the open never waits for a reader, and lines wait in the pipe for one */
	f->fd = open(f->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (f->fd < 0)
		vgl_logf(&r->cb, LOG_ERR, "notify fifo '%s': %s - not written", f->path, strerror(errno));
}

static int setup_fifo(struct vgl_runner *r, const char *fifo_kw, const char *script_kw)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(r->conf->global.extra, fifo_kw);
	const struct vg_conf_kv *skv = vg_conf_extra_find(r->conf->global.extra, script_kw);
	const char *path = kv_arg(kv, 0);
	struct fifo *f;
	char what[256];

	if (!path)
		return 0;
	for (uint32_t i = 0; i < r->fifo_count; i++)
		if (strcmp(r->fifos[i].path, path) == 0)
			return 0; /* the same FIFO under both names: one line per event */
	f = &r->fifos[r->fifo_count++];
	f->fd = -1;
	f->path = strdup(path);
	if (!f->path)
		return -1;
	fifo_open(r, f, kv_arg(kv, 1), kv_arg(kv, 2));
	if (!kv_arg(skv, 0) || f->fd < 0)
		return 0;
	snprintf(what, sizeof(what), "%s", script_kw);
	if (vgl_cmd_prepare(&f->script, env_get(r), what, kv_arg(skv, 0), NULL, 0, kv_arg(skv, 1),
			    kv_arg(skv, 2)) < 0)
		return -1;
	f->has_script = true;
	if (f->script.enabled) {
		const char *extra[1] = { f->path }; /* keepalived: the FIFO name is the last parameter */
		pid_t pid = start(r, &f->script, CHILD_FIFO, (uint32_t)(f - r->fifos), extra, 1);

		f->script_pid = pid > 0 ? pid : 0;
	}
	return 0;
}

static void fifo_write(struct vgl_runner *r, const char *type, const char *name, const char *state, unsigned prio)
{
	char line[FIFO_LINE_MAX];
	int len = snprintf(line, sizeof(line), "%s \"%s\" %s %u\n", type, name, state, prio);

	if (len < 0 || (size_t)len >= sizeof(line))
		return;
	for (uint32_t i = 0; i < r->fifo_count; i++) {
		struct fifo *f = &r->fifos[i];

		if (f->fd < 0)
			continue;
		if (write(f->fd, line, (size_t)len) == len) {
			f->lines++;
			continue;
		}
		f->dropped++;
		vgl_logf(&r->cb, LOG_WARNING, "notify fifo '%s': line dropped (%s)", f->path,
			 errno == EAGAIN ? "full: no reader" : strerror(errno));
	}
}

/* ---- public ---- */

struct vgl_runner *vgl_runner_new(const struct vg_conf *conf, const struct vgl_runner_cb *cb, vg_time now)
{
	struct vgl_runner *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->conf = conf;
	if (cb)
		r->cb = *cb;
	r->inotify_fd = -1;
	r->last_now = now;
	if (setup_fifo(r, "notify_fifo", "notify_fifo_script") < 0 ||
	    setup_fifo(r, "vrrp_notify_fifo", "vrrp_notify_fifo_script") < 0 || setup_checks(r, now) < 0 ||
	    setup_notifies(r) < 0 || setup_files(r, now) < 0) {
		vgl_runner_free(r);
		return NULL;
	}
	if (r->env_ready && !r->env.security && r->env.count > 0)
		vgl_logf(&r->cb, LOG_WARNING, "scripts are configured but enable_script_security is off%s",
			 r->env.unsafe_count ? ": some are unsafe (see above)" : "");
	return r;
}

/* Reap what has exited; true if no child is left. */
static bool reap_all(struct vgl_runner *r)
{
	for (uint32_t i = 0; i < r->child_count;) {
		int status;
		pid_t p = waitpid(r->children[i].pid, &status, WNOHANG);

		if (p == 0 || (p < 0 && errno == EINTR)) {
			i++;
			continue;
		}
		r->children[i] = r->children[--r->child_count];
	}
	return r->child_count == 0;
}

static void wait_children(struct vgl_runner *r, int ms)
{
	const struct timespec tick = { 0, 1000000 };

	for (int i = 0; i < ms && !reap_all(r); i++)
		nanosleep(&tick, NULL);
}

void vgl_runner_retire(struct vgl_runner *r)
{
	if (!r || r->retired)
		return;
	r->retired = true;
	for (uint32_t i = 0; i < r->child_count; i++)
		if (r->children[i].kind != CHILD_NOTIFY) {
			vgl_kill_group(r->children[i].pid, SIGKILL);
			r->children[i].killed = true;
		}
	for (uint32_t i = 0; i < r->check_count; i++)
		r->checks[i].active = false;
	for (uint32_t i = 0; i < r->fifo_count; i++) {
		struct fifo *f = &r->fifos[i];

		if (f->fd >= 0)
			close(f->fd);
		f->fd = -1;
		if (f->created)
			unlink(f->path);
		f->created = false;
	}
	if (r->inotify_fd >= 0)
		close(r->inotify_fd);
	r->inotify_fd = -1;
	r->conf = NULL; /* the configuration may go away now */
}

void vgl_runner_free(struct vgl_runner *r)
{
	if (!r)
		return;
	for (uint32_t i = 0; i < r->child_count; i++)
		vgl_kill_group(r->children[i].pid, SIGTERM);
	wait_children(r, FREE_TERM_WAIT_MS);
	for (uint32_t i = 0; i < r->child_count; i++)
		vgl_kill_group(r->children[i].pid, SIGKILL);
	wait_children(r, FREE_KILL_WAIT_MS);
	for (uint32_t i = 0; i < r->check_count; i++)
		vgl_cmd_free(&r->checks[i].cmd);
	free(r->checks);
	for (uint32_t i = 0; i < r->file_count; i++)
		free(r->files[i].base);
	free(r->files);
	for (uint32_t i = 0; i < r->notify_count; i++)
		vgl_cmd_free(&r->notifies[i].cmd);
	free(r->notifies);
	for (uint32_t i = 0; i < r->fifo_count; i++) {
		struct fifo *f = &r->fifos[i];

		if (f->fd >= 0)
			close(f->fd);
		if (f->created)
			unlink(f->path);
		free(f->path);
		vgl_cmd_free(&f->script);
	}
	if (r->inotify_fd >= 0)
		close(r->inotify_fd);
	if (r->env_ready)
		vgl_cmd_env_free(&r->env);
	free(r);
}

vg_time vgl_runner_next_deadline(const struct vgl_runner *r)
{
	vg_time t = VG_TIME_NEVER;

	for (uint32_t i = 0; i < r->check_count; i++)
		if (r->checks[i].active)
			t = vg_time_min(t, vg_script_next_deadline(&r->checks[i].fsm));
	return t;
}

void vgl_runner_timer(struct vgl_runner *r, vg_time now)
{
	if (now < r->last_now)
		now = r->last_now; /* the core's machines never see time go back */
	r->last_now = now;
	for (uint32_t i = 0; i < r->check_count; i++) {
		struct check *c = &r->checks[i];
		struct check_out o;

		if (!c->active || vg_script_next_deadline(&c->fsm) > now)
			continue;
		vg_script_timer(&c->fsm, now, check_out_init(&o));
		check_effects(r, c, &o.list, now);
	}
}

static void child_done(struct vgl_runner *r, struct child ch, int status, vg_time now)
{
	switch (ch.kind) {
	case CHILD_CHECK: {
		struct check *c = &r->checks[ch.index];

		if (!ch.killed && c->pid == ch.pid && !r->retired)
			check_exited(r, c, status, now);
		break;
	}
	case CHILD_FIFO:
		r->fifos[ch.index].script_pid = 0;
		vgl_logf(&r->cb, LOG_WARNING, "%s for '%s' exited (status %d)", r->fifos[ch.index].script.what,
			 r->fifos[ch.index].path, status);
		break;
	default:
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			vgl_logf(&r->cb, LOG_INFO, "%s failed (wait status 0x%x)", r->notifies[ch.index].cmd.what,
				 (unsigned)status);
		break;
	}
}

void vgl_runner_child_exited(struct vgl_runner *r, vg_time now)
{
	if (now < r->last_now)
		now = r->last_now;
	r->last_now = now;
	for (uint32_t i = 0; i < r->child_count;) {
		struct child ch = r->children[i];
		int status = 0;
		pid_t p = waitpid(ch.pid, &status, WNOHANG);

		if (p == 0 || (p < 0 && errno == EINTR)) {
			i++;
			continue;
		}
		if (p < 0)
			status = 0xff00; /* reaped elsewhere (ECHILD): count as exit 255 */
		r->children[i] = r->children[--r->child_count];
		child_done(r, ch, status, now);
	}
}

int vgl_runner_fd(const struct vgl_runner *r)
{
	return r->inotify_fd;
}

void vgl_runner_fd_ready(struct vgl_runner *r, vg_time now)
{
	union {
		struct inotify_event ev;
		char bytes[4096];
	} buf;

	if (r->inotify_fd < 0)
		return;
	for (;;) {
		ssize_t len = read(r->inotify_fd, buf.bytes, sizeof(buf.bytes));

		if (len <= 0)
			break;
		for (ssize_t off = 0; off + (ssize_t)sizeof(struct inotify_event) <= len;) {
			const struct inotify_event *ev = (const struct inotify_event *)(buf.bytes + off);

			off += (ssize_t)sizeof(struct inotify_event) + ev->len;
			for (uint32_t i = 0; i < r->file_count; i++) {
				struct watched_file *f = &r->files[i];

				if (f->wd < 0)
					continue;
				if ((ev->mask & IN_Q_OVERFLOW) ||
				    (ev->wd == f->wd && ev->len && strcmp(ev->name, f->base) == 0))
					file_update(r, f, now);
			}
		}
	}
}

void vgl_runner_notify_instance(struct vgl_runner *r, const struct vg_conf_instance *in, uint8_t what,
				uint8_t prio)
{
	const struct vg_conf_script *by_state[] = { in->notify_master, in->notify_backup, in->notify_fault,
						    in->notify_stop, in->notify_master_rx_lower_pri,
						    in->notify_deleted };
	char prio_buf[8];

	if (what == VG_NOTIFY_MASTER_PRIORITY || what == VG_NOTIFY_BACKUP_PRIORITY) {
		/* keepalived.conf(5): FIFO lines only, with notify_priority_changes (the instance's,
		   else the global vrrp_notify_priority_changes) */
		if (in->notify_priority_changes == VG_TRI_ON ||
		    (in->notify_priority_changes == VG_TRI_UNSET &&
		     r->conf->global.vrrp_notify_priority_changes == VG_TRI_ON))
			fifo_write(r, "INSTANCE", in->name, notify_names[what], prio);
		return;
	}
	if (what > VG_NOTIFY_DELETED)
		return;
	/* keepalived.conf(5) notify_deleted: "causes DELETED to be sent to notifies rather than
	   the default FAULT after a vrrp instance is deleted during a reload" */
	if (what == VG_NOTIFY_DELETED && !in->notify_deleted_set)
		what = VG_NOTIFY_FAULT;
	snprintf(prio_buf, sizeof(prio_buf), "%u", prio);
	/* keepalived's order: notify_<state>, then notify with 4 arguments, then the FIFO */
	notify_run(r, by_state[what], NULL, 0);
	/* MASTER_RX_LOWER_PRI is not a state: its own script and the FIFO line only */
	if (in->notify && what != VG_NOTIFY_MASTER_RX_LOWER_PRI) {
		const char *extra[4] = { "INSTANCE", in->name, notify_names[what], prio_buf };

		notify_run(r, in->notify, extra, 4);
	}
	fifo_write(r, "INSTANCE", in->name, notify_names[what], prio);
}

void vgl_runner_notify_group(struct vgl_runner *r, const struct vg_conf_sync_group *g, uint8_t what)
{
	const struct vg_conf_script *by_state[] = { g->notify_master, g->notify_backup, g->notify_fault,
						    g->notify_stop };

	if (what > VG_NOTIFY_STOP)
		return;
	notify_run(r, by_state[what], NULL, 0);
	if (g->notify) {
		const char *extra[4] = { "GROUP", g->name, notify_names[what], "0" };

		notify_run(r, g->notify, extra, 4);
	}
	fifo_write(r, "GROUP", g->name, notify_names[what], 0);
}

void vgl_runner_fifo_line(struct vgl_runner *r, bool group, const char *name, uint8_t what, uint8_t prio)
{
	if (what <= VG_NOTIFY_STOP)
		fifo_write(r, group ? "GROUP" : "INSTANCE", name, notify_names[what], group ? 0 : prio);
}

uint32_t vgl_runner_notifies_running(const struct vgl_runner *r)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < r->child_count; i++)
		n += r->children[i].kind == CHILD_NOTIFY;
	return n;
}

bool vgl_runner_script_disabled(const struct vgl_runner *r, uint16_t id)
{
	return id == 0 || id > r->check_count || !r->checks[id - 1].active;
}

static void dump_cmd(const struct vgl_cmd *c, FILE *f)
{
	fprintf(f, "    command: %s\n", c->line ? c->line : "");
	if (!c->argv)
		return;
	fprintf(f, "    exec: %s%s, uid %u gid %u%s\n", c->shell ? "shell " : "direct ", c->path ? c->path : "-",
		(unsigned)c->uid, (unsigned)c->gid, c->unsafe ? ", UNSAFE permissions" : "");
}

void vgl_runner_dump(const struct vgl_runner *r, FILE *f)
{
	fprintf(f, "Script runner: %u children\n", r->child_count);
	for (uint32_t i = 0; i < r->check_count; i++) {
		const struct check *c = &r->checks[i];

		fprintf(f, "  vrrp_script %s (id %u): ", c->conf->name, i + 1);
		if (!c->active) {
			fprintf(f, "%s\n", !c->conf->script.cmd ? "no script" : !c->used ? "not tracked, not run"
										: "DISABLED");
		} else {
			fprintf(f, "%s, %s, streak ok %u fail %u, runs %" PRIu64 " failures %" PRIu64
				" timeouts %" PRIu64 "\n",
				c->fsm.up ? "UP" : "DOWN", c->pid > 0 ? "running" : "idle", c->fsm.ok_streak,
				c->fsm.fail_streak, c->runs, c->failures, c->timeouts);
			fprintf(f, "    interval %" PRIu64 " ms, timeout %" PRIu64 " ms, rise %u, fall %u\n",
				(uint64_t)(c->cfg.interval_ns / VG_MS(1)), (uint64_t)(c->cfg.timeout_ns / VG_MS(1)),
				c->cfg.rise, c->cfg.fall);
		}
		if (c->cmd.argv)
			dump_cmd(&c->cmd, f);
	}
	for (uint32_t i = 0; i < r->file_count; i++) {
		const struct watched_file *w = &r->files[i];

		fprintf(f, "  track_file %s (id %u) '%s': ", w->conf->name, i + 1, w->conf->file ? w->conf->file : "");
		if (!w->used)
			fprintf(f, "not tracked, not read\n");
		else
			fprintf(f, "value %" PRId32 ", %s%s\n", w->value, w->up ? "UP" : "DOWN",
				w->wd < 0 ? ", NOT watched" : "");
	}
	for (uint32_t i = 0; i < r->fifo_count; i++)
		fprintf(f, "  notify fifo '%s': %s, lines %" PRIu64 ", dropped %" PRIu64 "%s\n", r->fifos[i].path,
			r->fifos[i].fd >= 0 ? "open" : "NOT open", r->fifos[i].lines, r->fifos[i].dropped,
			r->fifos[i].script_pid > 0 ? ", script running" : "");
	for (uint32_t i = 0; i < r->notify_count; i++)
		fprintf(f, "  %s: %s\n", r->notifies[i].cmd.what, r->notifies[i].cmd.enabled ? "ready" : "DISABLED");
}
