/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the shared, reference-counted LVS map (lvs_map.h).
 */
#include "lvs_map.h"

#include <stdlib.h>

struct vgd_lvs_map *vgd_lvs_map_new(const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_lvs_map *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->conf = conf;
	m->refs = 1;
	m->rc = vg_lvs_from_conf(conf, &m->map, dg);
	if (m->rc == VG_LVS_ENOMEM) {
		vg_lvs_conf_map_free(&m->map);
		free(m);
		return NULL;
	}
	return m;
}

struct vgd_lvs_map *vgd_lvs_map_ref(struct vgd_lvs_map *m)
{
	if (m)
		m->refs++;
	return m;
}

void vgd_lvs_map_unref(struct vgd_lvs_map *m)
{
	if (!m || --m->refs)
		return;
	vg_lvs_conf_map_free(&m->map);
	free(m);
}

int vgd_lvs_map_drop_tree(struct vgd_lvs_map *m)
{
	return m && vg_lvs_conf_map_drop_tree(&m->map) ? -1 : 0;
}
