/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: use_ipvlan: the ipvlan's name (ipvlan.h). */
#include "vrrp/ipvlan.h"

#include <stdio.h>

bool vg_ipvlan_name(const struct vg_conf *conf, const struct vg_conf_instance *ci, uint8_t vrid,
		    char out[VG_VMAC_NAME_MAX])
{
	if (!ci->use_ipvlan)
		return false;
	if (ci->ipvlan_name) {
		snprintf(out, VG_VMAC_NAME_MAX, "%s", ci->ipvlan_name);
		return true;
	}
	/* keepalived 2.2.7: "use_ipvlan 192.0.2.60/24 private" on VRID 52 made vrrp.52 */
	vg_vmac_candidate(conf->global.vmac_prefix ? conf->global.vmac_prefix : "vrrp", vrid, VG_AF_INET, 0, out);
	return true;
}
