/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: BFD session state machine (RFC 5880 6.2, 6.5, 6.8.1-6.8.7).
 */
#include "bfd/session.h"

#include <string.h>

void vg_bfd_config_defaults(struct vg_bfd_config *c)
{
	memset(c, 0, sizeof(*c));
	c->desired_min_tx_us = 10000;
	c->required_min_rx_us = 10000;
	c->idle_tx_us = 1000000;
	c->detect_mult = 5;
}

static uint32_t max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

static bool may_transmit(const struct vg_bfd_session *s)
{
	/* RFC 5880 6.8.7: not while the remote asks for no packets (RemoteMinRx 0); a passive
	   system waits for the remote (6.1); not when the remote runs Demand mode and we are Up */
	if (s->remote_min_rx_us == 0)
		return false;
	if (s->cfg.passive && s->remote_disc == 0)
		return false;
	if (s->remote_demand && s->state == VG_BFD_UP && s->remote_state == VG_BFD_UP && !s->poll)
		return false;
	return true;
}

vg_time vg_bfd_tx_interval(const struct vg_bfd_session *s)
{
	return VG_US(max32(s->tx_used_us, s->remote_min_rx_us));
}

vg_time vg_bfd_jitter(vg_time interval, uint8_t detect_mult, uint32_t rnd)
{
	/* reduce by lo..2500 per ten thousand */
	uint32_t lo = detect_mult == 1 ? 1000 : 0;
	uint32_t red = lo + rnd % (2500 - lo + 1);

	return interval - interval / 10000 * red - interval % 10000 * red / 10000;
}

vg_time vg_bfd_detect_time(const struct vg_bfd_session *s)
{
	return (vg_time)s->remote_detect_mult * VG_US(max32(s->cfg.required_min_rx_us, s->remote_desired_min_tx_us));
}

bool vg_bfd_ttl_ok(uint8_t ttl, uint8_t max_hops)
{
	return (unsigned)ttl + max_hops >= 255;
}

/* Arm the transmit timer one (jittered) interval after the last packet, or sooner than it was. */
static void arm_tx(struct vg_bfd_session *s, vg_time now, uint32_t rnd, bool only_sooner)
{
	vg_time t;

	if (!may_transmit(s)) {
		s->tx_timer = VG_TIME_NEVER;
		return;
	}
	if (s->last_tx == VG_TIME_NEVER)
		t = now;
	else
		t = vg_time_add(s->last_tx, vg_bfd_jitter(vg_bfd_tx_interval(s), s->cfg.detect_mult, rnd));
	if (t < now)
		t = now;
	if (!only_sooner || s->tx_timer == VG_TIME_NEVER || t < s->tx_timer)
		s->tx_timer = t;
}

/* RFC 5880 6.8.3: DesiredMinTx is idle_tx while not Up, min_tx while Up; announced by a Poll. */
static void set_desired_tx(struct vg_bfd_session *s, uint32_t us)
{
	if (us == s->desired_min_tx_us)
		return;
	if (s->state == VG_BFD_UP) {
		s->poll = true; /* 6.5 */
		if (us < s->tx_used_us)
			s->tx_used_us = us; /* a decrease may apply at once; an increase waits for Final */
	} else {
		s->tx_used_us = us;
	}
	s->desired_min_tx_us = us;
}

static void set_state(struct vg_bfd_session *s, uint8_t to, uint8_t diag, struct vg_bfd_out *out)
{
	if (s->state == to)
		return;
	if (!out->changed)
		out->from = s->state;
	out->changed = true;
	out->to = to;
	out->diag = diag;
	s->local_diag = diag;
	if (to == VG_BFD_UP)
		s->stats.up++;
	else if (s->state == VG_BFD_UP)
		s->stats.down++;
	s->state = to;
	if (to == VG_BFD_UP) {
		set_desired_tx(s, s->cfg.desired_min_tx_us);
	} else {
		s->poll = false;
		set_desired_tx(s, s->cfg.idle_tx_us);
	}
}

void vg_bfd_session_init(struct vg_bfd_session *s, const struct vg_bfd_config *c, vg_time now)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *c;
	if (s->cfg.detect_mult == 0)
		s->cfg.detect_mult = 1;
	/* RFC 5880 6.8.1 initial values */
	s->state = VG_BFD_DOWN;
	s->remote_state = VG_BFD_DOWN;
	s->local_diag = VG_BFD_DIAG_NONE;
	s->remote_disc = 0;
	s->remote_min_rx_us = 1;
	s->desired_min_tx_us = s->tx_used_us = c->idle_tx_us;
	s->last_tx = VG_TIME_NEVER;
	s->tx_timer = VG_TIME_NEVER;
	s->detect_timer = VG_TIME_NEVER;
	arm_tx(s, now, 0, false);
}

static bool auth_ok(const struct vg_bfd_session *s, const struct vg_bfd_packet *p)
{
	if (p->auth != s->cfg.auth)
		return false;
	if (!p->auth)
		return true;
	return p->auth_key_id == s->cfg.auth_key_id && p->password_len == s->cfg.password_len &&
	       memcmp(p->password, s->cfg.password, p->password_len) == 0;
}

