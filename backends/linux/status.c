/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the status snapshot (status.h): rows, the JSON document, the table.
 */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/action.h"

/* ---- the buffer ---------------------------------------------------------------- */

void vgd_buf_init(struct vgd_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void vgd_buf_free(struct vgd_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static bool buf_reserve(struct vgd_buf *b, size_t n)
{
	size_t want = b->len + n + 1, cap;
	char *p;

	if (b->overflow)
		return false;
	if (want > b->max) {
		b->overflow = true;
		return false;
	}
	if (want <= b->cap)
		return true;
	cap = b->cap ? b->cap : 4096;
	while (cap < want)
		cap *= 2;
	if (cap > b->max)
		cap = b->max;
	p = realloc(b->p, cap);
	if (!p) {
		b->overflow = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void vgd_buf_append(struct vgd_buf *b, const void *data, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = 0;
}

void vgd_buf_printf(struct vgd_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* ---- rows ------------------------------------------------------------------------ */

void vgd_status_init(struct vgd_status *st, vg_time now, uint64_t real_ns)
{
	memset(st, 0, sizeof(*st));
	st->now = now;
	st->real_ns = real_ns;
}

void vgd_status_free(struct vgd_status *st)
{
	free(st->inst);
	free(st->group);
	free(st->vs);
	free(st->rs);
	memset(st, 0, sizeof(*st));
}

/* Room for one more row of size `sz` in *arr (count n, capacity c): the new zeroed row or NULL. */
static void *row_add(struct vgd_status *st, void **arr, uint32_t *n, uint32_t *c, size_t sz)
{
	char *p;

	if (*n == *c) {
		uint32_t nc = *c ? *c * 2 : 16;
		void *q;

		if (*n >= VGD_STATUS_ROWS_MAX || !(q = realloc(*arr, (size_t)nc * sz))) {
			st->truncated++;
			return NULL;
		}
		*arr = q;
		*c = nc;
	}
	p = (char *)*arr + (size_t)(*n)++ * sz;
	memset(p, 0, sz);
	return p;
}

struct vgd_status_instance *vgd_status_add_instance(struct vgd_status *st)
{
	return row_add(st, (void **)&st->inst, &st->ninst, &st->cinst, sizeof(*st->inst));
}

struct vgd_status_group *vgd_status_add_group(struct vgd_status *st)
{
	return row_add(st, (void **)&st->group, &st->ngroup, &st->cgroup, sizeof(*st->group));
}

struct vgd_status_vs *vgd_status_add_vs(struct vgd_status *st)
{
	struct vgd_status_vs *v = row_add(st, (void **)&st->vs, &st->nvs, &st->cvs, sizeof(*st->vs));

	if (v)
		v->rs_first = st->nrs;
	return v;
}

struct vgd_status_rs *vgd_status_add_rs(struct vgd_status *st)
{
	struct vgd_status_rs *r;

	if (!st->nvs) {
		st->truncated++;
		return NULL;
	}
	r = row_add(st, (void **)&st->rs, &st->nrs, &st->crs, sizeof(*st->rs));
	if (r)
		st->vs[st->nvs - 1].rs_count++;
	return r;
}

struct vgd_status_rs *vgd_status_rs_find(struct vgd_status *st, const char *vs, const char *rs)
{
	uint32_t i, k;

	for (i = 0; i < st->nvs; i++) {
		if (strcmp(st->vs[i].name, vs))
			continue;
		for (k = st->vs[i].rs_first; k < st->vs[i].rs_first + st->vs[i].rs_count; k++)
			if (!strcmp(st->rs[k].name, rs))
				return &st->rs[k];
	}
	return NULL;
}

uint64_t vgd_status_unix(const struct vgd_status *st, vg_time t)
{
	if (t == VG_TIME_NEVER || t == 0 || t > st->now || st->now - t > st->real_ns)
		return 0;
	return st->real_ns - (st->now - t);
}

void vgd_status_endpoint(const struct vg_addr *a, uint16_t port, char *out, size_t n)
{
	char s[VG_ADDR_STRLEN];

	vg_addr_format(a, s, sizeof(s));
	if (a->family == VG_AF_INET6)
		snprintf(out, n, "[%s]:%u", s, port);
	else
		snprintf(out, n, "%s:%u", s, port);
}

void vgd_status_service(const struct vg_addr *a, uint16_t port, uint8_t protocol, uint32_t fwmark, char *out,
			size_t n)
{
	char ep[VGD_STATUS_ENDPOINT_MAX];

	if (fwmark) {
		snprintf(out, n, "fwmark %u/%s", fwmark, a->family == VG_AF_INET6 ? "ipv6" : "ipv4");
		return;
	}
	vgd_status_endpoint(a, port, ep, sizeof(ep));
	snprintf(out, n, "%s/%s", ep, protocol == 6 ? "tcp" : protocol == 17 ? "udp" : protocol == 132 ? "sctp" : "?");
}

/* ---- JSON ------------------------------------------------------------------------ */

static const char *state_name(uint8_t s)
{
	return s < VG_STATE__COUNT ? vg_vrrp_state_name((enum vg_vrrp_state)s) : "?";
}

static void jstr(struct vgd_buf *b, const char *s)
{
	vgd_buf_append(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			vgd_buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			vgd_buf_printf(b, "\\u%04x", c);
		else
			vgd_buf_append(b, s, 1);
	}
	vgd_buf_append(b, "\"", 1);
}

/* "key": with a comma before it unless first */
static void jkey(struct vgd_buf *b, bool *first, const char *k)
{
	if (!*first)
		vgd_buf_append(b, ",", 1);
	*first = false;
	jstr(b, k);
	vgd_buf_append(b, ":", 1);
}

static void jkstr(struct vgd_buf *b, bool *first, const char *k, const char *v)
{
	jkey(b, first, k);
	if (v)
		jstr(b, v);
	else
		vgd_buf_printf(b, "null");
}

static void jkuint(struct vgd_buf *b, bool *first, const char *k, uint64_t v)
{
	jkey(b, first, k);
	vgd_buf_printf(b, "%llu", (unsigned long long)v);
}

static void jkbool(struct vgd_buf *b, bool *first, const char *k, bool v)
{
	jkey(b, first, k);
	vgd_buf_printf(b, "%s", v ? "true" : "false");
}

/* Unix ns as seconds with microseconds; 0 is null. */
static void jktime(struct vgd_buf *b, bool *first, const char *k, uint64_t t)
{
	jkey(b, first, k);
	if (t)
		vgd_buf_printf(b, "%llu.%06llu", (unsigned long long)(t / 1000000000u),
			       (unsigned long long)(t % 1000000000u / 1000u));
	else
		vgd_buf_printf(b, "null");
}

static void json_transition(struct vgd_buf *b, bool *first, uint8_t from, uint8_t to, int why, uint64_t at)
{
	bool f = true;

	jkey(b, first, "last_transition");
	if (!at) {
		vgd_buf_printf(b, "null");
		return;
	}
	vgd_buf_append(b, "{", 1);
	jkstr(b, &f, "from", state_name(from));
	jkstr(b, &f, "to", state_name(to));
	if (why >= 0)
		jkstr(b, &f, "reason", vg_vrrp_why_name((enum vg_vrrp_why)why));
	jktime(b, &f, "time", at);
	vgd_buf_append(b, "}", 1);
}

static void json_instance(struct vgd_buf *b, const struct vgd_status_instance *in)
{
	bool f = true, g;
	int r;

	vgd_buf_append(b, "{", 1);
	jkstr(b, &f, "name", in->name);
	jkstr(b, &f, "interface", in->iface);
	jkstr(b, &f, "sync_group", in->group[0] ? in->group : NULL);
	jkuint(b, &f, "vrid", in->vrid);
	jkuint(b, &f, "version", in->version);
	jkstr(b, &f, "family", in->family == 6 ? "ipv6" : "ipv4");
	jkstr(b, &f, "state", state_name(in->state));
	jkuint(b, &f, "base_priority", in->base_priority);
	jkuint(b, &f, "effective_priority", in->effective_priority);
	jkey(b, &f, "master");
	if (in->master[0]) {
		g = true;
		vgd_buf_append(b, "{", 1);
		jkstr(b, &g, "address", in->master);
		jkuint(b, &g, "priority", in->master_priority);
		jkbool(b, &g, "self", in->state == VG_STATE_MASTER);
		vgd_buf_append(b, "}", 1);
	} else {
		vgd_buf_printf(b, "null");
	}
	jkbool(b, &f, "vips_installed", in->vips_installed);
	jkuint(b, &f, "vips", in->vip_count);
	json_transition(b, &f, in->last_from, in->last_to, in->last_why, in->last_at_unix_ns);
	jkey(b, &f, "adverts");
	g = true;
	vgd_buf_append(b, "{", 1);
	jkuint(b, &g, "received", in->adverts_rx);
	jkuint(b, &g, "sent", in->adverts_tx);
	jkuint(b, &g, "priority_zero_received", in->prio0_rx);
	jkuint(b, &g, "priority_zero_sent", in->prio0_tx);
	vgd_buf_append(b, "}", 1);
	jkuint(b, &f, "became_master", in->became_master);
	jkuint(b, &f, "released_master", in->released_master);
	jkey(b, &f, "drops");
	g = true;
	vgd_buf_append(b, "{", 1);
	for (r = 1; r < VG_DROP__COUNT; r++)
		jkuint(b, &g, vg_vrrp_drop_name((enum vg_vrrp_drop)r), in->drops[r]);
	vgd_buf_append(b, "}}", 2);
}

static const char *check_name(uint8_t c)
{
	return c == VGD_CHECK_UP ? "up" : c == VGD_CHECK_DOWN ? "down" : NULL;
}

static void json_rs(struct vgd_buf *b, const struct vgd_status_rs *r)
{
	bool f = true, g = true;

	vgd_buf_append(b, "{", 1);
	jkstr(b, &f, "name", r->name);
	jkbool(b, &f, "in", r->in);
	jkbool(b, &f, "in_kernel", r->in_kernel);
	jkey(b, &f, "weight");
	vgd_buf_printf(b, "%d", (int)r->weight);
	jkuint(b, &f, "active_connections", r->active_conns);
	jkuint(b, &f, "inactive_connections", r->inact_conns);
	jkuint(b, &f, "connections", r->conns);
	jkuint(b, &f, "bytes_in", r->inbytes);
	jkuint(b, &f, "bytes_out", r->outbytes);
	jkey(b, &f, "check");
	vgd_buf_append(b, "{", 1);
	jkstr(b, &g, "result", check_name(r->check));
	jkstr(b, &g, "kind", r->check_kind[0] ? r->check_kind : NULL);
	jkey(b, &g, "latency_ms");
	if (r->check_at_unix_ns)
		vgd_buf_printf(b, "%llu.%03llu", (unsigned long long)(r->check_latency_us / 1000),
			       (unsigned long long)(r->check_latency_us % 1000));
	else
		vgd_buf_printf(b, "null");
	jktime(b, &g, "time", r->check_at_unix_ns);
	vgd_buf_append(b, "}", 1);
	jktime(b, &f, "down_since", r->down_since_unix_ns);
	vgd_buf_append(b, "}", 1);
}

int vgd_status_json(const struct vgd_status *st, struct vgd_buf *b)
{
	bool f = true, g, h;
	uint32_t i, k;

	vgd_buf_append(b, "{", 1);
	jkuint(b, &f, "schema", VGD_STATUS_SCHEMA);
	jkey(b, &f, "vigild");
	g = true;
	vgd_buf_append(b, "{", 1);
	jkstr(b, &g, "version", st->version);
	jkuint(b, &g, "pid", (uint64_t)st->pid);
	jkstr(b, &g, "config", st->conf);
	jktime(b, &g, "time", st->real_ns);
	vgd_buf_append(b, "}", 1);
	jkey(b, &f, "vrrp");
	vgd_buf_printf(b, "{\"instances\":[");
	for (i = 0; i < st->ninst; i++) {
		if (i)
			vgd_buf_append(b, ",", 1);
		json_instance(b, &st->inst[i]);
	}
	vgd_buf_printf(b, "],\"sync_groups\":[");
	for (i = 0; i < st->ngroup; i++) {
		const struct vgd_status_group *gr = &st->group[i];

		g = true;
		vgd_buf_printf(b, "%s{", i ? "," : "");
		jkstr(b, &g, "name", gr->name);
		jkstr(b, &g, "state", state_name(gr->state));
		jkuint(b, &g, "members", gr->members);
		json_transition(b, &g, gr->last_from, gr->last_to, -1, gr->last_at_unix_ns);
		vgd_buf_append(b, "}", 1);
	}
	vgd_buf_printf(b, "]}");
	jkey(b, &f, "lvs");
	g = true;
	vgd_buf_append(b, "{", 1);
	jkbool(b, &g, "configured", st->lvs_configured);
	jkbool(b, &g, "ipvs_available", st->ipvs_available);
	jkstr(b, &g, "note", st->ipvs_note[0] ? st->ipvs_note : NULL);
	jkey(b, &g, "virtual_servers");
	vgd_buf_append(b, "[", 1);
	for (i = 0; i < st->nvs; i++) {
		const struct vgd_status_vs *v = &st->vs[i];

		h = true;
		vgd_buf_printf(b, "%s{", i ? "," : "");
		jkstr(b, &h, "name", v->name);
		jkstr(b, &h, "scheduler", v->sched);
		jkbool(b, &h, "in_kernel", v->in_kernel);
		jkuint(b, &h, "connections", v->conns);
		jkuint(b, &h, "packets_in", v->inpkts);
		jkuint(b, &h, "packets_out", v->outpkts);
		jkuint(b, &h, "bytes_in", v->inbytes);
		jkuint(b, &h, "bytes_out", v->outbytes);
		jkey(b, &h, "real_servers");
		vgd_buf_append(b, "[", 1);
		for (k = 0; k < v->rs_count; k++) {
			if (k)
				vgd_buf_append(b, ",", 1);
			json_rs(b, &st->rs[v->rs_first + k]);
		}
		vgd_buf_append(b, "]}", 2);
	}
	vgd_buf_append(b, "]}", 2);
	jkuint(b, &f, "truncated", st->truncated);
	vgd_buf_append(b, "}\n", 2);
	return b->overflow ? -1 : 0;
}

/* ---- the table ----------------------------------------------------------------- */

#define COLS_MAX 12
#define CELL_MAX 160

/* A table is built row by row, then printed with each column as wide as its widest cell. */
struct table {
	uint32_t ncols, nrows, cap;
	char (*cell)[COLS_MAX][CELL_MAX];
	bool oom;
};

static void table_row(struct table *t, const char *const *cells)
{
	uint32_t c;

	if (t->nrows == t->cap) {
		uint32_t nc = t->cap ? t->cap * 2 : 16;
		void *p = realloc(t->cell, (size_t)nc * sizeof(*t->cell));

		if (!p) {
			t->oom = true;
			return;
		}
		t->cell = p;
		t->cap = nc;
	}
	for (c = 0; c < t->ncols; c++)
		snprintf(t->cell[t->nrows][c], CELL_MAX, "%s", cells[c] ? cells[c] : "");
	t->nrows++;
}

static void table_print(struct table *t, struct vgd_buf *b)
{
	size_t w[COLS_MAX] = { 0 };
	uint32_t r, c;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if (strlen(t->cell[r][c]) > w[c])
				w[c] = strlen(t->cell[r][c]);
	for (r = 0; r < t->nrows; r++) {
		size_t end = b->len;

		for (c = 0; c < t->ncols; c++) {
			vgd_buf_printf(b, "%s", t->cell[r][c]);
			if (t->cell[r][c][0])
				end = b->len;
			if (c + 1 < t->ncols)
				vgd_buf_printf(b, "%*s", (int)(w[c] - strlen(t->cell[r][c]) + 2), "");
		}
		/* no trailing blanks */
		if (!b->overflow) {
			b->len = end;
			b->p[b->len] = 0;
		}
		vgd_buf_append(b, "\n", 1);
	}
	free(t->cell);
	t->cell = NULL;
	t->nrows = t->cap = 0;
}

/* "45s", "2m13s", "3h02m", "4d03h" */
static void age(const struct vgd_status *st, uint64_t at, char *out, size_t n)
{
	uint64_t s;

	if (!at) {
		snprintf(out, n, "-");
		return;
	}
	s = at >= st->real_ns ? 0 : (st->real_ns - at) / 1000000000u;
	if (s < 60)
		snprintf(out, n, "%llus ago", (unsigned long long)s);
	else if (s < 3600)
		snprintf(out, n, "%llum%02llus ago", (unsigned long long)(s / 60), (unsigned long long)(s % 60));
	else if (s < 86400)
		snprintf(out, n, "%lluh%02llum ago", (unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60));
	else
		snprintf(out, n, "%llud%02lluh ago", (unsigned long long)(s / 86400),
			 (unsigned long long)(s / 3600 % 24));
}

static void transition(const struct vgd_status *st, uint8_t from, uint8_t to, int why, uint64_t at, char *out,
		       size_t n)
{
	char a[32];

	if (!at) {
		snprintf(out, n, "-");
		return;
	}
	age(st, at, a, sizeof(a));
	if (why >= 0)
		snprintf(out, n, "%s->%s (%s) %s", state_name(from), state_name(to),
			 vg_vrrp_why_name((enum vg_vrrp_why)why), a);
	else
		snprintf(out, n, "%s->%s %s", state_name(from), state_name(to), a);
}

static void drops(const struct vgd_status_instance *in, char *out, size_t n)
{
	size_t len = 0;
	int r;

	out[0] = 0;
	for (r = 1; r < VG_DROP__COUNT && len < n; r++)
		if (in->drops[r])
			len += (size_t)snprintf(out + len, n - len, "%s%s=%llu", len ? " " : "",
						vg_vrrp_drop_name((enum vg_vrrp_drop)r), (unsigned long long)in->drops[r]);
	if (!out[0])
		snprintf(out, n, "-");
}

static void table_vrrp(const struct vgd_status *st, struct vgd_buf *b)
{
	static const char *const head[] = { "INSTANCE", "STATE", "PRIO", "MASTER", "VRID", "IFACE",
					    "LAST TRANSITION", "ADVERTS RX/TX", "DROPS" };
	struct table t = { .ncols = 9 };
	uint32_t i;

	table_row(&t, head);
	for (i = 0; i < st->ninst; i++) {
		const struct vgd_status_instance *in = &st->inst[i];
		char prio[16], master[80], vrid[8], last[96], adv[48], dr[CELL_MAX];
		const char *row[9];

		if (in->effective_priority == in->base_priority)
			snprintf(prio, sizeof(prio), "%u", in->effective_priority);
		else
			snprintf(prio, sizeof(prio), "%u (base %u)", in->effective_priority, in->base_priority);
		if (!in->master[0])
			snprintf(master, sizeof(master), "-");
		else if (in->state == VG_STATE_MASTER)
			snprintf(master, sizeof(master), "%s (this node)", in->master);
		else
			snprintf(master, sizeof(master), "%s prio %u", in->master, in->master_priority);
		snprintf(vrid, sizeof(vrid), "%u", in->vrid);
		transition(st, in->last_from, in->last_to, in->last_why, in->last_at_unix_ns, last, sizeof(last));
		snprintf(adv, sizeof(adv), "%llu/%llu", (unsigned long long)in->adverts_rx,
			 (unsigned long long)in->adverts_tx);
		drops(in, dr, sizeof(dr));
		row[0] = in->name;
		row[1] = state_name(in->state);
		row[2] = prio;
		row[3] = master;
		row[4] = vrid;
		row[5] = in->iface;
		row[6] = last;
		row[7] = adv;
		row[8] = dr;
		table_row(&t, row);
	}
	table_print(&t, b);
}

static void table_groups(const struct vgd_status *st, struct vgd_buf *b)
{
	static const char *const head[] = { "SYNC GROUP", "STATE", "MEMBERS", "LAST TRANSITION" };
	struct table t = { .ncols = 4 };
	uint32_t i;

	table_row(&t, head);
	for (i = 0; i < st->ngroup; i++) {
		const struct vgd_status_group *g = &st->group[i];
		char members[16], last[96];
		const char *row[4] = { g->name, state_name(g->state), members, last };

		snprintf(members, sizeof(members), "%u", g->members);
		transition(st, g->last_from, g->last_to, -1, g->last_at_unix_ns, last, sizeof(last));
		table_row(&t, row);
	}
	table_print(&t, b);
}

static void table_lvs(const struct vgd_status *st, struct vgd_buf *b)
{
	static const char *const head[] = { "VIRTUAL SERVER / REAL SERVER", "STATE", "WEIGHT", "CONNS ACT/INACT",
					    "CONNS TOTAL", "BYTES IN/OUT", "CHECK", "LATENCY" };
	struct table t = { .ncols = 8 };
	uint32_t i, k;

	table_row(&t, head);
	for (i = 0; i < st->nvs; i++) {
		const struct vgd_status_vs *v = &st->vs[i];
		char total[24], bytes[48];
		const char *row[8] = { v->name, v->in_kernel || !st->ipvs_available ? v->sched : "not in kernel", "", "", total,
				       bytes, "", "" };

		snprintf(total, sizeof(total), "%llu", (unsigned long long)v->conns);
		snprintf(bytes, sizeof(bytes), "%llu/%llu", (unsigned long long)v->inbytes,
			 (unsigned long long)v->outbytes);
		if (!st->ipvs_available)
			row[4] = row[5] = "-";
		table_row(&t, row);
		for (k = 0; k < v->rs_count; k++) {
			const struct vgd_status_rs *r = &st->rs[v->rs_first + k];
			char name[VGD_STATUS_ENDPOINT_MAX + 4], w[16], act[32], rt[24], rb[48], chk[64], lat[48];
			const char *rrow[8] = { name, r->in ? "in" : "out", w, act, rt, rb, chk, lat };

			snprintf(name, sizeof(name), "  %s", r->name);
			snprintf(w, sizeof(w), "%d", (int)r->weight);
			snprintf(act, sizeof(act), "%u/%u", r->active_conns, r->inact_conns);
			snprintf(rt, sizeof(rt), "%llu", (unsigned long long)r->conns);
			snprintf(rb, sizeof(rb), "%llu/%llu", (unsigned long long)r->inbytes,
				 (unsigned long long)r->outbytes);
			if (!st->ipvs_available) {
				rrow[1] = "?";
				rrow[3] = rrow[4] = rrow[5] = "-";
			}
			if (r->check == VGD_CHECK_NONE) {
				snprintf(chk, sizeof(chk), "-");
				snprintf(lat, sizeof(lat), "-");
			} else {
				char a[32];

				age(st, r->check_at_unix_ns, a, sizeof(a));
				snprintf(chk, sizeof(chk), "%s %s %s", r->check_kind[0] ? r->check_kind : "check",
					 check_name(r->check), a);
				snprintf(lat, sizeof(lat), "%llu.%03llu ms", (unsigned long long)(r->check_latency_us / 1000),
					 (unsigned long long)(r->check_latency_us % 1000));
			}
			table_row(&t, rrow);
		}
	}
	table_print(&t, b);
}

int vgd_status_table(const struct vgd_status *st, struct vgd_buf *b)
{
	vgd_buf_printf(b, "vigild %s, pid %ld, %s\n\n", st->version ? st->version : "?", st->pid,
		       st->conf ? st->conf : "?");
	if (st->ninst)
		table_vrrp(st, b);
	else
		vgd_buf_printf(b, "No VRRP instances.\n");
	if (st->ngroup) {
		vgd_buf_append(b, "\n", 1);
		table_groups(st, b);
	}
	if (st->lvs_configured || st->nvs) {
		vgd_buf_append(b, "\n", 1);
		if (!st->ipvs_available)
			vgd_buf_printf(b, "IPVS: %s: no kernel counters\n", st->ipvs_note[0] ? st->ipvs_note : "unavailable");
		table_lvs(st, b);
	}
	if (st->truncated)
		vgd_buf_printf(b, "\n(%u rows left out: out of memory)\n", st->truncated);
	return b->overflow ? -1 : 0;
}
