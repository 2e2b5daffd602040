/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the typed configuration tree, part 2: virtual_server, real_server,
 * their checkers and virtual_server_group (keepalived.conf(5) LVS
 * CONFIGURATION).
 *
 * Included by conf/conf.h, after the generic pieces it uses (locations,
 * strings, scripts, key-value lists); include conf/conf.h, not this file.
 * Kept apart so the tree's header stays under a thousand lines: the VRRP
 * side and the whole file are in conf.h, the LVS side here.
 */
#ifndef VG_CONF_CONF_LVS_H
#define VG_CONF_CONF_LVS_H

#ifndef VG_CONF_CONF_H
#error "include conf/conf.h"
#endif

/* ---- LVS ---- */
enum __attribute__((packed)) vg_conf_lb_kind {
	VG_CONF_LB_NAT = 0, /* keepalived default */
	VG_CONF_LB_DR,
	VG_CONF_LB_TUN,
};

/* lvs_method TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum] (keepalived 2.2.7). */
enum __attribute__((packed)) vg_conf_tun_type {
	VG_CONF_TUN_IPIP = 0, /* IP_VS_CONN_F_TUNNEL_TYPE_IPIP, the default */
	VG_CONF_TUN_GUE,      /* _GUE: needs port */
	VG_CONF_TUN_GRE,      /* _GRE */
};

enum __attribute__((packed)) vg_conf_tun_csum {
	VG_CONF_TUN_NOCSUM = 0, /* IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM, the default */
	VG_CONF_TUN_CSUM = 1,   /* _CSUM (gue, gre) */
	VG_CONF_TUN_REMCSUM = 2, /* _REMCSUM (gue only) */
};

struct vg_conf_tun {
	uint16_t port;                 /* gue destination port, 0 for ipip / gre */
	enum vg_conf_tun_type type;
	enum vg_conf_tun_csum csum;
};

enum __attribute__((packed)) vg_conf_proto {
	VG_CONF_PROTO_NONE = 0, /* not written: keepalived 2.2.7 defaults to UDP with a warning */
	VG_CONF_PROTO_TCP,
	VG_CONF_PROTO_UDP,
	VG_CONF_PROTO_SCTP,
};

enum __attribute__((packed)) vg_conf_checker_type {
	VG_CHECK_TCP = 0,
	VG_CHECK_HTTP_GET,
	VG_CHECK_SSL_GET,
	VG_CHECK_SMTP,
	VG_CHECK_MISC,
	VG_CHECK_DNS,
	VG_CHECK_UDP,
	VG_CHECK_PING,
	VG_CHECK_FILE,
	VG_CHECK_BFD,
	VG_CHECK_TYPE_COUNT,
};

struct vg_conf_url {
	struct vg_conf_loc loc;
	const char *path;
	const char *digest;
	struct vg_conf_strs status_codes; /* as written, e.g. "200", "200-299" */
	const char *virtualhost;
	struct vg_conf_kvs *extra;
};

struct vg_conf_urls {
	struct vg_conf_url *items;
	uint32_t count;
	uint32_t cap;
};

/* Where a checker connects from and to, when written (most checkers use the real server's). */
struct vg_conf_check_conn {
	struct vg_addr connect_ip;     /* family NONE: the real server's */
	struct vg_addr bindto;         /* family NONE: not written */
	const char *bind_if;
	uint32_t fwmark;
	uint16_t bind_port;
};

/*
 * One health checker. A large director has one per real server, so the
 * fields only one type has share storage: the anonymous members of the
 * union below are valid for the types their comments name (`type` says
 * which), and the common fields are ordered by alignment.
 */
struct vg_conf_checker {
	struct vg_conf_loc loc;
	vg_time connect_timeout_ns;    /* applies (checker, else real/virtual server, else 5 s) */
	vg_time delay_before_retry_ns;
	vg_time warmup_ns;
	vg_time delay_loop_ns;
	struct vg_conf_check_conn *conn; /* NULL: none of its keywords written */
	struct vg_conf_kvs *extra;
	union {
		struct { /* HTTP_GET / SSL_GET */
			struct vg_conf_urls urls;
			const char *http_protocol;
			const char *virtualhost;
		};
		const char *helo_name; /* SMTP_CHECK */
		struct { /* DNS_CHECK */
			const char *dns_type;
			const char *dns_name;
		};
		struct { /* MISC_CHECK */
			struct vg_conf_script *misc_path; /* NULL until written */
			vg_time misc_timeout_ns;
			bool misc_dynamic;
		};
		struct { /* UDP_CHECK */
			const char *payload;
			const char *require_reply_hex;
			uint32_t min_reply_length, max_reply_length; /* max: default 255 */
			bool require_reply;
		};
		struct { /* FILE_CHECK / BFD_CHECK */
			const char *track_file;  /* FILE_CHECK */
			const char *bfd_name;    /* BFD_CHECK */
			int32_t weight;          /* default 1 */
			bool dynamic;
			bool weight_reverse;
			bool weight_set;         /* FILE_CHECK: written (else the track_file's) */
		};
	};
	uint32_t retry;                /* applies (see keepalived defaults per type) */
	uint16_t connect_port;         /* applies: written, else the real server's */
	enum vg_conf_checker_type type;
	enum vg_conf_tri alpha, log_all_failures;
	bool connect_timeout_set;
	bool retry_set;
	bool retry_deprecated;         /* written as nb_get_retry */
	bool delay_before_retry_set;
	bool warmup_set;
	bool delay_loop_set;
	bool enable_sni;               /* HTTP_GET / SSL_GET */
};

