/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver's state, shared by its parts: lvs_driver.c (generations,
 * applying a diff, the driver's life cycle, --cleanup, --ipvs-diff),
 * lvs_syncd.c (the kernel's sync daemon), lvs_verdict.c (checker verdicts),
 * lvs_report.c (dump, metrics, status). Not for other modules: they use
 * lvs_driver.h.
 */
#ifndef VGD_LVS_DRIVER_INT_H
#define VGD_LVS_DRIVER_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf.h"
#include "check/check_lat.h"
#include "lvs/table_from_conf.h"
#include "lvs_map.h"
#include "lvs_table.h"
#include "options.h"

/* What the driver counts (the state dump prints them). */
struct vgd_lvs_counters {
	uint64_t applies;       /* start, reloads, stop: each a dump + diff + batch */
	uint64_t messages;      /* IPVS change requests sent */
	uint64_t round_trips;   /* sendmsg()s of changes, each waiting for its acks */
	uint64_t failures;      /* requests the kernel refused */
	uint64_t last_messages; /* of the latest apply */
	uint64_t last_round_trips;
	uint64_t dump_round_trips;
	uint64_t dumps;         /* applies that read the kernel table first */
	uint64_t last_apply_us; /* the latest apply, from its first step (dump or diff) to the last ack */
	uint64_t vip_events;    /* VIP presence changes of ha_suspend services */
	uint64_t syncd_changes; /* sync daemons started or stopped */
	uint64_t verdict_edits; /* IPVS changes sent for checker verdicts */
};

/* keepalived.conf(5) global_defs lvs_sync_daemon <INTERFACE> <VRRP_INSTANCE> [id N] [maxlen N]
   [port N] [ttl N] [group ADDR]: the kernel's sync daemon follows the instance's state. */
struct lvs_syncd {
	bool set;
	char instance[64];
	struct vgl_ipvs_daemon d; /* state filled when sent */
	struct vgl_ipvs_tag tag;
};

/* One configuration's desired table. */
struct lvs_gen {
	const struct vg_conf *conf;
	struct vgd_lvs_map *shared;       /* one reference: the checker driver holds others (lvs_map.h) */
	const struct vg_lvs_conf_map *map; /* &shared->map */
	struct vg_lvs_table want;
	bool flush;          /* lvs_flush */
	bool flush_on_stop;  /* bare lvs_flush_on_stop: one flush of the whole table */
	bool *vip_present;   /* per mapped service: ha_suspend's address is on this host */
	struct lvs_syncd syncd;
};

struct vgd_lvs {
	const struct vgd_opts *o;
	/* the checker driver's states for a reload being committed (vgd_lvs_set_reload_states) */
	const struct vg_lvs_service *(*reload_state)(void *ctx, uint32_t svc);
	void *reload_ctx;
	struct lvs_gen *gen, *next;
	struct vgl_ipvs *sock; /* NULL: no IPVS here */
	bool started;
	bool tried;            /* the socket was tried once (the unavailability is logged once) */
	bool in_sync;          /* the last apply was acked in full: the kernel holds gen->want */
	int syncd_state;       /* the sync daemon running: 0 none, IP_VS_STATE_MASTER or _BACKUP */
	struct vgd_lvs_counters n;
	struct chk_lat verdict_rt;     /* a checker verdict's batch: send to the last ack */
};

/* lvs_syncd.c: lvs_sync_daemon (or the first lvs_sync_daemon_interface) of `conf` into *y (zeroed). */
void vgd_lvs_syncd_parse(struct lvs_syncd *y, const struct vg_conf *conf, struct vg_diags *dg);
/* lvs_syncd.c: run the sync daemon as `state` (0: none, IP_VS_STATE_MASTER or _BACKUP). */
void vgd_lvs_syncd_set(struct vgd_lvs *l, int state);

/* lvs_report.c: the driver's ops dump, metrics and status (driver.h). */
struct vgd_expo;
struct vgd_status;
void vgd_lvs_dump(void *self, FILE *f);
void vgd_lvs_metrics(void *self, struct vgd_expo *w);
void vgd_lvs_status(void *self, struct vgd_status *st);

#endif
