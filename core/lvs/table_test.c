// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the IPVS table model: canonical sort, duplicates, and the
 * diff on literal tables (unchanged -> nothing, one weight -> one
 * DEST_EDIT, a server swapped -> add before delete, ownership and flush).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lvs/sched.h"
#include "lvs/table.h"

static struct vg_addr A(const char *s)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(s, &a), 0);
	return a;
}

static int svc(struct vg_lvs_table *t, const char *addr, uint16_t port, const char *sched)
{
	struct vg_lvs_svc_key k = { .protocol = 6, .port = port, .addr = A(addr) };
	struct vg_lvs_tsvc s;

	k.family = k.addr.family;
	vg_lvs_tsvc_defaults(&s, &k);
	strcpy(s.sched, sched);
	return vg_lvs_table_add_service(t, &s);
}

static int fwm(struct vg_lvs_table *t, uint32_t mark)
{
	struct vg_lvs_svc_key k = { .family = VG_AF_INET, .fwmark = mark };
	struct vg_lvs_tsvc s;

	vg_lvs_tsvc_defaults(&s, &k);
	return vg_lvs_table_add_service(t, &s);
}

static void dest(struct vg_lvs_table *t, int s, const char *addr, uint16_t port, int32_t weight)
{
	struct vg_lvs_tdest d = { .svc = (uint32_t)s, .addr = A(addr), .port = port, .fwd = VG_IPVS_FWD_DROUTE,
				  .weight = weight };

	assert_int_equal(vg_lvs_table_add_dest(t, &d), 0);
}

/* Two directors: 192.0.2.10:80 (3 servers) and fwmark 7 (1 server). */
static void build(struct vg_lvs_table *t, int32_t w2)
{
	int a, f;

	assert_int_equal(vg_lvs_table_init(t, 8, 16), 0);
	f = fwm(t, 7);
	a = svc(t, "192.0.2.10", 80, "wrr");
	dest(t, a, "192.0.2.3", 80, 1);
	dest(t, f, "192.0.2.9", 0, 5);
	dest(t, a, "192.0.2.1", 80, 1);
	dest(t, a, "192.0.2.2", 80, w2);
	assert_int_equal(vg_lvs_table_sort(t), 0);
}

static struct vg_lvs_op storage[64];

static int64_t diff(const struct vg_lvs_table *cur, const struct vg_lvs_table *want, vg_lvs_owned_fn owned, bool flush,
		    struct vg_lvs_ops *o)
{
	vg_lvs_ops_init(o, storage, 64);
	return vg_lvs_table_diff(cur, want, owned, NULL, flush, o);
}

static void test_sort_and_find(void **state)
{
	struct vg_lvs_table t;
	struct vg_lvs_svc_key k = { .family = VG_AF_INET, .fwmark = 7 };
	(void)state;
	build(&t, 1);
	/* family, then fwmark: the address service (fwmark 0) first */
	assert_int_equal(t.svc[0].key.fwmark, 0);
	assert_int_equal(t.svc[0].dest_count, 3);
	assert_int_equal(t.svc[1].dest_count, 1);
	assert_int_equal(t.dest[t.svc[0].dest_first].addr.bytes[3], 1); /* sorted by address */
	assert_int_equal(t.dest[t.svc[1].dest_first].svc, 1);
	assert_int_equal(vg_lvs_table_find(&t, &k), 1);
	k.fwmark = 8;
	assert_int_equal(vg_lvs_table_find(&t, &k), -1);
	vg_lvs_table_free(&t);
}

static void test_duplicates_and_limits(void **state)
{
	struct vg_lvs_table t;
	int a;
	(void)state;
	assert_int_equal(vg_lvs_table_init(&t, 2, 2), 0);
	a = svc(&t, "192.0.2.10", 80, "rr");
	dest(&t, a, "192.0.2.1", 80, 1);
	dest(&t, a, "192.0.2.1", 80, 2);
	assert_int_equal(vg_lvs_table_sort(&t), VG_LVS_EEXIST);
	{
		struct vg_lvs_tdest d = { .svc = 0, .addr = A("192.0.2.2") };

		assert_int_equal(vg_lvs_table_add_dest(&t, &d), VG_LVS_EFULL);
		d.svc = 5;
		assert_int_equal(vg_lvs_table_add_dest(&t, &d), VG_LVS_EINVAL);
	}
	assert_true(svc(&t, "192.0.2.10", 80, "rr") >= 0);
	assert_int_equal(svc(&t, "192.0.2.11", 80, "rr"), VG_LVS_EFULL);
	assert_int_equal(vg_lvs_table_sort(&t), VG_LVS_EEXIST); /* two services with one key */
	vg_lvs_table_free(&t);
}

