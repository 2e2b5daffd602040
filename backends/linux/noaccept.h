/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: Accept_Mode False (RFC 5798 6.1, keepalived `no_accept` / vrrp_strict).
 *
 * A Master that does not own its VIPs "MUST NOT accept packets addressed
 * to" them unless Accept_Mode is True (RFC 5798 6.4.3). The kernel would
 * accept anything sent to an installed address, so the VIPs of no_accept
 * instances go into nftables sets that an input-hook chain drops (except
 * IPv6 neighbour discovery, which must keep working). By default one table,
 * "vigild", family inet; with global_defs `nftables [TABLE]` keepalived's
 * tables ip/ip6 TABLE (core/vrrp/nftrules.h says how they look), through
 * libnftables; removed on stop and by --cleanup.
 */
#ifndef VGD_NOACCEPT_H
#define VGD_NOACCEPT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/addr.h"
#include "conf/conf.h"
#include "vrrp/nftrules.h"

struct vgd_noaccept;

/* The layout a configuration asks for (its strings are the conf's). */
struct vg_nft_opts vgd_noaccept_opts(const struct vg_conf_global *g);

/* o is copied. */
struct vgd_noaccept *vgd_noaccept_open(const struct vg_nft_opts *o, char *err, size_t errlen);
/* The layout na was opened with (a reload keeps it). */
const struct vg_nft_opts *vgd_noaccept_layout(const struct vgd_noaccept *na);
/*
 * Start (block = true) or stop dropping traffic to a VIP on interface
 * ifindex (link-local VIPs of keepalived's layout are matched with it);
 * dont_track_primary: its instance's. Returns 0 or -1 with err.
 */
int vgd_noaccept_set(struct vgd_noaccept *na, const struct vg_addr *vip, uint32_t ifindex, bool dont_track_primary,
		     bool block, char *err, size_t errlen);
/* Remove the tables made (if they exist) and free. */
void vgd_noaccept_close(struct vgd_noaccept *na);
/* Remove vigild's table and those of layout o (NULL: vigild's only) that a killed daemon left. 0: one was removed. */
int vgd_noaccept_cleanup(const struct vg_nft_opts *o);

#endif
