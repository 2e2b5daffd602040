// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the `vigil check` command (see check.h).
 *
 * Text output is one line per finding, compiler style, followed by the
 * offending source line and a caret:
 *   file:line:col: severity: message [did you mean 'x'?]
 *       virtual _ipaddress {
 *       ^
 * `--format json` prints one object: {"files": [parsed configurations],
 * "findings": [...], "failovers": [...], "errors": N, "warnings": N}.
 * Every file's virtual servers are also mapped to the IPVS table keepalived
 * would program at start (lvs/table_from_conf.h), which reports what
 * keepalived -t reports for them; `--ipvs` prints that table on stdout in
 * `ipvsadm -S -n` syntax (lvs/ipvsadm_fmt.h), the findings on stderr.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/cluster.h"
#include "conf/conf.h"
#include "conf/json.h"
#include "conf/keyword_status.h"
#include "conf/lint.h"
#include "conf_loader.h"
#include "host_check.h"
#include "lvs/from_conf.h"
#include "lvs/ipvsadm_fmt.h"
#include "lvs/table_from_conf.h"
#include "node/node.h"

#define CHECK_FILES_MAX VG_CLUSTER_NODES_MAX

static void usage(FILE *f)
{
	fputs("usage: vigil check [options] FILE...\n"
	      "\n"
	      "Parse keepalived.conf files as keepalived 2.2 does and report problems.\n"
	      "Give one file per node of a cluster to also check the nodes against each\n"
	      "other (matching VRIDs, advert intervals, authentication and VIPs, two\n"
	      "MASTERs at one priority, tracked scripts whose failure moves no VIP).\n"
	      "\n"
	      "options:\n"
	      "  --format text|json  output format (default text); json also prints the\n"
	      "                      parsed configuration of every file\n"
	      "  --host              also check this host: interfaces exist, scripts exist,\n"
	      "                      are executable and not writable by non-root users,\n"
	      "                      routing table names are in this host's rt_tables\n"
	      "  --ipvs              print the IPVS table the file programs at start, in\n"
	      "                      'ipvsadm -S -n' syntax (findings go to stderr)\n"
	      "  -i, --config-id ID  config id for '@ID' conditional lines (keepalived -i)\n"
	      "  --keywords          print what vigil does with each keepalived.conf keyword\n"
	      "                      (the coverage table of docs/config.md, markdown) and exit\n"
	      "  -q, --quiet         print nothing; only the exit status\n"
	      "  -h, --help          this help\n"
	      "\n"
	      "exit status: 0 no findings, 1 warnings only, 2 errors\n",
	      f);
}

/*
 * Map the virtual servers of `conf` to the kernel table (keepalived's -t
 * findings into `d`); with `ipvs` print it. The mapper's own errors are
 * the parser's again, so they are only shown with --ipvs, where they tell
 * which virtual server the table leaves out. Returns -1 out of memory.
 */
static int lvs_table(const struct vg_conf *conf, struct vg_diags *d, FILE *ipvs)
{
	struct vg_lvs_conf_map map;
	struct vg_lvs_table t;
	int rc;

	if (!ipvs) /* the findings alone, as vigild -t reports them */
		return vg_lvs_table_check(conf, d) == VG_LVS_ENOMEM ? -1 : 0;
	rc = vg_lvs_from_conf(conf, &map, d);
	if (rc == VG_LVS_ENOMEM) {
		vg_lvs_conf_map_free(&map);
		return -1;
	}
	rc = vg_lvs_table_from_conf(&map, &t, d);
	if (rc != VG_LVS_ENOMEM) {
		int64_t n = vg_lvs_ipvsadm_save(&t, NULL, 0);
		char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;

		if (!buf)
			rc = VG_LVS_ENOMEM;
		else {
			vg_lvs_ipvsadm_save(&t, buf, (size_t)n + 1);
			fputs(buf, ipvs);
			free(buf);
		}
	}
	vg_lvs_table_free(&t);
	vg_lvs_conf_map_free(&map);
	return rc == VG_LVS_ENOMEM ? -1 : 0;
}

static void print_text(FILE *f, const struct vg_diags *d)
{
	char line[2048];

	for (uint32_t i = 0; i < d->count; i++) {
		const struct vg_diag *g = &d->items[i];
		vg_diag_format(g, line, sizeof(line));
		fprintf(f, "%s\n", line);
		if (g->text && g->loc.line) {
			fprintf(f, "    %s\n", g->text);
			if (g->loc.col > 0 && g->loc.col <= strlen(g->text) + 1) {
				fputs("    ", f);
				for (uint32_t c = 1; c < g->loc.col; c++)
					fputc(g->text[c - 1] == '\t' ? '\t' : ' ', f);
				fputs("^\n", f);
			}
		}
	}
	if (d->errors || d->warnings)
		fprintf(f, "%u error%s, %u warning%s\n", d->errors, d->errors == 1 ? "" : "s", d->warnings,
		       d->warnings == 1 ? "" : "s");
}

/* Why each tracked object does (or does not) move the VIPs: not findings, an explanation. */
static void print_failovers(const struct vg_cluster_node *nodes, const struct vg_cluster_report *rep)
{
	for (uint32_t i = 0; rep && i < rep->count; i++) {
		const struct vg_cluster_failover *f = &rep->items[i];
		if (f->failed_priority == 0)
			printf("failover: %s (%s) %s '%s' has weight 0: its failure puts the instance in FAULT, "
			       "so %s takes over (%u VIP%s move)\n",
			       f->instance->name, nodes[f->node].name, f->kind, f->ref->name,
			       nodes[f->backup_node].name, f->instance->vips.count,
			       f->instance->vips.count == 1 ? "" : "s");
		else
			printf("failover: %s (%s) %s '%s' weight %d: priority %d -> %d when it fails, %s %s's %d: "
			       "%s (%u VIP%s)\n",
			       f->instance->name, nodes[f->node].name, f->kind, f->ref->name, f->ref->weight_effective,
			       f->priority, f->failed_priority,
			       f->moves ? "below" : f->failed_priority == f->backup_priority ? "equal to" : "not below",
			       nodes[f->backup_node].name, f->backup_priority,
			       f->moves ? "the backup takes over" : "the VIPs stay", f->instance->vips.count,
			       f->instance->vips.count == 1 ? "" : "s");
	}
}

static int print_json(struct vg_conf *const *confs, size_t n, const struct vg_diags *d,
		      const struct vg_cluster_node *nodes, const struct vg_cluster_report *rep)
{
	size_t cap = 1 << 16;

	for (int attempt = 0; attempt < 2; attempt++) {
		char *buf = malloc(cap);
		struct vg_json j;
		if (!buf)
			return -1;
		vg_json_init(&j, buf, cap);
		vg_json_begin_object(&j, NULL);
		vg_json_begin_array(&j, "files");
		for (size_t i = 0; i < n; i++)
			if (confs[i])
				vg_json_conf(&j, NULL, confs[i]);
		vg_json_end_array(&j);
		vg_json_diags(&j, "findings", d);
		vg_json_failovers(&j, "failovers", nodes, rep);
		vg_json_int(&j, "errors", d->errors);
		vg_json_int(&j, "warnings", d->warnings);
		vg_json_end_object(&j);
		if (j.len < cap) {
			printf("%s\n", buf);
			free(buf);
			return 0;
		}
		cap = j.len + 1;
		free(buf);
	}
	return -1;
}

/*
 * The keyword status table (conf/keyword_status.h) as the markdown that
 * docs/config.md holds between its "keywords" markers (tests/keyword_docs.sh).
 */
static void print_keywords(FILE *f)
{
	size_t n = vg_kw_status_count(), count[5] = { 0 };
	struct vg_kw_info in;

	for (size_t i = 0; i < n; i++)
		if (vg_kw_status_get(i, &in))
			count[in.status]++;
	fprintf(f, "%zu keywords (one line per block they appear in): %zu acted on by vigild, %zu by the "
		"simulator only, %zu not supported yet, %zu ignored or refused as keepalived 2.2.7 does.\n\n", n,
		count[VG_KW_VIGILD], count[VG_KW_SIM_ONLY], count[VG_KW_NOT_YET], count[VG_KW_AS_KEEPALIVED]);
	fputs("| block | keyword | status | why not (yet) |\n| --- | --- | --- | --- |\n", f);
	for (size_t i = 0; i < n; i++) {
		if (!vg_kw_status_get(i, &in))
			continue;
		fprintf(f, "| %s | `%s` | %s | %s |\n", in.block, in.keyword,
			in.status == VG_KW_VIGILD ? "vigild" : vg_kw_status_name(in.status),
			in.reason ? in.reason : "");
	}
}

int vg_cmd_check(int argc, char **argv)
{
	const char *files[CHECK_FILES_MAX];
	struct vg_conf *confs[CHECK_FILES_MAX];
	struct vg_cluster_node nodes[CHECK_FILES_MAX];
	struct vg_cluster_report *rep = NULL;
	size_t nfiles = 0, nnodes = 0;
	const char *config_id = NULL;
	bool json = false, host = false, quiet = false, unreadable = false, ipvs = false;
	struct vg_diags d;
	int status;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
			const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : "");
			if (strcmp(v, "json") == 0)
				json = true;
			else if (strcmp(v, "text") != 0) {
				fprintf(stderr, "vigil check: unknown format '%s' (text or json)\n", v);
				return 2;
			}
		} else if (strcmp(a, "--host") == 0) {
			host = true;
		} else if (strcmp(a, "--keywords") == 0) {
			print_keywords(stdout);
			return 0;
		} else if (strcmp(a, "--ipvs") == 0) {
			ipvs = true;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			quiet = true;
		} else if (strcmp(a, "-i") == 0 || strcmp(a, "--config-id") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "vigil check: %s needs a value\n", a);
				return 2;
			}
			config_id = argv[++i];
		} else if (strcmp(a, "--") == 0) {
			for (i++; i < argc && nfiles < CHECK_FILES_MAX; i++)
				files[nfiles++] = argv[i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "vigil check: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (nfiles < CHECK_FILES_MAX) {
			files[nfiles++] = a;
		} else {
			fprintf(stderr, "vigil check: at most %d files\n", CHECK_FILES_MAX);
			return 2;
		}
	}
	if (!nfiles) {
		usage(stderr);
		return 2;
	}
	if (ipvs && (nfiles != 1 || json)) {
		fprintf(stderr, "vigil check: --ipvs takes one file and text output\n");
		return 2;
	}
	vg_diags_init(&d);
	for (size_t i = 0; i < nfiles; i++) {
		int rc = vg_conf_load(files[i], config_id, &confs[i], &d);
		if (rc == VG_CONF_ERR_NOMEM) {
			fprintf(stderr, "vigil check: out of memory\n");
			return 2;
		}
		if (!confs[i]) {
			unreadable = true;
			continue;
		}
		vg_conf_lint(confs[i], &d);
		/* what vigild -t reports too: instances it will not run, keywords it does not act on */
		if (vg_node_conf_check(confs[i], &d) == VG_CONF_ERR_NOMEM) {
			fprintf(stderr, "vigil check: out of memory\n");
			return 2;
		}
		if (host)
			vg_host_check(confs[i], &d);
		if (lvs_table(confs[i], &d, ipvs && !quiet ? stdout : NULL) != 0) {
			fprintf(stderr, "vigil check: out of memory\n");
			return 2;
		}
		vg_conf_diags_fill_text(confs[i], &d, 0); /* the tree keeps no line text */
		nodes[nnodes].name = files[i];
		nodes[nnodes].conf = confs[i];
		nnodes++;
	}
	if (nnodes > 1) {
		rep = calloc(1, sizeof(*rep));
		vg_cluster_check(nodes, nnodes, &d, rep);
	}
	vg_diags_sort(&d);
	if (!quiet) {
		if (json)
			print_json(confs, nfiles, &d, nodes, rep);
		else {
			print_text(ipvs ? stderr : stdout, &d);
			print_failovers(nodes, rep);
		}
	}
	status = (d.errors || unreadable) ? 2 : d.warnings ? 1 : 0;
	for (size_t i = 0; i < nfiles; i++)
		vg_conf_free(confs[i]);
	free(rep);
	vg_diags_free(&d);
	return status;
}
