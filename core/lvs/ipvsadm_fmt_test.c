// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the `ipvsadm -S -n` text of literal tables. The expected
 * lines are written from ipvsadm 1.31's print_service_entry (rule format):
 * service then its destinations, ipvsadm's sort order, IPv6 in brackets,
 * -p/-M/--pe/-o/-b in that order, tunnel options after the weight, no
 * thresholds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lvs/ipvsadm_fmt.h"
#include "lvs/sched.h"

static struct vg_addr A(const char *s)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(s, &a), 0);
	return a;
}

static struct vg_lvs_tsvc S(const char *addr, uint8_t proto, uint16_t port, uint32_t mark, uint8_t family)
{
	struct vg_lvs_svc_key k = { .protocol = proto, .port = port, .fwmark = mark, .family = family };
	struct vg_lvs_tsvc s;

	if (addr) {
		k.addr = A(addr);
		k.family = k.addr.family;
	}
	vg_lvs_tsvc_defaults(&s, &k);
	return s;
}

static void D(struct vg_lvs_table *t, int s, const char *addr, uint16_t port, uint8_t fwd, int32_t w)
{
	struct vg_lvs_tdest d = { .svc = (uint32_t)s, .addr = A(addr), .port = port, .fwd = fwd, .weight = w,
				  .u_threshold = 100, .l_threshold = 10 };

	assert_int_equal(vg_lvs_table_add_dest(t, &d), 0);
}

static char out[4096];

static void test_every_option(void **state)
{
	struct vg_lvs_table t;
	struct vg_lvs_tsvc s;
	struct vg_lvs_tdest g;
	int a, b, c, f, f6, u;
	(void)state;
	assert_int_equal(vg_lvs_table_init(&t, 8, 16), 0);
	s = S(NULL, 0, 0, 1, VG_AF_INET6);
	f6 = vg_lvs_table_add_service(&t, &s);
	s = S("192.0.2.10", 6, 80, 0, 0);
	strcpy(s.sched, "wrr");
	s.flags = VG_IPVS_SVC_F_PERSISTENT | VG_IPVS_SVC_F_HASHED;
	s.timeout_s = 300;
	s.netmask = 0xffffff00u;
	a = vg_lvs_table_add_service(&t, &s);
	s = S(NULL, 0, 0, 1, VG_AF_INET);
	strcpy(s.sched, "sh");
	s.flags = VG_IPVS_SVC_F_SCHED1 | VG_IPVS_SVC_F_SCHED2;
	f = vg_lvs_table_add_service(&t, &s);
	s = S("2001:db8::10", 17, 53, 0, 0);
	strcpy(s.sched, "rr");
	s.flags = VG_IPVS_SVC_F_PERSISTENT | VG_IPVS_SVC_F_ONEPACKET | VG_IPVS_SVC_F_SCHED1;
	s.timeout_s = 360;
	s.netmask = 64;
	strcpy(s.pe_name, "sip");
	u = vg_lvs_table_add_service(&t, &s);
	s = S("10.0.0.1", 132, 9, 0, 0);
	strcpy(s.sched, "mh");
	s.flags = VG_IPVS_SVC_F_SCHED2;
	c = vg_lvs_table_add_service(&t, &s);
	s = S("192.0.2.9", 6, 443, 0, 0);
	b = vg_lvs_table_add_service(&t, &s);
	D(&t, a, "192.0.2.2", 80, VG_IPVS_FWD_DROUTE, 1);
	D(&t, a, "192.0.2.1", 80, VG_IPVS_FWD_MASQ, 0);
	D(&t, f, "192.0.2.1", 0, VG_IPVS_FWD_DROUTE, 2);
	D(&t, u, "2001:db8::2", 53, VG_IPVS_FWD_TUNNEL, 1);
	g = (struct vg_lvs_tdest){ .svc = (uint32_t)u, .addr = A("2001:db8::3"), .port = 53, .fwd = VG_IPVS_FWD_TUNNEL,
				   .tun_type = VG_IPVS_TUN_GUE, .tun_port = 6080, .tun_flags = VG_IPVS_TUN_F_CSUM,
				   .weight = 7 };
	assert_int_equal(vg_lvs_table_add_dest(&t, &g), 0);
	g.addr = A("2001:db8::4");
	g.tun_type = VG_IPVS_TUN_GRE;
	g.tun_flags = VG_IPVS_TUN_F_NOCSUM;
	assert_int_equal(vg_lvs_table_add_dest(&t, &g), 0);
	D(&t, c, "10.0.0.2", 9, VG_IPVS_FWD_MASQ, 65535);
	(void)b;
	(void)f6;
	assert_int_equal(vg_lvs_table_sort(&t), 0);
	/*
	 * ipvs_cmp_services: fwmark 0 before 1; then AF_INET (2) before
	 * AF_INET6 (10); then protocol 6 < 17 < 132; then the address.
	 */
	const char *want =
		"-A -t 192.0.2.9:443 -s wlc\n"
		"-A -t 192.0.2.10:80 -s wrr -p 300 -M 255.255.255.0\n"
		"-a -t 192.0.2.10:80 -r 192.0.2.1:80 -m -w 0\n"
		"-a -t 192.0.2.10:80 -r 192.0.2.2:80 -g -w 1\n"
		"-A --sctp-service 10.0.0.1:9 -s mh -b mh-port\n"
		"-a --sctp-service 10.0.0.1:9 -r 10.0.0.2:9 -m -w 65535\n"
		"-A -u [2001:db8::10]:53 -s rr -p 360 -M 64 --pe sip -o -b flag-1\n"
		"-a -u [2001:db8::10]:53 -r [2001:db8::2]:53 -i -w 1 --tun-type ipip\n"
		"-a -u [2001:db8::10]:53 -r [2001:db8::3]:53 -i -w 7 --tun-type gue --tun-port 6080 --tun-csum\n"
		"-a -u [2001:db8::10]:53 -r [2001:db8::4]:53 -i -w 7 --tun-type gre --tun-nocsum\n"
		"-A -f 1 -s sh -b sh-fallback,sh-port\n"
		"-a -f 1 -r 192.0.2.1:0 -g -w 2\n"
		"-A -f 1 -6 -s wlc\n";
	assert_int_equal(vg_lvs_ipvsadm_save(&t, out, sizeof(out)), (int64_t)strlen(want));
	assert_string_equal(out, want);
	/* truncation: the length it needs, a terminated prefix */
	assert_int_equal(vg_lvs_ipvsadm_save(&t, out, 10), (int64_t)strlen(want));
	assert_string_equal(out, "-A -t 192");
	vg_lvs_table_free(&t);
}

