// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz event sequences into a small set of routers (fuzz-events).
 *
 * The input first describes two or three nodes, each a vg_router with one
 * or two instances (optionally in a sync group): vg_vrrp_config_defaults()
 * plus fuzzed fields, kept only when vg_vrrp_config_check() accepts them.
 * The nodes mostly agree on VRID, version, interval and addresses (so the
 * receive checks pass and the state machines really talk); flags make one
 * node differ. The rest of the input is a sequence of events:
 *
 *   advance time (every deadline on the way fires, in order; at most
 *   TIMER_STEPS_MAX deadlines per run, so a 1 cs interval and a minute of
 *   time cost no more than a few slow ones), deliver or
 *   lose the next advert the routers sent each other, a forged advert from
 *   a peer (well-formed, right checksum, fuzzed fields), raw bytes as a
 *   packet with fuzzed metadata, link up/down, tracked object changes,
 *   shutdown, startup, primary address changes
 *
 * After every vg_router_input() the harness checks, for every instance:
 *  - no effect was lost (buffers sized as VG_ACTIONS_PER_EVENT_MAX says);
 *  - the STATE effects form a chain (from = the last to) ending in the
 *    instance's state, and the VIPs are installed per the ADD/DEL_VIPS
 *    effects exactly while the instance is Master (never added twice,
 *    never deleted when not installed);
 *  - every SEND_ADVERT carries a packet that decodes, has the right
 *    checksum for its addresses and the instance's VRID and version
 *    (encoded and checked once per content: the configs do not change in a
 *    run, so the same priority, addresses and checksum rule give the same
 *    bytes; the last ADV_CACHE of each instance are kept);
 *  - the priority is base + tracking weights (track.h), in 1..255;
 *  - Fault exactly when the interface is down, a tracked object failed or
 *    the sync group holds it (outside Initialize);
 *  - no deadline in the past after handling an event, none due after a
 *    timer event, a Master's next advert within one Advertisement_Interval,
 *    and the router's cached next deadline equal to its instances' minimum.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "vrrp/router.h"

#define NODES_MAX 3
#define INST_MAX 2
#define QUEUE_MAX 64
#define EVENTS_MAX 512
#define ADV_CACHE 4 /* adverts remembered per instance: one per unicast peer, and a priority 0 */
#define TIMER_STEPS_MAX 1024 /* deadlines fired in one run, all time advances together */

struct node {
	struct vg_addr addr;
	struct vg_vrrp_config cfg[INST_MAX];
	struct vg_addr vips[INST_MAX][NODES_MAX + 1];  /* the configs' lists */
	struct vg_addr peers[INST_MAX][NODES_MAX];
	struct vg_track_ref tracks[INST_MAX][4];
	struct vg_vrrp_instance inst[INST_MAX];
	struct vg_sync_group group;
	uint16_t count;
	bool grouped;
	struct vg_router r;
	bool vips_held[INST_MAX];
	uint8_t state_seen[INST_MAX];
	struct advert_cache {
		bool valid;
		bool old_cksum;
		uint8_t priority;
		struct vg_addr src, dst;
		uint16_t len;
		uint8_t pkt[VG_VRRP_HDR_LEN + (NODES_MAX + 1) * 16 + VG_VRRP_AUTH_LEN]; /* vip_count <= 4 */
	} adv[INST_MAX][ADV_CACHE]; /* the last adverts encoded and checked, per instance */
	uint8_t adv_next[INST_MAX];  /* the entry to replace next */
};

struct queued {
	uint8_t from;
	uint32_t ifindex;
	struct vg_addr src, dst;
	uint16_t len;
	uint8_t pkt[VG_VRRP_PKT_MAX];
};

struct world {
	struct node n[NODES_MAX];
	uint8_t count;
	vg_time now;
	struct queued *q; /* [QUEUE_MAX], outside the world: written before it is read, never cleared */
	uint32_t q_head, q_len;
	uint32_t timer_steps; /* deadlines fired so far in this run */
	struct vg_action store[INST_MAX * VG_ACTIONS_PER_EVENT_MAX];
	struct vg_actions out;
};

static struct vg_addr addr4(uint8_t family, uint8_t last)
{
	struct vg_addr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	if (family == VG_AF_INET) {
		a.bytes[0] = 192;
		a.bytes[2] = 2;
		a.bytes[3] = last;
	} else {
		a.bytes[0] = 0x20;
		a.bytes[1] = 0x01;
		a.bytes[2] = 0x0d;
		a.bytes[3] = 0xb8;
		a.bytes[15] = last;
	}
	return a;
}

