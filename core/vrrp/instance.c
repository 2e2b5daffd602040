// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the VRRP instance state machine (RFC 5798 6.4, RFC 3768 6.4).
 *
 * Layout, following FRR vrrpd / OpenBSD carp without their I/O:
 *   - validate(): the receive ladder of RFC 5798 7.1 / RFC 3768 7.1;
 *   - transition(): the one funnel every state change goes through; it
 *     emits the state, advert, VIP, GARP and notify effects and arms the
 *     timers of the new state;
 *   - on_*(): one handler per event and state.
 */
#include "vrrp/instance.h"

#include <assert.h>
#include <string.h>

/* ---- configuration ---------------------------------------------------- */

void vg_vrrp_config_defaults(struct vg_vrrp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->version = 2;
	cfg->family = VG_AF_INET;
	cfg->priority = 100;
	cfg->adver_int_cs = 100;
	cfg->accept = true;
	cfg->garp_delay_ns = VG_S(5);
	cfg->garp_repeat = 5;
	cfg->garp_refresh_repeat = 1;
	cfg->down_timer_adverts = 3;
	cfg->unicast_ttl = VG_VRRP_TTL;
	cfg->garp_lower_prio_repeat = 5; /* keepalived: garp_master_repeat's */
	cfg->garp_lower_prio_delay_ns = VG_S(5); /* and garp_master_delay's */
}

const char *vg_vrrp_config_check(const struct vg_vrrp_config *cfg)
{
	uint8_t i;

	if (cfg->version != 2 && cfg->version != 3)
		return "version: must be 2 or 3";
	if (cfg->family != VG_AF_INET && cfg->family != VG_AF_INET6)
		return "family: must be IPv4 or IPv6";
	if (cfg->version == 2 && cfg->family == VG_AF_INET6)
		return "version: VRRPv2 is IPv4 only (RFC 3768); use version 3 for IPv6";
	if (cfg->vrid == 0)
		return "virtual_router_id: must be 1..255";
	if (cfg->priority == 0)
		return "priority: must be 1..255";
	if (cfg->version == 2 && (cfg->adver_int_cs == 0 || cfg->adver_int_cs % 100 != 0 ||
				  cfg->adver_int_cs > 25500))
		return "advert_int: VRRPv2 needs whole seconds 1..255";
	if (cfg->version == 3 && (cfg->adver_int_cs == 0 || cfg->adver_int_cs > VG_VRRP_V3_ADVER_INT_MAX_CS))
		return "advert_int: VRRPv3 needs 0.01..40.95 seconds";
	if (cfg->vip_count > VG_VRRP_ADDRS_MAX)
		return "virtual_ipaddress: too many addresses for one advertisement";
	if ((cfg->vip_count && !cfg->vips) || (cfg->peer_count && !cfg->peers) ||
	    (cfg->track_count && !cfg->tracks))
		return "internal: a list count without its array";
	for (i = 0; i < cfg->vip_count; i++)
		if (cfg->vips[i].family != cfg->family)
			return "virtual_ipaddress: address family differs from the instance's";
	if (cfg->peer_count > VG_VRRP_PEERS_MAX)
		return "unicast_peer: too many peers";
	for (i = 0; i < cfg->peer_count; i++)
		if (cfg->peers[i].family != cfg->family)
			return "unicast_peer: address family differs from the instance's";
	if (cfg->src_addr.family != VG_AF_NONE && cfg->src_addr.family != cfg->family)
		return "unicast_src_ip: address family differs from the instance's";
	if (cfg->auth_type != VG_VRRP_AUTH_NONE && cfg->version != 2)
		return "authentication: only VRRPv2 carries authentication";
	if (cfg->auth_type == VG_VRRP_AUTH_AH && cfg->family != VG_AF_INET)
		return "authentication: auth_type AH is IPv4 only";
	if (cfg->track_count > VG_TRACKS_MAX)
		return "track: too many tracked objects";
	if (cfg->down_timer_adverts < 1 || cfg->down_timer_adverts > 100)
		return "down_timer_adverts: must be 1..100";
	if (cfg->mcast_group.family != VG_AF_NONE && cfg->mcast_group.family != cfg->family)
		return "mcast_dst_ip: address family differs from the instance's";
	return NULL;
}

/* ---- timers (RFC 5798 6.1) --------------------------------------------- */

static vg_time adver_interval(const struct vg_vrrp_instance *inst)
{
	return VG_CS(inst->cfg->adver_int_cs);
}

static vg_time master_adver_interval(const struct vg_vrrp_instance *inst)
{
	return VG_CS(inst->master_adver_int_cs);
}

vg_time vg_vrrp_skew_time(const struct vg_vrrp_instance *inst)
{
	vg_time unit = inst->cfg->version == 2 ? VG_S(1) : master_adver_interval(inst);

	/* v3: ((256 - Priority) * Master_Adver_Interval) / 256; v2: (256 - Priority) / 256 s */
	return unit * (vg_time)(256 - inst->priority) / 256;
}

vg_time vg_vrrp_master_down_interval(const struct vg_vrrp_instance *inst)
{
	/* (3 * Master_Adver_Interval) + Skew_time; keepalived's down_timer_adverts replaces the 3 */
	return inst->cfg->down_timer_adverts * master_adver_interval(inst) + vg_vrrp_skew_time(inst);
}

