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
