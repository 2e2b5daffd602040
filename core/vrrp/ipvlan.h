/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: use_ipvlan: the ipvlan interface an instance sends its adverts from,
 * as keepalived 2.2.7 makes it (observed in the ipvs-vm guest,
 * tests/ipvs-vm/test_use_ipvlan.sh).
 *
 * `use_ipvlan [NAME] [ADDRESS[/LEN]] [bridge|private|vepa]`: an ipvlan in
 * mode l2 on the instance's interface, flags bridge unless written, named
 * NAME, else PREFIX.VRID (vmac_prefix, default "vrrp": vrrp.52 for VRID
 * 52; vigild names an IPv6 instance's the same way). ADDRESS goes on the ipvlan
 * and is the adverts' source unless mcast_src_ip / unicast_src_ip says
 * otherwise; the VIPs stay on the parent.
 */
#ifndef VG_VRRP_IPVLAN_H
#define VG_VRRP_IPVLAN_H

#include <stdbool.h>

#include "conf/conf.h"
#include "vrrp/vmac.h"

/* The ipvlan's name for instance ci (false: it has no use_ipvlan). */
bool vg_ipvlan_name(const struct vg_conf *conf, const struct vg_conf_instance *ci, uint8_t vrid,
		    char out[VG_VMAC_NAME_MAX]);

#endif
