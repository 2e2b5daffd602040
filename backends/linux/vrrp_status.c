/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the VRRP driver's reports: status rows, keepalived.stats, keepalived.json.
 *
 * vgd_vrrp_status() adds one row per instance and sync group to the
 * control socket's snapshot (status.h). vgd_vrrp_report() writes
 * keepalived 2.2.7's two VRRP signal files with the same structure and
 * names, so that tools that parse them keep working (observed: keepalived
 * 2.2.7, built with --enable-json, in a network namespace, `kill -USR2`
 * and `kill -36`; docs/operations.md "Signals"):
 *
 * keepalived.stats, per instance: "VRRP Instance: NAME", then indented
 * "Advertisements:" Received / Sent, "Became master", "Released master",
 * "Packet Errors:" Length / TTL / Invalid Type / Advertisement Interval /
 * Address List, "Authentication Errors:" Invalid Type / Type Mismatch /
 * Failure, "Priority Zero:" Received / Sent.
 *
 * keepalived.json: one line, an array with one object per instance,
 * {"data": {...}, "stats": {...}}; data has keepalived's field names and
 * units (state as its number: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT;
 * intervals and delays in seconds; last_transition in Unix seconds with
 * microseconds); the array fields vips, evips, vroutes, vrules, track_ifp,
 * track_script are left out when empty, as keepalived does.
 *
 * Where vigild counts differently: keepalived's "Invalid Type" of the
 * authentication errors (an auth type that is not 0-2) is part of vigild's
 * auth-type drop, reported as "Type Mismatch"; "Address List" adds the v3
 * address-list mismatches that are counted and not dropped (RFC 5798 7.1).
 */
#include "vrrp_driver.h"

#include <stdio.h>
#include <string.h>

#include "report.h"
#include "status.h"

/* ---- the status snapshot ------------------------------------------------------------ */

void vgd_vrrp_status(void *self, struct vgd_status *st)
{
	struct vgd_vrrp *vr = self;
	struct vgd_gen *g = vr->gen;
	uint16_t i;

	for (i = 0; i < g->node.plan.inst_count; i++) {
		const struct vg_vrrp_instance *in = &g->node.inst[i];
		const struct vg_vrrp_config *c = in->cfg;
		const struct vg_conf_instance *ci = g->node.plan.src[i];
		struct vgd_status_instance *r = vgd_status_add_instance(st);

		if (!r)
			return;
		snprintf(r->name, sizeof(r->name), "%s", c->name);
		snprintf(r->iface, sizeof(r->iface), "%s", c->ifindex ? g->node.plan.ifaces[c->ifindex - 1] : "");
		snprintf(r->group, sizeof(r->group), "%s", ci && ci->sync_group ? ci->sync_group : "");
		r->vrid = c->vrid;
		r->version = c->version;
		r->family = c->family == VG_AF_INET6 ? 6 : 4;
		r->state = (uint8_t)in->state;
		r->base_priority = c->priority;
		r->effective_priority = in->priority;
		if (in->state == VG_STATE_MASTER) {
			vg_addr_format(&in->primary, r->master, sizeof(r->master));
			r->master_priority = in->priority;
		} else if (in->state == VG_STATE_BACKUP && in->master_addr.family != VG_AF_NONE) {
			vg_addr_format(&in->master_addr, r->master, sizeof(r->master));
			r->master_priority = in->master_priority;
		}
		r->vips_installed = g->vips_on[i];
		r->vip_count = c->vip_count;
		if (g->last[i].at) {
			r->last_from = g->last[i].from;
			r->last_to = g->last[i].to;
			r->last_why = g->last[i].why;
			r->last_at_unix_ns = vgd_status_unix(st, g->last[i].at);
		}
		r->adverts_rx = in->stats.rx_adverts;
		r->adverts_tx = in->stats.tx_adverts;
		r->prio0_rx = in->stats.rx_prio0;
		r->prio0_tx = in->stats.tx_prio0;
		r->became_master = in->stats.became_master;
		r->released_master = in->stats.released_master;
		memcpy(r->drops, in->stats.drops, sizeof(r->drops));
	}
	for (i = 0; i < g->node.plan.group_count; i++) {
		const struct vg_sync_group *sg = &g->node.plan.groups[i];
		struct vgd_status_group *r = vgd_status_add_group(st);

		if (!r)
			return;
		snprintf(r->name, sizeof(r->name), "%s", sg->name);
		r->state = (uint8_t)sg->state;
		r->members = sg->count;
		if (g->glast[i].at) {
			r->last_from = g->glast[i].from;
			r->last_to = g->glast[i].to;
			r->last_at_unix_ns = vgd_status_unix(st, g->glast[i].at);
		}
	}
}

