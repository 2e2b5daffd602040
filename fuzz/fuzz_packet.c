// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the VRRP packet codec and the receive path (fuzz-packet).
 *
 * Input layout (fuzz/gen_packet_corpus.py writes seeds in it):
 *
 *   [0]      flags: 0x01 IPv6, 0x02 TTL not 255, 0x04 other rx interface,
 *            0x08 source is our own address, 0x10 strict, 0x20 nopreempt,
 *            0x40 we own the addresses (priority 255), 0x80 we are Master
 *   [1]      config tweaks: the receiving instance is built from the packet
 *            itself (so the receive checks pass and reach deep), each set
 *            bit makes one field differ: 0x01 VRID, 0x02 version, 0x04
 *            interval, 0x08 auth type, 0x10 auth data, 0x20 one VIP fewer,
 *            0x40 our priority 254 instead of 100
 *   [2..17]  IP source (the first 4 bytes for IPv4)
 *   [18..33] IP destination
 *   [34..]   the VRRP message (IP payload)
 *
 * Properties checked:
 *  - decode never reads past the buffer (ASan) and its result is
 *    consistent: len <= input, count addresses inside it;
 *  - decode -> encode -> decode gives the same fields, and when the input
 *    was a well-formed advert (type 1, reserved bits 0, right checksum) the
 *    encoder reproduces its bytes exactly;
 *  - vg_vrrp_validate() and vg_router_input() agree on a packet the
 *    instance rejects, and a packet either is dropped for a named reason
 *    or leaves the instance in a consistent state (the core's own asserts).
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "vrrp/packet.h"
#include "vrrp/router.h"

#define HDR_LEN 34
#define ADDRS_CAP 255 /* the Count field is 8 bits */

static struct vg_addr addr_of(const uint8_t *bytes, uint8_t family)
{
	struct vg_addr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	memcpy(a.bytes, bytes, vg_addr_len(family));
	return a;
}

/* decode -> encode -> decode, and byte equality for a well-formed advert. */
static void round_trip(const uint8_t *buf, size_t len, uint8_t family, const struct vg_addr *src,
		       const struct vg_addr *dst)
{
	static struct vg_addr addrs[ADDRS_CAP];
	static uint8_t out[VG_VRRP_HDR_LEN + ADDRS_CAP * 16 + VG_VRRP_AUTH_LEN];
	struct vg_vrrp_packet p, q;
	struct vg_vrrp_advert adv;
	size_t alen = vg_addr_len(family);
	ssize_t n, m;
	uint16_t i;

	n = vg_vrrp_decode(&p, buf, len, family);
	if (n < 0) {
		FUZZ_ASSERT(n == VG_VRRP_ERR_SHORT || n == VG_VRRP_ERR_VERSION || n == VG_VRRP_ERR_FAMILY);
		return;
	}
	FUZZ_ASSERT((size_t)n == p.len && p.len <= len);
	FUZZ_ASSERT(p.version == 2 || p.version == 3);
	FUZZ_ASSERT(p.addrs == buf + VG_VRRP_HDR_LEN);
	FUZZ_ASSERT(VG_VRRP_HDR_LEN + (size_t)p.count * alen <= p.len);

	memset(&adv, 0, sizeof(adv));
	adv.version = p.version;
	adv.vrid = p.vrid;
	adv.priority = p.priority;
	adv.auth_type = p.auth_type;
	memcpy(adv.auth_data, p.auth_data, VG_VRRP_AUTH_LEN);
	adv.adver_int_cs = p.adver_int_cs;
	adv.count = p.count;
	for (i = 0; i < p.count; i++)
		addrs[i] = vg_addr_from_bytes(p.addrs + (size_t)i * alen, alen);
	adv.addrs = addrs;
	adv.family = family;
	adv.src = *src;
	adv.dst = *dst;
	m = vg_vrrp_encode(&adv, out, sizeof(out));
	FUZZ_ASSERT(m == n); /* every decodable message is encodable */

	FUZZ_ASSERT(vg_vrrp_decode(&q, out, (size_t)m, family) == m);
	FUZZ_ASSERT(q.version == p.version && q.vrid == p.vrid && q.priority == p.priority);
	FUZZ_ASSERT(q.count == p.count && q.auth_type == p.auth_type && q.adver_int_cs == p.adver_int_cs);
	FUZZ_ASSERT(q.type == VG_VRRP_TYPE_ADVERT);
	FUZZ_ASSERT(memcmp(q.auth_data, p.auth_data, VG_VRRP_AUTH_LEN) == 0);
	FUZZ_ASSERT(memcmp(q.addrs, p.addrs, (size_t)p.count * alen) == 0);
	FUZZ_ASSERT(q.checksum == vg_vrrp_checksum(q.version, src, dst, out, (size_t)m));

	/* a well-formed advert: the encoder writes exactly what was received */
	if (p.type == VG_VRRP_TYPE_ADVERT && (p.version == 2 || (buf[4] & 0xf0) == 0) &&
	    p.checksum == vg_vrrp_checksum(p.version, src, dst, buf, p.len))
		FUZZ_ASSERT(memcmp(out, buf, p.len) == 0);
}

/* An instance configured from the packet, made to differ where tweak says. */
static void config_from(struct vg_vrrp_config *c, struct vg_addr *vips, const uint8_t *msg, size_t len,
			uint8_t family, uint8_t flags, uint8_t tweak)
{
	struct vg_vrrp_packet p;
	size_t alen = vg_addr_len(family);
	uint8_t i;

	vg_vrrp_config_defaults(c);
	c->id = 7;
	strcpy(c->name, "VI_FUZZ");
	c->ifindex = 2;
	c->family = family;
	c->version = family == VG_AF_INET6 ? 3 : 2;
	c->vrid = 1;
	c->priority = (tweak & 0x40) ? 254 : 100;
	if (flags & 0x40)
		c->priority = 255;
	c->strict = flags & 0x10;
	c->nopreempt = flags & 0x20;
	c->garp_delay_ns = 0;

	if (vg_vrrp_decode(&p, msg, len, family) >= 0) {
		c->version = p.version;
		c->vrid = p.vrid ? p.vrid : 1;
		if (p.adver_int_cs > 0) {
			if (p.version == 3 && p.adver_int_cs <= VG_VRRP_V3_ADVER_INT_MAX_CS)
				c->adver_int_cs = p.adver_int_cs;
			else if (p.version == 2)
				c->adver_int_cs = p.adver_int_cs;
		}
		if (p.version == 2 && p.auth_type != VG_VRRP_AUTH_AH) {
			c->auth_type = p.auth_type <= VG_VRRP_AUTH_PASS ? p.auth_type : VG_VRRP_AUTH_NONE;
			memcpy(c->auth_data, p.auth_data, VG_VRRP_AUTH_LEN);
		}
		for (i = 0; i < p.count && i < VG_VRRP_ADDRS_MAX; i++)
			vips[i] = vg_addr_from_bytes(p.addrs + (size_t)i * alen, alen);
		c->vip_count = i;
		c->vips = vips;
	}
	if (tweak & 0x01)
		c->vrid = (uint8_t)(c->vrid % 255 + 1);
	if ((tweak & 0x02) && family == VG_AF_INET)
		c->version = c->version == 2 ? 3 : 2;
	if (tweak & 0x04)
		c->adver_int_cs = c->adver_int_cs == 100 ? 200 : 100;
	if (c->version == 3) {
		c->auth_type = VG_VRRP_AUTH_NONE;
		memset(c->auth_data, 0, sizeof(c->auth_data));
	} else if (tweak & 0x08) {
		c->auth_type = c->auth_type == VG_VRRP_AUTH_NONE ? VG_VRRP_AUTH_PASS : VG_VRRP_AUTH_NONE;
	}
	if (tweak & 0x10)
		c->auth_data[0] ^= 0x5a;
	if ((tweak & 0x20) && c->vip_count > 0)
		c->vip_count--;
	if (c->version == 2 && (c->adver_int_cs % 100 != 0 || c->adver_int_cs == 0))
		c->adver_int_cs = 100;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_vrrp_config cfg;
	struct vg_addr vips[VG_VRRP_ADDRS_MAX];
	struct vg_vrrp_instance inst;
	struct vg_router router;
	struct vg_action store[4 * VG_ACTIONS_PER_EVENT_MAX];
	struct vg_actions out;
	struct vg_vrrp_event ev;
	struct vg_vrrp_packet pkt;
	struct vg_rx_meta meta;
	enum vg_vrrp_drop v, r;
	uint8_t flags, tweak, family;
	const uint8_t *msg;
	size_t len;
	vg_time now = VG_S(1);

	if (size < HDR_LEN)
		return 0;
	flags = data[0];
	tweak = data[1];
	family = (flags & 0x01) ? VG_AF_INET6 : VG_AF_INET;
	msg = data + HDR_LEN;
	len = size - HDR_LEN;

	memset(&meta, 0, sizeof(meta));
	meta.src = addr_of(data + 2, family);
	meta.dst = addr_of(data + 18, family);
	meta.ttl = (flags & 0x02) ? 64 : VG_VRRP_TTL;
	meta.ifindex = (flags & 0x04) ? 3 : 2;

	/* the codec alone, for both families */
	round_trip(msg, len, family, &meta.src, &meta.dst);
	{
		struct vg_addr s4 = addr_of(data + 2, VG_AF_INET), d4 = addr_of(data + 18, VG_AF_INET);
		struct vg_addr s6 = addr_of(data + 2, VG_AF_INET6), d6 = addr_of(data + 18, VG_AF_INET6);

		round_trip(msg, len, VG_AF_INET, &s4, &d4);
		round_trip(msg, len, VG_AF_INET6, &s6, &d6);
		FUZZ_ASSERT(vg_vrrp_decode(&pkt, msg, len, VG_AF_NONE) == VG_VRRP_ERR_FAMILY);
	}

	/* the receive path */
	config_from(&cfg, vips, msg, len, family, flags, tweak);
	if (flags & 0x08)
		cfg.src_addr = meta.src;
	if (vg_vrrp_config_check(&cfg) != NULL)
		return 0;
	vg_actions_init(&out, store, sizeof(store) / sizeof(store[0]));
	vg_router_init(&router, &inst, &cfg, 1, NULL, 0);

	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_STARTUP;
	vg_router_input(&router, now, &ev, &out);
	if ((flags & 0x80) && inst.state == VG_STATE_BACKUP) {
		now = vg_router_next_deadline(&router);
		ev.kind = VG_EV_TIMER;
		vg_router_input(&router, now, &ev, &out);
		FUZZ_ASSERT(inst.state == VG_STATE_MASTER);
	}
	vg_actions_clear(&out);

	v = vg_vrrp_validate(&inst, msg, len, &meta, &pkt);
	FUZZ_ASSERT(v < VG_DROP__COUNT);
	if (v == VG_DROP_NONE) {
		FUZZ_ASSERT(pkt.vrid == cfg.vrid && pkt.version == cfg.version);
		FUZZ_ASSERT(pkt.type == VG_VRRP_TYPE_ADVERT && pkt.len <= len);
	}

	ev.kind = VG_EV_PACKET;
	ev.u.packet.buf = msg;
	ev.u.packet.len = len;
	ev.u.packet.meta = meta;
	now += VG_MS(1);
	r = vg_router_input(&router, now, &ev, &out);
	if (len >= 2 && msg[1] == cfg.vrid && meta.ifindex == cfg.ifindex && v != VG_DROP_NONE)
		FUZZ_ASSERT(r == v);
	FUZZ_ASSERT(out.lost == 0);
	FUZZ_ASSERT(inst.state == VG_STATE_BACKUP || inst.state == VG_STATE_MASTER);
	FUZZ_ASSERT(vg_router_next_deadline(&router) == vg_vrrp_next_deadline(&inst));
	FUZZ_ASSERT(vg_router_next_deadline(&router) > now);
	return 0;
}
