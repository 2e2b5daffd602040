// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the reload diff (core/node/reload.c), with literal times:
 * what carries over, what stops and starts, which notify a removed instance
 * sends, and that a carried Master keeps its timers.
 */
#define _DEFAULT_SOURCE
#include <fnmatch.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>

#include "conf/testutil.h"
#include "node/reload.h"
#include "vrrp/testutil.h"

/* VI_1 alone, priority 150; VI_2 and VI_3 in sync group G, priority 100. */
#define VI_1(prio, extra)                                                                                      \
	"vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n    priority " prio "\n" extra      \
	"    virtual_ipaddress {\n        192.0.2.1/24\n    }\n}\n"
#define VI_2 "vrrp_instance VI_2 {\n    interface eth1\n    virtual_router_id 2\n"                              \
	     "    virtual_ipaddress {\n        192.0.2.2/24\n    }\n}\n"
#define VI_3 "vrrp_instance VI_3 {\n    interface eth1\n    virtual_router_id 3\n"                              \
	     "    virtual_ipaddress {\n        192.0.2.3/24\n    }\n}\n"
#define GROUP_G "vrrp_sync_group G {\n    group {\n        VI_2\n        VI_3\n    }\n}\n"

static const char BASE[] = GROUP_G VI_1("150", "") VI_2 VI_3;

/* RFC 5798 6.4.1/6.4.2 with advert_int 1: Master_Down_Interval = 3 s + (256 - 150) / 256 s */
#define VI_1_MASTER_AT 3414062500ull
#define VI_1_ADVER_AT (VI_1_MASTER_AT + 1000000000ull) /* RFC 5798 6.4.3: Adver_Timer = Advertisement_Interval */
#define G_MASTER_AT 3609375000ull /* G's members: 3 s + (256 - 100) / 256 s */
#define RELOAD_AT 3500000000ull

struct side {
	struct parsed p;
	struct vg_node n;
};

static void side_build(struct side *s, const char *text)
{
	parse_text(&s->p, text);
	assert_int_equal(s->p.rc, 0);
	assert_int_equal(vg_node_build(s->p.conf, &s->n, &s->p.diags), 0);
}

static void side_free(struct side *s)
{
	vg_node_free(&s->n);
	parsed_free(&s->p);
}

static void drive(struct vg_node *n, vg_time now, enum vg_vrrp_event_kind kind, struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = kind };

	tu_out_init(o);
	vg_router_input(&n->router, now, &ev, &o->a);
}

/* The old node, started at 0 and run until VI_1 is Master; G's members stay Backup. */
static void old_running(struct side *s, const char *text)
{
	struct tu_out o;

	side_build(s, text);
	drive(&s->n, 0, VG_EV_STARTUP, &o);
	drive(&s->n, VI_1_MASTER_AT - 1, VG_EV_TIMER, &o);
	assert_int_equal(s->n.inst[0].state, VG_STATE_BACKUP);
	drive(&s->n, VI_1_MASTER_AT, VG_EV_TIMER, &o);
	assert_int_equal(s->n.inst[0].state, VG_STATE_MASTER);
	assert_int_equal(s->n.inst[0].adver_timer, VI_1_ADVER_AT);
	if (s->n.plan.group_count > 0) {
		assert_int_equal(s->n.inst[1].state, VG_STATE_BACKUP);
		assert_int_equal(s->n.inst[1].master_down_timer, G_MASTER_AT);
		assert_int_equal(s->n.plan.groups[0].state, VG_STATE_BACKUP);
	}
}

/* Stop every old instance that does not carry over, all effects into o. */
static uint16_t stop_all(struct vg_reload *d, struct vg_node *old, vg_time now, struct tu_out *o)
{
	uint16_t i, n = 0;

	tu_out_init(o);
	for (i = 0; i < old->plan.inst_count; i++)
		n += vg_reload_stop(d, old, i, now, &o->a);
	assert_int_equal(o->a.lost, 0);
	return n;
}

static size_t count_of(const struct tu_out *o, enum vg_action_kind kind, uint16_t inst)
{
	size_t i, n = 0;

	for (i = 0; i < o->a.len; i++)
		n += o->v[i].kind == kind && !o->v[i].group && o->v[i].instance == inst;
	return n;
}

static const struct vg_action *notify_of(const struct tu_out *o, uint16_t inst)
{
	size_t i;

	for (i = 0; i < o->a.len; i++)
		if (o->v[i].kind == VG_ACT_NOTIFY && !o->v[i].group && o->v[i].instance == inst)
			return &o->v[i];
	return NULL;
}

