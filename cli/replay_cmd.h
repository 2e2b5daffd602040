/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VG_CLI_REPLAY_CMD_H
#define VG_CLI_REPLAY_CMD_H

/* vigil replay FILE [--pcap FILE] [--svg FILE] [-v]: a vigild flight recording through the simulator. */
int vg_cmd_replay(int argc, char **argv);

#endif
