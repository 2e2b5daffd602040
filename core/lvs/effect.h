/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: effects the LVS core asks its backend to carry out.
 *
 * Kernel table changes (add / edit / delete a virtual service or a
 * destination with its weight; a later issue maps them to IPVS netlink),
 * scripts to run (notify_up / notify_down of a real server, quorum_up /
 * quorum_down of a virtual server) and health-check probes to start or
 * abandon. Records are plain data naming things by index: the backend
 * finds paths, URLs and script command lines in the configuration tree.
 */
#ifndef VG_LVS_EFFECT_H
#define VG_LVS_EFFECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/time.h"
#include "lvs/sched.h"

#define VG_LVS_RS_SORRY VG_LVS_RS_MAX /* .rs of the sorry server */

enum vg_lvs_effect_kind {
	VG_LVS_EFF_SVC_ADD,      /* add the virtual service (address/fwmark, scheduler, persistence) */
	VG_LVS_EFF_SVC_EDIT,     /* change its scheduler / flags / persistence */
	VG_LVS_EFF_SVC_DEL,      /* delete it */
	VG_LVS_EFF_DEST_ADD,     /* add destination .rs with .weight */
	VG_LVS_EFF_DEST_EDIT,    /* set destination .rs to .weight (0 = inhibited) */
	VG_LVS_EFF_DEST_DEL,     /* delete destination .rs */
	VG_LVS_EFF_NOTIFY_UP,    /* run .rs's notify_up (and notify_fifo "RS ... UP") */
	VG_LVS_EFF_NOTIFY_DOWN,  /* run .rs's notify_down */
	VG_LVS_EFF_QUORUM_UP,    /* run the service's quorum_up (notify_fifo "VS ... UP") */
	VG_LVS_EFF_QUORUM_DOWN,  /* run quorum_down */
	VG_LVS_EFF_PROBE,        /* start probe .probe (connect, send, read) against .rs */
	VG_LVS_EFF_PROBE_ABORT,  /* probe .probe.seq ran out of time in core: close it, drop its result */
	VG_LVS_EFF__COUNT
};

const char *vg_lvs_effect_name(enum vg_lvs_effect_kind k);

struct vg_lvs_effect {
	uint8_t kind;            /* enum vg_lvs_effect_kind */
	uint16_t service;        /* vg_lvs_service_config.id */
	uint16_t rs;             /* real server index, VG_LVS_RS_SORRY, or 0 for service effects */
	int32_t weight;          /* DEST_ADD / DEST_EDIT */
	bool stopping;           /* notifies sent while shutting down (omega) */
	struct {
		uint16_t checker;    /* index in the service's checkers */
		uint8_t type;        /* enum vg_lvs_check_type */
		uint8_t url;         /* HTTP_GET / SSL_GET: index among the checker's urls */
		uint32_t seq;        /* echo it in the result */
		vg_time timeout_ns;  /* connect_timeout: core aborts the probe after this */
	} probe;
};

/* A bounded list of effects owned by the caller. */
struct vg_lvs_effects {
	struct vg_lvs_effect *v;
	size_t len;
	size_t cap;
	size_t lost; /* effects that did not fit: a sizing bug in the caller */
};

void vg_lvs_effects_init(struct vg_lvs_effects *e, struct vg_lvs_effect *storage, size_t cap);
void vg_lvs_effects_clear(struct vg_lvs_effects *e);
/* Append a zeroed record; NULL (and lost++) when full. */
struct vg_lvs_effect *vg_lvs_effects_push(struct vg_lvs_effects *e, enum vg_lvs_effect_kind kind,
					  uint16_t service, uint16_t rs);

/* A quorum change can touch every destination plus the sorry server, and notify. */
#define VG_LVS_EFFECTS_PER_EVENT_MAX (2 * VG_LVS_RS_MAX + 8)

#endif
