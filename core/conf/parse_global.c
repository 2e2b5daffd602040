// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the top level of keepalived.conf and its global_defs block.
 *
 * The top-level table names every block keepalived 2.2 knows. static_ipaddress,
 * static_routes and static_rules are typed like their virtual_* counterparts
 * (parse_route.c), linkbeat_interfaces and interface_up_down_delays in
 * parse_link.c, track_group in parse_track_group.c; blocks vigil does not model (SSL) are
 * accepted and kept verbatim
 * in vg_conf.extra. global_defs keywords that matter to VRRP, scripts and
 * alerts are typed, and so are the numeric process tuning ones (priorities,
 * real-time limits, buffer sizes: range-checked with keepalived's ranges and
 * also kept verbatim in global.extra, which vigild reads today); the other
 * tuning ones (namespaces, firewall, SNMP, D-Bus, FIFOs) are kept verbatim.
 */
#include "conf/parser_int.h"

#include <stddef.h>
#include <string.h>

#define G(f) ((uint32_t)offsetof(struct vg_conf_global, f))
#define GX G(extra)
#define C(f) ((uint32_t)offsetof(struct vg_conf, f))

enum {
	CG_SMTP_SERVER = 1,
	CG_VRRP_STRICT,
	CG_DYNAMIC_INTERFACES,
	CG_GLOBAL_DEFS,
	CG_NOTIFICATION_EMAIL,
	CG_LVS_ID,
	CG_STATIC_ADDR,
	CG_STATIC_ROUTES,
	CG_STATIC_RULES,
	CG_NUM,        /* struct vg_conf_num at off, in [min, max]; also kept in extra */
	CG_NUM_CLAMP,  /* as CG_NUM, out of range clamped (keepalived: *_rt_priority) */
	CG_NUM_RLIMIT, /* as CG_NUM, 1 read as 2 (keepalived: *_rlimit_rttime) */
	CG_NFTABLES,
	CG_VRRP_IPTABLES,
	CG_FLAG_EXTRA, /* bool at off = true; also kept in extra */
	CG_LINKBEAT_IFS,
	CG_UPDOWN_DELAYS,
	CG_TRACK_GROUP,
	CG_LINKBEAT_GLOBAL,
};

/* Custom ids of the blocks defined in parse_lvs.c (parse_vrrp.c's: enum cv_top, parser_int.h). */
enum { CL_TOP_VSG = 200, CL_TOP_VS };

static const struct kw top_kws[] = {
	{ "global_defs", H_CUSTOM, 0, CG_GLOBAL_DEFS, 0, 0, 0 },
	{ "vrrp_script", H_CUSTOM, 0, CV_TOP_SCRIPT, 0, 0, 0 },
	{ "track_file", H_CUSTOM, 0, CV_TOP_TRACK_FILE, 0, 0, 0 },
	{ "vrrp_track_file", H_CUSTOM, 0, CV_TOP_VRRP_TRACK_FILE, 0, 0, 0 },
	{ "vrrp_track_process", H_CUSTOM, 0, CV_TOP_TRACK_PROCESS, 0, 0, 0 },
	{ "track_process", H_CUSTOM, 0, CV_TOP_TRACK_PROCESS, 0, 0, 0 },
	{ "bfd_instance", H_CUSTOM, 0, CV_TOP_BFD, 0, 0, 0 },
	{ "vrrp_sync_group", H_CUSTOM, 0, CV_TOP_SYNC, 0, 0, 0 },
	{ "garp_group", H_CUSTOM, 0, CV_TOP_GARP, 0, 0, 0 },
	{ "vrrp_instance", H_CUSTOM, 0, CV_TOP_INSTANCE, 0, 0, 0 },
	{ "virtual_server_group", H_CUSTOM, 0, CL_TOP_VSG, 0, 0, 0 },
	{ "virtual_server", H_CUSTOM, 0, CL_TOP_VS, 0, 0, 0 },
	{ "static_ipaddress", H_CUSTOM, 0, CG_STATIC_ADDR, 0, 0, 0 },
	{ "static_routes", H_CUSTOM, 0, CG_STATIC_ROUTES, 0, 0, 0 },
	{ "static_rules", H_CUSTOM, 0, CG_STATIC_RULES, 0, 0, 0 },
	{ "linkbeat_interfaces", H_CUSTOM, 0, CG_LINKBEAT_IFS, 0, 0, 0 },
	{ "track_group", H_CUSTOM, 0, CG_TRACK_GROUP, 0, 0, 0 },
	{ "interface_up_down_delays", H_CUSTOM, 0, CG_UPDOWN_DELAYS, 0, 0, 0 },
	{ "SSL", H_EXTRA_BLOCK, 0, 0, C(extra), 0, 0 },
	{ "net_namespace", H_STR, 0, 0, C(global.net_namespace), 0, 0 },
	{ "net_namespace_ipvs", H_EXTRA, 0, 0, C(extra), 0, 0 },
	{ "namespace_with_ipsets", H_EXTRA, 0, 0, C(extra), 0, 0 },
	{ "instance", H_EXTRA, 0, 0, C(extra), 0, 0 },
	{ "use_pid_dir", H_EXTRA, 0, 0, C(extra), 0, 0 },
	{ "linkbeat_use_polling", H_FLAG, 0, 0, C(global.linkbeat_use_polling), 0, 0 },
	{ "child_wait_time", H_EXTRA, 0, 0, C(extra), 0, 0 },
};