static void test_unchanged_table_gives_no_operation(void **state)
{
	struct vg_lvs_table cur, want;
	struct vg_lvs_ops o;
	(void)state;
	build(&cur, 1);
	build(&want, 1);
	cur.svc[0].flags |= VG_IPVS_SVC_F_HASHED; /* the kernel's own flag is no difference */
	assert_int_equal(diff(&cur, &want, NULL, false, &o), 0);
	assert_int_equal(o.len, 0);
	vg_lvs_table_free(&cur);
	vg_lvs_table_free(&want);
}

static void test_one_weight_is_one_dest_edit(void **state)
{
	struct vg_lvs_table cur, want;
	struct vg_lvs_ops o;
	(void)state;
	build(&cur, 1);
	build(&want, 3);
	assert_int_equal(diff(&cur, &want, NULL, false, &o), 1);
	assert_int_equal(o.v[0].kind, VG_LVS_OP_DEST_EDIT);
	assert_int_equal(want.dest[o.v[0].dest].weight, 3);
	assert_int_equal(want.dest[o.v[0].dest].addr.bytes[3], 2);
	vg_lvs_table_free(&cur);
	vg_lvs_table_free(&want);
}

static void test_server_swap_adds_before_it_deletes(void **state)
{
	struct vg_lvs_table cur, want;
	struct vg_lvs_ops o;
	int a;
	(void)state;
	build(&cur, 1);
	assert_int_equal(vg_lvs_table_init(&want, 8, 16), 0);
	a = svc(&want, "192.0.2.10", 80, "wrr");
	dest(&want, a, "192.0.2.1", 80, 1);
	dest(&want, a, "192.0.2.2", 80, 1);
	dest(&want, a, "192.0.2.4", 80, 1); /* .3 leaves, .4 comes */
	dest(&want, fwm(&want, 7), "192.0.2.9", 0, 5);
	assert_int_equal(vg_lvs_table_sort(&want), 0);
	assert_int_equal(diff(&cur, &want, NULL, false, &o), 2);
	assert_int_equal(o.v[0].kind, VG_LVS_OP_DEST_ADD);
	assert_int_equal(want.dest[o.v[0].dest].addr.bytes[3], 4);
	assert_int_equal(o.v[1].kind, VG_LVS_OP_DEST_DEL);
	assert_int_equal(cur.dest[o.v[1].dest].addr.bytes[3], 3);
	/* a forwarding method change is an edit, never a delete and add */
	want.dest[want.svc[0].dest_first].fwd = VG_IPVS_FWD_MASQ;
	assert_int_equal(diff(&cur, &want, NULL, false, &o), 3);
	assert_int_equal(o.v[1].kind, VG_LVS_OP_DEST_EDIT);
	vg_lvs_table_free(&cur);
	vg_lvs_table_free(&want);
}

static bool owns_fwmarks(const struct vg_lvs_tsvc *s, void *ctx)
{
	(void)ctx;
	return s->key.fwmark != 0;
}

