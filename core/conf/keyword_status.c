// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the one table of what vigil does with each keepalived.conf keyword.
 *
 * One line per keyword and block: { block, keyword, status, reason }.
 * VIGILD: vigild acts on it (docs/config.md says where it differs from
 * keepalived). SIM_ONLY: the simulator acts on it, vigild does not yet.
 * NOT_YET: parsed and checked, not supported yet; the reason says why and
 * is the text of the warning every use of it gets (keyword_status.h).
 * When a keyword becomes supported, change its line to VIGILD, R_NONE.
 * keyword_status_test.c fails when a keyword of the parser's tables has no
 * line here, and tests/keyword_docs.sh when docs/config.md disagrees.
 */
#include "conf/keyword_status.h"

#include <string.h>

#include "conf/conf.h"
#include "conf/parser_int.h"

/* Blocks outside the parser's keyword tables (keepalived.conf(5) documents their words). */
enum { B_PRE = T_COUNT, B_SSL, B_TRACK_GROUP, B_END };

enum reason {
	R_NONE = 0,
	R_VRRP_OPT,
	R_FILES,
	R_TOP_ONLY,
	R_SAVE_DIR,
	R_INCLUDE_CHECK,
	R_PROC_NAME,
	R_SNMP,
	R_DBUS,
	R_VRF,
	R_NFT_IPVS,
	R_IPSETS,
	R_NS_IPVS_GLOBAL,
};

enum { VIGILD = VG_KW_VIGILD, SIM_ONLY = VG_KW_SIM_ONLY, NOT_YET = VG_KW_NOT_YET, AS_KEEPALIVED = VG_KW_AS_KEEPALIVED };

static const char *reason_text(uint8_t r)
{
	switch (r) {
	case R_VRRP_OPT: return "keepalived 2.2.7 does not know it (keepalived -t: \"Unknown keyword\"); only its manual names it: nothing to match";
	case R_FILES: return "not needed: vigild is one process that reads the files into memory once per load, and writes no copy of them for a directory to hold";
	case R_TOP_ONLY: return "ignored, as keepalived 2.2.7 does (it reports \"Unknown keyword\" here): it is read only at the top level, before global_defs";
	case R_SAVE_DIR: return "not implemented: vigild saves no copy of the configuration files and state around a reload";
	case R_INCLUDE_CHECK: return "not applied: a plain include that matches no file is a warning, and includer/includem/includew/includeb/includea all make it an error (as includea)";
	case R_VRF: return "keepalived 2.2.7 never applies it, unlike its manual: beside `interface` it is refused and ignored, without `interface` the configuration is refused (\"Unknown interface!\"); vigild does the same. An interface enslaved to a VRF works without it";
	case R_PROC_NAME: return "vigild runs its BFD sessions in its one process, which vrrp_process_name or process_name names: there is no BFD process to give this name";
	case R_SNMP: return "SNMP is not implemented";
	case R_DBUS: return "D-Bus is not implemented";
	case R_NFT_IPVS: return "not set up: keepalived 2.2.7 turns a virtual_server_group's address ranges into one fwmark service marked by its nftables table ip keepalived_ipvs; vigild programs one service per address and makes no such table";
	case R_IPSETS: return "ignored: keepalived 2.2.7 as packaged by Debian is built without iptables and ipsets (it reports \"Unknown keyword\"); vigild uses nftables (global_defs nftables)";
	case R_NS_IPVS_GLOBAL: return "ignored, as keepalived 2.2.7 does (\"Unknown keyword\" in global_defs): write net_namespace_ipvs at the top level";
	default: return NULL;
	}
}

struct entry {
	uint8_t block;   /* enum table_id, or B_* */
	char keyword[40];
	uint8_t status;
	uint8_t reason;  /* enum reason */
};