/* ---- keepalived.stats ----------------------------------------------------------------- */

static void stats_file(struct vgd_gen *g, FILE *f, bool clear)
{
	uint16_t i;

	for (i = 0; i < g->node.plan.inst_count; i++) {
		struct vg_vrrp_instance *in = &g->node.inst[i];
		const struct vg_vrrp_stats *s = &in->stats;

		fprintf(f, "VRRP Instance: %s\n", in->cfg->name);
		fprintf(f, "  Advertisements:\n");
		fprintf(f, "    Received: %llu\n", (unsigned long long)s->rx_adverts);
		fprintf(f, "    Sent: %llu\n", (unsigned long long)s->tx_adverts);
		fprintf(f, "  Became master: %llu\n", (unsigned long long)s->became_master);
		fprintf(f, "  Released master: %llu\n", (unsigned long long)s->released_master);
		fprintf(f, "  Packet Errors:\n");
		fprintf(f, "    Length: %llu\n", (unsigned long long)s->drops[VG_DROP_LENGTH]);
		fprintf(f, "    TTL: %llu\n", (unsigned long long)s->drops[VG_DROP_TTL]);
		fprintf(f, "    Invalid Type: %llu\n", (unsigned long long)s->drops[VG_DROP_TYPE]);
		fprintf(f, "    Advertisement Interval: %llu\n", (unsigned long long)s->drops[VG_DROP_INTERVAL]);
		fprintf(f, "    Address List: %llu\n",
			(unsigned long long)(s->drops[VG_DROP_ADDR_LIST] + s->addr_list_mismatch));
		fprintf(f, "  Authentication Errors:\n");
		fprintf(f, "    Invalid Type: 0\n");
		fprintf(f, "    Type Mismatch: %llu\n", (unsigned long long)s->drops[VG_DROP_AUTH_TYPE]);
		fprintf(f, "    Failure: %llu\n", (unsigned long long)s->drops[VG_DROP_AUTH]);
		fprintf(f, "  Priority Zero:\n");
		fprintf(f, "    Received: %llu\n", (unsigned long long)s->rx_prio0);
		fprintf(f, "    Sent: %llu\n", (unsigned long long)s->tx_prio0);
		if (clear)
			memset(&in->stats, 0, sizeof(in->stats));
	}
}

/* ---- keepalived.json ------------------------------------------------------------------ */

static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void kstr(FILE *f, const char *k, const char *v)
{
	fprintf(f, ",\"%s\":", k);
	jstr(f, v);
}

static void kuint(FILE *f, const char *k, unsigned long long v)
{
	fprintf(f, ",\"%s\":%llu", k, v);
}

static void kbool(FILE *f, const char *k, bool v)
{
	fprintf(f, ",\"%s\":%s", k, v ? "true" : "false");
}

/* seconds as keepalived's %g-like float writer prints them: 1, 0.5, 2.25 */
static void ksec(FILE *f, const char *k, vg_time ns)
{
	fprintf(f, ",\"%s\":%.15g", k, (double)ns / 1e9);
}

static void kscript(FILE *f, const char *k, const struct vg_conf_script *s)
{
	if (s)
		kstr(f, k, s->cmd);
}

static void vip_text(const struct vg_conf_vip *v, const char *iface, bool set, char *out, size_t n)
{
	char a[VG_ADDR_STRLEN], b[VG_ADDR_STRLEN];
	size_t len;

	len = (size_t)snprintf(out, n, "%s/%u", vg_addr_format(&v->addr, a, sizeof(a)), v->prefix_len);
	if (v->brd.family != VG_AF_NONE && len < n)
		len += (size_t)snprintf(out + len, n - len, " brd %s", vg_addr_format(&v->brd, b, sizeof(b)));
	if (len < n)
		len += (size_t)snprintf(out + len, n - len, " dev %s scope %s", v->dev ? v->dev : iface,
					v->scope ? v->scope : "global");
	if (v->label && len < n)
		len += (size_t)snprintf(out + len, n - len, " label %s", v->label);
	if (set && len < n)
		snprintf(out + len, n - len, " set");
}

