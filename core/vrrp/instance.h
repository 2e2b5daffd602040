/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: one VRRP virtual router instance: the state machine of RFC 5798 6.4
 * (RFC 3768 6.4 for VRRPv2) with keepalived's additions.
 *
 * Events in, effects out, time passed in:
 *
 *   vg_vrrp_input(inst, now, &event, &actions);   // handle one event
 *   vg_vrrp_next_deadline(inst);                  // when to call again
 *
 * States: Initialize, Backup, Master (RFC 5798 6.4.1-6.4.3) and Fault
 * (keepalived: the interface is down or a tracked object with weight 0
 * failed). All transitions go through one funnel that counts, emits the
 * state and notify effects, and re-arms the timers of the new state.
 *
 * keepalived semantics on top of the RFC:
 *  - `state MASTER` (init_master) is a hint: a non-owner starts in Backup
 *    with a Master_Down_Timer of one Advertisement_Interval plus the
 *    minimum skew instead of Master_Down_Interval; an owner becomes Master
 *    at once (RFC 5798 6.4.1).
 *  - `nopreempt` (Preempt_Mode False) and `preempt_delay`: a Backup with a
 *    higher priority keeps accepting a lower-priority Master until the
 *    delay, counted from startup or from the first such advert, has passed.
 *  - A Master that receives a lower-priority advert answers with its own
 *    advert and gratuitous ARP, so the other side converges at once; with
 *    `strict` (vrrp_strict) it discards it as RFC 5798 6.4.3 says.
 *  - effective priority = base + tracked-object weights (track.h).
 *  - sync groups hold a member that wants Master until all members do
 *    (sync.h).
 */
#ifndef VG_VRRP_INSTANCE_H
#define VG_VRRP_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/time.h"
#include "vrrp/action.h"
#include "vrrp/ah.h"
#include "vrrp/drop.h"
#include "vrrp/packet.h"
#include "vrrp/track.h"

#define VG_VRRP_PEERS_MAX 16
#define VG_VRRP_NAME_MAX 64

/*
 * What an instance is: immutable while it runs (a reload swaps it). The
 * address lists and tracked objects are the caller's arrays (the plan's
 * pools in the daemon), so a config is a couple of hundred bytes whatever
 * the limits: 1000 instances hold 1000 of them.
 */
struct vg_vrrp_config {
	uint16_t id;                   /* caller's handle, copied into every effect */
	char name[VG_VRRP_NAME_MAX];   /* vrrp_instance name */
	uint32_t ifindex;              /* the interface the instance runs on (caller's numbering) */
	uint8_t version;               /* 2 (RFC 3768) or 3 (RFC 5798) */
	uint8_t family;                /* VG_AF_INET or VG_AF_INET6 */
	uint8_t vrid;                  /* 1..255 */
	uint8_t priority;              /* base priority 1..255; 255 = address owner */
	uint16_t adver_int_cs;         /* Advertisement_Interval, centiseconds (v2: multiple of 100) */
	bool init_master;              /* keepalived `state MASTER` */
	bool nopreempt;                /* Preempt_Mode = False */
	vg_time preempt_delay_ns;      /* keepalived preempt_delay; 0 = none */
	bool accept;                   /* Accept_Mode, RFC 5798 6.1 (keepalived default: true unless strict) */
	bool strict;                   /* vrrp_strict: RFC-exact, discard lower-priority adverts */
	bool lower_prio_no_advert;     /* keepalived lower_prio_no_advert: discard them without answering */
	uint8_t down_timer_adverts;    /* keepalived down_timer_adverts: the 3 of Master_Down_Interval (1..100) */
	bool sync_member;              /* in a vrrp_sync_group: Master needs the group's consent */
	uint8_t auth_type;             /* v2: enum vg_vrrp_auth */
	uint8_t auth_data[VG_VRRP_AUTH_LEN]; /* v2 PASS, zero padded */
	uint8_t vip_count;             /* 0..VG_VRRP_ADDRS_MAX */
	const struct vg_addr *vips;    /* vip_count advertised addresses (family of the instance) */
	struct vg_addr src_addr;       /* unicast_src_ip / mcast_src_ip; NONE = primary from the backend */
	uint8_t peer_count;            /* unicast_peer, 0..VG_VRRP_PEERS_MAX; 0 = multicast */
	const struct vg_addr *peers;   /* peer_count addresses */
	vg_time garp_delay_ns;         /* garp_master_delay: second burst after becoming Master (0 = none) */
	uint8_t garp_repeat;           /* garp_master_repeat */
	vg_time garp_refresh_ns;       /* garp_master_refresh (0 = none) */
	uint8_t garp_refresh_repeat;   /* garp_master_refresh_repeat */
	uint8_t track_count;           /* 0..VG_TRACKS_MAX */
	const struct vg_track_ref *tracks; /* track_count tracked objects */
	/* keepalived keywords (docs/config.md) */
	struct vg_addr mcast_group;    /* vrrp_mcast_group4/6, mcast_dst_ip; NONE = RFC 5798 5.1.1.2 / 5.1.2.2 group */
	uint8_t unicast_ttl;           /* unicast_ttl: TTL / hop limit of unicast adverts (the backend sets it) */
	bool check_unicast_src;        /* check_unicast_src: drop unicast adverts from a non-peer */
	bool fault_no_peer;            /* unicast_fault_no_peer: no peer means Fault, not multicast */
	bool skip_check_adv_addr;      /* skip_check_adv_addr: no address-list check of the known Master */
	bool higher_prio_send_advert;  /* higher_prio_send_advert: a Master answers a better advert first */
	bool dont_track_primary;       /* dont_track_primary: the interface's link does not cause Fault */
	uint8_t old_unicast_checksum;  /* enum vg_old_cksum: v3 IPv4 unicast checksum over the group */
	uint8_t garp_lower_prio_repeat; /* garp_lower_prio_repeat: GARPs on a lower-priority advert (0: none) */
	vg_time garp_lower_prio_delay_ns; /* garp_lower_prio_delay: a second such burst later (0: none) */
	vg_time garp_extra_if_ns;      /* garp_extra_if: GARPs on the other VIP interfaces this often (0: none) */
};

