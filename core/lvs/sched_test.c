// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the IPVS scheduler model against reference picks.
 *
 * Every expected sequence is written out as literals, worked by hand from
 * the kernel source cited beside the test (net/netfilter/ipvs/ip_vs_*.c).
 * Destination lists are built so d[0] is "A", d[1] "B", ...: the kernel
 * inserts at the head, so the helper adds them in reverse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lvs/sched.h"

static struct vg_lvs_sched *new_sched(uint8_t kind, uint32_t flags, const int32_t *w, int n)
{
	struct vg_lvs_sched *s = malloc(sizeof(*s));
	struct vg_lvs_sched_params p = { .kind = kind, .flags = flags };

	assert_non_null(s);
	assert_int_equal(vg_lvs_sched_init(s, &p), 0);
	for (int i = n - 1; i >= 0; i--) {
		struct vg_lvs_dest d;
		char ip[32];

		memset(&d, 0, sizeof(d));
		d.id = (uint16_t)i;
		snprintf(ip, sizeof(ip), "10.1.0.%d", i + 1);
		assert_int_equal(vg_addr_parse(ip, &d.addr), 0);
		d.port = 80;
		d.weight = w[i];
		assert_int_equal(vg_lvs_sched_add_dest(s, &d), 0);
	}
	for (int i = 0; i < n; i++)
		assert_int_equal(s->d[i].id, i);
	return s;
}

static void free_sched(struct vg_lvs_sched *s)
{
	vg_lvs_sched_fini(s);
	free(s);
}

static struct vg_lvs_conn conn_from(const char *src, const char *dst)
{
	struct vg_lvs_conn c;

	memset(&c, 0, sizeof(c));
	assert_int_equal(vg_addr_parse(src, &c.saddr), 0);
	assert_int_equal(vg_addr_parse(dst, &c.daddr), 0);
	c.sport = 40000;
	c.dport = 80;
	c.protocol = VG_LVS_PROTO_TCP;
	return c;
}

/* Picks n times, writing 'A' + index, '-' for no destination. */
static void picks(struct vg_lvs_sched *s, int n, char *out)
{
	struct vg_lvs_conn c = conn_from("192.0.2.1", "198.51.100.1");

	for (int i = 0; i < n; i++) {
		int r = vg_lvs_sched_pick(s, &c, 0);

		out[i] = r >= 0 ? (char)('A' + s->d[r].id) : '-';
	}
	out[n] = '\0';
}

static void test_names(void **state)
{
	(void)state;
	for (int k = 0; k < VG_LVS_SCHED__COUNT; k++)
		assert_int_equal(vg_lvs_sched_from_name(vg_lvs_sched_name((enum vg_lvs_sched_kind)k)), k);
	assert_int_equal(vg_lvs_sched_from_name("mh"), VG_LVS_SCHED_MH);
	assert_int_equal(vg_lvs_sched_from_name("nope"), VG_LVS_EINVAL);
}

/* ip_vs_ctl.c __ip_vs_update_dest: list_add_rcu puts a new destination at the head. */
static void test_add_at_head(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_RR, 0, (const int32_t[]){ 1 }, 1);
	struct vg_lvs_dest d = { .id = 7, .weight = 1 };

	(void)state;
	assert_int_equal(vg_lvs_sched_add_dest(s, &d), 0);
	assert_int_equal(s->d[0].id, 7);
	assert_int_equal(s->d[1].id, 0);
	assert_int_equal(vg_lvs_sched_add_dest(s, &d), VG_LVS_EEXIST);
	assert_int_equal(vg_lvs_sched_del_dest(s, 9), VG_LVS_ENOENT);
	d.id = 8;
	d.weight = 70000;
	assert_int_equal(vg_lvs_sched_add_dest(s, &d), VG_LVS_EINVAL);
	free_sched(s);
}

