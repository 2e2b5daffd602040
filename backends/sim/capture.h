/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: writing the simulated wire to a pcap file through libpcap.
 *
 * Every advert a node sends becomes one Ethernet/IPv4|IPv6/VRRP frame and
 * every GARP effect one gratuitous ARP (or unsolicited NA) per VIP and
 * repeat, stamped with the virtual time. Node k has the MAC
 * 02:00:00:00:00:{k+1}.
 */
#ifndef VG_SIM_CAPTURE_H
#define VG_SIM_CAPTURE_H

#include "sim/sim.h"

struct vg_sim_capture;

/* Open `path` for writing; NULL (and a message in err) on failure. */
struct vg_sim_capture *vg_sim_capture_open(const char *path, char *err, size_t errlen);

/* Record one effect of node `node` at the simulator's current time. */
void vg_sim_capture_action(struct vg_sim_capture *c, const struct vg_sim *s, uint8_t node,
			   const struct vg_action *a);

/* Write one ready-made Ethernet frame stamped `now` (vigil conform). */
void vg_sim_capture_frame(struct vg_sim_capture *c, vg_time now, const uint8_t *frame, size_t len);

/* Frames written so far. */
unsigned long vg_sim_capture_frames(const struct vg_sim_capture *c);

void vg_sim_capture_close(struct vg_sim_capture *c);

#endif