/* The same file again: everything carries over, nothing is emitted, timers stay. */
static void test_unchanged_carries_everything(void **state)
{
	struct side old, new;
	struct vg_reload d;
	struct tu_out o;
	uint16_t i;

	(void)state;
	old_running(&old, BASE);
	side_build(&new, BASE);
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	assert_int_equal(d.carried, 3);
	assert_int_equal(d.stopped, 0);
	assert_int_equal(d.started, 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(d.to[i], i);
		assert_int_equal(d.from[i], i);
		assert_int_equal(d.fate[i], VG_RELOAD_CARRIED);
	}
	assert_int_equal(d.group_from[0], 0);
	assert_int_equal(d.group_to[0], 0);
	assert_int_equal(stop_all(&d, &old.n, RELOAD_AT, &o), 0);
	assert_int_equal(o.a.len, 0);
	vg_reload_carry(&d, &old.n, &new.n);
	assert_int_equal(new.n.inst[0].state, VG_STATE_MASTER);
	assert_ptr_equal(new.n.inst[0].cfg, &new.n.plan.cfg[0]);
	assert_int_equal(new.n.inst[1].state, VG_STATE_BACKUP);
	assert_int_equal(new.n.plan.groups[0].state, VG_STATE_BACKUP);
	/* the carried Master keeps its Adver_Timer deadline: deadline - 1 nothing, deadline an advert */
	assert_int_equal(new.n.inst[0].adver_timer, VI_1_ADVER_AT);
	/* and the carried Backups their Master_Down_Timer: G goes Master at its time, not later */
	assert_int_equal(new.n.inst[1].master_down_timer, G_MASTER_AT);
	assert_int_equal(vg_router_next_deadline(&new.n.router), G_MASTER_AT);
	drive(&new.n, G_MASTER_AT - 1, VG_EV_TIMER, &o);
	assert_int_equal(o.a.len, 0);
	drive(&new.n, G_MASTER_AT, VG_EV_TIMER, &o);
	assert_int_equal(new.n.inst[1].state, VG_STATE_MASTER);
	assert_int_equal(new.n.inst[2].state, VG_STATE_MASTER);
	assert_int_equal(count_of(&o, VG_ACT_SEND_ADVERT, 0), 0);
	drive(&new.n, VI_1_ADVER_AT - 1, VG_EV_TIMER, &o);
	assert_int_equal(count_of(&o, VG_ACT_SEND_ADVERT, 0), 0);
	drive(&new.n, VI_1_ADVER_AT, VG_EV_TIMER, &o);
	assert_int_equal(count_of(&o, VG_ACT_SEND_ADVERT, 0), 1);
	assert_int_equal(count_of(&o, VG_ACT_STATE, 0), 0);
	assert_int_equal(new.n.inst[0].adver_timer, VI_1_ADVER_AT + 1000000000ull);
	vg_reload_free(&d);
	side_free(&old);
	side_free(&new);
}

/* A new priority for VI_1: exactly VI_1 stops (priority 0, its VIPs, notify STOP) and starts. */
static void test_priority_change_restarts_one(void **state)
{
	struct side old, new;
	struct vg_reload d;
	struct tu_out o;
	const struct vg_action *a;

	(void)state;
	old_running(&old, BASE);
	side_build(&new, GROUP_G VI_1("120", "") VI_2 VI_3);
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	assert_int_equal(d.carried, 2);
	assert_int_equal(d.stopped, 1);
	assert_int_equal(d.started, 1);
	assert_int_equal(d.fate[0], VG_RELOAD_CHANGED);
	assert_int_equal(d.to[0], -1);
	assert_int_equal(d.from[0], -1);
	assert_int_equal(d.from[1], 1);
	assert_int_equal(d.from[2], 2);
	assert_int_equal(stop_all(&d, &old.n, RELOAD_AT, &o), 1);
	/* RFC 5798 6.4.3 Shutdown of a Master: an advert of priority 0, the VIPs go */
	a = tu_find(&o, VG_ACT_SEND_ADVERT);
	assert_non_null(a);
	assert_int_equal(a->u.advert.priority, 0);
	assert_int_equal(tu_count(&o, VG_ACT_DEL_VIPS), 1);
	a = notify_of(&o, 0);
	assert_non_null(a);
	assert_int_equal(a->u.notify.what, VG_NOTIFY_STOP); /* still in the file: STOP */
	assert_int_equal(old.n.inst[0].state, VG_STATE_INIT);
	vg_reload_carry(&d, &old.n, &new.n);
	assert_int_equal(new.n.inst[0].state, VG_STATE_INIT); /* the caller starts it */
	assert_int_equal(new.n.inst[1].state, VG_STATE_BACKUP);
	assert_int_equal(new.n.inst[2].state, VG_STATE_BACKUP);
	vg_reload_free(&d);
	side_free(&old);
	side_free(&new);
}

