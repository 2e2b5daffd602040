/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the process watcher (see procwatch.h): the proc connector, the /proc
 * scans, the pid table; the decisions are the core's (vrrp/proctrack.h).
 */
#include "procwatch.h"
#include "rcvbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "vrrp/proctrack.h"
#include "vrrp/track.h"

#define CMDLINE_MAX 8192 /* bytes of /proc/PID/cmdline read: more than any configured line */

/* pid -> the watched blocks it matches (bit i: watched block i) */
struct slot {
	int32_t pid; /* 0: empty */
	uint64_t bits;
};

struct vgd_procwatch {
	struct vgd_procwatch_cb cb;
	char proc_root[64];
	uint16_t n;                      /* watched blocks */
	uint16_t id[VGD_PROCWATCH_MAX];  /* their ids */
	struct vg_proctrack_match match[VGD_PROCWATCH_MAX];
	struct vg_proctrack pt[VGD_PROCWATCH_MAX];
	uint64_t full_mask;              /* blocks compared with the command line */
	bool need_cmdline, need_comm;
	struct slot *tab;
	uint32_t cap, used;              /* cap: a power of two */
	int fd;                          /* proc connector, -1: polling */
	bool acked;                      /* the kernel answered the subscription */
	vg_time poll_at;                 /* next /proc scan (polling), or the ack check */
	uint64_t events, rescans, scans;
	char *cmdbuf;
};

static void logf_(const struct vgd_procwatch *w, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void logf_(const struct vgd_procwatch *w, int prio, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!w->cb.log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->cb.log(w->cb.ctx, prio, msg);
}

/* ---- the pid table (open addressing, linear probing) ---------------------- */

static uint32_t hash(int32_t pid, uint32_t cap)
{
	return ((uint32_t)pid * 2654435761u) & (cap - 1);
}

static struct slot *find(const struct vgd_procwatch *w, int32_t pid)
{
	uint32_t i;

	for (i = hash(pid, w->cap); w->tab[i].pid; i = (i + 1) & (w->cap - 1))
		if (w->tab[i].pid == pid)
			return &w->tab[i];
	return NULL;
}

static int grow(struct vgd_procwatch *w);

static int put(struct vgd_procwatch *w, int32_t pid, uint64_t bits)
{
	struct slot *s = find(w, pid);
	uint32_t i;

	if (s) {
		s->bits = bits;
		return 0;
	}
	if ((w->used + 1) * 4 > w->cap * 3 && grow(w))
		return -1;
	for (i = hash(pid, w->cap); w->tab[i].pid; i = (i + 1) & (w->cap - 1))
		;
	w->tab[i].pid = pid;
	w->tab[i].bits = bits;
	w->used++;
	return 0;
}

static int grow(struct vgd_procwatch *w)
{
	struct slot *old = w->tab;
	uint32_t ocap = w->cap, i;
	struct slot *n = calloc((size_t)ocap * 2, sizeof(*n));

	if (!n)
		return -1;
	w->tab = n;
	w->cap = ocap * 2;
	w->used = 0;
	for (i = 0; i < ocap; i++)
		if (old[i].pid)
			put(w, old[i].pid, old[i].bits);
	free(old);
	return 0;
}

/* Remove pid (backward-shift deletion keeps every probe chain whole). */
static void del(struct vgd_procwatch *w, int32_t pid)
{
	struct slot *s = find(w, pid);
	uint32_t i, j, mask = w->cap - 1;

	if (!s)
		return;
	i = (uint32_t)(s - w->tab);
	w->tab[i].pid = 0;
	w->used--;
	for (j = (i + 1) & mask; w->tab[j].pid; j = (j + 1) & mask) {
		uint32_t h = hash(w->tab[j].pid, w->cap);

		/* move j back to i unless its home lies cyclically in (i, j] */
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			w->tab[i] = w->tab[j];
			w->tab[j].pid = 0;
			i = j;
		}
	}
}

/* ---- reading a process --------------------------------------------------- */