/*
 * keepalived old_unicast_checksum: keepalived before 1.3.6 computed the v3
 * IPv4 checksum of a unicast advert over the multicast group instead of the
 * destination. AUTO (the default) sends the RFC's and switches to the old
 * one after receiving an advert that only the old one verifies; ALWAYS
 * (the keyword) sends the old one; NEVER (`old_unicast_checksum never`)
 * accepts only the RFC's.
 */
enum vg_old_cksum { VG_OLD_CKSUM_AUTO = 0, VG_OLD_CKSUM_ALWAYS, VG_OLD_CKSUM_NEVER };

/* Fill a config with keepalived's defaults (v2, IPv4, priority 100, 1 s, accept, GARP 5 s / 5; no lists). */
void vg_vrrp_config_defaults(struct vg_vrrp_config *cfg);

/* Check a config; returns NULL if usable, else a static message naming the field. */
const char *vg_vrrp_config_check(const struct vg_vrrp_config *cfg);

/* Receive metadata: what the socket layer knew about a packet (docs/style.md rule 6). */
struct vg_rx_meta {
	struct vg_addr src;   /* IP source */
	struct vg_addr dst;   /* IP destination */
	uint8_t ttl;          /* TTL / hop limit */
	uint32_t ifindex;
	/* auth_type AH (vrrp/ah.h): the IPv4 datagram came with protocol 51 */
	const uint8_t *ah;    /* its VG_AH_LEN-byte Authentication Header (the VRRP message follows); NULL: protocol 112 */
	const uint8_t *ip_hdr; /* the IPv4 header as received, options included (the ICV covers it) */
	uint8_t ip_hdr_len;
	const struct vg_hmac_md5 *hmac; /* the backend's HMAC-MD5 (core has no crypto); NULL: AH adverts fail */
};

enum vg_vrrp_event_kind {
	VG_EV_STARTUP,     /* Startup event, RFC 5798 6.4.1 */
	VG_EV_SHUTDOWN,    /* Shutdown event: Master sends priority 0 */
	VG_EV_PACKET,      /* VRRP message (IP payload) with its metadata */
	VG_EV_TIMER,       /* a deadline from vg_vrrp_next_deadline() is due */
	VG_EV_LINK,        /* interface up / down (instance interface or tracked one) */
	VG_EV_TRACK,       /* tracked script / file / process / BFD changed */
	VG_EV_SRC_ADDR,    /* the interface's primary address (changed) */
	VG_EV_VIP_GONE,    /* one of the instance's VIPs / eVIPs was removed by someone else */
};

struct vg_vrrp_event {
	uint8_t kind; /* enum vg_vrrp_event_kind */
	union {
		struct {
			const uint8_t *buf;
			size_t len;
			struct vg_rx_meta meta;
		} packet;
		struct {
			uint32_t ifindex;
			bool up;
		} link;
		struct {
			uint8_t kind;   /* enum vg_track_kind */
			uint16_t id;
			bool up;
			bool removed;   /* taken out of tracking for good (vg_track_set_remove) */
			int32_t value;  /* track_file */
		} track;
		struct {
			uint32_t ifindex; /* 0 = any */
			struct vg_addr addr;
		} src;
		struct {
			uint16_t instance; /* the config id (vg_vrrp_config.id) whose VIP it was */
			bool no_track;     /* the VIP's `no_track` option */
		} vip;
	} u;
};

