/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of msg.c, the IPVS generic-netlink codec, without root or sockets.
 *
 * - every request kind encodes and decodes back to the same fields;
 * - a few requests are compared byte for byte with bytes written by hand
 *   from <linux/ip_vs.h> and the kernel's attribute policy;
 * - replies shaped as the kernel writes them (ip_vs_genl_fill_service,
 *   _fill_dest, _fill_daemon, netlink_ack) are built here with a small
 *   writer of our own, not the encoder, and decoded;
 * - hostile replies (truncated, overlong, wrong-size and wrong-type
 *   attributes, missing ones) give an error, never a read out of bounds
 *   (run it under ASan: meson setup -Db_sanitize=address).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "msg.h"

#define FAM 0x1c /* a family id as genl_ctrl_resolve would return it */

static const struct vgl_ipvs_req REQ = { .family = FAM, .seq = 7 };

static struct vg_addr addr(const char *text)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(text, &a), 0);
	return a;
}

static struct vgl_ipvs_service svc_v4(void)
{
	struct vgl_ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.addr = addr("192.0.2.1");
	s.protocol = IPPROTO_TCP;
	s.port = 80;
	strcpy(s.sched_name, "wlc");
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.flags_mask = ~0u;
	s.timeout_s = 300;
	s.netmask = 0xffffff00;
	return s;
}

static struct vgl_ipvs_service svc_v6(void)
{
	struct vgl_ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.addr = addr("2001:db8::10");
	s.protocol = IPPROTO_UDP;
	s.port = 5353;
	strcpy(s.sched_name, "mh");
	strcpy(s.pe_name, "sip");
	s.flags = IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2;
	s.flags_mask = ~0u;
	s.netmask = 64;
	return s;
}

static struct vgl_ipvs_service svc_fwmark(void)
{
	struct vgl_ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.addr.family = VG_AF_INET;
	s.fwmark = 42;
	strcpy(s.sched_name, "rr");
	s.flags_mask = ~0u;
	s.netmask = 0xffffffff;
	return s;
}

static struct vgl_ipvs_dest dest_dr(void)
{
	struct vgl_ipvs_dest d;

	memset(&d, 0, sizeof(d));
	d.addr = addr("10.0.0.2");
	d.port = 80;
	d.fwd_method = IP_VS_CONN_F_DROUTE;
	d.weight = 1;
	return d;
}

static struct vgl_ipvs_dest dest_tun6(void)
{
	struct vgl_ipvs_dest d;

	memset(&d, 0, sizeof(d));
	d.addr = addr("2001:db8::2");
	d.port = 8080;
	d.fwd_method = IP_VS_CONN_F_TUNNEL;
	d.weight = 250;
	d.u_threshold = 1000;
	d.l_threshold = 10;
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d.tun_port = 6080;
	d.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	return d;
}

/* Decode buf as one whole message and return it. */
static struct vgl_ipvs_reply dec1(const uint8_t *buf, ssize_t n)
{
	struct vgl_ipvs_reply r;

	assert_true(n > 0);
	assert_int_equal(vgl_ipvs_dec_reply(buf, (size_t)n, FAM, &r), n);
	return r;
}

static void assert_service_eq(const struct vgl_ipvs_service *a, const struct vgl_ipvs_service *b)
{
	assert_int_equal(a->addr.family, b->addr.family);
	assert_int_equal(a->fwmark, b->fwmark);
	if (!a->fwmark) {
		assert_memory_equal(a->addr.bytes, b->addr.bytes, 16);
		assert_int_equal(a->protocol, b->protocol);
		assert_int_equal(a->port, b->port);
	}
}

static void assert_service_full_eq(const struct vgl_ipvs_service *a, const struct vgl_ipvs_service *b)
{
	assert_service_eq(a, b);
	assert_string_equal(a->sched_name, b->sched_name);
	assert_string_equal(a->pe_name, b->pe_name);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->flags_mask, b->flags_mask);
	assert_int_equal(a->timeout_s, b->timeout_s);
	assert_int_equal(a->netmask, b->netmask);
}

static void test_roundtrip_service(void **state)
{
	struct vgl_ipvs_service all[] = { svc_v4(), svc_v6(), svc_fwmark() };
	const uint8_t cmds[] = { IPVS_CMD_NEW_SERVICE, IPVS_CMD_SET_SERVICE, IPVS_CMD_DEL_SERVICE };
	uint8_t buf[VGL_IPVS_MSG_MAX];

	(void)state;
	for (size_t i = 0; i < 3; i++)
		for (size_t c = 0; c < 3; c++) {
			ssize_t n = vgl_ipvs_enc_service(buf, sizeof(buf), &REQ, cmds[c], &all[i]);
			struct vgl_ipvs_reply r = dec1(buf, n);

			assert_int_equal(n % 4, 0);
			assert_int_equal(r.kind, VGL_IPVS_R_SERVICE);
			assert_int_equal(r.cmd, cmds[c]);
			assert_true(r.request);
			assert_int_equal(r.seq, 7);
			assert_int_equal(r.nl_flags, NLM_F_REQUEST | NLM_F_ACK);
			assert_true(r.has_service);
			if (cmds[c] == IPVS_CMD_DEL_SERVICE) {
				assert_service_eq(&r.service, &all[i]);
				assert_string_equal(r.service.sched_name, ""); /* identity only */
			} else {
				assert_service_full_eq(&r.service, &all[i]);
			}
		}
}