/* ---- building the nodes from the input ---- */

struct shared {
	uint8_t version, family, vrid;
	uint16_t adver_int_cs;
	bool unicast;
};

static void fuzz_tracks(struct fz *f, struct vg_vrrp_config *c, struct vg_track_ref *tracks)
{
	uint8_t i, n = fz_u8(f) % 4;

	for (i = 0; i < n; i++) {
		struct vg_track_ref *t = &tracks[i];
		int16_t w = (int8_t)fz_u8(f);

		t->kind = fz_u8(f) % 5;
		t->id = (uint16_t)(fz_u8(f) % 4 + 1);
		t->weight = (int16_t)(w * 2); /* -256..254 */
		if (t->weight < -254)
			t->weight = -254;
		t->reverse = fz_bool(f);
		t->init_down = fz_bool(f);
	}
	c->track_count = n;
	c->tracks = tracks;
}

static bool build_node(struct fz *f, struct node *n, uint8_t k, const struct shared *sh, uint8_t node_count)
{
	uint8_t prio = fz_u8(f), flags = fz_u8(f), misc = fz_u8(f), dev = fz_u8(f);
	uint16_t i;

	memset(n, 0, sizeof(*n));
	n->addr = addr4(sh->family, (uint8_t)(k + 1));
	n->count = (flags & 0x20) ? 2 : 1;
	n->grouped = n->count == 2 && (flags & 0x40);
	for (i = 0; i < n->count; i++) {
		struct vg_vrrp_config *c = &n->cfg[i];
		uint8_t j;

		vg_vrrp_config_defaults(c);
		c->id = i;
		snprintf(c->name, sizeof(c->name), "VI_%u", i);
		c->ifindex = (i == 1 && (dev & 0x10)) ? 3 : 2;
		c->version = sh->version;
		c->family = sh->family;
		c->vrid = (uint8_t)(sh->vrid + i);
		if (c->vrid == 0)
			c->vrid = 1;
		c->priority = i == 0 ? prio : (uint8_t)(prio ^ misc);
		if (c->priority == 0)
			c->priority = 1;
		c->adver_int_cs = sh->adver_int_cs;
		if (dev & 0x01)
			c->adver_int_cs = (uint16_t)(c->version == 2 ? (c->adver_int_cs % 25500) + 100
								      : (c->adver_int_cs * 2) % 4095 + 1);
		c->init_master = flags & 0x01;
		c->nopreempt = flags & 0x02;
		c->accept = flags & 0x04;
		c->strict = flags & 0x08;
		c->lower_prio_no_advert = flags & 0x10;
		c->preempt_delay_ns = (flags & 0x80) ? VG_S(misc % 8) : 0;
		c->down_timer_adverts = (uint8_t)(misc % 4 + 1);
		c->garp_delay_ns = (misc & 0x10) ? VG_S(1) : 0;
		c->garp_refresh_ns = (misc & 0x20) ? VG_S(3) : 0;
		c->garp_refresh_repeat = 1;
		c->sync_member = n->grouped;
		c->vip_count = (dev & 0x02) ? (uint8_t)(k + 1) : 2;
		for (j = 0; j < c->vip_count; j++)
			n->vips[i][j] = addr4(sh->family, (uint8_t)(100 + j));
		c->vips = n->vips[i];
		c->peers = n->peers[i];
		if (c->version == 2 && (dev & 0x04)) {
			c->auth_type = VG_VRRP_AUTH_PASS;
			memcpy(c->auth_data, (dev & 0x08) ? "other" : "secret", 6);
		}
		if (sh->unicast) {
			uint8_t m;

			for (m = 0; m < node_count; m++)
				if (m != k)
					n->peers[i][c->peer_count++] = addr4(sh->family, (uint8_t)(m + 1));
			c->src_addr = n->addr;
		}
		fuzz_tracks(f, c, n->tracks[i]);
		if (vg_vrrp_config_check(c) != NULL)
			return false;
	}
	if (n->grouped) {
		n->group.id = 0;
		strcpy(n->group.name, "G");
		n->group.count = 2;
		n->group.members[0] = 0;
		n->group.members[1] = 1;
	}
	vg_router_init(&n->r, n->inst, n->cfg, n->count, n->grouped ? &n->group : NULL, n->grouped ? 1 : 0);
	for (i = 0; i < n->count; i++)
		n->state_seen[i] = VG_STATE_INIT;
	return true;
}

