/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: one BFD session (RFC 5880 6.2 state machine, 6.8.1-6.8.7), pure.
 *
 * Asynchronous mode only (no Demand mode of our own, no Echo function).
 * The caller passes `now` (vg_time, ns) and a random number for the jitter
 * of 6.8.7 with each call; effects come back in `struct vg_bfd_out`: send a
 * packet now (built with vg_bfd_session_packet), and a state change. The
 * caller asks vg_bfd_session_next_deadline() and calls
 * vg_bfd_session_timer() at or after it.
 *
 * bfd.DesiredMinTxInterval is the configured idle_tx while the session is
 * not Up (RFC 5880 6.8.3 asks for at least one second; keepalived's idle_tx
 * defaults to 1 s) and min_tx while Up. The change on reaching Up is
 * announced with a Poll Sequence (6.5, 6.8.3); an increase of the transmit
 * interval takes effect only when the Poll Sequence ends.
 */
#ifndef VG_BFD_SESSION_H
#define VG_BFD_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "bfd/packet.h"

struct vg_bfd_config {
	uint32_t local_disc;          /* bfd.LocalDiscr: non-zero, unique on this host */
	uint32_t desired_min_tx_us;   /* min_tx: DesiredMinTxInterval while Up */
	uint32_t required_min_rx_us;  /* min_rx: bfd.RequiredMinRxInterval */
	uint32_t idle_tx_us;          /* idle_tx: DesiredMinTxInterval while not Up */
	uint8_t detect_mult;          /* bfd.DetectMult */
	bool passive;                 /* RFC 5880 6.1: speak only once spoken to */
	bool auth;                    /* Simple Password (4.2) */
	uint8_t auth_key_id, password_len;
	uint8_t password[VG_BFD_PASSWORD_MAX];
};

struct vg_bfd_session {
	struct vg_bfd_config cfg;
	/* RFC 5880 6.8.1 state variables */
	uint8_t state;                  /* bfd.SessionState */
	uint8_t remote_state;           /* bfd.RemoteSessionState */
	uint8_t local_diag;             /* bfd.LocalDiag */
	uint32_t remote_disc;           /* bfd.RemoteDiscr */
	uint32_t desired_min_tx_us;     /* bfd.DesiredMinTxInterval (advertised) */
	uint32_t remote_min_rx_us;      /* bfd.RemoteMinRxInterval */
	bool remote_demand;             /* bfd.RemoteDemandMode */
	/* what the remote last sent (6.8.4) */
	uint32_t remote_desired_min_tx_us;
	uint8_t remote_detect_mult;
	/* 6.5 Poll Sequence */
	bool poll;
	uint32_t tx_used_us;            /* DesiredMinTx the transmit interval uses (old value until Final) */
	/* timers */
	vg_time last_tx;                /* VG_TIME_NEVER before the first */
	vg_time tx_timer, detect_timer; /* VG_TIME_NEVER when not armed */
	struct {
		uint64_t rx, tx, up, down;
		uint64_t drops[VG_BFD_E__COUNT];
	} stats;
};

struct vg_bfd_out {
	bool send;      /* transmit one packet now */
	bool final;     /* ... with the F bit (answer to a Poll, 6.5) */
	bool changed;   /* bfd.SessionState changed: from -> to, diag */
	uint8_t from, to, diag;
};

/* Defaults of keepalived.conf(5): min_rx 10 ms, min_tx 10 ms, idle_tx 1000 ms, multiplier 5. */
void vg_bfd_config_defaults(struct vg_bfd_config *c);

/* Start in Down (6.8.1); an active session transmits at once. */
void vg_bfd_session_init(struct vg_bfd_session *s, const struct vg_bfd_config *c, vg_time now);

/*
 * A packet that passed vg_bfd_decode() for this session (the caller found it
 * by Your Discriminator, or by address when that is zero): the rest of
 * RFC 5880 6.8.6. Returns VG_BFD_OK, or why it was discarded (counted).
 */
enum vg_bfd_err vg_bfd_session_rx(struct vg_bfd_session *s, vg_time now, const struct vg_bfd_packet *p,
				  uint32_t rnd, struct vg_bfd_out *out);

/* A deadline is due: transmit (6.8.7) and / or the Detection Time passed (6.8.4). */
void vg_bfd_session_timer(struct vg_bfd_session *s, vg_time now, uint32_t rnd, struct vg_bfd_out *out);

/* Leave the session (stop, or the bfd_instance removed): AdminDown, diag 7, send one packet. */
void vg_bfd_session_admin_down(struct vg_bfd_session *s, vg_time now, struct vg_bfd_out *out);

vg_time vg_bfd_session_next_deadline(const struct vg_bfd_session *s);

/* The Control packet to send now (6.8.7 contents). */
void vg_bfd_session_packet(const struct vg_bfd_session *s, bool final, struct vg_bfd_packet *p);

/* RFC 5880 6.8.2 / 6.8.7: the transmit interval before jitter, in ns. */
vg_time vg_bfd_tx_interval(const struct vg_bfd_session *s);

/* RFC 5880 6.8.7 jitter: `interval` less 0-25 % (10-25 % with Detect Mult 1), picked by `rnd`. */
vg_time vg_bfd_jitter(vg_time interval, uint8_t detect_mult, uint32_t rnd);

/* RFC 5880 6.8.4 (asynchronous mode): the remote's Detect Mult x max(RequiredMinRx, its DesiredMinTx). */
vg_time vg_bfd_detect_time(const struct vg_bfd_session *s);

/*
 * RFC 5881 5 (GTSM): a single-hop packet must arrive with TTL / Hop Limit
 * 255; keepalived's max_hops allows that many hops less (255: no check).
 */
bool vg_bfd_ttl_ok(uint8_t ttl, uint8_t max_hops);

#endif
