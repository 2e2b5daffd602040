// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the router (packet routing by VRID, timer dispatch) and of
 * whole elections between routers joined by a zero-delay test wire.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/router.h"
#include "vrrp/testutil.h"

#define NODES 3

/* N single-instance routers on one segment; adverts reach every other live node at once. */
struct net {
	struct vg_vrrp_config cfg[NODES];
	struct vg_vrrp_instance inst[NODES];
	struct vg_router r[NODES];
	bool alive[NODES];
	int n;
	vg_time now;
};

static void deliver(struct net *w, int from, struct tu_out *o)
{
	size_t i;
	int k;

	for (i = 0; i < o->a.len; i++) {
		const struct vg_action *a = &o->v[i];
		struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };
		uint8_t pkt[VG_VRRP_PKT_MAX];

		if (a->kind != VG_ACT_SEND_ADVERT)
			continue;
		ev.u.packet.len = tu_advert_bytes(&w->cfg[from], a, pkt);
		ev.u.packet.buf = pkt;
		ev.u.packet.meta.src = a->u.advert.src;
		ev.u.packet.meta.dst = a->u.advert.dst;
		ev.u.packet.meta.ttl = 255;
		ev.u.packet.meta.ifindex = 2;
		for (k = 0; k < w->n; k++) {
			struct tu_out o2;

			if (k == from || !w->alive[k])
				continue;
			tu_out_init(&o2);
			vg_router_input(&w->r[k], w->now, &ev, &o2.a);
			/* the cached deadline equals the instances' earliest */
			assert_int_equal(vg_router_next_deadline(&w->r[k]), vg_vrrp_next_deadline(&w->inst[k]));
			deliver(w, k, &o2);
		}
	}
}

static void net_event(struct net *w, int node, enum vg_vrrp_event_kind kind)
{
	struct vg_vrrp_event ev = { .kind = (uint8_t)kind };
	struct tu_out o;

	tu_out_init(&o);
	vg_router_input(&w->r[node], w->now, &ev, &o.a);
	deliver(w, node, &o);
}

static void net_start(struct net *w, int node)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };
	struct tu_out o;
	char ip[16];

	vg_router_init(&w->r[node], &w->inst[node], &w->cfg[node], 1, NULL, 0);
	snprintf(ip, sizeof(ip), "192.0.2.%d", node + 1);
	ev.u.src.addr = tu_addr(ip);
	tu_out_init(&o);
	vg_router_input(&w->r[node], w->now, &ev, &o.a);
	w->alive[node] = true;
	net_event(w, node, VG_EV_STARTUP);
}

/* Run until `until`, firing deadlines in time order. */
static void net_run(struct net *w, vg_time until)
{
	for (;;) {
		vg_time t = VG_TIME_NEVER;
		int k, first = -1;

		for (k = 0; k < w->n; k++) {
			if (w->alive[k] && vg_router_next_deadline(&w->r[k]) < t) {
				t = vg_router_next_deadline(&w->r[k]);
				first = k;
			}
		}
		if (first < 0 || t > until)
			break;
		w->now = t;
		net_event(w, first, VG_EV_TIMER);
	}
	w->now = until;
}

static int masters(const struct net *w, int *who)
{
	int k, n = 0;

	for (k = 0; k < w->n; k++) {
		if (w->alive[k] && w->inst[k].state == VG_STATE_MASTER) {
			n++;
			*who = k;
		}
	}
	return n;
}

static void net_init(struct net *w, int n, uint8_t version, const uint8_t *prio)
{
	int k;

	memset(w, 0, sizeof(*w));
	w->n = n;
	w->now = VG_S(1);
	for (k = 0; k < n; k++)
		tu_config(&w->cfg[k], version, prio[k]);
}

