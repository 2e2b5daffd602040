/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: pacing of gratuitous ARPs and unsolicited NAs (keepalived.conf(5)
 * vrrp_garp_interval, vrrp_gna_interval, garp_group).
 *
 * The least time between two gratuitous ARPs (two unsolicited NAs) sent on
 * an interface, or on any interface of a garp_group's `interfaces` list (the
 * delays are aggregated across them: one pacing domain). A message that may
 * not go yet waits in a bounded queue with its domain; the caller pulls the
 * deadline (vg_garp_next_deadline) and asks what may go (vg_garp_due), like
 * core/vrrp/script.c. The backend only sends what the queue releases.
 *
 * Each message names its instance and the index of the VIP in that
 * instance's virtual_ipaddress list; a reload renumbers the instances
 * (vg_garp_carry): the messages of an instance carried over keep waiting,
 * under the new configuration's interval, those of removed ones are dropped.
 */
#ifndef VG_VRRP_GARP_H
#define VG_VRRP_GARP_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"

#define VG_GARP_QUEUE_MAX 4096  /* queued messages; beyond it a message goes out at once */
#define VG_GARP_DOMAINS_MAX 64  /* pacing domains (interfaces or garp_groups); beyond: not paced */
#define VG_GARP_GROUP_KEY 0x80000000u /* key of an aggregated garp_group: this | its index */

/* The interface a message leaves by, as the backend chose it. */
enum __attribute__((packed)) vg_garp_via {
	VG_GARP_VIA_IFACE, /* the instance's interface */
	VG_GARP_VIA_VMAC,  /* its vmac */
	VG_GARP_VIA_DEV,   /* the VIP's `dev` */
};

/* One gratuitous ARP / unsolicited NA for VIP `vip` of instance `inst`. */
struct vg_garp_send {
	uint32_t kidx;   /* kernel interface it leaves by */
	uint32_t key;    /* pacing domain: kidx, or VG_GARP_GROUP_KEY | garp_group index */
	vg_time gap_ns;  /* the interval that applies; 0: not paced */
	uint16_t inst;   /* instance id in the current generation */
	uint16_t vip;    /* index in its virtual_ipaddress list */
	bool na;         /* an unsolicited NA (gna_interval), else a gratuitous ARP (garp_interval) */
	enum vg_garp_via via; /* which interface of the instance it leaves by */
};

/*
 * The garp_group of every interface a generation's messages leave by,
 * resolved once when the generation is built (plan.iface_garp for the
 * plan's interfaces, vg_vrrp_plan_garp_group() for a vmac's name and a
 * VIP's `dev`): pacing a message looks nothing up by name. Each value is
 * 1 + index in conf->garp_groups, 0: in none.
 */
struct vg_garp_groups {
	const uint16_t *iface;     /* per instance: its interface's */
	const uint16_t *vmac;      /* per instance: its vmac's (0 without one) */
	const uint32_t *vip_first; /* per instance: index of its first VIP in dev */
	const uint16_t *dev;       /* per VIP: its `dev`'s (0 without one) */
	uint16_t inst_count;
};

struct vg_garp_domain {
	uint32_t key;
	vg_time next_ok[2]; /* [0] ARP, [1] NA: a message on this domain waits until then */
};

struct vg_garp_queue {
	uint32_t len;
	uint64_t overflow; /* messages sent unpaced because the queue was full */
	uint32_t domain_count;
	struct vg_garp_domain domain[VG_GARP_DOMAINS_MAX];
	struct vg_garp_send q[VG_GARP_QUEUE_MAX];
};

enum vg_garp_verdict {
	VG_GARP_SEND,     /* send it now */
	VG_GARP_QUEUED,   /* it waits: vg_garp_due() releases it */
	VG_GARP_OVERFLOW, /* the queue is full: send it now, unpaced (first time: log it) */
};

void vg_garp_init(struct vg_garp_queue *q);

/* The garp_group (1 + conf->garp_groups index, 0: none) of the interface x leaves by. */
uint16_t vg_garp_group(const struct vg_garp_groups *gg, const struct vg_garp_send *x);

/*
 * The domain and interval of a message: a garp_group naming the interface
 * it leaves by (gg, resolved at plan time) gives its own interval (0 there
 * is "not written": the global one applies), aggregated across its
 * `interfaces`; otherwise the interface alone, with vrrp_garp_interval /
 * vrrp_gna_interval. Sets x->key and x->gap_ns from x->kidx, x->inst,
 * x->vip, x->via and x->na.
 */
void vg_garp_pace(const struct vg_conf *conf, const struct vg_garp_groups *gg, struct vg_garp_send *x);

/* A message is asked for at `now` (x->key and x->gap_ns set): send now, or queue it. */
enum vg_garp_verdict vg_garp_offer(struct vg_garp_queue *q, vg_time now, const struct vg_garp_send *x);

/*
 * What may go at `now`, oldest first, at most one per domain and family
 * whose time has come (each sets when the next may go: now + its interval).
 * Writes at most `max` into out; returns how many (call again while it fills out).
 */
uint32_t vg_garp_due(struct vg_garp_queue *q, vg_time now, struct vg_garp_send *out, uint32_t max);

/* When vg_garp_due() next has something; VG_TIME_NEVER with an empty queue. */
vg_time vg_garp_next_deadline(const struct vg_garp_queue *q);

/* Forget the queued messages of instance `inst` (it left Master: no announcing dropped VIPs). */
void vg_garp_forget(struct vg_garp_queue *q, uint16_t inst);

/*
 * After a reload: to[j] is the new id of old instance j (j < old_count), or
 * -1 when it stopped or went (conf and gg: the new generation's). Messages of stopped instances are dropped; the
 * others name their new id and take the new configuration's pacing (none:
 * vg_garp_due() releases them at once). The domains' send times stay.
 */
void vg_garp_carry(struct vg_garp_queue *q, const struct vg_conf *conf, const struct vg_garp_groups *gg,
		   const int32_t *to, uint16_t old_count);

#endif
