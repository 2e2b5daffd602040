/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: names of the probe error codes (core/probe/probe.h).
 */
#include "probe/probe.h"

const char *vg_probe_strerror(int err)
{
	switch (err) {
	case VG_PROBE_E_MALFORMED:
		return "malformed";
	case VG_PROBE_E_TOO_LARGE:
		return "too-large";
	case VG_PROBE_E_TRUNCATED:
		return "truncated";
	case VG_PROBE_E_UNSUPPORTED:
		return "unsupported";
	case VG_PROBE_E_MISMATCH:
		return "mismatch";
	case VG_PROBE_E_REFUSED:
		return "refused";
	case VG_PROBE_E_NOSPACE:
		return "no-space";
	case VG_PROBE_E_INVAL:
		return "invalid-argument";
	default:
		return "?";
	}
}