/* RFC 5798 6.4: the highest priority wins; a Backup takes over within Master_Down_Interval */
static void test_election_and_failover(void **state)
{
	const uint8_t prio[NODES] = { 150, 100, 50 };
	struct net w;
	int who = -1;
	vg_time crash;

	(void)state;
	net_init(&w, 3, 3, prio);
	net_start(&w, 0);
	net_start(&w, 1);
	net_start(&w, 2);
	net_run(&w, VG_S(10));
	assert_int_equal(masters(&w, &who), 1);
	assert_int_equal(who, 0);

	/* crash node 0: no priority 0, the adverts just stop */
	crash = w.now;
	w.alive[0] = false;
	/* node 1 (priority 100): Master_Down_Interval = 3 s + 156/256 s after the last advert */
	net_run(&w, crash + VG_S(3) + UINT64_C(609375000));
	assert_int_equal(masters(&w, &who), 1);
	assert_int_equal(who, 1);
	assert_int_equal(w.inst[2].state, VG_STATE_BACKUP);

	/* node 0 returns and preempts back (RFC 5798 6.4.2, Preempt_Mode True) */
	net_start(&w, 0);
	net_run(&w, w.now + VG_S(10));
	assert_int_equal(masters(&w, &who), 1);
	assert_int_equal(who, 0);
}

/* RFC 5798 6.4.3 / 6.4.2: a graceful stop hands over within Skew_Time */
static void test_graceful_stop_hands_over_in_skew_time(void **state)
{
	const uint8_t prio[NODES] = { 200, 100 };
	struct net w;
	int who = -1;
	vg_time stop;

	(void)state;
	net_init(&w, 2, 2, prio);
	net_start(&w, 0);
	net_start(&w, 1);
	net_run(&w, VG_S(10));
	assert_int_equal(masters(&w, &who), 1);
	assert_int_equal(who, 0);
	stop = w.now;
	net_event(&w, 0, VG_EV_SHUTDOWN);
	w.alive[0] = false;
	net_run(&w, stop + UINT64_C(609375000) - 1);
	assert_int_equal(w.inst[1].state, VG_STATE_BACKUP);
	net_run(&w, stop + UINT64_C(609375000));
	assert_int_equal(w.inst[1].state, VG_STATE_MASTER);
}

/* keepalived nopreempt: the returning higher-priority node stays Backup */
static void test_nopreempt_pair(void **state)
{
	const uint8_t prio[NODES] = { 150, 100 };
	struct net w;
	int who = -1;

	(void)state;
	net_init(&w, 2, 2, prio);
	w.cfg[0].nopreempt = true;
	w.cfg[1].nopreempt = true;
	net_start(&w, 1);
	net_run(&w, VG_S(10)); /* node 1 alone becomes Master */
	net_start(&w, 0);
	net_run(&w, VG_S(60));
	assert_int_equal(masters(&w, &who), 1);
	assert_int_equal(who, 1);
}

/* RFC 5798 7.1: a packet for a VRID nobody has is dropped and counted by the router */
static void test_unknown_vrid(void **state)
{
	struct vg_vrrp_config c, sender;
	struct vg_vrrp_instance in;
	struct vg_router r;
	struct tu_pkt p;
	struct tu_out o;
	struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };

	(void)state;
	tu_config(&c, 2, 100);
	vg_router_init(&r, &in, &c, 1, NULL, 0);
	sender = c;
	sender.vrid = 77;
	tu_advert(&p, &sender, "192.0.2.2", 100, 100);
	ev.u.packet.buf = p.buf;
	ev.u.packet.len = p.len;
	ev.u.packet.meta = p.meta;
	tu_out_init(&o);
	assert_int_equal(vg_router_input(&r, VG_S(1), &ev, &o.a), VG_DROP_VRID);
	assert_int_equal(r.rx_unknown_vrid, 1);
	ev.u.packet.len = 1;
	assert_int_equal(vg_router_input(&r, VG_S(1), &ev, &o.a), VG_DROP_LENGTH);
	assert_int_equal(r.rx_short, 1);
}

