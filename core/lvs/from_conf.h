/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the parsed keepalived.conf (conf/conf.h) to LVS service configs.
 *
 * vg_lvs_from_conf() turns every `virtual_server` block of a parsed tree
 * into a `vg_lvs_service_config` (lvs/service.h), the plain data the
 * service state machine runs on, and expands `virtual_server_group`s into
 * the IPVS services the kernel would hold (keys):
 *   - an address line `192.0.2.1 80` is one key; a range `192.0.2.1-10 80`
 *     (or `a.b.c.d-e.f.g.h`, `a.b.c.d/nn`, IPv6 `x::1-ff`) is one key per
 *     address, at most VG_LVS_GROUP_KEYS_MAX per group;
 *   - `fwmark N [inet|inet6]` is one fwmark key;
 *   - a plain `virtual_server ADDR PORT` or `fwmark N` has one key.
 * Every key of a service shares its real servers and checkers (keepalived
 * runs each checker once per real server, not per key).
 *
 * What maps where: lb_algo/lvs_sched and its flags (flag-1..3, sh-port,
 * sh-fallback, mh-port, mh-fallback), lb_kind/lvs_method (also per real
 * server), protocol, ops, persistence_timeout and persistence_granularity
 * (a netmask, stored as a prefix length), quorum, hysteresis, quorum_up /
 * quorum_down, alpha, omega, ha_suspend, inhibit_on_failure (virtual
 * server default, real server override), sorry_server (+ port, inhibit,
 * lvs_method), weight, uthreshold, lthreshold, notify_up/notify_down; each
 * checker with delay_loop (checker, real server, else virtual server: the
 * parser resolves the inheritance), connect_timeout, retry or the
 * deprecated nb_get_retry, delay_before_retry, warmup, alpha,
 * fast_recovery, and for HTTP_GET / SSL_GET every url with status_code,
 * digest and regex / regex_no_match, FILE_CHECK's track_file and
 * BFD_CHECK's bfd_instance (by name; one not configured leaves the checker
 * out with a warning).
 *
 * Strings (script command lines, url paths, regex patterns) stay in the
 * tree; `struct vg_lvs_conf_service` keeps pointers to the tree elements
 * each index came from, until vg_lvs_conf_map_drop_tree (a daemon that
 * has planned frees the tree's real_server blocks: vg_conf_drop_lvs).
 * Errors are diagnostics with the configuration line (code "lvs-map"); a
 * virtual server with an error is left out.
 */
#ifndef VG_LVS_FROM_CONF_H
#define VG_LVS_FROM_CONF_H

#include <stdint.h>

#include "conf/conf.h"
#include "lvs/service.h"

#define VG_LVS_GROUP_KEYS_MAX 4096 /* IPVS services one virtual_server_group expands to */
/*
 * Virtual servers of one configuration. Storage is allocated by count (one
 * pool per kind for the whole map, sized from the tree), so this only bounds
 * the 16-bit service id the effects carry.
 */
#define VG_LVS_SERVICES_MAX 65535

/* One IPVS service as the kernel keys it. */
struct vg_lvs_vs_key {
	uint8_t kind;                /* VG_LVS_VS_ADDR or VG_LVS_VS_FWMARK */
	uint8_t family;              /* VG_AF_INET / VG_AF_INET6 */
	struct vg_addr addr;         /* VG_LVS_VS_ADDR */
	uint16_t port;               /* 0 = all ports */
	uint32_t fwmark;             /* VG_LVS_VS_FWMARK */
};

/* Where a real server was written, once the tree is gone: 8 bytes where a vg_conf_loc is 16. */
struct vg_lvs_rs_loc {
	uint32_t line;
	uint32_t file;               /* index in the service's rs_files */
};

/* cfg.rs, cfg.checker, cfg.url and the arrays below are slices of the map's pools. */
struct vg_lvs_conf_service {
	struct vg_lvs_service_config cfg;
	const struct vg_conf_virtual_server *vs;
	const struct vg_conf_real_server **rs;   /* cfg.rs_count entries */
	const struct vg_conf_checker **checker;  /* cfg.checker_count entries */
	const struct vg_conf_url **url;          /* cfg.url_count entries */
	const char **url_regex;      /* cfg.url_count: the url's regex pattern, NULL if none */
	/* after vg_lvs_conf_map_drop_tree: rs, checker, url and url_regex are NULL, and these hold
	   each real server's line and file (cfg.rs_count entries; the file names are the tree's,
	   which stay) and tunnel options (NULL when no real server of the map has any); NULL before */
	const struct vg_lvs_rs_loc *rs_loc;
	const char *const *rs_files;
	const struct vg_conf_tun *rs_tun;
	uint32_t key_first;          /* keys of this service in vg_lvs_conf_map.keys */
	uint32_t key_count;
};

/* keepalived's name of a mapped virtual server ("[192.0.2.1]:tcp:80", "FWM 7", "[GROUP]:0") in buf. */
const char *vg_lvs_conf_service_name(const struct vg_lvs_conf_service *cs, char *buf, size_t len);

/* The checkers' times (vg_lvs_checker_config.tm point here): blocks that never move. */
#define VG_LVS_TIMING_BLOCK 64
struct vg_lvs_timing_block {
	struct vg_lvs_timing_block *next;  /* the older block */
	uint32_t used;
	uint8_t type[VG_LVS_TIMING_BLOCK]; /* the checker type each was kept for */
	struct vg_lvs_timing t[VG_LVS_TIMING_BLOCK];
};

/* Storage the services' slices point into: one allocation per kind, sized by the tree's counts. */
struct vg_lvs_conf_pools {
	struct vg_lvs_rs_config *rs;
	const struct vg_conf_real_server **rs_conf;
	struct vg_lvs_checker_config *checker;
	const struct vg_conf_checker **checker_conf;
	struct vg_lvs_url *url;
	const struct vg_conf_url **url_conf;
	const char **url_regex;
	struct vg_lvs_rs_loc *rs_loc;      /* vg_lvs_conf_map_drop_tree */
	const char **rs_files;             /* the distinct file names of the real servers */
	struct vg_conf_tun *rs_tun;
	struct vg_lvs_timing_block *timing; /* the newest block, each its older one in next */
};

struct vg_lvs_conf_map {
	uint32_t count;
	struct vg_lvs_conf_service *svc;   /* count entries, allocated */
	uint32_t key_count;
	struct vg_lvs_vs_key *keys;        /* allocated */
	struct vg_lvs_conf_pools pool;
	bool tree_dropped;                 /* vg_lvs_conf_map_drop_tree */
};

/*
 * Map every virtual_server of `conf` into `out` (which the caller frees
 * with vg_lvs_conf_map_free, also after an error). Returns 0,
 * VG_LVS_EINVAL when an error diagnostic was added (the services without
 * errors are mapped), or VG_LVS_ENOMEM.
 */
int vg_lvs_from_conf(const struct vg_conf *conf, struct vg_lvs_conf_map *out, struct vg_diags *diags);
void vg_lvs_conf_map_free(struct vg_lvs_conf_map *m);

/*
 * Let go of the tree's real_server blocks (before vg_conf_drop_lvs): each
 * service's rs, checker, url and url_regex pointers go (NULL) with their
 * pools; each real server's loc and tunnel options (what the IPVS table
 * and its error lines read later; its address is in cfg.rs) are copied
 * into rs_loc and rs_tun. `vs` stays (vg_conf_drop_lvs keeps the virtual
 * servers). 0, or VG_LVS_ENOMEM (nothing changed: keep the tree).
 * Idempotent.
 */
int vg_lvs_conf_map_drop_tree(struct vg_lvs_conf_map *m);

/* A netmask (255.255.255.0, ffff:ffff::) as a prefix length; -1 if not contiguous. */
int vg_lvs_netmask_bits(const struct vg_addr *mask);

#endif
