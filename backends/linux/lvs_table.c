/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver's pure half (lvs_table.h): kernel dump <-> model, diff -> batch.
 */
#include "lvs_table.h"

#include <linux/ip_vs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"
#include "lvs/table_from_conf.h"
#include "lvs/ipvsadm_fmt.h"
#include "lvs/node.h"

enum vgd_lvs_stop vgd_lvs_flush_on_stop(const struct vg_conf_kv *kv, struct vg_diags *dg)
{
	if (!kv)
		return VGD_LVS_STOP_SERVICES;
	if (kv->args.count == 0)
		return VGD_LVS_STOP_FLUSH;
	if (!strcmp(kv->args.items[0], "VS"))
		return VGD_LVS_STOP_VS;
	vg_diags_add(dg, VG_DIAG_WARNING, &kv->loc, "lvs-flush-on-stop", NULL,
		     "Unknown lvs_flush_on_stop type %s: ignored, as keepalived 2.2.7 does (a stop removes the "
		     "configuration's virtual servers; no flush)", kv->args.items[0]);
	return VGD_LVS_STOP_SERVICES;
}

int vgd_lvs_table_empty(struct vg_lvs_table *t)
{
	int rc = vg_lvs_table_init(t, 1, 1);

	if (rc)
		return rc;
	return vg_lvs_table_sort(t);
}

int vgd_lvs_from_kernel(const struct vgl_ipvs_table *k, struct vg_lvs_table *out)
{
	size_t i, j;
	int rc;

	rc = vg_lvs_table_init(out, k->nsvc ? (uint32_t)k->nsvc : 1, k->ndest ? (uint32_t)k->ndest : 1);
	if (rc)
		return rc;
	for (i = 0; i < k->nsvc; i++) {
		const struct vgl_ipvs_table_service *ks = &k->svc[i];
		struct vg_lvs_tsvc s;
		int idx;

		memset(&s, 0, sizeof(s));
		s.key.family = ks->svc.addr.family;
		s.key.fwmark = ks->svc.fwmark;
		s.key.protocol = (uint8_t)ks->svc.protocol;
		if (!ks->svc.fwmark) {
			s.key.addr = ks->svc.addr;
			s.key.port = ks->svc.port;
		}
		memcpy(s.sched, ks->svc.sched_name, sizeof(ks->svc.sched_name));
		s.sched[sizeof(s.sched) - 1] = '\0';
		snprintf(s.pe_name, sizeof(s.pe_name), "%s", ks->svc.pe_name);
		s.flags = ks->svc.flags & ~VG_IPVS_SVC_F_HASHED;
		s.timeout_s = ks->svc.timeout_s;
		s.netmask = ks->svc.netmask;
		idx = vg_lvs_table_add_service(out, &s);
		if (idx < 0)
			return idx;
		for (j = ks->dest_first; j < ks->dest_first + ks->dest_count; j++) {
			const struct vgl_ipvs_dest *kd = &k->dest[j];
			struct vg_lvs_tdest d;

			memset(&d, 0, sizeof(d));
			d.svc = (uint32_t)idx;
			d.addr = kd->addr;
			d.port = kd->port;
			d.fwd = (uint8_t)(kd->fwd_method & 7u); /* IP_VS_CONN_F_FWD_MASK */
			d.tun_type = kd->tun_type;
			d.tun_port = kd->tun_port;
			d.tun_flags = kd->tun_flags;
			d.weight = (int32_t)kd->weight;
			d.u_threshold = kd->u_threshold;
			d.l_threshold = kd->l_threshold;
			rc = vg_lvs_table_add_dest(out, &d);
			if (rc)
				return rc;
		}
	}
	/* the kernel holds no duplicate keys: EEXIST cannot come back, but say so if it does */
	return vg_lvs_table_sort(out);
}

