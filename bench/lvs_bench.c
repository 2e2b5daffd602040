// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: LVS core benchmark: scheduler decisions, Maglev rebuilds, checker throughput.
 *
 * A standalone program (no cmocka) linked against the core library. It
 * prints, nothing is asserted:
 *   - decisions per second of every scheduler with 10 and 1,000 real
 *     servers (connection tuples and connection counts from a fixed-seed
 *     xorshift, connections bound and released so lc/wlc/... see changing
 *     counts);
 *   - the Maglev (mh) table rebuild time for 10 and 1,000 servers, at the
 *     kernel's default table size (4093) and at 65521;
 *   - health-checker state machines for 10,000 real servers (10 services of
 *     1,000, one TCP_CHECK each, delay_loop 5 s, 1% failed probes) driven
 *     through simulated time in 100 ms ticks: simulated seconds and checker
 *     events per wall-clock second.
 *   - persistent scheduling (lvs/persist.h) with 1,000 wlc servers and
 *     65,536 clients (a template hit most of the time): decisions per
 *     second, and the ratio to plain wlc picks.
 * Wall time comes from clock_gettime(CLOCK_MONOTONIC): the bench is not core.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lvs/persist.h"
#include "lvs/sched.h"
#include "lvs/service.h"

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static struct vg_addr v4(uint32_t a)
{
	uint8_t b[4] = { (uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a };

	return vg_addr_from_bytes(b, 4);
}

static struct vg_lvs_sched *sched_new(int kind, uint8_t mh_index, int n, uint64_t *seed)
{
	struct vg_lvs_sched *s = malloc(sizeof(*s));
	struct vg_lvs_sched_params p = { .kind = (uint8_t)kind, .mh_tab_index = mh_index,
					 .flags = VG_LVS_SCHED_FLAG_1 };

	if (!s || vg_lvs_sched_init(s, &p) != 0) {
		fprintf(stderr, "sched init failed\n");
		exit(1);
	}
	for (int i = 0; i < n; i++) {
		struct vg_lvs_dest d;

		memset(&d, 0, sizeof(d));
		d.id = (uint16_t)i;
		d.addr = v4(0x0a000000u + (uint32_t)i + 1);
		d.port = 80;
		d.weight = 1 + (int32_t)(xorshift(seed) % 5);
		d.u_threshold = 0;
		if (vg_lvs_sched_add_dest(s, &d) != 0) {
			fprintf(stderr, "add dest failed\n");
			exit(1);
		}
	}
	for (int i = 0; i < n; i++) {
		s->d[i].active_conns = (uint32_t)(xorshift(seed) % 4);
		s->d[i].inactive_conns = (uint32_t)(xorshift(seed) % 16);
	}
	return s;
}

static void bench_sched(int kind, int n)
{
	uint64_t seed = 0x9e3779b97f4a7c15u;
	struct vg_lvs_sched *s = sched_new(kind, 0, n, &seed);
	struct vg_lvs_conn c;
	uint64_t picks = 0, none = 0;
	vg_time now = VG_S(1);
	double t0 = wall_s(), el;

	memset(&c, 0, sizeof(c));
	c.protocol = VG_LVS_PROTO_TCP;
	c.dport = 80;
	c.daddr = v4(0xc0000201);
	do {
		for (int k = 0; k < 4096; k++) {
			uint64_t r = xorshift(&seed);
			int i;

			c.saddr = v4((uint32_t)r);
			c.sport = (uint16_t)(r >> 32);
			c.daddr = v4(0xcb007100u + (uint32_t)((r >> 40) % 4096)); /* 4096 cache keys for lblc/lblcr */
			c.rand1 = (uint32_t)(r >> 16);
			c.rand2 = (uint32_t)(r >> 24);
			now += VG_US(10);
			i = vg_lvs_sched_pick(s, &c, now);
			picks++;
			if (i < 0) {
				none++;
				continue;
			}
			/* keep connection counts moving: bind the new one, release a random one */
			vg_lvs_sched_conn_bind(s, i, true);
			vg_lvs_sched_conn_unbind(s, (int)((r >> 48) % (uint64_t)s->count), true);
		}
		el = wall_s() - t0;
	} while (el < 0.2);
	printf("sched %-5s n=%-4d %10.2f M decisions/s  (%llu picks, %llu without destination)\n",
	       vg_lvs_sched_name((enum vg_lvs_sched_kind)kind), n, (double)picks / el / 1e6,
	       (unsigned long long)picks, (unsigned long long)none);
	vg_lvs_sched_fini(s);
	free(s);
}

static void bench_mh_rebuild(int n, uint8_t index)
{
	uint64_t seed = 12345;
	struct vg_lvs_sched *s = sched_new(VG_LVS_SCHED_MH, index, n, &seed);
	int reps = 0;
	double t0 = wall_s(), el;

	do {
		vg_lvs_sched_rebuild(s);
		reps++;
		el = wall_s() - t0;
	} while (el < 0.2);
	printf("mh rebuild n=%-4d table=%-6u %10.3f ms per rebuild (%d rebuilds)\n", n, s->tab_size,
	       el / reps * 1e3, reps);
	vg_lvs_sched_fini(s);
	free(s);
}

#define SERVICES 10
#define RS_PER_SERVICE 1000
#define TICK_NS VG_MS(100)
#define SIM_NS VG_S(600)

static void bench_checkers(void)
{
	struct vg_lvs_service_config *cfg = calloc(SERVICES, sizeof(*cfg));
	struct vg_lvs_service *svc = calloc(SERVICES, sizeof(*svc));
	size_t cap = VG_LVS_EFFECTS_PER_EXPIRY_MAX;
	struct vg_action *buf = calloc(cap, sizeof(*buf));
	struct vg_action *probes = calloc(cap, sizeof(*probes));
	struct vg_actions out;
	struct vg_lvs_timing tm;
	vg_time deadline[SERVICES];
	uint64_t seed = 777, probes_sent = 0, effects = 0, lost = 0;
	vg_time now = VG_S(10);
	double t0, el;

	if (!cfg || !svc || !buf || !probes) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	vg_actions_init(&out, buf, cap);
	for (int s = 0; s < SERVICES; s++) {
		struct vg_lvs_service_config *c = &cfg[s];

		vg_lvs_service_config_defaults(c);
		c->rs = calloc(RS_PER_SERVICE, sizeof(*c->rs));
		c->checker = calloc(RS_PER_SERVICE, sizeof(*c->checker));
		struct vg_lvs_rs_state *rs_st = calloc(RS_PER_SERVICE, sizeof(*rs_st));
		struct vg_lvs_checker *chk_st = calloc(RS_PER_SERVICE, sizeof(*chk_st));
		uint16_t *heap_st = calloc(2 * RS_PER_SERVICE, sizeof(*heap_st));

		if (!c->rs || !c->checker || !rs_st || !chk_st || !heap_st) {
			fprintf(stderr, "out of memory\n");
			exit(1);
		}
		vg_lvs_service_bind(&svc[s], rs_st, chk_st, heap_st);
		c->id = (uint16_t)s;
		c->addr = v4(0xc0000200u + (uint32_t)s);
		c->port = 80;
		c->rs_count = RS_PER_SERVICE;
		c->checker_count = RS_PER_SERVICE;
		for (int i = 0; i < RS_PER_SERVICE; i++) {
			vg_lvs_rs_config_defaults(&c->rs[i], c);
			c->rs[i].addr = v4(0x0a000000u + (uint32_t)(s * RS_PER_SERVICE + i));
			c->rs[i].port = 80;
			vg_lvs_checker_config_defaults(&c->checker[i], &tm, VG_LVS_CHECK_TCP, VG_S(5)); /* one copy: shared */
			c->checker[i].rs = (uint16_t)i;
		}
		vg_lvs_service_init(&svc[s], c);
		vg_lvs_service_start(&svc[s], now, (uint64_t)s + 1, &out);
		vg_actions_clear(&out);
		deadline[s] = vg_lvs_service_next_deadline(&svc[s]);
	}
	t0 = wall_s();
	for (vg_time end = now + SIM_NS; now < end; now += TICK_NS) {
		for (int s = 0; s < SERVICES; s++) {
			size_t np = 0;

			if (deadline[s] > now)
				continue;
			vg_actions_clear(&out);
			vg_lvs_service_handle_expiry(&svc[s], now, &out);
			for (size_t i = 0; i < out.len; i++)
				if (out.v[i].kind == VG_ACT_LVS_PROBE)
					probes[np++] = out.v[i];
			effects += out.len;
			lost += out.lost;
			vg_actions_clear(&out);
			for (size_t i = 0; i < np; i++) {
				struct vg_lvs_probe_result r = {
					.checker = probes[i].u.lvs.checker, .seq = probes[i].u.lvs.seq,
					.outcome = xorshift(&seed) % 100 == 0 ? VG_LVS_PROBE_FAILED : VG_LVS_PROBE_OK,
				};

				vg_lvs_service_probe_result(&svc[s], now, &r, NULL, &out);
			}
			probes_sent += np;
			effects += out.len;
			lost += out.lost;
			deadline[s] = vg_lvs_service_next_deadline(&svc[s]);
		}
	}
	el = wall_s() - t0;
	printf("checkers %d real servers, %.0f s simulated in %.3f s: %.0f simulated s per s, "
	       "%.2f M probe events/s (%llu probes, %llu other effects, %llu lost)\n",
	       SERVICES * RS_PER_SERVICE, (double)SIM_NS / 1e9, el, (double)SIM_NS / 1e9 / el,
	       (double)probes_sent * 2 / el / 1e6, (unsigned long long)probes_sent,
	       (unsigned long long)(effects - probes_sent), (unsigned long long)lost);
	for (int s = 0; s < SERVICES; s++) {
		free(cfg[s].rs);
		free(cfg[s].checker);
		free(svc[s].rs);
		free(svc[s].chk);
	}
	free(cfg);
	free(svc);
	free(buf);
	free(probes);
}

/* Persistence templates in front of wlc: 1,000 servers, 65,536 clients, 4,096 x 8 templates. */
static void bench_persist(void)
{
	uint64_t seed = 99;
	struct vg_lvs_sched *s = sched_new(VG_LVS_SCHED_WLC, 0, 1000, &seed);
	struct vg_lvs_persist p;
	struct vg_lvs_conn c;
	const int n = 2000000;
	double t0, t1, plain;
	bool reused;

	if (vg_lvs_persist_init(&p, 12, VG_S(300), 0, false) != 0) {
		fprintf(stderr, "persist init failed\n");
		exit(1);
	}
	memset(&c, 0, sizeof(c));
	c.daddr = v4(0xc0000201u);
	c.dport = 80;
	c.protocol = VG_LVS_PROTO_TCP;
	t0 = wall_s();
	for (int i = 0; i < n; i++) {
		c.saddr = v4(0xc6336400u + (uint32_t)(xorshift(&seed) & 0xffff));
		if (vg_lvs_persist_pick(&p, s, &c, (vg_time)i * 1000, &reused) < 0)
			exit(1);
	}
	t1 = wall_s();
	for (int i = 0; i < n; i++) {
		c.saddr = v4(0xc6336400u + (uint32_t)(xorshift(&seed) & 0xffff));
		if (vg_lvs_sched_pick(s, &c, 0) < 0)
			exit(1);
	}
	plain = wall_s() - t1;
	printf("persist wlc n=1000 65536 clients %8.2f M decisions/s (%.2fx the time of a plain wlc pick; "
	       "%llu reused, %llu created, %llu evicted)\n",
	       n / (t1 - t0) / 1e6, (t1 - t0) / plain, (unsigned long long)p.reused, (unsigned long long)p.created,
	       (unsigned long long)p.evicted);
	vg_lvs_persist_fini(&p);
	vg_lvs_sched_fini(s);
	free(s);
}

int main(void)
{
	static const int sizes[] = { 10, 1000 };

	for (int k = 0; k < VG_LVS_SCHED__COUNT; k++)
		for (size_t n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++)
			bench_sched(k, sizes[n]);
	bench_mh_rebuild(10, VG_LVS_MH_TAB_INDEX_DEFAULT);
	bench_mh_rebuild(1000, VG_LVS_MH_TAB_INDEX_DEFAULT);
	bench_mh_rebuild(10, 16);
	bench_mh_rebuild(1000, 16);
	bench_checkers();
	bench_persist();
	return 0;
}
