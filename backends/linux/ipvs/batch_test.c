/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of batch.c: queueing, numbering, windows, matching acks by
 * sequence number and the failure lines, with acks written by hand (no socket).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <string.h>

#include "batch.h"

#define FAM 0x1c

static struct vg_addr addr(const char *text)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(text, &a), 0);
	return a;
}

static struct vgl_ipvs_service svc(void)
{
	struct vgl_ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.addr = addr("192.0.2.1");
	s.protocol = IPPROTO_TCP;
	s.port = 80;
	strcpy(s.sched_name, "rr");
	s.flags_mask = ~0u;
	s.netmask = 0xffffffff;
	return s;
}

static struct vgl_ipvs_dest dest(const char *a)
{
	struct vgl_ipvs_dest d;

	memset(&d, 0, sizeof(d));
	d.addr = addr(a);
	d.port = 80;
	d.fwd_method = IP_VS_CONN_F_MASQ;
	d.weight = 1;
	return d;
}

static struct vgl_ipvs_reply answer(uint32_t seq, enum vgl_ipvs_reply_kind kind, int error, const char *ext)
{
	struct vgl_ipvs_reply r;

	memset(&r, 0, sizeof(r));
	r.seq = seq;
	r.kind = kind;
	r.error = error;
	strcpy(r.ext_msg, ext);
	return r;
}

static const char CONF[] = "/etc/keepalived/keepalived.conf";

/* Six entries: a service, two real servers, a daemon, timeouts, a flush. */
static struct vgl_ipvs_batch *six(void)
{
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(16);
	struct vgl_ipvs_service s = svc();
	struct vgl_ipvs_dest d1 = dest("10.0.0.2"), d2 = dest("10.0.0.3");
	struct vgl_ipvs_daemon dm = { .state = IP_VS_STATE_MASTER, .mcast_ifn = "eth0", .syncid = 1 };
	struct vgl_ipvs_timeouts t = { .tcp_s = 900 };
	struct vgl_ipvs_tag tag_s = { &s, CONF, 10 }, tag_d1 = { &d1, CONF, 12 }, tag_d2 = { &d2, CONF, 13 };

