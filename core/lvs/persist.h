/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: persistence templates: a client (network) sticks to one real server.
 *
 * A persistent IPVS service (keepalived `persistence_timeout`) keeps, per
 * client address masked by `persistence_granularity`, a template naming the
 * real server the client was scheduled to. Its behaviour follows the
 * kernel's ip_vs_sched_persist() and ip_vs_check_template()
 * (net/netfilter/ipvs/ip_vs_core.c, ip_vs_conn.c); this is our own code:
 *   - a new connection looks the template up; it is used while its real
 *     server is still in the service's destination list ("available"),
 *     even with weight 0: a quiesced server (keepalived's
 *     inhibit_on_failure) keeps receiving the connections of its
 *     persistent clients. Only the sysctl expire_quiescent_template (off by
 *     default) makes a weight-0 server's template invalid;
 *   - an invalid or absent template: the scheduler picks, and a new
 *     template records the pick;
 *   - each use restarts the template's timer (timeout from now); when the
 *     timer fires while connections it controls are still open it is
 *     re-armed for another timeout; otherwise the template is gone.
 * Deviation: the table is bounded (buckets x VG_LVS_PERSIST_WAYS); a full
 * bucket evicts its template that expires first (counted in `evicted`).
 * A connection is released by (client, real server id): a connection of a
 * replaced template releases nothing.
 */
#ifndef VG_LVS_PERSIST_H
#define VG_LVS_PERSIST_H

#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/time.h"
#include "lvs/sched.h"

#define VG_LVS_PERSIST_WAYS 8
#define VG_LVS_PERSIST_BUCKET_BITS_MAX 20

struct vg_lvs_persist_tpl {
	struct vg_addr client;     /* client address masked by the granularity */
	uint16_t dest_id;          /* vg_lvs_dest.id of the real server */
	bool used;
	uint32_t n_control;        /* open connections it controls */
	vg_time expires_ns;        /* timer; re-armed while n_control > 0 */
};

struct vg_lvs_persist {
	vg_time timeout_ns;        /* persistence_timeout */
	uint8_t granularity_bits;  /* prefix length kept of the client address, 0 = host */
	bool expire_quiescent;     /* sysctl expire_quiescent_template */
	uint32_t bucket_count;     /* power of two */
	struct vg_lvs_persist_tpl *t; /* bucket_count * VG_LVS_PERSIST_WAYS */
	uint64_t reused;           /* counters */
	uint64_t created;
	uint64_t invalidated;      /* templates found but not usable (server gone / quiesced) */
	uint64_t evicted;
};

/*
 * Allocate 2^bucket_bits buckets (1..VG_LVS_PERSIST_BUCKET_BITS_MAX).
 * Returns 0, VG_LVS_EINVAL or VG_LVS_ENOMEM.
 */
int vg_lvs_persist_init(struct vg_lvs_persist *p, uint8_t bucket_bits, vg_time timeout_ns,
			uint8_t granularity_bits, bool expire_quiescent);
void vg_lvs_persist_fini(struct vg_lvs_persist *p);

/* The client address masked to the granularity (the template key). */
struct vg_addr vg_lvs_persist_key(const struct vg_lvs_persist *p, const struct vg_addr *client);

/*
 * Schedule a new connection through the templates: the index in s->d[] of
 * the template's server (*reused true) or of the scheduler's pick (a new
 * template), or VG_LVS_ENODEST. The connection counts as controlled by the
 * template until vg_lvs_persist_conn_closed().
 */
int vg_lvs_persist_pick(struct vg_lvs_persist *p, struct vg_lvs_sched *s, const struct vg_lvs_conn *c,
			vg_time now, bool *reused);

/* A connection of `client` to server `dest_id` closed at `now`. */
void vg_lvs_persist_conn_closed(struct vg_lvs_persist *p, const struct vg_addr *client, uint16_t dest_id,
				vg_time now);

/* The live template of a client (NULL if none): for tests and invariants. */
const struct vg_lvs_persist_tpl *vg_lvs_persist_lookup(const struct vg_lvs_persist *p,
						       const struct vg_addr *client, vg_time now);

#endif
