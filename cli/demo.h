/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VG_CLI_DEMO_H
#define VG_CLI_DEMO_H

int vg_cmd_demo(int argc, char **argv);

#endif
