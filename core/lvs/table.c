// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the IPVS table model and its diff (see table.h).
 *
 * Sorting keeps one canonical order, so the diff is a merge of two sorted
 * lists: services first, then within each service present in both tables
 * the two sorted destination ranges. Linear in the size of the tables.
 */
#include "lvs/table.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lvs/sched.h"

int vg_lvs_table_init(struct vg_lvs_table *t, uint32_t svc_max, uint32_t dest_max)
{
	memset(t, 0, sizeof(*t));
	t->svc = calloc(svc_max ? svc_max : 1, sizeof(*t->svc));
	t->dest = calloc(dest_max ? dest_max : 1, sizeof(*t->dest));
	t->map = calloc(svc_max ? svc_max : 1, sizeof(*t->map));
	if (!t->svc || !t->dest || !t->map) {
		vg_lvs_table_free(t);
		return VG_LVS_ENOMEM;
	}
	t->svc_max = svc_max;
	t->dest_max = dest_max;
	t->sorted = true;
	return 0;
}

void vg_lvs_table_free(struct vg_lvs_table *t)
{
	free(t->svc);
	free(t->dest);
	free(t->map);
	memset(t, 0, sizeof(*t));
}

void vg_lvs_table_clear(struct vg_lvs_table *t)
{
	t->svc_count = 0;
	t->dest_count = 0;
	t->sorted = true;
}

void vg_lvs_tsvc_defaults(struct vg_lvs_tsvc *s, const struct vg_lvs_svc_key *key)
{
	memset(s, 0, sizeof(*s));
	s->key = *key;
	memcpy(s->sched, "wlc", 4); /* IPVS_DEF_SCHED */
	/* keepalived ipvs_set_srule(): a host netmask unless persistence_granularity */
	s->netmask = key->family == VG_AF_INET6 ? 128 : 0xffffffffu;
}

int vg_lvs_table_add_service(struct vg_lvs_table *t, const struct vg_lvs_tsvc *s)
{
	if (t->svc_count >= t->svc_max)
		return VG_LVS_EFULL;
	t->svc[t->svc_count] = *s;
	t->svc[t->svc_count].dest_first = 0;
	t->svc[t->svc_count].dest_count = 0;
	t->sorted = false;
	return (int)t->svc_count++;
}

int vg_lvs_table_add_dest(struct vg_lvs_table *t, const struct vg_lvs_tdest *d)
{
	if (d->svc >= t->svc_count)
		return VG_LVS_EINVAL;
	if (t->dest_count >= t->dest_max)
		return VG_LVS_EFULL;
	t->dest[t->dest_count++] = *d;
	t->sorted = false;
	return 0;
}

