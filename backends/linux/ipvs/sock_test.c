/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: sock.c against a real IPVS kernel: add, dump, change and delete.
 *
 * Runs in a network namespace of its own (unshare(CLONE_NEWNET): the IPVS
 * table is per namespace), so the host's table is never touched. Needs root
 * and a kernel with IPVS (CONFIG_IP_VS); otherwise it reports a TAP skip
 * saying which is missing. The development kernel has no IPVS: this test
 * runs in the QEMU guest (tests/ipvs-vm, Debian's kernel with ip_vs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/ip_vs.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sock.h"

static struct vgl_ipvs *S;
static char err[256];

static struct vg_addr addr(const char *text)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(text, &a), 0);
	return a;
}

static struct vgl_ipvs_service svc_a(void)
{
	struct vgl_ipvs_service s = { 0 };

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

static struct vgl_ipvs_service svc_b(void)
{
	struct vgl_ipvs_service s = { 0 };

	s.addr.family = VG_AF_INET;
	s.fwmark = 7;
	strcpy(s.sched_name, "rr");
	s.flags_mask = ~0u;
	s.netmask = 0xffffffff;
	return s;
}

static struct vgl_ipvs_service svc_c(void)
{
	struct vgl_ipvs_service s = { 0 };

	s.addr = addr("2001:db8::10");
	s.protocol = IPPROTO_UDP;
	s.port = 53;
	strcpy(s.sched_name, "sh");
	s.flags = IP_VS_SVC_F_SCHED_SH_PORT;
	s.flags_mask = ~0u;
	s.netmask = 128;
	return s;
}

static struct vgl_ipvs_dest dest(const char *a, uint16_t port, uint32_t fwd, uint32_t weight)
{
	struct vgl_ipvs_dest d = { 0 };

	d.addr = addr(a);
	d.port = port;
	d.fwd_method = fwd;
	d.weight = weight;
	return d;
}

static const struct vgl_ipvs_table_service *find(const struct vgl_ipvs_table *t,
						const struct vgl_ipvs_service *s)
{
	for (size_t i = 0; i < t->nsvc; i++) {
		const struct vgl_ipvs_service *k = &t->svc[i].svc;

		if (k->addr.family == s->addr.family && k->fwmark == s->fwmark &&
		    (s->fwmark || (k->protocol == s->protocol && k->port == s->port &&
				   memcmp(k->addr.bytes, s->addr.bytes, 16) == 0)))
			return &t->svc[i];
	}
	return NULL;
}

static void run_ok(struct vgl_ipvs_batch *b, struct vgl_ipvs_io *io)
{
	assert_int_equal(vgl_ipvs_run(S, b, io, err, sizeof(err)), 0);
	if (vgl_ipvs_batch_failed(b)) {
		size_t n;
		const struct vgl_ipvs_failure *f = vgl_ipvs_batch_failures(b, &n);
		char line[512];

		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "# %s\n", vgl_ipvs_batch_format(b, &f[i], line, sizeof(line)));
	}
	assert_int_equal(vgl_ipvs_batch_failed(b), 0);
}

static void flush(void)
{
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(1);

	assert_int_equal(vgl_ipvs_batch_flush(b, NULL), 0);
	run_ok(b, NULL);
	vgl_ipvs_batch_free(b);
}