/* Instances with the same VRID in different families are separate (RFC 5798 1) */
static void test_lookup_by_family(void **state)
{
	struct vg_vrrp_config c[2];
	struct vg_vrrp_instance in[2];
	struct vg_router r;
	struct vg_addr vip6 = tu_addr("2001:db8::100");

	(void)state;
	tu_config(&c[0], 3, 100);
	tu_config(&c[1], 3, 100);
	c[1].family = VG_AF_INET6;
	c[1].vips = &vip6;
	vg_router_init(&r, in, c, 2, NULL, 0);
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET, 2, 51), &in[0]);
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET6, 2, 51), &in[1]);
	assert_null(vg_router_lookup(&r, VG_AF_INET6, 2, 52));
}

/* The lookup by (family, interface, VRID), RFC 5798 7.1: one VRID on several interfaces and families */
static void test_lookup_same_vrid_on_interfaces(void **state)
{
	struct vg_vrrp_config c[4];
	struct vg_vrrp_instance in[4], moved[4];
	struct vg_router r;
	struct vg_addr vip6 = tu_addr("2001:db8::5");
	const uint32_t ifindex[4] = { 1, 1, 2, 0 };
	const uint8_t vrid[4] = { 5, 5, 5, 6 };
	int k;

	(void)state;
	for (k = 0; k < 4; k++) {
		tu_config(&c[k], 3, 100);
		c[k].id = (uint16_t)k;
		c[k].ifindex = ifindex[k];
		c[k].vrid = vrid[k];
	}
	c[1].family = VG_AF_INET6;
	c[1].vips = &vip6;
	vg_router_init(&r, in, c, 4, NULL, 0);
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET, 2, 5), &in[2]);
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET, 1, 5), &in[0]);
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET, 0, 5), &in[0]); /* any interface: the first */
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET6, 1, 5), &in[1]);
	assert_null(vg_router_lookup(&r, VG_AF_INET6, 2, 5));
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET, 7, 6), &in[3]); /* configured on no interface */
	assert_null(vg_router_lookup(&r, VG_AF_INET, 1, 7));
	assert_null(vg_router_lookup(&r, VG_AF_NONE, 1, 5));

	/* instances copied in from a router with another order (a reload): reindex */
	for (k = 0; k < 4; k++)
		moved[k] = in[3 - k];
	memcpy(in, moved, sizeof(in));
	for (k = 0; k < 4; k++)
		in[k].cfg = &c[k];
	vg_router_reindex(&r);
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET, 2, 5), &in[2]);
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET6, 1, 5), &in[1]);
	assert_ptr_equal(vg_router_lookup(&r, VG_AF_INET, 7, 6), &in[3]);
	assert_int_equal(vg_router_next_deadline(&r), VG_TIME_NEVER);
}

/*
 * 1000 instances become Master in one timer event (the scale bench: VRRPv3
 * over IPv6, VRIDs 1..250 on four interfaces). Every effect of the burst
 * fits the buffer the daemon sizes, and the burst stays small: an advert
 * effect names its instance instead of carrying the packet, and the bytes
 * encoded from the config are the advert of RFC 5798 5.2 (checksum over
 * the pseudo-header, 5.2.8).
 */
#define BURST_INSTANCES 1000
#define BURST_EFFECT_BYTES_MAX 48        /* one record */
#define BURST_BYTES_MAX (256u * 1024u)   /* the whole burst of 1000 takeovers */