/* ip_vs_rr.c: next after the last pick; weight 0 and OVERLOAD skipped. */
static void test_rr(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_RR, 0, (const int32_t[]){ 1, 0, 5, 1 }, 4);
	char got[16];

	(void)state;
	picks(s, 6, got);
	assert_string_equal(got, "ACDACD");
	s->d[2].overloaded = true;
	picks(s, 3, got);
	assert_string_equal(got, "ADA");
	free_sched(s);
}

/* ip_vs_rr.c ip_vs_rr_del_dest: deleting the last pick steps back, so its successor is next. */
static void test_rr_del(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_RR, 0, (const int32_t[]){ 1, 1, 1, 1 }, 4);
	char got[16];

	(void)state;
	picks(s, 2, got);
	assert_string_equal(got, "AB");
	assert_int_equal(vg_lvs_sched_del_dest(s, 1), 0); /* B, the last pick */
	picks(s, 3, got);
	assert_string_equal(got, "CDA");
	assert_int_equal(vg_lvs_sched_del_dest(s, 0), 0); /* A, the last pick, at the head */
	picks(s, 2, got);
	assert_string_equal(got, "CD");
	free_sched(s);
}

/*
 * ip_vs_wrr.c: weights 4,3,2 (gcd 1, mw 4): cw 4 -> A; 3 -> A B; 2 -> A B C; 1 -> A B C,
 * the 9-pick cycle AABABCABC. The destinations arrive one by one (C, B, A, as ipvsadm -a or
 * keepalived add them), and ip_vs_wrr_dest_changed keeps cw: C alone (weight 2) makes
 * di 2, mw 1, cw 1, and B and A leave cw at 1. So the first round is the cw 1 pass, ABC.
 */
static void test_wrr_432(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_WRR, 0, (const int32_t[]){ 4, 3, 2 }, 3);
	char got[32];

	(void)state;
	assert_int_equal(s->wrr.cw, 1);
	assert_int_equal(s->wrr.mw, 4);
	picks(s, 21, got);
	assert_string_equal(got, "ABC" "AABABCABC" "AABABCABC");
	/* a service created with its destinations in place (init_svc) starts at cw = mw */
	s->wrr.cw = s->wrr.mw;
	s->wrr.cl = -1;
	picks(s, 9, got);
	assert_string_equal(got, "AABABCABC");
	free_sched(s);
}

/*
 * ip_vs_wrr.c: gcd interleaving. Weights 6,4,2: di 2, mw 6 - 1 = 5; cw 5 -> A; 3 -> A B; 1 -> A B C.
 * Added C, B, A: cw starts at 1 (C alone: mw 1; then (1 / 2) * 2 + 1 = 1), so ABC comes first.
 */
static void test_wrr_gcd(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_WRR, 0, (const int32_t[]){ 6, 4, 2 }, 3);
	char got[32];

	(void)state;
	assert_int_equal(s->wrr.di, 2);
	assert_int_equal(s->wrr.mw, 5);
	picks(s, 15, got);
	assert_string_equal(got, "ABC" "AABABC" "AABABC");
	free_sched(s);
}

/* ip_vs_wrr.c: weight 0 never picked; all overloaded -> no destination; a weight change resets the mark. */
static void test_wrr_edge(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_WRR, 0, (const int32_t[]){ 2, 0, 1 }, 3);
	char got[32];

	(void)state;
	picks(s, 6, got); /* cw 1 (from C alone): A C; then cw 2: A; 1: A C */
	assert_string_equal(got, "ACAACA");
	s->d[0].overloaded = true;
	s->d[2].overloaded = true;
	picks(s, 2, got);
	assert_string_equal(got, "--");
	s->d[0].overloaded = false;
	s->d[2].overloaded = false;
	/* upd_dest: cl back to the head, cw kept when <= the new mw */
	assert_int_equal(vg_lvs_sched_edit_dest(s, 1, 2, 0, 0), 0);
	picks(s, 5, got);
	assert_string_equal(got, "ABABC");
	free_sched(s);
	s = new_sched(VG_LVS_SCHED_WRR, 0, (const int32_t[]){ 0, 0 }, 2);
	picks(s, 1, got);
	assert_string_equal(got, "-");
	free_sched(s);
}

