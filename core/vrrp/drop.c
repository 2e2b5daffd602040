// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: names of the drop reasons.
 */
#include "vrrp/drop.h"

const char *vg_vrrp_drop_name(enum vg_vrrp_drop reason)
{
	static const char *const names[VG_DROP__COUNT] = {
		[VG_DROP_NONE] = "none",
		[VG_DROP_TTL] = "ttl",
		[VG_DROP_VERSION] = "version",
		[VG_DROP_TYPE] = "type",
		[VG_DROP_LENGTH] = "length",
		[VG_DROP_CHECKSUM] = "checksum",
		[VG_DROP_VRID] = "vrid",
		[VG_DROP_OWNER] = "owner",
		[VG_DROP_FAMILY] = "family",
		[VG_DROP_AUTH_TYPE] = "auth-type",
		[VG_DROP_AUTH] = "auth",
		[VG_DROP_INTERVAL] = "interval",
		[VG_DROP_ADDR_LIST] = "addr-list",
		[VG_DROP_LOOP] = "loop",
		[VG_DROP_STATE] = "state",
		[VG_DROP_LOWER_PRIO] = "lower-priority",
		[VG_DROP_UNICAST_SRC] = "unicast-src",
	};

	if ((unsigned)reason >= VG_DROP__COUNT)
		return "unknown";
	return names[reason];
}
