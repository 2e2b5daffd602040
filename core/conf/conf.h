/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the parsed keepalived.conf, as one typed and immutable tree.
 *
 * vg_conf_parse() reads a keepalived 2.2 configuration (through a loader the
 * caller provides: the core never opens files) and returns a struct vg_conf.
 * Numbers are in units (centiseconds, nanoseconds as vg_time, counts),
 * addresses are struct vg_addr with a prefix length, keywords with a fixed
 * set of values are enums, and every element records where it was written
 * (struct vg_conf_loc). Keywords that vigil accepts but does not type are
 * kept verbatim in each block's `extra` list, so nothing keepalived reads is
 * lost. Where keepalived normalises a setting (nopreempt with state MASTER,
 * preempt_delay with nopreempt, nopreempt at priority 255, strict mode), the
 * tree holds both what was written (`*_written`) and what applies, and a
 * warning says why.
 *
 * All memory of a tree lives in two arenas: the `real_server` blocks (the
 * real servers, their checkers, urls, scripts and strings) in
 * `lvs_arena`, the rest in `arena`; vg_conf_free() releases both.
 * vg_conf_drop_lvs() releases the first alone, once a daemon has planned
 * from it (the LVS map holds what runs).
 */
#ifndef VG_CONF_CONF_H
#define VG_CONF_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/time.h"
#include "conf/arena.h"
#include "conf/diag.h"

/* Fixed limits. */
#define VG_CONF_FILE_BYTES_MAX (64u * 1024 * 1024) /* one configuration file */
#define VG_CONF_LINE_BYTES_MAX 4096                 /* one logical line after expansion */
#define VG_CONF_TOKENS_MAX 256                      /* tokens on one line */
#define VG_CONF_INCLUDE_DEPTH_MAX 16
#define VG_CONF_FILES_READ_MAX 1024 /* file reads, one per include of a file: stops include fan-out */
#define VG_CONF_DEFS_MAX 1024        /* $NAME definitions */
#define VG_CONF_EXPAND_DEPTH_MAX 32  /* nested $NAME / ~SEQ expansions */
#define VG_CONF_SEQ_ITEMS_MAX 100000 /* lines produced by one ~SEQ/~LST */
#define VG_CONF_LINES_MAX 4000000    /* logical lines (10,000 services x 10 real servers: 1.2 M) */
#define VG_CONF_BLOCK_DEPTH_MAX 16
#define VG_CONF_AUTH_PASS_MAX 8 /* bytes of a VRRPv2 password (RFC 2338 5.3.10) */

/* Errors. */
#define VG_CONF_ERR_INVALID (-1) /* the configuration has errors (see diagnostics) */
#define VG_CONF_ERR_NOMEM (-2)
#define VG_CONF_ERR_IO (-3)      /* the main file could not be read */

/* ---- the loader: the only way the parser reaches files ---- */
struct vg_conf_loader {
	/*
	 * Read the whole file `path` into a malloc'd buffer (*data, *len; the
	 * parser frees it with free()). Returns 0 or a negative errno-style code.
	 * For loaders whose files are in memory already; unused when `open` is set.
	 */
	int (*read)(void *ctx, const char *path, char **data, size_t *len);
	/*
	 * Expand a glob pattern into a malloc'd array of malloc'd paths, sorted
	 * (the parser frees them with free()). No match is 0 with *count 0.
	 */
	int (*glob)(void *ctx, const char *pattern, char ***paths, size_t *count);
	void *ctx;
	/*
	 * Optional, preferred when set: read `path` a window at a time, so that
	 * no file is held whole. open() returns 0 (*file set) or a negative
	 * errno-style code; read_some() fills up to `cap` bytes and returns how
	 * many, 0 at the end of the file or a negative code; close() ends it.
	 * Diagnostics about a parsed tree (vg_conf_diags_fill_text) read the
	 * lines they show again through the loader, so the loader (and ctx)
	 * must outlive the tree.
	 */
	int (*open)(void *ctx, const char *path, void **file);
	long (*read_some)(void *ctx, void *file, char *buf, size_t cap);
	void (*close)(void *ctx, void *file);
};

struct vg_conf_options {
	const struct vg_conf_loader *loader;
	const char *config_id;  /* for @name / @^name lines; NULL matches no @name */
	uint64_t random_seed;   /* for ${_RANDOM}; the core has no clock or entropy */
	/* Optional: where the tree's memory chunks come from (NULL: calloc). */
	const struct vg_arena_chunks *chunks;
	/*
	 * Optional: fewer logical lines than VG_CONF_LINES_MAX (0: that limit), and with them
	 * fewer lines examined by expansions (5 per line, as WORK_MAX to VG_CONF_LINES_MAX). The
	 * fuzzer sets it so an input of ~SEQ expansions costs milliseconds, not a second.
	 */
	uint32_t lines_max;
};