/* ---- invariants ---- */

/*
 * The bytes of an advert effect: encoded from the config and the effect, checked (it decodes,
 * right checksum, VRID, version, priority, count) once per content: the config does not change
 * during a run, so an advert with the same priority, addresses and checksum rule as the
 * instance's last one is the same packet.
 */
static const struct advert_cache *advert_bytes(struct node *n, uint16_t i, const struct vg_action *a)
{
	const struct vg_vrrp_config *c = &n->cfg[i];
	struct advert_cache *e;
	struct vg_vrrp_packet p;
	ssize_t len;
	uint8_t x;

	for (x = 0; x < ADV_CACHE; x++) {
		e = &n->adv[i][x];
		if (e->valid && e->priority == a->u.advert.priority && e->old_cksum == a->u.advert.old_cksum &&
		    vg_addr_eq(&e->src, &a->u.advert.src) && vg_addr_eq(&e->dst, &a->u.advert.dst))
			return e;
	}
	e = &n->adv[i][n->adv_next[i]];
	n->adv_next[i] = (uint8_t)((n->adv_next[i] + 1) % ADV_CACHE);
	len = vg_vrrp_advert_encode(c, a, e->pkt, sizeof(e->pkt));
	FUZZ_ASSERT(len > 0 && (size_t)len <= sizeof(e->pkt));
	FUZZ_ASSERT(vg_vrrp_decode(&p, e->pkt, (size_t)len, c->family) == len);
	FUZZ_ASSERT(p.version == c->version && p.vrid == c->vrid && p.type == VG_VRRP_TYPE_ADVERT);
	FUZZ_ASSERT(p.priority == a->u.advert.priority && p.count == c->vip_count);
	FUZZ_ASSERT(p.checksum == vg_vrrp_checksum(p.version, &a->u.advert.src, &a->u.advert.dst, e->pkt,
						  (size_t)len));
	e->valid = true;
	e->priority = a->u.advert.priority;
	e->old_cksum = a->u.advert.old_cksum;
	e->src = a->u.advert.src;
	e->dst = a->u.advert.dst;
	e->len = (uint16_t)len;
	return e;
}

static void queue_advert(struct world *w, uint8_t from, struct node *n, uint16_t i, const struct vg_action *a)
{
	const struct advert_cache *e = advert_bytes(n, i, a);
	struct queued *q;

	FUZZ_ASSERT(a->u.advert.priority == 0 || a->u.advert.priority == n->inst[i].priority ||
		    n->inst[i].state != VG_STATE_MASTER);
	if (w->q_len == QUEUE_MAX) { /* the network is full: the oldest is lost */
		w->q_head = (w->q_head + 1) % QUEUE_MAX;
		w->q_len--;
	}
	q = &w->q[(w->q_head + w->q_len++) % QUEUE_MAX];
	q->from = from;
	q->ifindex = n->cfg[i].ifindex;
	q->src = a->u.advert.src;
	q->dst = a->u.advert.dst;
	q->len = e->len;
	memcpy(q->pkt, e->pkt, e->len);
}

static void check_node(struct world *w, uint8_t k, bool timer)
{
	struct node *n = &w->n[k];
	vg_time min = VG_TIME_NEVER;
	size_t a;
	uint16_t i;

	FUZZ_ASSERT(w->out.lost == 0);
	for (a = 0; a < w->out.len; a++) {
		const struct vg_action *act = &w->out.v[a];

		if (act->group)
			continue;
		FUZZ_ASSERT(act->instance < n->count);
		i = act->instance;
		switch (act->kind) {
		case VG_ACT_STATE:
			FUZZ_ASSERT(act->u.state.from == n->state_seen[i]);
			FUZZ_ASSERT(act->u.state.to != act->u.state.from && act->u.state.to < VG_STATE__COUNT);
			n->state_seen[i] = act->u.state.to;
			break;
		case VG_ACT_ADD_VIPS:
			FUZZ_ASSERT(!n->vips_held[i]);
			n->vips_held[i] = true;
			break;
		case VG_ACT_DEL_VIPS:
			FUZZ_ASSERT(n->vips_held[i]);
			n->vips_held[i] = false;
			break;
		case VG_ACT_SEND_ADVERT:
			queue_advert(w, k, n, i, act);
			break;
		default:
			break;
		}
	}
	vg_actions_clear(&w->out);

	for (i = 0; i < n->count; i++) {
		const struct vg_vrrp_instance *in = &n->inst[i];
		const struct vg_vrrp_config *c = &n->cfg[i];
		struct vg_track_eval e = vg_track_set_eval(&in->track);
		vg_time next = vg_vrrp_next_deadline(in);

		FUZZ_ASSERT(in->state < VG_STATE__COUNT && in->state == n->state_seen[i]);
		FUZZ_ASSERT(n->vips_held[i] == (in->state == VG_STATE_MASTER));
		/* a tracked Fault keeps the priority from before it (keepalived) */
		FUZZ_ASSERT(e.fault || in->priority == vg_track_priority(c->priority, e.delta));
		FUZZ_ASSERT(in->priority >= 1 && (in->priority == 255) == (c->priority == 255));
		if (in->state != VG_STATE_INIT)
			FUZZ_ASSERT((in->state == VG_STATE_FAULT) == (vg_vrrp_own_fault(in) || in->sync_fault));
		FUZZ_ASSERT(next >= w->now);
		if (timer)
			FUZZ_ASSERT(next > w->now);
		if (in->state == VG_STATE_MASTER)
			FUZZ_ASSERT(in->adver_timer - w->now <= VG_CS(c->adver_int_cs));
		min = vg_time_min(min, next);
	}
	FUZZ_ASSERT(vg_router_next_deadline(&n->r) == min);
}

