// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: micro-benchmark of the VRRP core (not a test: it prints numbers).
 *
 *   decode+validate  adverts per second through vg_vrrp_validate()
 *   input            received adverts per second through vg_vrrp_input()
 *                    (Backup resetting its Master_Down_Timer: the hot path)
 *   timer            Master Adver_Timer events per second (encode + effect)
 *
 * Usage: core_bench [iterations]   (default 5,000,000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vrrp/instance.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct vg_addr bench_vip = { .family = VG_AF_INET, .bytes = { 192, 0, 2, 100 } };

static void config(struct vg_vrrp_config *c, uint8_t version, uint8_t prio)
{
	vg_vrrp_config_defaults(c);
	c->version = version;
	c->vrid = 51;
	c->priority = prio;
	c->vip_count = 1;
	c->vips = &bench_vip;
	if (version == 2) {
		c->auth_type = VG_VRRP_AUTH_PASS;
		memcpy(c->auth_data, "1111", 4);
	}
}

static size_t make_advert(const struct vg_vrrp_config *c, uint8_t *buf, struct vg_rx_meta *meta)
{
	struct vg_vrrp_advert adv;

	memset(&adv, 0, sizeof(adv));
	adv.version = c->version;
	adv.vrid = c->vrid;
	adv.priority = 200;
	adv.auth_type = c->auth_type;
	memcpy(adv.auth_data, c->auth_data, 8);
	adv.adver_int_cs = c->adver_int_cs;
	adv.count = c->vip_count;
	adv.addrs = c->vips;
	adv.family = c->family;
	vg_addr_parse("192.0.2.2", &adv.src);
	adv.dst = vg_addr_vrrp_group(c->family);
	memset(meta, 0, sizeof(*meta));
	meta->src = adv.src;
	meta->dst = adv.dst;
	meta->ttl = 255;
	return (size_t)vg_vrrp_encode(&adv, buf, VG_VRRP_PKT_MAX);
}

static void bench_version(uint8_t version, long iters)
{
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct vg_vrrp_packet pkt;
	struct vg_rx_meta meta;
	struct vg_action store[VG_ACTIONS_PER_EVENT_MAX];
	struct vg_actions acts;
	struct vg_vrrp_event ev;
	uint8_t buf[VG_VRRP_PKT_MAX];
	size_t len;
	double t0, dt;
	long i, ok = 0;
	vg_time now = VG_S(1);

	config(&c, version, 100);
	vg_vrrp_init(&in, &c);
	len = make_advert(&c, buf, &meta);

	t0 = now_s();
	for (i = 0; i < iters; i++)
		ok += vg_vrrp_validate(&in, buf, len, &meta, &pkt) == VG_DROP_NONE;
	dt = now_s() - t0;
	printf("v%u decode+validate  %12.0f adverts/s  (%.1f ns each, %ld valid)\n", version, (double)iters / dt,
	       dt * 1e9 / (double)iters, ok);

	vg_actions_init(&acts, store, VG_ACTIONS_PER_EVENT_MAX);
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_STARTUP;
	vg_vrrp_input(&in, now, &ev, &acts);
	ev.kind = VG_EV_PACKET;
	ev.u.packet.buf = buf;
	ev.u.packet.len = len;
	ev.u.packet.meta = meta;
	t0 = now_s();
	for (i = 0; i < iters; i++) {
		vg_actions_clear(&acts);
		vg_vrrp_input(&in, now + (vg_time)i * VG_MS(10), &ev, &acts);
	}
	dt = now_s() - t0;
	printf("v%u input (Backup)   %12.0f events/s   (%.1f ns each)\n", version, (double)iters / dt,
	       dt * 1e9 / (double)iters);

	config(&c, version, 255);
	vg_vrrp_init(&in, &c);
	ev.kind = VG_EV_STARTUP;
	vg_vrrp_input(&in, now, &ev, &acts);
	ev.kind = VG_EV_TIMER;
	t0 = now_s();
	for (i = 0; i < iters; i++) {
		vg_actions_clear(&acts);
		now = vg_vrrp_next_deadline(&in);
		vg_vrrp_input(&in, now, &ev, &acts);
	}
	dt = now_s() - t0;
	printf("v%u timer (Master)   %12.0f events/s   (%.1f ns each, advert encoded each time)\n", version,
	       (double)iters / dt, dt * 1e9 / (double)iters);
}

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 5000000;

	if (iters <= 0) {
		fprintf(stderr, "usage: core_bench [iterations]\n");
		return 2;
	}
	printf("vigil core micro-benchmark, %ld iterations each\n", iters);
	bench_version(2, iters);
	bench_version(3, iters);
	return 0;
}
