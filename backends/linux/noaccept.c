/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the no_accept nftables table (see noaccept.h).
 *
 * libnftables (with libnftnl, libmnl, libgmp, libjansson and libxtables
 * behind it: about 0.6 MiB resident in every process that maps them) is
 * opened with dlopen() the first time it is needed, so a vigild without a
 * no_accept Master never maps it. The prototypes come from its header; the
 * soname is the one the header belongs to.
 */
#include "noaccept.h"

#include <dlfcn.h>
#include <net/if.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFT_SONAME "libnftables.so.1"

/* The entry points we use, resolved once per process. */
static struct {
	bool tried;
	void *lib;
	__typeof__(&nft_ctx_new) ctx_new;
	__typeof__(&nft_ctx_free) ctx_free;
	__typeof__(&nft_ctx_buffer_error) buffer_error;
	__typeof__(&nft_ctx_unbuffer_error) unbuffer_error;
	__typeof__(&nft_ctx_get_error_buffer) get_error_buffer;
	__typeof__(&nft_run_cmd_from_buffer) run_cmd;
	__typeof__(&nft_ctx_buffer_output) buffer_output;
} nft;

static bool sym(void *fnp, const char *name)
{
	void *p = dlsym(nft.lib, name);

	memcpy(fnp, &p, sizeof(p)); /* ISO C has no object-to-function pointer cast */
	return p != NULL;
}

/* Load libnftables; false (err filled) when it is not installed. */
static bool nft_load(char *err, size_t errlen)
{
	if (!nft.tried) {
		nft.tried = true;
		nft.lib = dlopen(NFT_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (nft.lib && !(sym(&nft.ctx_new, "nft_ctx_new") && sym(&nft.ctx_free, "nft_ctx_free") &&
				 sym(&nft.buffer_error, "nft_ctx_buffer_error") &&
				 sym(&nft.unbuffer_error, "nft_ctx_unbuffer_error") &&
				 sym(&nft.get_error_buffer, "nft_ctx_get_error_buffer") &&
				 sym(&nft.run_cmd, "nft_run_cmd_from_buffer") &&
				 sym(&nft.buffer_output, "nft_ctx_buffer_output"))) {
			dlclose(nft.lib);
			nft.lib = NULL;
		}
	}
	if (!nft.lib && err)
		snprintf(err, errlen, "nftables: cannot load %s", NFT_SONAME);
	return nft.lib != NULL;
}

struct vgd_noaccept {
	struct nft_ctx *nft;
	struct vg_nft_opts o;
	char table[VG_NFT_TABLE_MAX];
	uint32_t made; /* vg_nft_prepare's bits */
};

struct vg_nft_opts vgd_noaccept_opts(const struct vg_conf_global *g)
{
	struct vg_nft_opts o = { 0 };

	if (!g->nftables)
		return o;
	o.table = g->nftables;
	o.priority = g->nftables_priority.set ? (int32_t)g->nftables_priority.value : -1;
	o.counters = g->nftables_counters;
	o.ifindex = g->nftables_ifindex;
	return o;
}

static int run(struct nft_ctx *ctx, const char *cmd, char *err, size_t errlen)
{
	int rc;

	nft.buffer_error(ctx);
	rc = nft.run_cmd(ctx, cmd);
	if (rc && err) {
		const char *e = nft.get_error_buffer(ctx);

		snprintf(err, errlen, "nftables: %s", e && *e ? e : "command failed");
		if (strlen(err) && err[strlen(err) - 1] == '\n')
			err[strlen(err) - 1] = 0;
	}
	nft.unbuffer_error(ctx);
	return rc ? -1 : 0;
}

struct vgd_noaccept *vgd_noaccept_open(const struct vg_nft_opts *o, char *err, size_t errlen)
{
	struct vgd_noaccept *na;

	if (!nft_load(err, errlen))
		return NULL;
	na = calloc(1, sizeof(*na));
	if (!na) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	na->o = *o;
	if (o->table) {
		snprintf(na->table, sizeof(na->table), "%s", o->table);
		na->o.table = na->table;
	}
	na->nft = nft.ctx_new(NFT_CTX_DEFAULT);
	if (!na->nft) {
		snprintf(err, errlen, "nftables: cannot create a context");
		free(na);
		return NULL;
	}
	return na;
}

const struct vg_nft_opts *vgd_noaccept_layout(const struct vgd_noaccept *na)
{
	return &na->o;
}

int vgd_noaccept_set(struct vgd_noaccept *na, const struct vg_addr *vip, uint32_t ifindex, bool dont_track_primary,
		     bool block, char *err, size_t errlen)
{
	char cmd[4096], ifname[IF_NAMESIZE] = "";
	enum vg_nft_set s;
	uint32_t made;

	if (!na)
		return -1;
	s = vg_nft_set_of(&na->o, vip, dont_track_primary);
	made = na->made;
	if (block) {
		if (vg_nft_prepare(&na->o, s, &made, cmd, sizeof(cmd)) < 0) {
			snprintf(err, errlen, "nftables: table name too long");
			return -1;
		}
		if (cmd[0] && run(na->nft, cmd, err, errlen))
			return -1;
		na->made = made;
	} else if (vg_nft_prepare(&na->o, s, &made, cmd, sizeof(cmd)) != 0) {
		return 0; /* nothing of its set was made: nothing to delete */
	}
	if (s == VG_NFT_LL_NAME && !if_indextoname(ifindex, ifname))
		ifname[0] = 0;
	if (vg_nft_element(&na->o, s, block, vip, ifindex, ifname, cmd, sizeof(cmd)) < 0)
		return -1;
	if (run(na->nft, cmd, block ? err : NULL, errlen) && block)
		return -1;
	return 0;
}

void vgd_noaccept_close(struct vgd_noaccept *na)
{
	char cmd[1024];

	if (!na)
		return;
	if (vg_nft_teardown(&na->o, &na->made, cmd, sizeof(cmd)) > 0)
		run(na->nft, cmd, NULL, 0);
	nft.ctx_free(na->nft);
	free(na);
}

static bool table_exists(struct nft_ctx *ctx, const char *family, const char *table)
{
	char cmd[VG_NFT_TABLE_MAX + 32];

	snprintf(cmd, sizeof(cmd), "list table %s %s\n", family, table);
	nft.buffer_output(ctx);
	nft.buffer_error(ctx);
	return nft.run_cmd(ctx, cmd) == 0;
}

int vgd_noaccept_cleanup(const struct vg_nft_opts *o)
{
	struct nft_ctx *ctx;
	char cmd[1024];
	int rc = 1;

	if (!nft_load(NULL, 0))
		return -1;
	ctx = nft.ctx_new(NFT_CTX_DEFAULT);
	if (!ctx)
		return -1;
	nft.buffer_error(ctx);
	if (nft.run_cmd(ctx, "delete table inet vigild\n") == 0)
		rc = 0;
	if (o && o->table && (table_exists(ctx, "ip", o->table) || table_exists(ctx, "ip6", o->table)) &&
	    vg_nft_teardown(o, NULL, cmd, sizeof(cmd)) > 0 && nft.run_cmd(ctx, cmd) == 0)
		rc = 0;
	nft.ctx_free(ctx);
	return rc; /* 1: there was none */
}
