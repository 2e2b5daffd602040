// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the keepalived.conf parser and what runs on its tree (fuzz-config).
 *
 * The input is a set of virtual files. It starts with the main file,
 * /etc/keepalived/keepalived.conf; a line "--- NAME" starts the next file
 * (a relative NAME is under /etc/keepalived/). An in-memory loader serves
 * them to vg_conf_parse(): read() by exact name (at most READS_MAX reads),
 * glob() with fnmatch(), so include lines (with patterns), $MACRO
 * definitions, ~SEQ and @id lines are all exercised. The random seed for ${_RANDOM} and the config id for
 * @name lines are fixed, so every input is deterministic.
 *
 * On every tree the parser returns: the linter, the JSON writer (the output
 * must be well-formed JSON whenever it fits; the tree and the first 8
 * diagnostics), diagnostic formatting (the first 8), and
 * vg_node_build_with() (plan with a small rt_tables: "vpn" is 42, instances,
 * router); every typed route and rule must agree with its words and its
 * resolved table; every config of the plan must pass
 * vg_vrrp_config_check() and run in a router through startup and a few
 * timers (the core's asserts check the instances); a reload diff against a
 * node built again from the same tree must carry everything over.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/json.h"
#include "conf/lint.h"
#include "fuzz.h"
#include "lvs/from_conf.h"
#include "lvs/ipvsadm_fmt.h"
#include "lvs/table_from_conf.h"
#include "node/node.h"
#include "node/reload.h"
#include "vrrp/router.h"

#define FILES_MAX 16
#define NAME_MAX_ 256
#define MAIN_PATH "/etc/keepalived/keepalived.conf"
#define JSON_CAP (256 * 1024)
#define PLAN_RUN_MAX 64 /* instances run through the router */
/*
 * Diagnostics formatted and written as JSON per input: the first ones (in file order). Every
 * diagnostic goes through the same formatting and escaping code, and a garbage file has
 * thousands of them; checking them all made the harness spend a third of its time writing and
 * re-reading JSON (escaping a string is a loop of compares per byte under coverage).
 */
#define DIAGS_CHECKED_MAX 8

struct vfile {
	char name[NAME_MAX_];
	const uint8_t *data;
	size_t len;
};

/*
 * Reads served per input. The core stops at VG_CONF_FILES_READ_MAX (1024);
 * 1024 reads of garbage take seconds under ASan, so the harness stops
 * earlier to keep the search fast (core/conf/macro_test.c tests the limit).
 */
#define READS_MAX 128

struct vfs {
	struct vfile f[FILES_MAX];
	uint32_t count;
	uint32_t reads;
};

FUZZ_NO_COVERAGE static void split(struct vfs *v, const uint8_t *data, size_t size)
{
	size_t i = 0, start = 0;

	memset(v, 0, sizeof(*v));
	strcpy(v->f[0].name, MAIN_PATH);
	v->count = 1;
	while (i <= size) {
		bool sep = i + 4 <= size && (i == 0 || data[i - 1] == '\n') && memcmp(data + i, "--- ", 4) == 0;

		if (i == size || (sep && v->count < FILES_MAX)) {
			v->f[v->count - 1].data = data + start;
			v->f[v->count - 1].len = i - start;
			if (i == size)
				break;
			{
				size_t n = i + 4, e = n;
				struct vfile *nf = &v->f[v->count++];

				while (e < size && data[e] != '\n')
					e++;
				if (e - n == 0 || data[n] != '/')
					snprintf(nf->name, sizeof(nf->name), "/etc/keepalived/%.*s",
						 (int)(e - n < 200 ? e - n : 200), (const char *)data + n);
				else
					snprintf(nf->name, sizeof(nf->name), "%.*s", (int)(e - n < 250 ? e - n : 250),
						 (const char *)data + n);
				i = start = e < size ? e + 1 : e;
				continue;
			}
		}
		i++;
	}
}

FUZZ_NO_COVERAGE static int vfs_read(void *ctx, const char *path, char **data, size_t *len)
{
	struct vfs *v = ctx;
	uint32_t i;

	if (v->reads++ >= READS_MAX)
		return -5; /* EIO */
	for (i = 0; i < v->count; i++) {
		if (strcmp(v->f[i].name, path) != 0)
			continue;
		*data = malloc(v->f[i].len + 1);
		if (!*data)
			return -12;
		memcpy(*data, v->f[i].data, v->f[i].len);
		(*data)[v->f[i].len] = '\0';
		*len = v->f[i].len;
		return 0;
	}
	return -2; /* ENOENT */
}

FUZZ_NO_COVERAGE static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

FUZZ_NO_COVERAGE static int vfs_glob(void *ctx, const char *pattern, char ***paths, size_t *count)
{
	const struct vfs *v = ctx;
	uint32_t i;

	*count = 0;
	*paths = calloc(FILES_MAX, sizeof(char *));
	if (!*paths)
		return -12;
	for (i = 0; i < v->count; i++) {
		if (fnmatch(pattern, v->f[i].name, FNM_PATHNAME | FNM_PERIOD) != 0)
			continue;
		(*paths)[*count] = strdup(v->f[i].name);
		if (!(*paths)[*count]) {
			while (*count > 0)
				free((*paths)[--*count]);
			free(*paths);
			*paths = NULL;
			return -12; /* on an error the parser frees nothing */
		}
		(*count)++;
	}
	qsort(*paths, *count, sizeof(char *), by_str);
	return 0;
}

/* ---- a strict JSON syntax check (RFC 8259, without UTF-8 validation) ---- */

FUZZ_NO_COVERAGE static void ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
		(*p)++;
}

