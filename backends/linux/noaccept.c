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
				 sym(&nft.run_cmd, "nft_run_cmd_from_buffer"))) {
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
	bool table;
};

static const char table_def[] =
	"add table inet vigild\n"
	"add set inet vigild vips4 { type ipv4_addr; }\n"
	"add set inet vigild vips6 { type ipv6_addr; }\n"
	"add chain inet vigild input { type filter hook input priority -10; policy accept; }\n"
	"add rule inet vigild input ip daddr @vips4 drop\n"
	"add rule inet vigild input ip6 daddr @vips6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n"
	"add rule inet vigild input ip6 daddr @vips6 drop\n";

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

struct vgd_noaccept *vgd_noaccept_open(char *err, size_t errlen)
{
	struct vgd_noaccept *na;

	if (!nft_load(err, errlen))
		return NULL;
	na = calloc(1, sizeof(*na));
	if (!na) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	na->nft = nft.ctx_new(NFT_CTX_DEFAULT);
	if (!na->nft) {
		snprintf(err, errlen, "nftables: cannot create a context");
		free(na);
		return NULL;
	}
	return na;
}

int vgd_noaccept_set(struct vgd_noaccept *na, const struct vg_addr *vip, bool block, char *err, size_t errlen)
{
	char cmd[256], a[VG_ADDR_STRLEN];

	if (!na)
		return -1;
	if (!na->table) {
		if (!block)
			return 0;
		if (run(na->nft, table_def, err, errlen))
			return -1;
		na->table = true;
	}
	vg_addr_format(vip, a, sizeof(a));
	snprintf(cmd, sizeof(cmd), "%s element inet vigild %s { %s }\n", block ? "add" : "delete",
		 vip->family == VG_AF_INET6 ? "vips6" : "vips4", a);
	if (run(na->nft, cmd, block ? err : NULL, errlen) && block)
		return -1;
	return 0;
}

void vgd_noaccept_close(struct vgd_noaccept *na)
{
	if (!na)
		return;
	if (na->table)
		run(na->nft, "delete table inet vigild\n", NULL, 0);
	nft.ctx_free(na->nft);
	free(na);
}

int vgd_noaccept_cleanup(void)
{
	struct nft_ctx *ctx;
	int rc;

	if (!nft_load(NULL, 0))
		return -1;
	ctx = nft.ctx_new(NFT_CTX_DEFAULT);
	if (!ctx)
		return -1;
	nft.buffer_error(ctx);
	rc = nft.run_cmd(ctx, "delete table inet vigild\n");
	nft.ctx_free(ctx);
	return rc ? 1 : 0; /* 1: there was none */
}
