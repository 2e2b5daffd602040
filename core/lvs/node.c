// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: event routing for the virtual services of one LVS node (see node.h).
 */
#include "lvs/node.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* One draw of the warmup seeds: splitmix64, the stream a caller's own splitmix64 would draw. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/*
 * Each service's earliest deadline is cached in it (node_next_ns) and
 * refreshed only for the services an input touched: a probe result scans
 * its own service's checkers and the services' cached minimums, not every
 * checker of the node (10,000 checkers: that scan was 40 % of vigild's CPU).
 */
static void refresh(struct vg_lvs_node *n, uint32_t i)
{
	n->svc[i].node_next_ns = vg_lvs_service_next_deadline(&n->svc[i]);
}

static vg_time scan_deadlines(const struct vg_lvs_node *n)
{
	vg_time t = VG_TIME_NEVER;

	for (uint32_t i = 0; i < n->count; i++)
		t = vg_time_min(t, n->svc[i].node_next_ns);
	return t;
}

static void refresh_all(struct vg_lvs_node *n)
{
	for (uint32_t i = 0; i < n->count; i++)
		refresh(n, i);
}

struct vg_lvs_service *vg_lvs_node_services_alloc(const struct vg_lvs_conf_map *map)
{
	const struct vg_lvs_service_config **cfg = calloc(map->count ? map->count : 1, sizeof(*cfg));
	struct vg_lvs_service *svc;

	if (!cfg)
		return NULL;
	for (uint32_t i = 0; i < map->count; i++)
		cfg[i] = &map->svc[i].cfg;
	svc = vg_lvs_services_alloc(cfg, map->count);
	free(cfg);
	return svc;
}

void vg_lvs_node_init(struct vg_lvs_node *n, struct vg_lvs_service *svc, const struct vg_lvs_conf_map *map)
{
	memset(n, 0, sizeof(*n));
	n->map = map;
	n->svc = svc;
	n->count = map->count;
	for (uint32_t i = 0; i < map->count; i++) {
		/* effects name a service by its id: the index in the map */
		assert(map->svc[i].cfg.id == i);
		vg_lvs_service_init(&svc[i], &map->svc[i].cfg);
	}
	refresh_all(n);
	n->next = scan_deadlines(n); /* not started: VG_TIME_NEVER */
}

bool vg_lvs_node_service_has_addr(const struct vg_lvs_node *n, uint32_t i, const struct vg_addr *a)
{
	const struct vg_lvs_conf_service *cs = &n->map->svc[i];

	for (uint32_t k = 0; k < cs->key_count; k++) {
		const struct vg_lvs_vs_key *key = &n->map->keys[cs->key_first + k];

		if (key->kind == VG_LVS_VS_ADDR && vg_addr_eq(&key->addr, a))
			return true;
	}
	return false;
}

size_t vg_lvs_node_effects_max(const struct vg_lvs_node *n)
{
	size_t sum = 0;

	/*
	 * Per service, the larger of start / stop (2 per server + 4) and an
	 * expiry: per checker a probe or an abort, a first-run notify and a
	 * dynamic weight edit (misc_dynamic, FILE_CHECK), per
	 * server a table change and a notify, one quorum loss moving every
	 * server and the sorry server.
	 */
	for (uint32_t i = 0; i < n->count; i++) {
		const struct vg_lvs_service_config *c = n->svc[i].cfg;

		sum += 3 * (size_t)c->checker_count + 3 * (size_t)c->rs_count + 8;
	}
	return sum;
}

static void start(struct vg_lvs_node *n, vg_time now, uint64_t seed, struct vg_actions *out)
{
	assert(!n->started);
	n->started = true;
	for (uint32_t i = 0; i < n->count; i++)
		vg_lvs_service_start(&n->svc[i], now, splitmix64(&seed), out);
}

static void stop_all(struct vg_lvs_node *n, vg_time now, struct vg_actions *out)
{
	for (uint32_t i = 0; i < n->count; i++)
		vg_lvs_service_stop(&n->svc[i], now, out);
	n->started = false;
}

/* keepalived update_checker_activity(): every service keyed on the address follows it. */
static void vip(struct vg_lvs_node *n, vg_time now, const struct vg_addr *a, bool present, struct vg_actions *out)
{
	for (uint32_t i = 0; i < n->count; i++) {
		if (!vg_lvs_node_service_has_addr(n, i, a))
			continue;
		if (n->svc[i].vip_present != present)
			n->vip_changes++;
		vg_lvs_service_set_vip_present(&n->svc[i], present, now, out);
	}
}

void vg_lvs_node_input(struct vg_lvs_node *n, vg_time now, const struct vg_lvs_event *ev, struct vg_actions *out)
{
	assert(now >= n->last_now);
	n->last_now = now;
	switch (ev->kind) {
	case VG_LVS_EV_START:
		start(n, now, ev->u.start.seed, out);
		refresh_all(n);
		break;
	case VG_LVS_EV_TIMER:
		for (uint32_t i = 0; i < n->count; i++)
			if (n->svc[i].node_next_ns <= now) {
				vg_lvs_service_handle_expiry(&n->svc[i], now, out);
				refresh(n, i);
			}
		break;
	case VG_LVS_EV_PROBE:
		if (ev->u.probe.service >= n->count || !ev->u.probe.result) {
			n->unknown_service++;
			break;
		}
		vg_lvs_service_probe_result(&n->svc[ev->u.probe.service], now, ev->u.probe.result, ev->u.probe.md5,
					    out);
		refresh(n, ev->u.probe.service);
		break;
	case VG_LVS_EV_VIP:
		vip(n, now, &ev->u.vip.addr, ev->u.vip.present, out);
		refresh_all(n);
		break;
	case VG_LVS_EV_WEIGHT:
		if (ev->u.weight.service >= n->count) {
			n->unknown_service++;
			break;
		}
		vg_lvs_service_set_weight(&n->svc[ev->u.weight.service], ev->u.weight.rs, ev->u.weight.weight, now,
					  out);
		refresh(n, ev->u.weight.service);
		break;
	case VG_LVS_EV_SHUTDOWN:
		stop_all(n, now, out);
		refresh_all(n);
		break;
	case VG_LVS_EV_FILE:
		for (uint32_t i = 0; i < n->count; i++)
			vg_lvs_service_file_value(&n->svc[i], ev->u.file.track_file, ev->u.file.value, now, out);
		refresh_all(n);
		break;
	case VG_LVS_EV_BFD:
		for (uint32_t i = 0; i < n->count; i++)
			vg_lvs_service_bfd_state(&n->svc[i], ev->u.bfd.bfd, ev->u.bfd.up, now, out);
		refresh_all(n);
		break;
	default:
		assert(!"unknown LVS event kind");
		break;
	}
	n->next = scan_deadlines(n);
	assert(n->started || n->next == VG_TIME_NEVER);
}

vg_time vg_lvs_node_next_deadline(const struct vg_lvs_node *n)
{
	return n->next;
}