static ssize_t read_file(const struct vgd_procwatch *w, int32_t pid, const char *what, char *buf, size_t n)
{
	char path[128];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/%s", w->proc_root, pid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = read(fd, buf, n);
	close(fd);
	return len;
}

/*
 * The blocks process pid matches. comm_only: only the blocks matched by
 * name, with this name (a PROC_EVENT_COMM); else read /proc/PID/stat (name
 * and state: a zombie matches nothing) and, if some block needs it,
 * /proc/PID/cmdline.
 */
static uint64_t match_pid(struct vgd_procwatch *w, int32_t pid, const char *comm_only)
{
	char stat[512], comm[64] = "";
	ssize_t len, clen = 0;
	uint64_t bits = 0;
	uint16_t i;

	if (comm_only) {
		snprintf(comm, sizeof(comm), "%s", comm_only);
	} else {
		char *open_p, *close_p;

		len = read_file(w, pid, "stat", stat, sizeof(stat) - 1);
		if (len <= 0)
			return 0;
		stat[len] = '\0';
		open_p = strchr(stat, '(');
		close_p = strrchr(stat, ')');
		if (!open_p || !close_p || close_p < open_p || close_p[1] != ' ')
			return 0;
		if (close_p[2] == 'Z' || close_p[2] == 'X')
			return 0; /* not running (keepalived does not count zombies) */
		snprintf(comm, sizeof(comm), "%.*s", (int)(close_p - open_p - 1), open_p + 1);
		if (w->need_cmdline) {
			clen = read_file(w, pid, "cmdline", w->cmdbuf, CMDLINE_MAX);
			if (clen < 0)
				clen = 0;
		}
	}
	for (i = 0; i < w->n; i++) {
		bool full = (w->full_mask >> i) & 1;

		if (comm_only && full)
			continue;
		if (vg_proctrack_matches(&w->match[i], comm, w->cmdbuf, (size_t)clen))
			bits |= UINT64_C(1) << i;
	}
	return bits;
}

/* ---- counts and reports ---------------------------------------------------- */

static void report(struct vgd_procwatch *w, uint16_t i, vg_time now)
{
	logf_(w, LOG_INFO, "track_process %s: %u running, %s", w->match[i].conf->name, w->pt[i].count,
	      w->pt[i].up ? "quorum achieved" : "quorum not achieved");
	if (w->cb.track)
		w->cb.track(w->cb.ctx, VG_TRACK_PROCESS, w->id[i], w->pt[i].up, (int32_t)w->pt[i].count, now);
}

/*
 * pid changed from matching `old` to `new` blocks because of `cause`.
 * Written with masks: GCC 12.2 at -O2 compiled the obvious
 * `bool was = (old >> i) & 1, is = (new >> i) & 1; if (was == is) continue;`
 * as if `is` were always false (a process that started was never counted).
 */
static void apply(struct vgd_procwatch *w, uint64_t old, uint64_t new, enum vg_proctrack_cause cause, vg_time now)
{
	uint64_t changed = old ^ new;
	uint16_t i;

	for (i = 0; i < w->n; i++) {
		uint64_t bit = UINT64_C(1) << i;
		uint32_t c = w->pt[i].count;

		if (!(changed & bit))
			continue;
		c = (new & bit) ? c + 1 : (c ? c - 1 : 0);
		if (vg_proctrack_set(&w->pt[i], now, c, cause))
			report(w, i, now);
	}
}

/* Every running process against every block: a new table and counts (start, lost events, polling). */
static void scan(struct vgd_procwatch *w, vg_time now, bool initial)
{
	uint32_t count[VGD_PROCWATCH_MAX] = { 0 };
	DIR *d = opendir(w->proc_root);
	struct dirent *e;
	uint16_t i;

	w->scans++;
	if (!d) {
		logf_(w, LOG_ERR, "track_process: cannot read %s: %s", w->proc_root, strerror(errno));
		return;
	}
	memset(w->tab, 0, (size_t)w->cap * sizeof(*w->tab));
	w->used = 0;
	while ((e = readdir(d))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		uint64_t bits;

		if (*end || pid <= 0 || pid > INT32_MAX)
			continue;
		bits = match_pid(w, (int32_t)pid, NULL);
		if (!bits)
			continue;
		put(w, (int32_t)pid, bits);
		for (i = 0; i < w->n; i++)
			count[i] += (bits >> i) & 1;
	}
	closedir(d);
	for (i = 0; i < w->n; i++) {
		if (initial)
			w->pt[i].count = count[i];
		else if (vg_proctrack_set(&w->pt[i], now, count[i], VG_PROC_SCAN))
			report(w, i, now);
	}
}

