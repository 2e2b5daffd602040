/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VG_CLI_SIM_CMD_H
#define VG_CLI_SIM_CMD_H

int vg_cmd_sim(int argc, char **argv);

#endif