static void kvips(FILE *f, const char *k, const struct vg_conf_vips *vips, const char *iface, bool set)
{
	char buf[256];
	uint32_t i;

	if (!vips->count)
		return;
	fprintf(f, ",\"%s\":[", k);
	for (i = 0; i < vips->count; i++) {
		vip_text(&vips->items[i], iface, set, buf, sizeof(buf));
		if (i)
			fputc(',', f);
		jstr(f, buf);
	}
	fputc(']', f);
}

static void kroutes(FILE *f, const char *k, const struct vg_conf_routes *r)
{
	uint32_t i, j;

	if (!r->count)
		return;
	fprintf(f, ",\"%s\":[", k);
	for (i = 0; i < r->count; i++) {
		char buf[512];
		size_t len = 0;

		buf[0] = 0;
		for (j = 0; j < r->items[i].args.count && len < sizeof(buf); j++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", j ? " " : "",
						r->items[i].args.items[j]);
		if (i)
			fputc(',', f);
		jstr(f, buf);
	}
	fputc(']', f);
}

static void ktracks(FILE *f, const char *k, const struct vg_conf_track_refs *t)
{
	uint32_t i;

	if (!t->count)
		return;
	fprintf(f, ",\"%s\":[", k);
	for (i = 0; i < t->count; i++) {
		if (i)
			fputc(',', f);
		jstr(f, t->items[i].name);
	}
	fputc(']', f);
}

static const char *script_cmd(const struct vg_conf *conf, const char *name)
{
	uint32_t i;

	for (i = 0; conf && i < conf->scripts.count; i++)
		if (!strcmp(conf->scripts.items[i].name, name))
			return conf->scripts.items[i].script.cmd ? conf->scripts.items[i].script.cmd : name;
	return name;
}

