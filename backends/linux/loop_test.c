// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the event loop (loop.c) on real descriptors, without root:
 * a descriptor's handler gets its input and the wake-up's `now`; due
 * deadline sources fire earliest first, each once a wake-up; a long wait
 * ends early by the kernel's slack and waits again, so a deadline never
 * fires before its time; the timerfd of the fallback is
 * set again only when the earliest deadline changes; the hold hook drains
 * after the descriptors and before the deadlines, and its window delays the
 * next poll.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "loop.h"

struct rec {
	struct vgl_loop *l;
	char log[64];   /* handler calls in order: 'f' fd, 'a'/'b' deadlines, 'd' drain */
	size_t len;
	vg_time at[8];  /* `now` of each call */
	vg_time due_a, due_b;
	int fd_reads;
	vg_time window, hold_next; /* the hold window set by the next drain */
};

static void note(struct rec *r, char c, vg_time now)
{
	if (r->len < sizeof(r->at) / sizeof(r->at[0]))
		r->at[r->len] = now;
	r->log[r->len++] = c;
}

static void on_fd(void *ctx, int fd, vg_time now)
{
	struct rec *r = ctx;
	char buf[16];

	if (read(fd, buf, sizeof(buf)) > 0)
		r->fd_reads++;
	note(r, 'f', now);
}

static vg_time next_a(void *ctx)
{
	return ((struct rec *)ctx)->due_a;
}

static vg_time next_b(void *ctx)
{
	return ((struct rec *)ctx)->due_b;
}

static void fire_a(void *ctx, vg_time now)
{
	struct rec *r = ctx;

	r->due_a = VG_TIME_NEVER;
	note(r, 'a', now);
}

static void fire_b(void *ctx, vg_time now)
{
	struct rec *r = ctx;

	r->due_b = VG_TIME_NEVER;
	note(r, 'b', now);
}

static void drain(void *ctx, vg_time now)
{
	struct rec *r = ctx;

	note(r, 'd', now);
	r->window = r->hold_next; /* one hold */
	r->hold_next = 0;
}

static vg_time window(void *ctx)
{
	return ((struct rec *)ctx)->window;
}

static struct vgl_loop *new_loop(void)
{
	char err[128];
	struct vgl_loop *l = vgl_loop_new(err, sizeof(err));

	assert_non_null(l);
	return l;
}

/* a readable descriptor calls its handler with the wake-up's `now` */
static void test_fd_handler(void **state)
{
	struct rec r = { .due_a = VG_TIME_NEVER, .due_b = VG_TIME_NEVER };
	struct vgl_loop *l = new_loop();
	int p[2];
	vg_time before;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(vgl_loop_add_fd(l, p[0], on_fd, &r), 0);
	before = vgl_clock_now();
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_true(vgl_loop_once(l));
	assert_int_equal(r.fd_reads, 1);
	assert_string_equal(r.log, "f");
	assert_true(r.at[0] >= before && r.at[0] <= vgl_clock_now());
	/* removed: no longer watched (the write would wake it; the timerfd is disarmed: a deadline ends it) */
	vgl_loop_del_fd(l, p[0]);
	assert_int_equal(write(p[1], "y", 1), 1);
	r.due_a = vgl_clock_now() + VG_MS(5);
	assert_int_equal(vgl_loop_add_deadline(l, next_a, fire_a, &r), 0);
	assert_true(vgl_loop_once(l));
	assert_string_equal(r.log, "fa");
	assert_int_equal(r.fd_reads, 1);
	close(p[0]);
	close(p[1]);
	vgl_loop_free(l);
}

