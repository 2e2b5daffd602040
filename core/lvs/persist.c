// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: persistence templates (see persist.h): a bounded set-associative
 * table keyed by the masked client address, expiry computed lazily from
 * the template's timer instead of a kernel timer wheel.
 */
#include "lvs/persist.h"

#include <stdlib.h>
#include <string.h>

int vg_lvs_persist_init(struct vg_lvs_persist *p, uint8_t bucket_bits, vg_time timeout_ns,
			uint8_t granularity_bits, bool expire_quiescent)
{
	memset(p, 0, sizeof(*p));
	if (bucket_bits < 1 || bucket_bits > VG_LVS_PERSIST_BUCKET_BITS_MAX || timeout_ns == 0 ||
	    granularity_bits > 128)
		return VG_LVS_EINVAL;
	p->timeout_ns = timeout_ns;
	p->granularity_bits = granularity_bits;
	p->expire_quiescent = expire_quiescent;
	p->bucket_count = UINT32_C(1) << bucket_bits;
	p->t = calloc((size_t)p->bucket_count * VG_LVS_PERSIST_WAYS, sizeof(*p->t));
	return p->t ? 0 : VG_LVS_ENOMEM;
}

void vg_lvs_persist_fini(struct vg_lvs_persist *p)
{
	free(p->t);
	p->t = NULL;
}

struct vg_addr vg_lvs_persist_key(const struct vg_lvs_persist *p, const struct vg_addr *client)
{
	struct vg_addr k = *client;
	size_t len = vg_addr_len(client->family);
	unsigned bits = p->granularity_bits;

	if (bits == 0 || bits >= 8 * len)
		return k;
	for (size_t i = 0; i < len; i++) {
		int keep = (int)bits - (int)(8 * i);

		k.bytes[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
	return k;
}

static uint32_t bucket_of(const struct vg_lvs_persist *p, const struct vg_addr *key)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	h = (h ^ key->family) * 16777619u;
	for (size_t i = 0; i < vg_addr_len(key->family); i++)
		h = (h ^ key->bytes[i]) * 16777619u;
	return h & (p->bucket_count - 1);
}

static bool alive(const struct vg_lvs_persist_tpl *t, vg_time now)
{
	return t->used && (t->n_control > 0 || now < t->expires_ns);
}

static struct vg_lvs_persist_tpl *find(const struct vg_lvs_persist *p, const struct vg_addr *key, vg_time now)
{
	struct vg_lvs_persist_tpl *b = &p->t[(size_t)bucket_of(p, key) * VG_LVS_PERSIST_WAYS];

	for (int w = 0; w < VG_LVS_PERSIST_WAYS; w++)
		if (alive(&b[w], now) && vg_addr_eq(&b[w].client, key))
			return &b[w];
	return NULL;
}

const struct vg_lvs_persist_tpl *vg_lvs_persist_lookup(const struct vg_lvs_persist *p,
						       const struct vg_addr *client, vg_time now)
{
	struct vg_addr key = vg_lvs_persist_key(p, client);

	return find(p, &key, now);
}

/* A way for a new template: a dead one, else the one whose timer fires first. */
static struct vg_lvs_persist_tpl *slot_for(struct vg_lvs_persist *p, const struct vg_addr *key, vg_time now)
{
	struct vg_lvs_persist_tpl *b = &p->t[(size_t)bucket_of(p, key) * VG_LVS_PERSIST_WAYS];
	struct vg_lvs_persist_tpl *victim = &b[0];

	for (int w = 0; w < VG_LVS_PERSIST_WAYS; w++) {
		if (!alive(&b[w], now))
			return &b[w];
		if (b[w].expires_ns < victim->expires_ns)
			victim = &b[w];
	}
	p->evicted++;
	return victim;
}

int vg_lvs_persist_pick(struct vg_lvs_persist *p, struct vg_lvs_sched *s, const struct vg_lvs_conn *c,
			vg_time now, bool *reused)
{
	struct vg_addr key = vg_lvs_persist_key(p, &c->saddr);
	struct vg_lvs_persist_tpl *t = find(p, &key, now);
	int idx;

	*reused = false;
	if (t) {
		idx = vg_lvs_sched_find(s, t->dest_id);
		/* ip_vs_check_template(): the server must still be in the list; weight 0 only
		 * invalidates with expire_quiescent_template */
		if (idx >= 0 && !(p->expire_quiescent && s->d[idx].weight == 0)) {
			t->n_control++;
			t->expires_ns = vg_time_add(now, p->timeout_ns);
			p->reused++;
			*reused = true;
			return idx;
		}
		t->used = false;
		p->invalidated++;
	}
	idx = vg_lvs_sched_pick(s, c, now);
	if (idx < 0)
		return idx;
	t = slot_for(p, &key, now);
	t->client = key;
	t->dest_id = s->d[idx].id;
	t->used = true;
	t->n_control = 1;
	t->expires_ns = vg_time_add(now, p->timeout_ns);
	p->created++;
	return idx;
}

void vg_lvs_persist_conn_closed(struct vg_lvs_persist *p, const struct vg_addr *client, uint16_t dest_id,
				vg_time now)
{
	struct vg_addr key = vg_lvs_persist_key(p, client);
	struct vg_lvs_persist_tpl *t = find(p, &key, now);

	if (!t || t->dest_id != dest_id || t->n_control == 0)
		return;
	if (--t->n_control > 0 || now < t->expires_ns)
		return;
	/* the timer fired while controlled and was re-armed for a timeout each time */
	t->expires_ns += ((now - t->expires_ns) / p->timeout_ns + 1) * p->timeout_ns;
}
