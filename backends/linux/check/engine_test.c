/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the checker driver's probe engine (engine.c, check_driver.c), without root.
 *
 *  - the deadline heap: pushes and removals in any order, the top always the earliest;
 *  - on the loopback: checkers of two virtual servers with the same real
 *    servers and TCP_CHECK share one probe target, the second request joins
 *    the probe in flight; more probes due at once than VGC_STARTS_PER_WAKE
 *    are started over several wake-ups (counted as deferred) and every
 *    checker still gets its verdict (a closed port: refused, down);
 *  - TCP_CHECK connections on the loopback: a listening port is up, a
 *    closed one down with the kernel's reason (refused), though a connected
 *    socket's result is read from its epoll events alone;
 *  - a silent UDP server and a UDP_CHECK without require_reply: the probe's
 *    own timeout (a success) is handled before the core gives up at the
 *    same instant, so the server comes up (probe_udp.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "check_int.h"
#include "conf_loader.h"
#include "loop.h"

static void test_heap(void **state)
{
	struct vgc_check c;
	struct chk_probe *p = calloc(300, sizeof(*p));
	uint64_t x = 12345;
	vg_time last = 0;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_non_null(p);
	for (int i = 0; i < 300; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		p[i].p.deadline_ns = (vg_time)(x >> 40);
		p[i].heap_idx = SIZE_MAX;
		assert_int_equal(chk_heap_push(&c, &p[i]), 0);
	}
	for (int i = 0; i < 300; i += 3) { /* removals from the middle (aborts, early results) */
		chk_heap_remove(&c, &p[i]);
		assert_int_equal(p[i].heap_idx, SIZE_MAX);
		chk_heap_remove(&c, &p[i]); /* twice: nothing */
	}
	assert_int_equal(c.nheap, 200);
	while (c.nheap) {
		struct chk_probe *top = c.heap[0];

		for (size_t j = 0; j < c.nheap; j++)
			assert_int_equal(c.heap[j]->heap_idx, j);
		assert_true(top->p.deadline_ns >= last);
		last = top->p.deadline_ns;
		chk_heap_remove(&c, top);
	}
	free(c.heap);
	free(p);
}

static struct vg_conf *load(const char *text)
{
	char path[] = "/tmp/vgc_engine_test.XXXXXX";
	int fd = mkstemp(path);
	struct vg_conf *c = NULL;
	struct vg_diags dg;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	vg_diags_init(&dg);
	vg_conf_load(path, "test", &c, &dg);
	vg_diags_free(&dg);
	unlink(path);
	assert_non_null(c);
	return c;
}

struct run {
	struct vgd_opts o;
	struct vg_conf *conf;
	struct vgl_loop *loop;
	struct vgd_driver d;
};

/* A tick every 100 ms: run_until's wake-ups come even when the driver has nothing due. */
static vg_time tick_at;

static vg_time tick_next(void *ctx)
{
	(void)ctx;
	return tick_at;
}

static void tick_fire(void *ctx, vg_time now)
{
	(void)ctx;
	tick_at = now + VG_MS(100);
}

static void run_start(struct run *r, const char *text)
{
	char err[256];
	struct vg_diags dg;

	memset(&r->o, 0, sizeof(r->o));
	r->conf = load(text);
	r->loop = vgl_loop_new(err, sizeof(err));
	assert_non_null(r->loop);
	tick_at = vgl_clock_now();
	assert_int_equal(vgl_loop_add_deadline(r->loop, tick_next, tick_fire, NULL), 0);
	vg_diags_init(&dg);
	r->d = vgd_check_new(&r->o, r->conf, NULL, &dg);
	vg_diags_free(&dg);
	assert_non_null(r->d.self);
	assert_int_equal(r->d.ops->open(r->d.self, r->loop), 0);
	r->d.ops->start(r->d.self, vgl_clock_now());
}

/* Run the loop until cond(r) or `secs` seconds. */
static bool run_until(struct run *r, bool (*cond)(struct run *), double secs)
{
	vg_time end = vgl_clock_now() + (vg_time)(secs * 1e9);

	while (vgl_clock_now() < end) {
		if (cond(r))
			return true;
		vgl_loop_once(r->loop);
	}
	return cond(r);
}

static void run_end(struct run *r)
{
	r->d.ops->stop(r->d.self, vgl_clock_now());
	r->d.ops->free(r->d.self);
	vgl_loop_free(r->loop);
	vg_conf_free(r->conf);
}

#define NRS 100

static bool all_up(struct run *r)
{
	struct vgd_check_rs_status st;
	size_t n = vgd_check_rs_count(&r->d);

	if (n != 2 * NRS)
		return false;
	for (size_t i = 0; i < n; i++)
		if (vgd_check_rs_status(&r->d, i, &st) || !st.alive || !st.has_result || !st.last_ok)
			return false;
	return true;
}

/* A silent UDP server on every loopback address: a probe to it stays in flight until its timeout. */
static int silent_udp(uint16_t *port, uint32_t addr)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(addr) };
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void test_shared_and_bound(void **state)
{
	size_t cap = 200 * NRS * 2 + 1024, len = 0;
	char *text = malloc(cap);
	struct run r;
	struct vgd_check_counters n;
	uint16_t port;
	int fd = silent_udp(&port, INADDR_ANY);

	(void)state;
	assert_non_null(text);
	/* two virtual servers, the same NRS real servers (127.0.0.N) and checkers: NRS targets */
	for (int v = 0; v < 2; v++) {
		len += (size_t)snprintf(text + len, cap - len, "virtual_server 192.0.2.%d 53 {\n protocol UDP\n", 10 + v);
		for (int i = 0; i < NRS; i++)
			len += (size_t)snprintf(text + len, cap - len,
						" real_server 127.0.%d.%d %u {\n  UDP_CHECK {\n   alpha\n   warmup 0\n"
						"   retry 0\n   delay_loop 30\n   connect_timeout 1\n  }\n }\n",
						i / 200, 1 + i % 200, port);
		len += (size_t)snprintf(text + len, cap - len, "}\n");
	}
	assert_true(len < cap);
	run_start(&r, text);
	/* alpha: down until a success; every probe due at START + 1 s, silent, a success at + 2 s */
	assert_true(run_until(&r, all_up, 6));
	n = vgd_check_counters(&r.d);
	/* one probe per target: the other virtual server's checker joined the probe in flight */
	assert_int_equal(n.probes_started, NRS);
	assert_int_equal(n.probes_joined, NRS);
	/* 2 * NRS requests due at one instant, at most VGC_STARTS_PER_WAKE started per wake-up */
	assert_true(n.deferred >= (2 * NRS - 1) / VGC_STARTS_PER_WAKE);
	assert_int_equal(n.aborted, 0);
	assert_int_equal(n.probes_ok, NRS);
	run_end(&r);
	free(text);
	close(fd);
}

