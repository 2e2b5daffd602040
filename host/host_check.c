// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: host-dependent checks (see host_check.h).
 *
 * Codes: host-interface-missing, host-script-missing,
 * host-script-not-executable, host-script-unsafe, host-not-owner, and
 * unknown-table (a routing table name this host's rt_tables does not know;
 * the plan's wording, core/vrrp/plan.c).
 */
#define _GNU_SOURCE
#include "host_check.h"
#include "rt_tables.h"

#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct hctx {
	const struct vg_conf *conf;
	struct vg_diags *out;
	unsigned added;
};

static void interface(struct hctx *h, const char *name, const struct vg_conf_loc *loc, const char *what)
{
	if (!name || if_nametoindex(name) != 0)
		return;
	/* keepalived 2.2.7, observed: without dynamic_interfaces it stops ("Non-existent interface
	   specified in configuration"); with it the instance waits in FAULT, as vigild's always do */
	vg_diags_add(h->out, VG_DIAG_WARNING, loc, "host-interface-missing", NULL,
		     "%s '%s' does not exist on this host (vigild keeps its instances in FAULT until it appears%s)",
		     what, name, h->conf->global.dynamic_interfaces ? "" :
		     "; keepalived refuses to run without global_defs dynamic_interfaces");
	h->added++;
}

/* Is any part of the path writable by someone other than root? */
static const char *unsafe_part(const char *path, char *buf, size_t len)
{
	struct stat st;

	snprintf(buf, len, "%s", path);
	for (;;) {
		if (stat(buf, &st) == 0) {
			bool sticky_dir = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX);
			if (st.st_uid != 0 || (!sticky_dir && (st.st_mode & (S_IWGRP | S_IWOTH))))
				return buf;
		}
		char *slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			break;
		*slash = '\0';
	}
	return NULL;
}

static void script(struct hctx *h, const struct vg_conf_script *s, const char *what)
{
	struct stat st;
	char part[PATH_MAX];
	const char *p;

	if (!s || !s->argv.count || s->argv.items[0][0] != '/')
		return; /* relative paths: the linter reports them */
	p = s->argv.items[0];
	if (stat(p, &st) < 0) {
		vg_diags_add(h->out, VG_DIAG_ERROR, &s->loc, "host-script-missing", NULL,
			     "%s '%s' does not exist on this host", what, p);
		h->added++;
		return;
	}
	if (!S_ISREG(st.st_mode) || access(p, X_OK) < 0) {
		vg_diags_add(h->out, VG_DIAG_ERROR, &s->loc, "host-script-not-executable", NULL,
			     "%s '%s' is not an executable file", what, p);
		h->added++;
	}
	if (!s->user && unsafe_part(p, part, sizeof(part))) {
		bool sec = h->conf->global.enable_script_security;
		vg_diags_add(h->out, sec ? VG_DIAG_ERROR : VG_DIAG_WARNING, &s->loc, "host-script-unsafe", NULL,
			     "%s '%s' runs as root but '%s' can be modified by a non-root user%s", what, p, part,
			     sec ? ": with enable_script_security keepalived refuses to run it"
				 : " (set enable_script_security, or run it as an unprivileged user)");
		h->added++;
	}
}

/* Is `a` configured on one of this host's interfaces? */
static bool host_has_addr(const struct ifaddrs *list, const struct vg_addr *a)
{
	for (const struct ifaddrs *i = list; i; i = i->ifa_next) {
		struct vg_addr mine;
		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			mine = vg_addr_from_bytes((const uint8_t *)&((const struct sockaddr_in *)(const void *)i->ifa_addr)->sin_addr, 4);
		else if (i->ifa_addr->sa_family == AF_INET6)
			mine = vg_addr_from_bytes(((const struct sockaddr_in6 *)(const void *)i->ifa_addr)->sin6_addr.s6_addr, 16);
		else
			continue;
		if (vg_addr_eq(&mine, a))
			return true;
	}
	return false;
}

/*
 * RFC 5798 1, 6.1: priority 255 is for the owner, the router whose interface
 * addresses are the VIPs. An instance at 255 of which no VIP is an address
 * of this host claims addresses it does not own.
 */
static void owner(struct hctx *h, const struct vg_conf_instance *in, const struct ifaddrs *list)
{
	char a[VG_ADDR_STRLEN];

	if (in->priority != 255 || !in->vips.count)
		return;
	for (uint32_t k = 0; k < in->vips.count; k++)
		if (host_has_addr(list, &in->vips.items[k].addr))
			return;
	vg_addr_format(&in->vips.items[0].addr, a, sizeof(a));
	vg_diags_add(h->out, VG_DIAG_WARNING, in->priority_loc.line ? &in->priority_loc : &in->loc,
		     "host-not-owner", NULL,
		     "(%s) priority 255 but this host does not own %s: %s an address of this host's "
		     "interfaces, so the instance claims addresses it does not own (use 254 or lower, or "
		     "configure the addresses)",
		     in->name ? in->name : "?", a, in->vips.count == 1 ? "it is not" : "none of its VIPs is");
	h->added++;
}

unsigned vg_host_check(const struct vg_conf *c, struct vg_diags *out)
{
	struct hctx h = { c, out, 0 };
	struct ifaddrs *addrs = NULL;
	bool have_addrs = getifaddrs(&addrs) == 0;

	for (uint32_t i = 0; i < c->instances.count; i++) {
		const struct vg_conf_instance *in = &c->instances.items[i];
		interface(&h, in->interface, &in->interface_loc, "interface");
		for (uint32_t k = 0; k < in->track.interfaces.count; k++)
			interface(&h, in->track.interfaces.items[k].name, &in->track.interfaces.items[k].loc,
				  "track_interface");
		for (uint32_t k = 0; k < in->vips.count; k++)
			interface(&h, in->vips.items[k].dev, &in->vips.items[k].loc, "VIP dev");
		script(&h, in->notify_master, "notify_master");
		script(&h, in->notify_backup, "notify_backup");
		script(&h, in->notify_fault, "notify_fault");
		script(&h, in->notify_stop, "notify_stop");
		script(&h, in->notify, "notify");
		if (have_addrs)
			owner(&h, in, addrs);
	}
	if (have_addrs)
		freeifaddrs(addrs);
	for (uint32_t i = 0; i < c->scripts.count; i++)
		script(&h, &c->scripts.items[i].script, "vrrp_script");
	for (uint32_t i = 0; i < c->sync_groups.count; i++) {
		const struct vg_conf_sync_group *g = &c->sync_groups.items[i];
		script(&h, g->notify_master, "notify_master");
		script(&h, g->notify_backup, "notify_backup");
		script(&h, g->notify_fault, "notify_fault");
		script(&h, g->notify, "notify");
	}
	{
		struct vg_rt_tables names;

		vg_host_rt_tables_load(&names);
		h.added += vg_vrrp_plan_check_tables(c, &names, out);
		vg_host_rt_tables_free(&names);
	}
	for (uint32_t i = 0; i < c->virtual_servers.count; i++) {
		const struct vg_conf_virtual_server *vs = &c->virtual_servers.items[i];
		for (uint32_t r = 0; r < vs->real_servers.count; r++) {
			const struct vg_conf_real_server *rs = &vs->real_servers.items[r];
			script(&h, rs->notify_up, "notify_up");
			script(&h, rs->notify_down, "notify_down");
			for (uint32_t k = 0; k < rs->checkers.count; k++)
				if (rs->checkers.items[k].type == VG_CHECK_MISC)
					script(&h, rs->checkers.items[k].misc_path, "misc_path");
		}
	}
	return h.added;
}
