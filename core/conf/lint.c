// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the single-node lint rules (see lint.h and README.md).
 *
 * Rules and codes:
 *   block-ignored      a block keepalived skipped because its keyword is misspelt
 *   no-vip             an instance with no virtual_ipaddress
 *   vip-no-prefix      a VIP written without /prefix (it becomes /32 or /128)
 *   priority-owner     priority 255 claims address ownership (RFC 5798 1, 6.1)
 *   duplicate-vrid     two instances with one VRID on one interface and family
 *   relative-script    a script path that is not absolute
 *   strict-conflict    an option vrrp_strict / strict_mode forbids
 *   script-security    scripts run as root without enable_script_security
 */
#include "conf/lint.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct lint {
	const struct vg_conf *conf;
	struct vg_diags *out;
	uint32_t added;
};

static void add(struct lint *l, enum vg_diag_severity sev, const struct vg_conf_loc *loc, const char *code,
		const char *sugg, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void add(struct lint *l, enum vg_diag_severity sev, const struct vg_conf_loc *loc, const char *code,
		const char *sugg, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vg_diags_vadd(l->out, sev, loc, code, sugg, fmt, ap);
	va_end(ap);
	l->added++;
}

static const char *nm(const struct vg_conf_instance *in)
{
	return in->name ? in->name : "?";
}

static void lint_vips(struct lint *l, const struct vg_conf_instance *in)
{
	bool lost = false;

	for (uint32_t i = 0; i < in->ignored.count; i++) {
		const struct vg_conf_ignored *ig = &in->ignored.items[i];
		bool vip = ig->suggestion && strcmp(ig->suggestion, "virtual_ipaddress") == 0;
		lost |= vip;
		add(l, vip && in->vips.count == 0 ? VG_DIAG_ERROR : VG_DIAG_WARNING, &ig->loc, "block-ignored",
		    ig->suggestion,
		    "(%s) block '%s' is ignored by keepalived (unknown keyword)%s", nm(in), ig->text,
		    vip && in->vips.count == 0
			    ? ": the instance ends up with no virtual IP, so failover moves nothing"
			    : "");
	}
	if (in->vips.count == 0 && !lost)
		add(l, VG_DIAG_WARNING, &in->loc, "no-vip", NULL,
		    "(%s) has no virtual_ipaddress: becoming MASTER moves no address", nm(in));
	for (uint32_t i = 0; i < in->vips.count; i++) {
		const struct vg_conf_vip *v = &in->vips.items[i];
		char a[VG_ADDR_STRLEN];
		if (v->prefix_set)
			continue;
		vg_addr_format(&v->addr, a, sizeof(a));
		add(l, VG_DIAG_WARNING, &v->loc, "vip-no-prefix", NULL,
		    "(%s) VIP %s has no prefix length, so it is added as %s/%u (no subnet route, "
		    "'ip addr' shows it apart from the interface's subnet); write e.g. %s/24 if it is "
		    "meant to be in the interface's subnet",
		    nm(in), a, a, v->prefix_len, a);
	}
}

/*
 * RFC 5798 1 and 6.1: the owner is the router whose real interface addresses
 * are the VIPs; only it may use priority 255. The linter cannot see the host
 * (`vigil check --host` can), so it says what the claim means.
 */
static void lint_owner(struct lint *l, const struct vg_conf_instance *in)
{
	char a[VG_ADDR_STRLEN] = "its VIPs";

	if (in->priority_written != 255)
		return;
	if (in->vips.count)
		vg_addr_format(&in->vips.items[0].addr, a, sizeof(a));
	add(l, VG_DIAG_WARNING, &in->priority_loc, "priority-owner", NULL,
	    "(%s) priority 255 claims that this node owns the VIPs as its own interface addresses "
	    "(RFC 5798 1, 6.1); keepalived does not check it. A node that does not own %s still goes "
	    "MASTER at once at startup, takes the VIPs from the current master whenever it comes up "
	    "(nopreempt does not apply) and tracking cannot lower its priority: use 254 or lower there "
	    "('vigil check --host' checks ownership)",
	    nm(in), a);
}

static bool peers_overlap(const struct vg_conf_instance *a, const struct vg_conf_instance *b)
{
	if (!a->unicast_peers.count || !b->unicast_peers.count)
		return a->unicast_peers.count == b->unicast_peers.count; /* both multicast */
	for (uint32_t i = 0; i < a->unicast_peers.count; i++)
		for (uint32_t k = 0; k < b->unicast_peers.count; k++)
			if (vg_addr_eq(&a->unicast_peers.items[i].addr, &b->unicast_peers.items[k].addr))
				return true;
	return false;
}

static void lint_vrids(struct lint *l)
{
	const struct vg_conf *c = l->conf;

	for (uint32_t i = 0; i < c->instances.count; i++) {
		const struct vg_conf_instance *a = &c->instances.items[i];
		for (uint32_t k = 0; k < i; k++) {
			const struct vg_conf_instance *b = &c->instances.items[k];
			if (!a->virtual_router_id || a->virtual_router_id != b->virtual_router_id ||
			    a->family != b->family)
				continue;
			if (!a->interface || !b->interface || strcmp(a->interface, b->interface) != 0)
				continue;
			if (!peers_overlap(a, b))
				continue;
			add(l, VG_DIAG_ERROR, a->vrid_loc.line ? &a->vrid_loc : &a->loc, "duplicate-vrid", NULL,
			    "(%s) virtual_router_id %u is also used by %s (line %u) on %s (IPv%u): both "
			    "instances would read each other's adverts",
			    nm(a), a->virtual_router_id, nm(b), b->vrid_loc.line, a->interface, a->family);
			break; /* one finding per instance, naming the first: n instances, n - 1 findings */
		}
	}
}

static void check_script(struct lint *l, const struct vg_conf_script *s, const char *what)
{
	if (!s || !s->cmd || !s->argv.count)
		return;
	if (s->argv.items[0][0] == '/')
		return;
	add(l, VG_DIAG_WARNING, &s->loc, "relative-script", NULL,
	    "%s '%s' is not an absolute path: keepalived looks it up in its own PATH and "
	    "enable_script_security cannot check it; write the full path",
	    what, s->argv.items[0]);
}

static void lint_scripts(struct lint *l)
{
	const struct vg_conf *c = l->conf;

	if (!c->global.enable_script_security) {
		const struct vg_conf_script *first = NULL;
		for (uint32_t i = 0; i < c->scripts.count && !first; i++)
			if (c->scripts.items[i].script.cmd)
				first = &c->scripts.items[i].script;
		for (uint32_t i = 0; i < c->instances.count && !first; i++)
			first = c->instances.items[i].notify_master   ? c->instances.items[i].notify_master
				: c->instances.items[i].notify_backup ? c->instances.items[i].notify_backup
				: c->instances.items[i].notify_fault  ? c->instances.items[i].notify_fault
								      : c->instances.items[i].notify;
		if (first)
			add(l, VG_DIAG_WARNING, &first->loc, "script-security", NULL,
			    "scripts are configured but global_defs has no enable_script_security: keepalived "
			    "runs them as root without checking that no other user can modify them (it logs "
			    "'SECURITY VIOLATION')");
	}

	for (uint32_t i = 0; i < c->scripts.count; i++)
		check_script(l, &c->scripts.items[i].script, "vrrp_script");
	for (uint32_t i = 0; i < c->instances.count; i++) {
		const struct vg_conf_instance *in = &c->instances.items[i];
		check_script(l, in->notify_master, "notify_master");
		check_script(l, in->notify_backup, "notify_backup");
		check_script(l, in->notify_fault, "notify_fault");
		check_script(l, in->notify_stop, "notify_stop");
		check_script(l, in->notify, "notify");
		check_script(l, in->notify_deleted, "notify_deleted");
		check_script(l, in->notify_master_rx_lower_pri, "notify_master_rx_lower_pri");
	}
	for (uint32_t i = 0; i < c->sync_groups.count; i++) {
		const struct vg_conf_sync_group *g = &c->sync_groups.items[i];
		check_script(l, g->notify_master, "notify_master");
		check_script(l, g->notify_backup, "notify_backup");
		check_script(l, g->notify_fault, "notify_fault");
		check_script(l, g->notify_stop, "notify_stop");
		check_script(l, g->notify, "notify");
	}
	for (uint32_t i = 0; i < c->virtual_servers.count; i++) {
		const struct vg_conf_virtual_server *vs = &c->virtual_servers.items[i];
		check_script(l, vs->quorum_up, "quorum_up");
		check_script(l, vs->quorum_down, "quorum_down");
		for (uint32_t r = 0; r < vs->real_servers.count; r++) {
			const struct vg_conf_real_server *rs = &vs->real_servers.items[r];
			check_script(l, rs->notify_up, "notify_up");
			check_script(l, rs->notify_down, "notify_down");
			for (uint32_t k = 0; k < rs->checkers.count; k++)
				if (rs->checkers.items[k].type == VG_CHECK_MISC)
					check_script(l, rs->checkers.items[k].misc_path, "misc_path");
		}
	}
}

static bool ipv6_link_local(const struct vg_addr *a)
{
	return a->family == VG_AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

/* keepalived.conf(5), vrrp_strict: what strict mode forbids (beyond what the parser resets). */
static void lint_strict(struct lint *l, const struct vg_conf_instance *in)
{
	const char *why = in->strict_mode_written == VG_TRI_ON ? "strict_mode" : "vrrp_strict";

	if (!in->strict)
		return;
	if (in->unicast_peers.count)
		add(l, VG_DIAG_ERROR, &in->unicast_peer_loc, "strict-conflict", NULL,
		    "(%s) %s forbids unicast peers (VRRP is multicast only in strict mode)", nm(in), why);
	if (in->vips.count == 0)
		add(l, VG_DIAG_ERROR, &in->loc, "strict-conflict", NULL,
		    "(%s) %s requires at least one virtual IP", nm(in), why);
	if (in->state_set && in->state == VG_CONF_STATE_MASTER && in->priority != 255)
		add(l, VG_DIAG_ERROR, &in->state_loc, "strict-conflict", NULL,
		    "(%s) %s allows 'state MASTER' only with priority 255 (priority is %u)", nm(in), why,
		    in->priority);
	if (in->version_written == 2 && in->family == VG_AF_INET6)
		add(l, VG_DIAG_ERROR, &in->loc, "strict-conflict", NULL,
		    "(%s) %s forbids IPv6 addresses with VRRP version 2 (keepalived runs IPv6 as version 3)",
		    nm(in), why);
	if (in->family == VG_AF_INET6 && in->vips.count && !ipv6_link_local(&in->vips.items[0].addr))
		add(l, VG_DIAG_ERROR, &in->vips.items[0].loc, "strict-conflict", NULL,
		    "(%s) %s requires the first IPv6 VIP to be link-local (RFC 5798 5.2.9)", nm(in), why);
	if (in->vmac_xmit_base)
		add(l, VG_DIAG_ERROR, &in->vmac_xmit_base_loc, "strict-conflict", NULL,
		    "(%s) %s forbids vmac_xmit_base", nm(in), why);
	if (in->higher_prio_send_advert == VG_TRI_ON)
		add(l, VG_DIAG_ERROR, &in->loc, "strict-conflict", NULL,
		    "(%s) %s forbids higher_prio_send_advert", nm(in), why);
	if (in->lower_prio_no_advert == VG_TRI_OFF)
		add(l, VG_DIAG_ERROR, &in->loc, "strict-conflict", NULL,
		    "(%s) %s cannot clear lower_prio_no_advert", nm(in), why);
	if (in->auth_type_written != VG_CONF_AUTH_NONE)
		add(l, VG_DIAG_ERROR, &in->auth_loc, "strict-conflict", NULL,
		    "(%s) %s forbids authentication: keepalived drops it, so this node sends adverts without "
		    "it and a peer that still authenticates discards them",
		    nm(in), why);
	if (in->accept_written == VG_TRI_ON && in->version == 2)
		add(l, VG_DIAG_ERROR, &in->accept_loc, "strict-conflict", NULL,
		    "(%s) %s forbids accept mode with VRRPv2", nm(in), why);
	if (in->preempt_delay_written_ns)
		add(l, VG_DIAG_ERROR, &in->preempt_delay_loc, "strict-conflict", NULL,
		    "(%s) %s forbids preempt_delay", nm(in), why);
}

uint32_t vg_conf_lint(const struct vg_conf *conf, struct vg_diags *out)
{
	struct lint l = { conf, out, 0 };
	uint32_t first = out->count;

	assert(conf && out);

	for (uint32_t i = 0; i < conf->instances.count; i++) {
		const struct vg_conf_instance *in = &conf->instances.items[i];
		lint_vips(&l, in);
		lint_owner(&l, in);
		lint_strict(&l, in);
	}
	lint_vrids(&l);
	lint_scripts(&l);
	vg_conf_diags_fill_text(conf, out, first);
	return l.added;
}
