/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the control socket (ctl.h): listener, connections, command table.
 */
#include "ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"

struct conn {
	int fd;             /* -1: free */
	vg_time deadline;   /* closed then, whatever it is doing */
	size_t inlen;
	char in[VGD_CTL_REQ_MAX + 1];
	bool replying;
	struct vgd_buf out;
	size_t sent;
};

struct vgd_ctl {
	struct vgl_loop *loop;
	int lfd, ep;        /* listener; the inner epoll set of the connections */
	char path[108];
	struct vgd_ctl_cmd cmds[VGD_CTL_CMDS_MAX];
	size_t ncmds;
	struct conn conns[VGD_CTL_CONNS_MAX];
	struct vgd_ctl_stats n;
};

/* ---- the command table ------------------------------------------------------------ */

static int cmd_help(void *ctx, const char *args, vg_time now, struct vgd_buf *out, char *err, size_t errlen)
{
	struct vgd_ctl *c = ctx;
	size_t i;

	(void)args;
	(void)now;
	(void)err;
	(void)errlen;
	for (i = 0; i < c->ncmds; i++)
		vgd_buf_printf(out, "%-10s %s\n", c->cmds[i].name, c->cmds[i].help);
	return 0;
}

static struct vgd_ctl *ctl_alloc(void)
{
	struct vgd_ctl *c = calloc(1, sizeof(*c));
	struct vgd_ctl_cmd help = { "help", "list the commands", cmd_help, NULL };
	size_t i;

	if (!c)
		return NULL;
	c->lfd = c->ep = -1;
	for (i = 0; i < VGD_CTL_CONNS_MAX; i++)
		c->conns[i].fd = -1;
	help.ctx = c;
	vgd_ctl_register(c, &help);
	return c;
}

struct vgd_ctl *vgd_ctl_new(void)
{
	return ctl_alloc();
}

int vgd_ctl_register(struct vgd_ctl *c, const struct vgd_ctl_cmd *cmd)
{
	size_t i;

	if (!c || c->ncmds == VGD_CTL_CMDS_MAX || !cmd->name || !cmd->fn)
		return -1;
	for (i = 0; i < c->ncmds; i++)
		if (!strcmp(c->cmds[i].name, cmd->name))
			return -1;
	c->cmds[c->ncmds++] = *cmd;
	return 0;
}

struct vgd_ctl_stats vgd_ctl_stats(const struct vgd_ctl *c)
{
	return c->n;
}

void vgd_ctl_dispatch(struct vgd_ctl *c, const char *line, vg_time now, struct vgd_buf *reply)
{
	char name[32], err[256];
	const char *args;
	size_t n = strcspn(line, " \t"), i;
	struct vgd_buf body;

	args = line + n;
	while (*args == ' ' || *args == '\t')
		args++;
	if (!n || n >= sizeof(name)) {
		vgd_buf_printf(reply, "error empty or unknown command (try 'help')\n");
		c->n.errors++;
		return;
	}
	memcpy(name, line, n);
	name[n] = 0;
	for (i = 0; i < c->ncmds && strcmp(c->cmds[i].name, name); i++)
		;
	if (i == c->ncmds) {
		vgd_buf_printf(reply, "error unknown command '%s' (try 'help')\n", name);
		c->n.errors++;
		return;
	}
	vgd_buf_init(&body, reply->max > 16 ? reply->max - 16 : reply->max);
	err[0] = 0;
	if (c->cmds[i].fn(c->cmds[i].ctx, args, now, &body, err, sizeof(err))) {
		vgd_buf_printf(reply, "error %s\n", err[0] ? err : "failed");
		c->n.errors++;
	} else if (body.overflow) {
		vgd_buf_printf(reply, "error the reply does not fit in %u bytes\n", (unsigned)VGD_CTL_REPLY_MAX);
		c->n.errors++;
	} else {
		vgd_buf_printf(reply, "ok\n");
		vgd_buf_append(reply, body.p ? body.p : "", body.len);
		c->n.served++;
	}
	vgd_buf_free(&body);
}

/* ---- connections ------------------------------------------------------------------ */

