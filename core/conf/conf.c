// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: lookups in a parsed tree and the names of its enums.
 *
 * (Building the tree is parser.c; freeing it is one vg_arena_free, in
 * vg_conf_free.)
 */
#include "conf/conf.h"

#include <string.h>

#include "conf/macro.h"

int vg_conf_diags_fill_text(const struct vg_conf *conf, struct vg_diags *diags, uint32_t from)
{
	if (!conf->loader.read && !conf->loader.open)
		return 0;
	return vg_macro_fill_text(&conf->loader, diags, from);
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

const struct vg_conf_kv *vg_conf_extra_find(const struct vg_conf_kvs *extra, const char *keyword)
{
	for (uint32_t i = 0; extra && i < extra->count; i++)
		if (strcmp(extra->items[i].keyword, keyword) == 0)
			return &extra->items[i];
	return NULL;
}

const struct vg_conf_vrrp_script *vg_conf_find_script(const struct vg_conf *c, const char *name)
{
	for (uint32_t i = 0; i < c->scripts.count; i++)
		if (same(c->scripts.items[i].name, name))
			return &c->scripts.items[i];
	return NULL;
}

const struct vg_conf_instance *vg_conf_find_instance(const struct vg_conf *c, const char *name)
{
	for (uint32_t i = 0; i < c->instances.count; i++)
		if (same(c->instances.items[i].name, name))
			return &c->instances.items[i];
	return NULL;
}

const struct vg_conf_track_file *vg_conf_find_track_file(const struct vg_conf *c, const char *name)
{
	for (uint32_t i = 0; i < c->track_files.count; i++)
		if (same(c->track_files.items[i].name, name))
			return &c->track_files.items[i];
	return NULL;
}

const struct vg_conf_track_process *vg_conf_find_track_process(const struct vg_conf *c, const char *name)
{
	for (uint32_t i = 0; i < c->track_processes.count; i++)
		if (same(c->track_processes.items[i].name, name))
			return &c->track_processes.items[i];
	return NULL;
}

const char *vg_conf_state_name(enum vg_conf_state s)
{
	return s == VG_CONF_STATE_MASTER ? "MASTER" : "BACKUP";
}

const char *vg_conf_auth_name(enum vg_conf_auth a)
{
	switch (a) {
	case VG_CONF_AUTH_PASS: return "PASS";
	case VG_CONF_AUTH_AH: return "AH";
	default: return "NONE";
	}
}

const char *vg_conf_lb_kind_name(enum vg_conf_lb_kind k)
{
	switch (k) {
	case VG_CONF_LB_DR: return "DR";
	case VG_CONF_LB_TUN: return "TUN";
	default: return "NAT";
	}
}

/* keepalived 2.2.7 check_parser.c svr_forwarding_handler(): its messages, word for word. */
int vg_conf_tun_parse(const char *const *words, uint32_t n, struct vg_conf_tun *out, const char **why, uint32_t *bad)
{
	struct vg_conf_tun t = { 0 };

	for (uint32_t i = 0; i < n; i++) {
		const char *w = words[i];

		*bad = i;
		if (strcmp(w, "type") == 0) {
			if (i + 1 == n) {
				*why = "Missing tunnel type";
				return -1;
			}
			w = words[++i];
			*bad = i;
			if (strcmp(w, "ipip") == 0)
				t.type = VG_CONF_TUN_IPIP;
			else if (strcmp(w, "gue") == 0)
				t.type = VG_CONF_TUN_GUE;
			else if (strcmp(w, "gre") == 0)
				t.type = VG_CONF_TUN_GRE;
			else {
				*why = "Unknown tunnel type";
				return -1;
			}
		} else if (strcmp(w, "port") == 0) {
			unsigned long v = 0;
			const char *c;

			if (i + 1 == n) {
				*why = "Missing port for gue tunnel";
				return -1;
			}
			c = words[++i];
			*bad = i;
			for (; *c >= '0' && *c <= '9' && v <= 65535; c++)
				v = v * 10 + (unsigned long)(*c - '0');
			if (*c || v < 1 || v > 65535 || words[i][0] == 0) {
				*why = "Invalid gue tunnel port";
				return -1;
			}
			t.port = (uint16_t)v;
		} else if (strcmp(w, "nocsum") == 0) {
			t.csum = VG_CONF_TUN_NOCSUM;
		} else if (strcmp(w, "csum") == 0) {
			t.csum = VG_CONF_TUN_CSUM;
		} else if (strcmp(w, "remcsum") == 0) {
			t.csum = VG_CONF_TUN_REMCSUM;
		} else {
			*why = "Invalid tunnel option";
			return -1;
		}
	}
	*bad = 0;
	if ((t.type == VG_CONF_TUN_GUE) != (t.port != 0)) {
		*why = "gue tunnels require port, otherwise cannot have port.";
		return -1;
	}
	if (t.type == VG_CONF_TUN_IPIP && t.csum != VG_CONF_TUN_NOCSUM) {
		*why = "ipip tunnels do not support checksum option.";
		return -1;
	}
	if (t.type == VG_CONF_TUN_GRE && t.csum == VG_CONF_TUN_REMCSUM) {
		*why = "gre tunnels do not support remote checksum option.";
		return -1;
	}
	*out = t;
	return 0;
}

const char *vg_conf_proto_name(enum vg_conf_proto p)
{
	switch (p) {
	case VG_CONF_PROTO_TCP: return "TCP";
	case VG_CONF_PROTO_UDP: return "UDP";
	case VG_CONF_PROTO_SCTP: return "SCTP";
	default: return "NONE";
	}
}

const char *vg_conf_checker_name(enum vg_conf_checker_type t)
{
	switch (t) {
	case VG_CHECK_TCP: return "TCP_CHECK";
	case VG_CHECK_HTTP_GET: return "HTTP_GET";
	case VG_CHECK_SSL_GET: return "SSL_GET";
	case VG_CHECK_SMTP: return "SMTP_CHECK";
	case VG_CHECK_MISC: return "MISC_CHECK";
	case VG_CHECK_DNS: return "DNS_CHECK";
	case VG_CHECK_UDP: return "UDP_CHECK";
	case VG_CHECK_PING: return "PING_CHECK";
	case VG_CHECK_FILE: return "FILE_CHECK";
	case VG_CHECK_BFD: return "BFD_CHECK";
	default: return "?";
	}
}