/* keepalived `state MASTER`: one interval plus the smallest skew (priority 255). */
static vg_time init_master_down(const struct vg_vrrp_instance *inst)
{
	return master_adver_interval(inst) + master_adver_interval(inst) / 256;
}

vg_time vg_vrrp_next_deadline(const struct vg_vrrp_instance *inst)
{
	return vg_time_min(vg_time_min(inst->adver_timer, inst->garp_lp_timer),
			   vg_time_min(inst->master_down_timer, inst->garp_timer));
}

/* Where multicast adverts go: vrrp_mcast_group4/6 or mcast_dst_ip, else the RFC's group. */
static struct vg_addr mcast_group(const struct vg_vrrp_config *cfg)
{
	return cfg->mcast_group.family != VG_AF_NONE ? cfg->mcast_group : vg_addr_vrrp_group(cfg->family);
}

/* ---- effects ------------------------------------------------------------ */

static const struct vg_addr *source_addr(const struct vg_vrrp_instance *inst)
{
	return inst->cfg->src_addr.family != VG_AF_NONE ? &inst->cfg->src_addr : &inst->primary;
}

ssize_t vg_vrrp_advert_encode(const struct vg_vrrp_config *cfg, const struct vg_action *a, uint8_t *out, size_t cap)
{
	struct vg_vrrp_advert adv;

	if (a->kind != VG_ACT_SEND_ADVERT || a->group || a->instance != cfg->id)
		return VG_VRRP_ERR_INVAL;
	memset(&adv, 0, sizeof(adv));
	adv.version = cfg->version;
	adv.vrid = cfg->vrid;
	adv.priority = a->u.advert.priority;
	adv.auth_type = cfg->auth_type;
	if (cfg->auth_type == VG_VRRP_AUTH_PASS) /* AH: the 8 bytes stay 0 (keepalived 2.2.7, observed) */
		memcpy(adv.auth_data, cfg->auth_data, VG_VRRP_AUTH_LEN);
	adv.adver_int_cs = cfg->adver_int_cs;
	adv.count = cfg->vip_count;
	adv.addrs = cfg->vips;
	adv.family = cfg->family;
	adv.src = a->u.advert.src;
	adv.dst = a->u.advert.old_cksum ? mcast_group(cfg) : a->u.advert.dst;
	return vg_vrrp_encode(&adv, out, cap);
}

/*
 * The effect names the instance and carries only what changes from one
 * advert to the next (priority, source, destination); the backend encodes
 * the bytes from the config when it sends (vg_vrrp_advert_encode), so a
 * burst of a thousand takeovers does not hold a thousand packets.
 */
static void emit_advert_to(struct vg_vrrp_instance *inst, uint8_t priority, const struct vg_addr *dst,
			   struct vg_actions *out)
{
	const struct vg_vrrp_config *cfg = inst->cfg;
	struct vg_action *a;

	a = vg_actions_push(out, VG_ACT_SEND_ADVERT, cfg->id);
	if (!a)
		return;
	a->u.advert.src = *source_addr(inst);
	a->u.advert.src.family = cfg->family;
	a->u.advert.dst = *dst;
	a->u.advert.priority = priority;
	a->u.advert.old_cksum = cfg->peer_count && cfg->version == 3 && cfg->family == VG_AF_INET &&
				(inst->old_cksum || cfg->old_unicast_checksum == VG_OLD_CKSUM_ALWAYS);
	inst->stats.tx_adverts++;
	if (priority == 0)
		inst->stats.tx_prio0++;
}

static void emit_advert(struct vg_vrrp_instance *inst, uint8_t priority, struct vg_actions *out)
{
	const struct vg_vrrp_config *cfg = inst->cfg;
	struct vg_addr group;
	uint8_t i;

	/* auth_type AH: one sequence number per advert (every unicast peer gets the same);
	   keepalived stops counting at VG_AH_SEQ_LAST + 1 and marks the counter cycled */
	if (cfg->auth_type == VG_VRRP_AUTH_AH) {
		if (inst->ah_seq > VG_AH_SEQ_LAST)
			inst->ah_cycled = true;
		else
			inst->ah_seq++;
	}
	if (cfg->peer_count == 0) {
		group = mcast_group(cfg);
		emit_advert_to(inst, priority, &group, out);
		return;
	}
	for (i = 0; i < cfg->peer_count; i++)
		emit_advert_to(inst, priority, &cfg->peers[i], out);
}

static void emit_garp(struct vg_vrrp_instance *inst, uint8_t repeat, struct vg_actions *out)
{
	struct vg_action *a;

	if (inst->cfg->vip_count == 0 || repeat == 0)
		return;
	a = vg_actions_push(out, VG_ACT_SEND_GARP, inst->cfg->id);
	if (a)
		a->u.garp.repeat = repeat;
}

static void emit_notify(struct vg_vrrp_instance *inst, enum vg_notify what, struct vg_actions *out)
{
	struct vg_action *a = vg_actions_push(out, VG_ACT_NOTIFY, inst->cfg->id);

	if (a) {
		a->u.notify.what = (uint8_t)what;
		a->u.notify.priority = inst->priority;
	}
}

