/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "noaccept.h"

#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int run(struct nft_ctx *nft, const char *cmd, char *err, size_t errlen)
{
	int rc;

	nft_ctx_buffer_error(nft);
	rc = nft_run_cmd_from_buffer(nft, cmd);
	if (rc && err) {
		const char *e = nft_ctx_get_error_buffer(nft);

		snprintf(err, errlen, "nftables: %s", e && *e ? e : "command failed");
		if (strlen(err) && err[strlen(err) - 1] == '\n')
			err[strlen(err) - 1] = 0;
	}
	nft_ctx_unbuffer_error(nft);
	return rc ? -1 : 0;
}

struct vgd_noaccept *vgd_noaccept_open(char *err, size_t errlen)
{
	struct vgd_noaccept *na = calloc(1, sizeof(*na));

	if (!na) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	na->nft = nft_ctx_new(NFT_CTX_DEFAULT);
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
	nft_ctx_free(na->nft);
	free(na);
}

int vgd_noaccept_cleanup(void)
{
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
	int rc;

	if (!nft)
		return -1;
	nft_ctx_buffer_error(nft);
	rc = nft_run_cmd_from_buffer(nft, "delete table inet vigild\n");
	nft_ctx_free(nft);
	return rc ? 1 : 0; /* 1: there was none */
}
