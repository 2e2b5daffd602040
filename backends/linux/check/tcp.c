/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: TCP_CHECK: a TCP connection to the server, closed as soon as it is made; or half-open.
 *
 * keepalived's check_tcp.c: connect (non-blocking) to connect_ip:connect_port
 * from bindto:bind_port / bind_if with the fwmark; the check passes when the
 * connection is established within connect_timeout and fails when it is
 * refused, reset, unreachable or times out. Nothing is sent. The sharing
 * key is the common options alone.
 *
 * With `--check-tcp=syn` (syn.h) the probe sends one SYN from the shared
 * raw socket instead and the first answer decides, as it decides the
 * connect(): a SYN-ACK passes, a RST is "Connection refused"; without an
 * answer the SYN is sent again when the kernel would retransmit a
 * connect()'s (1, 3, 7 s ... after the first, RFC 6298) until
 * connect_timeout, then "timeout". A probe the raw socket cannot make
 * (syn.h says which) connects.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/epoll.h>

#include "probe.h"
#include "syn.h"

struct tcp_state {
	struct vgc_syn_probe syn;
	vg_time final_ns;             /* half-open: the probe's own deadline (connect_timeout) */
	uint8_t sent;                 /* SYNs sent */
	bool half_open;
};

static int tcp_prepare(const struct vgc_probe_conf *c, void **params, struct vgc_key *key, char *err, size_t errlen)
{
	(void)c;
	(void)key;
	(void)err;
	(void)errlen;
	*params = NULL;
	return 0;
}

/* The next SYN retransmission's time, or the probe's end if that comes first. */
static vg_time next_wake(const struct vgc_probe *p, const struct tcp_state *st)
{
	vg_time t = p->started_ns + vg_syn_retransmit_ms(st->sent) * 1000000ull;

	return t < st->final_ns ? t : st->final_ns;
}

static int tcp_start(struct vgc_probe *p, vg_time now)
{
	struct tcp_state *st = p->state;
	struct vgc_syn *syn = vgc_probe_syn(p);
	int fd;

	if (syn) {
		const char *why;
		int r = vgc_syn_begin(syn, p, &st->syn, &why);

		if (r < 0) {
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s", strerror(errno));
			return -1;
		}
		if (r == 0) {
			st->half_open = true;
			st->sent = 1;
			st->final_ns = p->deadline_ns;
			vgc_probe_set_deadline(p, next_wake(p, st));
			return 0;
		}
	}
	fd = vgc_probe_socket(p, AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, EPOLLOUT);
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
	int e = vgc_probe_connect_result(fd, events);

	if (e)
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s", strerror(e));
	else
		vgc_probe_ok(p, now);
}

/* Half-open: no answer yet; send the SYN again unless connect_timeout has passed. */
static void tcp_timeout(struct vgc_probe *p, vg_time now)
{
	struct tcp_state *st = p->state;

	if (!st->half_open || now >= st->final_ns)
		return; /* the driver reports "timeout" */
	if (vgc_syn_resend(vgc_probe_syn(p), &st->syn) < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s", strerror(errno));
		return;
	}
	st->sent++;
	vgc_probe_set_deadline(p, next_wake(p, st));
}

static void tcp_cleanup(struct vgc_probe *p)
{
	struct tcp_state *st = p->state;

	if (st->half_open)
		vgc_syn_end(vgc_probe_syn(p), &st->syn);
}

const struct vgc_probe_ops vgc_probe_tcp = {
	.type = VG_LVS_CHECK_TCP,
	.name = "TCP_CHECK",
	.state_size = sizeof(struct tcp_state),
	.prepare = tcp_prepare,
	.start = tcp_start,
	.ready = tcp_ready,
	.timeout = tcp_timeout,
	.cleanup = tcp_cleanup,
};