static int cmp_u(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int addr_cmp(const struct vg_addr *a, const struct vg_addr *b)
{
	int r = cmp_u(a->family, b->family);

	return r ? r : memcmp(a->bytes, b->bytes, vg_addr_len(a->family));
}

int vg_lvs_svc_key_cmp(const struct vg_lvs_svc_key *a, const struct vg_lvs_svc_key *b)
{
	int r = cmp_u(a->family, b->family);

	if (!r)
		r = cmp_u(a->fwmark, b->fwmark);
	if (!r && a->fwmark)
		return 0; /* a fwmark service is family + mark */
	if (!r)
		r = cmp_u(a->protocol, b->protocol);
	if (!r)
		r = addr_cmp(&a->addr, &b->addr);
	if (!r)
		r = cmp_u(a->port, b->port);
	return r;
}

static int dest_key_cmp(const struct vg_lvs_tdest *a, const struct vg_lvs_tdest *b)
{
	int r = addr_cmp(&a->addr, &b->addr);

	return r ? r : cmp_u(a->port, b->port);
}

static int svc_qcmp(const void *a, const void *b)
{
	return vg_lvs_svc_key_cmp(&((const struct vg_lvs_tsvc *)a)->key, &((const struct vg_lvs_tsvc *)b)->key);
}

static int dest_qcmp(const void *pa, const void *pb)
{
	const struct vg_lvs_tdest *a = pa, *b = pb;
	int r = cmp_u(a->svc, b->svc);

	return r ? r : dest_key_cmp(a, b);
}

int vg_lvs_table_sort(struct vg_lvs_table *t)
{
	int rc = 0;

	/* dest_first carries each service's old index through the sort */
	for (uint32_t i = 0; i < t->svc_count; i++)
		t->svc[i].dest_first = i;
	qsort(t->svc, t->svc_count, sizeof(*t->svc), svc_qcmp);
	for (uint32_t i = 0; i < t->svc_count; i++) {
		t->map[t->svc[i].dest_first] = i;
		t->svc[i].dest_first = 0;
		t->svc[i].dest_count = 0;
		if (i > 0 && vg_lvs_svc_key_cmp(&t->svc[i - 1].key, &t->svc[i].key) == 0)
			rc = VG_LVS_EEXIST;
	}
	for (uint32_t d = 0; d < t->dest_count; d++)
		t->dest[d].svc = t->map[t->dest[d].svc];
	qsort(t->dest, t->dest_count, sizeof(*t->dest), dest_qcmp);
	for (uint32_t d = 0; d < t->dest_count; d++) {
		struct vg_lvs_tsvc *s = &t->svc[t->dest[d].svc];

		if (s->dest_count == 0)
			s->dest_first = d;
		else if (dest_key_cmp(&t->dest[d - 1], &t->dest[d]) == 0)
			rc = VG_LVS_EEXIST;
		s->dest_count++;
	}
	t->sorted = true;
	return rc;
}

int64_t vg_lvs_table_find(const struct vg_lvs_table *t, const struct vg_lvs_svc_key *key)
{
	uint32_t lo = 0, hi = t->svc_count;

	assert(t->sorted);
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int r = vg_lvs_svc_key_cmp(&t->svc[mid].key, key);

		if (r == 0)
			return mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

bool vg_lvs_tsvc_same(const struct vg_lvs_tsvc *a, const struct vg_lvs_tsvc *b)
{
	return strcmp(a->sched, b->sched) == 0 && strcmp(a->pe_name, b->pe_name) == 0 &&
	       (a->flags & ~VG_IPVS_SVC_F_HASHED) == (b->flags & ~VG_IPVS_SVC_F_HASHED) &&
	       a->timeout_s == b->timeout_s && a->netmask == b->netmask;
}

bool vg_lvs_tdest_same(const struct vg_lvs_tdest *a, const struct vg_lvs_tdest *b)
{
	return a->fwd == b->fwd && a->weight == b->weight && a->u_threshold == b->u_threshold &&
	       a->l_threshold == b->l_threshold &&
	       (a->fwd != VG_IPVS_FWD_TUNNEL || (a->tun_type == b->tun_type && a->tun_port == b->tun_port &&
						 a->tun_flags == b->tun_flags));
}

void vg_lvs_ops_init(struct vg_lvs_ops *o, struct vg_lvs_op *storage, size_t cap)
{
	o->v = storage;
	o->len = 0;
	o->cap = cap;
	o->lost = 0;
}

static void op(struct vg_lvs_ops *o, int64_t *n, enum vg_lvs_op_kind k, uint32_t svc, uint32_t dest)
{
	(*n)++;
	if (o->len >= o->cap) {
		o->lost++;
		return;
	}
	o->v[o->len].kind = (uint8_t)k;
	o->v[o->len].svc = svc;
	o->v[o->len].dest = dest;
	o->len++;
}

/* One service present in both tables: merge the two sorted destination ranges. */
static void diff_dests(const struct vg_lvs_table *cur, uint32_t cs, const struct vg_lvs_table *want, uint32_t ws,
		       struct vg_lvs_ops *out, int64_t *n)
{
	const struct vg_lvs_tsvc *c = &cur->svc[cs], *w = &want->svc[ws];
	uint32_t i, j, ce = c->dest_first + c->dest_count, we = w->dest_first + w->dest_count;

	/* adds, then edits, then deletes: a new server is in before an old one leaves */
	for (int pass = 0; pass < 3; pass++) {
		i = c->dest_first;
		j = w->dest_first;
		while (i < ce || j < we) {
			int r = i >= ce ? 1 : j >= we ? -1 : dest_key_cmp(&cur->dest[i], &want->dest[j]);

			if (r < 0) {
				if (pass == 2)
					op(out, n, VG_LVS_OP_DEST_DEL, cs, i);
				i++;
			} else if (r > 0) {
				if (pass == 0)
					op(out, n, VG_LVS_OP_DEST_ADD, ws, j);
				j++;
			} else {
				if (pass == 1 && !vg_lvs_tdest_same(&cur->dest[i], &want->dest[j]))
					op(out, n, VG_LVS_OP_DEST_EDIT, ws, j);
				i++;
				j++;
			}
		}
	}
}

int64_t vg_lvs_table_diff(const struct vg_lvs_table *cur, const struct vg_lvs_table *want, vg_lvs_owned_fn owned,
			  void *ctx, bool flush, struct vg_lvs_ops *out)
{
	int64_t n = 0;
	uint32_t i = 0, j = 0;

	if (!cur->sorted || !want->sorted)
		return VG_LVS_EINVAL;
	/* deletions first: services that are not wanted */
	for (i = 0, j = 0; i < cur->svc_count;) {
		int r = j >= want->svc_count ? -1 : vg_lvs_svc_key_cmp(&cur->svc[i].key, &want->svc[j].key);

		if (r < 0) {
			if (flush || (owned && owned(&cur->svc[i], ctx)))
				op(out, &n, VG_LVS_OP_SVC_DEL, i, 0);
			i++;
		} else if (r > 0) {
			j++;
		} else {
			i++;
			j++;
		}
	}
	for (i = 0, j = 0; j < want->svc_count;) {
		int r = i >= cur->svc_count ? 1 : vg_lvs_svc_key_cmp(&cur->svc[i].key, &want->svc[j].key);

		if (r < 0) {
			i++;
		} else if (r > 0) {
			const struct vg_lvs_tsvc *w = &want->svc[j];

			op(out, &n, VG_LVS_OP_SVC_ADD, j, 0);
			for (uint32_t d = w->dest_first; d < w->dest_first + w->dest_count; d++)
				op(out, &n, VG_LVS_OP_DEST_ADD, j, d);
			j++;
		} else {
			if (!vg_lvs_tsvc_same(&cur->svc[i], &want->svc[j]))
				op(out, &n, VG_LVS_OP_SVC_EDIT, j, 0);
			diff_dests(cur, i, want, j, out, &n);
			i++;
			j++;
		}
	}
	return n;
}

const char *vg_lvs_op_name(enum vg_lvs_op_kind k)
{
	switch (k) {
	case VG_LVS_OP_SVC_ADD: return "SVC_ADD";
	case VG_LVS_OP_SVC_EDIT: return "SVC_EDIT";
	case VG_LVS_OP_SVC_DEL: return "SVC_DEL";
	case VG_LVS_OP_DEST_ADD: return "DEST_ADD";
	case VG_LVS_OP_DEST_EDIT: return "DEST_EDIT";
	case VG_LVS_OP_DEST_DEL: return "DEST_DEL";
	}
	return "?";
}

bool vg_lvs_table_equal(const struct vg_lvs_table *a, const struct vg_lvs_table *b)
{
	assert(a->sorted && b->sorted);
	if (a->svc_count != b->svc_count || a->dest_count != b->dest_count)
		return false;
	for (uint32_t i = 0; i < a->svc_count; i++)
		if (vg_lvs_svc_key_cmp(&a->svc[i].key, &b->svc[i].key) != 0 || !vg_lvs_tsvc_same(&a->svc[i], &b->svc[i]) ||
		    a->svc[i].dest_count != b->svc[i].dest_count)
			return false;
	for (uint32_t d = 0; d < a->dest_count; d++)
		if (a->dest[d].svc != b->dest[d].svc || dest_key_cmp(&a->dest[d], &b->dest[d]) != 0 ||
		    !vg_lvs_tdest_same(&a->dest[d], &b->dest[d]))
			return false;
	return true;
}

bool vg_lvs_table_owns(const struct vg_lvs_tsvc *svc, void *ctx)
{
	return vg_lvs_table_find(ctx, &svc->key) >= 0;
}
