/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the BFD Control packet (RFC 5880 4.1, 4.2) and its reception checks
 * (RFC 5880 6.8.6, the ones that need no session).
 *
 * Single-hop BFD over UDP (RFC 5881): destination port 3784. Times on the
 * wire are microseconds. Authentication: none, or Simple Password (4.2);
 * the keyed MD5/SHA1 types are refused as "unsupported authentication".
 */
#ifndef VG_BFD_PACKET_H
#define VG_BFD_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VG_BFD_PORT 3784          /* RFC 5881 4: single hop control */
#define VG_BFD_MULTIHOP_PORT 4784 /* RFC 5883 */
#define VG_BFD_SRC_PORT_MIN 49152 /* RFC 5881 4 */
#define VG_BFD_SRC_PORT_MAX 65535
#define VG_BFD_VERSION 1
#define VG_BFD_LEN 24             /* RFC 5880 4.1: mandatory section */
#define VG_BFD_PASSWORD_MAX 16    /* RFC 5880 4.2 */
#define VG_BFD_LEN_MAX (VG_BFD_LEN + 3 + VG_BFD_PASSWORD_MAX)

/* RFC 5880 4.1 "State (Sta)" */
enum vg_bfd_state {
	VG_BFD_ADMIN_DOWN = 0,
	VG_BFD_DOWN = 1,
	VG_BFD_INIT = 2,
	VG_BFD_UP = 3,
};

/* RFC 5880 4.1 "Diagnostic (Diag)" */
enum vg_bfd_diag {
	VG_BFD_DIAG_NONE = 0,
	VG_BFD_DIAG_DETECT_EXPIRED = 1,
	VG_BFD_DIAG_ECHO_FAILED = 2,
	VG_BFD_DIAG_NEIGHBOR_DOWN = 3,
	VG_BFD_DIAG_FWD_RESET = 4,
	VG_BFD_DIAG_PATH_DOWN = 5,
	VG_BFD_DIAG_CONCAT_DOWN = 6,
	VG_BFD_DIAG_ADMIN_DOWN = 7,
	VG_BFD_DIAG_REV_CONCAT_DOWN = 8,
};

enum vg_bfd_auth_type {
	VG_BFD_AUTH_NONE = 0,
	VG_BFD_AUTH_SIMPLE = 1, /* RFC 5880 4.2 */
};

struct vg_bfd_packet {
	uint8_t version;     /* 1 */
	uint8_t diag;        /* enum vg_bfd_diag */
	uint8_t state;       /* enum vg_bfd_state */
	bool poll, final, cpi, auth, demand, multipoint;
	uint8_t detect_mult;
	uint8_t length;
	uint32_t my_disc, your_disc;
	uint32_t desired_min_tx_us, required_min_rx_us, required_min_echo_rx_us;
	/* auth present (A bit): Simple Password only */
	uint8_t auth_type, auth_key_id, password_len;
	uint8_t password[VG_BFD_PASSWORD_MAX];
};

/* Why a packet was discarded (RFC 5880 6.8.6), or VG_BFD_OK. */
enum vg_bfd_err {
	VG_BFD_OK = 0,
	VG_BFD_E_SHORT,       /* fewer bytes than the mandatory section */
	VG_BFD_E_VERSION,     /* version is not 1 */
	VG_BFD_E_LENGTH,      /* Length < 24 (26 with A), or more than received */
	VG_BFD_E_MULT,        /* Detect Mult is zero */
	VG_BFD_E_MULTIPOINT,  /* M bit set */
	VG_BFD_E_MY_DISC,     /* My Discriminator is zero */
	VG_BFD_E_YOUR_DISC,   /* Your Discriminator zero in a state other than Down / AdminDown */
	VG_BFD_E_AUTH_FORMAT, /* auth section malformed, or a type other than Simple Password */
	VG_BFD_E_TTL,         /* RFC 5881 5: TTL / Hop Limit not 255 (GTSM) */
	VG_BFD_E_NO_SESSION,  /* Your Discriminator / source matches no session */
	VG_BFD_E_AUTH,        /* A bit and the session's authentication disagree, or a wrong password */
	VG_BFD_E__COUNT,
};

const char *vg_bfd_err_name(enum vg_bfd_err e);
const char *vg_bfd_state_name(uint8_t state);
const char *vg_bfd_diag_name(uint8_t diag);

/*
 * Decode and apply the session-independent checks of RFC 5880 6.8.6 (the
 * first seven bullets). `len` is the UDP payload length.
 */
enum vg_bfd_err vg_bfd_decode(const uint8_t *buf, size_t len, struct vg_bfd_packet *out);

/* Encode (the length is computed); returns the bytes written, 0 if `cap` is too small. */
size_t vg_bfd_encode(const struct vg_bfd_packet *p, uint8_t *buf, size_t cap);

#endif