static int udp_port_fd = -1;

static bool udp_up(struct run *r)
{
	struct vgd_check_rs_status st;

	return vgd_check_rs_count(&r->d) == 1 && vgd_check_rs_status(&r->d, 0, &st) == 0 && st.alive &&
	       st.has_result;
}

static void test_udp_timeout_before_abort(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof(a);
	char text[512];
	struct run r;
	struct vgd_check_rs_status st;

	(void)state;
	udp_port_fd = socket(AF_INET, SOCK_DGRAM, 0); /* a silent server: reads nothing, answers nothing */
	assert_true(udp_port_fd >= 0);
	assert_int_equal(bind(udp_port_fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(udp_port_fd, (struct sockaddr *)&a, &l), 0);
	snprintf(text, sizeof(text),
		 "virtual_server 192.0.2.10 53 {\n protocol UDP\n real_server 127.0.0.1 %u {\n"
		 "  UDP_CHECK {\n   alpha\n   warmup 0\n   retry 0\n   delay_loop 30\n   connect_timeout 1\n  }\n }\n}\n",
		 ntohs(a.sin_port));
	run_start(&r, text);
	/* alpha: down until the first success; the probe (sent at +1 s) times out at +2 s, the
	   core's abort of it falls due at the same instant: the silence must count as a success */
	assert_true(run_until(&r, udp_up, 4));
	assert_int_equal(vgd_check_rs_status(&r.d, 0, &st), 0);
	assert_true(st.last_ok);
	assert_int_equal(vgd_check_counters(&r.d).aborted, 0);
	run_end(&r);
	close(udp_port_fd);
}

/* A count of the dump's, after `what` ("carried over by the last reload = "). */
static unsigned dumped(struct run *r, const char *what)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *p;
	unsigned n = ~0u;

	assert_non_null(f);
	r->d.ops->dump(r->d.self, f);
	fclose(f);
	p = strstr(buf, what);
	if (p)
		n = (unsigned)strtoul(p + strlen(what), NULL, 10);
	free(buf);
	return n;
}

/* The dump's count of checkers the last reload carried over. */
static unsigned carried(struct run *r)
{
	return dumped(r, "carried over by the last reload = ");
}

static struct vg_conf *reload(struct run *r, const char *text)
{
	struct vg_conf *c = load(text);
	struct vg_diags dg;

	vg_diags_init(&dg);
	assert_int_equal(r->d.ops->reload_prepare(r->d.self, c, &dg), 0);
	vg_diags_free(&dg);
	r->d.ops->reload_commit(r->d.self, vgl_clock_now());
	return c;
}