/* ---- the proc connector --------------------------------------------------- */

static int connector_open(struct vgd_procwatch *w)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	/* nlmsghdr, cn_msg, the operation: built byte-wise (cn_msg ends with a flexible array) */
	uint32_t msg[(NLMSG_HDRLEN + sizeof(struct cn_msg) + sizeof(uint32_t) + 3) / 4];
	struct nlmsghdr nl;
	struct cn_msg cn;
	uint32_t op = PROC_CN_MCAST_LISTEN;
	const size_t len = NLMSG_HDRLEN + sizeof(cn) + sizeof(op);
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);

	if (fd < 0) {
		logf_(w, LOG_WARNING, "track_process: no process events (%s): scanning %s every second",
		      strerror(errno), w->proc_root);
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	memset(msg, 0, sizeof(msg));
	memset(&nl, 0, sizeof(nl));
	memset(&cn, 0, sizeof(cn));
	nl.nlmsg_len = (uint32_t)len;
	nl.nlmsg_type = NLMSG_DONE;
	nl.nlmsg_pid = (uint32_t)getpid();
	cn.id.idx = CN_IDX_PROC;
	cn.id.val = CN_VAL_PROC;
	cn.len = sizeof(op);
	memcpy(msg, &nl, sizeof(nl));
	memcpy((char *)msg + NLMSG_HDRLEN, &cn, sizeof(cn));
	memcpy((char *)msg + NLMSG_HDRLEN + sizeof(cn), &op, sizeof(op));
	if (send(fd, msg, len, 0) < 0)
		goto fail;
	return fd;
fail:
	/* ECONNREFUSED outside the initial network namespace */
	logf_(w, LOG_WARNING,
	      "track_process: the kernel's process events are not available here (%s; they answer only in the "
	      "initial network namespace): scanning %s every second",
	      strerror(errno), w->proc_root);
	close(fd);
	return -1;
}

static void connector_close(struct vgd_procwatch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}

static void on_event(struct vgd_procwatch *w, const struct proc_event *ev, vg_time now)
{
	struct slot *s;
	uint64_t old, bits;

	switch (ev->what) {
	case PROC_EVENT_NONE:
		w->acked = true;
		break;
	case PROC_EVENT_FORK:
		/* a thread (child_pid != child_tgid) is not a process */
		if (ev->event_data.fork.child_pid != ev->event_data.fork.child_tgid)
			break;
		s = find(w, ev->event_data.fork.parent_tgid);
		if (!s)
			break;
		bits = s->bits;
		put(w, ev->event_data.fork.child_tgid, bits);
		apply(w, 0, bits, VG_PROC_FORK, now);
		break;
	case PROC_EVENT_EXEC:
		if (ev->event_data.exec.process_pid != ev->event_data.exec.process_tgid)
			break;
		s = find(w, ev->event_data.exec.process_tgid);
		old = s ? s->bits : 0;
		bits = match_pid(w, ev->event_data.exec.process_tgid, NULL);
		if (bits)
			put(w, ev->event_data.exec.process_tgid, bits);
		else
			del(w, ev->event_data.exec.process_tgid);
		apply(w, old, bits, VG_PROC_EXEC, now);
		break;
	case PROC_EVENT_COMM: {
		char comm[sizeof(ev->event_data.comm.comm) + 1];

		if (ev->event_data.comm.process_pid != ev->event_data.comm.process_tgid || !w->need_comm)
			break;
		memcpy(comm, ev->event_data.comm.comm, sizeof(ev->event_data.comm.comm));
		comm[sizeof(comm) - 1] = '\0';
		s = find(w, ev->event_data.comm.process_tgid);
		old = s ? s->bits : 0;
		/* the blocks matched by command line keep their say */
		bits = (old & w->full_mask) | match_pid(w, ev->event_data.comm.process_tgid, comm);
		if (bits)
			put(w, ev->event_data.comm.process_tgid, bits);
		else
			del(w, ev->event_data.comm.process_tgid);
		apply(w, old, bits, VG_PROC_EXEC, now);
		break;
	}
	case PROC_EVENT_EXIT:
		if (ev->event_data.exit.process_pid != ev->event_data.exit.process_tgid)
			break;
		s = find(w, ev->event_data.exit.process_tgid);
		if (!s)
			break;
		old = s->bits;
		del(w, ev->event_data.exit.process_tgid);
		apply(w, old, 0, VG_PROC_EXIT, now);
		break;
	default:
		break;
	}
}

