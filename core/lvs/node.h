/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: an LVS node: every virtual service and checker of one director, the counterpart of vg_router.
 *
 * The unit a backend drives for the LVS half of one node, built from the
 * configuration (lvs/from_conf.h: one vg_lvs_service per mapped
 * virtual_server, which owns its checkers). It forwards time and events to
 * the services they concern and returns what they decide as effect records
 * of the core's one vocabulary (base/action.h, VG_ACT_LVS_*), in the
 * caller's bounded list: the same list can carry the node's VRRP and script
 * records. Same two calls as the router:
 *
 *   vg_lvs_node_input(n, now, &event, &actions);
 *   vg_lvs_node_next_deadline(n);
 *
 * Events: START (install every service, arm the checkers), TIMER (due
 * probes start, late ones are given up), PROBE (a probe's outcome for one
 * service), VIP (an address appeared on or left this node: the VRRP side
 * says whether this node directs the services keyed on it; with
 * ha_suspend their checkers pause while it is away, keepalived's
 * update_checker_activity), WEIGHT (a dynamic weight, MISC_CHECK
 * misc_dynamic / FILE_CHECK set from outside) and SHUTDOWN (remove every
 * service; omega notifies). FILE (a tracked file's value) goes to every
 * FILE_CHECK tracking it; sent before START it sets their initial state
 * without effects, as keepalived reads the files before it installs the
 * services. MISC_CHECK misc_dynamic weights come with the PROBE result
 * (VG_LVS_PROBE_EXIT). A reload (keepalived's clear_diff_services) starts the new
 * node with vg_lvs_node_start_carry (lvs/carry.h) instead of START.
 *
 * The caller owns the configuration map and the array of services; the
 * node keeps only the cached earliest deadline and counters.
 */
#ifndef VG_LVS_NODE_H
#define VG_LVS_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/action.h"
#include "base/addr.h"
#include "base/time.h"
#include "lvs/from_conf.h"
#include "lvs/service.h"

enum vg_lvs_event_kind {
	VG_LVS_EV_START,     /* install every service, arm its checkers; .u.start.seed */
	VG_LVS_EV_TIMER,     /* deadlines due at `now` */
	VG_LVS_EV_PROBE,     /* .u.probe: the outcome of a VG_ACT_LVS_PROBE of service .service */
	VG_LVS_EV_VIP,       /* .u.vip: .addr is now (present) or no longer on this node */
	VG_LVS_EV_WEIGHT,    /* .u.weight: a new effective weight for real server .rs of .service */
	VG_LVS_EV_SHUTDOWN,  /* remove every service (clear_services); omega runs the down notifies */
	VG_LVS_EV_FILE,      /* .u.file: tracked file .track_file holds .value (FILE_CHECK) */
	VG_LVS_EV_BFD,       /* .u.bfd: bfd_instance .bfd's session is Up (.up) or not (BFD_CHECK) */
	VG_LVS_EV__COUNT
};

struct vg_lvs_event {
	uint8_t kind; /* enum vg_lvs_event_kind */
	union {
		struct {
			uint64_t seed;  /* the caller's randomness for checker warmup (same seed, same timers) */
		} start;
		struct {
			uint16_t service;                        /* the record's .service */
			const struct vg_lvs_probe_result *result; /* .checker and .seq from the record */
			const struct vg_lvs_md5 *md5;             /* for urls with a digest; may be NULL */
		} probe;
		struct {
			struct vg_addr addr; /* a virtual address (family and bytes) */
			bool present;        /* on this node: the VRRP side holds it (Master) */
		} vip;
		struct {
			uint16_t service;
			uint16_t rs;
			int32_t weight;
		} weight;
		struct {
			uint16_t track_file; /* index in the configuration's track_files */
			int64_t value;       /* the number the file holds (0 if absent or empty) */
		} file;
		struct {
			uint16_t bfd;        /* index in the configuration's bfd_instances */
			bool up;             /* the session is Up */
		} bfd;
	} u;
};

struct vg_lvs_node {
	const struct vg_lvs_conf_map *map;
	struct vg_lvs_service *svc;  /* map->count services; svc[i] runs map->svc[i].cfg */
	uint32_t count;
	bool started;                /* between START and SHUTDOWN */
	vg_time last_now;
	vg_time next;                /* cached earliest deadline of all services */
	uint64_t unknown_service;    /* PROBE / WEIGHT events naming no service: dropped */
	uint64_t vip_changes;        /* services whose VIP presence a VIP event changed */
};

/*
 * The services for map, bound to storage sized by its counts
 * (vg_lvs_services_alloc), for vg_lvs_node_init; free() releases them.
 * NULL when out of memory.
 */
struct vg_lvs_service *vg_lvs_node_services_alloc(const struct vg_lvs_conf_map *map);

/*
 * Bind `map->count` services (caller-owned array `svc`, from
 * vg_lvs_node_services_alloc(map) or otherwise bound to storage for each
 * service's counts) to the mapped
 * configuration; nothing is installed until START. Re-initialising a node
 * forgets its state without effects (a crashed machine).
 */
void vg_lvs_node_init(struct vg_lvs_node *n, struct vg_lvs_service *svc, const struct vg_lvs_conf_map *map);

/* Handle one event at `now` (never earlier than the previous call); effects go to `out`. */
void vg_lvs_node_input(struct vg_lvs_node *n, vg_time now, const struct vg_lvs_event *ev, struct vg_actions *out);

/* The earliest checker deadline of every service, VG_TIME_NEVER if none. */
vg_time vg_lvs_node_next_deadline(const struct vg_lvs_node *n);

/* The most records one input can append: size the effect list with it. */
size_t vg_lvs_node_effects_max(const struct vg_lvs_node *n);

/* Does service i answer for address a (one of its IPVS keys; fwmark services have none)? */
bool vg_lvs_node_service_has_addr(const struct vg_lvs_node *n, uint32_t i, const struct vg_addr *a);

#endif
