// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the reply side of the IPVS generic-netlink codec (fuzz-ipvs_reply).
 *
 * What the kernel sends back to vigild (dump parts, acks, errors with
 * extended-ack text, DONE, the GET_CONFIG answer) is read by
 * vgl_ipvs_dec_reply() (backends/linux/ipvs/msg.c) and matched to a batch
 * of requests by batch.c. A hostile or broken kernel, or a bug of ours in
 * sizing a buffer, must give an error there, never a read out of bounds.
 *
 * Input layout (fuzz/gen_ipvs_corpus.py writes seeds in it):
 *
 *   [0..3]  the batch's first sequence number (big-endian)
 *   [4..]   one receive buffer: netlink messages back to back, as one
 *           recvmsg() returns them; the IPVS family id is 0x1c
 *
 * Properties checked:
 *  - the decoder never reads past the buffer (ASan) and covers 1..len bytes
 *    or refuses the header; what it fills is consistent: strings end
 *    within their arrays, an error code is a -errno (R_ERROR) or a codec
 *    error (R_BAD), families are IPv4/IPv6, a decoded fwmark is non-zero;
 *  - a decoded service, destination, daemon or timeout set re-encodes
 *    (as the matching request) and decodes back to the same fields;
 *  - answers go to a batch of 8 requests: each entry is answered at most
 *    once, acked + failed never exceed the batch, every kept failure
 *    formats into a line that names its configuration line.
 */
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>

#include "batch.h"
#include "fuzz.h"
#include "msg.h"

#define FAM 0x1c
#define BATCH_N 8

static void check_name(const char *s, size_t cap)
{
	FUZZ_ASSERT(memchr(s, '\0', cap) != NULL);
}

static void check_service(const struct vgl_ipvs_service *s)
{
	FUZZ_ASSERT(s->addr.family == VG_AF_INET || s->addr.family == VG_AF_INET6);
	check_name(s->sched_name, sizeof(s->sched_name));
	check_name(s->pe_name, sizeof(s->pe_name));
}

/* The service's identity, as re-decoded, equals the original. */
static void same_identity(const struct vgl_ipvs_service *a, const struct vgl_ipvs_service *b)
{
	FUZZ_ASSERT(a->addr.family == b->addr.family);
	FUZZ_ASSERT(a->fwmark == b->fwmark);
	if (!a->fwmark) {
		FUZZ_ASSERT(a->protocol == b->protocol && a->port == b->port);
		FUZZ_ASSERT(memcmp(a->addr.bytes, b->addr.bytes, 16) == 0);
	}
}

