// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the configuration -> kernel table mapping, written as the
 * `ipvsadm -S -n` text keepalived 2.2.7 leaves at start (expected text by
 * hand from the configuration), the keepalived -t corrections with their
 * messages, and the table from a run-time state.
 */
#include "conf/testutil.h"
#include "lvs/ipvsadm_fmt.h"
#include "lvs/table_from_conf.h"

static struct parsed P;
static struct vg_lvs_conf_map M;
static struct vg_lvs_table T;
static char out[8192];

static int teardown(void **state)
{
	(void)state;
	vg_lvs_table_free(&T);
	vg_lvs_conf_map_free(&M);
	parsed_free(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

static const char *table_of(const char *text, int want_rc)
{
	parse_text(&P, text);
	if (P.rc)
		dump_diags(&P.diags);
	assert_int_equal(P.rc, 0);
	assert_int_equal(vg_lvs_from_conf(P.conf, &M, &P.diags), 0);
	assert_int_equal(vg_lvs_table_from_conf(&M, &T, &P.diags), want_rc);
	assert_true(vg_lvs_ipvsadm_save(&T, out, sizeof(out)) < (int64_t)sizeof(out));
	return out;
}

static bool has_diag(const char *needle)
{
	for (uint32_t i = 0; i < P.diags.count; i++)
		if (strstr(P.diags.items[i].message, needle))
			return true;
	return false;
}

/* Seed 08: wrr, DR, persistence 50, two servers of weight 1 (HTTP_GET not run: up at start). */
static void test_seed_08(void **state)
{
	(void)state;
	parse_seed(&P, "08-lvs-wrr-http-get.conf");
	assert_int_equal(vg_lvs_from_conf(P.conf, &M, &P.diags), 0);
	assert_int_equal(vg_lvs_table_from_conf(&M, &T, &P.diags), 0);
	vg_lvs_ipvsadm_save(&T, out, sizeof(out));
	assert_string_equal(out, "-A -t 192.168.1.233:80 -s wrr -p 50\n"
				 "-a -t 192.168.1.233:80 -r 192.168.1.129:80 -g -w 1\n"
				 "-a -t 192.168.1.233:80 -r 192.168.1.131:80 -g -w 1\n");
}

static void test_group_ranges_fwmarks_and_ports(void **state)
{
	(void)state;
	table_of("virtual_server_group G {\n  192.0.2.1-3 80\n  fwmark 7\n  2001:db8::1 443\n}\n"
		 "virtual_server group G {\n  protocol TCP\n  lb_kind DR\n  persistence_timeout 60\n"
		 "  persistence_granularity 255.255.255.0\n"
		 "  real_server 192.0.2.100 8080 {\n    weight 3\n  }\n}\n",
		 0);
	/* DR takes the service's port; a group keeps the host netmask (ipvs_group_range_cmd) */
	assert_string_equal(out, "-A -t 192.0.2.1:80 -s wlc -p 60\n"
				 "-a -t 192.0.2.1:80 -r 192.0.2.100:80 -g -w 3\n"
				 "-A -t 192.0.2.2:80 -s wlc -p 60\n"
				 "-a -t 192.0.2.2:80 -r 192.0.2.100:80 -g -w 3\n"
				 "-A -t 192.0.2.3:80 -s wlc -p 60\n"
				 "-a -t 192.0.2.3:80 -r 192.0.2.100:80 -g -w 3\n"
				 "-A -t [2001:db8::1]:443 -s wlc -p 60\n"
				 "-a -t [2001:db8::1]:443 -r 192.0.2.100:443 -g -w 3\n"
				 "-A -f 7 -s wlc -p 60\n"
				 "-a -f 7 -r 192.0.2.100:0 -g -w 3\n");
	assert_true(has_diag("persistence_granularity has no effect on a virtual_server group"));
}

static void test_alpha_inhibit_sorry_quorum(void **state)
{
	(void)state;
	/* alpha: checked servers start out; inhibit_on_failure puts them in at weight 0; quorum 2 not
	   reached, so the sorry server (NAT, its own port) serves */
	table_of("virtual_server 192.0.2.10 80 {\n  protocol TCP\n  lb_algo sh\n  sh-port\n  sh-fallback\n"
		 "  lb_kind NAT\n  alpha\n  quorum 2\n  sorry_server 192.0.2.99 8080\n"
		 "  real_server 192.0.2.1 8080 {\n    weight 2\n    TCP_CHECK {\n    }\n  }\n"
		 "  real_server 192.0.2.2 8081 {\n    inhibit_on_failure\n    TCP_CHECK {\n    }\n  }\n"
		 "  real_server 192.0.2.3 {\n    weight 4\n    uthreshold 100\n    lthreshold 10\n  }\n}\n",
		 0);
	/* .3 has no checker: up (weight 4 >= quorum 2); .1 alpha: out; .2 alpha + inhibit: weight 0 */
	assert_string_equal(out, "-A -t 192.0.2.10:80 -s sh -b sh-fallback,sh-port\n"
				 "-a -t 192.0.2.10:80 -r 192.0.2.2:8081 -m -w 0\n"
				 "-a -t 192.0.2.10:80 -r 192.0.2.3:80 -m -w 4\n");
	teardown(NULL);
	table_of("virtual_server 192.0.2.10 80 {\n  protocol TCP\n  alpha\n  quorum 2\n"
		 "  sorry_server 192.0.2.99 8080\n  sorry_server_lvs_method DR\n"
		 "  real_server 192.0.2.1 80 {\n    weight 2\n    TCP_CHECK {\n    }\n  }\n}\n",
		 0);
	/* no server up: quorum lost at start, the sorry server (DR: the service's port) is in */
	assert_string_equal(out, "-A -t 192.0.2.10:80 -s wlc\n-a -t 192.0.2.10:80 -r 192.0.2.99:80 -g -w 1\n");
	teardown(NULL);
	table_of("virtual_server 192.0.2.10 80 {\n  protocol TCP\n  sorry_server 192.0.2.99 8080\n"
		 "  sorry_server_inhibit\n  real_server 192.0.2.1 80 {\n  }\n}\n",
		 0);
	/* sorry_server_inhibit: in at weight 0 while quorum holds */
	assert_string_equal(out, "-A -t 192.0.2.10:80 -s wlc\n-a -t 192.0.2.10:80 -r 192.0.2.1:80 -m -w 1\n"
				 "-a -t 192.0.2.10:80 -r 192.0.2.99:8080 -m -w 0\n");
}

/* keepalived -t on these blocks (keepalived 2.2.7, messages quoted from its output) */
static void test_keepalived_t_corrections(void **state)
{
	(void)state;
	table_of("virtual_server fwmark 1 {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n"
		 "  real_server 192.0.2.1 80 {\n  }\n}\n"
		 "virtual_server 192.0.2.10 80 {\n  lb_algo rr\n  sh-port\n  ops\n  lb_kind DR\n  protocol TCP\n"
		 "  quorum 5\n  hysteresis 3\n  real_server 192.0.2.1 8080 {\n    weight 2\n  }\n}\n"
		 "virtual_server fwmark 2 {\n  ops\n  lb_kind TUN type gue port 6080 remcsum\n"
		 "  real_server 2001:db8::1 {\n  }\n}\n"
		 "virtual_server 192.0.2.11 80 {\n  protocol UDP\n}\n",
		 0);
	assert_true(has_diag("Warning: Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored"));
	assert_true(has_diag("WARNING - fwmark virtual server FWM 1, real server [192.0.2.1]:none:80 has port specified - clearing"));
	assert_true(has_diag("sh-port only applies to sh scheduler - ignoring"));
	assert_true(has_diag("Virtual server [192.0.2.10]:tcp:80: one packet scheduling requires UDP - resetting"));
	assert_true(has_diag("Warning - quorum 5 for [192.0.2.10]:tcp:80 exceeds total weight of real servers 2, "
			     "reducing quorum to 2"));
	assert_true(has_diag("Virtual server [192.0.2.10]:tcp:80: hysteresis 3 >= quorum 2; setting hysteresis to 1"));
	assert_true(has_diag("WARNING - virtual server [192.0.2.10]:tcp:80 and real server [192.0.2.1]:tcp:8080 ports "
			     "don't match - resetting"));
	assert_true(has_diag("Virtual server [192.0.2.11]:udp:80 has no real servers - ignoring"));
	/* fwmark 2 takes ops (no address), its family from the real server; TUN gue options kept */
	assert_string_equal(out, "-A -t 192.0.2.10:80 -s rr\n"
				 "-a -t 192.0.2.10:80 -r 192.0.2.1:80 -g -w 2\n"
				 "-A -f 1 -s rr\n"
				 "-a -f 1 -r 192.0.2.1:0 -g -w 1\n"
				 "-A -f 2 -6 -s wlc -o\n"
				 "-a -f 2 -6 -r [2001:db8::1]:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum\n");
}

/* The kernel's limits keepalived does not check. */
static void test_kernel_limits(void **state)
{
	(void)state;
	table_of("virtual_server 192.0.2.10 5060 {\n  protocol UDP\n  lb_algo rr\n  lb_kind NAT\n"
		 "  persistence_timeout 30\n  persistence_engine sip\n  flag-1\n"
		 "  real_server 192.0.2.1 5060 {\n  }\n}\n"
		 "virtual_server 192.0.2.11 5060 {\n  protocol UDP\n  lb_algo mh\n  lb_kind NAT\n"
		 "  persistence_timeout 30\n  persistence_engine rtsp\n  flag-3\n  mh-port\n"
		 "  real_server 192.0.2.1 5060 {\n  }\n}\n",
		 0);
	assert_true(has_diag("flag-1: the kernel's rr scheduler takes no flag"));
	assert_true(has_diag("flag-3: the kernel's mh scheduler uses flag-1 and flag-2 only"));
	assert_true(has_diag("persistence_engine 'rtsp': the kernel has only the 'sip' engine"));
	assert_string_equal(out, "-A -u 192.0.2.10:5060 -s rr -p 30 --pe sip -b flag-1\n"
				 "-a -u 192.0.2.10:5060 -r 192.0.2.1:5060 -m -w 1\n"
				 "-A -u 192.0.2.11:5060 -s mh -p 30 --pe rtsp -b mh-port\n"
				 "-a -u 192.0.2.11:5060 -r 192.0.2.1:5060 -m -w 1\n");
}

static void test_two_virtual_servers_one_service(void **state)
{
	(void)state;
	table_of("virtual_server 192.0.2.10 80 {\n  protocol TCP\n  real_server 192.0.2.1 80 {\n  }\n}\n"
		 "virtual_server_group G {\n  192.0.2.9-10 80\n}\n"
		 "virtual_server group G {\n  protocol TCP\n  real_server 192.0.2.2 80 {\n  }\n}\n",
		 VG_LVS_EINVAL);
	assert_true(has_diag("two virtual servers program the IPVS service TCP 192.0.2.10 port 80"));
}

/* The table from a run-time state: a server going down leaves it (or, inhibited, sits at 0). */
static void test_table_follows_state(void **state)
{
	struct vg_lvs_service *st;
	struct vg_action acts[64];
	struct vg_actions a;
	struct vg_lvs_table t;
	(void)state;
	table_of("virtual_server 192.0.2.10 80 {\n  protocol TCP\n  lb_algo wrr\n"
		 "  real_server 192.0.2.1 80 {\n    weight 5\n  }\n"
		 "  real_server 192.0.2.2 80 {\n    inhibit_on_failure\n  }\n}\n",
		 0);
	st = vg_lvs_service_alloc(&M.svc[0].cfg);
	assert_non_null(st);
	vg_lvs_service_init(st, &M.svc[0].cfg);
	vg_actions_init(&a, acts, 64);
	vg_lvs_service_start(st, 0, 0, &a);
	st->rs[1].alive = false; /* as a failed checker leaves it: inhibited, still set */
	st->rs[0].effective_weight = 9;
	assert_int_equal(vg_lvs_table_init(&t, 1, 3), 0);
	assert_int_equal(vg_lvs_table_put_service(&t, &M, &M.svc[0], st), 0);
	assert_int_equal(vg_lvs_table_sort(&t), 0);
	vg_lvs_ipvsadm_save(&t, out, sizeof(out));
	assert_string_equal(out, "-A -t 192.0.2.10:80 -s wrr\n"
				 "-a -t 192.0.2.10:80 -r 192.0.2.1:80 -m -w 9\n"
				 "-a -t 192.0.2.10:80 -r 192.0.2.2:80 -m -w 0\n");
	{
		struct vg_lvs_op ops[8];
		struct vg_lvs_ops o;

		vg_lvs_ops_init(&o, ops, 8);
		assert_int_equal(vg_lvs_table_diff(&T, &t, NULL, NULL, false, &o), 2); /* two weights */
		assert_int_equal(ops[0].kind, VG_LVS_OP_DEST_EDIT);
		assert_int_equal(ops[1].kind, VG_LVS_OP_DEST_EDIT);
	}
	vg_lvs_table_free(&t);
	free(st);
}

/* The table of `text` (a fresh parse), into t and its map into m. */
static void table_into(const char *text, struct parsed *p, struct vg_lvs_conf_map *m, struct vg_lvs_table *t)
{
	parse_text(p, text);
	assert_int_equal(p->rc, 0);
	assert_int_equal(vg_lvs_from_conf(p->conf, m, &p->diags), 0);
	assert_int_equal(vg_lvs_table_from_conf(m, t, &p->diags), 0);
}

#define RELOAD_VS(RS) "virtual_server 192.0.2.10 80 {\n  lb_algo wrr\n  lb_kind DR\n  protocol TCP\n" RS "}\n" \
		      "virtual_server 192.0.2.11 80 {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n" \
		      "  real_server 198.51.100.9 80 {\n  }\n}\n"
#define RS(A, W) "  real_server 198.51.100." A " 80 {\n    weight " W "\n  }\n"

/*
 * The reload property, on the two tables vigild's reload diffs (the old
 * file's and the new file's, lvs_driver.c): an unchanged file is no
 * operation, one weight one DEST_EDIT, a server added and one removed
 * exactly one DEST_ADD and one DEST_DEL, a dropped virtual server one
 * SVC_DEL (owned: it was the old file's); never a delete of a service or
 * destination both files have (a delete-and-add would drop its connections).
 */
static void test_reload_diffs(void **state)
{
	static const struct {
		const char *text;
		int64_t n;
		uint8_t kinds[2];
	} next[] = {
		{ RELOAD_VS(RS("1", "1") RS("2", "1")), 0, { 0 } },
		{ RELOAD_VS(RS("1", "1") RS("2", "5")), 1, { VG_LVS_OP_DEST_EDIT } },
		{ RELOAD_VS(RS("1", "1") RS("3", "1")), 2, { VG_LVS_OP_DEST_ADD, VG_LVS_OP_DEST_DEL } },
		{ "virtual_server 192.0.2.10 80 {\n  lb_algo wrr\n  lb_kind DR\n  protocol TCP\n" RS("1", "1") RS("2", "1")
		  "}\n", 1, { VG_LVS_OP_SVC_DEL } },
	};
	struct parsed p1;
	struct vg_lvs_conf_map m1;
	struct vg_lvs_table t1;

	(void)state;
	table_into(RELOAD_VS(RS("1", "1") RS("2", "1")), &p1, &m1, &t1);
	for (size_t i = 0; i < sizeof(next) / sizeof(next[0]); i++) {
		struct vg_lvs_op ops[8];
		struct vg_lvs_ops o;

		table_into(next[i].text, &P, &M, &T);
		vg_lvs_ops_init(&o, ops, 8);
		/* vigild's reload: current = the old model, owned = the old model, no flush */
		assert_int_equal(vg_lvs_table_diff(&t1, &T, vg_lvs_table_owns, &t1, false, &o), next[i].n);
		for (int64_t k = 0; k < next[i].n; k++) {
			assert_int_equal(ops[k].kind, next[i].kinds[k]);
			if (ops[k].kind == VG_LVS_OP_DEST_DEL) /* the one removed is .2, never .1 */
				assert_int_equal(t1.dest[ops[k].dest].addr.bytes[3], 2);
			if (ops[k].kind == VG_LVS_OP_SVC_DEL)
				assert_int_equal(t1.svc[ops[k].svc].key.addr.bytes[3], 11);
		}
		teardown(NULL);
	}
	vg_lvs_table_free(&t1);
	vg_lvs_conf_map_free(&m1);
	parsed_free(&p1);
}

/*
 * 10,000 virtual servers of 10 real servers each (100,000 destinations):
 * the mapper and the table take them all (storage by count, no fixed
 * limit of 1,024), in order, and a diff of the table with itself is empty.
 */
static void test_ten_thousand_services(void **state)
{
	enum { NS = 10000, NR = 10 };
	size_t cap = (size_t)NS * 800, len = 0;
	char *text = malloc(cap);
	struct vg_lvs_op op;
	struct vg_lvs_ops o;

	(void)state;
	assert_non_null(text);
	for (int s = 0; s < NS; s++) {
		/* VIPs 192.0.2.10..209, one port each: (VIP, port) unique */
		len += (size_t)snprintf(text + len, cap - len,
					"virtual_server 192.0.2.%d %d {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n",
					10 + s % 200, 1000 + s / 200);
		for (int r = 0; r < NR; r++)
			len += (size_t)snprintf(text + len, cap - len, "  real_server 198.51.100.%d %d {\n  }\n", 1 + r,
						1000 + s / 200);
		len += (size_t)snprintf(text + len, cap - len, "}\n");
		assert_true(len < cap);
	}
	parse_text(&P, text);
	free(text);
	assert_int_equal(P.rc, 0);
	assert_int_equal(vg_lvs_from_conf(P.conf, &M, &P.diags), 0);
	assert_int_equal(M.count, NS);
	assert_int_equal(M.key_count, NS);
	assert_int_equal(M.svc[NS - 1].cfg.rs_count, NR);
	assert_int_equal(M.svc[NS - 1].cfg.id, NS - 1);
	assert_int_equal(vg_lvs_table_from_conf(&M, &T, &P.diags), 0);
	assert_int_equal(T.svc_count, NS);
	assert_int_equal(T.dest_count, NS * NR);
	/* the last of the sort: 192.0.2.209 port 1049 (s = 9999), its last real server */
	assert_int_equal(T.svc[NS - 1].key.port, 1049);
	assert_int_equal(T.svc[NS - 1].key.addr.bytes[3], 209);
	assert_int_equal(T.svc[NS - 1].dest_count, NR);
	assert_int_equal(T.dest[NS * NR - 1].addr.bytes[3], NR);
	vg_lvs_ops_init(&o, &op, 1);
	assert_int_equal(vg_lvs_table_diff(&T, &T, NULL, NULL, false, &o), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_seed_08, teardown),
		cmocka_unit_test_teardown(test_group_ranges_fwmarks_and_ports, teardown),
		cmocka_unit_test_teardown(test_alpha_inhibit_sorry_quorum, teardown),
		cmocka_unit_test_teardown(test_keepalived_t_corrections, teardown),
		cmocka_unit_test_teardown(test_kernel_limits, teardown),
		cmocka_unit_test_teardown(test_two_virtual_servers_one_service, teardown),
		cmocka_unit_test_teardown(test_table_follows_state, teardown),
		cmocka_unit_test_teardown(test_ten_thousand_services, teardown),
		cmocka_unit_test_teardown(test_reload_diffs, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
