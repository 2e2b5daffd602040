/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VG_CLI_EXPLORE_CMD_H
#define VG_CLI_EXPLORE_CMD_H

int vg_cmd_explore(int argc, char **argv);

#endif
