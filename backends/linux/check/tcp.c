/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: TCP_CHECK: a TCP connection to the server, closed as soon as it is made.
 *
 * keepalived's check_tcp.c: connect (non-blocking) to connect_ip:connect_port
 * from bindto:bind_port / bind_if with the fwmark; the check passes when the
 * connection is established within connect_timeout and fails when it is
 * refused, reset, unreachable or times out. Nothing is sent. The sharing
 * key is the common options alone.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>

#include "probe.h"

static int tcp_prepare(const struct vgc_probe_conf *c, void **params, struct vgc_key *key, char *err, size_t errlen)
{
	(void)c;
	(void)key;
	(void)err;
	(void)errlen;
	*params = NULL;
	return 0;
}

static int tcp_start(struct vgc_probe *p, vg_time now)
{
	int fd = vgc_probe_socket(p, AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, EPOLLOUT);

	if (fd < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "cannot create socket: %s", strerror(errno));
		return -1;
	}
	if (vgc_probe_connect(p, fd) < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

static void tcp_ready(struct vgc_probe *p, int fd, uint32_t events, vg_time now)
{
	int e = vgc_probe_connect_result(fd);

	(void)events;
	if (e)
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s", strerror(e));
	else
		vgc_probe_ok(p, now);
}

const struct vgc_probe_ops vgc_probe_tcp = {
	.type = VG_LVS_CHECK_TCP,
	.name = "TCP_CHECK",
	.prepare = tcp_prepare,
	.start = tcp_start,
	.ready = tcp_ready,
};