static void conn_close(struct vgd_ctl *c, struct conn *k)
{
	char drain[1024];
	int budget = 64;

	if (k->fd < 0)
		return;
	/* what the client sent past its request, so that closing does not reset the reply */
	while (budget-- > 0 && recv(k->fd, drain, sizeof(drain), MSG_DONTWAIT) > 0)
		;
	epoll_ctl(c->ep, EPOLL_CTL_DEL, k->fd, NULL);
	close(k->fd);
	k->fd = -1;
	vgd_buf_free(&k->out);
}

/* Write what the socket takes; close when all of it went, or on an error. */
static void conn_flush(struct vgd_ctl *c, struct conn *k)
{
	while (k->sent < k->out.len) {
		ssize_t w = send(k->fd, k->out.p + k->sent, k->out.len - k->sent, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = k };

			epoll_ctl(c->ep, EPOLL_CTL_MOD, k->fd, &ev);
			return;
		}
		if (w <= 0)
			break;
		k->sent += (size_t)w;
	}
	conn_close(c, k);
}

static void conn_reply(struct vgd_ctl *c, struct conn *k, vg_time now)
{
	char *nl = memchr(k->in, '\n', k->inlen);

	if (nl)
		*nl = 0;
	else
		k->in[k->inlen] = 0;
	if (nl && nl > k->in && nl[-1] == '\r')
		nl[-1] = 0;
	vgd_buf_init(&k->out, VGD_CTL_REPLY_MAX);
	vgd_ctl_dispatch(c, k->in, now, &k->out);
	if (k->out.overflow) {
		vgd_buf_free(&k->out);
		vgd_buf_init(&k->out, 256);
		vgd_buf_printf(&k->out, "error out of memory\n");
	}
	k->replying = true;
	shutdown(k->fd, SHUT_RD);
	conn_flush(c, k);
}

static void conn_read(struct vgd_ctl *c, struct conn *k, vg_time now)
{
	for (;;) {
		ssize_t r = recv(k->fd, k->in + k->inlen, VGD_CTL_REQ_MAX - k->inlen, MSG_DONTWAIT);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r < 0) {
			conn_close(c, k);
			return;
		}
		if (r == 0) { /* the client closed its side: the request is what came */
			if (!k->inlen) {
				conn_close(c, k);
				return;
			}
			conn_reply(c, k, now);
			return;
		}
		k->inlen += (size_t)r;
		if (memchr(k->in, '\n', k->inlen)) {
			conn_reply(c, k, now);
			return;
		}
		if (k->inlen == VGD_CTL_REQ_MAX) {
			vgd_buf_init(&k->out, 256);
			vgd_buf_printf(&k->out, "error request longer than %u bytes\n", VGD_CTL_REQ_MAX);
			c->n.errors++;
			k->replying = true;
			conn_flush(c, k);
			return;
		}
	}
}

static void on_conns(void *ctx, int fd, vg_time now)
{
	struct vgd_ctl *c = ctx;
	struct epoll_event evs[VGD_CTL_CONNS_MAX];
	int n, i;

	(void)fd;
	n = epoll_wait(c->ep, evs, VGD_CTL_CONNS_MAX, 0);
	for (i = 0; i < n; i++) {
		struct conn *k = evs[i].data.ptr;

		if (k->fd < 0)
			continue;
		if (k->replying)
			conn_flush(c, k);
		else
			conn_read(c, k, now);
	}
}

static bool peer_allowed(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len))
		return false;
	return cr.uid == 0 || cr.uid == geteuid();
}