/* Arm the GARP timer after a burst: the garp_master_delay burst first, then refreshes. */
static void arm_garp(struct vg_vrrp_instance *inst, vg_time now)
{
	const struct vg_vrrp_config *cfg = inst->cfg;

	inst->garp_timer = VG_TIME_NEVER;
	if (cfg->vip_count == 0)
		return;
	if (inst->garp_delay_pending && cfg->garp_delay_ns > 0)
		inst->garp_timer = vg_time_add(now, cfg->garp_delay_ns);
	else if (cfg->garp_refresh_ns > 0)
		inst->garp_timer = vg_time_add(now, cfg->garp_refresh_ns);
}

/* ---- the transition funnel --------------------------------------------- */

/*
 * Every state change goes through here. `down` is the Master_Down_Timer
 * delay when entering Backup.
 */
static void transition(struct vg_vrrp_instance *inst, vg_time now, enum vg_vrrp_state to,
		       enum vg_vrrp_why why, vg_time down, struct vg_actions *out)
{
	enum vg_vrrp_state from = inst->state;
	struct vg_action *a;

	inst->stats.transitions[why]++;
	a = vg_actions_push(out, VG_ACT_STATE, inst->cfg->id);
	if (a) {
		a->u.state.from = (uint8_t)from;
		a->u.state.to = (uint8_t)to;
		a->u.state.why = (uint8_t)why;
	}

	if (from == VG_STATE_MASTER) {
		/* RFC 5798 6.4.3 Shutdown: send an ADVERTISEMENT with Priority = 0 (keepalived
		   also when a VIP was removed under it, so a Backup takes over in Skew_Time) */
		if (to == VG_STATE_INIT || (to == VG_STATE_FAULT && inst->link_up) || why == VG_WHY_VIP_GONE)
			emit_advert(inst, 0, out);
		vg_actions_push(out, VG_ACT_DEL_VIPS, inst->cfg->id);
		inst->stats.released_master++;
	}

	inst->state = to;
	inst->entered_at = now;
	inst->wants_master = false;
	inst->adver_timer = VG_TIME_NEVER;
	inst->master_down_timer = VG_TIME_NEVER;
	inst->garp_timer = VG_TIME_NEVER;
	inst->garp_lp_timer = VG_TIME_NEVER;
	inst->garp_extra_at = VG_TIME_NEVER;
	inst->garp_delay_pending = false;

	switch (to) {
	case VG_STATE_MASTER:
		/* RFC 5798 6.4.1/6.4.2: send an ADVERTISEMENT, broadcast gratuitous ARP
		 * (IPv4) / unsolicited NA (IPv6), set Adver_Timer. */
		inst->stats.became_master++;
		if (inst->ah_cycled) { /* keepalived: a new Master restarts a cycled AH counter */
			inst->ah_cycled = false;
			inst->ah_seq = 0;
		}
		emit_advert(inst, inst->priority, out);
		a = vg_actions_push(out, VG_ACT_ADD_VIPS, inst->cfg->id);
		if (a) /* RFC 5798 6.1: the owner always accepts; others per Accept_Mode */
			a->u.vips.accept = inst->cfg->accept || inst->cfg->priority == 255;
		emit_garp(inst, inst->cfg->garp_repeat, out);
		inst->garp_delay_pending = true;
		arm_garp(inst, now);
		inst->adver_timer = vg_time_add(now, adver_interval(inst));
		if (inst->cfg->garp_extra_if_ns && inst->cfg->vip_count)
			inst->garp_extra_at = vg_time_add(now, inst->cfg->garp_extra_if_ns);
		inst->master_addr = *source_addr(inst);
		inst->master_priority = inst->priority;
		emit_notify(inst, VG_NOTIFY_MASTER, out);
		break;
	case VG_STATE_BACKUP:
		inst->master_down_timer = vg_time_add(now, down);
		emit_notify(inst, VG_NOTIFY_BACKUP, out);
		break;
	case VG_STATE_FAULT:
		emit_notify(inst, VG_NOTIFY_FAULT, out);
		break;
	case VG_STATE_INIT:
		emit_notify(inst, VG_NOTIFY_STOP, out);
		break;
	default:
		assert(0);
	}
}

bool vg_vrrp_own_fault(const struct vg_vrrp_instance *inst)
{
	/* keepalived unicast_fault_no_peer: no unicast_peer means Fault instead of multicast */
	return !inst->link_up || inst->track_fault || (inst->cfg->fault_no_peer && inst->cfg->peer_count == 0);
}

static bool faulted(const struct vg_vrrp_instance *inst)
{
	return vg_vrrp_own_fault(inst) || inst->sync_fault;
}

