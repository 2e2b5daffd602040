/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: use_ipvlan in vigild (vrrp_ipvlan.c). */
#ifndef VGD_VRRP_IPVLAN_H
#define VGD_VRRP_IPVLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_driver.h"

/* Instance i's ipvlan made (once) with its address; its adverts leave by it. */
void vgd_vrrp_ipvlan(struct vgd_vrrp *vr, struct vgd_gen *g, uint16_t i);
/* Instance i's vmac_kidx is an ipvlan (the VIPs stay on the parent). */
bool vgd_vrrp_is_ipvlan(const struct vgd_gen *g, uint16_t i);

#endif