/* Two versions of one virtual server of four real servers (127.0.0.1-4): real server i's block is
   `block` (a format of the server's number and opts[version][i]). */
static void two_confs(char text[2][2048], const char *block, const char *const opts[2][4])
{
	for (int v = 0; v < 2; v++) {
		size_t len = (size_t)snprintf(text[v], sizeof(text[v]), "virtual_server 192.0.2.10 80 {\n");

		for (int i = 0; i < 4; i++)
			len += (size_t)snprintf(text[v] + len, sizeof(text[v]) - len, block, 1 + i, opts[v][i]);
		snprintf(text[v] + len, sizeof(text[v]) - len, "}\n");
	}
}

/*
 * A reload carries a checker over only when its probe is the same (keepalived's migrate_checkers
 * keeps a checker whose options are equal): TCP_CHECK's target is not kept as a key but made
 * again from its options when compared, so a change of connect_port, connect_ip or bindto alone
 * (the core's checker unchanged) must still restart it.
 */
static void test_reload_pairs_by_target(void **state)
{
	static const char *const ck[2][4] = {
		{ "connect_port 1001", "connect_port 1002", "connect_ip 127.0.0.3", "connect_port 1004" },
		{ "connect_port 1001", "connect_port 1012", "connect_ip 127.0.0.13", "connect_port 1004\n   bindto 127.0.0.1" },
	};
	struct vg_conf *c[3] = { 0 };
	struct run r;
	char text[2][2048];

	(void)state;
	two_confs(text, " real_server 127.0.0.%d 80 {\n  TCP_CHECK {\n   %s\n   warmup 0\n"
			"   delay_loop 30\n   connect_timeout 1\n  }\n }\n", ck);
	run_start(&r, text[0]);
	c[0] = reload(&r, text[0]);
	assert_int_equal(carried(&r), 4); /* the same file: every checker */
	c[1] = reload(&r, text[1]);
	assert_int_equal(carried(&r), 1); /* only the first: port, address and source changed */
	c[2] = reload(&r, text[1]);
	assert_int_equal(carried(&r), 4);
	run_end(&r);
	for (int i = 0; i < 3; i++)
		vg_conf_free(c[i]);
}

/*
 * HTTP_GET's parameters hold nothing of the destination: real servers that
 * fetch the same url share one copy (gen.c params_keep), a different path
 * or virtualhost gets its own. A reload compares the type's key bytes kept
 * with them: a changed path restarts that checker only.
 */
static void test_http_params_shared(void **state)
{
	static const char *const url[2][4] = {
		{ "path /a", "path /a", "path /a", "path /b\n    virtualhost www.example" },
		{ "path /a", "path /c", "path /a", "path /b\n    virtualhost www.example" },
	};
	struct vg_conf *c[2] = { 0 };
	struct run r;
	char text[2][2048];

	(void)state;
	two_confs(text, " real_server 127.0.0.%d 80 {\n  HTTP_GET {\n   url {\n    %s\n   }\n"
			"   warmup 0\n   delay_loop 30\n   connect_timeout 1\n  }\n }\n", url);
	run_start(&r, text[0]);
	assert_int_equal(dumped(&r, "Probe targets = "), 4);      /* four destinations */
	assert_int_equal(dumped(&r, "probe parameters kept = "), 2); /* /a once, /b with its Host */
	c[0] = reload(&r, text[1]);
	assert_int_equal(carried(&r), 3); /* the second server's path changed */
	assert_int_equal(dumped(&r, "probe parameters kept = "), 3);
	run_end(&r);
	vg_conf_free(c[0]);
}

/*
 * The failure reasons are kept only for the servers that have one (gen.c
 * chk_rs_why): set, replaced, cleared in any order over a table that grows
 * and shifts entries back on deletion, each server's reason is always the
 * last one set, and a cleared one is gone.
 */
/*
 * A queued probe request is started only while the core's checker waits for
 * it: pending, and the checker's seq is still the request's (an abort, or a
 * newer probe of the same checker, leaves the old request to be skipped).
 */