/* ---- generic pieces ---- */
struct vg_conf_strs {
	const char **items;
	uint32_t count;
	uint32_t cap;
};

/* A keyword vigil accepts and keeps verbatim. */
struct vg_conf_kv {
	struct vg_conf_loc loc;
	const char *keyword;
	struct vg_conf_strs args;
};

/*
 * The keywords of a block kept verbatim. Blocks hold a pointer to theirs,
 * NULL when they have none (most do not: a director has 100,000 checkers).
 */
struct vg_conf_kvs {
	struct vg_conf_kv *items;
	uint32_t count;
	uint32_t cap;
};

/* A script to run: notify_*, vrrp_script script, misc_path, ... */
struct vg_conf_script {
	struct vg_conf_loc loc;
	const char *cmd;           /* as written (tokens joined by one space) */
	struct vg_conf_strs argv;  /* split like keepalived: spaces separate, quotes group */
	const char *user;          /* NULL: global script_user */
	const char *group;
};

/*
 * Enums of the tree are one byte (packed): a large director has hundreds of
 * thousands of elements. Three-valued booleans: not written, off, on.
 */
enum __attribute__((packed)) vg_conf_tri {
	VG_TRI_UNSET = 0,
	VG_TRI_OFF = 1,
	VG_TRI_ON = 2,
};

/* ---- global_defs ---- */

/* A numeric option checked against keepalived's range when read. */
struct vg_conf_num {
	int64_t value;           /* valid when set */
	bool set;
	struct vg_conf_loc loc;  /* of the keyword */
};

struct vg_conf_global {
	struct vg_conf_loc loc;
	bool present;
	const char *router_id;
	struct vg_conf_strs notification_email;
	struct vg_conf_loc notification_email_loc;
	const char *notification_email_from;
	const char *smtp_server;       /* address or host name as written */
	struct vg_addr smtp_server_addr; /* family VG_AF_NONE if a name */
	uint16_t smtp_server_port;     /* default 25 */
	const char *smtp_helo_name;
	vg_time smtp_connect_timeout_ns; /* default 30 s */
	enum vg_conf_tri smtp_alert, smtp_alert_vrrp, smtp_alert_checker;
	bool no_email_faults;
	bool no_checker_emails;        /* checker alerts only when a real server's state changes */
	struct vg_addr vrrp_mcast_group4; /* default 224.0.0.18 */
	struct vg_addr vrrp_mcast_group6; /* default ff02::12 */
	const char *default_interface;    /* default "eth0" */
	const char *vmac_prefix;          /* NULL: "vrrp" (vrrp/vmac.h) */
	const char *vmac_addr_prefix;     /* NULL: vmac_prefix */
	const char *net_namespace;        /* NULL: not written (vigild --namespace wins) */
	vg_time vrrp_garp_master_delay_ns;      /* default 5 s; 0: no second burst */
	uint32_t vrrp_garp_master_repeat;       /* default 5 */
	vg_time vrrp_garp_lower_prio_delay_ns;  /* default: master delay */
	uint32_t vrrp_garp_lower_prio_repeat;   /* default: master repeat */
	vg_time vrrp_garp_master_refresh_ns;    /* default 0: no refresh */
	uint32_t vrrp_garp_master_refresh_repeat; /* default 1 */
	vg_time vrrp_garp_interval_ns;          /* default 0 */
	vg_time vrrp_gna_interval_ns;           /* default 0 */
	bool vrrp_min_garp;
	uint32_t vrrp_down_timer_adverts;       /* default 3 */
	enum vg_conf_tri vrrp_lower_prio_no_advert, vrrp_higher_prio_send_advert;
	enum vg_conf_tri vrrp_notify_priority_changes; /* default of notify_priority_changes */
	uint8_t vrrp_version;                   /* default 2 */
	bool vrrp_strict;
	struct vg_conf_loc vrrp_strict_loc;
	bool vrrp_check_unicast_src;
	bool vrrp_skip_check_adv_addr;
	bool enable_script_security;
	const char *script_user;
	const char *script_group;
	vg_time vrrp_startup_delay_ns;
	bool dynamic_interfaces;
	bool linkbeat_use_polling; /* top level (keepalived's place) or global_defs: poll every interface */
	bool lvs_flush;
	/*
	 * Process tuning, keepalived.conf(5) global_defs, range-checked with
	 * keepalived 2.2.7's ranges (also kept verbatim in extra for readers
	 * that predate these fields).
	 */
	struct vg_conf_num vrrp_priority, checker_priority, bfd_priority;          /* nice, -20..19 */
	struct vg_conf_num vrrp_rt_priority, checker_rt_priority, bfd_rt_priority; /* SCHED_RR 1..99 (clamped) */
	struct vg_conf_num vrrp_rlimit_rttime, checker_rlimit_rttime, bfd_rlimit_rttime; /* us, 2..2^32-1 */
	struct vg_conf_num max_auto_priority;       /* -1..99 */
	struct vg_conf_num min_auto_priority_delay; /* us, 1..10000000 */
	struct vg_conf_num startup_script_timeout, shutdown_script_timeout; /* s, 1..1000 */
	struct vg_conf_num vrrp_netlink_cmd_rcv_bufs, vrrp_netlink_monitor_rcv_bufs, lvs_netlink_cmd_rcv_bufs,
		lvs_netlink_monitor_rcv_bufs, process_monitor_rcv_bufs; /* bytes, 0..2^32-1 */
	struct vg_conf_num vrrp_rx_bufs_multiplier; /* 1..2^32-1 */
	struct vg_conf_num random_seed;             /* 0..2^32-1 */
	struct vg_conf_num nftables_priority, nftables_ipvs_priority; /* int32 */
	struct vg_conf_num nftables_ipvs_start_fwmark; /* 1..2^32-1 */
	/*
	 * nftables [TABLE]: the no_accept drop in keepalived's layout, in tables
	 * ip/ip6 TABLE (default "keepalived"); NULL: vigild's own inet vigild.
	 * vrrp_iptables sets "keepalived" as keepalived 2.2.7 built without
	 * iptables does. Both kept verbatim in extra as well.
	 */
	const char *nftables;
	struct vg_conf_loc nftables_loc;
	bool nftables_from_iptables; /* set by vrrp_iptables */
	bool nftables_counters, nftables_ifindex;
	bool disable_local_igmp;     /* igmp_link_local_mcast_reports 0 while running */
	struct vg_conf_kvs *extra;
};

