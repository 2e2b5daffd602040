/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: make an ipvlan interface (use_ipvlan, core/vrrp/ipvlan.h).
 *
 * RTM_NEWLINK kind "ipvlan", mode l2 and the flags (IFLA_IPVLAN_FLAGS: 0
 * bridge, 1 private, 2 vepa) on its parent, up. libnl-3 has no setter for
 * the flags, so the message is built here; it goes through a socket of its
 * own (made once per call: an ipvlan is made once per instance).
 */
#ifndef VGL_NL_IPVLAN_H
#define VGL_NL_IPVLAN_H

#include <stddef.h>
#include <stdint.h>

/* The ipvlan's ifindex (an existing ipvlan of that name on that parent is taken as it is), or 0 with err set. */
uint32_t vgl_nl_ipvlan_create(uint32_t parent, const char *name, uint16_t flags, char *err, size_t n);

#endif