static void test_request_wanted(void **state)
{
	struct vg_lvs_conf_map map;
	struct vg_lvs_conf_service cs;
	struct vg_lvs_service svc;
	struct vg_lvs_checker chk[2];
	struct chk_ck ck[2], *ckp[1] = { ck };
	struct chk_gen g;

	(void)state;
	memset(&map, 0, sizeof(map));
	memset(&cs, 0, sizeof(cs));
	memset(&svc, 0, sizeof(svc));
	memset(chk, 0, sizeof(chk));
	memset(ck, 0, sizeof(ck));
	memset(&g, 0, sizeof(g));
	cs.cfg.checker_count = 2;
	map.count = 1;
	map.svc = &cs;
	svc.chk = chk;
	g.map = &map;
	g.svc = &svc;
	g.ck = ckp;
	chk[0].seq = 7;
	ck[0].pending = true;
	assert_true(chk_req_wanted(&g, 0, 0, 7));
	assert_false(chk_req_wanted(&g, 0, 0, 6)); /* an older request of the checker */
	chk[0].seq = 8;                             /* the core started another probe */
	assert_false(chk_req_wanted(&g, 0, 0, 7));
	assert_true(chk_req_wanted(&g, 0, 0, 8));
	ck[0].pending = false;                      /* aborted while queued */
	assert_false(chk_req_wanted(&g, 0, 0, 8));
	assert_false(chk_req_wanted(&g, 0, 1, 0));  /* never asked */
	assert_false(chk_req_wanted(&g, 0, 2, 0));  /* no such checker */
	assert_false(chk_req_wanted(&g, 1, 0, 0));  /* no such service */
}

static bool both_checked(struct run *r)
{
	struct vgd_check_rs_status st;

	if (vgd_check_rs_count(&r->d) != 2)
		return false;
	for (size_t i = 0; i < 2; i++)
		if (vgd_check_rs_status(&r->d, i, &st) || !st.has_result)
			return false;
	return true;
}

/* vgc_probe_connect_result: no getsockopt for a socket epoll reports writable alone, the error for
   one it reports with EPOLLERR / EPOLLHUP (engine.c) */
static void test_connect_result(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof(a);
	int lsn = socket(AF_INET, SOCK_STREAM, 0), gone = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t up, down;
	struct vgd_check_rs_status st;
	struct vgd_check_counters n;
	char text[1024];
	struct run r;

	(void)state;
	assert_true(lsn >= 0 && gone >= 0);
	assert_int_equal(bind(lsn, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lsn, 16), 0);
	assert_int_equal(getsockname(lsn, (struct sockaddr *)&a, &l), 0);
	up = ntohs(a.sin_port);
	a.sin_port = 0;
	assert_int_equal(bind(gone, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(gone, (struct sockaddr *)&a, &l), 0);
	down = ntohs(a.sin_port);
	close(gone); /* nothing listens there now: a connection is refused */
	snprintf(text, sizeof(text),
		 "virtual_server 192.0.2.10 80 {\n protocol TCP\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   warmup 0\n   retry 0\n   delay_loop 30\n"
		 "   connect_timeout 2\n  }\n }\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   warmup 0\n   retry 0\n   delay_loop 30\n"
		 "   connect_timeout 2\n  }\n }\n}\n",
		 up, down);
	run_start(&r, text);
	assert_true(run_until(&r, both_checked, 5));
	assert_int_equal(vgd_check_rs_status(&r.d, 0, &st), 0);
	assert_true(st.alive && st.last_ok);
	assert_int_equal(vgd_check_rs_status(&r.d, 1, &st), 0);
	assert_false(st.alive || st.last_ok);
	assert_non_null(strstr(st.why, strerror(ECONNREFUSED)));
	n = vgd_check_counters(&r.d);
	assert_int_equal(n.probes_ok, 1);
	assert_int_equal(n.probes_failed, 1);
	run_end(&r);
	close(lsn);
}

static void test_failure_reasons(void **state)
{
	struct chk_gen *g = calloc(1, sizeof(*g));
	static char shadow[3000][16];
	uint32_t x = 12345;

	(void)state;
	assert_non_null(g);
	memset(shadow, 0, sizeof(shadow));
	for (int step = 0; step < 200000; step++) {
		uint32_t i;

		x = x * 1103515245u + 12345u;
		i = (x >> 8) % 3000;
		if ((x >> 4) % 3 == 0) {
			chk_rs_why(g, i, NULL);
			shadow[i][0] = '\0';
		} else {
			snprintf(shadow[i], sizeof(shadow[i]), "reason %u", (x >> 20) % 7);
			chk_rs_why(g, i, shadow[i]);
		}
		if (step % 997 == 0)
			for (uint32_t k = 0; k < 3000; k++) {
				const char *w = chk_rs_why_of(g, k);

				if (shadow[k][0])
					assert_string_equal(w, shadow[k]);
				else
					assert_null(w);
			}
	}
	for (uint32_t k = 0; k < 3000; k++)
		chk_rs_why(g, k, NULL);
	assert_int_equal(g->why_n, 0);
	free(g->why);
	free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heap),
		cmocka_unit_test(test_shared_and_bound),
		cmocka_unit_test(test_connect_result),
		cmocka_unit_test(test_udp_timeout_before_abort),
		cmocka_unit_test(test_reload_pairs_by_target),
		cmocka_unit_test(test_http_params_shared),
		cmocka_unit_test(test_failure_reasons),
		cmocka_unit_test(test_request_wanted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
