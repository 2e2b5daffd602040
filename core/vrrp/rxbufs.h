/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: socket receive buffer sizes from global_defs (keepalived.conf(5)).
 *
 * VRRP sockets: vrrp_rx_bufs_policy MTU|ADVERT|BYTES with
 * vrrp_rx_bufs_multiplier (default 3), and an instance's kernel_rx_buf_size.
 * Each instance on a socket adds to its size (keepalived 2.2.7
 * vrrp_scheduler.c, read for the rule): its kernel_rx_buf_size if written,
 * else the policy's BYTES, else multiplier x its advert length (IPv4: with
 * the IP header), else multiplier x its interface's MTU. Nothing written:
 * 0, the kernel's default. keepalived ignores MTU/ADVERT when BYTES is also
 * given, and ADVERT when MTU is.
 *
 * Netlink and process-monitor sockets: <SIDE>_rcv_bufs BYTES and
 * <SIDE>_rcv_bufs_force [BOOL] (SO_RCVBUFFORCE, past rmem_max).
 */
#ifndef VG_VRRP_RXBUFS_H
#define VG_VRRP_RXBUFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"

enum vg_rxbufs_kind { VG_RXBUFS_NONE = 0, VG_RXBUFS_MTU, VG_RXBUFS_ADVERT, VG_RXBUFS_SIZE };

struct vg_rxbufs_policy {
	enum vg_rxbufs_kind kind;
	uint32_t size;       /* VG_RXBUFS_SIZE */
	uint32_t multiplier; /* default 3 */
};

/* Reads vrrp_rx_bufs_policy / _multiplier. A bad word is skipped: returns
   false with a message in msg (the rest applies, as in keepalived). */
bool vg_rxbufs_policy_read(const struct vg_conf_global *g, struct vg_rxbufs_policy *out, char *msg, size_t msglen);

/* What one instance adds to its socket's buffer (bytes; 0: nothing). mtu:
   its interface's MTU (0 if unknown). */
uint64_t vg_rxbufs_instance(const struct vg_rxbufs_policy *p, const struct vg_conf_instance *in, uint32_t mtu);

/* The instance's kernel_rx_buf_size (0: not written or bad). */
uint32_t vg_rxbufs_kernel_size(const struct vg_conf_instance *in);

/* A VRRP advert's length on the wire as keepalived counts it (IPv4 with its
   20-byte header, and the AH header with auth_type AH). */
uint32_t vg_rxbufs_advert_len(const struct vg_conf_instance *in);

struct vg_rcvbuf {
	uint32_t bytes; /* 0: leave the socket's size */
	bool force;     /* SO_RCVBUFFORCE */
};

/* side: "vrrp_netlink_cmd", "vrrp_netlink_monitor", "lvs_netlink_cmd",
   "lvs_netlink_monitor", "process_monitor". */
struct vg_rcvbuf vg_rcvbuf_read(const struct vg_conf_global *g, const char *side);

#endif
