/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: which checker types vigild runs: one line per type (probe.h).
 *
 * A type that is not listed is reported as not run (`vigild -t` notes, a
 * warning at start) and its checker stays as at start (up unless alpha).
 */
#include "probe.h"

static const struct vgc_probe_ops *const types[VG_LVS_CHECK__COUNT] = {
	[VG_LVS_CHECK_TCP] = &vgc_probe_tcp,
	[VG_LVS_CHECK_HTTP] = &vgc_probe_http,
	[VG_LVS_CHECK_SSL] = &vgc_probe_ssl,
	[VG_LVS_CHECK_SMTP] = &vgc_probe_smtp,
	[VG_LVS_CHECK_DNS] = &vgc_probe_dns,
	[VG_LVS_CHECK_UDP] = &vgc_probe_udp,
	[VG_LVS_CHECK_PING] = &vgc_probe_ping,
	[VG_LVS_CHECK_MISC] = &vgc_probe_misc,
	/* FILE_CHECK is no probe: probe_file.h's watcher feeds VG_LVS_EV_FILE */
};

const struct vgc_probe_ops *vgc_probe_ops_for(uint8_t type)
{
	return type < VG_LVS_CHECK__COUNT ? types[type] : NULL;
}
