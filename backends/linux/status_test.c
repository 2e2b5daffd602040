// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the status snapshot's renderings (status.c), no root: the
 * JSON document's fields and nulls (docs/operations.md "JSON schema"), the
 * human table (columns, priorities, ages, drops by reason, IPVS missing),
 * clock conversion, the checker driver's lookup, and the bounded buffer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "status.h"
#include "vrrp/action.h"

#define T0 VG_S(1000)          /* monotonic time of the request */
#define REAL VG_S(1700000000)  /* wall clock of the same wake-up */

static void snapshot(struct vgd_status *st)
{
	struct vgd_status_instance *a, *b;
	struct vgd_status_group *g;
	struct vgd_status_vs *v;
	struct vgd_status_rs *r;

	vgd_status_init(st, T0, REAL);
	st->pid = 42;
	st->version = "0.1.0";
	st->conf = "/etc/keepalived/keepalived.conf";
	a = vgd_status_add_instance(st);
	snprintf(a->name, sizeof(a->name), "VI_1");
	snprintf(a->iface, sizeof(a->iface), "eth0");
	snprintf(a->group, sizeof(a->group), "G1");
	a->vrid = 51;
	a->version = 2;
	a->family = 4;
	a->state = VG_STATE_MASTER;
	a->base_priority = 100;
	a->effective_priority = 150;
	snprintf(a->master, sizeof(a->master), "192.0.2.11");
	a->master_priority = 150;
	a->vips_installed = true;
	a->vip_count = 1;
	a->last_from = VG_STATE_BACKUP;
	a->last_to = VG_STATE_MASTER;
	a->last_why = VG_WHY_MASTER_DOWN;
	a->last_at_unix_ns = vgd_status_unix(st, T0 - VG_S(125)); /* 2m05s before */
	a->adverts_rx = 7;
	a->adverts_tx = 300;
	a->drops[VG_DROP_TTL] = 3;
	a->drops[VG_DROP_AUTH] = 1;
	b = vgd_status_add_instance(st);
	snprintf(b->name, sizeof(b->name), "VI_\"2\"");
	b->state = VG_STATE_INIT;
	b->base_priority = b->effective_priority = 90;
	g = vgd_status_add_group(st);
	snprintf(g->name, sizeof(g->name), "G1");
	g->state = VG_STATE_MASTER;
	g->members = 1;
	st->lvs_configured = true;
	st->ipvs_available = false;
	snprintf(st->ipvs_note, sizeof(st->ipvs_note), "IPVS is unavailable on this kernel");
	v = vgd_status_add_vs(st);
	snprintf(v->name, sizeof(v->name), "192.0.2.100:80/tcp");
	snprintf(v->sched, sizeof(v->sched), "rr");
	r = vgd_status_add_rs(st);
	snprintf(r->name, sizeof(r->name), "192.0.2.21:80");
	r->weight = 3;
}

static void test_json_fields(void **state)
{
	struct vgd_status st;
	struct vgd_buf b;

	(void)state;
	snapshot(&st);
	vgd_buf_init(&b, 1 << 20);
	assert_int_equal(vgd_status_json(&st, &b), 0);
	assert_non_null(strstr(b.p, "{\"schema\":1,\"vigild\":{\"version\":\"0.1.0\",\"pid\":42,"
				    "\"config\":\"/etc/keepalived/keepalived.conf\",\"time\":1700000000.000000}"));
	assert_non_null(strstr(b.p, "\"name\":\"VI_1\",\"interface\":\"eth0\",\"sync_group\":\"G1\",\"vrid\":51,"
				    "\"version\":2,\"family\":\"ipv4\",\"state\":\"MASTER\",\"base_priority\":100,"
				    "\"effective_priority\":150,\"master\":{\"address\":\"192.0.2.11\",\"priority\":150,"
				    "\"self\":true}"));
	assert_non_null(strstr(b.p, "\"last_transition\":{\"from\":\"BACKUP\",\"to\":\"MASTER\","
				    "\"reason\":\"master-down\",\"time\":1699999875.000000}"));
	assert_non_null(strstr(b.p, "\"adverts\":{\"received\":7,\"sent\":300,"));
	assert_non_null(strstr(b.p, "\"drops\":{\"ttl\":3,"));
	assert_non_null(strstr(b.p, "\"auth\":1,"));
	/* a name is escaped; an instance without a master or a transition has nulls */
	assert_non_null(strstr(b.p, "\"name\":\"VI_\\\"2\\\"\""));
	assert_non_null(strstr(b.p, "\"state\":\"INIT\",\"base_priority\":90,\"effective_priority\":90,\"master\":null"));
	assert_non_null(strstr(b.p, "\"sync_groups\":[{\"name\":\"G1\",\"state\":\"MASTER\",\"members\":1,"
				    "\"last_transition\":null}]"));
	assert_non_null(strstr(b.p, "\"lvs\":{\"configured\":true,\"ipvs_available\":false,"
				    "\"note\":\"IPVS is unavailable on this kernel\""));
	assert_non_null(strstr(b.p, "\"real_servers\":[{\"name\":\"192.0.2.21:80\",\"in\":false,\"in_kernel\":false,"
				    "\"weight\":3,"));
	assert_non_null(strstr(b.p, "\"check\":{\"result\":null,\"kind\":null,\"latency_ms\":null,\"time\":null},"
				    "\"down_since\":null}"));
	assert_string_equal(b.p + b.len - 15, "\"truncated\":0}\n");
	vgd_buf_free(&b);
	vgd_status_free(&st);
}