	assert_non_null(b);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &s, &tag_s), 0);
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &s, &d1, &tag_d1), 0);
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_DEL_DEST, &s, &d2, &tag_d2), 0);
	assert_int_equal(vgl_ipvs_batch_daemon(b, IPVS_CMD_NEW_DAEMON, &dm, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_timeouts(b, &t, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_flush(b, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_count(b), 6);
	return b;
}

static void test_number_and_window(void **state)
{
	struct vgl_ipvs_batch *b = six();
	size_t count, len, total = 0, l0;
	const uint8_t *p;

	(void)state;
	vgl_ipvs_batch_number(b, FAM, 1000);
	for (size_t i = 0; i < 6; i++) {
		size_t n;
		const uint8_t *m = vgl_ipvs_batch_msg(b, i, &n);
		struct nlmsghdr h;
		struct vgl_ipvs_reply r;

		memcpy(&h, m, sizeof(h));
		assert_int_equal(h.nlmsg_type, FAM);
		assert_int_equal(h.nlmsg_seq, 1000 + i);
		assert_int_equal(h.nlmsg_len, n);
		assert_int_equal(vgl_ipvs_dec_reply(m, n, FAM, &r), (ssize_t)n);
		assert_true(r.request);
		total += n;
		assert_int_equal(vgl_ipvs_batch_result(b, i), 1); /* no answer yet */
	}
	/* all in one window, contiguous */
	p = vgl_ipvs_batch_window(b, 0, 1u << 20, 100, &count, &len);
	assert_ptr_equal(p, vgl_ipvs_batch_msg(b, 0, &l0));
	assert_int_equal(count, 6);
	assert_int_equal(len, total);
	/* limited by count, then by bytes; at least one even if it alone is too big */
	vgl_ipvs_batch_window(b, 0, 1u << 20, 2, &count, &len);
	assert_int_equal(count, 2);
	vgl_ipvs_batch_window(b, 0, l0, 100, &count, &len);
	assert_int_equal(count, 1);
	vgl_ipvs_batch_window(b, 2, 1, 100, &count, &len);
	assert_int_equal(count, 1);
	assert_null(vgl_ipvs_batch_window(b, 6, 1u << 20, 100, &count, &len));
	assert_int_equal(count, 0);
	vgl_ipvs_batch_free(b);
}

static void test_answers(void **state)
{
	struct vgl_ipvs_batch *b = six();
	struct vgl_ipvs_reply r;
	const struct vgl_ipvs_failure *f;
	size_t nf;
	char line[512];

	(void)state;
	vgl_ipvs_batch_number(b, FAM, 0xfffffffe); /* sequence numbers wrap */
	r = answer(0xfffffffe, VGL_IPVS_R_ACK, 0, "");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), 0);
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), -1); /* answered twice */
	r = answer(0xffffffff, VGL_IPVS_R_ERROR, -EEXIST, "Destination already exists");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), 0);
	r = answer(0, VGL_IPVS_R_BAD, VGL_IPVS_ERR_TRUNC, "");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), 0);
	r = answer(1, VGL_IPVS_R_DONE, 0, "");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), -1); /* not an answer to a change */
	r = answer(0xfffffffd, VGL_IPVS_R_ACK, 0, "");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), -1); /* before the batch */
	r = answer(4, VGL_IPVS_R_ACK, 0, "");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), -1); /* after it */
	r = answer(2, VGL_IPVS_R_ACK, 0, "");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), 0);
	assert_int_equal(vgl_ipvs_batch_unanswered(b, 0, 6, -ENOBUFS, "acknowledgement lost"), 2);

	assert_int_equal(vgl_ipvs_batch_acked(b), 2);
	assert_int_equal(vgl_ipvs_batch_failed(b), 4);
	assert_int_equal(vgl_ipvs_batch_result(b, 0), 0);
	assert_int_equal(vgl_ipvs_batch_result(b, 1), -EEXIST);
	assert_int_equal(vgl_ipvs_batch_result(b, 2), VGL_IPVS_ERR_TRUNC);
	assert_int_equal(vgl_ipvs_batch_result(b, 3), -ENOBUFS);
	assert_int_equal(vgl_ipvs_batch_result(b, 4), 0);
	assert_int_equal(vgl_ipvs_batch_result(b, 5), -ENOBUFS);

	f = vgl_ipvs_batch_failures(b, &nf);
	assert_int_equal(nf, 4);
	assert_int_equal(f[0].index, 1);
	assert_int_equal(f[0].tag.line, 12);
	assert_string_equal(vgl_ipvs_batch_format(b, &f[0], line, sizeof(line)),
			    "/etc/keepalived/keepalived.conf:12: add real server 10.0.0.2:80 to TCP 192.0.2.1:80: "
			    "File exists (Destination already exists)");
	assert_true(f[1].codec);
	assert_string_equal(vgl_ipvs_batch_format(b, &f[1], line, sizeof(line)),
			    "/etc/keepalived/keepalived.conf:13: remove real server 10.0.0.3:80 of TCP 192.0.2.1:80: "
			    "truncated netlink message or attribute (malformed acknowledgement)");
	assert_int_equal(f[2].index, 3);
	assert_string_equal(vgl_ipvs_batch_format(b, &f[2], line, sizeof(line)),
			    "start the master sync daemon: No buffer space available (acknowledgement lost)");
	assert_string_equal(vgl_ipvs_batch_format(b, &f[3], line, sizeof(line)),
			    "flush the IPVS table: No buffer space available (acknowledgement lost)");

	/* without the kernel's text, what the errno means for IPVS */
	vgl_ipvs_batch_number(b, FAM, 50);
	r = answer(51, VGL_IPVS_R_ERROR, -ESRCH, "");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), 0);
	r = answer(52, VGL_IPVS_R_ERROR, -ENOENT, "");
	assert_int_equal(vgl_ipvs_batch_answer(b, &r), 0);
	f = vgl_ipvs_batch_failures(b, &nf);
	assert_int_equal(nf, 2);
	assert_string_equal(vgl_ipvs_batch_format(b, &f[0], line, sizeof(line)),
			    "/etc/keepalived/keepalived.conf:12: add real server 10.0.0.2:80 to TCP 192.0.2.1:80: "
			    "No such process (no such virtual server)");
	assert_string_equal(vgl_ipvs_batch_format(b, &f[1], line, sizeof(line)),
			    "/etc/keepalived/keepalived.conf:13: remove real server 10.0.0.3:80 of TCP 192.0.2.1:80: "
			    "No such file or directory (no such real server)");

	/* renumbering forgets the answers */
	vgl_ipvs_batch_number(b, FAM, 7);
	assert_int_equal(vgl_ipvs_batch_failed(b), 0);
	assert_int_equal(vgl_ipvs_batch_result(b, 1), 1);
	vgl_ipvs_batch_reset(b);
	assert_int_equal(vgl_ipvs_batch_count(b), 0);
	vgl_ipvs_batch_free(b);
}

static void test_limits(void **state)
{
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(2);
	struct vgl_ipvs_service s = svc();

	(void)state;
	assert_null(vgl_ipvs_batch_new(0));
	assert_null(vgl_ipvs_batch_new(VGL_IPVS_BATCH_MAX + 1));
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_DEST, &s, NULL), VGL_IPVS_ERR_ARG);
	assert_int_equal(vgl_ipvs_batch_count(b), 0);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &s, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_DEL_SERVICE, &s, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_DEL_SERVICE, &s, NULL), VGL_IPVS_ERR_NOSPACE);
	assert_int_equal(vgl_ipvs_batch_count(b), 2);
	vgl_ipvs_batch_free(b);

	/* many entries: the arena grows and stays contiguous */
	b = vgl_ipvs_batch_new(5000);
	for (int i = 0; i < 5000; i++) {
		s.port = (uint16_t)(1000 + i);
		assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &s, NULL), 0);
	}
	vgl_ipvs_batch_number(b, FAM, 1);
	{
		size_t count, len, l;
		const uint8_t *p = vgl_ipvs_batch_window(b, 0, SIZE_MAX, SIZE_MAX, &count, &len);
		const uint8_t *last = vgl_ipvs_batch_msg(b, 4999, &l);

		assert_int_equal(count, 5000);
		assert_ptr_equal(p + len, last + l);
	}
	vgl_ipvs_batch_free(b);
}

static void test_names(void **state)
{
	struct vgl_ipvs_service s = svc();
	char buf[128];

	(void)state;
	assert_string_equal(vgl_ipvs_service_name(&s, buf, sizeof(buf)), "TCP 192.0.2.1:80");
	s.addr = addr("2001:db8::1");
	s.protocol = IPPROTO_SCTP;
	assert_string_equal(vgl_ipvs_service_name(&s, buf, sizeof(buf)), "SCTP [2001:db8::1]:80");
	s.fwmark = 42;
	assert_string_equal(vgl_ipvs_service_name(&s, buf, sizeof(buf)), "fwmark 42 (IPv6)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_and_window),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