static const struct entry table[] = {
	{ T_TOP, "global_defs", VIGILD, R_NONE },
	{ T_TOP, "vrrp_script", VIGILD, R_NONE },
	{ T_TOP, "track_file", VIGILD, R_NONE },
	{ T_TOP, "vrrp_track_file", VIGILD, R_NONE },
	{ T_TOP, "vrrp_track_process", VIGILD, R_NONE },
	{ T_TOP, "track_process", VIGILD, R_NONE },
	{ T_TOP, "bfd_instance", VIGILD, R_NONE },
	{ T_TOP, "vrrp_sync_group", VIGILD, R_NONE },
	{ T_TOP, "garp_group", VIGILD, R_NONE },
	{ T_TOP, "vrrp_instance", VIGILD, R_NONE },
	{ T_TOP, "virtual_server_group", VIGILD, R_NONE },
	{ T_TOP, "virtual_server", VIGILD, R_NONE },
	{ T_TOP, "static_ipaddress", VIGILD, R_NONE },
	{ T_TOP, "static_routes", VIGILD, R_NONE },
	{ T_TOP, "static_rules", VIGILD, R_NONE },
	{ T_TOP, "linkbeat_interfaces", VIGILD, R_NONE },
	{ T_TOP, "track_group", VIGILD, R_NONE },
	{ T_TOP, "interface_up_down_delays", VIGILD, R_NONE },
	{ T_TOP, "SSL", VIGILD, R_NONE },
	{ T_TOP, "net_namespace", VIGILD, R_NONE },
	{ T_TOP, "net_namespace_ipvs", VIGILD, R_NONE },
	{ T_TOP, "namespace_with_ipsets", AS_KEEPALIVED, R_IPSETS },
	{ T_TOP, "instance", VIGILD, R_NONE },
	{ T_TOP, "use_pid_dir", VIGILD, R_NONE },
	{ T_TOP, "linkbeat_use_polling", VIGILD, R_NONE },
	{ T_TOP, "child_wait_time", VIGILD, R_NONE },

	{ T_GLOBAL, "router_id", VIGILD, R_NONE }, /* keepalived uses it only in e-mail alerts and SNMP */
	{ T_GLOBAL, "lvs_id", VIGILD, R_NONE }, /* router_id's old name */
	{ T_GLOBAL, "notification_email", VIGILD, R_NONE },
	{ T_GLOBAL, "notification_email_from", VIGILD, R_NONE },
	{ T_GLOBAL, "smtp_server", VIGILD, R_NONE },
	{ T_GLOBAL, "smtp_helo_name", VIGILD, R_NONE },
	{ T_GLOBAL, "smtp_connect_timeout", VIGILD, R_NONE },
	{ T_GLOBAL, "smtp_alert", VIGILD, R_NONE },
	{ T_GLOBAL, "smtp_alert_vrrp", VIGILD, R_NONE },
	{ T_GLOBAL, "smtp_alert_checker", VIGILD, R_NONE },
	{ T_GLOBAL, "no_email_faults", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_mcast_group4", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_mcast_group6", VIGILD, R_NONE },
	{ T_GLOBAL, "default_interface", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_master_delay", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_master_repeat", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_lower_prio_delay", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_lower_prio_repeat", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_master_refresh", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_master_refresh_repeat", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_interval", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_gna_interval", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_min_garp", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_down_timer_adverts", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_lower_prio_no_advert", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_higher_prio_send_advert", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_version", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_strict", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_check_unicast_src", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_skip_check_adv_addr", VIGILD, R_NONE },
	{ T_GLOBAL, "enable_script_security", VIGILD, R_NONE },
	{ T_GLOBAL, "script_user", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_startup_delay", VIGILD, R_NONE },
	{ T_GLOBAL, "dynamic_interfaces", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_flush", VIGILD, R_NONE },
	{ T_GLOBAL, "net_namespace", VIGILD, R_NONE },
	{ T_GLOBAL, "net_namespace_ipvs", AS_KEEPALIVED, R_NS_IPVS_GLOBAL },
	{ T_GLOBAL, "namespace_with_ipsets", AS_KEEPALIVED, R_IPSETS },
	{ T_GLOBAL, "instance", AS_KEEPALIVED, R_TOP_ONLY },
	{ T_GLOBAL, "use_pid_dir", AS_KEEPALIVED, R_TOP_ONLY },
	{ T_GLOBAL, "linkbeat_use_polling", VIGILD, R_NONE },
	{ T_GLOBAL, "child_wait_time", AS_KEEPALIVED, R_TOP_ONLY },
	{ T_GLOBAL, "tmp_config_directory", NOT_YET, R_FILES },
	{ T_GLOBAL, "config_save_dir", NOT_YET, R_SAVE_DIR },
	{ T_GLOBAL, "process_names", VIGILD, R_NONE },
	{ T_GLOBAL, "process_name", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_process_name", VIGILD, R_NONE },
	{ T_GLOBAL, "checker_process_name", VIGILD, R_NONE },
	{ T_GLOBAL, "bfd_process_name", NOT_YET, R_PROC_NAME },
	{ T_GLOBAL, "startup_script", VIGILD, R_NONE },
	{ T_GLOBAL, "startup_script_timeout", VIGILD, R_NONE },
	{ T_GLOBAL, "shutdown_script", VIGILD, R_NONE },
	{ T_GLOBAL, "shutdown_script_timeout", VIGILD, R_NONE },
	{ T_GLOBAL, "checker_log_all_failures", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_sync_daemon", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_timeouts", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_flush_on_stop", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_extra_if", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_garp_extra_if_vmac", AS_KEEPALIVED, R_VRRP_OPT },
	{ T_GLOBAL, "nftables", VIGILD, R_NONE },
	{ T_GLOBAL, "nftables_priority", VIGILD, R_NONE },
	{ T_GLOBAL, "nftables_counters", VIGILD, R_NONE },
	{ T_GLOBAL, "nftables_ifindex", VIGILD, R_NONE },
	{ T_GLOBAL, "nftables_ipvs", NOT_YET, R_NFT_IPVS },
	{ T_GLOBAL, "nftables_ipvs_priority", NOT_YET, R_NFT_IPVS },
	{ T_GLOBAL, "nftables_ipvs_start_fwmark", NOT_YET, R_NFT_IPVS },
	{ T_GLOBAL, "vrrp_iptables", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_ipsets", AS_KEEPALIVED, R_IPSETS },
	{ T_GLOBAL, "disable_local_igmp", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_notify_priority_changes", VIGILD, R_NONE },
	{ T_GLOBAL, "max_auto_priority", VIGILD, R_NONE },
	{ T_GLOBAL, "min_auto_priority_delay", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_priority", VIGILD, R_NONE },
	{ T_GLOBAL, "checker_priority", VIGILD, R_NONE },
	{ T_GLOBAL, "bfd_priority", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_no_swap", VIGILD, R_NONE },
	{ T_GLOBAL, "checker_no_swap", VIGILD, R_NONE },
	{ T_GLOBAL, "bfd_no_swap", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_cpu_affinity", VIGILD, R_NONE },
	{ T_GLOBAL, "checker_cpu_affinity", VIGILD, R_NONE },
	{ T_GLOBAL, "bfd_cpu_affinity", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_rt_priority", VIGILD, R_NONE },
	{ T_GLOBAL, "checker_rt_priority", VIGILD, R_NONE },
	{ T_GLOBAL, "bfd_rt_priority", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_rlimit_rttime", VIGILD, R_NONE },
	{ T_GLOBAL, "checker_rlimit_rttime", VIGILD, R_NONE },
	{ T_GLOBAL, "bfd_rlimit_rttime", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_rlimit_rtime", VIGILD, R_NONE },
	{ T_GLOBAL, "checker_rlimit_rtime", VIGILD, R_NONE },
	{ T_GLOBAL, "bfd_rlimit_rtime", VIGILD, R_NONE },
	{ T_GLOBAL, "snmp_socket", NOT_YET, R_SNMP },
	{ T_GLOBAL, "enable_snmp_vrrp", NOT_YET, R_SNMP },
	{ T_GLOBAL, "enable_snmp_keepalived", NOT_YET, R_SNMP },
	{ T_GLOBAL, "enable_snmp_checker", NOT_YET, R_SNMP },
	{ T_GLOBAL, "enable_snmp_rfc", NOT_YET, R_SNMP },
	{ T_GLOBAL, "enable_snmp_rfcv2", NOT_YET, R_SNMP },
	{ T_GLOBAL, "enable_snmp_rfcv3", NOT_YET, R_SNMP },
	{ T_GLOBAL, "enable_traps", NOT_YET, R_SNMP },
	{ T_GLOBAL, "enable_dbus", NOT_YET, R_DBUS },
	{ T_GLOBAL, "dbus_service_name", NOT_YET, R_DBUS },
	{ T_GLOBAL, "notify_fifo", VIGILD, R_NONE },
	{ T_GLOBAL, "notify_fifo_script", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_notify_fifo", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_notify_fifo_script", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_notify_fifo", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_notify_fifo_script", VIGILD, R_NONE },
	{ T_GLOBAL, "fifo_write_vrrp_states_on_reload", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_netlink_cmd_rcv_bufs", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_netlink_cmd_rcv_bufs_force", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_netlink_monitor_rcv_bufs", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_netlink_monitor_rcv_bufs_force", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_netlink_cmd_rcv_bufs", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_netlink_cmd_rcv_bufs_force", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_netlink_monitor_rcv_bufs", VIGILD, R_NONE },
	{ T_GLOBAL, "lvs_netlink_monitor_rcv_bufs_force", VIGILD, R_NONE },
	{ T_GLOBAL, "process_monitor_rcv_bufs", VIGILD, R_NONE },
	{ T_GLOBAL, "process_monitor_rcv_bufs_force", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_rx_bufs_policy", VIGILD, R_NONE },
	{ T_GLOBAL, "vrrp_rx_bufs_multiplier", VIGILD, R_NONE },
	{ T_GLOBAL, "rs_init_notifies", VIGILD, R_NONE },
	{ T_GLOBAL, "no_checker_emails", VIGILD, R_NONE },
	{ T_GLOBAL, "umask", VIGILD, R_NONE },
	{ T_GLOBAL, "log_unknown_vrids", VIGILD, R_NONE },
	{ T_GLOBAL, "vmac_prefix", VIGILD, R_NONE },
	{ T_GLOBAL, "vmac_addr_prefix", VIGILD, R_NONE },
	{ T_GLOBAL, "random_seed", VIGILD, R_NONE },
	{ T_GLOBAL, "reload_check_config", VIGILD, R_NONE },
	{ T_GLOBAL, "include_check", NOT_YET, R_INCLUDE_CHECK },
	{ T_GLOBAL, "reload_time_file", VIGILD, R_NONE },
	{ T_GLOBAL, "reload_repeat", VIGILD, R_NONE },
	{ T_GLOBAL, "reload_file", VIGILD, R_NONE },
	{ T_GLOBAL, "data_use_instance", VIGILD, R_NONE },

	{ T_SCRIPT, "script", VIGILD, R_NONE },
	{ T_SCRIPT, "interval", VIGILD, R_NONE },
	{ T_SCRIPT, "timeout", VIGILD, R_NONE },
	{ T_SCRIPT, "weight", VIGILD, R_NONE },
	{ T_SCRIPT, "rise", VIGILD, R_NONE },
	{ T_SCRIPT, "fall", VIGILD, R_NONE },
	{ T_SCRIPT, "user", VIGILD, R_NONE },
	{ T_SCRIPT, "init_fail", VIGILD, R_NONE },

	{ T_TRACK_FILE, "file", VIGILD, R_NONE },
	{ T_TRACK_FILE, "weight", VIGILD, R_NONE },
	{ T_TRACK_FILE, "init_file", VIGILD, R_NONE },

	{ T_TRACK_PROCESS, "process", VIGILD, R_NONE },
	{ T_TRACK_PROCESS, "param_match", VIGILD, R_NONE },
	{ T_TRACK_PROCESS, "weight", VIGILD, R_NONE },
	{ T_TRACK_PROCESS, "quorum", VIGILD, R_NONE },
	{ T_TRACK_PROCESS, "quorum_max", VIGILD, R_NONE },
	{ T_TRACK_PROCESS, "fork_delay", VIGILD, R_NONE },
	{ T_TRACK_PROCESS, "terminate_delay", VIGILD, R_NONE },
	{ T_TRACK_PROCESS, "delay", VIGILD, R_NONE },
	{ T_TRACK_PROCESS, "full_command", VIGILD, R_NONE },

	{ T_BFD, "neighbor_ip", VIGILD, R_NONE },
	{ T_BFD, "neighbour_ip", VIGILD, R_NONE },
	{ T_BFD, "source_ip", VIGILD, R_NONE },
	{ T_BFD, "weight", VIGILD, R_NONE },
	{ T_BFD, "min_rx", VIGILD, R_NONE },
	{ T_BFD, "min_tx", VIGILD, R_NONE },
	{ T_BFD, "idle_tx", VIGILD, R_NONE },
	{ T_BFD, "multiplier", VIGILD, R_NONE },
	{ T_BFD, "passive", VIGILD, R_NONE },
	{ T_BFD, "ttl", VIGILD, R_NONE },
	{ T_BFD, "hoplimit", VIGILD, R_NONE },
	{ T_BFD, "max_hops", VIGILD, R_NONE },
	{ T_BFD, "vrrp", VIGILD, R_NONE },
	{ T_BFD, "checker", VIGILD, R_NONE },

	{ T_SYNC, "group", VIGILD, R_NONE },
	{ T_SYNC, "track_interface", VIGILD, R_NONE },
	{ T_SYNC, "track_script", VIGILD, R_NONE },
	{ T_SYNC, "track_file", VIGILD, R_NONE },
	{ T_SYNC, "track_process", VIGILD, R_NONE },
	{ T_SYNC, "track_bfd", VIGILD, R_NONE },
	{ T_SYNC, "notify_master", VIGILD, R_NONE },
	{ T_SYNC, "notify_backup", VIGILD, R_NONE },
	{ T_SYNC, "notify_fault", VIGILD, R_NONE },
	{ T_SYNC, "notify_stop", VIGILD, R_NONE },
	{ T_SYNC, "notify_deleted", VIGILD, R_NONE },
	{ T_SYNC, "notify", VIGILD, R_NONE },
	{ T_SYNC, "notify_priority_changes", VIGILD, R_NONE },
	{ T_SYNC, "smtp_alert", VIGILD, R_NONE },
	{ T_SYNC, "global_tracking", VIGILD, R_NONE }, /* deprecated: sync_group_tracking_weight */
	{ T_SYNC, "sync_group_tracking_weight", VIGILD, R_NONE },

	{ T_GARP, "garp_interval", VIGILD, R_NONE },
	{ T_GARP, "gna_interval", VIGILD, R_NONE },
	{ T_GARP, "interface", VIGILD, R_NONE },
	{ T_GARP, "interfaces", VIGILD, R_NONE },

	{ T_INSTANCE, "state", VIGILD, R_NONE },
	{ T_INSTANCE, "interface", VIGILD, R_NONE },
	{ T_INSTANCE, "vrf", AS_KEEPALIVED, R_VRF },
	{ T_INSTANCE, "use_vmac", VIGILD, R_NONE },
	{ T_INSTANCE, "use_vmac_addr", VIGILD, R_NONE },
	{ T_INSTANCE, "vmac_xmit_base", VIGILD, R_NONE },
	{ T_INSTANCE, "use_ipvlan", VIGILD, R_NONE },
	{ T_INSTANCE, "native_ipv6", VIGILD, R_NONE },
	{ T_INSTANCE, "dont_track_primary", VIGILD, R_NONE },
	{ T_INSTANCE, "track_interface", VIGILD, R_NONE },
	{ T_INSTANCE, "track_script", VIGILD, R_NONE },
	{ T_INSTANCE, "track_file", VIGILD, R_NONE },
	{ T_INSTANCE, "track_process", VIGILD, R_NONE },
	{ T_INSTANCE, "track_bfd", VIGILD, R_NONE },
	{ T_INSTANCE, "mcast_src_ip", VIGILD, R_NONE },
	{ T_INSTANCE, "unicast_src_ip", VIGILD, R_NONE },
	{ T_INSTANCE, "mcast_dst_ip", VIGILD, R_NONE },
	{ T_INSTANCE, "track_src_ip", VIGILD, R_NONE },
	{ T_INSTANCE, "version", VIGILD, R_NONE },
	{ T_INSTANCE, "check_unicast_src", VIGILD, R_NONE },
	{ T_INSTANCE, "unicast_peer", VIGILD, R_NONE },
	{ T_INSTANCE, "unicast_fault_no_peer", VIGILD, R_NONE },
	{ T_INSTANCE, "unicast_ttl", VIGILD, R_NONE },
	{ T_INSTANCE, "old_unicast_checksum", VIGILD, R_NONE },
	{ T_INSTANCE, "garp_master_delay", VIGILD, R_NONE },
	{ T_INSTANCE, "garp_master_repeat", VIGILD, R_NONE },
	{ T_INSTANCE, "garp_lower_prio_delay", VIGILD, R_NONE },
	{ T_INSTANCE, "garp_lower_prio_repeat", VIGILD, R_NONE },
	{ T_INSTANCE, "garp_master_refresh", VIGILD, R_NONE },
	{ T_INSTANCE, "garp_master_refresh_repeat", VIGILD, R_NONE },
	{ T_INSTANCE, "garp_extra_if", VIGILD, R_NONE },
	{ T_INSTANCE, "garp_extra_if_vmac", AS_KEEPALIVED, R_VRRP_OPT },
	{ T_INSTANCE, "down_timer_adverts", VIGILD, R_NONE },
	{ T_INSTANCE, "lower_prio_no_advert", VIGILD, R_NONE },
	{ T_INSTANCE, "higher_prio_send_advert", VIGILD, R_NONE },
	{ T_INSTANCE, "virtual_router_id", VIGILD, R_NONE },
	{ T_INSTANCE, "priority", VIGILD, R_NONE },
	{ T_INSTANCE, "advert_int", VIGILD, R_NONE },
	{ T_INSTANCE, "authentication", VIGILD, R_NONE },
	{ T_INSTANCE, "virtual_ipaddress", VIGILD, R_NONE },
	{ T_INSTANCE, "virtual_ipaddress_excluded", VIGILD, R_NONE },
	{ T_INSTANCE, "promote_secondaries", VIGILD, R_NONE },
	{ T_INSTANCE, "virtual_routes", VIGILD, R_NONE },
	{ T_INSTANCE, "virtual_rules", VIGILD, R_NONE },
	{ T_INSTANCE, "accept", VIGILD, R_NONE },
	{ T_INSTANCE, "no_accept", VIGILD, R_NONE },
	{ T_INSTANCE, "nopreempt", VIGILD, R_NONE },
	{ T_INSTANCE, "preempt", VIGILD, R_NONE },
	{ T_INSTANCE, "preempt_delay", VIGILD, R_NONE },
	{ T_INSTANCE, "skip_check_adv_addr", VIGILD, R_NONE },
	{ T_INSTANCE, "strict_mode", VIGILD, R_NONE },
	{ T_INSTANCE, "debug", VIGILD, R_NONE },
	{ T_INSTANCE, "notify_master", VIGILD, R_NONE },
	{ T_INSTANCE, "notify_backup", VIGILD, R_NONE },
	{ T_INSTANCE, "notify_fault", VIGILD, R_NONE },
	{ T_INSTANCE, "notify_stop", VIGILD, R_NONE },
	{ T_INSTANCE, "notify_deleted", VIGILD, R_NONE },
	{ T_INSTANCE, "notify", VIGILD, R_NONE },
	{ T_INSTANCE, "notify_master_rx_lower_pri", VIGILD, R_NONE },
	{ T_INSTANCE, "notify_priority_changes", VIGILD, R_NONE },
	{ T_INSTANCE, "smtp_alert", VIGILD, R_NONE },
	{ T_INSTANCE, "kernel_rx_buf_size", VIGILD, R_NONE },
	{ T_INSTANCE, "linkbeat_use_polling", VIGILD, R_NONE },
	{ T_INSTANCE, "lvs_sync_daemon_interface", VIGILD, R_NONE }, /* deprecated: lvs_sync_daemon IF INSTANCE */

	{ T_AUTH, "auth_type", VIGILD, R_NONE },
	{ T_AUTH, "auth_pass", VIGILD, R_NONE },

	{ T_VS, "delay_loop", VIGILD, R_NONE },
	{ T_VS, "lb_algo", VIGILD, R_NONE },
	{ T_VS, "lvs_sched", VIGILD, R_NONE },
	{ T_VS, "lb_kind", VIGILD, R_NONE },
	{ T_VS, "lvs_method", VIGILD, R_NONE },
	{ T_VS, "persistence_timeout", VIGILD, R_NONE },
	{ T_VS, "persistence_granularity", VIGILD, R_NONE },
	{ T_VS, "persistence_engine", VIGILD, R_NONE },
	{ T_VS, "protocol", VIGILD, R_NONE },
	{ T_VS, "ha_suspend", VIGILD, R_NONE },
	{ T_VS, "alpha", VIGILD, R_NONE },
	{ T_VS, "omega", VIGILD, R_NONE },
	{ T_VS, "ops", VIGILD, R_NONE },
	{ T_VS, "quorum", VIGILD, R_NONE },
	{ T_VS, "hysteresis", VIGILD, R_NONE },
	{ T_VS, "quorum_up", VIGILD, R_NONE },
	{ T_VS, "quorum_down", VIGILD, R_NONE },
	{ T_VS, "smtp_alert", VIGILD, R_NONE },
	{ T_VS, "virtualhost", VIGILD, R_NONE },
	{ T_VS, "ip_family", VIGILD, R_NONE },
	{ T_VS, "sorry_server", VIGILD, R_NONE },
	{ T_VS, "sorry_server_inhibit", VIGILD, R_NONE },
	{ T_VS, "sorry_server_lvs_method", VIGILD, R_NONE },
	{ T_VS, "connect_timeout", VIGILD, R_NONE },
	{ T_VS, "retry", VIGILD, R_NONE },
	{ T_VS, "delay_before_retry", VIGILD, R_NONE },
	{ T_VS, "warmup", VIGILD, R_NONE },
	{ T_VS, "inhibit_on_failure", VIGILD, R_NONE },
	{ T_VS, "snmp_name", NOT_YET, R_SNMP },
	{ T_VS, "flag-1", VIGILD, R_NONE },
	{ T_VS, "flag-2", VIGILD, R_NONE },
	{ T_VS, "flag-3", VIGILD, R_NONE },
	{ T_VS, "sh-port", VIGILD, R_NONE },
	{ T_VS, "sh-fallback", VIGILD, R_NONE },
	{ T_VS, "mh-port", VIGILD, R_NONE },
	{ T_VS, "mh-fallback", VIGILD, R_NONE },
	{ T_VS, "real_server", VIGILD, R_NONE },

	{ T_RS, "weight", VIGILD, R_NONE },
	{ T_RS, "lvs_method", VIGILD, R_NONE },
	{ T_RS, "lb_kind", VIGILD, R_NONE },
	{ T_RS, "notify_up", VIGILD, R_NONE },
	{ T_RS, "notify_down", VIGILD, R_NONE },
	{ T_RS, "uthreshold", VIGILD, R_NONE },
	{ T_RS, "lthreshold", VIGILD, R_NONE },
	{ T_RS, "smtp_alert", VIGILD, R_NONE },
	{ T_RS, "virtualhost", VIGILD, R_NONE },
	{ T_RS, "snmp_name", NOT_YET, R_SNMP },
	{ T_RS, "alpha", VIGILD, R_NONE },
	{ T_RS, "connect_timeout", VIGILD, R_NONE },
	{ T_RS, "retry", VIGILD, R_NONE },
	{ T_RS, "delay_before_retry", VIGILD, R_NONE },
	{ T_RS, "warmup", VIGILD, R_NONE },
	{ T_RS, "delay_loop", VIGILD, R_NONE },
	{ T_RS, "inhibit_on_failure", VIGILD, R_NONE },
	{ T_RS, "TCP_CHECK", VIGILD, R_NONE },
	{ T_RS, "HTTP_GET", VIGILD, R_NONE },
	{ T_RS, "SSL_GET", VIGILD, R_NONE },
	{ T_RS, "SMTP_CHECK", VIGILD, R_NONE },
	{ T_RS, "MISC_CHECK", VIGILD, R_NONE },
	{ T_RS, "DNS_CHECK", VIGILD, R_NONE },
	{ T_RS, "UDP_CHECK", VIGILD, R_NONE },
	{ T_RS, "PING_CHECK", VIGILD, R_NONE },
	{ T_RS, "FILE_CHECK", VIGILD, R_NONE },
	{ T_RS, "BFD_CHECK", VIGILD, R_NONE },

	{ T_CHK_COMMON, "connect_ip", VIGILD, R_NONE },
	{ T_CHK_COMMON, "connect_port", VIGILD, R_NONE },
	{ T_CHK_COMMON, "bindto", VIGILD, R_NONE },
	{ T_CHK_COMMON, "bind_if", VIGILD, R_NONE },
	{ T_CHK_COMMON, "bind_port", VIGILD, R_NONE },
	{ T_CHK_COMMON, "fwmark", VIGILD, R_NONE },
	{ T_CHK_COMMON, "alpha", VIGILD, R_NONE },
	{ T_CHK_COMMON, "connect_timeout", VIGILD, R_NONE },
	{ T_CHK_COMMON, "retry", VIGILD, R_NONE },
	{ T_CHK_COMMON, "nb_get_retry", VIGILD, R_NONE },
	{ T_CHK_COMMON, "delay_before_retry", VIGILD, R_NONE },
	{ T_CHK_COMMON, "warmup", VIGILD, R_NONE },
	{ T_CHK_COMMON, "delay_loop", VIGILD, R_NONE },
	{ T_CHK_COMMON, "log_all_failures", VIGILD, R_NONE },

	{ T_CHK_HTTP, "url", VIGILD, R_NONE },
	{ T_CHK_HTTP, "http_protocol", VIGILD, R_NONE },
	{ T_CHK_HTTP, "virtualhost", VIGILD, R_NONE },
	{ T_CHK_HTTP, "enable_sni", VIGILD, R_NONE },
	{ T_CHK_HTTP, "fast_recovery", VIGILD, R_NONE },

	{ T_CHK_SMTP, "helo_name", VIGILD, R_NONE },
	{ T_CHK_SMTP, "host", VIGILD, R_NONE },

	{ T_CHK_DNS, "type", VIGILD, R_NONE },
	{ T_CHK_DNS, "name", VIGILD, R_NONE },

	{ T_CHK_MISC, "misc_path", VIGILD, R_NONE },
	{ T_CHK_MISC, "misc_timeout", VIGILD, R_NONE },
	{ T_CHK_MISC, "misc_dynamic", VIGILD, R_NONE },
	{ T_CHK_MISC, "user", VIGILD, R_NONE },

	{ T_CHK_UDP, "payload", VIGILD, R_NONE },
	{ T_CHK_UDP, "require_reply", VIGILD, R_NONE },
	{ T_CHK_UDP, "min_reply_length", VIGILD, R_NONE },
	{ T_CHK_UDP, "max_reply_length", VIGILD, R_NONE },

	{ T_CHK_FILE, "track_file", VIGILD, R_NONE },
	{ T_CHK_FILE, "dynamic", VIGILD, R_NONE },
	{ T_CHK_FILE, "weight", VIGILD, R_NONE },

	{ T_CHK_BFD, "name", VIGILD, R_NONE },

	{ T_URL, "path", VIGILD, R_NONE },
	{ T_URL, "digest", VIGILD, R_NONE },
	{ T_URL, "status_code", VIGILD, R_NONE },
	{ T_URL, "virtualhost", VIGILD, R_NONE },
	{ T_URL, "regex", VIGILD, R_NONE },
	{ T_URL, "regex_no_match", VIGILD, R_NONE },
	{ T_URL, "regex_options", VIGILD, R_NONE },
	{ T_URL, "regex_stack", VIGILD, R_NONE },
	{ T_URL, "regex_min_offset", VIGILD, R_NONE },
	{ T_URL, "regex_max_offset", VIGILD, R_NONE },

	{ B_PRE, "include", VIGILD, R_NONE },
	{ B_PRE, "includer", VIGILD, R_NONE },
	{ B_PRE, "includem", VIGILD, R_NONE },
	{ B_PRE, "includew", VIGILD, R_NONE },
	{ B_PRE, "includeb", VIGILD, R_NONE },
	{ B_PRE, "includea", VIGILD, R_NONE },

	{ B_SSL, "password", VIGILD, R_NONE },
	{ B_SSL, "ca", VIGILD, R_NONE },
	{ B_SSL, "certificate", VIGILD, R_NONE },
	{ B_SSL, "key", VIGILD, R_NONE },

	{ B_TRACK_GROUP, "group", VIGILD, R_NONE },
};

#define TABLE_COUNT (sizeof(table) / sizeof(table[0]))

static const char *block_name(uint8_t b)
{
	switch (b) {
	case T_TOP: return "top level";
	case T_GLOBAL: return "global_defs";
	case T_SCRIPT: return "vrrp_script";
	case T_TRACK_FILE: return "track_file";
	case T_TRACK_PROCESS: return "vrrp_track_process";
	case T_BFD: return "bfd_instance";
	case T_SYNC: return "vrrp_sync_group";
	case T_GARP: return "garp_group";
	case T_INSTANCE: return "vrrp_instance";
	case T_AUTH: return "authentication";
	case T_VS: return "virtual_server";
	case T_RS: return "real_server";
	case T_CHK_COMMON: return "any checker";
	case T_CHK_HTTP: return "HTTP_GET, SSL_GET";
	case T_CHK_SMTP: return "SMTP_CHECK";
	case T_CHK_DNS: return "DNS_CHECK";
	case T_CHK_MISC: return "MISC_CHECK";
	case T_CHK_UDP: return "UDP_CHECK";
	case T_CHK_FILE: return "FILE_CHECK";
	case T_CHK_BFD: return "BFD_CHECK";
	case T_URL: return "url";
	case B_PRE: return "include";
	case B_SSL: return "SSL";
	case B_TRACK_GROUP: return "track_group";
	default: return "?";
	}
}

size_t vg_kw_status_count(void)
{
	return TABLE_COUNT;
}

bool vg_kw_status_get(size_t i, struct vg_kw_info *out)
{
	if (i >= TABLE_COUNT)
		return false;
	out->block = block_name(table[i].block);
	out->keyword = table[i].keyword;
	out->status = (enum vg_kw_status)table[i].status;
	out->reason = reason_text(table[i].reason);
	return true;
}

long vg_kw_status_lookup(const char *block, const char *keyword)
{
	for (size_t i = 0; i < TABLE_COUNT; i++)
		if (strcmp(table[i].keyword, keyword) == 0 && strcmp(block_name(table[i].block), block) == 0)
			return (long)i;
	return -1;
}

int vg_kw_status_index(int table_id, const char *keyword)
{
	for (size_t i = 0; i < TABLE_COUNT; i++)
		if (table[i].block == table_id && strcmp(table[i].keyword, keyword) == 0)
			return (int)i;
	return -1;
}

uint8_t vg_kw_status_at(int index)
{
	return index >= 0 && (size_t)index < TABLE_COUNT ? table[index].status : 0;
}

const char *vg_kw_status_name(enum vg_kw_status s)
{
	switch (s) {
	case VG_KW_VIGILD: return "vigild";
	case VG_KW_SIM_ONLY: return "simulator only";
	case VG_KW_NOT_YET: return "not supported yet";
	case VG_KW_AS_KEEPALIVED: return "ignored, as keepalived";
	default: return "?";
	}
}

int vg_conf_keyword_warnings(const struct vg_conf *conf, struct vg_diags *diags)
{
	uint32_t first = diags->count;
	int n = 0;

	for (uint32_t i = 0; i < conf->unsupported.count; i++) {
		const struct vg_conf_kw_use *u = &conf->unsupported.items[i];
		const struct entry *e;

		if (u->entry >= TABLE_COUNT)
			continue;
		e = &table[u->entry];
		if (vg_diags_add(diags, VG_DIAG_WARNING, &u->loc,
				 e->status == SIM_ONLY ? "simulator-only" : e->status == AS_KEEPALIVED ? "as-keepalived" : "not-supported",
				 NULL, "'%s' in %s: vigild does not act on it%s: %s", e->keyword, block_name(e->block),
				 e->status == SIM_ONLY ? " (only the simulator does)"
				 : e->status == AS_KEEPALIVED ? ", nor does keepalived 2.2.7" : " yet",
				 reason_text(e->reason)) < 0)
			return -1;
		n++;
	}
	if (conf->unsupported.dropped) {
		struct vg_conf_loc loc = { conf->path, 0, 0 };

		if (vg_diags_add(diags, VG_DIAG_WARNING, &loc, "not-supported", NULL,
				 "%u more use(s) of keywords vigild does not act on", conf->unsupported.dropped) < 0)
			return -1;
		n++;
	}
	if (vg_conf_diags_fill_text(conf, diags, first) < 0)
		return -1;
	return n;
}
