// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of gratuitous ARP / unsolicited NA pacing (keepalived.conf(5)
 * vrrp_garp_interval, vrrp_gna_interval, garp_group), times in literal ns.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "vrrp/garp.h"
#include "vrrp/plan.h"

#define T0 VG_S(100)

static struct vg_garp_queue Q;

/* eth1 and eth2 in a garp_group aggregated at 30 ms (ARP); eth3 alone in one at 40 ms NA. */
static const char *g1_ifs[] = { "eth1", "eth2" };
static struct vg_conf_garp_group groups[2];
static struct vg_conf conf;

static int setup(void **state)
{
	(void)state;
	memset(&conf, 0, sizeof(conf));
	memset(groups, 0, sizeof(groups));
	conf.global.vrrp_garp_interval_ns = VG_MS(10);
	conf.global.vrrp_gna_interval_ns = VG_MS(20);
	groups[0].garp_interval_ns = VG_MS(30);
	groups[0].interfaces.items = g1_ifs;
	groups[0].interfaces.count = 2;
	groups[1].interface = "eth3";
	groups[1].gna_interval_ns = VG_MS(40);
	conf.garp_groups.items = groups;
	conf.garp_groups.count = 2;
	vg_garp_init(&Q);
	return 0;
}

/* The generation's resolved groups: instance i's interface, vmac, and its VIPs' devs (4 each). */
static uint16_t g_iface[8], g_vmac[8], g_dev[32];
static const uint32_t g_first[8] = { 0, 4, 8, 12, 16, 20, 24, 28 };
static const struct vg_garp_groups GG = { g_iface, g_vmac, g_first, g_dev, 8 };

/* A message of instance inst on interface ifname, its group resolved as the plan does (once). */
static struct vg_garp_send msg(uint32_t kidx, const char *ifname, bool na, uint16_t inst, uint16_t vip)
{
	struct vg_garp_send x;

	memset(&x, 0, sizeof(x));
	x.kidx = kidx;
	x.na = na;
	x.inst = inst;
	x.vip = vip;
	x.via = VG_GARP_VIA_IFACE;
	g_iface[inst] = vg_vrrp_plan_garp_group(&conf, ifname);
	vg_garp_pace(&conf, &GG, &x);
	return x;
}

/* the interval and domain that apply */
static void test_pace_domains(void **state)
{
	struct vg_garp_send x;

	(void)state;
	x = msg(5, "eth0", false, 0, 0);
	assert_int_equal(x.key, 5);
	assert_int_equal(x.gap_ns, VG_MS(10));
	x = msg(5, "eth0", true, 0, 0);
	assert_int_equal(x.gap_ns, VG_MS(20));
	x = msg(6, "eth2", false, 0, 0); /* aggregated group: keyed by the group */
	assert_int_equal(x.key, VG_GARP_GROUP_KEY | 0);
	assert_int_equal(x.gap_ns, VG_MS(30));
	x = msg(6, "eth2", true, 0, 0); /* the group sets no gna_interval: the global one */
	assert_int_equal(x.key, VG_GARP_GROUP_KEY | 0);
	assert_int_equal(x.gap_ns, VG_MS(20));
	x = msg(7, "eth3", true, 0, 0); /* `interface`: the interface's own domain, the group's interval */
	assert_int_equal(x.key, 7);
	assert_int_equal(x.gap_ns, VG_MS(40));
	x = msg(0, "", false, 0, 0); /* no interface: not paced */
	assert_int_equal(x.gap_ns, 0);
}

/*
 * Names are resolved once: pacing reads the group resolved at plan time,
 * so renaming the group's interfaces in the tree afterwards changes
 * nothing; a vmac and a VIP's `dev` have their own resolved group.
 */
static void test_pace_uses_resolved_group(void **state)
{
	static const char *renamed[] = { "x1", "x2" };
	struct vg_garp_send x;

	(void)state;
	memset(g_iface, 0, sizeof(g_iface));
	memset(g_vmac, 0, sizeof(g_vmac));
	memset(g_dev, 0, sizeof(g_dev));
	g_iface[1] = vg_vrrp_plan_garp_group(&conf, "eth2");
	assert_int_equal(g_iface[1], 1);
	g_vmac[1] = vg_vrrp_plan_garp_group(&conf, "eth3");
	assert_int_equal(g_vmac[1], 2);
	g_dev[g_first[1] + 2] = vg_vrrp_plan_garp_group(&conf, "eth1");
	groups[0].interfaces.items = renamed; /* no name is read from here on */
	memset(&x, 0, sizeof(x));
	x.kidx = 6;
	x.inst = 1;
	vg_garp_pace(&conf, &GG, &x);
	assert_int_equal(x.key, VG_GARP_GROUP_KEY | 0);
	assert_int_equal(x.gap_ns, VG_MS(30));
	x.via = VG_GARP_VIA_VMAC; /* eth3's group: its own domain, 40 ms NA */
	x.na = true;
	x.kidx = 9;
	vg_garp_pace(&conf, &GG, &x);
	assert_int_equal(x.key, 9);
	assert_int_equal(x.gap_ns, VG_MS(40));
	x.via = VG_GARP_VIA_DEV; /* VIP 2's dev eth1: the aggregated group */
	x.vip = 2;
	x.na = false;
	vg_garp_pace(&conf, &GG, &x);
	assert_int_equal(x.key, VG_GARP_GROUP_KEY | 0);
	x.vip = 1; /* VIP 1 has no dev group: the interface alone, the global interval */
	vg_garp_pace(&conf, &GG, &x);
	assert_int_equal(x.key, 9);
	assert_int_equal(x.gap_ns, VG_MS(10));
	x.inst = 8; /* outside the generation: no group */
	x.via = VG_GARP_VIA_IFACE;
	vg_garp_pace(&conf, &GG, &x);
	assert_int_equal(x.key, 9);
	assert_int_equal(x.gap_ns, VG_MS(10));
	groups[0].interfaces.items = g1_ifs;
}

