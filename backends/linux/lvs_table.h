/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver's pure half: kernel dump <-> table model, diff -> batch.
 *
 * The IPVS socket layer (ipvs/) speaks in `struct vgl_ipvs_service` /
 * `vgl_ipvs_dest` (the netlink attributes); the core's table model
 * (core/lvs/table.h) in `vg_lvs_tsvc` / `vg_lvs_tdest`, which the diff and
 * the ipvsadm formatter take. This file maps one to the other, turns the
 * operations of a diff into one batch of requests, each tagged with the
 * configuration file:line of its object, and counts what was queued. No
 * socket here: lvs_table_test.c runs it without root.
 */
#ifndef VGD_LVS_TABLE_H
#define VGD_LVS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "batch.h"
#include "lvs/from_conf.h"
#include "lvs/table.h"
#include "msg.h"
#include "sock.h"

/* A dumped kernel table as the model (initialised here, sorted). 0 or a VG_LVS_E* code. */
int vgd_lvs_from_kernel(const struct vgl_ipvs_table *k, struct vg_lvs_table *out);

/* One model service or destination as the netlink layer's struct. */
void vgd_lvs_svc_to_ipvs(const struct vg_lvs_tsvc *s, struct vgl_ipvs_service *out);
void vgd_lvs_dest_to_ipvs(const struct vg_lvs_tdest *d, struct vgl_ipvs_dest *out);

/*
 * Where the configuration writes a service of table t (its virtual_server
 * block) or a destination (its real_server, else the virtual server's
 * sorry_server line: the virtual_server block). map may be NULL: no tag.
 * dest < 0 names the service.
 */
struct vgl_ipvs_tag vgd_lvs_tag(const struct vg_lvs_conf_map *map, const struct vg_lvs_table *t, uint32_t svc,
				int64_t dest);

/*
 * Queue the operations of vg_lvs_table_diff(cur, want, ...) into b, in their
 * order; a SVC_DEL or DEST_DEL names an entry of cur (tagged from old_map),
 * the others of want (tagged from map). Returns the number queued, or a
 * negative VGL_IPVS_ERR_* (the batch is then partly filled).
 */
int64_t vgd_lvs_queue_ops(struct vgl_ipvs_batch *b, const struct vg_lvs_table *cur, const struct vg_lvs_table *want,
			  const struct vg_lvs_ops *ops, const struct vg_lvs_conf_map *map,
			  const struct vg_lvs_conf_map *old_map);

/*
 * What a stop does with the table, from global_defs' `lvs_flush_on_stop`
 * (kv: that keyword, NULL when absent), as keepalived 2.2.7 reads it
 * (global_parser.c lvs_flush_on_stop_handler, ipwrapper.c clear_services):
 * no keyword: remove each of its virtual servers (keepalived removes each
 * real server first; vigild lets the kernel drop them with their service,
 * the same table); bare `lvs_flush_on_stop`: one IPVS flush of the whole
 * table, foreign services too; `VS`: remove each virtual server without
 * its real servers first. Any other word is keepalived's config error
 * "Unknown lvs_flush_on_stop type X", and the keyword is then ignored (no
 * flush): a warning into dg.
 */
enum vgd_lvs_stop { VGD_LVS_STOP_SERVICES = 0, VGD_LVS_STOP_FLUSH, VGD_LVS_STOP_VS };
enum vgd_lvs_stop vgd_lvs_flush_on_stop(const struct vg_conf_kv *kv, struct vg_diags *dg);

/*
 * The services a running vigild owns, for `--ipvs-diff` in another process:
 * vigild writes them after each apply the kernel acked in full as the
 * `-A` lines of `ipvsadm -S -n` (vgd_lvs_owned_text), into the file
 * vgd_lvs_owned_path names beside its pid file (/run/keepalived.pid ->
 * /run/keepalived.ipvs), and removes it on stop.
 * vgd_lvs_owned_text: the `-A` lines of table t into a malloc'ed string (NULL: out of memory).
 * vgd_lvs_owned_parse: those lines back into a sorted table of services
 * (keys only: family, protocol, address, port or fwmark; other lines are
 * skipped). 0, VG_LVS_EINVAL naming the bad line in *bad_line, or VG_LVS_ENOMEM.
 */
void vgd_lvs_owned_path(const char *pid_file, char *buf, size_t len);
char *vgd_lvs_owned_text(const struct vg_lvs_table *t);
int vgd_lvs_owned_parse(const char *text, struct vg_lvs_table *out, uint32_t *bad_line);

/* An empty, sorted table (the desired table of a stop). 0 or VG_LVS_ENOMEM. */
int vgd_lvs_table_empty(struct vg_lvs_table *t);

/*
 * Every destination the configuration can put in the table: each mapped
 * service's keys with all its real servers (configured weights) and its
 * sorry server, as if every server were up. The rows of `vigil status` and
 * the real-server metrics, so that a server a checker took out (removed,
 * not inhibited) keeps its row, marked out. `out` is initialised here
 * (free it also after an error) and sorted. 0 or a VG_LVS_E* code.
 */
int vgd_lvs_table_all(const struct vg_lvs_conf_map *map, struct vg_lvs_table *out);

/*
 * Replace, in the sorted desired table w, the destinations of the services
 * sorted `part` holds (same keys) with part's; w's services are unchanged
 * and it stays sorted. Each service's contiguous range is rewritten in
 * place (another count: one move of the destinations after it), O(size of
 * w) at worst, no sort; only a key of part missing from w rebuilds and
 * sorts the whole table (its service is not added). 0 or -1 (out of
 * memory).
 */
int vgd_lvs_table_replace(struct vg_lvs_table *w, const struct vg_lvs_table *part);

/* The same for mapped service svc of map in run-time state st (lvs/table_from_conf.h). 0 or -1. */
int vgd_lvs_table_put(struct vg_lvs_table *w, const struct vg_lvs_conf_map *map, uint32_t svc,
		      const struct vg_lvs_service *st);

/* Destination (addr, port) of service `svc` of sorted table t, or NULL. */
const struct vg_lvs_tdest *vgd_lvs_table_dest(const struct vg_lvs_table *t, int64_t svc, const struct vg_addr *addr,
					      uint16_t port);

#endif
