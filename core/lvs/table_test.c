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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_and_find),
		cmocka_unit_test(test_duplicates_and_limits),
		cmocka_unit_test(test_unchanged_table_gives_no_operation),
		cmocka_unit_test(test_one_weight_is_one_dest_edit),
		cmocka_unit_test(test_server_swap_adds_before_it_deletes),
		cmocka_unit_test(test_ownership_and_flush),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