/* Leave Initialize or Fault: RFC 5798 6.4.1 Startup with keepalived's `state` hint. */
static void start(struct vg_vrrp_instance *inst, vg_time now, enum vg_vrrp_why why, struct vg_actions *out)
{
	const struct vg_vrrp_config *cfg = inst->cfg;

	inst->master_adver_int_cs = cfg->adver_int_cs;
	inst->preempt_at = cfg->preempt_delay_ns ? vg_time_add(now, cfg->preempt_delay_ns) : VG_TIME_NEVER;
	if (faulted(inst)) {
		if (inst->state != VG_STATE_FAULT)
			transition(inst, now, VG_STATE_FAULT, VG_WHY_FAULT, 0, out);
		return;
	}
	if (cfg->priority == 255) {
		transition(inst, now, VG_STATE_MASTER, why == VG_WHY_STARTUP ? VG_WHY_OWNER : why, 0, out);
		return;
	}
	/* keepalived 2.2.7 (observed on the wire, tests/netns/test_vrrp_timers.py): the short
	   `state MASTER` wait is for start-up only; an instance leaving Fault waits a full
	   Master_Down_Interval (3.61 s at priority 100, advert_int 1), as RFC 5798 6.4.1 says */
	transition(inst, now, VG_STATE_BACKUP, why,
		   cfg->init_master && why == VG_WHY_STARTUP ? init_master_down(inst)
							     : vg_vrrp_master_down_interval(inst),
		   out);
}

/*
 * The effective priority and the tracked-object Fault condition (track.h).
 * While a tracked object holds the instance in Fault the priority keeps the
 * value it had (keepalived: its FAULT notify reports the priority before the
 * fault); it is computed again when the fault clears.
 */
static void apply_tracking(struct vg_vrrp_instance *inst)
{
	struct vg_track_eval e = vg_track_set_eval(&inst->track);

	inst->track_fault = e.fault;
	if (!e.fault || !inst->priority)
		inst->priority = vg_track_priority(inst->cfg->priority, e.delta);
}

/*
 * A Backup whose priority changed: its running Master_Down_Timer moves by
 * the change of Master_Down_Interval (that is, of Skew_Time), as keepalived
 * 2.2.7 does (observed: priority 100 -> 254 one second after the Master
 * died, takeover 3.009 s after its last advert, the MDI at 254; at 100 it
 * would have been 3.609 s). A deadline moved into the past fires at once.
 */
static void move_master_down_timer(struct vg_vrrp_instance *inst, vg_time now, vg_time mdi_before)
{
	vg_time mdi = vg_vrrp_master_down_interval(inst);
	vg_time t = inst->master_down_timer;

	if (t == VG_TIME_NEVER)
		return;
	if (mdi >= mdi_before)
		t = vg_time_add(t, mdi - mdi_before);
	else
		t = t > now && t - now > mdi_before - mdi ? t - (mdi_before - mdi) : vg_time_min(t, now);
	inst->master_down_timer = t;
}

/* After a tracked change: recompute, and enter or leave Fault (not from Initialize). */
static void reevaluate(struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out)
{
	uint8_t before = inst->priority;
	vg_time mdi_before = vg_vrrp_master_down_interval(inst);

	apply_tracking(inst);
	if (inst->priority != before && inst->state == VG_STATE_BACKUP && !faulted(inst))
		move_master_down_timer(inst, now, mdi_before);

	if (faulted(inst) && (inst->state == VG_STATE_BACKUP || inst->state == VG_STATE_MASTER))
		transition(inst, now, VG_STATE_FAULT, inst->sync_fault && !vg_vrrp_own_fault(inst) ?
			   VG_WHY_SYNC : VG_WHY_FAULT, 0, out);
	else if (!faulted(inst) && inst->state == VG_STATE_FAULT)
		start(inst, now, VG_WHY_FAULT_CLEARED, out);
	else if (inst->priority != before && (inst->state == VG_STATE_MASTER || inst->state == VG_STATE_BACKUP))
		emit_notify(inst, inst->state == VG_STATE_MASTER ? VG_NOTIFY_MASTER_PRIORITY : VG_NOTIFY_BACKUP_PRIORITY,
			    out);
}

/* ---- receive checks (RFC 5798 7.1, RFC 3768 7.1) ------------------------ */

/* Does the advertised list equal our VIP set (in any order)? */
static bool addr_list_matches(const struct vg_vrrp_config *cfg, const struct vg_vrrp_packet *pkt)
{
	size_t alen = vg_addr_len(cfg->family);
	uint8_t i, j;

	if (pkt->count != cfg->vip_count)
		return false;
	for (i = 0; i < pkt->count; i++) {
		const uint8_t *p = pkt->addrs + (size_t)i * alen;
		bool found = false;

		for (j = 0; j < cfg->vip_count && !found; j++)
			found = memcmp(cfg->vips[j].bytes, p, alen) == 0;
		if (!found)
			return false;
	}
	return true;
}

static bool is_peer(const struct vg_vrrp_config *cfg, const struct vg_addr *a)
{
	uint8_t i;

	for (i = 0; i < cfg->peer_count; i++)
		if (vg_addr_eq(&cfg->peers[i], a))
			return true;
	return false;
}

/*
 * keepalived skip_check_adv_addr: a Backup checks the address list (and the
 * unicast source) of an advert only when it comes from another sender than
 * the Master it last accepted.
 */
static bool check_addrs(const struct vg_vrrp_instance *inst, const struct vg_rx_meta *meta)
{
	return !inst->cfg->skip_check_adv_addr || inst->state != VG_STATE_BACKUP ||
	       !vg_addr_eq(&meta->src, &inst->master_addr);
}

