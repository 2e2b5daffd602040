/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: reading the configuration and reloading it across the drivers.
 *
 * The configuration is parsed once, here, for every driver: the root owns
 * the tree and the drivers keep pointers into it. A reload (SIGHUP) parses
 * the file anew; each driver prepares from it; the diagnostics of the
 * parse and of every driver's plan are printed together; then, if no
 * driver refused and the file has no error, every driver commits and the
 * old tree is freed, else every driver aborts and the running
 * configuration stays (a reload is strict; at start-up keepalived runs what
 * it understood, and so do we). systemd hears RELOADING=1, then READY=1.
 */
#ifndef VGD_RELOAD_H
#define VGD_RELOAD_H

#include <stddef.h>
#include <stdio.h>

#include "driver.h"
#include "options.h"

/* Parse o->conf; diagnostics added to dg. NULL (logged, with dg printed) when it cannot be read. */
struct vg_conf *vgd_conf_read(const struct vgd_opts *o, struct vg_diags *dg);

struct utsname;
/* The config_id of @^ conditionals: -i, else the host name. */
const char *vgd_config_id(const struct vgd_opts *o, struct utsname *u);

/* Print diagnostics to f, or to the log when f is NULL. */
void vgd_print_diags(const struct vg_diags *dg, FILE *f);

/* SIGHUP: reload drivers drv[0..n-1]; on success *conf is the new tree (the old one freed). */
void vgd_reload(const struct vgd_opts *o, struct vgd_driver *drv, size_t n, struct vg_conf **conf, vg_time now);

#endif
