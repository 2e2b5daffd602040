/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: Accept_Mode False (RFC 5798 6.1, keepalived `no_accept` / vrrp_strict).
 *
 * A Master that does not own its VIPs "MUST NOT accept packets addressed
 * to" them unless Accept_Mode is True (RFC 5798 6.4.3). The kernel would
 * accept anything sent to an installed address, so the VIPs of no_accept
 * instances go into nftables sets that an input-hook chain drops (except
 * IPv6 neighbour discovery, which must keep working). One table, "vigild",
 * family inet, through libnftables; removed on stop and by --cleanup.
 */
#ifndef VGD_NOACCEPT_H
#define VGD_NOACCEPT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/addr.h"

struct vgd_noaccept;

struct vgd_noaccept *vgd_noaccept_open(char *err, size_t errlen);
/* Start (block = true) or stop dropping traffic to a VIP. Returns 0 or -1 with err. */
int vgd_noaccept_set(struct vgd_noaccept *na, const struct vg_addr *vip, bool block, char *err, size_t errlen);
/* Remove the table (if it exists) and free. */
void vgd_noaccept_close(struct vgd_noaccept *na);
/* Remove the table a killed daemon left, without opening a context first. */
int vgd_noaccept_cleanup(void);

#endif