/* both due in one wake-up: the earlier deadline fires first, though registered second */
static void test_deadline_order(void **state)
{
	struct rec r;
	struct vgl_loop *l = new_loop();
	vg_time t0 = vgl_clock_now();

	(void)state;
	memset(&r, 0, sizeof(r));
	r.due_a = t0 + VG_MS(3);
	r.due_b = t0 + VG_MS(2);
	assert_int_equal(vgl_loop_add_deadline(l, next_a, fire_a, &r), 0);
	assert_int_equal(vgl_loop_add_deadline(l, next_b, fire_b, &r), 0);
	assert_int_equal(vgl_loop_next_deadline(l), t0 + VG_MS(2));
	usleep(5000); /* both are past when the loop wakes */
	assert_true(vgl_loop_once(l));
	assert_string_equal(r.log, "ba");
	assert_true(r.at[0] >= t0 + VG_MS(3));
	assert_int_equal(r.at[0], r.at[1]); /* one clock reading per wake-up */
	assert_int_equal(vgl_loop_next_deadline(l), VG_TIME_NEVER);
	{
		/* lag: both fired at least 5 ms after t0, 3 and 2 ms late at least */
		struct vgl_loop_stats s = vgl_loop_stats(l);
		uint64_t n = 0;
		int i;

		for (i = 0; i <= VGL_LOOP_LAG_BUCKETS; i++)
			n += s.lag[i];
		assert_int_equal(s.fired, 2);
		assert_int_equal(n, 2);
		for (i = 0; i < 4; i++) /* the buckets up to 1 ms */
			assert_int_equal(s.lag[i], 0);
		assert_true(s.lag_max_ns >= VG_MS(3));
		assert_true(s.lag_sum_ns >= VG_MS(5));
	}
	vgl_loop_free(l);
}

/* a deadline set in the past ("at once") is late only from the wake-up before it fired */
static void test_lag_of_a_past_deadline(void **state)
{
	struct rec r;
	vg_time before = vgl_clock_now(), after;
	struct vgl_loop *l = new_loop();

	(void)state;
	memset(&r, 0, sizeof(r));
	r.due_a = 1;
	r.due_b = VG_TIME_NEVER;
	assert_int_equal(vgl_loop_add_deadline(l, next_a, fire_a, &r), 0);
	assert_true(vgl_loop_once(l));
	after = vgl_clock_now();
	assert_string_equal(r.log, "a");
	assert_int_equal(vgl_loop_stats(l).fired, 1);
	assert_true(vgl_loop_stats(l).lag_max_ns <= after - before);
	vgl_loop_free(l);
}

/*
 * epoll_pwait2's timeout: a deadline 300 ms away is not fired before its
 * time although the kernel may end the wait up to 300 us late (1/1000 of
 * it): the first wait ends early by that and a second, short one reaches
 * the deadline; nothing else wakes the loop, and no timerfd is set.
 */
static void test_timeout_never_early(void **state)
{
	struct rec r = { .due_b = VG_TIME_NEVER };
	struct vgl_loop *l = new_loop();
	uint64_t wakeups = 0;

	(void)state;
	r.due_a = vgl_clock_now() + VG_MS(300);
	{
		vg_time due = r.due_a;

		assert_int_equal(vgl_loop_add_deadline(l, next_a, fire_a, &r), 0);
		while (!r.len && wakeups < 10) {
			assert_true(vgl_loop_once(l));
			wakeups++;
		}
		assert_string_equal(r.log, "a");
		assert_true(r.at[0] >= due);
	}
	assert_true(wakeups >= 1 && wakeups <= 3);
	assert_int_equal(vgl_loop_stats(l).timed, wakeups);
	assert_int_equal(vgl_loop_stats(l).arms, 0);
	vgl_loop_free(l);
}

/* a wait never ends past its deadline by more than the timer slack, and a short one is exact */
static void test_wait_within_slack(void **state)
{
	const vg_time slack = VG_US(50);

	(void)state;
	static const unsigned divs[] = { 1000, 200 };

	assert_int_equal(vgl_loop_wait_for(VG_MS(30), slack, 1000), VG_MS(30)); /* 30 us: under the slack */
	assert_int_equal(vgl_loop_wait_for(VG_MS(50), slack, 1000), VG_MS(50)); /* 50 us: the slack */
	assert_int_equal(vgl_loop_wait_for(VG_S(1), slack, 1000), VG_S(1) - VG_MS(1) - slack);
	assert_int_equal(vgl_loop_wait_for(VG_MS(5), slack, 200), VG_MS(5));    /* niced: 25 us */
	assert_int_equal(vgl_loop_wait_for(VG_S(1), slack, 200), VG_S(1) - VG_MS(5) - slack);
	assert_int_equal(vgl_loop_wait_for(VG_S(1), slack, 0), VG_S(1));       /* real-time: exact */
	assert_int_equal(vgl_loop_wait_for(0, slack, 1000), 0);
	for (int d = 0; d < 2; d++)
		for (vg_time rel = VG_US(1); rel < VG_S(100); rel = rel * 3 + 7) {
			vg_time w = vgl_loop_wait_for(rel, slack, divs[d]);
			vg_time k = w / divs[d] > slack ? w / divs[d] : slack; /* fs/select.c: the kernel's slack */

			assert_true(w <= rel);
			assert_true(w + k <= rel + slack);
		}
}