/* ip_vs_lc.c: least (active << 8) + inactive; the first in list order wins a tie; weight 0 skipped. */
static void test_lc(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_LC, 0, (const int32_t[]){ 1, 1, 0, 1 }, 4);
	char got[8];

	(void)state;
	picks(s, 1, got);
	assert_string_equal(got, "A"); /* all 0: first */
	s->d[0].active_conns = 1;      /* 256 */
	s->d[1].inactive_conns = 255;  /* 255 */
	s->d[3].inactive_conns = 255;  /* 255, tie with B: B first */
	picks(s, 1, got);
	assert_string_equal(got, "B");
	s->d[1].inactive_conns = 256;
	picks(s, 1, got);
	assert_string_equal(got, "D");
	free_sched(s);
}

/* ip_vs_wlc.c: loh * w(dest) > doh * w(least) to switch, so ties keep the earlier one. */
static void test_wlc(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_WLC, 0, (const int32_t[]){ 1, 2, 3 }, 3);
	char got[8];

	(void)state;
	s->d[0].active_conns = 1; /* 256 / 1 */
	s->d[1].active_conns = 2; /* 512 / 2: tie with A */
	s->d[2].active_conns = 4; /* 1024 / 3 */
	picks(s, 1, got);
	assert_string_equal(got, "A");
	s->d[2].active_conns = 2; /* 512 / 3 */
	picks(s, 1, got);
	assert_string_equal(got, "C");
	s->d[2].overloaded = true;
	picks(s, 1, got);
	assert_string_equal(got, "A");
	free_sched(s);
}

/* ip_vs_sed.c: (active + 1) / weight. A w1 idle: 1/1; B w3 one active: 2/3 -> B (wlc would take A). */
static void test_sed(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_SED, 0, (const int32_t[]){ 1, 3 }, 2);
	char got[8];

	(void)state;
	s->d[1].active_conns = 1;
	picks(s, 1, got);
	assert_string_equal(got, "B");
	s->d[1].active_conns = 2; /* 3/3 = 1/1: tie, A first */
	picks(s, 1, got);
	assert_string_equal(got, "A");
	free_sched(s);
}

/* ip_vs_nq.c: the first idle server at once, else shortest expected delay. */
static void test_nq(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_NQ, 0, (const int32_t[]){ 10, 1, 1 }, 3);
	char got[8];

	(void)state;
	s->d[0].active_conns = 1; /* 2/10, the best delay, but busy */
	picks(s, 1, got);
	assert_string_equal(got, "B");
	s->d[1].active_conns = 1;
	s->d[2].active_conns = 1;
	picks(s, 1, got);
	assert_string_equal(got, "A");
	free_sched(s);
}

/* ip_vs_fo.c: highest weight not overloaded; first of equals (failover order). */
static void test_fo(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_FO, 0, (const int32_t[]){ 5, 10, 10, 1 }, 4);
	char got[8];

	(void)state;
	picks(s, 2, got);
	assert_string_equal(got, "BB");
	s->d[1].overloaded = true;
	picks(s, 1, got);
	assert_string_equal(got, "C");
	assert_int_equal(vg_lvs_sched_edit_dest(s, 2, 0, 0, 0), 0);
	picks(s, 1, got);
	assert_string_equal(got, "A");
	free_sched(s);
}

/* ip_vs_ovf.c: highest weight whose active connections do not exceed its weight. */
static void test_ovf(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_OVF, 0, (const int32_t[]){ 2, 3, 1 }, 3);
	char got[8];

	(void)state;
	picks(s, 1, got);
	assert_string_equal(got, "B");
	s->d[1].active_conns = 3; /* 3 > 3 is false: still B */
	picks(s, 1, got);
	assert_string_equal(got, "B");
	s->d[1].active_conns = 4; /* overflows to the next highest */
	picks(s, 1, got);
	assert_string_equal(got, "A");
	s->d[0].active_conns = 3;
	picks(s, 1, got);
	assert_string_equal(got, "C");
	s->d[2].active_conns = 2;
	picks(s, 1, got);
	assert_string_equal(got, "-");
	free_sched(s);
}