static void test_ownership_and_flush(void **state)
{
	struct vg_lvs_table cur, empty, want;
	struct vg_lvs_ops o;
	(void)state;
	build(&cur, 1);
	assert_int_equal(vg_lvs_table_init(&empty, 1, 1), 0);
	/* nothing owned: a service vigil did not add stays */
	assert_int_equal(diff(&cur, &empty, NULL, false, &o), 0);
	/* owned: deleted, its destinations with it (no DEST_DEL) */
	assert_int_equal(diff(&cur, &empty, owns_fwmarks, false, &o), 1);
	assert_int_equal(o.v[0].kind, VG_LVS_OP_SVC_DEL);
	assert_int_equal(cur.svc[o.v[0].svc].key.fwmark, 7);
	/* lvs_flush: everything goes */
	assert_int_equal(diff(&cur, &empty, NULL, true, &o), 2);
	/* from empty: every service then its destinations */
	assert_int_equal(diff(&empty, &cur, NULL, false, &o), 6);
	assert_int_equal(o.v[0].kind, VG_LVS_OP_SVC_ADD);
	assert_int_equal(o.v[1].kind, VG_LVS_OP_DEST_ADD);
	assert_int_equal(o.v[4].kind, VG_LVS_OP_SVC_ADD);
	/* a changed scheduler is one SVC_EDIT */
	build(&want, 1);
	strcpy(want.svc[0].sched, "rr");
	assert_int_equal(diff(&cur, &want, NULL, false, &o), 1);
	assert_int_equal(o.v[0].kind, VG_LVS_OP_SVC_EDIT);
	/* a bounded list: the count is still exact, the rest is lost */
	vg_lvs_ops_init(&o, storage, 2);
	assert_int_equal(vg_lvs_table_diff(&empty, &cur, NULL, NULL, false, &o), 6);
	assert_int_equal(o.len, 2);
	assert_int_equal(o.lost, 4);
	vg_lvs_table_free(&cur);
	vg_lvs_table_free(&empty);
	vg_lvs_table_free(&want);
}

/* A small kernel: 4 possible services (port 1..4) x 6 possible destinations (192.0.2.1..6). */
struct mini {
	bool svc[4];
	uint8_t sched[4];
	bool dest[4][6];
	int32_t weight[4][6];
};

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static void mini_random(struct mini *m)
{
	memset(m, 0, sizeof(*m));
	for (int s = 0; s < 4; s++) {
		m->svc[s] = rnd(3) != 0;
		m->sched[s] = (uint8_t)rnd(2);
		for (int d = 0; d < 6; d++) {
			m->dest[s][d] = m->svc[s] && rnd(2);
			m->weight[s][d] = (int32_t)rnd(3);
		}
	}
}

static void mini_table(const struct mini *m, struct vg_lvs_table *t)
{
	char a[16];

	assert_int_equal(vg_lvs_table_init(t, 4, 24), 0);
	/* added in reverse order: the sort must not depend on it */
	for (int s = 3; s >= 0; s--) {
		int i;

		if (!m->svc[s])
			continue;
		i = svc(t, "192.0.2.100", (uint16_t)(s + 1), m->sched[s] ? "rr" : "wlc");
		for (int d = 5; d >= 0; d--) {
			if (!m->dest[s][d])
				continue;
			snprintf(a, sizeof(a), "192.0.2.%d", d + 1);
			dest(t, i, a, 80, m->weight[s][d]);
		}
	}
	assert_int_equal(vg_lvs_table_sort(t), 0);
}

/* The kernel's side: apply the operations to `m` the way the kernel would. */
static void mini_apply(struct mini *m, const struct vg_lvs_table *cur, const struct vg_lvs_table *want,
		       const struct vg_lvs_ops *o, const struct mini *w)
{
	for (size_t i = 0; i < o->len; i++) {
		const struct vg_lvs_op *op = &o->v[i];
		bool in_cur = op->kind == VG_LVS_OP_SVC_DEL || op->kind == VG_LVS_OP_DEST_DEL;
		const struct vg_lvs_table *t = in_cur ? cur : want;
		int s = t->svc[op->svc].key.port - 1;
		int d = op->kind >= VG_LVS_OP_DEST_ADD ? t->dest[op->dest].addr.bytes[3] - 1 : 0;

		switch (op->kind) {
		case VG_LVS_OP_SVC_ADD:
			assert_false(m->svc[s]); /* the kernel refuses an existing service */
			m->svc[s] = true;
			m->sched[s] = w->sched[s];
			break;
		case VG_LVS_OP_SVC_EDIT:
			assert_true(m->svc[s]);
			m->sched[s] = w->sched[s];
			break;
		case VG_LVS_OP_SVC_DEL:
			assert_true(m->svc[s]);
			m->svc[s] = false;
			memset(m->dest[s], 0, sizeof(m->dest[s]));
			break;
		case VG_LVS_OP_DEST_ADD:
			assert_true(m->svc[s]);
			assert_false(m->dest[s][d]);
			m->dest[s][d] = true;
			m->weight[s][d] = w->weight[s][d];
			break;
		case VG_LVS_OP_DEST_EDIT:
			assert_true(m->dest[s][d]);
			m->weight[s][d] = w->weight[s][d];
			break;
		case VG_LVS_OP_DEST_DEL:
			assert_true(m->dest[s][d]);
			assert_false(w->svc[s] && w->dest[s][d]); /* never a server that stays */
			m->dest[s][d] = false;
			break;
		}
	}
}