static void input(struct world *w, uint8_t k, const struct vg_vrrp_event *ev)
{
	enum vg_vrrp_drop why = vg_router_input(&w->n[k].r, w->now, ev, &w->out);

	FUZZ_ASSERT(why < VG_DROP__COUNT);
	check_node(w, k, ev->kind == VG_EV_TIMER);
}

/* ---- events ---- */

static void advance(struct world *w, vg_time to)
{
	struct vg_vrrp_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_TIMER;
	for (; w->timer_steps < TIMER_STEPS_MAX; w->timer_steps++) {
		vg_time min = VG_TIME_NEVER;
		uint8_t k, who = 0;

		for (k = 0; k < w->count; k++) {
			vg_time t = vg_router_next_deadline(&w->n[k].r);

			if (t < min) {
				min = t;
				who = k;
			}
		}
		if (min > to)
			break;
		FUZZ_ASSERT(min >= w->now);
		w->now = min;
		input(w, who, &ev);
	}
	if (w->timer_steps < TIMER_STEPS_MAX)
		w->now = to;
}

static void deliver(struct world *w)
{
	struct queued *q = &w->q[w->q_head];
	struct vg_vrrp_event ev;
	uint8_t k;

	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_PACKET;
	ev.u.packet.buf = q->pkt;
	ev.u.packet.len = q->len;
	ev.u.packet.meta.src = q->src;
	ev.u.packet.meta.dst = q->dst;
	ev.u.packet.meta.ttl = VG_VRRP_TTL;
	ev.u.packet.meta.ifindex = q->ifindex;
	for (k = 0; k < w->count; k++) {
		bool multicast = q->dst.family == VG_AF_INET ? q->dst.bytes[0] >= 224 : q->dst.bytes[0] == 0xff;

		if (k != q->from && (multicast || vg_addr_eq(&q->dst, &w->n[k].addr)))
			input(w, k, &ev);
	}
}

static void forged_advert(struct world *w, struct fz *f, uint8_t k)
{
	const struct node *n = &w->n[k];
	const struct vg_vrrp_config *c = &n->cfg[fz_u8(f) % n->count];
	uint8_t how = fz_u8(f), buf[VG_VRRP_PKT_MAX];
	struct vg_vrrp_advert adv;
	struct vg_vrrp_event ev;
	ssize_t len;

	memset(&adv, 0, sizeof(adv));
	adv.version = c->version;
	adv.vrid = (how & 0x01) ? fz_u8(f) : c->vrid;
	adv.priority = fz_u8(f);
	adv.auth_type = c->auth_type;
	memcpy(adv.auth_data, c->auth_data, VG_VRRP_AUTH_LEN);
	adv.adver_int_cs = c->adver_int_cs;
	if ((how & 0x02) && c->version == 3)
		adv.adver_int_cs = fz_u16(f) % 4096;
	adv.count = (how & 0x04) ? 0 : c->vip_count;
	adv.addrs = c->vips;
	adv.family = c->family;
	adv.src = addr4(c->family, (how & 0x08) ? (uint8_t)(fz_u8(f) % 5 + 1) : 200);
	adv.dst = c->peer_count ? n->addr : vg_addr_vrrp_group(c->family);
	len = vg_vrrp_encode(&adv, buf, sizeof(buf));
	if (len < 0)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_PACKET;
	ev.u.packet.buf = buf;
	ev.u.packet.len = (size_t)len;
	ev.u.packet.meta.src = adv.src;
	ev.u.packet.meta.dst = adv.dst;
	ev.u.packet.meta.ttl = (how & 0x10) ? 1 : VG_VRRP_TTL;
	ev.u.packet.meta.ifindex = c->ifindex;
	input(w, k, &ev);
}

