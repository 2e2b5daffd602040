/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the process watcher (procwatch.h): the /proc scan on a
 * made-up /proc (names, command lines, zombies), polling with real
 * processes, and the kernel's process events where they answer (the initial
 * network namespace; skipped elsewhere).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "procwatch.h"
#include "vrrp/track.h"

struct seen {
	int calls;
	bool up[8];
	int32_t value[8];
};

static void on_track(void *ctx, uint8_t kind, uint16_t id, bool up, int32_t value, vg_time now)
{
	struct seen *s = ctx;

	(void)now;
	assert_int_equal(kind, VG_TRACK_PROCESS);
	assert_true(id >= 1 && id < 8);
	s->calls++;
	s->up[id] = up;
	s->value[id] = value;
}

static void on_log(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	(void)prio;
	if (getenv("VGL_TEST_VERBOSE"))
		fprintf(stderr, "# %s\n", msg);
}

/* A configuration with the blocks given (each: words of `process`, then flags). */
static struct vg_conf *conf_with(struct vg_conf *c, struct vg_conf_track_process *items, uint32_t n)
{
	memset(c, 0, sizeof(*c));
	c->track_processes.items = items;
	c->track_processes.count = n;
	return c;
}

static void block(struct vg_conf_track_process *t, const char *name, const char **words, uint32_t n)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->process.items = words;
	t->process.count = n;
	t->quorum = 1;
	t->quorum_max = UINT32_MAX;
	t->weight = 1;
}

static void fake_proc(const char *root, int pid, const char *comm, char state, const char *cmd, size_t cmdlen)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%d/stat", root, pid);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%d (%s) %c 1 %d %d 0 -1\n", pid, comm, state, pid, pid);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%d/cmdline", root, pid);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(cmd, 1, cmdlen, f);
	fclose(f);
}

static void rm_fake(const char *root, int pid)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%d/stat", root, pid);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%d/cmdline", root, pid);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%d", root, pid);
	rmdir(path);
}

/* keepalived.conf(5): the name (comm), exact; parameters compare with the command line; zombies do not
   count; without process events, polling sees a process go and come back */
static void test_scan_fake_proc(void **state)
{
	char root[] = "/tmp/vgd_procwatch_XXXXXX";
	const char *w1[] = { "haproxy" }, *w2[] = { "sleep", "7391.5" };
	struct vg_conf_track_process tp[2];
	struct vg_conf c;
	struct seen s = { 0 };
	struct vgd_procwatch_cb cb = { &s, on_track, on_log };
	struct vgd_procwatch_opts o = { root, true };
	struct vgd_procwatch *w;

	(void)state;
	assert_non_null(mkdtemp(root));
	fake_proc(root, 100, "haproxy", 'S', "/usr/sbin/haproxy\0-f\0x\0", 24);
	fake_proc(root, 101, "haproxy", 'Z', "", 0);        /* a zombie */
	fake_proc(root, 102, "haproxyd", 'S', "haproxyd\0", 9); /* not the name */
	fake_proc(root, 200, "sleep", 'S', "sleep\0007391.5\0", 13);
	fake_proc(root, 201, "sleep", 'S', "sleep\0007391\0", 11);
	block(&tp[0], "hp", w1, 1);
	block(&tp[1], "sl", w2, 2);
	tp[1].quorum = 2;
	w = vgd_procwatch_new(conf_with(&c, tp, 2), NULL, &cb, &o, VG_S(1));
	assert_non_null(w);
	assert_true(vgd_procwatch_polling(w));
	assert_int_equal(s.calls, 2); /* every block reported at start */
	assert_int_equal(vgd_procwatch_count(w, 1), 1);
	assert_true(s.up[1]);
	assert_int_equal(vgd_procwatch_count(w, 2), 1);
	assert_false(s.up[2]); /* quorum 2 */
	/* the next scan is one second later: haproxy gone, a second matching sleep */
	assert_int_equal(vgd_procwatch_next_deadline(w), VG_S(1) + VGD_PROCWATCH_POLL);
	rm_fake(root, 100);
	fake_proc(root, 202, "sleep", 'S', "sleep\0007391.5\0", 13);
	vgd_procwatch_timer(w, VG_S(2) - 1);
	assert_int_equal(s.calls, 2);
	vgd_procwatch_timer(w, VG_S(2));
	assert_false(s.up[1]);
	assert_true(s.up[2]);
	assert_int_equal(s.value[2], 2);
	vgd_procwatch_free(w);
	rm_fake(root, 101);
	rm_fake(root, 102);
	rm_fake(root, 200);
	rm_fake(root, 201);
	rm_fake(root, 202);
	rmdir(root);
}

static pid_t start_sleep(const char *arg)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		execlp("sleep", "sleep", arg, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static vg_time mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (vg_time)ts.tv_sec * 1000000000u + (vg_time)ts.tv_nsec;
}

/* Until the block's count is `want`: events (fd) or polling (timer); false after 5 s. */
static bool wait_count(struct vgd_procwatch *w, uint16_t id, uint32_t want)
{
	vg_time end = mono() + VG_S(5);

	while (mono() < end) {
		struct pollfd p = { vgd_procwatch_fd(w), POLLIN, 0 };

		if (vgd_procwatch_count(w, id) == want)
			return true;
		poll(&p, p.fd >= 0 ? 1 : 0, 50);
		vgd_procwatch_fd_ready(w, mono());
		if (vgd_procwatch_next_deadline(w) <= mono())
			vgd_procwatch_timer(w, mono());
	}
	return vgd_procwatch_count(w, id) == want;
}

static void real_process_comes_and_goes(bool events)
{
	char arg[32];
	const char *words[2] = { "sleep", arg };
	struct vg_conf_track_process tp;
	struct vg_conf c;
	struct seen s = { 0 };
	struct vgd_procwatch_cb cb = { &s, on_track, on_log };
	struct vgd_procwatch_opts o = { NULL, !events };
	struct vgd_procwatch *w;
	pid_t pid;

	snprintf(arg, sizeof(arg), "7391.%d", (int)getpid()); /* unique: no other test's sleep matches */
	block(&tp, "sl", words, 2);
	w = vgd_procwatch_new(conf_with(&c, &tp, 1), NULL, &cb, &o, mono());
	assert_non_null(w);
	if (events && vgd_procwatch_polling(w)) {
		vgd_procwatch_free(w);
		skip(); /* not the initial network namespace: no process events here */
	}
	assert_int_equal(vgd_procwatch_count(w, 1), 0);
	assert_false(s.up[1]);
	pid = start_sleep(arg);
	if (!wait_count(w, 1, 1)) {
		vgd_procwatch_dump(w, stderr);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("sleep %s (pid %d) not counted", arg, (int)pid);
	}
	assert_true(s.up[1]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_true(wait_count(w, 1, 0));
	assert_false(s.up[1]);
	vgd_procwatch_free(w);
}

static void test_polling_real_process(void **state)
{
	(void)state;
	real_process_comes_and_goes(false);
}

static void test_events_real_process(void **state)
{
	(void)state;
	real_process_comes_and_goes(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_fake_proc),
		cmocka_unit_test(test_polling_real_process),
		cmocka_unit_test(test_events_real_process),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
