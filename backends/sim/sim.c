// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: discrete-event engine of the simulator (see sim.h).
 *
 * One loop: take the earliest of (queued delivery or fault, node deadline,
 * the other world's next time), jump the clock there, hand the event to the
 * node's router (or the other world), and turn the router's effects into
 * new queued deliveries. Ties go queue first (in insertion order), then
 * nodes in index order, then the other world, so runs are reproducible.
 */
#include "sim/sim.h"

#include "node/reload.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

uint64_t vg_sim_splitmix(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t rng_next(struct vg_sim *s)
{
	return vg_sim_splitmix(&s->rng);
}

/* (time, VRRP before the other world, insertion) */
static bool key_before(const struct vg_sim_key *a, const struct vg_sim_key *b)
{
	uint32_t ca = a->slot & VG_SIM_KEY_WORLD, cb = b->slot & VG_SIM_KEY_WORLD;

	return a->at < b->at || (a->at == b->at && (ca < cb || (ca == cb && a->seq < b->seq)));
}

static void swap_keys(struct vg_sim_key *a, struct vg_sim_key *b)
{
	struct vg_sim_key t = *a;

	*a = *b;
	*b = t;
}

/* A free slot for an item at `at`; call sift_up() once it is filled in. */
static struct vg_sim_item *push(struct vg_sim *s, vg_time at)
{
	struct vg_sim_item *it;
	uint32_t slot;

	if (s->free_count == 0)
		return NULL;
	slot = s->free_slot[--s->free_count];
	it = &s->queue[slot];
	memset(it, 0, offsetof(struct vg_sim_item, pkt));
	it->at = at;
	it->seq = s->seq++;
	s->heap[s->queue_len++] = (struct vg_sim_key){ at, it->seq, slot };
	return it;
}

/* Restore heap order after the last push. */
static void sift_up(struct vg_sim *s)
{
	uint32_t i = s->queue_len - 1;

	while (i > 0 && key_before(&s->heap[i], &s->heap[(i - 1) / 2])) {
		swap_keys(&s->heap[i], &s->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

/* Take the earliest item off the heap; its slot is freed with release() once handled. */
static uint32_t pop(struct vg_sim *s)
{
	uint32_t i = 0, slot = s->heap[0].slot;

	s->heap[0] = s->heap[--s->queue_len];
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < s->queue_len && key_before(&s->heap[l], &s->heap[m]))
			m = l;
		if (r < s->queue_len && key_before(&s->heap[r], &s->heap[m]))
			m = r;
		if (m == i)
			break;
		swap_keys(&s->heap[i], &s->heap[m]);
		i = m;
	}
	return slot;
}

static void release(struct vg_sim *s, uint32_t slot)
{
	s->free_slot[s->free_count++] = slot;
}

int vg_sim_world_push(struct vg_sim *s, vg_time at, uint32_t slot)
{
	if (s->world_len >= VG_SIM_WORLD_EVENTS_MAX || slot >= VG_SIM_KEY_WORLD)
		return -1;
	s->world_len++;
	s->heap[s->queue_len++] = (struct vg_sim_key){ at, s->seq++, slot | VG_SIM_KEY_WORLD };
	sift_up(s);
	return 0;
}

bool vg_sim_world_pop(struct vg_sim *s, vg_time now, uint32_t *slot)
{
	if (!s->queue_len || !(s->heap[0].slot & VG_SIM_KEY_WORLD) || s->heap[0].at > now)
		return false;
	s->world_len--;
	*slot = pop(s) & ~VG_SIM_KEY_WORLD;
	return true;
}

static bool is_multicast(const struct vg_addr *a)
{
	return a->family == VG_AF_INET ? (a->bytes[0] & 0xf0) == 0xe0 : a->bytes[0] == 0xff;
}

static void note(struct vg_sim *s, const struct vg_sim_obs *o)
{
	if (s->observe)
		s->observe(s->observe_ctx, s, o);
}

/*
 * auth_type AH: the simulator has no crypto, so a stand-in keyed digest
 * takes HMAC-MD5's place (core/vrrp/ah.c builds and checks the header the
 * same way); what it models is the exchange: the keys must match and the
 * sequence numbers of keepalived's counter (core/vrrp/instance.c) must rise.
 */
static void sim_mac(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len, uint8_t out[16])
{
	uint64_t h1 = 1469598103934665603u, h2 = 7809847782465536322u;
	size_t i;

	(void)ctx;
	for (i = 0; i < key_len; i++)
		h1 = (h1 ^ key[i]) * 1099511628211u;
	for (i = 0; i < len; i++) {
		h1 = (h1 ^ msg[i]) * 1099511628211u;
		h2 = (h2 ^ h1) * 6364136223846793005u;
	}
	for (i = 0; i < 8; i++) {
		out[i] = (uint8_t)(h1 >> (8 * i));
		out[8 + i] = (uint8_t)(h2 >> (8 * i));
	}
}

static const struct vg_hmac_md5 sim_hmac = { NULL, sim_mac };

/* The datagram of an AH advert (the VRRP message in pkt, len bytes) in place; returns its length or < 0. */
static ssize_t sim_ah_wrap(const struct vg_sim_node *n, const struct vg_action *a, uint8_t *pkt, ssize_t len)
{
	const struct vg_vrrp_config *c = &n->cfg[a->instance];
	uint8_t vrrp[VG_VRRP_PKT_MAX];
	struct vg_ah_tx tx = { .key = c->auth_data, .src = a->u.advert.src, .dst = a->u.advert.dst,
			       .ttl = 255, .unicast = c->peer_count > 0 };

	tx.seq = n->inst[a->instance].ah_seq;
	tx.ip_id = (uint16_t)tx.seq ? (uint16_t)tx.seq : 1;
	memcpy(vrrp, pkt, (size_t)len);
	return vg_ah_encode(&tx, vrrp, (size_t)len, &sim_hmac, pkt, VG_AH_DGRAM_MAX);
}

static void apply(struct vg_sim *s, uint8_t node, const struct vg_actions *acts)
{
	struct vg_sim_node *n = &s->nodes[node];
	size_t i;
	uint8_t k;

	for (i = 0; i < acts->len; i++) {
		const struct vg_action *a = &acts->v[i];
		struct vg_sim_obs o = { .note = VG_SIM_NOTE_ACTION, .node = node, .action = a };

		note(s, &o);
		switch (a->kind) {
		case VG_ACT_ADD_VIPS:
		case VG_ACT_DEL_VIPS:
			if (!a->group && a->instance < n->inst_count)
				n->vips_held[a->instance] = a->kind == VG_ACT_ADD_VIPS;
			break;
		case VG_ACT_SEND_ADVERT: {
			uint32_t out_if = a->instance < n->inst_count ? n->cfg[a->instance].ifindex : 0;
			uint8_t seg = out_if < VG_SIM_IFACES_MAX ? n->segment[out_if] : 0;
			uint8_t pkt[VG_AH_DGRAM_MAX];
			ssize_t len = a->instance < n->inst_count
					      ? vg_vrrp_advert_encode(&n->cfg[a->instance], a, pkt, VG_VRRP_PKT_MAX)
					      : VG_VRRP_ERR_INVAL;
			bool ah = len > 0 && n->cfg[a->instance].auth_type == VG_VRRP_AUTH_AH;

			if (ah)
				len = sim_ah_wrap(n, a, pkt, len);
			if (len <= 0)
				break;

			for (k = 0; k < s->node_count; k++) {
				struct vg_sim_item *it;
				struct vg_sim_obs d = { .note = VG_SIM_NOTE_DROP, .node = k, .lost = true };
				uint32_t in_if;
				int copies;

				if (k == node)
					continue;
				/* segment 0 (the default) reaches every node, on any interface; a named
				 * segment reaches the node's interface attached to it */
				in_if = 0;
				if (seg != 0) {
					for (in_if = 1; in_if < VG_SIM_IFACES_MAX && s->nodes[k].segment[in_if] != seg; in_if++)
						;
					if (in_if == VG_SIM_IFACES_MAX)
						continue; /* not attached to that segment */
				}
				/* unicast (unicast_peer): only the node owning the destination address */
				if (!is_multicast(&a->u.advert.dst) && !vg_addr_eq(&s->nodes[k].addr, &a->u.advert.dst))
					continue;
				if (!vg_sim_hears(s, node, k) ||
				    (s->loss_ppm && rng_next(s) % 1000000 < s->loss_ppm)) {
					s->lost++;
					note(s, &d);
					continue;
				}
				copies = 1 + (s->dup_ppm && rng_next(s) % 1000000 < s->dup_ppm);
				while (copies--) {
					vg_time delay = s->delay_ns + (s->jitter_ns ? rng_next(s) % (s->jitter_ns + 1) : 0);

					it = push(s, vg_time_add(s->now, delay));
					if (!it) {
						s->lost++;
						break;
					}
					it->kind = 0;
					it->node = k;
					it->arg = in_if;
					it->len = (uint16_t)len;
					it->src = a->u.advert.src;
					it->dst = a->u.advert.dst;
					it->ah = ah;
					memcpy(it->pkt, pkt, (size_t)len);
					sift_up(s);
				}
			}
			break;
		}
		case VG_ACT_SEND_GARP:
		case VG_ACT_NOTIFY:
		case VG_ACT_STATE:
			break; /* nothing to carry out: the observer (checkers, output) sees them */
		default:
			s->fx_unhandled++; /* an LVS or script effect here: counted, never silently lost */
			break;
		}
	}
}

static void node_input(struct vg_sim *s, uint8_t node, const struct vg_vrrp_event *ev, enum vg_vrrp_drop *why)
{
	struct vg_action buf[VG_SIM_INST_MAX * 4 + VG_ACTIONS_PER_EVENT_MAX * 4];
	struct vg_actions acts;
	enum vg_vrrp_drop w;

	vg_actions_init(&acts, buf, sizeof(buf) / sizeof(buf[0]));
	w = vg_router_input(&s->nodes[node].node.router, s->now, ev, &acts);
	s->nodes[node].deadline = vg_router_next_deadline(&s->nodes[node].node.router);
	if (why)
		*why = w;
	s->events++;
	apply(s, node, &acts);
}

void vg_sim_init(struct vg_sim *s, struct vg_sim_node *nodes, uint8_t node_count, struct vg_sim_item *queue,
		 uint64_t seed)
{
	memset(s, 0, offsetof(struct vg_sim, heap)); /* the heap is empty: its keys need no clearing */
	s->nodes = nodes;
	s->node_count = node_count;
	s->queue = queue;
	for (s->free_count = 0; s->free_count < VG_SIM_QUEUE_MAX; s->free_count++)
		s->free_slot[s->free_count] = VG_SIM_QUEUE_MAX - 1 - s->free_count;
	s->rng = seed;
	s->delay_ns = VG_US(100);
}

static void bind(struct vg_sim_node *n)
{
	n->cfg = n->node.plan.cfg;
	n->inst = n->node.inst;
	n->inst_count = n->node.plan.inst_count;
}

/* The per-instance arrays beside a freshly built node.node; frees it on failure. */
static int finish_build(struct vg_sim_node *n, int rc)
{
	if (n->node.plan.inst_count > VG_SIM_INST_MAX) {
		vg_node_free(&n->node);
		return VG_SIM_ERR_SIZE;
	}
	/* one more than needed: calloc(0) may return NULL */
	n->vips_held = calloc(n->node.plan.inst_count + 1u, sizeof(*n->vips_held));
	if (!n->vips_held) {
		vg_node_free(&n->node);
		return VG_CONF_ERR_NOMEM;
	}
	bind(n);
	return rc;
}

int vg_sim_node_build_configs(struct vg_sim_node *n, const char *name, const struct vg_addr *addr,
			      const struct vg_vrrp_config *cfg, uint16_t count, const struct vg_sync_group *groups,
			      uint16_t group_count)
{
	int rc;

	memset(n, 0, sizeof(*n));
	memcpy(n->name, name, strnlen(name, sizeof(n->name) - 1));
	n->addr = *addr;
	if (count > VG_SIM_INST_MAX)
		return VG_SIM_ERR_SIZE;
	rc = vg_node_build_configs(&n->node, cfg, count, groups, group_count);
	return rc ? rc : finish_build(n, 0);
}

int vg_sim_node_build(struct vg_sim_node *n, const char *name, const struct vg_addr *addr, const struct vg_conf *conf,
		      struct vg_diags *diags)
{
	int rc;

	memset(n, 0, sizeof(*n));
	memcpy(n->name, name, strnlen(name, sizeof(n->name) - 1));
	n->addr = *addr;
	if (diags) {
		rc = vg_node_build(conf, &n->node, diags);
	} else {
		struct vg_diags scratch;

		vg_diags_init(&scratch);
		rc = vg_node_build(conf, &n->node, &scratch);
		vg_diags_free(&scratch);
	}
	if (rc == VG_CONF_ERR_NOMEM)
		return rc;
	return finish_build(n, rc);
}

void vg_sim_node_multicast(struct vg_sim_node *n)
{
	for (uint16_t j = 0; j < n->inst_count; j++) {
		n->cfg[j].src_addr.family = VG_AF_NONE;
		n->cfg[j].peer_count = 0; /* one segment: unicast peers become multicast */
	}
	n->multicast = true;
	vg_node_reset(&n->node);
}

void vg_sim_node_free(struct vg_sim_node *n)
{
	free(n->vips_held);
	vg_node_free(&n->node);
	memset(n, 0, sizeof(*n));
}

void vg_sim_node_clear(struct vg_sim_node *n)
{
	if (n->vips_held)
		memset(n->vips_held, 0, sizeof(*n->vips_held) * n->inst_count);
	n->running = false;
	n->drop_vrrp_in = n->drop_vrrp_out = false;
	n->partition = 0;
	n->deadline = 0;
}

void vg_sim_node_setup(struct vg_sim *s, uint8_t node)
{
	struct vg_sim_node *n = &s->nodes[node];

	vg_node_reset(&n->node);
	bind(n);
}

int vg_sim_schedule_arg(struct vg_sim *s, vg_time at, uint8_t node, enum vg_sim_fault fault, uint32_t arg)
{
	struct vg_sim_item *it = push(s, at);

	if (!it)
		return -1;
	it->kind = 1;
	it->node = node;
	it->fault = (uint8_t)fault;
	it->arg = arg;
	sift_up(s);
	return 0;
}

int vg_sim_schedule(struct vg_sim *s, vg_time at, uint8_t node, enum vg_sim_fault fault)
{
	return vg_sim_schedule_arg(s, at, node, fault, 0);
}

bool vg_sim_hears(const struct vg_sim *s, uint8_t from, uint8_t to)
{
	const struct vg_sim_node *a = &s->nodes[from], *b = &s->nodes[to];

	return a->running && b->running && !a->drop_vrrp_out && !b->drop_vrrp_in && a->partition == b->partition;
}

const char *vg_sim_fault_name(enum vg_sim_fault f)
{
	switch (f) {
	case VG_SIM_CRASH: return "crash";
	case VG_SIM_STOP: return "stop";
	case VG_SIM_START: return "start";
	case VG_SIM_FW_DROP: return "firewall drops VRRP";
	case VG_SIM_FW_ALLOW: return "firewall allows VRRP";
	case VG_SIM_PARTITION: return "partition";
	case VG_SIM_LINK_DOWN: return "link down";
	case VG_SIM_LINK_UP: return "link up";
	case VG_SIM_TRACK_FAIL: return "script fails";
	case VG_SIM_TRACK_OK: return "script succeeds";
	case VG_SIM_FW_DROP_IN: return "firewall drops VRRP in";
	case VG_SIM_FW_DROP_OUT: return "firewall drops VRRP out";
	case VG_SIM_RELOAD: return "reload";
	case VG_SIM_VIP_DEL: return "VIP removed by hand";
	case VG_SIM_RELOAD_REFUSED: return "reload refused (the file has errors): the running configuration stays";
	case VG_SIM_PROC_DOWN: return "tracked process down";
	case VG_SIM_PROC_UP: return "tracked process up";
	}
	return "?";
}

static void start_node(struct vg_sim *s, uint8_t node)
{
	struct vg_sim_node *n = &s->nodes[node];
	struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };

	vg_sim_node_setup(s, node);
	if (n->vips_held) /* stale VIPs are cleaned on start */
		memset(n->vips_held, 0, sizeof(*n->vips_held) * n->inst_count);
	n->running = true;
	ev.u.src.addr = n->addr;
	node_input(s, node, &ev, NULL);
	ev.kind = VG_EV_STARTUP;
	node_input(s, node, &ev, NULL);
}

/* The segment of each interface follows its name into the new plan. */
static void carry_segments(const struct vg_sim_node *old, struct vg_sim_node *fresh)
{
	for (uint32_t id = 1; id < VG_SIM_IFACES_MAX && id <= old->node.plan.iface_count; id++) {
		uint32_t to;

		if (!old->segment[id])
			continue;
		to = vg_vrrp_plan_iface(&fresh->node.plan, old->node.plan.ifaces[id - 1]);
		if (to && to < VG_SIM_IFACES_MAX)
			fresh->segment[to] = old->segment[id];
	}
}

/*
 * vigild's reload (backends/linux, keepalived's reload in vrrp_daemon.c)
 * through the core's diff: instances whose configuration changed or went
 * stop (Shutdown: priority 0, VIPs removed), unchanged ones carry over with
 * their state and timers (a GARP burst in progress goes on), new ones start.
 */
static bool swap_node(struct vg_sim *s, uint8_t k, const struct vg_sim_reload *slot, bool started, bool stop);

static void reload_node(struct vg_sim *s, uint8_t k, const struct vg_sim_reload *slot)
{
	struct vg_sim_node *n = &s->nodes[k];
	struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };

	if (!swap_node(s, k, slot, n->running, n->running) || !n->running)
		return;
	/* what vigild feeds the new generation: addresses, then Startup (the carried ignore it) */
	ev.u.src.addr = n->addr;
	node_input(s, k, &ev, NULL);
	ev.kind = VG_EV_STARTUP;
	node_input(s, k, &ev, NULL);
}

/* The node runs slot's configuration: the core's diff, stops (when `stop`), carry. false: failed. */
static bool swap_node(struct vg_sim *s, uint8_t k, const struct vg_sim_reload *slot, bool started, bool stop)
{
	struct vg_sim_node *n = &s->nodes[k];
	struct vg_sim_node fresh;
	struct vg_reload d;
	uint16_t i;

	memset(&s->last_reload, 0, sizeof(s->last_reload));
	if (!slot->conf || vg_sim_node_build(&fresh, n->name, &n->addr, slot->conf, NULL) != 0) {
		s->last_reload.failed = true;
		return false;
	}
	for (i = 0; slot->priority_delta && i < fresh.inst_count; i++) {
		int p = fresh.cfg[i].priority + slot->priority_delta;

		if (fresh.cfg[i].priority != 255) /* the address owner stays the owner */
			fresh.cfg[i].priority = (uint8_t)(p < 1 ? 1 : p > 254 ? 254 : p);
	}
	if (n->multicast)
		vg_sim_node_multicast(&fresh);
	vg_node_reset(&fresh.node); /* the instances take the configs as they are now */
	if (vg_reload_diff(&n->node, started, &fresh.node, &d)) {
		vg_sim_node_free(&fresh);
		s->last_reload.failed = true;
		return false;
	}
	if (stop) {
		for (i = 0; i < n->inst_count; i++) {
			struct vg_action buf[VG_ACTIONS_PER_EVENT_MAX * 4];
			struct vg_actions acts;

			vg_actions_init(&acts, buf, sizeof(buf) / sizeof(buf[0]));
			if (vg_reload_stop(&d, &n->node, i, s->now, &acts)) {
				s->events++;
				apply(s, k, &acts); /* against the old configs: its adverts and VIPs */
			}
		}
	}
	for (i = 0; i < fresh.inst_count; i++)
		fresh.vips_held[i] = d.from[i] >= 0 && n->vips_held[d.from[i]];
	vg_reload_carry(&d, &n->node, &fresh.node);
	s->last_reload = (struct vg_sim_reload_stats){ d.carried, d.stopped, d.started, false };
	vg_reload_free(&d);
	carry_segments(n, &fresh);
	fresh.running = n->running;
	fresh.drop_vrrp_in = n->drop_vrrp_in;
	fresh.drop_vrrp_out = n->drop_vrrp_out;
	fresh.partition = n->partition;
	fresh.reloaded = true;
	vg_sim_node_free(n);
	*n = fresh; /* the node's memory is on the heap: the copy moves nothing it points to */
	return true;
}

static void do_fault(struct vg_sim *s, const struct vg_sim_item *it)
{
	struct vg_sim_node *n = &s->nodes[it->node];
	struct vg_sim_obs o = { .note = VG_SIM_NOTE_FAULT, .node = it->node, .fault = it->fault, .arg = it->arg };
	struct vg_vrrp_event ev = { .kind = VG_EV_SHUTDOWN };

	note(s, &o);
	switch (it->fault) {
	case VG_SIM_RELOAD:
		if (it->arg < s->reload_count) {
			struct vg_sim_obs r = { .note = VG_SIM_NOTE_RELOADED, .node = it->node, .arg = it->arg };

			reload_node(s, it->node, &s->reloads[it->arg]);
			note(s, &r);
		}
		break;
	case VG_SIM_CRASH:
		n->running = false;
		if (n->vips_held) /* the machine is gone */
			memset(n->vips_held, 0, sizeof(*n->vips_held) * n->inst_count);
		break;
	case VG_SIM_STOP:
		if (n->running)
			node_input(s, it->node, &ev, NULL);
		n->running = false;
		break;
	case VG_SIM_START:
		if (!n->running)
			start_node(s, it->node);
		break;
	case VG_SIM_FW_DROP:
		n->drop_vrrp_in = n->drop_vrrp_out = true;
		break;
	case VG_SIM_FW_ALLOW:
		n->drop_vrrp_in = n->drop_vrrp_out = false;
		break;
	case VG_SIM_FW_DROP_IN:
		n->drop_vrrp_in = true;
		break;
	case VG_SIM_FW_DROP_OUT:
		n->drop_vrrp_out = true;
		break;
	case VG_SIM_PARTITION:
		n->partition = (uint8_t)it->arg;
		break;
	case VG_SIM_LINK_DOWN:
	case VG_SIM_LINK_UP:
		ev.kind = VG_EV_LINK;
		ev.u.link.ifindex = it->arg;
		ev.u.link.up = it->fault == VG_SIM_LINK_UP;
		if (n->running)
			node_input(s, it->node, &ev, NULL);
		break;
	case VG_SIM_VIP_DEL:
		/* only a held VIP can be removed; the core decides (VG_EV_VIP_GONE) */
		ev.kind = VG_EV_VIP_GONE;
		ev.u.vip.instance = (uint16_t)it->arg;
		ev.u.vip.no_track = (it->arg >> 16) & 1u;
		if (n->running && n->vips_held && ev.u.vip.instance < n->inst_count && n->vips_held[ev.u.vip.instance])
			node_input(s, it->node, &ev, NULL);
		break;
	case VG_SIM_TRACK_FAIL:
	case VG_SIM_TRACK_OK:
		ev.kind = VG_EV_TRACK;
		ev.u.track.kind = VG_TRACK_SCRIPT;
		ev.u.track.id = (uint16_t)it->arg;
		ev.u.track.up = it->fault == VG_SIM_TRACK_OK;
		if (n->running)
			node_input(s, it->node, &ev, NULL);
		break;
	case VG_SIM_PROC_DOWN:
	case VG_SIM_PROC_UP:
		ev.kind = VG_EV_TRACK;
		ev.u.track.kind = VG_TRACK_PROCESS;
		ev.u.track.id = (uint16_t)it->arg;
		ev.u.track.up = it->fault == VG_SIM_PROC_UP;
		if (n->running)
			node_input(s, it->node, &ev, NULL);
		break;
	default:
		break;
	}
}

void vg_sim_run(struct vg_sim *s, vg_time until)
{
	for (;;) {
		bool item = s->queue_len && !(s->heap[0].slot & VG_SIM_KEY_WORLD);
		vg_time t = item ? s->heap[0].at : VG_TIME_NEVER;
		vg_time tw = VG_TIME_NEVER;
		int timer_node = -1;
		uint8_t k;

		for (k = 0; k < s->node_count; k++) {
			vg_time d;

			if (!s->nodes[k].running)
				continue;
			d = s->nodes[k].deadline;
			if (d < t) {
				t = d;
				timer_node = k;
			}
		}
		if (s->world.handle) {
			tw = s->world.next_deadline(s->world.ctx);
			if (s->queue_len && (s->heap[0].slot & VG_SIM_KEY_WORLD))
				tw = vg_time_min(tw, s->heap[0].at);
		}
		if (tw < t && tw <= until) {
			/* the other world's turn: strictly before the next VRRP event */
			if (tw > s->now) {
				struct vg_sim_obs o = { .note = VG_SIM_NOTE_STEP };

				s->now = tw;
				note(s, &o);
			}
			s->world.handle(s->world.ctx, s->now);
			continue;
		}
		if (t == VG_TIME_NEVER || t > until)
			break;
		assert(t >= s->now);
		s->now = t;
		if (timer_node >= 0) {
			struct vg_vrrp_event ev = { .kind = VG_EV_TIMER };

			node_input(s, (uint8_t)timer_node, &ev, NULL);
		} else {
			uint32_t slot = pop(s);
			const struct vg_sim_item *it = &s->queue[slot];

			if (it->kind == 1) {
				do_fault(s, it);
			} else if (s->nodes[it->node].running) {
				struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };
				enum vg_vrrp_drop why;

				ev.u.packet.buf = it->pkt;
				ev.u.packet.len = it->len;
				if (it->ah && it->len >= VG_AH_IP_HDR_LEN + VG_AH_LEN) {
					ev.u.packet.meta.ip_hdr = it->pkt;
					ev.u.packet.meta.ip_hdr_len = VG_AH_IP_HDR_LEN;
					ev.u.packet.meta.ah = it->pkt + VG_AH_IP_HDR_LEN;
					ev.u.packet.meta.hmac = &sim_hmac;
					ev.u.packet.buf = it->pkt + VG_AH_IP_HDR_LEN + VG_AH_LEN;
					ev.u.packet.len = it->len - VG_AH_IP_HDR_LEN - VG_AH_LEN;
				}
				ev.u.packet.meta.src = it->src;
				ev.u.packet.meta.dst = it->dst;
				ev.u.packet.meta.ttl = VG_VRRP_TTL;
				ev.u.packet.meta.ifindex = it->arg;
				s->delivered++;
				node_input(s, it->node, &ev, &why);
				if (why != VG_DROP_NONE) {
					struct vg_sim_obs o = { .note = VG_SIM_NOTE_DROP, .node = it->node, .why = why };

					note(s, &o);
				}
			}
			release(s, slot);
		}
		{
			struct vg_sim_obs o = { .note = VG_SIM_NOTE_STEP };

			note(s, &o);
		}
		if (s->world.after_vrrp)
			s->world.after_vrrp(s->world.ctx);
	}
	if (until > s->now && until != VG_TIME_NEVER) {
		struct vg_sim_obs o = { .note = VG_SIM_NOTE_STEP };

		s->now = until;
		note(s, &o); /* checkers see quiet periods too */
	}
	if (s->world.handle && until != VG_TIME_NEVER)
		s->world.handle(s->world.ctx, s->now); /* the other world settles at `until` too */
}

