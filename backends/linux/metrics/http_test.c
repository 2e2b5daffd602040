/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the metrics HTTP server on a real event loop, over a Unix
 * socket (no root, no network): the answers (RFC 9110 15: 200, 400, 404,
 * 405, 431, 503), the bounds (connections, head size, the deadline) and an
 * answer larger than the socket buffer written without blocking the loop.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "http.h"

struct page {
	unsigned samples;
	unsigned renders;
};

static void render(void *ctx, struct vgd_expo *w)
{
	struct page *p = ctx;
	unsigned i;

	p->renders++;
	vgd_expo_family(w, "vigil_test_value", VGD_EXPO_GAUGE, "A test value.");
	for (i = 0; i < p->samples; i++) {
		char v[16];
		const struct vgd_label l[] = { { "i", v } };

		snprintf(v, sizeof(v), "%u", i);
		vgd_expo_u64(w, l, 1, i);
	}
}

struct fixture {
	struct vgl_loop *loop;
	struct vgd_http h;
	struct page page;
	struct sockaddr_un sun;
	socklen_t slen;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[128];
	int lfd;

	f->loop = vgl_loop_new(err, sizeof(err));
	assert_non_null(f->loop);
	f->sun.sun_family = AF_UNIX;
	/* abstract name: no file to clean up */
	f->slen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			      (size_t)snprintf(f->sun.sun_path + 1, sizeof(f->sun.sun_path) - 1, "vgd-http-test-%d",
					       (int)getpid()));
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&f->sun, f->slen), 0);
	assert_int_equal(listen(lfd, 16), 0);
	f->page.samples = 2;
	vgd_http_init(&f->h, lfd, render, &f->page);
	assert_int_equal(vgd_http_start(&f->h, f->loop), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vgd_http_close(&f->h);
	vgl_loop_free(f->loop);
	free(f);
	return 0;
}

static int client(struct fixture *f)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&f->sun, f->slen), 0);
	return fd;
}

static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

/* Run wake-ups until the client has its whole answer (EOF); returns it (malloc'ed). */
static char *answer(struct fixture *f, int fd, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	int guard;

	for (guard = 0; guard < 100000; guard++) {
		ssize_t k;

		if (!readable(fd)) {
			assert_true(vgl_loop_once(f->loop));
			continue;
		}
		if (n + 4096 > cap)
			buf = realloc(buf, cap *= 2);
		k = recv(fd, buf + n, cap - n - 1, MSG_DONTWAIT);
		if (k == 0)
			break;
		if (k < 0)
			assert_int_equal(errno, EAGAIN);
		else
			n += (size_t)k;
	}
	buf[n] = 0;
	*len = n;
	close(fd);
	return buf;
}

static char *ask(struct fixture *f, const char *req)
{
	int fd = client(f);
	size_t n;

	assert_int_equal(send(fd, req, strlen(req), 0), (ssize_t)strlen(req));
	return answer(f, fd, &n);
}

/* Read the whole answer on fd and check it holds `want` and, unless NULL, `also`. */
static void expect_on(struct fixture *f, int fd, const char *want, const char *also)
{
	size_t n;
	char *a = answer(f, fd, &n);

	assert_non_null(strstr(a, want));
	if (also)
		assert_non_null(strstr(a, also));
	free(a);
}

/* Send `req` on a new connection and check the answer as expect_on() does. */
static void expect(struct fixture *f, const char *req, const char *want, const char *also)
{
	int fd = client(f);

	assert_int_equal(send(fd, req, strlen(req), 0), (ssize_t)strlen(req));
	expect_on(f, fd, want, also);
}

