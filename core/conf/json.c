// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the JSON writer (see json.h). Keys and shapes are documented in
 * core/conf/README.md; times are written in the unit their key names
 * (`_ms`, `_cs`).
 */
#include "conf/json.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void vg_json_init(struct vg_json *j, char *buf, size_t cap)
{
	assert(j && (buf || cap == 0));
	memset(j, 0, sizeof(*j));
	j->buf = buf;
	j->cap = cap;
	j->first[0] = true;
	if (cap)
		buf[0] = '\0';
}

static void put(struct vg_json *j, const char *s, size_t n)
{
	if (j->len < j->cap) {
		size_t room = j->cap - j->len - 1;
		size_t k = n < room ? n : room;
		memcpy(j->buf + j->len, s, k);
		j->buf[j->len + k] = '\0';
	}
	j->len += n;
}

static void puts_(struct vg_json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void quoted(struct vg_json *j, const char *s)
{
	put(j, "\"", 1);
	while (*s) {
		size_t n = 0;
		unsigned char c;
		char esc[8];

		/* a run of characters that need no escape goes in one piece */
		while (s[n] && s[n] != '"' && s[n] != '\\' && (unsigned char)s[n] >= 0x20)
			n++;
		if (n) {
			put(j, s, n);
			s += n;
			continue;
		}
		c = (unsigned char)*s++;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(j, esc, 2);
		} else {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			put(j, esc, 6);
		}
	}
	put(j, "\"", 1);
}

static void key(struct vg_json *j, const char *k)
{
	if (!j->first[j->depth])
		put(j, ",", 1);
	j->first[j->depth] = false;
	if (k) {
		quoted(j, k);
		put(j, ":", 1);
	}
}

static void open_(struct vg_json *j, const char *k, const char *c)
{
	key(j, k);
	puts_(j, c);
	if (j->depth + 1 < VG_JSON_DEPTH_MAX)
		j->depth++;
	j->first[j->depth] = true;
}

void vg_json_begin_object(struct vg_json *j, const char *k)
{
	open_(j, k, "{");
}

void vg_json_end_object(struct vg_json *j)
{
	if (j->depth)
		j->depth--;
	puts_(j, "}");
}

void vg_json_begin_array(struct vg_json *j, const char *k)
{
	open_(j, k, "[");
}

void vg_json_end_array(struct vg_json *j)
{
	if (j->depth)
		j->depth--;
	puts_(j, "]");
}

void vg_json_str(struct vg_json *j, const char *k, const char *v)
{
	key(j, k);
	if (v)
		quoted(j, v);
	else
		puts_(j, "null");
}

void vg_json_int(struct vg_json *j, const char *k, int64_t v)
{
	char b[24];
	key(j, k);
	snprintf(b, sizeof(b), "%lld", (long long)v);
	puts_(j, b);
}

void vg_json_bool(struct vg_json *j, const char *k, bool v)
{
	key(j, k);
	puts_(j, v ? "true" : "false");
}

static void addr(struct vg_json *j, const char *k, const struct vg_addr *a)
{
	char b[VG_ADDR_STRLEN];
	if (!a->family) {
		vg_json_str(j, k, NULL);
		return;
	}
	vg_addr_format(a, b, sizeof(b));
	vg_json_str(j, k, b);
}

static void ms(struct vg_json *j, const char *k, vg_time t)
{
	vg_json_int(j, k, (int64_t)(t / VG_MS(1)));
}

static void script(struct vg_json *j, const char *k, const struct vg_conf_script *s)
{
	if (!s || !s->cmd) {
		vg_json_str(j, k, NULL);
		return;
	}
	vg_json_begin_object(j, k);
	vg_json_str(j, "cmd", s->cmd);
	vg_json_str(j, "user", s->user);
	vg_json_int(j, "line", s->loc.line);
	vg_json_end_object(j);
}

static void refs(struct vg_json *j, const char *k, const struct vg_conf_track_refs *r)
{
	vg_json_begin_array(j, k);
	for (uint32_t i = 0; i < r->count; i++) {
		vg_json_begin_object(j, NULL);
		vg_json_str(j, "name", r->items[i].name);
		if (r->items[i].weight_set)
			vg_json_int(j, "weight", r->items[i].weight);
		else
			vg_json_str(j, "weight", NULL);
		vg_json_int(j, "weight_effective", r->items[i].weight_effective);
		vg_json_bool(j, "reverse", r->items[i].reverse);
		vg_json_int(j, "line", r->items[i].loc.line);
		vg_json_end_object(j);
	}
	vg_json_end_array(j);
}

static void vips(struct vg_json *j, const char *k, const struct vg_conf_vips *v)
{
	vg_json_begin_array(j, k);
	for (uint32_t i = 0; i < v->count; i++) {
		vg_json_begin_object(j, NULL);
		addr(j, "address", &v->items[i].addr);
		vg_json_int(j, "prefix", v->items[i].prefix_len);
		vg_json_bool(j, "prefix_written", v->items[i].prefix_set);
		vg_json_str(j, "dev", v->items[i].dev);
		vg_json_str(j, "label", v->items[i].label);
		vg_json_int(j, "line", v->items[i].loc.line);
		vg_json_end_object(j);
	}
	vg_json_end_array(j);
}

