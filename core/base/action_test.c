// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the one effect vocabulary: record size, the bounded list, kind names and domains.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "base/action.h"

/* the design's budget: 1000 takeovers emit thousands of records */
static void test_record_is_40_bytes(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct vg_action), 40);
}

/* push appends zeroed records naming their object; a full list counts the rest as lost */
static void test_push_bounded(void **state)
{
	struct vg_action buf[2];
	struct vg_actions l;
	struct vg_action *a;

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	vg_actions_init(&l, buf, 2);
	a = vg_actions_push(&l, VG_ACT_LVS_DEST_ADD, 3);
	assert_non_null(a);
	assert_int_equal(a->kind, VG_ACT_LVS_DEST_ADD);
	assert_int_equal(a->service, 3);
	assert_int_equal(a->instance, 3); /* one name slot, three names */
	assert_false(a->group);
	assert_int_equal(a->u.lvs.weight, 0);
	assert_int_equal(a->u.lvs.rs, 0);
	assert_non_null(vg_actions_push(&l, VG_ACT_SCRIPT_RUN, 9));
	assert_int_equal(l.v[1].script, 9);
	assert_null(vg_actions_push(&l, VG_ACT_STATE, 1));
	assert_int_equal(l.len, 2);
	assert_int_equal(l.lost, 1);
	vg_actions_clear(&l);
	assert_int_equal(l.len, 0);
	assert_int_equal(l.lost, 0);
}

/* every kind has its own name and a domain; the three domains are contiguous */
static void test_names_and_domains(void **state)
{
	(void)state;
	for (int k = 0; k < VG_ACT__COUNT; k++) {
		assert_string_not_equal(vg_action_kind_name((enum vg_action_kind)k), "?");
		for (int j = 0; j < k; j++)
			assert_string_not_equal(vg_action_kind_name((enum vg_action_kind)k),
						vg_action_kind_name((enum vg_action_kind)j));
	}
	assert_string_equal(vg_action_kind_name(VG_ACT__COUNT), "?");
	assert_int_equal(vg_action_domain(VG_ACT_STATE), VG_ACT_DOMAIN_VRRP);
	assert_int_equal(vg_action_domain(VG_ACT_SEND_ADVERT), VG_ACT_DOMAIN_VRRP);
	assert_int_equal(vg_action_domain(VG_ACT_LVS_SVC_ADD), VG_ACT_DOMAIN_LVS);
	assert_int_equal(vg_action_domain(VG_ACT_LVS_PROBE_ABORT), VG_ACT_DOMAIN_LVS);
	assert_int_equal(vg_action_domain(VG_ACT_SCRIPT_RUN), VG_ACT_DOMAIN_SCRIPT);
	assert_int_equal(vg_action_domain(VG_ACT_SCRIPT_CHANGED), VG_ACT_DOMAIN_SCRIPT);
	assert_string_equal(vg_action_kind_name(VG_ACT_LVS_DEST_EDIT), "lvs-dest-edit");
	assert_string_equal(vg_action_kind_name(VG_ACT_SEND_ADVERT), "send-advert");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_is_40_bytes),
		cmocka_unit_test(test_push_bounded),
		cmocka_unit_test(test_names_and_domains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
