/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: `vigil conform`: replay a pcap of adverts into one node, write what it sends.
 *
 * The offline half of the conformance suite (conformance/): the node runs
 * the real router on a virtual clock, its input is a pcap written by
 * scapy, its output a pcap the suite checks with scapy and tshark.
 */
#ifndef VG_CLI_CONFORM_CMD_H
#define VG_CLI_CONFORM_CMD_H

int vg_cmd_conform(int argc, char **argv);

#endif
