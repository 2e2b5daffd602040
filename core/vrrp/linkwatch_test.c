// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the link policy (which interfaces are polled, their delays)
 * and of up/down debouncing, as keepalived 2.2.7 does them (linkwatch.h;
 * observed in tests/netns/test_link_keywords.py).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>

#include "conf/testutil.h"
#include "vrrp/linkwatch.h"
#include "vrrp/plan.h"

static const char *inst(const char *iface, const char *extra)
{
	static char buf[512];

	snprintf(buf, sizeof(buf),
		 "vrrp_instance VI_%s {\n interface %s\n virtual_router_id 51\n priority 100\n%s"
		 " virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n", iface, iface, extra);
	return buf;
}

static void policy(const char *text, const char *iface, struct vg_link_policy *out)
{
	struct parsed p;
	struct vg_vrrp_plan plan;
	struct vg_diags d;
	uint16_t i;

	parse_text(&p, text);
	if (p.rc)
		dump_diags(&p.diags);
	assert_int_equal(p.rc, 0);
	vg_diags_init(&d);
	assert_int_equal(vg_vrrp_plan_build(p.conf, &plan, &d), 0);
	vg_diags_free(&d);
	for (i = 0; i < plan.iface_count; i++)
		if (!strcmp(plan.ifaces[i], iface))
			break;
	assert_true(i < plan.iface_count);
	vg_link_policy_of(p.conf, &plan, i, out);
	vg_vrrp_plan_free(&plan);
	parsed_free(&p);
}

static void test_policy_default(void **state)
{
	struct vg_link_policy pol;

	(void)state;
	policy(inst("eth0", ""), "eth0", &pol);
	assert_false(pol.poll);
	assert_int_equal(pol.down_delay, 0);
	assert_int_equal(pol.up_delay, 0);
}

static void test_policy_linkbeat_forms(void **state)
{
	char text[1024];
	struct vg_link_policy pol;

	(void)state;
	snprintf(text, sizeof(text), "linkbeat_interfaces {\n eth0 ETHTOOL\n}\n%s", inst("eth0", ""));
	policy(text, "eth0", &pol);
	assert_true(pol.poll);
	assert_int_equal(pol.lb_type, VG_LB_ETHTOOL);
	snprintf(text, sizeof(text), "linkbeat_interfaces {\n eth1\n}\n%s", inst("eth0", ""));
	policy(text, "eth0", &pol);
	assert_false(pol.poll);
	snprintf(text, sizeof(text), "linkbeat_use_polling\n%s", inst("eth0", ""));
	policy(text, "eth0", &pol);
	assert_true(pol.poll);
	snprintf(text, sizeof(text), "global_defs {\n linkbeat_use_polling\n}\n%s", inst("eth0", ""));
	policy(text, "eth0", &pol);
	assert_true(pol.poll);
	policy(inst("eth0", " linkbeat_use_polling\n"), "eth0", &pol);
	assert_true(pol.poll);
}

/* keepalived 2.2.7: an up delay left out is 0; delays cut below (down_timer_adverts - 1) adverts */
static void test_policy_delays(void **state)
{
	char text[1024];
	struct vg_link_policy pol;

	(void)state;
	snprintf(text, sizeof(text), "interface_up_down_delays {\n eth0 1.5 0.25\n}\n%s", inst("eth0", ""));
	policy(text, "eth0", &pol);
	assert_int_equal(pol.down_delay, VG_MS(1500));
	assert_int_equal(pol.up_delay, VG_MS(250));
	snprintf(text, sizeof(text), "interface_up_down_delays {\n eth0 1\n}\n%s", inst("eth0", ""));
	policy(text, "eth0", &pol);
	assert_int_equal(pol.down_delay, VG_S(1));
	assert_int_equal(pol.up_delay, 0);
	snprintf(text, sizeof(text), "interface_up_down_delays {\n eth0 5 2\n}\n%s", inst("eth0", ""));
	policy(text, "eth0", &pol);
	assert_int_equal(pol.down_delay, VG_S(2) - VG_S(1) / 256);
	assert_int_equal(pol.up_delay, VG_S(2) - VG_S(1) / 256);
}

static void test_policy_bad_lines(void **state)
{
	struct parsed p;

	(void)state;
	parse_text(&p, "interface_up_down_delays {\n eth0 300\n}\n");
	assert_int_not_equal(p.rc, 0);
	parsed_free(&p);
	parse_text(&p, "interface_up_down_delays {\n eth0 x\n}\n");
	assert_int_not_equal(p.rc, 0);
	parsed_free(&p);
}

static const struct vg_link_policy delays = { false, 0, VG_S(2), VG_S(1) };

/* a loss shorter than the down delay: nothing happens */
static void test_debounce_short_loss(void **state)
{
	struct vg_link_debounce d;

	(void)state;
	vg_link_debounce_init(&d, true);
	assert_false(vg_link_debounce_observe(&d, &delays, false, VG_S(10)));
	assert_int_equal(vg_link_debounce_deadline(&d), VG_S(12));
	assert_false(vg_link_debounce_observe(&d, &delays, true, VG_MS(10500)));
	assert_int_equal(vg_link_debounce_deadline(&d), VG_TIME_NEVER);
	assert_false(vg_link_debounce_fire(&d, VG_S(12)));
	assert_true(d.up);
}

/* a lasting loss: down after the down delay, up after the up delay */
static void test_debounce_lasting_loss(void **state)
{
	struct vg_link_debounce d;

	(void)state;
	vg_link_debounce_init(&d, true);
	assert_false(vg_link_debounce_observe(&d, &delays, false, VG_S(10)));
	assert_false(vg_link_debounce_observe(&d, &delays, false, VG_S(11)));
	assert_int_equal(vg_link_debounce_deadline(&d), VG_S(12));
	assert_false(vg_link_debounce_fire(&d, VG_S(12) - 1));
	assert_true(vg_link_debounce_fire(&d, VG_S(12)));
	assert_false(d.up);
	assert_false(vg_link_debounce_observe(&d, &delays, true, VG_S(20)));
	assert_int_equal(vg_link_debounce_deadline(&d), VG_S(21));
	assert_true(vg_link_debounce_fire(&d, VG_S(21)));
	assert_true(d.up);
}

/* never up yet, or polled: at once */
static void test_debounce_at_once(void **state)
{
	struct vg_link_debounce d;
	struct vg_link_policy polled = delays;

	(void)state;
	vg_link_debounce_init(&d, false);
	assert_true(vg_link_debounce_observe(&d, &delays, true, VG_S(1)));
	assert_true(d.up);
	polled.poll = true;
	assert_true(vg_link_debounce_observe(&d, &polled, false, VG_S(2)));
	assert_false(d.up);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_default),
		cmocka_unit_test(test_policy_linkbeat_forms),
		cmocka_unit_test(test_policy_delays),
		cmocka_unit_test(test_policy_bad_lines),
		cmocka_unit_test(test_debounce_short_loss),
		cmocka_unit_test(test_debounce_lasting_loss),
		cmocka_unit_test(test_debounce_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