/* per interface: the first goes at once, the next one interval after it, not before */
static void test_paced_per_interface(void **state)
{
	struct vg_garp_send a = msg(5, "eth0", false, 0, 0), b = msg(5, "eth0", false, 0, 1),
			    c = msg(8, "eth9", false, 1, 0), out[4];

	(void)state;
	assert_int_equal(vg_garp_offer(&Q, T0, &a), VG_GARP_SEND);
	assert_int_equal(vg_garp_offer(&Q, T0, &b), VG_GARP_QUEUED);
	assert_int_equal(vg_garp_offer(&Q, T0, &c), VG_GARP_SEND); /* another interface: its own pace */
	assert_int_equal(vg_garp_next_deadline(&Q), T0 + VG_MS(10));
	assert_int_equal(vg_garp_due(&Q, T0 + VG_MS(10) - 1, out, 4), 0);
	assert_int_equal(vg_garp_due(&Q, T0 + VG_MS(10), out, 4), 1);
	assert_int_equal(out[0].vip, 1);
	assert_int_equal(vg_garp_next_deadline(&Q), VG_TIME_NEVER);
	/* the domain waits from the last send: a new one at +15 ms waits until +20 ms */
	assert_int_equal(vg_garp_offer(&Q, T0 + VG_MS(15), &a), VG_GARP_QUEUED);
	assert_int_equal(vg_garp_next_deadline(&Q), T0 + VG_MS(20));
	/* after the interval and with nothing queued, at once */
	assert_int_equal(vg_garp_due(&Q, T0 + VG_MS(20), out, 4), 1);
	assert_int_equal(vg_garp_offer(&Q, T0 + VG_MS(31), &a), VG_GARP_SEND);
}

/* a garp_group paces its interfaces as one; ARP and NA are paced apart */
static void test_paced_per_group_and_family(void **state)
{
	struct vg_garp_send e1 = msg(6, "eth1", false, 0, 0), e2 = msg(9, "eth2", false, 1, 0),
			    n1 = msg(6, "eth1", true, 2, 0), n2 = msg(6, "eth1", true, 2, 1), out[4];

	(void)state;
	assert_int_equal(vg_garp_offer(&Q, T0, &e1), VG_GARP_SEND);
	assert_int_equal(vg_garp_offer(&Q, T0, &e2), VG_GARP_QUEUED); /* same group, other interface */
	assert_int_equal(vg_garp_offer(&Q, T0, &n1), VG_GARP_SEND);   /* NA: its own pace */
	assert_int_equal(vg_garp_offer(&Q, T0, &n2), VG_GARP_QUEUED);
	assert_int_equal(vg_garp_next_deadline(&Q), T0 + VG_MS(20));
	assert_int_equal(vg_garp_due(&Q, T0 + VG_MS(20), out, 4), 1);
	assert_int_equal(out[0].inst, 2);
	assert_true(out[0].na);
	assert_int_equal(vg_garp_next_deadline(&Q), T0 + VG_MS(30));
	assert_int_equal(vg_garp_due(&Q, T0 + VG_MS(30) - 1, out, 4), 0);
	assert_int_equal(vg_garp_due(&Q, T0 + VG_MS(30), out, 4), 1);
	assert_int_equal(out[0].kidx, 9);
}

/* order within a domain is kept; one per domain per release */
static void test_fifo_one_per_domain(void **state)
{
	struct vg_garp_send x, out[8];
	uint16_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		x = msg(5, "eth0", false, 0, i);
		assert_int_equal(vg_garp_offer(&Q, T0, &x), i ? VG_GARP_QUEUED : VG_GARP_SEND);
	}
	for (i = 1; i < 4; i++) {
		assert_int_equal(vg_garp_due(&Q, T0 + i * VG_MS(10), out, 8), 1);
		assert_int_equal(out[0].vip, i);
	}
	assert_int_equal(Q.len, 0);
}

