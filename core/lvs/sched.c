// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the IPVS service model: destination list, connection accounting,
 * dispatch to the scheduling algorithm.
 *
 * List operations follow __ip_vs_update_dest() and __ip_vs_del_dest() in
 * net/netfilter/ipvs/ip_vs_ctl.c; connection accounting follows
 * ip_vs_bind_dest() / ip_vs_unbind_dest() in ip_vs_conn.c.
 */
#include "lvs/sched.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lvs/sched_int.h"

/* A switch, not a table of pointers: a pointer table lands in .data.rel.ro, which the purity test counts as data. */
const char *vg_lvs_sched_name(enum vg_lvs_sched_kind k)
{
	switch (k) {
	case VG_LVS_SCHED_RR: return "rr";
	case VG_LVS_SCHED_WRR: return "wrr";
	case VG_LVS_SCHED_LC: return "lc";
	case VG_LVS_SCHED_WLC: return "wlc";
	case VG_LVS_SCHED_LBLC: return "lblc";
	case VG_LVS_SCHED_LBLCR: return "lblcr";
	case VG_LVS_SCHED_DH: return "dh";
	case VG_LVS_SCHED_SH: return "sh";
	case VG_LVS_SCHED_SED: return "sed";
	case VG_LVS_SCHED_NQ: return "nq";
	case VG_LVS_SCHED_FO: return "fo";
	case VG_LVS_SCHED_OVF: return "ovf";
	case VG_LVS_SCHED_MH: return "mh";
	case VG_LVS_SCHED_TWOS: return "twos";
	default: return "?";
	}
}

int vg_lvs_sched_from_name(const char *name)
{
	for (int k = 0; k < VG_LVS_SCHED__COUNT; k++)
		if (strcmp(name, vg_lvs_sched_name((enum vg_lvs_sched_kind)k)) == 0)
			return k;
	return VG_LVS_EINVAL;
}

const char *vg_lvs_strerror(int err)
{
	switch (err) {
	case 0: return "success";
	case VG_LVS_EINVAL: return "invalid argument";
	case VG_LVS_ENOMEM: return "out of memory";
	case VG_LVS_EFULL: return "destination list full";
	case VG_LVS_EEXIST: return "destination exists";
	case VG_LVS_ENOENT: return "no such destination";
	case VG_LVS_ENODEST: return "no destination available";
	default: return "unknown error";
	}
}

uint32_t vg_lvs_addr_fold(const struct vg_addr *a)
{
	uint32_t w[4];

	for (int i = 0; i < 4; i++)
		w[i] = (uint32_t)a->bytes[4 * i] << 24 | (uint32_t)a->bytes[4 * i + 1] << 16 |
		       (uint32_t)a->bytes[4 * i + 2] << 8 | (uint32_t)a->bytes[4 * i + 3];
	if (a->family == VG_AF_INET6)
		return w[0] ^ w[1] ^ w[2] ^ w[3];
	return w[0];
}

static void rebuild_pos(struct vg_lvs_sched *s)
{
	for (int i = 0; i < VG_LVS_ID_MAX; i++)
		s->pos_of_id[i] = -1;
	for (int i = 0; i < s->count; i++)
		s->pos_of_id[s->d[i].id] = (int16_t)i;
}