/* ---- tracked objects ---- */
struct vg_conf_vrrp_script {
	struct vg_conf_loc loc;
	const char *name;
	struct vg_conf_script script;   /* script.cmd NULL if missing (keepalived drops it) */
	vg_time interval_ns;            /* default 1 s */
	vg_time timeout_ns;             /* default: interval */
	bool timeout_set;
	int32_t weight;                 /* default 0: failure means FAULT */
	bool weight_reverse;
	uint32_t rise, fall;            /* default 1, 1 */
	bool init_fail;
	struct vg_conf_kvs *extra;
};

struct vg_conf_track_file {
	struct vg_conf_loc loc;
	const char *name;
	const char *file;
	int32_t weight;          /* default 1 */
	bool weight_reverse;
	bool init_file;
	int64_t init_value;
	bool init_overwrite;
	bool deprecated_keyword; /* written as vrrp_track_file */
	struct vg_conf_kvs *extra;
};

enum __attribute__((packed)) vg_conf_param_match {
	VG_PARAM_MATCH_EXACT = 0,
	VG_PARAM_MATCH_PARTIAL,
	VG_PARAM_MATCH_INITIAL,
};

struct vg_conf_track_process {
	struct vg_conf_loc loc;
	const char *name;
	struct vg_conf_strs process; /* name then parameters */
	enum vg_conf_param_match param_match;
	bool param_match_set;
	int32_t weight;              /* default 1 */
	bool weight_reverse;
	uint32_t quorum;             /* default 1 */
	uint32_t quorum_max;         /* default UINT32_MAX */
	vg_time fork_delay_ns, terminate_delay_ns;
	bool full_command;
	struct vg_conf_kvs *extra;
};

struct vg_conf_bfd_instance {
	struct vg_conf_loc loc;
	const char *name;
	struct vg_addr neighbor_ip, source_ip;
	uint32_t min_rx_us, min_tx_us, idle_tx_us; /* ms with us resolution in the file (defaults 10, 10, 1000 ms) */
	uint8_t multiplier;                       /* default 5 */
	bool passive;
	uint8_t ttl;                              /* ttl / hoplimit; 0: 255 (IPv4) or 64 (IPv6) as keepalived */
	int16_t max_hops;                         /* -1..255, default 0 */
	bool vrrp, checker;                       /* events only to that side; neither: both */
	int32_t weight;
	bool weight_reverse;
	struct vg_conf_kvs *extra;
};

/* One line of track_interface/track_script/track_file/track_process/track_bfd. */
struct vg_conf_track_ref {
	struct vg_conf_loc loc;
	const char *name;
	int32_t weight;           /* as written, if weight_set */
	bool weight_set;
	bool reverse;
	int32_t weight_effective; /* after defaults and sync-group/owner rules */
};

struct vg_conf_track_refs {
	struct vg_conf_track_ref *items;
	uint32_t count;
	uint32_t cap;
};