/* Is this a v3 IPv4 unicast advert checksummed the old keepalived way (over the group)? */
static bool old_checksum_ok(const struct vg_vrrp_instance *inst, const struct vg_vrrp_packet *pkt,
			    const uint8_t *buf, size_t len, const struct vg_rx_meta *meta)
{
	const struct vg_vrrp_config *cfg = inst->cfg;
	struct vg_addr group;

	if (!cfg->peer_count || cfg->version != 3 || cfg->family != VG_AF_INET ||
	    cfg->old_unicast_checksum == VG_OLD_CKSUM_NEVER)
		return false;
	group = mcast_group(cfg);
	return vg_vrrp_checksum(pkt->version, &meta->src, &group, buf, len) == pkt->checksum;
}

/*
 * auth_type AH (RFC 2338 10, as keepalived 2.2.7): the ICV and the SPI
 * (ah.h), then the replay check: the sequence number must be above the
 * instance's counter (the last one sent or accepted). Each failure counts
 * as an authentication failure.
 */
static bool ah_ok(const struct vg_vrrp_instance *inst, const uint8_t *buf, size_t len, const struct vg_rx_meta *meta,
		  struct vg_vrrp_packet *pkt)
{
	uint32_t seq;

	if (vg_ah_verify(inst->cfg->auth_data, meta->ip_hdr, meta->ip_hdr_len, meta->ah, buf, len,
			 inst->cfg->peer_count > 0, meta->hmac, &seq) != VG_AH_OK)
		return false;
	if (seq <= inst->ah_seq)
		return false; /* already seen: a replay */
	pkt->ah_seq = seq;
	return true;
}

enum vg_vrrp_drop vg_vrrp_validate(const struct vg_vrrp_instance *inst, const uint8_t *buf, size_t len,
				   const struct vg_rx_meta *meta, struct vg_vrrp_packet *pkt)
{
	const struct vg_vrrp_config *cfg = inst->cfg;
	ssize_t r;

	if (meta->src.family != cfg->family)
		return VG_DROP_FAMILY;
	/* keepalived: an AH header where none is configured, or none where AH is (authtype_mismatch) */
	if ((meta->ah != NULL) != (cfg->auth_type == VG_VRRP_AUTH_AH))
		return VG_DROP_AUTH_TYPE;
	/* MUST verify that the IP TTL / Hop Limit is 255; keepalived 2.2.7 does not for unicast
	   (a routed unicast_ttl advert arrives with less) */
	if (meta->ttl != VG_VRRP_TTL && cfg->peer_count == 0)
		return VG_DROP_TTL;
	/* MUST verify the VRRP version */
	if (len >= 1 && (buf[0] >> 4) != cfg->version)
		return VG_DROP_VERSION;
	/* MUST verify that the packet contains the complete VRRP packet */
	r = vg_vrrp_decode(pkt, buf, len, cfg->family);
	if (r == VG_VRRP_ERR_SHORT)
		return VG_DROP_LENGTH;
	if (r < 0)
		return VG_DROP_VERSION;
	/* MUST verify the VRRP checksum (over all bytes the IP layer delivered) */
	if (vg_vrrp_checksum(pkt->version, &meta->src, &meta->dst, buf, len) != pkt->checksum &&
	    !old_checksum_ok(inst, pkt, buf, len, meta))
		return VG_DROP_CHECKSUM;
	/* RFC 5798 5.2.2: packets with unknown type MUST be discarded */
	if (pkt->type != VG_VRRP_TYPE_ADVERT)
		return VG_DROP_TYPE;
	/* MUST verify that the VRID is configured on the receiving interface ... */
	if (pkt->vrid != cfg->vrid || (meta->ifindex && cfg->ifindex && meta->ifindex != cfg->ifindex))
		return VG_DROP_VRID;
	/* ... and the local router is not the address owner */
	if (cfg->priority == 255)
		return VG_DROP_OWNER;
	if (vg_addr_eq(&meta->src, source_addr(inst)))
		return VG_DROP_LOOP;
	/* keepalived check_unicast_src: a unicast advert must come from a unicast_peer */
	if (cfg->check_unicast_src && cfg->peer_count && !is_peer(cfg, &meta->src) && check_addrs(inst, meta))
		return VG_DROP_UNICAST_SRC;
	if (cfg->version == 2) {
		/* RFC 3768 7.1: MUST verify the Auth Type matches the local method */
		if (pkt->auth_type != cfg->auth_type)
			return VG_DROP_AUTH_TYPE;
		if (cfg->auth_type == VG_VRRP_AUTH_PASS &&
		    memcmp(pkt->auth_data, cfg->auth_data, VG_VRRP_AUTH_LEN) != 0)
			return VG_DROP_AUTH;
		if (cfg->auth_type == VG_VRRP_AUTH_AH && !ah_ok(inst, buf, len, meta, pkt))
			return VG_DROP_AUTH;
		/* RFC 3768 7.1: MUST verify the Adver Interval matches the local one */
		if (pkt->adver_int_cs != cfg->adver_int_cs)
			return VG_DROP_INTERVAL;
		/* RFC 3768 7.1: address list differs and the sender is not the owner: MUST drop */
		if (pkt->priority != 255 && check_addrs(inst, meta) && !addr_list_matches(cfg, pkt))
			return VG_DROP_ADDR_LIST;
	} else if (pkt->adver_int_cs == 0) {
		/* a zero Max Adver Int would make Master_Down_Interval 0: refuse it */
		return VG_DROP_INTERVAL;
	}
	return VG_DROP_NONE;
}

