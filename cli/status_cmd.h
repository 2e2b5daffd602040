/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: `vigil status`: the running vigild's snapshot from its control socket (cli/status.c).
 */
#ifndef VG_CLI_STATUS_CMD_H
#define VG_CLI_STATUS_CMD_H

/* `vigil status [--socket PATH] [--json] [--watch [SECONDS]]` */
int vg_cmd_status(int argc, char **argv);

#endif