#define T_S(us) ((int64_t)(us))
#define MAXU32 INT64_C(4294967295)
#define MAX_TIMER_US (MAXU32 * US_PER_S / US_PER_S) /* keepalived timers: 32-bit seconds */

static const struct kw global_kws[] = {
	{ "router_id", H_STR, 0, 0, G(router_id), 0, 0 },
	{ "lvs_id", H_CUSTOM, 0, CG_LVS_ID, 0, 0, 0 },
	{ "notification_email", H_CUSTOM, 0, CG_NOTIFICATION_EMAIL, 0, 0, 0 },
	{ "notification_email_from", H_STR, 0, 0, G(notification_email_from), 0, 0 },
	{ "smtp_server", H_CUSTOM, 0, CG_SMTP_SERVER, 0, 0, 0 },
	{ "smtp_helo_name", H_STR, 0, 0, G(smtp_helo_name), 0, 0 },
	{ "smtp_connect_timeout", H_TIME, 0, 0, G(smtp_connect_timeout_ns), US_PER_S, 1000 * US_PER_S },
	{ "smtp_alert", H_TRI, 0, 0, G(smtp_alert), 0, 0 },
	{ "smtp_alert_vrrp", H_TRI, 0, 0, G(smtp_alert_vrrp), 0, 0 },
	{ "smtp_alert_checker", H_TRI, 0, 0, G(smtp_alert_checker), 0, 0 },
	{ "no_email_faults", H_FLAG, 0, 0, G(no_email_faults), 0, 0 },
	{ "vrrp_mcast_group4", H_ADDR, 0, 0, G(vrrp_mcast_group4), 0, 0 },
	{ "vrrp_mcast_group6", H_ADDR, 0, 0, G(vrrp_mcast_group6), 0, 0 },
	{ "default_interface", H_STR, 0, 0, G(default_interface), 0, 0 },
	{ "vrrp_garp_master_delay", H_TIME, 0, 0, G(vrrp_garp_master_delay_ns), 0, 1000 * US_PER_S },
	{ "vrrp_garp_master_repeat", H_U32, 0, 0, G(vrrp_garp_master_repeat), 0, 255 },
	{ "vrrp_garp_lower_prio_delay", H_TIME, 0, 0, G(vrrp_garp_lower_prio_delay_ns), 0, 1000 * US_PER_S },
	{ "vrrp_garp_lower_prio_repeat", H_U32, 0, 0, G(vrrp_garp_lower_prio_repeat), 0, 255 },
	{ "vrrp_garp_master_refresh", H_TIME, 0, 0, G(vrrp_garp_master_refresh_ns), 0, MAXU32 * US_PER_S },
	{ "vrrp_garp_master_refresh_repeat", H_U32, 0, 0, G(vrrp_garp_master_refresh_repeat), 1, 255 },
	{ "vrrp_garp_interval", H_TIME, 0, 0, G(vrrp_garp_interval_ns), 1, MAXU32 },
	{ "vrrp_gna_interval", H_TIME, 0, 0, G(vrrp_gna_interval_ns), 1, MAXU32 },
	{ "vrrp_min_garp", H_FLAG, 0, 0, G(vrrp_min_garp), 0, 0 },
	{ "vrrp_down_timer_adverts", H_U32, 0, 0, G(vrrp_down_timer_adverts), 1, 100 },
	{ "vrrp_lower_prio_no_advert", H_TRI, 0, 0, G(vrrp_lower_prio_no_advert), 0, 0 },
	{ "vrrp_higher_prio_send_advert", H_TRI, 0, 0, G(vrrp_higher_prio_send_advert), 0, 0 },
	{ "vrrp_version", H_U8, 0, 0, G(vrrp_version), 2, 3 },
	{ "vrrp_strict", H_CUSTOM, 0, CG_VRRP_STRICT, 0, 0, 0 },
	{ "vrrp_check_unicast_src", H_FLAG, 0, 0, G(vrrp_check_unicast_src), 0, 0 },
	{ "vrrp_skip_check_adv_addr", H_FLAG, 0, 0, G(vrrp_skip_check_adv_addr), 0, 0 },
	{ "enable_script_security", H_FLAG, 0, 0, G(enable_script_security), 0, 0 },
	{ "script_user", H_USER, 0, 0, G(script_user), 0, 0 },
	{ "vrrp_startup_delay", H_TIME, 0, 0, G(vrrp_startup_delay_ns), 0, 3600 * US_PER_S },
	{ "dynamic_interfaces", H_CUSTOM, 0, CG_DYNAMIC_INTERFACES, 0, 0, 0 },
	{ "lvs_flush", H_FLAG, 0, 0, G(lvs_flush), 0, 0 },
	/* kept verbatim */
	{ "net_namespace", H_STR, 0, 0, G(net_namespace), 0, 0 },
	{ "net_namespace_ipvs", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "namespace_with_ipsets", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "instance", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "use_pid_dir", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "linkbeat_use_polling", H_CUSTOM, 0, CG_LINKBEAT_GLOBAL, 0, 0, 0 },
	{ "child_wait_time", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "tmp_config_directory", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "config_save_dir", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "process_names", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "process_name", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_process_name", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "checker_process_name", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "bfd_process_name", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "startup_script", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "startup_script_timeout", H_CUSTOM, 0, CG_NUM, G(startup_script_timeout), 1, 1000 },
	{ "shutdown_script", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "shutdown_script_timeout", H_CUSTOM, 0, CG_NUM, G(shutdown_script_timeout), 1, 1000 },
	{ "checker_log_all_failures", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "lvs_sync_daemon", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "lvs_timeouts", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "lvs_flush_on_stop", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_garp_extra_if", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_garp_extra_if_vmac", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "nftables", H_CUSTOM, 0, CG_NFTABLES, 0, 0, 0 },
	{ "nftables_priority", H_CUSTOM, 0, CG_NUM, G(nftables_priority), INT32_MIN, INT32_MAX },
	{ "nftables_counters", H_CUSTOM, 0, CG_FLAG_EXTRA, G(nftables_counters), 0, 0 },
	{ "nftables_ifindex", H_CUSTOM, 0, CG_FLAG_EXTRA, G(nftables_ifindex), 0, 0 },
	{ "nftables_ipvs", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "nftables_ipvs_priority", H_CUSTOM, 0, CG_NUM, G(nftables_ipvs_priority), INT32_MIN, INT32_MAX },
	{ "nftables_ipvs_start_fwmark", H_CUSTOM, 0, CG_NUM, G(nftables_ipvs_start_fwmark), 1, MAXU32 },
	{ "vrrp_iptables", H_CUSTOM, 0, CG_VRRP_IPTABLES, 0, 0, 0 },
	{ "vrrp_ipsets", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "disable_local_igmp", H_CUSTOM, 0, CG_FLAG_EXTRA, G(disable_local_igmp), 0, 0 },
	{ "vrrp_notify_priority_changes", H_TRI, 0, 0, G(vrrp_notify_priority_changes), 0, 0 },
	{ "max_auto_priority", H_CUSTOM, 0, CG_NUM, G(max_auto_priority), -1, 99 },
	{ "min_auto_priority_delay", H_CUSTOM, 0, CG_NUM, G(min_auto_priority_delay), 1, 10000000 },
	{ "vrrp_priority", H_CUSTOM, 0, CG_NUM, G(vrrp_priority), -20, 19 },
	{ "checker_priority", H_CUSTOM, 0, CG_NUM, G(checker_priority), -20, 19 },
	{ "bfd_priority", H_CUSTOM, 0, CG_NUM, G(bfd_priority), -20, 19 },
	{ "vrrp_no_swap", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "checker_no_swap", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "bfd_no_swap", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_cpu_affinity", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "checker_cpu_affinity", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "bfd_cpu_affinity", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_rt_priority", H_CUSTOM, 0, CG_NUM_CLAMP, G(vrrp_rt_priority), 1, 99 },
	{ "checker_rt_priority", H_CUSTOM, 0, CG_NUM_CLAMP, G(checker_rt_priority), 1, 99 },
	{ "bfd_rt_priority", H_CUSTOM, 0, CG_NUM_CLAMP, G(bfd_rt_priority), 1, 99 },
	{ "vrrp_rlimit_rttime", H_CUSTOM, 0, CG_NUM_RLIMIT, G(vrrp_rlimit_rttime), 1, MAXU32 },
	{ "checker_rlimit_rttime", H_CUSTOM, 0, CG_NUM_RLIMIT, G(checker_rlimit_rttime), 1, MAXU32 },
	{ "bfd_rlimit_rttime", H_CUSTOM, 0, CG_NUM_RLIMIT, G(bfd_rlimit_rttime), 1, MAXU32 },
	/* keepalived: "Keyword '*_rlimit_rtime' is deprecated - please use '*_rlimit_rttime'" */
	{ "vrrp_rlimit_rtime", H_CUSTOM, 0, CG_NUM_RLIMIT, G(vrrp_rlimit_rttime), 1, MAXU32 },
	{ "checker_rlimit_rtime", H_CUSTOM, 0, CG_NUM_RLIMIT, G(checker_rlimit_rttime), 1, MAXU32 },
	{ "bfd_rlimit_rtime", H_CUSTOM, 0, CG_NUM_RLIMIT, G(bfd_rlimit_rttime), 1, MAXU32 },
	{ "snmp_socket", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "enable_snmp_vrrp", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "enable_snmp_keepalived", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "enable_snmp_checker", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "enable_snmp_rfc", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "enable_snmp_rfcv2", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "enable_snmp_rfcv3", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "enable_traps", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "enable_dbus", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "dbus_service_name", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "notify_fifo", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "notify_fifo_script", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_notify_fifo", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_notify_fifo_script", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "lvs_notify_fifo", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "lvs_notify_fifo_script", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "fifo_write_vrrp_states_on_reload", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_netlink_cmd_rcv_bufs", H_CUSTOM, 0, CG_NUM, G(vrrp_netlink_cmd_rcv_bufs), 0, MAXU32 },
	{ "vrrp_netlink_cmd_rcv_bufs_force", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_netlink_monitor_rcv_bufs", H_CUSTOM, 0, CG_NUM, G(vrrp_netlink_monitor_rcv_bufs), 0, MAXU32 },
	{ "vrrp_netlink_monitor_rcv_bufs_force", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "lvs_netlink_cmd_rcv_bufs", H_CUSTOM, 0, CG_NUM, G(lvs_netlink_cmd_rcv_bufs), 0, MAXU32 },
	{ "lvs_netlink_cmd_rcv_bufs_force", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "lvs_netlink_monitor_rcv_bufs", H_CUSTOM, 0, CG_NUM, G(lvs_netlink_monitor_rcv_bufs), 0, MAXU32 },
	{ "lvs_netlink_monitor_rcv_bufs_force", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "process_monitor_rcv_bufs", H_CUSTOM, 0, CG_NUM, G(process_monitor_rcv_bufs), 0, MAXU32 },
	{ "process_monitor_rcv_bufs_force", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_rx_bufs_policy", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vrrp_rx_bufs_multiplier", H_CUSTOM, 0, CG_NUM, G(vrrp_rx_bufs_multiplier), 1, MAXU32 },
	{ "rs_init_notifies", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "no_checker_emails", H_FLAG, 0, 0, G(no_checker_emails), 0, 0 },
	{ "umask", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "log_unknown_vrids", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "vmac_prefix", H_STR, 0, 0, G(vmac_prefix), 0, 0 },
	{ "vmac_addr_prefix", H_STR, 0, 0, G(vmac_addr_prefix), 0, 0 },
	{ "random_seed", H_CUSTOM, 0, CG_NUM, G(random_seed), 0, MAXU32 },
	{ "reload_check_config", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "include_check", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "reload_time_file", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "reload_repeat", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "reload_file", H_EXTRA, 0, 0, GX, 0, 0 },
	{ "data_use_instance", H_EXTRA, 0, 0, GX, 0, 0 },
};

bool vg_table_global(int id, struct kw_table *t)
{
	switch (id) {
	case T_TOP:
		t->block = "the top level";
		t->kws = top_kws;
		t->count = KW_COUNT(top_kws);
		t->extra_off = (ptrdiff_t)C(extra);
		return true;
	case T_GLOBAL:
		t->block = "global_defs";
		t->kws = global_kws;
		t->count = KW_COUNT(global_kws);
		t->extra_off = (ptrdiff_t)GX;
		return true;
	default:
		return false;
	}
}

void vg_global_defaults(struct vg_conf_global *g)
{
	g->smtp_server_port = 25;
	g->smtp_connect_timeout_ns = VG_S(30);
	(void)vg_addr_parse("224.0.0.18", &g->vrrp_mcast_group4);
	(void)vg_addr_parse("ff02::12", &g->vrrp_mcast_group6);
	g->default_interface = "eth0";
	g->vrrp_garp_master_delay_ns = VG_S(5);
	g->vrrp_garp_master_repeat = 5;
	g->vrrp_garp_lower_prio_delay_ns = VG_TIME_NEVER; /* resolved in finalize */
	g->vrrp_garp_lower_prio_repeat = UINT32_MAX;
	g->vrrp_garp_master_refresh_repeat = 1;
	g->vrrp_down_timer_adverts = 3;
	g->vrrp_version = 2;
}

/* Local wrappers: a static function's address needs no GOT entry (core has none). */
static void static_addr_line(struct pctx *p, const struct stmt *st, void *obj)
{
	vg_vip_line(p, st, obj);
}

static void static_route_line(struct pctx *p, const struct stmt *st, void *obj)
{
	vg_route_line_static(p, st, obj);
}

static void static_rule_line(struct pctx *p, const struct stmt *st, void *obj)
{
	vg_rule_line_static(p, st, obj);
}

void vg_custom_global(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k)
{
	struct vg_conf *c = p->conf;
	struct vg_conf_global *g = obj;
	int64_t v;

	switch (k->aux) {
	case CG_GLOBAL_DEFS:
		if (!vg_parse_need_block(p, st))
			return;
		if (!c->global.present)
			c->global.loc = st->loc;
		c->global.present = true;
		vg_parse_table(p, st, T_GLOBAL, &c->global);
		return;
	case CG_NUM:
	case CG_NUM_CLAMP:
	case CG_NUM_RLIMIT: {
		struct vg_conf_num *n = FIELD(g, k->off, struct vg_conf_num);
		const char *w = st->tok[0].text;
		size_t len = strlen(w);

		vg_pextra(p, st, &g->extra);
		if (len > 5 && strcmp(w + len - 6, "_rtime") == 0)
			vg_pwarn(p, st, 0, "deprecated", "'%s' is deprecated: keepalived reads it as '%.*s_rttime'",
				 w, (int)(len - 6), w);
		/* keepalived 2.2.7: max_auto_priority alone is the highest SCHED_RR priority */
		if (st->n == 1 && k->off == G(max_auto_priority)) {
			n->value = k->max;
			n->set = true;
			return;
		}
		if (!vg_pargs(p, st, 1, 1))
			return;
		if (vg_parse_int(st->tok[1].text, &v) < 0) {
			vg_perr(p, st, 1, "invalid-number", "'%s' is not a number: %s takes an integer in %lld..%lld "
				"(keepalived ignores the line)", st->tok[1].text, w, (long long)k->min,
				(long long)k->max);
			return;
		}
		if (v < k->min || v > k->max) {
			if (k->aux != CG_NUM_CLAMP) {
				vg_perr(p, st, 1, "out-of-range", "%s %lld is not in %lld..%lld (keepalived 2.2.7: "
					"\"outside range\", ignores the line)", w, (long long)v, (long long)k->min,
					(long long)k->max);
				return;
			}
			vg_perr(p, st, 1, "out-of-range", "%s %lld is not in %lld..%lld (keepalived 2.2.7 uses %lld)",
				w, (long long)v, (long long)k->min, (long long)k->max,
				(long long)(v < k->min ? k->min : k->max));
			v = v < k->min ? k->min : k->max;
		}
		if (k->aux == CG_NUM_RLIMIT && v == 1)
			v = 2; /* keepalived: the limit is halved elsewhere and must stay non-zero */
		n->value = v;
		n->set = true;
		n->loc = st->loc;
		return;
	}
	case CG_STATIC_ADDR:
		if (vg_parse_need_block(p, st))
			vg_parse_list(p, st, static_addr_line, &c->static_addrs);
		return;
	case CG_STATIC_ROUTES:
		if (vg_parse_need_block(p, st))
			vg_parse_list(p, st, static_route_line, &c->static_routes);
		return;
	case CG_STATIC_RULES:
		if (vg_parse_need_block(p, st))
			vg_parse_list(p, st, static_rule_line, &c->static_rules);
		return;
	case CG_LVS_ID:
		vg_pwarn(p, st, 0, "deprecated", "'lvs_id' is the old name of 'router_id'");
		if (vg_pargs(p, st, 1, 1))
			g->router_id = vg_pstr(p, st, 1);
		return;
	case CG_NOTIFICATION_EMAIL:
		if (!vg_parse_need_block(p, st))
			return;
		g->notification_email_loc = st->loc;
		{
			struct kw list = { "notification_email", H_STRLIST, 0, 0, G(notification_email), 0, 0 };
			vg_kw_run(p, st, g, &list);
		}
		return;
	case CG_SMTP_SERVER:
		if (!vg_pargs(p, st, 1, 2))
			return;
		g->smtp_server = vg_pstr(p, st, 1);
		if (vg_addr_parse(st->tok[1].text, &g->smtp_server_addr) < 0)
			memset(&g->smtp_server_addr, 0, sizeof(g->smtp_server_addr));
		if (st->n > 2 && vg_pint(p, st, 2, 1, 65535, &v))
			g->smtp_server_port = (uint16_t)v;
		return;
	case CG_VRRP_STRICT:
		if (st->n > 1)
			vg_pwarn(p, st, 1, "extra-argument", "'vrrp_strict' takes no argument");
		g->vrrp_strict = true;
		g->vrrp_strict_loc = st->loc;
		return;
	case CG_NFTABLES:
		/* keepalived 2.2.7: the first one wins; it resets nftables_priority to -1 */
		vg_pextra(p, st, &g->extra);
		if (g->nftables && !g->nftables_from_iptables) {
			vg_pwarn(p, st, 0, "duplicate", "nftables already specified - ignored (keepalived ignores it too)");
			return;
		}
		if (!vg_pargs(p, st, 0, 1))
			return;
		if (st->n > 1 && strlen(st->tok[1].text) >= 256) {
			vg_pwarn(p, st, 1, "invalid-value", "nftables table name too long (at most 255 characters) - "
				 "ignored, as keepalived does");
			return;
		}
		g->nftables = st->n > 1 ? vg_pstr(p, st, 1) : "keepalived";
		g->nftables_loc = st->loc;
		g->nftables_from_iptables = false;
		g->nftables_priority.set = false;
		return;
	case CG_VRRP_IPTABLES:
		/* keepalived 2.2.7 built without iptables (Debian's): a warning, then nftables "keepalived" */
		vg_pextra(p, st, &g->extra);
		vg_pwarn(p, st, 0, "deprecated", "iptables not supported, using nftables instead (as keepalived built "
			 "without iptables does): replace 'vrrp_iptables' with 'nftables'");
		g->nftables = "keepalived";
		g->nftables_loc = st->loc;
		g->nftables_from_iptables = true;
		g->nftables_priority.set = false;
		return;
	case CG_FLAG_EXTRA:
		vg_pextra(p, st, &g->extra);
		if (st->n > 1)
			vg_pwarn(p, st, 1, "extra-argument", "'%s' takes no argument", st->tok[0].text);
		*FIELD(g, k->off, bool) = true;
		return;
	case CG_LINKBEAT_IFS:
		vg_parse_linkbeat_interfaces(p, st);
		return;
	case CG_UPDOWN_DELAYS:
		vg_parse_updown_delays(p, st);
		return;
	case CG_TRACK_GROUP:
		vg_parse_track_group(p, st);
		return;
	case CG_LINKBEAT_GLOBAL:
		/* keepalived.conf(5) shows it in global_defs; keepalived 2.2.7 knows it only at the top level */
		vg_pwarn(p, st, 0, "keepalived-unknown", "keepalived 2.2.7 reports 'Unknown keyword' for "
			 "linkbeat_use_polling in global_defs (it is a top-level keyword there); vigild honours it");
		if (st->n > 1)
			vg_pwarn(p, st, 1, "extra-argument", "'linkbeat_use_polling' takes no argument");
		g->linkbeat_use_polling = true;
		return;
	case CG_DYNAMIC_INTERFACES:
		g->dynamic_interfaces = true;
		if (st->n > 1 && strcmp(st->tok[1].text, "allow_if_changes") != 0)
			vg_pwarn(p, st, 1, "invalid-value", "dynamic_interfaces takes only 'allow_if_changes'");
		vg_pextra(p, st, &g->extra);
		return;
	default:
		return;
	}
}