static void test_roundtrip_dest(void **state)
{
	struct vgl_ipvs_service s = svc_v4();
	struct vgl_ipvs_dest all[] = { dest_dr(), dest_tun6() };
	const uint8_t cmds[] = { IPVS_CMD_NEW_DEST, IPVS_CMD_SET_DEST, IPVS_CMD_DEL_DEST };
	uint8_t buf[VGL_IPVS_MSG_MAX];

	(void)state;
	for (size_t i = 0; i < 2; i++)
		for (size_t c = 0; c < 3; c++) {
			ssize_t n = vgl_ipvs_enc_dest(buf, sizeof(buf), &REQ, cmds[c], &s, &all[i]);
			struct vgl_ipvs_reply r = dec1(buf, n);
			const struct vgl_ipvs_dest *d = &r.dest;
			bool full = cmds[c] != IPVS_CMD_DEL_DEST;

			assert_int_equal(r.kind, VGL_IPVS_R_DEST);
			assert_int_equal(r.cmd, cmds[c]);
			assert_true(r.has_service);
			assert_service_eq(&r.service, &s);
			assert_int_equal(d->addr.family, all[i].addr.family);
			assert_memory_equal(d->addr.bytes, all[i].addr.bytes, 16);
			assert_int_equal(d->port, all[i].port);
			assert_int_equal(d->fwd_method, full ? all[i].fwd_method : 0);
			assert_int_equal(d->weight, full ? all[i].weight : 0);
			assert_int_equal(d->u_threshold, full ? all[i].u_threshold : 0);
			assert_int_equal(d->l_threshold, full ? all[i].l_threshold : 0);
			assert_int_equal(d->tun_type, full ? all[i].tun_type : 0);
			assert_int_equal(d->tun_port, full ? all[i].tun_port : 0);
			assert_int_equal(d->tun_flags, full ? all[i].tun_flags : 0);
		}
}

static void test_roundtrip_daemon(void **state)
{
	struct vgl_ipvs_daemon d[3];
	uint8_t buf[VGL_IPVS_MSG_MAX];

	(void)state;
	memset(d, 0, sizeof(d));
	d[0].state = IP_VS_STATE_MASTER;
	strcpy(d[0].mcast_ifn, "eth0");
	d[0].syncid = 9;
	d[1] = d[0];
	d[1].state = IP_VS_STATE_BACKUP;
	d[1].sync_maxlen = 1460;
	d[1].mcast_group = addr("239.1.2.3");
	d[1].mcast_port = 8849;
	d[1].mcast_ttl = 3;
	d[2] = d[1];
	d[2].mcast_group = addr("ff05::81");
	for (size_t i = 0; i < 3; i++) {
		ssize_t n = vgl_ipvs_enc_daemon(buf, sizeof(buf), &REQ, IPVS_CMD_NEW_DAEMON, &d[i]);
		struct vgl_ipvs_reply r = dec1(buf, n);

		assert_int_equal(r.kind, VGL_IPVS_R_DAEMON);
		assert_int_equal(r.cmd, IPVS_CMD_NEW_DAEMON);
		assert_int_equal(r.daemon.state, d[i].state);
		assert_string_equal(r.daemon.mcast_ifn, d[i].mcast_ifn);
		assert_int_equal(r.daemon.syncid, d[i].syncid);
		assert_int_equal(r.daemon.sync_maxlen, d[i].sync_maxlen);
		assert_int_equal(r.daemon.mcast_group.family, d[i].mcast_group.family);
		assert_memory_equal(r.daemon.mcast_group.bytes, d[i].mcast_group.bytes, 16);
		assert_int_equal(r.daemon.mcast_port, d[i].mcast_port);
		assert_int_equal(r.daemon.mcast_ttl, d[i].mcast_ttl);

		if (d[i].mcast_port) { /* MCAST_PORT is a host-order u16: 8849 = 0x2291 */
			static const uint8_t port_attr[] = { 6, 0, IPVS_DAEMON_ATTR_MCAST_PORT, 0, 0x91, 0x22, 0, 0 };

			assert_non_null(memmem(buf, (size_t)n, port_attr, sizeof(port_attr)));
		}
		n = vgl_ipvs_enc_daemon(buf, sizeof(buf), &REQ, IPVS_CMD_DEL_DAEMON, &d[i]);
		r = dec1(buf, n);
		assert_int_equal(r.cmd, IPVS_CMD_DEL_DAEMON);
		assert_int_equal(r.daemon.state, d[i].state);
		assert_string_equal(r.daemon.mcast_ifn, ""); /* DEL_DAEMON carries the state only */
	}
}