static void instance(struct vg_json *j, const struct vg_conf_instance *in)
{
	vg_json_begin_object(j, NULL);
	vg_json_str(j, "name", in->name);
	vg_json_int(j, "line", in->loc.line);
	vg_json_int(j, "vrid", in->virtual_router_id);
	vg_json_str(j, "interface", in->interface);
	vg_json_int(j, "family", in->family);
	vg_json_int(j, "version", in->version);
	vg_json_str(j, "state", vg_conf_state_name(in->state));
	vg_json_int(j, "priority", in->priority);
	vg_json_int(j, "advert_int_cs", in->adver_int_cs);
	vg_json_bool(j, "nopreempt", in->nopreempt);
	vg_json_bool(j, "nopreempt_written", in->nopreempt_written);
	ms(j, "preempt_delay_ms", in->preempt_delay_ns);
	vg_json_bool(j, "accept", in->accept);
	vg_json_bool(j, "strict", in->strict);
	vg_json_str(j, "auth_type", vg_conf_auth_name(in->auth_type));
	vg_json_str(j, "sync_group", in->sync_group);
	addr(j, "unicast_src_ip", &in->unicast_src_ip);
	vg_json_begin_array(j, "unicast_peers");
	for (uint32_t i = 0; i < in->unicast_peers.count; i++)
		addr(j, NULL, &in->unicast_peers.items[i].addr);
	vg_json_end_array(j);
	vips(j, "vips", &in->vips);
	vips(j, "excluded_vips", &in->evips);
	vg_json_begin_object(j, "track");
	refs(j, "interfaces", &in->track.interfaces);
	refs(j, "scripts", &in->track.scripts);
	refs(j, "files", &in->track.files);
	refs(j, "processes", &in->track.processes);
	refs(j, "bfds", &in->track.bfds);
	vg_json_end_object(j);
	ms(j, "garp_master_delay_ms", in->garp_master_delay_ns);
	vg_json_int(j, "garp_master_repeat", in->garp_master_repeat);
	script(j, "notify_master", in->notify_master);
	script(j, "notify_backup", in->notify_backup);
	script(j, "notify_fault", in->notify_fault);
	script(j, "notify", in->notify);
	vg_json_end_object(j);
}

static void checker(struct vg_json *j, const struct vg_conf_checker *ck)
{
	vg_json_begin_object(j, NULL);
	vg_json_str(j, "type", vg_conf_checker_name(ck->type));
	vg_json_int(j, "line", ck->loc.line);
	if (ck->conn)
		addr(j, "connect_ip", &ck->conn->connect_ip);
	else
		vg_json_str(j, "connect_ip", NULL);
	vg_json_int(j, "connect_port", ck->connect_port);
	ms(j, "connect_timeout_ms", ck->connect_timeout_ns);
	vg_json_int(j, "retry", ck->retry);
	ms(j, "delay_before_retry_ms", ck->delay_before_retry_ns);
	ms(j, "delay_loop_ms", ck->delay_loop_ns);
	if ((ck->type == VG_CHECK_HTTP_GET || ck->type == VG_CHECK_SSL_GET) && ck->urls.count) {
		vg_json_begin_array(j, "urls");
		for (uint32_t i = 0; i < ck->urls.count; i++) {
			const struct vg_conf_url *u = &ck->urls.items[i];
			vg_json_begin_object(j, NULL);
			vg_json_str(j, "path", u->path);
			vg_json_str(j, "digest", u->digest);
			vg_json_begin_array(j, "status_codes");
			for (uint32_t k = 0; k < u->status_codes.count; k++)
				vg_json_str(j, NULL, u->status_codes.items[k]);
			vg_json_end_array(j);
			vg_json_end_object(j);
		}
		vg_json_end_array(j);
	}
	if (ck->type == VG_CHECK_MISC)
		script(j, "misc_path", ck->misc_path);
	vg_json_end_object(j);
}