struct vg_conf_checkers {
	struct vg_conf_checker *items;
	uint32_t count;
	uint32_t cap;
};

/* Checker options written in a real_server block: defaults for its checkers. */
struct vg_conf_check_defaults {
	/* VG_TIME_NEVER / UINT32_MAX when not written (!*_set) */
	vg_time connect_timeout_ns, delay_before_retry_ns, warmup_ns, delay_loop_ns;
	uint32_t retry;
	bool connect_timeout_set, delay_before_retry_set, warmup_set, delay_loop_set;
	bool retry_set;
};

struct vg_conf_real_server {
	/* (fields ordered by alignment: 100,000 of these in a large director) */
	struct vg_conf_loc loc;
	/* NULL when the block writes none (most do not: the checkers or the virtual server do) */
	struct vg_conf_check_defaults *check_defaults;
	struct vg_conf_script *notify_up, *notify_down;
	const char *virtualhost;
	struct vg_conf_checkers checkers;
	struct vg_conf_track_refs track_files;
	struct vg_conf_kvs *extra;
	int32_t weight;                /* default 1 */
	uint32_t uthreshold, lthreshold;
	struct vg_addr addr;
	uint16_t port;
	enum vg_conf_lb_kind lb_kind;  /* default: the virtual server's */
	struct vg_conf_tun tun;        /* lb_kind TUN options; default: the virtual server's with its lb_kind */
	enum vg_conf_tri smtp_alert, alpha, inhibit_on_failure;
	bool port_set;
	bool lb_kind_set;
};

struct vg_conf_real_servers {
	struct vg_conf_real_server *items;
	uint32_t count;
	uint32_t cap;
};

enum __attribute__((packed)) vg_conf_vs_kind {
	VG_CONF_VS_ADDR = 0,
	VG_CONF_VS_FWMARK,
	VG_CONF_VS_GROUP,
};

struct vg_conf_virtual_server {
	struct vg_conf_loc loc;
	enum vg_conf_vs_kind kind;
	struct vg_addr addr;
	uint16_t port;
	bool port_set;
	uint32_t fwmark;
	const char *group;
	const char *lb_algo;              /* "rr", "wrr", ...; "wlc" when not written */
	bool lb_algo_set;
	enum vg_conf_lb_kind lb_kind;
	bool lb_kind_set;                 /* lb_kind / lvs_method written (keepalived warns when not) */
	struct vg_conf_tun tun;           /* lb_kind TUN options */
	enum vg_conf_proto protocol;      /* applies: UDP when not written (keepalived 2.2.7) */
	bool protocol_set;
	vg_time delay_loop_ns;            /* default 60 s */
	bool delay_loop_set;
	uint32_t persistence_timeout_s;   /* 0: not persistent; "persistence_timeout" alone: 360 */
	bool persistence_set;
	struct vg_addr persistence_granularity;
	const char *persistence_engine;
	bool ha_suspend, alpha, omega, ops, inhibit_on_failure;
	uint32_t quorum;                  /* default 1 */
	uint32_t hysteresis;
	struct vg_conf_script *quorum_up, *quorum_down;
	enum vg_conf_tri smtp_alert;
	const char *virtualhost;
	uint8_t ip_family;
	bool has_sorry_server;
	struct vg_addr sorry_server;
	uint16_t sorry_server_port;
	bool sorry_server_inhibit;
	/* defaults for the checkers: VG_TIME_NEVER / UINT32_MAX when not written (!*_set) */
	vg_time connect_timeout_ns, delay_before_retry_ns, warmup_ns;
	bool connect_timeout_set, delay_before_retry_set, warmup_set;
	uint32_t retry;
	bool retry_set;
	struct vg_conf_real_servers real_servers;
	struct vg_conf_kvs *extra;
};

/* One line of a virtual_server_group. */
struct vg_conf_vsg_entry {
	struct vg_conf_loc loc;
	bool is_fwmark;
	uint32_t fwmark;
	uint8_t fwmark_family;       /* 0, VG_AF_INET or VG_AF_INET6 */
	struct vg_addr first, last;  /* a range; first == last for one address */
	uint16_t port;
};

struct vg_conf_vsg {
	struct vg_conf_loc loc;
	const char *name;
	struct {
		struct vg_conf_vsg_entry *items;
		uint32_t count;
		uint32_t cap;
	} entries;
};

#endif