/* VI_1 left the file: its STOP notify becomes FAULT, or DELETED with notify_deleted. */
static void removed(const char *old_text, uint8_t what)
{
	struct side old, new;
	struct vg_reload d;
	struct tu_out o;
	const struct vg_action *a;
	size_t k;

	old_running(&old, old_text);
	side_build(&new, GROUP_G VI_2 VI_3);
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	assert_int_equal(d.fate[0], VG_RELOAD_REMOVED);
	assert_int_equal(d.to[0], -1);
	assert_int_equal(d.to[1], 0); /* the old ids move down */
	assert_int_equal(d.to[2], 1);
	assert_int_equal(d.from[0], 1);
	assert_int_equal(d.from[1], 2);
	assert_int_equal(d.carried, 2);
	assert_int_equal(d.started, 0);
	assert_int_equal(stop_all(&d, &old.n, RELOAD_AT, &o), 1);
	a = notify_of(&o, 0);
	assert_non_null(a);
	assert_int_equal(a->u.notify.what, what);
	assert_int_equal(a->u.notify.priority, 150);
	for (k = 0; k < o.a.len; k++)
		assert_false(o.v[k].kind == VG_ACT_NOTIFY && o.v[k].u.notify.what == VG_NOTIFY_STOP);
	assert_int_equal(tu_count(&o, VG_ACT_DEL_VIPS), 1);
	vg_reload_carry(&d, &old.n, &new.n);
	assert_int_equal(new.n.inst[0].state, VG_STATE_BACKUP);
	assert_string_equal(new.n.inst[0].cfg->name, "VI_2");
	assert_int_equal(new.n.inst[0].cfg->id, 0);
	vg_reload_free(&d);
	side_free(&old);
	side_free(&new);
}

static void test_removed_sends_fault(void **state)
{
	(void)state;
	/* keepalived.conf(5) notify_deleted: "rather than the default FAULT" */
	removed(BASE, VG_NOTIFY_FAULT);
}

static void test_removed_sends_deleted(void **state)
{
	(void)state;
	removed(GROUP_G VI_1("150", "    notify_deleted\n") VI_2 VI_3, VG_NOTIFY_DELETED);
}

/* G loses VI_3: both members restart though VI_2's own block did not change. */
static void test_changed_group_restarts_members(void **state)
{
	struct side old, new;
	struct vg_reload d;
	struct tu_out o;

	(void)state;
	old_running(&old, BASE);
	side_build(&new, "vrrp_sync_group G {\n    group {\n        VI_2\n    }\n}\n" VI_1("150", "") VI_2 VI_3);
	assert_true(vg_reload_same_instance(&old.n, 1, &new.n, 1)); /* VI_2 alone would carry */
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	assert_int_equal(d.fate[0], VG_RELOAD_CARRIED);
	assert_int_equal(d.fate[1], VG_RELOAD_CHANGED);
	assert_int_equal(d.fate[2], VG_RELOAD_CHANGED);
	assert_int_equal(d.group_from[0], -1);
	assert_int_equal(d.group_to[0], -1);
	assert_int_equal(d.carried, 1);
	assert_int_equal(d.started, 2);
	assert_int_equal(stop_all(&d, &old.n, RELOAD_AT, &o), 2);
	assert_non_null(notify_of(&o, 1));
	assert_non_null(notify_of(&o, 2));
	assert_null(notify_of(&o, 0));
	vg_reload_carry(&d, &old.n, &new.n);
	assert_int_equal(new.n.inst[0].state, VG_STATE_MASTER);
	assert_int_equal(new.n.inst[1].state, VG_STATE_INIT);
	assert_int_equal(new.n.plan.groups[0].state, VG_STATE_INIT);
	vg_reload_free(&d);
	side_free(&old);
	side_free(&new);
}

