/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the IPVS table a configuration puts in the kernel (keepalived's mapping).
 *
 * From the mapped virtual servers (lvs/from_conf.h) and the run-time state
 * of each (lvs/service.h) to the kernel table model (lvs/table.h), the way
 * keepalived 2.2.7's check/ipvswrapper.c fills its rules:
 *   - one kernel service per key: the address:port or fwmark, or every
 *     address of every range and every fwmark of a virtual_server_group;
 *   - service: scheduler name, flags (ops only for UDP address services;
 *     sh-* only with sh, mh-* only with mh, flag-1..3 with any), with
 *     persistence the PERSISTENT flag, timeout, persistence_granularity as
 *     the netmask (IPv4 a mask, IPv6 a prefix length; for a group the host
 *     mask, as ipvs_group_range_cmd resets it) and persistence_engine;
 *     a fwmark service has protocol 0 (check_data.c ignores `protocol`);
 *   - destination: NAT keeps the real server's port, DR and TUN take the
 *     service's port (0 for fwmark), TUN carries its tunnel type, port and
 *     checksum flags; the weight is the effective weight while the server
 *     is alive and in the pool, 0 while inhibited (inhibit_on_failure, or
 *     the sorry server with sorry_server_inhibit while quorum holds);
 *     a sorry server equal to a real server is that destination.
 *
 * At start no checker has run: what keepalived's init_service_vs puts in
 * the table (every server up unless alpha; alpha servers out, or in at
 * weight 0 with inhibit_on_failure; the sorry server when quorum is not
 * reached) is vg_lvs_table_from_conf. keepalived's -t corrections
 * (check_data.c validate_check_config) are applied and reported with its
 * wording: protocol for a fwmark service, ops without UDP, a scheduler
 * flag for another scheduler, quorum above the total weight, hysteresis
 * not below quorum, DR/TUN real server ports, ha_suspend with fwmarks,
 * a virtual server without real servers.
 */
#ifndef VG_LVS_TABLE_FROM_CONF_H
#define VG_LVS_TABLE_FROM_CONF_H

#include "conf/conf.h"
#include "lvs/from_conf.h"
#include "lvs/service.h"
#include "lvs/table.h"

/*
 * The service attributes shared by every key of mapped service `cs`
 * (key left zero): scheduler, flags, persistence, netmask, engine.
 */
void vg_lvs_table_service_attrs(const struct vg_lvs_conf_map *map, const struct vg_lvs_conf_service *cs,
				struct vg_lvs_tsvc *out);

/*
 * Append what the kernel holds for mapped service `cs` in run-time state
 * `st` (started): one service per key with its destinations. 0,
 * VG_LVS_EFULL (the table is too small), or VG_LVS_EINVAL.
 */
int vg_lvs_table_put_service(struct vg_lvs_table *t, const struct vg_lvs_conf_map *map, const struct vg_lvs_conf_service *cs,
			     const struct vg_lvs_service *st);

/*
 * The table right after start (no checker has run). `out` is initialised
 * here (free it with vg_lvs_table_free, also after an error) and sorted.
 * keepalived's -t findings go to `diags` (code "lvs-keepalived"); two
 * virtual servers programming one kernel service is an error. Returns 0,
 * VG_LVS_EINVAL after an error diagnostic, or VG_LVS_ENOMEM.
 */
int vg_lvs_table_from_conf(const struct vg_lvs_conf_map *map, struct vg_lvs_table *out, struct vg_diags *diags);

/*
 * The findings of the table `conf` programs at start, for checkers
 * (`vigil check`, `vigild -t`): keepalived's -t findings ("lvs-keepalived")
 * and the table's errors into `diags`. The mapper's own diagnostics repeat
 * the parser's and are left out. Returns 0, VG_LVS_EINVAL after an error
 * diagnostic, or VG_LVS_ENOMEM.
 */
int vg_lvs_table_check(const struct vg_conf *conf, struct vg_diags *diags);

#endif