void vgd_lvs_svc_to_ipvs(const struct vg_lvs_tsvc *s, struct vgl_ipvs_service *out)
{
	memset(out, 0, sizeof(*out));
	out->addr = s->key.addr;
	out->addr.family = s->key.family;
	out->protocol = s->key.protocol;
	out->port = s->key.port;
	out->fwmark = s->key.fwmark;
	snprintf(out->sched_name, sizeof(out->sched_name), "%s", s->sched);
	memcpy(out->pe_name, s->pe_name, sizeof(out->pe_name) - 1); /* IP_VS_PENAME_MAXLEN */
	out->pe_name[sizeof(out->pe_name) - 1] = '\0';
	out->flags = s->flags & ~VG_IPVS_SVC_F_HASHED;
	out->flags_mask = ~0u;
	out->timeout_s = s->timeout_s;
	out->netmask = s->netmask;
}

void vgd_lvs_dest_to_ipvs(const struct vg_lvs_tdest *d, struct vgl_ipvs_dest *out)
{
	memset(out, 0, sizeof(*out));
	out->addr = d->addr;
	out->port = d->port;
	out->fwd_method = d->fwd;
	out->weight = d->weight < 0 ? 0u : (uint32_t)d->weight;
	out->u_threshold = d->u_threshold;
	out->l_threshold = d->l_threshold;
	out->tun_type = d->tun_type;
	out->tun_port = d->tun_port;
	out->tun_flags = d->tun_flags;
}

static bool key_is(const struct vg_lvs_vs_key *k, const struct vg_lvs_svc_key *s)
{
	if (k->family != s->family)
		return false;
	if (k->kind == VG_LVS_VS_FWMARK)
		return s->fwmark == k->fwmark;
	return !s->fwmark && k->port == s->port && !memcmp(k->addr.bytes, s->addr.bytes, sizeof(k->addr.bytes));
}

static const struct vg_lvs_conf_service *conf_service(const struct vg_lvs_conf_map *map,
						      const struct vg_lvs_svc_key *key)
{
	uint32_t i, k;

	for (i = 0; i < map->count; i++)
		for (k = map->svc[i].key_first; k < map->svc[i].key_first + map->svc[i].key_count; k++)
			if (key_is(&map->keys[k], key))
				return &map->svc[i];
	return NULL;
}

/* ---- a sorted index of a map's keys: one lookup per operation in O(log n) ---- */

struct key_ref {
	struct vg_lvs_svc_key key;
	const struct vg_lvs_conf_service *cs;
};

/* The key as both sides are compared: no protocol (a map key has none), address family set. */
static struct vg_lvs_svc_key norm_key(const struct vg_lvs_svc_key *k)
{
	struct vg_lvs_svc_key n = *k;

	n.protocol = 0;
	if (n.fwmark) {
		memset(&n.addr, 0, sizeof(n.addr));
		n.port = 0;
	}
	n.addr.family = n.family;
	return n;
}

static int key_ref_cmp(const void *a, const void *b)
{
	return vg_lvs_svc_key_cmp(&((const struct key_ref *)a)->key, &((const struct key_ref *)b)->key);
}

/* NULL when out of memory or the map is empty (the lookups then fall back to a scan). */
static struct key_ref *index_new(const struct vg_lvs_conf_map *map)
{
	struct key_ref *ix;
	uint32_t i, k, n = 0;

	if (!map || !map->key_count)
		return NULL;
	ix = calloc(map->key_count, sizeof(*ix));
	if (!ix)
		return NULL;
	for (i = 0; i < map->count; i++)
		for (k = map->svc[i].key_first; k < map->svc[i].key_first + map->svc[i].key_count; k++) {
			const struct vg_lvs_vs_key *vk = &map->keys[k];
			struct vg_lvs_svc_key sk = { 0 };

			if (n >= map->key_count)
				break;
			sk.family = vk->family;
			if (vk->kind == VG_LVS_VS_FWMARK) {
				sk.fwmark = vk->fwmark;
			} else {
				sk.addr = vk->addr;
				sk.port = vk->port;
			}
			ix[n].key = norm_key(&sk);
			ix[n].cs = &map->svc[i];
			n++;
		}
	qsort(ix, n, sizeof(*ix), key_ref_cmp);
	return ix;
}