/* ip_vs_twos.c: total 1+2+3 (+1) = 7; r % 7, subtract weights, first dest reaching <= 0. */
static void test_twos(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_TWOS, 0, (const int32_t[]){ 1, 2, 3 }, 3);
	struct vg_lvs_conn c = conn_from("192.0.2.1", "198.51.100.1");

	(void)state;
	c.rand1 = 0; /* 0 -> A */
	c.rand2 = 3; /* 3 -> B (3-1=2, 2-2=0) */
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 0); /* both idle: choice1 kept */
	s->d[0].active_conns = 1; /* A: 256 * 2 > B: 0 * 1 -> B */
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 1);
	c.rand1 = 13; /* 13 % 7 = 6 -> C */
	c.rand2 = 7;  /* 0 -> A */
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 2);
	s->d[1].overloaded = true; /* total 1+3+1 = 5: 4 % 5 = 4 -> C */
	c.rand1 = 4;
	c.rand2 = 4;
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 2);
	free_sched(s);
}

/*
 * ip_vs_dh.c: buckets filled round-robin; bucket = (ntohl(daddr) * 2654435761) & 255, whose low
 * byte depends only on the address's low byte: .1 -> 0xb1 = 177 -> 177 % 3 = 0 (A);
 * .2 -> 0x162 & 0xff = 98 -> 2 (C); .3 -> 0x213 & 0xff = 19 -> 1 (B).
 */
static void test_dh(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_DH, 0, (const int32_t[]){ 1, 1, 1 }, 3);
	struct vg_lvs_conn c1 = conn_from("192.0.2.99", "203.0.113.1");
	struct vg_lvs_conn c2 = conn_from("192.0.2.98", "203.0.113.2");
	struct vg_lvs_conn c3 = conn_from("192.0.2.97", "203.0.113.3");

	(void)state;
	assert_int_equal(vg_lvs_sched_pick(s, &c1, 0), 0);
	assert_int_equal(vg_lvs_sched_pick(s, &c2, 0), 2);
	assert_int_equal(vg_lvs_sched_pick(s, &c3, 0), 1);
	/* the hashed server unavailable: no fallback in dh */
	assert_int_equal(vg_lvs_sched_edit_dest(s, 2, 0, 0, 0), 0);
	assert_int_equal(vg_lvs_sched_pick(s, &c2, 0), VG_LVS_ENODEST);
	free_sched(s);
}

/*
 * ip_vs_sh.c: weights 1,2,3 tile the 256 buckets as A B B C C C ...; bucket =
 * hash_32(ntohl(saddr), 8) = (addr * 0x61C88647) >> 24: 192.0.2.1 -> 50 (50 % 6 = 2: B),
 * 192.0.2.2 -> 148 (4: C), 192.0.2.3 -> 246 (0: A). sh-port adds the source port first:
 * 192.0.2.1 + 1000 -> 42 (0: A), + 1001 -> 139 (1: B).
 */