static void virtual_server(struct vg_json *j, const struct vg_conf_virtual_server *vs)
{
	vg_json_begin_object(j, NULL);
	vg_json_int(j, "line", vs->loc.line);
	vg_json_str(j, "kind", vs->kind == VG_CONF_VS_FWMARK ? "fwmark" : vs->kind == VG_CONF_VS_GROUP ? "group" : "address");
	addr(j, "address", &vs->addr);
	vg_json_int(j, "port", vs->port);
	vg_json_int(j, "fwmark", vs->fwmark);
	vg_json_str(j, "group", vs->group);
	vg_json_str(j, "protocol", vg_conf_proto_name(vs->protocol));
	vg_json_str(j, "lb_algo", vs->lb_algo);
	vg_json_str(j, "lb_kind", vg_conf_lb_kind_name(vs->lb_kind));
	ms(j, "delay_loop_ms", vs->delay_loop_ns);
	vg_json_int(j, "persistence_timeout_s", vs->persistence_timeout_s);
	vg_json_int(j, "quorum", vs->quorum);
	vg_json_begin_array(j, "real_servers");
	for (uint32_t i = 0; i < vs->real_servers.count; i++) {
		const struct vg_conf_real_server *rs = &vs->real_servers.items[i];
		vg_json_begin_object(j, NULL);
		vg_json_int(j, "line", rs->loc.line);
		addr(j, "address", &rs->addr);
		vg_json_int(j, "port", rs->port);
		vg_json_int(j, "weight", rs->weight);
		vg_json_str(j, "lb_kind", vg_conf_lb_kind_name(rs->lb_kind));
		script(j, "notify_up", rs->notify_up);
		script(j, "notify_down", rs->notify_down);
		vg_json_begin_array(j, "checkers");
		for (uint32_t k = 0; k < rs->checkers.count; k++)
			checker(j, &rs->checkers.items[k]);
		vg_json_end_array(j);
		vg_json_end_object(j);
	}
	vg_json_end_array(j);
	vg_json_end_object(j);
}

void vg_json_conf(struct vg_json *j, const char *k, const struct vg_conf *c)
{
	vg_json_begin_object(j, k);
	vg_json_str(j, "file", c->path);
	vg_json_str(j, "router_id", c->global.router_id);
	vg_json_bool(j, "vrrp_strict", c->global.vrrp_strict);
	vg_json_begin_array(j, "scripts");
	for (uint32_t i = 0; i < c->scripts.count; i++) {
		const struct vg_conf_vrrp_script *s = &c->scripts.items[i];
		vg_json_begin_object(j, NULL);
		vg_json_str(j, "name", s->name);
		vg_json_str(j, "script", s->script.cmd);
		ms(j, "interval_ms", s->interval_ns);
		vg_json_int(j, "weight", s->weight);
		vg_json_int(j, "rise", s->rise);
		vg_json_int(j, "fall", s->fall);
		vg_json_int(j, "line", s->loc.line);
		vg_json_end_object(j);
	}
	vg_json_end_array(j);
	vg_json_begin_array(j, "sync_groups");
	for (uint32_t i = 0; i < c->sync_groups.count; i++) {
		const struct vg_conf_sync_group *g = &c->sync_groups.items[i];
		vg_json_begin_object(j, NULL);
		vg_json_str(j, "name", g->name);
		vg_json_begin_array(j, "instances");
		for (uint32_t m = 0; m < g->group.count; m++)
			vg_json_str(j, NULL, g->group.items[m]);
		vg_json_end_array(j);
		vg_json_end_object(j);
	}
	vg_json_end_array(j);
	vg_json_begin_array(j, "instances");
	for (uint32_t i = 0; i < c->instances.count; i++)
		instance(j, &c->instances.items[i]);
	vg_json_end_array(j);
	vg_json_begin_array(j, "virtual_servers");
	for (uint32_t i = 0; i < c->virtual_servers.count; i++)
		virtual_server(j, &c->virtual_servers.items[i]);
	vg_json_end_array(j);
	vg_json_end_object(j);
}

void vg_json_diags(struct vg_json *j, const char *k, const struct vg_diags *d)
{
	vg_json_begin_array(j, k);
	for (uint32_t i = 0; i < d->count; i++) {
		const struct vg_diag *g = &d->items[i];
		vg_json_begin_object(j, NULL);
		vg_json_str(j, "severity", vg_diag_severity_name(g->severity));
		vg_json_str(j, "code", g->code);
		vg_json_str(j, "file", g->loc.file);
		vg_json_int(j, "line", g->loc.line);
		vg_json_int(j, "column", g->loc.col);
		vg_json_str(j, "message", g->message);
		vg_json_str(j, "text", g->text);
		vg_json_str(j, "suggestion", g->suggestion);
		vg_json_end_object(j);
	}
	vg_json_end_array(j);
}

void vg_json_failovers(struct vg_json *j, const char *k, const struct vg_cluster_node *nodes,
		       const struct vg_cluster_report *rep)
{
	vg_json_begin_array(j, k);
	for (uint32_t i = 0; rep && i < rep->count; i++) {
		const struct vg_cluster_failover *f = &rep->items[i];
		vg_json_begin_object(j, NULL);
		vg_json_str(j, "node", nodes[f->node].name);
		vg_json_str(j, "instance", f->instance->name);
		vg_json_str(j, "kind", f->kind);
		vg_json_str(j, "name", f->ref->name);
		vg_json_int(j, "weight", f->ref->weight_effective);
		vg_json_int(j, "line", f->ref->loc.line);
		vg_json_int(j, "priority", f->priority);
		vg_json_int(j, "failed_priority", f->failed_priority);
		vg_json_str(j, "backup_node", nodes[f->backup_node].name);
		vg_json_int(j, "backup_priority", f->backup_priority);
		vg_json_bool(j, "moves", f->moves);
		vg_json_end_object(j);
	}
	vg_json_end_array(j);
}