static const struct vg_lvs_conf_service *index_find(const struct key_ref *ix, size_t n, const struct vg_lvs_svc_key *k)
{
	struct key_ref want = { .key = norm_key(k) };
	const struct key_ref *r = bsearch(&want, ix, n, sizeof(*ix), key_ref_cmp);

	return r ? r->cs : NULL;
}

static struct vgl_ipvs_tag tag_of(const struct vg_lvs_conf_service *cs, const struct vg_lvs_table *t, int64_t dest)
{
	struct vgl_ipvs_tag tag = { 0 };

	if (!cs)
		return tag;
	tag.obj = cs;
	if (cs->vs) {
		tag.file = cs->vs->loc.file;
		tag.line = cs->vs->loc.line;
	}
	if (dest >= 0 && (uint64_t)dest < t->dest_count) {
		const struct vg_lvs_tdest *d = &t->dest[dest];

		for (uint16_t i = 0; i < cs->cfg.rs_count; i++) {
			const struct vg_conf_real_server *rs = cs->rs ? cs->rs[i] : NULL;
			/* once the tree's real servers are gone (vg_lvs_conf_map_drop_tree): the mapped
			   address and the copied line and file */
			const struct vg_addr *a = rs ? &rs->addr : cs->rs_loc ? &cs->cfg.rs[i].addr : NULL;

			if (!a || a->family != d->addr.family || memcmp(a->bytes, d->addr.bytes, sizeof(d->addr.bytes)))
				continue;
			if (rs) {
				tag.obj = rs;
				tag.file = rs->loc.file;
				tag.line = rs->loc.line;
			} else {
				tag.obj = &cs->rs_loc[i];
				tag.file = cs->rs_files[cs->rs_loc[i].file];
				tag.line = cs->rs_loc[i].line;
			}
			break;
		}
	}
	return tag;
}

struct vgl_ipvs_tag vgd_lvs_tag(const struct vg_lvs_conf_map *map, const struct vg_lvs_table *t, uint32_t svc,
				int64_t dest)
{
	struct vgl_ipvs_tag none = { 0 };

	if (!map || svc >= t->svc_count)
		return none;
	return tag_of(conf_service(map, &t->svc[svc].key), t, dest);
}

int64_t vgd_lvs_queue_ops(struct vgl_ipvs_batch *b, const struct vg_lvs_table *cur, const struct vg_lvs_table *want,
			  const struct vg_lvs_ops *ops, const struct vg_lvs_conf_map *map,
			  const struct vg_lvs_conf_map *old_map)
{
	struct key_ref *ix = index_new(map), *old_ix = old_map == map ? ix : index_new(old_map);
	int64_t rc = (int64_t)ops->len;
	size_t i;

	for (i = 0; i < ops->len; i++) {
		const struct vg_lvs_op *op = &ops->v[i];
		bool del = op->kind == VG_LVS_OP_SVC_DEL || op->kind == VG_LVS_OP_DEST_DEL;
		const struct vg_lvs_table *t = del ? cur : want;
		const struct vg_lvs_conf_map *m = del ? old_map : map;
		const struct key_ref *x = del ? old_ix : ix;
		bool is_dest = op->kind >= VG_LVS_OP_DEST_ADD;
		int64_t di = is_dest ? (int64_t)op->dest : -1;
		struct vgl_ipvs_tag tag;
		struct vgl_ipvs_service s;
		struct vgl_ipvs_dest d;
		uint8_t cmd;
		int e;

		if (op->svc >= t->svc_count || (is_dest && op->dest >= t->dest_count)) {
			rc = VGL_IPVS_ERR_ARG;
			break;
		}
		tag = x ? tag_of(index_find(x, m->key_count, &t->svc[op->svc].key), t, di) : vgd_lvs_tag(m, t, op->svc, di);
		vgd_lvs_svc_to_ipvs(&t->svc[op->svc], &s);
		switch (op->kind) {
		case VG_LVS_OP_SVC_ADD: cmd = IPVS_CMD_NEW_SERVICE; break;
		case VG_LVS_OP_SVC_EDIT: cmd = IPVS_CMD_SET_SERVICE; break;
		case VG_LVS_OP_SVC_DEL: cmd = IPVS_CMD_DEL_SERVICE; break;
		case VG_LVS_OP_DEST_ADD: cmd = IPVS_CMD_NEW_DEST; break;
		case VG_LVS_OP_DEST_EDIT: cmd = IPVS_CMD_SET_DEST; break;
		default: cmd = IPVS_CMD_DEL_DEST; break;
		}
		if (is_dest) {
			vgd_lvs_dest_to_ipvs(&t->dest[op->dest], &d);
			e = vgl_ipvs_batch_dest(b, cmd, &s, &d, &tag);
		} else {
			e = vgl_ipvs_batch_service(b, cmd, &s, &tag);
		}
		if (e) {
			rc = e;
			break;
		}
	}
	if (old_ix != ix)
		free(old_ix);
	free(ix);
	return rc;
}