static void test_get_metrics(void **state)
{
	struct fixture *f = *state;
	char *a = ask(f, "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");

	assert_non_null(strstr(a, "HTTP/1.1 200 OK\r\n"));
	assert_non_null(strstr(a, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
	assert_non_null(strstr(a, "Connection: close\r\n"));
	assert_non_null(strstr(a, "\r\n\r\n# HELP vigil_test_value A test value.\n# TYPE vigil_test_value gauge\n"
				  "vigil_test_value{i=\"0\"} 0\nvigil_test_value{i=\"1\"} 1\n"));
	assert_int_equal(f->h.n.responses[VGD_HTTP_200], 1);
	free(a);
	/* a query string is ignored; bare LF line ends are accepted (RFC 9112 2.2) */
	expect(f, "GET /metrics?x=1 HTTP/1.0\n\n", "HTTP/1.1 200 OK\r\n", NULL);
	/* HEAD: the fields only */
	a = ask(f, "HEAD /metrics HTTP/1.1\r\n\r\n");
	assert_non_null(strstr(a, "HTTP/1.1 200 OK\r\n"));
	assert_null(strstr(a, "# HELP"));
	free(a);
	assert_int_equal(f->page.renders, 3);
}

static void test_errors(void **state)
{
	static const struct {
		const char *req, *want, *also;
	} cases[] = {
		{ "GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 404 Not Found\r\n", NULL },
		{ "GET /metricsx HTTP/1.1\r\n\r\n", "HTTP/1.1 404 ", NULL },
		{ "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 Method Not Allowed\r\n",
		  "Allow: GET, HEAD\r\n" },
		{ "DELETE /metrics HTTP/1.1\r\n\r\n", "HTTP/1.1 405 ", NULL },
		{ "garbage\r\n\r\n", "HTTP/1.1 400 ", NULL },
		{ "GET /metrics SPDY/3\r\n\r\n", "HTTP/1.1 400 ", NULL },
		{ "G(T /metrics HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ", NULL },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect(f, cases[i].req, cases[i].want, cases[i].also);
	assert_int_equal(f->page.renders, 0);
}

/* a head that never ends within VGD_HTTP_REQ_MAX bytes: 431, and the connection is closed */
static void test_oversized_head(void **state)
{
	struct fixture *f = *state;
	int fd = client(f);
	char junk[VGD_HTTP_REQ_MAX + 100];

	memset(junk, 'a', sizeof(junk));
	memcpy(junk, "GET /metrics HTTP/1.1\r\nX: ", 26);
	assert_int_equal(send(fd, junk, sizeof(junk), 0), (ssize_t)sizeof(junk));
	expect_on(f, fd, "HTTP/1.1 431 ", NULL);
}

/* a client that connects and says nothing is closed at its deadline, not waited for */
static void test_slow_client_deadline(void **state)
{
	struct fixture *f = *state;
	int fd = client(f);
	vg_time t;
	char c;

	assert_int_equal(send(fd, "GET /met", 8, 0), 8);
	while (f->h.c[0].rlen < 8)
		assert_true(vgl_loop_once(f->loop));
	t = vgd_http_next(&f->h);
	assert_true(t != VG_TIME_NEVER);
	vgd_http_fire(&f->h, t - 1);
	assert_int_equal(f->h.n.timeouts, 0);
	vgd_http_fire(&f->h, t);
	assert_int_equal(f->h.n.timeouts, 1);
	assert_int_equal(vgd_http_next(&f->h), VG_TIME_NEVER);
	assert_int_equal(recv(fd, &c, 1, 0), 0); /* closed */
	close(fd);
}

/* at most VGD_HTTP_CLIENTS_MAX connections: the next one gets 503 at once */
static void test_connection_limit(void **state)
{
	struct fixture *f = *state;
	int fds[VGD_HTTP_CLIENTS_MAX], i;

	for (i = 0; i < VGD_HTTP_CLIENTS_MAX; i++)
		fds[i] = client(f);
	while (f->h.n.accepted < VGD_HTTP_CLIENTS_MAX)
		assert_true(vgl_loop_once(f->loop));
	expect_on(f, client(f), "HTTP/1.1 503 ", NULL);
	/* the held ones still work */
	assert_int_equal(send(fds[0], "GET /metrics HTTP/1.1\r\n\r\n", 25, 0), 25);
	expect_on(f, fds[0], "HTTP/1.1 200 ", NULL);
	for (i = 1; i < VGD_HTTP_CLIENTS_MAX; i++)
		close(fds[i]);
}

/* a page far larger than the socket buffer: each wake-up writes what fits and returns */
static void test_large_page_nonblocking(void **state)
{
	struct fixture *f = *state;
	int fd = client(f);
	size_t n;
	char *a;

	f->page.samples = 200000; /* ~6 MB */
	assert_int_equal(send(fd, "GET /metrics HTTP/1.1\r\n\r\n", 25, 0), 25);
	a = answer(f, fd, &n);
	assert_true(n > 4000000);
	assert_non_null(strstr(a, "vigil_test_value{i=\"199999\"} 199999\n"));
	free(a);
}

/* a page past its limit is a 500, never a truncated page */
static void test_page_limit(void **state)
{
	struct fixture *f = *state;

	f->h.page_max = 100;
	expect(f, "GET /metrics HTTP/1.1\r\n\r\n", "HTTP/1.1 500 ", NULL);
}

static void test_parse_addr(void **state)
{
	static const struct {
		const char *addr;
		int rc;
		int family; /* of an accepted address, 0: not checked */
	} cases[] = {
		{ "192.0.2.1:9650", 0, AF_INET },
		{ "[2001:db8::1]:9650", 0, AF_INET6 },
		{ "[::]:1", 0, 0 },
		{ "0.0.0.0:65535", 0, 0 },
		{ "2001:db8::1:9650", -1, 0 },
		{ "192.0.2.1", -1, 0 },
		{ "192.0.2.1:0", -1, 0 },
		{ "192.0.2.1:65536", -1, 0 },
		{ "192.0.2.1:80x", -1, 0 },
		{ "host:80", -1, 0 },
		{ "[2001:db8::1]9650", -1, 0 },
		{ ":80", -1, 0 },
	};
	struct sockaddr_storage ss;
	socklen_t len;
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(vgd_http_parse_addr(cases[i].addr, &ss, &len, err, sizeof(err)), cases[i].rc);
		if (cases[i].family)
			assert_int_equal(ss.ss_family, cases[i].family);
	}
	/* an IPv6 address needs its brackets: the error says the form */
	assert_int_equal(vgd_http_parse_addr("2001:db8::1:9650", &ss, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "[ADDR]:PORT"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_metrics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_client_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connection_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_page_nonblocking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_limit, setup, teardown),
		cmocka_unit_test(test_parse_addr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
