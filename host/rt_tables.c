/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: reading this host's iproute2 routing table names (see rt_tables.h).
 */
#define _GNU_SOURCE
#include "rt_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const vg_host_rt_tables_files[VG_HOST_RT_TABLES_FILES] = { "/etc/iproute2/rt_tables",
									 "/usr/share/iproute2/rt_tables" };

int vg_host_rt_tables_load(struct vg_rt_tables *out)
{
	const char *const *files = vg_host_rt_tables_files;
	struct vg_rt_table_name *items = NULL;
	uint32_t count = 0, cap = 0;
	char line[256], word[128];
	unsigned long v;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < VG_HOST_RT_TABLES_FILES; i++) {
		FILE *f = fopen(files[i], "re");

		if (!f)
			continue;
		while (fgets(line, sizeof(line), f) && count < VG_RT_TABLE_NAMES_MAX) {
			char *name;

			if (line[0] == '#' || sscanf(line, "%lu %127s", &v, word) != 2 || v > UINT32_MAX)
				continue;
			if (count == cap) {
				uint32_t ncap = cap ? cap * 2 : 16;
				struct vg_rt_table_name *n = realloc(items, ncap * sizeof(*n));

				if (!n)
					break;
				items = n;
				cap = ncap;
			}
			name = strdup(word);
			if (!name)
				break;
			items[count].name = name;
			items[count++].id = (uint32_t)v;
		}
		fclose(f);
	}
	out->items = items;
	out->count = count;
	return 0;
}

void vg_host_rt_tables_free(struct vg_rt_tables *t)
{
	for (uint32_t i = 0; i < t->count; i++)
		free((char *)t->items[i].name);
	free((void *)t->items);
	memset(t, 0, sizeof(*t));
}

int vg_host_plan_build(const struct vg_conf *conf, struct vg_vrrp_plan *plan, struct vg_diags *diags)
{
	struct vg_rt_tables names;
	struct vg_vrrp_plan_opts opts = { &names };
	int rc;

	vg_host_rt_tables_load(&names);
	rc = vg_vrrp_plan_build_with(conf, &opts, plan, diags);
	vg_host_rt_tables_free(&names);
	return rc;
}

int vg_host_node_build(const struct vg_conf *conf, struct vg_node *node, struct vg_diags *diags)
{
	struct vg_rt_tables names;
	struct vg_vrrp_plan_opts opts = { &names };
	int rc;

	vg_host_rt_tables_load(&names);
	rc = vg_node_build_with(conf, &opts, node, diags);
	vg_host_rt_tables_free(&names);
	return rc;
}