int vg_lvs_sched_init(struct vg_lvs_sched *s, const struct vg_lvs_sched_params *p)
{
	struct vg_lvs_sched_params params = *p;
	int rc = 0;

	if (params.kind >= VG_LVS_SCHED__COUNT)
		return VG_LVS_EINVAL;
	if (params.mh_tab_index == 0)
		params.mh_tab_index = VG_LVS_MH_TAB_INDEX_DEFAULT;
	if (vg_lvs_mh_tab_size(params.mh_tab_index) == 0)
		return VG_LVS_EINVAL;
	if (params.lblc_expiration_ns == 0)
		params.lblc_expiration_ns = VG_LVS_LBLC_EXPIRATION_DEFAULT;
	memset(s, 0, sizeof(*s));
	s->p = params;
	rebuild_pos(s);
	s->rr_pos = -1;
	switch (params.kind) {
	case VG_LVS_SCHED_WRR:
		vg_lvs_sched_wrr_init(s);
		break;
	case VG_LVS_SCHED_DH:
	case VG_LVS_SCHED_SH:
	case VG_LVS_SCHED_MH:
		rc = vg_lvs_sched_hash_init(s);
		break;
	case VG_LVS_SCHED_LBLC:
	case VG_LVS_SCHED_LBLCR:
		rc = vg_lvs_sched_lblc_init(s);
		break;
	default:
		break;
	}
	return rc;
}

void vg_lvs_sched_fini(struct vg_lvs_sched *s)
{
	free(s->tab);
	free(s->cache);
	s->tab = NULL;
	s->cache = NULL;
	s->count = 0;
}

int vg_lvs_sched_find(const struct vg_lvs_sched *s, uint16_t id)
{
	return id < VG_LVS_ID_MAX ? s->pos_of_id[id] : -1;
}

/* The scheduler's add_dest / upd_dest / del_dest hooks. */
static void dest_changed(struct vg_lvs_sched *s)
{
	switch (s->p.kind) {
	case VG_LVS_SCHED_WRR:
		vg_lvs_sched_wrr_changed(s);
		break;
	case VG_LVS_SCHED_DH:
	case VG_LVS_SCHED_SH:
	case VG_LVS_SCHED_MH:
		vg_lvs_sched_hash_rebuild(s);
		break;
	default:
		break;
	}
}

void vg_lvs_sched_rebuild(struct vg_lvs_sched *s)
{
	dest_changed(s);
}

int vg_lvs_sched_add_dest(struct vg_lvs_sched *s, const struct vg_lvs_dest *d)
{
	if (d->id >= VG_LVS_ID_MAX || d->weight < 0 || d->weight > VG_LVS_WEIGHT_MAX)
		return VG_LVS_EINVAL;
	if (s->pos_of_id[d->id] >= 0)
		return VG_LVS_EEXIST;
	if (s->count >= VG_LVS_RS_MAX)
		return VG_LVS_EFULL;
	memmove(&s->d[1], &s->d[0], sizeof(s->d[0]) * s->count);
	s->d[0] = *d;
	s->d[0].last_weight = d->weight; /* add: last_weight = weight */
	s->d[0].overloaded = false;
	s->count++;
	rebuild_pos(s);
	if (s->p.kind == VG_LVS_SCHED_RR)
		vg_lvs_sched_rr_add(s);
	dest_changed(s);
	return 0;
}

int vg_lvs_sched_edit_dest(struct vg_lvs_sched *s, uint16_t id, int32_t weight,
			   uint32_t u_threshold, uint32_t l_threshold)
{
	int i = vg_lvs_sched_find(s, id);
	struct vg_lvs_dest *d;

	if (weight < 0 || weight > VG_LVS_WEIGHT_MAX)
		return VG_LVS_EINVAL;
	if (i < 0)
		return VG_LVS_ENOENT;
	d = &s->d[i];
	if (weight != 0)
		d->last_weight = weight; /* keep the latest non-0 weight */
	d->weight = weight;
	if (u_threshold == 0 || u_threshold > d->u_threshold)
		d->overloaded = false;
	d->u_threshold = u_threshold;
	d->l_threshold = l_threshold;
	dest_changed(s);
	return 0;
}

int vg_lvs_sched_del_dest(struct vg_lvs_sched *s, uint16_t id)
{
	int i = vg_lvs_sched_find(s, id);

	if (i < 0)
		return VG_LVS_ENOENT;
	memmove(&s->d[i], &s->d[i + 1], sizeof(s->d[0]) * (size_t)(s->count - i - 1));
	s->count--;
	rebuild_pos(s);
	if (s->p.kind == VG_LVS_SCHED_RR)
		vg_lvs_sched_rr_del(s, i);
	dest_changed(s);
	return 0;
}