static void test_burst_of_1000_takeovers_is_small(void **state)
{
	struct vg_vrrp_config *cfg = calloc(BURST_INSTANCES, sizeof(*cfg));
	struct vg_vrrp_instance *inst = calloc(BURST_INSTANCES, sizeof(*inst));
	struct vg_addr *vips = calloc(BURST_INSTANCES, sizeof(*vips));
	size_t cap = BURST_INSTANCES * VG_ACTIONS_PER_EVENT_MAX;
	struct vg_action *buf = calloc(cap, sizeof(*buf));
	struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };
	struct vg_actions acts;
	struct vg_router r;
	uint8_t pkt[VG_VRRP_PKT_MAX];
	size_t i, adverts = 0;
	uint16_t k;
	vg_time t;

	(void)state;
	assert_true(cfg && inst && vips && buf);
	assert_true(sizeof(struct vg_action) <= BURST_EFFECT_BYTES_MAX);
	for (k = 0; k < BURST_INSTANCES; k++) {
		char vip[40];

		tu_config(&cfg[k], 3, 150);
		cfg[k].id = k;
		snprintf(cfg[k].name, sizeof(cfg[k].name), "VI_%u_%u", k / 250u, k % 250u + 1u);
		cfg[k].family = VG_AF_INET6;
		cfg[k].ifindex = 1u + k / 250u;
		cfg[k].vrid = (uint8_t)(k % 250u + 1u);
		snprintf(vip, sizeof(vip), "2001:db8::%x:%x", k / 250u + 1u, k % 250u + 1u);
		vips[k] = tu_addr(vip);
		cfg[k].vips = &vips[k];
		assert_null(vg_vrrp_config_check(&cfg[k]));
	}
	vg_router_init(&r, inst, cfg, BURST_INSTANCES, NULL, 0);
	vg_actions_init(&acts, buf, cap);
	for (k = 1; k <= 4; k++) {
		ev.u.src.ifindex = k;
		ev.u.src.addr = tu_addr("fe80::1");
		vg_router_input(&r, VG_S(1), &ev, &acts);
	}
	ev.kind = VG_EV_STARTUP;
	vg_router_input(&r, VG_S(1), &ev, &acts);
	for (k = 0; k < BURST_INSTANCES; k++)
		assert_int_equal(inst[k].state, VG_STATE_BACKUP);

	/* Master_Down_Interval passes for all of them at once (RFC 5798 6.4.2) */
	t = vg_router_next_deadline(&r);
	assert_int_equal(t, VG_S(1) + vg_vrrp_master_down_interval(&inst[0]));
	vg_actions_init(&acts, buf, cap);
	ev.kind = VG_EV_TIMER;
	vg_router_input(&r, t, &ev, &acts);
	assert_int_equal(acts.lost, 0);
	for (k = 0; k < BURST_INSTANCES; k++)
		assert_int_equal(inst[k].state, VG_STATE_MASTER);
	assert_true(acts.len * sizeof(struct vg_action) <= BURST_BYTES_MAX);

	for (i = 0; i < acts.len; i++) {
		const struct vg_action *a = &acts.v[i];
		struct vg_vrrp_packet p;
		size_t n;

		if (a->kind != VG_ACT_SEND_ADVERT)
			continue;
		adverts++;
		n = tu_advert_bytes(&cfg[a->instance], a, pkt);
		assert_int_equal(vg_vrrp_decode(&p, pkt, n, VG_AF_INET6), (ssize_t)n);
		assert_int_equal(p.vrid, cfg[a->instance].vrid);
		assert_int_equal(p.priority, 150);
		assert_int_equal(p.count, 1);
		assert_memory_equal(p.addrs, cfg[a->instance].vips[0].bytes, 16);
		assert_int_equal(vg_vrrp_checksum(3, &a->u.advert.src, &a->u.advert.dst, pkt, n), p.checksum);
		/* only the config of the instance that emitted it encodes it */
		assert_int_equal(vg_vrrp_advert_encode(&cfg[(a->instance + 1u) % BURST_INSTANCES], a, pkt,
						       sizeof(pkt)),
				 VG_VRRP_ERR_INVAL);
	}
	assert_int_equal(adverts, BURST_INSTANCES);
	free(buf);
	free(vips);
	free(inst);
	free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_election_and_failover),
		cmocka_unit_test(test_graceful_stop_hands_over_in_skew_time),
		cmocka_unit_test(test_nopreempt_pair),
		cmocka_unit_test(test_unknown_vrid),
		cmocka_unit_test(test_lookup_by_family),
		cmocka_unit_test(test_lookup_same_vrid_on_interfaces),
		cmocka_unit_test(test_burst_of_1000_takeovers_is_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