/* Tracked objects compare by name: a script added before VI_1's shifts its id, VI_1 carries. */
static void test_tracks_by_name(void **state)
{
	static const char SCRIPT_A[] = "vrrp_script chk_a {\n    script \"/bin/true\"\n    weight -10\n}\n";
	static const char SCRIPT_Z[] = "vrrp_script chk_z {\n    script \"/bin/true\"\n    weight -10\n}\n";
	char old_text[2048], new_text[2048], other[2048];
	struct side old, new;
	struct vg_reload d;

	(void)state;
	snprintf(old_text, sizeof(old_text), "%s%s", SCRIPT_A, VI_1("150", "    track_script {\n        chk_a\n    }\n"));
	snprintf(new_text, sizeof(new_text), "%s%s%s", SCRIPT_Z, SCRIPT_A,
		 VI_1("150", "    track_script {\n        chk_a\n    }\n"));
	old_running(&old, old_text);
	side_build(&new, new_text);
	assert_int_equal(old.n.plan.cfg[0].tracks[0].id, 1);
	assert_int_equal(new.n.plan.cfg[0].tracks[0].id, 2);
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	assert_int_equal(d.fate[0], VG_RELOAD_CARRIED);
	vg_reload_carry(&d, &old.n, &new.n);
	assert_ptr_equal(new.n.inst[0].track.ref, new.n.plan.cfg[0].tracks);
	assert_int_equal(new.n.inst[0].track.ref[0].id, 2);
	vg_reload_free(&d);
	side_free(&new);

	/* tracking another script (same id 1, another name) is a change */
	snprintf(other, sizeof(other), "%s%s", SCRIPT_Z, VI_1("150", "    track_script {\n        chk_z\n    }\n"));
	side_build(&new, other);
	assert_int_equal(new.n.plan.cfg[0].tracks[0].id, 1);
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	assert_int_equal(d.fate[0], VG_RELOAD_CHANGED);
	vg_reload_free(&d);
	side_free(&new);
	side_free(&old);
}

/* An old node that never started (vrrp_startup_delay) carries nothing. */
static void test_not_started_carries_nothing(void **state)
{
	struct side old, new;
	struct vg_reload d;
	struct tu_out o;

	(void)state;
	side_build(&old, BASE);
	side_build(&new, BASE);
	assert_int_equal(vg_reload_diff(&old.n, false, &new.n, &d), 0);
	assert_int_equal(d.carried, 0);
	assert_int_equal(d.stopped, 3);
	assert_int_equal(d.started, 3);
	/* stopping instances still in Initialize emits nothing */
	assert_int_equal(stop_all(&d, &old.n, 0, &o), 3);
	assert_int_equal(o.a.len, 0);
	vg_reload_free(&d);
	side_free(&old);
	side_free(&new);
}

/*
 * A name written twice: the parser keeps the first block and skips the second, as keepalived
 * 2.2.7 does ("vrrp instance VI_1 already defined"); the reload carries the one instance.
 */
static void test_repeated_name_pairs_in_order(void **state)
{
	static const char TWICE[] = VI_1("150", "") "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 9\n"
				    "    virtual_ipaddress {\n        192.0.2.9/24\n    }\n}\n";
	struct side old, new;
	struct vg_reload d;

	(void)state;
	old_running(&old, TWICE);
	side_build(&new, TWICE);
	assert_int_equal(new.n.plan.inst_count, 1);
	assert_int_not_equal(new.n.plan.cfg[0].vrid, 9);
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	assert_int_equal(d.from[0], 0);
	assert_int_equal(d.carried, 1);
	assert_int_equal(d.stopped, 0);
	vg_reload_free(&d);
	side_free(&new);
	side_free(&old);
}

/*
 * static_ipaddress / static_routes / static_rules on reload: only the
 * difference. keepalived 2.2.7, observed (ip monitor during SIGHUP): of two
 * addresses, routes and rules, the one of each the new file changed was
 * deleted and its replacement added; the unchanged ones were not touched.
 */
