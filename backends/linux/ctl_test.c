// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the control socket (ctl.c), no root: the command table
 * (dispatch, help, unknown commands, errors, bounded replies) and the
 * protocol on a real socket driven by the event loop in this thread: one
 * request per connection answered `ok`/`error` then closed, the socket
 * created 0600, a client that sends nothing does not hold up the next one,
 * a request too long is refused, connections past the limit are told
 * busy, a stale socket file is replaced and a live one is not taken over.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctl.h"

static int echo(void *ctx, const char *args, vg_time now, struct vgd_buf *out, char *err, size_t errlen)
{
	(void)ctx;
	(void)now;
	if (!strcmp(args, "fail")) {
		snprintf(err, errlen, "asked to fail");
		return -1;
	}
	if (!strcmp(args, "big")) {
		size_t i;

		for (i = 0; i < 100000; i++)
			vgd_buf_printf(out, "0123456789");
		return 0;
	}
	vgd_buf_printf(out, "[%s]\n", args);
	return 0;
}

static const struct vgd_ctl_cmd echo_cmd = { "echo", "echo ARGS", echo, NULL };

static void test_dispatch(void **state)
{
	struct vgd_ctl *c = vgd_ctl_new();
	struct vgd_buf b;

	(void)state;
	assert_int_equal(vgd_ctl_register(c, &echo_cmd), 0);
	assert_int_equal(vgd_ctl_register(c, &echo_cmd), -1); /* a name is registered once */
	vgd_buf_init(&b, 4096);
	vgd_ctl_dispatch(c, "echo a b", 0, &b);
	assert_string_equal(b.p, "ok\n[a b]\n");
	b.len = 0;
	vgd_ctl_dispatch(c, "echo", 0, &b);
	assert_string_equal(b.p, "ok\n[]\n");
	b.len = 0;
	vgd_ctl_dispatch(c, "echo fail", 0, &b);
	assert_string_equal(b.p, "error asked to fail\n");
	b.len = 0;
	vgd_ctl_dispatch(c, "nosuch x", 0, &b);
	assert_string_equal(b.p, "error unknown command 'nosuch' (try 'help')\n");
	b.len = 0;
	vgd_ctl_dispatch(c, "", 0, &b);
	assert_string_equal(b.p, "error empty or unknown command (try 'help')\n");
	b.len = 0;
	vgd_ctl_dispatch(c, "help", 0, &b);
	assert_non_null(strstr(b.p, "ok\nhelp       list the commands\necho       echo ARGS\n"));
	b.len = 0;
	vgd_ctl_dispatch(c, "echo big", 0, &b); /* 1 MB into a 4 KiB reply */
	assert_non_null(strstr(b.p, "error the reply does not fit"));
	vgd_buf_free(&b);
	vgd_ctl_close(c);
}

/* ---- on a socket ---- */

struct fixture {
	char dir[40], path[64];
	struct vgl_loop *loop;
	struct vgd_ctl *ctl;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];

	snprintf(f->dir, sizeof(f->dir), "/tmp/vgctl-test.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/sub/ctl", f->dir); /* its directory is created */
	f->loop = vgl_loop_new(err, sizeof(err));
	assert_non_null(f->loop);
	f->ctl = vgd_ctl_open(f->loop, f->path, err, sizeof(err));
	if (!f->ctl)
		fail_msg("%s", err);
	assert_int_equal(vgd_ctl_register(f->ctl, &echo_cmd), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char sub[160];

	vgd_ctl_close(f->ctl);
	vgl_loop_free(f->loop);
	snprintf(sub, sizeof(sub), "%s/sub", f->dir);
	rmdir(sub);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int client(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Run wake-ups until fd has its whole reply (the server closed), then read it. */
static void reply(struct fixture *f, int fd, char *out, size_t n)
{
	size_t len = 0;
	int i;

	for (i = 0; i < 50; i++) {
		ssize_t r = recv(fd, out + len, n - 1 - len, MSG_DONTWAIT);

		if (r == 0)
			break;
		if (r > 0) {
			len += (size_t)r;
			continue;
		}
		assert_true(errno == EAGAIN);
		vgl_loop_once(f->loop);
	}
	out[len] = 0;
}

static void test_socket_request(void **state)
{
	struct fixture *f = *state;
	struct stat sb;
	char buf[256];
	int fd;

	assert_int_equal(stat(f->path, &sb), 0);
	assert_true(S_ISSOCK(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0600);
	fd = client(f->path);
	assert_int_equal(send(fd, "echo hi\n", 8, 0), 8);
	reply(f, fd, buf, sizeof(buf));
	assert_string_equal(buf, "ok\n[hi]\n");
	close(fd);
	/* a request without its newline, ended by shutting down the write side */
	fd = client(f->path);
	assert_int_equal(send(fd, "echo x", 6, 0), 6);
	shutdown(fd, SHUT_WR);
	reply(f, fd, buf, sizeof(buf));
	assert_string_equal(buf, "ok\n[x]\n");
	close(fd);
	assert_int_equal(vgd_ctl_stats(f->ctl).served, 2);
}

static void test_silent_client_does_not_block(void **state)
{
	struct fixture *f = *state;
	char buf[256];
	int quiet = client(f->path), fd;

	vgl_loop_once(f->loop); /* accepts the quiet one */
	fd = client(f->path);
	assert_int_equal(send(fd, "echo next\n", 10, 0), 10);
	reply(f, fd, buf, sizeof(buf));
	assert_string_equal(buf, "ok\n[next]\n");
	close(fd);
	/* it is closed at its deadline, not before */
	assert_int_equal(vgd_ctl_stats(f->ctl).timed_out, 0);
	assert_true(vgl_loop_next_deadline(f->loop) != VG_TIME_NEVER);
	close(quiet);
}

static void test_too_long_and_busy(void **state)
{
	struct fixture *f = *state;
	char big[VGD_CTL_REQ_MAX + 10], buf[256];
	int fds[VGD_CTL_CONNS_MAX], fd, i;

	memset(big, 'a', sizeof(big));
	fd = client(f->path);
	assert_int_equal(send(fd, big, sizeof(big), 0), (ssize_t)sizeof(big));
	reply(f, fd, buf, sizeof(buf));
	assert_string_equal(buf, "error request longer than 512 bytes\n");
	close(fd);
	for (i = 0; i < VGD_CTL_CONNS_MAX; i++)
		fds[i] = client(f->path);
	vgl_loop_once(f->loop);
	fd = client(f->path);
	reply(f, fd, buf, sizeof(buf));
	assert_string_equal(buf, "error busy: too many control connections\n");
	close(fd);
	for (i = 0; i < VGD_CTL_CONNS_MAX; i++)
		close(fds[i]);
}

static void test_stale_and_live_socket(void **state)
{
	struct fixture *f = *state;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char path[100], err[256];
	struct vgd_ctl *c;
	int fd;

	/* a live socket (ours) is not taken over */
	c = vgd_ctl_open(f->loop, f->path, err, sizeof(err));
	assert_null(c);
	assert_non_null(strstr(err, "in use"));
	/* a socket file nobody listens on is replaced */
	snprintf(path, sizeof(path), "%s/stale", f->dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	c = vgd_ctl_open(f->loop, path, err, sizeof(err));
	if (!c)
		fail_msg("%s", err);
	vgd_ctl_close(c);
	assert_int_equal(access(path, F_OK), -1); /* removed on close */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test_setup_teardown(test_socket_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_silent_client_does_not_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_long_and_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_and_live_socket, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