struct vg_conf_tracking {
	struct vg_conf_track_refs interfaces, scripts, files, processes, bfds;
};

/* ---- sync groups ---- */
struct vg_conf_sync_group {
	struct vg_conf_loc loc;
	const char *name;
	struct vg_conf_strs group;     /* instance names */
	struct vg_conf_loc group_loc;
	struct vg_conf_tracking track;
	struct vg_conf_script *notify_master, *notify_backup, *notify_fault, *notify_stop,
		*notify_deleted, *notify;
	bool notify_deleted_set;
	enum vg_conf_tri notify_priority_changes, smtp_alert;
	bool global_tracking;
	bool sync_group_tracking_weight;
	struct vg_conf_kvs *extra;
};

struct vg_conf_garp_group {
	struct vg_conf_loc loc;
	vg_time garp_interval_ns, gna_interval_ns;
	const char *interface;
	struct vg_conf_strs interfaces;
	struct vg_conf_kvs *extra;
};

/* ---- vrrp_instance ---- */
enum __attribute__((packed)) vg_conf_state {
	VG_CONF_STATE_BACKUP = 0, /* keepalived's initial state when none is written */
	VG_CONF_STATE_MASTER = 1,
};

enum __attribute__((packed)) vg_conf_auth {
	VG_CONF_AUTH_NONE = 0,
	VG_CONF_AUTH_PASS,
	VG_CONF_AUTH_AH,
};

/* An entry of virtual_ipaddress / virtual_ipaddress_excluded. */
struct vg_conf_vip {
	struct vg_conf_loc loc;
	struct vg_addr addr;
	uint8_t prefix_len;      /* /32 or /128 when not written */
	bool prefix_set;
	struct vg_addr brd;      /* family VG_AF_NONE if not written */
	char brd_sign;           /* '+' or '-' for "brd +", "brd -", else 0 */
	struct vg_addr peer;
	uint8_t peer_prefix_len;
	const char *dev;
	const char *scope;
	const char *label;
	const char *track_group;
	bool use_vmac, home, nodad, mngtmpaddr, noprefixroute, autojoin, no_track;
	int64_t preferred_lft;   /* seconds; -1 forever; -2 not written */
};

struct vg_conf_vips {
	struct vg_conf_vip *items;
	uint32_t count;
	uint32_t cap;
};

/*
 * Routes and rules (virtual_routes, virtual_rules, static_routes,
 * static_rules), typed at parse time: keepalived.conf(5) "Static
 * routes/addresses/rules" and ip-route(8) / ip-rule(8). Numeric codes are
 * the kernel's ABI values (<linux/rtnetlink.h>, <linux/fib_rules.h>); the
 * core names them here because it includes no kernel header, and the Linux
 * backend asserts that they are equal (backends/linux/netlink/spec.c).
 */
enum {
	VG_RTN_UNICAST = 1, VG_RTN_LOCAL, VG_RTN_BROADCAST, VG_RTN_ANYCAST, VG_RTN_MULTICAST,
	VG_RTN_BLACKHOLE, VG_RTN_UNREACHABLE, VG_RTN_PROHIBIT, VG_RTN_THROW, VG_RTN_NAT,
	VG_RTN_XRESOLVE,
};
enum { VG_RT_TABLE_DEFAULT = 253, VG_RT_TABLE_MAIN = 254, VG_RT_TABLE_LOCAL = 255 };
enum { VG_RT_SCOPE_UNIVERSE = 0, VG_RT_SCOPE_SITE = 200, VG_RT_SCOPE_LINK = 253,
       VG_RT_SCOPE_HOST = 254, VG_RT_SCOPE_NOWHERE = 255 };
enum { VG_RTPROT_BOOT = 3, VG_RTPROT_KEEPALIVED = 18 };
/* Route metrics: RTAX_* (the index in vg_conf_iproute.metrics). */
enum {
	VG_RTAX_LOCK = 1, VG_RTAX_MTU, VG_RTAX_WINDOW, VG_RTAX_RTT, VG_RTAX_RTTVAR, VG_RTAX_SSTHRESH,
	VG_RTAX_CWND, VG_RTAX_ADVMSS, VG_RTAX_REORDERING, VG_RTAX_HOPLIMIT, VG_RTAX_INITCWND,
	VG_RTAX_FEATURES, VG_RTAX_RTO_MIN, VG_RTAX_INITRWND, VG_RTAX_QUICKACK, VG_RTAX_CC_ALGO,
	VG_RTAX_FASTOPEN_NO_COOKIE, VG_RTAX_COUNT,
};
enum { VG_FR_ACT_UNSPEC = 0, VG_FR_ACT_TO_TBL, VG_FR_ACT_GOTO, VG_FR_ACT_NOP,
       VG_FR_ACT_BLACKHOLE = 6, VG_FR_ACT_UNREACHABLE, VG_FR_ACT_PROHIBIT };