int vgd_lvs_table_all(const struct vg_lvs_conf_map *map, struct vg_lvs_table *out)
{
	struct vg_lvs_service *all = vg_lvs_node_services_alloc(map);
	uint32_t nsvc = 1, ndest = 1;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!all)
		return VG_LVS_ENOMEM;
	for (uint32_t i = 0; i < map->count; i++) {
		nsvc += map->svc[i].key_count;
		ndest += map->svc[i].key_count * (map->svc[i].cfg.rs_count + 1u);
	}
	if (vg_lvs_table_init(out, nsvc, ndest)) {
		free(all);
		return VG_LVS_ENOMEM;
	}
	for (uint32_t i = 0; i < map->count && !rc; i++) {
		const struct vg_lvs_service_config *cfg = &map->svc[i].cfg;
		struct vg_lvs_service *st = &all[i];

		vg_lvs_service_init(st, cfg);
		st->started = st->quorum_up = true;
		for (uint16_t r = 0; r < cfg->rs_count; r++)
			st->rs[r] = (struct vg_lvs_rs_state){ .alive = true, .set = true,
							      .effective_weight = cfg->rs[r].weight };
		st->sorry = (struct vg_lvs_rs_state){ .alive = true, .set = cfg->has_sorry,
						      .effective_weight = cfg->sorry.weight };
		rc = vg_lvs_table_put_service(out, map, &map->svc[i], st);
	}
	free(all);
	vg_lvs_table_sort(out); /* two services on one key: the table_from_conf error was reported */
	return rc;
}

const struct vg_lvs_tdest *vgd_lvs_table_dest(const struct vg_lvs_table *t, int64_t svc, const struct vg_addr *addr,
					      uint16_t port)
{
	if (svc < 0 || (uint64_t)svc >= t->svc_count)
		return NULL;
	for (uint32_t i = t->svc[svc].dest_first; i < t->svc[svc].dest_first + t->svc[svc].dest_count; i++)
		if (t->dest[i].port == port && vg_addr_eq(&t->dest[i].addr, addr))
			return &t->dest[i];
	return NULL;
}