/* One virtual router instance. Fields carry RFC names. */
struct vg_vrrp_instance {
	const struct vg_vrrp_config *cfg;
	enum vg_vrrp_state state;
	uint8_t priority;               /* effective Priority (base + weights) */
	bool link_up;
	bool track_fault;               /* a weight-0 tracked object is down */
	bool sync_fault;                /* held in Fault by a sync group member */
	bool wants_master;              /* sync member whose Master_Down_Timer fired */
	uint16_t master_adver_int_cs;   /* Master_Adver_Interval (v3 learns it), RFC 5798 6.1 */
	vg_time adver_timer;            /* Adver_Timer deadline (Master) */
	vg_time master_down_timer;      /* Master_Down_Timer deadline (Backup) */
	vg_time preempt_at;             /* preempt_delay ends; NEVER = not started */
	vg_time garp_timer;             /* next GARP burst (Master) */
	vg_time garp_lp_timer;          /* the garp_lower_prio_delay burst (Master) */
	vg_time garp_extra_at;          /* garp_extra_if: due at the first advert from then on (Master) */
	bool old_cksum;                 /* sending the old unicast checksum (old_unicast_checksum) */
	bool garp_delay_pending;        /* the garp_master_delay burst is still to come */
	struct vg_addr primary;         /* our primary address: advert source, tie-break */
	struct vg_addr master_addr;     /* the Master we last accepted (Backup) */
	uint8_t master_priority;
	vg_time last_now;               /* time never goes backwards */
	vg_time entered_at;             /* when the current state began */
	uint32_t ah_seq;                /* auth_type AH: the sequence number last sent or accepted (ah.h) */
	bool ah_cycled;                 /* it reached VG_AH_SEQ_LAST: reset on becoming Master (keepalived) */
	struct vg_track_set track;
	struct vg_vrrp_stats stats;
	uint16_t vrid_next;             /* router.c: next instance with this family and VRID, or UINT16_MAX */
};

/* Bind a config; the instance starts in Initialize. cfg must outlive inst. */
void vg_vrrp_init(struct vg_vrrp_instance *inst, const struct vg_vrrp_config *cfg);

/*
 * Handle one event at `now` (must not be earlier than the last call) and
 * append the resulting effects. Returns the drop reason for a packet that
 * was not acted on (VG_DROP_NONE otherwise and for other events).
 */
enum vg_vrrp_drop vg_vrrp_input(struct vg_vrrp_instance *inst, vg_time now,
				const struct vg_vrrp_event *ev, struct vg_actions *out);

/* The earliest deadline of the current state, or VG_TIME_NEVER. */
vg_time vg_vrrp_next_deadline(const struct vg_vrrp_instance *inst);

/*
 * RFC 5798 7.1 / RFC 3768 7.1 receive checks of one packet against this
 * instance (no state change). Fills pkt when it returns VG_DROP_NONE.
 */
enum vg_vrrp_drop vg_vrrp_validate(const struct vg_vrrp_instance *inst, const uint8_t *buf, size_t len,
				   const struct vg_rx_meta *meta, struct vg_vrrp_packet *pkt);

/*
 * The bytes of the advertisement a VG_ACT_SEND_ADVERT effect asks for
 * (RFC 5798 5.1 / RFC 3768 5.1): VRID, version, interval, addresses and
 * authentication from cfg, which must be the config of the instance that
 * emitted it (a->instance == cfg->id); priority, source and destination
 * (the v3 checksum's pseudo-header, RFC 5798 5.2.8) from the effect.
 * VG_VRRP_PKT_MAX bytes always suffice for a checked config. Returns the
 * length, or VG_VRRP_ERR_INVAL (not an advert of this instance) /
 * VG_VRRP_ERR_NOSPACE.
 */
ssize_t vg_vrrp_advert_encode(const struct vg_vrrp_config *cfg, const struct vg_action *a, uint8_t *out,
			      size_t cap);

/* Skew_Time and Master_Down_Interval for the current priority and Master_Adver_Interval. */
vg_time vg_vrrp_skew_time(const struct vg_vrrp_instance *inst);
vg_time vg_vrrp_master_down_interval(const struct vg_vrrp_instance *inst);

/* Sync-group hooks (sync.c): move a member as its group decides. */
void vg_vrrp_sync_to_master(struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out);
void vg_vrrp_sync_to_backup(struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out);
void vg_vrrp_sync_fault(struct vg_vrrp_instance *inst, vg_time now, bool fault, struct vg_actions *out);

/* Running = in Backup or Master (not Initialize, not Fault). */
bool vg_vrrp_own_fault(const struct vg_vrrp_instance *inst);

#endif