#define VG_CONF_NEXTHOPS_MAX 16 /* nexthop groups of one route (and "via A or B": 2) */

/* A routing table as written: an id, or a name to resolve when the plan is built. */
struct vg_conf_rt_table {
	uint32_t id;      /* numeric or built-in (main, local, default, unspec); main if not written */
	const char *name; /* non-NULL: a name from iproute2's rt_tables, id unset */
	struct vg_conf_loc name_loc; /* where the name is written (diagnostics at plan time) */
};

struct vg_conf_nexthop {
	struct vg_addr via;   /* family VG_AF_NONE: no gateway */
	const char *dev;      /* NULL: not written */
	uint16_t weight;      /* 1..256 as written, 0 if not written */
	bool onlink;
	bool realms_set;
	uint32_t realms;      /* (from << 16) | to */
};

enum __attribute__((packed)) vg_conf_route_op {
	VG_ROUTE_PREPEND = 0, /* keepalived's default: the kernel's NLM_F_CREATE without EXCL/APPEND */
	VG_ROUTE_ADD,         /* "add": NLM_F_EXCL, like ip route add */
	VG_ROUTE_APPEND,      /* "append": NLM_F_APPEND */
};

struct vg_conf_iproute {
	uint8_t family;            /* VG_AF_INET (also when nothing says) or VG_AF_INET6 */
	uint8_t type;              /* VG_RTN_*, unicast if not written */
	uint8_t dst_len;
	uint8_t from_len;
	struct vg_addr dst;        /* "default": zero bytes, dst_len 0 */
	struct vg_addr src;        /* "src": RTA_PREFSRC; family NONE if not written */
	struct vg_addr from;       /* "from" (IPv6 source-specific): RTA_SRC */
	struct vg_addr via;        /* "via"/"gw"; family NONE: none (or multipath) */
	const char *dev;           /* "dev" / "oif", NULL if not written */
	const char *vrf;           /* "vrf NAME": the table of that VRF device */
	const char *track_group;   /* static_routes only */
	const char *congctl;       /* "congctl [lock] NAME" (RTAX_CC_ALGO) */
	struct vg_conf_rt_table table;
	uint32_t metric;           /* "metric"/"priority"/"preference" */
	uint32_t expires;          /* IPv6, seconds */
	uint32_t realms;           /* (from << 16) | to */
	uint32_t metrics[VG_RTAX_COUNT]; /* index VG_RTAX_*, valid where metrics_set has the bit */
	uint32_t metrics_set;      /* 1 << VG_RTAX_* */
	uint32_t lock;             /* "lock" on a metric: 1 << VG_RTAX_* (RTAX_LOCK) */
	uint8_t tos;
	uint8_t protocol;          /* boot (vigil's default) if not written */
	uint8_t scope;             /* written, else computed like ip(8) */
	uint8_t pref;              /* IPv6 router preference: 0 medium, 1 high, 3 low (RFC 4191) */
	uint8_t ttl_propagate;
	enum vg_conf_route_op op;
	bool has_metric, has_tos, has_protocol, has_scope, has_expires, has_realms, has_pref,
		has_ttl_propagate, onlink, no_track;
	bool via_or;               /* written as "via A or B" (deprecated) */
	uint8_t nexthop_count;     /* 0: one path (via, dev); else multipath ("nexthop", "or") */
	struct vg_conf_nexthop nexthops[VG_CONF_NEXTHOPS_MAX];
};

struct vg_conf_iprule {
	uint8_t family;            /* from the addresses / inet6; VG_AF_INET if nothing says */
	uint8_t action;            /* VG_FR_ACT_* */
	uint8_t from_len, to_len;
	uint8_t tos;
	uint8_t protocol;
	uint8_t ip_proto;
	bool has_from, has_to, has_priority, has_fwmark, has_fwmask, has_tos, has_realms,
		has_suppress_prefixlen, has_suppress_ifgroup, has_tunnel_id, has_uidrange, has_sport,
		has_dport, has_protocol, has_ip_proto, l3mdev, invert, no_track;
	struct vg_addr from, to;
	struct vg_conf_rt_table table;
	uint32_t priority;         /* "preference" / "priority" / "order" */
	uint32_t goto_target;
	uint32_t fwmark, fwmask;   /* fwmask 0xffffffff when not written */
	uint32_t realms;
	uint32_t suppress_prefixlen, suppress_ifgroup;
	uint64_t tunnel_id;
	uint32_t uid_start, uid_end;
	uint16_t sport_start, sport_end, dport_start, dport_end;
	const char *iif, *oif;     /* "dev"/"iif"/"iifname", "oif"/"oifname" */
	const char *track_group;   /* static_rules only */
};