/* The whole table again (a key of part not in w, or w not sorted): O(n log n). */
static int replace_rebuild(struct vg_lvs_table *w, const struct vg_lvs_table *part)
{
	struct vg_lvs_table nt = { 0 };
	uint32_t extra = part->dest_count;

	if (vg_lvs_table_init(&nt, w->svc_count ? w->svc_count : 1, w->dest_count + extra + 1))
		return -1;
	for (uint32_t i = 0; i < w->svc_count; i++) {
		int64_t p = vg_lvs_table_find(part, &w->svc[i].key);
		int idx = vg_lvs_table_add_service(&nt, &w->svc[i]);
		const struct vg_lvs_table *src = p >= 0 ? part : w;
		uint32_t si = p >= 0 ? (uint32_t)p : i;

		if (idx < 0)
			goto fail;
		for (uint32_t d = src->svc[si].dest_first; d < src->svc[si].dest_first + src->svc[si].dest_count; d++) {
			struct vg_lvs_tdest td = src->dest[d];

			td.svc = (uint32_t)idx;
			if (vg_lvs_table_add_dest(&nt, &td))
				goto fail;
		}
	}
	if (vg_lvs_table_sort(&nt) < 0)
		goto fail;
	vg_lvs_table_free(w);
	*w = nt;
	return 0;
fail:
	vg_lvs_table_free(&nt);
	return -1;
}