enum vg_bfd_err vg_bfd_session_rx(struct vg_bfd_session *s, vg_time now, const struct vg_bfd_packet *p,
				  uint32_t rnd, struct vg_bfd_out *out)
{
	memset(out, 0, sizeof(*out));
	/* RFC 5880 6.8.6: the discriminator and authentication checks */
	if (p->your_disc != 0 && p->your_disc != s->cfg.local_disc) {
		s->stats.drops[VG_BFD_E_NO_SESSION]++;
		return VG_BFD_E_NO_SESSION;
	}
	if (!auth_ok(s, p)) {
		s->stats.drops[VG_BFD_E_AUTH]++;
		return VG_BFD_E_AUTH;
	}
	s->stats.rx++;
	s->remote_disc = p->my_disc;
	s->remote_state = p->state;
	s->remote_demand = p->demand;
	s->remote_min_rx_us = p->required_min_rx_us;
	s->remote_desired_min_tx_us = p->desired_min_tx_us;
	s->remote_detect_mult = p->detect_mult;
	/* 6.5: a Final ends our Poll Sequence; the new transmit interval applies now */
	if (p->final && s->poll) {
		s->poll = false;
		s->tx_used_us = s->desired_min_tx_us;
	}
	if (s->state == VG_BFD_ADMIN_DOWN)
		return VG_BFD_OK; /* 6.8.6: discarded */
	/* 6.8.4: the Detection Time restarts with every valid packet */
	s->detect_timer = vg_time_add(now, vg_bfd_detect_time(s));
	/* 6.8.6 / 6.2 state machine */
	if (p->state == VG_BFD_ADMIN_DOWN) {
		if (s->state != VG_BFD_DOWN)
			set_state(s, VG_BFD_DOWN, VG_BFD_DIAG_NEIGHBOR_DOWN, out);
	} else if (s->state == VG_BFD_DOWN) {
		if (p->state == VG_BFD_DOWN)
			set_state(s, VG_BFD_INIT, VG_BFD_DIAG_NONE, out);
		else if (p->state == VG_BFD_INIT)
			set_state(s, VG_BFD_UP, VG_BFD_DIAG_NONE, out);
	} else if (s->state == VG_BFD_INIT) {
		if (p->state == VG_BFD_INIT || p->state == VG_BFD_UP)
			set_state(s, VG_BFD_UP, VG_BFD_DIAG_NONE, out);
	} else { /* Up */
		if (p->state == VG_BFD_DOWN)
			set_state(s, VG_BFD_DOWN, VG_BFD_DIAG_NEIGHBOR_DOWN, out);
	}
	/* 6.8.7: the interval may have shrunk (or transmission become allowed) */
	arm_tx(s, now, rnd, true);
	/* 6.5 / 6.8.6: a Poll is answered with a Final at once, whatever the transmit timer */
	if (p->poll) {
		out->send = true;
		out->final = true;
		s->stats.tx++;
	}
	return VG_BFD_OK;
}

void vg_bfd_session_timer(struct vg_bfd_session *s, vg_time now, uint32_t rnd, struct vg_bfd_out *out)
{
	memset(out, 0, sizeof(*out));
	if (s->detect_timer != VG_TIME_NEVER && now >= s->detect_timer) {
		/* 6.8.4: Detection Time passed without a valid packet */
		s->detect_timer = VG_TIME_NEVER;
		if (s->state == VG_BFD_INIT || s->state == VG_BFD_UP)
			set_state(s, VG_BFD_DOWN, VG_BFD_DIAG_DETECT_EXPIRED, out);
		s->remote_disc = 0; /* 6.8.1 bfd.RemoteDiscr */
		s->remote_state = VG_BFD_DOWN;
		s->remote_demand = false;
		s->remote_min_rx_us = 1;
		arm_tx(s, now, rnd, false);
		if (s->state == VG_BFD_ADMIN_DOWN)
			s->tx_timer = VG_TIME_NEVER;
	}
	if (s->tx_timer != VG_TIME_NEVER && now >= s->tx_timer) {
		if (may_transmit(s) && s->state != VG_BFD_ADMIN_DOWN) {
			out->send = true;
			s->stats.tx++;
			s->last_tx = now;
			s->tx_timer = vg_time_add(now, vg_bfd_jitter(vg_bfd_tx_interval(s), s->cfg.detect_mult, rnd));
		} else {
			s->tx_timer = VG_TIME_NEVER;
		}
	}
}

void vg_bfd_session_admin_down(struct vg_bfd_session *s, vg_time now, struct vg_bfd_out *out)
{
	memset(out, 0, sizeof(*out));
	(void)now;
	set_state(s, VG_BFD_ADMIN_DOWN, VG_BFD_DIAG_ADMIN_DOWN, out);
	s->detect_timer = VG_TIME_NEVER;
	s->tx_timer = VG_TIME_NEVER;
	if (s->remote_disc != 0 && s->remote_min_rx_us != 0) {
		out->send = true;
		s->stats.tx++;
	}
}

vg_time vg_bfd_session_next_deadline(const struct vg_bfd_session *s)
{
	return s->tx_timer < s->detect_timer ? s->tx_timer : s->detect_timer;
}

void vg_bfd_session_packet(const struct vg_bfd_session *s, bool final, struct vg_bfd_packet *p)
{
	memset(p, 0, sizeof(*p));
	p->version = VG_BFD_VERSION;
	p->diag = s->local_diag;
	p->state = s->state;
	p->final = final;
	p->poll = s->poll && !final; /* 6.5: never both */
	p->cpi = false;
	p->demand = false;
	p->detect_mult = s->cfg.detect_mult;
	p->my_disc = s->cfg.local_disc;
	p->your_disc = s->remote_disc;
	p->desired_min_tx_us = s->desired_min_tx_us;
	p->required_min_rx_us = s->cfg.required_min_rx_us;
	p->required_min_echo_rx_us = 0; /* no Echo function */
	p->auth = s->cfg.auth;
	if (p->auth) {
		p->auth_type = VG_BFD_AUTH_SIMPLE;
		p->auth_key_id = s->cfg.auth_key_id;
		p->password_len = s->cfg.password_len;
		memcpy(p->password, s->cfg.password, s->cfg.password_len);
	}
	p->length = (uint8_t)(VG_BFD_LEN + (p->auth ? 3u + p->password_len : 0u));
}