int vg_lvs_sched_pick(struct vg_lvs_sched *s, const struct vg_lvs_conn *c, vg_time now)
{
	int r;

	switch (s->p.kind) {
	case VG_LVS_SCHED_RR: r = vg_lvs_sched_rr_pick(s); break;
	case VG_LVS_SCHED_WRR: r = vg_lvs_sched_wrr_pick(s); break;
	case VG_LVS_SCHED_LC: r = vg_lvs_sched_lc_pick(s); break;
	case VG_LVS_SCHED_WLC: r = vg_lvs_sched_wlc_pick(s); break;
	case VG_LVS_SCHED_LBLC: r = vg_lvs_sched_lblc_pick(s, c, now); break;
	case VG_LVS_SCHED_LBLCR: r = vg_lvs_sched_lblcr_pick(s, c, now); break;
	case VG_LVS_SCHED_DH: r = vg_lvs_sched_dh_pick(s, c); break;
	case VG_LVS_SCHED_SH: r = vg_lvs_sched_sh_pick(s, c); break;
	case VG_LVS_SCHED_SED: r = vg_lvs_sched_sed_pick(s); break;
	case VG_LVS_SCHED_NQ: r = vg_lvs_sched_nq_pick(s); break;
	case VG_LVS_SCHED_FO: r = vg_lvs_sched_fo_pick(s); break;
	case VG_LVS_SCHED_OVF: r = vg_lvs_sched_ovf_pick(s); break;
	case VG_LVS_SCHED_MH: r = vg_lvs_sched_mh_pick(s, c); break;
	case VG_LVS_SCHED_TWOS: r = vg_lvs_sched_twos_pick(s, c->rand1, c->rand2); break;
	default: r = -1; break;
	}
	s->picks++;
	if (r < 0) {
		s->nodest++;
		return VG_LVS_ENODEST;
	}
	assert(r < s->count);
	return r;
}

static uint32_t total_conns(const struct vg_lvs_dest *d)
{
	return d->active_conns + d->inactive_conns; /* ip_vs_dest_totalconns() */
}

void vg_lvs_sched_conn_bind(struct vg_lvs_sched *s, int idx, bool active)
{
	struct vg_lvs_dest *d;

	assert(idx >= 0 && idx < s->count);
	d = &s->d[idx];
	if (active)
		d->active_conns++;
	else
		d->inactive_conns++;
	if (d->u_threshold != 0 && total_conns(d) >= d->u_threshold)
		d->overloaded = true;
}

void vg_lvs_sched_conn_unbind(struct vg_lvs_sched *s, int idx, bool active)
{
	struct vg_lvs_dest *d;

	assert(idx >= 0 && idx < s->count);
	d = &s->d[idx];
	if (active && d->active_conns > 0)
		d->active_conns--;
	else if (!active && d->inactive_conns > 0)
		d->inactive_conns--;
	if (d->l_threshold != 0) {
		if (total_conns(d) < d->l_threshold)
			d->overloaded = false;
	} else if (d->u_threshold != 0) {
		if ((uint64_t)total_conns(d) * 4 < (uint64_t)d->u_threshold * 3)
			d->overloaded = false;
	} else {
		d->overloaded = false;
	}
}

void vg_lvs_sched_conn_set_active(struct vg_lvs_sched *s, int idx, bool active)
{
	struct vg_lvs_dest *d;

	assert(idx >= 0 && idx < s->count);
	d = &s->d[idx];
	if (active && d->inactive_conns > 0) {
		d->inactive_conns--;
		d->active_conns++;
	} else if (!active && d->active_conns > 0) {
		d->active_conns--;
		d->inactive_conns++;
	}
}