static void test_table(void **state)
{
	struct vgd_status st;
	struct vgd_buf b;
	const char *line;

	(void)state;
	snapshot(&st);
	vgd_buf_init(&b, 1 << 20);
	assert_int_equal(vgd_status_table(&st, &b), 0);
	assert_non_null(strstr(b.p, "vigild 0.1.0, pid 42, /etc/keepalived/keepalived.conf\n"));
	line = strstr(b.p, "VI_1  ");
	assert_non_null(line);
	assert_non_null(strstr(line, "MASTER  150 (base 100)  192.0.2.11 (this node)  51"));
	assert_non_null(strstr(line, "BACKUP->MASTER (master-down) 2m05s ago  7/300"));
	assert_non_null(strstr(line, "ttl=3 auth=1\n"));
	assert_non_null(strstr(b.p, "INSTANCE  "));
	assert_non_null(strstr(b.p, "\nG1          MASTER  1        -\n"));
	assert_non_null(strstr(b.p, "IPVS: IPVS is unavailable on this kernel: no kernel counters\n"));
	line = strstr(b.p, "\n  192.0.2.21:80 ");
	assert_non_null(line);
	line += strspn(line + 16, " ") + 16;
	/* out of the kernel's sight: in/out unknown, the configured weight */
	assert_int_equal(line[0], '?');
	line += 1 + strspn(line + 1, " ");
	assert_memory_equal(line, "3 ", 2);
	assert_null(strstr(b.p, " \n")); /* no trailing blanks */
	vgd_buf_free(&b);
	vgd_status_free(&st);
}

static void test_checker_fills_rs(void **state)
{
	struct vgd_status st;
	struct vgd_status_rs *r;
	struct vgd_buf b;

	(void)state;
	snapshot(&st);
	assert_null(vgd_status_rs_find(&st, "192.0.2.100:80/tcp", "192.0.2.99:80"));
	assert_null(vgd_status_rs_find(&st, "192.0.2.101:80/tcp", "192.0.2.21:80"));
	r = vgd_status_rs_find(&st, "192.0.2.100:80/tcp", "192.0.2.21:80");
	assert_non_null(r);
	r->check = VGD_CHECK_DOWN;
	snprintf(r->check_kind, sizeof(r->check_kind), "HTTP_GET");
	r->check_latency_us = 12345;
	r->check_at_unix_ns = REAL - VG_S(3);
	vgd_buf_init(&b, 1 << 20);
	vgd_status_json(&st, &b);
	assert_non_null(strstr(b.p, "\"check\":{\"result\":\"down\",\"kind\":\"HTTP_GET\",\"latency_ms\":12.345,"
				    "\"time\":1699999997.000000}"));
	b.len = 0;
	vgd_status_table(&st, &b);
	assert_non_null(strstr(b.p, "HTTP_GET down 3s ago  12.345 ms\n"));
	vgd_buf_free(&b);
	vgd_status_free(&st);
}

static void test_clock_and_names(void **state)
{
	struct vgd_status st;
	struct vg_addr a6, a4;
	char s[VGD_STATUS_ENDPOINT_MAX];

	(void)state;
	vgd_status_init(&st, T0, REAL);
	assert_int_equal(vgd_status_unix(&st, T0 - VG_S(1)), REAL - VG_S(1));
	assert_int_equal(vgd_status_unix(&st, VG_TIME_NEVER), 0);
	assert_int_equal(vgd_status_unix(&st, 0), 0);
	assert_int_equal(vgd_status_unix(&st, T0 + 1), 0); /* the future is not a time that passed */
	assert_int_equal(vg_addr_parse("2001:db8::1", &a6), 0);
	assert_int_equal(vg_addr_parse("192.0.2.1", &a4), 0);
	vgd_status_endpoint(&a6, 443, s, sizeof(s));
	assert_string_equal(s, "[2001:db8::1]:443");
	vgd_status_service(&a4, 53, 17, 0, s, sizeof(s));
	assert_string_equal(s, "192.0.2.1:53/udp");
	vgd_status_service(&a6, 0, 0, 7, s, sizeof(s));
	assert_string_equal(s, "fwmark 7/ipv6");
	/* a real server needs a virtual server before it */
	assert_null(vgd_status_add_rs(&st));
	assert_int_equal(st.truncated, 1);
	vgd_status_free(&st);
}

static void test_buf_bounded(void **state)
{
	struct vgd_buf b;

	(void)state;
	vgd_buf_init(&b, 8);
	vgd_buf_printf(&b, "%s", "1234567");
	assert_false(b.overflow);
	assert_string_equal(b.p, "1234567");
	vgd_buf_printf(&b, "x");
	assert_true(b.overflow);
	assert_int_equal(b.len, 7);
	vgd_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_fields),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_checker_fills_rs),
		cmocka_unit_test(test_clock_and_names),
		cmocka_unit_test(test_buf_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
