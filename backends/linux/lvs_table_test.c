/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver's pure half without root: a dumped kernel table as the
 * model, and a diff queued as a batch (how many IPVS messages a start, a
 * reload with an unchanged table, one weight or a foreign service costs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/ip_vs.h>

#include "lvs_table.h"

static struct vgl_ipvs_table_service ksvc[2];
static struct vgl_ipvs_dest kdest[3];

/* The kernel as dumped: TCP 192.0.2.1:80 rr with two DR servers, and a foreign UDP 192.0.2.9:53. */
static void kernel(struct vgl_ipvs_table *k)
{
	memset(ksvc, 0, sizeof(ksvc));
	memset(kdest, 0, sizeof(kdest));
	ksvc[0].svc.addr.family = VG_AF_INET;
	memcpy(ksvc[0].svc.addr.bytes, (uint8_t[]){ 192, 0, 2, 1 }, 4);
	ksvc[0].svc.protocol = 6;
	ksvc[0].svc.port = 80;
	strcpy(ksvc[0].svc.sched_name, "rr");
	ksvc[0].svc.flags = 0x2; /* HASHED, as the kernel lists every service */
	ksvc[0].svc.netmask = 0xffffffffu;
	ksvc[0].dest_first = 0;
	ksvc[0].dest_count = 2;
	for (int i = 0; i < 2; i++) {
		kdest[i].addr.family = VG_AF_INET;
		memcpy(kdest[i].addr.bytes, (uint8_t[]){ 10, 0, 0, (uint8_t)(i + 1) }, 4);
		kdest[i].port = 80;
		kdest[i].fwd_method = IP_VS_CONN_F_DROUTE;
		kdest[i].weight = 1;
	}
	ksvc[1] = ksvc[0];
	ksvc[1].svc.protocol = 17;
	ksvc[1].svc.addr.bytes[3] = 9;
	ksvc[1].svc.port = 53;
	ksvc[1].dest_first = 2;
	ksvc[1].dest_count = 0;
	memset(k, 0, sizeof(*k));
	k->svc = ksvc;
	k->nsvc = 2;
	k->dest = kdest;
	k->ndest = 2;
}

/* The messages a diff of cur -> want queues. */
static int64_t messages(const struct vg_lvs_table *cur, const struct vg_lvs_table *want, bool own_cur)
{
	struct vg_lvs_op v[16];
	struct vg_lvs_ops ops;
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(16);
	int64_t n;

	assert_non_null(b);
	vg_lvs_ops_init(&ops, v, 16);
	assert_true(vg_lvs_table_diff(cur, want, own_cur ? vg_lvs_table_owns : NULL, (void *)want, false, &ops) >= 0);
	n = vgd_lvs_queue_ops(b, cur, want, &ops, NULL, NULL);
	assert_int_equal((size_t)n, vgl_ipvs_batch_count(b));
	vgl_ipvs_batch_free(b);
	return n;
}

static void dump_becomes_the_model(void **state)
{
	struct vgl_ipvs_table k;
	struct vg_lvs_table t;

	(void)state;
	kernel(&k);
	assert_int_equal(vgd_lvs_from_kernel(&k, &t), 0);
	assert_int_equal(t.svc_count, 2);
	assert_int_equal(t.dest_count, 2);
	assert_int_equal(t.svc[0].flags, 0); /* HASHED dropped */
	assert_int_equal(t.dest[0].fwd, VG_IPVS_FWD_DROUTE);
	vg_lvs_table_free(&t);
}

static void same_table_costs_nothing_a_weight_one(void **state)
{
	struct vgl_ipvs_table k;
	struct vg_lvs_table cur, want;

	(void)state;
	kernel(&k);
	assert_int_equal(vgd_lvs_from_kernel(&k, &cur), 0);
	assert_int_equal(vgd_lvs_from_kernel(&k, &want), 0);
	assert_int_equal(messages(&cur, &want, false), 0);
	want.dest[1].weight = 5;
	assert_int_equal(messages(&cur, &want, false), 1);
	vg_lvs_table_free(&cur);
	vg_lvs_table_free(&want);
}

static void foreign_service_is_left_unless_owned(void **state)
{
	struct vgl_ipvs_table k;
	struct vg_lvs_table cur, want;

	(void)state;
	kernel(&k);
	assert_int_equal(vgd_lvs_from_kernel(&k, &cur), 0);
	k.nsvc = 1; /* the configuration names only the TCP service */
	assert_int_equal(vgd_lvs_from_kernel(&k, &want), 0);
	assert_int_equal(messages(&cur, &want, false), 0);
	vg_lvs_table_free(&want);
	/* stop: nothing wanted; the owned table (the desired one) is what goes */
	assert_int_equal(vgd_lvs_table_empty(&want), 0);
	{
		struct vg_lvs_op v[16];
		struct vg_lvs_ops ops;
		struct vg_lvs_table owned;

		assert_int_equal(vgd_lvs_from_kernel(&k, &owned), 0);
		vg_lvs_ops_init(&ops, v, 16);
		assert_int_equal(vg_lvs_table_diff(&cur, &want, vg_lvs_table_owns, &owned, false, &ops), 1);
		assert_int_equal(v[0].kind, VG_LVS_OP_SVC_DEL);
		assert_int_equal(cur.svc[v[0].svc].key.protocol, 6);
		vg_lvs_table_free(&owned);
	}
	vg_lvs_table_free(&cur);
	vg_lvs_table_free(&want);
}

static void model_to_netlink_round_trip(void **state)
{
	struct vgl_ipvs_table k;
	struct vg_lvs_table t;
	struct vgl_ipvs_service s;
	struct vgl_ipvs_dest d;

	(void)state;
	kernel(&k);
	assert_int_equal(vgd_lvs_from_kernel(&k, &t), 0);
	vgd_lvs_svc_to_ipvs(&t.svc[0], &s);
	assert_int_equal(s.port, 80);
	assert_string_equal(s.sched_name, "rr");
	assert_int_equal(s.flags_mask, ~0u);
	vgd_lvs_dest_to_ipvs(&t.dest[0], &d);
	assert_int_equal(d.fwd_method, IP_VS_CONN_F_DROUTE);
	assert_int_equal(d.weight, 1);
	vg_lvs_table_free(&t);
}

/*
 * keepalived 2.2.7 global_parser.c lvs_flush_on_stop_handler: no argument is
 * LVS_FLUSH_FULL (clear_services: one ipvs_flush_cmd), "VS" is LVS_FLUSH_VS
 * (each virtual server deleted, its real servers left to the kernel), any
 * other word "Unknown lvs_flush_on_stop type %s" and the setting stays
 * LVS_NO_FLUSH. keepalived.conf(5): "lvs_flush_on_stop [VS]". There is no ALL.
 */
static void flush_on_stop_words(void **state)
{
	const char *vs[] = { "VS" }, *all[] = { "ALL" };
	struct vg_conf_kv bare = { .loc = { "k.conf", 3, 3 }, .keyword = "lvs_flush_on_stop" };
	struct vg_conf_kv kv_vs = bare, kv_all = bare;
	struct vg_diags dg;

	(void)state;
	kv_vs.args.items = vs;
	kv_vs.args.count = 1;
	kv_all.args.items = all;
	kv_all.args.count = 1;
	vg_diags_init(&dg);
	assert_int_equal(vgd_lvs_flush_on_stop(NULL, &dg), VGD_LVS_STOP_SERVICES);
	assert_int_equal(vgd_lvs_flush_on_stop(&bare, &dg), VGD_LVS_STOP_FLUSH);
	assert_int_equal(vgd_lvs_flush_on_stop(&kv_vs, &dg), VGD_LVS_STOP_VS);
	assert_int_equal(dg.count, 0);
	assert_int_equal(vgd_lvs_flush_on_stop(&kv_all, &dg), VGD_LVS_STOP_SERVICES);
	assert_int_equal(dg.count, 1);
	assert_non_null(strstr(dg.items[0].message, "Unknown lvs_flush_on_stop type ALL"));
	assert_int_equal(dg.items[0].loc.line, 3);
	vg_diags_free(&dg);
}

/* --ipvs-diff's view of a running vigild: its owned services as -A lines and back. */
static void owned_file_round_trip(void **state)
{
	const char *text = "-A -t 192.0.2.1:80 -s rr\n"
			   "-A -u [2001:db8::1]:53 -s wlc -p 60\n"
			   "-A --sctp-service 192.0.2.2:38412 -s sh -b sh-port\n"
			   "-A -f 7 -s rr\n"
			   "-A -f 8 -6 -s rr\n";
	struct vg_lvs_table t, u;
	uint32_t bad = 0;
	char path[64], *again;

	(void)state;
	assert_int_equal(vgd_lvs_owned_parse(text, &t, &bad), 0);
	assert_int_equal(t.svc_count, 5);
	assert_true(t.sorted);
	again = vgd_lvs_owned_text(&t);
	assert_non_null(again);
	assert_int_equal(vgd_lvs_owned_parse(again, &u, &bad), 0);
	assert_true(vg_lvs_table_equal(&t, &u)); /* the keys survive the text */
	for (uint32_t i = 0; i < t.svc_count; i++)
		assert_true(vg_lvs_table_owns(&t.svc[i], &u));
	assert_int_equal(u.svc[u.svc_count - 1].key.fwmark, 8);
	assert_int_equal(u.svc[u.svc_count - 1].key.family, VG_AF_INET6);
	free(again);
	vg_lvs_table_free(&u);
	vg_lvs_table_free(&t);
	/* real server lines are skipped; a broken service line is named */
	assert_int_equal(vgd_lvs_owned_parse("-A -t 192.0.2.1:80 -s rr\n-a -t 192.0.2.1:80 -r 10.0.0.1:80 -g -w 1\n"
					     "-A -t 192.0.2.300:80 -s rr\n", &t, &bad), VG_LVS_EINVAL);
	assert_int_equal(bad, 3);
	vg_lvs_table_free(&t);
	vgd_lvs_owned_path("/run/keepalived.pid", path, sizeof(path));
	assert_string_equal(path, "/run/keepalived.ipvs");
	vgd_lvs_owned_path("/tmp/v", path, sizeof(path));
	assert_string_equal(path, "/tmp/v.ipvs");
}

/*
 * A table of four services (ports 10, 20, 30, 40) with counts[s]
 * destinations 10.0.s.k:80 each (weight w), inserted in reverse so that the
 * sort has work to do; w_size extra room for destinations.
 */
static void four(struct vg_lvs_table *t, const uint32_t counts[4], int32_t w, uint32_t room)
{
	assert_int_equal(vg_lvs_table_init(t, 4, counts[0] + counts[1] + counts[2] + counts[3] + room), 0);
	for (int s = 3; s >= 0; s--) {
		struct vg_lvs_svc_key key = { .family = VG_AF_INET, .protocol = 6, .port = (uint16_t)(10 * (s + 1)) };
		struct vg_lvs_tsvc sv;
		int idx;

		memcpy(key.addr.bytes, (uint8_t[]){ 192, 0, 2, 1 }, 4);
		key.addr.family = VG_AF_INET;
		vg_lvs_tsvc_defaults(&sv, &key);
		idx = vg_lvs_table_add_service(t, &sv);
		assert_true(idx >= 0);
		for (uint32_t k = counts[s]; k-- > 0;) {
			struct vg_lvs_tdest d = { .svc = (uint32_t)idx, .port = 80, .weight = w };

			d.addr.family = VG_AF_INET;
			memcpy(d.addr.bytes, (uint8_t[]){ 10, 0, (uint8_t)s, (uint8_t)(k + 1) }, 4);
			assert_int_equal(vg_lvs_table_add_dest(t, &d), 0);
		}
	}
	assert_int_equal(vg_lvs_table_sort(t), 0);
}

/* The part of service s alone: n destinations of weight w. */
static void part_of(struct vg_lvs_table *p, int s, uint32_t n, int32_t w)
{
	struct vg_lvs_table all;
	uint32_t c[4] = { 0, 0, 0, 0 };
	int64_t i;

	c[s] = n;
	four(&all, c, w, 0);
	assert_int_equal(vg_lvs_table_init(p, 1, n + 1), 0);
	i = s; /* ports 10..40 sort as 0..3 */
	assert_int_equal(vg_lvs_table_add_service(p, &all.svc[i]), 0);
	for (uint32_t d = all.svc[i].dest_first; d < all.svc[i].dest_first + all.svc[i].dest_count; d++) {
		struct vg_lvs_tdest td = all.dest[d];

		td.svc = 0;
		assert_int_equal(vg_lvs_table_add_dest(p, &td), 0);
	}
	assert_int_equal(vg_lvs_table_sort(p), 0);
	vg_lvs_table_free(&all);
}

/* w with service s's part replaced equals the table built sorted from scratch, ranges included. */
static void check_replace(const uint32_t before[4], int s, uint32_t n, uint32_t room)
{
	struct vg_lvs_table w, p, want;
	uint32_t after[4];

	memcpy(after, before, sizeof(after));
	after[s] = n;
	four(&w, before, 1, room);
	part_of(&p, s, n, 7);
	assert_int_equal(vgd_lvs_table_replace(&w, &p), 0);
	four(&want, after, 1, 0);
	for (uint32_t d = want.svc[s].dest_first; d < want.svc[s].dest_first + want.svc[s].dest_count; d++)
		want.dest[d].weight = 7;
	assert_true(w.sorted);
	assert_true(vg_lvs_table_equal(&w, &want));
	for (uint32_t i = 0; i < 4; i++) {
		assert_int_equal(w.svc[i].dest_count, want.svc[i].dest_count);
		if (want.svc[i].dest_count)
			assert_int_equal(w.svc[i].dest_first, want.svc[i].dest_first);
		assert_int_equal(vg_lvs_table_find(&w, &want.svc[i].key), i);
	}
	vg_lvs_table_free(&w);
	vg_lvs_table_free(&p);
	vg_lvs_table_free(&want);
}

/* A verdict's part rewritten in place: same count, more, fewer, at the start, the end, from and to empty. */
static void replace_part_in_place(void **state)
{
	const uint32_t c[4] = { 3, 2, 0, 4 };

	(void)state;
	check_replace(c, 1, 2, 0);  /* same count, in the middle */
	check_replace(c, 0, 3, 0);  /* same count, at the start */
	check_replace(c, 3, 4, 0);  /* same count, at the end */
	check_replace(c, 0, 5, 0);  /* more at the start: the table grows past its room */
	check_replace(c, 0, 5, 8);  /* more at the start, within its room */
	check_replace(c, 3, 6, 0);  /* more at the end */
	check_replace(c, 1, 1, 0);  /* fewer in the middle */
	check_replace(c, 0, 1, 0);  /* fewer at the start */
	check_replace(c, 3, 1, 0);  /* fewer at the end */
	check_replace(c, 3, 0, 0);  /* the end's all gone */
	check_replace(c, 0, 0, 0);  /* the start's all gone */
	check_replace(c, 2, 3, 0);  /* an empty service gets servers */
	check_replace((const uint32_t[4]){ 0, 0, 0, 0 }, 3, 2, 0); /* into an empty table, at the end */
	check_replace((const uint32_t[4]){ 0, 0, 0, 0 }, 0, 2, 0); /* and at the start */
}

/* A part naming a service the table lacks: the table keeps its services (rebuilt), the rest replaced. */
static void replace_part_unknown_service(void **state)
{
	struct vg_lvs_table w, p, want;

	(void)state;
	four(&w, (const uint32_t[4]){ 1, 1, 1, 1 }, 1, 0);
	part_of(&p, 2, 2, 7);
	p.svc[0].key.port = 99; /* not in w */
	assert_int_equal(vgd_lvs_table_replace(&w, &p), 0);
	four(&want, (const uint32_t[4]){ 1, 1, 1, 1 }, 1, 0);
	assert_true(vg_lvs_table_equal(&w, &want));
	vg_lvs_table_free(&w);
	vg_lvs_table_free(&p);
	vg_lvs_table_free(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dump_becomes_the_model),
		cmocka_unit_test(same_table_costs_nothing_a_weight_one),
		cmocka_unit_test(foreign_service_is_left_unless_owned),
		cmocka_unit_test(model_to_netlink_round_trip),
		cmocka_unit_test(flush_on_stop_words),
		cmocka_unit_test(owned_file_round_trip),
		cmocka_unit_test(replace_part_in_place),
		cmocka_unit_test(replace_part_unknown_service),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
