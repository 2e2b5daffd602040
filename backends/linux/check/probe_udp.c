/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: UDP_CHECK probe: send the payload, judge the reply, an ICMP error or the silence (probe.h).
 *
 * What passes is core/probe/udp.h's vg_udp_verdict (keepalived's
 * check_udp.c and layer4.c udp_socket_state): an ICMP error on the
 * connected socket (port or host unreachable: IP_RECVERR / IPV6_RECVERR)
 * fails; silence until connect_timeout passes unless `require_reply`; a
 * reply passes unless require_reply gave a hex pattern, which the reply
 * must match within min_reply_length..max_reply_length. Without `payload`
 * keepalived sends 32 bytes of "keepalived check - " repeated; we send the
 * same bytes, so a server that answers keepalived answers vigild.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "probe.h"
#include "probe/udp.h"

#define UDP_DEFAULT_PAYLOAD_LEN 32u
#define UDP_RECV_MAX 65536u

struct udp_params {
	struct vg_udp_expect expect; /* data / mask point into this struct's buffers */
	uint8_t *payload;
	size_t payload_len;
	uint8_t *reply;              /* the require_reply pattern, NULL none */
	uint8_t *mask;
};

struct udp_state {
	int fd;
};

static void udp_params_free(void *params)
{
	struct udp_params *up = params;

	if (!up)
		return;
	free(up->payload);
	free(up->reply);
	free(up->mask);
	free(up);
}

/* keepalived layer4.c set_buf(): the phrase repeated over the buffer. */
static void default_payload(uint8_t *buf, size_t len)
{
	static const char phrase[] = "keepalived check - ";

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)phrase[i % (sizeof(phrase) - 1)];
}

static int udp_prepare(const struct vgc_probe_conf *c, void **params, struct vgc_key *key, char *err,
		       size_t errlen)
{
	const struct vg_conf_checker *ck = c->ck;
	struct udp_params *up = calloc(1, sizeof(*up));
	int n;

	if (!up)
		goto nomem;
	up->payload = malloc(ck->payload ? VG_UDP_PAYLOAD_MAX : UDP_DEFAULT_PAYLOAD_LEN);
	if (!up->payload)
		goto nomem;
	if (ck->payload) {
		n = vg_probe_hex_parse(ck->payload, up->payload, NULL, VG_UDP_PAYLOAD_MAX);
		if (n < 0) {
			snprintf(err, errlen, "UDP_CHECK payload '%s' is not hex data (%s)", ck->payload,
				 vg_probe_strerror(n));
			udp_params_free(up);
			return -1;
		}
		up->payload_len = (size_t)n;
	} else {
		default_payload(up->payload, UDP_DEFAULT_PAYLOAD_LEN);
		up->payload_len = UDP_DEFAULT_PAYLOAD_LEN;
	}
	up->expect.require_reply = ck->require_reply;
	up->expect.min_len = (uint16_t)ck->min_reply_length;
	up->expect.max_len = (uint16_t)ck->max_reply_length;
	if (ck->require_reply && ck->require_reply_hex) {
		up->reply = malloc(VG_UDP_PAYLOAD_MAX);
		up->mask = malloc(VG_UDP_PAYLOAD_MAX);
		if (!up->reply || !up->mask)
			goto nomem;
		n = vg_probe_hex_parse(ck->require_reply_hex, up->reply, up->mask, VG_UDP_PAYLOAD_MAX);
		if (n < 0) {
			snprintf(err, errlen, "UDP_CHECK require_reply '%s' is not hex data (%s)",
				 ck->require_reply_hex, vg_probe_strerror(n));
			udp_params_free(up);
			return -1;
		}
		up->expect.data = up->reply;
		up->expect.mask = up->mask;
		up->expect.len = (uint16_t)n;
	}
	if (up->expect.min_len > up->expect.max_len) {
		snprintf(err, errlen, "UDP_CHECK min_reply_length %u is above max_reply_length %u",
			 up->expect.min_len, up->expect.max_len);
		udp_params_free(up);
		return -1;
	}
	vgc_key_put(key, up->payload, up->payload_len);
	vgc_key_u32(key, (uint32_t)up->expect.require_reply << 31 | up->expect.min_len << 16 | up->expect.max_len);
	vgc_key_put(key, up->reply ? up->reply : (const uint8_t *)"", up->expect.len);
	vgc_key_put(key, up->mask ? up->mask : (const uint8_t *)"", up->expect.len);
	*params = up;
	return 0;
nomem:
	udp_params_free(up);
	snprintf(err, errlen, "out of memory");
	return -1;
}

static void report(struct vgc_probe *p, vg_time now, enum vg_udp_verdict v, int err)
{
	switch (v) {
	case VG_UDP_OK:
		vgc_probe_ok(p, now);
		break;
	case VG_UDP_NO_REPLY:
		vgc_probe_fail(p, now, VG_LVS_PROBE_TIMEOUT, "no reply");
		break;
	case VG_UDP_UNREACHABLE:
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "UDP connection failed: %s", strerror(err));
		break;
	default:
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "reply data mismatch");
		break;
	}
}

static int udp_start(struct vgc_probe *p, vg_time now)
{
	struct udp_state *st = p->state;
	const struct udp_params *up = p->params;
	int on = 1;

	st->fd = vgc_probe_socket(p, AF_UNSPEC, SOCK_DGRAM, IPPROTO_UDP, EPOLLIN);
	if (st->fd < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "socket: %s", strerror(errno));
		return -1;
	}
	/* the ICMP errors come back as socket errors (keepalived sets the same) */
	if (vgc_probe_af(p->opts) == AF_INET6)
		setsockopt(st->fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
	else
		setsockopt(st->fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	if (vgc_probe_connect(p, st->fd) != 0 || send(st->fd, up->payload, up->payload_len, 0) < 0) {
		report(p, now, VG_UDP_UNREACHABLE, errno);
		return -1;
	}
	return 0;
}

static void udp_ready(struct vgc_probe *p, int fd, uint32_t events, vg_time now)
{
	const struct udp_params *up = p->params;
	static uint8_t buf[UDP_RECV_MAX]; /* scratch: one probe runs at a time on the loop's thread */
	ssize_t n;

	(void)events;
	n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		report(p, now, vg_udp_verdict(&up->expect, VG_UDP_ICMP_ERROR, NULL, 0), errno);
		return;
	}
	if ((size_t)n > sizeof(buf))
		n = (ssize_t)sizeof(buf); /* longer than any max_reply_length: the verdict says so */
	report(p, now, vg_udp_verdict(&up->expect, VG_UDP_REPLY, buf, (size_t)n), 0);
}

static void udp_timeout(struct vgc_probe *p, vg_time now)
{
	const struct udp_params *up = p->params;

	report(p, now, vg_udp_verdict(&up->expect, VG_UDP_TIMEOUT, NULL, 0), 0);
}

const struct vgc_probe_ops vgc_probe_udp = {
	.type = VG_LVS_CHECK_UDP,
	.name = "UDP_CHECK",
	.state_size = sizeof(struct udp_state),
	.prepare = udp_prepare,
	.params_free = udp_params_free,
	.start = udp_start,
	.ready = udp_ready,
	.timeout = udp_timeout,
	.cleanup = NULL,
};