void vgd_procwatch_fd_ready(struct vgd_procwatch *w, vg_time now)
{
	/* one event per datagram (the kernel never chains them) */
	uint64_t buf[(NLMSG_HDRLEN + sizeof(struct cn_msg) + sizeof(struct proc_event) + 64) / 8];
	int budget = 4096;

	if (!w || w->fd < 0)
		return;
	while (budget--) {
		struct sockaddr_nl from;
		socklen_t flen = sizeof(from);
		ssize_t len = recvfrom(w->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
		const struct nlmsghdr *nl = (const struct nlmsghdr *)buf;
		struct cn_msg cn;
		struct proc_event ev;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* events were lost: count again from /proc */
				w->rescans++;
				logf_(w, LOG_WARNING, "track_process: process events lost: rescanning %s", w->proc_root);
				scan(w, now, false);
				continue;
			}
			return; /* EAGAIN */
		}
		if (from.nl_pid != 0 || !NLMSG_OK(nl, (size_t)len) || nl->nlmsg_type == NLMSG_ERROR ||
		    (size_t)len < NLMSG_HDRLEN + sizeof(cn) + offsetof(struct proc_event, event_data))
			continue; /* not the kernel's, or not a process event */
		memcpy(&cn, (const char *)buf + NLMSG_HDRLEN, sizeof(cn));
		if (cn.id.idx != CN_IDX_PROC || cn.id.val != CN_VAL_PROC)
			continue;
		memset(&ev, 0, sizeof(ev));
		memcpy(&ev, (const char *)buf + NLMSG_HDRLEN + sizeof(cn),
		       (size_t)len - NLMSG_HDRLEN - sizeof(cn) < sizeof(ev) ? (size_t)len - NLMSG_HDRLEN - sizeof(cn)
									: sizeof(ev));
		w->events++;
		on_event(w, &ev, now);
	}
}

/* ---- life --------------------------------------------------------------------- */

