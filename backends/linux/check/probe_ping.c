/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: PING_CHECK probe: one ICMP / ICMPv6 echo request, its reply decides (probe.h).
 *
 * keepalived's check_ping.c uses a ping socket (SOCK_DGRAM, IPPROTO_ICMP /
 * IPPROTO_ICMPV6), where the kernel picks the identifier and delivers only
 * the replies to it; a kernel whose net.ipv4.ping_group_range excludes our
 * group refuses it (keepalived then widens the sysctl; we do not touch the
 * host's settings) and we fall back to a raw socket (root), filtering the
 * replies on our identifier ourselves (another identifier is someone
 * else's ping: ignored). The request and the reply check are
 * core/probe/udp.h's vg_icmp_echo_build / vg_icmp_echo_reply_check: type
 * 8 / 128, 128 bytes of data, the sequence number one more per probe; the
 * reply must be an echo reply with that sequence number. No reply before
 * connect_timeout: a timeout (an address with no host).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <unistd.h>

#include "probe.h"
#include "probe/udp.h"

#define PING_READS_PER_CALL 8
#define PING_RECV_MAX 1500u

struct ping_state {
	int fd;
	bool raw;    /* raw socket: IPv4 replies carry the IP header, ids are ours to check */
	bool v6;
	uint16_t id;
	uint16_t seq;
};

static int ping_prepare(const struct vgc_probe_conf *c, void **params, struct vgc_key *key, char *err,
			size_t errlen)
{
	(void)c;
	(void)err;
	(void)errlen;
	(void)key;       /* no options: the common ones (destination, source) decide sharing */
	*params = NULL;
	return 0;
}

static void ping_params_free(void *params)
{
	(void)params;
}

/* The destination without a port: raw IPv6 sockets refuse one that is not 0. */
static socklen_t dst_no_port(const struct vgc_probe_opts *o, union vgc_sa *ss)
{
	return vgc_probe_dst(o, ss, false);
}

static int ping_start(struct vgc_probe *p, vg_time now)
{
	struct ping_state *st = p->state;
	union vgc_sa dst;
	socklen_t dlen = dst_no_port(p->opts, &dst);
	uint8_t req[VG_ICMP_ECHO_LEN];
	int proto, n;

	st->v6 = dst.sa.sa_family == AF_INET6;
	proto = st->v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	st->fd = vgc_probe_socket(p, AF_UNSPEC, SOCK_DGRAM, proto, EPOLLIN);
	if (st->fd < 0 && (errno == EACCES || errno == EPERM)) {
		st->raw = true;
		st->fd = vgc_probe_socket(p, AF_UNSPEC, SOCK_RAW, proto, EPOLLIN);
	}
	if (st->fd < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "ICMP socket: %s", strerror(errno));
		return -1;
	}
	if (st->raw && st->v6) {
		struct icmp6_filter f;

		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		setsockopt(st->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	}
	st->id = (uint16_t)(getpid() ^ (p->id << 4));
	st->seq = (uint16_t)(p->id + 1u);
	n = vg_icmp_echo_build(req, sizeof(req), st->v6, st->id, st->seq);
	if (n < 0 || connect(st->fd, (const struct sockaddr *)&dst, dlen) != 0 ||
	    send(st->fd, req, (size_t)n, 0) != n) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "send echo request: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static const char *verdict_text(enum vg_icmp_verdict v)
{
	switch (v) {
	case VG_ICMP_SHORT: return "got short ICMP packet";
	case VG_ICMP_TYPE: return "Got ICMP packet with type other than echo reply";
	case VG_ICMP_SEQ: return "Ping reply with an unexpected seq no";
	default: return "?";
	}
}

static void ping_ready(struct vgc_probe *p, int fd, uint32_t events, vg_time now)
{
	struct ping_state *st = p->state;
	uint8_t buf[PING_RECV_MAX];

	(void)events;
	for (int i = 0; i < PING_READS_PER_CALL; i++) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		const uint8_t *msg = buf;
		size_t len;
		enum vg_icmp_verdict v;

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "ICMP receive: %s", strerror(errno));
			return;
		}
		len = (size_t)n;
		if (st->raw && !st->v6) {
			size_t ihl = len ? (size_t)(buf[0] & 0x0f) * 4u : 0;

			if (ihl < 20 || ihl > len)
				continue;
			msg += ihl;
			len -= ihl;
		}
		if (st->raw && len >= 1 && msg[0] == (st->v6 ? 128 : 8))
			continue; /* our own request on a raw socket (a ping to a local address) */
		v = vg_icmp_echo_reply_check(msg, len, st->v6, st->raw, st->id, st->seq);
		if (v == VG_ICMP_IGNORE)
			continue;
		if (v == VG_ICMP_OK)
			vgc_probe_ok(p, now);
		else
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "%s", verdict_text(v));
		return;
	}
}

const struct vgc_probe_ops vgc_probe_ping = {
	.type = VG_LVS_CHECK_PING,
	.name = "PING_CHECK",
	.state_size = sizeof(struct ping_state),
	.prepare = ping_prepare,
	.params_free = ping_params_free,
	.start = ping_start,
	.ready = ping_ready,
	.timeout = NULL,
	.cleanup = NULL,
};