/* ---- replay (vigil replay): recorded inputs at their recorded times ---- */

void vg_sim_feed(struct vg_sim *s, uint8_t node, vg_time now, const struct vg_vrrp_event *ev, int inst,
		 enum vg_vrrp_drop *why)
{
	struct vg_sim_node *n = &s->nodes[node];
	struct vg_sim_obs o = { .note = VG_SIM_NOTE_STEP };

	assert(now >= s->now);
	s->now = now;
	n->running = true;
	if (inst < 0) {
		node_input(s, node, ev, why);
	} else if (inst < n->inst_count) {
		struct vg_action buf[VG_ACTIONS_PER_EVENT_MAX * 4];
		struct vg_actions acts;

		vg_actions_init(&acts, buf, sizeof(buf) / sizeof(buf[0]));
		vg_vrrp_input(&n->inst[inst], now, ev, &acts);
		n->deadline = vg_router_next_deadline(&n->node.router);
		s->events++;
		apply(s, node, &acts);
	}
	note(s, &o);
}

int vg_sim_swap(struct vg_sim *s, uint8_t node, vg_time now, const struct vg_conf *conf, bool started)
{
	struct vg_sim_reload slot = { conf, 0 };
	struct vg_sim_obs r = { .note = VG_SIM_NOTE_RELOADED, .node = node, .arg = UINT32_MAX };

	assert(now >= s->now);
	s->now = now;
	if (!swap_node(s, node, &slot, started, true))
		return -1;
	s->nodes[node].running = true;
	note(s, &r);
	return 0;
}

int vg_sim_masters(const struct vg_sim *s, uint16_t idx, int *who)
{
	int n = 0;
	uint8_t k;

	for (k = 0; k < s->node_count; k++) {
		const struct vg_sim_node *nd = &s->nodes[k];

		if (nd->running && idx < nd->inst_count && nd->inst[idx].state == VG_STATE_MASTER) {
			n++;
			if (who)
				*who = k;
		}
	}
	return n;
}