struct vgd_procwatch *vgd_procwatch_new(const struct vg_conf *conf, const uint64_t *tracked,
					const struct vgd_procwatch_cb *cb, const struct vgd_procwatch_opts *o,
					vg_time now)
{
	struct vgd_procwatch *w;
	uint32_t k;
	uint16_t i;

	if (!conf->track_processes.count)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->cb = *cb;
	w->fd = -1;
	snprintf(w->proc_root, sizeof(w->proc_root), "%s", o && o->proc_root ? o->proc_root : "/proc");
	for (k = 0; k < conf->track_processes.count && k < 64 * 64; k++) {
		const struct vg_conf_track_process *t = &conf->track_processes.items[k];

		if (tracked && !((tracked[k / 64] >> (k % 64)) & 1))
			continue;
		if (w->n == VGD_PROCWATCH_MAX) {
			logf_(w, LOG_ERR, "track_process %s: more than %d tracked processes, not watched", t->name,
			      VGD_PROCWATCH_MAX);
			continue;
		}
		w->id[w->n] = (uint16_t)(k + 1);
		vg_proctrack_match_init(&w->match[w->n], t);
		if (w->match[w->n].full_command) {
			w->full_mask |= UINT64_C(1) << w->n;
			w->need_cmdline = true;
		} else {
			w->need_comm = true;
		}
		w->n++;
	}
	w->cap = 256;
	w->tab = calloc(w->cap, sizeof(*w->tab));
	w->cmdbuf = malloc(CMDLINE_MAX);
	if (!w->n || !w->tab || !w->cmdbuf) {
		vgd_procwatch_free(w);
		return NULL;
	}
	/* subscribe first, then scan: a process that starts in between is seen by one or both (the table
	   makes that harmless) */
	if (!(o && o->no_events)) {
		w->fd = connector_open(w);
		/* keepalived.conf(5) process_monitor_rcv_bufs[_force] */
		if (w->fd >= 0)
			vgd_rcvbuf_apply(w->fd, &conf->global, "process_monitor");
	}
	scan(w, now, true);
	for (i = 0; i < w->n; i++) {
		vg_proctrack_init(&w->pt[i], w->match[i].conf, w->pt[i].count);
		report(w, i, now);
	}
	w->poll_at = now + VGD_PROCWATCH_POLL; /* polling: the next scan; events: the ack check */
	return w;
}

void vgd_procwatch_free(struct vgd_procwatch *w)
{
	if (!w)
		return;
	connector_close(w);
	free(w->tab);
	free(w->cmdbuf);
	free(w);
}

int vgd_procwatch_fd(const struct vgd_procwatch *w)
{
	return w ? w->fd : -1;
}

bool vgd_procwatch_polling(const struct vgd_procwatch *w)
{
	return w && w->fd < 0;
}

vg_time vgd_procwatch_next_deadline(const struct vgd_procwatch *w)
{
	vg_time t;
	uint16_t i;

	if (!w)
		return VG_TIME_NEVER;
	t = w->poll_at;
	for (i = 0; i < w->n; i++)
		t = vg_time_min(t, vg_proctrack_next_deadline(&w->pt[i]));
	return t;
}

void vgd_procwatch_timer(struct vgd_procwatch *w, vg_time now)
{
	uint16_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++)
		if (vg_proctrack_next_deadline(&w->pt[i]) <= now && vg_proctrack_timer(&w->pt[i], now))
			report(w, i, now);
	if (w->poll_at > now)
		return;
	if (w->fd >= 0 && w->acked) {
		w->poll_at = VG_TIME_NEVER; /* events flow: no polling */
		return;
	}
	if (w->fd >= 0) {
		logf_(w, LOG_WARNING, "track_process: the kernel did not acknowledge the process event "
				      "subscription: scanning %s every second", w->proc_root);
		connector_close(w);
	}
	scan(w, now, false);
	w->poll_at = now + VGD_PROCWATCH_POLL;
}

uint32_t vgd_procwatch_count(const struct vgd_procwatch *w, uint16_t id)
{
	uint16_t i;

	for (i = 0; w && i < w->n; i++)
		if (w->id[i] == id)
			return w->pt[i].count;
	return 0;
}

void vgd_procwatch_dump(const struct vgd_procwatch *w, FILE *f)
{
	uint16_t i;

	if (!w)
		return;
	fprintf(f, " Process watcher: %s, %llu events, %llu scans, %llu rescans after lost events\n",
		w->fd >= 0 ? "kernel process events" : "scanning /proc every second", (unsigned long long)w->events,
		(unsigned long long)w->scans, (unsigned long long)w->rescans);
	for (i = 0; i < w->n; i++)
		fprintf(f, "  track_process %s: %u running, quorum %u..%u, %s%s\n", w->match[i].conf->name,
			w->pt[i].count, w->pt[i].quorum, w->pt[i].quorum_max, w->pt[i].up ? "up" : "down",
			w->pt[i].delay_end != VG_TIME_NEVER ? " (delay running)" : "");
}