static void test_sh(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_SH, 0, (const int32_t[]){ 1, 2, 3 }, 3);
	struct vg_lvs_conn c = conn_from("192.0.2.1", "203.0.113.1");

	(void)state;
	for (int i = 0; i < 3; i++) /* sticky */
		assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 1);
	c = conn_from("192.0.2.2", "203.0.113.1");
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 2);
	c = conn_from("192.0.2.3", "203.0.113.1");
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 0);
	/* the table: 256 buckets, 6-periodic */
	assert_int_equal(s->tab[0], 0);
	assert_int_equal(s->tab[1], 1);
	assert_int_equal(s->tab[2], 1);
	assert_int_equal(s->tab[5], 2);
	assert_int_equal(s->tab[255], 2); /* 255 % 6 = 3 */
	/* without sh-fallback, an overloaded target means no destination */
	s->d[0].overloaded = true;
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), VG_LVS_ENODEST);
	free_sched(s);

	s = new_sched(VG_LVS_SCHED_SH, VG_LVS_SCHED_SH_PORT, (const int32_t[]){ 1, 2, 3 }, 3);
	c = conn_from("192.0.2.1", "203.0.113.1");
	c.sport = 1000;
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 0);
	c.sport = 1001;
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 1);
	c.protocol = 1; /* ICMP: no port */
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 1); /* bucket 50 */
	free_sched(s);
}

/* ip_vs_sh.c ip_vs_sh_get_fallback: buckets (offset + hash) for offsets from the first bucket on. */
static void test_sh_fallback(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_SH, VG_LVS_SCHED_SH_FALLBACK,
					   (const int32_t[]){ 1, 2, 3 }, 3);
	struct vg_lvs_conn c = conn_from("192.0.2.3", "203.0.113.1"); /* bucket 246: A */

	(void)state;
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 0);
	s->d[0].overloaded = true;
	/* offset 0: bucket (246 + 246) & 255 = 236, 236 % 6 = 2: B */
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 1);
	s->d[0].overloaded = false;
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), 0); /* back once A is usable */
	free_sched(s);
}

/* lib/siphash_kunit.c (64-bit): hsiphash of bytes 0..n-1 with key 00..0f. */
static void test_hsiphash_vectors(void **state)
{
	static const uint32_t expect[8] = { 0x050fc4dcU, 0x7d57ca93U, 0x4dc7d44dU, 0xe7ddf7fbU,
					    0x88d38328U, 0x49533b67U, 0xc59f22a7U, 0x9bb11140U };
	uint8_t in[8];

	(void)state;
	for (int i = 0; i < 8; i++)
		in[i] = (uint8_t)i;
	for (size_t n = 0; n < 8; n++)
		assert_int_equal(vg_lvs_hsiphash(in, n, UINT64_C(0x0706050403020100),
						 UINT64_C(0x0f0e0d0c0b0a0908)),
				 expect[n]);
}

static void mh_counts(const struct vg_lvs_sched *s, uint32_t *count)
{
	memset(count, 0, sizeof(count[0]) * VG_LVS_ID_MAX);
	for (uint32_t i = 0; i < s->tab_size; i++) {
		assert_true(s->tab[i] < s->count);
		count[s->d[s->tab[i]].id]++;
	}
}

/* ip_vs_mh.c: default table 4093 (CONFIG_IP_VS_MH_TAB_INDEX 12); every slot filled; shares follow weights. */
static void test_mh_table(void **state)
{
	int32_t w[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_MH, 0, w, 8);
	uint32_t count[VG_LVS_ID_MAX];

	(void)state;
	assert_int_equal(s->tab_size, 4093);
	mh_counts(s, count);
	for (int i = 0; i < 8; i++) /* Maglev: each within a slot of M/N = 511.6 */
		assert_true(count[i] >= 511 && count[i] <= 512);
	free_sched(s);

	w[0] = 3; /* turns 3 vs 1: 3/10 of the table */
	s = new_sched(VG_LVS_SCHED_MH, 0, w, 8);
	mh_counts(s, count);
	assert_true(count[0] >= 3 * 409 - 3 && count[0] <= 3 * 410 + 3);
	free_sched(s);
}