static void raw_packet(struct world *w, struct fz *f, uint8_t k)
{
	uint8_t buf[VG_VRRP_PKT_MAX + 16];
	uint8_t len = fz_u8(f) % (uint8_t)sizeof(buf), fam = w->n[k].cfg[0].family;
	struct vg_vrrp_event ev;

	fz_bytes(f, buf, len);
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_PACKET;
	ev.u.packet.buf = buf;
	ev.u.packet.len = len;
	ev.u.packet.meta.src = addr4(fam, fz_u8(f));
	ev.u.packet.meta.dst = vg_addr_vrrp_group(fam);
	ev.u.packet.meta.ttl = VG_VRRP_TTL;
	ev.u.packet.meta.ifindex = fz_u8(f) % 4;
	input(w, k, &ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world w;
	static struct queued queue[QUEUE_MAX];
	struct vg_vrrp_event ev;
	struct shared sh;
	struct fz f;
	uint8_t b, k;
	uint32_t events;

	fz_init(&f, data, size);
	memset(&w, 0, sizeof(w));
	w.q = queue;
	vg_actions_init(&w.out, w.store, sizeof(w.store) / sizeof(w.store[0]));
	b = fz_u8(&f);
	sh.version = (b & 0x01) ? 3 : 2;
	sh.family = (sh.version == 3 && (b & 0x02)) ? VG_AF_INET6 : VG_AF_INET;
	sh.unicast = b & 0x04;
	w.count = (b & 0x08) ? 3 : 2;
	sh.vrid = fz_u8(&f);
	sh.adver_int_cs = fz_u16(&f);
	sh.adver_int_cs = (uint16_t)(sh.version == 2 ? (sh.adver_int_cs % 3 + 1) * 100 : sh.adver_int_cs % 4095 + 1);
	for (k = 0; k < w.count; k++)
		if (!build_node(&f, &w.n[k], k, &sh, w.count))
			return 0;

	w.now = VG_S(1);
	for (events = 0; events < EVENTS_MAX && f.left > 0; events++) {
		uint8_t op = fz_u8(&f);

		k = (uint8_t)((op >> 4) % w.count);
		memset(&ev, 0, sizeof(ev));
		switch (op % 10) {
		case 0:
			advance(&w, w.now + VG_MS(fz_u16(&f)) + 1);
			break;
		case 1:
			if (w.q_len > 0) {
				deliver(&w);
				w.q_head = (w.q_head + 1) % QUEUE_MAX;
				w.q_len--;
			}
			break;
		case 2:
			if (w.q_len > 0) {
				w.q_head = (w.q_head + 1) % QUEUE_MAX;
				w.q_len--;
			}
			break;
		case 3:
			forged_advert(&w, &f, k);
			break;
		case 4:
			raw_packet(&w, &f, k);
			break;
		case 5:
			b = fz_u8(&f);
			ev.kind = VG_EV_LINK;
			ev.u.link.ifindex = b % 4;
			ev.u.link.up = b & 0x80;
			input(&w, k, &ev);
			break;
		case 6:
			b = fz_u8(&f);
			ev.kind = VG_EV_TRACK;
			ev.u.track.kind = b % 5;
			ev.u.track.id = (uint16_t)((b >> 3) % 4 + 1);
			ev.u.track.up = b & 0x80;
			ev.u.track.value = (int8_t)fz_u8(&f) * 4;
			input(&w, k, &ev);
			break;
		case 7:
			ev.kind = VG_EV_SHUTDOWN;
			input(&w, k, &ev);
			break;
		case 8:
			ev.kind = VG_EV_STARTUP;
			input(&w, k, &ev);
			break;
		default:
			b = fz_u8(&f);
			ev.kind = VG_EV_SRC_ADDR;
			ev.u.src.ifindex = (b & 0x01) ? 2 : 0;
			ev.u.src.addr = addr4(w.n[k].cfg[0].family, (uint8_t)(b >> 1));
			input(&w, k, &ev);
			break;
		}
	}
	return 0;
}
