/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: SMTP_CHECK probe: connect, read the 220 banner, HELO, 250, QUIT (probe.h).
 *
 * The dialogue and the reply parser are core/probe/smtp.h (keepalived's
 * check_smtp.c: the greeting must be 220, the HELO reply 250, any reply to
 * QUIT ends the check with success). This file only moves bytes: a
 * non-blocking TCP connect to connect_ip:connect_port, one read of at most
 * SMTP_READ_MAX bytes per readiness, the commands written as the dialogue
 * asks for them. A command is a few hundred bytes at most, so a short write
 * on a fresh socket is a failure ("write failure"), never a wait.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "probe.h"
#include "probe/smtp.h"

#define SMTP_READ_MAX 1024

struct smtp_params {
	char helo[VG_SMTP_HELO_MAX + 1];
};

struct smtp_state {
	int fd;
	bool connected;
	struct vg_smtp_check chk;
};

static int smtp_prepare(const struct vgc_probe_conf *c, void **params, struct vgc_key *key, char *err,
			size_t errlen)
{
	struct smtp_params *sp;
	struct vg_smtp_check probe;
	const char *helo = c->ck->helo_name ? c->ck->helo_name : VG_SMTP_DEFAULT_HELO;

	if (vg_smtp_check_init(&probe, helo) != 0) {
		snprintf(err, errlen, "helo_name '%s' is not a domain name (empty, too long, a blank or a control "
				      "character)", helo);
		return -1;
	}
	sp = calloc(1, sizeof(*sp));
	if (!sp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(sp->helo, sizeof(sp->helo), "%s", helo);
	vgc_key_str(key, sp->helo);
	*params = sp;
	return 0;
}

static void smtp_params_free(void *params)
{
	free(params);
}

static int smtp_start(struct vgc_probe *p, vg_time now)
{
	struct smtp_state *st = p->state;
	const struct smtp_params *sp = p->params;

	vg_smtp_check_init(&st->chk, sp->helo); /* checked in prepare */
	st->fd = vgc_probe_socket(p, AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, EPOLLOUT);
	if (st->fd < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "socket: %s", strerror(errno));
		return -1;
	}
	if (vgc_probe_connect(p, st->fd) != 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "connect: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Write what the dialogue asks for; false once the probe has ended. */
static bool smtp_send(struct vgc_probe *p, struct smtp_state *st, vg_time now)
{
	char cmd[VG_SMTP_HELO_MAX + 16];
	int n;
	ssize_t w;

	if (!st->chk.to_send)
		return true;
	n = vg_smtp_check_output(&st->chk, cmd, sizeof(cmd));
	if (n <= 0)
		return true;
	w = send(st->fd, cmd, (size_t)n, MSG_NOSIGNAL);
	if (w != n) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "Write failure to server: %s",
			       w < 0 ? strerror(errno) : "short write");
		return false;
	}
	return true;
}

static void smtp_ended(struct vgc_probe *p, struct smtp_state *st, vg_time now)
{
	if (st->chk.state == VG_SMTP_DONE_OK)
		vgc_probe_ok(p, now);
	else if (st->chk.fail == VG_SMTP_FAIL_SYNTAX)
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s (%s)", vg_smtp_fail_text(st->chk.fail),
			       vg_probe_strerror(st->chk.err));
	else if (st->chk.fail == VG_SMTP_FAIL_GREETING || st->chk.fail == VG_SMTP_FAIL_HELO)
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s (%u)", vg_smtp_fail_text(st->chk.fail),
			       st->chk.last_code);
	else
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s", vg_smtp_fail_text(st->chk.fail));
}

static void smtp_ready(struct vgc_probe *p, int fd, uint32_t events, vg_time now)
{
	struct smtp_state *st = p->state;
	uint8_t buf[SMTP_READ_MAX];
	ssize_t n;
	size_t off = 0;

	if (!st->connected) {
		int e = vgc_probe_connect_result(fd, events);

		if (e != 0) {
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "connection failed: %s", strerror(e));
			return;
		}
		st->connected = true;
		vgc_probe_watch(p, fd, EPOLLIN);
		return;
	}
	(void)events;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "Read failure from server: %s", strerror(errno));
		return;
	}
	if (n == 0) {
		vg_smtp_check_eof(&st->chk);
		smtp_ended(p, st, now);
		return;
	}
	while (off < (size_t)n) {
		ssize_t used = vg_smtp_check_feed(&st->chk, buf + off, (size_t)n - off);

		if (used < 0 || st->chk.state == VG_SMTP_FAILED || st->chk.state == VG_SMTP_DONE_OK) {
			smtp_ended(p, st, now);
			return;
		}
		if (!smtp_send(p, st, now))
			return;
		if (used == 0)
			break;
		off += (size_t)used;
	}
	if (st->chk.state == VG_SMTP_DONE_OK || st->chk.state == VG_SMTP_FAILED)
		smtp_ended(p, st, now);
}

const struct vgc_probe_ops vgc_probe_smtp = {
	.type = VG_LVS_CHECK_SMTP,
	.name = "SMTP_CHECK",
	.state_size = sizeof(struct smtp_state),
	.prepare = smtp_prepare,
	.params_free = smtp_params_free,
	.start = smtp_start,
	.ready = smtp_ready,
	.timeout = NULL,
	.cleanup = NULL,
};