/* ip_vs_mh.c: a server leaving remaps about 1/N of the table; every other slot keeps its server. */
static void test_mh_remap(void **state)
{
	int32_t w[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_MH, 0, w, 10);
	uint16_t before[4093];
	uint32_t moved = 0, kept_wrong = 0;

	(void)state;
	for (uint32_t i = 0; i < 4093; i++)
		before[i] = s->d[s->tab[i]].id;
	assert_int_equal(vg_lvs_sched_del_dest(s, 4), 0);
	for (uint32_t i = 0; i < 4093; i++) {
		uint16_t now_id = s->d[s->tab[i]].id;

		if (now_id != before[i]) {
			moved++;
			if (before[i] != 4)
				kept_wrong++;
		}
	}
	/* the departed server's share moves (409 or 410 slots) plus a few Maglev collisions */
	assert_true(moved >= 409);
	assert_true(moved <= 409 + 4093 / 20);
	assert_true(kept_wrong <= 4093 / 20);
	free_sched(s);
}

/* ip_vs_mh.c: sticky per source; weight 0 keeps its slots (last_weight) but is unavailable; mh-fallback. */
static void test_mh_pick(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_MH, 0, (const int32_t[]){ 1, 1, 1, 1 }, 4);
	struct vg_lvs_conn c = conn_from("192.0.2.77", "203.0.113.1");
	int first = vg_lvs_sched_pick(s, &c, 0);
	uint16_t id;

	(void)state;
	assert_true(first >= 0);
	id = s->d[first].id;
	for (int i = 0; i < 5; i++)
		assert_int_equal(vg_lvs_sched_pick(s, &c, 0), first);
	assert_int_equal(vg_lvs_sched_edit_dest(s, id, 0, 0, 0), 0);
	assert_int_equal(s->d[first].last_weight, 1);
	assert_int_equal(vg_lvs_sched_pick(s, &c, 0), VG_LVS_ENODEST);
	free_sched(s);

	s = new_sched(VG_LVS_SCHED_MH, VG_LVS_SCHED_MH_FALLBACK, (const int32_t[]){ 1, 1, 1, 1 }, 4);
	first = vg_lvs_sched_pick(s, &c, 0);
	assert_int_equal(s->d[first].id, id); /* same keys, same table: every director agrees */
	assert_int_equal(vg_lvs_sched_edit_dest(s, id, 0, 0, 0), 0);
	first = vg_lvs_sched_pick(s, &c, 0);
	assert_true(first >= 0);
	assert_int_not_equal(s->d[first].id, id);
	free_sched(s);
}

/* ip_vs_lblc.c: cache by destination address; overloaded = active > weight and someone below half. */
static void test_lblc(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_LBLC, 0, (const int32_t[]){ 2, 2 }, 2);
	struct vg_lvs_conn c = conn_from("192.0.2.1", "203.0.113.50");
	vg_time t0 = VG_S(100);

	(void)state;
	s->d[0].active_conns = 1; /* wlc: B (0) */
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0), 1);
	s->d[1].active_conns = 2; /* B not over its weight: the cache holds */
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(1)), 1);
	s->d[1].active_conns = 3; /* 3 > 2, but nobody is below half load (A: 1 * 2 < 2 is false) */
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(2)), 1);
	s->d[0].active_conns = 0; /* now A is below half: B is overloaded, reschedule to A */
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(3)), 0);
	s->d[0].active_conns = 2; /* A at its weight, not over it */
	s->d[1].active_conns = 0;
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(4)), 0); /* cached: A, though wlc says B */
	s->d[0].active_conns = 3; /* over weight while B is idle: rescheduled */
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(5)), 1);
	s->d[1].active_conns = 1;
	s->d[0].active_conns = 0;
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(6)), 1); /* cached: B */
	/* unused for the expiration time (24 h): forgotten, scheduled afresh */
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(6) + VG_LVS_LBLC_EXPIRATION_DEFAULT - 1), 1);
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(6) + 2 * VG_LVS_LBLC_EXPIRATION_DEFAULT), 0);
	free_sched(s);
}

