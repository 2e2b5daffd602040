/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: helpers shared by the VRRP tests (not part of the library).
 */
#ifndef VG_VRRP_TESTUTIL_H
#define VG_VRRP_TESTUTIL_H

#include <stdio.h>
#include <string.h>

#include "vrrp/instance.h"

static inline struct vg_addr tu_addr(const char *s)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(s, &a), 0);
	return a;
}

/* The VIP of tu_config(); a test that wants others points c->vips at its own array. */
static const struct vg_addr tu_vip = { .family = VG_AF_INET, .bytes = { 192, 0, 2, 100 } };

/* An IPv4 instance: VRID 51, VIP 192.0.2.100, primary 192.0.2.1 unless set. */
static inline void tu_config(struct vg_vrrp_config *c, uint8_t version, uint8_t priority)
{
	vg_vrrp_config_defaults(c);
	c->id = 1;
	strcpy(c->name, "VI_1");
	c->ifindex = 2;
	c->version = version;
	c->vrid = 51;
	c->priority = priority;
	c->vip_count = 1;
	c->vips = &tu_vip;
	c->garp_delay_ns = 0;
}

/* The bytes an advert effect asks for (vg_vrrp_advert_encode) in buf[VG_VRRP_PKT_MAX]. */
static inline size_t tu_advert_bytes(const struct vg_vrrp_config *c, const struct vg_action *a, uint8_t *buf)
{
	ssize_t n = vg_vrrp_advert_encode(c, a, buf, VG_VRRP_PKT_MAX);

	assert_true(n > 0);
	return (size_t)n;
}

struct tu_out {
	struct vg_action v[64];
	struct vg_actions a;
};

static inline void tu_out_init(struct tu_out *o)
{
	vg_actions_init(&o->a, o->v, 64);
}

static inline size_t tu_count(const struct tu_out *o, enum vg_action_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < o->a.len; i++)
		n += o->v[i].kind == k;
	return n;
}

static inline const struct vg_action *tu_find(const struct tu_out *o, enum vg_action_kind k)
{
	size_t i;

	for (i = 0; i < o->a.len; i++)
		if (o->v[i].kind == k)
			return &o->v[i];
	return NULL;
}

/* Build an advert as another router would send it (multicast, TTL 255). */
struct tu_pkt {
	uint8_t buf[VG_VRRP_PKT_MAX];
	size_t len;
	struct vg_rx_meta meta;
};

static inline void tu_advert(struct tu_pkt *p, const struct vg_vrrp_config *c, const char *src, uint8_t priority,
			     uint16_t adver_int_cs)
{
	struct vg_vrrp_advert adv;
	ssize_t n;

	memset(&adv, 0, sizeof(adv));
	adv.version = c->version;
	adv.vrid = c->vrid;
	adv.priority = priority;
	adv.auth_type = c->auth_type;
	memcpy(adv.auth_data, c->auth_data, sizeof(adv.auth_data));
	adv.adver_int_cs = adver_int_cs;
	adv.count = c->vip_count;
	adv.addrs = c->vips;
	adv.family = c->family;
	adv.src = tu_addr(src);
	adv.dst = vg_addr_vrrp_group(c->family);
	n = vg_vrrp_encode(&adv, p->buf, sizeof(p->buf));
	assert_true(n > 0);
	p->len = (size_t)n;
	memset(&p->meta, 0, sizeof(p->meta));
	p->meta.src = adv.src;
	p->meta.dst = adv.dst;
	p->meta.ttl = 255;
	p->meta.ifindex = c->ifindex;
}

/* Recompute the checksum after a test edits the bytes. */
static inline void tu_fix_checksum(struct tu_pkt *p)
{
	uint16_t ck;

	p->buf[6] = p->buf[7] = 0;
	ck = vg_vrrp_checksum((uint8_t)(p->buf[0] >> 4), &p->meta.src, &p->meta.dst, p->buf, p->len);
	p->buf[6] = (uint8_t)(ck >> 8);
	p->buf[7] = (uint8_t)ck;
}

static inline enum vg_vrrp_drop tu_rx(struct vg_vrrp_instance *in, vg_time now, const struct tu_pkt *p,
				      struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };

	ev.u.packet.buf = p->buf;
	ev.u.packet.len = p->len;
	ev.u.packet.meta = p->meta;
	return vg_vrrp_input(in, now, &ev, &o->a);
}

static inline void tu_event(struct vg_vrrp_instance *in, vg_time now, enum vg_vrrp_event_kind k, struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = (uint8_t)k };

	vg_vrrp_input(in, now, &ev, &o->a);
}

static inline void tu_start(struct vg_vrrp_instance *in, const struct vg_vrrp_config *c, vg_time now,
			    struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };

	vg_vrrp_init(in, c);
	ev.u.src.addr = tu_addr("192.0.2.1");
	vg_vrrp_input(in, now, &ev, &o->a);
	tu_event(in, now, VG_EV_STARTUP, o);
}

#endif