FUZZ_NO_COVERAGE static bool jvalue(const char **p, int depth);

FUZZ_NO_COVERAGE static bool jstring(const char **p)
{
	if (**p != '"')
		return false;
	for ((*p)++; **p != '"'; (*p)++) {
		unsigned char c = (unsigned char)**p;

		if (c == '\0' || c < 0x20)
			return false;
		if (c == '\\') {
			(*p)++;
			if (**p == 'u') {
				int k;

				for (k = 1; k <= 4; k++)
					if (!strchr("0123456789abcdefABCDEF", (*p)[k]) || (*p)[k] == '\0')
						return false;
				*p += 4;
			} else if (!**p || !strchr("\"\\/bfnrt", **p)) {
				return false;
			}
		}
	}
	(*p)++;
	return true;
}

FUZZ_NO_COVERAGE static bool jnumber(const char **p)
{
	const char *s = *p;

	if (**p == '-')
		(*p)++;
	if (**p < '0' || **p > '9')
		return false;
	while (**p >= '0' && **p <= '9')
		(*p)++;
	return *p > s;
}

FUZZ_NO_COVERAGE static bool jvalue(const char **p, int depth)
{
	char close;

	if (depth > 64)
		return false;
	ws(p);
	if (**p == '"')
		return jstring(p);
	if (strncmp(*p, "true", 4) == 0 || strncmp(*p, "null", 4) == 0) {
		*p += 4;
		return true;
	}
	if (strncmp(*p, "false", 5) == 0) {
		*p += 5;
		return true;
	}
	if (**p != '{' && **p != '[')
		return jnumber(p);
	close = **p == '{' ? '}' : ']';
	(*p)++;
	ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		if (close == '}') {
			ws(p);
			if (!jstring(p))
				return false;
			ws(p);
			if (*(*p)++ != ':')
				return false;
		}
		if (!jvalue(p, depth + 1))
			return false;
		ws(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (*(*p)++ != ',')
			return false;
	}
}

static void check_json(const struct vg_conf *conf, const struct vg_diags *all)
{
	static char buf[JSON_CAP];
	struct vg_diags first = *all, *diags = &first;
	struct vg_json j;
	const char *p = buf;

	if (first.count > DIAGS_CHECKED_MAX)
		first.count = DIAGS_CHECKED_MAX;

	vg_json_init(&j, buf, sizeof(buf));
	vg_json_begin_object(&j, NULL);
	vg_json_begin_array(&j, "files");
	vg_json_conf(&j, NULL, conf);
	vg_json_end_array(&j);
	vg_json_diags(&j, "findings", diags);
	vg_json_end_object(&j);
	FUZZ_ASSERT(j.depth == 0);
	if (j.len >= sizeof(buf))
		return; /* truncated: only the size is promised */
	FUZZ_ASSERT(strlen(buf) == j.len);
	FUZZ_ASSERT(jvalue(&p, 0));
	ws(&p);
	FUZZ_ASSERT(*p == '\0');
}