static bool always(const struct vg_lvs_tsvc *s, void *ctx)
{
	(void)s;
	(void)ctx;
	return true;
}

/* 2000 random pairs: applying the diff gives the desired table, with the minimal number of operations. */
static void test_diff_applied_gives_desired_table(void **state)
{
	(void)state;
	for (int round = 0; round < 2000; round++) {
		struct mini c, w, m;
		struct vg_lvs_table cur, want, after;
		struct vg_lvs_ops o;
		int64_t minimal = 0;

		mini_random(&c);
		mini_random(&w);
		for (int s = 0; s < 4; s++) {
			minimal += (c.svc[s] && !w.svc[s]) + (!c.svc[s] && w.svc[s]) +
				   (c.svc[s] && w.svc[s] && c.sched[s] != w.sched[s]);
			for (int d = 0; d < 6; d++) {
				bool in_c = c.svc[s] && c.dest[s][d] && w.svc[s], in_w = w.svc[s] && w.dest[s][d];

				minimal += (in_w && !in_c) + (in_c && !in_w) +
					   (in_c && in_w && c.weight[s][d] != w.weight[s][d]);
			}
		}
		mini_table(&c, &cur);
		mini_table(&w, &want);
		assert_int_equal(diff(&cur, &want, always, false, &o), minimal);
		m = c;
		mini_apply(&m, &cur, &want, &o, &w);
		mini_table(&m, &after);
		assert_true(vg_lvs_table_equal(&after, &want));
		/* and a second diff finds nothing */
		assert_int_equal(diff(&after, &want, always, false, &o), 0);
		vg_lvs_table_free(&cur);
		vg_lvs_table_free(&want);
		vg_lvs_table_free(&after);
	}
}

/* vg_lvs_table_owns: what vigil programmed last time is its own, nothing else. */
static void test_owned_by_previous_table(void **state)
{
	struct vg_lvs_table cur, prev, empty;
	struct vg_lvs_ops o;
	(void)state;
	build(&cur, 1);
	assert_int_equal(vg_lvs_table_init(&prev, 2, 1), 0);
	assert_true(svc(&prev, "192.0.2.10", 80, "wrr") >= 0);
	assert_int_equal(vg_lvs_table_sort(&prev), 0);
	assert_int_equal(vg_lvs_table_init(&empty, 1, 1), 0);
	vg_lvs_ops_init(&o, storage, 64);
	assert_int_equal(vg_lvs_table_diff(&cur, &empty, vg_lvs_table_owns, &prev, false, &o), 1);
	assert_int_equal(cur.svc[o.v[0].svc].key.port, 80); /* fwmark 7 is someone else's */
	assert_false(vg_lvs_table_equal(&cur, &prev));
	vg_lvs_table_free(&cur);
	vg_lvs_table_free(&prev);
	vg_lvs_table_free(&empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_and_find),
		cmocka_unit_test(test_duplicates_and_limits),
		cmocka_unit_test(test_unchanged_table_gives_no_operation),
		cmocka_unit_test(test_one_weight_is_one_dest_edit),
		cmocka_unit_test(test_server_swap_adds_before_it_deletes),
		cmocka_unit_test(test_ownership_and_flush),
		cmocka_unit_test(test_diff_applied_gives_desired_table),
		cmocka_unit_test(test_owned_by_previous_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