/*
 * An entry of virtual_routes / virtual_rules / static_routes / static_rules:
 * the words as written (for display and comparison) and, when the line
 * parsed, the typed route (route lists) or rule (rule lists). A line with an
 * error keeps its words and has neither (keepalived skips it).
 */
struct vg_conf_route {
	struct vg_conf_loc loc;
	struct vg_conf_strs args;
	bool no_track;
	bool has_dst;
	struct vg_addr dst;      /* routes: destination, rules: "to"/"from" if any */
	uint8_t dst_prefix_len;
	const struct vg_conf_iproute *route;
	const struct vg_conf_iprule *rule;
};

struct vg_conf_routes {
	struct vg_conf_route *items;
	uint32_t count;
	uint32_t cap;
};

struct vg_conf_unicast_peer {
	struct vg_conf_loc loc;
	struct vg_addr addr;
	int16_t min_ttl, max_ttl; /* -1 when not written */
};

struct vg_conf_unicast_peers {
	struct vg_conf_unicast_peer *items;
	uint32_t count;
	uint32_t cap;
};

/* A keyword that was ignored with its block (a typo such as "virtual _ipaddress"). */
struct vg_conf_ignored {
	struct vg_conf_loc loc;
	const char *text;       /* the keyword as written (tokens before '{') */
	const char *suggestion; /* the keyword probably meant, or NULL */
};

struct vg_conf_ignoreds {
	struct vg_conf_ignored *items;
	uint32_t count;
	uint32_t cap;
};

struct vg_conf_instance {
	struct vg_conf_loc loc;
	const char *name;

	enum vg_conf_state state;         /* written (BACKUP if not written) */
	bool state_set;
	struct vg_conf_loc state_loc;
	const char *interface;            /* NULL if not written (unicast only) */
	struct vg_conf_loc interface_loc;
	const char *vrf;
	uint8_t family;                   /* VG_AF_INET/6, from the VIPs (else unicast, else 4) */

	uint8_t virtual_router_id;        /* 1..255; 0 = not (validly) written */
	struct vg_conf_loc vrid_loc;
	uint8_t priority_written;         /* 0 if not written */
	uint8_t priority;                 /* applies: default 100 */
	struct vg_conf_loc priority_loc;
	uint32_t adver_int_cs;            /* centiseconds, default 100 */
	struct vg_conf_loc adver_int_loc;
	uint8_t version;                  /* applies: written, else global; always 3 for IPv6 */
	uint8_t version_written;          /* 0 if not written */
	bool version_set;

	enum vg_conf_auth auth_type_written;
	enum vg_conf_auth auth_type;      /* applies (strict mode drops authentication) */
	const char *auth_pass_written;
	const char *auth_pass;            /* first 8 bytes: what goes on the wire */
	struct vg_conf_loc auth_loc;

	struct vg_conf_vips vips;
	struct vg_conf_loc vips_loc;      /* the virtual_ipaddress keyword */
	bool vips_block_seen;
	struct vg_conf_vips evips;
	struct vg_conf_routes routes, rules;

	struct vg_conf_tracking track;
	bool dont_track_primary;
	bool track_src_ip;
	bool linkbeat_use_polling;        /* (deprecated) poll the instance's interface (parse_link.c) */
	uint8_t debug;                    /* 0..4: shown in the state dump only, as keepalived */

	struct vg_addr mcast_src_ip, unicast_src_ip, mcast_dst_ip;
	struct vg_conf_loc unicast_src_loc;
	struct vg_conf_unicast_peers unicast_peers;
	struct vg_conf_loc unicast_peer_loc;
	bool unicast_peer_block_seen;
	bool unicast_fault_no_peer;
	int16_t unicast_ttl;              /* -1 when not written */
	bool check_unicast_src;

	bool use_vmac;
	const char *vmac_name;
	const char *vmac_mac;
	bool use_vmac_addr;
	bool vmac_xmit_base;
	struct vg_conf_loc vmac_xmit_base_loc;

	/* use_ipvlan [NAME] [ADDR[/LEN]] [bridge|private|vepa] (keepalived 2.2.7: an L2 ipvlan) */
	bool use_ipvlan;
	const char *ipvlan_name;          /* NULL: named like a vmac, PREFIX.VRID */
	struct vg_addr ipvlan_addr;       /* family NONE: none written */
	uint8_t ipvlan_prefix_len;
	uint8_t ipvlan_flags;             /* IFLA_IPVLAN_FLAGS: 0 bridge (default), 1 private, 2 vepa */
	struct vg_conf_loc ipvlan_loc;