/* ---- event handlers --------------------------------------------------- */

static bool preempt_delayed(struct vg_vrrp_instance *inst, vg_time now)
{
	return inst->cfg->preempt_delay_ns > 0 && (inst->preempt_at == VG_TIME_NEVER || now < inst->preempt_at);
}

/* RFC 5798 6.4.2: Backup receives an ADVERTISEMENT. */
static enum vg_vrrp_drop backup_rx(struct vg_vrrp_instance *inst, vg_time now, const struct vg_vrrp_packet *pkt,
				   const struct vg_rx_meta *meta)
{
	const struct vg_vrrp_config *cfg = inst->cfg;

	if (pkt->priority == 0) {
		/* Set the Master_Down_Timer to Skew_Time */
		inst->master_down_timer = vg_time_add(now, vg_vrrp_skew_time(inst));
		return VG_DROP_NONE;
	}
	if (cfg->nopreempt || pkt->priority >= inst->priority || preempt_delayed(inst, now)) {
		if (cfg->version == 3) /* Set Master_Adver_Interval to Adver Interval in the ADVERTISEMENT */
			inst->master_adver_int_cs = pkt->adver_int_cs;
		inst->master_down_timer = vg_time_add(now, vg_vrrp_master_down_interval(inst));
		inst->wants_master = false;
		inst->master_addr = meta->src;
		inst->master_priority = pkt->priority;
		if (cfg->preempt_delay_ns > 0) {
			if (pkt->priority >= inst->priority)
				inst->preempt_at = VG_TIME_NEVER; /* a better master: restart the delay later */
			else if (inst->preempt_at == VG_TIME_NEVER)
				inst->preempt_at = vg_time_add(now, cfg->preempt_delay_ns);
		}
		return VG_DROP_NONE;
	}
	/* Preempt_Mode and a lower priority: discard */
	return VG_DROP_LOWER_PRIO;
}

/* RFC 5798 6.4.3: Master receives an ADVERTISEMENT. */
static enum vg_vrrp_drop master_rx(struct vg_vrrp_instance *inst, vg_time now, const struct vg_vrrp_packet *pkt,
				   const struct vg_rx_meta *meta, struct vg_actions *out)
{
	const struct vg_vrrp_config *cfg = inst->cfg;

	if (pkt->priority == 0) {
		/* Send an ADVERTISEMENT, reset the Adver_Timer */
		emit_advert(inst, inst->priority, out);
		inst->adver_timer = vg_time_add(now, adver_interval(inst));
		return VG_DROP_NONE;
	}
	if (pkt->priority > inst->priority ||
	    (pkt->priority == inst->priority && vg_addr_cmp(&meta->src, source_addr(inst)) > 0)) {
		/* keepalived higher_prio_send_advert: our advert first, so the other side
		   learns of us (observed: one advert at our priority, then Backup) */
		if (cfg->higher_prio_send_advert)
			emit_advert(inst, inst->priority, out);
		/* Cancel Adver_Timer, set Master_Adver_Interval, Master_Down_Timer, go Backup */
		inst->master_adver_int_cs = cfg->version == 3 ? pkt->adver_int_cs : cfg->adver_int_cs;
		transition(inst, now, VG_STATE_BACKUP, VG_WHY_PREEMPTED, vg_vrrp_master_down_interval(inst), out);
		inst->master_addr = meta->src;
		inst->master_priority = pkt->priority;
		return VG_DROP_NONE;
	}
	/* keepalived: with AH, go on from the lower-priority sender's sequence number
	   (its counter + 1, then + 1 for our answer) */
	if (cfg->auth_type == VG_VRRP_AUTH_AH) {
		inst->ah_seq = pkt->ah_seq < VG_AH_SEQ_LAST ? pkt->ah_seq + 1 : pkt->ah_seq;
		inst->ah_cycled = false;
	}
	/* keepalived: answer a lower-priority advert with ours so it yields now, and
	   garp_lower_prio_repeat GARPs (again after garp_lower_prio_delay) */
	if (!cfg->strict && !cfg->lower_prio_no_advert)
		emit_advert(inst, inst->priority, out);
	if (!cfg->strict && cfg->garp_lower_prio_repeat) {
		emit_garp(inst, cfg->garp_lower_prio_repeat, out);
		if (cfg->garp_lower_prio_delay_ns && cfg->vip_count)
			inst->garp_lp_timer = vg_time_add(now, cfg->garp_lower_prio_delay_ns);
	}
	/* keepalived notify_master_rx_lower_pri (RFC 5798 6.4.3 discards the advert; the
	   notify lets a script restore what the other side may have taken, e.g. a cloud IP) */
	emit_notify(inst, VG_NOTIFY_MASTER_RX_LOWER_PRI, out);
	return VG_DROP_LOWER_PRIO;
}

