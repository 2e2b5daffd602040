// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the persistence templates against the kernel's rules
 * (ip_vs_sched_persist, ip_vs_check_template): stickiness, granularity,
 * expiry with literal times, a quiesced (weight 0) server keeping its
 * clients, a deleted server losing them, controlled connections holding
 * the template, and the bounded table's eviction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lvs/persist.h"

/* rr over A, B, C (d[0] = A: added in reverse, the kernel inserts at the head). */
static struct vg_lvs_sched *rr3(void)
{
	struct vg_lvs_sched *s = malloc(sizeof(*s));
	struct vg_lvs_sched_params p = { .kind = VG_LVS_SCHED_RR };

	assert_non_null(s);
	assert_int_equal(vg_lvs_sched_init(s, &p), 0);
	for (int i = 2; i >= 0; i--) {
		struct vg_lvs_dest d;
		char ip[32];

		memset(&d, 0, sizeof(d));
		d.id = (uint16_t)i;
		snprintf(ip, sizeof(ip), "10.1.0.%d", i + 1);
		assert_int_equal(vg_addr_parse(ip, &d.addr), 0);
		d.port = 80;
		d.weight = 1;
		assert_int_equal(vg_lvs_sched_add_dest(s, &d), 0);
	}
	return s;
}

static void free_sched(struct vg_lvs_sched *s)
{
	vg_lvs_sched_fini(s);
	free(s);
}

static struct vg_lvs_conn conn(const char *src)
{
	struct vg_lvs_conn c;

	memset(&c, 0, sizeof(c));
	assert_int_equal(vg_addr_parse(src, &c.saddr), 0);
	assert_int_equal(vg_addr_parse("192.0.2.1", &c.daddr), 0);
	c.sport = 40000;
	c.dport = 80;
	c.protocol = VG_LVS_PROTO_TCP;
	return c;
}

static uint16_t pick_id(struct vg_lvs_persist *p, struct vg_lvs_sched *s, const char *src, vg_time now,
			bool *reused)
{
	struct vg_lvs_conn c = conn(src);
	int idx = vg_lvs_persist_pick(p, s, &c, now, reused);

	assert_true(idx >= 0);
	return s->d[idx].id;
}

static void test_sticky_and_expiry(void **state)
{
	struct vg_lvs_sched *s = rr3();
	struct vg_lvs_persist p;
	struct vg_addr a;
	bool reused;
	(void)state;

	assert_int_equal(vg_lvs_persist_init(&p, 4, VG_S(50), 0, false), 0);
	assert_int_equal(pick_id(&p, s, "198.51.100.1", VG_S(1), &reused), 0);
	assert_false(reused);
	assert_int_equal(pick_id(&p, s, "198.51.100.2", VG_S(1), &reused), 1);
	/* the same client sticks to A while rr would give C */
	assert_int_equal(pick_id(&p, s, "198.51.100.1", VG_S(2), &reused), 0);
	assert_true(reused);
	/* close both connections of .1 at 3 s: the last use (2 s) + 50 s is the expiry */
	assert_int_equal(vg_addr_parse("198.51.100.1", &a), 0);
	vg_lvs_persist_conn_closed(&p, &a, 0, VG_S(3));
	vg_lvs_persist_conn_closed(&p, &a, 0, VG_S(3));
	assert_non_null(vg_lvs_persist_lookup(&p, &a, VG_S(52) - 1));
	assert_null(vg_lvs_persist_lookup(&p, &a, VG_S(52)));
	/* expired: scheduled afresh (rr continues at C) */
	assert_int_equal(pick_id(&p, s, "198.51.100.1", VG_S(52), &reused), 2);
	assert_false(reused);
	assert_int_equal(p.created, 3);
	assert_int_equal(p.reused, 1);
	vg_lvs_persist_fini(&p);
	free_sched(s);
}

static void test_controlled_connection_holds_template(void **state)
{
	struct vg_lvs_sched *s = rr3();
	struct vg_lvs_persist p;
	struct vg_addr a;
	bool reused;
	(void)state;

	assert_int_equal(vg_lvs_persist_init(&p, 4, VG_S(10), 0, false), 0);
	assert_int_equal(pick_id(&p, s, "198.51.100.1", 0, &reused), 0);
	assert_int_equal(vg_addr_parse("198.51.100.1", &a), 0);
	/* the connection is open past 10 s: the timer is re-armed at 10 s, 20 s, ... */
	assert_non_null(vg_lvs_persist_lookup(&p, &a, VG_S(25)));
	vg_lvs_persist_conn_closed(&p, &a, 0, VG_S(25));
	/* the timer re-armed at 20 s fires at 30 s */
	assert_non_null(vg_lvs_persist_lookup(&p, &a, VG_S(30) - 1));
	assert_null(vg_lvs_persist_lookup(&p, &a, VG_S(30)));
	vg_lvs_persist_fini(&p);
	free_sched(s);
}