	vg_time garp_master_delay_ns;     /* instance value, else global */
	uint32_t garp_master_repeat;
	vg_time garp_lower_prio_delay_ns;
	uint32_t garp_lower_prio_repeat;
	vg_time garp_master_refresh_ns;
	uint32_t garp_master_refresh_repeat;
	vg_time gna_interval_ns;
	uint32_t down_timer_adverts;      /* default 3 */
	enum vg_conf_tri lower_prio_no_advert, higher_prio_send_advert;

	enum vg_conf_tri accept_written;  /* accept / no_accept as written */
	bool accept;                      /* applies */
	struct vg_conf_loc accept_loc;
	bool nopreempt_written;
	bool nopreempt;                   /* applies */
	struct vg_conf_loc nopreempt_loc;
	vg_time preempt_delay_written_ns;
	vg_time preempt_delay_ns;         /* applies */
	struct vg_conf_loc preempt_delay_loc;
	enum vg_conf_tri skip_check_adv_addr;
	enum vg_conf_tri strict_mode_written;
	bool strict;                      /* strict_mode, else global vrrp_strict */
	bool promote_secondaries;

	struct vg_conf_script *notify_master, *notify_backup, *notify_fault, *notify_stop,
		*notify_deleted, *notify, *notify_master_rx_lower_pri;
	bool notify_deleted_set;          /* notify_deleted written, with or without a script */
	enum vg_conf_tri notify_priority_changes, smtp_alert;

	const char *sync_group;           /* name of the group it belongs to, or NULL */
	struct vg_conf_ignoreds ignored;  /* blocks lost to a typo */
	struct vg_conf_kvs *extra;
};

#include "conf/conf_lvs.h" /* ---- LVS: virtual_server, real_server, checkers ---- */

/* ---- the whole file ---- */
/*
 * A use of a keyword vigild does not act on: where, and its entry in the
 * keyword status table (keyword_status.h). Uses past the limit are counted.
 */
#define VG_CONF_UNSUPPORTED_MAX 1024
struct vg_conf_kw_use {
	struct vg_conf_loc loc;
	uint16_t entry;
};

struct vg_conf_kw_uses {
	struct vg_conf_kw_use *items;
	uint32_t count, cap;
	uint32_t dropped;
};

/*
 * An interface named in linkbeat_interfaces (its link state polled) or in
 * interface_up_down_delays (its up/down changes acted on after a delay);
 * one entry per interface, both blocks merged (parse_link.c).
 */
enum vg_conf_linkbeat_type { VG_LB_ANY = 0, VG_LB_MII, VG_LB_ETHTOOL, VG_LB_IOCTL };
struct vg_conf_link_if {
	struct vg_conf_loc loc;
	const char *name;
	bool linkbeat;
	uint8_t lb_type;        /* enum vg_conf_linkbeat_type */
	bool delays;
	vg_time down_delay_ns;  /* 0..255 s */
	vg_time up_delay_ns;
};
struct vg_conf_link_ifs {
	struct vg_conf_link_if *items;
	uint32_t count, cap;
};

/* track_group NAME { group { INSTANCE ... } } (parse_track_group.c) */
struct vg_conf_track_group {
	struct vg_conf_loc loc;
	const char *name;
	struct vg_conf_strs instances;
};

struct vg_conf {
	struct vg_arena arena;
	struct vg_arena lvs_arena; /* the real_server blocks (vg_conf_drop_lvs) */
	const char *path;  /* the main file */
	struct vg_conf_global global;
	struct { struct vg_conf_vrrp_script *items; uint32_t count, cap; } scripts;
	struct { struct vg_conf_track_file *items; uint32_t count, cap; } track_files;
	struct { struct vg_conf_track_process *items; uint32_t count, cap; } track_processes;
	struct { struct vg_conf_bfd_instance *items; uint32_t count, cap; } bfd_instances;
	struct { struct vg_conf_sync_group *items; uint32_t count, cap; } sync_groups;
	struct { struct vg_conf_garp_group *items; uint32_t count, cap; } garp_groups;
	struct { struct vg_conf_instance *items; uint32_t count, cap; } instances;
	struct { struct vg_conf_vsg *items; uint32_t count, cap; } vs_groups;
	struct { struct vg_conf_virtual_server *items; uint32_t count, cap; } virtual_servers;
	struct vg_conf_vips static_addrs;    /* static_ipaddress */
	struct vg_conf_routes static_routes; /* entries have .route */
	struct vg_conf_routes static_rules;  /* entries have .rule */
	struct vg_conf_link_ifs link_ifs;    /* linkbeat_interfaces, interface_up_down_delays */
	struct { struct vg_conf_track_group *items; uint32_t count, cap; } track_groups;
	struct vg_conf_kvs *extra; /* accepted top-level blocks vigil does not type; NULL: none */
	struct vg_conf_kw_uses unsupported; /* keywords vigild does not act on (keyword_status.h) */
	struct vg_conf_strs files; /* every file read, main file first */
	struct vg_conf_loader loader; /* what read them: diagnostics read their lines again */
	bool random_used; /* a ${_RANDOM} was expanded: the tree depends on random_seed, not only on the files */
	bool lvs_dropped; /* vg_conf_drop_lvs: the real_server blocks are gone */
};