/* the fallback's timerfd is set again only when the earliest deadline changes */
static void test_timer_rearmed_on_change(void **state)
{
	struct rec r = { .due_b = VG_TIME_NEVER };
	struct vgl_loop *l = new_loop();
	int p[2], i;

	(void)state;
	assert_int_equal(vgl_loop_use_timerfd(l), 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(vgl_loop_add_fd(l, p[0], on_fd, &r), 0);
	r.due_a = vgl_clock_now() + VG_MS(200);
	assert_int_equal(vgl_loop_add_deadline(l, next_a, fire_a, &r), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(write(p[1], "x", 1), 1);
		assert_true(vgl_loop_once(l));
	}
	assert_int_equal(r.fd_reads, 3);
	assert_int_equal(vgl_loop_stats(l).arms, 1); /* three waits, one setting */
	r.due_a = vgl_clock_now() + VG_MS(2); /* moved: set again */
	assert_true(vgl_loop_once(l));
	assert_int_equal(vgl_loop_stats(l).arms, 2);
	assert_string_equal(r.log, "fffa");
	close(p[0]);
	close(p[1]);
	vgl_loop_free(l);
}

/* the drain runs after the descriptors and before the deadlines; its window delays the next poll */
static void test_hold(void **state)
{
	struct rec r = { .due_b = VG_TIME_NEVER };
	struct vgl_loop_hold h = { drain, window, &r };
	struct vgl_loop *l = new_loop();
	int p[2];
	vg_time t0;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(vgl_loop_add_fd(l, p[0], on_fd, &r), 0);
	assert_int_equal(vgl_loop_add_deadline(l, next_a, fire_a, &r), 0);
	vgl_loop_set_hold(l, &h);
	t0 = vgl_clock_now();
	r.due_a = t0; /* due at once */
	r.hold_next = VG_MS(20);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_true(vgl_loop_once(l));
	assert_string_equal(r.log, "fda");
	/* held: this wake-up sleeps the window instead of waiting for the descriptor */
	assert_true(vgl_loop_once(l));
	assert_string_equal(r.log, "fdad");
	assert_true(r.at[3] >= t0 + VG_MS(20));
	assert_int_equal(vgl_loop_stats(l).holds, 1);
	close(p[0]);
	close(p[1]);
	vgl_loop_free(l);
}

static void stop_fire(void *ctx, vg_time now)
{
	struct rec *r = ctx;

	fire_a(ctx, now);
	vgl_loop_stop(r->l);
}

/* run() fires what is due before it waits, and ends at vgl_loop_stop() */
static void test_run_until_stop(void **state)
{
	struct rec r = { .due_b = VG_TIME_NEVER };
	struct vgl_loop *l = new_loop();

	(void)state;
	r.l = l;
	r.due_a = vgl_clock_now() + VG_MS(1);
	assert_int_equal(vgl_loop_add_deadline(l, next_a, stop_fire, &r), 0);
	vgl_loop_run(l);
	assert_true(vgl_loop_stopped(l));
	assert_string_equal(r.log, "a");
	assert_false(vgl_loop_once(l));
	vgl_loop_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fd_handler),
		cmocka_unit_test(test_deadline_order),
		cmocka_unit_test(test_lag_of_a_past_deadline),
		cmocka_unit_test(test_timeout_never_early),
		cmocka_unit_test(test_wait_within_slack),
		cmocka_unit_test(test_timer_rearmed_on_change),
		cmocka_unit_test(test_hold),
		cmocka_unit_test(test_run_until_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
