// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the names of VRRP states and reasons (the effect list is base/action.c).
 */
#include "vrrp/action.h"

const char *vg_vrrp_state_name(enum vg_vrrp_state s)
{
	static const char *const names[VG_STATE__COUNT] = { "INIT", "BACKUP", "MASTER", "FAULT" };

	return (unsigned)s < VG_STATE__COUNT ? names[s] : "?";
}

const char *vg_vrrp_why_name(enum vg_vrrp_why w)
{
	static const char *const names[VG_WHY__COUNT] = {
		"startup", "owner", "master-down", "preempted", "shutdown", "fault", "fault-cleared", "sync", "vip-gone",
	};

	return (unsigned)w < VG_WHY__COUNT ? names[w] : "?";
}