static void test_roundtrip_commands(void **state)
{
	struct vgl_ipvs_timeouts t = { .tcp_s = 900, .tcp_fin_s = 0, .udp_s = 300 };
	struct vgl_ipvs_service s = svc_v6();
	uint8_t buf[VGL_IPVS_MSG_MAX];
	struct vgl_ipvs_reply r;

	(void)state;
	r = dec1(buf, vgl_ipvs_enc_set_config(buf, sizeof(buf), &REQ, &t));
	assert_int_equal(r.kind, VGL_IPVS_R_CONFIG);
	assert_int_equal(r.timeouts.tcp_s, 900);
	assert_int_equal(r.timeouts.tcp_fin_s, 0);
	assert_int_equal(r.timeouts.udp_s, 300);

	r = dec1(buf, vgl_ipvs_enc_flush(buf, sizeof(buf), &REQ));
	assert_int_equal(r.kind, VGL_IPVS_R_COMMAND);
	assert_int_equal(r.cmd, IPVS_CMD_FLUSH);
	assert_int_equal(r.nl_flags, NLM_F_REQUEST | NLM_F_ACK);

	r = dec1(buf, vgl_ipvs_enc_get_config(buf, sizeof(buf), &REQ));
	assert_int_equal(r.cmd, IPVS_CMD_GET_CONFIG);
	assert_int_equal(r.nl_flags, NLM_F_REQUEST | NLM_F_ACK);

	r = dec1(buf, vgl_ipvs_enc_get_services(buf, sizeof(buf), &REQ));
	assert_int_equal(r.cmd, IPVS_CMD_GET_SERVICE);
	assert_int_equal(r.nl_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_false(r.has_service);

	r = dec1(buf, vgl_ipvs_enc_get_daemons(buf, sizeof(buf), &REQ));
	assert_int_equal(r.cmd, IPVS_CMD_GET_DAEMON);
	assert_int_equal(r.nl_flags, NLM_F_REQUEST | NLM_F_DUMP);

	r = dec1(buf, vgl_ipvs_enc_get_dests(buf, sizeof(buf), &REQ, &s));
	assert_int_equal(r.kind, VGL_IPVS_R_COMMAND);
	assert_int_equal(r.cmd, IPVS_CMD_GET_DEST);
	assert_int_equal(r.nl_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_true(r.has_service);
	assert_service_eq(&r.service, &s);
}

/* Byte for byte, written from <linux/ip_vs.h> and the attribute policy (host order is little-endian here). */
static const uint8_t FLUSH_BYTES[] = {
	0x14, 0, 0, 0, FAM, 0, 0x05, 0, 7, 0, 0, 0, 0, 0, 0, 0, /* nlmsghdr: len 20, REQUEST|ACK, seq 7 */
	17, 1, 0, 0,                                           /* genl: IPVS_CMD_FLUSH, version 1 */
};

#define SVC_ID_TCP_192_0_2_1_80                                                              \
	0x30, 0, 0x01, 0x80,                   /* IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED, len 48 */ \
	6, 0, 1, 0, 2, 0, 0, 0,                /* AF: u16 AF_INET */                              \
	6, 0, 2, 0, 6, 0, 0, 0,                /* PROTOCOL: u16 IPPROTO_TCP */                    \
	20, 0, 3, 0, 192, 0, 2, 1, 0, 0, 0, 0, /* ADDR: 16 bytes */                               \
	0, 0, 0, 0, 0, 0, 0, 0,                                                                   \
	6, 0, 4, 0, 0, 80, 0, 0 /* PORT: be16 80 */

static const uint8_t DEL_SERVICE_BYTES[] = {
	0x44, 0, 0, 0, FAM, 0, 0x05, 0, 7, 0, 0, 0, 0, 0, 0, 0,
	3, 1, 0, 0, /* IPVS_CMD_DEL_SERVICE */
	SVC_ID_TCP_192_0_2_1_80,
};

static const uint8_t NEW_DEST_BYTES[] = {
	0x8c, 0, 0, 0, FAM, 0, 0x05, 0, 7, 0, 0, 0, 0, 0, 0, 0,
	5, 1, 0, 0, /* IPVS_CMD_NEW_DEST */
	SVC_ID_TCP_192_0_2_1_80,
	0x48, 0, 0x02, 0x80,                 /* IPVS_CMD_ATTR_DEST | NLA_F_NESTED, len 72 */
	20, 0, 1, 0, 10, 0, 0, 2, 0, 0, 0, 0, /* ADDR */
	0, 0, 0, 0, 0, 0, 0, 0,
	6, 0, 2, 0, 0, 80, 0, 0,              /* PORT: be16 80 */
	6, 0, 11, 0, 2, 0, 0, 0,              /* ADDR_FAMILY: u16 AF_INET */
	8, 0, 3, 0, 3, 0, 0, 0,               /* FWD_METHOD: IP_VS_CONN_F_DROUTE */
	8, 0, 4, 0, 1, 0, 0, 0,               /* WEIGHT 1 */
	8, 0, 5, 0, 0, 0, 0, 0,               /* U_THRESH 0 */
	8, 0, 6, 0, 0, 0, 0, 0,               /* L_THRESH 0 */
};

static const uint8_t SET_CONFIG_BYTES[] = {
	0x24, 0, 0, 0, FAM, 0, 0x05, 0, 7, 0, 0, 0, 0, 0, 0, 0,
	12, 1, 0, 0,                     /* IPVS_CMD_SET_CONFIG */
	8, 0, 4, 0, 0x84, 0x03, 0, 0,    /* TIMEOUT_TCP 900 */
	8, 0, 6, 0, 0x2c, 0x01, 0, 0,    /* TIMEOUT_UDP 300 (TCP_FIN 0: not sent) */
};

static void test_bytes(void **state)
{
	struct vgl_ipvs_service s = svc_v4();
	struct vgl_ipvs_dest d = dest_dr();
	struct vgl_ipvs_timeouts t = { .tcp_s = 900, .udp_s = 300 };
	uint8_t buf[VGL_IPVS_MSG_MAX];

	(void)state;
	assert_int_equal(htons(1), 0x0100); /* the arrays above are little-endian */
	assert_int_equal(vgl_ipvs_enc_flush(buf, sizeof(buf), &REQ), sizeof(FLUSH_BYTES));
	assert_memory_equal(buf, FLUSH_BYTES, sizeof(FLUSH_BYTES));
	assert_int_equal(vgl_ipvs_enc_service(buf, sizeof(buf), &REQ, IPVS_CMD_DEL_SERVICE, &s),
			 sizeof(DEL_SERVICE_BYTES));
	assert_memory_equal(buf, DEL_SERVICE_BYTES, sizeof(DEL_SERVICE_BYTES));
	assert_int_equal(vgl_ipvs_enc_dest(buf, sizeof(buf), &REQ, IPVS_CMD_NEW_DEST, &s, &d),
			 sizeof(NEW_DEST_BYTES));
	assert_memory_equal(buf, NEW_DEST_BYTES, sizeof(NEW_DEST_BYTES));
	assert_int_equal(vgl_ipvs_enc_set_config(buf, sizeof(buf), &REQ, &t), sizeof(SET_CONFIG_BYTES));
	assert_memory_equal(buf, SET_CONFIG_BYTES, sizeof(SET_CONFIG_BYTES));
}

static void test_encode_limits(void **state)
{
	struct vgl_ipvs_service s = svc_v6();
	struct vgl_ipvs_dest d = dest_tun6();
	struct vgl_ipvs_daemon dm;
	uint8_t buf[VGL_IPVS_MSG_MAX];
	ssize_t need = vgl_ipvs_enc_dest(buf, sizeof(buf), &REQ, IPVS_CMD_NEW_DEST, &s, &d);

	(void)state;
	assert_true(need > 0);
	for (size_t len = 0; len < (size_t)need; len++)
		assert_int_equal(vgl_ipvs_enc_dest(buf, len, &REQ, IPVS_CMD_NEW_DEST, &s, &d),
				 VGL_IPVS_ERR_NOSPACE);
	assert_int_equal(vgl_ipvs_enc_flush(buf, 19, &REQ), VGL_IPVS_ERR_NOSPACE);

	assert_int_equal(vgl_ipvs_enc_service(buf, sizeof(buf), &REQ, IPVS_CMD_NEW_DEST, &s), VGL_IPVS_ERR_ARG);
	assert_int_equal(vgl_ipvs_enc_dest(buf, sizeof(buf), &REQ, IPVS_CMD_DEL_SERVICE, &s, &d),
			 VGL_IPVS_ERR_ARG);
	memset(s.sched_name, 'x', sizeof(s.sched_name)); /* 16 characters and no NUL */
	assert_int_equal(vgl_ipvs_enc_service(buf, sizeof(buf), &REQ, IPVS_CMD_NEW_SERVICE, &s),
			 VGL_IPVS_ERR_ARG);
	s.sched_name[0] = '\0';
	assert_int_equal(vgl_ipvs_enc_service(buf, sizeof(buf), &REQ, IPVS_CMD_NEW_SERVICE, &s),
			 VGL_IPVS_ERR_ARG);
	assert_true(vgl_ipvs_enc_service(buf, sizeof(buf), &REQ, IPVS_CMD_DEL_SERVICE, &s) > 0);
	s.addr.family = VG_AF_NONE;
	assert_int_equal(vgl_ipvs_enc_service(buf, sizeof(buf), &REQ, IPVS_CMD_DEL_SERVICE, &s),
			 VGL_IPVS_ERR_ARG);
	s = svc_v6();
	s.netmask = 129;
	assert_int_equal(vgl_ipvs_enc_service(buf, sizeof(buf), &REQ, IPVS_CMD_NEW_SERVICE, &s),
			 VGL_IPVS_ERR_ARG);
	d.addr.family = VG_AF_NONE;
	assert_int_equal(vgl_ipvs_enc_dest(buf, sizeof(buf), &REQ, IPVS_CMD_DEL_DEST, &s, &d), VGL_IPVS_ERR_ARG);

	memset(&dm, 0, sizeof(dm));
	dm.state = IP_VS_STATE_MASTER;
	assert_int_equal(vgl_ipvs_enc_daemon(buf, sizeof(buf), &REQ, IPVS_CMD_NEW_DAEMON, &dm),
			 VGL_IPVS_ERR_ARG); /* no interface */
	assert_true(vgl_ipvs_enc_daemon(buf, sizeof(buf), &REQ, IPVS_CMD_DEL_DAEMON, &dm) > 0);
	dm.state = 3;
	assert_int_equal(vgl_ipvs_enc_daemon(buf, sizeof(buf), &REQ, IPVS_CMD_DEL_DAEMON, &dm),
			 VGL_IPVS_ERR_ARG);
}

/* ---- kernel-shaped replies, written without the encoder ---- */

struct kb {
	uint8_t b[1024];
	size_t n;
	size_t msg; /* where the current message starts */
};

static void kb_put(struct kb *k, const void *p, size_t n)
{
	assert_true(k->n + n <= sizeof(k->b));
	if (n)
		memcpy(k->b + k->n, p, n);
	k->n += n;
}

static void kb_align(struct kb *k)
{
	static const uint8_t z[4];

	kb_put(k, z, NLA_ALIGN(k->n) - k->n);
}

static void kb_msg(struct kb *k, uint16_t type, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr h = { 0, type, flags, seq, 4242 };

	k->msg = k->n;
	kb_put(k, &h, sizeof(h));
}

static void kb_genl(struct kb *k, uint16_t flags, uint32_t seq, uint8_t cmd)
{
	struct genlmsghdr g = { cmd, IPVS_GENL_VERSION, 0 };

	kb_msg(k, FAM, flags, seq);
	kb_put(k, &g, sizeof(g));
}

static void kb_attr(struct kb *k, uint16_t type, const void *p, size_t n)
{
	uint16_t h[2] = { (uint16_t)(4 + n), type };

	kb_put(k, h, 4);
	kb_put(k, p, n);
	kb_align(k);
}

static void kb_u8(struct kb *k, uint16_t t, uint8_t v) { kb_attr(k, t, &v, 1); }
static void kb_u16(struct kb *k, uint16_t t, uint16_t v) { kb_attr(k, t, &v, 2); }
static void kb_u32(struct kb *k, uint16_t t, uint32_t v) { kb_attr(k, t, &v, 4); }
static void kb_u64(struct kb *k, uint16_t t, uint64_t v) { kb_attr(k, t, &v, 8); }
static void kb_be16(struct kb *k, uint16_t t, uint16_t v) { kb_u16(k, t, htons(v)); }
static void kb_str(struct kb *k, uint16_t t, const char *s) { kb_attr(k, t, s, strlen(s) + 1); }

static size_t kb_nest(struct kb *k, uint16_t type)
{
	size_t at = k->n;

	kb_attr(k, type, NULL, 0);
	return at;
}

static void kb_end(struct kb *k, size_t at)
{
	uint16_t n = (uint16_t)(k->n - at);

	memcpy(k->b + at, &n, 2);
}

static void kb_done_msg(struct kb *k)
{
	uint32_t n = (uint32_t)(k->n - k->msg);

	memcpy(k->b + k->msg, &n, 4);
}

/* Options for the dump part the kernel writes for a service (ip_vs_genl_fill_service). */
enum { OMIT_NONE = 0, OMIT_SCHED = 1, PORT_3 = 2, NAME_NO_NUL = 3, NAME_LONG = 4, AF_BAD = 5,
       ADDR_4_V6 = 6, STATS64_U32 = 7, UNKNOWN_ATTR = 8, FLAGS_SHORT = 9 };

static void kb_service(struct kb *k, int variant)
{
	struct ip_vs_flags f = { IP_VS_SVC_F_PERSISTENT, ~0u };
	uint8_t a6[16];
	size_t svc, st;

	inet_pton(AF_INET6, "2001:db8::10", a6);
	kb_genl(k, NLM_F_MULTI, 99, IPVS_CMD_NEW_SERVICE);
	svc = kb_nest(k, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED);
	kb_u16(k, IPVS_SVC_ATTR_AF, variant == AF_BAD ? 7 : AF_INET6);
	kb_u16(k, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_TCP);
	kb_attr(k, IPVS_SVC_ATTR_ADDR, a6, variant == ADDR_4_V6 ? 4 : 16);
	if (variant == PORT_3)
		kb_attr(k, IPVS_SVC_ATTR_PORT, "\x01\xbb\x00", 3);
	else
		kb_be16(k, IPVS_SVC_ATTR_PORT, 443);
	if (variant == NAME_NO_NUL)
		kb_attr(k, IPVS_SVC_ATTR_SCHED_NAME, "wrr", 3);
	else if (variant == NAME_LONG)
		kb_str(k, IPVS_SVC_ATTR_SCHED_NAME, "abcdefghijklmnop");
	else if (variant != OMIT_SCHED)
		kb_str(k, IPVS_SVC_ATTR_SCHED_NAME, "wrr");
	kb_attr(k, IPVS_SVC_ATTR_FLAGS, &f, variant == FLAGS_SHORT ? 4 : sizeof(f));
	kb_u32(k, IPVS_SVC_ATTR_TIMEOUT, 360);
	kb_u32(k, IPVS_SVC_ATTR_NETMASK, 128);
	if (variant == UNKNOWN_ATTR)
		kb_u32(k, 30, 0xdeadbeef);
	st = kb_nest(k, IPVS_SVC_ATTR_STATS | NLA_F_NESTED);
	kb_u32(k, IPVS_STATS_ATTR_CONNS, 5);
	kb_u64(k, IPVS_STATS_ATTR_INBYTES, 1ull << 33);
	kb_end(k, st);
	st = kb_nest(k, IPVS_SVC_ATTR_STATS64 | NLA_F_NESTED);
	if (variant == STATS64_U32)
		kb_u32(k, IPVS_STATS_ATTR_CONNS, 5);
	else
		kb_u64(k, IPVS_STATS_ATTR_CONNS, 5ull << 32);
	kb_u64(k, IPVS_STATS_ATTR_INBYTES, 1ull << 33);
	kb_u64(k, IPVS_STATS_ATTR_OUTBPS, 77);
	kb_end(k, st);
	kb_end(k, svc);
	kb_done_msg(k);
}

static void kb_dest(struct kb *k)
{
	uint8_t a[16] = { 10, 0, 0, 3 };
	size_t d;

	kb_genl(k, NLM_F_MULTI, 100, IPVS_CMD_NEW_DEST);
	d = kb_nest(k, IPVS_CMD_ATTR_DEST | NLA_F_NESTED);
	kb_attr(k, IPVS_DEST_ATTR_ADDR, a, 16);
	kb_be16(k, IPVS_DEST_ATTR_PORT, 8080);
	kb_u32(k, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_MASQ);
	kb_u32(k, IPVS_DEST_ATTR_WEIGHT, 3);
	kb_u8(k, IPVS_DEST_ATTR_TUN_TYPE, 0);
	kb_be16(k, IPVS_DEST_ATTR_TUN_PORT, 0);
	kb_u16(k, IPVS_DEST_ATTR_TUN_FLAGS, 0);
	kb_u32(k, IPVS_DEST_ATTR_U_THRESH, 100);
	kb_u32(k, IPVS_DEST_ATTR_L_THRESH, 50);
	kb_u32(k, IPVS_DEST_ATTR_ACTIVE_CONNS, 11);
	kb_u32(k, IPVS_DEST_ATTR_INACT_CONNS, 12);
	kb_u32(k, IPVS_DEST_ATTR_PERSIST_CONNS, 13);
	kb_u16(k, IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET);
	kb_end(k, d);
	kb_done_msg(k);
}

static void kb_daemon(struct kb *k)
{
	uint32_t group = htonl(0xe0000051); /* 224.0.0.81 */
	size_t d;

	kb_genl(k, NLM_F_MULTI, 101, IPVS_CMD_NEW_DAEMON);
	d = kb_nest(k, IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED);
	kb_u32(k, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_BACKUP);
	kb_str(k, IPVS_DAEMON_ATTR_MCAST_IFN, "bond0");
	kb_u32(k, IPVS_DAEMON_ATTR_SYNC_ID, 4);
	kb_u16(k, IPVS_DAEMON_ATTR_SYNC_MAXLEN, 1472);
	kb_u16(k, IPVS_DAEMON_ATTR_MCAST_PORT, 8848); /* host order (nla_put_u16) */
	kb_u8(k, IPVS_DAEMON_ATTR_MCAST_TTL, 1);
	kb_attr(k, IPVS_DAEMON_ATTR_MCAST_GROUP, &group, 4);
	kb_end(k, d);
	kb_done_msg(k);
}

/* An ack or error as netlink_ack writes it: capped (header only) or echoing the request. */
static void kb_ack(struct kb *k, uint32_t seq, int error, bool capped, const char *ext)
{
	uint8_t req[VGL_IPVS_MSG_MAX];
	struct vgl_ipvs_req r = { FAM, seq };
	ssize_t rn = vgl_ipvs_enc_flush(req, sizeof(req), &r);
	uint16_t flags = (uint16_t)((capped ? NLM_F_CAPPED : 0) | (ext ? NLM_F_ACK_TLVS : 0));
	int32_t e = error;

	kb_msg(k, NLMSG_ERROR, flags, seq);
	kb_put(k, &e, 4);
	kb_put(k, req, capped ? NLMSG_HDRLEN : (size_t)rn);
	if (ext)
		kb_str(k, NLMSGERR_ATTR_MSG, ext);
	kb_done_msg(k);
}

static void test_kernel_replies(void **state)
{
	struct kb k = { .n = 0 };
	struct vgl_ipvs_reply r;
	size_t off = 0;
	ssize_t n;
	uint8_t want6[16];

	(void)state;
	inet_pton(AF_INET6, "2001:db8::10", want6);
	kb_service(&k, OMIT_NONE);
	kb_dest(&k);
	kb_daemon(&k);
	kb_msg(&k, NLMSG_DONE, NLM_F_MULTI, 102);
	kb_put(&k, "\0\0\0\0", 4);
	kb_done_msg(&k);
	kb_ack(&k, 103, 0, true, NULL);
	kb_ack(&k, 104, -EEXIST, true, "Service already exists");
	kb_ack(&k, 105, -ENOENT, false, "No such destination");
	kb_ack(&k, 106, -ESRCH, false, NULL);

	n = vgl_ipvs_dec_reply(k.b + off, k.n - off, FAM, &r);
	assert_true(n > 0);
	off += (size_t)n;
	assert_int_equal(r.kind, VGL_IPVS_R_SERVICE);
	assert_false(r.request);
	assert_int_equal(r.seq, 99);
	assert_int_equal(r.service.addr.family, VG_AF_INET6);
	assert_memory_equal(r.service.addr.bytes, want6, 16);
	assert_int_equal(r.service.port, 443);
	assert_string_equal(r.service.sched_name, "wrr");
	assert_int_equal(r.service.flags, IP_VS_SVC_F_PERSISTENT);
	assert_int_equal(r.service.timeout_s, 360);
	assert_int_equal(r.service.netmask, 128);
	assert_true(r.service.has_stats);
	assert_int_equal(r.service.stats.conns, 5ull << 32); /* STATS64 preferred */
	assert_int_equal(r.service.stats.inbytes, 1ull << 33);
	assert_int_equal(r.service.stats.outbps, 77);

	n = vgl_ipvs_dec_reply(k.b + off, k.n - off, FAM, &r);
	off += (size_t)n;
	assert_int_equal(r.kind, VGL_IPVS_R_DEST);
	assert_false(r.has_service);
	assert_int_equal(r.dest.addr.family, VG_AF_INET);
	assert_int_equal(r.dest.addr.bytes[3], 3);
	assert_int_equal(r.dest.port, 8080);
	assert_int_equal(r.dest.weight, 3);
	assert_int_equal(r.dest.u_threshold, 100);
	assert_int_equal(r.dest.l_threshold, 50);
	assert_int_equal(r.dest.active_conns, 11);
	assert_int_equal(r.dest.inact_conns, 12);
	assert_int_equal(r.dest.persist_conns, 13);
	assert_false(r.dest.has_stats);

	n = vgl_ipvs_dec_reply(k.b + off, k.n - off, FAM, &r);
	off += (size_t)n;
	assert_int_equal(r.kind, VGL_IPVS_R_DAEMON);
	assert_int_equal(r.daemon.state, IP_VS_STATE_BACKUP);
	assert_string_equal(r.daemon.mcast_ifn, "bond0");
	assert_int_equal(r.daemon.syncid, 4);
	assert_int_equal(r.daemon.sync_maxlen, 1472);
	assert_int_equal(r.daemon.mcast_port, 8848);
	assert_int_equal(r.daemon.mcast_ttl, 1);
	assert_int_equal(r.daemon.mcast_group.family, VG_AF_INET);
	assert_int_equal(r.daemon.mcast_group.bytes[0], 224);
	assert_int_equal(r.daemon.mcast_group.bytes[3], 81);

	n = vgl_ipvs_dec_reply(k.b + off, k.n - off, FAM, &r);
	off += (size_t)n;
	assert_int_equal(r.kind, VGL_IPVS_R_DONE);
	assert_int_equal(r.seq, 102);

	n = vgl_ipvs_dec_reply(k.b + off, k.n - off, FAM, &r);
	off += (size_t)n;
	assert_int_equal(r.kind, VGL_IPVS_R_ACK);
	assert_int_equal(r.seq, 103);

	n = vgl_ipvs_dec_reply(k.b + off, k.n - off, FAM, &r);
	off += (size_t)n;
	assert_int_equal(r.kind, VGL_IPVS_R_ERROR);
	assert_int_equal(r.seq, 104);
	assert_int_equal(r.error, -EEXIST);
	assert_string_equal(r.ext_msg, "Service already exists");

	n = vgl_ipvs_dec_reply(k.b + off, k.n - off, FAM, &r);
	off += (size_t)n;
	assert_int_equal(r.kind, VGL_IPVS_R_ERROR);
	assert_int_equal(r.error, -ENOENT);
	assert_string_equal(r.ext_msg, "No such destination");

	n = vgl_ipvs_dec_reply(k.b + off, k.n - off, FAM, &r);
	off += (size_t)n;
	assert_int_equal(r.kind, VGL_IPVS_R_ERROR);
	assert_int_equal(r.error, -ESRCH);
	assert_string_equal(r.ext_msg, "");
	assert_int_equal(off, k.n);
}

static struct vgl_ipvs_reply dec_whole(const struct kb *k)
{
	struct vgl_ipvs_reply r;

	assert_int_equal(vgl_ipvs_dec_reply(k->b, k->n, FAM, &r), (ssize_t)k->n);
	return r;
}

static void test_hostile_attrs(void **state)
{
	static const struct {
		int variant;
		int error;
	} cases[] = {
		{ OMIT_SCHED, VGL_IPVS_ERR_MISSING }, { PORT_3, VGL_IPVS_ERR_ATTR },
		{ NAME_NO_NUL, VGL_IPVS_ERR_ATTR },   { NAME_LONG, VGL_IPVS_ERR_ATTR },
		{ AF_BAD, VGL_IPVS_ERR_ATTR },        { ADDR_4_V6, VGL_IPVS_ERR_ATTR },
		{ STATS64_U32, VGL_IPVS_ERR_ATTR },   { FLAGS_SHORT, VGL_IPVS_ERR_ATTR },
		{ UNKNOWN_ATTR, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kb k = { .n = 0 };
		struct vgl_ipvs_reply r;

		kb_service(&k, cases[i].variant);
		r = dec_whole(&k);
		assert_int_equal(r.kind, cases[i].error ? VGL_IPVS_R_BAD : VGL_IPVS_R_SERVICE);
		assert_int_equal(r.error, cases[i].error);
		assert_int_equal(r.seq, 99); /* the request stays named */
	}
}

/* Every cut of a message, with nlmsg_len telling the truth or not. */
static void test_truncated(void **state)
{
	struct kb full = { .n = 0 };

	(void)state;
	kb_service(&full, OMIT_NONE);
	kb_dest(&full);
	kb_daemon(&full);
	kb_ack(&full, 5, -EINVAL, false, "bad");
	for (size_t cut = 0; cut < full.n; cut++) {
		struct kb k;
		struct vgl_ipvs_reply r;
		uint8_t *copy = test_malloc(cut + 1); /* exact size: ASan sees any overread */
		ssize_t n;
		size_t off = 0;

		memcpy(copy, full.b, cut);
		/* as received: the last message runs past the end */
		while (off < cut) {
			n = vgl_ipvs_dec_reply(copy + off, cut - off, FAM, &r);
			if (n < 0)
				break;
			assert_true(n > 0 && (size_t)n <= cut - off);
			off += (size_t)n;
		}
		test_free(copy);

		/* nlmsg_len shortened to the cut: the body must not decode as whole */
		memcpy(&k, &full, sizeof(k));
		k.n = cut;
		if (cut >= NLMSG_HDRLEN) {
			uint32_t len = (uint32_t)cut;
			uint32_t first;

			memcpy(&first, full.b, 4);
			if (cut >= first)
				continue; /* the first message is whole */
			memcpy(k.b, &len, 4);
			n = vgl_ipvs_dec_reply(k.b, k.n, FAM, &r);
			assert_int_equal(n, (ssize_t)cut);
			/* the service nest now claims more than the message holds */
			assert_int_equal(r.kind, VGL_IPVS_R_BAD);
			assert_int_equal(r.seq, 99);
		} else {
			assert_true(vgl_ipvs_dec_reply(k.b, k.n, FAM, &r) < 0);
		}
	}
}

static void test_hostile_headers(void **state)
{
	struct kb k = { .n = 0 };
	struct vgl_ipvs_reply r;
	uint32_t len;
	uint16_t bad;

	(void)state;
	kb_dest(&k);
	/* overlong: nlmsg_len says more than was received */
	len = (uint32_t)k.n + 4;
	memcpy(k.b, &len, 4);
	assert_int_equal(vgl_ipvs_dec_reply(k.b, k.n, FAM, &r), VGL_IPVS_ERR_TRUNC);
	len = 8; /* shorter than a header */
	memcpy(k.b, &len, 4);
	assert_int_equal(vgl_ipvs_dec_reply(k.b, k.n, FAM, &r), VGL_IPVS_ERR_TRUNC);
	len = (uint32_t)k.n;
	memcpy(k.b, &len, 4);
	assert_int_equal(dec_whole(&k).kind, VGL_IPVS_R_DEST);

	/* another family, or an unknown command */
	assert_true(vgl_ipvs_dec_reply(k.b, k.n, FAM + 1, &r) > 0);
	assert_int_equal(r.kind, VGL_IPVS_R_BAD);
	assert_int_equal(r.error, VGL_IPVS_ERR_TYPE);
	k.b[NLMSG_HDRLEN] = IPVS_CMD_MAX + 1;
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_TYPE);
	k.b[NLMSG_HDRLEN] = IPVS_CMD_NEW_DEST;

	/* the nest claims more than the message holds */
	memcpy(&bad, k.b + NLMSG_HDRLEN + GENL_HDRLEN, 2);
	bad = (uint16_t)(bad + 4);
	memcpy(k.b + NLMSG_HDRLEN + GENL_HDRLEN, &bad, 2);
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_TRUNC);
	/* an attribute shorter than its own header */
	bad = 3;
	memcpy(k.b + NLMSG_HDRLEN + GENL_HDRLEN, &bad, 2);
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_TRUNC);

	/* a dest dump part without its connection counts */
	k.n = 0;
	kb_genl(&k, NLM_F_MULTI, 1, IPVS_CMD_NEW_DEST);
	{
		size_t d = kb_nest(&k, IPVS_CMD_ATTR_DEST);
		uint8_t a[16] = { 10, 0, 0, 3 };

		kb_attr(&k, IPVS_DEST_ATTR_ADDR, a, 16);
		kb_be16(&k, IPVS_DEST_ATTR_PORT, 80);
		kb_u32(&k, IPVS_DEST_ATTR_FWD_METHOD, 9); /* beyond IP_VS_CONN_F_FWD_MASK */
		kb_end(&k, d);
	}
	kb_done_msg(&k);
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_ATTR);

	/* an error code that is positive; an ext-ack text without NUL; trailing bytes in the TLVs */
	k.n = 0;
	kb_ack(&k, 1, 5, true, NULL);
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_ATTR);
	k.n = 0;
	kb_msg(&k, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, 1);
	{
		int32_t e = -EINVAL;
		struct nlmsghdr echo = { NLMSG_HDRLEN, FAM, 0, 1, 0 };

		kb_put(&k, &e, 4);
		kb_put(&k, &echo, sizeof(echo));
		kb_attr(&k, NLMSGERR_ATTR_MSG, "abcd", 4);
	}
	kb_done_msg(&k);
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_ATTR);
	k.n -= 8; /* keep 2 bytes of the TLV: not even a header */
	k.n += 2;
	kb_done_msg(&k);
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_TRUNC);
	/* an uncapped error whose echoed request claims more than is there */
	k.n = 0;
	kb_ack(&k, 1, -EINVAL, false, "x");
	{
		uint32_t big = 4000;

		memcpy(k.b + NLMSG_HDRLEN + 4, &big, 4);
	}
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_TRUNC);
	/* a DONE carrying a dump's error */
	k.n = 0;
	kb_msg(&k, NLMSG_DONE, NLM_F_MULTI, 1);
	kb_put(&k, &(int32_t){ -EPERM }, 4);
	kb_done_msg(&k);
	r = dec_whole(&k);
	assert_int_equal(r.kind, VGL_IPVS_R_ERROR);
	assert_int_equal(r.error, -EPERM);
	/* other netlink types */
	k.n = 0;
	kb_msg(&k, NLMSG_NOOP, 0, 1);
	kb_done_msg(&k);
	assert_int_equal(dec_whole(&k).error, VGL_IPVS_ERR_TYPE);
}

static void test_strings(void **state)
{
	(void)state;
	assert_string_equal(vgl_ipvs_strerror(VGL_IPVS_ERR_TRUNC), "truncated netlink message or attribute");
	assert_string_equal(vgl_ipvs_strerror(-99), "unknown IPVS codec error");
	assert_string_equal(vgl_ipvs_reply_kind_name(VGL_IPVS_R_DEST), "destination");
	assert_string_equal(vgl_ipvs_reply_kind_name((enum vgl_ipvs_reply_kind)99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_service),
		cmocka_unit_test(test_roundtrip_dest),
		cmocka_unit_test(test_roundtrip_daemon),
		cmocka_unit_test(test_roundtrip_commands),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_encode_limits),
		cmocka_unit_test(test_kernel_replies),
		cmocka_unit_test(test_hostile_attrs),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_hostile_headers),
		cmocka_unit_test(test_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
