/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: BFD Control packet codec (RFC 5880 4.1, 4.2; checks of 6.8.6).
 */
#include "bfd/packet.h"

#include <string.h>

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

const char *vg_bfd_err_name(enum vg_bfd_err e)
{
	static const char *const n[VG_BFD_E__COUNT] = {
		"ok", "short", "version", "length", "detect_mult", "multipoint", "my_disc",
		"your_disc", "auth_format", "ttl", "no_session", "auth",
	};
	return (unsigned)e < VG_BFD_E__COUNT ? n[e] : "?";
}

const char *vg_bfd_state_name(uint8_t state)
{
	static const char *const n[4] = { "AdminDown", "Down", "Init", "Up" };
	return state < 4 ? n[state] : "?";
}

const char *vg_bfd_diag_name(uint8_t diag)
{
	static const char *const n[9] = {
		"none", "control detection time expired", "echo function failed",
		"neighbor signaled session down", "forwarding plane reset", "path down",
		"concatenated path down", "administratively down", "reverse concatenated path down",
	};
	return diag < 9 ? n[diag] : "reserved";
}

enum vg_bfd_err vg_bfd_decode(const uint8_t *buf, size_t len, struct vg_bfd_packet *o)
{
	memset(o, 0, sizeof(*o));
	if (len < VG_BFD_LEN)
		return VG_BFD_E_SHORT;
	o->version = buf[0] >> 5;
	o->diag = buf[0] & 0x1f;
	o->state = buf[1] >> 6;
	o->poll = buf[1] & 0x20;
	o->final = buf[1] & 0x10;
	o->cpi = buf[1] & 0x08;
	o->auth = buf[1] & 0x04;
	o->demand = buf[1] & 0x02;
	o->multipoint = buf[1] & 0x01;
	o->detect_mult = buf[2];
	o->length = buf[3];
	o->my_disc = get32(buf + 4);
	o->your_disc = get32(buf + 8);
	o->desired_min_tx_us = get32(buf + 12);
	o->required_min_rx_us = get32(buf + 16);
	o->required_min_echo_rx_us = get32(buf + 20);

	/* RFC 5880 6.8.6, in its order */
	if (o->version != VG_BFD_VERSION)
		return VG_BFD_E_VERSION;
	if (o->length < (o->auth ? VG_BFD_LEN + 2 : VG_BFD_LEN))
		return VG_BFD_E_LENGTH;
	if (o->length > len)
		return VG_BFD_E_LENGTH;
	if (o->detect_mult == 0)
		return VG_BFD_E_MULT;
	if (o->multipoint)
		return VG_BFD_E_MULTIPOINT;
	if (o->my_disc == 0)
		return VG_BFD_E_MY_DISC;
	if (o->your_disc == 0 && o->state != VG_BFD_DOWN && o->state != VG_BFD_ADMIN_DOWN)
		return VG_BFD_E_YOUR_DISC;
	if (o->auth) {
		/* RFC 5880 4.2: Auth Type, Auth Len (including the type and length), key id, password 1..16 */
		uint8_t alen = buf[VG_BFD_LEN + 1];

		o->auth_type = buf[VG_BFD_LEN];
		if (o->auth_type != VG_BFD_AUTH_SIMPLE)
			return VG_BFD_E_AUTH_FORMAT;
		if (alen < 4 || alen > 3 + VG_BFD_PASSWORD_MAX || VG_BFD_LEN + (size_t)alen > o->length)
			return VG_BFD_E_AUTH_FORMAT;
		o->auth_key_id = buf[VG_BFD_LEN + 2];
		o->password_len = (uint8_t)(alen - 3);
		memcpy(o->password, buf + VG_BFD_LEN + 3, o->password_len);
	}
	return VG_BFD_OK;
}

size_t vg_bfd_encode(const struct vg_bfd_packet *p, uint8_t *buf, size_t cap)
{
	size_t len = VG_BFD_LEN;
	uint8_t pl = p->password_len > VG_BFD_PASSWORD_MAX ? VG_BFD_PASSWORD_MAX : p->password_len;

	if (p->auth)
		len += 3u + pl;
	if (cap < len)
		return 0;
	buf[0] = (uint8_t)(VG_BFD_VERSION << 5 | (p->diag & 0x1f));
	buf[1] = (uint8_t)((p->state & 3) << 6 | (p->poll ? 0x20 : 0) | (p->final ? 0x10 : 0) |
			   (p->cpi ? 0x08 : 0) | (p->auth ? 0x04 : 0) | (p->demand ? 0x02 : 0) |
			   (p->multipoint ? 0x01 : 0));
	buf[2] = p->detect_mult;
	buf[3] = (uint8_t)len;
	put32(buf + 4, p->my_disc);
	put32(buf + 8, p->your_disc);
	put32(buf + 12, p->desired_min_tx_us);
	put32(buf + 16, p->required_min_rx_us);
	put32(buf + 20, p->required_min_echo_rx_us);
	if (p->auth) {
		buf[VG_BFD_LEN] = VG_BFD_AUTH_SIMPLE;
		buf[VG_BFD_LEN + 1] = (uint8_t)(3u + pl);
		buf[VG_BFD_LEN + 2] = p->auth_key_id;
		memcpy(buf + VG_BFD_LEN + 3, p->password, pl);
	}
	return len;
}