static void test_granularity(void **state)
{
	struct vg_lvs_sched *s = rr3();
	struct vg_lvs_persist p;
	struct vg_addr a, k;
	char buf[VG_ADDR_STRLEN];
	bool reused;
	(void)state;

	assert_int_equal(vg_lvs_persist_init(&p, 4, VG_S(50), 24, false), 0);
	assert_int_equal(vg_addr_parse("198.51.100.77", &a), 0);
	k = vg_lvs_persist_key(&p, &a);
	assert_string_equal(vg_addr_format(&k, buf, sizeof(buf)), "198.51.100.0");
	assert_int_equal(pick_id(&p, s, "198.51.100.1", 0, &reused), 0);
	/* another host of the same /24 shares the template */
	assert_int_equal(pick_id(&p, s, "198.51.100.200", VG_S(1), &reused), 0);
	assert_true(reused);
	/* another /24 does not */
	assert_int_equal(pick_id(&p, s, "198.51.101.1", VG_S(1), &reused), 1);
	assert_false(reused);
	vg_lvs_persist_fini(&p);
	free_sched(s);
}

static void test_quiesced_server_keeps_clients(void **state)
{
	struct vg_lvs_sched *s = rr3();
	struct vg_lvs_persist p;
	bool reused;
	(void)state;

	assert_int_equal(vg_lvs_persist_init(&p, 4, VG_S(50), 0, false), 0);
	assert_int_equal(pick_id(&p, s, "198.51.100.1", 0, &reused), 0);
	/* inhibit_on_failure: A goes to weight 0 but stays in the list */
	assert_int_equal(vg_lvs_sched_edit_dest(s, 0, 0, 0, 0), 0);
	assert_int_equal(pick_id(&p, s, "198.51.100.1", VG_S(1), &reused), 0);
	assert_true(reused);
	/* a new client is not scheduled to A */
	assert_int_not_equal(pick_id(&p, s, "198.51.100.9", VG_S(1), &reused), 0);
	vg_lvs_persist_fini(&p);

	/* expire_quiescent_template: the template of a weight-0 server is invalid */
	assert_int_equal(vg_lvs_persist_init(&p, 4, VG_S(50), 0, true), 0);
	assert_int_equal(vg_lvs_sched_edit_dest(s, 0, 1, 0, 0), 0);
	assert_int_equal(pick_id(&p, s, "198.51.100.1", VG_S(2), &reused), 2);
	assert_int_equal(vg_lvs_sched_edit_dest(s, 2, 0, 0, 0), 0);
	assert_int_not_equal(pick_id(&p, s, "198.51.100.1", VG_S(3), &reused), 2);
	assert_false(reused);
	assert_int_equal(p.invalidated, 1);
	vg_lvs_persist_fini(&p);
	free_sched(s);
}

static void test_deleted_server_loses_clients(void **state)
{
	struct vg_lvs_sched *s = rr3();
	struct vg_lvs_persist p;
	bool reused;
	(void)state;

	assert_int_equal(vg_lvs_persist_init(&p, 4, VG_S(50), 0, false), 0);
	assert_int_equal(pick_id(&p, s, "198.51.100.1", 0, &reused), 0);
	assert_int_equal(vg_lvs_sched_del_dest(s, 0), 0);
	assert_int_not_equal(pick_id(&p, s, "198.51.100.1", VG_S(1), &reused), 0);
	assert_false(reused);
	assert_int_equal(p.invalidated, 1);
	vg_lvs_persist_fini(&p);
	free_sched(s);
}

static void test_bounded_eviction(void **state)
{
	struct vg_lvs_sched *s = rr3();
	struct vg_lvs_persist p;
	bool reused;
	(void)state;

	/* 2 buckets x 8 ways: 40 clients cannot all keep a template */
	assert_int_equal(vg_lvs_persist_init(&p, 1, VG_S(50), 0, false), 0);
	for (int i = 0; i < 40; i++) {
		char ip[32];

		snprintf(ip, sizeof(ip), "198.51.100.%d", i + 1);
		pick_id(&p, s, ip, VG_S(1) + (vg_time)i, &reused);
	}
	assert_int_equal(p.created, 40);
	assert_true(p.evicted >= 40 - 2 * VG_LVS_PERSIST_WAYS);
	vg_lvs_persist_fini(&p);
	assert_int_equal(vg_lvs_persist_init(&p, 0, VG_S(1), 0, false), VG_LVS_EINVAL);
	assert_int_equal(vg_lvs_persist_init(&p, 4, 0, 0, false), VG_LVS_EINVAL);
	free_sched(s);
}

static void test_no_destination(void **state)
{
	struct vg_lvs_sched *s = rr3();
	struct vg_lvs_persist p;
	struct vg_lvs_conn c = conn("198.51.100.1");
	bool reused;
	(void)state;

	assert_int_equal(vg_lvs_persist_init(&p, 4, VG_S(50), 0, false), 0);
	for (uint16_t i = 0; i < 3; i++)
		assert_int_equal(vg_lvs_sched_del_dest(s, i), 0);
	assert_int_equal(vg_lvs_persist_pick(&p, s, &c, 0, &reused), VG_LVS_ENODEST);
	assert_int_equal(p.created, 0);
	vg_lvs_persist_fini(&p);
	free_sched(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sticky_and_expiry),
		cmocka_unit_test(test_controlled_connection_holds_template),
		cmocka_unit_test(test_granularity),
		cmocka_unit_test(test_quiesced_server_keeps_clients),
		cmocka_unit_test(test_deleted_server_loses_clients),
		cmocka_unit_test(test_bounded_eviction),
		cmocka_unit_test(test_no_destination),
	};

	return cmocka_run_group_tests_name("lvs/persist", tests, NULL, NULL);
}