static void round_trip(const struct vgl_ipvs_reply *r)
{
	static const struct vgl_ipvs_req req = { FAM, 1 };
	uint8_t buf[VGL_IPVS_MSG_MAX];
	struct vgl_ipvs_reply q;
	ssize_t n = -1;

	switch (r->kind) {
	case VGL_IPVS_R_SERVICE:
		if (!r->service.sched_name[0] ||
		    (r->service.addr.family == VG_AF_INET6 && r->service.netmask > 128))
			return; /* not a full entry: the encoder refuses it, rightly */
		n = vgl_ipvs_enc_service(buf, sizeof(buf), &req, IPVS_CMD_NEW_SERVICE, &r->service);
		FUZZ_ASSERT(n > 0);
		FUZZ_ASSERT(vgl_ipvs_dec_reply(buf, (size_t)n, FAM, &q) == n);
		FUZZ_ASSERT(q.kind == VGL_IPVS_R_SERVICE);
		same_identity(&r->service, &q.service);
		FUZZ_ASSERT(strcmp(r->service.sched_name, q.service.sched_name) == 0);
		FUZZ_ASSERT(strcmp(r->service.pe_name, q.service.pe_name) == 0);
		FUZZ_ASSERT(r->service.flags == q.service.flags && r->service.flags_mask == q.service.flags_mask);
		FUZZ_ASSERT(r->service.timeout_s == q.service.timeout_s);
		FUZZ_ASSERT(r->service.netmask == q.service.netmask);
		return;
	case VGL_IPVS_R_DEST: {
		struct vgl_ipvs_service s = r->service;
		struct vgl_ipvs_dest d = r->dest;

		if (!r->has_service) {
			memset(&s, 0, sizeof(s));
			s.addr.family = VG_AF_INET;
			s.fwmark = 1;
		}
		if (d.addr.family == VG_AF_NONE)
			d.addr.family = s.addr.family;
		n = vgl_ipvs_enc_dest(buf, sizeof(buf), &req, IPVS_CMD_NEW_DEST, &s, &d);
		FUZZ_ASSERT(n > 0);
		FUZZ_ASSERT(vgl_ipvs_dec_reply(buf, (size_t)n, FAM, &q) == n);
		FUZZ_ASSERT(q.kind == VGL_IPVS_R_DEST);
		same_identity(&s, &q.service);
		FUZZ_ASSERT(q.dest.addr.family == d.addr.family);
		FUZZ_ASSERT(memcmp(q.dest.addr.bytes, d.addr.bytes, 16) == 0);
		FUZZ_ASSERT(q.dest.port == d.port && q.dest.fwd_method == d.fwd_method);
		FUZZ_ASSERT(q.dest.weight == d.weight);
		FUZZ_ASSERT(q.dest.u_threshold == d.u_threshold && q.dest.l_threshold == d.l_threshold);
		if (d.fwd_method == IP_VS_CONN_F_TUNNEL)
			FUZZ_ASSERT(q.dest.tun_type == d.tun_type && q.dest.tun_port == d.tun_port &&
				    q.dest.tun_flags == d.tun_flags);
		return;
	}
	case VGL_IPVS_R_DAEMON: {
		struct vgl_ipvs_daemon d = r->daemon;

		if ((d.state != IP_VS_STATE_MASTER && d.state != IP_VS_STATE_BACKUP) || !d.mcast_ifn[0])
			return;
		n = vgl_ipvs_enc_daemon(buf, sizeof(buf), &req, IPVS_CMD_NEW_DAEMON, &d);
		FUZZ_ASSERT(n > 0);
		FUZZ_ASSERT(vgl_ipvs_dec_reply(buf, (size_t)n, FAM, &q) == n);
		FUZZ_ASSERT(q.kind == VGL_IPVS_R_DAEMON);
		FUZZ_ASSERT(q.daemon.state == d.state && q.daemon.syncid == d.syncid);
		FUZZ_ASSERT(strcmp(q.daemon.mcast_ifn, d.mcast_ifn) == 0);
		FUZZ_ASSERT(q.daemon.sync_maxlen == d.sync_maxlen && q.daemon.mcast_port == d.mcast_port);
		FUZZ_ASSERT(q.daemon.mcast_ttl == d.mcast_ttl);
		FUZZ_ASSERT(q.daemon.mcast_group.family == d.mcast_group.family);
		return;
	}
	case VGL_IPVS_R_CONFIG:
		n = vgl_ipvs_enc_set_config(buf, sizeof(buf), &req, &r->timeouts);
		FUZZ_ASSERT(n > 0);
		FUZZ_ASSERT(vgl_ipvs_dec_reply(buf, (size_t)n, FAM, &q) == n);
		FUZZ_ASSERT(q.kind == VGL_IPVS_R_CONFIG);
		FUZZ_ASSERT(memcmp(&q.timeouts, &r->timeouts, sizeof(q.timeouts)) == 0);
		return;
	default:
		return;
	}
}

static void check_reply(const struct vgl_ipvs_reply *r)
{
	FUZZ_ASSERT(r->kind <= VGL_IPVS_R_BAD);
	FUZZ_ASSERT(memchr(r->ext_msg, '\0', sizeof(r->ext_msg)) != NULL);
	switch (r->kind) {
	case VGL_IPVS_R_ACK:
	case VGL_IPVS_R_DONE:
		FUZZ_ASSERT(r->error == 0);
		break;
	case VGL_IPVS_R_ERROR:
		FUZZ_ASSERT(r->error < 0 && r->error >= -4095);
		break;
	case VGL_IPVS_R_BAD:
		FUZZ_ASSERT(r->error <= VGL_IPVS_ERR_TRUNC && r->error >= VGL_IPVS_ERR_TYPE);
		break;
	case VGL_IPVS_R_SERVICE:
		check_service(&r->service);
		FUZZ_ASSERT(r->has_service);
		break;
	case VGL_IPVS_R_DEST:
		FUZZ_ASSERT(r->dest.fwd_method <= IP_VS_CONN_F_FWD_MASK);
		if (r->has_service)
			check_service(&r->service);
		break;
	case VGL_IPVS_R_DAEMON:
		check_name(r->daemon.mcast_ifn, sizeof(r->daemon.mcast_ifn));
		break;
	default:
		break;
	}
	if (r->kind == VGL_IPVS_R_SERVICE && r->service.fwmark == 0)
		FUZZ_ASSERT(r->service.addr.family != VG_AF_NONE);
}