static void test_add_dump_change_delete(void **state)
{
	struct vgl_ipvs_service a = svc_a(), bb = svc_b(), c = svc_c(), missing = svc_a();
	struct vgl_ipvs_dest a1 = dest("10.0.0.2", 8080, IP_VS_CONN_F_MASQ, 1);
	struct vgl_ipvs_dest a2 = dest("10.0.0.3", 80, IP_VS_CONN_F_DROUTE, 3);
	struct vgl_ipvs_dest b1 = dest("10.0.0.4", 0, IP_VS_CONN_F_DROUTE, 2);
	struct vgl_ipvs_dest c1 = dest("2001:db8::2", 53, IP_VS_CONN_F_TUNNEL, 4);
	struct vgl_ipvs_tag t20 = { &a, "test.conf", 20 }, t21 = { &missing, "test.conf", 21 };
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(64);
	struct vgl_ipvs_table t = { 0 };
	struct vgl_ipvs_io io = { 0 };
	const struct vgl_ipvs_table_service *ts;
	const struct vgl_ipvs_failure *f;
	size_t nf;
	char line[512];

	(void)state;
	flush();
	c1.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	c1.tun_port = 6080;
	c1.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	c1.u_threshold = 100;
	c1.l_threshold = 10;
	missing.port = 81;
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &a, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &bb, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &c, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &a, &a1, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &a, &a2, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &bb, &b1, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &c, &c1, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &a, &t20), 0);        /* again */
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &missing, &a1, &t21), 0); /* no service */
	assert_int_equal(vgl_ipvs_run(S, b, &io, err, sizeof(err)), 0);
	assert_int_equal(io.round_trips, 1);
	assert_int_equal(io.messages, 9);
	assert_int_equal(vgl_ipvs_batch_acked(b), 7);
	assert_int_equal(vgl_ipvs_batch_failed(b), 2);
	f = vgl_ipvs_batch_failures(b, &nf);
	assert_int_equal(nf, 2);
	assert_int_equal(f[0].index, 7);
	assert_int_equal(f[0].error, -EEXIST);
	assert_ptr_equal(f[0].tag.obj, &a);
	fprintf(stderr, "# %s\n", vgl_ipvs_batch_format(b, &f[0], line, sizeof(line)));
	assert_non_null(strstr(line, "test.conf:20: add virtual server TCP 192.0.2.1:80: File exists"));
	assert_int_equal(f[1].index, 8);
	assert_int_equal(f[1].error, -ESRCH);
	fprintf(stderr, "# %s\n", vgl_ipvs_batch_format(b, &f[1], line, sizeof(line)));
	assert_non_null(strstr(line, "test.conf:21: add real server 10.0.0.2:8080 to TCP 192.0.2.1:81: "));

	assert_int_equal(vgl_ipvs_dump(S, &t, &io, err, sizeof(err)), 0);
	assert_int_equal(t.nsvc, 3);
	assert_int_equal(t.ndest, 4);
	ts = find(&t, &a);
	assert_non_null(ts);
	assert_string_equal(ts->svc.sched_name, "wlc");
	assert_true(ts->svc.flags & IP_VS_SVC_F_PERSISTENT);
	assert_int_equal(ts->svc.timeout_s, 300);
	assert_int_equal(ts->svc.netmask, 0xffffff00);
	assert_true(ts->svc.has_stats);
	assert_int_equal(ts->dest_count, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct vgl_ipvs_dest *d = &t.dest[ts->dest_first + i];

		assert_int_equal(d->addr.family, VG_AF_INET);
		if (d->addr.bytes[3] == 2) {
			assert_int_equal(d->port, 8080);
			assert_int_equal(d->fwd_method, IP_VS_CONN_F_MASQ);
			assert_int_equal(d->weight, 1);
		} else {
			assert_int_equal(d->addr.bytes[3], 3);
			assert_int_equal(d->fwd_method, IP_VS_CONN_F_DROUTE);
			assert_int_equal(d->weight, 3);
		}
	}
	ts = find(&t, &bb);
	assert_non_null(ts);
	assert_int_equal(ts->dest_count, 1);
	ts = find(&t, &c);
	assert_non_null(ts);
	assert_string_equal(ts->svc.sched_name, "sh");
	assert_int_equal(ts->svc.flags & IP_VS_SVC_F_SCHED_SH_PORT, IP_VS_SVC_F_SCHED_SH_PORT);
	assert_int_equal(ts->svc.netmask, 128);
	assert_int_equal(ts->dest_count, 1);
	{
		const struct vgl_ipvs_dest *d = &t.dest[ts->dest_first];

		assert_int_equal(d->addr.family, VG_AF_INET6);
		assert_int_equal(d->fwd_method, IP_VS_CONN_F_TUNNEL);
		assert_int_equal(d->weight, 4);
		assert_int_equal(d->u_threshold, 100);
		assert_int_equal(d->l_threshold, 10);
		assert_int_equal(d->tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
		assert_int_equal(d->tun_port, 6080);
		assert_int_equal(d->tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_CSUM);
	}

	/* one weight changed: one message, one round trip */
	vgl_ipvs_batch_reset(b);
	a1.weight = 5;
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_SET_DEST, &a, &a1, NULL), 0);
	memset(&io, 0, sizeof(io));
	run_ok(b, &io);
	assert_int_equal(io.round_trips, 1);
	assert_int_equal(vgl_ipvs_dump(S, &t, NULL, err, sizeof(err)), 0);
	ts = find(&t, &a);
	for (size_t i = 0; i < ts->dest_count; i++)
		if (t.dest[ts->dest_first + i].addr.bytes[3] == 2)
			assert_int_equal(t.dest[ts->dest_first + i].weight, 5);

	/* delete a real server and the services */
	vgl_ipvs_batch_reset(b);
	assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_DEL_DEST, &a, &a2, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_DEL_SERVICE, &bb, NULL), 0);
	run_ok(b, NULL);
	assert_int_equal(vgl_ipvs_dump(S, &t, NULL, err, sizeof(err)), 0);
	assert_int_equal(t.nsvc, 2);
	assert_int_equal(t.ndest, 2);
	vgl_ipvs_batch_reset(b);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_DEL_SERVICE, &a, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_DEL_SERVICE, &c, NULL), 0);
	run_ok(b, NULL);
	assert_int_equal(vgl_ipvs_dump(S, &t, NULL, err, sizeof(err)), 0);
	assert_int_equal(t.nsvc, 0);
	assert_int_equal(t.ndest, 0);
	vgl_ipvs_table_free(&t);
	vgl_ipvs_batch_free(b);
}

