/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: DNS_CHECK probe: one UDP query, the first answer decides (probe.h).
 *
 * The query and the answer parser are core/probe/dns.h (keepalived's
 * check_dns.c: `type` default SOA, `name` default the root, RD set, class
 * IN; an answer with our id and QR passes when its RCODE is 0, a datagram
 * that is not an answer to our query is ignored and the probe keeps
 * waiting). The id is drawn with getrandom(2) per probe. An ICMP error
 * (port unreachable: ECONNREFUSED on the connected socket) fails at once;
 * no answer before connect_timeout is a timeout. At most DNS_READS_PER_CALL
 * datagrams are read per readiness (a flood of foreign datagrams cannot
 * hold the loop).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "probe.h"
#include "probe/dns.h"

#define DNS_READS_PER_CALL 8
#define DNS_RECV_MAX 4096 /* a longer answer is truncated: the header still decides */

struct dns_params {
	uint16_t type;
	char name[VG_DNS_NAME_MAX + 2];
};

struct dns_state {
	int fd;
	uint8_t query[VG_DNS_QUERY_MAX];
	size_t query_len;
};

static int dns_prepare(const struct vgc_probe_conf *c, void **params, struct vgc_key *key, char *err,
		       size_t errlen)
{
	struct dns_params *dp;
	uint16_t type = VG_DNS_DEFAULT_TYPE;
	const char *name = c->ck->dns_name ? c->ck->dns_name : "";

	if (c->ck->dns_type) {
		type = vg_dns_type_parse(c->ck->dns_type);
		if (type == 0) {
			snprintf(err, errlen, "DNS_CHECK type '%s' is unknown (A, NS, CNAME, SOA, MX, TXT, AAAA, "
					      "RRSIG, DNSKEY)", c->ck->dns_type);
			return -1;
		}
	}
	if (vg_dns_name_check(name) != 0 || strlen(name) > VG_DNS_NAME_MAX) {
		snprintf(err, errlen, "DNS_CHECK name '%s' is not a domain name", name);
		return -1;
	}
	dp = calloc(1, sizeof(*dp));
	if (!dp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	dp->type = type;
	snprintf(dp->name, sizeof(dp->name), "%s", name);
	vgc_key_u32(key, type);
	vgc_key_str(key, dp->name);
	*params = dp;
	return 0;
}

static void dns_params_free(void *params)
{
	free(params);
}

static uint16_t draw_id(const struct vgc_probe *p)
{
	uint16_t id;

	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != (ssize_t)sizeof(id))
		id = (uint16_t)(p->id * 40503u + (uint32_t)p->started_ns);
	return id;
}

static int dns_start(struct vgc_probe *p, vg_time now)
{
	struct dns_state *st = p->state;
	const struct dns_params *dp = p->params;
	int n = vg_dns_query_build(st->query, sizeof(st->query), draw_id(p), dp->name, dp->type);

	if (n < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "query: %s", vg_probe_strerror(n));
		return -1;
	}
	st->query_len = (size_t)n;
	st->fd = vgc_probe_socket(p, AF_UNSPEC, SOCK_DGRAM, IPPROTO_UDP, EPOLLIN);
	if (st->fd < 0) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "socket: %s", strerror(errno));
		return -1;
	}
	if (vgc_probe_connect(p, st->fd) != 0 || send(st->fd, st->query, st->query_len, 0) != (ssize_t)st->query_len) {
		vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "DNS request failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void dns_ready(struct vgc_probe *p, int fd, uint32_t events, vg_time now)
{
	struct dns_state *st = p->state;
	uint8_t buf[DNS_RECV_MAX];

	(void)events;
	for (int i = 0; i < DNS_READS_PER_CALL; i++) {
		struct vg_dns_answer a;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		int rc;

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "DNS read failed: %s", strerror(errno));
			return;
		}
		rc = vg_dns_answer_parse(buf, (size_t)n, st->query, st->query_len, &a);
		switch (vg_dns_verdict(rc, &a, false)) {
		case VG_DNS_OK:
			vgc_probe_ok(p, now);
			return;
		case VG_DNS_IGNORE:
			continue; /* not an answer to our query: keep waiting */
		case VG_DNS_RCODE:
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "read error occurred. (rcode = %u)", a.rcode);
			return;
		default:
			vgc_probe_fail(p, now, VG_LVS_PROBE_FAILED, "no answer record");
			return;
		}
	}
}

const struct vgc_probe_ops vgc_probe_dns = {
	.type = VG_LVS_CHECK_DNS,
	.name = "DNS_CHECK",
	.state_size = sizeof(struct dns_state),
	.prepare = dns_prepare,
	.params_free = dns_params_free,
	.start = dns_start,
	.ready = dns_ready,
	.timeout = NULL,
	.cleanup = NULL,
};