/* A batch of 8 requests of every kind, tagged with lines 1..8. */
static struct vgl_ipvs_batch *make_batch(uint32_t seq)
{
	static const char file[] = "fuzz.conf";
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(BATCH_N);
	struct vgl_ipvs_service s = { .protocol = 6, .port = 80, .sched_name = "rr", .flags_mask = ~0u };
	struct vgl_ipvs_dest d = { .port = 80, .weight = 1 };
	struct vgl_ipvs_daemon dm = { .state = IP_VS_STATE_BACKUP, .mcast_ifn = "eth0" };
	struct vgl_ipvs_timeouts t = { 1, 2, 3 };
	struct vgl_ipvs_tag tag = { NULL, file, 0 };

	FUZZ_ASSERT(b != NULL);
	s.addr.family = VG_AF_INET;
	s.addr.bytes[0] = 192;
	d.addr.family = VG_AF_INET6;
	d.addr.bytes[0] = 0x20;
	for (uint8_t i = 0; i < BATCH_N; i++) {
		tag.line = i + 1u;
		switch (i % 6) {
		case 0:
			FUZZ_ASSERT(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &s, &tag) == 0);
			break;
		case 1:
			FUZZ_ASSERT(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &s, &d, &tag) == 0);
			break;
		case 2:
			FUZZ_ASSERT(vgl_ipvs_batch_dest(b, IPVS_CMD_DEL_DEST, &s, &d, &tag) == 0);
			break;
		case 3:
			FUZZ_ASSERT(vgl_ipvs_batch_daemon(b, IPVS_CMD_NEW_DAEMON, &dm, &tag) == 0);
			break;
		case 4:
			FUZZ_ASSERT(vgl_ipvs_batch_timeouts(b, &t, &tag) == 0);
			break;
		default:
			FUZZ_ASSERT(vgl_ipvs_batch_flush(b, &tag) == 0);
			break;
		}
	}
	vgl_ipvs_batch_number(b, FAM, seq);
	return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	uint32_t seq;
	struct vgl_ipvs_batch *b;
	size_t answered = 0, nf;
	const struct vgl_ipvs_failure *fails;
	char line[512];

	fz_init(&f, data, size);
	seq = fz_u32(&f);
	b = make_batch(seq);
	while (f.left > 0) {
		static struct vgl_ipvs_reply r;
		ssize_t n = vgl_ipvs_dec_reply(f.p, f.left, FAM, &r);

		if (n < 0) {
			FUZZ_ASSERT(n >= VGL_IPVS_ERR_TYPE);
			break;
		}
		FUZZ_ASSERT(n > 0 && (size_t)n <= f.left);
		FUZZ_ASSERT((size_t)n == f.left || n % 4 == 0);
		check_reply(&r);
		round_trip(&r);
		if (vgl_ipvs_batch_answer(b, &r) == 0) {
			answered++;
			FUZZ_ASSERT(r.seq - seq < BATCH_N);
		}
		f.p += n;
		f.left -= (size_t)n;
	}
	FUZZ_ASSERT(answered <= BATCH_N);
	FUZZ_ASSERT(vgl_ipvs_batch_acked(b) + vgl_ipvs_batch_failed(b) == answered);
	fails = vgl_ipvs_batch_failures(b, &nf);
	for (size_t i = 0; i < nf; i++) {
		char want[32];

		snprintf(want, sizeof(want), "fuzz.conf:%u: ", (unsigned)fails[i].tag.line);
		vgl_ipvs_batch_format(b, &fails[i], line, sizeof(line));
		FUZZ_ASSERT(strncmp(line, want, strlen(want)) == 0);
		FUZZ_ASSERT(vgl_ipvs_batch_result(b, fails[i].index) == fails[i].error);
	}
	vgl_ipvs_batch_free(b);
	return 0;
}