/* 300 services x 5 real servers in few round trips, then all of it read back and removed. */
static void test_many(void **state)
{
	enum { NSVC = 300, NDEST = 5 };
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(NSVC * (NDEST + 1));
	struct vgl_ipvs_table t = { 0 };
	struct vgl_ipvs_io io = { 0 }, dio = { 0 };

	(void)state;
	flush();
	for (int i = 0; i < NSVC; i++) {
		struct vgl_ipvs_service s = svc_a();

		s.port = (uint16_t)(10000 + i);
		assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &s, NULL), 0);
		for (int j = 0; j < NDEST; j++) {
			struct vgl_ipvs_dest d = dest("10.0.1.1", (uint16_t)(80 + j), IP_VS_CONN_F_MASQ, 1);

			assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &s, &d, NULL), 0);
		}
	}
	{
		size_t bytes = 0, count = 0;

		vgl_ipvs_window(S, &bytes, &count);
		fprintf(stderr, "# window: %zu bytes, %zu requests\n", bytes, count);
	}
	run_ok(b, &io);
	fprintf(stderr, "# %d objects: %u round trips, %u recvmmsg calls, %zu bytes\n", NSVC * (NDEST + 1),
		io.round_trips, io.recv_calls, io.bytes);
	assert_true(io.round_trips <= 8);
	assert_int_equal(io.messages, NSVC * (NDEST + 1));
	assert_int_equal(vgl_ipvs_dump(S, &t, &dio, err, sizeof(err)), 0);
	assert_int_equal(t.nsvc, NSVC);
	assert_int_equal(t.ndest, NSVC * NDEST);
	assert_int_equal(dio.round_trips, NSVC + 1);
	vgl_ipvs_batch_reset(b);
	for (size_t i = 0; i < t.nsvc; i++)
		assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_DEL_SERVICE, &t.svc[i].svc, NULL), 0);
	run_ok(b, NULL);
	assert_int_equal(vgl_ipvs_dump(S, &t, NULL, err, sizeof(err)), 0);
	assert_int_equal(t.nsvc, 0);
	vgl_ipvs_table_free(&t);
	vgl_ipvs_batch_free(b);
}

/* Windows forced small: the batch goes out in several, every ack still finds its entry. */
static void test_small_windows(void **state)
{
	enum { N = 250 };
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(N + 1);
	struct vgl_ipvs_table t = { 0 };
	struct vgl_ipvs_io io = { 0 };
	struct vgl_ipvs_service s = svc_a();
	struct vgl_ipvs_tag tag = { NULL, "small.conf", 7 };
	size_t bytes = 0, count = 16;
	const struct vgl_ipvs_failure *f;
	size_t nf;

	(void)state;
	flush();
	assert_int_equal(vgl_ipvs_batch_service(b, IPVS_CMD_NEW_SERVICE, &s, NULL), 0);
	for (int j = 0; j < N; j++) {
		struct vgl_ipvs_dest d = dest("10.0.2.1", (uint16_t)(1000 + j), IP_VS_CONN_F_MASQ, 1);

		if (j == 100)
			d.port = 1000; /* a duplicate, in the middle of a window */
		assert_int_equal(vgl_ipvs_batch_dest(b, IPVS_CMD_NEW_DEST, &s, &d, j == 100 ? &tag : NULL), 0);
	}
	vgl_ipvs_window(S, &bytes, &count);
	assert_int_equal(count, 16);
	assert_int_equal(vgl_ipvs_run(S, b, &io, err, sizeof(err)), 0);
	assert_int_equal(io.round_trips, (N + 1 + 15) / 16);
	assert_int_equal(vgl_ipvs_batch_acked(b), N);
	assert_int_equal(vgl_ipvs_batch_failed(b), 1);
	f = vgl_ipvs_batch_failures(b, &nf);
	assert_int_equal(f[0].index, 101);
	assert_int_equal(f[0].error, -EEXIST);
	assert_int_equal(f[0].tag.line, 7);
	assert_int_equal(vgl_ipvs_dump(S, &t, NULL, err, sizeof(err)), 0);
	assert_int_equal(t.nsvc, 1);
	assert_int_equal(t.ndest, N - 1);
	flush();
	vgl_ipvs_table_free(&t);
	vgl_ipvs_batch_free(b);
}

