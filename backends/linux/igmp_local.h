/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: global_defs disable_local_igmp.
 *
 * As keepalived 2.2.7 does (observed in a network namespace: 1 before, 0
 * while it ran, 1 again after it stopped): at start, when
 * /proc/sys/net/ipv4/igmp_link_local_mcast_reports (of vigild's network
 * namespace) reads 1, write 0 so that the kernel sends no IGMP reports for
 * 224.0.0.0/24 groups such as VRRP's; write 1 back at stop. A reload does
 * not change it (keepalived: "Cannot change disable_local_igmp at a reload").
 */
#ifndef VGD_IGMP_LOCAL_H
#define VGD_IGMP_LOCAL_H

#include <stdbool.h>

/* Returns true when it wrote 0 (and vgd_igmp_local_restore must write 1 back). */
bool vgd_igmp_local_disable(void);
void vgd_igmp_local_restore(bool changed);

#endif