static void on_accept(void *ctx, int lfd, vg_time now)
{
	struct vgd_ctl *c = ctx;

	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct epoll_event ev = { .events = EPOLLIN };
		struct conn *k = NULL;
		size_t i;

		if (fd < 0)
			return;
		c->n.accepted++;
		if (!peer_allowed(fd)) {
			static const char msg[] = "error permission denied\n";

			c->n.refused_cred++;
			if (send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
				(void)0;
			close(fd);
			continue;
		}
		for (i = 0; i < VGD_CTL_CONNS_MAX && !k; i++)
			if (c->conns[i].fd < 0)
				k = &c->conns[i];
		if (!k) {
			static const char msg[] = "error busy: too many control connections\n";

			c->n.refused_busy++;
			if (send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
				(void)0;
			close(fd);
			continue;
		}
		memset(k, 0, sizeof(*k));
		k->fd = fd;
		k->deadline = now + VGD_CTL_TIMEOUT;
		ev.data.ptr = k;
		if (epoll_ctl(c->ep, EPOLL_CTL_ADD, fd, &ev)) {
			close(fd);
			k->fd = -1;
		}
	}
}

static vg_time next_deadline(void *ctx)
{
	struct vgd_ctl *c = ctx;
	vg_time t = VG_TIME_NEVER;
	size_t i;

	for (i = 0; i < VGD_CTL_CONNS_MAX; i++)
		if (c->conns[i].fd >= 0)
			t = vg_time_min(t, c->conns[i].deadline);
	return t;
}

static void fire_deadline(void *ctx, vg_time now)
{
	struct vgd_ctl *c = ctx;
	size_t i;

	for (i = 0; i < VGD_CTL_CONNS_MAX; i++)
		if (c->conns[i].fd >= 0 && c->conns[i].deadline <= now) {
			c->n.timed_out++;
			conn_close(c, &c->conns[i]);
		}
}

/* ---- the socket --------------------------------------------------------------------- */

/* A socket file at path that nobody accepts on (a killed vigild's): 1; a live one: 0; nothing there: -1. */
static int stale(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat sb;
	int fd, rc;

	if (lstat(path, &sb))
		return -1;
	if (!S_ISSOCK(sb.st_mode))
		return 0;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) && errno == ECONNREFUSED ? 1 : 0;
	close(fd);
	return rc;
}

static void mkdir_parent(const char *path)
{
	char dir[108];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = 0;
	if (mkdir(dir, 0755) && errno != EEXIST)
		vgd_log(LOG_WARNING, "control socket: cannot create %s: %s", dir, strerror(errno));
}

struct vgd_ctl *vgd_ctl_open(struct vgl_loop *loop, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct vgd_ctl *c;
	mode_t old;
	int rc;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "control socket %s: path longer than %zu bytes", path, sizeof(sa.sun_path) - 1);
		return NULL;
	}
	c = ctl_alloc();
	if (!c) {
		snprintf(err, errlen, "control socket: out of memory");
		return NULL;
	}
	c->loop = loop;
	snprintf(c->path, sizeof(c->path), "%s", path);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	mkdir_parent(path);
	switch (stale(path)) {
	case 1:
		unlink(path);
		break;
	case 0:
		snprintf(err, errlen, "control socket %s: %s", path,
			 access(path, F_OK) == 0 ? "in use (another vigild?) or not a socket" : strerror(errno));
		free(c);
		return NULL;
	default:
		break;
	}
	c->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	c->ep = epoll_create1(EPOLL_CLOEXEC);
	if (c->lfd < 0 || c->ep < 0)
		goto fail;
	old = umask(0177); /* created 0600: root-only */
	rc = bind(c->lfd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc || chmod(path, 0600) || listen(c->lfd, 16))
		goto fail;
	if (vgl_loop_add_fd(loop, c->lfd, on_accept, c) || vgl_loop_add_fd(loop, c->ep, on_conns, c) ||
	    vgl_loop_add_deadline(loop, next_deadline, fire_deadline, c)) {
		snprintf(err, errlen, "control socket %s: the event loop is full", path);
		vgl_loop_del_fd(loop, c->lfd);
		vgl_loop_del_fd(loop, c->ep);
		c->loop = NULL;
		vgd_ctl_close(c);
		return NULL;
	}
	return c;
fail:
	snprintf(err, errlen, "control socket %s: %s", path, strerror(errno));
	c->loop = NULL;
	vgd_ctl_close(c);
	return NULL;
}

void vgd_ctl_close(struct vgd_ctl *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < VGD_CTL_CONNS_MAX; i++)
		conn_close(c, &c->conns[i]);
	if (c->loop) {
		vgl_loop_del_fd(c->loop, c->lfd);
		vgl_loop_del_fd(c->loop, c->ep);
	}
	if (c->lfd >= 0) {
		close(c->lfd);
		unlink(c->path);
	}
	if (c->ep >= 0)
		close(c->ep);
	free(c);
}