/* Run the node built from the plan: startup, then follow the deadlines a few times. */
static void run_node(struct vg_node *node)
{
	static struct vg_action store[PLAN_RUN_MAX * VG_ACTIONS_PER_EVENT_MAX];
	const struct vg_vrrp_plan *plan = &node->plan;
	struct vg_router *r = &node->router;
	struct vg_actions out;
	struct vg_vrrp_event ev;
	vg_time now = 0;
	uint16_t i;
	int step;

	for (i = 0; i < plan->inst_count; i++)
		FUZZ_ASSERT(vg_vrrp_config_check(&plan->cfg[i]) == NULL);
	for (i = 0; i < plan->group_count; i++) {
		uint8_t m;

		FUZZ_ASSERT(plan->groups[i].count <= VG_SYNC_MEMBERS_MAX);
		for (m = 0; m < plan->groups[i].count; m++) {
			uint8_t o;

			FUZZ_ASSERT(plan->groups[i].members[m] < plan->inst_count);
			FUZZ_ASSERT(plan->cfg[plan->groups[i].members[m]].sync_member);
			for (o = 0; o < m; o++) /* each instance once */
				FUZZ_ASSERT(plan->groups[i].members[o] != plan->groups[i].members[m]);
		}
	}
	FUZZ_ASSERT(r->inst == node->inst && r->inst_count == plan->inst_count);
	if (plan->inst_count == 0 || plan->inst_count > PLAN_RUN_MAX)
		return;
	vg_actions_init(&out, store, (size_t)plan->inst_count * VG_ACTIONS_PER_EVENT_MAX);
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_STARTUP;
	vg_router_input(r, now, &ev, &out);
	FUZZ_ASSERT(out.lost == 0);
	for (step = 0; step < 8; step++) {
		vg_time next = vg_router_next_deadline(r);

		if (next == VG_TIME_NEVER)
			break;
		FUZZ_ASSERT(next > now);
		now = next;
		vg_actions_clear(&out);
		ev.kind = VG_EV_TIMER;
		vg_router_input(r, now, &ev, &out);
		FUZZ_ASSERT(out.lost == 0);
	}
	vg_actions_clear(&out);
	ev.kind = VG_EV_SHUTDOWN;
	vg_router_input(r, now, &ev, &out);
	for (i = 0; i < plan->inst_count; i++)
		FUZZ_ASSERT(node->inst[i].state == VG_STATE_INIT);
}

static const struct vg_rt_table_name fuzz_tables[] = { { "vpn", 42 } };
static const struct vg_rt_tables fuzz_rt_tables = { fuzz_tables, 1 };
static const struct vg_vrrp_plan_opts plan_opts = { &fuzz_rt_tables };

/* A reload of the same tree carries every instance and group over, and stops nothing. */
static void reload_same(const struct vg_conf *conf, const struct vg_node *old)
{
	struct vg_diags diags;
	struct vg_node node;
	struct vg_reload d;
	uint16_t i;

	vg_diags_init(&diags);
	if (vg_node_build_with(conf, &plan_opts, &node, &diags) == VG_CONF_ERR_NOMEM) {
		vg_diags_free(&diags);
		return;
	}
	if (vg_reload_diff(old, true, &node, &d) == 0) {
		FUZZ_ASSERT(d.carried == old->plan.inst_count && d.stopped == 0 && d.started == 0);
		for (i = 0; i < node.plan.inst_count; i++)
			FUZZ_ASSERT(d.from[i] == i && d.to[i] == i);
		for (i = 0; i < node.plan.group_count; i++)
			FUZZ_ASSERT(d.group_from[i] == i);
		vg_reload_carry(&d, old, &node);
		vg_reload_free(&d);
	}
	vg_node_free(&node);
	vg_diags_free(&diags);
}

/* Typed routes and rules: one of them per parsed line, sane fields, the plan's table. */
static void check_routes(const struct vg_vrrp_plan *plan)
{
	for (uint16_t i = 0; i < plan->inst_count; i++) {
		const struct vg_conf_instance *ci = plan->src[i];

		for (uint32_t k = 0; k < ci->routes.count; k++) {
			const struct vg_conf_iproute *r = ci->routes.items[k].route;
			uint32_t t = vg_vrrp_plan_table(plan, i, false, k);

			FUZZ_ASSERT(!ci->routes.items[k].rule && ci->routes.items[k].args.count > 0);
			if (!r)
				continue;
			FUZZ_ASSERT(r->family == VG_AF_INET || r->family == VG_AF_INET6);
			FUZZ_ASSERT(r->dst.family == r->family && r->dst_len <= vg_addr_len(r->family) * 8);
			FUZZ_ASSERT(r->nexthop_count <= VG_CONF_NEXTHOPS_MAX);
			FUZZ_ASSERT(r->table.name ? (t == 42 || t == VG_RT_TABLE_UNRESOLVED) : t == r->table.id);
		}
		for (uint32_t k = 0; k < ci->rules.count; k++) {
			const struct vg_conf_iprule *u = ci->rules.items[k].rule;

			FUZZ_ASSERT(!ci->rules.items[k].route);
			if (!u)
				continue;
			FUZZ_ASSERT(u->action != VG_FR_ACT_UNSPEC);
			FUZZ_ASSERT(u->action != VG_FR_ACT_GOTO || (u->has_priority && u->priority < u->goto_target));
		}
	}
}