/* Where service i's destinations start (or would) in sorted w: the first destination of a service >= i. */
static uint32_t dest_pos(const struct vg_lvs_table *w, uint32_t i)
{
	uint32_t lo = 0, hi = w->dest_count;

	if (w->svc[i].dest_count)
		return w->svc[i].dest_first;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (w->dest[mid].svc < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Service i of sorted w takes the destinations of service p of sorted part,
 * in place: the same count overwrites its range; another count moves the
 * destinations after it (one memmove) and shifts the later services'
 * ranges. The order stays the one vg_lvs_table_sort gives (by service, then
 * address and port: part's range is in that order). 0 or -1 (out of memory).
 */
static int splice(struct vg_lvs_table *w, uint32_t i, const struct vg_lvs_table *part, uint32_t p)
{
	uint32_t first = dest_pos(w, i), oc = w->svc[i].dest_count, nc = part->svc[p].dest_count;

	if (nc != oc) {
		uint32_t count = w->dest_count - oc + nc;

		if (count > w->dest_max) {
			uint32_t max = count + count / 2 + 1;
			struct vg_lvs_tdest *d = realloc(w->dest, (size_t)max * sizeof(*d));

			if (!d)
				return -1;
			w->dest = d;
			w->dest_max = max;
		}
		memmove(&w->dest[first + nc], &w->dest[first + oc], (size_t)(w->dest_count - first - oc) * sizeof(*w->dest));
		w->dest_count = count;
		for (uint32_t j = i + 1; j < w->svc_count; j++)
			if (w->svc[j].dest_count)
				w->svc[j].dest_first = w->svc[j].dest_first - oc + nc;
	}
	for (uint32_t k = 0; k < nc; k++) {
		w->dest[first + k] = part->dest[part->svc[p].dest_first + k];
		w->dest[first + k].svc = i;
	}
	w->svc[i].dest_first = nc ? first : 0; /* as vg_lvs_table_sort leaves an empty service */
	w->svc[i].dest_count = nc;
	return 0;
}

int vgd_lvs_table_replace(struct vg_lvs_table *w, const struct vg_lvs_table *part)
{
	if (!w->sorted || !part->sorted)
		return replace_rebuild(w, part);
	for (uint32_t p = 0; p < part->svc_count; p++)
		if (vg_lvs_table_find(w, &part->svc[p].key) < 0)
			return replace_rebuild(w, part); /* a service w lacks: w's services stay (as before) */
	for (uint32_t p = 0; p < part->svc_count; p++)
		if (splice(w, (uint32_t)vg_lvs_table_find(w, &part->svc[p].key), part, p))
			return -1;
	return 0;
}

int vgd_lvs_table_put(struct vg_lvs_table *w, const struct vg_lvs_conf_map *map, uint32_t svc,
		      const struct vg_lvs_service *st)
{
	const struct vg_lvs_conf_service *cs = &map->svc[svc];
	struct vg_lvs_table part = { 0 };
	int rc = -1;

	if (!vg_lvs_table_init(&part, cs->key_count, (uint32_t)cs->key_count * (cs->cfg.rs_count + 1u)) &&
	    !vg_lvs_table_put_service(&part, map, cs, st) && vg_lvs_table_sort(&part) >= 0)
		rc = vgd_lvs_table_replace(w, &part);
	vg_lvs_table_free(&part);
	return rc;
}

void vgd_lvs_owned_path(const char *pid_file, char *buf, size_t len)
{
	size_t n = strlen(pid_file);

	if (n >= 4 && !strcmp(pid_file + n - 4, ".pid"))
		n -= 4;
	snprintf(buf, len, "%.*s.ipvs", (int)n, pid_file);
}

char *vgd_lvs_owned_text(const struct vg_lvs_table *t)
{
	struct vg_lvs_table s;
	char *buf = NULL;
	int64_t need;

	if (vg_lvs_table_init(&s, t->svc_count, 1))
		return NULL;
	for (uint32_t i = 0; i < t->svc_count; i++)
		vg_lvs_table_add_service(&s, &t->svc[i]);
	vg_lvs_table_sort(&s);
	need = vg_lvs_ipvsadm_save(&s, NULL, 0);
	if (need >= 0)
		buf = malloc((size_t)need + 1);
	if (buf)
		vg_lvs_ipvsadm_save(&s, buf, (size_t)need + 1);
	vg_lvs_table_free(&s);
	return buf;
}

/* "-A -t 192.0.2.1:80 ...", "-A -u [2001:db8::1]:53 ...", "-A --sctp-service ...", "-A -f 7 [-6] ..." */
static int owned_line(const char *line, size_t len, struct vg_lvs_tsvc *s)
{
	char buf[256], *tok[4] = { 0 }, *save = NULL, *colon;
	struct vg_lvs_svc_key key = { 0 };
	int n = 0;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, line, len);
	buf[len] = 0;
	for (char *t = strtok_r(buf, " \t", &save); t && n < 4; t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	if (n < 3 || strcmp(tok[0], "-A"))
		return -1;
	if (!strcmp(tok[1], "-f")) {
		char *end;
		unsigned long m = strtoul(tok[2], &end, 10);

		if (*end || m == 0 || m > UINT32_MAX)
			return -1;
		key.fwmark = (uint32_t)m;
		key.family = tok[3] && !strcmp(tok[3], "-6") ? VG_AF_INET6 : VG_AF_INET;
	} else {
		char *addr = tok[2], *end;
		unsigned long port;

		key.protocol = !strcmp(tok[1], "-t") ? 6 : !strcmp(tok[1], "-u") ? 17 : !strcmp(tok[1], "--sctp-service") ? 132 : 0;
		colon = strrchr(addr, ':');
		if (!key.protocol || !colon)
			return -1;
		*colon = 0;
		if (addr[0] == '[') {
			size_t l = strlen(addr);

			if (l < 2 || addr[l - 1] != ']')
				return -1;
			addr[l - 1] = 0;
			addr++;
		}
		port = strtoul(colon + 1, &end, 10);
		if (*end || colon[1] == 0 || port > 65535 || vg_addr_parse(addr, &key.addr))
			return -1;
		key.family = key.addr.family;
		key.port = (uint16_t)port;
	}
	vg_lvs_tsvc_defaults(s, &key);
	return 0;
}

int vgd_lvs_owned_parse(const char *text, struct vg_lvs_table *out, uint32_t *bad_line)
{
	uint32_t lines = 0, no = 0;
	const char *p;
	int rc;

	for (p = text; *p; p++)
		lines += *p == '\n';
	rc = vg_lvs_table_init(out, lines + 1, 1);
	if (rc)
		return rc;
	for (p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		struct vg_lvs_tsvc s;

		no++;
		if (len >= 3 && !strncmp(p, "-A ", 3)) {
			if (owned_line(p, len, &s) || vg_lvs_table_add_service(out, &s) < 0) {
				if (bad_line)
					*bad_line = no;
				return VG_LVS_EINVAL;
			}
		}
		p += len + (e != NULL);
	}
	vg_lvs_table_sort(out);
	return 0;
}
