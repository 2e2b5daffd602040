/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: configuration -> plan -> instances -> router, in one place.
 *
 * Every driver used to write this path itself (vigild twice, the simulator,
 * explore, conform, the configuration fuzzer); node.h says how to use it.
 */
#include "node/node.h"

#include "conf/keyword_status.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

int vg_node_build(const struct vg_conf *conf, struct vg_node *node, struct vg_diags *diags)
{
	return vg_node_build_with(conf, NULL, node, diags);
}

int vg_node_build_with(const struct vg_conf *conf, const struct vg_vrrp_plan_opts *opts, struct vg_node *node,
		       struct vg_diags *diags)
{
	int rc;

	assert(conf && node);
	memset(node, 0, sizeof(*node));
	rc = vg_vrrp_plan_build_with(conf, opts, &node->plan, diags);
	if (rc == VG_CONF_ERR_NOMEM)
		return rc;
	/* one more than needed: calloc(0) may return NULL */
	node->inst = calloc(node->plan.inst_count + 1u, sizeof(*node->inst));
	if (!node->inst) {
		vg_vrrp_plan_free(&node->plan);
		memset(node, 0, sizeof(*node));
		return VG_CONF_ERR_NOMEM;
	}
	node->conf = conf;
	vg_node_reset(node);
	return rc;
}

int vg_node_build_configs(struct vg_node *node, const struct vg_vrrp_config *cfg, uint16_t n,
			  const struct vg_sync_group *groups, uint16_t group_count)
{
	uint16_t i;

	assert(node && (cfg || !n) && (groups || !group_count));
	memset(node, 0, sizeof(*node));
	node->plan.cfg = calloc(n + 1u, sizeof(*node->plan.cfg));
	node->plan.src = calloc(n + 1u, sizeof(*node->plan.src));
	node->plan.groups = calloc(group_count + 1u, sizeof(*node->plan.groups));
	node->inst = calloc(n + 1u, sizeof(*node->inst));
	if (!node->plan.cfg || !node->plan.src || !node->plan.groups || !node->inst) {
		vg_node_free(node);
		return VG_CONF_ERR_NOMEM;
	}
	for (i = 0; i < n; i++) {
		node->plan.cfg[i] = cfg[i];
		node->plan.cfg[i].id = i;
	}
	for (i = 0; i < group_count; i++) {
		node->plan.groups[i] = groups[i];
		node->plan.groups[i].id = i;
	}
	node->plan.inst_count = n;
	node->plan.group_count = group_count;
	vg_node_reset(node);
	return 0;
}

void vg_node_free(struct vg_node *node)
{
	if (!node)
		return;
	free(node->inst);
	vg_vrrp_plan_free(&node->plan);
	memset(node, 0, sizeof(*node));
}

void vg_node_reset(struct vg_node *node)
{
	/* the router sets every instance and group to Initialize */
	vg_router_init(&node->router, node->inst, node->plan.cfg, node->plan.inst_count, node->plan.groups,
		       node->plan.group_count);
}

int vg_node_find(const struct vg_node *node, const char *name)
{
	uint16_t i;

	for (i = 0; i < node->plan.inst_count; i++)
		if (!strcmp(node->plan.cfg[i].name, name))
			return i;
	return -1;
}

int vg_node_find_group(const struct vg_node *node, const char *name)
{
	uint16_t i;

	for (i = 0; i < node->plan.group_count; i++)
		if (!strcmp(node->plan.groups[i].name, name))
			return i;
	return -1;
}

int vg_node_keep_only(struct vg_node *node, const char *name)
{
	int i = vg_node_find(node, name);

	if (i < 0)
		return -1;
	node->plan.cfg[0] = node->plan.cfg[i];
	node->plan.src[0] = node->plan.src[i];
	node->plan.cfg[0].id = 0;
	node->plan.cfg[0].sync_member = false; /* alone: no group to wait for */
	node->plan.inst_count = 1;
	node->plan.group_count = 0;
	vg_node_reset(node);
	return 0;
}

int vg_node_conf_check(const struct vg_conf *conf, struct vg_diags *diags)
{
	struct vg_vrrp_plan plan;
	uint32_t first = diags->count;
	int rc;

	memset(&plan, 0, sizeof(plan));
	rc = vg_vrrp_plan_build(conf, &plan, diags);
	if (rc != VG_CONF_ERR_NOMEM)
		vg_vrrp_plan_free(&plan);
	if (vg_conf_diags_fill_text(conf, diags, first) < 0 || vg_conf_keyword_warnings(conf, diags) < 0)
		return VG_CONF_ERR_NOMEM;
	return rc == VG_CONF_ERR_NOMEM ? rc : 0;
}