/* ip_vs_lblcr.c: the set grows when its least loaded member is overloaded and shrinks after expiration. */
static void test_lblcr(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_LBLCR, 0, (const int32_t[]){ 2, 2, 2 }, 3);
	struct vg_lvs_conn c = conn_from("192.0.2.1", "203.0.113.50");
	vg_time t0 = VG_S(100);
	const struct vg_lvs_lblc_entry *e;
	int i;

	(void)state;
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0), 0); /* set {A} */
	s->d[0].active_conns = 3;                         /* A over weight, C below half */
	s->d[1].active_conns = 2;
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(1)), 2); /* wlc: C; set {C, A} */
	for (i = 0; i < (1 << VG_LVS_LBLC_TAB_BITS) * VG_LVS_LBLC_WAYS; i++)
		if (s->cache[i].used)
			break;
	e = &s->cache[i];
	assert_int_equal(e->set_size, 2);
	assert_int_equal(e->set[0], 2);
	assert_int_equal(e->set[1], 0);
	s->d[2].active_conns = 1; /* set min: C (256/2 < 768/2) */
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(2)), 2);
	/* unchanged for longer than lblcr_expiration: the most loaded (A) leaves the set */
	assert_int_equal(vg_lvs_sched_pick(s, &c, t0 + VG_S(2) + VG_LVS_LBLC_EXPIRATION_DEFAULT - 1), 2);
	assert_int_equal(e->set_size, 1);
	assert_int_equal(e->set[0], 2);
	free_sched(s);
}

/* ip_vs_conn.c ip_vs_bind_dest / ip_vs_unbind_dest: OVERLOAD at u_threshold, cleared below l_threshold or 3/4 u. */
static void test_overload_hysteresis(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_RR, 0, (const int32_t[]){ 1, 1 }, 2);
	char got[8];

	(void)state;
	assert_int_equal(vg_lvs_sched_edit_dest(s, 0, 1, 4, 0), 0);
	for (int i = 0; i < 3; i++)
		vg_lvs_sched_conn_bind(s, 0, true);
	assert_false(s->d[0].overloaded);
	vg_lvs_sched_conn_bind(s, 0, false); /* 4 >= 4 */
	assert_true(s->d[0].overloaded);
	picks(s, 2, got);
	assert_string_equal(got, "BB");
	vg_lvs_sched_conn_unbind(s, 0, true); /* 3 * 4 < 4 * 3 is false */
	assert_true(s->d[0].overloaded);
	vg_lvs_sched_conn_unbind(s, 0, true); /* 2 * 4 < 12 */
	assert_false(s->d[0].overloaded);
	/* with l_threshold: cleared only below it */
	assert_int_equal(vg_lvs_sched_edit_dest(s, 1, 1, 2, 1), 0);
	vg_lvs_sched_conn_bind(s, 1, true);
	vg_lvs_sched_conn_bind(s, 1, true);
	assert_true(s->d[1].overloaded);
	vg_lvs_sched_conn_unbind(s, 1, true);
	assert_true(s->d[1].overloaded); /* 1 < 1 false */
	/* raising u_threshold clears the flag (__ip_vs_update_dest) */
	assert_int_equal(vg_lvs_sched_edit_dest(s, 1, 1, 3, 1), 0);
	assert_false(s->d[1].overloaded);
	free_sched(s);
}

/* No scheduler picks a weight-0 or overloaded destination, or fails while one usable exists (except dh/sh/mh/ovf). */
static void test_all_skip_unusable(void **state)
{
	(void)state;
	for (int k = 0; k < VG_LVS_SCHED__COUNT; k++) {
		struct vg_lvs_sched *s = new_sched((uint8_t)k, VG_LVS_SCHED_FLAG_1,
						   (const int32_t[]){ 0, 3, 2, 1 }, 4);
		struct vg_lvs_conn c = conn_from("192.0.2.1", "203.0.113.1");

		s->d[1].overloaded = true;
		for (int n = 0; n < 64; n++) {
			int r;

			c.saddr.bytes[3] = (uint8_t)n;
			c.daddr.bytes[3] = (uint8_t)n;
			c.rand1 = (uint32_t)n * 7919u;
			c.rand2 = (uint32_t)n * 104729u;
			r = vg_lvs_sched_pick(s, &c, VG_S(1));
			if (k == VG_LVS_SCHED_DH && r < 0)
				continue; /* dh has no fallback */
			assert_true(r >= 0);
			assert_true(s->d[r].weight > 0);
			assert_false(s->d[r].overloaded);
		}
		free_sched(s);
	}
}

