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
 *
 * Unchanged files: the running tree comes with a record of what its parse
 * read (host/conf_record.h: each file's SHA-256, each include pattern's
 * expansion, the config_id, the plan's rt_tables files). A SIGHUP first
 * reads those again; when all are the same, a new parse would give the
 * same tree, so the reload is a no-op: "Reloading configuration FILE:
 * unchanged", the keyword warnings once, RELOADING=1 / READY=1, and no
 * driver is asked anything. A record is tainted (never unchanged) when the
 * tree used ${_RANDOM} or the running configuration has errors.
 */
#ifndef VGD_RELOAD_H
#define VGD_RELOAD_H

#include <stddef.h>
#include <stdio.h>

#include "driver.h"
#include "options.h"

/* Parse o->conf; diagnostics added to dg. NULL (logged, with dg printed) when it cannot be read. */
struct vg_conf *vgd_conf_read(const struct vgd_opts *o, struct vg_diags *dg);

struct vg_conf_record;
/* The same, recording what the parse and the plan read into a new *rec (NULL with the tree, or out of memory). */
struct vg_conf *vgd_conf_read_recorded(const struct vgd_opts *o, struct vg_diags *dg, struct vg_conf_record **rec);

struct utsname;
/* The config_id of @^ conditionals: -i, else the host name. */
const char *vgd_config_id(const struct vgd_opts *o, struct utsname *u);

/* Print diagnostics to f, or to the log when f is NULL. */
void vgd_print_diags(const struct vg_diags *dg, FILE *f);

enum vgd_reload_result {
	VGD_RELOAD_FAILED,    /* the running configuration stays */
	VGD_RELOAD_DONE,      /* parsed, planned and committed: *conf is the new tree */
	VGD_RELOAD_UNCHANGED, /* the files read the same as *rec: nothing was done */
};

/*
 * SIGHUP: reload drivers drv[0..n-1]; on success *conf is the new tree (the
 * old one freed) and *rec its record. rec NULL: no record, always a full
 * reload; *rec NULL: a full reload that records.
 */
enum vgd_reload_result vgd_reload(const struct vgd_opts *o, struct vgd_driver *drv, size_t n, struct vg_conf **conf,
				  struct vg_conf_record **rec, vg_time now);

#endif