static void test_static_difference(void **state)
{
	static const char A[] = "static_ipaddress {\n    192.0.2.200/32 dev eth0\n    192.0.2.201/32 dev eth0\n}\n"
				"static_routes {\n    198.51.100.0/24 via 192.0.2.1 dev eth0\n"
				"    203.0.113.0/25 via 192.0.2.1 dev eth0\n}\n"
				"static_rules {\n    from 203.0.113.0/24 table 100 preference 1000\n"
				"    from 198.51.100.0/24 table 101 preference 1001\n}\n";
	static const char B[] = "static_ipaddress {\n    192.0.2.202/32 dev eth0\n    192.0.2.200/32 dev eth0\n}\n"
				"static_routes {\n    198.51.100.0/24 via 192.0.2.1 dev eth0\n"
				"    203.0.113.128/25 via 192.0.2.1 dev eth0\n}\n"
				"static_rules {\n    from 203.0.113.0/24 table 100 preference 1000\n"
				"    from 198.51.100.0/24 table 102 preference 1002\n}\n";
	struct parsed a, b;

	(void)state;
	parse_text(&a, A);
	parse_text(&b, B);
	assert_int_equal(a.rc, 0);
	assert_int_equal(b.rc, 0);
	/* to remove: old entries the new file lacks */
	assert_true(vg_reload_static_in(a.conf, b.conf, VG_STATIC_ADDR, 0));   /* .200, moved: kept */
	assert_false(vg_reload_static_in(a.conf, b.conf, VG_STATIC_ADDR, 1));  /* .201 */
	assert_true(vg_reload_static_in(a.conf, b.conf, VG_STATIC_ROUTE, 0));
	assert_false(vg_reload_static_in(a.conf, b.conf, VG_STATIC_ROUTE, 1));
	assert_true(vg_reload_static_in(a.conf, b.conf, VG_STATIC_RULE, 0));
	assert_false(vg_reload_static_in(a.conf, b.conf, VG_STATIC_RULE, 1));
	/* to add: new entries the old file lacked */
	assert_false(vg_reload_static_in(b.conf, a.conf, VG_STATIC_ADDR, 0));  /* .202 */
	assert_true(vg_reload_static_in(b.conf, a.conf, VG_STATIC_ADDR, 1));
	assert_false(vg_reload_static_in(b.conf, a.conf, VG_STATIC_ROUTE, 1));
	assert_false(vg_reload_static_in(b.conf, a.conf, VG_STATIC_RULE, 1));
	assert_false(vg_reload_static_in(a.conf, b.conf, VG_STATIC_RULE, 2));   /* out of range */
	/* the same file: everything kept */
	assert_true(vg_reload_static_in(a.conf, a.conf, VG_STATIC_ROUTE, 1));
	parsed_free(&a);
	parsed_free(&b);
}

/*
 * fifo_write_vrrp_states_on_reload: keepalived 2.2.7 wrote, after a SIGHUP
 * of an unchanged file, `GROUP "G" MASTER 0` for its Master sync group and
 * nothing for its Master instances; a Backup or Fault instance gets its
 * state line (observed, tests/netns/daemon_files.sh). Here: VI_1 Master
 * (no line), G Backup (its line first), VI_2 / VI_3 Backup (theirs).
 */
static void test_fifo_lines_after_reload(void **state)
{
	struct side old, new;
	struct vg_reload d;
	struct vg_reload_fifo_line l[8];
	struct tu_out o;

	(void)state;
	old_running(&old, BASE);
	side_build(&new, BASE);
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	stop_all(&d, &old.n, RELOAD_AT, &o);
	vg_reload_carry(&d, &old.n, &new.n);
	assert_int_equal(vg_reload_fifo_lines(&d, &new.n, l, 8), 3);
	assert_true(l[0].group);
	assert_int_equal(l[0].index, 0);
	assert_int_equal(l[0].what, VG_NOTIFY_BACKUP);
	assert_int_equal(l[0].priority, 0);
	assert_false(l[1].group);
	assert_int_equal(l[1].index, 1);
	assert_int_equal(l[1].what, VG_NOTIFY_BACKUP);
	assert_int_equal(l[1].priority, 100);
	assert_int_equal(l[2].index, 2);
	/* cap: the count, only cap written */
	assert_int_equal(vg_reload_fifo_lines(&d, &new.n, l, 1), 3);
	vg_reload_free(&d);
	side_free(&new);

	/* G Master now: its line says MASTER; a VI_1 that changed (new priority) starts, no line */
	drive(&old.n, G_MASTER_AT, VG_EV_TIMER, &o);
	assert_int_equal(old.n.plan.groups[0].state, VG_STATE_MASTER);
	side_build(&new, GROUP_G VI_1("140", "") VI_2 VI_3);
	assert_int_equal(vg_reload_diff(&old.n, true, &new.n, &d), 0);
	stop_all(&d, &old.n, G_MASTER_AT + 1, &o);
	vg_reload_carry(&d, &old.n, &new.n);
	assert_int_equal(vg_reload_fifo_lines(&d, &new.n, l, 8), 1);
	assert_true(l[0].group);
	assert_int_equal(l[0].what, VG_NOTIFY_MASTER);
	vg_reload_free(&d);
	side_free(&old);
	side_free(&new);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unchanged_carries_everything),
		cmocka_unit_test(test_static_difference),
		cmocka_unit_test(test_fifo_lines_after_reload),
		cmocka_unit_test(test_priority_change_restarts_one),
		cmocka_unit_test(test_removed_sends_fault),
		cmocka_unit_test(test_removed_sends_deleted),
		cmocka_unit_test(test_changed_group_restarts_members),
		cmocka_unit_test(test_tracks_by_name),
		cmocka_unit_test(test_not_started_carries_nothing),
		cmocka_unit_test(test_repeated_name_pairs_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
