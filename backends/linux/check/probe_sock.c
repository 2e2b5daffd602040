/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a probe's destination socket address and its non-blocking connect (probe.h).
 *
 * Used alike by the checker driver (engine.c) and by vgc-probe-solo, the
 * test runner of one checker's probes, so both connect the same way.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "probe.h"

socklen_t vgc_probe_dst(const struct vgc_probe_opts *o, union vgc_sa *sa, bool with_port)
{
	memset(sa, 0, sizeof(*sa));
	if (o->dst.family == VG_AF_INET6) {
		sa->in6.sin6_family = AF_INET6;
		memcpy(&sa->in6.sin6_addr, o->dst.bytes, 16);
		sa->in6.sin6_port = with_port ? htons(o->port) : 0;
		return sizeof(sa->in6);
	}
	sa->in.sin_family = AF_INET;
	memcpy(&sa->in.sin_addr, o->dst.bytes, 4);
	sa->in.sin_port = with_port ? htons(o->port) : 0;
	return sizeof(sa->in);
}

int vgc_probe_connect(struct vgc_probe *p, int fd)
{
	union vgc_sa sa;
	socklen_t len = vgc_probe_dst(p->opts, &sa, true);

	if (connect(fd, &sa.sa, len) == 0 || errno == EINPROGRESS)
		return 0;
	return -1;
}

int vgc_probe_connect_result(int fd, uint32_t events)
{
	int e = 0;
	socklen_t l = sizeof(e);

	/* a failed connect sets the socket's error, which epoll reports as EPOLLERR (refused: with
	   EPOLLHUP); a writable socket without either is connected: no getsockopt per probe */
	if (!(events & (EPOLLERR | EPOLLHUP)))
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l) < 0)
		return errno;
	return e;
}