static void test_timeouts_and_daemons(void **state)
{
	struct vgl_ipvs_timeouts want = { .tcp_s = 900, .tcp_fin_s = 60, .udp_s = 200 }, got;
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(1);
	struct vgl_ipvs_daemon d[2], m = { .state = IP_VS_STATE_MASTER, .mcast_ifn = "lo", .syncid = 5 };
	struct vgl_ipvs_daemon k = { .state = IP_VS_STATE_BACKUP, .mcast_ifn = "lo", .syncid = 6,
				     .mcast_port = 8849, .mcast_ttl = 2 };
	size_t n = 9;

	(void)state;
	assert_int_equal(vgl_ipvs_batch_timeouts(b, &want, NULL), 0);
	run_ok(b, NULL);
	assert_int_equal(vgl_ipvs_get_timeouts(S, &got, err, sizeof(err)), 0);
	assert_int_equal(got.tcp_s, 900);
	assert_int_equal(got.tcp_fin_s, 60);
	assert_int_equal(got.udp_s, 200);
	assert_int_equal(vgl_ipvs_dump_daemons(S, d, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 0);

	/* a master with the kernel's defaults and a backup with its own group, port and TTL */
	vgl_ipvs_batch_free(b);
	b = vgl_ipvs_batch_new(2);
	k.mcast_group = addr("239.9.9.9");
	assert_int_equal(vgl_ipvs_batch_daemon(b, IPVS_CMD_NEW_DAEMON, &m, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_daemon(b, IPVS_CMD_NEW_DAEMON, &k, NULL), 0);
	run_ok(b, NULL);
	assert_int_equal(vgl_ipvs_dump_daemons(S, d, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < 2; i++) {
		bool master = d[i].state == IP_VS_STATE_MASTER;

		assert_string_equal(d[i].mcast_ifn, "lo");
		assert_int_equal(d[i].syncid, master ? 5 : 6);
		assert_int_equal(d[i].mcast_port, master ? 8848 : 8849); /* IP_VS_SYNC_PORT by default */
		assert_int_equal(d[i].mcast_ttl, master ? 1 : 2);
		assert_int_equal(d[i].mcast_group.family, VG_AF_INET);
		assert_int_equal(d[i].mcast_group.bytes[0], master ? 224 : 239); /* 224.0.0.81 by default */
	}
	/*
	 * Give the sync threads time to run: on Debian's 6.1 under TCG a backup
	 * thread stopped before it first ran kept DEL_DAEMON unanswered for
	 * more than 10 s (ETIMEDOUT here); after 300 ms it stops at once.
	 */
	usleep(300000);
	vgl_ipvs_batch_reset(b);
	assert_int_equal(vgl_ipvs_batch_daemon(b, IPVS_CMD_DEL_DAEMON, &m, NULL), 0);
	assert_int_equal(vgl_ipvs_batch_daemon(b, IPVS_CMD_DEL_DAEMON, &k, NULL), 0);
	run_ok(b, NULL);
	assert_int_equal(vgl_ipvs_dump_daemons(S, d, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 0);
	vgl_ipvs_batch_free(b);
}

/*
 * Bring lo up: in a namespace without it the kernel has no local routing
 * table yet, inet_addr_type() answers RTN_BROADCAST for every address and
 * ip_vs_new_dest() refuses IPv4 real servers with EINVAL.
 */
static int lo_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	if (fd < 0)
		return -1;
	strcpy(ifr.ifr_name, "lo");
	rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (rc == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return rc;
}

static int tap_skip(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_dump_change_delete),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_timeouts_and_daemons),
		cmocka_unit_test(test_small_windows), /* last: it lowers the socket's window */
	};
	int rc;

	if (geteuid() != 0)
		return tap_skip("needs root (CAP_NET_ADMIN and a network namespace of its own)");
	if (unshare(CLONE_NEWNET) != 0)
		return tap_skip("cannot create a network namespace");
	if (lo_up() != 0) {
		perror("lo up");
		return 1;
	}
	rc = vgl_ipvs_open(&S, err, sizeof(err));
	if (rc == -ENOENT) {
		/* keepalived loads the module the same way */
		if (system("modprobe -q ip_vs 2>/dev/null") == 0)
			rc = vgl_ipvs_open(&S, err, sizeof(err));
	}
	if (rc == -ENOENT) {
		char why[400];

		snprintf(why, sizeof(why), "no IPVS in this kernel (CONFIG_IP_VS off or ip_vs not loadable): %s", err);
		return tap_skip(why);
	}
	if (rc != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	vgl_ipvs_close(S);
	return rc;
}