static void json_instance(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t i, FILE *f, vg_time now, uint64_t real)
{
	const struct vg_vrrp_instance *in = &g->node.inst[i];
	const struct vg_vrrp_config *c = in->cfg;
	const struct vg_conf_instance *ci = g->node.plan.src[i];
	const struct vg_vrrp_stats *s = &in->stats;
	const char *iface = c->ifindex ? g->node.plan.ifaces[c->ifindex - 1] : "";
	struct vgd_status clk;
	char vmac[32] = "";
	uint64_t lt;
	uint32_t k;

	(void)vr;
	vgd_status_init(&clk, now, real);
	lt = g->last[i].at ? vgd_status_unix(&clk, g->last[i].at) : 0;
	fprintf(f, "{\"data\":{\"iname\":");
	jstr(f, c->name);
	kuint(f, "dont_track_primary", ci && ci->dont_track_primary);
	kuint(f, "skip_check_adv_addr", ci && ci->skip_check_adv_addr == VG_TRI_ON);
	kuint(f, "strict_mode", c->strict);
	if (ci && ci->use_vmac && vgd_vmac_name(g, i))
		snprintf(vmac, sizeof(vmac), "%s", vgd_vmac_name(g, i));
	kstr(f, "vmac_ifname", vmac);
	if (iface[0])
		kstr(f, "ifp_ifname", iface);
	kuint(f, "master_priority", in->state == VG_STATE_BACKUP ? in->master_priority : 0);
	fprintf(f, ",\"last_transition\":%llu.%06llu", (unsigned long long)(lt / 1000000000u),
		(unsigned long long)(lt % 1000000000u / 1000u));
	ksec(f, "garp_delay", c->garp_delay_ns);
	kuint(f, "garp_refresh", c->garp_refresh_ns / VG_S(1));
	kuint(f, "garp_rep", c->garp_repeat);
	kuint(f, "garp_refresh_rep", c->garp_refresh_repeat);
	kuint(f, "garp_lower_prio_delay", ci ? ci->garp_lower_prio_delay_ns / VG_S(1) : 0);
	kuint(f, "garp_lower_prio_rep", ci ? ci->garp_lower_prio_repeat : 0);
	kuint(f, "lower_prio_no_advert", c->lower_prio_no_advert);
	kuint(f, "higher_prio_send_advert", ci && ci->higher_prio_send_advert == VG_TRI_ON);
	kuint(f, "vrid", c->vrid);
	kuint(f, "base_priority", c->priority);
	kuint(f, "effective_priority", in->priority);
	kbool(f, "vipset", g->vips_on[i]);
	kbool(f, "promote_secondaries", ci && ci->promote_secondaries);
	ksec(f, "adver_int", (vg_time)c->adver_int_cs * VG_MS(10));
	ksec(f, "master_adver_int", (vg_time)(in->master_adver_int_cs ? in->master_adver_int_cs : c->adver_int_cs) *
					    VG_MS(10));
	kuint(f, "accept", c->accept);
	kbool(f, "nopreempt", c->nopreempt);
	kuint(f, "preempt_delay", c->preempt_delay_ns / VG_S(1));
	kuint(f, "state", (unsigned)in->state);
	kuint(f, "wantstate", (unsigned)in->state);
	kuint(f, "version", c->version);
	kbool(f, "smtp_alert", ci && ci->smtp_alert == VG_TRI_ON);
	kbool(f, "notify_deleted", ci && ci->notify_deleted_set);
	if (ci) {
		kscript(f, "script_backup", ci->notify_backup);
		kscript(f, "script_master", ci->notify_master);
		kscript(f, "script_fault", ci->notify_fault);
		kscript(f, "script_stop", ci->notify_stop);
		kscript(f, "script_deleted", ci->notify_deleted);
		kscript(f, "script", ci->notify);
		kscript(f, "script_master_rx_lower_pri", ci->notify_master_rx_lower_pri);
		kvips(f, "vips", &ci->vips, iface, g->vips_on[i]);
		kvips(f, "evips", &ci->evips, iface, g->vips_on[i]);
		kroutes(f, "vroutes", &ci->routes);
		kroutes(f, "vrules", &ci->rules);
		ktracks(f, "track_ifp", &ci->track.interfaces);
		if (ci->track.scripts.count) {
			fprintf(f, ",\"track_script\":[");
			for (k = 0; k < ci->track.scripts.count; k++) {
				if (k)
					fputc(',', f);
				jstr(f, script_cmd(g->node.conf, ci->track.scripts.items[k].name));
			}
			fputc(']', f);
		}
	}
	kuint(f, "auth_type", c->auth_type);
	if (c->auth_type) {
		char pass[VG_VRRP_AUTH_LEN + 1];

		memcpy(pass, c->auth_data, VG_VRRP_AUTH_LEN);
		pass[VG_VRRP_AUTH_LEN] = 0;
		kstr(f, "auth_data", pass);
	}
	fprintf(f, "},\"stats\":{\"advert_rcvd\":%llu", (unsigned long long)s->rx_adverts);
	kuint(f, "advert_sent", s->tx_adverts);
	kuint(f, "become_master", s->became_master);
	kuint(f, "release_master", s->released_master);
	kuint(f, "packet_len_err", s->drops[VG_DROP_LENGTH]);
	kuint(f, "advert_interval_err", s->drops[VG_DROP_INTERVAL]);
	kuint(f, "ip_ttl_err", s->drops[VG_DROP_TTL]);
	kuint(f, "invalid_type_rcvd", s->drops[VG_DROP_TYPE]);
	kuint(f, "addr_list_err", s->drops[VG_DROP_ADDR_LIST] + s->addr_list_mismatch);
	kuint(f, "invalid_authtype", 0);
	kuint(f, "authtype_mismatch", s->drops[VG_DROP_AUTH_TYPE]);
	kuint(f, "auth_failure", s->drops[VG_DROP_AUTH]);
	kuint(f, "pri_zero_rcvd", s->rx_prio0);
	kuint(f, "pri_zero_sent", s->tx_prio0);
	fprintf(f, "}}");
}

void vgd_vrrp_report(void *self, enum vgd_report kind, bool clear, FILE *f, vg_time now, uint64_t real_ns)
{
	struct vgd_vrrp *vr = self;
	struct vgd_gen *g = vr->gen;
	uint16_t i;

	if (kind == VGD_REPORT_STATS) {
		stats_file(g, f, clear);
		return;
	}
	fputc('[', f);
	for (i = 0; i < g->node.plan.inst_count; i++) {
		if (i)
			fputc(',', f);
		json_instance(vr, g, i, f, now, real_ns);
	}
	fprintf(f, "]\n");
}