/* libipvs compares addresses by int subtraction: 1.0.0.1 - 192.0.2.1 wraps and sorts after. */
static void test_ipvsadm_sort_quirk(void **state)
{
	struct vg_lvs_table t;
	struct vg_lvs_tsvc s;
	(void)state;
	assert_int_equal(vg_lvs_table_init(&t, 4, 1), 0);
	s = S("1.0.0.1", 6, 80, 0, 0);
	vg_lvs_table_add_service(&t, &s);
	s = S("192.0.2.1", 6, 80, 0, 0);
	vg_lvs_table_add_service(&t, &s);
	assert_int_equal(vg_lvs_table_sort(&t), 0);
	vg_lvs_ipvsadm_save(&t, out, sizeof(out));
	assert_string_equal(out, "-A -t 192.0.2.1:80 -s wlc\n-A -t 1.0.0.1:80 -s wlc\n");
	t.sorted = false;
	assert_int_equal(vg_lvs_ipvsadm_save(&t, out, sizeof(out)), VG_LVS_EINVAL);
	vg_lvs_table_free(&t);
}

/* A reload as ipvsadm commands: one weight, one server in, one out, a scheduler, a service gone. */
static void test_ops_as_commands(void **state)
{
	struct vg_lvs_table cur, want;
	struct vg_lvs_tsvc s;
	struct vg_lvs_op v[16];
	struct vg_lvs_ops o;
	int a;
	(void)state;
	assert_int_equal(vg_lvs_table_init(&cur, 4, 8), 0);
	assert_int_equal(vg_lvs_table_init(&want, 4, 8), 0);
	s = S("192.0.2.10", 6, 80, 0, 0);
	strcpy(s.sched, "wrr");
	a = vg_lvs_table_add_service(&cur, &s);
	D(&cur, a, "192.0.2.1", 80, VG_IPVS_FWD_DROUTE, 1);
	D(&cur, a, "192.0.2.2", 80, VG_IPVS_FWD_DROUTE, 1);
	s = S(NULL, 0, 0, 3, VG_AF_INET);
	vg_lvs_table_add_service(&cur, &s);
	s = S("192.0.2.10", 6, 80, 0, 0);
	strcpy(s.sched, "rr");
	a = vg_lvs_table_add_service(&want, &s);
	D(&want, a, "192.0.2.1", 80, VG_IPVS_FWD_DROUTE, 4);
	D(&want, a, "192.0.2.3", 80, VG_IPVS_FWD_DROUTE, 1);
	assert_int_equal(vg_lvs_table_sort(&cur), 0);
	assert_int_equal(vg_lvs_table_sort(&want), 0);
	vg_lvs_ops_init(&o, v, 16);
	assert_int_equal(vg_lvs_table_diff(&cur, &want, NULL, NULL, true, &o), 5);
	vg_lvs_ipvsadm_ops(&cur, &want, &o, out, sizeof(out));
	assert_string_equal(out, "-D -f 3\n"
				 "-E -t 192.0.2.10:80 -s rr\n"
				 "-a -t 192.0.2.10:80 -r 192.0.2.3:80 -g -w 1 -x 100 -y 10\n"
				 "-e -t 192.0.2.10:80 -r 192.0.2.1:80 -g -w 4 -x 100 -y 10\n"
				 "-d -t 192.0.2.10:80 -r 192.0.2.2:80\n");
	o.len = 0;
	assert_int_equal(vg_lvs_ipvsadm_ops(&cur, &want, &o, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	v[0].svc = 9;
	o.len = 1;
	assert_int_equal(vg_lvs_ipvsadm_ops(&cur, &want, &o, out, sizeof(out)), VG_LVS_EINVAL);
	vg_lvs_table_free(&cur);
	vg_lvs_table_free(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_option),
		cmocka_unit_test(test_ipvsadm_sort_quirk),
		cmocka_unit_test(test_ops_as_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