static enum vg_vrrp_drop on_packet(struct vg_vrrp_instance *inst, vg_time now, const struct vg_vrrp_event *ev,
				   struct vg_actions *out)
{
	const struct vg_rx_meta *meta = &ev->u.packet.meta;
	struct vg_vrrp_packet pkt;
	enum vg_vrrp_drop why;

	pkt.ah_seq = 0;
	why = vg_vrrp_validate(inst, ev->u.packet.buf, ev->u.packet.len, meta, &pkt);
	if (why == VG_DROP_NONE && pkt.ah_seq) {
		/* keepalived: an authenticated advert moves the AH counter on (in any state) */
		inst->ah_seq = pkt.ah_seq;
		inst->ah_cycled = false;
	}
	if (why == VG_DROP_NONE && inst->state != VG_STATE_BACKUP && inst->state != VG_STATE_MASTER)
		why = VG_DROP_STATE;
	if (why != VG_DROP_NONE) {
		inst->stats.drops[why]++;
		return why;
	}
	inst->stats.rx_adverts++;
	/* keepalived: once a peer is seen with the old unicast checksum, send it too */
	if (!inst->old_cksum && old_checksum_ok(inst, &pkt, ev->u.packet.buf, ev->u.packet.len, meta) &&
	    vg_vrrp_checksum(pkt.version, &meta->src, &meta->dst, ev->u.packet.buf, ev->u.packet.len) != pkt.checksum)
		inst->old_cksum = true;
	if (pkt.priority == 0)
		inst->stats.rx_prio0++;
	/* RFC 5798 7.1: MAY verify the address list; a mismatch is logged, not dropped */
	if (inst->cfg->version == 3 && !addr_list_matches(inst->cfg, &pkt))
		inst->stats.addr_list_mismatch++;

	why = inst->state == VG_STATE_BACKUP ? backup_rx(inst, now, &pkt, meta) : master_rx(inst, now, &pkt, meta, out);
	if (why != VG_DROP_NONE)
		inst->stats.drops[why]++;
	return why;
}

/*
 * keepalived garp_extra_if: one GARP / NA on each VIP interface other than
 * the instance's, checked as each advert goes out. keepalived 2.2.7,
 * observed (garp_extra_if all 3, advert_int 1): the first 3.08 s after it
 * became Master, with its fourth advert, then every third advert (3.00 s
 * apart), one message per interface for its first VIP.
 */
static void extra_garp(struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out)
{
	struct vg_action *a;

	if (inst->garp_extra_at > now)
		return;
	a = vg_actions_push(out, VG_ACT_SEND_GARP, inst->cfg->id);
	if (a) {
		a->u.garp.repeat = 1;
		a->u.garp.extra = true;
	}
	inst->garp_extra_at = vg_time_add(now, inst->cfg->garp_extra_if_ns);
}

static void on_timer(struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out)
{
	if (inst->state == VG_STATE_MASTER) {
		if (inst->garp_timer <= now) {
			bool delay_burst = inst->garp_delay_pending;

			emit_garp(inst, delay_burst ? inst->cfg->garp_repeat : inst->cfg->garp_refresh_repeat, out);
			inst->garp_delay_pending = false;
			arm_garp(inst, now);
		}
		if (inst->garp_lp_timer <= now) {
			emit_garp(inst, inst->cfg->garp_lower_prio_repeat, out);
			inst->garp_lp_timer = VG_TIME_NEVER;
		}
		if (inst->adver_timer <= now) {
			/* RFC 5798 6.4.3: Adver_Timer fires: send an ADVERTISEMENT, reset the timer */
			emit_advert(inst, inst->priority, out);
			inst->adver_timer = vg_time_add(now, adver_interval(inst));
			extra_garp(inst, now, out);
		}
	} else if (inst->state == VG_STATE_BACKUP && inst->master_down_timer <= now) {
		/* RFC 5798 6.4.2: Master_Down_Timer fires */
		inst->stats.master_down_fired++;
		if (inst->cfg->sync_member) {
			/* the sync group decides (sync.c) */
			inst->wants_master = true;
			inst->master_down_timer = VG_TIME_NEVER;
			return;
		}
		transition(inst, now, VG_STATE_MASTER, VG_WHY_MASTER_DOWN, 0, out);
	}
}

/*
 * One of our VIPs was removed by someone else (`ip addr del`). keepalived
 * 2.2.7, observed (tests/netns/test_vrrp_keywords.py): a Master goes to
 * Backup at once, sends priority 0 and removes all its VIPs, and its
 * Master_Down_Timer is Skew_Time, as if it had received that priority 0
 * itself (RFC 5798 6.4.2); with no better router it is Master again and
 * re-adds every VIP Skew_Time later (priority 150: 0.416 s after its
 * priority-0 advert, Skew_Time 0.414 s; priority 50: 0.806 s, 0.805 s). A
 * `no_track` VIP, or any VIP while not Master, changes nothing: the address
 * stays gone.
 */
static void on_vip_gone(struct vg_vrrp_instance *inst, vg_time now, const struct vg_vrrp_event *ev,
			struct vg_actions *out)
{
	if (ev->u.vip.instance != inst->cfg->id || ev->u.vip.no_track || inst->state != VG_STATE_MASTER)
		return;
	inst->stats.vip_gone++;
	transition(inst, now, VG_STATE_BACKUP, VG_WHY_VIP_GONE, vg_vrrp_skew_time(inst), out);
}

