/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: socket receive buffers sized from global_defs (core/vrrp/rxbufs.h
 * reads the keywords): SO_RCVBUF, or SO_RCVBUFFORCE (past
 * net.core.rmem_max, needs CAP_NET_ADMIN) for the *_rcv_bufs_force forms.
 */
#ifndef VGD_RCVBUF_H
#define VGD_RCVBUF_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "vrrp/rxbufs.h"

/* 0 (bytes 0: nothing to do) or -errno */
int vgd_rcvbuf_set(int fd, uint32_t bytes, bool force);

/* Applies a side's <side>_rcv_bufs[_force] to fd, logging a failure. */
void vgd_rcvbuf_apply(int fd, const struct vg_conf_global *g, const char *side);

/* The MTU of interface name (0 if unknown). */
uint32_t vgd_rcvbuf_mtu(int fd, const char *name);

struct vgd_vrrp;
struct vgd_gen;
/* vrrp_rx_bufs_policy / kernel_rx_buf_size on the VRRP sockets (vgd_vrrp_sockets_update) */
void vgd_vrrp_rx_bufs(struct vgd_vrrp *vr, struct vgd_gen *g);

#endif