/*
 * The virtual servers as `vigil check --ipvs` and vigild map them: the LVS map, the table a
 * start programs (keepalived's -t findings) and its ipvsadm -S text, whose length the
 * counting call must give exactly.
 */
static void check_lvs(const struct vg_conf *conf)
{
	struct vg_lvs_conf_map map;
	struct vg_lvs_table t;
	struct vg_diags d;
	int rc;

	vg_diags_init(&d);
	rc = vg_lvs_from_conf(conf, &map, &d);
	FUZZ_ASSERT(rc == 0 || rc == VG_LVS_EINVAL || rc == VG_LVS_ENOMEM);
	FUZZ_ASSERT(rc != VG_LVS_EINVAL || d.errors > 0);
	if (rc != VG_LVS_ENOMEM) {
		rc = vg_lvs_table_from_conf(&map, &t, &d);
		FUZZ_ASSERT(rc == 0 || rc == VG_LVS_EINVAL || rc == VG_LVS_ENOMEM);
		if (rc != VG_LVS_ENOMEM) {
			int64_t n = vg_lvs_ipvsadm_save(&t, NULL, 0);
			char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;

			FUZZ_ASSERT(n >= 0);
			if (buf) {
				FUZZ_ASSERT(vg_lvs_ipvsadm_save(&t, buf, (size_t)n + 1) == n);
				FUZZ_ASSERT(strlen(buf) == (size_t)n);
				free(buf);
			}
		}
		vg_lvs_table_free(&t);
	}
	vg_lvs_conf_map_free(&map);
	vg_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vfs v;
	struct vg_conf_loader loader = { vfs_read, vfs_glob, &v };
	struct vg_conf_options opts;
	struct vg_conf *conf = NULL;
	struct vg_diags diags;
	struct vg_node node;
	uint32_t i;
	int rc;

	if (size > 64 * 1024)
		return 0; /* larger inputs only slow the search down */
	split(&v, data, size);
	memset(&opts, 0, sizeof(opts));
	opts.loader = &loader;
	opts.config_id = "lb1";
	opts.random_seed = 42;
	/*
	 * At most 20,000 lines (and expansion work and output in proportion) instead of the 4 M
	 * vigild allows: a few ~SEQ lines reach the default limit in a second under ASan, and
	 * such inputs came to fill an hour's run (280,000 executions, slowest 50 s under load).
	 * The limit paths are the same code; core/conf/macro_test.c tests both settings.
	 */
	opts.lines_max = 20000;
	vg_diags_init(&diags);
	rc = vg_conf_parse(MAIN_PATH, &opts, &conf, &diags);
	FUZZ_ASSERT(rc == 0 || rc == VG_CONF_ERR_INVALID || rc == VG_CONF_ERR_NOMEM);
	FUZZ_ASSERT(rc != VG_CONF_ERR_INVALID || diags.errors > 0);
	if (!conf) {
		vg_diags_free(&diags);
		return 0;
	}
	FUZZ_ASSERT(conf->files.count >= 1 && strcmp(conf->files.items[0], MAIN_PATH) == 0);

	vg_conf_lint(conf, &diags);
	vg_diags_sort(&diags);
	for (i = 0; i < diags.count && i < DIAGS_CHECKED_MAX; i++) {
		char line[1024];
		size_t n = vg_diag_format(&diags.items[i], line, sizeof(line));

		FUZZ_ASSERT(strlen(line) < sizeof(line) && (n >= sizeof(line) || strlen(line) == n));
	}
	check_json(conf, &diags);
	check_lvs(conf);

	rc = vg_node_build_with(conf, &plan_opts, &node, &diags);
	FUZZ_ASSERT(rc == 0 || rc == -1 || rc == VG_CONF_ERR_NOMEM);
	if (rc != VG_CONF_ERR_NOMEM) {
		check_routes(&node.plan);
		run_node(&node);
		reload_same(conf, &node);
		vg_node_free(&node);
	}
	vg_conf_free(conf);
	vg_diags_free(&diags);
	return 0;
}
