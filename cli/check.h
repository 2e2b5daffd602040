/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: `vigil check FILE...`: parse, lint and cross-check keepalived.conf files.
 *
 * One file: the parser's diagnostics plus the linter's. Several files (one
 * per node of a cluster): also the cross-node checks. `--host` adds checks
 * against this machine (interfaces, scripts). Exit status: 0 clean,
 * 1 warnings only, 2 errors (or a file that cannot be read).
 */
#ifndef VG_CLI_CHECK_H
#define VG_CLI_CHECK_H

/* argv[0] is "check". Returns the exit status. */
int vg_cmd_check(int argc, char **argv);

#endif