static void check_invariants(const struct vg_vrrp_instance *inst)
{
	switch (inst->state) {
	case VG_STATE_MASTER:
		assert(inst->adver_timer != VG_TIME_NEVER);
		assert(inst->master_down_timer == VG_TIME_NEVER);
		break;
	case VG_STATE_BACKUP:
		assert(inst->adver_timer == VG_TIME_NEVER && inst->garp_timer == VG_TIME_NEVER);
		assert(inst->master_down_timer != VG_TIME_NEVER || inst->wants_master);
		break;
	default:
		assert(vg_vrrp_next_deadline(inst) == VG_TIME_NEVER);
		break;
	}
	assert(inst->priority >= 1);
}

/* ---- public entry points ----------------------------------------------- */

void vg_vrrp_init(struct vg_vrrp_instance *inst, const struct vg_vrrp_config *cfg)
{
	assert(vg_vrrp_config_check(cfg) == NULL);
	memset(inst, 0, sizeof(*inst));
	inst->cfg = cfg;
	inst->state = VG_STATE_INIT;
	inst->link_up = true;
	inst->master_adver_int_cs = cfg->adver_int_cs;
	inst->adver_timer = VG_TIME_NEVER;
	inst->master_down_timer = VG_TIME_NEVER;
	inst->preempt_at = VG_TIME_NEVER;
	inst->garp_timer = VG_TIME_NEVER;
	inst->garp_lp_timer = VG_TIME_NEVER;
	inst->garp_extra_at = VG_TIME_NEVER;
	inst->primary.family = cfg->family;
	vg_track_set_init(&inst->track, cfg->tracks, cfg->track_count);
	apply_tracking(inst);
}

enum vg_vrrp_drop vg_vrrp_input(struct vg_vrrp_instance *inst, vg_time now,
				const struct vg_vrrp_event *ev, struct vg_actions *out)
{
	enum vg_vrrp_drop why = VG_DROP_NONE;

	assert(now >= inst->last_now); /* time never goes backwards */
	inst->last_now = now;

	switch (ev->kind) {
	case VG_EV_STARTUP:
		if (inst->state == VG_STATE_INIT)
			start(inst, now, VG_WHY_STARTUP, out);
		break;
	case VG_EV_SHUTDOWN:
		if (inst->state != VG_STATE_INIT)
			transition(inst, now, VG_STATE_INIT, VG_WHY_SHUTDOWN, 0, out);
		break;
	case VG_EV_PACKET:
		why = on_packet(inst, now, ev, out);
		break;
	case VG_EV_TIMER:
		on_timer(inst, now, out);
		break;
	case VG_EV_LINK:
		/* keepalived dont_track_primary: the instance's own link does not cause Fault */
		if (ev->u.link.ifindex == inst->cfg->ifindex && !inst->cfg->dont_track_primary)
			inst->link_up = ev->u.link.up;
		vg_track_set_update(&inst->track, VG_TRACK_IFACE, (uint16_t)ev->u.link.ifindex, ev->u.link.up, 0);
		reevaluate(inst, now, out);
		break;
	case VG_EV_TRACK:
		if (ev->u.track.removed)
			vg_track_set_remove(&inst->track, ev->u.track.kind, ev->u.track.id);
		else
			vg_track_set_update(&inst->track, ev->u.track.kind, ev->u.track.id, ev->u.track.up,
					    ev->u.track.value);
		reevaluate(inst, now, out);
		break;
	case VG_EV_SRC_ADDR:
		if (ev->u.src.addr.family == inst->cfg->family &&
		    (ev->u.src.ifindex == 0 || ev->u.src.ifindex == inst->cfg->ifindex))
			inst->primary = ev->u.src.addr;
		break;
	case VG_EV_VIP_GONE:
		on_vip_gone(inst, now, ev, out);
		break;
	default:
		break;
	}
	check_invariants(inst);
	return why;
}

/* ---- sync group hooks ---------------------------------------------------- */

void vg_vrrp_sync_to_master(struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out)
{
	assert(now >= inst->last_now);
	inst->last_now = now;
	if (inst->state == VG_STATE_BACKUP)
		transition(inst, now, VG_STATE_MASTER, inst->wants_master ? VG_WHY_MASTER_DOWN : VG_WHY_SYNC, 0, out);
	check_invariants(inst);
}

void vg_vrrp_sync_to_backup(struct vg_vrrp_instance *inst, vg_time now, struct vg_actions *out)
{
	assert(now >= inst->last_now);
	inst->last_now = now;
	if (inst->state == VG_STATE_MASTER)
		transition(inst, now, VG_STATE_BACKUP, VG_WHY_SYNC, vg_vrrp_master_down_interval(inst), out);
	check_invariants(inst);
}

void vg_vrrp_sync_fault(struct vg_vrrp_instance *inst, vg_time now, bool fault, struct vg_actions *out)
{
	assert(now >= inst->last_now);
	inst->last_now = now;
	if (inst->sync_fault == fault)
		return;
	inst->sync_fault = fault;
	reevaluate(inst, now, out);
	check_invariants(inst);
}