/* a reload renumbers the instances: their messages keep waiting, removed ones are dropped */
static void test_carry_across_reload(void **state)
{
	struct vg_garp_send a = msg(5, "eth0", false, 0, 0), b = msg(5, "eth0", false, 1, 0),
			    c = msg(5, "eth0", false, 2, 3), out[4];
	int to[3] = { 1, -1, 0 }; /* instance 0 is now 1, 1 went, 2 is now 0 */

	(void)state;
	assert_int_equal(vg_garp_offer(&Q, T0, &a), VG_GARP_SEND);
	assert_int_equal(vg_garp_offer(&Q, T0, &b), VG_GARP_QUEUED);
	assert_int_equal(vg_garp_offer(&Q, T0, &c), VG_GARP_QUEUED);
	conf.global.vrrp_garp_interval_ns = VG_MS(50); /* the new file's interval */
	vg_garp_carry(&Q, &conf, &GG, to, 3);
	assert_int_equal(Q.len, 1);
	assert_int_equal(Q.q[0].inst, 0);
	assert_int_equal(Q.q[0].vip, 3);
	assert_int_equal(Q.q[0].gap_ns, VG_MS(50));
	/* the domain's send time stays: due when the old interval ends */
	assert_int_equal(vg_garp_next_deadline(&Q), T0 + VG_MS(10));
	assert_int_equal(vg_garp_due(&Q, T0 + VG_MS(10), out, 4), 1);
	assert_int_equal(out[0].inst, 0);
	/* the next waits the new interval */
	assert_int_equal(vg_garp_offer(&Q, T0 + VG_MS(10), &a), VG_GARP_QUEUED);
	assert_int_equal(vg_garp_next_deadline(&Q), T0 + VG_MS(60));
}

/* a reload that removes the interval: the carried message goes at the next release */
static void test_carry_unpaced(void **state)
{
	struct vg_garp_send a = msg(5, "eth0", false, 0, 0), b = msg(5, "eth0", false, 0, 1), out[4];
	int to[1] = { 0 };

	(void)state;
	vg_garp_offer(&Q, T0, &a);
	assert_int_equal(vg_garp_offer(&Q, T0, &b), VG_GARP_QUEUED);
	conf.global.vrrp_garp_interval_ns = 0;
	vg_garp_carry(&Q, &conf, &GG, to, 1);
	assert_int_equal(vg_garp_next_deadline(&Q), 0);
	assert_int_equal(vg_garp_due(&Q, T0 + 1, out, 4), 1);
	assert_int_equal(out[0].vip, 1);
}

/* an instance that leaves Master: its queued messages go with it */
static void test_forget(void **state)
{
	struct vg_garp_send a = msg(5, "eth0", false, 0, 0), b = msg(5, "eth0", false, 1, 0),
			    c = msg(5, "eth0", false, 0, 1);

	(void)state;
	vg_garp_offer(&Q, T0, &a);
	vg_garp_offer(&Q, T0, &b);
	vg_garp_offer(&Q, T0, &c);
	vg_garp_forget(&Q, 0);
	assert_int_equal(Q.len, 1);
	assert_int_equal(Q.q[0].inst, 1);
}

/* a full queue sends at once and counts it; out[] bounds a release */
static void test_overflow_and_bound(void **state)
{
	struct vg_garp_send x = msg(5, "eth0", false, 0, 0), out[2];
	uint32_t i;

	(void)state;
	for (i = 0; i <= VG_GARP_QUEUE_MAX; i++)
		assert_int_equal(vg_garp_offer(&Q, T0, &x), i ? VG_GARP_QUEUED : VG_GARP_SEND);
	assert_int_equal(vg_garp_offer(&Q, T0, &x), VG_GARP_OVERFLOW);
	assert_int_equal(Q.overflow, 1);
	conf.global.vrrp_garp_interval_ns = 0;
	vg_garp_carry(&Q, &conf, &GG, (const int[]){ 0 }, 1);
	assert_int_equal(vg_garp_due(&Q, T0, out, 2), 2);
	assert_int_equal(Q.len, VG_GARP_QUEUE_MAX - 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pace_domains, setup),
		cmocka_unit_test_setup(test_pace_uses_resolved_group, setup),
		cmocka_unit_test_setup(test_paced_per_interface, setup),
		cmocka_unit_test_setup(test_paced_per_group_and_family, setup),
		cmocka_unit_test_setup(test_fifo_one_per_domain, setup),
		cmocka_unit_test_setup(test_carry_across_reload, setup),
		cmocka_unit_test_setup(test_carry_unpaced, setup),
		cmocka_unit_test_setup(test_forget, setup),
		cmocka_unit_test_setup(test_overflow_and_bound, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