/* ip_vs_*_hashkey: an IPv6 address folds to the xor of its four 32-bit words (host order). */
static void test_addr_fold(void **state)
{
	struct vg_addr a;

	(void)state;
	assert_int_equal(vg_addr_parse("192.0.2.1", &a), 0);
	assert_int_equal(vg_lvs_addr_fold(&a), 0xc0000201u);
	assert_int_equal(vg_addr_parse("2001:db8::1:0:0:2", &a), 0);
	/* 0x20010db8 ^ 0x00000000 ^ 0x00010000 ^ 0x00000002 */
	assert_int_equal(vg_lvs_addr_fold(&a), 0x20000dbau);
}

/* ip_vs_mh.c ip_vs_mh_get_port: with mh-port the source port enters the hash; without, it does not. */
static void test_mh_port(void **state)
{
	struct vg_lvs_sched *s = new_sched(VG_LVS_SCHED_MH, 0, (const int32_t[]){ 1, 1, 1, 1 }, 4);
	struct vg_lvs_conn c = conn_from("192.0.2.77", "203.0.113.1");
	bool seen[4] = { false };
	int first;

	(void)state;
	first = vg_lvs_sched_pick(s, &c, 0);
	for (uint16_t p = 1000; p < 1064; p++) {
		c.sport = p;
		assert_int_equal(vg_lvs_sched_pick(s, &c, 0), first);
	}
	free_sched(s);
	s = new_sched(VG_LVS_SCHED_MH, VG_LVS_SCHED_MH_PORT, (const int32_t[]){ 1, 1, 1, 1 }, 4);
	for (uint16_t p = 1000; p < 1064; p++) {
		c.sport = p;
		seen[vg_lvs_sched_pick(s, &c, 0)] = true;
	}
	assert_true(seen[0] && seen[1] && seen[2] && seen[3]);
	free_sched(s);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(vg_lvs_strerror(VG_LVS_ENODEST), "no destination available");
	assert_string_equal(vg_lvs_strerror(0), "success");
	assert_int_equal(vg_lvs_mh_tab_size(16), 65521);
	assert_int_equal(vg_lvs_mh_tab_size(17), 131071);
	assert_int_equal(vg_lvs_mh_tab_size(7), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_add_at_head),
		cmocka_unit_test(test_rr),
		cmocka_unit_test(test_rr_del),
		cmocka_unit_test(test_wrr_432),
		cmocka_unit_test(test_wrr_gcd),
		cmocka_unit_test(test_wrr_edge),
		cmocka_unit_test(test_lc),
		cmocka_unit_test(test_wlc),
		cmocka_unit_test(test_sed),
		cmocka_unit_test(test_nq),
		cmocka_unit_test(test_fo),
		cmocka_unit_test(test_ovf),
		cmocka_unit_test(test_twos),
		cmocka_unit_test(test_dh),
		cmocka_unit_test(test_sh),
		cmocka_unit_test(test_sh_fallback),
		cmocka_unit_test(test_hsiphash_vectors),
		cmocka_unit_test(test_mh_table),
		cmocka_unit_test(test_mh_remap),
		cmocka_unit_test(test_mh_pick),
		cmocka_unit_test(test_lblc),
		cmocka_unit_test(test_lblcr),
		cmocka_unit_test(test_overload_hysteresis),
		cmocka_unit_test(test_all_skip_unusable),
		cmocka_unit_test(test_addr_fold),
		cmocka_unit_test(test_mh_port),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("lvs/sched", tests, NULL, NULL);
}
