/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the BFD driver: keepalived's bfd process inside vigild.
 *
 * It runs one BFD session (core/bfd/session.h) per configured bfd_instance,
 * single hop as RFC 5881 says: Control packets to UDP 3784 from a source
 * port in 49152..65535 with TTL / Hop Limit as configured (255 for IPv4, 64
 * for IPv6, keepalived's defaults), received on one socket per family bound
 * to port 3784 and checked for TTL (GTSM, RFC 5881 5; keepalived's
 * max_hops). Sessions are found by Your Discriminator, or by the source
 * (and destination, with source_ip) address while that is zero.
 *
 * Every Up / Down of a session goes to the hook (daemon.c wires it to the
 * VRRP driver's track_bfd and the checker driver's BFD_CHECK), limited by
 * the instance's `vrrp` / `checker` keywords as keepalived does.
 */
#ifndef VGD_BFD_DRIVER_H
#define VGD_BFD_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"
#include "driver.h"
#include "options.h"

struct vgd_bfd_hooks {
	/* bfd_instance `name` (id = 1 + its index in conf->bfd_instances) is up or down now */
	void (*vrrp)(void *ctx, uint16_t id, const char *name, bool up, vg_time now);
	void (*checker)(void *ctx, uint16_t id, const char *name, bool up, vg_time now);
	void *ctx;
};

/* .self is NULL on failure (diagnostics in dg). */
struct vgd_driver vgd_bfd_new(const struct vgd_opts *o, const struct vg_conf *conf, struct vg_diags *dg);
void vgd_bfd_set_hooks(struct vgd_driver *d, const struct vgd_bfd_hooks *h);

/* Is bfd_instance `name` Up now (a checker starting, a VRRP reload)? */
bool vgd_bfd_is_up(const struct vgd_driver *d, const char *name);

#endif