/*
 * Parse the configuration `path` (read through opts->loader). On return
 * *out holds a tree (even when the configuration has errors, so a linter can
 * look at what was understood) unless out of memory or the main file could
 * not be read; diagnostics are appended to `diags`.
 * Returns 0, VG_CONF_ERR_INVALID (errors were reported), VG_CONF_ERR_NOMEM
 * or VG_CONF_ERR_IO.
 */
int vg_conf_parse(const char *path, const struct vg_conf_options *opts, struct vg_conf **out,
		  struct vg_diags *diags);

void vg_conf_free(struct vg_conf *conf);

/*
 * Free the real_server blocks (lvs_arena): every virtual server keeps all
 * its own settings and loses its real servers (real_servers becomes
 * empty). Everything else stays, and so do the keyword records
 * (`unsupported`: vg_conf_keyword_warnings gives the same warnings) and
 * the interned strings. Only for a daemon whose drivers have planned: the
 * caller has dropped every pointer it held into those blocks (the LVS
 * map's element pointers, lvs/from_conf.h). Idempotent.
 */
void vg_conf_drop_lvs(struct vg_conf *conf);

/*
 * The tree keeps where each element was written (file, line, column), not
 * the text of the line: this gives the diagnostics diags->items[from..] that
 * have a line but no text a copy of their line, read again through the
 * loader that read `conf` (one pass over each file named). vg_conf_parse,
 * vg_conf_lint and vg_cluster_check do it for what they report; call it
 * after other checks that report on the tree. Returns 0 or -1 (out of
 * memory; diagnostics stay without text).
 */
int vg_conf_diags_fill_text(const struct vg_conf *conf, struct vg_diags *diags, uint32_t from);

/* Lookups by name (NULL when absent). */
const struct vg_conf_kv *vg_conf_extra_find(const struct vg_conf_kvs *extra, const char *keyword);
const struct vg_conf_vrrp_script *vg_conf_find_script(const struct vg_conf *c, const char *name);
const struct vg_conf_instance *vg_conf_find_instance(const struct vg_conf *c, const char *name);
const struct vg_conf_track_file *vg_conf_find_track_file(const struct vg_conf *c, const char *name);
const struct vg_conf_track_process *vg_conf_find_track_process(const struct vg_conf *c,
							    const char *name);

/*
 * Routing table names the core resolves itself: a number (decimal or 0x
 * hex) or a built-in name of iproute2 (unspec 0, default 253, main 254,
 * local 255). Returns 0 and *id, or -1 (a name only rt_tables can tell).
 */
int vg_conf_rt_table_builtin(const char *name, uint32_t *id);

/*
 * Routing table names the host knows (iproute2's rt_tables; the core reads
 * no file): what the plan resolves table names with.
 */
#define VG_RT_TABLE_NAMES_MAX 4096
#define VG_RT_TABLE_UNRESOLVED UINT32_MAX /* a name no table gave */
struct vg_rt_table_name {
	const char *name;
	uint32_t id;
};
struct vg_rt_tables {
	const struct vg_rt_table_name *items;
	uint32_t count;
};

/* The id of t (its number, a built-in name, or a name in tables, which may be NULL); 0 or -1. */
int vg_conf_rt_table_resolve(const struct vg_conf_rt_table *t, const struct vg_rt_tables *tables,
			     uint32_t *id);

/* Names of enum values, as keepalived writes them. */
const char *vg_conf_state_name(enum vg_conf_state s);
const char *vg_conf_auth_name(enum vg_conf_auth a);
const char *vg_conf_lb_kind_name(enum vg_conf_lb_kind k);
/*
 * The options after `lvs_method TUN` (`type gue port 6080 csum`) as
 * keepalived 2.2.7 reads them (check_parser.c svr_forwarding_handler):
 * 0, or -1 with `*why` set to keepalived's message and `*bad` to the index
 * of the word at fault (`out` then untouched).
 */
int vg_conf_tun_parse(const char *const *words, uint32_t n, struct vg_conf_tun *out, const char **why, uint32_t *bad);
const char *vg_conf_proto_name(enum vg_conf_proto p);
const char *vg_conf_checker_name(enum vg_conf_checker_type t);

#endif
